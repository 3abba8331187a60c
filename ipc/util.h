/* SPDX-License-Identifier: MIT */
/*
 * The System V IPC core shared by shm.c, sem.c and msg.c (ipc/util.c):
 * one registry (struct ipc_ids) per kind, objects that begin with a
 * struct kern_ipc_perm, ids built as Linux builds them.
 *
 * Locking key:
 *   [ids]   ids->mutex (sleeping): the table, in_use, seq, key lookups and
 *           the birth and death of objects
 *   [perm]  perm->lock (spinlock): the object's own state (its mode and
 *           owner, and the fields the kind's struct tags [perm])
 *   [atom]  atomic
 * Order: ids->mutex -> perm->lock. Nothing that may fault (copy_*_user)
 * or sleep runs under perm->lock; sleepers hold a reference (refcount)
 * and drop every lock before they schedule.
 */
#ifndef _IPC_UTIL_H
#define _IPC_UTIL_H

#include <shoal/kernel.h>
#include <shoal/mutex.h>
#include <shoal/spinlock.h>
#include <shoal/atomic.h>
#include <uapi/ipc.h>

/* An id is seq * SEQ_MULTIPLIER + index: a stale id (its slot reused)
 * carries the old seq and is refused with -EINVAL. */
#define IPCMNI_SHIFT    15
#define IPCMNI          (1 << IPCMNI_SHIFT)
#define SEQ_MULTIPLIER  IPCMNI
#define IPCID_SEQ_MAX   (INT_MAX >> IPCMNI_SHIFT)

struct kern_ipc_perm {
	spinlock_t lock;
	bool deleted;           /* removed from its ids; sleepers see -EIDRM [perm] */
	int id;                 /* [const] */
	int key;                /* IPC_PRIVATE once a segment is marked SHM_DEST [ids] */
	u32 uid, gid, cuid, cgid;       /* [perm] */
	u32 mode;               /* low 9 bits: permissions; SHM_DEST... [perm] */
	unsigned short seq;     /* [const] */
	atomic_t refcount;      /* the table's reference + sleepers' + attaches' */
	void (*free)(struct kern_ipc_perm *);   /* last reference gone [const] */
};

struct ipc_ids {
	struct mutex mutex;
	int in_use;                     /* objects in the table [ids] */
	int max_idx;                    /* highest used index or -1 [ids] */
	int size;                       /* slots in entries [ids] */
	unsigned short seq;             /* seq for the next object [ids] */
	int limit;                      /* SHMMNI, SEMMNI, MSGMNI */
	struct kern_ipc_perm **entries; /* [ids] */
};

/* The kind-specific half of ipcget(). */
struct ipc_params {
	int key;
	int flg;
	union {
		size_t size;    /* shm */
		int nsems;      /* sem */
	} u;
};

struct ipc_ops {
	/* Create an object and ipc_addid() it; returns its id or -errno. Called with ids->mutex. */
	int (*getnew)(struct ipc_ids *, struct ipc_params *);
	/* Extra checks against an existing object (shm size, nsems). */
	int (*more_checks)(struct kern_ipc_perm *, struct ipc_params *);
};

void ipc_init_ids(struct ipc_ids *ids, int limit);
/* Lookup-or-create as shmget/semget/msgget do (Linux's ipcget). */
int ipcget(struct ipc_ids *ids, const struct ipc_ops *ops, struct ipc_params *params);
/* Insert @new (its fields set, refcount 1) into @ids; returns the index
 * or -ENOSPC. Caller holds ids->mutex. Sets new->id and new->seq. */
int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *new);
/* Remove @ipcp from the table and mark it deleted (caller holds ids->mutex
 * and perm->lock); the table's reference is for the caller to ipc_put(). */
void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *ipcp);
/* The object with @id, or ERR_PTR(-EINVAL). Caller holds ids->mutex. */
struct kern_ipc_perm *ipc_obtain_object_check(struct ipc_ids *ids, int id);
/* As above, taking a reference (for use without ids->mutex). */
struct kern_ipc_perm *ipc_get_by_id(struct ipc_ids *ids, int id);
void ipc_put(struct kern_ipc_perm *ipcp);
/* 0 or -EACCES: may the caller access @ipcp for @flag's rwx bits? */
int ipcperms(struct kern_ipc_perm *ipcp, short flag);
/* 0 or -EPERM: may the caller IPC_SET/IPC_RMID @ipcp? */
int ipc_owner_check(struct kern_ipc_perm *ipcp);
/* Fill @out from @in (caller holds perm->lock). */
void kernel_to_ipc64_perm(struct kern_ipc_perm *in, struct ipc64_perm *out);
/* IPC_SET: take uid, gid and the 9 mode bits. */
void ipc_update_perm(struct ipc64_perm *in, struct kern_ipc_perm *out);
/*
 * Linux's ipc_parse_version() on an architecture without
 * ARCH_WANT_IPC_PARSE_VERSION (riscv64): there is only the 64-bit layout
 * and the cmd is taken as it is, so IPC_64 makes it unknown (-EINVAL).
 * glibc and musl define IPC_64 as 0 here.
 */
static inline int ipc_parse_version(int cmd) { return cmd; }
/* Seconds of CLOCK_REALTIME, for the *_time fields. */
long ipc_get_seconds(void);
/* Highest used index (the IPC_INFO/SHM_INFO return value). */
int ipc_get_maxidx(struct ipc_ids *ids);
/* A new object's perm: owner and creator are current, mode from @flg, refcount 1. */
void ipc_init_perm(struct kern_ipc_perm *p, int key, int flg,
		   void (*free)(struct kern_ipc_perm *));

#endif
