// SPDX-License-Identifier: MIT
/*
 * SYN cookies for native IPv6 (Linux's net/ipv6/syncookies.c): what is
 * IPv6's about them, for the shared code in net/ipv4/syncookies.c. The
 * hash takes the whole 128-bit addresses (secure_tcpv6_syn_cookie), the
 * MSS table is IPv6's (common link MTUs less 60 bytes of IPv6 and TCP
 * headers), and the request rebuilt from the ACK carries IPv6 addresses,
 * so the child is a native IPv6 socket (tcp_v4_syn_recv_sock through
 * ipv6_specific). net.ipv4.tcp_syncookies governs both families, as on
 * Linux. No state, so no locks (the callers hold the listener's).
 */
#include <shoal/kernel.h>
#include <net/tcp.h>
#include <net/ipv6.h>
#include <net/secure_seq.h>

/* Linux's IPv6 msstab: 1280 (the IPv6 minimum), 1480, 1500 and 9000
 * byte MTUs less 60. */
static const u16 msstab6[] = { 1280 - 60, 1480 - 60, 1500 - 60, 9000 - 60 };

static u32 cookie_v6_hash(const struct sk_buff *skb, u32 count, int c)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);

	return secure_tcpv6_syn_cookie(hdr->saddr.s6_addr32, hdr->daddr.s6_addr32,
				       th->source, th->dest, count, c);
}

/* The IPv6 addresses of the ACK's request (tcp_v6_init_req's). */
static void cookie_v6_init_req(struct tcp_request_sock *treq, const struct sk_buff *skb)
{
	struct request_sock *req = &treq->req.req;
	const struct ipv6hdr *hdr = ipv6_hdr(skb);

	req->__req_common.skc_family = AF_INET6;
	req->__req_common.skc_v6_rcv_saddr = hdr->daddr;
	req->__req_common.skc_v6_daddr = hdr->saddr;
	req->ir_loc_addr = req->ir_rmt_addr = htonl(LOOPBACK4_IPV6);
	treq->ts_off = secure_tcp_ts_off(ipv6_addr_fold32(&hdr->daddr), ipv6_addr_fold32(&hdr->saddr));
}

static const struct syn_cookie_af cookie_v6_af = {
	.hash = cookie_v6_hash,
	.init_req = cookie_v6_init_req,
	.msstab = msstab6,
	.nmss = ARRAY_SIZE(msstab6),
};

u32 cookie_v6_init_sequence(const struct sk_buff *skb, u16 *mssp)
{
	return cookie_init_sequence(&cookie_v6_af, skb, mssp);
}

struct sock *cookie_v6_check(struct sock *lsk, struct sk_buff *skb)
{
	return cookie_tcp_check(&cookie_v6_af, lsk, skb);
}
