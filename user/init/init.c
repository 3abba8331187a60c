/*
 * /sbin/init — PID 1 for both shoal and the Linux reference kernel.
 *
 * 1. Load any kernel modules in /lib/modules/preload (Linux runs only).
 * 2. Mount /proc, /dev (devtmpfs), /dev/pts (devpts), /tmp (tmpfs) and
 *    /sys; bring up lo.
 *    If the kernel command line has ip=CLIENT::GW:MASK::DEV:off and DEV
 *    has no IPv4 address yet (a kernel without CONFIG_IP_PNP, as Debian's
 *    Linux), configure DEV from it as the kernel would have.
 * 3. Run the job from /etc/shoal-job (argv strings, NUL-separated) on
 *    /dev/console in its own session, with the KEY=VALUE lines of
 *    /etc/shoal-env (if any) added to its environment, reaping every child
 *    (orphans too) until the job exits.
 * 4. Print "shoal-init: job exited with status N" and power off. On shoal,
 *    PID 1's exit status becomes QEMU's exit status; on Linux we call
 *    reboot(RB_POWER_OFF) and scripts/run reads the status line.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define JOB_FILE "/etc/shoal-job"
#define ENV_FILE "/etc/shoal-env"
#define MAX_ENV 32
#define PRELOAD_DIR "/lib/modules/preload"
#define MAX_ARGS 256

static char *job_env[MAX_ENV + 1] = {
	"PATH=/bin:/sbin:/usr/bin:/usr/sbin",
	"HOME=/root",
	"TERM=linux",
	NULL,
};

/* Unbuffered printf to our stdout (the console). */
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (write(1, buf, n) < 0) {
		/* nothing we can do */
	}
}

static int on_shoal(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "shoal") != NULL;
}

static void __attribute__((noreturn)) power_off(int status)
{
	sync();
	if (on_shoal())
		_exit(status);
	reboot(RB_POWER_OFF);
	/* Not reached on Linux; panic=-1 then -no-reboot ends QEMU anyway. */
	_exit(status);
}

/* Make fds 0, 1 and 2 refer to /dev/console (if it can be opened). */
static void open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static int do_mount(const char *src, const char *dir, const char *type,
		    unsigned long flags, const char *data, int quiet)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, flags, data) == 0 || errno == EBUSY)
		return 0;
	if (!quiet)
		say("shoal-init: mount %s on %s failed: %s\n", type, dir,
		    strerror(errno));
	return -1;
}

/* No devtmpfs: make the few device nodes programs expect. */
static void make_dev_nodes(void)
{
	static const struct { const char *path; mode_t mode; int maj, min; } n[] = {
		{ "/dev/console", S_IFCHR | 0600, 5, 1 },
		{ "/dev/tty",     S_IFCHR | 0666, 5, 0 },
		{ "/dev/null",    S_IFCHR | 0666, 1, 3 },
		{ "/dev/zero",    S_IFCHR | 0666, 1, 5 },
		{ "/dev/random",  S_IFCHR | 0666, 1, 8 },
		{ "/dev/urandom", S_IFCHR | 0666, 1, 9 },
	};

	for (unsigned i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		mknod(n[i].path, n[i].mode, makedev(n[i].maj, n[i].min));
}

/* Bring the loopback interface up, as a distribution's init would (best
 * effort, silent: the kernel may have no sockets yet). */
static void loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/* Append ENV_FILE's KEY=VALUE lines to job_env (bounded by MAX_ENV). */
static void read_job_env(void)
{
	static char buf[4096];
	int fd = open(ENV_FILE, O_RDONLY | O_CLOEXEC);
	ssize_t len;
	int n = 0;
	char *line, *save;

	if (fd < 0)
		return;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return;
	buf[len] = '\0';
	while (job_env[n])
		n++;
	for (line = strtok_r(buf, "\n", &save); line && n < MAX_ENV;
	     line = strtok_r(NULL, "\n", &save))
		if (strchr(line, '=') && line[0] != '=')
			job_env[n++] = line;
	job_env[n] = NULL;
}

/* The value of kernel parameter NAME= in /proc/cmdline, copied to out. */
static int cmdline_param(const char *name, char *out, size_t size)
{
	char buf[2048], *tok, *save;
	size_t nlen = strlen(name);
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		if (strncmp(tok, name, nlen) == 0 && tok[nlen] == '=') {
			snprintf(out, size, "%s", tok + nlen + 1);
			return 0;
		}
	}
	return -1;
}

/* Split s at ':' into at most max fields (empty ones kept). */
static int split_colons(char *s, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	for (; *s && n < max; s++) {
		if (*s == ':') {
			*s = '\0';
			f[n++] = s + 1;
		}
	}
	return n;
}

static int set_addr(int fd, unsigned long req, const char *dev, const char *a)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, a, &sin->sin_addr) != 1)
		return -1;
	return ioctl(fd, req, &ifr);
}

/* A default route through gw (the ioctl busybox's route uses). */
static int add_default_route(int fd, const char *gw)
{
	struct rtentry rt;
	struct sockaddr_in *sin;

	memset(&rt, 0, sizeof(rt));
	sin = (struct sockaddr_in *)&rt.rt_dst;
	sin->sin_family = AF_INET;
	sin = (struct sockaddr_in *)&rt.rt_genmask;
	sin->sin_family = AF_INET;
	sin = (struct sockaddr_in *)&rt.rt_gateway;
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, gw, &sin->sin_addr) != 1)
		return -1;
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	return ioctl(fd, SIOCADDRT, &rt);
}

/*
 * ip=CLIENT:SERVER:GW:NETMASK:HOSTNAME:DEV:AUTOCONF, static form only.
 * Done only when DEV exists and has no IPv4 address: a kernel that
 * applied ip= itself is left alone.
 */
static void apply_ip_param(void)
{
	char val[256], *f[7] = { 0 };
	const char *dev = "eth0";
	struct ifreq ifr;
	int fd, n;

	if (cmdline_param("ip", val, sizeof(val)) != 0)
		return;
	n = split_colons(val, f, 7);
	if (n < 4 || !f[0][0] || !f[3][0])
		return;
	if (n >= 6 && f[5][0])
		dev = f[5];
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) {
		say("shoal-init: ip=: no interface %s\n", dev);
		goto out;
	}
	if (ioctl(fd, SIOCGIFADDR, &ifr) == 0)
		goto out; /* the kernel did it */
	if (set_addr(fd, SIOCSIFADDR, dev, f[0]) != 0 ||
	    set_addr(fd, SIOCSIFNETMASK, dev, f[3]) != 0) {
		say("shoal-init: ip=: cannot set %s's address: %s\n", dev,
		    strerror(errno));
		goto out;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (f[2][0] && add_default_route(fd, f[2]) != 0)
		say("shoal-init: ip=: no default route via %s: %s\n", f[2],
		    strerror(errno));
out:
	close(fd);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Linux runs: load modules from PRELOAD_DIR in name order (01-x.ko, ...). */
static void load_modules(void)
{
	DIR *d = opendir(PRELOAD_DIR);
	char *names[64];
	int n = 0;
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL && n < 64) {
		size_t len = strlen(e->d_name);

		if (len > 3 && strcmp(e->d_name + len - 3, ".ko") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (int i = 0; i < n; i++) {
		char path[512];
		int fd;

		snprintf(path, sizeof(path), "%s/%s", PRELOAD_DIR, names[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0) {
			if (errno != EEXIST)
				say("shoal-init: loading %s failed: %s\n", path,
				    strerror(errno));
		}
		if (fd >= 0)
			close(fd);
		free(names[i]);
	}
}

/* Read the NUL-separated argv from JOB_FILE. Returns argc, or -1. */
static int read_job(char **argv, int max)
{
	static char buf[16384];
	int fd = open(JOB_FILE, O_RDONLY | O_CLOEXEC);
	ssize_t len = 0, r;
	int argc = 0;

	if (fd < 0)
		return -1;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += r;
	close(fd);
	buf[len] = '\0';
	for (ssize_t i = 0; i < len && argc < max - 1;) {
		argv[argc++] = &buf[i];
		i += strlen(&buf[i]) + 1;
	}
	argv[argc] = NULL;
	return argc;
}

static pid_t start_job(char **argv)
{
	pid_t pid = fork();

	if (pid < 0) {
		say("shoal-init: fork failed: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		int fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			ioctl(fd, TIOCSCTTY, 0); /* best effort */
			for (int i = 0; i < 3; i++)
				if (fd != i)
					dup2(fd, i);
			if (fd > 2)
				close(fd);
		}
		/* a bare name is looked up in the job's PATH, as a shell would */
		environ = (char **)job_env;
		execvp(argv[0], argv);
		say("shoal-init: cannot execute %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	return pid;
}

int main(void)
{
	char *argv[MAX_ARGS];
	static char *sh_argv[] = { "/bin/sh", NULL };
	char **job = argv;
	pid_t pid;
	int status = 0, code;

	open_console();
	load_modules();
	do_mount("proc", "/proc", "proc", 0, NULL, 0);
	if (do_mount("devtmpfs", "/dev", "devtmpfs", 0, "mode=0755", 0) != 0)
		make_dev_nodes();
	open_console(); /* /dev/console may exist only now */
	/* ptys: slaves mode 0620 group tty (5), as a distribution mounts it */
	do_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		 "gid=5,mode=620,ptmxmode=000", 0);
	do_mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777", 0);
	do_mount("sysfs", "/sys", "sysfs", 0, NULL, 1);
	/* POSIX message queues, where Linux's init mounts them */
	do_mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 1);
	loopback_up();
	apply_ip_param();
	read_job_env();

	if (read_job(argv, MAX_ARGS) < 1) {
		if (access("/bin/sh", X_OK) != 0) {
			say("shoal-init: no %s and no /bin/sh; nothing to run\n",
			    JOB_FILE);
			power_off(1);
		}
		job = sh_argv;
	}

	pid = start_job(job);
	if (pid < 0)
		power_off(1);

	/* Reap every child; stop when the job itself has exited. */
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, 0);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			say("shoal-init: wait failed: %s\n", strerror(errno));
			status = 255 << 8;
			break;
		}
		if (p == pid) {
			status = st;
			break;
		}
	}

	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 255;
	say("shoal-init: job exited with status %d\n", code);
	power_off(code);
}
