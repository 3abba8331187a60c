// SPDX-License-Identifier: MIT
/*
 * Segmentation and receive offloads on the host: skb_gso_segment (through
 * the ETH_P_IP and TCP offloads) cutting a TSO skb, with every segment's
 * lengths, IP ID and checksum, TCP sequence, flags and checksum checked by
 * recomputation; skb_checksum_help; napi_gro_receive merging in-order
 * segments of a flow (linear and page-frag payloads) and the rules that
 * send a held skb up; and TCP over a TSO device: 64 KiB-ish GSO skbs
 * counted in segments, partly acknowledged, retransmitted one MSS at a
 * time, all inside the IPv4 stack of host_net.h.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <host_net.h>
#include <shoal/mm.h>
#include <net/tcp.h>
#include <net/protocol.h>

#define PEER_PORT       40000
#define OUR_PORT        5001

static void setup(void)
{
	host_net_setup();
	ipv4_offload_init();
}

static void teardown(void)
{
	host_net_teardown();
}

static u8 pattern(u32 i)
{
	return (u8)(i * 131 + (i >> 8) * 7 + 1);
}

/* ------------------------------------------------------------- checks */

/* A whole IPv4 TCP packet at data: IP and TCP checksums must verify. */
static void check_tcp_packet(const u8 *pkt, unsigned int len)
{
	const struct iphdr *iph = (const struct iphdr *)pkt;
	unsigned int tlen = len - iph->ihl * 4;

	ck_assert_uint_eq(ip_fast_csum(iph, iph->ihl), 0);
	ck_assert_uint_eq(ntohs(iph->tot_len), len);
	ck_assert_uint_eq(csum_tcpudp_magic(iph->saddr, iph->daddr, tlen, IPPROTO_TCP,
					    csum_partial(pkt + iph->ihl * 4, tlen, 0)), 0);
}

/* ------------------------------------------------------- building skbs */

#define TH_LEN  32      /* TCP header with 12 bytes of options (timestamps) */

/* IPv4 + TCP headers for [seq, seq + len) of the flow at p. */
static void fill_headers(u8 *p, __be32 saddr, __be32 daddr, u16 sport, u16 dport, u32 seq,
			 u32 ack, u8 flags, unsigned int len, u16 id)
{
	struct iphdr *iph = (struct iphdr *)p;
	struct tcphdr *th = (struct tcphdr *)(p + sizeof(*iph));
	u8 *o = (u8 *)(th + 1);

	memset(p, 0, sizeof(*iph) + TH_LEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + TH_LEN + len);
	iph->id = htons(id);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->check = ip_fast_csum(iph, 5);
	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	((u16 *)th)[6] = htons((TH_LEN / 4) << 12 | flags);
	th->window = htons(1000);
	o[0] = TCPOPT_NOP;
	o[1] = TCPOPT_NOP;
	o[2] = TCPOPT_TIMESTAMP;
	o[3] = 10;
	o[4] = 0x12;                    /* TSval 0x12345678, TSecr 0 */
	o[5] = 0x34;
	o[6] = 0x56;
	o[7] = 0x78;
}

/* A TSO skb as TCP hands it to dev_queue_xmit: Ethernet header at data,
 * CHECKSUM_PARTIAL with the pseudo-header sum, gso_size = mss. */
static struct sk_buff *tso_skb(unsigned int len, unsigned int mss, u8 flags, u32 seq)
{
	struct sk_buff *skb = alloc_skb(128 + len, GFP_KERNEL);
	struct tcphdr *th;
	u8 *p;

	ck_assert_ptr_nonnull(skb);
	skb_reserve(skb, 64 + 2);               /* IP header aligned after Ethernet's */
	memset(skb_put(skb, ETH_HLEN), 0, ETH_HLEN);
	skb_reset_mac_header(skb);
	p = skb_put(skb, sizeof(struct iphdr) + TH_LEN);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(struct iphdr));
	fill_headers(p, HOST_OUR_IP, HOST_PEER_IP, OUR_PORT, PEER_PORT, seq, 777, flags, len, 100);
	p = skb_put(skb, len);
	for (unsigned int i = 0; i < len; i++)
		p[i] = pattern(i);
	th = tcp_hdr(skb);
	th->check = ~csum_tcpudp_magic(HOST_OUR_IP, HOST_PEER_IP, TH_LEN + len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = __builtin_offsetof(struct tcphdr, check);
	skb->protocol = htons(ETH_P_IP);
	skb->dev = &host_eth0;
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len, mss);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return skb;
}

/* ---------------------------------------------------------------- GSO */

static void check_segments(struct sk_buff *segs, unsigned int len, unsigned int mss, u32 seq,
			   u8 orig, bool partial)
{
	static u8 pktbuf[4096 + 2] __attribute__((aligned(16)));
	u8 *pkt = pktbuf + 2;           /* the IP header aligned after Ethernet's */
	unsigned int n = 0, off = 0, want = DIV_ROUND_UP(len, mss);
	struct sk_buff *s, *next;

	for (s = segs; s; s = next, n++) {
		unsigned int plen = min(mss, len - off), hdr = ETH_HLEN + sizeof(struct iphdr) + TH_LEN;
		const struct iphdr *iph;
		const struct tcphdr *th;
		u8 flags;

		next = s->next;
		s->next = NULL;
		ck_assert(!skb_is_gso(s));
		ck_assert_uint_eq(s->len, hdr + plen);
		ck_assert_ptr_eq(s->data, skb_mac_header(s));
		if (partial) {
			ck_assert_uint_eq(s->ip_summed, CHECKSUM_PARTIAL);
			ck_assert_int_eq(skb_checksum_help(s), 0);
		}
		ck_assert_uint_ne(s->ip_summed, CHECKSUM_PARTIAL);
		ck_assert_int_eq(skb_copy_bits(s, 0, pkt, s->len), 0);
		check_tcp_packet(pkt + ETH_HLEN, s->len - ETH_HLEN);
		iph = (const struct iphdr *)(pkt + ETH_HLEN);
		th = (const struct tcphdr *)(iph + 1);
		ck_assert_uint_eq(ntohs(iph->id), 100 + n);
		ck_assert_uint_eq(ntohl(th->seq), seq + off);
		ck_assert_uint_eq(ntohl(th->ack_seq), 777);
		flags = tcp_flag_byte(th);
		ck_assert_uint_eq(flags & TCPHDR_CWR, n == 0 ? orig & TCPHDR_CWR : 0);
		ck_assert_uint_eq(flags & TCPHDR_FIN, n == want - 1 ? orig & TCPHDR_FIN : 0);
		ck_assert_uint_eq(flags & TCPHDR_PSH, n == want - 1 ? orig & TCPHDR_PSH : 0);
		ck_assert(flags & TCPHDR_ACK);
		for (unsigned int i = 0; i < plen; i++)
			ck_assert_uint_eq(pkt[hdr + i], pattern(off + i));
		off += plen;
		kfree_skb(s);
	}
	ck_assert_uint_eq(n, want);
	ck_assert_uint_eq(off, len);
}

START_TEST(test_gso_segment_sw_csum)
{
	u8 f = TCPHDR_ACK | TCPHDR_PSH | TCPHDR_FIN | TCPHDR_CWR;
	struct sk_buff *skb = tso_skb(10000, 1448, f, 0xfffff000);   /* seq wraps */
	struct sk_buff *segs = skb_gso_segment(skb, 0);

	ck_assert(!IS_ERR(segs));
	ck_assert_ptr_eq(skb->data, skb_mac_header(skb));       /* skb left as it was */
	check_segments(segs, 10000, 1448, 0xfffff000, f, false);
	kfree_skb(skb);
}
END_TEST

START_TEST(test_gso_segment_hw_csum)
{
	u8 f = TCPHDR_ACK | TCPHDR_PSH | TCPHDR_FIN;
	struct sk_buff *skb = tso_skb(2 * 1448 + 1, 1448, f, 5);
	struct sk_buff *segs = skb_gso_segment(skb, NETIF_F_HW_CSUM | NETIF_F_SG);

	ck_assert(!IS_ERR(segs));
	check_segments(segs, 2 * 1448 + 1, 1448, 5, f, true);
	kfree_skb(skb);
}
END_TEST

START_TEST(test_gso_segment_bad)
{
	struct sk_buff *skb = tso_skb(3000, 1000, TCPHDR_ACK, 1);

	skb->protocol = htons(ETH_P_ARP);               /* no offload for it */
	ck_assert(IS_ERR(skb_gso_segment(skb, 0)));
	skb->protocol = htons(ETH_P_IP);
	skb_shinfo(skb)->gso_size = 0;                  /* not a GSO skb */
	ck_assert(IS_ERR(skb_gso_segment(skb, 0)));
	skb_shinfo(skb)->gso_size = 1000;
	((struct iphdr *)skb_network_header(skb))->protocol = IPPROTO_UDP;
	ck_assert(IS_ERR(skb_gso_segment(skb, 0)));     /* UDP has no GSO here */
	((struct iphdr *)skb_network_header(skb))->version = 6;
	ck_assert(IS_ERR(skb_gso_segment(skb, 0)));
	kfree_skb(skb);
}
END_TEST

/* skb_checksum over a head and frags at odd offsets equals a flat sum. */
START_TEST(test_checksum_frags)
{
	static u8 flat[3000];
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct page *pg = alloc_page(GFP_KERNEL);
	unsigned int i;

	ck_assert_ptr_nonnull(pg);
	for (i = 0; i < sizeof(flat); i++)
		flat[i] = pattern(i);
	memcpy(skb_put(skb, 101), flat, 101);           /* odd-length head */
	memcpy(page_address(pg) + 3, flat + 101, 1999);
	get_page(pg);
	skb_fill_page_desc(skb, 0, pg, 3, 1000);
	skb_fill_page_desc(skb, 1, pg, 1003, 999);
	skb->len += 1999;
	skb->data_len += 1999;
	for (i = 0; i < 2100; i += 97)
		ck_assert_uint_eq(csum_fold(skb_checksum(skb, i, 2100 - i, 0)),
				  csum_fold(csum_partial(flat + i, 2100 - i, 0)));
	kfree_skb(skb);
}
END_TEST

/* ---------------------------------------------------------------- GRO */

static struct napi_struct napi;

static void gro_setup(void)
{
	setup();
	memset(&napi, 0, sizeof(napi));
	napi.dev = &host_eth0;
	host_eth0.features = NETIF_F_GRO;
}

/* A received segment of the peer's flow, data at the IP header. frag:
 * payload in a page frag instead of the head. */
static struct sk_buff *rx_seg(u16 sport, u32 seq, u8 flags, unsigned int len, bool frag)
{
	struct sk_buff *skb = alloc_skb(256 + (frag ? 0 : len), GFP_KERNEL);
	u8 *p;

	ck_assert_ptr_nonnull(skb);
	skb_reserve(skb, 64);
	p = skb_put(skb, sizeof(struct iphdr) + TH_LEN);
	fill_headers(p, HOST_PEER_IP, HOST_OUR_IP, sport, OUR_PORT, seq, 99, flags, len, 1);
	if (frag) {
		struct page *pg = alloc_page(GFP_KERNEL);

		ck_assert_ptr_nonnull(pg);
		for (unsigned int i = 0; i < len; i++)
			((u8 *)page_address(pg))[16 + i] = pattern(seq + i);
		skb_fill_page_desc(skb, 0, pg, 16, len);
		skb->len += len;
		skb->data_len += len;
	} else {
		p = skb_put(skb, len);
		for (unsigned int i = 0; i < len; i++)
			p[i] = pattern(seq + i);
	}
	skb->protocol = htons(ETH_P_IP);
	skb->dev = &host_eth0;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return skb;
}

/* The next skb GRO sent up: its headers, and its payload checked. */
static struct sk_buff *up_skb(u32 seq, unsigned int len, u16 segs)
{
	struct sk_buff *skb = __skb_dequeue(&host_rx_up);
	static u8 pkt[70000] __attribute__((aligned(16)));
	const struct iphdr *iph;
	const struct tcphdr *th;
	unsigned int hdr = sizeof(struct iphdr) + TH_LEN;

	ck_assert_ptr_nonnull(skb);
	ck_assert_uint_eq(skb->len, hdr + len);
	ck_assert_int_eq(skb_copy_bits(skb, 0, pkt, skb->len), 0);
	iph = (const struct iphdr *)pkt;
	th = (const struct tcphdr *)(iph + 1);
	ck_assert_uint_eq(ip_fast_csum(iph, 5), 0);
	ck_assert_uint_eq(ntohs(iph->tot_len), skb->len);
	ck_assert_uint_eq(ntohl(th->seq), seq);
	for (unsigned int i = 0; i < len; i++)
		ck_assert_uint_eq(pkt[hdr + i], pattern(seq + i));
	ck_assert_uint_eq(skb_shinfo(skb)->gso_segs, segs > 1 ? segs : 0);
	return skb;
}

START_TEST(test_gro_merge)
{
	struct sk_buff *skb;
	u32 seq = 1000;
	int i;

	/* linear and frag payloads alike join the held skb */
	for (i = 0; i < 6; i++, seq += 1448)
		napi_gro_receive(&napi, rx_seg(PEER_PORT, seq, TCPHDR_ACK, 1448, i & 1));
	ck_assert(skb_queue_empty(&host_rx_up));
	ck_assert_uint_eq(napi.gro_count, 1);
	/* a short one with PSH ends the merge: it goes up with it */
	napi_gro_receive(&napi, rx_seg(PEER_PORT, seq, TCPHDR_ACK | TCPHDR_PSH, 100, false));
	ck_assert_uint_eq(napi.gro_count, 0);
	skb = up_skb(1000, 6 * 1448 + 100, 7);
	ck_assert_uint_eq(skb_shinfo(skb)->gso_size, 1448);
	ck_assert_uint_eq(skb->ip_summed, CHECKSUM_UNNECESSARY);
	ck_assert(tcp_flag_byte((struct tcphdr *)(skb->data + 20)) & TCPHDR_PSH);
	kfree_skb(skb);
	ck_assert_uint_eq(this_cpu_ptr(softnet_data)->gro_merged, 6);
	ck_assert_uint_eq(this_cpu_ptr(softnet_data)->gro_flushed, 1);
}
END_TEST

START_TEST(test_gro_limit_64k)
{
	u32 seq = 0;
	int i, n = 0;
	struct sk_buff *skb;

	for (i = 0; i < 50; i++, seq += 1448)
		napi_gro_receive(&napi, rx_seg(PEER_PORT, seq, TCPHDR_ACK, 1448, true));
	napi_gro_flush(&napi);
	seq = 0;
	while (!skb_queue_empty(&host_rx_up)) {
		unsigned int segs = min(50 - n, MAX_SKB_FRAGS);

		/* frags bound it before 64 KiB does with 1448-byte frags */
		skb = up_skb(seq, segs * 1448, segs);
		ck_assert_uint_le(skb->len, 65535);
		n += segs;
		seq += segs * 1448;
		kfree_skb(skb);
	}
	ck_assert_int_eq(n, 50);
}
END_TEST

START_TEST(test_gro_flush_rules)
{
	struct sk_buff *skb;

	/* out of order: the held skb goes up, the new one is held */
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 0, TCPHDR_ACK, 1000, false));
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 1000, TCPHDR_ACK, 1000, false));
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 5000, TCPHDR_ACK, 1000, false));
	kfree_skb(up_skb(0, 2000, 2));
	ck_assert(skb_queue_empty(&host_rx_up));
	ck_assert_uint_eq(napi.gro_count, 1);
	/* another flow is held beside it */
	napi_gro_receive(&napi, rx_seg(PEER_PORT + 1, 0, TCPHDR_ACK, 1000, false));
	ck_assert_uint_eq(napi.gro_count, 2);
	/* a SYN is never held or merged, and sends nothing else up */
	napi_gro_receive(&napi, rx_seg(PEER_PORT + 2, 0, TCPHDR_SYN, 0, false));
	kfree_skb(up_skb(0, 0, 1));
	ck_assert_uint_eq(napi.gro_count, 2);
	/* a segment longer than the held MSS: held one goes up first */
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 6000, TCPHDR_ACK, 1200, false));
	kfree_skb(up_skb(5000, 1000, 1));
	/* flush: oldest first (PEER_PORT + 1 was held before the 1200 one) */
	napi_gro_flush(&napi);
	skb = __skb_dequeue(&host_rx_up);
	ck_assert_uint_eq(ntohs(((struct tcphdr *)(skb->data + 20))->source), PEER_PORT + 1);
	kfree_skb(skb);
	kfree_skb(up_skb(6000, 1200, 1));
	ck_assert_uint_eq(napi.gro_count, 0);
	/* not verified by the device: straight up */
	skb = rx_seg(PEER_PORT, 0, TCPHDR_ACK, 100, false);
	skb->ip_summed = CHECKSUM_NONE;
	napi_gro_receive(&napi, skb);
	kfree_skb(up_skb(0, 100, 1));
	/* a FIN ends the flow's merge with it */
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 0, TCPHDR_ACK, 1000, false));
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 1000, TCPHDR_ACK | TCPHDR_FIN, 1000, false));
	kfree_skb(up_skb(0, 2000, 2));
	/* a different ACK number: not the same stream of data */
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 0, TCPHDR_ACK, 1000, false));
	skb = rx_seg(PEER_PORT, 1000, TCPHDR_ACK, 1000, false);
	((struct tcphdr *)(skb->data + 20))->ack_seq = htonl(12345);
	napi_gro_receive(&napi, skb);
	kfree_skb(up_skb(0, 1000, 1));
	napi_gro_flush(&napi);
	kfree_skb(up_skb(1000, 1000, 1));
	/* GRO off on the device: every skb goes straight up */
	host_eth0.features = 0;
	napi_gro_receive(&napi, rx_seg(PEER_PORT, 0, TCPHDR_ACK, 1000, false));
	kfree_skb(up_skb(0, 1000, 1));
	ck_assert_uint_eq(napi.gro_count, 0);
}
END_TEST

START_TEST(test_gro_many_flows)
{
	int i;

	for (i = 0; i < MAX_GRO_SKBS + 2; i++)
		napi_gro_receive(&napi, rx_seg(PEER_PORT + i, 0, TCPHDR_ACK, 500, false));
	ck_assert_uint_eq(napi.gro_count, MAX_GRO_SKBS);
	ck_assert_uint_eq(skb_queue_len(&host_rx_up), 2);       /* the oldest made room */
	napi_gro_flush(&napi);
	for (i = 0; i < MAX_GRO_SKBS + 2; i++) {
		struct sk_buff *skb = __skb_dequeue(&host_rx_up);

		ck_assert_ptr_nonnull(skb);
		ck_assert_uint_eq(ntohs(((struct tcphdr *)(skb->data + 20))->source), PEER_PORT + i);
		kfree_skb(skb);
	}
}
END_TEST

/* ------------------------------------------------- TCP over a TSO device */

/* The peer's segment to our socket (no options but MSS on a SYN). */
static void peer_seg(u16 lport, u8 flags, u32 seq, u32 ack, u16 win)
{
	u8 buf[64];
	struct tcphdr *th = (struct tcphdr *)buf;
	unsigned int hlen = sizeof(*th) + ((flags & TCPHDR_SYN) ? 4 : 0);

	memset(buf, 0, sizeof(buf));
	th->source = htons(PEER_PORT);
	th->dest = htons(lport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	((u16 *)th)[6] = htons((hlen / 4) << 12 | flags);
	th->window = htons(win);
	if (flags & TCPHDR_SYN) {
		buf[20] = TCPOPT_MSS;
		buf[21] = 4;
		buf[22] = 1460 >> 8;
		buf[23] = 1460 & 0xff;
	}
	th->check = csum_tcpudp_magic(HOST_PEER_IP, HOST_OUR_IP, hlen, IPPROTO_TCP,
				      csum_partial(buf, hlen, 0));
	host_rx(host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_TCP, buf, hlen));
}

/* The next packet eth0 sent: checksums verified, its seq and payload length. */
static struct sk_buff *pop_tcp(u32 *seq, unsigned int *len)
{
	static u8 pkt[70000] __attribute__((aligned(16)));
	struct sk_buff *skb = host_tx_pop();
	const struct tcphdr *th;

	ck_assert_ptr_nonnull(skb);
	ck_assert_int_eq(skb_copy_bits(skb, 0, pkt, skb->len), 0);
	check_tcp_packet(pkt, skb->len);
	th = (const struct tcphdr *)(pkt + 20);
	*seq = ntohl(th->seq);
	*len = skb->len - 20 - th->doff * 4;
	return skb;
}

START_TEST(test_tcp_tso)
{
	static char data[64 << 10];
	struct socket *sock;
	struct tcp_sock *tp;
	struct sk_buff *skb;
	unsigned int len, sent = 0, total = 0;
	u32 seq, iss, lport;

	host_eth0.features = NETIF_F_TSO | NETIF_F_SG | NETIF_F_HW_CSUM;
	host_eth0.gso_max_size = 65536;
	sock = host_socket(SOCK_STREAM);
	ck_assert_int_eq(host_connect(sock, HOST_PEER_IP, PEER_PORT), -EINPROGRESS);
	skb = pop_tcp(&iss, &len);
	lport = ntohs(((struct tcphdr *)(skb->data + 20))->source);
	kfree_skb(skb);
	peer_seg(lport, TCPHDR_SYN | TCPHDR_ACK, 5000, iss + 1, 65535);
	kfree_skb(pop_tcp(&seq, &len));                 /* the handshake's ACK */
	tp = tcp_sk(sock->sk);
	ck_assert_uint_eq(tp->mss_cache, 1460);

	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = pattern(i);
	ck_assert_int_eq(host_sendto(sock, data, sizeof(data), 0, 0), (int)sizeof(data));
	/* the initial window of 10 segments leaves as one GSO skb */
	skb = pop_tcp(&seq, &len);
	ck_assert_uint_eq(seq, iss + 1);
	ck_assert_uint_eq(len, 10 * 1460);
	ck_assert_uint_eq(skb_shinfo(skb)->gso_size, 1460);
	ck_assert_uint_eq(skb_shinfo(skb)->gso_segs, 10);
	kfree_skb(skb);
	ck_assert(!host_tx_pop());
	ck_assert_uint_eq(tp->packets_out, 10);
	sent = 10 * 1460;

	/* 3 segments acknowledged: the skb is trimmed, 7 stay in flight and
	 * slow start sends 3 + 3 more */
	peer_seg(lport, TCPHDR_ACK, 5001, iss + 1 + 3 * 1460, 65535);
	ck_assert_uint_eq(tp->snd_una, iss + 1 + 3 * 1460);
	while ((skb = host_tx_pop())) {
		u32 s;
		unsigned int l;

		__skb_queue_head(&host_tx, skb);
		kfree_skb(pop_tcp(&s, &l));
		ck_assert_uint_eq(s, iss + 1 + sent);
		sent += l;
		total++;
	}
	ck_assert_uint_ge(total, 1);
	ck_assert_uint_eq(tp->packets_out, sent / 1460 - 3 + (sent % 1460 != 0));

	/* RTO: the head segment alone goes again, one MSS */
	host_advance(3 * NSEC_PER_SEC);
	skb = pop_tcp(&seq, &len);
	ck_assert_uint_eq(seq, iss + 1 + 3 * 1460);
	ck_assert_uint_eq(len, 1460);
	ck_assert(!skb_is_gso(skb));
	kfree_skb(skb);
	while ((skb = host_tx_pop()))
		kfree_skb(skb);
	/* everything acknowledged: nothing in flight, counters back to zero */
	peer_seg(lport, TCPHDR_ACK, 5001, iss + 1 + sent, 65535);
	ck_assert_uint_eq(tp->retrans_out, 0);
	ck_assert_uint_eq(tp->lost_out, 0);
	while ((skb = host_tx_pop()))
		kfree_skb(skb);
	host_close(sock);
	peer_seg(lport, TCPHDR_RST, 5001, 0, 0);
	host_eth0.features = 0;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_gso");
	TCase *gso = tcase_create("gso"), *gro = tcase_create("gro");

	tcase_add_checked_fixture(gso, setup, teardown);
	tcase_add_test(gso, test_gso_segment_sw_csum);
	tcase_add_test(gso, test_gso_segment_hw_csum);
	tcase_add_test(gso, test_gso_segment_bad);
	tcase_add_test(gso, test_checksum_frags);
	tcase_add_test(gso, test_tcp_tso);
	tcase_add_checked_fixture(gro, gro_setup, teardown);
	tcase_add_test(gro, test_gro_merge);
	tcase_add_test(gro, test_gro_limit_64k);
	tcase_add_test(gro, test_gro_flush_rules);
	tcase_add_test(gro, test_gro_many_flows);
	suite_add_tcase(s, gso);
	suite_add_tcase(s, gro);
	return host_run_suite(s);
}
