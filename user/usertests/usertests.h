/*
 * usertests: the user-space test suite of shoal, in the style of xv6's
 * user/usertests.c.  Every test is a void function in a named table; the
 * harness (main.c) runs each one in its own forked child, so a test that
 * crashes, hangs or leaks only fails itself.  A test passes by returning and
 * fails by calling fail() (or a CHECK macro), which sends the reason to the
 * harness and exits the child.  Linux is the oracle: every test must pass on
 * Debian's riscv64 Linux, see Documentation/testing.md.
 */
#ifndef USERTESTS_H
#define USERTESTS_H

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

struct test {
	const char *name;
	void (*fn)(void);
	int timeout;		/* seconds; 0 = DEFAULT_TIMEOUT */
};

#define DEFAULT_TIMEOUT	120
#define MAX_CPUS	64

/* One table per file, each ended by an entry with name == NULL. */
extern const struct test threads_tests[], futex_tests[], proc_tests[],
	pipe_tests[], signal_tests[], mm_tests[], fault_tests[],
	clock_tests[], fs_tests[], poll_tests[], net_tcp_tests[],
	net_udp_tests[], net_unix_tests[], net_poll_tests[], net_opts_tests[],
	net_unix2_tests[], net_fuzz_tests[], abi_tests[], evfd_tests[],
	net_reuseport_tests[], epoll_tests[], irq_tests[], virtio_tests[],
	net_gso_tests[], net_netlink_tests[], net_nic_tests[], sched_tests[], timer_tests[],
	posix_timer_tests[], startup_tests[], locks_tests[], watchdog_tests[],
	fuzz_found_tests[], ipc_tests[], abi2_tests[], cred_tests[], vdso_tests[],
	abi3_tests[], inotify_tests[], mqueue_tests[], pty_tests[], async_tests[],
	net_oob_tests[], net_peek_tests[], exhaust_tests[], net_syn_tests[], net_sack_tests[],
	net_tfo_tests[], net_pmtu_tests[], net6_tests[], net6_pmtu_tests[], progs_tests[];

/* cred.c: its helper modes (execve'd); 100 for an unknown mode */
int cred_helper(int argc, char **argv);

/* Set by main() before any test runs. */
extern const char *self_path;	/* path of this program, for execve */
extern int ncpus;		/* CPUs in our affinity mask at start */
extern int cpus[MAX_CPUS];	/* their numbers */
extern int on_shoal;		/* uname().release mentions "shoal" */

/* Failing: report the reason to the harness and _exit(1).  Thread-safe. */
void fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

#define CHECK(cond) do {						\
	if (!(cond))							\
		fail("%s:%d: %s", __FILE__, __LINE__, #cond);		\
} while (0)

/* expr must return -1 with errno == err. */
#define CHECK_ERR(expr, err) do {					\
	errno = 0;							\
	long r_ = (long)(expr);						\
	int e_ = errno;							\
	if (r_ != -1 || e_ != (err))					\
		fail("%s:%d: %s = %ld errno %d (%s), want errno %d",	\
		     __FILE__, __LINE__, #expr, r_, e_, strerrorname(e_),\
		     (err));						\
} while (0)

/* expr must not return -1. */
#define CHECK_OK(expr) do {						\
	errno = 0;							\
	if ((long)(expr) == -1)						\
		fail("%s:%d: %s failed: errno %d (%s)", __FILE__,	\
		     __LINE__, #expr, errno, strerrorname(errno));	\
} while (0)

/* Spin (yielding) until cond holds; fail after secs seconds.  Bounded. */
/* The state letter of /proc/PID/stat ('S' sleeping, 'Z' zombie, ...), '?' if gone. */
char proc_state(pid_t pid);
/* The whole of a (small) file as a NUL-terminated string: its length, or -1. */
int read_text(const char *path, char *buf, size_t size);

#define WAIT_FOR(cond, secs) do {					\
	uint64_t end_ = now_ns(CLOCK_MONOTONIC) + (secs) * 1000000000ull;\
	while (!(cond)) {						\
		if (now_ns(CLOCK_MONOTONIC) > end_)			\
			fail("%s:%d: timed out waiting for %s",		\
			     __FILE__, __LINE__, #cond);		\
		usleep(1000);						\
	}								\
} while (0)

/* util.c */
const char *strerrorname(int err);
long rsys(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
uint64_t now_ns(clockid_t clk);
int current_cpu(void);
void pin_self(int cpu);
pid_t fork_or_fail(void);
int wait_status(pid_t pid);
int wait_exit(pid_t pid);
void wait_ok(pid_t pid);
void tmp_path(char *buf, size_t len, const char *name);
int probe_read(const volatile void *p);
int probe_write(volatile void *p);
void *map_unmapped_page(void);
void burn_cpu(long iters);

#endif
