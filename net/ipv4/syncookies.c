// SPDX-License-Identifier: MIT
/*
 * SYN cookies (Linux's net/ipv4/syncookies.c): the SYN-ACK's sequence
 * number encodes the connection when the SYN queue is full, and the ACK
 * that echoes it rebuilds the request. The arithmetic is in
 * include/net/syncookies.h, the keyed hashes in net/core/secure_seq.c
 * (ChaCha20 under a boot-time secret). What differs per family (the hash
 * over its addresses, its MSS table, the request's addresses) is a
 * struct syn_cookie_af; the rest is here for IPv4 and IPv6
 * (net/ipv6/syncookies.c) alike. No state, so no locks: the listener's
 * lock is held by the callers for the child they make.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <net/tcp.h>
#include <net/secure_seq.h>
#include <net/syncookies.h>

/* Minutes since boot: the cookie's clock (Linux's tcp_cookie_time). */
static u32 tcp_cookie_time(void)
{
	return (u32)((u64)ktime_get() / ((u64)TCP_SYNCOOKIE_PERIOD_S * NSEC_PER_SEC));
}

/* The cookie ISN for the SYN in skb; *mssp becomes the table MSS it names. */
u32 cookie_init_sequence(const struct syn_cookie_af *af, const struct sk_buff *skb, u16 *mssp)
{
	u32 idx = syn_cookie_mss_index_tab(af->msstab, af->nmss, *mssp), count = tcp_cookie_time();

	*mssp = af->msstab[idx];
	return syn_cookie_make(af->hash(skb, 0, 0), af->hash(skb, count, 1),
			       TCP_SKB_CB(skb)->seq, count, idx);
}

/* The MSS the ACK's cookie names, or 0 if it is none of ours. */
static u16 cookie_check_mss(const struct syn_cookie_af *af, const struct sk_buff *skb)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u32 cookie = tcb->ack_seq - 1, sseq = tcb->seq - 1, count = tcp_cookie_time();
	u32 h0 = af->hash(skb, 0, 0), age, data;

	age = syn_cookie_age(cookie, h0, sseq, count);
	if (age >= MAX_SYNCOOKIE_AGE)
		return 0;
	data = syn_cookie_data(cookie, h0, af->hash(skb, count - age, 1), sseq);
	return data < af->nmss ? af->msstab[data] : 0;
}

/* Linux's tcp_synq_no_recent_overflow: cookies are only honoured within
 * two minutes of the last one sent (always with tcp_syncookies = 2). */
static bool tcp_synq_recent_overflow(const struct sock *lsk)
{
	unsigned long last = READ_ONCE(inet_csk(lsk)->icsk_accept_queue.synq_overflow_ts);

	if (READ_ONCE(sysctl_tcp_syncookies) == 2)
		return true;
	return last && time_before(jiffies, last + TCP_SYNCOOKIE_VALID_S * HZ);
}

/* The request the cookie stood for, on the caller's stack: the family's
 * addresses, the options the echoed timestamp carries. False if those
 * cannot be ours. */
static bool cookie_rebuild(const struct syn_cookie_af *af, struct tcp_request_sock *treq,
			   struct sock *lsk, const struct sk_buff *skb, u16 mss)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct inet_request_sock *ireq = &treq->req;
	struct request_sock *req = &ireq->req;
	const struct tcphdr *th = tcp_hdr(skb);
	bool wscale_ok = false, sack = false, ecn = false;
	u8 wscale = 0;

	memset(treq, 0, sizeof(*treq));
	req->__req_common.skc_family = lsk->sk_family;
	af->init_req(treq, skb);
	if (tcb->opts.saw_tstamp &&
	    !syn_cookie_ts_decode(tcb->opts.rcv_tsecr - treq->ts_off, &wscale_ok, &wscale, &sack, &ecn))
		return false;
	req->syncookie = 1;
	req->rsk_listener = lsk;
	req->ir_num = ntohs(th->dest);
	req->ir_rmt_port = th->source;
	req->ts_recent = tcb->opts.saw_tstamp ? tcb->opts.rcv_tsval : 0;
	ireq->mss = mss;
	ireq->tstamp_ok = tcb->opts.saw_tstamp;
	ireq->wscale_ok = wscale_ok;
	ireq->snd_wscale = wscale;
	ireq->sack_ok = sack && READ_ONCE(sysctl_tcp_sack);    /* Linux: refused when off */
	ireq->ir_iif = skb->skb_iif;
	treq->rcv_isn = tcb->seq - 1;
	treq->snt_isn = tcb->ack_seq - 1;
	return true;
}

struct sock *cookie_tcp_check(const struct syn_cookie_af *af, struct sock *lsk, struct sk_buff *skb)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct tcp_request_sock treq;
	struct sock *child;
	u16 mss;

	if (!READ_ONCE(sysctl_tcp_syncookies) || (tcb->tcp_flags & (TCPHDR_RST | TCPHDR_SYN)) ||
	    !(tcb->tcp_flags & TCPHDR_ACK) || !tcp_synq_recent_overflow(lsk))
		return NULL;
	mss = cookie_check_mss(af, skb);
	if (!mss || !cookie_rebuild(af, &treq, lsk, skb, mss)) {
		NET_INC_STATS(LINUX_MIB_SYNCOOKIESFAILED);
		return NULL;
	}
	NET_INC_STATS(LINUX_MIB_SYNCOOKIESRECV);
	child = tcp_v4_syn_recv_sock(lsk, skb, &treq.req.req);
	return child ? child : ERR_PTR(-EAGAIN);
}

/* ------------------------------------------------------------ IPv4 */

static u32 cookie_v4_hash(const struct sk_buff *skb, u32 count, int c)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);

	return secure_tcp_syn_cookie(iph->saddr, iph->daddr, th->source, th->dest, count, c);
}

/* The IPv4 addresses of the ACK's request (tcp_v4_init_req's). */
static void cookie_v4_init_req(struct tcp_request_sock *treq, const struct sk_buff *skb)
{
	struct request_sock *req = &treq->req.req;
	const struct iphdr *iph = ip_hdr(skb);

	req->ir_loc_addr = iph->daddr;
	req->ir_rmt_addr = iph->saddr;
	treq->ts_off = secure_tcp_ts_off(iph->daddr, iph->saddr);
}

static const struct syn_cookie_af cookie_v4_af = {
	.hash = cookie_v4_hash,
	.init_req = cookie_v4_init_req,
	.msstab = syn_cookie_msstab,
	.nmss = SYN_COOKIE_NMSS,
};

u32 cookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp)
{
	return cookie_init_sequence(&cookie_v4_af, skb, mssp);
}

struct sock *cookie_v4_check(struct sock *lsk, struct sk_buff *skb)
{
	return cookie_tcp_check(&cookie_v4_af, lsk, skb);
}
