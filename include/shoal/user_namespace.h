/* SPDX-License-Identifier: MIT */
/*
 * Per-user counts (Linux's ucounts, kernel/ucount.c), for the one user
 * namespace shoal has: a struct ucounts per uid that owns something
 * counted, with the limits of Linux's init_user_ns.
 *
 * A count (inotify instances, inotify watches) is charged to a uid with
 * inc_ucount(), which refuses past ucount_max[type] as Linux does (root
 * is not exempt), and given back with dec_ucount(). An rlimit count
 * (RLIMIT_MSGQUEUE's bytes) is charged to a referenced ucounts with
 * inc_rlimit_ucounts(); its caller compares the sum with the rlimit.
 *
 * Locking: ucounts_lock (spin, process context only, unranked leaf)
 * guards the hash table and every ucounts' reference count; the counts
 * themselves are atomics. A ucounts lives while it is referenced: each
 * charge holds one reference, so it goes when its uid owns nothing.
 */
#ifndef _SHOAL_USER_NAMESPACE_H
#define _SHOAL_USER_NAMESPACE_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/atomic.h>

enum ucount_type {
	UCOUNT_INOTIFY_INSTANCES,
	UCOUNT_INOTIFY_WATCHES,
	UCOUNT_COUNTS,
};

enum rlimit_type {
	UCOUNT_RLIMIT_MSGQUEUE,         /* bytes of POSIX message queues (ipc/mqueue.c) */
	UCOUNT_RLIMIT_COUNTS,
};

struct ucounts {
	struct hlist_node node;                 /* in the uid's hash bucket [ucounts_lock] */
	uid_t uid;                              /* [const] */
	int count;                              /* references [ucounts_lock] */
	atomic64_t ucount[UCOUNT_COUNTS];       /* [atomic] */
	atomic64_t rlimit[UCOUNT_RLIMIT_COUNTS];        /* [atomic] */
};

/* the limits of inc_ucount(), Linux's init_user_ns.ucount_max (sysctls write them) */
extern unsigned long ucount_max[UCOUNT_COUNTS];

struct ucounts *alloc_ucounts(uid_t uid);       /* referenced, or NULL (no memory) */
struct ucounts *get_ucounts(struct ucounts *uc);
void put_ucounts(struct ucounts *uc);
/* Charge one @type to @uid: its referenced ucounts, NULL past the limit or without memory. */
struct ucounts *inc_ucount(uid_t uid, enum ucount_type type);
void dec_ucount(struct ucounts *uc, enum ucount_type type);
/* Add @v to @uc's @type count (no reference taken); returns the new sum. */
long inc_rlimit_ucounts(struct ucounts *uc, enum rlimit_type type, long v);
void dec_rlimit_ucounts(struct ucounts *uc, enum rlimit_type type, long v);

#endif
