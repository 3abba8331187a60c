// SPDX-License-Identifier: MIT
/*
 * The CONFIG_DEBUG checks (this binary links the kernel objects built with
 * -DCONFIG_DEBUG): lock order ranks, recursive and foreign unlocks, page
 * double free and poisoning, slab use-after-free and double free, and the
 * lock contracts of the unlocked skb queue helpers and sock_owned_by_me.
 */
#include <check.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/spinlock.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/skbuff.h>
#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <net/sock.h>
#include <host_mm.h>

START_TEST(test_rank_order)
{
	spinlock_t outer, inner;

	spin_lock_init_ranked(&outer, "outer_lock", 10);
	spin_lock_init_ranked(&inner, "inner_lock", 20);
	spin_lock(&outer);                      /* 10 -> 20: fine */
	spin_lock(&inner);
	ck_assert(spin_held_by_me(&inner));
	assert_spin_locked(&outer);
	spin_unlock(&outer);                    /* out-of-order release is allowed */
	spin_unlock(&inner);
	ck_assert(!spin_held_by_me(&inner));
	spin_lock(&inner);
	EXPECT_PANIC(spin_lock(&outer), "taking outer_lock (rank 10) while holding inner_lock (rank 20)");
}
END_TEST

START_TEST(test_rank_equal_and_trylock)
{
	spinlock_t a, b, c;

	spin_lock_init_ranked(&a, "a_lock", 5);
	spin_lock_init_ranked(&b, "b_lock", 5);
	spin_lock_init(&c);                     /* unranked: never checked */
	spin_lock(&b);
	spin_lock(&c);
	ck_assert(spin_trylock(&a));            /* trylock cannot deadlock: no check */
	spin_unlock(&a);
	spin_unlock(&c);
	EXPECT_PANIC(spin_lock(&a), "a_lock");
}
END_TEST

START_TEST(test_ranks_per_cpu)
{
	spinlock_t hi, lo;

	spin_lock_init_ranked(&hi, "hi_lock", 30);
	spin_lock_init_ranked(&lo, "lo_lock", 3);
	spin_lock(&hi);
	host_set_cpu(1);                        /* another CPU holds nothing */
	spin_lock(&lo);
	spin_unlock(&lo);
	host_set_cpu(0);
	spin_unlock(&hi);
}
END_TEST

START_TEST(test_recursive_acquire)
{
	DEFINE_SPINLOCK(rec_lock);

	spin_lock(&rec_lock);
	EXPECT_PANIC(spin_lock(&rec_lock), "recursive acquire of rec_lock");
}
END_TEST

START_TEST(test_foreign_unlock)
{
	spinlock_t l;

	spin_lock_init_named(&l, "foreign");
	spin_lock(&l);
	host_set_cpu(2);
	ck_assert(!spin_held_by_me(&l));
	EXPECT_PANIC(spin_unlock(&l), "CPU 2 unlocks foreign owned by CPU 0");
	host_set_cpu(0);
	spin_unlock(&l);
	EXPECT_PANIC(spin_unlock(&l), "not locked");
	EXPECT_PANIC(assert_spin_locked(&l), "lock foreign not held");
}
END_TEST

/* __skb_* need the queue serialised: its lock, if held, must be ours. */
START_TEST(test_skb_queue_foreign_lock)
{
	struct sk_buff_head q;
	struct sk_buff skb;

	memset(&skb, 0, sizeof(skb));
	skb_queue_head_init(&q);
	__skb_queue_tail(&q, &skb);             /* lock free: the owner's guard */
	__skb_unlink(&skb, &q);
	spin_lock(&q.lock);
	__skb_queue_tail(&q, &skb);             /* held by this CPU */
	host_set_cpu(1);
	EXPECT_PANIC(__skb_unlink(&skb, &q), "skbuff.c");
	EXPECT_PANIC(__skb_queue_head(&q, &skb), "skbuff.c");
	host_set_cpu(0);
	__skb_unlink(&skb, &q);
	spin_unlock(&q.lock);
	ck_assert_int_eq(skb_queue_len(&q), 0);
}
END_TEST

START_TEST(test_sock_owned_by_me)
{
	struct sock sk;

	memset(&sk, 0, sizeof(sk));
	spin_lock_init_named(&sk.sk_lock.slock, "sk_lock.slock");
	EXPECT_PANIC(sock_owned_by_me(&sk), "sk_lock");
	sk.sk_lock.owned = 1;                   /* lock_sock */
	sock_owned_by_me(&sk);
	sk.sk_lock.owned = 0;
	spin_lock(&sk.sk_lock.slock);           /* bh_lock_sock */
	sock_owned_by_me(&sk);
	host_set_cpu(3);
	EXPECT_PANIC(sock_owned_by_me(&sk), "sk_lock");
	host_set_cpu(0);
	spin_unlock(&sk.sk_lock.slock);
}
END_TEST

START_TEST(test_page_poison_double_free)
{
	struct page *p;
	unsigned char *b;
	size_t i;

	host_set_cpu(0);
	host_ram_init();
	p = alloc_pages(GFP_KERNEL, 1);
	b = page_address(p);
	memset(b, 0, 2 * PAGE_SIZE);
	__free_pages(p, 1);
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		ck_assert_int_eq(b[i], POISON_FREE);
	EXPECT_PANIC(__free_pages(p, 1), "double free");
	p = alloc_pages(GFP_KERNEL, 2);
	EXPECT_PANIC(__free_pages(p, 1), "allocated with order 2, freed with order 1");
	EXPECT_PANIC(__free_pages(pfn_to_page(min_pfn), 0), "freeing pfn");   /* reserved */
	host_ram_free();
}
END_TEST

START_TEST(test_slab_use_after_free)
{
	char *p, *q;

	host_ram_init();
	slab_init();
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	ck_assert_int_eq(p[20], POISON_FREE);
	q = kmalloc(64, GFP_KERNEL);            /* LIFO: the same object, intact */
	ck_assert_ptr_eq(p, q);
	ck_assert_int_eq(q[20], 0x5a);          /* POISON_INUSE until written */
	kfree(q);
	p[40] = 1;                              /* write after free */
	EXPECT_PANIC(kmalloc(64, GFP_KERNEL), "modified after free");
	host_ram_free();
}
END_TEST

START_TEST(test_slab_double_free)
{
	char *p, *q;
	int x;

	host_ram_init();
	slab_init();
	p = kmalloc(128, GFP_KERNEL);
	q = kmalloc(128, GFP_KERNEL);
	kfree(p);
	kfree(q);
	EXPECT_PANIC(kfree(p), "double free");
	EXPECT_PANIC(kfree(&x), "not in RAM");  /* not from the allocator at all */
	host_ram_free();
}
END_TEST

START_TEST(test_slab_wrong_cache)
{
	struct kmem_cache *a, *b;
	void *o;

	host_ram_init();
	slab_init();
	a = kmem_cache_create("cache_a", 40, 0, 0, NULL);
	b = kmem_cache_create("cache_b", 40, 0, 0, NULL);
	o = kmem_cache_alloc(a, GFP_KERNEL);
	EXPECT_PANIC(kmem_cache_free(b, o), "not an object of cache_b");
	EXPECT_PANIC(kmem_cache_free(a, (char *)o + 8), "not an object of cache_a");
	host_ram_free();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("debug");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rank_order);
	tcase_add_test(tc, test_rank_equal_and_trylock);
	tcase_add_test(tc, test_ranks_per_cpu);
	tcase_add_test(tc, test_recursive_acquire);
	tcase_add_test(tc, test_foreign_unlock);
	tcase_add_test(tc, test_skb_queue_foreign_lock);
	tcase_add_test(tc, test_sock_owned_by_me);
	tcase_add_test(tc, test_page_poison_double_free);
	tcase_add_test(tc, test_slab_use_after_free);
	tcase_add_test(tc, test_slab_double_free);
	tcase_add_test(tc, test_slab_wrong_cache);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
