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
#define TCPOPT_FASTOPEN         34      /* RFC 7413 */

#define TCPOLEN_MSS             4
#define TCPOLEN_WINDOW          3
#define TCPOLEN_SACK_PERM       2
#define TCPOLEN_TIMESTAMP       10
#define TCPOLEN_TSTAMP_ALIGNED  12      /* NOP NOP TS */
#define TCPOLEN_WSCALE_ALIGNED  4       /* NOP WS */
#define TCPOLEN_SACKPERM_ALIGNED 4      /* NOP NOP SACK_PERM */
#define TCPOLEN_SACK_BASE       2
#define TCPOLEN_SACK_BASE_ALIGNED 4     /* NOP NOP SACK len */
#define TCPOLEN_SACK_PERBLOCK   8
#define TCP_NUM_SACKS           4       /* most blocks one option holds */
#define TCP_MAX_WSCALE          14
#define TCP_MAX_OPTION_SPACE    40
#define TCPOLEN_FASTOPEN_BASE   2
#define TCP_FASTOPEN_COOKIE_MIN 4       /* RFC 7413 4.1.1: 4 to 16 bytes, even */
#define TCP_FASTOPEN_COOKIE_MAX 16
#define TCP_FASTOPEN_COOKIE_SIZE 8      /* what we hand out */

/* What one segment's options said (tcp_parse_options). */
struct tcp_opts {
	u16 mss;                        /* MSS option (SYN only), 0 = none */
	u8 saw_tstamp:1;                /* a valid timestamp option was seen */
	u8 wscale_ok:1;                 /* window scale option (SYN only) */
	u8 sack_ok:1;                   /* SACK-permitted (SYN only) */
	u8 snd_wscale:4;                /* peer's shift, clamped to 14 */
	u8 sack_off;                    /* SACK option: 1 + its offset in the options, 0 = none */
	u8 fo_off;                      /* SYN: Fast Open option, 1 + its offset, 0 = none */
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
	const u8 *start = p;

	o->saw_tstamp = o->wscale_ok = o->sack_ok = 0;
	o->snd_wscale = 0;
	o->sack_off = 0;
	o->fo_off = 0;
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
		case TCPOPT_SACK:
			/* whole blocks only, as Linux; anything else is ignored */
			if (olen >= TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK &&
			    !((olen - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_PERBLOCK))
				o->sack_off = p - start + 1;
			break;
		case TCPOPT_FASTOPEN:
			/* a cookie request (no cookie) or 4..16 even bytes */
			if (syn && (olen == TCPOLEN_FASTOPEN_BASE ||
				    (olen >= TCPOLEN_FASTOPEN_BASE + TCP_FASTOPEN_COOKIE_MIN &&
				     olen <= TCPOLEN_FASTOPEN_BASE + TCP_FASTOPEN_COOKIE_MAX && !(olen & 1))))
				o->fo_off = p - start + 1;
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

/* One SACK block (RFC 2018 3): [start_seq, end_seq). */
struct tcp_sack_block {
	u32 start_seq;
	u32 end_seq;
};

/*
 * The blocks of the SACK option at opt (kind byte; its length was checked
 * by tcp_parse_opts), at most TCP_NUM_SACKS. Returns how many.
 */
static inline int tcp_sack_read_blocks(const u8 *opt, struct tcp_sack_block *sp)
{
	int i, n = (opt[1] - TCPOLEN_SACK_BASE) / TCPOLEN_SACK_PERBLOCK;

	if (n > TCP_NUM_SACKS)
		n = TCP_NUM_SACKS;
	for (i = 0; i < n; i++) {
		sp[i].start_seq = tcp_get_be32(opt + 2 + 8 * i);
		sp[i].end_seq = tcp_get_be32(opt + 6 + 8 * i);
	}
	return n;
}

/* Options we send (tcp_write_opts): 0 fields are left out. */
struct tcp_out_opts {
	u16 mss;                        /* SYN: MSS option */
	u8 ws:1;                        /* SYN: window scale option with wscale */
	u8 ts:1;                        /* timestamp option */
	u8 sack_perm:1;                 /* SYN: SACK-permitted */
	u8 wscale;
	u8 num_sacks;                   /* SACK blocks (D-SACK first) */
	u32 tsval, tsecr;
	struct tcp_sack_block sacks[TCP_NUM_SACKS];
	u8 fo:1;                        /* SYN, SYN-ACK: Fast Open option */
	u8 fo_len;                      /* its cookie's length, 0: a cookie request */
	u8 fo_cookie[TCP_FASTOPEN_COOKIE_MAX];
};

/* The Fast Open option's bytes on the wire, NOP-padded to 4. */
static inline int tcp_fo_opt_size(const struct tcp_out_opts *o)
{
	return o->fo ? (TCPOLEN_FASTOPEN_BASE + o->fo_len + 3) & ~3 : 0;
}

/* Bytes the options take on the wire (a multiple of 4). With a timestamp
 * SACK-permitted takes the place of its two NOPs, as Linux writes it. */
static inline int tcp_opts_size(const struct tcp_out_opts *o)
{
	return (o->mss ? TCPOLEN_MSS : 0) + (o->ts ? TCPOLEN_TSTAMP_ALIGNED : 0) +
	       (o->ws ? TCPOLEN_WSCALE_ALIGNED : 0) +
	       (o->sack_perm && !o->ts ? TCPOLEN_SACKPERM_ALIGNED : 0) +
	       (o->num_sacks ? TCPOLEN_SACK_BASE_ALIGNED + o->num_sacks * TCPOLEN_SACK_PERBLOCK : 0) +
	       tcp_fo_opt_size(o);
}

static inline u8 *tcp_write_sack_opt(u8 *p, const struct tcp_out_opts *o)
{
	int i;

	*p++ = TCPOPT_NOP;
	*p++ = TCPOPT_NOP;
	*p++ = TCPOPT_SACK;
	*p++ = TCPOLEN_SACK_BASE + o->num_sacks * TCPOLEN_SACK_PERBLOCK;
	for (i = 0; i < o->num_sacks; i++) {
		tcp_put_be32(p, o->sacks[i].start_seq);
		tcp_put_be32(p + 4, o->sacks[i].end_seq);
		p += 8;
	}
	return p;
}

/* Write the options in Linux's order and padding: MSS, NOP NOP TS (or
 * SACK_PERM TS), NOP NOP SACK_PERM, NOP WS, NOP NOP SACK blocks. */
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
		if (o->sack_perm) {
			*p++ = TCPOPT_SACK_PERM;
			*p++ = TCPOLEN_SACK_PERM;
		} else {
			*p++ = TCPOPT_NOP;
			*p++ = TCPOPT_NOP;
		}
		*p++ = TCPOPT_TIMESTAMP;
		*p++ = TCPOLEN_TIMESTAMP;
		tcp_put_be32(p, o->tsval);
		tcp_put_be32(p + 4, o->tsecr);
		p += 8;
	}
	if (o->sack_perm && !o->ts) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_SACK_PERM;
		*p++ = TCPOLEN_SACK_PERM;
	}
	if (o->ws) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = o->wscale;
	}
	if (o->num_sacks)
		p = tcp_write_sack_opt(p, o);
	if (o->fo) {
		int i, len = TCPOLEN_FASTOPEN_BASE + o->fo_len;

		*p++ = TCPOPT_FASTOPEN;
		*p++ = len;
		for (i = 0; i < o->fo_len; i++)
			*p++ = o->fo_cookie[i];
		for (; len & 3; len++)
			*p++ = TCPOPT_NOP;
	}
	return p - start;
}

/* ------------------------------------------------ SACK scoreboard math */

/*
 * RFC 2883 4: the first block is a D-SACK if it lies below the cumulative
 * ACK, or inside the second block (Linux's tcp_check_dsack test).
 */
static inline bool tcp_sack_is_dsack(const struct tcp_sack_block *sp, int n, u32 ack)
{
	if (n < 1)
		return false;
	if (before(sp[0].start_seq, ack))
		return true;
	return n > 1 && !after(sp[0].end_seq, sp[1].end_seq) && !before(sp[0].start_seq, sp[1].start_seq);
}

/*
 * Is a received SACK block one to believe (Linux's tcp_is_sackblock_valid)?
 * A SACK block must lie in (snd_una, snd_nxt]; a D-SACK may lie below
 * snd_una but only within the current undo window (after undo_marker, or
 * straddling it by less than max_window), so an old or forged block never
 * touches the scoreboard.
 */
static inline bool tcp_is_sackblock_valid(bool is_dsack, u32 start, u32 end, u32 snd_una, u32 snd_nxt,
					  u32 undo_marker, u32 max_window)
{
	if (after(end, snd_nxt) || !before(start, end))
		return false;
	if (!before(start, snd_nxt))
		return false;
	if (after(start, snd_una))
		return true;
	if (!is_dsack || !undo_marker)
		return false;
	if (after(end, snd_una))
		return false;
	if (!before(start, undo_marker))
		return true;
	if (!after(end, undo_marker))
		return false;
	return !before(start, end - max_window);
}

/*
 * Receiver side: the SACK blocks for an ACK (RFC 2018 4), built from the
 * out-of-order queue walked in sequence order. Touching or overlapping
 * segments merge into one block; of the blocks, the ones holding the most
 * recently arrived segments come first (the first block must hold the
 * latest arrival, the others repeat recent ones). stamp is an arrival
 * counter: larger is newer.
 */
struct tcp_sack_gen {
	struct tcp_sack_block blk[TCP_NUM_SACKS];
	u32 stamp[TCP_NUM_SACKS];
	int n;                          /* blocks kept, newest first */
	struct tcp_sack_block cur;      /* the block being merged */
	u32 cur_stamp;
	bool have_cur;
};

static inline void tcp_sack_gen_init(struct tcp_sack_gen *g)
{
	g->n = 0;
	g->have_cur = false;
	g->cur.start_seq = g->cur.end_seq = 0;
	g->cur_stamp = 0;
}

/* Keep cur if it is among the TCP_NUM_SACKS newest blocks. */
static inline void tcp_sack_gen_keep(struct tcp_sack_gen *g)
{
	int i = g->n < TCP_NUM_SACKS ? g->n : TCP_NUM_SACKS;

	if (i == TCP_NUM_SACKS && g->stamp[i - 1] >= g->cur_stamp)
		return;
	if (g->n < TCP_NUM_SACKS)
		g->n++;
	else
		i--;
	for (; i > 0 && g->stamp[i - 1] < g->cur_stamp; i--) {
		g->blk[i] = g->blk[i - 1];
		g->stamp[i] = g->stamp[i - 1];
	}
	g->blk[i] = g->cur;
	g->stamp[i] = g->cur_stamp;
}

/* The next segment [start, end), not before the previous one's start. */
static inline void tcp_sack_gen_add(struct tcp_sack_gen *g, u32 start, u32 end, u32 stamp)
{
	if (g->have_cur && !after(start, g->cur.end_seq)) {
		if (after(end, g->cur.end_seq))
			g->cur.end_seq = end;
		if (stamp > g->cur_stamp)
			g->cur_stamp = stamp;
		return;
	}
	if (g->have_cur)
		tcp_sack_gen_keep(g);
	g->cur.start_seq = start;
	g->cur.end_seq = end;
	g->cur_stamp = stamp;
	g->have_cur = true;
}

/* Finish: copies at most max blocks, newest first, to out. */
static inline int tcp_sack_gen_finish(struct tcp_sack_gen *g, struct tcp_sack_block *out, int max)
{
	int i;

	if (g->have_cur)
		tcp_sack_gen_keep(g);
	g->have_cur = false;
	if (max > g->n)
		max = g->n;
	for (i = 0; i < max; i++)
		out[i] = g->blk[i];
	return max;
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
