// SPDX-License-Identifier: MIT
/*
 * The kernel's random number generator and getrandom(2).
 *
 * ChaCha20 (RFC 8439 block function) keyed by a 256-bit secret. Every
 * request first folds the cycle counter into the key's derivation, then
 * produces blocks from (key, counter); before returning, a fresh block
 * replaces the key ("fast key erasure"), so earlier outputs cannot be
 * reconstructed from a later state. Seeding: the time CSR at first use
 * plus add_device_randomness() input. There is no entropy estimate: as in
 * Linux since 5.18, /dev/random and /dev/urandom never block once seeded,
 * and this generator counts as seeded from boot.
 *
 * Locking: rng_lock (irqsave; callers include interrupt handlers) guards
 * the state; output is copied out through a stack buffer after unlocking.
 */
#include <shoal/kernel.h>
#include <shoal/random.h>
#include <shoal/spinlock.h>
#include <shoal/time.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <uapi/fcntl.h>
#include <shoal/syscalls.h>

static DEFINE_SPINLOCK(rng_lock);
static u32 rng_key[8];                  /* [rng_lock] */
static u64 rng_counter;                 /* [rng_lock] */
static bool rng_seeded;                 /* [rng_lock] */

static inline u32 rotl32(u32 v, int c) { return (v << c) | (v >> (32 - c)); }

#define QR(a, b, c, d) do {                                     \
	a += b; d ^= a; d = rotl32(d, 16);                      \
	c += d; b ^= c; b = rotl32(b, 12);                      \
	a += b; d ^= a; d = rotl32(d, 8);                       \
	c += d; b ^= c; b = rotl32(b, 7);                       \
} while (0)

static void chacha20_block(const u32 key[8], u64 counter, u64 nonce, u32 out[16])
{
	u32 x[16], s[16];
	int i;

	s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		s[4 + i] = key[i];
	s[12] = (u32)counter;
	s[13] = (u32)(counter >> 32);
	s[14] = (u32)nonce;
	s[15] = (u32)(nonce >> 32);
	for (i = 0; i < 16; i++)
		x[i] = s[i];
	for (i = 0; i < 10; i++) {
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

/* Fold @n bytes into the key: key := ChaCha20(key ^ input-words, ...). Caller holds rng_lock. */
static void __mix(const void *buf, size_t n)
{
	const u8 *p = buf;
	u32 blk[16];
	size_t i;

	for (i = 0; i < n; i++)
		((u8 *)rng_key)[i % sizeof(rng_key)] ^= p[i];
	chacha20_block(rng_key, rng_counter++, 0x6d6978ULL, blk);
	memcpy(rng_key, blk, sizeof(rng_key));
	memset(blk, 0, sizeof(blk));
}

static void __seed_if_needed(void)
{
	u64 seed[4];
	int i;

	if (rng_seeded)
		return;
	for (i = 0; i < 4; i++)
		seed[i] = get_cycles() * 0x9e3779b97f4a7c15ULL + (u64)&seed[i];
	__mix(seed, sizeof(seed));
	rng_seeded = true;
}

void add_device_randomness(const void *buf, size_t n)
{
	unsigned long flags;
	u64 t = get_cycles();

	spin_lock_irqsave(&rng_lock, flags);
	__mix(&t, sizeof(t));
	__mix(buf, n);
	spin_unlock_irqrestore(&rng_lock, flags);
}

/* Up to 256 bytes per locked round; the key is replaced after each round. */
static void get_random_chunk(u8 *out, size_t n)
{
	u32 blk[16];
	unsigned long flags;
	u64 t = get_cycles();
	size_t done = 0;

	spin_lock_irqsave(&rng_lock, flags);
	__seed_if_needed();
	rng_key[0] ^= (u32)t;
	rng_key[1] ^= (u32)(t >> 32);
	while (done < n) {
		size_t c = min(n - done, sizeof(blk));

		chacha20_block(rng_key, rng_counter++, 1, blk);
		memcpy(out + done, blk, c);
		done += c;
	}
	chacha20_block(rng_key, rng_counter++, 2, blk);        /* fast key erasure */
	memcpy(rng_key, blk, sizeof(rng_key));
	spin_unlock_irqrestore(&rng_lock, flags);
	memset(blk, 0, sizeof(blk));
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n) {
		size_t c = min(n, (size_t)256);

		get_random_chunk(p, c);
		p += c;
		n -= c;
	}
}

u32 get_random_u32(void)
{
	u32 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

u64 get_random_u64(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

SYSCALL_DEFINE3(getrandom, char __user *, ubuf, size_t, count, unsigned int, flags)
{
	u8 tmp[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (count > 0x1ffffff)
		count = 0x1ffffff;
	while (done < count) {
		size_t c = min(count - done, sizeof(tmp));

		get_random_chunk(tmp, c);
		if (copy_to_user(ubuf + done, tmp, c)) {
			memset(tmp, 0, sizeof(tmp));
			return done ? (long)done : -EFAULT;
		}
		done += c;
		if (done < count && signal_pending(current))
			break;
		cond_resched();
	}
	memset(tmp, 0, sizeof(tmp));
	return done;
}
