/* SPDX-License-Identifier: MIT */
/*
 * SYN cookies (net/ipv4/syncookies.c), Linux's scheme. When a listener's
 * SYN queue is full (or net.ipv4.tcp_syncookies is 2) the SYN-ACK's
 * sequence number carries the connection instead of a request sock:
 *
 *   cookie = H0 + sseq + (count << 24) + ((H1(count) + data) & 0xffffff)
 *
 * H0 and H1(count) are keyed hashes of the 4-tuple (H1 also of count),
 * sseq the peer's ISN, count a clock ticking once a minute and data the
 * index of the MSS in syn_cookie_msstab. The ACK's ack_seq - 1 gives the
 * cookie back; it is good for MAX_SYNCOOKIE_AGE minutes.
 *
 * With timestamps, the low 6 bits of our TSval carry what the SYN
 * offered: the peer's window scale (0xf = none), SACK and ECN; the ACK's
 * TSecr echoes them.
 *
 * The arithmetic here is pure (the hashes are the caller's), for the
 * kernel and the host tests alike.
 */
#ifndef _NET_SYNCOOKIES_H
#define _NET_SYNCOOKIES_H

#include <shoal/types.h>

#define COOKIEBITS              24
#define COOKIEMASK              (((u32)1 << COOKIEBITS) - 1)
#define MAX_SYNCOOKIE_AGE       2       /* minutes a cookie is honoured */
#define TCP_SYNCOOKIE_PERIOD_S  60
#define TCP_SYNCOOKIE_VALID_S   (2 * TCP_SYNCOOKIE_PERIOD_S)

#define TSBITS                  6
#define TSMASK                  (((u32)1 << TSBITS) - 1)
#define TS_OPT_WSCALE_MASK      0xf
#define TS_OPT_SACK             (1 << 4)
#define TS_OPT_ECN              (1 << 5)

/* Linux's msstab: the common MSS values, one of which the cookie names
 * (IPv4's; IPv6 has its own, net/ipv6/syncookies.c). */
static const u16 syn_cookie_msstab[] = { 536, 1300, 1440, 1460 };
#define SYN_COOKIE_NMSS         (sizeof(syn_cookie_msstab) / sizeof(syn_cookie_msstab[0]))

/* Index of the largest MSS of tab[n] (ascending) not above mss (the
 * smallest if none). */
static inline u32 syn_cookie_mss_index_tab(const u16 *tab, u32 n, u16 mss)
{
	u32 i;

	for (i = n - 1; i; i--)
		if (mss >= tab[i])
			break;
	return i;
}

static inline u32 syn_cookie_mss_index(u16 mss)
{
	return syn_cookie_mss_index_tab(syn_cookie_msstab, SYN_COOKIE_NMSS, mss);
}

static inline u32 syn_cookie_make(u32 h0, u32 h1, u32 sseq, u32 count, u32 data)
{
	return h0 + sseq + (count << COOKIEBITS) + ((h1 + data) & COOKIEMASK);
}

/* How many minutes old the cookie is by its count bits (only meaningful
 * below MAX_SYNCOOKIE_AGE; the caller rejects the rest). */
static inline u32 syn_cookie_age(u32 cookie, u32 h0, u32 sseq, u32 count)
{
	cookie -= h0 + sseq;
	return (count - (cookie >> COOKIEBITS)) & ((u32)-1 >> COOKIEBITS);
}

/* The data bits, given h1 = H1(count - age). */
static inline u32 syn_cookie_data(u32 cookie, u32 h0, u32 h1, u32 sseq)
{
	return (cookie - h0 - sseq - h1) & COOKIEMASK;
}

/* The options byte the TSval carries. */
static inline u32 syn_cookie_ts_options(bool wscale_ok, u8 snd_wscale, bool sack, bool ecn)
{
	u32 o = wscale_ok ? (snd_wscale & TS_OPT_WSCALE_MASK) : TS_OPT_WSCALE_MASK;

	return o | (sack ? TS_OPT_SACK : 0) | (ecn ? TS_OPT_ECN : 0);
}

/* A TSval (before the connection's offset) not above now whose low bits
 * are the options (Linux's cookie_init_timestamp). */
static inline u32 syn_cookie_ts(u32 now, u32 options)
{
	u32 ts = (now & ~TSMASK) | options;

	if (ts > now) {
		ts >>= TSBITS;
		ts--;
		ts <<= TSBITS;
		ts |= options;
	}
	return ts;
}

/* Decode the echoed options; false if the window scale is impossible. */
static inline bool syn_cookie_ts_decode(u32 tsecr, bool *wscale_ok, u8 *snd_wscale, bool *sack, bool *ecn)
{
	u32 o = tsecr & TSMASK, ws = o & TS_OPT_WSCALE_MASK;

	*sack = o & TS_OPT_SACK;
	*ecn = o & TS_OPT_ECN;
	*wscale_ok = ws != TS_OPT_WSCALE_MASK;
	*snd_wscale = *wscale_ok ? ws : 0;
	return ws == TS_OPT_WSCALE_MASK || ws <= 14;
}

#endif
