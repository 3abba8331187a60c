/* SPDX-License-Identifier: MIT */
/*
 * Ethernet devices (net/ethernet/eth.c), Linux's linux/etherdevice.h
 * reduced: the header_ops that build a 14-byte Ethernet header, the
 * defaults of an Ethernet device, and MAC address helpers.
 */
#ifndef _SHOAL_ETHERDEVICE_H
#define _SHOAL_ETHERDEVICE_H

#include <shoal/netdevice.h>

extern const struct header_ops eth_header_ops;
int eth_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
	       const void *daddr, const void *saddr, unsigned int len);
/* type, MTU 1500, header length, broadcast address, eth_header_ops */
void ether_setup(struct net_device *dev);

static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}
static inline bool is_multicast_ether_addr(const u8 *a) { return a[0] & 1; }
static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}
/* A random unicast, locally administered address. */
void eth_random_addr(u8 *addr);

#endif
