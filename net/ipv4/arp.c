// SPDX-License-Identifier: MIT
/*
 * ARP and the IPv4 neighbour table (Linux's net/ipv4/arp.c and, much
 * reduced, net/core/neighbour.c), for devices that need link-layer
 * resolution (not loopback, not IFF_NOARP).
 *
 * A neighbour is (device, next-hop address) -> hardware address, with a
 * state:
 *   INCOMPLETE  a request is out; up to ARP_QUEUE_LEN packets wait (the
 *               oldest is dropped); retried every second, ARP_PROBES
 *               times, then FAILED (its packets get ICMP host
 *               unreachable). New traffic to a FAILED entry tries again.
 *   REACHABLE   confirmed by a reply within ARP_REACHABLE_NS.
 *   STALE       older than that: still used, and the first packet starts a
 *   PROBE       unicast re-confirmation (FAILED if unanswered).
 *   PERMANENT   set by SIOCSARP with ATF_PERM; never changes by itself.
 * Requests for one of our addresses are answered, and their sender
 * learnt; replies and gratuitous ARP refresh existing entries.
 *
 * Locks: arp_tbl[].lock (spin, BHs off in process context; the per-entry
 * timers run in TIMER softirq) guards its chain and every field of its
 * entries marked [b]. Nothing is transmitted, and no other lock is taken,
 * under a bucket lock: packets to send are collected and sent after
 * unlocking. An entry leaves its chain (dead = 1) before its timer is
 * stopped with del_timer_sync and it is freed, outside the lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/time.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/inetdevice.h>
#include <net/inet_common.h>

#define ARP_HASH_SIZE           32
#define ARP_MAX_ENTRIES         512
#define ARP_QUEUE_LEN           3
#define ARP_PROBES              3
#define ARP_RETRANS_NS          NSEC_PER_SEC
#define ARP_REACHABLE_NS        (30 * NSEC_PER_SEC)
#define ARP_LL_RESERVE          32

struct neighbour {
	struct neighbour *next;         /* [b] */
	struct net_device *dev;         /* [const] */
	__be32 ip;                      /* [const] */
	u8 ha[ETH_ALEN];                /* [b] */
	u8 nud_state;                   /* NUD_* [b] */
	u8 probes;                      /* requests sent in this round [b] */
	u8 dead;                        /* unlinked, being freed [b] */
	ktime_t confirmed;              /* last reply [b] */
	struct sk_buff_head arp_queue;  /* waiting for resolution [b] */
	struct timer_list timer;        /* retransmit / reachability */
};

struct neigh_bucket {
	spinlock_t lock;
	struct neighbour *head;         /* [lock] */
} __cacheline_aligned;

static struct neigh_bucket arp_tbl[ARP_HASH_SIZE];
static atomic_t arp_entries;

static struct neigh_bucket *arp_bucket(__be32 ip, const struct net_device *dev)
{
	u32 h = ntohl(ip) * 0x9e3779b1u ^ dev->ifindex;

	return &arp_tbl[(h >> 16) & (ARP_HASH_SIZE - 1)];
}

/* ------------------------------------------------------ pure helpers */

bool arp_packet_ok(const struct arp_eth_ipv4 *p, unsigned int len)
{
	return len >= sizeof(*p) && p->hdr.ar_hrd == htons(ARPHRD_ETHER) &&
	       p->hdr.ar_pro == htons(ETH_P_IP) && p->hdr.ar_hln == ETH_ALEN &&
	       p->hdr.ar_pln == 4 &&
	       (p->hdr.ar_op == htons(ARPOP_REQUEST) || p->hdr.ar_op == htons(ARPOP_REPLY));
}

/* One /proc/net/arp line, Linux's layout. */
int arp_format_line(char *buf, size_t size, __be32 ip, unsigned short hatype, int flags,
		    const u8 *ha, int halen, const char *devname)
{
	char ipbuf[16], habuf[3 * 32] = "";
	u32 h = ntohl(ip);
	int i, n = 0;

	snprintf(ipbuf, sizeof(ipbuf), "%u.%u.%u.%u", h >> 24, (h >> 16) & 255, (h >> 8) & 255,
		 h & 255);
	for (i = 0; i < halen && i < 32; i++)
		n += snprintf(habuf + n, sizeof(habuf) - n, i ? ":%02x" : "%02x", ha[i]);
	return snprintf(buf, size, "%-16s 0x%-10x0x%-10x%-17s     %-8s %s\n", ipbuf, hatype,
			flags, habuf, "*", devname);
}

/* ---------------------------------------------------------- sending */

/* Build and send one ARP packet; dest_hw NULL = broadcast. */
static void arp_send(int op, struct net_device *dev, __be32 dest_ip, const u8 *dest_hw,
		     __be32 src_ip, const u8 *target_hw)
{
	struct sk_buff *skb = alloc_skb(ARP_LL_RESERVE + sizeof(struct arp_eth_ipv4), GFP_ATOMIC);
	struct arp_eth_ipv4 *p;

	if (!skb)
		return;
	skb_reserve(skb, ARP_LL_RESERVE);
	skb_reset_network_header(skb);
	p = skb_put(skb, sizeof(*p));
	p->hdr.ar_hrd = htons(ARPHRD_ETHER);
	p->hdr.ar_pro = htons(ETH_P_IP);
	p->hdr.ar_hln = ETH_ALEN;
	p->hdr.ar_pln = 4;
	p->hdr.ar_op = htons(op);
	memcpy(p->sha, dev->dev_addr, ETH_ALEN);
	memcpy(p->sip, &src_ip, 4);
	if (target_hw)
		memcpy(p->tha, target_hw, ETH_ALEN);
	else
		memset(p->tha, 0, ETH_ALEN);
	memcpy(p->tip, &dest_ip, 4);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	if (dev_hard_header(skb, dev, ETH_P_ARP, dest_hw ? dest_hw : dev->broadcast,
			    dev->dev_addr, skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	dev_queue_xmit(skb);
}

/* A request for ip; unicast to ha when re-confirming a known entry. */
static void arp_solicit(struct net_device *dev, __be32 ip, const u8 *ha)
{
	__be32 src = inet_dev_select_addr(dev, ip);

	if (src)
		arp_send(ARPOP_REQUEST, dev, ip, ha, src, NULL);
}

static void neigh_xmit(struct sk_buff *skb, const u8 *ha)
{
	if (dev_hard_header(skb, skb->dev, ETH_P_IP, ha, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	dev_queue_xmit(skb);
}

/* ----------------------------------------------------------- entries */

static struct neighbour *neigh_find(struct neigh_bucket *b, __be32 ip, const struct net_device *dev)
{
	struct neighbour *n;

	for (n = b->head; n; n = n->next)
		if (n->ip == ip && n->dev == dev)
			return n;
	return NULL;
}

static void neigh_timer(struct timer_list *t);

/* A new INCOMPLETE entry linked into b, or NULL. [b->lock] */
static struct neighbour *neigh_create(struct neigh_bucket *b, __be32 ip, struct net_device *dev)
{
	struct neighbour *n;

	if (atomic_read(&arp_entries) >= ARP_MAX_ENTRIES)
		return NULL;
	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return NULL;
	n->ip = ip;
	n->dev = dev;
	n->nud_state = NUD_INCOMPLETE;
	skb_queue_head_init(&n->arp_queue);
	timer_setup(&n->timer, neigh_timer, 0);
	n->next = b->head;
	b->head = n;
	atomic_inc(&arp_entries);
	return n;
}

/* Unlink n from b; the caller frees it with neigh_free after unlocking. [b->lock] */
static void neigh_unlink(struct neigh_bucket *b, struct neighbour *n)
{
	struct neighbour **pp;

	for (pp = &b->head; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			n->dead = 1;
			atomic_dec(&arp_entries);
			return;
		}
	}
}

static void neigh_free(struct neighbour *n)
{
	del_timer_sync(&n->timer);
	skb_queue_purge(&n->arp_queue);
	kfree(n);
}

/* Move n's waiting packets to q. [b->lock] */
static void neigh_take_queue(struct neighbour *n, struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&n->arp_queue)))
		__skb_queue_tail(q, skb);
}

/* Resolution failed: the waiting packets' senders hear host unreachable. */
static void neigh_fail_queue(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q))) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
		kfree_skb(skb);
	}
}

static void neigh_timer(struct timer_list *t)
{
	struct neighbour *n = from_timer(n, t, timer);
	struct neigh_bucket *b = arp_bucket(n->ip, n->dev);
	struct sk_buff_head failed;
	bool probe = false, unicast = false;
	u8 ha[ETH_ALEN];

	skb_queue_head_init(&failed);
	spin_lock(&b->lock);
	if (n->dead)
		goto out;
	switch (n->nud_state) {
	case NUD_REACHABLE:
		if (ktime_get() - n->confirmed >= ARP_REACHABLE_NS)
			n->nud_state = NUD_STALE;
		else
			timer_arm(&n->timer, n->confirmed + ARP_REACHABLE_NS);
		break;
	case NUD_INCOMPLETE:
	case NUD_PROBE:
		if (n->probes >= ARP_PROBES) {
			n->nud_state = NUD_FAILED;
			neigh_take_queue(n, &failed);
			break;
		}
		n->probes++;
		probe = true;
		unicast = n->nud_state == NUD_PROBE;
		memcpy(ha, n->ha, ETH_ALEN);
		timer_arm(&n->timer, ktime_get() + ARP_RETRANS_NS);
		break;
	}
out:
	spin_unlock(&b->lock);
	if (probe)
		arp_solicit(n->dev, n->ip, unicast ? ha : NULL);
	neigh_fail_queue(&failed);
}

/*
 * ip on dev is at ha (a reply, or a request to us): refresh the entry, or
 * create it if create, and send what waited for it. Permanent entries
 * stay as they are.
 */
static void neigh_update(struct net_device *dev, __be32 ip, const u8 *ha, bool create)
{
	struct neigh_bucket *b = arp_bucket(ip, dev);
	struct sk_buff_head ready;
	struct neighbour *n;
	struct sk_buff *skb;
	u8 addr[ETH_ALEN];

	skb_queue_head_init(&ready);
	spin_lock_bh(&b->lock);
	n = neigh_find(b, ip, dev);
	if (!n && create)
		n = neigh_create(b, ip, dev);
	if (!n || n->nud_state == NUD_PERMANENT) {
		spin_unlock_bh(&b->lock);
		return;
	}
	memcpy(n->ha, ha, ETH_ALEN);
	memcpy(addr, ha, ETH_ALEN);
	n->nud_state = NUD_REACHABLE;
	n->probes = 0;
	n->confirmed = ktime_get();
	timer_arm(&n->timer, n->confirmed + ARP_REACHABLE_NS);
	neigh_take_queue(n, &ready);
	spin_unlock_bh(&b->lock);
	while ((skb = __skb_dequeue(&ready)))
		neigh_xmit(skb, addr);
}

int neigh_output_ip(struct sk_buff *skb, __be32 nh)
{
	struct net_device *dev = skb->dev;
	struct neigh_bucket *b = arp_bucket(nh, dev);
	struct neighbour *n;
	struct sk_buff *old = NULL;
	bool probe = false, unicast = false;
	u8 ha[ETH_ALEN];

	spin_lock_bh(&b->lock);
	n = neigh_find(b, nh, dev);
	if (!n) {
		n = neigh_create(b, nh, dev);
		if (!n) {
			spin_unlock_bh(&b->lock);
			kfree_skb(skb);
			return -ENOBUFS;
		}
		probe = true;
	} else if (n->nud_state & NUD_VALID) {
		memcpy(ha, n->ha, ETH_ALEN);
		if (n->nud_state == NUD_STALE) {
			n->nud_state = NUD_PROBE;       /* re-confirm while using it */
			n->probes = 0;
			probe = unicast = true;
			timer_arm(&n->timer, ktime_get() + ARP_RETRANS_NS);
		}
		spin_unlock_bh(&b->lock);
		if (probe)
			arp_solicit(dev, nh, ha);
		neigh_xmit(skb, ha);
		return 0;
	} else if (n->nud_state == NUD_FAILED) {
		n->nud_state = NUD_INCOMPLETE;
		probe = true;
	}
	if (probe) {
		n->probes = 1;
		timer_arm(&n->timer, ktime_get() + ARP_RETRANS_NS);
	}
	if (skb_queue_len(&n->arp_queue) >= ARP_QUEUE_LEN)
		old = __skb_dequeue(&n->arp_queue);
	__skb_queue_tail(&n->arp_queue, skb);
	spin_unlock_bh(&b->lock);
	if (old)
		kfree_skb(old);
	if (probe)
		arp_solicit(dev, nh, NULL);
	return 0;
}

/* ------------------------------------------------------------ input */

int arp_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	const struct arp_eth_ipv4 *p;
	__be32 sip, tip;
	u8 sha[ETH_ALEN];

	(void)pt;
	if ((dev->flags & (IFF_NOARP | IFF_LOOPBACK)) || skb->pkt_type == PACKET_OTHERHOST ||
	    !pskb_may_pull(skb, sizeof(*p)))
		goto drop;
	p = (const struct arp_eth_ipv4 *)skb->data;
	if (!arp_packet_ok(p, skb->len))
		goto drop;
	memcpy(&sip, p->sip, 4);
	memcpy(&tip, p->tip, 4);
	memcpy(sha, p->sha, ETH_ALEN);
	if (ipv4_is_multicast(tip) || ipv4_is_loopback(tip) || ipv4_is_multicast(sip) ||
	    ipv4_is_loopback(sip))
		goto drop;
	if (p->hdr.ar_op == htons(ARPOP_REQUEST) && inet_addr_type(tip) == RTN_LOCAL) {
		if (sip)                /* sip 0: a duplicate-address probe, learn nothing */
			neigh_update(dev, sip, sha, true);
		arp_send(ARPOP_REPLY, dev, sip, sha, tip, sha);
	} else if (sip) {
		neigh_update(dev, sip, sha, false);
	}
	consume_skb(skb);
	return 0;
drop:
	kfree_skb(skb);
	return 0;
}

/* ------------------------------------------------------ ioctl, proc */

static int arp_req_flags(const struct neighbour *n)
{
	int f = 0;

	if (n->nud_state & NUD_VALID)
		f |= ATF_COM;
	if (n->nud_state == NUD_PERMANENT)
		f |= ATF_PERM;
	return f;
}

static int arp_req_get(struct arpreq *r, __be32 ip, struct net_device *dev)
{
	struct neigh_bucket *b = arp_bucket(ip, dev);
	struct neighbour *n;
	int err = -ENXIO;

	spin_lock_bh(&b->lock);
	n = neigh_find(b, ip, dev);
	if (n) {
		memcpy(r->arp_ha.sa_data, n->ha, ETH_ALEN);
		r->arp_ha.sa_family = dev->type;
		r->arp_flags = arp_req_flags(n);
		strlcpy(r->arp_dev, dev->name, IFNAMSIZ);
		err = 0;
	}
	spin_unlock_bh(&b->lock);
	return err;
}

static int arp_req_set(const struct arpreq *r, __be32 ip, struct net_device *dev)
{
	struct neigh_bucket *b = arp_bucket(ip, dev);
	struct neighbour *n;
	bool com = r->arp_flags & (ATF_COM | ATF_PERM);

	if (r->arp_ha.sa_family != dev->type)
		return -EINVAL;
	spin_lock_bh(&b->lock);
	n = neigh_find(b, ip, dev);
	if (!n)
		n = neigh_create(b, ip, dev);
	if (!n) {
		spin_unlock_bh(&b->lock);
		return -ENOBUFS;
	}
	if (com) {
		memcpy(n->ha, r->arp_ha.sa_data, ETH_ALEN);
		n->nud_state = (r->arp_flags & ATF_PERM) ? NUD_PERMANENT : NUD_STALE;
	} else {
		n->nud_state = NUD_FAILED;
	}
	n->probes = 0;
	spin_unlock_bh(&b->lock);
	return 0;
}

static int arp_req_delete(__be32 ip, struct net_device *dev)
{
	struct neigh_bucket *b = arp_bucket(ip, dev);
	struct neighbour *n;

	spin_lock_bh(&b->lock);
	n = neigh_find(b, ip, dev);
	if (n)
		neigh_unlink(b, n);
	spin_unlock_bh(&b->lock);
	if (!n)
		return -ENXIO;
	neigh_free(n);
	return 0;
}

int arp_ioctl(unsigned int cmd, void __user *arg)
{
	struct net_device *dev = NULL;
	struct rtable *rt;
	struct arpreq r;
	__be32 ip;
	int err;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.arp_pa.sa_family != AF_INET)
		return -EPFNOSUPPORT;
	if (r.arp_flags & ATF_PUBL)
		return -EOPNOTSUPP;     /* no proxy ARP */
	ip = ((struct sockaddr_in *)&r.arp_pa)->sin_addr.s_addr;
	r.arp_dev[IFNAMSIZ - 1] = 0;
	if (r.arp_dev[0]) {
		dev = dev_get_by_name(r.arp_dev);
		if (!dev)
			return -ENODEV;
	} else {
		rt = ip_route_output(ip, 0, 0);
		if (!IS_ERR(rt))
			dev = rt->dst.dev;
	}
	if (!dev || (dev->flags & (IFF_NOARP | IFF_LOOPBACK)))
		return dev ? -EINVAL : -ENXIO;
	switch (cmd) {
	case SIOCGARP:
		err = arp_req_get(&r, ip, dev);
		if (!err && copy_to_user(arg, &r, sizeof(r)))
			err = -EFAULT;
		return err;
	case SIOCSARP:
		return arp_req_set(&r, ip, dev);
	case SIOCDARP:
		return arp_req_delete(ip, dev);
	}
	return -EINVAL;
}

void arp_ifdown(struct net_device *dev)
{
	struct neighbour *gone = NULL, *n, *next;
	int i;

	for (i = 0; i < ARP_HASH_SIZE; i++) {
		spin_lock_bh(&arp_tbl[i].lock);
		for (n = arp_tbl[i].head; n; n = next) {
			next = n->next;
			if (n->dev != dev)
				continue;
			neigh_unlink(&arp_tbl[i], n);
			n->next = gone;
			gone = n;
		}
		spin_unlock_bh(&arp_tbl[i].lock);
	}
	for (n = gone; n; n = next) {
		next = n->next;
		neigh_free(n);
	}
}

int arp_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };
	struct neighbour *n;
	char line[128];
	int i;

	net_seq_printf(&s, "IP address       HW type     Flags       HW address            "
		       "Mask     Device\n");
	for (i = 0; i < ARP_HASH_SIZE; i++) {
		if (!READ_ONCE(arp_tbl[i].head))
			continue;
		spin_lock_bh(&arp_tbl[i].lock);
		for (n = arp_tbl[i].head; n; n = n->next) {
			arp_format_line(line, sizeof(line), n->ip, n->dev->type, arp_req_flags(n),
					n->ha, n->dev->addr_len, n->dev->name);
			net_seq_printf(&s, "%s", line);
		}
		spin_unlock_bh(&arp_tbl[i].lock);
	}
	return s.len;
}

void arp_init(void)
{
	int i;

	for (i = 0; i < ARP_HASH_SIZE; i++)
		spin_lock_init_named(&arp_tbl[i].lock, "arp_tbl.lock");
}
