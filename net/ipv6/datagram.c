// SPDX-License-Identifier: MIT
/*
 * What IPv6 datagram sockets (UDP, ICMPv6 echo) share, as Linux's
 * net/ipv6/datagram.c: native sockaddr_in6 parsing and filling,
 * connect() to a native address, and the IPV6_RECV* control messages.
 * Socket state changes under the socket lock (lock_sock).
 */
#include <shoal/kernel.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/ipv6.h>

int inet6_parse_native(const struct sockaddr *uaddr, int addr_len, struct in6_addr *addr,
		       __be16 *port)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)uaddr;

	if (addr_len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (sin6->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	*addr = sin6->sin6_addr;
	*port = sin6->sin6_port;
	return 0;
}

int inet6_fill_sockaddr(struct sockaddr *uaddr, const struct in6_addr *addr, __be16 port,
			int ifindex)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)uaddr;

	(void)ifindex;          /* sin6_scope_id: only link-local addresses have one */
	memset(sin6, 0, sizeof(*sin6));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = port;
	sin6->sin6_addr = *addr;
	return sizeof(*sin6);
}

bool inet6_sockaddr_is_native(const struct sock *sk, const struct sockaddr *uaddr, int addr_len)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)uaddr;

	if (sk->sk_family != AF_INET6 || addr_len < SIN6_LEN_RFC2133 ||
	    sin6->sin6_family != AF_INET6)
		return false;
	return !ipv6_addr_v4mapped(&sin6->sin6_addr) && !ipv6_addr_any(&sin6->sin6_addr);
}

/*
 * connect() of an IPv6 datagram socket to the native daddr:dport (:: is
 * ::1, a BSD habit Linux keeps): route, fix the source, record the peer.
 * The IPv4 fields get LOOPBACK4_IPV6 so IPv4 input never matches them.
 */
int ip6_datagram_connect_native(struct sock *sk, const struct in6_addr *daddr_in, __be16 dport)
{
	struct inet_sock *inet = inet_sk(sk);
	struct in6_addr daddr = *daddr_in, saddr;
	struct rt6_info *rt;
	int err = 0;

	if (ipv6_addr_any(&daddr))
		ipv6_addr_set_loopback(&daddr);
	lock_sock(sk);
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK) && ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr))
		memset(&sk->sk_v6_rcv_saddr, 0, sizeof(sk->sk_v6_rcv_saddr));  /* an old connect's */
	if (ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr)) {
		err = -EAFNOSUPPORT;    /* bound to an IPv4 address: speaks IPv4 only */
		goto out;
	}
	sk_dst_reset(sk);
	saddr = sk->sk_v6_rcv_saddr;
	rt = ip6_route_output(&daddr, &saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP6_INC_STATS(IPSTATS6_OUTNOROUTES);
		err = PTR_ERR(rt);
		goto out;
	}
	sk->sk_v6_rcv_saddr = saddr;
	inet->inet_rcv_saddr = inet->inet_saddr = htonl(LOOPBACK4_IPV6);
	sk->sk_v6_daddr = daddr;
	inet->inet_daddr = htonl(LOOPBACK4_IPV6);
	inet->inet_dport = dport;
	sk->sk_state = TCP_ESTABLISHED;
	WRITE_ONCE(sk->sk_dst_cache, &rt->dst);
out:
	release_sock(sk);
	return err;
}

/* The IPV6_RECV* control messages for a native IPv6 packet. */
void ip6_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb)
{
	u32 flags = READ_ONCE(inet_sk(sk)->cmsg_flags);
	const struct ipv6hdr *hdr = ipv6_hdr(skb);

	if (!flags || !msg->msg_control)
		return;
	if (flags & IPV6_CMSG_PKTINFO) {
		struct in6_pktinfo info = { .ipi6_addr = hdr->daddr,
					    .ipi6_ifindex = skb->skb_iif };

		put_cmsg(msg, SOL_IPV6, IPV6_PKTINFO, sizeof(info), &info);
	}
	if (flags & IPV6_CMSG_HOPLIMIT) {
		int hlim = hdr->hop_limit;

		put_cmsg(msg, SOL_IPV6, IPV6_HOPLIMIT, sizeof(hlim), &hlim);
	}
	if (flags & IPV6_CMSG_TCLASS) {
		int tclass = hdr->priority << 4 | hdr->flow_lbl[0] >> 4;

		put_cmsg(msg, SOL_IPV6, IPV6_TCLASS, sizeof(tclass), &tclass);
	}
}
