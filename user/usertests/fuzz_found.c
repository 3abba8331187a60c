/*
 * Regression tests for what /bin/fuzz (user/fuzz) found: one test per
 * finding, each named for what went wrong (Documentation/fuzzing.md).
 */
#include "usertests.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

/*
 * A CLONE_PARENT child reports its death to the shared parent with its
 * creator's exit signal (SIGCHLD here), never with the one the creator
 * asked for: fuzz found a worker's clone3(CLONE_PARENT, exit_signal =
 * SIGILL) child killing the fuzzer's parent.
 */
static void clone_parent_exit_signal(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	uint64_t end;
	int st;
	pid_t c, r;

	got_usr1 = 0;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	c = fork_or_fail();
	if (c == 0) {
		long g = rsys(SYS_clone, CLONE_PARENT | SIGUSR1, 0, 0, 0, 0, 0);

		if (g == 0)
			_exit(0);
		_exit(g > 0 ? 0 : 1);
	}
	CHECK(wait_exit(c) == 0);
	/* the grandchild is ours now; with SIGCHLD as its exit signal a plain
	 * waitpid finds it (one with another signal would need __WCLONE) */
	end = now_ns(CLOCK_MONOTONIC) + 10000000000ull;
	while ((r = waitpid(-1, &st, WNOHANG)) == 0) {
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("the grandchild never exited");
		usleep(1000);
	}
	if (r < 0)	/* not found: it died with another signal than SIGCHLD */
		waitpid(-1, &st, __WALL);
	CHECK(r > 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(!got_usr1);
	signal(SIGUSR1, SIG_DFL);
}

/* clone3 refuses what Linux refuses, before making anything. */
static void clone3_bad_args(void)
{
	static struct clone_args_v2 ca[2];	/* room for a longer struct */
	char *big;

	memset(ca, 0, sizeof(ca));
	ca[0].flags = CLONE_PARENT;
	ca[0].exit_signal = SIGUSR1;
	CHECK_ERR(syscall(SYS_clone3, &ca[0], sizeof(ca[0])), EINVAL);
	ca[0].flags = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
	CHECK_ERR(syscall(SYS_clone3, &ca[0], sizeof(ca[0])), EINVAL);
	ca[0].exit_signal = SIGCHLD;
	ca[0].flags = 1ULL << 40;		/* no such flag */
	CHECK_ERR(syscall(SYS_clone3, &ca[0], sizeof(ca[0])), EINVAL);
	ca[0].flags = 0;
	ca[1].flags = 1;			/* beyond what the kernel knows, not zero */
	CHECK_ERR(syscall(SYS_clone3, &ca[0], sizeof(ca[0]) + 8), E2BIG);
	big = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(big != MAP_FAILED);
	memset(big, 0, 2 * 4096);
	CHECK_ERR(syscall(SYS_clone3, big, 4096 + 8), E2BIG);
	CHECK_ERR(syscall(SYS_clone3, big, 32), EINVAL);
	munmap(big, 2 * 4096);
}

/*
 * A running program's file cannot be opened for writing or truncated, and
 * a file open for writing cannot be run (ETXTBSY): fuzz found a worker's
 * openat("/proc/self/exe", O_RDWR | O_TRUNC) zeroing the text of every
 * process running the fuzzer, which then died of SIGILL.
 */
static void etxtbsy(void)
{
	char path[128];
	char *const argv[] = { path, NULL };
	int fd;

	CHECK_ERR(open("/proc/self/exe", O_RDWR), ETXTBSY);
	CHECK_ERR(open("/proc/self/exe", O_WRONLY | O_TRUNC), ETXTBSY);
	CHECK_ERR(open("/proc/self/exe", O_RDONLY | O_TRUNC), ETXTBSY);
	CHECK_ERR(truncate("/proc/self/exe", 0), ETXTBSY);
	fd = open("/proc/self/exe", O_RDONLY);	/* reading is fine */
	CHECK(fd >= 0);
	close(fd);

	tmp_path(path, sizeof(path), "etxtbsy.sh");
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(fd >= 0);
	CHECK(write(fd, "#!/bin/sh\nexit 0\n", 17) == 17);
	CHECK_ERR(execve(path, argv, NULL), ETXTBSY);	/* still open for writing */
	close(fd);
	unlink(path);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/*
 * Timer signals land while the kernel holds unix socket locks: the
 * DEBUG kernel's lock-rank check panicked when a timer softirq took
 * tasklist_lock (to send SIGALRM) over an interrupted unix_state_lock.
 * fuzz found it with a per-thread timer in every worker; here a 500 us
 * ITIMER_REAL fires through 20,000 unix datagrams and stream writes.
 * (At 100 us Linux under TCG spent nearly all its time delivering
 * SIGALRM: 24 s for the loop, and a loaded host's slower vCPU could not
 * finish within the minute.)
 */
static void timer_signal_over_unix_locks(void)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	struct itimerval it = { { 0, 500 }, { 0, 500 } }, off = { 0 };
	int d[2], st[2], i;
	char buf[64] = { 0 };

	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, st));
	alarms = 0;
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	for (i = 0; i < 10000; i++) {
		CHECK(send(d[0], buf, sizeof(buf), 0) == sizeof(buf));
		CHECK(recv(d[1], buf, sizeof(buf), 0) == sizeof(buf));
		CHECK(write(st[0], buf, 16) == 16);
		CHECK(read(st[1], buf, 16) == 16);
	}
	CHECK_OK(setitimer(ITIMER_REAL, &off, NULL));
	signal(SIGALRM, SIG_DFL);
	CHECK(alarms > 0);
	close(d[0]);
	close(d[1]);
	close(st[0]);
	close(st[1]);
}

const struct test fuzz_found_tests[] = {
	{ "fuzz_timer_signal_over_unix_locks", timer_signal_over_unix_locks, 60 },
	{ "fuzz_etxtbsy", etxtbsy, 30 },
	{ "fuzz_clone_parent_exit_signal", clone_parent_exit_signal, 30 },
	{ "fuzz_clone3_bad_args", clone3_bad_args, 30 },
	{ NULL, NULL, 0 },
};
