/* SPDX-License-Identifier: MIT */
/*
 * The multi-queue virtio-net driver's private state, shared by its files:
 * virtio_net.c (probe, queues, RX, TX, NAPI), rx.c (buffers -> sk_buff and
 * the header translation, also built by the host tests), ctrl.c (control
 * queue, VQ_PAIRS_SET, RSS), ethtool.c and pktgen.c.
 *
 * Layout (Documentation/virtio-net.md): queue pair i is RX virtqueue 2i
 * ("input.i") and TX virtqueue 2i+1 ("output.i"), both with their MSI-X
 * vector on CPU i % nr_cpus, one napi_struct (weight 64) that receives on
 * the RX queue and reclaims the TX queue's completions; the control queue
 * is virtqueue 2 * max_queue_pairs, polled.
 *
 * Locking key:
 *   [napi]   the queue pair's NAPI owner (its poll, or whoever disabled it)
 *   [xmit]   the TX queue's _xmit_lock (dev_queue_xmit holds it for
 *            ndo_start_xmit; the poll takes it to reclaim)
 *   [irq]    written only by the queue's interrupt handler
 *   [ctrl]   vi->ctrl_lock, a mutex: control queue commands (process context)
 *   [rtnl]   rtnl_lock: open/stop, set_channels, curr_queue_pairs
 *   [const]  set at probe
 * Counters are u64 written by one context each and read racily by ethtool.
 * Order: rtnl -> ctrl_lock -> _xmit_lock (set_channels reclaims a removed
 * TX queue under its _xmit_lock).
 */
#ifndef _DRIVERS_VIRTIO_NET_H
#define _DRIVERS_VIRTIO_NET_H

#include <shoal/types.h>
#include <shoal/netdevice.h>
#include <shoal/mutex.h>
#include <uapi/virtio_net.h>

struct virtqueue;
struct virtio_device;

/*
 * RX buffers: VIRTNET_RXBUF_SIZE bytes carved back to back out of
 * VIRTNET_RX_BLOCK_ORDER blocks (32 KiB). 4 KiB, as Linux's mergeable
 * buffers grow to for bulk traffic: an MTU frame takes one buffer and a
 * 64 KiB GSO packet 17, half the descriptors the device (QEMU's backend
 * maps each one) handles per byte with 2 KiB buffers. Buffers carved one
 * after another are adjacent in memory, and the device uses them in the
 * order they were posted, so a 64 KiB packet's buffers coalesce into 3 or
 * 4 page frags (MAX_SKB_FRAGS is 17). Each posted buffer holds one
 * reference on its block's head page.
 */
#define VIRTNET_RX_BLOCK_ORDER  3
#define VIRTNET_RX_BLOCK_SIZE   (PAGE_SIZE << VIRTNET_RX_BLOCK_ORDER)
#define VIRTNET_RXBUF_SIZE      4096
#define VIRTNET_HDR_LEN         ((unsigned int)sizeof(struct virtio_net_hdr_v1))
/* Bytes copied into the skb's linear head; the rest stays in the pages. */
#define VIRTNET_GOOD_COPY_LEN   128
/* Most buffers one packet may span: 64 KiB + headers, with room to spare. */
#define VIRTNET_MAX_RX_BUFS     40
#define VIRTNET_RSS_KEY_LEN     40
#define VIRTNET_RSS_TABLE_LEN   128

struct virtnet_rq_stats {
	u64 packets, bytes;             /* [napi] handed up */
	u64 drops;                      /* [napi] malformed or no memory */
	u64 kicks;                      /* [napi] doorbells after a refill */
	u64 napi_polls;                 /* [napi] */
	u64 budget_exhausted;           /* [napi] polls that used their whole budget */
	u64 recheck_found;              /* [napi] enable-then-recheck found work */
	u64 refill_fail;                /* [napi] no memory for a buffer */
	u64 ceiling_drops;              /* [napi] dropped by net.virtio_net.rx_drop */
	u64 interrupts;                 /* [irq] */
};

struct virtnet_sq_stats {
	u64 packets, bytes;             /* [xmit] completed by the device */
	u64 drops;                      /* [xmit] could not be queued */
	u64 kicks;                      /* [xmit] doorbells */
	u64 stops, wakes;               /* [xmit] queue flow control */
	u64 interrupts;                 /* [irq] */
};

struct receive_queue {
	struct virtqueue *vq;           /* [const] */
	struct napi_struct napi;
	struct virtnet_info *vi;        /* [const] */
	unsigned int index;             /* [const] */
	struct page *alloc_page;        /* block being carved, its own ref [napi] */
	unsigned int alloc_off;         /* next free byte in it [napi] */
	struct virtnet_rq_stats stats;
	char name[16];                  /* "input.N" [const] */
} __cacheline_aligned;

struct send_queue {
	struct virtqueue *vq;           /* [const] */
	struct virtnet_sq_stats stats;
	char name[16];                  /* "output.N" [const] */
} __cacheline_aligned;

/* Control queue buffers: kmalloc'd, so the device may read and write them. */
struct virtnet_ctrl {
	struct virtio_net_ctrl_hdr hdr;
	u8 status;                      /* the device's ack */
	struct virtio_net_ctrl_mq mq;
	u8 rss[sizeof(struct virtio_net_rss_config_hdr) + 2 * VIRTNET_RSS_TABLE_LEN +
	       sizeof(struct virtio_net_rss_config_trailer) + VIRTNET_RSS_KEY_LEN];
};

struct virtnet_info {
	struct virtio_device *vdev;     /* [const] */
	struct net_device *dev;         /* [const] */
	struct receive_queue *rq;       /* [max_queue_pairs] [const] */
	struct send_queue *sq;          /* [max_queue_pairs] [const] */
	struct virtqueue *cvq;          /* control queue, NULL without CTRL_VQ [const] */
	unsigned int max_queue_pairs;   /* [const] */
	unsigned int curr_queue_pairs;  /* [rtnl] */
	unsigned int nr_cpus;           /* CPUs the pairs are spread over [const] */
	bool has_rss;                   /* [const] */
	bool any_header_sg;             /* [const] */
	u32 rss_hash_types;             /* [const] */
	u8 rss_key[VIRTNET_RSS_KEY_LEN];        /* [const] */
	struct mutex ctrl_lock;
	struct virtnet_ctrl *ctrl;      /* [ctrl] */
};

/* rx.c: the part of receive and transmit that needs no device. */
struct virtnet_rxbuf {
	void *buf;                      /* start of the buffer (the header is here) */
	unsigned int len;               /* bytes the device wrote, header included */
};
struct page *virtnet_buf_page(const void *buf);
int virtnet_rx_num_buffers(const struct virtio_net_hdr_v1 *hdr, unsigned int len);
struct sk_buff *virtnet_skb_from_bufs(const struct virtnet_rxbuf *bufs, unsigned int n);
int virtnet_hdr_to_skb(struct sk_buff *skb, const struct virtio_net_hdr_v1 *hdr);
void virtnet_skb_to_hdr(const struct sk_buff *skb, struct virtio_net_hdr_v1 *hdr);

/* ctrl.c */
int virtnet_set_queues(struct virtnet_info *vi, unsigned int pairs);

/* ethtool.c */
extern const struct ethtool_ops virtnet_ethtool_ops;

/* virtio_net.c, for ethtool and pktgen */
int virtnet_set_channels(struct virtnet_info *vi, unsigned int pairs);
extern int virtnet_rx_drop;             /* net.virtio_net.rx_drop [atom] */

/* pktgen.c */
void virtnet_pktgen_register(struct net_device *dev);

#endif
