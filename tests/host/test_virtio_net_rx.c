// SPDX-License-Identifier: MIT
/*
 * drivers/virtio_net_mq/rx.c: mergeable RX buffers -> one sk_buff (linear
 * head + coalesced page frags), the header translation both ways, and
 * malformed input from the device (counted drops, never a crash or a
 * leaked page). Buffers are carved from 32 KiB blocks as the driver's
 * refill does; every test checks that each page came back.
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

#include "../../drivers/virtio_net_mq/rx.c"

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

/* The driver's carver: buffers back to back, one page reference each. */
struct carver {
	struct page *page;
	unsigned int off;
};

static void *carve(struct carver *c)
{
	void *buf;

	if (!c->page) {
		c->page = alloc_pages(GFP_KERNEL, VIRTNET_RX_BLOCK_ORDER);
		ck_assert_ptr_nonnull(c->page);
		c->off = 0;
	}
	buf = (u8 *)page_address(c->page) + c->off;
	get_page(c->page);
	c->off += VIRTNET_RXBUF_SIZE;
	if (c->off == VIRTNET_RX_BLOCK_SIZE) {
		put_page(c->page);
		c->page = NULL;
	}
	return buf;
}

static void carver_done(struct carver *c)
{
	if (c->page)
		put_page(c->page);
	c->page = NULL;
}

static u8 pattern(unsigned int i) { return (u8)(i * 7 + 3); }

/*
 * A frame of frame_len bytes written by a "device" into consecutive
 * buffers, header first; returns the buffer count.
 */
static unsigned int device_write(struct carver *c, struct virtnet_rxbuf *bufs, unsigned int frame_len,
				 const struct virtio_net_hdr_v1 *hdr)
{
	unsigned int n = 0, done = 0;

	while (done < frame_len || n == 0) {
		u8 *buf = carve(c);
		unsigned int room = VIRTNET_RXBUF_SIZE - (n ? 0 : VIRTNET_HDR_LEN);
		unsigned int take = min(room, frame_len - done), i;
		u8 *dst = buf + (n ? 0 : VIRTNET_HDR_LEN);

		for (i = 0; i < take; i++)
			dst[i] = pattern(done + i);
		bufs[n].buf = buf;
		bufs[n].len = take + (n ? 0 : VIRTNET_HDR_LEN);
		done += take;
		n++;
	}
	memcpy(bufs[0].buf, hdr, sizeof(*hdr));
	((struct virtio_net_hdr_v1 *)bufs[0].buf)->num_buffers = cpu_to_le16(n);
	return n;
}

static void check_payload(const struct sk_buff *skb, unsigned int len)
{
	u8 *out = malloc(len);
	unsigned int i;

	ck_assert_uint_eq(skb->len, len);
	ck_assert_int_eq(skb_copy_bits(skb, 0, out, len), 0);
	for (i = 0; i < len; i++)
		ck_assert_uint_eq(out[i], pattern(i));
	free(out);
}

START_TEST(small_frame_is_linear)
{
	struct virtio_net_hdr_v1 hdr = { 0 };
	struct virtnet_rxbuf bufs[VIRTNET_MAX_RX_BUFS];
	struct carver c = { 0 };
	struct sk_buff *skb;
	unsigned int n = device_write(&c, bufs, 60, &hdr);

	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(virtnet_rx_num_buffers(bufs[0].buf, bufs[0].len), 1);
	skb = virtnet_skb_from_bufs(bufs, n);
	ck_assert_ptr_nonnull(skb);
	ck_assert_uint_eq(skb_shinfo(skb)->nr_frags, 0);
	ck_assert_uint_eq(((unsigned long)skb->data + ETH_HLEN) % 4, 0);   /* IP header aligned */
	check_payload(skb, 60);
	kfree_skb(skb);
	carver_done(&c);
}
END_TEST

START_TEST(mtu_frame_head_and_one_frag)
{
	struct virtio_net_hdr_v1 hdr = { .flags = VIRTIO_NET_HDR_F_DATA_VALID };
	struct virtnet_rxbuf bufs[VIRTNET_MAX_RX_BUFS];
	struct carver c = { 0 };
	struct sk_buff *skb;
	unsigned int n = device_write(&c, bufs, 1514, &hdr);

	ck_assert_uint_eq(n, 1);
	skb = virtnet_skb_from_bufs(bufs, n);
	ck_assert_ptr_nonnull(skb);
	ck_assert_uint_eq(skb_headlen(skb), VIRTNET_GOOD_COPY_LEN);
	ck_assert_uint_eq(skb_shinfo(skb)->nr_frags, 1);
	ck_assert_int_eq(virtnet_hdr_to_skb(skb, &hdr), 0);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_UNNECESSARY);
	check_payload(skb, 1514);
	kfree_skb(skb);
	carver_done(&c);
}
END_TEST

/* 64 KiB of TSO from the host: one skb, a few coalesced frags, gso_size kept. */
START_TEST(gso_64k_one_skb)
{
	struct virtio_net_hdr_v1 hdr = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
		.hdr_len = 66, .gso_size = 1448, .csum_start = 34, .csum_offset = 16,
	};
	struct virtnet_rxbuf bufs[VIRTNET_MAX_RX_BUFS];
	struct carver c = { 0 };
	unsigned int len = 65536 + 66, n;
	struct sk_buff *skb;

	n = device_write(&c, bufs, len, &hdr);
	/* the device fills each buffer: many more buffers than frags below */
	ck_assert_uint_eq(n, DIV_ROUND_UP(len + VIRTNET_HDR_LEN, VIRTNET_RXBUF_SIZE));
	ck_assert_uint_gt(n, 8);
	ck_assert_int_eq(virtnet_rx_num_buffers(bufs[0].buf, bufs[0].len), (int)n);
	skb = virtnet_skb_from_bufs(bufs, n);
	ck_assert_ptr_nonnull(skb);
	ck_assert_uint_le(skb_shinfo(skb)->nr_frags, 4);
	ck_assert_int_eq(virtnet_hdr_to_skb(skb, &hdr), 0);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_PARTIAL);
	ck_assert_uint_eq(skb->csum_start, skb_headroom(skb) + 34);
	ck_assert_uint_eq(skb->csum_offset, 16);
	ck_assert_uint_eq(skb_shinfo(skb)->gso_size, 1448);
	ck_assert_uint_eq(skb_shinfo(skb)->gso_segs, DIV_ROUND_UP(65536, 1448));
	check_payload(skb, len);
	kfree_skb(skb);
	carver_done(&c);
}
END_TEST

START_TEST(bad_num_buffers)
{
	struct virtio_net_hdr_v1 hdr = { .num_buffers = 0 };

	ck_assert_int_eq(virtnet_rx_num_buffers(&hdr, 100), -EINVAL);
	hdr.num_buffers = VIRTNET_MAX_RX_BUFS + 1;
	ck_assert_int_eq(virtnet_rx_num_buffers(&hdr, 100), -EINVAL);
	hdr.num_buffers = 1;
	ck_assert_int_eq(virtnet_rx_num_buffers(&hdr, VIRTNET_HDR_LEN - 1), -EINVAL);
}
END_TEST

/* Too short, too long, or too scattered: NULL, and every page back. */
START_TEST(malformed_buffers_released)
{
	struct virtio_net_hdr_v1 hdr = { 0 };
	struct virtnet_rxbuf bufs[VIRTNET_MAX_RX_BUFS];
	struct carver c = { 0 }, far[MAX_SKB_FRAGS + 2];
	unsigned int n, i;

	n = device_write(&c, bufs, 60, &hdr);
	bufs[0].len = VIRTNET_HDR_LEN + ETH_HLEN - 1;
	ck_assert_ptr_null(virtnet_skb_from_bufs(bufs, n));

	n = device_write(&c, bufs, 5000, &hdr);
	bufs[n - 1].len = VIRTNET_RXBUF_SIZE + 1;
	ck_assert_ptr_null(virtnet_skb_from_bufs(bufs, n));

	/* every buffer in a block of its own: more pieces than MAX_SKB_FRAGS */
	memset(far, 0, sizeof(far));
	for (i = 0; i < MAX_SKB_FRAGS + 2; i++) {
		bufs[i].buf = carve(&far[i]);
		bufs[i].len = VIRTNET_RXBUF_SIZE;
	}
	ck_assert_ptr_null(virtnet_skb_from_bufs(bufs, MAX_SKB_FRAGS + 2));
	for (i = 0; i < MAX_SKB_FRAGS + 2; i++)
		carver_done(&far[i]);
	carver_done(&c);
}
END_TEST

START_TEST(header_offsets_checked)
{
	struct virtio_net_hdr_v1 hdr = { .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
					 .csum_start = 50, .csum_offset = 10 };
	struct virtnet_rxbuf bufs[VIRTNET_MAX_RX_BUFS];
	struct carver c = { 0 };
	struct sk_buff *skb;
	unsigned int n = device_write(&c, bufs, 60, &hdr);

	skb = virtnet_skb_from_bufs(bufs, n);
	ck_assert_ptr_nonnull(skb);
	ck_assert_int_eq(virtnet_hdr_to_skb(skb, &hdr), -EINVAL);     /* 50 + 10 + 2 > 60 */
	hdr.flags = 0;
	hdr.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	ck_assert_int_eq(virtnet_hdr_to_skb(skb, &hdr), -EINVAL);     /* not negotiated */
	hdr.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	hdr.gso_size = 0;
	ck_assert_int_eq(virtnet_hdr_to_skb(skb, &hdr), -EINVAL);
	kfree_skb(skb);
	carver_done(&c);
}
END_TEST

/* TX: checksum and TSO fields from the skb, offsets from the frame start. */
START_TEST(tx_header_from_skb)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct virtio_net_hdr_v1 hdr;
	u8 *p;

	skb_reserve(skb, 64);
	p = skb_put(skb, 14 + 20 + 32);
	memset(p, 0, 66);
	p[14 + 20 + 12] = 8 << 4;              /* TCP data offset: 32 bytes */
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_headroom(skb) + 34;
	skb->csum_offset = 16;
	skb_shinfo(skb)->gso_size = 1448;
	virtnet_skb_to_hdr(skb, &hdr);
	ck_assert_uint_eq(hdr.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	ck_assert_uint_eq(hdr.csum_start, 34);
	ck_assert_uint_eq(hdr.csum_offset, 16);
	ck_assert_uint_eq(hdr.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	ck_assert_uint_eq(hdr.gso_size, 1448);
	ck_assert_uint_eq(hdr.hdr_len, 66);
	ck_assert_uint_eq(hdr.num_buffers, 0);
	skb_shinfo(skb)->gso_size = 0;
	kfree_skb(skb);
}
END_TEST

static Suite *virtio_net_rx_suite(void)
{
	Suite *s = suite_create("virtio_net_rx");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, small_frame_is_linear);
	tcase_add_test(tc, mtu_frame_head_and_one_frag);
	tcase_add_test(tc, gso_64k_one_skb);
	tcase_add_test(tc, bad_num_buffers);
	tcase_add_test(tc, malformed_buffers_released);
	tcase_add_test(tc, header_offsets_checked);
	tcase_add_test(tc, tx_header_from_skb);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return host_run_suite(virtio_net_rx_suite());
}
