/*
 * Time: monotonic and realtime clocks (vDSO and syscall), sleeps (lower
 * bounds only: a loaded host may always make us late, never early),
 * resolution, CPU-time accounting and interval timers.
 */
#include "usertests.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>

#define NSEC	1000000000ull
#define MSEC	1000000ull

static uint64_t raw_ns(clockid_t clk)
{
	struct timespec ts;

	if (rsys(SYS_clock_gettime, clk, (long)&ts, 0, 0, 0, 0) != 0)
		fail("raw clock_gettime(%d) failed", (int)clk);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

/* Many reads, alternating libc (vDSO) and raw syscall, never go back. */
static void clock_monotonic(void)
{
	uint64_t prev = 0;

	for (int i = 0; i < 20000; i++) {
		uint64_t t = i % 2 ? raw_ns(CLOCK_MONOTONIC) :
			now_ns(CLOCK_MONOTONIC);
		if (t < prev)
			fail("monotonic went back %llu ns at read %d",
			     (unsigned long long)(prev - t), i);
		prev = t;
	}
	/* BOOTTIME = MONOTONIC + time suspended: read after a MONOTONIC
	 * reading, it is never less (an order, so no bound on the gap). */
	prev = now_ns(CLOCK_MONOTONIC);
	CHECK(now_ns(CLOCK_BOOTTIME) >= prev);
}

static atomic_ullong last_seen;
static atomic_int bad_reads;

/*
 * Each thread loads the latest published reading, then reads the clock:
 * its reading happened after the published one, so it must not be less.
 */
static void *mono_thread(void *arg)
{
	pin_self((int)(long)arg);
	for (int i = 0; i < 5000; i++) {
		uint64_t seen = atomic_load(&last_seen);
		uint64_t t = now_ns(CLOCK_MONOTONIC);
		if (t < seen)
			atomic_fetch_add(&bad_reads, 1);
		while (seen < t &&
		       !atomic_compare_exchange_weak(&last_seen, &seen, t))
			;
	}
	return NULL;
}

/* CLOCK_MONOTONIC is monotonic across threads on different CPUs. */
static void clock_monotonic_smp(void)
{
	int n = ncpus < 2 ? 2 : ncpus;
	pthread_t th[MAX_CPUS + 1];

	for (int i = 0; i < n; i++)
		CHECK(pthread_create(&th[i], NULL, mono_thread,
				     (void *)(long)cpus[i % ncpus]) == 0);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	CHECK(atomic_load(&bad_reads) == 0);
}

/*
 * CLOCK_REALTIME agrees with gettimeofday.  No claim about the date: the
 * Linux oracle boots without an RTC driver, so its clock starts at 1970.
 */
static void clock_realtime(void)
{
	struct timeval tv;
	uint64_t a = now_ns(CLOCK_REALTIME), b, c;

	CHECK_OK(gettimeofday(&tv, NULL));
	c = now_ns(CLOCK_REALTIME);
	b = tv.tv_sec * NSEC + tv.tv_usec * 1000ull;
	CHECK(b + 1000 >= a && b <= c);
	CHECK(raw_ns(CLOCK_REALTIME) >= a);
	CHECK(time(NULL) >= (time_t)(a / NSEC));
}

/* nanosleep(50 ms) takes at least 50 ms. */
static void clock_nanosleep_rel(void)
{
	struct timespec req = { 0, 50 * MSEC }, rem;
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);

	CHECK_OK(nanosleep(&req, &rem));
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50 * MSEC);
	req.tv_nsec = NSEC;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL);
	req = (struct timespec){ 0, 0 };
	CHECK_OK(nanosleep(&req, NULL));
}

/* clock_nanosleep(TIMER_ABSTIME) wakes at or after the deadline. */
static void clock_nanosleep_abs(void)
{
	struct timespec dl;
	uint64_t want = now_ns(CLOCK_MONOTONIC) + 30 * MSEC;

	dl.tv_sec = want / NSEC;
	dl.tv_nsec = want % NSEC;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) >= want);
	/* A deadline in the past returns at once (no error); 1 ns after
	 * the clock's origin is in the past however soon after boot. */
	dl.tv_sec = 0;
	dl.tv_nsec = 1;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL) == 0);
	want = now_ns(CLOCK_REALTIME) + 20 * MSEC;
	dl.tv_sec = want / NSEC;
	dl.tv_nsec = want % NSEC;
	CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &dl, NULL) == 0);
	CHECK(now_ns(CLOCK_REALTIME) >= want);
	CHECK(clock_nanosleep(12345, 0, &dl, NULL) == EINVAL);
}

/* Resolutions are positive and at most 10 ms; bad clocks are EINVAL. */
static void clock_getres_test(void)
{
	static const clockid_t clks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
		CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID };
	struct timespec res;

	for (size_t i = 0; i < sizeof(clks) / sizeof(clks[0]); i++) {
		CHECK_OK(clock_getres(clks[i], &res));
		CHECK(res.tv_sec == 0 && res.tv_nsec > 0 &&
		      res.tv_nsec <= 10 * (long)MSEC);
	}
	CHECK_ERR(syscall(SYS_clock_getres, 12345, &res), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, 12345, &res), EINVAL);
}

static uint64_t rusage_ns(void)
{
	struct rusage ru;

	CHECK_OK(getrusage(RUSAGE_SELF, &ru));
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * NSEC +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

/* Burning CPU advances the CPU-time clocks, getrusage and times(). */
static void clock_cputime(void)
{
	struct tms t0, t1;
	uint64_t r0 = rusage_ns(), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t th0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 60 * NSEC;

	CHECK(times(&t0) != (clock_t)-1);
	/* Both clocks must advance; Linux samples them at different moments,
	 * so wait for each rather than assume one implies the other. */
	while (now_ns(CLOCK_PROCESS_CPUTIME_ID) < c0 + 200 * MSEC ||
	       now_ns(CLOCK_THREAD_CPUTIME_ID) < th0 + 200 * MSEC) {
		burn_cpu(100000);
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("process or thread CPU clock did not advance 200 ms in 60 s");
	}
	CHECK(times(&t1) != (clock_t)-1);
	CHECK(t1.tms_utime + t1.tms_stime > t0.tms_utime + t0.tms_stime);
	CHECK(t1.tms_utime >= 0 && t1.tms_stime >= 0);
	CHECK(rusage_ns() > r0);
}

/* getitimer reports what setitimer armed; disarming reads back zero. */
static void clock_itimer(void)
{
	struct itimerval it = { { 0, 0 }, { 5, 0 } }, got;

	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	CHECK_OK(getitimer(ITIMER_REAL, &got));
	CHECK(got.it_value.tv_sec <= 5 &&
	      (got.it_value.tv_sec > 0 || got.it_value.tv_usec > 0));
	CHECK(got.it_interval.tv_sec == 0 && got.it_interval.tv_usec == 0);
	it.it_value.tv_sec = 0;
	CHECK_OK(setitimer(ITIMER_REAL, &it, &got));
	CHECK(got.it_value.tv_sec <= 5);
	CHECK_OK(getitimer(ITIMER_REAL, &got));
	CHECK(got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0);
	CHECK_ERR(getitimer(99, &got), EINVAL);
}

static volatile int alarms;

static void alarm_handler(int sig)
{
	(void)sig;
	alarms++;
}

/* An expiring ITIMER_REAL delivers SIGALRM no earlier than armed. */
static void clock_itimer_fires(void)
{
	struct sigaction sa = { .sa_handler = alarm_handler };
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	sigset_t alrm, empty;
	uint64_t t0;

	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &alrm, NULL);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	while (!alarms)
		sigsuspend(&empty);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 20 * MSEC);
	CHECK(alarms == 1);
}

/* nanosleep interrupted by a handled signal: EINTR and the time left. */
static void clock_nanosleep_eintr(void)
{
	struct sigaction sa = { .sa_handler = alarm_handler };
	struct itimerval it = { { 0, 0 }, { 0, 30000 } };
	struct timespec req = { 20, 0 }, rem = { 0, 0 };

	sigaction(SIGALRM, &sa, NULL);
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	CHECK_ERR(nanosleep(&req, &rem), EINTR);
	CHECK(alarms == 1);
	CHECK(rem.tv_sec < 20 && (rem.tv_sec > 0 || rem.tv_nsec > 0));
}

/*
 * CLOCK_REALTIME cannot be set before boot (the wall clock at boot would
 * be negative): EINVAL from clock_settime and settimeofday, as Linux.
 * Setting it to (about) now works and leaves it there.
 */
static void clock_settime_before_boot(void)
{
	struct timespec early = { 0, 0 }, mono, now, after;
	struct timeval tv = { 0, 0 };

	/* the epoch is before boot: CLOCK_MONOTONIC is past 0 already */
	CHECK_ERR(clock_settime(CLOCK_REALTIME, &early), EINVAL);
	CHECK_ERR(settimeofday(&tv, NULL), EINVAL);
	/* a time well after boot: now, or 2 s past the monotonic clock when
	 * the wall clock started at 0 (Linux without an RTC here) */
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &mono));
	if (now.tv_sec < mono.tv_sec + 2)
		now.tv_sec = mono.tv_sec + 2;
	CHECK_OK(clock_settime(CLOCK_REALTIME, &now));
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &after));
	CHECK(after.tv_sec >= now.tv_sec && after.tv_sec - now.tv_sec < 60);
}

const struct test clock_tests[] = {
	{ "clock_settime_before_boot", clock_settime_before_boot },
	{ "clock_monotonic", clock_monotonic },
	{ "clock_monotonic_smp", clock_monotonic_smp },
	{ "clock_realtime", clock_realtime },
	{ "clock_nanosleep_rel", clock_nanosleep_rel },
	{ "clock_nanosleep_abs", clock_nanosleep_abs },
	{ "clock_getres", clock_getres_test },
	{ "clock_cputime", clock_cputime },
	{ "clock_itimer", clock_itimer },
	{ "clock_itimer_fires", clock_itimer_fires },
	{ "clock_nanosleep_eintr", clock_nanosleep_eintr },
	{ NULL, NULL },
};
