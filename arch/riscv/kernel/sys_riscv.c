// SPDX-License-Identifier: MIT
/*
 * riscv_flush_icache: make instructions a process wrote visible to its own
 * instruction fetches (a JIT, a loader). fence.i orders only the hart that
 * runs it, and a thread may move, so every online hart runs one: the
 * strong form of both Linux's full and SYS_RISCV_FLUSH_ICACHE_LOCAL flushes
 * (Linux defers the LOCAL one to the next migration; this does it now).
 * The range is not used, as on Linux: fence.i is all or nothing.
 * musl reaches this through the vDSO's __vdso_flush_icache.
 */
#include <shoal/kernel.h>
#include <shoal/smp.h>
#include <asm/ptrace.h>
#include <shoal/syscalls.h>

#define SYS_RISCV_FLUSH_ICACHE_LOCAL    1UL
#define SYS_RISCV_FLUSH_ICACHE_ALL      SYS_RISCV_FLUSH_ICACHE_LOCAL

static void fence_i(void *info)
{
	(void)info;
	__asm__ __volatile__("fence.i" ::: "memory");
}

SYSCALL_DEFINE3(riscv_flush_icache, unsigned long, start, unsigned long, end,
		unsigned long, flags)
{
	cpumask_t mask = cpu_online_mask;

	(void)start;
	(void)end;
	if (flags & ~SYS_RISCV_FLUSH_ICACHE_ALL)
		return -EINVAL;
	smp_call_function_many(&mask, fence_i, NULL, true);
	return 0;
}
