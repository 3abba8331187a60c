/*
 * Memory: anonymous and file mappings, munmap/mprotect faults, COW across
 * fork, large allocations, brk, mremap, shared anonymous memory, madvise,
 * and argument checking.
 */
#include "usertests.h"

#include <fcntl.h>
#include <sys/mman.h>

#define PG	4096

static void *map_anon(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		fail("mmap(%zu): errno %d", len, errno);
	return p;
}

/* Fresh anonymous memory is zero, writable and readable back. */
static void mm_anon_rw(void)
{
	char *p = map_anon(16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	CHECK(((uintptr_t)p & (PG - 1)) == 0);
	for (int i = 0; i < 16 * PG; i++)
		CHECK(p[i] == 0);
	for (int i = 0; i < 16 * PG; i++)
		p[i] = (char)(i * 7);
	for (int i = 0; i < 16 * PG; i++)
		CHECK(p[i] == (char)(i * 7));
	CHECK_OK(munmap(p, 16 * PG));
}

/* After munmap of the middle page, only that page faults. */
static void mm_munmap_fault(void)
{
	char *p = map_anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	p[0] = p[PG] = p[2 * PG] = 1;
	CHECK_OK(munmap(p + PG, PG));
	CHECK(!probe_read(p) && !probe_read(p + 2 * PG));
	CHECK(probe_read(p + PG));
	CHECK(probe_write(p + PG));
	CHECK(p[0] == 1 && p[2 * PG] == 1);
	CHECK_OK(munmap(p, 3 * PG));	/* unmapping a hole is fine */
	CHECK(probe_read(p));
}

/* PROT_READ: reads work, writes fault; PROT_NONE: both fault. */
static void mm_mprotect(void)
{
	char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	p[0] = 5;
	p[PG] = 6;
	CHECK_OK(mprotect(p, PG, PROT_READ));
	CHECK(!probe_read(p) && p[0] == 5);
	CHECK(probe_write(p));
	CHECK(!probe_write(p + PG));
	CHECK_OK(mprotect(p, 2 * PG, PROT_NONE));
	CHECK(probe_read(p) && probe_read(p + PG));
	CHECK_OK(mprotect(p, 2 * PG, PROT_READ | PROT_WRITE));
	CHECK(p[0] == 5 && p[PG] == 6);
	CHECK(!probe_write(p));
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);
	CHECK_OK(munmap(p, 2 * PG));
}

/* Copy-on-write: writes after fork are private to each side. */
static void mm_cow(void)
{
	enum { N = 64 };
	char *p = map_anon(N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	static int global = 10;
	int p2[2];
	char c;
	pid_t pid;

	for (int i = 0; i < N; i++)
		p[i * PG] = 'p';
	CHECK_OK(pipe(p2));
	pid = fork_or_fail();
	if (pid == 0) {
		for (int i = 0; i < N; i++)
			if (p[i * PG] != 'p')
				_exit(1);
		for (int i = 0; i < N; i += 2)
			p[i * PG] = 'c';
		global = 20;
		/* Wait until the parent has written its half. */
		if (read(p2[0], &c, 1) != 1)
			_exit(2);
		for (int i = 0; i < N; i++)
			if (p[i * PG] != (i % 2 ? 'p' : 'c'))
				_exit(3);
		_exit(global == 20 ? 0 : 4);
	}
	for (int i = 1; i < N; i += 2)
		p[i * PG] = 'P';
	CHECK(write(p2[1], "g", 1) == 1);
	wait_ok(pid);
	for (int i = 0; i < N; i++)
		CHECK(p[i * PG] == (i % 2 ? 'P' : 'p'));
	CHECK(global == 10);
}

/* 64 MiB of anonymous memory, every page touched and checked. */
static void mm_large(void)
{
	size_t len = 64ul << 20;
	char *p = map_anon(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	for (size_t i = 0; i < len; i += PG)
		p[i] = (char)(i >> 12);
	for (size_t i = 0; i < len; i += PG)
		if (p[i] != (char)(i >> 12))
			fail("page %zu lost its value", i >> 12);
	CHECK_OK(munmap(p, len));
}

/* brk grows (new memory is zero and usable) and shrinks. */
static void mm_brk(void)
{
	long start = syscall(SYS_brk, 0);
	long want = start + 64 * PG;
	char *p = (char *)start;

	CHECK(start > 0);
	CHECK(syscall(SYS_brk, want) == want);
	for (long i = 0; i < 64 * PG; i += PG) {
		CHECK(p[i] == 0);
		p[i] = 1;
	}
	CHECK(syscall(SYS_brk, start + PG) == start + PG);
	CHECK(!probe_read(p));
	CHECK(probe_read(p + 8 * PG));
	/* Growing again gives zeroed pages, not the old contents. */
	CHECK(syscall(SYS_brk, want) == want);
	CHECK(p[8 * PG] == 0);
	CHECK(syscall(SYS_brk, start) == start);
	/* An impossible request leaves the break where it was. */
	CHECK(syscall(SYS_brk, 1) == start);
}

/* mremap with MREMAP_MAYMOVE keeps the contents; shrinking unmaps. */
static void mm_mremap(void)
{
	char *p = map_anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *q;

	for (int i = 0; i < 4; i++)
		p[i * PG] = 'a' + i;
	/* Block growth in place so the kernel has to move it. */
	char *blocker = mmap(p + 4 * PG, PG, PROT_READ, MAP_PRIVATE |
			     MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	q = mremap(p, 4 * PG, 64 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	for (int i = 0; i < 4; i++)
		CHECK(q[i * PG] == 'a' + i);
	for (int i = 4; i < 64; i++)
		CHECK(q[i * PG] == 0);
	if (blocker != MAP_FAILED && blocker == p + 4 * PG)
		CHECK(q != p && probe_read(p));
	CHECK(mremap(q, 64 * PG, 2 * PG, 0) == q);
	CHECK(probe_read(q + 2 * PG));
	CHECK(q[PG] == 'b');
	CHECK_OK(munmap(q, 64 * PG));
	if (blocker != MAP_FAILED)
		munmap(blocker, PG);
}

/* MAP_SHARED|MAP_ANONYMOUS memory is shared with a forked child. */
static void mm_shared_anon(void)
{
	volatile int *p = map_anon(PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t pid;

	p[0] = 1;
	pid = fork_or_fail();
	if (pid == 0) {
		if (p[0] != 1)
			_exit(1);
		p[1] = 42;
		_exit(0);
	}
	wait_ok(pid);
	CHECK(p[1] == 42);
}

static int make_file(char *path, size_t len, const char *content)
{
	int fd;

	tmp_path(path, 64, "mmap");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, content, strlen(content)) == (ssize_t)strlen(content));
	CHECK_OK(ftruncate(fd, len));
	return fd;
}

/* MAP_PRIVATE of a file sees its content; private writes stay private. */
static void mm_file_private(void)
{
	char path[64], buf[8];
	int fd = make_file(path, 2 * PG, "filedata");
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		       0);

	CHECK(p != MAP_FAILED);
	CHECK(memcmp(p, "filedata", 8) == 0 && p[8] == 0 && p[PG] == 0);
	p[0] = 'X';
	CHECK(pread(fd, buf, 8, 0) == 8 && memcmp(buf, "filedata", 8) == 0);
	CHECK_OK(munmap(p, 2 * PG));
	close(fd);
	unlink(path);
}

/* MAP_SHARED writes are visible through read(), and vice versa. */
static void mm_file_shared(void)
{
	char path[64], buf[8];
	int fd = make_file(path, PG, "shared!!");
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);

	CHECK(p != MAP_FAILED);
	CHECK(memcmp(p, "shared!!", 8) == 0);
	memcpy(p, "SHARED", 6);
	CHECK(pread(fd, buf, 8, 0) == 8 && memcmp(buf, "SHARED!!", 8) == 0);
	CHECK(pwrite(fd, "w", 1, 100) == 1);
	CHECK(p[100] == 'w');
	/* Unlinked and closed, the mapping still works (iperf3 does this). */
	close(fd);
	unlink(path);
	p[200] = 'k';
	CHECK(p[200] == 'k' && p[0] == 'S');
	/* A page wholly beyond EOF is SIGBUS (probe catches it). */
	CHECK(probe_read(p + PG));
	CHECK_OK(munmap(p, 2 * PG));
}

/* MADV_DONTNEED on private anonymous memory zero-fills it. */
static void mm_dontneed(void)
{
	char *p = map_anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	memset(p, 0x5a, 4 * PG);
	CHECK_OK(madvise(p + PG, 2 * PG, MADV_DONTNEED));
	CHECK(p[0] == 0x5a && p[3 * PG] == 0x5a);
	for (int i = PG; i < 3 * PG; i++)
		CHECK(p[i] == 0);
	CHECK_OK(munmap(p, 4 * PG));
}

/* Bad mmap/munmap arguments are EINVAL (or EBADF for a bad fd). */
static void mm_bad_args(void)
{
	char *p = map_anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);		/* neither PRIVATE nor SHARED */
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1) ==
	      MAP_FAILED && errno == EINVAL);	/* unaligned offset */
	CHECK(mmap(p + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED, -1, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 9999, 0) == MAP_FAILED &&
	      errno == EBADF);
	CHECK_ERR(munmap(p + 1, PG), EINVAL);
	CHECK_ERR(munmap(p, 0), EINVAL);
	CHECK_OK(munmap(p, PG));
}

/* MAP_FIXED replaces an existing mapping at exactly that address. */
static void mm_fixed(void)
{
	char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *q;

	p[PG] = 9;
	q = mmap(p + PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PG);
	CHECK(q[0] == 0);
	CHECK_OK(munmap(p, 2 * PG));
}

const struct test mm_tests[] = {
	{ "mm_anon_rw", mm_anon_rw },
	{ "mm_munmap_fault", mm_munmap_fault },
	{ "mm_mprotect", mm_mprotect },
	{ "mm_cow", mm_cow },
	{ "mm_large", mm_large },
	{ "mm_brk", mm_brk },
	{ "mm_mremap", mm_mremap },
	{ "mm_shared_anon", mm_shared_anon },
	{ "mm_file_private", mm_file_private },
	{ "mm_file_shared", mm_file_shared },
	{ "mm_dontneed", mm_dontneed },
	{ "mm_bad_args", mm_bad_args },
	{ "mm_fixed", mm_fixed },
	{ NULL, NULL },
};
