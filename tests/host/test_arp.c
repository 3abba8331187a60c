// SPDX-License-Identifier: MIT
/*
 * net/ipv4/arp.c on the host: packet checks, the /proc/net/arp line, and
 * the neighbour state machine against a fake Ethernet device whose
 * transmit queue the tests read (requests, replies, packets released by
 * a reply, retries, failure, re-probing a stale entry). arp.c is
 * included whole; what it calls outside (devices, routes, timers, the
 * clock, ICMP) is stubbed below. The fixture checks that no slab memory
 * or page leaks.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define strlcpy shoal_strlcpy
#define sigset_t shoal_sigset_t         /* glibc has its own */
#include "../../net/ipv4/arp.c"
#include <host_mm.h>

/* ------------------------------------------------------------- stubs */

static struct net_device eth0;
static struct sk_buff_head txq;                 /* what "left" eth0 */
static ktime_t now_ns;
static int icmp_sent;
static __be32 our_ip;

void local_bh_disable(void) { }
void local_bh_enable(void) { }
ktime_t ktime_get(void) { return now_ns; }

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	(void)flags;
	t->function = fn;
	t->cpu = -1;
}

int timer_arm(struct timer_list *t, ktime_t expires)
{
	int was = t->cpu >= 0;

	t->expires = expires;
	t->cpu = 0;
	return was;
}

int del_timer_sync(struct timer_list *t)
{
	int was = t->cpu >= 0;

	t->cpu = -1;
	return was;
}

/* Fire t if it is due at now_ns. */
static void run_timer(struct timer_list *t)
{
	if (t->cpu >= 0 && t->expires <= now_ns) {
		t->cpu = -1;
		t->function(t);
	}
}

int dev_hard_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		    const void *daddr, const void *saddr, unsigned int len)
{
	struct ethhdr *eth = skb_push(skb, ETH_HLEN);

	(void)len;
	memcpy(eth->h_dest, daddr, ETH_ALEN);
	memcpy(eth->h_source, saddr ? saddr : dev->dev_addr, ETH_ALEN);
	eth->h_proto = htons(type);
	return ETH_HLEN;
}

int dev_queue_xmit(struct sk_buff *skb)
{
	__skb_queue_tail(&txq, skb);
	return 0;
}

void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info)
{
	(void)skb_in; (void)type; (void)code; (void)info;
	icmp_sent++;
}

int inet_addr_type(__be32 addr) { return addr == our_ip ? RTN_LOCAL : RTN_UNICAST; }
__be32 inet_dev_select_addr(const struct net_device *dev, __be32 dst)
{
	(void)dev; (void)dst;
	return our_ip;
}
struct rtable *ip_route_output(__be32 daddr, __be32 saddr, int oif)
{
	(void)daddr; (void)saddr; (void)oif;
	return ERR_PTR(-ENETUNREACH);
}
struct net_device *dev_get_by_name(const char *name)
{
	return strcmp(name, "eth0") ? NULL : &eth0;
}
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
void net_seq_printf(struct net_seq *s, const char *fmt, ...)
{
	size_t room = s->len < s->size ? s->size - s->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? s->buf + s->len : NULL, room, fmt, ap);
	va_end(ap);
	s->len += n;
}

/* ----------------------------------------------------------- helpers */

static const u8 our_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const u8 gw_mac[ETH_ALEN] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static unsigned long pages_before, slab_before;

static __be32 ip4(int a, int b, int c, int d)
{
	return htonl((u32)a << 24 | b << 16 | c << 8 | d);
}

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
	slab_init();
	skb_init();
	arp_init();
	skb_queue_head_init(&txq);
	memset(&eth0, 0, sizeof(eth0));
	strcpy(eth0.name, "eth0");
	eth0.ifindex = 2;
	eth0.type = ARPHRD_ETHER;
	eth0.addr_len = ETH_ALEN;
	eth0.flags = IFF_UP | IFF_BROADCAST;
	memcpy(eth0.dev_addr, our_mac, ETH_ALEN);
	memcpy(eth0.broadcast, bcast, ETH_ALEN);
	our_ip = ip4(10, 0, 2, 15);
	now_ns = 1000 * NSEC_PER_SEC;
	icmp_sent = 0;
	skb_cache_drain_local();
	slab_drain_local();
	drain_local_pages();
	pages_before = nr_free_pages();
	slab_before = slab_total_bytes();
}

static void teardown(void)
{
	arp_ifdown(&eth0);
	skb_queue_purge(&txq);
	skb_cache_drain_local();
	slab_drain_local();
	drain_local_pages();
	ck_assert_uint_eq(nr_free_pages(), pages_before);
	ck_assert_uint_eq(slab_total_bytes(), slab_before);
	host_ram_free();
}

/* An IP packet for the neighbour layer: just a marker byte after room for headers. */
static struct sk_buff *ip_packet(u8 mark)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	skb_reserve(skb, 32);
	*(u8 *)skb_put(skb, 1) = mark;
	skb->dev = &eth0;
	return skb;
}

/* An ARP packet as it arrives (data at the ARP header). */
static struct sk_buff *arp_packet(int op, const u8 *sha, __be32 sip, const u8 *tha, __be32 tip)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	struct arp_eth_ipv4 *p;

	skb_reserve(skb, 16);
	p = skb_put(skb, sizeof(*p));
	p->hdr.ar_hrd = htons(ARPHRD_ETHER);
	p->hdr.ar_pro = htons(ETH_P_IP);
	p->hdr.ar_hln = ETH_ALEN;
	p->hdr.ar_pln = 4;
	p->hdr.ar_op = htons(op);
	memcpy(p->sha, sha, ETH_ALEN);
	memcpy(p->sip, &sip, 4);
	memcpy(p->tha, tha, ETH_ALEN);
	memcpy(p->tip, &tip, 4);
	skb->dev = &eth0;
	skb->pkt_type = PACKET_HOST;
	return skb;
}

/* Take the next transmitted frame; check its Ethernet destination and type. */
static struct sk_buff *next_tx(const u8 *dest, u16 proto)
{
	struct sk_buff *skb = __skb_dequeue(&txq);
	struct ethhdr *eth;

	ck_assert_ptr_nonnull(skb);
	eth = (struct ethhdr *)skb->data;
	ck_assert(!memcmp(eth->h_dest, dest, ETH_ALEN));
	ck_assert_uint_eq(ntohs(eth->h_proto), proto);
	return skb;
}

static void expect_arp(const u8 *dest, int op, __be32 sip, __be32 tip, const u8 *tha)
{
	struct sk_buff *skb = next_tx(dest, ETH_P_ARP);
	const struct arp_eth_ipv4 *p = (const void *)(skb->data + ETH_HLEN);

	ck_assert(arp_packet_ok(p, skb->len - ETH_HLEN));
	ck_assert_uint_eq(ntohs(p->hdr.ar_op), op);
	ck_assert(!memcmp(p->sha, our_mac, ETH_ALEN));
	ck_assert(!memcmp(p->sip, &sip, 4));
	ck_assert(!memcmp(p->tip, &tip, 4));
	if (tha)
		ck_assert(!memcmp(p->tha, tha, ETH_ALEN));
	kfree_skb(skb);
}

static void expect_ip(const u8 *dest, u8 mark)
{
	struct sk_buff *skb = next_tx(dest, ETH_P_IP);

	ck_assert_uint_eq(skb->data[ETH_HLEN], mark);
	kfree_skb(skb);
}

static struct neighbour *lookup(__be32 ip)
{
	return neigh_find(arp_bucket(ip, &eth0), ip, &eth0);
}

/* ------------------------------------------------------------- tests */

START_TEST(test_packet_ok)
{
	struct sk_buff *skb = arp_packet(ARPOP_REQUEST, gw_mac, ip4(10, 0, 2, 2), bcast, our_ip);
	struct arp_eth_ipv4 *p = (void *)skb->data;

	ck_assert(arp_packet_ok(p, sizeof(*p)));
	ck_assert(!arp_packet_ok(p, sizeof(*p) - 1));
	p->hdr.ar_hln = 8;
	ck_assert(!arp_packet_ok(p, sizeof(*p)));
	p->hdr.ar_hln = ETH_ALEN;
	p->hdr.ar_op = htons(3);
	ck_assert(!arp_packet_ok(p, sizeof(*p)));
	p->hdr.ar_op = htons(ARPOP_REPLY);
	p->hdr.ar_pro = htons(ETH_P_IPV6);
	ck_assert(!arp_packet_ok(p, sizeof(*p)));
	kfree_skb(skb);
}
END_TEST

START_TEST(test_format_line)
{
	char buf[128];

	arp_format_line(buf, sizeof(buf), ip4(10, 0, 2, 2), ARPHRD_ETHER, ATF_COM, gw_mac, 6, "eth0");
	ck_assert_str_eq(buf, "10.0.2.2         0x1         0x2         52:55:0a:00:02:02     *        eth0\n");
}
END_TEST

/* No entry: a broadcast request goes out and the packet waits; the reply
 * releases it (and later packets go straight out). */
START_TEST(test_resolve)
{
	__be32 gw = ip4(10, 0, 2, 2);
	int i;

	ck_assert_int_eq(neigh_output_ip(ip_packet(1), gw), 0);
	expect_arp(bcast, ARPOP_REQUEST, our_ip, gw, NULL);
	ck_assert(skb_queue_empty(&txq));
	ck_assert_uint_eq(lookup(gw)->nud_state, NUD_INCOMPLETE);
	/* three more: the queue keeps the newest ARP_QUEUE_LEN */
	for (i = 2; i <= 4; i++)
		neigh_output_ip(ip_packet(i), gw);
	ck_assert(skb_queue_empty(&txq));
	arp_rcv(arp_packet(ARPOP_REPLY, gw_mac, gw, our_mac, our_ip), &eth0, NULL);
	for (i = 2; i <= 4; i++)
		expect_ip(gw_mac, i);
	ck_assert(skb_queue_empty(&txq));
	ck_assert_uint_eq(lookup(gw)->nud_state, NUD_REACHABLE);
	neigh_output_ip(ip_packet(5), gw);
	expect_ip(gw_mac, 5);
	ck_assert(skb_queue_empty(&txq));
}
END_TEST

/* A request for our address is answered and its sender learnt; one for
 * another host teaches nothing. */
START_TEST(test_answer_request)
{
	__be32 peer = ip4(10, 0, 2, 3);
	const u8 zero[ETH_ALEN] = { 0 };

	arp_rcv(arp_packet(ARPOP_REQUEST, gw_mac, peer, zero, our_ip), &eth0, NULL);
	expect_arp(gw_mac, ARPOP_REPLY, our_ip, peer, gw_mac);
	ck_assert_ptr_nonnull(lookup(peer));
	ck_assert_uint_eq(lookup(peer)->nud_state, NUD_REACHABLE);
	arp_rcv(arp_packet(ARPOP_REQUEST, gw_mac, ip4(10, 0, 2, 4), zero, ip4(10, 0, 2, 9)),
		&eth0, NULL);
	ck_assert(skb_queue_empty(&txq));
	ck_assert_ptr_null(lookup(ip4(10, 0, 2, 4)));
}
END_TEST

/* Unanswered: a request a second, three in all, then FAILED and the
 * waiting packet's sender hears host unreachable. */
START_TEST(test_fail)
{
	__be32 ip = ip4(10, 0, 2, 77);
	struct neighbour *n;
	int i;

	neigh_output_ip(ip_packet(1), ip);
	expect_arp(bcast, ARPOP_REQUEST, our_ip, ip, NULL);
	n = lookup(ip);
	for (i = 0; i < ARP_PROBES - 1; i++) {
		now_ns += ARP_RETRANS_NS;
		run_timer(&n->timer);
		expect_arp(bcast, ARPOP_REQUEST, our_ip, ip, NULL);
	}
	now_ns += ARP_RETRANS_NS;
	run_timer(&n->timer);
	ck_assert(skb_queue_empty(&txq));
	ck_assert_uint_eq(n->nud_state, NUD_FAILED);
	ck_assert_int_eq(icmp_sent, 1);
	ck_assert(skb_queue_empty(&n->arp_queue));
	/* new traffic tries again */
	neigh_output_ip(ip_packet(2), ip);
	expect_arp(bcast, ARPOP_REQUEST, our_ip, ip, NULL);
	ck_assert_uint_eq(n->nud_state, NUD_INCOMPLETE);
}
END_TEST

/* After the reachable time an entry is stale: still used, and its next
 * use sends a unicast re-confirmation. */
START_TEST(test_stale_probe)
{
	__be32 gw = ip4(10, 0, 2, 2);
	struct neighbour *n;

	arp_rcv(arp_packet(ARPOP_REQUEST, gw_mac, gw, bcast, our_ip), &eth0, NULL);
	expect_arp(gw_mac, ARPOP_REPLY, our_ip, gw, gw_mac);
	n = lookup(gw);
	now_ns += ARP_REACHABLE_NS;
	run_timer(&n->timer);
	ck_assert_uint_eq(n->nud_state, NUD_STALE);
	neigh_output_ip(ip_packet(9), gw);
	expect_arp(gw_mac, ARPOP_REQUEST, our_ip, gw, NULL);
	expect_ip(gw_mac, 9);
	ck_assert_uint_eq(n->nud_state, NUD_PROBE);
	arp_rcv(arp_packet(ARPOP_REPLY, gw_mac, gw, our_mac, our_ip), &eth0, NULL);
	ck_assert_uint_eq(n->nud_state, NUD_REACHABLE);
}
END_TEST

/* SIOCSARP/SIOCGARP/SIOCDARP and /proc/net/arp. */
START_TEST(test_ioctl_proc)
{
	struct arpreq r;
	struct sockaddr_in *sin = (struct sockaddr_in *)&r.arp_pa;
	char buf[512];
	int len;

	memset(&r, 0, sizeof(r));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = ip4(10, 0, 2, 1);
	r.arp_ha.sa_family = ARPHRD_ETHER;
	memcpy(r.arp_ha.sa_data, gw_mac, ETH_ALEN);
	r.arp_flags = ATF_PERM;
	strcpy(r.arp_dev, "eth0");
	ck_assert_int_eq(arp_ioctl(SIOCSARP, &r), 0);
	memset(r.arp_ha.sa_data, 0, ETH_ALEN);
	r.arp_flags = 0;
	ck_assert_int_eq(arp_ioctl(SIOCGARP, &r), 0);
	ck_assert_int_eq(r.arp_flags, ATF_COM | ATF_PERM);
	ck_assert(!memcmp(r.arp_ha.sa_data, gw_mac, ETH_ALEN));
	/* a permanent entry ignores what the wire says */
	arp_rcv(arp_packet(ARPOP_REPLY, our_mac, ip4(10, 0, 2, 1), our_mac, our_ip), &eth0, NULL);
	ck_assert(!memcmp(lookup(ip4(10, 0, 2, 1))->ha, gw_mac, ETH_ALEN));
	len = arp_proc_show(buf, sizeof(buf));
	ck_assert_int_eq(len, (int)strlen(buf));
	ck_assert_str_eq(buf, "IP address       HW type     Flags       HW address            Mask     Device\n"
			      "10.0.2.1         0x1         0x6         52:55:0a:00:02:02     *        eth0\n");
	ck_assert_int_eq(arp_ioctl(SIOCDARP, &r), 0);
	ck_assert_int_eq(arp_ioctl(SIOCDARP, &r), -ENXIO);
	ck_assert_int_eq(arp_ioctl(SIOCGARP, &r), -ENXIO);
	strcpy(r.arp_dev, "eth9");
	ck_assert_int_eq(arp_ioctl(SIOCGARP, &r), -ENODEV);
	r.arp_pa.sa_family = AF_INET6;
	ck_assert_int_eq(arp_ioctl(SIOCGARP, &r), -EPFNOSUPPORT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arp");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_packet_ok);
	tcase_add_test(tc, test_format_line);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_answer_request);
	tcase_add_test(tc, test_fail);
	tcase_add_test(tc, test_stale_probe);
	tcase_add_test(tc, test_ioctl_proc);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
