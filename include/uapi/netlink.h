/* SPDX-License-Identifier: MIT */
/* AF_NETLINK sockets and message framing (Linux's uapi/linux/netlink.h). */
#ifndef _UAPI_NETLINK_H
#define _UAPI_NETLINK_H

#include <shoal/types.h>
#include <uapi/socket.h>

#define NETLINK_ROUTE           0
#define NETLINK_UNUSED          1
#define NETLINK_USERSOCK        2
#define NETLINK_FIREWALL        3
#define NETLINK_SOCK_DIAG       4
#define NETLINK_GENERIC         16
#define MAX_LINKS               32

struct sockaddr_nl {
	sa_family_t nl_family;          /* AF_NETLINK */
	unsigned short nl_pad;
	u32 nl_pid;                     /* port ID */
	u32 nl_groups;                  /* multicast groups 1..32 as a mask */
};

struct nlmsghdr {
	u32 nlmsg_len;                  /* header and payload */
	u16 nlmsg_type;
	u16 nlmsg_flags;
	u32 nlmsg_seq;
	u32 nlmsg_pid;                  /* sender's port ID */
};

/* nlmsg_flags */
#define NLM_F_REQUEST           0x01
#define NLM_F_MULTI             0x02
#define NLM_F_ACK               0x04
#define NLM_F_ECHO              0x08
#define NLM_F_DUMP_INTR         0x10
#define NLM_F_DUMP_FILTERED     0x20
/* GET requests */
#define NLM_F_ROOT              0x100
#define NLM_F_MATCH             0x200
#define NLM_F_ATOMIC            0x400
#define NLM_F_DUMP              (NLM_F_ROOT | NLM_F_MATCH)
/* NEW requests */
#define NLM_F_REPLACE           0x100
#define NLM_F_EXCL              0x200
#define NLM_F_CREATE            0x400
#define NLM_F_APPEND            0x800
/* acks */
#define NLM_F_CAPPED            0x100
#define NLM_F_ACK_TLVS          0x200

#define NLMSG_ALIGNTO           4U
#define NLMSG_ALIGN(len)        (((len) + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1))
#define NLMSG_HDRLEN            ((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))
#define NLMSG_LENGTH(len)       ((len) + NLMSG_HDRLEN)
#define NLMSG_SPACE(len)        NLMSG_ALIGN(NLMSG_LENGTH(len))
#define NLMSG_DATA(nlh)         ((void *)(((char *)(nlh)) + NLMSG_HDRLEN))

#define NLMSG_NOOP              0x1
#define NLMSG_ERROR             0x2
#define NLMSG_DONE              0x3
#define NLMSG_OVERRUN           0x4
#define NLMSG_MIN_TYPE          0x10

struct nlmsgerr {
	int error;
	struct nlmsghdr msg;
};

/* setsockopt(SOL_NETLINK, ...) */
#define NETLINK_ADD_MEMBERSHIP          1
#define NETLINK_DROP_MEMBERSHIP         2
#define NETLINK_PKTINFO                 3
#define NETLINK_BROADCAST_ERROR         4
#define NETLINK_NO_ENOBUFS              5
#define NETLINK_LISTEN_ALL_NSID         8
#define NETLINK_LIST_MEMBERSHIPS        9
#define NETLINK_CAP_ACK                 10
#define NETLINK_EXT_ACK                 11
#define NETLINK_GET_STRICT_CHK          12

struct nlattr {
	u16 nla_len;                    /* header and payload, unaligned */
	u16 nla_type;
};
#define NLA_F_NESTED            (1 << 15)
#define NLA_F_NET_BYTEORDER     (1 << 14)
#define NLA_TYPE_MASK           (~(NLA_F_NESTED | NLA_F_NET_BYTEORDER))
#define NLA_ALIGNTO             4
#define NLA_ALIGN(len)          (((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
#define NLA_HDRLEN              ((int)NLA_ALIGN(sizeof(struct nlattr)))

#endif
