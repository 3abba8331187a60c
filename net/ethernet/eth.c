// SPDX-License-Identifier: MIT
/*
 * Ethernet (Linux's net/ethernet/eth.c): the link header that IPv4 and ARP
 * ask for through dev_hard_header(), and the defaults every Ethernet
 * driver starts from. eth_type_trans, the receive side, lives in
 * net/core/dev.c. No state, no locks.
 */
#include <shoal/kernel.h>
#include <shoal/etherdevice.h>
#include <shoal/random.h>

/* Push an Ethernet header; a NULL saddr means the device's own address. */
int eth_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
	       const void *daddr, const void *saddr, unsigned int len)
{
	struct ethhdr *eth = skb_push(skb, ETH_HLEN);

	(void)len;
	eth->h_proto = htons(type);
	memcpy(eth->h_source, saddr ? saddr : dev->dev_addr, ETH_ALEN);
	if (daddr)
		memcpy(eth->h_dest, daddr, ETH_ALEN);
	else
		memset(eth->h_dest, 0, ETH_ALEN);
	return ETH_HLEN;
}

const struct header_ops eth_header_ops = {
	.create = eth_header,
};

void ether_setup(struct net_device *dev)
{
	dev->header_ops = &eth_header_ops;
	dev->type = ARPHRD_ETHER;
	dev->hard_header_len = ETH_HLEN;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_ZLEN - ETH_HLEN;
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
	dev->tx_queue_len = 1000;
	dev->flags = IFF_BROADCAST | IFF_MULTICAST;
	memset(dev->broadcast, 0xff, ETH_ALEN);
}

void eth_random_addr(u8 *addr)
{
	get_random_bytes(addr, ETH_ALEN);
	addr[0] &= 0xfe;        /* unicast */
	addr[0] |= 0x02;        /* locally administered */
}
