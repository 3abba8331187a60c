// SPDX-License-Identifier: MIT
/*
 * File system types, super blocks and the mount tree; mount(2), umount2(2).
 *
 * Locking: mount_lock (spinlock) guards the mount list, mnt_parent,
 * mnt_mountpoint and every dentry's d_mounted. Lock order: mount_lock ->
 * dcache_lock (d_path walks both). Mount and umount themselves are
 * serialised by namespace_sem (a mutex) so that checks and changes are
 * atomic together; path lookups only take mount_lock briefly.
 *
 * Each mount in the tree holds one reference on itself (mnt_count) and on
 * its root and mount point dentries; open files, cwd/root and walks hold
 * more. umount2 refuses a busy mount (EBUSY) unless MNT_DETACH, which
 * only unhooks it: the super block dies with the last reference.
 */
#include <shoal/cred.h>
#include "internal.h"
#include <shoal/syscalls.h>
#include <shoal/fsnotify.h>

DEFINE_SPINLOCK(mount_lock);
static struct mutex namespace_sem;
static LIST_HEAD(mount_list);                   /* [mount_lock] */
static struct file_system_type *file_systems;   /* [namespace_sem] */
struct vfsmount *root_mnt;
static atomic_t next_mnt_id = ATOMIC_INIT(0);
static atomic_t next_anon_dev = ATOMIC_INIT(0);

static dev_t alloc_anon_dev(void)
{
	return MKDEV(0, atomic_inc_return(&next_anon_dev));
}

static int mnt_alloc_id(void)
{
	return atomic_inc_return(&next_mnt_id);
}

int register_filesystem(struct file_system_type *fs)
{
	fs->next = file_systems;
	file_systems = fs;
	return 0;
}

static struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *t;

	for (t = file_systems; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

int filesystems_show(char *buf, size_t size)
{
	struct file_system_type *t;
	size_t n = 0;

	for (t = file_systems; t; t = t->next)
		n += scnprintf(buf + n, size - n, "%s\t%s\n",
			       (t->fs_flags & FS_REQUIRES_DEV) ? "" : "nodev", t->name);
	return n;
}

struct super_block *sget_nodev(struct file_system_type *type, const struct super_operations *ops,
			       unsigned long magic)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_dev = alloc_anon_dev();
	sb->s_type = type;
	sb->s_op = ops;
	sb->s_magic = magic;
	atomic_set(&sb->s_active, 1);
	return sb;
}

/* Drop every linked dentry below @d (depth first), then @d's own tree ref. */
static void shrink_tree(struct dentry *d)
{
	struct dentry *child;

	for (;;) {
		spin_lock(&dcache_lock);
		child = list_first_entry_or_null(&d->d_subdirs, struct dentry, d_child);
		if (child)
			dget(child);
		spin_unlock(&dcache_lock);
		if (!child)
			break;
		shrink_tree(child);
		d_delete(child);
		dput(child);
	}
}

void kill_anon_super(struct super_block *sb)
{
	if (sb->s_root) {
		shrink_tree(sb->s_root);
		dput(sb->s_root);
	}
	kfree(sb);
}

static void deactivate_super(struct super_block *sb)
{
	if (!atomic_dec_and_test(&sb->s_active))
		return;
	fsnotify_sb_delete(sb);         /* watches hold inodes: they go first */
	if (sb->s_type->kill_sb)
		sb->s_type->kill_sb(sb);
	else
		kill_anon_super(sb);
}

struct vfsmount *mntget(struct vfsmount *m)
{
	if (m)
		atomic_inc(&m->mnt_count);
	return m;
}

void mntput(struct vfsmount *m)
{
	if (!m || !atomic_dec_and_test(&m->mnt_count))
		return;
	dput(m->mnt_root);
	deactivate_super(m->mnt_sb);
	kfree(m->mnt_devname);
	kfree(m);
}

struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				const char *dev, void *data)
{
	struct vfsmount *m = kzalloc(sizeof(*m), GFP_KERNEL);
	struct super_block *sb;

	if (!m)
		return ERR_PTR(-ENOMEM);
	sb = type->mount(type, flags, dev, data);
	if (IS_ERR(sb)) {
		kfree(m);
		return (struct vfsmount *)sb;
	}
	m->mnt_sb = sb;
	m->mnt_root = dget(sb->s_root);
	m->mnt_id = mnt_alloc_id();
	m->mnt_flags = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	m->mnt_devname = kstrdup(dev ? dev : "none", GFP_KERNEL);
	atomic_set(&m->mnt_count, 1);
	INIT_LIST_HEAD(&m->mnt_list);
	return m;
}

struct vfsmount *lookup_mnt(const struct path *p)
{
	struct vfsmount *m, *found = NULL;

	spin_lock(&mount_lock);
	/* the most recent mount on top wins: search the list backwards */
	for (m = list_last_entry(&mount_list, struct vfsmount, mnt_list);
	     &m->mnt_list != &mount_list;
	     m = list_entry(m->mnt_list.prev, struct vfsmount, mnt_list)) {
		if (m->mnt_parent == p->mnt && m->mnt_mountpoint == p->dentry) {
			found = mntget(m);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
}

/* Attach @m at @mp (referenced by the caller; the tree takes its own refs). */
static void attach_mnt(struct vfsmount *m, const struct path *mp)
{
	path_get(mp);
	spin_lock(&mount_lock);
	m->mnt_parent = mp->mnt;
	m->mnt_mountpoint = mp->dentry;
	mp->dentry->d_mounted++;
	list_add_tail(&m->mnt_list, &mount_list);
	spin_unlock(&mount_lock);
}

static void detach_mnt(struct vfsmount *m)
{
	struct path mp;

	spin_lock(&mount_lock);
	mp.mnt = m->mnt_parent;
	mp.dentry = m->mnt_mountpoint;
	mp.dentry->d_mounted--;
	list_del_init(&m->mnt_list);
	m->mnt_parent = NULL;
	m->mnt_mountpoint = NULL;
	spin_unlock(&mount_lock);
	path_put(&mp);
	mntput(m);                      /* the tree's reference */
}

static bool path_is_mountpoint_root(const struct path *p)
{
	return p->dentry == p->mnt->mnt_root;
}

static bool mnt_has_children(struct vfsmount *m)
{
	struct vfsmount *c;
	bool ret = false;

	spin_lock(&mount_lock);
	list_for_each_entry(c, &mount_list, mnt_list)
		if (c->mnt_parent == m) {
			ret = true;
			break;
		}
	spin_unlock(&mount_lock);
	return ret;
}

/* One line of a mounts file for mount @m, seen at path @s. */
typedef int (*mount_line_fn)(char *buf, size_t size, const struct vfsmount *m, const char *s);

/*
 * Render one line per mount, in mount order, with each mount point as
 * the caller's root sees it (mounts it cannot name are left out):
 * /proc/mounts and /proc/PID/mountinfo differ only in the line.
 */
static int show_mount_lines(char *buf, size_t size, mount_line_fn line)
{
	struct vfsmount *m;
	struct path root;
	size_t n = 0;
	char *tmp = kmalloc(PATH_MAX, GFP_KERNEL);

	if (!tmp)
		return -ENOMEM;
	get_fs_root(&root);
	mutex_lock(&namespace_sem);
	list_for_each_entry(m, &mount_list, mnt_list) {
		struct path p = { m, m->mnt_root };
		char *s = d_path(&p, &root, tmp, PATH_MAX);

		if (!IS_ERR(s))
			n += line(buf + n, size - n, m, s);
	}
	mutex_unlock(&namespace_sem);
	path_put(&root);
	kfree(tmp);
	return n;
}

static int mounts_line(char *buf, size_t size, const struct vfsmount *m, const char *s)
{
	return scnprintf(buf, size, "%s %s %s %s 0 0\n", m->mnt_devname, s,
			 m->mnt_sb->s_type->name, (m->mnt_flags & MS_RDONLY) ? "ro" : "rw");
}

int mounts_show(char *buf, size_t size)
{
	return show_mount_lines(buf, size, mounts_line);
}

/* The per-mount options of /proc/PID/mountinfo's sixth field. */
static const char *mnt_opts(const struct vfsmount *m, char *buf, size_t size)
{
	scnprintf(buf, size, "%s%s%s%s%s", (m->mnt_flags & MS_RDONLY) ? "ro" : "rw",
		  (m->mnt_flags & MS_NOSUID) ? ",nosuid" : "",
		  (m->mnt_flags & MS_NODEV) ? ",nodev" : "",
		  (m->mnt_flags & MS_NOEXEC) ? ",noexec" : "",
		  (m->mnt_flags & MS_NOATIME) ? ",noatime" : "");
	return buf;
}

/*
 * /proc/PID/mountinfo, Linux's format: mount id, parent id (the root
 * mount names itself), st_dev, the root of the mount within its file
 * system (always "/": there are no bind mounts of subtrees), the mount
 * point, per-mount options, no optional fields, "-", type, source,
 * super-block options.
 */
static int mountinfo_line(char *buf, size_t size, const struct vfsmount *m, const char *s)
{
	dev_t dev = m->mnt_sb->s_dev;
	char opts[48];

	return scnprintf(buf, size, "%d %d %u:%u / %s %s - %s %s %s\n",
			 m->mnt_id, m->mnt_parent ? m->mnt_parent->mnt_id : m->mnt_id,
			 MAJOR(dev), MINOR(dev), s, mnt_opts(m, opts, sizeof(opts)),
			 m->mnt_sb->s_type->name, m->mnt_devname,
			 (m->mnt_sb->s_flags & MS_RDONLY) ? "ro" : "rw");
}

int mountinfo_show(char *buf, size_t size)
{
	return show_mount_lines(buf, size, mountinfo_line);
}

/* Mount a new instance of @type at @mp. */
static int do_new_mount(struct path *mp, const char *type, int flags,
			const char *dev, void *data)
{
	struct file_system_type *t;
	struct vfsmount *m;

	t = get_fs_type(type);
	if (!t)
		return -ENODEV;
	m = vfs_kern_mount(t, flags, dev, data);
	if (IS_ERR(m))
		return PTR_ERR(m);
	attach_mnt(m, mp);
	return 0;
}

static int do_bind_mount(struct path *mp, const char *oldname)
{
	struct path old;
	struct vfsmount *m;
	int err = kern_path(oldname, LOOKUP_FOLLOW, &old);

	if (err)
		return err;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m) {
		path_put(&old);
		return -ENOMEM;
	}
	m->mnt_sb = old.mnt->mnt_sb;
	atomic_inc(&m->mnt_sb->s_active);
	m->mnt_root = dget(old.dentry);
	m->mnt_id = mnt_alloc_id();
	m->mnt_flags = old.mnt->mnt_flags;
	m->mnt_devname = kstrdup(old.mnt->mnt_devname, GFP_KERNEL);
	atomic_set(&m->mnt_count, 1);
	INIT_LIST_HEAD(&m->mnt_list);
	attach_mnt(m, mp);
	path_put(&old);
	return 0;
}

SYSCALL_DEFINE5(mount, const char __user *, dev_name, const char __user *, dir_name,
		const char __user *, type, unsigned long, flags, const void __user *, data)
{
	char *dir = NULL, *dev = NULL, *fstype = NULL, *opts = NULL;
	struct path mp;
	long err;

	dir = getname(dir_name);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (dev_name) {
		dev = getname(dev_name);
		if (IS_ERR(dev)) {
			err = PTR_ERR(dev);
			dev = NULL;
			goto out;
		}
	}
	if (type && !(flags & (MS_BIND | MS_REMOUNT | MS_MOVE))) {
		fstype = getname(type);
		if (IS_ERR(fstype)) {
			err = PTR_ERR(fstype);
			fstype = NULL;
			goto out;
		}
	}
	if (data && fstype) {
		/* option string: best effort, truncated at a page */
		opts = kzalloc(PAGE_SIZE, GFP_KERNEL);
		if (opts && strncpy_from_user(opts, data, PAGE_SIZE) == -EFAULT)
			opts[0] = 0;
		if (opts)
			opts[PAGE_SIZE - 1] = 0;
	}
	err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &mp);
	if (err)
		goto out;
	if (!capable(CAP_SYS_ADMIN)) {          /* Linux's may_mount() */
		path_put(&mp);
		err = -EPERM;
		goto out;
	}
	mutex_lock(&namespace_sem);
	if (flags & MS_REMOUNT) {
		err = path_is_mountpoint_root(&mp) ? 0 : -EINVAL;
		if (!err)
			mp.mnt->mnt_flags = (mp.mnt->mnt_flags & ~MS_RDONLY) | (flags & MS_RDONLY);
	} else if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE)) {
		err = 0;                /* propagation types: there is one namespace */
	} else if (flags & MS_BIND) {
		err = dev ? do_bind_mount(&mp, dev) : -EINVAL;
	} else if (flags & MS_MOVE) {
		err = -EINVAL;
	} else if (!fstype) {
		err = -EINVAL;
	} else {
		err = do_new_mount(&mp, fstype, flags, dev, opts);
	}
	mutex_unlock(&namespace_sem);
	path_put(&mp);
out:
	kfree(opts);
	if (fstype)
		putname(fstype);
	if (dev)
		putname(dev);
	putname(dir);
	return err;
}

SYSCALL_DEFINE2(umount2, const char __user *, name, int, flags)
{
	char *kname;
	struct path p;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	kname = getname(name);
	if (IS_ERR(kname))
		return PTR_ERR(kname);
	err = kern_path(kname, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	putname(kname);
	if (err)
		return err;
	if (!capable(CAP_SYS_ADMIN)) {
		path_put(&p);
		return -EPERM;
	}
	mutex_lock(&namespace_sem);
	if (!path_is_mountpoint_root(&p) || !p.mnt->mnt_parent) {
		err = -EINVAL;
	} else if (!(flags & MNT_DETACH) &&
		   (atomic_read(&p.mnt->mnt_count) > 2 || mnt_has_children(p.mnt))) {
		err = -EBUSY;           /* 2: the tree's reference and ours */
	} else {
		detach_mnt(p.mnt);
		err = 0;
	}
	mutex_unlock(&namespace_sem);
	path_put(&p);
	return err;
}

/* sysfs is not implemented: mounting it reports ENODEV like an unknown type. */
void mnt_init(void)
{
	mutex_init(&namespace_sem);
	register_filesystem(&tmpfs_fs_type);
	root_mnt = vfs_kern_mount(&tmpfs_fs_type, 0, "rootfs", NULL);
	if (IS_ERR(root_mnt))
		panic("cannot mount the root tmpfs");
	spin_lock(&mount_lock);
	list_add_tail(&root_mnt->mnt_list, &mount_list);
	spin_unlock(&mount_lock);
}
