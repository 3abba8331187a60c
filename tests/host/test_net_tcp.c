// SPDX-License-Identifier: MIT
/*
 * TCP on the host (tcp_input.c, tcp_output.c, tcp_ipv4.c, tcp_timer.c,
 * tcp_minisocks.c, tcp.c), inside the IPv4 stack of host_net.h. The test
 * plays the peer at 10.0.2.2: it builds segments, feeds them to ip_rcv
 * and reads every segment the stack sends back (checksums verified), so
 * the socket calls and tcp_v4_rcv run exactly as they do in the kernel.
 * Time only moves when a test moves it, so the timers (retransmission,
 * zero-window probe, delayed ACK, TIME_WAIT) fire when the test says.
 *
 * Expected behaviour comes from RFC 793/9293 (states, acceptability,
 * resets), RFC 5961 (challenge ACKs), RFC 5681 (immediate ACKs for
 * out-of-order data), RFC 6298 (RTO and backoff) and Linux (error codes,
 * SYN retries, counters).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <host_net.h>
#include <net/tcp.h>
#include <net/icmp.h>
#include <net/inet_hashtables.h>

#define PEER_PORT       40000
#define LISTEN_PORT     80
#define PEER_MSS        1000

/* One connection as the peer sees it. */
struct conn {
	struct socket *sock;    /* ours (the accepted one on a passive open) */
	u16 lport;              /* our port */
	u32 iss;                /* our initial sequence number */
	u32 snd;                /* the peer's next sequence number */
	u32 rcv;                /* what the peer acknowledges: our next byte */
	u16 win;                /* the window the peer offers */
	u16 pport;              /* the peer's port, 0 = PEER_PORT */
};

/* A segment we sent, as the peer reads it. */
struct seg {
	u16 sport, dport;
	u32 seq, ack;
	u8 flags;
	u16 win;
	u16 mss;                /* MSS option, 0 if none */
	bool ws, ts;            /* window scale, timestamp options */
	unsigned int len;       /* payload */
	u8 data[2048];
};

static void setup(void)
{
	host_net_setup();
}

static void teardown(void)
{
	host_net_teardown();
}

/* ----------------------------------------------------- the peer's side */

/* A segment from the peer (SYNs carry an MSS option, nothing else). */
static void send_seg(struct conn *c, u8 flags, u32 seq, u32 ack, const void *data, unsigned int len)
{
	u8 buf[2048];
	struct tcphdr *th = (struct tcphdr *)buf;
	unsigned int hlen = sizeof(*th) + ((flags & TCPHDR_SYN) ? 4 : 0);

	ck_assert_uint_le(hlen + len, sizeof(buf));
	memset(th, 0, hlen);
	th->source = htons(c->pport ? c->pport : PEER_PORT);
	th->dest = htons(c->lport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	((u16 *)th)[6] = htons((hlen / 4) << 12 | flags);
	th->window = htons(c->win);
	if (flags & TCPHDR_SYN) {
		buf[20] = TCPOPT_MSS;
		buf[21] = 4;
		buf[22] = PEER_MSS >> 8;
		buf[23] = PEER_MSS & 0xff;
	}
	if (len)
		memcpy(buf + hlen, data, len);
	th->check = csum_tcpudp_magic(HOST_PEER_IP, HOST_OUR_IP, hlen + len, IPPROTO_TCP,
				      csum_partial(buf, hlen + len, 0));
	host_rx(host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_TCP, buf, hlen + len));
}

/* In-sequence data (or a bare FIN/ACK) from the peer, advancing c->snd. */
static void peer_send(struct conn *c, u8 flags, const char *data)
{
	unsigned int len = data ? strlen(data) : 0;

	send_seg(c, flags, c->snd, c->rcv, data, len);
	c->snd += len + !!(flags & TCPHDR_FIN);
}

static void parse_opts(struct seg *s, const u8 *o, int len)
{
	while (len > 0) {
		if (o[0] == TCPOPT_EOL)
			break;
		if (o[0] == TCPOPT_NOP) {
			o++;
			len--;
			continue;
		}
		ck_assert_int_ge(len, 2);
		ck_assert_int_ge(o[1], 2);
		if (o[0] == TCPOPT_MSS)
			s->mss = o[2] << 8 | o[3];
		else if (o[0] == TCPOPT_WINDOW)
			s->ws = true;
		else if (o[0] == TCPOPT_TIMESTAMP)
			s->ts = true;
		len -= o[1];
		o += o[1];
	}
}

/* The next segment eth0 sent; false if there is none. Checks its IP and
 * TCP checksums and addresses. */
static bool pop_seg(struct seg *s)
{
	struct sk_buff *skb = host_tx_pop();
	u8 pkt[2048 + 120];
	const struct iphdr *iph = (const struct iphdr *)pkt;
	const struct tcphdr *th;
	unsigned int tlen, hlen;

	if (!skb)
		return false;
	ck_assert_uint_le(skb->len, sizeof(pkt));
	ck_assert_int_eq(skb_copy_bits(skb, 0, pkt, skb->len), 0);
	ck_assert_uint_eq(iph->protocol, IPPROTO_TCP);
	ck_assert_uint_eq(iph->saddr, HOST_OUR_IP);
	ck_assert_uint_eq(iph->daddr, HOST_PEER_IP);
	ck_assert_uint_eq(ip_fast_csum(iph, iph->ihl), 0);
	ck_assert_uint_eq(ntohs(iph->tot_len), skb->len);
	th = (const struct tcphdr *)(pkt + iph->ihl * 4);
	tlen = skb->len - iph->ihl * 4;
	ck_assert_uint_eq(csum_tcpudp_magic(iph->saddr, iph->daddr, tlen, IPPROTO_TCP,
					    csum_partial(th, tlen, 0)), 0);
	memset(s, 0, sizeof(*s));
	hlen = th->doff * 4;
	s->sport = ntohs(th->source);
	s->dport = ntohs(th->dest);
	s->seq = ntohl(th->seq);
	s->ack = th->ack ? ntohl(th->ack_seq) : 0;
	s->flags = tcp_flag_byte(th);
	s->win = ntohs(th->window);
	parse_opts(s, (const u8 *)(th + 1), hlen - sizeof(*th));
	s->len = tlen - hlen;
	memcpy(s->data, (const u8 *)th + hlen, s->len);
	kfree_skb(skb);
	return true;
}

/* The next segment must be flags seq/ack (and no payload unless len). */
static void expect_seg(struct seg *s, u8 flags, u32 seq, u32 ack, unsigned int len)
{
	ck_assert_msg(pop_seg(s), "no segment sent, expected flags %#x seq %u", flags, seq);
	ck_assert_uint_eq(s->flags, flags);
	ck_assert_uint_eq(s->seq, seq);
	ck_assert_uint_eq(s->ack, ack);
	ck_assert_uint_eq(s->len, len);
}

/* An immediate ACK of everything the peer sent, window field returned. */
static u16 expect_ack(struct conn *c)
{
	struct seg s;

	expect_seg(&s, TCPHDR_ACK, c->rcv, c->snd, 0);
	return s.win;
}

static void expect_none(void)
{
	struct seg s;

	ck_assert_msg(!pop_seg(&s), "unexpected segment flags %#x seq %u ack %u len %u",
		      s.flags, s.seq, s.ack, s.len);
}

/* Let delayed ACKs go out (time moves on by less than any RTO), then the
 * last segment must ACK all the peer sent. */
static void expect_acked_by_now(struct conn *c)
{
	struct seg s, last;
	bool any = false;

	host_advance(TCP_DELACK_MAX_US * NSEC_PER_USEC);
	while (pop_seg(&s)) {
		ck_assert_uint_eq(s.len, 0);
		last = s;
		any = true;
	}
	ck_assert_msg(any, "no ACK sent");
	ck_assert_uint_eq(last.flags, TCPHDR_ACK);
	ck_assert_uint_eq(last.ack, c->snd);
}

static struct sock *sk_of(struct conn *c)
{
	return c->sock->sk;
}

static int state_of(struct conn *c)
{
	return sk_of(c)->sk_state;
}

static void user_send(struct conn *c, const char *data)
{
	ck_assert_int_eq(host_sendto(c->sock, data, strlen(data), 0, 0), (int)strlen(data));
}

/* Read exactly what the user should find, then nothing. */
static void expect_read(struct conn *c, const char *want)
{
	char buf[4096];
	int n = host_recv(c->sock, buf, sizeof(buf), 0);

	ck_assert_int_eq(n, (int)strlen(want));
	ck_assert_msg(!memcmp(buf, want, n), "read '%.*s'", n, buf);
	ck_assert_int_eq(host_recv(c->sock, buf, sizeof(buf), 0), -EAGAIN);
}

static void user_shutdown_wr(struct conn *c)
{
	ck_assert_int_eq(c->sock->ops->shutdown(c->sock, SHUT_WR), 0);
}

/* ------------------------------------------- getting to each state */

/* Active open up to SYN_SENT; our ISN is iss. */
static void to_syn_sent(struct conn *c, u32 iss)
{
	struct seg s;

	memset(c, 0, sizeof(*c));
	c->win = 65535;
	c->iss = iss;
	host_random = iss;
	c->sock = host_socket(SOCK_STREAM);
	ck_assert_int_eq(host_connect(c->sock, HOST_PEER_IP, PEER_PORT), -EINPROGRESS);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.flags, TCPHDR_SYN);
	ck_assert_uint_eq(s.seq, iss);
	ck_assert_uint_eq(s.dport, PEER_PORT);
	ck_assert_uint_ne(s.sport, 0);
	ck_assert_uint_eq(s.len, 0);
	c->lport = s.sport;
	c->rcv = iss + 1;
	ck_assert_int_eq(state_of(c), TCP_SYN_SENT);
	expect_none();
}

/* Active open with our ISN iss and the peer's irs. */
static void to_established_isn(struct conn *c, u32 iss, u32 irs)
{
	to_syn_sent(c, iss);
	send_seg(c, TCPHDR_SYN | TCPHDR_ACK, irs, iss + 1, NULL, 0);
	c->snd = irs + 1;
	expect_ack(c);
	ck_assert_int_eq(state_of(c), TCP_ESTABLISHED);
	expect_none();
}

static void to_established(struct conn *c)
{
	to_established_isn(c, 0x10000000, 0x50000000);
}

static void to_fin_wait1(struct conn *c)
{
	struct seg s;

	to_established(c);
	user_shutdown_wr(c);
	expect_seg(&s, TCPHDR_FIN | TCPHDR_ACK, c->rcv, c->snd, 0);
	c->rcv++;
	ck_assert_int_eq(state_of(c), TCP_FIN_WAIT1);
}

static void to_fin_wait2(struct conn *c)
{
	to_fin_wait1(c);
	peer_send(c, TCPHDR_ACK, NULL);
	ck_assert_int_eq(state_of(c), TCP_FIN_WAIT2);
	expect_none();
}

static void to_close_wait(struct conn *c)
{
	to_established(c);
	peer_send(c, TCPHDR_FIN | TCPHDR_ACK, NULL);
	expect_ack(c);
	ck_assert_int_eq(state_of(c), TCP_CLOSE_WAIT);
}

/* Both FINs crossed: the peer's does not acknowledge ours. */
static void to_closing(struct conn *c)
{
	to_fin_wait1(c);
	send_seg(c, TCPHDR_FIN | TCPHDR_ACK, c->snd, c->rcv - 1, NULL, 0);
	c->snd++;
	expect_ack(c);
	ck_assert_int_eq(state_of(c), TCP_CLOSING);
}

static void to_last_ack(struct conn *c)
{
	struct seg s;

	to_close_wait(c);
	user_shutdown_wr(c);
	expect_seg(&s, TCPHDR_FIN | TCPHDR_ACK, c->rcv, c->snd, 0);
	c->rcv++;
	ck_assert_int_eq(state_of(c), TCP_LAST_ACK);
}

/* FIN_WAIT2 and the peer's FIN: our socket is closed and a TIME_WAIT
 * minisock holds the connection. */
static void to_time_wait(struct conn *c)
{
	to_fin_wait2(c);
	peer_send(c, TCPHDR_FIN | TCPHDR_ACK, NULL);
	expect_ack(c);
	ck_assert_int_eq(state_of(c), TCP_CLOSE);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TW), 1);
}

/* A listener on LISTEN_PORT and the peer's SYN: a child in SYN_RECV has
 * answered with a SYN-ACK. Returns the listener; c->sock stays NULL. */
static struct socket *to_syn_recv(struct conn *c, u32 iss, u32 irs)
{
	struct socket *l = host_socket(SOCK_STREAM);
	struct seg s;

	memset(c, 0, sizeof(*c));
	c->win = 65535;
	c->lport = LISTEN_PORT;
	c->iss = iss;
	ck_assert_int_eq(host_bind(l, 0, LISTEN_PORT), 0);
	ck_assert_int_eq(l->ops->listen(l, 8), 0);
	host_random = iss;
	send_seg(c, TCPHDR_SYN, irs, 0, NULL, 0);
	c->snd = irs + 1;
	c->rcv = iss + 1;
	expect_seg(&s, TCPHDR_SYN | TCPHDR_ACK, iss, irs + 1, 0);
	ck_assert_uint_eq(s.sport, LISTEN_PORT);
	ck_assert_uint_eq(s.mss, 1460);         /* eth0's MTU less 40 */
	ck_assert(!s.ws && !s.ts);              /* only what the peer offered */
	expect_none();
	return l;
}

/* A segment to the connection's ports now finds no socket: RST. */
static void expect_no_connection(struct conn *c)
{
	struct seg s;

	send_seg(c, TCPHDR_ACK, c->snd, c->rcv, "?", 1);
	expect_seg(&s, TCPHDR_RST, c->rcv, 0, 0);
	expect_none();
}

/* ------------------------------------------------------------- tests */

START_TEST(test_active_open)
{
	struct conn c;
	struct seg s;

	to_syn_sent(&c, 0x12345678);
	/* nothing but the SYN: look at its options again */
	sk_of(&c)->sk_err = 0;
	host_advance(TCP_TIMEOUT_INIT_US * NSEC_PER_USEC);     /* the SYN again */
	expect_seg(&s, TCPHDR_SYN, 0x12345678, 0, 0);
	ck_assert_uint_eq(s.mss, 1460);
	ck_assert(s.ws && s.ts);
	send_seg(&c, TCPHDR_SYN | TCPHDR_ACK, 0xabcdef00, 0x12345679, NULL, 0);
	c.snd = 0xabcdef01;
	expect_ack(&c);
	ck_assert_int_eq(state_of(&c), TCP_ESTABLISHED);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->mss_cache, PEER_MSS);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->snd_wnd, 65535);
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_ACTIVEOPENS), 1);
	expect_none();
	host_close(c.sock);
}
END_TEST

START_TEST(test_passive_open)
{
	struct socket *l;
	struct conn c;
	int err;

	l = to_syn_recv(&c, 0x7000, 0x9000);
	ck_assert_ptr_null(host_accept(l, &err));
	ck_assert_int_eq(err, -EAGAIN);
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_none();
	c.sock = host_accept(l, &err);
	ck_assert_ptr_nonnull(c.sock);
	ck_assert_int_eq(state_of(&c), TCP_ESTABLISHED);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->mss_cache, PEER_MSS);
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_PASSIVEOPENS), 1);
	ck_assert_int_eq(l->sk->sk_state, TCP_LISTEN);
	/* data both ways on the child */
	peer_send(&c, TCPHDR_ACK | TCPHDR_PSH, "ping");
	expect_acked_by_now(&c);
	expect_read(&c, "ping");
	user_send(&c, "pong");
	struct seg s;
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 4);
	ck_assert(!memcmp(s.data, "pong", 4));
	host_close(c.sock);
	host_close(l);
}
END_TEST

/* A SYN to a port nobody listens on: RST|ACK acknowledging it (RFC 793). */
START_TEST(test_closed_port)
{
	struct conn c = { .lport = 81, .win = 1000 };
	struct seg s;

	send_seg(&c, TCPHDR_SYN, 0x100, 0, NULL, 0);
	expect_seg(&s, TCPHDR_RST | TCPHDR_ACK, 0, 0x101, 0);
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_OUTRSTS), 1);
	expect_none();
}
END_TEST

START_TEST(test_in_order)
{
	struct conn c;

	to_established(&c);
	peer_send(&c, TCPHDR_ACK, "hello ");
	peer_send(&c, TCPHDR_ACK | TCPHDR_PSH, "world");
	expect_acked_by_now(&c);
	expect_read(&c, "hello world");
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->rcv_nxt, c.snd);
	host_close(c.sock);
}
END_TEST

/* RFC 5681 4.2: out-of-order data is ACKed at once with the old ACK
 * number (a duplicate ACK); the segment that fills the hole at once too. */
START_TEST(test_out_of_order)
{
	struct conn c;
	u32 base;

	to_established(&c);
	base = c.snd;
	send_seg(&c, TCPHDR_ACK, base + 8, c.rcv, "IJKL", 4);
	expect_ack(&c);                 /* still acks base */
	send_seg(&c, TCPHDR_ACK, base + 4, c.rcv, "EFGH", 4);
	expect_ack(&c);
	ck_assert_uint_eq(skb_queue_len(&tcp_sk(sk_of(&c))->out_of_order_queue), 2);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPOFOQUEUE), 2);
	ck_assert_int_eq(host_recv(c.sock, (char[8]){ 0 }, 8, 0), -EAGAIN);
	send_seg(&c, TCPHDR_ACK, base, c.rcv, "ABCD", 4);
	c.snd = base + 12;
	expect_ack(&c);
	ck_assert_uint_eq(skb_queue_len(&tcp_sk(sk_of(&c))->out_of_order_queue), 0);
	expect_read(&c, "ABCDEFGHIJKL");
	host_close(c.sock);
}
END_TEST

/* A retransmission of data we have: ACKed again at once, kept once
 * (in order and out of order). */
START_TEST(test_duplicate)
{
	struct conn c;
	u32 base;

	to_established(&c);
	base = c.snd;
	peer_send(&c, TCPHDR_ACK, "abc");
	expect_acked_by_now(&c);
	send_seg(&c, TCPHDR_ACK, base, c.rcv, "abc", 3);
	expect_ack(&c);
	send_seg(&c, TCPHDR_ACK, base + 6, c.rcv, "ghi", 3);
	expect_ack(&c);
	send_seg(&c, TCPHDR_ACK, base + 6, c.rcv, "ghi", 3);
	expect_ack(&c);
	ck_assert_uint_eq(skb_queue_len(&tcp_sk(sk_of(&c))->out_of_order_queue), 1);
	send_seg(&c, TCPHDR_ACK, base + 3, c.rcv, "def", 3);
	c.snd = base + 9;
	expect_ack(&c);
	expect_read(&c, "abcdefghi");
	host_close(c.sock);
}
END_TEST

/*
 * Segments overlapping what arrived: each byte is delivered once. The
 * copies differ here so the test sees which one wins, and Linux's rule is
 * kept: what is already in order stays; queued out-of-order data yields
 * to an in-order segment that covers it, and overlapping out-of-order
 * pieces are delivered in sequence order, each from its first byte past
 * what is already in order.
 */
START_TEST(test_overlap)
{
	struct conn c;
	u32 base;

	to_established(&c);
	base = c.snd;
	send_seg(&c, TCPHDR_ACK, base, c.rcv, "abcdef", 6);
	/* overlaps the front: only "ghi" is new */
	send_seg(&c, TCPHDR_ACK, base + 3, c.rcv, "XYZghi", 6);
	c.snd = base + 9;
	expect_acked_by_now(&c);
	/* out of order at 12..15, another at 14..17 overlapping its end */
	send_seg(&c, TCPHDR_ACK, base + 12, c.rcv, "mnop", 4);
	expect_ack(&c);
	send_seg(&c, TCPHDR_ACK, base + 14, c.rcv, "QRst", 4);
	expect_ack(&c);
	ck_assert_uint_eq(skb_queue_len(&tcp_sk(sk_of(&c))->out_of_order_queue), 2);
	/* the hole filled by 9..13, which overlaps the front of 12..15 */
	send_seg(&c, TCPHDR_ACK, base + 9, c.rcv, "jklMN", 5);
	c.snd = base + 18;
	expect_ack(&c);
	expect_read(&c, "abcdefghijklMNopst");
	host_close(c.sock);
}
END_TEST

/* Data with the FIN, and a FIN that arrives before the data it follows. */
START_TEST(test_fin_with_data)
{
	struct conn c;
	char buf[16];
	u32 base;

	to_established(&c);
	base = c.snd;
	send_seg(&c, TCPHDR_ACK | TCPHDR_FIN, base + 3, c.rcv, "def", 3);
	expect_ack(&c);
	ck_assert_int_eq(state_of(&c), TCP_ESTABLISHED);
	send_seg(&c, TCPHDR_ACK, base, c.rcv, "abc", 3);
	c.snd = base + 7;
	expect_ack(&c);
	ck_assert_int_eq(state_of(&c), TCP_CLOSE_WAIT);
	ck_assert_int_eq(host_recv(c.sock, buf, sizeof(buf), 0), 6);
	ck_assert(!memcmp(buf, "abcdef", 6));
	ck_assert_int_eq(host_recv(c.sock, buf, sizeof(buf), 0), 0);         /* end of file */
	host_close(c.sock);
}
END_TEST

/* Both directions across 2^32. */
START_TEST(test_seq_wrap)
{
	struct conn c;
	struct seg s;
	char big[301];

	to_established_isn(&c, 0xfffffff0, 0xffffff00);
	/* ours: bytes 0xfffffff1 .. 0x1c */
	user_send(&c, "0123456789abcdefghijklmnopqrstuvwxyz!?");
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, 0xfffffff1, c.snd, 38);
	ck_assert(!memcmp(s.data, "0123456789abcdefghijklmnopqrstuvwxyz!?", 38));
	c.rcv += 38;
	ck_assert_uint_eq(c.rcv, 0x17);
	peer_send(&c, TCPHDR_ACK, NULL);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->snd_una, 0x17);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->packets_out, 0);
	ck_assert(skb_queue_empty(&sk_of(&c)->sk_write_queue));
	/* theirs: 300 bytes from 0xffffff01, the middle piece (across the
	 * wrap) first */
	memset(big, 0, sizeof(big));
	for (int i = 0; i < 300; i++)
		big[i] = 'a' + i % 26;
	send_seg(&c, TCPHDR_ACK, 0xffffff01 + 200, c.rcv, big + 200, 100);
	expect_ack(&c);
	send_seg(&c, TCPHDR_ACK, 0xffffff01 + 100, c.rcv, big + 100, 100);
	expect_ack(&c);
	send_seg(&c, TCPHDR_ACK, 0xffffff01, c.rcv, big, 100);
	c.snd = 0xffffff01 + 300;
	ck_assert_uint_eq(c.snd, 0x2d);
	expect_ack(&c);
	expect_read(&c, big);
	host_close(c.sock);
}
END_TEST

/* ---------------------------------------------------- closing */

/* FIN_WAIT1 -> FIN_WAIT2 -> TIME_WAIT, which answers a repeated FIN and
 * goes away after 60 s (Linux's TCP_TIMEWAIT_LEN). */
START_TEST(test_active_close)
{
	struct conn c;

	to_time_wait(&c);
	send_seg(&c, TCPHDR_FIN | TCPHDR_ACK, c.snd - 1, c.rcv, NULL, 0);
	expect_ack(&c);
	host_advance(59 * NSEC_PER_SEC);
	send_seg(&c, TCPHDR_FIN | TCPHDR_ACK, c.snd - 1, c.rcv, NULL, 0);
	expect_ack(&c);                 /* and TIME_WAIT starts again */
	host_advance(61 * NSEC_PER_SEC);
	expect_none();
	expect_no_connection(&c);
	host_close(c.sock);
}
END_TEST

/* CLOSE_WAIT: end of file for the reader; close sends our FIN and the
 * peer's ACK of it ends the connection (LAST_ACK -> CLOSED). */
START_TEST(test_passive_close)
{
	struct conn c;
	struct seg s;

	to_close_wait(&c);
	ck_assert_int_eq(host_recv(c.sock, (char[8]){ 0 }, 8, 0), 0);
	user_send(&c, "last");
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 4);
	c.rcv += 4;
	host_close(c.sock);
	expect_seg(&s, TCPHDR_FIN | TCPHDR_ACK, c.rcv, c.snd, 0);
	c.rcv++;
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_none();
	expect_no_connection(&c);
}
END_TEST

/* Simultaneous close: FIN_WAIT1 -> CLOSING -> TIME_WAIT. */
START_TEST(test_simultaneous_close)
{
	struct conn c;

	to_closing(&c);
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_CLOSE);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TW), 1);
	send_seg(&c, TCPHDR_FIN | TCPHDR_ACK, c.snd - 1, c.rcv, NULL, 0);
	expect_ack(&c);                 /* TIME_WAIT answers */
	host_close(c.sock);
}
END_TEST

/* ------------------------------------------------------ resets */

struct rst_case {
	const char *name;
	void (*reach)(struct conn *c);
	int state;
	int err;                /* what the user sees after a valid RST (Linux's tcp_reset) */
};

static const struct rst_case rst_cases[] = {
	{ "ESTABLISHED", to_established, TCP_ESTABLISHED, ECONNRESET },
	{ "FIN_WAIT1", to_fin_wait1, TCP_FIN_WAIT1, ECONNRESET },
	{ "FIN_WAIT2", to_fin_wait2, TCP_FIN_WAIT2, ECONNRESET },
	{ "CLOSE_WAIT", to_close_wait, TCP_CLOSE_WAIT, EPIPE },
	{ "CLOSING", to_closing, TCP_CLOSING, ECONNRESET },
	{ "LAST_ACK", to_last_ack, TCP_LAST_ACK, ECONNRESET },
};

/* RST at exactly the next expected sequence number: the connection ends. */
START_TEST(test_rst_exact)
{
	const struct rst_case *t = &rst_cases[_i];
	struct conn c;

	t->reach(&c);
	ck_assert_msg(state_of(&c) == t->state, "%s: not reached", t->name);
	send_seg(&c, TCPHDR_RST, c.snd, 0, NULL, 0);
	expect_none();
	ck_assert_msg(state_of(&c) == TCP_CLOSE, "%s: state %d", t->name, state_of(&c));
	ck_assert_msg(sk_of(&c)->sk_err == t->err, "%s: err %d", t->name, sk_of(&c)->sk_err);
	expect_no_connection(&c);
	host_close(c.sock);
}
END_TEST

/* RFC 5961 3.2: an RST inside the window but not at its left edge gets a
 * challenge ACK and changes nothing. */
START_TEST(test_rst_in_window)
{
	const struct rst_case *t = &rst_cases[_i];
	struct conn c;

	t->reach(&c);
	send_seg(&c, TCPHDR_RST, c.snd + 1000, 0, NULL, 0);
	expect_ack(&c);
	ck_assert_msg(state_of(&c) == t->state, "%s: state %d", t->name, state_of(&c));
	ck_assert_int_eq(sk_of(&c)->sk_err, 0);
	host_close(c.sock);
}
END_TEST

/* An RST outside the window is dropped without an answer. */
START_TEST(test_rst_out_of_window)
{
	const struct rst_case *t = &rst_cases[_i];
	struct conn c;

	t->reach(&c);
	send_seg(&c, TCPHDR_RST, c.snd + 0x40000000, 0, NULL, 0);
	send_seg(&c, TCPHDR_RST, c.snd - 0x40000000, 0, NULL, 0);
	expect_none();
	ck_assert_msg(state_of(&c) == t->state, "%s: state %d", t->name, state_of(&c));
	ck_assert_int_eq(sk_of(&c)->sk_err, 0);
	host_close(c.sock);
}
END_TEST

/* RFC 5961 4.2: a SYN on a synchronized connection gets a challenge ACK
 * and changes nothing (RFC 793 would have reset it). */
START_TEST(test_syn_established)
{
	struct conn c;

	to_established(&c);
	send_seg(&c, TCPHDR_SYN, c.snd + 10, 0, NULL, 0);
	expect_ack(&c);
	ck_assert_int_eq(state_of(&c), TCP_ESTABLISHED);
	ck_assert_int_eq(sk_of(&c)->sk_err, 0);
	peer_send(&c, TCPHDR_ACK | TCPHDR_PSH, "still here");
	expect_acked_by_now(&c);
	expect_read(&c, "still here");
	host_close(c.sock);
}
END_TEST

/* SYN_SENT (RFC 793 p. 66f): an RST counts only with an ACK of our SYN. */
START_TEST(test_rst_syn_sent)
{
	struct conn c;
	struct seg s;

	to_syn_sent(&c, 0x1000);
	send_seg(&c, TCPHDR_RST, 0x5000, 0, NULL, 0);                        /* no ACK */
	send_seg(&c, TCPHDR_RST | TCPHDR_ACK, 0x5000, 0x1000, NULL, 0);      /* acks nothing */
	send_seg(&c, TCPHDR_RST | TCPHDR_ACK, 0x5000, 0x1002, NULL, 0);      /* acks the future */
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_SYN_SENT);
	/* an unacceptable ACK without RST is answered with RST seq=its ack */
	send_seg(&c, TCPHDR_ACK, 0x5000, 0x2000, NULL, 0);
	expect_seg(&s, TCPHDR_RST, 0x2000, 0, 0);
	ck_assert_int_eq(state_of(&c), TCP_SYN_SENT);
	/* the acceptable one: connection refused */
	send_seg(&c, TCPHDR_RST | TCPHDR_ACK, 0, 0x1001, NULL, 0);
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_CLOSE);
	ck_assert_int_eq(sk_of(&c)->sk_err, ECONNREFUSED);
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_ATTEMPTFAILS), 1);
	host_close(c.sock);
}
END_TEST

/* SYN_RECV: a valid RST kills the embryonic child (the listener stays);
 * one outside the window does not. */
START_TEST(test_rst_syn_recv)
{
	struct socket *l, *a;
	struct conn c;
	int err;

	l = to_syn_recv(&c, 0x3000, 0x8000);
	send_seg(&c, TCPHDR_RST, c.snd + 0x40000000, 0, NULL, 0);
	expect_none();
	send_seg(&c, TCPHDR_RST, c.snd, 0, NULL, 0);
	expect_none();
	ck_assert_int_eq(l->sk->sk_state, TCP_LISTEN);
	/* the handshake's ACK now reaches the listener: RST */
	expect_no_connection(&c);
	ck_assert_ptr_null(host_accept(l, &err));
	ck_assert_int_eq(err, -EAGAIN);
	/* and the out-of-window RST alone left the child alive */
	host_close(l);
	l = to_syn_recv(&c, 0x3000, 0x8000);
	send_seg(&c, TCPHDR_RST, c.snd - 0x40000000, 0, NULL, 0);
	expect_none();
	peer_send(&c, TCPHDR_ACK, NULL);
	a = host_accept(l, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->sk->sk_state, TCP_ESTABLISHED);
	host_close(a);
	host_close(l);
}
END_TEST

/* TIME_WAIT: an RST at rcv_nxt ends it early, as Linux does by default
 * (net.ipv4.tcp_rfc1337 = 0); one elsewhere is ignored. */
START_TEST(test_rst_time_wait)
{
	struct conn c;

	to_time_wait(&c);
	send_seg(&c, TCPHDR_RST, c.snd + 0x40000000, 0, NULL, 0);
	expect_none();
	send_seg(&c, TCPHDR_FIN | TCPHDR_ACK, c.snd - 1, c.rcv, NULL, 0);
	expect_ack(&c);                 /* still there */
	send_seg(&c, TCPHDR_RST, c.snd, 0, NULL, 0);
	expect_none();
	expect_no_connection(&c);
	host_close(c.sock);
}
END_TEST

/* TIME_WAIT and a SYN it cannot take (its sequence number is not above
 * rcv_nxt): Linux answers with an ACK, so that a live peer in SYN_SENT
 * resets at rcv_nxt and its next SYN reaches the listener. A silent drop
 * would stall that connect for the rest of TIME_WAIT. */
START_TEST(test_syn_time_wait)
{
	struct conn c;

	to_time_wait(&c);
	send_seg(&c, TCPHDR_SYN, c.snd - 1000, 0, NULL, 0);
	expect_ack(&c);
	send_seg(&c, TCPHDR_RST, c.snd, 0, NULL, 0);
	expect_none();
	expect_no_connection(&c);
	host_close(c.sock);
}
END_TEST

/* ------------------------------------------------------ windows */

/* The peer fills our receive window without us reading: the window
 * closes, data beyond it is dropped (and ACKed with window 0), and
 * reading opens it again with a window update. */
START_TEST(test_zero_window_receiver)
{
	static char chunk[PEER_MSS + 1];
	struct conn c;
	struct seg s;
	u32 edge;
	int n, i;

	to_established(&c);
	memset(chunk, 'z', PEER_MSS);
	edge = c.snd + tcp_sk(sk_of(&c))->rcv_wnd;
	for (i = 0; i < 1000 && edge != c.snd; i++) {
		n = min_t(u32, PEER_MSS, edge - c.snd);
		send_seg(&c, TCPHDR_ACK, c.snd, c.rcv, chunk, n);
		c.snd += n;
		host_advance(TCP_DELACK_MAX_US * NSEC_PER_USEC);
		while (pop_seg(&s)) {
			ck_assert_uint_eq(s.flags, TCPHDR_ACK);
			ck_assert(!after(s.ack + s.win, edge + 65535));
			if (after(s.ack + s.win, edge) || s.ack == c.snd)
				edge = s.ack + s.win;
		}
	}
	ck_assert_uint_eq(edge, c.snd);         /* the window closed */
	ck_assert_uint_eq(tcp_receive_window(tcp_sk(sk_of(&c))), 0);
	/* a probe with one byte beyond it: dropped, answered with window 0 */
	send_seg(&c, TCPHDR_ACK, c.snd, c.rcv, "!", 1);
	ck_assert_uint_eq(expect_ack(&c), 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPZEROWINDOWDROP), 1);
	/* reading frees the buffer and window updates go out by themselves
	 * (one per read that at least doubled the window, as Linux's
	 * tcp_cleanup_rbuf) */
	while ((n = host_recv(c.sock, chunk, PEER_MSS, 0)) > 0)
		;
	ck_assert_int_eq(n, -EAGAIN);
	for (i = 0; pop_seg(&s); i++) {
		ck_assert_uint_eq(s.flags, TCPHDR_ACK);
		ck_assert_uint_eq(s.ack, c.snd);
		ck_assert_uint_eq(s.len, 0);
		ck_assert_uint_gt(s.win, 0);
	}
	ck_assert_int_gt(i, 0);
	ck_assert_uint_gt(s.win, PEER_MSS);
	host_close(c.sock);
}
END_TEST

/* The peer closes its window: our data waits, zero-window probes (an old
 * sequence number, no data) keep asking, and its window update lets the
 * data go. */
START_TEST(test_zero_window_sender)
{
	struct conn c;
	struct seg s;
	ktime_t rto;

	to_established(&c);
	user_send(&c, "abc");
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 3);
	c.rcv += 3;
	c.win = 0;
	peer_send(&c, TCPHDR_ACK, NULL);
	user_send(&c, "defgh");
	expect_none();
	rto = (ktime_t)inet_csk(sk_of(&c))->icsk_rto * NSEC_PER_USEC;
	host_advance(rto);
	expect_seg(&s, TCPHDR_ACK, c.rcv - 1, c.snd, 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPWINPROBE), 1);
	expect_none();
	/* the peer's answer to the probe still says 0: the next probe comes
	 * after twice the time */
	send_seg(&c, TCPHDR_ACK, c.snd, c.rcv, NULL, 0);
	expect_none();
	host_advance(2 * rto - 1);
	expect_none();
	host_advance(1);
	expect_seg(&s, TCPHDR_ACK, c.rcv - 1, c.snd, 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPWINPROBE), 2);
	c.win = 1000;
	send_seg(&c, TCPHDR_ACK, c.snd, c.rcv, NULL, 0);
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 5);
	ck_assert(!memcmp(s.data, "defgh", 5));
	expect_none();
	host_close(c.sock);
}
END_TEST

/* ------------------------------------------------------ loss recovery */

/*
 * RFC 5681 3.2 and RFC 6582 (NewReno): the third duplicate ACK
 * retransmits the segment at snd_una and lowers ssthresh (CUBIC, Linux's
 * default: to 7/10 of the window); a partial ACK retransmits the next
 * hole; the full ACK ends recovery.
 */
START_TEST(test_fast_retransmit)
{
	static char data[5001];
	struct conn c;
	struct seg s;
	u32 base;
	int i;

	to_established(&c);
	base = c.rcv;
	for (i = 0; i < 5000; i++)
		data[i] = '0' + i / 1000;
	user_send(&c, data);
	for (i = 0; i < 5; i++) {
		expect_seg(&s, TCPHDR_ACK | (i == 4 ? TCPHDR_PSH : 0), base + i * 1000, c.snd, 1000);
		ck_assert_uint_eq(s.data[0], '0' + i);
	}
	expect_none();
	c.rcv = base + 1000;                    /* the second segment was lost */
	peer_send(&c, TCPHDR_ACK, NULL);
	peer_send(&c, TCPHDR_ACK, NULL);
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_none();
	peer_send(&c, TCPHDR_ACK, NULL);        /* the third duplicate */
	expect_seg(&s, TCPHDR_ACK, base + 1000, c.snd, 1000);
	ck_assert_uint_eq(s.data[0], '1');
	expect_none();
	ck_assert_uint_eq(inet_csk(sk_of(&c))->icsk_ca_state, TCP_CA_Recovery);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->snd_ssthresh, TCP_INIT_CWND * 7 / 10);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTRETRANS), 1);
	/* the retransmission arrived but the fourth segment was lost too */
	c.rcv = base + 3000;
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_seg(&s, TCPHDR_ACK, base + 3000, c.snd, 1000);
	ck_assert_uint_eq(s.data[0], '3');
	expect_none();
	c.rcv = base + 5000;
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_none();
	ck_assert_uint_eq(inet_csk(sk_of(&c))->icsk_ca_state, TCP_CA_Open);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->packets_out, 0);
	ck_assert_uint_le(tcp_sk(sk_of(&c))->snd_cwnd, TCP_INIT_CWND * 7 / 10);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPTIMEOUTS), 0);
	host_close(c.sock);
}
END_TEST

/* ------------------------------------------------------ ICMP errors */

/* The peer's router answers a segment of ours with ICMP type/code. */
static void icmp_about(struct conn *c, int type, int code, u32 seq)
{
	u8 m[8 + 20 + 8];
	struct icmphdr *ih = (struct icmphdr *)m;
	struct iphdr *iph = (struct iphdr *)(ih + 1);
	struct tcphdr *th = (struct tcphdr *)(iph + 1);

	memset(m, 0, sizeof(m));
	ih->type = type;
	ih->code = code;
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(40);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = HOST_OUR_IP;
	iph->daddr = HOST_PEER_IP;
	iph->check = ip_fast_csum(iph, 5);
	th->source = htons(c->lport);
	th->dest = htons(PEER_PORT);
	th->seq = htonl(seq);           /* the 8 bytes: ports and sequence number */
	ih->checksum = csum_fold(csum_partial(m, sizeof(m), 0));
	host_rx(host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_ICMP, m, sizeof(m)));
}

/* RFC 1122 4.2.3.9: port unreachable aborts a connection attempt (Linux:
 * ECONNREFUSED); host unreachable on an established one is only a soft
 * error, reported if the connection later times out. */
START_TEST(test_icmp_errors)
{
	struct conn c;

	to_syn_sent(&c, 0x6000);
	icmp_about(&c, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0x6000);
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_CLOSE);
	ck_assert_int_eq(sk_of(&c)->sk_err, ECONNREFUSED);
	host_close(c.sock);

	to_established(&c);
	icmp_about(&c, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, c.rcv);
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_ESTABLISHED);
	ck_assert_int_eq(sk_of(&c)->sk_err, 0);
	ck_assert_int_eq(sk_of(&c)->sk_err_soft, EHOSTUNREACH);
	host_close(c.sock);
}
END_TEST

/* ------------------------------------------------------ timers */

/* RFC 6298: the same data again when the RTO passes (never below Linux's
 * 200 ms floor), then after twice the RTO (5.5); an ACK stops it. */
START_TEST(test_retransmit)
{
	struct conn c;
	struct seg s;
	ktime_t rto;

	to_established(&c);
	rto = (ktime_t)inet_csk(sk_of(&c))->icsk_rto * NSEC_PER_USEC;
	ck_assert_int_ge(rto, (ktime_t)TCP_RTO_MIN_US * NSEC_PER_USEC);
	user_send(&c, "lost");
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 4);
	host_advance(rto - 1);
	expect_none();
	host_advance(1);
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 4);
	ck_assert(!memcmp(s.data, "lost", 4));
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_RETRANSSEGS), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPTIMEOUTS), 1);
	host_advance(2 * rto - 1);
	expect_none();
	host_advance(1);
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 4);
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_RETRANSSEGS), 2);
	host_advance(4 * rto - 1);
	expect_none();
	c.rcv += 4;
	peer_send(&c, TCPHDR_ACK, NULL);
	ck_assert_uint_eq(tcp_sk(sk_of(&c))->packets_out, 0);
	host_advance(100 * NSEC_PER_SEC);
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_ESTABLISHED);
	host_close(c.sock);
}
END_TEST

/* Unanswered data: TCP_RETRIES2 (Linux's tcp_retries2 = 15) retransmissions,
 * then the connection fails with ETIMEDOUT and sends nothing more. */
START_TEST(test_retransmit_gives_up)
{
	struct conn c;
	struct seg s;
	int n = 0;

	to_established(&c);
	user_send(&c, "void");
	expect_seg(&s, TCPHDR_ACK | TCPHDR_PSH, c.rcv, c.snd, 4);
	host_advance(3600 * NSEC_PER_SEC);
	while (pop_seg(&s)) {
		ck_assert_uint_eq(s.seq, c.rcv);
		ck_assert_uint_eq(s.len, 4);
		n++;
	}
	ck_assert_int_eq(n, TCP_RETRIES2);
	ck_assert_int_eq(state_of(&c), TCP_CLOSE);
	ck_assert_int_eq(sk_of(&c)->sk_err, ETIMEDOUT);
	host_close(c.sock);
}
END_TEST

/* An unanswered SYN: sent at 0, 1, 3, 7, 15, 31 and 63 s (RFC 6298's
 * 1 s initial RTO doubling, Linux's tcp_syn_retries = 6), then ETIMEDOUT. */
START_TEST(test_syn_retries)
{
	struct conn c;
	struct seg s;
	int i;

	to_syn_sent(&c, 0x4242);
	for (i = 0; i < TCP_SYN_RETRIES; i++) {
		host_advance((1LL << i) * NSEC_PER_SEC - 1);
		expect_none();
		host_advance(1);
		expect_seg(&s, TCPHDR_SYN, 0x4242, 0, 0);
	}
	host_advance(64 * NSEC_PER_SEC);
	expect_none();
	ck_assert_int_eq(state_of(&c), TCP_CLOSE);
	ck_assert_int_eq(sk_of(&c)->sk_err, ETIMEDOUT);
	host_close(c.sock);
}
END_TEST

/* ----------------------------------------------- request socks, cookies */

/* A SYN-ACK whose sequence number (a cookie) the test cannot know. */
static void expect_cookie_synack(struct seg *s, u32 ack)
{
	ck_assert(pop_seg(s));
	ck_assert_uint_eq(s->flags, TCPHDR_SYN | TCPHDR_ACK);
	ck_assert_uint_eq(s->ack, ack);
	ck_assert_uint_eq(s->len, 0);
}

/* The SYN-ACK timer resends it after 1, 2, 4 s (tcp_synack_retries of
 * them), then the request goes: its memory is freed and the late ACK
 * finds no connection. A retransmitted SYN is answered at once. */
START_TEST(test_synack_retransmit_expiry)
{
	unsigned long retries = sysctl_tcp_synack_retries;
	struct socket *l;
	struct conn c;
	struct seg s;
	int i, base = reqsk_count();

	sysctl_tcp_synack_retries = 2;
	l = to_syn_recv(&c, 0x6000, 0x1000);
	ck_assert_int_eq(reqsk_count(), base + 1);
	send_seg(&c, TCPHDR_SYN, 0x1000, 0, NULL, 0);           /* the SYN again */
	expect_seg(&s, TCPHDR_SYN | TCPHDR_ACK, 0x6000, 0x1001, 0);
	ck_assert_int_eq(reqsk_count(), base + 1);
	for (i = 0; i < 2; i++) {
		host_advance((1LL << i) * NSEC_PER_SEC - 1);
		expect_none();
		host_advance(1);
		expect_seg(&s, TCPHDR_SYN | TCPHDR_ACK, 0x6000, 0x1001, 0);
	}
	host_advance(4 * NSEC_PER_SEC);
	expect_none();
	ck_assert_int_eq(reqsk_count(), base);
	expect_no_connection(&c);
	host_close(l);
	sysctl_tcp_synack_retries = retries;
}
END_TEST

/* close() of a listener frees its SYN queue at once. */
START_TEST(test_listener_close_frees_requests)
{
	int base = reqsk_count();
	struct socket *l;
	struct conn c;

	l = to_syn_recv(&c, 0x6000, 0x1000);
	ck_assert_int_eq(reqsk_count(), base + 1);
	host_close(l);
	ck_assert_int_eq(reqsk_count(), base);
	host_advance(10 * NSEC_PER_SEC);
	expect_none();
}
END_TEST

/* An ACK that acknowledges something else is reset; the request stays
 * and the right ACK still completes it. */
START_TEST(test_request_bad_ack)
{
	struct socket *l, *a;
	struct conn c;
	struct seg s;
	int err;

	l = to_syn_recv(&c, 0x6000, 0x1000);
	send_seg(&c, TCPHDR_ACK, c.snd, c.rcv + 5, NULL, 0);
	expect_seg(&s, TCPHDR_RST, c.rcv + 5, 0, 0);
	peer_send(&c, TCPHDR_ACK, NULL);
	expect_none();
	a = host_accept(l, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->sk->sk_state, TCP_ESTABLISHED);
	host_close(a);
	host_close(l);
}
END_TEST

/* tcp_syncookies = 2: the SYN-ACK carries a cookie, no request is kept,
 * and the ACK that returns it makes the connection (with the cookie's
 * MSS: 536 is the table's largest not above the peer's 1000). */
START_TEST(test_syncookie_handshake)
{
	unsigned long cookies = sysctl_tcp_syncookies;
	int base = reqsk_count(), err;
	struct socket *l, *a;
	struct conn c;
	struct seg s;

	sysctl_tcp_syncookies = 2;
	memset(&c, 0, sizeof(c));
	c.win = 65535;
	c.lport = LISTEN_PORT;
	l = host_socket(SOCK_STREAM);
	ck_assert_int_eq(host_bind(l, 0, LISTEN_PORT), 0);
	ck_assert_int_eq(l->ops->listen(l, 8), 0);
	send_seg(&c, TCPHDR_SYN, 0x2000, 0, NULL, 0);
	expect_cookie_synack(&s, 0x2001);
	ck_assert_uint_eq(s.mss, 1460);
	ck_assert_int_eq(reqsk_count(), base);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_SYNCOOKIESSENT), 1);
	c.snd = 0x2001;
	c.rcv = s.seq + 1;
	peer_send(&c, TCPHDR_ACK | TCPHDR_PSH, "hi");
	a = host_accept(l, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->sk->sk_state, TCP_ESTABLISHED);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_SYNCOOKIESRECV), 1);
	ck_assert_uint_eq(tcp_sk(a->sk)->mss_clamp, 536);
	ck_assert_uint_eq(tcp_sk(a->sk)->rcv_nxt, 0x2003);      /* the data came with it */
	host_close(a);
	host_close(l);
	sysctl_tcp_syncookies = cookies;
}
END_TEST

/* A wrong cookie: SyncookiesFailed and a reset; with cookies off no
 * cookie is even looked at. */
START_TEST(test_syncookie_bad)
{
	unsigned long cookies = sysctl_tcp_syncookies;
	struct socket *l;
	struct conn c;
	struct seg s;

	sysctl_tcp_syncookies = 2;
	memset(&c, 0, sizeof(c));
	c.win = 65535;
	c.lport = LISTEN_PORT;
	l = host_socket(SOCK_STREAM);
	ck_assert_int_eq(host_bind(l, 0, LISTEN_PORT), 0);
	ck_assert_int_eq(l->ops->listen(l, 8), 0);
	send_seg(&c, TCPHDR_SYN, 0x2000, 0, NULL, 0);
	expect_cookie_synack(&s, 0x2001);
	/* its count bits say 5 minutes old (low bits would name another MSS) */
	send_seg(&c, TCPHDR_ACK, 0x2001, s.seq + 1 + (5u << 24), NULL, 0);
	expect_seg(&s, TCPHDR_RST, s.seq + 1 + (5u << 24), 0, 0);
	s.seq -= 5u << 24;
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_SYNCOOKIESFAILED), 1);
	sysctl_tcp_syncookies = 0;
	send_seg(&c, TCPHDR_ACK, 0x2001, s.seq + 1, NULL, 0);
	expect_seg(&s, TCPHDR_RST, s.seq + 1, 0, 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_SYNCOOKIESFAILED), 1);
	host_close(l);
	sysctl_tcp_syncookies = cookies;
}
END_TEST

/* A full SYN queue (backlog 1) sends cookies for the next SYN, once
 * logged; with cookies off it drops the SYN (TCPReqQFullDrop). */
START_TEST(test_syn_queue_full)
{
	unsigned long cookies = sysctl_tcp_syncookies;
	struct socket *l;
	struct conn c, d;
	struct seg s;

	l = to_syn_recv(&c, 0x6000, 0x1000);
	ck_assert_int_eq(l->ops->listen(l, 1), 0);
	d = c;
	d.pport = PEER_PORT + 1;
	send_seg(&d, TCPHDR_SYN, 0x3000, 0, NULL, 0);
	expect_cookie_synack(&s, 0x3001);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPREQQFULLDOCOOKIES), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_SYNCOOKIESSENT), 1);
	sysctl_tcp_syncookies = 0;
	d.pport = PEER_PORT + 2;
	send_seg(&d, TCPHDR_SYN, 0x4000, 0, NULL, 0);
	expect_none();
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPREQQFULLDROP), 1);
	host_close(l);
	sysctl_tcp_syncookies = cookies;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_tcp");
	TCase *open = tcase_create("open"), *data = tcase_create("data");
	TCase *close = tcase_create("close"), *rst = tcase_create("rst");
	TCase *win = tcase_create("window"), *timer = tcase_create("timer");
	TCase *all[] = { open, data, close, rst, win, timer };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		tcase_set_timeout(all[i], 60);
		tcase_add_checked_fixture(all[i], setup, teardown);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(open, test_active_open);
	tcase_add_test(open, test_passive_open);
	tcase_add_test(open, test_closed_port);
	tcase_add_test(data, test_in_order);
	tcase_add_test(data, test_out_of_order);
	tcase_add_test(data, test_duplicate);
	tcase_add_test(data, test_overlap);
	tcase_add_test(data, test_fin_with_data);
	tcase_add_test(data, test_seq_wrap);
	tcase_add_test(close, test_active_close);
	tcase_add_test(close, test_passive_close);
	tcase_add_test(close, test_simultaneous_close);
	tcase_add_loop_test(rst, test_rst_exact, 0, ARRAY_SIZE(rst_cases));
	tcase_add_loop_test(rst, test_rst_in_window, 0, ARRAY_SIZE(rst_cases));
	tcase_add_loop_test(rst, test_rst_out_of_window, 0, ARRAY_SIZE(rst_cases));
	tcase_add_test(rst, test_syn_established);
	tcase_add_test(rst, test_rst_syn_sent);
	tcase_add_test(rst, test_rst_syn_recv);
	tcase_add_test(rst, test_rst_time_wait);
	tcase_add_test(rst, test_syn_time_wait);
	tcase_add_test(win, test_zero_window_receiver);
	tcase_add_test(win, test_zero_window_sender);
	tcase_add_test(data, test_fast_retransmit);
	tcase_add_test(data, test_icmp_errors);
	tcase_add_test(timer, test_retransmit);
	tcase_add_test(timer, test_retransmit_gives_up);
	tcase_add_test(timer, test_syn_retries);
	tcase_add_test(timer, test_synack_retransmit_expiry);
	tcase_add_test(open, test_listener_close_frees_requests);
	tcase_add_test(open, test_request_bad_ack);
	tcase_add_test(open, test_syncookie_handshake);
	tcase_add_test(open, test_syncookie_bad);
	tcase_add_test(open, test_syn_queue_full);
	return host_run_suite(s);
}
