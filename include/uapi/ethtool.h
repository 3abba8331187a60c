/* SPDX-License-Identifier: MIT */
/* SIOCETHTOOL commands and structures (Linux's uapi/linux/ethtool.h, the part shoal serves). */
#ifndef _UAPI_ETHTOOL_H
#define _UAPI_ETHTOOL_H

#include <shoal/types.h>

#define ETHTOOL_GDRVINFO        0x00000003
#define ETHTOOL_GLINK           0x0000000a
#define ETHTOOL_GRINGPARAM      0x00000010
#define ETHTOOL_GSTRINGS        0x0000001b
#define ETHTOOL_GSTATS          0x0000001d
#define ETHTOOL_GSSET_INFO      0x00000037
#define ETHTOOL_GCHANNELS       0x0000003c
#define ETHTOOL_SCHANNELS       0x0000003d

#define ETH_GSTRING_LEN         32
enum ethtool_stringset { ETH_SS_TEST = 0, ETH_SS_STATS = 1, ETH_SS_PRIV_FLAGS = 2, ETH_SS_FEATURES = 4 };

struct ethtool_drvinfo {
	u32 cmd;
	char driver[32];
	char version[32];
	char fw_version[32];
	char bus_info[32];
	char erom_version[32];
	char reserved2[12];
	u32 n_priv_flags;
	u32 n_stats;
	u32 testinfo_len;
	u32 eedump_len;
	u32 regdump_len;
};

struct ethtool_value {
	u32 cmd;
	u32 data;
};

struct ethtool_ringparam {
	u32 cmd;
	u32 rx_max_pending;
	u32 rx_mini_max_pending;
	u32 rx_jumbo_max_pending;
	u32 tx_max_pending;
	u32 rx_pending;
	u32 rx_mini_pending;
	u32 rx_jumbo_pending;
	u32 tx_pending;
};

struct ethtool_channels {
	u32 cmd;
	u32 max_rx;
	u32 max_tx;
	u32 max_other;
	u32 max_combined;
	u32 rx_count;
	u32 tx_count;
	u32 other_count;
	u32 combined_count;
};

struct ethtool_gstrings {
	u32 cmd;
	u32 string_set;
	u32 len;
	u8 data[];
};

struct ethtool_sset_info {
	u32 cmd;
	u32 reserved;
	u64 sset_mask;
	u32 data[];
};

struct ethtool_stats {
	u32 cmd;
	u32 n_stats;
	u64 data[];
};

#endif
