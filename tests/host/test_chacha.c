// SPDX-License-Identifier: MIT
/* lib/chacha.c: the ChaCha20 block function against the test vectors of RFC 8439. */
#include <check.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/chacha.h>

/* Little-endian words from @n bytes, as RFC 8439 reads keys and nonces. */
static void le_words(const unsigned char *b, u32 *w, int n)
{
	int i;

	for (i = 0; i < n; i++)
		w[i] = b[4 * i] | b[4 * i + 1] << 8 | b[4 * i + 2] << 16 | (u32)b[4 * i + 3] << 24;
}

/* The key stream bytes of one block (the serialised state, section 2.3). */
static void keystream(const unsigned char key[32], u32 counter, const unsigned char nonce[12],
		      unsigned char out[64])
{
	u32 k[8], n[3], blk[16];
	int i;

	le_words(key, k, 8);
	le_words(nonce, n, 3);
	chacha20_block(k, counter, n, blk);
	for (i = 0; i < 16; i++) {
		out[4 * i] = blk[i];
		out[4 * i + 1] = blk[i] >> 8;
		out[4 * i + 2] = blk[i] >> 16;
		out[4 * i + 3] = blk[i] >> 24;
	}
}

START_TEST(test_rfc8439_2_3_2)
{
	/* Section 2.3.2: key 00..1f, nonce 000000090000004a00000000, block count 1. */
	static const u32 want[16] = {
		0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3,
		0xc7f4d1c7, 0x0368c033, 0x9aaa2204, 0x4e6cd4c3,
		0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9,
		0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2,
	};
	static const unsigned char nonce[12] = { 0, 0, 0, 0x09, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	unsigned char key[32];
	u32 k[8], n[3], out[16];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = i;
	le_words(key, k, 8);
	le_words(nonce, n, 3);
	chacha20_block(k, 1, n, out);
	for (i = 0; i < 16; i++)
		ck_assert_msg(out[i] == want[i], "word %d: %08x, want %08x", i, out[i], want[i]);
}
END_TEST

/* Appendix A.1: block function test vectors #1, #3 and #5. */
static const struct {
	unsigned char key_last;		/* the key is zero but for its last byte */
	unsigned char nonce_last;	/* likewise the nonce */
	u32 counter;
	unsigned char want[64];
} a1_vectors[] = {
	{ 0, 0, 0, {	/* test vector #1 */
		0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86, 0xbd, 0x28,
		0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a, 0xa8, 0x36, 0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7,
		0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48, 0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37,
		0x6a, 0x43, 0xb8, 0xf4, 0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86 } },
	{ 1, 0, 1, {	/* test vector #3 */
		0x3a, 0xeb, 0x52, 0x24, 0xec, 0xf8, 0x49, 0x92, 0x9b, 0x9d, 0x82, 0x8d, 0xb1, 0xce, 0xd4, 0xdd,
		0x83, 0x20, 0x25, 0xe8, 0x01, 0x8b, 0x81, 0x60, 0xb8, 0x22, 0x84, 0xf3, 0xc9, 0x49, 0xaa, 0x5a,
		0x8e, 0xca, 0x00, 0xbb, 0xb4, 0xa7, 0x3b, 0xda, 0xd1, 0x92, 0xb5, 0xc4, 0x2f, 0x73, 0xf2, 0xfd,
		0x4e, 0x27, 0x36, 0x44, 0xc8, 0xb3, 0x61, 0x25, 0xa6, 0x4a, 0xdd, 0xeb, 0x00, 0x6c, 0x13, 0xa0 } },
	{ 0, 2, 0, {	/* test vector #5 */
		0xc2, 0xc6, 0x4d, 0x37, 0x8c, 0xd5, 0x36, 0x37, 0x4a, 0xe2, 0x04, 0xb9, 0xef, 0x93, 0x3f, 0xcd,
		0x1a, 0x8b, 0x22, 0x88, 0xb3, 0xdf, 0xa4, 0x96, 0x72, 0xab, 0x76, 0x5b, 0x54, 0xee, 0x27, 0xc7,
		0x8a, 0x97, 0x0e, 0x0e, 0x95, 0x5c, 0x14, 0xf3, 0xa8, 0x8e, 0x74, 0x1b, 0x97, 0xc2, 0x86, 0xf7,
		0x5f, 0x8f, 0xc2, 0x99, 0xe8, 0x14, 0x83, 0x62, 0xfa, 0x19, 0x8a, 0x39, 0x53, 0x1b, 0xed, 0x6d } },
};

START_TEST(test_rfc8439_a1)
{
	unsigned char key[32] = { 0 }, nonce[12] = { 0 }, out[64];

	key[31] = a1_vectors[_i].key_last;
	nonce[11] = a1_vectors[_i].nonce_last;
	keystream(key, a1_vectors[_i].counter, nonce, out);
	ck_assert_mem_eq(out, a1_vectors[_i].want, 64);
}
END_TEST

/* The output depends on every input word: flipping one bit anywhere changes the block. */
START_TEST(test_every_input_word_matters)
{
	u32 in[11] = { 0 }, base[16], out[16];	/* the key, then the nonce */
	int i;

	chacha20_block(in, 0, in + 8, base);
	for (i = 0; i < 11; i++) {
		in[i] ^= 1;
		chacha20_block(in, 0, in + 8, out);
		ck_assert_msg(memcmp(out, base, sizeof(out)) != 0, "input word %d ignored", i);
		in[i] ^= 1;
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("chacha");
	TCase *tc = tcase_create("rfc8439");

	tcase_add_test(tc, test_rfc8439_2_3_2);
	tcase_add_loop_test(tc, test_rfc8439_a1, 0, ARRAY_SIZE(a1_vectors));
	tcase_add_test(tc, test_every_input_word_matters);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
