/*
 * herd — the thundering-herd study: N server workers accept short TCP
 * connections over loopback from K client threads in the same process.
 *
 *   herd [-m MODE[,MODE...]|all] [-w N] [-c K] [-d SECS] [-n MAXCONN]
 *        [-r RATE] [-p PORT]
 *
 * Modes (how the N workers wait for connections):
 *   accept           blocking accept() on one shared listener
 *   epoll            one shared non-blocking listener, each worker its own
 *                    epoll fd watching it level-triggered
 *   epollex          the same with EPOLLEXCLUSIVE
 *   reuseport        one SO_REUSEPORT listener per worker, blocking accept()
 *   reuseport-epoll  one SO_REUSEPORT listener per worker, each under epoll
 *   reuseport-cpu    one SO_REUSEPORT listener per worker, workers and
 *                    clients pinned round-robin to CPUs, the group steered
 *                    by SO_ATTACH_REUSEPORT_CBPF returning SKF_AD_CPU (the
 *                    listener of the CPU that received the SYN), each
 *                    listener's SO_INCOMING_CPU set to its worker's CPU;
 *                    with more workers than CPUs only the first of each
 *                    CPU's (workers 0..ncpus-1) get connections: the
 *                    program returns the CPU number, one listener per CPU
 *
 * A connection is: connect, send a 16-byte request, read a 16-byte reply,
 * close. Clients stop after SECS seconds or MAXCONN connections in all,
 * whichever comes first; with -r RATE (connections/s in all, 0 = as fast as
 * possible) each client paces itself at RATE/K.
 *
 * Each mode runs in a child process (so blocked workers end with it) and
 * prints one line:
 *
 *   HERD mode=M workers=N clients=K rate=R status=ok conns=C answered=A
 *   errors=E secs=S cps=X p50_us=.. p99_us=.. p999_us=.. wakeups=W
 *   spurious=P wake_per_conn=.. spurious_per_conn=.. ctxsw_per_conn=..
 *   lockwait_us_per_conn=..
 *
 * A wake-up is a worker returning from accept() or epoll_wait(); a spurious
 * one found nothing to accept (EAGAIN). A blocking accept() cannot return
 * empty-handed, so its spurious count is 0 by construction; the herd in
 * that mode is visible only in the kernel's counters. Linux's epoll also
 * hides part of it: a waiter woken for a connection another worker took
 * re-polls, finds nothing and sleeps again inside epoll_wait. What every
 * wake-up costs, seen or not, is a voluntary context switch: ctxsw_per_conn
 * is the workers' voluntary switches (getrusage RUSAGE_THREAD, read by each
 * worker as it returns from its wait) per answered connection; serving one
 * connection costs a switch or two of its own (waiting for the request),
 * the herd adds about one per needlessly woken worker. lockwait_us_per_conn
 * sums the waittime-total column of /proc/lock_stat (reset by writing 0
 * before the run) and is "na" when the kernel has no lock_stat. A mode the
 * kernel cannot run prints status=enosys (or status=error) with the reason
 * and the program goes on with the next mode. Exit status 0 iff every mode
 * that ran answered every connection it made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_INCOMING_CPU
#define SO_INCOMING_CPU 49
#endif
#ifndef SO_ATTACH_REUSEPORT_CBPF
#define SO_ATTACH_REUSEPORT_CBPF 51
#endif
#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1u << 28)
#endif

#define MSG_LEN   16
#define MAX_WORK  64
#define MAX_CLI   64

enum { M_ACCEPT, M_EPOLL, M_EPOLLEX, M_RP, M_RP_EPOLL, M_RP_CPU, NMODES };
static const char *mode_name[NMODES] = {
	"accept", "epoll", "epollex", "reuseport", "reuseport-epoll", "reuseport-cpu",
};

static struct {
	int workers, clients, secs, maxconn, rate, port;
} opt = { 4, 4, 2, 2000, 0, 7300 };

struct worker {
	int id, lfd, epfd, cpu;         /* set before the thread starts */
	_Atomic long accepted, wakeups, spurious;
	_Atomic long nvcsw;             /* its voluntary switches, at its last wake-up */
};

struct client {
	int id, cpu;
	long made, answered, errors;    /* written by the client thread only */
	long *lat_us;                   /* latencies of answered connections */
	long nlat, cap;
};

static struct worker workers[MAX_WORK];
static struct client clients[MAX_CLI];
static _Atomic long total_started;
static struct timespec t_end;
static int ncpus;

/* Voluntary context switches of the calling thread or process. */
static long nvcsw(int who)
{
	struct rusage ru;

	if (getrusage(who, &ru) < 0)
		return 0;
	return ru.ru_nvcsw;
}

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);   /* best effort */
}

/* Read exactly n bytes; 0 on success, -1 on error or early EOF. */
static int read_full(int fd, char *buf, int n)
{
	int got = 0, r;

	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

/* One connection on the server side: request in, reply out, close. */
static void serve(int cfd)
{
	char buf[MSG_LEN];

	if (read_full(cfd, buf, MSG_LEN) == 0) {
		buf[0] = 'R';
		if (write(cfd, buf, MSG_LEN) != MSG_LEN)
			perror("herd: write reply");
	}
	close(cfd);
}

static void *worker_accept(void *arg)
{
	struct worker *w = arg;
	long sw0 = nvcsw(RUSAGE_THREAD);
	int cfd;

	if (w->cpu >= 0)
		pin(w->cpu);
	for (;;) {
		cfd = accept(w->lfd, NULL, NULL);
		w->nvcsw = nvcsw(RUSAGE_THREAD) - sw0;
		w->wakeups++;
		if (cfd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				w->spurious++;
			continue;
		}
		w->accepted++;
		serve(cfd);
	}
	return NULL;
}

/*
 * Woken by epoll: accept until EAGAIN (the listener is non-blocking). A
 * wake-up whose first accept finds nothing is spurious.
 */
static void *worker_epoll(void *arg)
{
	struct worker *w = arg;
	struct epoll_event ev;
	long sw0 = nvcsw(RUSAGE_THREAD);
	int cfd, n, got;

	if (w->cpu >= 0)
		pin(w->cpu);
	for (;;) {
		n = epoll_wait(w->epfd, &ev, 1, -1);
		w->nvcsw = nvcsw(RUSAGE_THREAD) - sw0;
		if (n <= 0)
			continue;
		w->wakeups++;
		for (got = 0; (cfd = accept4(w->lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0; got++) {
			w->accepted++;
			serve(cfd);
		}
		if (!got)
			w->spurious++;
	}
	return NULL;
}

static int make_listener(int reuseport, int nonblock, int cpu)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(opt.port) };
	int fd, one = 1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
		goto fail;
	if (cpu >= 0 && setsockopt(fd, SOL_SOCKET, SO_INCOMING_CPU, &cpu, sizeof(cpu)) < 0)
		goto fail;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 1024) < 0)
		goto fail;
	return fd;
fail:
	one = -errno;
	close(fd);
	return one;
}

/* Steer each connection to group index = the CPU that received it. */
static int attach_cpu_steering(int fd)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_CPU),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct sock_fprog prog = { .len = 2, .filter = code };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof(prog)) < 0)
		return -errno;
	return 0;
}

static int add_epoll(struct worker *w, unsigned int extra)
{
	struct epoll_event ev = { .events = EPOLLIN | extra, .data.fd = w->lfd };

	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (w->epfd < 0)
		return -errno;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->lfd, &ev) < 0)
		return -errno;
	return 0;
}

/* Listeners and epoll fds for @mode; negative errno and *what on failure. */
static int setup_mode(int mode, const char **what)
{
	int shared = (mode == M_ACCEPT || mode == M_EPOLL || mode == M_EPOLLEX);
	int useep = (mode == M_EPOLL || mode == M_EPOLLEX || mode == M_RP_EPOLL);
	int i, fd, r;

	for (i = 0; i < opt.workers; i++) {
		struct worker *w = &workers[i];

		w->id = i;
		w->cpu = mode == M_RP_CPU ? i % ncpus : -1;
		if (shared && i > 0) {
			fd = workers[0].lfd;
		} else {
			*what = mode == M_RP_CPU ? "listen/SO_INCOMING_CPU" : "listen";
			fd = make_listener(!shared, useep, w->cpu);
			if (fd < 0)
				return fd;
		}
		w->lfd = fd;
		if (useep) {
			*what = mode == M_EPOLLEX ? "epoll EPOLLEXCLUSIVE" : "epoll";
			r = add_epoll(w, mode == M_EPOLLEX ? EPOLLEXCLUSIVE : 0);
			if (r < 0)
				return r;
		}
	}
	if (mode == M_RP_CPU) {
		*what = "SO_ATTACH_REUSEPORT_CBPF";
		return attach_cpu_steering(workers[0].lfd);
	}
	return 0;
}

/* One short connection; latency recorded if it was answered. */
static void one_conn(struct client *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(opt.port) };
	char buf[MSG_LEN];
	long t0 = now_us();
	int fd;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->made++;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		c->errors++;
		return;
	}
	memset(buf, 'Q', sizeof(buf));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    write(fd, buf, MSG_LEN) != MSG_LEN || read_full(fd, buf, MSG_LEN) < 0 ||
	    buf[0] != 'R') {
		c->errors++;
		close(fd);
		return;
	}
	close(fd);
	c->answered++;
	if (c->nlat < c->cap)
		c->lat_us[c->nlat++] = now_us() - t0;
}

static int time_left(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec < t_end.tv_sec ||
	       (ts.tv_sec == t_end.tv_sec && ts.tv_nsec < t_end.tv_nsec);
}

static void *client_main(void *arg)
{
	struct client *c = arg;
	long gap = opt.rate > 0 ? 1000000L * opt.clients / opt.rate : 0;
	long next = now_us(), d;

	if (c->cpu >= 0)
		pin(c->cpu);
	while (time_left() && atomic_fetch_add(&total_started, 1) < opt.maxconn) {
		if (gap) {
			d = next - now_us();
			if (d > 0)
				usleep(d);
			next += gap;
		}
		one_conn(c);
	}
	return NULL;
}

/* Sum of the waittime-total column of /proc/lock_stat in µs, or -1. */
static double lock_wait_us(void)
{
	FILE *f = fopen("/proc/lock_stat", "r");
	char line[512], *p, *tok;
	int col = -1, i;
	double sum = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if ((p = strstr(line, "class name"))) {
			p += strlen("class name");
			for (i = 0, tok = strtok(p, " \t\n"); tok; tok = strtok(NULL, " \t\n"), i++)
				if (!strcmp(tok, "waittime-total"))
					col = i;
			continue;
		}
		p = strrchr(line, ':');
		if (col < 0 || !p || strchr(p, '-'))
			continue;
		for (i = 0, tok = strtok(p + 1, " \t\n"); tok; tok = strtok(NULL, " \t\n"), i++)
			if (i == col)
				sum += strtod(tok, NULL);
	}
	fclose(f);
	return col < 0 ? -1 : sum;
}

static void lock_stat_reset(void)
{
	FILE *f = fopen("/proc/lock_stat", "w");

	if (f) {
		fputs("0\n", f);
		fclose(f);
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static long pct(long *v, long n, double p)
{
	long i = (long)(p * n);

	if (!n)
		return 0;
	return v[i >= n ? n - 1 : i];
}

static int start_workers(int mode)
{
	int useep = (mode == M_EPOLL || mode == M_EPOLLEX || mode == M_RP_EPOLL);
	pthread_t t;
	int i;

	for (i = 0; i < opt.workers; i++)
		if (pthread_create(&t, NULL, useep ? worker_epoll : worker_accept, &workers[i]))
			return -1;
	return 0;
}

static void report(int mode, long t_us, double lw)
{
	long made = 0, ans = 0, err = 0, nlat = 0, wk = 0, sp = 0, sw = 0, *all;
	int i;

	for (i = 0; i < opt.clients; i++) {
		made += clients[i].made;
		ans += clients[i].answered;
		err += clients[i].errors;
		nlat += clients[i].nlat;
	}
	all = malloc(sizeof(long) * (nlat + 1));
	for (nlat = 0, i = 0; i < opt.clients; i++) {
		memcpy(all + nlat, clients[i].lat_us, sizeof(long) * clients[i].nlat);
		nlat += clients[i].nlat;
	}
	qsort(all, nlat, sizeof(long), cmp_long);
	for (i = 0; i < opt.workers; i++) {
		wk += workers[i].wakeups;
		sp += workers[i].spurious;
		sw += workers[i].nvcsw;
	}
	printf("HERD mode=%s workers=%d clients=%d rate=%d status=ok conns=%ld answered=%ld "
	       "errors=%ld secs=%.3f cps=%.1f p50_us=%ld p99_us=%ld p999_us=%ld wakeups=%ld "
	       "spurious=%ld wake_per_conn=%.3f spurious_per_conn=%.3f ctxsw_per_conn=%.3f",
	       mode_name[mode], opt.workers, opt.clients, opt.rate, made, ans, err,
	       t_us / 1e6, ans * 1e6 / (t_us ? t_us : 1), pct(all, nlat, 0.50),
	       pct(all, nlat, 0.99), pct(all, nlat, 0.999), wk, sp,
	       ans ? (double)wk / ans : 0.0, ans ? (double)sp / ans : 0.0,
	       ans ? (double)sw / ans : 0.0);
	if (lw >= 0 && ans)
		printf(" lockwait_us_per_conn=%.3f\n", lw / ans);
	else
		printf(" lockwait_us_per_conn=na\n");
	fflush(stdout);
	free(all);
}

/*
 * The whole of one mode, in a child process: its exit ends the workers
 * still blocked in accept or epoll_wait. Exit 0 iff every connection made
 * was answered (or the mode cannot run here).
 */
static int run_mode(int mode)
{
	const char *what = "?";
	pthread_t tids[MAX_CLI];
	long t0, t_us;
	double lw;
	int i, r;

	r = setup_mode(mode, &what);
	if (r < 0) {
		printf("HERD mode=%s workers=%d clients=%d rate=%d status=%s reason=\"%s: %s\"\n",
		       mode_name[mode], opt.workers, opt.clients, opt.rate,
		       r == -ENOSYS || r == -EOPNOTSUPP || r == -ENOPROTOOPT ? "enosys" : "error",
		       what, strerror(-r));
		fflush(stdout);
		return r == -ENOSYS || r == -EOPNOTSUPP || r == -ENOPROTOOPT ? 0 : 1;
	}
	if (start_workers(mode) < 0)
		return 1;
	lock_stat_reset();
	lw = lock_wait_us();
	clock_gettime(CLOCK_MONOTONIC, &t_end);
	t_end.tv_sec += opt.secs;
	t0 = now_us();
	for (i = 0; i < opt.clients; i++) {
		clients[i].id = i;
		clients[i].cpu = mode == M_RP_CPU ? i % ncpus : -1;
		clients[i].cap = opt.maxconn;
		clients[i].lat_us = malloc(sizeof(long) * opt.maxconn);
		if (pthread_create(&tids[i], NULL, client_main, &clients[i]))
			return 1;
	}
	for (i = 0; i < opt.clients; i++)
		pthread_join(tids[i], NULL);
	t_us = now_us() - t0;
	if (lw >= 0)
		lw = lock_wait_us() - lw;
	report(mode, t_us, lw);
	for (i = 0, r = 0; i < opt.clients; i++)
		r |= clients[i].answered != clients[i].made;
	return r;
}

static int parse_modes(char *s, int *want)
{
	char *tok;
	int m, found;

	if (!strcmp(s, "all")) {
		for (m = 0; m < NMODES; m++)
			want[m] = 1;
		return 0;
	}
	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		for (found = 0, m = 0; m < NMODES; m++)
			if (!strcmp(tok, mode_name[m]))
				want[m] = found = 1;
		if (!found) {
			fprintf(stderr, "herd: unknown mode %s\n", tok);
			return -1;
		}
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: herd [-m MODE[,MODE...]|all] [-w WORKERS] [-c CLIENTS] "
		"[-d SECS] [-n MAXCONN] [-r RATE] [-p PORT]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int want[NMODES] = { 0 }, m, c, status, bad = 0;
	char *modes = "all";
	pid_t pid;

	while ((c = getopt(argc, argv, "m:w:c:d:n:r:p:")) != -1) {
		switch (c) {
		case 'm': modes = optarg; break;
		case 'w': opt.workers = atoi(optarg); break;
		case 'c': opt.clients = atoi(optarg); break;
		case 'd': opt.secs = atoi(optarg); break;
		case 'n': opt.maxconn = atoi(optarg); break;
		case 'r': opt.rate = atoi(optarg); break;
		case 'p': opt.port = atoi(optarg); break;
		default: usage();
		}
	}
	if (opt.workers < 1 || opt.workers > MAX_WORK || opt.clients < 1 ||
	    opt.clients > MAX_CLI || opt.secs < 1 || opt.maxconn < 1 || opt.rate < 0 ||
	    parse_modes(modes, want) < 0)
		usage();
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus < 1)
		ncpus = 1;
	for (m = 0; m < NMODES; m++) {
		if (!want[m])
			continue;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			/* a mode that hangs is killed, reported, and the rest run */
			alarm(opt.secs + 60);
			_exit(run_mode(m));
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0) {
			printf("HERD mode=%s status=failed reason=\"fork/wait: %s\"\n",
			       mode_name[m], strerror(errno));
			bad = 1;
		} else if (WIFSIGNALED(status)) {
			printf("HERD mode=%s workers=%d status=failed reason=\"killed by signal %d%s\"\n",
			       mode_name[m], opt.workers, WTERMSIG(status),
			       WTERMSIG(status) == SIGALRM ? ": still running after the watchdog" : "");
			bad = 1;
		} else if (WEXITSTATUS(status)) {
			printf("HERD mode=%s workers=%d status=failed reason=\"exit status %d\"\n",
			       mode_name[m], opt.workers, WEXITSTATUS(status));
			bad = 1;
		}
		opt.port++;     /* a fresh port: no TIME_WAIT or leftover listener */
	}
	return bad;
}
