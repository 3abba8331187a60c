/*
 * Signals: handlers, masks, SA_NODEFER, pending and blocked signals,
 * SA_RESTART vs EINTR, sigtimedwait, sigsuspend, sigaltstack, SIGCHLD,
 * tgkill, SIGKILL, default actions, stop/continue, SIGSEGV recovery and
 * the ucontext handed to a handler.
 */
#include "usertests.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>

static volatile sig_atomic_t hits, depth, max_depth, usr2_seen_in_usr1,
	calls;

static void on_signal(int sig, void (*fn)(int), int flags, int masked)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	if (sigaction(sig, &sa, NULL) != 0)
		fail("sigaction(%d): errno %d", sig, errno);
}

static void count_handler(int sig)
{
	(void)sig;
	hits++;
}

static void block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	CHECK_OK(sigprocmask(how, &s, NULL));
}

/* kill(getpid()) runs the handler before kill returns. */
static void sig_handler(void)
{
	on_signal(SIGUSR1, count_handler, 0, 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(hits == 1);
	CHECK_OK(raise(SIGUSR1));
	CHECK(hits == 2);
	signal(SIGUSR1, SIG_IGN);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(hits == 2);
}

static void usr2_handler(int sig)
{
	(void)sig;
	hits++;
}

/* SIGUSR1's handler raises SIGUSR2 (masked by sa_mask) and SIGUSR1 itself. */
static void nested_handler(int sig)
{
	(void)sig;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (++calls == 1) {
		raise(SIGUSR2);
		usr2_seen_in_usr1 = hits;
		raise(SIGUSR1);
	}
	depth--;
}

/* sa_mask defers other signals; the signal itself is deferred too. */
static void sig_mask_defer(void)
{
	on_signal(SIGUSR2, usr2_handler, 0, 0);
	on_signal(SIGUSR1, nested_handler, 0, SIGUSR2);
	raise(SIGUSR1);
	CHECK(usr2_seen_in_usr1 == 0);	/* blocked during the handler */
	CHECK(hits == 1);		/* delivered after it returned */
	CHECK(max_depth == 1);		/* second SIGUSR1 ran afterwards */
}

/* SA_NODEFER: the handler can be re-entered by its own signal. */
static void sig_nodefer(void)
{
	on_signal(SIGUSR2, usr2_handler, 0, 0);
	on_signal(SIGUSR1, nested_handler, SA_NODEFER, 0);
	raise(SIGUSR1);
	CHECK(max_depth == 2);
	CHECK(usr2_seen_in_usr1 == 1);	/* SIGUSR2 not masked */
}

/* A blocked signal stays pending and is delivered on unblock. */
static void sig_pending(void)
{
	sigset_t pend, cur;

	on_signal(SIGUSR1, count_handler, 0, 0);
	block(SIGUSR1, SIG_BLOCK);
	raise(SIGUSR1);
	raise(SIGUSR1);			/* standard signals do not queue */
	CHECK(hits == 0);
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGUSR2));
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1));
	block(SIGUSR1, SIG_UNBLOCK);
	CHECK(hits == 1);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1));
}

/* Realtime signals queue: three sent while blocked, three delivered. */
static void sig_rt_queue(void)
{
	on_signal(SIGRTMIN + 1, count_handler, 0, 0);
	block(SIGRTMIN + 1, SIG_BLOCK);
	for (int i = 0; i < 3; i++)
		CHECK_OK(raise(SIGRTMIN + 1));
	CHECK(hits == 0);
	block(SIGRTMIN + 1, SIG_UNBLOCK);
	CHECK(hits == 3);
}

static int alarm_pipe[2];

static void alarm_handler(int sig)
{
	(void)sig;
	if (++hits == 5)
		write(alarm_pipe[1], "r", 1);
}

static void start_itimer(long usec)
{
	struct itimerval it = { { 0, usec }, { 0, usec } };

	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
}

static void stop_itimer(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
}

/*
 * SA_RESTART: a periodic SIGALRM interrupts a read on an empty pipe; the
 * read restarts each time and returns the byte the fifth handler writes.
 */
static void sig_restart(void)
{
	char c;

	CHECK_OK(pipe(alarm_pipe));
	on_signal(SIGALRM, alarm_handler, SA_RESTART, 0);
	start_itimer(10000);
	ssize_t r = read(alarm_pipe[0], &c, 1);
	int e = errno;
	stop_itimer();
	if (r != 1)
		fail("read = %zd errno %s, want 1 byte", r, strerrorname(e));
	CHECK(c == 'r' && hits >= 5);
}

/* Without SA_RESTART the same read fails with EINTR. */
static void sig_eintr(void)
{
	char c;

	CHECK_OK(pipe(alarm_pipe));
	on_signal(SIGALRM, count_handler, 0, 0);
	start_itimer(10000);
	ssize_t r = read(alarm_pipe[0], &c, 1);
	int e = errno;
	stop_itimer();
	CHECK(r == -1 && e == EINTR);
	CHECK(hits >= 1);
}

/* rt_sigtimedwait takes a blocked pending signal; zero timeout = EAGAIN. */
static void sig_timedwait(void)
{
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	block(SIGUSR1, SIG_BLOCK);
	CHECK_ERR(sigtimedwait(&set, &si, &zero), EAGAIN);
	CHECK_OK(kill(getpid(), SIGUSR1));
	memset(&si, 0, sizeof(si));
	CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR1);
	CHECK(si.si_signo == SIGUSR1 && si.si_code == SI_USER);
	CHECK(si.si_pid == getpid());
	CHECK_OK(sigpending(&set));
	CHECK(!sigismember(&set, SIGUSR1));
}

/* sigsuspend atomically unblocks, waits, runs the handler, restores. */
static void sig_suspend(void)
{
	sigset_t empty, cur;
	pid_t pid;

	on_signal(SIGUSR1, count_handler, 0, 0);
	block(SIGUSR1, SIG_BLOCK);
	pid = fork_or_fail();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigemptyset(&empty);
	CHECK_ERR(sigsuspend(&empty), EINTR);
	CHECK(hits == 1);
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1));
	wait_ok(pid);
}

static char *alt_base;
static volatile int on_alt;

static void altstack_handler(int sig)
{
	char local;
	stack_t ss;

	(void)sig;
	on_alt = &local >= alt_base && &local < alt_base + SIGSTKSZ * 4;
	if (sigaltstack(NULL, &ss) == 0 && !(ss.ss_flags & SS_ONSTACK))
		on_alt = 0;
}

/* SA_ONSTACK handlers run on the sigaltstack. */
static void sig_altstack(void)
{
	stack_t ss = { .ss_size = SIGSTKSZ * 4 }, old;

	alt_base = malloc(ss.ss_size);
	CHECK(alt_base != NULL);
	ss.ss_sp = alt_base;
	CHECK_OK(sigaltstack(&ss, &old));
	CHECK(old.ss_flags & SS_DISABLE);
	on_signal(SIGUSR1, altstack_handler, SA_ONSTACK, 0);
	raise(SIGUSR1);
	CHECK(on_alt == 1);
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == alt_base && !(old.ss_flags & SS_ONSTACK));
	ss.ss_size = 100;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
}

static volatile pid_t chld_pid;
static volatile int chld_status;

static void chld_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_pid = si->si_pid;
	chld_status = si->si_status;
	hits++;
}

/* SIGCHLD reaches the parent with the child's pid and status. */
static void sig_sigchld(void)
{
	struct sigaction sa = { .sa_sigaction = chld_handler,
				.sa_flags = SA_SIGINFO };
	sigset_t empty;
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	block(SIGCHLD, SIG_BLOCK);
	pid = fork_or_fail();
	if (pid == 0)
		_exit(5);
	sigemptyset(&empty);
	while (!hits)
		sigsuspend(&empty);
	CHECK(chld_pid == pid && chld_status == 5);
	CHECK(wait_exit(pid) == 5);
}

static atomic_int target_tid, got_tid, thread_ready;

static void tid_handler(int sig)
{
	(void)sig;
	atomic_store(&got_tid, gettid());
}

static void *sig_thread(void *arg)
{
	(void)arg;
	atomic_store(&target_tid, gettid());
	atomic_store(&thread_ready, 1);
	while (!atomic_load(&got_tid))
		usleep(1000);
	return NULL;
}

/* tgkill delivers to exactly the named thread. */
static void sig_tgkill(void)
{
	pthread_t th;

	on_signal(SIGUSR1, tid_handler, 0, 0);
	CHECK(pthread_create(&th, NULL, sig_thread, NULL) == 0);
	WAIT_FOR(atomic_load(&thread_ready), 30);
	CHECK(syscall(SYS_tgkill, getpid(), atomic_load(&target_tid),
		      SIGUSR1) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(atomic_load(&got_tid) == atomic_load(&target_tid));
	CHECK_ERR(syscall(SYS_tgkill, getpid(), atomic_load(&target_tid) +
			  100000, SIGUSR1), ESRCH);
}

/* SIGKILL and SIGSTOP cannot be caught, ignored or blocked. */
static void sig_uncatchable(void)
{
	struct sigaction sa = { .sa_handler = count_handler };
	sigset_t all, cur;

	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	sa.sa_handler = SIG_IGN;
	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(0, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(65, &sa, NULL), EINVAL);
	sigfillset(&all);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, 8));
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &cur, 8));
	CHECK(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP));
	CHECK(sigismember(&cur, SIGUSR1));
}

/* Default actions: SIGTERM and SIGKILL terminate, SIGCHLD is ignored. */
static void sig_default(void)
{
	int sigs[] = { SIGTERM, SIGKILL, SIGHUP };

	for (int i = 0; i < 3; i++) {
		int p[2];
		char c;
		CHECK_OK(pipe(p));
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			kill(getpid(), SIGCHLD);	/* ignored */
			write(p[1], "r", 1);
			for (;;)
				pause();
		}
		CHECK(read(p[0], &c, 1) == 1);
		CHECK_OK(kill(pid, sigs[i]));
		int st = wait_status(pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i]);
		close(p[0]);
		close(p[1]);
	}
}

/* SIGSTOP/SIGCONT are reported by waitpid with WUNTRACED/WCONTINUED. */
static void sig_stop_cont(void)
{
	pid_t pid = fork_or_fail();
	int st;

	if (pid == 0)
		for (;;)
			pause();
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK(waitpid(pid, &st, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK(waitpid(pid, &st, WCONTINUED) == pid);
	CHECK(WIFCONTINUED(st));
	CHECK_OK(kill(pid, SIGKILL));
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static sigjmp_buf segv_jmp;
/* Read through a volatile so the compiler cannot see the bad address. */
static int *volatile bad_ptr;

static void bad_write(unsigned long addr)
{
	bad_ptr = (int *)addr;
	*(volatile int *)bad_ptr = 1;
}
static volatile void *segv_addr;
static volatile int segv_code;

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	segv_addr = si->si_addr;
	segv_code = si->si_code;
	siglongjmp(segv_jmp, 1);
}

/* A NULL write raises SIGSEGV (SEGV_MAPERR, si_addr 0); siglongjmp out. */
static void sig_segv_longjmp(void)
{
	struct sigaction sa = { .sa_sigaction = segv_handler,
				.sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
	if (sigsetjmp(segv_jmp, 1) == 0) {
		bad_write(0);
		fail("NULL write did not fault");
	}
	CHECK(segv_addr == NULL && segv_code == SEGV_MAPERR);
	/* The mask was restored by siglongjmp: a second fault works too. */
	if (sigsetjmp(segv_jmp, 1) == 0) {
		bad_write(16);
		fail("write to 16 did not fault");
	}
	CHECK(segv_addr == (void *)16);
}

static volatile int uc_ok;

/*
 * Skip the faulting instruction by editing the saved pc in the ucontext
 * (RISC-V: 2 bytes if compressed, else 4); sigreturn must resume there.
 * Other architectures (a host build) only check that the handler ran.
 */
static void skip_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
#if defined(__riscv)
	unsigned long pc = uc->uc_mcontext.__gregs[REG_PC];
	unsigned short insn = *(unsigned short *)pc;
	uc->uc_mcontext.__gregs[REG_PC] = pc + ((insn & 3) == 3 ? 4 : 2);
	uc_ok = 1;
#else
	(void)uc;
	uc_ok = 2;
	siglongjmp(segv_jmp, 1);
#endif
}

/* The ucontext passed to a handler is the state sigreturn resumes. */
static void sig_ucontext(void)
{
	struct sigaction sa = { .sa_sigaction = skip_handler,
				.sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
	if (sigsetjmp(segv_jmp, 1) == 0)
		bad_write(8);
	CHECK(uc_ok != 0);
}

const struct test signal_tests[] = {
	{ "sig_handler", sig_handler },
	{ "sig_mask_defer", sig_mask_defer },
	{ "sig_nodefer", sig_nodefer },
	{ "sig_pending", sig_pending },
	{ "sig_rt_queue", sig_rt_queue },
	{ "sig_restart", sig_restart },
	{ "sig_eintr", sig_eintr },
	{ "sig_timedwait", sig_timedwait },
	{ "sig_suspend", sig_suspend },
	{ "sig_altstack", sig_altstack },
	{ "sig_sigchld", sig_sigchld },
	{ "sig_tgkill", sig_tgkill },
	{ "sig_uncatchable", sig_uncatchable },
	{ "sig_default", sig_default },
	{ "sig_stop_cont", sig_stop_cont },
	{ "sig_segv_longjmp", sig_segv_longjmp },
	{ "sig_ucontext", sig_ucontext },
	{ NULL, NULL },
};
