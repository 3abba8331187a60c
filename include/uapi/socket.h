/* SPDX-License-Identifier: MIT */
/* The socket ABI user space sees (Linux riscv64 values). */
#ifndef _UAPI_SOCKET_H
#define _UAPI_SOCKET_H

#include <shoal/types.h>
#include <uapi/uio.h>

typedef unsigned short sa_family_t;
typedef u32 socklen_t;

#define AF_UNSPEC       0
#define AF_UNIX         1
#define AF_LOCAL        AF_UNIX
#define AF_INET         2
#define AF_INET6        10
#define AF_NETLINK      16
#define AF_PACKET       17
#define AF_MAX          46
#define PF_UNSPEC       AF_UNSPEC
#define PF_UNIX         AF_UNIX
#define PF_INET         AF_INET
#define PF_INET6        AF_INET6
#define PF_NETLINK      AF_NETLINK

#define SOCK_STREAM     1
#define SOCK_DGRAM      2
#define SOCK_RAW        3
#define SOCK_RDM        4
#define SOCK_SEQPACKET  5
#define SOCK_MAX        (SOCK_SEQPACKET + 1)
#define SOCK_TYPE_MASK  0xf
#define SOCK_CLOEXEC    02000000        /* O_CLOEXEC */
#define SOCK_NONBLOCK   04000           /* O_NONBLOCK */

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

#define _K_SS_MAXSIZE   128
struct sockaddr_storage {
	sa_family_t ss_family;
	char __data[_K_SS_MAXSIZE - sizeof(unsigned short)];
} __attribute__((aligned(8)));

struct user_msghdr {
	void __user *msg_name;
	int msg_namelen;
	struct iovec __user *msg_iov;
	size_t msg_iovlen;
	void __user *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

struct mmsghdr {
	struct user_msghdr msg_hdr;
	unsigned int msg_len;
};

struct cmsghdr {
	size_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};
#define CMSG_ALIGN(len)  (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_LEN(len)    (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_SPACE(len)  (CMSG_ALIGN(sizeof(struct cmsghdr)) + CMSG_ALIGN(len))
#define SCM_RIGHTS       0x01
#define SCM_CREDENTIALS  0x02

struct linger { int l_onoff; int l_linger; };
struct ucred { u32 pid; u32 uid; u32 gid; };

#define SHUT_RD         0
#define SHUT_WR         1
#define SHUT_RDWR       2

#define MSG_OOB         0x1
#define MSG_PEEK        0x2
#define MSG_DONTROUTE   0x4
#define MSG_CTRUNC      0x8
#define MSG_PROBE       0x10
#define MSG_TRUNC       0x20
#define MSG_DONTWAIT    0x40
#define MSG_EOR         0x80
#define MSG_WAITALL     0x100
#define MSG_FIN         0x200
#define MSG_SYN         0x400
#define MSG_CONFIRM     0x800
#define MSG_RST         0x1000
#define MSG_ERRQUEUE    0x2000
#define MSG_NOSIGNAL    0x4000
#define MSG_MORE        0x8000
#define MSG_WAITFORONE  0x10000
#define MSG_BATCH       0x40000
#define MSG_ZEROCOPY    0x4000000
#define MSG_FASTOPEN    0x20000000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SOL_IP          0
#define SOL_TCP         6
#define SOL_UDP         17
#define SOL_IPV6        41
#define SOL_ICMPV6      58
#define SOL_RAW         255
#define SOL_NETLINK     270
#define SOL_SOCKET      1

#define SO_DEBUG        1
#define SO_REUSEADDR    2
#define SO_TYPE         3
#define SO_ERROR        4
#define SO_DONTROUTE    5
#define SO_BROADCAST    6
#define SO_SNDBUF       7
#define SO_RCVBUF       8
#define SO_KEEPALIVE    9
#define SO_OOBINLINE    10
#define SO_NO_CHECK     11
#define SO_PRIORITY     12
#define SO_LINGER       13
#define SO_BSDCOMPAT    14
#define SO_REUSEPORT    15
#define SO_PASSCRED     16
#define SO_PEERCRED     17
#define SO_RCVLOWAT     18
#define SO_SNDLOWAT     19
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_BINDTODEVICE 25
#define SO_TIMESTAMP_OLD 29
#define SO_ACCEPTCONN   30
#define SO_PEERSEC      31
#define SO_SNDBUFFORCE  32
#define SO_RCVBUFFORCE  33
#define SO_MARK         36
#define SO_PROTOCOL     38
#define SO_DOMAIN       39
#define SO_RXQ_OVFL     40
#define SO_BUSY_POLL    46
#define SO_PEEK_OFF     42
#define SO_INCOMING_CPU 49
#define SO_INCOMING_NAPI_ID 56
#define SO_ATTACH_REUSEPORT_CBPF 51
#define SO_ATTACH_REUSEPORT_EBPF 52
#define SO_COOKIE       57
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define SO_DETACH_REUSEPORT_BPF 68
#define SO_RCVTIMEO     SO_RCVTIMEO_OLD
#define SO_SNDTIMEO     SO_SNDTIMEO_OLD

#define SOMAXCONN       4096

/* Socket ioctls (asm-generic/sockios.h, linux/sockios.h) */
#define FIOSETOWN       0x8901
#define SIOCSPGRP       0x8902
#define FIOGETOWN       0x8903
#define SIOCGPGRP       0x8904
#define SIOCATMARK      0x8905
#define SIOCGSTAMP_OLD  0x8906
#define SIOCINQ         0x541B          /* FIONREAD */
#define SIOCOUTQ        0x5411          /* TIOCOUTQ */
#define SIOCOUTQNSD     0x894B
#define SIOCADDRT       0x890B
#define SIOCDELRT       0x890C
#define SIOCGIFNAME     0x8910
#define SIOCGIFCONF     0x8912
#define SIOCGIFFLAGS    0x8913
#define SIOCSIFFLAGS    0x8914
#define SIOCGIFADDR     0x8915
#define SIOCSIFADDR     0x8916
#define SIOCGIFDSTADDR  0x8917
#define SIOCSIFDSTADDR  0x8918
#define SIOCGIFBRDADDR  0x8919
#define SIOCSIFBRDADDR  0x891a
#define SIOCGIFNETMASK  0x891b
#define SIOCSIFNETMASK  0x891c
#define SIOCGIFMETRIC   0x891d
#define SIOCSIFMETRIC   0x891e
#define SIOCGIFMTU      0x8921
#define SIOCSIFMTU      0x8922
#define SIOCSIFHWADDR   0x8924
#define SIOCGIFHWADDR   0x8927
#define SIOCGIFINDEX    0x8933
#define SIOCGIFTXQLEN   0x8942
#define SIOCSIFTXQLEN   0x8943
#define SIOCETHTOOL     0x8946
#define SIOCDARP        0x8953
#define SIOCGARP        0x8954
#define SIOCSARP        0x8955

#endif
