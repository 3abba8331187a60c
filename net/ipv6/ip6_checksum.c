// SPDX-License-Identifier: MIT
/* The IPv6 pseudo-header checksum (RFC 8200 8.1), as Linux's net/ipv6/ip6_checksum.c. */
#include <shoal/kernel.h>
#include <shoal/checksum.h>
#include <net/ipv6.h>

__sum16 csum_ipv6_magic(const struct in6_addr *saddr, const struct in6_addr *daddr, u32 len,
			u8 proto, __wsum sum)
{
	__be32 tail[2] = { htonl(len), htonl(proto) };

	sum = csum_partial(saddr, sizeof(*saddr), sum);
	sum = csum_partial(daddr, sizeof(*daddr), sum);
	sum = csum_partial(tail, sizeof(tail), sum);
	return csum_fold(sum);
}
