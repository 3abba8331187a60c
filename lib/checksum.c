// SPDX-License-Identifier: MIT
/*
 * The Internet checksum (RFC 1071): the one's-complement sum of 16-bit
 * words. We add aligned 64-bit words into a 64-bit accumulator with an
 * end-around carry and fold at the end; 2^16 == 1 (mod 2^16 - 1), so the
 * folded sum of 64-bit lanes equals the sum of their 16-bit words.
 *
 * Odd start address: the first byte is added as the high half of a word
 * (the other half being the byte before the buffer, taken as 0), so every
 * later load is aligned but each byte sits in the other half of its word
 * than RFC 1071 puts it. The one's-complement sum of byte-swapped words is
 * the byte-swapped sum, so swapping the folded result puts it right
 * (Linux's lib/checksum.c does the same).
 */
#include <shoal/kernel.h>
#include <shoal/checksum.h>

typedef u64 __attribute__((may_alias)) u64_alias;
typedef u16 __attribute__((may_alias)) u16_alias;

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lib/checksum.c: the odd-byte handling below assumes little-endian"
#endif

static inline u64 add64(u64 acc, u64 v)
{
	acc += v;
	return acc + (acc < v);
}

static u32 fold64(u64 acc)
{
	acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffffffff) + (acc >> 32);
	return (u32)acc;
}

static u16 fold32(u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

/* Folded (not complemented) 16-bit sum of buf[0..len). */
static u16 do_csum(const unsigned char *buf, size_t len)
{
	bool odd = (uintptr_t)buf & 1;
	u64 acc = 0;
	u16 res;

	if (odd && len) {
		acc = (u64)*buf++ << 8;
		len--;
	}
	while (len >= 2 && ((uintptr_t)buf & 7)) {
		acc += *(const u16_alias *)buf;
		buf += 2;
		len -= 2;
	}
	for (; len >= 8; buf += 8, len -= 8)
		acc = add64(acc, *(const u64_alias *)buf);
	for (; len >= 2; buf += 2, len -= 2)
		acc = add64(acc, *(const u16_alias *)buf);
	if (len)
		acc = add64(acc, *buf);
	res = fold32(fold64(acc));
	if (odd)
		res = (u16)((res >> 8) | (res << 8));
	return res;
}

__wsum csum_partial(const void *buf, int len, __wsum sum)
{
	if (len <= 0)
		return sum;
	return csum_add(sum, do_csum(buf, len));
}

__sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	return csum_fold(csum_partial(iph, ihl * 4, 0));
}

/*
 * On a little-endian CPU the network-order word pair (0, proto) loads as
 * proto << 8 and len's two bytes as a byte-swapped len, which is len << 8
 * modulo 2^16 - 1; hence (proto + len) << 8.
 */
__wsum csum_tcpudp_nofold(u32 saddr, u32 daddr, u32 len, u8 proto, __wsum sum)
{
	u64 s = sum;

	s += saddr;
	s += daddr;
	s += (u64)(proto + len) << 8;
	return fold64(s);
}
