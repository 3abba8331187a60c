// SPDX-License-Identifier: MIT
/*
 * SOL_IPV6 socket options of AF_INET6 sockets (Linux's
 * net/ipv6/ipv6_sockglue.c): IPV6_V6ONLY before bind, the IPV6_RECV*
 * control messages (packet info, traffic class, hop limit), the traffic
 * class and hop limit of what the socket sends, and the multicast
 * settings stored for the day multicast is routed. The values live in
 * struct inet_sock beside IPv4's, under the socket lock.
 */
#include <shoal/kernel.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/ipv6.h>

static void ipv6_set_cmsg_flag(struct inet_sock *inet, u32 flag, int on)
{
	if (on)
		inet->cmsg_flags |= flag;
	else
		inet->cmsg_flags &= ~flag;
}

/* [sock] */
static int do_ipv6_setsockopt(struct sock *sk, int optname, char __user *optval,
			      unsigned int optlen)
{
	struct inet_sock *inet = inet_sk(sk);
	int val = 0;

	if (sk->sk_family != AF_INET6)
		return -ENOPROTOOPT;
	if (optlen >= sizeof(int) && get_user(val, (int __user *)optval))
		return -EFAULT;
	switch (optname) {
	case IPV6_V6ONLY:
		if (optlen < sizeof(int) || inet->inet_num)
			return -EINVAL;         /* only before bind */
		sk->sk_ipv6only = !!val;
		return 0;
	case IPV6_RECVPKTINFO:
		if (optlen < sizeof(int))
			return -EINVAL;
		if (val)
			inet->cmsg_flags |= IPV6_CMSG_PKTINFO;
		else
			inet->cmsg_flags &= ~IPV6_CMSG_PKTINFO;
		return 0;
	case IPV6_RECVTCLASS:
	case IPV6_RECVHOPLIMIT:
		if (optlen < sizeof(int))
			return -EINVAL;
		ipv6_set_cmsg_flag(inet, optname == IPV6_RECVTCLASS ? IPV6_CMSG_TCLASS :
				   IPV6_CMSG_HOPLIMIT, val);
		return 0;
	case IPV6_TCLASS:
		if (optlen != sizeof(int) || val < -1 || val > 0xff)
			return -EINVAL;
		if (val == -1)
			val = 0;        /* RFC 3542 6.5 */
		if (sk->sk_type == SOCK_STREAM)
			val = (val & ~INET_ECN_MASK) | (inet->ipv6_tclass & INET_ECN_MASK);
		inet->ipv6_tclass = val;
		return 0;
	case IPV6_UNICAST_HOPS:
		if (optlen < sizeof(int) || val > 255 || val < -1)
			return -EINVAL;
		inet->ipv6_hop_limit = val;
		return 0;
	case IPV6_MULTICAST_HOPS:
		if (sk->sk_type == SOCK_STREAM)
			return 0;
		if (optlen < sizeof(int) || val > 255 || val < -1)
			return -EINVAL;
		inet->mc_ttl = val == -1 ? 1 : val;
		return 0;
	case IPV6_MULTICAST_LOOP:
		if (optlen < sizeof(int) || (val != 0 && val != 1))
			return -EINVAL;
		inet->mc_loop = val;
		return 0;
	case IPV6_RECVERR:
		/* the flag IP_RECVERR sets: errors become sk_err, none is
		 * queued (MSG_ERRQUEUE finds nothing, as over IPv4 here) */
		if (optlen < sizeof(int))
			return -EINVAL;
		inet->recverr = !!val;
		return 0;
	case IPV6_MTU_DISCOVER:
		if (optlen < sizeof(int) || val < IPV6_PMTUDISC_DONT || val > IPV6_PMTUDISC_OMIT)
			return -EINVAL;
		WRITE_ONCE(inet->ipv6_pmtudisc, val);
		return 0;
	case IPV6_DONTFRAG:
		if (optlen < sizeof(int))
			return -EINVAL;
		inet->ipv6_dontfrag = !!val;
		return 0;
	case IPV6_MTU:
		/* a smaller fragment size than the path's: shoal does not
		 * fragment IPv6, so there is nothing to set */
		return optlen < sizeof(int) ? -EINVAL : -ENOPROTOOPT;
	}
	return -ENOPROTOOPT;
}

int ipv6_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
		    unsigned int optlen)
{
	int err;

	if (level != SOL_IPV6)
		return -ENOPROTOOPT;
	lock_sock(sk);
	err = do_ipv6_setsockopt(sk, optname, optval, optlen);
	release_sock(sk);
	return err;
}

/* IPV6_MTU: the path MTU towards the connected peer (Linux: the socket's
 * cached route's); -ENOTCONN without a peer. */
static int ipv6_sk_path_mtu(struct sock *sk)
{
	struct in6_addr daddr = sk->sk_v6_daddr;
	struct rt6_info *rt;

	if (!sk_is_ipv6_native(sk))
		return -ENOTCONN;
	rt = ip6_route_output(&daddr, NULL, sk->sk_bound_dev_if);
	if (IS_ERR(rt))
		return -ENOTCONN;
	return ip6_dst_pmtu(&rt->dst, &daddr);
}

static int do_ipv6_getsockopt(struct sock *sk, int optname, char __user *optval,
			      int __user *optlen, int len)
{
	struct inet_sock *inet = inet_sk(sk);
	int val;

	if (sk->sk_family != AF_INET6)
		return -ENOPROTOOPT;
	switch (optname) {
	case IPV6_V6ONLY:
		val = sk->sk_ipv6only;
		break;
	case IPV6_RECVPKTINFO:
		val = !!(inet->cmsg_flags & IPV6_CMSG_PKTINFO);
		break;
	case IPV6_RECVTCLASS:
		val = !!(inet->cmsg_flags & IPV6_CMSG_TCLASS);
		break;
	case IPV6_RECVHOPLIMIT:
		val = !!(inet->cmsg_flags & IPV6_CMSG_HOPLIMIT);
		break;
	case IPV6_TCLASS:
		val = inet->ipv6_tclass;
		break;
	case IPV6_UNICAST_HOPS:
		val = inet->ipv6_hop_limit < 0 ? IPDEFTTL : inet->ipv6_hop_limit;
		break;
	case IPV6_MULTICAST_HOPS:
		val = inet->mc_ttl;
		break;
	case IPV6_MULTICAST_LOOP:
		val = inet->mc_loop;
		break;
	case IPV6_RECVERR:
		val = inet->recverr;
		break;
	case IPV6_MTU_DISCOVER:
		val = READ_ONCE(inet->ipv6_pmtudisc);
		break;
	case IPV6_DONTFRAG:
		val = inet->ipv6_dontfrag;
		break;
	case IPV6_MTU:
		val = ipv6_sk_path_mtu(sk);
		if (val < 0)
			return val;
		break;
	default:
		return -ENOPROTOOPT;
	}
	return sockopt_put_int(optval, optlen, len, val);
}

int ipv6_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		    int __user *optlen)
{
	int len;

	if (level != SOL_IPV6)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	return do_ipv6_getsockopt(sk, optname, optval, optlen, len);
}
