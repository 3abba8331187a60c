// SPDX-License-Identifier: MIT
/*
 * ethtool for virtio-net: driver info, link, ring sizes, channels (the
 * number of queue pairs in use) and per-queue counters named as Linux's
 * virtio_net named them ("rx_queue_0_packets", ...), plus shoal's own
 * NAPI counters. Called under rtnl_lock (net/core's SIOCETHTOOL); the
 * counters are read without locks, each a u64 written by one context.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/ethtool.h>
#include <shoal/virtio.h>
#include "virtio_net.h"

struct virtnet_stat_desc {
	const char *desc;
	size_t offset;
};

#define RQ_STAT(name, field) { name, offsetof(struct virtnet_rq_stats, field) }
#define SQ_STAT(name, field) { name, offsetof(struct virtnet_sq_stats, field) }

static const struct virtnet_stat_desc virtnet_rq_stats_desc[] = {
	RQ_STAT("packets", packets),
	RQ_STAT("bytes", bytes),
	RQ_STAT("drops", drops),
	RQ_STAT("kicks", kicks),
	RQ_STAT("interrupts", interrupts),
	RQ_STAT("napi_polls", napi_polls),
	RQ_STAT("budget_exhausted", budget_exhausted),
	RQ_STAT("recheck_found", recheck_found),
	RQ_STAT("refill_fail", refill_fail),
	RQ_STAT("ceiling_drops", ceiling_drops),
};

static const struct virtnet_stat_desc virtnet_sq_stats_desc[] = {
	SQ_STAT("packets", packets),
	SQ_STAT("bytes", bytes),
	SQ_STAT("drops", drops),
	SQ_STAT("kicks", kicks),
	SQ_STAT("interrupts", interrupts),
	SQ_STAT("stops", stops),
	SQ_STAT("wakes", wakes),
};

#define VIRTNET_RQ_STATS_LEN    ARRAY_SIZE(virtnet_rq_stats_desc)
#define VIRTNET_SQ_STATS_LEN    ARRAY_SIZE(virtnet_sq_stats_desc)

static void virtnet_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	struct virtnet_info *vi = netdev_priv(dev);
	const char *bus = vi->vdev->config->bus_name ? vi->vdev->config->bus_name(vi->vdev) : NULL;

	strlcpy(info->driver, "virtio_net", sizeof(info->driver));
	strlcpy(info->version, "1.0.0", sizeof(info->version));
	strlcpy(info->bus_info, bus ? bus : vi->vdev->name, sizeof(info->bus_info));
}

static u32 virtnet_get_link(struct net_device *dev)
{
	return netif_carrier_ok(dev);
}

static void virtnet_get_ringparam(struct net_device *dev, struct ethtool_ringparam *ring)
{
	struct virtnet_info *vi = netdev_priv(dev);

	ring->rx_max_pending = ring->rx_pending = virtqueue_get_vring_size(vi->rq[0].vq);
	ring->tx_max_pending = ring->tx_pending = virtqueue_get_vring_size(vi->sq[0].vq);
}

static void virtnet_get_channels(struct net_device *dev, struct ethtool_channels *ch)
{
	struct virtnet_info *vi = netdev_priv(dev);

	ch->max_combined = vi->max_queue_pairs;
	ch->combined_count = vi->curr_queue_pairs;
	ch->max_rx = ch->max_tx = ch->max_other = 0;
	ch->rx_count = ch->tx_count = ch->other_count = 0;
}

/* Only combined channels: a pair is an RX and a TX queue on one CPU. */
static int virtnet_ethtool_set_channels(struct net_device *dev, struct ethtool_channels *ch)
{
	if (ch->rx_count || ch->tx_count || ch->other_count || !ch->combined_count)
		return -EINVAL;
	return virtnet_set_channels(netdev_priv(dev), ch->combined_count);
}

static int virtnet_get_sset_count(struct net_device *dev, int sset)
{
	struct virtnet_info *vi = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return vi->curr_queue_pairs * (VIRTNET_RQ_STATS_LEN + VIRTNET_SQ_STATS_LEN);
}

/* Every RX queue's counters, then every TX queue's, as Linux orders them. */
static void virtnet_get_strings(struct net_device *dev, u32 stringset, u8 *data)
{
	struct virtnet_info *vi = netdev_priv(dev);
	unsigned int i, j;

	if (stringset != ETH_SS_STATS)
		return;
	for (i = 0; i < vi->curr_queue_pairs; i++) {
		for (j = 0; j < VIRTNET_RQ_STATS_LEN; j++, data += ETH_GSTRING_LEN)
			snprintf((char *)data, ETH_GSTRING_LEN, "rx_queue_%u_%s", i,
				 virtnet_rq_stats_desc[j].desc);
	}
	for (i = 0; i < vi->curr_queue_pairs; i++) {
		for (j = 0; j < VIRTNET_SQ_STATS_LEN; j++, data += ETH_GSTRING_LEN)
			snprintf((char *)data, ETH_GSTRING_LEN, "tx_queue_%u_%s", i,
				 virtnet_sq_stats_desc[j].desc);
	}
}

static void virtnet_get_ethtool_stats(struct net_device *dev, struct ethtool_stats *stats, u64 *data)
{
	struct virtnet_info *vi = netdev_priv(dev);
	unsigned int i, j;

	(void)stats;
	for (i = 0; i < vi->curr_queue_pairs; i++) {
		const u8 *base = (const u8 *)&vi->rq[i].stats;

		for (j = 0; j < VIRTNET_RQ_STATS_LEN; j++)
			*data++ = READ_ONCE(*(const u64 *)(base + virtnet_rq_stats_desc[j].offset));
	}
	for (i = 0; i < vi->curr_queue_pairs; i++) {
		const u8 *base = (const u8 *)&vi->sq[i].stats;

		for (j = 0; j < VIRTNET_SQ_STATS_LEN; j++)
			*data++ = READ_ONCE(*(const u64 *)(base + virtnet_sq_stats_desc[j].offset));
	}
}

const struct ethtool_ops virtnet_ethtool_ops = {
	.get_drvinfo = virtnet_get_drvinfo,
	.get_link = virtnet_get_link,
	.get_ringparam = virtnet_get_ringparam,
	.get_channels = virtnet_get_channels,
	.set_channels = virtnet_ethtool_set_channels,
	.get_sset_count = virtnet_get_sset_count,
	.get_strings = virtnet_get_strings,
	.get_ethtool_stats = virtnet_get_ethtool_stats,
};
