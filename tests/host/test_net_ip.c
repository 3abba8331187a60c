// SPDX-License-Identifier: MIT
/*
 * net/ipv4/ip_input.c and ip_output.c on the host, inside the IPv4 stack
 * of host_net.h: the header checks of ip_rcv (version, IHL, checksum,
 * total length against the frame, link padding) and the counter each
 * rejection bumps (Linux's /proc/net/snmp Ip: names), packets not for
 * us, fragments (shoal does not reassemble: dropped, ReasmFails),
 * delivery through inet_protos and ICMP protocol unreachable for a
 * protocol nobody registered, and the header ip_output builds.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <host_net.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <net/route.h>

#define PEER_PORT       4000
#define OUR_PORT        5000

static void setup(void)
{
	host_net_setup();
}

static void teardown(void)
{
	host_net_teardown();
}

/* A UDP datagram (checksum 0: none) from the peer to port dport. */
static struct sk_buff *udp_packet(u16 dport, const char *data)
{
	u8 buf[256];
	struct udphdr *uh = (struct udphdr *)buf;
	unsigned int len = sizeof(*uh) + strlen(data);

	uh->source = htons(PEER_PORT);
	uh->dest = htons(dport);
	uh->len = htons(len);
	uh->check = 0;
	memcpy(uh + 1, data, strlen(data));
	return host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_UDP, buf, len);
}

static void refresh_csum(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb->data;

	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
}

/* A bound UDP socket for the delivery checks. */
static struct socket *udp_listener(void)
{
	struct socket *s = host_socket(SOCK_DGRAM);

	ck_assert_int_eq(host_bind(s, HOST_OUR_IP, OUR_PORT), 0);
	return s;
}

static int queued(struct socket *s)
{
	return skb_queue_len(&s->sk->sk_receive_queue);
}

/* Nothing left eth0. */
static void expect_no_tx(void)
{
	ck_assert_uint_eq(skb_queue_len(&host_tx), 0);
}

/* ------------------------------------------------------------- tests */

START_TEST(test_deliver)
{
	struct socket *s = udp_listener();
	char buf[32];

	host_rx(udp_packet(OUR_PORT, "hello"));
	ck_assert_int_eq(queued(s), 1);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INRECEIVES), 1);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INDELIVERS), 1);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), 5);
	ck_assert(!memcmp(buf, "hello", 5));
	expect_no_tx();
	host_close(s);
}
END_TEST

START_TEST(test_bad_version)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "x");

	((struct iphdr *)skb->data)->version = 6;
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INHDRERRORS), 1);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INDELIVERS), 0);
	expect_no_tx();
	host_close(s);
}
END_TEST

START_TEST(test_bad_ihl)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "x");
	struct iphdr *iph = (struct iphdr *)skb->data;

	/* an IHL of 4 is shorter than the header itself */
	iph->ihl = 4;
	iph->check = 0;
	iph->check = ip_fast_csum(iph, 4);
	host_rx(skb);
	/* an IHL of 15 claims 60 bytes of header in a 29-byte packet */
	skb = udp_packet(OUR_PORT, "x");
	((struct iphdr *)skb->data)->ihl = 15;
	host_rx(skb);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INHDRERRORS), 2);
	expect_no_tx();
	host_close(s);
}
END_TEST

START_TEST(test_bad_checksum)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "x");

	((struct iphdr *)skb->data)->check ^= htons(0x0100);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_CSUMERRORS), 1);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INHDRERRORS), 1);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* A header with options (IHL 6: four NOPs) still reaches the transport
 * layer at the right offset. */
START_TEST(test_header_options)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "opt");
	struct iphdr *iph;
	char buf[8];

	skb_push(skb, 4);
	memmove(skb->data, skb->data + 4, sizeof(*iph));
	iph = (struct iphdr *)skb->data;
	memset(skb->data + sizeof(*iph), 1, 4);      /* IPOPT_NOOP */
	iph->ihl = 6;
	iph->tot_len = htons(ntohs(iph->tot_len) + 4);
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), 3);
	ck_assert(!memcmp(buf, "opt", 3));
	expect_no_tx();
	host_close(s);
}
END_TEST

/* tot_len beyond the frame: truncated; below the header: a header error;
 * below the frame: the rest is link padding, trimmed before UDP sees it. */
START_TEST(test_total_length)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "abc");
	struct iphdr *iph = (struct iphdr *)skb->data;
	char buf[32];

	iph->tot_len = htons(ntohs(iph->tot_len) + 1);
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INTRUNCATEDPKTS), 1);
	ck_assert_int_eq(queued(s), 0);

	skb = udp_packet(OUR_PORT, "abc");
	((struct iphdr *)skb->data)->tot_len = htons(19);
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INHDRERRORS), 1);
	ck_assert_int_eq(queued(s), 0);

	/* Ethernet pads short frames to 60 bytes */
	skb = udp_packet(OUR_PORT, "abc");
	memset(skb_put(skb, 29), 0xee, 29);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 1);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), 3);
	ck_assert(!memcmp(buf, "abc", 3));
	expect_no_tx();
	host_close(s);
}
END_TEST

/* Without reassembly every fragment is dropped, first and later ones. */
START_TEST(test_fragments)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "first");

	((struct iphdr *)skb->data)->frag_off = htons(IP_MF);
	refresh_csum(skb);
	host_rx(skb);
	skb = udp_packet(OUR_PORT, "later");
	((struct iphdr *)skb->data)->frag_off = htons(185);     /* offset 1480 */
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_REASMFAILS), 2);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INDELIVERS), 0);
	/* DF alone is no fragment */
	skb = udp_packet(OUR_PORT, "whole");
	((struct iphdr *)skb->data)->frag_off = htons(IP_DF);
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 1);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* TTL matters to forwarding only: a host takes a packet whose TTL ran out
 * on the last hop (Linux checks it in ip_forward, not ip_rcv). */
START_TEST(test_ttl_local)
{
	struct socket *s = udp_listener();
	struct sk_buff *skb = udp_packet(OUR_PORT, "x");

	((struct iphdr *)skb->data)->ttl = 0;
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 1);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* Not our address and no forwarding: InAddrErrors (Linux's ip_error);
 * a frame for another host's MAC is not even counted as received. */
START_TEST(test_not_ours)
{
	struct sk_buff *skb = udp_packet(OUR_PORT, "x");

	((struct iphdr *)skb->data)->daddr = htonl(0x0a000263);        /* 10.0.2.99 */
	refresh_csum(skb);
	host_rx(skb);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INADDRERRORS), 1);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INDELIVERS), 0);

	skb = udp_packet(OUR_PORT, "x");
	skb->dev = &host_eth0;
	skb->pkt_type = PACKET_OTHERHOST;
	ip_rcv(skb, &host_eth0, NULL);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INRECEIVES), 1);
	expect_no_tx();
}
END_TEST

/* RFC 1122 3.2.2.1: protocol unreachable, quoting the IP header and the
 * first 8 bytes after it. */
START_TEST(test_unknown_protocol)
{
	static const u8 payload[12] = "0123456789a";
	struct sk_buff *skb = host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, 253, payload, sizeof(payload));
	const struct iphdr *iph;
	const struct icmphdr *ih;

	host_rx(skb);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INUNKNOWNPROTOS), 1);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_INDELIVERS), 0);
	skb = host_tx_pop();
	ck_assert_ptr_nonnull(skb);
	ck_assert(!skb_is_nonlinear(skb));
	iph = (const struct iphdr *)skb->data;
	ck_assert_uint_eq(iph->protocol, IPPROTO_ICMP);
	ck_assert_uint_eq(iph->saddr, HOST_OUR_IP);
	ck_assert_uint_eq(iph->daddr, HOST_PEER_IP);
	ck_assert_uint_eq(ip_fast_csum(iph, iph->ihl), 0);
	ih = (const struct icmphdr *)(skb->data + iph->ihl * 4);
	ck_assert_uint_eq(ih->type, ICMP_DEST_UNREACH);
	ck_assert_uint_eq(ih->code, ICMP_PROT_UNREACH);
	ck_assert_uint_eq(csum_fold(csum_partial(ih, skb->len - iph->ihl * 4, 0)), 0);
	/* the quote: the offending header, then at least 8 bytes of its data */
	iph = (const struct iphdr *)(ih + 1);
	ck_assert_uint_eq(iph->protocol, 253);
	ck_assert_uint_eq(iph->saddr, HOST_PEER_IP);
	ck_assert_uint_ge(skb->len - 20 - 8 - 20, 8);
	ck_assert(!memcmp(iph + 1, payload, 8));
	kfree_skb(skb);
	expect_no_tx();
}
END_TEST

/* What ip_output puts in front of a datagram (RFC 791), and the UDP
 * checksum it finishes because eth0 cannot. */
START_TEST(test_output_header)
{
	struct socket *s = host_socket(SOCK_DGRAM);
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct sk_buff *skb;

	ck_assert_int_eq(host_bind(s, 0, OUR_PORT), 0);
	ck_assert_int_eq(host_sendto(s, "payload", 7, HOST_PEER_IP, PEER_PORT), 7);
	skb = host_tx_pop();
	ck_assert_ptr_nonnull(skb);
	ck_assert(!skb_is_nonlinear(skb));
	iph = (const struct iphdr *)skb->data;
	ck_assert_uint_eq(iph->version, 4);
	ck_assert_uint_eq(iph->ihl, 5);
	ck_assert_uint_eq(ntohs(iph->tot_len), 20 + 8 + 7);
	ck_assert_uint_eq(skb->len, 20 + 8 + 7);
	ck_assert_uint_eq(iph->ttl, 64);                 /* IPDEFTTL */
	ck_assert_uint_eq(iph->protocol, IPPROTO_UDP);
	ck_assert_uint_eq(ntohs(iph->frag_off), IP_DF);  /* path MTU discovery */
	ck_assert_uint_eq(iph->saddr, HOST_OUR_IP);      /* chosen by the route */
	ck_assert_uint_eq(iph->daddr, HOST_PEER_IP);
	ck_assert_uint_eq(ip_fast_csum(iph, 5), 0);
	uh = (const struct udphdr *)(iph + 1);
	ck_assert_uint_eq(ntohs(uh->source), OUR_PORT);
	ck_assert_uint_eq(ntohs(uh->dest), PEER_PORT);
	ck_assert_uint_eq(ntohs(uh->len), 15);
	ck_assert_uint_ne(uh->check, 0);
	ck_assert_uint_eq(csum_tcpudp_magic(iph->saddr, iph->daddr, 15, IPPROTO_UDP,
					    csum_partial(uh, 15, 0)), 0);
	ck_assert(!memcmp(uh + 1, "payload", 7));
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_OUTREQUESTS), 1);
	kfree_skb(skb);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* No fragmentation: a packet over the MTU is refused and counted. */
START_TEST(test_output_mtu)
{
	struct sk_buff *skb = alloc_skb(64 + 1500, GFP_KERNEL);

	skb_reserve(skb, 64);
	memset(skb_put(skb, 1481), 0, 1481);
	ck_assert_int_eq(ip_build_and_send_pkt(skb, NULL, 0, HOST_PEER_IP, 253), -EMSGSIZE);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_OUTDISCARDS), 1);
	skb = alloc_skb(64 + 1500, GFP_KERNEL);
	skb_reserve(skb, 64);
	memset(skb_put(skb, 1480), 0, 1480);
	ck_assert_int_eq(ip_build_and_send_pkt(skb, NULL, 0, HOST_PEER_IP, 253), 0);
	skb = host_tx_pop();
	ck_assert_uint_eq(skb->len, 1500);
	ck_assert_uint_eq(((struct iphdr *)skb->data)->saddr, HOST_OUR_IP);
	kfree_skb(skb);
	/* no route */
	skb = alloc_skb(64, GFP_KERNEL);
	skb_reserve(skb, 64);
	ck_assert_int_eq(ip_build_and_send_pkt(skb, NULL, 0, htonl(0x08080808), 253), -ENETUNREACH);
	ck_assert_uint_eq(HOST_MIB(ip, IPSTATS_MIB_OUTNOROUTES), 1);
	expect_no_tx();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_ip");
	TCase *tc = tcase_create("ip");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_deliver);
	tcase_add_test(tc, test_bad_version);
	tcase_add_test(tc, test_bad_ihl);
	tcase_add_test(tc, test_bad_checksum);
	tcase_add_test(tc, test_header_options);
	tcase_add_test(tc, test_total_length);
	tcase_add_test(tc, test_fragments);
	tcase_add_test(tc, test_ttl_local);
	tcase_add_test(tc, test_not_ours);
	tcase_add_test(tc, test_unknown_protocol);
	tcase_add_test(tc, test_output_header);
	tcase_add_test(tc, test_output_mtu);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
