/*
 * Helpers shared by the tests: raw syscalls, clocks, CPU pinning, waiting
 * for children and probing whether an address faults.
 */
#include "usertests.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>

const char *strerrorname(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ EBADF, "EBADF" }, { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { EMFILE, "EMFILE" },
		{ ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" }, { EPIPE, "EPIPE" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ EOVERFLOW, "EOVERFLOW" }, { E2BIG, "E2BIG" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ELOOP, "ELOOP" },
		{ ENOTSOCK, "ENOTSOCK" }, { EDESTADDRREQ, "EDESTADDRREQ" },
		{ EMSGSIZE, "EMSGSIZE" }, { EPROTOTYPE, "EPROTOTYPE" },
		{ ENOPROTOOPT, "ENOPROTOOPT" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ ENETUNREACH, "ENETUNREACH" }, { ECONNABORTED, "ECONNABORTED" },
		{ ECONNRESET, "ECONNRESET" }, { ENOBUFS, "ENOBUFS" },
		{ EISCONN, "EISCONN" }, { ENOTCONN, "ENOTCONN" },
		{ ECONNREFUSED, "ECONNREFUSED" }, { EALREADY, "EALREADY" },
		{ EINPROGRESS, "EINPROGRESS" }, { ENOTTY, "ENOTTY" },
		{ ENODEV, "ENODEV" }, { ENXIO, "ENXIO" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return "?";
}

/* A system call that returns -errno instead of touching errno. */
long rsys(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	long r = syscall(nr, a0, a1, a2, a3, a4, a5);
	return r == -1 ? -errno : r;
}

uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts) != 0)
		fail("clock_gettime(%d): errno %d", (int)clk, errno);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The CPU the calling thread runs on, from getcpu(2). */
int current_cpu(void)
{
	unsigned cpu = ~0u;

	if (syscall(SYS_getcpu, &cpu, NULL, NULL) != 0)
		fail("getcpu: errno %d", errno);
	return cpu;
}

/* Bind the calling thread to one CPU; Linux migrates before returning. */
void pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		fail("sched_setaffinity(cpu %d): errno %d", cpu, errno);
}

pid_t fork_or_fail(void)
{
	pid_t pid = fork();

	if (pid < 0)
		fail("fork: errno %d", errno);
	return pid;
}

/* Reap pid and return its raw wait status. */
int wait_status(pid_t pid)
{
	int st;
	pid_t r;

	do
		r = waitpid(pid, &st, 0);
	while (r < 0 && errno == EINTR);
	if (r != pid)
		fail("waitpid(%d) = %d errno %d", pid, r, errno);
	return st;
}

/* Reap pid, which must have exited normally; return its exit code. */
int wait_exit(pid_t pid)
{
	int st = wait_status(pid);

	if (WIFSIGNALED(st))
		fail("child %d killed by signal %d", pid, WTERMSIG(st));
	if (!WIFEXITED(st))
		fail("child %d: odd wait status %#x", pid, st);
	return WEXITSTATUS(st);
}

/* Reap pid, which must have exited with status 0. */
void wait_ok(pid_t pid)
{
	int code = wait_exit(pid);

	if (code != 0)
		fail("child %d exited with %d", pid, code);
}

/* A path in /tmp unique to this process. */
void tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "/tmp/ut-%d-%s", (int)getpid(), name);
}

static sigjmp_buf probe_jmp;

static void probe_handler(int sig)
{
	(void)sig;
	siglongjmp(probe_jmp, 1);
}

/* Touch *p with SIGSEGV/SIGBUS caught; return 1 if it faulted. */
static int probe(volatile char *p, int write)
{
	struct sigaction sa = { .sa_handler = probe_handler }, old_segv,
		old_bus;
	int faulted = 0;

	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	if (sigsetjmp(probe_jmp, 1) == 0) {
		if (write)
			*p = *p;
		else
			(void)*p;
	} else {
		faulted = 1;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return faulted;
}

int probe_read(const volatile void *p)
{
	return probe((volatile char *)p, 0);
}

/* Writes back the byte it reads, so a successful probe changes nothing. */
int probe_write(volatile void *p)
{
	return probe(p, 1);
}

/* A user address that is certainly not mapped: map a page and unmap it. */
void *map_unmapped_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		fail("mmap: errno %d", errno);
	munmap(p, 4096);
	return p;
}

void burn_cpu(long iters)
{
	volatile unsigned long x = 1;

	for (long i = 0; i < iters; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
}

/* The state letter of /proc/PID/stat ('S' sleeping, 'Z' zombie, ...). */
char proc_state(pid_t pid)
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
	return p && p[1] == ' ' ? p[2] : '?';
}

/* The whole of a (small) file as a NUL-terminated string: its length, or -1. */
int read_text(const char *path, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(fd);
	return (int)n;
}
