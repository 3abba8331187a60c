// SPDX-License-Identifier: MIT
/*
 * inet_diag (Linux's net/ipv4/inet_diag.c, tcp_diag.c, udp_diag.c): the
 * NETLINK_SOCK_DIAG dumps of TCP and UDP sockets that `ss -t -a`,
 * `ss -u -a` and `ss -l` read. One struct inet_diag_msg per socket of the
 * requested family (AF_INET or AF_INET6: a dual-stack socket is AF_INET6)
 * whose state is in the request's idiag_states mask. A full socket's
 * message carries, as Linux's, its creator's uid, INET_DIAG_SHUTDOWN and,
 * for an AF_INET6 listener or closed socket, INET_DIAG_SKV6ONLY; on
 * request (idiag_ext) INET_DIAG_SKMEMINFO and, for TCP, INET_DIAG_INFO
 * (tcp_info, as TCP_INFO gives it) and INET_DIAG_CONG (`ss -e`, `-m`,
 * `-i`); the other extensions are not sent. No byte-code filters (ss
 * filters again itself). Requests for
 * one exact socket (no NLM_F_DUMP) are -EOPNOTSUPP; other protocols are
 * -ENOENT, as Linux without their diag module.
 *
 * Locking: the walk takes one hash bucket lock at a time (tcp_hashinfo's
 * listen and established buckets, UDP's slots) and fills the skb under
 * it; socket fields are read without the socket lock, as /proc/net/tcp
 * does, so queue sizes are a snapshot. The cursor (phase, bucket, index
 * in bucket) lets a dump continue over several recvs; a socket that
 * comes or goes between two steps may be missed or shown twice.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/init.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/inet_common.h>
#include <net/sock_diag.h>

struct inet_diag_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct inet_diag_req_v2 *req;
};

static const struct inet_diag_req_v2 *inet_diag_req(const struct netlink_callback *cb)
{
	return nlmsg_data(cb->nlh);
}

static bool inet_diag_wanted(const struct inet_diag_walk *w, const struct sock_common *c)
{
	return c->skc_family == w->req->sdiag_family &&
	       (w->req->idiag_states & (1U << c->skc_state));
}

static void inet_diag_sockid(struct inet_diag_sockid *id, const struct sock_common *c,
			     __be16 sport, u64 cookie)
{
	id->idiag_sport = sport;
	id->idiag_dport = c->skc_dport;
	if (c->skc_family == AF_INET6) {
		memcpy(id->idiag_src, &c->skc_v6_rcv_saddr, 16);
		memcpy(id->idiag_dst, &c->skc_v6_daddr, 16);
	} else {
		id->idiag_src[0] = c->skc_rcv_saddr;
		id->idiag_dst[0] = c->skc_daddr;
	}
	id->idiag_if = c->skc_bound_dev_if;
	id->idiag_cookie[0] = (u32)cookie;
	id->idiag_cookie[1] = (u32)(cookie >> 32);
}

static bool inet_diag_ext(const struct inet_diag_walk *w, int attr)
{
	return w->req->idiag_ext & (1U << (attr - 1));
}

static int inet_diag_put_meminfo(struct sk_buff *skb, struct sock *sk)
{
	u32 mem[SK_MEMINFO_VARS] = {
		[SK_MEMINFO_RMEM_ALLOC] = atomic_read(&sk->sk_rmem_alloc),
		[SK_MEMINFO_RCVBUF] = READ_ONCE(sk->sk_rcvbuf),
		[SK_MEMINFO_WMEM_ALLOC] = atomic_read(&sk->sk_wmem_alloc) - 1,   /* less its bias */
		[SK_MEMINFO_SNDBUF] = READ_ONCE(sk->sk_sndbuf),
		[SK_MEMINFO_WMEM_QUEUED] = READ_ONCE(sk->sk_wmem_queued),
		[SK_MEMINFO_BACKLOG] = READ_ONCE(sk->sk_backlog.len),
	};

	return nla_put(skb, INET_DIAG_SKMEMINFO, sizeof(mem), mem);
}

/* TCP's tcp_info and congestion control name, read without the socket lock */
static int inet_diag_put_tcp(struct inet_diag_walk *w, struct sock *sk)
{
	const struct tcp_congestion_ops *ca = READ_ONCE(inet_csk(sk)->icsk_ca_ops);
	struct tcp_info info;

	if (inet_diag_ext(w, INET_DIAG_INFO)) {
		tcp_get_info(sk, &info);
		if (nla_put(w->skb, INET_DIAG_INFO, sizeof(info), &info))
			return -EMSGSIZE;
	}
	if (inet_diag_ext(w, INET_DIAG_CONG) && ca &&
	    nla_put(w->skb, INET_DIAG_CONG, strlen(ca->name) + 1, ca->name))
		return -EMSGSIZE;
	return 0;
}

/* A full socket's attributes, as Linux's inet_diag_msg_attrs_fill and inet_sk_diag_fill */
static int inet_diag_put_attrs(struct inet_diag_walk *w, struct sock *sk)
{
	if (nla_put_u8(w->skb, INET_DIAG_SHUTDOWN, READ_ONCE(sk->sk_shutdown)))
		return -EMSGSIZE;
	if (sk->sk_family == AF_INET6 && ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE)) &&
	    nla_put_u8(w->skb, INET_DIAG_SKV6ONLY, sk->sk_ipv6only))
		return -EMSGSIZE;
	if (inet_diag_ext(w, INET_DIAG_SKMEMINFO) && inet_diag_put_meminfo(w->skb, sk))
		return -EMSGSIZE;
	return sk->sk_protocol == IPPROTO_TCP ? inet_diag_put_tcp(w, sk) : 0;
}

/*
 * Append one message, with @sk's attributes when it is a full socket;
 * -EMSGSIZE when the skb is full (the walk stops there).
 */
static int inet_diag_put(struct inet_diag_walk *w, const struct inet_diag_msg *m, struct sock *sk)
{
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(w->skb, w->cb->portid, w->cb->seq, SOCK_DIAG_BY_FAMILY, sizeof(*m),
			NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	memcpy(nlmsg_data(nlh), m, sizeof(*m));
	if (sk && inet_diag_put_attrs(w, sk)) {
		nlmsg_cancel(w->skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(w->skb, nlh);
	return 0;
}

static u32 diag_ms(ktime_t when)
{
	ktime_t d = when - ktime_get();

	return d > 0 ? (u32)(d / NSEC_PER_MSEC) : 0;
}

/* A full TCP socket: timers and queues as /proc/net/tcp reads them. */
static void tcp_diag_get_info(const struct sock *sk, struct inet_diag_msg *m)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tcp_sock *tp = tcp_sk(sk);

	if (icsk->icsk_pending == ICSK_TIME_RETRANS || icsk->icsk_pending == ICSK_TIME_LOSS_PROBE) {
		m->idiag_timer = 1;
		m->idiag_expires = diag_ms(icsk->icsk_timeout);
	} else if (icsk->icsk_pending == ICSK_TIME_PROBE0) {
		m->idiag_timer = 4;
		m->idiag_expires = diag_ms(icsk->icsk_timeout);
	} else if (timer_pending(&sk->sk_timer)) {
		m->idiag_timer = 2;
		m->idiag_expires = diag_ms(sk->sk_timer.expires);
	}
	m->idiag_retrans = icsk->icsk_retransmits;
	if (sk->sk_state == TCP_LISTEN) {
		m->idiag_rqueue = READ_ONCE(sk->sk_ack_backlog);
		m->idiag_wqueue = READ_ONCE(sk->sk_max_ack_backlog);
	} else {
		m->idiag_rqueue = max_t(int, (int)(READ_ONCE(tp->rcv_nxt) - READ_ONCE(tp->copied_seq)), 0);
		m->idiag_wqueue = READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_una);
	}
}

static int tcp_diag_one(struct inet_diag_walk *w, struct sock_common *c)
{
	struct inet_diag_msg m = { .idiag_family = c->skc_family, .idiag_state = c->skc_state };
	struct inet_timewait_sock *tw;
	struct sock *sk;

	if (!inet_diag_wanted(w, c))
		return 0;
	if (c->skc_state == TCP_TIME_WAIT) {
		tw = inet_twsk(c);
		m.idiag_state = tw->tw_substate;
		m.idiag_timer = 3;
		m.idiag_expires = diag_ms(tw->tw_expires);
		inet_diag_sockid(&m.id, c, htons(tw->tw_num), ~0ULL);
		return inet_diag_put(w, &m, NULL);
	}
	if (c->skc_state == TCP_NEW_SYN_RECV) {  /* a request sock, as Linux's inet_req_diag_fill */
		struct request_sock *req = inet_reqsk(c);

		m.idiag_state = TCP_SYN_RECV;
		m.idiag_timer = 1;
		m.idiag_retrans = READ_ONCE(req->num_retrans);
		m.idiag_expires = diag_ms(READ_ONCE(req->rsk_timer.expires));
		inet_diag_sockid(&m.id, c, htons(req->ir_num), ~0ULL);
		return inet_diag_put(w, &m, NULL);
	}
	sk = (struct sock *)c;
	inet_diag_sockid(&m.id, c, htons(sk->sk_num), sk->sk_cookie);
	tcp_diag_get_info(sk, &m);
	m.idiag_inode = sock_i_ino(sk);
	m.idiag_uid = sk->sk_uid;
	return inet_diag_put(w, &m, sk);
}

/* Cursor: args[0] = 0 listeners, 1 established and TIME_WAIT; args[1] bucket; args[2] index. */
static int tcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inet_diag_walk w = { skb, cb, inet_diag_req(cb) };
	struct sock_common *c;
	spinlock_t *lock;
	struct hlist_head *head;
	long n, nbuckets;

	for (; cb->args[0] < 2; cb->args[0]++, cb->args[1] = 0) {
		nbuckets = cb->args[0] ? INET_EHASH_SIZE : INET_LHTABLE_SIZE;
		for (; cb->args[1] < nbuckets; cb->args[1]++, cb->args[2] = 0) {
			if (cb->args[0]) {
				lock = &tcp_hashinfo.ehash[cb->args[1]].lock;
				head = &tcp_hashinfo.ehash[cb->args[1]].chain;
			} else {
				lock = &tcp_hashinfo.lhash[cb->args[1]].lock;
				head = &tcp_hashinfo.lhash[cb->args[1]].head;
			}
			if (!READ_ONCE(head->first))
				continue;
			n = 0;
			spin_lock_bh(lock);
			hlist_for_each_entry(c, head, skc_node) {
				if (n++ < cb->args[2])
					continue;
				if (tcp_diag_one(&w, c)) {
					cb->args[2] = n - 1;
					spin_unlock_bh(lock);
					return skb->len;
				}
			}
			spin_unlock_bh(lock);
		}
	}
	return skb->len;
}

static int udp_diag_one(struct sock *sk, void *arg)
{
	struct inet_diag_walk *w = arg;
	struct inet_diag_msg m = { .idiag_family = sk->sk_family, .idiag_state = sk->sk_state };

	if (!inet_diag_wanted(w, &sk->__sk_common))
		return 0;
	inet_diag_sockid(&m.id, &sk->__sk_common, inet_sk(sk)->inet_sport, sk->sk_cookie);
	m.idiag_rqueue = atomic_read(&sk->sk_rmem_alloc);
	m.idiag_wqueue = atomic_read(&sk->sk_wmem_alloc) - 1;
	m.idiag_inode = sock_i_ino(sk);
	m.idiag_uid = sk->sk_uid;
	return inet_diag_put(w, &m, sk);
}

static int udp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inet_diag_walk w = { skb, cb, inet_diag_req(cb) };

	udp_diag_walk(&cb->args[1], &cb->args[2], udp_diag_one, &w);
	return skb->len;
}

static int inet_diag_dump_start(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	struct netlink_dump_control c = { 0 };
	const struct inet_diag_req_v2 *req;

	if (nlmsg_len(nlh) < (int)sizeof(*req))
		return -EINVAL;
	req = nlmsg_data(nlh);
	switch (req->sdiag_protocol) {
	case IPPROTO_TCP:
		c.dump = tcp_diag_dump;
		break;
	case IPPROTO_UDP:
		c.dump = udp_diag_dump;
		break;
	default:
		return -ENOENT;
	}
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;     /* one exact socket: not served */
	return netlink_dump_start(skb, nlh, &c);
}

static const struct sock_diag_handler inet_diag_handler = {
	.family = AF_INET,
	.dump = inet_diag_dump_start,
};

static const struct sock_diag_handler inet6_diag_handler = {
	.family = AF_INET6,
	.dump = inet_diag_dump_start,
};

static int inet_diag_init(void)
{
	int err = sock_diag_register(&inet_diag_handler);

	return err ? err : sock_diag_register(&inet6_diag_handler);
}
device_initcall(inet_diag_init);
