/*
 * POSIX message queues: names and attributes, priority order, size and
 * count limits, RLIMIT_MSGQUEUE per user, O_NONBLOCK, absolute timeouts (always in the past or far
 * in the future: no timing), blocking send and receive against a child,
 * mq_notify (SIGEV_SIGNAL, SIGEV_NONE), the QSIZE line, readiness, the
 * mqueue file system at /dev/mqueue and the /proc/sys/fs/mqueue limits.
 */
#include "usertests.h"

#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <grp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void mq_name(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "/ut-%d-%s", (int)getpid(), tag);
}

static mqd_t mq_make(const char *name, int flags, long maxmsg, long msgsize)
{
	struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | flags, 0600, &a);

	if (q == (mqd_t)-1)
		fail("mq_open %s: errno %d (%s)", name, errno, strerrorname(errno));
	return q;
}

static void send_str(mqd_t q, const char *s, unsigned int prio)
{
	CHECK_OK(mq_send(q, s, strlen(s), prio));
}

/* Receive one message, check its text and priority. */
static void recv_str(mqd_t q, const char *want, unsigned int want_prio)
{
	static char buf[16384];		/* room for the default message size */
	unsigned int prio = ~0u;
	ssize_t n = mq_receive(q, buf, sizeof(buf), &prio);

	if (n < 0)
		fail("mq_receive: errno %d (%s)", errno, strerrorname(errno));
	if ((size_t)n != strlen(want) || memcmp(buf, want, n) || prio != want_prio)
		fail("got %zd bytes prio %u, want \"%s\" prio %u", n, prio, want, want_prio);
}

static struct timespec past(void)
{
	return (struct timespec){ .tv_sec = 1, .tv_nsec = 0 };
}

static struct timespec far_future(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 60;
	return ts;
}

/* Names, O_CREAT/O_EXCL, attributes, close-on-exec, unlink. */
static void mqueue_open(void)
{
	char name[64], path[96];
	struct mq_attr a = { 0 }, bad = { .mq_maxmsg = 0, .mq_msgsize = 16 };
	struct stat st;
	mqd_t q;

	mq_name(name, sizeof(name), "open");
	q = mq_make(name, O_RDWR, 4, 64);
	CHECK(fcntl(q, F_GETFD) == FD_CLOEXEC);
	CHECK_OK(mq_getattr(q, &a));
	CHECK(a.mq_maxmsg == 4 && a.mq_msgsize == 64 && a.mq_curmsgs == 0 && a.mq_flags == 0);
	CHECK_OK(fstat(q, &st));
	CHECK((st.st_mode & 0777) == 0600);
	snprintf(path, sizeof(path), "/dev/mqueue%s", name);
	CHECK_OK(stat(path, &st));
	CHECK_ERR(mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, NULL), EEXIST);
	CHECK_ERR(mq_open("/ut-no-such-queue", O_RDWR), ENOENT);
	CHECK_ERR(mq_open("/ut-bad-attr", O_CREAT | O_RDWR, 0600, &bad), EINVAL);
	bad = (struct mq_attr){ .mq_maxmsg = 4, .mq_msgsize = 0 };
	CHECK_ERR(mq_open("/ut-bad-attr", O_CREAT | O_RDWR, 0600, &bad), EINVAL);
	bad = (struct mq_attr){ .mq_maxmsg = 1 << 20, .mq_msgsize = 16 };
	CHECK_ERR(mq_open("/ut-bad-attr", O_CREAT | O_RDWR, 0600, &bad), EINVAL);
	CHECK_ERR(mq_open("/ut/slash", O_CREAT | O_RDWR, 0600, NULL), EACCES);
	CHECK_ERR(mq_send(0, "x", 1, 0), EBADF);	/* not a queue */
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
	CHECK_ERR(mq_unlink(name), ENOENT);
	CHECK_ERR(stat(path, &st), ENOENT);
}

/* Highest priority first, sending order within one; size limits. */
static void mqueue_prio(void)
{
	char name[64], buf[64];
	mqd_t q;

	mq_name(name, sizeof(name), "prio");
	q = mq_make(name, O_RDWR, 8, 32);
	send_str(q, "one", 1);
	send_str(q, "five-a", 5);
	send_str(q, "three", 3);
	send_str(q, "five-b", 5);
	send_str(q, "zero", 0);
	CHECK_OK(mq_send(q, "", 0, 2));		/* empty messages are messages */
	CHECK_ERR(mq_send(q, "x", 1, 32768), EINVAL);
	memset(buf, 'x', sizeof(buf));
	CHECK_ERR(mq_send(q, buf, 33, 0), EMSGSIZE);
	CHECK_ERR(mq_receive(q, buf, 31, NULL), EMSGSIZE);
	recv_str(q, "five-a", 5);
	recv_str(q, "five-b", 5);
	recv_str(q, "three", 3);
	recv_str(q, "", 2);
	recv_str(q, "one", 1);
	recv_str(q, "zero", 0);
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

/* O_NONBLOCK (at open and by mq_setattr), timeouts in the past, access modes. */
static void mqueue_nonblock(void)
{
	struct mq_attr a = { 0 }, old = { 0 };
	struct timespec ts = past(), badts = { .tv_sec = 0, .tv_nsec = 2000000000L };
	char name[64], buf[64];
	mqd_t q, wo;

	mq_name(name, sizeof(name), "nb");
	q = mq_make(name, O_RDWR | O_NONBLOCK, 2, 16);
	CHECK_OK(mq_getattr(q, &a));
	CHECK(a.mq_flags == O_NONBLOCK);
	CHECK_ERR(mq_receive(q, buf, sizeof(buf), NULL), EAGAIN);
	send_str(q, "a", 0);
	send_str(q, "b", 0);
	CHECK_ERR(mq_send(q, "c", 1, 0), EAGAIN);
	CHECK_OK(mq_getattr(q, &a));
	CHECK(a.mq_curmsgs == 2);
	a.mq_flags = 0;
	CHECK_OK(mq_setattr(q, &a, &old));
	CHECK(old.mq_flags == O_NONBLOCK);
	CHECK_OK(mq_getattr(q, &a));
	CHECK(a.mq_flags == 0);
	CHECK(!(fcntl(q, F_GETFL) & O_NONBLOCK));
	a.mq_flags = O_APPEND;
	CHECK_ERR(mq_setattr(q, &a, NULL), EINVAL);
	CHECK_ERR(mq_timedsend(q, "c", 1, 0, &ts), ETIMEDOUT);
	CHECK_ERR(mq_timedsend(q, "c", 1, 0, &badts), EINVAL);
	recv_str(q, "a", 0);
	CHECK(mq_timedreceive(q, buf, sizeof(buf), NULL, &ts) == 1);	/* not empty: no wait */
	CHECK_ERR(mq_timedreceive(q, buf, sizeof(buf), NULL, &ts), ETIMEDOUT);
	CHECK_ERR(mq_timedreceive(q, buf, sizeof(buf), NULL, &badts), EINVAL);
	wo = mq_open(name, O_WRONLY);
	CHECK(wo != (mqd_t)-1);
	CHECK_ERR(mq_receive(wo, buf, sizeof(buf), NULL), EBADF);
	CHECK_OK(mq_close(wo));
	wo = mq_open(name, O_RDONLY);
	CHECK(wo != (mqd_t)-1);
	CHECK_ERR(mq_send(wo, "x", 1, 0), EBADF);
	CHECK_OK(mq_close(wo));
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

/* A receiver waits for a child's message; a sender waits for room. */
static void mqueue_blocking(void)
{
	struct timespec ts = far_future();
	char name[64], buf[64];
	unsigned int prio;
	pid_t pid;
	mqd_t q;

	mq_name(name, sizeof(name), "blk");
	q = mq_make(name, O_RDWR, 1, 16);
	pid = fork_or_fail();
	if (pid == 0) {
		mqd_t c = mq_open(name, O_WRONLY);

		if (c == (mqd_t)-1 || mq_send(c, "hello", 5, 7) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK(mq_timedreceive(q, buf, sizeof(buf), &prio, &ts) == 5);
	CHECK(!memcmp(buf, "hello", 5) && prio == 7);
	wait_ok(pid);
	send_str(q, "full", 0);
	pid = fork_or_fail();
	if (pid == 0) {
		mqd_t c = mq_open(name, O_RDONLY);
		char b[64];

		if (c == (mqd_t)-1 || mq_receive(c, b, sizeof(b), NULL) != 4)
			_exit(1);
		_exit(0);
	}
	send_str(q, "next", 1);			/* waits until the child made room */
	wait_ok(pid);
	recv_str(q, "next", 1);
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

static void expect_qsize(mqd_t q, unsigned long qsize, int notify, int signo, int pid)
{
	char want[128], got[128];
	ssize_t n;

	snprintf(want, sizeof(want), "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
		 qsize, notify, signo, pid);
	n = pread(q, got, sizeof(got) - 1, 0);
	CHECK(n > 0);
	got[n] = 0;
	if (strcmp(got, want))
		fail("queue file \"%s\", want \"%s\"", got, want);
}

/*
 * mq_notify: one process per queue (EBUSY for another); a message on the
 * empty queue sends the signal with SI_MESGQ and the value, and ends the
 * registration. The queue's file shows it.
 */
static void mqueue_notify(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1,
				.sigev_value.sival_int = 4242 };
	struct timespec wait = { 10, 0 };
	char name[64];
	siginfo_t si;
	sigset_t set;
	pid_t pid;
	mqd_t q;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	mq_name(name, sizeof(name), "ntf");
	q = mq_make(name, O_RDWR, 4, 16);
	expect_qsize(q, 0, 0, 0, 0);
	CHECK_OK(mq_notify(q, &sev));
	expect_qsize(q, 0, SIGEV_SIGNAL, SIGUSR1, getpid());
	CHECK_ERR(mq_notify(q, &sev), EBUSY);
	pid = fork_or_fail();
	if (pid == 0) {
		struct sigevent none = { .sigev_notify = SIGEV_NONE };
		mqd_t c = mq_open(name, O_WRONLY);

		if (c == (mqd_t)-1)
			_exit(1);
		if (mq_notify(c, &none) == 0 || errno != EBUSY)
			_exit(2);
		if (mq_notify(c, NULL) != 0)	/* not the owner: nothing happens */
			_exit(3);
		if (mq_send(c, "abcde", 5, 0) < 0)
			_exit(4);
		_exit(0);
	}
	wait_ok(pid);
	CHECK(sigtimedwait(&set, &si, &wait) == SIGUSR1);
	CHECK(si.si_code == SI_MESGQ && si.si_value.sival_int == 4242 && si.si_pid == pid);
	expect_qsize(q, 5, 0, 0, 0);
	/* registration over; a queue that is not empty sends nothing */
	sev.sigev_notify = SIGEV_NONE;
	CHECK_OK(mq_notify(q, &sev));
	expect_qsize(q, 5, SIGEV_NONE, 0, getpid());
	send_str(q, "xyz", 0);
	expect_qsize(q, 8, SIGEV_NONE, 0, getpid());
	CHECK_OK(mq_notify(q, NULL));
	expect_qsize(q, 8, 0, 0, 0);
	CHECK_OK(mq_notify(q, NULL));		/* nothing registered: fine */
	sev.sigev_notify = 99;
	CHECK_ERR(syscall(SYS_mq_notify, q, &sev), EINVAL);
	CHECK_ERR(mq_notify(0, NULL), EBADF);
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

static int thread_pipe[2];

static void on_message(union sigval v)
{
	char c = (char)v.sival_int;

	if (write(thread_pipe[1], &c, 1) != 1)
		_exit(9);
}

/* SIGEV_THREAD: the C library's helper thread hears of the message
 * through its netlink socket and calls the function with the value. */
static void mqueue_notify_thread(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_message,
				.sigev_value.sival_int = 'k' };
	struct pollfd p;
	char name[64], c;
	mqd_t q;

	CHECK_OK(pipe(thread_pipe));
	mq_name(name, sizeof(name), "thr");
	q = mq_make(name, O_RDWR, 4, 16);
	CHECK_OK(mq_notify(q, &sev));
	expect_qsize(q, 0, SIGEV_THREAD, 0, getpid());
	CHECK_ERR(mq_notify(q, &sev), EBUSY);
	send_str(q, "t", 0);
	p = (struct pollfd){ .fd = thread_pipe[0], .events = POLLIN };
	CHECK(poll(&p, 1, 10000) == 1);		/* a bound, not a timing check */
	CHECK(read(thread_pipe[0], &c, 1) == 1 && c == 'k');
	expect_qsize(q, 1, 0, 0, 0);
	recv_str(q, "t", 0);
	/* registered and taken back: the helper thread is told and ends */
	CHECK_OK(mq_notify(q, &sev));
	CHECK_OK(mq_notify(q, NULL));
	expect_qsize(q, 0, 0, 0, 0);
	sev.sigev_signo = thread_pipe[0];	/* the raw call: not a socket */
	CHECK_ERR(syscall(SYS_mq_notify, q, &sev), EFAULT);	/* no cookie there */
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

/* poll and epoll see messages (POLLIN) and room (POLLOUT). */
static void mqueue_poll(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct pollfd p;
	char name[64];
	mqd_t q;
	int ep;

	mq_name(name, sizeof(name), "poll");
	q = mq_make(name, O_RDWR, 1, 16);
	p = (struct pollfd){ .fd = q, .events = POLLIN | POLLOUT };
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLOUT);
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, q, &ev));
	CHECK(epoll_wait(ep, &ev, 1, 0) == 0);
	send_str(q, "m", 0);
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	CHECK(epoll_wait(ep, &ev, 1, 0) == 1 && ev.events == EPOLLIN);
	recv_str(q, "m", 0);
	close(ep);
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

/* The file system: a queue made with open(O_CREAT) under /dev/mqueue gets
 * the default attributes; readdir lists it; unlink removes it. */
static void mqueue_fs(void)
{
	char name[64], path[96];
	struct mq_attr a;
	struct dirent *de;
	int seen = 0;
	DIR *d;
	mqd_t q;
	int fd;

	mq_name(name, sizeof(name), "fs");
	snprintf(path, sizeof(path), "/dev/mqueue%s", name);
	fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK(fd >= 0);
	CHECK_OK(close(fd));
	q = mq_open(name, O_RDWR);
	CHECK(q != (mqd_t)-1);
	CHECK_OK(mq_getattr(q, &a));
	CHECK(a.mq_maxmsg > 0 && a.mq_msgsize > 0 && a.mq_curmsgs == 0);
	d = opendir("/dev/mqueue");
	CHECK(d != NULL);
	while ((de = readdir(d)))
		seen |= !strcmp(de->d_name, name + 1);
	closedir(d);
	CHECK(seen);
	CHECK_OK(unlink(path));
	CHECK_ERR(mq_open(name, O_RDWR), ENOENT);
	send_str(q, "still", 0);		/* an unlinked queue lives while open */
	recv_str(q, "still", 0);
	CHECK_OK(mq_close(q));
}

/* ---- /proc/sys/fs/mqueue ---- */

#define MQ_SYSCTL(n) "/proc/sys/fs/mqueue/" n

static long read_long(const char *path)
{
	char text[64];

	CHECK(read_text(path, text, sizeof(text)) > 0);
	return atol(text);
}

static int write_long(const char *path, long v)
{
	char s[32];
	int fd = open(path, O_WRONLY);
	ssize_t r;

	CHECK(fd >= 0);
	snprintf(s, sizeof(s), "%ld\n", v);
	r = write(fd, s, strlen(s));
	close(fd);
	return r < 0 ? -1 : 0;
}

static void defaults_child(void)
{
	struct mq_attr a;
	char name[64];
	mqd_t q;

	mq_name(name, sizeof(name), "dflt");
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	CHECK(q != (mqd_t)-1);
	CHECK_OK(mq_getattr(q, &a));
	CHECK(a.mq_maxmsg == 2 && a.mq_msgsize == 200);
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_unlink(name));
}

/* A queue made without attributes gets min(msg_max, msg_default) and
 * min(msgsize_max, msgsize_default); the files refuse out-of-range values. */
static void mqueue_sysctl(void)
{
	long msg_max = read_long(MQ_SYSCTL("msg_max"));
	long msg_default = read_long(MQ_SYSCTL("msg_default"));
	long msgsize_default = read_long(MQ_SYSCTL("msgsize_default"));
	pid_t pid;
	int st;

	CHECK(msg_max > 0 && msg_default > 0 && msgsize_default > 0);
	CHECK(read_long(MQ_SYSCTL("msgsize_max")) > 0 && read_long(MQ_SYSCTL("queues_max")) > 0);
	CHECK(write_long(MQ_SYSCTL("msg_max"), 0) < 0 && errno == EINVAL);
	CHECK(write_long(MQ_SYSCTL("msgsize_max"), 127) < 0 && errno == EINVAL);
	CHECK_OK(write_long(MQ_SYSCTL("msg_max"), 2));
	CHECK_OK(write_long(MQ_SYSCTL("msg_default"), 5));
	CHECK_OK(write_long(MQ_SYSCTL("msgsize_default"), 200));
	pid = fork_or_fail();
	if (pid == 0) {
		defaults_child();
		_exit(0);
	}
	st = wait_exit(pid);
	CHECK_OK(write_long(MQ_SYSCTL("msg_max"), msg_max));
	CHECK_OK(write_long(MQ_SYSCTL("msg_default"), msg_default));
	CHECK_OK(write_long(MQ_SYSCTL("msgsize_default"), msgsize_default));
	CHECK(st == 0);
}

/* ---- RLIMIT_MSGQUEUE: per real uid, at what a queue may hold ---- */

#define RL_UID_A 4243
#define RL_UID_B 4244
#define RL_LIMIT 4000           /* three queues of one 1000-byte message, with Linux's overhead */
#define RL_QUEUES 5

static char rl_names[RL_QUEUES][64];

/* Run @fn in a child that dropped root for @uid with RLIMIT_MSGQUEUE @limit. */
static void mq_as_user(uid_t uid, rlim_t limit, void (*fn)(void))
{
	struct rlimit r = { limit, limit };
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		CHECK_OK(setgroups(0, NULL));
		CHECK_OK(setresgid(uid, uid, uid));
		CHECK_OK(setresuid(uid, uid, uid));
		CHECK_OK(setrlimit(RLIMIT_MSGQUEUE, &r));
		fn();
		_exit(0);
	}
	CHECK(wait_exit(pid) == 0);
}

static int mq_try(int i, long msgsize)
{
	struct mq_attr a = { .mq_maxmsg = 1, .mq_msgsize = msgsize };
	mqd_t q = mq_open(rl_names[i], O_CREAT | O_EXCL | O_RDWR, 0600, &a);

	if (q == (mqd_t)-1)
		return -1;
	CHECK_OK(mq_close(q));  /* the queue stays, and its charge, until unlinked */
	return 0;
}

/* Three 1000-byte queues, not four; a smaller one fits in what is left;
 * opening an existing queue costs nothing; an unlinked queue gives back its share. */
static void rl_fill(void)
{
	mqd_t q;
	int i;

	for (i = 0; i < 3; i++)
		CHECK_OK(mq_try(i, 1000));
	CHECK(mq_try(3, 1000) == -1 && errno == EMFILE);
	q = mq_open(rl_names[0], O_RDWR);
	CHECK(q != (mqd_t)-1);
	CHECK_OK(mq_unlink(rl_names[0]));
	CHECK(mq_try(3, 1000) == -1 && errno == EMFILE);        /* still open */
	CHECK_OK(mq_close(q));
	CHECK_OK(mq_try(0, 1000));
	CHECK_OK(mq_try(3, 500));
}

/* Another user has a budget of its own. */
static void rl_other(void)
{
	CHECK_OK(mq_try(4, 1000));
	CHECK_OK(mq_unlink(rl_names[4]));
}

/* The first user's queues outlive its processes, and so does their charge. */
static void rl_full(void)
{
	CHECK(mq_try(4, 1000) == -1 && errno == EMFILE);
}

static void rl_zero(void)
{
	CHECK(mq_try(4, 1) == -1 && errno == EMFILE);
}

static void mqueue_rlimit(void)
{
	int i;

	for (i = 0; i < RL_QUEUES; i++) {
		char tag[8];

		snprintf(tag, sizeof(tag), "rl%d", i);
		mq_name(rl_names[i], sizeof(rl_names[i]), tag);
	}
	mq_as_user(RL_UID_A, RL_LIMIT, rl_fill);
	mq_as_user(RL_UID_B, RL_LIMIT, rl_other);
	mq_as_user(RL_UID_A, RL_LIMIT, rl_full);
	mq_as_user(RL_UID_B, 0, rl_zero);
	for (i = 0; i < 4; i++)
		CHECK_OK(mq_unlink(rl_names[i]));
	mq_as_user(RL_UID_A, RL_LIMIT, rl_other);               /* all of it back */
}

const struct test mqueue_tests[] = {
	{ "mqueue_open", mqueue_open },
	{ "mqueue_prio", mqueue_prio },
	{ "mqueue_nonblock", mqueue_nonblock },
	{ "mqueue_blocking", mqueue_blocking },
	{ "mqueue_notify", mqueue_notify },
	{ "mqueue_notify_thread", mqueue_notify_thread },
	{ "mqueue_poll", mqueue_poll },
	{ "mqueue_fs", mqueue_fs },
	{ "mqueue_sysctl", mqueue_sysctl },
	{ "mqueue_rlimit", mqueue_rlimit },
	{ NULL, NULL },
};
