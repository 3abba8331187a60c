// SPDX-License-Identifier: MIT
/*
 * Kernel threads: ksoftirqd, init before it execs, and whatever else the
 * kernel runs as a task of its own. kernel/fork.c makes the task; this
 * file binds it to a CPU, starts it, and ends it when its function
 * returns. No lock of its own: a new task is private until it is woken.
 */
#include <shoal/kernel.h>
#include <shoal/kthread.h>
#include <shoal/sched.h>

struct task_struct *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu, const char *name)
{
	struct task_struct *p;

	p = copy_kernel_thread(fn, arg, name);
	if (IS_ERR(p))
		return NULL;
	if (cpu >= 0) {
		p->cpus_allowed = CPU_MASK_NONE;
		cpumask_set_cpu(cpu, &p->cpus_allowed);
		p->cpu = cpu;
	}
	wake_up_new_task(p);
	return p;
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	return kthread_create_on_cpu(fn, arg, -1, name);
}

/* Unless the thread exec'd a user program (PID 1 does), it ends here. */
void kthread_returned(void)
{
	if (!current->mm)
		do_exit(0);
}
