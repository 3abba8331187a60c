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
 * Transmit: dev_queue_xmit() first does in software what the device
 * cannot (validate_xmit_skb: GSO segmentation without NETIF_F_TSO, the
 * checksum without NETIF_F_IP_CSUM/HW_CSUM), then picks a TX queue (the
 * caller's CPU modulo the device's real queues), takes that queue's
 * _xmit_lock and calls the driver's ndo_start_xmit. Loopback is lockless
 * (NETIF_F_LLTX) and takes GSO skbs whole.
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
struct ethtool_ops;

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
#define NETIF_F_GSO             (1 << 7)        /* TCP may send GSO skbs: cut in software without TSO */
#define NETIF_F_GRO             (1 << 8)        /* napi_gro_receive merges TCP segments */
#define NETIF_F_RXHASH          (1 << 9)        /* the device gives skb->hash */

typedef enum { NETDEV_TX_OK = 0, NETDEV_TX_BUSY = 0x10 } netdev_tx_t;

struct net_device_ops {
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
	int (*ndo_set_mac_address)(struct net_device *dev, void *addr);
	/* TX queue for @skb (default: XPS, the sending CPU's queue). */
	u16 (*ndo_select_queue)(struct net_device *dev, struct sk_buff *skb);
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
	struct net_device *dev;         /* [const] */
	spinlock_t _xmit_lock;          /* the driver's TX state (not LLTX devices) */
	unsigned long state;            /* __QUEUE_STATE_* bits [atom] */
	unsigned long trans_start;      /* [_xmit_lock] */
} __cacheline_aligned;
#define __QUEUE_STATE_DRV_XOFF  0

/*
 * NAPI state, as in Linux: SCHED is ownership of the poll. Whoever sets it
 * (napi_schedule_prep returning true) puts the napi on a poll list; the
 * poll loop keeps it while polling; napi_complete_done gives it up. Only
 * the owner of SCHED touches poll_list. A schedule that finds SCHED
 * already set sets MISSED instead, and napi_complete_done then keeps SCHED
 * and puts the napi back on the poll list (returning false), so an
 * interrupt that raced with the end of a poll is never lost.
 */
struct napi_struct {
	struct list_head poll_list;     /* on softnet_data.poll_list [SCHED owner, IRQs off] */
	unsigned long state;            /* NAPI_STATE_* bits [atom] */
	int weight;                     /* [const] */
	int (*poll)(struct napi_struct *napi, int budget);      /* [const] */
	struct net_device *dev;         /* [const] */
	int index;                      /* RX queue number [const] */
	int cpu;                        /* CPU its interrupt is routed to [const] */
	unsigned int napi_id;           /* unique, from MIN_NAPI_ID on; 0 for a CPU's backlog [const] */
	struct sk_buff *gro_list;       /* GRO: packets being merged [SCHED owner] */
	unsigned int gro_count;         /* [SCHED owner] */
};
#define NAPI_STATE_SCHED        0       /* on a poll list or being polled */
#define NAPI_STATE_MISSED       1       /* scheduled again while SCHED: poll once more */
#define NAPI_STATE_DISABLE      2       /* napi_schedule_prep refuses */
#define NAPIF_STATE_SCHED       (1UL << NAPI_STATE_SCHED)
#define NAPIF_STATE_MISSED      (1UL << NAPI_STATE_MISSED)
#define NAPIF_STATE_DISABLE     (1UL << NAPI_STATE_DISABLE)
#define NAPI_POLL_WEIGHT        64
/* NAPI ids start above the CPU numbers, as Linux's (SO_INCOMING_NAPI_ID
 * reports smaller ones as 0) */
#define MIN_NAPI_ID             (NR_CPUS + 1)

#define MAX_NET_QUEUES          8

/*
 * Field key: [const] set by alloc_netdev/the driver's setup before
 * register_netdev, read locklessly after; [rtnl] changed under rtnl_lock,
 * read locklessly (READ_ONCE) on the packet path; [dev_base_lock];
 * [percpu] written only by its own CPU with BHs off, summed racily by
 * readers; [devinet_lock] set once under it, then read locklessly.
 */
struct net_device {
	char name[IFNAMSIZ];            /* [const] */
	int ifindex;                    /* [const] (register_netdev, under dev_base_lock) */
	unsigned int flags;             /* IFF_* [rtnl] */
	unsigned int mtu;               /* [rtnl] */
	unsigned int min_mtu;           /* [const] dev_set_mtu's limits; max 0: none */
	unsigned int max_mtu;           /* [const] */
	unsigned short type;            /* ARPHRD_* [const] */
	unsigned short hard_header_len; /* [const] */
	unsigned char addr_len;         /* [const] */
	u8 dev_addr[ETH_ALEN];          /* [rtnl] */
	u8 broadcast[ETH_ALEN];         /* [const] */
	unsigned long features;         /* NETIF_F_* [const] */
	unsigned int tx_queue_len;      /* [rtnl] */
	unsigned int gso_max_size;      /* [const] */

	const struct net_device_ops *netdev_ops;        /* [const] */
	const struct header_ops *header_ops;            /* [const] */
	const struct ethtool_ops *ethtool_ops;          /* [const] NULL: none */
	unsigned long state;            /* __LINK_STATE_* bits [atom] */

	struct netdev_queue *_tx;       /* [num_tx_queues] [const]; each queue's state [_xmit_lock] */
	unsigned int num_tx_queues;     /* [const] */
	unsigned int real_num_tx_queues;/* [rtnl]: netif_set_real_num_tx_queues */
	unsigned int num_rx_queues;     /* [const] */
	unsigned int real_num_rx_queues;/* [rtnl] */

	struct pcpu_dstats dstats[NR_CPUS];     /* [percpu] */
	struct in_device *ip_ptr;       /* IPv4 addresses (net/ipv4/devinet.c) [devinet_lock] */
	struct list_head dev_list;      /* added under rtnl + dev_base_lock; read under either */
	void *priv;                     /* driver's, after the struct [const] */
};

static inline void *netdev_priv(const struct net_device *dev) { return dev->priv; }

struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *), unsigned int txqs, unsigned int rxqs);
int register_netdev(struct net_device *dev);
struct net_device *dev_get_by_name(const char *name);   /* not referenced: devices live forever */
struct net_device *dev_get_by_index(int ifindex);
extern struct net_device *loopback_dev;
/* Iterate over devices (under dev_base_lock; fn must not sleep). */
void for_each_netdev_call(void (*fn)(struct net_device *dev, void *arg), void *arg);
/* Configuration changes run under rtnl_lock (process context). */
void rtnl_lock(void);
void rtnl_unlock(void);
bool lockdep_rtnl_is_held(void);
#define ASSERT_RTNL()   DEBUG_ASSERT(lockdep_rtnl_is_held())
int dev_change_flags(struct net_device *dev, unsigned int flags);
int dev_set_mtu(struct net_device *dev, int mtu);
int dev_set_mac_address(struct net_device *dev, void *addr);

/*
 * Device events for the protocols (Linux's values). The chain is called
 * with rtnl_lock held, in process context: a callback may sleep and must
 * not take rtnl_lock. Data is a struct netdev_notifier_info. A
 * NETDEV_CHANGEMTU callback may refuse with notifier_from_errno(-EINVAL).
 */
enum netdev_cmd {
	NETDEV_UP = 1,          /* IFF_UP set */
	NETDEV_DOWN,            /* IFF_UP cleared */
	NETDEV_REBOOT,
	NETDEV_CHANGE,
	NETDEV_REGISTER,        /* on the device list */
	NETDEV_UNREGISTER,      /* devices are never unregistered yet */
	NETDEV_CHANGEMTU,       /* dev->mtu is the new MTU */
	NETDEV_CHANGEADDR,      /* dev->dev_addr changed */
};

struct netdev_notifier_info {
	struct net_device *dev;
};

static inline struct net_device *netdev_notifier_info_to_dev(const void *ptr)
{
	return ((const struct netdev_notifier_info *)ptr)->dev;
}

struct notifier_block;
int register_netdevice_notifier(struct notifier_block *nb);
int unregister_netdevice_notifier(struct notifier_block *nb);
int call_netdevice_notifiers(unsigned long event, struct net_device *dev);

/* Device ioctls on any socket (SIOCGIFCONF, SIOCGIFFLAGS, ...): net/core/dev_ioctl.c */
int dev_ioctl(unsigned int cmd, void __user *arg);
/* SIOCETHTOOL on dev (net/core/ethtool.c); useraddr is ifr_data. Called under rtnl_lock. */
int dev_ethtool(struct net_device *dev, void __user *useraddr);
/* A family's part of SIOCGIFCONF: fills at most len bytes of struct ifreq
 * at buf and returns the bytes written (needed, if buf is NULL). */
typedef int gifconf_func_t(char __user *buf, int len);
int register_gifconf(unsigned int family, gifconf_func_t *gifconf);

/*
 * Link state (carrier), as Linux's: a driver calls netif_carrier_on/off
 * from any context; the core sets IFF_RUNNING (and IFF_LOWER_UP in the
 * flags user space sees) and sends NETDEV_CHANGE to the notifier chain
 * from process context (a work item, Linux's linkwatch).
 */
#define __LINK_STATE_NOCARRIER  0
#define __LINK_STATE_START      1       /* the device is open (IFF_UP) */
#define __LINK_STATE_LINKWATCH_PENDING 2 /* a carrier change awaits the linkwatch thread */
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !((READ_ONCE(dev->state) >> __LINK_STATE_NOCARRIER) & 1);
}
static inline bool netif_running(const struct net_device *dev)
{
	return (READ_ONCE(dev->state) >> __LINK_STATE_START) & 1;
}

/* TX queue flow control: a driver stops a queue when its ring is full and
 * wakes it from its completion path; dev_queue_xmit does not call a
 * stopped queue's ndo_start_xmit (it drops the packet and counts it, the
 * qdisc-less behaviour, or requeues when the caller is TCP). */
void netif_tx_stop_queue(struct netdev_queue *txq);
void netif_tx_wake_queue(struct netdev_queue *txq);
static inline bool netif_tx_queue_stopped(const struct netdev_queue *txq)
{
	return (READ_ONCE(txq->state) >> __QUEUE_STATE_DRV_XOFF) & 1;
}
void netif_tx_stop_all_queues(struct net_device *dev);
void netif_tx_wake_all_queues(struct net_device *dev);
/* Change the number of queues in use (rtnl; at most num_*_queues). */
int netif_set_real_num_tx_queues(struct net_device *dev, unsigned int txq);
int netif_set_real_num_rx_queues(struct net_device *dev, unsigned int rxq);
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *napi);
void napi_disable(struct napi_struct *napi);    /* waits until a running poll ends */

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
/* Take SCHED: true if the caller now owns the poll and must queue it
 * (__napi_schedule); false if it was already scheduled (MISSED is set). */
bool napi_schedule_prep(struct napi_struct *napi);
void __napi_schedule(struct napi_struct *napi);         /* caller owns SCHED */
void napi_schedule(struct napi_struct *napi);           /* from the queue's IRQ */
/* The poll did less than its budget: give up SCHED. Returns false if a
 * schedule raced with the poll (MISSED): the napi stays scheduled and is
 * polled again, so the driver must not re-enable its interrupt. */
bool napi_complete_done(struct napi_struct *napi, int work_done);
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);
/* GRO: merge consecutive in-order TCP segments of one flow arriving in one
 * NAPI poll into one skb (page frags), flushed at the end of the poll
 * (napi_complete_done) or when a segment does not fit. Without
 * NETIF_F_GRO on the device it is netif_receive_skb. net/core/gro.c. */
enum gro_result { GRO_MERGED, GRO_MERGED_FREE, GRO_HELD, GRO_NORMAL, GRO_CONSUMED };
int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);
void napi_gro_flush(struct napi_struct *napi);
void napi_gro_flush_old(struct napi_struct *napi);      /* held since before this jiffy */
#define MAX_GRO_SKBS            8       /* flows held per napi */

/*
 * Per-skb GRO state in skb->cb while napi_gro_receive looks at it (Linux's
 * NAPI_GRO_CB). The headers are not pulled: each layer reads its header at
 * skb->data + data_offset and advances data_offset past it.
 */
struct napi_gro_cb {
	u16 data_offset;                /* the next layer's header, from skb->data */
	u16 count;                      /* segments in this skb (held: merged so far) */
	u8 same_flow;                   /* held skb: may be of the new skb's flow;
					 * new skb: merged into a held one */
	u8 flush;                       /* new skb: cannot be held, goes up as is */
	u16 mss;                        /* held skb: payload of its segments */
	unsigned long age;              /* held skb: jiffies when it was first held */
};
#define NAPI_GRO_CB(skb)        ((struct napi_gro_cb *)(skb)->cb)

static inline void *skb_gro_header(struct sk_buff *skb, unsigned int hlen)
{
	unsigned int off = NAPI_GRO_CB(skb)->data_offset;

	return pskb_may_pull(skb, off + hlen) ? skb->data + off : NULL;
}

/* Payload bytes left after the headers seen so far. */
static inline unsigned int skb_gro_len(const struct sk_buff *skb)
{
	return skb->len - NAPI_GRO_CB(skb)->data_offset;
}

/* Append skb's payload (from data_offset on) to the held p; 0 or -E2BIG
 * when p cannot take it (64 KiB, frags). net/core/gro.c. */
int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb);
/* Give back this CPU's GRO page (leak checks), as skb_cache_drain_local. */
void gro_frag_cache_drain_local(void);

/*
 * Protocol offloads (Linux's packet_offload / net_offload): how the core
 * segments (GSO) and merges (GRO) a protocol's packets without knowing it
 * by name. gso_segment gets skb->data at its header and returns the list
 * of segments (skb_segment) with its header fixed in each; gro_receive
 * gets the list of held skbs and the new one (header at data_offset) and
 * returns the link of a held skb to flush now, or NULL; gro_complete
 * fixes the headers of a merged skb at offset nhoff before it goes up.
 */
struct offload_callbacks {
	struct sk_buff *(*gso_segment)(struct sk_buff *skb, unsigned long features);
	struct sk_buff **(*gro_receive)(struct sk_buff **head, struct sk_buff *skb);
	int (*gro_complete)(struct sk_buff *skb, int nhoff);
};

struct packet_offload {
	__be16 type;                    /* htons(ETH_P_*) */
	struct offload_callbacks callbacks;
	struct list_head list;
};
void dev_add_offload(struct packet_offload *po);        /* at boot */
struct packet_offload *gro_find_receive_by_type(__be16 type);
/*
 * Software segmentation (net/core/gso.c): skb->data at the network
 * header, mac header set; returns the segments (linked by ->next, data at
 * their MAC header, CHECKSUM_PARTIAL kept when features has a checksum
 * offload, else finished) or an ERR_PTR. skb is not freed.
 */
struct sk_buff *skb_gso_segment(struct sk_buff *skb, unsigned long features);
/* Fill in what dev cannot do for skb (net/core/gso.c, called by
 * dev_queue_xmit): the skb, a list of segments, or NULL (dropped). */
struct sk_buff *validate_xmit_skb(struct sk_buff *skb, struct net_device *dev);
/* Does the device lack something skb needs (Linux's netif_needs_gso)? */
static inline bool netif_needs_gso(const struct sk_buff *skb, unsigned long features)
{
	/* TSO hardware fills in each segment's checksum: no offload, no TSO */
	return skb_is_gso(skb) && (!(features & NETIF_F_TSO) ||
				   !(features & (NETIF_F_IP_CSUM | NETIF_F_HW_CSUM)));
}

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
	unsigned int gro_merged;        /* segments GRO appended to a held skb */
	unsigned int gro_flushed;       /* merged skbs GRO sent up (2 segments or more) */
	unsigned int gso_segmented;     /* GSO skbs cut in software for a device */
} __cacheline_aligned;
DECLARE_PER_CPU(struct softnet_data, softnet_data);
extern int netdev_max_backlog;          /* input_pkt_queue limit (1000) */
extern int netdev_budget;               /* packets per NET_RX softirq (300) */


#endif
