// SPDX-License-Identifier: MIT
/*
 * The files programs read at start-up: /proc/cmdline, /proc/PID/mountinfo,
 * the limits under /proc/sys, and sysfs's /sys/devices/system/cpu, which
 * C libraries and runtimes read to count CPUs. Formats as Linux's.
 */
#include "usertests.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/vfs.h>

#define SYSFS_MAGIC 0x62656572

/* /proc/cmdline: one line, the command line the kernel was booted with. */
static void proc_cmdline(void)
{
	char buf[4096];
	int n = read_text("/proc/cmdline", buf, sizeof(buf));

	CHECK(n > 1);
	CHECK(buf[n - 1] == '\n');
	CHECK(memchr(buf, '\n', n - 1) == NULL);
	CHECK(strlen(buf) == (size_t)n);        /* no NUL inside */
	CHECK(strstr(buf, "console=") != NULL); /* both kernels boot with one */
}

struct mnt_line {
	int id, parent;
	unsigned int major, minor;
	char root[64], point[64], opts[64], type[32], source[64];
};

/* One mountinfo line: six fields, optional fields, "-", three more. */
static int parse_mountinfo_line(char *line, struct mnt_line *m)
{
	char *sep = strstr(line, " - ");

	if (!sep)
		return -1;
	*sep = '\0';
	if (sscanf(line, "%d %d %u:%u %63s %63s %63s", &m->id, &m->parent, &m->major,
		   &m->minor, m->root, m->point, m->opts) != 7)
		return -1;
	if (sscanf(sep + 3, "%31s %63s", m->type, m->source) != 2)
		return -1;
	return 0;
}

static void check_mountinfo(const char *path)
{
	static char buf[16384];
	struct mnt_line m, proc = { .id = -1 }, root = { .id = -1 };
	char *line, *save;
	int n = read_text(path, buf, sizeof(buf)), lines = 0;

	CHECK(n > 0 && buf[n - 1] == '\n');
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		CHECK(parse_mountinfo_line(line, &m) == 0);
		CHECK(m.root[0] == '/' && m.point[0] == '/');
		CHECK(!strncmp(m.opts, "rw", 2) || !strncmp(m.opts, "ro", 2));
		if (!strcmp(m.point, "/"))
			root = m;
		if (!strcmp(m.point, "/proc") && !strcmp(m.type, "proc"))
			proc = m;
		lines++;
	}
	CHECK(lines >= 2);
	CHECK(root.id >= 0 && proc.id >= 0 && proc.id != root.id);
	CHECK(proc.parent == root.id);
}

/* /proc/PID/mountinfo: every mount, /proc's parent is the root mount. */
static void proc_mountinfo(void)
{
	char path[64];

	check_mountinfo("/proc/self/mountinfo");
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", getpid());
	check_mountinfo(path);
}

/* "0-3" or "0,2-3" into a bit mask (CPUs below 64). */
static uint64_t parse_cpulist(const char *s)
{
	uint64_t mask = 0;
	char *end;
	long a, b;

	while (*s && *s != '\n') {
		a = strtol(s, &end, 10);
		CHECK(end != s && a >= 0 && a < 64);
		b = a;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			CHECK(end != s + 1 && b >= a && b < 64);
			s = end;
		}
		for (; a <= b; a++)
			mask |= 1ULL << a;
		if (*s == ',')
			s++;
		else
			CHECK(*s == '\n' || *s == '\0');
	}
	return mask;
}

static uint64_t read_cpulist(const char *path)
{
	char buf[256];

	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	return parse_cpulist(buf);
}

/* /sys/devices/system/cpu: online, possible, present, a cpuN per CPU. */
static void sys_cpu_lists(void)
{
	uint64_t online = read_cpulist("/sys/devices/system/cpu/online");
	uint64_t possible = read_cpulist("/sys/devices/system/cpu/possible");
	uint64_t present = read_cpulist("/sys/devices/system/cpu/present");
	uint64_t dirs = 0;
	struct statfs sfs;
	struct dirent *e;
	DIR *d;
	int i;

	CHECK(statfs("/sys", &sfs) == 0 && sfs.f_type == SYSFS_MAGIC);
	CHECK(__builtin_popcountll(online) >= ncpus);   /* we may run on a subset */
	for (i = 0; i < ncpus; i++)
		CHECK(online & (1ULL << cpus[i]));
	CHECK((online & ~possible) == 0 && (present & ~possible) == 0);
	d = opendir("/sys/devices/system/cpu");
	CHECK(d != NULL);
	while ((e = readdir(d))) {
		char *end;
		long n;

		if (strncmp(e->d_name, "cpu", 3) || e->d_name[3] < '0' || e->d_name[3] > '9')
			continue;
		n = strtol(e->d_name + 3, &end, 10);
		CHECK(*end == '\0' && n >= 0 && n < 64 && e->d_type == DT_DIR);
		dirs |= 1ULL << n;
	}
	closedir(d);
	CHECK(dirs == possible);
}

/* cpuN/online says 1 for an online CPU other than the boot one. */
static void sys_cpu_online_file(void)
{
	char path[64], buf[8];
	int i;

	for (i = 0; i < ncpus; i++) {
		if (cpus[i] == 0)
			continue;               /* Linux may give the boot CPU no such file */
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpus[i]);
		CHECK(read_text(path, buf, sizeof(buf)) == 2 && !strcmp(buf, "1\n"));
	}
	CHECK_ERR(open("/sys/devices/system/cpu/cpu63/nothing", O_RDONLY), ENOENT);
}

static long read_long(const char *path)
{
	char buf[64], *end;
	long v;

	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	v = strtol(buf, &end, 10);
	CHECK(end != buf && *end == '\n');
	return v;
}

/* kernel.pid_max bounds the ids fork hands out; threads-max and
 * vm.overcommit_memory read as Linux's do. */
static void proc_sys_limits(void)
{
	long pid_max = read_long("/proc/sys/kernel/pid_max");
	long threads_max = read_long("/proc/sys/kernel/threads-max");
	long oc = read_long("/proc/sys/vm/overcommit_memory");
	pid_t pid;

	CHECK(pid_max >= 301 && pid_max <= 4194304);    /* Linux's bounds */
	CHECK(threads_max >= 20);
	CHECK(oc >= 0 && oc <= 2);
	CHECK(getpid() < pid_max);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(0);
	CHECK(pid < pid_max);
	CHECK(wait_exit(pid) == 0);
}

const struct test startup_tests[] = {
	{ "proc_sys_limits", proc_sys_limits },
	{ "proc_cmdline", proc_cmdline },
	{ "proc_mountinfo", proc_mountinfo },
	{ "sys_cpu_lists", sys_cpu_lists },
	{ "sys_cpu_online_file", sys_cpu_online_file },
	{ NULL, NULL },
};
