/*
 * Readiness: poll/ppoll and select/pselect6 (riscv64 has only ppoll and
 * pselect6; musl builds poll and select on them). Pipes becoming readable,
 * writable, hung up and in error, timeouts (lower bounds only) and the time
 * left written back, POLLNVAL and ignored negative fds, EBADF, temporary
 * signal masks, always-ready files, the console and 500 descriptors at once.
 *
 * A child that makes a descriptor ready first sleeps a little, so that the
 * parent is usually asleep in the call when it happens; the tests hold
 * whichever way that race goes.
 */
#include "usertests.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define NSEC 1000000000L

/* A child that sleeps @ms, writes one byte to @wfd if it is >= 0, exits. */
static pid_t after_delay(int ms, int wfd)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		usleep(ms * 1000);
		if (wfd >= 0 && write(wfd, "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	return pid;
}

/* ppoll as a raw call, so the kernel's write-back of *ts is visible (musl
 * passes a copy). Returns the result or -errno. */
static long raw_ppoll(struct pollfd *fds, unsigned long n, struct timespec *ts,
		      const sigset_t *mask, long size)
{
	return rsys(SYS_ppoll, (long)fds, n, (long)ts, (long)mask, size, 0);
}

static long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

/* Read end: not readable, then readable after a child writes; write end
 * writable. */
static void poll_pipe(void)
{
	struct pollfd pfd;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ p[0], POLLIN, 0x55 };
	CHECK(poll(&pfd, 1, 0) == 0);
	CHECK(pfd.revents == 0);
	pid = after_delay(30, p[1]);
	CHECK(poll(&pfd, 1, -1) == 1);
	CHECK(pfd.revents == POLLIN);
	pfd = (struct pollfd){ p[0], POLLIN | POLLRDNORM | POLLOUT, 0 };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK(pfd.revents == (POLLIN | POLLRDNORM));	/* a read end is never writable */
	pfd = (struct pollfd){ p[1], POLLOUT | POLLWRNORM | POLLIN, 0 };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK(pfd.revents == (POLLOUT | POLLWRNORM));
	wait_ok(pid);
}

/* POLLHUP on the read end once the last writer is gone, even if only
 * POLLIN (or nothing) was asked for. */
static void poll_pipe_hup(void)
{
	struct pollfd pfd;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = after_delay(30, -1);	/* holds a copy of the write end */
	close(p[1]);
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	CHECK(poll(&pfd, 1, -1) == 1);
	CHECK(pfd.revents == POLLHUP);
	pfd = (struct pollfd){ p[0], 0, 0 };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK(pfd.revents == POLLHUP);
	wait_ok(pid);
}

/* POLLERR on the write end once the reader is gone, asked for or not. */
static void poll_pipe_err(void)
{
	struct pollfd pfd;
	int p[2];

	CHECK_OK(pipe(p));
	close(p[0]);
	pfd = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK(pfd.revents == (POLLOUT | POLLERR));
	pfd = (struct pollfd){ p[1], 0, 0 };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK(pfd.revents == POLLERR);
}

/* A full pipe is not writable; it becomes writable when a child drains it. */
static void poll_pipe_full(void)
{
	static char buf[4096];
	struct pollfd pfd;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe2(p, O_NONBLOCK));
	while (write(p[1], buf, sizeof(buf)) > 0)
		;
	CHECK(errno == EAGAIN);
	pfd = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK(poll(&pfd, 1, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(30000);
		while (read(p[0], buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	CHECK(poll(&pfd, 1, -1) == 1);
	CHECK(pfd.revents == POLLOUT);
	wait_ok(pid);
}

/* Timeout 0 returns at once; 50 ms waits at least 50 ms. */
static void poll_timeout(void)
{
	struct pollfd pfd;
	uint64_t t0;
	int p[2];

	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	CHECK(poll(&pfd, 1, 0) == 0);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(poll(&pfd, 1, 50) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50000000ull);
	CHECK(pfd.revents == 0);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(poll(NULL, 0, 50) == 0);		/* poll as a sleep */
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50000000ull);
}

/* POLLNVAL for a closed fd (counted), 0 for a negative one (ignored);
 * revents is written for every entry. */
static void poll_nval(void)
{
	struct pollfd pfd[3];
	int p[2], closed;

	CHECK_OK(pipe(p));
	closed = dup(p[0]);
	CHECK(closed >= 0);
	close(closed);
	pfd[0] = (struct pollfd){ closed, POLLIN, 0x7777 };
	pfd[1] = (struct pollfd){ -1, POLLIN, 0x7777 };
	pfd[2] = (struct pollfd){ p[0], POLLIN, 0x7777 };
	CHECK(poll(pfd, 3, 0) == 1);
	CHECK(pfd[0].revents == POLLNVAL);
	CHECK(pfd[1].revents == 0);
	CHECK(pfd[2].revents == 0);
	pfd[0].fd = -5;
	CHECK(poll(pfd, 1, 50) == 0);		/* only ignored fds: a sleep */
}

/* Argument checks: nfds over RLIMIT_NOFILE, bad timespecs, sigsetsize. */
static void poll_einval(void)
{
	struct timespec ts = { 0, NSEC };
	struct pollfd pfd = { -1, 0, 0 };
	struct rlimit rl;
	sigset_t mask;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK(raw_ppoll(NULL, rl.rlim_cur + 1, NULL, NULL, 8) == -EINVAL);
	CHECK(raw_ppoll(NULL, 1, NULL, NULL, 8) == -EFAULT);
	CHECK(raw_ppoll(NULL, 0, &(struct timespec){ 0, 0 }, NULL, 8) == 0);
	CHECK(raw_ppoll(&pfd, 1, &ts, NULL, 8) == -EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK(raw_ppoll(&pfd, 1, &ts, NULL, 8) == -EINVAL);
	ts = (struct timespec){ 0, 0 };
	sigemptyset(&mask);
	CHECK(raw_ppoll(&pfd, 1, &ts, &mask, 4) == -EINVAL);
	CHECK(raw_ppoll(&pfd, 1, &ts, NULL, 4) == 0);	/* no mask: size unused */
	CHECK(raw_ppoll(&pfd, 1, &ts, &mask, 8) == 0);
}

/* select: read, write and except sets over two pipes. */
static void select_pipe(void)
{
	struct timeval tv = { 0, 0 };
	fd_set rd, wr, ex;
	int a[2], b[2], n;
	pid_t pid;

	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	CHECK(write(b[1], "x", 1) == 1);
	n = (a[0] > b[1] ? a[0] : b[1]) + 1;
	FD_ZERO(&rd); FD_ZERO(&wr); FD_ZERO(&ex);
	FD_SET(a[0], &rd); FD_SET(b[0], &rd);
	FD_SET(a[1], &wr);
	FD_SET(a[0], &ex); FD_SET(b[0], &ex);
	CHECK(select(n, &rd, &wr, &ex, &tv) == 2);
	CHECK(!FD_ISSET(a[0], &rd) && FD_ISSET(b[0], &rd));
	CHECK(FD_ISSET(a[1], &wr));
	CHECK(!FD_ISSET(a[0], &ex) && !FD_ISSET(b[0], &ex));
	/* block until a child writes to a */
	pid = after_delay(30, a[1]);
	FD_ZERO(&rd);
	FD_SET(a[0], &rd);
	CHECK(select(a[0] + 1, &rd, NULL, NULL, NULL) == 1);
	CHECK(FD_ISSET(a[0], &rd));
	wait_ok(pid);
	/* timeout: nothing ready, the sets come back empty */
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);
	FD_ZERO(&rd);
	FD_SET(b[1], &rd);		/* a write end never reads */
	tv = (struct timeval){ 0, 50000 };
	CHECK(select(b[1] + 1, &rd, NULL, NULL, &tv) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50000000ull);
	CHECK(!FD_ISSET(b[1], &rd));
}

/* A descriptor that is not open, in any set: EBADF. */
static void select_ebadf(void)
{
	struct timeval tv = { 0, 0 };
	int p[2], closed;
	fd_set s;

	CHECK_OK(pipe(p));
	closed = dup(p[0]);
	close(closed);
	FD_ZERO(&s); FD_SET(closed, &s); FD_SET(p[0], &s);
	CHECK_ERR(select(closed + 1, &s, NULL, NULL, &tv), EBADF);
	FD_ZERO(&s); FD_SET(closed, &s);
	CHECK_ERR(select(closed + 1, NULL, &s, NULL, &tv), EBADF);
	FD_ZERO(&s); FD_SET(closed, &s);
	CHECK_ERR(select(closed + 1, NULL, NULL, &s, &tv), EBADF);
	/* bits at or above n are not looked at */
	FD_ZERO(&s); FD_SET(closed, &s);
	CHECK(select(closed, &s, NULL, NULL, &tv) == 0);
	CHECK_ERR(select(-1, NULL, NULL, NULL, &tv), EINVAL);
}

/* n beyond the descriptor table is clamped to it, not refused. */
static void select_clamp(void)
{
	static unsigned long rd[(1 << 20) / 64];	/* room for any table size */
	struct timespec ts = { 0, 0 };
	int p[2];

	CHECK_OK(pipe(p));
	CHECK(write(p[1], "x", 1) == 1);
	rd[p[0] / 64] |= 1UL << (p[0] % 64);
	CHECK(rsys(SYS_pselect6, 1 << 30, (long)rd, 0, 0, (long)&ts, 0) == 1);
	CHECK(rd[p[0] / 64] == 1UL << (p[0] % 64));
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* SIGUSR1 handled, blocked in the caller. */
static void block_usr1(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t block;

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
}

static int usr1_blocked(void)
{
	sigset_t cur;

	sigprocmask(SIG_SETMASK, NULL, &cur);
	return sigismember(&cur, SIGUSR1);
}

/* pselect's mask unblocks SIGUSR1 only during the wait: the handler runs,
 * the call fails EINTR, and the old mask is back afterwards. */
static void pselect_sigmask(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t empty, block;
	fd_set rd;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	block_usr1();
	sigemptyset(&empty);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	/* already pending when the call starts */
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(got_usr1 == 0);
	FD_ZERO(&rd); FD_SET(p[0], &rd);
	CHECK_ERR(pselect(p[0] + 1, &rd, NULL, NULL, NULL, &empty), EINTR);
	CHECK(got_usr1 == 1 && usr1_blocked());
	/* arriving during the wait */
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(30000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	FD_ZERO(&rd); FD_SET(p[0], &rd);
	CHECK_ERR(pselect(p[0] + 1, &rd, NULL, NULL, NULL, &empty), EINTR);
	CHECK(got_usr1 == 2 && usr1_blocked());
	wait_ok(pid);
	/* a mask that keeps it blocked: the signal stays pending */
	CHECK_OK(kill(getpid(), SIGUSR1));
	FD_ZERO(&rd); FD_SET(p[0], &rd);
	CHECK(pselect(p[0] + 1, &rd, NULL, NULL, &zero, &block) == 0);
	CHECK(got_usr1 == 2);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
	CHECK(got_usr1 == 3);
}

/* ppoll and pselect6 write the time left back: zero after a timeout. */
static void ppoll_timeout_update(void)
{
	struct timespec ts = { 0, 50000000 };
	struct pollfd pfd;
	unsigned long rd[16] = { 0 };
	int p[2];

	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	CHECK(raw_ppoll(&pfd, 1, &ts, NULL, 8) == 0);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0);
	/* ready at once: some of the time is left, never more than given */
	CHECK(write(p[1], "x", 1) == 1);
	ts = (struct timespec){ 5, 0 };
	CHECK(raw_ppoll(&pfd, 1, &ts, NULL, 8) == 1);
	CHECK(ts_ns(&ts) > 0 && ts_ns(&ts) <= 5 * NSEC);
	CHECK(read(p[0], rd, 1) == 1);
	ts = (struct timespec){ 0, 50000000 };
	rd[p[0] / 64] = 1UL << (p[0] % 64);
	CHECK(rsys(SYS_pselect6, p[0] + 1, (long)rd, 0, 0, (long)&ts, 0) == 0);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0);
	CHECK(rd[p[0] / 64] == 0);
}

/* ppoll interrupted by a signal (unblocked by its mask): EINTR, the handler
 * ran, and the time left is written back. */
static void ppoll_eintr(void)
{
	struct timespec ts = { 10, 0 };
	struct pollfd pfd;
	sigset_t empty;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	block_usr1();
	sigemptyset(&empty);
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(30000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	pfd = (struct pollfd){ p[0], POLLIN, 0x55 };
	CHECK(raw_ppoll(&pfd, 1, &ts, &empty, 8) == -EINTR);
	CHECK(got_usr1 == 1 && usr1_blocked());
	CHECK(pfd.revents == 0);
	CHECK(ts_ns(&ts) >= 0 && ts_ns(&ts) <= 10 * NSEC);
	CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < NSEC);
	wait_ok(pid);
}

/* Files without a wait queue are always ready: /dev/null, a tmpfs file. */
static void poll_always_ready(void)
{
	struct pollfd pfd[2];
	char path[64];
	int fd, null;

	tmp_path(path, sizeof(path), "poll");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	unlink(path);
	null = open("/dev/null", O_RDWR);
	CHECK(null >= 0);
	pfd[0] = (struct pollfd){ fd, POLLIN | POLLOUT | POLLPRI, 0 };
	pfd[1] = (struct pollfd){ null, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, 0 };
	CHECK(poll(pfd, 2, -1) == 2);
	CHECK(pfd[0].revents == (POLLIN | POLLOUT));
	CHECK(pfd[1].revents == (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
	close(fd);
	close(null);
}

/* The console tty takes output. */
static void poll_tty(void)
{
	struct pollfd pfd;
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	CHECK(fd >= 0);
	pfd = (struct pollfd){ fd, POLLOUT, 0 };
	CHECK(poll(&pfd, 1, 1000) == 1);
	CHECK(pfd.revents == POLLOUT);
	close(fd);
}

enum { NPIPES = 500, READY = 337 };

/* 500 read ends at once (past the inline wait entries, over several pages
 * of them); a child makes one readable; poll and select name it alone. */
static void poll_many(void)
{
	static struct pollfd pfd[NPIPES];
	static int p[NPIPES][2];
	struct rlimit rl;
	fd_set rd;
	int i, maxfd = 0;
	pid_t pid;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < 2 * NPIPES + 64 && rl.rlim_max >= 2 * NPIPES + 64) {
		rl.rlim_cur = 2 * NPIPES + 64;
		CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	}
	for (i = 0; i < NPIPES; i++) {
		CHECK_OK(pipe(p[i]));
		pfd[i] = (struct pollfd){ p[i][0], POLLIN, 0 };
		if (p[i][1] > maxfd)
			maxfd = p[i][1];
	}
	CHECK(maxfd < FD_SETSIZE);
	CHECK(poll(pfd, NPIPES, 0) == 0);
	pid = after_delay(30, p[READY][1]);
	CHECK(poll(pfd, NPIPES, -1) == 1);
	for (i = 0; i < NPIPES; i++)
		if (pfd[i].revents != (i == READY ? POLLIN : 0))
			fail("pfd[%d].revents = %#x", i, pfd[i].revents);
	wait_ok(pid);
	FD_ZERO(&rd);
	for (i = 0; i < NPIPES; i++)
		FD_SET(p[i][0], &rd);
	CHECK(select(maxfd + 1, &rd, NULL, NULL, NULL) == 1);
	for (i = 0; i < NPIPES; i++)
		CHECK(!!FD_ISSET(p[i][0], &rd) == (i == READY));
}

const struct test poll_tests[] = {
	{ "poll_pipe", poll_pipe },
	{ "poll_pipe_hup", poll_pipe_hup },
	{ "poll_pipe_err", poll_pipe_err },
	{ "poll_pipe_full", poll_pipe_full },
	{ "poll_timeout", poll_timeout },
	{ "poll_nval", poll_nval },
	{ "poll_einval", poll_einval },
	{ "select_pipe", select_pipe },
	{ "select_ebadf", select_ebadf },
	{ "select_clamp", select_clamp },
	{ "pselect_sigmask", pselect_sigmask },
	{ "ppoll_timeout_update", ppoll_timeout_update },
	{ "ppoll_eintr", ppoll_eintr },
	{ "poll_always_ready", poll_always_ready },
	{ "poll_tty", poll_tty },
	{ "poll_many", poll_many },
	{ NULL, NULL },
};
