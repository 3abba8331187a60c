// SPDX-License-Identifier: MIT
/*
 * start_kernel: the boot CPU brings the machine up in dependency order,
 * starts the other harts, starts PID 1 (/sbin/init from the initramfs) and
 * becomes CPU 0's idle task.
 */
#include <shoal/nmi.h>
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/kthread.h>
#include <shoal/mm_types.h>
#include <shoal/fs.h>
#include <shoal/irq.h>
#include <shoal/softirq.h>
#include <shoal/time.h>
#include <shoal/signal.h>
#include <shoal/init.h>
#include <net/ipconfig.h>
#include <shoal/profile.h>
#include <asm/csr.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <asm/asm-prototypes.h>
#include <asm/sections.h>
#include <shoal/binfmts.h>
#include <shoal/cred.h>
#include <shoal/console.h>

struct task_struct init_task;

static const char *init_path = "/sbin/init";

extern const initcall_t __initcall_start[], __initcall_end[];
extern const initcall_t __kthread_initcall_start[], __kthread_initcall_end[];

static void run_initcalls(const initcall_t *start, const initcall_t *end)
{
	const initcall_t *fn;
	int err;

	for (fn = start; fn < end; fn++) {
		err = (*fn)();
		if (err)
			printk("shoal: initcall %p returned %d\n", *fn, err);
	}
}

/* Run the subsystems' and drivers' initcalls, level by level (init.h). */
void do_initcalls(void)
{
	run_initcalls(__initcall_start, __initcall_end);
}

/* The ones that start kernel threads, once PID 1 exists. */
void do_kthread_initcalls(void)
{
	run_initcalls(__kthread_initcall_start, __kthread_initcall_end);
}

/* Load the final kernel page table on this hart. */
void mm_switch_to_kernel(void)
{
	csr_write(satp, SATP_MODE_SV39 | (__pa(swapper_pg_dir) >> 12));
	local_flush_tlb_all();
}

static void init_task_setup(unsigned long hartid)
{
	struct cpu *c = this_cpu();

	smp_init_cpu_struct(0, hartid);
	init_task.stack = boot_stack;            /* KSTACK_SIZE bytes, head.S */
	init_task.flags = PF_KTHREAD | PF_IDLE;
	init_task.state = TASK_RUNNING;
	init_task.timer_slack_ns = DEFAULT_TIMER_SLACK_NS;
	init_task.default_timer_slack_ns = DEFAULT_TIMER_SLACK_NS;
	init_task.cpus_allowed.bits = (1UL << NR_CPUS) - 1;    /* inherited by kthreads */
	init_task.group_leader = &init_task;
	init_task.real_parent = &init_task;
	init_task.real_cred = &init_cred;       /* init_cred's usage counts these */
	init_task.cred = &init_cred;
	spin_lock_init_named(&init_task.cred_lock, "task->cred_lock");
	atomic_set(&init_task.usage, 2);
	strlcpy(init_task.comm, "swapper/0", TASK_COMM_LEN);
	INIT_LIST_HEAD(&init_task.rt.run_list);
	INIT_LIST_HEAD(&init_task.children);
	INIT_LIST_HEAD(&init_task.sibling);
	INIT_LIST_HEAD(&init_task.thread_node);
	INIT_LIST_HEAD(&init_task.tasks);
	INIT_LIST_HEAD(&init_task.pending.list);
	spin_lock_init_ranked(&init_task.pi_lock, "task->pi_lock", LOCKRANK_PI);
	spin_lock_init_named(&init_task.alloc_lock, "task->alloc_lock");
	c->curr = &init_task;
	c->idle = &init_task;
	c->kstack_top = (unsigned long)boot_stack_top;
}

static void reserve_and_init_memory(void)
{
	struct mem_region r[3 + ARRAY_SIZE(platform.fw_reserved)];
	int n = 0, i;

	r[n++] = (struct mem_region){ platform.ram_base, __pa(_end) - platform.ram_base };
	r[n++] = (struct mem_region){ platform.dtb_pa, platform.dtb_size };
	if (platform.initrd_end > platform.initrd_start)
		r[n++] = (struct mem_region){ platform.initrd_start,
					      platform.initrd_end - platform.initrd_start };
	for (i = 0; i < platform.nr_fw_reserved; i++)
		r[n++] = (struct mem_region){ platform.fw_reserved[i].base, platform.fw_reserved[i].size };
	page_alloc_init(platform.ram_base, platform.ram_end, r, n);
	slab_init();
	mm_init_kernel();
	mm_switch_to_kernel();
}

static void parse_bootargs(void)
{
	static char args[sizeof(platform.bootargs)];
	char *p, *tok;

	strlcpy(args, platform.bootargs, sizeof(args));
	for (p = args; (tok = p); ) {
		p = strchr(p, ' ');
		if (p)
			*p++ = 0;
		if (!strncmp(tok, "init=", 5) || !strncmp(tok, "rdinit=", 7))
			init_path = strchr(tok, '=') + 1;
		else if (!strncmp(tok, "profile=", 8))
			profile_setup(tok + 8);
		else if (!strncmp(tok, "ip=", 3))
			ip_auto_config_setup(tok + 3);
		else if (watchdog_boot_param(tok) || hung_task_boot_param(tok))
			;       /* the lockup and hung-task detectors' (include/shoal/nmi.h) */
	}
}

/* PID 1: give it its own files, fs and signal handlers, then exec init. */
static int run_init(void *unused)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", "PATH=/bin:/sbin:/usr/bin:/usr/sbin", NULL };
	const char *argv[] = { init_path, NULL };
	struct sighand_struct *old = current->sighand;
	struct file *con;
	int i, err;

	current->flags &= ~PF_KTHREAD;
	current->files = files_alloc();
	current->fs = fs_struct_init();
	current->sighand = sighand_alloc();
	sighand_put(old);
	current->signal->pgrp = current->signal->session = current->pid;
	for (i = 0; i < 3; i++) {
		con = filp_open("/dev/console", O_RDWR, 0);
		if (IS_ERR(con)) {
			printk("init: no /dev/console (%ld)\n", PTR_ERR(con));
			break;
		}
		fd_install(get_unused_fd_flags(0), con);
	}
	err = kernel_execve(init_path, argv, envp);
	if (err)
		panic("cannot run %s: error %d", init_path, err);
	return 0;       /* ret_from_fork continues into user mode */
}

void start_kernel(unsigned long hartid, phys_addr_t dtb_pa)
{
	init_task_setup(hartid);
	printk("shoal: booting on hart %lu\n", hartid);
	platform_parse_dt(dtb_pa, hartid);
	timebase_freq = platform.timebase;
	riscv_has_sstc = platform.sstc;
	printk("shoal: %d harts, RAM %lx-%lx, timebase %lu Hz, isa %s%s\n",
	       platform.nr_harts, platform.ram_base, platform.ram_end, platform.timebase,
	       platform.isa, platform.sstc ? " (Sstc timer)" : "");
	reserve_and_init_memory();
	parse_bootargs();
	fork_init();
	sched_init();
	init_task.sighand = sighand_alloc();
	init_task.signal = signal_alloc();
	softirq_init();
	time_init();
	signals_init();
	early_irq_init();
	aplic_init();
	imsic_init_cpu();
	sched_init_cpu(0);
	cpus[0].online = true;
	cpumask_set_cpu(0, &cpu_online_mask);
	time_init_cpu();
	uart_init();
	vfs_init();
	do_initcalls();
	profile_init();
	if (platform.initrd_end > platform.initrd_start)
		populate_rootfs(__va(platform.initrd_start), platform.initrd_end - platform.initrd_start);
	else
		printk("shoal: no initramfs\n");
	printk("CPU0: hart %lu online\n", hartid);
	smp_boot_secondaries();
	printk("shoal: %lu MiB free\n", nr_free_pages() >> (20 - PAGE_SHIFT));
	if (!kthread_run(run_init, NULL, "init"))
		panic("cannot create init");
	spawn_ksoftirqd();
	do_kthread_initcalls();
	local_irq_enable();
	cpu_idle_loop();
}
