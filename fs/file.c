// SPDX-License-Identifier: MIT
/*
 * struct file and the descriptor table (struct files_struct).
 *
 * files->lock (spinlock, never taken from interrupt context) guards the
 * table; it is a leaf lock: fput() of a replaced or closed file happens
 * after it is released, because ->release may sleep. The table grows by
 * doubling: expand_files() drops the lock to allocate, then re-checks.
 *
 * A struct file holds references on its dentry and mount (or, for an
 * anonymous file, on its inode). The last fput() calls ->release and
 * drops them.
 */
#include "internal.h"
#include <shoal/eventpoll.h>
#include <shoal/syscalls.h>
#include <shoal/filelock.h>
#include <shoal/fsnotify.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <shoal/cred.h>

static struct kmem_cache *file_cache;

/*
 * fs.file-max, fs.file-nr and fs.nr_open (Linux's files_stat and
 * sysctl_nr_open). nr_files counts every struct file alive; a new one
 * past file-max fails with -ENFILE unless the caller has CAP_SYS_ADMIN,
 * as on Linux. nr_open
 * bounds RLIMIT_NOFILE's hard limit and the descriptor table's size.
 * Each is a lone word: READ_ONCE/WRITE_ONCE or atomic, no lock.
 */
static atomic64_t nr_files;
unsigned long sysctl_file_max = NR_FILE;
unsigned long sysctl_nr_open = NR_OPEN_MAX;
static unsigned long nr_open_min = NR_OPEN_DEFAULT;
static unsigned long nr_open_max = NR_OPEN_LIMIT;

static bool file_max_exempt(void)
{
	return capable(CAP_SYS_ADMIN);
}

static int file_nr_show(const struct ctl_table *table, int write, char *buf, size_t len)
{
	if (write)
		return -EPERM;
	return snprintf(buf, len, "%ld\t0\t%lu\n", atomic64_read(&nr_files),
			READ_ONCE(sysctl_file_max));
}

static const struct ctl_table fs_table[] = {
	{ .procname = "file-max", .data = &sysctl_file_max, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax },
	{ .procname = "file-nr", .mode = 0444, .proc_handler = file_nr_show },
	{ .procname = "nr_open", .data = &sysctl_nr_open, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &nr_open_min, .extra2 = &nr_open_max },
};

/* As Linux's files_maxfiles_init: a tenth of memory at 1 KiB a file, at least NR_FILE. */
static int files_sysctl_init(void)
{
	unsigned long n = nr_total_pages() * (PAGE_SIZE / 1024) / 10;

	WRITE_ONCE(sysctl_file_max, max(n, (unsigned long)NR_FILE));
	return register_sysctl("fs", fs_table);
}
subsys_initcall(files_sysctl_init);
static struct super_block *anon_sb;
static struct file_system_type anon_fs_type = { .name = "anon_inodefs" };

void files_cache_init(void)
{
	file_cache = kmem_cache_create("filp", sizeof(struct file), 8, 0, NULL);
	anon_sb = sget_nodev(&anon_fs_type, NULL, ANON_INODE_FS_MAGIC);
	if (!file_cache || !anon_sb)
		panic("files_cache_init");
}

struct file *alloc_empty_file(unsigned int flags, const struct file_operations *fops)
{
	unsigned int acc = flags & O_ACCMODE;
	struct file *f;

	if (atomic64_read(&nr_files) >= (long)READ_ONCE(sysctl_file_max) && !file_max_exempt())
		return ERR_PTR(-ENFILE);
	f = kmem_cache_zalloc(file_cache, GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	atomic64_inc(&nr_files);
	atomic_set(&f->f_count, 1);
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	if (flags & O_PATH)
		f->f_mode = FMODE_PATH;
	else
		f->f_mode = (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
			    (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
	mutex_init(&f->f_pos_lock);
	spin_lock_init(&f->f_lock);
	INIT_LIST_HEAD(&f->f_ep);
	f->f_op = fops;
	return f;
}

struct file *alloc_file_pseudo_mode(const struct file_operations *fops, void *priv,
				    unsigned int flags, const char *name, mode_t mode)
{
	struct inode *inode = new_inode(anon_sb);
	struct file *f;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = mode;
	inode->i_private = (void *)name;
	inode->i_fop = fops;
	f = alloc_empty_file(flags, fops);
	if (IS_ERR(f)) {
		iput(inode);
		return f;
	}
	f->f_inode = inode;
	f->private_data = priv;
	return f;
}

struct file *alloc_file_pseudo(const struct file_operations *fops, void *priv,
			       unsigned int flags, const char *name)
{
	return alloc_file_pseudo_mode(fops, priv, flags, name, 0600);
}

/*
 * A descriptor for a new anonymous file (Linux's anon_inode_getfd): @flags
 * may hold O_CLOEXEC (the descriptor) and O_NONBLOCK (the file). Returns
 * the descriptor or a negative errno; on error @priv is still the caller's.
 */
int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, unsigned int flags)
{
	struct file *f;
	int fd;

	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0)
		return fd;
	f = alloc_file_pseudo(fops, priv, O_RDWR | (flags & O_NONBLOCK), name);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

static void __fput(struct file *f)
{
	if (f->f_op)                    /* NULL: an open that failed */
		fsnotify_close(f);
	eventpoll_release(f);
	locks_remove_file(f);
	/* off the object's fasync list before the file goes (Linux's __fput) */
	if ((f->f_flags & FASYNC) && f->f_op && f->f_op->fasync)
		f->f_op->fasync(-1, f, 0);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_mode & FMODE_WRITER)
		put_write_access(f->f_inode);
	if (f->f_mode & FMODE_DENY_WRITE)
		allow_write_access(f->f_inode);
	if (f->f_dentry)
		dput(f->f_dentry);
	else
		iput(f->f_inode);
	mntput(f->f_vfsmnt);
	kmem_cache_free(file_cache, f);
	atomic64_add(-1, &nr_files);
}

void fput(struct file *f)
{
	if (f && atomic_dec_and_test(&f->f_count))
		__fput(f);
}

int file_path(struct file *f, char *buf, size_t size)
{
	struct inode *inode = f->f_inode;
	int n;

	if (f->f_dentry) {
		struct path p = { f->f_vfsmnt, f->f_dentry }, root;
		char *s;

		get_fs_root(&root);
		s = d_path(&p, &root, buf, size);
		path_put(&root);
		if (IS_ERR(s))
			return PTR_ERR(s);
		n = strlen(s);
		memmove(buf, s, n + 1);
		return n;
	}
	if (S_ISFIFO(inode->i_mode))
		n = snprintf(buf, size, "pipe:[%lu]", inode->i_ino);
	else if (S_ISSOCK(inode->i_mode))
		n = snprintf(buf, size, "socket:[%lu]", inode->i_ino);
	else
		n = snprintf(buf, size, "anon_inode:%s",
			     inode->i_private ? (const char *)inode->i_private : "[unknown]");
	return (size_t)n < size ? n : -ENAMETOOLONG;
}

/* ---- the descriptor table ---- */

unsigned long task_rlimit_nofile(void)
{
	struct rlimit64 *r = &current->signal->rlim[RLIMIT_NOFILE];
	unsigned long lim = READ_ONCE(r->rlim_cur);

	if (!lim && !READ_ONCE(r->rlim_max))
		lim = 1024;             /* limits not set up (kernel threads at boot) */
	return min(lim, READ_ONCE(sysctl_nr_open));
}

static void files_init_arrays(struct files_struct *files)
{
	files->max_fds = NR_OPEN_DEFAULT;
	files->fd = files->fd_array;
	files->open_fds = files->open_fds_init;
	files->close_on_exec = files->cloexec_init;
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	atomic_set(&files->count, 1);
	spin_lock_init(&files->lock);
	files_init_arrays(files);
	return files;
}

struct fdtab { struct file **fd; unsigned long *open, *cloexec; };

static int fdtab_alloc(struct fdtab *t, unsigned int nr)
{
	t->fd = kzalloc(nr * sizeof(struct file *), GFP_KERNEL);
	t->open = kzalloc(nr / 8, GFP_KERNEL);
	t->cloexec = kzalloc(nr / 8, GFP_KERNEL);
	if (t->fd && t->open && t->cloexec)
		return 0;
	kfree(t->fd);
	kfree(t->open);
	kfree(t->cloexec);
	return -ENOMEM;
}

static void files_free_arrays(struct files_struct *files)
{
	if (files->fd != files->fd_array) {
		kfree(files->fd);
		kfree(files->open_fds);
		kfree(files->close_on_exec);
	}
}

/*
 * Make room for descriptor @nr. Called and returns with files->lock held,
 * but drops it to allocate: returns 1 if the table changed (callers
 * re-check), 0 if it was already big enough, or -EMFILE.
 */
static int expand_files(struct files_struct *files, unsigned int nr)
{
	unsigned int newmax, oldmax;
	struct fdtab t;

	assert_spin_locked(&files->lock);

	if (nr < files->max_fds)
		return 0;
	if (nr >= READ_ONCE(sysctl_nr_open))
		return -EMFILE;
	newmax = files->max_fds;
	while (newmax <= nr)
		newmax *= 2;
	spin_unlock(&files->lock);
	if (fdtab_alloc(&t, newmax)) {
		spin_lock(&files->lock);
		return -EMFILE;
	}
	spin_lock(&files->lock);
	oldmax = files->max_fds;
	if (oldmax >= newmax) {         /* someone else grew it meanwhile */
		spin_unlock(&files->lock);
		kfree(t.fd);
		kfree(t.open);
		kfree(t.cloexec);
		spin_lock(&files->lock);
		return 1;
	}
	memcpy(t.fd, files->fd, oldmax * sizeof(struct file *));
	memcpy(t.open, files->open_fds, oldmax / 8);
	memcpy(t.cloexec, files->close_on_exec, oldmax / 8);
	{
		struct files_struct old = { .fd = files->fd, .open_fds = files->open_fds,
					    .close_on_exec = files->close_on_exec };
		bool embedded = files->fd == files->fd_array;

		files->fd = t.fd;
		files->open_fds = t.open;
		files->close_on_exec = t.cloexec;
		files->max_fds = newmax;
		if (!embedded) {
			/* nobody reads the old arrays without the lock */
			spin_unlock(&files->lock);
			kfree(old.fd);
			kfree(old.open_fds);
			kfree(old.close_on_exec);
			spin_lock(&files->lock);
		}
	}
	return 1;
}

static unsigned int find_next_zero(const unsigned long *bits, unsigned int max, unsigned int start)
{
	unsigned int i = start;

	while (i < max) {
		unsigned long w = bits[i / 64] | ((1UL << (i % 64)) - 1);

		if (~w)
			return min(max, (i & ~63U) + (unsigned int)__builtin_ctzl(~w));
		i = (i & ~63U) + 64;
	}
	return max;
}

static inline void __set_cloexec(struct files_struct *files, unsigned int fd, bool on)
{
	assert_spin_locked(&files->lock);
	if (on)
		files->close_on_exec[fd / 64] |= 1UL << (fd % 64);
	else
		files->close_on_exec[fd / 64] &= ~(1UL << (fd % 64));
}

/* Reserve the lowest free descriptor >= @start. */
static int alloc_fd(unsigned int start, unsigned int flags)
{
	struct files_struct *files = current->files;
	unsigned long limit = task_rlimit_nofile();
	unsigned int fd;
	int err;

	spin_lock(&files->lock);
repeat:
	fd = max(start, files->next_fd);
	fd = find_next_zero(files->open_fds, files->max_fds, fd);
	if (fd >= limit) {
		err = -EMFILE;
		goto out;
	}
	err = expand_files(files, fd);
	if (err < 0)
		goto out;
	if (err > 0)
		goto repeat;
	files->open_fds[fd / 64] |= 1UL << (fd % 64);
	__set_cloexec(files, fd, flags & O_CLOEXEC);
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	DEBUG_ASSERT(!files->fd[fd]);
	err = fd;
out:
	spin_unlock(&files->lock);
	return err;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	assert_spin_locked(&files->lock);
	files->open_fds[fd / 64] &= ~(1UL << (fd % 64));
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->lock);
	__put_unused_fd(files, fd);
	spin_unlock(&files->lock);
}

void fd_install(unsigned int fd, struct file *f)
{
	struct files_struct *files = current->files;

	spin_lock(&files->lock);
	DEBUG_ASSERT(fd < files->max_fds && !files->fd[fd]);
	files->fd[fd] = f;
	spin_unlock(&files->lock);
}

struct file *files_lookup_fd(struct files_struct *files, unsigned int fd)
{
	struct file *f = NULL;

	spin_lock(&files->lock);
	if (fd < files->max_fds && (f = files->fd[fd]))
		get_file(f);
	spin_unlock(&files->lock);
	return f;
}

int files_next_fd(struct files_struct *files, unsigned int start)
{
	int ret = -1;
	unsigned int i;

	spin_lock(&files->lock);
	for (i = start; i < files->max_fds; i++)
		if (files->fd[i]) {
			ret = i;
			break;
		}
	spin_unlock(&files->lock);
	return ret;
}

struct file *fget_raw(unsigned int fd)
{
	struct files_struct *files = current->files;

	return files ? files_lookup_fd(files, fd) : NULL;
}

struct file *fget(unsigned int fd)
{
	struct file *f = fget_raw(fd);

	if (f && (f->f_mode & FMODE_PATH)) {
		fput(f);
		return NULL;
	}
	return f;
}

/* Install @f at @fd (replacing what is there); consumes the caller's reference. */
static int replace_fd(unsigned int fd, struct file *f, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *old;
	int err;

	if (fd >= task_rlimit_nofile()) {
		fput(f);
		return -EBADF;
	}
	spin_lock(&files->lock);
	do {
		err = expand_files(files, fd);
	} while (err > 0);
	if (err < 0) {
		spin_unlock(&files->lock);
		fput(f);
		return -EMFILE;
	}
	old = files->fd[fd];
	if (!old && (files->open_fds[fd / 64] & (1UL << (fd % 64)))) {
		spin_unlock(&files->lock);      /* reserved by a racing open */
		fput(f);
		return -EBUSY;
	}
	files->fd[fd] = f;
	files->open_fds[fd / 64] |= 1UL << (fd % 64);
	__set_cloexec(files, fd, flags & O_CLOEXEC);
	spin_unlock(&files->lock);
	if (old)
		filp_close(old, files);
	return fd;
}

struct files_struct *dup_files(struct files_struct *old)
{
	struct files_struct *files = files_alloc();
	unsigned int n, i;
	struct fdtab t;

	if (!files)
		return NULL;
	for (;;) {
		spin_lock(&old->lock);
		n = old->max_fds;
		spin_unlock(&old->lock);
		if (n > NR_OPEN_DEFAULT) {
			if (fdtab_alloc(&t, n)) {
				kfree(files);
				return NULL;
			}
			files->fd = t.fd;
			files->open_fds = t.open;
			files->close_on_exec = t.cloexec;
			files->max_fds = n;
		}
		spin_lock(&old->lock);
		if (old->max_fds == n)
			break;
		spin_unlock(&old->lock);
		files_free_arrays(files);
		files_init_arrays(files);
	}
	for (i = 0; i < n; i++) {
		struct file *f = old->fd[i];

		if (!f)
			continue;       /* reserved-but-empty slots are not inherited */
		files->fd[i] = get_file(f);
		files->open_fds[i / 64] |= 1UL << (i % 64);
		if (old->close_on_exec[i / 64] & (1UL << (i % 64)))
			files->close_on_exec[i / 64] |= 1UL << (i % 64);
	}
	files->next_fd = find_next_zero(files->open_fds, n, 0);
	spin_unlock(&old->lock);
	return files;
}

void get_files_struct(struct files_struct *files)
{
	atomic_inc(&files->count);
}

void put_files_struct(struct files_struct *files)
{
	unsigned int i;

	if (!atomic_dec_and_test(&files->count))
		return;
	for (i = 0; i < files->max_fds; i++)
		if (files->fd[i])
			filp_close(files->fd[i], files);
	files_free_arrays(files);
	kfree(files);
}

/* Close every descriptor in [lo, hi] that @pick selects; the lock is dropped around fput. */
static void close_fds(struct files_struct *files, unsigned int lo, unsigned int hi, bool only_cloexec)
{
	unsigned int i;

	spin_lock(&files->lock);
	for (i = lo; i <= hi && i < files->max_fds; i++) {
		struct file *f = files->fd[i];
		unsigned long bit = 1UL << (i % 64);

		if (!f || (only_cloexec && !(files->close_on_exec[i / 64] & bit)))
			continue;
		files->fd[i] = NULL;
		files->close_on_exec[i / 64] &= ~bit;
		__put_unused_fd(files, i);
		spin_unlock(&files->lock);
		filp_close(f, files);
		spin_lock(&files->lock);
	}
	spin_unlock(&files->lock);
}

void do_close_on_exec(struct files_struct *files)
{
	close_fds(files, 0, ~0U, true);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	spin_lock(&files->lock);
	if (fd >= files->max_fds || !(f = files->fd[fd])) {
		spin_unlock(&files->lock);
		return -EBADF;
	}
	files->fd[fd] = NULL;
	__set_cloexec(files, fd, false);
	__put_unused_fd(files, fd);
	spin_unlock(&files->lock);
	filp_close(f, files);
	return 0;
}

SYSCALL_DEFINE3(close_range, unsigned int, first, unsigned int, last, unsigned int, flags)
{
	struct files_struct *files = current->files;
	unsigned int i;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && atomic_read(&files->count) > 1) {
		struct files_struct *copy = dup_files(files);

		if (!copy)
			return -ENOMEM;
		current->files = copy;
		put_files_struct(files);
		files = copy;
	}
	if (!(flags & CLOSE_RANGE_CLOEXEC)) {
		close_fds(files, first, last, false);
		return 0;
	}
	spin_lock(&files->lock);
	for (i = first; i <= last && i < files->max_fds; i++)
		if (files->fd[i])
			__set_cloexec(files, i, true);
	spin_unlock(&files->lock);
	return 0;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	f = fget_raw(oldfd);
	if (!f)
		return -EBADF;
	return replace_fd(newfd, f, flags);
}

SYSCALL_DEFINE1(dup, unsigned int, fd)
{
	struct file *f = fget_raw(fd);
	int nfd;

	if (!f)
		return -EBADF;
	nfd = get_unused_fd_flags(0);
	if (nfd < 0) {
		fput(f);
		return nfd;
	}
	fd_install(nfd, f);
	return nfd;
}

/* F_DUPFD / F_DUPFD_CLOEXEC */
long f_dupfd(unsigned int from, struct file *f, unsigned int flags)
{
	int fd;

	if (from >= task_rlimit_nofile())
		return -EINVAL;
	fd = alloc_fd(from, flags);
	if (fd >= 0)
		fd_install(fd, get_file(f));
	return fd;
}

int get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current->files;
	int ret;

	spin_lock(&files->lock);
	ret = fd < files->max_fds && (files->close_on_exec[fd / 64] & (1UL << (fd % 64)));
	spin_unlock(&files->lock);
	return ret;
}

void set_close_on_exec(unsigned int fd, bool on)
{
	struct files_struct *files = current->files;

	spin_lock(&files->lock);
	if (fd < files->max_fds && files->fd[fd])
		__set_cloexec(files, fd, on);
	spin_unlock(&files->lock);
}
