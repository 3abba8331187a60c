// SPDX-License-Identifier: MIT
/*
 * drivers/virtio/virtio_ring.c on the host, against a fake device written
 * here: the device side consumes the available ring (following indirect
 * tables), writes the used ring and decides, by the EVENT_IDX rule or the
 * flags, whether it would interrupt. The ring file is included whole so
 * its private state can be checked; printk is counted to see that a
 * broken device is reported once. Every test runs between a setup that
 * records free pages and slab bytes and a teardown that asserts both are
 * back: a leaked indirect table or ring page fails the test.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <host_test.h>

static int printk_calls;
#define printk counted_printk
#include "../../drivers/virtio/virtio_ring.c"
#undef printk
#include <shoal/smp.h>
#include <host_mm.h>

int counted_printk(const char *fmt, ...)
{
	(void)fmt;
	printk_calls++;
	return 0;
}

/* ------------------------------------------------------------- the device */

struct fake_elem {
	u16 head;
	unsigned int nout, nin;         /* descriptors of each direction */
	u32 out_len, in_len;
	bool indirect;
};

static struct virtio_device vdev;
static struct virtqueue *vq;
static struct vring_virtqueue *vvq;
static u16 dev_last_avail;              /* device's next avail entry */
static u16 dev_used;                    /* device's used->idx */
static int notifies;

static bool fake_notify(struct virtqueue *q)
{
	(void)q;
	notifies++;
	return true;
}

static void walk_chain(struct vring_desc *table, unsigned int n, u16 i, struct fake_elem *e)
{
	unsigned int steps;

	for (steps = 0; steps < n; steps++) {
		struct vring_desc *d = &table[i];

		if (d->flags & VRING_DESC_F_WRITE) {
			e->nin++;
			e->in_len += d->len;
		} else {
			ck_assert_msg(e->nin == 0, "readable descriptor after a writable one");
			e->nout++;
			e->out_len += d->len;
		}
		if (!(d->flags & VRING_DESC_F_NEXT))
			return;
		i = d->next;
		ck_assert_uint_lt(i, n);
	}
	ck_abort_msg("descriptor chain loops");
}

/* Take the next available buffer; false if none. */
static bool dev_pop(struct fake_elem *e)
{
	struct vring *vr = &vvq->vring;
	struct vring_desc *d;

	if (dev_last_avail == vr->avail->idx)
		return false;
	memset(e, 0, sizeof(*e));
	e->head = vr->avail->ring[dev_last_avail & (vr->num - 1)];
	dev_last_avail++;
	ck_assert_uint_lt(e->head, vr->num);
	d = &vr->desc[e->head];
	if (d->flags & VRING_DESC_F_INDIRECT) {
		e->indirect = true;
		ck_assert(!(d->flags & VRING_DESC_F_NEXT));
		ck_assert_uint_eq(d->len % sizeof(struct vring_desc), 0);
		walk_chain((struct vring_desc *)__va(d->addr), d->len / sizeof(struct vring_desc),
			   0, e);
	} else {
		walk_chain(vr->desc, vr->num, e->head, e);
	}
	/* The device asks to be kicked at the next buffer (EVENT_IDX). */
	vring_avail_event(vr) = dev_last_avail;
	return true;
}

/* Return @head with @len bytes written; true if the device would interrupt. */
static bool dev_push(u16 head, u32 len)
{
	struct vring *vr = &vvq->vring;
	u16 old = dev_used;

	vr->used->ring[dev_used & (vr->num - 1)].id = head;
	vr->used->ring[dev_used & (vr->num - 1)].len = len;
	dev_used++;
	vr->used->idx = dev_used;
	if (vvq->event)
		return vring_need_event(vring_used_event(vr), dev_used, old);
	return !(vr->avail->flags & VRING_AVAIL_F_NO_INTERRUPT);
}

/* ------------------------------------------------------------- fixtures */

static unsigned long pages_before, slab_before;
static char bufs[64][64];               /* buffers the tests hand out */

static void drain_all_cpus(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		host_set_cpu(cpu);
		slab_drain_local();
		drain_local_pages();
	}
	host_set_cpu(0);
}

static void make_vq(unsigned int num, u64 features)
{
	memset(&vdev, 0, sizeof(vdev));
	snprintf(vdev.name, sizeof(vdev.name), "virtio9");
	vdev.features = features;
	vq = vring_create_virtqueue(3, num, &vdev, fake_notify, NULL, "test.0");
	ck_assert_ptr_nonnull(vq);
	vvq = to_vvq(vq);
	dev_last_avail = dev_used = 0;
	notifies = printk_calls = 0;
}

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
	slab_init();
	drain_all_cpus();
	pages_before = nr_free_pages();
	slab_before = slab_total_bytes();
	vq = NULL;
}

static void teardown(void)
{
	if (vq) {
		while (virtqueue_detach_unused_buf(vq))
			;
		vring_del_virtqueue(vq);
	}
	drain_all_cpus();
	ck_assert_uint_eq(nr_free_pages(), pages_before);
	ck_assert_uint_eq(slab_total_bytes(), slab_before);
	host_ram_free();
}

static int add_out(int i, unsigned int len)
{
	struct scatterlist sg;

	sg_init_one(&sg, bufs[i], len);
	return virtqueue_add_outbuf(vq, &sg, 1, bufs[i], GFP_ATOMIC);
}

static int add_in(int i, unsigned int len)
{
	struct scatterlist sg;

	sg_init_one(&sg, bufs[i], len);
	return virtqueue_add_inbuf(vq, &sg, 1, bufs[i], GFP_ATOMIC);
}

/* ------------------------------------------------------------- tests */

START_TEST(test_layout)
{
	make_vq(256, 0);
	ck_assert_uint_eq(virtqueue_get_vring_size(vq), 256);
	ck_assert_uint_eq(vq->num_free, 256);
	ck_assert_uint_eq(virtqueue_get_desc_addr(vq) % PAGE_SIZE, 0);
	ck_assert_uint_eq(virtqueue_get_avail_addr(vq), virtqueue_get_desc_addr(vq) + 256 * 16);
	ck_assert_uint_eq(virtqueue_get_used_addr(vq) % 4, 0);
	ck_assert_uint_ge(virtqueue_get_used_addr(vq),
			  virtqueue_get_avail_addr(vq) + 4 + 2 * 256 + 2);
	/* Not a power of two, or zero: refused. */
	ck_assert_ptr_null(vring_create_virtqueue(0, 100, &vdev, fake_notify, NULL, "x"));
	ck_assert_ptr_null(vring_create_virtqueue(0, 0, &vdev, fake_notify, NULL, "x"));
}
END_TEST

START_TEST(test_in_order)
{
	struct fake_elem e;
	unsigned int len;
	int i;

	make_vq(8, 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(add_in(i, 10 + i), 0);
	ck_assert_uint_eq(vq->num_free, 5);
	ck_assert(virtqueue_kick(vq));
	ck_assert_int_eq(notifies, 1);
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));       /* nothing used yet */

	for (i = 0; i < 3; i++) {
		ck_assert(dev_pop(&e));
		ck_assert_uint_eq(e.nin, 1);
		ck_assert_uint_eq(e.in_len, 10 + i);
		dev_push(e.head, 5 + i);
	}
	ck_assert(!dev_pop(&e));
	for (i = 0; i < 3; i++) {
		ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[i]);
		ck_assert_uint_eq(len, 5 + i);
	}
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));
	ck_assert_uint_eq(vq->num_free, 8);
}
END_TEST

START_TEST(test_out_of_order)
{
	struct fake_elem e[4];
	unsigned int len;
	int i;

	make_vq(8, 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(add_out(i, 20), 0);
	virtqueue_kick(vq);
	for (i = 0; i < 4; i++)
		ck_assert(dev_pop(&e[i]));
	dev_push(e[2].head, 0);
	dev_push(e[0].head, 0);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[2]);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[0]);
	ck_assert_uint_eq(vq->num_free, 6);
	/* The freed descriptors are reused. */
	ck_assert_int_eq(add_out(4, 20), 0);
	ck_assert_int_eq(add_out(5, 20), 0);
	virtqueue_kick(vq);
	ck_assert(dev_pop(&e[0]));
	ck_assert(dev_pop(&e[2]));
	dev_push(e[3].head, 0);
	dev_push(e[2].head, 0);
	dev_push(e[1].head, 0);
	dev_push(e[0].head, 0);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[3]);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[5]);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[1]);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[4]);
	ck_assert_uint_eq(vq->num_free, 8);
}
END_TEST

/* 16-bit indices wrap: 3 x 65536 buffers through a ring of 4. */
START_TEST(test_index_wrap)
{
	struct fake_elem e;
	unsigned int len, n;

	make_vq(4, 1ULL << VIRTIO_RING_F_EVENT_IDX);
	for (n = 0; n < 3 * 65536 + 5; n++) {
		ck_assert_int_eq(add_in(n % 4, 8), 0);
		virtqueue_kick(vq);
		ck_assert(dev_pop(&e));
		dev_push(e.head, 8);
		ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[n % 4]);
	}
	ck_assert_uint_eq(vvq->last_used_idx, (u16)(3 * 65536 + 5));
	ck_assert_uint_eq(vq->num_free, 4);
	/* Every add was kicked: the device asked for each one. */
	ck_assert_int_eq(notifies, 3 * 65536 + 5);
	ck_assert(!virtqueue_is_broken(vq));
}
END_TEST

START_TEST(test_indirect_chain)
{
	struct scatterlist hdr, data[2], *sgs[3];
	struct fake_elem e;
	unsigned int len;

	make_vq(8, 1ULL << VIRTIO_RING_F_INDIRECT_DESC);
	sg_init_one(&hdr, bufs[0], 12);
	sg_init_one(&data[0], bufs[1], 40);
	sg_init_one(&data[1], bufs[2], 60);
	sgs[0] = &hdr;
	sgs[1] = &data[0];
	sgs[2] = &data[1];
	ck_assert_int_eq(virtqueue_add_sgs(vq, sgs, 1, 2, bufs[0], GFP_ATOMIC), 0);
	ck_assert_uint_eq(vq->num_free, 7);    /* one ring descriptor */
	ck_assert_ptr_nonnull(vvq->desc_state[0].indir_desc);
	virtqueue_kick(vq);
	ck_assert(dev_pop(&e));
	ck_assert(e.indirect);
	ck_assert_uint_eq(e.nout, 1);
	ck_assert_uint_eq(e.nin, 2);
	ck_assert_uint_eq(e.out_len, 12);
	ck_assert_uint_eq(e.in_len, 100);
	dev_push(e.head, 100);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[0]);
	ck_assert_uint_eq(len, 100);
	ck_assert_uint_eq(vq->num_free, 8);
	ck_assert_ptr_null(vvq->desc_state[0].indir_desc);     /* freed (teardown checks) */

	/* A single entry needs no table. */
	ck_assert_int_eq(add_out(3, 30), 0);
	virtqueue_kick(vq);
	ck_assert(dev_pop(&e));
	ck_assert(!e.indirect);
	/* Indirect chains fit even when the ring has one descriptor left. */
	ck_assert_int_eq(virtqueue_add_outbuf(vq, data, 2, bufs[4], GFP_ATOMIC), 0);
	ck_assert_uint_eq(vq->num_free, 6);
}
END_TEST

START_TEST(test_direct_chain_and_full)
{
	struct scatterlist sg[3];
	struct fake_elem e;
	unsigned int len;
	int i;

	make_vq(8, 0);
	for (i = 0; i < 3; i++)
		sg_init_one(&sg[i], bufs[i], 16);
	ck_assert_int_eq(virtqueue_add_outbuf(vq, sg, 3, bufs[0], GFP_ATOMIC), 0);
	ck_assert_uint_eq(vq->num_free, 5);
	for (i = 1; i <= 5; i++)
		ck_assert_int_eq(add_in(i, 16), 0);
	ck_assert_uint_eq(vq->num_free, 0);
	ck_assert_int_eq(add_in(6, 16), -ENOSPC);
	virtqueue_kick(vq);
	ck_assert(dev_pop(&e));
	ck_assert(!e.indirect);
	ck_assert_uint_eq(e.nout, 3);
	ck_assert_uint_eq(e.out_len, 48);
	dev_push(e.head, 0);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[0]);
	ck_assert_uint_eq(vq->num_free, 3);
	/* Four descriptors do not fit in three; three do. */
	ck_assert_int_eq(virtqueue_add_inbuf(vq, sg, 3, bufs[7], GFP_ATOMIC), 0);
	ck_assert_int_eq(add_out(8, 1), -ENOSPC);
	/* Nonsense is refused, not crashed on. */
	ck_assert_int_eq(virtqueue_add_outbuf(vq, sg, 0, bufs[0], GFP_ATOMIC), -EINVAL);
	ck_assert_int_eq(virtqueue_add_outbuf(vq, sg, 1, NULL, GFP_ATOMIC), -EINVAL);
}
END_TEST

/* kick_prepare: the device's avail_event (EVENT_IDX), else its NO_NOTIFY flag. */
START_TEST(test_kick_event_idx)
{
	struct fake_elem e;

	make_vq(8, 1ULL << VIRTIO_RING_F_EVENT_IDX);
	/* Fresh ring: avail_event 0, so the first buffer (0 -> 1) crosses it. */
	add_out(0, 1);
	ck_assert(virtqueue_kick_prepare(vq));
	/* The device has not caught up (avail_event still 0): 1 -> 3 does not cross it. */
	add_out(1, 1);
	add_out(2, 1);
	ck_assert(!virtqueue_kick_prepare(vq));
	/* The device consumed all three and asks at index 3: 3 -> 4 crosses. */
	while (dev_pop(&e))
		;
	ck_assert_uint_eq(vring_avail_event(&vvq->vring), 3);
	add_out(3, 1);
	add_out(4, 1);
	ck_assert(virtqueue_kick_prepare(vq));
	/* Nothing new since: no kick. */
	ck_assert(!virtqueue_kick_prepare(vq));
	/* The device asks far ahead (it is still busy): no kick. */
	vring_avail_event(&vvq->vring) = 10;
	add_out(5, 1);
	ck_assert(!virtqueue_kick_prepare(vq));
	ck_assert_int_eq(notifies, 0);          /* prepare never rings */
}
END_TEST

START_TEST(test_kick_flags)
{
	make_vq(8, 0);
	add_out(0, 1);
	ck_assert(virtqueue_kick_prepare(vq));
	vvq->vring.used->flags = VRING_USED_F_NO_NOTIFY;
	add_out(1, 1);
	ck_assert(!virtqueue_kick_prepare(vq));
	ck_assert(virtqueue_kick(vq));          /* succeeded, without ringing */
	ck_assert_int_eq(notifies, 0);
}
END_TEST

/* Interrupt suppression with EVENT_IDX: disable_cb, enable_cb_prepare + poll. */
START_TEST(test_cb_event_idx)
{
	struct fake_elem e[4];
	unsigned int last, len;
	int i;

	make_vq(8, 1ULL << VIRTIO_RING_F_EVENT_IDX);
	virtqueue_enable_cb(vq);                /* created without a callback: off */
	for (i = 0; i < 4; i++)
		add_in(i, 8);
	virtqueue_kick(vq);
	for (i = 0; i < 4; i++)
		dev_pop(&e[i]);
	ck_assert(dev_push(e[0].head, 1));      /* callbacks on: interrupt */
	virtqueue_disable_cb(vq);
	ck_assert(!dev_push(e[1].head, 1));     /* off: none */
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[0]);
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[1]);
	ck_assert(!dev_push(e[2].head, 1));     /* still off across get_buf */
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[2]);

	last = virtqueue_enable_cb_prepare(vq);
	ck_assert(!virtqueue_poll(vq, last));   /* nothing arrived meanwhile */
	ck_assert(dev_push(e[3].head, 1));      /* the next one interrupts */
	ck_assert(virtqueue_poll(vq, last));    /* and poll sees it */
	ck_assert(!virtqueue_enable_cb(vq));    /* "poll again" */
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[3]);
	ck_assert(virtqueue_enable_cb(vq));
}
END_TEST

/* Without EVENT_IDX the avail flag says it. */
START_TEST(test_cb_flags)
{
	struct fake_elem e[2];

	make_vq(8, 0);
	ck_assert_uint_eq(vvq->vring.avail->flags, VRING_AVAIL_F_NO_INTERRUPT); /* no callback */
	ck_assert(virtqueue_enable_cb(vq));
	ck_assert_uint_eq(vvq->vring.avail->flags, 0);
	add_in(0, 8);
	add_in(1, 8);
	virtqueue_kick(vq);
	dev_pop(&e[0]);
	dev_pop(&e[1]);
	ck_assert(dev_push(e[0].head, 1));
	virtqueue_disable_cb(vq);
	ck_assert(!dev_push(e[1].head, 1));
}
END_TEST

/* enable_cb_delayed: the interrupt comes after 3/4 of the outstanding buffers. */
START_TEST(test_cb_delayed)
{
	struct fake_elem e[8];
	unsigned int len;
	int i;

	make_vq(8, 1ULL << VIRTIO_RING_F_EVENT_IDX);
	for (i = 0; i < 8; i++)
		add_out(i, 8);
	virtqueue_kick(vq);
	for (i = 0; i < 8; i++)
		dev_pop(&e[i]);
	virtqueue_disable_cb(vq);
	ck_assert(virtqueue_enable_cb_delayed(vq));     /* none used yet */
	ck_assert_uint_eq(vring_used_event(&vvq->vring), 6);    /* 0 + 8 * 3/4 */
	for (i = 0; i < 6; i++)
		ck_assert_msg(!dev_push(e[i].head, 0), "interrupt after %d", i + 1);
	ck_assert(dev_push(e[6].head, 0));      /* the 7th crosses used_event 6 */

	/* Again, with more than 3/4 already used: false, "poll now". */
	for (i = 0; i < 7; i++)
		ck_assert_ptr_nonnull(virtqueue_get_buf(vq, &len));
	virtqueue_disable_cb(vq);
	for (i = 0; i < 7; i++)
		add_out(i, 8);                  /* 8 outstanding: event at +6 */
	virtqueue_kick(vq);
	ck_assert(!dev_push(e[7].head, 0));
	for (i = 0; i < 7; i++)
		dev_pop(&e[i]);
	for (i = 0; i < 6; i++)
		dev_push(e[i].head, 0);
	ck_assert(!virtqueue_enable_cb_delayed(vq));    /* 7 of 8 used > 6 */
}
END_TEST

START_TEST(test_bad_id)
{
	struct fake_elem e;
	unsigned int len;

	make_vq(8, 0);
	add_in(0, 8);
	add_in(1, 8);
	virtqueue_kick(vq);
	dev_pop(&e);
	dev_push(200, 4);                       /* out of range */
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));
	ck_assert(virtqueue_is_broken(vq));
	ck_assert_int_eq(printk_calls, 1);
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));
	dev_push(e.head, 4);
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));
	ck_assert_int_eq(printk_calls, 1);      /* logged once */
	ck_assert_int_eq(add_in(2, 8), -EIO);
	ck_assert(!virtqueue_notify(vq));
	ck_assert(!virtqueue_poll(vq, 0));
	ck_assert_int_eq(vring_interrupt(0, vq), IRQ_HANDLED); /* no callback called, no crash */
}
END_TEST

START_TEST(test_bad_head_and_length)
{
	struct fake_elem e[2];
	struct scatterlist sg[2];
	unsigned int len;

	make_vq(8, 0);
	sg_init_one(&sg[0], bufs[0], 8);
	sg_init_one(&sg[1], bufs[1], 8);
	ck_assert_int_eq(virtqueue_add_inbuf(vq, sg, 2, bufs[0], GFP_ATOMIC), 0);
	add_in(2, 8);
	virtqueue_kick(vq);
	dev_pop(&e[0]);
	dev_pop(&e[1]);
	dev_push(e[0].head, 16);                /* fits the 16-byte chain */
	ck_assert_ptr_eq(virtqueue_get_buf(vq, &len), bufs[0]);
	dev_push(e[1].head, 9);                 /* 9 bytes into 8 */
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));
	ck_assert(virtqueue_is_broken(vq));
	ck_assert_int_eq(printk_calls, 1);

	/* A used id that is a descriptor, but not the head of anything in flight. */
	teardown();
	setup();
	make_vq(8, 0);
	ck_assert_int_eq(virtqueue_add_inbuf(vq, sg, 2, bufs[0], GFP_ATOMIC), 0);
	virtqueue_kick(vq);
	dev_pop(&e[0]);
	dev_push(e[0].head + 1, 4);             /* the chain's second descriptor */
	ck_assert_ptr_null(virtqueue_get_buf(vq, &len));
	ck_assert(virtqueue_is_broken(vq));
}
END_TEST

START_TEST(test_detach_unused)
{
	struct scatterlist sg[3];
	int i, n = 0;
	void *p;

	make_vq(8, 1ULL << VIRTIO_RING_F_INDIRECT_DESC);
	for (i = 0; i < 3; i++)
		sg_init_one(&sg[i], bufs[i], 16);
	ck_assert_int_eq(virtqueue_add_outbuf(vq, sg, 3, bufs[10], GFP_ATOMIC), 0);
	for (i = 0; i < 4; i++)
		add_in(i, 8);
	while ((p = virtqueue_detach_unused_buf(vq))) {
		ck_assert(p == bufs[10] || (p >= (void *)bufs[0] && p <= (void *)bufs[3]));
		n++;
	}
	ck_assert_int_eq(n, 5);
	ck_assert_uint_eq(vq->num_free, 8);
	ck_assert_uint_eq(vvq->vring.avail->idx, 0);
}
END_TEST

static int callbacks;
static void count_cb(struct virtqueue *q) { (void)q; callbacks++; }

START_TEST(test_interrupt)
{
	struct fake_elem e;

	memset(&vdev, 0, sizeof(vdev));
	vq = vring_create_virtqueue(0, 8, &vdev, fake_notify, count_cb, "cb.0");
	vvq = to_vvq(vq);
	dev_last_avail = dev_used = 0;
	callbacks = 0;
	ck_assert_int_eq(vring_interrupt(5, vq), IRQ_NONE);     /* nothing used */
	ck_assert_int_eq(callbacks, 0);
	add_in(0, 8);
	virtqueue_kick(vq);
	dev_pop(&e);
	dev_push(e.head, 1);
	ck_assert_int_eq(vring_interrupt(5, vq), IRQ_HANDLED);
	ck_assert_int_eq(callbacks, 1);
}
END_TEST

static Suite *virtio_ring_suite(void)
{
	Suite *s = suite_create("virtio_ring");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_in_order);
	tcase_add_test(tc, test_out_of_order);
	tcase_add_test(tc, test_index_wrap);
	tcase_add_test(tc, test_indirect_chain);
	tcase_add_test(tc, test_direct_chain_and_full);
	tcase_add_test(tc, test_kick_event_idx);
	tcase_add_test(tc, test_kick_flags);
	tcase_add_test(tc, test_cb_event_idx);
	tcase_add_test(tc, test_cb_flags);
	tcase_add_test(tc, test_cb_delayed);
	tcase_add_test(tc, test_bad_id);
	tcase_add_test(tc, test_bad_head_and_length);
	tcase_add_test(tc, test_detach_unused);
	tcase_add_test(tc, test_interrupt);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return host_run_suite(virtio_ring_suite());
}
