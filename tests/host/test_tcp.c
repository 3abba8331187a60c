// SPDX-License-Identifier: MIT
/* include/net/tcp_calc.h: sequence arithmetic across the 2^32 wrap, option
 * parsing and writing, window-scale choice, the RFC 6298 estimator and
 * Reno's window growth. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#include <net/tcp_calc.h>

START_TEST(test_seq_compare)
{
	ck_assert(before(1, 2));
	ck_assert(!before(2, 1));
	ck_assert(!before(5, 5));
	ck_assert(after(2, 1));
	/* across the wrap: 0xfffffff0 is before 0x10 */
	ck_assert(before(0xfffffff0u, 0x10));
	ck_assert(after(0x10, 0xfffffff0u));
	ck_assert(!after(0xfffffff0u, 0x10));
	/* half the space away flips the answer */
	ck_assert(before(0, 0x7fffffffu));
	ck_assert(!before(0, 0x80000001u));
	ck_assert(after(0, 0x80000001u));
}
END_TEST

START_TEST(test_seq_between)
{
	ck_assert(between(10, 10, 20));
	ck_assert(between(10, 15, 20));
	ck_assert(between(10, 20, 20));
	ck_assert(!between(10, 21, 20));
	ck_assert(!between(10, 9, 20));
	/* window straddling the wrap */
	ck_assert(between(0xfffffff0u, 0xfffffffeu, 0x20));
	ck_assert(between(0xfffffff0u, 0x5, 0x20));
	ck_assert(!between(0xfffffff0u, 0x21, 0x20));
	ck_assert(!between(0xfffffff0u, 0xffffffefu, 0x20));
}
END_TEST

START_TEST(test_parse_syn_options)
{
	/* Linux's SYN: MSS 65495, SACK_PERM, TS, NOP, WS 7 */
	static const unsigned char o[] = { 2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0,
					   1, 3, 3, 7 };
	struct tcp_opts p;

	ck_assert_int_eq(tcp_parse_opts(o, sizeof(o), true, &p), 0);
	ck_assert_uint_eq(p.mss, 65495);
	ck_assert(p.sack_ok);
	ck_assert(p.saw_tstamp);
	ck_assert_uint_eq(p.rcv_tsval, 1);
	ck_assert_uint_eq(p.rcv_tsecr, 0);
	ck_assert(p.wscale_ok);
	ck_assert_uint_eq(p.snd_wscale, 7);
	/* the same options on a non-SYN: only the timestamp counts */
	ck_assert_int_eq(tcp_parse_opts(o, sizeof(o), false, &p), 0);
	ck_assert_uint_eq(p.mss, 0);
	ck_assert(!p.wscale_ok && !p.sack_ok && p.saw_tstamp);
}
END_TEST

START_TEST(test_parse_bad_options)
{
	static const unsigned char zero_len[] = { 8, 0, 1, 1 };
	static const unsigned char too_long[] = { 2, 8, 1, 2 };
	static const unsigned char ws_big[] = { 3, 3, 20, 0 };
	static const unsigned char eol[] = { 0, 2, 4, 1, 2 };
	static const unsigned char ts_short[] = { 8, 6, 1, 2, 3, 4 };
	struct tcp_opts p;

	ck_assert_int_eq(tcp_parse_opts(zero_len, sizeof(zero_len), true, &p), -1);
	ck_assert_int_eq(tcp_parse_opts(too_long, sizeof(too_long), true, &p), -1);
	ck_assert_uint_eq(p.mss, 0);
	ck_assert_int_eq(tcp_parse_opts(ws_big, sizeof(ws_big), true, &p), 0);
	ck_assert_uint_eq(p.snd_wscale, TCP_MAX_WSCALE);
	ck_assert_int_eq(tcp_parse_opts(eol, sizeof(eol), true, &p), 0);
	ck_assert_uint_eq(p.mss, 0);
	ck_assert_int_eq(tcp_parse_opts(ts_short, sizeof(ts_short), false, &p), 0);
	ck_assert(!p.saw_tstamp);
	/* a lone kind byte with no length */
	ck_assert_int_eq(tcp_parse_opts((const unsigned char *)"\x02", 1, true, &p), -1);
}
END_TEST

START_TEST(test_write_options_roundtrip)
{
	struct tcp_out_opts o = { .mss = 65483, .ts = 1, .ws = 1, .wscale = 7,
				  .tsval = 0x01020304, .tsecr = 0xa0b0c0d0 };
	unsigned char buf[TCP_MAX_OPTION_SPACE];
	struct tcp_opts p;
	int n = tcp_write_opts(buf, &o);

	ck_assert_int_eq(n, 20);
	ck_assert_int_eq(n, tcp_opts_size(&o));
	ck_assert_int_eq(n % 4, 0);
	ck_assert_int_eq(tcp_parse_opts(buf, n, true, &p), 0);
	ck_assert_uint_eq(p.mss, 65483);
	ck_assert(p.saw_tstamp && p.wscale_ok);
	ck_assert_uint_eq(p.snd_wscale, 7);
	ck_assert_uint_eq(p.rcv_tsval, 0x01020304);
	ck_assert_uint_eq(p.rcv_tsecr, 0xa0b0c0d0);
	/* a data segment: NOP NOP TS, 12 bytes */
	o.mss = 0;
	o.ws = 0;
	ck_assert_int_eq(tcp_write_opts(buf, &o), TCPOLEN_TSTAMP_ALIGNED);
	ck_assert_int_eq(buf[0], TCPOPT_NOP);
	ck_assert_int_eq(buf[2], TCPOPT_TIMESTAMP);
}
END_TEST

/* RFC 2018 3: SACK-permitted on a SYN, blocks in whole 8-byte units; a
 * SACK option of any other length is ignored, never read past. */
START_TEST(test_sack_options)
{
	struct tcp_out_opts o = { .mss = 1460, .ts = 1, .sack_perm = 1, .ws = 1, .wscale = 7 };
	struct tcp_sack_block sp[TCP_NUM_SACKS];
	unsigned char buf[TCP_MAX_OPTION_SPACE];
	struct tcp_opts p;
	int n = tcp_write_opts(buf, &o), i;

	/* Linux's SYN: MSS, SACK_PERM TS, NOP WS = 20 bytes */
	ck_assert_int_eq(n, 20);
	ck_assert_int_eq(n, tcp_opts_size(&o));
	ck_assert_int_eq(buf[4], TCPOPT_SACK_PERM);
	ck_assert_int_eq(tcp_parse_opts(buf, n, true, &p), 0);
	ck_assert(p.sack_ok && p.saw_tstamp && p.wscale_ok);
	ck_assert_int_eq(tcp_parse_opts(buf, n, false, &p), 0);
	ck_assert(!p.sack_ok);                  /* only on a SYN */
	/* no timestamps: NOP NOP SACK_PERM */
	o.ts = 0;
	n = tcp_write_opts(buf, &o);
	ck_assert_int_eq(n, tcp_opts_size(&o));
	ck_assert_int_eq(n % 4, 0);
	ck_assert_int_eq(tcp_parse_opts(buf, n, true, &p), 0);
	ck_assert(p.sack_ok);
	/* an ACK with timestamps and 3 blocks fills the 40 bytes */
	memset(&o, 0, sizeof(o));
	o.ts = 1;
	o.num_sacks = 3;
	for (i = 0; i < 3; i++) {
		o.sacks[i].start_seq = 1000 * i + 0xfffff000;
		o.sacks[i].end_seq = 1000 * i + 0xfffff500;
	}
	n = tcp_write_opts(buf, &o);
	ck_assert_int_eq(n, TCP_MAX_OPTION_SPACE);
	ck_assert_int_eq(n, tcp_opts_size(&o));
	ck_assert_int_eq(tcp_parse_opts(buf, n, false, &p), 0);
	ck_assert(p.saw_tstamp);
	ck_assert_uint_ne(p.sack_off, 0);
	ck_assert_int_eq(tcp_sack_read_blocks(buf + p.sack_off - 1, sp), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(sp[i].start_seq, 1000 * i + 0xfffff000);
		ck_assert_uint_eq(sp[i].end_seq, 1000 * i + 0xfffff500);
	}
	/* bad lengths: no SACK seen */
	ck_assert_int_eq(tcp_parse_opts((const unsigned char *)"\x05\x09\0\0\0\0\0\0\0", 9, false, &p), 0);
	ck_assert_uint_eq(p.sack_off, 0);
	ck_assert_int_eq(tcp_parse_opts((const unsigned char *)"\x05\x02", 2, false, &p), 0);
	ck_assert_uint_eq(p.sack_off, 0);
	ck_assert_int_eq(tcp_parse_opts((const unsigned char *)"\x05\x0a\0\0\0\0", 6, false, &p), -1);
	ck_assert_uint_eq(p.sack_off, 0);
}
END_TEST

/* RFC 2883 4 (Linux's tcp_check_dsack): a first block below the ACK or
 * inside the second is a D-SACK. */
START_TEST(test_dsack_detect)
{
	struct tcp_sack_block a[2] = { { 100, 200 }, { 300, 400 } };

	ck_assert(tcp_sack_is_dsack(a, 1, 250));        /* below the ACK */
	ck_assert(!tcp_sack_is_dsack(a, 2, 100));
	a[0] = (struct tcp_sack_block){ 320, 340 };
	ck_assert(tcp_sack_is_dsack(a, 2, 100));        /* inside the second */
	ck_assert(!tcp_sack_is_dsack(a, 1, 100));
	a[0] = (struct tcp_sack_block){ 0xfffffff0, 0x10 };
	ck_assert(tcp_sack_is_dsack(a, 1, 0x20));       /* across the wrap */
	ck_assert(!tcp_sack_is_dsack(a, 0, 0x20));
}
END_TEST

/* Linux's tcp_is_sackblock_valid, case by case. */
START_TEST(test_sackblock_valid)
{
	const u32 una = 1000, nxt = 5000, undo = 500, maxwin = 1000;

	ck_assert(tcp_is_sackblock_valid(false, 2000, 3000, una, nxt, 0, maxwin));
	ck_assert(tcp_is_sackblock_valid(false, 2000, 5000, una, nxt, 0, maxwin));
	ck_assert(!tcp_is_sackblock_valid(false, 2000, 5001, una, nxt, 0, maxwin));  /* past snd_nxt */
	ck_assert(!tcp_is_sackblock_valid(false, 3000, 2000, una, nxt, 0, maxwin));  /* reversed */
	ck_assert(!tcp_is_sackblock_valid(false, 2000, 2000, una, nxt, 0, maxwin));  /* empty */
	ck_assert(!tcp_is_sackblock_valid(false, 900, 2000, una, nxt, 0, maxwin));   /* below una */
	ck_assert(!tcp_is_sackblock_valid(false, 1000, 2000, una, nxt, undo, maxwin));
	/* D-SACKs below una: only within the undo window */
	ck_assert(!tcp_is_sackblock_valid(true, 600, 700, una, nxt, 0, maxwin));     /* no undo */
	ck_assert(tcp_is_sackblock_valid(true, 600, 700, una, nxt, undo, maxwin));
	ck_assert(!tcp_is_sackblock_valid(true, 900, 1100, una, nxt, undo, maxwin)); /* straddles una */
	ck_assert(!tcp_is_sackblock_valid(true, 100, 400, una, nxt, undo, maxwin));  /* too old */
	ck_assert(tcp_is_sackblock_valid(true, 400, 700, una, nxt, undo, maxwin));   /* crosses undo */
	ck_assert(!tcp_is_sackblock_valid(true, 400, 1500, 2000, 5000, undo, maxwin));
	ck_assert(!tcp_is_sackblock_valid(false, 0x80000000, 0x80001000, una, nxt, 0, maxwin));
}
END_TEST

/* The receiver's blocks: merged, newest first, at most max. */
START_TEST(test_sack_gen)
{
	struct tcp_sack_block out[TCP_NUM_SACKS];
	struct tcp_sack_gen g;
	int i;

	tcp_sack_gen_init(&g);
	ck_assert_int_eq(tcp_sack_gen_finish(&g, out, 4), 0);
	/* [10,20) [20,30) touch, [25,28) inside, [40,50), [60,70) */
	tcp_sack_gen_init(&g);
	tcp_sack_gen_add(&g, 10, 20, 1);
	tcp_sack_gen_add(&g, 20, 30, 5);
	tcp_sack_gen_add(&g, 25, 28, 2);
	tcp_sack_gen_add(&g, 40, 50, 3);
	tcp_sack_gen_add(&g, 60, 70, 4);
	ck_assert_int_eq(tcp_sack_gen_finish(&g, out, 4), 3);
	ck_assert_uint_eq(out[0].start_seq, 10);
	ck_assert_uint_eq(out[0].end_seq, 30);
	ck_assert_uint_eq(out[1].start_seq, 60);
	ck_assert_uint_eq(out[2].start_seq, 40);
	/* ten blocks, arrival order scrambled: the 3 newest, newest first */
	tcp_sack_gen_init(&g);
	for (i = 0; i < 10; i++)
		tcp_sack_gen_add(&g, 100 * i, 100 * i + 50, (i * 7) % 10);
	ck_assert_int_eq(tcp_sack_gen_finish(&g, out, 3), 3);
	ck_assert_uint_eq(out[0].start_seq, 700);       /* stamp 9 */
	ck_assert_uint_eq(out[1].start_seq, 400);       /* stamp 8 */
	ck_assert_uint_eq(out[2].start_seq, 100);       /* stamp 7 */
}
END_TEST

START_TEST(test_wscale)
{
	ck_assert_uint_eq(tcp_select_wscale(0), 0);
	ck_assert_uint_eq(tcp_select_wscale(65535), 0);
	ck_assert_uint_eq(tcp_select_wscale(65536), 1);
	ck_assert_uint_eq(tcp_select_wscale(6 << 20), 7);       /* Linux's tcp_rmem[2] */
	ck_assert_uint_eq(tcp_select_wscale(0xffffffffu), TCP_MAX_WSCALE);
	/* the chosen shift always covers the space */
	for (unsigned int s = 1; s < (1u << 30); s = s * 3 + 7)
		ck_assert((65535ull << tcp_select_wscale(s)) >= s);
}
END_TEST

START_TEST(test_rto)
{
	struct tcp_rtt_est e = { 0, 0 };

	ck_assert_uint_eq(tcp_rto_from_est(&e), TCP_TIMEOUT_INIT_US);
	/* first sample R: SRTT = R, RTTVAR = R/2, RTO = R + 4 * R/2 = 3R */
	tcp_rtt_sample(&e, 100000);
	ck_assert_uint_eq(e.srtt8 >> 3, 100000);
	ck_assert_uint_eq(e.mdev4 >> 2, 50000);
	ck_assert_uint_eq(tcp_rto_from_est(&e), 300000);
	/* steady samples converge; the variance floor keeps RTO >= 200 ms */
	for (int i = 0; i < 200; i++)
		tcp_rtt_sample(&e, 100000);
	ck_assert_uint_eq(e.srtt8 >> 3, 100000);
	ck_assert_uint_eq(tcp_rto_from_est(&e), 100000 + TCP_RTO_MIN_US);
	/* loopback-sized RTTs: RTO is the floor */
	memset(&e, 0, sizeof(e));
	for (int i = 0; i < 50; i++)
		tcp_rtt_sample(&e, 30);
	ck_assert_uint_le(tcp_rto_from_est(&e), TCP_RTO_MIN_US + 100);
	ck_assert_uint_ge(tcp_rto_from_est(&e), TCP_RTO_MIN_US);
	/* a spike raises RTTVAR */
	tcp_rtt_sample(&e, 500000);
	ck_assert_uint_gt(tcp_rto_from_est(&e), 300000);
	/* a zero sample counts as 1 us */
	memset(&e, 0, sizeof(e));
	tcp_rtt_sample(&e, 0);
	ck_assert_uint_eq(e.srtt8 >> 3, 1);
	/* backoff doubles and caps at 120 s */
	ck_assert_uint_eq(tcp_rto_backoff(200000, 0), 200000);
	ck_assert_uint_eq(tcp_rto_backoff(200000, 3), 1600000);
	ck_assert_uint_eq(tcp_rto_backoff(1000000, 10), TCP_RTO_MAX_US);
	ck_assert_uint_eq(tcp_rto_backoff(1000000, 200), TCP_RTO_MAX_US);
}
END_TEST

START_TEST(test_reno)
{
	u32 cwnd = 10, cnt = 0;

	/* slow start: one segment per acked segment */
	cwnd = tcp_reno_grow(cwnd, 100, &cnt, 10);
	ck_assert_uint_eq(cwnd, 20);
	/* capped at ssthresh, the rest counts toward avoidance */
	cwnd = tcp_reno_grow(cwnd, 25, &cnt, 10);
	ck_assert_uint_eq(cwnd, 25);
	ck_assert_uint_eq(cnt, 5);
	/* congestion avoidance: +1 per window of acks */
	cwnd = tcp_reno_grow(cwnd, 25, &cnt, 19);
	ck_assert_uint_eq(cwnd, 25);
	cwnd = tcp_reno_grow(cwnd, 25, &cnt, 1);
	ck_assert_uint_eq(cwnd, 26);
	ck_assert_uint_eq(cnt, 0);
	ck_assert_uint_eq(tcp_reno_ssthresh(26), 13);
	ck_assert_uint_eq(tcp_reno_ssthresh(3), 2);
	ck_assert_uint_eq(tcp_reno_ssthresh(1), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tcp");
	TCase *tc = tcase_create("calc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_seq_compare);
	tcase_add_test(tc, test_seq_between);
	tcase_add_test(tc, test_parse_syn_options);
	tcase_add_test(tc, test_parse_bad_options);
	tcase_add_test(tc, test_write_options_roundtrip);
	tcase_add_test(tc, test_wscale);
	tcase_add_test(tc, test_sack_options);
	tcase_add_test(tc, test_dsack_detect);
	tcase_add_test(tc, test_sackblock_valid);
	tcase_add_test(tc, test_sack_gen);
	tcase_add_test(tc, test_rto);
	tcase_add_test(tc, test_reno);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
