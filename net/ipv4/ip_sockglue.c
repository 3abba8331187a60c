// SPDX-License-Identifier: MIT
/*
 * SOL_IP socket options of every inet socket (Linux's
 * net/ipv4/ip_sockglue.c), and the IP control messages recvmsg hands back,
 * IPv6's packet info of an AF_INET6 socket included (a v4-mapped address);
 * SOL_IPV6 is net/ipv6/ipv6_sockglue.c.
 *
 * Options are stored in struct inet_sock under the socket lock (lock_sock).
 * What shoal does not implement (multicast membership, IP options) is
 * refused with -ENOPROTOOPT rather than accepted and ignored; multicast
 * TTL/loop/interface are stored for the day multicast is routed.
 */
#include <shoal/kernel.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

/* inet->cmsg_flags bits (Linux's IP_CMSG_*); IPv6's are on the same word (ipv6.h). */
#define IP_CMSG_PKTINFO         (1 << 0)
#define IP_CMSG_TTL             (1 << 1)
#define IP_CMSG_TOS             (1 << 2)
#define IP_CMSG_RECVOPTS        (1 << 3)
#define IP_CMSG_RETOPTS         (1 << 4)

#define IP_UNICAST_IF           50
#define IP_BIND_ADDRESS_NO_PORT 24

struct in_pktinfo {
	int ipi_ifindex;
	struct in_addr ipi_spec_dst;
	struct in_addr ipi_addr;
};

static u32 ip_cmsg_bit(int optname)
{
	switch (optname) {
	case IP_PKTINFO:        return IP_CMSG_PKTINFO;
	case IP_RECVTTL:        return IP_CMSG_TTL;
	case IP_RECVTOS:        return IP_CMSG_TOS;
	case IP_RECVOPTS:       return IP_CMSG_RECVOPTS;
	case IP_RETOPTS:        return IP_CMSG_RETOPTS;
	}
	return 0;
}

/* An int option's value as Linux reads it: an int, or one byte, or 0. */
static int ip_get_val(const char __user *optval, unsigned int optlen, int *val)
{
	u8 b;

	*val = 0;
	if (optlen >= sizeof(int))
		return get_user(*val, (const int __user *)optval) ? -EFAULT : 0;
	if (optlen >= 1) {
		if (get_user(b, (const u8 __user *)optval))
			return -EFAULT;
		*val = b;
	}
	return 0;
}

/* IP_MULTICAST_IF: struct ip_mreqn, struct ip_mreq or a bare in_addr. */
static int ip_set_mcast_if(struct sock *sk, char __user *optval, unsigned int optlen)
{
	struct { struct in_addr multiaddr, address; int ifindex; } mreqn = { 0 };
	struct inet_sock *inet = inet_sk(sk);

	if (sk->sk_type == SOCK_STREAM)
		return -EINVAL;
	if (optlen >= sizeof(mreqn)) {
		if (copy_from_user(&mreqn, optval, sizeof(mreqn)))
			return -EFAULT;
	} else if (optlen >= sizeof(struct in_addr)) {
		if (copy_from_user(&mreqn.address, optval, sizeof(struct in_addr)))
			return -EFAULT;
	}
	if (mreqn.ifindex && !dev_get_by_index(mreqn.ifindex))
		return -EADDRNOTAVAIL;
	if (!mreqn.ifindex && mreqn.address.s_addr &&
	    inet_addr_type(mreqn.address.s_addr) != RTN_LOCAL)
		return -EADDRNOTAVAIL;
	inet->mc_addr = mreqn.address.s_addr;
	return 0;
}

static int do_ip_setsockopt(struct sock *sk, int optname, char __user *optval,
			    unsigned int optlen, int val)
{
	struct inet_sock *inet = inet_sk(sk);
	u32 bit = ip_cmsg_bit(optname);

	if (bit) {
		if (val)
			inet->cmsg_flags |= bit;
		else
			inet->cmsg_flags &= ~bit;
		return 0;
	}
	switch (optname) {
	case IP_TOS:
		if (sk->sk_type == SOCK_STREAM)
			val = (val & ~INET_ECN_MASK) | (inet->tos & INET_ECN_MASK);
		inet->tos = val;
		return 0;
	case IP_TTL:
		if (optlen < 1 || (val != -1 && (val < 1 || val > 255)))
			return -EINVAL;
		inet->uc_ttl = val;
		return 0;
	case IP_MTU_DISCOVER:
		if (val < IP_PMTUDISC_DONT || val > IP_PMTUDISC_OMIT)
			return -EINVAL;
		inet->pmtudisc = val;
		return 0;
	case IP_RECVERR:
		inet->recverr = !!val;
		if (!val)
			skb_queue_purge(&sk->sk_error_queue);
		return 0;
	case IP_FREEBIND:
		if (optlen < 1)
			return -EINVAL;
		inet->freebind = !!val;
		return 0;
	case IP_HDRINCL:
		if (sk->sk_type != SOCK_RAW)
			return -ENOPROTOOPT;
		inet->hdrincl = !!val;
		return 0;
	case IP_BIND_ADDRESS_NO_PORT:
		inet->bind_address_no_port = !!val;
		return 0;
	case IP_UNICAST_IF:
		if (optlen < sizeof(int))
			return -EINVAL;
		val = ntohl(val);
		if (val && !dev_get_by_index(val))
			return -EADDRNOTAVAIL;
		inet->uc_index = val;
		return 0;
	case IP_MULTICAST_TTL:
		if (sk->sk_type == SOCK_STREAM || optlen < 1)
			return -EINVAL;
		if (val == -1)
			val = 1;
		if (val < 0 || val > 255)
			return -EINVAL;
		inet->mc_ttl = val;
		return 0;
	case IP_MULTICAST_LOOP:
		if (optlen < 1)
			return -EINVAL;
		inet->mc_loop = !!val;
		return 0;
	case IP_MULTICAST_IF:
		return ip_set_mcast_if(sk, optval, optlen);
	}
	return -ENOPROTOOPT;            /* IP_OPTIONS, memberships, ... */
}

int ip_setsockopt(struct sock *sk, int level, int optname, char __user *optval, unsigned int optlen)
{
	int err, val;

	if (level != SOL_IP)
		return -ENOPROTOOPT;
	err = ip_get_val(optval, optlen, &val);
	if (err)
		return err;
	lock_sock(sk);
	err = do_ip_setsockopt(sk, optname, optval, optlen, val);
	release_sock(sk);
	return err;
}

/* Linux's reply rule: one byte when the caller asked for less than an int
 * and the value fits, else up to an int. */
static int ip_put_val(char __user *optval, int __user *optlen, int len, int val)
{
	u8 b = val;

	if (len < (int)sizeof(int) && len > 0 && val >= 0 && val <= 255) {
		if (put_user(1, optlen) || copy_to_user(optval, &b, 1))
			return -EFAULT;
		return 0;
	}
	return sockopt_put_int(optval, optlen, len, val);
}

/* The value of a SOL_IP option, or -ENOPROTOOPT/-ENOTCONN in *err. */
static int ip_opt_val(struct sock *sk, int optname, int *err)
{
	struct inet_sock *inet = inet_sk(sk);
	struct dst_entry *dst;
	u32 bit = ip_cmsg_bit(optname);

	*err = 0;
	if (bit)
		return !!(inet->cmsg_flags & bit);
	switch (optname) {
	case IP_TOS:                    return inet->tos;
	case IP_TTL:                    return inet->uc_ttl < 0 ? IPDEFTTL : inet->uc_ttl;
	case IP_HDRINCL:                return inet->hdrincl;
	case IP_MTU_DISCOVER:           return inet->pmtudisc;
	case IP_RECVERR:                return inet->recverr;
	case IP_FREEBIND:               return inet->freebind;
	case IP_BIND_ADDRESS_NO_PORT:   return inet->bind_address_no_port;
	case IP_UNICAST_IF:             return htonl(inet->uc_index);
	case IP_MULTICAST_TTL:          return inet->mc_ttl;
	case IP_MULTICAST_LOOP:         return inet->mc_loop;
	case IP_MTU:                    /* the path MTU towards the peer */
		dst = READ_ONCE(sk->sk_dst_cache);
		if (dst && dst_mtu(dst))
			return ip_dst_pmtu(dst, inet->inet_daddr);
		*err = -ENOTCONN;
		return 0;
	}
	*err = -ENOPROTOOPT;
	return 0;
}

int ip_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen)
{
	struct in_addr addr;
	int len, val, err;

	if (level != SOL_IP)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case IP_OPTIONS:                /* none are ever set */
		return put_user(0, optlen) ? -EFAULT : 0;
	case IP_MULTICAST_IF:
		addr.s_addr = inet_sk(sk)->mc_addr;
		return sockopt_put(optval, optlen, len, &addr, sizeof(addr));
	}
	val = ip_opt_val(sk, optname, &err);
	if (err)
		return err;
	return ip_put_val(optval, optlen, len, val);
}

void ip_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb)
{
	u32 flags = READ_ONCE(inet_sk(sk)->cmsg_flags);
	const struct iphdr *iph = ip_hdr(skb);

	if (!flags || !msg->msg_control)
		return;
	if (flags & IPV6_CMSG_PKTINFO) {
		struct in6_pktinfo info6 = { .ipi6_ifindex = skb->skb_iif };

		ipv6_addr_set_v4mapped(iph->daddr, &info6.ipi6_addr);
		put_cmsg(msg, SOL_IPV6, IPV6_PKTINFO, sizeof(info6), &info6);
	}
	if (flags & IP_CMSG_PKTINFO) {
		struct in_pktinfo info = {
			.ipi_ifindex = skb->skb_iif,
			.ipi_spec_dst = { iph->daddr },
			.ipi_addr = { iph->daddr },
		};

		put_cmsg(msg, SOL_IP, IP_PKTINFO, sizeof(info), &info);
	}
	if (flags & IP_CMSG_TTL) {
		int ttl = iph->ttl;

		put_cmsg(msg, SOL_IP, IP_TTL, sizeof(ttl), &ttl);
	}
	if (flags & IP_CMSG_TOS)
		put_cmsg(msg, SOL_IP, IP_TOS, 1, &iph->tos);
}
