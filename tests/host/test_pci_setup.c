// SPDX-License-Identifier: MIT
/* drivers/pci/setup-res.c: BAR sizes from the all-ones read-back, and
 * placement in a window at natural alignment without overlap or
 * overflow. */
#include <check.h>
#include <host_test.h>
#include <shoal/kernel.h>
#include "../../drivers/pci/pci.h"

#define MEM_MASK        (~0x0fULL)
#define IO_MASK         (0xfffffffcULL)

START_TEST(test_bar_size)
{
	/* 32-bit memory BAR of 4 KiB: address bits 31..12 writable */
	ck_assert_uint_eq(pci_bar_size(0xfffff000, MEM_MASK & 0xffffffffULL), 0x1000);
	/* 64-bit prefetchable 16 KiB (type bits 0xc read back too) */
	ck_assert_uint_eq(pci_bar_size(0xffffffffffffc00cULL, MEM_MASK), 0x4000);
	/* 64-bit 8 GiB: the low half has no address bits */
	ck_assert_uint_eq(pci_bar_size(0xfffffffe0000000cULL, MEM_MASK), 0x200000000ULL);
	/* I/O BAR of 64 ports implementing only 16 address bits */
	ck_assert_uint_eq(pci_bar_size(0x0000ffc1, IO_MASK), 0x40);
	/* not implemented */
	ck_assert_uint_eq(pci_bar_size(0, MEM_MASK), 0);
	ck_assert_uint_eq(pci_bar_size(0x1, IO_MASK), 0);
}
END_TEST

START_TEST(test_window_alignment)
{
	struct pci_window w;
	phys_addr_t a, b, c, d;

	pci_window_init(&w, 0x40000000, 0x40000000, 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x1000, &a), 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x100000, &b), 0);       /* 1 MiB */
	ck_assert_int_eq(pci_window_alloc(&w, 0x10, &c), 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x4000, &d), 0);
	ck_assert_uint_eq(a, 0x40000000);
	ck_assert_uint_eq(b, 0x40100000);       /* aligned up past a */
	ck_assert_uint_eq(c, 0x40200000);
	ck_assert_uint_eq(d, 0x40204000);
	ck_assert_uint_eq(b % 0x100000, 0);
	ck_assert_uint_eq(d % 0x4000, 0);
	/* not a power of two, or zero */
	ck_assert_int_eq(pci_window_alloc(&w, 0x3000, &a), -ENOSPC);
	ck_assert_int_eq(pci_window_alloc(&w, 0, &a), -ENOSPC);
}
END_TEST

START_TEST(test_window_full)
{
	struct pci_window w;
	phys_addr_t a;
	int i;

	pci_window_init(&w, 0x3000000, 0x10000, 0x3000000);     /* a 64 KiB PIO window */
	for (i = 0; i < 16; i++) {
		ck_assert_int_eq(pci_window_alloc(&w, 0x1000, &a), 0);
		ck_assert_uint_eq(a, 0x3000000 + i * 0x1000);
		ck_assert_uint_eq(a - w.offset, i * 0x1000);    /* the PCI address */
	}
	ck_assert_int_eq(pci_window_alloc(&w, 0x10, &a), -ENOSPC);
	/* bigger than the window, or at the top of the address space */
	pci_window_init(&w, 0x3000000, 0x10000, 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x20000, &a), -ENOSPC);
	pci_window_init(&w, 0xfffffffffffff000ULL, 0x1000, 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x2000, &a), -ENOSPC);
	ck_assert_int_eq(pci_window_alloc(&w, 0x1000, &a), 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x10, &a), -ENOSPC);
	/* an empty window takes nothing */
	pci_window_init(&w, 0, 0, 0);
	ck_assert_int_eq(pci_window_alloc(&w, 0x10, &a), -ENOSPC);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci_setup");
	TCase *tc = tcase_create("pci_setup");

	tcase_add_test(tc, test_bar_size);
	tcase_add_test(tc, test_window_alignment);
	tcase_add_test(tc, test_window_full);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
