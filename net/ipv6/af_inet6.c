// SPDX-License-Identifier: MIT
/*
 * The AF_INET6 socket family (Linux's net/ipv6/af_inet6.c) and the boot
 * of IPv6. An AF_INET6 socket talks IPv4 through v4-mapped addresses as
 * the same struct sock as an AF_INET one: the family-aware helpers
 * (inet_parse_sockaddr, inet_fill_sockaddr) turn ::ffff:a.b.c.d into
 * a.b.c.d and back. TCP, UDP, ICMPv6 echo and raw sockets also talk
 * native IPv6 (tcp_ipv6.c, udp.c, ping.c, raw.c): bind here takes a
 * native local address for TCP and UDP; echo and raw sockets bind in
 * their own proto.
 * IPV6_V6ONLY defaults to 0 (net.ipv6.bindv6only) and is set in
 * ipv6_sockglue.c; a v6-only socket never sees IPv4 traffic. SOL_IPV6
 * options are taken here, before the protocol's setsockopt (which knows
 * SOL_IP and its own level), as Linux's ipv6 af_ops do.
 *
 * The table is written by inet6_init at boot and read without locks.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/proc_fs.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/protocol.h>
#include <net/inet_common.h>
#include <net/ping.h>
#include <net/ipv6.h>

static struct list_head inetsw6[SOCK_MAX];

void inet6_register_protosw(struct inet_protosw *p)
{
	list_add_tail(&p->list, &inetsw6[p->type]);
}

static int inet6_create(struct socket *sock, int protocol, int kern)
{
	return inet_create_common(sock, AF_INET6, protocol, kern, inetsw6);
}

/* bind() to a native local address (the caller checked the sockaddr). */
static int inet6_bind_native(struct sock *sk, const struct sockaddr_in6 *sin6)
{
	struct inet_sock *inet = inet_sk(sk);
	unsigned short snum = ntohs(sin6->sin6_port);
	int err;

	if (!inet->freebind && !ipv6_chk_addr(&sin6->sin6_addr, NULL))
		return -EADDRNOTAVAIL;
	if (snum && inet_port_requires_bind_service(snum) && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || inet->inet_num)
		goto out;
	sk->sk_v6_rcv_saddr = sin6->sin6_addr;
	inet->inet_rcv_saddr = inet->inet_saddr = htonl(LOOPBACK4_IPV6);
	err = sk->sk_prot->get_port(sk, snum);
	if (err) {
		inet->inet_saddr = inet->inet_rcv_saddr = 0;
		memset(&sk->sk_v6_rcv_saddr, 0, sizeof(sk->sk_v6_rcv_saddr));
		goto out;
	}
	sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_sport = htons(inet->inet_num);
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	sk_dst_reset(sk);
out:
	release_sock(sk);
	return err;
}

static int inet6_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sock *sk = sock->sk;

	if (sk->sk_prot->bind)
		return sk->sk_prot->bind(sk, uaddr, addr_len);
	if (!inet6_sockaddr_is_native(sk, uaddr, addr_len))
		return inet_bind(sock, uaddr, addr_len);
	return inet6_bind_native(sk, (const struct sockaddr_in6 *)uaddr);
}

/* Native addresses as they are; v4-mapped ones through inet_getname. */
static int inet6_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	const struct in6_addr *local = &sk->sk_v6_rcv_saddr;

	if (peer && sk_is_ipv6_native(sk)) {
		if (!inet->inet_dport ||
		    (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)) && peer == 1))
			return -ENOTCONN;
		return inet6_fill_sockaddr(uaddr, &sk->sk_v6_daddr, inet->inet_dport, 0);
	}
	if (!peer && !ipv6_addr_any(local) && !ipv6_addr_v4mapped(local))
		return inet6_fill_sockaddr(uaddr, local, inet->inet_sport, 0);
	return inet_getname(sock, uaddr, peer);
}

static int inet6_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
			    unsigned int optlen)
{
	if (level == SOL_IPV6)
		return ipv6_setsockopt(sock->sk, level, optname, optval, optlen);
	return sock_common_setsockopt(sock, level, optname, optval, optlen);
}

static int inet6_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
			    int __user *optlen)
{
	if (level == SOL_IPV6)
		return ipv6_getsockopt(sock->sk, level, optname, optval, optlen);
	return sock_common_getsockopt(sock, level, optname, optval, optlen);
}

const struct proto_ops inet6_stream_ops = {
	.family = PF_INET6,
	.release = inet_release,
	.bind = inet6_bind,
	.connect = inet_stream_connect,
	.socketpair = sock_no_socketpair,
	.accept = inet_accept,
	.getname = inet6_getname,
	.poll = tcp_poll,
	.ioctl = inet_ioctl,
	.listen = inet_listen,
	.shutdown = inet_shutdown,
	.setsockopt = inet6_setsockopt,
	.getsockopt = inet6_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.set_peek_off = sk_set_peek_off,
};

const struct proto_ops inet6_dgram_ops = {
	.family = PF_INET6,
	.release = inet_release,
	.bind = inet6_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = inet6_getname,
	.poll = udp_poll,
	.ioctl = inet_ioctl,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.setsockopt = inet6_setsockopt,
	.getsockopt = inet6_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.set_peek_off = sk_set_peek_off,
};

static struct inet_protosw inetsw6_array[] = {
	{ .type = SOCK_STREAM, .protocol = IPPROTO_TCP, .prot = &tcpv6_prot,
	  .ops = &inet6_stream_ops, .flags = INET_PROTOSW_PERMANENT | INET_PROTOSW_ICSK },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .prot = &udpv6_prot,
	  .ops = &inet6_dgram_ops, .flags = INET_PROTOSW_PERMANENT },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_ICMPV6, .prot = &pingv6_prot,
	  .ops = &inet6_dgram_ops, .flags = INET_PROTOSW_REUSE },
	{ .type = SOCK_RAW, .protocol = IPPROTO_IP, .prot = &rawv6_prot,
	  .ops = &inet6_dgram_ops, .flags = INET_PROTOSW_REUSE },
};

static const struct net_proto_family inet6_family_ops = { .family = PF_INET6, .create = inet6_create };

static struct packet_type ipv6_packet_type = { .func = ipv6_rcv };

/* IPv6's files in /proc/net. */
static void ipv6_proc_init(void)
{
	static const struct {
		const char *name;
		proc_single_show_t show;
	} files[] = {
		{ "if_inet6", if6_proc_show },
		{ "snmp6", snmp6_proc_show },
		{ "sockstat6", sockstat6_proc_show },
		{ "tcp6", tcp6_proc_show },
		{ "udp6", udp6_proc_show },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (proc_create_net_single(files[i].name, 0444, files[i].show))
			printk("ipv6: cannot register /proc/net/%s\n", files[i].name);
}

static int inet6_init(void)
{
	unsigned int i;

	udpv6_init();           /* udpv6_prot and tcpv6_prot are copies: first */
	tcpv6_init();
	if (proto_register(&tcpv6_prot) || proto_register(&udpv6_prot) ||
	    proto_register(&pingv6_prot) || proto_register(&rawv6_prot))
		panic("inet6_init: cannot register the inet6 protocols");
	for (i = 0; i < SOCK_MAX; i++)
		INIT_LIST_HEAD(&inetsw6[i]);
	for (i = 0; i < ARRAY_SIZE(inetsw6_array); i++)
		inet6_register_protosw(&inetsw6_array[i]);
	icmpv6_init();
	rawv6_init();
	addrconf_init();
	ipv6_proc_init();
	ipv6_packet_type.type = htons(ETH_P_IPV6);
	dev_add_pack(&ipv6_packet_type);
	return sock_register(&inet6_family_ops);
}
device_initcall(inet6_init);     /* after inet_init (fs level), as Linux's module_init */
