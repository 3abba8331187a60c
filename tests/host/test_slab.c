// SPDX-License-Identifier: MIT
/* mm/slab.c: kmalloc classes, kmem caches, per-CPU arrays on simulated CPUs, pages coming back. */
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
	slab_init();
}

static void teardown(void)
{
	host_ram_free();
}

static void drain_all_cpus(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		host_set_cpu(cpu);
		slab_drain_local();
	}
	host_set_cpu(0);
}

START_TEST(test_kmalloc_sizes)
{
	size_t size, cls;
	unsigned char *p;

	for (size = 1; size <= 3 * PAGE_SIZE; size += (size < 300 ? 1 : 61)) {
		p = kmalloc(size, GFP_KERNEL);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_ge(ksize(p), size);
		for (cls = 8; cls < size; cls <<= 1)
			;
		if (size <= PAGE_SIZE) {
			ck_assert_uint_eq(ksize(p), cls);
			ck_assert_uint_eq((unsigned long)p % cls, 0);   /* naturally aligned */
		} else {
			ck_assert_uint_eq((unsigned long)p % PAGE_SIZE, 0);
		}
		memset(p, 0x33, size);
		kfree(p);
	}
	kfree(NULL);
	ck_assert_uint_eq(ksize(NULL), 0);
	p = kmalloc(0, GFP_KERNEL);
	ck_assert_ptr_nonnull(p);
	kfree(p);
}
END_TEST

START_TEST(test_kmalloc_large)
{
	unsigned long before = nr_free_pages();
	void *p = kmalloc(2UL << 20, GFP_KERNEL);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(ksize(p), 2UL << 20);
	ck_assert_uint_eq(nr_free_pages(), before - 512);
	ck_assert(virt_to_page(p)->flags & PG_head);
	kfree(p);
	ck_assert_uint_eq(nr_free_pages(), before);
	ck_assert_ptr_null(kmalloc((2UL << 20) + 1, GFP_KERNEL));
	p = kmalloc(PAGE_SIZE + 1, GFP_KERNEL);
	ck_assert_uint_eq(ksize(p), 2 * PAGE_SIZE);
	kfree(p);
}
END_TEST

START_TEST(test_zalloc_calloc_strdup)
{
	unsigned char *p;
	char *s;
	size_t i;

	p = kmalloc(200, GFP_KERNEL);
	memset(p, 0xff, 200);
	kfree(p);
	p = kzalloc(200, GFP_KERNEL);
	for (i = 0; i < 200; i++)
		ck_assert_int_eq(p[i], 0);
	kfree(p);
	p = kcalloc(10, 30, GFP_KERNEL);
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(p[i], 0);
	kfree(p);
	ck_assert_ptr_null(kcalloc((size_t)1 << 62, 8, GFP_KERNEL));
	ck_assert_ptr_null(kcalloc(3, ~(size_t)0 / 2, GFP_KERNEL));
	s = kstrdup("shoal", GFP_KERNEL);
	ck_assert_str_eq(s, "shoal");
	ck_assert_uint_eq(ksize(s), 8);
	kfree(s);
	ck_assert_ptr_null(kstrdup(NULL, GFP_KERNEL));
}
END_TEST

START_TEST(test_krealloc)
{
	unsigned char *p = krealloc(NULL, 10, GFP_KERNEL), *q;
	size_t size, i;

	for (i = 0; i < 10; i++)
		p[i] = i;
	for (size = 11; size < 20000; size = size * 3 / 2) {
		q = krealloc(p, size, GFP_KERNEL);
		ck_assert_ptr_nonnull(q);
		for (i = 0; i < 10; i++)
			ck_assert_int_eq(q[i], i);
		p = q;
	}
	q = krealloc(p, 5, GFP_KERNEL);         /* shrinking keeps the block */
	ck_assert_ptr_eq(q, p);
	ck_assert_ptr_null(krealloc(q, 0, GFP_KERNEL));
	p = kmalloc(16, GFP_KERNEL);
	memset(p, 7, 16);
	q = krealloc(p, 100, GFP_KERNEL | __GFP_ZERO);
	for (i = 0; i < 128; i++)
		ck_assert_int_eq(q[i], i < 16 ? 7 : 0);
	kfree(q);
}
END_TEST

/* Everything allocated and freed again: every page is back with the page allocator. */
START_TEST(test_pages_come_back)
{
	enum { N = 6000 };
	void **p = malloc(N * sizeof(void *));
	unsigned long before = nr_free_pages();
	int i;

	srand(7);
	for (i = 0; i < N; i++) {
		host_set_cpu(rand() % 4);
		p[i] = kmalloc(1 + rand() % 3000, GFP_KERNEL);
		ck_assert_ptr_nonnull(p[i]);
	}
	ck_assert_uint_gt(slab_total_bytes(), 0);
	ck_assert_uint_lt(nr_free_pages(), before);
	for (i = 0; i < N; i++) {
		host_set_cpu(rand() % 4);
		kfree(p[i]);
	}
	/* Without draining, only the per-CPU arrays and one empty slab per cache stay. */
	ck_assert_uint_gt(nr_free_pages(), before - 10 * 8 * 4 - 4 * 10 * 54 / 2);
	drain_all_cpus();
	ck_assert_uint_eq(nr_free_pages(), before);
	ck_assert_uint_eq(slab_total_bytes(), 0);
	free(p);
}
END_TEST

static int ctor_calls;
static void ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0xc7, 100);
}

/* One cache used from 4 simulated CPUs: objects migrate between their arrays; never handed out twice. */
START_TEST(test_percpu_caches)
{
	enum { SLOTS = 500 };
	struct kmem_cache *c = kmem_cache_create("test_obj", 100, 64, 0, ctor);
	void *live[SLOTS] = { 0 };
	unsigned long before;
	int i, j, s, allocs = 0;

	ck_assert_ptr_nonnull(c);
	before = nr_free_pages();
	srand(99);
	for (i = 0; i < 50000; i++) {
		host_set_cpu(rand() % 4);
		s = rand() % SLOTS;
		if (live[s]) {
			ck_assert_int_eq(*(int *)((char *)live[s] + 96), s);
			kmem_cache_free(c, live[s]);
			live[s] = NULL;
			continue;
		}
		live[s] = kmem_cache_alloc(c, GFP_KERNEL);
		allocs++;
		ck_assert_uint_eq((unsigned long)live[s] % 64, 0);
		ck_assert_int_eq(((unsigned char *)live[s])[5], 0xc7);
		*(int *)((char *)live[s] + 96) = s;
		if (i % 997 == 0)
			for (j = 0; j < SLOTS; j++)
				ck_assert(j == s || !live[j] || live[j] != live[s]);
	}
	ck_assert_int_eq(ctor_calls, allocs);
	for (s = 0; s < SLOTS; s++)
		kmem_cache_free(c, live[s]);
	kmem_cache_destroy(c);
	drain_all_cpus();
	ck_assert_uint_ge(nr_free_pages(), before);
}
END_TEST

START_TEST(test_big_objects)
{
	struct kmem_cache *c = kmem_cache_create("big", 9000, 0, 0, NULL);
	void *a, *b;

	ck_assert_ptr_nonnull(c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_zalloc(c, GFP_KERNEL);
	ck_assert_ptr_ne(a, b);
	memset(a, 1, 9000);
	ck_assert_uint_ge(ksize(b), 9000);
	ck_assert_int_eq(((char *)b)[8999], 0);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
	ck_assert_ptr_null(kmem_cache_create("huge", 1 << 20, 0, 0, NULL));
	ck_assert_ptr_null(kmem_cache_create("badalign", 64, 48, 0, NULL));
}
END_TEST

START_TEST(test_slabinfo)
{
	static char buf[8192];
	void *p = kmalloc(64, GFP_KERNEL);
	int n = slabinfo_show(buf, sizeof(buf));

	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_ptr_nonnull(strstr(buf, "slabinfo - version: 2.1"));
	ck_assert_ptr_nonnull(strstr(buf, "kmalloc-64 "));
	ck_assert_ptr_nonnull(strstr(buf, "kmalloc-4k"));
	ck_assert_int_lt(slabinfo_show(buf, 100), 100);
	kfree(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("slab");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_kmalloc_sizes);
	tcase_add_test(tc, test_kmalloc_large);
	tcase_add_test(tc, test_zalloc_calloc_strdup);
	tcase_add_test(tc, test_krealloc);
	tcase_add_test(tc, test_pages_come_back);
	tcase_add_test(tc, test_percpu_caches);
	tcase_add_test(tc, test_big_objects);
	tcase_add_test(tc, test_slabinfo);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
