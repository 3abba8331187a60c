// SPDX-License-Identifier: MIT
/*
 * devtmpfs: one tmpfs instance holding a node for every registered
 * device. Every mount of "devtmpfs" shows that same instance (init mounts
 * it on /dev), so nodes created before or after the mount appear there.
 * Nodes are added with the root directory's i_mutex held, like any mknod.
 */
#include "internal.h"

static struct super_block *devtmpfs_sb;

static struct super_block *devtmpfs_mount(struct file_system_type *type, int flags,
					  const char *dev, void *data)
{
	atomic_inc(&devtmpfs_sb->s_active);
	return devtmpfs_sb;
}

static void devtmpfs_kill_sb(struct super_block *sb)
{
	/* never reached: devtmpfs keeps its own reference */
}

static struct file_system_type devtmpfs_type = {
	.name = "devtmpfs",
	.mount = devtmpfs_mount,
	.kill_sb = devtmpfs_kill_sb,
};

int devtmpfs_create_node(const char *name, mode_t mode, dev_t dev)
{
	struct dentry *root = devtmpfs_sb->s_root, *d;
	struct inode *dir = root->d_inode;
	int len = strlen(name), err;

	if (strchr(name, '/'))
		return -EINVAL;         /* flat /dev only */
	mutex_lock(&dir->i_mutex);
	d = d_lookup(root, name, len);
	if (d) {
		dput(d);
		mutex_unlock(&dir->i_mutex);
		return -EEXIST;
	}
	err = -ENOMEM;
	d = d_alloc(root, name, len);
	if (d) {
		err = dir->i_op->mknod(dir, d, mode, dev);
		if (!err)
			d_add_child(d);
		dput(d);
	}
	mutex_unlock(&dir->i_mutex);
	return err;
}

void devtmpfs_init(void)
{
	devtmpfs_sb = shmem_fill_super(&devtmpfs_type, TMPFS_MAGIC);
	if (IS_ERR(devtmpfs_sb))
		panic("devtmpfs_init");
	register_filesystem(&devtmpfs_type);
}
