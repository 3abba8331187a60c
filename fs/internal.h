/* SPDX-License-Identifier: MIT */
/* Declarations shared by the files of fs/ only. */
#ifndef _FS_INTERNAL_H
#define _FS_INTERNAL_H

#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>

/* boot: slab caches (fs/inode.c, fs/dcache.c, fs/file.c) */
void inode_cache_init(void);
void dcache_init(void);
void files_cache_init(void);

/* fs/file.c */
struct file *alloc_empty_file(unsigned int flags, const struct file_operations *fops);
struct file *fget_raw(unsigned int fd);         /* also O_PATH files */
unsigned long task_rlimit_nofile(void);
/* Returns the referenced file installed at @fd of @files, or NULL (procfs). */
struct file *files_lookup_fd(struct files_struct *files, unsigned int fd);
/* First open fd >= @start in @files, or -1 (procfs). */
int files_next_fd(struct files_struct *files, unsigned int start);
long f_dupfd(unsigned int from, struct file *f, unsigned int flags);
int get_close_on_exec(unsigned int fd);
void set_close_on_exec(unsigned int fd, bool on);

/* fs/namespace.c */
int mounts_show(char *buf, size_t size);
int mountinfo_show(char *buf, size_t size);
int filesystems_show(char *buf, size_t size);
void mnt_init(void);

/* fs/fs_struct.c */
extern struct fs_struct init_fs;
void get_fs_root(struct path *out);             /* referenced */
void get_fs_pwd(struct path *out);              /* referenced */

/* fs/dcache.c */
int d_move(struct dentry *d, struct dentry *newparent, const char *name, int len);

/* fs/namei.c */
void namei_init(void);

/* fs/read_write.c */
/* readv/writev of user segments at *@pos; @rwf: preadv2/pwritev2 RWF_* flags. */
ssize_t vfs_iov_rw(struct file *f, const struct iovec __user *uvec, unsigned long n,
		   loff_t *pos, bool write, int rwf);

/* fs/tmpfs.c */
ssize_t shmem_kernel_rw(struct file *f, void *buf, size_t count, loff_t *pos, bool write);
ssize_t shmem_write_append(struct file *f, const char __user *buf, size_t count, loff_t *ppos,
			   bool append);
struct super_block *shmem_fill_super(struct file_system_type *type, unsigned long magic);
void shmem_init(void);

/* fs/pipe.c */
void pipe_init(void);

static inline struct timespec64 ns_to_timespec64(s64 ns)
{
	struct timespec64 ts = { ns / 1000000000L, ns % 1000000000L };
	return ts;
}

#endif
