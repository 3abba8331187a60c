// SPDX-License-Identifier: MIT
/* The system-wide files of /proc. Each renders its whole text at open. */
#include "internal.h"
#include <shoal/console.h>
#include <shoal/irq.h>
#include <shoal/utsname.h>
#include <shoal/softirq.h>
#include <shoal/time.h>
#include <shoal/filelock.h>
#include <asm/platform.h>

int proc_cpuinfo_show(struct task_struct *t, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	for_each_online_cpu(c)
		n += scnprintf(buf + n, size - n,
			       "processor\t: %d\nhart\t\t: %lu\nisa\t\t: %s\nmmu\t\t: sv39\n\n",
			       c, cpus[c].hartid, platform.isa[0] ? platform.isa : "rv64imafdc");
	return n;
}

int proc_meminfo_show(struct task_struct *t, char *buf, size_t size)
{
	unsigned long total = nr_total_pages() << (PAGE_SHIFT - 10);
	unsigned long free = nr_free_pages() << (PAGE_SHIFT - 10);
	unsigned long shmem = shmem_nr_pages() << (PAGE_SHIFT - 10);
	unsigned long slab = slab_total_bytes() >> 10;

	return scnprintf(buf, size,
		"MemTotal:       %8lu kB\n"
		"MemFree:        %8lu kB\n"
		"MemAvailable:   %8lu kB\n"
		"Buffers:        %8lu kB\n"
		"Cached:         %8lu kB\n"
		"SwapCached:     %8lu kB\n"
		"Shmem:          %8lu kB\n"
		"Slab:           %8lu kB\n"
		"SReclaimable:   %8lu kB\n"
		"SUnreclaim:     %8lu kB\n"
		"SwapTotal:      %8lu kB\n"
		"SwapFree:       %8lu kB\n",
		total, free, free, 0UL, shmem, 0UL, shmem, slab, 0UL, slab, 0UL, 0UL);
}

static size_t cpu_line(char *buf, size_t size, const char *name, unsigned long long user,
		       unsigned long long sys, unsigned long long idle, unsigned long long irq,
		       unsigned long long softirq)
{
	return scnprintf(buf, size, "%s %lu 0 %lu %lu 0 %lu %lu 0 0 0\n", name,
			 nsec_to_clock_t(user), nsec_to_clock_t(sys), nsec_to_clock_t(idle),
			 nsec_to_clock_t(irq), nsec_to_clock_t(softirq));
}

int proc_stat_show(struct task_struct *unused, char *buf, size_t size)
{
	unsigned long long u = 0, s = 0, i = 0, q = 0, sq = 0, intr = 0;
	unsigned long ctxt = 0;
	char name[16];
	size_t n = 0;
	int c;

	for_each_online_cpu(c) {
		struct cpu *p = &cpus[c];

		u += p->stat_user;
		s += p->stat_system;
		i += p->stat_idle;
		q += p->stat_irq;
		sq += p->stat_softirq;
		intr += p->irq_count + p->timer_count;
	}
	n += cpu_line(buf + n, size - n, "cpu ", u, s, i, q, sq);
	for_each_online_cpu(c) {
		struct cpu *p = &cpus[c];

		snprintf(name, sizeof(name), "cpu%d", c);
		n += cpu_line(buf + n, size - n, name, p->stat_user, p->stat_system,
			      p->stat_idle, p->stat_irq, p->stat_softirq);
	}
	ctxt = nr_context_switches();
	n += scnprintf(buf + n, size - n,
		       "intr %llu\nctxt %lu\nbtime %lld\nprocesses %lu\nprocs_running %lu\nprocs_blocked 0\n",
		       intr, ctxt, (long long)((ktime_get_real() - ktime_get()) / NSEC_PER_SEC),
		       READ_ONCE(total_forks), nr_running());
	return n;
}

int proc_interrupts_show(struct task_struct *t, char *buf, size_t size)
{
	return show_interrupts(buf, size);
}

int proc_softirqs_show(struct task_struct *t, char *buf, size_t size)
{
	return show_softirqs(buf, size);
}

int proc_lock_stat_show(struct task_struct *t, char *buf, size_t size)
{
	return lock_stat_show(buf, size);
}

int proc_locks_show(struct task_struct *t, char *buf, size_t size)
{
	return locks_show(buf, size);
}

int proc_uptime_show(struct task_struct *t, char *buf, size_t size)
{
	u64 up = ktime_get(), idle = 0;
	int c;

	for_each_online_cpu(c)
		idle += cpus[c].stat_idle;
	return scnprintf(buf, size, "%llu.%02llu %llu.%02llu\n",
			 (unsigned long long)(up / NSEC_PER_SEC),
			 (unsigned long long)(up % NSEC_PER_SEC / 10000000),
			 (unsigned long long)(idle / NSEC_PER_SEC),
			 (unsigned long long)(idle % NSEC_PER_SEC / 10000000));
}

/* avenrun is 11-bit fixed point (kernel/time/timer.c). */
#define LOAD_INT(x)     ((x) >> FSHIFT)
#define LOAD_FRAC(x)    LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

int proc_loadavg_show(struct task_struct *unused, char *buf, size_t size)
{
	unsigned long total = 0, flags;
	pid_t last = 0;
	struct task_struct *t;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_task(t) {
		if (t->flags & PF_IDLE)
			continue;
		total++;
		if (t->pid > last)
			last = t->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* the averages are avenrun's (as sysinfo); then runnable/total tasks as Linux counts them */
	return scnprintf(buf, size, "%lu.%02lu %lu.%02lu %lu.%02lu %lu/%lu %d\n",
			 LOAD_INT(avenrun[0]), LOAD_FRAC(avenrun[0]),
			 LOAD_INT(avenrun[1]), LOAD_FRAC(avenrun[1]),
			 LOAD_INT(avenrun[2]), LOAD_FRAC(avenrun[2]),
			 nr_running(), total, last);
}

int proc_mounts_show(struct task_struct *t, char *buf, size_t size)
{
	return mounts_show(buf, size);
}

int proc_mountinfo_show(struct task_struct *t, char *buf, size_t size)
{
	return mountinfo_show(buf, size);
}

/*
 * kernel.pid_max and kernel.threads-max: ids are the only limit on tasks
 * (fork fails with EAGAIN when they run out), so both read PID_MAX.
 * Read-only: neither can be changed here.
 */
int proc_pid_max_show(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%d\n", PID_MAX);
}

/*
 * vm.overcommit_memory: 1 ("always"), what shoal does: anonymous memory
 * is committed page by page at fault time and no mapping is refused for
 * want of memory. Read-only: the heuristic (0) and strict (2) modes do
 * not exist.
 */
int proc_overcommit_show(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "1\n");
}

/* The kernel command line, as the boot loader passed it. */
int proc_cmdline_show(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%s\n", platform.bootargs);
}

int proc_filesystems_show(struct task_struct *t, char *buf, size_t size)
{
	return filesystems_show(buf, size);
}

static int uts_show(const char *field, char *buf, size_t size)
{
	char tmp[65];

	if (get_uts_field(field, tmp, sizeof(tmp)) < 0)
		return -EINVAL;
	return scnprintf(buf, size, "%s\n", tmp);
}

int proc_hostname_show(struct task_struct *t, char *buf, size_t size)
{
	return uts_show("nodename", buf, size);
}

int proc_ostype_show(struct task_struct *t, char *buf, size_t size)
{
	return uts_show("sysname", buf, size);
}

int proc_osrelease_show(struct task_struct *t, char *buf, size_t size)
{
	return uts_show("release", buf, size);
}

int proc_version_show(struct task_struct *t, char *buf, size_t size)
{
	char rel[65], ver[65];

	if (get_uts_field("release", rel, sizeof(rel)) < 0 ||
	    get_uts_field("version", ver, sizeof(ver)) < 0)
		return -EINVAL;
	return scnprintf(buf, size, "Linux version %s (shoal) %s\n", rel, ver);
}
