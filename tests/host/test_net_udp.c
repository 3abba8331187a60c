// SPDX-License-Identifier: MIT
/*
 * net/ipv4/udp.c on the host, inside the IPv4 stack of host_net.h:
 * datagrams from the peer delivered to a bound socket (with and without a
 * checksum, RFC 768), bad checksums and short or inconsistent headers
 * dropped and counted as Linux counts them (/proc/net/snmp Udp:), ICMP
 * port unreachable for a port nobody listens on (RFC 1122 4.1.3.1) but
 * not for a broadcast, and the error an unreachable peer leaves on a
 * connected socket.
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

/* A datagram from the peer; csum: fill in the UDP checksum (else 0). */
static struct sk_buff *udp_packet_to(__be32 daddr, u16 dport, const char *data, bool csum)
{
	u8 buf[256];
	struct udphdr *uh = (struct udphdr *)buf;
	unsigned int len = sizeof(*uh) + strlen(data);

	uh->source = htons(PEER_PORT);
	uh->dest = htons(dport);
	uh->len = htons(len);
	uh->check = 0;
	memcpy(uh + 1, data, strlen(data));
	if (csum) {
		uh->check = csum_tcpudp_magic(HOST_PEER_IP, daddr, len, IPPROTO_UDP,
					      csum_partial(uh, len, 0));
		if (!uh->check)
			uh->check = 0xffff;
	}
	return host_ip_packet(HOST_PEER_IP, daddr, IPPROTO_UDP, buf, len);
}

static struct sk_buff *udp_packet(u16 dport, const char *data, bool csum)
{
	return udp_packet_to(HOST_OUR_IP, dport, data, csum);
}

static struct udphdr *udp_of(struct sk_buff *skb)
{
	return (struct udphdr *)(skb->data + sizeof(struct iphdr));
}

static struct socket *bound(void)
{
	struct socket *s = host_socket(SOCK_DGRAM);

	ck_assert_int_eq(host_bind(s, 0, OUR_PORT), 0);
	return s;
}

static int queued(struct socket *s)
{
	return skb_queue_len(&s->sk->sk_receive_queue);
}

static void expect_no_tx(void)
{
	ck_assert_uint_eq(skb_queue_len(&host_tx), 0);
}

/* ------------------------------------------------------------- tests */

START_TEST(test_deliver)
{
	struct socket *s = bound();
	char buf[64];

	host_rx(udp_packet(OUR_PORT, "with checksum", true));
	host_rx(udp_packet(OUR_PORT, "without", false));
	ck_assert_int_eq(queued(s), 2);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INDATAGRAMS), 0);       /* counted when read */
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), 13);
	ck_assert(!memcmp(buf, "with checksum", 13));
	/* a short read truncates the datagram and loses the rest (MSG_TRUNC) */
	ck_assert_int_eq(host_recv(s, buf, 3, 0), 3);
	ck_assert(!memcmp(buf, "wit", 3));
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), -EAGAIN);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INDATAGRAMS), 2);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INERRORS), 0);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* A socket connected to another peer port does not take the datagram. */
START_TEST(test_connected_filter)
{
	struct socket *s = bound();

	ck_assert_int_eq(host_connect(s, HOST_PEER_IP, PEER_PORT + 1), 0);
	host_rx(udp_packet(OUR_PORT, "x", true));
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_NOPORTS), 1);
	kfree_skb(host_tx_pop());               /* port unreachable */
	host_close(s);
}
END_TEST

START_TEST(test_bad_checksum)
{
	struct socket *s = bound();
	struct sk_buff *skb = udp_packet(OUR_PORT, "data", true);

	udp_of(skb)->check ^= htons(0x0001);
	host_rx(skb);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_CSUMERRORS), 1);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INERRORS), 1);
	/* a corrupted payload under a good-looking header fails the same way */
	skb = udp_packet(OUR_PORT, "data", true);
	skb->data[sizeof(struct iphdr) + 8] ^= 0x20;
	host_rx(skb);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_CSUMERRORS), 2);
	expect_no_tx();                         /* no ICMP for a damaged datagram */
	host_close(s);
}
END_TEST

/* Shorter than a UDP header; a length field past the packet or below 8. */
START_TEST(test_short_header)
{
	struct socket *s = bound();
	struct sk_buff *skb;
	u8 stub[4] = { 0x0f, 0xa0, 0x13, 0x88 };        /* ports 4000 -> 5000 only */

	host_rx(host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_UDP, stub, sizeof(stub)));
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INERRORS), 1);
	skb = udp_packet(OUR_PORT, "abcd", false);
	udp_of(skb)->len = htons(8 + 5);
	host_rx(skb);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INERRORS), 2);
	skb = udp_packet(OUR_PORT, "abcd", false);
	udp_of(skb)->len = htons(7);
	host_rx(skb);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INERRORS), 3);
	ck_assert_int_eq(queued(s), 0);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_NOPORTS), 0);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* A UDP length below the IP payload: the datagram ends where UDP says. */
START_TEST(test_length_trims)
{
	struct socket *s = bound();
	struct sk_buff *skb = udp_packet(OUR_PORT, "abcdef", false);
	char buf[16];

	udp_of(skb)->len = htons(8 + 2);
	host_rx(skb);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), 2);
	ck_assert(!memcmp(buf, "ab", 2));
	host_close(s);
}
END_TEST

/* A full receive buffer drops what arrives: RcvbufErrors and InErrors
 * (Linux's __udp_queue_rcv_skb), and the socket's drop count. */
START_TEST(test_rcvbuf_full)
{
	struct socket *s = bound();
	char buf[16];
	int i;

	s->sk->sk_rcvbuf = 1;           /* the first datagram still fits */
	for (i = 0; i < 3; i++)
		host_rx(udp_packet(OUR_PORT, "x", true));
	ck_assert_int_eq(queued(s), 1);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_RCVBUFERRORS), 2);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_INERRORS), 2);
	ck_assert_int_eq(atomic_read(&udp_sk(s->sk)->drops), 2);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), 1);
	host_rx(udp_packet(OUR_PORT, "y", true));
	ck_assert_int_eq(queued(s), 1);
	expect_no_tx();
	host_close(s);
}
END_TEST

/* No socket: NoPorts and port unreachable back to the sender, quoting
 * the datagram's IP header and its UDP header. */
START_TEST(test_no_socket)
{
	struct sk_buff *skb;
	const struct iphdr *iph;
	const struct icmphdr *ih;
	const struct udphdr *quoted;

	host_rx(udp_packet(OUR_PORT, "anyone?", true));
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_NOPORTS), 1);
	skb = host_tx_pop();
	ck_assert_ptr_nonnull(skb);
	iph = (const struct iphdr *)skb->data;
	ck_assert_uint_eq(iph->protocol, IPPROTO_ICMP);
	ck_assert_uint_eq(iph->daddr, HOST_PEER_IP);
	ck_assert_uint_eq(iph->saddr, HOST_OUR_IP);
	ih = (const struct icmphdr *)(iph + 1);
	ck_assert_uint_eq(ih->type, ICMP_DEST_UNREACH);
	ck_assert_uint_eq(ih->code, ICMP_PORT_UNREACH);
	ck_assert_uint_eq(csum_fold(csum_partial(ih, skb->len - sizeof(*iph), 0)), 0);
	iph = (const struct iphdr *)(ih + 1);
	ck_assert_uint_eq(iph->saddr, HOST_PEER_IP);
	ck_assert_uint_eq(iph->daddr, HOST_OUR_IP);
	quoted = (const struct udphdr *)(iph + 1);
	ck_assert_uint_eq(ntohs(quoted->source), PEER_PORT);
	ck_assert_uint_eq(ntohs(quoted->dest), OUR_PORT);
	ck_assert_uint_eq(HOST_MIB(icmp, ICMP_MIB_OUTDESTUNREACHS), 1);
	kfree_skb(skb);
	expect_no_tx();
}
END_TEST

/* RFC 1122 3.2.2: never an ICMP error about a broadcast. */
START_TEST(test_broadcast_no_socket)
{
	host_rx(udp_packet_to(htonl(0x0a0002ff), OUR_PORT, "all", true));
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_NOPORTS), 0);
	ck_assert_uint_eq(HOST_MIB(udp, UDP_MIB_IGNOREDMULTI), 1);
	expect_no_tx();
}
END_TEST

/* The peer answers our datagram with port unreachable: a connected
 * socket's next call reports ECONNREFUSED once. */
START_TEST(test_port_unreachable_connected)
{
	struct socket *s = bound();
	struct sk_buff *out;
	u8 icmp[8 + 20 + 8];
	struct icmphdr *ih = (struct icmphdr *)icmp;
	char buf[8];

	ck_assert_int_eq(host_connect(s, HOST_PEER_IP, PEER_PORT), 0);
	ck_assert_int_eq(host_sendto(s, "ping", 4, 0, 0), 4);
	out = host_tx_pop();
	ck_assert_ptr_nonnull(out);
	memset(ih, 0, sizeof(*ih));
	ih->type = ICMP_DEST_UNREACH;
	ih->code = ICMP_PORT_UNREACH;
	memcpy(ih + 1, out->data, 28);          /* its IP header and UDP header */
	ih->checksum = csum_fold(csum_partial(icmp, sizeof(icmp), 0));
	kfree_skb(out);
	host_rx(host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp)));
	ck_assert_int_eq(s->sk->sk_err, ECONNREFUSED);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), -ECONNREFUSED);
	ck_assert_int_eq(host_recv(s, buf, sizeof(buf), 0), -EAGAIN);
	expect_no_tx();
	host_close(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_udp");
	TCase *tc = tcase_create("udp");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_deliver);
	tcase_add_test(tc, test_connected_filter);
	tcase_add_test(tc, test_bad_checksum);
	tcase_add_test(tc, test_short_header);
	tcase_add_test(tc, test_length_trims);
	tcase_add_test(tc, test_rcvbuf_full);
	tcase_add_test(tc, test_no_socket);
	tcase_add_test(tc, test_broadcast_no_socket);
	tcase_add_test(tc, test_port_unreachable_connected);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
