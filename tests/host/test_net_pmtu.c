// SPDX-License-Identifier: MIT
/*
 * Path MTU discovery on the host (route_pmtu.c, tcp_v4_err,
 * tcp_v4_mtu_reduced, tcp_simple_retransmit) inside the IPv4 stack of
 * host_net.h: the test plays the peer at 10.0.2.2 and a router at
 * 10.0.2.1 that answers our segments with ICMP fragmentation-needed.
 *
 * Expected behaviour (Linux's): the quoted sequence number must lie in
 * [snd_una, snd_nxt]; the MSS follows the reported MTU and every sent
 * segment larger than it goes again at once, cut to the new size; an MTU
 * below min_pmtu becomes 552, locked (no DF); the learnt MTU expires
 * after mtu_expires and the MSS grows back; ip_no_pmtu_disc 2 ignores
 * the message; a socket owned by its user handles it at release_sock.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <host_net.h>
#include <net/tcp.h>
#include <net/icmp.h>

#define PEER_PORT       40002
#define PEER_MSS        1460
#define ROUTER_IP       htonl(0x0a000201)       /* 10.0.2.1 */

struct conn {
	struct socket *sock;
	u16 lport;
	u32 snd;                /* the peer's next sequence number */
};

struct seg {
	u32 seq;
	u8 flags;
	bool df;
	unsigned int len;
};

static void setup(void)
{
	host_net_setup();
	ip_rt_flush_pmtu();
}

static void teardown(void)
{
	host_net_teardown();
}

static void send_raw(struct conn *c, u8 flags, u32 seq, u32 ack, const u8 *opt, int olen)
{
	host_tcp_rx(PEER_PORT, c->lport, flags, seq, ack, opt, olen, NULL, 0);
}

static void ack(struct conn *c, u32 a)
{
	send_raw(c, TCPHDR_ACK, c->snd, a, NULL, 0);
}

static bool pop_seg(struct seg *s)
{
	struct host_tcp_seg h;

	if (!host_tcp_tx_pop(&h))
		return false;
	s->seq = h.seq;
	s->flags = h.flags;
	s->df = h.df;
	s->len = h.len;
	return true;
}

static struct tcp_sock *tp_of(struct conn *c)
{
	return tcp_sk(c->sock->sk);
}

/* Active open; the peer's SYN-ACK has MSS 1460 (and SACK-permitted when sack). */
static void open_conn(struct conn *c, bool sack)
{
	static const u8 syn_opt[] = { TCPOPT_MSS, 4, PEER_MSS >> 8, PEER_MSS & 0xff,
				      TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK_PERM, 2 };
	struct seg s;

	memset(c, 0, sizeof(*c));
	c->sock = host_socket(SOCK_STREAM);
	ck_assert_int_eq(host_connect(c->sock, HOST_PEER_IP, PEER_PORT), -EINPROGRESS);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.flags, TCPHDR_SYN);
	ck_assert(s.df);                        /* IP_PMTUDISC_WANT */
	c->lport = ntohs(inet_sk(c->sock->sk)->inet_sport);
	send_raw(c, TCPHDR_SYN | TCPHDR_ACK, 0x50000000, s.seq + 1, syn_opt, sack ? 8 : 4);
	c->snd = 0x50000001;
	ck_assert(pop_seg(&s));
	ck_assert_int_eq(c->sock->sk->sk_state, TCP_ESTABLISHED);
	ck_assert_uint_eq(tp_of(c)->mss_cache, PEER_MSS);
	ck_assert(!pop_seg(&s));
}

/* The user sends n full segments; they leave. Returns the first one's seq. */
static u32 send_full(struct conn *c, int n)
{
	static char data[8 * PEER_MSS];
	u32 start = tp_of(c)->snd_nxt, seq = start;
	struct seg s;

	ck_assert_int_le(n, 8);
	memset(data, 'p', sizeof(data));
	ck_assert_int_eq(host_sendto(c->sock, data, n * PEER_MSS, 0, 0), n * PEER_MSS);
	while (pop_seg(&s)) {
		ck_assert_uint_eq(s.seq, seq);
		ck_assert(s.df);
		seq += s.len;
	}
	ck_assert_uint_eq(seq, start + n * PEER_MSS);
	return start;
}

/* The router's fragmentation-needed about our segment at seq, quoting qlen
 * bytes of it (its IP header and the first qlen - 20 of TCP). */
static void frag_needed(struct conn *c, u32 seq, u16 mtu, int qlen)
{
	u8 buf[8 + 28];
	struct icmphdr *icmph = (struct icmphdr *)buf;
	struct iphdr *iph = (struct iphdr *)(buf + 8);
	struct tcphdr *th = (struct tcphdr *)(buf + 28);

	memset(buf, 0, sizeof(buf));
	icmph->type = ICMP_DEST_UNREACH;
	icmph->code = ICMP_FRAG_NEEDED;
	icmph->un.frag.mtu = htons(mtu);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(PEER_MSS + 40);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = HOST_OUR_IP;
	iph->daddr = HOST_PEER_IP;
	th->source = htons(c->lport);
	th->dest = htons(PEER_PORT);
	th->seq = htonl(seq);
	icmph->checksum = csum_fold(csum_partial(buf, 8 + qlen, 0));
	host_rx(host_ip_packet(ROUTER_IP, HOST_OUR_IP, IPPROTO_ICMP, buf, 8 + qlen));
}

/* Every segment that leaves now is at most mss and they cover [from, to). */
static void expect_resent(u32 from, u32 to, unsigned int mss)
{
	struct seg s;
	u32 seq = from;

	while (pop_seg(&s)) {
		ck_assert_uint_eq(s.seq, seq);
		ck_assert_uint_le(s.len, mss);
		ck_assert(s.len > 0);
		seq += s.len;
	}
	ck_assert_uint_eq(seq, to);
}

static void check_retransmit_at_new_size(bool sack)
{
	u64 retrans = HOST_MIB(tcp, TCP_MIB_RETRANSSEGS);
	struct conn c;
	u32 start;
	struct seg s;

	open_conn(&c, sack);
	start = send_full(&c, 4);
	frag_needed(&c, start, 1200, 28);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pmtu_cookie, 1200);
	ck_assert_uint_eq(tp_of(&c)->mss_cache, 1160);
	ck_assert_uint_eq(ip_dst_pmtu(c.sock->sk->sk_dst_cache, HOST_PEER_IP), 1200);
	/* all four went again, each cut to 1160 bytes: 4 * 1460 = 5 * 1160 + 40 */
	expect_resent(start, start + 4 * PEER_MSS, 1160);
	ck_assert_uint_ge(HOST_MIB(tcp, TCP_MIB_RETRANSSEGS) - retrans, 5);
	ck_assert_int_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Loss);
	ack(&c, start + 4 * PEER_MSS);
	ck_assert_uint_eq(tp_of(&c)->packets_out, 0);
	/* new data goes at the new size */
	ck_assert_int_eq(host_sendto(c.sock, "x", 1, 0, 0), 1);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.len, 1);
	ck_assert_uint_eq(tcp_current_mss(c.sock->sk), 1160);
	host_close(c.sock);
}

START_TEST(test_pmtu_retransmit_reno)
{
	check_retransmit_at_new_size(false);
}
END_TEST

START_TEST(test_pmtu_retransmit_sack)
{
	check_retransmit_at_new_size(true);
}
END_TEST

/* A quoted sequence number outside [snd_una, snd_nxt]: OutOfWindowIcmps,
 * nothing else. So are a quote too short to reach the sequence number,
 * an MTU larger than the path's, and a quote for no connection. */
START_TEST(test_pmtu_garbage)
{
	u64 oow = HOST_MIB(linux_mib, LINUX_MIB_OUTOFWINDOWICMPS);
	u64 inerr = HOST_MIB(icmp, ICMP_MIB_INERRORS);
	struct conn c;
	struct seg s;
	u32 start;

	open_conn(&c, true);
	start = send_full(&c, 2);
	frag_needed(&c, start - 1, 1200, 28);
	frag_needed(&c, start + 2 * PEER_MSS + 1, 1200, 28);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_OUTOFWINDOWICMPS) - oow, 2);
	frag_needed(&c, start, 1200, 24);                       /* truncated */
	ck_assert_uint_eq(HOST_MIB(icmp, ICMP_MIB_INERRORS) - inerr, 1);
	frag_needed(&c, start, 9000, 28);                       /* larger: ignored */
	c.lport++;
	frag_needed(&c, start, 1200, 28);                       /* no such connection */
	c.lport--;
	ck_assert_uint_eq(HOST_MIB(icmp, ICMP_MIB_INERRORS) - inerr, 2);
	ck_assert_uint_eq(tp_of(&c)->mss_cache, PEER_MSS);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pmtu_cookie, 1500);
	ck_assert_uint_eq(ip_dst_pmtu(c.sock->sk->sk_dst_cache, HOST_PEER_IP), 1500);
	ck_assert(!pop_seg(&s));
	ack(&c, start + 2 * PEER_MSS);
	host_close(c.sock);
}
END_TEST

/* Below min_pmtu: 552, locked, and DF goes off. */
START_TEST(test_pmtu_min_locked)
{
	struct conn c;
	struct seg s;
	u32 start;

	open_conn(&c, false);
	start = send_full(&c, 1);
	frag_needed(&c, start, 68, 28);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pmtu_cookie, IP_RT_MIN_PMTU);
	ck_assert_uint_eq(tp_of(&c)->mss_cache, IP_RT_MIN_PMTU - 40);
	ck_assert(ip_dst_mtu_locked(HOST_PEER_IP));
	expect_resent(start, start + PEER_MSS, IP_RT_MIN_PMTU - 40);
	ack(&c, start + PEER_MSS);
	ck_assert_int_eq(host_sendto(c.sock, "y", 1, 0, 0), 1);
	ck_assert(pop_seg(&s));
	ck_assert(!s.df);
	/* locked: a later report changes nothing until it expires */
	frag_needed(&c, start + PEER_MSS, 1000, 28);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pmtu_cookie, IP_RT_MIN_PMTU);
	ack(&c, start + PEER_MSS + 1);
	host_close(c.sock);
}
END_TEST

/* mtu_expires later the exception is gone and the MSS grows back. */
START_TEST(test_pmtu_expires)
{
	struct conn c;
	struct seg s;
	u32 start;

	open_conn(&c, false);
	start = send_full(&c, 1);
	frag_needed(&c, start, 1300, 28);
	expect_resent(start, start + PEER_MSS, 1260);
	ack(&c, start + PEER_MSS);
	host_advance((sysctl_ip_rt_mtu_expires - 1) * NSEC_PER_SEC);
	ck_assert_uint_eq(tcp_current_mss(c.sock->sk), 1260);
	host_advance(2 * NSEC_PER_SEC);
	ck_assert_uint_eq(tcp_current_mss(c.sock->sk), PEER_MSS);
	ck_assert_uint_eq(ip_dst_pmtu(c.sock->sk->sk_dst_cache, HOST_PEER_IP), 1500);
	ck_assert(!pop_seg(&s));
	host_close(c.sock);
}
END_TEST

/* net.ipv4.ip_no_pmtu_disc: 2 ignores the message, 1 pins the path at min_pmtu. */
START_TEST(test_pmtu_no_pmtu_disc)
{
	struct conn c;
	u32 start;

	open_conn(&c, false);
	start = send_full(&c, 1);
	WRITE_ONCE(sysctl_ip_no_pmtu_disc, 2);
	frag_needed(&c, start, 1200, 28);
	ck_assert_uint_eq(tp_of(&c)->mss_cache, PEER_MSS);
	WRITE_ONCE(sysctl_ip_no_pmtu_disc, 1);
	frag_needed(&c, start, 1200, 28);
	WRITE_ONCE(sysctl_ip_no_pmtu_disc, 0);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pmtu_cookie, IP_RT_MIN_PMTU);
	expect_resent(start, start + PEER_MSS, IP_RT_MIN_PMTU - 40);
	ack(&c, start + PEER_MSS);
	host_close(c.sock);
}
END_TEST

/* The socket owned by its user: the work waits for release_sock. */
START_TEST(test_pmtu_deferred)
{
	struct conn c;
	u32 start;

	open_conn(&c, false);
	start = send_full(&c, 2);
	lock_sock(c.sock->sk);
	frag_needed(&c, start, 1000, 28);
	ck_assert_uint_eq(tp_of(&c)->mss_cache, PEER_MSS);
	release_sock(c.sock->sk);
	ck_assert_uint_eq(tp_of(&c)->mss_cache, 960);
	expect_resent(start, start + 2 * PEER_MSS, 960);
	ack(&c, start + 2 * PEER_MSS);
	host_close(c.sock);
}
END_TEST

/* The cache: a larger MTU never raises the path's, and a flood of
 * destinations stays in its fixed table. */
START_TEST(test_pmtu_cache)
{
	struct rtable *rt = ip_route_output(HOST_PEER_IP, 0, 0);
	u32 mtu;
	ktime_t exp;
	bool locked;
	int i, n = 0;

	ck_assert(!IS_ERR(rt));
	ck_assert(!ip_rt_pmtu_info(HOST_PEER_IP, &mtu, &exp, &locked));
	ip_rt_update_pmtu(&rt->dst, HOST_PEER_IP, 1400);
	ip_rt_update_pmtu(&rt->dst, HOST_PEER_IP, 1450);
	ck_assert(ip_rt_pmtu_info(HOST_PEER_IP, &mtu, &exp, &locked));
	ck_assert_uint_eq(mtu, 1400);
	ck_assert(!locked);
	ck_assert_int_eq(exp, host_now + 600 * NSEC_PER_SEC);
	for (i = 0; i < 5000; i++)
		ip_rt_update_pmtu(&rt->dst, htonl(0x0a010000 + i), 1000 + i % 400);
	ck_assert_uint_eq(ip_dst_pmtu(&rt->dst, htonl(0x0a010000 + 4999)), 1000 + 4999 % 400);
	for (i = 0; i < 5000; i++)
		n += ip_dst_pmtu(&rt->dst, htonl(0x0a010000 + i)) < 1500;
	ck_assert_int_le(n, 256 * 4);
	ck_assert_int_gt(n, 0);
	ip_rt_flush_pmtu();
	ck_assert_uint_eq(ip_dst_pmtu(&rt->dst, HOST_PEER_IP), 1500);
	ck_assert_uint_eq(ip_dst_pmtu(&rt->dst, htonl(0x0a010000 + 4999)), 1500);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_pmtu");
	TCase *tc = tcase_create("pmtu");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, test_pmtu_retransmit_reno);
	tcase_add_test(tc, test_pmtu_retransmit_sack);
	tcase_add_test(tc, test_pmtu_garbage);
	tcase_add_test(tc, test_pmtu_min_locked);
	tcase_add_test(tc, test_pmtu_expires);
	tcase_add_test(tc, test_pmtu_no_pmtu_disc);
	tcase_add_test(tc, test_pmtu_deferred);
	tcase_add_test(tc, test_pmtu_cache);
	return host_run_suite(s);
}
