// SPDX-License-Identifier: MIT
/*
 * tmpfs: the root file system, /tmp, /dev (devtmpfs) and memfd files.
 *
 * Directories are the dentry tree itself. A regular file's data is an
 * array of page pointers indexed by page offset (the page cache of this
 * kernel): NULL slots are holes and read as zeros. Each cached page holds
 * one reference for the array (page->mapping = inode, page->index = offset);
 * shared mappings get their own references through ->fault, so write()
 * and MAP_SHARED views see the same pages.
 *
 * Locking:
 *   inode->i_mutex  file size and writes (write, truncate); directory
 *                   contents (held by the VFS around the dir operations)
 *   inode->i_lock   the page array (slots, nslots, growth). Never held
 *                   across copy_*_user or allocation.
 * The fault path takes only i_lock, so a write() whose user buffer faults
 * on a mapping of the same file cannot deadlock on i_mutex.
 */
#include "internal.h"
#include <shoal/syscalls.h>

#define SHMEM_MAX_PAGES ((2UL << 20) / sizeof(struct page *))  /* 1 GiB files */

struct shmem_inode {
	struct inode vfs_inode;
	struct page **pages;            /* [i_lock] */
	unsigned long nslots;           /* [i_lock] only grows */
	char *link;                     /* symlink target [const] */
};

static inline struct shmem_inode *SHMEM_I(struct inode *inode)
{
	return container_of(inode, struct shmem_inode, vfs_inode);
}

static atomic64_t shmem_pages;          /* cached pages, all tmpfs instances */
static const struct inode_operations shmem_dir_iops, shmem_file_iops, shmem_symlink_iops,
	shmem_special_iops;
static const struct file_operations shmem_file_operations;
static struct vfsmount *shm_mnt;        /* internal instance for memfd files */

unsigned long shmem_nr_pages(void)
{
	return atomic64_read(&shmem_pages);
}

bool is_tmpfs_file(struct file *f)
{
	return f->f_op == &shmem_file_operations;
}

/* ---- the page array ---- */

static int shmem_grow(struct inode *inode, unsigned long need)
{
	struct shmem_inode *si = SHMEM_I(inode);
	unsigned long n = max(max(need, si->nslots * 2), 16UL);
	struct page **arr, **old;

	n = min(n, SHMEM_MAX_PAGES);
	arr = kzalloc(n * sizeof(*arr), GFP_KERNEL);
	if (!arr)
		return -ENOMEM;
	spin_lock(&inode->i_lock);
	if (si->nslots < n) {
		if (si->nslots)
			memcpy(arr, si->pages, si->nslots * sizeof(*arr));
		old = si->pages;
		si->pages = arr;
		si->nslots = n;
	} else {
		old = arr;
	}
	spin_unlock(&inode->i_lock);
	kfree(old);
	return 0;
}

struct page *shmem_get_page(struct inode *inode, pgoff_t idx, bool create)
{
	struct shmem_inode *si = SHMEM_I(inode);
	struct page *p = NULL, *newp;
	int err;

	if (idx >= SHMEM_MAX_PAGES)
		return ERR_PTR(-EFBIG);
	spin_lock(&inode->i_lock);
	if (idx < si->nslots && (p = si->pages[idx]))
		get_page(p);
	spin_unlock(&inode->i_lock);
	if (p || !create)
		return p;
	if (idx >= READ_ONCE(si->nslots)) {
		err = shmem_grow(inode, idx + 1);
		if (err)
			return ERR_PTR(err);
	}
	newp = alloc_page(GFP_KERNEL);
	if (!newp)
		return ERR_PTR(-ENOMEM);
	memset(page_address(newp), 0, PAGE_SIZE);
	newp->mapping = inode;
	newp->index = idx;
	spin_lock(&inode->i_lock);
	p = si->pages[idx];
	if (!p) {
		si->pages[idx] = p = newp;
		newp = NULL;
		atomic64_inc(&shmem_pages);
	}
	get_page(p);
	spin_unlock(&inode->i_lock);
	if (newp) {                     /* lost a race with another creator */
		newp->mapping = NULL;
		put_page(newp);
	}
	return p;
}

/* Drop cached pages from index @start on. */
static void shmem_drop_pages(struct inode *inode, unsigned long start)
{
	struct shmem_inode *si = SHMEM_I(inode);
	unsigned long i;

	for (i = start; i < READ_ONCE(si->nslots); i++) {
		struct page *p;

		spin_lock(&inode->i_lock);
		p = si->pages[i];
		si->pages[i] = NULL;
		spin_unlock(&inode->i_lock);
		if (p) {
			p->mapping = NULL;
			atomic64_add(-1, &shmem_pages);
			put_page(p);
		}
	}
}

/* Caller holds i_mutex. */
static int shmem_truncate(struct inode *inode, loff_t size)
{
	loff_t old = inode->i_size;

	assert_mutex_held(&inode->i_mutex);

	if (size < 0)
		return -EINVAL;
	if ((unsigned long)size > SHMEM_MAX_PAGES * PAGE_SIZE)
		return -EFBIG;
	WRITE_ONCE(inode->i_size, size);
	if (size < old) {
		unsigned int off = size & ~PAGE_MASK;

		if (off) {
			struct page *p = shmem_get_page(inode, size >> PAGE_SHIFT, false);

			if (!IS_ERR_OR_NULL(p)) {
				memset((char *)page_address(p) + off, 0, PAGE_SIZE - off);
				put_page(p);
			}
		}
		shmem_drop_pages(inode, PAGE_ALIGN(size) >> PAGE_SHIFT);
	}
	return 0;
}

/* ---- inodes ---- */

static struct inode *shmem_alloc_inode(struct super_block *sb)
{
	struct shmem_inode *si = kzalloc(sizeof(*si), GFP_KERNEL);

	return si ? &si->vfs_inode : NULL;
}

static void shmem_evict_inode(struct inode *inode)
{
	struct shmem_inode *si = SHMEM_I(inode);

	shmem_drop_pages(inode, 0);
	kfree(si->pages);
	kfree(si->link);
}

static void shmem_destroy_inode(struct inode *inode)
{
	kfree(SHMEM_I(inode));
}

static int shmem_statfs(struct super_block *sb, struct statfs *buf)
{
	buf->f_blocks = nr_total_pages();
	buf->f_bfree = buf->f_bavail = nr_free_pages();
	buf->f_files = nr_total_pages();
	buf->f_ffree = nr_free_pages();
	return 0;
}

static const struct super_operations shmem_sops = {
	.alloc_inode = shmem_alloc_inode,
	.evict_inode = shmem_evict_inode,
	.destroy_inode = shmem_destroy_inode,
	.statfs = shmem_statfs,
};

/* A new inode of @sb owned by the caller (@dir: its parent, or NULL). */
static struct inode *shmem_get_inode(struct super_block *sb, const struct inode *dir,
				     mode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode_init_owner(inode, dir, mode);
	mode = inode->i_mode;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &shmem_file_iops;
		inode->i_fop = &shmem_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &shmem_dir_iops;
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;
		break;
	case S_IFLNK:
		inode->i_op = &shmem_symlink_iops;
		break;
	default:
		inode->i_op = &shmem_special_iops;
		inode_init_special(inode, mode, dev);
		break;
	}
	return inode;
}

static void setattr_copy(struct inode *inode, const struct iattr *attr)
{
	if (attr->ia_valid & ATTR_MODE)
		inode->i_mode = (inode->i_mode & S_IFMT) | (attr->ia_mode & S_IALLUGO);
	if (attr->ia_valid & ATTR_UID)
		inode->i_uid = attr->ia_uid;
	if (attr->ia_valid & ATTR_GID)
		inode->i_gid = attr->ia_gid;
	if (attr->ia_valid & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	if (attr->ia_valid & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	if (attr->ia_valid & ATTR_CTIME)
		inode->i_ctime = current_time();
}

static int shmem_setattr(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;
	int err;

	if (attr->ia_valid & ATTR_SIZE) {
		if (!S_ISREG(inode->i_mode))
			return -EINVAL;
		err = shmem_truncate(inode, attr->ia_size);
		if (err)
			return err;
	}
	setattr_copy(inode, attr);
	return 0;
}

/* ---- directory operations (VFS holds dir->i_mutex) ---- */

static int shmem_mknod(struct inode *dir, struct dentry *d, mode_t mode, dev_t dev)
{
	struct inode *inode = shmem_get_inode(dir->i_sb, dir, mode, dev);

	if (!inode)
		return -ENOSPC;
	if (S_ISDIR(mode))
		dir->i_nlink++;
	d_instantiate(d, inode);
	return 0;
}

static int shmem_create(struct inode *dir, struct dentry *d, mode_t mode)
{
	return shmem_mknod(dir, d, (mode & 07777) | S_IFREG, 0);
}

static int shmem_mkdir(struct inode *dir, struct dentry *d, mode_t mode)
{
	return shmem_mknod(dir, d, (mode & 07777) | S_IFDIR, 0);
}

static int shmem_tmpfile(struct inode *dir, struct dentry *d, mode_t mode)
{
	struct inode *inode = shmem_get_inode(dir->i_sb, dir, (mode & 07777) | S_IFREG, 0);

	if (!inode)
		return -ENOSPC;
	inode->i_nlink = 0;
	d_instantiate(d, inode);
	return 0;
}

static int shmem_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	struct inode *inode;
	size_t len = strlen(target);

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	inode = shmem_get_inode(dir->i_sb, dir, S_IFLNK | 0777, 0);
	if (!inode)
		return -ENOSPC;
	SHMEM_I(inode)->link = kstrdup(target, GFP_KERNEL);
	if (!SHMEM_I(inode)->link) {
		iput(inode);
		return -ENOMEM;
	}
	inode->i_size = len;
	d_instantiate(d, inode);
	return 0;
}

static int shmem_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;

	inode->i_nlink++;
	inode_touch(inode, ATTR_CTIME);
	ihold(inode);
	d_instantiate(d, inode);
	return 0;
}

static int shmem_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	inode->i_nlink--;
	inode_touch(inode, ATTR_CTIME);
	return 0;
}

static int shmem_rmdir(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_nlink = 0;
	dir->i_nlink--;
	return 0;
}

static int shmem_rename(struct inode *odir, struct dentry *old, struct inode *ndir,
			struct dentry *new, unsigned int flags)
{
	bool odir_is = S_ISDIR(old->d_inode->i_mode);
	struct inode *victim = new->d_inode;

	if (flags & RENAME_EXCHANGE) {
		bool ndir_is = S_ISDIR(victim->i_mode);

		if (odir_is != ndir_is) {
			if (odir_is) {
				odir->i_nlink--;
				ndir->i_nlink++;
			} else {
				ndir->i_nlink--;
				odir->i_nlink++;
			}
		}
		inode_touch(victim, ATTR_CTIME);
	} else {
		if (victim) {
			if (S_ISDIR(victim->i_mode)) {
				victim->i_nlink = 0;
				ndir->i_nlink--;
			} else {
				victim->i_nlink--;
			}
			inode_touch(victim, ATTR_CTIME);
		}
		if (odir_is && odir != ndir) {
			odir->i_nlink--;
			ndir->i_nlink++;
		}
	}
	inode_touch(old->d_inode, ATTR_CTIME);
	return 0;
}

static int shmem_readlink(struct dentry *d, char *buf, int size)
{
	const char *link = SHMEM_I(d->d_inode)->link;
	int len = strlen(link);

	if (len > size)
		len = size;
	memcpy(buf, link, len);
	return len;
}

static const struct inode_operations shmem_dir_iops = {
	.create = shmem_create,
	.mkdir = shmem_mkdir,
	.mknod = shmem_mknod,
	.symlink = shmem_symlink,
	.link = shmem_link,
	.unlink = shmem_unlink,
	.rmdir = shmem_rmdir,
	.rename = shmem_rename,
	.tmpfile = shmem_tmpfile,
	.setattr = shmem_setattr,
};

static const struct inode_operations shmem_file_iops = {
	.setattr = shmem_setattr,
};

static const struct inode_operations shmem_symlink_iops = {
	.readlink = shmem_readlink,
	.setattr = shmem_setattr,
};

static const struct inode_operations shmem_special_iops = {
	.setattr = shmem_setattr,
};

/* ---- regular files ---- */

static unsigned long copy_out(void *dst, const void *src, size_t n, bool kernel)
{
	if (kernel) {
		memcpy(dst, src, n);
		return 0;
	}
	return copy_to_user((void __user *)dst, src, n);
}

static unsigned long copy_in(void *dst, const void *src, size_t n, bool kernel)
{
	if (kernel) {
		memcpy(dst, src, n);
		return 0;
	}
	return copy_from_user(dst, (const void __user *)src, n);
}

static ssize_t shmem_do_read(struct file *f, char *buf, size_t count, loff_t *ppos, bool kernel)
{
	struct inode *inode = f->f_inode;
	loff_t pos = *ppos;
	size_t done = 0;

	if (pos < 0)
		return -EINVAL;
	while (done < count) {
		loff_t size = READ_ONCE(inode->i_size);
		unsigned int off = pos & ~PAGE_MASK;
		size_t n, left;
		struct page *p;

		if (pos >= size)
			break;
		n = min(min(count - done, (size_t)(PAGE_SIZE - off)), (size_t)(size - pos));
		p = shmem_get_page(inode, pos >> PAGE_SHIFT, false);
		if (IS_ERR(p))
			return done ? (ssize_t)done : PTR_ERR(p);
		if (p) {
			left = copy_out(buf + done, (char *)page_address(p) + off, n, kernel);
			put_page(p);
		} else if (kernel) {
			memset(buf + done, 0, n);
			left = 0;
		} else {
			left = clear_user((void __user *)(buf + done), n);
		}
		done += n - left;
		pos += n - left;
		if (left || fatal_signal_pending(current))
			break;
		cond_resched();
	}
	*ppos = pos;
	if (!done && count && pos < READ_ONCE(inode->i_size))
		return -EFAULT;
	return done;
}

static ssize_t shmem_do_write(struct file *f, const char *buf, size_t count, loff_t *ppos,
			      bool kernel, bool append)
{
	struct inode *inode = f->f_inode;
	size_t done = 0;
	loff_t pos;
	ssize_t err = 0;

	mutex_lock(&inode->i_mutex);
	if (count)
		file_remove_privs_locked(inode);        /* set-id bits go on a write */
	pos = append ? inode->i_size : *ppos;
	if (pos < 0) {
		err = -EINVAL;
		goto out;
	}
	if ((unsigned long)pos >= SHMEM_MAX_PAGES * PAGE_SIZE) {
		err = count ? -EFBIG : 0;
		goto out;
	}
	count = min(count, (size_t)(SHMEM_MAX_PAGES * PAGE_SIZE - pos));
	while (done < count) {
		unsigned int off = pos & ~PAGE_MASK;
		size_t n = min(count - done, (size_t)(PAGE_SIZE - off)), left;
		struct page *p = shmem_get_page(inode, pos >> PAGE_SHIFT, true);

		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			break;
		}
		left = copy_in((char *)page_address(p) + off, buf + done, n, kernel);
		put_page(p);
		done += n - left;
		pos += n - left;
		if (pos > inode->i_size)
			WRITE_ONCE(inode->i_size, pos);
		if (left) {
			err = -EFAULT;
			break;
		}
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		cond_resched();
	}
	if (done)
		inode_touch(inode, ATTR_MTIME | ATTR_CTIME);
	*ppos = pos;
out:
	mutex_unlock(&inode->i_mutex);
	return done ? (ssize_t)done : err;
}

static ssize_t shmem_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	return shmem_do_read(f, (char *)buf, count, ppos, false);
}

static ssize_t shmem_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	return shmem_do_write(f, (const char *)buf, count, ppos, false, f->f_flags & O_APPEND);
}

/* A user write that appends or not whatever O_APPEND says (pwritev2's RWF_APPEND/RWF_NOAPPEND). */
ssize_t shmem_write_append(struct file *f, const char __user *buf, size_t count, loff_t *ppos,
			   bool append)
{
	return shmem_do_write(f, (const char *)buf, count, ppos, false, append);
}

ssize_t shmem_kernel_rw(struct file *f, void *buf, size_t count, loff_t *pos, bool write)
{
	if (write)
		return shmem_do_write(f, buf, count, pos, true, f->f_flags & O_APPEND);
	return shmem_do_read(f, buf, count, pos, true);
}

static ssize_t shmem_sendpage(struct file *f, struct page *page, int offset, size_t size,
			      loff_t *pos, bool more)
{
	return shmem_do_write(f, (char *)page_address(page) + offset, size, pos, true,
			      f->f_flags & O_APPEND);
}

/* The mm side maps what ->fault returns; nothing to set up at mmap time. */
static int shmem_mmap(struct file *f, struct vm_area_struct *vma)
{
	return 0;
}

static struct page *shmem_fault(struct file *f, pgoff_t pgoff)
{
	struct inode *inode = f->f_inode;
	struct page *p;

	if (pgoff >= DIV_ROUND_UP((unsigned long)READ_ONCE(inode->i_size), PAGE_SIZE))
		return ERR_PTR(-EFAULT);
	p = shmem_get_page(inode, pgoff, true);
	return p ? p : ERR_PTR(-ENOMEM);
}

static int shmem_fsync(struct file *f)
{
	return 0;
}

static const struct file_operations shmem_file_operations = {
	.llseek = generic_file_llseek,
	.read = shmem_read,
	.write = shmem_write,
	.mmap = shmem_mmap,
	.fault = shmem_fault,
	.fsync = shmem_fsync,
	.sendpage = shmem_sendpage,
	.poll = generic_file_poll,
};

/* ---- super blocks ---- */

struct super_block *shmem_fill_super(struct file_system_type *type, unsigned long magic)
{
	struct super_block *sb = sget_nodev(type, &shmem_sops, magic);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	root = shmem_get_inode(sb, NULL, S_IFDIR | 0755, 0);
	if (root)
		sb->s_root = d_alloc_root(root);
	if (!sb->s_root) {
		iput(root);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

/* Options: only "mode=OCTAL" is understood; others are ignored. */
static struct super_block *shmem_mount(struct file_system_type *type, int flags,
				       const char *dev, void *data)
{
	struct super_block *sb = shmem_fill_super(type, TMPFS_MAGIC);
	const char *opt = data ? strstr(data, "mode=") : NULL;

	if (!IS_ERR(sb) && opt)
		sb->s_root->d_inode->i_mode = S_IFDIR | (simple_strtoul(opt + 5, NULL, 8) & 07777);
	if (!IS_ERR(sb))
		sb->s_flags = flags & MS_RDONLY;
	return sb;
}

struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs",
	.mount = shmem_mount,
	.kill_sb = kill_anon_super,
};

/* An unlinked tmpfs file on the internal instance (memfd_create). */
struct file *shmem_file_setup(const char *name, loff_t size, unsigned int flags)
{
	struct super_block *sb = shm_mnt->mnt_sb;
	struct inode *inode = shmem_get_inode(sb, NULL, S_IFREG | 0777, 0);
	struct dentry *d;
	struct file *f;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_nlink = 0;
	inode->i_size = size;
	d = d_alloc_anon(sb, name);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, inode);
	f = alloc_empty_file(flags, &shmem_file_operations);
	if (IS_ERR(f)) {
		dput(d);
		return f;
	}
	f->f_dentry = d;
	f->f_vfsmnt = mntget(shm_mnt);
	f->f_inode = inode;
	f->f_mode |= FMODE_LSEEK | FMODE_PREAD;
	return f;
}

SYSCALL_DEFINE2(memfd_create, const char __user *, uname, unsigned int, flags)
{
	char kname[256] = "memfd:";
	struct file *f;
	long len;
	int fd;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	len = strncpy_from_user(kname + 6, uname, sizeof(kname) - 6);
	if (len < 0)
		return len == -ENAMETOOLONG ? -EINVAL : len;
	fd = get_unused_fd_flags((flags & MFD_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd < 0)
		return fd;
	f = shmem_file_setup(kname, 0, O_RDWR | O_LARGEFILE);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

void shmem_init(void)
{
	shm_mnt = vfs_kern_mount(&tmpfs_fs_type, 0, "tmpfs", NULL);
	if (IS_ERR(shm_mnt))
		panic("shmem_init");
}
