/* SPDX-License-Identifier: MIT */
/*
 * IPv4 input and output (net/ipv4/ip_input.c, ip_output.c).
 */
#ifndef _NET_IP_H
#define _NET_IP_H

#include <shoal/skbuff.h>
#include <shoal/byteorder.h>
#include <net/inet_sock.h>
#include <net/route.h>

struct iphdr {
	u8 ihl:4, version:4;            /* little-endian bitfield order */
	u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	u8 ttl;
	u8 protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
};
#define IP_CE           0x8000
#define IP_DF           0x4000
#define IP_MF           0x2000
#define IP_OFFSET       0x1FFF
#define IPDEFTTL        64
#define INET_ECN_MASK   3               /* the ECN bits of TOS / traffic class */
#define IPV4_MAX_PMTU   65535

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

/* Control block while IP owns the skb (input). */
struct inet_skb_parm {
	int iif;
	u16 flags;
};
#define IPCB(skb) ((struct inet_skb_parm *)((skb)->cb))

/* Room to reserve in front of a transport header: link + IP headers. */
#define MAX_HEADER      128
#define MAX_TCP_HEADER  (128 + 64)     /* a multiple of 64: payload stays 8-byte aligned */

/* The ETH_P_IP packet_type handler. */
int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt);

/*
 * Send a transport segment for a connected socket: skb->data is at the
 * transport header (already filled, checksum done or CHECKSUM_PARTIAL),
 * headroom >= MAX_HEADER. Routes with sk's cached route (re-routing when
 * it is stale), pushes the IP header from inet_sk(sk) (saddr, daddr, ttl,
 * tos, id) and hands it to the device. Consumes skb; 0 or -errno.
 */
int ip_queue_xmit(struct sock *sk, struct sk_buff *skb);
/*
 * Send a packet not tied to a connected socket (SYN-ACK, RST, ICMP,
 * unconnected UDP): same as ip_queue_xmit but with explicit addresses and
 * protocol. sk may be NULL (then ttl = default). Consumes skb.
 */
int ip_build_and_send_pkt(struct sk_buff *skb, const struct sock *sk, __be32 saddr,
			  __be32 daddr, u8 protocol);
/* Finish an IP packet whose header is in place: checksum it, pick the
 * device from skb's dst and transmit. Consumes skb. */
int ip_local_out(struct sk_buff *skb);

/* Select the source address for a destination (route's preferred source). */
__be32 inet_select_addr(__be32 daddr);

/* Set up a connected inet socket's route and source address (connect):
 * fills inet_saddr/inet_rcv_saddr when unbound, caches the route. */
int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int inet_route_connect(struct sock *sk, __be32 daddr);

/* Next IP ID for a packet of sk. */
static inline __be16 ip_select_id(struct sock *sk)
{
	return htons(sk ? inet_sk(sk)->inet_id++ : 0);
}

/*
 * IP_MTU_DISCOVER, as Linux's include/net/ip.h reads it. WANT and DO set
 * DF; PROBE sets it on datagrams; WANT drops it once the path's MTU was
 * locked below min_pmtu. INTERFACE and OMIT ignore ICMP path MTU news
 * and send up to the device's MTU, as PROBE does.
 */
static inline bool ip_sk_accept_pmtu(const struct sock *sk)
{
	u8 d = READ_ONCE(inet_sk(sk)->pmtudisc);

	return d != IP_PMTUDISC_INTERFACE && d != IP_PMTUDISC_OMIT;
}

static inline bool ip_sk_use_pmtu(const struct sock *sk)
{
	return READ_ONCE(inet_sk(sk)->pmtudisc) < IP_PMTUDISC_PROBE;
}

static inline bool ip_dont_fragment(const struct sock *sk, __be32 daddr)
{
	u8 d = READ_ONCE(inet_sk(sk)->pmtudisc);

	return d == IP_PMTUDISC_DO || (d == IP_PMTUDISC_WANT && !ip_dst_mtu_locked(daddr));
}

/* The most a datagram of sk may carry towards daddr over dst, IP header
 * included: shoal does not fragment, so this bounds every pmtudisc mode. */
static inline unsigned int ip_sk_dst_mtu(const struct sock *sk, const struct dst_entry *dst,
					 __be32 daddr)
{
	return ip_sk_use_pmtu(sk) ? ip_dst_pmtu(dst, daddr) : dst_mtu(dst);
}

void ip_init(void);
/* Boot (inet_init): IPv4's /proc/net files (proc.c). */
void ipv4_proc_init(void);

/* SOL_IP and SOL_IPV6 socket options of any inet socket (ip_sockglue.c);
 * protocols call these for levels other than their own. */
int ip_setsockopt(struct sock *sk, int level, int optname, char __user *optval, unsigned int optlen);
int ip_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen);

/* Interface addresses (devinet.c): devinet_init registers the netdevice
 * notifier that brings addresses and routes up and down with a device
 * (loopback gets 127.0.0.1/8 on up, as Linux). */
void devinet_init(void);
#define IPV4_MIN_MTU    68
/* SIOC[GS]IF{ADDR,NETMASK,BRDADDR,DSTADDR} */
int devinet_ioctl(unsigned int cmd, void __user *arg);
struct ifreq;
int devinet_ioctl_kernel(unsigned int cmd, struct ifreq *ifr);   /* a kernel ifreq */
/* Generic inet socket operations (af_inet.c) shared by TCP/UDP/ping. */
int inet_release(struct socket *sock);
int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len);
int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer);
int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size);
int inet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
int inet_shutdown(struct socket *sock, int how);
int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags);
int sock_common_setsockopt(struct socket *sock, int level, int optname, char __user *optval, unsigned int optlen);
int sock_common_getsockopt(struct socket *sock, int level, int optname, char __user *optval, int __user *optlen);
/* Connection-oriented ops the TCP code provides (af_inet.c's inet_stream_ops uses them). */
int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags);
/* The same with the socket owned; is_sendmsg: a Fast Open sendmsg's connect. */
int __inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags,
			  int is_sendmsg);
int inet_accept(struct socket *sock, struct socket *newsock, int flags, bool kern);
int inet_listen(struct socket *sock, int backlog);
/*
 * net.ipv4.ip_unprivileged_port_start (af_inet.c): binding a port below it
 * needs CAP_NET_BIND_SERVICE. A lone word, READ_ONCE, no lock.
 */
extern unsigned long sysctl_ip_prot_sock;
static inline bool inet_port_requires_bind_service(unsigned short port)
{
	return port < READ_ONCE(sysctl_ip_prot_sock);
}

/* Ephemeral ports: net.ipv4.ip_local_port_range's default, as Linux */
#define INET_EPHEMERAL_LOW      32768
#define INET_EPHEMERAL_HIGH     60999
/* The range now in force, both ends inclusive (inet_hashtables.c; the
 * sysctl in sysctl_net_ipv4.c writes sysctl_local_ports, low << 16 | high). */
extern unsigned long sysctl_local_ports;
void inet_get_local_port_range(u32 *low, u32 *high);

/* Is this a loopback address (127/8)? */
static inline bool ipv4_is_loopback(__be32 a) { return (a & htonl(0xff000000)) == htonl(0x7f000000); }
static inline bool ipv4_is_multicast(__be32 a) { return (a & htonl(0xf0000000)) == htonl(0xe0000000); }
static inline bool ipv4_is_lbcast(__be32 a) { return a == htonl(INADDR_BROADCAST); }
static inline bool ipv4_is_zeronet(__be32 a) { return (a & htonl(0xff000000)) == 0; }

#endif
