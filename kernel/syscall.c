// SPDX-License-Identifier: MIT
/*
 * System call dispatch. The table is built from include/shoal/syscall_list.h
 * with weak references: a handler no file defines is NULL and the call
 * returns -ENOSYS, so the table never claims a call that does not exist.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <asm/ptrace.h>

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

#define SYSCALL(nr, name) extern long name(void) __weak;
#include <shoal/syscall_list.h>
#undef SYSCALL

#define NR_SYSCALLS 512

static const syscall_fn_t syscall_table[NR_SYSCALLS] = {
#define SYSCALL(nr, name) [nr] = (syscall_fn_t)name,
#include <shoal/syscall_list.h>
#undef SYSCALL
};

unsigned long syscall_count[NR_CPUS];

long do_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->a7;
	syscall_fn_t fn;

	syscall_count[smp_processor_id()]++;
	if (nr >= NR_SYSCALLS || !(fn = syscall_table[nr]))
		return -ENOSYS;
	return fn(regs->a0, regs->a1, regs->a2, regs->a3, regs->a4, regs->a5);
}
