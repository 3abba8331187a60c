// SPDX-License-Identifier: MIT
/*
 * ICMPv6 (Linux's net/ipv6/icmp.c), the part a host without neighbour
 * discovery needs.
 *
 * Input (NET_RX softirq, skb->data at the ICMPv6 header): verify the
 * checksum over the pseudo-header, count the type, then
 *   echo request        answer with an echo reply
 *   echo reply          to the ping socket whose id it carries
 *   destination unreachable, packet too big, time exceeded, parameter
 *                       problem: to the err_handler of the protocol that
 *                       sent the quoted packet (UDP: ECONNREFUSED on a
 *                       connected socket)
 * Neighbour discovery, router and multicast listener messages are counted
 * and dropped: they belong to IPv6 on a NIC, which shoal does not do.
 *
 * Output: icmpv6_send builds errors about a received packet (never about
 * an ICMPv6 error or a multicast destination), quoting as much of it as
 * fits in the minimum MTU. Linux limits them per destination but never
 * on loopback, the only IPv6 device, so there is no limit here.
 *
 * No locks: replies are built from the packet alone and sent without a
 * socket.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/ip.h>
#include <net/ipv6.h>

/* Room for the quoted packet: the error fits in IPv6's minimum MTU (RFC 4443 2.4). */
#define ICMPV6_ERR_ROOM (IPV6_MIN_MTU - sizeof(struct ipv6hdr) - sizeof(struct icmp6hdr))

static bool icmpv6_is_err(u8 type)
{
	return type < 128;
}

/*
 * Send hdr then len bytes of src from offset (negative: back to src's
 * network header) from saddr to daddr. Counts what it sends.
 */
static void icmpv6_push_reply(const struct icmp6hdr *hdr, struct sk_buff *src, int offset,
			      int len, const struct in6_addr *saddr, const struct in6_addr *daddr)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + sizeof(*hdr) + len, GFP_ATOMIC);
	struct in6_addr src_addr = *saddr;
	struct icmp6hdr *icmp6h;
	struct rt6_info *rt;

	if (!skb)
		goto fail;
	rt = ip6_route_output(daddr, &src_addr, 0);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		goto fail;
	}
	skb_reserve(skb, MAX_HEADER);
	icmp6h = skb_put(skb, sizeof(*icmp6h) + len);
	*icmp6h = *hdr;
	icmp6h->icmp6_cksum = 0;
	if (skb_copy_bits(src, offset, icmp6h + 1, len)) {
		kfree_skb(skb);
		goto fail;
	}
	skb_reset_transport_header(skb);
	icmp6h->icmp6_cksum = csum_ipv6_magic(&src_addr, daddr, skb->len, IPPROTO_ICMPV6,
					      csum_partial(icmp6h, skb->len, 0));
	skb_dst_set(skb, &rt->dst);
	ICMP6_INC_STATS(ICMP6_MIB_OUTMSGS);
	SNMP6_ADD(icmp_out_type, hdr->icmp6_type, 1);
	if (ip6_xmit(NULL, skb, &src_addr, daddr, IPPROTO_ICMPV6, IPV6_DEFAULT_HOPLIMIT, 0))
		ICMP6_INC_STATS(ICMP6_MIB_OUTERRORS);
	return;
fail:
	ICMP6_INC_STATS(ICMP6_MIB_OUTERRORS);
}

/* Is skb_in itself an ICMPv6 error (or unreadable)? Errors are never answered. */
static bool icmpv6_about_error(struct sk_buff *skb_in)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb_in);
	unsigned int off = skb_transport_header(skb_in) - skb_network_header(skb_in);
	u8 type;

	if (hdr->nexthdr != NEXTHDR_ICMP)
		return false;   /* behind extension headers Linux looks further; we do not */
	if (off < sizeof(*hdr) ||
	    skb_copy_bits(skb_in, skb_network_offset(skb_in) + off, &type, 1))
		return true;
	return icmpv6_is_err(type);
}

void icmpv6_send(struct sk_buff *skb_in, u8 type, u8 code, __be32 info)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb_in);
	struct icmp6hdr reply = { .icmp6_type = type, .icmp6_code = code };
	int off = skb_network_offset(skb_in), len;

	if (ipv6_addr_is_multicast(&hdr->daddr) || ipv6_addr_any(&hdr->saddr) ||
	    ipv6_addr_is_multicast(&hdr->saddr))
		return;
	if (icmpv6_about_error(skb_in))
		return;
	reply.icmp6_dataun.un_data32[0] = info;
	len = min_t(int, skb_in->len - off, ICMPV6_ERR_ROOM);
	icmpv6_push_reply(&reply, skb_in, off, len, &hdr->daddr, &hdr->saddr);
}

/* Echo request (data at the ICMPv6 header): id, sequence and data back. */
static void icmpv6_echo_reply(struct sk_buff *skb)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	struct icmp6hdr reply = *icmp6_hdr(skb);

	if (ipv6_addr_is_multicast(&hdr->daddr))
		return;         /* no multicast: no answer to a group */
	reply.icmp6_type = ICMPV6_ECHO_REPLY;
	icmpv6_push_reply(&reply, skb, sizeof(reply), skb->len - sizeof(reply), &hdr->daddr,
			  &hdr->saddr);
}

int icmpv6_err_convert(u8 type, u8 code, int *err)
{
	static const struct { int err; int fatal; } tab_unreach[] = {
		{ ENETUNREACH, 0 },     /* NOROUTE */
		{ EACCES, 1 },          /* ADM_PROHIBITED */
		{ EHOSTUNREACH, 0 },    /* NOT_NEIGHBOUR, now reserved */
		{ EHOSTUNREACH, 0 },    /* ADDR_UNREACH */
		{ ECONNREFUSED, 1 },    /* PORT_UNREACH */
		{ EACCES, 1 },          /* POLICY_FAIL */
		{ EACCES, 1 },          /* REJECT_ROUTE */
	};
	int fatal = 0;

	*err = EPROTO;
	switch (type) {
	case ICMPV6_DEST_UNREACH:
		fatal = 1;
		if (code < ARRAY_SIZE(tab_unreach)) {
			*err = tab_unreach[code].err;
			fatal = tab_unreach[code].fatal;
		}
		break;
	case ICMPV6_PKT_TOOBIG:
		*err = EMSGSIZE;
		break;
	case ICMPV6_PARAMPROB:
		fatal = 1;
		break;
	case ICMPV6_TIME_EXCEED:
		*err = EHOSTUNREACH;
		break;
	}
	return fatal;
}

/*
 * An error quoting a packet we sent (data at the ICMPv6 header): find
 * the quoted packet's upper protocol past its extension headers and let
 * it tell its socket.
 */
static void icmpv6_notify(struct sk_buff *skb, u8 type, u8 code, __be32 info)
{
	const struct inet6_protocol *ipprot;
	const struct ipv6_opt_hdr *opt;
	const struct ipv6hdr *inner;
	unsigned int off = sizeof(*inner);
	u8 nexthdr;
	int i;

	if (!pskb_may_pull(skb, sizeof(struct icmp6hdr) + sizeof(*inner)))
		return;
	__skb_pull(skb, sizeof(struct icmp6hdr));
	inner = (const struct ipv6hdr *)skb->data;
	nexthdr = inner->nexthdr;
	for (i = 0; i < 8; i++) {
		if (nexthdr != NEXTHDR_HOP && nexthdr != NEXTHDR_DEST && nexthdr != NEXTHDR_ROUTING)
			break;
		if (!pskb_may_pull(skb, off + 8))
			return;
		opt = (const struct ipv6_opt_hdr *)(skb->data + off);
		nexthdr = opt->nexthdr;
		off += ipv6_optlen(opt);
	}
	if (!pskb_may_pull(skb, off + 8))
		return;         /* the first 8 bytes of the transport header, as RFC 4443 */
	ipprot = READ_ONCE(inet6_protos[nexthdr]);
	if (ipprot && ipprot->err_handler)
		ipprot->err_handler(skb, type, code, off, info);
}

static int icmpv6_rcv(struct sk_buff *skb)
{
	const struct ipv6hdr *hdr;
	struct icmp6hdr *icmp6h;
	u8 type;

	ICMP6_INC_STATS(ICMP6_MIB_INMSGS);
	if (!pskb_may_pull(skb, sizeof(*icmp6h)))
		goto error;
	hdr = ipv6_hdr(skb);
	if (!skb_csum_unnecessary(skb) &&
	    csum_ipv6_magic(&hdr->saddr, &hdr->daddr, skb->len, IPPROTO_ICMPV6,
			    skb_checksum(skb, 0, skb->len, 0))) {
		ICMP6_INC_STATS(ICMP6_MIB_CSUMERRORS);
		goto error;
	}
	icmp6h = icmp6_hdr(skb);
	type = icmp6h->icmp6_type;
	SNMP6_ADD(icmp_in_type, type, 1);
	switch (type) {
	case ICMPV6_ECHO_REQUEST:
		icmpv6_echo_reply(skb);
		break;
	case ICMPV6_ECHO_REPLY:
		if (pingv6_rcv(skb))
			return 0;
		break;
	case ICMPV6_DEST_UNREACH:
	case ICMPV6_PKT_TOOBIG:
	case ICMPV6_TIME_EXCEED:
	case ICMPV6_PARAMPROB:
		icmpv6_notify(skb, type, icmp6h->icmp6_code, icmp6h->icmp6_mtu);
		break;
	}
	consume_skb(skb);
	return 0;
error:
	ICMP6_INC_STATS(ICMP6_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

static const struct inet6_protocol icmpv6_protocol = {
	.handler = icmpv6_rcv,
	.err_handler = pingv6_err,
};

void icmpv6_init(void)
{
	if (inet6_add_protocol(&icmpv6_protocol, IPPROTO_ICMPV6))
		panic("icmpv6: protocol slot taken");
}
