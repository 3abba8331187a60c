/* SPDX-License-Identifier: MIT */
/*
 * Initial sequence numbers and timestamp offsets (net/core/secure_seq.c),
 * RFC 6528 style: a keyed hash of the connection's addresses plus a clock,
 * so a new incarnation of a 4-tuple starts above the old one's sequence
 * space (TIME_WAIT then takes its SYN, RFC 1122 4.2.2.13) while remote
 * hosts cannot guess it.
 */
#ifndef _NET_SECURE_SEQ_H
#define _NET_SECURE_SEQ_H

#include <shoal/types.h>
#include <shoal/byteorder.h>

u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 secure_tcp_ts_off(__be32 saddr, __be32 daddr);
u32 secure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport, u32 count, int c);
u32 secure_tcpv6_syn_cookie(const __be32 *saddr, const __be32 *daddr, __be16 sport, __be16 dport,
			    u32 count, int c);

#endif
