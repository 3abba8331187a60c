/*
 * POSIX timers (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete), through the raw system calls so that
 * the C library's SIGEV_THREAD emulation stays out of the way. Each test
 * blocks the timer's signal and takes it with sigtimedwait, so nothing
 * depends on when a handler would run; timing only ever bounds a wait.
 */
#include "usertests.h"

#include <pthread.h>
#include <sys/wait.h>

#define TSIG            (SIGRTMIN + 2)
#define MS              1000000LL

static int ptimer_create(clockid_t clock, struct sigevent *sev, int *id)
{
	return syscall(SYS_timer_create, clock, sev, id);
}

static int ptimer_settime(int id, int flags, long long value_ns, long long interval_ns,
			  struct itimerspec *old)
{
	struct itimerspec its = {
		.it_value = { value_ns / 1000000000LL, value_ns % 1000000000LL },
		.it_interval = { interval_ns / 1000000000LL, interval_ns % 1000000000LL },
	};

	return syscall(SYS_timer_settime, id, flags, &its, old);
}

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static void block_sig(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
}

/* Take @sig within 5 s (it was blocked). */
static void wait_sig(int sig, siginfo_t *si)
{
	struct timespec to = { 5, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigtimedwait(&set, si, &to) != sig)
		fail("no signal %d from the timer: errno %d", sig, errno);
}

static int signal_timer(clockid_t clock, int sig, int value)
{
	struct sigevent sev;
	int id = -1;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = sig;
	sev.sigev_value.sival_int = value;
	CHECK_OK(ptimer_create(clock, &sev, &id));
	CHECK(id >= 0);
	return id;
}

/* One shot: the signal carries SI_TIMER, the id and the value. */
static void ptimer_oneshot(void)
{
	struct itimerspec cur;
	siginfo_t si;
	int id;

	block_sig(TSIG);
	id = signal_timer(CLOCK_MONOTONIC, TSIG, 42);
	CHECK_OK(ptimer_settime(id, 0, 5 * MS, 0, NULL));
	wait_sig(TSIG, &si);
	CHECK(si.si_code == SI_TIMER);
	CHECK(si.si_value.sival_int == 42);
	CHECK(si.si_timerid == id);
	CHECK(si.si_overrun == 0);
	CHECK_OK(syscall(SYS_timer_gettime, id, &cur));
	CHECK(ts_ns(&cur.it_value) == 0 && ts_ns(&cur.it_interval) == 0);
	CHECK_OK(syscall(SYS_timer_delete, id));
}

/*
 * Periodic, 1 ms, its signal left queued for at least 20 ms: the periods
 * that passed meanwhile are the overrun, in the siginfo and from
 * timer_getoverrun alike.
 */
static void ptimer_overrun(void)
{
	struct timespec t0, t1;
	siginfo_t si;
	int id, n;

	block_sig(TSIG);
	id = signal_timer(CLOCK_MONOTONIC, TSIG, 7);
	CHECK_OK(ptimer_settime(id, 0, 1 * MS, 1 * MS, NULL));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {                            /* at least 20 periods, however slow */
		usleep(5000);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (ts_ns(&t1) - ts_ns(&t0) < 22 * MS);
	wait_sig(TSIG, &si);
	CHECK(si.si_code == SI_TIMER && si.si_value.sival_int == 7);
	if (si.si_overrun < 1)
		fail("overrun %d after 20 periods with the signal queued", si.si_overrun);
	n = syscall(SYS_timer_getoverrun, id);
	CHECK(n == si.si_overrun);
	wait_sig(TSIG, &si);            /* it goes on ticking */
	CHECK(si.si_code == SI_TIMER);
	CHECK_OK(syscall(SYS_timer_delete, id));
}

/* settime returns the old setting; gettime counts down; 0 disarms. */
static void ptimer_gettime(void)
{
	struct itimerspec cur, old;
	long long left;
	int id;

	block_sig(TSIG);
	id = signal_timer(CLOCK_REALTIME, TSIG, 1);
	CHECK_OK(ptimer_settime(id, 0, 10000 * MS, 1000 * MS, &old));
	CHECK(ts_ns(&old.it_value) == 0 && ts_ns(&old.it_interval) == 0);
	CHECK_OK(syscall(SYS_timer_gettime, id, &cur));
	left = ts_ns(&cur.it_value);
	CHECK(left > 0 && left <= 10000 * MS);
	CHECK(ts_ns(&cur.it_interval) == 1000 * MS);
	CHECK_OK(ptimer_settime(id, 0, 0, 0, &old));
	CHECK(ts_ns(&old.it_value) > 0 && ts_ns(&old.it_value) <= left);
	CHECK(ts_ns(&old.it_interval) == 1000 * MS);
	CHECK_OK(syscall(SYS_timer_gettime, id, &cur));
	CHECK(ts_ns(&cur.it_value) == 0);
	CHECK_OK(syscall(SYS_timer_delete, id));
}

/* An absolute CLOCK_REALTIME time in the past fires at once. */
static void ptimer_abstime(void)
{
	struct timespec now;
	siginfo_t si;
	int id;

	block_sig(TSIG);
	id = signal_timer(CLOCK_REALTIME, TSIG, 3);
	clock_gettime(CLOCK_REALTIME, &now);
	CHECK_OK(ptimer_settime(id, TIMER_ABSTIME, ts_ns(&now) - 1000 * MS, 0, NULL));
	wait_sig(TSIG, &si);
	CHECK(si.si_value.sival_int == 3);
	CHECK_OK(syscall(SYS_timer_delete, id));
}

/* SIGEV_NONE: no signal, but gettime still follows the period. */
static void ptimer_none(void)
{
	struct itimerspec cur;
	struct sigevent sev;
	int id = -1;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	CHECK_OK(ptimer_create(CLOCK_MONOTONIC, &sev, &id));
	CHECK_OK(ptimer_settime(id, 0, 1 * MS, 3 * MS, NULL));
	usleep(10000);
	CHECK_OK(syscall(SYS_timer_gettime, id, &cur));
	CHECK(ts_ns(&cur.it_value) > 0 && ts_ns(&cur.it_value) <= 3 * MS);
	CHECK_OK(syscall(SYS_timer_delete, id));
}

static _Atomic int tid_got;
static _Atomic pid_t waiter_tid;

static void *tid_waiter(void *arg)
{
	siginfo_t si;

	(void)arg;
	waiter_tid = gettid();
	wait_sig(TSIG, &si);
	tid_got = si.si_value.sival_int;
	return NULL;
}

/* SIGEV_THREAD_ID: the named thread gets the signal; a tid that is not a
 * thread of this process is EINVAL. */
static void ptimer_thread_id(void)
{
	struct sigevent sev;
	pthread_t th;
	pid_t tid;
	int id = -1;

	block_sig(TSIG);                /* every thread, the new one too */
	CHECK(pthread_create(&th, NULL, tid_waiter, NULL) == 0);
	WAIT_FOR((tid = waiter_tid) > 0, 5);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = TSIG;
	sev.sigev_value.sival_int = 99;
	sev.sigev_notify_thread_id = tid;
	CHECK_OK(ptimer_create(CLOCK_MONOTONIC, &sev, &id));
	CHECK_OK(ptimer_settime(id, 0, 2 * MS, 0, NULL));
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(tid_got == 99);
	CHECK_OK(syscall(SYS_timer_delete, id));

	sev.sigev_notify_thread_id = getppid();
	CHECK_ERR(ptimer_create(CLOCK_MONOTONIC, &sev, &id), EINVAL);
}

static void ptimer_errors(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 1000000000 } };
	struct sigevent sev;
	int id = -1, bad;

	CHECK_ERR(ptimer_create(12345, NULL, &id), EINVAL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = 0;
	CHECK_ERR(ptimer_create(CLOCK_MONOTONIC, &sev, &id), EINVAL);
	sev.sigev_signo = 65;
	CHECK_ERR(ptimer_create(CLOCK_MONOTONIC, &sev, &id), EINVAL);
	sev.sigev_signo = TSIG;
	sev.sigev_notify = 99;
	CHECK_ERR(ptimer_create(CLOCK_MONOTONIC, &sev, &id), EINVAL);
	CHECK_ERR(ptimer_create(CLOCK_MONOTONIC, (void *)1, &id), EFAULT);
	CHECK_ERR(ptimer_create(CLOCK_MONOTONIC, NULL, (void *)1), EFAULT);

	id = signal_timer(CLOCK_MONOTONIC, TSIG, 0);
	bad = id + 1000;
	CHECK_ERR(syscall(SYS_timer_settime, bad, 0, &its, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_timer_gettime, bad, &its), EINVAL);
	CHECK_ERR(syscall(SYS_timer_getoverrun, bad), EINVAL);
	CHECK_ERR(syscall(SYS_timer_delete, bad), EINVAL);
	CHECK_ERR(syscall(SYS_timer_settime, id, 0, &its, NULL), EINVAL);   /* tv_nsec 1e9 */
	its.it_interval.tv_nsec = 0;
	CHECK_ERR(syscall(SYS_timer_settime, id, 0x10, &its, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_timer_settime, id, 0, (void *)1, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_timer_gettime, id, (void *)1), EFAULT);
	CHECK_OK(syscall(SYS_timer_delete, id));
	CHECK_ERR(syscall(SYS_timer_delete, id), EINVAL);
}

/* A forked child has none of its parent's timers. */
static void ptimer_not_inherited(void)
{
	struct itimerspec cur;
	int id, st;
	pid_t c;

	block_sig(TSIG);
	id = signal_timer(CLOCK_MONOTONIC, TSIG, 0);
	c = fork();
	CHECK(c >= 0);
	if (c == 0)
		_exit(syscall(SYS_timer_gettime, id, &cur) == -1 && errno == EINVAL ? 0 : 1);
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_OK(syscall(SYS_timer_delete, id));
}

const struct test posix_timer_tests[] = {
	{ "ptimer_oneshot", ptimer_oneshot },
	{ "ptimer_overrun", ptimer_overrun },
	{ "ptimer_gettime", ptimer_gettime },
	{ "ptimer_abstime", ptimer_abstime },
	{ "ptimer_none", ptimer_none },
	{ "ptimer_thread_id", ptimer_thread_id },
	{ "ptimer_errors", ptimer_errors },
	{ "ptimer_not_inherited", ptimer_not_inherited },
	{ NULL, NULL },
};
