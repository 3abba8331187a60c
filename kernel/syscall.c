// SPDX-License-Identifier: MIT
/*
 * System call dispatch. The table is built from include/shoal/syscall_list.h
 * with weak references: a handler no file defines is NULL and the call
 * returns -ENOSYS, so the table never claims a call that does not exist.
 * Every entry is the register entry point __riscv_sys_<name>(regs) that
 * SYSCALL_DEFINEn generates (include/shoal/syscalls.h); it converts each
 * register to the argument's declared width before the typed body runs.
 * Only this table may use __weak: anywhere else a missing definition
 * must be a link error, not a silent NULL.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <asm/ptrace.h>
#include <asm/asm-prototypes.h>

typedef long (*syscall_fn_t)(const struct pt_regs *regs);

#define SYSCALL(nr, name) extern long __riscv_##name(const struct pt_regs *) __weak;
#include <shoal/syscall_list.h>
#undef SYSCALL

#define NR_SYSCALLS 512

static const syscall_fn_t syscall_table[NR_SYSCALLS] = {
#define SYSCALL(nr, name) [nr] = __riscv_##name,
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
	return fn(regs);
}
