// SPDX-License-Identifier: MIT
/* lib/checksum.c: the Internet checksum against a byte-at-a-time RFC 1071 reference and known packets. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/checksum.h>

/* RFC 1071 by the book: big-endian 16-bit words, odd byte padded with 0. Returns the folded sum (not complemented). */
static unsigned int ref_sum(const unsigned char *p, size_t len)
{
	unsigned long sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* A __sum16 as the two bytes it would occupy in a header. */
static unsigned int stored_be(__sum16 c)
{
	unsigned char b[2];

	memcpy(b, &c, 2);
	return (b[0] << 8) | b[1];
}

START_TEST(test_rfc1071_example)
{
	/* RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
	static const unsigned char buf[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	ck_assert_uint_eq(stored_be(csum_fold(csum_partial(buf, 8, 0))), 0x220d);
	ck_assert_uint_eq(ref_sum(buf, 8), 0xddf2);
}
END_TEST

START_TEST(test_ipv4_header)
{
	/* 192.168.0.1 -> 192.168.0.199, UDP, checksum b861 (a captured packet). */
	unsigned char hdr[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	unsigned char *odd = malloc(21);

	ck_assert_uint_eq(ip_fast_csum(hdr, 5), 0);             /* intact */
	hdr[10] = hdr[11] = 0;
	ck_assert_uint_eq(stored_be(ip_fast_csum(hdr, 5)), 0xb861);
	memcpy(odd + 1, hdr, 20);                               /* unaligned header */
	ck_assert_uint_eq(stored_be(ip_fast_csum(odd + 1, 5)), 0xb861);
	free(odd);
}
END_TEST

/* UDP checksum of a small datagram against the pseudo-header built by hand. */
START_TEST(test_udp_pseudo_header)
{
	unsigned char udp[13] = { 0x30, 0x39, 0x00, 0x35, 0x00, 13, 0, 0, 'h', 'e', 'l', 'l', 'o' };
	unsigned char pseudo[12 + 13] = { 10, 0, 2, 15, 10, 0, 2, 2, 0, 17, 0, 13 };
	u32 saddr, daddr;
	__sum16 c;

	memcpy(&saddr, pseudo, 4);                              /* network order, as in an IP header */
	memcpy(&daddr, pseudo + 4, 4);
	memcpy(pseudo + 12, udp, 13);
	c = csum_tcpudp_magic(saddr, daddr, 13, 17, csum_partial(udp, 13, 0));
	ck_assert_uint_eq(stored_be(c), (~ref_sum(pseudo, 25)) & 0xffff);
	/* Stored into the header, the receiver's sum verifies to 0. */
	memcpy(udp + 6, &c, 2);
	ck_assert_uint_eq(csum_tcpudp_magic(saddr, daddr, 13, 17, csum_partial(udp, 13, 0)), 0);
}
END_TEST

/* Random buffers, lengths 0..2000, every start alignment 0..15, random running sums split at random points. */
START_TEST(test_random_vs_reference)
{
	enum { MAX = 2000 };
	unsigned char *mem = malloc(MAX + 16);
	int iter;

	srand(1071);
	for (iter = 0; iter < 20000; iter++) {
		size_t align = rand() % 16, len = rand() % (iter < 1000 ? 40 : MAX);
		size_t split = len ? rand() % (len + 1) : 0, i;
		unsigned char *p = mem + align;
		__wsum s;

		for (i = 0; i < len; i++)
			p[i] = (iter % 7 == 0) ? 0xff : rand();         /* all-ones stresses the carries */
		/* Exact: a nonzero sum never folds to 0 on either side, so both pick the same representation. */
		ck_assert_msg(stored_be(csum_fold(csum_partial(p, len, 0))) == ((~ref_sum(p, len)) & 0xffff),
			      "len %zu align %zu", len, align);
		/* An even split point lets partial sums be chained. */
		split &= ~(size_t)1;
		s = csum_partial(p + split, len - split, csum_partial(p, split, 0));
		ck_assert_uint_eq(csum_fold(s), csum_fold(csum_partial(p, len, 0)));
	}
	free(mem);
}
END_TEST

START_TEST(test_csum_add_fold)
{
	ck_assert_uint_eq(csum_add(0xffffffff, 1), 1);          /* end-around carry */
	ck_assert_uint_eq(csum_add(0x80000000, 0x80000000), 1);
	ck_assert_uint_eq(csum_fold(0), 0xffff);
	ck_assert_uint_eq(csum_fold(0xffff), 0);
	ck_assert_uint_eq(csum_fold(0x1fffe), 0);               /* 0xffff + 0xffff */
	ck_assert_uint_eq(csum_partial("x", 0, 1234), 1234);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("checksum");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rfc1071_example);
	tcase_add_test(tc, test_ipv4_header);
	tcase_add_test(tc, test_udp_pseudo_header);
	tcase_add_test(tc, test_random_vs_reference);
	tcase_add_test(tc, test_csum_add_fold);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
