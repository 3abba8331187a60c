/*
 * connrate: short TCP connections per second over loopback with one
 * SO_REUSEPORT listener per CPU (SO_INCOMING_CPU set to its CPU) and, on
 * every CPU, a pinned server thread and a pinned client thread. Each
 * connection is connect, a 1-byte request, a 1-byte reply, close. Each
 * CPU's pair of threads is its own process (no shared descriptor table).
 *
 *   connrate [seconds] [shared|hash]   "shared": one listener for all
 *   servers; "hash": per-CPU listeners without SO_INCOMING_CPU (the
 *   4-tuple hash spreads connections over them)
 *
 * Prints connections per second, then /proc/net/listen_stat and
 * /proc/sched_ctxt when the kernel has them (and /proc/lock_stat, cleared
 * at the start, with a third argument).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_INCOMING_CPU
#define SO_INCOMING_CPU 49
#endif
#define MAXCPU 64

static int ncpu, cpu_ids[MAXCPU], lfd[MAXCPU];
static struct sockaddr_in addr;
static atomic_int *stop;
static unsigned long *done;     /* per CPU, shared with the children */

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s))
		perror("sched_setaffinity");
}

static void *server(void *arg)
{
	int i = (long)arg, c;
	char b;

	pin(cpu_ids[i]);
	for (;;) {
		c = accept(lfd[i], NULL, NULL);
		if (c < 0)
			return NULL;
		if (read(c, &b, 1) == 1)
			(void)!write(c, &b, 1);
		close(c);
	}
}

static void *client(void *arg)
{
	int i = (long)arg, c;
	char b = 'x';

	pin(cpu_ids[i]);
	while (!atomic_load(stop)) {
		c = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
		    write(c, &b, 1) == 1 && read(c, &b, 1) == 1)
			done[i * 16]++;  /* a cache line each */
		close(c);
	}
	return NULL;
}

static void cat(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return;
	printf("--- %s\n", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 3, shared = argc > 2 && !strcmp(argv[2], "shared");
	int hash = argc > 2 && !strcmp(argv[2], "hash");
	pid_t pid[MAXCPU];
	struct timespec t0, t1;
	unsigned long total = 0;
	cpu_set_t s;
	socklen_t len = sizeof(addr);
	int one = 1;

	stop = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	done = (unsigned long *)((char *)stop + 128);
	sched_getaffinity(0, sizeof(s), &s);
	for (int c = 0; c < CPU_SETSIZE && ncpu < MAXCPU; c++)
		if (CPU_ISSET(c, &s))
			cpu_ids[ncpu++] = c;
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < ncpu; i++) {
		if (shared && i > 0) {
			lfd[i] = lfd[0];
			continue;
		}
		lfd[i] = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(lfd[i], SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
		if (!hash)
			setsockopt(lfd[i], SOL_SOCKET, SO_INCOMING_CPU, &cpu_ids[i], sizeof(int));
		if (bind(lfd[i], (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd[i], 1024)) {
			perror("bind/listen");
			return 1;
		}
		if (i == 0)
			getsockname(lfd[0], (struct sockaddr *)&addr, &len);
	}
	FILE *ls = fopen("/proc/lock_stat", "w");       /* reset, as on Linux */
	if (ls) {
		fputs("0\n", ls);
		fclose(ls);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < ncpu; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			pthread_t st, ct;

			pthread_create(&st, NULL, server, (void *)i);
			pthread_create(&ct, NULL, client, (void *)i);
			pthread_join(ct, NULL);
			_exit(0);
		}
	}
	sleep(secs);
	atomic_store(stop, 1);
	for (int i = 0; i < ncpu; i++)
		waitpid(pid[i], NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (int i = 0; i < ncpu; i++)
		total += done[i * 16];
	printf("connrate: %d cpus, %s listeners: %lu connections, %.0f/s\n", ncpu,
	       shared ? "one shared" : hash ? "per-CPU (hash)" : "per-CPU", total,
	       total / (t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9));
	cat("/proc/net/listen_stat");
	cat("/proc/sched_ctxt");
	if (argc > 3)
		cat("/proc/lock_stat");
	return 0;
}
