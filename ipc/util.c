// SPDX-License-Identifier: MIT
/*
 * System V IPC ids: the registry each of shm, sem and msg keeps (Linux's
 * ipc/util.c). An object sits in a growing table of pointers at an index;
 * its id is seq * SEQ_MULTIPLIER + index, seq counting up on every
 * insertion, so an id that outlived its object is refused (-EINVAL)
 * instead of naming the slot's next tenant.
 *
 * Locking (ipc/util.h has the key): ids->mutex -> perm->lock. The mutex is
 * a sleeping lock because creation allocates and IPC_RMID of a segment may
 * drop files. Objects are freed by their last ipc_put(): the table holds
 * one reference, sleepers and shm attaches hold their own.
 *
 * Credentials: an object belongs to its creator's euid/egid (cuid/cgid
 * and uid/gid); ipcperms() checks the mode bits with CAP_IPC_OWNER as the
 * override, ipc_owner_check() the owner or creator with CAP_SYS_ADMIN.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/time.h>
#include <shoal/cred.h>
#include "util.h"

void ipc_init_ids(struct ipc_ids *ids, int limit)
{
	mutex_init(&ids->mutex);
	ids->in_use = 0;
	ids->max_idx = -1;
	ids->size = 0;
	ids->seq = 0;
	ids->limit = limit;
	ids->entries = NULL;
}

long ipc_get_seconds(void)
{
	return (long)(ktime_get_real() / NSEC_PER_SEC);
}

static int ipc_grow(struct ipc_ids *ids)
{
	int nsize = ids->size ? ids->size * 2 : 64;
	struct kern_ipc_perm **n;

	if (nsize > IPCMNI)
		nsize = IPCMNI;
	n = kcalloc(nsize, sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	if (ids->entries)
		memcpy(n, ids->entries, ids->size * sizeof(*n));
	kfree(ids->entries);
	ids->entries = n;
	ids->size = nsize;
	return 0;
}

int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *new)
{
	int idx;

	assert_mutex_held(&ids->mutex);
	if (ids->in_use >= ids->limit)
		return -ENOSPC;
	for (idx = 0; idx < ids->size && ids->entries[idx]; idx++)
		;
	if (idx == ids->size && (ids->size >= IPCMNI || ipc_grow(ids)))
		return -ENOSPC;
	new->seq = ids->seq;
	if (++ids->seq > IPCID_SEQ_MAX)
		ids->seq = 0;
	new->id = new->seq * SEQ_MULTIPLIER + idx;
	new->deleted = false;
	ids->entries[idx] = new;
	ids->in_use++;
	if (idx > ids->max_idx)
		ids->max_idx = idx;
	return idx;
}

void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *ipcp)
{
	int idx = ipcp->id % SEQ_MULTIPLIER;

	assert_mutex_held(&ids->mutex);
	ids->entries[idx] = NULL;
	ids->in_use--;
	ipcp->deleted = true;
	while (ids->max_idx >= 0 && !ids->entries[ids->max_idx])
		ids->max_idx--;
}

int ipc_get_maxidx(struct ipc_ids *ids)
{
	return ids->max_idx < 0 ? 0 : ids->max_idx;
}

struct kern_ipc_perm *ipc_obtain_object_check(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *p;
	int idx;

	assert_mutex_held(&ids->mutex);
	if (id < 0)
		return ERR_PTR(-EINVAL);
	idx = id % SEQ_MULTIPLIER;
	if (idx >= ids->size || !(p = ids->entries[idx]) || p->id != id)
		return ERR_PTR(-EINVAL);
	return p;
}

struct kern_ipc_perm *ipc_get_by_id(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *p;

	mutex_lock(&ids->mutex);
	p = ipc_obtain_object_check(ids, id);
	if (!IS_ERR(p))
		atomic_inc(&p->refcount);
	mutex_unlock(&ids->mutex);
	return p;
}

void ipc_put(struct kern_ipc_perm *ipcp)
{
	if (atomic_dec_and_test(&ipcp->refcount))
		ipcp->free(ipcp);
}

static struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key)
{
	int i;

	for (i = 0; i <= ids->max_idx; i++)
		if (ids->entries[i] && ids->entries[i]->key == key)
			return ids->entries[i];
	return NULL;
}

/*
 * Linux's ipcperms(): the owner's (euid is uid or cuid), group's or
 * others' bits of the mode must grant every rwx bit asked for in @flag.
 * A refusal is overridden by CAP_IPC_OWNER.
 */
int ipcperms(struct kern_ipc_perm *ipcp, short flag)
{
	int requested = (flag >> 6) | (flag >> 3) | flag;
	int granted = ipcp->mode;
	uid_t euid = current_euid();

	if (euid == ipcp->cuid || euid == ipcp->uid)
		granted >>= 6;
	else if (in_group_p(ipcp->cgid) || in_group_p(ipcp->gid))
		granted >>= 3;
	if ((requested & ~granted & 0007) && !capable(CAP_IPC_OWNER))
		return -EACCES;
	return 0;
}

/* IPC_SET/IPC_RMID: the creator, the owner or CAP_SYS_ADMIN (EPERM). */
int ipc_owner_check(struct kern_ipc_perm *ipcp)
{
	uid_t euid = current_euid();

	if (euid == ipcp->cuid || euid == ipcp->uid || capable(CAP_SYS_ADMIN))
		return 0;
	return -EPERM;
}

void kernel_to_ipc64_perm(struct kern_ipc_perm *in, struct ipc64_perm *out)
{
	memset(out, 0, sizeof(*out));
	out->key = in->key;
	out->uid = in->uid;
	out->gid = in->gid;
	out->cuid = in->cuid;
	out->cgid = in->cgid;
	out->mode = in->mode;
	out->seq = in->seq;
}

void ipc_update_perm(struct ipc64_perm *in, struct kern_ipc_perm *out)
{
	out->uid = in->uid;
	out->gid = in->gid;
	out->mode = (out->mode & ~0777) | (in->mode & 0777);
}

static int ipcget_new(struct ipc_ids *ids, const struct ipc_ops *ops, struct ipc_params *params)
{
	int err;

	mutex_lock(&ids->mutex);
	err = ops->getnew(ids, params);
	mutex_unlock(&ids->mutex);
	return err;
}

static int ipcget_public(struct ipc_ids *ids, const struct ipc_ops *ops, struct ipc_params *params)
{
	struct kern_ipc_perm *p;
	int err;

	mutex_lock(&ids->mutex);
	p = ipc_findkey(ids, params->key);
	if (!p) {
		err = (params->flg & IPC_CREAT) ? ops->getnew(ids, params) : -ENOENT;
	} else if ((params->flg & IPC_CREAT) && (params->flg & IPC_EXCL)) {
		err = -EEXIST;
	} else {
		err = ops->more_checks ? ops->more_checks(p, params) : 0;
		if (!err)
			err = ipcperms(p, params->flg);
		if (!err)
			err = p->id;
	}
	mutex_unlock(&ids->mutex);
	return err;
}

int ipcget(struct ipc_ids *ids, const struct ipc_ops *ops, struct ipc_params *params)
{
	if (params->key == IPC_PRIVATE)
		return ipcget_new(ids, ops, params);
	return ipcget_public(ids, ops, params);
}

/* A new object's perm: owner and creator are current's effective ids, mode from @flg. */
void ipc_init_perm(struct kern_ipc_perm *p, int key, int flg, void (*free)(struct kern_ipc_perm *))
{
	spin_lock_init(&p->lock);
	p->key = key;
	p->uid = p->cuid = current_euid();
	p->gid = p->cgid = current_egid();
	p->mode = flg & 0777;
	atomic_set(&p->refcount, 1);
	p->free = free;
}
