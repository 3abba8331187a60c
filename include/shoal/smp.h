/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data.
 *
 * In the kernel, `tp` always points at this hart's struct cpu (user `tp` is
 * saved in the trap frame; `sscratch` holds the struct cpu pointer while the
 * hart runs user code, 0 while it runs the kernel). The kernel is not
 * preemptible (a task switches only in schedule()), so this_cpu() stays
 * valid until the caller sleeps.
 *
 * Per-CPU variables: DEFINE_PER_CPU(type, name) is an array indexed by CPU
 * id. Hot per-CPU structures must be __cacheline_aligned types so that two
 * CPUs never share a line.
 */
#ifndef _SHOAL_SMP_H
#define _SHOAL_SMP_H

#include <shoal/types.h>
#include <shoal/compiler.h>
#include <shoal/list.h>

#define NR_CPUS 8

typedef struct { unsigned long bits; } cpumask_t;
#define CPU_MASK_NONE ((cpumask_t){ 0 })
static inline void cpumask_set_cpu(int c, cpumask_t *m) { __atomic_fetch_or(&m->bits, 1UL << c, __ATOMIC_SEQ_CST); }
static inline void cpumask_clear_cpu(int c, cpumask_t *m) { __atomic_fetch_and(&m->bits, ~(1UL << c), __ATOMIC_SEQ_CST); }
static inline bool cpumask_test_cpu(int c, const cpumask_t *m) { return (READ_ONCE(m->bits) >> c) & 1; }
static inline int cpumask_weight(const cpumask_t *m) { return __builtin_popcountl(m->bits); }
static inline bool cpumask_empty(const cpumask_t *m) { return m->bits == 0; }
#define for_each_cpu(c, m) for ((c) = 0; (c) < NR_CPUS; (c)++) if (cpumask_test_cpu((c), (m)))

struct task_struct;
struct rq;

/*
 * struct cpu: one per hart. The first fields are used by entry.S; their
 * offsets are checked by BUILD_BUG_ON in arch/riscv/kernel/asm-offsets.c.
 * Written and read only by the owning CPU unless a field says otherwise.
 */
struct cpu {
	struct task_struct *curr;       /* running task [owner; read remotely with READ_ONCE] */
	unsigned long kstack_top;       /* top of curr's kernel stack (entry.S) */
	unsigned long scratch;          /* user sp saved by entry.S */
	unsigned long id;               /* logical CPU number 0..nr_cpu_ids-1 */
	unsigned long hartid;           /* RISC-V hart id */
	int hardirq_count;              /* >0 while in an interrupt handler */
	int bh_count;                   /* local_bh_disable() nesting, >0 in softirq */
	bool softirq_from_irq;          /* softirqs running on the way out of an interrupt [self] */
	unsigned long softirq_pending;  /* bits of enum softirq [atomic; set from any CPU] */
	int need_resched;               /* set by the tick or a remote wake-up [atomic] */
	bool irq_from_user;             /* the interrupt being handled came from user mode */
	struct task_struct *idle;       /* this CPU's idle task */
	struct task_struct *ksoftirqd;
	bool online;
	/* statistics for /proc/stat and /proc/interrupts */
	unsigned long long stat_user, stat_system, stat_idle, stat_irq, stat_softirq; /* ns */
	unsigned long ipi_count, timer_count;
	unsigned long irq_count;        /* external interrupts claimed, IPIs included */
	/* scratch for the mm switch */
	void *active_mm;                /* mm whose page table is loaded (lazy for kthreads) */
} __cacheline_aligned;

extern struct cpu cpus[NR_CPUS];
extern int nr_cpu_ids;                  /* number of CPUs brought up */
extern cpumask_t cpu_online_mask;

#ifdef __riscv
/*
 * volatile: a task may sleep and wake on another hart, so the compiler must
 * read tp afresh every time and never reuse a value across a call to
 * schedule() (a plain asm is "pure" to GCC and would be hoisted).
 */
static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ __volatile__("mv %0, tp" : "=r"(c));
	return c;
}
#else
extern struct cpu *__host_this_cpu;
static inline struct cpu *this_cpu(void) { return __host_this_cpu; }
#endif

#define smp_processor_id() ((int)this_cpu()->id)
#define current (this_cpu()->curr)
#define in_interrupt() (this_cpu()->hardirq_count || this_cpu()->bh_count)
#define in_hardirq() (this_cpu()->hardirq_count)
/* In a softirq or with BHs off on this CPU (Linux's in_softirq). */
#define in_softirq() (this_cpu()->bh_count > 0)

#define DEFINE_PER_CPU(type, name) __typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name[NR_CPUS]
#define per_cpu(name, cpu) ((name)[cpu])
#define this_cpu_ptr(name) (&(name)[smp_processor_id()])
#define for_each_online_cpu(c) for_each_cpu(c, &cpu_online_mask)

/* Cross-CPU calls (arch/riscv/kernel/smp.c). func runs in interrupt context
 * on each target; with wait, returns after all have run it. */
typedef void (*smp_call_func_t)(void *info);
void smp_call_function_many(const cpumask_t *mask, smp_call_func_t func, void *info, bool wait);
void smp_send_reschedule(int cpu);
/* Boot (arch/riscv/kernel/smp.c): this CPU's struct cpu; start the others. */
void smp_init_cpu_struct(int cpu, unsigned long hartid);
void smp_boot_secondaries(void);

#endif
