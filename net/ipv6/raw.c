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

static struct raw_hash_bucket raw_v6_hash[IPPROTO_MAX];

static int rawv6_hash(struct sock *sk)
{
	return raw_hash_sk(raw_v6_hash, sk);
}

static void rawv6_unhash(struct sock *sk)
{
	raw_unhash_sk(raw_v6_hash, sk);
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
	struct raw_hash_bucket *b = &raw_v6_hash[nexthdr & (IPPROTO_MAX - 1)];
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
	err = ip6_datagram_send_dest(sk, msg, &daddr, -ENETUNREACH);
	if (err)
		return err;
	skb = ip6_dgram_alloc_skb(sk, &daddr, &saddr, len, msg->msg_flags, &rt, &err);
	if (!skb)
		return err;
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
	.connect = ip6_datagram_connect_v6_only,
	.disconnect = inet_dgram_disconnect,
	.init = rawv6_init_sk,
	.setsockopt = rawv6_setsockopt,
	.getsockopt = rawv6_getsockopt,
	.sendmsg = rawv6_sendmsg,
	.recvmsg = inet6_recvmsg_whole,
	.hash = rawv6_hash,
	.unhash = rawv6_unhash,
};

void rawv6_init(void)
{
	int i;

	for (i = 0; i < IPPROTO_MAX; i++)
		spin_lock_init_named(&raw_v6_hash[i].lock, "raw_v6_hash.lock");
}
