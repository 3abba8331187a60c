// SPDX-License-Identifier: MIT
/*
 * Miscellaneous system calls: identity (uname, hostname), resource limits
 * and usage, process identity, the set*id and get*id calls (kernel/cred.c
 * has the rules),
 * priorities, process groups and sessions, prctl, reboot, syslog, sysinfo,
 * getcpu and membarrier. (getrandom is drivers/char/random.c; the scheduling policy
 * and affinity calls are kernel/sched/syscalls.c.)
 *
 * Locking: uts_lock guards the host and domain names. Resource limits live
 * in signal_struct and are read and written under tasklist_lock (which
 * also keeps another process's signal_struct alive while we look at it).
 * Process groups and sessions (signal->pgrp, session, tty) are written
 * under tasklist_lock.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/sched/rt.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/time.h>
#include <shoal/console.h>
#include <shoal/mm_types.h>
#include <shoal/reboot.h>
#include <shoal/utsname.h>
#include <shoal/fs.h>
#include <uapi/resource.h>
#include <uapi/utsname.h>
#include <uapi/time.h>
#include <uapi/prctl.h>
#include <uapi/reboot.h>
#include <uapi/membarrier.h>
#include <shoal/cred.h>
#include <shoal/syscalls.h>

/* ---- uname, hostname ---- */

static DEFINE_SPINLOCK(uts_lock);
static struct new_utsname uts = {
	.sysname = "Linux",
	.nodename = "shoal",
	.release = "6.12.0-shoal",
	.version = "#1 SMP shoal",
	.machine = "riscv64",
	.domainname = "(none)",
};

/* One uname field for procfs (/proc/sys/kernel/ files, /proc/version), so the
 * files and uname(2) always agree. Returns the length or -EINVAL. */
int get_uts_field(const char *field, char *buf, size_t size)
{
	const char *src;
	unsigned long flags;
	int n;

	if (!strcmp(field, "sysname"))
		src = uts.sysname;
	else if (!strcmp(field, "nodename"))
		src = uts.nodename;
	else if (!strcmp(field, "release"))
		src = uts.release;
	else if (!strcmp(field, "version"))
		src = uts.version;
	else
		return -EINVAL;
	spin_lock_irqsave(&uts_lock, flags);
	n = strlcpy(buf, src, size);
	spin_unlock_irqrestore(&uts_lock, flags);
	return n;
}

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname copy;

	spin_lock(&uts_lock);
	copy = uts;
	spin_unlock(&uts_lock);
	return copy_to_user(name, &copy, sizeof(copy)) ? -EFAULT : 0;
}

static long set_uts_field(char *field, const char __user *name, int len)
{
	char buf[__NEW_UTS_LEN + 1];

	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, name, len))
		return -EFAULT;
	buf[len] = 0;
	spin_lock(&uts_lock);
	memcpy(field, buf, len + 1);
	spin_unlock(&uts_lock);
	return 0;
}

/* The hostname from inside the kernel (ip=): 0 or -EINVAL if too long. */
int set_uts_nodename(const char *name)
{
	size_t len = strlen(name);

	if (len > __NEW_UTS_LEN)
		return -EINVAL;
	spin_lock(&uts_lock);
	memcpy(uts.nodename, name, len + 1);
	spin_unlock(&uts_lock);
	return 0;
}

SYSCALL_DEFINE2(sethostname, const char __user *, name, int, len)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return set_uts_field(uts.nodename, name, len);
}

SYSCALL_DEFINE2(setdomainname, const char __user *, name, int, len)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return set_uts_field(uts.domainname, name, len);
}

/* ---- sysinfo ---- */

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};
#define SI_LOAD_SHIFT 16

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo si;
	struct task_struct *t;
	unsigned long flags, n = 0;
	ktime_t up = ktime_get();
	int i;

	memset(&si, 0, sizeof(si));
	si.uptime = up / NSEC_PER_SEC + ((up % NSEC_PER_SEC) ? 1 : 0);
	for (i = 0; i < 3; i++)
		si.loads[i] = avenrun[i] << (SI_LOAD_SHIFT - FSHIFT);
	si.totalram = nr_total_pages() * PAGE_SIZE;
	si.freeram = nr_free_pages() * PAGE_SIZE;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_task(t)
		n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	si.procs = n > 0xffff ? 0xffff : n;
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}

/* ---- resource limits and usage ---- */

/* Find the process @pid names (0 = current); tasklist_lock held. */
static struct task_struct *find_process(pid_t pid)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;

	if (!p || (p->flags & PF_IDLE) || !p->signal)
		return NULL;
	return p;
}

/*
 * Another process's limits: all its uids must be our real uid and all
 * its gids our real gid, or we have CAP_SYS_RESOURCE (Linux's
 * check_prlimit_permission). tasklist_lock held.
 */
static int prlimit_permission(struct task_struct *p)
{
	const struct cred *c = current_cred();
	unsigned long flags;
	bool same;

	if (p->tgid == current->tgid)
		return 0;
	spin_lock_irqsave(&p->cred_lock, flags);
	same = c->uid == p->real_cred->uid && c->uid == p->real_cred->euid &&
	       c->uid == p->real_cred->suid && c->gid == p->real_cred->gid &&
	       c->gid == p->real_cred->egid && c->gid == p->real_cred->sgid;
	spin_unlock_irqrestore(&p->cred_lock, flags);
	return same || capable(CAP_SYS_RESOURCE) ? 0 : -EPERM;
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, resource,
		const struct rlimit __user *, unew, struct rlimit __user *, uold)
{
	struct rlimit64 new, old, *r;
	struct task_struct *p;
	unsigned long flags;
	int err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (unew) {
		if (copy_from_user(&new, unew, sizeof(new)))
			return -EFAULT;
		if (new.rlim_cur > new.rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new.rlim_max > READ_ONCE(sysctl_nr_open))
			return -EPERM;  /* as Linux: fs.nr_open caps the hard limit */
	}
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_process(pid);
	if (!p) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ESRCH;
	}
	r = &p->signal->rlim[resource];
	old = *r;
	err = prlimit_permission(p);
	/* raising a hard limit needs CAP_SYS_RESOURCE */
	if (!err && unew && new.rlim_max > old.rlim_max && !capable(CAP_SYS_RESOURCE))
		err = -EPERM;
	if (!err && unew)
		*r = new;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (err)
		return err;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	return __do_sys_prlimit64(0, resource, NULL, rlim);
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, const struct rlimit __user *, rlim)
{
	return __do_sys_prlimit64(0, resource, rlim, NULL);
}

static void ns_to_tv(u64 ns, struct timeval *tv)
{
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = (ns % NSEC_PER_SEC) / NSEC_PER_USEC;
}

/*
 * CPU times are tick-sampled. ru_maxrss is approximated by the mapped size
 * of the address space (shoal keeps no resident-set high-water mark); the
 * children's value is what exit accounting left in signal->maxrss_kb.
 */
SYSCALL_DEFINE2(getrusage, int, who, struct rusage __user *, ru)
{
	struct signal_struct *s = current->signal;
	struct task_cputime c;
	struct rusage r;
	u64 ut = 0, st = 0;

	memset(&r, 0, sizeof(r));
	switch (who) {
	case RUSAGE_SELF:
		thread_group_cputime(current, &c);
		ut = c.utime_ns;
		st = c.stime_ns;
		r.ru_nvcsw = c.nvcsw;
		r.ru_nivcsw = c.nivcsw;
		if (current->mm)
			r.ru_maxrss = READ_ONCE(current->mm->total_vm) * (PAGE_SIZE / 1024);
		break;
	case RUSAGE_THREAD:
		ut = current->utime_ns;
		st = current->stime_ns;
		r.ru_nvcsw = current->nvcsw;
		r.ru_nivcsw = current->nivcsw;
		if (current->mm)
			r.ru_maxrss = READ_ONCE(current->mm->total_vm) * (PAGE_SIZE / 1024);
		break;
	case RUSAGE_CHILDREN:
		ut = s->cutime_ns;
		st = s->cstime_ns;
		r.ru_maxrss = s->maxrss_kb;
		break;
	default:
		return -EINVAL;
	}
	ns_to_tv(ut, &r.ru_utime);
	ns_to_tv(st, &r.ru_stime);
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

/* ---- process identity ---- */

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }

SYSCALL_DEFINE0(getppid)
{
	unsigned long flags;
	pid_t ppid;

	spin_lock_irqsave(&tasklist_lock, flags);
	ppid = current->group_leader->real_parent->tgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

/* ---- credentials (Linux's rules; the model is include/shoal/cred.h) ---- */

SYSCALL_DEFINE0(getuid) { return current_uid(); }
SYSCALL_DEFINE0(geteuid) { return current_euid(); }
SYSCALL_DEFINE0(getgid) { return current_gid(); }
SYSCALL_DEFINE0(getegid) { return current_egid(); }

#define ID_KEEP         ((unsigned int)-1)      /* "leave this id alone" */

/* Install @new after the uid fix-ups, or drop it on error. */
static long commit_setuid(struct cred *new, int flags)
{
	cap_task_fix_setuid(new, current_cred(), flags);
	return commit_creds(new);
}

static long fail_creds(struct cred *new, long err)
{
	abort_creds(new);
	return err;
}

/* setuid: with CAP_SETUID all four ids; otherwise only euid (and fsuid),
 * and only to the real or saved uid. */
SYSCALL_DEFINE1(setuid, uid_t, uid)
{
	const struct cred *old = current_cred();
	struct cred *new;

	if (uid == ID_KEEP)
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (capable(CAP_SETUID))
		new->uid = new->suid = uid;
	else if (uid != old->uid && uid != old->suid)
		return fail_creds(new, -EPERM);
	new->euid = new->fsuid = uid;
	return commit_setuid(new, LSM_SETID_ID);
}

SYSCALL_DEFINE1(setgid, gid_t, gid)
{
	const struct cred *old = current_cred();
	struct cred *new;

	if (gid == ID_KEEP)
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (capable(CAP_SETGID))
		new->gid = new->sgid = gid;
	else if (gid != old->gid && gid != old->sgid)
		return fail_creds(new, -EPERM);
	new->egid = new->fsgid = gid;
	return commit_creds(new);
}

/*
 * setreuid/setregid (shared by the two, on arrays of {real, effective,
 * saved, fs}): the real id may become the old real or effective one, the
 * effective id any of the old three; the saved id follows the effective
 * one when the real id is set or the effective one leaves the real one.
 */
static bool setre_ids(unsigned int *nid, const unsigned int *oid, unsigned int r,
		      unsigned int e, bool cap)
{
	if (r != ID_KEEP) {
		if (!cap && r != oid[0] && r != oid[1])
			return false;
		nid[0] = r;
	}
	if (e != ID_KEEP) {
		if (!cap && e != oid[0] && e != oid[1] && e != oid[2])
			return false;
		nid[1] = e;
	}
	if (r != ID_KEEP || (e != ID_KEEP && e != oid[0]))
		nid[2] = nid[1];
	nid[3] = nid[1];
	return true;
}

SYSCALL_DEFINE2(setreuid, uid_t, r, uid_t, e)
{
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	if (!setre_ids(new->uids, current_cred()->uids, r, e, capable(CAP_SETUID)))
		return fail_creds(new, -EPERM);
	return commit_setuid(new, LSM_SETID_RE);
}

SYSCALL_DEFINE2(setregid, gid_t, r, gid_t, e)
{
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	if (!setre_ids(new->gids, current_cred()->gids, r, e, capable(CAP_SETGID)))
		return fail_creds(new, -EPERM);
	return commit_creds(new);
}

/* setresuid/setresgid: each id may become any of the old three, or
 * anything with the capability; fsid follows the effective id. */
static bool setres_ids(unsigned int *nid, const unsigned int *oid, const unsigned int *want,
		       bool cap)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (want[i] == ID_KEEP)
			continue;
		if (!cap && want[i] != oid[0] && want[i] != oid[1] && want[i] != oid[2])
			return false;
		nid[i] = want[i];
	}
	nid[3] = nid[1];
	return true;
}

SYSCALL_DEFINE3(setresuid, uid_t, r, uid_t, e, uid_t, s)
{
	unsigned int want[3] = { r, e, s };
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	if (!setres_ids(new->uids, current_cred()->uids, want, capable(CAP_SETUID)))
		return fail_creds(new, -EPERM);
	return commit_setuid(new, LSM_SETID_RES);
}

SYSCALL_DEFINE3(setresgid, gid_t, r, gid_t, e, gid_t, s)
{
	unsigned int want[3] = { r, e, s };
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	if (!setres_ids(new->gids, current_cred()->gids, want, capable(CAP_SETGID)))
		return fail_creds(new, -EPERM);
	return commit_creds(new);
}

static long put_ids(const unsigned int *id, unsigned int __user *a, unsigned int __user *b,
		    unsigned int __user *c)
{
	if (put_user(id[0], a) || put_user(id[1], b) || put_user(id[2], c))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uid_t __user *, r, uid_t __user *, e, uid_t __user *, s)
{
	return put_ids(current_cred()->uids, r, e, s);
}

SYSCALL_DEFINE3(getresgid, gid_t __user *, r, gid_t __user *, e, gid_t __user *, s)
{
	return put_ids(current_cred()->gids, r, e, s);
}

/* setfsuid/setfsgid: to one of the other ids (or anything with the
 * capability); always returns the old fs id, success or not. */
static bool setfs_ok(const unsigned int *oid, unsigned int id, bool cap)
{
	return id != ID_KEEP && (id == oid[0] || id == oid[1] || id == oid[2] ||
				 id == oid[3] || cap) && id != oid[3];
}

SYSCALL_DEFINE1(setfsuid, uid_t, uid)
{
	const struct cred *old = current_cred();
	uid_t old_fsuid = old->fsuid;
	struct cred *new;

	if (!setfs_ok(old->uids, uid, capable(CAP_SETUID)) || !(new = prepare_creds()))
		return old_fsuid;
	new->fsuid = uid;
	commit_setuid(new, LSM_SETID_FS);
	return old_fsuid;
}

SYSCALL_DEFINE1(setfsgid, gid_t, gid)
{
	const struct cred *old = current_cred();
	gid_t old_fsgid = old->fsgid;
	struct cred *new;

	if (!setfs_ok(old->gids, gid, capable(CAP_SETGID)) || !(new = prepare_creds()))
		return old_fsgid;
	new->fsgid = gid;
	commit_creds(new);
	return old_fsgid;
}

/* ---- priorities (nice values) ---- */

/* Apply @fn to the tasks a (which, who) pair names; tasklist_lock held.
 * Returns how many matched. */
static int for_each_prio_target(int which, int who, void (*fn)(struct task_struct *, void *),
				void *arg)
{
	struct task_struct *t;
	int n = 0;

	switch (which) {
	case PRIO_PROCESS:
		t = who ? find_task_by_pid(who) : current;
		if (t && !(t->flags & PF_IDLE)) {
			fn(t, arg);
			n = 1;
		}
		break;
	case PRIO_PGRP:
		if (!who)
			who = current->signal->pgrp;
		for_each_task(t) {
			if (!(t->flags & PF_KTHREAD) && t->signal->pgrp == who) {
				fn(t, arg);
				n++;
			}
		}
		break;
	case PRIO_USER:         /* the tasks whose real uid is @who (0: ours) */
		if (!who)
			who = current_uid();
		for_each_task(t) {
			if (!(t->flags & PF_KTHREAD) && task_uid(t) == (uid_t)who) {
				fn(t, arg);
				n++;
			}
		}
		break;
	}
	return n;
}

static void prio_get(struct task_struct *t, void *arg)
{
	int *best = arg;

	if (20 - task_nice(t) > *best)
		*best = 20 - task_nice(t);
}

struct prio_set_arg {
	int nice;
	int err;                        /* the last failure, as Linux's setpriority */
};

/* Linux's set_one_prio: another user's task needs CAP_SYS_NICE, lowering
 * the nice value RLIMIT_NICE or CAP_SYS_NICE. */
static void prio_set(struct task_struct *t, void *arg)
{
	struct prio_set_arg *a = arg;

	if (!task_same_owner(t) && !capable(CAP_SYS_NICE)) {
		a->err = -EPERM;
		return;
	}
	if (a->nice < task_nice(t) && !capable(CAP_SYS_NICE) &&
	    (unsigned long)(20 - a->nice) > t->signal->rlim[RLIMIT_NICE].rlim_cur) {
		a->err = -EACCES;
		return;
	}
	set_user_nice(t, a->nice);
}

/* Returns 20 - nice (1..40), as the Linux system call does; libc converts. */
SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	unsigned long flags;
	int best = 0, n;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	n = for_each_prio_target(which, who, prio_get, &best);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n ? best : -ESRCH;
}

/* The nice value sets the task's weight in the fair class (fair.c). */
SYSCALL_DEFINE3(setpriority, int, which, int, who, int, niceval)
{
	struct prio_set_arg a = { 0, 0 };
	unsigned long flags;
	int n;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (niceval < MIN_NICE)
		niceval = MIN_NICE;
	if (niceval > MAX_NICE)
		niceval = MAX_NICE;
	a.nice = niceval;
	spin_lock_irqsave(&tasklist_lock, flags);
	n = for_each_prio_target(which, who, prio_set, &a);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n ? a.err : -ESRCH;
}

/* ---- process groups and sessions (Linux's rules) ---- */

/* Is there a process in group @pgrp (in session @sid, if sid >= 0)? */
static bool pgrp_exists(pid_t pgrp, pid_t sid)
{
	struct task_struct *p;

	for_each_task(p) {
		if (thread_group_leader(p) && !(p->flags & PF_KTHREAD) && !p->exit_state &&
		    p->signal->pgrp == pgrp && (sid < 0 || p->signal->session == sid))
			return true;
	}
	return false;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct signal_struct *me = current->signal;
	struct task_struct *p;
	unsigned long flags;
	long err;

	if (!pid)
		pid = current->tgid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	err = -ESRCH;
	p = find_task_by_pid(pid);
	if (!p || (p->flags & PF_KTHREAD))
		goto out;
	err = -EINVAL;
	if (!thread_group_leader(p))
		goto out;
	if (p->real_parent && p->real_parent->tgid == current->tgid) {
		err = -EPERM;
		if (p->signal->session != me->session)
			goto out;
		err = -EACCES;
		if (p->flags & PF_EXECED)
			goto out;
	} else {
		err = -ESRCH;
		if (p->tgid != current->tgid)
			goto out;
	}
	err = -EPERM;
	if (p->signal->session == p->tgid)      /* a session leader stays put */
		goto out;
	if (pgid != pid && !pgrp_exists(pgid, me->session))
		goto out;
	p->signal->pgrp = pgid;
	err = 0;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_process(pid);
	ret = p ? p->signal->pgrp : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_process(pid);
	ret = p ? p->signal->session : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE0(setsid)
{
	struct signal_struct *me = current->signal;
	pid_t sid = current->tgid;
	unsigned long flags;
	long ret = -EPERM;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (!pgrp_exists(sid, -1)) {    /* not already a process group leader */
		me->session = sid;
		me->pgrp = sid;
		me->tty = NULL;
		ret = sid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* ---- prctl ---- */

/*
 * Linux's timer slack: 0 goes back to the task's default (its parent's
 * slack at fork); a real-time task has none and ignores the request.
 */
static long prctl_set_timerslack(unsigned long slack)
{
	struct task_struct *p = current;

	if (rt_or_dl_task_policy(p))
		return 0;
	WRITE_ONCE(p->timer_slack_ns, slack ? slack : p->default_timer_slack_ns);
	return 0;
}

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	char comm[TASK_COMM_LEN];
	long n;

	n = cap_task_prctl(option, arg2, arg3, arg4, arg5);
	if (n != -ENOSYS)
		return n;
	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > _NSIG)
			return -EINVAL;
		current->pdeath_signal = arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user(current->pdeath_signal, (int __user *)arg2);
	case PR_GET_DUMPABLE:
		return current->mm ? READ_ONCE(current->mm->dumpable) : 0;
	case PR_SET_DUMPABLE:
		if (arg2 > SUID_DUMP_USER)
			return -EINVAL;
		if (current->mm)
			WRITE_ONCE(current->mm->dumpable, (int)arg2);
		return 0;
	case PR_SET_NAME:
		n = strncpy_from_user(comm, (const char __user *)arg2, TASK_COMM_LEN);
		if (n == -EFAULT)
			return -EFAULT;
		comm[TASK_COMM_LEN - 1] = 0;    /* longer names are truncated */
		task_lock(current);
		memcpy(current->comm, comm, TASK_COMM_LEN);
		task_unlock(current);
		return 0;
	case PR_GET_NAME:
		memcpy(comm, current->comm, TASK_COMM_LEN);
		comm[TASK_COMM_LEN - 1] = 0;
		return copy_to_user((void __user *)arg2, comm, TASK_COMM_LEN) ? -EFAULT : 0;
	case PR_SET_TIMERSLACK:
		return prctl_set_timerslack(arg2);
	case PR_GET_TIMERSLACK:
		/* a long: Linux caps it at ULONG_MAX, which on rv64 is every u64 */
		return (long)task_timer_slack(current);
	case PR_SET_CHILD_SUBREAPER:
		current->signal->is_child_subreaper = !!arg2;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user((int)current->signal->is_child_subreaper, (int __user *)arg2);
	default:
		return -EINVAL;
	}
}

/* ---- reboot ---- */

/* HALT powers off too: on QEMU there is nothing else useful to do. */
SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)
{
	(void)arg;
	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		printk("reboot: restarting\n");
		machine_restart();
	case LINUX_REBOOT_CMD_HALT:
	case LINUX_REBOOT_CMD_POWER_OFF:
		printk("reboot: power down\n");
		machine_power_off(0);
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- syslog (dmesg) ---- */

#define SYSLOG_ACTION_CLOSE             0
#define SYSLOG_ACTION_OPEN              1
#define SYSLOG_ACTION_READ              2
#define SYSLOG_ACTION_READ_ALL          3
#define SYSLOG_ACTION_READ_CLEAR        4
#define SYSLOG_ACTION_CLEAR             5
#define SYSLOG_ACTION_CONSOLE_OFF       6
#define SYSLOG_ACTION_CONSOLE_ON        7
#define SYSLOG_ACTION_CONSOLE_LEVEL     8
#define SYSLOG_ACTION_SIZE_UNREAD       9
#define SYSLOG_ACTION_SIZE_BUFFER       10
#define LOG_BUF_SIZE                    (1 << 16)       /* kernel/printk.c's ring */

/* The newest @len bytes of the log into @ubuf; returns the count. */
static long syslog_read_tail(char __user *ubuf, int len)
{
	char *buf = kmalloc(LOG_BUF_SIZE, GFP_KERNEL);
	size_t n, skip;
	long ret;

	if (!buf)
		return -ENOMEM;
	n = log_buf_copy(buf, LOG_BUF_SIZE);
	skip = n > (size_t)len ? n - len : 0;
	ret = copy_to_user(ubuf, buf + skip, n - skip) ? -EFAULT : (long)(n - skip);
	kfree(buf);
	return ret;
}

/*
 * READ behaves as READ_ALL (it neither blocks nor consumes), and CLEAR does
 * not hide older messages from later reads.
 */
SYSCALL_DEFINE3(syslog, int, type, char __user *, buf, int, len)
{
	char *tmp;
	long n;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
	case SYSLOG_ACTION_CLEAR:
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return len < 1 || len > 8 ? -EINVAL : 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!buf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		return syslog_read_tail(buf, len);
	case SYSLOG_ACTION_SIZE_UNREAD:
		tmp = kmalloc(LOG_BUF_SIZE, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		n = log_buf_copy(tmp, LOG_BUF_SIZE);
		kfree(tmp);
		return n;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_SIZE;
	default:
		return -EINVAL;
	}
}

/* ---- getcpu, membarrier ---- */

SYSCALL_DEFINE3(getcpu, unsigned int __user *, cpu, unsigned int __user *, node,
		void __user *, unused)
{
	unsigned int c = smp_processor_id();

	(void)unused;
	if (cpu && put_user(c, cpu))
		return -EFAULT;
	if (node && put_user(0U, node))
		return -EFAULT;
	return 0;
}

#define MEMBARRIER_SUPPORTED (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED | \
			      MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | \
			      MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
			      MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED)

static void membarrier_ipi(void *info)
{
	(void)info;
	smp_mb();
}

/*
 * Every barrier command is implemented the strong way: an IPI to every
 * other online CPU, each of which executes a full fence, which is what
 * GLOBAL needs and more than the PRIVATE forms need. Registration is
 * accepted and not required.
 */
SYSCALL_DEFINE3(membarrier, int, cmd, unsigned int, flags, int, cpu_id)
{
	cpumask_t mask;

	(void)cpu_id;
	if (flags)
		return -EINVAL;
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MEMBARRIER_SUPPORTED;
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		return 0;
	case MEMBARRIER_CMD_GLOBAL:
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		smp_mb();
		mask = cpu_online_mask;
		cpumask_clear_cpu(smp_processor_id(), &mask);
		if (!cpumask_empty(&mask))
			smp_call_function_many(&mask, membarrier_ipi, NULL, true);
		smp_mb();
		return 0;
	default:
		return -EINVAL;
	}
}
