// SPDX-License-Identifier: MIT
/*
 * epoll (Linux's fs/eventpoll.c design).
 *
 * An eventpoll holds the interest set: one epitem per watched (file, fd),
 * in a balanced tree (lib/avltree.c) keyed by that pair. On EPOLL_CTL_ADD the target
 * file's ->poll is called once with a poll_table whose _qproc
 * (ep_ptable_queue_proc) hangs an eppoll_entry on every wait queue the file
 * names; from then on the target's own wake-ups call ep_poll_callback(),
 * which puts the epitem on the ready list and wakes the epoll waiters.
 * epoll_wait therefore looks only at the ready list: O(ready), not
 * O(watched). ep_send_events() re-polls each ready item for its current
 * mask; a level-triggered item that is still ready goes back on the list,
 * an edge-triggered one waits for the next callback, a ONESHOT one is
 * disarmed (its events cleared) until EPOLL_CTL_MOD.
 *
 * Locking, in order:
 *   epmutex -> ep->mtx -> (target wait-queue lock) -> ep->lock -> ep->wq.lock
 *   epmutex:   global; taken by eventpoll_release(), ep_free() and by
 *              EPOLL_CTL_ADD of an epoll file (the loop/depth check walks
 *              other instances' trees).
 *   ep->mtx:   the interest set (tree, epitem fields other than the ready
 *              link), ctl and the event transfer of epoll_wait.
 *   ep->lock:  spinlock, irqsave (callbacks come from softirq and irq
 *              context with the target's wait-queue lock held): the ready
 *              list, each epitem's event mask and the counters.
 * ep_poll_callback runs under the target's wait-queue lock and takes only
 * ep->lock and then the locks of the queues it wakes (ep->wq for epoll_wait
 * sleepers, ep->poll_wait for an epoll instance watching this one, whose
 * callback nests the same way, at most EPOLL_MAX_NESTS deep).
 * remove_wait_queue() takes the target's queue lock, so once an epitem's
 * entries are off their queues no callback still runs on it.
 *
 * A file's f_ep list links the epitems that watch it [f_lock]; __fput()
 * calls eventpoll_release() so closing the last reference removes the file
 * from every interest set, as Linux does.
 */
#include "internal.h"
#include <shoal/avltree.h>
#include <shoal/eventpoll.h>
#include <shoal/init.h>
#include <shoal/proc_fs.h>
#include <shoal/sched/rt.h>
#include <shoal/signal.h>
#include <shoal/smp.h>
#include <shoal/time.h>
#include <uapi/time.h>
#include <shoal/syscalls.h>

#define EPOLL_CTL_ADD   1
#define EPOLL_CTL_DEL   2
#define EPOLL_CTL_MOD   3

#define EPOLL_CLOEXEC   O_CLOEXEC

#define EPOLLEXCLUSIVE  (1U << 28)
#define EPOLLWAKEUP     (1U << 29)
#define EPOLLONESHOT    (1U << 30)
#define EPOLLET         (1U << 31)

#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLINOUT_BITS (EPOLLIN | EPOLLOUT)
#define EPOLLEXCLUSIVE_OK_BITS (EPOLLINOUT_BITS | EPOLLERR | EPOLLHUP | \
				EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

#define EPOLL_MAX_NESTS 4
#define EP_MAX_EVENTS   (INT_MAX / sizeof(struct epoll_event))

/* riscv64 layout: not packed (only x86-64 packs it). */
struct epoll_event {
	u32 events;
	u64 data;
};

struct eventpoll;

/* One wait queue an epitem is hooked on (a file may name several). */
struct eppoll_entry {
	struct eppoll_entry *next;      /* [ep->mtx] */
	struct epitem *base;            /* [const] */
	wait_queue_entry_t wait;        /* on *whead [whead->lock] */
	wait_queue_head_t *whead;       /* set once; NULLed by POLLFREE [pollfree_lock] */
};

struct epitem {
	struct avl_node rbn;            /* in ep->rbr [ep->mtx] */
	struct list_head rdllink;       /* on ep->rdllist or a transfer list [ep->lock] */
	struct file *file;              /* [const] not referenced: f_ep keeps it honest */
	int fd;                         /* [const] */
	struct eppoll_entry *pwqlist;   /* [ep->mtx] */
	struct eventpoll *ep;           /* [const] */
	struct list_head fllink;        /* on file->f_ep [file->f_lock] */
	struct epoll_event event;       /* [ep->mtx and ep->lock to write; either to read] */
};

struct eventpoll {
	struct mutex mtx;
	spinlock_t lock;
	struct list_head rdllist;       /* ready epitems [lock] */
	wait_queue_head_t wq;           /* epoll_wait sleepers (exclusive) */
	wait_queue_head_t poll_wait;    /* file->poll() of this epoll fd */
	struct avl_node *rbr;           /* the interest set [mtx] */
	struct file *file;              /* [const] */
	unsigned long wakeups;          /* sleepers woken by a callback [lock] */
	unsigned long spurious;         /* ...that then found nothing ready [lock] */
	int visited;                    /* loop check mark [epmutex] */
};

static struct mutex epmutex;
/* Sums over every instance, for /proc/net/epoll_stat [ep_stat_lock]. */
static DEFINE_SPINLOCK(ep_stat_lock);
static unsigned long ep_total_wakeups, ep_total_spurious;

static const struct file_operations eventpoll_fops;

static inline bool is_file_epoll(struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

static inline bool ep_is_linked(struct epitem *epi)
{
	return !list_empty(&epi->rdllink);
}

/* ---- the interest set: an AVL tree keyed by (file, fd) ---- */

static int ep_cmp(struct file *f1, int fd1, const struct epitem *epi)
{
	if (f1 != epi->file)
		return (unsigned long)f1 < (unsigned long)epi->file ? -1 : 1;
	return fd1 < epi->fd ? -1 : fd1 > epi->fd;
}

static int ep_node_cmp(const struct avl_node *a, const struct avl_node *b)
{
	const struct epitem *ea = container_of(a, struct epitem, rbn);

	return ep_cmp(ea->file, ea->fd, container_of(b, struct epitem, rbn));
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *file, int fd)
{
	struct avl_node *n = ep->rbr;
	struct epitem *epi;
	int c;

	while (n) {
		epi = container_of(n, struct epitem, rbn);
		c = ep_cmp(file, fd, epi);
		if (!c)
			return epi;
		n = c < 0 ? n->left : n->right;
	}
	return NULL;
}

/* ---- wake-ups ---- */

/*
 * The target's wait-queue callback (its queue lock held, IRQs off). Queue
 * the item as ready and wake one epoll_wait sleeper and the pollers of this
 * epoll fd. Returns non-zero when the wake-up counts against the target
 * queue's nr_exclusive: an EPOLLEXCLUSIVE item counts only when it woke a
 * sleeper for an event it wants, so the target goes on to another one.
 */
static int ep_poll_callback(wait_queue_entry_t *wait, unsigned int mode, int sync, void *key)
{
	struct eppoll_entry *pwq = container_of(wait, struct eppoll_entry, wait);
	struct epitem *epi = pwq->base;
	struct eventpoll *ep = epi->ep;
	unsigned int pollflags = (unsigned int)(unsigned long)key;
	unsigned int events;
	unsigned long flags;
	int ewake = 0;
	bool sleepers = false;

	if (pollflags & POLLFREE) {
		/* the queue is being freed (wake_up_pollfree holds
		 * pollfree_lock): unhook, so removal never touches it again */
		list_del_init(&wait->entry);
		WRITE_ONCE(pwq->whead, NULL);
	}
	spin_lock_irqsave(&ep->lock, flags);
	events = epi->event.events;
	/* disarmed ONESHOT item, or an event the item does not want */
	if (!(events & ~EP_PRIVATE_BITS) || (pollflags && !(pollflags & events)))
		goto out_unlock;
	if (!ep_is_linked(epi))
		list_add_tail(&epi->rdllink, &ep->rdllist);
	/* full barrier: pairs with the sleeper's set_current_state() */
	sleepers = wq_has_sleeper(&ep->wq);
	if (sleepers && (events & EPOLLEXCLUSIVE)) {
		switch (pollflags & EPOLLINOUT_BITS) {
		case EPOLLIN:
			ewake = !!(events & EPOLLIN);
			break;
		case EPOLLOUT:
			ewake = !!(events & EPOLLOUT);
			break;
		case 0:
			ewake = 1;
			break;
		}
	}
out_unlock:
	spin_unlock_irqrestore(&ep->lock, flags);
	if (sleepers)
		wake_up(&ep->wq);
	if (waitqueue_active(&ep->poll_wait))
		wake_up_poll(&ep->poll_wait, EPOLLIN);
	if (!(events & EPOLLEXCLUSIVE))
		ewake = 1;
	return ewake;
}

struct ep_pqueue {
	poll_table pt;
	struct epitem *epi;
	int error;              /* -ENOMEM if an entry could not be had */
};

/* poll_table _qproc of ep_insert: hook the item on @whead. */
static void ep_ptable_queue_proc(struct file *file, wait_queue_head_t *whead, poll_table *pt)
{
	struct ep_pqueue *epq = container_of(pt, struct ep_pqueue, pt);
	struct epitem *epi = epq->epi;
	struct eppoll_entry *pwq;

	if (epq->error)
		return;
	pwq = kzalloc(sizeof(*pwq), GFP_KERNEL);
	if (!pwq) {
		epq->error = -ENOMEM;
		return;
	}
	init_waitqueue_func_entry(&pwq->wait, ep_poll_callback);
	pwq->whead = whead;
	pwq->base = epi;
	if (epi->event.events & EPOLLEXCLUSIVE)
		add_wait_queue_exclusive(whead, &pwq->wait);
	else
		add_wait_queue(whead, &pwq->wait);
	pwq->next = epi->pwqlist;
	epi->pwqlist = pwq;
}

static inline unsigned int ep_item_poll(struct epitem *epi, poll_table *pt)
{
	pt->_key = epi->event.events;
	return epi->file->f_op->poll(epi->file, pt) & epi->event.events;
}

/* ---- the interest set ---- */

static void ep_unregister_pollwait(struct epitem *epi)
{
	struct eppoll_entry *pwq, *next;

	for (pwq = epi->pwqlist; pwq; pwq = next) {
		next = pwq->next;
		remove_wait_queue_pollfree(&pwq->whead, &pwq->wait);
		kfree(pwq);
	}
	epi->pwqlist = NULL;
}

/* Drop @epi from @ep (ep->mtx held). */
static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	struct file *file = epi->file;
	unsigned long flags;

	assert_mutex_held(&ep->mtx);
	ep_unregister_pollwait(epi);
	/* the last touch of the file: eventpoll_release may free it next */
	spin_lock(&file->f_lock);
	list_del_init(&epi->fllink);
	spin_unlock(&file->f_lock);
	ep->rbr = avl_erase(ep->rbr, &epi->rbn, ep_node_cmp);
	spin_lock_irqsave(&ep->lock, flags);
	if (ep_is_linked(epi))
		list_del_init(&epi->rdllink);
	spin_unlock_irqrestore(&ep->lock, flags);
	kfree(epi);
}

/* Put @epi on the ready list and wake sleepers (after ctl found it ready). */
static void ep_queue_ready(struct eventpoll *ep, struct epitem *epi)
{
	unsigned long flags;
	bool wake;

	spin_lock_irqsave(&ep->lock, flags);
	if (!ep_is_linked(epi))
		list_add_tail(&epi->rdllink, &ep->rdllist);
	wake = wq_has_sleeper(&ep->wq);
	spin_unlock_irqrestore(&ep->lock, flags);
	if (wake)
		wake_up(&ep->wq);
	if (waitqueue_active(&ep->poll_wait))
		wake_up_poll(&ep->poll_wait, EPOLLIN);
}

static int ep_insert(struct eventpoll *ep, const struct epoll_event *event,
		     struct file *tfile, int fd)
{
	struct ep_pqueue epq;
	struct epitem *epi;
	unsigned int revents;

	epi = kzalloc(sizeof(*epi), GFP_KERNEL);
	if (!epi)
		return -ENOMEM;
	INIT_LIST_HEAD(&epi->rdllink);
	INIT_LIST_HEAD(&epi->fllink);
	epi->ep = ep;
	epi->file = tfile;
	epi->fd = fd;
	epi->event = *event;

	spin_lock(&tfile->f_lock);
	list_add_tail(&epi->fllink, &tfile->f_ep);
	spin_unlock(&tfile->f_lock);
	ep->rbr = avl_insert(ep->rbr, &epi->rbn, ep_node_cmp);

	epq.epi = epi;
	epq.error = 0;
	epq.pt._qproc = ep_ptable_queue_proc;
	revents = ep_item_poll(epi, &epq.pt);
	if (epq.error) {
		ep_remove(ep, epi);
		return epq.error;
	}
	if (revents)
		ep_queue_ready(ep, epi);
	return 0;
}

static int ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_event *event)
{
	poll_table pt = { ._qproc = NULL };
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	epi->event = *event;
	spin_unlock_irqrestore(&ep->lock, flags);
	/* a callback that ran before the new mask was set re-polls here */
	if (ep_item_poll(epi, &pt))
		ep_queue_ready(ep, epi);
	return 0;
}

/* Free an instance whose file is going (its last reference). */
static void ep_free(struct eventpoll *ep)
{
	mutex_lock(&epmutex);
	mutex_lock(&ep->mtx);
	while (ep->rbr)
		ep_remove(ep, container_of(ep->rbr, struct epitem, rbn));
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epmutex);
	kfree(ep);
}

void eventpoll_release(struct file *file)
{
	struct epitem *epi;
	struct eventpoll *ep;
	bool empty;

	spin_lock(&file->f_lock);
	empty = list_empty(&file->f_ep);
	spin_unlock(&file->f_lock);
	if (empty)
		return;
	mutex_lock(&epmutex);
	for (;;) {
		spin_lock(&file->f_lock);
		epi = list_empty(&file->f_ep) ? NULL :
			list_first_entry(&file->f_ep, struct epitem, fllink);
		spin_unlock(&file->f_lock);
		if (!epi)
			break;
		/* epmutex keeps ep_free (and so ep) away */
		ep = epi->ep;
		mutex_lock(&ep->mtx);
		ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&epmutex);
}

/* ---- nesting: loops and the depth limit (epmutex held) ---- */

/* Levels of epoll instances watching @ep, through their f_ep lists. */
static int ep_depth_up(struct eventpoll *ep, int depth)
{
	struct epitem *epi;
	int d, best = 0;

	if (depth > EPOLL_MAX_NESTS)
		return depth;
	spin_lock(&ep->file->f_lock);
	list_for_each_entry(epi, &ep->file->f_ep, fllink) {
		/* eps are stable under epmutex; f_lock only guards the walk */
		d = 1 + ep_depth_up(epi->ep, depth + 1);
		best = max(best, d);
	}
	spin_unlock(&ep->file->f_lock);
	return best;
}

/*
 * Levels of epoll instances below @ep (the epoll files in its tree), or
 * -ELOOP if @target is among them or the chain is too deep.
 */
static int ep_depth_down(struct avl_node *n, struct eventpoll *target, int depth);

static int ep_depth_below(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	int d;

	if (ep == target || depth > EPOLL_MAX_NESTS)
		return -ELOOP;
	mutex_lock(&ep->mtx);
	d = ep_depth_down(ep->rbr, target, depth);
	mutex_unlock(&ep->mtx);
	return d;
}

static int ep_depth_down(struct avl_node *n, struct eventpoll *target, int depth)
{
	struct epitem *epi;
	int best = 0, d;

	for (; n; n = n->right) {
		d = ep_depth_down(n->left, target, depth);
		if (d < 0)
			return d;
		best = max(best, d);
		epi = container_of(n, struct epitem, rbn);
		if (is_file_epoll(epi->file)) {
			d = ep_depth_below(epi->file->private_data, target, depth + 1);
			if (d < 0)
				return d;
			best = max(best, d + 1);
		}
	}
	return best;
}

/* May @ep watch the epoll instance @to? 0 or -ELOOP. */
static int ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
	int up = ep_depth_up(ep, 0);

	if (up > EPOLL_MAX_NESTS)
		return -ELOOP;
	return ep_depth_below(to, ep, up + 1) < 0 ? -ELOOP : 0;
}

/* ---- the epoll file ---- */

/*
 * An epoll fd is readable when one of its ready items really is: each is
 * re-polled (under ep->mtx, as epoll_wait does; nested instances lock
 * inner after outer, never the reverse, since loops are refused) and stale
 * ones leave the ready list until their next callback, as on Linux.
 */
static unsigned int ep_eventpoll_poll(struct file *file, poll_table *pt)
{
	struct eventpoll *ep = file->private_data;
	poll_table npt = { ._qproc = NULL };
	struct epitem *epi;
	unsigned long flags;
	unsigned int mask = 0;

	poll_wait(file, &ep->poll_wait, pt);
	mutex_lock(&ep->mtx);
	for (;;) {
		spin_lock_irqsave(&ep->lock, flags);
		epi = list_empty(&ep->rdllist) ? NULL :
			list_first_entry(&ep->rdllist, struct epitem, rdllink);
		if (epi)
			list_del_init(&epi->rdllink);
		spin_unlock_irqrestore(&ep->lock, flags);
		if (!epi)
			break;
		if (ep_item_poll(epi, &npt)) {
			spin_lock_irqsave(&ep->lock, flags);
			if (!ep_is_linked(epi))
				list_add(&epi->rdllink, &ep->rdllist);
			spin_unlock_irqrestore(&ep->lock, flags);
			mask = EPOLLIN | EPOLLRDNORM;
			break;
		}
	}
	mutex_unlock(&ep->mtx);
	return mask;
}

static int ep_eventpoll_release(struct inode *inode, struct file *file)
{
	struct eventpoll *ep = file->private_data;

	if (ep)
		ep_free(ep);
	return 0;
}

/* Accumulate snprintf output at buf + *n (the length wanted so far). */
#define ep_printf(buf, size, n, ...) \
	(*(n) += snprintf((buf) + min(*(n), (int)(size)), \
			  (size) > (size_t)*(n) ? (size) - *(n) : 0, __VA_ARGS__))

/*
 * /proc/PID/fdinfo/FD of an epoll fd: one line per watched descriptor, in
 * Linux's format, then shoal's wake-up counters (Linux has no such line).
 */
static void ep_show_items(struct avl_node *node, char *buf, size_t size, int *n)
{
	for (; node; node = node->right) {
		struct epitem *epi = container_of(node, struct epitem, rbn);
		struct inode *inode = epi->file->f_inode;

		ep_show_items(node->left, buf, size, n);
		ep_printf(buf, size, n, "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x\n",
			  epi->fd, epi->event.events, (unsigned long long)epi->event.data,
			  (long long)epi->file->f_pos, inode ? (unsigned long)inode->i_ino : 0UL,
			  inode ? (unsigned int)inode->i_sb->s_dev : 0);
	}
}

static int ep_show_fdinfo(struct file *file, char *buf, size_t size)
{
	struct eventpoll *ep = file->private_data;
	int n = 0;

	mutex_lock(&ep->mtx);
	ep_show_items(ep->rbr, buf, size, &n);
	mutex_unlock(&ep->mtx);
	ep_printf(buf, size, &n, "wakeups: %lu spurious: %lu\n",
		  READ_ONCE(ep->wakeups), READ_ONCE(ep->spurious));
	return n;
}

static const struct file_operations eventpoll_fops = {
	.show_fdinfo = ep_show_fdinfo,
	.poll = ep_eventpoll_poll,
	.release = ep_eventpoll_release,
	.llseek = noop_llseek,
};

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	struct eventpoll *ep;
	struct file *file;
	int fd, err;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep), GFP_KERNEL);
	if (!ep)
		return -ENOMEM;
	mutex_init(&ep->mtx);
	spin_lock_init(&ep->lock);
	INIT_LIST_HEAD(&ep->rdllist);
	init_waitqueue_head(&ep->wq);
	init_waitqueue_head(&ep->poll_wait);
	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		goto out_free_ep;
	}
	file = alloc_file_pseudo(&eventpoll_fops, ep, O_RDWR, "[eventpoll]");
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto out_put_fd;
	}
	ep->file = file;
	fd_install(fd, file);
	return fd;
out_put_fd:
	put_unused_fd(fd);
out_free_ep:
	kfree(ep);
	return err;
}

/* Linux's file_can_poll: regular files, directories and /dev/null have no ->poll. */
static bool file_can_poll(struct file *f)
{
	return f->f_op && f->f_op->poll && f->f_op->poll != generic_file_poll;
}

static int do_epoll_ctl(int epfd, int op, int fd, struct epoll_event *epds)
{
	struct file *file, *tfile;
	struct eventpoll *ep;
	struct epitem *epi;
	bool full_check = false;
	int err = -EBADF;

	file = fget(epfd);
	if (!file)
		return -EBADF;
	tfile = fget(fd);
	if (!tfile)
		goto out_fput_file;
	err = -EPERM;
	if (!file_can_poll(tfile))
		goto out_fput_tfile;
	err = -EINVAL;
	if (file == tfile || !is_file_epoll(file))
		goto out_fput_tfile;
	if (op != EPOLL_CTL_DEL && (epds->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			goto out_fput_tfile;
		if (op == EPOLL_CTL_ADD && (is_file_epoll(tfile) ||
					    (epds->events & ~EPOLLEXCLUSIVE_OK_BITS)))
			goto out_fput_tfile;
	}
	ep = file->private_data;

	if (op == EPOLL_CTL_ADD && is_file_epoll(tfile)) {
		full_check = true;
		mutex_lock(&epmutex);
	}
	mutex_lock(&ep->mtx);
	epi = ep_find(ep, tfile, fd);
	err = -EINVAL;
	switch (op) {
	case EPOLL_CTL_ADD:
		if (epi) {
			err = -EEXIST;
			break;
		}
		if (full_check) {
			err = ep_loop_check(ep, tfile->private_data);
			if (err)
				break;
		}
		epds->events |= EPOLLERR | EPOLLHUP;
		err = ep_insert(ep, epds, tfile, fd);
		break;
	case EPOLL_CTL_DEL:
		err = -ENOENT;
		if (epi) {
			ep_remove(ep, epi);
			err = 0;
		}
		break;
	case EPOLL_CTL_MOD:
		if (!epi) {
			err = -ENOENT;
		} else if (!(epi->event.events & EPOLLEXCLUSIVE)) {
			epds->events |= EPOLLERR | EPOLLHUP;
			err = ep_modify(ep, epi, epds);
		}
		break;
	}
	mutex_unlock(&ep->mtx);
	if (full_check)
		mutex_unlock(&epmutex);
out_fput_tfile:
	fput(tfile);
out_fput_file:
	fput(file);
	return err;
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, struct epoll_event __user *, event)
{
	struct epoll_event epds = { 0 };

	if (op != EPOLL_CTL_DEL && copy_from_user(&epds, event, sizeof(epds)))
		return -EFAULT;
	return do_epoll_ctl(epfd, op, fd, &epds);
}

/* ---- waiting ---- */

/*
 * Move up to @maxevents ready items to user space (ep->mtx held). Each is
 * re-polled for its current mask; level-triggered items still ready are
 * queued again at the end, so one call never reports an item twice.
 */
static int ep_send_events(struct eventpoll *ep, struct epoll_event __user *events, int maxevents)
{
	poll_table pt = { ._qproc = NULL };
	struct epitem *epi, *tmp;
	struct epoll_event ev;
	unsigned long flags;
	LIST_HEAD(txlist);
	int res = 0;

	while (res < maxevents) {
		spin_lock_irqsave(&ep->lock, flags);
		epi = list_empty(&ep->rdllist) ? NULL :
			list_first_entry(&ep->rdllist, struct epitem, rdllink);
		if (epi)
			list_del_init(&epi->rdllink);
		spin_unlock_irqrestore(&ep->lock, flags);
		if (!epi)
			break;
		ev.events = ep_item_poll(epi, &pt);
		if (!ev.events)
			continue;       /* no longer ready: drop it until a callback */
		ev.data = epi->event.data;
		if (copy_to_user(&events[res], &ev, sizeof(ev))) {
			ep_queue_ready(ep, epi);
			if (!res)
				res = -EFAULT;
			break;
		}
		res++;
		spin_lock_irqsave(&ep->lock, flags);
		if (epi->event.events & EPOLLONESHOT)
			epi->event.events &= EP_PRIVATE_BITS;
		else if (!(epi->event.events & EPOLLET) && !ep_is_linked(epi))
			list_add_tail(&epi->rdllink, &txlist);
		spin_unlock_irqrestore(&ep->lock, flags);
	}
	spin_lock_irqsave(&ep->lock, flags);
	list_for_each_entry_safe(epi, tmp, &txlist, rdllink)
		list_move_tail(&epi->rdllink, &ep->rdllist);
	/* level-triggered items left: another sleeper may take them */
	if (!list_empty(&ep->rdllist) && waitqueue_active(&ep->wq)) {
		spin_unlock_irqrestore(&ep->lock, flags);
		wake_up(&ep->wq);
		return res;
	}
	spin_unlock_irqrestore(&ep->lock, flags);
	return res;
}

/*
 * Lockless, as Linux's: the sleeper tests this after prepare_to_wait (a full
 * barrier); a callback links the item before it looks for sleepers.
 */
static bool ep_events_available(struct eventpoll *ep)
{
	return READ_ONCE(ep->rdllist.next) != &ep->rdllist;
}

static void ep_count_wakeup(struct eventpoll *ep, bool spurious)
{
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	if (spurious)
		ep->spurious++;
	else
		ep->wakeups++;
	spin_unlock_irqrestore(&ep->lock, flags);
	spin_lock_irqsave(&ep_stat_lock, flags);
	if (spurious)
		ep_total_spurious++;
	else
		ep_total_wakeups++;
	spin_unlock_irqrestore(&ep_stat_lock, flags);
}

/*
 * The wake function of an epoll_wait sleeper: off the queue first, then
 * wake, so the sleeper knows from an empty entry that a callback took it
 * (autoremove would unlink after the wake, racing with the woken task).
 */
static int ep_wake_function(wait_queue_entry_t *wait, unsigned int mode, int sync, void *key)
{
	list_del_init(&wait->entry);
	return default_wake_function(wait, mode, sync, key);
}

/*
 * Wait for events until @expires (absolute monotonic; KTIME_MAX: forever,
 * 0: do not sleep). Sleepers queue exclusively, so one event wakes one.
 */
static int ep_poll(struct eventpoll *ep, struct epoll_event __user *events,
		   int maxevents, ktime_t expires)
{
	u64 slack = 0;
	bool woken = false;
	int res;

	if (expires && expires != KTIME_MAX)
		slack = select_estimate_accuracy(expires);      /* as Linux's ep_poll */

	for (;;) {
		if (ep_events_available(ep)) {
			mutex_lock(&ep->mtx);
			res = ep_send_events(ep, events, maxevents);
			mutex_unlock(&ep->mtx);
			if (woken && !res)
				ep_count_wakeup(ep, true);
			if (res)
				return res;
		} else if (woken) {
			ep_count_wakeup(ep, true);
		}
		if (!expires)
			return 0;
		if (signal_pending(current))
			return -EINTR;

		DEFINE_WAIT_FUNC(wait, ep_wake_function);
		int rc = -EINTR;

		prepare_to_wait_exclusive(&ep->wq, &wait, TASK_INTERRUPTIBLE);
		if (!ep_events_available(ep) && !signal_pending(current))
			rc = schedule_hrtimeout_range_prepared(expires, slack);
		/* off the queue: a callback woke us (ep_wake_function) */
		woken = list_empty(&wait.entry);
		finish_wait(&ep->wq, &wait);
		if (woken)
			ep_count_wakeup(ep, false);
		if (!rc)
			expires = 0;    /* timed out: one last look */
	}
}

static int do_epoll_wait(int epfd, struct epoll_event __user *events, int maxevents,
			 ktime_t expires)
{
	struct file *file;
	int err;

	if (maxevents <= 0 || maxevents > (int)EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(events, maxevents * sizeof(struct epoll_event)))
		return -EFAULT;
	file = fget(epfd);
	if (!file)
		return -EBADF;
	err = -EINVAL;
	if (is_file_epoll(file))
		err = ep_poll(file->private_data, events, maxevents, expires);
	fput(file);
	return err;
}

static long do_epoll_pwait(int epfd, struct epoll_event __user *events, int maxevents,
			   ktime_t expires, const sigset_t __user *sigmask, size_t sigsetsize)
{
	long err;

	err = set_user_sigmask(sigmask, sigsetsize);
	if (err)
		return err;
	err = do_epoll_wait(epfd, events, maxevents, expires);
	restore_saved_sigmask_unless(err == -EINTR);
	return err;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event __user *, events, int, maxevents,
		int, timeout, const sigset_t __user *, sigmask, size_t, sigsetsize)
{
	ktime_t expires = KTIME_MAX;

	if (timeout >= 0)
		expires = timeout ? ktime_add_safe(ktime_get(), (ktime_t)timeout * 1000000) : 0;
	return do_epoll_pwait(epfd, events, maxevents, expires, sigmask, sigsetsize);
}

SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event __user *, events, int, maxevents,
		const struct timespec __user *, timeout, const sigset_t __user *, sigmask,
		size_t, sigsetsize)
{
	ktime_t expires = KTIME_MAX, ns;
	int err;

	if (timeout) {
		err = get_user_timespec_ns(&ns, timeout);
		if (err)
			return err;
		expires = ns ? ktime_add_safe(ktime_get(), ns) : 0;
	}
	return do_epoll_pwait(epfd, events, maxevents, expires, sigmask, sigsetsize);
}

/* /proc/net/epoll_stat: wake-ups of epoll_wait sleepers, summed over instances. */
static int epoll_stat_show(char *buf, size_t size)
{
	return snprintf(buf, size, "wakeups %lu\nspurious %lu\n",
			READ_ONCE(ep_total_wakeups), READ_ONCE(ep_total_spurious));
}

static int __init eventpoll_init(void)
{
	mutex_init(&epmutex);
	return proc_create_net_single("epoll_stat", 0444, epoll_stat_show);
}
fs_initcall(eventpoll_init);
