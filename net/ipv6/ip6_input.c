// SPDX-License-Identifier: MIT
/*
 * IPv6 input (Linux's net/ipv6/ip6_input.c and the walk of exthdrs.c):
 * the ETH_P_IPV6 handler. Runs in NET_RX softirq context, one packet at
 * a time, without locks of its own.
 *
 *   ipv6_rcv   validate the fixed header (version, payload length), trim
 *              link padding, route: only our own addresses are accepted
 *   ip6_input  walk the extension headers to the upper protocol, hand
 *              raw sockets their clones, call the protocol's handler
 *              (inet6_protos), or answer ICMPv6 parameter problem for an
 *              unknown next header no raw socket took
 *
 * Extension headers: hop-by-hop (first only), destination options and
 * routing headers with no segments left are skipped, their options not
 * acted on; a routing header with segments left would need forwarding
 * and gets a parameter problem. Fragments are dropped and counted
 * (Ip6ReasmReqds, Ip6ReasmFails): there is no reassembly, and shoal never
 * fragments what it sends.
 */
#include <shoal/kernel.h>
#include <net/ip.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

#define IP6_MAX_EXTHDRS 8       /* a bound on the walk: more is an attack */

/* Does skb carry an IPv6 header we accept? Counts what it rejects. */
static bool ipv6_rcv_check(struct sk_buff *skb)
{
	const struct ipv6hdr *hdr;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*hdr)))
		goto hdr_error;
	hdr = ipv6_hdr(skb);
	if (hdr->version != 6)
		goto hdr_error;
	if (ipv6_addr_is_multicast(&hdr->saddr))
		goto hdr_error;         /* RFC 4291 2.7 */
	len = ntohs(hdr->payload_len);
	if (!len && hdr->nexthdr == NEXTHDR_HOP)
		goto hdr_error;         /* a jumbogram: none here */
	if (len + sizeof(*hdr) > skb->len) {
		IP6_INC_STATS(IPSTATS6_INTRUNCATEDPKTS);
		return false;
	}
	if (len + sizeof(*hdr) < skb->len)
		inet_skb_trim(skb, len + sizeof(*hdr));       /* link-layer padding */
	return true;
hdr_error:
	IP6_INC_STATS(IPSTATS6_INHDRERRORS);
	return false;
}

int ipv6_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	(void)pt;
	if (skb->pkt_type == PACKET_OTHERHOST)
		goto drop;
	IP6_INC_STATS(IPSTATS6_INRECEIVES);
	skb_reset_network_header(skb);
	if (!ipv6_rcv_check(skb))
		goto drop;
	IP6_ADD_STATS(IPSTATS6_INOCTETS, skb->len);
	IP6CB(skb)->iif = dev->ifindex;
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	skb->skb_iif = dev->ifindex;
	skb_dst_set(skb, NULL);
	if (ip6_route_input(skb)) {
		IP6_INC_STATS(IPSTATS6_INADDRERRORS);
		goto drop;
	}
	return skb_dst(skb)->input(skb);
drop:
	kfree_skb(skb);
	return 0;
}

/*
 * Step over the extension header of type *nexthdr at offset *off (from
 * the network header). 1: stepped, 0: *nexthdr is the upper protocol,
 * -1: dropped (counted, and answered when the RFC says so).
 */
static int ip6_skip_exthdr(struct sk_buff *skb, u8 *nexthdr, unsigned int *off)
{
	const struct ipv6_opt_hdr *opt;
	unsigned int len;

	switch (*nexthdr) {
	case NEXTHDR_FRAGMENT:
		IP6_INC_STATS(IPSTATS6_REASMREQDS);
		IP6_INC_STATS(IPSTATS6_REASMFAILS);
		return -1;
	case NEXTHDR_HOP:
		if (*off != sizeof(struct ipv6hdr))
			goto bad;       /* hop-by-hop only right after the header */
		break;
	case NEXTHDR_DEST:
	case NEXTHDR_ROUTING:
		break;
	default:
		return 0;
	}
	if (!pskb_may_pull(skb, skb_network_offset(skb) + *off + 8))
		goto bad;
	opt = (const struct ipv6_opt_hdr *)(skb_network_header(skb) + *off);
	len = ipv6_optlen(opt);
	if (!pskb_may_pull(skb, skb_network_offset(skb) + *off + len))
		goto bad;
	opt = (const struct ipv6_opt_hdr *)(skb_network_header(skb) + *off);
	if (*nexthdr == NEXTHDR_ROUTING && ((const u8 *)opt)[3]) {
		/* segments left: we would have to forward it */
		IP6_INC_STATS(IPSTATS6_INHDRERRORS);
		icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, htonl(*off + 3));
		return -1;
	}
	IP6CB(skb)->nhoff = *off;
	*nexthdr = opt->nexthdr;
	*off += len;
	return 1;
bad:
	IP6_INC_STATS(IPSTATS6_INHDRERRORS);
	return -1;
}

int ip6_input(struct sk_buff *skb)
{
	const struct inet6_protocol *ipprot;
	unsigned int off = sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	int i, ret = 1;
	bool raw;

	for (i = 0; i < IP6_MAX_EXTHDRS && ret > 0; i++) {
		ret = ip6_skip_exthdr(skb, &nexthdr, &off);
		if (ret < 0)
			goto drop;
	}
	if (ret > 0) {
		IP6_INC_STATS(IPSTATS6_INHDRERRORS);
		goto drop;
	}
	if (nexthdr == NEXTHDR_NONE) {
		IP6_INC_STATS(IPSTATS6_INDELIVERS);
		consume_skb(skb);
		return 0;
	}
	skb->transport_header = skb->network_header + off;
	__skb_pull(skb, skb_transport_header(skb) - skb->data);
	raw = raw6_local_deliver(skb, nexthdr);
	ipprot = READ_ONCE(inet6_protos[nexthdr]);
	if (ipprot) {
		IP6_INC_STATS(IPSTATS6_INDELIVERS);
		return ipprot->handler(skb);
	}
	if (raw) {
		IP6_INC_STATS(IPSTATS6_INDELIVERS);
		consume_skb(skb);
		return 0;
	}
	IP6_INC_STATS(IPSTATS6_INUNKNOWNPROTOS);
	icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR, htonl(IP6CB(skb)->nhoff));
drop:
	kfree_skb(skb);
	return 0;
}
