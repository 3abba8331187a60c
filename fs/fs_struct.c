// SPDX-License-Identifier: MIT
/*
 * Per-process root, cwd and umask (struct fs_struct); getcwd, chdir,
 * fchdir, chroot, umask.
 *
 * fs->lock (spinlock) guards root and pwd; it is a leaf: the old paths are
 * dropped after it is released, since path_put may free dentries.
 */
#include <shoal/cred.h>
#include "internal.h"
#include <shoal/syscalls.h>

static struct fs_struct *fs_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	atomic_set(&fs->count, 1);
	spin_lock_init(&fs->lock);
	fs->umask = 022;
	return fs;
}

struct fs_struct *fs_struct_init(void)
{
	struct fs_struct *fs = fs_alloc();
	struct path root = { root_mnt, root_mnt->mnt_root };

	if (!fs)
		return NULL;
	fs->root = fs->pwd = root;
	path_get(&root);
	path_get(&root);
	return fs;
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = fs_alloc();

	if (!fs)
		return NULL;
	spin_lock(&old->lock);
	fs->root = old->root;
	fs->pwd = old->pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	spin_unlock(&old->lock);
	fs->umask = READ_ONCE(old->umask);
	return fs;
}

void get_fs_struct(struct fs_struct *fs)
{
	atomic_inc(&fs->count);
}

void put_fs_struct(struct fs_struct *fs)
{
	if (!atomic_dec_and_test(&fs->count))
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

/* Kernel threads without an fs_struct (boot, populate_rootfs) see the root mount. */
void get_fs_root(struct path *out)
{
	struct fs_struct *fs = current ? current->fs : NULL;

	if (!fs) {
		out->mnt = root_mnt;
		out->dentry = root_mnt->mnt_root;
		path_get(out);
		return;
	}
	spin_lock(&fs->lock);
	*out = fs->root;
	path_get(out);
	spin_unlock(&fs->lock);
}

void get_fs_pwd(struct path *out)
{
	struct fs_struct *fs = current ? current->fs : NULL;

	if (!fs) {
		get_fs_root(out);
		return;
	}
	spin_lock(&fs->lock);
	*out = fs->pwd;
	path_get(out);
	spin_unlock(&fs->lock);
}

mode_t current_umask(void)
{
	struct fs_struct *fs = current ? current->fs : NULL;

	return fs ? READ_ONCE(fs->umask) : 022;
}

static void set_fs_path(struct path *slot, const struct path *p)
{
	struct fs_struct *fs = current->fs;
	struct path old;

	path_get(p);
	spin_lock(&fs->lock);
	old = *slot;
	*slot = *p;
	spin_unlock(&fs->lock);
	path_put(&old);
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct path pwd, root;
	char *page, *s;
	long len;

	page = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	get_fs_root(&root);
	get_fs_pwd(&pwd);
	if (d_unlinked(pwd.dentry)) {
		len = -ENOENT;
		goto out;
	}
	s = d_path(&pwd, &root, page, PATH_MAX);
	if (IS_ERR(s)) {
		len = PTR_ERR(s);
		goto out;
	}
	len = strlen(s) + 1;
	if ((unsigned long)len > size)
		len = -ERANGE;
	else if (copy_to_user(buf, s, len))
		len = -EFAULT;
out:
	path_put(&pwd);
	path_put(&root);
	kfree(page);
	return len;
}

static long set_dir(const char __user *name, bool is_root)
{
	char *kname = getname(name);
	struct path p;
	long err;

	if (IS_ERR(kname))
		return PTR_ERR(kname);
	err = kern_path(kname, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	putname(kname);
	if (err)
		return err;
	err = inode_permission(p.dentry->d_inode, MAY_EXEC);
	if (!err && is_root && !capable(CAP_SYS_CHROOT))
		err = -EPERM;
	if (!err)
		set_fs_path(is_root ? &current->fs->root : &current->fs->pwd, &p);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE1(chdir, const char __user *, name)
{
	return set_dir(name, false);
}

SYSCALL_DEFINE1(chroot, const char __user *, name)
{
	return set_dir(name, true);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *f = fget_raw(fd);
	long err = -EBADF;

	if (!f)
		return err;
	err = -ENOTDIR;
	if (f->f_dentry && S_ISDIR(f->f_inode->i_mode)) {
		struct path p = { f->f_vfsmnt, f->f_dentry };

		err = inode_permission(f->f_inode, MAY_EXEC);
		if (!err)
			set_fs_path(&current->fs->pwd, &p);
	}
	fput(f);
	return err;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	struct fs_struct *fs = current->fs;

	return __atomic_exchange_n(&fs->umask, (mode_t)mask & 0777, __ATOMIC_RELAXED);
}
