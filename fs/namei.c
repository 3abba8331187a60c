// SPDX-License-Identifier: MIT
/*
 * Path name lookup and the operations that change the namespace:
 * mkdir, mknod, symlink, link, unlink, rmdir, rename, and open's lookup.
 *
 * A walk keeps a referenced current position (nd->path) and root. Each
 * component is looked up in the dentry tree (d_lookup) or, for procfs, by
 * the directory's ->lookup; mounts are crossed downwards with lookup_mnt()
 * and upwards by "..". Symlinks nest at most MAX_NESTED_LINKS deep and 40
 * in total per lookup (ELOOP), as Linux.
 *
 * Locking: a walk takes no sleeping locks (dcache_lock and mount_lock only,
 * briefly). Operations that change a directory hold its i_mutex around the
 * existence check and the change; rmdir and unlink also lock the victim
 * (parent before child). rename takes rename_mutex first, then both
 * parents (ancestor first, else by address), then the victims.
 */
#include "internal.h"
#include <shoal/cred.h>
#include <shoal/syscalls.h>
#include <shoal/fsnotify.h>

#define MAXSYMLINKS       40
#define MAX_NESTED_LINKS  8

enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct nameidata {
	struct path path;               /* current directory (referenced) */
	struct path root;               /* referenced */
	unsigned int flags;             /* LOOKUP_* */
	int total_links;
	int depth;
	const char *last;               /* final component, after link_path_walk */
	int last_len;
	int last_type;
	bool trailing_slash;
};

static struct mutex rename_mutex;

void namei_init(void)
{
	mutex_init(&rename_mutex);
}

char *getname(const char __user *uname)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, uname, PATH_MAX);
	if (len < 0) {
		kfree(name);
		return ERR_PTR(len == -ENAMETOOLONG ? -ENAMETOOLONG : -EFAULT);
	}
	return name;
}

void putname(char *name)
{
	kfree(name);
}

static void nd_cleanup(struct nameidata *nd)
{
	if (nd->path.dentry)
		path_put(&nd->path);
	if (nd->root.dentry)
		path_put(&nd->root);
	nd->path.dentry = nd->root.dentry = NULL;
}

static int path_init(struct nameidata *nd, int dfd, const char *name, unsigned int flags)
{
	struct file *f;

	memset(nd, 0, sizeof(*nd));
	nd->flags = flags;
	if (!(flags & LOOKUP_IS_SCOPED)) {
		get_fs_root(&nd->root);
		if (*name == '/') {
			nd->path = nd->root;
			path_get(&nd->path);
			return 0;
		}
	} else if ((flags & LOOKUP_BENEATH) && *name == '/') {
		return -EXDEV;
	}
	if (dfd == AT_FDCWD) {
		get_fs_pwd(&nd->path);
	} else {
		f = fget_raw(dfd);
		if (!f)
			return -EBADF;
		if (!f->f_dentry || (*name && !S_ISDIR(f->f_inode->i_mode))) {
			fput(f);
			return -ENOTDIR;
		}
		nd->path.mnt = mntget(f->f_vfsmnt);
		nd->path.dentry = dget(f->f_dentry);
		fput(f);
	}
	/* RESOLVE_BENEATH / RESOLVE_IN_ROOT: the start is the root of this walk */
	if (flags & LOOKUP_IS_SCOPED) {
		nd->root = nd->path;
		path_get(&nd->root);
	}
	return 0;
}

static void follow_mount(struct path *p)
{
	while (READ_ONCE(p->dentry->d_mounted)) {
		struct vfsmount *m = lookup_mnt(p);

		if (!m)
			break;
		path_put(p);
		p->mnt = m;
		p->dentry = dget(m->mnt_root);
	}
}

/* "..": never above nd->root (EXDEV there for RESOLVE_BENEATH), mounts crossed upward. */
static int follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		struct path up;

		if (nd->path.dentry == nd->root.dentry && nd->path.mnt == nd->root.mnt)
			return (nd->flags & LOOKUP_BENEATH) ? -EXDEV : 0;
		if (nd->path.dentry != nd->path.mnt->mnt_root) {
			struct dentry *parent = dget_parent(nd->path.dentry);

			dput(nd->path.dentry);
			nd->path.dentry = parent;
			return 0;
		}
		spin_lock(&mount_lock);
		up.mnt = nd->path.mnt->mnt_parent;
		up.dentry = nd->path.mnt->mnt_mountpoint;
		if (up.mnt)
			path_get(&up);
		spin_unlock(&mount_lock);
		if (!up.mnt)
			return 0;               /* the global root */
		if (nd->flags & LOOKUP_NO_XDEV) {
			path_put(&up);
			return -EXDEV;
		}
		path_put(&nd->path);
		nd->path = up;
	}
}

/*
 * Find @name in directory @parent: the referenced child, with mounts on it
 * crossed, in *out. Unlike Linux there are no negative dentries: a missing
 * name is -ENOENT.
 */
static int lookup_one(const struct path *parent, const char *name, int len, struct path *out,
		      bool cached)
{
	struct inode *dir = parent->dentry->d_inode;
	struct dentry *d;
	int err;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	err = inode_permission(dir, MAY_EXEC);
	if (err)
		return err;
	d = d_lookup(parent->dentry, name, len);
	if (!d && cached)
		return -EAGAIN;         /* RESOLVE_CACHED: the fs would have to look */
	if (!d && dir->i_op && dir->i_op->lookup) {
		d = d_alloc(parent->dentry, name, len);
		if (!d)
			return -ENOMEM;
		d->d_flags |= DCACHE_VIRTUAL;
		err = dir->i_op->lookup(dir, d);
		if (err) {
			dput(d);
			return err;
		}
	}
	if (!d)
		return -ENOENT;
	if (!d->d_inode) {
		dput(d);
		return -ENOENT;
	}
	out->mnt = mntget(parent->mnt);
	out->dentry = d;
	follow_mount(out);
	return 0;
}

static int link_path_walk(struct nameidata *nd, const char *name);
static int lookup_last(struct nameidata *nd, bool follow);

/* Replace nd->path by where symlink @link (in nd->path) points. */
static int follow_link(struct nameidata *nd, const struct path *link)
{
	struct inode *inode = link->dentry->d_inode;
	char *buf;
	int len, err;

	if (++nd->total_links > MAXSYMLINKS || nd->depth >= MAX_NESTED_LINKS)
		return -ELOOP;
	if (nd->flags & LOOKUP_NO_SYMLINKS)
		return -ELOOP;
	if (inode->i_op && inode->i_op->get_path) {
		struct path p;

		/* a magic link jumps anywhere: refused by the scoping flags, as Linux */
		if (nd->flags & LOOKUP_NO_MAGICLINKS)
			return -ELOOP;
		err = inode->i_op->get_path(link->dentry, &p);
		if (err)
			return err;
		if ((nd->flags & LOOKUP_IS_SCOPED) ||
		    ((nd->flags & LOOKUP_NO_XDEV) && p.mnt != nd->path.mnt)) {
			path_put(&p);
			return -EXDEV;
		}
		path_put(&nd->path);
		nd->path = p;
		return 0;
	}
	if (!inode->i_op || !inode->i_op->readlink)
		return -EINVAL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = inode->i_op->readlink(link->dentry, buf, PATH_MAX - 1);
	if (len <= 0) {
		kfree(buf);
		return len ? len : -ENOENT;
	}
	buf[len] = 0;
	if (buf[0] == '/') {
		if (nd->flags & LOOKUP_BENEATH) {
			kfree(buf);
			return -EXDEV;
		}
		path_put(&nd->path);
		nd->path = nd->root;
		path_get(&nd->path);
	}
	nd->depth++;
	err = link_path_walk(nd, buf);
	if (!err)
		err = lookup_last(nd, true);
	nd->depth--;
	kfree(buf);
	return err;
}

/* Move nd->path to component @name; follow a symlink there if @follow. */
static int walk_one(struct nameidata *nd, const char *name, int len, bool follow)
{
	struct path next;
	int err;

	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return follow_dotdot(nd);
	err = lookup_one(&nd->path, name, len, &next, nd->flags & LOOKUP_CACHED);
	if (err)
		return err;
	if ((nd->flags & LOOKUP_NO_XDEV) && next.mnt != nd->path.mnt) {
		path_put(&next);
		return -EXDEV;
	}
	if (follow && S_ISLNK(next.dentry->d_inode->i_mode)) {
		err = follow_link(nd, &next);
		path_put(&next);
		return err;
	}
	path_put(&nd->path);
	nd->path = next;
	return 0;
}

static int classify(const char *s, int len)
{
	if (len == 1 && s[0] == '.')
		return LAST_DOT;
	if (len == 2 && s[0] == '.' && s[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

/* Walk every component but the last, which is left in nd->last. */
static int link_path_walk(struct nameidata *nd, const char *name)
{
	while (*name == '/')
		name++;
	nd->trailing_slash = false;
	if (!*name) {
		nd->last_type = LAST_ROOT;
		nd->last = name;
		nd->last_len = 0;
		return 0;
	}
	for (;;) {
		const char *s = name;
		bool slash = false;
		int len = 0, err;

		while (name[len] && name[len] != '/')
			len++;
		name += len;
		while (*name == '/') {
			name++;
			slash = true;
		}
		if (!*name) {
			nd->last = s;
			nd->last_len = len;
			nd->last_type = classify(s, len);
			nd->trailing_slash = slash;
			return len > NAME_MAX ? -ENAMETOOLONG : 0;
		}
		err = walk_one(nd, s, len, true);
		if (err)
			return err;
		if (!S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
	}
}

static int lookup_last(struct nameidata *nd, bool follow)
{
	int err;

	if (nd->last_type != LAST_ROOT) {
		err = walk_one(nd, nd->last, nd->last_len, follow || nd->trailing_slash);
		if (err)
			return err;
	}
	if ((nd->trailing_slash || (nd->flags & LOOKUP_DIRECTORY)) &&
	    !S_ISDIR(nd->path.dentry->d_inode->i_mode))
		return -ENOTDIR;
	return 0;
}

int kern_path_at(int dfd, const char *name, unsigned int flags, struct path *out)
{
	struct nameidata nd;
	int err;

	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	err = path_init(&nd, dfd, name, flags);
	if (!err)
		err = link_path_walk(&nd, name);
	if (!err)
		err = lookup_last(&nd, flags & LOOKUP_FOLLOW);
	if (!err) {
		*out = nd.path;
		nd.path.dentry = NULL;
	}
	nd_cleanup(&nd);
	return err;
}

/* Walk to the parent of @name's last component (left in nd). */
static int path_parentat_flags(int dfd, const char *name, struct nameidata *nd,
			       unsigned int flags)
{
	int err;

	if (!*name)
		return -ENOENT;
	err = path_init(nd, dfd, name, flags);
	if (!err)
		err = link_path_walk(nd, name);
	if (err)
		nd_cleanup(nd);
	return err;
}

static int path_parentat(int dfd, const char *name, struct nameidata *nd)
{
	return path_parentat_flags(dfd, name, nd, 0);
}

static int mnt_want_write(struct vfsmount *m)
{
	return (m->mnt_flags & MS_RDONLY) || (m->mnt_sb->s_flags & MS_RDONLY) ? -EROFS : 0;
}

/* A new name in @dir needs write and search permission on it. */
static int may_create(struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* In a sticky directory only the file's or the directory's owner (or
 * CAP_FOWNER) may remove or rename a name (Linux's check_sticky). */
static bool check_sticky(struct inode *dir, struct inode *inode)
{
	uid_t fsuid = current_fsuid();

	if (!(dir->i_mode & S_ISVTX))
		return false;
	if (inode->i_uid == fsuid || dir->i_uid == fsuid)
		return false;
	return !capable_wrt_inode_uidgid(inode, CAP_FOWNER);
}

/* Removing @inode's name from @dir (unlink, rmdir, rename's source and target). */
static int may_delete(struct inode *dir, struct inode *inode)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	return check_sticky(dir, inode) ? -EPERM : 0;
}

/*
 * Start a create-type operation: lock the parent, check the name is free
 * and allocate its dentry. On success the parent's i_mutex is held and
 * *out is a fresh unattached dentry.
 */
static int create_begin(struct nameidata *nd, struct dentry **out, bool is_dir)
{
	struct inode *dir = nd->path.dentry->d_inode;
	struct dentry *d;
	struct path existing;
	int err;

	if (nd->last_type != LAST_NORM)
		return -EEXIST;
	err = mnt_want_write(nd->path.mnt);
	if (err)
		return err;
	mutex_lock(&dir->i_mutex);
	err = -ENOENT;
	if (dir->i_nlink == 0)          /* removed directory */
		goto fail;
	err = lookup_one(&nd->path, nd->last, nd->last_len, &existing, false);
	if (!err) {
		path_put(&existing);
		err = -EEXIST;
		goto fail;
	}
	if (err != -ENOENT)
		goto fail;
	err = may_create(dir);
	if (err)
		goto fail;
	err = -ENOENT;
	if (nd->trailing_slash && !is_dir)
		goto fail;
	err = -ENOMEM;
	d = d_alloc(nd->path.dentry, nd->last, nd->last_len);
	if (!d)
		goto fail;
	*out = d;
	return 0;
fail:
	mutex_unlock(&dir->i_mutex);
	return err;
}

/* Finish: on success link the new dentry into the tree. Unlocks the parent. */
static int create_end(struct nameidata *nd, struct dentry *d, int err)
{
	struct inode *dir = nd->path.dentry->d_inode;

	if (!err) {
		d_add_child(d);
		inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
		fsnotify_create(dir, d);
	}
	mutex_unlock(&dir->i_mutex);
	dput(d);
	return err;
}

int do_mkdirat(int dfd, const char *name, mode_t mode)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err = path_parentat(dfd, name, &nd);

	if (err)
		return err;
	err = create_begin(&nd, &d, true);
	if (!err) {
		dir = nd.path.dentry->d_inode;
		err = dir->i_op && dir->i_op->mkdir ?
		      dir->i_op->mkdir(dir, d, (mode & 07777 & ~current_umask()) | S_IFDIR) : -EPERM;
		err = create_end(&nd, d, err);
	}
	nd_cleanup(&nd);
	return err;
}

int do_mknodat(int dfd, const char *name, mode_t mode, dev_t dev)
{
	return vfs_mknod_path(dfd, name, mode, dev, NULL);
}

/* do_mknodat that also hands back the new node (AF_UNIX bind keeps it). */
int vfs_mknod_path(int dfd, const char *name, mode_t mode, dev_t dev, struct path *out)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	err = path_parentat(dfd, name, &nd);
	if (err)
		return err;
	err = create_begin(&nd, &d, false);
	if (!err && (S_ISCHR(mode) || S_ISBLK(mode)) && !capable(CAP_MKNOD))
		err = create_end(&nd, d, -EPERM);       /* devices need CAP_MKNOD */
	else if (!err) {
		dir = nd.path.dentry->d_inode;
		mode = (mode & S_IFMT) | (mode & 07777 & ~current_umask());
		if (S_ISREG(mode))
			err = dir->i_op && dir->i_op->create ? dir->i_op->create(dir, d, mode) : -EPERM;
		else
			err = dir->i_op && dir->i_op->mknod ? dir->i_op->mknod(dir, d, mode, dev) : -EPERM;
		if (!err && out) {
			out->mnt = mntget(nd.path.mnt);
			out->dentry = dget(d);
		}
		err = create_end(&nd, d, err);
	}
	nd_cleanup(&nd);
	return err;
}

int do_symlinkat(const char *target, int dfd, const char *name)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	if (!*target)
		return -ENOENT;
	err = path_parentat(dfd, name, &nd);
	if (err)
		return err;
	err = create_begin(&nd, &d, false);
	if (!err) {
		dir = nd.path.dentry->d_inode;
		err = dir->i_op && dir->i_op->symlink ? dir->i_op->symlink(dir, d, target) : -EPERM;
		err = create_end(&nd, d, err);
	}
	nd_cleanup(&nd);
	return err;
}

int do_linkat(int odfd, const char *oldname, int ndfd, const char *newname, int flags)
{
	struct nameidata nd;
	struct path old;
	struct dentry *d;
	struct inode *dir, *inode;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = kern_path_at(odfd, oldname, ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
			   ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &old);
	if (err)
		return err;
	inode = old.dentry->d_inode;
	err = -EPERM;
	if (S_ISDIR(inode->i_mode))
		goto out_old;
	err = path_parentat(ndfd, newname, &nd);
	if (err)
		goto out_old;
	err = -EXDEV;
	if (nd.path.mnt->mnt_sb != old.mnt->mnt_sb)
		goto out_nd;
	err = create_begin(&nd, &d, false);
	if (!err) {
		dir = nd.path.dentry->d_inode;
		mutex_lock(&inode->i_mutex);
		/* an unlinked file can be given a name again only through its
		 * descriptor (AT_EMPTY_PATH: O_TMPFILE), as Linux */
		if (inode->i_nlink == 0 && !(flags & AT_EMPTY_PATH))
			err = -ENOENT;
		if (!err)
			err = dir->i_op && dir->i_op->link ? dir->i_op->link(old.dentry, dir, d) : -EPERM;
		mutex_unlock(&inode->i_mutex);
		if (!err)
			fsnotify_link_count(inode);
		err = create_end(&nd, d, err);
	}
out_nd:
	nd_cleanup(&nd);
out_old:
	path_put(&old);
	return err;
}

/*
 * Unlink @d from the tree and tell @dir's watches (Linux's
 * d_delete_notify). If nothing else holds the dentry (an open file, a
 * cwd), the inode's own watches hear IN_DELETE_SELF now, before the
 * directory's IN_DELETE, as on Linux; otherwise at the last dput.
 */
static void d_delete_notify(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	d_delete(d);
	if (atomic_read(&d->d_count) == 1 && inode->i_nlink == 0)
		fsnotify_inoderemove(inode);
	fsnotify_delete(dir, inode, d->d_name, d->d_len);
}

int do_unlinkat(int dfd, const char *name, int flags)
{
	bool rmdir = flags & AT_REMOVEDIR;
	struct nameidata nd;
	struct path victim;
	struct inode *dir, *inode;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	err = path_parentat(dfd, name, &nd);
	if (err)
		return err;
	if (nd.last_type != LAST_NORM) {
		err = !rmdir ? -EISDIR : nd.last_type == LAST_DOT ? -EINVAL :
		      nd.last_type == LAST_DOTDOT ? -ENOTEMPTY : -EBUSY;
		goto out;
	}
	err = mnt_want_write(nd.path.mnt);
	if (err)
		goto out;
	dir = nd.path.dentry->d_inode;
	mutex_lock(&dir->i_mutex);
	victim.dentry = d_lookup(nd.path.dentry, nd.last, nd.last_len);
	err = -ENOENT;
	if (!victim.dentry) {
		/* procfs-style directories: say "exists but not removable" */
		struct path p;
		if (dir->i_op && dir->i_op->lookup &&
		    !lookup_one(&nd.path, nd.last, nd.last_len, &p, false)) {
			path_put(&p);
			err = -EPERM;
		}
		goto unlock;
	}
	inode = victim.dentry->d_inode;
	mutex_lock(&inode->i_mutex);
	err = may_delete(dir, inode);
	if (err)
		goto unlock_victim;
	if (rmdir) {
		if (!S_ISDIR(inode->i_mode))
			err = -ENOTDIR;
		else if (victim.dentry->d_mounted)
			err = -EBUSY;
		else if (!d_is_empty_dir(victim.dentry))
			err = -ENOTEMPTY;
		else
			err = dir->i_op && dir->i_op->rmdir ? dir->i_op->rmdir(dir, victim.dentry) : -EPERM;
	} else {
		if (S_ISDIR(inode->i_mode))
			err = -EISDIR;
		else if (nd.trailing_slash)
			err = -ENOTDIR;
		else if (victim.dentry->d_mounted)
			err = -EBUSY;
		else
			err = dir->i_op && dir->i_op->unlink ? dir->i_op->unlink(dir, victim.dentry) : -EPERM;
	}
unlock_victim:
	mutex_unlock(&inode->i_mutex);
	if (!err) {
		if (!rmdir)
			fsnotify_link_count(inode);
		d_delete_notify(dir, victim.dentry);
		inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
	}
	dput(victim.dentry);
unlock:
	mutex_unlock(&dir->i_mutex);
out:
	nd_cleanup(&nd);
	return err;
}

static bool is_ancestor(struct dentry *anc, struct dentry *d)
{
	bool ret = false;

	spin_lock(&dcache_lock);
	for (;;) {
		if (d == anc) {
			ret = true;
			break;
		}
		if (d->d_parent == d)
			break;
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	return ret;
}

static void lock_two_dirs(struct dentry *p1, struct dentry *p2)
{
	struct inode *a = p1->d_inode, *b = p2->d_inode;

	if (a == b) {
		mutex_lock(&a->i_mutex);
		return;
	}
	if (is_ancestor(p2, p1) || (!is_ancestor(p1, p2) && b < a)) {
		struct inode *t = a;
		a = b;
		b = t;
	}
	mutex_lock(&a->i_mutex);
	mutex_lock(&b->i_mutex);
}

static void unlock_two_dirs(struct dentry *p1, struct dentry *p2)
{
	mutex_unlock(&p1->d_inode->i_mutex);
	if (p1->d_inode != p2->d_inode)
		mutex_unlock(&p2->d_inode->i_mutex);
}

/* Checks for rename of @old onto @new (may be NULL); parents locked. */
/* Permission to rename @old (in @op) to @new or a new name in @np. */
static int may_rename_perm(struct dentry *old, struct dentry *new, struct dentry *op,
			   struct dentry *np)
{
	struct inode *inode = old->d_inode;
	int err = may_delete(op->d_inode, inode);

	if (!err)
		err = new ? may_delete(np->d_inode, new->d_inode) : may_create(np->d_inode);
	/* a directory that changes parent rewrites its ".." */
	if (!err && S_ISDIR(inode->i_mode) && op != np)
		err = inode_permission(inode, MAY_WRITE);
	if (!err && new && S_ISDIR(new->d_inode->i_mode) && op != np)
		err = inode_permission(new->d_inode, MAY_WRITE);
	return err;
}

static int may_rename(struct dentry *old, struct dentry *new, struct dentry *np,
		      unsigned int flags, bool slashes)
{
	bool odir = S_ISDIR(old->d_inode->i_mode);

	if (old->d_mounted || (new && new->d_mounted))
		return -EBUSY;
	if (!odir && slashes)
		return -ENOTDIR;
	if (odir && is_ancestor(old, np))
		return -EINVAL;         /* into its own subtree */
	if (!new)
		return (flags & RENAME_EXCHANGE) ? -ENOENT : 0;
	if (flags & RENAME_NOREPLACE)
		return -EEXIST;
	if (flags & RENAME_EXCHANGE) {
		if (S_ISDIR(new->d_inode->i_mode) && is_ancestor(new, old->d_parent))
			return -EINVAL;
		return 0;
	}
	if (odir && !S_ISDIR(new->d_inode->i_mode))
		return -ENOTDIR;
	if (!odir && S_ISDIR(new->d_inode->i_mode))
		return -EISDIR;
	if (odir && !d_is_empty_dir(new))
		return -ENOTEMPTY;
	return 0;
}

/* Linux's fsnotify_move calls after a rename: one for an exchange's
 * second file too; a replaced target hears IN_ATTRIB. */
static void rename_notify(struct inode *odir, struct inode *ndir, const char *oname, int olen,
			  const char *nname, int nlen, struct inode *moved, struct inode *target,
			  unsigned int flags)
{
	fsnotify_move(odir, ndir, oname, olen, nname, nlen, moved,
		      (flags & RENAME_EXCHANGE) ? NULL : target);
	if (flags & RENAME_EXCHANGE)
		fsnotify_move(ndir, odir, nname, nlen, oname, olen, target, NULL);
}

static int do_renameat2(int odfd, const char *oldname, int ndfd, const char *newname,
			unsigned int flags)
{
	struct nameidata ond, nnd;
	struct dentry *op, *np, *old = NULL, *new = NULL, *neg = NULL;
	struct inode *odir, *ndir;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	err = path_parentat(odfd, oldname, &ond);
	if (err)
		return err;
	err = path_parentat(ndfd, newname, &nnd);
	if (err)
		goto out_old;
	err = -EBUSY;
	if (ond.last_type != LAST_NORM || nnd.last_type != LAST_NORM)
		goto out;
	err = -EXDEV;
	if (ond.path.mnt != nnd.path.mnt)
		goto out;
	err = mnt_want_write(ond.path.mnt);
	if (err)
		goto out;
	op = ond.path.dentry;
	np = nnd.path.dentry;
	odir = op->d_inode;
	ndir = np->d_inode;
	mutex_lock(&rename_mutex);
	lock_two_dirs(op, np);
	err = -ENOENT;
	old = d_lookup(op, ond.last, ond.last_len);
	if (!old || ndir->i_nlink == 0)
		goto unlock;
	new = d_lookup(np, nnd.last, nnd.last_len);
	err = may_rename_perm(old, new, op, np);
	if (!err)
		err = may_rename(old, new, np, flags, ond.trailing_slash || nnd.trailing_slash);
	if (err || old == new || (new && new->d_inode == old->d_inode && !(flags & RENAME_EXCHANGE)))
		goto unlock;            /* same file: nothing to do */
	err = -EPERM;
	if (!odir->i_op || !odir->i_op->rename)
		goto unlock;
	if (!new) {
		err = -ENOMEM;
		neg = d_alloc(np, nnd.last, nnd.last_len);
		if (!neg)
			goto unlock;
	}
	if (new)
		mutex_lock(&new->d_inode->i_mutex);
	err = odir->i_op->rename(odir, old, ndir, new ? new : neg, flags);
	if (new)
		mutex_unlock(&new->d_inode->i_mutex);
	if (err)
		goto unlock;
	if (flags & RENAME_EXCHANGE) {
		err = d_move(old, np, nnd.last, nnd.last_len);
		if (!err)
			err = d_move(new, op, ond.last, ond.last_len);
	} else {
		if (new)
			d_delete(new);
		err = d_move(old, np, nnd.last, nnd.last_len);
	}
	inode_touch(odir, ATTR_MTIME | ATTR_CTIME);
	inode_touch(ndir, ATTR_MTIME | ATTR_CTIME);
	if (!err)
		rename_notify(odir, ndir, ond.last, ond.last_len, nnd.last, nnd.last_len,
			      old->d_inode, new ? new->d_inode : NULL, flags);
unlock:
	unlock_two_dirs(op, np);
	mutex_unlock(&rename_mutex);
	dput(neg);
	dput(new);
	dput(old);
out:
	nd_cleanup(&nnd);
out_old:
	nd_cleanup(&ond);
	return err;
}

/* ---- open ---- */

static const struct file_operations empty_fops;

struct file *dentry_open(const struct path *p, int flags)
{
	struct inode *inode = p->dentry->d_inode;
	struct file *f;
	int err;

	f = alloc_empty_file(flags, (flags & O_PATH) ? &empty_fops : inode->i_fop);
	if (IS_ERR(f))
		return f;
	f->f_dentry = dget(p->dentry);
	f->f_vfsmnt = mntget(p->mnt);
	f->f_inode = inode;
	if (flags & O_PATH)
		return f;
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) || S_ISCHR(inode->i_mode))
		f->f_mode |= FMODE_LSEEK | FMODE_PREAD;
	if ((f->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode)) {
		err = get_write_access(inode);  /* ETXTBSY: a running program */
		if (err)
			goto fail;
		f->f_mode |= FMODE_WRITER;
	}
	if (!f->f_op) {
		err = -ENXIO;
		goto fail;
	}
	if (f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err)
			goto fail;
	}
	return f;
fail:
	f->f_op = NULL;                 /* no ->release for a failed open */
	fput(f);
	return ERR_PTR(err);
}

static struct file *finish_open(struct path *p, int flags, bool created)
{
	struct inode *inode = p->dentry->d_inode;
	int acc = flags & O_ACCMODE, err;
	bool write = acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC);

	if (flags & O_PATH)
		return dentry_open(p, flags);
	if (S_ISLNK(inode->i_mode))
		return ERR_PTR(-ELOOP);
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (S_ISDIR(inode->i_mode) && (write || (flags & O_CREAT)))
		return ERR_PTR(-EISDIR);
	if (S_ISSOCK(inode->i_mode))
		return ERR_PTR(-ENXIO);
	if (created)                    /* the creator may open what it made, whatever its mode */
		err = 0;
	else if (flags & __FMODE_EXEC)  /* execve: x is enough (Linux's MAY_EXEC | MAY_OPEN) */
		err = inode_permission(inode, MAY_EXEC);
	else
		err = inode_permission(inode, (acc != O_WRONLY ? MAY_READ : 0) | (write ? MAY_WRITE : 0));
	if (!err && write && (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode)))
		err = mnt_want_write(p->mnt);
	if (!err && (flags & O_TRUNC) && S_ISREG(inode->i_mode) && !created) {
		err = get_write_access(inode);
		if (!err) {
			err = do_truncate(p->dentry, 0);
			put_write_access(inode);
		}
	}
	if (err)
		return ERR_PTR(err);
	return dentry_open(p, flags);
}

static struct file *do_tmpfile(int dfd, const char *name, int flags, mode_t mode,
			       unsigned int lookup)
{
	struct path dir;
	struct dentry *d;
	struct inode *inode;
	struct file *f;
	int acc = flags & O_ACCMODE, err;

	if (acc != O_WRONLY && acc != O_RDWR)
		return ERR_PTR(-EINVAL);
	err = kern_path_at(dfd, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY | lookup, &dir);
	if (err)
		return ERR_PTR(err);
	inode = dir.dentry->d_inode;
	err = -EOPNOTSUPP;
	if (!inode->i_op || !inode->i_op->tmpfile)
		goto out;
	err = may_create(inode);
	if (err)
		goto out;
	err = -ENOMEM;
	d = d_alloc(dir.dentry, "#tmpfile", 8);
	if (!d)
		goto out;
	err = inode->i_op->tmpfile(inode, d, (mode & 07777 & ~current_umask()) | S_IFREG);
	if (!err) {
		struct path p = { dir.mnt, d };
		f = dentry_open(&p, flags & ~(O_CREAT | __O_TMPFILE | O_DIRECTORY));
		dput(d);
		path_put(&dir);
		return f;
	}
	dput(d);
out:
	path_put(&dir);
	return ERR_PTR(err);
}

struct file *do_filp_open_how(int dfd, const char *name, int flags, mode_t mode,
			      unsigned int lookup)
{
	struct nameidata nd;
	struct path p;
	struct file *f;
	bool created = false;
	int err;

	if ((flags & __O_TMPFILE) == __O_TMPFILE)
		return do_tmpfile(dfd, name, flags, mode, lookup);
	if (!(flags & O_CREAT) || (flags & O_PATH)) {
		unsigned int lf = ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) | lookup;

		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		err = kern_path_at(dfd, name, lf, &p);
		if (err)
			return ERR_PTR(err);
		f = finish_open(&p, flags, false);
		path_put(&p);
		return f;
	}
	err = path_parentat_flags(dfd, name, &nd, lookup);
	if (err)
		return ERR_PTR(err);
	if (nd.last_type != LAST_NORM || nd.trailing_slash) {
		err = -EISDIR;
		goto out;
	}
	err = create_begin(&nd, &p.dentry, false);
	if (!err) {
		struct inode *dir = nd.path.dentry->d_inode;

		err = dir->i_op && dir->i_op->create ?
		      dir->i_op->create(dir, p.dentry, (mode & 07777 & ~current_umask()) | S_IFREG) :
		      -EACCES;
		if (!err)
			dget(p.dentry);         /* keep it past create_end's dput */
		err = create_end(&nd, p.dentry, err);
		if (err)
			goto out;
		p.mnt = nd.path.mnt;
		created = true;
	} else if (err == -EEXIST && !(flags & O_EXCL)) {
		/* It exists: open it (following a symlink unless O_NOFOLLOW). */
		err = lookup_last(&nd, !(flags & O_NOFOLLOW));
		if (err)
			goto out;
		p = nd.path;
		dget(p.dentry);
	} else {
		goto out;
	}
	f = finish_open(&p, flags, created);
	dput(p.dentry);
	nd_cleanup(&nd);
	return f;
out:
	nd_cleanup(&nd);
	return ERR_PTR(err);
}

struct file *do_filp_open(int dfd, const char *name, int flags, mode_t mode)
{
	return do_filp_open_how(dfd, name, flags, mode, 0);
}

struct file *filp_open(const char *path, int flags, mode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode);
}

/* ---- system calls ---- */

#define WITH_NAME(uname, kname, expr) ({                                        \
	char *kname = getname(uname);                                         \
	long __r = IS_ERR(kname) ? PTR_ERR(kname) : (expr);                   \
	if (!IS_ERR(kname))                                                   \
		putname(kname);                                               \
	__r; })

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, mode_t, mode)
{
	return WITH_NAME(pathname, name, do_mkdirat(dfd, name, mode));
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, pathname, mode_t, mode,
		unsigned int, dev)
{
	return WITH_NAME(pathname, name, do_mknodat(dfd, name, mode, new_decode_dev(dev)));
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flags)
{
	return WITH_NAME(pathname, name, do_unlinkat(dfd, name, flags));
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	char *target = getname(oldname);
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	err = WITH_NAME(newname, name, do_symlinkat(target, newdfd, name));
	putname(target);
	return err;
}

SYSCALL_DEFINE5(linkat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, int, flags)
{
	char *from = getname(oldname);
	long err;

	if (IS_ERR(from))
		return PTR_ERR(from);
	err = WITH_NAME(newname, to, do_linkat(olddfd, from, newdfd, to, flags));
	putname(from);
	return err;
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, unsigned int, flags)
{
	char *from = getname(oldname);
	long err;

	if (IS_ERR(from))
		return PTR_ERR(from);
	err = WITH_NAME(newname, to, do_renameat2(olddfd, from, newdfd, to, flags));
	putname(from);
	return err;
}

static long do_readlinkat(int dfd, const char *name, char __user *buf, int size)
{
	struct path p;
	struct inode *inode;
	char *tmp;
	long err;

	if (size <= 0)
		return -EINVAL;
	err = kern_path_at(dfd, name, LOOKUP_EMPTY, &p);
	if (err)
		return err;
	inode = p.dentry->d_inode;
	err = -EINVAL;
	if (!S_ISLNK(inode->i_mode) || !inode->i_op || !inode->i_op->readlink)
		goto out;
	err = -ENOMEM;
	tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!tmp)
		goto out;
	err = inode->i_op->readlink(p.dentry, tmp, PATH_MAX);
	if (err >= 0) {
		if (err > size)
			err = size;
		if (copy_to_user(buf, tmp, err))
			err = -EFAULT;
		inode_touch(inode, ATTR_ATIME);
	}
	kfree(tmp);
out:
	path_put(&p);
	return err;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname, char __user *, buf,
		int, bufsiz)
{
	return WITH_NAME(pathname, name, do_readlinkat(dfd, name, buf, bufsiz));
}
