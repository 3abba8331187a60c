// SPDX-License-Identifier: MIT
/*
 * Task credentials: the life of a struct cred (prepare, commit, override),
 * and the capability rules Linux's security/commoncap.c applies when ids
 * change and on exec. include/shoal/cred.h has the model and the locking:
 * a committed cred is immutable; task->cred_lock (leaf) guards the task's
 * two pointers against readers in other tasks.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/mm.h>
#include <shoal/mm_types.h>
#include <shoal/fs.h>
#include <shoal/binfmts.h>
#include <shoal/cred.h>

struct group_info init_groups = { .usage = ATOMIC_INIT(2), .ngroups = 0 };

/* root with every capability: init, kernel threads and whatever they fork */
struct cred init_cred = {
	.usage = ATOMIC_INIT(4),
	.cap_permitted = CAP_FULL_SET,
	.cap_effective = CAP_FULL_SET,
	.cap_bset = CAP_FULL_SET,
	.group_info = &init_groups,
};

void __put_cred(struct cred *c)
{
	BUG_ON(c == &init_cred);
	put_group_info(c->group_info);
	kfree(c);
}

/* A private, referenced copy of current's subjective credentials. */
struct cred *prepare_creds(void)
{
	const struct cred *old = current_cred();
	struct cred *new = kmalloc(sizeof(*new), GFP_KERNEL);

	if (!new)
		return NULL;
	*new = *old;
	atomic_set(&new->usage, 1);
	get_group_info(new->group_info);
	return new;
}

/* exec starts from the task's real credentials, with KEEPCAPS cleared. */
struct cred *prepare_exec_creds(void)
{
	struct cred *new = prepare_creds();

	if (new)
		new->securebits &= ~SECBIT_KEEP_CAPS;
	return new;
}

/*
 * Install @new as both of current's credentials. As Linux: a task whose
 * effective or filesystem ids change, or that gains capabilities, loses
 * its parent-death signal (a less privileged parent could signal it) and
 * its process stops being dumpable (its /proc files become root's).
 */
int commit_creds(struct cred *new)
{
	struct task_struct *t = current;
	const struct cred *old = t->real_cred, *old_sub = t->cred;
	unsigned long flags;

	BUG_ON(t->cred != t->real_cred);        /* not inside an override */
	if (old->euid != new->euid || old->egid != new->egid ||
	    old->fsuid != new->fsuid || old->fsgid != new->fsgid ||
	    !cap_issubset(new->cap_permitted, old->cap_permitted)) {
		if (t->mm)
			WRITE_ONCE(t->mm->dumpable, (int)READ_ONCE(suid_dumpable));
		t->pdeath_signal = 0;
	}
	get_cred(new);                          /* one reference for each pointer */
	spin_lock_irqsave(&t->cred_lock, flags);
	t->real_cred = new;
	t->cred = new;
	spin_unlock_irqrestore(&t->cred_lock, flags);
	put_cred(old);
	put_cred(old_sub);
	return 0;
}

void abort_creds(struct cred *new)
{
	put_cred(new);
}

/* Act with @new until revert_creds(); others still see the real cred. */
const struct cred *override_creds(const struct cred *new)
{
	const struct cred *old = current->cred;

	current->cred = get_cred(new);
	return old;
}

void revert_creds(const struct cred *old)
{
	const struct cred *over = current->cred;

	current->cred = old;
	put_cred(over);
}

const struct cred *get_task_cred(struct task_struct *t)
{
	const struct cred *c;
	unsigned long flags;

	spin_lock_irqsave(&t->cred_lock, flags);
	c = get_cred(t->real_cred);
	spin_unlock_irqrestore(&t->cred_lock, flags);
	return c;
}

/* @t's objective real and effective uids, read together under its cred_lock. */
static void task_uids(struct task_struct *t, uid_t *uid, uid_t *euid)
{
	unsigned long flags;

	spin_lock_irqsave(&t->cred_lock, flags);
	*uid = t->real_cred->uid;
	*euid = t->real_cred->euid;
	spin_unlock_irqrestore(&t->cred_lock, flags);
}

uid_t task_uid(struct task_struct *t)
{
	uid_t uid, euid;

	task_uids(t, &uid, &euid);
	return uid;
}

uid_t task_euid(struct task_struct *t)
{
	uid_t uid, euid;

	task_uids(t, &uid, &euid);
	return euid;
}

/* Does current own @p (Linux's check_same_owner: our euid is its uid or euid)? */
bool task_same_owner(struct task_struct *p)
{
	uid_t euid = current_euid(), uid, peuid;

	task_uids(p, &uid, &peuid);
	return euid == peuid || euid == uid;
}

/*
 * fork and clone: the child shares the parent's credentials. A kernel
 * thread is root whoever asked for it (Linux forks them from kthreadd).
 */
void cred_fork(struct task_struct *p)
{
	struct task_struct *cur = current;
	const struct cred *c = (p->flags & PF_KTHREAD) ? &init_cred : cur->real_cred;

	p->real_cred = get_cred(c);
	p->cred = get_cred(c);
	p->no_new_privs = (p->flags & PF_KTHREAD) ? false : cur->no_new_privs;
}

void cred_exit(struct task_struct *p)
{
	put_cred(p->cred);
	put_cred(p->real_cred);
	p->cred = p->real_cred = NULL;
}

/* ---- capability fix-ups when ids change (commoncap.c) ---- */

static bool any_root(uid_t a, uid_t b, uid_t c)
{
	return a == 0 || b == 0 || c == 0;
}

/*
 * setuid/setreuid/setresuid: leaving uid 0 in all three ids drops the
 * permitted and effective sets (unless KEEPCAPS) and always the ambient
 * set; euid 0 -> non-zero clears the effective set, non-zero -> 0 refills
 * it from the permitted set.
 */
static void cap_emulate_setxuid(struct cred *new, const struct cred *old)
{
	if (any_root(old->uid, old->euid, old->suid) &&
	    !any_root(new->uid, new->euid, new->suid)) {
		if (!(old->securebits & SECBIT_KEEP_CAPS)) {
			new->cap_permitted = 0;
			new->cap_effective = 0;
		}
		new->cap_ambient = 0;
	}
	if (old->euid == 0 && new->euid != 0)
		new->cap_effective = 0;
	if (old->euid != 0 && new->euid == 0)
		new->cap_effective = new->cap_permitted;
}

void cap_task_fix_setuid(struct cred *new, const struct cred *old, int flags)
{
	if (new->securebits & SECBIT_NO_SETUID_FIXUP)
		return;
	if (flags != LSM_SETID_FS) {
		cap_emulate_setxuid(new, old);
		return;
	}
	/* setfsuid: the filesystem capabilities follow fsuid 0 */
	if (old->fsuid == 0 && new->fsuid != 0)
		new->cap_effective &= ~CAP_FS_SET;
	if (old->fsuid != 0 && new->fsuid == 0)
		new->cap_effective |= new->cap_permitted & CAP_FS_SET;
}

/* ---- exec (commoncap.c's cap_bprm_creds_from_file, no file capabilities) ---- */

/* The file's set-user-id and set-group-id bits (Linux's bprm_fill_uid). */
static void bprm_fill_uid(struct linux_binprm *bprm)
{
	struct inode *inode = bprm->file->f_inode;
	mode_t mode = READ_ONCE(inode->i_mode);

	if (current->no_new_privs || !(mode & (S_ISUID | S_ISGID)))
		return;
	if (mode & S_ISUID)
		bprm->cred->euid = inode->i_uid;
	if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		bprm->cred->egid = inode->i_gid;
}

/*
 * Root (real or effective uid 0, unless SECBIT_NOROOT) gets the bounding
 * set plus its inheritable set as permitted, and effective too when its
 * euid is 0. Everyone else keeps only the ambient set. Returns whether
 * the new effective set is the whole permitted set.
 */
static bool privileged_root(struct cred *new, const struct cred *old)
{
	if (old->securebits & SECBIT_NOROOT)
		return false;
	if (new->euid == 0 || new->uid == 0)
		new->cap_permitted = old->cap_bset | old->cap_inheritable;
	return new->euid == 0;
}

int cap_bprm_creds_from_file(struct linux_binprm *bprm, const struct cred *old)
{
	struct cred *new = bprm->cred;
	bool effective, is_setid;

	bprm_fill_uid(bprm);
	new->cap_permitted = 0;                 /* pP' = (fP & X) | (pI & fI) | pA: no fP, fI */
	effective = privileged_root(new, old);
	is_setid = new->euid != old->uid || new->egid != old->gid;
	/* no_new_privs: nothing gained that was not already held */
	if (current->no_new_privs && !cap_issubset(new->cap_permitted, old->cap_permitted))
		new->cap_permitted &= old->cap_permitted;
	new->suid = new->fsuid = new->euid;
	new->sgid = new->fsgid = new->egid;
	if (is_setid)
		new->cap_ambient = 0;
	new->cap_permitted |= new->cap_ambient;
	new->cap_effective = effective ? new->cap_permitted : new->cap_ambient;
	new->securebits &= ~SECBIT_KEEP_CAPS;
	bprm->secureexec = is_setid ||
		(new->uid != 0 && (effective || !cap_issubset(new->cap_permitted, new->cap_ambient)));
	return 0;
}
