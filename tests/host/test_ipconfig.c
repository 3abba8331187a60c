// SPDX-License-Identifier: MIT
/*
 * net/ipv4/ipconfig.c on the host: parsing ip= (every field, defaults,
 * ip=off, autoconf protocols refused, malformed addresses, masks and
 * oversized names rejected) and applying it to a stub device (up, address,
 * mask, default route, hostname; the first non-loopback device when none
 * is named). ipconfig.c is included whole; what it calls is stubbed and
 * recorded.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define strlcpy shoal_strlcpy
#define sigset_t shoal_sigset_t         /* glibc has its own */
#include "../../net/ipv4/ipconfig.c"

/* ------------------------------------------------------------- stubs */

static struct net_device lo = { .name = "lo", .flags = IFF_LOOPBACK };
static struct net_device eth0 = { .name = "eth0" }, eth1 = { .name = "eth1" };
static struct net_device *const devs[] = { &lo, &eth0, &eth1 };
static __be32 set_addr, set_mask, route_gw;
static struct net_device *route_dev;
static char nodename[80];
static ktime_t fake_now;

void rtnl_lock(void) { }
void rtnl_unlock(void) { }
ktime_t ktime_get(void) { return fake_now += NSEC_PER_MSEC; }
int dev_change_flags(struct net_device *dev, unsigned int flags)
{
	dev->flags = flags;
	return 0;
}
void for_each_netdev_call(void (*fn)(struct net_device *dev, void *arg), void *arg)
{
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		fn(devs[i], arg);
}
int devinet_ioctl_kernel(unsigned int cmd, struct ifreq *ifr)
{
	__be32 a = ((struct sockaddr_in *)&ifr->ifr_addr)->sin_addr.s_addr;

	if (cmd == SIOCSIFADDR)
		set_addr = a;
	else if (cmd == SIOCSIFNETMASK)
		set_mask = a;
	else
		return -EINVAL;
	return 0;
}
int ip_route_add(__be32 dst, __be32 mask, __be32 gw, struct net_device *dev, int type, int metric)
{
	ck_assert_int_eq(dst, 0);
	ck_assert_int_eq(mask, 0);
	ck_assert_int_eq(type, RTN_UNICAST);
	ck_assert_int_eq(metric, 0);
	route_gw = gw;
	route_dev = dev;
	return 0;
}
int set_uts_nodename(const char *name)
{
	snprintf(nodename, sizeof(nodename), "%s", name);
	return 0;
}

#define A(a, b, c, d)   htonl((u32)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static void reset(void)
{
	set_addr = set_mask = route_gw = 0;
	route_dev = NULL;
	nodename[0] = 0;
	lo.flags = IFF_LOOPBACK;
	eth0.flags = eth1.flags = 0;
	ic_given = false;
}

/* ------------------------------------------------------------- tests */

START_TEST(test_parse_full)
{
	struct ic_config ic;

	ck_assert_int_eq(ic_parse("10.0.2.15:10.0.2.2:10.0.2.1:255.255.255.0:guest:eth1:off", &ic), 0);
	ck_assert(!ic.off);
	ck_assert_int_eq(ic.myaddr, A(10, 0, 2, 15));
	ck_assert_int_eq(ic.servaddr, A(10, 0, 2, 2));
	ck_assert_int_eq(ic.gateway, A(10, 0, 2, 1));
	ck_assert_int_eq(ic.netmask, A(255, 255, 255, 0));
	ck_assert_str_eq(ic.hostname, "guest");
	ck_assert_str_eq(ic.device, "eth1");
	/* none as autoconf, DNS fields after it ignored */
	ck_assert_int_eq(ic_parse("192.168.1.2::::h::none:1.1.1.1:8.8.8.8", &ic), 0);
	ck_assert_int_eq(ic.myaddr, A(192, 168, 1, 2));
	ck_assert_str_eq(ic.hostname, "h");
}
END_TEST

START_TEST(test_parse_defaults)
{
	struct ic_config ic;

	/* the class's mask, no gateway, no name, first device */
	ck_assert_int_eq(ic_parse("10.1.2.3", &ic), 0);
	ck_assert_int_eq(ic.netmask, A(255, 0, 0, 0));
	ck_assert_int_eq(ic.gateway, 0);
	ck_assert_str_eq(ic.device, "");
	ck_assert_int_eq(ic_parse("172.16.0.9:::", &ic), 0);
	ck_assert_int_eq(ic.netmask, A(255, 255, 0, 0));
	ck_assert_int_eq(ic_parse("192.168.7.9::::::", &ic), 0);
	ck_assert_int_eq(ic.netmask, A(255, 255, 255, 0));
	ck_assert_int_eq(ic_parse("off", &ic), 0);
	ck_assert(ic.off);
	ck_assert_int_eq(ic_parse("none", &ic), 0);
	ck_assert(ic.off);
}
END_TEST

START_TEST(test_parse_bad)
{
	static const char *const bad[] = {
		"", ":10.0.0.1", "10.0.0", "10.0.0.1.2", "10.0.0.256", "10.0.0.1x", "1..2.3",
		"10.0.0.1:10.0.0.2:10.0.0.300", "10.0.0.1:::255.0.255.0", "10.0.0.1:::0.0.0.0",
		"10.0.0.1:::255.255.255.0::eth0123456789abcdef", "10.0.0.1:::::ethX:off:",
		"0010.0.0.1", "-1.0.0.1",
	};
	struct ic_config ic;
	char longname[100];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ic_parse(bad[i], &ic) == -EINVAL || !strcmp(bad[i], "10.0.0.1:::::ethX:off:"),
			      "ip=%s accepted", bad[i]);
	/* trailing empty DNS field after off is fine */
	ck_assert_int_eq(ic_parse("10.0.0.1:::::ethX:off:", &ic), 0);
	memset(longname, 'h', sizeof(longname));
	memcpy(longname, "10.0.0.1::::", 12);
	longname[sizeof(longname) - 1] = 0;
	ck_assert_int_eq(ic_parse(longname, &ic), -EINVAL);
	/* autoconfiguration is not done here */
	ck_assert_int_eq(ic_parse("dhcp", &ic), -EOPNOTSUPP);
	ck_assert_int_eq(ic_parse("bootp", &ic), -EOPNOTSUPP);
	ck_assert_int_eq(ic_parse("10.0.0.1::::::dhcp", &ic), -EOPNOTSUPP);
}
END_TEST

START_TEST(test_apply)
{
	reset();
	ip_auto_config_setup("10.0.2.15::10.0.2.2:255.255.255.0:guest::off");
	ck_assert_int_eq(ip_auto_config(), 0);
	ck_assert(eth0.flags & IFF_UP);          /* first non-loopback device */
	ck_assert(!(lo.flags & IFF_UP));
	ck_assert_int_eq(set_addr, A(10, 0, 2, 15));
	ck_assert_int_eq(set_mask, A(255, 255, 255, 0));
	ck_assert_int_eq(route_gw, A(10, 0, 2, 2));
	ck_assert_ptr_eq(route_dev, &eth0);
	ck_assert_str_eq(nodename, "guest");

	reset();
	ip_auto_config_setup("10.9.0.1:::::eth1");
	ck_assert_int_eq(ip_auto_config(), 0);
	ck_assert(eth1.flags & IFF_UP);
	ck_assert(!(eth0.flags & IFF_UP));
	ck_assert_int_eq(set_mask, A(255, 0, 0, 0));
	ck_assert_ptr_null(route_dev);           /* no gateway, no default route */
	ck_assert_str_eq(nodename, "");
}
END_TEST

START_TEST(test_apply_ignored)
{
	static const char *const ignored[] = { "off", "dhcp", "10.0.0.1:::::eth7", "garbage:" };

	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		reset();
		ip_auto_config_setup(ignored[i]);
		ck_assert_int_eq(ip_auto_config(), 0);
		ck_assert_int_eq(set_addr, 0);
		ck_assert(!(eth0.flags & IFF_UP) && !(eth1.flags & IFF_UP));
	}
	reset();                                /* no ip= at all: nothing */
	ck_assert_int_eq(ip_auto_config(), 0);
	ck_assert_int_eq(set_addr, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ipconfig");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_full);
	tcase_add_test(tc, test_parse_defaults);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_apply);
	tcase_add_test(tc, test_apply_ignored);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
