/* SPDX-License-Identifier: MIT */
/*
 * TCP arithmetic with no kernel state: sequence-number comparisons
 * (RFC 793, modulo 2^32), option parsing and writing (RFC 793, 7323),
 * window-scale choice, the RFC 6298 RTO estimator and Reno's window
 * growth. Everything here is a pure function of its arguments so the host
 * tests (tests/host/test_tcp.c) exercise it directly.
 */
#ifndef _NET_TCP_CALC_H
#define _NET_TCP_CALC_H

#include <shoal/types.h>

/* Sequence space: a is before b if b - a is a positive 31-bit distance. */
static inline bool before(u32 seq1, u32 seq2)
{
	return (s32)(seq1 - seq2) < 0;
}
#define after(seq2, seq1)       before(seq1, seq2)

/* seq1 <= seq2 <= seq3, in sequence space. */
static inline bool between(u32 seq1, u32 seq2, u32 seq3)
{
	return seq3 - seq1 >= seq2 - seq1;
}

/* TCP option kinds. */
#define TCPOPT_EOL              0
#define TCPOPT_NOP              1
#define TCPOPT_MSS              2
#define TCPOPT_WINDOW           3
#define TCPOPT_SACK_PERM        4
#define TCPOPT_SACK             5
#define TCPOPT_TIMESTAMP        8

#define TCPOLEN_MSS             4
#define TCPOLEN_WINDOW          3
#define TCPOLEN_SACK_PERM       2
#define TCPOLEN_TIMESTAMP       10
#define TCPOLEN_TSTAMP_ALIGNED  12      /* NOP NOP TS */
#define TCPOLEN_WSCALE_ALIGNED  4       /* NOP WS */
#define TCP_MAX_WSCALE          14
#define TCP_MAX_OPTION_SPACE    40

/* What one segment's options said (tcp_parse_options). */
struct tcp_opts {
	u16 mss;                        /* MSS option (SYN only), 0 = none */
	u8 saw_tstamp:1;                /* a valid timestamp option was seen */
	u8 wscale_ok:1;                 /* window scale option (SYN only) */
	u8 sack_ok:1;                   /* SACK-permitted (SYN only) */
	u8 snd_wscale;                  /* peer's shift, clamped to 14 */
	u32 rcv_tsval;                  /* TSval of the segment */
	u32 rcv_tsecr;                  /* TSecr of the segment */
};

static inline u32 tcp_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline void tcp_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * Parse len bytes of options. MSS, window scale and SACK-permitted count
 * only on a SYN (RFC 7323 2.2); malformed lengths end the parse, keeping
 * what was already found, as Linux does. Returns 0, or -1 if an option's
 * length was bad.
 */
static inline int tcp_parse_opts(const u8 *p, int len, bool syn, struct tcp_opts *o)
{
	o->mss = 0;
	o->saw_tstamp = o->wscale_ok = o->sack_ok = 0;
	o->snd_wscale = 0;
	while (len > 0) {
		int kind = *p, olen;

		if (kind == TCPOPT_EOL)
			return 0;
		if (kind == TCPOPT_NOP) {
			p++;
			len--;
			continue;
		}
		if (len < 2)
			return -1;
		olen = p[1];
		if (olen < 2 || olen > len)
			return -1;
		switch (kind) {
		case TCPOPT_MSS:
			if (olen == TCPOLEN_MSS && syn)
				o->mss = (p[2] << 8) | p[3];
			break;
		case TCPOPT_WINDOW:
			if (olen == TCPOLEN_WINDOW && syn) {
				o->wscale_ok = 1;
				o->snd_wscale = p[2] > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : p[2];
			}
			break;
		case TCPOPT_SACK_PERM:
			if (olen == TCPOLEN_SACK_PERM && syn)
				o->sack_ok = 1;
			break;
		case TCPOPT_TIMESTAMP:
			if (olen == TCPOLEN_TIMESTAMP) {
				o->saw_tstamp = 1;
				o->rcv_tsval = tcp_get_be32(p + 2);
				o->rcv_tsecr = tcp_get_be32(p + 6);
			}
			break;
		}
		p += olen;
		len -= olen;
	}
	return 0;
}

/* Options we send (tcp_write_opts): 0 fields are left out. */
struct tcp_out_opts {
	u16 mss;                        /* SYN: MSS option */
	u8 ws:1;                        /* SYN: window scale option with wscale */
	u8 ts:1;                        /* timestamp option */
	u8 wscale;
	u32 tsval, tsecr;
};

/* Bytes the options take on the wire (a multiple of 4). */
static inline int tcp_opts_size(const struct tcp_out_opts *o)
{
	return (o->mss ? TCPOLEN_MSS : 0) + (o->ts ? TCPOLEN_TSTAMP_ALIGNED : 0) +
	       (o->ws ? TCPOLEN_WSCALE_ALIGNED : 0);
}

/* Write the options in Linux's order and padding: MSS, NOP NOP TS, NOP WS. */
static inline int tcp_write_opts(u8 *p, const struct tcp_out_opts *o)
{
	u8 *start = p;

	if (o->mss) {
		*p++ = TCPOPT_MSS;
		*p++ = TCPOLEN_MSS;
		*p++ = o->mss >> 8;
		*p++ = o->mss;
	}
	if (o->ts) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_TIMESTAMP;
		*p++ = TCPOLEN_TIMESTAMP;
		tcp_put_be32(p, o->tsval);
		tcp_put_be32(p + 4, o->tsecr);
		p += 8;
	}
	if (o->ws) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = o->wscale;
	}
	return p - start;
}

/* The smallest shift that lets a 16-bit window field cover space bytes. */
static inline u8 tcp_select_wscale(u32 space)
{
	u8 ws = 0;

	while (ws < TCP_MAX_WSCALE && (65535U << ws) < space)
		ws++;
	return ws;
}

/*
 * RFC 6298 estimator, in microseconds. srtt8 holds SRTT*8 and mdev4
 * RTTVAR*4 (Jacobson's fixed point); 0 srtt8 means no sample yet.
 */
struct tcp_rtt_est {
	u32 srtt8;
	u32 mdev4;
};

#define TCP_RTO_MIN_US          200000U         /* Linux's TCP_RTO_MIN */
#define TCP_RTO_MAX_US          120000000U      /* 120 s */
#define TCP_TIMEOUT_INIT_US     1000000U        /* RFC 6298 2.1: 1 s */

static inline void tcp_rtt_sample(struct tcp_rtt_est *e, u32 rtt_us)
{
	s32 m = rtt_us ? rtt_us : 1;

	if (!e->srtt8) {                /* 2.2: first sample */
		e->srtt8 = m << 3;
		e->mdev4 = m << 1;      /* RTTVAR = R/2 */
		return;
	}
	m -= e->srtt8 >> 3;             /* error */
	e->srtt8 += m;                  /* SRTT += err/8 */
	if (m < 0)
		m = -m;
	m -= e->mdev4 >> 2;
	e->mdev4 += m;                  /* RTTVAR += (|err| - RTTVAR)/4 */
	if (!e->srtt8)
		e->srtt8 = 1;
}

/* RTO = SRTT + max(G, 4*RTTVAR), clamped to [min, 120 s] (2.3, 2.4);
 * Linux's floor of 200 ms applies to the variance term. */
static inline u32 tcp_rto_from_est(const struct tcp_rtt_est *e)
{
	u32 var, rto;

	if (!e->srtt8)
		return TCP_TIMEOUT_INIT_US;
	var = e->mdev4;
	if (var < TCP_RTO_MIN_US)
		var = TCP_RTO_MIN_US;
	rto = (e->srtt8 >> 3) + var;
	return rto > TCP_RTO_MAX_US ? TCP_RTO_MAX_US : rto;
}

/* Exponential backoff after the nth expiry (5.5), capped at 120 s. */
static inline u32 tcp_rto_backoff(u32 rto_us, unsigned int backoff)
{
	u64 r = (u64)rto_us << (backoff > 16 ? 16 : backoff);

	return r > TCP_RTO_MAX_US ? TCP_RTO_MAX_US : (u32)r;
}

/*
 * Reno window growth for acked segments (RFC 5681 with appropriate byte
 * counting in segments): slow start up to ssthresh, then one segment per
 * window. *cnt accumulates acked segments in congestion avoidance.
 */
static inline u32 tcp_reno_grow(u32 cwnd, u32 ssthresh, u32 *cnt, u32 acked)
{
	if (cwnd < ssthresh) {
		u32 room = ssthresh - cwnd;
		u32 inc = acked < room ? acked : room;

		cwnd += inc;
		acked -= inc;
		if (!acked)
			return cwnd;
	}
	*cnt += acked;
	if (*cnt >= cwnd) {
		u32 d = *cnt / cwnd;

		*cnt -= d * cwnd;
		cwnd += d;
	}
	return cwnd;
}

/* Reno's multiplicative decrease: half the window, at least 2 segments. */
static inline u32 tcp_reno_ssthresh(u32 cwnd)
{
	return cwnd / 2 > 2 ? cwnd / 2 : 2;
}

#endif
