/* SPDX-License-Identifier: MIT */
/*
 * Network devices and the receive/transmit core (net/core/dev.c), in the
 * shape of Linux's linux/netdevice.h.
 *
 * Receive: a driver's RX queue has a napi_struct. Its interrupt calls
 * napi_schedule(), which puts the napi on this CPU's softnet_data poll list
 * and raises NET_RX_SOFTIRQ; net_rx_action() calls each napi's poll with a
 * weight (64) until the softirq budget (300 packets or 2 ticks) runs out.
 * The poll hands packets to netif_receive_skb(), which dispatches them by
 * skb->protocol to the registered packet_type handlers (ip_rcv, arp_rcv).
 * Devices without NAPI (loopback) call netif_rx(): the skb goes on this
 * CPU's input_pkt_queue and the per-CPU "backlog" napi (process_backlog)
 * drains it in the same loop.
 *
 * Transmit: dev_queue_xmit() picks a TX queue (the caller's CPU modulo the
 * device's real queues), takes that queue's _xmit_lock and calls the
 * driver's ndo_start_xmit. Loopback is lockless (NETIF_F_LLTX).
 *
 * Locking: rtnl_lock() (a mutex, Linux's RTNL) serialises configuration
 * changes of a device (flags, MTU, queue length: the [rtnl] fields);
 * dev_base_lock guards the device list (devices are never freed);
 * softnet_data is touched only by its own CPU with IRQs off (input queue)
 * or in its NET_RX softirq (poll list), except input_pkt_queue.lock which
 * netif_rx takes (a remote CPU may enqueue in the future with RPS).
 */
#ifndef _SHOAL_NETDEVICE_H
#define _SHOAL_NETDEVICE_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/spinlock.h>
#include <shoal/skbuff.h>
#include <shoal/smp.h>
#include <shoal/byteorder.h>
#include <uapi/if.h>

struct net_device;
struct in_device;

#define ETH_ALEN        6
#define ETH_HLEN        14
#define ETH_ZLEN        60
#define ETH_DATA_LEN    1500
#define ETH_P_IP        0x0800
#define ETH_P_ARP       0x0806
#define ETH_P_IPV6      0x86DD
#define ETH_P_ALL       0x0003

struct ethhdr {
	u8 h_dest[ETH_ALEN];
	u8 h_source[ETH_ALEN];
	__be16 h_proto;
} __attribute__((packed));

/* features */
#define NETIF_F_SG              (1 << 0)        /* scatter/gather (page frags) */
#define NETIF_F_IP_CSUM         (1 << 1)        /* TX checksum offload (IPv4 TCP/UDP) */
#define NETIF_F_HW_CSUM         (1 << 2)        /* any checksum */
#define NETIF_F_LLTX            (1 << 3)        /* no _xmit_lock needed */
#define NETIF_F_TSO             (1 << 4)        /* TCP segmentation offload */
#define NETIF_F_RXCSUM          (1 << 5)        /* RX checksums verified */
#define NETIF_F_LOOPBACK        (1 << 6)
#define NETIF_F_GSO             (1 << 7)

typedef enum { NETDEV_TX_OK = 0, NETDEV_TX_BUSY = 0x10 } netdev_tx_t;

struct net_device_ops {
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
	int (*ndo_set_mac_address)(struct net_device *dev, void *addr);
};

/* Link-layer header building (eth_header_ops); NULL for loopback-like
 * devices that need none... loopback keeps an Ethernet header as Linux. */
struct header_ops {
	int (*create)(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		      const void *daddr, const void *saddr, unsigned int len);
};

/* Counters, per CPU so the fast path never shares a line. */
struct pcpu_dstats {
	u64 rx_packets, rx_bytes, rx_dropped, rx_errors;
	u64 tx_packets, tx_bytes, tx_dropped, tx_errors;
} __cacheline_aligned;

struct netdev_queue {
	struct net_device *dev;
	spinlock_t _xmit_lock;
	unsigned long state;            /* __QUEUE_STATE_* bits */
	unsigned long trans_start;
} __cacheline_aligned;
#define __QUEUE_STATE_DRV_XOFF  0

struct napi_struct {
	struct list_head poll_list;     /* on softnet_data.poll_list [that CPU, IRQs off] */
	unsigned long state;            /* NAPI_STATE_* bits */
	int weight;
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;
	int index;                      /* RX queue number */
	int cpu;                        /* CPU its interrupt is routed to */
};
#define NAPI_STATE_SCHED        0       /* on a poll list or being polled */
#define NAPI_STATE_DISABLE      1
#define NAPI_POLL_WEIGHT        64

#define MAX_NET_QUEUES          8

struct net_device {
	char name[IFNAMSIZ];
	int ifindex;                    /* [const] */
	unsigned int flags;             /* IFF_* [rtnl] */
	unsigned int mtu;               /* [rtnl] */
	unsigned short type;            /* ARPHRD_* */
	unsigned short hard_header_len;
	unsigned char addr_len;
	u8 dev_addr[ETH_ALEN];
	u8 broadcast[ETH_ALEN];
	unsigned long features;         /* NETIF_F_* */
	unsigned int tx_queue_len;      /* [rtnl] */
	unsigned int gso_max_size;

	const struct net_device_ops *netdev_ops;
	const struct header_ops *header_ops;

	struct netdev_queue *_tx;       /* [num_tx_queues] */
	unsigned int num_tx_queues;
	unsigned int real_num_tx_queues;
	unsigned int num_rx_queues;

	struct pcpu_dstats dstats[NR_CPUS];
	struct in_device *ip_ptr;       /* IPv4 addresses (net/ipv4/devinet.c) */
	struct list_head dev_list;      /* [dev_base_lock] */
	void *priv;                     /* driver's, after the struct */
};

static inline void *netdev_priv(const struct net_device *dev) { return dev->priv; }

struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *), unsigned int txqs, unsigned int rxqs);
int register_netdev(struct net_device *dev);
struct net_device *dev_get_by_name(const char *name);   /* not referenced: devices live forever */
struct net_device *dev_get_by_index(int ifindex);
extern struct net_device *loopback_dev;
void loopback_init(void);               /* drivers/net/loopback.c */
/* Iterate over devices (under dev_base_lock; fn must not sleep). */
void for_each_netdev_call(void (*fn)(struct net_device *dev, void *arg), void *arg);
/* Configuration changes run under rtnl_lock (process context). */
void rtnl_lock(void);
void rtnl_unlock(void);
int dev_change_flags(struct net_device *dev, unsigned int flags);
int dev_set_mtu(struct net_device *dev, int mtu);

/* Device ioctls on any socket (SIOCGIFCONF, SIOCGIFFLAGS, ...): net/core/dev_ioctl.c */
int dev_ioctl(unsigned int cmd, void __user *arg);

/* Receive. */
struct packet_type {
	__be16 type;                    /* htons(ETH_P_*) */
	int (*func)(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt);
	struct list_head list;
};
void dev_add_pack(struct packet_type *pt);
int netif_rx(struct sk_buff *skb);                      /* enqueue to this CPU's backlog */
int netif_receive_skb(struct sk_buff *skb);             /* dispatch now (softirq context) */
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight);
void napi_schedule(struct napi_struct *napi);           /* from the queue's IRQ */
/* The poll did less than its budget: leave the poll list. Returns false if
 * it must keep polling (rescheduled meanwhile). */
bool napi_complete_done(struct napi_struct *napi, int work_done);
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

/* Transmit. */
int dev_queue_xmit(struct sk_buff *skb);                /* consumes skb; 0 or -errno (NET_XMIT_DROP) */
int dev_hard_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		    const void *daddr, const void *saddr, unsigned int len);
static inline struct netdev_queue *netdev_get_tx_queue(const struct net_device *dev, unsigned int i)
{
	return &dev->_tx[i];
}
static inline void dev_sw_stat_add(struct net_device *dev, bool tx, unsigned int bytes)
{
	struct pcpu_dstats *s = &dev->dstats[smp_processor_id()];
	if (tx) { s->tx_packets++; s->tx_bytes += bytes; }
	else { s->rx_packets++; s->rx_bytes += bytes; }
}

/* Per-CPU receive state (/proc/net/softnet_stat). */
struct softnet_data {
	struct list_head poll_list;     /* napis to poll [this CPU, IRQs off] */
	struct sk_buff_head input_pkt_queue;    /* netif_rx [its lock] */
	struct sk_buff_head process_queue;      /* [this CPU, softirq] */
	struct napi_struct backlog;
	unsigned int processed;         /* packets handed up */
	unsigned int dropped;           /* input_pkt_queue full */
	unsigned int time_squeeze;      /* net_rx_action ran out of budget */
	unsigned int received_rps;
} __cacheline_aligned;
DECLARE_PER_CPU(struct softnet_data, softnet_data);
extern int netdev_max_backlog;          /* input_pkt_queue limit (1000) */
extern int netdev_budget;               /* packets per NET_RX softirq (300) */

void net_dev_init(void);                /* boot: softnet, NET_RX/TX softirqs, loopback */

#endif
