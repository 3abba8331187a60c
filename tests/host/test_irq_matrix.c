// SPDX-License-Identifier: MIT
/* kernel/irq/matrix.c: per-CPU EIID allocation. Every CPU has the whole
 * ID space (minus the reserved IPI ID), IDs never repeat on one CPU while
 * held, are reused after free, and bad frees are refused. */
#include <check.h>
#include <host_test.h>
#include <shoal/kernel.h>
#include <shoal/irq_matrix.h>

static struct irq_matrix m;

START_TEST(test_matrix_per_cpu_space)
{
	unsigned int cpu, i;
	int id;

	irq_matrix_init(&m, 255);               /* QEMU's riscv,num-ids */
	irq_matrix_reserve(&m, 1);              /* the IPI */
	for (cpu = 0; cpu < 4; cpu++) {
		ck_assert_uint_eq(irq_matrix_available(&m, cpu), 254);
		for (i = 0; i < 254; i++) {
			id = irq_matrix_alloc(&m, cpu);
			ck_assert_int_eq(id, (int)i + 2);       /* lowest first, never 0 or 1 */
		}
		ck_assert_int_eq(irq_matrix_alloc(&m, cpu), -ENOSPC);
		ck_assert_uint_eq(irq_matrix_available(&m, cpu), 0);
	}
	/* 4 CPUs x 254 vectors, none shared: CPU 4 is still empty */
	ck_assert_uint_eq(irq_matrix_available(&m, 4), 254);
}
END_TEST

START_TEST(test_matrix_free_reuse)
{
	int a, b, c;

	irq_matrix_init(&m, 64);
	irq_matrix_reserve(&m, 1);
	a = irq_matrix_alloc(&m, 2);
	b = irq_matrix_alloc(&m, 2);
	c = irq_matrix_alloc(&m, 3);
	ck_assert_int_eq(a, 2);
	ck_assert_int_eq(b, 3);
	ck_assert_int_eq(c, 2);                 /* other CPU, same number */
	ck_assert(irq_matrix_allocated(&m, 2, a));
	ck_assert_int_eq(irq_matrix_free(&m, 2, a), 0);
	ck_assert(!irq_matrix_allocated(&m, 2, a));
	ck_assert_int_eq(irq_matrix_free(&m, 2, a), -EINVAL);   /* double free */
	ck_assert_int_eq(irq_matrix_free(&m, 2, 0), -EINVAL);   /* ID 0 does not exist */
	ck_assert_int_eq(irq_matrix_free(&m, 2, 65), -EINVAL);  /* beyond nr_ids */
	ck_assert_int_eq(irq_matrix_free(&m, NR_CPUS, 2), -EINVAL);
	ck_assert_int_eq(irq_matrix_alloc(&m, NR_CPUS), -EINVAL);
	ck_assert_int_eq(irq_matrix_alloc(&m, 2), a);           /* reused */
	ck_assert(irq_matrix_allocated(&m, 3, c));
}
END_TEST

START_TEST(test_matrix_limits)
{
	unsigned int n = 0;

	irq_matrix_init(&m, 100000);            /* clamped to IMSIC_MAX_IDS - 1 */
	while (irq_matrix_alloc(&m, 0) > 0)
		n++;
	ck_assert_uint_eq(n, IMSIC_MAX_IDS - 1);
	irq_matrix_init(&m, 64);                /* an ID on a word boundary */
	for (n = 0; n < 64; n++)
		ck_assert_int_eq(irq_matrix_alloc(&m, 1), (int)n + 1);
	ck_assert_int_eq(irq_matrix_alloc(&m, 1), -ENOSPC);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("irq_matrix");
	TCase *tc = tcase_create("irq_matrix");

	tcase_add_test(tc, test_matrix_per_cpu_space);
	tcase_add_test(tc, test_matrix_free_reuse);
	tcase_add_test(tc, test_matrix_limits);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
