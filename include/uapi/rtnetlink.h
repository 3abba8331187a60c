/* SPDX-License-Identifier: MIT */
/*
 * NETLINK_ROUTE messages (Linux's uapi/linux/rtnetlink.h, if_link.h and
 * if_addr.h, the part shoal serves).
 */
#ifndef _UAPI_RTNETLINK_H
#define _UAPI_RTNETLINK_H

#include <uapi/netlink.h>

enum {
	RTM_BASE = 16,
	RTM_NEWLINK = 16, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK,
	RTM_NEWADDR = 20, RTM_DELADDR, RTM_GETADDR,
	RTM_NEWROUTE = 24, RTM_DELROUTE, RTM_GETROUTE,
	RTM_NEWNEIGH = 28, RTM_DELNEIGH, RTM_GETNEIGH,
	RTM_NEWRULE = 32, RTM_DELRULE, RTM_GETRULE,
	RTM_NEWQDISC = 36, RTM_DELQDISC, RTM_GETQDISC,
	RTM_MAX = 127,
};
#define RTM_NR_MSGTYPES         (RTM_MAX + 1 - RTM_BASE)

/* Multicast groups (numbers, not masks). */
enum rtnetlink_groups {
	RTNLGRP_NONE,
	RTNLGRP_LINK,
	RTNLGRP_NOTIFY,
	RTNLGRP_NEIGH,
	RTNLGRP_TC,
	RTNLGRP_IPV4_IFADDR,
	RTNLGRP_IPV4_MROUTE,
	RTNLGRP_IPV4_ROUTE,
	RTNLGRP_IPV4_RULE,
	RTNLGRP_IPV6_IFADDR,
	RTNLGRP_IPV6_MROUTE,
	RTNLGRP_IPV6_ROUTE,
};
#define RTNLGRP_MAX             64      /* groups a NETLINK_ROUTE socket may join */

struct rtgenmsg {
	unsigned char rtgen_family;
};

/* ---------------------------------------------------------------- links */

struct ifinfomsg {
	unsigned char ifi_family;
	unsigned char __ifi_pad;
	unsigned short ifi_type;        /* ARPHRD_* */
	int ifi_index;
	unsigned int ifi_flags;         /* IFF_* */
	unsigned int ifi_change;        /* IFF_* change mask */
};

enum {
	IFLA_UNSPEC, IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK,
	IFLA_QDISC, IFLA_STATS, IFLA_COST, IFLA_PRIORITY, IFLA_MASTER, IFLA_WIRELESS,
	IFLA_PROTINFO, IFLA_TXQLEN, IFLA_MAP, IFLA_WEIGHT, IFLA_OPERSTATE, IFLA_LINKMODE,
	IFLA_LINKINFO, IFLA_NET_NS_PID, IFLA_IFALIAS, IFLA_NUM_VF, IFLA_VFINFO_LIST,
	IFLA_STATS64, IFLA_VF_PORTS, IFLA_PORT_SELF, IFLA_AF_SPEC, IFLA_GROUP,
	IFLA_NET_NS_FD, IFLA_EXT_MASK, IFLA_PROMISCUITY, IFLA_NUM_TX_QUEUES,
	IFLA_NUM_RX_QUEUES, IFLA_CARRIER, IFLA_PHYS_PORT_ID, IFLA_CARRIER_CHANGES,
	IFLA_PHYS_SWITCH_ID, IFLA_LINK_NETNSID, IFLA_PHYS_PORT_NAME, IFLA_PROTO_DOWN,
	IFLA_GSO_MAX_SEGS, IFLA_GSO_MAX_SIZE, IFLA_PAD, IFLA_XDP, IFLA_EVENT,
	IFLA_NEW_NETNSID, IFLA_IF_NETNSID, IFLA_CARRIER_UP_COUNT,
	IFLA_CARRIER_DOWN_COUNT, IFLA_NEW_IFINDEX, IFLA_MIN_MTU, IFLA_MAX_MTU,
	__IFLA_MAX
};
#define IFLA_MAX                (__IFLA_MAX - 1)

/* RFC 2863 operational status (IFLA_OPERSTATE) */
enum {
	IF_OPER_UNKNOWN, IF_OPER_NOTPRESENT, IF_OPER_DOWN, IF_OPER_LOWERLAYERDOWN,
	IF_OPER_TESTING, IF_OPER_DORMANT, IF_OPER_UP,
};
enum { IF_LINK_MODE_DEFAULT, IF_LINK_MODE_DORMANT };

struct rtnl_link_stats {
	u32 rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors;
	u32 rx_dropped, tx_dropped, multicast, collisions;
	u32 rx_length_errors, rx_over_errors, rx_crc_errors, rx_frame_errors;
	u32 rx_fifo_errors, rx_missed_errors;
	u32 tx_aborted_errors, tx_carrier_errors, tx_fifo_errors;
	u32 tx_heartbeat_errors, tx_window_errors;
	u32 rx_compressed, tx_compressed, rx_nohandler;
};

struct rtnl_link_stats64 {
	u64 rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors;
	u64 rx_dropped, tx_dropped, multicast, collisions;
	u64 rx_length_errors, rx_over_errors, rx_crc_errors, rx_frame_errors;
	u64 rx_fifo_errors, rx_missed_errors;
	u64 tx_aborted_errors, tx_carrier_errors, tx_fifo_errors;
	u64 tx_heartbeat_errors, tx_window_errors;
	u64 rx_compressed, tx_compressed, rx_nohandler, rx_otherhost_dropped;
};

/* ------------------------------------------------------------ addresses */

struct ifaddrmsg {
	u8 ifa_family;
	u8 ifa_prefixlen;
	u8 ifa_flags;                   /* IFA_F_* (low 8 bits) */
	u8 ifa_scope;                   /* RT_SCOPE_* */
	u32 ifa_index;
};

enum {
	IFA_UNSPEC, IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_ANYCAST,
	IFA_CACHEINFO, IFA_MULTICAST, IFA_FLAGS, IFA_RT_PRIORITY, IFA_TARGET_NETNSID,
	IFA_PROTO, __IFA_MAX
};
/* IFA_PROTO: who added an address (Linux 6.3) */
#define IFAPROT_UNSPEC          0
#define IFAPROT_KERNEL_LO       1       /* the kernel, on the loopback device */

#define IFA_MAX                 (__IFA_MAX - 1)

#define IFA_F_PERMANENT         0x80

struct ifa_cacheinfo {
	u32 ifa_prefered;
	u32 ifa_valid;
	u32 cstamp;                     /* created, hundredths of seconds since boot */
	u32 tstamp;                     /* updated */
};
#define INFINITY_LIFE_TIME      0xFFFFFFFFU

/* --------------------------------------------------------------- routes */

struct rtmsg {
	unsigned char rtm_family;
	unsigned char rtm_dst_len;
	unsigned char rtm_src_len;
	unsigned char rtm_tos;
	unsigned char rtm_table;        /* RT_TABLE_* */
	unsigned char rtm_protocol;     /* RTPROT_* */
	unsigned char rtm_scope;        /* RT_SCOPE_* */
	unsigned char rtm_type;         /* RTN_* (net/route.h) */
	unsigned int rtm_flags;
};

#define RTPROT_UNSPEC           0
#define RTPROT_REDIRECT         1
#define RTPROT_KERNEL           2       /* implied by an interface address */
#define RTPROT_BOOT             3       /* configured (route(8), ip route, boot) */
#define RTPROT_STATIC           4

enum rt_scope_t {
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_SITE = 200,
	RT_SCOPE_LINK = 253,
	RT_SCOPE_HOST = 254,
	RT_SCOPE_NOWHERE = 255
};

#define RTM_F_NOTIFY            0x100
#define RTM_F_CLONED            0x200

/* rtm_flags' high half in a route lookup's answer (linux/in_route.h) */
#define RTCF_LOCAL              0x80000000

enum rt_class_t {
	RT_TABLE_UNSPEC = 0,
	RT_TABLE_DEFAULT = 253,
	RT_TABLE_MAIN = 254,
	RT_TABLE_LOCAL = 255,
};

enum rtattr_type_t {
	RTA_UNSPEC, RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY,
	RTA_PREFSRC, RTA_METRICS, RTA_MULTIPATH, RTA_PROTOINFO, RTA_FLOW, RTA_CACHEINFO,
	RTA_SESSION, RTA_MP_ALGO, RTA_TABLE, RTA_MARK, RTA_MFC_STATS, RTA_VIA,
	RTA_NEWDST, RTA_PREF, RTA_ENCAP_TYPE, RTA_ENCAP, RTA_EXPIRES, RTA_PAD, RTA_UID,
	RTA_TTL_PROPAGATE, RTA_IP_PROTO, RTA_SPORT, RTA_DPORT, RTA_NH_ID,
	__RTA_MAX
};
#define RTA_MAX                 (__RTA_MAX - 1)

/* RTA_METRICS members */
enum {
	RTAX_UNSPEC, RTAX_LOCK, RTAX_MTU, RTAX_WINDOW, RTAX_RTT, RTAX_RTTVAR, RTAX_SSTHRESH,
	RTAX_CWND, RTAX_ADVMSS, RTAX_REORDERING, RTAX_HOPLIMIT, RTAX_INITCWND, RTAX_FEATURES,
	RTAX_RTO_MIN, RTAX_INITRWND, RTAX_QUICKACK, RTAX_CC_ALGO, RTAX_FASTOPEN_NO_COOKIE,
	__RTAX_MAX
};

/* RTA_CACHEINFO */
struct rta_cacheinfo {
	u32 rta_clntref;
	u32 rta_lastuse;
	s32 rta_expires;              /* clock ticks (USER_HZ) */
	u32 rta_error;
	u32 rta_used;
	u32 rta_id;
	u32 rta_ts;
	u32 rta_tsage;
};

#endif
