// SPDX-License-Identifier: MIT
/*
 * net/core/skbuff.c: geometry after every operation, clones and reference
 * counts, fragments, expand/copy, queues, the per-CPU header cache. Every
 * test runs between a setup that records the free-page count and slab
 * bytes and a teardown that drains every CPU's caches and asserts both are
 * back (STYLE.md 14): a leaked head, header or frag page fails the test.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/skbuff.h>
#include <host_mm.h>

static unsigned long pages_before, slab_before;

static void drain_all_cpus(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		host_set_cpu(cpu);
		skb_cache_drain_local();
		slab_drain_local();
		drain_local_pages();
	}
	host_set_cpu(0);
}

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
	slab_init();
	skb_init();
	drain_all_cpus();
	pages_before = nr_free_pages();
	slab_before = slab_total_bytes();
}

static void teardown(void)
{
	drain_all_cpus();
	ck_assert_uint_eq(nr_free_pages(), pages_before);
	ck_assert_uint_eq(slab_total_bytes(), slab_before);
	host_ram_free();
}

/* The invariants drawn in skbuff.h. */
static void check_geometry(const struct sk_buff *skb)
{
	ck_assert((const void *)skb->head <= (const void *)skb->data);
	ck_assert((const void *)skb->data <= (const void *)skb->tail);
	ck_assert((const void *)skb->tail <= (const void *)skb->end);
	ck_assert_uint_eq(skb->len, (unsigned int)(skb->tail - skb->data) + skb->data_len);
	ck_assert_uint_eq(skb_headlen(skb), skb->tail - skb->data);
	ck_assert_uint_eq(skb_headroom(skb), skb->data - skb->head);
	ck_assert_int_le(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
}

static void fill(void *p, size_t n, unsigned int seed)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = (unsigned char)(seed + i * 7);
}

/* An skb with @head linear bytes after 32 bytes of headroom and @nfrags one-page frags of varied sizes; its
 * bytes are also written to flat[] (which must hold skb->len). */
static struct sk_buff *make_skb(unsigned int head, int nfrags, unsigned char *flat)
{
	struct sk_buff *skb = alloc_skb(32 + head, GFP_KERNEL);
	int i;

	ck_assert_ptr_nonnull(skb);
	skb_reserve(skb, 32);
	fill(skb_put(skb, head), head, 1);
	if (flat)
		memcpy(flat, skb->data, head);
	for (i = 0; i < nfrags; i++) {
		struct page *pg = alloc_page(GFP_KERNEL);
		unsigned int off = 100 + i * 13, size = 1 + (i * 997) % (PAGE_SIZE - off);

		ck_assert_ptr_nonnull(pg);
		fill((char *)page_address(pg) + off, size, 50 + i);
		if (flat)
			memcpy(flat + skb->len, (char *)page_address(pg) + off, size);
		skb_add_rx_frag(skb, i, pg, off, size, PAGE_SIZE);
		check_geometry(skb);
	}
	return skb;
}

START_TEST(test_alloc_geometry)
{
	struct sk_buff *skb = alloc_skb(200, GFP_KERNEL);
	unsigned char *p;

	ck_assert_ptr_nonnull(skb);
	check_geometry(skb);
	ck_assert_uint_eq(skb->len, 0);
	ck_assert_uint_eq(skb_headroom(skb), 0);
	ck_assert_uint_ge(skb_tailroom(skb), 200);
	ck_assert_int_eq(atomic_read(&skb->users), 1);
	ck_assert_int_eq(atomic_read(&skb_shinfo(skb)->dataref), 1);
	ck_assert(!skb_cloned(skb));

	skb_reserve(skb, 64);
	check_geometry(skb);
	ck_assert_uint_eq(skb_headroom(skb), 64);
	p = skb_put(skb, 100);
	ck_assert_ptr_eq(p, skb->data);
	fill(p, 100, 3);
	check_geometry(skb);
	ck_assert_uint_eq(skb->len, 100);
	p = skb_push(skb, 14);                  /* an Ethernet header */
	ck_assert_ptr_eq(p, skb->data);
	check_geometry(skb);
	ck_assert_uint_eq(skb->len, 114);
	ck_assert_uint_eq(skb_headroom(skb), 50);
	p = skb_pull(skb, 14);
	check_geometry(skb);
	ck_assert_uint_eq(p[0], 3);
	ck_assert_ptr_null(skb_pull(skb, 101));  /* more than there is */
	check_geometry(skb);
	skb_trim(skb, 40);
	check_geometry(skb);
	ck_assert_uint_eq(skb->len, 40);
	skb_trim(skb, 1000);                    /* longer: no-op */
	ck_assert_uint_eq(skb->len, 40);
	__skb_put(skb, 10);
	__skb_push(skb, 10);
	__skb_pull(skb, 5);
	check_geometry(skb);
	ck_assert_uint_eq(skb->len, 55);
	kfree_skb(skb);
	kfree_skb(NULL);
	consume_skb(NULL);
}
END_TEST

START_TEST(test_overrun_panics)
{
	struct sk_buff *skb = alloc_skb(100, GFP_KERNEL);
	unsigned int room;

	skb_reserve(skb, 8);
	room = skb_tailroom(skb);
	skb_put(skb, room);                     /* exactly full is fine */
	check_geometry(skb);
	EXPECT_PANIC(skb_put(skb, 1), "skb_over_panic");
	ck_assert_msg(strstr(host_panic_msg, "put:1"), "no size in '%s'", host_panic_msg);
	ck_assert_uint_eq(skb->len, room);      /* nothing changed */
	EXPECT_PANIC(skb_push(skb, 9), "skb_under_panic");
	skb_push(skb, 8);
	check_geometry(skb);
	kfree_skb(skb);
}
END_TEST

START_TEST(test_users_refcount)
{
	struct sk_buff *skb = alloc_skb(10, GFP_KERNEL);

	ck_assert_ptr_eq(skb_get(skb), skb);
	ck_assert(skb_shared(skb));
	kfree_skb(skb);                         /* drops one reference */
	ck_assert_int_eq(atomic_read(&skb->users), 1);
	fill(skb_put(skb, 10), 10, 0);          /* still usable (ASan would object otherwise) */
	consume_skb(skb);
}
END_TEST

START_TEST(test_clone_shares_data)
{
	unsigned char flat[4096];
	struct sk_buff *skb = make_skb(300, 2, flat), *c;
	struct page *pg = skb_shinfo(skb)->frags[0].page;
	unsigned char out[4096];

	c = skb_clone(skb, GFP_KERNEL);
	ck_assert_ptr_nonnull(c);
	check_geometry(c);
	ck_assert_ptr_eq(c->head, skb->head);
	ck_assert_ptr_eq(c->data, skb->data);
	ck_assert_uint_eq(c->len, skb->len);
	ck_assert_int_eq(atomic_read(&skb_shinfo(skb)->dataref), 2);
	ck_assert(skb_cloned(skb) && skb_cloned(c));
	ck_assert_int_eq(page_count(pg), 1);    /* frags are shared, not re-referenced */
	skb_pull(c, 20);                        /* headers are independent */
	ck_assert_uint_eq(skb->len, c->len + 20);
	kfree_skb(skb);                         /* data stays for the clone */
	ck_assert(!skb_cloned(c));
	ck_assert_int_eq(skb_copy_bits(c, 0, out, c->len), 0);
	ck_assert_int_eq(memcmp(out, flat + 20, c->len), 0);
	kfree_skb(c);                           /* head and pages freed once: teardown checks */
}
END_TEST

/* Every (offset, len) window against the flat copy: linear part, frag boundaries, out of range. */
START_TEST(test_copy_bits_frags)
{
	unsigned char flat[64 * 1024], out[64 * 1024];
	struct sk_buff *skb = make_skb(77, MAX_SKB_FRAGS, flat);
	int off, len, n, iter;

	ck_assert_int_eq(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
	ck_assert_uint_gt(skb->data_len, 0);
	ck_assert_uint_eq(skb_tailroom(skb), 0);
	srand(5);
	for (iter = 0; iter < 3000; iter++) {
		off = rand() % (skb->len + 1);
		len = rand() % (skb->len - off + 1);
		ck_assert_int_eq(skb_copy_bits(skb, off, out, len), 0);
		ck_assert_int_eq(memcmp(out, flat + off, len), 0);
	}
	ck_assert_int_eq(skb_copy_bits(skb, 0, out, skb->len), 0);
	ck_assert_int_eq(memcmp(out, flat, skb->len), 0);
	ck_assert_int_eq(skb_copy_bits(skb, 1, out, skb->len), -EFAULT);
	ck_assert_int_eq(skb_copy_bits(skb, -33, out, 10), -EFAULT);
	/* recvmsg-style: truncates to what is there. */
	n = skb_copy_datagram_to_buf(skb, skb->len - 10, out, 100);
	ck_assert_int_eq(n, 10);
	ck_assert_int_eq(memcmp(out, flat + skb->len - 10, 10), 0);
	ck_assert_int_eq(skb_copy_datagram_to_buf(skb, skb->len, out, 100), 0);
	ck_assert_int_eq(skb_copy_datagram_to_buf(skb, skb->len + 1, out, 100), -EFAULT);
	EXPECT_PANIC(skb_fill_page_desc(skb, MAX_SKB_FRAGS, NULL, 0, 0), "BUG_ON");
	kfree_skb(skb);
}
END_TEST

START_TEST(test_skb_copy)
{
	unsigned char flat[8192], out[8192];
	struct sk_buff *skb = make_skb(60, 3, flat), *n;

	skb->protocol = 0x0008;
	skb->network_header = 32;
	skb->transport_header = 52;
	skb->ip_summed = CHECKSUM_PARTIAL;
	n = skb_copy(skb, GFP_KERNEL);
	ck_assert_ptr_nonnull(n);
	check_geometry(n);
	ck_assert_uint_eq(n->len, skb->len);
	ck_assert_uint_eq(n->data_len, 0);
	ck_assert_uint_eq(skb_headroom(n), skb_headroom(skb));
	ck_assert_ptr_ne(n->head, skb->head);
	ck_assert(!skb_cloned(n) && !skb_cloned(skb));
	ck_assert_uint_eq(n->protocol, 0x0008);
	ck_assert_uint_eq(n->network_header, 32);
	ck_assert_uint_eq(n->transport_header, 52);
	ck_assert_uint_eq(n->ip_summed, CHECKSUM_PARTIAL);
	ck_assert_int_eq(skb_copy_bits(n, 0, out, n->len), 0);
	ck_assert_int_eq(memcmp(out, flat, n->len), 0);
	ck_assert_int_eq(memcmp(n->data, flat, n->len), 0);
	kfree_skb(skb);
	kfree_skb(n);
}
END_TEST

START_TEST(test_expand_head)
{
	unsigned char flat[8192];
	struct sk_buff *skb = make_skb(150, 0, flat);
	unsigned int room = skb_tailroom(skb), hroom = skb_headroom(skb);

	skb->network_header = skb_headroom(skb);
	ck_assert_int_eq(pskb_expand_head(skb, 64, 512, GFP_KERNEL), 0);
	check_geometry(skb);
	ck_assert_uint_eq(skb_headroom(skb), hroom + 64);
	ck_assert_uint_ge(skb_tailroom(skb), room + 512);
	ck_assert_uint_eq(skb->len, 150);
	ck_assert_int_eq(memcmp(skb->data, flat, 150), 0);
	ck_assert_ptr_eq(skb->head + skb->network_header, skb->data);
	fill(skb_put(skb, room + 512), room + 512, 9);
	check_geometry(skb);
	kfree_skb(skb);
}
END_TEST

/* Expanding a clone with frags: each head keeps its own page reference. */
START_TEST(test_expand_cloned)
{
	unsigned char flat[8192], out[8192];
	struct sk_buff *skb = make_skb(100, 2, flat), *c = skb_clone(skb, GFP_KERNEL);
	struct page *pg = skb_shinfo(skb)->frags[1].page;
	unsigned char *old_head = skb->head;

	ck_assert_int_eq(pskb_expand_head(c, 16, 0, GFP_KERNEL), 0);
	check_geometry(c);
	ck_assert_ptr_ne(c->head, old_head);
	ck_assert(!skb_cloned(c) && !skb_cloned(skb));
	ck_assert_int_eq(page_count(pg), 2);
	c->data[0] ^= 0xff;                     /* private now: the original is untouched */
	ck_assert_uint_eq(skb->data[0], flat[0]);
	ck_assert_int_eq(skb_copy_bits(c, 1, out, c->len - 1), 0);
	ck_assert_int_eq(memcmp(out, flat + 1, c->len - 1), 0);
	kfree_skb(skb);
	ck_assert_int_eq(page_count(pg), 1);
	kfree_skb(c);
	EXPECT_PANIC(pskb_expand_head(skb_get(skb = alloc_skb(8, GFP_KERNEL)), 0, 0, GFP_KERNEL), "BUG_ON");
	kfree_skb(skb);
	kfree_skb(skb);
}
END_TEST

START_TEST(test_queue)
{
	struct sk_buff_head q;
	struct sk_buff *skbs[10], *skb;
	int i;

	skb_queue_head_init(&q);
	ck_assert(skb_queue_empty(&q));
	ck_assert_ptr_null(skb_peek(&q));
	ck_assert_ptr_null(skb_dequeue(&q));
	for (i = 0; i < 10; i++) {
		skbs[i] = alloc_skb(20, GFP_KERNEL);
		if (i % 2)
			skb_queue_tail(&q, skbs[i]);
		else
			__skb_queue_tail(&q, skbs[i]);
		ck_assert_uint_eq(skb_queue_len(&q), i + 1);
	}
	ck_assert_ptr_eq(skb_peek(&q), skbs[0]);
	ck_assert_uint_eq(skb_queue_len(&q), 10);
	for (i = 0; i < 4; i++) {
		skb = i % 2 ? skb_dequeue(&q) : __skb_dequeue(&q);
		ck_assert_ptr_eq(skb, skbs[i]);          /* FIFO */
		ck_assert_ptr_null(skb->next);
		kfree_skb(skb);
	}
	__skb_unlink(skbs[6], &q);                      /* from the middle */
	ck_assert_uint_eq(skb_queue_len(&q), 5);
	__skb_queue_head(&q, skbs[6]);
	ck_assert_ptr_eq(skb_peek(&q), skbs[6]);
	ck_assert_ptr_eq(__skb_dequeue(&q), skbs[6]);
	ck_assert_ptr_eq(__skb_dequeue(&q), skbs[4]);
	ck_assert_ptr_eq(__skb_dequeue(&q), skbs[5]);
	ck_assert_ptr_eq(skb_peek(&q), skbs[7]);
	kfree_skb(skbs[4]);
	kfree_skb(skbs[5]);
	kfree_skb(skbs[6]);
	skb_queue_purge(&q);
	ck_assert(skb_queue_empty(&q));
	ck_assert_uint_eq(skb_queue_len(&q), 0);
}
END_TEST

/* Splicing appends in order, empties the source, and an empty source is a no-op. */
START_TEST(test_queue_splice)
{
	struct sk_buff_head a, b;
	struct sk_buff *skbs[6];
	int i;

	skb_queue_head_init(&a);
	skb_queue_head_init(&b);
	skb_queue_splice_tail_init(&a, &b);             /* both empty */
	ck_assert(skb_queue_empty(&a) && skb_queue_empty(&b));
	for (i = 0; i < 6; i++) {
		skbs[i] = alloc_skb(20, GFP_KERNEL);
		__skb_queue_tail(i < 2 ? &b : &a, skbs[i]);
	}
	skb_queue_splice_tail_init(&a, &b);             /* onto a non-empty queue */
	ck_assert(skb_queue_empty(&a));
	ck_assert_uint_eq(skb_queue_len(&a), 0);
	ck_assert_ptr_eq(a.next, (struct sk_buff *)&a);
	ck_assert_ptr_eq(a.prev, (struct sk_buff *)&a);
	ck_assert_uint_eq(skb_queue_len(&b), 6);
	ck_assert_ptr_eq(skb_peek_tail(&b), skbs[5]);
	skb_queue_splice_tail_init(&a, &b);             /* empty source: no change */
	ck_assert_uint_eq(skb_queue_len(&b), 6);
	for (i = 0; i < 6; i++) {
		struct sk_buff *skb = __skb_dequeue(&b);

		ck_assert_ptr_eq(skb, skbs[i]);         /* b's own first, then a's */
		kfree_skb(skb);
	}
	ck_assert(skb_queue_empty(&b));
	__skb_queue_tail(&a, alloc_skb(20, GFP_KERNEL));
	skb_queue_splice_tail_init(&a, &b);             /* onto an empty queue */
	ck_assert_uint_eq(skb_queue_len(&b), 1);
	ck_assert_ptr_eq(b.next->next, (struct sk_buff *)&b);
	ck_assert_ptr_eq(b.prev->prev, (struct sk_buff *)&b);
	skb_queue_purge(&b);
	ck_assert(skb_queue_empty(&b));
}
END_TEST

/* Headers migrate between simulated CPUs' caches; none is handed out twice; all come back. */
START_TEST(test_percpu_cache)
{
	enum { SLOTS = 300 };
	struct sk_buff *live[SLOTS] = { 0 };
	int i, s, j;

	srand(42);
	for (i = 0; i < 20000; i++) {
		host_set_cpu(rand() % 4);
		s = rand() % SLOTS;
		if (live[s]) {
			ck_assert_uint_eq(*(unsigned int *)live[s]->data, s);
			kfree_skb(live[s]);
			live[s] = NULL;
			continue;
		}
		live[s] = alloc_skb(64 + rand() % 2000, GFP_ATOMIC);
		ck_assert_ptr_nonnull(live[s]);
		*(unsigned int *)skb_put(live[s], 4) = s;
		if (i % 1013 == 0)
			for (j = 0; j < SLOTS; j++)
				ck_assert(j == s || live[j] != live[s]);
	}
	for (s = 0; s < SLOTS; s++)
		kfree_skb(live[s]);
	host_set_cpu(0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("skbuff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_alloc_geometry);
	tcase_add_test(tc, test_overrun_panics);
	tcase_add_test(tc, test_users_refcount);
	tcase_add_test(tc, test_clone_shares_data);
	tcase_add_test(tc, test_copy_bits_frags);
	tcase_add_test(tc, test_skb_copy);
	tcase_add_test(tc, test_expand_head);
	tcase_add_test(tc, test_queue_splice);
	tcase_add_test(tc, test_expand_cloned);
	tcase_add_test(tc, test_queue);
	tcase_add_test(tc, test_percpu_cache);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
