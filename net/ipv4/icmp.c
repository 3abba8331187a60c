// SPDX-License-Identifier: MIT
/*
 * ICMP (Linux's net/ipv4/icmp.c).
 *
 * Input (NET_RX softirq, skb->data at the ICMP header): verify the
 * checksum, count the type, then
 *   echo request          answer with an echo reply
 *   echo reply            to the ping socket whose id it carries
 *   unreachable, time exceeded, parameter problem, source quench
 *                         to the err_handler of the protocol that sent
 *                         the quoted packet (UDP: ECONNREFUSED on a
 *                         connected socket; TCP: tcp_v4_err)
 * Raw ICMP sockets already got a clone of every message in
 * ip_local_deliver.
 *
 * Output: icmp_send builds errors about a received packet, rate limited
 * by a global token bucket (Linux's net.ipv4.icmp_msgs_per_sec = 1000,
 * burst 50) for the types in Linux's default icmp_ratemask. Linux's
 * per-destination limit is not kept: it never applies on loopback, the
 * only device today.
 *
 * Replies leave through a per-CPU control socket (its tos/ttl/DF), used
 * with BHs off so a softirq on the same CPU cannot share it.
 *
 * Locks: icmp_bucket_lock (spin, BHs off) guards the token bucket; leaf.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/time.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/ping.h>
#include <net/snmp.h>
#include <net/protocol.h>
#include <net/inet_common.h>

#define IPTOS_PREC_INTERNETCONTROL      0xc0
/* Room for the quoted packet: an error fits in 576 bytes (RFC 1812 4.3.2.3). */
#define ICMP_ERR_ROOM   (576 - sizeof(struct iphdr) - sizeof(struct icmphdr))

static DEFINE_PER_CPU(struct inet_sock, icmp_ctl);

/* Linux's icmp_global: 1000 messages a second, bursts of 50. */
#define ICMP_MSGS_PER_SEC       1000
#define ICMP_MSGS_BURST         50
#define ICMP_RATEMASK           ((1 << ICMP_DEST_UNREACH) | (1 << ICMP_SOURCE_QUENCH) | \
				 (1 << ICMP_TIME_EXCEEDED) | (1 << ICMP_PARAMETERPROB))
static DEFINE_SPINLOCK(icmp_bucket_lock);
static struct {
	int credit;                     /* [icmp_bucket_lock] */
	ktime_t stamp;
} icmp_bucket = { ICMP_MSGS_BURST, 0 };

static bool icmp_global_allow(int type)
{
	ktime_t now;
	s64 add;
	bool ok;

	if (!((1 << type) & ICMP_RATEMASK))
		return true;
	now = ktime_get();
	spin_lock_bh(&icmp_bucket_lock);
	add = (now - icmp_bucket.stamp) / (NSEC_PER_SEC / ICMP_MSGS_PER_SEC);
	if (add > 0) {
		icmp_bucket.credit = min_t(s64, ICMP_MSGS_BURST, icmp_bucket.credit + add);
		icmp_bucket.stamp = now;
	}
	ok = icmp_bucket.credit > 0;
	if (ok)
		icmp_bucket.credit--;
	spin_unlock_bh(&icmp_bucket_lock);
	return ok;
}

/* Linux's icmp_err_convert: errno and "hard error" per unreachable code. */
static const struct {
	u8 err;
	u8 fatal;
} icmp_unreach_err[NR_ICMP_UNREACH + 1] = {
	[ICMP_NET_UNREACH]      = { ENETUNREACH, 0 },
	[ICMP_HOST_UNREACH]     = { EHOSTUNREACH, 0 },
	[ICMP_PROT_UNREACH]     = { ENOPROTOOPT, 1 },
	[ICMP_PORT_UNREACH]     = { ECONNREFUSED, 1 },
	[ICMP_FRAG_NEEDED]      = { EMSGSIZE, 0 },
	[ICMP_SR_FAILED]        = { EOPNOTSUPP, 0 },
	[ICMP_NET_UNKNOWN]      = { ENETUNREACH, 1 },
	[ICMP_HOST_UNKNOWN]     = { EHOSTDOWN, 1 },
	[ICMP_HOST_ISOLATED]    = { ENONET, 1 },
	[ICMP_NET_ANO]          = { ENETUNREACH, 1 },
	[ICMP_HOST_ANO]         = { EHOSTUNREACH, 1 },
	[ICMP_NET_UNR_TOS]      = { ENETUNREACH, 0 },
	[ICMP_HOST_UNR_TOS]     = { EHOSTUNREACH, 0 },
	[ICMP_PKT_FILTERED]     = { EHOSTUNREACH, 1 },
	[ICMP_PREC_VIOLATION]   = { EHOSTUNREACH, 1 },
	[ICMP_PREC_CUTOFF]      = { EHOSTUNREACH, 1 },
};

int icmp_err_errno(int type, int code, bool *fatal)
{
	*fatal = false;
	switch (type) {
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
		return 0;
	case ICMP_PARAMETERPROB:
		*fatal = true;
		return EPROTO;
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH)
			return EHOSTUNREACH;
		*fatal = icmp_unreach_err[code].fatal;
		return icmp_unreach_err[code].err;
	default:                /* time exceeded and the rest */
		return EHOSTUNREACH;
	}
}

void icmp_out_count(int type)
{
	ICMP_INC_STATS(ICMP_MIB_OUTMSGS);
	if (type <= NR_ICMP_TYPES)
		SNMP_ADD(icmp_out_type, type, 1);
	if (type == ICMP_DEST_UNREACH)
		ICMP_INC_STATS(ICMP_MIB_OUTDESTUNREACHS);
	else if (type == ICMP_ECHO)
		ICMP_INC_STATS(ICMP_MIB_OUTECHOS);
	else if (type == ICMP_ECHOREPLY)
		ICMP_INC_STATS(ICMP_MIB_OUTECHOREPS);
}

/*
 * Send an ICMP message: hdr, then len bytes of src from offset (a
 * negative offset reaches back to src's network header). tos is the
 * reply's; saddr our address, daddr the peer.
 */
static void icmp_push_reply(const struct icmphdr *hdr, struct sk_buff *src, int offset,
			    int len, u8 tos, __be32 saddr, __be32 daddr)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + sizeof(*hdr) + len, GFP_ATOMIC);
	struct icmphdr *icmph;
	struct inet_sock *ctl;

	if (!skb) {
		ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		return;
	}
	skb_reserve(skb, MAX_HEADER);
	icmph = skb_put(skb, sizeof(*icmph) + len);
	*icmph = *hdr;
	icmph->checksum = 0;
	if (skb_copy_bits(src, offset, icmph + 1, len)) {
		kfree_skb(skb);
		return;
	}
	skb_reset_transport_header(skb);
	icmph->checksum = csum_fold(csum_partial(icmph, sizeof(*icmph) + len, 0));
	icmp_out_count(hdr->type);
	local_bh_disable();
	ctl = this_cpu_ptr(icmp_ctl);
	ctl->tos = tos;
	if (ip_build_and_send_pkt(skb, &ctl->sk, saddr, daddr, IPPROTO_ICMP))
		ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
	local_bh_enable();
}

void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info)
{
	const struct iphdr *iph = ip_hdr(skb_in);
	struct rtable *rt = skb_rtable(skb_in);
	int off = skb_network_offset(skb_in), len;
	struct icmphdr hdr = { .type = type, .code = code };
	__be32 saddr;
	u8 inner;

	if (!rt || (skb_in->pkt_type != PACKET_HOST && skb_in->pkt_type != PACKET_LOOPBACK))
		return;
	if (rt->rt_type == RTN_BROADCAST || rt->rt_type == RTN_MULTICAST)
		return;
	if (iph->frag_off & htons(IP_OFFSET))
		return;                 /* only about the first fragment */
	if (ipv4_is_zeronet(iph->saddr) || ipv4_is_multicast(iph->saddr) ||
	    ipv4_is_lbcast(iph->saddr))
		return;
	if (icmp_is_err(type) && iph->protocol == IPPROTO_ICMP) {
		/* never an error about an error (or an unknown type) */
		if (skb_copy_bits(skb_in, off + iph->ihl * 4, &inner, 1) ||
		    inner > NR_ICMP_TYPES || icmp_is_err(inner))
			return;
	}
	if (!icmp_global_allow(type))
		return;
	saddr = rt->rt_type == RTN_LOCAL ? iph->daddr : inet_select_addr(iph->saddr);
	hdr.un.gateway = info;
	len = min_t(int, skb_in->len - off, ICMP_ERR_ROOM);
	icmp_push_reply(&hdr, skb_in, off, len,
			(iph->tos & 0x1e) | IPTOS_PREC_INTERNETCONTROL, saddr, iph->saddr);
}

/* Echo request (data after the ICMP header): the same id, sequence and data back. */
static void icmp_echo(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct icmphdr hdr = *icmp_hdr(skb);

	hdr.type = ICMP_ECHOREPLY;
	hdr.code = 0;
	icmp_push_reply(&hdr, skb, 0, skb->len, iph->tos, iph->daddr, iph->saddr);
}

/*
 * Fragmentation needed (RFC 1191): the next-hop MTU goes in info's top
 * half for the protocol's err_handler, as net.ipv4.ip_no_pmtu_disc says
 * (Linux's): 0 the MTU; 1 none (0, which the update turns into
 * min_pmtu, locked: DF off); 2 ignore the message; 3 only for protocols
 * that validate ICMP tags, which none here does, so ignore it too.
 * false: ignore it.
 */
static bool icmp_frag_needed(const struct icmphdr *icmph, u32 *info)
{
	switch (READ_ONCE(sysctl_ip_no_pmtu_disc)) {
	case 0:
		*info |= (u32)ntohs(icmph->un.frag.mtu) << 16;
		return true;
	case 1:
		return true;
	default:
		return false;
	}
}

/*
 * An error about a packet we sent (data at the quoted IP header): check
 * there is a whole quoted IP header and 8 bytes of its transport header,
 * then let the protocol that sent it decide.
 */
static bool icmp_unreach(struct sk_buff *skb)
{
	const struct icmphdr *icmph = icmp_hdr(skb);
	const struct net_protocol *ipprot;
	const struct iphdr *iph;
	u32 info = icmph->type << 8 | icmph->code;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return false;
	iph = (const struct iphdr *)skb->data;
	if (iph->ihl < 5 || iph->version != 4)
		return false;
	if (icmph->type == ICMP_DEST_UNREACH) {
		if (icmph->code > NR_ICMP_UNREACH)
			return true;
		if (icmph->code == ICMP_FRAG_NEEDED && !icmp_frag_needed(icmph, &info))
			return true;
	}
	/* errors quoting a broadcast we sent are not for any one socket */
	if (inet_addr_type(iph->daddr) == RTN_BROADCAST)
		return true;
	if (!pskb_may_pull(skb, iph->ihl * 4 + 8))
		return false;
	iph = (const struct iphdr *)skb->data;
	ipprot = READ_ONCE(inet_protos[iph->protocol]);
	if (ipprot && ipprot->err_handler)
		ipprot->err_handler(skb, info);
	return true;
}

/* Errors about an ICMP message we sent: only echo requests (ping sockets) care. */
int icmp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct icmphdr *inner = (const struct icmphdr *)(skb->data + iph->ihl * 4);

	if (inner->type == ICMP_ECHO)
		ping_err(skb, info >> 8 & 0xff, info & 0xff, info);
	return 0;
}

static void icmp_count_in(int type)
{
	SNMP_ADD(icmp_in_type, type, 1);
	if (type == ICMP_DEST_UNREACH)
		ICMP_INC_STATS(ICMP_MIB_INDESTUNREACHS);
	else if (type == ICMP_ECHO)
		ICMP_INC_STATS(ICMP_MIB_INECHOS);
	else if (type == ICMP_ECHOREPLY)
		ICMP_INC_STATS(ICMP_MIB_INECHOREPS);
}

int icmp_rcv(struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	const struct icmphdr *icmph;
	bool bcast = rt->rt_type == RTN_BROADCAST || rt->rt_type == RTN_MULTICAST;
	bool ok = true;

	ICMP_INC_STATS(ICMP_MIB_INMSGS);
	if (!pskb_may_pull(skb, sizeof(*icmph)))
		goto error;
	if (!skb_csum_unnecessary(skb) &&
	    csum_fold(skb_checksum(skb, 0, skb->len, 0))) {
		ICMP_INC_STATS(ICMP_MIB_INCSUMERRORS);
		goto error;
	}
	icmph = icmp_hdr(skb);
	if (icmph->type > NR_ICMP_TYPES)
		goto error;
	icmp_count_in(icmph->type);
	__skb_pull(skb, sizeof(*icmph));
	switch (icmph->type) {
	case ICMP_ECHO:
		if (!bcast)     /* Linux's icmp_echo_ignore_broadcasts = 1 */
			icmp_echo(skb);
		break;
	case ICMP_ECHOREPLY:
		if (!bcast && ping_rcv(skb))
			return 0;
		break;
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		if (!bcast)
			ok = icmp_unreach(skb);
		break;
	default:                /* redirects, timestamps, ...: nothing to do */
		break;
	}
	if (!ok)
		goto error;
	consume_skb(skb);
	return 0;
error:
	ICMP_INC_STATS(ICMP_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

void icmp_init(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct inet_sock *ctl = &per_cpu(icmp_ctl, cpu);

		ctl->sk.sk_family = AF_INET;
		ctl->sk.sk_protocol = IPPROTO_ICMP;
		ctl->uc_ttl = -1;
		ctl->pmtudisc = IP_PMTUDISC_DONT;
	}
}
