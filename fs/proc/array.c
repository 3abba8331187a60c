// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/ files: stat, status, maps, cmdline, environ, comm.
 *
 * Another task's mm and files are reached with a reference taken under
 * tasklist_lock after checking the task is not exiting. (The exit path
 * drops them without that lock, so a tiny window remains until fork/exit
 * provide task_lock(); see Documentation/filesystems.md.)
 */
#include "internal.h"
#include <shoal/mm_types.h>
#include <shoal/time.h>
#include <shoal/cred.h>



struct mm_struct *proc_task_mm(struct task_struct *t)
{
	struct mm_struct *mm = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (!(t->flags & PF_EXITING) && !t->exit_state && t->mm &&
	    atomic_inc_not_zero(&t->mm->mm_users))
		mm = t->mm;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return mm;
}

struct files_struct *proc_task_files(struct task_struct *t)
{
	struct files_struct *files = NULL;

	task_lock(t);
	if (t->files && atomic_inc_not_zero(&t->files->count))
		files = t->files;
	task_unlock(t);
	return files;
}

static char task_state_char(struct task_struct *t)
{
	if (t->exit_state & EXIT_ZOMBIE)
		return 'Z';
	if (t->exit_state & EXIT_DEAD)
		return 'X';
	if (t->state & TASK_STOPPED)
		return 'T';
	if ((t->state & TASK_IDLE) == TASK_IDLE)
		return 'I';
	if (t->state & TASK_UNINTERRUPTIBLE)
		return 'D';
	if (t->state & TASK_INTERRUPTIBLE)
		return 'S';
	return 'R';
}

static const char *task_state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'D': return "D (disk sleep)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	case 'I': return "I (idle)";
	default: return "X (dead)";
	}
}

struct task_ids { pid_t ppid, pgrp, sid; int nr_threads; bool has_tty; };

static void get_ids(struct task_struct *t, struct task_ids *ids)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	ids->ppid = t->real_parent && t->pid != 1 ? t->real_parent->tgid : 0;
	ids->pgrp = t->signal->pgrp;
	ids->sid = t->signal->session;
	ids->nr_threads = t->signal->nr_threads;
	ids->has_tty = t->signal->tty != NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* Linux's 52 fields in proc(5)'s order (processor is field 39); the ones
 * shoal does not keep are 0. */
int proc_pid_stat_show(struct task_struct *t, char *buf, size_t size)
{
	struct mm_struct *mm = proc_task_mm(t);
	unsigned long vsize = 0, rss = 0, start_code = 0, end_code = 0, start_stack = 0;
	unsigned long start_brk = 0, arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;
	char comm[TASK_COMM_LEN];
	struct task_ids ids;
	int n;

	get_ids(t, &ids);
	if (mm) {
		vsize = mm->total_vm << PAGE_SHIFT;
		rss = get_mm_rss(mm);
		start_stack = mm->start_stack;
		start_brk = mm->start_brk;
		arg_start = mm->arg_start;
		arg_end = mm->arg_end;
		env_start = mm->env_start;
		env_end = mm->env_end;
		mmput(mm);
	}
	n = scnprintf(buf, size,
		"%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu %lu %lu %lu %lu %ld %ld %d 0 %lu "
		"%lu %lu %lu %lu %lu %lu %lu 0 0 0 0 0 0 0 0 %d %d %u %u 0 0 0 0 0 %lu %lu %lu %lu %lu %d\n",
		t->pid, get_task_comm(comm, t), task_state_char(t), ids.ppid, ids.pgrp, ids.sid,
		ids.has_tty ? (int)((5 << 8) | 1) : 0, ids.has_tty ? ids.pgrp : -1, t->flags,
		0UL, 0UL, 0UL, 0UL,
		nsec_to_clock_t(t->utime_ns), nsec_to_clock_t(t->stime_ns),
		nsec_to_clock_t(t->signal->cutime_ns), nsec_to_clock_t(t->signal->cstime_ns),
		(long)(t->prio - MAX_RT_PRIO), (long)task_nice(t), ids.nr_threads ? ids.nr_threads : 1, nsec_to_clock_t(t->start_time_ns),
		vsize, rss, ~0UL, start_code, end_code, start_stack, 0UL,
		t->exit_signal, t->cpu, t->rt_priority, t->policy,
		start_brk, arg_start, arg_end, env_start, env_end, t->exit_code);
	return n;
}

/* status's Uid/Gid/Groups lines (Linux's task_state) */
static size_t status_ids(const struct cred *c, char *buf, size_t size)
{
	size_t n;
	int i;

	n = scnprintf(buf, size, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:\t",
		      c->uid, c->euid, c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid);
	for (i = 0; i < c->group_info->ngroups && n + 12 < size; i++)
		n += scnprintf(buf + n, size - n, "%u ", c->group_info->gid[i]);
	return n + scnprintf(buf + n, size - n, "\n");
}

/* status's capability lines (Linux's task_cap) and NoNewPrivs */
static size_t status_caps(struct task_struct *t, const struct cred *c, char *buf, size_t size)
{
	return scnprintf(buf, size,
		"CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		"CapBnd:\t%016llx\nCapAmb:\t%016llx\nNoNewPrivs:\t%d\n",
		(unsigned long long)c->cap_inheritable,
		(unsigned long long)c->cap_permitted, (unsigned long long)c->cap_effective,
		(unsigned long long)c->cap_bset, (unsigned long long)c->cap_ambient,
		READ_ONCE(t->no_new_privs));
}

int proc_pid_status_show(struct task_struct *t, char *buf, size_t size)
{
	const struct cred *cred = get_task_cred(t);
	struct mm_struct *mm = proc_task_mm(t);
	unsigned long vm_kb = mm ? mm->total_vm << (PAGE_SHIFT - 10) : 0;
	unsigned long rss_kb = mm ? get_mm_rss(mm) << (PAGE_SHIFT - 10) : 0;
	char comm[TASK_COMM_LEN];
	struct task_ids ids;
	size_t n;

	if (mm)
		mmput(mm);
	get_ids(t, &ids);
	n = scnprintf(buf, size,
		"Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		get_task_comm(comm, t), task_state_name(task_state_char(t)), t->tgid, t->pid, ids.ppid);
	n += status_ids(cred, buf + n, size - n);
	n += scnprintf(buf + n, size - n, "Threads:\t%d\n", ids.nr_threads ? ids.nr_threads : 1);
	if (mm)
		n += scnprintf(buf + n, size - n, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n", vm_kb, rss_kb);
	n += scnprintf(buf + n, size - n,
		"SigPnd:\t%016lx\nSigBlk:\t%016lx\nCpus_allowed:\t%lx\n"
		"voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		t->pending.signal, t->blocked, t->cpus_allowed.bits, t->nvcsw, t->nivcsw);
	n += status_caps(t, cred, buf + n, size - n);
	put_cred(cred);
	return n;
}

int proc_pid_comm_show(struct task_struct *t, char *buf, size_t size)
{
	char comm[TASK_COMM_LEN];

	return scnprintf(buf, size, "%s\n", get_task_comm(comm, t));
}

/* Where the task sleeps: the kernel address that called schedule(), 0 when
 * it is running (Linux prints a symbol name; look it up in shoal.sym). */
int proc_pid_wchan_show(struct task_struct *t, char *buf, size_t size)
{
	unsigned long pc = READ_ONCE(t->state) == TASK_RUNNING ? 0 : READ_ONCE(t->wchan);

	return scnprintf(buf, size, "%lx", pc);
}

int proc_pid_maps_show(struct task_struct *t, char *buf, size_t size)
{
	struct mm_struct *mm = proc_task_mm(t);
	struct vm_area_struct *v;
	char *path;
	size_t n = 0;

	if (!mm)
		return 0;
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path) {
		mmput(mm);
		return -ENOMEM;
	}
	mutex_lock(&mm->mmap_lock);
	list_for_each_entry(v, &mm->mmap, vm_list) {
		const char *name = "";
		unsigned long ino = 0;
		dev_t dev = 0;

		if (v->vm_file) {
			ino = v->vm_file->f_inode->i_ino;
			dev = v->vm_file->f_inode->i_sb->s_dev;
			name = file_path(v->vm_file, path, PATH_MAX) >= 0 ? path : "?";
		} else if (v->vm_special) {
			name = v->vm_special->name;
		} else if (v->vm_start <= mm->brk && v->vm_end >= mm->start_brk &&
			   mm->brk > mm->start_brk) {
			name = "[heap]";
		} else if (v->vm_start <= mm->start_stack && v->vm_end >= mm->start_stack) {
			name = "[stack]";
		}
		n += scnprintf(buf + n, size - n, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu%s%s\n",
			       v->vm_start, v->vm_end,
			       (v->vm_flags & VM_READ) ? 'r' : '-', (v->vm_flags & VM_WRITE) ? 'w' : '-',
			       (v->vm_flags & VM_EXEC) ? 'x' : '-', (v->vm_flags & VM_SHARED) ? 's' : 'p',
			       v->vm_pgoff << PAGE_SHIFT, MAJOR(dev), MINOR(dev), ino,
			       *name ? "\t" : "", name);
		if (n >= size - 1)
			break;
	}
	mutex_unlock(&mm->mmap_lock);
	mmput(mm);
	kfree(path);
	return n;
}

/* Copy [start, end) of @t's memory into buf (own process: copy_from_user). */
static int read_task_range(struct task_struct *t, bool env, char *buf, size_t size)
{
	struct mm_struct *mm = proc_task_mm(t);
	unsigned long start, end;
	int len;

	if (!mm)
		return 0;
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	len = end > start ? min(end - start, (unsigned long)size - 1) : 0;
	if (len && mm == current->mm)
		len -= copy_from_user(buf, (const void __user *)start, len);
	else if (len)
		len = access_process_vm(t, start, buf, len);
	else
		len = 0;
	mmput(mm);
	return len < 0 ? 0 : len;
}

int proc_pid_cmdline_show(struct task_struct *t, char *buf, size_t size)
{
	return read_task_range(t, false, buf, size);
}

int proc_pid_environ_show(struct task_struct *t, char *buf, size_t size)
{
	return read_task_range(t, true, buf, size);
}
