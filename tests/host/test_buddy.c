// SPDX-License-Identifier: MIT
/* mm/page_alloc.c: the buddy allocator and its per-CPU lists, on 32 MiB of simulated RAM. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <host_mm.h>

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
}

static void teardown(void)
{
	host_ram_free();
}

static bool in_reserved(unsigned long pa)
{
	int i;

	for (i = 0; i < 3; i++)
		if (pa + PAGE_SIZE > (host_reserved[i].base & PAGE_MASK) &&
		    pa < PAGE_ALIGN(host_reserved[i].base + host_reserved[i].size))
			return true;
	return pa >= __pa(mem_map) && pa < __pa(mem_map + (max_pfn - min_pfn));
}

START_TEST(test_init_layout)
{
	unsigned long total = HOST_RAM_SIZE / PAGE_SIZE;
	unsigned long mm_pages = PAGE_ALIGN(total * sizeof(struct page)) / PAGE_SIZE;
	/* kernel 2 MiB + 100 bytes = 513 pages, initrd 123..5123 = 2 pages, DTB 1 page */
	unsigned long expect = total - 513 - 2 - 1 - mm_pages;

	ck_assert_uint_eq(min_pfn, host_ram >> PAGE_SHIFT);
	ck_assert_uint_eq(max_pfn - min_pfn, total);
	ck_assert_uint_eq(nr_total_pages(), expect);
	ck_assert_uint_eq(nr_free_pages(), expect);
	/* mem_map sits right after the kernel image */
	ck_assert_uint_eq(__pa(mem_map), host_ram + (2UL << 20) + PAGE_SIZE);
	ck_assert(pfn_to_page(min_pfn)->flags & PG_reserved);
	ck_assert_int_eq(page_alloc_verify(), 0);
}
END_TEST

START_TEST(test_alloc_free_all_orders)
{
	unsigned long before = nr_free_pages();
	struct page *p[MAX_ORDER];
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		p[o] = alloc_pages(GFP_KERNEL, o);
		ck_assert_ptr_nonnull(p[o]);
		ck_assert_uint_eq(page_to_pfn(p[o]) & ((1UL << o) - 1), 0);
		ck_assert_int_eq(page_count(p[o]), 1);
		ck_assert_uint_eq(p[o]->order, o);
		ck_assert_uint_eq(!!(p[o]->flags & PG_head), o > 0);
		memset(page_address(p[o]), o, PAGE_SIZE << o);
	}
	ck_assert_uint_eq(nr_free_pages(), before - ((1UL << MAX_ORDER) - 1));
	for (o = 0; o < MAX_ORDER; o++)
		__free_pages(p[o], o);
	ck_assert_uint_eq(nr_free_pages(), before);
	ck_assert_int_eq(page_alloc_verify(), 0);
}
END_TEST

/* Take every page one by one, give them all back: the blocks re-form exactly. */
START_TEST(test_exhaust_and_coalesce)
{
	unsigned long before = nr_free_pages(), n = 0, big = 0, i;
	struct page **pages = malloc(sizeof(*pages) * (HOST_RAM_SIZE / PAGE_SIZE));
	struct page *p;

	drain_local_pages();
	while ((p = alloc_pages(GFP_KERNEL, MAX_ORDER - 1)))
		pages[big++] = p;
	ck_assert_uint_ge(big, 4);
	for (i = 0; i < big; i++)
		__free_pages(pages[i], MAX_ORDER - 1);
	while ((p = alloc_page(GFP_KERNEL))) {
		ck_assert(!in_reserved(page_to_phys(p)));
		pages[n++] = p;
	}
	ck_assert_uint_eq(n, before);
	ck_assert_uint_eq(nr_free_pages(), 0);
	ck_assert_ptr_null(alloc_pages(GFP_KERNEL, 3));
	for (i = 0; i < n; i++)
		__free_pages(pages[n - 1 - i], 0);
	ck_assert_uint_eq(nr_free_pages(), before);
	drain_local_pages();
	ck_assert_int_eq(page_alloc_verify(), 0);
	for (i = 0; (p = alloc_pages(GFP_KERNEL, MAX_ORDER - 1)); i++)
		;
	ck_assert_uint_eq(i, big);      /* coalescing restored every 4 MiB block */
	free(pages);
}
END_TEST

START_TEST(test_pcp_counted)
{
	unsigned long before = nr_free_pages();
	struct page *a, *b;

	a = alloc_page(GFP_KERNEL);
	ck_assert_uint_eq(nr_free_pages(), before - 1);
	__free_pages(a, 0);
	ck_assert_uint_eq(nr_free_pages(), before);
	ck_assert(a->flags & PG_pcp);           /* parked on CPU 0's list */
	b = alloc_page(GFP_KERNEL);
	ck_assert_ptr_eq(a, b);                 /* LIFO: the hot page comes back */
	host_set_cpu(1);
	__free_pages(b, 0);                     /* freed on another CPU: its list */
	ck_assert_uint_eq(nr_free_pages(), before);
	host_set_cpu(0);
	ck_assert_ptr_ne(alloc_page(GFP_KERNEL), b);
	host_set_cpu(1);
	drain_local_pages();
	ck_assert_int_eq(page_alloc_verify(), 0);
}
END_TEST

START_TEST(test_refcount_put_page)
{
	unsigned long before = nr_free_pages();
	struct page *p = alloc_pages(GFP_KERNEL, 2);

	get_page(p);
	ck_assert_int_eq(page_count(p), 2);
	put_page(p);
	ck_assert_uint_eq(nr_free_pages(), before - 4);
	put_page(p);                            /* order taken from the page */
	ck_assert_uint_eq(nr_free_pages(), before);
	EXPECT_PANIC(put_page(p), "double free");
}
END_TEST

START_TEST(test_zero_and_helpers)
{
	unsigned long va = __get_free_pages(GFP_KERNEL, 1), z;
	unsigned char *b;
	size_t i;

	memset((void *)va, 0xab, 2 * PAGE_SIZE);
	free_pages(va, 1);
	z = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	ck_assert_uint_eq(z, va);
	for (b = (unsigned char *)z, i = 0; i < 2 * PAGE_SIZE; i++)
		ck_assert_int_eq(b[i], 0);
	free_pages(z, 1);
	free_pages(0, 3);
	z = get_zeroed_page(GFP_KERNEL);
	ck_assert_uint_ne(z, 0);
	ck_assert_ptr_eq(virt_to_page((void *)z), phys_to_page(__pa(z)));
	free_page(z);
	ck_assert_ptr_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
}
END_TEST

/* Random alloc/free on 4 CPUs; each live block is stamped and must not overlap another. */
START_TEST(test_random_stress)
{
	enum { SLOTS = 400 };
	struct page *live[SLOTS] = { 0 };
	unsigned int ord[SLOTS];
	unsigned char *owner = calloc(HOST_RAM_SIZE / PAGE_SIZE, 1);
	unsigned long before = nr_free_pages(), pfn, k;
	int i, s, cpu;

	srand(1234);
	for (i = 0; i < 40000; i++) {
		s = rand() % SLOTS;
		host_set_cpu(cpu = rand() % 4);
		if (live[s]) {
			pfn = page_to_pfn(live[s]);
			ck_assert_uint_eq(*(unsigned long *)page_address(live[s]), pfn);
			for (k = 0; k < (1UL << ord[s]); k++)
				owner[pfn - min_pfn + k] = 0;
			__free_pages(live[s], ord[s]);
			live[s] = NULL;
			continue;
		}
		ord[s] = rand() % 7 == 0 ? rand() % 6 : 0;
		live[s] = alloc_pages(GFP_KERNEL, ord[s]);
		if (!live[s])
			continue;
		pfn = page_to_pfn(live[s]);
		for (k = 0; k < (1UL << ord[s]); k++) {
			ck_assert_msg(!owner[pfn - min_pfn + k], "pfn %lx handed out twice", pfn + k);
			owner[pfn - min_pfn + k] = 1;
		}
		ck_assert(!in_reserved(pfn << PAGE_SHIFT));
		*(unsigned long *)page_address(live[s]) = pfn;
		if (i % 5000 == 0)
			ck_assert_int_eq(page_alloc_verify(), 0);
	}
	for (s = 0; s < SLOTS; s++)
		if (live[s])
			__free_pages(live[s], ord[s]);
	ck_assert_uint_eq(nr_free_pages(), before);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		host_set_cpu(cpu);
		drain_local_pages();
		ck_assert_int_eq(page_alloc_verify(), 0);
	}
	ck_assert_uint_eq(nr_free_pages(), before);
	free(owner);
}
END_TEST

START_TEST(test_buddyinfo)
{
	char buf[256];

	ck_assert_int_gt(buddyinfo_show(buf, sizeof(buf)), 20);
	ck_assert_ptr_nonnull(strstr(buf, "Normal"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("buddy");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_init_layout);
	tcase_add_test(tc, test_alloc_free_all_orders);
	tcase_add_test(tc, test_exhaust_and_coalesce);
	tcase_add_test(tc, test_pcp_counted);
	tcase_add_test(tc, test_refcount_put_page);
	tcase_add_test(tc, test_zero_and_helpers);
	tcase_add_test(tc, test_random_stress);
	tcase_add_test(tc, test_buddyinfo);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
