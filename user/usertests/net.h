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
 * ::ffff:127.0.0.1 (LO6 and LO_MAPPED: AF_INET6 is dual-stack only, see
 * Documentation/networking.md), or [::]. */
enum lo_kind { LO4, LO6, LO_MAPPED, ANY6 };

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

/* TCP_INFO's tcpi_state of fd (TCP_ESTABLISHED, ...); fail() on an error. */
int tcp_state(int fd);

#endif
