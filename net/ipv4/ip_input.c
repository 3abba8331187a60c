// SPDX-License-Identifier: MIT
/*
 * IPv4 input (Linux's net/ipv4/ip_input.c): the ETH_P_IP handler. Runs in
 * NET_RX softirq context, one packet at a time, without locks of its own.
 *
 *   ip_rcv            validate the header (version, length, checksum),
 *                     trim link padding, route
 *   ip_local_deliver  drop fragments, hand raw sockets their clones, call
 *                     the protocol's handler (inet_protos) or answer ICMP
 *                     protocol unreachable
 *
 * No reassembly: every fragment is dropped and counted (ReasmFails).
 * Loopback's MTU carries the largest IP packet whole and shoal never
 * fragments what it sends, so fragments only come from outside.
 *
 * The header checksum is always checked: it covers 20 bytes and loopback
 * packets carry a correct one, because output always computes it.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <net/protocol.h>
#include <net/inet_common.h>

/* Cut skb to len bytes, frags included (Linux's pskb_trim). */
void inet_skb_trim(struct sk_buff *skb, unsigned int len)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int head = skb_headlen(skb), off = head;
	int i, keep = 0;

	if (!skb_is_nonlinear(skb)) {
		skb_trim(skb, len);
		return;
	}
	if (len <= head) {
		keep = 0;
		skb->tail = skb->data + len;
	} else {
		for (i = 0; i < sh->nr_frags; i++) {
			if (off + sh->frags[i].size >= len) {
				sh->frags[i].size = len - off;
				keep = i + 1;
				break;
			}
			off += sh->frags[i].size;
		}
	}
	for (i = keep; i < sh->nr_frags; i++)
		put_page(sh->frags[i].page);
	sh->nr_frags = keep;
	skb->data_len = len > head ? len - head : 0;
	skb->len = len;
}

/* Does skb carry an IPv4 header we accept? Counts what it rejects. */
static bool ip_rcv_check(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto hdr_error;
	iph = ip_hdr(skb);
	if (iph->ihl < 5 || iph->version != 4)
		goto hdr_error;
	if (!pskb_may_pull(skb, iph->ihl * 4))
		goto hdr_error;
	iph = ip_hdr(skb);
	if (ip_fast_csum(iph, iph->ihl)) {
		IP_INC_STATS(IPSTATS_MIB_CSUMERRORS);
		goto hdr_error;
	}
	len = ntohs(iph->tot_len);
	if (skb->len < len) {
		IP_INC_STATS(IPSTATS_MIB_INTRUNCATEDPKTS);
		return false;
	}
	if (len < iph->ihl * 4u)
		goto hdr_error;
	if (skb->len > len)
		inet_skb_trim(skb, len);      /* link-layer padding */
	return true;
hdr_error:
	IP_INC_STATS(IPSTATS_MIB_INHDRERRORS);
	return false;
}

int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	const struct iphdr *iph;
	struct rtable *rt;

	(void)pt;
	if (skb->pkt_type == PACKET_OTHERHOST)
		goto drop;
	IP_INC_STATS(IPSTATS_MIB_INRECEIVES);
	skb_reset_network_header(skb);
	if (!ip_rcv_check(skb))
		goto drop;
	iph = ip_hdr(skb);
	skb->transport_header = skb->network_header + iph->ihl * 4;
	IPCB(skb)->iif = dev->ifindex;
	IPCB(skb)->flags = 0;
	skb->skb_iif = dev->ifindex;
	/*
	 * A packet looped back keeps the route it left by; a local route
	 * still valid is the one input would find (Linux's skb_valid_dst).
	 */
	rt = skb_rtable(skb);
	if (!rt || rt->rt_type != RTN_LOCAL || !dst_check(&rt->dst) ||
	    !(dev->flags & IFF_LOOPBACK)) {
		skb_dst_set(skb, NULL);
		if (ip_route_input(skb, iph->daddr, iph->saddr, dev)) {
			IP_INC_STATS(IPSTATS_MIB_INADDRERRORS);
			goto drop;
		}
	}
	return skb_dst(skb)->input(skb);
drop:
	kfree_skb(skb);
	return 0;
}

int ip_local_deliver(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct net_protocol *ipprot;
	bool raw;

	if (iph->frag_off & htons(IP_MF | IP_OFFSET)) {
		IP_INC_STATS(IPSTATS_MIB_REASMFAILS);
		kfree_skb(skb);
		return 0;
	}
	__skb_pull(skb, skb_transport_header(skb) - skb->data);
	raw = raw_local_deliver(skb, iph->protocol);
	ipprot = READ_ONCE(inet_protos[iph->protocol]);
	if (ipprot) {
		IP_INC_STATS(IPSTATS_MIB_INDELIVERS);
		return ipprot->handler(skb);
	}
	if (raw) {
		IP_INC_STATS(IPSTATS_MIB_INDELIVERS);
		consume_skb(skb);
		return 0;
	}
	IP_INC_STATS(IPSTATS_MIB_INUNKNOWNPROTOS);
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	kfree_skb(skb);
	return 0;
}
