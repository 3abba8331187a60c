/*
 * SO_PEEK_OFF on AF_UNIX, UDP and TCP sockets (TCP since Linux 6.10):
 * MSG_PEEK starts at the offset and moves it on; ordinary reads move it
 * back by what they take; -1 turns it off. Stream offsets count bytes;
 * datagram offsets pass over whole datagrams and start inside the one
 * they reach.
 */
#include "net.h"

#include <sys/un.h>

static void net_peek_off_stream(void)
{
	char buf[16];
	int sv[2];

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == -1);
	set_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF, 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 0);
	CHECK(send(sv[0], "abcdef", 6, 0) == 6);
	CHECK(recv(sv[1], buf, 2, MSG_PEEK) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 2);
	CHECK(recv(sv[1], buf, 3, MSG_PEEK) == 3 && memcmp(buf, "cde", 3) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 5);
	/* a read takes from the front and moves the offset back */
	CHECK(recv(sv[1], buf, 4, 0) == 4 && memcmp(buf, "abcd", 4) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 1);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 1 && buf[0] == 'f');
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 2);
	/* peeking past the end waits: nothing there without blocking */
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT), EAGAIN);
	CHECK(send(sv[0], "gh", 2, 0) == 2);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 2 && memcmp(buf, "gh", 2) == 0);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 4 && memcmp(buf, "efgh", 4) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 0);
	/* -1: peeks start at the front again and leave it alone */
	set_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF, -1);
	CHECK(send(sv[0], "ij", 2, 0) == 2);
	CHECK(recv(sv[1], buf, 1, MSG_PEEK) == 1 && buf[0] == 'i');
	CHECK(recv(sv[1], buf, 1, MSG_PEEK) == 1 && buf[0] == 'i');
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == -1);
	close(sv[0]);
	close(sv[1]);
}

static void net_peek_off_dgram(void)
{
	char buf[16];
	int sv[2], n;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	set_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF, 0);
	CHECK(send(sv[0], "abc", 3, 0) == 3);
	CHECK(send(sv[0], "de", 2, 0) == 2);
	CHECK(recv(sv[1], buf, 2, MSG_PEEK) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 2);
	/* the rest of the first datagram, then the next */
	n = recv(sv[1], buf, sizeof(buf), MSG_PEEK);
	CHECK(n == 1 && buf[0] == 'c');
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 2 && memcmp(buf, "de", 2) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 5);
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT), EAGAIN);
	/* a read takes a whole datagram: back by its length */
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 2);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 2 && memcmp(buf, "de", 2) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 0);
	/* MSG_TRUNC reports what is left from the offset */
	CHECK(send(sv[0], "0123456789", 10, 0) == 10);
	CHECK(recv(sv[1], buf, 4, MSG_PEEK) == 4);
	CHECK(recv(sv[1], buf, 2, MSG_PEEK | MSG_TRUNC) == 6 && memcmp(buf, "45", 2) == 0);
	close(sv[0]);
	close(sv[1]);
}

static void net_peek_off_seqpacket(void)
{
	char buf[16];
	int sv[2];

	CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	set_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF, 0);
	CHECK(send(sv[0], "abc", 3, 0) == 3);
	CHECK(send(sv[0], "de", 2, 0) == 2);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 3);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 2 && memcmp(buf, "de", 2) == 0);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PEEK_OFF) == 2);
	close(sv[0]);
	close(sv[1]);
}

/* UDP (v4 and an AF_INET6 socket): as AF_UNIX datagrams, but a read
 * moves the offset back by what it returned, not by the datagram. */
static void peek_off_udp(enum lo_kind kind)
{
	struct addr a;
	char buf[16];
	int u, v;

	u = bound_socket(kind, SOCK_DGRAM, &a);
	v = socket(lo_family(kind), SOCK_DGRAM, 0);
	CHECK_OK(v);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == -1);
	set_int_opt(u, SOL_SOCKET, SO_PEEK_OFF, 0);
	CHECK(sendto(v, "abc", 3, 0, &a.sa, a.len) == 3);
	CHECK(sendto(v, "de", 2, 0, &a.sa, a.len) == 2);
	CHECK(recv(u, buf, 2, MSG_PEEK) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == 2);
	CHECK(recv(u, buf, sizeof(buf), MSG_PEEK) == 1 && buf[0] == 'c');
	/* past the first datagram: waits for the second if it is not in yet */
	CHECK(recv(u, buf, sizeof(buf), MSG_PEEK) == 2 && memcmp(buf, "de", 2) == 0);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == 5);
	CHECK_ERR(recv(u, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT), EAGAIN);
	CHECK(recv(u, buf, sizeof(buf), 0) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == 2);
	CHECK(recv(u, buf, sizeof(buf), 0) == 2 && memcmp(buf, "de", 2) == 0);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == 0);
	/* MSG_TRUNC returns the datagram's whole length, and the offset moves by it */
	CHECK(sendto(v, "0123456789", 10, 0, &a.sa, a.len) == 10);
	CHECK(recv(u, buf, 4, MSG_PEEK) == 4);
	CHECK(recv(u, buf, 2, MSG_PEEK | MSG_TRUNC) == 10 && memcmp(buf, "45", 2) == 0);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == 14);
	/* a short read takes the datagram but moves back by what it returned */
	CHECK(recv(u, buf, 3, 0) == 3 && memcmp(buf, "012", 3) == 0);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == 11);
	/* -1: peeks start at the front again and leave it alone */
	set_int_opt(u, SOL_SOCKET, SO_PEEK_OFF, -1);
	CHECK(sendto(v, "ij", 2, 0, &a.sa, a.len) == 2);
	CHECK(recv(u, buf, 1, MSG_PEEK) == 1 && buf[0] == 'i');
	CHECK(recv(u, buf, 1, MSG_PEEK) == 1 && buf[0] == 'i');
	CHECK(get_int_opt(u, SOL_SOCKET, SO_PEEK_OFF) == -1);
	close(u);
	close(v);
}

static void net_peek_off_udp(void)
{
	peek_off_udp(LO4);
	peek_off_udp(LO6);
}

/* TCP: bytes, as AF_UNIX streams. */
static void peek_off_tcp(enum lo_kind kind)
{
	char buf[16];
	int c, s;

	tcp_pair(kind, &c, &s);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == -1);
	send_all(c, "abcdef", 6);
	CHECK(recv(s, buf, 6, MSG_PEEK | MSG_WAITALL) == 6);   /* all of it in */
	set_int_opt(s, SOL_SOCKET, SO_PEEK_OFF, 0);
	CHECK(recv(s, buf, 2, MSG_PEEK) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == 2);
	CHECK(recv(s, buf, 3, MSG_PEEK) == 3 && memcmp(buf, "cde", 3) == 0);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == 5);
	CHECK(recv(s, buf, 4, 0) == 4 && memcmp(buf, "abcd", 4) == 0);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == 1);
	CHECK(recv(s, buf, sizeof(buf), MSG_PEEK) == 1 && buf[0] == 'f');
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == 2);
	CHECK_ERR(recv(s, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT), EAGAIN);
	send_all(c, "gh", 2);
	/* waits for the new bytes past the offset */
	CHECK(recv(s, buf, 2, MSG_PEEK | MSG_WAITALL) == 2 && memcmp(buf, "gh", 2) == 0);
	CHECK(recv(s, buf, sizeof(buf), 0) == 4 && memcmp(buf, "efgh", 4) == 0);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == 0);
	set_int_opt(s, SOL_SOCKET, SO_PEEK_OFF, -1);
	send_all(c, "ij", 2);
	CHECK(recv(s, buf, 2, MSG_PEEK | MSG_WAITALL) == 2 && memcmp(buf, "ij", 2) == 0);
	CHECK(recv(s, buf, 1, MSG_PEEK) == 1 && buf[0] == 'i');
	CHECK(get_int_opt(s, SOL_SOCKET, SO_PEEK_OFF) == -1);
	close(c);
	close(s);
}

static void net_peek_off_tcp(void)
{
	peek_off_tcp(LO4);
	peek_off_tcp(LO6);
}

static void net_peek_off_errors(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t len = sizeof(int);
	int v = 0;

	CHECK_OK(s);
	CHECK(setsockopt(s, SOL_SOCKET, SO_PEEK_OFF, &v, 2) == -1 && errno == EINVAL);
	close(s);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(s);
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_PEEK_OFF, (void *)8, sizeof(int)), EFAULT);
	CHECK_ERR(getsockopt(s, SOL_SOCKET, SO_PEEK_OFF, (void *)8, &len), EFAULT);
	close(s);
	/* netlink and raw sockets have no peek offset */
	s = socket(AF_NETLINK, SOCK_RAW, 0);
	CHECK_OK(s);
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_PEEK_OFF, &v, sizeof(v)), EOPNOTSUPP);
	close(s);
	s = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
	CHECK_OK(s);
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_PEEK_OFF, &v, sizeof(v)), EOPNOTSUPP);
	CHECK_ERR(getsockopt(s, SOL_SOCKET, SO_PEEK_OFF, &v, &len), EOPNOTSUPP);
	close(s);
}

/*
 * SO_INCOMING_NAPI_ID: the NAPI id of the last packet in; loopback has
 * no NAPI, so 0 there (Linux), and the option is read-only.
 */
#ifndef SO_INCOMING_NAPI_ID
#define SO_INCOMING_NAPI_ID 56
#endif
static void net_napi_id_loopback(void)
{
	struct addr a;
	int c, s, u, v, val = 0;
	char b;

	tcp_pair(LO4, &c, &s);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_INCOMING_NAPI_ID) == 0);
	CHECK(send(c, "x", 1, 0) == 1);
	CHECK(recv(s, &b, 1, 0) == 1);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_INCOMING_NAPI_ID) == 0);
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_INCOMING_NAPI_ID, &val, sizeof(val)), ENOPROTOOPT);
	close(c);
	close(s);
	u = bound_socket(LO4, SOCK_DGRAM, &a);
	v = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_OK(v);
	CHECK(sendto(v, "y", 1, 0, &a.sa, a.len) == 1);
	CHECK(recv(u, &b, 1, 0) == 1);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_INCOMING_NAPI_ID) == 0);
	close(u);
	close(v);
}

const struct test net_peek_tests[] = {
	{ "net_peek_off_stream", net_peek_off_stream },
	{ "net_peek_off_dgram", net_peek_off_dgram },
	{ "net_peek_off_seqpacket", net_peek_off_seqpacket },
	{ "net_peek_off_udp", net_peek_off_udp },
	{ "net_peek_off_tcp", net_peek_off_tcp },
	{ "net_peek_off_errors", net_peek_off_errors },
	{ "net_napi_id_loopback", net_napi_id_loopback },
	{ NULL, NULL },
};
