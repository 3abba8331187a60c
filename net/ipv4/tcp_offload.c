// SPDX-License-Identifier: MIT
/*
 * TCP's part of GSO and GRO over IPv4 (Linux's net/ipv4/tcp_offload.c).
 *
 * GSO: a TSO skb (gso_size = MSS) becomes MSS-sized segments, each with
 * its own sequence number, PSH and FIN only on the last, CWR only on the
 * first, and its checksum left to the device (CHECKSUM_PARTIAL with the
 * pseudo-header sum in th->check) or computed here.
 *
 * GRO: a segment joins the held skb of its flow (same addresses and
 * ports) when it continues it exactly: seq = held end, the same ACK,
 * window, header length and option bytes, no SYN/RST/URG/CWR, a payload of
 * at most the held MSS, and a checksum the device verified (or left to
 * be filled by a sender on this host: CHECKSUM_PARTIAL). A short
 * segment, PSH or FIN ends the merge (the skb goes up with it); anything
 * else sends the held skb up first.
 *
 * No locks: GSO runs on the skb its caller owns, GRO within one napi's
 * poll (the napi's SCHED owner).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <net/tcp.h>
#include <net/protocol.h>

/* Sequence number, flags and checksum of one GSO segment. */
static void tcp_gso_fix_segment(struct sk_buff *s, u32 seq, u8 clear, unsigned long features)
{
	struct tcphdr *th = tcp_hdr(s);
	const struct iphdr *iph = (const struct iphdr *)skb_network_header(s);
	unsigned int toff = skb_transport_offset(s), len = s->len - toff;

	th->seq = htonl(seq);
	((u8 *)th)[13] &= ~clear;
	th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP, 0);
	s->csum_start = skb_transport_header(s) - s->head;
	s->csum_offset = __builtin_offsetof(struct tcphdr, check);
	s->ip_summed = CHECKSUM_PARTIAL;
	if (!(features & (NETIF_F_IP_CSUM | NETIF_F_HW_CSUM)))
		skb_checksum_help(s);   /* a fresh private skb: cannot fail */
}

/* The urgent pointer of a segment at @seq of a super-packet whose pointer
 * ends at @up: relative to its own start, or no URG once past it. Returns
 * the flags to clear. */
static u8 tcp_gso_fix_urg(struct tcphdr *th, u32 seq, u32 up)
{
	if (!before(seq, up)) {
		th->urg_ptr = 0;
		return TCPHDR_URG;
	}
	th->urg_ptr = htons(min_t(u32, up - seq, 0xFFFF));
	return 0;
}

/* skb->data at the TCP header, network and transport headers set. */
static struct sk_buff *tcp4_gso_segment(struct sk_buff *skb, unsigned long features)
{
	unsigned int thlen, mss = skb_shinfo(skb)->gso_size;
	struct sk_buff *segs, *s;
	struct tcphdr *th;
	u32 seq, up;
	bool urg;

	if (!pskb_may_pull(skb, sizeof(*th)))
		return ERR_PTR(-EINVAL);
	th = (struct tcphdr *)skb->data;
	thlen = th->doff * 4;
	if (thlen < sizeof(*th) || !pskb_may_pull(skb, thlen) || !mss)
		return ERR_PTR(-EINVAL);
	th = (struct tcphdr *)skb->data;
	seq = ntohl(th->seq);
	urg = th->urg;
	up = seq + ntohs(th->urg_ptr);
	__skb_pull(skb, thlen);
	segs = skb_segment(skb);
	__skb_push(skb, thlen);
	if (IS_ERR(segs))
		return segs;
	for (s = segs; s; s = s->next) {
		u8 clear = 0;

		if (s != segs)
			clear |= TCPHDR_CWR;
		if (s->next)
			clear |= TCPHDR_FIN | TCPHDR_PSH;
		if (urg)
			clear |= tcp_gso_fix_urg(tcp_hdr(s), seq, up);
		tcp_gso_fix_segment(s, seq, clear, features);
		seq += s->len - skb_transport_offset(s) - thlen;
	}
	return segs;
}

/* Does the new segment (header th, payload len) continue the held p? */
static bool tcp_gro_continues(struct sk_buff *p, const struct tcphdr *th, unsigned int len)
{
	const struct tcphdr *th2 = (const struct tcphdr *)(p->data + sizeof(struct iphdr));
	unsigned int thlen = th->doff * 4;
	u8 flags = tcp_flag_byte(th);

	if (NAPI_GRO_CB(p)->flush || (flags & TCPHDR_CWR))
		return false;
	if ((flags ^ tcp_flag_byte(th2)) & ~(TCPHDR_CWR | TCPHDR_FIN | TCPHDR_PSH))
		return false;
	if (th->doff != th2->doff || th->ack_seq != th2->ack_seq || th->window != th2->window)
		return false;
	if (memcmp(th + 1, th2 + 1, thlen - sizeof(*th)))
		return false;
	if (len - 1 >= NAPI_GRO_CB(p)->mss)     /* empty, or larger than the MSS */
		return false;
	return ntohl(th2->seq) + skb_gro_len(p) == ntohl(th->seq);
}

static struct sk_buff **tcp4_gro_receive(struct sk_buff **head, struct sk_buff *skb)
{
	struct sk_buff **pp = NULL, **link, *p = NULL;
	unsigned int thlen, len, mss = 1;
	const struct tcphdr *th;
	u8 flags, flush;

	if (!skb_csum_unnecessary(skb))
		goto flush;             /* only segments the device verified */
	th = skb_gro_header(skb, sizeof(*th));
	if (!th || th->doff * 4 < (int)sizeof(*th))
		goto flush;
	thlen = th->doff * 4;
	th = skb_gro_header(skb, thlen);
	if (!th)
		goto flush;
	NAPI_GRO_CB(skb)->data_offset += thlen;
	len = skb_gro_len(skb);
	flags = tcp_flag_byte(th);

	for (link = head; (p = *link); link = &p->next) {
		const struct tcphdr *th2;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		th2 = (const struct tcphdr *)(p->data + sizeof(struct iphdr));
		if (th->source == th2->source && th->dest == th2->dest)
			break;
		NAPI_GRO_CB(p)->same_flow = 0;
	}
	if (p) {
		mss = NAPI_GRO_CB(p)->mss;
		if (tcp_gro_continues(p, th, len) && !skb_gro_receive(p, skb))
			((u8 *)p->data)[sizeof(struct iphdr) + 13] |= flags & (TCPHDR_FIN | TCPHDR_PSH);
		else
			mss = 1;        /* p goes up; skb may start a new flow */
	}
	flush = len < mss || (flags & (TCPHDR_URG | TCPHDR_PSH | TCPHDR_RST | TCPHDR_SYN |
				       TCPHDR_FIN));
	if (p && (!NAPI_GRO_CB(skb)->same_flow || flush))
		pp = link;
	NAPI_GRO_CB(skb)->flush |= flush;
	return pp;

flush:
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

/* The merged skb's segments, for the receiver (ACK pacing, rcv_mss). */
static int tcp4_gro_complete(struct sk_buff *skb, int thoff)
{
	(void)thoff;
	skb_shinfo(skb)->gso_size = NAPI_GRO_CB(skb)->mss;
	skb_shinfo(skb)->gso_segs = NAPI_GRO_CB(skb)->count;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return 0;
}

static const struct net_offload tcpv4_offload = {
	.callbacks = {
		.gso_segment = tcp4_gso_segment,
		.gro_receive = tcp4_gro_receive,
		.gro_complete = tcp4_gro_complete,
	},
};

void tcpv4_offload_init(void)
{
	if (inet_add_offload(&tcpv4_offload, IPPROTO_TCP))
		panic("tcpv4_offload_init: IPPROTO_TCP taken");
}
