// SPDX-License-Identifier: MIT
/*
 * devpts: the file system at /dev/pts holding a node per pty slave
 * (136, N) and a "ptmx" node (5, 2), as Linux's fs/devpts.
 *
 * One instance: every mount of "devpts" shows it (Linux makes a new
 * instance per mount; "newinstance" is accepted and ignored here, and the
 * options of the latest mount apply to nodes created after it). The
 * directory is kept in the dcache; user space cannot create, remove or
 * rename entries (EPERM). Nodes are added and removed by the pty driver
 * (drivers/tty/pty.c) with the root's i_mutex held, like any mknod.
 *
 * Options: mode= (slave nodes, default 0600), gid= (their group; without
 * it, the opener's), uid=, ptmxmode= (default 0000); newinstance and max=
 * are accepted and ignored (one instance; the limit is kernel.pty.max);
 * others are EINVAL.
 * The options are words read without a lock (devpts_opts_lock orders a
 * mount's update against a pty allocation reading them).
 */
#include "internal.h"
#include <shoal/devpts.h>

#define DEVPTS_SUPER_MAGIC      0x1cd1
#define DEVPTS_DEFAULT_MODE     0600
#define DEVPTS_DEFAULT_PTMX_MODE 0000

struct devpts_opts {
	bool setuid, setgid;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	mode_t ptmxmode;
};

static struct super_block *devpts_sb;
static struct devpts_opts devpts_opts = {               /* [devpts_opts_lock] */
	.mode = DEVPTS_DEFAULT_MODE, .ptmxmode = DEVPTS_DEFAULT_PTMX_MODE,
};
static DEFINE_SPINLOCK(devpts_opts_lock);

/* One "key=value" option; 0 or -EINVAL. */
static int devpts_parse_one(struct devpts_opts *o, const char *opt, size_t len)
{
	char v[24];
	size_t klen = 0, vlen;
	unsigned long n;
	char *end;

	while (klen < len && opt[klen] != '=')
		klen++;
	vlen = klen < len ? len - klen - 1 : 0;

	if (klen == 11 && !memcmp(opt, "newinstance", 11))
		return 0;
	if (klen == len || !vlen || vlen >= sizeof(v))
		return -EINVAL;
	memcpy(v, opt + klen + 1, vlen);
	v[vlen] = 0;
	n = simple_strtoul(v, &end, (klen == 4 || klen == 8) ? 8 : 10);
	if (*end)
		return -EINVAL;
	if (klen == 4 && !memcmp(opt, "mode", 4)) {
		o->mode = n & 07777;
	} else if (klen == 8 && !memcmp(opt, "ptmxmode", 8)) {
		o->ptmxmode = n & 07777;
	} else if (klen == 3 && !memcmp(opt, "gid", 3)) {
		o->gid = n;
		o->setgid = true;
	} else if (klen == 3 && !memcmp(opt, "uid", 3)) {
		o->uid = n;
		o->setuid = true;
	} else if (!(klen == 3 && !memcmp(opt, "max", 3))) {
		return -EINVAL;
	}
	return 0;
}

/* Comma-separated options (bounded by the mount data page). */
static int devpts_parse(struct devpts_opts *o, const char *data)
{
	const char *p = data;
	size_t budget = PAGE_SIZE;
	int err;

	while (p && *p && budget) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len > budget)
			return -EINVAL;
		budget -= len;
		if (len) {
			err = devpts_parse_one(o, p, len);
			if (err)
				return err;
		}
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

static struct inode *devpts_ptmx_inode(void)
{
	struct dentry *d = d_lookup(devpts_sb->s_root, "ptmx", 4);
	struct inode *inode = d ? d->d_inode : NULL;

	if (d)
		dput(d);                /* the tree keeps its own reference */
	return inode;
}

static struct super_block *devpts_mount(struct file_system_type *type, int flags,
					const char *dev, void *data)
{
	struct devpts_opts o = {
		.mode = DEVPTS_DEFAULT_MODE, .ptmxmode = DEVPTS_DEFAULT_PTMX_MODE,
	};
	struct inode *ptmx;
	int err = devpts_parse(&o, data);

	if (err)
		return ERR_PTR(err);
	spin_lock(&devpts_opts_lock);
	devpts_opts = o;
	spin_unlock(&devpts_opts_lock);
	ptmx = devpts_ptmx_inode();
	if (ptmx) {
		mutex_lock(&ptmx->i_mutex);
		ptmx->i_mode = S_IFCHR | o.ptmxmode;
		mutex_unlock(&ptmx->i_mutex);
	}
	atomic_inc(&devpts_sb->s_active);
	return devpts_sb;
}

static void devpts_kill_sb(struct super_block *sb)
{
	/* never reached: devpts keeps its own reference */
}

static struct file_system_type devpts_fs_type = {
	.name = "devpts",
	.mount = devpts_mount,
	.kill_sb = devpts_kill_sb,
};

/* A node @name in the root; the new dentry, referenced for the caller. */
static struct dentry *devpts_add(const char *name, mode_t mode, dev_t dev, uid_t uid, gid_t gid)
{
	struct dentry *root = devpts_sb->s_root, *d;
	struct inode *dir = root->d_inode, *inode;

	inode = new_inode(devpts_sb);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode_init_special(inode, mode, dev);
	inode->i_uid = uid;
	inode->i_gid = gid;
	inode->i_nlink = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	mutex_lock(&dir->i_mutex);
	d = d_alloc(root, name, strlen(name));
	if (!d) {
		mutex_unlock(&dir->i_mutex);
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, inode);
	d_add_child(d);
	inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
	mutex_unlock(&dir->i_mutex);
	return d;
}

struct dentry *devpts_pty_new(int index, uid_t uid, gid_t gid)
{
	struct devpts_opts o;
	char name[12];

	spin_lock(&devpts_opts_lock);
	o = devpts_opts;
	spin_unlock(&devpts_opts_lock);
	snprintf(name, sizeof(name), "%d", index);
	return devpts_add(name, S_IFCHR | o.mode, MKDEV(UNIX98_PTY_SLAVE_MAJOR, index),
			  o.setuid ? o.uid : uid, o.setgid ? o.gid : gid);
}

void devpts_pty_kill(struct dentry *d)
{
	struct inode *dir = devpts_sb->s_root->d_inode;

	mutex_lock(&dir->i_mutex);
	d_delete(d);
	inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
	mutex_unlock(&dir->i_mutex);
	dput(d);
}

static const struct inode_operations devpts_dir_iops = {
	.setattr = NULL,        /* chmod of the directory: generic */
};

void devpts_init(void)
{
	struct inode *root;
	struct dentry *d;

	devpts_sb = sget_nodev(&devpts_fs_type, NULL, DEVPTS_SUPER_MAGIC);
	if (!devpts_sb)
		panic("devpts_init");
	root = new_inode(devpts_sb);
	if (!root)
		panic("devpts_init");
	root->i_mode = S_IFDIR | 0755;
	root->i_nlink = 2;
	root->i_op = &devpts_dir_iops;
	root->i_fop = &simple_dir_operations;
	root->i_atime = root->i_mtime = root->i_ctime = current_time();
	devpts_sb->s_root = d_alloc_root(root);
	if (!devpts_sb->s_root)
		panic("devpts_init");
	d = devpts_add("ptmx", S_IFCHR | DEVPTS_DEFAULT_PTMX_MODE, MKDEV(TTYAUX_MAJOR, 2), 0, 0);
	if (IS_ERR(d))
		panic("devpts_init");
	dput(d);                        /* the tree keeps ptmx */
	register_filesystem(&devpts_fs_type);
}
