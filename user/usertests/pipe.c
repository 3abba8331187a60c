/*
 * Pipes and file descriptors: data, EOF, EPIPE/SIGPIPE, O_NONBLOCK, a large
 * checksummed transfer, PIPE_BUF atomicity, pipe2 flags, dup/dup3/fcntl.
 */
#include "usertests.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>

static void write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t r = write(fd, p, n);
		if (r <= 0)
			fail("write: %zd errno %d", r, errno);
		p += r;
		n -= r;
	}
}

/* Data from child to parent, then EOF when the only writer closes. */
static void pipe_basic(void)
{
	char buf[32];
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		close(p[0]);
		write_all(p[1], "hello pipe", 10);
		_exit(0);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while ((r = read(p[0], buf + n, sizeof(buf) - n)) > 0)
		n += r;
	CHECK(r == 0);
	CHECK(n == 10 && memcmp(buf, "hello pipe", 10) == 0);
	wait_ok(pid);
}

/* EOF only once every copy of the write end is closed. */
static void pipe_eof(void)
{
	int p[2], extra;
	char c;

	CHECK_OK(pipe(p));
	extra = dup(p[1]);
	CHECK(extra >= 0);
	close(p[1]);
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);	/* a writer remains */
	close(extra);
	CHECK(read(p[0], &c, 1) == 0);
}

/* Write with no reader: SIGPIPE kills; if ignored, EPIPE. */
static void pipe_epipe(void)
{
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	close(p[0]);
	pid = fork_or_fail();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	int st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
}

/* O_NONBLOCK: an empty pipe reads EAGAIN, a full one writes EAGAIN. */
static void pipe_nonblock(void)
{
	static char buf[4096];
	long total = 0;
	ssize_t r;
	int p[2];

	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	while ((r = write(p[1], buf, sizeof(buf))) > 0)
		total += r;
	CHECK(r == -1 && errno == EAGAIN);
	CHECK(total >= 4096);
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	CHECK(read(p[0], buf, sizeof(buf)) == sizeof(buf));
	CHECK(write(p[1], buf, 1) == 1);
}

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* 1 MiB of pseudo-random data in odd-sized writes, checksummed. */
static void pipe_1mib(void)
{
	enum { TOTAL = 1 << 20 };
	static uint32_t buf[1000];
	uint32_t seed = 12345, sum = 0, want = 0;
	long got = 0;
	ssize_t r;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		close(p[0]);
		for (long sent = 0; sent < TOTAL; ) {
			long n = TOTAL - sent < 3999 ? TOTAL - sent : 3999;
			for (long i = 0; i < (n + 3) / 4; i++)
				buf[i] = xorshift(&seed);
			write_all(p[1], buf, n);
			sent += n;
		}
		_exit(0);
	}
	close(p[1]);
	/* The same stream: 3999-byte chunks of xorshift words. */
	for (long sent = 0; sent < TOTAL; ) {
		long n = TOTAL - sent < 3999 ? TOTAL - sent : 3999;
		for (long i = 0; i < (n + 3) / 4; i++)
			buf[i] = xorshift(&seed);
		for (long i = 0; i < n; i++)
			want = want * 31 + ((unsigned char *)buf)[i];
		sent += n;
	}
	while ((r = read(p[0], buf, sizeof(buf))) > 0) {
		for (long i = 0; i < r; i++)
			sum = sum * 31 + ((unsigned char *)buf)[i];
		got += r;
	}
	CHECK(r == 0);
	CHECK(got == TOTAL);
	CHECK(sum == want);
	wait_ok(pid);
}

/* Writes of at most PIPE_BUF bytes from several writers never interleave. */
static void pipe_atomic(void)
{
	enum { WRITERS = 4, RECS = 500, RECLEN = 512 };
	char rec[RECLEN];
	int p[2], count[WRITERS] = { 0 };
	pid_t pids[WRITERS];

	CHECK_OK(pipe(p));
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork_or_fail();
		if (pids[w] == 0) {
			close(p[0]);
			memset(rec, 'a' + w, RECLEN);
			for (int i = 0; i < RECS; i++)
				if (write(p[1], rec, RECLEN) != RECLEN)
					_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	for (;;) {
		size_t n = 0;
		ssize_t r = 0;
		while (n < RECLEN && (r = read(p[0], rec + n, RECLEN - n)) > 0)
			n += r;
		if (n == 0)
			break;
		CHECK(n == RECLEN);
		int w = rec[0] - 'a';
		CHECK(w >= 0 && w < WRITERS);
		for (int i = 0; i < RECLEN; i++)
			if (rec[i] != rec[0])
				fail("record from writer %d interleaved", w);
		count[w]++;
	}
	for (int w = 0; w < WRITERS; w++) {
		wait_ok(pids[w]);
		CHECK(count[w] == RECS);
	}
}

/* pipe2 flags are visible through fcntl. */
static void pipe2_flags(void)
{
	int p[2];

	CHECK_OK(pipe2(p, O_CLOEXEC));
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(p[1], F_GETFD) == FD_CLOEXEC);
	CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) == 0);
	close(p[0]);
	close(p[1]);
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK(fcntl(p[0], F_GETFD) == 0);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
	CHECK_ERR(pipe2(p, 0x12345678), EINVAL);
}

/* dup takes the lowest free fd; dup3/F_DUPFD* set or clear cloexec. */
static void dup_family(void)
{
	int p[2], fd;
	char c;

	CHECK_OK(pipe(p));
	close(0);
	CHECK(dup(p[1]) == 0);
	CHECK(write(0, "z", 1) == 1);
	CHECK(read(p[0], &c, 1) == 1 && c == 'z');
	CHECK(dup3(p[1], 40, O_CLOEXEC) == 40);
	CHECK(fcntl(40, F_GETFD) == FD_CLOEXEC);
	CHECK(dup2(p[1], 40) == 40);	/* dup2 clears cloexec */
	CHECK(fcntl(40, F_GETFD) == 0);
	CHECK_ERR(dup3(p[1], p[1], 0), EINVAL);
	CHECK(dup2(p[1], p[1]) == p[1]);
	fd = fcntl(p[1], F_DUPFD, 50);
	CHECK(fd >= 50 && fcntl(fd, F_GETFD) == 0);
	fd = fcntl(p[1], F_DUPFD_CLOEXEC, 50);
	CHECK(fd > 50 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK_ERR(dup(1000000), EBADF);
	CHECK_ERR(fcntl(p[1], F_DUPFD, -1), EINVAL);
	CHECK_OK(fcntl(fd, F_SETFD, 0));
	CHECK(fcntl(fd, F_GETFD) == 0);
	CHECK_OK(close(fd));
	CHECK_ERR(close(fd), EBADF);
}

/* F_SETFL toggles O_NONBLOCK; it is shared by dup'ed descriptors. */
static void fcntl_setfl(void)
{
	int p[2], d;
	char c;

	CHECK_OK(pipe(p));
	d = dup(p[0]);
	CHECK_OK(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK));
	CHECK(fcntl(d, F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(d, &c, 1), EAGAIN);
	CHECK_OK(fcntl(p[0], F_SETFL, 0));
	CHECK((fcntl(d, F_GETFL) & O_NONBLOCK) == 0);
	CHECK(write(p[1], "q", 1) == 1);
	CHECK(read(d, &c, 1) == 1 && c == 'q');
}

const struct test pipe_tests[] = {
	{ "pipe_basic", pipe_basic },
	{ "pipe_eof", pipe_eof },
	{ "pipe_epipe", pipe_epipe },
	{ "pipe_nonblock", pipe_nonblock },
	{ "pipe_1mib", pipe_1mib },
	{ "pipe_atomic", pipe_atomic },
	{ "pipe2_flags", pipe2_flags },
	{ "dup_family", dup_family },
	{ "fcntl_setfl", fcntl_setfl },
	{ NULL, NULL },
};
