// SPDX-License-Identifier: MIT
/*
 * ICMPv6 echo sockets (Linux's pingv6_prot in net/ipv6/ping.c):
 * socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6), allowed to the groups in
 * net.ipv4.ping_group_range as the IPv4 ones are. The socket's "port" is
 * its echo id, taken from the same table as IPv4's (net/ipv4/ping.c,
 * whose bucket locks guard it); every request carries it and replies are
 * matched by it. recvmsg returns the ICMPv6 header and payload and the
 * source with port 0. v4-mapped addresses are refused (-EINVAL to send,
 * -EAFNOSUPPORT to connect), as Linux does.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <net/ip.h>
#include <net/ping.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

/* An echo reply (data at the ICMPv6 header): to its socket. Consumes skb if true. */
bool pingv6_rcv(struct sk_buff *skb)
{
	const struct icmp6hdr *icmp6h = icmp6_hdr(skb);
	struct sock *sk;

	sk = ping_lookup(AF_INET6, ntohs(icmp6h->icmp6_identifier), 0, &ipv6_hdr(skb)->daddr,
			 skb->skb_iif);
	if (!sk)
		return false;
	if (sock_queue_rcv_skb(sk, skb))
		kfree_skb(skb);
	sock_put(sk);
	return true;
}

/* An ICMPv6 error quoting one of our echo requests (data at the quoted header). */
void pingv6_err(struct sk_buff *skb, u8 type, u8 code, int offset, __be32 info)
{
	const struct ipv6hdr *inner = (const struct ipv6hdr *)skb->data;
	const struct icmp6hdr *req = (const struct icmp6hdr *)(skb->data + offset);
	struct sock *sk;
	int err, fatal;

	if (req->icmp6_type != ICMPV6_ECHO_REQUEST)
		return;
	sk = ping_lookup(AF_INET6, ntohs(req->icmp6_identifier), 0, &inner->saddr, skb->skb_iif);
	if (!sk)
		return;
	fatal = icmpv6_err_convert(type, code, &err);
	if (type == ICMPV6_PKT_TOOBIG)
		ip6_sk_update_pmtu(skb, sk, info);      /* Linux's ping_err */
	if (fatal && sk->sk_state == TCP_ESTABLISHED) {
		WRITE_ONCE(sk->sk_err, err);
		sk->sk_error_report(sk);
	}
	sock_put(sk);
}

static int pingv6_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
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
	if (!ipv6_addr_any(&addr) && !ipv6_chk_addr(&addr, NULL))
		return -EADDRNOTAVAIL;
	lock_sock(sk);
	err = -EINVAL;
	if (inet->inet_num)
		goto out;
	sk->sk_v6_rcv_saddr = addr;
	if (!ipv6_addr_any(&addr))
		inet->inet_rcv_saddr = inet->inet_saddr = htonl(LOOPBACK4_IPV6);
	err = ping_get_port(sk, ntohs(port));
	if (err) {
		memset(&sk->sk_v6_rcv_saddr, 0, sizeof(sk->sk_v6_rcv_saddr));
		inet->inet_rcv_saddr = inet->inet_saddr = 0;
		goto out;
	}
	if (!ipv6_addr_any(&addr))
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (port)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_sport = htons(inet->inet_num);
out:
	release_sock(sk);
	return err;
}

static int pingv6_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct in6_addr daddr, saddr = sk->sk_v6_rcv_saddr;
	struct icmp6hdr *icmp6h, user;
	struct sk_buff *skb;
	struct rt6_info *rt;
	int err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (len < sizeof(user))
		return -EINVAL;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = ip6_datagram_send_dest(sk, msg, &daddr, -EINVAL);
	if (err)
		return err;
	if (copy_from_iter(&user, sizeof(user), &msg->msg_iter) != sizeof(user))
		return -EFAULT;
	if (user.icmp6_type != ICMPV6_ECHO_REQUEST || user.icmp6_code != 0)
		return -EINVAL;
	skb = ip6_dgram_alloc_skb(sk, &daddr, &saddr, len, msg->msg_flags, &rt, &err);
	if (!skb)
		return err;
	icmp6h = skb_put(skb, len);
	*icmp6h = user;
	icmp6h->icmp6_cksum = 0;
	icmp6h->icmp6_identifier = inet->inet_sport;
	if (copy_from_iter(icmp6h + 1, len - sizeof(user), &msg->msg_iter) != len - sizeof(user)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	icmp6h->icmp6_cksum = csum_ipv6_magic(&saddr, &daddr, len, IPPROTO_ICMPV6,
					      csum_partial(icmp6h, len, 0));
	ICMP6_INC_STATS(ICMP6_MIB_OUTMSGS);
	SNMP6_ADD(icmp_out_type, ICMPV6_ECHO_REQUEST, 1);
	skb_dst_set(skb, &rt->dst);
	err = ip6_xmit(sk, skb, &saddr, &daddr, IPPROTO_ICMPV6, ip6_sk_hop_limit(sk),
		       inet->ipv6_tclass);
	return err ? err : (int)len;
}

struct proto pingv6_prot = {
	.name = "PINGv6",
	.obj_size = sizeof(struct inet_sock),
	.close = ping_close,
	.bind = pingv6_bind,
	.connect = ip6_datagram_connect_v6_only,
	.disconnect = inet_dgram_disconnect,
	.init = ping_init_sock,
	.setsockopt = ip_setsockopt,
	.getsockopt = ip_getsockopt,
	.sendmsg = pingv6_sendmsg,
	.recvmsg = inet6_recvmsg_whole,
	.unhash = ping_unhash,
	.get_port = ping_get_port,
	.put_port = ping_unhash,
};
