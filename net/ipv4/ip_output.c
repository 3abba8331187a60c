// SPDX-License-Identifier: MIT
/*
 * IPv4 output (Linux's net/ipv4/ip_output.c): push the IP header, build
 * the link header and hand the packet to dev_queue_xmit, which finishes a
 * checksum or segments a GSO skb the device cannot (validate_xmit_skb).
 *
 *   ip_queue_xmit         connected sockets (TCP, connected UDP): the route
 *                         cached in sk_dst_cache, re-looked-up when obsolete
 *   ip_build_and_send_pkt explicit addresses (SYN-ACK, RST, ICMP, sendto)
 *   ip_local_out          a header already in place (raw IP_HDRINCL)
 *   ip_output             dst_entry.output of every route
 *
 * No fragmentation: a packet larger than its route's MTU is refused
 * (-EMSGSIZE, counted in FragFails). UDP checks the MTU before building
 * the datagram and TCP never exceeds its MSS (a GSO skb is larger, but
 * each of its segments fits), so only oversized raw sends meet this.
 * UDP, ping and raw sends check against the path MTU towards their
 * destination (ip_sk_dst_mtu: ICMP fragmentation-needed may have lowered
 * it, route_pmtu.c); DF follows IP_MTU_DISCOVER (ip_df).
 *
 * No locks here: callers own the socket (lock_sock or bh_lock_sock) when
 * they pass one, routes are never freed, and the IP ID for packets
 * without a socket comes from a per-CPU counter.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/snmp.h>
#include <net/inet_common.h>

/* Room kept for a link-layer header (Ethernet, with space to spare). */
#define LL_MAX_HEADER   32

static DEFINE_PER_CPU(u16, ip_ident);

/* Make room for the IP and link headers in front of skb->data. */
static int ip_make_headroom(struct sk_buff *skb, unsigned int hdr)
{
	unsigned int need = hdr + LL_MAX_HEADER;

	if (skb_headroom(skb) >= need)
		return 0;
	return pskb_expand_head(skb, need - skb_headroom(skb), 0, GFP_ATOMIC);
}

/*
 * DF: Linux's ip_dont_fragment for TCP, and for datagrams also
 * IP_PMTUDISC_PROBE (which sends up to the device's MTU with DF set).
 */
static bool ip_df(const struct sock *sk, __be32 daddr)
{
	if (!sk)
		return false;
	if (sk->sk_type != SOCK_STREAM && READ_ONCE(inet_sk(sk)->pmtudisc) == IP_PMTUDISC_PROBE)
		return true;
	return ip_dont_fragment(sk, daddr);
}

static void ip_fill_header(struct sk_buff *skb, const struct sock *sk, __be32 saddr,
			   __be32 daddr, u8 protocol, __be16 id)
{
	const struct inet_sock *inet = sk ? inet_sk(sk) : NULL;
	struct iphdr *iph;

	iph = __skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = inet ? inet->tos : 0;
	iph->tot_len = htons(skb->len);
	iph->id = id;
	iph->frag_off = ip_df(sk, daddr) ? htons(IP_DF) : 0;
	iph->ttl = inet && inet->uc_ttl >= 0 ? inet->uc_ttl : IPDEFTTL;
	iph->protocol = protocol;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->check = 0;
}

static __be16 ip_ident_next(void)
{
	u16 *c = this_cpu_ptr(ip_ident);

	return htons((u16)((*c)++ * NR_CPUS + smp_processor_id()));
}

int ip_queue_xmit(struct sock *sk, struct sk_buff *skb)
{
	struct inet_sock *inet = inet_sk(sk);
	struct dst_entry *dst = READ_ONCE(sk->sk_dst_cache);
	struct rtable *rt;

	if (!dst_check(dst)) {
		rt = ip_route_output(inet->inet_daddr, inet->inet_saddr, sk->sk_bound_dev_if);
		if (IS_ERR(rt)) {
			IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
			WRITE_ONCE(sk->sk_err_soft, EHOSTUNREACH);
			kfree_skb(skb);
			return -EHOSTUNREACH;
		}
		dst = &rt->dst;
		WRITE_ONCE(sk->sk_dst_cache, dst);
	}
	skb_dst_set(skb, dst);
	if (ip_make_headroom(skb, sizeof(struct iphdr))) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	ip_fill_header(skb, sk, inet->inet_saddr, inet->inet_daddr, sk->sk_protocol,
		       ip_select_id(sk));
	return ip_local_out(skb);
}

int ip_build_and_send_pkt(struct sk_buff *skb, const struct sock *sk, __be32 saddr,
			  __be32 daddr, u8 protocol)
{
	struct rtable *rt = skb_rtable(skb);

	if (!rt) {
		rt = ip_route_output(daddr, 0, sk ? sk->sk_bound_dev_if : 0);
		if (IS_ERR(rt)) {
			IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
			kfree_skb(skb);
			return PTR_ERR(rt);
		}
		skb_dst_set(skb, &rt->dst);
	}
	if (!saddr)
		saddr = rt_src_addr(rt, daddr);
	if (ip_make_headroom(skb, sizeof(struct iphdr))) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	ip_fill_header(skb, sk, saddr, daddr, protocol, ip_ident_next());
	return ip_local_out(skb);
}

int ip_local_out(struct sk_buff *skb)
{
	struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst = skb_dst(skb);

	iph->tot_len = htons(skb->len);
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
	skb->protocol = htons(ETH_P_IP);
	return dst->output(skb->sk, skb);
}

/* Link header and transmit: loopback and NOARP devices need no neighbour. */
static int ip_finish_output(struct sk_buff *skb, struct net_device *dev, const struct rtable *rt)
{
	const void *ha;
	int err;

	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK) || !dev->header_ops ||
	    rt->rt_type == RTN_BROADCAST) {
		ha = rt->rt_type == RTN_BROADCAST ? dev->broadcast : dev->dev_addr;
		if (dev_hard_header(skb, dev, ETH_P_IP, ha, NULL, skb->len) < 0) {
			kfree_skb(skb);
			return -EINVAL;
		}
		err = dev_queue_xmit(skb);
	} else {
		err = neigh_output_ip(skb, rt->rt_gw4 ? rt->rt_gw4 : ip_hdr(skb)->daddr);
	}
	if (err > 0)
		err = -ENOBUFS;         /* NET_XMIT_DROP and friends */
	if (err)
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
	return err;
}

int ip_output(struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct net_device *dev = dst->dev;

	(void)sk;
	skb->dev = dev;
	IP_INC_STATS(IPSTATS_MIB_OUTREQUESTS);
	if (!(dev->flags & IFF_UP)) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENETDOWN;
	}
	if (skb->len > min(dst_mtu(dst), dev->mtu) && !skb_shinfo(skb)->gso_size) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);     /* would need fragmenting */
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	return ip_finish_output(skb, dev, (const struct rtable *)dst);
}
