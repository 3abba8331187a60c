// SPDX-License-Identifier: MIT
/*
 * Restartable sequences, Linux's ABI (rseq(2), kernel/rseq.c there):
 *
 *   struct rseq (user, 32-byte aligned):
 *     +0  u32 cpu_id_start   +4  u32 cpu_id    +8  u64 rseq_cs
 *     +16 u32 flags          +20 u32 node_id   +24 u32 mm_cid
 *   struct rseq_cs: u32 version, flags; u64 start_ip, post_commit_offset,
 *     abort_ip; the 4 bytes before abort_ip must equal the registered sig.
 *
 * When the thread goes back to user space after being switched out (its
 * nvcsw + nivcsw moved), after changing CPU, or when a signal is delivered,
 * rseq_handle_notify_resume() aborts a critical section it was inside
 * (ip in [start_ip, start_ip + post_commit_offset) -> abort_ip, rseq_cs
 * cleared) and writes cpu_id_start = cpu_id = the CPU, node_id = 0 (one
 * node), mm_cid = the CPU (unique among the mm's running threads, but not
 * compacted below the thread count as Linux's is). A fault or a malformed
 * rseq_cs is SIGSEGV, as on Linux. The deprecated RSEQ_CS_FLAG_NO_RESTART_*
 * flags are ignored (every event restarts).
 *
 * All fields are the thread's own [self]: no locks.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/mm.h>
#include <shoal/rseq.h>
#include <asm/ptrace.h>
#include <shoal/syscalls.h>

#define RSEQ_FLAG_UNREGISTER            1
#define RSEQ_CPU_ID_UNINITIALIZED       ((u32)-1)

struct rseq {
	u32 cpu_id_start;
	u32 cpu_id;
	u64 rseq_cs;
	u32 flags;
	u32 node_id;
	u32 mm_cid;
} __aligned(RSEQ_ALIGN);

struct rseq_cs {
	u32 version;
	u32 flags;
	u64 start_ip;
	u64 post_commit_offset;
	u64 abort_ip;
};

BUILD_BUG_ON(sizeof(struct rseq) != ORIG_RSEQ_SIZE);
BUILD_BUG_ON(offsetof(struct rseq, mm_cid) + 4 != RSEQ_FEATURE_SIZE);

/* The current critical-section descriptor, checked; cs->abort_ip == 0 when
 * there is none. 0 or -errno. */
static int rseq_get_rseq_cs(struct task_struct *t, struct rseq_cs *cs)
{
	u64 ptr;
	u32 sig;

	if (get_user(ptr, &t->rseq->rseq_cs))
		return -EFAULT;
	memset(cs, 0, sizeof(*cs));
	if (!ptr)
		return 0;
	if (ptr >= TASK_SIZE)
		return -EINVAL;
	if (copy_from_user(cs, (const void __user *)(unsigned long)ptr, sizeof(*cs)))
		return -EFAULT;
	if (cs->version > 0 || cs->start_ip >= TASK_SIZE || cs->abort_ip >= TASK_SIZE ||
	    cs->post_commit_offset >= TASK_SIZE ||
	    cs->start_ip + cs->post_commit_offset >= TASK_SIZE)
		return -EINVAL;
	if (cs->abort_ip - cs->start_ip < cs->post_commit_offset)
		return -EINVAL;         /* abort handler inside the section */
	if (get_user(sig, (const u32 __user *)(unsigned long)(cs->abort_ip - sizeof(u32))))
		return -EFAULT;
	return sig == t->rseq_sig ? 0 : -EINVAL;
}

static int rseq_ip_fixup(struct pt_regs *regs)
{
	struct task_struct *t = current;
	struct rseq_cs cs;
	int err = rseq_get_rseq_cs(t, &cs);

	if (err)
		return err;
	if (!cs.abort_ip && !cs.start_ip && !cs.post_commit_offset)
		return 0;               /* no section registered */
	if (put_user((u64)0, &t->rseq->rseq_cs))
		return -EFAULT;
	if (regs->epc - cs.start_ip < cs.post_commit_offset)
		regs->epc = cs.abort_ip;
	return 0;
}

static int rseq_write_cpu(struct task_struct *t, u32 cpu_start, u32 cpu, u32 cid)
{
	if (put_user(cpu_start, &t->rseq->cpu_id_start) || put_user(cpu, &t->rseq->cpu_id) ||
	    put_user((u32)0, &t->rseq->node_id) || put_user(cid, &t->rseq->mm_cid))
		return -EFAULT;
	return 0;
}

void rseq_handle_notify_resume(struct pt_regs *regs)
{
	struct task_struct *t = current;
	int cpu = smp_processor_id();

	/* Noted first: if the writes below sleep (a fault) or move us, the
	 * exit path sees the change and comes here again. */
	t->rseq_cpu = cpu;
	t->rseq_switches = t->nvcsw + t->nivcsw;
	if (rseq_ip_fixup(regs) || rseq_write_cpu(t, cpu, cpu, cpu))
		force_sig(SIGSEGV);
}

static long rseq_unregister(struct rseq __user *rseq, u32 len, u32 sig)
{
	struct task_struct *t = current;

	if (!t->rseq || t->rseq != rseq || len != t->rseq_len)
		return -EINVAL;
	if (sig != t->rseq_sig)
		return -EPERM;
	if (rseq_write_cpu(t, 0, RSEQ_CPU_ID_UNINITIALIZED, 0))
		return -EFAULT;
	t->rseq = NULL;
	t->rseq_len = t->rseq_sig = 0;
	return 0;
}

SYSCALL_DEFINE4(rseq, struct rseq __user *, rseq, u32, rseq_len, int, flags, u32, sig)
{
	struct task_struct *t = current;
	unsigned long a = (unsigned long)rseq;

	if (flags & RSEQ_FLAG_UNREGISTER) {
		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		return rseq_unregister(rseq, rseq_len, sig);
	}
	if (flags)
		return -EINVAL;
	if (t->rseq) {
		if (t->rseq != rseq || rseq_len != t->rseq_len)
			return -EINVAL;
		return sig == t->rseq_sig ? -EBUSY : -EPERM;
	}
	/* the original 32 bytes 32-aligned, or at least every field we write */
	if (rseq_len < ORIG_RSEQ_SIZE ||
	    (rseq_len == ORIG_RSEQ_SIZE && (a & (ORIG_RSEQ_SIZE - 1))) ||
	    (rseq_len != ORIG_RSEQ_SIZE && ((a & (RSEQ_ALIGN - 1)) || rseq_len < RSEQ_FEATURE_SIZE)))
		return -EINVAL;
	if (!access_ok(rseq, rseq_len))
		return -EFAULT;
	t->rseq = rseq;
	t->rseq_len = rseq_len;
	t->rseq_sig = sig;
	t->rseq_cpu = -1;               /* written on the way out of this call */
	return 0;
}
