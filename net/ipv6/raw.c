// SPDX-License-Identifier: MIT
/*
 * Raw IPv6 sockets (Linux's net/ipv6/raw.c): socket(AF_INET6, SOCK_RAW,
 * protocol) with CAP_NET_RAW. What a root ping to ::1 uses when echo
 * sockets are not allowed: it writes ICMPv6 echo requests and reads every
 * ICMPv6 message that arrives. Unlike IPv4's, a raw IPv6 socket never
 * sees or writes the IPv6 header: it reads from the upper header on (the
 * addresses come in msg_name and the IPV6_RECV* control messages) and
 * the kernel always builds the header. For ICMPv6 the kernel computes
 * the checksum (RFC 3542 3.1) and ICMP6_FILTER chooses the types
 * delivered. IPV6_CHECKSUM for other protocols and IPV6_HDRINCL are not
 * done (-ENOPROTOOPT); IPPROTO_RAW is -EPROTONOSUPPORT.
 *
 * Locks: raw_v6_hash[protocol].lock (spin; BHs off in process context)
 * guards its chain (sk_node). Softirq input holds it while it queues
 * clones: bucket lock -> sk_receive_queue.lock -> wait-queue lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

#define ICMP6_FILTER    1               /* SOL_ICMPV6 option */

struct icmp6_filter {
	u32 data[8];                    /* bit set: type blocked (RFC 3542 3.2) */
};

struct raw6_sock {
	struct inet_sock inet;          /* must be first */
	struct icmp6_filter filter;     /* [sock; read unlocked by input] */
};

static inline struct raw6_sock *raw6_sk(const struct sock *sk)
{
	return (struct raw6_sock *)sk;
}

struct raw6_hash_bucket {
	spinlock_t lock;
	struct hlist_head chain;        /* [lock] */
} __cacheline_aligned;

static struct raw6_hash_bucket raw_v6_hash[IPPROTO_MAX];

static struct raw6_hash_bucket *raw6_bucket(const struct sock *sk)
{
	return &raw_v6_hash[inet_sk(sk)->inet_num & (IPPROTO_MAX - 1)];
}

static int rawv6_hash(struct sock *sk)
{
	struct raw6_hash_bucket *b = raw6_bucket(sk);

	spin_lock_bh(&b->lock);
	hlist_add_head(&sk->sk_node, &b->chain);
	spin_unlock_bh(&b->lock);
	atomic_inc(&rawv6_prot.inuse);
	return 0;
}

static void rawv6_unhash(struct sock *sk)
{
	struct raw6_hash_bucket *b = raw6_bucket(sk);

	spin_lock_bh(&b->lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		atomic_dec(&rawv6_prot.inuse);
	}
	spin_unlock_bh(&b->lock);
}

static bool rawv6_match(const struct sock *sk, const struct ipv6hdr *hdr, int dif)
{
	return (ipv6_addr_any(&sk->sk_v6_daddr) || ipv6_addr_equal(&sk->sk_v6_daddr, &hdr->saddr)) &&
	       (ipv6_addr_any(&sk->sk_v6_rcv_saddr) ||
		ipv6_addr_equal(&sk->sk_v6_rcv_saddr, &hdr->daddr)) &&
	       (!sk->sk_bound_dev_if || sk->sk_bound_dev_if == dif);
}

/* ICMP6_FILTER: does sk refuse this message (data at the ICMPv6 header)? */
static bool rawv6_filtered(const struct sock *sk, const struct sk_buff *skb)
{
	u8 type;

	if (sk->sk_protocol != IPPROTO_ICMPV6 || skb_copy_bits(skb, 0, &type, 1))
		return false;
	return READ_ONCE(raw6_sk(sk)->filter.data[type >> 5]) & (1U << (type & 31));
}

bool raw6_local_deliver(struct sk_buff *skb, int nexthdr)
{
	struct raw6_hash_bucket *b = &raw_v6_hash[nexthdr & (IPPROTO_MAX - 1)];
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	struct sk_buff *clone;
	struct sock *sk;
	bool delivered = false;

	if (!READ_ONCE(b->chain.first))
		return false;
	spin_lock(&b->lock);
	hlist_for_each_entry(sk, &b->chain, sk_node) {
		if (inet_sk(sk)->inet_num != nexthdr || !rawv6_match(sk, hdr, skb->skb_iif))
			continue;
		delivered = true;
		if (rawv6_filtered(sk, skb))
			continue;
		clone = skb_clone(skb, GFP_ATOMIC);
		if (clone && sock_queue_rcv_skb(sk, clone))
			kfree_skb(clone);
	}
	spin_unlock(&b->lock);
	return delivered;
}

static int rawv6_init_sk(struct sock *sk)
{
	if (sk->sk_protocol == IPPROTO_RAW)
		return -EPROTONOSUPPORT;        /* no IPV6_HDRINCL */
	memset(&raw6_sk(sk)->filter, 0, sizeof(raw6_sk(sk)->filter));
	return 0;
}

static void rawv6_close(struct sock *sk, long timeout)
{
	(void)timeout;
	inet_dgram_release(sk);
}

static int rawv6_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct in6_addr addr;
	__be16 port;
	int err;

	err = inet6_parse_native(uaddr, addr_len, &addr, &port);
	if (err)
		return err;
	if (ipv6_addr_v4mapped(&addr))
		return -EADDRNOTAVAIL;
	if (!ipv6_addr_any(&addr) && !inet->freebind && !ipv6_chk_addr(&addr, NULL))
		return -EADDRNOTAVAIL;
	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state == TCP_CLOSE) {
		sk->sk_v6_rcv_saddr = addr;
		inet->inet_rcv_saddr = inet->inet_saddr =
			ipv6_addr_any(&addr) ? 0 : htonl(LOOPBACK4_IPV6);
		sk_dst_reset(sk);
		err = 0;
	}
	release_sock(sk);
	return err;
}

static int rawv6_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct in6_addr daddr;
	__be16 port;
	int err;

	err = inet6_parse_native(uaddr, addr_len, &daddr, &port);
	if (err)
		return err;
	if (ipv6_addr_v4mapped(&daddr))
		return -EAFNOSUPPORT;
	return ip6_datagram_connect_native(sk, &daddr, 0);
}

/* Where a raw send goes: msg_name, or the connected peer. */
static int rawv6_dest(struct sock *sk, struct msghdr *msg, struct in6_addr *daddr)
{
	__be16 port;
	int err;

	if (!msg->msg_name) {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		*daddr = sk->sk_v6_daddr;
		return 0;
	}
	err = inet6_parse_native(msg->msg_name, msg->msg_namelen, daddr, &port);
	if (err)
		return err;
	if (ipv6_addr_v4mapped(daddr))
		return -ENETUNREACH;
	if (ipv6_addr_any(daddr))
		ipv6_addr_set_loopback(daddr);
	return 0;
}

static int rawv6_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct in6_addr daddr, saddr = sk->sk_v6_rcv_saddr;
	u8 proto = inet_sk(sk)->inet_num;
	struct sk_buff *skb;
	struct rt6_info *rt;
	__sum16 *check;
	u8 *data;
	int err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (proto == IPPROTO_ICMPV6 && len < sizeof(struct icmp6hdr) - 4)
		return -EINVAL;         /* no room for the checksum we must write */
	err = rawv6_dest(sk, msg, &daddr);
	if (err)
		return err;
	rt = ip6_route_output(&daddr, &saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP6_INC_STATS(IPSTATS6_OUTNOROUTES);
		return PTR_ERR(rt);
	}
	if (len + sizeof(struct ipv6hdr) > dst_mtu(&rt->dst))
		return -EMSGSIZE;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_transport_header(skb);
	data = skb_put(skb, len);
	if (copy_from_iter(data, len, &msg->msg_iter) != len) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (proto == IPPROTO_ICMPV6) {
		check = (__sum16 *)(data + offsetof(struct icmp6hdr, icmp6_cksum));
		*check = 0;
		*check = csum_ipv6_magic(&saddr, &daddr, len, proto, csum_partial(data, len, 0));
		ICMP6_INC_STATS(ICMP6_MIB_OUTMSGS);
		SNMP6_ADD(icmp_out_type, data[0], 1);
	}
	skb_dst_set(skb, &rt->dst);
	err = ip6_xmit(sk, skb, &saddr, &daddr, proto, ip6_sk_hop_limit(sk),
		       inet_sk(sk)->ipv6_tclass);
	return err ? err : (int)len;
}

/* Each packet whole from its upper header; the source address, port 0. */
static int rawv6_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			 int *addr_len)
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
	copied = min_t(size_t, len, skb->len);
	if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, copied);
	if (!err) {
		if (msg->msg_name)
			*addr_len = inet6_fill_sockaddr(msg->msg_name, &ipv6_hdr(skb)->saddr, 0,
							skb->skb_iif);
		ip6_cmsg_recv(msg, sk, skb);
		if (flags & MSG_TRUNC)
			copied = skb->len;
	}
	skb_free_datagram(sk, skb);
	return err ? err : (int)copied;
}

static int rawv6_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
			    unsigned int optlen)
{
	struct icmp6_filter f;

	if (level != SOL_ICMPV6)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (sk->sk_protocol != IPPROTO_ICMPV6 || optname != ICMP6_FILTER)
		return -ENOPROTOOPT;
	if (optlen > sizeof(f))
		optlen = sizeof(f);
	memset(&f, 0, sizeof(f));       /* a short filter passes the rest (Linux) */
	if (copy_from_user(&f, optval, optlen))
		return -EFAULT;
	lock_sock(sk);
	memcpy(&raw6_sk(sk)->filter, &f, sizeof(f));
	release_sock(sk);
	return 0;
}

static int rawv6_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
			    int __user *optlen)
{
	int len;

	if (level != SOL_ICMPV6)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (sk->sk_protocol != IPPROTO_ICMPV6 || optname != ICMP6_FILTER)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > (int)sizeof(struct icmp6_filter))
		len = sizeof(struct icmp6_filter);
	if (put_user(len, optlen) || copy_to_user(optval, &raw6_sk(sk)->filter, len))
		return -EFAULT;
	return 0;
}

struct proto rawv6_prot = {
	.name = "RAWv6",
	.obj_size = sizeof(struct raw6_sock),
	.close = rawv6_close,
	.bind = rawv6_bind,
	.connect = rawv6_connect,
	.disconnect = inet_dgram_disconnect,
	.init = rawv6_init_sk,
	.setsockopt = rawv6_setsockopt,
	.getsockopt = rawv6_getsockopt,
	.sendmsg = rawv6_sendmsg,
	.recvmsg = rawv6_recvmsg,
	.hash = rawv6_hash,
	.unhash = rawv6_unhash,
};

void rawv6_init(void)
{
	int i;

	for (i = 0; i < IPPROTO_MAX; i++)
		spin_lock_init_named(&raw_v6_hash[i].lock, "raw_v6_hash.lock");
}
