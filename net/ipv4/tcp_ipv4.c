// SPDX-License-Identifier: MIT
/*
 * TCP over IPv4: segment arrival from IP (tcp_v4_rcv), socket lookup,
 * resets and TIME_WAIT ACKs, passive opens (a request sock per SYN, the
 * child socket at the handshake's ACK; Documentation/syncookies.md),
 * active opens, ICMP errors, /proc/net/tcp{,6} and struct proto tcp_prot.
 * AF_INET6 sockets share all of it through IPv4-mapped addresses; native
 * IPv6 reaches the shared code through the af ops (ipv4_specific here,
 * ipv6_specific in net/ipv6/tcp_ipv6.c).
 *
 * tcp_v4_rcv runs in NET_RX softirq. It takes one ehash (or lhash)
 * bucket lock for the lookup, then the socket's bh_lock_sock: a socket a
 * process owns gets the segment on its backlog instead. Lock order:
 * listener's bh_lock_sock -> new child's lock -> bucket locks -> listener
 * accept_queue.lock (include/net/tcp.h).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/random.h>
#include <net/tcp.h>
#include <net/secure_seq.h>
#include <net/protocol.h>
#include <net/syncookies.h>
#include <net/icmp.h>
#include <net/ipv6.h>
#include <shoal/checksum.h>

/* Pseudo-header sum in th->check, the rest left to the device or IP
 * (Linux's convention for CHECKSUM_PARTIAL). */
static void __tcp_v4_send_check(struct sk_buff *skb, __be32 saddr, __be32 daddr)
{
	struct tcphdr *th = tcp_hdr(skb);

	th->check = ~csum_tcpudp_magic(saddr, daddr, skb->len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = __builtin_offsetof(struct tcphdr, check);
}

void tcp_v4_send_check(struct sock *sk, struct sk_buff *skb)
{
	__tcp_v4_send_check(skb, inet_sk(sk)->inet_saddr, sk->sk_daddr);
}

/* ---------------------------------------------------------- resets */

/* A bare segment in answer to skb (RST or TIME_WAIT ACK), sent without a socket. */
struct sk_buff *tcp_v4_reply_skb(const struct sk_buff *skb, int optlen)
{
	const struct tcphdr *th = tcp_hdr(skb);
	struct sk_buff *n = tcp_alloc_skb(0, GFP_ATOMIC);
	struct tcphdr *rth;

	if (!n)
		return NULL;
	rth = __skb_push(n, sizeof(*rth) + optlen);
	skb_reset_transport_header(n);
	memset(rth, 0, sizeof(*rth));
	rth->source = th->dest;
	rth->dest = th->source;
	rth->doff = (sizeof(*rth) + optlen) / 4;
	return n;
}

static void tcp_v4_reply_send(struct sk_buff *n, const struct sk_buff *skb, const struct sock *sk)
{
	const struct iphdr *iph = ip_hdr(skb);

	__tcp_v4_send_check(n, iph->daddr, iph->saddr);
	TCP_INC_STATS(TCP_MIB_OUTSEGS);
	ip_build_and_send_pkt(n, sk, iph->daddr, iph->saddr, IPPROTO_TCP);
}

/* RFC 793 "Reset Generation", either family: seq from the offending ACK,
 * else an ACK of it; all but the checksum. NULL for a reset or without
 * memory. Counted in OutRsts. */
struct sk_buff *tcp_make_reset(const struct sk_buff *skb)
{
	const struct tcphdr *th = tcp_hdr(skb);
	struct sk_buff *n;
	struct tcphdr *rth;

	if (th->rst)
		return NULL;
	n = tcp_v4_reply_skb(skb, 0);
	if (!n)
		return NULL;
	rth = tcp_hdr(n);
	rth->rst = 1;
	if (th->ack) {
		rth->seq = th->ack_seq;
	} else {
		rth->ack = 1;
		rth->ack_seq = htonl(TCP_SKB_CB(skb)->end_seq);
	}
	TCP_INC_STATS(TCP_MIB_OUTRSTS);
	return n;
}

void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff *n = tcp_make_reset(skb);

	if (n)
		tcp_v4_reply_send(n, skb, NULL);
}

/* The ACK a TIME_WAIT minisock sends in reply to skb, either family: all
 * but the checksum; NULL without memory. */
struct sk_buff *tcp_make_tw_ack(const struct inet_timewait_sock *tw, const struct sk_buff *skb)
{
	struct sk_buff *n = tcp_v4_reply_skb(skb, tw->tw_tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0);
	struct tcphdr *rth;

	if (!n)
		return NULL;
	rth = tcp_hdr(n);
	rth->ack = 1;
	rth->seq = htonl(tw->tw_snd_nxt);
	rth->ack_seq = htonl(tw->tw_rcv_nxt);
	rth->window = htons(tw->tw_rcv_wnd);
	if (tw->tw_tstamp_ok) {
		struct tcp_out_opts o = { .ts = 1, .tsval = tcp_time_stamp_ms() + tw->tw_ts_offset,
					  .tsecr = tw->tw_ts_recent };

		tcp_write_opts((u8 *)(rth + 1), &o);
	}
	return n;
}

static void tcp_v4_tw_ack(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	struct sk_buff *n = tcp_make_tw_ack(tw, skb);

	if (n)
		tcp_v4_reply_send(n, skb, NULL);
}

/* --------------------------------------------------- passive open */

unsigned long sysctl_tcp_syncookies = 1;
unsigned long sysctl_tcp_synack_retries = TCP_SYNACK_RETRIES;
unsigned long sysctl_tcp_max_syn_backlog = TCP_MAX_SYN_BACKLOG;
unsigned long sysctl_tcp_abort_on_overflow;

/* The SYN-ACK of req, built from the request alone (no socket): all but
 * the checksum, which is the network protocol's. */
struct sk_buff *tcp_make_synack(const struct request_sock *req)
{
	const struct inet_request_sock *ireq = inet_rsk(req);
	const struct tcp_request_sock *treq = tcp_rsk(req);
	struct tcp_out_opts o = { .mss = ireq->advmss, .ws = ireq->wscale_ok,
				  .wscale = ireq->rcv_wscale, .ts = ireq->tstamp_ok,
				  .sack_perm = ireq->sack_ok };
	struct sk_buff *n;
	struct tcphdr *th;
	int hlen;

	if (ireq->tstamp_ok) {
		o.tsval = tcp_time_stamp_ms();
		if (req->syncookie)
			o.tsval = syn_cookie_ts(o.tsval, syn_cookie_ts_options(ireq->wscale_ok,
						ireq->snd_wscale, ireq->sack_ok, ireq->ecn_ok));
		o.tsval += treq->ts_off;
		o.tsecr = req->ts_recent;
	}
	if (treq->tfo_cookie_len >= 0 && !req->syncookie) {
		o.fo = 1;
		o.fo_len = treq->tfo_cookie_len;
		memcpy(o.fo_cookie, treq->tfo_cookie, o.fo_len);
	}
	hlen = sizeof(*th) + tcp_opts_size(&o);
	n = tcp_alloc_skb(0, GFP_ATOMIC);
	if (!n)
		return NULL;
	th = __skb_push(n, hlen);
	skb_reset_transport_header(n);
	memset(th, 0, sizeof(*th));
	th->source = htons(req->ir_num);
	th->dest = req->ir_rmt_port;
	th->seq = htonl(treq->snt_isn);
	th->ack_seq = htonl(treq->rcv_nxt);
	((u16 *)th)[6] = htons(((hlen >> 2) << 12) | TCPHDR_SYN | TCPHDR_ACK);
	th->window = htons(min_t(u32, req->rsk_rcv_wnd, 65535U));
	tcp_write_opts((u8 *)(th + 1), &o);
	return n;
}

int tcp_v4_send_synack(const struct request_sock *req)
{
	struct sk_buff *n = tcp_make_synack(req);

	if (!n)
		return -ENOBUFS;
	__tcp_v4_send_check(n, req->ir_loc_addr, req->ir_rmt_addr);
	TCP_INC_STATS(TCP_MIB_OUTSEGS);
	return ip_build_and_send_pkt(n, NULL, req->ir_loc_addr, req->ir_rmt_addr, IPPROTO_TCP) < 0 ?
	       -ENOBUFS : 0;
}

/* Our MSS and receive window for a connection to the SYN's sender over
 * a path of mtu (the network header's length is the request's af's):
 * what tcp_create_openreq_child will compute for the child, which is a
 * clone of lsk (tcp_select_initial_window). */
void tcp_openreq_init_rwin(struct request_sock *req, const struct sock *lsk, unsigned int mtu)
{
	struct inet_request_sock *ireq = inet_rsk(req);
	const struct tcp_sock *ltp = tcp_sk(lsk);
	int space = tcp_space(lsk);

	ireq->advmss = min_t(unsigned int, mtu - tcp_req_af_ops(req)->net_header_len -
			     sizeof(struct tcphdr), 65535);
	if (ltp->user_mss && ltp->user_mss < ireq->advmss)
		ireq->advmss = ltp->user_mss;
	ireq->rcv_wscale = 0;
	if (ireq->wscale_ok)
		ireq->rcv_wscale = tcp_select_wscale(lsk->sk_userlocks & SOCK_RCVBUF_LOCK ? space :
						     max(TCP_RMEM_MAX, lsk->sk_rcvbuf));
	req->rsk_rcv_wnd = min_t(u32, space, 65535U);
}

/* The path MTU to an IPv4 request's peer (576 without a route). */
static unsigned int tcp_v4_req_mtu(const struct request_sock *req)
{
	struct rtable *rt = ip_route_output(req->ir_rmt_addr, req->ir_loc_addr, 0);

	return IS_ERR(rt) ? 576 : dst_mtu(&rt->dst);
}

/* A request for the SYN in skb (Linux's tcp_openreq_init and
 * tcp_v4_init_req): addresses, the peer's ISN and options, ours. */
static void tcp_v4_init_req(struct request_sock *req, const struct sock *lsk, const struct sk_buff *skb)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct inet_request_sock *ireq = inet_rsk(req);
	struct tcp_request_sock *treq = tcp_rsk(req);
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	u16 mss = tcb->opts.mss ? tcb->opts.mss : TCP_MSS_DEFAULT;

	req->ir_loc_addr = iph->daddr;
	req->ir_rmt_addr = iph->saddr;
	req->ir_num = ntohs(th->dest);
	req->ir_rmt_port = th->source;
	if (lsk->sk_family == AF_INET6) {
		ipv6_addr_set_v4mapped(iph->daddr, &req->__req_common.skc_v6_rcv_saddr);
		ipv6_addr_set_v4mapped(iph->saddr, &req->__req_common.skc_v6_daddr);
	}
	req->ts_recent = tcb->opts.saw_tstamp ? tcb->opts.rcv_tsval : 0;
	if (tcp_sk(lsk)->user_mss && tcp_sk(lsk)->user_mss < mss)
		mss = tcp_sk(lsk)->user_mss;
	ireq->mss = mss;
	ireq->tstamp_ok = tcb->opts.saw_tstamp;
	ireq->wscale_ok = tcb->opts.wscale_ok;
	ireq->snd_wscale = tcb->opts.wscale_ok ? tcb->opts.snd_wscale : 0;
	ireq->sack_ok = tcb->opts.sack_ok && READ_ONCE(sysctl_tcp_sack);
	ireq->ir_iif = skb->skb_iif;
	treq->rcv_isn = tcb->seq;
	treq->rcv_nxt = tcb->seq + 1;
	treq->tfo_cookie_len = -1;
	treq->snt_isn = secure_tcp_seq(iph->daddr, iph->saddr, th->dest, th->source);
	treq->ts_off = secure_tcp_ts_off(iph->daddr, iph->saddr);
	treq->snt_synack = tcp_time_stamp_ms();
	tcp_openreq_init_rwin(req, lsk, tcp_v4_req_mtu(req));
}

/* SYN queue full (or tcp_syncookies = 2): cookies or a drop, logged once
 * per listener as Linux's tcp_syn_flood_action. */
bool tcp_syn_flood_action(struct sock *sk)
{
	struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;
	unsigned long cookies = READ_ONCE(sysctl_tcp_syncookies);

	if (cookies)
		NET_INC_STATS(LINUX_MIB_TCPREQQFULLDOCOOKIES);
	else
		NET_INC_STATS(LINUX_MIB_TCPREQQFULLDROP);
	if (!q->synflood_warned && cookies != 2) {
		q->synflood_warned = 1;
		pr_info("TCP: Possible SYN flooding on port %u. %s.  Check SNMP counters.\n",
			sk->sk_num, cookies ? "Sending cookies" : "Dropping request");
	}
	return cookies != 0;
}

/* A cookie's request without timestamps has nothing to carry the SYN's
 * options in: none (Linux clears them), and the window chosen again for
 * the path MTU the family's req_mtu gives. */
void tcp_cookie_req_trim(struct request_sock *req, const struct sock *lsk,
			 unsigned int (*req_mtu)(const struct request_sock *req))
{
	struct inet_request_sock *ireq = inet_rsk(req);

	if (ireq->tstamp_ok)
		return;
	ireq->wscale_ok = ireq->sack_ok = 0;
	ireq->snd_wscale = 0;
	tcp_openreq_init_rwin(req, lsk, req_mtu(req));
}

/* A cookie's SYN-ACK went out (err 0) or not: cookies are now honoured
 * at lsk for a while (tcp_synq_overflow). */
void tcp_cookie_sent(struct sock *lsk, int err)
{
	WRITE_ONCE(inet_csk(lsk)->icsk_accept_queue.synq_overflow_ts, jiffies);
	if (!err)
		NET_INC_STATS(LINUX_MIB_SYNCOOKIESSENT);
}

/* Answer the SYN with a cookie: no state kept (Linux's want_cookie path). */
static void tcp_v4_send_cookie(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_request_sock treq;
	struct request_sock *req = &treq.req.req;
	struct inet_request_sock *ireq = &treq.req;

	memset(&treq, 0, sizeof(treq));
	req->syncookie = 1;
	tcp_v4_init_req(req, sk, skb);
	tcp_cookie_req_trim(req, sk, tcp_v4_req_mtu);
	treq.snt_isn = cookie_v4_init_sequence(skb, &ireq->mss);
	tcp_cookie_sent(sk, tcp_v4_send_synack(req));
}

/* Fast Open (tcp_fastopen.c): true when the SYN made a child, which
 * then took the data and got its SYN-ACK; otherwise req carries the
 * cookie, if any, for its SYN-ACK. Consumes the caller's req reference
 * on true. */
static bool tcp_v4_conn_fastopen(struct sock *sk, struct sk_buff *skb, struct request_sock *req)
{
	struct tcp_fastopen_cookie foc;
	struct sock *child;

	tcp_fastopen_opt_get(skb, &foc);
	child = tcp_try_fastopen(sk, skb, req, &foc);
	if (!child)
		return false;
	tcp_v4_send_synack(req);
	bh_unlock_sock(child);
	reqsk_put(req);
	return true;
}

/* A SYN to a listener: a request sock and a SYN-ACK (Linux's
 * tcp_conn_request). Called with the listener bh-locked or owned. */
static void __tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	unsigned long cookies = READ_ONCE(sysctl_tcp_syncookies);
	unsigned long max_syn = READ_ONCE(sysctl_tcp_max_syn_backlog);
	struct request_sock *req;
	bool want_cookie = false;

	sock_owned_by_me(sk);

	if (cookies == 2 || inet_csk_reqsk_queue_is_full(sk)) {
		want_cookie = tcp_syn_flood_action(sk);
		if (!want_cookie)
			goto drop;
	}
	if (inet_csk_acceptq_is_full(sk)) {
		inet_csk_listen_overflow(sk);
		return;
	}
	if (want_cookie) {
		tcp_v4_send_cookie(sk, skb);
		return;
	}
	/* without cookies, keep the last quarter of the queue for peers
	 * already known (Linux's tcp_max_syn_backlog rule) */
	if (!cookies && (long)max_syn - READ_ONCE(inet_csk(sk)->icsk_accept_queue.syn_qlen) <
	    (long)(max_syn >> 2))
		goto drop;
	req = reqsk_alloc(sk);
	if (!req)
		goto drop;
	tcp_v4_init_req(req, sk, skb);
	if (tcp_v4_conn_fastopen(sk, skb, req))
		return;
	if (!inet_csk_reqsk_queue_hash_add(sk, req)) {
		reqsk_put(req);         /* the same SYN raced in on another CPU */
		goto drop;
	}
	tcp_v4_send_synack(req);
	reqsk_put(req);
	return;
drop:
	NET_INC_STATS(LINUX_MIB_LISTENDROPS);
}

/* BHs off as for a child (tcp_v4_hnd_req): the SYN-ACK's answer runs
 * after we are done with the listener. */
int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	local_bh_disable();
	__tcp_v4_conn_request(sk, skb);
	local_bh_enable();
	return 0;
}

/* The accept queue is full at the handshake's ACK: drop it (the peer
 * retries on our next SYN-ACK), or reset with tcp_abort_on_overflow. */
struct sock *tcp_v4_syn_recv_overflow(struct sock *lsk, struct request_sock *req)
{
	inet_csk_listen_overflow(lsk);
	if (!READ_ONCE(sysctl_tcp_abort_on_overflow))
		return NULL;
	if (!req->syncookie)
		inet_csk_reqsk_queue_drop(req);
	return ERR_PTR(-ECONNRESET);
}

/* The child owns the port too (Linux's __inet_inherit_port). */
void tcp_v4_inherit_port(struct sock *child)
{
	struct inet_bind_bucket *b = inet_bhash_bucket(child->sk_num);

	spin_lock_bh(&b->lock);
	hlist_add_head(&child->sk_bind_node, &b->owners);
	spin_unlock_bh(&b->lock);
}

/* Put the new child on lsk's syn list (counted in syn_qlen); the
 * hashdance moves it on when the ACK has been processed. */
void tcp_v4_queue_child(struct sock *lsk, struct sock *child)
{
	struct inet_accept_queue *q = &inet_csk(lsk)->icsk_accept_queue;

	spin_lock_bh(&q->lock);
	list_add_tail(&inet_csk(child)->icsk_queue_node, &q->syn_list);
	inet_csk(child)->icsk_queued = ICSK_Q_SYN;
	inet_csk(child)->icsk_listener = lsk;
	q->syn_qlen++;
	sock_hold(lsk);
	spin_unlock_bh(&q->lock);
}

/* A child that could not be hashed: undo tcp_create_openreq_child. */
static void tcp_v4_child_abort(struct sock *child)
{
	inet_put_port(child);
	bh_unlock_sock(child);
	sock_set_flag(child, SOCK_DEAD);
	sock_put(child);
	sock_put(child);
}

struct sock *tcp_v4_fastopen_child(struct sock *lsk, struct request_sock *req)
{
	struct sock *child = tcp_create_openreq_child(lsk, req);

	if (!child)
		return NULL;
	tcp_v4_inherit_port(child);
	if (!inet_ehash_insert(child)) {
		tcp_v4_child_abort(child);
		return NULL;
	}
	TCP_INC_STATS(TCP_MIB_PASSIVEOPENS);
	return child;
}

struct sock *tcp_v4_syn_recv_sock(struct sock *lsk, struct sk_buff *skb, struct request_sock *req)
{
	struct sock *child;
	bool hashed;

	if (inet_csk_acceptq_is_full(lsk))
		return tcp_v4_syn_recv_overflow(lsk, req);
	child = tcp_create_openreq_child(lsk, req);
	if (!child) {
		NET_INC_STATS(LINUX_MIB_LISTENDROPS);
		return NULL;
	}
	tcp_v4_inherit_port(child);
	hashed = req->syncookie ? inet_ehash_insert(child) : inet_ehash_swap_req(req, child);
	if (!hashed) {
		/* the request died meanwhile, or a cookie's tuple is taken */
		tcp_v4_child_abort(child);
		return NULL;
	}
	if (!req->syncookie)
		inet_csk_reqsk_queue_forget(req);
	tcp_v4_queue_child(lsk, child);
	TCP_INC_STATS(TCP_MIB_PASSIVEOPENS);
	return child;
}

/* The child the handshake's ACK made: it takes the ACK (which completes
 * the hashdance) and whatever data came with it. */
static void tcp_v4_child_process(struct sock *child, struct sk_buff *skb)
{
	tcp_v4_do_rcv(child, skb);
	bh_unlock_sock(child);
}

/* A segment for a socket other than the listener that the ACK's lookup
 * found: a child an earlier ACK made, or a TIME_WAIT minisock. */
static void tcp_v4_hnd_other(struct sock *nsk, struct sk_buff *skb)
{
	if (nsk->sk_state == TCP_TIME_WAIT) {
		inet_twsk_put(inet_twsk(&nsk->__sk_common));
		kfree_skb(skb);
		return;
	}
	bh_lock_sock_nested(nsk);
	if (!sock_owned_by_user(nsk))
		tcp_v4_do_rcv(nsk, skb);
	else if (sk_add_backlog(nsk, skb, tcp_backlog_limit(nsk)))
		kfree_skb(skb);
	bh_unlock_sock(nsk);
	sock_put(nsk);
}

/* The established-table entry (held) for a segment to a listener, by the
 * segment's network protocol, or NULL. */
static struct sock *tcp_hnd_lookup(const struct sk_buff *skb, const struct tcphdr *th)
{
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *hdr = ipv6_hdr(skb);

		return inet6_lookup_established(&hdr->saddr, th->source, &hdr->daddr,
						ntohs(th->dest));
	}
	return inet_lookup_established(ip_hdr(skb)->saddr, th->source, ip_hdr(skb)->daddr,
				       ntohs(th->dest));
}

/* The request sock's child for an ACK, an error, or for an ACK no request
 * claims the child a SYN cookie makes (the segment's family's). */
static struct sock *tcp_hnd_child(struct sock *sk, struct sk_buff *skb, struct sock *nsk)
{
	struct request_sock *req;
	struct sock *child;

	if (!nsk) {
		child = tcp_skb_af_ops(skb)->cookie_check(sk, skb);
		return child ? child : ERR_PTR(-ENOENT);
	}
	req = inet_reqsk(&nsk->__sk_common);
	child = req->rsk_listener == sk ? tcp_check_req(sk, skb, req) : ERR_PTR(-ENOENT);
	reqsk_put(req);
	return child;
}

/*
 * A segment of either family to listener sk (bh-locked or owned) that may
 * belong to a request sock, a child an earlier ACK made, or a SYN cookie.
 * 1: no connection, the caller resets; 0: consumed; -1: none of those,
 * the listener's own state machine takes it (a new SYN). BHs stay off
 * while a child is locked: from release_sock's backlog run (process
 * context) our own answer would otherwise come back on this CPU under the
 * child's lock.
 */
static int tcp_v4_hnd_req(struct sock *sk, struct sk_buff *skb)
{
	u8 f = TCP_SKB_CB(skb)->tcp_flags;
	struct sock *nsk, *child;
	int ret = 0;

	nsk = tcp_hnd_lookup(skb, tcp_hdr(skb));
	if (!nsk && (!(f & TCPHDR_ACK) || (f & (TCPHDR_SYN | TCPHDR_RST))))
		return -1;
	local_bh_disable();
	if (nsk && nsk->sk_state != TCP_NEW_SYN_RECV) {
		tcp_v4_hnd_other(nsk, skb);
		goto out;
	}
	child = tcp_hnd_child(sk, skb, nsk);
	if (IS_ERR(child) && PTR_ERR(child) != -EAGAIN) {
		ret = 1;
		goto out;
	}
	if (IS_ERR_OR_NULL(child))
		kfree_skb(skb);
	else
		tcp_v4_child_process(child, skb);
out:
	local_bh_enable();
	return ret;
}

/* --------------------------------------------------- active open */

/* The SYN; with TCP_FASTOPEN_CONNECT and no cookie yet it asks for one. */
static int tcp_v4_connect_syn(struct sock *sk)
{
	struct tcp_fastopen_request fo = { .cookie.len = -1 };
	struct tcp_sock *tp = tcp_sk(sk);
	int err;

	if (!tp->fastopen_connect || tp->fastopen_req)
		return tcp_connect(sk);
	tp->fastopen_req = &fo;
	err = tcp_connect(sk);
	tp->fastopen_req = NULL;
	return err;
}

int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct tcp_sock *tp = tcp_sk(sk);
	__be32 daddr;
	__be16 dport;
	int err;

	err = inet_parse_sockaddr(sk, uaddr, addr_len, &daddr, &dport, false);
	if (err)
		return err;
	/* 0.0.0.0 is this host, as routing takes it: the bound source, else
	 * the loopback. The peer must be that address, not 0, so the SYN-ACK
	 * (from it) matches this socket. */
	if (!daddr)
		daddr = inet_sk(sk)->inet_saddr ? inet_sk(sk)->inet_saddr
						: htonl(INADDR_LOOPBACK);
	err = inet_route_connect(sk, daddr);
	if (err)
		return err;
	sk->sk_daddr = daddr;
	sk->sk_dport = dport;
	if (sk->sk_family == AF_INET6) {
		ipv6_addr_set_v4mapped(daddr, &sk->sk_v6_daddr);
		ipv6_addr_set_v4mapped(sk->sk_rcv_saddr, &sk->sk_v6_rcv_saddr);
	}
	tcp_set_state(sk, TCP_SYN_SENT);
	err = inet_hash_connect(sk);
	if (err) {
		tcp_set_state(sk, TCP_CLOSE);
		sk->sk_daddr = 0;
		sk->sk_dport = 0;
		return err;
	}
	tp->write_seq = secure_tcp_seq(sk->sk_rcv_saddr, sk->sk_daddr,
				       inet_sk(sk)->inet_sport, sk->sk_dport);
	tp->tsoffset = secure_tcp_ts_off(sk->sk_rcv_saddr, sk->sk_daddr);
	if (tcp_fastopen_defer_connect(sk, &err))
		return err;
	err = tcp_v4_connect_syn(sk);
	if (err) {
		tcp_set_state(sk, TCP_CLOSE);
		sk->sk_dport = 0;
	}
	return err;
}

/* ------------------------------------------------------- input */

/* A reset in answer to skb, by its network protocol: IPv4's called
 * directly, IPv6's through its af ops. */
static void tcp_skb_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IPV6) && tcp_ipv6_af_ops)
		tcp_ipv6_af_ops->send_reset(sk, skb);
	else
		tcp_v4_send_reset(sk, skb);
}

/* Process a segment for a socket we own (softirq with bh_lock_sock, or
 * the backlog at release_sock). Consumes skb. Both families' sockets
 * (tcp_prot and tcpv6_prot) and segments: what differs is reached by
 * skb->protocol only off the established path (listener, reset). */
int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	int ret = -1;

	tcp_sk(sk)->segs_in += max_t(u32, skb_shinfo(skb)->gso_segs, 1);
	if (sk->sk_state == TCP_LISTEN)
		ret = tcp_v4_hnd_req(sk, skb);
	if (ret < 0)
		ret = tcp_rcv_state_process(sk, skb);
	if (ret) {
		tcp_skb_send_reset(sk, skb);
		kfree_skb(skb);
	}
	return 0;
}

/* Fill TCP_SKB_CB from the header; false if the options are malformed. */
void tcp_v4_fill_cb(struct sk_buff *skb, const struct tcphdr *th)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	int doff = th->doff * 4;

	tcb->seq = ntohl(th->seq);
	tcb->end_seq = tcb->seq + th->syn + th->fin + skb->len - doff;
	tcb->ack_seq = ntohl(th->ack_seq);
	tcb->tcp_flags = tcp_flag_byte(th);
	tcb->sacked = 0;
	tcb->window = th->window;
	tcb->opts.saw_tstamp = 0;
	tcb->opts.mss = 0;
	if (doff > (int)sizeof(*th))
		tcp_parse_opts((const u8 *)(th + 1), doff - sizeof(*th), th->syn, &tcb->opts);
	else
		tcp_parse_opts(NULL, 0, th->syn, &tcb->opts);
}

/*
 * How much may wait on the backlog of a socket its owner is busy with,
 * counting what is already in its receive queue: Linux's tcp_add_backlog
 * limit (twice rcvbuf, half sndbuf, and 64 KiB so one full GSO packet
 * always fits). rcvbuf + sndbuf alone dropped whole 64 KiB packets from a
 * NIC's GRO while the reader was copying.
 */
unsigned int tcp_backlog_limit(const struct sock *sk)
{
	return 2U * (unsigned int)READ_ONCE(sk->sk_rcvbuf) +
	       (unsigned int)READ_ONCE(sk->sk_sndbuf) / 2 + 64 * 1024;
}

/*
 * The TCP header of an arriving segment of either family, pulled in whole,
 * the transport header set at it; NULL if malformed. skb->data at it.
 * Inlined into tcp_v4_rcv; tcp_v6_rcv calls tcp_pull_hdr.
 */
static __always_inline struct tcphdr *__tcp_pull_hdr(struct sk_buff *skb)
{
	struct tcphdr *th;

	if (!pskb_may_pull(skb, sizeof(struct tcphdr)))
		return NULL;
	th = (struct tcphdr *)skb->data;
	if (th->doff < sizeof(struct tcphdr) / 4 || !pskb_may_pull(skb, th->doff * 4))
		return NULL;
	skb_reset_transport_header(skb);
	return (struct tcphdr *)skb->data;
}

struct tcphdr *tcp_pull_hdr(struct sk_buff *skb)
{
	return __tcp_pull_hdr(skb);
}

/*
 * A segment of either family to sk (held, not TIME_WAIT; the reference
 * is dropped): processed now under bh_lock_sock, or on the backlog while
 * its owner is busy. A request sock's goes to its listener. Inlined into
 * tcp_v4_rcv (no call more per segment); tcp_v6_rcv calls tcp_rcv_sk.
 */
static __always_inline void __tcp_rcv_sk(struct sock *sk, struct sk_buff *skb)
{
	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		/* its listener checks it (tcp_v4_hnd_req), under its lock */
		struct request_sock *req = inet_reqsk(&sk->__sk_common);

		sk = req->rsk_listener;
		sock_hold(sk);
		reqsk_put(req);
	}
	bh_lock_sock(sk);
	if (sk->sk_state != TCP_LISTEN) { /* a listener's is SO_INCOMING_CPU's, as Linux */
		WRITE_ONCE(sk->sk_incoming_cpu, smp_processor_id());
		sk_mark_napi_id(sk, skb);
	}
	if (!sock_owned_by_user(sk)) {
		tcp_v4_do_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, tcp_backlog_limit(sk))) {
		NET_INC_STATS(LINUX_MIB_TCPBACKLOGDROP);
		kfree_skb(skb);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_rcv_sk(struct sock *sk, struct sk_buff *skb)
{
	__tcp_rcv_sk(sk, skb);
}

static void tcp_v4_timewait(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct sock *sk;

	switch (tcp_timewait_state_process(tw, skb)) {
	case TCP_TW_SYN:
		/* a new incarnation of the connection: to the listener */
		sk = inet_lookup_listener(iph->saddr, th->source, iph->daddr, ntohs(th->dest),
					  skb->skb_iif, skb);
		inet_twsk_deschedule_put(tw);
		if (sk) {
			__tcp_rcv_sk(sk, skb);
			return;
		}
		break;
	case TCP_TW_ACK:
		tcp_v4_tw_ack(tw, skb);
		inet_twsk_put(tw);
		break;
	case TCP_TW_RST:
		tcp_v4_send_reset(NULL, skb);
		inet_twsk_deschedule_put(tw);
		break;
	default:
		inet_twsk_put(tw);
	}
	kfree_skb(skb);
}

/* inet_protos[IPPROTO_TCP].handler: skb->data at the TCP header. */
int tcp_v4_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph;
	struct tcphdr *th;
	struct sock *sk;

	if (skb->pkt_type != PACKET_HOST)
		goto discard;
	TCP_INC_STATS(TCP_MIB_INSEGS);
	th = __tcp_pull_hdr(skb);
	if (!th)
		goto bad;
	iph = ip_hdr(skb);
	/* PARTIAL on input: a virtual NIC's peer left the checksum to a
	 * device that never existed; the data never left memory (as ICMP) */
	if (skb->ip_summed != CHECKSUM_UNNECESSARY && skb->ip_summed != CHECKSUM_PARTIAL &&
	    csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len, IPPROTO_TCP,
						   skb_checksum(skb, 0, skb->len, 0))) {
		TCP_INC_STATS(TCP_MIB_CSUMERRORS);
		goto bad;
	}
	tcp_v4_fill_cb(skb, th);
	__skb_pull(skb, th->doff * 4);

	sk = inet_lookup_established(iph->saddr, th->source, iph->daddr, ntohs(th->dest));
	if (!sk)
		sk = inet_lookup_listener(iph->saddr, th->source, iph->daddr, ntohs(th->dest),
					  skb->skb_iif, skb);
	if (!sk)
		goto no_tcp_socket;
	if (sk->sk_state == TCP_TIME_WAIT) {
		tcp_v4_timewait(inet_twsk(&sk->__sk_common), skb);
		return 0;
	}
	__tcp_rcv_sk(sk, skb);
	return 0;

no_tcp_socket:
	tcp_v4_send_reset(NULL, skb);
	goto discard;
bad:
	TCP_INC_STATS(TCP_MIB_INERRS);
discard:
	kfree_skb(skb);
	return 0;
}

/*
 * The path MTU fell to tp->mtu_info (Linux's tcp_v4_mtu_reduced): the
 * route learns it, and unless the socket ignores path MTU news the MSS
 * follows and what was sent larger goes again at the new size. The socket
 * is owned (ICMP in softirq, or tcp_release_cb).
 */
void tcp_v4_mtu_reduced(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	struct dst_entry *dst;
	u32 mtu;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE))
		return;
	mtu = READ_ONCE(tcp_sk(sk)->mtu_info);
	dst = inet_csk_update_pmtu(sk, mtu);
	if (!dst)
		return;
	/* the path drops what we send and we may not fragment: say so if
	 * the connection dies of it */
	if (mtu < ip_dst_pmtu(dst, inet->inet_daddr) && ip_dont_fragment(sk, inet->inet_daddr))
		WRITE_ONCE(sk->sk_err_soft, EMSGSIZE);
	mtu = ip_dst_pmtu(dst, inet->inet_daddr);
	if (inet->pmtudisc != IP_PMTUDISC_DONT && ip_sk_accept_pmtu(sk) &&
	    inet_csk(sk)->icsk_pmtu_cookie > mtu) {
		tcp_sync_mss(sk, mtu);
		tcp_simple_retransmit(sk);
	}       /* else the retransmission timer copes */
}

/* The path MTU fell (RFC 1191, RFC 8201): now, or at release_sock.
 * Either family. [bh_lock_sock] */
void tcp_mtu_needed(struct sock *sk, u32 mtu)
{
	if (sk->sk_state == TCP_LISTEN)
		return;
	WRITE_ONCE(tcp_sk(sk)->mtu_info, mtu);
	if (!sock_owned_by_user(sk))
		inet_csk(sk)->icsk_af_ops->mtu_reduced(sk);
	else if (!test_and_set_bit(ICSK_MTU_REDUCED_DEFERRED, &inet_csk(sk)->icsk_deferred))
		sock_hold(sk);
}

/*
 * What both families check of an ICMP error about sk's segment once the
 * socket is found (tcp_v4_err, tcp_v6_err): owned sockets count
 * LockDroppedIcmps (except for path MTU news, which is deferred); the
 * quoted sequence number must lie in [snd_una, snd_nxt] (else
 * OutOfWindowIcmps): a blind attacker cannot shrink or kill a
 * connection without guessing it. True if the error is to be acted on.
 * [bh_lock_sock]
 */
bool tcp_err_acceptable(struct sock *sk, u32 seq, bool pmtu)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if (sock_owned_by_user(sk) && !pmtu)
		NET_INC_STATS(LINUX_MIB_LOCKDROPPEDICMPS);
	if (sk->sk_state == TCP_CLOSE)
		return false;
	if (sk->sk_state != TCP_LISTEN && !between(tp->snd_una, seq, tp->snd_nxt)) {
		NET_INC_STATS(LINUX_MIB_OUTOFWINDOWICMPS);
		return false;
	}
	return true;
}

/* An error err for sk: an opening connection dies of it unless owned,
 * anything else keeps it as a soft error. [bh_lock_sock] */
void tcp_err_report(struct sock *sk, int err)
{
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV) && !sock_owned_by_user(sk)) {
		WRITE_ONCE(sk->sk_err, err);
		sk->sk_error_report(sk);
		tcp_done(sk);
	} else {
		WRITE_ONCE(sk->sk_err_soft, err);
	}
}

/*
 * The socket an ICMP error is about, held and bh-locked, or NULL when
 * there is none to tell (TIME_WAIT and request socks: their timers give
 * up in time). sk is what the lookup found.
 */
struct sock *tcp_err_lock_sock(struct sock *sk)
{
	if (!sk) {
		ICMP_INC_STATS(ICMP_MIB_INERRORS);
		return NULL;
	}
	if (sk->sk_state == TCP_TIME_WAIT) {
		inet_twsk_put(inet_twsk(&sk->__sk_common));
		return NULL;
	}
	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		reqsk_put(inet_reqsk(&sk->__sk_common));
		return NULL;
	}
	bh_lock_sock(sk);
	return sk;
}

/* ICMP error about a segment we sent: skb->data at the quoted IP header
 * and 8 bytes of TCP. */
int tcp_v4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + iph->ihl * 4);
	int type = (info >> 8) & 0xff, code = info & 0xff;
	bool frag = type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED;
	struct sock *sk;

	sk = tcp_err_lock_sock(inet_lookup_established(iph->daddr, th->dest, iph->saddr,
						       ntohs(th->source)));
	if (!sk)
		return 0;
	if (!tcp_err_acceptable(sk, ntohl(th->seq), frag))
		goto out;
	if (type != ICMP_DEST_UNREACH)  /* only destination unreachable */
		goto out;
	if (frag)
		tcp_mtu_needed(sk, info >> 16);
	else
		tcp_err_report(sk, code == 3 ? ECONNREFUSED : code == 0 ? ENETUNREACH :
			       EHOSTUNREACH);
out:
	bh_unlock_sock(sk);
	sock_put(sk);
	return 0;
}

/* proto->destroy: free what a dead socket still holds. Idempotent. */
void tcp_v4_destroy_sock(struct sock *sk)
{
	inet_csk_clear_xmit_timers(sk);
	tcp_write_queue_purge(sk);
	skb_queue_purge(&tcp_sk(sk)->out_of_order_queue);
	skb_queue_purge(&sk->sk_receive_queue);
	tcp_fastopen_child_done(sk);
	if (!hlist_unhashed(&sk->sk_bind_node))
		inet_put_port(sk);
	if (inet_csk(sk)->icsk_listener)
		inet_csk_unlink_child(sk);
}

/* ------------------------------------------------------- af ops */

static int tcp_v4_queue_xmit(struct sock *sk, struct sk_buff *skb)
{
	return ip_queue_xmit(sk, skb);
}

static unsigned int tcp_v4_dst_pmtu(const struct sock *sk, const struct dst_entry *dst)
{
	return ip_dst_pmtu(dst, inet_sk(sk)->inet_daddr);
}

static struct dst_entry *tcp_v4_route_req(const struct request_sock *req)
{
	struct rtable *rt = ip_route_output(req->ir_rmt_addr, req->ir_loc_addr, 0);

	return IS_ERR(rt) ? NULL : &rt->dst;
}

const struct inet_connection_sock_af_ops ipv4_specific = {
	.queue_xmit = tcp_v4_queue_xmit,
	.send_check = tcp_v4_send_check,
	.send_reset = tcp_v4_send_reset,
	.conn_request = tcp_v4_conn_request,
	.send_synack = tcp_v4_send_synack,
	.syn_recv_sock = tcp_v4_syn_recv_sock,
	.route_req = tcp_v4_route_req,
	.mtu_reduced = tcp_v4_mtu_reduced,
	.dst_pmtu = tcp_v4_dst_pmtu,
	.cookie_check = cookie_v4_check,
	.net_header_len = sizeof(struct iphdr),
};

const struct inet_connection_sock_af_ops *tcp_ipv6_af_ops;

/* ------------------------------------------------------- /proc */

struct tcp_proc_buf {
	char *buf;
	size_t size;
	int len;
	int sl;
};

static void tpb_printf(struct tcp_proc_buf *p, const char *fmt, ...) __printf(2, 3);
static void tpb_printf(struct tcp_proc_buf *p, const char *fmt, ...)
{
	va_list ap;
	size_t room = (size_t)p->len < p->size ? p->size - p->len : 0;

	va_start(ap, fmt);
	p->len += vsnprintf(room ? p->buf + p->len : NULL, room, fmt, ap);
	va_end(ap);
}

/* Pad the line to Linux's 149 columns (tcp4 only) and end it. */
static void tpb_endline(struct tcp_proc_buf *p, int start, bool pad)
{
	if (pad)
		while (p->len - start < 149)
			tpb_printf(p, " ");
	tpb_printf(p, "\n");
}

static void tpb_addr(struct tcp_proc_buf *p, bool v6, const struct in6_addr *a6, __be32 a4, u16 port)
{
	if (v6)
		tpb_printf(p, "%08X%08X%08X%08X:%04X", a6->s6_addr32[0], a6->s6_addr32[1],
			   a6->s6_addr32[2], a6->s6_addr32[3], port);
	else
		tpb_printf(p, "%08X:%04X", a4, port);
}

/* A timer's remaining time in clock_t ticks; an overdue one shows 0. */
static long timer_clock_t(ktime_t d)
{
	return d > 0 ? nsec_to_clock_t(d) : 0;
}

static void tcp_proc_sock(struct tcp_proc_buf *p, const struct sock *sk, bool v6)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tcp_sock *tp = tcp_sk(sk);
	int start = p->len, timer = 0, rx, tx;
	ktime_t when = 0, now = ktime_get();

	if (icsk->icsk_pending == ICSK_TIME_RETRANS || icsk->icsk_pending == ICSK_TIME_LOSS_PROBE) {
		timer = 1;
		when = icsk->icsk_timeout;
	} else if (icsk->icsk_pending == ICSK_TIME_PROBE0) {
		timer = 4;
		when = icsk->icsk_timeout;
	} else if (timer_pending(&sk->sk_timer)) {
		timer = 2;
		when = sk->sk_timer.expires;
	}
	if (sk->sk_state == TCP_LISTEN) {
		rx = READ_ONCE(sk->sk_ack_backlog);
		tx = READ_ONCE(sk->sk_max_ack_backlog);
	} else {
		rx = max_t(int, (int)(tp->rcv_nxt - tp->copied_seq), 0);
		tx = tp->write_seq - tp->snd_una;
	}
	tpb_printf(p, "%4d: ", p->sl++);
	tpb_addr(p, v6, &sk->sk_v6_rcv_saddr, sk->sk_rcv_saddr, sk->sk_num);
	tpb_printf(p, " ");
	tpb_addr(p, v6, &sk->sk_v6_daddr, sk->sk_daddr, ntohs(sk->sk_dport));
	tpb_printf(p, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %016lx %lu %lu %u %u %d",
		   sk->sk_state, tx, rx, timer, timer_clock_t(when - now), icsk->icsk_retransmits, 0,
		   icsk->icsk_probes_out, 0UL, atomic_read(&sk->sk_refcnt), 0UL,
		   (unsigned long)icsk->icsk_rto / 10000, (unsigned long)icsk->icsk_ack.ato / 10000,
		   (icsk->icsk_ack.quick << 1) | icsk->icsk_ack.pingpong, tp->snd_cwnd,
		   sk->sk_state == TCP_LISTEN ? 0 :
		   (tp->snd_ssthresh >= 0x7fffffff ? -1 : (int)tp->snd_ssthresh));
	tpb_endline(p, start, !v6);
}

static void tcp_proc_tw(struct tcp_proc_buf *p, struct inet_timewait_sock *tw, bool v6)
{
	int start = p->len;

	tpb_printf(p, "%4d: ", p->sl++);
	tpb_addr(p, v6, &tw->__tw_common.skc_v6_rcv_saddr, tw->tw_rcv_saddr, tw->tw_num);
	tpb_printf(p, " ");
	tpb_addr(p, v6, &tw->__tw_common.skc_v6_daddr, tw->tw_daddr, ntohs(tw->tw_dport));
	tpb_printf(p, " %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %016lx", tw->tw_substate, 0, 0, 3,
		   timer_clock_t(tw->tw_expires - ktime_get()), 0, 0, 0, 0,
		   atomic_read(&tw->tw_refcnt), 0UL);
	tpb_endline(p, start, !v6);
}

/* A request sock as Linux's get_openreq4: SYN_RECV, the SYN-ACK timer. */
static void tcp_proc_req(struct tcp_proc_buf *p, struct request_sock *req, bool v6)
{
	const struct sock_common *c = &req->__req_common;
	int start = p->len;

	tpb_printf(p, "%4d: ", p->sl++);
	tpb_addr(p, v6, &c->skc_v6_rcv_saddr, req->ir_loc_addr, req->ir_num);
	tpb_printf(p, " ");
	tpb_addr(p, v6, &c->skc_v6_daddr, req->ir_rmt_addr, ntohs(req->ir_rmt_port));
	tpb_printf(p, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %016lx", TCP_SYN_RECV, 0, 0, 1,
		   timer_clock_t(READ_ONCE(req->rsk_timer.expires) - ktime_get()),
		   READ_ONCE(req->num_timeout), 0, 0, 0, 0, 0UL);
	tpb_endline(p, start, !v6);
}

static int tcp_proc_show(char *buf, size_t size, int family)
{
	struct tcp_proc_buf p = { .buf = buf, .size = size };
	bool v6 = family == AF_INET6;
	struct sock_common *c;
	int i, start = 0;

	if (v6)
		tpb_printf(&p, "  sl  local_address                         remote_address                        "
			   "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
	else {
		tpb_printf(&p, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
		tpb_endline(&p, start, true);
	}
	for (i = 0; i < INET_LHTABLE_SIZE; i++) {
		struct inet_listen_bucket *b = &tcp_hashinfo.lhash[i];

		spin_lock_bh(&b->lock);
		hlist_for_each_entry(c, &b->head, skc_node)
			if (c->skc_family == family)
				tcp_proc_sock(&p, (struct sock *)c, v6);
		spin_unlock_bh(&b->lock);
	}
	for (i = 0; i < INET_EHASH_SIZE; i++) {
		struct inet_ehash_bucket *b = &tcp_hashinfo.ehash[i];

		if (!READ_ONCE(b->chain.first))
			continue;
		spin_lock_bh(&b->lock);
		hlist_for_each_entry(c, &b->chain, skc_node) {
			if (c->skc_family != family)
				continue;
			if (c->skc_state == TCP_TIME_WAIT)
				tcp_proc_tw(&p, inet_twsk(c), v6);
			else if (c->skc_state == TCP_NEW_SYN_RECV)
				tcp_proc_req(&p, inet_reqsk(c), v6);
			else
				tcp_proc_sock(&p, (struct sock *)c, v6);
		}
		spin_unlock_bh(&b->lock);
	}
	return p.len;
}

int tcp4_proc_show(char *buf, size_t size)
{
	return tcp_proc_show(buf, size, AF_INET);
}

int tcp6_proc_show(char *buf, size_t size)
{
	return tcp_proc_show(buf, size, AF_INET6);
}

static void tcp_v4_unhash(struct sock *sk)
{
	inet_unhash(sk);
}

struct proto tcp_prot = {
	.name           = "TCP",
	.obj_size       = sizeof(struct tcp_sock),
	.close          = tcp_close,
	.connect        = tcp_v4_connect,
	.disconnect     = tcp_disconnect,
	.accept         = inet_csk_accept,
	.ioctl          = tcp_ioctl,
	.init           = tcp_init_sock,
	.destroy        = tcp_v4_destroy_sock,
	.shutdown       = tcp_shutdown,
	.keepalive      = tcp_set_keepalive,
	.orphan_count   = &tcp_orphan_count,
	.setsockopt     = tcp_setsockopt,
	.getsockopt     = tcp_getsockopt,
	.sendmsg        = tcp_sendmsg,
	.recvmsg        = tcp_recvmsg,
	.backlog_rcv    = tcp_v4_do_rcv,
	.release_cb     = tcp_release_cb,
	.hash           = inet_hash,
	.unhash         = tcp_v4_unhash,
	.get_port       = inet_csk_get_port,
	.put_port       = inet_put_port,
};
