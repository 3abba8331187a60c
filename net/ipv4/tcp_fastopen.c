// SPDX-License-Identifier: MIT
/*
 * TCP Fast Open (RFC 7413), as Linux's net/ipv4/tcp_fastopen.c: data in
 * the SYN, taken at once by a server that recognises the client's cookie.
 * Documentation/tcp-fastopen.md has the whole picture.
 *
 * Server: a cookie is a keyed hash (ChaCha20 under tcp_fastopen_key) of
 * the client's and our address, 8 bytes. A SYN with a valid cookie makes
 * the child at once (tcp_try_fastopen): in SYN_RECV, hashed, on the
 * listener's accept queue with the SYN's data in its receive queue; the
 * SYN-ACK acknowledges the data. Until the handshake's last ACK the child
 * keeps the request (tp->fastopen_rsk) for its SYN-ACK retransmissions and
 * counts in the listener's fastopen_qlen (limit: TCP_FASTOPEN's qlen).
 * A SYN with a cookie request or a bad cookie gets a request sock as
 * usual and a SYN-ACK carrying a fresh cookie; its data is not acked.
 *
 * Client: a per-destination cookie cache (tfo_cache, a small direct-mapped
 * table keyed by the peer's address, where Linux uses tcp_metrics).
 * sendmsg(MSG_FASTOPEN), or the first write after TCP_FASTOPEN_CONNECT,
 * connects with the data in the SYN when a cookie is known (or without
 * cookie by TFO_CLIENT_NO_COOKIE / TCP_FASTOPEN_NO_COOKIE), else with a
 * cookie request; data the SYN-ACK does not acknowledge is retransmitted
 * at once after the handshake.
 *
 * Locks: tfo_key_lock (the keys) and tfo_cache_lock (the cache) are
 * unranked leaves, BHs off: nothing is taken under them, and they are
 * taken under socket locks and the listener's. A child's fastopen_rsk is
 * its [sock]; the listener's fastopen_qlen is [icsk_accept_queue.lock]
 * (child socket lock -> listener accept queue lock, the usual order).
 */
#include <shoal/kernel.h>
#include <shoal/chacha.h>
#include <shoal/random.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <shoal/uio.h>
#include <net/tcp.h>

unsigned long sysctl_tcp_fastopen = TFO_CLIENT_ENABLE;

/* ------------------------------------------------------------- keys */

#define TFO_KEY_WORDS   4

static DEFINE_SPINLOCK(tfo_key_lock);
static u32 tfo_keys[2][TFO_KEY_WORDS];          /* primary, backup [tfo_key_lock] */
static int tfo_nkeys;                           /* 0: none yet [tfo_key_lock] */

/* Linux's tcp_fastopen_init_key_once: a random primary key at first use. */
static void tcp_fastopen_init_key_once(void)
{
	u32 k[TFO_KEY_WORDS];

	if (READ_ONCE(tfo_nkeys))
		return;
	get_random_bytes(k, sizeof(k));
	spin_lock_bh(&tfo_key_lock);
	if (!tfo_nkeys) {
		memcpy(tfo_keys[0], k, sizeof(k));
		tfo_nkeys = 1;
	}
	spin_unlock_bh(&tfo_key_lock);
}

static int tcp_fastopen_get_keys(u32 keys[2][TFO_KEY_WORDS])
{
	int n;

	spin_lock_bh(&tfo_key_lock);
	n = tfo_nkeys;
	memcpy(keys, tfo_keys, sizeof(tfo_keys));
	spin_unlock_bh(&tfo_key_lock);
	return n;
}

/* The cookie for a connection from saddr to daddr under key. */
static void tcp_fastopen_cookie_gen(const u32 key[TFO_KEY_WORDS], __be32 saddr, __be32 daddr,
				    struct tcp_fastopen_cookie *foc)
{
	const u32 nonce[3] = { (u32)saddr, (u32)daddr, 0x54464f21 };
	u32 k[CHACHA_KEY_WORDS], out[CHACHA_STATE_WORDS];
	int i;

	for (i = 0; i < CHACHA_KEY_WORDS; i++)
		k[i] = key[i % TFO_KEY_WORDS];
	chacha20_block(k, 0, nonce, out);
	memcpy(foc->val, out, TCP_FASTOPEN_COOKIE_SIZE);
	foc->len = TCP_FASTOPEN_COOKIE_SIZE;
}

/* "%08x-%08x-%08x-%08x[,backup]" as Linux prints tcp_fastopen_key. */
static int tfo_key_show(char *buf, size_t len)
{
	u32 keys[2][TFO_KEY_WORDS];
	int n = tcp_fastopen_get_keys(keys), i, off = 0;

	if (!n)
		memset(keys, 0, sizeof(keys));
	for (i = 0; i < (n ? n : 1); i++)
		off += snprintf(buf + off, len > (size_t)off ? len - off : 0, "%s%08x-%08x-%08x-%08x",
				i ? "," : "", keys[i][0], keys[i][1], keys[i][2], keys[i][3]);
	off += snprintf(buf + off, len > (size_t)off ? len - off : 0, "\n");
	return off;
}

/* One key, four hex words joined by '-'; the end of it in *end. */
static int tfo_key_parse(char *s, u32 key[TFO_KEY_WORDS], char **end)
{
	int i;

	for (i = 0; i < TFO_KEY_WORDS; i++) {
		char *e;
		unsigned long v = simple_strtoul(s, &e, 16);

		if (e == s || e - s > 8 || (i < TFO_KEY_WORDS - 1 && *e != '-'))
			return -EINVAL;
		key[i] = v;
		s = i < TFO_KEY_WORDS - 1 ? e + 1 : e;
	}
	*end = s;
	return 0;
}

static int tfo_key_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	u32 keys[2][TFO_KEY_WORDS];
	int n = 1;
	char *end;

	if (!write)
		return tfo_key_show(buf, len);
	if (tfo_key_parse(buf, keys[0], &end))
		return -EINVAL;
	if (*end == ',') {
		if (tfo_key_parse(end + 1, keys[1], &end))
			return -EINVAL;
		n = 2;
	}
	if (*end && *end != '\n')
		return -EINVAL;
	spin_lock_bh(&tfo_key_lock);
	memcpy(tfo_keys, keys, n * sizeof(keys[0]));
	tfo_nkeys = n;
	spin_unlock_bh(&tfo_key_lock);
	return 0;
}

static unsigned long tfo_zero, tfo_int_max = INT_MAX;

static const struct ctl_table tcp_fastopen_table[] = {
	{ .procname = "tcp_fastopen", .data = &sysctl_tcp_fastopen, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &tfo_zero,
	  .extra2 = &tfo_int_max },
	{ .procname = "tcp_fastopen_key", .mode = 0600, .proc_handler = tfo_key_handler },
};

static int tcp_fastopen_sysctl_init(void)
{
	return register_sysctl("net/ipv4", tcp_fastopen_table);
}
subsys_initcall(tcp_fastopen_sysctl_init);

/* ----------------------------------------------------- the option */

void tcp_fastopen_opt_get(const struct sk_buff *skb, struct tcp_fastopen_cookie *foc)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	const u8 *opt;

	foc->len = -1;
	if (!tcb->opts.fo_off)
		return;
	opt = (const u8 *)(tcp_hdr(skb) + 1) + tcb->opts.fo_off - 1;
	foc->len = opt[1] - TCPOLEN_FASTOPEN_BASE;
	memcpy(foc->val, opt + 2, foc->len);
}

/* ------------------------------------------------------- server */

/* Room in the listener's Fast Open queue (Linux's tcp_fastopen_queue_check). */
static bool tcp_fastopen_queue_check(struct sock *lsk)
{
	struct inet_accept_queue *q = &inet_csk(lsk)->icsk_accept_queue;
	int max = READ_ONCE(q->fastopen_max_qlen);

	if (!max)
		return false;
	if (READ_ONCE(q->fastopen_qlen) >= max) {
		NET_INC_STATS(LINUX_MIB_TCPFASTOPENLISTENOVERFLOW);
		return false;
	}
	return true;
}

/* 1: foc is the primary key's cookie, 2: the backup's, 0: neither; valid
 * gets the primary's, for the SYN-ACK. */
static int tcp_fastopen_cookie_check_req(const struct request_sock *req,
					 const struct tcp_fastopen_cookie *foc,
					 struct tcp_fastopen_cookie *valid)
{
	u32 keys[2][TFO_KEY_WORDS];
	struct tcp_fastopen_cookie c;
	int n, i;

	tcp_fastopen_init_key_once();
	n = tcp_fastopen_get_keys(keys);
	for (i = 0; i < n; i++) {
		tcp_fastopen_cookie_gen(keys[i], req->ir_rmt_addr, req->ir_loc_addr, &c);
		if (!i)
			*valid = c;
		if (foc->len == c.len && !memcmp(foc->val, c.val, c.len))
			return i + 1;
	}
	return 0;
}

/* The SYN's data into the new child's receive queue (Linux's
 * tcp_fastopen_add_skb). Without memory the SYN-ACK acks the SYN only and
 * the client sends the data again. */
static void tcp_fastopen_add_skb(struct sock *child, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(child);
	struct sk_buff *data;

	if (TCP_SKB_CB(skb)->end_seq == tp->rcv_nxt)
		return;
	data = skb_clone(skb, GFP_ATOMIC);
	if (!data)
		return;
	TCP_SKB_CB(data)->seq++;
	TCP_SKB_CB(data)->tcp_flags &= ~TCPHDR_SYN;
	tp->rcv_nxt = TCP_SKB_CB(data)->end_seq;
	tp->rcv_wup = tp->rcv_nxt;
	tp->bytes_received += data->len;
	tp->data_segs_in++;
	tp->syn_data_acked = 1;
	skb_set_owner_r(data, child);
	__skb_queue_tail(&child->sk_receive_queue, data);
}

static struct sock *tcp_fastopen_create_child(struct sock *lsk, struct sk_buff *skb,
					      struct request_sock *req)
{
	struct sock *child = tcp_v4_fastopen_child(lsk, req);
	struct tcp_sock *tp;

	if (!child)
		return NULL;
	tp = tcp_sk(child);
	atomic_inc(&req->rsk_refcnt);           /* the child's */
	tp->fastopen_rsk = req;
	tp->snd_wnd = ntohs(tcp_hdr(skb)->window);
	tp->max_window = tp->snd_wnd;
	tcp_fastopen_add_skb(child, skb);
	tcp_rsk(req)->rcv_nxt = tp->rcv_nxt;
	inet_csk_reset_xmit_timer(child, ICSK_TIME_RETRANS, TCP_TIMEOUT_INIT_US);
	inet_csk_fastopen_queue_add(lsk, child);
	return child;
}

/* The SYN-ACK's cookie: foc, or none. */
static void tcp_fastopen_set_req_cookie(struct request_sock *req, const struct tcp_fastopen_cookie *foc)
{
	struct tcp_request_sock *treq = tcp_rsk(req);

	treq->tfo_cookie_len = foc->len;
	if (foc->len > 0)
		memcpy(treq->tfo_cookie, foc->val, foc->len);
}

static bool tcp_fastopen_no_cookie(const struct sock *sk, unsigned long flag)
{
	return (READ_ONCE(sysctl_tcp_fastopen) & flag) || tcp_sk(sk)->fastopen_no_cookie;
}

struct sock *tcp_try_fastopen(struct sock *lsk, struct sk_buff *skb, struct request_sock *req,
			      struct tcp_fastopen_cookie *foc)
{
	bool syn_data = TCP_SKB_CB(skb)->end_seq != TCP_SKB_CB(skb)->seq + 1;
	struct tcp_fastopen_cookie valid = { .len = -1 };
	struct sock *child;
	int ret = 0;

	if (foc->len == 0)
		NET_INC_STATS(LINUX_MIB_TCPFASTOPENCOOKIEREQD);
	if (!((READ_ONCE(sysctl_tcp_fastopen) & TFO_SERVER_ENABLE) && (syn_data || foc->len >= 0) &&
	      tcp_fastopen_queue_check(lsk))) {
		foc->len = -1;
		goto out;
	}
	if (tcp_fastopen_no_cookie(lsk, TFO_SERVER_COOKIE_NOT_REQD))
		goto fastopen;
	if (foc->len >= 0)
		ret = tcp_fastopen_cookie_check_req(req, foc, &valid);
	if (foc->len > 0) {
		if (!ret) {
			NET_INC_STATS(LINUX_MIB_TCPFASTOPENPASSIVEFAIL);
			goto send_cookie;
		}
fastopen:
		child = tcp_fastopen_create_child(lsk, skb, req);
		if (child) {
			/* a backup key's cookie: hand out the primary's */
			foc->len = -1;
			tcp_fastopen_set_req_cookie(req, ret == 2 ? &valid : foc);
			NET_INC_STATS(LINUX_MIB_TCPFASTOPENPASSIVE);
			return child;
		}
		NET_INC_STATS(LINUX_MIB_TCPFASTOPENPASSIVEFAIL);
	}
send_cookie:
	*foc = valid;
out:
	tcp_fastopen_set_req_cookie(req, foc);
	return NULL;
}

/* Linux's fastopen_queue_tune: TCP_FASTOPEN's qlen, capped by somaxconn. */
static void tcp_fastopen_queue_tune(struct sock *sk, int qlen)
{
	unsigned long max = READ_ONCE(sysctl_somaxconn);

	WRITE_ONCE(inet_csk(sk)->icsk_accept_queue.fastopen_max_qlen,
		   (unsigned long)qlen > max ? (int)max : qlen);
}

/* listen() with tcp_fastopen's 0x400|0x2: Fast Open without TCP_FASTOPEN. */
void tcp_fastopen_listen(struct sock *lsk, int backlog)
{
	unsigned long tfo = READ_ONCE(sysctl_tcp_fastopen);

	if ((tfo & TFO_SERVER_WO_SOCKOPT1) && (tfo & TFO_SERVER_ENABLE) &&
	    !inet_csk(lsk)->icsk_accept_queue.fastopen_max_qlen) {
		tcp_fastopen_queue_tune(lsk, backlog);
		tcp_fastopen_init_key_once();
	}
}

int tcp_fastopen_setsockopt(struct sock *sk, int optname, int val)
{
	bool closed_or_listen = (1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN);
	struct tcp_sock *tp = tcp_sk(sk);

	switch (optname) {
	case TCP_FASTOPEN:
		if (val < 0 || !closed_or_listen)
			return -EINVAL;
		tcp_fastopen_init_key_once();
		tcp_fastopen_queue_tune(sk, val);
		return 0;
	case TCP_FASTOPEN_CONNECT:
		if (val < 0 || val > 1)
			return -EINVAL;
		if (!(READ_ONCE(sysctl_tcp_fastopen) & TFO_CLIENT_ENABLE))
			return -EOPNOTSUPP;
		if (sk->sk_state != TCP_CLOSE)
			return -EINVAL;
		tp->fastopen_connect = val;
		return 0;
	case TCP_FASTOPEN_NO_COOKIE:
		if (val < 0 || val > 1 || !closed_or_listen)
			return -EINVAL;
		tp->fastopen_no_cookie = val;
		return 0;
	}
	return -ENOPROTOOPT;
}

void tcp_fastopen_child_done(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct request_sock *req = tp->fastopen_rsk;
	struct inet_accept_queue *q;

	if (!req)
		return;
	tp->fastopen_rsk = NULL;
	q = &inet_csk(req->rsk_listener)->icsk_accept_queue;
	spin_lock_bh(&q->lock);
	q->fastopen_qlen--;
	spin_unlock_bh(&q->lock);
	if (!tp->packets_out)
		inet_csk_clear_xmit_timer(sk);  /* the SYN-ACK's */
	reqsk_put(req);
}

/* The client's SYN again, to a Fast Open child: its SYN-ACK was lost. */
bool tcp_fastopen_synack_again(struct sock *sk, const struct sk_buff *skb)
{
	struct request_sock *req = tcp_sk(sk)->fastopen_rsk;
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	if (!req || (tcb->tcp_flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST)) != TCPHDR_SYN ||
	    tcb->seq != tcp_rsk(req)->rcv_isn)
		return false;
	if (!tcp_v4_send_synack(req))
		req->num_retrans++;
	return true;
}

/* -------------------------------------------------------- client */

#define TFO_CACHE_SIZE  64

/* A slot whose daddr does not match holds nothing for that address;
 * claiming it resets the cookie (zeroed slots never match: nobody
 * connects to 0.0.0.0 through here). */
struct tfo_cache_entry {
	__be32 daddr;
	u16 mss;                        /* the peer's, from its SYN-ACK */
	struct tcp_fastopen_cookie cookie;
};

static DEFINE_SPINLOCK(tfo_cache_lock);
static struct tfo_cache_entry tfo_cache[TFO_CACHE_SIZE];       /* [tfo_cache_lock] */

static struct tfo_cache_entry *tfo_cache_slot(__be32 daddr)
{
	u32 h = (u32)daddr * 0x9e3779b9u;

	return &tfo_cache[h >> 26];     /* the top 6 bits: 64 slots */
}

static void tcp_fastopen_cache_get(__be32 daddr, u16 *mss, struct tcp_fastopen_cookie *c)
{
	struct tfo_cache_entry *e = tfo_cache_slot(daddr);

	c->len = -1;
	spin_lock_bh(&tfo_cache_lock);
	if (e->daddr == daddr) {
		*c = e->cookie;
		*mss = e->mss;
	}
	spin_unlock_bh(&tfo_cache_lock);
}

static void tcp_fastopen_cache_set(__be32 daddr, u16 mss, const struct tcp_fastopen_cookie *c)
{
	struct tfo_cache_entry *e = tfo_cache_slot(daddr);

	spin_lock_bh(&tfo_cache_lock);
	if (e->daddr != daddr) {
		e->daddr = daddr;
		e->cookie.len = -1;
	}
	if (mss)
		e->mss = mss;
	if (c->len > 0)
		e->cookie = *c;
	spin_unlock_bh(&tfo_cache_lock);
}

/* A cookie to send (Linux's tcp_fastopen_cookie_check): the cached one,
 * or none at all in no-cookie mode (c->len -1, true). */
static bool tcp_fastopen_cookie_check(struct sock *sk, u16 *mss, struct tcp_fastopen_cookie *c)
{
	tcp_fastopen_cache_get(sk->sk_daddr, mss, c);
	if (c->len > 0)
		return true;
	c->len = -1;
	return tcp_fastopen_no_cookie(sk, TFO_CLIENT_NO_COOKIE);
}

bool tcp_fastopen_defer_connect(struct sock *sk, int *err)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_fastopen_cookie c;
	u16 mss = 0;

	*err = 0;
	if (!tp->fastopen_connect || tp->fastopen_req)
		return false;
	if (tcp_fastopen_cookie_check(sk, &mss, &c)) {
		inet_sk(sk)->defer_connect = 1;
		return true;
	}
	return false;
}

/* The options of the first SYN of a Fast Open connect. */
void tcp_fastopen_syn_options(struct sock *sk, struct tcp_out_opts *o)
{
	const struct tcp_fastopen_request *fo = tcp_sk(sk)->fastopen_req;

	if (!fo || fo->cookie.len < 0)
		return;
	o->fo = 1;
	o->fo_len = fo->cookie.len;
	memcpy(o->fo_cookie, fo->cookie.val, fo->cookie.len);
}

/* The data skb that follows the SYN on the write queue, filled from the
 * user's message: NULL when there is nothing to put in the SYN. */
static struct sk_buff *tcp_fastopen_data_skb(struct sock *sk, u16 mss)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_fastopen_request *fo = tp->fastopen_req;
	size_t space = (mss ? mss : tp->advmss) - TCP_MAX_OPTION_SPACE;
	struct sk_buff *skb;
	size_t got;

	if (!fo->data || !fo->size)
		return NULL;
	space = min_t(size_t, min_t(size_t, space, fo->size), TCP_MAX_SKB_PAYLOAD);
	skb = tcp_alloc_skb(space, GFP_KERNEL);
	if (!skb)
		return NULL;
	got = copy_from_iter(skb_put(skb, space), space, &fo->data->msg_iter);
	if (!got) {
		kfree_skb(skb);
		return NULL;
	}
	skb_trim(skb, got);
	TCP_SKB_CB(skb)->seq = tp->write_seq;
	TCP_SKB_CB(skb)->end_seq = tp->write_seq + got;
	TCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK | TCPHDR_PSH;
	TCP_SKB_CB(skb)->sacked = 0;
	tcp_queue_skb(sk, skb);
	tp->write_seq += got;
	fo->copied = got;
	return skb;
}

/* One SYN carrying data's bytes (a copy: both stay on the write queue). */
static int tcp_fastopen_xmit(struct sock *sk, struct sk_buff *syn, struct sk_buff *data)
{
	struct sk_buff *out = tcp_alloc_skb(data->len, GFP_KERNEL);

	if (!out)
		return -ENOBUFS;
	memcpy(skb_put(out, data->len), data->data, data->len);
	*TCP_SKB_CB(out) = *TCP_SKB_CB(syn);
	TCP_SKB_CB(out)->end_seq = TCP_SKB_CB(data)->end_seq;
	TCP_SKB_CB(out)->tcp_gso_segs = 1;
	TCP_SKB_CB(data)->tx_us = TCP_SKB_CB(syn)->tx_us = tcp_clock_us();
	return tcp_transmit_skb(sk, out, false);
}

/*
 * tcp_connect's SYN with Fast Open (Linux's tcp_send_syn_data): syn is
 * queued, not sent. With a cookie (or in no-cookie mode) the user's data
 * goes on the write queue after it and out in the same segment; without
 * one the SYN asks for a cookie and the data waits for the handshake.
 */
int tcp_send_syn_data(struct sock *sk, struct sk_buff *syn)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_fastopen_request *fo = tp->fastopen_req;
	struct sk_buff *data = NULL;
	u16 mss = 0;

	tp->syn_fastopen = 1;
	if (!tcp_fastopen_cookie_check(sk, &mss, &fo->cookie)) {
		fo->cookie.len = 0;             /* a cookie request */
		tp->fastopen_client_fail = TFO_COOKIE_UNAVAILABLE;
	} else {
		data = tcp_fastopen_data_skb(sk, mss);
	}
	if (data && !tcp_fastopen_xmit(sk, syn, data)) {
		tp->syn_data = 1;
		tcp_event_new_data_sent(sk, syn, tp->mss_cache);
		tcp_event_new_data_sent(sk, data, tp->mss_cache);
		return 0;
	}
	/* no data went: a plain SYN (a queued data skb goes after the handshake) */
	tcp_transmit_skb(sk, syn, true);
	tcp_event_new_data_sent(sk, syn, tp->mss_cache);
	return 0;
}

/* SYN_SENT got its SYN-ACK (acked already): keep the cookie, and send
 * again what of the SYN's data it did not acknowledge (Linux's
 * tcp_rcv_fastopen_synack). */
void tcp_fastopen_synack(struct sock *sk, const struct sk_buff *synack)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_fastopen_cookie foc;
	struct sk_buff *head = tcp_write_queue_head(sk);

	if (!tp->syn_fastopen)
		return;
	tcp_fastopen_opt_get(synack, &foc);
	tcp_fastopen_cache_set(sk->sk_daddr, TCP_SKB_CB(synack)->opts.mss, &foc);
	if (!tp->syn_data)
		return;
	if (head && head != tp->send_head) {
		tp->fastopen_client_fail = tp->total_retrans ? TFO_SYN_RETRANSMITTED : TFO_DATA_NOT_ACKED;
		NET_INC_STATS(LINUX_MIB_TCPFASTOPENACTIVEFAIL);
		tcp_retransmit_skb(sk, head);
		return;
	}
	tp->syn_data_acked = 1;
	NET_INC_STATS(LINUX_MIB_TCPFASTOPENACTIVE);
}

/*
 * sendmsg(MSG_FASTOPEN), or the first one after a deferred connect: the
 * connect with the data in its SYN. *copied: the bytes that went in it.
 * Called with the socket owned.
 */
int tcp_sendmsg_fastopen(struct sock *sk, struct msghdr *msg, int *copied, size_t size)
{
	struct tcp_fastopen_request fo = { .cookie.len = -1, .data = msg, .size = size };
	const struct sockaddr *uaddr = msg->msg_name;
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	int err, flags;

	if (!(READ_ONCE(sysctl_tcp_fastopen) & TFO_CLIENT_ENABLE) ||
	    (uaddr && msg->msg_namelen >= (int)sizeof(uaddr->sa_family) && uaddr->sa_family == AF_UNSPEC))
		return -EOPNOTSUPP;
	if (tp->fastopen_req)
		return -EALREADY;
	tp->fastopen_req = &fo;
	if (inet->defer_connect) {
		err = tcp_connect(sk);
		if (err) {
			tcp_set_state(sk, TCP_CLOSE);
			sk->sk_dport = 0;
		}
	}
	flags = (msg->msg_flags & MSG_DONTWAIT) ? O_NONBLOCK : 0;
	err = __inet_stream_connect(sk->sk_socket, msg->msg_name, msg->msg_namelen, flags, 1);
	*copied = fo.copied;
	tp->fastopen_req = NULL;
	inet->defer_connect = 0;
	return err;
}
