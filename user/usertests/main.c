/*
 * The harness: runs each test in its own forked child (in its own process
 * group) with a per-test timeout enforced by the parent, prints one
 * "TEST-PASS name" or "TEST-FAIL name reason" line per test, a "leakcheck"
 * pseudo-test comparing free memory before and after a full run, and a
 * closing "usertests: N passed, N failed" line.  Exit status 0 iff every
 * test passed.  See Documentation/testing.md.
 *
 *   usertests            run every test, then leakcheck
 *   usertests NAME...    run only those (leakcheck only if named); a NAME
 *                        ending in '*' selects every test it prefixes
 *                        ("net_*", "net_tcp_*")
 *   usertests -l         list the tests
 *   usertests --helper MODE ...   helper modes that proc/fs tests execve
 */
#include "usertests.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>

const char *self_path = "/bin/usertests";
int ncpus;
int cpus[MAX_CPUS];
int on_shoal;

static const struct test *const groups[] = {
	threads_tests, futex_tests, proc_tests, pipe_tests, signal_tests,
	mm_tests, fault_tests, clock_tests, fs_tests, poll_tests,
	net_tcp_tests, net_udp_tests, net_unix_tests, net_poll_tests,
	net_opts_tests, net_unix2_tests, net_fuzz_tests, abi_tests,
	evfd_tests, net_reuseport_tests, epoll_tests, irq_tests, virtio_tests,
	net_gso_tests, net_netlink_tests, net_nic_tests, sched_tests, timer_tests,
	posix_timer_tests, startup_tests, locks_tests, watchdog_tests,
	fuzz_found_tests, ipc_tests, abi2_tests, cred_tests, vdso_tests,
	abi3_tests, inotify_tests, mqueue_tests, pty_tests, async_tests,
	net_oob_tests, net_peek_tests, exhaust_tests, net_syn_tests, net_sack_tests,
	net_pmtu_tests, net_tfo_tests, net6_tests, net6_pmtu_tests, progs_tests,
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

/* Write end of the pipe on which a failing test sends its reason. */
static int reason_fd = -1;

void fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = ';';
	if (reason_fd >= 0)
		write(reason_fd, buf, n);
	else
		write(2, buf, n);
	_exit(1);
}

/*
 * Helper modes, reached by execve of this program from proc.c and fs.c.
 * They report only through their exit status.
 */
static int helper(int argc, char **argv, char **envp)
{
	const char *mode = argv[2];

	if (strcmp(mode, "argv") == 0) {
		/* usertests --helper argv "a b" c, env UT_ENV=xyz */
		int env_ok = 0;
		for (char **e = envp; *e; e++)
			if (strcmp(*e, "UT_ENV=xyz") == 0)
				env_ok = 1;
		if (argc != 5 || strcmp(argv[3], "a b") != 0 ||
		    strcmp(argv[4], "c") != 0 || !env_ok)
			return 1;
		return 42;
	}
	if (strcmp(mode, "fds") == 0 && argc == 5) {
		/* fds CLOSED OPEN: the first must be gone, the second open */
		int closed = atoi(argv[3]), open = atoi(argv[4]);
		if (fcntl(closed, F_GETFD) != -1 || errno != EBADF)
			return 2;
		if (fcntl(open, F_GETFD) != 0)
			return 3;
		return 0;
	}
	return cred_helper(argc, argv);
}

static void find_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0) {
		cpus[ncpus++] = 0;
		return;
	}
	for (int c = 0; c < CPU_SETSIZE && ncpus < MAX_CPUS; c++)
		if (CPU_ISSET(c, &set))
			cpus[ncpus++] = c;
}

/* Read everything a finished test wrote to the reason pipe. */
static void read_reason(int fd, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t r;

	while (n < len - 1 && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	if (n && buf[n - 1] == ';')
		buf[n - 1] = 0;
}

static void child_run(const struct test *t, int rfd, int wfd,
		      const sigset_t *oldmask)
{
	close(rfd);
	reason_fd = wfd;
	setpgid(0, 0);
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	t->fn();
	_exit(0);
}

/*
 * Wait for pid, at most secs seconds (SIGCHLD is blocked in the caller, so
 * sigtimedwait cannot miss it).  Returns the wait status, or -1 if the test
 * had to be killed.
 */
static int wait_timeout(pid_t pid, int secs)
{
	uint64_t end = now_ns(CLOCK_MONOTONIC) + secs * 1000000000ull;
	sigset_t chld;
	int st;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		uint64_t now = now_ns(CLOCK_MONOTONIC);
		if (r < 0 || now >= end)
			break;
		uint64_t left = end - now;
		struct timespec ts = { left / 1000000000ull,
				       left % 1000000000ull };
		if (ts.tv_sec > 1)
			ts = (struct timespec){ 1, 0 };
		sigtimedwait(&chld, NULL, &ts);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/* Run one test in a child; print its line; return 1 if it passed. */
static int run_test(const struct test *t)
{
	char reason[600];
	sigset_t chld, old;
	int p[2], st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0) {
		printf("TEST-FAIL %s pipe: errno %d\n", t->name, errno);
		return 0;
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child_run(t, p[0], p[1], &old);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		sigprocmask(SIG_SETMASK, &old, NULL);
		printf("TEST-FAIL %s fork: errno %d\n", t->name, errno);
		return 0;
	}
	st = wait_timeout(pid, t->timeout ? t->timeout : DEFAULT_TIMEOUT);
	kill(-pid, SIGKILL);	/* stray grandchildren */
	sigprocmask(SIG_SETMASK, &old, NULL);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	read_reason(p[0], reason, sizeof(reason));
	close(p[0]);
	if (st == -1) {
		printf("TEST-FAIL %s timeout after %ds %s\n", t->name,
		       t->timeout ? t->timeout : DEFAULT_TIMEOUT, reason);
		return 0;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && !reason[0]) {
		printf("TEST-PASS %s\n", t->name);
		return 1;
	}
	if (WIFSIGNALED(st))
		printf("TEST-FAIL %s killed by signal %d %s\n", t->name,
		       WTERMSIG(st), reason);
	else
		printf("TEST-FAIL %s exit %d %s\n", t->name, WEXITSTATUS(st),
		       reason[0] ? reason : "(no reason given)");
	return 0;
}

/*
 * Pages sitting on Linux's per-CPU free lists ("count:" lines of the
 * pagesets in /proc/zoneinfo).  They are free but not in MemFree, and
 * since Linux 6.7 their limit grows after a large free, so a 64 MiB munmap
 * can leave tens of MiB there for seconds.  0 where the file is missing.
 */
static long long pcp_free_bytes(void)
{
	char line[256];
	long long pages = 0;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		long n;
		if (sscanf(line, " count: %ld", &n) == 1)
			pages += n;
	}
	fclose(f);
	return pages * sysconf(_SC_PAGESIZE);
}

/*
 * Free memory in bytes, after letting it settle: a trivial fork first (so
 * per-CPU lists and slabs used by fork are warm), sync, drop Linux's clean
 * caches where that exists, add the per-CPU free lists, and take the
 * larger of two reads.
 */
static long long free_memory(void)
{
	struct sysinfo si;
	long long best = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	sync();
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		write(fd, "3", 1);
		close(fd);
	}
	for (int i = 0; i < 2; i++) {
		if (sysinfo(&si) != 0)
			return -1;
		long long f = (long long)si.freeram * si.mem_unit +
			pcp_free_bytes();
		if (f > best)
			best = f;
		usleep(10000);
	}
	return best;
}

/* Shoal may hold a few pages in per-CPU lists and slabs; Linux much more. */
static long long leak_tolerance(void)
{
	return on_shoal ? 256ll << 10 : 8ll << 20;
}

static int leakcheck(long long before)
{
	long long after = free_memory(), lost = before - after;

	printf("usertests: free memory before %lld KiB, after %lld KiB\n",
	       before >> 10, after >> 10);
	if (before < 0 || after < 0) {
		printf("TEST-FAIL leakcheck sysinfo failed\n");
		return 0;
	}
	if (lost > leak_tolerance()) {
		printf("TEST-FAIL leakcheck lost %lld KiB (tolerance %lld KiB)"
		       "\n", lost >> 10, leak_tolerance() >> 10);
		return 0;
	}
	printf("TEST-PASS leakcheck\n");
	return 1;
}

/* Does the argument name the test: equal, or a prefix ending in '*'. */
static int matches(const char *arg, const char *name)
{
	size_t n = strlen(arg);

	if (n > 0 && arg[n - 1] == '*')
		return strncmp(arg, name, n - 1) == 0;
	return strcmp(arg, name) == 0;
}

static const struct test *find_test(const char *arg)
{
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct test *t = groups[g]; t->name; t++)
			if (matches(arg, t->name))
				return t;
	return NULL;
}

int main(int argc, char **argv, char **envp)
{
	int passed = 0, failed = 0, want_leak = argc == 1;
	struct utsname u;
	long long before = 0;

	if (argc >= 3 && strcmp(argv[1], "--helper") == 0)
		return helper(argc, argv, envp);
	if (argv[0] && strchr(argv[0], '/'))
		self_path = argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (size_t g = 0; g < NGROUPS; g++)
			for (const struct test *t = groups[g]; t->name; t++)
				printf("%s\n", t->name);
		printf("leakcheck\n");
		return 0;
	}
	find_cpus();
	on_shoal = uname(&u) == 0 && strstr(u.release, "shoal") != NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "leakcheck") == 0)
			want_leak = 1;
		else if (!find_test(argv[i])) {
			fprintf(stderr, "usertests: no test %s\n", argv[i]);
			return 2;
		}
	}
	if (want_leak)
		before = free_memory();
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct test *t = groups[g]; t->name; t++) {
			int selected = argc == 1;
			for (int i = 1; i < argc; i++)
				if (matches(argv[i], t->name))
					selected = 1;
			if (!selected)
				continue;
			if (run_test(t))
				passed++;
			else
				failed++;
		}
	if (want_leak) {
		if (leakcheck(before))
			passed++;
		else
			failed++;
	}
	printf("usertests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
