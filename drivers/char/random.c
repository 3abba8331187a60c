// SPDX-License-Identifier: MIT
/*
 * The kernel's random number generator, /dev/urandom's source and
 * getrandom(2). The ChaCha20 block function itself is lib/chacha.c.
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
 * get_random_u32 serves from a per-CPU batch (below).
 */
#include <shoal/kernel.h>
#include <shoal/random.h>
#include <shoal/chacha.h>
#include <shoal/spinlock.h>
#include <shoal/smp.h>
#include <shoal/irqflags.h>
#include <shoal/time.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <uapi/fcntl.h>
#include <shoal/syscalls.h>

static DEFINE_SPINLOCK(rng_lock);
static u32 rng_key[8];                  /* [rng_lock] */
static u64 rng_counter;                 /* [rng_lock] */
static bool rng_seeded;                 /* [rng_lock] */

/*
 * A block for the generator's 64-bit counter and 64-bit stream id: the
 * counter's high half and the stream id fill RFC 8439's nonce words.
 */
static void rng_block(const u32 key[8], u64 counter, u64 stream, u32 out[16])
{
	const u32 nonce[3] = { (u32)(counter >> 32), (u32)stream, (u32)(stream >> 32) };

	chacha20_block(key, (u32)counter, nonce, out);
}

/* Fold @n bytes into the key: key := ChaCha20(key ^ input-words, ...). Caller holds rng_lock. */
static void __mix(const void *buf, size_t n)
{
	const u8 *p = buf;
	u32 blk[16];
	size_t i;

	for (i = 0; i < n; i++)
		((u8 *)rng_key)[i % sizeof(rng_key)] ^= p[i];
	rng_block(rng_key, rng_counter++, 0x6d6978ULL, blk);
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

		rng_block(rng_key, rng_counter++, 1, blk);
		memcpy(out + done, blk, c);
		done += c;
	}
	rng_block(rng_key, rng_counter++, 2, blk);        /* fast key erasure */
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

/*
 * get_random_u32's per-CPU batch, as Linux's batched entropy: one locked
 * generator round fills 16 words, so the connect and accept paths (port,
 * ISN, hash secrets) take the global rng_lock once per 16 calls instead of
 * on every call. Consumed words are wiped. [irqs off, owning CPU]
 */
struct rng_batch {
	u32 words[16];
	unsigned int left;
};
static DEFINE_PER_CPU(struct rng_batch, rng_batches);

u32 get_random_u32(void)
{
	unsigned long flags = local_irq_save();
	struct rng_batch *b = this_cpu_ptr(rng_batches);
	u32 v;

	if (!b->left) {
		get_random_chunk((u8 *)b->words, sizeof(b->words));
		b->left = ARRAY_SIZE(b->words);
	}
	v = b->words[--b->left];
	b->words[b->left] = 0;
	local_irq_restore(flags);
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
