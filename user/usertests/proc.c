/*
 * Processes: fork, clone, vfork, exit status through wait4/waitid, execve,
 * reparenting of orphans, process groups and sessions.
 */
#include "usertests.h"

#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/auxv.h>

#include <linux/sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* fork returns 0 in the child and its pid in the parent; wait4 reaps. */
static void fork_basic(void)
{
	pid_t parent = getpid(), pid;
	struct rusage ru;
	int st;

	pid = fork_or_fail();
	if (pid == 0)
		_exit(getppid() == parent && getpid() != parent ? 7 : 1);
	CHECK(pid > 0 && pid != parent);
	CHECK(wait4(pid, &st, 0, &ru) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

/* Killed by a signal: WIFSIGNALED / WTERMSIG. */
static void wait_signaled(void)
{
	pid_t pid = fork_or_fail();
	int st;

	if (pid == 0) {
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1);
	CHECK(!WIFEXITED(st));
}

/* waitid(P_PID) and waitid(P_ALL) fill siginfo; then ECHILD. */
static void waitid_basic(void)
{
	siginfo_t si;
	pid_t a, b;
	int seen = 0;

	a = fork_or_fail();
	if (a == 0)
		_exit(3);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, a, &si, WEXITED) == 0);
	CHECK(si.si_pid == a && si.si_signo == SIGCHLD);
	CHECK(si.si_code == CLD_EXITED && si.si_status == 3);
	a = fork_or_fail();
	if (a == 0)
		_exit(4);
	b = fork_or_fail();
	if (b == 0)
		_exit(5);
	for (int i = 0; i < 2; i++) {
		memset(&si, 0, sizeof(si));
		CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
		if (si.si_pid == a && si.si_status == 4)
			seen |= 1;
		else if (si.si_pid == b && si.si_status == 5)
			seen |= 2;
	}
	CHECK(seen == 3);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
}

/* WNOHANG returns 0 while the child still runs. */
static void wait_nohang(void)
{
	int p[2], st;
	char c;
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 9 : 1);
	}
	close(p[0]);
	CHECK(waitpid(pid, &st, WNOHANG) == 0);
	CHECK(waitpid(-1, &st, WNOHANG) == 0);
	close(p[1]);
	CHECK(wait_exit(pid) == 9);
}

static void wait_echild(void)
{
	int st;

	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(waitpid(getpid() + 100000, &st, 0), ECHILD);
}

/* execve of ourselves in helper mode: argv and envp must pass through. */
static void exec_self(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		char *argv[] = { "usertests", "--helper", "argv", "a b", "c",
				 NULL };
		char *envp[] = { "X=1", "UT_ENV=xyz", NULL };
		execve(self_path, argv, envp);
		_exit(99);
	}
	CHECK(wait_exit(pid) == 42);
}

/*
 * execve of a dynamically linked glibc program (Debian's iperf3) from a
 * non-leader thread of a multi-threaded process: the other threads go
 * away, the process keeps its pid, and the new program's output and exit
 * status reach the parent.
 */
static int exec_pipe_w;

static void *exec_thread(void *arg)
{
	char *argv[] = { "iperf3", "--version", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin", NULL };

	dup2(exec_pipe_w, 1);
	execve("/usr/bin/iperf3", argv, envp);
	_exit(98);
	return arg;
}

static void *idle_thread(void *arg)
{
	for (;;)
		pause();
	return arg;
}

static void exec_dynamic_from_thread(void)
{
	int p[2];
	char buf[64] = { 0 };
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		pthread_t a, b;

		close(p[0]);
		exec_pipe_w = p[1];
		pthread_create(&a, NULL, idle_thread, NULL);
		pthread_create(&b, NULL, exec_thread, NULL);
		pthread_join(b, NULL);
		_exit(97);
	}
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf) - 1) > 0);
	close(p[0]);
	CHECK(strncmp(buf, "iperf 3.18", 10) == 0);
	CHECK(wait_exit(pid) == 0);
}

/* A #! script runs under its interpreter, with the optional argument. */
static void exec_shebang(void)
{
	const char *path = "/tmp/ut-shebang";
	const char *text = "#!/bin/sh -e\nexit $(( $# + 6 ))\n";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	pid_t pid;

	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	pid = fork_or_fail();
	if (pid == 0) {
		char *argv[] = { "ut-shebang", "one", NULL }, *envp[] = { NULL };
		execve(path, argv, envp);
		_exit(99);
	}
	CHECK(wait_exit(pid) == 7);
	unlink(path);
}

/* The auxiliary vector the ELF loader builds (glibc's ld.so reads it). */
static void exec_auxv(void)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);

	CHECK(getauxval(AT_PAGESZ) == 4096);
	CHECK(getauxval(AT_PHDR) != 0);
	CHECK(getauxval(AT_PHENT) == sizeof(Elf64_Phdr));
	CHECK(getauxval(AT_PHNUM) > 0);
	CHECK(getauxval(AT_ENTRY) != 0);
	CHECK(getauxval(AT_CLKTCK) == 100);
	CHECK(getauxval(AT_SECURE) == 0);
	CHECK(getauxval(AT_UID) == 0 && getauxval(AT_EUID) == 0);
	CHECK(getauxval(AT_HWCAP) & (1UL << ('i' - 'a')));
	CHECK(getauxval(AT_HWCAP) & (1UL << ('d' - 'a')));
	CHECK(rnd != NULL);
	CHECK(execfn != NULL && strcmp(execfn, self_path) == 0);
}

static void exec_enoent(void)
{
	char *argv[] = { "nope", NULL }, *envp[] = { NULL };

	CHECK_ERR(execve("/nonexistent/prog", argv, envp), ENOENT);
	CHECK_ERR(execve("/bin/no-such-program", argv, envp), ENOENT);
	CHECK_ERR(execve("", argv, envp), ENOENT);
}

/* vfork: the child shares memory until it exits. */
static void vfork_basic(void)
{
	static volatile int shared;
	pid_t pid;

	shared = 0;
	pid = vfork();
	if (pid == 0) {
		shared = 123;
		_exit(8);
	}
	CHECK(pid > 0);
	CHECK(shared == 123);
	CHECK(wait_exit(pid) == 8);
}

/* Raw clone(SIGCHLD) and clone3 behave like fork. */
static void clone_as_fork(void)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	long pid;

	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(11);
	CHECK(pid > 0);
	CHECK(wait_exit(pid) == 11);
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(12);
	CHECK(pid > 0);
	CHECK(wait_exit(pid) == 12);
}

/*
 * A parent that ignores SIGCHLD has its children reaped at once: wait()
 * never reports one, it gives ECHILD, also when the child exits on
 * another CPU while the parent is already waiting.
 */
static void wait_sigchld_ignored(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, old;
	int i, status;
	pid_t pid;
	long r;

	CHECK_OK(sigaction(SIGCHLD, &sa, &old));
	for (i = 0; i < 200; i++) {
		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0) {
			if (ncpus > 1)
				pin_self(cpus[(i + 1) % ncpus]);
			_exit(3);
		}
		r = (i & 1) ? waitpid(pid, &status, 0) : wait(&status);
		if (r != -1 || errno != ECHILD)
			fail("round %d: wait gave %ld (errno %d), want ECHILD", i, r, errno);
	}
	CHECK_OK(sigaction(SIGCHLD, &old, NULL));
}

/* clone3 of a thread (or of a sibling, CLONE_PARENT) with an exit signal: EINVAL. */
static void clone3_thread_exit_signal(void)
{
	struct clone_args args = {
		.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD,
		.exit_signal = SIGCHLD,
	};

	CHECK_ERR(syscall(SYS_clone3, &args, sizeof(args)), EINVAL);
	args.flags = CLONE_PARENT;
	CHECK_ERR(syscall(SYS_clone3, &args, sizeof(args)), EINVAL);
}

/*
 * A grandchild whose parent exits is reparented to init (or to a
 * subreaper).  It polls getppid in a bounded loop and reports through its
 * exit status via a pipe, since we cannot wait for it.
 */
static void orphan_reparent(void)
{
	pid_t me = getpid(), pid;
	int p[2];
	char verdict = 0;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		pid_t mid = getpid();
		if (fork_or_fail() != 0)
			_exit(0);
		/* grandchild */
		uint64_t end = now_ns(CLOCK_MONOTONIC) + 30000000000ull;
		while (getppid() == mid && now_ns(CLOCK_MONOTONIC) < end)
			usleep(1000);
		pid_t np = getppid();
		verdict = (np == 1 || np == me) ? 'y' : 'n';
		write(p[1], &verdict, 1);
		_exit(0);
	}
	close(p[1]);
	wait_ok(pid);
	CHECK(read(p[0], &verdict, 1) == 1);
	CHECK(verdict == 'y');
}

/* setpgid/getpgid/setsid/getsid basics. */
static void pgid_session(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		pid_t me = getpid();
		CHECK(getpgid(0) == getpgid(getppid()));
		CHECK(getsid(0) == getsid(getppid()));
		CHECK_OK(setpgid(0, 0));
		CHECK(getpgid(0) == me && getpgrp() == me);
		/* A process group leader cannot start a session. */
		CHECK_ERR(setsid(), EPERM);
		pid_t g = fork_or_fail();
		if (g == 0) {
			CHECK(getpgid(0) == me);
			CHECK(setsid() == getpid());
			CHECK(getsid(0) == getpid());
			CHECK(getpgid(0) == getpid());
			/* Cannot move to a group in another session. */
			CHECK_ERR(setpgid(0, me), EPERM);
			_exit(0);
		}
		wait_ok(g);
		CHECK_ERR(getpgid(999999), ESRCH);
		_exit(0);
	}
	wait_ok(pid);
}

/* 200 sequential fork/exit/wait rounds, then 20 children at once. */
static void fork_many(void)
{
	pid_t pids[20];

	for (int i = 0; i < 200; i++) {
		pid_t pid = fork_or_fail();
		if (pid == 0)
			_exit(i & 0x7f);
		CHECK(wait_exit(pid) == (i & 0x7f));
	}
	for (int i = 0; i < 20; i++) {
		pids[i] = fork_or_fail();
		if (pids[i] == 0)
			_exit(i);
	}
	for (int i = 0; i < 20; i++)
		CHECK(wait_exit(pids[i]) == i);
}

/* A child's exit status from a multi-level fork tree adds up. */
static int tree(int depth)
{
	pid_t a, b;

	if (depth == 0)
		return 1;
	a = fork_or_fail();
	if (a == 0)
		_exit(tree(depth - 1));
	b = fork_or_fail();
	if (b == 0)
		_exit(tree(depth - 1));
	return wait_exit(a) + wait_exit(b) + 1;
}

static void fork_tree(void)
{
	CHECK(tree(4) == 31);
}

const struct test proc_tests[] = {
	{ "fork_basic", fork_basic },
	{ "wait_signaled", wait_signaled },
	{ "waitid_basic", waitid_basic },
	{ "wait_nohang", wait_nohang },
	{ "wait_echild", wait_echild },
	{ "exec_self", exec_self },
	{ "exec_enoent", exec_enoent },
	{ "exec_dynamic_from_thread", exec_dynamic_from_thread },
	{ "exec_shebang", exec_shebang },
	{ "exec_auxv", exec_auxv },
	{ "vfork_basic", vfork_basic },
	{ "clone_as_fork", clone_as_fork },
	{ "clone3_thread_exit_signal", clone3_thread_exit_signal },
	{ "wait_sigchld_ignored", wait_sigchld_ignored },
	{ "orphan_reparent", orphan_reparent },
	{ "pgid_session", pgid_session },
	{ "fork_many", fork_many },
	{ "fork_tree", fork_tree },
	{ NULL, NULL },
};
