/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_POLL_H
#define _UAPI_POLL_H

#define POLLIN          0x0001
#define POLLPRI         0x0002
#define POLLOUT         0x0004
#define POLLERR         0x0008
#define POLLHUP         0x0010
#define POLLNVAL        0x0020
#define POLLRDNORM      0x0040
#define POLLRDBAND      0x0080
#define POLLWRNORM      0x0100
#define POLLWRBAND      0x0200
#define POLLMSG         0x0400
#define POLLRDHUP       0x2000

/* poll(2)/ppoll(2): one descriptor and the events asked for and found */
struct pollfd {
	int fd;                 /* negative: ignored, revents 0 */
	short events;
	short revents;
};

/* select(2)/pselect6(2): a descriptor bit set (asm-generic posix_types.h).
 * The kernel reads and writes only the first DIV_ROUND_UP(n, 64) words. */
/* epoll's names for the same bits (the wake-up keys of wait queues) */
#define EPOLLIN         POLLIN
#define EPOLLPRI        POLLPRI
#define EPOLLOUT        POLLOUT
#define EPOLLERR        POLLERR
#define EPOLLHUP        POLLHUP
#define EPOLLNVAL       POLLNVAL
#define EPOLLRDNORM     POLLRDNORM
#define EPOLLRDBAND     POLLRDBAND
#define EPOLLWRNORM     POLLWRNORM
#define EPOLLWRBAND     POLLWRBAND
#define EPOLLMSG        POLLMSG
#define EPOLLRDHUP      POLLRDHUP
#define __FD_SETSIZE    1024
typedef struct {
	unsigned long fds_bits[__FD_SETSIZE / (8 * sizeof(long))];
} __kernel_fd_set;

#endif
