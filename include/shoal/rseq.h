/* SPDX-License-Identifier: MIT */
/*
 * Restartable sequences (kernel/rseq.c): a thread registers a struct rseq;
 * on its way back to user space after it was switched out, moved or given
 * a signal, the kernel rewrites cpu_id and aborts a critical section it was
 * inside (ip to the abort handler).
 */
#ifndef _SHOAL_RSEQ_H
#define _SHOAL_RSEQ_H

#include <shoal/sched.h>
#include <uapi/sched.h>

struct pt_regs;

#define ORIG_RSEQ_SIZE          32      /* the first struct rseq; still the minimum */
#define RSEQ_FEATURE_SIZE       28      /* offsetof(struct rseq, end): up to mm_cid */
#define RSEQ_ALIGN              32

/* Has current been switched out or moved since its rseq area was written?
 * (IRQs off on the way out to user mode: the CPU cannot change under us.) */
static inline bool rseq_need_update(struct task_struct *t)
{
	return t->rseq_cpu != smp_processor_id() || t->rseq_switches != t->nvcsw + t->nivcsw;
}

/* Return to user mode (IRQs on): abort a critical section, write cpu_id;
 * a bad area is SIGSEGV. */
void rseq_handle_notify_resume(struct pt_regs *regs);

/* Before a signal frame is built: the same, so the frame holds the abort. */
static inline void rseq_signal_deliver(struct pt_regs *regs)
{
	if (current->rseq)
		rseq_handle_notify_resume(regs);
}

/* fork keeps the registration (same address space layout), a thread
 * (CLONE_VM) starts without; exec drops it. */
static inline void rseq_fork(struct task_struct *p, unsigned long clone_flags)
{
	if (clone_flags & CLONE_VM) {
		p->rseq = NULL;
		p->rseq_len = p->rseq_sig = 0;
	} else {
		p->rseq = current->rseq;
		p->rseq_len = current->rseq_len;
		p->rseq_sig = current->rseq_sig;
	}
	p->rseq_cpu = -1;
	p->rseq_switches = 0;
}

static inline void rseq_execve(struct task_struct *t)
{
	t->rseq = NULL;
	t->rseq_len = t->rseq_sig = 0;
	t->rseq_cpu = -1;
}

#endif
