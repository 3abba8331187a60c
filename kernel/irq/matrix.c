// SPDX-License-Identifier: MIT
/*
 * Per-CPU interrupt identity allocator: one bitmap per CPU (see
 * include/shoal/irq_matrix.h). Pure arithmetic, built for the host tests
 * too; the caller holds the lock that guards @m.
 */
#include <shoal/kernel.h>
#include <shoal/irq_matrix.h>

#define BITS            (8 * sizeof(unsigned long))

void irq_matrix_init(struct irq_matrix *m, unsigned int nr_ids)
{
	unsigned int cpu;

	memset(m, 0, sizeof(*m));
	m->nr_ids = min(nr_ids, (unsigned int)IMSIC_MAX_IDS - 1);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		m->map[cpu][0] = 1;             /* ID 0 does not exist */
}

static bool id_valid(const struct irq_matrix *m, unsigned int cpu, unsigned int id)
{
	return cpu < NR_CPUS && id >= 1 && id <= m->nr_ids;
}

bool irq_matrix_allocated(const struct irq_matrix *m, unsigned int cpu, unsigned int id)
{
	return id_valid(m, cpu, id) && (m->map[cpu][id / BITS] >> (id % BITS)) & 1;
}

void irq_matrix_reserve(struct irq_matrix *m, unsigned int id)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!id_valid(m, cpu, id) || irq_matrix_allocated(m, cpu, id))
			continue;
		m->map[cpu][id / BITS] |= 1UL << (id % BITS);
		m->allocated[cpu]++;
	}
}

int irq_matrix_alloc(struct irq_matrix *m, unsigned int cpu)
{
	unsigned int i, id;
	unsigned long free;

	if (cpu >= NR_CPUS)
		return -EINVAL;
	for (i = 0; i * BITS <= m->nr_ids; i++) {
		free = ~m->map[cpu][i];
		if (!free)
			continue;
		id = i * BITS + __builtin_ctzl(free);
		if (id > m->nr_ids)
			break;
		m->map[cpu][i] |= 1UL << (id % BITS);
		m->allocated[cpu]++;
		return id;
	}
	return -ENOSPC;
}

int irq_matrix_free(struct irq_matrix *m, unsigned int cpu, unsigned int id)
{
	if (!irq_matrix_allocated(m, cpu, id))
		return -EINVAL;
	m->map[cpu][id / BITS] &= ~(1UL << (id % BITS));
	m->allocated[cpu]--;
	return 0;
}

unsigned int irq_matrix_available(const struct irq_matrix *m, unsigned int cpu)
{
	return cpu < NR_CPUS ? m->nr_ids - m->allocated[cpu] : 0;
}
