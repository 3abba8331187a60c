/*
 * Pseudo-terminals: /dev/ptmx and /dev/pts (posix_openpt, unlockpt,
 * ptsname), the line discipline between the ends (canonical mode, echo,
 * raw mode), job control through the slave (^C, background reads),
 * packet mode, window size changes, hangup, poll and epoll readiness,
 * index reuse, TIOCGPTPEER, /dev/tty, busybox's shell run under a pty
 * with job control, and busybox telnetd on loopback.
 *
 * The tests that need a controlling terminal fork a child that calls
 * setsid() and opens the slave, so the harness's own session is never
 * touched. Reads are bounded by poll() timeouts: on Linux the input of one
 * end reaches the other end's line discipline asynchronously.
 */
#include "usertests.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>

#define IO_SECS 10

/* A new master (O_RDWR | O_NOCTTY) and its unlocked slave's name. */
static int open_master(char *name, size_t len)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0)
		fail("posix_openpt: errno %d", errno);
	CHECK(grantpt(m) == 0);
	CHECK(unlockpt(m) == 0);
	CHECK(ptsname_r(m, name, len) == 0);
	return m;
}

static int open_pair(int *slave, int sflags)
{
	char name[64];
	int m = open_master(name, sizeof(name));

	*slave = open(name, O_RDWR | sflags);
	if (*slave < 0)
		fail("open %s: errno %d", name, errno);
	return m;
}

/* One read after waiting (bounded) for input; the byte count. */
static ssize_t read_some(int fd, char *buf, size_t n)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t r;

	if (poll(&p, 1, IO_SECS * 1000) != 1)
		fail("no input on fd %d within %d s", fd, IO_SECS);
	r = read(fd, buf, n);
	if (r < 0)
		fail("read fd %d: errno %d", fd, errno);
	return r;
}

/* Exactly @n bytes (several reads if need be). */
static void read_exact(int fd, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read_some(fd, buf + got, n - got);

		if (r == 0)
			fail("EOF after %zu of %zu bytes", got, n);
		got += r;
	}
}

static void expect(int fd, const char *want)
{
	size_t n = strlen(want);
	char buf[256];

	CHECK(n < sizeof(buf));
	read_exact(fd, buf, n);
	buf[n] = 0;
	if (memcmp(buf, want, n))
		fail("read \"%s\", want \"%s\"", buf, want);
}

static void write_str(int fd, const char *s)
{
	size_t n = strlen(s);

	if (write(fd, s, n) != (ssize_t)n)
		fail("write %zu bytes: errno %d", n, errno);
}

/* Nothing readable now (a short poll: only for data that must not come). */
static void expect_nothing(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	CHECK(poll(&p, 1, 50) == 0);
}

static void set_raw(int fd)
{
	struct termios t;

	CHECK_OK(tcgetattr(fd, &t));
	t.c_lflag &= ~(ICANON | ECHO | ISIG);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	CHECK_OK(tcsetattr(fd, TCSANOW, &t));
}

/*
 * A child in a new session with the slave @name of master @m as controlling
 * tty (opened without O_NOCTTY); it runs fn(slave) and exits with its result. The
 * parent returns once the child said it is ready (@ready pipe).
 */
static pid_t ctty_child(int m, const char *name, int (*fn)(int slave, int ready))
{
	int p[2];
	char c;
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		int s;

		close(p[0]);
		close(m);                       /* the parent's close must be the last */
		if (setsid() < 0)
			_exit(90);
		s = open(name, O_RDWR);
		if (s < 0)
			_exit(91);
		_exit(fn(s, p[1]));
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		fail("child %d did not get ready (status %#x)", pid, wait_status(pid));
	close(p[0]);
	return pid;
}

/* The ctty child's verdict: 0, or the step that failed. */
static void child_ok(pid_t pid)
{
	int code = wait_exit(pid);

	if (code)
		fail("child failed at step %d", code);
}

static void ready(int fd)
{
	write(fd, "r", 1);
	close(fd);
}

/* ---- tests ---- */

/* posix_openpt, the lock, ptsname = /dev/pts/TIOCGPTN, the nodes. */
static void pty_open_unlock(void)
{
	char name[64], want[64];
	unsigned int n;
	int m, s, lk;
	struct stat st;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0);
	CHECK_OK(ioctl(m, TIOCGPTN, &n));
	snprintf(want, sizeof(want), "/dev/pts/%u", n);
	CHECK(ptsname_r(m, name, sizeof(name)) == 0);
	CHECK(strcmp(name, want) == 0);
	CHECK_OK(ioctl(m, TIOCGPTLCK, &lk));
	CHECK(lk == 1);
	CHECK_ERR(open(name, O_RDWR | O_NOCTTY), EIO);          /* still locked */
	CHECK(grantpt(m) == 0);
	CHECK(unlockpt(m) == 0);
	CHECK_OK(ioctl(m, TIOCGPTLCK, &lk));
	CHECK(lk == 0);
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	CHECK(isatty(s) && isatty(m));
	CHECK_OK(fstat(s, &st));
	CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 136 && minor(st.st_rdev) == n);
	CHECK((st.st_mode & 07777) == 0620 && st.st_gid == 5 && st.st_uid == 0);
	CHECK_OK(stat("/dev/ptmx", &st));
	CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 2);
	CHECK_ERR(ioctl(s, TIOCGPTN, &n), ENOTTY);              /* a master's ioctl */
	CHECK_ERR(unlink(name), EPERM);
	close(s);
	close(m);
	CHECK_ERR(stat(name, &st), ENOENT);                     /* gone with the master */
}

/* Canonical mode: whole lines, echo to the master, ^D, erase. */
static void pty_canon(void)
{
	char buf[64];
	int s, m = open_pair(&s, O_NOCTTY);

	write_str(m, "ab");
	expect(m, "ab");                                        /* echoed as typed */
	CHECK_OK(fcntl(s, F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN);           /* no line yet */
	CHECK_OK(fcntl(s, F_SETFL, 0));
	write_str(m, "c\x7f" "d\r");                            /* erase, CR -> NL */
	expect(m, "c\b \bd\r\n");
	CHECK(read_some(s, buf, sizeof(buf)) == 4 && memcmp(buf, "abd\n", 4) == 0);
	write_str(m, "one\ntwo\n");
	expect(m, "one\r\ntwo\r\n");
	CHECK(read_some(s, buf, sizeof(buf)) == 4 && memcmp(buf, "one\n", 4) == 0);
	CHECK(read_some(s, buf, sizeof(buf)) == 4 && memcmp(buf, "two\n", 4) == 0);
	write_str(m, "\x04");                                   /* ^D at line start: EOF */
	CHECK(read_some(s, buf, sizeof(buf)) == 0);
	write_str(s, "out\n");                                  /* ONLCR on the slave */
	expect(m, "out\r\n");
	close(s);
	close(m);
}

/* ICANON off: bytes as they come, no echo; the master is raw both ways. */
static void pty_raw(void)
{
	char buf[16];
	int s, m = open_pair(&s, O_NOCTTY);

	set_raw(s);
	write_str(m, "x\ry");
	read_exact(s, buf, 3);
	CHECK(memcmp(buf, "x\ny", 3) == 0);                     /* ICRNL still on */
	expect_nothing(m);                                      /* no echo */
	write_str(m, "\x03");                                   /* ISIG off: a byte */
	read_exact(s, buf, 1);
	CHECK(buf[0] == 3);
	struct termios t, ts;                   /* the master's termios are the slave's */
	CHECK_OK(tcgetattr(m, &t));
	CHECK_OK(tcgetattr(s, &ts));
	CHECK(t.c_lflag == ts.c_lflag && t.c_iflag == ts.c_iflag && t.c_oflag == ts.c_oflag);
	close(s);
	close(m);
}

static int sigint_child(int s, int r)
{
	ready(r);
	for (int i = 0; i < 100 * IO_SECS; i++)
		usleep(10000);                  /* until SIGINT */
	return 1;
}

/*
 * ^C written on the master kills the foreground group of the slave. The
 * line discipline signals before it echoes, so the child may be gone (and
 * with it the last slave descriptor: the master reads EIO) before "^C"
 * reaches the master; the test holds the slave open to read the echo.
 */
static void pty_sigint(void)
{
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, sigint_child);
	int s = open(name, O_RDWR | O_NOCTTY), st;

	CHECK(s >= 0);
	write_str(m, "\x03");
	expect(m, "^C");
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	close(s);
	close(m);
}

/* A background group reading its terminal is stopped by SIGTTIN. */
static int ttin_child(int s, int r)
{
	pid_t bg = fork();
	int st;
	char c;

	if (bg == 0) {
		setpgid(0, 0);
		read(s, &c, 1);
		_exit(3);
	}
	if (bg < 0)
		return 10;
	setpgid(bg, bg);
	ready(r);
	if (waitpid(bg, &st, WUNTRACED) != bg)
		return 11;
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTTIN)
		return 12;
	/* the foreground group (ours) may read; SIGTTOU ignored lets tcsetpgrp pass */
	if (tcgetpgrp(s) != getpgrp())
		return 13;
	kill(bg, SIGKILL);
	waitpid(bg, &st, 0);
	return 0;
}

static void pty_sigttin(void)
{
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, ttin_child);

	child_ok(pid);
	close(m);
}

/* tcsetpgrp hands the terminal to a group; writes with TOSTOP stop others. */
static int ttou_child(int s, int r)
{
	struct termios t;
	pid_t bg = fork();
	int st;

	if (bg == 0) {
		setpgid(0, 0);
		if (tcgetattr(s, &t))
			_exit(20);
		t.c_lflag |= TOSTOP;
		tcsetattr(s, TCSANOW, &t);      /* background: SIGTTOU stops us */
		_exit(4);
	}
	if (bg < 0)
		return 10;
	setpgid(bg, bg);
	ready(r);
	if (waitpid(bg, &st, WUNTRACED) != bg || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTTOU)
		return 11;
	if (tcsetpgrp(s, bg))                   /* give it the terminal, then continue */
		return 12;
	kill(bg, SIGCONT);
	if (waitpid(bg, &st, 0) != bg || !WIFEXITED(st) || WEXITSTATUS(st) != 4)
		return 13;
	signal(SIGTTOU, SIG_IGN);               /* we are background now */
	if (tcsetpgrp(s, getpgrp()))
		return 14;
	return tcgetpgrp(s) == getpgrp() ? 0 : 15;
}

static void pty_sigttou(void)
{
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, ttou_child);

	child_ok(pid);
	close(m);
}

/* ^Z stops the foreground group; the session leader sees it stop. */
static int tstp_child(int s, int r)
{
	pid_t fg = fork();
	int st;

	if (fg == 0) {
		setpgid(0, 0);
		for (int i = 0; i < 100 * IO_SECS; i++)
			usleep(10000);
		_exit(5);
	}
	if (fg < 0)
		return 10;
	setpgid(fg, fg);
	signal(SIGTTOU, SIG_IGN);
	if (tcsetpgrp(s, fg))
		return 11;
	ready(r);
	if (waitpid(fg, &st, WUNTRACED) != fg || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTSTP)
		return 12;
	kill(fg, SIGKILL);
	waitpid(fg, &st, 0);
	return 0;
}

static void pty_sigtstp(void)
{
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, tstp_child);

	write_str(m, "\x1a");
	expect(m, "^Z");
	child_ok(pid);
	close(m);
}

/* The next packet-mode read is status byte @want alone. */
static void expect_status(int m, unsigned char want)
{
	struct pollfd p = { .fd = m, .events = POLLPRI };
	char buf[8];

	CHECK(poll(&p, 1, IO_SECS * 1000) == 1 && (p.revents & POLLPRI));
	CHECK(read(m, buf, sizeof(buf)) == 1);
	if ((unsigned char)buf[0] != want)
		fail("status %#x, want %#x", (unsigned char)buf[0], want);
}

/* TIOCPKT: data after a 0 byte; flush and flow changes as status bytes. */
static void pty_packet(void)
{
	struct termios t;
	char buf[16];
	int one = 1, v = 0, s, m = open_pair(&s, O_NOCTTY);

	CHECK_OK(ioctl(m, TIOCPKT, &one));
	CHECK_OK(ioctl(m, TIOCGPKT, &v));
	CHECK(v == 1);
	write_str(s, "hi");
	CHECK(read_some(m, buf, sizeof(buf)) == 3 && memcmp(buf, "\0hi", 3) == 0);
	CHECK_OK(tcflush(s, TCIFLUSH));
	expect_status(m, TIOCPKT_FLUSHREAD);
	CHECK_OK(tcflush(s, TCOFLUSH));
	expect_status(m, TIOCPKT_FLUSHWRITE);
	CHECK_OK(tcgetattr(s, &t));
	t.c_iflag &= ~IXON;
	CHECK_OK(tcsetattr(s, TCSANOW, &t));
	expect_status(m, TIOCPKT_NOSTOP);
	t.c_iflag |= IXON;
	CHECK_OK(tcsetattr(s, TCSANOW, &t));
	expect_status(m, TIOCPKT_DOSTOP);
	write_str(m, "\x13");                   /* ^S: the slave's output stops */
	expect_status(m, TIOCPKT_STOP);
	write_str(m, "\x11");                   /* ^Q */
	expect_status(m, TIOCPKT_START);
	one = 0;
	CHECK_OK(ioctl(m, TIOCPKT, &one));
	write_str(s, "z");
	CHECK(read_some(m, buf, sizeof(buf)) == 1 && buf[0] == 'z');
	close(s);
	close(m);
}

static int winch_child(int s, int r)
{
	struct timespec ts = { IO_SECS, 0 };
	struct winsize ws;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ready(r);
	if (sigtimedwait(&set, NULL, &ts) != SIGWINCH)
		return 20;
	if (ioctl(s, TIOCGWINSZ, &ws) || ws.ws_row != 33 || ws.ws_col != 101)
		return 21;
	return 0;
}

/* TIOCSWINSZ on the master: both ends see the size, the slave's group SIGWINCH. */
static void pty_winsize(void)
{
	struct winsize ws = { .ws_row = 33, .ws_col = 101 }, got;
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, winch_child);

	CHECK_OK(ioctl(m, TIOCSWINSZ, &ws));
	CHECK_OK(ioctl(m, TIOCGWINSZ, &got));
	CHECK(got.ws_row == 33 && got.ws_col == 101);
	child_ok(pid);
	close(m);
}

static int hup_child(int s, int r)
{
	struct timespec ts = { IO_SECS, 0 };
	sigset_t set;
	char c;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ready(r);
	if (sigtimedwait(&set, NULL, &ts) != SIGHUP)
		return 30;
	if (read(s, &c, 1) != 0)
		return 31;                      /* hung up: end of file */
	if (write(s, "x", 1) != -1 || errno != EIO)
		return 32;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 33;                      /* no controlling tty any more */
	return 0;
}

/* Closing the master hangs the slave up: SIGHUP to the session leader. */
static void pty_hangup(void)
{
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, hup_child);

	close(m);
	child_ok(pid);
}

/* The slave's last close: the master reads what is left, then EIO. */
static void pty_slave_close(void)
{
	struct pollfd p;
	char buf[8];
	int s, m = open_pair(&s, O_NOCTTY);

	write_str(s, "bye");
	close(s);
	p = (struct pollfd){ .fd = m, .events = POLLIN };
	CHECK(poll(&p, 1, IO_SECS * 1000) == 1 && (p.revents & POLLHUP));
	read_exact(m, buf, 3);
	CHECK(memcmp(buf, "bye", 3) == 0);
	CHECK_ERR(read(m, buf, sizeof(buf)), EIO);
	close(m);
}

/* poll, select-style readiness and epoll on both ends. */
static void pty_poll(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct pollfd p[2];
	char buf[8];
	int s, m = open_pair(&s, O_NOCTTY), ep;

	p[0] = (struct pollfd){ .fd = m, .events = POLLIN | POLLOUT };
	p[1] = (struct pollfd){ .fd = s, .events = POLLIN | POLLOUT };
	CHECK(poll(p, 2, 0) == 2);
	CHECK(p[0].revents == POLLOUT && p[1].revents == POLLOUT);
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	ev.data.fd = s;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	write_str(m, "line\n");
	CHECK(epoll_wait(ep, &out, 1, IO_SECS * 1000) == 1 && out.data.fd == s);
	CHECK(read(s, buf, sizeof(buf)) == 5);
	expect(m, "line\r\n");
	ev.data.fd = m;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, m, &ev));
	write_str(s, "k");
	CHECK(epoll_wait(ep, &out, 1, IO_SECS * 1000) == 1 && out.data.fd == m);
	close(ep);
	close(s);
	close(m);
}

/* Many pairs at once, distinct indexes; closing frees them for reuse. */
static void pty_many(void)
{
	enum { N = 48 };
	int m[N], s[N];
	unsigned int idx[N], again;
	char text[32];
	long before, during;

	CHECK(read_text("/proc/sys/kernel/pty/nr", text, sizeof(text)) > 0);
	before = atol(text);
	for (int i = 0; i < N; i++) {
		m[i] = open_pair(&s[i], O_NOCTTY);
		CHECK_OK(ioctl(m[i], TIOCGPTN, &idx[i]));
		for (int j = 0; j < i; j++)
			CHECK(idx[j] != idx[i]);
	}
	CHECK(read_text("/proc/sys/kernel/pty/nr", text, sizeof(text)) > 0);
	during = atol(text);
	CHECK(during >= before + N);
	for (int i = 0; i < N; i++) {
		close(s[i]);
		close(m[i]);
	}
	m[0] = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m[0] >= 0);
	CHECK_OK(ioctl(m[0], TIOCGPTN, &again));
	int reused = 0;
	for (int i = 0; i < N; i++)
		reused |= idx[i] == again;
	CHECK(reused);
	close(m[0]);
}

/* TIOCGPTPEER opens the slave from the master: EIO while locked. */
static void pty_peer(void)
{
	struct stat a, b;
	char name[64];
	int m, s, lk = 1;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0);
	CHECK_ERR(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY), EIO);
	CHECK_OK(ioctl(m, TIOCSPTLCK, &(int){ 0 }));
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(s >= 0);
	CHECK((fcntl(s, F_GETFD) & FD_CLOEXEC) != 0);
	CHECK(ptsname_r(m, name, sizeof(name)) == 0);
	CHECK_OK(fstat(s, &a));
	CHECK_OK(stat(name, &b));
	CHECK(a.st_rdev == b.st_rdev && a.st_ino == b.st_ino);
	write_str(m, "p\n");
	expect(s, "p\n");
	CHECK_OK(ioctl(m, TIOCSPTLCK, &lk));
	CHECK_ERR(open(name, O_RDWR | O_NOCTTY), EIO);
	close(s);
	close(m);
}

static int devtty_child(int s, int r)
{
	int t = open("/dev/tty", O_RDWR);
	pid_t sid;

	if (t < 0)
		return 40;
	if (ioctl(t, TIOCGSID, &sid) || sid != getsid(0))
		return 41;
	if (write(t, "via tty\n", 8) != 8)
		return 42;
	close(t);
	ready(r);
	return 0;
}

/* /dev/tty of a session whose controlling tty is a pty slave. */
static void pty_dev_tty(void)
{
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid = ctty_child(m, name, devtty_child);

	expect(m, "via tty\r\n");
	child_ok(pid);
	close(m);
}

/* Read from the master until @want appears (or fail); bounded. */
static void shell_wait_for(int m, const char *want, char *log, size_t size)
{
	size_t used = 0;

	if (getenv("PTY_DEBUG"))
		fprintf(stderr, "[waiting for %s]\n", want);
	log[0] = 0;
	while (!strstr(log, want)) {
		if (used + 1 >= size)
			fail("no \"%s\" in %zu bytes of shell output", want, used);
		struct pollfd p = { .fd = m, .events = POLLIN };

		if (poll(&p, 1, IO_SECS * 1000) != 1)
			fail("no \"%s\" from the shell within %d s: %s", want, IO_SECS, log);
		ssize_t r = read(m, log + used, size - 1 - used);

		if (r <= 0)
			fail("shell output ended before \"%s\": %s", want, log);
		used += r;
		log[used] = 0;
		if (getenv("PTY_DEBUG"))
			fprintf(stderr, "[got %zd: %s]\n", r, log + used - r);
	}
}

/* /proc/PID/stat's state letter (R, S, T, Z, ...); 0 if there is no such task. */
static char task_state(pid_t pid)
{
	char path[64], stat[512];
	const char *st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	stat[n > 0 ? n : 0] = 0;
	st = strrchr(stat, ')');
	return st && st[1] ? st[2] : '?';
}

/* Read the shell @pid's last words until its slave closes (EIO); bounded. */
static void drain_until_hangup(int m, pid_t pid)
{
	char buf[256], said[1024] = "";

	for (int i = 0; i < 1000; i++) {
		struct pollfd p = { .fd = m, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, IO_SECS * 1000) != 1)
			fail("the shell did not exit within %d s (state %c); it said: %s",
			     IO_SECS, task_state(pid), said);
		r = read(m, buf, sizeof(buf) - 1);
		if (r < 0 && errno == EIO)
			return;
		if (r <= 0)
			fail("read master: %zd errno %d", r, errno);
		buf[r] = 0;
		if (strlen(said) + r < sizeof(said))
			strcat(said, buf);
		if (getenv("PTY_DEBUG"))
			fprintf(stderr, "[exit got %zd: %s]\n", r, buf);
	}
	fail("the shell kept talking");
}

/*
 * busybox sh -i under a pty: a background job, jobs, fg, ^Z, kill.
 * Markers are printed by arithmetic so the echo of the command line never
 * matches them.
 */
static void pty_shell_jobs(void)
{
	static char log[8192];
	char name[64];
	int m = open_master(name, sizeof(name));
	pid_t pid;

	if (access("/bin/sh", X_OK))
		fail("no /bin/sh");
	pid = fork_or_fail();
	if (pid == 0) {
		int s;

		setsid();
		s = open(name, O_RDWR);
		if (s < 0)
			_exit(90);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		close(m);
		execl("/bin/sh", "sh", "-i", (char *)NULL);
		_exit(91);
	}
	shell_wait_for(m, "# ", log, sizeof(log));     /* the first prompt: it reads now */
	write_str(m, "PS1='$ '; echo M$((40+1))\n");
	shell_wait_for(m, "M41", log, sizeof(log));
	write_str(m, "sleep 100 & echo M$((40+2))\n");
	shell_wait_for(m, "M42", log, sizeof(log));
	write_str(m, "jobs; echo M$((40+3))\n");
	shell_wait_for(m, "M43", log, sizeof(log));
	if (!strstr(log, "sleep 100"))
		fail("jobs did not list the sleep: %s", log);
	write_str(m, "fg\n");
	shell_wait_for(m, "sleep 100", log, sizeof(log));
	/*
	 * ^Z only once the job owns the terminal (TIOCGPGRP: the slave's
	 * group) and the shell sleeps in its wait: fg hands over the terminal,
	 * then sends SIGCONT, which would undo a stop that came between.
	 */
	pid_t fg = 0;
	WAIT_FOR(ioctl(m, TIOCGPGRP, &fg) == 0 && fg > 0 && fg != pid, IO_SECS);
	WAIT_FOR(task_state(pid) == 'S', IO_SECS);
	write_str(m, "\x1a");                   /* ^Z: the sleep stops */
	shell_wait_for(m, "Stopped", log, sizeof(log));
	/* wait returns at once for a stopped job: the SIGKILL may land later */
	write_str(m, "kill -9 %1; wait %1; echo M$((40+4))\n");
	shell_wait_for(m, "M44", log, sizeof(log));
	/* the sleep (its group leader) dead before jobs reaps it, or exit
	 * would refuse with "You have stopped jobs." */
	WAIT_FOR(task_state(fg) == 'Z' || task_state(fg) == 0, IO_SECS);
	write_str(m, "jobs; echo M$((40+5))\n");      /* reports the kill: no job left */
	shell_wait_for(m, "M45", log, sizeof(log));
	write_str(m, "exit 7\n");
	drain_until_hangup(m, pid);
	CHECK(wait_exit(pid) == 7);
	close(m);
}

/* Read from socket @fd until @want appears (bounded); what was read. */
static const char *sock_wait_for(int fd, const char *want)
{
	static char log[4096];
	size_t used = 0;

	log[0] = 0;
	while (!strstr(log, want)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (used + 1 >= sizeof(log))
			fail("no \"%s\" in %zu bytes from telnetd", want, used);
		if (poll(&p, 1, IO_SECS * 1000) != 1)
			fail("telnetd sent no \"%s\" within %d s: %s", want, IO_SECS, log);
		r = read(fd, log + used, sizeof(log) - 1 - used);
		if (r <= 0)
			fail("telnetd connection ended before \"%s\": %s", want, log);
		/* telnet option bytes (IAC ...) may hold NULs: keep the text searchable */
		for (ssize_t i = 0; i < r; i++)
			if (!log[used + i])
				log[used + i] = ' ';
		used += r;
		log[used] = 0;
	}
	return log;
}

/*
 * busybox telnetd on loopback: it gets a pty per connection (ptmx,
 * unlockpt, ptsname), runs a shell on the slave as controlling tty and
 * relays between the socket and the master.
 */
static void pty_telnetd(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char port[8], c;
	pid_t pid;
	int fd = -1;

	if (access("/bin/busybox", X_OK))
		fail("no /bin/busybox");
	sa.sin_port = htons(20000 + getpid() % 20000);
	snprintf(port, sizeof(port), "%d", ntohs(sa.sin_port));
	pid = fork_or_fail();
	if (pid == 0) {
		execl("/bin/busybox", "telnetd", "-F", "-b", "127.0.0.1", "-p", port,
		      "-l", "/bin/sh", (char *)NULL);
		_exit(91);
	}
	for (int i = 0; i < 100 * IO_SECS && fd < 0; i++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		CHECK(fd >= 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		close(fd);
		fd = -1;
		usleep(10000);
	}
	if (fd < 0) {
		kill(pid, SIGKILL);
		fail("telnetd did not listen on port %s", port);
	}
	write_str(fd, "tty; echo T$((20+3))\r\n");
	if (!strstr(sock_wait_for(fd, "T23"), "\n/dev/pts/"))
		fail("the shell's tty is not a pty");
	write_str(fd, "exit\r\n");
	while (read(fd, &c, 1) > 0)
		;                               /* the shell exits, telnetd hangs up */
	close(fd);
	kill(pid, SIGTERM);
	wait_status(pid);
}

const struct test pty_tests[] = {
	{ "pty_open_unlock", pty_open_unlock },
	{ "pty_canon", pty_canon },
	{ "pty_raw", pty_raw },
	{ "pty_sigint", pty_sigint },
	{ "pty_sigttin", pty_sigttin },
	{ "pty_sigttou", pty_sigttou },
	{ "pty_sigtstp", pty_sigtstp },
	{ "pty_packet", pty_packet },
	{ "pty_winsize", pty_winsize },
	{ "pty_hangup", pty_hangup },
	{ "pty_slave_close", pty_slave_close },
	{ "pty_poll", pty_poll },
	{ "pty_many", pty_many },
	{ "pty_peer", pty_peer },
	{ "pty_dev_tty", pty_dev_tty },
	{ "pty_shell_jobs", pty_shell_jobs, 60 },
	{ "pty_telnetd", pty_telnetd, 60 },
	{ NULL, NULL },
};
