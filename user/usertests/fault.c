/*
 * Bad user pointers and bad system calls: every pointer argument the
 * kernel dereferences must give -EFAULT (never a crash), partially valid
 * buffers give what Linux gives, unknown numbers give -ENOSYS, and a child
 * issuing thousands of random system calls must not hurt the kernel.
 *
 * All calls go through rsys() (raw syscall), so libc never touches the bad
 * pointers first.
 */
#include "usertests.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>

#define PG	4096
#define BAD	(-12345)	/* placeholder: "the bad pointer goes here" */

static const unsigned long kernel_addrs[] = {
	0xffffffc000000000ul, 0xffffffff80000000ul, 0xfffffffffffff000ul,
	0x0000004000000000ul,	/* just above Sv39 user space */
	0x8000000000000000ul,
};

struct bad_call {
	const char *name;
	long nr;
	long args[6];		/* BAD marks the pointer under test */
	int err;		/* expected errno (EFAULT unless noted) */
	int err_misaligned;	/* for (void *)1, if it differs */
	int null_ok;		/* NULL means "not wanted": must succeed */
};

/* Descriptors the table refers to by these numbers. */
enum { FD_ZERO = 100, FD_PIPE_R, FD_PIPE_W, FD_DIR, FD_SOCK };

static long fixup(long a, long bad)
{
	return a == BAD ? bad : a;
}

static void setup_fds(void)
{
	int p[2];

	CHECK(dup2(open("/dev/zero", O_RDONLY), FD_ZERO) == FD_ZERO);
	CHECK_OK(pipe(p));
	CHECK(write(p[1], "0123456789", 10) == 10);
	CHECK(dup2(p[0], FD_PIPE_R) == FD_PIPE_R);
	CHECK(dup2(p[1], FD_PIPE_W) == FD_PIPE_W);
	CHECK(dup2(open("/tmp", O_RDONLY | O_DIRECTORY), FD_DIR) == FD_DIR);
}

/* Good arguments next to the bad pointer in the socket rows. */
static struct sockaddr_in sock_sin;
static socklen_t sock_len = sizeof(struct sockaddr_in);
static int int_val;
static socklen_t int_len = sizeof(int);

/*
 * FD_SOCK: a UDP socket on 127.0.0.1 connected to itself, so that sendto
 * has a destination and reaches the copy, and whatever a row does send
 * (a NULL address means "the peer") comes back to it instead of drawing
 * an ICMP error that later calls would report.
 */
static void setup_sock(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0)
		fail("socket: errno %d (%s)", errno, strerrorname(errno));
	CHECK(dup2(s, FD_SOCK) == FD_SOCK);
	close(s);
	CHECK_OK(bind(FD_SOCK, (struct sockaddr *)&sin, sizeof(sin)));
	CHECK_OK(getsockname(FD_SOCK, (struct sockaddr *)&sin, &len));
	CHECK_OK(connect(FD_SOCK, (struct sockaddr *)&sin, sizeof(sin)));
	sock_sin = sin;
}

static const struct bad_call bad_calls[] = {
	{ "read", SYS_read, { FD_ZERO, BAD, 16 }, EFAULT },
	{ "write", SYS_write, { FD_PIPE_W, BAD, 16 }, EFAULT },
	{ "readv", SYS_readv, { FD_ZERO, BAD, 1 }, EFAULT },
	{ "pipe2", SYS_pipe2, { BAD, 0 }, EFAULT },
	{ "openat", SYS_openat, { AT_FDCWD, BAD, O_RDONLY }, EFAULT },
	{ "newfstatat path", SYS_newfstatat, { AT_FDCWD, BAD, 0, 0 }, EFAULT },
	{ "fstat", SYS_fstat, { FD_ZERO, BAD }, EFAULT },
	{ "statx", SYS_statx, { AT_FDCWD, (long)"/", 0, 0x7ff, BAD }, EFAULT },
	{ "getdents64", SYS_getdents64, { FD_DIR, BAD, 4096 }, EFAULT },
	{ "mkdirat", SYS_mkdirat, { AT_FDCWD, BAD, 0700 }, EFAULT },
	{ "unlinkat", SYS_unlinkat, { AT_FDCWD, BAD, 0 }, EFAULT },
	{ "chdir", SYS_chdir, { BAD }, EFAULT },
	{ "getcwd", SYS_getcwd, { BAD, 256 }, EFAULT },
	{ "clock_gettime", SYS_clock_gettime, { CLOCK_MONOTONIC, BAD },
	  EFAULT },
	{ "clock_getres", SYS_clock_getres, { CLOCK_MONOTONIC, BAD }, EFAULT, 0, 1 },
	{ "gettimeofday", SYS_gettimeofday, { BAD, 0 }, EFAULT, 0, 1 },
	{ "nanosleep", SYS_nanosleep, { BAD, 0 }, EFAULT },
	{ "uname", SYS_uname, { BAD }, EFAULT },
	{ "sysinfo", SYS_sysinfo, { BAD }, EFAULT },
	{ "times", SYS_times, { BAD }, EFAULT, 0, 1 },
	{ "getrusage", SYS_getrusage, { RUSAGE_SELF, BAD }, EFAULT },
	{ "getrandom", SYS_getrandom, { BAD, 16, 0 }, EFAULT },
	{ "prlimit64", SYS_prlimit64, { 0, RLIMIT_NOFILE, 0, BAD }, EFAULT,
	  0, 1 },
	{ "getresuid", SYS_getresuid, { BAD, BAD, BAD }, EFAULT },
	{ "sched_getaffinity", SYS_sched_getaffinity, { 0, 128, BAD },
	  EFAULT },
	{ "rt_sigaction act", SYS_rt_sigaction, { SIGUSR1, BAD, 0, 8 },
	  EFAULT, 0, 1 },
	{ "rt_sigaction old", SYS_rt_sigaction, { SIGUSR1, 0, BAD, 8 },
	  EFAULT, 0, 1 },
	{ "rt_sigprocmask", SYS_rt_sigprocmask, { SIG_BLOCK, BAD, 0, 8 },
	  EFAULT, 0, 1 },
	{ "rt_sigpending", SYS_rt_sigpending, { BAD, 8 }, EFAULT },
	{ "sigaltstack", SYS_sigaltstack, { BAD, 0 }, EFAULT, 0, 1 },
	{ "futex wait", SYS_futex, { BAD, FUTEX_WAIT, 0, 0 }, EFAULT, EINVAL },
	{ "execve path", SYS_execve, { BAD, 0, 0 }, EFAULT },
	{ "ppoll", SYS_ppoll, { BAD, 1, 0, 0, 8 }, EFAULT },
	{ NULL },
};

/* The socket calls, on FD_SOCK (see setup_sock). */
static const struct bad_call bad_sock_calls[] = {
	{ "bind", SYS_bind, { FD_SOCK, BAD, sizeof(struct sockaddr_in) },
	  EFAULT },
	{ "connect", SYS_connect, { FD_SOCK, BAD, sizeof(struct sockaddr_in) },
	  EFAULT },
	{ "sendto buf", SYS_sendto, { FD_SOCK, BAD, 16, 0, 0, 0 }, EFAULT },
	/* a NULL address means "to the peer": it is sent */
	{ "sendto addr", SYS_sendto, { FD_SOCK, (long)"x", 1, 0, BAD,
				       sizeof(struct sockaddr_in) },
	  EFAULT, 0, 1 },
	{ "getsockname addr", SYS_getsockname,
	  { FD_SOCK, BAD, (long)&sock_len }, EFAULT },
	{ "getsockname len", SYS_getsockname,
	  { FD_SOCK, (long)&sock_sin, BAD }, EFAULT },
	{ "getpeername addr", SYS_getpeername,
	  { FD_SOCK, BAD, (long)&sock_len }, EFAULT },
	{ "getpeername len", SYS_getpeername,
	  { FD_SOCK, (long)&sock_sin, BAD }, EFAULT },
	{ "setsockopt", SYS_setsockopt,
	  { FD_SOCK, SOL_SOCKET, SO_RCVBUF, BAD, sizeof(int) }, EFAULT },
	{ "getsockopt val", SYS_getsockopt,
	  { FD_SOCK, SOL_SOCKET, SO_TYPE, BAD, (long)&int_len }, EFAULT },
	{ "getsockopt len", SYS_getsockopt,
	  { FD_SOCK, SOL_SOCKET, SO_TYPE, (long)&int_val, BAD }, EFAULT },
	{ "sendmsg", SYS_sendmsg, { FD_SOCK, BAD, 0 }, EFAULT },
	{ "recvmsg", SYS_recvmsg, { FD_SOCK, BAD, MSG_DONTWAIT }, EFAULT },
	{ "sendmmsg", SYS_sendmmsg, { FD_SOCK, BAD, 1, 0 }, EFAULT },
	{ "recvmmsg", SYS_recvmmsg, { FD_SOCK, BAD, 1, MSG_DONTWAIT, 0 },
	  EFAULT },
	{ "socketpair", SYS_socketpair, { AF_UNIX, SOCK_STREAM, 0, BAD },
	  EFAULT },
	{ "ioctl FIONREAD", SYS_ioctl, { FD_SOCK, FIONREAD, BAD }, EFAULT },
	{ "ioctl SIOCGIFFLAGS", SYS_ioctl, { FD_SOCK, SIOCGIFFLAGS, BAD },
	  EFAULT },
	{ NULL },
};

/* The bad addresses: NULL, 1, kernel addresses and an unmapped page. */
static int bad_addrs(unsigned long *out)
{
	int n = 0;

	out[n++] = 0;
	out[n++] = 1;
	for (size_t i = 0; i < sizeof(kernel_addrs) / sizeof(kernel_addrs[0]);
	     i++)
		out[n++] = kernel_addrs[i];
	out[n++] = (unsigned long)map_unmapped_page();
	return n;
}

/* Every entry of a table with every bad address. */
static void try_bad_calls(const struct bad_call *table)
{
	unsigned long addrs[16];
	int n = bad_addrs(addrs);

	for (const struct bad_call *c = table; c->name; c++)
		for (int i = 0; i < n; i++) {
			long a[6];
			for (int j = 0; j < 6; j++)
				a[j] = fixup(c->args[j], addrs[i]);
			long r = rsys(c->nr, a[0], a[1], a[2], a[3], a[4],
				      a[5]);
			int want = addrs[i] == 1 && c->err_misaligned ?
				c->err_misaligned : c->err;
			if (addrs[i] == 0 && c->null_ok) {
				if (r < 0)
					fail("%s(NULL) = %s", c->name,
					     strerrorname(-r));
				continue;
			}
			if (r != -want)
				fail("%s(%#lx) = %ld (%s), want -%s", c->name,
				     addrs[i], r, r < 0 ? strerrorname(-r) : "",
				     strerrorname(want));
		}
}

static void fault_pointers(void)
{
	setup_fds();
	try_bad_calls(bad_calls);
}

/* The same for the socket calls. */
static void net_fault_pointers(void)
{
	setup_sock();
	try_bad_calls(bad_sock_calls);
}

/* wait4 with a bad status pointer still reaps the child, returns EFAULT. */
static void fault_wait4(void)
{
	unsigned long addrs[16];
	int n = bad_addrs(addrs);

	for (int i = 1; i < n; i++) {	/* NULL status is allowed */
		pid_t pid = fork_or_fail();
		if (pid == 0)
			_exit(0);
		long r = rsys(SYS_wait4, pid, addrs[i], 0, 0, 0, 0);
		if (r != -EFAULT)
			fail("wait4(status %#lx) = %ld", addrs[i], r);
		CHECK(rsys(SYS_wait4, pid, 0, WNOHANG, 0, 0, 0) == -ECHILD);
	}
}

/* execve with a good path but bad argv/envp fails with EFAULT. */
static void fault_execve(void)
{
	unsigned long addrs[16];
	int n = bad_addrs(addrs);
	char *argv[] = { "x", NULL }, *bad_elem[] = { "x", (char *)8, NULL };

	for (int i = 1; i < n; i++) {
		CHECK(rsys(SYS_execve, (long)self_path, addrs[i], 0, 0, 0, 0)
		      == -EFAULT);
		CHECK(rsys(SYS_execve, (long)self_path, (long)argv, addrs[i],
			   0, 0, 0) == -EFAULT);
	}
	CHECK(rsys(SYS_execve, (long)self_path, (long)bad_elem, 0, 0, 0, 0)
	      == -EFAULT);
}

/* A page followed by an unmapped one: buf starts 100 bytes before the end. */
static char *straddling_buffer(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK_OK(munmap(p + PG, PG));
	memset(p, 0x55, PG);
	return p + PG - 100;
}

/*
 * read() into a buffer that runs into an unmapped page: Linux copies what
 * fits and returns a short count (or EFAULT if nothing fit).  Data a pipe
 * could not deliver stays in the pipe.
 */
static void fault_partial(void)
{
	char *buf = straddling_buffer(), rest[300];
	int p[2], zero = open("/dev/zero", O_RDONLY);
	long r;

	CHECK(zero >= 0);
	r = rsys(SYS_read, zero, (long)buf, 200, 0, 0, 0);
	CHECK(r == -EFAULT || (r > 0 && r <= 100));
	for (long i = 0; i < r; i++)
		CHECK(buf[i] == 0);
	CHECK_OK(pipe(p));
	memset(rest, 'p', 200);
	CHECK(write(p[1], rest, 200) == 200);
	r = rsys(SYS_read, p[0], (long)buf, 200, 0, 0, 0);
	CHECK(r == -EFAULT || (r > 0 && r <= 100));
	long got = r > 0 ? r : 0;
	CHECK(read(p[0], rest, sizeof(rest)) == 200 - got);
	/* write() from a straddling buffer: short count or EFAULT. */
	r = rsys(SYS_write, p[1], (long)buf, 200, 0, 0, 0);
	CHECK(r == -EFAULT || (r > 0 && r <= 100));
}

/* Unknown system call numbers are ENOSYS. */
static void fault_enosys(void)
{
	static const long nrs[] = { 5000, 1000, 999, 4096, -1, 0x7fffffff,
				    -1000 };

	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		long r = rsys(nrs[i], 0, 0, 0, 0, 0, 0);
		if (r != -ENOSYS)
			fail("syscall %ld = %ld, want -ENOSYS", nrs[i], r);
	}
}

/* ---- the fuzzer ------------------------------------------------------ */

#define FUZZ_CALLS	20000
#define FUZZ_SEED	0x5eed2024u
#define SCRATCH		(64 * 1024)
#define GUARD		(1024 * 1024)

/* Filled in by the fuzz child as it goes, read by the parent on failure. */
struct fuzz_log {
	long iter, nr, args[6];
	long succeeded, enosys;	/* sanity: the calls reached the kernel */
	volatile int done;
};

static uint64_t rng;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#ifdef __riscv
/*
 * System calls the fuzzer never makes: they end or replace the process,
 * touch other processes or global state, change memory the fuzzer runs on,
 * defeat the SIGALRM rescue from blocking calls, or can pile up memory
 * that outlives the child.
 */
static const short fuzz_skip[] = {
	SYS_exit, SYS_exit_group, SYS_kill, SYS_tkill, SYS_tgkill,
	SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo, SYS_pidfd_send_signal,
	SYS_reboot, SYS_clone, SYS_clone3, SYS_execve, SYS_execveat,
	SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_brk, SYS_madvise,
	SYS_process_madvise, SYS_pkey_mprotect, SYS_remap_file_pages,
	SYS_rt_sigreturn, SYS_rt_sigaction, SYS_rt_sigprocmask,
	SYS_rt_sigsuspend, SYS_rt_sigtimedwait, SYS_setitimer,
	SYS_timer_create, SYS_timer_settime, SYS_setsid, SYS_setpgid,
	SYS_sched_setaffinity, SYS_sched_setscheduler, SYS_sched_setparam,
	SYS_sched_setattr, SYS_setpriority, SYS_ioprio_set, SYS_setrlimit,
	SYS_prlimit64, SYS_prctl, SYS_seccomp, SYS_ptrace,
	SYS_process_vm_readv, SYS_process_vm_writev, SYS_process_mrelease,
	SYS_rseq, SYS_personality, SYS_unshare, SYS_setns, SYS_chroot,
	SYS_chdir, SYS_fchdir, SYS_pivot_root, SYS_mount, SYS_umount2,
	SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_move_mount, SYS_open_tree,
	SYS_fspick, SYS_mount_setattr, SYS_swapon, SYS_swapoff,
	SYS_init_module, SYS_finit_module, SYS_delete_module,
	SYS_kexec_load, SYS_kexec_file_load, SYS_vhangup, SYS_acct,
	SYS_quotactl, SYS_syslog, SYS_sethostname, SYS_setdomainname,
	SYS_settimeofday, SYS_clock_settime, SYS_adjtimex, SYS_clock_adjtime,
	SYS_mlockall, SYS_io_uring_setup, SYS_io_uring_enter,
	SYS_io_uring_register, SYS_bpf, SYS_perf_event_open, SYS_add_key,
	SYS_request_key, SYS_keyctl, SYS_open_by_handle_at, SYS_fallocate,
	SYS_migrate_pages, SYS_move_pages, SYS_mbind, SYS_set_mempolicy,
	SYS_set_mempolicy_home_node, SYS_landlock_restrict_self,
	SYS_set_tid_address, SYS_set_robust_list, SYS_mknodat,
	SYS_fanotify_init, SYS_fanotify_mark, SYS_msgget, SYS_msgctl,
	SYS_msgrcv, SYS_msgsnd, SYS_semget, SYS_semctl, SYS_semtimedop,
	SYS_semop, SYS_shmget, SYS_shmctl, SYS_shmat, SYS_shmdt,
	SYS_mq_open, SYS_mq_unlink, 447 /* memfd_secret */,
	453 /* map_shadow_stack */, 460 /* lsm_set_self_attr */,
	462 /* mseal */,
};

static int fuzz_skipped(long nr)
{
	for (size_t i = 0; i < sizeof(fuzz_skip) / sizeof(fuzz_skip[0]); i++)
		if (fuzz_skip[i] == nr)
			return 1;
	return 0;
}
#endif

/*
 * A random argument, from classes that never name the fuzzer's own memory
 * (the static image sits at 0x10000 and up, so no value in
 * [0x10000, 0x80000000) is ever produced, except scratch pointers).
 */
static long fuzz_arg(char *scratch, void *hole)
{
	switch (next_rand() % 11) {
	case 0: return 0;
	case 1: return next_rand() % 16;		/* fd-like */
	case 2: return next_rand() % 4096;
	case 3: return -1;
	case 4: case 5: return (long)(scratch + next_rand() % SCRATCH);
	case 6: return kernel_addrs[next_rand() % 5] + (next_rand() & 0xfff);
	case 7: return next_rand() | (1ul << 63);
	case 8: return 1l << (next_rand() % 16);	/* below our image */
	case 9: return (long)(next_rand() | 0x80000000u) & 0xffffffffl;
	default: return next_rand() % 2 ? AT_FDCWD : (long)hole;
	}
}

static void fill_scratch(char *scratch)
{
	for (int i = 0; i < SCRATCH; i += 8) {
		uint64_t v = next_rand();
		memcpy(scratch + i, &v, 8);
	}
	for (int i = 0; i < SCRATCH; i++)
		if (scratch[i] == '/')	/* keep created paths relative */
			scratch[i] = 'x';
}

/*
 * Make the arguments of calls that could block with SIGALRM masked safe,
 * and keep file writes inside the scratch buffer: Debian's riscv64 Linux
 * 6.12 livelocks (uninterruptibly but for SIGKILL) in a write() to a
 * regular file from a buffer that runs into an unmapped page.
 */
static int fuzz_sanitize(long nr, long *a, char *scratch)
{
#ifdef __riscv
	if (fuzz_skipped(nr))
		return 0;
	switch (nr) {
	case SYS_write: case SYS_pwrite64:
		if (a[1] >= (long)scratch && a[1] < (long)scratch + SCRATCH &&
		    (unsigned long)a[2] > (unsigned long)(scratch + SCRATCH -
							  a[1]))
			a[2] = (long)scratch + SCRATCH - a[1];
		break;
	case SYS_ppoll: a[3] = 0; break;	/* sigmask */
	case SYS_pselect6: a[5] = 0; break;
	case SYS_epoll_pwait: case SYS_epoll_pwait2: a[4] = 0; break;
	case SYS_io_pgetevents: a[5] = 0; break;
	case SYS_futex: {
		int op = a[1] & FUTEX_CMD_MASK;	/* PI ops never return EINTR */
		if (op == FUTEX_LOCK_PI || op == FUTEX_WAIT_REQUEUE_PI ||
		    op == FUTEX_LOCK_PI2 || op == FUTEX_TRYLOCK_PI)
			return 0;
		break;
	}
	case SYS_fcntl:
		if (a[1] == F_SETOWN || a[1] == F_SETOWN_EX ||
		    a[1] == F_SETSIG)
			return 0;
		break;
	case SYS_ioctl:
		if (((a[1] >> 8) & 0xff) == 0x89)	/* socket/if config */
			return 0;
		break;
	case SYS_socket: case SYS_socketpair: {
		static const int fams[] = { AF_UNIX, AF_INET, AF_INET6 };
		a[0] = fams[(unsigned long)a[0] % 3];
		break;
	}
	}
	return 1;
#else
	(void)nr;
	(void)a;
	(void)scratch;
	return 0;
#endif
}

/*
 * Mostly numbers that exist on riscv64 (0-294 and 424-462; 295-423 are
 * unused or 32-bit-only), sometimes anything up to 2500.
 */
static long fuzz_nr(void)
{
	uint64_t r = next_rand() % 100;

	if (r < 10)
		return next_rand() % 2500;
	if (r < 25)
		return 424 + next_rand() % 39;
	return next_rand() % 295;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* The fuzz child's world: quiet fds, its own directory, limits, a timer. */
static void fuzz_setup(const char *dir)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 10000 }, { 0, 10000 } };
	struct rlimit fsize = { 1 << 20, 1 << 20 }, nofile = { 64, 64 };
	int null;

	syscall(SYS_close_range, 3, ~0u, 0);
	null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		dup2(null, fd);
	if (null > 2)
		close(null);
	if (chdir(dir) != 0)
		_exit(10);
	for (int s = 1; s < 65; s++)
		signal(s, SIG_IGN);
	sigaction(SIGALRM, &sa, NULL);
	setrlimit(RLIMIT_FSIZE, &fsize);
	setrlimit(RLIMIT_NOFILE, &nofile);
	if (setitimer(ITIMER_REAL, &it, NULL) != 0)
		_exit(11);
}

static void fuzz_child(struct fuzz_log *log, const char *dir, uint32_t seed)
{
	char *scratch;
	void *hole = map_unmapped_page();

	fuzz_setup(dir);
	/* Scratch, then a PROT_NONE guard: copies that run off its end
	 * fault instead of landing in our other mappings. */
	scratch = mmap(NULL, SCRATCH + GUARD, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED ||
	    mprotect(scratch, SCRATCH, PROT_READ | PROT_WRITE) != 0)
		_exit(12);
	rng = seed;
	for (long i = 0; i < FUZZ_CALLS; ) {
		long a[6], nr = fuzz_nr();
		for (int j = 0; j < 6; j++)
			a[j] = fuzz_arg(scratch, hole);
		if (!fuzz_sanitize(nr, a, scratch))
			continue;
		if (i % 512 == 0)
			fill_scratch(scratch);
		log->iter = i;
		log->nr = nr;
		memcpy(log->args, a, sizeof(a));
		if (syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]) != -1)
			log->succeeded++;
		else if (errno == ENOSYS)
			log->enosys++;
		i++;
	}
	log->done = 1;
	_exit(0);
}

/* Remove a directory tree (the fuzzer's droppings), not following links. */
static void rm_tree(int parent, const char *name)
{
	char buf[4096];
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	long n;

	if (fd < 0) {
		unlinkat(parent, name, 0);
		return;
	}
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n; ) {
			struct { uint64_t ino; int64_t off; unsigned short
				 reclen; unsigned char type; char name[]; }
				*d = (void *)(buf + off);
			off += d->reclen;
			if (strcmp(d->name, ".") && strcmp(d->name, ".."))
				rm_tree(fd, d->name);
		}
	close(fd);
	unlinkat(parent, name, AT_REMOVEDIR);
}

/*
 * FUZZ_CALLS random system calls in a child.  The child must finish on its
 * own; afterwards the kernel must still fork.  The seed is fixed so a
 * failure replays; USERTESTS_FUZZ_SEED overrides it.
 */
static void fault_fuzz(void)
{
	struct fuzz_log *log = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	const char *env = getenv("USERTESTS_FUZZ_SEED");
	uint32_t seed = env ? strtoul(env, NULL, 0) : FUZZ_SEED;
	char dir[64];
	int st = 0;
	pid_t pid;

#ifndef __riscv
	return;		/* the skip list is written for riscv64 numbers */
#endif
	CHECK(log != MAP_FAILED);
	tmp_path(dir, sizeof(dir), "fuzz");
	CHECK_OK(mkdir(dir, 0700));
	pid = fork_or_fail();
	if (pid == 0)
		fuzz_child(log, dir, seed);
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 150000000000ull;
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (now_ns(CLOCK_MONOTONIC) > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			rm_tree(AT_FDCWD, dir);
			fail("seed %#x: stuck at call %ld: nr %ld (%#lx, %#lx, "
			     "%#lx, ...)", seed, log->iter, log->nr,
			     log->args[0], log->args[1], log->args[2]);
		}
		usleep(10000);
	}
	rm_tree(AT_FDCWD, dir);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !log->done)
		fail("seed %#x: fuzz child status %#x at call %ld: nr %ld "
		     "(%#lx, %#lx, %#lx, ...)", seed, st, log->iter, log->nr,
		     log->args[0], log->args[1], log->args[2]);
	/*
	 * Some calls must have succeeded, and a good part must have reached
	 * an implemented call. Linux answers ENOSYS to about a fifth of the
	 * numbers drawn; a kernel that does not have every family yet (shoal
	 * before its network stack) answers it to more, honestly.
	 */
	if (log->succeeded < FUZZ_CALLS / 100 || log->enosys > FUZZ_CALLS * 3 / 4)
		fail("seed %#x: only %ld calls succeeded, %ld were ENOSYS",
		     seed, log->succeeded, log->enosys);
	if (getenv("USERTESTS_VERBOSE"))
		fprintf(stderr, "fuzz: seed %#x, %d calls, %ld succeeded, "
			"%ld ENOSYS\n", seed, FUZZ_CALLS, log->succeeded,
			log->enosys);
	/* The kernel is still alive. */
	pid = fork_or_fail();
	if (pid == 0)
		_exit(0);
	wait_ok(pid);
}

const struct test fault_tests[] = {
	{ "fault_pointers", fault_pointers },
	{ "net_fault_pointers", net_fault_pointers },
	{ "fault_wait4", fault_wait4 },
	{ "fault_execve", fault_execve },
	{ "fault_partial", fault_partial },
	{ "fault_enosys", fault_enosys },
	{ "fault_fuzz", fault_fuzz, 200 },
	{ NULL, NULL },
};
