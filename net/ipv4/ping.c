// SPDX-License-Identifier: MIT
/*
 * ICMP echo sockets (Linux's net/ipv4/ping.c): socket(AF_INET,
 * SOCK_DGRAM, IPPROTO_ICMP). The socket's "port" is its echo id: bind or
 * the first send picks one, every request sent carries it (whatever id
 * the user wrote) and echo replies are matched to the socket by it.
 * recvmsg returns the ICMP header and payload, the source address with
 * port 0.
 *
 * Locks: ping_table[].lock (spin, BHs off in process context) guards its
 * chain (sk_node) and the ids of the sockets on it. Lookups in softirq take
 * the bucket lock, then a reference on the socket, and queue after
 * dropping the lock. Order: bucket lock -> sk_receive_queue.lock.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/ping.h>
#include <net/ipv6.h>
#include <shoal/sysctl.h>
#include <net/snmp.h>
#include <net/inet_common.h>

#define PING_HTABLE_SIZE        64

struct ping_bucket {
	spinlock_t lock;
	struct hlist_head chain;        /* [lock] */
} __cacheline_aligned;

static struct ping_bucket ping_table[PING_HTABLE_SIZE];
static u16 ping_port_rover;             /* [unlocked hint] */

/* net.ipv4.ping_group_range [ping_range_lock] */
static DEFINE_SPINLOCK(ping_range_lock);
static u32 ping_group_low = 1, ping_group_high;

static struct ping_bucket *ping_hashslot(u16 ident)
{
	return &ping_table[ident & (PING_HTABLE_SIZE - 1)];
}

/* Is ident taken by a socket other than sk that may not share it? [b->lock] */
static bool ping_ident_busy(struct ping_bucket *b, struct sock *sk, u16 ident, bool any)
{
	struct sock *sk2;

	hlist_for_each_entry(sk2, &b->chain, sk_node) {
		if (sk2 == sk || inet_sk(sk2)->inet_num != ident)
			continue;
		if (any || !sk2->sk_reuse || !sk->sk_reuse)
			return true;
	}
	return false;
}

/* Take ident (0: any free one) for sk and hash it; 0 or -EADDRINUSE. */
int ping_get_port(struct sock *sk, unsigned short ident)
{
	struct ping_bucket *b;
	u32 i;

	if (!ident) {
		u16 cand = READ_ONCE(ping_port_rover);

		for (i = 0; i < (1U << 16); i++) {
			if (!++cand)
				cand = 1;
			b = ping_hashslot(cand);
			spin_lock_bh(&b->lock);
			if (!ping_ident_busy(b, sk, cand, true))
				goto found;
			spin_unlock_bh(&b->lock);
		}
		return -EADDRINUSE;
found:
		WRITE_ONCE(ping_port_rover, cand);
		ident = cand;
	} else {
		b = ping_hashslot(ident);
		spin_lock_bh(&b->lock);
		if (ping_ident_busy(b, sk, ident, false)) {
			spin_unlock_bh(&b->lock);
			return -EADDRINUSE;
		}
	}
	inet_sk(sk)->inet_num = ident;
	if (hlist_unhashed(&sk->sk_node)) {
		hlist_add_head(&sk->sk_node, &b->chain);
		atomic_inc(&ping_prot.inuse);
	}
	spin_unlock_bh(&b->lock);
	return 0;
}

void ping_unhash(struct sock *sk)
{
	struct ping_bucket *b = ping_hashslot(inet_sk(sk)->inet_num);

	spin_lock_bh(&b->lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		inet_sk(sk)->inet_num = 0;
		inet_sk(sk)->inet_sport = 0;
		atomic_dec(&ping_prot.inuse);
	}
	spin_unlock_bh(&b->lock);
}

/* Is sk, an echo socket with the right id, bound to laddr (or any)? */
static bool ping_laddr_match(const struct sock *sk, int family, __be32 laddr,
			     const struct in6_addr *laddr6)
{
	if (sk->sk_family != family)
		return false;   /* ICMP goes to AF_INET sockets, ICMPv6 to AF_INET6 */
	if (family == AF_INET6)
		return ipv6_addr_any(&sk->sk_v6_rcv_saddr) ||
		       ipv6_addr_equal(&sk->sk_v6_rcv_saddr, laddr6);
	return !sk->sk_rcv_saddr || sk->sk_rcv_saddr == laddr;
}

/* The family's socket with echo id ident bound to laddr/laddr6 (or any); referenced. */
struct sock *ping_lookup(int family, u16 ident, __be32 laddr, const struct in6_addr *laddr6,
			 int dif)
{
	struct ping_bucket *b = ping_hashslot(ident);
	struct sock *sk, *found = NULL;

	spin_lock(&b->lock);
	hlist_for_each_entry(sk, &b->chain, sk_node) {
		if (inet_sk(sk)->inet_num != ident)
			continue;
		if (!ping_laddr_match(sk, family, laddr, laddr6))
			continue;
		if (sk->sk_bound_dev_if && sk->sk_bound_dev_if != dif)
			continue;
		found = sk;
		sock_hold(sk);
		break;
	}
	spin_unlock(&b->lock);
	return found;
}

bool ping_rcv(struct sk_buff *skb)
{
	const struct icmphdr *icmph = icmp_hdr(skb);
	struct sock *sk;

	sk = ping_lookup(AF_INET, ntohs(icmph->un.echo.id), ip_hdr(skb)->daddr, NULL,
			 skb->skb_iif);
	if (!sk)
		return false;
	__skb_push(skb, skb->data - (unsigned char *)icmph);
	if (sock_queue_rcv_skb(sk, skb))
		kfree_skb(skb);
	sock_put(sk);
	return true;
}

void ping_err(struct sk_buff *skb, int type, int code, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct icmphdr *icmph = (const struct icmphdr *)(skb->data + iph->ihl * 4);
	struct sock *sk;
	bool harderr;
	int err;

	sk = ping_lookup(AF_INET, ntohs(icmph->un.echo.id), iph->saddr, NULL, skb->skb_iif);
	if (!sk)
		return;
	err = icmp_err_errno(type, code, &harderr);
	if (type == ICMP_SOURCE_QUENCH)
		err = EHOSTUNREACH;     /* ping wants to see it */
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) {
		ipv4_sk_update_pmtu(skb, sk, info >> 16);
		harderr = inet_sk(sk)->pmtudisc != IP_PMTUDISC_DONT;
	}
	if (err && (harderr || inet_sk(sk)->recverr) &&
	    (inet_sk(sk)->recverr || sk->sk_state == TCP_ESTABLISHED)) {
		WRITE_ONCE(sk->sk_err, err);
		sk->sk_error_report(sk);
	}
	sock_put(sk);
}

/* Is current's egid or one of its supplementary groups in the range? */
static bool ping_group_allowed(void)
{
	const struct cred *c = current_cred();
	u32 low, high;
	int i;

	spin_lock(&ping_range_lock);
	low = ping_group_low;
	high = ping_group_high;
	spin_unlock(&ping_range_lock);
	if (c->egid >= low && c->egid <= high)
		return true;
	for (i = 0; i < c->group_info->ngroups; i++)
		if (c->group_info->gid[i] >= low && c->group_info->gid[i] <= high)
			return true;
	return false;
}

int ping_init_sock(struct sock *sk)
{
	(void)sk;
	return ping_group_allowed() ? 0 : -EACCES;
}

void ping_close(struct sock *sk, long timeout)
{
	(void)timeout;
	inet_dgram_release(sk);
}

static int ping_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	const struct sockaddr_in *sin = msg->msg_name;
	struct icmphdr *icmph, user;
	struct sk_buff *skb;
	struct rtable *rt;
	__be32 daddr, saddr;
	int err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (len < sizeof(user))
		return -EINVAL;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (copy_from_iter(&user, sizeof(user), &msg->msg_iter) != sizeof(user))
		return -EFAULT;
	if (user.type != ICMP_ECHO || user.code != 0)
		return -EINVAL;
	if (sin) {
		if (msg->msg_namelen < (int)sizeof(*sin))
			return -EINVAL;
		if (sin->sin_family != AF_INET)
			return -EAFNOSUPPORT;
		daddr = sin->sin_addr.s_addr;
	} else {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = inet->inet_daddr;
	}
	rt = ip_route_output(daddr, inet->inet_saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return PTR_ERR(rt);
	}
	if (rt->rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		return -EACCES;
	if (len + sizeof(struct iphdr) > ip_sk_dst_mtu(sk, &rt->dst, daddr))
		return -EMSGSIZE;
	if (!daddr)
		daddr = inet->inet_saddr ? inet->inet_saddr : htonl(INADDR_LOOPBACK);
	saddr = inet->inet_saddr ? inet->inet_saddr : rt_src_addr(rt, daddr);
	skb = sock_alloc_send_skb(sk, MAX_HEADER + len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_transport_header(skb);
	icmph = skb_put(skb, len);
	*icmph = user;
	icmph->checksum = 0;
	icmph->un.echo.id = inet->inet_sport;
	if (copy_from_iter(icmph + 1, len - sizeof(user), &msg->msg_iter) != len - sizeof(user)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	icmph->checksum = csum_fold(csum_partial(icmph, len, 0));
	icmp_out_count(ICMP_ECHO);
	skb_dst_set(skb, &rt->dst);
	err = ip_build_and_send_pkt(skb, sk, saddr, daddr, IPPROTO_ICMP);
	return err ? err : (int)len;
}

struct proto ping_prot = {
	.name = "PING",
	.obj_size = sizeof(struct inet_sock),
	.close = ping_close,
	.connect = ip4_datagram_connect,
	.disconnect = inet_dgram_disconnect,
	.init = ping_init_sock,
	.setsockopt = ip_setsockopt,
	.getsockopt = ip_getsockopt,
	.sendmsg = ping_sendmsg,
	.recvmsg = inet_recvmsg_whole,
	.unhash = ping_unhash,
	.get_port = ping_get_port,
	.put_port = ping_unhash,
};

static int ping_group_range_show(char *buf, size_t size)
{
	u32 lo, hi;

	spin_lock(&ping_range_lock);
	lo = ping_group_low;
	hi = ping_group_high;
	spin_unlock(&ping_range_lock);
	return snprintf(buf, size, "%u\t%u\n", lo, hi);
}

/* "low high": -EINVAL unless both parse (Linux also wants low <= high
 * for a range that allows anyone; "1 0" is its way of saying nobody). */
static int ping_group_range_store(const char *buf, size_t n)
{
	char tmp[64], *end;
	unsigned long lo, hi;

	if (n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, n);
	tmp[n] = 0;
	lo = simple_strtoul(tmp, &end, 10);
	if (end == tmp)
		return -EINVAL;
	while (*end == ' ' || *end == '\t')
		end++;
	hi = simple_strtoul(end, &end, 10);
	if (lo > 0xffffffffUL || hi > 0xffffffffUL)
		return -EINVAL;
	spin_lock(&ping_range_lock);
	ping_group_low = lo;
	ping_group_high = hi;
	spin_unlock(&ping_range_lock);
	return n;
}

static int ping_group_range_handler(const struct ctl_table *table, int write, char *buf,
				    size_t len)
{
	int ret;

	if (!write)
		return ping_group_range_show(buf, len);
	ret = ping_group_range_store(buf, len);
	return ret < 0 ? ret : 0;
}

static const struct ctl_table ipv4_ping_table[] = {
	{ .procname = "ping_group_range", .mode = 0644, .proc_handler = ping_group_range_handler },
};

void ping_init(void)
{
	int i;

	for (i = 0; i < PING_HTABLE_SIZE; i++)
		spin_lock_init_named(&ping_table[i].lock, "ping_table.lock");
	register_sysctl("net/ipv4", ipv4_ping_table);
}
