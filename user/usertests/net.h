/*
 * Helpers shared by the socket tests (net_*.c): loopback addresses, TCP
 * listeners and connected pairs on ports the kernel picks (bind to port 0,
 * read the port back with getsockname, so tests never collide), and loops
 * that move a whole buffer.
 */
#ifndef USERTESTS_NET_H
#define USERTESTS_NET_H

#include "usertests.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/* Any address a test uses; .len is what bind/connect are given. */
struct addr {
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_storage ss;
	};
	socklen_t len;
};

/* Where a test listens or sends: 127.0.0.1, an AF_INET6 socket on
 * ::ffff:127.0.0.1 (LO6 and LO_MAPPED: the dual-stack path, see
 * Documentation/networking.md), [::], or native IPv6's ::1 (LO6_NATIVE). */
enum lo_kind { LO4, LO6, LO_MAPPED, ANY6, LO6_NATIVE };

struct addr lo_addr(enum lo_kind kind, uint16_t port);
int lo_family(enum lo_kind kind);
uint16_t addr_port(const struct addr *a);
/* The socket's own address (getsockname), which must succeed. */
struct addr sock_name(int fd);
struct addr peer_name(int fd);
/* Same family, address and port. */
int addr_eq(const struct addr *a, const struct addr *b);

/* A socket of kind's family bound to kind's address, port 0. */
int bound_socket(enum lo_kind kind, int type, struct addr *out);
/* A listening TCP socket on kind's address; *out is where to connect
 * (for ANY6, [::ffff:127.0.0.1]:port). */
int tcp_listener(enum lo_kind kind, int backlog, struct addr *out);
/* A blocking TCP connect to a; returns the socket. */
int tcp_connect(const struct addr *a);
/* A connected TCP pair over kind's loopback: *c connected, *s accepted. */
void tcp_pair(enum lo_kind kind, int *c, int *s);
/* A port with a bound TCP socket that does not listen (connects to it are
 * refused); *fd keeps the port taken until the caller closes it. */
struct addr closed_tcp_port(enum lo_kind kind, int *fd);

void set_int_opt(int fd, int level, int opt, int val);
int get_int_opt(int fd, int level, int opt);
void set_nonblock(int fd, int on);

/* Whole buffers; fail() on an error or early EOF. */
void send_all(int fd, const void *buf, size_t n);
void recv_all(int fd, void *buf, size_t n);

/* poll one fd for events, at most ms milliseconds; returns revents. */
int poll1(int fd, int events, int ms);

/* A counter of /proc/net/snmp or /proc/net/netstat: column name of the
 * pair of lines tagged tag ("Tcp:", "TcpExt:"); fail() if there is none.
 * tcpext(name) is proc_net_mib("/proc/net/netstat", "TcpExt:", name). */
long proc_net_mib(const char *path, const char *tag, const char *name);
long tcpext(const char *name);

/* TCP_INFO of fd; fail() on an error. tcp_state(fd) is its tcpi_state
 * (TCP_ESTABLISHED, ...). */
struct tcp_info tcp_info_of(int fd);
int tcp_state(int fd);

/* c sends n patterned bytes (seed picks the pattern) from a child
 * process, s gets them all: fail() unless they are the same. */
void transfer(int c, int s, size_t n, unsigned seed);

/* Write val to the /proc file at path (a sysctl); fail() on an error. */
void write_proc(const char *path, const char *val);

/* The Internet checksum (RFC 1071): inet_csum_add adds n bytes at p to a
 * running sum, inet_csum_fold folds and complements it (host order). */
uint32_t inet_csum_add(uint32_t sum, const void *p, size_t n);
uint16_t inet_csum_fold(uint32_t sum);
/* The checksum (host order) of the transport packet l4[len] of proto
 * from src to dst, its pseudo-header included (RFC 8200 8.1). */
uint16_t csum_ipv6(const struct in6_addr *src, const struct in6_addr *dst,
		   const void *l4, size_t len, int proto);

/*
 * Path MTU tests (net_pmtu.c, net6_pmtu.c): a packet quoted by a forged
 * ICMP error, as far as an error quotes it: the IP header (IPv4 without
 * options, or IPv6) and the first bytes of the transport header.
 */
struct quote {
	unsigned char b[40 + 20];
	int len;
};

/* The sequence number (host order) of q's TCP header, and setting it. */
uint32_t quote_seq(const struct quote *q);
void quote_set_seq(struct quote *q, uint32_t seq);
/* An IPv6 header from ::1 to ::1 carrying nexthdr, then th (thlen bytes). */
struct quote quote6_make(int nexthdr, const void *th, int thlen);
/* A fresh segment of the TCP socket c's: drain the raw TCP socket r (of
 * c's family), let c send a few bytes to s, and quote the last segment c
 * sent as r saw it, its sequence number moved to its end. IPv4: *df (if
 * df) says whether it had DF. */
struct quote fresh_segment(int r, int c, int s, int *df);
/* A "packet too big" reporting mtu, quoting q, to q's source from a raw
 * socket: ICMPv6 Packet Too Big, or ICMP fragmentation needed. */
void send_too_big(const struct quote *q, uint32_t mtu);

struct rtmsg;
struct nlmsghdr;
/* One NETLINK_ROUTE request of type (flags besides NLM_F_REQUEST) about
 * the route to dst, an address of rtm->rtm_family (a host route: the
 * request's rtm_dst_len is the address's bits). The answer to it is put
 * in buf; fail() if none comes. */
struct nlmsghdr *route_request(int type, int flags, const struct rtmsg *rtm,
			       const void *dst, void *buf, size_t size);
/* `ip route get dst`: the RTAX_MTU of the answer's RTA_METRICS (0 if
 * none) and RTA_CACHEINFO's expiry in *expires (-1 if none). */
unsigned route_get_mtu(int family, const void *dst, long *expires);

#endif
