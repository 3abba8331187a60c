/*
 * inotify: the events the VFS reports on tmpfs, in Linux's order; watch
 * masks, descriptors and flags; the queue's merging, overflow and read
 * rules; readiness; the limits under /proc/sys/fs/inotify. Every test
 * works in its own directory under /tmp and checks exact event streams
 * read without blocking (no timing), except the blocking read, which
 * waits for a child's write whenever it comes.
 */
#include "usertests.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define MAXEV 32

struct ev {
	int wd;
	uint32_t mask, cookie;
	char name[64];
};

/* Every event queued now (the descriptor must be non-blocking). */
static int read_events(int fd, struct ev *out, int max)
{
	char buf[4096] __attribute__((aligned(8)));
	int n = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		char *p = buf;

		if (r < 0) {
			CHECK(errno == EAGAIN);
			return n;
		}
		while (p < buf + r) {
			struct inotify_event *e = (struct inotify_event *)p;

			CHECK(n < max);
			out[n].wd = e->wd;
			out[n].mask = e->mask;
			out[n].cookie = e->cookie;
			snprintf(out[n].name, sizeof(out[n].name), "%s", e->len ? e->name : "");
			n++;
			p += sizeof(*e) + e->len;
		}
	}
}

static void check_ev(const struct ev *e, int i, int wd, uint32_t mask, const char *name)
{
	if (e[i].wd != wd || e[i].mask != mask || strcmp(e[i].name, name))
		fail("event %d: wd %d mask %#x name \"%s\", want wd %d mask %#x name \"%s\"",
		     i, e[i].wd, e[i].mask, e[i].name, wd, mask, name);
}

static void expect_count(int got, int want, const struct ev *e)
{
	if (got != want) {
		int i;

		for (i = 0; i < got; i++)
			fprintf(stderr, "  ev %d: wd %d mask %#x \"%s\"\n", i, e[i].wd, e[i].mask,
				e[i].name);
		fail("%d events, want %d", got, want);
	}
}

static void mkpath(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY, 0644);

	CHECK(fd >= 0);
	CHECK_OK(close(fd));
}

static int new_inotify(void)
{
	int fd = inotify_init1(IN_NONBLOCK);

	CHECK(fd >= 0);
	return fd;
}

/* Bad arguments, as Linux refuses them. */
static void inotify_errors(void)
{
	char dir[64], f[96];
	int fd, p[2];

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	touch(f);
	CHECK_ERR(inotify_init1(1), EINVAL);
	fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK_OK(pipe(p));
	CHECK_ERR(inotify_add_watch(-1, dir, IN_ALL_EVENTS), EBADF);
	CHECK_ERR(inotify_add_watch(p[0], dir, IN_ALL_EVENTS), EINVAL);
	CHECK_ERR(inotify_add_watch(fd, dir, 0), EINVAL);
	CHECK_ERR(inotify_add_watch(fd, dir, IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE), EINVAL);
	CHECK_ERR(inotify_add_watch(fd, f, IN_MODIFY | IN_ONLYDIR), ENOTDIR);
	CHECK_ERR(inotify_add_watch(fd, "/nonexistent/x", IN_MODIFY), ENOENT);
	CHECK_ERR(inotify_add_watch(fd, (char *)1, IN_MODIFY), EFAULT);
	CHECK_ERR(inotify_rm_watch(fd, 1), EINVAL);
	CHECK_ERR(inotify_rm_watch(p[0], 1), EINVAL);
	CHECK_ERR(inotify_rm_watch(-1, 1), EBADF);
	CHECK_OK(unlink(f));
	CHECK_OK(rmdir(dir));
	close(p[0]);
	close(p[1]);
	close(fd);
}

/* A directory hears about its children, with their names, in Linux's order. */
static void inotify_dir_events(void)
{
	char dir[64], f[96], g[96], sub[96], buf[8];
	struct ev e[MAXEV];
	int in, wd, fd, n;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	mkpath(g, sizeof(g), dir, "g");
	mkpath(sub, sizeof(sub), dir, "sub");
	in = new_inotify();
	wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	CHECK(wd > 0);

	fd = open(f, O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, "x", 1) == 1);
	CHECK_OK(close(fd));
	fd = open(f, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 1);
	CHECK(read(fd, buf, sizeof(buf)) == 0);	/* end of file: no event */
	CHECK_OK(close(fd));
	CHECK_OK(chmod(f, 0600));
	CHECK_OK(mkdir(sub, 0755));
	CHECK_OK(rename(f, g));
	CHECK_OK(unlink(g));
	CHECK_OK(rmdir(sub));

	n = read_events(in, e, MAXEV);
	expect_count(n, 13, e);
	check_ev(e, 0, wd, IN_CREATE, "f");
	check_ev(e, 1, wd, IN_OPEN, "f");
	check_ev(e, 2, wd, IN_MODIFY, "f");
	check_ev(e, 3, wd, IN_CLOSE_WRITE, "f");
	check_ev(e, 4, wd, IN_OPEN, "f");
	check_ev(e, 5, wd, IN_ACCESS, "f");
	check_ev(e, 6, wd, IN_CLOSE_NOWRITE, "f");
	check_ev(e, 7, wd, IN_ATTRIB, "f");
	check_ev(e, 8, wd, IN_CREATE | IN_ISDIR, "sub");
	check_ev(e, 9, wd, IN_MOVED_FROM, "f");
	check_ev(e, 10, wd, IN_MOVED_TO, "g");
	CHECK(e[9].cookie != 0 && e[9].cookie == e[10].cookie);
	check_ev(e, 11, wd, IN_DELETE, "g");
	check_ev(e, 12, wd, IN_DELETE | IN_ISDIR, "sub");
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/* A directory's own watch and its parent's: opening it reports IN_ISDIR
 * to both, removing it ends its own watch before the parent hears. */
static void inotify_dir_self(void)
{
	char dir[64], sub[96];
	struct ev e[MAXEV];
	int in, wd, wsub, fd, n;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(sub, sizeof(sub), dir, "sub");
	CHECK_OK(mkdir(sub, 0755));
	in = new_inotify();
	wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	wsub = inotify_add_watch(in, sub, IN_ALL_EVENTS);
	CHECK(wd > 0 && wsub > 0 && wd != wsub);
	fd = open(sub, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_OK(close(fd));
	CHECK_OK(rmdir(sub));
	n = read_events(in, e, MAXEV);
	expect_count(n, 7, e);
	check_ev(e, 0, wd, IN_OPEN | IN_ISDIR, "sub");
	check_ev(e, 1, wsub, IN_OPEN | IN_ISDIR, "");
	check_ev(e, 2, wd, IN_CLOSE_NOWRITE | IN_ISDIR, "sub");
	check_ev(e, 3, wsub, IN_CLOSE_NOWRITE | IN_ISDIR, "");
	check_ev(e, 4, wsub, IN_DELETE_SELF, "");
	check_ev(e, 5, wsub, IN_IGNORED, "");
	check_ev(e, 6, wd, IN_DELETE | IN_ISDIR, "sub");
	CHECK_ERR(inotify_rm_watch(in, wsub), EINVAL);
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/* A file's own watch: unlink is IN_ATTRIB (the link count), then the
 * inode goes (IN_DELETE_SELF, IN_IGNORED); a rename is IN_MOVE_SELF. */
static void inotify_file_self(void)
{
	char dir[64], f[96], g[96];
	struct ev e[MAXEV];
	int in, wd, n;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	mkpath(g, sizeof(g), dir, "g");
	touch(f);
	in = new_inotify();
	wd = inotify_add_watch(in, f, IN_ALL_EVENTS);
	CHECK(wd > 0);
	CHECK_OK(rename(f, g));
	CHECK_OK(unlink(g));
	n = read_events(in, e, MAXEV);
	expect_count(n, 4, e);
	check_ev(e, 0, wd, IN_MOVE_SELF, "");
	check_ev(e, 1, wd, IN_ATTRIB, "");
	check_ev(e, 2, wd, IN_DELETE_SELF, "");
	check_ev(e, 3, wd, IN_IGNORED, "");
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/*
 * An open file that is unlinked lives on: its watch hears IN_DELETE_SELF
 * at the last close. IN_EXCL_UNLINK keeps a directory's watch from
 * hearing the I/O of such a file.
 */
static void inotify_unlinked_open(void)
{
	char dir[64], f[96];
	struct ev e[MAXEV];
	int in, wdir, wex, wf, fd, n, in2;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	touch(f);
	in = new_inotify();
	in2 = new_inotify();
	wdir = inotify_add_watch(in, dir, IN_MODIFY);
	wex = inotify_add_watch(in2, dir, IN_MODIFY | IN_EXCL_UNLINK);
	wf = inotify_add_watch(in, f, IN_ALL_EVENTS);
	CHECK(wdir > 0 && wex > 0 && wf > 0);
	fd = open(f, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_OK(unlink(f));
	CHECK(write(fd, "x", 1) == 1);
	CHECK_OK(close(fd));
	n = read_events(in, e, MAXEV);
	expect_count(n, 7, e);
	check_ev(e, 0, wf, IN_OPEN, "");
	check_ev(e, 1, wf, IN_ATTRIB, "");
	check_ev(e, 2, wdir, IN_MODIFY, "f");
	check_ev(e, 3, wf, IN_MODIFY, "");
	check_ev(e, 4, wf, IN_CLOSE_WRITE, "");
	check_ev(e, 5, wf, IN_DELETE_SELF, "");
	check_ev(e, 6, wf, IN_IGNORED, "");
	CHECK(read_events(in2, e, MAXEV) == 0);
	CHECK_OK(close(in));
	CHECK_OK(close(in2));
	CHECK_OK(rmdir(dir));
}

/* Replacing and adding to a mask, IN_MASK_CREATE, wd numbering, rm_watch. */
static void inotify_masks(void)
{
	char dir[64], f[96], g[96];
	struct ev e[MAXEV];
	int in, w1, w2, w3, fd, n;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	mkpath(g, sizeof(g), dir, "g");
	touch(f);
	touch(g);
	in = new_inotify();
	w1 = inotify_add_watch(in, f, IN_MODIFY);
	CHECK(w1 > 0);
	CHECK(inotify_add_watch(in, f, IN_ATTRIB) == w1);	/* replaces */
	fd = open(f, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(write(fd, "x", 1) == 1);
	CHECK_OK(chmod(f, 0600));
	CHECK(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_ADD) == w1);
	CHECK(write(fd, "x", 1) == 1);
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_CREATE), EEXIST);
	CHECK_OK(close(fd));
	n = read_events(in, e, MAXEV);
	expect_count(n, 2, e);
	check_ev(e, 0, w1, IN_ATTRIB, "");
	check_ev(e, 1, w1, IN_MODIFY, "");
	w2 = inotify_add_watch(in, g, IN_MODIFY | IN_MASK_CREATE);
	CHECK(w2 == w1 + 1);
	CHECK_OK(inotify_rm_watch(in, w1));
	CHECK_ERR(inotify_rm_watch(in, w1), EINVAL);
	w3 = inotify_add_watch(in, f, IN_MODIFY);
	CHECK(w3 == w2 + 1);			/* descriptors are not reused at once */
	n = read_events(in, e, MAXEV);
	expect_count(n, 1, e);
	check_ev(e, 0, w1, IN_IGNORED, "");
	CHECK_OK(close(in));
	CHECK_OK(unlink(f));
	CHECK_OK(unlink(g));
	CHECK_OK(rmdir(dir));
}

/* IN_ONESHOT: one event, then the watch is gone (IN_IGNORED). */
static void inotify_oneshot(void)
{
	char dir[64], f[96];
	struct ev e[MAXEV];
	int in, wd, fd, n;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	touch(f);
	in = new_inotify();
	wd = inotify_add_watch(in, f, IN_MODIFY | IN_ONESHOT);
	CHECK(wd > 0);
	fd = open(f, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(write(fd, "x", 1) == 1);
	CHECK(write(fd, "y", 1) == 1);
	CHECK_OK(close(fd));
	n = read_events(in, e, MAXEV);
	expect_count(n, 2, e);
	check_ev(e, 0, wd, IN_MODIFY, "");
	check_ev(e, 1, wd, IN_IGNORED, "");
	CHECK_ERR(inotify_rm_watch(in, wd), EINVAL);
	CHECK_OK(close(in));
	CHECK_OK(unlink(f));
	CHECK_OK(rmdir(dir));
}

/* IN_DONT_FOLLOW watches a symlink itself; without it, its target. */
static void inotify_dont_follow(void)
{
	char dir[64], f[96], l[96];
	struct ev e[MAXEV];
	int in, wl, wf, n;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	mkpath(l, sizeof(l), dir, "l");
	touch(f);
	CHECK_OK(symlink(f, l));
	in = new_inotify();
	wl = inotify_add_watch(in, l, IN_ATTRIB | IN_DONT_FOLLOW);
	wf = inotify_add_watch(in, l, IN_ATTRIB);
	CHECK(wl > 0 && wf > 0 && wl != wf);
	CHECK(inotify_add_watch(in, f, IN_ATTRIB) == wf);
	CHECK_OK(chmod(f, 0600));
	n = read_events(in, e, MAXEV);
	expect_count(n, 1, e);
	check_ev(e, 0, wf, IN_ATTRIB, "");
	CHECK_OK(close(in));
	CHECK_OK(unlink(l));
	CHECK_OK(unlink(f));
	CHECK_OK(rmdir(dir));
}

/* Identical consecutive events merge; FIONREAD counts bytes; a buffer
 * too small for the first event is EINVAL. */
static void inotify_queue_rules(void)
{
	char dir[64], f[96], buf[256] __attribute__((aligned(8)));
	struct inotify_event *ie = (struct inotify_event *)buf;
	int in, wd, fd, avail;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "abc");
	touch(f);
	in = new_inotify();
	wd = inotify_add_watch(in, dir, IN_MODIFY);
	CHECK(wd > 0);
	CHECK_OK(ioctl(in, FIONREAD, &avail));
	CHECK(avail == 0);
	fd = open(f, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(write(fd, "x", 1) == 1);
	CHECK(write(fd, "y", 1) == 1);
	CHECK(write(fd, "z", 1) == 1);
	CHECK_OK(ioctl(in, FIONREAD, &avail));
	CHECK(avail == (int)sizeof(struct inotify_event) + 16);	/* one, name padded to 16 */
	CHECK_ERR(read(in, buf, sizeof(struct inotify_event) + 15), EINVAL);
	CHECK_ERR(read(in, buf, 0), EINVAL);
	CHECK(read(in, buf, sizeof(buf)) == (ssize_t)sizeof(struct inotify_event) + 16);
	CHECK(ie->wd == wd && ie->mask == IN_MODIFY && ie->len == 16 && !strcmp(ie->name, "abc"));
	CHECK_ERR(read(in, buf, sizeof(buf)), EAGAIN);
	CHECK_ERR(read(in, buf, 1), EAGAIN);	/* empty comes before too small */
	CHECK_OK(close(fd));
	CHECK_OK(close(in));
	CHECK_OK(unlink(f));
	CHECK_OK(rmdir(dir));
}

/* Readiness through poll, select and epoll; a blocking read waits for a
 * child's write. */
static void inotify_readiness(void)
{
	char dir[64], f[96], buf[256] __attribute__((aligned(8)));
	struct pollfd pfd;
	struct epoll_event ev = { .events = EPOLLIN };
	struct timeval tv = { 0, 0 };
	fd_set rs;
	int in, wd, ep, fd;
	pid_t pid;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	mkpath(f, sizeof(f), dir, "f");
	touch(f);
	in = inotify_init1(0);
	CHECK(in >= 0);
	wd = inotify_add_watch(in, f, IN_MODIFY);
	CHECK(wd > 0);
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev));
	pfd = (struct pollfd){ .fd = in, .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 0) == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		fd = open(f, O_WRONLY);
		if (fd < 0 || write(fd, "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	/* blocks until the child's write, whenever it comes */
	CHECK(epoll_wait(ep, &ev, 1, -1) == 1 && (ev.events & EPOLLIN));
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN));
	FD_ZERO(&rs);
	FD_SET(in, &rs);
	CHECK(select(in + 1, &rs, NULL, NULL, &tv) == 1);
	wait_ok(pid);
	CHECK(read(in, buf, sizeof(buf)) == (ssize_t)sizeof(struct inotify_event));
	CHECK(poll(&pfd, 1, 0) == 0);
	/* a blocking read that has to wait */
	pid = fork_or_fail();
	if (pid == 0) {
		fd = open(f, O_WRONLY);
		if (fd < 0 || write(fd, "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	CHECK(read(in, buf, sizeof(buf)) == (ssize_t)sizeof(struct inotify_event));
	CHECK(((struct inotify_event *)buf)->mask == IN_MODIFY);
	wait_ok(pid);
	close(ep);
	CHECK_OK(close(in));
	CHECK_OK(unlink(f));
	CHECK_OK(rmdir(dir));
}

/* /proc/self/fdinfo of an inotify descriptor lists its watches. */
static void inotify_fdinfo(void)
{
	char dir[64], path[64], text[1024];
	int in, wd;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	in = new_inotify();
	wd = inotify_add_watch(in, dir, IN_CREATE | IN_ONESHOT);
	CHECK(wd == 1);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", in);
	CHECK(read_text(path, text, sizeof(text)) > 0);
	if (!strstr(text, "inotify wd:1 ") || !strstr(text, "mask:80000100 ignored_mask:0"))
		fail("fdinfo: %s", text);
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/* Unmounting a file system ends the watches on its inodes: IN_UNMOUNT,
 * then IN_IGNORED. */
static void inotify_unmount(void)
{
	char dir[64], f[96];
	struct ev e[MAXEV];
	int in, wf, wd, n;

	tmp_path(dir, sizeof(dir), "inomnt");
	CHECK_OK(mkdir(dir, 0755));
	CHECK_OK(mount("tmpfs", dir, "tmpfs", 0, NULL));
	mkpath(f, sizeof(f), dir, "f");
	touch(f);
	in = new_inotify();
	wf = inotify_add_watch(in, f, IN_MODIFY);
	wd = inotify_add_watch(in, dir, IN_CREATE);
	CHECK(wf > 0 && wd > 0);
	CHECK_OK(umount(dir));
	n = read_events(in, e, MAXEV);
	expect_count(n, 4, e);
	/* Linux walks the super block's inodes in its own order */
	if (e[0].wd == wd) {
		check_ev(e, 0, wd, IN_UNMOUNT | IN_ISDIR, "");
		check_ev(e, 1, wd, IN_IGNORED, "");
		check_ev(e, 2, wf, IN_UNMOUNT, "");
		check_ev(e, 3, wf, IN_IGNORED, "");
	} else {
		check_ev(e, 0, wf, IN_UNMOUNT, "");
		check_ev(e, 1, wf, IN_IGNORED, "");
		check_ev(e, 2, wd, IN_UNMOUNT | IN_ISDIR, "");
		check_ev(e, 3, wd, IN_IGNORED, "");
	}
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/* ---- limits: run in a child, the parent puts the sysctl back ---- */

static long read_sysctl(const char *path)
{
	char text[64];

	CHECK(read_text(path, text, sizeof(text)) > 0);
	return atol(text);
}

static int write_sysctl(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t r;

	CHECK(fd >= 0);
	r = write(fd, val, strlen(val));
	close(fd);
	return r < 0 ? -1 : 0;
}

static void set_sysctl(const char *path, long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%ld\n", v);
	CHECK_OK(write_sysctl(path, s));
	CHECK(read_sysctl(path) == v);
}

#define Q_EVENTS "/proc/sys/fs/inotify/max_queued_events"
#define U_INST "/proc/sys/fs/inotify/max_user_instances"
#define U_WATCH "/proc/sys/fs/inotify/max_user_watches"

/* Run @fn in a child with @path set to @v, then restore it. */
static void with_sysctl(const char *path, long v, void (*fn)(void))
{
	long old = read_sysctl(path);
	pid_t pid;
	int st;

	set_sysctl(path, v);
	pid = fork_or_fail();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	st = wait_exit(pid);
	set_sysctl(path, old);
	CHECK(st == 0);
}

static void overflow_child(void)
{
	char dir[64], f[96];
	struct ev e[MAXEV];
	int in, wd, i, n;

	in = new_inotify();		/* takes max_queued_events now */
	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	wd = inotify_add_watch(in, dir, IN_CREATE);
	CHECK(wd > 0);
	for (i = 0; i < 12; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		touch(f);
	}
	n = read_events(in, e, MAXEV);
	expect_count(n, 9, e);
	for (i = 0; i < 8; i++) {
		snprintf(f, sizeof(f), "f%d", i);
		check_ev(e, i, wd, IN_CREATE, f);
	}
	check_ev(e, 8, -1, IN_Q_OVERFLOW, "");
	for (i = 0; i < 12; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		CHECK_OK(unlink(f));
	}
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/* Past max_queued_events, one IN_Q_OVERFLOW ends the queue. */
static void inotify_overflow(void)
{
	with_sysctl(Q_EVENTS, 8, overflow_child);
}

static void instances_child(void)
{
	int fds[8], n = 0, fd;

	for (;;) {
		fd = inotify_init1(0);
		if (fd < 0)
			break;
		CHECK(n < 4);
		fds[n++] = fd;
	}
	CHECK(errno == EMFILE);
	CHECK(n >= 1);
	close(fds[--n]);
	fd = inotify_init1(0);
	CHECK(fd >= 0);
}

static void watches_child(void)
{
	char dir[64], f[96];
	int in = new_inotify(), n = 0, wd, i;

	tmp_path(dir, sizeof(dir), "ino");
	CHECK_OK(mkdir(dir, 0755));
	for (i = 0; i < 5; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		touch(f);
	}
	for (i = 0; i < 5; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		wd = inotify_add_watch(in, f, IN_MODIFY);
		if (wd < 0)
			break;
		n++;
	}
	CHECK(i < 5 && errno == ENOSPC && n <= 3 && n >= 1);
	CHECK(inotify_add_watch(in, dir, IN_MODIFY) < 0 && errno == ENOSPC);
	CHECK_OK(inotify_rm_watch(in, wd = 1));
	CHECK(inotify_add_watch(in, dir, IN_MODIFY) > 0);
	for (i = 0; i < 5; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		CHECK_OK(unlink(f));
	}
	CHECK_OK(close(in));
	CHECK_OK(rmdir(dir));
}

/* max_user_instances (EMFILE) and max_user_watches (ENOSPC); the sysctls
 * refuse what is not a number. */
static void inotify_limits(void)
{
	CHECK(read_sysctl(Q_EVENTS) > 0);
	CHECK(read_sysctl(U_INST) > 0);
	CHECK(read_sysctl(U_WATCH) > 0);
	CHECK(write_sysctl(U_INST, "abc\n") < 0 && errno == EINVAL);
	with_sysctl(U_INST, 4, instances_child);
	with_sysctl(U_WATCH, 3, watches_child);
}

/* ---- per-user limits: each uid has its own budget (Linux's ucounts) ---- */

#define INO_UID 4242            /* owns nothing else in the guest */

/* Run @fn(@arg) in a child that dropped root for INO_UID. */
static void as_other_user(void (*fn)(int), int arg)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		CHECK_OK(setgroups(0, NULL));
		CHECK_OK(setresgid(INO_UID, INO_UID, INO_UID));
		CHECK_OK(setresuid(INO_UID, INO_UID, INO_UID));
		fn(arg);
		_exit(0);
	}
	CHECK(wait_exit(pid) == 0);
}

/* Up to the limit of 4 and no further, whoever else is at theirs. */
static void other_instances(int unused)
{
	int fds[8], n = 0, fd;

	while ((fd = inotify_init1(0)) >= 0) {
		CHECK(n < 4);
		fds[n++] = fd;
	}
	CHECK(errno == EMFILE && n == 4);
	CHECK_OK(close(fds[--n]));      /* a close gives one back */
	fd = inotify_init1(0);
	CHECK(fd >= 0);
	CHECK_ERR(inotify_init1(0), EMFILE);
}

static void user_instances_child(void)
{
	int n = 0;

	while (inotify_init1(0) >= 0)   /* root's own budget, all of it */
		CHECK(++n <= 4);
	CHECK(errno == EMFILE);
	as_other_user(other_instances, 0);
	CHECK_ERR(inotify_init1(0), EMFILE);
}

/* Watches on @dir's files f0..f4 through @in until the first failure. */
static int add_watches(int in, const char *dir)
{
	char f[96];
	int n;

	for (n = 0; n < 5; n++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, n);
		if (inotify_add_watch(in, f, IN_MODIFY) < 0)
			break;
	}
	return n;
}

static const char *ino_dir;

/* @root_in is root's instance: its watches are charged to root, whoever adds them. */
static void other_watches(int root_in)
{
	char f[96];
	int in = new_inotify(), wd;

	CHECK(add_watches(in, ino_dir) == 3 && errno == ENOSPC);
	snprintf(f, sizeof(f), "%s/f0", ino_dir);
	wd = inotify_add_watch(in, f, IN_MODIFY);       /* the same inode: no new watch */
	CHECK(wd == 1);
	CHECK_OK(inotify_rm_watch(in, wd));             /* rm_watch gives one back */
	CHECK(inotify_add_watch(in, f, IN_MODIFY) > 0);
	snprintf(f, sizeof(f), "%s/f4", ino_dir);
	CHECK_ERR(inotify_add_watch(root_in, f, IN_MODIFY), ENOSPC);
	CHECK_OK(close(in));                            /* so does a close */
	in = new_inotify();
	CHECK(add_watches(in, ino_dir) == 3 && errno == ENOSPC);
	CHECK_OK(close(in));
}

static void user_watches_child(void)
{
	char dir[64], f[96];
	int in = new_inotify(), i;

	tmp_path(dir, sizeof(dir), "inou");
	CHECK_OK(mkdir(dir, 0755));
	for (i = 0; i < 5; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		touch(f);
	}
	CHECK(add_watches(in, dir) <= 3 && errno == ENOSPC);    /* root's, used up */
	ino_dir = dir;
	as_other_user(other_watches, in);
	CHECK_OK(close(in));
	for (i = 0; i < 5; i++) {
		snprintf(f, sizeof(f), "%s/f%d", dir, i);
		CHECK_OK(unlink(f));
	}
	CHECK_OK(rmdir(dir));
}

/* The limits count per user: root at its limit leaves another uid its own. */
static void inotify_user_limits(void)
{
	with_sysctl(U_INST, 4, user_instances_child);
	with_sysctl(U_WATCH, 3, user_watches_child);
}

const struct test inotify_tests[] = {
	{ "inotify_errors", inotify_errors },
	{ "inotify_dir_events", inotify_dir_events },
	{ "inotify_dir_self", inotify_dir_self },
	{ "inotify_file_self", inotify_file_self },
	{ "inotify_unlinked_open", inotify_unlinked_open },
	{ "inotify_masks", inotify_masks },
	{ "inotify_oneshot", inotify_oneshot },
	{ "inotify_dont_follow", inotify_dont_follow },
	{ "inotify_queue_rules", inotify_queue_rules },
	{ "inotify_readiness", inotify_readiness },
	{ "inotify_fdinfo", inotify_fdinfo },
	{ "inotify_unmount", inotify_unmount },
	{ "inotify_overflow", inotify_overflow },
	{ "inotify_limits", inotify_limits },
	{ "inotify_user_limits", inotify_user_limits },
	{ NULL, NULL },
};
