// SPDX-License-Identifier: MIT
/* Architecture side of tasks: new kernel stacks, FP state switching. */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <asm/csr.h>
#include <asm/switch_to.h>

extern char ret_from_fork[];

/*
 * Set up @p's kernel stack so that __switch_to() into it enters
 * ret_from_fork. Kernel threads (@fn != NULL) run fn(arg) there; user tasks
 * return to user mode with @regs (copied) and a0 = 0, with @usp as the new
 * stack pointer if non-zero and @tls as tp if @set_tls.
 */
void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg,
		 const struct pt_regs *regs, unsigned long usp, bool set_tls, unsigned long tls)
{
	struct pt_regs *child = task_pt_regs(p);

	memset(&p->thread, 0, offsetof(struct thread_struct, fstate));
	if (fn) {
		memset(child, 0, sizeof(*child));
		child->status = SR_SPP | SR_SPIE;
		p->thread.s[1] = (unsigned long)fn;
		p->thread.s[2] = (unsigned long)arg;
	} else {
		*child = *regs;
		child->a0 = 0;
		if (usp)
			child->sp = usp;
		if (set_tls)
			child->tp = tls;
	}
	p->thread.ra = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)child;
}

/* Make current->thread.fstate hold the live user FP registers. */
void fpu_flush_current(void)
{
	if ((csr_read(sstatus) & SR_FS) == SR_FS_DIRTY)
		fpu_save(&current->thread.fstate);
}

/* Load current->thread.fstate into the FP registers (after sigreturn, exec). */
void fpu_load_current(void)
{
	fpu_restore(&current->thread.fstate);
}

/*
 * The FP registers always hold the user values of the task that last ran
 * user code here. Save them when dirtied; load the next user task's.
 */
void fpu_switch(struct task_struct *prev, struct task_struct *next)
{
	if (prev->mm && (csr_read(sstatus) & SR_FS) == SR_FS_DIRTY)
		fpu_save(&prev->thread.fstate);
	if (next->mm)
		fpu_restore(&next->thread.fstate);
}
