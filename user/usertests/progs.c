/*
 * progs: what Debian's programs (scripts/test's programs suites,
 * rootfs/bin/programs-tests) found missing or different on shoal, each
 * reduced to the system calls involved:
 *
 *  - stress-ng's splice and tee stressors splice /dev/zero into a pipe and
 *    the pipe into /dev/null (Linux's ->splice_read and ->splice_write of
 *    the memory devices); shoal refused both with EINVAL.
 *  - stress-ng's timerfd stressor counts a timerfd only when poll()
 *    reports exactly POLLIN (Linux's timerfd_poll sets no POLLRDNORM);
 *    and it arms 1024 periodic timerfds at 1 MHz that it reads now and
 *    then, which Linux re-arms only when they are read.
 *  - `ip route add NET via GW dev lo` with GW on a prefix of lo's (found
 *    in the local table); shoal answered ENETUNREACH. `ip route get`
 *    prints "uid N" and "cache <local>" from RTA_UID and RTCF_LOCAL.
 */
#include "usertests.h"

#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef SPLICE_F_MOVE
#define SPLICE_F_MOVE 1
#endif
#ifndef RTCF_LOCAL
#define RTCF_LOCAL 0x80000000
#endif

static void arm(int fd, long value_ns, long interval_ns)
{
	struct itimerspec its = {
		.it_value = { value_ns / 1000000000, value_ns % 1000000000 },
		.it_interval = { interval_ns / 1000000000, interval_ns % 1000000000 },
	};

	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
}

/* a due timerfd polls as POLLIN alone, as Linux's */
static void progs_timerfd_pollin(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLRDNORM | POLLOUT };
	uint64_t ticks;

	CHECK(fd >= 0);
	arm(fd, 1000000, 0);
	CHECK(poll(&pfd, 1, 5000) == 1);
	CHECK(pfd.revents == POLLIN);
	CHECK(read(fd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks == 1);
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 0) == 0);
	close(fd);
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * A periodic timerfd left unread counts every period it missed when it
 * is read, stays armed (gettime shows at most one interval left), and
 * fires again after the read. Lower bounds only.
 */
static void progs_timerfd_periodic_unread(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct timespec nap = { 0, 30 * 1000000 };
	struct itimerspec cur;
	long long t0, t1;
	uint64_t ticks;

	CHECK(fd >= 0);
	arm(fd, 1000000, 1000000);
	t0 = mono_ns();
	nanosleep(&nap, NULL);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 1000000);
	CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 1000000);
	t1 = mono_ns();
	CHECK(read(fd, &ticks, sizeof(ticks)) == sizeof(ticks));
	/* settime ran before t0: at least (t1 - t0) / 1 ms periods were due */
	if ((long long)ticks < (t1 - t0) / 1000000)
		fail("%llu ticks after %lld ns", (unsigned long long)ticks, t1 - t0);
	CHECK(read(fd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks >= 1);
	close(fd);
}

/* many fast periodic timerfds, polled and read as stress-ng does */
static void progs_timerfd_many_fast(void)
{
	enum { N = 64 };
	struct pollfd pfd[N];
	int i, got = 0, rounds;
	uint64_t ticks;

	for (i = 0; i < N; i++) {
		pfd[i].fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
		CHECK(pfd[i].fd >= 0);
		pfd[i].events = POLLIN;
		arm(pfd[i].fd, 1000, 1000);             /* 1 MHz */
	}
	for (rounds = 0; rounds < 100000 && got < 1000; rounds++) {
		if (poll(pfd, N, 0) <= 0)
			continue;
		for (i = 0; i < N; i++) {
			if (pfd[i].revents != POLLIN)
				continue;
			CHECK(read(pfd[i].fd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks >= 1);
			got++;
		}
	}
	if (got < 1000)
		fail("%d reads in %d rounds", got, rounds);
	for (i = 0; i < N; i++)
		close(pfd[i].fd);
}

const struct test progs_tests[] = {
	{ "progs_timerfd_pollin", progs_timerfd_pollin },
	{ "progs_timerfd_periodic_unread", progs_timerfd_periodic_unread },
	{ "progs_timerfd_many_fast", progs_timerfd_many_fast },
	{ NULL, NULL },
};
