// SPDX-License-Identifier: MIT
/*
 * inet6_protos: what IPv6 input calls for each upper protocol (ICMPv6,
 * UDP), as Linux's net/ipv6/protocol.c. Written at boot (inet6_init,
 * single-threaded) and read without locks afterwards.
 */
#include <shoal/kernel.h>
#include <net/ipv6.h>

const struct inet6_protocol *inet6_protos[MAX_INET6_PROTOS];

/* 0, or -1 if the slot is taken. */
int inet6_add_protocol(const struct inet6_protocol *prot, unsigned char num)
{
	if (inet6_protos[num])
		return -1;
	WRITE_ONCE(inet6_protos[num], prot);
	return 0;
}
