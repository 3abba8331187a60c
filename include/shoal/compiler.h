/* SPDX-License-Identifier: MIT */
#ifndef _SHOAL_COMPILER_H
#define _SHOAL_COMPILER_H

#define __user                  /* marks a user-space pointer: reach it only through uaccess.h */
#define __init
#define __noreturn              __attribute__((noreturn))
#define __aligned(x)            __attribute__((aligned(x)))
#define __packed                __attribute__((packed))
#define __section(s)            __attribute__((section(s)))
#define __used                  __attribute__((used))
#define __weak                  __attribute__((weak))
#define __always_inline         inline __attribute__((always_inline))
#define __cacheline_aligned     __aligned(64)
#define __printf(a, b)          __attribute__((format(printf, a, b)))
#define likely(x)               __builtin_expect(!!(x), 1)
#define unlikely(x)             __builtin_expect(!!(x), 0)
#define barrier()               __asm__ __volatile__("" ::: "memory")

#define offsetof(t, m)          __builtin_offsetof(t, m)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define READ_ONCE(x)            (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)        (*(volatile __typeof__(x) *)&(x) = (v))

#define BUILD_BUG_ON(c)         _Static_assert(!(c), #c)

#endif
