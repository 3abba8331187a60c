/*
 * eventfd, timerfd and signalfd: counters, flags, overflow rules, blocking
 * and non-blocking reads, poll readiness, expiration counts of timers and
 * signals dequeued through a descriptor.  Timer tests never assert timing:
 * they check lower bounds on counts after blocking reads.
 */
#include "usertests.h"

#include <fcntl.h>
#include <pthread.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

static uint64_t read_u64(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		fail("read u64 from %d: errno %d (%s)", fd, errno, strerrorname(errno));
	return v;
}

static void write_u64(int fd, uint64_t v)
{
	if (write(fd, &v, sizeof(v)) != sizeof(v))
		fail("write u64 to %d: errno %d (%s)", fd, errno, strerrorname(errno));
}

static short poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	CHECK(poll(&p, 1, 0) >= 0);
	return p.revents;
}

static void check_fd_link(int fd, const char *want)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n] = 0;
	if (strcmp(link, want))
		fail("%s -> \"%s\", want \"%s\"", path, link, want);
}

/* ---- eventfd ---- */

/* Writes add, a read returns the sum and zeroes it; short buffers are EINVAL. */
static void efd_counter(void)
{
	uint64_t v = 1;
	int fd = eventfd(5, EFD_NONBLOCK);

	CHECK(fd >= 0);
	CHECK(read_u64(fd) == 5);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	write_u64(fd, 3);
	write_u64(fd, 4);
	CHECK_ERR(read(fd, &v, 4), EINVAL);
	CHECK_ERR(write(fd, &v, 7), EINVAL);
	CHECK(read_u64(fd) == 7);
	write_u64(fd, 0);	/* adds nothing, still succeeds */
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_OK(close(fd));
}

/* EFD_SEMAPHORE: each read returns 1 and decrements. */
static void efd_semaphore(void)
{
	uint64_t v;
	int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);

	CHECK(fd >= 0);
	for (int i = 0; i < 3; i++)
		CHECK(read_u64(fd) == 1);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	write_u64(fd, 2);
	CHECK(read_u64(fd) == 1);
	CHECK(read_u64(fd) == 1);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_OK(close(fd));
}

/* Flags: unknown ones are EINVAL; CLOEXEC and NONBLOCK land where they should. */
static void efd_flags(void)
{
	int fd;

	CHECK_ERR(syscall(SYS_eventfd2, 0, 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_eventfd2, 0, O_RDWR), EINVAL);
	fd = eventfd(0, EFD_CLOEXEC);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	check_fd_link(fd, "anon_inode:[eventfd]");
	CHECK_OK(close(fd));
	fd = eventfd(0, EFD_NONBLOCK);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == 0);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);	/* a no-op, as Linux */
	CHECK_OK(close(fd));
}

/* The counter stops at ULLONG_MAX - 1; writing ULLONG_MAX is EINVAL. */
static void efd_overflow(void)
{
	uint64_t v = UINT64_MAX;
	int fd = eventfd(0, EFD_NONBLOCK);

	CHECK(fd >= 0);
	CHECK(poll_now(fd, POLLIN | POLLOUT) == POLLOUT);
	CHECK_ERR(write(fd, &v, sizeof(v)), EINVAL);
	write_u64(fd, UINT64_MAX - 1);
	CHECK(poll_now(fd, POLLIN | POLLOUT) == POLLIN);
	v = 1;
	CHECK_ERR(write(fd, &v, sizeof(v)), EAGAIN);
	write_u64(fd, 0);
	CHECK(read_u64(fd) == UINT64_MAX - 1);
	CHECK(poll_now(fd, POLLIN | POLLOUT) == POLLOUT);
	write_u64(fd, UINT64_MAX - 2);
	write_u64(fd, 1);	/* exactly to the limit */
	CHECK_ERR(write(fd, &v, sizeof(v)), EAGAIN);
	CHECK_OK(close(fd));
}

/* A blocking read sleeps until another process writes; the counter is
 * shared across fork. */
static void efd_block_read(void)
{
	int fd = eventfd(0, 0), go[2];
	pid_t pid;

	CHECK(fd >= 0);
	CHECK_OK(pipe(go));
	pid = fork_or_fail();
	if (pid == 0) {
		close(go[0]);
		CHECK(write(go[1], "r", 1) == 1);
		_exit(read_u64(fd) == 42 ? 0 : 1);
	}
	close(go[1]);
	char c;
	CHECK(read(go[0], &c, 1) == 1);
	write_u64(fd, 42);	/* whether the child sleeps yet or not, it reads 42 */
	wait_ok(pid);
	CHECK(poll_now(fd, POLLIN) == 0);
}

/* A blocking write at the limit sleeps until a read makes room. */
static void efd_block_write(void)
{
	int fd = eventfd(0, 0);
	pid_t pid;

	CHECK(fd >= 0);
	write_u64(fd, UINT64_MAX - 1);
	pid = fork_or_fail();
	if (pid == 0) {
		write_u64(fd, 5);
		_exit(0);
	}
	CHECK(read_u64(fd) == UINT64_MAX - 1);
	wait_ok(pid);
	CHECK(read_u64(fd) == 5);
}

/* poll with no timeout wakes when another process writes. */
static void efd_poll_wake(void)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	pid_t pid;

	CHECK(fd >= 0);
	pid = fork_or_fail();
	if (pid == 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, -1);
		_exit(n == 1 && p.revents == POLLIN ? 0 : 1);
	}
	write_u64(fd, 1);
	wait_ok(pid);
	CHECK(read_u64(fd) == 1);
}

/* Lost wake-ups: readers sleep in semaphore-mode reads while writers post
 * one unit at a time; every unit must be consumed by some reader. */
#define EFD_READERS	4
#define EFD_WRITERS	2
#define EFD_UNITS	2000	/* per writer */

static int stress_fd;

static void *efd_stress_reader(void *arg)
{
	long n = (long)arg;

	for (long i = 0; i < n; i++)
		if (read_u64(stress_fd) != 1)
			fail("semaphore read returned more than 1");
	return NULL;
}

static void *efd_stress_writer(void *arg)
{
	for (int i = 0; i < EFD_UNITS; i++) {
		write_u64(stress_fd, 1);
		if (i % 64 == 0)
			sched_yield();
	}
	return NULL;
}

static void efd_stress(void)
{
	pthread_t r[EFD_READERS], w[EFD_WRITERS];
	long per_reader = EFD_WRITERS * EFD_UNITS / EFD_READERS;
	uint64_t v;

	stress_fd = eventfd(0, EFD_SEMAPHORE);
	CHECK(stress_fd >= 0);
	for (int i = 0; i < EFD_READERS; i++)
		CHECK(pthread_create(&r[i], NULL, efd_stress_reader, (void *)per_reader) == 0);
	for (int i = 0; i < EFD_WRITERS; i++)
		CHECK(pthread_create(&w[i], NULL, efd_stress_writer, NULL) == 0);
	for (int i = 0; i < EFD_WRITERS; i++)
		CHECK(pthread_join(w[i], NULL) == 0);
	for (int i = 0; i < EFD_READERS; i++)
		CHECK(pthread_join(r[i], NULL) == 0);
	CHECK_OK(fcntl(stress_fd, F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(stress_fd, &v, sizeof(v)), EAGAIN);
	close(stress_fd);
}

/* ---- timerfd ---- */

static void set_timer(int fd, int flags, long val_ns, long int_ns, struct itimerspec *old)
{
	struct itimerspec its = {
		.it_value = { val_ns / 1000000000, val_ns % 1000000000 },
		.it_interval = { int_ns / 1000000000, int_ns % 1000000000 },
	};

	CHECK_OK(timerfd_settime(fd, flags, &its, old));
}

static long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000L + ts->tv_nsec;
}

/* Bad clocks, flags, descriptors and times. */
static void tfd_errors(void)
{
	struct itimerspec its = { .it_value = { 0, 1000000000 } };
	int fd, efd;

	CHECK_ERR(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
	CHECK_ERR(timerfd_create(12345, 0), EINVAL);
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 0x100), EINVAL);
	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	CHECK(fd >= 0);
	CHECK_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);	/* tv_nsec too big */
	its.it_value.tv_nsec = 0;
	its.it_value.tv_sec = -1;
	CHECK_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);
	its.it_value.tv_sec = 1;
	CHECK_ERR(timerfd_settime(fd, 0x100, &its, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_timerfd_settime, fd, 0x100, NULL, NULL), EFAULT);	/* copy first */
	CHECK_ERR(timerfd_settime(1000000, 0, &its, NULL), EBADF);
	efd = eventfd(0, 0);
	CHECK(efd >= 0);
	CHECK_ERR(timerfd_settime(efd, 0, &its, NULL), EINVAL);
	CHECK_ERR(timerfd_gettime(efd, &its), EINVAL);
	CHECK_ERR(timerfd_gettime(1000000, &its), EBADF);
	CHECK_ERR(read(fd, &its, 4), EINVAL);
	check_fd_link(fd, "anon_inode:[timerfd]");
	close(efd);
	close(fd);
}

/* Flags of timerfd_create; an unarmed timer never becomes readable. */
static void tfd_flags(void)
{
	uint64_t v;
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);

	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	CHECK(poll_now(fd, POLLIN) == 0);
	close(fd);
}

/* A one-shot timer on each clock: a blocking read returns 1, then it is
 * disarmed and a non-blocking read is EAGAIN. */
static void tfd_oneshot(void)
{
	static const int clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME };
	struct itimerspec cur;
	uint64_t v;

	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		int fd = timerfd_create(clocks[i], 0);

		CHECK(fd >= 0);
		set_timer(fd, 0, 5000000, 0, NULL);
		CHECK(read_u64(fd) == 1);
		CHECK_OK(timerfd_gettime(fd, &cur));
		CHECK(ts_ns(&cur.it_value) == 0 && ts_ns(&cur.it_interval) == 0);
		CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
		CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
		close(fd);
	}
}

/* An absolute expiry in the past fires at once; with an interval, every
 * period missed since then counts as an expiration. */
static void tfd_abstime_past(void)
{
	struct timespec now;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);

	CHECK(fd >= 0);
	set_timer(fd, TFD_TIMER_ABSTIME, 1, 0, NULL);
	CHECK(read_u64(fd) == 1);
	/* the monotonic clock may have started less than a second ago */
	struct timespec one_s = { 1, 0 };
	CHECK_OK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &one_s, NULL));
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* 500 ms ago, every 50 ms: at least 10 expirations are due */
	set_timer(fd, TFD_TIMER_ABSTIME, ts_ns(&now) - 500000000L, 50000000L, NULL);
	CHECK(read_u64(fd) >= 10);
	close(fd);
	fd = timerfd_create(CLOCK_REALTIME, 0);
	CHECK(fd >= 0);
	clock_gettime(CLOCK_REALTIME, &now);
	set_timer(fd, TFD_TIMER_ABSTIME, ts_ns(&now) - 1000000000L, 0, NULL);
	CHECK(read_u64(fd) == 1);
	close(fd);
}

/* A periodic timer keeps expiring: successive blocking reads each return >= 1. */
static void tfd_periodic(void)
{
	struct itimerspec cur;
	uint64_t total = 0;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);

	CHECK(fd >= 0);
	set_timer(fd, 0, 2000000, 2000000, NULL);
	for (int i = 0; i < 5; i++) {
		uint64_t v = read_u64(fd);
		CHECK(v >= 1);
		total += v;
	}
	CHECK(total >= 5);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(&cur.it_interval) == 2000000);
	CHECK(ts_ns(&cur.it_value) <= 2000000);
	close(fd);
}

/* gettime's remaining time never exceeds what was set; settime returns the
 * old setting; a zero value disarms but keeps the interval, as Linux. */
static void tfd_gettime(void)
{
	struct itimerspec cur, old;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	uint64_t v;

	CHECK(fd >= 0);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(&cur.it_value) == 0 && ts_ns(&cur.it_interval) == 0);
	set_timer(fd, 0, 10000000000L, 3000000000L, &old);
	CHECK(ts_ns(&old.it_value) == 0);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(&cur.it_value) > 0 && ts_ns(&cur.it_value) <= 10000000000L);
	CHECK(ts_ns(&cur.it_interval) == 3000000000L);
	set_timer(fd, 0, 0, 1000000000L, &old);
	CHECK(ts_ns(&old.it_value) > 0 && ts_ns(&old.it_value) <= 10000000000L);
	CHECK(ts_ns(&old.it_interval) == 3000000000L);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(&cur.it_value) == 0);
	CHECK(ts_ns(&cur.it_interval) == 1000000000L);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	close(fd);
}

/* Expirations not yet read are dropped by settime. */
static void tfd_settime_resets(void)
{
	struct pollfd p;
	uint64_t v;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);

	CHECK(fd >= 0);
	set_timer(fd, TFD_TIMER_ABSTIME, 1, 0, NULL);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&p, 1, -1) == 1 && p.revents == POLLIN);
	set_timer(fd, 0, 10000000000L, 0, NULL);
	CHECK(poll_now(fd, POLLIN) == 0);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	close(fd);
}

/* Closing an armed periodic timer, many times over, frees it cleanly. */
static void tfd_close_armed(void)
{
	for (int i = 0; i < 200; i++) {
		int fd = timerfd_create(CLOCK_MONOTONIC, 0);

		CHECK(fd >= 0);
		set_timer(fd, 0, 1000 + i * 1000, 1000, NULL);
		if (i % 2)
			read_u64(fd);
		CHECK_OK(close(fd));
	}
}

/* A periodic timer of 1 ns: always due again by the time its expiry is
 * handled. Expirations are counted as overruns; the CPU that handles them
 * must still run everything else, and close must disarm it. */
static void tfd_tiny_interval(void)
{
	uint64_t n;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);

	CHECK(fd >= 0);
	set_timer(fd, 0, 1, 1, NULL);
	usleep(20000);
	n = read_u64(fd);
	CHECK(n >= 2);
	usleep(1000);
	CHECK(read_u64(fd) >= 1);
	CHECK_OK(close(fd));
}

/* ---- signalfd ---- */

static sigset_t block_sigs(int a, int b)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, a);
	if (b)
		sigaddset(&set, b);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	return set;
}

static void read_ssi(int fd, struct signalfd_siginfo *ss)
{
	ssize_t n = read(fd, ss, sizeof(*ss));

	if (n != sizeof(*ss))
		fail("signalfd read: %zd errno %d (%s)", n, errno, strerrorname(errno));
}

/* Bad flags, sizes and descriptors. */
static void sfd_errors(void)
{
	struct signalfd_siginfo ss;
	sigset_t set = block_sigs(SIGUSR1, 0);
	int fd, efd;

	CHECK_ERR(signalfd(-1, &set, 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, -1, &set, 4, 0), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, -1, NULL, 8, 0), EFAULT);
	CHECK_ERR(syscall(SYS_signalfd4, -1, NULL, 8, 0x100), EFAULT);	/* copy first */
	CHECK_ERR(signalfd(1000000, &set, 0), EBADF);
	efd = eventfd(0, 0);
	CHECK(efd >= 0);
	CHECK_ERR(signalfd(efd, &set, 0), EINVAL);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	check_fd_link(fd, "anon_inode:[signalfd]");
	CHECK_ERR(read(fd, &ss, sizeof(ss) - 1), EINVAL);
	CHECK_ERR(read(fd, &ss, sizeof(ss)), EAGAIN);
	close(efd);
	close(fd);
}

/* A blocked signal of the mask is readable, with its sender; poll agrees. */
static void sfd_kill(void)
{
	struct signalfd_siginfo ss;
	sigset_t set = block_sigs(SIGUSR1, 0);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);

	CHECK(fd >= 0);
	CHECK(poll_now(fd, POLLIN) == 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(poll_now(fd, POLLIN) == POLLIN);
	read_ssi(fd, &ss);
	CHECK(ss.ssi_signo == SIGUSR1 && ss.ssi_code == SI_USER);
	CHECK(ss.ssi_pid == (uint32_t)getpid() && ss.ssi_uid == getuid());
	CHECK(poll_now(fd, POLLIN) == 0);
	CHECK_ERR(read(fd, &ss, sizeof(ss)), EAGAIN);
	/* the signal was consumed: nothing is left pending */
	sigset_t pend;
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1));
	close(fd);
}

/* Queued real-time signals come out in order, several per read, values intact. */
static void sfd_sigqueue(void)
{
	struct signalfd_siginfo ss[4];
	sigset_t set = block_sigs(SIGRTMIN, 0);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);

	CHECK(fd >= 0);
	for (int i = 1; i <= 3; i++)
		CHECK_OK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = i * 10 }));
	CHECK(read(fd, ss, sizeof(ss)) == 3 * (ssize_t)sizeof(ss[0]));
	for (int i = 0; i < 3; i++) {
		CHECK(ss[i].ssi_signo == (uint32_t)SIGRTMIN && ss[i].ssi_code == SI_QUEUE);
		CHECK(ss[i].ssi_int == (i + 1) * 10 && ss[i].ssi_pid == (uint32_t)getpid());
	}
	close(fd);
}

/* signalfd4 on an existing descriptor replaces its mask. */
static void sfd_update(void)
{
	struct signalfd_siginfo ss;
	sigset_t one, two;
	int fd;

	block_sigs(SIGUSR1, SIGUSR2);
	sigemptyset(&one);
	sigaddset(&one, SIGUSR1);
	sigemptyset(&two);
	sigaddset(&two, SIGUSR2);
	fd = signalfd(-1, &one, SFD_NONBLOCK);
	CHECK(fd >= 0);
	CHECK_OK(raise(SIGUSR2));
	CHECK_ERR(read(fd, &ss, sizeof(ss)), EAGAIN);
	CHECK(signalfd(fd, &two, 0) == fd);
	read_ssi(fd, &ss);
	CHECK(ss.ssi_signo == SIGUSR2);
	close(fd);
}

/* A blocking read sleeps until another process sends the signal. */
static void sfd_block(void)
{
	int go[2];
	pid_t pid;
	char c;

	CHECK_OK(pipe(go));
	pid = fork_or_fail();
	if (pid == 0) {
		struct signalfd_siginfo ss;
		sigset_t set = block_sigs(SIGUSR1, 0);
		int fd = signalfd(-1, &set, 0);

		close(go[0]);
		CHECK(write(go[1], "r", 1) == 1);
		read_ssi(fd, &ss);
		_exit(ss.ssi_signo == SIGUSR1 && ss.ssi_pid == (uint32_t)getppid() ? 0 : 1);
	}
	close(go[1]);
	CHECK(read(go[0], &c, 1) == 1);
	CHECK_OK(kill(pid, SIGUSR1));
	wait_ok(pid);
}

/* SIGCHLD through a signalfd carries the child's pid and exit status. */
static void sfd_sigchld(void)
{
	struct signalfd_siginfo ss;
	sigset_t set = block_sigs(SIGCHLD, 0);
	int fd = signalfd(-1, &set, 0);
	pid_t pid;

	CHECK(fd >= 0);
	pid = fork_or_fail();
	if (pid == 0)
		_exit(7);
	read_ssi(fd, &ss);
	CHECK(ss.ssi_signo == SIGCHLD && ss.ssi_code == CLD_EXITED);
	CHECK(ss.ssi_pid == (uint32_t)pid && ss.ssi_status == 7);
	CHECK(wait_exit(pid) == 7);
	close(fd);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A blocking read interrupted by a handler without SA_RESTART: EINTR
 * (eventfd, an unarmed timerfd, and a signalfd not watching the signal). */
static void evfd_eintr(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 20000 } };
	struct signalfd_siginfo ss;
	sigset_t set;
	uint64_t v;
	int fds[3];

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	fds[0] = eventfd(0, 0);
	fds[1] = timerfd_create(CLOCK_MONOTONIC, 0);
	fds[2] = signalfd(-1, &set, 0);
	CHECK(fds[0] >= 0 && fds[1] >= 0 && fds[2] >= 0);
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	for (int i = 0; i < 3; i++) {
		CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
		if (i < 2)
			CHECK_ERR(read(fds[i], &v, sizeof(v)), EINTR);
		else
			CHECK_ERR(read(fds[i], &ss, sizeof(ss)), EINTR);
		close(fds[i]);
	}
}

/* Read /proc/self/fdinfo/FD and fail unless it contains @want. */
static void fdinfo_has(int fd, const char *want)
{
	char path[64], buf[1024];
	int f, n;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	CHECK_OK(f = open(path, O_RDONLY));
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	CHECK(n > 0);
	buf[n] = 0;
	if (!strstr(buf, want))
		fail("no \"%s\" in %s:\n%s", want, path, buf);
}

/* fdinfo shows each file's state in Linux's words. */
static void evfd_fdinfo(void)
{
	struct itimerspec its = { .it_value = { 100, 0 }, .it_interval = { 7, 0 } };
	uint64_t v = 0x2a;
	sigset_t mask;
	int efd, tfd, sfd;

	CHECK_OK(efd = eventfd(0, EFD_SEMAPHORE));
	CHECK(write(efd, &v, 8) == 8);
	fdinfo_has(efd, "eventfd-count:               2a\n");
	fdinfo_has(efd, "eventfd-semaphore: 1\n");
	CHECK_OK(tfd = timerfd_create(CLOCK_MONOTONIC, 0));
	CHECK_OK(timerfd_settime(tfd, 0, &its, NULL));
	fdinfo_has(tfd, "clockid: 1\n");
	fdinfo_has(tfd, "ticks: 0\n");
	fdinfo_has(tfd, "it_interval: (7, 0)\n");
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	CHECK_OK(sfd = signalfd(-1, &mask, 0));
	/* bit (sig - 1): SIGINT 2, SIGUSR1 10 */
	fdinfo_has(sfd, "sigmask:\t0000000000000202\n");
	close(efd);
	close(tfd);
	close(sfd);
}

const struct test evfd_tests[] = {
	{ "evfd_fdinfo", evfd_fdinfo },
	{ "efd_counter", efd_counter },
	{ "efd_semaphore", efd_semaphore },
	{ "efd_flags", efd_flags },
	{ "efd_overflow", efd_overflow },
	{ "efd_block_read", efd_block_read },
	{ "efd_block_write", efd_block_write },
	{ "efd_poll_wake", efd_poll_wake },
	{ "efd_stress", efd_stress },
	{ "tfd_errors", tfd_errors },
	{ "tfd_flags", tfd_flags },
	{ "tfd_oneshot", tfd_oneshot },
	{ "tfd_abstime_past", tfd_abstime_past },
	{ "tfd_periodic", tfd_periodic },
	{ "tfd_gettime", tfd_gettime },
	{ "tfd_settime_resets", tfd_settime_resets },
	{ "tfd_close_armed", tfd_close_armed },
	{ "tfd_tiny_interval", tfd_tiny_interval, 60 },
	{ "sfd_errors", sfd_errors },
	{ "sfd_kill", sfd_kill },
	{ "sfd_sigqueue", sfd_sigqueue },
	{ "sfd_update", sfd_update },
	{ "sfd_block", sfd_block },
	{ "sfd_sigchld", sfd_sigchld },
	{ "evfd_eintr", evfd_eintr },
	{ NULL, NULL },
};
