/* SPDX-License-Identifier: MIT */
/*
 * A driver's answers to SIOCETHTOOL (net/core/ethtool.c dispatches to
 * dev->ethtool_ops), Linux's struct ethtool_ops reduced to what shoal's
 * drivers implement. Called in process context under rtnl_lock; a
 * missing op makes its command -EOPNOTSUPP.
 */
#ifndef _SHOAL_ETHTOOL_H
#define _SHOAL_ETHTOOL_H

#include <uapi/ethtool.h>

struct net_device;

struct ethtool_ops {
	void (*get_drvinfo)(struct net_device *dev, struct ethtool_drvinfo *info);
	u32 (*get_link)(struct net_device *dev);
	void (*get_ringparam)(struct net_device *dev, struct ethtool_ringparam *ring);
	void (*get_channels)(struct net_device *dev, struct ethtool_channels *ch);
	int (*set_channels)(struct net_device *dev, struct ethtool_channels *ch);
	int (*get_sset_count)(struct net_device *dev, int sset);
	void (*get_strings)(struct net_device *dev, u32 stringset, u8 *data);
	void (*get_ethtool_stats)(struct net_device *dev, struct ethtool_stats *stats, u64 *data);
};

u32 ethtool_op_get_link(struct net_device *dev);        /* netif_carrier_ok */

#endif
