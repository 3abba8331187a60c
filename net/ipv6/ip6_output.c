// SPDX-License-Identifier: MIT
/*
 * IPv6 output (Linux's net/ipv6/ip6_output.c): push the IPv6 header and
 * hand the packet to the route's device. No fragmentation: a packet over
 * the route's MTU is refused with -EMSGSIZE (UDP and ping check first),
 * and no extension headers are ever sent. No locks: callers own the
 * socket when they pass one, and routes are never freed.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/ip.h>
#include <net/ipv6.h>

#define LL_MAX_HEADER   32

int ip6_sk_hop_limit(const struct sock *sk)
{
	int hl = sk ? inet_sk(sk)->ipv6_hop_limit : -1;

	return hl >= 0 ? hl : IPV6_DEFAULT_HOPLIMIT;
}

int ip6_xmit(const struct sock *sk, struct sk_buff *skb, const struct in6_addr *saddr,
	     const struct in6_addr *daddr, u8 proto, int hlimit, u8 tclass)
{
	unsigned int need = sizeof(struct ipv6hdr) + LL_MAX_HEADER;
	unsigned int plen = skb->len;
	struct ipv6hdr *hdr;

	(void)sk;
	if (skb_headroom(skb) < need &&
	    pskb_expand_head(skb, need - skb_headroom(skb), 0, GFP_ATOMIC)) {
		IP6_INC_STATS(IPSTATS6_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	hdr = __skb_push(skb, sizeof(*hdr));
	skb_reset_network_header(skb);
	hdr->version = 6;
	hdr->priority = tclass >> 4;
	hdr->flow_lbl[0] = (tclass & 0xf) << 4;
	hdr->flow_lbl[1] = hdr->flow_lbl[2] = 0;
	hdr->payload_len = htons(plen);
	hdr->nexthdr = proto;
	hdr->hop_limit = hlimit;
	hdr->saddr = *saddr;
	hdr->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
	IP6_INC_STATS(IPSTATS6_OUTREQUESTS);
	IP6_ADD_STATS(IPSTATS6_OUTOCTETS, skb->len);
	return skb_dst(skb)->output(skb->sk, skb);
}

int ip6_output(struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct net_device *dev = dst->dev;
	int err;

	(void)sk;
	skb->dev = dev;
	if (!(dev->flags & IFF_UP)) {
		IP6_INC_STATS(IPSTATS6_OUTDISCARDS);
		kfree_skb(skb);
		return -ENETDOWN;
	}
	if (skb->len > min(dst_mtu(dst), dev->mtu) && !skb_shinfo(skb)->gso_size) {
		IP6_INC_STATS(IPSTATS6_OUTDISCARDS);    /* would need fragmenting */
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	/* only lo carries IPv6: its header needs no neighbour */
	if (dev_hard_header(skb, dev, ETH_P_IPV6, dev->dev_addr, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	err = dev_queue_xmit(skb);
	if (err > 0)
		err = -ENOBUFS;
	if (err)
		IP6_INC_STATS(IPSTATS6_OUTDISCARDS);
	return err;
}
