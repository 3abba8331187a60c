// SPDX-License-Identifier: MIT
/*
 * SIOCETHTOOL (Linux's net/ethtool/ioctl.c): the ioctl half of ethtool,
 * reached from dev_ioctl on any socket. Each command copies its struct
 * from the user, asks the device's ethtool_ops (include/shoal/ethtool.h)
 * and copies the answer back. A device without the op answers
 * -EOPNOTSUPP, as does a command shoal does not serve, so the ethtool
 * program reports "Operation not supported" for it.
 *
 * Locking: dev_ethtool runs under rtnl_lock (dev_ioctl takes it), so a
 * driver's ops are serialised with every other configuration change; no
 * lock is held across anything but the driver's op and the user copies.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/netdevice.h>
#include <shoal/ethtool.h>

/* Most strings or statistics one string set may have (bounds the allocation). */
#define ETHTOOL_MAX_SSET        4096

u32 ethtool_op_get_link(struct net_device *dev)
{
	return netif_carrier_ok(dev) ? 1 : 0;
}

static int ethtool_get_drvinfo(struct net_device *dev, void __user *useraddr)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_drvinfo info;
	int n;

	if (!ops->get_drvinfo)
		return -EOPNOTSUPP;
	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	ops->get_drvinfo(dev, &info);
	if (ops->get_sset_count) {
		n = ops->get_sset_count(dev, ETH_SS_STATS);
		if (n >= 0)
			info.n_stats = n;
		n = ops->get_sset_count(dev, ETH_SS_PRIV_FLAGS);
		if (n >= 0)
			info.n_priv_flags = n;
		n = ops->get_sset_count(dev, ETH_SS_TEST);
		if (n >= 0)
			info.testinfo_len = n;
	}
	return copy_to_user(useraddr, &info, sizeof(info)) ? -EFAULT : 0;
}

/* Link detected: only an up device has a link, as Linux's. */
static int ethtool_get_link(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_value edata = { .cmd = ETHTOOL_GLINK };

	if (!dev->ethtool_ops->get_link)
		return -EOPNOTSUPP;
	edata.data = (dev->flags & IFF_UP) && dev->ethtool_ops->get_link(dev);
	return copy_to_user(useraddr, &edata, sizeof(edata)) ? -EFAULT : 0;
}

static int ethtool_get_ringparam(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };

	if (!dev->ethtool_ops->get_ringparam)
		return -EOPNOTSUPP;
	dev->ethtool_ops->get_ringparam(dev, &ring);
	return copy_to_user(useraddr, &ring, sizeof(ring)) ? -EFAULT : 0;
}

static int ethtool_get_channels(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };

	if (!dev->ethtool_ops->get_channels)
		return -EOPNOTSUPP;
	dev->ethtool_ops->get_channels(dev, &ch);
	return copy_to_user(useraddr, &ch, sizeof(ch)) ? -EFAULT : 0;
}

/* Linux's checks: within the maximums, and at least one RX and one TX channel. */
static int ethtool_set_channels(struct net_device *dev, void __user *useraddr)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_channels ch, cur = { .cmd = ETHTOOL_GCHANNELS };

	if (!ops->set_channels || !ops->get_channels)
		return -EOPNOTSUPP;
	if (copy_from_user(&ch, useraddr, sizeof(ch)))
		return -EFAULT;
	ops->get_channels(dev, &cur);
	if (ch.rx_count == cur.rx_count && ch.tx_count == cur.tx_count &&
	    ch.combined_count == cur.combined_count && ch.other_count == cur.other_count)
		return 0;
	if (ch.rx_count > cur.max_rx || ch.tx_count > cur.max_tx ||
	    ch.combined_count > cur.max_combined || ch.other_count > cur.max_other)
		return -EINVAL;
	if (!ch.combined_count && (!ch.rx_count || !ch.tx_count))
		return -EINVAL;
	return ops->set_channels(dev, &ch);
}

/* Entries in a string set, or -EOPNOTSUPP. */
static int ethtool_sset_count(struct net_device *dev, u32 sset)
{
	int n;

	if (!dev->ethtool_ops->get_sset_count || !dev->ethtool_ops->get_strings)
		return -EOPNOTSUPP;
	n = dev->ethtool_ops->get_sset_count(dev, sset);
	if (n > ETHTOOL_MAX_SSET)
		return -EINVAL;
	return n;
}

static int ethtool_get_sset_info(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_sset_info info;
	u32 counts[64];
	u64 mask, valid = 0;
	int i, n = 0, c;

	if (copy_from_user(&info, useraddr, sizeof(info)))
		return -EFAULT;
	mask = info.sset_mask;
	for (i = 0; i < 64; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		c = ethtool_sset_count(dev, i);
		if (c < 0)
			continue;
		valid |= 1ULL << i;
		counts[n++] = c;
	}
	info.sset_mask = valid;
	if (copy_to_user(useraddr, &info, sizeof(info)) ||
	    copy_to_user((char __user *)useraddr + sizeof(info), counts, n * sizeof(u32)))
		return -EFAULT;
	return 0;
}

static int ethtool_get_strings(struct net_device *dev, void __user *useraddr)
{
	struct ethtool_gstrings gs;
	u8 *data;
	int n, err = 0;

	if (copy_from_user(&gs, useraddr, sizeof(gs)))
		return -EFAULT;
	n = ethtool_sset_count(dev, gs.string_set);
	if (n < 0)
		return n;
	gs.len = n;
	data = kzalloc(n ? n * ETH_GSTRING_LEN : 1, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	dev->ethtool_ops->get_strings(dev, gs.string_set, data);
	if (copy_to_user(useraddr, &gs, sizeof(gs)) ||
	    copy_to_user((char __user *)useraddr + sizeof(gs), data, n * ETH_GSTRING_LEN))
		err = -EFAULT;
	kfree(data);
	return err;
}

/* The user sized its buffer from GSSET_INFO or GDRVINFO's n_stats, as Linux expects. */
static int ethtool_get_stats(struct net_device *dev, void __user *useraddr)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_stats stats;
	u64 *data;
	int n, err = 0;

	if (!ops->get_ethtool_stats || !ops->get_sset_count)
		return -EOPNOTSUPP;
	if (copy_from_user(&stats, useraddr, sizeof(stats)))
		return -EFAULT;
	n = ops->get_sset_count(dev, ETH_SS_STATS);
	if (n < 0)
		return n;
	if (n > ETHTOOL_MAX_SSET)
		return -EINVAL;
	stats.n_stats = n;
	data = kzalloc(n ? n * sizeof(u64) : 1, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	ops->get_ethtool_stats(dev, &stats, data);
	if (copy_to_user(useraddr, &stats, sizeof(stats)) ||
	    copy_to_user((char __user *)useraddr + sizeof(stats), data, n * sizeof(u64)))
		err = -EFAULT;
	kfree(data);
	return err;
}

/* Called with rtnl_lock held; useraddr is the ifreq's ifr_data. */
/*
 * The commands anyone may run (Linux's list in __dev_ethtool: the GETs,
 * by number since shoal implements only some); every other one changes the
 * device and needs CAP_NET_ADMIN.
 */
static bool ethtool_cmd_unprivileged(u32 cmd)
{
	static const u32 gets[] = {
		0x01 /* GSET */, 0x03 /* GDRVINFO */, 0x07 /* GMSGLVL */, 0x0a /* GLINK */,
		0x0e /* GCOALESCE */, 0x10 /* GRINGPARAM */, 0x12 /* GPAUSEPARAM */,
		0x14 /* GRXCSUM */, 0x16 /* GTXCSUM */, 0x18 /* GSG */, 0x1b /* GSTRINGS */,
		0x1d /* GSTATS */, 0x1e /* GTSO */, 0x20 /* GPERMADDR */, 0x21 /* GUFO */,
		0x23 /* GGSO */, 0x25 /* GFLAGS */, 0x27 /* GPFLAGS */, 0x29 /* GRXFH */,
		0x2b /* GGRO */, 0x2d /* GRXRINGS */, 0x2e /* GRXCLSRLCNT */,
		0x2f /* GRXCLSRULE */, 0x30 /* GRXCLSRLALL */, 0x37 /* GSSET_INFO */,
		0x38 /* GRXFHINDIR */, 0x3a /* GFEATURES */, 0x3c /* GCHANNELS */,
		0x41 /* GET_TS_INFO */, 0x44 /* GEEE */, 0x46 /* GRSSH */, 0x48 /* GTUNABLE */,
		0x4a /* GPHYSTATS */, 0x4c /* GLINKSETTINGS */, 0x4e /* PHY_GTUNABLE */,
		0x50 /* GFECPARAM */,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gets); i++)
		if (gets[i] == cmd)
			return true;
	return false;
}

int dev_ethtool(struct net_device *dev, void __user *useraddr)
{
	u32 ethcmd;

	ASSERT_RTNL();
	if (get_user(ethcmd, (u32 __user *)useraddr))
		return -EFAULT;
	if (!ethtool_cmd_unprivileged(ethcmd) && !capable(CAP_NET_ADMIN))
		return -EPERM;
	if (!dev->ethtool_ops)
		return -EOPNOTSUPP;
	switch (ethcmd) {
	case ETHTOOL_GDRVINFO:
		return ethtool_get_drvinfo(dev, useraddr);
	case ETHTOOL_GLINK:
		return ethtool_get_link(dev, useraddr);
	case ETHTOOL_GRINGPARAM:
		return ethtool_get_ringparam(dev, useraddr);
	case ETHTOOL_GCHANNELS:
		return ethtool_get_channels(dev, useraddr);
	case ETHTOOL_SCHANNELS:
		return ethtool_set_channels(dev, useraddr);
	case ETHTOOL_GSSET_INFO:
		return ethtool_get_sset_info(dev, useraddr);
	case ETHTOOL_GSTRINGS:
		return ethtool_get_strings(dev, useraddr);
	case ETHTOOL_GSTATS:
		return ethtool_get_stats(dev, useraddr);
	}
	return -EOPNOTSUPP;
}
