/*
 * Argument pools: for each kind of argument (fuzz.h), a value that is
 * sometimes right, sometimes at a boundary and sometimes plainly wrong.
 * Everything a pool hands out that points somewhere points into memory
 * the worker made for the purpose (or at nothing), so a call that writes
 * through a pointer never scribbles on the worker's own stack or state.
 */
#include "fuzz.h"

#include <fcntl.h>
#include <sched.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define PAGE		4096UL
#define KERNEL_HALF	0xffffffc000000000UL
#define NFD		64		/* descriptors a worker keeps for calls */
#define BUFSZ		(64 * 1024)	/* the valid data buffer, then PROT_NONE */
#define PLAY_PAGES	64		/* the worker's own mmap playground */

const char *scratch_dir = "/tmp/fuzz";

static __thread uint64_t rng_state;	/* one generator per thread */

/* splitmix64: small, fast, and one 64-bit seed replays a whole worker */
uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rnd_seed(uint64_t seed)
{
	rng_state = seed;
}

uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

#define PICK(arr) ((arr)[rnd_below(sizeof(arr) / sizeof((arr)[0]))])

static int fds[NFD];
static int nfds;
static int closed_fd = -1;
static int child_pid;		/* the last child clone made, or 0 */
static unsigned short tcp_port, udp_port;

static char *databuf;		/* BUFSZ of random bytes, guard page after */
static char *structbuf;		/* msghdr, iovecs, sockaddrs, timespecs: 4 pages */
static char *ropage;		/* a read-only page */
static char *straddle;		/* a page whose next page is PROT_NONE */
static char *hole;		/* a page that was mapped and is not any more */
static char *play;		/* PLAY_PAGES for munmap, mprotect, mremap, ... */
static unsigned long brk0;

static void add_fd(int fd)
{
	if (fd < 0)
		return;
	if (nfds < NFD)
		fds[nfds++] = fd;
	else
		fds[rnd_below(NFD)] = fd;
}

/* ---------------------------------------------------------- descriptors */

static void tcp_pair(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l, c;

	l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (l < 0 || bind(l, (void *)&a, sizeof(a)) < 0 || listen(l, 8) < 0 ||
	    getsockname(l, (void *)&a, &len) < 0)
		return;
	tcp_port = ntohs(a.sin_port);
	add_fd(l);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c >= 0 && connect(c, (void *)&a, sizeof(a)) == 0) {
		add_fd(c);
		add_fd(accept(l, NULL, NULL));
	}
}

static void udp_sock(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int u = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (u < 0 || bind(u, (void *)&a, sizeof(a)) < 0 ||
	    getsockname(u, (void *)&a, &len) < 0)
		return;
	udp_port = ntohs(a.sin_port);
	connect(u, (void *)&a, sizeof(a));	/* talks to itself */
	add_fd(u);
	add_fd(socket(AF_INET6, SOCK_DGRAM, 0));
}

static void unix_socks(int worker)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int sv[2], l;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		add_fd(sv[0]);
		add_fd(sv[1]);
	}
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0) {
		add_fd(sv[0]);
		add_fd(sv[1]);
	}
	snprintf(a.sun_path, sizeof(a.sun_path), "s%d", worker);
	unlink(a.sun_path);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l >= 0 && bind(l, (void *)&a, sizeof(a)) == 0 && listen(l, 4) == 0)
		add_fd(l);
	add_fd(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
}

static void make_fds(int worker)
{
	char name[32];
	sigset_t set;
	int p[2];

	snprintf(name, sizeof(name), "w%d", worker);
	add_fd(open(name, O_RDWR | O_CREAT | O_TRUNC, 0644));
	add_fd(open("f0", O_RDWR));
	add_fd(open(".", O_RDONLY | O_DIRECTORY));
	add_fd(open("d0", O_RDONLY | O_DIRECTORY));
	if (pipe2(p, O_NONBLOCK) == 0) {
		add_fd(p[0]);
		add_fd(p[1]);
	}
	if (pipe(p) == 0) {
		add_fd(p[0]);
		add_fd(p[1]);
	}
	add_fd(eventfd(0, 0));
	add_fd(epoll_create1(0));
	add_fd(timerfd_create(CLOCK_MONOTONIC, 0));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	add_fd(signalfd(-1, &set, 0));
	tcp_pair();
	udp_sock();
	unix_socks(worker);
	add_fd(open("/dev/null", O_RDWR));
	add_fd(open("/proc/self/status", O_RDONLY));
	add_fd(open("/proc/self/maps", O_RDONLY));
	add_fd(open("/proc/meminfo", O_RDONLY));
	add_fd(memfd_create("fuzz", 0));
	closed_fd = open("/dev/null", O_RDONLY);
	close(closed_fd);
}

static long fd_arg(int dirfd)
{
	switch (rnd_below(16)) {
	case 0: return -1;
	case 1: return 1 << 20;
	case 2: return closed_fd;
	case 3: return rnd_below(80);
	case 4: return dirfd ? AT_FDCWD : 0x7fffffff;
	case 5: case 6: return dirfd ? AT_FDCWD : fds[rnd_below(nfds)];
	default: return nfds ? fds[rnd_below(nfds)] : -1;
	}
}

/* ------------------------------------------------------------- pointers */

static char *map(size_t len, int prot)
{
	char *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void make_memory(void)
{
	char *p;

	databuf = map(BUFSZ + PAGE, PROT_READ | PROT_WRITE);
	if (databuf)
		mprotect(databuf + BUFSZ, PAGE, PROT_NONE);
	structbuf = map(4 * PAGE, PROT_READ | PROT_WRITE);
	ropage = map(PAGE, PROT_READ);
	p = map(2 * PAGE, PROT_READ | PROT_WRITE);
	if (p) {
		mprotect(p + PAGE, PAGE, PROT_NONE);
		straddle = p;
	}
	hole = map(PAGE, PROT_READ);
	if (hole)
		munmap(hole, PAGE);
	play = map(PLAY_PAGES * PAGE, PROT_READ | PROT_WRITE);
	brk0 = (unsigned long)sbrk(0);
}

/* A bad pointer, or a valid one into the data buffer. */
static unsigned long ptr_arg(void)
{
	switch (rnd_below(20)) {
	case 0: return 0;
	case 1: return KERNEL_HALF + rnd_below(1 << 20) * 8;
	case 2: return (unsigned long)hole;
	case 3: return (unsigned long)databuf + 1 + rnd_below(7);
	case 4: return (unsigned long)straddle + PAGE - 1 - rnd_below(32);
	case 5: return (unsigned long)ropage;
	case 6: return (unsigned long)databuf + BUFSZ - rnd_below(64);
	case 7: return ~0UL - rnd_below(PAGE);
	case 8: return 0x4000000000UL;		/* above sv39's user half */
	case 9: case 10: case 11:
		return (unsigned long)structbuf + rnd_below(4 * PAGE / 8) * 8;
	default: return (unsigned long)databuf + rnd_below(BUFSZ / 8) * 8;
	}
}

/* Fill the structure area: sockaddrs, iovecs, msghdrs, timespecs, paths. */
static struct sockaddr_storage *sa_slots;	/* 4 */
static struct iovec *iov_slots;		/* 16 */
static struct mmsghdr *msg_slots;		/* 4 */
static struct timespec *ts_slots;		/* 8 */
static uint64_t *sigset_slots;			/* 4 */
/* capset data (two v3 structs) with every bit: capset with it drops nothing */
static const uint32_t capdata_all[6] = { ~0U, ~0U, ~0U, ~0U, ~0U, ~0U };
static socklen_t *len_slot;
static char *ctl_slot;				/* 256 */

static void fill_sockaddr(struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (void *)ss;
	struct sockaddr_in6 *in6 = (void *)ss;
	struct sockaddr_un *un = (void *)ss;
	struct sockaddr_nl *nl = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	switch (rnd_below(7)) {
	case 0: case 1:
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		in->sin_port = htons(PICK(((unsigned short[]){ tcp_port, udp_port, 0, 7 })));
		break;
	case 2:
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		in6->sin6_port = htons(tcp_port);
		break;
	case 3:
		un->sun_family = AF_UNIX;
		snprintf(un->sun_path, sizeof(un->sun_path), "s%d", (int)rnd_below(4));
		if (rnd_below(2))
			un->sun_path[0] = 0;	/* abstract */
		break;
	case 4:
		nl->nl_family = AF_NETLINK;
		nl->nl_groups = rnd();
		break;
	case 5:
		ss->ss_family = rnd_below(48);
		break;
	default:
		for (size_t i = 0; i < sizeof(*ss); i++)
			((char *)ss)[i] = rnd();
	}
}

static unsigned long len_arg(void);

static void fill_iov(struct iovec *iov)
{
	iov->iov_base = (void *)(rnd_below(4) ? (unsigned long)databuf + rnd_below(BUFSZ) : ptr_arg());
	iov->iov_len = rnd_below(4) ? rnd_below(4096) : len_arg();
}

static void fill_msghdr(struct msghdr *m)
{
	struct cmsghdr *c = (void *)ctl_slot;

	m->msg_name = rnd_below(3) ? NULL : (void *)&sa_slots[rnd_below(4)];
	m->msg_namelen = rnd_below(2) ? sizeof(struct sockaddr_in) : len_arg();
	m->msg_iov = rnd_below(8) ? &iov_slots[rnd_below(8)] : (void *)ptr_arg();
	m->msg_iovlen = rnd_below(8) ? rnd_below(8) : len_arg();
	m->msg_control = NULL;
	m->msg_controllen = 0;
	if (rnd_below(3) == 0) {
		m->msg_control = ctl_slot;
		m->msg_controllen = rnd_below(2) ? 256 : len_arg();
		c->cmsg_len = rnd_below(2) ? CMSG_LEN(sizeof(int) * 2) : len_arg();
		c->cmsg_level = rnd_below(2) ? SOL_SOCKET : rnd_below(300);
		c->cmsg_type = rnd_below(2) ? SCM_RIGHTS : rnd_below(4);
		((int *)CMSG_DATA(c))[0] = fd_arg(0);
		((int *)CMSG_DATA(c))[1] = fd_arg(0);
	}
	m->msg_flags = rnd();
}

static void fill_timespec(struct timespec *ts)
{
	static const long secs[] = { 0, 0, 0, 0, 1, -1, 0x7fffffff, -0x7fffffffffffffffL };
	static const long nsecs[] = { 0, 1, 1000, 100000, 999999999, 1000000000, -1 };

	ts->tv_sec = PICK(secs);
	ts->tv_nsec = PICK(nsecs);
}

/* Fresh random contents for every buffer the pools point into. */
void pool_refresh(void)
{
	char *s = structbuf;
	int i;

	if (!databuf || !structbuf)
		return;
	for (i = 0; i < BUFSZ / 8; i += 1 + rnd_below(16))
		((uint64_t *)databuf)[i] = rnd_below(4) ? rnd() : 0;
	sa_slots = (void *)s;			s += 4 * sizeof(*sa_slots);
	iov_slots = (void *)s;			s += 16 * sizeof(*iov_slots);
	msg_slots = (void *)s;			s += 4 * sizeof(*msg_slots);
	ts_slots = (void *)s;			s += 8 * sizeof(*ts_slots);
	sigset_slots = (void *)s;		s += 4 * sizeof(*sigset_slots);
	len_slot = (void *)s;			s += 16;
	ctl_slot = s;
	for (i = 0; i < 4; i++)
		fill_sockaddr(&sa_slots[i]);
	for (i = 0; i < 16; i++)
		fill_iov(&iov_slots[i]);
	for (i = 0; i < 4; i++) {
		fill_msghdr(&msg_slots[i].msg_hdr);
		msg_slots[i].msg_len = rnd();
	}
	for (i = 0; i < 8; i++)
		fill_timespec(&ts_slots[i]);
	/* masks leave SIGALRM alone, so a blocked call still returns */
	sigset_slots[0] = 0;
	sigset_slots[1] = ~0UL & ~(1UL << (SIGALRM - 1));
	sigset_slots[2] = rnd() & ~(1UL << (SIGALRM - 1));
	sigset_slots[3] = 1UL << (SIGUSR1 - 1);
	*len_slot = rnd_below(2) ? sizeof(struct sockaddr_storage) : len_arg();
}

/* ---------------------------------------------------------------- paths */

static const char *const paths[] = {
	"f0", "f1", "f2", "d0", "d0/f", "d0/d", "p0", "l0", "l1", "s0", "s1",
	"new0", "new1", "d1", "d1/x", "", ".", "d0/../f1", "m0",
	"f0/", "nonexistent/x", "l0/x",
};
static const char *const rpaths[] = {
	"/dev/null", "/proc/self/status", "/proc/self/maps", "/proc/self/fd",
	"/proc/self/exe", "/proc/meminfo", "/proc/self/cwd",
};
static char longpath[5000];

static unsigned long path_arg(int readonly)
{
	unsigned r = rnd_below(24);

	if (r == 0)
		return ptr_arg();
	if (r == 1)	/* runs into the PROT_NONE page without a NUL */
		return (unsigned long)straddle + PAGE - 1 - rnd_below(8);
	if (r == 2)
		return (unsigned long)longpath + rnd_below(sizeof(longpath) - 1);
	if (readonly && r < 6)
		return (unsigned long)PICK(rpaths);
	return (unsigned long)PICK(paths);
}

/* -------------------------------------------------------------- numbers */

static unsigned long len_arg(void)
{
	static const unsigned long lens[] = {
		0, 1, 2, 4, 8, 16, 64, 100, 128, 1000, 4095, 4096, 4097,
		8192, 65536, 1 << 20, 1UL << 40, ~0UL, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000UL, (unsigned long)-4096,
	};

	if (rnd_below(3) == 0)
		return rnd_below(512);
	return PICK(lens);
}

static unsigned long int_arg(void)
{
	static const unsigned long ints[] = {
		0, 1, 2, 3, 4, 5, 8, 16, 64, 128, 255, 256, 1024, 0x7fffffff,
		0x80000000, 0xffffffff, ~0UL, 0x7fffffffffffffffUL,
	};

	switch (rnd_below(4)) {
	case 0: return rnd_below(16);
	case 1: return rnd();
	default: return PICK(ints);
	}
}

static unsigned long flags_arg(void)
{
	switch (rnd_below(6)) {
	case 0: return 0;
	case 1: return rnd();
	case 2: return rnd() & 0xffffffff;
	default: return 1UL << rnd_below(32) | (rnd_below(2) ? 1UL << rnd_below(32) : 0);
	}
}

static unsigned long off_arg(void)
{
	static const unsigned long offs[] = {
		0, 1, 4096, 4095, 65536, 1UL << 31, 1UL << 32, 1UL << 40,
		0x7fffffffffffffffUL, (unsigned long)-1, (unsigned long)-4096,
	};

	return rnd_below(3) ? rnd_below(8192) : PICK(offs);
}

static unsigned long pid_arg(int kill)
{
	int me = getpid();

	switch (rnd_below(kill ? 5 : 7)) {
	case 0: return 0;
	case 1: return me;
	case 2: return child_pid ? child_pid : me;
	case 3: return 0x3fffffff;		/* no such process */
	case 4: return kill ? -me : 0x80000000UL;
	case 5: return -1;
	default: return rnd();
	}
}

static unsigned long madr_arg(void)
{
	switch (rnd_below(10)) {
	case 0: return 0;
	case 1: return KERNEL_HALF;
	case 2: return (unsigned long)hole;
	case 3: return (unsigned long)play + rnd_below(PLAY_PAGES * PAGE);
	case 4: return 0x4000000000UL;		/* just above sv39's user half */
	default: return (unsigned long)play + rnd_below(PLAY_PAGES) * PAGE;
	}
}

static unsigned long mlen_arg(void)
{
	if (rnd_below(6) == 0)
		return len_arg();
	return (1 + rnd_below(PLAY_PAGES / 4)) * PAGE - (rnd_below(8) == 0);
}

static unsigned long clone_flags(void)
{
	/* never flags that would have the child share or scribble on the worker */
	const unsigned long no = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND |
		CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
		CLONE_CHILD_CLEARTID | CLONE_PARENT | CLONE_PTRACE | CLONE_PIDFD;

	return ((rnd_below(2) ? flags_arg() : 0) & ~no & 0xffffffffUL) |
	       (rnd_below(4) ? SIGCHLD : rnd_below(65));
}

static unsigned long sched_attr_arg(void)
{
	uint32_t *a = (uint32_t *)(structbuf + 3 * PAGE);

	if (rnd_below(8) == 0)
		return ptr_arg();
	memset(a, 0, 64);
	a[0] = rnd_below(2) ? 48 : (rnd_below(2) ? rnd_below(200) : rnd());
	a[1] = PICK(((uint32_t[]){ 0, 3, 5, 6, 7, 99 }));	/* never FIFO or RR */
	*(uint64_t *)&a[2] = rnd_below(2) ? 0 : rnd();		/* sched_flags */
	a[4] = rnd_below(40) - 20;				/* nice */
	a[5] = rnd_below(100);					/* priority */
	return (unsigned long)a;
}

/* ------------------------------------------------------------ the pools */

/* 32-bit arguments: now and then garbage above bit 31 the kernel must drop */
static unsigned long int32(unsigned long v)
{
	return rnd_below(16) == 0 ? (v & 0xffffffffUL) | (rnd() << 32) : v;
}

unsigned long pool_arg(int kind)
{
	switch (kind) {
	case K_INT:	return int32(int_arg());
	case K_FD:	return int32(fd_arg(0));
	case K_DIRFD:	return int32(fd_arg(1));
	case K_PATH:	return path_arg(0);
	case K_RPATH:	return path_arg(1);
	case K_MNTPATH:	return rnd_below(8) ? (unsigned long)PICK(((const char *[]){ "m0", "m1" }))
					    : ptr_arg();
	case K_FSTYPE:	return rnd_below(8) ? (unsigned long)PICK(((const char *[]){
					"tmpfs", "proc", "devtmpfs", "none", "xfs" }))
					    : ptr_arg();
	case K_BUF:	return ptr_arg();
	case K_LEN:	return len_arg();
	case K_OFF:	return off_arg();
	case K_FLAGS:	return int32(flags_arg());
	case K_OFLAGS:	return int32(PICK(((unsigned long[]){ O_RDONLY, O_WRONLY, O_RDWR })) |
				 (rnd_below(2) ? flags_arg() & 0x7fffff : 0));
	case K_MODE:	return int32(rnd_below(2) ? PICK(((unsigned long[]){
					0644, 0, 0777, 07777, S_IFIFO | 0600, S_IFREG | 0600,
					S_IFSOCK | 0600, S_IFCHR | 0600, S_IFDIR | 0755 }))
				 : rnd());
	case K_PID:	return int32(pid_arg(0));
	case K_KPID:	return int32(pid_arg(1));
	case K_SIG:	return int32(rnd_below(8) ? rnd_below(66) : int_arg());
	case K_UID:	return int32(PICK(((unsigned long[]){ 0, 1000, 65534, -1, 0x7fffffff })));
	case K_CLOCK:	return int32(rnd_below(4) ? rnd_below(12) : int_arg());
	case K_TS:	return rnd_below(6) ? (unsigned long)&ts_slots[rnd_below(8)] : ptr_arg();
	case K_SIGSET:	return rnd_below(6) ? (unsigned long)&sigset_slots[rnd_below(4)] : ptr_arg();
	case K_SIGSZ:	return rnd_below(4) ? 8 : PICK(((unsigned long[]){ 0, 4, 16, 128, ~0UL }));
	case K_SOCKADDR: return rnd_below(6) ? (unsigned long)&sa_slots[rnd_below(4)] : ptr_arg();
	case K_SOCKLEN:	return rnd_below(2) ? PICK(((unsigned long[]){ 16, 28, 110, 12, 128 }))
					    : int32(len_arg());
	case K_SOCKLENP: return rnd_below(6) ? (unsigned long)len_slot : ptr_arg();
	case K_IOV:	return rnd_below(6) ? (unsigned long)&iov_slots[rnd_below(8)] : ptr_arg();
	case K_IOVCNT:	return rnd_below(4) ? rnd_below(9) : int32(PICK(((unsigned long[]){
					1024, 1025, 0x7fffffff, -1 })));
	case K_MSGHDR:	return rnd_below(6) ? (unsigned long)&msg_slots[rnd_below(4)] : ptr_arg();
	case K_FAMILY:	return int32(rnd_below(4) ? PICK(((unsigned long[]){
					AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, 0 }))
				 : int_arg());
	case K_STYPE:	return int32((rnd_below(4) ? PICK(((unsigned long[]){
					SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET }))
				  : int_arg()) |
				 (rnd_below(2) ? SOCK_NONBLOCK | SOCK_CLOEXEC : 0));
	case K_PROTO:	return int32(rnd_below(2) ? 0 : PICK(((unsigned long[]){
					IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, 255, 1000 })));
	case K_LEVEL:	return int32(rnd_below(5) ? PICK(((unsigned long[]){
					SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6,
					IPPROTO_UDP, 270 /* SOL_NETLINK */ }))
				 : int_arg());
	case K_OPTNAME:	return int32(rnd_below(4) ? rnd_below(70) : int_arg());
	case K_FCNTL:	return int32(rnd_below(4) ? rnd_below(48) :
				 PICK(((unsigned long[]){ 1024, 1025, 1026, 1030, 1031,
							  1032, 1033, 1034, 0x7fffffff })));
	case K_IOCTL:	return rnd_below(4) ? rnd() : PICK(((unsigned long[]){
					0x5401, 0x5413, 0x541b, 0x5421, 0x5451, 0x5450,
					0x8912, 0x8913, 0x8933, 0x8927, 0x8915, 0x8910 }));
	case K_FUTEXOP:	return int32(rnd_below(14) | (rnd_below(2) ? 128 : 0) |
				 (rnd_below(8) == 0 ? 256 : 0));
	case K_MADDR:	return madr_arg();
	case K_MLEN:	return mlen_arg();
	case K_PROT:	return int32(rnd_below(4) ? rnd_below(8) : flags_arg());
	case K_MFLAGS:	return int32(PICK(((unsigned long[]){ MAP_PRIVATE, MAP_SHARED, 3, 0 })) |
				 (rnd_below(2) ? MAP_ANONYMOUS : 0) |
				 (rnd_below(4) == 0 ? MAP_FIXED : 0) |
				 (rnd_below(4) == 0 ? flags_arg() & 0x1fffff : 0));
	case K_BRK:	return PICK(((unsigned long[]){ 0, brk0, brk0 + PAGE, brk0 + (1 << 20),
						       brk0 - PAGE, KERNEL_HALF, ~0UL }));
	case K_CLONEF:	return clone_flags();
	case K_SYSLOG:	return int32(PICK(((unsigned long[]){ 0, 1, 2, 3, 4, 9, 10, 11, -1, 100 })));
	case K_SCHEDPOL: return int32(PICK(((unsigned long[]){ 0, 3, 5, 6, 7, -1,
							       0x40000000, 0x40000003 })));
	case K_SCHEDATTR: return sched_attr_arg();
	case K_PRCTL:	return int32(rnd_below(4) ? rnd_below(72) : int_arg());
	case K_RLIM:	return int32(rnd_below(4) ? rnd_below(17) : int_arg());
	case K_SETID:	return int32(rnd_below(2) ? 0 : -1);
	case K_CAPDATA:	return rnd_below(6) ? (unsigned long)capdata_all : ptr_arg();
	default:	return 0;
	}
}

/* New descriptors join the pool; a new child is a pid to aim signals at. */
void pool_note_result(long nr, long ret)
{
	switch (nr) {
	case 19: case 20: case 23: case 24: case 56: case 85: case 74:
	case 198: case 202: case 242: case 279:
		if (ret >= 0 && ret < 4096)
			add_fd(ret);
		break;
	case 220: case 435:
		if (ret > 0)
			child_pid = ret;
		break;
	}
}

void pool_init(int worker)
{
	nfds = 0;
	child_pid = 0;
	memset(longpath, 'a', sizeof(longpath) - 1);
	for (size_t i = 100; i < sizeof(longpath) - 1; i += 100)
		longpath[i] = '/';
	make_memory();
	make_fds(worker);
	pool_refresh();
}
