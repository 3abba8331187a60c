// SPDX-License-Identifier: MIT
/*
 * SACK on the host (tcp_sack.c, tcp_recovery.c) inside the IPv4 stack of
 * host_net.h: the test plays the peer at 10.0.2.2 as test_net_tcp.c does,
 * with SACK-permitted on its SYN-ACK and SACK blocks on its ACKs.
 *
 * Expected behaviour: RFC 2018 (negotiation, the receiver's blocks, most
 * recent first), RFC 2883 (D-SACK), RFC 6675 (IsLost with DupThresh 3,
 * pipe, retransmitting lost segments first), Linux's validation of blocks
 * (tcp_is_sackblock_valid), undo and counters, RFC 8985 7 (tail loss
 * probe).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <host_net.h>
#include <net/tcp.h>

#define PEER_PORT       40001
#define PEER_MSS        1000

struct conn {
	struct socket *sock;
	u16 lport;
	u32 snd;                /* the peer's next sequence number */
	u32 rcv;                /* our next byte, as the peer acknowledges it */
};

struct seg {
	u32 seq, ack;
	u8 flags;
	bool sack_perm;
	int nsack;              /* SACK blocks on it */
	struct tcp_sack_block sack[TCP_NUM_SACKS];
	unsigned int len;
};

static void setup(void)
{
	host_net_setup();
}

static void teardown(void)
{
	host_net_teardown();
}

/* A segment from the peer with raw options opt (olen a multiple of 4). */
static void send_raw(struct conn *c, u8 flags, u32 seq, u32 ack, const u8 *opt, int olen,
		     const void *data, unsigned int len)
{
	host_tcp_rx(PEER_PORT, c->lport, flags, seq, ack, opt, olen, data, len);
}

/* An ACK of ack from the peer with n SACK blocks (pairs of offsets from base). */
static void send_sack(struct conn *c, u32 ack, u32 base, int n, const u32 *blk)
{
	u8 opt[40] = { TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK, 2 + 8 * n };
	int i;

	for (i = 0; i < n; i++) {
		tcp_put_be32(opt + 4 + 8 * i, base + blk[2 * i]);
		tcp_put_be32(opt + 8 + 8 * i, base + blk[2 * i + 1]);
	}
	send_raw(c, TCPHDR_ACK, c->snd, ack, opt, 4 + 8 * n, NULL, 0);
}

static bool pop_seg(struct seg *s)
{
	struct host_tcp_seg h;
	const u8 *o;

	if (!host_tcp_tx_pop(&h))
		return false;
	memset(s, 0, sizeof(*s));
	s->seq = h.seq;
	s->ack = h.ack;
	s->flags = h.flags;
	s->len = h.len;
	s->sack_perm = host_tcp_opt(&h, TCPOPT_SACK_PERM) != NULL;
	o = host_tcp_opt(&h, TCPOPT_SACK);
	if (o)
		s->nsack = tcp_sack_read_blocks(o, s->sack);
	return true;
}

static bool host_tx_pop_free(void)
{
	struct sk_buff *skb = host_tx_pop();

	if (skb)
		kfree_skb(skb);
	return skb;
}

static void expect_none(void)
{
	struct seg s;

	ck_assert_msg(!pop_seg(&s), "unexpected segment flags %#x seq %u len %u", s.flags, s.seq, s.len);
}

static struct tcp_sock *tp_of(struct conn *c)
{
	return tcp_sk(c->sock->sk);
}

/* Active open; the peer's SYN-ACK says SACK-permitted when sack. */
static void open_conn(struct conn *c, bool sack)
{
	static const u8 syn_opt[] = { TCPOPT_MSS, 4, PEER_MSS >> 8, PEER_MSS & 0xff,
				      TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK_PERM, 2 };
	struct seg s;

	while (host_tx_pop_free())
		;                       /* what an earlier connection left */
	memset(c, 0, sizeof(*c));
	host_random = 0x10000000;
	c->sock = host_socket(SOCK_STREAM);
	ck_assert_int_eq(host_connect(c->sock, HOST_PEER_IP, PEER_PORT), -EINPROGRESS);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.flags, TCPHDR_SYN);
	ck_assert(s.sack_perm);                 /* tcp_sack defaults to 1 */
	c->rcv = s.seq + 1;
	c->lport = tp_of(c) ? ntohs(inet_sk(c->sock->sk)->inet_sport) : 0;
	send_raw(c, TCPHDR_SYN | TCPHDR_ACK, 0x50000000, c->rcv, syn_opt, sack ? 8 : 4, NULL, 0);
	c->snd = 0x50000001;
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.flags, TCPHDR_ACK);
	ck_assert_int_eq(c->sock->sk->sk_state, TCP_ESTABLISHED);
	ck_assert_int_eq(tp_of(c)->sack_ok, sack);
	expect_none();
}

/* The user sends n segments of PEER_MSS; they all leave. Returns the
 * first one's sequence number. */
static u32 send_segments(struct conn *c, int n)
{
	static char data[16 * PEER_MSS];
	u32 start = tp_of(c)->snd_nxt;
	struct seg s;
	int i;

	ck_assert_int_le(n, 16);
	memset(data, 'x', sizeof(data));
	ck_assert_int_eq(host_sendto(c->sock, data, n * PEER_MSS, 0, 0), n * PEER_MSS);
	for (i = 0; i < n; i++) {
		ck_assert(pop_seg(&s));
		ck_assert_uint_eq(s.seq, start + i * PEER_MSS);
		ck_assert_uint_eq(s.len, PEER_MSS);
	}
	expect_none();
	return start;
}

/* ------------------------------------------------------------- tests */

/* RFC 2018 2: without SACK-permitted from the peer, no SACK. */
START_TEST(test_sack_negotiation)
{
	struct conn c;
	struct tcp_info info;

	open_conn(&c, false);
	tcp_get_info(c.sock->sk, &info);
	ck_assert(!(info.tcpi_options & TCPI_OPT_SACK));
	host_close(c.sock);
	open_conn(&c, true);
	tcp_get_info(c.sock->sk, &info);
	ck_assert(info.tcpi_options & TCPI_OPT_SACK);
	host_close(c.sock);
}
END_TEST

/* RFC 2018 4: out-of-order data is reported in SACK blocks, the newest
 * arrival's block first; a duplicate is reported as a D-SACK (RFC 2883). */
START_TEST(test_sack_receiver)
{
	struct conn c;
	struct seg s;
	u32 b;

	open_conn(&c, true);
	b = c.snd;
	send_raw(&c, TCPHDR_ACK, b + 10, c.rcv, NULL, 0, "0123456789", 10);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.ack, b);
	ck_assert_int_eq(s.nsack, 1);
	ck_assert_uint_eq(s.sack[0].start_seq, b + 10);
	ck_assert_uint_eq(s.sack[0].end_seq, b + 20);
	send_raw(&c, TCPHDR_ACK, b + 30, c.rcv, NULL, 0, "0123456789", 10);
	ck_assert(pop_seg(&s));
	ck_assert_int_eq(s.nsack, 2);
	ck_assert_uint_eq(s.sack[0].start_seq, b + 30);     /* newest first */
	ck_assert_uint_eq(s.sack[1].start_seq, b + 10);
	/* touching the first block: they merge, and it is the newest */
	send_raw(&c, TCPHDR_ACK, b + 20, c.rcv, NULL, 0, "0123456789", 10);
	ck_assert(pop_seg(&s));
	ck_assert_int_eq(s.nsack, 1);
	ck_assert_uint_eq(s.sack[0].start_seq, b + 10);
	ck_assert_uint_eq(s.sack[0].end_seq, b + 40);
	/* a duplicate of queued data: D-SACK first, then its block */
	send_raw(&c, TCPHDR_ACK, b + 20, c.rcv, NULL, 0, "0123456789", 10);
	ck_assert(pop_seg(&s));
	ck_assert_int_eq(s.nsack, 2);
	ck_assert_uint_eq(s.sack[0].start_seq, b + 20);
	ck_assert_uint_eq(s.sack[0].end_seq, b + 30);
	ck_assert_uint_eq(s.sack[1].start_seq, b + 10);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKOFOSENT), 1);
	/* the hole fills: no blocks */
	send_raw(&c, TCPHDR_ACK, b, c.rcv, NULL, 0, "0123456789", 10);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.ack, b + 40);
	ck_assert_int_eq(s.nsack, 0);
	/* an old duplicate: D-SACK below the ACK */
	send_raw(&c, TCPHDR_ACK, b, c.rcv, NULL, 0, "0123456789", 10);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.ack, b + 40);
	ck_assert_int_eq(s.nsack, 1);
	ck_assert_uint_eq(s.sack[0].start_seq, b);
	ck_assert_uint_eq(s.sack[0].end_seq, b + 10);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKOLDSENT), 1);
	host_close(c.sock);
}
END_TEST

/* Many holes: at most 3 blocks beside a timestamp, 4 without (we have
 * no timestamps here: the peer offered none). */
START_TEST(test_sack_receiver_many_blocks)
{
	struct conn c;
	struct seg s;
	u32 b;
	int i;

	open_conn(&c, true);
	b = c.snd;
	for (i = 1; i <= 6; i++) {
		send_raw(&c, TCPHDR_ACK, b + 20 * i, c.rcv, NULL, 0, "0123456789", 10);
		ck_assert(pop_seg(&s));
	}
	ck_assert_int_eq(s.nsack, TCP_NUM_SACKS);
	for (i = 0; i < TCP_NUM_SACKS; i++)
		ck_assert_uint_eq(s.sack[i].start_seq, b + 20 * (6 - i));
	host_close(c.sock);
}
END_TEST

/* RFC 6675 4: a segment is lost once DupThresh (3) segments above it are
 * SACKed; it goes out again at once, and pipe counts it. */
START_TEST(test_sack_islost)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 8);
	/* segment 0 lost; 1 and 2 arrive: not yet lost */
	send_sack(&c, b, b, 1, (u32[]){ 1000, 3000 });
	expect_none();
	ck_assert_uint_eq(tp->sacked_out, 2);
	ck_assert_uint_eq(tp->lost_out, 0);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Disorder);
	/* 3 arrives: segment 0 is lost and retransmitted */
	send_sack(&c, b, b, 1, (u32[]){ 1000, 4000 });
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b);
	ck_assert_uint_eq(s.len, PEER_MSS);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Recovery);
	ck_assert_uint_eq(tp->sacked_out, 3);
	ck_assert_uint_eq(tp->lost_out, 1);
	ck_assert_uint_eq(tp->retrans_out, 1);
	/* pipe: 8 out - 3 SACKed - 1 lost + 1 retransmitted */
	ck_assert_uint_eq(tcp_packets_in_flight(tp), 5);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPSACKRECOVERY), 1);
	ck_assert_uint_eq(HOST_MIB(tcp, TCP_MIB_RETRANSSEGS), 1);
	/* the retransmission arrives: everything up to 4000 acked */
	send_sack(&c, b + 4000, b, 0, NULL);
	ck_assert_uint_eq(tp->sacked_out, 0);
	ck_assert_uint_eq(tp->lost_out, 0);
	ck_assert_uint_eq(tp->retrans_out, 0);
	ck_assert_uint_eq(tp->packets_out, 4);
	send_sack(&c, b + 8000, b, 0, NULL);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Open);
	ck_assert_uint_eq(tp->packets_out, 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPTIMEOUTS), 0);
	host_close(c.sock);
}
END_TEST

/* Two holes: both become lost; the lower goes out first. */
START_TEST(test_sack_two_holes)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 10);
	/* 0 and 4 lost */
	send_sack(&c, b, b, 2, (u32[]){ 5000, 10000, 1000, 4000 });
	ck_assert_uint_eq(tp->sacked_out, 8);
	ck_assert_uint_eq(tp->lost_out, 2);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b);
	/* cwnd after the cut (cubic: 7) minus pipe (10 - 8 - 2 + 1 = 1) */
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b + 4000);
	expect_none();
	ck_assert_uint_eq(tp->retrans_out, 2);
	send_sack(&c, b + 10000, b, 0, NULL);
	ck_assert_uint_eq(tp->packets_out, 0);
	ck_assert_uint_eq(tp->sacked_out, 0);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Open);
	host_close(c.sock);
}
END_TEST

/* Blocks outside snd_una..snd_nxt, reversed ones and malformed options
 * are dropped and counted, never believed. */
START_TEST(test_sack_invalid_blocks)
{
	static const u8 bad_len[] = { TCPOPT_NOP, TCPOPT_SACK, 7, 0, 0, 0, 0, 0 };
	static const u8 too_long[] = { TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK, 30, 0, 0, 0, 0 };
	struct conn c;
	struct tcp_sock *tp;
	u32 b;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 4);
	send_sack(&c, b, b, 1, (u32[]){ 3000, 5000 });          /* beyond snd_nxt */
	send_sack(&c, b, b, 1, (u32[]){ 3000, 2000 });          /* reversed */
	send_sack(&c, b, b, 1, (u32[]){ 0x40000000, 0x40001000 });
	ck_assert_uint_eq(tp->sacked_out, 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPSACKDISCARD), 3);
	/* a D-SACK below snd_una with no recovery to undo */
	send_sack(&c, b, b, 1, (u32[]){ -2000, -1000 });
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKRECV), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKIGNOREDNOUNDO), 1);
	send_raw(&c, TCPHDR_ACK, c.snd, b, bad_len, sizeof(bad_len), NULL, 0);
	send_raw(&c, TCPHDR_ACK, c.snd, b, too_long, sizeof(too_long), NULL, 0);
	ck_assert_uint_eq(tp->sacked_out, 0);
	expect_none();
	ck_assert_int_eq(c.sock->sk->sk_state, TCP_ESTABLISHED);
	host_close(c.sock);
}
END_TEST

/* RFC 2883 6 / Linux's undo: the retransmission is D-SACKed, so the
 * original had only been delayed; cwnd and ssthresh come back. */
START_TEST(test_sack_dsack_undo)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b, cwnd;

	open_conn(&c, true);
	tp = tp_of(&c);
	cwnd = tp->snd_cwnd;
	b = send_segments(&c, 8);
	send_sack(&c, b, b, 1, (u32[]){ 1000, 4000 });
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b);
	ck_assert_uint_lt(tp->snd_cwnd, cwnd);
	ck_assert_int_eq(tp->undo_retrans, 1);
	/* the original arrives late, then the retransmission: D-SACK */
	send_sack(&c, b + 8000, b, 0, NULL);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Open);
	ck_assert_uint_lt(tp->snd_cwnd, cwnd);
	send_sack(&c, b + 8000, b, 1, (u32[]){ 0, 1000 });
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKRECV), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKUNDO), 1);
	ck_assert_uint_ge(tp->snd_cwnd, cwnd);
	ck_assert_uint_eq(tp->undo_marker, 0);
	host_close(c.sock);
}
END_TEST

/* Reordering SACKs raise DupThresh (tp->reordering), as Linux does. */
START_TEST(test_sack_reordering)
{
	struct conn c;
	struct tcp_sock *tp;
	u32 b;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 8);
	send_sack(&c, b, b, 1, (u32[]){ 6000, 8000 });
	send_sack(&c, b, b, 1, (u32[]){ 1000, 2000 });          /* 1 was reordered */
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPSACKREORDER), 1);
	ck_assert_uint_ge(tp->reordering, 7);
	host_close(c.sock);
}
END_TEST

/* RFC 8985 7: the tail of a flight with no ACK: after PTO (2 SRTT plus a
 * little, well before the RTO) the last segment goes out again once. */
START_TEST(test_tail_loss_probe)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 4);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pending, ICSK_TIME_LOSS_PROBE);
	host_advance(10 * NSEC_PER_MSEC);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b + 3000);
	ck_assert_uint_eq(s.len, PEER_MSS);
	expect_none();
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPLOSSPROBES), 1);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pending, ICSK_TIME_RETRANS);
	ck_assert_uint_eq(tp->tlp_high_seq, b + 4000);
	/* the ACK of the probe: a repair, or the original and a D-SACK to come */
	send_sack(&c, b + 4000, b, 0, NULL);
	ck_assert_uint_eq(tp->tlp_high_seq, b + 4000);
	/* no D-SACK, and the next ACK goes past it: the probe repaired a loss */
	send_segments(&c, 1);
	send_sack(&c, b + 5000, b, 0, NULL);
	ck_assert_uint_eq(tp->tlp_high_seq, 0);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPLOSSPROBERECOVERY), 1);
	host_close(c.sock);
}
END_TEST

/* The probe was needless: its D-SACK says so, and nothing is cut. */
START_TEST(test_tail_loss_probe_dsack)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b, cwnd;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 2);
	cwnd = tp->snd_cwnd;
	host_advance(10 * NSEC_PER_MSEC);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b + 1000);
	send_sack(&c, b + 2000, b, 1, (u32[]){ 1000, 2000 });
	ck_assert_uint_eq(tp->tlp_high_seq, 0);
	ck_assert_uint_ge(tp->snd_cwnd, cwnd);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPLOSSPROBERECOVERY), 0);
	host_close(c.sock);
}
END_TEST

/*
 * The probe was needless, and its D-SACK comes after the ACK that emptied
 * the queue (the original arrived first: on loopback, a probe fired while
 * the ACKs waited behind a busy CPU). The D-SACK still clears the probe,
 * so the next ACK past it is no repair and cuts nothing (Linux's tcp_ack
 * runs tcp_process_tlp_ack on its no_queue path too).
 */
START_TEST(test_tail_loss_probe_late_dsack)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b, cwnd, ssthresh;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 2);
	host_advance(10 * NSEC_PER_MSEC);
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b + 1000);
	ck_assert_uint_eq(tp->tlp_high_seq, b + 2000);
	send_sack(&c, b + 2000, b, 0, NULL);            /* the originals */
	ck_assert_uint_eq(tp->packets_out, 0);
	ck_assert_uint_eq(tp->tlp_high_seq, b + 2000);
	cwnd = tp->snd_cwnd;
	ssthresh = tp->snd_ssthresh;
	send_sack(&c, b + 2000, b, 1, (u32[]){ 1000, 2000 });   /* the probe's D-SACK */
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPDSACKRECV), 1);
	ck_assert_uint_eq(tp->tlp_high_seq, 0);
	send_segments(&c, 1);
	send_sack(&c, b + 3000, b, 0, NULL);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPLOSSPROBERECOVERY), 0);
	ck_assert_uint_eq(tp->snd_ssthresh, ssthresh);
	ck_assert_uint_ge(tp->snd_cwnd, cwnd);
	host_close(c.sock);
}
END_TEST

/* A retransmission timeout keeps the scoreboard: SACKed segments are not
 * sent again (TCPSackFailures counts the timeout). */
START_TEST(test_sack_rto_keeps_scoreboard)
{
	struct conn c;
	struct seg s;
	struct tcp_sock *tp;
	u32 b;

	open_conn(&c, true);
	tp = tp_of(&c);
	b = send_segments(&c, 4);
	send_sack(&c, b, b, 1, (u32[]){ 2000, 4000 });
	ck_assert_uint_eq(tp->sacked_out, 2);
	ck_assert_uint_eq(tp->lost_out, 0);             /* 2 SACKed: not yet lost */
	host_advance(300 * NSEC_PER_MSEC);              /* past the 200 ms RTO, once */
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b);                    /* the RTO resends the head */
	expect_none();
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPTIMEOUTS), 1);
	ck_assert_uint_eq(HOST_MIB(linux_mib, LINUX_MIB_TCPSACKFAILURES), 1);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Loss);
	ck_assert_uint_eq(tp->sacked_out, 2);
	ck_assert_uint_eq(tp->lost_out, 2);
	send_sack(&c, b + 1000, b, 1, (u32[]){ 2000, 4000 });
	ck_assert(pop_seg(&s));
	ck_assert_uint_eq(s.seq, b + 1000);             /* 1, never 2 or 3 */
	expect_none();
	send_sack(&c, b + 4000, b, 0, NULL);
	ck_assert_uint_eq(tp->packets_out, 0);
	ck_assert_uint_eq(tp->sacked_out, 0);
	ck_assert_uint_eq(tp->lost_out, 0);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_ca_state, TCP_CA_Open);
	host_close(c.sock);
}
END_TEST

/* Without SACK the old Reno path stays (no probe either). */
START_TEST(test_no_sack_no_probe)
{
	struct conn c;

	open_conn(&c, false);
	send_segments(&c, 4);
	ck_assert_uint_eq(inet_csk(c.sock->sk)->icsk_pending, ICSK_TIME_RETRANS);
	host_advance(10 * NSEC_PER_MSEC);
	expect_none();
	host_close(c.sock);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_tcp_sack");
	TCase *tc = tcase_create("sack");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, test_sack_negotiation);
	tcase_add_test(tc, test_sack_receiver);
	tcase_add_test(tc, test_sack_receiver_many_blocks);
	tcase_add_test(tc, test_sack_islost);
	tcase_add_test(tc, test_sack_two_holes);
	tcase_add_test(tc, test_sack_invalid_blocks);
	tcase_add_test(tc, test_sack_dsack_undo);
	tcase_add_test(tc, test_sack_reordering);
	tcase_add_test(tc, test_tail_loss_probe);
	tcase_add_test(tc, test_tail_loss_probe_dsack);
	tcase_add_test(tc, test_tail_loss_probe_late_dsack);
	tcase_add_test(tc, test_sack_rto_keeps_scoreboard);
	tcase_add_test(tc, test_no_sack_no_probe);
	return host_run_suite(s);
}
