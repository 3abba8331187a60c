// SPDX-License-Identifier: MIT
/*
 * getdents64 and the directory helpers file systems share.
 *
 * A directory's f_pos is a cursor, not a byte offset: 0 is ".", 1 is "..",
 * and for tree-backed directories every other value is a child's d_dirpos
 * (assigned in creation order, never reused), so entries added or removed
 * during a listing never make it skip or repeat the others.
 */
#include "internal.h"
#include <shoal/syscalls.h>
#include <shoal/fsnotify.h>

bool dir_emit(struct dir_context *ctx, const char *name, int len, u64 ino,
	      unsigned int dtype, loff_t next_pos)
{
	struct {
		struct linux_dirent64 d;
		char name[NAME_MAX + 1];
	} rec;
	size_t reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + len + 1, 8);

	if (reclen > ctx->count - ctx->used)
		return false;
	memset(&rec, 0, reclen);
	rec.d.d_ino = ino;
	rec.d.d_off = next_pos;
	rec.d.d_reclen = reclen;
	rec.d.d_type = dtype;
	memcpy(rec.d.d_name, name, len);
	if (copy_to_user((char __user *)ctx->buf + ctx->used, &rec, reclen)) {
		ctx->error = -EFAULT;
		return false;
	}
	ctx->used += reclen;
	ctx->pos = next_pos;
	return true;
}

/* Emit "." and ".." for cursor positions 0 and 1. */
static bool emit_dots(struct file *f, struct dir_context *ctx)
{
	struct dentry *d = f->f_dentry;

	if (ctx->pos == 0 && !dir_emit(ctx, ".", 1, d->d_inode->i_ino, DT_DIR, 1))
		return false;
	if (ctx->pos == 1) {
		struct dentry *p = dget_parent(d);
		bool ok = dir_emit(ctx, "..", 2, p->d_inode->i_ino, DT_DIR, 2);

		dput(p);
		if (!ok)
			return false;
	}
	return true;
}

int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_dentry, *c;
	char name[NAME_MAX + 1];

	if (!emit_dots(f, ctx))
		return 0;
	for (;;) {
		unsigned long key = 0;
		unsigned int type = 0;
		u64 ino = 0;
		int len = 0;
		bool found = false;

		spin_lock(&dcache_lock);
		list_for_each_entry(c, &dir->d_subdirs, d_child) {
			if (c->d_dirpos >= (unsigned long)ctx->pos && c->d_inode) {
				key = c->d_dirpos;
				len = c->d_len;
				memcpy(name, c->d_name, len);
				ino = c->d_inode->i_ino;
				type = dt_type(c->d_inode->i_mode);
				found = true;
				break;
			}
		}
		spin_unlock(&dcache_lock);
		if (!found || !dir_emit(ctx, name, len, ino, type, key + 1))
			return 0;
		cond_resched();         /* each entry rescans the list */
	}
}

ssize_t generic_read_dir(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return -EISDIR;
}

static int dcache_iterate(struct file *f, void __user *dirent, size_t count, loff_t *pos)
{
	struct dir_context ctx = { .buf = dirent, .count = count, .pos = *pos };
	int err = dcache_readdir(f, &ctx);

	*pos = ctx.pos;
	return err ? err : dir_result(&ctx);
}

/* fsync of an in-memory directory: nothing to write back (Linux's noop_fsync). */
static int dcache_dir_fsync(struct file *f)
{
	return 0;
}

const struct file_operations simple_dir_operations = {
	.read = generic_read_dir,
	.iterate = dcache_iterate,
	.fsync = dcache_dir_fsync,
	.llseek = generic_file_llseek,
	.poll = generic_file_poll,
};

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent, unsigned int, count)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = -ENOTDIR;
	if (!f->f_op || !f->f_op->iterate)
		goto out;
	ret = -EFAULT;
	if (!access_ok(dirent, count))
		goto out;
	mutex_lock(&f->f_pos_lock);
	ret = -ENOENT;
	if (f->f_dentry && d_unlinked(f->f_dentry) && S_ISDIR(f->f_inode->i_mode) &&
	    f->f_inode->i_nlink == 0) {
		ret = 0;                /* a removed directory is empty */
	} else {
		loff_t pos = f->f_pos;

		ret = f->f_op->iterate(f, dirent, count, &pos);
		if (ret == 0 && pos == f->f_pos && count < 24 + 8)
			ret = -EINVAL;  /* not even room for one entry */
		else
			f->f_pos = pos;
		inode_touch(f->f_inode, ATTR_ATIME);
		fsnotify_access(f);
	}
	mutex_unlock(&f->f_pos_lock);
out:
	fput(f);
	return ret;
}

unsigned int generic_file_poll(struct file *f, struct poll_table_struct *pt)
{
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}
