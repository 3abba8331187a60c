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
 * AF_INET6 stream sockets use tcpv6_prot, tcp_prot with tcp_v6_connect,
 * which hands IPv4 (v4-mapped) work to IPv4's code, so a dual-stack
 * listener on [::] takes IPv4 and IPv6 connections alike. What both
 * families share is IPv4's: tcp_v4_do_rcv (which finds a listener's
 * request socks and resets by the segment's protocol) and
 * tcp_v4_syn_recv_sock (the child in the request's place).
 * A native socket keeps LOOPBACK4_IPV6 in its IPv4 address fields, as
 * Linux does, and is hashed on its IPv6 addresses.
 *
 * ICMPv6 errors (tcp_v6_err) share IPv4's checks (tcp_err_acceptable);
 * a Packet Too Big lowers the MSS through the IPv6 path MTU cache
 * (route_pmtu.c), deferred to release_sock when the socket is owned.
 *
 * SYN cookies as IPv4's (net/ipv6/syncookies.c, under the same
 * net.ipv4.tcp_syncookies). Not done: TCP_MD5SIG.
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

/* A reset in answer to skb (tcp_make_reset); IPv4's for an IPv4 segment. */
static void tcp_v6_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	struct sk_buff *n;

	if (skb->protocol != htons(ETH_P_IPV6)) {
		tcp_v4_send_reset(sk, skb);
		return;
	}
	if (ipv6_addr_is_multicast(&hdr->daddr))
		return;
	n = tcp_make_reset(skb);
	if (n)
		tcp_v6_send_bare(n, &hdr->daddr, &hdr->saddr);
}

/* An ACK for a TIME_WAIT minisock (in reply to skb). */
static void tcp_v6_tw_ack(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	struct sk_buff *n = tcp_make_tw_ack(tw, skb);

	if (n)
		tcp_v6_send_bare(n, &ipv6_hdr(skb)->daddr, &ipv6_hdr(skb)->saddr);
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

/* The path MTU to a request's peer (the IPv6 minimum without a route). */
static unsigned int tcp_v6_req_mtu(const struct request_sock *req)
{
	struct dst_entry *dst = tcp_v6_route_req(req);

	return dst ? dst_mtu(dst) : IPV6_MIN_MTU;
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
	tcp_openreq_init_rwin(req, lsk, tcp_v6_req_mtu(req));
}

/* Answer the SYN with a cookie, no state kept (tcp_v4_send_cookie). */
static void tcp_v6_send_cookie(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_request_sock treq;
	struct request_sock *req = &treq.req.req;

	memset(&treq, 0, sizeof(treq));
	req->syncookie = 1;
	req->__req_common.skc_family = AF_INET6;
	tcp_v6_init_req(req, sk, skb);
	tcp_cookie_req_trim(req, sk, tcp_v6_req_mtu);
	treq.snt_isn = cookie_v6_init_sequence(skb, &treq.req.mss);
	tcp_cookie_sent(sk, tcp_v6_send_synack(req));
}

/* A SYN to a listener (bh-locked or owned), as __tcp_v4_conn_request
 * without Fast Open: a full SYN queue (or tcp_syncookies = 2) answers
 * with a cookie, or drops the SYN when cookies are off. */
static void __tcp_v6_conn_request(struct sock *sk, struct sk_buff *skb)
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
		tcp_v6_send_cookie(sk, skb);
		return;
	}
	if (!cookies && (long)max_syn - READ_ONCE(inet_csk(sk)->icsk_accept_queue.syn_qlen) <
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

/* ------------------------------------------------------- input */

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
			tcp_rcv_sk(sk, skb);
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
	th = tcp_pull_hdr(skb);
	if (!th)
		goto bad;
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
	tcp_rcv_sk(sk, skb);
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

/* ------------------------------------------------------ ICMPv6 */

/*
 * The path MTU fell to tp->mtu_info (Linux's tcp_v6_mtu_reduced): unless
 * that would not lower the MSS, the route learns it (route_pmtu.c), the
 * MSS follows and what was sent larger goes again. The socket is owned.
 */
static void tcp_v6_mtu_reduced(struct sock *sk)
{
	struct in6_addr saddr = sk->sk_v6_rcv_saddr;
	struct rt6_info *rt;
	u32 mtu;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE))
		return;
	mtu = READ_ONCE(tcp_sk(sk)->mtu_info);
	/* drop news that would not lower the MSS (Linux's tcp_mtu_to_mss
	 * check): the route's own check comes too late */
	if (mtu - sizeof(struct ipv6hdr) - sizeof(struct tcphdr) -
	    (tcp_sk(sk)->tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0) >= tcp_sk(sk)->mss_cache)
		return;
	rt = ip6_route_output(&sk->sk_v6_daddr, &saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt))
		return;
	WRITE_ONCE(sk->sk_dst_cache, &rt->dst);
	ip6_rt_update_pmtu(&rt->dst, &sk->sk_v6_daddr, mtu);
	mtu = ip6_dst_pmtu(&rt->dst, &sk->sk_v6_daddr);
	if (inet_csk(sk)->icsk_pmtu_cookie > mtu) {
		tcp_sync_mss(sk, mtu);
		tcp_simple_retransmit(sk);
	}
}

static unsigned int tcp_v6_dst_pmtu(const struct sock *sk, const struct dst_entry *dst)
{
	return ip6_dst_pmtu(dst, &sk->sk_v6_daddr);
}

/*
 * inet6_protos[IPPROTO_TCP].err_handler (Linux's tcp_v6_err): skb->data
 * at the quoted IPv6 header, the TCP header offset bytes in. What the
 * families share (window check, LockDroppedIcmps, the opening connection
 * dying) is tcp_ipv4.c's; a Packet Too Big below IPV6_MIN_MTU is ignored.
 */
static void tcp_v6_err(struct sk_buff *skb, u8 type, u8 code, int offset, __be32 info)
{
	const struct ipv6hdr *inner = (const struct ipv6hdr *)skb->data;
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + offset);
	bool toobig = type == ICMPV6_PKT_TOOBIG;
	struct sock *sk;
	int err;

	sk = tcp_err_lock_sock(inet6_lookup_established(&inner->daddr, th->dest, &inner->saddr,
							ntohs(th->source)));
	if (!sk)
		return;
	if (!tcp_err_acceptable(sk, ntohl(th->seq), toobig))
		goto out;
	if (toobig) {
		if (ip6_sk_accept_pmtu(sk) && ntohl(info) >= IPV6_MIN_MTU)
			tcp_mtu_needed(sk, ntohl(info));
		goto out;
	}
	icmpv6_err_convert(type, code, &err);
	tcp_err_report(sk, err);
out:
	bh_unlock_sock(sk);
	sock_put(sk);
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
	.syn_recv_sock = tcp_v4_syn_recv_sock,
	.route_req = tcp_v6_route_req,
	.mtu_reduced = tcp_v6_mtu_reduced,
	.dst_pmtu = tcp_v6_dst_pmtu,
	.cookie_check = cookie_v6_check,
	.net_header_len = sizeof(struct ipv6hdr),
};

static const struct inet6_protocol tcpv6_protocol = {
	.handler = tcp_v6_rcv,
	.err_handler = tcp_v6_err,
};

/* Boot (inet6_init): tcpv6_prot, the af ops, the protocol handler. */
void tcpv6_init(void)
{
	tcpv6_prot = tcp_prot;
	tcpv6_prot.name = "TCPv6";
	tcpv6_prot.connect = tcp_v6_connect;
	tcp_ipv6_af_ops = &ipv6_specific;
	if (inet6_add_protocol(&tcpv6_protocol, IPPROTO_TCP))
		panic("tcpv6: protocol slot taken");
}
