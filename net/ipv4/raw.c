// SPDX-License-Identifier: MIT
/*
 * Raw IPv4 sockets (Linux's net/ipv4/raw.c): socket(AF_INET, SOCK_RAW,
 * protocol). What busybox ping uses as root: it writes ICMP echo requests
 * (header and payload, its own checksum) and reads every ICMP message
 * that arrives, IP header included.
 *
 * Input: ip_local_deliver calls raw_local_deliver before the protocol
 * handler; each raw socket of that protocol whose bound and connected
 * addresses match gets a clone pushed back to its IP header
 * (ICMP_FILTER may refuse ICMP types). Output: the kernel builds the IP
 * header (protocol = the socket's), or with IP_HDRINCL (IPPROTO_RAW)
 * fills in the length, checksum, ID and a zero source of the user's.
 *
 * Locks: raw_v4_hash[protocol].lock (spin; BHs off in process context)
 * guards its chain of sockets (sk_node). Softirq input holds it while it
 * queues clones, so the order is bucket lock -> sk_receive_queue.lock ->
 * wait-queue lock. A socket stays in its bucket, keeping no extra
 * reference, until raw_unhash at close.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <net/inet_common.h>

#define ICMP_FILTER     1               /* SOL_RAW option */

struct raw_sock {
	struct inet_sock inet;          /* must be first */
	u32 icmp_filter;                /* ICMP types (< 32) to drop [sock] */
};

static inline struct raw_sock *raw_sk(const struct sock *sk)
{
	return (struct raw_sock *)sk;
}

static struct raw_hash_bucket raw_v4_hash[IPPROTO_MAX];

/* Put sk on its protocol's chain of table (IPv4's or IPv6's), counted in
 * its proto's inuse. */
int raw_hash_sk(struct raw_hash_bucket *table, struct sock *sk)
{
	struct raw_hash_bucket *b = &table[inet_sk(sk)->inet_num & (IPPROTO_MAX - 1)];

	spin_lock_bh(&b->lock);
	hlist_add_head(&sk->sk_node, &b->chain);
	spin_unlock_bh(&b->lock);
	atomic_inc(&sk->sk_prot->inuse);
	return 0;
}

void raw_unhash_sk(struct raw_hash_bucket *table, struct sock *sk)
{
	struct raw_hash_bucket *b = &table[inet_sk(sk)->inet_num & (IPPROTO_MAX - 1)];

	spin_lock_bh(&b->lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		atomic_dec(&sk->sk_prot->inuse);
	}
	spin_unlock_bh(&b->lock);
}

static int raw_hash(struct sock *sk)
{
	return raw_hash_sk(raw_v4_hash, sk);
}

static void raw_unhash(struct sock *sk)
{
	raw_unhash_sk(raw_v4_hash, sk);
}

static bool raw_match(const struct sock *sk, const struct iphdr *iph, int dif)
{
	const struct inet_sock *inet = inet_sk(sk);

	return (!inet->inet_daddr || inet->inet_daddr == iph->saddr) &&
	       (!inet->inet_rcv_saddr || inet->inet_rcv_saddr == iph->daddr) &&
	       (!sk->sk_bound_dev_if || sk->sk_bound_dev_if == dif);
}

/* ICMP_FILTER: does sk refuse this message (data at the ICMP header)? */
static bool raw_icmp_filtered(const struct sock *sk, const struct sk_buff *skb)
{
	u8 type;

	if (sk->sk_protocol != IPPROTO_ICMP || skb_copy_bits(skb, 0, &type, 1))
		return false;
	return type < 32 && (raw_sk(sk)->icmp_filter & (1U << type));
}

bool raw_local_deliver(struct sk_buff *skb, int protocol)
{
	struct raw_hash_bucket *b = &raw_v4_hash[protocol & (IPPROTO_MAX - 1)];
	const struct iphdr *iph = ip_hdr(skb);
	struct sk_buff *clone;
	struct hlist_node *n;
	struct sock *sk;
	bool delivered = false;

	if (!READ_ONCE(b->chain.first))
		return false;
	spin_lock(&b->lock);
	for (n = b->chain.first; n; n = n->next) {
		sk = hlist_entry(n, struct sock, sk_node);
		if (inet_sk(sk)->inet_num != protocol || !raw_match(sk, iph, skb->skb_iif))
			continue;
		delivered = true;
		if (raw_icmp_filtered(sk, skb))
			continue;
		clone = skb_clone(skb, GFP_ATOMIC);
		if (!clone)
			continue;
		__skb_push(clone, clone->data - skb_network_header(clone));
		if (sock_queue_rcv_skb(sk, clone))
			kfree_skb(clone);
	}
	spin_unlock(&b->lock);
	return delivered;
}

static int raw_init_sk(struct sock *sk)
{
	raw_sk(sk)->icmp_filter = 0;
	return 0;
}

static void raw_close(struct sock *sk, long timeout)
{
	(void)timeout;
	inet_dgram_release(sk);
}

static int raw_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	int type, err = -EINVAL;

	lock_sock(sk);
	if (sk->sk_state != TCP_CLOSE || addr_len < (int)sizeof(*sin))
		goto out;
	type = inet_addr_type(sin->sin_addr.s_addr);
	err = -EADDRNOTAVAIL;
	if (sin->sin_addr.s_addr && type != RTN_LOCAL && type != RTN_MULTICAST &&
	    type != RTN_BROADCAST && !inet->freebind)
		goto out;
	inet->inet_rcv_saddr = inet->inet_saddr = sin->sin_addr.s_addr;
	if (type == RTN_MULTICAST || type == RTN_BROADCAST)
		inet->inet_saddr = 0;   /* the device's */
	sk_dst_reset(sk);
	err = 0;
out:
	release_sock(sk);
	return err;
}

/* Where a raw send goes: the address given (AF_INET, or 0 for old
 * programs) or the connected peer. */
static int raw_dest(struct sock *sk, struct msghdr *msg, __be32 *daddr)
{
	const struct sockaddr_in *sin = msg->msg_name;

	if (!sin) {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		*daddr = inet_sk(sk)->inet_daddr;
		return 0;
	}
	if (msg->msg_namelen < (int)sizeof(*sin))
		return -EINVAL;
	if (sin->sin_family != AF_INET && sin->sin_family != AF_UNSPEC)
		return -EAFNOSUPPORT;
	*daddr = sin->sin_addr.s_addr;
	return 0;
}

/* IP_HDRINCL: the user's IP header, completed. */
static int raw_send_hdrinc(struct sock *sk, struct msghdr *msg, size_t len, struct rtable *rt,
			   __be32 saddr)
{
	struct sk_buff *skb;
	struct iphdr *iph;
	int err;

	if (len < sizeof(*iph))
		return -EINVAL;
	if (len > rt->dst.mtu)
		return -EMSGSIZE;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put(skb, len);
	if (copy_from_iter(iph, len, &msg->msg_iter) != len) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (iph->ihl < 5 || iph->ihl * 4u > len) {
		kfree_skb(skb);
		return -EINVAL;
	}
	if (!iph->saddr)
		iph->saddr = saddr;
	if (!iph->id)
		iph->id = ip_select_id(sk);
	skb_set_transport_header(skb, iph->ihl * 4);
	skb_dst_set(skb, &rt->dst);
	if (iph->protocol == IPPROTO_ICMP && len >= iph->ihl * 4u + 1)
		icmp_out_count(((u8 *)iph)[iph->ihl * 4]);
	return ip_local_out(skb);
}

static int raw_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct sk_buff *skb;
	struct rtable *rt;
	__be32 daddr, saddr;
	int err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = raw_dest(sk, msg, &daddr);
	if (err)
		return err;
	rt = ip_route_output(daddr, inet->inet_saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return PTR_ERR(rt);
	}
	if (rt->rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		return -EACCES;
	if (!daddr)
		daddr = inet->inet_saddr ? inet->inet_saddr : htonl(INADDR_LOOPBACK);
	saddr = inet->inet_saddr ? inet->inet_saddr : rt_src_addr(rt, daddr);
	if (inet->hdrincl) {
		err = raw_send_hdrinc(sk, msg, len, rt, saddr);
		return err ? err : (int)len;
	}
	if (len + sizeof(struct iphdr) > ip_sk_dst_mtu(sk, &rt->dst, daddr))
		return -EMSGSIZE;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_transport_header(skb);
	if (copy_from_iter(skb_put(skb, len), len, &msg->msg_iter) != len) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (sk->sk_protocol == IPPROTO_ICMP && len)
		icmp_out_count(skb->data[0]);
	skb_dst_set(skb, &rt->dst);
	err = ip_build_and_send_pkt(skb, sk, saddr, daddr, inet->inet_num);
	return err ? err : (int)len;
}

/*
 * recvmsg for sockets that hand out each queued skb whole, from skb->data
 * (raw sockets: IPv4's from the IP header, IPv6's from the upper header;
 * ping sockets: from the ICMP header), either family: recv_info fills in
 * the source (msg_name, *addr_len) and the control messages.
 */
int __inet_recvmsg_whole(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			 int *addr_len, inet_recv_info_t recv_info)
{
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;         /* no error queue */
	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;
	copied = skb->len;
	if (len < copied) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, copied);
	if (!err) {
		recv_info(sk, msg, skb, addr_len);
		if (flags & MSG_TRUNC)
			copied = skb->len;
	}
	skb_free_datagram(sk, skb);
	return err ? err : (int)copied;
}

static void inet_recv_info(struct sock *sk, struct msghdr *msg, struct sk_buff *skb,
			   int *addr_len)
{
	*addr_len = inet_recv_name(sk, msg, ip_hdr(skb)->saddr, 0);
	ip_cmsg_recv(msg, sk, skb);
}

int inet_recvmsg_whole(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	return __inet_recvmsg_whole(sk, msg, len, flags, addr_len, inet_recv_info);
}

static int raw_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
			  unsigned int optlen)
{
	u32 filter;

	if (level != SOL_RAW)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (optname != ICMP_FILTER)
		return -ENOPROTOOPT;
	if (inet_sk(sk)->inet_num != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	if (optlen > sizeof(filter))
		optlen = sizeof(filter);
	filter = 0;
	if (copy_from_user(&filter, optval, optlen))
		return -EFAULT;
	raw_sk(sk)->icmp_filter = filter;
	return 0;
}

static int raw_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
			  int __user *optlen)
{
	int len;

	if (level != SOL_RAW)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (optname != ICMP_FILTER)
		return -ENOPROTOOPT;
	if (inet_sk(sk)->inet_num != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	return sockopt_put(optval, optlen, len, &raw_sk(sk)->icmp_filter, sizeof(u32));
}

/* SIOCINQ: the first queued packet's size; SIOCOUTQ: bytes in flight. */
static int raw_ioctl(struct sock *sk, int cmd, int *karg)
{
	return sk_dgram_ioctl(sk, cmd, karg, 0);
}

struct proto raw_prot = {
	.name = "RAW",
	.obj_size = sizeof(struct raw_sock),
	.close = raw_close,
	.connect = ip4_datagram_connect,
	.disconnect = inet_dgram_disconnect,
	.ioctl = raw_ioctl,
	.init = raw_init_sk,
	.setsockopt = raw_setsockopt,
	.getsockopt = raw_getsockopt,
	.sendmsg = raw_sendmsg,
	.recvmsg = inet_recvmsg_whole,
	.bind = raw_bind,
	.hash = raw_hash,
	.unhash = raw_unhash,
};

void raw_init(void)
{
	int i;

	for (i = 0; i < IPPROTO_MAX; i++)
		spin_lock_init_named(&raw_v4_hash[i].lock, "raw_v4_hash.lock");
}
