// SPDX-License-Identifier: MIT
/*
 * VFS boot: vfs_init() builds everything file-related in dependency order.
 *
 *   slab caches -> root tmpfs mount -> memfd/pipe internals -> procfs,
 *   devtmpfs -> character devices (memory devices, the tty) -> the
 *   skeleton of the root: /dev, /dev/console, /proc, /sys, /tmp, /root.
 *
 * populate_rootfs() may run right after it; the initramfs then replaces
 * or extends that skeleton.
 */
#include "internal.h"
#include <shoal/tty.h>

static void make_skeleton(void)
{
	static const char *const dirs[] = { "/dev", "/proc", "/sys", "/tmp", "/root" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		do_mkdirat(AT_FDCWD, dirs[i], 0755);
	/* /tmp is world-writable and sticky; /dev/console is needed before /dev is mounted */
	{
		struct path p;

		if (!kern_path("/tmp", 0, &p)) {
			p.dentry->d_inode->i_mode = S_IFDIR | 01777;
			path_put(&p);
		}
	}
	do_mknodat(AT_FDCWD, "/dev/console", S_IFCHR | 0600, MKDEV(5, 1));
}

void vfs_init(void)
{
	inode_cache_init();
	dcache_init();
	files_cache_init();
	namei_init();
	mnt_init();
	shmem_init();
	pipe_init();
	proc_init();
	devtmpfs_init();
	chrdev_init();
	mem_devices_init();
	tty_init();
	make_skeleton();
}
