/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks.
 *
 * A spinlock_t is a ticket-free test-and-test-and-set lock. Every lock
 * belongs to a lock class: one static struct lock_class per call site of
 * spin_lock_init() (or DEFINE_SPINLOCK), as Linux's lockdep keys work. With
 * CONFIG_LOCK_STAT each class counts acquisitions, contended acquisitions,
 * total and maximum wait time; /proc/lock_stat prints them.
 *
 * With CONFIG_DEBUG a lock records its owner CPU, so assert_spin_locked()
 * and the "recursive acquire" check work, and lock classes carry a rank:
 * a CPU may only take a lock whose class rank is higher than every ranked
 * lock it holds (rank 0 = unranked, not checked). Files that own locks state
 * their order in their header comment and give the ranks in lockrank.h.
 *
 * Which variant: plain spin_lock() for locks never taken from interrupt or
 * softirq context; spin_lock_irqsave() for locks an interrupt handler also
 * takes; spin_lock_bh() for locks the NET_RX/TIMER softirqs also take.
 */
#ifndef _SHOAL_SPINLOCK_H
#define _SHOAL_SPINLOCK_H

#include <shoal/types.h>
#include <shoal/compiler.h>
#include <shoal/irqflags.h>

struct lock_class {
	const char *name;
	int rank;                       /* lock order rank, 0 = unchecked */
	struct lock_class *next;        /* registered classes (lock_class_list) */
	int registered;
	/* statistics (CONFIG_LOCK_STAT), updated with relaxed atomics */
	unsigned long acquisitions;
	unsigned long contended;
	unsigned long wait_ns;
	unsigned long max_wait_ns;
};

typedef struct spinlock {
	volatile unsigned int locked;
	int owner_cpu;                  /* CONFIG_DEBUG only; -1 when free */
	struct lock_class *class;
} spinlock_t;

void __spin_lock_init(spinlock_t *l, struct lock_class *class);

#define __LOCK_CLASS(nm, rk) { .name = nm, .rank = rk }
#define spin_lock_init_ranked(l, nm, rk) do {                               \
	static struct lock_class __lc = __LOCK_CLASS(nm, rk);               \
	__spin_lock_init(l, &__lc);                                         \
} while (0)
#define spin_lock_init_named(l, nm) spin_lock_init_ranked(l, nm, 0)
#define spin_lock_init(l) spin_lock_init_named(l, #l)

/* The class is a file-scope compound literal (static storage), so that
 * `static DEFINE_SPINLOCK(x);` works as in Linux, and a lock inside a
 * static struct can be initialised with __SPIN_LOCK_UNLOCKED(class name). */
#define __SPIN_LOCK_UNLOCKED_RANKED(x, rk)                                  \
	{ .locked = 0, .owner_cpu = -1,                                     \
	  .class = &(struct lock_class)__LOCK_CLASS(#x, rk) }
#define __SPIN_LOCK_UNLOCKED(x) __SPIN_LOCK_UNLOCKED_RANKED(x, 0)
#define DEFINE_SPINLOCK_RANKED(x, rk) spinlock_t x = __SPIN_LOCK_UNLOCKED_RANKED(x, rk)
#define DEFINE_SPINLOCK(x) DEFINE_SPINLOCK_RANKED(x, 0)
#include <shoal/lockrank.h>

void spin_lock(spinlock_t *l);
void spin_lock_nested(spinlock_t *l);   /* same class, caller-ordered: no rank check */
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
bool spin_is_locked(spinlock_t *l);
/* CONFIG_DEBUG: an interrupt or a softirq run begins and ends a context
 * of its own for the lock-rank check (kernel/locking/spinlock.c). */
#ifdef CONFIG_DEBUG
void lock_context_enter(void);
void lock_context_exit(void);
#else
static inline void lock_context_enter(void) { }
static inline void lock_context_exit(void) { }
#endif

/* True if this CPU holds @l (meaningful only with CONFIG_DEBUG). */
bool spin_held_by_me(spinlock_t *l);

#define spin_lock_irqsave(l, flags) do { flags = local_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { spin_unlock(l); local_irq_restore(flags); } while (0)
#define spin_lock_irq(l) do { local_irq_disable(); spin_lock(l); } while (0)
#define spin_unlock_irq(l) do { spin_unlock(l); local_irq_enable(); } while (0)
void local_bh_disable(void);
void local_bh_enable(void);
#define spin_lock_bh(l) do { local_bh_disable(); spin_lock(l); } while (0)
#define spin_unlock_bh(l) do { spin_unlock(l); local_bh_enable(); } while (0)

#ifdef CONFIG_DEBUG
#define assert_spin_locked(l) do { if (!spin_held_by_me(l)) panic("lock %s not held at %s:%d", (l)->class ? (l)->class->name : "?", __FILE__, __LINE__); } while (0)
#else
#define assert_spin_locked(l) do { (void)(l); } while (0)
#endif

/* /proc/lock_stat */
struct seq_buf;
int lock_stat_show(char *buf, size_t size);
/* Zero every class's counters (writing to /proc/lock_stat, as in Linux). */
void lock_stat_clear(void);
/* Clock for wait times, ns (kernel/locking/spinlock.c: the time CSR). */
u64 lockstat_clock(void);

#endif
