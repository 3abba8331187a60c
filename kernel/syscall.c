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
static unsigned long enosys_seen[NR_SYSCALLS / 64];     /* logged once each */

/* Note the first call of each unimplemented number in the kernel log
 * (dmesg), so it is easy to see what a program needs that shoal lacks. */
static long no_syscall(unsigned long nr)
{
	if (nr < NR_SYSCALLS && !test_and_set_bit(nr, enosys_seen))
		printk_log_only("%s[%d]: system call %lu is not implemented (ENOSYS)\n",
				current->comm, current->tgid, nr);
	return -ENOSYS;
}

long do_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->a7;
	syscall_fn_t fn;

	syscall_count[smp_processor_id()]++;
	if (nr >= NR_SYSCALLS || !(fn = syscall_table[nr]))
		return no_syscall(nr);
	return fn(regs->a0, regs->a1, regs->a2, regs->a3, regs->a4, regs->a5);
}
