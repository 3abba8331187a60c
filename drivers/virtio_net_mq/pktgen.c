// SPDX-License-Identifier: MIT
/*
 * The NIC's transmit ceiling: /proc/net/pktgen/<dev>, a small cousin of
 * Linux's pktgen. Writing "COUNT SIZE DSTMAC DSTIP DSTPORT", e.g.
 *
 *     echo "1000000 1514 aa:bb:cc:dd:ee:ff 10.0.2.2 9" > /proc/net/pktgen/eth0
 *
 * builds one UDP/IPv4 frame of SIZE bytes (Ethernet header included, 60
 * to MTU + 14) from the device's address and sends it COUNT times on the
 * writer's CPU's TX queue, straight to ndo_start_xmit under that queue's
 * _xmit_lock, as fast as the ring takes it: each send is the same skb with
 * one more reference (Linux pktgen's clone_skb). When the queue is
 * stopped the writer yields until the TX completion path wakes it. The
 * write returns when all are sent, or early on a fatal signal (-EINTR).
 * Reading shows the last run: "count N nsec T errors E".
 *
 * pg->lock (a mutex) serialises runs on one device and guards the
 * result; it is taken before the TX queue's _xmit_lock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mutex.h>
#include <shoal/proc_fs.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/softirq.h>
#include <shoal/time.h>
#include <shoal/checksum.h>
#include <shoal/etherdevice.h>
#include <net/ip.h>
#include <net/udp.h>
#include <net/inetdevice.h>
#include "virtio_net.h"

struct pktgen_dev {
	struct net_device *dev;         /* [const] */
	struct mutex lock;
	u64 count, nsec, errors;        /* the last run [lock] */
};

struct pktgen_args {
	unsigned long count;
	unsigned int size;
	u8 dmac[ETH_ALEN];
	__be32 daddr;
	u16 dport;
};

/* Parse an unsigned decimal at *s, then skip spaces. false if none. */
static bool pg_parse_ulong(const char **s, unsigned long *v)
{
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return false;
	*v = 0;
	while (*p >= '0' && *p <= '9') {
		if (*v > (~0UL - 9) / 10)
			return false;
		*v = *v * 10 + (*p++ - '0');
	}
	while (*p == ' ' || *p == '\t')
		p++;
	*s = p;
	return true;
}

static int pg_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool pg_parse_mac(const char **s, u8 *mac)
{
	const char *p = *s;
	int i, hi, lo;

	for (i = 0; i < ETH_ALEN; i++) {
		hi = pg_hex(p[0]);
		lo = pg_hex(p[1]);
		if (hi < 0 || lo < 0 || (i < ETH_ALEN - 1 && p[2] != ':'))
			return false;
		mac[i] = hi << 4 | lo;
		p += i < ETH_ALEN - 1 ? 3 : 2;
	}
	while (*p == ' ')
		p++;
	*s = p;
	return true;
}

static bool pg_parse_ip(const char **s, __be32 *addr)
{
	unsigned long part;
	u32 a = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (i && *(*s)++ != '.')
			return false;
		if (!pg_parse_ulong(s, &part) || part > 255)
			return false;
		a = a << 8 | part;
	}
	*addr = htonl(a);
	return true;
}

static int pg_parse(const char *buf, struct pktgen_args *a)
{
	unsigned long v;
	const char *s = buf;

	while (*s == ' ')
		s++;
	if (!pg_parse_ulong(&s, &a->count) || !pg_parse_ulong(&s, &v) || v > 65535)
		return -EINVAL;
	a->size = v;
	if (!pg_parse_mac(&s, a->dmac) || !pg_parse_ip(&s, &a->daddr))
		return -EINVAL;
	while (*s == ' ')
		s++;
	if (!pg_parse_ulong(&s, &v) || v > 65535 || (*s && *s != '\n'))
		return -EINVAL;
	a->dport = v;
	return 0;
}

static __be32 pg_saddr(struct net_device *dev)
{
	struct in_device *in = __in_dev_get(dev);
	__be32 saddr = 0;

	spin_lock_bh(&devinet_lock);
	if (in && in->ifa_list)
		saddr = in->ifa_list->ifa_local;
	spin_unlock_bh(&devinet_lock);
	return saddr;
}

/* One UDP/IPv4 frame of a->size bytes, Ethernet header at skb->data. */
static struct sk_buff *pg_build_skb(struct net_device *dev, const struct pktgen_args *a)
{
	unsigned int ip_len = a->size - ETH_HLEN;
	struct sk_buff *skb = alloc_skb(a->size + 2, GFP_KERNEL);
	struct ethhdr *eth;
	struct iphdr *iph;
	struct udphdr *uh;

	if (!skb)
		return NULL;
	skb_reserve(skb, 2);
	eth = memset(__skb_put(skb, a->size), 0, a->size);
	memcpy(eth->h_dest, a->dmac, ETH_ALEN);
	memcpy(eth->h_source, dev->dev_addr, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	iph = (struct iphdr *)(eth + 1);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(ip_len);
	iph->ttl = 64;
	iph->protocol = 17;     /* IPPROTO_UDP */
	iph->saddr = pg_saddr(dev);
	iph->daddr = a->daddr;
	iph->check = ip_fast_csum(iph, iph->ihl);
	uh = (struct udphdr *)(iph + 1);
	uh->source = htons(9);
	uh->dest = htons(a->dport);
	uh->len = htons(ip_len - sizeof(*iph));
	uh->check = 0;          /* none: allowed over IPv4 */
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*iph));
	return skb;
}

/*
 * Try one send on txq: 1 sent, 0 queue stopped (try later). The driver
 * takes the extra reference as its own.
 */
static int pg_xmit_one(struct net_device *dev, struct netdev_queue *txq, struct sk_buff *skb,
		       unsigned int q)
{
	int sent = 0;

	local_bh_disable();
	spin_lock(&txq->_xmit_lock);
	if (!netif_tx_queue_stopped(txq) && netif_running(dev)) {
		skb->queue_mapping = q;
		dev->netdev_ops->ndo_start_xmit(skb_get(skb), dev);
		sent = 1;
	}
	spin_unlock(&txq->_xmit_lock);
	local_bh_enable();      /* lets the pair's NAPI reclaim and wake the queue */
	return sent;
}

static u64 pg_tx_dropped(const struct net_device *dev)
{
	u64 n = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += READ_ONCE(dev->dstats[cpu].tx_dropped);
	return n;
}

static int pg_run(struct pktgen_dev *pg, const struct pktgen_args *a)
{
	struct net_device *dev = pg->dev;
	u64 dropped0 = pg_tx_dropped(dev);
	unsigned long sent = 0;
	struct sk_buff *skb;
	ktime_t t0;
	int err = 0;

	if (a->size < ETH_ZLEN || a->size > dev->mtu + ETH_HLEN)
		return -EINVAL;
	skb = pg_build_skb(dev, a);
	if (!skb)
		return -ENOMEM;
	t0 = ktime_get();
	while (sent < a->count) {
		unsigned int q = smp_processor_id() % READ_ONCE(dev->real_num_tx_queues);

		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (!netif_running(dev)) {
			err = -ENETDOWN;
			break;
		}
		if (pg_xmit_one(dev, netdev_get_tx_queue(dev, q), skb, q))
			sent++;
		else
			cond_resched();         /* ring full: the TX interrupt will wake it */
	}
	pg->count = sent;
	pg->nsec = ktime_get() - t0;
	pg->errors = pg_tx_dropped(dev) - dropped0;     /* the driver could not queue them */
	kfree_skb(skb);
	return err;
}

static ssize_t pktgen_write(void *data, const char *buf, size_t n)
{
	struct pktgen_dev *pg = data;
	struct pktgen_args a;
	int err = pg_parse(buf, &a);

	if (err)
		return err;
	mutex_lock(&pg->lock);
	err = pg_run(pg, &a);
	mutex_unlock(&pg->lock);
	return err ? err : (ssize_t)n;
}

static int pktgen_show(void *data, char *buf, size_t size)
{
	struct pktgen_dev *pg = data;
	int n;

	mutex_lock(&pg->lock);
	n = snprintf(buf, size, "count %lu nsec %lu errors %lu\n", pg->count, pg->nsec, pg->errors);
	mutex_unlock(&pg->lock);
	return n;
}

/* At probe (boot): /proc/net/pktgen/<dev->name>. */
void virtnet_pktgen_register(struct net_device *dev)
{
	struct pktgen_dev *pg = kzalloc(sizeof(*pg), GFP_KERNEL);

	if (!pg)
		return;
	pg->dev = dev;
	mutex_init(&pg->lock);
	if (proc_create_net_data("pktgen", dev->name, 0644, pktgen_show, pktgen_write, pg)) {
		printk("%s: no /proc/net/pktgen entry\n", dev->name);
		kfree(pg);
	}
}
