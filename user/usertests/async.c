/*
 * O_ASYNC: file owners (F_SETOWN, F_SETOWN_EX, F_SETSIG, FIOSETOWN) and
 * the SIGIO a pipe or socket sends them when it becomes readable.
 * Signals are taken with sigtimedwait (blocked first), so a kernel that
 * delivers them a little later (shoal sends from a softirq) passes too.
 */
#include "net.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <termios.h>

/* Wait (at most 10 s) for @sig, blocked by the caller; its siginfo. */
static siginfo_t wait_sig(int sig)
{
	struct timespec ts = { 10, 0 };
	siginfo_t si;
	sigset_t set;
	int got;

	sigemptyset(&set);
	sigaddset(&set, sig);
	got = sigtimedwait(&set, &si, &ts);
	if (got != sig)
		fail("waiting for signal %d: got %d errno %d", sig, got, errno);
	return si;
}

static void block_sig(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
}

static int sig_is_pending(int sig)
{
	sigset_t set;

	CHECK_OK(sigpending(&set));
	return sigismember(&set, sig);
}

/* O_ASYNC to us on @fd, with F_SETSIG @sig (0: plain SIGIO) */
static void make_async(int fd, int sig)
{
	CHECK_OK(fcntl(fd, F_SETOWN, getpid()));
	CHECK_OK(fcntl(fd, F_SETSIG, sig));
	CHECK_OK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC));
}

static void async_owner(void)
{
	struct f_owner_ex ex;
	int p[2], s, v;

	CHECK_OK(pipe(p));
	CHECK(fcntl(p[0], F_GETOWN) == 0);
	CHECK(fcntl(p[0], F_GETSIG) == 0);
	CHECK_OK(fcntl(p[0], F_SETOWN, getpid()));
	CHECK(fcntl(p[0], F_GETOWN) == getpid());
	CHECK_OK(fcntl(p[0], F_GETOWN_EX, &ex));
	CHECK(ex.type == F_OWNER_PID && ex.pid == getpid());
	CHECK_OK(fcntl(p[0], F_SETOWN, -getpgrp()));
	CHECK(fcntl(p[0], F_GETOWN) == -getpgrp());
	CHECK_OK(fcntl(p[0], F_GETOWN_EX, &ex));
	CHECK(ex.type == F_OWNER_PGRP && ex.pid == getpgrp());
	ex.type = F_OWNER_TID;
	ex.pid = gettid();
	CHECK_OK(fcntl(p[0], F_SETOWN_EX, &ex));
	memset(&ex, 0, sizeof(ex));
	CHECK_OK(fcntl(p[0], F_GETOWN_EX, &ex));
	CHECK(ex.type == F_OWNER_TID && ex.pid == gettid());
	ex.type = 7;
	CHECK_ERR(fcntl(p[0], F_SETOWN_EX, &ex), EINVAL);
	CHECK_ERR(fcntl(p[0], F_SETOWN_EX, (void *)8), EFAULT);
	CHECK_ERR(fcntl(p[0], F_GETOWN_EX, (void *)8), EFAULT);
	CHECK_OK(fcntl(p[0], F_SETOWN, 0));
	CHECK(fcntl(p[0], F_GETOWN) == 0);
	/* F_SETSIG takes 0 (SIGIO) up to the last real-time signal */
	CHECK_OK(fcntl(p[0], F_SETSIG, SIGRTMIN + 3));
	CHECK(fcntl(p[0], F_GETSIG) == SIGRTMIN + 3);
	CHECK_ERR(fcntl(p[0], F_SETSIG, 65), EINVAL);
	CHECK_ERR(fcntl(p[0], F_SETSIG, -1), EINVAL);
	CHECK(fcntl(p[0], F_GETSIG) == SIGRTMIN + 3);
	/* the owner must exist: a reaped child does not */
	pid_t c = fork_or_fail();
	if (c == 0)
		_exit(0);
	wait_ok(c);
	CHECK_ERR(fcntl(p[0], F_SETOWN, c), ESRCH);
	close(p[0]);
	close(p[1]);

	/* the socket ioctls name the same owner */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_OK(s);
	v = getpid();
	CHECK_OK(ioctl(s, FIOSETOWN, &v));
	CHECK(fcntl(s, F_GETOWN) == getpid());
	v = -getpgrp();
	CHECK_OK(ioctl(s, SIOCSPGRP, &v));
	v = 0;
	CHECK_OK(ioctl(s, FIOGETOWN, &v));
	CHECK(v == -getpgrp());
	v = 0;
	CHECK_OK(ioctl(s, SIOCGPGRP, &v));
	CHECK(v == -getpgrp());
	CHECK_ERR(ioctl(s, FIOGETOWN, (void *)8), EFAULT);
	/* FIOASYNC sets and clears O_ASYNC */
	v = 1;
	CHECK_OK(ioctl(s, FIOASYNC, &v));
	CHECK(fcntl(s, F_GETFL) & O_ASYNC);
	v = 0;
	CHECK_OK(ioctl(s, FIOASYNC, &v));
	CHECK(!(fcntl(s, F_GETFL) & O_ASYNC));
	close(s);
}

/* A pipe's read end: plain SIGIO, then F_SETSIG's signal with siginfo. */
static void async_pipe(void)
{
	int p[2];
	siginfo_t si;

	block_sig(SIGIO);
	block_sig(SIGRTMIN + 1);
	CHECK_OK(pipe(p));
	make_async(p[0], 0);
	CHECK(write(p[1], "a", 1) == 1);
	wait_sig(SIGIO);
	CHECK_OK(fcntl(p[0], F_SETSIG, SIGRTMIN + 1));
	CHECK(write(p[1], "b", 1) == 1);
	si = wait_sig(SIGRTMIN + 1);
	CHECK(si.si_code == POLL_IN);
	CHECK(si.si_fd == p[0]);
	CHECK(si.si_band == (POLLIN | POLLRDNORM));
	/* the write end: room frees when the reader reads */
	make_async(p[1], SIGRTMIN + 1);
	char buf[4];
	CHECK(read(p[0], buf, sizeof(buf)) == 2);
	si = wait_sig(SIGRTMIN + 1);
	CHECK(si.si_fd == p[1]);
	CHECK(si.si_code == POLL_OUT);
	CHECK(si.si_band == (POLLOUT | POLLWRNORM | POLLWRBAND));
	/* O_ASYNC off: nothing more */
	CHECK_OK(fcntl(p[0], F_SETFL, 0));
	CHECK_OK(fcntl(p[1], F_SETFL, 0));
	CHECK(write(p[1], "c", 1) == 1);
	CHECK(read(p[0], buf, 1) == 1);
	close(p[0]);
	close(p[1]);
	/* a last pipe with O_ASYNC: its signal comes after any wrong one */
	CHECK_OK(pipe(p));
	make_async(p[0], SIGRTMIN + 1);
	CHECK(write(p[1], "d", 1) == 1);
	si = wait_sig(SIGRTMIN + 1);
	CHECK(si.si_fd == p[0]);
	CHECK(!sig_is_pending(SIGIO) && !sig_is_pending(SIGRTMIN + 1));
	close(p[0]);
	close(p[1]);
}

/* Readable @rx (made async with @sig) after @tx sends to it. Each case
 * has a signal of its own: closing a TCP pair signals its end too. */
static void expect_sigio(int rx, int tx, int sig)
{
	siginfo_t si;

	block_sig(sig);
	make_async(rx, sig);
	CHECK(send(tx, "x", 1, 0) == 1);
	si = wait_sig(sig);
	CHECK(si.si_fd == rx);
	CHECK(si.si_code == POLL_IN);
	CHECK(si.si_band & POLLIN);
}

static void async_sockets(void)
{
	struct addr a;
	int c, s, u, v, sv[2];

	tcp_pair(LO4, &c, &s);
	expect_sigio(s, c, SIGRTMIN + 2);
	close(c);
	close(s);

	u = bound_socket(LO4, SOCK_DGRAM, &a);
	v = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_OK(v);
	CHECK_OK(connect(v, &a.sa, a.len));
	expect_sigio(u, v, SIGRTMIN + 3);
	close(u);
	close(v);

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	expect_sigio(sv[0], sv[1], SIGRTMIN + 4);
	close(sv[0]);
	close(sv[1]);
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	expect_sigio(sv[0], sv[1], SIGRTMIN + 5);
	close(sv[0]);
	close(sv[1]);
}

/* F_SETOWN to a process group: a child in a group of its own gets it. */
static void async_pgrp(void)
{
	int p[2], ready[2];
	pid_t c;
	char x;

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(ready));
	c = fork_or_fail();
	if (c == 0) {
		block_sig(SIGIO);
		CHECK_OK(setpgid(0, 0));
		CHECK_OK(fcntl(p[0], F_SETOWN, -getpid()));
		CHECK_OK(fcntl(p[0], F_SETFL, O_ASYNC));
		CHECK(write(ready[1], "r", 1) == 1);
		wait_sig(SIGIO);
		_exit(0);
	}
	CHECK(read(ready[0], &x, 1) == 1);
	CHECK(write(p[1], "a", 1) == 1);
	wait_ok(c);
	close(p[0]);
	close(p[1]);
	close(ready[0]);
	close(ready[1]);
}

/* Closing an O_ASYNC file takes it off its object's list (no use after free). */
static void async_close(void)
{
	int p[2], i;

	block_sig(SIGIO);
	for (i = 0; i < 50; i++) {
		CHECK_OK(pipe(p));
		int d = dup(p[0]);
		CHECK_OK(d);
		make_async(p[0], 0);
		CHECK(write(p[1], "a", 1) == 1);
		close(p[0]);
		CHECK(write(p[1], "a", 1) == 1);
		close(d);
		close(p[1]);
	}
	wait_sig(SIGIO);
}

/* ---- ttys: a pty pair ---- */

/* A master and its unlocked slave, both O_NOCTTY unless @ctty (the slave). */
static int pty_pair_open(int *slave, int ctty)
{
	char name[64];
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	CHECK(m >= 0);
	CHECK_OK(grantpt(m));
	CHECK_OK(unlockpt(m));
	CHECK_OK(ptsname_r(m, name, sizeof(name)));
	*slave = open(name, O_RDWR | (ctty ? 0 : O_NOCTTY));
	CHECK(*slave >= 0);
	return m;
}

static void tty_lflag(int fd, tcflag_t clear)
{
	struct termios t;

	CHECK_OK(tcgetattr(fd, &t));
	t.c_lflag &= ~clear;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	CHECK_OK(tcsetattr(fd, TCSANOW, &t));
}

/* Nothing more of @sig queued now. */
static void no_more_sig(int sig)
{
	struct timespec ts = { 0, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(sigtimedwait(&set, NULL, &ts) == -1 && errno == EAGAIN);
}

/*
 * Input on a pty end sends POLL_IN to its O_ASYNC owner: on the slave
 * when a line ends (canonical) or per byte (raw), on the master when the
 * slave writes. O_ASYNC gives a file without an owner the caller's
 * process when the tty has no foreground group.
 */
static void async_pty_input(void)
{
	int sig = SIGRTMIN + 1, m, s;
	char buf[64];
	siginfo_t si;

	block_sig(sig);
	block_sig(SIGIO);
	m = pty_pair_open(&s, 0);
	tty_lflag(s, ECHO);                     /* canonical, no echo to the master */
	CHECK(fcntl(s, F_GETOWN) == 0);
	CHECK_OK(fcntl(s, F_SETSIG, sig));
	CHECK_OK(fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC));
	CHECK(fcntl(s, F_GETOWN) == getpid());
	CHECK(write(m, "ab", 2) == 2);          /* half a line: not input yet */
	CHECK(write(m, "c\n", 2) == 2);
	si = wait_sig(sig);
	CHECK(si.si_fd == s && si.si_code == POLL_IN);
	no_more_sig(sig);
	CHECK(read(s, buf, sizeof(buf)) == 4 && memcmp(buf, "abc\n", 4) == 0);
	tty_lflag(s, ECHO | ICANON | ISIG);     /* raw: every byte is input */
	CHECK(write(m, "z", 1) == 1);
	si = wait_sig(sig);
	CHECK(si.si_fd == s && si.si_code == POLL_IN);
	CHECK(read(s, buf, sizeof(buf)) == 1 && buf[0] == 'z');
	/* the master hears the slave's output */
	make_async(m, 0);
	CHECK(write(s, "xy", 2) == 2);
	wait_sig(SIGIO);
	CHECK(read(m, buf, sizeof(buf)) == 2 && memcmp(buf, "xy", 2) == 0);
	close(m);
	close(s);
}

/* A writer that found the queue full gets POLL_OUT when the reader makes room. */
static void async_pty_room(void)
{
	int sig = SIGRTMIN + 2, m, s, i;
	static char buf[65536];
	siginfo_t si;

	block_sig(sig);
	m = pty_pair_open(&s, 0);
	tty_lflag(s, ECHO | ICANON | ISIG);
	make_async(s, sig);
	CHECK_OK(fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK));
	memset(buf, 'w', 256);
	for (i = 0; i < 4096 && write(s, buf, 256) > 0; i++)
		;
	CHECK(i < 4096 && errno == EAGAIN);
	no_more_sig(sig);
	CHECK(read(m, buf, sizeof(buf)) > 0);
	si = wait_sig(sig);
	CHECK(si.si_fd == s && si.si_code == POLL_OUT);
	close(m);
	close(s);
}

/* On a controlling tty, O_ASYNC makes the foreground process group the owner. */
static void async_pty_ctty(void)
{
	pid_t c = fork_or_fail();
	int m, s;

	if (c == 0) {
		CHECK(setsid() > 0);
		m = pty_pair_open(&s, 1);
		CHECK(tcgetpgrp(s) == getpgrp());
		CHECK_OK(fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC));
		CHECK(fcntl(s, F_GETOWN) == -getpgrp());
		/* an owner set before is kept */
		CHECK_OK(fcntl(m, F_SETOWN, getpid()));
		CHECK_OK(fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_ASYNC));
		CHECK(fcntl(m, F_GETOWN) == getpid());
		_exit(0);
	}
	wait_ok(c);
}

const struct test async_tests[] = {
	{ "async_owner", async_owner },
	{ "async_pipe", async_pipe },
	{ "async_sockets", async_sockets },
	{ "async_pgrp", async_pgrp },
	{ "async_close", async_close },
	{ "async_pty_input", async_pty_input },
	{ "async_pty_room", async_pty_room },
	{ "async_pty_ctty", async_pty_ctty },
	{ NULL, NULL },
};
