// SPDX-License-Identifier: MIT
/*
 * net/ipv4/route.c on the host: the routes an interface address implies
 * (loopback's 127.0.0.0/8 in the local table, an Ethernet address's local,
 * connected and broadcast routes), longest-prefix lookups across the local
 * and main tables, inet_addr_type, input routing of martians, SIOCADDRT /
 * SIOCDELRT rules, rtables going obsolete on every change, and
 * /proc/net/route. route.c is included whole; its kernel calls are
 * stubbed. Routes are never freed by design, so there is no leak check.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define strlcpy shoal_strlcpy
#define sigset_t shoal_sigset_t         /* glibc has its own */
#include "../../net/ipv4/route.c"
#include <host_mm.h>

/* ------------------------------------------------------------- stubs */

/* rtnetlink (route.c's events and handlers): no netlink sockets here. */
bool netlink_has_listeners(int protocol, u32 group) { (void)protocol; (void)group; return false; }
void rtnl_register(int family, int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit)
{
	(void)family; (void)msgtype; (void)doit; (void)dumpit;
}
void rtnl_notify(struct sk_buff *skb, u32 portid, u32 group, const struct nlmsghdr *nlh)
{
	(void)portid; (void)group; (void)nlh;
	kfree_skb(skb);
}
int rtnl_unicast(struct sk_buff *skb, u32 portid) { (void)skb; (void)portid; abort(); }
struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type, int payload, int flags)
{
	(void)skb; (void)portid; (void)seq; (void)type; (void)payload; (void)flags;
	abort();
}
int nla_put(struct sk_buff *skb, int type, int len, const void *data)
{
	(void)skb; (void)type; (void)len; (void)data;
	abort();
}
int nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen, struct nlattr *tb[], int maxtype,
		const struct nla_policy *policy, struct netlink_ext_ack *extack)
{
	(void)nlh; (void)hdrlen; (void)tb; (void)maxtype; (void)policy; (void)extack;
	abort();
}

static struct net_device lo, eth0;
struct net_device *loopback_dev = &lo;
DEFINE_PER_CPU(struct net_mibs, net_mibs);

int ip_local_deliver(struct sk_buff *skb) { (void)skb; return 0; }
int ip_output(struct sock *sk, struct sk_buff *skb) { (void)sk; (void)skb; return 0; }
__be32 inet_dev_select_addr(const struct net_device *dev, __be32 dst)
{
	(void)dst;
	return dev == &eth0 ? htonl(0x0a00020f) : 0;
}
int inet_parse_sockaddr(const struct sock *sk, const struct sockaddr *uaddr, int addr_len,
			__be32 *addr, __be16 *port, bool for_bind)
{
	(void)sk; (void)uaddr; (void)addr_len; (void)addr; (void)port; (void)for_bind;
	return -EINVAL;
}
void lock_sock(struct sock *sk) { (void)sk; }
void release_sock(struct sock *sk) { (void)sk; }
void sk_dst_reset(struct sock *sk) { sk->sk_dst_cache = NULL; }
u32 get_random_u32(void) { return 4; }
void local_bh_disable(void) { }
void local_bh_enable(void) { }
struct net_device *dev_get_by_index(int ifindex)
{
	return ifindex == lo.ifindex ? &lo : ifindex == eth0.ifindex ? &eth0 : NULL;
}
struct net_device *dev_get_by_name(const char *name)
{
	return !strcmp(name, "lo") ? &lo : !strcmp(name, "eth0") ? &eth0 : NULL;
}
long strncpy_from_user(char *dst, const char __user *src, long n)
{
	strncpy(dst, src, n);
	return strnlen(dst, n);
}
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
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
void net_seq_pad(struct net_seq *s, size_t start, int width)
{
	while (s->len < start + width)
		net_seq_printf(s, " ");
	net_seq_printf(s, "\n");
}

/* ----------------------------------------------------------- helpers */

static __be32 ip4(int a, int b, int c, int d)
{
	return htonl((u32)a << 24 | b << 16 | c << 8 | d);
}

static struct in_ifaddr *ifa_new(struct in_device *in_dev, __be32 addr, int plen, __be32 brd)
{
	static struct in_ifaddr ifas[4];
	static int n;
	struct in_ifaddr *ifa = &ifas[n++ % 4];

	memset(ifa, 0, sizeof(*ifa));
	ifa->ifa_dev = in_dev;
	ifa->ifa_local = ifa->ifa_address = addr;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_mask = inet_make_mask(plen);
	ifa->ifa_broadcast = brd;
	return ifa;
}

static struct in_device lo_in, eth_in;
static struct in_ifaddr *lo_ifa, *eth_ifa;

static void clear_tables(void)
{
	fib_local = fib_main = NULL;    /* routes are never freed: drop them */
}

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
	slab_init();
	clear_tables();
	memset(&lo, 0, sizeof(lo));
	memset(&eth0, 0, sizeof(eth0));
	strcpy(lo.name, "lo");
	lo.ifindex = 1;
	lo.mtu = 65536;
	lo.flags = IFF_UP | IFF_LOOPBACK;
	strcpy(eth0.name, "eth0");
	eth0.ifindex = 2;
	eth0.mtu = 1500;
	eth0.flags = IFF_UP | IFF_BROADCAST;
	lo_in.dev = &lo;
	eth_in.dev = &eth0;
	lo.ip_ptr = &lo_in;
	eth0.ip_ptr = &eth_in;
	rt_init_dev_bcast(&eth_in);
	ip_rt_init();
	lo_ifa = ifa_new(&lo_in, ip4(127, 0, 0, 1), 8, 0);
	fib_add_ifaddr(lo_ifa);
	eth_ifa = ifa_new(&eth_in, ip4(10, 0, 2, 15), 24, ip4(10, 0, 2, 255));
	fib_add_ifaddr(eth_ifa);
}

static void teardown(void)
{
	clear_tables();
	host_ram_free();        /* routes live in the simulated RAM */
}

static struct rtable *out(__be32 daddr)
{
	struct rtable *rt = ip_route_output(daddr, 0, 0);

	ck_assert(!IS_ERR(rt));
	return rt;
}

/* ------------------------------------------------------------- tests */

START_TEST(test_addr_types)
{
	ck_assert_int_eq(inet_addr_type(ip4(127, 0, 0, 1)), RTN_LOCAL);
	ck_assert_int_eq(inet_addr_type(ip4(127, 9, 9, 9)), RTN_LOCAL);  /* 127/8 is ours */
	ck_assert_int_eq(inet_addr_type(ip4(127, 255, 255, 255)), RTN_BROADCAST);
	ck_assert_int_eq(inet_addr_type(ip4(10, 0, 2, 15)), RTN_LOCAL);
	ck_assert_int_eq(inet_addr_type(ip4(10, 0, 2, 255)), RTN_BROADCAST);
	ck_assert_int_eq(inet_addr_type(ip4(10, 0, 2, 16)), RTN_UNICAST);
	ck_assert_int_eq(inet_addr_type(0), RTN_BROADCAST);
	ck_assert_int_eq(inet_addr_type(ip4(224, 0, 0, 1)), RTN_MULTICAST);
}
END_TEST

START_TEST(test_output_lookup)
{
	struct rtable *rt;

	rt = out(ip4(127, 0, 0, 1));
	ck_assert_int_eq(rt->rt_type, RTN_LOCAL);
	ck_assert_ptr_eq(rt->dst.dev, &lo);
	ck_assert_uint_eq(rt->dst.mtu, 65535);          /* IPv4's largest packet */
	ck_assert_uint_eq(rt_src_addr(rt, ip4(127, 0, 0, 1)), ip4(127, 0, 0, 1));
	/* our own Ethernet address goes through loopback too */
	rt = out(ip4(10, 0, 2, 15));
	ck_assert_ptr_eq(rt->dst.dev, &lo);
	ck_assert_uint_eq(rt_src_addr(rt, ip4(10, 0, 2, 15)), ip4(10, 0, 2, 15));
	rt = out(ip4(10, 0, 2, 2));
	ck_assert_int_eq(rt->rt_type, RTN_UNICAST);
	ck_assert_ptr_eq(rt->dst.dev, &eth0);
	ck_assert_uint_eq(rt->rt_gw4, 0);
	ck_assert_uint_eq(rt->dst.mtu, 1500);
	ck_assert_uint_eq(rt_src_addr(rt, ip4(10, 0, 2, 2)), ip4(10, 0, 2, 15));
	ck_assert(IS_ERR(ip_route_output(ip4(8, 8, 8, 8), 0, 0)));
	ck_assert_int_eq(PTR_ERR(ip_route_output(ip4(8, 8, 8, 8), 0, 0)), -ENETUNREACH);
	/* 0.0.0.0 means this host */
	ck_assert_int_eq(out(0)->rt_type, RTN_LOCAL);
	/* a source must be ours */
	ck_assert_int_eq(PTR_ERR(ip_route_output(ip4(10, 0, 2, 2), ip4(10, 0, 2, 99), 0)), -EINVAL);
	/* limited broadcast: out of the default route's device */
	ck_assert(IS_ERR(ip_route_output(ip4(255, 255, 255, 255), 0, 0)));
	ck_assert_int_eq(out(ip4(10, 0, 2, 255))->rt_type, RTN_BROADCAST);
}
END_TEST

START_TEST(test_longest_prefix)
{
	ck_assert_int_eq(ip_route_add(0, 0, ip4(10, 0, 2, 2), &eth0, RTN_UNICAST, 0), 0);
	ck_assert_int_eq(ip_route_add(ip4(10, 9, 0, 0), inet_make_mask(16), ip4(10, 0, 2, 3),
				      &eth0, RTN_UNICAST, 0), 0);
	ck_assert_int_eq(ip_route_add(ip4(10, 9, 0, 0), inet_make_mask(16), ip4(10, 0, 2, 3),
				      &eth0, RTN_UNICAST, 0), -EEXIST);
	ck_assert_int_eq(ip_route_add(ip4(10, 9, 0, 1), inet_make_mask(16), 0, &eth0,
				      RTN_UNICAST, 0), -EINVAL);
	ck_assert_uint_eq(out(ip4(8, 8, 8, 8))->rt_gw4, ip4(10, 0, 2, 2));
	ck_assert_uint_eq(out(ip4(10, 9, 1, 1))->rt_gw4, ip4(10, 0, 2, 3));
	ck_assert_uint_eq(out(ip4(10, 0, 2, 7))->rt_gw4, 0);
	ck_assert_int_eq(out(ip4(10, 0, 2, 15))->rt_type, RTN_LOCAL);    /* local beats all */
	/* limited broadcast now has a device */
	ck_assert_ptr_eq(out(ip4(255, 255, 255, 255))->dst.dev, &eth0);
	ck_assert_int_eq(ip_route_del(ip4(10, 9, 0, 0), inet_make_mask(16), 0, NULL), 0);
	ck_assert_int_eq(ip_route_del(ip4(10, 9, 0, 0), inet_make_mask(16), 0, NULL), -ESRCH);
	ck_assert_uint_eq(out(ip4(10, 9, 1, 1))->rt_gw4, ip4(10, 0, 2, 2));
}
END_TEST

/* A socket's cached route goes stale on any change and on device down
 * (but for the local table's host routes, which only their own removal ends). */
START_TEST(test_obsolete)
{
	struct rtable *rt = out(ip4(10, 0, 2, 2)), *lort = out(ip4(127, 0, 0, 1));

	ck_assert(dst_check(&rt->dst));
	ip_route_add(0, 0, ip4(10, 0, 2, 2), &eth0, RTN_UNICAST, 0);
	ck_assert(!dst_check(&rt->dst));
	rt = out(ip4(10, 0, 2, 2));
	ck_assert(dst_check(&rt->dst));
	lort = out(ip4(127, 0, 0, 1));
	fib_ifdown(&eth0);
	ck_assert(!dst_check(&rt->dst));
	ck_assert(IS_ERR(ip_route_output(ip4(10, 0, 2, 2), 0, 0)));
	ck_assert_int_eq(inet_addr_type(ip4(10, 0, 2, 15)), RTN_UNICAST);
	/* loopback's host route is untouched: nothing can beat it, so its
	 * rtable stays valid (route.c: fib_route_cache_stable) */
	ck_assert(dst_check(&lort->dst));
	ck_assert_int_eq(out(ip4(127, 0, 0, 1))->rt_type, RTN_LOCAL);
	/* the address comes back with its routes */
	fib_add_ifaddr(eth_ifa);
	ck_assert_int_eq(inet_addr_type(ip4(10, 0, 2, 15)), RTN_LOCAL);
	fib_del_ifaddr(lo_ifa);
	ck_assert(IS_ERR(ip_route_output(ip4(127, 0, 0, 1), 0, 0)));
}
END_TEST

/* Deleting a secondary address (127.0.1.5/8 beside 127.0.0.1/8) removes
 * its own route only: the rest of 127/8 stays local, as on Linux. */
START_TEST(test_secondary_del_keeps_prefix)
{
	struct in_ifaddr *sec = ifa_new(&lo_in, ip4(127, 0, 1, 5), 8, 0);

	sec->ifa_flags = IFA_F_SECONDARY;
	fib_add_ifaddr(sec);
	ck_assert_int_eq(inet_addr_type(ip4(127, 0, 1, 5)), RTN_LOCAL);
	fib_del_ifaddr(sec);
	ck_assert_int_eq(out(ip4(127, 0, 15, 1))->rt_type, RTN_LOCAL);
	ck_assert_int_eq(inet_addr_type(ip4(127, 0, 15, 1)), RTN_LOCAL);
	ck_assert_int_eq(out(ip4(127, 0, 0, 1))->rt_type, RTN_LOCAL);
}
END_TEST

START_TEST(test_input)
{
	struct sk_buff skb;

	memset(&skb, 0, sizeof(skb));
	ck_assert_int_eq(ip_route_input(&skb, ip4(127, 0, 0, 1), ip4(127, 0, 0, 1), &lo), 0);
	ck_assert_int_eq(skb_rtable(&skb)->rt_type, RTN_LOCAL);
	ck_assert_int_eq(ip_route_input(&skb, ip4(10, 0, 2, 15), ip4(10, 0, 2, 2), &eth0), 0);
	ck_assert_int_eq(ip_route_input(&skb, ip4(10, 0, 2, 255), ip4(10, 0, 2, 2), &eth0), 0);
	ck_assert_int_eq(skb_rtable(&skb)->rt_type, RTN_BROADCAST);
	ck_assert_int_eq(ip_route_input(&skb, ip4(255, 255, 255, 255), 0, &eth0), 0);
	/* not ours: no forwarding */
	ck_assert_int_eq(ip_route_input(&skb, ip4(10, 0, 2, 16), ip4(10, 0, 2, 2), &eth0),
			 -EHOSTUNREACH);
	/* martians: loopback addresses from outside, multicast sources */
	ck_assert_int_eq(ip_route_input(&skb, ip4(127, 0, 0, 1), ip4(10, 0, 2, 2), &eth0), -EINVAL);
	ck_assert_int_eq(ip_route_input(&skb, ip4(10, 0, 2, 15), ip4(127, 0, 0, 1), &eth0), -EINVAL);
	ck_assert_int_eq(ip_route_input(&skb, ip4(10, 0, 2, 15), ip4(224, 0, 0, 1), &eth0), -EINVAL);
}
END_TEST

static struct rtentry rte(__be32 dst, __be32 mask, __be32 gw, int flags, char *dev)
{
	struct rtentry r;

	memset(&r, 0, sizeof(r));
	r.rt_dst.sa_family = AF_INET;
	((struct sockaddr_in *)&r.rt_dst)->sin_addr.s_addr = dst;
	r.rt_genmask.sa_family = AF_INET;
	((struct sockaddr_in *)&r.rt_genmask)->sin_addr.s_addr = mask;
	r.rt_gateway.sa_family = AF_INET;
	((struct sockaddr_in *)&r.rt_gateway)->sin_addr.s_addr = gw;
	r.rt_flags = flags;
	r.rt_dev = dev;
	return r;
}

/* busybox route: "route add default gw 10.0.2.2", "-net ... dev lo", and /proc/net/route. */
START_TEST(test_ioctl_proc)
{
	struct rtentry r = rte(0, 0, ip4(10, 0, 2, 2), RTF_UP | RTF_GATEWAY, NULL);
	char buf[1024];
	int len;

	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), 0);
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), -EEXIST);
	r = rte(0, 0, ip4(192, 168, 1, 1), RTF_UP | RTF_GATEWAY, NULL);
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), -ENETUNREACH);
	r = rte(ip4(10, 9, 0, 0), ip4(255, 255, 0, 0), 0, RTF_UP, "lo");
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), 0);
	r = rte(ip4(10, 9, 0, 0), ip4(255, 0, 255, 0), 0, RTF_UP, "lo");
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), -EINVAL);
	r = rte(ip4(10, 9, 0, 0), ip4(255, 255, 0, 0), 0, RTF_UP, "nope0");
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), -ENODEV);
	r = rte(ip4(10, 1, 2, 3), 0, 0, RTF_UP | RTF_HOST, "lo:1");
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), 0);
	r.rt_dst.sa_family = AF_INET6;
	ck_assert_int_eq(ip_rt_ioctl(SIOCADDRT, &r), -EAFNOSUPPORT);
	len = route_proc_show(buf, sizeof(buf));
	ck_assert_int_eq(len, (int)strlen(buf));
	ck_assert_int_eq(len, 5 * 128);
	ck_assert(!strncmp(buf, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\t"
			   "Window\tIRTT   ", 70));
	/* destination ascending, as Linux's trie walk: default, 10.0.2/24, 10.1.2.3, 10.9/16 */
	ck_assert(!strncmp(buf + 128, "eth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t0\t0\t0 ", 45));
	ck_assert(!strncmp(buf + 256, "eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0 ", 45));
	ck_assert(!strncmp(buf + 384, "lo\t0302010A\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0 ", 43));
	ck_assert(!strncmp(buf + 512, "lo\t0000090A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0 ", 43));
	ck_assert_int_eq(buf[639], '\n');
	/* a short buffer: the length wanted, as procfs expects */
	ck_assert_int_eq(route_proc_show(buf, 10), len);
	r = rte(0, 0, 0, RTF_UP, NULL);
	ck_assert_int_eq(ip_rt_ioctl(SIOCDELRT, &r), 0);
	ck_assert_int_eq(ip_rt_ioctl(SIOCDELRT, &r), -ESRCH);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_addr_types);
	tcase_add_test(tc, test_output_lookup);
	tcase_add_test(tc, test_longest_prefix);
	tcase_add_test(tc, test_obsolete);
	tcase_add_test(tc, test_secondary_del_keeps_prefix);
	tcase_add_test(tc, test_input);
	tcase_add_test(tc, test_ioctl_proc);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
