/*
 * Small ABI items: mmap of /dev/zero (private = anonymous memory, shared =
 * a shared anonymous object that fork shares); riscv_hwprobe; rseq.
 */
#include "usertests.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <pthread.h>

#define LEN	(3 * 4096)

static int all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* MAP_PRIVATE: zero pages, writable, the child's writes stay its own. */
static void devzero_private(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	char *p;
	pid_t pid;

	CHECK(fd >= 0);
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	close(fd);
	CHECK(all_zero(p, LEN));
	p[0] = 1;
	p[LEN - 1] = 2;
	pid = fork_or_fail();
	if (pid == 0) {
		if (p[0] != 1 || p[LEN - 1] != 2)
			_exit(2);
		p[4096] = 9;
		_exit(0);
	}
	CHECK(wait_exit(pid) == 0);
	CHECK(p[4096] == 0);
	CHECK_OK(munmap(p, LEN));
}

/* MAP_SHARED: what the child writes the parent sees, both ways. */
static void devzero_shared(void)
{
	int fd = open("/dev/zero", O_RDWR);
	volatile char *p;
	pid_t pid;

	CHECK(fd >= 0);
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(all_zero((const char *)p, LEN));
	p[0] = 5;
	pid = fork_or_fail();
	if (pid == 0) {
		if (p[0] != 5)
			_exit(2);
		p[4096] = 7;
		p[LEN - 1] = 8;
		_exit(0);
	}
	CHECK(wait_exit(pid) == 0);
	CHECK(p[4096] == 7 && p[LEN - 1] == 8);
	CHECK_OK(munmap((void *)p, LEN));
	close(fd);
}

/* With an offset, as on Linux: the object is the mapping's size, so the
 * last page of a 3-page mapping at offset 1 page is beyond its end. */
static void devzero_shared_offset(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *p;

	CHECK(fd >= 0);
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	CHECK(p != MAP_FAILED);
	CHECK(probe_read(p) == 0 && probe_read(p + 4096) == 0);
	CHECK(p[0] == 0);
	CHECK(probe_read(p + 2 * 4096) != 0);
	close(fd);
}

/* Two separate MAP_SHARED mappings of /dev/zero are separate objects. */
static void devzero_shared_separate(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *a, *b;

	CHECK(fd >= 0);
	a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(a != MAP_FAILED && b != MAP_FAILED && a != b);
	a[0] = 1;
	CHECK(b[0] == 0);
	close(fd);
}

/* A read-only open: private writable is fine, shared writable is EACCES. */
static void devzero_rdonly(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	char *p;

	CHECK(fd >= 0);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	CHECK(errno == EACCES);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED && p[0] == 0);
	close(fd);
}

struct hwprobe_pair { int64_t key; uint64_t value; };

static long hwprobe(struct hwprobe_pair *p, long n, long setsize, void *cpus, long flags)
{
	return syscall(258 /* __NR_riscv_hwprobe: musl 1.2.5 has no name */, p, n, setsize, cpus, flags);
}

/* Values for every CPU (NULL/0) and for a set; unknown keys come back as
 * -1; what every riscv64 Linux system here has: IMA, F+D and C. */
static void hwprobe_values(void)
{
	struct hwprobe_pair p[] = {
		{ 3, 7 }, { 4, 7 }, { 8, 7 }, { 7, 7 }, { 12345, 7 }, { -5, 7 },
	};
	unsigned long set = 0;

	CHECK(hwprobe(p, 6, 0, NULL, 0) == 0);
	CHECK(p[0].key == 3 && p[0].value == 1);               /* BASE_BEHAVIOR_IMA */
	CHECK(p[1].key == 4 && (p[1].value & 3) == 3);         /* IMA_FD, IMA_C */
	CHECK(p[2].key == 8 && p[2].value > 0);                /* TIME_CSR_FREQ */
	CHECK(p[3].key == 7 && p[3].value > 0xffffffffUL);     /* HIGHEST_VIRT_ADDRESS */
	CHECK(p[4].key == -1 && p[4].value == 0);
	CHECK(p[5].key == -1 && p[5].value == 0);
	CHECK(hwprobe(p, 0, 0, NULL, 0) == 0);

	for (int i = 0; i < ncpus && cpus[i] < 64; i++)
		set |= 1UL << cpus[i];
	p[0] = (struct hwprobe_pair){ 4, 0 };
	CHECK(hwprobe(p, 1, sizeof(set), &set, 0) == 0);
	CHECK((p[0].value & 3) == 3);
}

static void hwprobe_errors(void)
{
	struct hwprobe_pair p = { 3, 0 };
	unsigned long none = 0;

	CHECK_ERR(hwprobe(&p, 1, 0, NULL, 4), EINVAL);         /* unknown flag */
	CHECK_ERR(hwprobe(&p, 1, sizeof(none), &none, 0), EINVAL);  /* no CPU */
	CHECK_ERR(hwprobe(&p, 1, 8, NULL, 0), EFAULT);
	CHECK_ERR(hwprobe((void *)-4096L, 1, 0, NULL, 0), EFAULT);
	CHECK_ERR(hwprobe(&p, 1, 0, NULL, 1), EINVAL);         /* WHICH_CPUS needs a set */
}

/* RISCV_HWPROBE_WHICH_CPUS: the CPUs that have everything asked for. */
static void hwprobe_which_cpus(void)
{
	struct hwprobe_pair p[2] = { { 3, 1 }, { 4, 3 } };
	unsigned long set = 0, all = 0;

	for (int i = 0; i < ncpus && cpus[i] < 64; i++)
		all |= 1UL << cpus[i];
	set = all;
	CHECK(hwprobe(p, 2, sizeof(set), &set, 1) == 0);
	CHECK(set == all);
	set = 0;                                                /* empty = all online */
	CHECK(hwprobe(p, 2, sizeof(set), &set, 1) == 0);
	CHECK((set & all) == all);
	p[1].value = 1UL << 63;                                 /* nobody has that */
	set = all;
	CHECK(hwprobe(p, 2, sizeof(set), &set, 1) == 0);
	CHECK(set == 0);
	p[1] = (struct hwprobe_pair){ 999, 0 };                 /* unknown key: none */
	set = all;
	CHECK(hwprobe(p, 2, sizeof(set), &set, 1) == 0);
	CHECK(set == 0 && p[1].key == -1);
}

/* Linux's struct rseq, and librseq's riscv signature (an instruction
 * that traps, so the word before an abort handler is never run). */
struct ut_rseq {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags, node_id, mm_cid;
} __attribute__((aligned(32)));

#define UT_RSEQ_SIG	0xf1401073u
#define AT_RSEQ_FEATURE_SIZE_	27
#define AT_RSEQ_ALIGN_		28

static long rseq_(void *r, uint32_t len, int flags, uint32_t sig)
{
	return syscall(SYS_rseq, r, len, flags, sig);
}

static void rseq_register(void)
{
	static struct ut_rseq rs, other;
	static char raw[96] __attribute__((aligned(32)));
	unsigned cpu;

	CHECK(getauxval(AT_RSEQ_FEATURE_SIZE_) >= 20);
	CHECK(getauxval(AT_RSEQ_ALIGN_) == 32);
	CHECK_ERR(rseq_(&rs, 16, 0, UT_RSEQ_SIG), EINVAL);             /* too short */
	CHECK_ERR(rseq_(raw + 8, 32, 0, UT_RSEQ_SIG), EINVAL);         /* misaligned */
	CHECK_ERR(rseq_(&rs, 32, 2, UT_RSEQ_SIG), EINVAL);             /* unknown flag */
	CHECK_ERR(rseq_((void *)-4096L, 32, 0, UT_RSEQ_SIG), EFAULT);
	CHECK_ERR(rseq_(&rs, 32, 1, UT_RSEQ_SIG), EINVAL);             /* nothing registered */

	rs.cpu_id = 12345;
	CHECK(rseq_(&rs, 32, 0, UT_RSEQ_SIG) == 0);
	CHECK(rsys(SYS_getcpu, (long)&cpu, 0, 0, 0, 0, 0) == 0);
	CHECK(rs.cpu_id_start == rs.cpu_id);
	CHECK(rs.cpu_id < MAX_CPUS);
	CHECK_ERR(rseq_(&rs, 32, 0, UT_RSEQ_SIG), EBUSY);
	CHECK_ERR(rseq_(&rs, 32, 0, UT_RSEQ_SIG + 1), EPERM);
	CHECK_ERR(rseq_(&other, 32, 0, UT_RSEQ_SIG), EINVAL);

	CHECK_ERR(rseq_(&other, 32, 1, UT_RSEQ_SIG), EINVAL);          /* not ours */
	CHECK_ERR(rseq_(&rs, 32, 1, UT_RSEQ_SIG + 1), EPERM);
	CHECK_ERR(rseq_(&rs, 32, 3, UT_RSEQ_SIG), EINVAL);
	CHECK(rseq_(&rs, 32, 1, UT_RSEQ_SIG) == 0);
	CHECK(rs.cpu_id == (uint32_t)-1);                               /* UNINITIALIZED */
	CHECK(rseq_(&other, 32, 0, UT_RSEQ_SIG) == 0);                 /* free again */
}

/* cpu_id follows the thread from CPU to CPU. */
static void rseq_cpu_id(void)
{
	static struct ut_rseq rs;

	CHECK(rseq_(&rs, 32, 0, UT_RSEQ_SIG) == 0);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < ncpus; i++) {
			unsigned cpu = ~0u;
			pin_self(cpus[i]);
			CHECK(rsys(SYS_getcpu, (long)&cpu, 0, 0, 0, 0, 0) == 0);
			if (rs.cpu_id != (uint32_t)cpus[i] || rs.cpu_id_start != rs.cpu_id ||
			    cpu != rs.cpu_id)
				fail("pinned to %d: rseq cpu_id %u start %u, getcpu %u", cpus[i],
				     rs.cpu_id, rs.cpu_id_start, cpu);
			CHECK(rs.node_id == 0);
		}
	}
}

static volatile int alarm_seen;

static void alarm_handler(int sig)
{
	(void)sig;
	alarm_seen = 1;
}

/*
 * A critical section that spins until alarm_seen: a signal delivered while
 * the thread is inside sends it to the abort handler (result 2); coming
 * out through the end of the section (result 1) means no abort happened.
 */
static int rseq_spin_section(struct ut_rseq *rs, volatile int *flag)
{
	long res;

	__asm__ __volatile__(
		"	.pushsection .data.rseq_cs, \"aw\"\n"
		"	.balign 32\n"
		"9:	.long 0, 0\n"
		"	.quad 2f, 3f - 2f, 4f\n"
		"	.popsection\n"
		"	lla t0, 9b\n"
		"	sd t0, 8(%[rs])\n"
		"2:	lw t1, 0(%[flag])\n"
		"	beqz t1, 2b\n"
		"3:	li %[res], 1\n"
		"	j 5f\n"
		"	.long 0xf1401073\n"
		"4:	li %[res], 2\n"
		"5:\n"
		: [res] "=&r"(res)
		: [rs] "r"(rs), [flag] "r"(flag)
		: "t0", "t1", "memory");
	return (int)res;
}

static void rseq_abort_on_signal(void)
{
	static struct ut_rseq rs;
	struct sigaction sa = { .sa_handler = alarm_handler };
	struct itimerval it = { .it_value = { 0, 20000 } };

	CHECK(rseq_(&rs, 32, 0, UT_RSEQ_SIG) == 0);
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	alarm_seen = 0;
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	/* a preemption or a move aborts the section too (Linux): go in again
	 * until the signal came; every exit must be an abort */
	do
		CHECK(rseq_spin_section(&rs, &alarm_seen) == 2);
	while (!alarm_seen);
	CHECK(rs.rseq_cs == 0);                 /* the kernel cleared it */
}

static volatile int busy_stop, never_set;

static void *busy_thread(void *arg)
{
	pin_self((int)(long)arg);
	while (!busy_stop)
		;
	return NULL;
}

/* Two busy threads on one CPU: the scheduler switches the one inside the
 * section out sooner or later, and it comes back at the abort handler
 * (the section itself never ends: only an abort leaves it). */
static void rseq_abort_on_preempt(void)
{
	static struct ut_rseq rs;
	pthread_t th;

	pin_self(cpus[0]);
	CHECK(rseq_(&rs, 32, 0, UT_RSEQ_SIG) == 0);
	busy_stop = 0;
	CHECK(pthread_create(&th, NULL, busy_thread, (void *)(long)cpus[0]) == 0);
	CHECK(rseq_spin_section(&rs, &never_set) == 2);
	busy_stop = 1;
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(rs.rseq_cs == 0);
}

static void *rseq_thread(void *arg)
{
	static struct ut_rseq rs2;

	(void)arg;
	/* a new thread has no registration of its own yet */
	if (rseq_(&rs2, 32, 0, UT_RSEQ_SIG) != 0)
		return (void *)1;
	return rs2.cpu_id < MAX_CPUS ? NULL : (void *)2;
}

/* fork keeps the registration; a new thread starts without one. */
static void rseq_fork_thread(void)
{
	static struct ut_rseq rs;
	pthread_t th;
	void *ret;
	pid_t pid;

	CHECK(rseq_(&rs, 32, 0, UT_RSEQ_SIG) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		errno = 0;
		if (rseq_(&rs, 32, 0, UT_RSEQ_SIG) != -1 || errno != EBUSY)
			_exit(2);
		_exit(rs.cpu_id < MAX_CPUS ? 0 : 3);
	}
	CHECK(wait_exit(pid) == 0);
	CHECK(pthread_create(&th, NULL, rseq_thread, NULL) == 0);
	CHECK(pthread_join(th, &ret) == 0);
	CHECK(ret == NULL);
}

const struct test abi3_tests[] = {
	{ "devzero_private", devzero_private },
	{ "devzero_shared", devzero_shared },
	{ "devzero_shared_offset", devzero_shared_offset },
	{ "devzero_shared_separate", devzero_shared_separate },
	{ "devzero_rdonly", devzero_rdonly },
	{ "hwprobe_values", hwprobe_values },
	{ "hwprobe_errors", hwprobe_errors },
	{ "hwprobe_which_cpus", hwprobe_which_cpus },
	{ "rseq_register", rseq_register },
	{ "rseq_cpu_id", rseq_cpu_id },
	{ "rseq_abort_on_signal", rseq_abort_on_signal },
	{ "rseq_abort_on_preempt", rseq_abort_on_preempt },
	{ "rseq_fork_thread", rseq_fork_thread },
	{ NULL, NULL },
};
