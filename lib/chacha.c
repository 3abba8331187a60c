// SPDX-License-Identifier: MIT
/*
 * The ChaCha20 block function, RFC 8439 section 2.3. Pure computation on
 * its arguments; tests/host/test_chacha.c checks it against the RFC's
 * test vectors.
 */
#include <shoal/chacha.h>

static inline u32 rotl32(u32 v, int c) { return (v << c) | (v >> (32 - c)); }

/* The quarter round of RFC 8439 section 2.1. */
#define QR(a, b, c, d) do {                                     \
	a += b; d ^= a; d = rotl32(d, 16);                      \
	c += d; b ^= c; b = rotl32(b, 12);                      \
	a += b; d ^= a; d = rotl32(d, 8);                       \
	c += d; b ^= c; b = rotl32(b, 7);                       \
} while (0)

void chacha20_block(const u32 key[CHACHA_KEY_WORDS], u32 counter,
		    const u32 nonce[3], u32 out[CHACHA_STATE_WORDS])
{
	u32 x[16], s[16];
	int i;

	/* "expand 32-byte k" */
	s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		s[4 + i] = key[i];
	s[12] = counter;
	s[13] = nonce[0];
	s[14] = nonce[1];
	s[15] = nonce[2];
	for (i = 0; i < 16; i++)
		x[i] = s[i];
	for (i = 0; i < 10; i++) {	/* 20 rounds: a column and a diagonal round each */
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		out[i] = x[i] + s[i];
}
