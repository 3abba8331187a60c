// SPDX-License-Identifier: MIT
/*
 * IPv4 interface addresses (Linux's net/ipv4/devinet.c): the in_device
 * of each device that has had an address, its list of in_ifaddr, the
 * routes each address implies (through route.c), loopback's automatic
 * 127.0.0.1/8, and the classic ioctls ifconfig uses (SIOCGIFCONF through
 * register_gifconf, SIOC[GS]IF{ADDR,NETMASK,BRDADDR,DSTADDR}).
 *
 * Locking (include/net/inetdevice.h): devinet_lock, a spinlock taken
 * with BHs off, guards inet_dev_list and every address list; it is never
 * held across a user copy, so each ioctl copies in, works under the lock
 * and copies out. Order: devinet_lock -> fib_lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/notifier.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/inetdevice.h>
#include <net/inet_common.h>
#include <net/rtnetlink.h>

DEFINE_SPINLOCK_RANKED(devinet_lock, LOCKRANK_DEVINET);
static struct in_device *inet_dev_list;         /* [devinet_lock] ifindex order */

/* dev's in_device, created on first use. [devinet_lock] */
static struct in_device *inetdev_get(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get(dev), **pp;

	assert_spin_locked(&devinet_lock);

	if (in_dev)
		return in_dev;
	in_dev = kzalloc(sizeof(*in_dev), GFP_ATOMIC);
	if (!in_dev)
		return NULL;
	in_dev->dev = dev;
	rt_init_dev_bcast(in_dev);
	for (pp = &inet_dev_list; *pp && (*pp)->dev->ifindex < dev->ifindex; pp = &(*pp)->next)
		;
	in_dev->next = *pp;
	*pp = in_dev;
	smp_store_release(&dev->ip_ptr, in_dev);
	return in_dev;
}

static void rtmsg_ifa(int event, struct in_ifaddr *ifa, const struct nlmsghdr *nlh, u32 portid);

/*
 * Link ifa into its device's list (primaries first; an address in the
 * subnet of an existing primary is secondary) and add its routes.
 * Consumes ifa: freed if it is 0.0.0.0 (setting that removes the address,
 * as Linux's) or a duplicate. [devinet_lock]
 */
static int __inet_insert_ifa(struct in_ifaddr *ifa, const struct nlmsghdr *nlh, u32 portid)
{
	struct in_device *in_dev = ifa->ifa_dev;
	struct in_ifaddr **pp, **last_primary, *i;

	assert_spin_locked(&devinet_lock);

	if (!ifa->ifa_local) {
		kfree(ifa);
		return 0;
	}
	ifa->ifa_flags &= ~IFA_F_SECONDARY;
	last_primary = &in_dev->ifa_list;
	for (pp = &in_dev->ifa_list; (i = *pp); pp = &i->ifa_next) {
		if (!(i->ifa_flags & IFA_F_SECONDARY))
			last_primary = &i->ifa_next;
		if (i->ifa_mask == ifa->ifa_mask && inet_ifa_match(ifa->ifa_address, i)) {
			if (i->ifa_local == ifa->ifa_local) {
				kfree(ifa);
				return -EEXIST;
			}
			ifa->ifa_flags |= IFA_F_SECONDARY;
		}
	}
	if (ifa->ifa_flags & IFA_F_SECONDARY) {
		ifa->ifa_next = NULL;
		*pp = ifa;
	} else {
		ifa->ifa_next = *last_primary;
		*last_primary = ifa;
	}
	rtmsg_ifa(RTM_NEWADDR, ifa, nlh, portid);
	fib_add_ifaddr(ifa);
	return 0;
}

static int inet_insert_ifa(struct in_ifaddr *ifa)
{
	return __inet_insert_ifa(ifa, NULL, 0);
}

/* Unlink *ifap and remove its routes; the caller frees or reinserts it. [devinet_lock] */
static void __inet_del_ifa(struct in_ifaddr **ifap, const struct nlmsghdr *nlh, u32 portid)
{
	struct in_ifaddr *ifa = *ifap;

	assert_spin_locked(&devinet_lock);

	*ifap = ifa->ifa_next;
	ifa->ifa_next = NULL;
	rtmsg_ifa(RTM_DELADDR, ifa, nlh, portid);
	if (ifa->ifa_dev->dev->flags & IFF_UP)
		fib_del_ifaddr(ifa);
}

static void inet_del_ifa(struct in_ifaddr **ifap)
{
	__inet_del_ifa(ifap, NULL, 0);
}

static struct in_ifaddr *inet_alloc_ifa(struct in_device *in_dev, const char *label)
{
	struct in_ifaddr *ifa = kzalloc(sizeof(*ifa), GFP_ATOMIC);

	if (!ifa)
		return NULL;
	ifa->ifa_dev = in_dev;
	strlcpy(ifa->ifa_label, label, IFNAMSIZ);
	return ifa;
}

/* Linux's inet_abc_len: the classful prefix length, -1 for class D. */
static int inet_abc_len(__be32 addr)
{
	u32 h = ntohl(addr);

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return 0;
	if ((h & 0x80000000) == 0)
		return 8;
	if ((h & 0xc0000000) == 0x80000000)
		return 16;
	if ((h & 0xe0000000) == 0xc0000000)
		return 24;
	if ((h & 0xf0000000) == 0xf0000000)
		return 32;
	return -1;
}

/*
 * A device went up or down. Up: loopback gets 127.0.0.1/8 the first
 * time, and every address's routes come back. Down: the routes through
 * the device and its neighbours go; the addresses stay, as Linux's.
 */
static void inetdev_updown(struct net_device *dev, bool up)
{
	struct in_device *in_dev;
	struct in_ifaddr *ifa;

	spin_lock_bh(&devinet_lock);
	in_dev = up ? inetdev_get(dev) : __in_dev_get(dev);
	if (!in_dev)
		goto out;
	if (!up) {
		for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next)
			fib_del_ifaddr(ifa);
		fib_ifdown(dev);
		goto out;
	}
	if ((dev->flags & IFF_LOOPBACK) && !in_dev->ifa_list) {
		ifa = inet_alloc_ifa(in_dev, dev->name);
		if (ifa) {
			ifa->ifa_local = ifa->ifa_address = htonl(INADDR_LOOPBACK);
			ifa->ifa_prefixlen = 8;
			ifa->ifa_mask = inet_make_mask(8);
			ifa->ifa_scope = RT_SCOPE_HOST;
			inet_insert_ifa(ifa);   /* adds the routes too */
			goto out;
		}
	}
	for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next)
		fib_add_ifaddr(ifa);
out:
	spin_unlock_bh(&devinet_lock);
	if (!up)
		arp_ifdown(dev);
}

/* Smallest MTU IPv4 works with (RFC 791: a 60-byte header plus 8 bytes). */
static bool inetdev_valid_mtu(unsigned int mtu)
{
	return mtu >= IPV4_MIN_MTU;
}

/*
 * The netdevice notifier (called with rtnl_lock held). Unlike Linux,
 * which turns IPv4 off on a device whose MTU drops below 68, IPv4 here
 * refuses such an MTU: devices have no way to lose their in_device yet.
 */
static int inetdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	ASSERT_RTNL();
	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
		inetdev_updown(dev, event == NETDEV_UP);
		break;
	case NETDEV_CHANGEMTU:
		if (!inetdev_valid_mtu(dev->mtu))
			return notifier_from_errno(-EINVAL);
		if (dev->ip_ptr)
			WRITE_ONCE(dev->ip_ptr->bcast_rt.dst.mtu, min_t(unsigned int, dev->mtu, IPV4_MAX_PMTU));
		rt_cache_flush();       /* routes carry the MTU: TCP's MSS follows */
		break;
	case NETDEV_CHANGEADDR:
		arp_ifdown(dev);        /* neighbours answered the old address */
		break;
	}
	return NOTIFY_DONE;
}

/* dev's first primary address whose subnet holds dst, else its first primary. [devinet_lock] */
static __be32 in_dev_pick(const struct in_device *in_dev, __be32 dst)
{
	const struct in_ifaddr *ifa;
	__be32 first = 0;

	assert_spin_locked(&devinet_lock);

	for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next) {
		if (ifa->ifa_flags & IFA_F_SECONDARY)
			continue;
		if (dst && inet_ifa_match(dst, ifa))
			return ifa->ifa_local;
		if (!first)
			first = ifa->ifa_local;
	}
	return first;
}

/*
 * A source address on dev for talking to dst. dev NULL: the first
 * non-loopback primary address of any device, else a loopback one.
 */
__be32 inet_dev_select_addr(const struct net_device *dev, __be32 dst)
{
	const struct in_device *in_dev;
	const struct in_ifaddr *ifa;
	__be32 addr = 0, lo = 0;

	spin_lock_bh(&devinet_lock);
	if (dev) {
		in_dev = __in_dev_get(dev);
		addr = in_dev ? in_dev_pick(in_dev, dst) : 0;
		goto out;
	}
	for (in_dev = inet_dev_list; in_dev && !addr; in_dev = in_dev->next) {
		for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next) {
			if (ifa->ifa_flags & IFA_F_SECONDARY)
				continue;
			if (!ipv4_is_loopback(ifa->ifa_local)) {
				addr = ifa->ifa_local;
				break;
			}
			if (!lo)
				lo = ifa->ifa_local;
		}
	}
	if (!addr)
		addr = lo;
out:
	spin_unlock_bh(&devinet_lock);
	return addr;
}

/* SIOCGIFCONF's IPv4 part (register_gifconf): one struct ifreq per
 * address of every device into buf, at most len bytes; returns the bytes
 * written, or those needed when buf is NULL. */
static int inet_gifconf(char __user *buf, int len)
{
	struct in_device *in_dev;
	struct in_ifaddr *ifa;
	struct ifreq *reqs;
	int n = 0, max;

	spin_lock_bh(&devinet_lock);
	for (in_dev = inet_dev_list; in_dev; in_dev = in_dev->next)
		for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next)
			n++;
	spin_unlock_bh(&devinet_lock);
	if (!buf)
		return n * (int)sizeof(struct ifreq);
	max = len > 0 ? len / (int)sizeof(struct ifreq) : 0;
	max = min(max, n);
	reqs = kzalloc((max ? max : 1) * sizeof(*reqs), GFP_KERNEL);
	if (!reqs)
		return -ENOMEM;
	n = 0;
	spin_lock_bh(&devinet_lock);
	for (in_dev = inet_dev_list; in_dev; in_dev = in_dev->next) {
		for (ifa = in_dev->ifa_list; ifa && n < max; ifa = ifa->ifa_next, n++) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&reqs[n].ifr_addr;

			strlcpy(reqs[n].ifr_name, ifa->ifa_label, IFNAMSIZ);
			sin->sin_family = AF_INET;
			sin->sin_addr.s_addr = ifa->ifa_local;
		}
	}
	spin_unlock_bh(&devinet_lock);
	len = n * sizeof(struct ifreq);
	if (copy_to_user(buf, reqs, len))
		len = -EFAULT;
	kfree(reqs);
	return len;
}

/* The address an ifreq names: by label and address (4.4BSD style) if the
 * caller gave an AF_INET address, else by label. [devinet_lock] */
static struct in_ifaddr **ifa_find(struct in_device *in_dev, const char *label,
				   const struct sockaddr_in *sin, bool tryaddr)
{
	struct in_ifaddr **pp;

	assert_spin_locked(&devinet_lock);

	if (!in_dev)
		return NULL;
	if (tryaddr)
		for (pp = &in_dev->ifa_list; *pp; pp = &(*pp)->ifa_next)
			if (!strcmp(label, (*pp)->ifa_label) &&
			    sin->sin_addr.s_addr == (*pp)->ifa_local)
				return pp;
	for (pp = &in_dev->ifa_list; *pp; pp = &(*pp)->ifa_next)
		if (!strcmp(label, (*pp)->ifa_label))
			return pp;
	return NULL;
}

static int devinet_set_addr(struct net_device *dev, struct in_ifaddr **ifap,
			    const char *label, __be32 addr)
{
	struct in_device *in_dev = inetdev_get(dev);
	struct in_ifaddr *ifa;

	if (!in_dev)
		return -ENOBUFS;
	if (ifap) {
		ifa = *ifap;
		if (ifa->ifa_local == addr)
			return 0;
		inet_del_ifa(ifap);
		ifa->ifa_broadcast = 0;
	} else {
		ifa = inet_alloc_ifa(in_dev, label);
		if (!ifa)
			return -ENOBUFS;
	}
	ifa->ifa_address = ifa->ifa_local = addr;
	ifa->ifa_scope = ipv4_is_loopback(addr) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	if (!(dev->flags & IFF_POINTOPOINT)) {
		ifa->ifa_prefixlen = inet_abc_len(addr);
		ifa->ifa_mask = inet_make_mask(ifa->ifa_prefixlen);
		if ((dev->flags & IFF_BROADCAST) && ifa->ifa_prefixlen < 31)
			ifa->ifa_broadcast = addr | ~ifa->ifa_mask;
	} else {
		ifa->ifa_prefixlen = 32;
		ifa->ifa_mask = inet_make_mask(32);
	}
	return inet_insert_ifa(ifa);
}

static bool bad_mask(__be32 mask)
{
	u32 h = ntohl(mask);

	return (h | (h - 1)) != 0xffffffff && h != 0;
}

static int devinet_set_mask(struct net_device *dev, struct in_ifaddr **ifap, __be32 mask)
{
	struct in_ifaddr *ifa = *ifap;
	__be32 old = ifa->ifa_mask;

	if (bad_mask(mask) || !mask)
		return -EINVAL;
	if (old == mask)
		return 0;
	inet_del_ifa(ifap);
	ifa->ifa_mask = mask;
	ifa->ifa_prefixlen = inet_mask_len(mask);
	/* A broadcast address that followed the old mask follows the new one. */
	if ((dev->flags & IFF_BROADCAST) && ifa->ifa_prefixlen < 31 &&
	    ifa->ifa_broadcast == (ifa->ifa_local | ~old))
		ifa->ifa_broadcast = ifa->ifa_local | ~mask;
	return inet_insert_ifa(ifa);
}

/* The SIOC[GS]IF* commands on one address. [devinet_lock] */
static int devinet_ifreq(unsigned int cmd, struct net_device *dev, struct ifreq *ifr,
			 const char *label, bool tryaddr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr->ifr_addr;
	struct in_ifaddr **ifap = ifa_find(__in_dev_get(dev), label, sin, tryaddr), *ifa;
	__be32 a = sin->sin_addr.s_addr;

	assert_spin_locked(&devinet_lock);

	if (!ifap && cmd != SIOCSIFADDR)
		return -EADDRNOTAVAIL;
	ifa = ifap ? *ifap : NULL;
	if (cmd == SIOCGIFADDR || cmd == SIOCGIFBRDADDR || cmd == SIOCGIFDSTADDR ||
	    cmd == SIOCGIFNETMASK) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
	}
	switch (cmd) {
	case SIOCGIFADDR:
		sin->sin_addr.s_addr = ifa->ifa_local;
		return 0;
	case SIOCGIFBRDADDR:
		sin->sin_addr.s_addr = ifa->ifa_broadcast;
		return 0;
	case SIOCGIFDSTADDR:
		sin->sin_addr.s_addr = ifa->ifa_address;
		return 0;
	case SIOCGIFNETMASK:
		sin->sin_addr.s_addr = ifa->ifa_mask;
		return 0;
	case SIOCSIFADDR:
		if (inet_abc_len(a) < 0)
			return -EINVAL;
		return devinet_set_addr(dev, ifap, label, a);
	case SIOCSIFBRDADDR:
		if (ifa->ifa_broadcast != a) {
			inet_del_ifa(ifap);
			ifa->ifa_broadcast = a;
			return inet_insert_ifa(ifa);
		}
		return 0;
	case SIOCSIFDSTADDR:
		if (ifa->ifa_address == a)
			return 0;
		if (inet_abc_len(a) < 0)
			return -EINVAL;
		inet_del_ifa(ifap);
		ifa->ifa_address = a;
		return inet_insert_ifa(ifa);
	case SIOCSIFNETMASK:
		return devinet_set_mask(dev, ifap, a);
	}
	return -EINVAL;
}

int devinet_ioctl(unsigned int cmd, void __user *arg)
{
	struct ifreq ifr;
	int err;

	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	err = devinet_ioctl_kernel(cmd, &ifr);
	if (err || (cmd != SIOCGIFADDR && cmd != SIOCGIFBRDADDR && cmd != SIOCGIFDSTADDR &&
		    cmd != SIOCGIFNETMASK))
		return err;
	return copy_to_user(arg, &ifr, sizeof(ifr)) ? -EFAULT : 0;
}

/* The SIOC[GS]IF* address commands on a kernel ifreq (ipconfig, and the
 * ioctl above). */
int devinet_ioctl_kernel(unsigned int cmd, struct ifreq *ifrp)
{
	struct sockaddr_in *sin;
	struct net_device *dev;
	char label[IFNAMSIZ], *colon;
	struct ifreq ifr = *ifrp;
	bool tryaddr = false;
	int err;

	ifr.ifr_name[IFNAMSIZ - 1] = 0;
	sin = (struct sockaddr_in *)&ifr.ifr_addr;
	switch (cmd) {
	case SIOCGIFADDR: case SIOCGIFBRDADDR: case SIOCGIFDSTADDR: case SIOCGIFNETMASK:
		tryaddr = sin->sin_family == AF_INET;
		break;
	case SIOCSIFADDR: case SIOCSIFBRDADDR: case SIOCSIFDSTADDR: case SIOCSIFNETMASK:
		if (sin->sin_family != AF_INET)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	memcpy(label, ifr.ifr_name, IFNAMSIZ);
	colon = strchr(ifr.ifr_name, ':');
	if (colon)
		*colon = 0;
	dev = dev_get_by_name(ifr.ifr_name);
	if (!dev)
		return -ENODEV;
	spin_lock_bh(&devinet_lock);
	err = devinet_ifreq(cmd, dev, &ifr, label, tryaddr);
	spin_unlock_bh(&devinet_lock);
	if (err)
		return err;
	memcpy(ifr.ifr_name, label, IFNAMSIZ);
	*ifrp = ifr;
	return 0;
}

/* ------------------------------------------------------------ rtnetlink */

static size_t inet_nlmsg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ifaddrmsg)) + nla_total_size(4) * 4 +
	       nla_total_size(IFNAMSIZ) + nla_total_size(sizeof(struct ifa_cacheinfo));
}

/* One address message; -EMSGSIZE (and nothing added) if it does not fit. [devinet_lock] */
static int inet_fill_ifaddr(struct sk_buff *skb, const struct in_ifaddr *ifa, int type,
			    u32 portid, u32 seq, unsigned int flags)
{
	struct ifa_cacheinfo ci = { INFINITY_LIFE_TIME, INFINITY_LIFE_TIME, 0, 0 };
	u32 ifa_flags = ifa->ifa_flags | IFA_F_PERMANENT;
	struct ifaddrmsg *ifm;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = nlmsg_data(nlh);
	ifm->ifa_family = AF_INET;
	ifm->ifa_prefixlen = ifa->ifa_prefixlen;
	ifm->ifa_flags = ifa_flags;
	ifm->ifa_scope = ifa->ifa_scope;
	ifm->ifa_index = ifa->ifa_dev->dev->ifindex;
	if ((ifa->ifa_address && nla_put_in_addr(skb, IFA_ADDRESS, ifa->ifa_address)) ||
	    (ifa->ifa_local && nla_put_in_addr(skb, IFA_LOCAL, ifa->ifa_local)) ||
	    (ifa->ifa_broadcast && nla_put_in_addr(skb, IFA_BROADCAST, ifa->ifa_broadcast)) ||
	    (ifa->ifa_label[0] && nla_put_string(skb, IFA_LABEL, ifa->ifa_label)) ||
	    nla_put_u32(skb, IFA_FLAGS, ifa_flags) ||
	    nla_put(skb, IFA_CACHEINFO, sizeof(ci), &ci)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* RTNLGRP_IPV4_IFADDR event (and the NLM_F_ECHO copy); under devinet_lock, so atomic. */
static void rtmsg_ifa(int event, struct in_ifaddr *ifa, const struct nlmsghdr *nlh, u32 portid)
{
	struct sk_buff *skb;

	assert_spin_locked(&devinet_lock);
	if (!(nlh && (nlh->nlmsg_flags & NLM_F_ECHO)) &&
	    !netlink_has_listeners(NETLINK_ROUTE, RTNLGRP_IPV4_IFADDR))
		return;
	skb = nlmsg_new(inet_nlmsg_size(), GFP_ATOMIC);
	if (!skb)
		return;
	if (inet_fill_ifaddr(skb, ifa, event, portid, nlh ? nlh->nlmsg_seq : 0, 0)) {
		kfree_skb(skb);
		return;
	}
	rtnl_notify(skb, portid, RTNLGRP_IPV4_IFADDR, nlh);
}

/* Address dump; the cursor is (device position, address position). */
static int inet_dump_ifaddr(struct sk_buff *skb, struct netlink_callback *cb)
{
	long s_idx = cb->args[0], s_ip_idx = cb->args[1], idx = 0, ip_idx = 0;
	struct in_device *in_dev;
	struct in_ifaddr *ifa;

	spin_lock_bh(&devinet_lock);
	for (in_dev = inet_dev_list; in_dev; in_dev = in_dev->next, idx++) {
		if (idx < s_idx)
			continue;
		if (idx > s_idx)
			s_ip_idx = 0;
		for (ifa = in_dev->ifa_list, ip_idx = 0; ifa; ifa = ifa->ifa_next, ip_idx++) {
			if (ip_idx < s_ip_idx)
				continue;
			if (inet_fill_ifaddr(skb, ifa, RTM_NEWADDR, cb->portid, cb->seq, NLM_F_MULTI))
				goto done;
		}
	}
	ip_idx = 0;
done:
	spin_unlock_bh(&devinet_lock);
	cb->args[0] = idx;
	cb->args[1] = ip_idx;
	return skb->len;
}

static const struct nla_policy ifa_ipv4_policy[IFA_MAX + 1] = {
	[IFA_LOCAL] = { .type = NLA_U32 },
	[IFA_ADDRESS] = { .type = NLA_U32 },
	[IFA_BROADCAST] = { .type = NLA_U32 },
	[IFA_LABEL] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFA_CACHEINFO] = { .len = sizeof(struct ifa_cacheinfo) },
	[IFA_FLAGS] = { .type = NLA_U32 },
	[IFA_RT_PRIORITY] = { .type = NLA_U32 },
};

/* What an RTM_NEWADDR asks for, in an unlinked in_ifaddr-to-be. */
struct ifa_request {
	struct net_device *dev;
	__be32 local, address, broadcast;
	u8 prefixlen, scope;
	u32 flags;
	char label[IFNAMSIZ];
};

static int rtm_to_ifaddr(struct nlmsghdr *nlh, struct ifa_request *req, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifm;
	int err;

	err = nlmsg_parse(nlh, sizeof(*ifm), tb, IFA_MAX, ifa_ipv4_policy, extack);
	if (err)
		return err;
	ifm = nlmsg_data(nlh);
	if (!tb[IFA_LOCAL])
		tb[IFA_LOCAL] = tb[IFA_ADDRESS];
	if (ifm->ifa_prefixlen > 32 || !tb[IFA_LOCAL])
		return -EINVAL;
	req->dev = dev_get_by_index(ifm->ifa_index);
	if (!req->dev)
		return -ENODEV;
	req->local = nla_get_in_addr(tb[IFA_LOCAL]);
	req->address = tb[IFA_ADDRESS] ? nla_get_in_addr(tb[IFA_ADDRESS]) : req->local;
	req->broadcast = tb[IFA_BROADCAST] ? nla_get_in_addr(tb[IFA_BROADCAST]) : 0;
	req->prefixlen = ifm->ifa_prefixlen;
	req->scope = ifm->ifa_scope;
	req->flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifm->ifa_flags;
	if (tb[IFA_LABEL])
		nla_strscpy(req->label, tb[IFA_LABEL], IFNAMSIZ);
	else
		strlcpy(req->label, req->dev->name, IFNAMSIZ);
	return 0;
}

/* The address of in_dev with req's local address and subnet (Linux's find_matching_ifa). */
static struct in_ifaddr *find_matching_ifa(struct in_device *in_dev, const struct ifa_request *req)
{
	__be32 mask = inet_make_mask(req->prefixlen);
	struct in_ifaddr *ifa;

	assert_spin_locked(&devinet_lock);
	for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next)
		if (ifa->ifa_mask == mask && inet_ifa_match(req->address, ifa) &&
		    ifa->ifa_local == req->local)
			return ifa;
	return NULL;
}

static int inet_rtm_newaddr(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct ifa_request req = { 0 };
	struct in_device *in_dev;
	struct in_ifaddr *ifa;
	int err;

	err = rtm_to_ifaddr(nlh, &req, extack);
	if (err)
		return err;
	spin_lock_bh(&devinet_lock);
	err = -ENOBUFS;
	in_dev = inetdev_get(req.dev);
	if (!in_dev)
		goto out;
	ifa = find_matching_ifa(in_dev, &req);
	if (ifa) {
		/* Only lifetimes and the metric could change, and they do not exist here. */
		err = (nlh->nlmsg_flags & NLM_F_EXCL) || !(nlh->nlmsg_flags & NLM_F_REPLACE) ? -EEXIST : 0;
		if (!err)
			rtmsg_ifa(RTM_NEWADDR, ifa, nlh, rtnl_portid(skb));
		goto out;
	}
	ifa = inet_alloc_ifa(in_dev, req.label);
	if (!ifa)
		goto out;
	ifa->ifa_local = req.local;
	ifa->ifa_address = req.address;
	ifa->ifa_broadcast = req.broadcast;
	ifa->ifa_prefixlen = req.prefixlen;
	ifa->ifa_mask = inet_make_mask(req.prefixlen);
	ifa->ifa_scope = req.scope;
	ifa->ifa_flags = req.flags & ~(IFA_F_SECONDARY | IFA_F_PERMANENT);
	err = __inet_insert_ifa(ifa, nlh, rtnl_portid(skb));
out:
	spin_unlock_bh(&devinet_lock);
	return err;
}

/* Linux without promote_secondaries: a primary takes its subnet's secondaries with it. [devinet_lock] */
static void inet_del_secondaries(struct in_device *in_dev, const struct in_ifaddr *primary,
				 const struct nlmsghdr *nlh, u32 portid)
{
	struct in_ifaddr **ifap = &in_dev->ifa_list, *ifa;

	while ((ifa = *ifap)) {
		if ((ifa->ifa_flags & IFA_F_SECONDARY) && ifa->ifa_mask == primary->ifa_mask &&
		    inet_ifa_match(ifa->ifa_address, primary)) {
			__inet_del_ifa(ifap, nlh, portid);
			kfree(ifa);
			continue;
		}
		ifap = &ifa->ifa_next;
	}
}

static int inet_rtm_deladdr(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFA_MAX + 1];
	struct in_ifaddr **ifap, *ifa;
	struct in_device *in_dev;
	struct net_device *dev;
	struct ifaddrmsg *ifm;
	char label[IFNAMSIZ];
	int err;

	err = nlmsg_parse(nlh, sizeof(*ifm), tb, IFA_MAX, ifa_ipv4_policy, extack);
	if (err)
		return err;
	ifm = nlmsg_data(nlh);
	dev = dev_get_by_index(ifm->ifa_index);
	if (!dev || !__in_dev_get(dev))
		return -ENODEV;
	if (tb[IFA_LABEL])
		nla_strscpy(label, tb[IFA_LABEL], sizeof(label));
	spin_lock_bh(&devinet_lock);
	in_dev = __in_dev_get(dev);
	for (ifap = &in_dev->ifa_list; (ifa = *ifap); ifap = &ifa->ifa_next) {
		if (tb[IFA_LOCAL] && ifa->ifa_local != nla_get_in_addr(tb[IFA_LOCAL]))
			continue;
		if (tb[IFA_LABEL] && strcmp(label, ifa->ifa_label))
			continue;
		if (tb[IFA_ADDRESS] && (ifm->ifa_prefixlen != ifa->ifa_prefixlen ||
					!inet_ifa_match(nla_get_in_addr(tb[IFA_ADDRESS]), ifa)))
			continue;
		__inet_del_ifa(ifap, nlh, rtnl_portid(skb));
		if (!(ifa->ifa_flags & IFA_F_SECONDARY))
			inet_del_secondaries(in_dev, ifa, nlh, rtnl_portid(skb));
		kfree(ifa);
		spin_unlock_bh(&devinet_lock);
		return 0;
	}
	spin_unlock_bh(&devinet_lock);
	return -EADDRNOTAVAIL;
}

static struct notifier_block ip_netdev_notifier = {
	.notifier_call = inetdev_event,
};

/* Boot (inet_init): follow the devices from now on. */
void devinet_init(void)
{
	register_netdevice_notifier(&ip_netdev_notifier);
	register_gifconf(PF_INET, inet_gifconf);
	rtnl_register(PF_INET, RTM_NEWADDR, inet_rtm_newaddr, NULL);
	rtnl_register(PF_INET, RTM_DELADDR, inet_rtm_deladdr, NULL);
	rtnl_register(PF_INET, RTM_GETADDR, NULL, inet_dump_ifaddr);
}
