// SPDX-License-Identifier: MIT
/* include/net/syncookies.h: Linux's SYN cookie arithmetic. A cookie made
 * at minute count decodes to its MSS index for MAX_SYNCOOKIE_AGE minutes
 * and not after; the TSval carries the SYN's options in its low bits and
 * never runs ahead of the clock. The keyed hashes are stand-ins here (the
 * kernel's come from net/core/secure_seq.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#include <net/syncookies.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A stand-in for the keyed hash: H0 ignores count, H1 depends on it. */
static u32 h(u32 tuple, u32 count, int c)
{
	u32 x = tuple * 0x9e3779b1u ^ (c ? count * 0x85ebca6bu + 0x1234567u : 0x7654321u);

	x ^= x >> 15;
	return x * 0xc2b2ae35u;
}

/* What __cookie_v4_check does: the MSS index, or -1. */
static int check(u32 cookie, u32 tuple, u32 sseq, u32 now)
{
	u32 h0 = h(tuple, 0, 0), age = syn_cookie_age(cookie, h0, sseq, now), data;

	if (age >= MAX_SYNCOOKIE_AGE)
		return -1;
	data = syn_cookie_data(cookie, h0, h(tuple, now - age, 1), sseq);
	return data < SYN_COOKIE_NMSS ? (int)data : -1;
}

static u32 make(u32 tuple, u32 sseq, u32 count, u32 idx)
{
	return syn_cookie_make(h(tuple, 0, 0), h(tuple, count, 1), sseq, count, idx);
}

START_TEST(test_mss_index)
{
	ck_assert_uint_eq(syn_cookie_mss_index(0), 0);
	ck_assert_uint_eq(syn_cookie_mss_index(535), 0);
	ck_assert_uint_eq(syn_cookie_mss_index(536), 0);
	ck_assert_uint_eq(syn_cookie_mss_index(1299), 0);
	ck_assert_uint_eq(syn_cookie_mss_index(1300), 1);
	ck_assert_uint_eq(syn_cookie_mss_index(1440), 2);
	ck_assert_uint_eq(syn_cookie_mss_index(1459), 2);
	ck_assert_uint_eq(syn_cookie_mss_index(1460), 3);
	ck_assert_uint_eq(syn_cookie_mss_index(65535), 3);
}
END_TEST

/* Any ascending table: IPv6's (net/ipv6/syncookies.c, Linux's msstab6). */
START_TEST(test_mss_index_tab)
{
	static const u16 tab6[] = { 1220, 1420, 1440, 8940 };

	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 4, 0), 0);
	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 4, 1280), 0);
	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 4, 1420), 1);
	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 4, 1440), 2);
	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 4, 8939), 2);
	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 4, 65476), 3);
	ck_assert_uint_eq(syn_cookie_mss_index_tab(tab6, 1, 65535), 0);
}
END_TEST

/* Every index round-trips, at the minute it was made and the next, for
 * sequence numbers and clocks around their wraps. */
START_TEST(test_roundtrip)
{
	static const u32 seqs[] = { 0, 1, 0x7fffffffu, 0xfffffffeu, 0xffffffffu, 0x12345678u };
	static const u32 counts[] = { 0, 1, 255, 256, 0xffffffu, 0x1000000u, 0xfffffffeu };
	unsigned int i, j, idx;

	for (i = 0; i < ARRAY_SIZE(seqs); i++)
		for (j = 0; j < ARRAY_SIZE(counts); j++)
			for (idx = 0; idx < SYN_COOKIE_NMSS; idx++) {
				u32 ck = make(42 + i, seqs[i], counts[j], idx);

				ck_assert_int_eq(check(ck, 42 + i, seqs[i], counts[j]), (int)idx);
				ck_assert_int_eq(check(ck, 42 + i, seqs[i], counts[j] + 1), (int)idx);
				ck_assert_int_eq(check(ck, 42 + i, seqs[i], counts[j] + 2), -1);
			}
}
END_TEST

/* Another 4-tuple or another ISN does not take the cookie (here, with the
 * stand-in hash, for all the cases tried), nor does a cookie from the
 * future. */
START_TEST(test_reject)
{
	u32 ck = make(7, 1000, 50, 3);

	ck_assert_int_eq(check(ck, 8, 1000, 50), -1);
	ck_assert_int_eq(check(ck, 7, 1000 + (1u << 24), 50), -1);
	ck_assert_int_eq(check(ck, 7, 1000, 49), -1);
	ck_assert_int_eq(check(ck + (3u << 24), 7, 1000, 50), -1);
	ck_assert_int_eq(check(ck + 4, 7, 1000, 50), -1);      /* data 7: no such MSS */
}
END_TEST

START_TEST(test_timestamp_options)
{
	static const u32 nows[] = { 0, 5, 63, 64, 65, 1000, 0x7fffffc0u, 0xffffffffu };
	unsigned int i;
	u8 ws;

	for (i = 0; i < ARRAY_SIZE(nows); i++)
		for (ws = 0; ws <= 15; ws++) {
			bool wok = ws != 15, sack = ws & 1, ecn = ws & 2;
			u32 opt = syn_cookie_ts_options(wok, ws, sack, ecn);
			u32 ts = syn_cookie_ts(nows[i], opt);
			bool dwok, dsack, decn;
			u8 dws;

			if (nows[i] >= 64)
				ck_assert_uint_le(ts, nows[i]);
			ck_assert_uint_eq(ts & TSMASK, opt);
			ck_assert(syn_cookie_ts_decode(ts, &dwok, &dws, &dsack, &decn) == (ws <= 14 || !wok));
			if (ws > 14)
				continue;
			ck_assert(dwok == wok);
			ck_assert(dsack == sack);
			ck_assert(decn == ecn);
			if (wok)
				ck_assert_uint_eq(dws, ws);
		}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("syncookies");
	TCase *tc = tcase_create("calc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_mss_index);
	tcase_add_test(tc, test_mss_index_tab);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_reject);
	tcase_add_test(tc, test_timestamp_options);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
