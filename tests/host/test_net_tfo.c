// SPDX-License-Identifier: MIT
/*
 * TCP Fast Open's server side on the host (net/ipv4/tcp_fastopen.c and
 * the request path of tcp_ipv4.c), inside the IPv4 stack of host_net.h:
 * the test plays a client at 10.0.2.2 that asks for a cookie, sends it
 * back with data in its SYN, forges a bad one, loses SYN-ACKs and fills
 * the Fast Open queue. Expected behaviour is RFC 7413's and Linux's
 * (counters, the SYN-ACK acknowledging the SYN's data, accept() before
 * the handshake's last ACK).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <host_net.h>
#include <net/tcp.h>
#include <net/inet_hashtables.h>

#define LISTEN_PORT     80

/* What the client's SYN-ACK said. */
struct synack {
	u32 seq, ack;
	u8 flags;
	int cookie_len;                 /* -1: no Fast Open option */
	u8 cookie[16];
};

static unsigned long saved_tfo;

static void setup(void)
{
	host_net_setup();
	saved_tfo = sysctl_tcp_fastopen;
	sysctl_tcp_fastopen = TFO_CLIENT_ENABLE | TFO_SERVER_ENABLE;
}

static void teardown(void)
{
	sysctl_tcp_fastopen = saved_tfo;
	host_net_teardown();
}

/* A segment from the client port; a SYN carries MSS and, with cookie_len
 * >= 0, a Fast Open option. */
static void client_seg(u16 port, u8 flags, u32 seq, u32 ack, int cookie_len, const u8 *cookie,
		       const char *data)
{
	u8 o[40];
	int olen = 0;

	if (flags & TCPHDR_SYN) {
		o[olen++] = TCPOPT_MSS;
		o[olen++] = 4;
		o[olen++] = 1000 >> 8;
		o[olen++] = 1000 & 0xff;
		if (cookie_len >= 0) {
			o[olen++] = TCPOPT_FASTOPEN;
			o[olen++] = 2 + cookie_len;
			if (cookie_len)
				memcpy(o + olen, cookie, cookie_len);
			olen += cookie_len;
			while (olen & 3)
				o[olen++] = TCPOPT_NOP;
		}
	}
	host_tcp_rx(port, LISTEN_PORT, flags, seq, ack, o, olen, data, data ? strlen(data) : 0);
}

/* The next segment we sent, which must go to port. */
static bool pop_synack(u16 port, struct synack *s)
{
	struct host_tcp_seg h;
	const u8 *o;

	if (!host_tcp_tx_pop(&h))
		return false;
	ck_assert(h.csum_ok);
	ck_assert_uint_eq(h.dport, port);
	s->seq = h.seq;
	s->ack = h.ack;
	s->flags = h.flags;
	s->cookie_len = -1;
	o = host_tcp_opt(&h, TCPOPT_FASTOPEN);
	if (o) {
		s->cookie_len = o[1] - 2;
		memcpy(s->cookie, o + 2, s->cookie_len);
	}
	return true;
}

static void expect_synack(u16 port, u32 ack, struct synack *s)
{
	ck_assert_msg(pop_synack(port, s), "no SYN-ACK");
	ck_assert_uint_eq(s->flags, TCPHDR_SYN | TCPHDR_ACK);
	ck_assert_uint_eq(s->ack, ack);
}

/* Drop what we sent (FINs of closed connections). */
static void drop_sent(void)
{
	struct sk_buff *skb;

	while ((skb = host_tx_pop()))
		kfree_skb(skb);
}

static void expect_none(void)
{
	struct synack s;

	ck_assert_msg(!pop_synack(0, &s), "unexpected segment flags %#x", s.flags);
}

/* A listener with a Fast Open queue of qlen. */
static struct socket *tfo_listener(int qlen)
{
	struct socket *l = host_socket(SOCK_STREAM);

	ck_assert_int_eq(host_bind(l, 0, LISTEN_PORT), 0);
	ck_assert_int_eq(l->ops->listen(l, 8), 0);
	lock_sock(l->sk);
	ck_assert_int_eq(tcp_fastopen_setsockopt(l->sk, TCP_FASTOPEN, qlen), 0);
	release_sock(l->sk);
	return l;
}

/* A cookie request from port (handshake completed and accepted): the
 * cookie the SYN-ACK carried. */
static int fetch_cookie(struct socket *l, u16 port, u8 cookie[16])
{
	struct socket *a;
	struct synack s;
	int err;

	host_random = 0x5000;
	client_seg(port, TCPHDR_SYN, 0x100, 0, 0, NULL, NULL);
	expect_synack(port, 0x101, &s);
	ck_assert_int_eq(s.cookie_len, TCP_FASTOPEN_COOKIE_SIZE);
	client_seg(port, TCPHDR_ACK, 0x101, s.seq + 1, -1, NULL, NULL);
	a = host_accept(l, &err);
	ck_assert_ptr_nonnull(a);
	host_close(a);
	drop_sent();                    /* the FIN */
	client_seg(port, TCPHDR_RST, 0x101, 0, -1, NULL, NULL);
	if (s.cookie_len > 0)
		memcpy(cookie, s.cookie, s.cookie_len);
	return s.cookie_len;
}

START_TEST(test_tfo_cookie_request)
{
	struct socket *l = tfo_listener(8);
	u8 cookie[16], again[16];

	ck_assert_int_eq(fetch_cookie(l, 5001, cookie), 8);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENCOOKIEREQD), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVE), 0);
	/* the cookie is the client's address's: the same from another port */
	ck_assert_int_eq(fetch_cookie(l, 5002, again), 8);
	ck_assert(!memcmp(cookie, again, 8));
	host_close(l);
}
END_TEST

/* A valid cookie and data: the child is accepted, data readable, before
 * the last ACK; the SYN-ACK acknowledges the data. */
START_TEST(test_tfo_syn_data)
{
	struct socket *l = tfo_listener(8), *a;
	int base = reqsk_count(), err;
	struct synack s;
	char buf[32];
	u8 cookie[16];

	fetch_cookie(l, 5001, cookie);
	base = reqsk_count();
	host_random = 0x7000;
	client_seg(5003, TCPHDR_SYN, 0x900, 0, 8, cookie, "hello");
	expect_synack(5003, 0x900 + 1 + 5, &s);
	ck_assert_int_eq(s.cookie_len, -1);
	expect_none();
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVE), 1);
	ck_assert_int_eq(inet_csk(l->sk)->icsk_accept_queue.fastopen_qlen, 1);
	a = host_accept(l, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->sk->sk_state, TCP_SYN_RECV);
	ck_assert_int_eq(host_recv(a, buf, sizeof(buf), 0), 5);
	ck_assert(!memcmp(buf, "hello", 5));
	ck_assert_int_eq(reqsk_count(), base + 1);      /* the child keeps its request */
	/* the handshake's ACK */
	client_seg(5003, TCPHDR_ACK, 0x906, s.seq + 1, -1, NULL, NULL);
	ck_assert_int_eq(a->sk->sk_state, TCP_ESTABLISHED);
	ck_assert_int_eq(inet_csk(l->sk)->icsk_accept_queue.fastopen_qlen, 0);
	ck_assert_int_eq(reqsk_count(), base);
	ck_assert(tcp_sk(a->sk)->syn_data_acked);
	host_close(a);
	host_close(l);
}
END_TEST

/* A forged cookie: PassiveFail, the data is not acknowledged, and the
 * SYN-ACK hands out the right cookie. */
START_TEST(test_tfo_bad_cookie)
{
	struct socket *l = tfo_listener(8);
	u8 cookie[16], bad[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct synack s;
	int err;

	fetch_cookie(l, 5001, cookie);
	client_seg(5004, TCPHDR_SYN, 0x900, 0, 8, bad, "hello");
	expect_synack(5004, 0x901, &s);
	ck_assert_int_eq(s.cookie_len, 8);
	ck_assert(!memcmp(s.cookie, cookie, 8));
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVEFAIL), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVE), 0);
	ck_assert_ptr_null(host_accept(l, &err));
	/* a cookie of a bad size is no cookie: a plain SYN-ACK */
	client_seg(5005, TCPHDR_SYN, 0x900, 0, 3, bad, "hello");
	expect_synack(5005, 0x901, &s);
	ck_assert_int_eq(s.cookie_len, -1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVEFAIL), 1);
	host_close(l);
}
END_TEST

/* A Fast Open child whose SYN-ACK is lost sends it again from its timer
 * and for the client's SYN again, acking the data each time; with no
 * answer it gives up after tcp_synack_retries, its request freed. */
START_TEST(test_tfo_synack_retransmit)
{
	unsigned long retries = sysctl_tcp_synack_retries;
	struct socket *l = tfo_listener(8);
	int base, err;
	struct socket *a;
	struct synack s;
	u8 cookie[16];

	sysctl_tcp_synack_retries = 2;
	fetch_cookie(l, 5001, cookie);
	base = reqsk_count();
	client_seg(5006, TCPHDR_SYN, 0x900, 0, 8, cookie, "abc");
	expect_synack(5006, 0x904, &s);
	client_seg(5006, TCPHDR_SYN, 0x900, 0, 8, cookie, "abc");      /* the SYN again */
	expect_synack(5006, 0x904, &s);
	host_advance(NSEC_PER_SEC);
	expect_synack(5006, 0x904, &s);
	host_advance(2 * NSEC_PER_SEC);
	expect_synack(5006, 0x904, &s);
	host_advance(4 * NSEC_PER_SEC);
	a = host_accept(l, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->sk->sk_state, TCP_CLOSE);
	ck_assert_int_eq(reqsk_count(), base);
	ck_assert_int_eq(inet_csk(l->sk)->icsk_accept_queue.fastopen_qlen, 0);
	host_close(a);
	drop_sent();
	host_close(l);
	sysctl_tcp_synack_retries = retries;
}
END_TEST

/* A full Fast Open queue (qlen 1): the next SYN's data is not taken. */
START_TEST(test_tfo_queue_overflow)
{
	struct socket *l = tfo_listener(1);
	struct synack s;
	u8 cookie[16];

	fetch_cookie(l, 5001, cookie);
	client_seg(5007, TCPHDR_SYN, 0x900, 0, 8, cookie, "one");
	expect_synack(5007, 0x904, &s);
	client_seg(5008, TCPHDR_SYN, 0x900, 0, 8, cookie, "two");
	expect_synack(5008, 0x901, &s);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENLISTENOVERFLOW), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVE), 1);
	host_close(l);
	drop_sent();
}
END_TEST

/* Server bit off, or no TCP_FASTOPEN on the listener: no cookie at all. */
START_TEST(test_tfo_server_off)
{
	struct socket *l = host_socket(SOCK_STREAM);
	struct synack s;

	ck_assert_int_eq(host_bind(l, 0, LISTEN_PORT), 0);
	ck_assert_int_eq(l->ops->listen(l, 8), 0);
	client_seg(5009, TCPHDR_SYN, 0x900, 0, 0, NULL, "x");
	expect_synack(5009, 0x901, &s);
	ck_assert_int_eq(s.cookie_len, -1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPFASTOPENCOOKIEREQD), 1);
	host_close(l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_tfo");
	TCase *tc = tcase_create("server");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, test_tfo_cookie_request);
	tcase_add_test(tc, test_tfo_syn_data);
	tcase_add_test(tc, test_tfo_bad_cookie);
	tcase_add_test(tc, test_tfo_synack_retransmit);
	tcase_add_test(tc, test_tfo_queue_overflow);
	tcase_add_test(tc, test_tfo_server_off);
	return host_run_suite(s);
}
