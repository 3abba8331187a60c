/*
 * epoll: epoll_create1, epoll_ctl's errors, epoll_pwait/epoll_pwait2,
 * level- and edge-triggered readiness on pipes and sockets, ONESHOT re-armed
 * by MOD, RDHUP, nested epoll and ELOOP, closing a watched file, an epoll fd
 * shared across fork, EPOLLEXCLUSIVE waking fewer sleepers than a plain
 * watch, and a lost-wake-up stress of threads handing a token round a ring.
 *
 * Sleepers are counted without timing: a child is known to sleep in
 * epoll_wait once /proc/PID/stat says 'S' (it sleeps nowhere else), and a
 * woken one is known to have returned once it is a zombie.
 */
#include "usertests.h"
#include "net.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>

static int ep_add(int ep, int fd, unsigned int events)
{
	struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)fd + 1000 };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int ep_mod(int ep, int fd, unsigned int events)
{
	struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)fd + 1000 };

	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* epoll_wait without sleeping; returns the count, the first event in *ev. */
static int ep_now(int ep, struct epoll_event *ev)
{
	struct epoll_event tmp[8];
	int n = epoll_wait(ep, tmp, 8, 0);

	CHECK(n >= 0);
	if (n && ev)
		*ev = tmp[0];
	return n;
}

static void epoll_create_flags(void)
{
	int ep;

	CHECK_OK(ep = epoll_create1(0));
	CHECK(fcntl(ep, F_GETFD) == 0);
	close(ep);
	CHECK_OK(ep = epoll_create1(EPOLL_CLOEXEC));
	CHECK(fcntl(ep, F_GETFD) == FD_CLOEXEC);
	close(ep);
	CHECK_ERR(epoll_create1(1), EINVAL);
	CHECK_ERR(epoll_create1(O_NONBLOCK), EINVAL);
}

static void epoll_ctl_errors(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char path[64];
	int ep, ep2, p[2], f;

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(ep2 = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_ERR(epoll_ctl(-1, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, 77, p[0], &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8), EFAULT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev), ENOENT);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);

	/* EPOLLEXCLUSIVE: not with MOD, ONESHOT or RDHUP, not on an epoll fd */
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	CHECK_ERR(ep_add(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT), EINVAL);
	CHECK_ERR(ep_add(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP), EINVAL);
	CHECK_ERR(ep_add(ep, ep2, EPOLLIN | EPOLLEXCLUSIVE), EINVAL);
	CHECK_OK(ep_add(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLET | EPOLLWAKEUP));
	/* an exclusive item cannot be modified at all */
	CHECK_ERR(ep_mod(ep, p[0], EPOLLIN), EINVAL);

	/* files without ->poll: regular files and directories */
	tmp_path(path, sizeof(path), "epoll_reg");
	CHECK_OK(f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600));
	CHECK_ERR(ep_add(ep, f, EPOLLIN), EPERM);
	close(f);
	unlink(path);
	CHECK_OK(f = open("/", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(ep_add(ep, f, EPOLLIN), EPERM);
	close(f);
	close(p[0]);
	close(p[1]);
	close(ep2);
	close(ep);
}

static void epoll_wait_errors(void)
{
	struct epoll_event ev[2];
	struct timespec ts = { 0, 1000000000 };
	int ep, p[2];

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_ERR(epoll_wait(ep, ev, 0, 0), EINVAL);
	CHECK_ERR(epoll_wait(ep, ev, -1, 0), EINVAL);
	CHECK_ERR(epoll_wait(ep, ev, INT32_MAX, 0), EINVAL);
	CHECK_ERR(epoll_wait(-1, ev, 2, 0), EBADF);
	CHECK_ERR(epoll_wait(p[0], ev, 2, 0), EINVAL);
	CHECK(rsys(SYS_epoll_pwait2, ep, (long)ev, 2, (long)&ts, 0, 8) == -EINVAL);
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	CHECK(write(p[1], "x", 1) == 1);
	CHECK_ERR(epoll_wait(ep, (void *)8, 2, 0), EFAULT);
	/* the event was not lost */
	CHECK(epoll_wait(ep, ev, 2, 0) == 1);
	close(p[0]);
	close(p[1]);
	close(ep);
}

/* Level-triggered: reported on every call while data is there. */
static void epoll_lt_pipe(void)
{
	struct epoll_event ev;
	char c;
	int ep, p[2];

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	CHECK_OK(ep_add(ep, p[1], EPOLLOUT));
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events == EPOLLOUT && ev.data.u64 == (uint64_t)p[1] + 1000);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	CHECK(ep_now(ep, NULL) == 0);
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events == EPOLLIN && ev.data.u64 == (uint64_t)p[0] + 1000);
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(ep_now(ep, NULL) == 1);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(ep_now(ep, NULL) == 0);
	/* hang-up is reported without being asked for */
	close(p[1]);
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events == EPOLLHUP);
	close(p[0]);
	close(ep);
}

/* Edge-triggered on @r: one report per arrival, re-armed only by new data. */
static void et_check(int r, int w)
{
	struct epoll_event ev;
	char buf[4];
	int ep;

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(ep_add(ep, r, EPOLLIN | EPOLLET));
	CHECK(ep_now(ep, NULL) == 0);
	CHECK(write(w, "ab", 2) == 2);
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events & EPOLLIN);
	CHECK(ep_now(ep, NULL) == 0);           /* still readable, no new edge */
	CHECK(read(r, buf, 1) == 1);
	CHECK(ep_now(ep, NULL) == 0);           /* reading is no edge */
	CHECK(write(w, "c", 1) == 1);
	CHECK(ep_now(ep, NULL) == 1);           /* new data is */
	CHECK(ep_now(ep, NULL) == 0);
	/* MOD re-polls: still readable, so reported once more */
	CHECK_OK(ep_mod(ep, r, EPOLLIN | EPOLLET));
	CHECK(ep_now(ep, NULL) == 1);
	CHECK(ep_now(ep, NULL) == 0);
	CHECK(read(r, buf, sizeof(buf)) > 0);
	close(ep);
}

static void epoll_et_pipe(void)
{
	int p[2];

	CHECK_OK(pipe(p));
	et_check(p[0], p[1]);
}

static void epoll_et_socket(void)
{
	int sv[2], c, s;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	et_check(sv[0], sv[1]);
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	et_check(sv[0], sv[1]);
	tcp_pair(LO4, &c, &s);
	et_check(s, c);
}

/* ONESHOT: one report, then disarmed until MOD. */
static void epoll_oneshot(void)
{
	struct epoll_event ev;
	int ep, p[2];

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN | EPOLLONESHOT));
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events == EPOLLIN);
	CHECK(ep_now(ep, NULL) == 0);
	CHECK(write(p[1], "b", 1) == 1);
	CHECK(ep_now(ep, NULL) == 0);           /* disarmed: even new data */
	close(p[1]);
	CHECK(ep_now(ep, NULL) == 0);           /* and hang-up */
	CHECK_ERR(ep_add(ep, p[0], EPOLLIN), EEXIST);
	CHECK_OK(ep_mod(ep, p[0], EPOLLIN | EPOLLONESHOT));
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events == (EPOLLIN | EPOLLHUP));
	CHECK(ep_now(ep, NULL) == 0);
	close(p[0]);
	close(ep);
}

/* EPOLLRDHUP when the peer shuts down its writing side. */
static void epoll_rdhup(void)
{
	struct epoll_event ev;
	int ep, c, s, sv[2];

	CHECK_OK(ep = epoll_create1(0));
	tcp_pair(LO4, &c, &s);
	CHECK_OK(ep_add(ep, s, EPOLLIN | EPOLLRDHUP | EPOLLET));
	CHECK(ep_now(ep, NULL) == 0);
	CHECK_OK(shutdown(c, SHUT_WR));
	WAIT_FOR(epoll_wait(ep, &ev, 1, 0) == 1, 10);
	CHECK((ev.events & (EPOLLIN | EPOLLRDHUP)) == (EPOLLIN | EPOLLRDHUP));
	CHECK(!(ev.events & EPOLLHUP));
	close(c);
	close(s);

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(ep_add(ep, sv[0], EPOLLIN | EPOLLRDHUP));
	CHECK(ep_now(ep, NULL) == 0);
	CHECK_OK(shutdown(sv[1], SHUT_WR));
	CHECK(ep_now(ep, &ev) == 1);
	CHECK((ev.events & (EPOLLIN | EPOLLRDHUP)) == (EPOLLIN | EPOLLRDHUP));
	close(sv[0]);
	close(sv[1]);
	close(ep);
}

/* A listener is readable when a connection waits; UDP when a datagram does. */
static void epoll_sockets(void)
{
	struct epoll_event ev;
	struct addr a;
	int ep, l, c, u1, u2;

	CHECK_OK(ep = epoll_create1(0));
	l = tcp_listener(LO4, 8, &a);
	CHECK_OK(ep_add(ep, l, EPOLLIN));
	CHECK(ep_now(ep, NULL) == 0);
	c = tcp_connect(&a);
	CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
	CHECK(ev.events == EPOLLIN && ev.data.u64 == (uint64_t)l + 1000);
	close(c);
	close(l);
	CHECK(ep_now(ep, NULL) == 0);           /* closed: gone from the set */

	u1 = bound_socket(LO4, SOCK_DGRAM, &a);
	CHECK_OK(u2 = socket(AF_INET, SOCK_DGRAM, 0));
	CHECK_OK(ep_add(ep, u1, EPOLLIN | EPOLLOUT | EPOLLET));
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.events == EPOLLOUT);
	CHECK(ep_now(ep, NULL) == 0);
	CHECK(sendto(u2, "x", 1, 0, &a.sa, a.len) == 1);
	CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
	CHECK(ev.events == (EPOLLIN | EPOLLOUT));
	close(u1);
	close(u2);
	close(ep);
}

/* An epoll fd is pollable and can be watched by another; loops are refused. */
static void epoll_nested(void)
{
	struct epoll_event ev;
	struct pollfd pfd;
	int ep1, ep2, p[2];
	char c;

	CHECK_OK(ep1 = epoll_create1(0));
	CHECK_OK(ep2 = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep1, p[0], EPOLLIN));
	CHECK_OK(ep_add(ep2, ep1, EPOLLIN));
	pfd = (struct pollfd){ ep1, POLLIN, 0 };
	CHECK(poll(&pfd, 1, 0) == 0);
	CHECK(ep_now(ep2, NULL) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	CHECK(ep_now(ep2, &ev) == 1);
	CHECK(ev.events == EPOLLIN && ev.data.u64 == (uint64_t)ep1 + 1000);
	CHECK(ep_now(ep1, &ev) == 1);
	CHECK(ev.data.u64 == (uint64_t)p[0] + 1000);
	/* drained: the level-triggered item still queued is stale */
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(poll(&pfd, 1, 0) == 0);
	CHECK(ep_now(ep2, NULL) == 0);
	/* ep2 -> ep1: ep1 may not watch ep2, nor itself */
	CHECK_ERR(ep_add(ep1, ep2, EPOLLIN), ELOOP);
	CHECK_ERR(ep_add(ep1, ep1, EPOLLIN), EINVAL);
	close(p[0]);
	close(p[1]);
	close(ep1);
	close(ep2);
}

/* A chain of epoll fds: each watches the one before; the depth is limited. */
static void epoll_nest_depth(void)
{
	int ep[8], i, err = 0;

	for (i = 0; i < 8; i++)
		CHECK_OK(ep[i] = epoll_create1(0));
	for (i = 1; i < 8; i++) {
		errno = 0;
		if (ep_add(ep[i], ep[i - 1], EPOLLIN) < 0) {
			err = errno;
			break;
		}
	}
	CHECK(err == ELOOP);
	CHECK(i == 5);          /* EPOLL_MAX_NESTS */
	/* the head of the chain may not watch its tail either */
	CHECK_ERR(ep_add(ep[0], ep[3], EPOLLIN), ELOOP);
	for (i = 0; i < 8; i++)
		close(ep[i]);
}

/*
 * The set holds the open file, not the descriptor: an item lives while a
 * dup keeps the file open, and goes when the last reference is closed.
 */
static void epoll_close_watched(void)
{
	struct epoll_event ev;
	int ep, p[2], r2, q[2];

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	CHECK_OK(r2 = dup(p[0]));
	close(p[0]);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(ep_now(ep, &ev) == 1);
	CHECK(ev.data.u64 == (uint64_t)p[0] + 1000);
	close(r2);
	CHECK(ep_now(ep, NULL) == 0);
	close(p[1]);
	/* the slot is free again: a new file under the same number adds */
	CHECK_OK(pipe(q));
	CHECK(q[0] == p[0]);
	CHECK_OK(ep_add(ep, q[0], EPOLLIN));
	close(q[0]);
	close(q[1]);
	close(ep);
}

/* After fork both processes share one epoll instance. */
static void epoll_fork(void)
{
	struct epoll_event ev;
	int ep, p[2], q[2];
	pid_t pid;

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	pid = fork_or_fail();
	if (pid == 0) {
		/* the child adds q to the shared set and waits for p */
		if (ep_add(ep, q[0], EPOLLIN) < 0)
			_exit(2);
		if (epoll_wait(ep, &ev, 1, 20000) != 1 || ev.data.u64 != (uint64_t)p[0] + 1000)
			_exit(3);
		_exit(0);
	}
	/* MOD finds the child's item once it is in the shared set */
	WAIT_FOR(ep_mod(ep, q[0], EPOLLIN) == 0, 10);
	CHECK(write(p[1], "x", 1) == 1);
	wait_ok(pid);
	CHECK(write(q[1], "y", 1) == 1);
	CHECK(ep_now(ep, NULL) == 2);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(ep);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* epoll_pwait: the mask given unblocks a signal for the call only. */
static void epoll_pwait_sigmask(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct epoll_event ev;
	sigset_t block, empty, now;
	int ep, p[2];
	pid_t pid;

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	pid = fork_or_fail();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	wait_ok(pid);
	/* pending and blocked: a call with the mask unchanged times out */
	CHECK(epoll_pwait(ep, &ev, 1, 0, NULL) == 0);
	CHECK_ERR(epoll_pwait(ep, &ev, 1, -1, &empty), EINTR);
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
	CHECK(sigismember(&now, SIGUSR1));
	close(p[0]);
	close(p[1]);
	close(ep);
}

/* epoll_pwait2: a timespec timeout; zero does not sleep. */
static void epoll_pwait2_timeout(void)
{
	struct timespec ts = { 0, 20 * 1000000 }, zero = { 0, 0 };
	struct epoll_event ev;
	uint64_t t0;
	int ep, p[2];

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(rsys(SYS_epoll_pwait2, ep, (long)&ev, 1, (long)&ts, 0, 8) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 20 * 1000000);     /* lower bound only */
	CHECK(rsys(SYS_epoll_pwait2, ep, (long)&ev, 1, (long)&zero, 0, 8) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(rsys(SYS_epoll_pwait2, ep, (long)&ev, 1, 0, 0, 8) == 1);
	CHECK(ev.events == EPOLLIN);
	close(p[0]);
	close(p[1]);
	close(ep);
}

#define NSLEEPERS 4

/*
 * NSLEEPERS children, each with its own epoll instance watching one pipe
 * (with @flags), sleep in epoll_wait. One byte is written; once every child
 * has either returned (zombie) or is asleep again, returns how many returned.
 */
static int sleepers_woken(unsigned int flags)
{
	pid_t pid[NSLEEPERS];
	int p[2], ready[2], i, n, zombies, asleep;
	char st;

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(ready));
	for (i = 0; i < NSLEEPERS; i++) {
		pid[i] = fork_or_fail();
		if (pid[i] == 0) {
			struct epoll_event ev;
			int ep = epoll_create1(0);

			if (ep < 0 || ep_add(ep, p[0], EPOLLIN | flags) < 0)
				_exit(2);
			/* from here on the child sleeps only in epoll_wait */
			if (write(ready[1], "r", 1) != 1)
				_exit(4);
			n = epoll_wait(ep, &ev, 1, -1);
			_exit(n == 1 ? 0 : 3);
		}
	}
	for (i = 0; i < NSLEEPERS; i++)
		CHECK(read(ready[0], &st, 1) == 1);
	WAIT_FOR(({ for (asleep = i = 0; i < NSLEEPERS; i++) asleep += proc_state(pid[i]) == 'S';
		    asleep == NSLEEPERS; }), 20);
	CHECK(write(p[1], "x", 1) == 1);
	WAIT_FOR(({ for (zombies = asleep = i = 0; i < NSLEEPERS; i++) {
			st = proc_state(pid[i]);
			zombies += st == 'Z';
			asleep += st == 'S';
		    }
		    zombies > 0 && zombies + asleep == NSLEEPERS; }), 20);
	for (i = 0; i < NSLEEPERS; i++) {
		if (proc_state(pid[i]) == 'Z') {
			CHECK(wait_exit(pid[i]) == 0);
		} else {
			kill(pid[i], SIGKILL);
			waitpid(pid[i], NULL, 0);
		}
	}
	close(p[0]);
	close(p[1]);
	close(ready[0]);
	close(ready[1]);
	return zombies;
}

/* One write wakes every plain watcher, but only one (or a few) exclusive. */
static void epoll_exclusive(void)
{
	int plain = sleepers_woken(0);
	int excl = sleepers_woken(EPOLLEXCLUSIVE);

	if (plain != NSLEEPERS)
		fail("plain watchers: %d of %d woken", plain, NSLEEPERS);
	if (excl >= NSLEEPERS)
		fail("exclusive watchers: %d of %d woken", excl, NSLEEPERS);
}

/*
 * Lost wake-ups: NTHREADS threads in a ring, each sleeping in epoll_wait on
 * its own pipe, pass a token on for NROUNDS laps. A lost wake-up stalls the
 * ring and the bounded wait fails. Odd threads watch edge-triggered.
 */
#define NTHREADS 6
#define NROUNDS 300

static int ring[NTHREADS][2];

static void *ring_thread(void *arg)
{
	long me = (long)arg;
	int next = (me + 1) % NTHREADS, ep, round;
	unsigned int flags = me & 1 ? EPOLLET : 0;
	struct epoll_event ev;
	char c;

	ep = epoll_create1(0);
	if (ep < 0 || ep_add(ep, ring[me][0], EPOLLIN | flags) < 0)
		fail("ring %ld: setup", me);
	for (round = 0; round < NROUNDS; round++) {
		if (epoll_wait(ep, &ev, 1, 30000) != 1)
			fail("ring %ld: no token in round %d", me, round);
		if (read(ring[me][0], &c, 1) != 1)
			fail("ring %ld: read", me);
		if (write(ring[next][1], &c, 1) != 1)
			fail("ring %ld: write", me);
	}
	close(ep);
	return NULL;
}

static void epoll_lost_wakeup(void)
{
	pthread_t t[NTHREADS];
	long i;

	for (i = 0; i < NTHREADS; i++)
		CHECK_OK(pipe(ring[i]));
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, ring_thread, (void *)i) == 0);
	CHECK(write(ring[0][1], "t", 1) == 1);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
}

/*
 * Many threads sleeping on one shared epoll fd (edge-triggered, no
 * timeout), a stream of single bytes written one at a time: each must be
 * taken, or the bounded wait fails. A level-triggered quit pipe in the same
 * set ends every thread.
 */
#define NSHARED 4
#define NBYTES 2000

static int shared_ep, shared_pipe[2], quit_pipe[2];
static int consumed;

static void *shared_thread(void *arg)
{
	struct epoll_event ev;
	char c;

	(void)arg;
	for (;;) {
		if (epoll_wait(shared_ep, &ev, 1, -1) != 1)
			fail("epoll_wait: errno %d", errno);
		if (ev.data.u64 == (uint64_t)quit_pipe[0] + 1000)
			return NULL;
		while (read(shared_pipe[0], &c, 1) == 1)
			__atomic_add_fetch(&consumed, 1, __ATOMIC_SEQ_CST);
	}
}

static void epoll_shared_stress(void)
{
	pthread_t t[NSHARED];
	int i;

	CHECK_OK(shared_ep = epoll_create1(0));
	CHECK_OK(pipe2(shared_pipe, O_NONBLOCK));
	CHECK_OK(pipe(quit_pipe));
	CHECK_OK(ep_add(shared_ep, shared_pipe[0], EPOLLIN | EPOLLET));
	CHECK_OK(ep_add(shared_ep, quit_pipe[0], EPOLLIN));
	for (i = 0; i < NSHARED; i++)
		CHECK(pthread_create(&t[i], NULL, shared_thread, NULL) == 0);
	for (i = 0; i < NBYTES; i++) {
		CHECK(write(shared_pipe[1], "x", 1) == 1);
		WAIT_FOR(__atomic_load_n(&consumed, __ATOMIC_SEQ_CST) > i, 20);
	}
	CHECK(write(quit_pipe[1], "q", 1) == 1);
	for (i = 0; i < NSHARED; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
}

/* The wake-ups summed in /proc/net/epoll_stat (shoal only). */
static unsigned long epoll_stat_wakeups(void)
{
	unsigned long w = 0, s;
	char buf[256];
	int fd, n;

	CHECK_OK(fd = open("/proc/net/epoll_stat", O_RDONLY));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(n > 0);
	buf[n] = 0;
	CHECK(sscanf(buf, "wakeups %lu\nspurious %lu", &w, &s) == 2);
	return w;
}

/* shoal's own counters: a sleeper woken by an event is counted. */
static void epoll_counters(void)
{
	unsigned long w0, w1;
	int ep, p[2], ready[2];
	pid_t pid;
	char c;

	if (!on_shoal)
		return;         /* Linux has no such file */
	w0 = epoll_stat_wakeups();
	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(ep_add(ep, p[0], EPOLLIN));
	CHECK_OK(pipe(ready));
	pid = fork_or_fail();
	if (pid == 0) {
		struct epoll_event ev;

		/* from here on the child sleeps only in epoll_wait */
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		_exit(epoll_wait(ep, &ev, 1, 20000) == 1 ? 0 : 1);
	}
	CHECK(read(ready[0], &c, 1) == 1);
	WAIT_FOR(proc_state(pid) == 'S', 20);
	CHECK(write(p[1], "x", 1) == 1);
	wait_ok(pid);
	w1 = epoll_stat_wakeups();
	if (w1 <= w0)
		fail("wake-ups %lu before, %lu after", w0, w1);
	close(p[0]);
	close(p[1]);
	close(ep);
}

/* /proc/self/fdinfo of an epoll fd lists each watched fd as Linux does. */
static void epoll_fdinfo(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234abcd };
	char path[64], buf[1024], want[128];
	int ep, p[2], fd, n;

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(pipe(p));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ep);
	CHECK_OK(fd = open(path, O_RDONLY));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(n > 0);
	buf[n] = 0;
	CHECK(strncmp(buf, "pos:", 4) == 0);
	snprintf(want, sizeof(want), "tfd: %8d events: %8x data: %16llx  pos:0 ino:",
		 p[0], EPOLLIN | EPOLLERR | EPOLLHUP, 0x1234abcdULL);
	if (!strstr(buf, want))
		fail("no \"%s\" in:\n%s", want, buf);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	CHECK_OK(fd = open(path, O_RDONLY));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(n > 0);
	buf[n] = 0;
	CHECK(!strstr(buf, "tfd:"));
	close(p[0]);
	close(p[1]);
	close(ep);
}

/* The console is writable under epoll as under poll; /dev/null has no ->poll. */
static void epoll_tty_devnull(void)
{
	struct epoll_event ev;
	int ep, fd;

	CHECK_OK(ep = epoll_create1(0));
	CHECK_OK(fd = open("/dev/console", O_WRONLY | O_NOCTTY));
	CHECK_OK(ep_add(ep, fd, EPOLLOUT));
	CHECK(epoll_wait(ep, &ev, 1, 1000) == 1);
	CHECK(ev.events == EPOLLOUT);
	close(fd);
	CHECK_OK(fd = open("/dev/null", O_RDWR));
	CHECK_ERR(ep_add(ep, fd, EPOLLIN), EPERM);
	close(fd);
	close(ep);
}

/* 1000 pipe ends watched; the one made readable is the only one reported. */
#define NMANY 500

static void epoll_many(void)
{
	static int p[NMANY][2];
	struct epoll_event ev[4];
	int ep, i;

	CHECK_OK(ep = epoll_create1(0));
	for (i = 0; i < NMANY; i++) {
		CHECK_OK(pipe(p[i]));
		CHECK_OK(ep_add(ep, p[i][0], EPOLLIN));
		CHECK_OK(ep_add(ep, p[i][1], EPOLLIN));     /* a write end: never readable */
	}
	CHECK(epoll_wait(ep, ev, 4, 0) == 0);
	CHECK(write(p[337][1], "x", 1) == 1);
	CHECK(epoll_wait(ep, ev, 4, 0) == 1);
	CHECK(ev[0].data.u64 == (uint64_t)p[337][0] + 1000);
	for (i = 0; i < NMANY; i += 2)
		CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[i][1], NULL));
	CHECK(epoll_wait(ep, ev, 4, 0) == 1);
	for (i = 0; i < NMANY; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	CHECK(epoll_wait(ep, ev, 4, 0) == 0);
	close(ep);
}

const struct test epoll_tests[] = {
	{ "epoll_create_flags", epoll_create_flags },
	{ "epoll_ctl_errors", epoll_ctl_errors },
	{ "epoll_wait_errors", epoll_wait_errors },
	{ "epoll_lt_pipe", epoll_lt_pipe },
	{ "epoll_et_pipe", epoll_et_pipe },
	{ "epoll_et_socket", epoll_et_socket },
	{ "epoll_oneshot", epoll_oneshot },
	{ "epoll_rdhup", epoll_rdhup },
	{ "epoll_sockets", epoll_sockets },
	{ "epoll_nested", epoll_nested },
	{ "epoll_nest_depth", epoll_nest_depth },
	{ "epoll_close_watched", epoll_close_watched },
	{ "epoll_fork", epoll_fork },
	{ "epoll_pwait_sigmask", epoll_pwait_sigmask },
	{ "epoll_pwait2_timeout", epoll_pwait2_timeout },
	{ "epoll_exclusive", epoll_exclusive },
	{ "epoll_lost_wakeup", epoll_lost_wakeup },
	{ "epoll_shared_stress", epoll_shared_stress },
	{ "epoll_counters", epoll_counters },
	{ "epoll_fdinfo", epoll_fdinfo },
	{ "epoll_tty_devnull", epoll_tty_devnull },
	{ "epoll_many", epoll_many },
	{ NULL, NULL },
};
