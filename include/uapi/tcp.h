/* SPDX-License-Identifier: MIT */
/* TCP socket options and struct tcp_info, byte for byte as Linux's. */
#ifndef _UAPI_TCP_H
#define _UAPI_TCP_H

#include <shoal/types.h>

#define TCP_NODELAY             1
#define TCP_MAXSEG              2
#define TCP_CORK                3
#define TCP_KEEPIDLE            4
#define TCP_KEEPINTVL           5
#define TCP_KEEPCNT             6
#define TCP_SYNCNT              7
#define TCP_LINGER2             8
#define TCP_DEFER_ACCEPT        9
#define TCP_WINDOW_CLAMP        10
#define TCP_INFO                11
#define TCP_QUICKACK            12
#define TCP_CONGESTION          13
#define TCP_USER_TIMEOUT        18
#define TCP_FASTOPEN            23      /* listener: the Fast Open queue length */
#define TCP_NOTSENT_LOWAT       25
#define TCP_FASTOPEN_CONNECT    30
#define TCP_FASTOPEN_KEY        33
#define TCP_FASTOPEN_NO_COOKIE  34
#define TCP_INQ                 36      /* recvmsg adds a TCP_CM_INQ cmsg */
#define TCP_CM_INQ              TCP_INQ

#define TCP_CA_NAME_MAX         16

#define TCPI_OPT_TIMESTAMPS     1
#define TCPI_OPT_SACK           2
#define TCPI_OPT_WSCALE         4
#define TCPI_OPT_ECN            8
#define TCPI_OPT_SYN_DATA       32      /* data in our SYN was acked, or in the peer's taken */

enum tcp_ca_state {
	TCP_CA_Open = 0,
	TCP_CA_Disorder = 1,
	TCP_CA_CWR = 2,
	TCP_CA_Recovery = 3,
	TCP_CA_Loss = 4,
};

struct tcp_info {
	u8 tcpi_state;
	u8 tcpi_ca_state;
	u8 tcpi_retransmits;
	u8 tcpi_probes;
	u8 tcpi_backoff;
	u8 tcpi_options;
	u8 tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4;
	u8 tcpi_delivery_rate_app_limited : 1, tcpi_fastopen_client_fail : 2;

	u32 tcpi_rto;                   /* microseconds */
	u32 tcpi_ato;
	u32 tcpi_snd_mss;
	u32 tcpi_rcv_mss;

	u32 tcpi_unacked;
	u32 tcpi_sacked;
	u32 tcpi_lost;
	u32 tcpi_retrans;
	u32 tcpi_fackets;

	u32 tcpi_last_data_sent;        /* milliseconds ago */
	u32 tcpi_last_ack_sent;
	u32 tcpi_last_data_recv;
	u32 tcpi_last_ack_recv;

	u32 tcpi_pmtu;
	u32 tcpi_rcv_ssthresh;
	u32 tcpi_rtt;                   /* smoothed, microseconds */
	u32 tcpi_rttvar;
	u32 tcpi_snd_ssthresh;
	u32 tcpi_snd_cwnd;              /* segments */
	u32 tcpi_advmss;
	u32 tcpi_reordering;

	u32 tcpi_rcv_rtt;
	u32 tcpi_rcv_space;

	u32 tcpi_total_retrans;

	u64 tcpi_pacing_rate;
	u64 tcpi_max_pacing_rate;
	u64 tcpi_bytes_acked;
	u64 tcpi_bytes_received;
	u32 tcpi_segs_out;
	u32 tcpi_segs_in;

	u32 tcpi_notsent_bytes;
	u32 tcpi_min_rtt;
	u32 tcpi_data_segs_in;
	u32 tcpi_data_segs_out;

	u64 tcpi_delivery_rate;

	u64 tcpi_busy_time;
	u64 tcpi_rwnd_limited;
	u64 tcpi_sndbuf_limited;

	u32 tcpi_delivered;
	u32 tcpi_delivered_ce;

	u64 tcpi_bytes_sent;
	u64 tcpi_bytes_retrans;
	u32 tcpi_dsack_dups;
	u32 tcpi_reord_seen;

	u32 tcpi_rcv_ooopack;

	u32 tcpi_snd_wnd;
	u32 tcpi_rcv_wnd;

	u32 tcpi_rehash;

	u16 tcpi_total_rto;
	u16 tcpi_total_rto_recoveries;
	u32 tcpi_total_rto_time;
};

#endif
