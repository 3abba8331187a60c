/* SPDX-License-Identifier: MIT */
/*
 * Access to user memory (arch/riscv/lib/uaccess.S).
 *
 * sstatus.SUM is set only inside these helpers. A fault on a user address
 * inside them is first given to the page-fault handler (demand paging, COW);
 * if that fails, the exception fixup table makes the helper return an
 * error instead of panicking. Addresses at or above TASK_SIZE are refused
 * up front, so user space cannot name kernel memory.
 *
 * Do not hold spinlocks or mm->mmap_lock across these calls: they may sleep
 * in the fault handler.
 */
#ifndef _SHOAL_UACCESS_H
#define _SHOAL_UACCESS_H

#include <shoal/types.h>
#include <shoal/mm.h>

static inline bool access_ok(const void __user *p, size_t n)
{
	unsigned long a = (unsigned long)p;
	return a <= TASK_SIZE && n <= TASK_SIZE - a;
}

/* Return the number of bytes NOT copied (0 on success), as Linux. */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
/* Copies a NUL-terminated string of at most @n bytes including the NUL.
 * Returns its length (without the NUL), -EFAULT, or -ENAMETOOLONG if no NUL
 * was found within @n bytes. */
long strncpy_from_user(char *dst, const char __user *src, long n);
/* Length including the NUL, 0 on fault, > n if too long. */
long strnlen_user(const char __user *s, long n);

/* get_user/put_user for 1, 2, 4, 8-byte objects: 0 or -EFAULT. */
int __get_user_1(u8 *v, const void __user *p);
int __get_user_2(u16 *v, const void __user *p);
int __get_user_4(u32 *v, const void __user *p);
int __get_user_8(u64 *v, const void __user *p);
int __put_user_1(u8 v, void __user *p);
int __put_user_2(u16 v, void __user *p);
int __put_user_4(u32 v, void __user *p);
int __put_user_8(u64 v, void __user *p);

/* The temporary is a plain u64 (little-endian: a 1/2/4-byte load lands in
 * its low bytes), not __typeof__(*ptr): that type may be const-qualified
 * (const char __user *s), and writing a const object through a cast lets
 * the compiler assume it is still 0. */
#define get_user(x, ptr) ({                                                  \
	int __e; u64 __v = 0;                                                \
	switch (sizeof(*(ptr))) {                                            \
	case 1: __e = __get_user_1((u8 *)&__v, (ptr)); break;                \
	case 2: __e = __get_user_2((u16 *)&__v, (ptr)); break;               \
	case 4: __e = __get_user_4((u32 *)&__v, (ptr)); break;               \
	default: __e = __get_user_8((u64 *)&__v, (ptr)); break;              \
	}                                                                    \
	(x) = (__typeof__(*(ptr)))__v; __e; })
#define put_user(x, ptr) ({                                                  \
	int __e; __typeof__(*(ptr)) __v = (x);                               \
	switch (sizeof(*(ptr))) {                                            \
	case 1: __e = __put_user_1(*(u8 *)&__v, (ptr)); break;               \
	case 2: __e = __put_user_2(*(u16 *)&__v, (ptr)); break;              \
	case 4: __e = __put_user_4(*(u32 *)&__v, (ptr)); break;              \
	default: __e = __put_user_8(*(u64 *)&__v, (ptr)); break;             \
	}                                                                    \
	__e; })

/* Futex helper: atomic compare-and-exchange on a user word.
 * Returns 0 and the old value in *uval, or -EFAULT. */
int futex_atomic_cmpxchg_inatomic(u32 *uval, u32 __user *uaddr, u32 oldval, u32 newval);
/* Atomic op for FUTEX_WAKE_OP: op is FUTEX_OP_SET/ADD/OR/ANDN/XOR. */
int arch_futex_atomic_op_inuser(int op, u32 oparg, int *oval, u32 __user *uaddr);

#endif
