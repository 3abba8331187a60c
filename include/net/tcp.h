/* SPDX-License-Identifier: MIT */
/*
 * TCP (net/ipv4/tcp*.c), in the shape of Linux's include/net/tcp.h.
 *
 * Files: tcp.c (socket calls: sendmsg, recvmsg, poll, options, close),
 * tcp_input.c (segment arrival, ACK processing, the state machine),
 * tcp_output.c (segments out, windows, retransmission), tcp_timer.c
 * (retransmit/persist, delayed ACK, keepalive), tcp_ipv4.c (IPv4 glue:
 * tcp_v4_rcv, resets, handshake children, /proc/net/tcp, tcp_prot),
 * tcp_minisocks.c (request socks' segments, the child, TIME_WAIT
 * segments), syncookies.c (SYN cookies), tcp_cong.c (reno, cubic),
 * tcp_sack.c (SACK and D-SACK both ways), tcp_recovery.c (RFC 6675
 * recovery, undo, tail loss probe; Documentation/tcp-loss.md).
 *
 * Locking. All of a connection's state ([sock] below) is guarded by
 * ownership of the socket: lock_sock in process context, bh_lock_sock in
 * softirq while !sock_owned_by_user. Segments that arrive while a process
 * owns the socket go to sk_backlog and are processed by release_sock
 * (sk_backlog_rcv = tcp_v4_do_rcv). Timers that find the socket owned set
 * an ICSK_*_DEFERRED bit and tcp_release_cb runs them at release_sock.
 * Hash tables: inet_hashtables.h; listener queues: inet_connection_sock.h;
 * TIME_WAIT: inet_timewait_sock.h. Order, outermost first:
 *   lock_sock(listener) -> child socket lock -> listener accept_queue.lock
 *   socket lock -> bhash bucket -> ehash bucket -> tw_death_lock
 * No global lock is taken per packet: lookups take one ehash bucket lock.
 *
 * Segments on the write queue. An skb on sk_write_queue carries up to the
 * size goal (tcp_xmit_size_goal): one MSS, or with a TSO device up to 64 KiB
 * that leave as one GSO skb (gso_size = MSS) and are counted as
 * tcp_skb_pcount(skb) segments in packets_out, lost_out, retrans_out and
 * against the congestion window, as Linux does. Those
 * before tp->send_head are sent and unacknowledged; send_head and after are
 * unsent. A segment is transmitted as a clone (the queue keeps the
 * original for retransmission); the receiver gets the clone, so no data is
 * copied inside the stack.
 */
#ifndef _NET_TCP_H
#define _NET_TCP_H

#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/request_sock.h>
#include <net/tcp_calc.h>
#include <net/ip.h>
#include <net/snmp.h>
#include <uapi/tcp.h>

struct tcphdr {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	u16 res1:4, doff:4, fin:1, syn:1, rst:1, psh:1, ack:1, urg:1, ece:1, cwr:1;
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
};

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}

/* Flag byte (byte 13 of the header). */
#define TCPHDR_FIN      0x01
#define TCPHDR_SYN      0x02
#define TCPHDR_RST      0x04
#define TCPHDR_PSH      0x08
#define TCPHDR_ACK      0x10
#define TCPHDR_URG      0x20
#define TCPHDR_ECE      0x40
#define TCPHDR_CWR      0x80

static inline u8 tcp_flag_byte(const struct tcphdr *th)
{
	return ((const u8 *)th)[13];
}

/* Per-skb TCP state in skb->cb (input and write queue). */
struct tcp_skb_cb {
	u32 seq;                        /* first sequence number */
	u32 end_seq;                    /* seq + len + SYN + FIN */
	u32 ack_seq;                    /* input: the segment's ACK field */
	u64 tx_us;                      /* write queue: last (re)transmit time;
					 * out-of-order queue: arrival count (SACK order) */
	u8 tcp_flags;                   /* TCPHDR_* */
	u8 sacked;                      /* TCPCB_* */
	u16 window;                     /* input: raw window field */
	struct tcp_opts opts;           /* input: parsed options */
	u16 tcp_gso_segs;               /* write queue: MSS-sized segments it makes */
	u16 tcp_gso_size;               /* write queue: the MSS they were counted with */
};
#define TCPCB_RETRANS           0x01    /* retransmitted at least once (Karn) */
#define TCPCB_LOST              0x02    /* marked lost, to be retransmitted */
#define TCPCB_SACKED_RETRANS    0x04    /* retransmitted, still in flight */
#define TCPCB_SACKED_ACKED      0x08    /* covered by a SACK block (tcp_sack.c) */

#define TCP_SKB_CB(skb)         ((struct tcp_skb_cb *)&((skb)->cb[0]))

/* Defaults (Linux's sysctls). */
#define TCP_INIT_CWND           10
#define TCP_SYN_RETRIES         6
#define TCP_SYNACK_RETRIES      5
#define TCP_RETRIES2            15
#define TCP_ORPHAN_RETRIES      8
#define TCP_KEEPALIVE_TIME      (7200 * NSEC_PER_SEC)
#define TCP_KEEPALIVE_INTVL     (75 * NSEC_PER_SEC)
#define TCP_KEEPALIVE_PROBES    9
#define TCP_FIN_TIMEOUT_NS      (60 * NSEC_PER_SEC)
#define TCP_DELACK_MIN_US       40000U
#define TCP_DELACK_MAX_US       200000U
#define TCP_ATO_MIN_US          40000U
#define TCP_QUICKACKS           16
#define TCP_MSS_DEFAULT         536
#define TCP_MIN_MSS             88
#define TCP_WMEM_DEFAULT        16384
#define TCP_RMEM_DEFAULT        131072
#define TCP_WMEM_MAX            (4 << 20)
#define TCP_RMEM_MAX            (6 << 20)
#define TCP_MAX_WINDOW_CLAMP    (1U << 30)
/* Largest payload one linear skb holds within a 64 KiB allocation. */
#define TCP_MAX_SKB_PAYLOAD     (65536 - 512 - MAX_TCP_HEADER)

/* tp->nonagle */
#define TCP_NAGLE_OFF           1       /* TCP_NODELAY */
#define TCP_NAGLE_CORK          2       /* TCP_CORK or MSG_MORE */
#define TCP_NAGLE_PUSH          4       /* push now regardless */

struct tcp_sock {
	struct inet_connection_sock inet_conn;  /* must be first */

	/* Receive side [sock] */
	u32 rcv_nxt;                    /* next sequence number expected */
	u32 copied_seq;                 /* next byte the reader gets */
	u32 rcv_wup;                    /* rcv_nxt when the window was last sent */
	u32 rcv_wnd;                    /* window last advertised (bytes) */
	u32 window_clamp;               /* largest window we will offer */
	u32 rcv_ssthresh;
	u32 rcv_space;                  /* autotuning: bytes read per RTT */
	u32 rcv_space_seq;
	u64 rcv_space_us;
	struct sk_buff_head out_of_order_queue; /* sorted by seq [sock] */
	u32 ofo_stamp;                  /* arrivals counted for SACK block order */
	struct tcp_sack_block duplicate_sack;   /* D-SACK to report (RFC 2883) */
	u8 dsack:1;                     /* duplicate_sack is set */
	u64 bytes_received;

	/* Send side [sock] */
	u32 snd_una;                    /* oldest unacknowledged */
	u32 snd_nxt;                    /* next to send */
	u32 snd_wl1;                    /* seq of the segment that last updated snd_wnd */
	u32 snd_wnd;                    /* peer's window, bytes */
	u32 max_window;
	u32 write_seq;                  /* end of the data queued by the user */
	u32 snd_sml;                    /* end of the last small segment sent (Minshall) */
	u32 pushed_seq;
	u32 mss_cache;                  /* current effective send MSS */
	u16 advmss;                     /* MSS we advertise */
	u16 mss_clamp;                  /* peer's MSS or TCP_MAXSEG */
	u16 user_mss;                   /* TCP_MAXSEG */
	u32 mss_reported;               /* TCP_MAXSEG's answer: the MSS bounded by half the
					 * handshake window, as Linux's tcp_bound_to_half_wnd */
	u8 nonagle;                     /* TCP_NAGLE_* */
	u8 repair:1, syn_data:1, is_cwnd_limited:1, fin_sent:1;
	u8 recvmsg_inq:1;               /* TCP_INQ [socket lock] */
	u8 urg_mode:1;                  /* snd_up is ahead of snd_una: send URG */
	u32 snd_up;                     /* one past our last urgent byte (MSG_OOB) */
	/* Urgent data received (tcp_urg.c): the byte's sequence number and
	 * TCP_URG_* with the byte itself in the low 8 bits; 0: none [sock] */
	u32 urg_seq;
	u16 urg_data;
	struct sk_buff *send_head;      /* first unsent skb on sk_write_queue */
	u64 bytes_acked;
	u64 bytes_sent;

	/* Options [sock] */
	u8 tstamp_ok:1, wscale_ok:1, sack_ok:1;
	u8 snd_wscale;                  /* peer's shift */
	u8 rcv_wscale;                  /* ours */
	u32 ts_recent;                  /* peer's last TSval in window */
	u32 ts_recent_stamp;            /* when, seconds */
	unsigned long last_oow_ack;     /* jiffies of the last ACK to an invalid segment [sock] */
	u32 tsoffset;                   /* added to our clock in TSval */

	/* Congestion and loss [sock] */
	u32 snd_cwnd;                   /* segments */
	u32 snd_cwnd_cnt;
	u32 snd_ssthresh;
	u32 prior_ssthresh;
	u32 high_seq;                   /* snd_nxt when recovery or loss started */
	u32 packets_out;                /* segments sent and not acked */
	u32 retrans_out;                /* retransmitted and not acked */
	u32 lost_out;                   /* marked lost */
	u32 sacked_out;                 /* Reno: duplicate ACKs in this episode */
	u32 total_retrans;
	u32 retrans_stamp;              /* ms of the first retransmission, 0 = none */
	u32 undo_marker;                /* snd_una when recovery began, 0 = no undo */
	int undo_retrans;               /* retransmissions not yet D-SACKed */
	u32 prior_cwnd;                 /* cwnd before recovery (undo) */
	u32 highest_sack;               /* end of the highest SACKed skb */
	u32 reordering;                 /* DupThresh: grows with seen reordering */
	u32 tlp_high_seq;               /* snd_nxt at a loss probe, 0 = none out */
	u8 tlp_retrans:1;               /* the probe was a retransmission */
	/* The MTU an ICMP fragmentation-needed quoted, for tcp_v4_mtu_reduced
	 * (written by softirq under bh_lock_sock, read at release) [sock] */
	u32 mtu_info;

	/* RTT [sock] */
	struct tcp_rtt_est rtt;
	u32 rttvar_us;
	u32 min_rtt_us;
	u32 rtt_seq;

	/* Time stamps, ms (tcp_jiffies32-like) [sock] */
	u32 lsndtime;                   /* last data sent */
	u32 rcv_tstamp;                 /* last ACK received */
	u32 last_ack_sent;

	/* Keepalive and limits [sock] */
	u32 keepalive_time_s;           /* TCP_KEEPIDLE, 0 = default */
	u32 keepalive_intvl_s;
	u8 keepalive_probes;
	int linger2;                    /* TCP_LINGER2, s */

	/* Statistics [sock] */
	u32 segs_in, segs_out, data_segs_in, data_segs_out;
	u32 delivered;
	u64 delivery_rate_bps;

	/* TCP Fast Open (tcp_fastopen.c) [sock] */
	struct request_sock *fastopen_rsk;      /* passive: the request a Fast Open
						 * child was made from, until it leaves
						 * SYN_RECV (its SYN-ACK, the TFO queue) */
	struct tcp_fastopen_request *fastopen_req;      /* active: during connect */
	u8 fastopen_connect:1;          /* TCP_FASTOPEN_CONNECT */
	u8 fastopen_no_cookie:1;        /* TCP_FASTOPEN_NO_COOKIE */
	u8 syn_fastopen:1;              /* our SYN carried the Fast Open option */
	u8 syn_data_acked:1;            /* the data in a SYN was acknowledged */
	u8 fastopen_client_fail:2;      /* TFO_* (tcp_info) */
};

#define TCP_URG_VALID           0x0100  /* the byte is here (low 8 bits) */
#define TCP_URG_NOTYET          0x0200  /* the pointer came, the byte not yet */
#define TCP_URG_READ            0x0400  /* read with MSG_OOB */

static inline struct tcp_sock *tcp_sk(const struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

/* Clocks. */
static inline u64 tcp_clock_us(void)
{
	return (u64)ktime_get() / NSEC_PER_USEC;
}
static inline u32 tcp_time_stamp_ms(void)
{
	return (u32)((u64)ktime_get() / NSEC_PER_MSEC);
}

/* Congestion control (tcp_cong.c). */
struct tcp_congestion_ops {
	struct list_head list;
	char name[TCP_CA_NAME_MAX];
	void (*init)(struct sock *sk);
	u32 (*ssthresh)(struct sock *sk);       /* new ssthresh on loss */
	void (*cong_avoid)(struct sock *sk, u32 ack, u32 acked);
	void (*set_state)(struct sock *sk, u8 new_state);
	u32 (*undo_cwnd)(struct sock *sk);
};
extern struct tcp_congestion_ops tcp_reno;
void tcp_register_congestion_control(struct tcp_congestion_ops *ca);
int tcp_set_congestion_control(struct sock *sk, const char *name);
void tcp_init_congestion_control(struct sock *sk);
void tcp_cong_init(void);
u32 tcp_reno_ssthresh_op(struct sock *sk);
void tcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked);

extern struct proto tcp_prot;
extern atomic_t tcp_orphan_count;
int tcp_orphan_count_sum(void);         /* /proc/net/sockstat */

/* Entry points used by the rest of the kernel. */
void tcp_init(void);
/* /proc/net/tcp and tcp6 (registered by ipv4_proc_init and inet6_init) */
int tcp4_proc_show(char *buf, size_t size);
int tcp6_proc_show(char *buf, size_t size);
int tcp_v4_rcv(struct sk_buff *skb);
int tcp_v4_err(struct sk_buff *skb, u32 info);
/* Path MTU discovery: the path's MTU fell to tp->mtu_info (tcp_ipv4.c). */
void tcp_v4_mtu_reduced(struct sock *sk);
/* ICMP errors, shared by tcp_v4_err and tcp_v6_err (tcp_ipv4.c) */
struct sock *tcp_err_lock_sock(struct sock *sk);
bool tcp_err_acceptable(struct sock *sk, u32 seq, bool pmtu);
void tcp_err_report(struct sock *sk, int err);
void tcp_mtu_needed(struct sock *sk, u32 mtu);
unsigned int tcp_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);
/* SO_KEEPALIVE on a TCP socket (sock_setsockopt calls it). */
void tcp_set_keepalive(struct sock *sk, int val);

/* tcp.c */
int tcp_init_sock(struct sock *sk);
void tcp_set_state(struct sock *sk, int state);
void tcp_done(struct sock *sk);
void tcp_close(struct sock *sk, long timeout);
void tcp_shutdown(struct sock *sk, int how);
int tcp_disconnect(struct sock *sk, int flags);
int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len);
int tcp_ioctl(struct sock *sk, int cmd, int *karg);
int tcp_setsockopt(struct sock *sk, int level, int optname, char __user *optval, unsigned int optlen);
int tcp_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen);
void tcp_cleanup_rbuf(struct sock *sk, int copied);
/* Urgent data (tcp_urg.c) */
void tcp_mark_urg(struct tcp_sock *tp);
void tcp_urg_acked(struct tcp_sock *tp);
u8 tcp_urg_header(struct tcp_sock *tp, u32 seq, __be16 *urg_ptr);
void tcp_urg(struct sock *sk, struct sk_buff *skb);
int tcp_recv_urg(struct sock *sk, struct msghdr *msg, size_t len, int flags);
size_t tcp_urg_limit(struct sock *sk, u32 seq, size_t len, bool *skip);
void tcp_urg_passed(struct sock *sk);
int tcp_at_mark(struct sock *sk);
int tcp_urg_inq(struct sock *sk);
void tcp_release_cb(struct sock *sk);
void tcp_write_queue_purge(struct sock *sk);
void tcp_get_info(struct sock *sk, struct tcp_info *info);
int tcp_space(const struct sock *sk);
void tcp_init_buffer_space(struct sock *sk);

/* tcp_input.c */
int tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb);
void tcp_rcv_established(struct sock *sk, struct sk_buff *skb);
void tcp_reset(struct sock *sk);
void tcp_enter_quickack_mode(struct sock *sk);
void tcp_apply_syn_options(struct sock *sk, const struct tcp_opts *o);
void tcp_set_mss_reported(struct sock *sk);
void tcp_init_transfer(struct sock *sk);
void tcp_enter_loss(struct sock *sk);
void tcp_rearm_rto(struct sock *sk);
void tcp_check_space(struct sock *sk);

/* tcp_output.c */
struct sk_buff *tcp_alloc_skb(unsigned int size, gfp_t gfp);
void tcp_queue_skb(struct sock *sk, struct sk_buff *skb);
int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone);
void tcp_send_ack(struct sock *sk);
void tcp_send_delayed_ack(struct sock *sk);
void tcp_send_fin(struct sock *sk);
void tcp_send_active_reset(struct sock *sk);
int tcp_send_synack(struct sock *sk);
int tcp_connect(struct sock *sk);
void tcp_push(struct sock *sk, int flags, int nonagle);
void __tcp_push_pending_frames(struct sock *sk, int nonagle);
bool tcp_write_xmit(struct sock *sk, int nonagle);
int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb);
void tcp_xmit_retransmit_queue(struct sock *sk);
void tcp_send_probe0(struct sock *sk);
int tcp_write_wakeup(struct sock *sk);
u32 tcp_select_window(struct sock *sk);
u32 __tcp_select_window(struct sock *sk);
unsigned int tcp_current_mss(struct sock *sk);
unsigned int tcp_sync_mss(struct sock *sk, unsigned int pmtu);
void tcp_select_initial_window(struct sock *sk);
int tcp_fragment(struct sock *sk, struct sk_buff *skb, u32 len, unsigned int mss);
void tcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len);
void tcp_check_probe_timer(struct sock *sk);
void tcp_event_new_data_sent(struct sock *sk, struct sk_buff *skb, unsigned int mss);

/* tcp_sack.c: SACK (RFC 2018, 2883) both ways */
extern unsigned long sysctl_tcp_sack, sysctl_tcp_dsack;
int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb, u32 prior_snd_una);
void tcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq);
int tcp_sack_options(struct sock *sk, struct tcp_sack_block *sp, int max);

/* tcp_recovery.c: RFC 6675 loss recovery, undo, tail loss probe */
/* The MSS shrank (path MTU): resend at once what no longer fits. */
void tcp_simple_retransmit(struct sock *sk);
#define FLAG_DATA               0x01    /* the segment carried data */
#define FLAG_WIN_UPDATE         0x02
#define FLAG_DATA_ACKED         0x04
#define FLAG_SYN_ACKED          0x08
#define FLAG_SND_UNA_ADVANCED   0x10
#define FLAG_RETRANS_DATA_ACKED 0x20
#define FLAG_DATA_SACKED        0x40    /* new SACK information */
#define FLAG_DSACKING_ACK       0x80    /* carried a D-SACK */
#define FLAG_ACKED              (FLAG_DATA_ACKED | FLAG_SYN_ACKED)
void tcp_set_ca_state(struct sock *sk, u8 state);
void tcp_sack_mark_lost(struct sock *sk);
void tcp_sack_fastretrans_alert(struct sock *sk, int flag, u32 acked, u32 prior_in_flight);
void tcp_init_undo(struct sock *sk);
bool tcp_try_undo_dsack(struct sock *sk);
void tcp_schedule_loss_probe(struct sock *sk);
void tcp_send_loss_probe(struct sock *sk);
void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag);
bool tcp_is_cwnd_limited(const struct tcp_sock *tp, u32 prior_in_flight);

/* tcp_timer.c */
void tcp_init_xmit_timers(struct sock *sk);
void tcp_retransmit_timer(struct sock *sk);
void tcp_delack_timer_handler(struct sock *sk);
void tcp_write_timer_handler(struct sock *sk);
void tcp_keepalive_handler(struct sock *sk);
void tcp_reset_keepalive_timer(struct sock *sk, ktime_t delay_ns);
void tcp_delete_keepalive_timer(struct sock *sk);
u64 keepalive_time_ns(const struct tcp_sock *tp);
u64 keepalive_intvl_ns(const struct tcp_sock *tp);
int keepalive_probes(const struct tcp_sock *tp);

/* net.ipv4 sysctls of the handshake (tcp_ipv4.c; sysctl_net_ipv4.c
 * shows them): whole words read with READ_ONCE, no lock. */
extern unsigned long sysctl_tcp_syncookies;     /* 0 off, 1 when the SYN queue is full, 2 always */
extern unsigned long sysctl_tcp_synack_retries;
extern unsigned long sysctl_tcp_max_syn_backlog;
extern unsigned long sysctl_tcp_abort_on_overflow;
#define TCP_MAX_SYN_BACKLOG     128             /* Linux's floor for a small ehash */

/* tcp_ipv4.c */
int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb);
/* Send (or resend) req's SYN-ACK; 0 or -errno. */
int tcp_v4_send_synack(const struct request_sock *req);
/* The handshake's valid ACK: the child socket in req's place, locked and
 * queued on lsk; NULL to drop the ACK; ERR_PTR to answer it with a reset. */
struct sock *tcp_v4_syn_recv_sock(struct sock *lsk, struct sk_buff *skb, struct request_sock *req);
/* A Fast Open child for req, at its SYN: locked, hashed, not yet queued; NULL on failure. */
struct sock *tcp_v4_fastopen_child(struct sock *lsk, struct request_sock *req);

/*
 * The af ops of TCP (struct inet_connection_sock_af_ops): IPv4's, and
 * IPv6's once net/ipv6 has registered them at boot (NULL before, and
 * in a kernel without IPv6). A segment's ops follow its protocol; a
 * request sock's its addresses: native IPv6 or not.
 */
extern const struct inet_connection_sock_af_ops ipv4_specific;
extern const struct inet_connection_sock_af_ops *tcp_ipv6_af_ops;       /* [boot] */

static inline const struct inet_connection_sock_af_ops *tcp_skb_af_ops(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IPV6) && tcp_ipv6_af_ops)
		return tcp_ipv6_af_ops;
	return &ipv4_specific;
}

static inline const struct inet_connection_sock_af_ops *tcp_req_af_ops(const struct request_sock *req)
{
	if (sk_common_is_ipv6(&req->__req_common) && tcp_ipv6_af_ops)
		return tcp_ipv6_af_ops;
	return &ipv4_specific;
}

/* tcp_ipv4.c, shared with tcp_ipv6.c */
void tcp_v4_fill_cb(struct sk_buff *skb, const struct tcphdr *th);
unsigned int tcp_backlog_limit(const struct sock *sk);
bool tcp_syn_flood_action(struct sock *sk);
void tcp_openreq_init_rwin(struct request_sock *req, const struct sock *lsk, unsigned int mtu);
void tcp_v4_inherit_port(struct sock *child);
void tcp_v4_queue_child(struct sock *lsk, struct sock *child);
struct sock *tcp_v4_syn_recv_overflow(struct sock *lsk, struct request_sock *req);
struct sk_buff *tcp_v4_reply_skb(const struct sk_buff *skb, int optlen);
/* A reset (counted) and a TIME_WAIT ACK in reply to skb, either family:
 * all but the checksum; NULL when none is sent. */
struct sk_buff *tcp_make_reset(const struct sk_buff *skb);
struct sk_buff *tcp_make_tw_ack(const struct inet_timewait_sock *tw, const struct sk_buff *skb);
/* Input shared with tcp_v6_rcv: the header pulled in (NULL if malformed),
 * and a segment to its socket (held; the reference is dropped). */
struct tcphdr *tcp_pull_hdr(struct sk_buff *skb);
void tcp_rcv_sk(struct sock *sk, struct sk_buff *skb);
/* req's SYN-ACK, all but the checksum; NULL without memory. */
struct sk_buff *tcp_make_synack(const struct request_sock *req);

/* syncookies.c: what a family gives the shared cookie code. */
struct syn_cookie_af {
	/* keyed hash c (0 or 1) of the segment's 4-tuple and count */
	u32 (*hash)(const struct sk_buff *skb, u32 count, int c);
	/* the request's addresses and ts_off for the ACK in skb */
	void (*init_req)(struct tcp_request_sock *treq, const struct sk_buff *skb);
	const u16 *msstab;              /* the MSS values a cookie names, ascending */
	u32 nmss;
};

u32 cookie_init_sequence(const struct syn_cookie_af *af, const struct sk_buff *skb, u16 *mssp);
/* An ACK to lsk that no request sock claims: the child a valid cookie
 * makes (as tcp_v4_syn_recv_sock), NULL when it is no cookie of ours
 * (the caller resets), ERR_PTR(-EAGAIN) to drop it. */
struct sock *cookie_tcp_check(const struct syn_cookie_af *af, struct sock *lsk, struct sk_buff *skb);
u32 cookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp);
struct sock *cookie_v4_check(struct sock *lsk, struct sk_buff *skb);
/* net/ipv6/syncookies.c: the same for a native IPv6 SYN and ACK. */
u32 cookie_v6_init_sequence(const struct sk_buff *skb, u16 *mssp);
struct sock *cookie_v6_check(struct sock *lsk, struct sk_buff *skb);
/* tcp_ipv4.c: a request on the stack answered with a cookie. */
void tcp_cookie_req_trim(struct request_sock *req, const struct sock *lsk,
			 unsigned int (*req_mtu)(const struct request_sock *req));
void tcp_cookie_sent(struct sock *lsk, int err);
int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb);
void tcp_v4_send_ack(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport, u32 seq, u32 ack,
		     u32 win, bool ts, u32 tsval, u32 tsecr);
void tcp_v4_send_check(struct sock *sk, struct sk_buff *skb);
void tcp_v4_destroy_sock(struct sock *sk);

/* tcp_minisocks.c */
enum tcp_tw_status { TCP_TW_SUCCESS, TCP_TW_RST, TCP_TW_ACK, TCP_TW_SYN };
enum tcp_tw_status tcp_timewait_state_process(struct inet_timewait_sock *tw, struct sk_buff *skb);
void tcp_time_wait(struct sock *sk);
struct sock *tcp_create_openreq_child(struct sock *sk, const struct request_sock *req);
/* A segment for request sock req of listener lsk (whose lock is held):
 * the child (as tcp_v4_syn_recv_sock), NULL (dropped or answered), or
 * ERR_PTR (the caller resets). */
struct sock *tcp_check_req(struct sock *lsk, struct sk_buff *skb, struct request_sock *req);

/* tcp_fastopen.c: TCP Fast Open, RFC 7413 (Documentation/tcp-fastopen.md) */
#define TFO_CLIENT_ENABLE       0x1
#define TFO_SERVER_ENABLE       0x2
#define TFO_CLIENT_NO_COOKIE    0x4
#define TFO_SERVER_COOKIE_NOT_REQD 0x200
#define TFO_SERVER_WO_SOCKOPT1  0x400
/* tcpi_fastopen_client_fail */
#define TFO_STATUS_UNSPEC       0
#define TFO_COOKIE_UNAVAILABLE  1
#define TFO_DATA_NOT_ACKED      2
#define TFO_SYN_RETRANSMITTED   3
extern unsigned long sysctl_tcp_fastopen;

/* A cookie as it travels: len -1 none, 0 a request, else its bytes. */
struct tcp_fastopen_cookie {
	s8 len;
	u8 val[TCP_FASTOPEN_COOKIE_MAX];
};

/* sendmsg(MSG_FASTOPEN) or the first write after TCP_FASTOPEN_CONNECT:
 * what tcp_connect may put in the SYN. Lives on the caller's stack. */
struct tcp_fastopen_request {
	struct tcp_fastopen_cookie cookie;      /* the one to send */
	struct msghdr *data;                    /* NULL: a cookie request only */
	size_t size;
	int copied;                             /* bytes that went into the SYN */
};

/* The SYN's Fast Open option, parsed (foc->len -1 when there is none). */
void tcp_fastopen_opt_get(const struct sk_buff *skb, struct tcp_fastopen_cookie *foc);
/* Listener lsk (locked), a SYN and its request: the Fast Open child
 * (locked, hashed, on lsk's accept queue) when the SYN carries a valid
 * cookie and data; else NULL, with foc the cookie for the SYN-ACK. */
struct sock *tcp_try_fastopen(struct sock *lsk, struct sk_buff *skb, struct request_sock *req,
			      struct tcp_fastopen_cookie *foc);
void tcp_fastopen_listen(struct sock *lsk, int backlog);
/* TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_FASTOPEN_NO_COOKIE (socket owned). */
int tcp_fastopen_setsockopt(struct sock *sk, int optname, int val);
/* A passive Fast Open child leaves SYN_RECV: its request goes. */
void tcp_fastopen_child_done(struct sock *sk);
bool tcp_fastopen_synack_again(struct sock *sk, const struct sk_buff *skb);
/* Active side. */
bool tcp_fastopen_defer_connect(struct sock *sk, int *err);
int tcp_sendmsg_fastopen(struct sock *sk, struct msghdr *msg, int *copied, size_t size);
int tcp_send_syn_data(struct sock *sk, struct sk_buff *syn);
void tcp_fastopen_synack(struct sock *sk, const struct sk_buff *synack);
void tcp_fastopen_syn_options(struct sock *sk, struct tcp_out_opts *o);

/* Helpers. */
static inline u32 tcp_receive_window(const struct tcp_sock *tp)
{
	s32 win = tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt;

	return win < 0 ? 0 : win;
}

/* Does the connection use SACK (both ends said SACK-permitted)? */
static inline bool tcp_is_sack(const struct tcp_sock *tp)
{
	return tp->sack_ok;
}

/* RFC 6675's pipe: sent, minus SACKed and lost, plus retransmitted. */
static inline u32 tcp_packets_in_flight(const struct tcp_sock *tp)
{
	return tp->packets_out - tp->sacked_out - tp->lost_out + tp->retrans_out;
}

static inline struct sk_buff *tcp_write_queue_head(const struct sock *sk)
{
	return skb_peek(&sk->sk_write_queue);
}

static inline struct sk_buff *tcp_write_queue_tail(const struct sock *sk)
{
	return skb_peek_tail(&sk->sk_write_queue);
}

static inline struct sk_buff *tcp_send_head(const struct sock *sk)
{
	return tcp_sk(sk)->send_head;
}

/* Advance send_head past skb (just sent). */
static inline void tcp_advance_send_head(struct sock *sk, const struct sk_buff *skb)
{
	tcp_sk(sk)->send_head = skb_queue_next_or_null(&sk->sk_write_queue, skb);
}

static inline u32 tcp_rto_now(const struct sock *sk)
{
	return tcp_rto_backoff(inet_csk(sk)->icsk_rto, inet_csk(sk)->icsk_backoff);
}

/* Bytes the reader can take now. */
static inline int tcp_inq(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	/* the FIN takes a sequence number but is not data */
	return tp->rcv_nxt - tp->copied_seq - (sock_flag(sk, SOCK_DONE) ? 1 : 0);
}

/* The send MSS that also fits one skb. */
static inline unsigned int tcp_send_mss(struct sock *sk)
{
	unsigned int mss = tcp_current_mss(sk);

	return mss > TCP_MAX_SKB_PAYLOAD ? TCP_MAX_SKB_PAYLOAD : mss;
}

/* Segments skb counts as on the wire (Linux's tcp_skb_pcount). */
static inline unsigned int tcp_skb_pcount(const struct sk_buff *skb)
{
	return TCP_SKB_CB(skb)->tcp_gso_segs;
}

/* Bytes per skb that sendmsg aims for (tcp_output.c). */
unsigned int tcp_xmit_size_goal(struct sock *sk, unsigned int mss);
void tcp_set_skb_tso_segs(struct sk_buff *skb, unsigned int mss);

static inline int tcp_win_from_space(int space)
{
	return space <= 0 ? 0 : space - (space >> 3);
}

#endif
