// SPDX-License-Identifier: MIT
/*
 * Spinlocks (include/shoal/spinlock.h).
 *
 * Test-and-test-and-set: one amoswap.w.aq to try, then spin on plain loads
 * (the line stays shared in every waiter's cache) until the lock looks free.
 * Unlock is a store-release (fence rw,w; sw). IRQ and BH state are the
 * caller's business (the _irqsave/_bh wrappers in the header). Every lock
 * must have a class (DEFINE_SPINLOCK / spin_lock_init*): a zeroed lock with
 * class NULL works but is not counted, and with CONFIG_DEBUG its owner_cpu
 * of 0 is harmless (it is only read while the lock is held).
 *
 * CONFIG_DEBUG adds:
 *   - owner_cpu: recursive acquire and unlock by a non-owner panic;
 *   - lock ranks: each CPU keeps a stack of the ranked locks it holds
 *     (interrupt handlers push onto the stack of the CPU they interrupt,
 *     as lockdep does), and taking a ranked lock whose rank is <= the
 *     highest held rank panics naming both locks. spin_trylock() cannot
 *     deadlock, so it records the lock without checking the order.
 *
 * CONFIG_LOCK_STAT adds per-class counters (acquisitions, contended
 * acquisitions, total and max wait). The clock is read only when the first
 * try fails, so uncontended acquisitions cost one relaxed atomic add. A class
 * registers itself on first acquisition by a CAS push onto lock_class_list
 * (lock-free: classes are never removed, so readers just follow ->next).
 */
#include <shoal/kernel.h>
#include <shoal/spinlock.h>
#include <shoal/smp.h>

#ifdef __riscv
#include <shoal/time.h>

/* ns from the `time` CSR; 10 MHz (QEMU virt) until the DT has been read. */
u64 lockstat_clock(void)
{
	unsigned long t, f = READ_ONCE(timebase_freq);

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	if (!f)
		f = 10000000;
	return (t / f) * NSEC_PER_SEC + (t % f) * NSEC_PER_SEC / f;
}
#else
u64 lockstat_clock(void);       /* tests/host/shim.c: clock_gettime */
#endif

void __spin_lock_init(spinlock_t *l, struct lock_class *class)
{
	l->locked = 0;
	l->owner_cpu = -1;
	l->class = class;
}

static inline bool arch_spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

/* Spin until the lock looks free, then try again; returns after acquiring. */
static void arch_spin_lock_slow(spinlock_t *l)
{
	do {
		while (READ_ONCE(l->locked))
			cpu_relax();
	} while (!arch_spin_trylock(l));
}

/*
 * Store-release. gcc 12 turns __atomic_store_n(RELEASE) into
 * "fence iorw,ow; amoswap.w"; RVWMO only needs "fence rw,w; sw" (Linux's
 * mapping), which is cheaper under TCG. Paired with the amoswap.w.aq above.
 */
static inline void arch_spin_unlock(spinlock_t *l)
{
#ifdef __riscv
	__asm__ __volatile__("fence rw,w" ::: "memory");
	WRITE_ONCE(l->locked, 0);
#else
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
#endif
}

/* ---------------------------------------------------------------- lock_stat */

#ifdef CONFIG_LOCK_STAT
static struct lock_class *lock_class_list;      /* CAS-pushed, never popped */

static void lock_class_register(struct lock_class *c)
{
	int zero = 0;
	struct lock_class *head;

	if (!__atomic_compare_exchange_n(&c->registered, &zero, 1, 0,
					 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return;
	head = __atomic_load_n(&lock_class_list, __ATOMIC_RELAXED);
	do {
		c->next = head;
	} while (!__atomic_compare_exchange_n(&lock_class_list, &head, c, 1,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

static void lockstat_acquired(struct lock_class *c, bool contended, u64 wait)
{
	unsigned long old;

	if (!c)
		return;
	if (unlikely(!READ_ONCE(c->registered)))
		lock_class_register(c);
	__atomic_fetch_add(&c->acquisitions, 1, __ATOMIC_RELAXED);
	if (!contended)
		return;
	__atomic_fetch_add(&c->contended, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->wait_ns, wait, __ATOMIC_RELAXED);
	old = READ_ONCE(c->max_wait_ns);
	while (wait > old && !__atomic_compare_exchange_n(&c->max_wait_ns, &old, wait, 1,
							  __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

static void lock_contended(spinlock_t *l)
{
	u64 t0 = lockstat_clock();

	arch_spin_lock_slow(l);
	lockstat_acquired(l->class, true, lockstat_clock() - t0);
}
#else
static inline void lockstat_acquired(struct lock_class *c, bool contended, u64 wait) { }
static void lock_contended(spinlock_t *l) { arch_spin_lock_slow(l); }
#endif

/* ------------------------------------------------------ debug: owner, ranks */

#ifdef CONFIG_DEBUG
#define MAX_HELD_RANKED 32

/* Ranked locks held by one CPU, in acquisition order. Owner CPU only, IRQs
 * may interrupt and push/pop above us but always restore the depth. */
struct held_locks {
	int depth;
	int base;               /* first entry of the current context */
	int nsaved;
	int saved[8];           /* bases of the contexts interrupted */
	struct lock_class *class[MAX_HELD_RANKED];
} __cacheline_aligned;
static struct held_locks held_locks[NR_CPUS];

/*
 * An interrupt, and each run of softirqs, starts a context of its own for
 * the rank check: its locks are ordered among themselves, not against the
 * locks of the code it interrupted. A timer softirq sends SIGALRM under
 * tasklist_lock (rank 10) whatever the interrupted task holds, say a
 * unix_state_lock (rank 23) taken with interrupts on; that cannot
 * deadlock as long as nobody holding tasklist_lock takes a unix socket's
 * lock, and ranks alone cannot tell the two apart. Taking a lock the
 * interrupted code holds is still caught (recursive acquire).
 */
void lock_context_enter(void)
{
	struct held_locks *h = &held_locks[smp_processor_id()];

	if (h->nsaved < (int)ARRAY_SIZE(h->saved))
		h->saved[h->nsaved] = h->base;
	h->nsaved++;
	h->base = h->depth;
}

void lock_context_exit(void)
{
	struct held_locks *h = &held_locks[smp_processor_id()];

	if (--h->nsaved < (int)ARRAY_SIZE(h->saved))
		h->base = h->saved[h->nsaved];
	if (h->depth < h->base)
		panic("spinlock: a context ends holding fewer locks than it began with on CPU %d",
		      smp_processor_id());
}

static const char *lock_name(spinlock_t *l)
{
	return l->class && l->class->name ? l->class->name : "(unnamed)";
}

static struct lock_class *highest_held(struct held_locks *h)
{
	struct lock_class *top = NULL;
	int i;

	for (i = h->base; i < h->depth; i++)
		if (!top || h->class[i]->rank > top->rank)
			top = h->class[i];
	return top;
}

/* Before spinning: recursion and rank order. */
static void debug_check_acquire(spinlock_t *l)
{
	struct held_locks *h = &held_locks[smp_processor_id()];
	struct lock_class *top;

	if (READ_ONCE(l->locked) && READ_ONCE(l->owner_cpu) == smp_processor_id())
		panic("spinlock: recursive acquire of %s on CPU %d", lock_name(l), smp_processor_id());
	if (!l->class || !l->class->rank)
		return;
	top = highest_held(h);
	if (top && l->class->rank <= top->rank)
		panic("spinlock: lock order violation on CPU %d: taking %s (rank %d) while holding %s (rank %d)",
		      smp_processor_id(), lock_name(l), l->class->rank, top->name, top->rank);
}

static void debug_acquired(spinlock_t *l)
{
	struct held_locks *h = &held_locks[smp_processor_id()];

	l->owner_cpu = smp_processor_id();
	if (!l->class || !l->class->rank)
		return;
	if (h->depth >= MAX_HELD_RANKED)
		panic("spinlock: more than %d ranked locks held", MAX_HELD_RANKED);
	h->class[h->depth++] = l->class;
}

static void debug_release(spinlock_t *l)
{
	struct held_locks *h = &held_locks[smp_processor_id()];
	int i;

	if (!l->locked || l->owner_cpu != smp_processor_id())
		panic("spinlock: CPU %d unlocks %s owned by CPU %d%s", smp_processor_id(),
		      lock_name(l), l->owner_cpu, l->locked ? "" : " (not locked)");
	l->owner_cpu = -1;
	if (!l->class || !l->class->rank)
		return;
	/* Usually the top entry; another lock of the same class may sit lower. */
	for (i = h->depth - 1; i >= 0; i--) {
		if (h->class[i] == l->class) {
			for (; i < h->depth - 1; i++)
				h->class[i] = h->class[i + 1];
			h->depth--;
			return;
		}
	}
	panic("spinlock: %s released but not on CPU %d's held stack", lock_name(l), smp_processor_id());
}

bool spin_held_by_me(spinlock_t *l)
{
	return READ_ONCE(l->locked) && READ_ONCE(l->owner_cpu) == smp_processor_id();
}
#else
static inline void debug_check_acquire(spinlock_t *l) { }
static inline void debug_acquired(spinlock_t *l) { }
static inline void debug_release(spinlock_t *l) { }

/* Without owner tracking the best answer is "someone holds it". */
bool spin_held_by_me(spinlock_t *l)
{
	return READ_ONCE(l->locked);
}
#endif

/* ---------------------------------------------------------------- the API */

void spin_lock(spinlock_t *l)
{
	debug_check_acquire(l);
	if (likely(arch_spin_trylock(l)))
		lockstat_acquired(l->class, false, 0);
	else
		lock_contended(l);
	debug_acquired(l);
}

/*
 * Take a second lock of the same class, in an order the caller guarantees
 * (e.g. two run queues by CPU number): the rank check is skipped.
 */
void spin_lock_nested(spinlock_t *l)
{
#ifdef CONFIG_DEBUG
	if (READ_ONCE(l->locked) && READ_ONCE(l->owner_cpu) == smp_processor_id())
		panic("spinlock: recursive acquire of %s on CPU %d", lock_name(l), smp_processor_id());
#endif
	if (likely(arch_spin_trylock(l)))
		lockstat_acquired(l->class, false, 0);
	else
		lock_contended(l);
	debug_acquired(l);
}

bool spin_trylock(spinlock_t *l)
{
	if (READ_ONCE(l->locked) || !arch_spin_trylock(l))
		return false;
	lockstat_acquired(l->class, false, 0);
	debug_acquired(l);
	return true;
}

void spin_unlock(spinlock_t *l)
{
	debug_release(l);
	arch_spin_unlock(l);
}

bool spin_is_locked(spinlock_t *l)
{
	return READ_ONCE(l->locked);
}

/* ---------------------------------------------------------- /proc/lock_stat */

#ifdef CONFIG_LOCK_STAT
/* "12.34": ns as µs with two decimals. */
static int fmt_us(char *buf, size_t size, unsigned long ns)
{
	return scnprintf(buf, size, "%lu.%02lu", ns / 1000, (ns % 1000) / 10);
}

static int show_class(char *buf, size_t size, struct lock_class *c)
{
	unsigned long acq = READ_ONCE(c->acquisitions), con = READ_ONCE(c->contended);
	unsigned long tot = READ_ONCE(c->wait_ns), mx = READ_ONCE(c->max_wait_ns);
	char wmax[24], wtot[24], wavg[24];

	fmt_us(wmax, sizeof(wmax), mx);
	fmt_us(wtot, sizeof(wtot), tot);
	fmt_us(wavg, sizeof(wavg), con ? tot / con : 0);
	return scnprintf(buf, size, "%40s: %14lu %14lu %14s %14s %14s\n",
			 c->name ? c->name : "(unnamed)", con, acq, wmax, wtot, wavg);
}

/* Total order for printing: more contentions first, ties by address. */
static bool class_before(struct lock_class *a, unsigned long acon, struct lock_class *b, unsigned long bcon)
{
	return acon > bcon || (acon == bcon && (uintptr_t)a > (uintptr_t)b);
}

/* The first class (in printing order) after @prev/@prevcon, or NULL. */
static struct lock_class *next_class(struct lock_class *prev, unsigned long prevcon, unsigned long *con)
{
	struct lock_class *c, *best = NULL;
	unsigned long bestcon = 0, cc;

	for (c = __atomic_load_n(&lock_class_list, __ATOMIC_ACQUIRE); c; c = c->next) {
		cc = READ_ONCE(c->contended);
		if (prev && !class_before(prev, prevcon, c, cc))
			continue;
		if (!best || class_before(c, cc, best, bestcon))
			best = c, bestcon = cc;
	}
	*con = bestcon;
	return best;
}

/*
 * Like Linux's /proc/lock_stat (the version 0.4 columns we keep), one line
 * per class that has been acquired, most contended first. Selection sort
 * over the lock-free list without modifying it (O(classes^2), fine for a
 * few hundred classes); a count changing during the walk can at worst skip
 * or repeat a line.
 */
int lock_stat_show(char *buf, size_t size)
{
	struct lock_class *c = NULL;
	unsigned long con = 0;
	int n;

	n = scnprintf(buf, size, "lock_stat version 0.4\n"
		      "%40s  %14s %14s %14s %14s %14s\n", "class name", "contentions",
		      "acquisitions", "waittime-max", "waittime-total", "waittime-avg");
	while ((c = next_class(c, con, &con)))
		n += show_class(buf + n, size - n, c);
	return n;
}

void lock_stat_clear(void)
{
	struct lock_class *c;

	for (c = __atomic_load_n(&lock_class_list, __ATOMIC_ACQUIRE); c; c = c->next) {
		WRITE_ONCE(c->acquisitions, 0);
		WRITE_ONCE(c->contended, 0);
		WRITE_ONCE(c->wait_ns, 0);
		WRITE_ONCE(c->max_wait_ns, 0);
	}
}
#else
int lock_stat_show(char *buf, size_t size)
{
	return scnprintf(buf, size, "lock_stat: kernel built without CONFIG_LOCK_STAT (make LOCKSTAT=1)\n");
}

void lock_stat_clear(void)
{
}
#endif
