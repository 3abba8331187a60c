// SPDX-License-Identifier: MIT
/*
 * Trap dispatch: interrupts, system calls, page faults and other
 * exceptions, and the work done on the way back to user mode.
 *
 * Kernel code runs with interrupts enabled except inside spin_lock_irq*
 * sections and interrupt handlers; handlers never nest (SIE stays clear).
 */
#include <shoal/oom.h>
#include <shoal/kernel.h>
#include <shoal/profile.h>
#include <shoal/nmi.h>
#include <shoal/sched/debug.h>
#include <shoal/sched.h>
#include <shoal/rseq.h>
#include <shoal/signal.h>
#include <shoal/softirq.h>
#include <shoal/mm_types.h>
#include <shoal/time.h>
#include <shoal/irq.h>
#include <shoal/uaccess.h>
#include <asm/csr.h>
#include <asm/ptrace.h>
#include <asm/asm-prototypes.h>

struct exception_table_entry { unsigned long insn, fixup; };
extern struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static unsigned long search_exception_table(unsigned long epc)
{
	struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == epc)
			return e->fixup;
	return 0;
}

static const char *const exc_names[] = {
	"instruction address misaligned", "instruction access fault",
	"illegal instruction", "breakpoint", "load address misaligned",
	"load access fault", "store address misaligned", "store access fault",
	"user ecall", "supervisor ecall", "?", "?", "instruction page fault",
	"load page fault", "?", "store page fault",
};

static void show_regs(const struct pt_regs *r)
{
	const unsigned long *x = (const unsigned long *)r;
	int i;

	printk("epc %016lx status %016lx cause %lx badaddr %016lx\n",
	       r->epc, r->status, r->cause, r->badaddr);
	for (i = 0; i < 32; i += 4)     /* x[0] is epc in pt_regs: print it as x0 = 0 */
		printk("x%-2d %016lx x%-2d %016lx x%-2d %016lx x%-2d %016lx\n",
		       i, i ? x[i] : 0, i + 1, x[i + 1], i + 2, x[i + 2], i + 3, x[i + 3]);
}

/*
 * Return addresses up the kernel stack, by frame pointer (the kernel is
 * built with -fno-omit-frame-pointer: ra at fp - 8, the caller's fp at
 * fp - 16). Stops at the first frame outside @t's kernel stack, so a
 * racy walk of a sleeping task's stack reads nothing else.
 */
void show_stack(struct task_struct *t, const struct pt_regs *regs)
{
	unsigned long lo = (unsigned long)t->stack, hi = lo + KSTACK_SIZE;
	unsigned long fp;
	int depth;

	if (regs) {
		printk("backtrace: %016lx %016lx", regs->epc, regs->ra);
		fp = regs->s0;
	} else {
		printk("backtrace: %016lx", READ_ONCE(t->thread.ra));
		fp = READ_ONCE(t->thread.s[0]);
	}
	for (depth = 0; depth < 16 && fp > lo + 16 && fp <= hi && !(fp & 7); depth++) {
		unsigned long ra = READ_ONCE(((unsigned long *)fp)[-1]);

		/* interrupted in a leaf function: it saved only the caller's
		 * fp (at fp - 8), and regs->ra is its return address */
		if (regs && depth == 0 && ra > lo && ra <= hi) {
			fp = ra;
			continue;
		}
		printk(" %016lx", ra);
		fp = READ_ONCE(((unsigned long *)fp)[-2]);
	}
	printk("\n");
}

static __noreturn void die(struct pt_regs *regs, const char *why)
{
	unsigned long c = regs->cause;

	printk("kernel trap: %s (%s) on CPU %d\n", why,
	       c < ARRAY_SIZE(exc_names) ? exc_names[c] : "?", smp_processor_id());
	show_regs(regs);
	if (!user_mode(regs))
		show_stack(current, regs);
	panic("fatal kernel exception");
}

static void do_page_fault(struct pt_regs *regs)
{
	unsigned long addr = regs->badaddr, fixup;
	unsigned int flags = 0;
	int err;
	struct mm_struct *mm = current->mm;

	if (regs->cause == EXC_STORE_PAGE_FAULT)
		flags |= FAULT_FLAG_WRITE;
	else if (regs->cause == EXC_INST_PAGE_FAULT)
		flags |= FAULT_FLAG_EXEC;
	if (user_mode(regs))
		flags |= FAULT_FLAG_USER;

	if (!user_mode(regs)) {
		fixup = search_exception_table(regs->epc);
		if (!fixup || addr >= TASK_SIZE)
			die(regs, "kernel page fault");
		local_irq_enable();
		if (mm && handle_mm_fault(mm, addr, flags) == 0)
			return;
		regs->epc = fixup;
		return;
	}
	local_irq_enable();
	err = (mm && addr < TASK_SIZE) ? handle_mm_fault(mm, addr, flags) : -EFAULT;
	if (err == 0)
		return;
	if (err == VM_FAULT_SIGBUS)
		force_sig_fault(SIGBUS, BUS_ADRERR, addr);
	else if (err == VM_FAULT_OOM)
		pagefault_out_of_memory();      /* then the instruction is retried */
	else
		force_sig_fault(SIGSEGV, mm ? fault_si_code(mm, addr) : SEGV_MAPERR, addr);
}

static void do_exception(struct pt_regs *regs)
{
	unsigned long c = regs->cause, fixup;

	switch (c) {
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
		do_page_fault(regs);
		return;
	}
	if (!user_mode(regs)) {
		/* access faults on user addresses inside uaccess helpers */
		fixup = search_exception_table(regs->epc);
		if (fixup && (c == EXC_LOAD_ACCESS || c == EXC_STORE_ACCESS ||
			      c == EXC_LOAD_MISALIGNED || c == EXC_STORE_MISALIGNED)) {
			regs->epc = fixup;
			return;
		}
		die(regs, "unexpected exception");
	}
	local_irq_enable();
	switch (c) {
	case EXC_ILLEGAL_INST:
		force_sig_fault(SIGILL, ILL_ILLOPC, regs->epc);
		break;
	case EXC_BREAKPOINT:
		force_sig_fault(SIGTRAP, TRAP_BRKPT, regs->epc);
		break;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		force_sig_fault(SIGBUS, BUS_ADRALN, regs->badaddr);
		break;
	default:        /* access faults: no such physical address */
		force_sig_fault(c == EXC_INST_ACCESS ? SIGSEGV : SIGBUS,
				c == EXC_INST_ACCESS ? SEGV_ACCERR : BUS_ADRERR, regs->badaddr);
		break;
	}
}

static void do_irq(struct pt_regs *regs)
{
	unsigned long code = regs->cause & ~CAUSE_IRQ_FLAG;

	this_cpu()->irq_from_user = user_mode(regs);
	irq_enter();
	switch (code) {
	case IRQ_S_TIMER:
		this_cpu()->timer_count++;
		profile_tick(regs->epc, user_mode(regs));
		timer_interrupt();
		watchdog_timer_interrupt(regs);
		imsic_check_missed();
		break;
	case IRQ_S_EXT:
		imsic_handle_irq();
		break;
	case IRQ_S_SOFT:        /* SBI IPI fallback */
		csr_clear(sip, SIE_SSIE);
		handle_ipi();
		break;
	default:
		printk("unexpected interrupt %lu\n", code);
	}
	irq_exit();
}

/*
 * Work before returning to user mode: reschedule and deliver signals until
 * neither is pending. Runs with IRQs enabled; returns with them disabled.
 * @syscall: regs->a0 holds a system call result that may need a restart.
 */
static void exit_to_user_mode(struct pt_regs *regs, bool syscall)
{
	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (signal_pending(current) ||
		    (syscall && IS_ERR_VALUE(regs->a0) && -(long)regs->a0 >= ERESTARTSYS &&
		     -(long)regs->a0 <= ERESTART_RESTARTBLOCK)) {
			local_irq_enable();
			do_signal(regs);
			syscall = false;
			continue;
		}
		if (unlikely(current->rseq) && rseq_need_update(current)) {
			local_irq_enable();
			rseq_handle_notify_resume(regs);
			continue;
		}
		return;
	}
}

/* ret_from_fork: a new user task's first trip out of the kernel. */
void ret_to_user_prepare(void)
{
	local_irq_enable();
	/* CLONE_CHILD_SETTID: written by the child, in its own address space */
	if (current->set_child_tid)
		(void)put_user(current->pid, current->set_child_tid);  /* Linux ignores a fault */
	current->set_child_tid = NULL;
	exit_to_user_mode(task_pt_regs(current), false);
}

void do_trap(struct pt_regs *regs)
{
	bool from_user = user_mode(regs);
	bool syscall = false;

	if (regs->cause & CAUSE_IRQ_FLAG) {
		do_irq(regs);
	} else if (regs->cause == EXC_SYSCALL && from_user) {
		regs->epc += 4;
		regs->orig_a0 = regs->a0;
		current->nr_syscalls++;
		local_irq_enable();
		regs->a0 = do_syscall(regs);
		syscall = true;
	} else {
		do_exception(regs);
	}
	if (from_user) {
		local_irq_enable();
		exit_to_user_mode(regs, syscall);
	}
}
