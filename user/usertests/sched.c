/*
 * The scheduler's behaviour: wake-up preemption on a shared CPU, nice
 * weights, SCHED_FIFO over SCHED_OTHER, the policy system calls
 * (sched_setscheduler and friends, sched_setattr/sched_getattr with
 * SCHED_RESET_ON_FORK), sched_yield, affinity while load balancing moves
 * tasks, a UDP receiver beside an unpaced sender, and the formats of
 * /proc/schedstat and /proc/PID/sched.
 *
 * Nothing here reads a clock to judge the scheduler. Tasks that share a
 * CPU count loop iterations in shared memory; a change in the other
 * task's counter means the other ran in between, so each task sees the
 * order in which the two got the CPU and how far it got in its own turns.
 * Clocks only bound how long a phase may last. Tests that pin tasks use
 * one CPU of our affinity mask; at -smp 1 the affinity test has one mask
 * to try and passes with that.
 */
#include "usertests.h"
#include "net.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define SCHED_FLAG_RESET_ON_FORK	0x01	/* in sched_attr.sched_flags */
#define SCHED_ATTR_SIZE_VER0		48

/* Linux's struct sched_attr as of SCHED_ATTR_SIZE_VER0 (48 bytes). */
struct ut_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
};

#define LOAD(p)		atomic_load_explicit((p), memory_order_relaxed)
#define STORE(p, v)	atomic_store_explicit((p), (v), memory_order_relaxed)

/* The CPU the pinned tests share. */
static int test_cpu(void)
{
	return cpus[ncpus - 1];
}

static void *shared_map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		fail("mmap(MAP_SHARED, %zu): errno %d", len, errno);
	return p;
}

static long futex_op(atomic_int *uaddr, int op, int val)
{
	return rsys(SYS_futex, (long)uaddr, op, val, 0, 0, 0);
}

static long set_scheduler(pid_t pid, int policy, int prio)
{
	struct sched_param p = { .sched_priority = prio };

	return rsys(SYS_sched_setscheduler, pid, policy, (long)&p, 0, 0, 0);
}

/* The priority sched_getparam reports, or -errno. */
static long get_param(pid_t pid)
{
	struct sched_param p = { .sched_priority = -1 };
	long r = rsys(SYS_sched_getparam, pid, (long)&p, 0, 0, 0, 0);

	return r ? r : p.sched_priority;
}

static long set_attr(const void *attr, unsigned int flags)
{
	return rsys(SYS_sched_setattr, 0, (long)attr, flags, 0, 0, 0);
}

static long get_attr(void *attr, unsigned int size, unsigned int flags)
{
	return rsys(SYS_sched_getattr, 0, (long)attr, size, flags, 0, 0);
}

/* getpriority(2) as a nice value; fails the test on an error. */
static int get_nice(void)
{
	errno = 0;
	int n = getpriority(PRIO_PROCESS, 0);
	if (n == -1 && errno)
		fail("getpriority: errno %d", errno);
	return n;
}

static void sort_u64(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/*
 * sched_wake_preempt_same_cpu: a task woken by a CPU-bound task on the
 * same CPU runs before the waker's slice is over.
 *
 * A waker W (the test's thread) and a wakee E (a second thread), both
 * pinned to one CPU, each count their loop iterations. A round:
 *
 *  1. Contention. Both spin. Each change W sees in E's counter means E
 *     had the CPU in between, so W measures its own turns in iterations;
 *     the median of WAKE_TURNS turns is S, one slice as this scheduler
 *     hands it out under contention (Linux: one 4 ms tick; round-robin:
 *     20 ms).
 *  2. W asks E to sleep. E blocks on a futex at the first iteration of its
 *     next turn, right after waiting through one of W's: it is owed CPU
 *     (EEVDF: positive lag, which it keeps while asleep; CFS: vruntime
 *     behind W's).
 *  3. W spins S/2 more iterations alone (it uses CPU, E does not), reads
 *     its counter c0, wakes E, and keeps spinning.
 *  4. E's first act is to read W's counter: L = that - c0, how far W got
 *     after the wake before E ran.
 *
 * With wake-up preemption E runs as W returns from futex(): L = 0 on
 * Linux. A scheduler that lets W finish its slice gives L near S/2. A round
 * passes with L < S/4; a wake that found E not yet asleep (FUTEX_WAKE
 * woke nobody) does not count. EEVDF's preemption needs E's lag to be
 * positive, which step 2 makes so unless the two tasks' virtual runtimes
 * happened to be tied at that instant; one round in WAKE_ROUNDS may
 * therefore miss.
 */
#define WAKE_ROUNDS	5
#define WAKE_TURNS	5

enum wake_state { WS_CONTEND, WS_SLEEP, WS_ASLEEP, WS_WOKEN, WS_QUIT };

struct wake_pair {
	_Alignas(64) _Atomic uint64_t w_count;	/* written by W only */
	_Alignas(64) _Atomic uint64_t e_count;	/* written by E only */
	_Alignas(64) atomic_int futex_word;	/* 1 while E is to sleep */
	atomic_int state;			/* enum wake_state */
	atomic_int ready;			/* E is pinned */
	_Atomic uint64_t seen;			/* w_count when E woke */
	int cpu;
};

static void *wakee(void *arg)
{
	struct wake_pair *wp = arg;
	uint64_t e = 0, last_w;

	pin_self(wp->cpu);
	last_w = LOAD(&wp->w_count);
	atomic_store(&wp->ready, 1);
	for (;;) {
		uint64_t w = LOAD(&wp->w_count);
		int s = atomic_load(&wp->state);

		STORE(&wp->e_count, ++e);
		if (s == WS_QUIT)
			return NULL;
		if (s == WS_SLEEP && w != last_w) {
			/* W ran since our last iteration: our turn just began */
			atomic_store(&wp->state, WS_ASLEEP);
			futex_op(&wp->futex_word, FUTEX_WAIT_PRIVATE, 1);
			atomic_store(&wp->seen, LOAD(&wp->w_count));
			atomic_store(&wp->state, WS_WOKEN);
			w = LOAD(&wp->w_count);
		}
		last_w = w;
	}
}

/* W's loop step: one iteration, and a bound on how long a phase may take. */
static uint64_t wake_step(struct wake_pair *wp, uint64_t end, const char *what)
{
	uint64_t w = LOAD(&wp->w_count) + 1;

	STORE(&wp->w_count, w);
	if ((w & 1023) == 0 && now_ns(CLOCK_MONOTONIC) > end)
		fail("wake test: timed out in %s", what);
	return w;
}

/* Step 1: spin beside E; return the median of W's turns, in iterations. */
static uint64_t wake_contend(struct wake_pair *wp)
{
	uint64_t turns[WAKE_TURNS], start = 0, last_e = LOAD(&wp->e_count);
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 10000000000ull;
	int n = -1;

	while (n < WAKE_TURNS) {
		uint64_t w = wake_step(wp, end, "contention");
		uint64_t e = LOAD(&wp->e_count);

		if (e == last_e)
			continue;
		/* E ran since our last iteration: a turn of ours began */
		if (n >= 0)
			turns[n] = w - start;
		n++;
		start = w;
		last_e = e;
	}
	sort_u64(turns, WAKE_TURNS);
	return turns[WAKE_TURNS / 2];
}

/* Steps 2-4. Returns L, or -1 if E was not asleep when woken. */
static int64_t wake_round(struct wake_pair *wp, uint64_t slice)
{
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 10000000000ull, c0;
	long woken;

	atomic_store(&wp->futex_word, 1);
	atomic_store(&wp->state, WS_SLEEP);
	while (atomic_load(&wp->state) != WS_ASLEEP)
		wake_step(wp, end, "waiting for the wakee to sleep");
	for (uint64_t i = 0; i < slice / 2; i++)
		wake_step(wp, end, "spinning alone");
	c0 = LOAD(&wp->w_count);
	atomic_store(&wp->futex_word, 0);
	woken = futex_op(&wp->futex_word, FUTEX_WAKE_PRIVATE, 1);
	while (atomic_load(&wp->state) != WS_WOKEN)
		wake_step(wp, end, "waiting for the wakee to run");
	atomic_store(&wp->state, WS_CONTEND);
	if (woken != 1)
		return -1;
	return (int64_t)(atomic_load(&wp->seen) - c0);
}

static void sched_wake_preempt_same_cpu(void)
{
	static struct wake_pair wp;
	uint64_t slice[WAKE_ROUNDS];
	int64_t lat[WAKE_ROUNDS];
	int rounds = 0, good = 0;
	char msg[400];
	pthread_t th;

	wp.cpu = test_cpu();
	pin_self(wp.cpu);
	CHECK(pthread_create(&th, NULL, wakee, &wp) == 0);
	WAIT_FOR(atomic_load(&wp.ready), 30);
	for (int tries = 0; rounds < WAKE_ROUNDS; tries++) {
		if (tries == 4 * WAKE_ROUNDS)
			fail("the wakee was never asleep when woken");
		slice[rounds] = wake_contend(&wp);
		lat[rounds] = wake_round(&wp, slice[rounds]);
		if (lat[rounds] < 0)
			continue;
		if ((uint64_t)lat[rounds] < slice[rounds] / 4)
			good++;
		rounds++;
	}
	atomic_store(&wp.state, WS_QUIT);
	CHECK(pthread_join(th, NULL) == 0);
	if (good >= WAKE_ROUNDS - 1)
		return;
	int n = snprintf(msg, sizeof(msg), "wakee ran in time in %d of %d "
			 "rounds; waker iterations after the wake / per turn:",
			 good, WAKE_ROUNDS);
	for (int i = 0; i < WAKE_ROUNDS && n < (int)sizeof(msg); i++)
		n += snprintf(msg + n, sizeof(msg) - n, " %lld/%llu",
			      (long long)lat[i], (unsigned long long)slice[i]);
	fail("%s", msg);
}

/*
 * sched_nice_weights: a nice 0 and a nice 19 process spin on one CPU for
 * half a second, counting iterations. Linux weighs them 1024 : 15, some
 * 68 : 1; the test wants more than 3 : 1.
 */
struct spin_pair {
	_Alignas(64) _Atomic uint64_t count[2];
	_Alignas(64) atomic_int ready;
	atomic_int go;
	atomic_int stop;
};

static void spinner(struct spin_pair *sp, int i, int cpu, int nice)
{
	uint64_t n = 0;

	pin_self(cpu);
	if (setpriority(PRIO_PROCESS, 0, nice) != 0)
		fail("setpriority(%d): errno %d", nice, errno);
	atomic_fetch_add(&sp->ready, 1);
	while (!atomic_load(&sp->go))
		;
	while (!atomic_load(&sp->stop))
		STORE(&sp->count[i], ++n);
	_exit(0);
}

static void sched_nice_weights(void)
{
	struct spin_pair *sp = shared_map(sizeof(*sp));
	static const int nice[2] = { 0, 19 };
	pid_t pid[2];
	uint64_t c[2];

	for (int i = 0; i < 2; i++) {
		pid[i] = fork_or_fail();
		if (pid[i] == 0)
			spinner(sp, i, test_cpu(), nice[i]);
	}
	WAIT_FOR(atomic_load(&sp->ready) == 2, 30);
	atomic_store(&sp->go, 1);
	usleep(500000);
	atomic_store(&sp->stop, 1);
	c[0] = LOAD(&sp->count[0]);
	c[1] = LOAD(&sp->count[1]);
	for (int i = 0; i < 2; i++)
		wait_ok(pid[i]);
	if (c[0] == 0 || c[0] <= 3 * c[1])
		fail("nice 0 made %llu iterations, nice 19 %llu: want > 3x",
		     (unsigned long long)c[0], (unsigned long long)c[1]);
	munmap(sp, sizeof(*sp));
}

/*
 * sched_fifo_beats_other: on one CPU, a SCHED_OTHER process spins,
 * counting; the test's process becomes SCHED_FIFO there and spins for
 * 50 ms (far under Linux's 950 ms real-time throttling budget). The other
 * process's counter must not move meanwhile, and must move again once the
 * test is back to SCHED_OTHER.
 */
#define FIFO_SPIN_NS	50000000ull

static void sched_fifo_beats_other(void)
{
	struct spin_pair *sp = shared_map(sizeof(*sp));
	uint64_t c0, c1, end;
	long err;
	pid_t pid;

	pin_self(test_cpu());
	pid = fork_or_fail();
	if (pid == 0)
		spinner(sp, 0, test_cpu(), 0);
	WAIT_FOR(atomic_load(&sp->ready) == 1, 30);
	atomic_store(&sp->go, 1);
	WAIT_FOR(LOAD(&sp->count[0]) > 0, 30);
	err = set_scheduler(0, SCHED_FIFO, 10);
	c0 = LOAD(&sp->count[0]);
	if (!err) {
		end = now_ns(CLOCK_MONOTONIC) + FIFO_SPIN_NS;
		while (now_ns(CLOCK_MONOTONIC) < end)
			burn_cpu(100);
	}
	c1 = LOAD(&sp->count[0]);
	CHECK(set_scheduler(0, SCHED_OTHER, 0) == 0);
	if (!err)
		WAIT_FOR(LOAD(&sp->count[0]) > c1, 30);
	atomic_store(&sp->stop, 1);
	wait_ok(pid);
	munmap(sp, sizeof(*sp));
	if (err)
		fail("sched_setscheduler(SCHED_FIFO, 10) = %ld (%s)", err,
		     strerrorname(-err));
	if (c1 != c0)
		fail("SCHED_OTHER ran %llu iterations while SCHED_FIFO spun",
		     (unsigned long long)(c1 - c0));
}

/*
 * sched_rt_params: the priority range of each policy, sched_setscheduler /
 * sched_getscheduler / sched_getparam round trips for FIFO and RR,
 * sched_rr_get_interval, and EINVAL for a priority outside the policy's
 * range or an unknown policy. (musl's sched_setscheduler and friends
 * return ENOSYS by design, so the system calls are made directly.)
 */
static void check_prio_range(int policy, int min, int max)
{
	long lo = rsys(SYS_sched_get_priority_min, policy, 0, 0, 0, 0, 0);
	long hi = rsys(SYS_sched_get_priority_max, policy, 0, 0, 0, 0, 0);

	if (lo != min || hi != max)
		fail("policy %d: priorities %ld..%ld, want %d..%d", policy, lo,
		     hi, min, max);
}

/* sched_rr_get_interval for ourselves, in ns, or -errno. */
static long long rr_interval(void)
{
	struct timespec ts = { -1, -1 };
	long r = rsys(SYS_sched_rr_get_interval, 0, (long)&ts, 0, 0, 0, 0);

	return r ? r : ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void check_rt_roundtrip(int policy, int prio)
{
	long r = set_scheduler(0, policy, prio);

	if (r)
		fail("sched_setscheduler(%d, %d) = %ld (%s)", policy, prio, r,
		     strerrorname(-r));
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) == policy);
	CHECK(get_param(0) == prio);
	CHECK(get_param(getpid()) == prio);
}

#define NO_PID	0x3fffffff	/* above any pid_max */

static void sched_rt_params(void)
{
	long long rr;

	check_prio_range(SCHED_FIFO, 1, 99);
	check_prio_range(SCHED_RR, 1, 99);
	check_prio_range(SCHED_OTHER, 0, 0);
	check_prio_range(SCHED_BATCH, 0, 0);
	check_prio_range(SCHED_IDLE, 0, 0);
	CHECK(rsys(SYS_sched_get_priority_max, 42, 0, 0, 0, 0, 0) == -EINVAL);
	CHECK(rsys(SYS_sched_get_priority_min, -1, 0, 0, 0, 0, 0) == -EINVAL);

	check_rt_roundtrip(SCHED_FIFO, 10);
	CHECK(rr_interval() == 0);		/* FIFO has no time slice */
	check_rt_roundtrip(SCHED_RR, 20);
	rr = rr_interval();
	if (rr <= 0)
		fail("sched_rr_get_interval for SCHED_RR = %lld", rr);
	check_rt_roundtrip(SCHED_FIFO, 99);

	CHECK(set_scheduler(0, SCHED_FIFO, 0) == -EINVAL);
	CHECK(set_scheduler(0, SCHED_FIFO, 100) == -EINVAL);
	CHECK(set_scheduler(0, SCHED_RR, -1) == -EINVAL);
	CHECK(set_scheduler(0, SCHED_OTHER, 1) == -EINVAL);
	CHECK(set_scheduler(0, 42, 0) == -EINVAL);
	CHECK(set_scheduler(-1, SCHED_OTHER, 0) == -EINVAL);
	CHECK(set_scheduler(NO_PID, SCHED_OTHER, 0) == -ESRCH);
	CHECK(rsys(SYS_sched_getscheduler, NO_PID, 0, 0, 0, 0, 0) == -ESRCH);
	CHECK(get_param(NO_PID) == -ESRCH);
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) == SCHED_FIFO);
	CHECK(get_param(0) == 99);

	CHECK(set_scheduler(0, SCHED_OTHER, 0) == 0);
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) == SCHED_OTHER);
	CHECK(get_param(0) == 0);
}

/*
 * sched_setattr_roundtrip: sched_setattr/sched_getattr (raw system calls;
 * struct sched_attr is 48 bytes at SCHED_ATTR_SIZE_VER0): nice, size
 * handling, bad flags and policies, SCHED_BATCH and SCHED_IDLE, and what
 * SCHED_RESET_ON_FORK does to a child.
 */
static struct ut_sched_attr attr_of(int policy, int nice, int prio,
				    uint64_t flags)
{
	return (struct ut_sched_attr){
		.size = SCHED_ATTR_SIZE_VER0, .sched_policy = policy,
		.sched_flags = flags, .sched_nice = nice,
		.sched_priority = prio,
	};
}

static void set_attr_ok(int policy, int nice, int prio, uint64_t flags)
{
	struct ut_sched_attr a = attr_of(policy, nice, prio, flags);
	long r = set_attr(&a, 0);

	if (r)
		fail("sched_setattr(policy %d nice %d prio %d flags %#llx) = "
		     "%ld (%s)", policy, nice, prio, (unsigned long long)flags,
		     r, strerrorname(-r));
}

/* sched_getattr must report exactly this policy, nice (for the fair
 * policies), priority and flags, in a 48-byte answer. */
static void check_attr(int policy, int nice, int prio, uint64_t flags)
{
	struct ut_sched_attr a;

	memset(&a, 0xa5, sizeof(a));
	CHECK(get_attr(&a, sizeof(a), 0) == 0);
	if (a.size != SCHED_ATTR_SIZE_VER0 || (int)a.sched_policy != policy ||
	    a.sched_flags != flags || (int)a.sched_priority != prio ||
	    (policy != SCHED_FIFO && policy != SCHED_RR &&
	     a.sched_nice != nice))
		fail("sched_getattr: size %u policy %u flags %#llx nice %d "
		     "prio %u; want policy %d flags %#llx nice %d prio %d",
		     a.size, a.sched_policy, (unsigned long long)a.sched_flags,
		     a.sched_nice, a.sched_priority, policy,
		     (unsigned long long)flags, nice, prio);
}

static void setattr_nice_and_sizes(void)
{
	struct { struct ut_sched_attr a; char tail[16]; } big;
	struct ut_sched_attr a;

	set_attr_ok(SCHED_OTHER, 5, 0, 0);
	CHECK(get_nice() == 5);
	check_attr(SCHED_OTHER, 5, 0, 0);
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) == SCHED_OTHER);

	a = attr_of(SCHED_OTHER, 7, 0, 0);
	a.size = 0;				/* 0 means VER0 */
	CHECK(set_attr(&a, 0) == 0);
	CHECK(get_nice() == 7);

	a = attr_of(SCHED_OTHER, 30, 0, 0);	/* clamped, as setpriority */
	CHECK(set_attr(&a, 0) == 0);
	CHECK(get_nice() == 19);

	memset(&big, 0, sizeof(big));
	big.a = attr_of(SCHED_OTHER, 3, 0, 0);
	big.a.size = sizeof(big);		/* larger, zero tail: fine */
	CHECK(set_attr(&big, 0) == 0);
	CHECK(get_nice() == 3);
	big.a.sched_nice = 4;
	big.tail[9] = 1;			/* nonzero tail: E2BIG */
	CHECK(set_attr(&big, 0) == -E2BIG);
	/* ... and the kernel wrote the size it knows into attr.size */
	CHECK(big.a.size >= SCHED_ATTR_SIZE_VER0 && big.a.size < sizeof(big));
	a = attr_of(SCHED_OTHER, 4, 0, 0);
	a.size = SCHED_ATTR_SIZE_VER0 - 8;	/* smaller than VER0 */
	CHECK(set_attr(&a, 0) == -E2BIG);
	a = attr_of(SCHED_OTHER, 4, 0, 0);
	a.size = 8192;				/* more than a page */
	CHECK(set_attr(&a, 0) == -E2BIG);
	CHECK(get_nice() == 3);

	memset(&big, 0xa5, sizeof(big));	/* getattr fills what it has */
	CHECK(get_attr(&big, sizeof(big), 0) == 0);
	CHECK(big.a.size >= SCHED_ATTR_SIZE_VER0 && big.a.size <= sizeof(big));
	CHECK(big.a.sched_nice == 3);
}

static void setattr_bad_args(void)
{
	struct ut_sched_attr a = attr_of(SCHED_OTHER, 0, 0, 0);

	CHECK(set_attr(&a, 1) == -EINVAL);		/* flags argument */
	a.sched_flags = 1ull << 40;			/* unknown flag */
	CHECK(set_attr(&a, 0) == -EINVAL);
	a = attr_of(42, 0, 0, 0);			/* unknown policy */
	CHECK(set_attr(&a, 0) == -EINVAL);
	a = attr_of(SCHED_FIFO, 0, 0, 0);		/* FIFO needs 1..99 */
	CHECK(set_attr(&a, 0) == -EINVAL);
	a = attr_of(SCHED_FIFO, 0, 100, 0);
	CHECK(set_attr(&a, 0) == -EINVAL);
	a = attr_of(SCHED_OTHER, 0, 1, 0);		/* OTHER needs 0 */
	CHECK(set_attr(&a, 0) == -EINVAL);
	CHECK(rsys(SYS_sched_setattr, -1, (long)&a, 0, 0, 0, 0) == -EINVAL);
	CHECK(rsys(SYS_sched_setattr, 0, 0, 0, 0, 0, 0) == -EINVAL);
	CHECK(get_attr(&a, sizeof(a), 1) == -EINVAL);
	CHECK(get_attr(&a, SCHED_ATTR_SIZE_VER0 - 8, 0) == -EINVAL);
	CHECK(get_attr(&a, 4097, 0) == -EINVAL);
	CHECK(rsys(SYS_sched_getattr, 0, 0, sizeof(a), 0, 0, 0) == -EINVAL);
	void *bad = map_unmapped_page();
	CHECK(set_attr(bad, 0) == -EFAULT);
	CHECK(get_attr(bad, sizeof(a), 0) == -EFAULT);
}

/* Fork; the child checks its policy, priority and nice, exits 0 if they
 * are as wanted. */
static void check_child_sched(int policy, int prio, int nice)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		if (rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) != policy)
			_exit(1);
		if (get_param(0) != prio)
			_exit(2);
		if (get_nice() != nice)
			_exit(3);
		_exit(0);
	}
	int code = wait_exit(pid);
	if (code)
		fail("child: %s wrong (want policy %d prio %d nice %d)",
		     code == 1 ? "policy" : code == 2 ? "priority" : "nice",
		     policy, prio, nice);
}

static void setattr_reset_on_fork(void)
{
	set_attr_ok(SCHED_FIFO, 0, 10, SCHED_FLAG_RESET_ON_FORK);
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) ==
	      (SCHED_FIFO | SCHED_RESET_ON_FORK));
	check_attr(SCHED_FIFO, 0, 10, SCHED_FLAG_RESET_ON_FORK);
	check_child_sched(SCHED_OTHER, 0, 0);

	set_attr_ok(SCHED_FIFO, 0, 10, 0);		/* inherited */
	check_child_sched(SCHED_FIFO, 10, 0);

	set_attr_ok(SCHED_OTHER, -5, 0, SCHED_FLAG_RESET_ON_FORK);
	CHECK(get_nice() == -5);
	check_child_sched(SCHED_OTHER, 0, 0);		/* back to nice 0 */

	set_attr_ok(SCHED_OTHER, 5, 0, SCHED_FLAG_RESET_ON_FORK);
	check_child_sched(SCHED_OTHER, 0, 5);		/* positive nice stays */

	set_attr_ok(SCHED_OTHER, -5, 0, 0);
	check_child_sched(SCHED_OTHER, 0, -5);		/* inherited */
}

static void sched_setattr_roundtrip(void)
{
	setattr_nice_and_sizes();
	setattr_bad_args();

	set_attr_ok(SCHED_BATCH, 0, 0, 0);
	check_attr(SCHED_BATCH, 0, 0, 0);
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) == SCHED_BATCH);
	set_attr_ok(SCHED_IDLE, 0, 0, 0);
	CHECK(rsys(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0) == SCHED_IDLE);
	CHECK(set_scheduler(0, SCHED_OTHER, 0) == 0);

	setattr_reset_on_fork();
	set_attr_ok(SCHED_OTHER, 0, 0, 0);
	check_attr(SCHED_OTHER, 0, 0, 0);
}

/*
 * sched_yield_alternates: two threads on one CPU, each counting and
 * calling sched_yield in a loop. After a yield a thread should find that
 * the other has run: counted over YIELD_LOOPS yields, at least half of
 * each thread's yields must have let the other through.
 */
#define YIELD_LOOPS	2000

struct yield_pair {
	_Alignas(64) _Atomic uint64_t count[2];
	_Alignas(64) atomic_int ready;
	atomic_int done;
	int cpu;
	int passed[2];		/* yields after which the other had run */
};

struct yielder_arg {
	struct yield_pair *yp;
	int i;
};

static void *yielder(void *arg)
{
	struct yielder_arg *ya = arg;
	struct yield_pair *yp = ya->yp;
	int me = ya->i, other = 1 - me;

	pin_self(yp->cpu);
	atomic_fetch_add(&yp->ready, 1);
	while (atomic_load(&yp->ready) < 2)
		sched_yield();
	for (int k = 0; k < YIELD_LOOPS; k++) {
		uint64_t before = LOAD(&yp->count[other]);

		STORE(&yp->count[me], k + 1);
		sched_yield();
		if (LOAD(&yp->count[other]) != before)
			yp->passed[me]++;
		else if (atomic_load(&yp->done))
			yp->passed[me]++;	/* the other has finished */
	}
	atomic_store(&yp->done, 1);
	return NULL;
}

static void sched_yield_alternates(void)
{
	static struct yield_pair yp;
	struct yielder_arg arg[2];
	pthread_t th[2];

	yp.cpu = test_cpu();
	for (int i = 0; i < 2; i++) {
		arg[i] = (struct yielder_arg){ &yp, i };
		CHECK(pthread_create(&th[i], NULL, yielder, &arg[i]) == 0);
	}
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	for (int i = 0; i < 2; i++)
		if (yp.passed[i] < YIELD_LOOPS / 2)
			fail("thread %d saw the other run after %d of %d yields "
			     "(the other: %d)", i, yp.passed[i], YIELD_LOOPS,
			     yp.passed[1 - i]);
}

/*
 * sched_affinity_under_balance: 2 * ncpus + 1 spinning processes, each
 * with its own affinity mask (one CPU, two, or all but one), so the load
 * balancer has work; every sample of getcpu(2), and of field 39 of
 * /proc/self/stat, must be inside the mask. Half way each process moves
 * to another mask, which getcpu must honour at once.
 */
#define AFF_PHASE_NS	300000000ull

struct aff_shared {
	atomic_int ready;
	atomic_int go;
	_Atomic uint64_t phase_end[2];
	struct {
		int bad_cpu;		/* -1, or a CPU seen outside the mask */
		int bad_source;		/* 0 getcpu, 1 /proc/self/stat */
		long samples[2];
	} task[2 * MAX_CPUS + 1];
};

static cpu_set_t aff_mask(int k)
{
	cpu_set_t set;
	int n = ncpus, c = k % n;

	CPU_ZERO(&set);
	switch (n > 1 ? k % 3 : 0) {
	case 0:
		CPU_SET(cpus[c], &set);
		break;
	case 1:
		CPU_SET(cpus[c], &set);
		CPU_SET(cpus[(c + 1) % n], &set);
		break;
	default:
		for (int i = 0; i < n; i++)
			if (i != c)
				CPU_SET(cpus[i], &set);
	}
	return set;
}

/* Field 39 (processor) of /proc/self/stat, or -1. */
static int stat_cpu(void)
{
	char buf[1024], *p;
	int field = 2;		/* the space before field 3 makes it 3 */

	if (read_text("/proc/self/stat", buf, sizeof(buf)) <= 0)
		return -1;
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	for (p++; *p && field < 39; p++)
		if (*p == ' ' && p[1] != ' ')
			field++;
	return field == 39 ? atoi(p) : -1;
}

static void aff_worker(struct aff_shared *sh, int k)
{
	atomic_fetch_add(&sh->ready, 1);
	WAIT_FOR(atomic_load(&sh->go), 30);
	for (int phase = 0; phase < 2; phase++) {
		cpu_set_t set = aff_mask(k + phase);
		uint64_t end = LOAD(&sh->phase_end[phase]);

		if (sched_setaffinity(0, sizeof(set), &set) != 0)
			fail("sched_setaffinity: errno %d", errno);
		do {
			int src = 0, cpu = current_cpu();
			long s = sh->task[k].samples[phase]++;

			if ((s & 15) == 15) {
				src = 1;
				cpu = stat_cpu();
			}
			if (cpu < 0 || cpu >= CPU_SETSIZE ||
			    !CPU_ISSET(cpu, &set)) {
				sh->task[k].bad_cpu = cpu;
				sh->task[k].bad_source = src;
				_exit(1);
			}
			burn_cpu(500);
		} while (now_ns(CLOCK_MONOTONIC) < end);
	}
	_exit(0);
}

static void sched_affinity_under_balance(void)
{
	int n = 2 * ncpus + 1;
	struct aff_shared *sh = shared_map(sizeof(*sh));
	pid_t pid[2 * MAX_CPUS + 1];
	uint64_t now;

	for (int k = 0; k < n; k++) {
		sh->task[k].bad_cpu = -1;
		pid[k] = fork_or_fail();
		if (pid[k] == 0)
			aff_worker(sh, k);
	}
	WAIT_FOR(atomic_load(&sh->ready) == n, 30);
	now = now_ns(CLOCK_MONOTONIC);
	STORE(&sh->phase_end[0], now + AFF_PHASE_NS);
	STORE(&sh->phase_end[1], now + 2 * AFF_PHASE_NS);
	atomic_store(&sh->go, 1);
	for (int k = 0; k < n; k++) {
		int code = wait_exit(pid[k]);
		if (code == 1)
			fail("task %d ran on cpu %d outside its mask (seen by %s)",
			     k, sh->task[k].bad_cpu, sh->task[k].bad_source ?
			     "/proc/self/stat" : "getcpu");
		if (code)
			fail("task %d exited with %d", k, code);
	}
	for (int k = 0; k < n; k++)
		if (sh->task[k].samples[0] == 0 || sh->task[k].samples[1] == 0)
			fail("task %d never ran in a phase", k);
	munmap(sh, sizeof(*sh));
}

/*
 * sched_udp_receiver_progress: a UDP sender that never waits and a
 * receiver, both pinned to one CPU, over 127.0.0.1. The sender sends
 * UDP_DGRAMS datagrams of UDP_SIZE bytes (or stops after UDP_SEND_NS) and,
 * after its last send, reads how many the receiver has had: at least
 * UDP_MIN_RECV, and at least a quarter of those sent, must have arrived
 * while the sender was still at work. The datagrams are large so that a
 * receiver that runs only when the sender's slice ends finds its queue
 * full and the rest dropped (a round-robin kernel delivers some 13 % this
 * way, Linux 60-100 %).
 */
#define UDP_DGRAMS	10000
#define UDP_SIZE	16000
#define UDP_SEND_NS	3000000000ull
#define UDP_MIN_RECV	300

struct udp_shared {
	_Alignas(64) _Atomic uint64_t received;
	_Alignas(64) atomic_int ready;
	atomic_int done;
};

static void udp_receiver(struct udp_shared *sh, int fd)
{
	struct timeval tv = { 0, 100000 };
	static char buf[UDP_SIZE];

	pin_self(test_cpu());
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	atomic_fetch_add(&sh->ready, 1);
	for (;;) {
		ssize_t r = recv(fd, buf, sizeof(buf), 0);

		if (r >= 0) {
			atomic_fetch_add(&sh->received, 1);
			continue;
		}
		if (errno != EAGAIN && errno != EINTR)
			fail("recv: errno %d", errno);
		if (atomic_load(&sh->done))
			_exit(0);
	}
}

static void sched_udp_receiver_progress(void)
{
	struct udp_shared *sh = shared_map(sizeof(*sh));
	struct addr a;
	int rx = bound_socket(LO4, SOCK_DGRAM, &a);
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	uint64_t sent = 0, got, end;
	static char msg[UDP_SIZE] = "datagram";
	pid_t pid;

	CHECK(tx >= 0);
	CHECK_OK(connect(tx, &a.sa, a.len));
	pid = fork_or_fail();
	if (pid == 0)
		udp_receiver(sh, rx);
	close(rx);
	WAIT_FOR(atomic_load(&sh->ready) == 1, 30);
	pin_self(test_cpu());
	end = now_ns(CLOCK_MONOTONIC) + UDP_SEND_NS;
	while (sent < UDP_DGRAMS &&
	       ((sent & 255) || now_ns(CLOCK_MONOTONIC) < end)) {
		if (send(tx, msg, sizeof(msg), 0) != sizeof(msg))
			fail("send: errno %d", errno);
		sent++;
	}
	got = atomic_load(&sh->received);
	atomic_store(&sh->done, 1);
	wait_ok(pid);
	close(tx);
	munmap(sh, sizeof(*sh));
	if (got < UDP_MIN_RECV || got * 4 < sent)
		fail("receiver had %llu of %llu datagrams while the sender ran",
		     (unsigned long long)got, (unsigned long long)sent);
}

/*
 * sched_procfs: /proc/schedstat and /proc/self/sched.
 *
 * /proc/schedstat: "version 15" (Linux up to 6.10) or "version 16" (what
 * Debian's 6.12 prints: the same lines, with the CPU_IDLE and CPU_NOT_IDLE
 * columns of the domain lines swapped), "timestamp JIFFIES", then per
 * online CPU one "cpuN" line of 9 numbers, each followed by its
 * "domainN MASK" lines of 36 numbers.
 *
 * /proc/self/sched: "COMM (PID, #threads: N)", a rule, then "name : value"
 * lines; se.load.weight is in Linux's 64-bit fixed point (nice 0 = 1024
 * << 10).
 */
#define SCHEDSTAT_CPU_FIELDS	9
#define SCHEDSTAT_DOMAIN_FIELDS	36

/* Count the unsigned decimal numbers separated by single spaces in s. */
static int count_numbers(const char *s)
{
	int n = 0;

	while (*s == ' ') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
		n++;
	}
	return *s == 0 || *s == '\n' ? n : -1;
}

/* "domainN MASK n1 ... n36", MASK in hex (commas every 32 bits). */
static int domain_line_ok(const char *line)
{
	int d, len;

	if (sscanf(line, "domain%d %n", &d, &len) != 1 || d < 0)
		return 0;
	line += len;
	if (!*line || !strchr("0123456789abcdef", *line))
		return 0;
	while (*line && strchr("0123456789abcdef,", *line))
		line++;
	return count_numbers(line) == SCHEDSTAT_DOMAIN_FIELDS;
}

static void check_schedstat(void)
{
	static char buf[65536];
	int seen[MAX_CPUS] = { 0 };
	char *line, *save;
	int nline = 0;

	if (read_text("/proc/schedstat", buf, sizeof(buf)) <= 0)
		fail("/proc/schedstat: errno %d", errno);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), nline++) {
		int cpu, len;

		if (nline == 0) {
			if (strcmp(line, "version 15") != 0 &&
			    strcmp(line, "version 16") != 0)
				fail("/proc/schedstat starts with \"%s\"", line);
		} else if (nline == 1) {
			if (strncmp(line, "timestamp ", 10) != 0 ||
			    count_numbers(line + 9) != 1)
				fail("/proc/schedstat line 2: \"%s\"", line);
		} else if (strncmp(line, "domain", 6) == 0) {
			if (!domain_line_ok(line))
				fail("/proc/schedstat: bad line \"%.60s\"", line);
		} else if (sscanf(line, "cpu%d%n", &cpu, &len) == 1 &&
			   count_numbers(line + len) == SCHEDSTAT_CPU_FIELDS) {
			for (int i = 0; i < ncpus; i++)
				if (cpus[i] == cpu)
					seen[i]++;
		} else {
			fail("/proc/schedstat: bad line \"%.60s\"", line);
		}
	}
	for (int i = 0; i < ncpus; i++)
		if (seen[i] != 1)
			fail("/proc/schedstat has %d lines for cpu%d", seen[i],
			     cpus[i]);
}

/* The value of "name : value" in text, or NULL. */
static const char *sched_field(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, name, n) != 0 || (p[n] != ' ' && p[n] != ':'))
			continue;
		p += n;
		while (*p == ' ')
			p++;
		return *p == ':' ? p + 1 : NULL;
	}
	return NULL;
}

static long long sched_num(const char *text, const char *name)
{
	const char *v = sched_field(text, name);
	char *end;

	if (!v)
		fail("/proc/self/sched has no %s line", name);
	long long n = strtoll(v, &end, 10);
	if (end == v || (*end != '\n' && *end != 0 && *end != '.'))
		fail("/proc/self/sched: %s is not a number", name);
	return n;
}

/*
 * Sleep for certain: read a pipe that a child writes only once it has seen
 * this process asleep ('S'). A timed sleep could end before it began on a
 * host that stalls the CPU for longer than the sleep.
 */
static void block_until_seen_asleep(void)
{
	pid_t me = getpid(), c;
	int pfd[2], st;
	char x = 0;

	CHECK(pipe(pfd) == 0);
	c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		while (proc_state(me) != 'S')
			usleep(1000);
		_exit(write(pfd[1], "x", 1) == 1 ? 0 : 1);
	}
	CHECK(read(pfd[0], &x, 1) == 1 && x == 'x');
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(pfd[0]);
	close(pfd[1]);
}

static void check_self_sched(void)
{
	static char buf[16384];
	char head[64];
	const char *v;
	double ms;
	uint64_t t0;

	/* use some CPU, so that sum_exec_runtime cannot be 0 */
	t0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	while (now_ns(CLOCK_THREAD_CPUTIME_ID) - t0 < 20000000)
		burn_cpu(10000);
	if (read_text("/proc/self/sched", buf, sizeof(buf)) <= 0)
		fail("/proc/self/sched: errno %d", errno);
	snprintf(head, sizeof(head), "usertests (%d, ", (int)getpid());
	if (strncmp(buf, head, strlen(head)) != 0)
		fail("/proc/self/sched starts \"%.40s\", want \"%s\"", buf,
		     head);
	v = sched_field(buf, "se.sum_exec_runtime");
	if (!v || sscanf(v, "%lf", &ms) != 1 || ms <= 0)
		fail("/proc/self/sched: se.sum_exec_runtime missing or 0");
	long long sw = sched_num(buf, "nr_switches");
	CHECK(sched_num(buf, "policy") == SCHED_OTHER);
	CHECK(sched_num(buf, "prio") == 120);
	long long w = sched_num(buf, "se.load.weight");
	if (w != 1024 << 10)
		fail("se.load.weight %lld at nice 0, want %d", w, 1024 << 10);

	CHECK(setpriority(PRIO_PROCESS, 0, 5) == 0);
	block_until_seen_asleep();	/* sleeping is a switch */
	CHECK(read_text("/proc/self/sched", buf, sizeof(buf)) > 0);
	if (sched_num(buf, "nr_switches") <= sw)
		fail("nr_switches did not grow across a sleep");
	CHECK(sched_num(buf, "prio") == 125);
	w = sched_num(buf, "se.load.weight");
	if (w != 335 << 10)
		fail("se.load.weight %lld at nice 5, want %d", w, 335 << 10);
}

static void sched_procfs(void)
{
	check_schedstat();
	check_self_sched();
}

const struct test sched_tests[] = {
	{ "sched_wake_preempt_same_cpu", sched_wake_preempt_same_cpu, 60 },
	{ "sched_nice_weights", sched_nice_weights, 60 },
	{ "sched_fifo_beats_other", sched_fifo_beats_other, 60 },
	{ "sched_rt_params", sched_rt_params, 30 },
	{ "sched_setattr_roundtrip", sched_setattr_roundtrip, 30 },
	{ "sched_yield_alternates", sched_yield_alternates, 60 },
	{ "sched_affinity_under_balance", sched_affinity_under_balance, 60 },
	{ "sched_udp_receiver_progress", sched_udp_receiver_progress, 60 },
	{ "sched_procfs", sched_procfs, 30 },
	{ NULL, NULL, 0 },
};
