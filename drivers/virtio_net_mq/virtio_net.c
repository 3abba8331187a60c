// SPDX-License-Identifier: MIT
/*
 * The multi-queue virtio-net driver (Linux's drivers/net/virtio_net.c in
 * shape): one queue pair per CPU, each with its own MSI-X vectors routed
 * to that CPU and its own NAPI, mergeable RX buffers carved from page
 * blocks, checksum offload and TSO both ways, RSS or the tap's own flow
 * steering to spread flows. Documentation/virtio-net.md draws the layout.
 *
 * Packet path, receive: the RX queue's interrupt (on CPU i) disables the
 * queue's callbacks and schedules the pair's napi; virtnet_poll reclaims
 * the pair's TX completions, takes up to budget packets off the RX ring
 * (rx.c builds each skb), hands them to napi_gro_receive, refills the
 * ring when half of it is used (one doorbell per batch), and when it
 * did less than its budget completes NAPI, re-enables callbacks and
 * re-checks the ring, so that no packet that raced the re-enable waits
 * for an interrupt that will not come.
 *
 * Transmit: dev_queue_xmit holds the TX queue's _xmit_lock; the header
 * goes in skb->cb, the linear part and each frag follow as one chain
 * (one indirect descriptor). The queue stops when a worst-case packet
 * would not fit and re-arms the TX interrupt for when 3/4 of the ring is
 * used (virtqueue_enable_cb_delayed); that interrupt schedules the pair's
 * napi, whose poll reclaims and wakes the queue.
 *
 * Locks and their order: see virtio_net.h (rtnl -> ctrl_lock ->
 * _xmit_lock). The poll takes the pair's _xmit_lock to reclaim; senders
 * hold it for one packet at a time.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/init.h>
#include <shoal/netdevice.h>
#include <shoal/etherdevice.h>
#include <shoal/virtio.h>
#include <shoal/scatterlist.h>
#include <shoal/softirq.h>
#include <shoal/sysctl.h>
#include <shoal/random.h>
#include <net/sock.h>
#include <asm/platform.h>
#include "virtio_net.h"

/* Room a worst-case packet needs in a TX ring without indirect descriptors. */
#define VIRTNET_TX_MIN_FREE     (2 + MAX_SKB_FRAGS)

int virtnet_rx_drop;            /* net.virtio_net.rx_drop: the NIC's RX ceiling */
static int virtnet_dev_count;   /* eth%d numbers handed out [probe: one at a time] */

static unsigned int vq2pair(const struct virtqueue *vq) { return vq->index / 2; }

/* ------------------------------------------------------------ receive */

/* Post one buffer from the block being carved. -ENOMEM, -ENOSPC or 0. */
static int virtnet_add_recvbuf(struct receive_queue *rq, gfp_t gfp)
{
	struct scatterlist sg;
	void *buf;
	int err;

	if (!rq->alloc_page) {
		rq->alloc_page = alloc_pages(gfp, VIRTNET_RX_BLOCK_ORDER);
		if (!rq->alloc_page)
			return -ENOMEM;
		rq->alloc_off = 0;
	}
	buf = (u8 *)page_address(rq->alloc_page) + rq->alloc_off;
	sg_init_one(&sg, buf, VIRTNET_RXBUF_SIZE);
	err = virtqueue_add_inbuf(rq->vq, &sg, 1, buf, gfp);
	if (err)
		return err;
	get_page(rq->alloc_page);               /* the buffer's reference */
	rq->alloc_off += VIRTNET_RXBUF_SIZE;
	if (rq->alloc_off == VIRTNET_RX_BLOCK_SIZE) {
		put_page(rq->alloc_page);       /* the carver's own */
		rq->alloc_page = NULL;
	}
	return 0;
}

/* Fill the ring; false if memory ran out. The caller kicks. [napi] */
static bool virtnet_refill(struct receive_queue *rq, gfp_t gfp)
{
	int err;

	while (rq->vq->num_free) {
		err = virtnet_add_recvbuf(rq, gfp);
		if (err == -ENOMEM) {
			rq->stats.refill_fail++;
			return false;
		}
		if (err)
			break;
	}
	return true;
}

static void virtnet_rq_kick(struct receive_queue *rq)
{
	if (virtqueue_kick_prepare(rq->vq) && virtqueue_notify(rq->vq))
		rq->stats.kicks++;
}

/* Give a used buffer straight back to the ring (ceiling mode), keeping its reference. */
static void virtnet_recycle_buf(struct receive_queue *rq, void *buf)
{
	struct scatterlist sg;

	sg_init_one(&sg, buf, VIRTNET_RXBUF_SIZE);
	if (virtqueue_add_inbuf(rq->vq, &sg, 1, buf, GFP_ATOMIC))
		put_page(virtnet_buf_page(buf));
}

static void virtnet_drop_bufs(struct receive_queue *rq, struct virtnet_rxbuf *bufs,
			      unsigned int n, bool recycle)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (recycle)
			virtnet_recycle_buf(rq, bufs[i].buf);
		else
			put_page(virtnet_buf_page(bufs[i].buf));
	}
}

/*
 * Collect the n buffers of the packet that starts with bufs[0]. A device
 * that announced more buffers than it used is broken: what was collected
 * is dropped. Returns how many were collected (n on success).
 */
static unsigned int virtnet_collect_bufs(struct receive_queue *rq, struct virtnet_rxbuf *bufs,
					 unsigned int n)
{
	unsigned int i, len;
	void *buf;

	for (i = 1; i < n; i++) {
		buf = virtqueue_get_buf(rq->vq, &len);
		if (!buf)
			break;
		bufs[i] = (struct virtnet_rxbuf){ buf, len };
	}
	return i;
}

/* One packet (its first buffer is buf): build, translate, hand up. [napi] */
static void virtnet_receive_buf(struct receive_queue *rq, void *buf, unsigned int len)
{
	struct net_device *dev = rq->vi->dev;
	struct virtnet_rxbuf bufs[VIRTNET_MAX_RX_BUFS];
	struct virtio_net_hdr_v1 hdr;
	struct sk_buff *skb;
	unsigned int got;
	int n;

	memcpy(&hdr, buf, sizeof(hdr));        /* the buffer may be freed below */
	bufs[0] = (struct virtnet_rxbuf){ buf, len };
	if (virtio_has_feature(rq->vi->vdev, VIRTIO_NET_F_MRG_RXBUF))
		n = virtnet_rx_num_buffers(&hdr, len);
	else
		n = len >= VIRTNET_HDR_LEN ? 1 : -EINVAL;
	if (n < 0) {
		virtnet_drop_bufs(rq, bufs, 1, false);
		rq->stats.drops++;
		return;
	}
	got = virtnet_collect_bufs(rq, bufs, n);
	if (got < (unsigned int)n) {
		virtnet_drop_bufs(rq, bufs, got, false);
		rq->stats.drops++;
		return;
	}
	if (READ_ONCE(virtnet_rx_drop)) {
		virtnet_drop_bufs(rq, bufs, n, true);
		rq->stats.ceiling_drops++;
		return;
	}
	skb = virtnet_skb_from_bufs(bufs, n);
	if (!skb || virtnet_hdr_to_skb(skb, &hdr)) {
		if (skb)
			kfree_skb(skb);
		rq->stats.drops++;
		dev->dstats[smp_processor_id()].rx_dropped++;
		return;
	}
	rq->stats.packets++;
	rq->stats.bytes += skb->len;
	dev_sw_stat_add(dev, false, skb->len);
	skb->queue_mapping = rq->index;
	skb->protocol = eth_type_trans(skb, dev);
	napi_gro_receive(&rq->napi, skb);
}

/* Up to budget packets; refills once half a budget of buffers is used. [napi] */
static int virtnet_receive(struct receive_queue *rq, int budget, bool *starved)
{
	unsigned int len, size = virtqueue_get_vring_size(rq->vq);
	int received = 0;
	void *buf;

	while (received < budget && (buf = virtqueue_get_buf(rq->vq, &len)) != NULL) {
		virtnet_receive_buf(rq, buf, len);
		received++;
	}
	*starved = false;
	/* a batch of at least half a budget per doorbell (Linux's rule): a
	 * 64 KiB packet takes 33 buffers, so waiting for half the ring would
	 * leave the device room for only a few */
	if (rq->vq->num_free > min(size, (unsigned int)budget) / 2) {
		if (!virtnet_refill(rq, GFP_ATOMIC))
			*starved = rq->vq->num_free == size;    /* nothing left to receive into */
	}
	virtnet_rq_kick(rq);
	return received;
}

/* ----------------------------------------------------------- transmit */

/* Reclaim what the device has sent. [xmit] */
static void virtnet_free_old_xmit(struct send_queue *sq)
{
	struct sk_buff *skb;
	unsigned int len;

	while ((skb = virtqueue_get_buf(sq->vq, &len)) != NULL) {
		sq->stats.packets++;
		sq->stats.bytes += skb->len;
		consume_skb(skb);
	}
}

static bool virtnet_sq_has_room(const struct send_queue *sq)
{
	return sq->vq->num_free >= VIRTNET_TX_MIN_FREE;
}

/* From the poll: reclaim and wake the stopped queue of this pair. */
static void virtnet_poll_cleantx(struct receive_queue *rq)
{
	struct virtnet_info *vi = rq->vi;
	struct send_queue *sq = &vi->sq[rq->index];
	struct netdev_queue *txq = netdev_get_tx_queue(vi->dev, rq->index);

	/* Not a trylock: a stopped queue's TX interrupt is off until this
	 * wakes it, and a sender that finds it stopped only drops. */
	spin_lock(&txq->_xmit_lock);
	virtnet_free_old_xmit(sq);
	if (netif_tx_queue_stopped(txq) && virtnet_sq_has_room(sq) && netif_running(vi->dev) &&
	    rq->index < vi->curr_queue_pairs) {
		virtqueue_disable_cb(sq->vq);
		netif_tx_wake_queue(txq);
		sq->stats.wakes++;
	}
	spin_unlock(&txq->_xmit_lock);
}

static int virtnet_xmit_skb(struct send_queue *sq, struct sk_buff *skb)
{
	struct virtio_net_hdr_v1 *hdr = (struct virtio_net_hdr_v1 *)skb->cb;
	const struct skb_shared_info *sh = skb_shinfo(skb);
	struct scatterlist sg[2 + MAX_SKB_FRAGS];
	unsigned int n = 0, i;

	_Static_assert(sizeof(*hdr) <= sizeof(skb->cb), "virtio_net_hdr_v1 fits in skb->cb");
	virtnet_skb_to_hdr(skb, hdr);
	sg_set_buf(&sg[n++], hdr, VIRTNET_HDR_LEN);
	if (skb_headlen(skb))
		sg_set_buf(&sg[n++], skb->data, skb_headlen(skb));
	for (i = 0; i < sh->nr_frags; i++)
		sg_set_buf(&sg[n++], (u8 *)page_address(sh->frags[i].page) + sh->frags[i].off,
			   sh->frags[i].size);
	return virtqueue_add_outbuf(sq->vq, sg, n, skb, GFP_ATOMIC);
}

/* Stop the queue before a worst-case packet could fail; re-arm the TX interrupt. */
static void virtnet_check_sq_full(struct send_queue *sq, struct netdev_queue *txq)
{
	if (virtnet_sq_has_room(sq))
		return;
	netif_tx_stop_queue(txq);
	sq->stats.stops++;
	if (!virtqueue_enable_cb_delayed(sq->vq)) {
		/* 3/4 already used: reclaim now rather than wait */
		virtnet_free_old_xmit(sq);
		if (virtnet_sq_has_room(sq)) {
			virtqueue_disable_cb(sq->vq);
			netif_tx_wake_queue(txq);
			sq->stats.wakes++;
		}
	}
}

/* ndo_start_xmit: called with the TX queue's _xmit_lock held, BHs off. */
static netdev_tx_t virtnet_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	unsigned int qnum = skb->queue_mapping, len = skb->len;
	struct send_queue *sq = &vi->sq[qnum];
	struct netdev_queue *txq = netdev_get_tx_queue(dev, qnum);

	virtnet_free_old_xmit(sq);
	/* the socket's send budget is released when the packet leaves, as
	 * loopback does: completions are reaped lazily */
	skb_orphan(skb);
	if (unlikely(virtnet_xmit_skb(sq, skb))) {
		sq->stats.drops++;
		dev->dstats[smp_processor_id()].tx_dropped++;
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	dev_sw_stat_add(dev, true, len);
	if (virtqueue_kick_prepare(sq->vq) && virtqueue_notify(sq->vq))
		sq->stats.kicks++;
	virtnet_check_sq_full(sq, txq);
	return NETDEV_TX_OK;
}

/* XPS: the sending CPU's own pair. */
static u16 virtnet_select_queue(struct net_device *dev, struct sk_buff *skb)
{
	(void)dev;
	(void)skb;
	return smp_processor_id();
}

/* --------------------------------------------------------------- NAPI */

/* Take the poll if nobody has it; callbacks stay off until it completes. */
static void virtnet_napi_schedule(struct receive_queue *rq)
{
	if (napi_schedule_prep(&rq->napi)) {
		virtqueue_disable_cb(rq->vq);
		__napi_schedule(&rq->napi);
	}
}

/* RX interrupt, hard IRQ context on the pair's CPU. */
static void virtnet_rx_done(struct virtqueue *vq)
{
	struct virtnet_info *vi = vq->vdev->priv;
	struct receive_queue *rq = &vi->rq[vq2pair(vq)];

	rq->stats.interrupts++;
	virtnet_napi_schedule(rq);
}

/* TX interrupt (only armed while the queue is stopped): the poll wakes it. */
static void virtnet_tx_done(struct virtqueue *vq)
{
	struct virtnet_info *vi = vq->vdev->priv;
	unsigned int i = vq2pair(vq);

	vi->sq[i].stats.interrupts++;
	virtqueue_disable_cb(vq);
	virtnet_napi_schedule(&vi->rq[i]);
}

/*
 * Complete, re-enable the RX callback, then look at the ring once more:
 * a packet used between the last get_buf and the re-enable raised no
 * interrupt, so poll again for it ourselves.
 */
static void virtnet_napi_complete(struct receive_queue *rq, int done)
{
	unsigned int opaque;

	if (!napi_complete_done(&rq->napi, done))
		return;                 /* MISSED: polled again, callbacks stay off */
	opaque = virtqueue_enable_cb_prepare(rq->vq);
	if (unlikely(virtqueue_poll(rq->vq, opaque))) {
		rq->stats.recheck_found++;
		virtnet_napi_schedule(rq);
	}
}

static int virtnet_poll(struct napi_struct *napi, int budget)
{
	struct receive_queue *rq = container_of(napi, struct receive_queue, napi);
	bool starved;
	int received;

	rq->stats.napi_polls++;
	virtnet_poll_cleantx(rq);
	received = virtnet_receive(rq, budget, &starved);
	if (received >= budget || starved) {
		/* stay scheduled: more to do, or retry the refill */
		rq->stats.budget_exhausted += received >= budget;
		return budget;
	}
	virtnet_napi_complete(rq, received);
	return received;
}

/* ------------------------------------------------------ open and stop */

/* Start pair i: fill its ring, let its napi run and poll once. [rtnl] */
static void virtnet_enable_pair(struct virtnet_info *vi, unsigned int i)
{
	struct receive_queue *rq = &vi->rq[i];

	/* napi is disabled: we own the [napi] state */
	virtnet_refill(rq, GFP_KERNEL);
	virtnet_rq_kick(rq);
	netif_tx_wake_queue(netdev_get_tx_queue(vi->dev, i));
	napi_enable(&rq->napi);
	local_bh_disable();
	virtnet_napi_schedule(rq);      /* whatever arrived while it was off */
	local_bh_enable();
}

/* Quiesce pair i: no poll runs after this, no sender is on its TX queue,
 * and what the device already sent is reclaimed. [rtnl] */
static void virtnet_disable_pair(struct virtnet_info *vi, unsigned int i)
{
	struct netdev_queue *txq = netdev_get_tx_queue(vi->dev, i);

	spin_lock_bh(&txq->_xmit_lock);
	netif_tx_stop_queue(txq);
	virtnet_free_old_xmit(&vi->sq[i]);
	spin_unlock_bh(&txq->_xmit_lock);
	napi_disable(&vi->rq[i].napi);
	virtqueue_disable_cb(vi->rq[i].vq);
}

static int virtnet_open(struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < vi->curr_queue_pairs; i++)
		virtnet_enable_pair(vi, i);
	return 0;
}

static int virtnet_stop(struct net_device *dev)
{
	struct virtnet_info *vi = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < vi->curr_queue_pairs; i++)
		virtnet_disable_pair(vi, i);
	return 0;
}

/*
 * Change the number of queue pairs in use (ethtool -L). The device
 * switches first (if it refuses, nothing changed); removed pairs are
 * quiesced, their completed TX buffers reclaimed; their RX buffers stay
 * posted for when the pairs come back. A packet the device had not yet
 * sent on a removed queue stays in that ring until the pair returns.
 * [rtnl]
 */
int virtnet_set_channels(struct virtnet_info *vi, unsigned int pairs)
{
	unsigned int old = vi->curr_queue_pairs, i;
	bool running = netif_running(vi->dev);
	int err;

	ASSERT_RTNL();
	if (pairs < 1 || pairs > vi->max_queue_pairs)
		return -EINVAL;
	if (pairs == old)
		return 0;
	if (!vi->cvq || !virtio_has_feature(vi->vdev, VIRTIO_NET_F_MQ))
		return -EOPNOTSUPP;
	err = virtnet_set_queues(vi, pairs);
	if (err)
		return err;
	for (i = pairs; running && i < old; i++)
		virtnet_disable_pair(vi, i);
	netif_set_real_num_tx_queues(vi->dev, pairs);
	netif_set_real_num_rx_queues(vi->dev, pairs);
	vi->curr_queue_pairs = pairs;
	for (i = old; running && i < pairs; i++)
		virtnet_enable_pair(vi, i);
	return 0;
}

static const struct net_device_ops virtnet_netdev_ops = {
	.ndo_open = virtnet_open,
	.ndo_stop = virtnet_stop,
	.ndo_start_xmit = virtnet_start_xmit,
	.ndo_select_queue = virtnet_select_queue,
};

/* ---------------------------------------------------------- link state */

static void virtnet_update_link(struct virtnet_info *vi)
{
	u16 status = VIRTIO_NET_S_LINK_UP;

	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_STATUS))
		status = virtio_cread16(vi->vdev, VIRTIO_NET_CFG_STATUS);
	if (status & VIRTIO_NET_S_LINK_UP)
		netif_carrier_on(vi->dev);
	else
		netif_carrier_off(vi->dev);
}

/* Configuration interrupt (IRQ context): the carrier core defers the rest. */
static void virtnet_config_changed(struct virtio_device *vdev)
{
	struct virtnet_info *vi = vdev->priv;

	if (vi)
		virtnet_update_link(vi);
}

/* -------------------------------------------------------------- probe */

/* Drop what we cannot use alone: offloads lean on each other. */
static void virtnet_fixup_features(struct virtio_device *vdev)
{
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM) ||
	    !virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF))
		__virtio_clear_bit(vdev, VIRTIO_NET_F_GUEST_TSO4);     /* 64 KiB needs both */
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_CSUM))
		__virtio_clear_bit(vdev, VIRTIO_NET_F_HOST_TSO4);
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_VQ)) {
		__virtio_clear_bit(vdev, VIRTIO_NET_F_MQ);
		__virtio_clear_bit(vdev, VIRTIO_NET_F_RSS);
	}
}

static void virtnet_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &virtnet_netdev_ops;
	dev->ethtool_ops = &virtnet_ethtool_ops;
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);   /* until the device says otherwise */
}

static void virtnet_init_features(struct virtnet_info *vi)
{
	struct virtio_device *vdev = vi->vdev;
	struct net_device *dev = vi->dev;

	dev->features = NETIF_F_GRO;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_CSUM)) {
		dev->features |= NETIF_F_SG | NETIF_F_IP_CSUM;
		if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO4))
			dev->features |= NETIF_F_TSO | NETIF_F_GSO;
	}
	if (virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM))
		dev->features |= NETIF_F_RXCSUM;
	dev->gso_max_size = 65536;
}

static void virtnet_init_mac(struct virtnet_info *vi)
{
	u8 mac[ETH_ALEN];

	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_MAC))
		virtio_cread_bytes(vi->vdev, VIRTIO_NET_CFG_MAC, mac, ETH_ALEN);
	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_MAC) || !is_valid_ether_addr(mac))
		eth_random_addr(mac);
	memcpy(vi->dev->dev_addr, mac, ETH_ALEN);
}

/* Queue pairs are spread over the CPUs the machine has (they may not all
 * be online yet when the bus probes). */
static unsigned int virtnet_nr_cpus(void)
{
	int n = platform.nr_harts;

	return n < 1 ? 1 : n > NR_CPUS ? NR_CPUS : n;
}

static int virtnet_alloc_queues(struct virtnet_info *vi)
{
	unsigned int i;

	vi->rq = kcalloc(vi->max_queue_pairs, sizeof(*vi->rq), GFP_KERNEL);
	if (!vi->rq)
		return -ENOMEM;
	vi->sq = kcalloc(vi->max_queue_pairs, sizeof(*vi->sq), GFP_KERNEL);
	if (!vi->sq)
		goto err_rq;
	vi->ctrl = kzalloc(sizeof(*vi->ctrl), GFP_KERNEL);
	if (!vi->ctrl)
		goto err_sq;
	for (i = 0; i < vi->max_queue_pairs; i++) {
		struct receive_queue *rq = &vi->rq[i];

		rq->vi = vi;
		rq->index = i;
		snprintf(rq->name, sizeof(rq->name), "input.%u", i);
		snprintf(vi->sq[i].name, sizeof(vi->sq[i].name), "output.%u", i);
		netif_napi_add(vi->dev, &rq->napi, virtnet_poll, NAPI_POLL_WEIGHT);
		rq->napi.index = i;
		rq->napi.cpu = i % vi->nr_cpus;
		napi_disable(&rq->napi);        /* until ndo_open */
	}
	return 0;

err_sq:
	kfree(vi->sq);
err_rq:
	kfree(vi->rq);
	return -ENOMEM;
}

/* RX and TX of pair i on CPU i, the control queue last, polled. */
static int virtnet_find_vqs(struct virtnet_info *vi)
{
	bool has_cvq = virtio_has_feature(vi->vdev, VIRTIO_NET_F_CTRL_VQ);
	unsigned int nvqs = 2 * vi->max_queue_pairs + has_cvq, i;
	struct virtqueue_info info[2 * MAX_NET_QUEUES + 1];
	struct virtqueue *vqs[2 * MAX_NET_QUEUES + 1];
	int err;

	for (i = 0; i < vi->max_queue_pairs; i++) {
		int cpu = i % vi->nr_cpus;

		info[2 * i] = (struct virtqueue_info){ vi->rq[i].name, virtnet_rx_done, cpu };
		info[2 * i + 1] = (struct virtqueue_info){ vi->sq[i].name, virtnet_tx_done, cpu };
	}
	if (has_cvq)
		info[nvqs - 1] = (struct virtqueue_info){ "control", NULL, -1 };
	err = virtio_find_vqs(vi->vdev, nvqs, vqs, info);
	if (err)
		return err;
	for (i = 0; i < vi->max_queue_pairs; i++) {
		vi->rq[i].vq = vqs[2 * i];
		vi->sq[i].vq = vqs[2 * i + 1];
		virtqueue_disable_cb(vqs[2 * i + 1]);   /* TX interrupts only when stopped */
	}
	if (has_cvq)
		vi->cvq = vqs[nvqs - 1];
	return 0;
}

static unsigned int virtnet_max_pairs(struct virtio_device *vdev)
{
	unsigned int n = 1;

	if (virtio_has_feature(vdev, VIRTIO_NET_F_MQ) || virtio_has_feature(vdev, VIRTIO_NET_F_RSS))
		n = virtio_cread16(vdev, VIRTIO_NET_CFG_MAX_VQ_PAIRS);
	if (n < VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN)
		n = 1;
	return n > MAX_NET_QUEUES ? MAX_NET_QUEUES : n;
}

static void virtnet_init_rss(struct virtnet_info *vi)
{
	u32 supported;

	vi->has_rss = virtio_has_feature(vi->vdev, VIRTIO_NET_F_RSS);
	if (!vi->has_rss)
		return;
	supported = virtio_cread32(vi->vdev, VIRTIO_NET_CFG_HASH_TYPES);
	vi->rss_hash_types = supported & (VIRTIO_NET_RSS_HASH_TYPE_IPv4 |
					  VIRTIO_NET_RSS_HASH_TYPE_TCPv4 |
					  VIRTIO_NET_RSS_HASH_TYPE_UDPv4);
	get_random_bytes(vi->rss_key, sizeof(vi->rss_key));
}

static int virtnet_probe(struct virtio_device *vdev)
{
	unsigned int max_pairs;
	struct virtnet_info *vi;
	struct net_device *dev;
	char name[IFNAMSIZ];
	int err;

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		return -ENODEV;         /* modern devices only: 12-byte header, any layout */
	virtnet_fixup_features(vdev);
	max_pairs = virtnet_max_pairs(vdev);
	snprintf(name, sizeof(name), "eth%d", virtnet_dev_count);
	dev = alloc_netdev(sizeof(*vi), name, virtnet_setup, max_pairs, max_pairs);
	if (!dev)
		return -ENOMEM;
	vi = netdev_priv(dev);
	vi->dev = dev;
	vi->vdev = vdev;
	vi->max_queue_pairs = max_pairs;
	vi->nr_cpus = virtnet_nr_cpus();
	mutex_init(&vi->ctrl_lock);
	virtnet_init_mac(vi);
	virtnet_init_features(vi);
	virtnet_init_rss(vi);
	err = virtnet_alloc_queues(vi);
	if (err)
		goto err_free_dev;
	err = virtnet_find_vqs(vi);
	if (err)
		goto err_free_queues;
	vdev->priv = vi;
	virtio_device_ready(vdev);
	vi->curr_queue_pairs = 1;
	if (virtnet_set_queues(vi, min(vi->nr_cpus, max_pairs)) == 0)
		vi->curr_queue_pairs = min(vi->nr_cpus, max_pairs);
	netif_set_real_num_tx_queues(dev, vi->curr_queue_pairs);
	netif_set_real_num_rx_queues(dev, vi->curr_queue_pairs);
	virtnet_update_link(vi);
	err = register_netdev(dev);
	if (err)
		goto err_reset;
	virtnet_dev_count++;
	virtnet_pktgen_register(dev);
	printk("%s: virtio-net %02x:%02x:%02x:%02x:%02x:%02x, %u of %u queue pairs%s\n",
	       dev->name, dev->dev_addr[0], dev->dev_addr[1], dev->dev_addr[2], dev->dev_addr[3],
	       dev->dev_addr[4], dev->dev_addr[5], vi->curr_queue_pairs, max_pairs,
	       vi->has_rss ? ", RSS" : "");
	return 0;

err_reset:
	vdev->priv = NULL;
	virtio_reset_device(vdev);
	vdev->config->del_vqs(vdev);
err_free_queues:
	kfree(vi->ctrl);
	kfree(vi->sq);
	kfree(vi->rq);
err_free_dev:
	kfree(dev->_tx);
	kfree(dev);
	return err;
}

static const unsigned int virtnet_features[] = {
	VIRTIO_NET_F_CSUM, VIRTIO_NET_F_GUEST_CSUM, VIRTIO_NET_F_MAC,
	VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_MRG_RXBUF,
	VIRTIO_NET_F_STATUS, VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_MQ, VIRTIO_NET_F_RSS,
	VIRTIO_RING_F_INDIRECT_DESC, VIRTIO_RING_F_EVENT_IDX, VIRTIO_F_VERSION_1,
};

static struct virtio_driver virtio_net_driver = {
	.name = "virtio_net",
	.device_id = VIRTIO_ID_NET,
	.feature_table = virtnet_features,
	.feature_table_size = ARRAY_SIZE(virtnet_features),
	.probe = virtnet_probe,
	.config_changed = virtnet_config_changed,
};

/* ----------------------------------------------------------- sysctl */

static int virtnet_rx_drop_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	(void)table;
	if (!write)
		return snprintf(buf, len, "%d\n", READ_ONCE(virtnet_rx_drop));
	if ((buf[0] != '0' && buf[0] != '1') || (buf[1] && buf[1] != '\n'))
		return -EINVAL;
	WRITE_ONCE(virtnet_rx_drop, buf[0] - '0');
	return 0;
}

static const struct ctl_table virtnet_sysctl[] = {
	{ .procname = "rx_drop", .data = &virtnet_rx_drop, .maxlen = sizeof(int),
	  .mode = 0644, .proc_handler = virtnet_rx_drop_handler },
};

static int virtio_net_init(void)
{
	int err = register_sysctl("net/virtio_net", virtnet_sysctl);

	if (err)
		return err;
	return register_virtio_driver(&virtio_net_driver);
}
device_initcall(virtio_net_init);
