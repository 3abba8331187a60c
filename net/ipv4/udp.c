// SPDX-License-Identifier: MIT
/*
 * UDP (Linux's net/ipv4/udp.c), for AF_INET and dual-stack AF_INET6
 * sockets alike: one table, one struct proto.
 *
 * The table hashes sockets by local port into UDP_HTABLE_SIZE slots, each
 * with its own lock, so binds and lookups of different ports never share
 * a lock. Input looks up the best socket for a datagram the way Linux
 * scores them: a socket bound to the destination address beats a
 * wildcard one, then connected (peer address and port) beats
 * unconnected, AF_INET beats AF_INET6; SO_REUSEPORT groups of equal
 * sockets share datagrams by a hash of the 4-tuple.
 *
 * Send builds one skb per datagram (no corking), with the checksum left
 * CHECKSUM_PARTIAL for the device (ip_output finishes it in software when
 * the device cannot) and goes out through ip_queue_xmit when connected
 * (the socket's cached route) or ip_build_and_send_pkt. Receive is
 * __skb_recv_datagram: datagram sockets never take the socket lock on the
 * data path, except a read that moves an SO_PEEK_OFF offset that is on
 * (sk_peek_off is guarded by the socket lock, as Linux's skb_consume_udp).
 *
 * Locks: udp_table[].lock (spin; BHs off in process context) guards its
 * chain (sk_node) and the port (inet_num) of each socket on it. Input
 * takes a reference on the socket it found before dropping the lock.
 * Order: lock_sock -> slot lock -> sk_receive_queue.lock (and the slots of
 * two ports are never held together).
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/random.h>
#include <net/ip.h>
#include <net/udp.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <net/inet_common.h>
#include <net/sock_reuseport.h>
#include <net/ipv6.h>

#define UDP_HTABLE_SIZE         256
#define UDP_MCAST_MAX           16      /* sockets one broadcast is delivered to */

struct udp_hslot {
	spinlock_t lock;
	struct hlist_head head;         /* [lock] */
} __cacheline_aligned;

static struct udp_hslot udp_table[UDP_HTABLE_SIZE];
static u32 udp_hash_seed;

static struct udp_hslot *udp_hashslot(u16 port)
{
	return &udp_table[port & (UDP_HTABLE_SIZE - 1)];
}

/* ------------------------------------------------------------ binding */

/* Do sk and sk2's bound addresses overlap (include/net/inet_sock.h)? */
static bool udp_saddr_overlap(const struct sock *sk, const struct sock *sk2)
{
	return inet_rcv_saddr_equal(&sk->__sk_common, &sk2->__sk_common);
}

/* May sk not take port num because of a socket already on slot? [slot lock] */
static bool udp_lport_inuse(struct udp_hslot *slot, struct sock *sk, u16 num)
{
	struct sock *sk2;

	hlist_for_each_entry(sk2, &slot->head, sk_node) {
		if (sk2 == sk || sk2->sk_num != num)
			continue;
		if (sk2->sk_reuse && sk->sk_reuse)
			continue;
		if (sk2->sk_bound_dev_if && sk->sk_bound_dev_if &&
		    sk2->sk_bound_dev_if != sk->sk_bound_dev_if)
			continue;
		if (!udp_saddr_overlap(sk, sk2))
			continue;
		if (sk2->sk_reuseport && sk->sk_reuseport && sk2->sk_uid == sk->sk_uid)
			continue;       /* a reuseport group has one owner */
		return true;
	}
	return false;
}

static void udp_hash_locked(struct udp_hslot *slot, struct sock *sk, u16 num)
{
	sk->sk_num = num;
	hlist_add_head(&sk->sk_node, &slot->head);
	atomic_inc(&sk->sk_prot->inuse);        /* udpv6_prot counts IPv6's apart, as Linux */
}

/* Bind sk to port snum, or to a free ephemeral port if 0; 0 or -EADDRINUSE. */
static int udp_get_port(struct sock *sk, unsigned short snum)
{
	u32 low, high, range, i, port;
	struct udp_hslot *slot;

	if (snum) {
		slot = udp_hashslot(snum);
		spin_lock_bh(&slot->lock);
		if (udp_lport_inuse(slot, sk, snum)) {
			spin_unlock_bh(&slot->lock);
			return -EADDRINUSE;
		}
		udp_hash_locked(slot, sk, snum);
		spin_unlock_bh(&slot->lock);
		return 0;
	}
	inet_get_local_port_range(&low, &high);
	range = high - low + 1;
	port = low + get_random_u32() % range;
	for (i = 0; i < range; i++) {
		slot = udp_hashslot(port);
		spin_lock_bh(&slot->lock);
		if (!udp_lport_inuse(slot, sk, port)) {
			udp_hash_locked(slot, sk, port);
			spin_unlock_bh(&slot->lock);
			return 0;
		}
		spin_unlock_bh(&slot->lock);
		if (++port > high)
			port = low;
	}
	return -EADDRINUSE;
}

static void udp_unhash(struct sock *sk)
{
	struct udp_hslot *slot = udp_hashslot(sk->sk_num);

	spin_lock_bh(&slot->lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		sk->sk_num = 0;
		atomic_dec(&sk->sk_prot->inuse);
	}
	spin_unlock_bh(&slot->lock);
}

/* ------------------------------------------------------------- lookup */

static u32 udp_flow_hash(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport)
{
	u64 x = ((u64)saddr << 32 | daddr) ^ ((u64)(sport << 16 | dport) + udp_hash_seed);

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (u32)x;
}

/*
 * How well sk matches a datagram saddr:sport -> daddr:dport(hnum), or -1
 * (Linux's compute_score; a socket bound to daddr outranks any wildcard
 * one, as Linux's two-pass lookup has it).
 */
static int udp_score(const struct sock *sk, __be32 saddr, __be16 sport, __be32 daddr,
		     u16 hnum, int dif)
{
	int score;

	if (sk->sk_num != hnum || (sk->sk_family == AF_INET6 && sk->sk_ipv6only))
		return -1;
	score = sk->sk_family == AF_INET ? 2 : 1;
	if (sk->sk_rcv_saddr) {
		if (sk->sk_rcv_saddr != daddr)
			return -1;
		score += 16;
	}
	if (sk->sk_daddr) {
		if (sk->sk_daddr != saddr)
			return -1;
		score += 4;
	}
	if (sk->sk_dport) {
		if (sk->sk_dport != sport)
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

/* How well sk matches a native IPv6 datagram (Linux's compute_score), or -1. */
static int udp6_score(const struct sock *sk, const struct in6_addr *saddr, __be16 sport,
		      const struct in6_addr *daddr, u16 hnum, int dif)
{
	int score = 1;

	if (sk->sk_num != hnum || sk->sk_family != AF_INET6)
		return -1;
	if (!ipv6_addr_any(&sk->sk_v6_rcv_saddr)) {
		if (!ipv6_addr_equal(&sk->sk_v6_rcv_saddr, daddr))
			return -1;
		score += 16;
	}
	if (!ipv6_addr_any(&sk->sk_v6_daddr)) {
		if (!ipv6_addr_equal(&sk->sk_v6_daddr, saddr))
			return -1;
		score += 4;
	}
	if (sk->sk_dport) {
		if (sk->sk_dport != sport)
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

/* What a lookup matches: a datagram of one family (daddr6 NULL for IPv4)
 * saddr:sport -> daddr:dport, arrived on dif. */
struct udp_lookup_key {
	const struct in6_addr *saddr6, *daddr6;
	__be32 saddr, daddr;
	__be16 sport, dport;
	int dif;
};

static __always_inline int udp_key_score(const struct sock *sk, const struct udp_lookup_key *k)
{
	u16 hnum = ntohs(k->dport);

	if (k->daddr6)
		return udp6_score(sk, k->saddr6, k->sport, k->daddr6, hnum, k->dif);
	return udp_score(sk, k->saddr, k->sport, k->daddr, hnum, k->dif);
}

/*
 * The socket for the datagram k describes, referenced, or NULL. Softirq
 * (or BHs off). skb (NULL for ICMP errors) is what a reuseport program
 * reads. An IPv4 reuseport group is spread over; IPv6's is not yet (its
 * first member gets the datagram). Inlined into each family's lookup, so
 * the family tests fold away.
 */
static __always_inline struct sock *__udp_lib_lookup(const struct udp_lookup_key *k,
						     const struct sk_buff *skb)
{
	struct udp_hslot *slot = udp_hashslot(ntohs(k->dport));
	struct sock *sk, *best = NULL;
	struct reuseport_group group = { 0 };
	struct reuseport_pick pick;
	int score, best_score = 0;

	spin_lock(&slot->lock);
	hlist_for_each_entry(sk, &slot->head, sk_node) {
		score = udp_key_score(sk, k);
		if (score > best_score) {
			best = sk;
			best_score = score;
			reuseport_group_init(&group, sk);
		} else if (score == best_score && score > 0 && sk->sk_reuseport && best->sk_reuseport) {
			reuseport_group_add(&group, sk);
		}
	}
	if (group.n > 1 && !k->daddr6) {
		/* a reuseport group: its program, the CPU or the flow's hash picks */
		reuseport_pick_init(&pick, &group, udp_flow_hash(k->saddr, k->sport, k->daddr,
								 k->dport), skb, sizeof(struct udphdr));
		hlist_for_each_entry(sk, &slot->head, sk_node) {
			if (sk->sk_reuseport && udp_key_score(sk, k) == best_score)
				reuseport_pick_visit(&pick, sk);
		}
		best = reuseport_pick_result(&pick);
	}
	if (best)
		sock_hold(best);
	spin_unlock(&slot->lock);
	return best;
}

static struct sock *udp4_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport, int dif,
				const struct sk_buff *skb)
{
	const struct udp_lookup_key k = { .saddr = saddr, .daddr = daddr, .sport = sport,
					  .dport = dport, .dif = dif };

	return __udp_lib_lookup(&k, skb);
}

struct sock *udp6_lib_lookup(const struct in6_addr *saddr, __be16 sport,
			     const struct in6_addr *daddr, __be16 dport, int dif)
{
	const struct udp_lookup_key k = { .saddr6 = saddr, .daddr6 = daddr, .sport = sport,
					  .dport = dport, .dif = dif };

	return __udp_lib_lookup(&k, NULL);
}

/* The lock a lookup of port holds (reuseport program updates take it too). */
spinlock_t *udp_port_lock(u16 port)
{
	return &udp_hashslot(port)->lock;
}

/* ------------------------------------------------------------- receive */

void udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	int cpu = smp_processor_id();

	/* as Linux, only a connected socket learns its flow's CPU (an
	 * unconnected one keeps what SO_INCOMING_CPU set) */
	if (sk->sk_daddr && READ_ONCE(sk->sk_incoming_cpu) != cpu)
		WRITE_ONCE(sk->sk_incoming_cpu, cpu);
	/* the NAPI id likewise; an unconnected socket keeps its first (Linux) */
	if (sk->sk_daddr || !READ_ONCE(sk->sk_napi_id))
		sk_mark_napi_id(sk, skb);
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
		UDP_INC_STATS(UDP_MIB_INERRORS);
		atomic_inc(&udp_sk(sk)->drops);
		kfree_skb(skb);
	}
}

static bool udp_mcast_match(const struct sock *sk, u16 hnum, __be32 saddr, __be16 sport,
			    __be32 daddr, int dif)
{
	return sk->sk_num == hnum && (!sk->sk_daddr || sk->sk_daddr == saddr) &&
	       (!sk->sk_dport || sk->sk_dport == sport) &&
	       (!sk->sk_rcv_saddr || sk->sk_rcv_saddr == daddr) &&
	       !(sk->sk_family == AF_INET6 && sk->sk_ipv6only) &&
	       (!sk->sk_bound_dev_if || sk->sk_bound_dev_if == dif);
}

/* A broadcast: a copy to every socket that matches (at most UDP_MCAST_MAX). */
static void udp_mcast_deliver(struct sk_buff *skb, const struct udphdr *uh, __be32 saddr,
			      __be32 daddr)
{
	u16 hnum = ntohs(uh->dest);
	struct udp_hslot *slot = udp_hashslot(hnum);
	struct sock *sks[UDP_MCAST_MAX], *sk;
	struct sk_buff *c;
	int n = 0, i;

	spin_lock(&slot->lock);
	hlist_for_each_entry(sk, &slot->head, sk_node) {
		if (n < UDP_MCAST_MAX &&
		    udp_mcast_match(sk, hnum, saddr, uh->source, daddr, skb->skb_iif)) {
			sock_hold(sk);
			sks[n++] = sk;
		}
	}
	spin_unlock(&slot->lock);
	if (!n) {
		UDP_INC_STATS(UDP_MIB_IGNOREDMULTI);
		consume_skb(skb);
		return;
	}
	for (i = 0; i < n; i++) {
		c = i == n - 1 ? skb : skb_clone(skb, GFP_ATOMIC);
		if (c)
			udp_queue_rcv_skb(sks[i], c);
		sock_put(sks[i]);
	}
}

/* Is the datagram's checksum good (or absent, or vouched for by the device)? */
static bool udp_csum_ok(struct sk_buff *skb, const struct udphdr *uh, unsigned int ulen)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (!uh->check || skb_csum_unnecessary(skb))
		return true;
	return !csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, IPPROTO_UDP,
				  skb_checksum(skb, 0, ulen, 0));
}

int udp_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct rtable *rt = skb_rtable(skb);
	const struct udphdr *uh;
	unsigned int ulen;
	struct sock *sk;

	uh = udp_pull_hdr(skb);
	if (!uh)
		goto drop;
	ulen = ntohs(uh->len);
	if (!udp_csum_ok(skb, uh, ulen)) {
		UDP_INC_STATS(UDP_MIB_CSUMERRORS);
		goto drop;
	}
	if (rt->rt_type == RTN_BROADCAST || rt->rt_type == RTN_MULTICAST) {
		udp_mcast_deliver(skb, uh, iph->saddr, iph->daddr);
		return 0;
	}
	sk = udp4_lookup(iph->saddr, uh->source, iph->daddr, uh->dest, skb->skb_iif, skb);
	if (sk) {
		udp_queue_rcv_skb(sk, skb);
		sock_put(sk);
		return 0;
	}
	UDP_INC_STATS(UDP_MIB_NOPORTS);
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	kfree_skb(skb);
	return 0;
drop:
	UDP_INC_STATS(UDP_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

/*
 * An ICMP error about a datagram we sent (skb->data at the quoted IP
 * header, 8 bytes of UDP after it). A connected socket learns a hard
 * error (ECONNREFUSED for port unreachable) as a pending sk_err,
 * reported once by the next send, recv, poll or SO_ERROR; with
 * IP_RECVERR any socket does. Others are not told (RFC 1122 4.1.3.3).
 * Fragmentation needed also lowers the path MTU towards the quoted
 * destination (route_pmtu.c), which the next send is held to.
 */
int udp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct udphdr *uh = (const struct udphdr *)(skb->data + iph->ihl * 4);
	int type = info >> 8 & 0xff, code = info & 0xff, err;
	struct sock *sk;
	bool harderr;

	sk = udp4_lookup(iph->daddr, uh->dest, iph->saddr, uh->source, skb->skb_iif, NULL);
	if (!sk)
		return 0;
	err = icmp_err_errno(type, code, &harderr);
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) {
		ipv4_sk_update_pmtu(skb, sk, info >> 16);       /* path MTU discovery */
		harderr = inet_sk(sk)->pmtudisc != IP_PMTUDISC_DONT;
	}
	if (err && (inet_sk(sk)->recverr || (harderr && sk->sk_state == TCP_ESTABLISHED))) {
		WRITE_ONCE(sk->sk_err, err);
		sk->sk_error_report(sk);
	}
	sock_put(sk);
	return 0;
}

/* ---------------------------------------------------------------- send */

/* The destination of a sendto: msg_name parsed for sk's family. */
static int udp_dest(struct sock *sk, struct msghdr *msg, __be32 *daddr, __be16 *dport)
{
	const struct sockaddr *sa = msg->msg_name;
	int err;

	if (sa && sk->sk_family == AF_INET6 && msg->msg_namelen >= (int)sizeof(sa->sa_family) &&
	    sa->sa_family == AF_UNSPEC)
		sa = NULL;              /* udpv6_sendmsg: "no address" */
	if (!sa) {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		*daddr = sk->sk_daddr;
		*dport = sk->sk_dport;
		return 1;               /* connected */
	}
	err = inet_parse_sockaddr(sk, (struct sockaddr *)sa, msg->msg_namelen, daddr, dport, false);
	if (err)
		return err;
	return *dport ? 0 : -EINVAL;
}

/* Route for a datagram: the connected socket's cached one, or a lookup. */
static struct rtable *udp_route(struct sock *sk, __be32 daddr, bool connected)
{
	struct dst_entry *dst = READ_ONCE(sk->sk_dst_cache);
	struct rtable *rt;

	if (connected && dst_check(dst))
		return (struct rtable *)dst;
	rt = ip_route_output(daddr, inet_sk(sk)->inet_saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		if (PTR_ERR(rt) == -ENETUNREACH)
			IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return rt;
	}
	if (connected)
		WRITE_ONCE(sk->sk_dst_cache, &rt->dst);
	return rt;
}

/* Header and checksum setup: the pseudo-header sum, finished by the device. */
static void udp_set_header(struct sk_buff *skb, struct sock *sk, __be32 saddr, __be32 daddr,
			   __be16 dport, int ulen)
{
	struct udphdr *uh = udp_hdr(skb);

	uh->source = inet_sk(sk)->inet_sport;
	uh->dest = dport;
	uh->len = htons(ulen);
	uh->check = ~csum_tcpudp_magic(saddr, daddr, ulen, IPPROTO_UDP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct udphdr, check);
}

#define UDP_LINEAR_MAX  2048

static int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	int ulen = len + sizeof(struct udphdr), err;
	size_t linear;
	bool connected;
	struct sk_buff *skb;
	struct rtable *rt;
	__be32 daddr, saddr;
	__be16 dport;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = udp_dest(sk, msg, &daddr, &dport);
	if (err < 0)
		return err;
	connected = err;
	rt = udp_route(sk, daddr, connected);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	if (rt->rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		return -EACCES;
	/* No fragmentation: the whole datagram must fit the path's MTU. */
	if (len > UDP_MAX_PAYLOAD || ulen + sizeof(struct iphdr) > ip_sk_dst_mtu(sk, &rt->dst, daddr))
		return -EMSGSIZE;
	if (!daddr)
		daddr = inet->inet_saddr ? inet->inet_saddr : htonl(INADDR_LOOPBACK);
	saddr = inet->inet_saddr ? inet->inet_saddr : rt_src_addr(rt, daddr);
	/* Small datagrams are linear; larger ones carry their payload in
	 * pages, so a 32 KB datagram is charged ~33 KB, not a 64 KB block. */
	linear = len <= UDP_LINEAR_MAX ? len : 0;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + sizeof(struct udphdr) + linear,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto out;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_transport_header(skb);
	skb_put(skb, sizeof(struct udphdr));
	if (copy_from_iter(skb_put(skb, linear), linear, &msg->msg_iter) != linear) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (!linear && len) {
		int added;

		err = skb_append_pages_from_iter(skb, &msg->msg_iter, len, &added);
		atomic_add(added, &sk->sk_wmem_alloc);  /* sock_wfree uncharges truesize */
		if (err) {
			kfree_skb(skb);
			return err;
		}
	}
	udp_set_header(skb, sk, saddr, daddr, dport, ulen);
	skb_dst_set(skb, &rt->dst);
	if (connected)
		err = ip_queue_xmit(sk, skb);
	else
		err = ip_build_and_send_pkt(skb, sk, saddr, daddr, IPPROTO_UDP);
	if (!err) {
		UDP_INC_STATS(UDP_MIB_OUTDATAGRAMS);
		return len;
	}
out:
	if (err == -ENOBUFS)
		UDP_INC_STATS(UDP_MIB_SNDBUFERRORS);
	return err;
}

/* ------------------------------------------------------------- recvmsg */

/*
 * SO_PEEK_OFF after a read returning @ret: a peek moves the offset on by
 * it, a read back by it (Linux's skb_consume_udp; not by the datagram's
 * length when a short buffer truncated it, as Linux). The socket lock
 * only when the offset is on.
 */
static void udp_peek_off_update(struct sock *sk, int flags, int ret)
{
	if (likely(READ_ONCE(sk->sk_peek_off) < 0))
		return;
	lock_sock(sk);
	if (flags & MSG_PEEK)
		sk_peek_offset_fwd(sk, ret);
	else
		sk_peek_offset_bwd(sk, ret);
	release_sock(sk);
}

/*
 * A UDP read, for either family (net/ipv6/udp.c): the datagram at the
 * SO_PEEK_OFF offset, copied, counted and named by ops.
 */
int __udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len,
		  const struct udp_recv_ops *ops)
{
	struct sk_buff *skb;
	unsigned int ulen, copied;
	int err, off, ret;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;         /* no error queue: IP_RECVERR errors go to sk_err */
	off = sk_peek_offset(sk, flags);
	skb = __skb_recv_datagram(sk, flags, &off, sizeof(struct udphdr), &err);
	if (!skb)
		return err;
	ulen = skb->len - sizeof(struct udphdr);
	copied = ulen - off;            /* a peek at SO_PEEK_OFF gets the rest */
	if (len <= copied) {            /* Linux's test: against the whole datagram */
		copied = len;
		if (len < ulen)
			msg->msg_flags |= MSG_TRUNC;
	}
	err = skb_copy_datagram_iter(skb, sizeof(struct udphdr) + off, &msg->msg_iter, copied);
	if (err) {
		if (!(flags & MSG_PEEK))
			ops->count(skb, true);
		skb_free_datagram(sk, skb);
		return err;
	}
	if (!(flags & MSG_PEEK))
		ops->count(skb, false);
	*addr_len = ops->recv_name(sk, msg, skb);
	skb_free_datagram(sk, skb);
	ret = (flags & MSG_TRUNC) ? (int)ulen : (int)copied;
	udp_peek_off_update(sk, flags, ret);
	return ret;
}

static int udp_v4_recv_name(struct sock *sk, struct msghdr *msg, struct sk_buff *skb)
{
	int addr_len = inet_recv_name(sk, msg, ip_hdr(skb)->saddr, udp_hdr(skb)->source);

	ip_cmsg_recv(msg, sk, skb);
	return addr_len;
}

static void udp_v4_count(const struct sk_buff *skb, bool error)
{
	(void)skb;
	if (error)
		UDP_INC_STATS(UDP_MIB_INERRORS);
	else
		UDP_INC_STATS(UDP_MIB_INDATAGRAMS);
}

static const struct udp_recv_ops udp_v4_recv_ops = {
	.recv_name = udp_v4_recv_name,
	.count = udp_v4_count,
};

static int udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	return __udp_recvmsg(sk, msg, len, flags, addr_len, &udp_v4_recv_ops);
}

/* ---------------------------------------------------------- the rest */

static int udp_init_sock(struct sock *sk)
{
	udp_sk(sk)->corkflag = 0;
	atomic_set(&udp_sk(sk)->drops, 0);
	return 0;
}

static void udp_close(struct sock *sk, long timeout)
{
	(void)timeout;
	inet_dgram_release(sk);
}

/* SIOCINQ (FIONREAD): the payload size of the next datagram; SIOCOUTQ: bytes in flight. */
static int udp_ioctl(struct sock *sk, int cmd, int *karg)
{
	return sk_dgram_ioctl(sk, cmd, karg, sizeof(struct udphdr));
}

static int udp_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
			  unsigned int optlen)
{
	int val;

	if (level != SOL_UDP)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (optlen < sizeof(int))
		return -EINVAL;
	if (get_user(val, (int __user *)optval))
		return -EFAULT;
	switch (optname) {
	case UDP_CORK:
		udp_sk(sk)->corkflag = !!val;   /* kept; datagrams still go out at once */
		return 0;
	}
	return -ENOPROTOOPT;
}

static int udp_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
			  int __user *optlen)
{
	int len, val;

	if (level != SOL_UDP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case UDP_CORK:
		val = udp_sk(sk)->corkflag;
		break;
	default:
		return -ENOPROTOOPT;
	}
	return sockopt_put_int(optval, optlen, len, val);
}

unsigned int udp_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
{
	/* A pending ICMP error shows as EPOLLERR through datagram_poll. */
	return datagram_poll(file, sock, wait);
}

struct proto udp_prot = {
	.name = "UDP",
	.obj_size = sizeof(struct udp_sock),
	.close = udp_close,
	.connect = ip4_datagram_connect,
	.disconnect = inet_dgram_disconnect,
	.ioctl = udp_ioctl,
	.init = udp_init_sock,
	.setsockopt = udp_setsockopt,
	.getsockopt = udp_getsockopt,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.unhash = udp_unhash,
	.get_port = udp_get_port,
	.put_port = udp_unhash,
};

/* ----------------------------------------------------- /proc/net/udp{,6} */

static void udp_proc_line(struct net_seq *s, int bucket, struct sock *sk, bool v6)
{
	const u32 *src = sk->sk_v6_rcv_saddr.s6_addr32, *dst = sk->sk_v6_daddr.s6_addr32;
	size_t start = s->len;

	if (v6)
		net_seq_printf(s, "%5d: %08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X ", bucket,
			       src[0], src[1], src[2], src[3], ntohs(inet_sk(sk)->inet_sport),
			       dst[0], dst[1], dst[2], dst[3], ntohs(sk->sk_dport));
	else
		net_seq_printf(s, "%5d: %08X:%04X %08X:%04X ", bucket, sk->sk_rcv_saddr,
			       ntohs(inet_sk(sk)->inet_sport), sk->sk_daddr, ntohs(sk->sk_dport));
	net_seq_printf(s, "%02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %016lx %u",
		       sk->sk_state, atomic_read(&sk->sk_wmem_alloc) - 1,
		       atomic_read(&sk->sk_rmem_alloc), 0, 0UL, 0, 0, 0, sock_i_ino(sk),
		       atomic_read(&sk->sk_refcnt), 0UL, atomic_read(&udp_sk(sk)->drops));
	if (v6)
		net_seq_printf(s, "\n");
	else
		net_seq_pad(s, start, 127);
}

static int udp_proc_show(char *buf, size_t size, int family)
{
	struct net_seq s = { buf, size, 0 };
	struct sock *sk;
	int i;

	if (family == AF_INET)
		net_seq_printf(&s, "%-127s\n", "   sl  local_address rem_address   st tx_queue "
			       "rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops");
	else
		net_seq_printf(&s, "  sl  local_address                         "
			       "remote_address                        st tx_queue rx_queue tr "
			       "tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
	for (i = 0; i < UDP_HTABLE_SIZE; i++) {
		if (!READ_ONCE(udp_table[i].head.first))
			continue;
		spin_lock_bh(&udp_table[i].lock);
		hlist_for_each_entry(sk, &udp_table[i].head, sk_node)
			if (sk->sk_family == family)
				udp_proc_line(&s, i, sk, family == AF_INET6);
		spin_unlock_bh(&udp_table[i].lock);
	}
	return s.len;
}

int udp4_proc_show(char *buf, size_t size)
{
	return udp_proc_show(buf, size, AF_INET);
}

int udp6_proc_show(char *buf, size_t size)
{
	return udp_proc_show(buf, size, AF_INET6);
}

int udp_diag_walk(long *slot, long *idx, int (*fn)(struct sock *sk, void *arg), void *arg)
{
	struct sock *sk;
	long n;
	int ret;

	for (; *slot < UDP_HTABLE_SIZE; (*slot)++, *idx = 0) {
		if (!READ_ONCE(udp_table[*slot].head.first))
			continue;
		n = 0;
		spin_lock_bh(&udp_table[*slot].lock);
		hlist_for_each_entry(sk, &udp_table[*slot].head, sk_node) {
			if (n++ < *idx)
				continue;
			ret = fn(sk, arg);
			if (ret) {
				*idx = n - 1;
				spin_unlock_bh(&udp_table[*slot].lock);
				return ret;
			}
		}
		spin_unlock_bh(&udp_table[*slot].lock);
	}
	return 0;
}

void udp_init(void)
{
	int i;

	for (i = 0; i < UDP_HTABLE_SIZE; i++)
		spin_lock_init_named(&udp_table[i].lock, "udp_hslot.lock");
	udp_hash_seed = get_random_u32();
}
