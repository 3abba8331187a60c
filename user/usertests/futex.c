/*
 * futex(2): WAIT/WAKE, timeouts, bitsets, CMP_REQUEUE, private and shared.
 *
 * Races are avoided by design, never by sleeping: waiters announce
 * themselves before blocking, and the waker repeats WAKE (or REQUEUE) and
 * sums the counts the kernel returns until exactly the expected number of
 * waiters was woken, in a loop bounded by time.  Linux never wakes a futex
 * waiter spuriously, so a waiter that was not woken is still blocked.
 */
#include "usertests.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>

#define NWAITERS	4

static long futex(int *uaddr, int op, int val, const struct timespec *ts,
		  int *uaddr2, int val3)
{
	return rsys(SYS_futex, (long)uaddr, op, val, (long)ts, (long)uaddr2,
		    val3);
}

struct waiter {
	int *uaddr;
	int op;			/* FUTEX_WAIT or FUTEX_WAIT_BITSET (+flags) */
	int mask;
	atomic_int woke;
	long ret;
};

static atomic_int arrived;

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;

	atomic_fetch_add(&arrived, 1);
	w->ret = futex(w->uaddr, w->op, 0, NULL, NULL, w->mask);
	atomic_store(&w->woke, 1);
	return NULL;
}

static void start_waiters(pthread_t *th, struct waiter *w, int n, int *uaddr,
			  int op, const int *masks)
{
	for (int i = 0; i < n; i++) {
		w[i].uaddr = uaddr;
		w[i].op = op;
		w[i].mask = masks ? masks[i] : FUTEX_BITSET_MATCH_ANY;
		atomic_store(&w[i].woke, 0);
		CHECK(pthread_create(&th[i], NULL, waiter_thread, &w[i]) == 0);
	}
	WAIT_FOR(atomic_load(&arrived) == n, 30);
}

/*
 * Wake until exactly n waiters were woken (op is a WAKE or WAKE_BITSET);
 * fails if the kernel ever reports more.
 */
static void wake_exactly(int *uaddr, int op, int n, int mask)
{
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 30000000000ull;
	int woken = 0;

	while (woken < n) {
		long r = futex(uaddr, op, n - woken, NULL, NULL, mask);
		if (r < 0)
			fail("futex wake: %s", strerrorname(-r));
		woken += r;
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("woke only %d of %d waiters", woken, n);
		if (woken < n)
			usleep(1000);
	}
	if (woken != n)
		fail("woke %d waiters, asked for %d", woken, n);
}

static void join_all(pthread_t *th, struct waiter *w, int n)
{
	for (int i = 0; i < n; i++) {
		CHECK(pthread_join(th[i], NULL) == 0);
		if (w[i].ret != 0)
			fail("waiter %d returned %s", i, strerrorname(-w[i].ret));
	}
}

/* WAIT with an expected value that differs returns EAGAIN at once. */
static void futex_eagain(void)
{
	int word = 1;

	CHECK(futex(&word, FUTEX_WAIT, 0, NULL, NULL, 0) == -EAGAIN);
	CHECK(futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -EAGAIN);
	CHECK(futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
}

/* Relative timeout (WAIT) and absolute CLOCK_MONOTONIC (WAIT_BITSET). */
static void futex_timeout(void)
{
	struct timespec rel = { 0, 20000000 }, abs;
	int word = 0;
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);

	CHECK(futex(&word, FUTEX_WAIT, 0, &rel, NULL, 0) == -ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 20000000);
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 20000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	CHECK(futex(&word, FUTEX_WAIT_BITSET, 0, &abs, NULL,
		    FUTEX_BITSET_MATCH_ANY) == -ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) >= abs.tv_sec * 1000000000ull +
	      abs.tv_nsec);
	/* An already-expired absolute time (the one just waited past)
	 * times out without blocking. */
	CHECK(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL,
		    FUTEX_BITSET_MATCH_ANY) == -ETIMEDOUT);
	rel.tv_nsec = 1000000000;
	CHECK(futex(&word, FUTEX_WAIT, 0, &rel, NULL, 0) == -EINVAL);
}

/* WAKE(2) wakes exactly two of four waiters; the other two stay blocked. */
static void wake_n(int private)
{
	static int word;
	pthread_t th[NWAITERS];
	struct waiter w[NWAITERS];
	int woke = 0;

	start_waiters(th, w, NWAITERS, &word, FUTEX_WAIT | private, NULL);
	wake_exactly(&word, FUTEX_WAKE | private, 2, 0);
	WAIT_FOR(({ woke = 0; for (int i = 0; i < NWAITERS; i++)
			woke += atomic_load(&w[i].woke); woke == 2; }), 30);
	wake_exactly(&word, FUTEX_WAKE | private, NWAITERS - 2, 0);
	join_all(th, w, NWAITERS);
	CHECK(futex(&word, FUTEX_WAKE | private, INT_MAX, NULL, NULL, 0) == 0);
}

static void futex_wake_n(void)
{
	wake_n(0);
}

static void futex_wake_n_private(void)
{
	wake_n(FUTEX_PRIVATE_FLAG);
}

/* WAKE_BITSET wakes only waiters whose mask intersects its own. */
static void futex_bitset(void)
{
	static int word;
	static const int masks[3] = { 1, 2, 4 };
	pthread_t th[3];
	struct waiter w[3];

	start_waiters(th, w, 3, &word, FUTEX_WAIT_BITSET_PRIVATE, masks);
	wake_exactly(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 2);
	WAIT_FOR(atomic_load(&w[1].woke), 30);
	CHECK(!atomic_load(&w[0].woke) && !atomic_load(&w[2].woke));
	/* A mask that matches nobody wakes nobody. */
	CHECK(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 8)
	      == 0);
	CHECK(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0)
	      == -EINVAL);
	wake_exactly(&word, FUTEX_WAKE_BITSET_PRIVATE, 2, 5);
	join_all(th, w, 3);
}

/*
 * CMP_REQUEUE moves all waiters from f1 to f2 (nr_wake 0), so WAKE on f1
 * finds nobody and WAKE on f2 finds them all.  A value mismatch is EAGAIN.
 */
static void requeue(int private)
{
	static int f1, f2;
	pthread_t th[NWAITERS];
	struct waiter w[NWAITERS];
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 30000000000ull;
	int moved = 0;

	start_waiters(th, w, NWAITERS, &f1, FUTEX_WAIT | private, NULL);
	CHECK(futex(&f1, FUTEX_CMP_REQUEUE | private, 0, (void *)INT_MAX, &f2,
		    1) == -EAGAIN);
	while (moved < NWAITERS) {
		long r = futex(&f1, FUTEX_CMP_REQUEUE | private, 0,
			       (void *)INT_MAX, &f2, 0);
		CHECK(r >= 0);
		moved += r;
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("requeued only %d", moved);
		if (moved < NWAITERS)
			usleep(1000);
	}
	CHECK(moved == NWAITERS);
	CHECK(futex(&f1, FUTEX_WAKE | private, INT_MAX, NULL, NULL, 0) == 0);
	CHECK(futex(&f2, FUTEX_WAKE | private, 1, NULL, NULL, 0) == 1);
	CHECK(futex(&f2, FUTEX_WAKE | private, INT_MAX, NULL, NULL, 0) ==
	      NWAITERS - 1);
	join_all(th, w, NWAITERS);
}

static void futex_requeue(void)
{
	requeue(0);
}

static void futex_requeue_private(void)
{
	requeue(FUTEX_PRIVATE_FLAG);
}

/* A shared (non-private) futex in MAP_SHARED memory across fork. */
static void futex_shared_fork(void)
{
	int *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint64_t end;
	pid_t pid;

	CHECK(word != MAP_FAILED);
	word[0] = 0;	/* the futex */
	word[1] = 0;	/* child has arrived */
	pid = fork_or_fail();
	if (pid == 0) {
		__atomic_store_n(&word[1], 1, __ATOMIC_SEQ_CST);
		_exit(futex(word, FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	}
	WAIT_FOR(__atomic_load_n(&word[1], __ATOMIC_SEQ_CST), 30);
	end = now_ns(CLOCK_MONOTONIC) + 30000000000ull;
	while (futex(word, FUTEX_WAKE, 1, NULL, NULL, 0) != 1) {
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("child never blocked on the shared futex");
		usleep(1000);
	}
	wait_ok(pid);
	munmap(word, 4096);
}

/* A bad futex op and a misaligned address are EINVAL / ENOSYS. */
static void futex_bad_args(void)
{
	int words[2] = { 0, 0 };

	CHECK(futex((int *)((char *)words + 1), FUTEX_WAKE, 1, NULL, NULL, 0)
	      == -EINVAL);
	CHECK(futex(words, 99, 0, NULL, NULL, 0) == -ENOSYS);
}

const struct test futex_tests[] = {
	{ "futex_eagain", futex_eagain },
	{ "futex_timeout", futex_timeout },
	{ "futex_wake_n", futex_wake_n },
	{ "futex_wake_n_private", futex_wake_n_private },
	{ "futex_bitset", futex_bitset },
	{ "futex_requeue", futex_requeue },
	{ "futex_requeue_private", futex_requeue_private },
	{ "futex_shared_fork", futex_shared_fork },
	{ "futex_bad_args", futex_bad_args },
	{ NULL, NULL },
};
