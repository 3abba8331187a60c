/* SPDX-License-Identifier: MIT */
/* NETLINK_SOCK_DIAG and inet_diag (Linux's uapi/linux/sock_diag.h and
 * inet_diag.h, the part shoal serves: socket dumps for ss). */
#ifndef _UAPI_INET_DIAG_H
#define _UAPI_INET_DIAG_H

#include <shoal/types.h>
#include <shoal/byteorder.h>

#define SOCK_DIAG_BY_FAMILY     20
#define SOCK_DESTROY            21

struct sock_diag_req {
	u8 sdiag_family;
	u8 sdiag_protocol;
};

struct inet_diag_sockid {
	__be16 idiag_sport;
	__be16 idiag_dport;
	__be32 idiag_src[4];
	__be32 idiag_dst[4];
	u32 idiag_if;
	u32 idiag_cookie[2];
};
#define INET_DIAG_NOCOOKIE      (~0U)

struct inet_diag_req_v2 {
	u8 sdiag_family;
	u8 sdiag_protocol;
	u8 idiag_ext;
	u8 pad;
	u32 idiag_states;               /* bit (1 << TCP_*) per state wanted */
	struct inet_diag_sockid id;
};

struct inet_diag_msg {
	u8 idiag_family;
	u8 idiag_state;
	u8 idiag_timer;                 /* 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero window probe */
	u8 idiag_retrans;
	struct inet_diag_sockid id;
	u32 idiag_expires;              /* ms */
	u32 idiag_rqueue;
	u32 idiag_wqueue;
	u32 idiag_uid;
	u32 idiag_inode;
};

/* Attributes after an inet_diag_msg; a request's idiag_ext bit
 * (1 << (X - 1)) asks for the optional ones. */
enum {
	INET_DIAG_NONE, INET_DIAG_MEMINFO, INET_DIAG_INFO, INET_DIAG_VEGASINFO,
	INET_DIAG_CONG, INET_DIAG_TOS, INET_DIAG_TCLASS, INET_DIAG_SKMEMINFO,
	INET_DIAG_SHUTDOWN, INET_DIAG_DCTCPINFO, INET_DIAG_PROTOCOL,
	INET_DIAG_SKV6ONLY,
};

/* INET_DIAG_SKMEMINFO: u32[SK_MEMINFO_VARS] (linux/sock_diag.h) */
enum {
	SK_MEMINFO_RMEM_ALLOC, SK_MEMINFO_RCVBUF, SK_MEMINFO_WMEM_ALLOC,
	SK_MEMINFO_SNDBUF, SK_MEMINFO_FWD_ALLOC, SK_MEMINFO_WMEM_QUEUED,
	SK_MEMINFO_OPTMEM, SK_MEMINFO_BACKLOG, SK_MEMINFO_DROPS,
	SK_MEMINFO_VARS,
};

#endif
