// SPDX-License-Identifier: MIT
/*
 * The loopback device "lo" (Linux's drivers/net/loopback.c).
 *
 * Transmit turns the packet around: it becomes a received packet on this
 * CPU's backlog (netif_rx), processed by NET_RX when the sender re-enables
 * BHs at the end of dev_queue_xmit. Nothing is copied and no checksum is
 * computed or checked for packets whose checksum was left to the device
 * (CHECKSUM_PARTIAL becomes CHECKSUM_UNNECESSARY): the data never left
 * memory. The MTU is 64 KiB, so a
 * TCP segment carries up to ~64 KiB and per-packet costs are amortised
 * over that many bytes. The device is lockless (LLTX): each CPU only
 * touches its own backlog and counters.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/netdevice.h>
#include <net/sock.h>
#include <shoal/ethtool.h>

static netdev_tx_t loopback_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len;

	/* The sender's memory is released when the packet "leaves" (Linux). */
	skb_orphan(skb);
	/* A checksum left to the "hardware" was never needed; one computed
	 * in software (raw sockets) is still verified by the receiver. */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->protocol = eth_type_trans(skb, dev);
	len = skb->len;
	if (netif_rx(skb) == 0)
		dev_sw_stat_add(dev, false, len);
	dev_sw_stat_add(dev, true, len);
	return NETDEV_TX_OK;
}

/* An all-zero Ethernet header, as Linux's loopback keeps one. */
static int loopback_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
			   const void *daddr, const void *saddr, unsigned int len)
{
	struct ethhdr *eth = skb_push(skb, ETH_HLEN);

	memset(eth->h_dest, 0, ETH_ALEN);
	memset(eth->h_source, 0, ETH_ALEN);
	eth->h_proto = htons(type);
	return ETH_HLEN;
}

static const struct net_device_ops loopback_ops = {
	.ndo_start_xmit = loopback_xmit,
};

/* The link is always there; no driver information, as Linux's lo. */
static u32 loopback_get_link(struct net_device *dev)
{
	return 1;
}

static const struct ethtool_ops loopback_ethtool_ops = {
	.get_link = loopback_get_link,
};

static const struct header_ops loopback_header_ops = {
	.create = loopback_header,
};

static void loopback_setup(struct net_device *dev)
{
	dev->mtu = 64 * 1024;
	dev->hard_header_len = ETH_HLEN;
	dev->addr_len = ETH_ALEN;
	dev->type = ARPHRD_LOOPBACK;
	dev->flags = IFF_LOOPBACK;
	dev->features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_LLTX |
			NETIF_F_LOOPBACK | NETIF_F_TSO | NETIF_F_GSO;
	dev->netdev_ops = &loopback_ops;
	dev->header_ops = &loopback_header_ops;
	dev->ethtool_ops = &loopback_ethtool_ops;
	dev->tx_queue_len = 1000;      /* what Linux reports; nothing queues */
}

static int loopback_init(void)
{
	struct net_device *dev = alloc_netdev(0, "lo", loopback_setup, 1, 1);

	if (!dev)
		panic("loopback: out of memory");
	loopback_dev = dev;
	return register_netdev(dev);
}
device_initcall(loopback_init);
