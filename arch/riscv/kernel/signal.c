// SPDX-License-Identifier: MIT
/*
 * riscv signal frames, rt_sigreturn and system-call restarts.
 *
 * The frame is Linux's struct rt_sigframe byte for byte (glibc and musl
 * read uc_mcontext for ucontext and siglongjmp, debuggers read all of it):
 *
 *   sp ->  +0     siginfo_t info                  128 bytes
 *          +128   struct ucontext uc:
 *            +0     uc_flags, uc_link                16
 *            +16    stack_t uc_stack                 24
 *            +40    sigset_t uc_sigmask               8, padded to 128 (glibc's
 *                                                     1024-bit sigset_t)
 *            +176   struct sigcontext uc_mcontext (16-byte aligned):
 *              +0     sc_regs: pc, x1..x31          256 (= pt_regs' first 32 words)
 *              +256   sc_fpregs: union __riscv_fp_state, 528 bytes:
 *                       d.f[32], d.fcsr at +256; the Q variant's size; the
 *                       last 12 bytes are the extension header (reserved
 *                       word, then {magic, size} = END {0, 0}: no vector state)
 *   total 1088 bytes, 16-byte aligned, below the interrupted sp (or at the
 *   top of the alternate stack).
 *
 * The handler runs with a0 = sig, a1 = &info, a2 = &uc (always, as Linux),
 * ra = the vDSO's __vdso_rt_sigreturn (`li a7, 139; ecall`). As on Linux
 * riscv, sa_restorer is not used: riscv has no SA_RESTORER.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/rseq.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/mm_types.h>
#include <shoal/vdso.h>
#include <asm/csr.h>
#include <asm/ptrace.h>
#include <asm/switch_to.h>
#include <shoal/syscalls.h>

#define __NR_restart_syscall    128
#define END_MAGIC               0
#define END_HDR_SIZE            0

union riscv_fp_state {
	struct {
		u64 f[32];
		u32 fcsr;
	} d;
	struct {
		u64 f[64] __aligned(16);
		u32 fcsr;
		u32 reserved[3];
	} q;
	struct {
		u32 padding[129] __aligned(16);
		u32 reserved;           /* must be 0 */
		struct { u32 magic, size; } hdr;        /* first extension header */
	} ext;
};

struct sigcontext {
	unsigned long sc_regs[32];      /* struct user_regs_struct: pc, x1..x31 */
	union riscv_fp_state sc_fpregs;
};

struct ucontext {
	unsigned long uc_flags;
	struct ucontext __user *uc_link;
	stack_t uc_stack;
	sigset_t uc_sigmask;
	u8 __unused[1024 / 8 - sizeof(sigset_t)];
	struct sigcontext uc_mcontext;
};

struct rt_sigframe {
	u8 info[SI_MAX_SIZE];
	struct ucontext uc;
};

BUILD_BUG_ON(sizeof(union riscv_fp_state) != 528);
BUILD_BUG_ON(offsetof(struct ucontext, uc_sigmask) != 40);
BUILD_BUG_ON(offsetof(struct ucontext, uc_mcontext) != 176);
BUILD_BUG_ON(sizeof(struct sigcontext) != 784);
BUILD_BUG_ON(offsetof(struct rt_sigframe, uc) != 128);
BUILD_BUG_ON(sizeof(struct rt_sigframe) != 1088);
BUILD_BUG_ON(offsetof(struct pt_regs, t6) != 31 * 8);

/* Where the frame goes: on the alternate stack if asked for and not on it
 * already; an overflow of the alternate stack gets a bogus address so the
 * task dies of SIGSEGV rather than scribbling below it. */
static unsigned long get_sigframe(struct ksignal *ksig, struct pt_regs *regs, size_t size)
{
	unsigned long sp = regs->sp;

	if (on_sig_stack(sp) && !on_sig_stack(sp - size))
		return -1UL;
	sp = sigsp(sp, ksig) - size;
	return sp & ~0xfUL;
}

static void save_fp_state(struct sigcontext *sc)
{
	struct user_fpregs *fs = &current->thread.fstate;

	fpu_flush_current();
	memcpy(sc->sc_fpregs.d.f, fs->f, sizeof(sc->sc_fpregs.d.f));
	sc->sc_fpregs.d.fcsr = fs->fcsr;
	sc->sc_fpregs.ext.reserved = 0;
	sc->sc_fpregs.ext.hdr.magic = END_MAGIC;
	sc->sc_fpregs.ext.hdr.size = END_HDR_SIZE;
}

static int setup_rt_frame(struct ksignal *ksig, sigset_t oldset, struct pt_regs *regs)
{
	struct rt_sigframe f;
	struct rt_sigframe __user *frame;
	unsigned long sp, tramp = vdso_sigreturn_addr(current->mm);

	sp = get_sigframe(ksig, regs, sizeof(f));
	frame = (struct rt_sigframe __user *)sp;
	if (!tramp || !access_ok(frame, sizeof(f)))
		return -EFAULT;
	memset(&f, 0, sizeof(f));
	memcpy(f.info, &ksig->info, sizeof(ksig->info));
	save_altstack(&f.uc.uc_stack, regs->sp);
	f.uc.uc_sigmask = oldset;
	memcpy(f.uc.uc_mcontext.sc_regs, regs, sizeof(f.uc.uc_mcontext.sc_regs));
	save_fp_state(&f.uc.uc_mcontext);
	if (copy_to_user(frame, &f, sizeof(f)))
		return -EFAULT;

	regs->ra = tramp;
	regs->epc = (unsigned long)ksig->ka.handler;
	regs->sp = sp;
	regs->a0 = ksig->sig;
	regs->a1 = (unsigned long)&frame->info;
	regs->a2 = (unsigned long)&frame->uc;
	return 0;
}

static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	int err;

	rseq_signal_deliver(regs);      /* the frame saves an rseq abort, not the critical section */
	err = setup_rt_frame(ksig, sigmask_to_save(), regs);

	signal_setup_done(err, ksig);
}

/*
 * On the way back to user mode (IRQs enabled): deliver one signal or take
 * its default action, and apply the restart rules to an interrupted system
 * call (regs->cause == EXC_SYSCALL, its result in a0):
 *
 *   result                  handler runs                 no handler / no signal
 *   -ERESTARTNOHAND         EINTR                        restart
 *   -ERESTARTSYS            restart if SA_RESTART, else  restart
 *                           EINTR
 *   -ERESTARTNOINTR         restart                      restart
 *   -ERESTART_RESTARTBLOCK  EINTR                        restart as restart_syscall
 *
 * Restarting re-executes the ecall with the original a0 (orig_a0).
 * regs->cause is then set to -1 so that a second pass (another signal, or
 * rt_sigreturn) never restarts the same call twice.
 */
void do_signal(struct pt_regs *regs)
{
	unsigned long continue_addr = 0, restart_addr = 0;
	bool syscall = regs->cause == EXC_SYSCALL;
	long retval = 0;
	struct ksignal ksig;

	if (syscall) {
		continue_addr = regs->epc;
		restart_addr = continue_addr - 4;
		retval = (long)regs->a0;
		regs->cause = -1UL;
		switch (retval) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
		case -ERESTART_RESTARTBLOCK:
			regs->a0 = regs->orig_a0;
			regs->epc = restart_addr;
			break;
		default:
			syscall = false;
		}
	}
	if (get_signal(&ksig)) {
		if (syscall && (retval == -ERESTARTNOHAND || retval == -ERESTART_RESTARTBLOCK ||
				(retval == -ERESTARTSYS && !(ksig.ka.flags & SA_RESTART)))) {
			regs->a0 = -EINTR;
			regs->epc = continue_addr;
		}
		handle_signal(&ksig, regs);
		return;
	}
	if (syscall && retval == -ERESTART_RESTARTBLOCK)
		regs->a7 = __NR_restart_syscall;
	restore_saved_sigmask();
}

static int restore_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
	struct user_fpregs *fs = &current->thread.fstate;
	unsigned long status = regs->status;

	/* No vector or other extension state is ever saved: accept only the
	 * END header, as Linux does without those extensions. */
	if (sc->sc_fpregs.ext.reserved || sc->sc_fpregs.ext.hdr.magic != END_MAGIC)
		return -EINVAL;
	/* pc and x1..x31 only: sstatus stays the kernel's (SPP, SIE, ...). */
	memcpy(regs, sc->sc_regs, sizeof(sc->sc_regs));
	regs->status = status;
	memcpy(fs->f, sc->sc_fpregs.d.f, sizeof(fs->f));
	fs->fcsr = sc->sc_fpregs.d.fcsr;
	fpu_load_current();
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct rt_sigframe __user *frame = (struct rt_sigframe __user *)regs->sp;
	struct ucontext uc;

	current->restart_block.fn = do_no_restart_syscall;
	if (!access_ok(frame, sizeof(*frame)) ||
	    copy_from_user(&uc, &frame->uc, sizeof(uc)))
		goto badframe;
	set_current_blocked(uc.uc_sigmask);
	if (restore_sigcontext(regs, &uc.uc_mcontext))
		goto badframe;
	if (restore_altstack(&frame->uc.uc_stack))
		goto badframe;
	regs->cause = -1UL;     /* the restored a0 is no syscall result */
	return regs->a0;

badframe:
	force_sig(SIGSEGV);
	return 0;
}
