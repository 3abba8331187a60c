// SPDX-License-Identifier: MIT
/*
 * Network devices and the packet core (Linux's net/core/dev.c).
 *
 * Receive: every CPU has a softnet_data with a poll list of napi_structs.
 * NET_RX_SOFTIRQ (net_rx_action) polls them round robin, each with its
 * weight, until netdev_budget packets or two ticks are spent; leftovers
 * stay on the list and the softirq re-raises itself (ksoftirqd takes over
 * if that goes on). Devices without their own NAPI (loopback) use
 * netif_rx(): the skb joins this CPU's input_pkt_queue, drained by the
 * per-CPU backlog napi (process_backlog). Each packet then goes to
 * netif_receive_skb(), which hands it to the packet_type registered for
 * its protocol (ip_rcv, arp_rcv).
 *
 * Transmit: dev_queue_xmit() runs with BHs off, so that a loopback packet
 * is received (NET_RX) on the sending CPU as soon as the send path
 * re-enables BHs: the receiver's protocol work happens in the sender's
 * context, with warm caches and no cross-CPU wake-up, as in Linux.
 *
 * Protocols learn about devices from the netdevice notifier chain
 * (register_netdevice_notifier): NETDEV_REGISTER when a device appears,
 * NETDEV_UP/DOWN when dev_change_flags changes IFF_UP, NETDEV_CHANGEMTU
 * and NETDEV_CHANGEADDR after a change (a protocol may refuse an MTU it
 * cannot use; the old one comes back). The core knows no protocol by name.
 *
 * Locks:
 *   rtnl_mutex              device configuration (flags, MTU), the
 *                           notifier chain and every call of it: process
 *                           context only, outermost. Registration adds
 *                           to the device list under rtnl and
 *                           dev_base_lock, so an rtnl holder may walk
 *                           the list without dev_base_lock.
 *   dev_base_lock           device list and ifindex allocation (rare).
 *   ptype_lock              packet_type list (registration at boot; the
 *                           receive path reads the list without it).
 *   sd->input_pkt_queue.lock  netif_rx against process_backlog; IRQs off.
 *   txq->_xmit_lock         a TX queue's driver state (not for LLTX devices).
 *   linkwatch_wait.lock     the link-watch thread's wait queue (a leaf).
 * Order: rtnl_mutex -> dev_base_lock; none of the others nests inside
 * another.
 *
 * Link state: netif_carrier_on/off may be called from any context (a
 * driver's configuration interrupt). They flip __LINK_STATE_NOCARRIER,
 * mark the device __LINK_STATE_LINKWATCH_PENDING and wake the
 * "linkwatch" thread, which takes rtnl_lock, brings IFF_RUNNING and
 * IFF_LOWER_UP in line and sends NETDEV_CHANGE, as Linux's linkwatch
 * work does.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/netdevice.h>
#include <shoal/mutex.h>
#include <shoal/softirq.h>
#include <shoal/irqflags.h>
#include <shoal/time.h>
#include <shoal/sched.h>
#include <shoal/init.h>
#include <shoal/notifier.h>
#include <shoal/kthread.h>
#include <shoal/wait.h>

DEFINE_PER_CPU(struct softnet_data, softnet_data);
int netdev_max_backlog = 1000;
int netdev_budget = 300;
struct net_device *loopback_dev;

static struct mutex rtnl_mutex;         /* device configuration (Linux's RTNL) */
static RAW_NOTIFIER_HEAD(netdev_chain); /* [rtnl_mutex] */
static LIST_HEAD(dev_base_head);
static DEFINE_SPINLOCK(dev_base_lock);
static int next_ifindex = 1;

static LIST_HEAD(ptype_base);
static DEFINE_SPINLOCK(ptype_lock);

/* ---------------------------------------------------------- the devices */

struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *), unsigned int txqs, unsigned int rxqs)
{
	struct net_device *dev;
	unsigned int i;

	if (!txqs || txqs > MAX_NET_QUEUES || !rxqs || rxqs > MAX_NET_QUEUES)
		return NULL;
	dev = kzalloc(sizeof(*dev) + sizeof_priv, GFP_KERNEL);
	if (!dev)
		return NULL;
	dev->_tx = kzalloc(txqs * sizeof(*dev->_tx), GFP_KERNEL);
	if (!dev->_tx) {
		kfree(dev);
		return NULL;
	}
	for (i = 0; i < txqs; i++) {
		dev->_tx[i].dev = dev;
		spin_lock_init_named(&dev->_tx[i]._xmit_lock, "netdev_queue._xmit_lock");
	}
	dev->num_tx_queues = dev->real_num_tx_queues = txqs;
	dev->num_rx_queues = rxqs;
	dev->priv = sizeof_priv ? (void *)(dev + 1) : NULL;
	strncpy(dev->name, name, IFNAMSIZ - 1);
	INIT_LIST_HEAD(&dev->dev_list);
	dev->tx_queue_len = 1000;
	dev->gso_max_size = 65536;
	if (setup)
		setup(dev);
	return dev;
}

/* Add dev to the device list and tell the protocols (NETDEV_REGISTER). */
int register_netdev(struct net_device *dev)
{
	rtnl_lock();
	spin_lock(&dev_base_lock);
	dev->ifindex = next_ifindex++;
	list_add_tail(&dev->dev_list, &dev_base_head);
	spin_unlock(&dev_base_lock);
	call_netdevice_notifiers(NETDEV_REGISTER, dev);
	rtnl_unlock();
	return 0;
}

struct net_device *dev_get_by_name(const char *name)
{
	struct net_device *dev, *found = NULL;

	spin_lock(&dev_base_lock);
	list_for_each_entry(dev, &dev_base_head, dev_list) {
		if (!strncmp(dev->name, name, IFNAMSIZ)) {
			found = dev;
			break;
		}
	}
	spin_unlock(&dev_base_lock);
	return found;
}

struct net_device *dev_get_by_index(int ifindex)
{
	struct net_device *dev, *found = NULL;

	spin_lock(&dev_base_lock);
	list_for_each_entry(dev, &dev_base_head, dev_list) {
		if (dev->ifindex == ifindex) {
			found = dev;
			break;
		}
	}
	spin_unlock(&dev_base_lock);
	return found;
}

void for_each_netdev_call(void (*fn)(struct net_device *dev, void *arg), void *arg)
{
	struct net_device *dev;

	spin_lock(&dev_base_lock);
	list_for_each_entry(dev, &dev_base_head, dev_list)
		fn(dev, arg);
	spin_unlock(&dev_base_lock);
}

void rtnl_lock(void)
{
	mutex_lock(&rtnl_mutex);
}

void rtnl_unlock(void)
{
	mutex_unlock(&rtnl_mutex);
}

bool lockdep_rtnl_is_held(void)
{
	return rtnl_mutex.owner == current;
}

/* ------------------------------------------------------ device notifiers */

/* Call the chain for one event on dev; returns the last NOTIFY_* result. */
int call_netdevice_notifiers(unsigned long event, struct net_device *dev)
{
	struct netdev_notifier_info info = { .dev = dev };

	ASSERT_RTNL();
	return raw_notifier_call_chain(&netdev_chain, event, &info);
}

/*
 * Add nb to the chain and replay NETDEV_REGISTER (and NETDEV_UP for a
 * running device) for the devices that already exist, as Linux does, so
 * a protocol registered late sees the same sequence as an early one.
 */
int register_netdevice_notifier(struct notifier_block *nb)
{
	struct netdev_notifier_info info;
	struct net_device *dev;
	int err;

	rtnl_lock();
	err = raw_notifier_chain_register(&netdev_chain, nb);
	if (err)
		goto out_unlock;
	list_for_each_entry(dev, &dev_base_head, dev_list) {
		info.dev = dev;
		nb->notifier_call(nb, NETDEV_REGISTER, &info);
		if (dev->flags & IFF_UP)
			nb->notifier_call(nb, NETDEV_UP, &info);
	}
out_unlock:
	rtnl_unlock();
	return err;
}

int unregister_netdevice_notifier(struct notifier_block *nb)
{
	int err;

	rtnl_lock();
	err = raw_notifier_chain_unregister(&netdev_chain, nb);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------ configuration */

/* IFF_RUNNING and IFF_LOWER_UP follow IFF_UP and the carrier. rtnl held. */
static void dev_update_oper_flags(struct net_device *dev)
{
	if ((dev->flags & IFF_UP) && netif_carrier_ok(dev))
		dev->flags |= IFF_RUNNING | IFF_LOWER_UP;
	else
		dev->flags &= ~(IFF_RUNNING | IFF_LOWER_UP);
}

/* Called with rtnl_lock held. */
int dev_change_flags(struct net_device *dev, unsigned int flags)
{
	bool was_up = dev->flags & IFF_UP, up = flags & IFF_UP;
	unsigned int changeable = IFF_UP | IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP |
				  IFF_PROMISC | IFF_ALLMULTI | IFF_MULTICAST;
	int err;

	ASSERT_RTNL();
	if (up && !was_up) {
		/* START before ndo_open, so the driver's open sees netif_running */
		set_bit(__LINK_STATE_START, &dev->state);
		err = dev->netdev_ops->ndo_open ? dev->netdev_ops->ndo_open(dev) : 0;
		if (err) {
			clear_bit(__LINK_STATE_START, &dev->state);
			return err;
		}
	}
	if (!up && was_up) {
		clear_bit(__LINK_STATE_START, &dev->state);
		if (dev->netdev_ops->ndo_stop)
			dev->netdev_ops->ndo_stop(dev);
	}
	dev->flags = (dev->flags & ~changeable) | (flags & changeable);
	dev_update_oper_flags(dev);
	if (up != was_up)
		call_netdevice_notifiers(up ? NETDEV_UP : NETDEV_DOWN, dev);
	return 0;
}

static int __dev_set_mtu(struct net_device *dev, int mtu)
{
	if (dev->netdev_ops->ndo_change_mtu)
		return dev->netdev_ops->ndo_change_mtu(dev, mtu);
	dev->mtu = mtu;
	return 0;
}

/*
 * Called with rtnl_lock held. The device's own limits are checked here;
 * a protocol that cannot use the new MTU (IPv4 below 68) refuses it from
 * its NETDEV_CHANGEMTU notifier and the old MTU is restored, as in
 * Linux's dev_set_mtu_ext.
 */
int dev_set_mtu(struct net_device *dev, int mtu)
{
	int orig_mtu = dev->mtu, err;

	ASSERT_RTNL();
	if (mtu < 0 || mtu < (int)dev->min_mtu || (dev->max_mtu && mtu > (int)dev->max_mtu))
		return -EINVAL;
	if (mtu == orig_mtu)
		return 0;
	err = __dev_set_mtu(dev, mtu);
	if (err)
		return err;
	err = notifier_to_errno(call_netdevice_notifiers(NETDEV_CHANGEMTU, dev));
	if (err) {
		__dev_set_mtu(dev, orig_mtu);
		call_netdevice_notifiers(NETDEV_CHANGEMTU, dev);
	}
	return err;
}

/* Called with rtnl_lock held: the driver sets the address, the protocols hear of it. */
int dev_set_mac_address(struct net_device *dev, void *addr)
{
	int err;

	ASSERT_RTNL();
	if (!dev->netdev_ops->ndo_set_mac_address)
		return -EOPNOTSUPP;
	err = dev->netdev_ops->ndo_set_mac_address(dev, addr);
	if (!err)
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	return err;
}

/* ---------------------------------------------------------- link state */

static wait_queue_head_t linkwatch_wait;       /* set up by net_dev_init */
static bool linkwatch_kick;             /* [atom] a device has a pending event */

static void linkwatch_fire_event(struct net_device *dev)
{
	if (test_and_set_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state))
		return;
	WRITE_ONCE(linkwatch_kick, true);
	wake_up(&linkwatch_wait);       /* paired with the condition check in linkwatch_thread */
}

void netif_carrier_on(struct net_device *dev)
{
	if (test_and_clear_bit(__LINK_STATE_NOCARRIER, &dev->state))
		linkwatch_fire_event(dev);
}

void netif_carrier_off(struct net_device *dev)
{
	if (!test_and_set_bit(__LINK_STATE_NOCARRIER, &dev->state))
		linkwatch_fire_event(dev);
}

/* Under rtnl: bring one device's flags in line with its carrier. */
static void linkwatch_do_dev(struct net_device *dev)
{
	unsigned int old = dev->flags;

	if (!test_and_clear_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state))
		return;
	dev_update_oper_flags(dev);
	if (old != dev->flags)
		call_netdevice_notifiers(NETDEV_CHANGE, dev);
}

/* Process context for carrier events: notifier callbacks may sleep. */
static int linkwatch_thread(void *arg)
{
	struct net_device *dev;

	(void)arg;
	for (;;) {
		wait_event_idle(&linkwatch_wait, READ_ONCE(linkwatch_kick));
		WRITE_ONCE(linkwatch_kick, false);
		rtnl_lock();
		/* rtnl holders walk the device list without dev_base_lock */
		list_for_each_entry(dev, &dev_base_head, dev_list)
			linkwatch_do_dev(dev);
		rtnl_unlock();
	}
	return 0;
}

static int linkwatch_init(void)
{
	WRITE_ONCE(linkwatch_kick, true);       /* events from before the thread */
	return kthread_run(linkwatch_thread, NULL, "linkwatch") ? 0 : -ENOMEM;
}
kthread_initcall(linkwatch_init);

/* ---------------------------------------------------- link-layer headers */

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	struct ethhdr *eth;

	skb->dev = dev;
	skb_reset_mac_header(skb);
	eth = (struct ethhdr *)skb->data;
	__skb_pull(skb, ETH_HLEN);
	if (eth->h_dest[0] & 1)
		skb->pkt_type = memcmp(eth->h_dest, dev->broadcast, ETH_ALEN) ? PACKET_MULTICAST
									  : PACKET_BROADCAST;
	else if (dev->flags & IFF_LOOPBACK)
		skb->pkt_type = PACKET_HOST;
	else
		skb->pkt_type = memcmp(eth->h_dest, dev->dev_addr, ETH_ALEN) ? PACKET_OTHERHOST
									    : PACKET_HOST;
	return eth->h_proto;
}

int dev_hard_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		    const void *daddr, const void *saddr, unsigned int len)
{
	if (!dev->header_ops || !dev->header_ops->create)
		return 0;
	return dev->header_ops->create(skb, dev, type, daddr, saddr, len);
}

/* ------------------------------------------------------------- receive */

void dev_add_pack(struct packet_type *pt)
{
	spin_lock(&ptype_lock);
	list_add_tail(&pt->list, &ptype_base);
	spin_unlock(&ptype_lock);
}

int netif_receive_skb(struct sk_buff *skb)
{
	struct packet_type *pt;

	skb_reset_network_header(skb);
	skb->skb_iif = skb->dev->ifindex;
	list_for_each_entry(pt, &ptype_base, list) {
		if (pt->type == skb->protocol)
			return pt->func(skb, skb->dev, pt);
	}
	skb->dev->dstats[smp_processor_id()].rx_dropped++;
	kfree_skb(skb);
	return -1;
}

/* Queue a napi whose SCHED the caller owns on this CPU's poll list. */
static void ____napi_schedule(struct softnet_data *sd, struct napi_struct *napi)
{
	assert_irqs_disabled();
	DEBUG_ASSERT(test_bit(NAPI_STATE_SCHED, &napi->state));
	list_add_tail(&napi->poll_list, &sd->poll_list);
	raise_softirq_irqoff(NET_RX_SOFTIRQ);
}

bool napi_schedule_prep(struct napi_struct *napi)
{
	unsigned long val = READ_ONCE(napi->state), new;

	do {
		if (val & NAPIF_STATE_DISABLE)
			return false;
		new = val | NAPIF_STATE_SCHED;
		if (val & NAPIF_STATE_SCHED)
			new |= NAPIF_STATE_MISSED;      /* the owner polls once more */
	} while (!__atomic_compare_exchange_n(&napi->state, &val, new, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return !(val & NAPIF_STATE_SCHED);
}

void __napi_schedule(struct napi_struct *napi)
{
	unsigned long flags = local_irq_save();

	____napi_schedule(this_cpu_ptr(softnet_data), napi);
	local_irq_restore(flags);
}

void napi_schedule(struct napi_struct *napi)
{
	if (napi_schedule_prep(napi))
		__napi_schedule(napi);
}

/*
 * Give up SCHED (Linux's contract). Called by the poll function, which the
 * poll loop has already taken off the poll list. If a schedule came in
 * during the poll (MISSED), SCHED stays set and the napi is queued again.
 */
bool napi_complete_done(struct napi_struct *napi, int work_done)
{
	unsigned long val = READ_ONCE(napi->state), new;

	(void)work_done;
	DEBUG_ASSERT(in_softirq());
	DEBUG_ASSERT(list_empty(&napi->poll_list));
	napi_gro_flush(napi);   /* the poll is over: nothing may wait for the next */
	do {
		BUG_ON(!(val & NAPIF_STATE_SCHED));
		new = val & ~(NAPIF_STATE_SCHED | NAPIF_STATE_MISSED);
		if (val & NAPIF_STATE_MISSED)
			new |= NAPIF_STATE_SCHED;
	} while (!__atomic_compare_exchange_n(&napi->state, &val, new, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	if (val & NAPIF_STATE_MISSED) {
		__napi_schedule(napi);
		return false;
	}
	return true;
}

static atomic_t napi_gen_id;

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight)
{
	INIT_LIST_HEAD(&napi->poll_list);
	napi->state = 0;
	napi->gro_list = NULL;
	napi->gro_count = 0;
	napi->weight = weight;
	napi->poll = poll;
	napi->dev = dev;
	/* a device's NAPI gets an id (Linux's napi_hash_add); the per-CPU
	 * backlog none */
	napi->napi_id = dev ? (unsigned int)atomic_inc_return(&napi_gen_id) + MIN_NAPI_ID - 1 : 0;
}

/*
 * Take SCHED for ourselves and keep it: no schedule succeeds afterwards
 * and a poll in progress has ended. Process context (sleeps).
 */
void napi_disable(struct napi_struct *napi)
{
	set_bit(NAPI_STATE_DISABLE, &napi->state);
	while (test_and_set_bit(NAPI_STATE_SCHED, &napi->state))
		schedule_timeout_uninterruptible(1);
}

/* Undo napi_disable; a napi never disabled is left alone. */
void napi_enable(struct napi_struct *napi)
{
	unsigned long val = READ_ONCE(napi->state), new;

	do {
		if (!(val & NAPIF_STATE_DISABLE))
			return;
		new = val & ~(NAPIF_STATE_SCHED | NAPIF_STATE_DISABLE | NAPIF_STATE_MISSED);
	} while (!__atomic_compare_exchange_n(&napi->state, &val, new, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
}

/* Forget a napi; it must be disabled (no poll, nothing held for GRO). */
void netif_napi_del(struct napi_struct *napi)
{
	DEBUG_ASSERT(test_bit(NAPI_STATE_DISABLE, &napi->state));
	DEBUG_ASSERT(list_empty(&napi->poll_list) && !napi->gro_count);
	napi->poll = NULL;
}

int netif_rx(struct sk_buff *skb)
{
	struct softnet_data *sd;
	unsigned long flags;

	flags = local_irq_save();
	sd = &per_cpu(softnet_data, smp_processor_id());
	spin_lock(&sd->input_pkt_queue.lock);
	if (skb_queue_len(&sd->input_pkt_queue) >= (u32)netdev_max_backlog) {
		sd->dropped++;
		spin_unlock(&sd->input_pkt_queue.lock);
		local_irq_restore(flags);
		kfree_skb(skb);
		return -1;
	}
	__skb_queue_tail(&sd->input_pkt_queue, skb);
	if (!test_and_set_bit(NAPI_STATE_SCHED, &sd->backlog.state))
		____napi_schedule(sd, &sd->backlog);
	spin_unlock(&sd->input_pkt_queue.lock);
	local_irq_restore(flags);
	return 0;
}

/* The backlog "device": drain input_pkt_queue in batches. */
static int process_backlog(struct napi_struct *napi, int quota)
{
	struct softnet_data *sd = container_of(napi, struct softnet_data, backlog);
	struct sk_buff *skb;
	unsigned long flags;
	int work = 0;

	DEBUG_ASSERT(in_softirq());     /* process_queue is this CPU's NET_RX state */

	for (;;) {
		while ((skb = __skb_dequeue(&sd->process_queue)) != NULL) {
			netif_receive_skb(skb);
			sd->processed++;
			if (++work >= quota)
				return work;
		}
		flags = local_irq_save();
		spin_lock(&sd->input_pkt_queue.lock);
		if (skb_queue_empty(&sd->input_pkt_queue)) {
			/* Done: the next netif_rx schedules us again. */
			clear_bit(NAPI_STATE_SCHED, &napi->state);
			spin_unlock(&sd->input_pkt_queue.lock);
			local_irq_restore(flags);
			return work;
		}
		/* process_queue is this CPU's alone: only the input lock is needed */
		skb_queue_splice_tail_init(&sd->input_pkt_queue, &sd->process_queue);
		spin_unlock(&sd->input_pkt_queue.lock);
		local_irq_restore(flags);
	}
}

static void net_rx_action(void)
{
	struct softnet_data *sd = &per_cpu(softnet_data, smp_processor_id());
	unsigned long time_limit = jiffies + 2;
	int budget = netdev_budget;
	LIST_HEAD(list);
	unsigned long flags;

	DEBUG_ASSERT(in_softirq());     /* sd is ours: no other poll loop runs here */
	flags = local_irq_save();
	list_splice_tail_init(&sd->poll_list, &list);
	local_irq_restore(flags);

	while (!list_empty(&list)) {
		struct napi_struct *n = list_first_entry(&list, struct napi_struct, poll_list);
		int work, weight = n->weight;

		list_del_init(&n->poll_list);
		work = n->poll(n, weight);
		budget -= work;
		if (work >= weight) {   /* not done: poll it again, at the back */
			if (n->gro_count)
				napi_gro_flush_old(n);  /* a busy napi holds a flow a jiffy at most */
			list_add_tail(&n->poll_list, &list);
		}
		if (budget <= 0 || (long)(jiffies - time_limit) >= 0) {
			if (!list_empty(&list))
				sd->time_squeeze++;
			break;
		}
	}
	flags = local_irq_save();
	list_splice_tail_init(&list, &sd->poll_list);
	if (!list_empty(&sd->poll_list))
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
	local_irq_restore(flags);
}

/* ------------------------------------------------------------ transmit */

/* Queue flow control: the driver stops a queue under its _xmit_lock (or
 * from its own serialised TX path) and wakes it from its completions. */
void netif_tx_stop_queue(struct netdev_queue *txq)
{
	set_bit(__QUEUE_STATE_DRV_XOFF, &txq->state);
}

void netif_tx_wake_queue(struct netdev_queue *txq)
{
	clear_bit(__QUEUE_STATE_DRV_XOFF, &txq->state);
}

void netif_tx_stop_all_queues(struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->num_tx_queues; i++)
		netif_tx_stop_queue(netdev_get_tx_queue(dev, i));
}

void netif_tx_wake_all_queues(struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->num_tx_queues; i++)
		netif_tx_wake_queue(netdev_get_tx_queue(dev, i));
}

/* rtnl held; the transmit path reads the count once per packet. */
int netif_set_real_num_tx_queues(struct net_device *dev, unsigned int txq)
{
	if (txq < 1 || txq > dev->num_tx_queues)
		return -EINVAL;
	WRITE_ONCE(dev->real_num_tx_queues, txq);
	return 0;
}

int netif_set_real_num_rx_queues(struct net_device *dev, unsigned int rxq)
{
	if (rxq < 1 || rxq > dev->num_rx_queues)
		return -EINVAL;
	WRITE_ONCE(dev->real_num_rx_queues, rxq);
	return 0;
}

/* XPS without a map: the sending CPU's queue, or the driver's choice. */
static unsigned int netdev_pick_tx(struct net_device *dev, struct sk_buff *skb)
{
	unsigned int n = READ_ONCE(dev->real_num_tx_queues), q;

	if (n <= 1)
		return 0;
	if (dev->netdev_ops->ndo_select_queue)
		q = dev->netdev_ops->ndo_select_queue(dev, skb);
	else
		q = smp_processor_id();
	return q < n ? q : q % n;
}

/* One skb to the driver on its queue; BHs are off. */
static int dev_hard_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netdev_queue *txq;
	netdev_tx_t rc;
	unsigned int q;

	q = netdev_pick_tx(dev, skb);
	skb->queue_mapping = q;
	txq = netdev_get_tx_queue(dev, q);
	if (!(dev->flags & IFF_UP)) {
		rc = NETDEV_TX_BUSY;
	} else if (dev->features & NETIF_F_LLTX) {
		/* an LLTX driver checks its own queue state */
		rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
	} else {
		spin_lock(&txq->_xmit_lock);
		if (test_bit(__QUEUE_STATE_DRV_XOFF, &txq->state))
			rc = NETDEV_TX_BUSY;
		else
			rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
		spin_unlock(&txq->_xmit_lock);
	}
	if (rc != NETDEV_TX_OK) {
		/* No qdisc: a full or stopped queue drops, as noqueue does;
		 * TCP keeps the segment and its timer sends it again. */
		dev->dstats[smp_processor_id()].tx_dropped++;
		kfree_skb(skb);
		return -ENOBUFS;
	}
	return 0;
}

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct sk_buff *next;
	int err = 0;

	local_bh_disable();
	skb = validate_xmit_skb(skb, dev);
	if (!skb)
		err = -ENOMEM;
	for (; skb; skb = next) {
		next = skb->next;
		skb->next = NULL;
		if (dev_hard_start_xmit(skb, dev) && !err)
			err = -ENOBUFS;
	}
	local_bh_enable();      /* runs NET_RX now if the device queued a packet here */
	return err;
}

/* ----------------------------------------------------------------- init */

/* Softnet queues and the NET_RX softirq, before any device registers. */
static int net_dev_init(void)
{
	int cpu;

	skb_init();
	mutex_init(&rtnl_mutex);
	init_waitqueue_head(&linkwatch_wait);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct softnet_data *sd = &per_cpu(softnet_data, cpu);

		INIT_LIST_HEAD(&sd->poll_list);
		skb_queue_head_init(&sd->input_pkt_queue);
		skb_queue_head_init(&sd->process_queue);
		netif_napi_add(NULL, &sd->backlog, process_backlog, NAPI_POLL_WEIGHT);
		sd->backlog.cpu = cpu;
	}
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
	return 0;
}
subsys_initcall(net_dev_init);
