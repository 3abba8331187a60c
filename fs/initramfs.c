// SPDX-License-Identifier: MIT
/*
 * Unpack newc cpio archives (lib/cpio.c parses) into the root tmpfs.
 *
 * Archives may be concatenated: a later entry replaces an earlier one with
 * the same path (directories merge). Missing parent directories are
 * created. Hard links (newc stores the data with the last name of a group)
 * become real links to the first name seen with the same inode number.
 * Modes, owners and mtimes come from the archive, not from the umask.
 */
#include "internal.h"
#include <shoal/cpio.h>

struct hardlink {
	struct hardlink *next;
	u32 ino, major, minor;
	char path[];
};

struct unpack_state {
	struct hardlink *links;
	char *path;                     /* PATH_MAX scratch */
};

static void mkdir_parents(char *path)
{
	char *s;

	for (s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		do_mkdirat(AT_FDCWD, path, 0755);
		*s = '/';
	}
}

static void set_attrs(const char *path, const struct cpio_entry *e)
{
	struct iattr attr = { .ia_valid = ATTR_UID | ATTR_GID | ATTR_MTIME | ATTR_ATIME,
			      .ia_uid = e->uid, .ia_gid = e->gid };
	struct path p;

	if (kern_path(path, 0, &p))
		return;
	attr.ia_mtime.tv_sec = attr.ia_atime.tv_sec = e->mtime;
	if (!S_ISLNK(e->mode)) {
		attr.ia_valid |= ATTR_MODE;
		attr.ia_mode = e->mode & 07777;
	}
	mutex_lock(&p.dentry->d_inode->i_mutex);
	notify_change(p.dentry, &attr);
	mutex_unlock(&p.dentry->d_inode->i_mutex);
	path_put(&p);
}

static int write_file(const char *path, const struct cpio_entry *e, int extra_flags)
{
	struct file *f = do_filp_open(AT_FDCWD, path, O_WRONLY | O_CREAT | extra_flags, e->mode & 07777);
	loff_t pos = 0;
	ssize_t n = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (e->size)
		n = kernel_write(f, e->data, e->size, &pos);
	fput(f);
	return n < 0 ? n : 0;
}

/* Another name of an inode seen earlier in this unpacking? */
static const char *find_link(struct unpack_state *st, const struct cpio_entry *e)
{
	struct hardlink *h;

	for (h = st->links; h; h = h->next)
		if (h->ino == e->ino && h->major == e->devmajor && h->minor == e->devminor)
			return h->path;
	return NULL;
}

static void remember_link(struct unpack_state *st, const char *path, const struct cpio_entry *e)
{
	struct hardlink *h = kmalloc(sizeof(*h) + strlen(path) + 1, GFP_KERNEL);

	if (!h)
		return;
	h->ino = e->ino;
	h->major = e->devmajor;
	h->minor = e->devminor;
	memcpy(h->path, path, strlen(path) + 1);
	h->next = st->links;
	st->links = h;
}

static int create_entry(struct unpack_state *st, const char *path, const struct cpio_entry *e)
{
	mode_t type = e->mode & S_IFMT;
	const char *first;
	char *target;
	int err;

	if (type == S_IFDIR) {
		err = do_mkdirat(AT_FDCWD, path, e->mode & 07777);
		return err == -EEXIST ? 0 : err;
	}
	/* replace whatever is there (a later archive wins) */
	do_unlinkat(AT_FDCWD, path, 0);
	switch (type) {
	case S_IFREG:
		if (e->nlink > 1) {
			first = find_link(st, e);
			if (first) {
				err = do_linkat(AT_FDCWD, first, AT_FDCWD, path, 0);
				if (!err && e->size)
					err = write_file(path, e, O_TRUNC);
				return err;
			}
			remember_link(st, path, e);
		}
		return write_file(path, e, O_TRUNC | O_EXCL);
	case S_IFLNK:
		if (e->size >= PATH_MAX)
			return -ENAMETOOLONG;
		target = kmalloc(e->size + 1, GFP_KERNEL);
		if (!target)
			return -ENOMEM;
		memcpy(target, e->data, e->size);
		target[e->size] = 0;
		err = do_symlinkat(target, AT_FDCWD, path);
		kfree(target);
		return err;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return do_mknodat(AT_FDCWD, path, e->mode, MKDEV(e->rdevmajor, e->rdevminor));
	default:
		return -EINVAL;
	}
}

static int unpack_one(const struct cpio_entry *e, void *arg)
{
	struct unpack_state *st = arg;
	const char *name = e->name;
	int err;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (*name == '/')
		name++;
	if (!*name || !strcmp(name, "."))
		return 0;
	if (strlen(name) + 2 > PATH_MAX)
		return 0;
	st->path[0] = '/';
	strlcpy(st->path + 1, name, PATH_MAX - 1);
	err = create_entry(st, st->path, e);
	if (err == -ENOENT) {
		mkdir_parents(st->path);
		err = create_entry(st, st->path, e);
	}
	if (err) {
		printk("initramfs: %s: error %d\n", st->path, err);
		return 0;               /* keep going: one bad entry should not lose the rest */
	}
	set_attrs(st->path, e);
	return 0;
}

int populate_rootfs(const void *cpio, size_t len)
{
	struct unpack_state st = { NULL, kmalloc(PATH_MAX, GFP_KERNEL) };
	int n;

	if (!st.path)
		return -ENOMEM;
	n = cpio_parse(cpio, len, unpack_one, &st);
	while (st.links) {
		struct hardlink *h = st.links;

		st.links = h->next;
		kfree(h);
	}
	kfree(st.path);
	if (n < 0)
		printk("initramfs: malformed archive (error %d)\n", n);
	else
		printk("initramfs: %d entries unpacked\n", n);
	return n < 0 ? n : 0;
}
