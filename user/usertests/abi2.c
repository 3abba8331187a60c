/*
 * More of the Linux file and process ABI: preadv2/pwritev2 and their
 * RWF_* flags, fadvise64 and readahead, copy_file_range, splice, tee and
 * vmsplice, openat2, pidfd_open, pidfd_send_signal and process_mrelease.
 *
 * Calls go through syscall() so that libc neither emulates nor checks
 * anything first. Files live in /tmp (one tmpfs, so copy_file_range
 * between them is within one file system, as Linux requires).
 */
#include "usertests.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>

#ifndef RWF_HIPRI
#define RWF_HIPRI	0x01
#define RWF_DSYNC	0x02
#define RWF_SYNC	0x04
#define RWF_NOWAIT	0x08
#define RWF_APPEND	0x10
#endif
#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND	0x20
#endif
#define RWF_UNKNOWN	0x40000000	/* no such flag */

#define BAD_PTR		((void *)-4096L)	/* outside user space */

static long preadv2_(int fd, const struct iovec *iov, int n, off_t off, int flags)
{
	return syscall(SYS_preadv2, fd, iov, n, off, 0, flags);
}

static long pwritev2_(int fd, const struct iovec *iov, int n, off_t off, int flags)
{
	return syscall(SYS_pwritev2, fd, iov, n, off, 0, flags);
}

/* A new /tmp file named @name holding @data; its path in @path. */
static int tmp_file(char *path, size_t len, const char *name, const char *data, int flags)
{
	int fd;

	tmp_path(path, len, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | flags, 0600);
	CHECK(fd >= 0);
	if (data)
		CHECK(pwrite(fd, data, strlen(data), 0) == (ssize_t)strlen(data));
	return fd;
}

static off_t file_size(int fd)
{
	struct stat st;

	CHECK_OK(fstat(fd, &st));
	return st.st_size;
}

/* ------------------------------------------------------ preadv2/pwritev2 */

/* An offset reads there and leaves the position; -1 reads at the position and moves it. */
static void abi2_preadv2_offset(void)
{
	char path[64], a[3], b[4];
	struct iovec iov[2] = { { a, 3 }, { b, 4 } };
	int fd = tmp_file(path, sizeof(path), "prv2", "0123456789", 0);

	CHECK(preadv2_(fd, iov, 2, 2, 0) == 7);
	CHECK(memcmp(a, "234", 3) == 0 && memcmp(b, "5678", 4) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(lseek(fd, 1, SEEK_SET) == 1);
	CHECK(preadv2_(fd, iov, 1, -1, 0) == 3 && memcmp(a, "123", 3) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	CHECK_ERR(preadv2_(fd, iov, 1, -2, 0), EINVAL);
	/* preadv (no 2) takes no -1 */
	CHECK_ERR(syscall(SYS_preadv, fd, iov, 1, -1L, 0), EINVAL);
	CHECK(preadv2_(fd, iov, 2, 8, 0) == 2 && memcmp(a, "89", 2) == 0);
	CHECK(preadv2_(fd, iov, 2, 100, 0) == 0);
	close(fd);
	unlink(path);
}

/* HIPRI, DSYNC and SYNC are accepted; unknown flags EOPNOTSUPP; APPEND with NOAPPEND EINVAL. */
static void abi2_rwf_flags(void)
{
	char path[64], buf[4];
	struct iovec in = { buf, 4 }, out = { "wxyz", 4 };
	int fd = tmp_file(path, sizeof(path), "rwf", "0123456789", 0);

	CHECK(pwritev2_(fd, &out, 1, 0, RWF_HIPRI | RWF_DSYNC | RWF_SYNC) == 4);
	CHECK(preadv2_(fd, &in, 1, 0, RWF_HIPRI) == 4 && memcmp(buf, "wxyz", 4) == 0);
	CHECK_ERR(preadv2_(fd, &in, 1, 0, RWF_NOWAIT), EOPNOTSUPP);	/* tmpfs: no FMODE_NOWAIT */
	CHECK_ERR(preadv2_(fd, &in, 1, 0, RWF_UNKNOWN), EOPNOTSUPP);
	CHECK_ERR(pwritev2_(fd, &out, 1, 0, RWF_UNKNOWN), EOPNOTSUPP);
	CHECK_ERR(pwritev2_(fd, &out, 1, 0, RWF_APPEND | RWF_NOAPPEND), EINVAL);
	CHECK_ERR(preadv2_(-1, &in, 1, 0, 0), EBADF);
	CHECK_ERR(preadv2_(fd, BAD_PTR, 1, 0, 0), EFAULT);
	CHECK_ERR(pwritev2_(fd, &out, 1, -5, 0), EINVAL);
	close(fd);
	unlink(path);
}

/* RWF_APPEND appends whatever the offset; RWF_NOAPPEND writes at the offset of an O_APPEND file. */
static void abi2_rwf_append(void)
{
	char path[64], buf[16];
	struct iovec out = { "ab", 2 };
	int fd = tmp_file(path, sizeof(path), "rwfa", "0123456789", 0);

	CHECK(pwritev2_(fd, &out, 1, 0, RWF_APPEND) == 2);
	CHECK(file_size(fd) == 12);
	CHECK(pread(fd, buf, 16, 0) == 12 && memcmp(buf, "0123456789ab", 12) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	close(fd);

	fd = open(path, O_RDWR | O_APPEND);
	CHECK(fd >= 0);
	CHECK(pwritev2_(fd, &out, 1, 1, RWF_NOAPPEND) == 2);
	CHECK(file_size(fd) == 12);
	CHECK(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "0ab3", 4) == 0);
	close(fd);
	unlink(path);
}

/* Pipes: offsets ESPIPE, -1 works, RWF_NOWAIT fails with EAGAIN where a blocking pipe would wait. */
static void abi2_rwf_nowait_pipe(void)
{
	static char big[4096];
	struct iovec in, out = { big, sizeof(big) };
	char c;
	int p[2], i;
	long r = 0;

	CHECK_OK(pipe(p));
	in.iov_base = &c;
	in.iov_len = 1;
	CHECK_ERR(preadv2_(p[0], &in, 1, 0, 0), ESPIPE);
	CHECK_ERR(preadv2_(p[0], &in, 1, 0, RWF_NOWAIT), ESPIPE);
	CHECK_ERR(preadv2_(p[0], &in, 1, -1, RWF_NOWAIT), EAGAIN);
	CHECK(pwritev2_(p[1], &out, 1, -1, RWF_NOWAIT) == (long)sizeof(big));
	CHECK(preadv2_(p[0], &in, 1, -1, RWF_NOWAIT) == 1);
	/* fill it: bounded by far more than any pipe holds */
	for (i = 0; i < 1024; i++) {
		r = pwritev2_(p[1], &out, 1, -1, RWF_NOWAIT);
		if (r < 0)
			break;
	}
	CHECK(r == -1 && errno == EAGAIN);
	/* the descriptor itself stayed blocking */
	CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) == 0);
	close(p[0]);
	close(p[1]);
}

static void abi2_rwf_nowait_socket(void)
{
	struct iovec in, out = { "hi", 2 };
	char buf[4];
	int sv[2];

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	in.iov_base = buf;
	in.iov_len = sizeof(buf);
	CHECK_ERR(preadv2_(sv[0], &in, 1, -1, RWF_NOWAIT), EAGAIN);
	CHECK(pwritev2_(sv[1], &out, 1, -1, RWF_NOWAIT) == 2);
	CHECK(preadv2_(sv[0], &in, 1, -1, RWF_NOWAIT) == 2 && memcmp(buf, "hi", 2) == 0);
	CHECK_ERR(preadv2_(sv[0], &in, 1, 0, 0), ESPIPE);
	close(sv[0]);
	close(sv[1]);
}

/* ------------------------------------------------------ fadvise64, readahead */

static void abi2_fadvise(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "fadv", "data", 0), p[2], a;

	for (a = 0; a <= 5; a++)
		CHECK(syscall(SYS_fadvise64, fd, 0L, 4096L, a) == 0);
	CHECK(syscall(SYS_fadvise64, fd, 0L, 0L, 3) == 0);
	CHECK_ERR(syscall(SYS_fadvise64, fd, 0L, 4096L, 6), EINVAL);
	CHECK_ERR(syscall(SYS_fadvise64, fd, 0L, -1L, 0), EINVAL);
	CHECK_ERR(syscall(SYS_fadvise64, -1, 0L, 0L, 0), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(syscall(SYS_fadvise64, p[0], 0L, 0L, 0), ESPIPE);
	CHECK(read(fd, path, 0) == 0);
	close(p[0]);
	close(p[1]);
	tmp_path(path, sizeof(path), "fadv");
	close(fd);
	unlink(path);
}

static void abi2_readahead(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "rdah", "data", 0), p[2], wo, dir;

	CHECK(syscall(SYS_readahead, fd, 0L, 65536L) == 0);
	CHECK_ERR(syscall(SYS_readahead, -1, 0L, 1L), EBADF);
	wo = open(path, O_WRONLY);
	CHECK(wo >= 0);
	CHECK_ERR(syscall(SYS_readahead, wo, 0L, 1L), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(syscall(SYS_readahead, p[0], 0L, 1L), EINVAL);
	dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(dir >= 0);
	CHECK_ERR(syscall(SYS_readahead, dir, 0L, 1L), EINVAL);
	close(dir);
	close(p[0]);
	close(p[1]);
	close(wo);
	close(fd);
	unlink(path);
}

/* ------------------------------------------------------ copy_file_range */

static long cfr(int in, loff_t *oin, int out, loff_t *oout, size_t len, unsigned int flags)
{
	return syscall(SYS_copy_file_range, in, oin, out, oout, len, flags);
}

/* Offsets by pointer are updated, file positions are not; positions without them. */
static void abi2_copy_file_range(void)
{
	char pa[64], pb[64], buf[32];
	int a = tmp_file(pa, sizeof(pa), "cfra", "0123456789", 0);
	int b = tmp_file(pb, sizeof(pb), "cfrb", NULL, 0);
	loff_t oi = 2, oo = 0;

	CHECK(cfr(a, &oi, b, &oo, 5, 0) == 5);
	CHECK(oi == 7 && oo == 5);
	CHECK(lseek(a, 0, SEEK_CUR) == 0 && lseek(b, 0, SEEK_CUR) == 0);
	CHECK(pread(b, buf, sizeof(buf), 0) == 5 && memcmp(buf, "23456", 5) == 0);
	/* positions: a at 8, b at 5; a copy past EOF is short */
	CHECK(lseek(a, 8, SEEK_SET) == 8 && lseek(b, 5, SEEK_SET) == 5);
	CHECK(cfr(a, NULL, b, NULL, 100, 0) == 2);
	CHECK(lseek(a, 0, SEEK_CUR) == 10 && lseek(b, 0, SEEK_CUR) == 7);
	CHECK(pread(b, buf, sizeof(buf), 0) == 7 && memcmp(buf, "2345689", 7) == 0);
	CHECK(cfr(a, NULL, b, NULL, 100, 0) == 0);	/* at EOF */
	oi = 0;
	CHECK(cfr(a, &oi, b, NULL, 0, 0) == 0);
	/* within one file, ranges that do not overlap */
	oi = 0;
	oo = 20;
	CHECK(cfr(a, &oi, a, &oo, 4, 0) == 4);
	CHECK(file_size(a) == 24);
	CHECK(pread(a, buf, 4, 20) == 4 && memcmp(buf, "0123", 4) == 0);
	close(a);
	close(b);
	unlink(pa);
	unlink(pb);
}

static void abi2_copy_file_range_errors(void)
{
	char pa[64], pb[64];
	int a = tmp_file(pa, sizeof(pa), "cfea", "0123456789", 0);
	int b = tmp_file(pb, sizeof(pb), "cfeb", NULL, 0);
	int ro, ap, p[2], dir;
	loff_t oi = 0, oo = 4, neg = -1;

	CHECK_ERR(cfr(a, NULL, b, NULL, 4, 1), EINVAL);
	CHECK_ERR(cfr(-1, NULL, b, NULL, 4, 0), EBADF);
	CHECK_ERR(cfr(a, NULL, -1, NULL, 4, 0), EBADF);
	CHECK_ERR(cfr(a, &oi, a, &oo, 8, 0), EINVAL);		/* overlap */
	CHECK_ERR(cfr(a, BAD_PTR, b, NULL, 4, 0), EFAULT);
	CHECK_ERR(cfr(a, &neg, b, NULL, 4, 0), EOVERFLOW);	/* wraps as unsigned */
	CHECK_ERR(cfr(a, &neg, b, NULL, 0, 0), EINVAL);
	ro = open(pb, O_RDONLY);
	CHECK(ro >= 0);
	CHECK_ERR(cfr(a, NULL, ro, NULL, 4, 0), EBADF);		/* destination not writable */
	ap = open(pb, O_WRONLY | O_APPEND);
	CHECK(ap >= 0);
	CHECK_ERR(cfr(a, NULL, ap, NULL, 4, 0), EBADF);		/* O_APPEND destination */
	CHECK_OK(pipe(p));
	CHECK_ERR(cfr(p[0], NULL, b, NULL, 4, 0), EINVAL);
	CHECK_ERR(cfr(a, NULL, p[1], NULL, 4, 0), EINVAL);
	dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(dir >= 0);
	CHECK_ERR(cfr(dir, NULL, b, NULL, 4, 0), EISDIR);
	close(dir);
	close(p[0]);
	close(p[1]);
	close(ap);
	close(ro);
	close(a);
	close(b);
	unlink(pa);
	unlink(pb);
}

/* ------------------------------------------------------ splice, tee, vmsplice */

#ifndef SPLICE_F_NONBLOCK
#define SPLICE_F_MOVE		0x01
#define SPLICE_F_NONBLOCK	0x02
#define SPLICE_F_MORE		0x04
#endif

static long splice_(int in, loff_t *oin, int out, loff_t *oout, size_t len, unsigned int fl)
{
	return syscall(SYS_splice, in, oin, out, oout, len, fl);
}

static long tee_(int in, int out, size_t len, unsigned int fl)
{
	return syscall(SYS_tee, in, out, len, fl);
}

static long vmsplice_(int fd, const struct iovec *iov, unsigned long n, unsigned int fl)
{
	return syscall(SYS_vmsplice, fd, iov, n, fl);
}

/* file -> pipe at an offset and at the file position; pipe -> file. */
static void abi2_splice_file(void)
{
	char pa[64], pb[64], buf[16];
	int a = tmp_file(pa, sizeof(pa), "spa", "0123456789", 0);
	int b = tmp_file(pb, sizeof(pb), "spb", NULL, 0), p[2];
	loff_t off = 2;

	CHECK_OK(pipe(p));
	CHECK(splice_(a, &off, p[1], NULL, 5, SPLICE_F_MOVE | SPLICE_F_MORE) == 5);
	CHECK(off == 7 && lseek(a, 0, SEEK_CUR) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "23456", 5) == 0);
	CHECK(lseek(a, 8, SEEK_SET) == 8);
	CHECK(splice_(a, NULL, p[1], NULL, 100, 0) == 2);	/* short at EOF */
	CHECK(lseek(a, 0, SEEK_CUR) == 10);
	CHECK(splice_(a, NULL, p[1], NULL, 100, 0) == 0);	/* at EOF */
	CHECK(write(p[1], "hello", 5) == 5);
	off = 3;
	CHECK(splice_(p[0], NULL, b, &off, 4, 0) == 4);		/* "89he" */
	CHECK(off == 7 && lseek(b, 0, SEEK_CUR) == 0);
	CHECK(splice_(p[0], NULL, b, NULL, 100, 0) == 3);	/* "llo" at 0 */
	CHECK(lseek(b, 0, SEEK_CUR) == 3);
	CHECK(pread(b, buf, sizeof(buf), 0) == 7 && memcmp(buf, "llo89he", 7) == 0);
	close(p[0]);
	close(p[1]);
	close(a);
	close(b);
	unlink(pa);
	unlink(pb);
}

static void abi2_splice_errors(void)
{
	char pa[64];
	int a = tmp_file(pa, sizeof(pa), "spe", "0123456789", 0), p[2], q[2], ro, ap;
	loff_t off = 0, neg = -1;

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));
	CHECK(splice_(a, NULL, p[1], NULL, 0, 0) == 0);
	CHECK_ERR(splice_(a, NULL, p[1], NULL, 4, 0x10), EINVAL);
	CHECK_ERR(splice_(-1, NULL, p[1], NULL, 4, 0), EBADF);
	CHECK_ERR(splice_(a, NULL, -1, NULL, 4, 0), EBADF);
	CHECK_ERR(splice_(a, NULL, p[1], &off, 4, 0), ESPIPE);	/* offset for the pipe */
	CHECK_ERR(splice_(p[0], &off, a, NULL, 4, 0), ESPIPE);
	CHECK_ERR(splice_(a, NULL, a, NULL, 4, 0), EINVAL);	/* no pipe */
	CHECK_ERR(splice_(p[0], NULL, p[1], NULL, 4, 0), EINVAL);	/* the same pipe */
	CHECK_ERR(splice_(p[1], NULL, q[1], NULL, 4, 0), EBADF);	/* write end as input */
	CHECK_ERR(splice_(a, &neg, p[1], NULL, 4, 0), EINVAL);
	CHECK_ERR(splice_(a, BAD_PTR, p[1], NULL, 4, 0), EFAULT);
	CHECK_ERR(splice_(p[0], NULL, a, NULL, 4, SPLICE_F_NONBLOCK), EAGAIN);	/* empty */
	CHECK_ERR(splice_(p[0], NULL, q[1], NULL, 4, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK(write(p[1], "x", 1) == 1);
	ro = open(pa, O_RDONLY);
	CHECK(ro >= 0);
	CHECK_ERR(splice_(p[0], NULL, ro, NULL, 4, 0), EBADF);
	ap = open(pa, O_WRONLY | O_APPEND);
	CHECK(ap >= 0);
	CHECK_ERR(splice_(p[0], NULL, ap, NULL, 4, 0), EINVAL);	/* O_APPEND destination */
	close(p[1]);
	CHECK(splice_(p[0], NULL, a, NULL, 4, 0) == 1);
	CHECK(splice_(p[0], NULL, a, NULL, 4, 0) == 0);		/* EOF */
	close(ap);
	close(ro);
	close(p[0]);
	close(q[0]);
	close(q[1]);
	close(a);
	unlink(pa);
}

/* socket -> pipe and pipe -> socket; sockets take no offset. */
static void abi2_splice_socket(void)
{
	char buf[8];
	int sv[2], p[2];
	loff_t off = 0;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(pipe(p));
	CHECK(write(sv[1], "abc", 3) == 3);
	CHECK(splice_(sv[0], NULL, p[1], NULL, 100, 0) == 3);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK_ERR(splice_(sv[0], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK(write(p[1], "xyz", 3) == 3);
	CHECK(splice_(p[0], NULL, sv[0], NULL, 100, 0) == 3);
	CHECK(read(sv[1], buf, sizeof(buf)) == 3 && memcmp(buf, "xyz", 3) == 0);
	CHECK(write(p[1], "q", 1) == 1);
	CHECK_ERR(splice_(p[0], NULL, sv[0], &off, 1, 0), EINVAL);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

/* pipe -> pipe moves; tee copies and leaves the source as it was. */
static void abi2_tee_splice_pipes(void)
{
	char buf[16], pa[64];
	int a[2], b[2], f = tmp_file(pa, sizeof(pa), "tee", NULL, 0);

	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	CHECK(write(a[1], "hello", 5) == 5);
	CHECK(tee_(a[0], b[1], 100, 0) == 5);
	CHECK(tee_(a[0], b[1], 2, 0) == 2);
	CHECK(read(b[0], buf, sizeof(buf)) == 7 && memcmp(buf, "hellohe", 7) == 0);
	CHECK(splice_(a[0], NULL, b[1], NULL, 3, 0) == 3);
	CHECK(read(b[0], buf, sizeof(buf)) == 3 && memcmp(buf, "hel", 3) == 0);
	CHECK(read(a[0], buf, sizeof(buf)) == 2 && memcmp(buf, "lo", 2) == 0);
	CHECK_ERR(tee_(a[0], b[1], 4, SPLICE_F_NONBLOCK), EAGAIN);	/* empty */
	CHECK_ERR(tee_(a[0], a[1], 4, 0), EINVAL);
	CHECK_ERR(tee_(f, b[1], 4, 0), EINVAL);
	CHECK_ERR(tee_(a[0], b[1], 4, 0x10), EINVAL);
	CHECK_ERR(tee_(-1, b[1], 4, 0), EBADF);
	CHECK(tee_(a[0], b[1], 0, 0) == 0);
	close(a[1]);
	CHECK(tee_(a[0], b[1], 4, 0) == 0);		/* EOF */
	CHECK(splice_(a[0], NULL, b[1], NULL, 4, 0) == 0);
	close(a[0]);
	close(b[0]);
	close(b[1]);
	close(f);
	unlink(pa);
}

static void abi2_vmsplice(void)
{
	static char big[4096];
	char x[3], y[4], pa[64];
	struct iovec out[2] = { { "abc", 3 }, { "defg", 4 } };
	struct iovec in[2] = { { x, 3 }, { y, 4 } };
	struct iovec bad[2] = { { "abc", 3 }, { BAD_PTR, 4 } };
	struct iovec bigv = { big, sizeof(big) };
	int p[2], f = tmp_file(pa, sizeof(pa), "vms", NULL, 0), i;
	long r = 0;

	CHECK_OK(pipe(p));
	CHECK(vmsplice_(p[1], out, 2, 0) == 7);
	CHECK(vmsplice_(p[0], in, 2, 0) == 7);
	CHECK(memcmp(x, "abc", 3) == 0 && memcmp(y, "defg", 4) == 0);
	CHECK_ERR(vmsplice_(p[0], in, 1, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK_ERR(vmsplice_(p[1], bad, 2, 0), EFAULT);
	CHECK_ERR(vmsplice_(p[1], out, 2, 0x10), EINVAL);
	CHECK_ERR(vmsplice_(f, out, 2, 0), EBADF);
	CHECK_ERR(vmsplice_(-1, out, 2, 0), EBADF);
	for (i = 0; i < 1024; i++) {
		r = vmsplice_(p[1], &bigv, 1, SPLICE_F_NONBLOCK);
		if (r < 0)
			break;
	}
	CHECK(r == -1 && errno == EAGAIN);
	close(p[0]);
	close(p[1]);
	close(f);
	unlink(pa);
}

/* ------------------------------------------------------ openat2 */

struct open_how_ {
	uint64_t flags, mode, resolve;
};

#define RESOLVE_NO_XDEV		0x01
#define RESOLVE_NO_MAGICLINKS	0x02
#define RESOLVE_NO_SYMLINKS	0x04
#define RESOLVE_BENEATH		0x08
#define RESOLVE_IN_ROOT		0x10
#define RESOLVE_CACHED		0x20

static long openat2_(int dfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct open_how_ how = { flags, mode, resolve };

	return syscall(SYS_openat2, dfd, path, &how, sizeof(how));
}

/* Close @fd if it is one; fail with @what otherwise. */
static void expect_fd(long fd, const char *what)
{
	if (fd < 0)
		fail("%s: errno %d (%s)", what, errno, strerrorname(errno));
	close(fd);
}

static void abi2_openat2_how(void)
{
	static char big[8192];
	struct { struct open_how_ how; uint64_t extra; } ext = { { O_RDONLY, 0, 0 }, 0 };
	char path[64];
	long fd;

	tmp_path(path, sizeof(path), "o2how");
	expect_fd(openat2_(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0, 0), "openat2 /");
	CHECK_ERR(syscall(SYS_openat2, AT_FDCWD, "/", &ext.how, 23), EINVAL);	/* too small */
	expect_fd(syscall(SYS_openat2, AT_FDCWD, "/", &ext, sizeof(ext)), "zero tail");
	ext.extra = 1;
	CHECK_ERR(syscall(SYS_openat2, AT_FDCWD, "/", &ext, sizeof(ext)), E2BIG);
	CHECK_ERR(syscall(SYS_openat2, AT_FDCWD, "/", big, sizeof(big)), E2BIG);
	CHECK_ERR(syscall(SYS_openat2, AT_FDCWD, "/", BAD_PTR, 24), EFAULT);
	CHECK_ERR(openat2_(AT_FDCWD, "/", 1ull << 40, 0, 0), EINVAL);	/* unknown flag */
	CHECK_ERR(openat2_(AT_FDCWD, "/", O_RDONLY, 0644, 0), EINVAL);	/* mode without O_CREAT */
	CHECK_ERR(openat2_(AT_FDCWD, path, O_RDWR | O_CREAT, 010000, 0), EINVAL);
	CHECK_ERR(openat2_(AT_FDCWD, "/", O_RDONLY, 0, 0x40), EINVAL);	/* unknown resolve */
	CHECK_ERR(openat2_(AT_FDCWD, "/", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT), EINVAL);
	CHECK_ERR(openat2_(AT_FDCWD, path, O_RDWR | O_CREAT | O_DIRECTORY, 0600, 0), EINVAL);
	CHECK_ERR(openat2_(AT_FDCWD, "/", O_PATH | O_APPEND, 0, 0), EINVAL);
	CHECK_ERR(openat2_(AT_FDCWD, path, O_RDWR | O_CREAT, 0600, RESOLVE_CACHED), EAGAIN);
	fd = openat2_(AT_FDCWD, path, O_RDWR | O_CREAT | O_EXCL, 0640, 0);
	CHECK(fd >= 0);
	close(fd);
	/* the cache may or may not answer: an fd or EAGAIN, nothing else */
	fd = openat2_(AT_FDCWD, path, O_RDONLY, 0, RESOLVE_CACHED);
	CHECK(fd >= 0 || errno == EAGAIN);
	if (fd >= 0)
		close(fd);
	unlink(path);
}

/*
 * The tree for the resolve tests, in D = /tmp/ut-PID-o2:
 *   D/f        file
 *   D/d/       directory
 *   D/ls   ->  f            (relative symlink)
 *   D/abs  ->  D/f          (absolute symlink)
 */
static void abi2_openat2_resolve(void)
{
	char dir[64], p[128], fdpath[128];
	int dfd, root, proc, fd;

	tmp_path(dir, sizeof(dir), "o2");
	CHECK_OK(mkdir(dir, 0700));
	snprintf(p, sizeof(p), "%s/f", dir);
	fd = open(p, O_RDWR | O_CREAT, 0600);
	CHECK(fd >= 0);
	close(fd);
	snprintf(p, sizeof(p), "%s/d", dir);
	CHECK_OK(mkdir(p, 0700));
	snprintf(p, sizeof(p), "%s/ls", dir);
	CHECK_OK(symlink("f", p));
	snprintf(p, sizeof(p), "%s/abs", dir);
	snprintf(fdpath, sizeof(fdpath), "%s/f", dir);
	CHECK_OK(symlink(fdpath, p));
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);

	/* RESOLVE_NO_SYMLINKS */
	expect_fd(openat2_(dfd, "f", O_RDONLY, 0, RESOLVE_NO_SYMLINKS), "no_symlinks f");
	CHECK_ERR(openat2_(dfd, "ls", O_RDONLY, 0, RESOLVE_NO_SYMLINKS), ELOOP);
	expect_fd(openat2_(dfd, "ls", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS), "O_PATH link");
	/* RESOLVE_BENEATH */
	expect_fd(openat2_(dfd, "d/../f", O_RDONLY, 0, RESOLVE_BENEATH), "beneath d/../f");
	expect_fd(openat2_(dfd, "ls", O_RDONLY, 0, RESOLVE_BENEATH), "beneath ls");
	CHECK_ERR(openat2_(dfd, "../", O_RDONLY, 0, RESOLVE_BENEATH), EXDEV);
	CHECK_ERR(openat2_(dfd, "/tmp", O_RDONLY, 0, RESOLVE_BENEATH), EXDEV);
	CHECK_ERR(openat2_(dfd, "abs", O_RDONLY, 0, RESOLVE_BENEATH), EXDEV);
	/* RESOLVE_IN_ROOT: "/" and ".." stop at the start */
	expect_fd(openat2_(dfd, "/f", O_RDONLY, 0, RESOLVE_IN_ROOT), "in_root /f");
	expect_fd(openat2_(dfd, "../../f", O_RDONLY, 0, RESOLVE_IN_ROOT), "in_root ../../f");
	CHECK_ERR(openat2_(dfd, "abs", O_RDONLY, 0, RESOLVE_IN_ROOT), ENOENT);
	/* RESOLVE_NO_MAGICLINKS: /proc/self/fd/N is one; /proc/self is not */
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", dfd);
	expect_fd(openat2_(AT_FDCWD, fdpath, O_RDONLY, 0, 0), "magic link");
	CHECK_ERR(openat2_(AT_FDCWD, fdpath, O_RDONLY, 0, RESOLVE_NO_MAGICLINKS), ELOOP);
	expect_fd(openat2_(AT_FDCWD, "/proc/self/stat", O_RDONLY, 0, RESOLVE_NO_MAGICLINKS),
		  "proc self");
	CHECK_ERR(openat2_(dfd, fdpath, O_RDONLY, 0, RESOLVE_IN_ROOT), ENOENT);
	/* RESOLVE_NO_XDEV: /proc is a mount of its own */
	root = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(root >= 0);
	proc = open("/proc", O_RDONLY | O_DIRECTORY);
	CHECK(proc >= 0);
	CHECK_ERR(openat2_(root, "proc/version", O_RDONLY, 0, RESOLVE_NO_XDEV), EXDEV);
	expect_fd(openat2_(proc, "version", O_RDONLY, 0, RESOLVE_NO_XDEV), "no_xdev in proc");
	CHECK_ERR(openat2_(proc, "..", O_RDONLY, 0, RESOLVE_NO_XDEV), EXDEV);
	close(proc);
	close(root);
	close(dfd);
	snprintf(p, sizeof(p), "%s/abs", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/ls", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/f", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/d", dir);
	rmdir(p);
	rmdir(dir);
}

/* ------------------------------------------------------ pidfd */

#ifndef SYS_pidfd_open
#define SYS_pidfd_open		434
#define SYS_pidfd_send_signal	424
#endif
#define PIDFD_NONBLOCK		O_NONBLOCK

/* A child that waits until killed, blocked on a pipe nobody writes. */
static pid_t idle_child(int *keep)
{
	int p[2];
	pid_t c;
	char ch;

	CHECK_OK(pipe(p));
	c = fork_or_fail();
	if (c == 0) {
		close(p[1]);
		(void)!read(p[0], &ch, 1);
		_exit(0);
	}
	close(p[0]);
	*keep = p[1];
	return c;
}

static int pfd_poll(int fd, int ms)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	int r = poll(&pfd, 1, ms);

	if (r < 0)
		fail("poll pidfd %d: errno %d (%s)", fd, errno, strerrorname(errno));
	return r ? pfd.revents : 0;
}

static void abi2_pidfd(void)
{
	int keep, fd, nb, st;
	pid_t c = idle_child(&keep);

	fd = syscall(SYS_pidfd_open, c, 0);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK(pfd_poll(fd, 0) == 0);			/* running */
	nb = syscall(SYS_pidfd_open, c, PIDFD_NONBLOCK);
	CHECK(nb >= 0 && (fcntl(nb, F_GETFL) & O_NONBLOCK));
	close(nb);
	CHECK(syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) == 0);
	CHECK(syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0) == 0);
	CHECK(pfd_poll(fd, 10000) & POLLIN);		/* exited: readable */
	CHECK(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK(pfd_poll(fd, 0) & POLLIN);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), ESRCH);
	CHECK_ERR(syscall(SYS_pidfd_open, c, 0), ESRCH);
	close(fd);
	close(keep);
}

static void abi2_pidfd_errors(void)
{
	siginfo_t si;
	int keep, fd, p[2];
	pid_t c = idle_child(&keep);

	CHECK_ERR(syscall(SYS_pidfd_open, getpid(), 1), EINVAL);
	CHECK_ERR(syscall(SYS_pidfd_open, -1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_pidfd_open, 0, 0), EINVAL);
	fd = syscall(SYS_pidfd_open, c, 0);
	CHECK(fd >= 0);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 3), EINVAL);	/* two targets */
	CHECK(syscall(SYS_pidfd_send_signal, fd, 0, NULL, 1) == 0);		/* PIDFD_SIGNAL_THREAD */
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, 1000, NULL, 0), EINVAL);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, -1, SIGTERM, NULL, 0), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(syscall(SYS_pidfd_send_signal, p[0], SIGTERM, NULL, 0), EBADF);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, BAD_PTR, 0), EFAULT);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, &si, 0), EINVAL);	/* signo differs */
	si.si_code = SI_USER;
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGUSR1, &si, 0), EPERM);	/* another process */
	si.si_signo = SIGKILL;
	si.si_code = SI_QUEUE;
	CHECK(syscall(SYS_pidfd_send_signal, fd, SIGKILL, &si, 0) == 0);
	CHECK(pfd_poll(fd, 10000) & POLLIN);
	CHECK(waitpid(c, NULL, 0) == c);
	close(p[0]);
	close(p[1]);
	close(fd);
	close(keep);
}

/*
 * process_mrelease: release the memory of a process already dying from
 * SIGKILL (stress-ng calls it after killing its child). Linux 6.12: flags
 * first (EINVAL), a descriptor that is no pidfd EBADF, a live process
 * EINVAL, a dying one 0, one that has exited (a zombie: its pidfd is
 * readable) or been reaped ESRCH.
 */
static void abi2_process_mrelease(void)
{
	int keep, fd, p[2];
	long r;
	pid_t c = idle_child(&keep);

	fd = syscall(SYS_pidfd_open, c, 0);
	CHECK(fd >= 0);
	CHECK_ERR(syscall(SYS_process_mrelease, -1, 1), EINVAL);
	CHECK_ERR(syscall(SYS_process_mrelease, fd, 1), EINVAL);
	CHECK_ERR(syscall(SYS_process_mrelease, -1, 0), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(syscall(SYS_process_mrelease, p[0], 0), EBADF);
	CHECK_ERR(syscall(SYS_process_mrelease, fd, 0), EINVAL);	/* alive */
	CHECK_OK(kill(c, SIGKILL));
	/* dying, unless it has already finished exiting */
	r = syscall(SYS_process_mrelease, fd, 0);
	CHECK(r == 0 || (r == -1 && errno == ESRCH));
	CHECK(pfd_poll(fd, 10000) & POLLIN);
	CHECK_ERR(syscall(SYS_process_mrelease, fd, 0), ESRCH);	/* a zombie */
	CHECK(waitpid(c, NULL, 0) == c);
	CHECK_ERR(syscall(SYS_process_mrelease, fd, 0), ESRCH);	/* reaped */
	close(p[0]);
	close(p[1]);
	close(fd);
	close(keep);
}

#ifndef CLONE_PIDFD
#define CLONE_PIDFD	0x00001000
#endif

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* CLONE_PIDFD: clone3 writes the pidfd to args.pidfd, clone to parent_tid. */
static void abi2_clone_pidfd(void)
{
	struct clone_args_ ca;
	int pidfd = -1, st;
	long c;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	c = syscall(SYS_clone3, &ca, sizeof(ca));
	if (c == 0)
		_exit(7);
	CHECK(c > 0 && pidfd >= 0);
	CHECK(fcntl(pidfd, F_GETFD) & FD_CLOEXEC);
	CHECK(pfd_poll(pidfd, 10000) & POLLIN);
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 7);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, pidfd, SIGTERM, NULL, 0), ESRCH);
	close(pidfd);

	pidfd = -1;
	c = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (c == 0)
		_exit(8);
	CHECK(c > 0 && pidfd >= 0);
	CHECK(pfd_poll(pidfd, 10000) & POLLIN);
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 8);
	close(pidfd);

	CHECK_ERR(syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &pidfd, 0, 0),
		  EINVAL);
	/* Linux since 6.9 gives a thread a pidfd too (PIDFD_THREAD); shoal does not: not tested */
	ca.flags = CLONE_PIDFD;
	ca.exit_signal = SIGCHLD;
	ca.pidfd = (uintptr_t)BAD_PTR;
	CHECK_ERR(syscall(SYS_clone3, &ca, sizeof(ca)), EFAULT);
}

const struct test abi2_tests[] = {
	{ "abi2_preadv2_offset", abi2_preadv2_offset },
	{ "abi2_rwf_flags", abi2_rwf_flags },
	{ "abi2_rwf_append", abi2_rwf_append },
	{ "abi2_rwf_nowait_pipe", abi2_rwf_nowait_pipe },
	{ "abi2_rwf_nowait_socket", abi2_rwf_nowait_socket },
	{ "abi2_fadvise", abi2_fadvise },
	{ "abi2_readahead", abi2_readahead },
	{ "abi2_copy_file_range", abi2_copy_file_range },
	{ "abi2_copy_file_range_errors", abi2_copy_file_range_errors },
	{ "abi2_splice_file", abi2_splice_file },
	{ "abi2_splice_errors", abi2_splice_errors },
	{ "abi2_splice_socket", abi2_splice_socket },
	{ "abi2_tee_splice_pipes", abi2_tee_splice_pipes },
	{ "abi2_vmsplice", abi2_vmsplice },
	{ "abi2_openat2_how", abi2_openat2_how },
	{ "abi2_openat2_resolve", abi2_openat2_resolve },
	{ "abi2_pidfd", abi2_pidfd },
	{ "abi2_pidfd_errors", abi2_pidfd_errors },
	{ "abi2_process_mrelease", abi2_process_mrelease },
	{ "abi2_clone_pidfd", abi2_clone_pidfd },
	{ NULL, NULL },
};
