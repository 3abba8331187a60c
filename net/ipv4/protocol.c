// SPDX-License-Identifier: MIT
/*
 * inet_protos: what IP input calls for each IP protocol number (TCP, UDP,
 * ICMP), and inet_offloads: what GSO/GRO call for it (TCP), as Linux's
 * net/ipv4/protocol.c. The table is written only at
 * boot (inet_init, single-threaded) and read without locks afterwards, so
 * registering later is refused.
 */
#include <shoal/kernel.h>
#include <net/protocol.h>

const struct net_protocol *inet_protos[MAX_INET_PROTOS];

/* 0, or -1 if the slot is taken. */
int inet_add_protocol(const struct net_protocol *prot, unsigned char num)
{
	if (inet_protos[num])
		return -1;
	WRITE_ONCE(inet_protos[num], prot);
	return 0;
}

const struct net_offload *inet_offloads[MAX_INET_PROTOS];

/* 0, or -1 if the slot is taken. */
int inet_add_offload(const struct net_offload *prot, unsigned char num)
{
	if (inet_offloads[num])
		return -1;
	WRITE_ONCE(inet_offloads[num], prot);
	return 0;
}
