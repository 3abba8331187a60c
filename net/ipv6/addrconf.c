// SPDX-License-Identifier: MIT
/*
 * IPv6 addresses (the part of Linux's net/ipv6/addrconf.c that a host
 * without NDP needs): ::1/128 on the loopback device while it is up,
 * /proc/net/if_inet6 and RTM_GETADDR dumps for AF_INET6. There is no
 * autoconfiguration and no link-local address: both need neighbour
 * discovery, which would come with IPv6 on the NIC.
 *
 * Locks: addrconf_lock (spin, BHs off in process context; a leaf) guards
 * inet6_addr_list and every entry's if_list. Input (softirq) reads the
 * list under it; entries are added and removed by the netdevice notifier
 * under rtnl_lock, then addrconf_lock. Order: rtnl_lock -> addrconf_lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/notifier.h>
#include <shoal/netdevice.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

static DEFINE_SPINLOCK(addrconf_lock);
static LIST_HEAD(inet6_addr_list);      /* [addrconf_lock] */

bool ipv6_chk_addr(const struct in6_addr *addr, const struct net_device *dev)
{
	const struct inet6_ifaddr *ifp;
	bool found = false;

	spin_lock_bh(&addrconf_lock);
	list_for_each_entry(ifp, &inet6_addr_list, if_list) {
		if (ipv6_addr_equal(&ifp->addr, addr) &&
		    (!dev || ifp->dev == dev || (dev->flags & IFF_LOOPBACK))) {
			found = true;
			break;
		}
	}
	spin_unlock_bh(&addrconf_lock);
	return found;
}

int ipv6_addr_nth(long n, struct in6_addr *addr, u8 *plen, int *ifindex)
{
	const struct inet6_ifaddr *ifp;
	int err = -ENOENT;

	spin_lock_bh(&addrconf_lock);
	list_for_each_entry(ifp, &inet6_addr_list, if_list) {
		if (n-- == 0) {
			*addr = ifp->addr;
			*plen = ifp->prefix_len;
			*ifindex = ifp->dev->ifindex;
			err = 0;
			break;
		}
	}
	spin_unlock_bh(&addrconf_lock);
	return err;
}

/* Add addr/plen on dev (rtnl_lock held); -ENOMEM or -EEXIST. */
static int ipv6_add_addr(struct net_device *dev, const struct in6_addr *addr, u8 plen, u8 scope)
{
	struct inet6_ifaddr *ifp = kzalloc(sizeof(*ifp), GFP_KERNEL);

	ASSERT_RTNL();
	if (!ifp)
		return -ENOMEM;
	ifp->addr = *addr;
	ifp->prefix_len = plen;
	ifp->scope = scope;
	ifp->flags = IFA_F_PERMANENT;
	ifp->dev = dev;
	if (ipv6_chk_addr(addr, NULL)) {
		kfree(ifp);
		return -EEXIST;
	}
	spin_lock_bh(&addrconf_lock);
	list_add_tail(&ifp->if_list, &inet6_addr_list);
	spin_unlock_bh(&addrconf_lock);
	return 0;
}

/* A device went down: its addresses go (Linux keeps none on a down lo either). */
static void addrconf_ifdown(struct net_device *dev)
{
	struct inet6_ifaddr *ifp, *n;
	LIST_HEAD(dead);

	ASSERT_RTNL();
	spin_lock_bh(&addrconf_lock);
	list_for_each_entry_safe(ifp, n, &inet6_addr_list, if_list)
		if (ifp->dev == dev)
			list_move(&ifp->if_list, &dead);
	spin_unlock_bh(&addrconf_lock);
	list_for_each_entry_safe(ifp, n, &dead, if_list)
		kfree(ifp);
}

static int addrconf_notify(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct in6_addr lo;

	ASSERT_RTNL();
	switch (event) {
	case NETDEV_UP:
		if (dev->flags & IFF_LOOPBACK) {
			ip6_route_dev_up(dev);
			ipv6_addr_set_loopback(&lo);
			ipv6_add_addr(dev, &lo, 128, IFA_HOST);
		}
		break;
	case NETDEV_DOWN:
		addrconf_ifdown(dev);
		break;
	case NETDEV_CHANGEMTU:
		if (dev->flags & IFF_LOOPBACK)
			ip6_route_dev_up(dev);  /* the route carries the MTU */
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block ipv6_dev_notf = {
	.notifier_call = addrconf_notify,
};

/* ------------------------------------------------------ /proc/net/if_inet6 */

int if6_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };
	const struct inet6_ifaddr *ifp;
	int i;

	spin_lock_bh(&addrconf_lock);
	list_for_each_entry(ifp, &inet6_addr_list, if_list) {
		for (i = 0; i < 16; i++)
			net_seq_printf(&s, "%02x", ifp->addr.s6_addr[i]);
		net_seq_printf(&s, " %02x %02x %02x %02x %8s\n", ifp->dev->ifindex, ifp->prefix_len,
			       ifp->scope, ifp->flags, ifp->dev->name);
	}
	spin_unlock_bh(&addrconf_lock);
	return s.len;
}

/* ------------------------------------------------------------ rtnetlink */

/* RT_SCOPE_* of an address: ::1 is host scope, as in Linux. */
static u8 inet6_ifa_rt_scope(const struct inet6_ifaddr *ifp)
{
	return ifp->scope == IFA_HOST ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
}

/* One RTM_NEWADDR; -EMSGSIZE (and nothing added) if it does not fit. [addrconf_lock] */
static int inet6_fill_ifaddr(struct sk_buff *skb, const struct inet6_ifaddr *ifp, u32 portid,
			     u32 seq, unsigned int flags)
{
	struct ifa_cacheinfo ci = { INFINITY_LIFE_TIME, INFINITY_LIFE_TIME, 0, 0 };
	struct ifaddrmsg *ifm;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, portid, seq, RTM_NEWADDR, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = nlmsg_data(nlh);
	ifm->ifa_family = AF_INET6;
	ifm->ifa_prefixlen = ifp->prefix_len;
	ifm->ifa_flags = ifp->flags;
	ifm->ifa_scope = inet6_ifa_rt_scope(ifp);
	ifm->ifa_index = ifp->dev->ifindex;
	if (nla_put(skb, IFA_ADDRESS, sizeof(ifp->addr), &ifp->addr) ||
	    nla_put(skb, IFA_CACHEINFO, sizeof(ci), &ci) ||
	    nla_put_u32(skb, IFA_FLAGS, ifp->flags) ||
	    /* lo's address is the kernel's own, as Linux says since 6.3 */
	    ((ifp->dev->flags & IFF_LOOPBACK) && nla_put_u8(skb, IFA_PROTO, IFAPROT_KERNEL_LO))) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* Address dump; the cursor is the position in the list. */
static int inet6_dump_ifaddr(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct inet6_ifaddr *ifp;
	long idx = 0;

	spin_lock_bh(&addrconf_lock);
	list_for_each_entry(ifp, &inet6_addr_list, if_list) {
		if (idx >= cb->args[0] &&
		    inet6_fill_ifaddr(skb, ifp, cb->portid, cb->seq, NLM_F_MULTI))
			break;
		idx++;
	}
	spin_unlock_bh(&addrconf_lock);
	cb->args[0] = idx;
	return skb->len;
}

/* Boot (inet6_init): follow the devices (lo's ::1 comes with NETDEV_UP). */
void addrconf_init(void)
{
	register_netdevice_notifier(&ipv6_dev_notf);
	rtnl_register(PF_INET6, RTM_GETADDR, NULL, inet6_dump_ifaddr);
	ip6_route_init();
}
