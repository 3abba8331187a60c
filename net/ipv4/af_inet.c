// SPDX-License-Identifier: MIT
/*
 * The AF_INET socket family (Linux's net/ipv4/af_inet.c): socket creation
 * through the inetsw table, the proto_ops every inet socket shares (bind,
 * getname, ioctl, shutdown, ...), the dual-stack address helpers, and
 * inet_init, which registers the whole IPv4 stack at boot.
 *
 *   inetsw[type]   list of struct inet_protosw; socket(AF_INET, type, proto)
 *                  takes the entry whose protocol matches, or the first one
 *                  of the type for protocol 0; an entry with protocol
 *                  IPPROTO_IP (raw) matches any protocol.
 *
 * The tables are filled by inet_init before any socket exists and only
 * read afterwards, without locks. Per-socket state is changed under the
 * socket lock (lock_sock) as Linux does; see the protocols' files for
 * their own locks.
 */
#include <shoal/sysctl.h>
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <uapi/fcntl.h>
#include <shoal/netdevice.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/icmp.h>
#include <net/ping.h>
#include <net/arp.h>
#include <net/protocol.h>
#include <net/inet_common.h>

static struct list_head inetsw[SOCK_MAX];

/* ------------------------------------------------------------ addresses */

int inet_fill_sockaddr(const struct sock *sk, struct sockaddr *uaddr, __be32 addr, __be16 port)
{
	if (sk->sk_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)uaddr;

		memset(sin6, 0, sizeof(*sin6));
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = port;
		if (addr || !ipv6_addr_any(&sk->sk_v6_rcv_saddr))
			ipv6_addr_set_v4mapped(addr, &sin6->sin6_addr);
		return sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;

		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_port = port;
		sin->sin_addr.s_addr = addr;
		return sizeof(*sin);
	}
}

static int inet6_parse_sockaddr(const struct sock *sk, const struct sockaddr *uaddr, int addr_len,
				__be32 *addr, __be16 *port, bool for_bind)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)uaddr;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)uaddr;

	/* A datagram socket may also be given a plain sockaddr_in. */
	if (!for_bind && sk->sk_type != SOCK_STREAM &&
	    addr_len >= (int)sizeof(sa_family_t) && uaddr->sa_family == AF_INET) {
		if (addr_len < (int)sizeof(*sin))
			return -EINVAL;
		if (sk->sk_ipv6only)
			return -EAFNOSUPPORT;
		*addr = sin->sin_addr.s_addr;
		*port = sin->sin_port;
		return 0;
	}
	if (addr_len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (sin6->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	*port = sin6->sin6_port;
	if (ipv6_addr_v4mapped(&sin6->sin6_addr)) {
		if (sk->sk_ipv6only)
			return for_bind ? -EINVAL : -ENETUNREACH;
		*addr = sin6->sin6_addr.s6_addr32[3];
		return 0;
	}
	if (for_bind && ipv6_addr_any(&sin6->sin6_addr)) {
		*addr = 0;
		return 0;
	}
	/* Native IPv6: no such local address, no route to it (:: is ::1 here);
	 * a socket bound to a v4-mapped address talks IPv4 only (Linux). */
	if (for_bind)
		return -EADDRNOTAVAIL;
	return ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr) ? -EAFNOSUPPORT : -ENETUNREACH;
}

int inet_parse_sockaddr(const struct sock *sk, const struct sockaddr *uaddr, int addr_len,
			__be32 *addr, __be16 *port, bool for_bind)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)uaddr;

	if (sk->sk_family == AF_INET6)
		return inet6_parse_sockaddr(sk, uaddr, addr_len, addr, port, for_bind);
	if (addr_len < (int)sizeof(*sin))
		return -EINVAL;
	if (sin->sin_family != AF_INET) {
		/* compatibility: AF_UNSPEC means AF_INET, for bind only with INADDR_ANY */
		if (sin->sin_family != AF_UNSPEC || (for_bind && sin->sin_addr.s_addr))
			return -EAFNOSUPPORT;
	}
	*addr = sin->sin_addr.s_addr;
	*port = sin->sin_port;
	return 0;
}

int inet_recv_name(struct sock *sk, struct msghdr *msg, __be32 saddr, __be16 sport)
{
	if (!msg->msg_name)
		return 0;
	return inet_fill_sockaddr(sk, msg->msg_name, saddr, sport);
}

/* ------------------------------------------------------------- creation */

void inet_register_protosw(struct inet_protosw *p)
{
	list_add_tail(&p->list, &inetsw[p->type]);
}

/* The entry for (type, protocol): Linux's matching rules and errnos. */
static struct inet_protosw *inetsw_lookup(struct list_head *table, int type, int *protocol,
					  int *err)
{
	struct inet_protosw *answer;

	*err = -ESOCKTNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return NULL;
	list_for_each_entry(answer, &table[type], list) {
		*err = 0;
		if (*protocol == answer->protocol) {
			if (*protocol != IPPROTO_IP)
				return answer;
		} else {
			if (*protocol == IPPROTO_IP) {
				*protocol = answer->protocol;
				return answer;
			}
			if (answer->protocol == IPPROTO_IP)
				return answer;
		}
		*err = -EPROTONOSUPPORT;
	}
	return NULL;
}

int inet_create_common(struct socket *sock, int family, int protocol, int kern,
		       struct list_head *table)
{
	struct inet_protosw *answer;
	struct inet_sock *inet;
	struct sock *sk;
	int err;

	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;
	sock->state = SS_UNCONNECTED;
	answer = inetsw_lookup(table, sock->type, &protocol, &err);
	if (!answer)
		return err;
	if (sock->type == SOCK_RAW && !kern && !capable(CAP_NET_RAW))
		return -EPERM;
	sock->ops = answer->ops;
	sk = sk_alloc(family, GFP_KERNEL, answer->prot, kern);
	if (!sk)
		return -ENOBUFS;
	inet = inet_sk(sk);
	if (answer->flags & INET_PROTOSW_REUSE)
		sk->sk_reuse = 1;
	inet->is_icsk = !!(answer->flags & INET_PROTOSW_ICSK);
	if (sock->type == SOCK_RAW) {
		inet->inet_num = protocol;
		if (protocol == IPPROTO_RAW)
			inet->hdrincl = 1;
	}
	/* net.ipv4.ip_no_pmtu_disc: new sockets do not set DF (Linux's inet_create) */
	inet->pmtudisc = READ_ONCE(sysctl_ip_no_pmtu_disc) ? IP_PMTUDISC_DONT : IP_PMTUDISC_WANT;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;
	inet->uc_ttl = -1;
	inet->mc_loop = 1;
	inet->mc_ttl = 1;
	inet->ipv6_hop_limit = -1;
	inet->ipv6_pmtudisc = IPV6_PMTUDISC_WANT;
	if (inet->inet_num) {
		inet->inet_sport = htons(inet->inet_num);
		err = sk->sk_prot->hash ? sk->sk_prot->hash(sk) : 0;
		if (err)
			return err;     /* the caller frees sock->sk */
	}
	if (sk->sk_prot->init) {
		err = sk->sk_prot->init(sk);
		if (err) {
			if (inet->inet_num && sk->sk_prot->unhash)
				sk->sk_prot->unhash(sk);
			return err;
		}
	}
	return 0;
}

static int inet_create(struct socket *sock, int protocol, int kern)
{
	return inet_create_common(sock, AF_INET, protocol, kern, inetsw);
}

/* ------------------------------------------------------------ proto_ops */

int inet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	long timeout = 0;

	if (!sk)
		return 0;
	if (sock_flag(sk, SOCK_LINGER) && !(current->flags & PF_EXITING))
		timeout = sk->sk_lingertime;
	sock->sk = NULL;
	sk->sk_prot->close(sk, timeout);
	return 0;
}

void inet_dgram_release(struct sock *sk)
{
	if (sk->sk_prot->destroy)
		sk->sk_prot->destroy(sk);
	if (sk->sk_prot->unhash)
		sk->sk_prot->unhash(sk);
	sock_orphan(sk);
	sock_put(sk);
}

int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	unsigned short snum;
	__be32 addr;
	__be16 port;
	int err, chk;

	if (sk->sk_prot->bind)
		return sk->sk_prot->bind(sk, uaddr, addr_len);
	err = inet_parse_sockaddr(sk, uaddr, addr_len, &addr, &port, true);
	if (err)
		return err;
	chk = inet_addr_type(addr);
	if (!inet->freebind && addr && chk != RTN_LOCAL && chk != RTN_MULTICAST &&
	    chk != RTN_BROADCAST)
		return -EADDRNOTAVAIL;
	snum = ntohs(port);
	if (snum && inet_port_requires_bind_service(snum) && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || inet->inet_num)
		goto out;
	inet->inet_rcv_saddr = inet->inet_saddr = addr;
	if (chk == RTN_MULTICAST || chk == RTN_BROADCAST)
		inet->inet_saddr = 0;   /* the device's */
	if (sk->sk_family == AF_INET6)
		sk->sk_v6_rcv_saddr = ((struct sockaddr_in6 *)uaddr)->sin6_addr;
	if (snum || !inet->bind_address_no_port) {
		err = sk->sk_prot->get_port(sk, snum);
		if (err) {              /* -EADDRINUSE, as the protocol says */
			inet->inet_saddr = inet->inet_rcv_saddr = 0;
			memset(&sk->sk_v6_rcv_saddr, 0, sizeof(sk->sk_v6_rcv_saddr));
			goto out;
		}
	}
	if (inet->inet_rcv_saddr ||
	    (sk->sk_family == AF_INET6 && !ipv6_addr_any(&sk->sk_v6_rcv_saddr)))
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_sport = htons(inet->inet_num);
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	sk_dst_reset(sk);
	err = 0;
out:
	release_sock(sk);
	return err;
}

int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	__be32 addr;

	if (peer) {
		if (!inet->inet_dport ||
		    (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)) && peer == 1))
			return -ENOTCONN;
		return inet_fill_sockaddr(sk, uaddr, inet->inet_daddr, inet->inet_dport);
	}
	addr = inet->inet_rcv_saddr ? inet->inet_rcv_saddr : inet->inet_saddr;
	return inet_fill_sockaddr(sk, uaddr, addr, inet->inet_sport);
}

/* The ioctls that change routes, neighbours or addresses need CAP_NET_ADMIN. */
static bool inet_ioctl_changes(unsigned int cmd)
{
	switch (cmd) {
	case SIOCADDRT: case SIOCDELRT: case SIOCDARP: case SIOCSARP:
	case SIOCSIFADDR: case SIOCSIFBRDADDR: case SIOCSIFNETMASK: case SIOCSIFDSTADDR:
		return true;
	}
	return false;
}

int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	void __user *p = (void __user *)arg;
	int err, karg;

	if (inet_ioctl_changes(cmd) && !capable(CAP_NET_ADMIN))
		return -EPERM;
	switch (cmd) {
	case SIOCADDRT:
	case SIOCDELRT:
		return ip_rt_ioctl(cmd, p);
	case SIOCDARP:
	case SIOCGARP:
	case SIOCSARP:
		return arp_ioctl(cmd, p);
	case SIOCGIFADDR:
	case SIOCSIFADDR:
	case SIOCGIFBRDADDR:
	case SIOCSIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCSIFNETMASK:
	case SIOCGIFDSTADDR:
	case SIOCSIFDSTADDR:
		return devinet_ioctl(cmd, p);
	}
	if (!sk->sk_prot->ioctl)
		return -ENOIOCTLCMD;
	err = sk->sk_prot->ioctl(sk, cmd, &karg);
	if (err)
		return err;
	return put_user(karg, (int __user *)p) ? -EFAULT : 0;
}

int inet_autobind(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	int err = 0;

	if (!sk->sk_prot->get_port)
		return 0;
	lock_sock(sk);
	if (!inet->inet_num) {
		if (sk->sk_prot->get_port(sk, 0))
			err = -EAGAIN;
		else
			inet->inet_sport = htons(inet->inet_num);
	}
	release_sock(sk);
	return err;
}

int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	struct sock *sk = sock->sk;

	/* datagram sockets get a port on their first send (TCP does not autobind) */
	if (sk->sk_type == SOCK_DGRAM && !READ_ONCE(inet_sk(sk)->inet_num) && inet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->sendmsg(sk, msg, size);
}

int inet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	int addr_len = 0, err;

	err = sk->sk_prot->recvmsg(sk, msg, size, flags, &addr_len);
	if (err >= 0)
		msg->msg_namelen = addr_len;
	return err;
}

int inet_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;          /* SHUT_RD/WR/RDWR -> RCV_SHUTDOWN/SEND_SHUTDOWN/both */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	lock_sock(sk);
	if (sock->state == SS_CONNECTING) {
		if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE))
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}
	switch (sk->sk_state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		/* still mark it, so pollers see the hang-up (Linux does) */
		/* fall through */
	default:
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		if (sk->sk_prot->shutdown)
			sk->sk_prot->shutdown(sk, how);
		break;
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		/* fall through */
	case TCP_SYN_SENT:
		err = sk->sk_prot->disconnect(sk, O_NONBLOCK);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	}
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sock *sk = sock->sk;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC)
		return sk->sk_prot->disconnect(sk, flags);
	if (!READ_ONCE(inet_sk(sk)->inet_num) && inet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->connect(sk, uaddr, addr_len);
}

int inet_dgram_disconnect(struct sock *sk, int flags)
{
	struct inet_sock *inet = inet_sk(sk);

	(void)flags;
	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	memset(&sk->sk_v6_daddr, 0, sizeof(sk->sk_v6_daddr));
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		inet->inet_rcv_saddr = inet->inet_saddr = 0;
		memset(&sk->sk_v6_rcv_saddr, 0, sizeof(sk->sk_v6_rcv_saddr));
	}
	/* a raw socket leaves its protocol's table too, as in Linux */
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		sk->sk_prot->unhash(sk);
		inet->inet_sport = 0;
	}
	sk_dst_reset(sk);
	release_sock(sk);
	return 0;
}

int sock_common_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
			   unsigned int optlen)
{
	struct sock *sk = sock->sk;

	return sk->sk_prot->setsockopt(sk, level, optname, optval, optlen);
}

int sock_common_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
			   int __user *optlen)
{
	struct sock *sk = sock->sk;

	return sk->sk_prot->getsockopt(sk, level, optname, optval, optlen);
}

const struct proto_ops inet_stream_ops = {
	.family = PF_INET,
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
	.setsockopt = sock_common_setsockopt,
	.getsockopt = sock_common_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.set_peek_off = sk_set_peek_off,
};

const struct proto_ops inet_dgram_ops = {
	.family = PF_INET,
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
	.setsockopt = sock_common_setsockopt,
	.getsockopt = sock_common_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.set_peek_off = sk_set_peek_off,
};

/* Ping and raw sockets: datagram ops with the plain datagram poll. */
const struct proto_ops inet_sockraw_ops = {
	.family = PF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = inet_getname,
	.poll = datagram_poll,
	.ioctl = inet_ioctl,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.setsockopt = sock_common_setsockopt,
	.getsockopt = sock_common_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
};

/* ------------------------------------------------------------------ boot */

static struct inet_protosw inetsw_array[] = {
	{ .type = SOCK_STREAM, .protocol = IPPROTO_TCP, .prot = &tcp_prot,
	  .ops = &inet_stream_ops, .flags = INET_PROTOSW_PERMANENT | INET_PROTOSW_ICSK },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .prot = &udp_prot,
	  .ops = &inet_dgram_ops, .flags = INET_PROTOSW_PERMANENT },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_ICMP, .prot = &ping_prot,
	  .ops = &inet_sockraw_ops, .flags = INET_PROTOSW_REUSE },
	{ .type = SOCK_RAW, .protocol = IPPROTO_IP, .prot = &raw_prot,
	  .ops = &inet_sockraw_ops, .flags = INET_PROTOSW_REUSE },
};

static const struct net_protocol tcp_protocol = { .handler = tcp_v4_rcv, .err_handler = tcp_v4_err };
static const struct net_protocol udp_protocol = { .handler = udp_rcv, .err_handler = udp_err };
static const struct net_protocol icmp_protocol = { .handler = icmp_rcv, .err_handler = icmp_err };

static struct packet_type ip_packet_type = { .func = ip_rcv };
static struct packet_type arp_packet_type = { .func = arp_rcv };

static const struct net_proto_family inet_family_ops = { .family = PF_INET, .create = inet_create };

/* ------------------------------------------------ GSO and GRO for IPv4 */

/*
 * Software GSO, IP's part: cut by the transport protocol's gso_segment
 * (skb->data at its header), then give every segment its own tot_len,
 * an IP ID one up from the previous (what a TSO NIC does) and a header
 * checksum.
 */
static struct sk_buff *inet_gso_segment(struct sk_buff *skb, unsigned long features)
{
	const struct net_offload *ops;
	struct sk_buff *segs, *s;
	struct iphdr *iph;
	unsigned int ihl;
	u16 id;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return ERR_PTR(-EINVAL);
	iph = (struct iphdr *)skb->data;
	ihl = iph->ihl * 4;
	if (iph->version != 4 || ihl < sizeof(*iph) || !pskb_may_pull(skb, ihl))
		return ERR_PTR(-EINVAL);
	iph = (struct iphdr *)skb->data;
	ops = READ_ONCE(inet_offloads[iph->protocol]);
	if (!ops || !ops->callbacks.gso_segment)
		return ERR_PTR(-EPROTONOSUPPORT);
	id = ntohs(iph->id);
	skb_reset_network_header(skb);
	__skb_pull(skb, ihl);
	skb_reset_transport_header(skb);
	segs = ops->callbacks.gso_segment(skb, features);
	__skb_push(skb, ihl);
	if (IS_ERR(segs))
		return segs;
	for (s = segs; s; s = s->next) {
		iph = (struct iphdr *)skb_network_header(s);
		iph->id = htons(id++);
		iph->tot_len = htons(s->len - skb_network_offset(s));
		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl);
	}
	return segs;
}

/* Held skbs (data at their IP header) that the new one's IP header rules
 * out, or whose flow must be sent up first (TTL, TOS or DF changed). */
static void inet_gro_match(struct sk_buff **head, const struct iphdr *iph)
{
	struct sk_buff *p;

	for (p = *head; p; p = p->next) {
		const struct iphdr *iph2 = (const struct iphdr *)p->data;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		if (iph->protocol != iph2->protocol || iph->saddr != iph2->saddr ||
		    iph->daddr != iph2->daddr) {
			NAPI_GRO_CB(p)->same_flow = 0;
			continue;
		}
		if (iph->ttl != iph2->ttl || iph->tos != iph2->tos ||
		    ((iph->frag_off ^ iph2->frag_off) & htons(IP_DF)))
			NAPI_GRO_CB(p)->flush = 1;
	}
}

/*
 * GRO, IP's part (Linux's inet_gro_receive, reduced): only plain 20-byte
 * headers with a good checksum, unfragmented, with no link-layer padding
 * are candidates; the transport protocol decides the rest.
 */
static struct sk_buff **inet_gro_receive(struct sk_buff **head, struct sk_buff *skb)
{
	const struct net_offload *ops;
	const struct iphdr *iph;

	iph = skb_gro_header(skb, sizeof(*iph));
	if (!iph || iph->version != 4 || iph->ihl != 5 || ip_fast_csum(iph, 5) ||
	    ntohs(iph->tot_len) != skb_gro_len(skb) ||
	    (iph->frag_off & htons(IP_MF | IP_OFFSET)))
		goto flush;
	ops = READ_ONCE(inet_offloads[iph->protocol]);
	if (!ops || !ops->callbacks.gro_receive)
		goto flush;
	inet_gro_match(head, iph);
	NAPI_GRO_CB(skb)->data_offset += sizeof(*iph);
	return ops->callbacks.gro_receive(head, skb);

flush:
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

/* A merged skb goes up: its IP header says its new length. */
static int inet_gro_complete(struct sk_buff *skb, int nhoff)
{
	struct iphdr *iph = (struct iphdr *)(skb->data + nhoff);
	const struct net_offload *ops = READ_ONCE(inet_offloads[iph->protocol]);

	iph->tot_len = htons(skb->len - nhoff);
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
	if (!ops || !ops->callbacks.gro_complete)
		return -ENOSYS;
	return ops->callbacks.gro_complete(skb, nhoff + iph->ihl * 4);
}

static struct packet_offload ip_packet_offload = {
	.callbacks = {
		.gso_segment = inet_gso_segment,
		.gro_receive = inet_gro_receive,
		.gro_complete = inet_gro_complete,
	},
};

void ipv4_offload_init(void)
{
	ip_packet_offload.type = htons(ETH_P_IP);
	tcpv4_offload_init();
	dev_add_offload(&ip_packet_offload);
}

void ip_init(void)
{
	ip_rt_init();
	devinet_init();
}

/* net.ipv4.ip_unprivileged_port_start, 0..65535 as Linux's (include/net/ip.h) */
unsigned long sysctl_ip_prot_sock = 1024;
static unsigned long ip_prot_sock_max = 65535;

static const struct ctl_table ipv4_bind_table[] = {
	{ .procname = "ip_unprivileged_port_start", .data = &sysctl_ip_prot_sock,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra2 = &ip_prot_sock_max },
};

static int inet_init(void)
{
	unsigned int i;

	if (proto_register(&tcp_prot) || proto_register(&udp_prot) ||
	    proto_register(&ping_prot) || proto_register(&raw_prot))
		panic("inet_init: cannot register the inet protocols");
	for (i = 0; i < SOCK_MAX; i++)
		INIT_LIST_HEAD(&inetsw[i]);
	for (i = 0; i < ARRAY_SIZE(inetsw_array); i++)
		inet_register_protosw(&inetsw_array[i]);
	if (inet_add_protocol(&icmp_protocol, IPPROTO_ICMP) ||
	    inet_add_protocol(&udp_protocol, IPPROTO_UDP) ||
	    inet_add_protocol(&tcp_protocol, IPPROTO_TCP))
		panic("inet_init: cannot add the inet protocols");
	ip_init();
	ipv4_proc_init();
	arp_init();
	icmp_init();
	raw_init();
	ping_init();
	udp_init();
	tcp_init();
	sock_register(&inet_family_ops);
	arp_packet_type.type = htons(ETH_P_ARP);
	ip_packet_type.type = htons(ETH_P_IP);
	dev_add_pack(&arp_packet_type);
	dev_add_pack(&ip_packet_type);
	ipv4_offload_init();
	return register_sysctl("net/ipv4", ipv4_bind_table);
}
fs_initcall(inet_init);
