/*
 * Small ABI items: mmap of /dev/zero (private = anonymous memory, shared =
 * a shared anonymous object that fork shares).
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

const struct test abi3_tests[] = {
	{ "devzero_private", devzero_private },
	{ "devzero_shared", devzero_shared },
	{ "devzero_shared_offset", devzero_shared_offset },
	{ "devzero_shared_separate", devzero_shared_separate },
	{ "devzero_rdonly", devzero_rdonly },
	{ NULL, NULL },
};
