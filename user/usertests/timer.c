/*
 * Timers as user space sees them: timer slack (prctl PR_SET_TIMERSLACK,
 * inherited across fork and by threads, none for real-time tasks), sleeps
 * and timeouts that never end before what was asked (a lower bound only: a
 * loaded host may always make us late), and the scheduler's statistics
 * files, /proc/schedstat and /proc/PID/sched (their shape, not their
 * numbers, which depend on load).
 */
#include "usertests.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/wait.h>

#define MSEC		1000000ull
#define DEFAULT_SLACK	50000L		/* init's, inherited by everything here */

/* The system call itself: musl's prctl() returns an int, which would cut
 * slacks of 2^31 ns and more. */
static long get_slack(void)
{
	errno = 0;
	long v = syscall(SYS_prctl, PR_GET_TIMERSLACK, 0, 0, 0, 0);
	if (v < 0 && errno)
		fail("PR_GET_TIMERSLACK: errno %d", errno);
	return v;
}

static void set_slack(unsigned long ns)
{
	CHECK_OK(prctl(PR_SET_TIMERSLACK, ns, 0, 0, 0));
}

/* Set, read back, and 0 = back to the default (here init's 50 us). */
static void timer_slack_prctl(void)
{
	CHECK(get_slack() == DEFAULT_SLACK);
	set_slack(1000);
	CHECK(get_slack() == 1000);
	set_slack(1);
	CHECK(get_slack() == 1);
	set_slack(1ul << 40);			/* far beyond any sleep: still stored */
	CHECK(get_slack() == 1l << 40);
	set_slack(0);
	CHECK(get_slack() == DEFAULT_SLACK);
}

static void *slack_thread(void *arg)
{
	long *seen = arg;

	seen[0] = get_slack();			/* inherited from the creator */
	set_slack(0);				/* its default: the creator's slack */
	seen[1] = get_slack();
	set_slack(1234);			/* per thread: the creator keeps its own */
	seen[2] = get_slack();
	return NULL;
}

/*
 * A child's slack and its default are both the parent's slack at fork
 * (Linux's copy_process), so PR_SET_TIMERSLACK 0 in the child goes back to
 * the parent's value, not to 50 us; threads likewise, and each keeps its own.
 */
static void timer_slack_fork(void)
{
	long seen[3];
	pthread_t th;
	pid_t pid;

	set_slack(7000);
	pid = fork_or_fail();
	if (pid == 0) {
		if (get_slack() != 7000)
			_exit(2);
		set_slack(99);
		if (get_slack() != 99)
			_exit(3);
		set_slack(0);
		_exit(get_slack() == 7000 ? 0 : 4);
	}
	wait_ok(pid);
	CHECK(get_slack() == 7000);		/* the child's changes stayed there */

	CHECK(pthread_create(&th, NULL, slack_thread, seen) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(seen[0] == 7000 && seen[1] == 7000 && seen[2] == 1234);
	CHECK(get_slack() == 7000);
	set_slack(0);
	CHECK(get_slack() == DEFAULT_SLACK);
}

/*
 * A real-time task has no slack (Linux 6.12: PR_GET_TIMERSLACK reports 0,
 * PR_SET_TIMERSLACK is ignored) and gets its default back when it leaves
 * its real-time policy. Checked only where SCHED_FIFO is allowed.
 */
static void timer_slack_rt(void)
{
	struct sched_param sp = { .sched_priority = 1 };
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		set_slack(1000);
		/* musl's sched_setscheduler() is a stub: the system call itself */
		if (syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp) != 0)
			_exit(errno == EPERM ? 0 : 2);	/* no real-time policy here */
		if (get_slack() != 0)
			_exit(3);
		set_slack(5000);
		if (get_slack() != 0)
			_exit(4);
		sp.sched_priority = 0;
		if (syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp) != 0)
			_exit(5);
		_exit(get_slack() == DEFAULT_SLACK ? 0 : 6);
	}
	int code = wait_exit(pid);
	if (code)
		fail("real-time slack check failed at step %d", code);
}

/* Every sleep below must last at least this long. */
#define ASK	(1 * MSEC)

static void check_not_early(const char *what, uint64_t t0, uint64_t asked)
{
	uint64_t took = now_ns(CLOCK_MONOTONIC) - t0;

	if (took < asked)
		fail("%s returned after %llu ns, asked %llu", what,
		     (unsigned long long)took, (unsigned long long)asked);
}

/* The same sleeps with no slack, the default and a big one. */
static const unsigned long slacks[] = { 1, DEFAULT_SLACK, 5 * MSEC };

/* nanosleep and clock_nanosleep (relative and absolute): never early. */
static void timer_nanosleep_not_early(void)
{
	struct timespec req = { 0, ASK }, abs;

	for (unsigned s = 0; s < sizeof(slacks) / sizeof(slacks[0]); s++) {
		set_slack(slacks[s]);
		for (int i = 0; i < 10; i++) {
			uint64_t t0 = now_ns(CLOCK_MONOTONIC);
			CHECK_OK(nanosleep(&req, NULL));
			check_not_early("nanosleep", t0, ASK);

			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
			check_not_early("clock_nanosleep", t0, ASK);

			t0 = now_ns(CLOCK_MONOTONIC) + ASK;
			abs.tv_sec = t0 / 1000000000ull;
			abs.tv_nsec = t0 % 1000000000ull;
			CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0);
			CHECK(now_ns(CLOCK_MONOTONIC) >= t0);
		}
	}
}

/*
 * The timeouts that take the sleeper's slack (Linux: futex waits, poll,
 * select and epoll through select_estimate_accuracy, sigtimedwait): each
 * times out, and not before its timeout.
 */
static void timer_timeouts_not_early(void)
{
	struct timespec ts = { 0, ASK };
	struct epoll_event ev;
	int fds[2], ep;
	uint32_t word = 0;
	sigset_t set;

	CHECK_OK(pipe(fds));
	CHECK_OK(ep = epoll_create1(0));
	ev.events = EPOLLIN;
	ev.data.fd = fds[0];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));

	for (unsigned s = 0; s < sizeof(slacks) / sizeof(slacks[0]); s++) {
		set_slack(slacks[s]);
		for (int i = 0; i < 5; i++) {
			struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
			struct timeval tv = { 0, ASK / 1000 };
			fd_set rd;
			uint64_t t0;

			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK_ERR(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0),
				  ETIMEDOUT);
			check_not_early("futex wait", t0, ASK);

			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK(ppoll(&pfd, 1, &ts, NULL) == 0);
			check_not_early("ppoll", t0, ASK);

			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK(poll(&pfd, 1, 1) == 0);
			check_not_early("poll", t0, ASK);

			FD_ZERO(&rd);
			FD_SET(fds[0], &rd);
			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK(select(fds[0] + 1, &rd, NULL, NULL, &tv) == 0);
			check_not_early("select", t0, ASK);

			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK(epoll_wait(ep, &ev, 1, 1) == 0);
			check_not_early("epoll_wait", t0, ASK);

			t0 = now_ns(CLOCK_MONOTONIC);
			CHECK_ERR(sigtimedwait(&set, NULL, &ts), EAGAIN);
			check_not_early("sigtimedwait", t0, ASK);
		}
	}
	close(ep);
	close(fds[0]);
	close(fds[1]);
}

/* ---- /proc/schedstat and /proc/PID/sched ---- */

static size_t read_file(const char *path, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		fail("open %s: errno %d", path, errno);
	while (n < len - 1 && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += r;
	if (r < 0)
		fail("read %s: errno %d", path, errno);
	close(fd);
	buf[n] = 0;
	return n;
}

/* Count the unsigned decimal fields of s; -1 if anything else is there. */
static int count_fields(const char *s)
{
	int n = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s || *s == '\n')
			return n;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
		n++;
	}
}

/*
 * Linux's layout: "version 15" (16 on Debian's 6.12, whose idle and busy
 * columns swap places; the shape is the same), "timestamp J", then per
 * online CPU a "cpuN" line of 9 counts (the second one a legacy 0),
 * followed by its "domainD MASK" lines of 36 counts, whose mask includes
 * the CPU; with one CPU there may be no domain at all.
 */
static void proc_schedstat_format(void)
{
	static char buf[65536];
	char *line, *save;
	int version = 0, cpu = -1, cpu_lines = 0, domains = 0, last = 0;
	unsigned long ts;

	read_file("/proc/schedstat", buf, sizeof(buf));
	line = strtok_r(buf, "\n", &save);
	CHECK(line && sscanf(line, "version %d", &version) == 1);
	CHECK(version == 15 || version == 16);
	line = strtok_r(NULL, "\n", &save);
	CHECK(line && sscanf(line, "timestamp %lu", &ts) == 1);
	while ((line = strtok_r(NULL, "\n", &save))) {
		unsigned long mask, legacy;
		int d, off = 0;

		if (sscanf(line, "cpu%d %n", &cpu, &off) == 1 && off) {
			CHECK(cpu >= last);		/* in CPU order */
			last = cpu + 1;
			if (count_fields(line + off) != 9)
				fail("bad cpu line: %s", line);
			CHECK(sscanf(line + off, "%*u %lu", &legacy) == 1 && legacy == 0);
			cpu_lines++;
		} else if (sscanf(line, "domain%d %lx %n", &d, &mask, &off) == 2 && off) {
			CHECK(cpu >= 0);
			if (count_fields(line + off) != 36)
				fail("bad domain line: %s", line);
			if (cpu < 64 && !((mask >> cpu) & 1))
				fail("domain of cpu%d does not span it: %s", cpu, line);
			domains++;
		} else {
			fail("unexpected line in /proc/schedstat: %s", line);
		}
	}
	CHECK(cpu_lines == sysconf(_SC_NPROCESSORS_ONLN));
	if (cpu_lines > 1)
		CHECK(domains >= cpu_lines);
}

/* A parsed /proc/PID/sched. */
struct sched_file {
	char comm[64];
	int pid, threads;
	long long nr_switches, nvcsw, nivcsw, policy, prio, weight;
	int found;				/* bits: which required keys were seen */
};

static const char *const required[] = {
	"se.exec_start", "se.vruntime", "se.sum_exec_runtime", "se.nr_migrations",
	"nr_switches", "nr_voluntary_switches", "nr_involuntary_switches",
	"se.load.weight", "policy", "prio", "clock-delta",
};
#define NREQUIRED ((int)(sizeof(required) / sizeof(required[0])))
#define TIME_KEYS 3				/* the first three are times */

/*
 * Linux's proc_sched_show_task() layout: "comm (pid, #threads: N)", 67
 * dashes, then "%-45s:%21lld" counts and "%-45s:%14lld.%06ld" times (ms.ns)
 * up to clock-delta; after it Linux may print NUMA lines of its own form.
 */
static void parse_sched(const char *path, struct sched_file *sf)
{
	static char buf[16384];
	char *line, *save, *open_paren;
	bool done = false;

	memset(sf, 0, sizeof(*sf));
	read_file(path, buf, sizeof(buf));
	line = strtok_r(buf, "\n", &save);
	CHECK(line);
	open_paren = strrchr(line, '(');
	CHECK(open_paren && open_paren > line + 1 && open_paren[-1] == ' ');
	CHECK(sscanf(open_paren, "(%d, #threads: %d)", &sf->pid, &sf->threads) == 2);
	snprintf(sf->comm, sizeof(sf->comm), "%.*s", (int)(open_paren - 1 - line), line);
	line = strtok_r(NULL, "\n", &save);
	CHECK(line && strlen(line) == 67 && strspn(line, "-") == 67);

	while (!done && (line = strtok_r(NULL, "\n", &save))) {
		char key[46], *val;
		long long v, ms;
		long ns;
		int end = 0;

		if (strlen(line) < 47 || line[45] != ':')
			fail("%s: bad line: %s", path, line);
		snprintf(key, sizeof(key), "%.45s", line);
		for (int i = 44; i >= 0 && key[i] == ' '; i--)
			key[i] = 0;
		val = line + 46;
		if (strlen(val) == 21 && sscanf(val, "%lld%n", &v, &end) == 1 && !val[end]) {
			/* a count */
		} else if (strlen(val) == 21 && val[14] == '.' &&
			   sscanf(val, "%lld.%6ld%n", &ms, &ns, &end) == 2 && !val[end]) {
			/* a time in ms.ns */
			for (int i = 0; i < TIME_KEYS; i++)
				if (!strcmp(key, required[i]))
					sf->found |= 1 << i;
			continue;
		} else {
			fail("%s: bad value: %s", path, line);
		}
		for (int i = TIME_KEYS; i < NREQUIRED; i++)
			if (!strcmp(key, required[i]))
				sf->found |= 1 << i;
		if (!strcmp(key, "nr_switches"))
			sf->nr_switches = v;
		else if (!strcmp(key, "nr_voluntary_switches"))
			sf->nvcsw = v;
		else if (!strcmp(key, "nr_involuntary_switches"))
			sf->nivcsw = v;
		else if (!strcmp(key, "policy"))
			sf->policy = v;
		else if (!strcmp(key, "prio"))
			sf->prio = v;
		else if (!strcmp(key, "se.load.weight"))
			sf->weight = v;
		else if (!strcmp(key, "clock-delta"))
			done = true;
	}
	for (int i = 0; i < NREQUIRED; i++)
		if (!(sf->found & (1 << i)))
			fail("%s: no %s line", path, required[i]);
}

static void check_sched(const struct sched_file *sf, pid_t pid, int threads, const char *comm)
{
	if (sf->pid != pid || sf->threads != threads || strcmp(sf->comm, comm))
		fail("sched header: '%s' pid %d threads %d, want '%s' %d %d", sf->comm,
		     sf->pid, sf->threads, comm, (int)pid, threads);
	/* the task is asleep: its counts cannot move under us */
	CHECK(sf->nr_switches == sf->nvcsw + sf->nivcsw);
	CHECK(sf->policy == SCHED_OTHER);
	CHECK(sf->prio >= 0 && sf->prio < 140);
	CHECK(sf->weight >= 0);
}

/* /proc/PID/sched of a child asleep on a pipe. */
static void proc_pid_sched(void)
{
	struct sched_file sf;
	char path[64], comm[64];
	int fds[2];
	pid_t pid;
	char c;

	CHECK_OK(pipe(fds));
	pid = fork_or_fail();
	if (pid == 0) {
		close(fds[1]);
		prctl(PR_SET_NAME, "ut-sched-child", 0, 0, 0);
		_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
	}
	close(fds[0]);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	/* wait until it has renamed itself and gone to sleep */
	WAIT_FOR(read_file(path, comm, sizeof(comm)) && !strcmp(comm, "ut-sched-child\n"), 10);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	WAIT_FOR(read_file(path, comm, sizeof(comm)) && strstr(comm, ") S "), 10);
	snprintf(path, sizeof(path), "/proc/%d/sched", (int)pid);
	parse_sched(path, &sf);
	check_sched(&sf, pid, 1, "ut-sched-child");
	snprintf(path, sizeof(path), "/proc/%d/task/%d/sched", (int)pid, (int)pid);
	parse_sched(path, &sf);
	check_sched(&sf, pid, 1, "ut-sched-child");
	close(fds[1]);				/* EOF: the child exits */
	wait_ok(pid);
}

struct sleeper {
	int fd;
	pid_t tid;
};

static void *sleeper_thread(void *arg)
{
	struct sleeper *s = arg;
	char c;

	prctl(PR_SET_NAME, "ut-sleeper", 0, 0, 0);
	__atomic_store_n(&s->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	(void)read(s->fd, &c, 1);
	return NULL;
}

/* /proc/self/task lists our threads; each one's sched file is its own. */
static void proc_tid_sched(void)
{
	struct sleeper s = { 0 };
	struct sched_file sf;
	char path[96], stat[512];
	bool saw_me = false, saw_it = false;
	struct dirent *de;
	pthread_t th;
	int fds[2];
	DIR *dir;

	CHECK_OK(pipe(fds));
	s.fd = fds[0];
	CHECK(pthread_create(&th, NULL, sleeper_thread, &s) == 0);
	WAIT_FOR(__atomic_load_n(&s.tid, __ATOMIC_ACQUIRE), 10);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)s.tid);
	WAIT_FOR(read_file(path, stat, sizeof(stat)) && strstr(stat, "(ut-sleeper) S "), 10);

	CHECK(dir = opendir("/proc/self/task"));
	while ((de = readdir(dir))) {
		if (atoi(de->d_name) == getpid())
			saw_me = true;
		if (atoi(de->d_name) == s.tid)
			saw_it = true;
	}
	closedir(dir);
	CHECK(saw_me && saw_it);

	snprintf(path, sizeof(path), "/proc/%d/task/%d/sched", (int)getpid(), (int)s.tid);
	parse_sched(path, &sf);
	check_sched(&sf, s.tid, 2, "ut-sleeper");
	/* a thread of another process is not in our task directory */
	CHECK_ERR(open("/proc/self/task/1/sched", O_RDONLY), ENOENT);

	close(fds[1]);
	CHECK(pthread_join(th, NULL) == 0);
	close(fds[0]);
}

const struct test timer_tests[] = {
	{ "timer_slack_prctl", timer_slack_prctl },
	{ "timer_slack_fork", timer_slack_fork },
	{ "timer_slack_rt", timer_slack_rt },
	{ "timer_nanosleep_not_early", timer_nanosleep_not_early },
	{ "timer_timeouts_not_early", timer_timeouts_not_early },
	{ "timer_proc_schedstat", proc_schedstat_format },
	{ "timer_proc_pid_sched", proc_pid_sched },
	{ "timer_proc_tid_sched", proc_tid_sched },
	{ NULL, NULL },
};
