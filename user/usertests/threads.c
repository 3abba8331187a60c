/*
 * Threads: creation and join (CLONE_CHILD_CLEARTID wakes pthread_join),
 * per-thread CPU affinity checked with getcpu, atomics and mutexes across
 * CPUs, thread ids.
 */
#include "usertests.h"

#include <pthread.h>
#include <stdatomic.h>

#define WORK_ROUNDS	2000

struct worker {
	int index;
	int cpu;
	pid_t tid;
	int wrong_cpu;		/* getcpu disagreed with the pin */
};

static atomic_long counter;

static int nthreads(void)
{
	return ncpus < 2 ? 2 : ncpus;
}

/* Pin to w->cpu, then do work, checking after every round where we run. */
static void *pinned_worker(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0)
		fail("pthread_setaffinity_np(cpu %d) failed", w->cpu);
	w->tid = gettid();
	for (int i = 0; i < WORK_ROUNDS; i++) {
		if (current_cpu() != w->cpu)
			w->wrong_cpu++;
		atomic_fetch_add(&counter, 1);
		burn_cpu(100);
	}
	return (void *)(long)(1000 + w->index);
}

/* One thread per CPU, each pinned to its own; all must stay there. */
static void threads_pinned(void)
{
	int n = nthreads();
	pthread_t th[MAX_CPUS + 1];
	struct worker w[MAX_CPUS + 1];

	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ .index = i, .cpu = cpus[i % ncpus] };
		CHECK(pthread_create(&th[i], NULL, pinned_worker, &w[i]) == 0);
	}
	for (int i = 0; i < n; i++) {
		void *ret;
		CHECK(pthread_join(th[i], &ret) == 0);
		if ((long)ret != 1000 + i)
			fail("thread %d returned %ld", i, (long)ret);
		if (w[i].wrong_cpu)
			fail("thread %d pinned to cpu %d ran elsewhere %d times",
			     i, w[i].cpu, w[i].wrong_cpu);
	}
	CHECK(atomic_load(&counter) == (long)n * WORK_ROUNDS);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			CHECK(w[i].tid != w[j].tid);
}

static void *tid_thread(void *arg)
{
	(void)arg;
	return (void *)(long)gettid();
}

/* gettid == getpid in the main thread only; threads share the pid. */
static void threads_gettid(void)
{
	pthread_t th;
	void *ret;

	CHECK(gettid() == getpid());
	CHECK(pthread_create(&th, NULL, tid_thread, NULL) == 0);
	CHECK(pthread_join(th, &ret) == 0);
	CHECK((pid_t)(long)ret != getpid());
	CHECK((pid_t)(long)ret > 0);
}

static void *exit_thread(void *arg)
{
	pthread_exit(arg);
}

/* 300 create/join rounds: join relies on CLONE_CHILD_CLEARTID + futex. */
static void threads_many(void)
{
	for (long i = 0; i < 300; i++) {
		pthread_t th;
		void *ret;
		CHECK(pthread_create(&th, NULL, exit_thread, (void *)i) == 0);
		CHECK(pthread_join(th, &ret) == 0);
		CHECK((long)ret == i);
	}
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long plain_counter;

static void *mutex_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5000; i++) {
		pthread_mutex_lock(&lock);
		plain_counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

/* A contended mutex (futex wait/wake) protects a plain counter. */
static void threads_mutex(void)
{
	int n = nthreads() * 2;
	pthread_t th[2 * MAX_CPUS + 2];

	for (int i = 0; i < n; i++)
		CHECK(pthread_create(&th[i], NULL, mutex_worker, NULL) == 0);
	for (int i = 0; i < n; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	CHECK(plain_counter == 5000L * n);
}

static void *exit_group_thread(void *arg)
{
	(void)arg;
	_exit(77);		/* exit_group: takes the whole process */
}

/* exit_group from a non-main thread ends the process with its status. */
static void threads_exit_group(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		pthread_t th;
		pthread_create(&th, NULL, exit_group_thread, NULL);
		for (;;)
			pause();
	}
	CHECK(wait_exit(pid) == 77);
}

/*
 * The leader and its only other thread leave with SYS_exit (not
 * exit_group) at the same moment, many times: whichever order the kernel
 * sees them in, the parent must be told once the group is empty. A lost
 * report leaves wait4 asleep forever (the harness's timeout fails it).
 */
static _Atomic int exit_race_go;

static void *exit_race_thread(void *arg)
{
	(void)arg;
	atomic_fetch_add(&exit_race_go, 1);
	while (atomic_load(&exit_race_go) < 2)
		;
	syscall(SYS_exit, 0);
	return NULL;
}

static void threads_leader_exit_race(void)
{
	int i;

	for (i = 0; i < 300; i++) {
		pid_t pid = fork_or_fail();

		if (pid == 0) {
			pthread_t th;

			if (pthread_create(&th, NULL, exit_race_thread, NULL) != 0)
				_exit(1);
			while (atomic_load(&exit_race_go) < 1)
				;
			atomic_fetch_add(&exit_race_go, 1);
			syscall(SYS_exit, 0);
		}
		CHECK(wait_exit(pid) == 0);
	}
}

const struct test threads_tests[] = {
	{ "threads_pinned", threads_pinned },
	{ "threads_leader_exit_race", threads_leader_exit_race, 60 },
	{ "threads_gettid", threads_gettid },
	{ "threads_many", threads_many },
	{ "threads_mutex", threads_mutex },
	{ "threads_exit_group", threads_exit_group },
	{ NULL, NULL },
};
