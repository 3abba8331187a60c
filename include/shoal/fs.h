/* SPDX-License-Identifier: MIT */
/*
 * Files as the rest of the kernel sees them (fs/). Sockets, pipes, ttys,
 * tmpfs and procfs files all present a struct file with file_operations.
 * The VFS internals (inodes, dentries, superblocks) extend this header.
 */
#ifndef _SHOAL_FS_H
#define _SHOAL_FS_H

#include <shoal/types.h>
#include <shoal/atomic.h>
#include <shoal/spinlock.h>
#include <shoal/mutex.h>
#include <shoal/wait.h>
#include <uapi/fcntl.h>
#include <uapi/poll.h>
#include <uapi/uio.h>

struct file;
struct inode;
struct dentry;
struct poll_table_struct;
struct vm_area_struct;
struct page;
struct kstat;

struct file_operations {
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	int (*iterate)(struct file *, void __user *dirent, size_t count, loff_t *pos); /* getdents64; returns bytes or -errno */
	/* Returns the EPOLLx/POLLx mask; registers on wait queues via poll_wait() */
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
	long (*ioctl)(struct file *, unsigned int cmd, unsigned long arg);
	int (*mmap)(struct file *, struct vm_area_struct *);
	/* Page @pgoff of the file for a mapping fault; returns a referenced page or ERR_PTR. */
	struct page *(*fault)(struct file *, pgoff_t pgoff);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	/* O_ASYNC on (@on) or off for @fd: add to or remove from the
	 * object's fasync list (fasync_helper); 0 or -errno */
	int (*fasync)(int fd, struct file *, int on);
	int (*fsync)(struct file *);
	/* Optional: write @size bytes of kernel page @page at @offset (sendfile,
	 * kernel_write to non-tmpfs files). Returns bytes written or -errno. */
	ssize_t (*sendpage)(struct file *, struct page *page, int offset, size_t size,
			    loff_t *pos, bool more);
	/* Optional: read up to @size bytes into kernel memory @buf (splice
	 * into a pipe, kernel_read from non-tmpfs files; Linux's
	 * ->splice_read). Returns bytes read, 0 at EOF, or -errno. */
	ssize_t (*read_kernel)(struct file *, void *buf, size_t size, loff_t *pos);
	/* Optional: the type's own lines of /proc/PID/fdinfo/FD (snprintf
	 * rules: returns the length it wanted). */
	int (*show_fdinfo)(struct file *, char *buf, size_t size);
};

/*
 * Who gets SIGIO and SIGURG for a file (F_SETOWN, F_SETOWN_EX, F_SETSIG),
 * as Linux's fown_struct; fs/fasync.c. Fields under fasync_lock.
 */
enum fown_type { FOWN_NONE, FOWN_TID, FOWN_PID, FOWN_PGRP };
struct fown_struct {
	pid_t pid;                      /* thread, process or group id; 0: none */
	u8 type;                        /* enum fown_type */
	int signum;                     /* F_SETSIG: 0 is SIGIO without siginfo */
	uid_t uid, euid;                /* the setter's real and effective uids (sigio_perm) */
};

/* One file that asked for SIGIO from an object (Linux's fasync_struct).
 * Links and fa_fd under fasync_lock. */
struct fasync_struct {
	int fa_fd;
	struct fasync_struct *fa_next;
	struct file *fa_file;
};

int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **fapp);
/* Send @sig (SIGIO) to the owners of the files on @fp with POLL_* @band.
 * Any context, any lock held: delivery is deferred to a softirq. */
void kill_fasync(struct fasync_struct **fp, int sig, int band);
/* SIGURG to @f's owner, if any (deferred as kill_fasync); true if it has one. */
bool send_sigurg(struct file *f);
int f_setown(struct file *f, int who);
int f_getown(struct file *f);
long f_setown_ex(struct file *f, unsigned long arg);
long f_getown_ex(struct file *f, unsigned long arg);
long f_setsig(struct file *f, int sig);
int f_getsig(struct file *f);

struct file {
	atomic_t f_count;
	unsigned int f_flags;           /* O_* as given to open, O_NONBLOCK/O_APPEND mutable by F_SETFL [f_lock] */
	unsigned int f_mode;            /* FMODE_READ | FMODE_WRITE [const] */
	loff_t f_pos;                   /* [f_pos_lock] */
	struct mutex f_pos_lock;
	spinlock_t f_lock;
	const struct file_operations *f_op;     /* [const] */
	struct inode *f_inode;          /* [const] referenced */
	struct dentry *f_dentry;        /* [const]; NULL for anonymous files; referenced */
	struct vfsmount *f_vfsmnt;      /* [const]; mount f_dentry was opened through, or NULL */
	void *private_data;             /* owner's (socket, pipe, tty, …) */
	struct list_head f_ep;          /* epitems watching this file [f_lock] */
	struct fown_struct f_owner;     /* SIGIO/SIGURG receiver (F_SETOWN) [fasync_lock] */
};

#define FMODE_READ      0x1
#define FMODE_WRITE     0x2
#define FMODE_LSEEK     0x4
#define FMODE_PREAD     0x8
#define FMODE_PATH      0x10            /* O_PATH: no I/O, only a handle for *at() */
#define FMODE_WRITER    0x20            /* holds a write access to f_inode (put at the last fput) */
#define FMODE_DENY_WRITE 0x40           /* an executable being run: denies write access until the last fput */
#define FMODE_NOWAIT    0x80            /* ->read/->write honour PF_NOWAIT (pipes, sockets) */

/*
 * Whether this read or write of @f must not block: the file is O_NONBLOCK,
 * or the call asked for it (PF_NOWAIT, set by preadv2/pwritev2 RWF_NOWAIT
 * and splice SPLICE_F_NONBLOCK around one call). A macro: its users include
 * <shoal/sched.h> for current.
 */
#define file_nowait(f)  (((f)->f_flags & O_NONBLOCK) || (current->flags & PF_NOWAIT))

/* poll(): the file calls poll_wait() for each wait queue it may be woken from */
typedef void (*poll_queue_proc)(struct file *, wait_queue_head_t *, struct poll_table_struct *);
typedef struct poll_table_struct {
	poll_queue_proc _qproc;         /* NULL: caller only wants the mask */
	unsigned int _key;              /* events the caller is interested in */
} poll_table;
static inline void poll_wait(struct file *f, wait_queue_head_t *wq, poll_table *p)
{
	if (p && p->_qproc && wq)
		p->_qproc(f, wq, p);
}

/* file references and descriptor tables (fs/file.c) */
struct file *fget(unsigned int fd);     /* referenced, or NULL */
void fput(struct file *f);
/* Close a descriptor's reference: @id's POSIX locks on @f go first (fs/open.c). */
void filp_close(struct file *f, void *id);
static inline struct file *get_file(struct file *f) { atomic_inc(&f->f_count); return f; }
int get_unused_fd_flags(unsigned int flags);    /* O_CLOEXEC honoured; -EMFILE */
void put_unused_fd(unsigned int fd);
void fd_install(unsigned int fd, struct file *f);
/* An anonymous file (pipes, sockets, epoll): no dentry, its own ops. */
struct file *alloc_file_pseudo(const struct file_operations *fops, void *priv,
			       unsigned int flags, const char *name);
int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, unsigned int flags);
/* Kernel-internal open/read (exec, init) */
struct file *filp_open(const char *path, int flags, mode_t mode);
ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos);
/* Absolute path of an open file (for /proc/self/exe, /proc/self/fd, maps). */
int file_path(struct file *f, char *buf, size_t size);

struct files_struct;
struct fs_struct;
struct files_struct *dup_files(struct files_struct *old);   /* fork without CLONE_FILES */
struct files_struct *files_alloc(void);
void put_files_struct(struct files_struct *f);
void get_files_struct(struct files_struct *f);
void do_close_on_exec(struct files_struct *f);
struct fs_struct *copy_fs_struct(struct fs_struct *old);
void get_fs_struct(struct fs_struct *fs);
void put_fs_struct(struct fs_struct *fs);
struct fs_struct *fs_struct_init(void);         /* root and cwd = "/" */

/* An anonymous file whose inode has mode @mode (S_IFSOCK for sockets, so
 * fstat reports a socket). alloc_file_pseudo uses an anonymous inode
 * (mode 0600, no type bits, as Linux's anon_inode). */
struct file *alloc_file_pseudo_mode(const struct file_operations *fops, void *priv,
				    unsigned int flags, const char *name, mode_t mode);

/* ------------------------------------------------------------------------
 * The VFS (fs/): inodes, dentries, super blocks and mounts.
 * Documentation/filesystems.md describes the objects and the lock order:
 *
 *   rename_mutex -> dir inode->i_mutex (parent before child) -> inode->i_mutex
 *       -> mount_lock -> dcache_lock -> inode->i_lock
 *   files->lock and fs->lock are leaves (never held across fput/dput/iput).
 * ------------------------------------------------------------------------ */
#include <uapi/stat.h>

struct super_block;
struct vfsmount;
struct pipe_inode_info;
struct iattr;

#define MAJOR(dev)      ((unsigned int)((dev) >> 20))
#define MINOR(dev)      ((unsigned int)((dev) & 0xfffff))
#define MKDEV(ma, mi)   (((dev_t)(ma) << 20) | (mi))
/* The encoding user space sees in st_dev/st_rdev and passes to mknod. */
static inline u64 new_encode_dev(dev_t dev)
{
	u64 ma = MAJOR(dev), mi = MINOR(dev);
	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffULL) << 12);
}
static inline dev_t new_decode_dev(u64 dev)
{
	unsigned int ma = (dev & 0xfff00) >> 8;
	unsigned int mi = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	return MKDEV(ma, mi);
}

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct kstat {
	u32 result_mask;                /* STATX_* filled in */
	mode_t mode;
	unsigned int nlink;
	uid_t uid;
	gid_t gid;
	dev_t dev, rdev;
	ino_t ino;
	loff_t size;
	u64 blocks;                     /* 512-byte units */
	u32 blksize;
	struct timespec64 atime, mtime, ctime, btime;
	u64 mnt_id;
};

/* inode_operations; a NULL operation means "not supported here" (-EPERM or
 * -EOPNOTSUPP, as Linux). Directory operations are called with the parent
 * directory's i_mutex held; @dentry is a new, not yet attached dentry for
 * create/mkdir/mknod/symlink/link. */
struct inode_operations {
	/* Find @dentry's name in @dir (file systems whose directories are not
	 * fully in the dcache, i.e. procfs): set dentry->d_inode (d_instantiate)
	 * and return 0, or -ENOENT. Called without the dir's i_mutex. */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *, mode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *, mode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *, mode_t mode, dev_t dev);
	int (*symlink)(struct inode *dir, struct dentry *, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *new);
	int (*unlink)(struct inode *dir, struct dentry *);
	int (*rmdir)(struct inode *dir, struct dentry *);
	int (*rename)(struct inode *odir, struct dentry *old, struct inode *ndir,
		      struct dentry *new, unsigned int flags);
	/* An unlinked regular file in @dir (O_TMPFILE, memfd) */
	int (*tmpfile)(struct inode *dir, struct dentry *, mode_t mode);
	/* Symlinks: copy the target into @buf (not NUL-terminated); returns its length */
	int (*readlink)(struct dentry *, char *buf, int size);
	/* "Magic" links (/proc/N/exe, /proc/N/fd/M): following gives a path
	 * directly (referenced) instead of a string to walk. */
	int (*get_path)(struct dentry *, struct path *out);
	int (*setattr)(struct dentry *, struct iattr *);
	/* MAY_* access check instead of generic_permission (procfs) */
	int (*permission)(struct inode *, int mask);
	/* stat: fill @st instead of generic_fillattr (procfs: owners change) */
	void (*getattr)(struct inode *, struct kstat *st);
};

#define ATTR_MODE       0x01
#define ATTR_UID        0x02
#define ATTR_GID        0x04
#define ATTR_SIZE       0x08
#define ATTR_ATIME      0x10
#define ATTR_MTIME      0x20
#define ATTR_CTIME      0x40
#define ATTR_TIMES_SET  0x80            /* explicit times (utimensat): owner or CAP_FOWNER */
#define ATTR_FORCE      0x100           /* kernel-internal: skip the permission checks */
#define ATTR_KILL_SUID  0x200           /* clear S_ISUID if set */
#define ATTR_KILL_SGID  0x400           /* clear S_ISGID if set */
#define ATTR_TOUCH      0x800           /* times to now: owner, CAP_FOWNER or write permission */
struct iattr {
	unsigned int ia_valid;
	mode_t ia_mode;
	uid_t ia_uid;
	gid_t ia_gid;
	loff_t ia_size;
	struct timespec64 ia_atime, ia_mtime;
};

/*
 * struct inode. Locking key:
 *   [mutex] i_mutex (sleeping): size changes, attribute changes, directory
 *           contents of a directory inode
 *   [ilock] i_lock (spinlock): the fs-private page array, i_pipe
 *   [atom]  atomic; [const] set before the inode is visible
 * Reads of i_size without i_mutex use READ_ONCE (a racy but untorn value).
 */
struct inode {
	mode_t i_mode;                  /* [mutex] (type bits [const]) */
	unsigned int i_nlink;           /* [mutex of the parent dir doing link/unlink] */
	uid_t i_uid;                    /* [mutex] */
	gid_t i_gid;                    /* [mutex] */
	loff_t i_size;                  /* [mutex]; READ_ONCE elsewhere */
	struct timespec64 i_atime, i_mtime, i_ctime, i_btime;   /* [mutex], racy updates tolerated */
	ino_t i_ino;                    /* [const] */
	dev_t i_rdev;                   /* [const] device nodes */
	atomic_t i_count;               /* references: dentries, open anonymous files */
	struct mutex i_mutex;
	spinlock_t i_lock;
	struct super_block *i_sb;       /* [const] */
	const struct inode_operations *i_op;    /* [const] */
	const struct file_operations *i_fop;    /* [const] ops a new struct file gets */
	struct pipe_inode_info *i_pipe; /* FIFOs and pipes [ilock] */
	void *i_private;                /* fs-private */
	struct file_lock_context *i_flctx; /* advisory locks (fs/locks.c): set once by cmpxchg, freed at evict */
	atomic_t i_writecount;          /* > 0 writers, < 0 running programs (see get_write_access) */
	struct list_head i_fsnotify_marks;      /* inotify watches (fs/notify/notify.h) [fsnotify_mark_lock] */
};

/*
 * i_writecount, as in Linux: above zero, the regular files open for
 * writing (and truncates in progress); below zero, minus the files being
 * run (exec and every mm->exe_file hold one struct file that denies).
 * Each side refuses the other with ETXTBSY, so no one rewrites or
 * truncates the text of a running program.
 */
static inline int get_write_access(struct inode *inode)
{
	int v = atomic_read(&inode->i_writecount), old;

	for (;;) {
		if (v < 0)
			return -ETXTBSY;
		old = atomic_cmpxchg(&inode->i_writecount, v, v + 1);
		if (old == v)
			return 0;
		v = old;
	}
}

static inline void put_write_access(struct inode *inode)
{
	atomic_dec(&inode->i_writecount);
}

static inline int deny_write_access(struct inode *inode)
{
	int v = atomic_read(&inode->i_writecount), old;

	for (;;) {
		if (v > 0)
			return -ETXTBSY;
		old = atomic_cmpxchg(&inode->i_writecount, v, v - 1);
		if (old == v)
			return 0;
		v = old;
	}
}

static inline void allow_write_access(struct inode *inode)
{
	atomic_inc(&inode->i_writecount);
}

/* DCACHE_* dentry flags */
#define DCACHE_LINKED   0x01            /* in its parent's d_subdirs (the tree holds a reference) */
#define DCACHE_DISCONNECTED 0x02        /* anonymous (memfd) */
#define DCACHE_VIRTUAL  0x04            /* built by ->lookup (procfs): never "deleted" */

#define DNAME_INLINE_LEN 40
/*
 * struct dentry: a name in the namespace. Every file system here lives in
 * memory, so the dentry tree is the directory contents (tmpfs) or a
 * transient view built by ->lookup (procfs).
 *   [dcache] global dcache_lock (spinlock): d_parent, d_name, d_subdirs,
 *            d_child, d_flags, d_mounted
 * A linked dentry holds a reference on itself (dropped by d_delete) and on
 * its parent and inode; an unlinked dentry lives while opened or walked.
 */
struct dentry {
	atomic_t d_count;
	unsigned int d_flags;           /* [dcache] */
	struct inode *d_inode;          /* [const once instantiated] referenced */
	struct dentry *d_parent;        /* [dcache] referenced; itself for a root */
	const char *d_name;             /* [dcache] NUL-terminated */
	unsigned int d_len;             /* [dcache] */
	char d_iname[DNAME_INLINE_LEN];
	struct list_head d_subdirs;     /* children, in creation order [dcache] */
	struct list_head d_child;       /* in d_parent->d_subdirs [dcache] */
	unsigned long d_dirpos;         /* readdir cursor key (>= 2, increasing) [dcache] */
	unsigned long d_next_dirpos;    /* next key for a new child [dcache] */
	int d_mounted;                  /* mounts on this dentry [mount_lock] */
	struct super_block *d_sb;       /* [const] */
	void *d_fsdata;
};

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);   /* default: kzalloc */
	void (*destroy_inode)(struct inode *);                  /* after evict */
	void (*evict_inode)(struct inode *);    /* last reference gone: free data */
	int (*statfs)(struct super_block *, struct statfs *);
	int (*show_options)(struct super_block *, char *buf, size_t size);
};

struct super_block {
	dev_t s_dev;                    /* [const] anonymous device (major 0) */
	unsigned long s_magic;          /* [const] */
	struct file_system_type *s_type;        /* [const] */
	const struct super_operations *s_op;    /* [const] */
	struct dentry *s_root;          /* [const] */
	atomic_t s_active;              /* mounts using it */
	atomic64_t s_next_ino;
	unsigned long s_flags;          /* MS_RDONLY, … */
	void *s_fs_info;
};

#define FS_REQUIRES_DEV 1
#define FS_SINGLE       2               /* one shared super block (devtmpfs, proc) */
struct file_system_type {
	const char *name;
	int fs_flags;
	/* A new (or the shared) super block, referenced; ERR_PTR on failure */
	struct super_block *(*mount)(struct file_system_type *, int flags, const char *dev, void *data);
	void (*kill_sb)(struct super_block *);
	struct file_system_type *next;
};
int register_filesystem(struct file_system_type *fs);

/*
 * struct vfsmount: a super block's tree attached at a dentry of its parent
 * mount. [mnt] = mount_lock (spinlock). A mount in the tree holds one
 * reference on itself; path_get/mntget take more.
 */
struct vfsmount {
	struct dentry *mnt_root;        /* [const] referenced */
	struct super_block *mnt_sb;     /* [const] */
	struct vfsmount *mnt_parent;    /* [mnt]; NULL for the root mount */
	struct dentry *mnt_mountpoint;  /* [mnt] referenced */
	struct list_head mnt_list;      /* all mounts, mount order [mnt] */
	atomic_t mnt_count;
	int mnt_flags;                  /* MS_RDONLY, MS_NOSUID, … */
	int mnt_id;                     /* [const] */
	char *mnt_devname;              /* [const] */
};

/* fs_struct: root, cwd and umask of a process (CLONE_FS shares it). */
struct fs_struct {
	atomic_t count;
	spinlock_t lock;                /* root, pwd */
	struct path root, pwd;          /* referenced [lock] */
	mode_t umask;                   /* [atomic store] */
};

/*
 * files_struct: the descriptor table (CLONE_FILES shares it).
 * [lock] guards every field; a struct file is installed referenced and
 * fget() takes a further reference under the lock. The arrays start at
 * NR_OPEN_DEFAULT embedded slots and grow by doubling, up to
 * RLIMIT_NOFILE (default 1024, hard limit NR_OPEN_MAX).
 */
#define NR_OPEN_DEFAULT 64
#define NR_OPEN_MAX     (1 << 20)       /* fs.nr_open's default, as Linux */
#define NR_OPEN_LIMIT   (INT_MAX & ~63) /* fs.nr_open's ceiling (sysctl_nr_open_max) */
#define NR_FILE         8192            /* fs.file-max's floor */
extern unsigned long sysctl_nr_open;    /* fs.nr_open: RLIMIT_NOFILE's ceiling */
extern unsigned long sysctl_file_max;   /* fs.file-max */
#ifndef RLIMIT_NOFILE
#define RLIMIT_NOFILE   7
#endif
struct files_struct {
	atomic_t count;
	spinlock_t lock;
	unsigned int max_fds;           /* size of the arrays [lock] */
	unsigned int next_fd;           /* lowest possibly free fd [lock] */
	struct file **fd;               /* [lock] */
	unsigned long *open_fds;        /* bit set: slot reserved or used [lock] */
	unsigned long *close_on_exec;   /* [lock] */
	struct file *fd_array[NR_OPEN_DEFAULT];
	unsigned long open_fds_init[NR_OPEN_DEFAULT / 64];
	unsigned long cloexec_init[NR_OPEN_DEFAULT / 64];
};

/* lock_rename / dcache and mount globals (fs/dcache.c, fs/namespace.c) */
extern spinlock_t dcache_lock;
extern spinlock_t mount_lock;

/* inodes (fs/inode.c) */
struct inode *new_inode(struct super_block *sb);        /* i_count 1, fresh i_ino */
void iput(struct inode *inode);
static inline void ihold(struct inode *inode) { atomic_inc(&inode->i_count); }
void inode_init_special(struct inode *inode, mode_t mode, dev_t rdev); /* chr/blk/fifo/sock */
struct timespec64 current_time(void);
void inode_touch(struct inode *inode, unsigned int attr_mask);  /* ATTR_[AMC]TIME := now */
void generic_fillattr(struct inode *inode, struct kstat *st);
int inode_permission(struct inode *inode, int mask);    /* MAY_*: 0 or -EACCES */
int generic_permission(struct inode *inode, int mask);  /* mode bits and DAC capabilities */
/* new inode: owned by current's fsuid, group fsgid or a set-gid @dir's */
void inode_init_owner(struct inode *inode, const struct inode *dir, mode_t mode);
/* fs/attr.c: permission for an attribute change; set-id bits to clear */
int setattr_prepare(struct dentry *d, struct iattr *attr);
int setattr_should_drop_sgid(const struct inode *inode);
int should_remove_suid(const struct inode *inode);
void file_remove_privs_locked(struct inode *inode);     /* i_mutex held: a write */
#define MAY_EXEC        1
#define MAY_WRITE       2
#define MAY_READ        4
#define MAY_NOT_BLOCK   0x80    /* not used: shoal's checks never sleep */
/* open flag for execve's own open: needs x, not r (never taken from user space) */
#define __FMODE_EXEC    0x20

/* dentries (fs/dcache.c) */
struct dentry *d_alloc(struct dentry *parent, const char *name, int len);  /* unattached, count 1 */
struct dentry *d_alloc_root(struct inode *root);
struct dentry *d_alloc_anon(struct super_block *sb, const char *name);
void d_instantiate(struct dentry *d, struct inode *inode);  /* consumes the inode reference */
void d_add_child(struct dentry *d);     /* link into parent: the tree takes a reference */
void d_delete(struct dentry *d);        /* unlink from parent: drops the tree's reference */
struct dentry *d_lookup(struct dentry *parent, const char *name, int len);  /* referenced or NULL */
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
struct dentry *dget_parent(struct dentry *d);
static inline bool d_unlinked(struct dentry *d)
{
	return !(d->d_flags & (DCACHE_LINKED | DCACHE_VIRTUAL)) && d->d_parent != d;
}
bool d_is_empty_dir(struct dentry *d);  /* no children */
/* Path of (mnt, dentry) below @root into the end of buf; returns a pointer into buf or ERR_PTR. */
char *d_path(const struct path *p, const struct path *root, char *buf, int size);

/* mounts and paths (fs/namespace.c, fs/namei.c) */
struct vfsmount *mntget(struct vfsmount *m);
void mntput(struct vfsmount *m);
static inline void path_get(const struct path *p) { mntget(p->mnt); dget(p->dentry); }
static inline void path_put(const struct path *p) { dput(p->dentry); mntput(p->mnt); }
struct vfsmount *lookup_mnt(const struct path *p);      /* the mount on p, referenced, or NULL */
extern struct vfsmount *root_mnt;
struct super_block *sget_nodev(struct file_system_type *type, const struct super_operations *ops,
			       unsigned long magic);
/* A mount of @type outside the tree (an internal mount: mqueue's). */
struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				const char *dev, void *data);
mode_t current_umask(void);     /* fs/fs_struct.c */
void kill_anon_super(struct super_block *sb);
/* Resolve @name (kernel string) relative to @dfd; LOOKUP_* flags. */
#define LOOKUP_FOLLOW           0x01
#define LOOKUP_DIRECTORY        0x02
#define LOOKUP_EMPTY            0x04    /* "" names the start (AT_EMPTY_PATH) */
/* openat2's RESOLVE_* scoping (fs/namei.c) */
#define LOOKUP_NO_SYMLINKS      0x10    /* any symlink to follow: ELOOP */
#define LOOKUP_NO_MAGICLINKS    0x20    /* a /proc magic link to follow: ELOOP */
#define LOOKUP_NO_XDEV          0x40    /* crossing a mount: EXDEV */
#define LOOKUP_BENEATH          0x80    /* never above the start: EXDEV */
#define LOOKUP_IN_ROOT          0x100   /* the start is "/" for this lookup */
#define LOOKUP_CACHED           0x200   /* dcache only: EAGAIN if it must ask the fs */
#define LOOKUP_IS_SCOPED        (LOOKUP_BENEATH | LOOKUP_IN_ROOT)
int kern_path_at(int dfd, const char *name, unsigned int flags, struct path *out);
static inline int kern_path(const char *name, unsigned int flags, struct path *out)
{ return kern_path_at(AT_FDCWD, name, flags, out); }
/* Copy a user path into a kmalloc'd PATH_MAX buffer: kfree it with putname. */
char *getname(const char __user *name);
void putname(char *name);

/* kernel-internal namespace operations on kernel strings (initramfs, devtmpfs) */
int do_mkdirat(int dfd, const char *name, mode_t mode);
int do_mknodat(int dfd, const char *name, mode_t mode, dev_t dev);
/* do_mknodat, and on success *out = the new node (referenced: path_put). */
int vfs_mknod_path(int dfd, const char *name, mode_t mode, dev_t dev, struct path *out);
int do_symlinkat(const char *target, int dfd, const char *name);
int do_linkat(int odfd, const char *oldname, int ndfd, const char *newname, int flags);
int do_unlinkat(int dfd, const char *name, int flags);
struct file *do_filp_open(int dfd, const char *name, int flags, mode_t mode);
/* The same with extra LOOKUP_* flags for the walk (openat2's RESOLVE_*). */
struct file *do_filp_open_how(int dfd, const char *name, int flags, mode_t mode,
			      unsigned int lookup);
int vfs_truncate(struct path *p, loff_t length);
int do_truncate(struct dentry *d, loff_t length);
int notify_change(struct dentry *d, struct iattr *attr);
int vfs_getattr(const struct path *p, struct kstat *st);
struct file *dentry_open(const struct path *p, int flags);

/* getdents64 helper for f_op->iterate (fs/readdir.c) */
struct dir_context {
	void __user *buf;
	size_t count;                   /* room in buf */
	size_t used;                    /* bytes emitted */
	loff_t pos;                     /* cursor; advanced by each emit */
	int error;                      /* -EFAULT if the user buffer faulted */
};
/* What getdents returns: the bytes emitted, or the error if there are none. */
static inline int dir_result(const struct dir_context *ctx)
{
	return ctx->used ? (int)ctx->used : ctx->error;
}
/* Emit one entry whose successor cursor is @next_pos; false when full. */
bool dir_emit(struct dir_context *ctx, const char *name, int len, u64 ino,
	      unsigned int dtype, loff_t next_pos);
int dcache_readdir(struct file *f, struct dir_context *ctx);    /* tree-backed dirs */
static inline unsigned int dt_type(mode_t mode) { return (mode >> 12) & 15; }
ssize_t generic_read_dir(struct file *, char __user *, size_t, loff_t *);  /* -EISDIR */
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
loff_t noop_llseek(struct file *f, loff_t off, int whence);
/* POLLIN|POLLOUT|POLLRDNORM|POLLWRNORM: always ready (regular files, /dev/null, procfs) */
unsigned int generic_file_poll(struct file *f, struct poll_table_struct *pt);
extern const struct file_operations simple_dir_operations;

/* character devices (fs/char_dev.c) */
int register_chrdev_region(unsigned int major, unsigned int baseminor, unsigned int count,
			   const char *name, const struct file_operations *fops);
extern const struct file_operations def_chr_fops;
/* devtmpfs (fs/devtmpfs.c): create /dev/@name (intermediate dirs too) */
int devtmpfs_create_node(const char *name, mode_t mode, dev_t dev);

/* tmpfs (fs/tmpfs.c) */
extern struct file_system_type tmpfs_fs_type;
bool is_tmpfs_file(struct file *f);
/* The page cache page of a tmpfs inode: referenced, allocated if @create. */
struct page *shmem_get_page(struct inode *inode, pgoff_t idx, bool create);
struct file *shmem_file_setup(const char *name, loff_t size, unsigned int flags);
unsigned long shmem_nr_pages(void);     /* /proc/meminfo Shmem */

/* pipes (fs/pipe.c) */
extern const struct file_operations fifo_fops;
void free_pipe_info(struct pipe_inode_info *pipe);
/*
 * splice helpers: @actor moves up to @n bytes between kernel memory @buf
 * (a piece of a pipe page) and the other end; returns bytes or -errno.
 */
typedef ssize_t (*pipe_actor_t)(void *arg, void *buf, size_t n);
struct pipe_inode_info *get_pipe_info(struct file *f);
ssize_t pipe_splice_out(struct file *f, size_t len, pipe_actor_t actor, void *arg);
ssize_t pipe_splice_in(struct file *f, size_t len, pipe_actor_t actor, void *arg);
ssize_t pipe_link(struct file *in, struct file *out, size_t len, bool consume);

/* procfs (fs/proc/) */
extern struct file_system_type proc_fs_type;
void proc_init(void);

/* misc boot hooks */
void chrdev_init(void);
void devtmpfs_init(void);
void mem_devices_init(void);

void vfs_init(void);                    /* boot: mounts the root tmpfs */
/* Unpack a newc cpio archive (possibly several concatenated) into the root fs. */
int populate_rootfs(const void *cpio, size_t len);

#endif
