// SPDX-License-Identifier: MIT
/*
 * Secondary hart bring-up (SBI HSM) and cross-CPU calls over IMSIC IPIs.
 *
 * A cross-CPU call queues one call_entry per target on the target's
 * call_queue (spinlock, irqsave) and sends an IPI; the target runs the
 * function in its interrupt handler. Callers that wait must have IRQs
 * enabled, or two CPUs calling each other would deadlock.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/smp.h>
#include <shoal/irq.h>
#include <shoal/time.h>
#include <shoal/mm_types.h>
#include <asm/sbi.h>
#include <asm/csr.h>
#include <asm/platform.h>
#include <asm/asm-prototypes.h>

struct cpu cpus[NR_CPUS];
int nr_cpu_ids = 1;
cpumask_t cpu_online_mask;

struct call_entry {
	struct list_head list;
	smp_call_func_t func;
	void *info;
	atomic_t *pending;
};

struct call_queue {
	spinlock_t lock;
	struct list_head head;          /* [lock] */
} __cacheline_aligned;

static struct call_queue call_queues[NR_CPUS];

void smp_send_reschedule(int cpu)
{
	if (cpu == smp_processor_id())
		return;
	send_ipi(cpu);
}

void handle_ipi(void)
{
	struct call_queue *q = &call_queues[smp_processor_id()];
	struct call_entry *e;
	LIST_HEAD(todo);

	this_cpu()->ipi_count++;
	spin_lock(&q->lock);
	list_splice_tail_init(&q->head, &todo);
	spin_unlock(&q->lock);
	while (!list_empty(&todo)) {
		e = list_first_entry(&todo, struct call_entry, list);
		list_del(&e->list);
		e->func(e->info);
		atomic_dec(e->pending);         /* after this, e may be gone */
	}
	/* A reschedule IPI needs no work here: the interrupt exit path and the
	 * idle loop look at need_resched. */
}

void smp_call_function_many(const cpumask_t *mask, smp_call_func_t func, void *info, bool wait)
{
	struct call_entry entries[NR_CPUS];
	atomic_t pending = ATOMIC_INIT(0);
	unsigned long flags;
	int cpu, self = smp_processor_id();

	for_each_cpu(cpu, mask) {
		if (cpu == self || !cpumask_test_cpu(cpu, &cpu_online_mask))
			continue;
		/* waiting for another CPU with IRQs off can deadlock against it */
		DEBUG_ASSERT(!irqs_disabled());
		entries[cpu] = (struct call_entry){ .func = func, .info = info, .pending = &pending };
		atomic_inc(&pending);
		spin_lock_irqsave(&call_queues[cpu].lock, flags);
		list_add_tail(&entries[cpu].list, &call_queues[cpu].head);
		spin_unlock_irqrestore(&call_queues[cpu].lock, flags);
		send_ipi(cpu);
	}
	if (cpumask_test_cpu(self, mask)) {
		flags = local_irq_save();
		func(info);
		local_irq_restore(flags);
	}
	/* Entries live on this stack: always wait until they are consumed. */
	while (atomic_read(&pending))
		cpu_relax();
	(void)wait;
}

extern char secondary_start[];

void smp_init_cpu_struct(int cpu, unsigned long hartid)
{
	cpus[cpu].id = cpu;
	cpus[cpu].hartid = hartid;
	spin_lock_init(&call_queues[cpu].lock);
	INIT_LIST_HEAD(&call_queues[cpu].head);
}

/* Start every other hart; each runs secondary_cpu_init() on its idle stack. */
void smp_boot_secondaries(void)
{
	int cpu;
	struct task_struct *idle;
	unsigned long deadline;

	for (cpu = 1; cpu < platform.nr_harts && cpu < NR_CPUS; cpu++) {
		smp_init_cpu_struct(cpu, platform.hartid[cpu]);
		idle = idle_task_create(cpu);
		cpus[cpu].curr = idle;
		cpus[cpu].idle = idle;
		cpus[cpu].kstack_top = (unsigned long)idle->stack + KSTACK_SIZE;
		nr_cpu_ids = cpu + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (sbi_hart_start(platform.hartid[cpu], __pa(secondary_start), __pa(&cpus[cpu]))) {
			printk("smp: hart %lu did not start\n", platform.hartid[cpu]);
			continue;
		}
		/* Ten seconds: under TCG a vCPU thread of a loaded host can take
		 * more than one to be scheduled, and a CPU that came up after the
		 * boot CPU gave up would join a system sized without it. */
		deadline = get_cycles() + 10 * platform.timebase;
		while (!READ_ONCE(cpus[cpu].online) && get_cycles() < deadline)
			cpu_relax();
		if (!READ_ONCE(cpus[cpu].online))
			printk("smp: CPU%d (hart %lu) did not come online\n", cpu, platform.hartid[cpu]);
	}
	printk("smp: %d CPUs online\n", cpumask_weight(&cpu_online_mask));
}

/* First C code of a secondary hart, on its idle task's stack. */
void secondary_cpu_init(void)
{
	struct cpu *c = this_cpu();

	mm_switch_to_kernel();
	imsic_init_cpu();
	sched_init_cpu(c->id);
	time_init_cpu();
	c->online = true;
	cpumask_set_cpu(c->id, &cpu_online_mask);
	printk("CPU%lu: hart %lu online\n", c->id, c->hartid);
	local_irq_enable();
	cpu_idle_loop();
}
