// SPDX-License-Identifier: MIT
/*
 * NETLINK_ROUTE (Linux's net/core/rtnetlink.c): the message dispatcher,
 * the link messages (RTM_GETLINK/NEWLINK/SETLINK) and RTNLGRP_LINK
 * events. Address and route messages are registered by their owners
 * (net/ipv4/devinet.c, net/ipv4/route.c) with rtnl_register().
 *
 * Locking: a doit runs under rtnl_lock (the device configuration mutex),
 * so requests are serialised against each other and against the ioctls.
 * A dump takes rtnl_lock around each skb it fills and drops it before the
 * skb is queued, so a slow reader never holds up configuration; its
 * cursor (cb->args) may therefore see the list change between two skbs,
 * as in Linux. rtnl_msg_handlers[] is written at boot only.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/init.h>
#include <shoal/notifier.h>
#include <shoal/netdevice.h>
#include <net/rtnetlink.h>

struct rtnl_link {
	rtnl_doit_func doit;
	rtnl_dumpit_func dumpit;
};

static struct rtnl_link *rtnl_msg_handlers[AF_MAX];     /* [boot] */

void rtnl_register(int family, int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit)
{
	struct rtnl_link *tab;
	int i = msgtype - RTM_BASE;

	if (family < 0 || family >= AF_MAX || i < 0 || i >= RTM_NR_MSGTYPES)
		panic("rtnl_register: bad family %d or type %d", family, msgtype);
	tab = rtnl_msg_handlers[family];
	if (!tab) {
		tab = kzalloc(RTM_NR_MSGTYPES * sizeof(*tab), GFP_KERNEL);
		if (!tab)
			panic("rtnl_register: out of memory");
		rtnl_msg_handlers[family] = tab;
	}
	tab[i].doit = doit;
	tab[i].dumpit = dumpit;
}

static const struct rtnl_link *rtnl_get_link(int family, int i)
{
	if (family < 0 || family >= AF_MAX || !rtnl_msg_handlers[family])
		return NULL;
	return &rtnl_msg_handlers[family][i];
}

/*
 * Linux's rtnl_dump_all, PF_UNSPEC's dump of a message type: every
 * family's dump in turn (IPv4's addresses, then IPv6's, ...). The family
 * in progress is cb->family; each family starts with a clean cursor.
 * [rtnl_lock]
 */
static int rtnl_dump_all(struct sk_buff *skb, struct netlink_callback *cb)
{
	int type = cb->nlh->nlmsg_type - RTM_BASE, idx, ret = 0;
	const struct rtnl_link *link;

	for (idx = cb->family ? cb->family : 1; idx < AF_MAX; idx++) {
		link = rtnl_get_link(idx, type);
		if (!link || !link->dumpit)
			continue;
		if (idx != cb->family) {
			memset(cb->args, 0, sizeof(cb->args));
			cb->family = idx;
		}
		ret = link->dumpit(skb, cb);
		if (ret)
			break;
	}
	cb->family = idx;
	return skb->len ? (int)skb->len : ret;
}

/* The dump for family: its own, else PF_UNSPEC's, else rtnl_dump_all
 * when some family dumps this type; NULL if none does. */
static rtnl_dumpit_func rtnl_get_dumpit(int family, int i)
{
	const struct rtnl_link *link = rtnl_get_link(family, i);
	int f;

	if (link && link->dumpit)
		return link->dumpit;
	link = rtnl_get_link(PF_UNSPEC, i);
	if (link && link->dumpit)
		return link->dumpit;
	for (f = 1; f < AF_MAX; f++) {
		link = rtnl_get_link(f, i);
		if (link && link->dumpit)
			return rtnl_dump_all;
	}
	return NULL;
}

static rtnl_doit_func rtnl_get_doit(int family, int i)
{
	const struct rtnl_link *link = rtnl_get_link(family, i);

	if (link && link->doit)
		return link->doit;
	link = rtnl_get_link(PF_UNSPEC, i);
	return link ? link->doit : NULL;
}

int rtnl_unicast(struct sk_buff *skb, u32 portid)
{
	return netlink_unicast(NETLINK_ROUTE, skb, portid);
}

void rtnl_notify(struct sk_buff *skb, u32 portid, u32 group, const struct nlmsghdr *nlh)
{
	bool report = nlh && (nlh->nlmsg_flags & NLM_F_ECHO);

	if (report)
		netlink_broadcast(NETLINK_ROUTE, skb_get(skb), portid, group);
	else
		netlink_broadcast(NETLINK_ROUTE, skb, 0, group);
	if (report)
		netlink_unicast(NETLINK_ROUTE, skb, portid);
}

/* A dump step under rtnl_lock; cb->data is the family's dump function. */
static int rtnl_dump_locked(struct sk_buff *skb, struct netlink_callback *cb)
{
	rtnl_dumpit_func dumpit = (rtnl_dumpit_func)cb->data;
	int ret;

	rtnl_lock();
	ret = dumpit(skb, cb);
	rtnl_unlock();
	return ret;
}

static int rtnetlink_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct netlink_dump_control c = { .dump = rtnl_dump_locked };
	rtnl_dumpit_func dumpit;
	rtnl_doit_func doit;
	int type = nlh->nlmsg_type, family, err;

	if (type > RTM_MAX)
		return -EOPNOTSUPP;
	type -= RTM_BASE;
	/* Every message has at least the family byte (Linux ignores it otherwise). */
	if (nlmsg_len(nlh) < (int)sizeof(struct rtgenmsg))
		return 0;
	family = ((struct rtgenmsg *)nlmsg_data(nlh))->rtgen_family;
	if ((type & 3) == 2 && (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
		dumpit = rtnl_get_dumpit(family, type);
		if (!dumpit)
			return -EOPNOTSUPP;
		c.data = (void *)dumpit;
		return netlink_dump_start(skb, nlh, &c);
	}
	/* anything but a GET changes the configuration (Linux: the kind != 2) */
	if ((type & 3) != 2 && !capable(CAP_NET_ADMIN))
		return -EPERM;
	doit = rtnl_get_doit(family, type);
	if (!doit)
		return -EOPNOTSUPP;
	rtnl_lock();
	err = doit(skb, nlh, extack);
	rtnl_unlock();
	return err;
}

static void rtnetlink_rcv(struct sk_buff *skb)
{
	netlink_rcv_skb(skb, rtnetlink_rcv_msg);
}

/* ---------------------------------------------------------------- links */

/* What user space sees: RUNNING and LOWER_UP follow the carrier of an up device. */
static unsigned int dev_get_flags(const struct net_device *dev)
{
	unsigned int flags = READ_ONCE(dev->flags) & ~(IFF_RUNNING | IFF_LOWER_UP);

	if ((flags & IFF_UP) && netif_carrier_ok(dev))
		flags |= IFF_RUNNING | IFF_LOWER_UP;
	return flags;
}

/* RFC 2863 state as Linux reports it: loopback has no carrier to speak of. */
static u8 dev_operstate(const struct net_device *dev)
{
	if (!(READ_ONCE(dev->flags) & IFF_UP))
		return IF_OPER_DOWN;
	if (dev->flags & IFF_LOOPBACK)
		return IF_OPER_UNKNOWN;
	return netif_carrier_ok(dev) ? IF_OPER_UP : IF_OPER_DOWN;
}

static void dev_get_stats64(const struct net_device *dev, struct rtnl_link_stats64 *s)
{
	int cpu;

	memset(s, 0, sizeof(*s));
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct pcpu_dstats *p = &dev->dstats[cpu];

		s->rx_packets += READ_ONCE(p->rx_packets);
		s->rx_bytes += READ_ONCE(p->rx_bytes);
		s->rx_dropped += READ_ONCE(p->rx_dropped);
		s->rx_errors += READ_ONCE(p->rx_errors);
		s->tx_packets += READ_ONCE(p->tx_packets);
		s->tx_bytes += READ_ONCE(p->tx_bytes);
		s->tx_dropped += READ_ONCE(p->tx_dropped);
		s->tx_errors += READ_ONCE(p->tx_errors);
	}
}

/* Linux's 32-bit view: each counter truncated. */
static void stats64_to_32(struct rtnl_link_stats *a, const struct rtnl_link_stats64 *b)
{
	const u64 *src = (const u64 *)b;
	u32 *dst = (u32 *)a;
	unsigned int i;

	for (i = 0; i < sizeof(*a) / sizeof(u32); i++)
		dst[i] = (u32)src[i];
}

/* "noqueue" as Linux shows for loopback; a multi-queue device has "mq". */
static const char *dev_qdisc_name(const struct net_device *dev)
{
	if (dev->num_tx_queues > 1)
		return "mq";
	return "noqueue";
}

static int rtnl_fill_stats(struct sk_buff *skb, const struct net_device *dev)
{
	struct rtnl_link_stats64 s64;
	struct rtnl_link_stats s32;

	dev_get_stats64(dev, &s64);
	stats64_to_32(&s32, &s64);
	if (nla_put(skb, IFLA_STATS64, sizeof(s64), &s64) ||
	    nla_put(skb, IFLA_STATS, sizeof(s32), &s32))
		return -EMSGSIZE;
	return 0;
}

/* One RTM_NEWLINK message for dev; -EMSGSIZE (and nothing added) if it does not fit. */
static int rtnl_fill_ifinfo(struct sk_buff *skb, struct net_device *dev, int type, u32 portid,
			    u32 seq, unsigned int change, unsigned int flags)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = nlmsg_data(nlh);
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = dev->type;
	ifm->ifi_index = dev->ifindex;
	ifm->ifi_flags = dev_get_flags(dev);
	ifm->ifi_change = change;
	if (nla_put_string(skb, IFLA_IFNAME, dev->name) ||
	    nla_put_u32(skb, IFLA_TXQLEN, READ_ONCE(dev->tx_queue_len)) ||
	    nla_put_u8(skb, IFLA_OPERSTATE, dev_operstate(dev)) ||
	    nla_put_u8(skb, IFLA_LINKMODE, IF_LINK_MODE_DEFAULT) ||
	    nla_put_u32(skb, IFLA_MTU, READ_ONCE(dev->mtu)) ||
	    nla_put_u32(skb, IFLA_MIN_MTU, dev->min_mtu) ||
	    nla_put_u32(skb, IFLA_MAX_MTU, dev->max_mtu) ||
	    nla_put_u32(skb, IFLA_GROUP, 0) ||
	    nla_put_u32(skb, IFLA_PROMISCUITY, 0) ||
	    nla_put_u32(skb, IFLA_NUM_TX_QUEUES, dev->num_tx_queues) ||
	    nla_put_u32(skb, IFLA_GSO_MAX_SEGS, 65535) ||
	    nla_put_u32(skb, IFLA_GSO_MAX_SIZE, dev->gso_max_size) ||
	    nla_put_u32(skb, IFLA_NUM_RX_QUEUES, dev->num_rx_queues) ||
	    nla_put_u8(skb, IFLA_CARRIER, netif_carrier_ok(dev)) ||
	    nla_put_string(skb, IFLA_QDISC, dev_qdisc_name(dev)) ||
	    nla_put_u32(skb, IFLA_CARRIER_CHANGES, 0))
		goto nla_put_failure;
	if (dev->addr_len &&
	    (nla_put(skb, IFLA_ADDRESS, dev->addr_len, dev->dev_addr) ||
	     nla_put(skb, IFLA_BROADCAST, dev->addr_len, dev->broadcast)))
		goto nla_put_failure;
	if (rtnl_fill_stats(skb, dev))
		goto nla_put_failure;
	nlmsg_end(skb, nlh);
	return 0;
nla_put_failure:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* A link message is at most this big. */
static size_t if_nlmsg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ifinfomsg)) + nla_total_size(IFNAMSIZ) +
	       nla_total_size(8) * 2 + nla_total_size(4) * 14 + nla_total_size(1) * 3 +
	       nla_total_size(sizeof(struct rtnl_link_stats64)) +
	       nla_total_size(sizeof(struct rtnl_link_stats));
}

static void rtmsg_ifinfo(int type, struct net_device *dev, unsigned int change)
{
	struct sk_buff *skb;

	if (!netlink_has_listeners(NETLINK_ROUTE, RTNLGRP_LINK))
		return;
	skb = nlmsg_new(if_nlmsg_size(), GFP_KERNEL);
	if (!skb)
		return;
	if (rtnl_fill_ifinfo(skb, dev, type, 0, 0, change, 0)) {
		kfree_skb(skb);
		return;
	}
	rtnl_notify(skb, 0, RTNLGRP_LINK, NULL);
}

struct link_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	long idx;
	bool full;
};

/* Devices are walked under dev_base_lock: the fill must not sleep (it does not). */
static void rtnl_dump_one_link(struct net_device *dev, void *arg)
{
	struct link_dump_ctx *c = arg;

	if (c->full || c->idx < c->cb->args[0]) {
		if (!c->full)
			c->idx++;
		return;
	}
	if (rtnl_fill_ifinfo(c->skb, dev, RTM_NEWLINK, c->cb->portid, c->cb->seq, 0, NLM_F_MULTI)) {
		c->full = true;
		return;
	}
	c->idx++;
}

static int rtnl_dump_ifinfo(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct link_dump_ctx c = { .skb = skb, .cb = cb };

	for_each_netdev_call(rtnl_dump_one_link, &c);
	cb->args[0] = c.idx;
	return skb->len;
}

static const struct nla_policy ifla_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFLA_ADDRESS] = { .type = NLA_BINARY, .len = 32 },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_TXQLEN] = { .type = NLA_U32 },
	[IFLA_EXT_MASK] = { .type = NLA_U32 },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_LINKMODE] = { .type = NLA_U8 },
};

/* The device a link request names: by index, else by IFLA_IFNAME. */
static struct net_device *rtnl_dev_get(const struct ifinfomsg *ifm, struct nlattr **tb, int *err)
{
	char name[IFNAMSIZ];
	struct net_device *dev = NULL;

	*err = -EINVAL;
	if (ifm->ifi_index > 0) {
		dev = dev_get_by_index(ifm->ifi_index);
	} else if (tb[IFLA_IFNAME]) {
		nla_strscpy(name, tb[IFLA_IFNAME], sizeof(name));
		dev = dev_get_by_name(name);
	} else {
		return NULL;
	}
	if (!dev)
		*err = -ENODEV;
	return dev;
}

static int rtnl_getlink(struct sk_buff *in_skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct net_device *dev;
	struct sk_buff *skb;
	int err;

	err = nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, ifla_policy, extack);
	if (err)
		return err;
	dev = rtnl_dev_get(nlmsg_data(nlh), tb, &err);
	if (!dev)
		return err;
	skb = nlmsg_new(if_nlmsg_size(), GFP_KERNEL);
	if (!skb)
		return -ENOBUFS;
	err = rtnl_fill_ifinfo(skb, dev, RTM_NEWLINK, rtnl_portid(in_skb), nlh->nlmsg_seq, 0, 0);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	return rtnl_unicast(skb, rtnl_portid(in_skb));
}

/* Linux's rtnl_dev_combine_flags: ifi_change selects the bits to take (0: all). */
static unsigned int rtnl_dev_combine_flags(const struct net_device *dev, const struct ifinfomsg *ifm)
{
	unsigned int flags = ifm->ifi_flags;

	if (ifm->ifi_change)
		flags = (flags & ifm->ifi_change) | (dev->flags & ~ifm->ifi_change);
	return flags;
}

/* Apply a SETLINK/NEWLINK to dev, under rtnl_lock, in Linux's do_setlink order. */
static int do_setlink(struct net_device *dev, const struct ifinfomsg *ifm, struct nlattr **tb)
{
	char name[IFNAMSIZ];
	int err;

	ASSERT_RTNL();
	if (tb[IFLA_IFNAME]) {
		nla_strscpy(name, tb[IFLA_IFNAME], sizeof(name));
		if (strcmp(name, dev->name))
			return -EOPNOTSUPP;     /* devices cannot be renamed */
	}
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) < dev->addr_len || !dev->addr_len)
			return -EINVAL;
		err = dev_set_mac_address(dev, nla_data(tb[IFLA_ADDRESS]));
		if (err)
			return err;
	}
	if (tb[IFLA_MTU]) {
		err = dev_set_mtu(dev, (int)nla_get_u32(tb[IFLA_MTU]));
		if (err)
			return err;
	}
	if (ifm->ifi_flags || ifm->ifi_change) {
		err = dev_change_flags(dev, rtnl_dev_combine_flags(dev, ifm));
		if (err)
			return err;
	}
	if (tb[IFLA_TXQLEN] && nla_get_u32(tb[IFLA_TXQLEN]) != dev->tx_queue_len) {
		WRITE_ONCE(dev->tx_queue_len, nla_get_u32(tb[IFLA_TXQLEN]));
		rtmsg_ifinfo(RTM_NEWLINK, dev, 0);
	}
	return 0;
}

static int rtnl_setlink(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct net_device *dev;
	int err;

	err = nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, ifla_policy, extack);
	if (err)
		return err;
	dev = rtnl_dev_get(nlmsg_data(nlh), tb, &err);
	if (!dev)
		return err;
	return do_setlink(dev, nlmsg_data(nlh), tb);
}

/* Only existing devices: no link kinds (veth, dummy, ...) can be created. */
static int rtnl_newlink(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct net_device *dev;
	int err;

	err = nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, ifla_policy, extack);
	if (err)
		return err;
	dev = rtnl_dev_get(nlmsg_data(nlh), tb, &err);
	if (dev) {
		if (nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (nlh->nlmsg_flags & NLM_F_REPLACE)
			return -EOPNOTSUPP;
		return do_setlink(dev, nlmsg_data(nlh), tb);
	}
	if (err == -EINVAL && !tb[IFLA_IFNAME])
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_CREATE))
		return -ENODEV;
	NL_SET_ERR_MSG(extack, "no link kinds can be created");
	return -EOPNOTSUPP;
}

static int rtnl_dellink(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct net_device *dev;
	int err;

	err = nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, ifla_policy, extack);
	if (err)
		return err;
	dev = rtnl_dev_get(nlmsg_data(nlh), tb, &err);
	if (!dev)
		return err;
	return -EOPNOTSUPP;     /* devices are never unregistered */
}

/* RTNLGRP_LINK events for the changes the netdevice chain announces (under rtnl). */
static int rtnetlink_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
		rtmsg_ifinfo(RTM_NEWLINK, dev, IFF_UP);
		break;
	case NETDEV_REGISTER:
	case NETDEV_CHANGE:
	case NETDEV_CHANGEMTU:
	case NETDEV_CHANGEADDR:
		rtmsg_ifinfo(RTM_NEWLINK, dev, 0);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block rtnetlink_dev_notifier = {
	.notifier_call = rtnetlink_event,
};

static int rtnetlink_init(void)
{
	static const struct netlink_kernel_cfg cfg = {
		.groups = RTNLGRP_MAX,
		.input = rtnetlink_rcv,
	};

	if (netlink_kernel_create(NETLINK_ROUTE, &cfg))
		panic("rtnetlink_init: cannot create rtnetlink");
	register_netdevice_notifier(&rtnetlink_dev_notifier);
	rtnl_register(PF_UNSPEC, RTM_GETLINK, rtnl_getlink, rtnl_dump_ifinfo);
	rtnl_register(PF_UNSPEC, RTM_SETLINK, rtnl_setlink, NULL);
	rtnl_register(PF_UNSPEC, RTM_NEWLINK, rtnl_newlink, NULL);
	rtnl_register(PF_UNSPEC, RTM_DELLINK, rtnl_dellink, NULL);
	return 0;
}
fs_initcall(rtnetlink_init);
