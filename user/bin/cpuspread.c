/*
 * cpuspread: the demo `make run` boots into.  Starts one thread per online
 * CPU, each pinned to its own CPU, plus a few forked processes; each does a
 * fixed amount of work and reports where it ran (getcpu).
 *
 *   thread K on cpu C (tid T)
 *   process K on cpu C (pid P)
 *   cpuspread: N threads ran on M distinct CPUs
 *
 * Exit status 0 iff every online CPU ran one of the threads.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CPUS	64
#define NPROCS		3
#define WORK		5000000ul

struct worker {
	int index;
	int cpu;		/* the CPU it is pinned to */
	int ran_on;		/* getcpu() after the work; -1 if pinning failed */
};

static int getcpu_now(void)
{
	unsigned cpu = ~0u;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return (int)cpu;
}

/* Pin the calling thread to cpu; returns 0 on success. */
static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static void work(void)
{
	volatile unsigned long x = 0;

	for (unsigned long i = 0; i < WORK; i++)
		x += i * i;
}

static void *thread_main(void *arg)
{
	struct worker *w = arg;

	w->ran_on = -1;
	if (pin(w->cpu) != 0)
		return NULL;
	work();
	w->ran_on = getcpu_now();
	printf("thread %d on cpu %d (tid %ld)\n", w->index, w->ran_on,
	       (long)syscall(SYS_gettid));
	return NULL;
}

/* A forked process pinned to cpu: works, reports, exits. */
static pid_t spawn_process(int index, int cpu)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid != 0)
		return pid;
	if (pin(cpu) != 0)
		_exit(1);
	work();
	printf("process %d on cpu %d (pid %d)\n", index, getcpu_now(),
	       (int)getpid());
	fflush(stdout);
	_exit(0);
}

int main(void)
{
	struct worker w[MAX_CPUS];
	pthread_t th[MAX_CPUS];
	pid_t procs[NPROCS];
	int ran[MAX_CPUS] = { 0 }, n = 0, distinct = 0, missing = 0;
	cpu_set_t online;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sched_getaffinity(0, sizeof(online), &online) != 0) {
		perror("cpuspread: sched_getaffinity");
		return 1;
	}
	for (int c = 0; c < MAX_CPUS; c++)
		if (CPU_ISSET(c, &online)) {
			w[n] = (struct worker){ .index = n, .cpu = c };
			n++;
		}
	for (int i = 0; i < NPROCS; i++)
		procs[i] = spawn_process(i, w[i % n].cpu);
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, thread_main, &w[i]) != 0) {
			perror("cpuspread: pthread_create");
			return 1;
		}
	for (int i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (w[i].ran_on >= 0 && w[i].ran_on < MAX_CPUS &&
		    w[i].ran_on == w[i].cpu && !ran[w[i].ran_on]++)
			distinct++;
	}
	for (int i = 0; i < NPROCS; i++)
		if (procs[i] > 0)
			waitpid(procs[i], NULL, 0);
	for (int i = 0; i < n; i++)
		if (!ran[w[i].cpu]) {
			printf("cpuspread: cpu %d ran no thread\n", w[i].cpu);
			missing++;
		}
	printf("cpuspread: %d threads ran on %d distinct CPUs\n", n, distinct);
	return missing ? 1 : 0;
}
