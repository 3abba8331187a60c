// SPDX-License-Identifier: MIT
/*
 * procfs plumbing: the directory tree, lookups, readdir, generated files
 * and links.
 *
 * Nothing is cached: every lookup builds a fresh unlinked dentry and inode
 * (struct proc_inode: which table entry, which pid, which fd) that die
 * with their last reference. Per-process entries look the task up again
 * by pid on each use (get_task_by_pid), so a vanished process gives ESRCH
 * or ENOENT, never a stale pointer.
 *
 * Generated files render their whole text into a kmalloc'd buffer at open
 * (seq-file-lite: retried with a bigger buffer until it fits, up to 2 MiB)
 * and reads copy from it at f_pos.
 *
 * /proc/net and /proc/sys/net list what the network stack registers at
 * boot (proc_create_net_single, register_sysctl): procfs knows none of
 * those files by name.
 *
 * The same tree code serves a small sysfs (mounted at /sys): only
 * /sys/devices/system/cpu, which C libraries and runtimes read to count
 * CPUs. It is a second super block whose root is a static directory.
 */
#include "internal.h"
#include <shoal/oom.h>
#include <shoal/mm_types.h>
#include <shoal/proc_fs.h>
#include <shoal/sysctl.h>
#include <shoal/profile.h>
#include <shoal/irq.h>
#include <shoal/pci.h>
#include <shoal/sched/debug.h>
#include <shoal/nmi.h>
#include <shoal/ipc.h>
#include <shoal/cred.h>

#define PROC_ROOT_INO   1
#define PID_POS_BASE    0x100000        /* readdir cursor of pid N in /proc: base + N */
#define PROC_BUF_MAX    (2UL << 20)

enum proc_dir_kind { PD_NONE, PD_STATIC, PD_REG, PD_ROOT, PD_PID, PD_FD, PD_FDINFO, PD_IRQ,
		     PD_IRQN, PD_TASK, PD_TID, PD_SYSCPU, PD_SYSCPUN };
enum proc_link_kind { PL_NONE, PL_SELF, PL_EXE, PL_CWD, PL_FD };

struct proc_reg_dir;

struct proc_ent {
	const char *name;
	mode_t mode;
	proc_show_t show;               /* generated files */
	int (*fd_show)(struct task_struct *t, int fd, char *buf, size_t size); /* fdinfo */
	ssize_t (*write)(const char *buf, size_t n);    /* writable files */
	int (*pid_write)(struct task_struct *t, const char *buf, size_t n);  /* writable per-process files */
	/* /proc/irq/N/ files: N is the proc_inode's fd */
	int (*irq_show)(unsigned int irq, char *buf, size_t size);
	int (*irq_write)(unsigned int irq, const char *buf, size_t n);
	proc_single_show_t single_show; /* registered /proc/net files */
	proc_data_show_t data_show;     /* registered /proc/net files with data */
	proc_data_write_t data_write;
	void *data;
	const struct ctl_table *ctl;    /* registered sysctls */
	enum proc_link_kind link;       /* links */
	enum proc_dir_kind dir;         /* directories */
	const struct proc_ent *children;        /* PD_STATIC */
	unsigned int nchildren;
	struct proc_reg_dir *reg;       /* PD_REG */
};

/*
 * A directory whose entries other subsystems register (proc_fs.h,
 * sysctl.h), kept sorted by name. Registration is boot-only, on one CPU,
 * before user space: lookups and readdir read it without a lock.
 */
#define PROC_REG_MAX    32
struct proc_reg_dir {
	struct proc_ent ents[PROC_REG_MAX];     /* [boot only] */
	unsigned int n;                         /* [boot only] */
};

static struct proc_reg_dir proc_net_dir;        /* /proc/net */
static struct proc_reg_dir sys_kernel_dir;      /* /proc/sys/kernel: kernel_ents + registered */
static struct proc_reg_dir sys_net_dir;         /* /proc/sys/net */
static struct proc_reg_dir sys_fs_dir;          /* /proc/sys/fs: registered */
static struct proc_reg_dir sys_vm_dir;          /* /proc/sys/vm: vm_ents + registered */
static struct proc_reg_dir sys_net_subdirs[6];  /* /proc/sys/net/{ipv4,ipv6,...} */
static unsigned int nr_sys_net_subdirs;         /* [boot only] */
static struct proc_reg_dir sys_net_subsubdirs[4]; /* /proc/sys/net/<dir>/<dir> (ipv4/route, ipv6/route) */
static unsigned int nr_sys_net_subsubdirs;      /* [boot only] */
static struct proc_reg_dir sys_fs_subdirs[2];   /* /proc/sys/fs/{inotify,mqueue} */
static unsigned int nr_sys_fs_subdirs;          /* [boot only] */
static struct proc_reg_dir sys_kernel_subdirs[2]; /* /proc/sys/kernel/{pty,...} */
static unsigned int nr_sys_kernel_subdirs;      /* [boot only] */
static struct proc_reg_dir proc_net_subdirs[2]; /* /proc/net/{pktgen,...} */
static unsigned int nr_proc_net_subdirs;        /* [boot only] */

struct proc_inode {
	struct inode vfs_inode;
	const struct proc_ent *ent;
	pid_t pid;                      /* 0: not per-process */
	int fd;                         /* PL_FD, fdinfo files; the irq of /proc/irq/N */
};

static inline struct proc_inode *PROC_I(struct inode *inode)
{
	return container_of(inode, struct proc_inode, vfs_inode);
}

#define FILE_ENT(n, fn)   { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define WFILE_ENT(n, fn)  { .name = n, .mode = S_IFREG | 0200, .write = fn }
#define LINK_ENT(n, k)    { .name = n, .mode = S_IFLNK | 0777, .link = k }
#define DIR_ENT(n, k, c)  { .name = n, .mode = S_IFDIR | 0555, .dir = k, .children = c, \
			    .nchildren = ARRAY_SIZE(c) }
#define DIRK_ENT(n, k)    { .name = n, .mode = S_IFDIR | 0555, .dir = k }
#define REG_DIR_ENT(n, r) { .name = n, .mode = S_IFDIR | 0555, .dir = PD_REG, .reg = r }

static const struct proc_ent kernel_ents[] = {
	FILE_ENT("hostname", proc_hostname_show),
	FILE_ENT("ostype", proc_ostype_show),
	FILE_ENT("osrelease", proc_osrelease_show),
	FILE_ENT("pid_max", proc_pid_max_show),
	FILE_ENT("threads-max", proc_pid_max_show),
	FILE_ENT("shmmax", proc_ipc_shmmax_show),
	FILE_ENT("shmall", proc_ipc_shmall_show),
	FILE_ENT("shmmni", proc_ipc_shmmni_show),
	FILE_ENT("sem", proc_ipc_sem_show),
	FILE_ENT("msgmax", proc_ipc_msgmax_show),
	FILE_ENT("msgmnb", proc_ipc_msgmnb_show),
	FILE_ENT("msgmni", proc_ipc_msgmni_show),
};
/*
 * vm.drop_caches: shoal has no page cache to drop (tmpfs pages are the
 * files themselves); what it can give back is every CPU's cached free
 * pages and slab objects, as Linux's slab shrinking does.
 */
static void drain_cpu_caches(void *unused)
{
	slab_drain_local();
	drain_local_pages();
}

static ssize_t drop_caches_write(const char *buf, size_t n)
{
	unsigned long v = simple_strtoul(buf, NULL, 10);

	if (v < 1 || v > 4)
		return -EINVAL;
	smp_call_function_many(&cpu_online_mask, drain_cpu_caches, NULL, true);
	return n;
}

/* /proc/sysrq-trigger: 'c' crashes the kernel on purpose (tests of the
 * panic path use it, as on Linux); other keys are not implemented. */
static ssize_t sysrq_write(const char *buf, size_t n)
{
	if (buf[0] == 'c')
		panic("sysrq triggered crash");
	return -EINVAL;
}

/*
 * /proc/provoke-crash (root only): Linux's lkdtm DIRECT file, reduced to
 * the lockup detectors' triggers. Each is bounded (include/shoal/nmi.h).
 */
static ssize_t provoke_crash_write(const char *buf, size_t n)
{
	static const struct { const char *name; int (*fn)(void); } types[] = {
		{ "SOFTLOCKUP", lkdtm_softlockup },
		{ "HARDLOCKUP", lkdtm_hardlockup },
		{ "HUNG_TASK", lkdtm_hung_task },
	};
	size_t len = n;
	unsigned int i;
	int err;

	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (strlen(types[i].name) != len || strncmp(buf, types[i].name, len))
			continue;
		err = types[i].fn();
		return err ? err : (ssize_t)n;
	}
	return -EINVAL;
}

static int proc_profile_show(struct task_struct *t, char *buf, size_t size)
{
	return profile_show(buf, size);
}

static int proc_schedstat_show(struct task_struct *t, char *buf, size_t size)
{
	return show_schedstat(buf, size);
}

/* As Linux: writing "0" clears every lock class's statistics; anything
 * else is ignored. */
static ssize_t lock_stat_write(const char *buf, size_t n)
{
	if (n && buf[0] == '0')
		lock_stat_clear();
	return n;
}

/* shoal's own file: context switches per CPU since boot, "cpuN count"
 * (their sum is /proc/stat's ctxt). */
static int proc_sched_ctxt_show(struct task_struct *t, char *buf, size_t size)
{
	int cpu, n = 0;

	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, "cpu%d %lu\n", cpu, nr_context_switches_cpu(cpu));
	return n;
}

/*
 * /proc/PID/fdinfo/FD: Linux's common lines, then the file type's own
 * (->show_fdinfo: epoll lists its watched descriptors).
 */
static int proc_fdinfo_show(struct task_struct *t, int fd, char *buf, size_t size)
{
	struct files_struct *files = proc_task_files(t);
	struct file *f = files ? files_lookup_fd(files, fd) : NULL;
	int n;

	if (files)
		put_files_struct(files);
	if (!f)
		return -ENOENT;
	n = snprintf(buf, size, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t0\nino:\t%lu\n",
		     (long long)f->f_pos, f->f_flags, f->f_inode ? (unsigned long)f->f_inode->i_ino : 0UL);
	if (f->f_op && f->f_op->show_fdinfo && (size_t)n < size)
		n += f->f_op->show_fdinfo(f, buf + n, size - n);
	fput(f);
	return n;
}

static int proc_pci_devices_show(struct task_struct *t, char *buf, size_t size)
{
	return pci_proc_devices_show(buf, size);
}

static int irq_affinity_show(unsigned int irq, char *buf, size_t size)
{
	return irq_proc_affinity_show(irq, false, buf, size);
}

static int irq_affinity_list_show(unsigned int irq, char *buf, size_t size)
{
	return irq_proc_affinity_show(irq, true, buf, size);
}

static int irq_affinity_write(unsigned int irq, const char *buf, size_t n)
{
	return irq_proc_affinity_write(irq, false, buf, n);
}

static int irq_affinity_list_write(unsigned int irq, const char *buf, size_t n)
{
	return irq_proc_affinity_write(irq, true, buf, n);
}

static const struct proc_ent pci_bus_ents[] = {
	FILE_ENT("devices", proc_pci_devices_show),
};
static const struct proc_ent bus_ents[] = {
	DIR_ENT("pci", PD_STATIC, pci_bus_ents),
};
static const struct proc_ent irq_ents[] = {
	{ .name = "smp_affinity", .mode = S_IFREG | 0644, .irq_show = irq_affinity_show,
	  .irq_write = irq_affinity_write },
	{ .name = "smp_affinity_list", .mode = S_IFREG | 0644,
	  .irq_show = irq_affinity_list_show, .irq_write = irq_affinity_list_write },
};
static const struct proc_ent irq_dir_ent = DIRK_ENT("<irq>", PD_IRQN);

/* sysfs: /sys/devices/system/cpu (the cpuN of cpuN/ rides in the inode's fd) */
static int sys_cpulist(const cpumask_t *mask, char *buf, size_t size)
{
	int cpu, first = -1, n = 0;

	for (cpu = 0; cpu <= nr_cpu_ids; cpu++) {
		bool in = cpu < nr_cpu_ids && cpumask_test_cpu(cpu, mask);

		if (in && first < 0)
			first = cpu;
		if (!in && first >= 0) {
			n += scnprintf(buf + n, size - n, "%s%d", n ? "," : "", first);
			if (cpu - 1 > first)
				n += scnprintf(buf + n, size - n, "-%d", cpu - 1);
			first = -1;
		}
	}
	return n + scnprintf(buf + n, size - n, "\n");
}

static int sys_cpu_online_show(struct task_struct *t, char *buf, size_t size)
{
	return sys_cpulist(&cpu_online_mask, buf, size);
}

/* possible = present = every hart brought up (no hotplug) */
static int sys_cpu_possible_show(struct task_struct *t, char *buf, size_t size)
{
	cpumask_t all = CPU_MASK_NONE;
	int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		cpumask_set_cpu(cpu, &all);
	return sys_cpulist(&all, buf, size);
}

static int sys_cpu_kernel_max_show(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%d\n", NR_CPUS - 1);
}

static int sys_cpun_online_show(unsigned int cpu, char *buf, size_t size)
{
	return scnprintf(buf, size, "%d\n", cpumask_test_cpu(cpu, &cpu_online_mask) ? 1 : 0);
}

static const struct proc_ent sys_cpun_ents[] = {
	{ .name = "online", .mode = S_IFREG | 0444, .irq_show = sys_cpun_online_show },
};
static const struct proc_ent sys_cpun_dir_ent = DIRK_ENT("<cpu>", PD_SYSCPUN);
static const struct proc_ent sys_cpu_ents[] = {
	FILE_ENT("kernel_max", sys_cpu_kernel_max_show),
	FILE_ENT("online", sys_cpu_online_show),
	FILE_ENT("possible", sys_cpu_possible_show),
	FILE_ENT("present", sys_cpu_possible_show),
};
static const struct proc_ent sys_system_ents[] = {
	{ .name = "cpu", .mode = S_IFDIR | 0555, .dir = PD_SYSCPU, .children = sys_cpu_ents,
	  .nchildren = ARRAY_SIZE(sys_cpu_ents) },
};
static const struct proc_ent sys_devices_ents[] = {
	DIR_ENT("system", PD_STATIC, sys_system_ents),
};
static const struct proc_ent sysfs_root_ents[] = {
	DIR_ENT("devices", PD_STATIC, sys_devices_ents),
};
static const struct proc_ent sysfs_root_ent = DIR_ENT("/", PD_STATIC, sysfs_root_ents);

static const struct proc_ent vm_ents[] = {
	WFILE_ENT("drop_caches", drop_caches_write),
	FILE_ENT("overcommit_memory", proc_overcommit_show),
};
static const struct proc_ent sys_ents[] = {
	REG_DIR_ENT("fs", &sys_fs_dir),
	REG_DIR_ENT("kernel", &sys_kernel_dir),
	REG_DIR_ENT("net", &sys_net_dir),
	REG_DIR_ENT("vm", &sys_vm_dir),
};
static const struct proc_ent root_ents[] = {
	FILE_ENT("cmdline", proc_cmdline_show),
	FILE_ENT("cpuinfo", proc_cpuinfo_show),
	FILE_ENT("meminfo", proc_meminfo_show),
	FILE_ENT("stat", proc_stat_show),
	FILE_ENT("interrupts", proc_interrupts_show),
	FILE_ENT("softirqs", proc_softirqs_show),
	{ .name = "lock_stat", .mode = S_IFREG | 0600, .show = proc_lock_stat_show,
	  .write = lock_stat_write },
	FILE_ENT("locks", proc_locks_show),
	FILE_ENT("sched_ctxt", proc_sched_ctxt_show),
	FILE_ENT("schedstat", proc_schedstat_show),
	FILE_ENT("uptime", proc_uptime_show),
	FILE_ENT("loadavg", proc_loadavg_show),
	FILE_ENT("mounts", proc_mounts_show),
	FILE_ENT("filesystems", proc_filesystems_show),
	FILE_ENT("version", proc_version_show),
	FILE_ENT("vmstat", proc_vmstat_show),
	DIR_ENT("sys", PD_STATIC, sys_ents),
	REG_DIR_ENT("net", &proc_net_dir),
	DIR_ENT("bus", PD_STATIC, bus_ents),
	DIRK_ENT("irq", PD_IRQ),
	FILE_ENT("profile", proc_profile_show),
	WFILE_ENT("sysrq-trigger", sysrq_write),
	WFILE_ENT("provoke-crash", provoke_crash_write),
	LINK_ENT("self", PL_SELF),
};
static const struct proc_ent pid_ents[] = {
	FILE_ENT("stat", proc_pid_stat_show),
	FILE_ENT("status", proc_pid_status_show),
	FILE_ENT("maps", proc_pid_maps_show),
	FILE_ENT("cmdline", proc_pid_cmdline_show),
	FILE_ENT("environ", proc_pid_environ_show),
	FILE_ENT("comm", proc_pid_comm_show),
	FILE_ENT("wchan", proc_pid_wchan_show),
	FILE_ENT("sched", proc_sched_show_task),
	FILE_ENT("mounts", proc_mounts_show),
	FILE_ENT("mountinfo", proc_mountinfo_show),
	FILE_ENT("oom_score", proc_oom_score_show),
	{ .name = "oom_score_adj", .mode = S_IFREG | 0644, .show = proc_oom_score_adj_show,
	  .pid_write = proc_oom_score_adj_write },
	LINK_ENT("exe", PL_EXE),
	LINK_ENT("cwd", PL_CWD),
	DIRK_ENT("fd", PD_FD),
	DIRK_ENT("fdinfo", PD_FDINFO),
	DIRK_ENT("task", PD_TASK),
};
/* /proc/PID/task/TID: the per-thread files among pid_ents */
static const struct proc_ent tid_ents[] = {
	FILE_ENT("stat", proc_pid_stat_show),
	FILE_ENT("status", proc_pid_status_show),
	FILE_ENT("comm", proc_pid_comm_show),
	FILE_ENT("wchan", proc_pid_wchan_show),
	FILE_ENT("sched", proc_sched_show_task),
};
static const struct proc_ent pid_dir_ent = DIRK_ENT("<pid>", PD_PID);
static const struct proc_ent tid_dir_ent = DIRK_ENT("<tid>", PD_TID);
static const struct proc_ent fd_link_ent = LINK_ENT("<fd>", PL_FD);
static const struct proc_ent fdinfo_ent = { .name = "<fdinfo>", .mode = S_IFREG | 0400,
					    .fd_show = proc_fdinfo_show };
static const struct proc_ent root_dir_ent = DIRK_ENT("/", PD_ROOT);

static const struct inode_operations proc_dir_iops, proc_link_iops, proc_self_iops;

/* ---- registration (boot only) ---- */

/* A fresh entry called name in dir, in name order. */
static struct proc_ent *proc_reg_add(struct proc_reg_dir *dir, const char *name)
{
	unsigned int i;

	for (i = 0; i < dir->n; i++)
		if (!strcmp(dir->ents[i].name, name))
			return ERR_PTR(-EEXIST);
	if (dir->n == PROC_REG_MAX)
		return ERR_PTR(-ENOSPC);
	for (i = dir->n; i > 0 && strcmp(dir->ents[i - 1].name, name) > 0; i--)
		dir->ents[i] = dir->ents[i - 1];
	dir->n++;
	dir->ents[i] = (struct proc_ent){ .name = name };
	return &dir->ents[i];
}

int proc_create_net_single(const char *name, mode_t mode, proc_single_show_t show)
{
	struct proc_ent *e = proc_reg_add(&proc_net_dir, name);

	if (IS_ERR(e))
		return PTR_ERR(e);
	e->mode = S_IFREG | (mode & 0777);
	e->single_show = show;
	return 0;
}

/* /proc/net/<name>, created on first use. */
static struct proc_reg_dir *proc_net_subdir(const char *name)
{
	struct proc_ent *e;
	unsigned int i;

	for (i = 0; i < proc_net_dir.n; i++)
		if (!strcmp(proc_net_dir.ents[i].name, name))
			return proc_net_dir.ents[i].dir == PD_REG ? proc_net_dir.ents[i].reg
								   : ERR_PTR(-EEXIST);
	if (nr_proc_net_subdirs == ARRAY_SIZE(proc_net_subdirs))
		return ERR_PTR(-ENOSPC);
	e = proc_reg_add(&proc_net_dir, name);
	if (IS_ERR(e))
		return (struct proc_reg_dir *)e;
	e->mode = S_IFDIR | 0555;
	e->dir = PD_REG;
	e->reg = &proc_net_subdirs[nr_proc_net_subdirs++];
	return e->reg;
}

int proc_create_net_data(const char *dir, const char *name, mode_t mode, proc_data_show_t show,
			 proc_data_write_t write, void *data)
{
	struct proc_reg_dir *d = dir ? proc_net_subdir(dir) : &proc_net_dir;
	struct proc_ent *e;

	if (IS_ERR(d))
		return PTR_ERR(d);
	e = proc_reg_add(d, name);
	if (IS_ERR(e))
		return PTR_ERR(e);
	e->mode = S_IFREG | (mode & 0777);
	e->data_show = show;
	e->data_write = write;
	e->data = data;
	return 0;
}

/* /proc/sys/<parent>/<name> (net/ipv4, fs/inotify, kernel/pty, ...), created
 * on first use in one of the @max slots of @subdirs. */
static struct proc_reg_dir *sys_subdir(struct proc_reg_dir *parent, struct proc_reg_dir *subdirs,
				       unsigned int *nr, unsigned int max, const char *name)
{
	struct proc_ent *e;
	unsigned int i;

	for (i = 0; i < parent->n; i++)
		if (!strcmp(parent->ents[i].name, name))
			return parent->ents[i].dir == PD_REG ? parent->ents[i].reg
							     : ERR_PTR(-EEXIST);
	if (*nr == max)
		return ERR_PTR(-ENOSPC);
	e = proc_reg_add(parent, name);
	if (IS_ERR(e))
		return (struct proc_reg_dir *)e;
	e->mode = S_IFDIR | 0555;
	e->dir = PD_REG;
	e->reg = &subdirs[(*nr)++];
	return e->reg;
}

/* "<top>/<dir>" with one level below top; the rest of @path or NULL. */
static const char *sysctl_subpath(const char *path, const char *top)
{
	size_t n = strlen(top);

	if (strncmp(path, top, n) || path[n] != '/' || !path[n + 1] || strchr(path + n + 1, '/'))
		return NULL;
	return path + n + 1;
}

/* "net/<dir>/<dir2>" (net/ipv4/route): /proc/sys/net/<dir>/<dir2>, or NULL
 * if path is not of that shape. */
static struct proc_reg_dir *sys_net_subsubdir(const char *path)
{
	/* a parent made here keeps its name: proc entries point at theirs */
	static char names[ARRAY_SIZE(sys_net_subdirs)][16];  /* [boot only] */
	const char *sub = strncmp(path, "net/", 4) ? NULL : path + 4, *slash;
	struct proc_reg_dir *parent;
	char *name;

	if (!sub || !(slash = strchr(sub, '/')) || slash == sub || !slash[1] ||
	    strchr(slash + 1, '/') || slash - sub >= (long)sizeof(names[0]))
		return NULL;
	if (nr_sys_net_subdirs == ARRAY_SIZE(sys_net_subdirs))
		return ERR_PTR(-ENOSPC);        /* even for a lookup: simpler, boot only */
	name = names[nr_sys_net_subdirs];
	memcpy(name, sub, slash - sub);
	name[slash - sub] = 0;
	parent = sys_subdir(&sys_net_dir, sys_net_subdirs, &nr_sys_net_subdirs,
			    ARRAY_SIZE(sys_net_subdirs), name);
	if (IS_ERR(parent))
		return parent;
	return sys_subdir(parent, sys_net_subsubdirs, &nr_sys_net_subsubdirs,
			  ARRAY_SIZE(sys_net_subsubdirs), slash + 1);
}

/* path is "kernel", "kernel/<dir>", "net/<dir>", "net/<dir>/<dir>" or
 * "fs/<dir>" (sysctl.h); table lives as long as the kernel. */
int register_sysctl_sz(const char *path, const struct ctl_table *table, size_t n)
{
	struct proc_reg_dir *dir;
	struct proc_ent *e;
	const char *sub;
	size_t i;

	if (!strcmp(path, "kernel"))
		dir = &sys_kernel_dir;
	else if (!strcmp(path, "fs"))
		dir = &sys_fs_dir;
	else if (!strcmp(path, "vm"))
		dir = &sys_vm_dir;
	else if ((sub = sysctl_subpath(path, "kernel")))
		dir = sys_subdir(&sys_kernel_dir, sys_kernel_subdirs, &nr_sys_kernel_subdirs,
				 ARRAY_SIZE(sys_kernel_subdirs), sub);
	else if ((sub = sysctl_subpath(path, "net")))
		dir = sys_subdir(&sys_net_dir, sys_net_subdirs, &nr_sys_net_subdirs,
				 ARRAY_SIZE(sys_net_subdirs), sub);
	else if ((sub = sysctl_subpath(path, "fs")))
		dir = sys_subdir(&sys_fs_dir, sys_fs_subdirs, &nr_sys_fs_subdirs,
				 ARRAY_SIZE(sys_fs_subdirs), sub);
	else if (!(dir = sys_net_subsubdir(path)))
		return -EINVAL;
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < n; i++) {
		e = proc_reg_add(dir, table[i].procname);
		if (IS_ERR(e))
			return PTR_ERR(e);
		e->mode = S_IFREG | (table[i].mode & 0777);
		e->ctl = &table[i];
	}
	return 0;
}

/* As Linux's proc_notify_change: a size change (O_TRUNC from a shell's
 * `echo x > /proc/...`) is accepted and ignored; generated files have no
 * stored size. */
static int proc_file_setattr(struct dentry *d, struct iattr *attr)
{
	return 0;
}

static int proc_pid_permission(struct inode *inode, int mask);
static void proc_pid_getattr(struct inode *inode, struct kstat *st);

static const struct inode_operations proc_file_iops = {
	.setattr = proc_file_setattr,
	.permission = proc_pid_permission,
	.getattr = proc_pid_getattr,
};
static const struct file_operations proc_dir_fops, proc_file_fops;

/* ---- inodes ---- */

static struct inode *proc_alloc_inode(struct super_block *sb)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi), GFP_KERNEL);

	return pi ? &pi->vfs_inode : NULL;
}

static void proc_destroy_inode(struct inode *inode)
{
	kfree(PROC_I(inode));
}

static const struct super_operations proc_sops = {
	.alloc_inode = proc_alloc_inode,
	.destroy_inode = proc_destroy_inode,
};

/* Stable inode numbers: pid in the high bits, table slot and fd below. */
static ino_t proc_ino(const struct proc_ent *e, pid_t pid, int fd)
{
	unsigned long slot = ((unsigned long)e >> 3) & 0xfff;

	if (e == &root_dir_ent || e == &sysfs_root_ent)
		return PROC_ROOT_INO;
	return ((unsigned long)pid << 32) | (slot << 20) | ((unsigned long)fd & 0xfffff) | 0x100;
}

/* A process's files belong to its effective ids while it is dumpable
 * (Linux's task_dump_owner); everything else to root. */
static void proc_inode_owner(struct inode *inode, pid_t pid)
{
	struct task_struct *t = pid ? get_task_by_pid(pid) : NULL;
	struct mm_struct *mm;
	const struct cred *c;
	bool dumpable;

	inode->i_uid = 0;
	inode->i_gid = 0;
	if (!t)
		return;
	mm = proc_task_mm(t);
	dumpable = mm && READ_ONCE(mm->dumpable) == SUID_DUMP_USER;
	if (mm)
		mmput(mm);
	if (dumpable) {
		c = get_task_cred(t);
		inode->i_uid = c->euid;
		inode->i_gid = c->egid;
		put_cred(c);
	}
	put_task_struct(t);
}

/*
 * A process's euid may have changed since its inode was made: take the
 * owner again before checking (Linux's pid_revalidate). Inodes outside
 * /proc/PID keep root. The owner words are written racily; a concurrent
 * check sees the old or the new owner.
 */
static int proc_pid_permission(struct inode *inode, int mask)
{
	pid_t pid = PROC_I(inode)->pid;

	if (pid)
		proc_inode_owner(inode, pid);
	if (!generic_permission(inode, mask))
		return 0;
	/* a process may always look at its own descriptors (proc_fd_permission) */
	if (pid == current->tgid && (PROC_I(inode)->ent->dir == PD_FD ||
				     PROC_I(inode)->ent->dir == PD_FDINFO))
		return 0;
	return -EACCES;
}

static void proc_pid_getattr(struct inode *inode, struct kstat *st)
{
	if (PROC_I(inode)->pid)
		proc_inode_owner(inode, PROC_I(inode)->pid);
	generic_fillattr(inode, st);
}

static struct inode *proc_get_inode(struct super_block *sb, const struct proc_ent *e,
				    pid_t pid, int fd)
{
	struct inode *inode = new_inode(sb);
	struct proc_inode *pi;

	if (!inode)
		return NULL;
	pi = PROC_I(inode);
	pi->ent = e;
	pi->pid = pid;
	pi->fd = fd;
	inode->i_ino = proc_ino(e, pid, fd);
	inode->i_mode = e->mode;
	if (S_ISDIR(e->mode)) {
		inode->i_op = &proc_dir_iops;
		inode->i_fop = &proc_dir_fops;
		inode->i_nlink = 2;
	} else if (S_ISLNK(e->mode)) {
		inode->i_op = e->link == PL_SELF ? &proc_self_iops : &proc_link_iops;
	} else {
		inode->i_op = &proc_file_iops;
		inode->i_fop = &proc_file_fops;
	}
	if (e->dir == PD_FD || e->dir == PD_FDINFO)
		inode->i_mode = S_IFDIR | 0500;
	proc_inode_owner(inode, pid);
	return inode;
}

static struct task_struct *proc_task(struct inode *inode)
{
	pid_t pid = PROC_I(inode)->pid;

	return pid ? get_task_by_pid(pid) : NULL;
}

static bool parse_num(const char *s, int len, int *out)
{
	long v = 0;
	int i;

	if (!len || len > 9 || (s[0] == '0' && len > 1))
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool task_alive(pid_t pid)
{
	struct task_struct *t = get_task_by_pid(pid);
	bool ok = t && !(t->exit_state & EXIT_DEAD);

	if (t)
		put_task_struct(t);
	return ok;
}

/* The process id of task @pid, or -1 if it is gone. */
static pid_t task_tgid_of(pid_t pid)
{
	struct task_struct *t = get_task_by_pid(pid);
	pid_t tgid = t && !(t->exit_state & EXIT_DEAD) ? t->tgid : -1;

	if (t)
		put_task_struct(t);
	return tgid;
}

static bool same_process(pid_t pid, pid_t tid)
{
	pid_t tgid = task_tgid_of(pid);

	return tgid > 0 && task_tgid_of(tid) == tgid;
}

static bool task_has_fd(pid_t pid, int fd)
{
	struct task_struct *t = get_task_by_pid(pid);
	struct files_struct *files = t ? proc_task_files(t) : NULL;
	struct file *f = files ? files_lookup_fd(files, fd) : NULL;

	if (f)
		fput(f);
	if (files)
		put_files_struct(files);
	if (t)
		put_task_struct(t);
	return f != NULL;
}

/* ---- directories ---- */

static int proc_lookup(struct inode *dir, struct dentry *d)
{
	struct proc_inode *pi = PROC_I(dir);
	const struct proc_ent *table = NULL, *e = NULL;
	unsigned int n = 0, i;
	pid_t pid = pi->pid;
	int num = 0, fd = 0;

	switch (pi->ent->dir) {
	case PD_ROOT:
		table = root_ents;
		n = ARRAY_SIZE(root_ents);
		if (parse_num(d->d_name, d->d_len, &num)) {
			if (!task_alive(num))
				return -ENOENT;
			e = &pid_dir_ent;
			pid = num;
		}
		break;
	case PD_STATIC:
		table = pi->ent->children;
		n = pi->ent->nchildren;
		break;
	case PD_REG:
		table = pi->ent->reg->ents;
		n = pi->ent->reg->n;
		break;
	case PD_PID:
		table = pid_ents;
		n = ARRAY_SIZE(pid_ents);
		break;
	case PD_FD:
	case PD_FDINFO:
		if (!parse_num(d->d_name, d->d_len, &fd) || !task_has_fd(pid, fd))
			return -ENOENT;
		e = pi->ent->dir == PD_FD ? &fd_link_ent : &fdinfo_ent;
		break;
	case PD_IRQ:
		if (!parse_num(d->d_name, d->d_len, &fd) || irq_proc_next(fd) != fd)
			return -ENOENT;
		e = &irq_dir_ent;
		break;
	case PD_IRQN:
		table = irq_ents;
		n = ARRAY_SIZE(irq_ents);
		fd = pi->fd;
		if (irq_proc_next(fd) != fd)
			return -ENOENT;
		break;
	case PD_SYSCPU:
		/* "cpuN" for each CPU, else the files */
		if (d->d_len > 3 && !memcmp(d->d_name, "cpu", 3) &&
		    parse_num(d->d_name + 3, d->d_len - 3, &fd)) {
			if (fd >= nr_cpu_ids)
				return -ENOENT;
			e = &sys_cpun_dir_ent;
			break;
		}
		table = pi->ent->children;
		n = pi->ent->nchildren;
		break;
	case PD_SYSCPUN:
		table = sys_cpun_ents;
		n = ARRAY_SIZE(sys_cpun_ents);
		fd = pi->fd;
		break;
	case PD_TASK:
		/* a thread of the process the directory belongs to */
		if (!parse_num(d->d_name, d->d_len, &num) || !same_process(pid, num))
			return -ENOENT;
		e = &tid_dir_ent;
		pid = num;
		break;
	case PD_TID:
		table = tid_ents;
		n = ARRAY_SIZE(tid_ents);
		break;
	default:
		return -ENOTDIR;
	}
	for (i = 0; !e && i < n; i++)
		if (strlen(table[i].name) == d->d_len && !memcmp(table[i].name, d->d_name, d->d_len))
			e = &table[i];
	if (!e)
		return -ENOENT;
	if (pid && !task_alive(pid))
		return -ENOENT;
	d_instantiate(d, proc_get_inode(dir->i_sb, e, pid, fd));
	return d->d_inode ? 0 : -ENOMEM;
}

static bool emit_table(struct dir_context *ctx, const struct proc_ent *t, unsigned int n,
		       pid_t pid)
{
	while (ctx->pos >= 2 && ctx->pos - 2 < n) {
		const struct proc_ent *e = &t[ctx->pos - 2];

		if (!dir_emit(ctx, e->name, strlen(e->name), proc_ino(e, pid, 0),
			      dt_type(e->mode), ctx->pos + 1))
			return false;
	}
	return true;
}

static bool emit_table_fd(struct dir_context *ctx, const struct proc_ent *t, unsigned int n,
			  int fd)
{
	while (ctx->pos >= 2 && ctx->pos - 2 < n) {
		const struct proc_ent *e = &t[ctx->pos - 2];

		if (!dir_emit(ctx, e->name, strlen(e->name), proc_ino(e, 0, fd),
			      dt_type(e->mode), ctx->pos + 1))
			return false;
	}
	return true;
}

static void emit_pids(struct dir_context *ctx)
{
	char name[16];
	pid_t pid;

	if (ctx->pos < PID_POS_BASE)
		ctx->pos = PID_POS_BASE;
	while ((pid = next_tgid(ctx->pos - PID_POS_BASE)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", pid);

		if (!dir_emit(ctx, name, len, proc_ino(&pid_dir_ent, pid, 0), DT_DIR,
			      PID_POS_BASE + pid))
			return;
	}
}

/* /proc/irq: one directory per allocated virq; the cursor is 2 + irq. */
static void emit_irqs(struct dir_context *ctx)
{
	char name[16];
	int irq;

	if (ctx->pos < 2)
		return;
	while ((irq = irq_proc_next(ctx->pos - 2 > 0 ? ctx->pos - 2 : 1)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", irq);

		if (!dir_emit(ctx, name, len, proc_ino(&irq_dir_ent, 0, irq), DT_DIR, irq + 3))
			return;
	}
}

static void emit_fds(struct dir_context *ctx, pid_t pid, const struct proc_ent *e)
{
	struct task_struct *t = get_task_by_pid(pid);
	struct files_struct *files = t ? proc_task_files(t) : NULL;
	char name[16];
	int fd;

	if (ctx->pos < 2)
		goto out;
	while (files && (fd = files_next_fd(files, ctx->pos - 2)) >= 0) {
		int len = snprintf(name, sizeof(name), "%d", fd);

		if (!dir_emit(ctx, name, len, proc_ino(e, pid, fd), dt_type(e->mode), fd + 3))
			break;
	}
out:
	if (files)
		put_files_struct(files);
	if (t)
		put_task_struct(t);
}

/* /sys/devices/system/cpu's cpuN entries, after its nfiles files. */
static void emit_sys_cpus(struct dir_context *ctx, unsigned int nfiles)
{
	char name[16];
	int cpu;

	while ((cpu = ctx->pos - 2 - nfiles) >= 0 && cpu < nr_cpu_ids) {
		int len = snprintf(name, sizeof(name), "cpu%d", cpu);

		if (!dir_emit(ctx, name, len, proc_ino(&sys_cpun_dir_ent, 0, cpu), DT_DIR,
			      ctx->pos + 1))
			return;
	}
}

/* /proc/PID/task: the process's thread ids; the cursor is 3 + the last tid. */
static void emit_tids(struct dir_context *ctx, pid_t pid)
{
	pid_t tgid = task_tgid_of(pid), tid;
	char name[16];

	if (ctx->pos < 2 || tgid < 0)
		return;
	while ((tid = next_tid(tgid, ctx->pos - 3)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", tid);

		if (!dir_emit(ctx, name, len, proc_ino(&tid_dir_ent, tid, 0), DT_DIR, tid + 3))
			return;
	}
}

static int proc_iterate(struct file *f, void __user *dirent, size_t count, loff_t *pos)
{
	struct proc_inode *pi = PROC_I(f->f_inode);
	struct dir_context ctx = { .buf = dirent, .count = count, .pos = *pos };

	if (ctx.pos == 0 && !dir_emit(&ctx, ".", 1, f->f_inode->i_ino, DT_DIR, 1))
		goto out;
	if (ctx.pos == 1) {
		struct dentry *p = dget_parent(f->f_dentry);
		bool ok = dir_emit(&ctx, "..", 2, p->d_inode->i_ino, DT_DIR, 2);

		dput(p);
		if (!ok)
			goto out;
	}
	switch (pi->ent->dir) {
	case PD_ROOT:
		if (emit_table(&ctx, root_ents, ARRAY_SIZE(root_ents), 0))
			emit_pids(&ctx);
		break;
	case PD_STATIC:
		emit_table(&ctx, pi->ent->children, pi->ent->nchildren, 0);
		break;
	case PD_REG:
		emit_table(&ctx, pi->ent->reg->ents, pi->ent->reg->n, 0);
		break;
	case PD_PID:
		if (task_alive(pi->pid))
			emit_table(&ctx, pid_ents, ARRAY_SIZE(pid_ents), pi->pid);
		break;
	case PD_FD:
		emit_fds(&ctx, pi->pid, &fd_link_ent);
		break;
	case PD_FDINFO:
		emit_fds(&ctx, pi->pid, &fdinfo_ent);
		break;
	case PD_IRQ:
		emit_irqs(&ctx);
		break;
	case PD_IRQN:
		if (irq_proc_next(pi->fd) == pi->fd)
			emit_table_fd(&ctx, irq_ents, ARRAY_SIZE(irq_ents), pi->fd);
		break;
	case PD_SYSCPU:
		if (emit_table(&ctx, pi->ent->children, pi->ent->nchildren, 0))
			emit_sys_cpus(&ctx, pi->ent->nchildren);
		break;
	case PD_SYSCPUN:
		emit_table_fd(&ctx, sys_cpun_ents, ARRAY_SIZE(sys_cpun_ents), pi->fd);
		break;
	case PD_TASK:
		emit_tids(&ctx, pi->pid);
		break;
	case PD_TID:
		if (task_alive(pi->pid))
			emit_table(&ctx, tid_ents, ARRAY_SIZE(tid_ents), pi->pid);
		break;
	default:
		break;
	}
out:
	*pos = ctx.pos;
	return dir_result(&ctx);
}

static const struct inode_operations proc_dir_iops = {
	.lookup = proc_lookup,
	.permission = proc_pid_permission,
	.getattr = proc_pid_getattr,
};

static const struct file_operations proc_dir_fops = {
	.read = generic_read_dir,
	.iterate = proc_iterate,
	.llseek = generic_file_llseek,
	.poll = generic_file_poll,
};

/* ---- links ---- */

/* The file a PL_EXE / PL_FD link names, referenced, or NULL. */
static struct file *link_file(struct proc_inode *pi, struct task_struct *t)
{
	struct file *f = NULL;

	if (pi->ent->link == PL_EXE) {
		struct mm_struct *mm = proc_task_mm(t);

		if (mm) {
			mutex_lock(&mm->mmap_lock);
			if (mm->exe_file)
				f = get_file(mm->exe_file);
			mutex_unlock(&mm->mmap_lock);
			mmput(mm);
		}
	} else if (pi->ent->link == PL_FD) {
		struct files_struct *files = proc_task_files(t);

		if (files) {
			f = files_lookup_fd(files, pi->fd);
			put_files_struct(files);
		}
	}
	return f;
}

/* cwd of another task: its fs_struct under task_lock, pwd under fs->lock */
static int task_cwd(struct task_struct *t, struct path *out)
{
	struct fs_struct *fs;
	int err = -ENOENT;

	task_lock(t);
	fs = t->fs;
	if (fs) {
		spin_lock(&fs->lock);
		*out = fs->pwd;
		path_get(out);
		spin_unlock(&fs->lock);
		err = 0;
	}
	task_unlock(t);
	return err;
}

static int proc_get_path(struct dentry *d, struct path *out)
{
	struct proc_inode *pi = PROC_I(d->d_inode);
	struct task_struct *t = proc_task(d->d_inode);
	struct file *f;
	int err = -ENOENT;

	if (!t)
		return -ENOENT;
	if (pi->ent->link == PL_CWD) {
		err = task_cwd(t, out);
	} else {
		f = link_file(pi, t);
		if (f && f->f_dentry) {
			out->mnt = mntget(f->f_vfsmnt);
			out->dentry = dget(f->f_dentry);
			err = 0;
		}
		if (f)
			fput(f);
	}
	put_task_struct(t);
	return err;
}

static int proc_readlink(struct dentry *d, char *buf, int size)
{
	struct proc_inode *pi = PROC_I(d->d_inode);
	struct task_struct *t;
	struct file *f;
	char *tmp;
	int n;

	if (pi->ent->link == PL_SELF) {
		n = snprintf(buf, size, "%d", current->tgid);
		return min(n, size);
	}
	t = proc_task(d->d_inode);
	if (!t)
		return -ENOENT;
	tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!tmp) {
		put_task_struct(t);
		return -ENOMEM;
	}
	if (pi->ent->link == PL_CWD) {
		struct path p, root;
		char *s;

		n = task_cwd(t, &p);
		if (!n) {
			get_fs_root(&root);
			s = d_path(&p, &root, tmp, PATH_MAX);
			path_put(&root);
			path_put(&p);
			n = IS_ERR(s) ? PTR_ERR(s) : (int)strlen(s);
			if (n > 0)
				memmove(tmp, s, n + 1);
		}
	} else {
		f = link_file(pi, t);
		n = f ? file_path(f, tmp, PATH_MAX) : -ENOENT;
		if (f)
			fput(f);
	}
	if (n > 0) {
		n = min(n, size);
		memcpy(buf, tmp, n);
	}
	kfree(tmp);
	put_task_struct(t);
	return n;
}

/* "self" is an ordinary symlink whose text is walked; the others are
 * magic links that jump straight to the file. */
static const struct inode_operations proc_self_iops = {
	.readlink = proc_readlink,
};

static const struct inode_operations proc_link_iops = {
	.readlink = proc_readlink,
	.get_path = proc_get_path,
};

/* ---- generated files ---- */

struct proc_buf {
	size_t len;
	char data[];
};

static bool proc_ent_readable(const struct proc_ent *e)
{
	return e->show || e->fd_show || e->single_show || e->data_show || e->irq_show ||
	       (e->ctl && (e->mode & 0444));
}

static bool proc_ent_writable(const struct proc_ent *e)
{
	return e->write || e->data_write || e->irq_write || e->pid_write ||
	       (e->ctl && (e->mode & 0222));
}

static int proc_ent_show(const struct proc_inode *pi, struct task_struct *t, char *buf,
			 size_t size)
{
	const struct proc_ent *e = pi->ent;

	if (e->fd_show)
		return e->fd_show(t, pi->fd, buf, size);
	if (e->ctl)
		return e->ctl->proc_handler(e->ctl, 0, buf, size);
	if (e->single_show)
		return e->single_show(buf, size);
	if (e->data_show)
		return e->data_show(e->data, buf, size);
	if (e->irq_show)
		return e->irq_show(pi->fd, buf, size);
	return e->show(t, buf, size);
}

static ssize_t proc_ent_write(const struct proc_inode *pi, char *buf, size_t n)
{
	const struct proc_ent *e = pi->ent;
	int err;

	if (e->data_write)
		return e->data_write(e->data, buf, n);
	if (e->irq_write) {
		err = e->irq_write(pi->fd, buf, n);
		return err ? err : (ssize_t)n;
	}
	if (e->pid_write) {
		struct task_struct *t = get_task_by_pid(pi->pid);

		if (!t)
			return -ESRCH;
		err = e->pid_write(t, buf, n);
		put_task_struct(t);
		return err ? err : (ssize_t)n;
	}
	if (!e->ctl)
		return e->write(buf, n);
	err = e->ctl->proc_handler(e->ctl, 1, buf, n);
	return err ? err : (ssize_t)n;
}

static int proc_file_open(struct inode *inode, struct file *f)
{
	struct proc_inode *pi = PROC_I(inode);
	struct task_struct *t = NULL;
	struct proc_buf *pb = NULL;
	size_t size = PAGE_SIZE;
	int n;

	if (proc_ent_writable(pi->ent) && !proc_ent_readable(pi->ent)) {  /* write-only control file */
		if (f->f_mode & FMODE_READ)
			return -EACCES;
		f->private_data = NULL;
		return 0;
	}
	if ((f->f_mode & FMODE_WRITE) && !proc_ent_writable(pi->ent))
		return -EACCES;
	if (pi->pid) {
		t = get_task_by_pid(pi->pid);
		if (!t)
			return -ESRCH;
	}
	for (;;) {
		pb = kmalloc(sizeof(*pb) + size, GFP_KERNEL);
		if (!pb) {
			n = -ENOMEM;
			break;
		}
		n = proc_ent_show(pi, t, pb->data, size);
		if (n < 0 || (size_t)n < size - 1 || size >= PROC_BUF_MAX - sizeof(*pb) - PAGE_SIZE)
			break;
		kfree(pb);
		pb = NULL;
		size = min(size * 4, PROC_BUF_MAX - sizeof(*pb) - PAGE_SIZE);
	}
	if (t)
		put_task_struct(t);
	if (n < 0) {
		kfree(pb);
		return n;
	}
	pb->len = n;
	f->private_data = pb;
	return 0;
}

static ssize_t proc_file_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct proc_buf *pb = f->private_data;
	loff_t pos = *ppos;
	size_t n;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= pb->len)
		return 0;
	n = min(count, pb->len - pos);
	if (copy_to_user(buf, pb->data + pos, n))
		return -EFAULT;
	*ppos = pos + n;
	return n;
}

static ssize_t proc_file_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	struct proc_inode *pi = PROC_I(f->f_inode);
	char kbuf[128];
	size_t n = min(count, sizeof(kbuf) - 1);
	ssize_t ret;

	if (!proc_ent_writable(pi->ent))
		return -EINVAL;
	if (copy_from_user(kbuf, buf, n))
		return -EFAULT;
	kbuf[n] = 0;
	ret = proc_ent_write(pi, kbuf, n);
	return ret < 0 ? ret : (ssize_t)count;  /* a sysctl takes the whole write */
}

static int proc_file_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations proc_file_fops = {
	.open = proc_file_open,
	.read = proc_file_read,
	.write = proc_file_write,
	.release = proc_file_release,
	.llseek = generic_file_llseek,
	.poll = generic_file_poll,
};

/* ---- the file system ---- */

static struct super_block *proc_sb;

static struct super_block *proc_mount(struct file_system_type *type, int flags,
				      const char *dev, void *data)
{
	atomic_inc(&proc_sb->s_active);
	return proc_sb;
}

static void proc_kill_sb(struct super_block *sb)
{
	/* never reached: proc_init keeps a reference */
}

struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
	.kill_sb = proc_kill_sb,
};

static struct super_block *sysfs_sb;

static struct super_block *sysfs_mount(struct file_system_type *type, int flags,
				       const char *dev, void *data)
{
	atomic_inc(&sysfs_sb->s_active);
	return sysfs_sb;
}

static struct file_system_type sysfs_fs_type = {
	.name = "sysfs",
	.mount = sysfs_mount,
	.kill_sb = proc_kill_sb,
};

static void sysfs_init(void)
{
	struct inode *root;

	sysfs_sb = sget_nodev(&sysfs_fs_type, &proc_sops, SYSFS_MAGIC);
	if (!sysfs_sb)
		panic("sysfs_init");
	root = proc_get_inode(sysfs_sb, &sysfs_root_ent, 0, 0);
	sysfs_sb->s_root = root ? d_alloc_root(root) : NULL;
	if (!sysfs_sb->s_root)
		panic("sysfs_init");
	register_filesystem(&sysfs_fs_type);
}

/* /proc/sys/{kernel,vm}'s own files; subsystems add theirs with register_sysctl. */
static void proc_sys_kernel_init(void)
{
	struct proc_ent *e;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kernel_ents); i++) {
		e = proc_reg_add(&sys_kernel_dir, kernel_ents[i].name);
		BUG_ON(IS_ERR(e));
		*e = kernel_ents[i];
	}
	for (i = 0; i < ARRAY_SIZE(vm_ents); i++) {
		e = proc_reg_add(&sys_vm_dir, vm_ents[i].name);
		BUG_ON(IS_ERR(e));
		*e = vm_ents[i];
	}
}

void proc_init(void)
{
	struct inode *root;

	proc_sys_kernel_init();
	proc_sb = sget_nodev(&proc_fs_type, &proc_sops, PROC_SUPER_MAGIC);
	if (!proc_sb)
		panic("proc_init");
	root = proc_get_inode(proc_sb, &root_dir_ent, 0, 0);
	proc_sb->s_root = root ? d_alloc_root(root) : NULL;
	if (!proc_sb->s_root)
		panic("proc_init");
	register_filesystem(&proc_fs_type);
	sysfs_init();
}
