// SPDX-License-Identifier: MIT
/*
 * /proc/interrupts and /proc/irq/N/smp_affinity{,_list} in Linux's
 * layout (kernel/irq/proc.c, fs/proc/interrupts.c). procfs calls these;
 * they read descriptors without the request mutex (a snapshot).
 *
 * Affinity is one CPU: reading shows that CPU's mask; writing a mask or a
 * list takes its lowest online CPU. Errors are Linux's: text that is not
 * a mask or a mask with no online CPU is -EINVAL, a CPU at or beyond
 * nr_cpu_ids -EOVERFLOW (mask) or -ERANGE (list).
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/interrupt.h>

#define IRQ_PREC        3               /* digits of NR_IRQS - 1 */

static void irq_snapshot(struct irq_desc *desc, unsigned int *cpu, const char **name,
			 bool *requested)
{
	unsigned long flags;

	spin_lock_irqsave(&desc->lock, flags);
	*cpu = desc->cpu;
	*name = desc->name;
	*requested = desc->handler != NULL;
	spin_unlock_irqrestore(&desc->lock, flags);
}

static size_t show_irq_line(struct irq_desc *desc, char *buf, size_t size)
{
	unsigned long any = 0;
	const char *name;
	unsigned int target;
	bool requested;
	size_t n = 0;
	int cpu;

	irq_snapshot(desc, &target, &name, &requested);
	for_each_online_cpu(cpu)
		any |= READ_ONCE(desc->kstat[cpu]);
	if (!requested && !any)
		return 0;
	n += scnprintf(buf + n, size - n, "%*u: ", IRQ_PREC, desc->irq);
	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, "%10lu ", READ_ONCE(desc->kstat[cpu]));
	n += scnprintf(buf + n, size - n, " %8s %*lu %-8s  %s\n", desc->chip->name, IRQ_PREC,
		       desc->hwirq, desc->chip->level ? "Level" : "Edge",
		       requested && name ? name : "");
	return n;
}

static size_t show_cpu_row(char *buf, size_t size, const char *label,
			   unsigned long (*count)(int cpu), const char *what)
{
	size_t n = 0;
	int cpu;

	n += scnprintf(buf + n, size - n, "%*s: ", IRQ_PREC, label);
	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, "%10lu ", count(cpu));
	n += scnprintf(buf + n, size - n, "  %s\n", what);
	return n;
}

static unsigned long ipi_count(int cpu) { return READ_ONCE(cpus[cpu].ipi_count); }
static unsigned long timer_count(int cpu) { return READ_ONCE(cpus[cpu].timer_count); }

int show_interrupts(char *buf, size_t size)
{
	struct irq_desc *desc;
	size_t n = 0;
	int cpu, irq;

	n += scnprintf(buf + n, size - n, "%*s", IRQ_PREC + 8, "");
	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, "CPU%-8d", cpu);
	n += scnprintf(buf + n, size - n, "\n");
	for (irq = irq_proc_next(1); irq > 0; irq = irq_proc_next(irq + 1)) {
		desc = irq_to_desc(irq);
		if (desc)
			n += show_irq_line(desc, buf + n, size - n);
	}
	n += show_cpu_row(buf + n, size - n, "IPI", ipi_count, "Interprocessor interrupts");
	n += show_cpu_row(buf + n, size - n, "LOC", timer_count, "Local timer interrupts");
	n += show_cpu_row(buf + n, size - n, "ERR", imsic_spurious_count,
			  "Spurious interrupts (no handler)");
	n += show_cpu_row(buf + n, size - n, "MIS", imsic_missed_count,
			  "Missed interrupts (pending, line low; found by the tick)");
	return n;
}

int irq_proc_next(int irq)
{
	for (; irq > 0 && irq < NR_IRQS; irq++)
		if (irq_to_desc(irq))
			return irq;
	return -1;
}

int irq_proc_affinity_show(unsigned int irq, bool list, char *buf, size_t size)
{
	int cpu = irq_get_affinity_cpu(irq);

	if (cpu < 0)
		return -ENOENT;
	if (list)
		return scnprintf(buf, size, "%d\n", cpu);
	return scnprintf(buf, size, "%lx\n", 1UL << cpu);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "3", "0000000f", "00000000,00000003". As Linux's bitmap_parse over
 * nr_cpu_ids bits: a bit at or above nr_cpu_ids is -EOVERFLOW.
 */
static int parse_hex_mask(const char *s, size_t n, cpumask_t *mask)
{
	unsigned long bits = 0;
	unsigned int digits = 0;
	bool overflow = false;
	size_t i;
	int d;

	for (i = 0; i < n && s[i] != '\n'; i++) {
		if (s[i] == ',')
			continue;
		d = hex_digit(s[i]);
		if (d < 0)
			return -EINVAL;
		if (bits >> 60)
			overflow = true;
		bits = bits << 4 | d;
		digits++;
	}
	if (!digits || (i < n && i + 1 != n))
		return -EINVAL;
	if (overflow || (nr_cpu_ids < 64 && bits >> nr_cpu_ids))
		return -EOVERFLOW;
	mask->bits = bits;
	return 0;
}

static int parse_number(const char *s, size_t n, size_t *i, unsigned int *out)
{
	unsigned long v = 0;
	size_t start = *i;

	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && v < 100000)
		v = v * 10 + (s[(*i)++] - '0');
	if (*i == start)
		return -EINVAL;
	*out = v;
	return 0;
}

/* "1", "0-3", "0,2-3" (Linux's cpulist). */
static int parse_cpu_list(const char *s, size_t n, cpumask_t *mask)
{
	unsigned int a, b, c;
	size_t i = 0;

	*mask = CPU_MASK_NONE;
	while (i < n && s[i] != '\n') {
		if (parse_number(s, n, &i, &a))
			return -EINVAL;
		b = a;
		if (i < n && s[i] == '-') {
			i++;
			if (parse_number(s, n, &i, &b) || b < a)
				return -EINVAL;
		}
		if (b >= (unsigned int)nr_cpu_ids)
			return -ERANGE;         /* as Linux's bitmap_parselist */
		for (c = a; c <= b; c++)
			cpumask_set_cpu(c, mask);
		if (i < n && s[i] == ',')
			i++;
		else if (i < n && s[i] != '\n')
			return -EINVAL;
	}
	return i == 0 ? -EINVAL : 0;
}

int irq_proc_affinity_write(unsigned int irq, bool list, const char *buf, size_t n)
{
	cpumask_t mask, online;
	int err;

	if (!irq_to_desc(irq))
		return -ENOENT;
	err = list ? parse_cpu_list(buf, n, &mask) : parse_hex_mask(buf, n, &mask);
	if (err)
		return err;
	online.bits = mask.bits & READ_ONCE(cpu_online_mask.bits);
	if (cpumask_empty(&online))
		return -EINVAL;
	return irq_set_affinity(irq, &online);
}
