/* SPDX-License-Identifier: MIT */
/*
 * Atomics and barriers. On RISC-V (RVWMO) the compiler builtins become
 * AMO/LR-SC instructions; smp_mb() is `fence rw,rw`, smp_rmb() `fence r,r`,
 * smp_wmb() `fence w,w`.
 */
#ifndef _SHOAL_ATOMIC_H
#define _SHOAL_ATOMIC_H

#include <shoal/compiler.h>

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic64_t;

#define ATOMIC_INIT(i) { (i) }

#ifdef __riscv
#define smp_mb()   __asm__ __volatile__("fence rw,rw" ::: "memory")
#define smp_rmb()  __asm__ __volatile__("fence r,r" ::: "memory")
#define smp_wmb()  __asm__ __volatile__("fence w,w" ::: "memory")
#define cpu_relax() __asm__ __volatile__("nop" ::: "memory")
#else /* host unit tests */
#define smp_mb()   __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()  __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()  __atomic_thread_fence(__ATOMIC_RELEASE)
#define cpu_relax() barrier()
#endif

#define smp_load_acquire(p)      __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)  __atomic_store_n(p, v, __ATOMIC_RELEASE)

static inline int atomic_read(const atomic_t *a) { return READ_ONCE(a->counter); }
static inline void atomic_set(atomic_t *a, int v) { WRITE_ONCE(a->counter, v); }
static inline void atomic_inc(atomic_t *a) { __atomic_fetch_add(&a->counter, 1, __ATOMIC_RELAXED); }
static inline void atomic_dec(atomic_t *a) { __atomic_fetch_sub(&a->counter, 1, __ATOMIC_RELAXED); }
static inline void atomic_add(int i, atomic_t *a) { __atomic_fetch_add(&a->counter, i, __ATOMIC_RELAXED); }
static inline void atomic_sub(int i, atomic_t *a) { __atomic_fetch_sub(&a->counter, i, __ATOMIC_RELAXED); }
static inline int atomic_add_return(int i, atomic_t *a) { return __atomic_add_fetch(&a->counter, i, __ATOMIC_SEQ_CST); }
static inline int atomic_inc_return(atomic_t *a) { return atomic_add_return(1, a); }
static inline int atomic_dec_return(atomic_t *a) { return atomic_add_return(-1, a); }
/* Returns true when the count dropped to zero (full barrier, as in Linux). */
static inline bool atomic_dec_and_test(atomic_t *a) { return atomic_add_return(-1, a) == 0; }
static inline int atomic_xchg(atomic_t *a, int v) { return __atomic_exchange_n(&a->counter, v, __ATOMIC_SEQ_CST); }
static inline int atomic_cmpxchg(atomic_t *a, int old, int new)
{
	__atomic_compare_exchange_n(&a->counter, &old, new, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}
/* Increment unless zero; returns true if it incremented. */
static inline bool atomic_inc_not_zero(atomic_t *a)
{
	int c = atomic_read(a);
	while (c) {
		if (__atomic_compare_exchange_n(&a->counter, &c, c + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

static inline long atomic64_read(const atomic64_t *a) { return READ_ONCE(a->counter); }
static inline void atomic64_set(atomic64_t *a, long v) { WRITE_ONCE(a->counter, v); }
static inline void atomic64_add(long i, atomic64_t *a) { __atomic_fetch_add(&a->counter, i, __ATOMIC_RELAXED); }
static inline long atomic64_add_return(long i, atomic64_t *a) { return __atomic_add_fetch(&a->counter, i, __ATOMIC_SEQ_CST); }
static inline void atomic64_inc(atomic64_t *a) { atomic64_add(1, a); }

/* Bit operations on unsigned long words (atomic). */
static inline void set_bit(int nr, unsigned long *w) { __atomic_fetch_or(&w[nr / 64], 1UL << (nr % 64), __ATOMIC_SEQ_CST); }
static inline void clear_bit(int nr, unsigned long *w) { __atomic_fetch_and(&w[nr / 64], ~(1UL << (nr % 64)), __ATOMIC_SEQ_CST); }
static inline bool test_bit(int nr, const unsigned long *w) { return (READ_ONCE(w[nr / 64]) >> (nr % 64)) & 1; }
static inline bool test_and_set_bit(int nr, unsigned long *w)
{
	return (__atomic_fetch_or(&w[nr / 64], 1UL << (nr % 64), __ATOMIC_SEQ_CST) >> (nr % 64)) & 1;
}
static inline bool test_and_clear_bit(int nr, unsigned long *w)
{
	return (__atomic_fetch_and(&w[nr / 64], ~(1UL << (nr % 64)), __ATOMIC_SEQ_CST) >> (nr % 64)) & 1;
}

#endif
