/*
 * fuzz: forked workers make random system calls (table.c) with arguments
 * from typed pools (pool.c); the parent watches them.
 *
 * usage: fuzz [-S SEED] [-s SECONDS] [-w WORKERS] [-n CALLS] [-t STUCK]
 *             [-l LIFETIME] [-d DIR] [-T THREADS] [-v]
 *
 * Each worker is a session leader, chdirs into the scratch directory (a
 * tmpfs the parent mounts on DIR), opens its descriptor pool and calls
 * away, LIFETIME calls at most, then exits and is replaced. Worker slot W
 * in its generation G draws from a generator seeded with (SEED, W, G), so
 * "-S SEED -w 1 -v" replays worker 0 call by call; -v prints
 * "worker W call N: name(args)" before each call.
 *
 * Each worker counts its calls in a shared mapping. One whose count has
 * not moved for STUCK seconds is killed with SIGKILL; one that is not gone
 * STUCK seconds later is reported "UNKILLABLE pid P last call ...", and the
 * run fails. The run ends after SECONDS, or after CALLS calls in all, with
 * the summary line
 *   fuzz: seed S calls N workers W respawned R killed K unkillable U
 * and exit status 0 when U is 0.
 */
#include "fuzz.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXW		64
#define LOGFD		1000	/* -v output: out of reach of the fd pool */

struct worker {
	int pid;		/* 0: slot free */
	int gen;
	unsigned long last_calls;
	double last_move;	/* when last_calls last changed */
	double killed_at;	/* 0: not killed yet */
};

static uint64_t seed;
static int nworkers = 4, verbose, stuck = 5, nthreads = 1;
static long seconds = 10, max_calls, lifetime = 5000;
static struct worker workers[MAXW];
static struct worker_slot *slots;
static int total_weight;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t worker_seed(int w, int gen)
{
	return seed ^ ((uint64_t)w << 48) ^ ((uint64_t)gen * 0x100000001b3ULL);
}

/* --------------------------------------------------------------- worker */

static long raw_syscall(long n, unsigned long *a)
{
	register long a0 __asm__("a0") = a[0];
	register long a1 __asm__("a1") = a[1];
	register long a2 __asm__("a2") = a[2];
	register long a3 __asm__("a3") = a[3];
	register long a4 __asm__("a4") = a[4];
	register long a5 __asm__("a5") = a[5];
	register long a7 __asm__("a7") = n;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	return a0;
}

/* clone and clone3: the child exits at once, touching neither stack nor memory */
static long raw_clone(long n, unsigned long *a)
{
	register long a0 __asm__("a0") = a[0];
	register long a1 __asm__("a1") = a[1];
	register long a2 __asm__("a2") = a[2];
	register long a3 __asm__("a3") = a[3];
	register long a4 __asm__("a4") = a[4];
	register long a7 __asm__("a7") = n;

	__asm__ volatile("ecall\n\t"
			 "bnez a0, 1f\n\t"
			 "li a7, 93\n\t"
			 "ecall\n"
			 "1:"
			 : "+r"(a0), "+r"(a7)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4)
			 : "memory");
	return a0;
}

static const struct syscall_ent *pick_call(void)
{
	long r = rnd_below(total_weight);
	int i;

	for (i = 0; i < nr_syscall_ent; i++) {
		r -= syscall_table[i].weight;
		if (r < 0)
			return &syscall_table[i];
	}
	return &syscall_table[0];
}

static void log_call(int w, int t, unsigned long n, const struct syscall_ent *e,
		     unsigned long *a)
{
	char buf[256];
	int len, i;

	if (t)
		len = snprintf(buf, sizeof(buf), "worker %d.%d call %lu: %s(", w, t, n, e->name);
	else
		len = snprintf(buf, sizeof(buf), "worker %d call %lu: %s(", w, n, e->name);
	for (i = 0; i < MAXARGS && e->kind[i]; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%#lx", i ? ", " : "", a[i]);
	len += snprintf(buf + len, sizeof(buf) - len, ")\n");
	write(LOGFD, buf, len);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void worker_setup(int w)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd;

	for (int sig = 1; sig < 32; sig++)	/* the parent's handlers are not ours */
		signal(sig, SIG_DFL);
	setsid();	/* signals to "our group" stay within this worker */
	if (verbose)
		dup2(1, LOGFD);
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);	/* random bytes never reach the console */
	dup2(fd, 2);
	syscall(436, 3, LOGFD - 1, 0);		/* close_range */
	syscall(436, LOGFD + 1, ~0U, 0);
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: a blocked call returns */
	signal(SIGPIPE, SIG_IGN);
	if (chdir(scratch_dir) < 0)
		_exit(2);
	pool_init(w);
}

/* Each thread's SIGALRM comes from a timer of its own (SIGEV_THREAD_ID),
 * so the signal ends the call of the thread that is blocked. */
static __thread int tick_timer = -1;

static void tick_init(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGALRM };
	int id;

	sev.sigev_notify_thread_id = syscall(SYS_gettid);
	if (syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id) == 0)
		tick_timer = id;
}

static void tick_arm(void)
{
	static const struct itimerval tick = { .it_value.tv_usec = 100000 };
	static const struct itimerspec ts = { .it_value.tv_nsec = 100000000 };

	if (tick_timer >= 0)
		syscall(SYS_timer_settime, tick_timer, 0, &ts, NULL);
	else
		setitimer(ITIMER_REAL, &tick, NULL);
}

struct fuzz_thread {
	int w, t;
	unsigned long n;	/* calls to make */
};

static void fuzz_loop(int w, int t, unsigned long count)
{
	struct worker_slot *s = &slots[w];
	unsigned long a[MAXARGS], n;
	const struct syscall_ent *e;
	long ret;
	int i;

	for (n = 0; n < count; n++) {
		e = pick_call();
		for (i = 0; i < MAXARGS; i++)
			a[i] = e->kind[i] ? pool_arg(e->kind[i]) : rnd_below(2) ? 0 : rnd();
		s->nr = e->nr;
		for (i = 0; i < MAXARGS; i++)
			s->args[i] = a[i];
		if (verbose)
			log_call(w, t, n, e, a);
		tick_arm();			/* SIGALRM ends a blocked call */
		if (e->nr == 220 || e->nr == 435)
			ret = raw_clone(e->nr, a);
		else
			ret = raw_syscall(e->nr, a);
		s->calls++;
		pool_note_result(e->nr, ret);
		if ((n & 63) == 63 && t == 0) {
			pool_refresh();
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
		}
	}
}

static void *thread_main(void *arg)
{
	struct fuzz_thread *ft = arg;

	rnd_seed(worker_seed(ft->w, 0) ^ ((uint64_t)ft->t << 32) ^ rnd());
	tick_init();
	fuzz_loop(ft->w, ft->t, ft->n);
	return NULL;
}

/*
 * A worker: set up, then LIFETIME calls. With -T, THREADS - 1 more
 * threads make calls beside it in the same process (their order is not
 * replayable; the first thread's choices still are).
 */
static void __attribute__((noreturn)) worker_main(int w, int gen)
{
	static struct fuzz_thread ft[16];
	pthread_t th;
	int t;

	rnd_seed(worker_seed(w, gen));
	worker_setup(w);
	for (t = 1; t < nthreads; t++) {
		ft[t] = (struct fuzz_thread){ .w = w, .t = t, .n = lifetime };
		pthread_create(&th, NULL, thread_main, &ft[t]);
	}
	if (nthreads > 1)
		tick_init();
	fuzz_loop(w, 0, lifetime);
	slots[w].nr = -1;
	_exit(0);
}

/* --------------------------------------------------------------- parent */

static int ncalled, respawned, nkilled, unkillable;

static void spawn(int w)
{
	struct worker *wk = &workers[w];
	int pid;

	wk->gen++;
	slots[w].nr = -1;
	pid = fork();
	if (pid == 0)
		worker_main(w, wk->gen);
	if (pid < 0) {
		wk->pid = 0;
		return;
	}
	wk->pid = pid;
	slots[w].pid = pid;
	wk->last_calls = slots[w].calls;
	wk->last_move = now();
	wk->killed_at = 0;
}

static const char *call_name(long nr)
{
	for (int i = 0; i < nr_syscall_ent; i++)
		if (syscall_table[i].nr == nr)
			return syscall_table[i].name;
	return "(none)";
}

/* The state letter of /proc/PID/stat: S, D, T, Z, ... or '?' */
static char proc_state(int pid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] && p[2] ? p[2] : '?';
}

static void describe(const char *what, int w)
{
	struct worker_slot *s = &slots[w];

	printf("fuzz: %s pid %d worker %d state %c last call %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
	       what, workers[w].pid, w, proc_state(workers[w].pid), call_name(s->nr),
	       s->args[0], s->args[1], s->args[2], s->args[3], s->args[4], s->args[5]);
	fflush(stdout);
}

/* A worker that stopped moving is killed; one that will not die is reported. */
static void watch(int w, double t)
{
	struct worker *wk = &workers[w];

	if (!wk->pid)
		return;
	if (slots[w].calls != wk->last_calls) {
		wk->last_calls = slots[w].calls;
		wk->last_move = t;
	}
	if (!wk->killed_at && t - wk->last_move > stuck) {
		describe("stuck, killing", w);
		kill(-wk->pid, SIGKILL);
		kill(wk->pid, SIGKILL);
		wk->killed_at = t;
		nkilled++;
	} else if (wk->killed_at && wk->killed_at > 0 && t - wk->killed_at > stuck) {
		describe("UNKILLABLE", w);
		unkillable++;
		wk->killed_at = -1;	/* reported; the slot stays taken */
	}
}

static void reap(int respawn)
{
	int pid, w;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
		for (w = 0; w < nworkers; w++) {
			if (workers[w].pid != pid)
				continue;
			if (workers[w].killed_at < 0) {
				printf("fuzz: unkillable pid %d was reaped at last\n", pid);
				fflush(stdout);
			}
			kill(-pid, SIGKILL);	/* its children, if any */
			workers[w].pid = 0;
			if (respawn) {
				spawn(w);
				respawned++;
			}
		}
	}
}

static unsigned long total_calls(void)
{
	unsigned long n = 0;

	for (int w = 0; w < nworkers; w++)
		n += slots[w].calls;
	return n;
}

static void make_scratch(void)
{
	static const char *const files[] = { "f0", "f1", "f2", "d0/f" };
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "s0" };
	int fd;

	mkdir(scratch_dir, 0755);
	mount("tmpfs", scratch_dir, "tmpfs", 0, NULL);	/* may already be one */
	if (chdir(scratch_dir) < 0) {
		perror("fuzz: chdir scratch");
		exit(2);
	}
	mkdir("d0", 0755);
	mkdir("d0/d", 0755);
	mkdir("d1", 0755);
	mkdir("m0", 0755);
	mkdir("m1", 0755);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		fd = open(files[i], O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			write(fd, "#!/nonexistent\nhello\n", 21);
			close(fd);
		}
	}
	mknod("p0", S_IFIFO | 0600, 0);
	symlink("f0", "l0");
	symlink("nonexistent", "l1");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);	/* stays open, never accepts */
	if (fd >= 0 && (bind(fd, (void *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0))
		close(fd);
}

/* The parent should never die of a signal: say which, from whom, and where. */
static void on_fatal(int sig, siginfo_t *si, void *uc)
{
	char buf[160];
	int n;

	(void)uc;
	n = snprintf(buf, sizeof(buf), "fuzz: parent got signal %d code %d from pid %d addr %p\n",
		     sig, si->si_code, si->si_pid, si->si_addr);
	write(1, buf, n);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal(void)
{
	static const int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTERM, SIGINT,
				    SIGHUP, SIGUSR1, SIGUSR2, SIGTRAP, SIGSYS, SIGXCPU };
	struct sigaction sa = { .sa_sigaction = on_fatal, .sa_flags = SA_SIGINFO };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void usage(void)
{
	fprintf(stderr, "usage: fuzz [-S SEED] [-s SECONDS] [-w WORKERS] [-n CALLS] "
		"[-t STUCK] [-l LIFETIME] [-d DIR] [-T THREADS] [-v]\n");
	exit(2);
}

static void finish(void)
{
	double t0;
	int w, left;

	for (w = 0; w < nworkers; w++)
		if (workers[w].pid && workers[w].killed_at >= 0) {
			kill(-workers[w].pid, SIGKILL);
			kill(workers[w].pid, SIGKILL);
			workers[w].killed_at = now();
		}
	t0 = now();
	do {
		reap(0);
		left = 0;
		for (w = 0; w < nworkers; w++)
			left += workers[w].pid && workers[w].killed_at >= 0;
		if (left)
			usleep(50000);
	} while (left && now() - t0 < stuck);
	for (w = 0; w < nworkers; w++)
		if (workers[w].pid && workers[w].killed_at >= 0) {
			describe("UNKILLABLE", w);
			unkillable++;
		}
}

int main(int argc, char **argv)
{
	double start, t;
	int opt, w;

	seed = (uint64_t)time(NULL) * 2654435761ULL ^ getpid();
	while ((opt = getopt(argc, argv, "S:s:w:n:t:l:d:T:v")) != -1) {
		switch (opt) {
		case 'S': seed = strtoull(optarg, NULL, 0); break;
		case 's': seconds = strtol(optarg, NULL, 0); break;
		case 'w': nworkers = atoi(optarg); break;
		case 'n': max_calls = strtol(optarg, NULL, 0); break;
		case 't': stuck = atoi(optarg); break;
		case 'l': lifetime = strtol(optarg, NULL, 0); break;
		case 'd': scratch_dir = optarg; break;
		case 'T': nthreads = atoi(optarg); break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (max_calls && max_calls < lifetime)
		lifetime = max_calls;
	if (nworkers < 1 || nworkers > MAXW || stuck < 1 || lifetime < 1 ||
	    nthreads < 1 || nthreads > 16)
		usage();
	for (int i = 0; i < nr_syscall_ent; i++)
		total_weight += syscall_table[i].weight;
	slots = mmap(NULL, sizeof(*slots) * MAXW, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		perror("fuzz: mmap");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	catch_fatal();
	make_scratch();
	printf("fuzz: seed %llu workers %d threads %d seconds %ld calls %ld stuck %d\n",
	       (unsigned long long)seed, nworkers, nthreads, seconds, max_calls, stuck);

	start = now();
	for (w = 0; w < nworkers; w++)
		spawn(w);
	for (;;) {
		usleep(100000);
		reap(1);
		t = now();
		for (w = 0; w < nworkers; w++)
			watch(w, t);
		if (t - start >= seconds || (max_calls && (long)total_calls() >= max_calls))
			break;
	}
	finish();
	ncalled = total_calls();
	printf("fuzz: seed %llu calls %d workers %d respawned %d killed %d unkillable %d\n",
	       (unsigned long long)seed, ncalled, nworkers, respawned, nkilled, unkillable);
	return unkillable ? 1 : 0;
}
