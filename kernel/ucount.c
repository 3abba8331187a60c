// SPDX-License-Identifier: MIT
/*
 * Per-user counts (Linux's kernel/ucount.c, one user namespace): a
 * struct ucounts per uid that owns something counted, found in a small
 * hash table. include/shoal/user_namespace.h has the model.
 *
 * Locking: ucounts_lock (spin, process context only, unranked leaf)
 * guards the table and the reference counts; the counts are atomics,
 * so a charge past the limit is taken back at once (Linux's way).
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/spinlock.h>
#include <shoal/user_namespace.h>

#define UCOUNTS_HASHBITS        6

/* Linux's init_user_ns defaults; fs/notify/inotify.c's sysctls change them */
unsigned long ucount_max[UCOUNT_COUNTS] = {
	[UCOUNT_INOTIFY_INSTANCES] = 128,
	[UCOUNT_INOTIFY_WATCHES] = 8192,
};

static DEFINE_SPINLOCK(ucounts_lock);
static struct hlist_head ucounts_hashtable[1 << UCOUNTS_HASHBITS];

static struct hlist_head *ucounts_hashentry(uid_t uid)
{
	return &ucounts_hashtable[(uid * 0x9E3779B9u) >> (32 - UCOUNTS_HASHBITS)];
}

static struct ucounts *find_ucounts(uid_t uid, struct hlist_head *h)
{
	struct ucounts *uc;

	hlist_for_each_entry(uc, h, node)
		if (uc->uid == uid)
			return uc;
	return NULL;
}

/* The referenced ucounts of @uid, made if it has none; NULL without memory. */
struct ucounts *alloc_ucounts(uid_t uid)
{
	struct hlist_head *h = ucounts_hashentry(uid);
	struct ucounts *uc, *new;

	spin_lock(&ucounts_lock);
	uc = find_ucounts(uid, h);
	if (uc)
		uc->count++;
	spin_unlock(&ucounts_lock);
	if (uc)
		return uc;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return NULL;
	new->uid = uid;
	new->count = 1;
	spin_lock(&ucounts_lock);
	uc = find_ucounts(uid, h);      /* somebody else's may have come meanwhile */
	if (uc)
		uc->count++;
	else
		hlist_add_head(&new->node, h);
	spin_unlock(&ucounts_lock);
	if (!uc)
		return new;
	kfree(new);
	return uc;
}

struct ucounts *get_ucounts(struct ucounts *uc)
{
	spin_lock(&ucounts_lock);
	uc->count++;
	spin_unlock(&ucounts_lock);
	return uc;
}

void put_ucounts(struct ucounts *uc)
{
	bool last;

	spin_lock(&ucounts_lock);
	last = --uc->count == 0;
	if (last)
		hlist_del_init(&uc->node);
	spin_unlock(&ucounts_lock);
	if (last)
		kfree(uc);
}

struct ucounts *inc_ucount(uid_t uid, enum ucount_type type)
{
	struct ucounts *uc = alloc_ucounts(uid);

	if (!uc)
		return NULL;
	if ((unsigned long)atomic64_add_return(1, &uc->ucount[type]) > READ_ONCE(ucount_max[type])) {
		dec_ucount(uc, type);
		return NULL;
	}
	return uc;
}

void dec_ucount(struct ucounts *uc, enum ucount_type type)
{
	atomic64_add(-1, &uc->ucount[type]);
	put_ucounts(uc);
}

long inc_rlimit_ucounts(struct ucounts *uc, enum rlimit_type type, long v)
{
	return atomic64_add_return(v, &uc->rlimit[type]);
}

void dec_rlimit_ucounts(struct ucounts *uc, enum rlimit_type type, long v)
{
	atomic64_add(-v, &uc->rlimit[type]);
}
