// SPDX-License-Identifier: MIT
/*
 * UDP over IPv6 (Linux's net/ipv6/udp.c). AF_INET6 UDP sockets use
 * udpv6_prot: IPv4's struct proto (net/ipv4/udp.c) with sendmsg,
 * recvmsg and connect that take native IPv6 addresses and hand
 * v4-mapped ones to IPv4's code. Both families live in IPv4's table
 * (hashed by port, each slot with its own lock), as in Linux; IPv6 input
 * looks up through udp6_lib_lookup (net/ipv4/udp.c, IPv4's lookup with
 * a score on the IPv6 addresses), which only AF_INET6 sockets not bound
 * or connected to v4-mapped addresses pass.
 *
 * Locks: the table's slot locks (net/ipv4/udp.c) around lookups; socket
 * state under lock_sock. Datagrams go out without corking, the checksum
 * left CHECKSUM_PARTIAL for the device (lo never needs it), and come in
 * without the socket lock (skb_recv_datagram).
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/udp.h>
#include <net/snmp.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

struct proto udpv6_prot;        /* udp_prot with the methods below: udpv6_init */
static int (*udp4_sendmsg)(struct sock *sk, struct msghdr *msg, size_t len);
static int (*udp4_connect)(struct sock *sk, struct sockaddr *uaddr, int addr_len);

/* ------------------------------------------------------------- receive */

/* UDP's checksum is mandatory over IPv6 (RFC 8200 8.1): 0 is an error. */
static bool udp6_csum_ok(struct sk_buff *skb, const struct udphdr *uh, unsigned int ulen)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);

	if (skb_csum_unnecessary(skb))
		return true;
	if (!uh->check)
		return false;
	return !csum_ipv6_magic(&hdr->saddr, &hdr->daddr, ulen, IPPROTO_UDP,
				skb_checksum(skb, 0, ulen, 0));
}

static int udpv6_rcv(struct sk_buff *skb)
{
	const struct ipv6hdr *hdr;
	const struct udphdr *uh;
	unsigned int ulen;
	struct sock *sk;

	uh = udp_pull_hdr(skb);
	if (!uh)
		goto drop;
	ulen = ntohs(uh->len);
	if (!udp6_csum_ok(skb, uh, ulen)) {
		UDP6_INC_STATS(UDP6_MIB_CSUMERRORS);
		goto drop;
	}
	hdr = ipv6_hdr(skb);
	sk = udp6_lib_lookup(&hdr->saddr, uh->source, &hdr->daddr, uh->dest, skb->skb_iif);
	if (sk) {
		udp_queue_rcv_skb(sk, skb);
		sock_put(sk);
		return 0;
	}
	UDP6_INC_STATS(UDP6_MIB_NOPORTS);
	icmpv6_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, 0);
	kfree_skb(skb);
	return 0;
drop:
	UDP6_INC_STATS(UDP6_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

/*
 * An ICMPv6 error about a datagram we sent (data at the quoted IPv6
 * header, the UDP header at offset). A connected socket learns a fatal
 * one (ECONNREFUSED for port unreachable) as a pending sk_err; a Packet
 * Too Big teaches the route the path MTU (route_pmtu.c) and is EMSGSIZE
 * unless the socket is IPV6_PMTUDISC_DONT (Linux's __udp6_lib_err).
 */
static void udpv6_err(struct sk_buff *skb, u8 type, u8 code, int offset, __be32 info)
{
	const struct ipv6hdr *inner = (const struct ipv6hdr *)skb->data;
	const struct udphdr *uh = (const struct udphdr *)(skb->data + offset);
	struct sock *sk;
	int err, harderr;

	sk = udp6_lib_lookup(&inner->daddr, uh->dest, &inner->saddr, uh->source, skb->skb_iif);
	if (!sk)
		return;
	harderr = icmpv6_err_convert(type, code, &err);
	if (type == ICMPV6_PKT_TOOBIG) {
		if (!ip6_sk_accept_pmtu(sk))
			goto out;
		ip6_sk_update_pmtu(skb, sk, info);
		harderr = READ_ONCE(inet_sk(sk)->ipv6_pmtudisc) != IPV6_PMTUDISC_DONT;
	}
	if (harderr && sk->sk_state == TCP_ESTABLISHED) {
		WRITE_ONCE(sk->sk_err, err);
		sk->sk_error_report(sk);
	}
out:
	sock_put(sk);
}

/* ---------------------------------------------------------------- send */

/*
 * Where a sendmsg goes: 1 with daddr and dport set for a native destination
 * (named, or the connected peer), 0 for the IPv4 path, or -errno.
 */
static int udpv6_dest(struct sock *sk, struct msghdr *msg, struct in6_addr *daddr,
		      __be16 *dport)
{
	const struct sockaddr *sa = msg->msg_name;
	int err;

	if (sa && msg->msg_namelen >= (int)sizeof(sa->sa_family) && sa->sa_family == AF_UNSPEC)
		sa = NULL;              /* "no address" */
	if (!sa) {
		if (sk->sk_state != TCP_ESTABLISHED || !sk_is_ipv6_native(sk))
			return 0;
		*daddr = sk->sk_v6_daddr;
		*dport = sk->sk_dport;
		return 1;
	}
	if (sa->sa_family != AF_INET6 || msg->msg_namelen < SIN6_LEN_RFC2133)
		return 0;               /* IPv4's code gives the error */
	err = inet6_parse_native(sa, msg->msg_namelen, daddr, dport);
	if (err)
		return err;
	if (ipv6_addr_v4mapped(daddr))
		return 0;
	if (ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr))
		return -EAFNOSUPPORT;   /* bound to an IPv4 address */
	if (!*dport)
		return -EINVAL;
	if (ipv6_addr_any(daddr))
		ipv6_addr_set_loopback(daddr);  /* :: means loopback (BSD) */
	return 1;
}

#define UDP_LINEAR_MAX  2048

/* Build and send one native datagram of len bytes from msg. */
static int udpv6_send_skb(struct sock *sk, struct msghdr *msg, size_t len,
			  const struct in6_addr *daddr, __be16 dport)
{
	struct in6_addr saddr = sk->sk_v6_rcv_saddr;
	int ulen = len + sizeof(struct udphdr), err;
	size_t linear = len <= UDP_LINEAR_MAX ? len : 0;
	struct sk_buff *skb;
	struct rt6_info *rt;
	struct udphdr *uh;

	rt = ip6_route_output(daddr, &saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		IP6_INC_STATS(IPSTATS6_OUTNOROUTES);
		return PTR_ERR(rt);
	}
	if (ulen + sizeof(struct ipv6hdr) > ip6_dst_pmtu(&rt->dst, daddr))
		return -EMSGSIZE;       /* no fragmentation */
	skb = sock_alloc_send_skb(sk, MAX_HEADER + sizeof(*uh) + linear,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_transport_header(skb);
	uh = skb_put(skb, sizeof(*uh));
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
	uh->source = inet_sk(sk)->inet_sport;
	uh->dest = dport;
	uh->len = htons(ulen);
	uh->check = ~csum_ipv6_magic(&saddr, daddr, ulen, IPPROTO_UDP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct udphdr, check);
	skb_dst_set(skb, &rt->dst);
	return ip6_xmit(sk, skb, &saddr, daddr, IPPROTO_UDP, ip6_sk_hop_limit(sk),
			inet_sk(sk)->ipv6_tclass);
}

static int udpv6_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct in6_addr daddr;
	__be16 dport;
	int err;

	err = udpv6_dest(sk, msg, &daddr, &dport);
	if (err < 0)
		return err;
	if (!err)
		return udp4_sendmsg(sk, msg, len);
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (len > 0xffff - sizeof(struct udphdr))
		return -EMSGSIZE;
	err = udpv6_send_skb(sk, msg, len, &daddr, dport);
	if (err) {
		if (err == -ENOBUFS)
			UDP6_INC_STATS(UDP6_MIB_SNDBUFERRORS);
		return err;
	}
	UDP6_INC_STATS(UDP6_MIB_OUTDATAGRAMS);
	return len;
}

/* ------------------------------------------------------------- recvmsg */

/* The sender's address and the control messages, for either family's datagram. */
static int udpv6_recv_name(struct sock *sk, struct msghdr *msg, struct sk_buff *skb)
{
	int addr_len = 0;

	if (skb->protocol == htons(ETH_P_IPV6)) {
		if (msg->msg_name)
			addr_len = inet6_fill_sockaddr(msg->msg_name, &ipv6_hdr(skb)->saddr,
						       udp_hdr(skb)->source, skb->skb_iif);
		ip6_cmsg_recv(msg, sk, skb);
		return addr_len;
	}
	addr_len = inet_recv_name(sk, msg, ip_hdr(skb)->saddr, udp_hdr(skb)->source);
	ip_cmsg_recv(msg, sk, skb);
	return addr_len;
}

/* Either family's datagram counts in its own MIB. */
static void udpv6_count(const struct sk_buff *skb, bool error)
{
	if (skb->protocol == htons(ETH_P_IPV6)) {
		if (error)
			UDP6_INC_STATS(UDP6_MIB_INERRORS);
		else
			UDP6_INC_STATS(UDP6_MIB_INDATAGRAMS);
	} else if (error) {
		UDP_INC_STATS(UDP_MIB_INERRORS);
	} else {
		UDP_INC_STATS(UDP_MIB_INDATAGRAMS);
	}
}

static const struct udp_recv_ops udpv6_recv_ops = {
	.recv_name = udpv6_recv_name,
	.count = udpv6_count,
};

static int udpv6_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			 int *addr_len)
{
	return __udp_recvmsg(sk, msg, len, flags, addr_len, &udpv6_recv_ops);
}

/* ------------------------------------------------------------- connect */

/* Is connect() to uaddr native IPv6? :: is ::1 unless sk is bound to IPv4 (Linux). */
static bool udpv6_connect_native(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)uaddr;

	if (addr_len < SIN6_LEN_RFC2133 || sin6->sin6_family != AF_INET6 ||
	    ipv6_addr_v4mapped(&sin6->sin6_addr))
		return false;
	return !ipv6_addr_any(&sin6->sin6_addr) || !ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr);
}

static int udpv6_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct in6_addr daddr;
	__be16 dport;
	int err;

	if (!udpv6_connect_native(sk, uaddr, addr_len))
		return udp4_connect(sk, uaddr, addr_len);
	err = inet6_parse_native(uaddr, addr_len, &daddr, &dport);
	if (err)
		return err;
	return ip6_datagram_connect_native(sk, &daddr, dport);
}

static const struct inet6_protocol udpv6_protocol = {
	.handler = udpv6_rcv,
	.err_handler = udpv6_err,
};

/* Boot (inet6_init), after udp_init: IPv4's proto with IPv6's methods. */
void udpv6_init(void)
{
	udpv6_prot = udp_prot;
	udpv6_prot.name = "UDPv6";
	udp4_sendmsg = udp_prot.sendmsg;
	udp4_connect = udp_prot.connect;
	udpv6_prot.sendmsg = udpv6_sendmsg;
	udpv6_prot.recvmsg = udpv6_recvmsg;
	udpv6_prot.connect = udpv6_connect;
	if (inet6_add_protocol(&udpv6_protocol, IPPROTO_UDP))
		panic("udpv6: protocol slot taken");
}
