// SPDX-License-Identifier: MIT
/*
 * virtio-net packets <-> sk_buffs, with no device in sight (the host
 * tests build this file alone): mergeable RX buffers become one skb with
 * a small linear head and page frags, and the virtio_net_hdr_v1 is
 * translated to and from the skb's checksum and GSO fields.
 *
 * Where this sits: virtnet_receive (virtio_net.c) takes the used buffers
 * of one packet off the RX ring, and hands them here; the skb goes on to
 * napi_gro_receive. No locks: the caller owns the buffers (its NAPI).
 *
 * A buffer is VIRTNET_RXBUF_SIZE bytes inside a VIRTNET_RX_BLOCK_SIZE
 * block (naturally aligned: the buddy allocator aligns a block to its
 * size) and carries one reference on the block's head page. Every path
 * here gives each buffer's reference either to the skb (as a frag) or
 * back with put_page: none is kept, none is dropped twice.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/skbuff.h>
#include <shoal/netdevice.h>
#include "virtio_net.h"

#define NET_IP_ALIGN    2       /* so that the IP header is 4-byte aligned */

/* The head page of the block a buffer was carved from. */
struct page *virtnet_buf_page(const void *buf)
{
	unsigned long addr = (unsigned long)buf & ~(VIRTNET_RX_BLOCK_SIZE - 1);

	return virt_to_page((void *)addr);
}

/*
 * How many buffers the packet starting in this one spans, or -EINVAL for
 * a header no device should write (0, or more than a 64 KiB packet
 * needs): the caller then drops this buffer alone.
 */
int virtnet_rx_num_buffers(const struct virtio_net_hdr_v1 *hdr, unsigned int len)
{
	unsigned int n = le16_to_cpu(hdr->num_buffers);

	if (len < VIRTNET_HDR_LEN || n == 0 || n > VIRTNET_MAX_RX_BUFS)
		return -EINVAL;
	return n;
}

static void virtnet_put_bufs(const struct virtnet_rxbuf *bufs, unsigned int from, unsigned int n)
{
	unsigned int i;

	for (i = from; i < n; i++)
		put_page(virtnet_buf_page(bufs[i].buf));
}

/*
 * Append [data, data + size) of a buffer to skb's frags, merging it into
 * the last frag when it continues it in the same block (then the buffer's
 * own page reference is not needed). false when the frags are full.
 */
static bool virtnet_add_frag(struct sk_buff *skb, const void *data, unsigned int size)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	struct page *page = virtnet_buf_page(data);
	u32 off = (const u8 *)data - (const u8 *)page_address(page);
	skb_frag_t *last = sh->nr_frags ? &sh->frags[sh->nr_frags - 1] : NULL;

	if (last && last->page == page && last->off + last->size == off) {
		last->size += size;
		put_page(page);
	} else if (sh->nr_frags < MAX_SKB_FRAGS) {
		skb_fill_page_desc(skb, sh->nr_frags, page, off, size);
	} else {
		return false;
	}
	skb->len += size;
	skb->data_len += size;
	return true;
}

static bool virtnet_bufs_valid(const struct virtnet_rxbuf *bufs, unsigned int n)
{
	unsigned int i;

	if (!n || bufs[0].len < VIRTNET_HDR_LEN + ETH_HLEN)
		return false;
	for (i = 0; i < n; i++) {
		if (bufs[i].len > VIRTNET_RXBUF_SIZE)
			return false;
	}
	return true;
}

/*
 * Build one skb from the n buffers of a packet: the first
 * VIRTNET_GOOD_COPY_LEN bytes of the frame are copied into the linear
 * head (so every protocol header is linear), the rest stays in the pages
 * as frags. NULL (every buffer released) for a malformed packet, one
 * with more discontiguous pieces than MAX_SKB_FRAGS, or no memory.
 */
struct sk_buff *virtnet_skb_from_bufs(const struct virtnet_rxbuf *bufs, unsigned int n)
{
	const u8 *frame;
	unsigned int flen, copy, i;
	struct sk_buff *skb;

	if (!virtnet_bufs_valid(bufs, n))
		goto err_put;
	skb = alloc_skb(NET_IP_ALIGN + VIRTNET_GOOD_COPY_LEN, GFP_ATOMIC);
	if (!skb)
		goto err_put;
	skb_reserve(skb, NET_IP_ALIGN);
	frame = (const u8 *)bufs[0].buf + VIRTNET_HDR_LEN;
	flen = bufs[0].len - VIRTNET_HDR_LEN;
	copy = min(flen, (unsigned int)VIRTNET_GOOD_COPY_LEN);
	memcpy(__skb_put(skb, copy), frame, copy);
	if (flen > copy)
		virtnet_add_frag(skb, frame + copy, flen - copy);      /* nr_frags was 0 */
	else
		put_page(virtnet_buf_page(bufs[0].buf));
	for (i = 1; i < n; i++) {
		if (!bufs[i].len) {
			put_page(virtnet_buf_page(bufs[i].buf));
			continue;
		}
		if (!virtnet_add_frag(skb, bufs[i].buf, bufs[i].len))
			goto err_free;
	}
	skb->truesize += n * VIRTNET_RXBUF_SIZE;
	return skb;

err_free:
	kfree_skb(skb);                 /* puts the frags added so far */
	virtnet_put_bufs(bufs, i, n);
	return NULL;
err_put:
	virtnet_put_bufs(bufs, 0, n);
	return NULL;
}

/*
 * The device's header -> skb fields, before eth_type_trans (skb->data is
 * the Ethernet header, where the header's offsets count from). -EINVAL
 * for offsets outside the packet or a GSO type that was not negotiated.
 */
int virtnet_hdr_to_skb(struct sk_buff *skb, const struct virtio_net_hdr_v1 *hdr)
{
	unsigned int start = le16_to_cpu(hdr->csum_start), off = le16_to_cpu(hdr->csum_offset);
	unsigned int gso_size = le16_to_cpu(hdr->gso_size), hlen = le16_to_cpu(hdr->hdr_len);

	if (hdr->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		if (start + off + 2 > skb->len)
			return -EINVAL;
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_headroom(skb) + start;
		skb->csum_offset = off;
	} else if (hdr->flags & VIRTIO_NET_HDR_F_DATA_VALID) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	switch (hdr->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) {
	case VIRTIO_NET_HDR_GSO_NONE:
		return 0;
	case VIRTIO_NET_HDR_GSO_TCPV4:
		if (!gso_size)
			return -EINVAL;
		if (hlen < ETH_HLEN + 40 || hlen >= skb->len)
			hlen = ETH_HLEN + 40;   /* only for the segment count */
		skb_shinfo(skb)->gso_size = gso_size;
		skb_shinfo(skb)->gso_segs = skb->len > hlen ? DIV_ROUND_UP(skb->len - hlen, gso_size) : 1;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * skb -> the header in front of a transmitted packet (skb->data is the
 * Ethernet header): a checksum left to the device and TCPv4 segmentation.
 */
void virtnet_skb_to_hdr(const struct sk_buff *skb, struct virtio_net_hdr_v1 *hdr)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);

	memset(hdr, 0, sizeof(*hdr));
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		hdr->csum_start = cpu_to_le16(skb->csum_start - skb_headroom(skb));
		hdr->csum_offset = cpu_to_le16(skb->csum_offset);
	}
	if (sh->gso_size) {
		const u8 *th = skb_transport_header(skb);

		hdr->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
		hdr->gso_size = cpu_to_le16(sh->gso_size);
		/* data offset: the high nibble of byte 12 of the TCP header, in words */
		hdr->hdr_len = cpu_to_le16(skb_transport_offset(skb) + (th[12] >> 4) * 4);
	}
}
