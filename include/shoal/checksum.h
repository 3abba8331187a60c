/* SPDX-License-Identifier: MIT */
/*
 * The Internet checksum (RFC 1071), lib/checksum.c.
 *
 * __wsum is a 32-bit partial sum, not yet folded; __sum16 is the folded,
 * complemented 16-bit checksum, ready to store into a header. Both are in
 * the byte order of the data they were computed over: the one's-complement
 * sum is byte-order independent (RFC 1071 section 2(B)), so sums of
 * network-order data are computed with native loads and the resulting
 * __sum16 is stored as is, without htons.
 *
 * A receiver that checksums a packet including its checksum field gets a
 * folded result of 0 when the packet is intact.
 */
#ifndef _SHOAL_CHECKSUM_H
#define _SHOAL_CHECKSUM_H

#include <shoal/types.h>

typedef u32 __wsum;
typedef u16 __sum16;

/* Add len bytes at buf (any alignment, any length) to sum. */
__wsum csum_partial(const void *buf, int len, __wsum sum);

/* One's-complement addition of two partial sums. */
static inline __wsum csum_add(__wsum a, __wsum b)
{
	u32 res = a + b;

	return res + (res < b);
}

/* Fold a partial sum to 16 bits and complement it. */
static inline __sum16 csum_fold(__wsum sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

/* Checksum of an IPv4 header of ihl 32-bit words (0 if the header is intact). */
__sum16 ip_fast_csum(const void *iph, unsigned int ihl);

/*
 * The IPv4 pseudo-header sum (RFC 768, RFC 793) added to sum: saddr and
 * daddr in network byte order (as they sit in the IP header), len (the
 * TCP/UDP length) and proto in host order.
 */
__wsum csum_tcpudp_nofold(u32 saddr, u32 daddr, u32 len, u8 proto, __wsum sum);
static inline __sum16 csum_tcpudp_magic(u32 saddr, u32 daddr, u32 len, u8 proto, __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

#endif
