// SPDX-License-Identifier: MIT
/*
 * execve: replace the calling process's program.
 *
 * Order (include/shoal/binfmts.h draws the new stack):
 *   1. open the file (ENOENT, EACCES), create the new mm with its stack VMA;
 *   2. copy execfn, envp and argv strings from the caller into the new
 *      stack (EFAULT, E2BIG) - with no lock held, as copy_from_user may
 *      fault in the caller's own mm;
 *   3. a handler (#! script, ELF) maps the program into the new mm and
 *      writes argc/argv/envp/auxv;
 *   4. begin_new_exec(), the point of no return: de_thread, switch mm,
 *      close O_CLOEXEC files, reset signal handlers, comm, exe_file;
 *   5. start_thread() sets the user registers in task_pt_regs(current).
 *
 * The new mm is reached only through get_user_page_mm()/access_remote_vm()
 * (they take its locks, which nobody else contends) and is published in
 * step 4, so a failure before that just drops it.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/rseq.h>
#include <shoal/time.h>
#include <shoal/fs.h>
#include <shoal/futex.h>
#include <shoal/binfmts.h>
#include <shoal/cred.h>
#include <shoal/uaccess.h>
#include <shoal/mm_types.h>
#include <asm/csr.h>
#include <asm/switch_to.h>
#include <uapi/mman.h>
#include <shoal/syscalls.h>
#include <shoal/sysctl.h>
#include <shoal/init.h>

/* ---- the file ---- */

struct file *open_exec(const char *name)
{
	struct file *f;

	if (!name[0])
		return ERR_PTR(-ENOENT);
	f = filp_open(name, O_RDONLY | __FMODE_EXEC, 0);
	if (IS_ERR(f))
		return f;
	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode) ||
	    inode_permission(f->f_inode, MAY_EXEC)) {
		fput(f);
		return ERR_PTR(-EACCES);
	}
	/* no one writes the file while it runs: the deny lasts as long as
	 * this struct file, which mm->exe_file keeps (Linux: ETXTBSY) */
	if (deny_write_access(f->f_inode)) {
		fput(f);
		return ERR_PTR(-ETXTBSY);
	}
	f->f_mode |= FMODE_DENY_WRITE;
	return f;
}

/*
 * The credentials the new program runs with (set-id bits, capability
 * rules: kernel/cred.c), into bprm->cred. Called by the binary handler
 * once bprm->file is the file that will run (the interpreter of a #!
 * script: set-id bits on scripts are ignored, as Linux).
 */
int bprm_creds_from_file(struct linux_binprm *bprm)
{
	return cap_bprm_creds_from_file(bprm, current_cred());
}

int prepare_binprm(struct linux_binprm *bprm)
{
	loff_t pos = 0;
	ssize_t n;

	memset(bprm->buf, 0, BINPRM_BUF_SIZE);
	n = kernel_read(bprm->file, bprm->buf, BINPRM_BUF_SIZE, &pos);
	return n < 0 ? (int)n : 0;
}

/* ---- the new stack and its strings ---- */

/* Arguments may use a quarter of the stack limit (as Linux), at least 128 KiB. */
static unsigned long arg_space(void)
{
	struct signal_struct *sig = current->signal;
	unsigned long lim = sig ? sig->rlim[RLIMIT_STACK].rlim_cur : 0;

	if (!lim || lim > STACK_RLIMIT_DEFAULT)
		lim = STACK_RLIMIT_DEFAULT;
	return max(lim / 4, 128UL << 10);
}

static int bprm_mm_init(struct linux_binprm *bprm)
{
	unsigned long base = STACK_TOP - STACK_INIT_SIZE, ret;

	bprm->mm = mm_alloc();
	if (!bprm->mm)
		return -ENOMEM;
	ret = do_mmap_mm(bprm->mm, NULL, base, STACK_INIT_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0);
	if (IS_ERR_VALUE(ret))
		return ret;
	bprm->p = STACK_TOP - sizeof(void *);
	bprm->argmin = STACK_TOP - arg_space();
	return 0;
}

static int get_arg_ptr(struct user_arg_ptr argv, int nr, const char **out)
{
	unsigned long p;

	if (argv.is_kernel) {
		*out = argv.ptr.kernel[nr];
		return 0;
	}
	/* through a non-const type: get_user's temporary has *ptr's type */
	if (get_user(p, (unsigned long __user *)(argv.ptr.user + nr)))
		return -EFAULT;
	*out = (const char *)p;
	return 0;
}

/* Number of pointers before the NULL; a NULL array counts 0. */
static int count_args(struct user_arg_ptr argv)
{
	const char *p;
	int n;

	if (!argv.ptr.kernel)
		return 0;
	for (n = 0; ; n++) {
		if (get_arg_ptr(argv, n, &p))
			return -EFAULT;
		if (!p)
			return n;
		if (n >= MAX_ARG_STRINGS - 1)
			return -E2BIG;
		if (!argv.is_kernel && fatal_signal_pending(current))
			return -ERESTARTNOHAND;
		cond_resched();
	}
}

/* Push one string (@len bytes with its NUL) below bprm->p. */
static int push_string(struct linux_binprm *bprm, const char *src, long len, bool kernel)
{
	unsigned long pos, off;
	struct page *page;
	long done, n;
	char *kaddr;

	if (len > MAX_ARG_STRLEN || (unsigned long)len > bprm->p - bprm->argmin)
		return -E2BIG;
	bprm->p -= len;
	pos = bprm->p;
	for (done = 0; done < len; done += n) {
		off = (pos + done) & ~PAGE_MASK;
		n = min_t(long, PAGE_SIZE - off, len - done);
		page = get_user_page_mm(bprm->mm, pos + done, FOLL_WRITE | FOLL_FORCE);
		if (IS_ERR(page))
			return PTR_ERR(page);
		kaddr = (char *)page_address(page) + off;
		if (kernel)
			memcpy(kaddr, src + done, n);
		else if (copy_from_user(kaddr, (const char __user *)src + done, n)) {
			put_page(page);
			return -EFAULT;
		}
		if (done + n == len)
			kaddr[n - 1] = 0;       /* even if the user string changed meanwhile */
		put_page(page);
	}
	return 0;
}

int copy_string_kernel(const char *s, struct linux_binprm *bprm)
{
	return push_string(bprm, s, strnlen(s, MAX_ARG_STRLEN) + 1, true);
}

/* Copy strings argv[n-1] .. argv[0], so that argv[0] ends lowest. */
static int copy_strings(int n, struct user_arg_ptr argv, struct linux_binprm *bprm)
{
	const char *s;
	long len;
	int err;

	while (n-- > 0) {
		if (get_arg_ptr(argv, n, &s))
			return -EFAULT;
		if (argv.is_kernel)
			len = strnlen(s, MAX_ARG_STRLEN) + 1;
		else
			len = strnlen_user((const char __user *)s, MAX_ARG_STRLEN);
		if (len <= 0)
			return -EFAULT;
		if (len > MAX_ARG_STRLEN)
			return -E2BIG;
		err = push_string(bprm, s, len, argv.is_kernel);
		if (err)
			return err;
		if (!argv.is_kernel && fatal_signal_pending(current))
			return -ERESTARTNOHAND;
		cond_resched();
	}
	return 0;
}

long strnlen_mm(struct mm_struct *mm, unsigned long addr, long max)
{
	struct page *page;
	unsigned long off;
	long len = 0, n, chunk;

	while (len < max) {
		page = get_user_page_mm(mm, addr + len, 0);
		if (IS_ERR(page))
			return -EFAULT;
		off = (addr + len) & ~PAGE_MASK;
		chunk = min_t(long, PAGE_SIZE - off, max - len);
		n = strnlen((char *)page_address(page) + off, chunk);
		put_page(page);
		len += n;
		if (n < chunk)
			return len;
	}
	return len;
}

/* #!: drop argv[0] (the lowest string) before pushing the interpreter's. */
int remove_arg_zero(struct linux_binprm *bprm)
{
	long len;

	if (!bprm->argc)
		return 0;
	len = strnlen_mm(bprm->mm, bprm->p, MAX_ARG_STRLEN);
	if (len < 0)
		return len;
	bprm->p += len + 1;
	bprm->argc--;
	return 0;
}

/* ---- handlers ---- */

int search_binary_handler(struct linux_binprm *bprm)
{
	int ret;

	if (bprm->recursion > BINPRM_MAX_RECURSION)
		return -ELOOP;
	ret = load_script(bprm);
	if (ret != -ENOEXEC)
		return ret;
	return load_elf_binary(bprm);
}

/* ---- the point of no return ---- */

/* Load @mm on this CPU as current's address space; drop the old one. */
static void exec_mmap(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm, *old_active;
	struct cpu *c;
	unsigned long flags;

	mmgrab(mm);                     /* the reference cpu->active_mm holds */
	flags = local_irq_save();
	c = this_cpu();
	old_active = c->active_mm;
	tsk->mm = mm;
	tsk->active_mm = mm;
	switch_mm(old_active, mm);
	c->active_mm = mm;
	local_irq_restore(flags);
	if (old_active)
		mmdrop(old_active);
	if (old_mm)
		mmput(old_mm);
}

/* What exit would release about the old mm: robust futexes, the
 * CLONE_CHILD_CLEARTID word, and a vfork parent waiting for us. */
static void exec_mm_release(struct task_struct *tsk)
{
	if (tsk->mm) {
		exit_robust_list(tsk);
		mm_release_futex(tsk);
	}
	tsk->robust_list = NULL;
	tsk->clear_child_tid = NULL;
	rseq_execve(tsk);
	if (tsk->vfork_done) {
		complete(tsk->vfork_done);
		tsk->vfork_done = NULL;
	}
}

static void set_comm(struct task_struct *tsk, const char *filename)
{
	const char *base = strrchr(filename, '/');

	task_lock(tsk);
	strlcpy(tsk->comm, base ? base + 1 : filename, TASK_COMM_LEN);
	task_unlock(tsk);
}

char *get_task_comm(char *buf, struct task_struct *tsk)
{
	task_lock(tsk);
	memcpy(buf, tsk->comm, TASK_COMM_LEN);
	task_unlock(tsk);
	return buf;
}

int begin_new_exec(struct linux_binprm *bprm)
{
	struct task_struct *tsk = current;
	int err;

	if (tsk->mm) {
		err = de_thread(tsk);
		if (err)
			return err;
	}
	exec_mm_release(tsk);
	bprm->mm->exe_file = get_file(bprm->file);
	exec_mmap(bprm->mm);
	bprm->mm = NULL;
	if (tsk->files)
		do_close_on_exec(tsk->files);
	if (tsk->sighand)
		flush_signal_handlers(tsk);
	if (tsk->signal)
		posix_timers_exit(tsk->signal);         /* timers do not survive execve */
	tsk->sas_ss_sp = 0;
	tsk->sas_ss_size = 0;
	tsk->sas_ss_flags = SS_DISABLE;
	set_comm(tsk, bprm->filename);
	commit_creds(bprm->cred);
	bprm->cred = NULL;
	/* the new program is dumpable unless it runs set-id: then as fs.suid_dumpable says */
	WRITE_ONCE(tsk->mm->dumpable, current_euid() == current_uid() &&
		   current_egid() == current_gid() ? SUID_DUMP_USER :
		   (int)READ_ONCE(suid_dumpable));
	/* The new program starts with zeroed FP registers. */
	memset(&tsk->thread.fstate, 0, sizeof(tsk->thread.fstate));
	fpu_restore(&tsk->thread.fstate);
	return 0;
}

void start_thread(struct pt_regs *regs, unsigned long pc, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->epc = pc;
	regs->sp = sp;
	regs->status = SR_SPIE | SR_FS_INITIAL;         /* SPP clear: user mode */
}

/* ---- execve ---- */

static void free_bprm(struct linux_binprm *bprm)
{
	if (bprm->mm)
		mmput(bprm->mm);
	if (bprm->file)
		fput(bprm->file);
	if (bprm->cred)
		abort_creds(bprm->cred);
	kfree(bprm->interp_buf);
	kfree(bprm);
}

/* Steps 1-5 of the header comment for @filename (a kernel string). */
static int do_execve_common(const char *filename, struct user_arg_ptr argv,
			    struct user_arg_ptr envp)
{
	struct linux_binprm *bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);
	struct file *file;
	int err;

	if (!bprm)
		return -ENOMEM;
	bprm->filename = bprm->interp = filename;
	bprm->cred = prepare_exec_creds();
	if (!bprm->cred) {
		kfree(bprm);
		return -ENOMEM;
	}
	file = open_exec(filename);
	err = PTR_ERR(file);
	if (IS_ERR(file))
		goto out;
	bprm->file = file;
	err = bprm_mm_init(bprm);
	if (err)
		goto out;
	err = bprm->argc = count_args(argv);
	if (err < 0)
		goto out;
	err = bprm->envc = count_args(envp);
	if (err < 0)
		goto out;
	/* room for the pointer arrays too */
	err = -E2BIG;
	if ((unsigned long)(bprm->argc + bprm->envc + 2) * sizeof(void *) >
	    bprm->p - bprm->argmin)
		goto out;
	bprm->argmin += (bprm->argc + bprm->envc + 2) * sizeof(void *);

	err = copy_string_kernel(filename, bprm);
	if (err)
		goto out;
	bprm->exec = bprm->p;
	err = copy_strings(bprm->envc, envp, bprm);
	if (err)
		goto out;
	err = copy_strings(bprm->argc, argv, bprm);
	if (err)
		goto out;
	if (!bprm->argc) {              /* as Linux: argv[0] is never missing */
		err = copy_string_kernel("", bprm);
		if (err)
			goto out;
		bprm->argc = 1;
	}
	err = prepare_binprm(bprm);
	if (!err)
		err = search_binary_handler(bprm);
out:
	free_bprm(bprm);
	return err;
}

SYSCALL_DEFINE3(execve, const char __user *, filename,
		const char __user *const __user *, argv, const char __user *const __user *, envp)
{
	struct user_arg_ptr a = { .is_kernel = false, .ptr.user = argv };
	struct user_arg_ptr e = { .is_kernel = false, .ptr.user = envp };
	char *name = getname(filename);
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = do_execve_common(name, a, e);
	putname(name);
	return ret;
}

unsigned long suid_dumpable = SUID_DUMP_DISABLE;
static unsigned long suid_dumpable_min = SUID_DUMP_DISABLE, suid_dumpable_max = SUID_DUMP_ROOT;

/* /proc/sys/fs/suid_dumpable, as Linux's fs_exec_sysctls: 0, 1 or 2 (EINVAL otherwise) */
static const struct ctl_table fs_exec_sysctls[] = {
	{ .procname = "suid_dumpable", .data = &suid_dumpable, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &suid_dumpable_min, .extra2 = &suid_dumpable_max },
};

static int __init init_fs_exec_sysctls(void)
{
	return register_sysctl("fs", fs_exec_sysctls);
}
fs_initcall(init_fs_exec_sysctls);

int kernel_execve(const char *path, const char *const argv[], const char *const envp[])
{
	struct user_arg_ptr a = { .is_kernel = true, .ptr.kernel = argv };
	struct user_arg_ptr e = { .is_kernel = true, .ptr.kernel = envp };

	return do_execve_common(path, a, e);
}
