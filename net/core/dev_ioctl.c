// SPDX-License-Identifier: MIT
/*
 * Interface ioctls on any socket (Linux's net/core/dev_ioctl.c): the
 * SIOCGIF and SIOCSIF calls busybox ifconfig, ip and route use, for
 * everything but IPv4 addresses (net/ipv4/devinet.c has those).
 * Device changes are rare and come from process context: they run under
 * rtnl_lock; the device list lock is taken inside the lookups.
 *
 * SIOCETHTOOL goes to net/core/ethtool.c under rtnl_lock.
 *
 * SIOCGIFCONF lists every family's interface addresses: each family that
 * has them registers its part at boot (register_gifconf, as Linux did
 * before 5.14); the table is read without a lock afterwards.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/netdevice.h>
#include <shoal/uaccess.h>

static gifconf_func_t *gifconf_list[AF_MAX];  /* [boot only] */

int register_gifconf(unsigned int family, gifconf_func_t *gifconf)
{
	if (family >= AF_MAX)
		return -EINVAL;
	gifconf_list[family] = gifconf;
	return 0;
}

/* Linux's ifc_len rules: a NULL buffer asks for the length needed. */
static int dev_ifconf(struct ifconf __user *uifc)
{
	struct ifconf ifc;
	char __user *buf;
	int total = 0, done, i;

	if (copy_from_user(&ifc, uifc, sizeof(ifc)))
		return -EFAULT;
	buf = ifc.ifc_ifcu.ifcu_buf;
	for (i = 0; i < AF_MAX; i++) {
		if (!gifconf_list[i])
			continue;
		done = gifconf_list[i](buf ? buf + total : NULL, buf ? ifc.ifc_len - total : 0);
		if (done < 0)
			return done;
		total += done;
	}
	return put_user(total, &uifc->ifc_len);
}

static int dev_ifsioc_get(struct net_device *dev, unsigned int cmd, struct ifreq *ifr)
{
	switch (cmd) {
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)dev->flags;
		return 0;
	case SIOCGIFMETRIC:
		ifr->ifr_metric = 0;
		return 0;
	case SIOCGIFMTU:
		ifr->ifr_mtu = dev->mtu;
		return 0;
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_hwaddr, 0, sizeof(ifr->ifr_hwaddr));
		memcpy(ifr->ifr_hwaddr.sa_data, dev->dev_addr, min_t(size_t, dev->addr_len, 14));
		ifr->ifr_hwaddr.sa_family = dev->type;
		return 0;
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = dev->ifindex;
		return 0;
	case SIOCGIFTXQLEN:
		ifr->ifr_qlen = dev->tx_queue_len;
		return 0;
	}
	return -ENOIOCTLCMD;
}

static int dev_ifsioc_set(struct net_device *dev, unsigned int cmd, struct ifreq *ifr)
{
	switch (cmd) {
	case SIOCSIFFLAGS:
		return dev_change_flags(dev, (dev->flags & ~0xffffU) | (u16)ifr->ifr_flags);
	case SIOCSIFMETRIC:
		return -EOPNOTSUPP;
	case SIOCSIFMTU:
		return dev_set_mtu(dev, ifr->ifr_mtu);
	case SIOCSIFTXQLEN:
		if (ifr->ifr_qlen < 0)
			return -EINVAL;
		dev->tx_queue_len = ifr->ifr_qlen;
		return 0;
	case SIOCSIFHWADDR:
		return dev_set_mac_address(dev, ifr->ifr_hwaddr.sa_data);
	}
	return -ENOIOCTLCMD;
}

/* SIOCETHTOOL names the device exactly (no "lo:1" labels), as Linux's. */
static int dev_ioctl_ethtool(void __user *arg)
{
	struct net_device *dev;
	struct ifreq ifr;
	int err;

	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	ifr.ifr_name[IFNAMSIZ - 1] = 0;
	dev = dev_get_by_name(ifr.ifr_name);
	if (!dev)
		return -ENODEV;
	rtnl_lock();
	err = dev_ethtool(dev, ifr.ifr_ifru.ifru_data);
	rtnl_unlock();
	return err;
}

int dev_ioctl(unsigned int cmd, void __user *arg)
{
	struct net_device *dev;
	struct ifreq ifr;
	char *colon;
	int err;

	switch (cmd) {
	case SIOCGIFCONF:
		return dev_ifconf(arg);
	case SIOCETHTOOL:
		return dev_ioctl_ethtool(arg);
	case SIOCGIFFLAGS: case SIOCGIFMETRIC: case SIOCGIFMTU: case SIOCGIFHWADDR:
	case SIOCGIFINDEX: case SIOCGIFTXQLEN: case SIOCGIFNAME:
		break;
	case SIOCSIFFLAGS: case SIOCSIFMETRIC: case SIOCSIFMTU: case SIOCSIFTXQLEN:
	case SIOCSIFHWADDR:
		if (!capable(CAP_NET_ADMIN))
			return -EPERM;  /* changing a device's state */
		break;
	default:
		return -ENOIOCTLCMD;
	}
	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	ifr.ifr_name[IFNAMSIZ - 1] = 0;
	if (cmd == SIOCGIFNAME) {
		dev = dev_get_by_index(ifr.ifr_ifindex);
		if (!dev)
			return -ENODEV;
		memcpy(ifr.ifr_name, dev->name, IFNAMSIZ);
		return copy_to_user(arg, &ifr, sizeof(ifr)) ? -EFAULT : 0;
	}
	/* "lo:1" names an address label (devinet.c) on device "lo": the
	 * device calls act on the device, as in Linux. */
	colon = strchr(ifr.ifr_name, ':');
	if (colon)
		*colon = 0;
	dev = dev_get_by_name(ifr.ifr_name);
	if (!dev)
		return -ENODEV;
	if (colon)
		*colon = ':';
	err = dev_ifsioc_get(dev, cmd, &ifr);
	if (err == 0)
		return copy_to_user(arg, &ifr, sizeof(ifr)) ? -EFAULT : 0;
	if (err != -ENOIOCTLCMD)
		return err;
	/* Taking one label down would delete its address; not done here. */
	if (colon && cmd == SIOCSIFFLAGS && !(ifr.ifr_flags & IFF_UP))
		return -EOPNOTSUPP;
	if (colon && cmd == SIOCSIFFLAGS)
		return 0;       /* the label is up with its device */
	rtnl_lock();
	err = dev_ifsioc_set(dev, cmd, &ifr);
	rtnl_unlock();
	return err;
}
