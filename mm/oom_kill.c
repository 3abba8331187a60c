// SPDX-License-Identifier: MIT
/*
 * The out-of-memory killer (Linux's mm/oom_kill.c, reduced).
 *
 * When a user page fault cannot get a page (VM_FAULT_OOM: the fault's
 * page, a page-table page or a copy-on-write copy), the trap code calls
 * pagefault_out_of_memory() and the faulting instruction is retried when
 * it returns. First the reclaim shoal has: every CPU gives back its cached
 * free pages and slab objects (what vm.drop_caches does; there is no swap
 * and no page cache to shrink). If that freed nothing, a victim is chosen
 * by Linux's badness, rss + page tables (no swap), plus oom_score_adj
 * thousandths of memory, and killed with SIGKILL; a task whose
 * oom_score_adj is -1000, init, kernel threads and exiting tasks are never
 * chosen. While a victim's memory has not been torn down yet (its mm
 * carries MMF_OOM_VICTIM until exit_mmap) faults wait for it, up to a
 * second, rather than kill a second task; after that the next victim is
 * chosen from the others.
 *
 * Each kill is logged as Linux does ("Out of memory: Killed process N
 * (comm) total-vm:... anon-rss:... file-rss:... shmem-rss:0kB ...";
 * tmpfs pages are counted in file-rss) and counted in /proc/vmstat's
 * oom_kill. Kernel allocations never invoke it: they fail, and their
 * callers return -ENOMEM or drop (an skb, a slab object).
 *
 * Locking: oom_lock (a mutex) serialises the whole decision, so two
 * faulting CPUs kill one task, not two. Under it: tasklist_lock while the
 * candidates are scanned (rss and page-table counts are atomics read
 * racily; the task's mm is reached as proc_task_mm does, see
 * fs/proc/array.c), then nothing while the victim is signalled and
 * logged. oom_victims counts marked mms; oom_victims_wait is woken when
 * one is torn down. oom_score_adj is a lone short in signal_struct:
 * READ_ONCE/WRITE_ONCE.
 *
 * process_mrelease(2) is here as in Linux, but only answers: a dying
 * process's memory goes at its exit, not earlier.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/cred.h>
#include <shoal/fs.h>
#include <shoal/mm.h>
#include <shoal/mm_types.h>
#include <shoal/oom.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/smp.h>
#include <shoal/syscalls.h>
#include <shoal/time.h>
#include <shoal/wait.h>

static struct mutex oom_lock;
static atomic_t oom_victims;                    /* mms marked MMF_OOM_VICTIM */
static wait_queue_head_t oom_victims_wait;
static atomic64_t oom_kill_count;               /* /proc/vmstat oom_kill */

static int oom_init(void)
{
	mutex_init(&oom_lock);
	init_waitqueue_head(&oom_victims_wait);
	return 0;
}
core_initcall(oom_init);

/* Linux's LONG_MIN badness: never chosen. */
#define OOM_UNKILLABLE  (-__LONG_MAX__ - 1)

/*
 * Linux's oom_badness(): pages the process would free if killed, biased
 * by oom_score_adj thousandths of @totalpages. tasklist_lock held.
 */
static long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	long adj = READ_ONCE(p->signal->oom_score_adj);
	struct mm_struct *mm = p->mm;
	long points;

	if (adj == OOM_SCORE_ADJ_MIN || !mm || (p->flags & (PF_KTHREAD | PF_EXITING)) ||
	    p->exit_state || p->tgid == 1 || test_bit(MMF_OOM_VICTIM, &mm->flags))
		return OOM_UNKILLABLE;
	points = get_mm_rss(mm) + atomic64_read(&mm->pgtables);
	points += adj * (long)(totalpages / 1000);
	return points;
}

/* /proc/PID/oom_score: Linux 5.9's 0..2000 scale, 1000 meaning "no bias, no memory". */
int proc_oom_score_show(struct task_struct *t, char *buf, size_t size)
{
	unsigned long totalpages = nr_total_pages(), flags;
	long badness, points = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	badness = t->signal ? oom_badness(t->group_leader, totalpages) : OOM_UNKILLABLE;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (badness != OOM_UNKILLABLE)
		points = 1000 + badness * 1000 / (long)totalpages;
	return scnprintf(buf, size, "%ld\n", points < 0 ? 0 : points);
}

int proc_oom_score_adj_show(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%d\n", t->signal ? READ_ONCE(t->signal->oom_score_adj) : 0);
}

/*
 * -1000..1000, else -EINVAL. Going below the lowest value a privileged
 * writer set (0 at first) needs CAP_SYS_RESOURCE (EACCES), and such a
 * writer sets that floor, as Linux's __set_oom_adj. Two writers racing
 * each store a whole word; the last one wins.
 */
int proc_oom_score_adj_write(struct task_struct *t, const char *buf, size_t n)
{
	char *end;
	long v = simple_strtol(buf, &end, 10);

	if (end == buf || (*end && *end != '\n'))
		return -EINVAL;
	if (v < OOM_SCORE_ADJ_MIN || v > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	if (!t->signal)
		return -ESRCH;
	if (capable(CAP_SYS_RESOURCE))
		WRITE_ONCE(t->signal->oom_score_adj_min, (short)v);
	else if (v < READ_ONCE(t->signal->oom_score_adj_min))
		return -EACCES;
	WRITE_ONCE(t->signal->oom_score_adj, (short)v);
	return 0;
}

/* The counters shoal keeps of Linux's /proc/vmstat. */
int proc_vmstat_show(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "nr_free_pages %lu\noom_kill %ld\n", nr_free_pages(),
			 atomic64_read(&oom_kill_count));
}

/* exit_mmap: a victim's memory is gone; faults waiting on it may go on. */
void oom_mm_exit(struct mm_struct *mm)
{
	if (test_and_clear_bit(MMF_OOM_VICTIM, &mm->flags)) {
		atomic_dec(&oom_victims);
		wake_up(&oom_victims_wait);
	}
}

/* The task with the highest badness, referenced; NULL if none may be killed. */
static struct task_struct *select_bad_process(unsigned long totalpages)
{
	struct task_struct *p, *chosen = NULL;
	long points, best = OOM_UNKILLABLE;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (!p->signal || (p->flags & PF_IDLE))
			continue;
		points = oom_badness(p, totalpages);
		if (points == OOM_UNKILLABLE || points < best)
			continue;
		chosen = p;
		best = points;
	}
	if (chosen)
		get_task_struct(chosen);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return chosen;
}

/* @p's mm with an mm_users reference, unless it is exiting (as proc_task_mm). */
static struct mm_struct *oom_task_mm(struct task_struct *p)
{
	struct mm_struct *mm = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (!(p->flags & PF_EXITING) && !p->exit_state && p->mm &&
	    atomic_inc_not_zero(&p->mm->mm_users))
		mm = p->mm;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return mm;
}

/* Mark @p's mm a victim, log, count and SIGKILL the whole process. */
static void oom_kill_process(struct task_struct *p)
{
	struct mm_struct *mm = oom_task_mm(p);
	char comm[TASK_COMM_LEN];

	get_task_comm(comm, p);
	if (mm) {
		if (!test_and_set_bit(MMF_OOM_VICTIM, &mm->flags))
			atomic_inc(&oom_victims);
		printk("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
		       "file-rss:%lukB, shmem-rss:0kB, UID:%u pgtables:%lukB oom_score_adj:%d\n",
		       p->tgid, comm, READ_ONCE(mm->total_vm) * (PAGE_SIZE / 1024),
		       get_mm_counter(mm, MM_ANONPAGES) * (PAGE_SIZE / 1024),
		       get_mm_counter(mm, MM_FILEPAGES) * (PAGE_SIZE / 1024), task_uid(p),
		       atomic64_read(&mm->pgtables) * (PAGE_SIZE / 1024),
		       READ_ONCE(p->signal->oom_score_adj));
	}
	atomic64_inc(&oom_kill_count);
	group_send_sig_to(p->signal, SIGKILL);
	if (mm)
		mmput(mm);              /* may be the last: then oom_mm_exit runs here */
}

static void drain_cpu_caches(void *unused)
{
	slab_drain_local();
	drain_local_pages();
}

/* The reclaim there is: did giving back the per-CPU caches free anything? */
static bool reclaim_caches(void)
{
	unsigned long before = nr_free_pages();

	smp_call_function_many(&cpu_online_mask, drain_cpu_caches, NULL, true);
	return nr_free_pages() > before;
}

/* Under oom_lock: wait for an earlier victim, or choose and kill one. */
static void out_of_memory(void)
{
	struct task_struct *victim;

	if (atomic_read(&oom_victims) &&
	    wait_event_timeout(&oom_victims_wait, !atomic_read(&oom_victims), HZ))
		return;                 /* a victim's memory came back: retry */
	victim = select_bad_process(nr_total_pages());
	if (!victim) {
		/* Linux panics here; shoal kills the faulting process instead */
		printk("Out of memory and no killable processes: killing %d (%s)\n",
		       current->tgid, current->comm);
		atomic64_inc(&oom_kill_count);
		force_sig(SIGKILL);
		return;
	}
	oom_kill_process(victim);
	put_task_struct(victim);
}

/*
 * A user fault could not allocate (VM_FAULT_OOM). Returns with the fault
 * to be retried: a killed task (maybe current) dies on its way back to
 * user space, and the others find its memory freed.
 */
void pagefault_out_of_memory(void)
{
	if (fatal_signal_pending(current))
		return;                 /* already dying: exiting frees our memory */
	if (reclaim_caches())
		return;
	mutex_lock(&oom_lock);
	if (!fatal_signal_pending(current))
		out_of_memory();
	mutex_unlock(&oom_lock);
}

/*
 * process_mrelease(2) answers, from Linux 6.12's oom_kill.c. Linux tears a
 * dying process's memory down ahead of its exit; shoal's exit frees it
 * soon enough, so nothing is reaped here. tasklist_lock held for both.
 */

/* @leader's process is on its way out: a group exit (SIGKILL, exit_group)
 * or its last thread exiting (Linux's __task_will_free_mem). */
static bool process_dying(struct task_struct *leader)
{
	return (READ_ONCE(leader->signal->flags) & SIGNAL_GROUP_EXIT) ||
	       (leader->signal->nr_threads <= 1 && (leader->flags & PF_EXITING));
}

/* Every other process on @leader's mm (vfork, CLONE_VM) is dying too. The
 * mms are only compared, never followed. */
static bool mm_sharers_dying(struct task_struct *leader)
{
	struct mm_struct *mm = READ_ONCE(leader->mm);
	struct task_struct *p;

	if (!mm)
		return true;
	for_each_process(p) {
		if (p == leader || READ_ONCE(p->mm) != mm)
			continue;
		if (!process_dying(p))
			return false;
	}
	return true;
}

/*
 * A process dying (killed, or exiting) 0; alive, or sharing its mm with a
 * live process, EINVAL; exited (its pidfd readable) or reaped ESRCH; a
 * descriptor that is no pidfd EBADF; any flag EINVAL, checked first.
 */
SYSCALL_DEFINE2(process_mrelease, int, pidfd, unsigned int, flags)
{
	struct task_struct *t;
	unsigned long irqf;
	struct file *f;
	long ret;

	if (flags)
		return -EINVAL;
	f = fget(pidfd);
	if (!f)
		return -EBADF;
	t = pidfd_task(f);
	if (!t) {
		fput(f);
		return -EBADF;
	}
	spin_lock_irqsave(&tasklist_lock, irqf);
	if (process_exited(t) || find_task_by_pid(t->pid) != t)
		ret = -ESRCH;
	else if (process_dying(t) && mm_sharers_dying(t))
		ret = 0;
	else
		ret = -EINVAL;
	spin_unlock_irqrestore(&tasklist_lock, irqf);
	fput(f);
	return ret;
}
