/*
 * Small ABI items: mmap of /dev/zero (private = anonymous memory, shared =
 * a shared anonymous object that fork shares); riscv_hwprobe.
 */
#include "usertests.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

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

const struct test abi3_tests[] = {
	{ "devzero_private", devzero_private },
	{ "devzero_shared", devzero_shared },
	{ "devzero_shared_offset", devzero_shared_offset },
	{ "devzero_shared_separate", devzero_shared_separate },
	{ "devzero_rdonly", devzero_rdonly },
	{ "hwprobe_values", hwprobe_values },
	{ "hwprobe_errors", hwprobe_errors },
	{ "hwprobe_which_cpus", hwprobe_which_cpus },
	{ NULL, NULL },
};
