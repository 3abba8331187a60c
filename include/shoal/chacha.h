/* SPDX-License-Identifier: MIT */
/*
 * The ChaCha20 block function (RFC 8439 section 2.3), pure: no state, no
 * locks, usable from any context and built for the host tests. The
 * random number generator (drivers/char/random.c) is its only user.
 */
#ifndef _SHOAL_CHACHA_H
#define _SHOAL_CHACHA_H

#include <shoal/types.h>

#define CHACHA_KEY_WORDS	8
#define CHACHA_STATE_WORDS	16
#define CHACHA_BLOCK_SIZE	64

/*
 * One 64-byte block of key stream for (@key, @counter, @nonce): words
 * 12..15 of the state are the 32-bit block counter followed by the 96-bit
 * nonce, as RFC 8439 lays them out.
 */
void chacha20_block(const u32 key[CHACHA_KEY_WORDS], u32 counter,
		    const u32 nonce[3], u32 out[CHACHA_STATE_WORDS]);

#endif
