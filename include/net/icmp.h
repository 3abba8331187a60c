/* SPDX-License-Identifier: MIT */
/*
 * ICMP (net/ipv4/icmp.c): echo, errors to the sender of a bad packet, and
 * errors about our own packets handed to the protocol that sent them.
 */
#ifndef _NET_ICMP_H
#define _NET_ICMP_H

#include <shoal/skbuff.h>
#include <shoal/byteorder.h>

struct icmphdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	union {
		struct {
			__be16 id;
			__be16 sequence;
		} echo;
		__be32 gateway;
		struct {
			__be16 __unused;
			__be16 mtu;
		} frag;
	} un;
};

static inline struct icmphdr *icmp_hdr(const struct sk_buff *skb)
{
	return (struct icmphdr *)skb_transport_header(skb);
}

#define ICMP_ECHOREPLY          0
#define ICMP_DEST_UNREACH       3
#define ICMP_SOURCE_QUENCH      4
#define ICMP_REDIRECT           5
#define ICMP_ECHO               8
#define ICMP_TIME_EXCEEDED      11
#define ICMP_PARAMETERPROB      12
#define ICMP_TIMESTAMP          13
#define ICMP_TIMESTAMPREPLY     14
#define ICMP_INFO_REQUEST       15
#define ICMP_INFO_REPLY         16
#define ICMP_ADDRESS            17
#define ICMP_ADDRESSREPLY       18
#define NR_ICMP_TYPES           18

/* ICMP_DEST_UNREACH codes */
#define ICMP_NET_UNREACH        0
#define ICMP_HOST_UNREACH       1
#define ICMP_PROT_UNREACH       2
#define ICMP_PORT_UNREACH       3
#define ICMP_FRAG_NEEDED        4
#define ICMP_SR_FAILED          5
#define ICMP_NET_UNKNOWN        6
#define ICMP_HOST_UNKNOWN       7
#define ICMP_HOST_ISOLATED      8
#define ICMP_NET_ANO            9
#define ICMP_HOST_ANO           10
#define ICMP_NET_UNR_TOS        11
#define ICMP_HOST_UNR_TOS       12
#define ICMP_PKT_FILTERED       13
#define ICMP_PREC_VIOLATION     14
#define ICMP_PREC_CUTOFF        15
#define NR_ICMP_UNREACH         15

/* ICMP_TIME_EXCEEDED codes */
#define ICMP_EXC_TTL            0
#define ICMP_EXC_FRAGTIME       1

/* Is this type an error (never answered with another error)? */
static inline bool icmp_is_err(int type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
	       type == ICMP_TIME_EXCEEDED || type == ICMP_PARAMETERPROB ||
	       type == ICMP_REDIRECT;
}

/*
 * Which errno an ICMP error means, and whether it is "hard" (Linux's
 * icmp_err_convert table): *fatal is set for errors that abort a
 * connection attempt. Returns 0 for codes that carry no error.
 */
int icmp_err_errno(int type, int code, bool *fatal);

/*
 * Send an ICMP error about skb_in (its network header must be valid) to
 * its sender: type/code, info = the gateway, pointer or next-hop MTU.
 * Never answers an ICMP error, a broadcast, a fragment other than the
 * first, or a packet from a non-unicast source; rate limited. Does not
 * consume skb_in. Any context.
 */
void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info);

/* Count an ICMP message of this type sent by any socket (OutMsgs, OutType). */
void icmp_out_count(int type);

/* The IPPROTO_ICMP handler (inet_protos). */
int icmp_rcv(struct sk_buff *skb);
int icmp_err(struct sk_buff *skb, u32 info);
void icmp_init(void);

#endif
