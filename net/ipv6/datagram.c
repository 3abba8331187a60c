// SPDX-License-Identifier: MIT
/*
 * What IPv6 datagram sockets (UDP, ICMPv6 echo) share, as Linux's
 * net/ipv6/datagram.c: native sockaddr_in6 parsing and filling,
 * connect() to a native address, what raw and ICMPv6 echo sockets share
 * (connect, the destination and buffer of a send, recvmsg), and the
 * IPV6_RECV* control messages.
 * Socket state changes under the socket lock (lock_sock).
 */
#include <shoal/kernel.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/inet_common.h>

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

/*
 * connect() of a socket that speaks native IPv6 only (raw and ICMPv6 echo
 * sockets; Linux's ip6_datagram_connect_v6_only): a v4-mapped peer is
 * -EAFNOSUPPORT.
 */
int ip6_datagram_connect_v6_only(struct sock *sk, struct sockaddr *uaddr, int addr_len)
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

/*
 * The destination of a send on such a socket: msg_name (:: is ::1), or
 * the connected peer. A v4-mapped one is mapped_err (the protocols'
 * errnos differ, as Linux's).
 */
int ip6_datagram_send_dest(struct sock *sk, struct msghdr *msg, struct in6_addr *daddr,
			   int mapped_err)
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
		return mapped_err;
	if (ipv6_addr_any(daddr))
		ipv6_addr_set_loopback(daddr);
	return 0;
}

/*
 * The route to daddr from saddr (filled in when ::) and an skb with room
 * for len bytes of payload after the headers, the transport header at
 * its data, for a native send on sk. NULL and *errp set on failure:
 * no route, larger than the route's MTU (-EMSGSIZE), no buffer.
 */
struct sk_buff *ip6_dgram_alloc_skb(struct sock *sk, const struct in6_addr *daddr,
				    struct in6_addr *saddr, size_t len, int flags,
				    struct rt6_info **rtp, int *errp)
{
	struct sk_buff *skb;
	struct rt6_info *rt;

	rt = ip6_route_output(daddr, saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP6_INC_STATS(IPSTATS6_OUTNOROUTES);
		*errp = PTR_ERR(rt);
		return NULL;
	}
	if (len + sizeof(struct ipv6hdr) > ip6_dst_pmtu(&rt->dst, daddr)) {
		*errp = -EMSGSIZE;
		return NULL;
	}
	skb = sock_alloc_send_skb(sk, MAX_HEADER + len, flags & MSG_DONTWAIT, errp);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_transport_header(skb);
	*rtp = rt;
	return skb;
}

static void ip6_recv_info(struct sock *sk, struct msghdr *msg, struct sk_buff *skb,
			  int *addr_len)
{
	if (msg->msg_name)
		*addr_len = inet6_fill_sockaddr(msg->msg_name, &ipv6_hdr(skb)->saddr, 0,
						skb->skb_iif);
	ip6_cmsg_recv(msg, sk, skb);
}

/* recvmsg of raw and ICMPv6 echo sockets: each packet whole from its
 * upper header, the source with port 0 (__inet_recvmsg_whole). */
int inet6_recvmsg_whole(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			int *addr_len)
{
	return __inet_recvmsg_whole(sk, msg, len, flags, addr_len, ip6_recv_info);
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
