/* SPDX-License-Identifier: MIT */
/* TCP states, shared by every connection-oriented family (sk_state). */
#ifndef _NET_TCP_STATES_H
#define _NET_TCP_STATES_H

enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
	TCP_NEW_SYN_RECV,
	TCP_MAX_STATES
};

#define TCPF(s)                 (1 << (s))
#define TCPF_ESTABLISHED        TCPF(TCP_ESTABLISHED)
#define TCPF_SYN_SENT           TCPF(TCP_SYN_SENT)
#define TCPF_SYN_RECV           TCPF(TCP_SYN_RECV)
#define TCPF_FIN_WAIT1          TCPF(TCP_FIN_WAIT1)
#define TCPF_FIN_WAIT2          TCPF(TCP_FIN_WAIT2)
#define TCPF_TIME_WAIT          TCPF(TCP_TIME_WAIT)
#define TCPF_CLOSE              TCPF(TCP_CLOSE)
#define TCPF_CLOSE_WAIT         TCPF(TCP_CLOSE_WAIT)
#define TCPF_LAST_ACK           TCPF(TCP_LAST_ACK)
#define TCPF_LISTEN             TCPF(TCP_LISTEN)
#define TCPF_CLOSING            TCPF(TCP_CLOSING)
#define TCPF_NEW_SYN_RECV       TCPF(TCP_NEW_SYN_RECV)

#endif
