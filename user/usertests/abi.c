/*
 * The system call ABI at the register level.
 *
 * Upper bits (abi_upper_bits): a 32-bit argument (int fd, unsigned flags,
 * int nfds, pid_t, ...) arrives in a 64-bit register whose upper half user
 * space need not clear; the kernel must truncate it exactly as Linux's
 * system call wrappers do. Each row of upper_calls runs twice, each time
 * in a fresh child that builds the same fixture: once with clean
 * registers, once with garbage in the upper half of every 32-bit argument.
 * The two runs must end the same way (same return value or errno, same
 * exit status), and each must return: an alarm kills a child whose call
 * does not, and that counts as a failure.
 *
 * Bad descriptors (abi_bad_fd, abi_bad_fd_sock, abi_bad_fd_poll): every
 * call that takes a descriptor fails with EBADF for -1, for a closed
 * descriptor and for one far beyond the table; the socket calls fail with
 * ENOTSOCK on a pipe; poll reports POLLNVAL.
 *
 * Calls go through rsys()/syscall(), which pass all 64 bits of each
 * argument, so libc neither cleans the registers nor checks anything first.
 */
#include "usertests.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define GARBAGE		0xdeadbeef00000000ul	/* the upper half we add */
#define CALL_TIMEOUT	10			/* seconds before the alarm */

/* Descriptors the fixture installs, by number. */
enum {
	FD_FILE = 100,	/* /tmp file, 16 bytes, O_RDWR */
	FD_PIPE_R,	/* pipe with 8 bytes in it */
	FD_PIPE_W,
	FD_DIR,		/* the test's directory in /tmp */
	FD_UDP,		/* UDP on 127.0.0.1, connected to itself, one datagram queued */
	FD_TCP,		/* unbound TCP socket */
	FD_LISTEN,	/* non-blocking listening TCP socket */
	FD_CLOSED,	/* never open */
};

/* Pointer placeholders, resolved in the child (see resolve()). */
enum {
	P_BASE = 0x7e570000,
	P_BUF, P_TMP, P_FILE, P_NONE, P_NEWDIR, P_NEWNODE, P_LINK, P_TARGET,
	P_NEWLINK, P_RENA, P_RENB, P_HARD, P_NAME, P_FDS2, P_IOV, P_MSG,
	P_MMSG, P_PFD, P_FDSET, P_TS0, P_ADDR, P_ADDRLEN, P_UDPADDR, P_ONE,
	P_INT, P_INTLEN, P_PAGE, P_ITV0, P_PARAM0, P_FUTEX, P_SELF, P_TID,
	P_BUF2, P_MASK, P_ANYADDR,
};

static char dir[64];		/* /tmp/ut-<pid>-abi, made by the parent */
static char buf[8192], buf2[256];
static unsigned long cpu_mask;
static struct iovec iov;
static struct msghdr msg;
static struct mmsghdr mmsg;
static struct pollfd pfd;
static fd_set fdset;
static struct timespec ts0;
static struct sockaddr_in udp_addr, any_addr, addr_out;
static socklen_t addr_len, int_len;
static int one = 1, int_out, fds2[2];
static struct itimerval itv0;
static struct sched_param param0;
static unsigned int futex_word = 5;
static void *page;

static char *path(const char *name)
{
	static char p[16][96];
	static int next;
	char *s = p[next++ % 16];

	snprintf(s, sizeof(p[0]), "%s/%s", dir, name);
	return s;
}

static long resolve(long a)
{
	switch (a) {
	case P_BUF:	return (long)buf;
	case P_TMP:	return (long)"/tmp";
	case P_FILE:	return (long)path("file");
	case P_NONE:	return (long)"abi-none";	/* relative, absent */
	case P_NEWDIR:	return (long)"newdir";
	case P_NEWNODE:	return (long)"fifo";
	case P_LINK:	return (long)path("link");
	case P_TARGET:	return (long)"target";
	case P_NEWLINK:	return (long)"newlink";
	case P_RENA:	return (long)"rena";
	case P_RENB:	return (long)"renb";
	case P_HARD:	return (long)"hard";
	case P_NAME:	return (long)"file";		/* relative to FD_DIR */
	case P_FDS2:	return (long)fds2;
	case P_IOV:	return (long)&iov;
	case P_MSG:	return (long)&msg;
	case P_MMSG:	return (long)&mmsg;
	case P_PFD:	return (long)&pfd;
	case P_FDSET:	return (long)&fdset;
	case P_TS0:	return (long)&ts0;
	case P_ADDR:	return (long)&addr_out;
	case P_ADDRLEN:	return (long)&addr_len;
	case P_UDPADDR:	return (long)&udp_addr;
	case P_ANYADDR:	return (long)&any_addr;
	case P_ONE:	return (long)&one;
	case P_INT:	return (long)&int_out;
	case P_INTLEN:	return (long)&int_len;
	case P_PAGE:	return (long)page;
	case P_ITV0:	return (long)&itv0;
	case P_PARAM0:	return (long)&param0;
	case P_FUTEX:	return (long)&futex_word;
	case P_SELF:	return getpid();
	case P_TID:	return gettid();
	case P_BUF2:	return (long)buf2;
	case P_MASK:	return (long)&cpu_mask;
	}
	return a;
}

static void install(int fd, int want)
{
	if (fd < 0)
		fail("fixture: errno %d (%s)", errno, strerrorname(errno));
	if (fd != want) {
		CHECK(dup2(fd, want) == want);
		close(fd);
	}
}

static void setup_sockets(void)
{
	socklen_t len = sizeof(udp_addr);
	int s;

	udp_addr = (struct sockaddr_in){ .sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	any_addr = udp_addr;
	install(socket(AF_INET, SOCK_DGRAM, 0), FD_UDP);
	CHECK_OK(bind(FD_UDP, (struct sockaddr *)&udp_addr, sizeof(udp_addr)));
	CHECK_OK(getsockname(FD_UDP, (struct sockaddr *)&udp_addr, &len));
	CHECK_OK(connect(FD_UDP, (struct sockaddr *)&udp_addr, len));
	CHECK(send(FD_UDP, "ping", 4, 0) == 4);
	install(socket(AF_INET, SOCK_STREAM, 0), FD_TCP);
	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	install(s, FD_LISTEN);
	CHECK_OK(bind(FD_LISTEN, (struct sockaddr *)&any_addr, sizeof(any_addr)));
	CHECK_OK(listen(FD_LISTEN, 4));
}

/* The same state in every child: files in dir, descriptors, buffers. */
static void setup_fixture(void)
{
	int p[2];

	close(FD_CLOSED);
	install(open(path("file"), O_RDWR | O_CREAT | O_TRUNC, 0600), FD_FILE);
	CHECK(write(FD_FILE, "0123456789abcdef", 16) == 16);
	CHECK(lseek(FD_FILE, 0, SEEK_SET) == 0);
	CHECK_OK(pipe(p));
	install(p[0], FD_PIPE_R);
	install(p[1], FD_PIPE_W);
	CHECK(write(FD_PIPE_W, "abcdefgh", 8) == 8);
	install(open(dir, O_RDONLY | O_DIRECTORY), FD_DIR);
	rmdir(path("newdir"));
	unlink(path("fifo"));
	unlink(path("link"));
	unlink(path("newlink"));
	unlink(path("renb"));
	unlink(path("hard"));
	CHECK_OK(symlink("target", path("link")));
	close(open(path("rena"), O_WRONLY | O_CREAT | O_TRUNC, 0600));
	setup_sockets();
	umask(022);
	iov = (struct iovec){ buf, 4 };
	msg = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	mmsg = (struct mmsghdr){ .msg_hdr = msg };
	pfd = (struct pollfd){ .fd = FD_PIPE_R, .events = POLLIN };
	FD_ZERO(&fdset);
	FD_SET(FD_PIPE_R, &fdset);
	addr_len = sizeof(addr_out);
	int_len = sizeof(int_out);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED);
	memset(buf2, 0, sizeof(buf2));
	CHECK(syscall(SYS_sched_getaffinity, 0, sizeof(cpu_mask), &cpu_mask) > 0);
}

static void cleanup_dir(void)
{
	static const char *const names[] = {
		"file", "fifo", "link", "newlink", "rena", "renb", "hard",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(path(names[i]));
	rmdir(path("newdir"));
	rmdir(dir);
}

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ut-%d-abi", (int)getpid());
	CHECK_OK(mkdir(dir, 0700));
}

/* ------------------------------------------------------------ upper bits */

#define A0	(1 << 0)	/* which arguments are 32 bits wide */
#define A1	(1 << 1)
#define A2	(1 << 2)
#define A3	(1 << 3)
#define A4	(1 << 4)
#define A5	(1 << 5)
#define ANY_OK	(1 << 8)	/* success values may differ (addresses) */

struct upper_call {
	const char *name;
	long nr;
	long args[6];
	int narrow;		/* A0..A5 for the 32-bit arguments, ANY_OK */
};

static const struct upper_call upper_calls[] = {
	{ "read", SYS_read, { FD_PIPE_R, P_BUF, 4 }, A0 },
	{ "write", SYS_write, { FD_PIPE_W, P_BUF, 4 }, A0 },
	{ "pread64", SYS_pread64, { FD_FILE, P_BUF, 4, 2 }, A0 },
	{ "pwrite64", SYS_pwrite64, { FD_FILE, P_BUF, 4, 2 }, A0 },
	{ "readv", SYS_readv, { FD_PIPE_R, P_IOV, 1 }, A0 },
	{ "writev", SYS_writev, { FD_PIPE_W, P_IOV, 1 }, A0 },
	{ "lseek", SYS_lseek, { FD_FILE, 2, SEEK_SET }, A0 | A2 },
	{ "close", SYS_close, { FD_FILE }, A0 },
	{ "close -1", SYS_close, { -1 }, A0 },
	{ "dup", SYS_dup, { FD_FILE }, A0 },
	{ "dup3", SYS_dup3, { FD_FILE, 50, O_CLOEXEC }, A0 | A1 | A2 },
	{ "fcntl F_GETFL", SYS_fcntl, { FD_FILE, F_GETFL }, A0 | A1 },
	{ "fcntl F_DUPFD", SYS_fcntl, { FD_FILE, F_DUPFD, 20 }, A0 | A1 | A2 },
	{ "fcntl F_SETFD", SYS_fcntl, { FD_FILE, F_SETFD, FD_CLOEXEC }, A0 | A1 | A2 },
	{ "ioctl FIONREAD", SYS_ioctl, { FD_PIPE_R, FIONREAD, P_INT }, A0 | A1 },
	{ "fstat", SYS_fstat, { FD_FILE, P_BUF }, A0 },
	{ "fstatfs", SYS_fstatfs, { FD_FILE, P_BUF }, A0 },
	{ "ftruncate", SYS_ftruncate, { FD_FILE, 8 }, A0 },
	{ "fallocate", SYS_fallocate, { FD_FILE, 0, 0, 4096 }, A0 | A1 },
	{ "fchmod", SYS_fchmod, { FD_FILE, 0640 }, A0 | A1 },
	{ "fchown", SYS_fchown, { FD_FILE, -1, -1 }, A0 | A1 | A2 },
	{ "fsync", SYS_fsync, { FD_FILE }, A0 },
	{ "fdatasync", SYS_fdatasync, { FD_FILE }, A0 },
	{ "flock", SYS_flock, { FD_FILE, LOCK_SH }, A0 | A1 },
	{ "fchdir", SYS_fchdir, { FD_DIR }, A0 },
	{ "getdents64", SYS_getdents64, { FD_DIR, P_BUF, sizeof(buf) }, A0 | A2 },
	{ "openat", SYS_openat, { AT_FDCWD, P_TMP, O_RDONLY | O_DIRECTORY, 0 },
	  A0 | A2 | A3 },
	{ "openat dirfd", SYS_openat, { FD_DIR, P_NAME, O_RDONLY }, A0 | A2 },
	{ "newfstatat", SYS_newfstatat, { AT_FDCWD, P_TMP, P_BUF, 0 }, A0 | A3 },
	{ "statx", SYS_statx, { AT_FDCWD, P_TMP, 0, 0x7ff, P_BUF }, A0 | A2 | A3 },
	{ "faccessat", SYS_faccessat, { AT_FDCWD, P_TMP, R_OK }, A0 | A2 },
	{ "fchmodat", SYS_fchmodat, { AT_FDCWD, P_FILE, 0600 }, A0 | A2 },
	{ "fchownat", SYS_fchownat, { AT_FDCWD, P_FILE, -1, -1, 0 },
	  A0 | A2 | A3 | A4 },
	{ "unlinkat", SYS_unlinkat, { FD_DIR, P_NONE, 0 }, A0 | A2 },
	{ "mkdirat", SYS_mkdirat, { FD_DIR, P_NEWDIR, 0700 }, A0 | A2 },
	{ "mknodat", SYS_mknodat, { FD_DIR, P_NEWNODE, S_IFIFO | 0600, 0 },
	  A0 | A2 | A3 },
	{ "readlinkat", SYS_readlinkat, { AT_FDCWD, P_LINK, P_BUF, 64 }, A0 | A3 },
	{ "symlinkat", SYS_symlinkat, { P_TARGET, FD_DIR, P_NEWLINK }, A1 },
	{ "linkat", SYS_linkat, { FD_DIR, P_NAME, FD_DIR, P_HARD, 0 },
	  A0 | A2 | A4 },
	{ "renameat2", SYS_renameat2, { FD_DIR, P_RENA, FD_DIR, P_RENB, 0 },
	  A0 | A2 | A4 },
	{ "utimensat", SYS_utimensat, { FD_FILE, 0, 0, 0 }, A0 | A3 },
	{ "umask", SYS_umask, { 027 }, A0 },
	{ "pipe2", SYS_pipe2, { P_FDS2, O_CLOEXEC }, A1 },
	{ "socket", SYS_socket, { AF_INET, SOCK_DGRAM, 0 }, A0 | A1 | A2 },
	{ "socketpair", SYS_socketpair, { AF_UNIX, SOCK_STREAM, 0, P_FDS2 },
	  A0 | A1 | A2 },
	/* port 0: any fixed port may be taken by another TCP socket */
	{ "bind", SYS_bind, { FD_TCP, P_ANYADDR, sizeof(struct sockaddr_in) },
	  A0 | A2 },
	{ "listen", SYS_listen, { FD_TCP, 5 }, A0 | A1 },
	{ "accept4", SYS_accept4, { FD_LISTEN, 0, 0, SOCK_CLOEXEC }, A0 | A3 },
	{ "accept", SYS_accept, { FD_LISTEN, 0, 0 }, A0 },
	{ "connect", SYS_connect, { FD_UDP, P_UDPADDR, sizeof(struct sockaddr_in) },
	  A0 | A2 },
	{ "getsockname", SYS_getsockname, { FD_UDP, P_ADDR, P_ADDRLEN }, A0 },
	{ "getpeername", SYS_getpeername, { FD_UDP, P_ADDR, P_ADDRLEN }, A0 },
	{ "sendto", SYS_sendto, { FD_UDP, P_BUF, 4, 0, 0, 0 }, A0 | A3 | A5 },
	{ "recvfrom", SYS_recvfrom, { FD_UDP, P_BUF, 64, MSG_DONTWAIT, 0, 0 },
	  A0 | A3 },
	{ "setsockopt", SYS_setsockopt,
	  { FD_UDP, SOL_SOCKET, SO_REUSEADDR, P_ONE, sizeof(int) },
	  A0 | A1 | A2 | A4 },
	{ "getsockopt", SYS_getsockopt,
	  { FD_UDP, SOL_SOCKET, SO_TYPE, P_INT, P_INTLEN }, A0 | A1 | A2 },
	{ "shutdown", SYS_shutdown, { FD_UDP, SHUT_RD }, A0 | A1 },
	{ "sendmsg", SYS_sendmsg, { FD_UDP, P_MSG, 0 }, A0 | A2 },
	{ "recvmsg", SYS_recvmsg, { FD_UDP, P_MSG, MSG_DONTWAIT }, A0 | A2 },
	{ "sendmmsg", SYS_sendmmsg, { FD_UDP, P_MMSG, 1, 0 }, A0 | A2 | A3 },
	{ "recvmmsg", SYS_recvmmsg, { FD_UDP, P_MMSG, 1, MSG_DONTWAIT, 0 },
	  A0 | A2 | A3 },
	{ "ppoll", SYS_ppoll, { P_PFD, 1, P_TS0, 0, 8 }, A1 },
	{ "pselect6", SYS_pselect6, { FD_PIPE_R + 1, P_FDSET, 0, 0, P_TS0, 0 }, A0 },
	{ "sendfile", SYS_sendfile, { FD_PIPE_W, FD_FILE, 0, 4 }, A0 | A1 },
	{ "mmap fd", SYS_mmap, { 0, 4096, PROT_READ, MAP_PRIVATE, FD_FILE, 0 },
	  A4 | ANY_OK },
	{ "madvise", SYS_madvise, { P_PAGE, 4096, MADV_NORMAL }, A2 },
	{ "msync", SYS_msync, { P_PAGE, 4096, MS_ASYNC }, A2 },
	{ "kill", SYS_kill, { P_SELF, 0 }, A0 | A1 },
	{ "tkill", SYS_tkill, { P_TID, 0 }, A0 | A1 },
	{ "tgkill", SYS_tgkill, { P_SELF, P_TID, 0 }, A0 | A1 | A2 },
	{ "getpriority", SYS_getpriority, { PRIO_PROCESS, 0 }, A0 | A1 },
	{ "setpriority", SYS_setpriority, { PRIO_PROCESS, 0, 0 }, A0 | A1 | A2 },
	{ "sched_getscheduler", SYS_sched_getscheduler, { 0 }, A0 },
	{ "sched_setscheduler", SYS_sched_setscheduler, { 0, SCHED_OTHER, P_PARAM0 },
	  A0 | A1 },
	{ "sched_getparam", SYS_sched_getparam, { 0, P_BUF }, A0 },
	{ "sched_setparam", SYS_sched_setparam, { 0, P_PARAM0 }, A0 },
	{ "sched_setaffinity", SYS_sched_setaffinity, { 0, sizeof(long), P_MASK },
	  A0 | A1 },
	{ "sched_get_priority_max", SYS_sched_get_priority_max, { SCHED_FIFO }, A0 },
	{ "sched_get_priority_min", SYS_sched_get_priority_min, { SCHED_FIFO }, A0 },
	{ "sched_getaffinity", SYS_sched_getaffinity, { 0, 128, P_BUF }, A0 | A1 },
	{ "getitimer", SYS_getitimer, { ITIMER_REAL, P_BUF }, A0 },
	{ "setitimer", SYS_setitimer, { ITIMER_REAL, P_ITV0, 0 }, A0 },
	{ "clock_gettime", SYS_clock_gettime, { CLOCK_MONOTONIC, P_BUF }, A0 },
	{ "clock_getres", SYS_clock_getres, { CLOCK_MONOTONIC, P_BUF }, A0 },
	{ "clock_settime", SYS_clock_settime, { CLOCK_MONOTONIC, P_TS0 }, A0 },
	{ "clock_nanosleep", SYS_clock_nanosleep,
	  { CLOCK_MONOTONIC, TIMER_ABSTIME, P_TS0, 0 }, A0 | A1 },
	{ "rt_sigprocmask", SYS_rt_sigprocmask, { SIG_BLOCK, 0, P_BUF, 8 }, A0 },
	{ "rt_sigaction", SYS_rt_sigaction, { SIGUSR1, 0, P_BUF, 8 }, A0 },
	/* signal 0 to ourselves: the checks only, nothing is delivered */
	{ "rt_sigqueueinfo", SYS_rt_sigqueueinfo, { P_SELF, 0, P_BUF2 }, A0 | A1 },
	{ "rt_tgsigqueueinfo", SYS_rt_tgsigqueueinfo, { P_SELF, P_TID, 0, P_BUF2 },
	  A0 | A1 | A2 },
	{ "getrusage", SYS_getrusage, { RUSAGE_SELF, P_BUF }, A0 },
	{ "prlimit64", SYS_prlimit64, { 0, RLIMIT_NOFILE, 0, P_BUF }, A0 | A1 },
	{ "getrlimit", SYS_getrlimit, { RLIMIT_NOFILE, P_BUF }, A0 },
	{ "wait4", SYS_wait4, { -1, 0, WNOHANG, 0 }, A0 | A2 },
	{ "waitid", SYS_waitid, { P_ALL, 0, P_BUF, WEXITED | WNOHANG, 0 },
	  A0 | A1 | A3 },
	{ "setpgid", SYS_setpgid, { 0, 0 }, A0 | A1 },
	{ "getpgid", SYS_getpgid, { 0 }, A0 },
	{ "getsid", SYS_getsid, { 0 }, A0 },
	{ "setuid", SYS_setuid, { 0 }, A0 },
	{ "setgid", SYS_setgid, { 0 }, A0 },
	{ "setreuid", SYS_setreuid, { -1, -1 }, A0 | A1 },
	{ "setresuid", SYS_setresuid, { -1, -1, -1 }, A0 | A1 | A2 },
	{ "setresgid", SYS_setresgid, { -1, -1, -1 }, A0 | A1 | A2 },
	{ "getgroups", SYS_getgroups, { 0, 0 }, A0 },
	{ "get_robust_list", SYS_get_robust_list, { 0, P_BUF, P_BUF2 }, A0 },
	{ "umount2", SYS_umount2, { P_NONE, 0 }, A1 },
	{ "futex wake", SYS_futex, { P_FUTEX, FUTEX_WAKE, 1, 0, 0, 0 }, A1 | A2 | A5 },
	/* equal value: the wait times out; a 64-bit compare would not wait */
	{ "futex wait", SYS_futex, { P_FUTEX, FUTEX_WAIT, 5, P_TS0, 0, 0 }, A1 | A2 },
	{ "getrandom", SYS_getrandom, { P_BUF, 16, 1 /* GRND_NONBLOCK */ }, A2 },
	{ "memfd_create", SYS_memfd_create, { P_NAME, 1 /* MFD_CLOEXEC */ }, A1 },
	{ "membarrier", SYS_membarrier, { 0 /* QUERY */, 0, 0 }, A0 | A1 | A2 },
	{ "syslog", SYS_syslog, { 10 /* SIZE_BUFFER */, 0, 0 }, A0 | A2 },
	{ "prctl", SYS_prctl, { PR_GET_DUMPABLE, 0, 0, 0, 0 }, A0 },
	{ "close_range", SYS_close_range, { 60, 70, 0 }, A0 | A1 | A2 },
	{ "faccessat2", SYS_faccessat2, { AT_FDCWD, P_TMP, R_OK, 0 }, A0 | A2 | A3 },
	{ "exit", SYS_exit, { 3 }, A0 },
	{ "exit_group", SYS_exit_group, { 3 }, A0 },
	{ NULL },
};

struct outcome {
	int returned;		/* the call came back (the child wrote ret) */
	long ret;		/* its value, or -errno */
	int status;		/* the child's wait status */
};

/* Run one row in a fresh child, with garbage upper bits if @dirty. */
static struct outcome run_upper(const struct upper_call *c, int dirty)
{
	struct outcome o = { 0 };
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		long a[6], r;

		close(p[0]);
		setup_fixture();
		for (int i = 0; i < 6; i++) {
			a[i] = resolve(c->args[i]);
			if (dirty && (c->narrow & (1 << i)))
				a[i] = (long)(GARBAGE | (uint32_t)a[i]);
		}
		alarm(CALL_TIMEOUT);
		r = rsys(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		alarm(0);
		if (write(p[1], &r, sizeof(r)) != sizeof(r))
			_exit(98);
		_exit(0);
	}
	close(p[1]);
	o.returned = read(p[0], &o.ret, sizeof(o.ret)) == sizeof(o.ret);
	close(p[0]);
	o.status = wait_status(pid);
	return o;
}

static int same_outcome(const struct upper_call *c, struct outcome a, struct outcome b)
{
	if (a.returned != b.returned || a.status != b.status)
		return 0;
	if ((c->narrow & ANY_OK) && a.ret >= 0 && b.ret >= 0)
		return 1;
	return a.ret == b.ret;
}

static void abi_upper_bits(void)
{
	make_dir();
	for (const struct upper_call *c = upper_calls; c->name; c++) {
		struct outcome clean = run_upper(c, 0), dirty = run_upper(c, 1);
		int exits = c->nr == SYS_exit || c->nr == SYS_exit_group;

		if (!clean.returned && !exits) {
			cleanup_dir();
			fail("%s: the clean call did not return (status %#x)",
			     c->name, clean.status);
		}
		if (WIFSIGNALED(clean.status) || WIFSIGNALED(dirty.status) ||
		    !same_outcome(c, clean, dirty)) {
			cleanup_dir();
			fail("%s: clean registers gave %ld (status %#x), garbage upper "
			     "bits gave %ld (status %#x%s)", c->name, clean.ret,
			     clean.status, dirty.ret, dirty.status,
			     WIFSIGNALED(dirty.status) ? ", killed: did not return" : "");
		}
	}
	cleanup_dir();
}

/*
 * The call the upper-bits bug was found with: one ppoll whose nfds has
 * garbage above bit 31 spun in the kernel. It must return at once, as a
 * clean nfds of 1 does.
 */
static void abi_ppoll_nfds(void)
{
	const struct upper_call c = { "ppoll nfds", SYS_ppoll,
		{ P_PFD, 1, P_TS0, 0, 8 }, A1 };
	struct outcome o;

	make_dir();
	o = run_upper(&c, 1);
	cleanup_dir();
	if (!o.returned || o.ret != 1)
		fail("ppoll(nfds = %#lx) = %ld, returned %d, status %#x",
		     GARBAGE | 1, o.ret, o.returned, o.status);
}

/* --------------------------------------------------------- bad descriptors */

#define BADFD	(-7777)		/* placeholder: the descriptor under test */

struct badfd_call {
	const char *name;
	long nr;
	long args[6];
	int sock;		/* a socket call: a pipe gives ENOTSOCK */
	int no_closed;		/* a closed number is valid here (dup3's newfd) */
};

static const struct badfd_call badfd_calls[] = {
	{ "read", SYS_read, { BADFD, P_BUF, 4 } },
	{ "write", SYS_write, { BADFD, P_BUF, 4 } },
	{ "pread64", SYS_pread64, { BADFD, P_BUF, 4, 0 } },
	{ "pwrite64", SYS_pwrite64, { BADFD, P_BUF, 4, 0 } },
	{ "readv", SYS_readv, { BADFD, P_IOV, 1 } },
	{ "writev", SYS_writev, { BADFD, P_IOV, 1 } },
	{ "preadv", SYS_preadv, { BADFD, P_IOV, 1, 0, 0 } },
	{ "pwritev", SYS_pwritev, { BADFD, P_IOV, 1, 0, 0 } },
	{ "ioctl", SYS_ioctl, { BADFD, FIONREAD, P_INT } },
	{ "fcntl F_GETFD", SYS_fcntl, { BADFD, F_GETFD } },
	{ "fcntl F_DUPFD", SYS_fcntl, { BADFD, F_DUPFD, 0 } },
	{ "fstat", SYS_fstat, { BADFD, P_BUF } },
	{ "fstatfs", SYS_fstatfs, { BADFD, P_BUF } },
	{ "close", SYS_close, { BADFD } },
	{ "dup", SYS_dup, { BADFD } },
	{ "dup3", SYS_dup3, { BADFD, 50, 0 } },
	{ "dup3 newfd", SYS_dup3, { FD_FILE, BADFD, 0 }, 0, 1 },
	{ "fchdir", SYS_fchdir, { BADFD } },
	{ "fchmod", SYS_fchmod, { BADFD, 0600 } },
	{ "fchown", SYS_fchown, { BADFD, 0, 0 } },
	{ "ftruncate", SYS_ftruncate, { BADFD, 0 } },
	{ "fsync", SYS_fsync, { BADFD } },
	{ "fdatasync", SYS_fdatasync, { BADFD } },
	{ "flock", SYS_flock, { BADFD, LOCK_SH } },
	{ "lseek", SYS_lseek, { BADFD, 0, SEEK_SET } },
	{ "getdents64", SYS_getdents64, { BADFD, P_BUF, sizeof(buf) } },
	{ "openat", SYS_openat, { BADFD, P_NAME, O_RDONLY } },
	{ "newfstatat", SYS_newfstatat, { BADFD, P_NAME, P_BUF, 0 } },
	{ "newfstatat empty", SYS_newfstatat, { BADFD, (long)"", P_BUF, AT_EMPTY_PATH } },
	{ "statx", SYS_statx, { BADFD, P_NAME, 0, 0x7ff, P_BUF } },
	{ "mkdirat", SYS_mkdirat, { BADFD, P_NEWDIR, 0700 } },
	{ "mknodat", SYS_mknodat, { BADFD, P_NEWNODE, S_IFIFO | 0600, 0 } },
	{ "unlinkat", SYS_unlinkat, { BADFD, P_NAME, 0 } },
	{ "unlinkat dir", SYS_unlinkat, { BADFD, P_NEWDIR, AT_REMOVEDIR } },
	{ "faccessat", SYS_faccessat, { BADFD, P_NAME, R_OK } },
	{ "fchmodat", SYS_fchmodat, { BADFD, P_NAME, 0600 } },
	{ "fchownat", SYS_fchownat, { BADFD, P_NAME, 0, 0, 0 } },
	{ "readlinkat", SYS_readlinkat, { BADFD, P_NAME, P_BUF, 64 } },
	{ "symlinkat", SYS_symlinkat, { P_TARGET, BADFD, P_NEWLINK } },
	{ "linkat old", SYS_linkat, { BADFD, P_NAME, FD_DIR, P_HARD, 0 } },
	{ "linkat new", SYS_linkat, { FD_DIR, P_NAME, BADFD, P_HARD, 0 } },
	{ "renameat2 old", SYS_renameat2, { BADFD, P_RENA, FD_DIR, P_RENB, 0 } },
	{ "renameat2 new", SYS_renameat2, { FD_DIR, P_RENA, BADFD, P_RENB, 0 } },
	{ "utimensat", SYS_utimensat, { BADFD, 0, 0, 0 } },
	{ "utimensat path", SYS_utimensat, { BADFD, P_NAME, 0, 0 } },
	{ "mmap", SYS_mmap, { 0, 4096, PROT_READ, MAP_PRIVATE, BADFD, 0 } },
	{ "sendfile out", SYS_sendfile, { BADFD, FD_FILE, 0, 4 } },
	{ "sendfile in", SYS_sendfile, { FD_PIPE_W, BADFD, 0, 4 } },
	{ "sendmsg", SYS_sendmsg, { BADFD, P_MSG, 0 }, 1 },
	{ "recvmsg", SYS_recvmsg, { BADFD, P_MSG, MSG_DONTWAIT }, 1 },
	{ "sendmmsg", SYS_sendmmsg, { BADFD, P_MMSG, 1, 0 }, 1 },
	{ "recvmmsg", SYS_recvmmsg, { BADFD, P_MMSG, 1, MSG_DONTWAIT, 0 }, 1 },
	{ "sendto", SYS_sendto, { BADFD, P_BUF, 4, 0, 0, 0 }, 1 },
	{ "recvfrom", SYS_recvfrom, { BADFD, P_BUF, 4, MSG_DONTWAIT, 0, 0 }, 1 },
	{ "accept4", SYS_accept4, { BADFD, 0, 0, 0 }, 1 },
	{ "accept", SYS_accept, { BADFD, 0, 0 }, 1 },
	{ "bind", SYS_bind, { BADFD, P_UDPADDR, sizeof(struct sockaddr_in) }, 1 },
	{ "connect", SYS_connect, { BADFD, P_UDPADDR, sizeof(struct sockaddr_in) }, 1 },
	{ "listen", SYS_listen, { BADFD, 5 }, 1 },
	{ "shutdown", SYS_shutdown, { BADFD, SHUT_RDWR }, 1 },
	{ "getsockopt", SYS_getsockopt, { BADFD, SOL_SOCKET, SO_TYPE, P_INT, P_INTLEN }, 1 },
	{ "setsockopt", SYS_setsockopt,
	  { BADFD, SOL_SOCKET, SO_REUSEADDR, P_ONE, sizeof(int) }, 1 },
	{ "getsockname", SYS_getsockname, { BADFD, P_ADDR, P_ADDRLEN }, 1 },
	{ "getpeername", SYS_getpeername, { BADFD, P_ADDR, P_ADDRLEN }, 1 },
	{ NULL },
};

/* The bad descriptors: -1, a closed one, one far beyond any table. */
static const long bad_fds[] = { -1, FD_CLOSED, 1 << 20 };
#define NBAD	(sizeof(bad_fds) / sizeof(bad_fds[0]))

static long call_with_fd(const struct badfd_call *c, long fd)
{
	long a[6];

	for (int i = 0; i < 6; i++)
		a[i] = c->args[i] == BADFD ? fd : resolve(c->args[i]);
	return rsys(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Every row in one child with the fixture; a failure names the row. */
static void run_badfd(int sock_only)
{
	int status;
	pid_t pid;

	make_dir();
	pid = fork_or_fail();
	if (pid == 0) {
		setup_fixture();
		alarm(60);
		for (const struct badfd_call *c = badfd_calls; c->name; c++) {
			if (sock_only && !c->sock)
				continue;
			for (size_t i = 0; i < NBAD && !sock_only; i++) {
				long r;

				if (c->no_closed && bad_fds[i] == FD_CLOSED)
					continue;
				r = call_with_fd(c, bad_fds[i]);
				if (r != -EBADF)
					fail("%s(fd %ld) = %ld (%s), want EBADF", c->name,
					     bad_fds[i], r, r < 0 ? strerrorname(-r) : "");
			}
			if (sock_only) {
				long r = call_with_fd(c, FD_PIPE_R);

				if (r != -ENOTSOCK)
					fail("%s(pipe) = %ld (%s), want ENOTSOCK", c->name,
					     r, r < 0 ? strerrorname(-r) : "");
			}
		}
		_exit(0);
	}
	status = wait_status(pid);
	cleanup_dir();
	if (status != 0)	/* the child sent its reason */
		fail("bad-descriptor child: status %#x", status);
}

static void abi_bad_fd(void)
{
	run_badfd(0);
}

static void abi_bad_fd_sock(void)
{
	run_badfd(1);
}

/* poll reports a closed or huge descriptor as POLLNVAL and ignores -1;
 * pselect6 fails with EBADF for a closed one inside the descriptor table
 * (Linux ignores bits beyond the table, so the closed one is a low number). */
static void abi_bad_fd_poll(void)
{
	struct pollfd p[3] = {
		{ .fd = -1, .events = POLLIN },
		{ .fd = FD_CLOSED, .events = POLLIN },
		{ .fd = 1 << 20, .events = POLLIN },
	};
	struct timespec zero = { 0, 0 };
	int closed[2];
	fd_set rd;

	close(FD_CLOSED);
	CHECK_OK(pipe(closed));
	close(closed[1]);
	CHECK(rsys(SYS_ppoll, (long)p, 3, (long)&zero, 0, 8, 0) == 2);
	CHECK(p[0].revents == 0);
	CHECK(p[1].revents == POLLNVAL);
	CHECK(p[2].revents == POLLNVAL);
	FD_ZERO(&rd);
	FD_SET(closed[1], &rd);
	CHECK(rsys(SYS_pselect6, closed[1] + 1, (long)&rd, 0, 0, (long)&zero, 0) == -EBADF);
}

/* sendmmsg/recvmmsg on a bad descriptor: -1 with errno EBADF, not a
 * positive count (the error once went through an int * into a long). */
static void abi_mmsg_ebadf(void)
{
	struct mmsghdr m = { 0 };

	close(FD_CLOSED);
	CHECK_ERR(syscall(SYS_sendmmsg, FD_CLOSED, &m, 1, 0), EBADF);
	CHECK_ERR(syscall(SYS_recvmmsg, FD_CLOSED, &m, 1, MSG_DONTWAIT, NULL), EBADF);
	CHECK_ERR(syscall(SYS_sendmmsg, -1, &m, 1, 0), EBADF);
	CHECK_ERR(syscall(SYS_recvmmsg, -1, &m, 1, MSG_DONTWAIT, NULL), EBADF);
}

const struct test abi_tests[] = {
	{ "abi_ppoll_nfds", abi_ppoll_nfds },
	{ "abi_upper_bits", abi_upper_bits },
	{ "abi_mmsg_ebadf", abi_mmsg_ebadf },
	{ "abi_bad_fd", abi_bad_fd },
	{ "abi_bad_fd_sock", abi_bad_fd_sock },
	{ "abi_bad_fd_poll", abi_bad_fd_poll },
	{ NULL, NULL },
};
