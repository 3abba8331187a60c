/* SPDX-License-Identifier: MIT */
/*
 * Typed system call definitions, as Linux's include/linux/syscalls.h.
 *
 *	SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
 *	{ ... }
 *
 * generates the entry point the table calls, __riscv_sys_read(regs), which
 * reads the six argument registers as longs and converts each one to its
 * declared type before calling the typed body __do_sys_read(fd, buf, count).
 *
 * Why: the RISC-V calling convention lets a callee assume that a 32-bit
 * argument arrives sign-extended in its 64-bit register, but user space
 * promises nothing about the upper 32 bits. Calling a handler declared with
 * `int`/`unsigned int` parameters through a pointer taking six unsigned longs
 * would let a garbage-topped register reach a 64-bit comparison. The cast in
 * __SC_CAST truncates a 32-bit argument exactly as Linux's wrappers do
 * (sign-extended for int, zero-extended for unsigned int); pointers and longs
 * pass through unchanged. No body can be reached with an argument of the
 * wrong width, because the body is static and takes only the typed list.
 */
#ifndef _SHOAL_SYSCALLS_H
#define _SHOAL_SYSCALLS_H

#include <shoal/compiler.h>

struct pt_regs;

/* __MAP(n, m, t1, a1, ..., tn, an) applies m(t, a) to each pair. */
#define __MAP0(m, ...)
#define __MAP1(m, t, a, ...) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a)		t a
#define __SC_LONG(t, a)		long a
#define __SC_CAST(t, a)		((t)(a))
/* Fails to compile if a declared type is wider than a register. */
#define __SC_TEST(t, a)		(void)sizeof(char[1 - 2 * (sizeof(t) > sizeof(long))])
#define __SC_ARGS(t, a)		a

/* The six argument registers a0..a5, in order. */
#define __RISCV_REGS_TO_ARGS(n, regs) __RISCV_REGS##n(regs)
#define __RISCV_REGS1(r) (long)(r)->a0
#define __RISCV_REGS2(r) __RISCV_REGS1(r), (long)(r)->a1
#define __RISCV_REGS3(r) __RISCV_REGS2(r), (long)(r)->a2
#define __RISCV_REGS4(r) __RISCV_REGS3(r), (long)(r)->a3
#define __RISCV_REGS5(r) __RISCV_REGS4(r), (long)(r)->a4
#define __RISCV_REGS6(r) __RISCV_REGS5(r), (long)(r)->a5

#define SYSCALL_DEFINE0(sname)						\
	long __riscv_sys_##sname(const struct pt_regs *__unused);	\
	long __riscv_sys_##sname(const struct pt_regs *__unused __attribute__((unused)))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

/*
 * __se_sys (sign-extend, as Linux names it) takes every argument as a long
 * and casts it to the declared type; __do_sys is the body written after the
 * macro. Both are static, so the only way in is the register entry point.
 */
#define SYSCALL_DEFINEx(x, name, ...)					\
	long __riscv_sys##name(const struct pt_regs *regs);		\
	static inline long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__)); \
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__))	\
	{								\
		__MAP(x, __SC_TEST, __VA_ARGS__);			\
		return __do_sys##name(__MAP(x, __SC_CAST, __VA_ARGS__)); \
	}								\
	long __riscv_sys##name(const struct pt_regs *regs)		\
	{								\
		return __se_sys##name(__RISCV_REGS_TO_ARGS(x, regs));	\
	}								\
	static inline long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#endif /* _SHOAL_SYSCALLS_H */
