// SPDX-License-Identifier: MIT
/*
 * RFC 6528 initial sequence numbers: ISN = M + F(4-tuple, secret), with M
 * a clock ticking every 64 ns (as Linux's ktime_get_ns() >> 6) and F one
 * ChaCha20 block keyed by a secret drawn at first use. Timestamp offsets
 * are F of the address pair alone, so TCP timestamps towards one peer
 * grow across connections (TIME_WAIT's PAWS-style check on a new SYN).
 * SYN cookies take two more words of a block whose nonce holds the
 * cookie clock; IPv6's hash its 128-bit addresses whole, through a chain
 * of blocks each keyed by the one before.
 *
 * Locking: the secret is written once, before secret_ready is published
 * (smp_store_release, paired with smp_load_acquire in net_secret()); a
 * race between two first users draws two secrets and one wins, which only
 * costs the loser's ISN being computed from the other key.
 */
#include <shoal/kernel.h>
#include <shoal/atomic.h>
#include <shoal/chacha.h>
#include <shoal/random.h>
#include <shoal/time.h>
#include <net/secure_seq.h>

static u32 secret[CHACHA_KEY_WORDS];
static int secret_ready;

static const u32 *net_secret(void)
{
	if (!smp_load_acquire(&secret_ready)) {
		get_random_bytes(secret, sizeof(secret));
		smp_store_release(&secret_ready, 1);
	}
	return secret;
}

/* One keyed hash of (saddr, daddr, ports): word @w of the block. */
static u32 net_hash(__be32 saddr, __be32 daddr, u32 ports, int w)
{
	const u32 nonce[3] = { (u32)saddr, (u32)daddr, 0x73657121 };
	u32 out[CHACHA_STATE_WORDS];

	chacha20_block(net_secret(), ports, nonce, out);
	return out[w];
}

u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	u32 ports = (u32)ntohs(sport) << 16 | ntohs(dport);

	return net_hash(saddr, daddr, ports, 0) + (u32)((u64)ktime_get() >> 6);
}

u32 secure_tcp_ts_off(__be32 saddr, __be32 daddr)
{
	return net_hash(saddr, daddr, 0, 1);
}

/* SYN cookies' keyed hashes (net/ipv4/syncookies.c): hash c (0 or 1) of
 * the 4-tuple and the cookie clock, from a block of its own nonce. */
u32 secure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport, u32 count, int c)
{
	const u32 nonce[3] = { (u32)saddr, (u32)daddr, 0x636b0000u ^ count };
	u32 ports = (u32)ntohs(sport) << 16 | ntohs(dport);
	u32 out[CHACHA_STATE_WORDS];

	chacha20_block(net_secret(), ports, nonce, out);
	return out[2 + (c & 1)];
}

/* ChaCha20 as a keyed PRF of 128 bits (counter and nonce) whose output
 * is the next key: a chain over more input than one block takes. */
static void net_key_step(const u32 key[CHACHA_KEY_WORDS], const __be32 in[4],
			 u32 next[CHACHA_KEY_WORDS])
{
	const u32 nonce[3] = { (u32)in[1], (u32)in[2], (u32)in[3] };
	u32 out[CHACHA_STATE_WORDS];

	chacha20_block(key, (u32)in[0], nonce, out);
	memcpy(next, out, CHACHA_KEY_WORDS * sizeof(u32));
}

/* IPv6 SYN cookies' hashes: as secure_tcp_syn_cookie over the whole
 * addresses (Linux's cookie_hash in net/ipv6/syncookies.c). */
u32 secure_tcpv6_syn_cookie(const __be32 *saddr, const __be32 *daddr, __be16 sport, __be16 dport,
			    u32 count, int c)
{
	static const __be32 domain[4] = { 0x636b3600u, 0x73796e36u, 0, 0 };   /* "ck6", "syn6" */
	const u32 nonce[3] = { 0x636b3600u ^ count, 0, 0 };
	u32 ports = (u32)ntohs(sport) << 16 | ntohs(dport);
	u32 key[CHACHA_KEY_WORDS], out[CHACHA_STATE_WORDS];

	net_key_step(net_secret(), domain, key);
	net_key_step(key, saddr, key);
	net_key_step(key, daddr, key);
	chacha20_block(key, ports, nonce, out);
	return out[2 + (c & 1)];
}
