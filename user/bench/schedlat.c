/*
 * schedlat — what the scheduler and the timers make a task wait for:
 * wake-up latency, timer overshoot and the CPU shares of busy tasks.
 *
 *   schedlat [-t TEST[,TEST...]|all] [-n ROUNDS] [-k SAMPLES] [-l MS] [-d MS]
 *
 * Tests (default: all, in this order):
 *   futex    two threads hand a futex word back and forth (FUTEX_WAKE,
 *            FUTEX_WAIT), both pinned to one CPU (futex-1cpu), then to two
 *            CPUs (futex-2cpu). The waker writes a CLOCK_MONOTONIC stamp
 *            just before its FUTEX_WAKE; the wakee reads the clock as soon
 *            as its FUTEX_WAIT returns: one sample of one-way wake-up
 *            latency. Only waits that slept count (a FUTEX_WAIT that found
 *            the word already changed measured nothing).
 *   pipe     the same over two pipes (pipe-1cpu, pipe-2cpu): the message
 *            is the writer's stamp, the reader reads the clock as its
 *            read returns.
 *   sleeper  a busy process pinned to a CPU and, beside it on that CPU, a
 *            thread looping on FUTEX_WAIT with a 100 µs timeout for -d
 *            milliseconds: wake-ups per second, and how late each wake-up
 *            came after its deadline.
 *   timer    clock_nanosleep relative, CLOCK_MONOTONIC, for 50 µs, 100 µs,
 *            1 ms and 10 ms (timer-50us ... timer-10ms), -k times each on
 *            an otherwise idle machine: actual minus requested.
 *   fair     busy processes at equal nice for -d milliseconds: N = 2M
 *            on the M online CPUs (fair-2m), N = M + 1 (fair-m1) and N = 2
 *            pinned to one CPU (fair-1cpu). Each child reads its own
 *            CLOCK_PROCESS_CPUTIME_ID at a common start time and at the
 *            common end; its share is its CPU time over the mean of all.
 *   nice     a nice-0 and a nice-5 busy process pinned to one CPU for -d
 *            milliseconds: the ratio of their CPU times (Linux's weights,
 *            1024/335, make it about 3.06).
 *
 * Every measurement is bounded in count and in time: ping-pongs stop after
 * ROUNDS round trips (default 5000) or -l milliseconds (default 3000),
 * whichever comes first; each timer length after SAMPLES sleeps (default
 * 500) or -l milliseconds. The sleeper, fair and nice runs last -d
 * milliseconds (default 2000).
 *
 * One line per measurement, for a script to parse; times in microseconds:
 *
 *   SCHEDLAT test=futex-1cpu status=ok n=N median_us=M p99_us=P min_us=A max_us=B
 *   SCHEDLAT test=sleeper status=ok n=N secs=S wakeups_per_s=W median_us=..
 *            p99_us=.. min_us=.. max_us=..                 (the overshoot)
 *   SCHEDLAT test=fair-2m status=ok n=N cpus=M secs=S min_share=.. max_share=..
 *            maxdev_pct=.. util=.. cpu_ms=C1,C2,...
 *   SCHEDLAT test=nice status=ok n=2 secs=S ratio=R cpu_ms=C0,C5
 *
 * A placement that needs two CPUs on a machine with one prints
 * status=skipped; a call that fails prints status=error with the reason.
 * The program judges nothing: the exit status is 0 iff every measurement
 * ran (or was skipped).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC   1000000000L
#define NSEC_PER_MSEC  1000000L
#define MAX_PROCS      256              /* busy children in one fair run */

static struct {
	long rounds, samples, limit_ms, dur_ms;
} opt = { 5000, 500, 3000, 2000 };

static int cpus[CPU_SETSIZE];           /* the CPUs we may run on, in order */
static int ncpus;
static cpu_set_t all_cpus;              /* our affinity at start */
static int failed;                      /* a measurement could not be made */

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static long cputime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static struct timespec ns_to_ts(long ns)
{
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };

	return ts;
}

/* Pin the calling thread to @cpu; 0 or -errno. */
static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) < 0 ? -errno : 0;
}

static void unpin(void)
{
	sched_setaffinity(0, sizeof(all_cpus), &all_cpus);
}

static long futex(_Atomic int *uaddr, int op, int val, const struct timespec *ts)
{
	return syscall(SYS_futex, (int *)uaddr, op, val, ts, NULL, 0);
}

static void fail(const char *test, const char *why, int err)
{
	printf("SCHEDLAT test=%s status=error reason=\"%s%s%s\"\n", test, why,
	       err ? ": " : "", err ? strerror(err) : "");
	fflush(stdout);
	failed = 1;
}

static void skip(const char *test, const char *why)
{
	printf("SCHEDLAT test=%s status=skipped reason=\"%s\"\n", test, why);
	fflush(stdout);
}

/* ------------------------------------------------------------ samples */

struct samples {
	long *ns;
	long n, cap;
};

static int samples_init(struct samples *s, long cap)
{
	s->n = 0;
	s->cap = cap;
	s->ns = malloc(cap * sizeof(long));
	return s->ns ? 0 : -ENOMEM;
}

static void samples_add(struct samples *s, long ns)
{
	if (s->n < s->cap)
		s->ns[s->n++] = ns;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Quantile q (0..1) of sorted samples, nearest rank. */
static double quantile_us(const struct samples *s, double q)
{
	long i = (long)(q * s->n + 0.999999) - 1;

	if (i < 0)
		i = 0;
	if (i >= s->n)
		i = s->n - 1;
	return s->ns[i] / 1e3;
}

/* Print the line of one latency measurement: "... n=.. median_us=..". */
static void report(const char *test, struct samples *s, const char *extra)
{
	double median;

	if (s->n == 0) {
		fail(test, "no samples", 0);
		return;
	}
	qsort(s->ns, s->n, sizeof(long), cmp_long);
	median = s->n % 2 ? s->ns[s->n / 2] / 1e3 :
		 (s->ns[s->n / 2 - 1] + s->ns[s->n / 2]) / 2e3;
	printf("SCHEDLAT test=%s status=ok n=%ld%s median_us=%.2f p99_us=%.2f "
	       "min_us=%.2f max_us=%.2f\n", test, s->n, extra, median,
	       quantile_us(s, 0.99), s->ns[0] / 1e3, s->ns[s->n - 1] / 1e3);
	fflush(stdout);
}

/* --------------------------------------------------------- ping-pong */

/*
 * Two threads, side 0 and side 1, take turns. The side whose turn it is
 * stamps the clock, hands the turn over and wakes the other; the other
 * reads the clock when it returns from its wait. Side 0 decides when to
 * stop and hands over a last turn that says so (@stop, or a zero stamp
 * in a pipe). Both sides pin themselves and meet at @ready before the
 * first turn, so a failed pin stops both before either waits.
 */
struct pingpong {
	int pipe_mode;
	int cpu[2];
	pthread_barrier_t ready;
	_Atomic int pinned;             /* sides that pinned themselves */
	_Atomic int turn;               /* futex word: whose turn, 0 or 1 */
	_Atomic long stamp;             /* ns, written before each hand-over */
	_Atomic int stop;               /* set once, never cleared */
	int fds[2][2];                  /* pipe_mode: fds[i] carries i -> !i */
	long deadline;                  /* side 0 stops here (ns) */
	struct samples s[2];            /* each side's wake-ups */
	int err[2];                     /* an errno a side hit */
};

struct side {
	struct pingpong *pp;
	int me;
};

/* Hand the turn to the other side; 0 or -errno. */
static int pp_send(struct pingpong *pp, int me, int stop)
{
	long stamp = stop ? 0 : now_ns();

	if (pp->pipe_mode)
		return write(pp->fds[me][1], &stamp, sizeof(stamp)) == sizeof(stamp) ? 0 : -errno;
	if (stop)
		atomic_store(&pp->stop, 1);
	atomic_store(&pp->stamp, now_ns());
	atomic_store(&pp->turn, !me);
	futex(&pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL);
	return 0;
}

/*
 * Wait for our turn and record the wake-up if we slept (futex) or got a
 * stamp (pipe). 0 to go on, 1 when told to stop, or -errno.
 */
static int pp_receive(struct pingpong *pp, int me)
{
	int slept = 0;
	long stamp;
	ssize_t r;

	if (pp->pipe_mode) {
		do
			r = read(pp->fds[!me][0], &stamp, sizeof(stamp));
		while (r < 0 && errno == EINTR);
		if (r != sizeof(stamp))
			return r < 0 ? -errno : -EPIPE;
		if (stamp == 0)
			return 1;
		samples_add(&pp->s[me], now_ns() - stamp);
		return 0;
	}
	while (atomic_load(&pp->turn) != me) {
		if (futex(&pp->turn, FUTEX_WAIT_PRIVATE, !me, NULL) == 0)
			slept = 1;
		else if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
	if (slept)
		samples_add(&pp->s[me], now_ns() - atomic_load(&pp->stamp));
	return atomic_load(&pp->stop);
}

/* Side 0 serves first and decides when to stop; side 1 answers. */
static void *pp_side(void *arg)
{
	struct side *sd = arg;
	struct pingpong *pp = sd->pp;
	int me = sd->me, r = pin(pp->cpu[me]), stop;
	long rounds = 0;

	if (r == 0)
		atomic_fetch_add(&pp->pinned, 1);
	else
		pp->err[me] = -r;
	pthread_barrier_wait(&pp->ready);
	if (atomic_load(&pp->pinned) != 2)
		return NULL;
	for (;;) {
		if (me == 0) {
			stop = ++rounds > opt.rounds || now_ns() >= pp->deadline;
			r = pp_send(pp, me, stop);
			if (r < 0 || stop)
				break;
		}
		r = pp_receive(pp, me);
		if (r != 0)
			break;
		if (me == 1 && (r = pp_send(pp, me, 0)) < 0)
			break;
	}
	if (r < 0) {
		/* Unblock the other side: EOF on our pipe, or the stop turn.
		 * Reads and writes on pipes, and FUTEX_WAIT/WAKE on a private
		 * word, fail only when the kernel lacks them. */
		pp->err[me] = -r;
		if (pp->pipe_mode) {
			close(pp->fds[me][1]);
			pp->fds[me][1] = -1;
		} else {
			pp_send(pp, me, 1);
		}
	}
	return NULL;
}

static void pingpong(const char *kind, int pipe_mode, int two_cpus)
{
	char test[32];
	struct pingpong pp = { .pipe_mode = pipe_mode, .fds = { { -1, -1 }, { -1, -1 } } };
	struct side sides[2] = { { &pp, 0 }, { &pp, 1 } };
	struct samples all = { 0 };
	pthread_t t[2];
	int i, j, r = 0;

	snprintf(test, sizeof(test), "%s-%s", kind, two_cpus ? "2cpu" : "1cpu");
	if (two_cpus && ncpus < 2) {
		skip(test, "one CPU online");
		return;
	}
	pp.cpu[0] = cpus[0];
	pp.cpu[1] = cpus[two_cpus ? 1 : 0];
	if (pipe_mode && (pipe(pp.fds[0]) < 0 || pipe(pp.fds[1]) < 0)) {
		fail(test, "pipe", errno);
		goto out;
	}
	if (samples_init(&pp.s[0], opt.rounds + 1) || samples_init(&pp.s[1], opt.rounds + 1) ||
	    samples_init(&all, 2 * opt.rounds + 2)) {
		fail(test, "malloc", ENOMEM);
		goto out;
	}
	pthread_barrier_init(&pp.ready, NULL, 2);
	pp.deadline = now_ns() + opt.limit_ms * NSEC_PER_MSEC;
	r = pthread_create(&t[0], NULL, pp_side, &sides[0]);
	if (r == 0 && (r = pthread_create(&t[1], NULL, pp_side, &sides[1])) != 0) {
		/* side 0 waits at the barrier: stand in for side 1 there */
		pp.err[1] = r;
		pthread_barrier_wait(&pp.ready);
		pthread_join(t[0], NULL);
	}
	if (r) {
		fail(test, "pthread_create", r);
		goto out_barrier;
	}
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	for (i = 0; i < 2; i++)
		for (j = 0; j < pp.s[i].n; j++)
			samples_add(&all, pp.s[i].ns[j]);
	if (pp.err[0] || pp.err[1])
		fail(test, atomic_load(&pp.pinned) != 2 ? "sched_setaffinity" :
		     pipe_mode ? "pipe read/write" : "futex", pp.err[0] ? pp.err[0] : pp.err[1]);
	else
		report(test, &all, "");
out_barrier:
	pthread_barrier_destroy(&pp.ready);
out:
	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			if (pp.fds[i][j] >= 0)
				close(pp.fds[i][j]);
	free(pp.s[0].ns);
	free(pp.s[1].ns);
	free(all.ns);
}

/* ------------------------------------------------------------ sleeper */

/* A child that spins until killed (or, as a safety net, until @until). */
static pid_t spawn_spinner(long until, int ready_fd)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if (write(ready_fd, "r", 1) != 1)
		_exit(1);
	while (now_ns() < until)
		;
	_exit(0);
}

static void sleeper(void)
{
	const char *test = "sleeper";
	struct timespec timeout = ns_to_ts(100 * 1000);
	_Atomic int word = 0;
	struct samples s = { 0 };
	long t0, t, end, deadline;
	char extra[64], b;
	int fds[2] = { -1, -1 }, r;
	pid_t pid;

	r = pin(cpus[0]);
	if (r < 0) {
		fail(test, "sched_setaffinity", -r);
		return;
	}
	/* a 100 µs wait cannot end sooner: at most 10 wake-ups per ms */
	if (samples_init(&s, opt.dur_ms * 10 + 16) || pipe(fds) < 0) {
		fail(test, "malloc or pipe", errno);
		goto out;
	}
	/* the spinner inherits our CPU; it says when it runs */
	pid = spawn_spinner(now_ns() + (opt.dur_ms + 10000) * NSEC_PER_MSEC, fds[1]);
	if (pid < 0) {
		fail(test, "fork", errno);
		goto out;
	}
	if (read(fds[0], &b, 1) != 1) {
		fail(test, "the spinner did not start", 0);
		goto out_kill;
	}
	t0 = now_ns();
	end = t0 + opt.dur_ms * NSEC_PER_MSEC;
	do {
		deadline = now_ns() + 100 * 1000;
		futex(&word, FUTEX_WAIT_PRIVATE, 0, &timeout);  /* ETIMEDOUT */
		t = now_ns();
		samples_add(&s, t - deadline);
	} while (t < end);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	snprintf(extra, sizeof(extra), " secs=%.3f wakeups_per_s=%.1f",
		 (t - t0) / 1e9, s.n * 1e9 / (t - t0));
	report(test, &s, extra);
	goto out;
out_kill:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
out:
	if (fds[0] >= 0) {
		close(fds[0]);
		close(fds[1]);
	}
	free(s.ns);
	unpin();
}

/* -------------------------------------------------------------- timer */

static void timer_one(const char *test, long req_ns)
{
	struct timespec req = ns_to_ts(req_ns);
	struct samples s;
	long t0, t1, limit;
	int r;

	if (samples_init(&s, opt.samples)) {
		fail(test, "malloc", ENOMEM);
		return;
	}
	limit = now_ns() + opt.limit_ms * NSEC_PER_MSEC;
	do {
		t0 = now_ns();
		r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
		t1 = now_ns();
		if (r) {
			fail(test, "clock_nanosleep", r);
			free(s.ns);
			return;
		}
		samples_add(&s, t1 - t0 - req_ns);
	} while (s.n < opt.samples && t1 < limit);
	report(test, &s, "");
	free(s.ns);
}

static void timers(void)
{
	timer_one("timer-50us", 50 * 1000);
	timer_one("timer-100us", 100 * 1000);
	timer_one("timer-1ms", NSEC_PER_MSEC);
	timer_one("timer-10ms", 10 * NSEC_PER_MSEC);
}

/* ------------------------------------------------------------ busy CPUs */

struct busy_result {
	int idx;
	long cpu_ns;
};

/*
 * Child @idx of a busy run: pinned to @cpu if >= 0, at nice @nice, sleeps
 * until @start, spins until @end and writes the CPU time it got in
 * between to @fd. The parent reads errors as a missing result.
 */
static void busy_child(int idx, int cpu, int nice, long start, long end, int fd)
{
	struct timespec ts = ns_to_ts(start);
	struct busy_result res = { idx, 0 };
	volatile unsigned long x = 0;
	long c0;
	int i;

	if (cpu >= 0 && pin(cpu) < 0)
		_exit(1);
	if (nice && setpriority(PRIO_PROCESS, 0, nice) < 0)
		_exit(2);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	c0 = cputime_ns();
	while (now_ns() < end)
		for (i = 0; i < 1000; i++)
			x += i;
	res.cpu_ns = cputime_ns() - c0;
	_exit(write(fd, &res, sizeof(res)) == sizeof(res) ? 0 : 3);
}

/*
 * Run @n busy children for -d ms, child i at nices[i] (NULL: all 0),
 * all pinned to @cpu if >= 0. Fills cpu_ns[]; 0, or -errno / a child's
 * failure as -EIO (reason in @why).
 */
static int busy_run(int n, int cpu, const int *nices, long *cpu_ns, const char **why)
{
	long start = now_ns() + 100 * NSEC_PER_MSEC;   /* every child forked by then */
	long end = start + opt.dur_ms * NSEC_PER_MSEC;
	struct busy_result res;
	int fds[2], i, got = 0, err = 0, st;
	pid_t pid;

	if (pipe(fds) < 0) {
		*why = "pipe";
		return -errno;
	}
	for (i = 0; i < n; i++) {
		cpu_ns[i] = -1;
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			busy_child(i, cpu, nices ? nices[i] : 0, start, end, fds[1]);
		}
		if (pid < 0) {
			*why = "fork";
			err = -errno;
			break;          /* the children forked end by themselves */
		}
	}
	close(fds[1]);
	while (read(fds[0], &res, sizeof(res)) == sizeof(res))
		if (res.idx >= 0 && res.idx < n && cpu_ns[res.idx] < 0) {
			cpu_ns[res.idx] = res.cpu_ns;
			got++;
		}
	close(fds[0]);
	while (wait(&st) > 0)
		if (!err && WIFEXITED(st) && WEXITSTATUS(st) != 0) {
			*why = WEXITSTATUS(st) == 1 ? "child: sched_setaffinity" :
			       WEXITSTATUS(st) == 2 ? "child: setpriority" : "child: write";
			err = -EIO;
		}
	if (!err && got != n) {
		*why = "a child reported nothing";
		err = -EIO;
	}
	return err;
}

/* "C1,C2,..." milliseconds, into @buf. */
static void format_ms(char *buf, size_t len, const long *cpu_ns, int n)
{
	size_t off = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%.1f", i ? "," : "",
				cpu_ns[i] / 1e6);
}

static void fair_one(const char *test, int n, int pinned)
{
	long cpu_ns[MAX_PROCS], sum = 0;
	double mean, share, lo = 1e9, hi = 0, dev = 0;
	int m = pinned ? 1 : ncpus, i, r;
	const char *why = "";
	char ms[MAX_PROCS * 12];

	if (n > MAX_PROCS) {
		fail(test, "too many CPUs for this program", 0);
		return;
	}
	r = busy_run(n, pinned ? cpus[0] : -1, NULL, cpu_ns, &why);
	if (r < 0) {
		fail(test, why, r == -EIO ? 0 : -r);
		return;
	}
	for (i = 0; i < n; i++)
		sum += cpu_ns[i];
	mean = (double)sum / n;
	for (i = 0; i < n; i++) {
		share = mean > 0 ? cpu_ns[i] / mean : 0;
		lo = share < lo ? share : lo;
		hi = share > hi ? share : hi;
		if ((share > 1 ? share - 1 : 1 - share) > dev)
			dev = share > 1 ? share - 1 : 1 - share;
	}
	format_ms(ms, sizeof(ms), cpu_ns, n);
	printf("SCHEDLAT test=%s status=ok n=%d cpus=%d secs=%.3f min_share=%.4f max_share=%.4f "
	       "maxdev_pct=%.2f util=%.4f cpu_ms=%s\n", test, n, m, opt.dur_ms / 1e3, lo, hi,
	       dev * 100, sum / (opt.dur_ms * 1e6 * (n < m ? n : m)), ms);
	fflush(stdout);
}

static void fairness(void)
{
	fair_one("fair-2m", 2 * ncpus, 0);
	fair_one("fair-m1", ncpus + 1, 0);
	fair_one("fair-1cpu", 2, 1);
}

static void nice_ratio(void)
{
	static const int nices[2] = { 0, 5 };
	long cpu_ns[2];
	const char *why = "";
	char ms[32];
	int r;

	r = busy_run(2, cpus[0], nices, cpu_ns, &why);
	if (r < 0) {
		fail("nice", why, r == -EIO ? 0 : -r);
		return;
	}
	format_ms(ms, sizeof(ms), cpu_ns, 2);
	if (cpu_ns[1] > 0)
		printf("SCHEDLAT test=nice status=ok n=2 secs=%.3f ratio=%.3f cpu_ms=%s\n",
		       opt.dur_ms / 1e3, (double)cpu_ns[0] / cpu_ns[1], ms);
	else    /* nice 5 got nothing: no finite ratio */
		printf("SCHEDLAT test=nice status=ok n=2 secs=%.3f ratio=inf cpu_ms=%s\n",
		       opt.dur_ms / 1e3, ms);
	fflush(stdout);
}

/* ---------------------------------------------------------------- main */

enum { T_FUTEX, T_PIPE, T_SLEEPER, T_TIMER, T_FAIR, T_NICE, NTESTS };
static const char *const test_name[NTESTS] = {
	"futex", "pipe", "sleeper", "timer", "fair", "nice",
};

static int pick_tests(char *s, int *want)
{
	char *tok;
	int i, found;

	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		for (found = 0, i = 0; i < NTESTS; i++)
			if (!strcmp(tok, "all") || !strcmp(tok, test_name[i]))
				want[i] = found = 1;
		if (!found)
			return -1;
	}
	return 0;
}

/* A positive number no larger than @max, or -1. */
static long number(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > max)
		return -1;
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: schedlat [-t futex,pipe,sleeper,timer,fair,nice|all] "
		"[-n ROUNDS] [-k SAMPLES] [-l MS] [-d MS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int want[NTESTS] = { 0 }, c, i;
	char *tests = NULL;

	while ((c = getopt(argc, argv, "t:n:k:l:d:")) != -1) {
		switch (c) {
		case 't': tests = optarg; break;
		case 'n': opt.rounds = number(optarg, 1000000); break;
		case 'k': opt.samples = number(optarg, 1000000); break;
		case 'l': opt.limit_ms = number(optarg, 600000); break;
		case 'd': opt.dur_ms = number(optarg, 600000); break;
		default: usage();
		}
	}
	if (optind != argc || opt.rounds < 0 || opt.samples < 0 || opt.limit_ms < 0 ||
	    opt.dur_ms < 0)
		usage();
	if (!tests)
		tests = strdup("all");  /* strtok writes into it */
	if (pick_tests(tests, want) < 0)
		usage();
	if (sched_getaffinity(0, sizeof(all_cpus), &all_cpus) < 0) {
		perror("schedlat: sched_getaffinity");
		return 1;
	}
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &all_cpus))
			cpus[ncpus++] = i;
	printf("SCHEDLAT-INFO cpus=%d rounds=%ld samples=%ld limit_ms=%ld dur_ms=%ld\n",
	       ncpus, opt.rounds, opt.samples, opt.limit_ms, opt.dur_ms);
	fflush(stdout);
	if (want[T_FUTEX]) {
		pingpong("futex", 0, 0);
		pingpong("futex", 0, 1);
	}
	if (want[T_PIPE]) {
		pingpong("pipe", 1, 0);
		pingpong("pipe", 1, 1);
	}
	if (want[T_SLEEPER])
		sleeper();
	if (want[T_TIMER])
		timers();
	if (want[T_FAIR])
		fairness();
	if (want[T_NICE])
		nice_ratio();
	return failed;
}
