// SPDX-License-Identifier: MIT
/*
 * inotify (Linux's fs/notify/inotify/): an instance is a queue of events
 * behind a descriptor, fed by watches on inodes (fs/notify/fsnotify.c).
 *
 * inotify_init1(IN_NONBLOCK | IN_CLOEXEC) makes one, at most
 * max_user_instances of them (EMFILE); inotify_add_watch() adds or
 * changes a watch (IN_MASK_ADD ORs into its mask, IN_MASK_CREATE refuses
 * an existing one with EEXIST, IN_ONLYDIR and IN_DONT_FOLLOW shape the
 * lookup), at most max_user_watches of them (ENOSPC); inotify_rm_watch()
 * removes one, queueing IN_IGNORED. Watch descriptors are handed out
 * cyclically from 1, as Linux's idr_alloc_cyclic does.
 *
 * The queue holds at most max_queued_events (read when the instance is
 * made); past that one IN_Q_OVERFLOW (wd -1) ends it until it drains. An
 * event identical to the last queued one (same wd, mask, cookie and
 * name) is merged into it. read() returns whole events, waiting for the
 * first unless O_NONBLOCK (EAGAIN); a buffer too small for the first
 * event is EINVAL. FIONREAD gives the bytes queued.
 *
 * The limits are per user, as Linux's ucounts (kernel/ucount.c): an
 * instance is charged to its creator's effective uid, and so is every
 * watch added to it, whoever adds it; a close or an rm_watch gives them
 * back.
 *
 * Locking: see fs/notify/notify.h (group->mark_mutex ->
 * fsnotify_mark_lock -> group->lock -> group->wq.lock). Readers copy an
 * event out after unlinking it under group->lock.
 */
#include "notify.h"
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <shoal/sysctl.h>
#include <shoal/init.h>
#include <shoal/user_namespace.h>
#include <shoal/cred.h>
#include <uapi/ioctl.h>

static unsigned long inotify_max_queued_events = 16384;
static unsigned long inotify_limit_max = INT_MAX;

static const struct file_operations inotify_fops;

/* What a name takes in user space: NUL-terminated, padded to the header's size. */
static u32 inotify_name_len(size_t len)
{
	return len ? ALIGN(len + 1, sizeof(struct inotify_event)) : 0;
}

static bool event_equal(const struct fsnotify_event *a, const struct fsnotify_event *b)
{
	if (a->mask & IN_IGNORED)
		return false;
	return a->mask == b->mask && a->wd == b->wd && a->cookie == b->cookie &&
	       a->len == b->len && !memcmp(a->name, b->name, a->len);
}

/* Queue @ev (NULL: allocation failed) on @group, as Linux's fsnotify_insert_event. */
static void inotify_queue(struct fsnotify_group *group, struct fsnotify_event *ev)
{
	bool queued = false;

	spin_lock(&group->lock);
	if (!ev || group->q_len >= group->max_events) {
		kfree(ev);
		ev = group->overflow;
		if (!list_empty(&ev->list))
			goto out;       /* already the last event */
	} else if (!list_empty(&group->events) &&
		   event_equal(list_last_entry(&group->events, struct fsnotify_event, list), ev)) {
		kfree(ev);
		goto out;
	}
	list_add_tail(&ev->list, &group->events);
	group->q_len++;
	group->q_bytes += sizeof(struct inotify_event) + ev->len;
	queued = true;
out:
	spin_unlock(&group->lock);
	if (queued)
		wake_up_poll(&group->wq, EPOLLIN | EPOLLRDNORM);
}

void inotify_handle_event(struct fsnotify_mark *mark, u32 mask, const char *name, size_t len,
			  u32 cookie)
{
	u32 plen = inotify_name_len(len);
	struct fsnotify_event *ev = kmalloc(sizeof(*ev) + plen, GFP_ATOMIC | __GFP_ZERO);

	/* inotify never reported IN_ISDIR with the self events (Linux keeps that) */
	if (mask & (IN_MOVE_SELF | IN_DELETE_SELF))
		mask &= ~IN_ISDIR;
	if (ev) {
		ev->wd = mark->wd;
		ev->mask = mask & (IN_ALL_EVENTS | IN_ISDIR | IN_UNMOUNT | IN_IGNORED | IN_Q_OVERFLOW);
		ev->cookie = cookie;
		ev->len = plen;
		if (len)
			memcpy(ev->name, name, len);
	}
	inotify_queue(mark->group, ev);
}

void inotify_freeing_mark(struct fsnotify_mark *mark)
{
	dec_ucount(mark->ucounts, UCOUNT_INOTIFY_WATCHES);
}

/* ---- the descriptor ---- */

/* The first event if it fits in @count (unlinked), NULL if none, ERR_PTR(-EINVAL) if not. */
static struct fsnotify_event *get_one_event(struct fsnotify_group *group, size_t count)
{
	struct fsnotify_event *ev;

	spin_lock(&group->lock);
	ev = list_first_entry_or_null(&group->events, struct fsnotify_event, list);
	if (ev && sizeof(struct inotify_event) + ev->len > count) {
		ev = ERR_PTR(-EINVAL);
	} else if (ev) {
		list_del_init(&ev->list);
		group->q_len--;
		group->q_bytes -= sizeof(struct inotify_event) + ev->len;
	}
	spin_unlock(&group->lock);
	return ev;
}

/* Copy @ev out and free it (the overflow event stays for reuse). Bytes or -EFAULT. */
static ssize_t copy_event_to_user(struct fsnotify_group *group, struct fsnotify_event *ev,
				  char __user *buf)
{
	struct inotify_event uev = { .wd = ev->wd, .mask = ev->mask, .cookie = ev->cookie,
				     .len = ev->len };
	ssize_t ret = sizeof(uev) + ev->len;

	if (copy_to_user(buf, &uev, sizeof(uev)) ||
	    (ev->len && copy_to_user(buf + sizeof(uev), ev->name, ev->len)))
		ret = -EFAULT;
	if (ev != group->overflow)
		kfree(ev);
	return ret;
}

static ssize_t inotify_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct fsnotify_group *group = f->private_data;
	char __user *start = buf;
	struct fsnotify_event *ev;
	ssize_t ret = 0;

	for (;;) {
		ev = get_one_event(group, count);
		if (IS_ERR(ev)) {
			ret = PTR_ERR(ev);
			break;
		}
		if (ev) {
			ret = copy_event_to_user(group, ev, buf);
			if (ret < 0)
				break;
			buf += ret;
			count -= ret;
			continue;
		}
		if (buf != start)
			break;
		if (file_nowait(f)) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(&group->wq, !list_empty(&group->events));
		if (ret)
			break;
	}
	if (buf != start && ret != -EFAULT)
		ret = buf - start;
	return ret;
}

static unsigned int inotify_poll(struct file *f, poll_table *pt)
{
	struct fsnotify_group *group = f->private_data;
	unsigned int events = 0;

	poll_wait(f, &group->wq, pt);
	spin_lock(&group->lock);
	if (!list_empty(&group->events))
		events = EPOLLIN | EPOLLRDNORM;
	spin_unlock(&group->lock);
	return events;
}

static long inotify_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct fsnotify_group *group = f->private_data;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	spin_lock(&group->lock);
	n = (int)group->q_bytes;
	spin_unlock(&group->lock);
	return put_user(n, (int __user *)arg) ? -EFAULT : 0;
}

static void inotify_free_group(struct fsnotify_group *group)
{
	dec_ucount(group->ucounts, UCOUNT_INOTIFY_INSTANCES);
	kfree(group->overflow);
	kfree(group);
}

/* Every watch goes (no IN_IGNORED: nobody can read it), then the queue. */
static int inotify_release(struct inode *inode, struct file *f)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_event *ev, *tmp;
	struct fsnotify_mark *mark;
	LIST_HEAD(dead);

	mutex_lock(&group->mark_mutex);
	spin_lock(&fsnotify_mark_lock);
	while ((mark = list_first_entry_or_null(&group->marks, struct fsnotify_mark, g_list)))
		fsnotify_detach_mark(mark, false, &dead);
	spin_unlock(&fsnotify_mark_lock);
	mutex_unlock(&group->mark_mutex);
	fsnotify_free_marks(&dead);
	list_for_each_entry_safe(ev, tmp, &group->events, list)
		if (ev != group->overflow)
			kfree(ev);
	inotify_free_group(group);
	return 0;
}

/* /proc/PID/fdinfo: Linux's line per watch, less its file handle fields. */
static int inotify_show_fdinfo(struct file *f, char *buf, size_t size)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_mark *mark;
	size_t n = 0;

	spin_lock(&fsnotify_mark_lock);
	list_for_each_entry(mark, &group->marks, g_list) {
		n += snprintf(buf + min(n, size), size - min(n, size),
			      "inotify wd:%x ino:%lx sdev:%x mask:%x ignored_mask:0\n",
			      mark->wd, (unsigned long)mark->inode->i_ino,
			      (unsigned int)mark->inode->i_sb->s_dev,
			      mark->mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK));
	}
	spin_unlock(&fsnotify_mark_lock);
	return n;
}

static const struct file_operations inotify_fops = {
	.show_fdinfo = inotify_show_fdinfo,
	.poll = inotify_poll,
	.read = inotify_read,
	.release = inotify_release,
	.ioctl = inotify_ioctl,
	.llseek = noop_llseek,
};

/* ---- watches ---- */

/* The mark of @group on @inode, or NULL. Caller holds fsnotify_mark_lock. */
static struct fsnotify_mark *find_mark(struct inode *inode, struct fsnotify_group *group)
{
	struct fsnotify_mark *mark;

	list_for_each_entry(mark, &inode->i_fsnotify_marks, i_list)
		if (mark->group == group)
			return mark;
	return NULL;
}

static struct fsnotify_mark *find_wd(struct fsnotify_group *group, int wd)
{
	struct fsnotify_mark *mark;

	list_for_each_entry(mark, &group->marks, g_list)
		if (mark->wd == wd)
			return mark;
	return NULL;
}

/* The next free watch descriptor after the last one given (mark_mutex held). */
static int alloc_wd(struct fsnotify_group *group)
{
	int wd = group->last_wd;

	spin_lock(&fsnotify_mark_lock);
	do {
		wd = wd >= INT_MAX - 1 ? 1 : wd + 1;
	} while (find_wd(group, wd));   /* ends: fewer marks than descriptors */
	spin_unlock(&fsnotify_mark_lock);
	group->last_wd = wd;
	return wd;
}

/* Change @group's watch on @inode, or add one. Returns the wd or -errno. */
static int inotify_update_watch(struct fsnotify_group *group, struct inode *inode, u32 arg)
{
	u32 mask = arg & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK);
	struct fsnotify_mark *mark;
	int ret;

	spin_lock(&fsnotify_mark_lock);
	mark = find_mark(inode, group);
	if (mark) {
		ret = mark->wd;
		if (arg & IN_MASK_CREATE)
			ret = -EEXIST;
		else if (arg & IN_MASK_ADD)
			mark->mask |= mask;
		else
			mark->mask = mask;
	}
	spin_unlock(&fsnotify_mark_lock);
	if (mark)
		return ret;
	mark = kzalloc(sizeof(*mark), GFP_KERNEL);
	if (!mark)
		return -ENOMEM;
	/* the instance's owner pays, as Linux's inc_inotify_watches */
	mark->ucounts = inc_ucount(group->ucounts->uid, UCOUNT_INOTIFY_WATCHES);
	if (!mark->ucounts) {
		kfree(mark);
		return -ENOSPC;
	}
	ihold(inode);
	mark->inode = inode;
	mark->group = group;
	mark->mask = mask;
	mark->wd = alloc_wd(group);
	spin_lock(&fsnotify_mark_lock);
	spin_lock(&group->lock);
	list_add_tail(&mark->i_list, &inode->i_fsnotify_marks);
	list_add_tail(&mark->g_list, &group->marks);
	list_add_tail(&mark->all_list, &fsnotify_marks);
	atomic_inc(&fsnotify_nr_marks);
	spin_unlock(&group->lock);
	spin_unlock(&fsnotify_mark_lock);
	return mark->wd;
}

/* The inotify instance behind @fd, referenced in *@fp; -EBADF or -EINVAL. */
static struct fsnotify_group *inotify_fget(int fd, struct file **fp)
{
	struct file *f = fget(fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &inotify_fops) {
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	*fp = f;
	return f->private_data;
}

static long do_inotify_add_watch(int fd, const char *name, u32 mask)
{
	struct fsnotify_group *group;
	struct file *f;
	struct path p;
	long ret;

	group = inotify_fget(fd, &f);
	if (IS_ERR(group))
		return PTR_ERR(group);
	ret = kern_path(name, ((mask & IN_DONT_FOLLOW) ? 0 : LOOKUP_FOLLOW) |
			((mask & IN_ONLYDIR) ? LOOKUP_DIRECTORY : 0), &p);
	if (!ret) {
		ret = inode_permission(p.dentry->d_inode, MAY_READ);
		if (!ret) {
			mutex_lock(&group->mark_mutex);
			ret = inotify_update_watch(group, p.dentry->d_inode, mask);
			mutex_unlock(&group->mark_mutex);
		}
		path_put(&p);
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(inotify_add_watch, int, fd, const char __user *, pathname, u32, mask)
{
	char *name;
	long ret;

	if (mask & ~ALL_INOTIFY_BITS || !mask)
		return -EINVAL;
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	name = getname(pathname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = do_inotify_add_watch(fd, name, mask);
	putname(name);
	return ret;
}

SYSCALL_DEFINE2(inotify_rm_watch, int, fd, int, wd)
{
	struct fsnotify_group *group;
	struct fsnotify_mark *mark;
	struct file *f;
	LIST_HEAD(dead);

	group = inotify_fget(fd, &f);
	if (IS_ERR(group))
		return PTR_ERR(group);
	mutex_lock(&group->mark_mutex);
	spin_lock(&fsnotify_mark_lock);
	mark = find_wd(group, wd);
	if (mark)
		fsnotify_detach_mark(mark, true, &dead);
	spin_unlock(&fsnotify_mark_lock);
	mutex_unlock(&group->mark_mutex);
	fsnotify_free_marks(&dead);
	fput(f);
	return mark ? 0 : -EINVAL;
}

/* A new instance charged to current's euid (Linux's inotify_new_group). */
static struct fsnotify_group *inotify_new_group(void)
{
	struct fsnotify_group *group = kzalloc(sizeof(*group), GFP_KERNEL);

	if (!group)
		return ERR_PTR(-ENOMEM);
	group->overflow = kzalloc(sizeof(*group->overflow), GFP_KERNEL);
	if (!group->overflow) {
		kfree(group);
		return ERR_PTR(-ENOMEM);
	}
	group->ucounts = inc_ucount(current_euid(), UCOUNT_INOTIFY_INSTANCES);
	if (!group->ucounts) {
		kfree(group->overflow);
		kfree(group);
		return ERR_PTR(-EMFILE);
	}
	group->overflow->wd = -1;
	group->overflow->mask = IN_Q_OVERFLOW;
	INIT_LIST_HEAD(&group->overflow->list);
	spin_lock_init(&group->lock);
	init_waitqueue_head(&group->wq);
	INIT_LIST_HEAD(&group->events);
	INIT_LIST_HEAD(&group->marks);
	mutex_init(&group->mark_mutex);
	group->max_events = (unsigned int)min_t(unsigned long, READ_ONCE(inotify_max_queued_events),
						INT_MAX);
	return group;
}

SYSCALL_DEFINE1(inotify_init1, int, flags)
{
	struct fsnotify_group *group;
	int fd;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	group = inotify_new_group();
	if (IS_ERR(group))
		return PTR_ERR(group);
	fd = anon_inode_getfd("inotify", &inotify_fops, group, flags);
	if (fd < 0)
		inotify_free_group(group);
	return fd;
}

/* /proc/sys/fs/inotify: Linux's names and defaults (max_user_watches is
 * Linux's floor; it scales with memory there). The per-user limits live
 * in ucount_max, as Linux's in init_user_ns. */
static unsigned long zero;
static const struct ctl_table inotify_table[] = {
	{ .procname = "max_queued_events", .data = &inotify_max_queued_events,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &inotify_limit_max },
	{ .procname = "max_user_instances", .data = &ucount_max[UCOUNT_INOTIFY_INSTANCES],
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &inotify_limit_max },
	{ .procname = "max_user_watches", .data = &ucount_max[UCOUNT_INOTIFY_WATCHES],
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &inotify_limit_max },
};

static int __init inotify_user_setup(void)
{
	return register_sysctl("fs/inotify", inotify_table);
}
fs_initcall(inotify_user_setup);
