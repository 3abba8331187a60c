/*
 * Credentials and capabilities (Documentation/credentials.md): each test
 * forks a child that changes its ids or capability sets and checks what it
 * may and may no longer do; the root parent prepares files and cleans up.
 * Everything is Linux's behaviour (the tests run as root on both kernels).
 */
#include "usertests.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>

#define NOBODY          65534
#define OTHER_UID       1000

#define CAP_CHOWN               0
#define CAP_DAC_OVERRIDE        1
#define CAP_KILL                5
#define CAP_NET_BIND_SERVICE    10
#define CAP_NET_RAW             13
#define CAP_SYS_ADMIN           21
#define CAP_LAST_CAP            40      /* Linux 6.12's CAP_CHECKPOINT_RESTORE */
#define CAP_FULL                ((1ULL << (CAP_LAST_CAP + 1)) - 1)
#define CAPV1                   0x19980330
#define CAPV3                   0x20080522

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT          47
#define PR_CAP_AMBIENT_IS_SET   1
#define PR_CAP_AMBIENT_RAISE    2
#endif

struct cap_hdr { uint32_t version; int pid; };
struct cap_data { uint32_t effective, permitted, inheritable; };
struct caps { uint64_t eff, prm, inh; };

static struct caps caps_get(void)
{
	struct cap_hdr h = { CAPV3, 0 };
	struct cap_data d[2];
	struct caps c;

	CHECK(syscall(SYS_capget, &h, d) == 0);
	c.eff = d[0].effective | (uint64_t)d[1].effective << 32;
	c.prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	c.inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return c;
}

static long caps_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct cap_hdr h = { CAPV3, 0 };
	struct cap_data d[2] = {
		{ (uint32_t)eff, (uint32_t)prm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32) },
	};

	return syscall(SYS_capset, &h, d);
}

/* Give up root: no groups, gid and uid @id in all their slots. */
static void drop_to(uid_t id)
{
	CHECK_OK(setgroups(0, NULL));
	CHECK_OK(setresgid(id, id, id));
	CHECK_OK(setresuid(id, id, id));
	CHECK(geteuid() == id && getuid() == id && getegid() == id);
}

/* A root-owned file with @mode in /tmp (path in @buf). */
static void root_file(char *buf, size_t len, const char *name, mode_t mode)
{
	int fd;

	tmp_path(buf, len, name);
	unlink(buf);
	fd = open(buf, O_CREAT | O_EXCL | O_WRONLY, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "secret\n", 7) == 7);
	close(fd);
	CHECK_OK(chmod(buf, mode));
}

/* The value of a "Name:\t..." line of /proc/self/status, or fail. */
static void status_line(const char *name, char *out, size_t len)
{
	static char buf[4096];
	char *p, *e;

	CHECK(read_text("/proc/self/status", buf, sizeof(buf)) > 0);
	p = strstr(buf, name);
	if (!p)
		fail("no %s in /proc/self/status", name);
	p += strlen(name);
	while (*p == '\t' || *p == ' ')
		p++;
	e = strchr(p, '\n');
	if (!e || (size_t)(e - p) >= len)
		fail("bad %s line", name);
	memcpy(out, p, e - p);
	out[e - p] = 0;
}

static uint64_t status_hex(const char *name)
{
	char v[64];

	status_line(name, v, sizeof(v));
	return strtoull(v, NULL, 16);
}

/* ---- ids ---- */

static void cred_ids(void)
{
	uid_t r, e, s;
	char line[128];
	pid_t pid;

	CHECK(getuid() == 0 && geteuid() == 0);
	CHECK(status_hex("CapEff:") == CAP_FULL);
	CHECK(status_hex("CapBnd:") == CAP_FULL);
	pid = fork_or_fail();
	if (pid == 0) {
		CHECK_OK(setresgid(2000, 2001, 2002));
		CHECK_OK(setresuid(1000, 1001, 1002));
		CHECK_OK(getresuid(&r, &e, &s));
		CHECK(r == 1000 && e == 1001 && s == 1002);
		status_line("Uid:", line, sizeof(line));
		CHECK(strcmp(line, "1000\t1001\t1002\t1001") == 0);
		status_line("Gid:", line, sizeof(line));
		CHECK(strcmp(line, "2000\t2001\t2002\t2001") == 0);
		/* every uid left 0: the permitted and effective sets are gone */
		CHECK(status_hex("CapPrm:") == 0 && status_hex("CapEff:") == 0);
		CHECK(caps_get().prm == 0);
		/* switching among our own three ids needs no capability */
		CHECK_OK(setresuid(1002, 1000, 1001));
		CHECK_OK(setreuid(-1, 1001));
		CHECK(geteuid() == 1001);
		CHECK_ERR(setuid(0), EPERM);
		CHECK_ERR(setreuid(0, -1), EPERM);
		CHECK_ERR(setresuid(-1, 0, -1), EPERM);
		CHECK_ERR(setgid(0), EPERM);
		CHECK_ERR(setgroups(0, NULL), EPERM);
		/* setfsuid returns the old fsuid whether or not it changed */
		CHECK(setfsuid(0) == 1001);             /* refused: not one of ours */
		CHECK(setfsuid(1002) == 1001);          /* the real uid: allowed */
		CHECK(setfsuid(-1) == 1002);
		_exit(0);
	}
	wait_ok(pid);
}

/* setuid(0)-root to uid 1000 with euid 0 kept: the effective set follows
 * euid; back to euid 0 refills it from the permitted set. */
static void cred_euid_caps(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		CHECK_OK(setresuid(OTHER_UID, OTHER_UID, 0));
		CHECK(caps_get().eff == 0 && caps_get().prm == CAP_FULL);
		CHECK_OK(setresuid(-1, 0, -1));
		CHECK(caps_get().eff == CAP_FULL);
		CHECK_OK(setuid(OTHER_UID));    /* with CAP_SETUID: all three */
		CHECK(caps_get().prm == 0);
		CHECK_ERR(setuid(0), EPERM);
		_exit(0);
	}
	wait_ok(pid);
}

static void cred_groups(void)
{
	gid_t want[3] = { 500, 30, 7 }, got[8];
	char path[64], line[64];
	pid_t pid;
	int fd;

	root_file(path, sizeof(path), "grp", 0640);
	CHECK_OK(chown(path, 0, 30));
	pid = fork_or_fail();
	if (pid == 0) {
		gid_t bad[2] = { 5, (gid_t)-1 };

		CHECK_ERR(setgroups(2, bad), EINVAL);
		CHECK_OK(setgroups(3, want));
		CHECK(getgroups(0, NULL) == 3);
		CHECK_ERR(getgroups(2, got), EINVAL);
		CHECK(getgroups(8, got) == 3);
		/* sorted, as Linux keeps them */
		CHECK(got[0] == 7 && got[1] == 30 && got[2] == 500);
		status_line("Groups:", line, sizeof(line));
		CHECK(strcmp(line, "7 30 500 ") == 0);
		CHECK_OK(setresgid(NOBODY, NOBODY, NOBODY));
		CHECK_OK(setresuid(NOBODY, NOBODY, NOBODY));
		/* group 30 reads through the group bits, cannot write */
		fd = open(path, O_RDONLY);
		CHECK(fd >= 0);
		close(fd);
		CHECK_ERR(open(path, O_WRONLY), EACCES);
		_exit(0);
	}
	wait_ok(pid);
	unlink(path);
}

/* System V IPC: the mode bits against euid/groups, IPC_RMID and SHM_LOCK
 * for the owner or creator only. */
static void cred_ipc(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	struct shmid_ds ds;
	pid_t pid;

	CHECK(id >= 0);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_perm.uid == 0 && ds.shm_perm.cuid == 0);
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		CHECK_ERR(shmat(id, NULL, SHM_RDONLY) == (void *)-1 ? -1 : 0, EACCES);
		CHECK_ERR(shmctl(id, IPC_STAT, &ds), EACCES);
		CHECK_ERR(shmctl(id, IPC_RMID, NULL), EPERM);
		CHECK_ERR(shmctl(id, SHM_LOCK, NULL), EPERM);
		int mine = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		CHECK(mine >= 0);
		CHECK_OK(shmctl(mine, IPC_STAT, &ds));
		CHECK(ds.shm_perm.uid == NOBODY && ds.shm_perm.cgid == NOBODY);
		CHECK_OK(shmctl(mine, IPC_RMID, NULL));
		_exit(0);
	}
	wait_ok(pid);
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
}

/* A process's /proc files are its euid's while it is dumpable; a change
 * of ids makes it undumpable (root's) until PR_SET_DUMPABLE; its own fd
 * directory stays open to it. */
static void cred_proc_owner(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		struct stat st;
		int fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);

		CHECK(fd >= 0);
		close(fd);
		CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
		drop_to(NOBODY);
		CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
		CHECK_OK(stat("/proc/self/fd", &st));
		CHECK(st.st_uid == 0);
		fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
		CHECK(fd >= 0);
		close(fd);
		CHECK_OK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
		CHECK_OK(stat("/proc/self/fd", &st));
		CHECK(st.st_uid == NOBODY);
		fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
		CHECK(fd >= 0);
		close(fd);
		CHECK_ERR(open("/proc/1/fd", O_RDONLY | O_DIRECTORY), EACCES);
		_exit(0);
	}
	wait_ok(pid);
}

/* Write @val to /proc/self/oom_score_adj: 0 or -errno. */
static int set_oom_adj(const char *val)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* Going below the floor a privileged writer left needs CAP_SYS_RESOURCE
 * (EACCES); raising it and coming back down to the floor do not. */
static void cred_oom_score_adj(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		CHECK(set_oom_adj("-5") == 0);          /* root: the floor is now -5 */
		drop_to(NOBODY);
		CHECK_OK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
		CHECK(set_oom_adj("300") == 0);
		CHECK(set_oom_adj("-5") == 0);
		CHECK(set_oom_adj("-6") == -EACCES);
		CHECK(set_oom_adj("1001") == -EINVAL);
		_exit(0);
	}
	wait_ok(pid);
}

/* ---- files ---- */

static void cred_file_access(void)
{
	char secret[64], pub[64], dir[64], inner[80];
	struct stat st;
	pid_t pid;
	int fd;

	root_file(secret, sizeof(secret), "secret", 0600);
	root_file(pub, sizeof(pub), "pub", 0644);
	tmp_path(dir, sizeof(dir), "dir");
	CHECK_OK(mkdir(dir, 0700));
	snprintf(inner, sizeof(inner), "%s/f", dir);
	close(open(inner, O_CREAT | O_WRONLY, 0666));
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		CHECK_ERR(open(secret, O_RDONLY), EACCES);
		CHECK_ERR(open(secret, O_WRONLY), EACCES);
		CHECK_ERR(access(secret, R_OK), EACCES);
		CHECK_OK(stat(secret, &st));            /* the name is searchable */
		fd = open(pub, O_RDONLY);
		CHECK(fd >= 0);
		close(fd);
		CHECK_ERR(open(pub, O_RDWR), EACCES);
		CHECK_ERR(truncate(pub, 0), EACCES);
		CHECK_ERR(stat(inner, &st), EACCES);    /* no search in a 0700 dir */
		CHECK_ERR(open(dir, O_RDONLY | O_DIRECTORY), EACCES);
		CHECK_ERR(mkdir(inner, 0777), EACCES);
		_exit(0);
	}
	wait_ok(pid);
	unlink(inner);
	rmdir(dir);
	unlink(secret);
	unlink(pub);
}

/* access() asks with the real uid; AT_EACCESS with the effective one. */
static void cred_access_real(void)
{
	char secret[64];
	pid_t pid;
	int fd;

	root_file(secret, sizeof(secret), "areal", 0600);
	pid = fork_or_fail();
	if (pid == 0) {
		CHECK_OK(setresuid(NOBODY, 0, 0));
		fd = open(secret, O_RDONLY);
		CHECK(fd >= 0);
		close(fd);
		CHECK_ERR(access(secret, R_OK), EACCES);
		CHECK_OK(faccessat(AT_FDCWD, secret, R_OK, AT_EACCESS));
		_exit(0);
	}
	wait_ok(pid);
	unlink(secret);
}

static void cred_owner_rules(void)
{
	char rootf[64], mine[64];
	struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
	struct stat st;
	pid_t pid;

	root_file(rootf, sizeof(rootf), "rootf", 0666);
	tmp_path(mine, sizeof(mine), "mine");
	unlink(mine);
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		CHECK_ERR(chown(rootf, NOBODY, NOBODY), EPERM);
		CHECK_ERR(chmod(rootf, 0777), EPERM);
		CHECK_ERR(utimensat(AT_FDCWD, rootf, ts, 0), EPERM);
		CHECK_OK(utimensat(AT_FDCWD, rootf, NULL, 0));  /* "now": a writer may */
		CHECK_ERR(unlink(rootf), EPERM);                /* sticky /tmp */
		close(open(mine, O_CREAT | O_WRONLY, 06755));
		CHECK_OK(stat(mine, &st));
		CHECK(st.st_uid == NOBODY && st.st_gid == NOBODY);
		CHECK_ERR(chown(mine, 0, -1), EPERM);
		CHECK_ERR(chown(mine, -1, 0), EPERM);           /* not one of our groups */
		CHECK_OK(chown(mine, NOBODY, NOBODY));
		CHECK_OK(chmod(mine, 02755));
		CHECK_OK(utimensat(AT_FDCWD, mine, ts, 0));
		CHECK_OK(unlink(mine));
		_exit(0);
	}
	wait_ok(pid);
	CHECK_OK(stat(rootf, &st));
	CHECK(st.st_uid == 0 && (st.st_mode & 07777) == 0666);
	unlink(rootf);
}

/* A write by someone without CAP_FSETID clears set-user-id and
 * set-group-id (with group x); chown clears set-user-id for root too. */
static void cred_killpriv(void)
{
	char path[64];
	struct stat st;
	pid_t pid;
	int fd;

	root_file(path, sizeof(path), "kpriv", 06777);
	CHECK_OK(stat(path, &st));
	CHECK((st.st_mode & 07777) == 06777);
	fd = open(path, O_WRONLY);                      /* root keeps the bits */
	CHECK(write(fd, "x", 1) == 1);
	close(fd);
	CHECK_OK(stat(path, &st));
	CHECK((st.st_mode & 07777) == 06777);
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		fd = open(path, O_WRONLY);
		CHECK(fd >= 0);
		CHECK(write(fd, "y", 1) == 1);
		close(fd);
		_exit(0);
	}
	wait_ok(pid);
	CHECK_OK(stat(path, &st));
	CHECK((st.st_mode & 07777) == 0777);
	CHECK_OK(chmod(path, 04755));
	CHECK_OK(chown(path, 0, 0));
	CHECK_OK(stat(path, &st));
	CHECK((st.st_mode & 07777) == 0755);
	unlink(path);
}

/* A set-group-id directory gives new files its group, new dirs the bit. */
static void cred_setgid_dir(void)
{
	char dir[64], f[80], d[80];
	struct stat st;

	tmp_path(dir, sizeof(dir), "sgid");
	CHECK_OK(mkdir(dir, 0777));
	CHECK_OK(chown(dir, 0, 1234));
	CHECK_OK(chmod(dir, 02777));
	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(d, sizeof(d), "%s/d", dir);
	close(open(f, O_CREAT | O_WRONLY, 0644));
	CHECK_OK(mkdir(d, 0755));
	CHECK_OK(stat(f, &st));
	CHECK(st.st_gid == 1234 && !(st.st_mode & S_ISGID));
	CHECK_OK(stat(d, &st));
	CHECK(st.st_gid == 1234 && (st.st_mode & S_ISGID));
	unlink(f);
	rmdir(d);
	rmdir(dir);
}

/* ---- privileged operations ---- */

static void cred_privileged_calls(void)
{
	struct rlimit rl;
	struct timespec now;
	char node[64];
	pid_t pid;

	tmp_path(node, sizeof(node), "node");
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		CHECK_ERR(sethostname("x", 1), EPERM);
		CHECK_ERR(setdomainname("x", 1), EPERM);
		clock_gettime(CLOCK_REALTIME, &now);
		CHECK_ERR(clock_settime(CLOCK_REALTIME, &now), EPERM);
		CHECK_ERR(reboot(RB_ENABLE_CAD), EPERM);
		CHECK_ERR(mount("none", "/tmp", "tmpfs", 0, NULL), EPERM);
		CHECK_ERR(umount2("/tmp", 0), EPERM);
		CHECK_ERR(chroot("/"), EPERM);
		CHECK_ERR(mknod(node, S_IFCHR | 0600, makedev(1, 3)), EPERM);
		CHECK_OK(mknod(node, S_IFIFO | 0600, 0));
		CHECK_OK(unlink(node));
		CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
		if (rl.rlim_max != RLIM_INFINITY) {
			rl.rlim_max++;
			CHECK_ERR(setrlimit(RLIMIT_NOFILE, &rl), EPERM);
		}
		CHECK_OK(setpriority(PRIO_PROCESS, 0, 5));
		CHECK_ERR(setpriority(PRIO_PROCESS, 0, 0), EACCES);
		struct sched_param sp = { .sched_priority = 1 };
		CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp), EPERM);  /* musl: ENOSYS */
		_exit(0);
	}
	wait_ok(pid);
}

static void cred_net(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char v[32];
	pid_t pid;
	int s, prio = 7;

	CHECK(read_text("/proc/sys/net/ipv4/ip_unprivileged_port_start", v, sizeof(v)) > 0);
	CHECK(atoi(v) == 1024);
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		s = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(s >= 0);
		CHECK_ERR(bind(s, (struct sockaddr *)&a, sizeof(a)), EACCES);
		a.sin_port = 0;
		CHECK_OK(bind(s, (struct sockaddr *)&a, sizeof(a)));
		CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_PRIORITY, &prio, sizeof(prio)), EPERM);
		prio = 6;
		CHECK_OK(setsockopt(s, SOL_SOCKET, SO_PRIORITY, &prio, sizeof(prio)));
		CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &prio, sizeof(prio)), EPERM);
		close(s);
		CHECK_ERR(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), EPERM);
		_exit(0);
	}
	wait_ok(pid);
}

/* The error an rtnetlink RTM_NEWADDR request gets (from its ack). */
static int rtnl_newaddr_error(void)
{
	struct {
		struct nlmsghdr nh;
		struct ifaddrmsg ifa;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_NEWADDR,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, .nlmsg_seq = 1 },
		.ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 8,
			 .ifa_index = if_nametoindex("lo") },
	};
	char buf[512];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	ssize_t n;

	CHECK(s >= 0);
	CHECK(send(s, &req, sizeof(req), 0) == sizeof(req));
	n = recv(s, buf, sizeof(buf), 0);
	close(s);
	CHECK(n >= (ssize_t)(NLMSG_HDRLEN + sizeof(int)) && nh->nlmsg_type == NLMSG_ERROR);
	return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
}

/* Changing interfaces, routes or addresses needs CAP_NET_ADMIN. */
static void cred_net_admin(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		struct ethtool_channels ch = { .cmd = ETHTOOL_SCHANNELS };
		struct ifreq ifr;
		int s;

		drop_to(NOBODY);
		s = socket(AF_INET, SOCK_DGRAM, 0);
		CHECK(s >= 0);
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, "lo");
		CHECK_OK(ioctl(s, SIOCGIFFLAGS, &ifr));
		CHECK_ERR(ioctl(s, SIOCSIFFLAGS, &ifr), EPERM);
		CHECK_OK(ioctl(s, SIOCGIFMTU, &ifr));
		CHECK_ERR(ioctl(s, SIOCSIFMTU, &ifr), EPERM);
		ifr.ifr_data = (char *)&ch;
		CHECK_ERR(ioctl(s, SIOCETHTOOL, &ifr), EPERM);
		close(s);
		CHECK(rtnl_newaddr_error() == -EPERM);
		_exit(0);
	}
	wait_ok(pid);
}

/* An SO_REUSEPORT group belongs to one user: nobody cannot join root's. */
static void cred_reuseport_owner(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int types[2] = { SOCK_DGRAM, SOCK_STREAM };
	int one = 1, i, s, s2;
	pid_t pid;

	for (i = 0; i < 2; i++) {
		a.sin_port = 0;
		s = socket(AF_INET, types[i], 0);
		CHECK(s >= 0);
		CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)));
		CHECK_OK(bind(s, (struct sockaddr *)&a, sizeof(a)));
		CHECK_OK(getsockname(s, (struct sockaddr *)&a, &len));
		if (types[i] == SOCK_STREAM)
			CHECK_OK(listen(s, 1));
		pid = fork_or_fail();
		if (pid == 0) {
			s2 = socket(AF_INET, types[i], 0);      /* root may join */
			CHECK_OK(setsockopt(s2, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)));
			CHECK_OK(bind(s2, (struct sockaddr *)&a, sizeof(a)));
			close(s2);
			drop_to(NOBODY);
			s2 = socket(AF_INET, types[i], 0);
			CHECK_OK(setsockopt(s2, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)));
			CHECK_ERR(bind(s2, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
			_exit(0);
		}
		wait_ok(pid);
		close(s);
	}
}

/* kill, sigqueue, pidfd_send_signal, setpriority and affinity of a root
 * process from nobody: EPERM; of our own children: allowed. */
static void cred_kill(void)
{
	int p[2];
	pid_t victim, pid;
	char c;

	CHECK_OK(pipe(p));
	victim = fork_or_fail();
	if (victim == 0) {                      /* root, until the pipe closes */
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	pid = fork_or_fail();
	if (pid == 0) {
		union sigval sv = { 0 };
		cpu_set_t set;
		pid_t mine;
		int fd;

		close(p[1]);
		drop_to(NOBODY);
		CHECK_ERR(kill(1, 0), EPERM);
		CHECK_ERR(kill(victim, SIGKILL), EPERM);
		CHECK_ERR(kill(getppid(), 0), EPERM);
		CHECK_ERR(sigqueue(victim, SIGUSR1, sv), EPERM);
		fd = syscall(SYS_pidfd_open, victim, 0);
		CHECK(fd >= 0);
		CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0), EPERM);
		close(fd);
		CHECK_ERR(setpriority(PRIO_PROCESS, victim, 10), EPERM);
		CPU_ZERO(&set);
		CPU_SET(cpus[0], &set);
		CHECK_ERR(sched_setaffinity(victim, sizeof(set), &set), EPERM);
		mine = fork_or_fail();
		if (mine == 0) {
			pause();
			_exit(1);
		}
		CHECK_OK(kill(mine, 0));
		CHECK_OK(setpriority(PRIO_PROCESS, mine, 10));
		CHECK_OK(kill(mine, SIGKILL));
		int st = wait_status(mine);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
		_exit(0);
	}
	wait_ok(pid);
	close(p[1]);
	wait_ok(victim);
}

/* ---- capability sets ---- */

static void cred_capget_versions(void)
{
	struct cap_hdr h = { 0x12345678, 0 };
	struct cap_data d[2];

	CHECK_ERR(syscall(SYS_capget, &h, d), EINVAL);
	CHECK(h.version == CAPV3);
	h.version = 0;
	CHECK(syscall(SYS_capget, &h, NULL) == 0);      /* a version probe */
	CHECK(h.version == CAPV3);
	h.version = CAPV1;
	memset(d, 0xa5, sizeof(d));
	CHECK(syscall(SYS_capget, &h, d) == 0);
	CHECK(d[0].effective == 0xffffffff && d[1].effective == 0xa5a5a5a5);
	h.version = CAPV3;
	h.pid = -1;
	CHECK_ERR(syscall(SYS_capget, &h, d), EINVAL);
	h.pid = 1;                                      /* init is root: full sets */
	CHECK(syscall(SYS_capget, &h, d) == 0);
	CHECK(d[0].permitted == 0xffffffff);
	h.version = 0x1;
	CHECK_ERR(syscall(SYS_capset, &h, d), EINVAL);
	CHECK(h.version == CAPV3);
}

/* Root without CAP_CHOWN may not chown, and cannot get it back. */
static void cred_capset_drop(void)
{
	char path[64];
	pid_t pid;

	root_file(path, sizeof(path), "capdrop", 0644);
	pid = fork_or_fail();
	if (pid == 0) {
		uint64_t less = CAP_FULL & ~(1ULL << CAP_CHOWN);

		CHECK_ERR(caps_set(CAP_FULL, less, 0), EPERM);  /* effective outside permitted */
		CHECK_OK(caps_set(less, less, 0));
		CHECK(caps_get().eff == less && caps_get().prm == less);
		CHECK_ERR(chown(path, 1, 1), EPERM);
		CHECK_ERR(caps_set(CAP_FULL, CAP_FULL, 0), EPERM);
		/* the other capabilities still work */
		CHECK_OK(chmod(path, 0600));
		_exit(0);
	}
	wait_ok(pid);
	unlink(path);
}

/* KEEPCAPS: setuid away from root keeps the permitted set (the effective
 * set still goes), and capset can make it effective again. */
static void cred_keepcaps(void)
{
	char path[64];
	pid_t pid;

	root_file(path, sizeof(path), "keep", 0600);
	pid = fork_or_fail();
	if (pid == 0) {
		CHECK(prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) == 0);
		CHECK_OK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
		CHECK(prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) == 1);
		CHECK_ERR(prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0), EINVAL);
		CHECK_OK(setresgid(NOBODY, NOBODY, NOBODY));
		CHECK_OK(setresuid(NOBODY, NOBODY, NOBODY));
		CHECK(caps_get().prm == CAP_FULL && caps_get().eff == 0);
		CHECK_ERR(open(path, O_RDONLY), EACCES);
		CHECK_OK(caps_set(1ULL << CAP_DAC_OVERRIDE, CAP_FULL, 0));
		int fd = open(path, O_RDONLY);
		CHECK(fd >= 0);
		close(fd);
		CHECK_ERR(chown(path, NOBODY, -1), EPERM);      /* CAP_CHOWN not effective */
		_exit(0);
	}
	wait_ok(pid);
	unlink(path);
}

/* exec of usertests --helper capcheck HAVE NOT: exit 0 iff every bit of
 * HAVE is in the effective set and none of NOT. */
static int exec_capcheck(const char *path, uint64_t have, uint64_t not)
{
	char h[32], n[32];
	char *argv[] = { (char *)"usertests", (char *)"--helper", (char *)"capcheck", h, n, NULL };
	pid_t pid;

	snprintf(h, sizeof(h), "%llx", (unsigned long long)have);
	snprintf(n, sizeof(n), "%llx", (unsigned long long)not);
	pid = fork_or_fail();
	if (pid == 0) {
		execv(path, argv);
		_exit(99);
	}
	return wait_exit(pid);
}

/* The bounding set limits what exec gives root. */
static void cred_bset_exec(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		CHECK(prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0) == 1);
		CHECK_ERR(prctl(PR_CAPBSET_READ, CAP_LAST_CAP + 1, 0, 0, 0), EINVAL);
		CHECK_OK(prctl(PR_CAPBSET_DROP, CAP_NET_RAW, 0, 0, 0));
		CHECK(prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0) == 0);
		CHECK(caps_get().eff & (1ULL << CAP_NET_RAW));  /* held until exec */
		CHECK(exec_capcheck(self_path, 1ULL << CAP_NET_BIND_SERVICE, 1ULL << CAP_NET_RAW) == 0);
		_exit(0);
	}
	wait_ok(pid);
}

/* An ambient capability survives exec of an ordinary program as nobody;
 * without it, exec leaves nobody with nothing. */
static void cred_ambient_exec(void)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		uint64_t bind = 1ULL << CAP_NET_BIND_SERVICE;

		CHECK_OK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
		CHECK_OK(setresgid(NOBODY, NOBODY, NOBODY));
		CHECK_OK(setresuid(NOBODY, NOBODY, NOBODY));
		CHECK(exec_capcheck(self_path, 0, CAP_FULL) == 0);
		/* raise needs it permitted and inheritable */
		CHECK_ERR(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0), EPERM);
		CHECK_OK(caps_set(0, CAP_FULL, bind));
		CHECK_OK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0));
		CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_BIND_SERVICE, 0, 0) == 1);
		CHECK(status_hex("CapAmb:") == bind);
		CHECK(exec_capcheck(self_path, bind, CAP_FULL & ~bind) == 0);
		/* dropping it from the inheritable set drops it from ambient */
		CHECK_OK(caps_set(0, CAP_FULL, 0));
		CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_BIND_SERVICE, 0, 0) == 0);
		_exit(0);
	}
	wait_ok(pid);
}

/* Copy this program to @dst (root-owned, @mode). */
static void copy_self(const char *dst, mode_t mode)
{
	char buf[16384];
	int in = open(self_path, O_RDONLY), out;
	ssize_t n;

	CHECK(in >= 0);
	unlink(dst);
	out = open(dst, O_CREAT | O_EXCL | O_WRONLY, 0700);
	CHECK(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK(write(out, buf, n) == n);
	CHECK(n == 0);
	close(in);
	close(out);
	CHECK_OK(chmod(dst, mode));
}

/* exec of usertests --helper @mode N as nobody: its exit status says
 * whether it found N (euid: its euid; dumpable: PR_GET_DUMPABLE). */
static int exec_helper_nobody(const char *path, const char *mode, unsigned int want, int nnp)
{
	char w[16];
	char *argv[] = { (char *)"usertests", (char *)"--helper", (char *)mode, w, NULL };
	pid_t pid;

	snprintf(w, sizeof(w), "%u", want);
	pid = fork_or_fail();
	if (pid == 0) {
		drop_to(NOBODY);
		if (nnp)
			CHECK_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		execv(path, argv);
		_exit(99);
	}
	return wait_exit(pid);
}

/* A set-user-id root program run by nobody runs with euid 0, unless
 * no_new_privs is set. */
static void cred_setuid_exec(void)
{
	char path[64];
	char line[16];

	tmp_path(path, sizeof(path), "suid");
	copy_self(path, 04755);
	CHECK(exec_helper_nobody(path, "euid", 0, 0) == 0);
	CHECK(exec_helper_nobody(path, "euid", NOBODY, 1) == 0);
	/* no_new_privs: set for good, reported, inherited */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0);
		CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL);
		CHECK_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		status_line("NoNewPrivs:", line, sizeof(line));
		CHECK(strcmp(line, "1") == 0);
		CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
		_exit(0);
	}
	wait_ok(pid);
	unlink(path);
}

/* ---- fs.suid_dumpable ---- */

#define SUID_DUMPABLE "/proc/sys/fs/suid_dumpable"

static int write_suid_dumpable(const char *val)
{
	int fd = open(SUID_DUMPABLE, O_WRONLY), err = 0;

	CHECK(fd >= 0);
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static long read_suid_dumpable(void)
{
	char text[16];

	CHECK(read_text(SUID_DUMPABLE, text, sizeof(text)) > 0);
	return atol(text);
}

/* With fs.suid_dumpable @v: a change of the effective uid, and a set-uid
 * exec, leave the process dumpable @v (its /proc files root's unless 1);
 * an ordinary exec makes it 1 again. */
static void suid_dumpable_child(long v, const char *suid_path)
{
	char val[8];
	pid_t pid;

	snprintf(val, sizeof(val), "%ld\n", v);
	CHECK_OK(write_suid_dumpable(val));
	CHECK(read_suid_dumpable() == v);
	pid = fork_or_fail();
	if (pid == 0) {
		struct stat st;

		CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
		CHECK_OK(setresuid(-1, NOBODY, -1));
		CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == v);
		CHECK_OK(stat("/proc/self/fd", &st));
		CHECK(st.st_uid == (v == 1 ? NOBODY : 0));
		CHECK_ERR(prctl(PR_SET_DUMPABLE, 2, 0, 0, 0), EINVAL);
		_exit(0);
	}
	wait_ok(pid);
	CHECK(exec_helper_nobody(suid_path, "dumpable", (unsigned int)v, 0) == 0);
	CHECK(exec_helper_nobody(self_path, "dumpable", 1, 0) == 0);
}

static void suid_dumpable_cases(const char *suid_path)
{
	CHECK(write_suid_dumpable("3\n") == -EINVAL);
	suid_dumpable_child(2, suid_path);
	suid_dumpable_child(1, suid_path);
	suid_dumpable_child(0, suid_path);
}

/* fs.suid_dumpable 0, 1 and 2, set in a child and put back by the parent. */
static void cred_suid_dumpable(void)
{
	long old = read_suid_dumpable();
	char path[64], val[8];
	pid_t pid;
	int st;

	CHECK(old >= 0 && old <= 2);
	tmp_path(path, sizeof(path), "sdump");
	copy_self(path, 04755);
	pid = fork_or_fail();
	if (pid == 0) {
		suid_dumpable_cases(path);
		_exit(0);
	}
	st = wait_exit(pid);
	snprintf(val, sizeof(val), "%ld\n", old);
	CHECK_OK(write_suid_dumpable(val));
	unlink(path);
	CHECK(st == 0);
}

/* The helper modes main.c dispatches to ("capcheck", "euid"); 100 if
 * @mode is not one of them. */
int cred_helper(int argc, char **argv)
{
	const char *mode = argv[2];

	if (strcmp(mode, "capcheck") == 0 && argc == 5) {
		uint64_t have = strtoull(argv[3], NULL, 16), not = strtoull(argv[4], NULL, 16);
		struct cap_hdr h = { CAPV3, 0 };
		struct cap_data d[2];
		uint64_t eff;

		if (syscall(SYS_capget, &h, d))
			return 2;
		eff = d[0].effective | (uint64_t)d[1].effective << 32;
		if ((eff & have) != have)
			return 3;
		if (eff & not)
			return 4;
		return 0;
	}
	if (strcmp(mode, "euid") == 0 && argc == 4)
		return geteuid() == (uid_t)atoi(argv[3]) ? 0 : 5;
	if (strcmp(mode, "dumpable") == 0 && argc == 4)
		return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == atoi(argv[3]) ? 0 : 6;
	return 100;
}

const struct test cred_tests[] = {
	{ "cred_ids", cred_ids },
	{ "cred_euid_caps", cred_euid_caps },
	{ "cred_groups", cred_groups },
	{ "cred_proc_owner", cred_proc_owner },
	{ "cred_oom_score_adj", cred_oom_score_adj },
	{ "cred_ipc", cred_ipc },
	{ "cred_file_access", cred_file_access },
	{ "cred_access_real", cred_access_real },
	{ "cred_owner_rules", cred_owner_rules },
	{ "cred_killpriv", cred_killpriv },
	{ "cred_setgid_dir", cred_setgid_dir },
	{ "cred_privileged_calls", cred_privileged_calls },
	{ "cred_net", cred_net },
	{ "cred_net_admin", cred_net_admin },
	{ "cred_reuseport_owner", cred_reuseport_owner },
	{ "cred_kill", cred_kill },
	{ "cred_capget_versions", cred_capget_versions },
	{ "cred_capset_drop", cred_capset_drop },
	{ "cred_keepcaps", cred_keepcaps },
	{ "cred_bset_exec", cred_bset_exec },
	{ "cred_ambient_exec", cred_ambient_exec },
	{ "cred_setuid_exec", cred_setuid_exec },
	{ "cred_suid_dumpable", cred_suid_dumpable },
	{ NULL, NULL },
};
