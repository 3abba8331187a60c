// SPDX-License-Identifier: MIT
/*
 * TCP over native IPv6 (Linux's net/ipv6/tcp_ipv6.c). The state machine,
 * timers, output and the hash tables are IPv4's (net/ipv4/tcp*.c,
 * inet_hashtables.c); what differs per network protocol is here and
 * reached through ipv6_specific (struct inet_connection_sock_af_ops):
 * the checksum over the IPv6 pseudo-header, transmission through
 * ip6_xmit, resets and TIME_WAIT ACKs, the passive open (request socks
 * with IPv6 addresses, hashed on them) and the active open.
 *
 * AF_INET6 stream sockets use tcpv6_prot, tcp_prot with tcp_v6_connect
 * and tcp_v6_do_rcv: both hand IPv4 (v4-mapped) work to IPv4's code, so
 * a dual-stack listener on [::] takes IPv4 and IPv6 connections alike.
 * A native socket keeps LOOPBACK4_IPV6 in its IPv4 address fields, as
 * Linux does, and is hashed on its IPv6 addresses.
 *
 * Not done: SYN cookies (a full SYN queue drops IPv6 SYNs, counted in
 * TCPReqQFullDrop and ListenDrops), ICMPv6 errors to TCP, TCP_MD5SIG.
 *
 * Locks: as tcp_ipv4.c. tcp_v6_rcv (NET_RX softirq) takes one ehash or
 * lhash bucket lock for the lookup, then the socket's bh_lock_sock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/random.h>
#include <net/tcp.h>
#include <net/secure_seq.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

struct proto tcpv6_prot;        /* tcp_prot with the two methods below: tcpv6_init */

/* IPv6 addresses folded for the IPv4-shaped sequence-number secrets. */
static __be32 ipv6_addr_fold32(const struct in6_addr *a)
{
	return a->s6_addr32[0] ^ a->s6_addr32[1] ^ a->s6_addr32[2] ^ a->s6_addr32[3];
}

static void __tcp_v6_send_check(struct sk_buff *skb, const struct in6_addr *saddr,
				const struct in6_addr *daddr)
{
	struct tcphdr *th = tcp_hdr(skb);

	th->check = ~csum_ipv6_magic(saddr, daddr, skb->len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
}

static void tcp_v6_send_check(struct sock *sk, struct sk_buff *skb)
{
	__tcp_v6_send_check(skb, &sk->sk_v6_rcv_saddr, &sk->sk_v6_daddr);
}

/* queue_xmit: the cached route (re-looked-up when obsolete), ip6_xmit. */
static int inet6_csk_xmit(struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst = READ_ONCE(sk->sk_dst_cache);
	struct in6_addr saddr = sk->sk_v6_rcv_saddr;
	struct rt6_info *rt;

	if (!dst_check(dst)) {
		rt = ip6_route_output(&sk->sk_v6_daddr, &saddr, sk->sk_bound_dev_if);
		if (IS_ERR(rt)) {
			IP6_INC_STATS(IPSTATS6_OUTNOROUTES);
			WRITE_ONCE(sk->sk_err_soft, EHOSTUNREACH);
			kfree_skb(skb);
			return -EHOSTUNREACH;
		}
		dst = &rt->dst;
		WRITE_ONCE(sk->sk_dst_cache, dst);
	}
	skb_dst_set(skb, dst);
	return ip6_xmit(sk, skb, &sk->sk_v6_rcv_saddr, &sk->sk_v6_daddr, IPPROTO_TCP,
			ip6_sk_hop_limit(sk), inet_sk(sk)->ipv6_tclass);
}

/* A segment built without a socket (reset, TIME_WAIT ACK, SYN-ACK) from
 * saddr to daddr; consumes n. 0 or -errno. */
static int tcp_v6_send_bare(struct sk_buff *n, const struct in6_addr *saddr,
			    const struct in6_addr *daddr)
{
	struct in6_addr src = *saddr;
	struct rt6_info *rt = ip6_route_output(daddr, &src, 0);

	if (IS_ERR(rt)) {
		kfree_skb(n);
		return PTR_ERR(rt);
	}
	__tcp_v6_send_check(n, &src, daddr);
	TCP_INC_STATS(TCP_MIB_OUTSEGS);
	skb_dst_set(n, &rt->dst);
	return ip6_xmit(NULL, n, &src, daddr, IPPROTO_TCP, IPV6_DEFAULT_HOPLIMIT, 0);
}

/* ---------------------------------------------------------- resets */

/* RFC 793 "Reset Generation", as tcp_v4_send_reset, for an IPv6 segment. */
static void tcp_v6_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	struct sk_buff *n;
	struct tcphdr *rth;

	if (skb->protocol != htons(ETH_P_IPV6)) {
		tcp_v4_send_reset(sk, skb);
		return;
	}
	if (th->rst || ipv6_addr_is_multicast(&hdr->daddr))
		return;
	n = tcp_v4_reply_skb(skb, 0);
	if (!n)
		return;
	rth = tcp_hdr(n);
	rth->rst = 1;
	if (th->ack) {
		rth->seq = th->ack_seq;
	} else {
		rth->ack = 1;
		rth->ack_seq = htonl(TCP_SKB_CB(skb)->end_seq);
	}
	TCP_INC_STATS(TCP_MIB_OUTRSTS);
	tcp_v6_send_bare(n, &hdr->daddr, &hdr->saddr);
}

/* An ACK for a TIME_WAIT minisock (in reply to skb). */
static void tcp_v6_tw_ack(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	struct sk_buff *n = tcp_v4_reply_skb(skb, tw->tw_tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0);
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	struct tcphdr *rth;

	if (!n)
		return;
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
	tcp_v6_send_bare(n, &hdr->daddr, &hdr->saddr);
}

/* --------------------------------------------------- passive open */

static int tcp_v6_send_synack(const struct request_sock *req)
{
	struct sk_buff *n = tcp_make_synack(req);

	if (!n)
		return -ENOBUFS;
	return tcp_v6_send_bare(n, &req->__req_common.skc_v6_rcv_saddr,
				&req->__req_common.skc_v6_daddr) < 0 ? -ENOBUFS : 0;
}

static struct dst_entry *tcp_v6_route_req(const struct request_sock *req)
{
	struct in6_addr saddr = req->__req_common.skc_v6_rcv_saddr;
	struct rt6_info *rt = ip6_route_output(&req->__req_common.skc_v6_daddr, &saddr, 0);

	return IS_ERR(rt) ? NULL : &rt->dst;
}

/* A request for the IPv6 SYN in skb, as tcp_v4_init_req. */
static void tcp_v6_init_req(struct request_sock *req, const struct sock *lsk,
			    const struct sk_buff *skb)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct inet_request_sock *ireq = inet_rsk(req);
	struct tcp_request_sock *treq = tcp_rsk(req);
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	__be32 l4 = ipv6_addr_fold32(&hdr->daddr), r4 = ipv6_addr_fold32(&hdr->saddr);
	u16 mss = tcb->opts.mss ? tcb->opts.mss : TCP_MSS_DEFAULT;
	struct dst_entry *dst;

	req->__req_common.skc_v6_rcv_saddr = hdr->daddr;
	req->__req_common.skc_v6_daddr = hdr->saddr;
	req->ir_loc_addr = req->ir_rmt_addr = htonl(LOOPBACK4_IPV6);
	req->ir_num = ntohs(th->dest);
	req->ir_rmt_port = th->source;
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
	treq->tfo_cookie_len = -1;      /* Fast Open is IPv4 only */
	treq->snt_isn = secure_tcp_seq(l4, r4, th->dest, th->source);
	treq->ts_off = secure_tcp_ts_off(l4, r4);
	treq->snt_synack = tcp_time_stamp_ms();
	dst = tcp_v6_route_req(req);
	tcp_openreq_init_rwin(req, lsk, dst ? dst_mtu(dst) : IPV6_MIN_MTU);
}

/* A SYN to a listener (bh-locked or owned), as __tcp_v4_conn_request
 * without cookies: a full SYN queue drops the SYN. */
static void __tcp_v6_conn_request(struct sock *sk, struct sk_buff *skb)
{
	unsigned long max_syn = READ_ONCE(sysctl_tcp_max_syn_backlog);
	struct request_sock *req;

	sock_owned_by_me(sk);

	if (inet_csk_reqsk_queue_is_full(sk)) {
		NET_INC_STATS(LINUX_MIB_TCPREQQFULLDROP);
		goto drop;
	}
	if (inet_csk_acceptq_is_full(sk)) {
		inet_csk_listen_overflow(sk);
		return;
	}
	if (!READ_ONCE(sysctl_tcp_syncookies) &&
	    (long)max_syn - READ_ONCE(inet_csk(sk)->icsk_accept_queue.syn_qlen) <
	    (long)(max_syn >> 2))
		goto drop;
	req = reqsk_alloc(sk);
	if (!req)
		goto drop;
	tcp_v6_init_req(req, sk, skb);
	if (!inet_csk_reqsk_queue_hash_add(sk, req)) {
		reqsk_put(req);
		goto drop;
	}
	tcp_v6_send_synack(req);
	reqsk_put(req);
	return;
drop:
	NET_INC_STATS(LINUX_MIB_LISTENDROPS);
}

static int tcp_v6_conn_request(struct sock *sk, struct sk_buff *skb)
{
	if (skb->protocol != htons(ETH_P_IPV6))
		return tcp_v4_conn_request(sk, skb);    /* a dual-stack listener */
	local_bh_disable();
	__tcp_v6_conn_request(sk, skb);
	local_bh_enable();
	return 0;
}

/* The handshake's valid ACK for an IPv6 request: the child in its place. */
static struct sock *tcp_v6_syn_recv_sock(struct sock *lsk, struct sk_buff *skb,
					 struct request_sock *req)
{
	struct sock *child;

	if (!sk_common_is_ipv6(&req->__req_common))
		return tcp_v4_syn_recv_sock(lsk, skb, req);
	if (inet_csk_acceptq_is_full(lsk))
		return tcp_v4_syn_recv_overflow(lsk, req);
	child = tcp_create_openreq_child(lsk, req);
	if (!child) {
		NET_INC_STATS(LINUX_MIB_LISTENDROPS);
		return NULL;
	}
	inet_sk(child)->inet_saddr = htonl(LOOPBACK4_IPV6);
	tcp_v4_inherit_port(child);
	if (!inet_ehash_swap_req(req, child)) {
		inet_put_port(child);
		bh_unlock_sock(child);
		sock_set_flag(child, SOCK_DEAD);
		sock_put(child);
		sock_put(child);
		return NULL;
	}
	inet_csk_reqsk_queue_forget(req);
	tcp_v4_queue_child(lsk, child);
	TCP_INC_STATS(TCP_MIB_PASSIVEOPENS);
	return child;
}

static int tcp_v6_do_rcv(struct sock *sk, struct sk_buff *skb);

/* A segment the listener's ACK lookup found another socket for. */
static void tcp_v6_hnd_other(struct sock *nsk, struct sk_buff *skb)
{
	if (nsk->sk_state == TCP_TIME_WAIT) {
		inet_twsk_put(inet_twsk(&nsk->__sk_common));
		kfree_skb(skb);
		return;
	}
	bh_lock_sock_nested(nsk);
	if (!sock_owned_by_user(nsk))
		tcp_v6_do_rcv(nsk, skb);
	else if (sk_add_backlog(nsk, skb, tcp_backlog_limit(nsk)))
		kfree_skb(skb);
	bh_unlock_sock(nsk);
	sock_put(nsk);
}

/* As tcp_v4_hnd_req for an IPv6 segment to listener sk: 1 reset, 0
 * consumed, -1 the listener's state machine takes it. No cookies. */
static int tcp_v6_hnd_req(struct sock *sk, struct sk_buff *skb)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	u8 f = TCP_SKB_CB(skb)->tcp_flags;
	struct sock *nsk, *child;
	int ret = 0;

	nsk = inet6_lookup_established(&hdr->saddr, th->source, &hdr->daddr, ntohs(th->dest));
	if (!nsk && (!(f & TCPHDR_ACK) || (f & (TCPHDR_SYN | TCPHDR_RST))))
		return -1;
	if (!nsk)
		return 1;               /* an ACK for no request: no cookies here */
	local_bh_disable();
	if (nsk->sk_state != TCP_NEW_SYN_RECV) {
		tcp_v6_hnd_other(nsk, skb);
		goto out;
	}
	{
		struct request_sock *req = inet_reqsk(&nsk->__sk_common);

		child = req->rsk_listener == sk ? tcp_check_req(sk, skb, req) : ERR_PTR(-ENOENT);
		reqsk_put(req);
	}
	if (IS_ERR(child) && PTR_ERR(child) != -EAGAIN) {
		ret = 1;
		goto out;
	}
	if (IS_ERR_OR_NULL(child)) {
		kfree_skb(skb);
	} else {
		tcp_v6_do_rcv(child, skb);
		bh_unlock_sock(child);
	}
out:
	local_bh_enable();
	return ret;
}

/* ------------------------------------------------------- input */

/* sk_backlog_rcv of AF_INET6 TCP sockets: IPv4 segments to IPv4's code. */
static int tcp_v6_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	int ret = -1;

	if (skb->protocol != htons(ETH_P_IPV6))
		return tcp_v4_do_rcv(sk, skb);
	tcp_sk(sk)->segs_in += max_t(u32, skb_shinfo(skb)->gso_segs, 1);
	if (sk->sk_state == TCP_LISTEN)
		ret = tcp_v6_hnd_req(sk, skb);
	if (ret < 0)
		ret = tcp_rcv_state_process(sk, skb);
	if (ret) {
		tcp_v6_send_reset(sk, skb);
		kfree_skb(skb);
	}
	return 0;
}

static void tcp_v6_timewait(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct sock *sk;

	switch (tcp_timewait_state_process(tw, skb)) {
	case TCP_TW_SYN:
		sk = inet6_lookup_listener(&hdr->saddr, th->source, &hdr->daddr, ntohs(th->dest),
					   skb->skb_iif, skb);
		inet_twsk_deschedule_put(tw);
		if (sk) {
			bh_lock_sock(sk);
			if (!sock_owned_by_user(sk))
				tcp_v6_do_rcv(sk, skb);
			else if (sk_add_backlog(sk, skb, tcp_backlog_limit(sk)))
				kfree_skb(skb);
			bh_unlock_sock(sk);
			sock_put(sk);
			return;
		}
		break;
	case TCP_TW_ACK:
		tcp_v6_tw_ack(tw, skb);
		inet_twsk_put(tw);
		break;
	case TCP_TW_RST:
		tcp_v6_send_reset(NULL, skb);
		inet_twsk_deschedule_put(tw);
		break;
	default:
		inet_twsk_put(tw);
	}
	kfree_skb(skb);
}

/* Is the segment's checksum good (or vouched for by lo)? */
static bool tcp_v6_csum_ok(struct sk_buff *skb)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);

	if (skb->ip_summed == CHECKSUM_UNNECESSARY || skb->ip_summed == CHECKSUM_PARTIAL)
		return true;
	return !csum_ipv6_magic(&hdr->saddr, &hdr->daddr, skb->len, IPPROTO_TCP,
				skb_checksum(skb, 0, skb->len, 0));
}

/* The socket for a segment (held), or NULL; a request's becomes its listener. */
static struct sock *tcp_v6_lookup(struct sk_buff *skb, const struct tcphdr *th)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	struct sock *sk;

	sk = inet6_lookup_established(&hdr->saddr, th->source, &hdr->daddr, ntohs(th->dest));
	if (!sk)
		sk = inet6_lookup_listener(&hdr->saddr, th->source, &hdr->daddr, ntohs(th->dest),
					   skb->skb_iif, skb);
	return sk;
}

/* inet6_protos[IPPROTO_TCP].handler: skb->data at the TCP header. */
static int tcp_v6_rcv(struct sk_buff *skb)
{
	struct tcphdr *th;
	struct sock *sk;

	if (skb->pkt_type != PACKET_HOST)
		goto discard;
	TCP_INC_STATS(TCP_MIB_INSEGS);
	if (!pskb_may_pull(skb, sizeof(struct tcphdr)))
		goto bad;
	th = (struct tcphdr *)skb->data;
	if (th->doff < sizeof(struct tcphdr) / 4 || !pskb_may_pull(skb, th->doff * 4))
		goto bad;
	th = (struct tcphdr *)skb->data;
	skb_reset_transport_header(skb);
	if (!tcp_v6_csum_ok(skb)) {
		TCP_INC_STATS(TCP_MIB_CSUMERRORS);
		goto bad;
	}
	tcp_v4_fill_cb(skb, th);
	__skb_pull(skb, th->doff * 4);

	sk = tcp_v6_lookup(skb, th);
	if (!sk)
		goto no_tcp_socket;
	if (sk->sk_state == TCP_TIME_WAIT) {
		tcp_v6_timewait(inet_twsk(&sk->__sk_common), skb);
		return 0;
	}
	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		struct request_sock *req = inet_reqsk(&sk->__sk_common);

		sk = req->rsk_listener;
		sock_hold(sk);
		reqsk_put(req);
	}
	bh_lock_sock(sk);
	if (sk->sk_state != TCP_LISTEN) {
		WRITE_ONCE(sk->sk_incoming_cpu, smp_processor_id());
		sk_mark_napi_id(sk, skb);
	}
	if (!sock_owned_by_user(sk)) {
		tcp_v6_do_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, tcp_backlog_limit(sk))) {
		NET_INC_STATS(LINUX_MIB_TCPBACKLOGDROP);
		kfree_skb(skb);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
	return 0;

no_tcp_socket:
	tcp_v6_send_reset(NULL, skb);
	goto discard;
bad:
	TCP_INC_STATS(TCP_MIB_INERRS);
discard:
	kfree_skb(skb);
	return 0;
}

/* --------------------------------------------------- active open */

/* Is connect() to uaddr native IPv6? :: is ::1 unless sk is bound to IPv4. */
static bool tcp_v6_connect_native(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)uaddr;

	if (addr_len < SIN6_LEN_RFC2133 || sin6->sin6_family != AF_INET6 ||
	    ipv6_addr_v4mapped(&sin6->sin6_addr))
		return false;
	return !ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr);
}

/* Route, addresses and af ops of a native active open. [sock] */
static int tcp_v6_connect_route(struct sock *sk, const struct in6_addr *daddr, __be16 dport)
{
	struct in6_addr saddr = sk->sk_v6_rcv_saddr;
	struct rt6_info *rt;

	sk_dst_reset(sk);
	rt = ip6_route_output(daddr, &saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP6_INC_STATS(IPSTATS6_OUTNOROUTES);
		return PTR_ERR(rt);
	}
	sk->sk_v6_rcv_saddr = saddr;
	sk->sk_v6_daddr = *daddr;
	inet_sk(sk)->inet_saddr = sk->sk_rcv_saddr = sk->sk_daddr = htonl(LOOPBACK4_IPV6);
	sk->sk_dport = dport;
	inet_csk(sk)->icsk_af_ops = tcp_ipv6_af_ops;
	WRITE_ONCE(sk->sk_dst_cache, &rt->dst);
	return 0;
}

/* tcpv6_prot.connect, with the socket locked: native, or IPv4's. */
static int tcp_v6_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct in6_addr daddr;
	__be16 dport;
	int err;

	if (!tcp_v6_connect_native(sk, uaddr, addr_len))
		return tcp_v4_connect(sk, uaddr, addr_len);
	err = inet6_parse_native(uaddr, addr_len, &daddr, &dport);
	if (err)
		return err;
	if (ipv6_addr_any(&daddr))
		ipv6_addr_set_loopback(&daddr);         /* :: means loopback (BSD) */
	err = tcp_v6_connect_route(sk, &daddr, dport);
	if (err)
		return err;
	tcp_set_state(sk, TCP_SYN_SENT);
	err = inet_hash_connect(sk);
	if (err)
		goto failure;
	tp->write_seq = secure_tcp_seq(ipv6_addr_fold32(&sk->sk_v6_rcv_saddr),
				       ipv6_addr_fold32(&sk->sk_v6_daddr),
				       inet_sk(sk)->inet_sport, sk->sk_dport);
	tp->tsoffset = secure_tcp_ts_off(ipv6_addr_fold32(&sk->sk_v6_rcv_saddr),
					 ipv6_addr_fold32(&sk->sk_v6_daddr));
	err = tcp_connect(sk);
	if (err) {
		tcp_set_state(sk, TCP_CLOSE);
		sk->sk_dport = 0;
	}
	return err;
failure:
	tcp_set_state(sk, TCP_CLOSE);
	sk->sk_dport = 0;
	memset(&sk->sk_v6_daddr, 0, sizeof(sk->sk_v6_daddr));
	sk->sk_daddr = 0;
	inet_csk(sk)->icsk_af_ops = &ipv4_specific;
	return err;
}

static const struct inet_connection_sock_af_ops ipv6_specific = {
	.queue_xmit = inet6_csk_xmit,
	.send_check = tcp_v6_send_check,
	.send_reset = tcp_v6_send_reset,
	.conn_request = tcp_v6_conn_request,
	.send_synack = tcp_v6_send_synack,
	.syn_recv_sock = tcp_v6_syn_recv_sock,
	.route_req = tcp_v6_route_req,
	.net_header_len = sizeof(struct ipv6hdr),
};

static const struct inet6_protocol tcpv6_protocol = {
	.handler = tcp_v6_rcv,
};

/* Boot (inet6_init): tcpv6_prot, the af ops, the protocol handler. */
void tcpv6_init(void)
{
	tcpv6_prot = tcp_prot;
	tcpv6_prot.name = "TCPv6";
	tcpv6_prot.connect = tcp_v6_connect;
	tcpv6_prot.backlog_rcv = tcp_v6_do_rcv;
	tcp_ipv6_af_ops = &ipv6_specific;
	if (inet6_add_protocol(&tcpv6_protocol, IPPROTO_TCP))
		panic("tcpv6: protocol slot taken");
}
