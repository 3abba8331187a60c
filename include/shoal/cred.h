/* SPDX-License-Identifier: MIT */
/*
 * Task credentials (kernel/cred.c, kernel/capability.c, kernel/groups.c),
 * in Linux's shape: who a task is (uids, gids, supplementary groups) and
 * what it may do (capability sets, securebits).
 *
 * A struct cred is immutable once committed: it is shared by reference
 * (fork gives the child the parent's, threads start on their creator's)
 * and changed by copy: prepare_creds() makes a private copy, the caller
 * edits it and commit_creds() installs it, or abort_creds() drops it.
 *
 * A task has two pointers, as Linux: real_cred (objective: what others see
 * when they act on this task - kill, /proc, capget) and cred (subjective:
 * what this task uses when it acts). They are equal except inside an
 * override_creds()/revert_creds() pair (faccessat). Only the task itself
 * changes either one.
 *
 * Locking: task->cred_lock (spin, irqsave, unranked leaf: nothing is
 * taken under it) guards the two pointers against readers in other tasks.
 * The task itself reads its own pointers with no lock (nobody else writes
 * them); another task takes cred_lock to read a field or to take a
 * reference (get_task_cred()). Since a committed cred never changes,
 * a reference is all a reader needs after the lock is dropped.
 * shoal has no RCU: the lock stands where Linux reads under rcu_read_lock.
 */
#ifndef _SHOAL_CRED_H
#define _SHOAL_CRED_H

#include <shoal/types.h>
#include <shoal/atomic.h>
#include <uapi/capability.h>

struct task_struct;
struct inode;
struct linux_binprm;

typedef u64 kernel_cap_t;

#define CAP_FULL_SET            ((1ULL << (CAP_LAST_CAP + 1)) - 1)
#define CAP_TO_MASK(c)          (1ULL << (c))
/* the capabilities that follow fsuid 0 (setfsuid, Linux's CAP_FS_SET) */
#define CAP_FS_SET              (CAP_TO_MASK(CAP_CHOWN) | CAP_TO_MASK(CAP_MKNOD) | \
				 CAP_TO_MASK(CAP_DAC_OVERRIDE) | CAP_TO_MASK(CAP_DAC_READ_SEARCH) | \
				 CAP_TO_MASK(CAP_FOWNER) | CAP_TO_MASK(CAP_FSETID) | \
				 CAP_TO_MASK(CAP_LINUX_IMMUTABLE) | CAP_TO_MASK(CAP_MAC_OVERRIDE))

static inline bool cap_raised(kernel_cap_t c, int cap) { return c & CAP_TO_MASK(cap); }
static inline bool cap_issubset(kernel_cap_t a, kernel_cap_t set) { return !(a & ~set); }
/* a capability number from a syscall argument */
static inline bool cap_valid_arg(unsigned long cap) { return cap <= CAP_LAST_CAP; }

#define NGROUPS_MAX             65536

/* Supplementary groups, sorted ascending (groups_search is a bisection).
 * Immutable once attached to a committed cred. */
struct group_info {
	atomic_t usage;
	int ngroups;
	gid_t gid[];
};

struct cred {
	atomic_t usage;
	union {                                 /* real, effective, saved, filesystem */
		struct { uid_t uid, euid, suid, fsuid; };
		uid_t uids[4];                  /* the same, for the set*id rules */
	};
	union {
		struct { gid_t gid, egid, sgid, fsgid; };
		gid_t gids[4];
	};
	unsigned int securebits;                /* SECBIT_* */
	kernel_cap_t cap_inheritable;           /* kept across exec when the file allows */
	kernel_cap_t cap_permitted;             /* what may be made effective */
	kernel_cap_t cap_effective;             /* what capable() checks */
	kernel_cap_t cap_bset;                  /* the bounding set: the most exec can give */
	kernel_cap_t cap_ambient;               /* kept across exec of an ordinary program */
	struct group_info *group_info;
};

extern struct cred init_cred;
extern struct group_info init_groups;

/* kernel/cred.c */
struct cred *prepare_creds(void);               /* private copy of current's, or NULL */
struct cred *prepare_exec_creds(void);
int commit_creds(struct cred *new);             /* installs @new (consumes the reference); 0 */
void abort_creds(struct cred *new);
const struct cred *override_creds(const struct cred *new);     /* returns the old subjective cred */
void revert_creds(const struct cred *old);
void __put_cred(struct cred *c);
const struct cred *get_task_cred(struct task_struct *t);       /* objective, referenced */
void cred_fork(struct task_struct *p);          /* the child shares the parent's */
void cred_exit(struct task_struct *p);          /* drop the task's references */

static inline const struct cred *get_cred(const struct cred *c)
{
	atomic_inc(&((struct cred *)c)->usage);
	return c;
}

static inline void put_cred(const struct cred *c)
{
	if (c && atomic_dec_and_test(&((struct cred *)c)->usage))
		__put_cred((struct cred *)c);
}

/* Current's subjective credentials: no lock, only current changes them. */
#define current_cred()          ((const struct cred *)current->cred)
#define current_uid()           (current_cred()->uid)
#define current_gid()           (current_cred()->gid)
#define current_euid()          (current_cred()->euid)
#define current_egid()          (current_cred()->egid)
#define current_fsuid()         (current_cred()->fsuid)
#define current_fsgid()         (current_cred()->fsgid)

/* Another task's objective ids, read under its cred_lock. */
uid_t task_uid(struct task_struct *t);
uid_t task_euid(struct task_struct *t);
/* current's euid is @p's uid or euid (Linux's check_same_owner) */
bool task_same_owner(struct task_struct *p);

/* The uid-change capability fix-ups (Linux's cap_task_fix_setuid). */
#define LSM_SETID_ID            1       /* setuid */
#define LSM_SETID_RE            2       /* setreuid */
#define LSM_SETID_RES           4       /* setresuid */
#define LSM_SETID_FS            8       /* setfsuid */
void cap_task_fix_setuid(struct cred *new, const struct cred *old, int flags);
/* exec: set-id bits and the capability rules into bprm->cred (fs/exec.c). */
int cap_bprm_creds_from_file(struct linux_binprm *bprm, const struct cred *old);

/* kernel/capability.c */
bool capable(int cap);                          /* current's effective set has @cap */
bool has_capability(const struct cred *c, int cap);
/* current owns @inode or has CAP_FOWNER (Linux's inode_owner_or_capable) */
bool inode_owner_or_capable(const struct inode *inode);
bool capable_wrt_inode_uidgid(const struct inode *inode, int cap);
/* prctl's credential options; -ENOSYS for any other option */
long cap_task_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
		    unsigned long arg5);

/* kernel/groups.c */
struct group_info *groups_alloc(int n);
void groups_free(struct group_info *gi);
static inline struct group_info *get_group_info(struct group_info *gi)
{
	atomic_inc(&gi->usage);
	return gi;
}
static inline void put_group_info(struct group_info *gi)
{
	if (atomic_dec_and_test(&gi->usage))
		groups_free(gi);
}
void groups_sort(struct group_info *gi);
bool groups_search(const struct group_info *gi, gid_t gid);
void set_groups(struct cred *new, struct group_info *gi);
bool in_group_p(gid_t gid);                     /* fsgid or a supplementary group */
bool in_egroup_p(gid_t gid);                    /* egid or a supplementary group */

#endif
