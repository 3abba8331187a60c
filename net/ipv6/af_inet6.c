// SPDX-License-Identifier: MIT
/*
 * The AF_INET6 socket family, dual-stack only (the role of Linux's
 * net/ipv6/af_inet6.c for sockets that talk IPv4 through v4-mapped
 * addresses). An AF_INET6 TCP or UDP socket is the same struct sock as
 * an AF_INET one, with the same struct proto and the same operations:
 * the family-aware helpers (inet_parse_sockaddr, inet_fill_sockaddr)
 * turn ::ffff:a.b.c.d into a.b.c.d and back, and refuse native IPv6
 * addresses (-EADDRNOTAVAIL to bind, -ENETUNREACH to reach).
 * IPV6_V6ONLY defaults to 0 (net.ipv6.bindv6only) and is set in
 * ipv6_sockglue.c; a v6-only socket never sees IPv4 traffic. SOL_IPV6
 * options are taken here, before the protocol's setsockopt (which knows
 * SOL_IP and its own level), as Linux's ipv6 af_ops do.
 *
 * The table is written by inet6_init at boot and read without locks.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/proc_fs.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/protocol.h>
#include <net/inet_common.h>
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
	.bind = inet_bind,
	.connect = inet_stream_connect,
	.socketpair = sock_no_socketpair,
	.accept = inet_accept,
	.getname = inet_getname,
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
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = inet_getname,
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

/* No ICMPv6 (ping6) or raw IPv6 sockets: there is no native IPv6. */
static struct inet_protosw inetsw6_array[] = {
	{ .type = SOCK_STREAM, .protocol = IPPROTO_TCP, .prot = &tcp_prot,
	  .ops = &inet6_stream_ops, .flags = INET_PROTOSW_PERMANENT | INET_PROTOSW_ICSK },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .prot = &udp_prot,
	  .ops = &inet6_dgram_ops, .flags = INET_PROTOSW_PERMANENT },
};

static const struct net_proto_family inet6_family_ops = { .family = PF_INET6, .create = inet6_create };

static int inet6_init(void)
{
	unsigned int i;

	for (i = 0; i < SOCK_MAX; i++)
		INIT_LIST_HEAD(&inetsw6[i]);
	for (i = 0; i < ARRAY_SIZE(inetsw6_array); i++)
		inet6_register_protosw(&inetsw6_array[i]);
	proc_create_net_single("tcp6", 0444, tcp6_proc_show);
	proc_create_net_single("udp6", 0444, udp6_proc_show);
	return sock_register(&inet6_family_ops);
}
device_initcall(inet6_init);     /* after inet_init (fs level), as Linux's module_init */
