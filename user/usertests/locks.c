/*
 * Advisory file locks: POSIX record locks (F_GETLK/F_SETLK/F_SETLKW), OFD
 * locks (F_OFD_*) and flock.  A POSIX lock belongs to the process, so
 * conflicts are seen from a forked child; children report through their
 * exit status and pipes order every step.  "The child is blocked" is
 * observed as: it told us it is about to lock, /proc says it sleeps, and
 * its "got it" message has not arrived; never by sleeping.
 */
#include "usertests.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>

/* A fresh empty file of 100 bytes, O_RDWR; its path in @path. */
static int lk_open(char *path, size_t len, const char *name)
{
	int fd;

	tmp_path(path, len, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(ftruncate(fd, 100) == 0);
	return fd;
}

static int lk_reopen(const char *path, int flags)
{
	int fd = open(path, flags);

	CHECK(fd >= 0);
	return fd;
}

/* fcntl with a struct flock; returns fcntl's result (errno set). */
static int lk(int fd, int cmd, int type, int whence, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start,
			    .l_len = len, .l_pid = 0 };

	return fcntl(fd, cmd, &fl);
}

static int setlk(int fd, int type, long start, long len)
{
	return lk(fd, F_SETLK, type, SEEK_SET, start, len);
}

/* F_GETLK (or F_OFD_GETLK) of [start, start+len): the reported lock. */
static struct flock getlk(int fd, int cmd, int type, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start,
			    .l_len = len, .l_pid = 0 };

	if (fcntl(fd, cmd, &fl) != 0)
		fail("F_GETLK: errno %d (%s)", errno, strerrorname(errno));
	return fl;
}

/* The first conflicting lock must be exactly this (type F_UNLCK: none). */
static void expect_lk(int fd, int cmd, int type, long start, long len,
		      int want_type, long want_start, long want_len, int want_pid)
{
	struct flock fl = getlk(fd, cmd, type, start, len);

	if (fl.l_type != want_type)
		fail("GETLK [%ld,+%ld): type %d, want %d", start, len, fl.l_type, want_type);
	if (want_type == F_UNLCK) {
		/* Linux leaves the rest as given */
		CHECK(fl.l_start == start && fl.l_len == len);
		return;
	}
	if (fl.l_whence != SEEK_SET || fl.l_start != want_start || fl.l_len != want_len ||
	    fl.l_pid != want_pid)
		fail("GETLK [%ld,+%ld): whence %d start %ld len %ld pid %d, want %ld %ld %d",
		     start, len, fl.l_whence, (long)fl.l_start, (long)fl.l_len, fl.l_pid,
		     want_start, want_len, want_pid);
}

static void put(int fd, char c)
{
	CHECK(write(fd, &c, 1) == 1);
}

static void get(int fd, char want)
{
	char c = 0;

	if (read(fd, &c, 1) != 1 || c != want)
		fail("pipe: got '%c', want '%c'", c ? c : '?', want);
}

/* No message waiting on a non-blocking pipe. */
static void nothing_on(int fd)
{
	char c;

	CHECK_ERR(read(fd, &c, 1), EAGAIN);
}

/* @pid sleeps (in the lock call it announced). */
static void wait_sleeping(pid_t pid)
{
	WAIT_FOR(proc_state(pid) == 'S', 20);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* SIGUSR1 interrupts system calls: no SA_RESTART. */
static void catch_usr1(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
}

/* Pipe pair for a parent and its child: c2p[0] non-blocking. */
struct chan { int p2c[2], c2p[2]; };

static void chan_open(struct chan *c)
{
	CHECK(pipe(c->p2c) == 0);
	CHECK(pipe(c->c2p) == 0);
	CHECK(fcntl(c->c2p[0], F_SETFL, O_NONBLOCK) == 0);
}

/* In the child: keep only its ends. */
static void chan_child(struct chan *c)
{
	close(c->p2c[1]);
	close(c->c2p[0]);
}

static void chan_parent(struct chan *c)
{
	close(c->p2c[0]);
	close(c->c2p[1]);
}

/* A blocking read from the non-blocking end. */
static void get_nb(int fd, char want)
{
	CHECK(fcntl(fd, F_SETFL, 0) == 0);
	get(fd, want);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
}

/* ---- POSIX locks ---- */

/* No lock, or only our own: F_GETLK says F_UNLCK and leaves the rest. */
static void lk_getlk_none(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk1");

	expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
	CHECK(setlk(fd, F_WRLCK, 0, 0) == 0);
	expect_lk(fd, F_GETLK, F_WRLCK, 5, 10, F_UNLCK, 0, 0, 0);
	CHECK(setlk(fd, F_UNLCK, 0, 0) == 0);
	close(fd);
	unlink(path);
}

/* Another process sees the lock, its range and our pid; read locks share. */
static void lk_getlk_conflict(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk2");
	pid_t me = getpid(), pid;

	CHECK(setlk(fd, F_WRLCK, 10, 10) == 0);
	CHECK(setlk(fd, F_RDLCK, 50, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_RDLCK, 0, 100, F_WRLCK, 10, 10, me);
		expect_lk(fd, F_GETLK, F_WRLCK, 20, 0, F_RDLCK, 50, 0, me);
		expect_lk(fd, F_GETLK, F_WRLCK, 20, 30, F_UNLCK, 0, 0, 0);
		expect_lk(fd, F_GETLK, F_RDLCK, 60, 5, F_UNLCK, 0, 0, 0);
		CHECK_ERR(setlk(fd, F_RDLCK, 15, 1), EAGAIN);
		CHECK_ERR(setlk(fd, F_WRLCK, 1000, 1), EAGAIN);
		CHECK(setlk(fd, F_RDLCK, 1000, 1) == 0);
		CHECK(setlk(fd, F_WRLCK, 0, 10) == 0);     /* adjacent, not overlapping */
		_exit(0);
	}
	wait_ok(pid);
	close(fd);
	unlink(path);
}

/* Unlocking the middle splits a lock, relocking merges, a type change cuts. */
static void lk_split_merge(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk3");
	pid_t me = getpid(), pid;

	CHECK(setlk(fd, F_WRLCK, 0, 100) == 0);
	CHECK(setlk(fd, F_UNLCK, 40, 20) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_WRLCK, 0, 40, me);
		expect_lk(fd, F_GETLK, F_WRLCK, 40, 20, F_UNLCK, 0, 0, 0);
		expect_lk(fd, F_GETLK, F_WRLCK, 40, 0, F_WRLCK, 60, 40, me);
		_exit(0);
	}
	wait_ok(pid);

	/* relock the hole and extend: one lock [0,100), then [0,120) */
	CHECK(setlk(fd, F_WRLCK, 40, 20) == 0);
	CHECK(setlk(fd, F_WRLCK, 100, 20) == 0);
	/* downgrade the middle: write [0,20) read [20,30) write [30,120) */
	CHECK(setlk(fd, F_RDLCK, 20, 10) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_WRLCK, 0, 20, me);
		expect_lk(fd, F_GETLK, F_RDLCK, 20, 10, F_UNLCK, 0, 0, 0);
		expect_lk(fd, F_GETLK, F_WRLCK, 20, 10, F_RDLCK, 20, 10, me);
		expect_lk(fd, F_GETLK, F_RDLCK, 25, 0, F_WRLCK, 30, 90, me);
		_exit(0);
	}
	wait_ok(pid);

	/* upgrade it back: one write lock again */
	CHECK(setlk(fd, F_WRLCK, 20, 10) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_RDLCK, 0, 0, F_WRLCK, 0, 120, me);
		_exit(0);
	}
	wait_ok(pid);
	close(fd);
	unlink(path);
}

/* l_whence, negative lengths; EINVAL, EOVERFLOW and EBADF as Linux. */
static void lk_args(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk4"), ro, wo;
	pid_t me = getpid(), pid;
	struct flock fl;

	CHECK(lseek(fd, 30, SEEK_SET) == 30);
	CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, 20, 5) == 0);      /* [50,55) */
	CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_END, -10, 10) == 0);    /* [90,100) */
	CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, -5) == 0);     /* [5,10) */
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_WRLCK, 5, 5, me);
		expect_lk(fd, F_GETLK, F_WRLCK, 10, 0, F_WRLCK, 50, 5, me);
		expect_lk(fd, F_GETLK, F_WRLCK, 55, 0, F_WRLCK, 90, 10, me);
		_exit(0);
	}
	wait_ok(pid);

	CHECK_ERR(lk(fd, F_SETLK, 7, SEEK_SET, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 7, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_GETLK, 7, SEEK_SET, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 3, -4), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 2, LONG_MAX), EOVERFLOW);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, LONG_MAX, 1), EOVERFLOW);
	CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, LONG_MAX) == 0);  /* to OFFSET_MAX */
	CHECK_ERR(fcntl(fd, F_SETLK, (struct flock *)8), EFAULT);

	ro = lk_reopen(path, O_RDONLY);
	wo = lk_reopen(path, O_WRONLY);
	CHECK_ERR(setlk(ro, F_WRLCK, 0, 1), EBADF);
	CHECK_ERR(setlk(wo, F_RDLCK, 0, 1), EBADF);
	CHECK(setlk(ro, F_RDLCK, 0, 1) == 0);
	CHECK(setlk(wo, F_WRLCK, 0, 1) == 0);
	CHECK(setlk(ro, F_UNLCK, 0, 1) == 0);
	fl = getlk(ro, F_GETLK, F_WRLCK, 0, 1);       /* testing needs no access */
	CHECK(fl.l_type == F_UNLCK);
	CHECK_ERR(setlk(-1, F_RDLCK, 0, 1), EBADF);
	close(ro);
	close(wo);
	close(fd);
	unlink(path);
}

/* Closing any descriptor of the file drops the process's locks on it. */
static void lk_close_other_fd(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk5"), fd2, d, nul;
	pid_t me = getpid(), pid;

	fd2 = lk_reopen(path, O_RDONLY);
	CHECK(setlk(fd, F_WRLCK, 0, 10) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_WRLCK, 0, 10, me);
		_exit(0);
	}
	wait_ok(pid);
	close(fd2);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
		_exit(0);
	}
	wait_ok(pid);

	/* through a dup, and through dup2 over a descriptor of the file */
	CHECK(setlk(fd, F_WRLCK, 0, 10) == 0);
	d = dup(fd);
	CHECK(d >= 0);
	close(d);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
		_exit(0);
	}
	wait_ok(pid);
	CHECK(setlk(fd, F_WRLCK, 0, 10) == 0);
	d = dup(fd);
	CHECK(d >= 0);
	nul = lk_reopen("/dev/null", O_RDONLY);
	CHECK(dup2(nul, d) == d);
	close(nul);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
		_exit(0);
	}
	wait_ok(pid);
	close(d);
	close(fd);
	unlink(path);
}

/* F_SETLKW sleeps while the conflict lasts and gets the lock when it goes. */
static void lk_setlkw_blocks(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk6");
	struct chan c;
	pid_t pid;

	chan_open(&c);
	CHECK(setlk(fd, F_WRLCK, 0, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		chan_child(&c);
		put(c.c2p[1], 'r');
		CHECK(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 10, 10) == 0);
		put(c.c2p[1], 'g');
		get(c.p2c[0], 'x');
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pid);
	nothing_on(c.c2p[0]);
	/* shrinking our lock away from its range wakes it */
	CHECK(setlk(fd, F_UNLCK, 5, 20) == 0);
	get_nb(c.c2p[0], 'g');
	expect_lk(fd, F_GETLK, F_RDLCK, 0, 0, F_WRLCK, 10, 10, pid);
	CHECK_ERR(setlk(fd, F_RDLCK, 12, 1), EAGAIN);
	put(c.p2c[1], 'x');
	wait_ok(pid);
	/* its exit dropped its lock */
	CHECK(setlk(fd, F_WRLCK, 0, 0) == 0);
	close(fd);
	unlink(path);
}

/* A signal with a handler (no SA_RESTART) ends F_SETLKW with EINTR. */
static void lk_setlkw_eintr(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk7");
	struct chan c;
	pid_t pid;

	chan_open(&c);
	CHECK(setlk(fd, F_RDLCK, 0, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		chan_child(&c);
		catch_usr1();
		put(c.c2p[1], 'r');
		CHECK_ERR(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1), EINTR);
		/* and it holds nothing */
		put(c.c2p[1], 'i');
		get(c.p2c[0], 'x');
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pid);
	CHECK(kill(pid, SIGUSR1) == 0);
	get_nb(c.c2p[0], 'i');
	expect_lk(fd, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
	put(c.p2c[1], 'x');
	wait_ok(pid);
	close(fd);
	unlink(path);
}

/* Waiting for a process that waits for us: EDEADLK instead of sleeping. */
static void lk_edeadlk(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk8");
	struct chan c;
	pid_t pid;

	chan_open(&c);
	CHECK(setlk(fd, F_WRLCK, 0, 1) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		chan_child(&c);
		CHECK(setlk(fd, F_WRLCK, 1, 1) == 0);
		put(c.c2p[1], 'r');
		CHECK(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1) == 0);
		put(c.c2p[1], 'g');
		get(c.p2c[0], 'x');
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pid);
	CHECK_ERR(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1), EDEADLK);
	/* a non-blocking attempt is just a conflict */
	CHECK_ERR(setlk(fd, F_WRLCK, 1, 1), EAGAIN);
	nothing_on(c.c2p[0]);
	CHECK(setlk(fd, F_UNLCK, 0, 1) == 0);
	get_nb(c.c2p[0], 'g');
	put(c.p2c[1], 'x');
	wait_ok(pid);
	close(fd);
	unlink(path);
}

static int usr1_pipe = -1;

/* The handler says it ran (write is async-signal-safe). */
static void note_usr1(int sig)
{
	char c = 'h';

	(void)sig;
	if (write(usr1_pipe, &c, 1) != 1)
		_exit(3);
}

/* With SA_RESTART the handler runs and F_SETLKW goes back to waiting. */
static void lk_setlkw_restart(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk15");
	struct chan c;
	pid_t pid;

	chan_open(&c);
	CHECK(setlk(fd, F_WRLCK, 0, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = note_usr1, .sa_flags = SA_RESTART };

		chan_child(&c);
		usr1_pipe = c.c2p[1];
		sigemptyset(&sa.sa_mask);
		CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
		put(c.c2p[1], 'r');
		CHECK(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1) == 0);
		put(c.c2p[1], 'g');
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pid);
	CHECK(kill(pid, SIGUSR1) == 0);
	/* the handler ran, and the call sleeps again */
	get_nb(c.c2p[0], 'h');
	wait_sleeping(pid);
	nothing_on(c.c2p[0]);
	CHECK(setlk(fd, F_UNLCK, 0, 0) == 0);
	get_nb(c.c2p[0], 'g');
	wait_ok(pid);
	close(fd);
	unlink(path);
}

/*
 * Mutual exclusion under contention: each process adds 1 to a counter in
 * the file under a lock, many times; no increment may be lost. Run with
 * POSIX locks, OFD locks and flock.
 */
#define LK_PROCS 4
#define LK_ROUNDS 200

static void lk_lock_kind(int kind, int fd, int type)
{
	if (kind == 0)
		CHECK(lk(fd, F_SETLKW, type, SEEK_SET, 0, 8) == 0);
	else if (kind == 1)
		CHECK(lk(fd, F_OFD_SETLKW, type, SEEK_SET, 0, 8) == 0);
	else
		CHECK(flock(fd, type == F_WRLCK ? LOCK_EX : LOCK_UN) == 0);
}

static void lk_unlock_kind(int kind, int fd)
{
	if (kind == 0)
		CHECK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 8) == 0);
	else if (kind == 1)
		CHECK(lk(fd, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 8) == 0);
	else
		CHECK(flock(fd, LOCK_UN) == 0);
}

static void lk_contend(int kind)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk16");
	pid_t pids[LK_PROCS];
	long v = 0;
	int i;

	CHECK(pwrite(fd, &v, sizeof(v), 0) == sizeof(v));
	for (i = 0; i < LK_PROCS; i++) {
		pids[i] = fork_or_fail();
		if (pids[i] == 0) {
			/* its own open file description (OFD, flock) */
			int my = lk_reopen(path, O_RDWR);
			int r;

			if (ncpus > 1)
				pin_self(cpus[i % ncpus]);
			for (r = 0; r < LK_ROUNDS; r++) {
				lk_lock_kind(kind, my, F_WRLCK);
				CHECK(pread(my, &v, sizeof(v), 0) == sizeof(v));
				v++;
				if (r % 8 == 0)
					sched_yield();  /* let the others pile up */
				CHECK(pwrite(my, &v, sizeof(v), 0) == sizeof(v));
				lk_unlock_kind(kind, my);
			}
			_exit(0);
		}
	}
	for (i = 0; i < LK_PROCS; i++)
		wait_ok(pids[i]);
	CHECK(pread(fd, &v, sizeof(v), 0) == sizeof(v));
	if (v != LK_PROCS * LK_ROUNDS)
		fail("counter %ld, want %d: lost updates", v, LK_PROCS * LK_ROUNDS);
	close(fd);
	unlink(path);
}

static void lk_contend_posix(void)
{
	lk_contend(0);
}

static void lk_contend_ofd(void)
{
	lk_contend(1);
}

static void lk_contend_flock(void)
{
	lk_contend(2);
}

/* Threads share their process's POSIX locks, and a thread's close drops them. */
static int lk_thread_fd;
static char lk_thread_path[64];

static void *lk_thread(void *arg)
{
	int fd2;

	(void)arg;
	/* same owner: no conflict, and the lock is now a read lock */
	CHECK(setlk(lk_thread_fd, F_RDLCK, 0, 10) == 0);
	fd2 = lk_reopen(lk_thread_path, O_RDONLY);
	close(fd2);
	return NULL;
}

static void lk_threads(void)
{
	pthread_t t;
	pid_t pid;

	lk_thread_fd = lk_open(lk_thread_path, sizeof(lk_thread_path), "lk17");
	CHECK(setlk(lk_thread_fd, F_WRLCK, 0, 10) == 0);
	CHECK(pthread_create(&t, NULL, lk_thread, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(lk_thread_fd, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
		_exit(0);
	}
	wait_ok(pid);
	close(lk_thread_fd);
	unlink(lk_thread_path);
}

/*
 * A cycle through three processes: A holds byte 0, B byte 1, C byte 2; B
 * waits for C, C waits for A, then A asking for B's byte (or C's) gets
 * EDEADLK: the walk follows B -> C -> A.
 */
static void lk_edeadlk3(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk18");
	struct chan b, c;
	pid_t pb, pc;

	chan_open(&b);
	chan_open(&c);
	CHECK(setlk(fd, F_WRLCK, 0, 1) == 0);
	pc = fork_or_fail();
	if (pc == 0) {
		chan_child(&c);
		CHECK(setlk(fd, F_WRLCK, 2, 1) == 0);
		put(c.c2p[1], 'r');
		get(c.p2c[0], 'w');
		put(c.c2p[1], 'r');
		CHECK(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1) == 0);
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	pb = fork_or_fail();
	if (pb == 0) {
		chan_child(&b);
		CHECK(setlk(fd, F_WRLCK, 1, 1) == 0);
		put(b.c2p[1], 'r');
		CHECK(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 2, 1) == 0);
		_exit(0);
	}
	chan_parent(&b);
	get_nb(b.c2p[0], 'r');
	wait_sleeping(pb);              /* B waits for C */
	put(c.p2c[1], 'w');
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pc);              /* C waits for A */
	CHECK_ERR(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1), EDEADLK);
	CHECK_ERR(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 2, 1), EDEADLK);
	/* our exit from the cycle lets C, then B, finish */
	CHECK(setlk(fd, F_UNLCK, 0, 1) == 0);
	wait_ok(pc);
	wait_ok(pb);
	close(fd);
	unlink(path);
}

/* ---- OFD locks ---- */

/* l_pid must be 0; two open()s of one process conflict; OFD reports pid -1. */
static void lk_ofd(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk9"), fd2, fd3, d;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1, .l_pid = 1 };
	pid_t pid;

	CHECK_ERR(fcntl(fd, F_OFD_SETLK, &fl), EINVAL);
	CHECK_ERR(fcntl(fd, F_OFD_SETLKW, &fl), EINVAL);
	CHECK_ERR(fcntl(fd, F_OFD_GETLK, &fl), EINVAL);

	fd2 = lk_reopen(path, O_RDWR);
	CHECK(lk(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	CHECK_ERR(lk(fd2, F_OFD_SETLK, F_RDLCK, SEEK_SET, 5, 1), EAGAIN);
	expect_lk(fd2, F_OFD_GETLK, F_RDLCK, 0, 0, F_WRLCK, 0, 10, -1);
	/* the same description, through a dup, owns it */
	d = dup(fd);
	CHECK(lk(d, F_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 5) == 0);
	close(d);
	/* closing another descriptor of the file keeps OFD locks */
	fd3 = lk_reopen(path, O_RDONLY);
	close(fd3);
	/* POSIX locks of this very process conflict with it */
	CHECK_ERR(setlk(fd2, F_RDLCK, 7, 1), EAGAIN);
	expect_lk(fd2, F_GETLK, F_RDLCK, 0, 0, F_WRLCK, 5, 5, -1);
	pid = fork_or_fail();
	if (pid == 0) {
		expect_lk(fd2, F_GETLK, F_WRLCK, 0, 0, F_RDLCK, 0, 5, -1);
		/* a child's copy of the descriptor shares the description */
		CHECK(lk(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
		_exit(0);
	}
	wait_ok(pid);
	expect_lk(fd2, F_OFD_GETLK, F_RDLCK, 0, 0, F_WRLCK, 0, 10, -1);
	/* the last close of the description drops its locks */
	close(fd);
	CHECK(lk(fd2, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 0) == 0);
	close(fd2);
	unlink(path);
}

/* POSIX locks of another owner block OFD requests; F_OFD_GETLK gives their pid. */
static void lk_ofd_posix(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk10"), fd2;
	struct chan c;
	pid_t pid, me = getpid();

	fd2 = lk_reopen(path, O_RDWR);
	CHECK(setlk(fd, F_WRLCK, 0, 10) == 0);
	CHECK_ERR(lk(fd2, F_OFD_SETLK, F_RDLCK, SEEK_SET, 5, 10), EAGAIN);
	expect_lk(fd2, F_OFD_GETLK, F_RDLCK, 5, 10, F_WRLCK, 0, 10, me);
	CHECK(lk(fd2, F_OFD_SETLK, F_RDLCK, SEEK_SET, 10, 10) == 0);

	/* an OFD waiter is woken when the POSIX lock goes */
	chan_open(&c);
	pid = fork_or_fail();
	if (pid == 0) {
		chan_child(&c);
		put(c.c2p[1], 'r');
		CHECK(lk(fd2, F_OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 5) == 0);
		put(c.c2p[1], 'g');
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pid);
	nothing_on(c.c2p[0]);
	close(fd);              /* drops our POSIX lock */
	get_nb(c.c2p[0], 'g');
	wait_ok(pid);
	/* the child exited; the description (still ours too) keeps the lock */
	fd = lk_reopen(path, O_RDWR);
	CHECK_ERR(setlk(fd, F_RDLCK, 0, 1), EAGAIN);
	close(fd);
	close(fd2);
	unlink(path);
}

/* ---- flock ---- */

static void lk_flock(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk11"), fd2;
	pid_t pid;

	fd2 = lk_reopen(path, O_RDONLY);
	CHECK(flock(fd, LOCK_EX) == 0);
	CHECK(flock(fd, LOCK_EX) == 0);
	CHECK_ERR(flock(fd2, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_ERR(flock(fd2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	CHECK(flock(fd, LOCK_SH) == 0);                 /* downgrade */
	CHECK(flock(fd2, LOCK_SH | LOCK_NB) == 0);
	/* a conversion drops the old lock first: a failed one leaves none */
	CHECK_ERR(flock(fd, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK(flock(fd2, LOCK_EX | LOCK_NB) == 0);      /* upgrade */
	CHECK_ERR(flock(fd, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	CHECK(flock(fd2, LOCK_UN) == 0);
	CHECK(flock(fd2, LOCK_UN) == 0);                /* nothing to drop */
	CHECK(flock(fd, LOCK_EX | LOCK_NB) == 0);

	/* flock and POSIX locks do not see each other */
	CHECK(setlk(fd, F_WRLCK, 0, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		int fd3 = lk_reopen(path, O_RDWR);

		CHECK_ERR(flock(fd3, LOCK_SH | LOCK_NB), EWOULDBLOCK);
		CHECK_ERR(setlk(fd3, F_RDLCK, 0, 1), EAGAIN);
		CHECK(setlk(fd, F_UNLCK, 0, 0) == 0);
		_exit(0);
	}
	wait_ok(pid);
	CHECK(flock(fd, LOCK_UN) == 0);
	CHECK(flock(fd2, LOCK_EX | LOCK_NB) == 0);

	CHECK_ERR(flock(fd, 0), EINVAL);
	CHECK_ERR(flock(fd, LOCK_SH | LOCK_EX), EINVAL);
	CHECK_ERR(flock(fd, LOCK_NB), EINVAL);
	CHECK_ERR(flock(-1, LOCK_SH), EBADF);
	close(fd);
	close(fd2);
	unlink(path);
}

/* Dup'd and forked descriptors share the lock; it goes with the last close. */
static void lk_flock_shared(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk12"), fd2, d;
	struct chan c;
	pid_t pid;

	fd2 = lk_reopen(path, O_RDWR);
	CHECK(flock(fd, LOCK_EX) == 0);
	d = dup(fd);
	CHECK(d >= 0);
	close(fd);
	CHECK_ERR(flock(fd2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	chan_open(&c);
	pid = fork_or_fail();
	if (pid == 0) {
		chan_child(&c);
		CHECK(flock(d, LOCK_EX | LOCK_NB) == 0);        /* already its own */
		put(c.c2p[1], 'r');
		get(c.p2c[0], 'x');
		_exit(0);       /* the last close of the description */
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	close(d);
	CHECK_ERR(flock(fd2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	put(c.p2c[1], 'x');
	wait_ok(pid);
	CHECK(flock(fd2, LOCK_EX | LOCK_NB) == 0);
	close(fd2);
	unlink(path);
}

/* A blocking flock sleeps, is interrupted by a handled signal, then gets the lock. */
static void lk_flock_wait(void)
{
	char path[64];
	int fd = lk_open(path, sizeof(path), "lk13");
	struct chan c;
	pid_t pid;

	chan_open(&c);
	CHECK(flock(fd, LOCK_SH) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		int fd3 = lk_reopen(path, O_RDWR);

		chan_child(&c);
		catch_usr1();
		CHECK(flock(fd3, LOCK_SH) == 0);
		put(c.c2p[1], 'r');
		CHECK_ERR(flock(fd3, LOCK_EX), EINTR);
		put(c.c2p[1], 'i');
		CHECK(flock(fd3, LOCK_EX) == 0);
		put(c.c2p[1], 'g');
		get(c.p2c[0], 'x');
		_exit(0);
	}
	chan_parent(&c);
	get_nb(c.c2p[0], 'r');
	wait_sleeping(pid);
	CHECK(kill(pid, SIGUSR1) == 0);
	get_nb(c.c2p[0], 'i');
	/* the failed conversion dropped its shared lock (as Linux) */
	wait_sleeping(pid);
	nothing_on(c.c2p[0]);
	CHECK(flock(fd, LOCK_UN) == 0);
	get_nb(c.c2p[0], 'g');
	{
		int fd4 = lk_reopen(path, O_RDONLY);

		CHECK_ERR(flock(fd4, LOCK_SH | LOCK_NB), EWOULDBLOCK);
		close(fd4);
	}
	put(c.p2c[1], 'x');
	wait_ok(pid);
	close(fd);
	unlink(path);
}

/* /proc/locks lists each kind as Linux prints it. */
static void lk_proc_locks(void)
{
	char path[64], want[96], buf[8192];
	int fd = lk_open(path, sizeof(path), "lk14"), fd2;

	fd2 = lk_reopen(path, O_RDWR);
	CHECK(setlk(fd, F_WRLCK, 0, 10) == 0);
	CHECK(lk(fd2, F_OFD_SETLK, F_RDLCK, SEEK_SET, 20, 0) == 0);
	CHECK(flock(fd, LOCK_EX) == 0);
	CHECK(read_text("/proc/locks", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), "POSIX  ADVISORY  WRITE %d ", (int)getpid());
	if (!strstr(buf, want))
		fail("no \"%s\" in /proc/locks:\n%s", want, buf);
	CHECK(strstr(strstr(buf, want), " 0 9\n"));
	if (!strstr(buf, "OFDLCK ADVISORY  READ -1 "))
		fail("no OFD lock in /proc/locks:\n%s", buf);
	snprintf(want, sizeof(want), "FLOCK  ADVISORY  WRITE %d ", (int)getpid());
	if (!strstr(buf, want))
		fail("no \"%s\" in /proc/locks:\n%s", want, buf);
	close(fd);
	close(fd2);
	unlink(path);
}

const struct test locks_tests[] = {
	{ "lk_getlk_none", lk_getlk_none },
	{ "lk_getlk_conflict", lk_getlk_conflict },
	{ "lk_split_merge", lk_split_merge },
	{ "lk_args", lk_args },
	{ "lk_close_other_fd", lk_close_other_fd },
	{ "lk_setlkw_blocks", lk_setlkw_blocks },
	{ "lk_setlkw_eintr", lk_setlkw_eintr },
	{ "lk_edeadlk", lk_edeadlk },
	{ "lk_edeadlk3", lk_edeadlk3 },
	{ "lk_setlkw_restart", lk_setlkw_restart },
	{ "lk_contend_posix", lk_contend_posix },
	{ "lk_contend_ofd", lk_contend_ofd },
	{ "lk_contend_flock", lk_contend_flock },
	{ "lk_threads", lk_threads },
	{ "lk_ofd", lk_ofd },
	{ "lk_ofd_posix", lk_ofd_posix },
	{ "lk_flock", lk_flock },
	{ "lk_flock_shared", lk_flock_shared },
	{ "lk_flock_wait", lk_flock_wait },
	{ "lk_proc_locks", lk_proc_locks },
	{ NULL, NULL },
};
