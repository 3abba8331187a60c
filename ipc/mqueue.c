// SPDX-License-Identifier: MIT
/*
 * POSIX message queues (Linux's ipc/mqueue.c): mq_open, mq_unlink,
 * mq_timedsend, mq_timedreceive, mq_notify, mq_getsetattr, on the
 * mqueue file system.
 *
 * Every queue is a file in one mqueue super block: the system calls reach
 * it through an internal mount, and `mount -t mqueue none /dev/mqueue`
 * shows the same tree (reading a queue's file gives its QSIZE line,
 * open(O_CREAT) on it makes a queue with the default attributes, unlink
 * removes one). A queue holds at most mq_maxmsg messages of at most
 * mq_msgsize bytes, highest priority first and in sending order within a
 * priority. A sender that finds it full and a receiver that finds it
 * empty sleep until it changes, a signal (-ERESTARTSYS) or the absolute
 * CLOCK_REALTIME timeout (ETIMEDOUT), or fail with EAGAIN when O_NONBLOCK.
 *
 * mq_notify registers one process per queue: when a message arrives on an
 * empty queue and no receiver is waiting, it gets its signal (SIGEV_SIGNAL,
 * si_code SI_MESGQ), nothing (SIGEV_NONE), or the C library's 32-byte
 * cookie on its netlink socket with the last byte NOTIFY_WOKENUP
 * (SIGEV_THREAD: musl's helper thread reads it and calls the function),
 * and the registration ends. Removing a SIGEV_THREAD registration sends
 * the cookie marked NOTIFY_REMOVED, so the thread ends.
 *
 * Limits (/proc/sys/fs/mqueue): a queue made without attributes gets
 * min(msg_max, msg_default) messages of min(msgsize_max, msgsize_default)
 * bytes. Given attributes and the number of queues are checked against
 * msg_max, msgsize_max and queues_max only for callers without
 * CAP_SYS_RESOURCE; those meet Linux's hard limits (HARD_MSGMAX,
 * HARD_MSGSIZEMAX) instead, as on Linux.
 *
 * RLIMIT_MSGQUEUE, as Linux: a new queue is charged to its creator's real
 * uid (kernel/ucount.c) at what it may hold, mq_maxmsg * mq_msgsize plus
 * Linux's bookkeeping per message and per priority (mq_bytes()); past the
 * creator's limit mq_open is EMFILE, root included. The charge goes when
 * the queue does (unlinked and closed).
 *
 * Locking: the root directory's i_mutex serialises names (open, unlink);
 * mq_charge_lock (spin, process context, unranked leaf) makes a charge's
 * add, test and take-back one step, as Linux's mq_lock;
 * info->lock (spinlock, process context) guards a queue's messages,
 * counters and notification. Message text is copied in before the lock
 * and out after it; the notification signal is sent after dropping it
 * (it takes tasklist_lock and siglock), and so is the netlink cookie
 * (sk_receive_queue.lock). Sleepers wait on info->wait_q
 * without the lock and look again when woken; every change wakes all.
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/time.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <shoal/sysctl.h>
#include <shoal/cred.h>
#include <shoal/init.h>
#include <shoal/fsnotify.h>
#include <shoal/user_namespace.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <net/sock.h>
#include <net/netlink.h>

#define MQUEUE_MAGIC    0x19800202
#define MQ_PRIO_MAX     32768
/* what Linux counts per message (struct msg_msg) and per priority
 * (struct posix_msg_tree_node) against RLIMIT_MSGQUEUE, on 64 bits */
#define MQ_MSG_OVERHEAD 48
#define MQ_NODE_OVERHEAD 48
#define HARD_MSGMAX     65536
#define HARD_MSGSIZEMAX (16 * 1024 * 1024)
#define MIN_MSGMAX      1
#define MIN_MSGSIZEMAX  128
#define SI_MESGQ        (-3)
#define FILENT_SIZE     80      /* what stat says a queue's size is, as Linux */
#define LONG_MAX_NS     ((s64)(~0ULL >> 1))
#define NOTIFY_COOKIE_LEN 32
#define NOTIFY_NONE     0       /* the cookie's last byte: why it was sent */
#define NOTIFY_WOKENUP  1
#define NOTIFY_REMOVED  2

struct mq_attr {
	long mq_flags;          /* O_NONBLOCK of the descriptor */
	long mq_maxmsg;
	long mq_msgsize;
	long mq_curmsgs;
	long __reserved[4];
};

/* A queue's registration (mq_notify); taken off the queue under its
 * lock and acted on after (mq_notification_fire, mq_notification_drop). */
struct mq_notification {
	struct signal_struct *owner;    /* registered process, referenced, or NULL */
	pid_t pid;                      /* its tgid */
	int type;                       /* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD */
	int signo;
	long value;
	struct sock *sock;              /* SIGEV_THREAD: held */
	struct sk_buff *cookie;         /* SIGEV_THREAD: NOTIFY_COOKIE_LEN bytes */
};

struct sigevent_abi {           /* the kernel's struct sigevent */
	long sigev_value;
	int sigev_signo;
	int sigev_notify;
	int pad[12];
};

struct mq_msg {
	struct list_head list;  /* in info->msgs [lock] */
	unsigned int prio;      /* [const] */
	size_t len;             /* [const] */
	char text[];
};

/* A queue: the inode of its file. */
struct mqueue_inode_info {
	struct inode vfs_inode;
	spinlock_t lock;
	wait_queue_head_t wait_q;       /* senders, receivers, pollers */
	struct list_head msgs;          /* by priority, then sending order [lock] */
	struct mq_attr attr;            /* maxmsg, msgsize [const]; curmsgs [lock] */
	unsigned long qsize;            /* text bytes queued [lock] */
	unsigned int receivers;         /* receivers asleep: no notification then [lock] */
	struct mq_notification notify;  /* [lock] */
	struct ucounts *ucounts;        /* charged mq_bytes() of RLIMIT_MSGQUEUE, or NULL [const] */
};

static unsigned long msg_max = 10, msgsize_max = 8192, msg_default = 10;
static unsigned long msgsize_default = 8192, queues_max = 256;
static atomic_t queues_count = ATOMIC_INIT(0);
static DEFINE_SPINLOCK(mq_charge_lock);
static struct vfsmount *mqueue_mnt;
static struct super_block *mqueue_sb;
static const struct file_operations mqueue_file_operations;
static const struct inode_operations mqueue_dir_inode_operations;

static inline struct mqueue_inode_info *MQUEUE_I(struct inode *inode)
{
	return container_of(inode, struct mqueue_inode_info, vfs_inode);
}

/* Linux's mq_attr_ok and queues_max: CAP_SYS_RESOURCE goes past the sysctls. */
static bool mq_capable(void)
{
	return capable(CAP_SYS_RESOURCE);
}

/* ---- the file system ---- */

static struct inode *mqueue_alloc_inode(struct super_block *sb)
{
	struct mqueue_inode_info *info = kzalloc(sizeof(*info), GFP_KERNEL);

	if (!info)
		return NULL;
	spin_lock_init(&info->lock);
	init_waitqueue_head(&info->wait_q);
	INIT_LIST_HEAD(&info->msgs);
	return &info->vfs_inode;
}

/* Let go of a registration taken off its queue; @tell: send a
 * SIGEV_THREAD cookie marked NOTIFY_REMOVED, as Linux does. */
static void mq_notification_drop(struct mq_notification *n, bool tell)
{
	if (!n->owner)
		return;
	if (n->sock) {
		if (tell) {
			n->cookie->data[NOTIFY_COOKIE_LEN - 1] = NOTIFY_REMOVED;
			netlink_sendskb(n->sock, n->cookie);
		} else {
			kfree_skb(n->cookie);
		}
		sock_put(n->sock);
	}
	signal_put(n->owner);
	n->owner = NULL;
}

/* A message came: tell the registered process, then let go. */
static void mq_notification_fire(struct mq_notification *n, const struct kernel_siginfo *si)
{
	if (n->type == SIGEV_SIGNAL && n->signo)
		send_sig_to_signal(n->owner, n->signo, si, 0);
	if (n->type == SIGEV_THREAD) {
		n->cookie->data[NOTIFY_COOKIE_LEN - 1] = NOTIFY_WOKENUP;
		netlink_sendskb(n->sock, n->cookie);
		sock_put(n->sock);
		n->sock = NULL;
	}
	mq_notification_drop(n, false);
}

/* A queue's weight against RLIMIT_MSGQUEUE, as Linux's mqueue_get_inode
 * counts it (attributes are bounded: no overflow). */
static unsigned long mq_bytes(const struct mq_attr *attr)
{
	unsigned long n = (unsigned long)attr->mq_maxmsg;

	return n * MQ_MSG_OVERHEAD + min_t(unsigned long, n, MQ_PRIO_MAX) * MQ_NODE_OVERHEAD +
	       n * (unsigned long)attr->mq_msgsize;
}

/* Charge a new queue to current's real uid: -EMFILE past RLIMIT_MSGQUEUE. */
static int mq_charge(struct mqueue_inode_info *info)
{
	unsigned long limit = READ_ONCE(current->signal->rlim[RLIMIT_MSGQUEUE].rlim_cur);
	unsigned long bytes = mq_bytes(&info->attr);
	struct ucounts *uc = alloc_ucounts(current_uid());
	bool over;

	if (!uc)
		return -ENOMEM;
	spin_lock(&mq_charge_lock);
	over = (unsigned long)inc_rlimit_ucounts(uc, UCOUNT_RLIMIT_MSGQUEUE, bytes) > limit;
	if (over)
		dec_rlimit_ucounts(uc, UCOUNT_RLIMIT_MSGQUEUE, bytes);
	spin_unlock(&mq_charge_lock);
	if (over) {
		put_ucounts(uc);
		return -EMFILE;
	}
	info->ucounts = uc;
	return 0;
}

static void mq_uncharge(struct mqueue_inode_info *info)
{
	if (!info->ucounts)
		return;
	spin_lock(&mq_charge_lock);
	dec_rlimit_ucounts(info->ucounts, UCOUNT_RLIMIT_MSGQUEUE, mq_bytes(&info->attr));
	spin_unlock(&mq_charge_lock);
	put_ucounts(info->ucounts);
	info->ucounts = NULL;
}

static void mqueue_evict_inode(struct inode *inode)
{
	struct mqueue_inode_info *info = MQUEUE_I(inode);
	struct mq_msg *m, *tmp;

	if (!S_ISREG(inode->i_mode))
		return;
	list_for_each_entry_safe(m, tmp, &info->msgs, list)
		kfree(m);
	mq_notification_drop(&info->notify, false);
	mq_uncharge(info);
	atomic_dec(&queues_count);
}

static void mqueue_destroy_inode(struct inode *inode)
{
	kfree(MQUEUE_I(inode));
}

static const struct super_operations mqueue_sops = {
	.alloc_inode = mqueue_alloc_inode,
	.evict_inode = mqueue_evict_inode,
	.destroy_inode = mqueue_destroy_inode,
};

/* Check given attributes as Linux's mq_attr_ok. */
static int mq_attr_ok(const struct mq_attr *attr)
{
	if (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0)
		return -EINVAL;
	if (mq_capable())
		return attr->mq_maxmsg > HARD_MSGMAX || attr->mq_msgsize > HARD_MSGSIZEMAX ?
		       -EINVAL : 0;
	if ((unsigned long)attr->mq_maxmsg > READ_ONCE(msg_max) ||
	    (unsigned long)attr->mq_msgsize > READ_ONCE(msgsize_max))
		return -EINVAL;
	return 0;
}

/* A new queue's inode (@attr NULL: the defaults). */
static struct inode *mqueue_get_inode(struct super_block *sb, mode_t mode,
				      const struct mq_attr *attr, int *err)
{
	struct mqueue_inode_info *info;
	struct inode *inode;

	*err = attr ? mq_attr_ok(attr) : 0;
	if (*err)
		return NULL;
	if (atomic_inc_return(&queues_count) > (int)min_t(unsigned long, READ_ONCE(queues_max),
							  INT_MAX) && !mq_capable()) {
		atomic_dec(&queues_count);
		*err = -ENOSPC;
		return NULL;
	}
	inode = new_inode(sb);
	if (!inode) {
		atomic_dec(&queues_count);
		*err = -ENOMEM;
		return NULL;
	}
	info = MQUEUE_I(inode);
	inode->i_mode = S_IFREG | (mode & 07777);
	inode->i_fop = &mqueue_file_operations;
	inode->i_size = FILENT_SIZE;
	if (attr) {
		info->attr.mq_maxmsg = attr->mq_maxmsg;
		info->attr.mq_msgsize = attr->mq_msgsize;
	} else {
		info->attr.mq_maxmsg = min(READ_ONCE(msg_max), READ_ONCE(msg_default));
		info->attr.mq_msgsize = min(READ_ONCE(msgsize_max), READ_ONCE(msgsize_default));
	}
	*err = mq_charge(info);
	if (*err) {
		iput(inode);            /* evict gives back the queue count */
		return NULL;
	}
	return inode;
}

/* Make queue @d in @dir (dir's i_mutex held). */
static int mqueue_create_attr(struct inode *dir, struct dentry *d, mode_t mode,
			      const struct mq_attr *attr)
{
	int err;
	struct inode *inode = mqueue_get_inode(dir->i_sb, mode, attr, &err);

	if (!inode)
		return err;
	d_instantiate(d, inode);
	return 0;
}

static int mqueue_create(struct inode *dir, struct dentry *d, mode_t mode)
{
	return mqueue_create_attr(dir, d, mode, NULL);
}

static int mqueue_unlink(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_nlink = 0;
	inode_touch(d->d_inode, ATTR_CTIME);
	return 0;
}

static const struct inode_operations mqueue_dir_inode_operations = {
	.create = mqueue_create,
	.unlink = mqueue_unlink,
};

static struct super_block *mqueue_mount(struct file_system_type *type, int flags,
					const char *dev, void *data)
{
	atomic_inc(&mqueue_sb->s_active);
	return mqueue_sb;
}

static void mqueue_kill_sb(struct super_block *sb)
{
	/* never reached: the internal mount keeps a reference */
}

static struct file_system_type mqueue_fs_type = {
	.name = "mqueue",
	.mount = mqueue_mount,
	.kill_sb = mqueue_kill_sb,
};

/* ---- a queue's file ---- */

/* Take @info's registration into @out (lock held): the caller acts on it. */
static void remove_notification(struct mqueue_inode_info *info, struct mq_notification *out)
{
	*out = info->notify;
	memset(&info->notify, 0, sizeof(info->notify));
}

static ssize_t mqueue_read_file(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
	char text[80];
	size_t len;

	spin_lock(&info->lock);
	len = scnprintf(text, sizeof(text), "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
			info->qsize, info->notify.owner ? info->notify.type : 0,
			info->notify.owner && info->notify.type == SIGEV_SIGNAL ?
			info->notify.signo : 0, info->notify.pid);
	spin_unlock(&info->lock);
	if (*ppos < 0)
		return -EINVAL;
	if ((size_t)*ppos >= len)
		return 0;
	len = min(len - (size_t)*ppos, count);
	if (copy_to_user(buf, text + *ppos, len))
		return -EFAULT;
	*ppos += len;
	return len;
}

static unsigned int mqueue_poll_file(struct file *f, poll_table *pt)
{
	struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
	unsigned int events = 0;

	poll_wait(f, &info->wait_q, pt);
	spin_lock(&info->lock);
	if (info->attr.mq_curmsgs)
		events = EPOLLIN | EPOLLRDNORM;
	if (info->attr.mq_curmsgs < info->attr.mq_maxmsg)
		events |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock(&info->lock);
	return events;
}

/* The last close by the registered process ends its registration (Linux
 * does it at each close, in ->flush). */
static int mqueue_release(struct inode *inode, struct file *f)
{
	struct mqueue_inode_info *info = MQUEUE_I(inode);
	struct mq_notification n = { 0 };

	spin_lock(&info->lock);
	if (info->notify.owner && info->notify.pid == current->tgid)
		remove_notification(info, &n);
	spin_unlock(&info->lock);
	mq_notification_drop(&n, true);
	return 0;
}

static const struct file_operations mqueue_file_operations = {
	.read = mqueue_read_file,
	.poll = mqueue_poll_file,
	.release = mqueue_release,
	.llseek = generic_file_llseek,
};

/* The queue behind @fd, referenced in *@fp, or -EBADF. */
static struct mqueue_inode_info *mq_fget(int fd, struct file **fp)
{
	struct file *f = fget(fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &mqueue_file_operations) {
		fput(f);
		return ERR_PTR(-EBADF);
	}
	*fp = f;
	return MQUEUE_I(f->f_inode);
}

/*
 * What mq_timedsend and mq_timedreceive check first, in Linux's order:
 * the queue behind @fd (referenced in *@fp), opened for @mode (else
 * -EBADF), and a @len that suits mq_msgsize (-EMSGSIZE): a message no
 * larger to send, a buffer no smaller to receive.
 */
static struct mqueue_inode_info *mq_fget_io(int fd, unsigned int mode, size_t len,
					    struct file **fp)
{
	struct mqueue_inode_info *info = mq_fget(fd, fp);
	size_t msgsize;
	long ret;

	if (IS_ERR(info))
		return info;
	msgsize = (size_t)info->attr.mq_msgsize;
	ret = -EBADF;
	if (!((*fp)->f_mode & mode))
		goto out;
	ret = -EMSGSIZE;
	if ((mode & FMODE_WRITE) ? len > msgsize : len < msgsize)
		goto out;
	return info;
out:
	fput(*fp);
	return ERR_PTR(ret);
}

/* ---- mq_open, mq_unlink ---- */

/* @name's dentry under the root, referenced (negative: d_inode NULL).
 * Caller holds the root's i_mutex. */
static struct dentry *mq_lookup(const char *name)
{
	struct dentry *root = mqueue_mnt->mnt_root, *d;
	size_t len = strlen(name);

	if (!len || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return ERR_PTR(-EACCES);
	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	d = d_lookup(root, name, len);
	if (d)
		return d;
	d = d_alloc(root, name, len);
	return d ? d : ERR_PTR(-ENOMEM);
}

/* Create or check the queue of @d, as Linux's prepare_open. */
static int prepare_open(struct dentry *d, int oflag, mode_t mode, const struct mq_attr *attr)
{
	struct inode *dir = mqueue_mnt->mnt_root->d_inode;
	int err;

	if (!d->d_inode) {
		if (!(oflag & O_CREAT))
			return -ENOENT;
		err = mqueue_create_attr(dir, d, mode & ~current_umask(), attr);
		if (err)
			return err;
		d_add_child(d);
		inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
		fsnotify_create(dir, d);
		return 0;
	}
	if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if ((oflag & O_ACCMODE) == (O_RDWR | O_WRONLY))
		return -EINVAL;
	return inode_permission(d->d_inode, (oflag & O_ACCMODE) == O_RDONLY ? MAY_READ :
				(oflag & O_ACCMODE) == O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE);
}

static long do_mq_open(const char *name, int oflag, mode_t mode, const struct mq_attr *attr)
{
	struct inode *dir = mqueue_mnt->mnt_root->d_inode;
	struct path p = { .mnt = mqueue_mnt };
	struct file *f;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	mutex_lock(&dir->i_mutex);
	p.dentry = mq_lookup(name);
	if (IS_ERR(p.dentry)) {
		err = PTR_ERR(p.dentry);
		goto out_unlock;
	}
	err = prepare_open(p.dentry, oflag, mode, attr);
	if (!err) {
		f = dentry_open(&p, oflag & ~(O_CREAT | O_EXCL | O_TRUNC));
		err = IS_ERR(f) ? PTR_ERR(f) : 0;
		if (!err) {
			fsnotify_open(f);
			fd_install(fd, f);
		}
	}
	dput(p.dentry);
out_unlock:
	mutex_unlock(&dir->i_mutex);
	if (err) {
		put_unused_fd(fd);
		return err;
	}
	return fd;
}

SYSCALL_DEFINE4(mq_open, const char __user *, u_name, int, oflag, mode_t, mode,
		struct mq_attr __user *, u_attr)
{
	struct mq_attr attr;
	char *name;
	long ret;

	if (u_attr && copy_from_user(&attr, u_attr, sizeof(attr)))
		return -EFAULT;
	name = getname(u_name);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = do_mq_open(name, oflag, mode, u_attr ? &attr : NULL);
	putname(name);
	return ret;
}

static long do_mq_unlink(const char *name)
{
	struct inode *dir = mqueue_mnt->mnt_root->d_inode, *inode;
	struct dentry *d;
	long err = 0;

	mutex_lock(&dir->i_mutex);
	d = mq_lookup(name);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto out_unlock;
	}
	inode = d->d_inode;
	if (!inode) {
		err = -ENOENT;
	} else {
		mutex_lock(&inode->i_mutex);
		mqueue_unlink(dir, d);
		mutex_unlock(&inode->i_mutex);
		fsnotify_link_count(inode);
		d_delete(d);
		inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
		fsnotify_delete(dir, inode, d->d_name, d->d_len);
	}
	dput(d);
out_unlock:
	mutex_unlock(&dir->i_mutex);
	return err;
}

SYSCALL_DEFINE1(mq_unlink, const char __user *, u_name)
{
	char *name = getname(u_name);
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = do_mq_unlink(name);
	putname(name);
	return ret;
}

/* ---- send and receive ---- */

/* An absolute CLOCK_REALTIME timeout from user space (NULL: none), as
 * Linux's prepare_timeout: -EFAULT or -EINVAL. *@ns is 0 for none. */
static int prepare_timeout(const struct timespec64 __user *u, s64 *ns)
{
	struct timespec64 ts;

	*ns = 0;
	if (!u)
		return 0;
	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*ns = ts.tv_sec > (LONG_MAX_NS - ts.tv_nsec) / NSEC_PER_SEC ? LONG_MAX_NS :
	      ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	if (!*ns)
		*ns = 1;        /* the epoch itself: long past */
	return 0;
}

/*
 * Sleep until @cond may hold: 0 to look again, -ETIMEDOUT once
 * @deadline (CLOCK_REALTIME ns, 0 = none) has passed, -ERESTARTSYS on a
 * signal. The caller re-checks under the lock.
 */
#define mq_wait(info, cond, deadline) ({                                      \
	long __r = 0;                                                          \
	if (!(deadline)) {                                                     \
		__r = wait_event_interruptible(&(info)->wait_q, cond);        \
	} else {                                                               \
		s64 __left = (deadline) - ktime_get_real();                    \
		if (__left <= 0)                                               \
			__r = -ETIMEDOUT;                                      \
		else                                                           \
			__r = wait_event_interruptible_timeout(&(info)->wait_q, \
					cond, nsecs_to_jiffies(__left));       \
		if (__r > 0)                                                   \
			__r = 0;                                               \
		else if (__r == 0)                                             \
			__r = -ETIMEDOUT;                                      \
	}                                                                      \
	__r; })

/* Put @m in priority order: after every message of its priority or higher. */
static void msg_insert(struct mqueue_inode_info *info, struct mq_msg *m)
{
	struct mq_msg *pos;

	list_for_each_entry(pos, &info->msgs, list) {
		if (pos->prio < m->prio) {
			list_add_tail(&m->list, &pos->list);
			goto added;
		}
	}
	list_add_tail(&m->list, &info->msgs);
added:
	info->attr.mq_curmsgs++;
	info->qsize += m->len;
}

/* A message arrived on an empty queue with nobody waiting: take the
 * registration into @n and fill the signal's @si (lock held); the caller
 * fires it after dropping the lock. */
static void take_notification(struct mqueue_inode_info *info, struct mq_notification *n,
			      struct kernel_siginfo *si)
{
	if (!info->notify.owner || info->attr.mq_curmsgs != 1 || info->receivers)
		return;
	memset(si, 0, sizeof(*si));
	si->si_signo = info->notify.signo;
	si->si_code = SI_MESGQ;
	si->rt.pid = current->tgid;
	si->rt.value = info->notify.value;
	remove_notification(info, n);
}

static long do_mq_timedsend(int fd, const char __user *u_msg, size_t len, unsigned int prio,
			    s64 deadline)
{
	struct mqueue_inode_info *info;
	struct mq_notification n = { 0 };
	struct kernel_siginfo si;
	struct mq_msg *m;
	struct file *f;
	long ret;

	info = mq_fget_io(fd, FMODE_WRITE, len, &f);
	if (IS_ERR(info))
		return PTR_ERR(info);
	ret = -ENOMEM;
	m = kmalloc(sizeof(*m) + len, GFP_KERNEL);
	if (!m)
		goto out;
	m->prio = prio;
	m->len = len;
	ret = -EFAULT;
	if (copy_from_user(m->text, u_msg, len))
		goto out_free;
	for (;;) {
		spin_lock(&info->lock);
		if (info->attr.mq_curmsgs < info->attr.mq_maxmsg)
			break;
		spin_unlock(&info->lock);
		ret = -EAGAIN;
		if (f->f_flags & O_NONBLOCK)
			goto out_free;
		ret = mq_wait(info, READ_ONCE(info->attr.mq_curmsgs) < info->attr.mq_maxmsg,
			      deadline);
		if (ret)
			goto out_free;
	}
	msg_insert(info, m);
	take_notification(info, &n, &si);
	spin_unlock(&info->lock);
	inode_touch(f->f_inode, ATTR_MTIME | ATTR_CTIME);
	wake_up_all(&info->wait_q);
	if (n.owner)
		mq_notification_fire(&n, &si);
	fput(f);
	return 0;
out_free:
	kfree(m);
out:
	fput(f);
	return ret;
}

SYSCALL_DEFINE5(mq_timedsend, int, mqdes, const char __user *, u_msg_ptr, size_t, msg_len,
		unsigned int, msg_prio, const struct timespec64 __user *, u_abs_timeout)
{
	s64 deadline;
	int err = prepare_timeout(u_abs_timeout, &deadline);

	if (err)
		return err;
	if (msg_prio >= MQ_PRIO_MAX)
		return -EINVAL;
	return do_mq_timedsend(mqdes, u_msg_ptr, msg_len, msg_prio, deadline);
}

/* The first message, unlinked, waiting for one unless O_NONBLOCK. */
static struct mq_msg *mq_get_msg(struct mqueue_inode_info *info, struct file *f, s64 deadline)
{
	struct mq_msg *m;
	long ret;

	for (;;) {
		spin_lock(&info->lock);
		m = list_first_entry_or_null(&info->msgs, struct mq_msg, list);
		if (m)
			break;
		if (f->f_flags & O_NONBLOCK) {
			spin_unlock(&info->lock);
			return ERR_PTR(-EAGAIN);
		}
		info->receivers++;
		spin_unlock(&info->lock);
		ret = mq_wait(info, READ_ONCE(info->attr.mq_curmsgs) > 0, deadline);
		spin_lock(&info->lock);
		info->receivers--;
		spin_unlock(&info->lock);
		if (ret)
			return ERR_PTR(ret);
	}
	list_del(&m->list);
	info->attr.mq_curmsgs--;
	info->qsize -= m->len;
	spin_unlock(&info->lock);
	inode_touch(f->f_inode, ATTR_ATIME | ATTR_CTIME);
	wake_up_all(&info->wait_q);
	return m;
}

static long do_mq_timedreceive(int fd, char __user *u_msg, size_t len,
			       unsigned int __user *u_prio, s64 deadline)
{
	struct mqueue_inode_info *info;
	struct mq_msg *m;
	struct file *f;
	long ret;

	info = mq_fget_io(fd, FMODE_READ, len, &f);
	if (IS_ERR(info))
		return PTR_ERR(info);
	m = mq_get_msg(info, f, deadline);
	if (IS_ERR(m)) {
		ret = PTR_ERR(m);
		goto out;
	}
	/* the message is gone even if the copy faults, as on Linux */
	ret = m->len;
	if ((u_prio && put_user(m->prio, u_prio)) || copy_to_user(u_msg, m->text, m->len))
		ret = -EFAULT;
	kfree(m);
out:
	fput(f);
	return ret;
}

SYSCALL_DEFINE5(mq_timedreceive, int, mqdes, char __user *, u_msg_ptr, size_t, msg_len,
		unsigned int __user *, u_msg_prio, const struct timespec64 __user *, u_abs_timeout)
{
	s64 deadline;
	int err = prepare_timeout(u_abs_timeout, &deadline);

	if (err)
		return err;
	return do_mq_timedreceive(mqdes, u_msg_ptr, msg_len, u_msg_prio, deadline);
}

/* ---- mq_notify, mq_getsetattr ---- */

/* Register @n (NULL: unregister the caller) on the queue of @fd. */
static long do_mq_notify(int fd, struct mq_notification *n)
{
	struct mqueue_inode_info *info;
	struct mq_notification old = { 0 };
	struct file *f;
	long ret = 0;

	info = mq_fget(fd, &f);
	if (IS_ERR(info))
		return PTR_ERR(info);
	spin_lock(&info->lock);
	if (!n) {
		if (info->notify.owner && info->notify.pid == current->tgid)
			remove_notification(info, &old);
	} else if (info->notify.owner) {
		ret = -EBUSY;
	} else {
		atomic_inc(&current->signal->count);
		n->owner = current->signal;
		n->pid = current->tgid;
		info->notify = *n;
	}
	spin_unlock(&info->lock);
	mq_notification_drop(&old, true);
	fput(f);
	return ret;
}

/* SIGEV_THREAD: the cookie at sigev_value and the netlink socket at
 * sigev_signo, as Linux takes them (EFAULT, EBADF, ENOTSOCK, EINVAL). */
static int mq_notify_thread(const struct sigevent_abi *ev, struct mq_notification *n)
{
	struct sk_buff *skb = alloc_skb(NOTIFY_COOKIE_LEN, GFP_KERNEL);
	struct file *f;
	struct sock *sk;

	if (!skb)
		return -ENOMEM;
	if (copy_from_user(skb_put(skb, NOTIFY_COOKIE_LEN), (const void __user *)ev->sigev_value,
			   NOTIFY_COOKIE_LEN)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	f = fget(ev->sigev_signo);
	sk = f ? netlink_getsockbyfilp(f) : ERR_PTR(-EBADF);
	if (f)
		fput(f);
	if (IS_ERR(sk)) {
		kfree_skb(skb);
		return PTR_ERR(sk);
	}
	skb->data[NOTIFY_COOKIE_LEN - 1] = NOTIFY_NONE;
	n->sock = sk;
	n->cookie = skb;
	return 0;
}

SYSCALL_DEFINE2(mq_notify, int, mqdes, const struct sigevent_abi __user *, u_notification)
{
	struct mq_notification n = { 0 };
	struct sigevent_abi ev;
	long ret;

	if (!u_notification)
		return do_mq_notify(mqdes, NULL);
	if (copy_from_user(&ev, u_notification, sizeof(ev)))
		return -EFAULT;
	if (ev.sigev_notify != SIGEV_NONE && ev.sigev_notify != SIGEV_SIGNAL &&
	    ev.sigev_notify != SIGEV_THREAD)
		return -EINVAL;
	/* Linux's valid_signal(): 0 is accepted and sends nothing */
	if (ev.sigev_notify == SIGEV_SIGNAL && (unsigned int)ev.sigev_signo > _NSIG)
		return -EINVAL;
	n.type = ev.sigev_notify;
	n.signo = ev.sigev_signo;
	n.value = ev.sigev_value;
	if (n.type == SIGEV_THREAD) {
		ret = mq_notify_thread(&ev, &n);
		if (ret)
			return ret;
	}
	ret = do_mq_notify(mqdes, &n);
	if (ret && n.sock) {            /* not registered: nobody reads the cookie */
		kfree_skb(n.cookie);
		sock_put(n.sock);
	}
	return ret;
}

SYSCALL_DEFINE3(mq_getsetattr, int, mqdes, const struct mq_attr __user *, u_mqstat,
		struct mq_attr __user *, u_omqstat)
{
	struct mqueue_inode_info *info;
	struct mq_attr new, old;
	struct file *f;

	if (u_mqstat) {
		if (copy_from_user(&new, u_mqstat, sizeof(new)))
			return -EFAULT;
		if (new.mq_flags & ~O_NONBLOCK)
			return -EINVAL;
	}
	info = mq_fget(mqdes, &f);
	if (IS_ERR(info))
		return PTR_ERR(info);
	spin_lock(&info->lock);
	old = info->attr;
	spin_unlock(&info->lock);
	memset(old.__reserved, 0, sizeof(old.__reserved));
	spin_lock(&f->f_lock);
	old.mq_flags = f->f_flags & O_NONBLOCK;
	if (u_mqstat) {
		if (new.mq_flags & O_NONBLOCK)
			f->f_flags |= O_NONBLOCK;
		else
			f->f_flags &= ~O_NONBLOCK;
	}
	spin_unlock(&f->f_lock);
	fput(f);
	if (u_omqstat && copy_to_user(u_omqstat, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* ---- boot ---- */

static unsigned long min_msgmax = MIN_MSGMAX, max_msgmax = HARD_MSGMAX;
static unsigned long min_msgsize = MIN_MSGSIZEMAX, max_msgsize = HARD_MSGSIZEMAX;
static unsigned long max_queues = INT_MAX;

#define MQ_CTL(name, var, lo, hi) \
	{ .procname = name, .data = &var, .maxlen = sizeof(unsigned long), .mode = 0644, \
	  .proc_handler = proc_doulongvec_minmax, .extra1 = lo, .extra2 = hi }

/* /proc/sys/fs/mqueue: Linux's names, defaults and bounds. */
static const struct ctl_table mq_sysctls[] = {
	MQ_CTL("msg_default", msg_default, &min_msgmax, &max_msgmax),
	MQ_CTL("msg_max", msg_max, &min_msgmax, &max_msgmax),
	MQ_CTL("msgsize_default", msgsize_default, &min_msgsize, &max_msgsize),
	MQ_CTL("msgsize_max", msgsize_max, &min_msgsize, &max_msgsize),
	MQ_CTL("queues_max", queues_max, NULL, &max_queues),
};

static int __init init_mqueue_fs(void)
{
	struct inode *root;
	int err;

	mqueue_sb = sget_nodev(&mqueue_fs_type, &mqueue_sops, MQUEUE_MAGIC);
	if (!mqueue_sb)
		return -ENOMEM;
	root = new_inode(mqueue_sb);
	if (!root)
		return -ENOMEM;
	root->i_mode = S_IFDIR | 01777;
	root->i_nlink = 2;
	root->i_op = &mqueue_dir_inode_operations;
	root->i_fop = &simple_dir_operations;
	mqueue_sb->s_root = d_alloc_root(root);
	if (!mqueue_sb->s_root)
		return -ENOMEM;
	err = register_filesystem(&mqueue_fs_type);
	if (err)
		return err;
	mqueue_mnt = vfs_kern_mount(&mqueue_fs_type, 0, "mqueue", NULL);
	if (IS_ERR(mqueue_mnt))
		return PTR_ERR(mqueue_mnt);
	atomic_dec(&mqueue_sb->s_active);       /* sget's reference: the mount holds one */
	return register_sysctl("fs/mqueue", mq_sysctls);
}
fs_initcall(init_mqueue_fs);
