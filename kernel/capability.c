// SPDX-License-Identifier: MIT
/*
 * Capabilities: capable() and its inode variants, capget/capset, and the
 * capability prctls (bounding set, ambient set, keepcaps, securebits,
 * no_new_privs), with Linux's rules (kernel/capability.c and
 * security/commoncap.c). There are no file capabilities and no user
 * namespaces: every check is against the one, initial namespace.
 *
 * Locking: none of its own. Current's credentials are read without a lock
 * (only current changes them); another task's through get_task_cred()
 * (its cred_lock). Changes go through prepare_creds()/commit_creds().
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/fs.h>
#include <shoal/uaccess.h>
#include <shoal/cred.h>
#include <uapi/prctl.h>
#include <shoal/syscalls.h>

bool has_capability(const struct cred *c, int cap)
{
	return cap_raised(c->cap_effective, cap);
}

bool capable(int cap)
{
	return has_capability(current_cred(), cap);
}

/* Without user namespaces every uid and gid is mapped: @cap alone decides. */
bool capable_wrt_inode_uidgid(const struct inode *inode, int cap)
{
	(void)inode;
	return capable(cap);
}

bool inode_owner_or_capable(const struct inode *inode)
{
	return current_fsuid() == inode->i_uid || capable_wrt_inode_uidgid(inode, CAP_FOWNER);
}

/* ---- capget / capset ---- */

/* How many 32-bit data structs the header's version takes; a bad version
 * is answered with the preferred one (Linux's cap_validate_magic). */
static int cap_validate_magic(struct __user_cap_header_struct __user *header, unsigned int *tocopy)
{
	u32 version;

	if (get_user(version, &header->version))
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		*tocopy = _LINUX_CAPABILITY_U32S_1;
		return 0;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		*tocopy = _LINUX_CAPABILITY_U32S_3;
		return 0;
	default:
		if (put_user((u32)_LINUX_CAPABILITY_VERSION_3, &header->version))
			return -EFAULT;
		return -EINVAL;
	}
}

/* The credentials capget reports for @pid (0: current), referenced. */
static const struct cred *cap_target_cred(pid_t pid)
{
	struct task_struct *t;
	const struct cred *c;

	if (!pid || pid == current->pid)
		return get_cred(current_cred());
	t = get_task_by_pid(pid);
	if (!t)
		return NULL;
	c = get_task_cred(t);
	put_task_struct(t);
	return c;
}

SYSCALL_DEFINE2(capget, struct __user_cap_header_struct __user *, header,
		struct __user_cap_data_struct __user *, dataptr)
{
	struct __user_cap_data_struct kdata[_LINUX_CAPABILITY_U32S_3];
	const struct cred *c;
	unsigned int tocopy, i;
	int ret, pid;

	ret = cap_validate_magic(header, &tocopy);
	if (!dataptr || ret)            /* a NULL data pointer asks for the version */
		return (!dataptr && ret == -EINVAL) ? 0 : ret;
	if (get_user(pid, &header->pid))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	c = cap_target_cred(pid);
	if (!c)
		return -ESRCH;
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		kdata[i].effective = (u32)(c->cap_effective >> (32 * i));
		kdata[i].permitted = (u32)(c->cap_permitted >> (32 * i));
		kdata[i].inheritable = (u32)(c->cap_inheritable >> (32 * i));
	}
	put_cred(c);
	if (copy_to_user(dataptr, kdata, tocopy * sizeof(kdata[0])))
		return -EFAULT;
	return 0;
}

static kernel_cap_t mk_kernel_cap(u32 low, u32 high)
{
	return (low | ((u64)high << 32)) & CAP_FULL_SET;
}

/* Linux's cap_capset: what a task may make of its own three sets. */
static int cap_capset(struct cred *new, const struct cred *old, kernel_cap_t e,
		      kernel_cap_t i, kernel_cap_t p)
{
	if (!has_capability(old, CAP_SETPCAP) &&
	    !cap_issubset(i, old->cap_inheritable | old->cap_permitted))
		return -EPERM;
	if (!cap_issubset(i, old->cap_inheritable | old->cap_bset))
		return -EPERM;
	if (!cap_issubset(p, old->cap_permitted) || !cap_issubset(e, p))
		return -EPERM;
	new->cap_effective = e;
	new->cap_inheritable = i;
	new->cap_permitted = p;
	/* ambient bits must stay both permitted and inheritable */
	new->cap_ambient &= p & i;
	return 0;
}

SYSCALL_DEFINE2(capset, struct __user_cap_header_struct __user *, header,
		const struct __user_cap_data_struct __user *, data)
{
	struct __user_cap_data_struct kdata[_LINUX_CAPABILITY_U32S_3] = { { 0 } };
	unsigned int tocopy;
	struct cred *new;
	int ret, pid;

	ret = cap_validate_magic(header, &tocopy);
	if (ret)
		return ret;
	if (get_user(pid, &header->pid))
		return -EFAULT;
	if (pid && pid != current->pid)         /* only the caller's own sets */
		return -EPERM;
	if (copy_from_user(kdata, data, tocopy * sizeof(kdata[0])))
		return -EFAULT;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	ret = cap_capset(new, current_cred(),
			 mk_kernel_cap(kdata[0].effective, kdata[1].effective),
			 mk_kernel_cap(kdata[0].inheritable, kdata[1].inheritable),
			 mk_kernel_cap(kdata[0].permitted, kdata[1].permitted));
	if (ret) {
		abort_creds(new);
		return ret;
	}
	return commit_creds(new);
}

/* ---- prctl (commoncap.c's cap_task_prctl) ---- */

static long prctl_capbset_drop(unsigned long cap)
{
	struct cred *new;

	if (!capable(CAP_SETPCAP))
		return -EPERM;
	if (!cap_valid_arg(cap))
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	new->cap_bset &= ~CAP_TO_MASK(cap);
	return commit_creds(new);
}

/* A bit may change only if unlocked; a lock is never released; setting
 * any needs CAP_SETPCAP. */
static long prctl_set_securebits(unsigned long bits)
{
	const struct cred *old = current_cred();
	struct cred *new;

	if ((((old->securebits & SECURE_ALL_LOCKS) >> 1) & (old->securebits ^ bits)) ||
	    (old->securebits & SECURE_ALL_LOCKS & ~bits) ||
	    (bits & ~(unsigned long)(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) ||
	    !capable(CAP_SETPCAP))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	new->securebits = bits;
	return commit_creds(new);
}

static long prctl_set_keepcaps(unsigned long on)
{
	struct cred *new;

	if (on > 1)
		return -EINVAL;
	if (current_cred()->securebits & issecure_mask(SECURE_KEEP_CAPS_LOCKED))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (on)
		new->securebits |= SECBIT_KEEP_CAPS;
	else
		new->securebits &= ~SECBIT_KEEP_CAPS;
	return commit_creds(new);
}

static long prctl_cap_ambient(unsigned long op, unsigned long cap, unsigned long a4,
			      unsigned long a5)
{
	const struct cred *old = current_cred();
	struct cred *new;

	if (op == PR_CAP_AMBIENT_CLEAR_ALL) {
		if (cap | a4 | a5)
			return -EINVAL;
	} else {
		if (!cap_valid_arg(cap) || a4 || a5)
			return -EINVAL;
		if (op == PR_CAP_AMBIENT_IS_SET)
			return cap_raised(old->cap_ambient, cap);
		if (op != PR_CAP_AMBIENT_RAISE && op != PR_CAP_AMBIENT_LOWER)
			return -EINVAL;
		if (op == PR_CAP_AMBIENT_RAISE &&
		    (!cap_raised(old->cap_permitted, cap) || !cap_raised(old->cap_inheritable, cap) ||
		     (old->securebits & SECBIT_NO_CAP_AMBIENT_RAISE)))
			return -EPERM;
	}
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (op == PR_CAP_AMBIENT_CLEAR_ALL)
		new->cap_ambient = 0;
	else if (op == PR_CAP_AMBIENT_RAISE)
		new->cap_ambient |= CAP_TO_MASK(cap);
	else
		new->cap_ambient &= ~CAP_TO_MASK(cap);
	return commit_creds(new);
}

/*
 * The credential prctls; -ENOSYS for an option that is not one of them
 * (kernel/sys.c's prctl goes on with its own).
 */
long cap_task_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
		    unsigned long arg5)
{
	switch (option) {
	case PR_CAPBSET_READ:
		if (!cap_valid_arg(arg2))
			return -EINVAL;
		return cap_raised(current_cred()->cap_bset, arg2);
	case PR_CAPBSET_DROP:
		return prctl_capbset_drop(arg2);
	case PR_GET_SECUREBITS:
		return current_cred()->securebits;
	case PR_SET_SECUREBITS:
		return prctl_set_securebits(arg2);
	case PR_GET_KEEPCAPS:
		return !!(current_cred()->securebits & SECBIT_KEEP_CAPS);
	case PR_SET_KEEPCAPS:
		return prctl_set_keepcaps(arg2);
	case PR_CAP_AMBIENT:
		return prctl_cap_ambient(arg2, arg3, arg4, arg5);
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		current->no_new_privs = true;   /* for good, and inherited */
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return current->no_new_privs;
	default:
		return -ENOSYS;
	}
}
