// SPDX-License-Identifier: MIT
/*
 * ip= on the kernel command line (Linux's net/ipv4/ipconfig.c, static
 * configuration only; the format is in include/net/ipconfig.h).
 *
 * ip_auto_config runs as a late initcall, after the drivers registered
 * their devices: it picks the device, brings it up, waits up to
 * IC_CARRIER_WAIT_MS for its carrier, gives it the address and mask (the
 * connected route follows, as with ifconfig), adds the default route via
 * the gateway and sets the hostname, logging each step as
 * "IP-Config: ...". Bad input is logged and ignored; nothing here panics.
 *
 * Initcalls run on the boot CPU before the scheduler takes other work
 * (include/shoal/init.h), so the carrier wait polls the clock; a driver
 * reports carrier from its open or probe (netif_carrier_on).
 *
 * Locking: the device is brought up under rtnl_lock, as an ioctl would;
 * addresses and routes take their own locks (devinet_lock, fib_lock).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/init.h>
#include <shoal/time.h>
#include <shoal/utsname.h>
#include <shoal/netdevice.h>
#include <net/ipconfig.h>
#include <net/inetdevice.h>
#include <net/route.h>
#include <net/ip.h>

#define IC_CARRIER_WAIT_MS      2000
#define IC_ARG_MAX              256

static char ic_arg[IC_ARG_MAX];         /* [boot: written once, then read] */
static bool ic_given;

void ip_auto_config_setup(const char *arg)
{
	strlcpy(ic_arg, arg, sizeof(ic_arg));
	ic_given = true;
}

int ic_parse_addr(const char *s, size_t len, __be32 *addr)
{
	u32 a = 0, part = 0;
	int parts = 0, digits = 0;
	size_t i;

	for (i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '.';

		if (c >= '0' && c <= '9') {
			part = part * 10 + (c - '0');
			if (++digits > 3 || part > 255)
				return -EINVAL;
		} else if (c == '.' && digits) {
			a = a << 8 | part;
			part = 0;
			digits = 0;
			if (++parts > 4)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	if (parts != 4)
		return -EINVAL;
	*addr = htonl(a);
	return 0;
}

/* The classful netmask Linux falls back on for an address without one. */
static __be32 ic_default_mask(__be32 addr)
{
	u32 a = ntohl(addr);

	if (!(a & 0x80000000))
		return htonl(0xff000000);
	if ((a & 0xc0000000) == 0x80000000)
		return htonl(0xffff0000);
	return htonl(0xffffff00);
}

static bool ic_mask_ok(__be32 mask)
{
	u32 m = ntohl(mask);

	return m && (m | (m - 1)) == 0xffffffff;
}

/* One field of ip=, numbered from 0, into ic. */
static int ic_parse_field(int n, const char *s, size_t len, struct ic_config *ic)
{
	if (!len)
		return n == 0 ? -EINVAL : 0;    /* only the client address is required */
	switch (n) {
	case 0:
		return ic_parse_addr(s, len, &ic->myaddr);
	case 1:
		return ic_parse_addr(s, len, &ic->servaddr);
	case 2:
		return ic_parse_addr(s, len, &ic->gateway);
	case 3:
		if (ic_parse_addr(s, len, &ic->netmask) || !ic_mask_ok(ic->netmask))
			return -EINVAL;
		return 0;
	case 4:
		if (len > IC_HOSTNAME_MAX)
			return -EINVAL;
		memcpy(ic->hostname, s, len);
		ic->hostname[len] = 0;
		return 0;
	case 5:
		if (len >= IFNAMSIZ)
			return -EINVAL;
		memcpy(ic->device, s, len);
		ic->device[len] = 0;
		return 0;
	case 6:
		if ((len == 3 && !memcmp(s, "off", 3)) || (len == 4 && !memcmp(s, "none", 4)))
			return 0;
		return -EOPNOTSUPP;     /* dhcp, bootp, rarp, on, any */
	default:
		return 0;               /* DNS and NTP servers: not used */
	}
}

int ic_parse(const char *arg, struct ic_config *ic)
{
	const char *p = arg, *colon;
	int n, err;

	memset(ic, 0, sizeof(*ic));
	if (!strcmp(arg, "off") || !strcmp(arg, "none")) {
		ic->off = true;
		return 0;
	}
	if (!arg[0])
		return -EINVAL;
	if (!strchr(arg, ':') && !strchr(arg, '.'))
		return -EOPNOTSUPP;     /* ip=dhcp and friends */
	for (n = 0; ; n++) {
		colon = strchr(p, ':');
		err = ic_parse_field(n, p, colon ? (size_t)(colon - p) : strlen(p), ic);
		if (err)
			return err;
		if (!colon)
			break;
		p = colon + 1;
	}
	if (!ic->netmask)
		ic->netmask = ic_default_mask(ic->myaddr);
	return 0;
}

/* ------------------------------------------------------------ applying */

struct ic_pick {
	const char *name;
	struct net_device *dev;
};

static void ic_pick_one(struct net_device *dev, void *arg)
{
	struct ic_pick *pick = arg;

	if (pick->dev)
		return;
	if (pick->name[0] ? !strcmp(dev->name, pick->name) : !(dev->flags & IFF_LOOPBACK))
		pick->dev = dev;
}

/* Up, then a bounded wait for carrier (it may already be there). */
static int ic_open_dev(struct net_device *dev)
{
	ktime_t end = ktime_get() + (ktime_t)IC_CARRIER_WAIT_MS * NSEC_PER_MSEC;
	int err;

	rtnl_lock();
	err = dev_change_flags(dev, dev->flags | IFF_UP);
	rtnl_unlock();
	if (err)
		return err;
	while (!netif_carrier_ok(dev) && ktime_get() < end)
		cpu_relax();
	if (!netif_carrier_ok(dev))
		printk("IP-Config: %s: no carrier after %d ms, configuring anyway\n", dev->name,
		       IC_CARRIER_WAIT_MS);
	return 0;
}

static int ic_set_ifreq(struct net_device *dev, unsigned int cmd, __be32 addr)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, dev->name, IFNAMSIZ);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
	return devinet_ioctl_kernel(cmd, &ifr);
}

/* a.b.c.d into buf (16 bytes) */
static const char *ic_ntoa(char *buf, __be32 addr)
{
	const u8 *b = (const u8 *)&addr;

	snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

static void ic_apply(const struct ic_config *ic, struct net_device *dev)
{
	char a[16], m[16], g[16], sv[16];
	int err;

	err = ic_open_dev(dev);
	if (err) {
		printk("IP-Config: %s: cannot open (%d)\n", dev->name, err);
		return;
	}
	err = ic_set_ifreq(dev, SIOCSIFADDR, ic->myaddr) ?:
	      ic_set_ifreq(dev, SIOCSIFNETMASK, ic->netmask);
	if (err) {
		printk("IP-Config: %s: cannot set address (%d)\n", dev->name, err);
		return;
	}
	if (ic->gateway) {
		err = ip_route_add(0, 0, ic->gateway, dev, RTN_UNICAST, 0);
		if (err)
			printk("IP-Config: %s: cannot add the default route via %s (%d)\n",
			       dev->name, ic_ntoa(g, ic->gateway), err);
	}
	if (ic->hostname[0] && set_uts_nodename(ic->hostname))
		printk("IP-Config: cannot set hostname %s\n", ic->hostname);
	printk("IP-Config: %s addr=%s mask=%s gw=%s host=%s server=%s\n", dev->name,
	       ic_ntoa(a, ic->myaddr), ic_ntoa(m, ic->netmask), ic_ntoa(g, ic->gateway),
	       ic->hostname[0] ? ic->hostname : "-", ic_ntoa(sv, ic->servaddr));
}

static int ip_auto_config(void)
{
	struct ic_config ic;
	struct ic_pick pick;
	int err;

	if (!ic_given)
		return 0;
	err = ic_parse(ic_arg, &ic);
	if (err) {
		printk("IP-Config: %s ip=%s ignored (%d)\n",
		       err == -EOPNOTSUPP ? "no autoconfiguration:" : "bad", ic_arg, err);
		return 0;
	}
	if (ic.off)
		return 0;
	pick.name = ic.device;
	pick.dev = NULL;
	for_each_netdev_call(ic_pick_one, &pick);
	if (!pick.dev) {
		printk("IP-Config: no device %s\n", ic.device[0] ? ic.device : "(first non-loopback)");
		return 0;
	}
	ic_apply(&ic, pick.dev);
	return 0;
}
late_initcall(ip_auto_config);
