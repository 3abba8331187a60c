// SPDX-License-Identifier: MIT
/*
 * Pipes and FIFOs.
 *
 * The buffer is a ring of PIPE_PAGES pages (64 KiB), addressed by two
 * free-running byte counters: data is [tail, head), page (pos / 4 KiB) %
 * PIPE_PAGES. Pages are allocated on first use and kept until the pipe
 * is freed. Data moves with copy_to_user/copy_from_user straight between
 * user memory and the ring pages.
 *
 * Locking: pipe->mutex (sleeping) guards head, tail, the pages and the
 * reader/writer counts; user copies happen under it (the fault path never
 * takes it). Sleepers wait on rd_wait / wr_wait without the mutex and
 * re-check under it. A writer wakes readers once per write call (and
 * before it sleeps on a full pipe), a reader wakes writers once per read,
 * and only when wq_has_sleeper() says someone (a sleeper or a poll/epoll
 * entry) is there; the barrier in wq_has_sleeper pairs with
 * set_current_state() in prepare_to_wait().
 *
 * Writes of at most PIPE_BUF bytes are atomic: they wait until the whole
 * write fits.
 */
#include "internal.h"
#include <uapi/ioctl.h>
#include <shoal/syscalls.h>

#define PIPE_PAGES      16
#define PIPE_SIZE       (PIPE_PAGES * PAGE_SIZE)

struct pipe_inode_info {
	struct mutex mutex;
	wait_queue_head_t rd_wait, wr_wait;
	unsigned long head, tail;       /* bytes written / read, ever [mutex] */
	struct page *pages[PIPE_PAGES]; /* [mutex] */
	unsigned int readers, writers;  /* open ends [mutex] */
	unsigned int r_counter, w_counter;      /* opens ever, for FIFO open waits [mutex] */
	struct fasync_struct *fasync_readers, *fasync_writers; /* O_ASYNC ends [fasync_lock] */
};

static struct super_block *pipe_sb;
static struct file_system_type pipefs_type = { .name = "pipefs" };

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	mutex_init(&pipe->mutex);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	return pipe;
}

void free_pipe_info(struct pipe_inode_info *pipe)
{
	int i;

	for (i = 0; i < PIPE_PAGES; i++)
		if (pipe->pages[i])
			__free_pages(pipe->pages[i], 0);
	kfree(pipe);
}

static inline size_t pipe_used(struct pipe_inode_info *pipe)
{
	return READ_ONCE(pipe->head) - READ_ONCE(pipe->tail);
}

/* Copy up to @n bytes out of the ring into user (or kernel) memory. */
static ssize_t pipe_copy_out(struct pipe_inode_info *pipe, char __user *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		unsigned long t = pipe->tail;
		unsigned int off = t & ~PAGE_MASK;
		size_t chunk = min(n - done, (size_t)(PAGE_SIZE - off));
		char *src = (char *)page_address(pipe->pages[(t >> PAGE_SHIFT) % PIPE_PAGES]) + off;
		size_t left = copy_to_user(buf + done, src, chunk);

		done += chunk - left;
		WRITE_ONCE(pipe->tail, t + chunk - left);
		if (left)
			return done ? (ssize_t)done : -EFAULT;
	}
	return done;
}

/* Copy @n bytes (that fit) into the ring; @kernel: @buf is a kernel pointer. */
static ssize_t pipe_copy_in(struct pipe_inode_info *pipe, const char *buf, size_t n, bool kernel)
{
	size_t done = 0;

	while (done < n) {
		unsigned long h = pipe->head;
		unsigned int off = h & ~PAGE_MASK, slot = (h >> PAGE_SHIFT) % PIPE_PAGES;
		size_t chunk = min(n - done, (size_t)(PAGE_SIZE - off)), left = 0;
		char *dst;

		if (!pipe->pages[slot]) {
			pipe->pages[slot] = alloc_page(GFP_KERNEL);
			if (!pipe->pages[slot])
				return done ? (ssize_t)done : -ENOMEM;
		}
		dst = (char *)page_address(pipe->pages[slot]) + off;
		if (kernel)
			memcpy(dst, buf + done, chunk);
		else
			left = copy_from_user(dst, (const char __user *)buf + done, chunk);
		done += chunk - left;
		WRITE_ONCE(pipe->head, h + chunk - left);
		if (left)
			return done ? (ssize_t)done : -EFAULT;
	}
	return done;
}

static ssize_t pipe_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct pipe_inode_info *pipe = f->private_data;
	ssize_t ret = 0, r;

	if (!count)
		return 0;
	mutex_lock(&pipe->mutex);
	for (;;) {
		size_t avail = pipe->head - pipe->tail;

		if (avail) {
			r = pipe_copy_out(pipe, buf + ret, min(avail, count - ret));
			if (r < 0) {
				if (!ret)
					ret = r;
				break;
			}
			ret += r;
			break;          /* return what there is */
		}
		if (!pipe->writers)
			break;          /* EOF */
		if (file_nowait(f)) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		r = wait_event_interruptible(&pipe->rd_wait,
					     pipe_used(pipe) || !READ_ONCE(pipe->writers));
		mutex_lock(&pipe->mutex);
		if (r) {
			ret = r;
			break;
		}
	}
	mutex_unlock(&pipe->mutex);
	if (ret > 0 && wq_has_sleeper(&pipe->wr_wait))
		wake_up_interruptible_poll(&pipe->wr_wait, POLLOUT | POLLWRNORM);
	if (ret > 0)
		kill_fasync(&pipe->fasync_writers, SIGIO, POLL_OUT);
	return ret;
}

static ssize_t __pipe_write(struct file *f, const char *buf, size_t count, bool kernel)
{
	struct pipe_inode_info *pipe = f->private_data;
	size_t done = 0, added = 0;
	ssize_t ret = 0, r;

	if (!count)
		return 0;
	mutex_lock(&pipe->mutex);
	for (;;) {
		size_t space = PIPE_SIZE - (pipe->head - pipe->tail), want = count - done;

		if (!pipe->readers) {
			send_sig(SIGPIPE, current, 0);
			ret = -EPIPE;
			break;
		}
		/* atomic writes need room for all of it; larger ones take what fits */
		if (space && (count > PIPE_BUF || space >= want)) {
			r = pipe_copy_in(pipe, buf + done, min(space, want), kernel);
			if (r < 0) {
				ret = r;
				break;
			}
			done += r;
			added += r;
			if (done == count)
				break;
		}
		if (file_nowait(f)) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&pipe->mutex);
		if (added && wq_has_sleeper(&pipe->rd_wait))
			wake_up_interruptible_poll(&pipe->rd_wait, POLLIN | POLLRDNORM);
		if (added)
			kill_fasync(&pipe->fasync_readers, SIGIO, POLL_IN);
		added = 0;
		want = count - done;
		r = wait_event_interruptible(&pipe->wr_wait,
			!READ_ONCE(pipe->readers) ||
			PIPE_SIZE - pipe_used(pipe) >= (count > PIPE_BUF ? 1 : want));
		mutex_lock(&pipe->mutex);
		if (r) {
			ret = r;
			break;
		}
	}
	mutex_unlock(&pipe->mutex);
	if (added && wq_has_sleeper(&pipe->rd_wait))
		wake_up_interruptible_poll(&pipe->rd_wait, POLLIN | POLLRDNORM);
	if (added)
		kill_fasync(&pipe->fasync_readers, SIGIO, POLL_IN);
	return done ? (ssize_t)done : ret;
}

static ssize_t pipe_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	return __pipe_write(f, (const char *)buf, count, false);
}

static ssize_t pipe_sendpage(struct file *f, struct page *page, int offset, size_t size,
			     loff_t *pos, bool more)
{
	return __pipe_write(f, (char *)page_address(page) + offset, size, true);
}

static unsigned int pipe_poll(struct file *f, poll_table *pt)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned int mask = 0;
	size_t used;

	if (f->f_mode & FMODE_READ)
		poll_wait(f, &pipe->rd_wait, pt);
	if (f->f_mode & FMODE_WRITE)
		poll_wait(f, &pipe->wr_wait, pt);
	/* the counters are read without the mutex: a racy but consistent-enough snapshot */
	used = pipe_used(pipe);
	if (f->f_mode & FMODE_READ) {
		if (used)
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(pipe->writers))
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (PIPE_SIZE - used >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(pipe->readers))
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = f->private_data;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	n = pipe_used(pipe);
	return put_user(n, (int __user *)arg);
}

/* ------------------------------------------------------ splice and tee */

static const struct file_operations pipe_fops;

/* The pipe behind @f, or NULL if @f is not a pipe or FIFO end. */
struct pipe_inode_info *get_pipe_info(struct file *f)
{
	return f->f_op == &pipe_fops ? f->private_data : NULL;
}

/*
 * With the mutex held, wait until @pipe has data: 1 when it has, 0 at EOF
 * (no writers), -EAGAIN for @f non-blocking, -ERESTARTSYS on a signal.
 */
static int pipe_wait_data(struct file *f, struct pipe_inode_info *pipe)
{
	int r;

	while (pipe->head == pipe->tail) {
		if (!pipe->writers)
			return 0;
		if (file_nowait(f))
			return -EAGAIN;
		mutex_unlock(&pipe->mutex);
		r = wait_event_interruptible(&pipe->rd_wait,
					     pipe_used(pipe) || !READ_ONCE(pipe->writers));
		mutex_lock(&pipe->mutex);
		if (r)
			return r;
	}
	return 1;
}

/* With the mutex held, wait for room: 1, or -EPIPE (SIGPIPE sent), -EAGAIN, -ERESTARTSYS. */
static int pipe_wait_room(struct file *f, struct pipe_inode_info *pipe)
{
	int r;

	for (;;) {
		if (!pipe->readers) {
			send_sig(SIGPIPE, current, 0);
			return -EPIPE;
		}
		if (pipe->head - pipe->tail < PIPE_SIZE)
			return 1;
		if (file_nowait(f))
			return -EAGAIN;
		mutex_unlock(&pipe->mutex);
		r = wait_event_interruptible(&pipe->wr_wait, !READ_ONCE(pipe->readers) ||
					     pipe_used(pipe) < PIPE_SIZE);
		mutex_lock(&pipe->mutex);
		if (r)
			return r;
	}
}

/*
 * splice out of a pipe: wait for data, then hand the ring's bytes (up to
 * @len, one contiguous piece of a page at a time) to @actor, consuming
 * what it takes, until it takes less than offered. The pipe mutex is held
 * across @actor (as Linux holds the pipe lock across ->splice_write), so
 * the order is pipe mutex -> whatever @actor takes (i_mutex, socket
 * locks); nothing takes a pipe mutex under those.
 */
ssize_t pipe_splice_out(struct file *f, size_t len, pipe_actor_t actor, void *arg)
{
	struct pipe_inode_info *pipe = f->private_data;
	ssize_t done = 0, r;

	mutex_lock(&pipe->mutex);
	r = pipe_wait_data(f, pipe);
	while (r > 0 && (size_t)done < len && pipe->head != pipe->tail) {
		unsigned long t = pipe->tail;
		unsigned int off = t & ~PAGE_MASK;
		size_t chunk = min(min(len - done, (size_t)(PAGE_SIZE - off)),
				   (size_t)(pipe->head - t));
		char *src = (char *)page_address(pipe->pages[(t >> PAGE_SHIFT) % PIPE_PAGES]) + off;

		r = actor(arg, src, chunk);
		if (r <= 0)
			break;
		WRITE_ONCE(pipe->tail, t + r);
		done += r;
		if ((size_t)r < chunk)
			break;
	}
	mutex_unlock(&pipe->mutex);
	if (done && wq_has_sleeper(&pipe->wr_wait))
		wake_up_interruptible_poll(&pipe->wr_wait, POLLOUT | POLLWRNORM);
	return done ? done : r;
}

/*
 * splice into a pipe: wait for room, then let @actor fill the ring's free
 * bytes (up to @len, a page piece at a time) until it gives less than
 * asked. The mutex is held across @actor, as in pipe_splice_out().
 */
ssize_t pipe_splice_in(struct file *f, size_t len, pipe_actor_t actor, void *arg)
{
	struct pipe_inode_info *pipe = f->private_data;
	ssize_t done = 0, r;

	mutex_lock(&pipe->mutex);
	r = pipe_wait_room(f, pipe);
	while (r > 0 && (size_t)done < len && pipe->head - pipe->tail < PIPE_SIZE) {
		unsigned long h = pipe->head;
		unsigned int off = h & ~PAGE_MASK, slot = (h >> PAGE_SHIFT) % PIPE_PAGES;
		size_t chunk = min(min(len - done, (size_t)(PAGE_SIZE - off)),
				   (size_t)(PIPE_SIZE - (h - pipe->tail)));

		if (!pipe->pages[slot]) {
			pipe->pages[slot] = alloc_page(GFP_KERNEL);
			if (!pipe->pages[slot]) {
				r = -ENOMEM;
				break;
			}
		}
		r = actor(arg, (char *)page_address(pipe->pages[slot]) + off, chunk);
		if (r <= 0)
			break;
		WRITE_ONCE(pipe->head, h + r);
		done += r;
		if ((size_t)r < chunk)
			break;
	}
	mutex_unlock(&pipe->mutex);
	if (done && wq_has_sleeper(&pipe->rd_wait))
		wake_up_interruptible_poll(&pipe->rd_wait, POLLIN | POLLRDNORM);
	return done ? done : r;
}

/* Both mutexes, lower address first (Linux's pipe_double_lock). */
static void pipe_double_lock(struct pipe_inode_info *a, struct pipe_inode_info *b)
{
	if (a > b) {
		mutex_lock(&b->mutex);
		mutex_lock(&a->mutex);
	} else {
		mutex_lock(&a->mutex);
		mutex_lock(&b->mutex);
	}
}

/* Copy @n bytes from @ip's tail to @op's head; both mutexes held. */
static ssize_t pipe_copy_ring(struct pipe_inode_info *ip, struct pipe_inode_info *op, size_t n)
{
	size_t done = 0;

	while (done < n) {
		unsigned long t = ip->tail + done;
		unsigned int off = t & ~PAGE_MASK;
		size_t chunk = min(n - done, (size_t)(PAGE_SIZE - off));
		char *src = (char *)page_address(ip->pages[(t >> PAGE_SHIFT) % PIPE_PAGES]) + off;
		ssize_t r = pipe_copy_in(op, src, chunk, true);

		if (r <= 0)
			return done ? (ssize_t)done : r;
		done += r;
	}
	return done;
}

/*
 * splice (@consume) or tee between two different pipes: wait for data in
 * @in and room in @out, each under its own mutex, then move or duplicate
 * what fits with both held. Returns 0 at EOF of @in.
 */
ssize_t pipe_link(struct file *in, struct file *out, size_t len, bool consume)
{
	struct pipe_inode_info *ip = in->private_data, *op = out->private_data;
	ssize_t r;
	size_t n;

	if (!len)
		return 0;
	for (;;) {
		mutex_lock(&ip->mutex);
		r = pipe_wait_data(in, ip);
		mutex_unlock(&ip->mutex);
		if (r <= 0)
			return r;
		mutex_lock(&op->mutex);
		r = pipe_wait_room(out, op);
		mutex_unlock(&op->mutex);
		if (r < 0)
			return r;
		pipe_double_lock(ip, op);
		if (!op->readers) {
			r = -EPIPE;
			send_sig(SIGPIPE, current, 0);
		} else {
			n = min(min(len, (size_t)(ip->head - ip->tail)),
				(size_t)(PIPE_SIZE - (op->head - op->tail)));
			r = pipe_copy_ring(ip, op, n);
			if (r > 0 && consume)
				WRITE_ONCE(ip->tail, ip->tail + r);
		}
		mutex_unlock(&op->mutex);
		mutex_unlock(&ip->mutex);
		if (r > 0) {
			if (wq_has_sleeper(&op->rd_wait))
				wake_up_interruptible_poll(&op->rd_wait, POLLIN | POLLRDNORM);
			if (consume && wq_has_sleeper(&ip->wr_wait))
				wake_up_interruptible_poll(&ip->wr_wait, POLLOUT | POLLWRNORM);
		}
		/* 0: another reader or writer got there between the waits; wait again */
		if (r || signal_pending(current))
			return r ? r : -ERESTARTSYS;
	}
}

/* Drop this end; the last one out frees the pipe (FIFOs detach it from the inode). */
static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;
	bool last;

	mutex_lock(&pipe->mutex);
	if (f->f_mode & FMODE_READ)
		pipe->readers--;
	if (f->f_mode & FMODE_WRITE)
		pipe->writers--;
	last = !pipe->readers && !pipe->writers;
	/* Wake the other side under the mutex, as Linux does: the last end
	 * to go (on another CPU) frees the pipe once it gets the mutex, so a
	 * wake-up after unlocking could touch freed wait queues. */
	if (!last) {
		wake_up_interruptible_all(&pipe->rd_wait);
		wake_up_interruptible_all(&pipe->wr_wait);
		kill_fasync(&pipe->fasync_readers, SIGIO, POLL_IN);
		kill_fasync(&pipe->fasync_writers, SIGIO, POLL_OUT);
	}
	mutex_unlock(&pipe->mutex);
	if (last) {
		spin_lock(&inode->i_lock);
		if (inode->i_pipe == pipe)
			inode->i_pipe = NULL;
		spin_unlock(&inode->i_lock);
		free_pipe_info(pipe);
	}
	return 0;
}

/* O_ASYNC: a reading end gets SIGIO when data comes, a writing end when
 * room frees (Linux's pipe_fasync) */
static int pipe_fasync(int fd, struct file *f, int on)
{
	struct pipe_inode_info *pipe = f->private_data;
	int ret = 0;

	mutex_lock(&pipe->mutex);
	if (f->f_mode & FMODE_READ)
		ret = fasync_helper(fd, f, on, &pipe->fasync_readers);
	if ((f->f_mode & FMODE_WRITE) && ret >= 0) {
		ret = fasync_helper(fd, f, on, &pipe->fasync_writers);
		if (ret < 0 && (f->f_mode & FMODE_READ))
			fasync_helper(-1, f, 0, &pipe->fasync_readers);
	}
	mutex_unlock(&pipe->mutex);
	return ret < 0 ? ret : 0;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.fasync = pipe_fasync,
	.sendpage = pipe_sendpage,
};

/*
 * FIFO open: a reader waits for a writer and vice versa unless O_NONBLOCK
 * (a non-blocking writer without readers gets ENXIO); O_RDWR never waits.
 */
static int wait_for_partner(struct pipe_inode_info *pipe, unsigned int *cnt)
{
	unsigned int cur = *cnt;
	int r;

	mutex_unlock(&pipe->mutex);
	r = wait_event_interruptible(&pipe->rd_wait, READ_ONCE(*cnt) != cur);
	mutex_lock(&pipe->mutex);
	return r;
}

static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe, *fresh = NULL;
	int err = 0;

	spin_lock(&inode->i_lock);
	pipe = inode->i_pipe;
	spin_unlock(&inode->i_lock);
	if (!pipe) {
		fresh = alloc_pipe_info();
		if (!fresh)
			return -ENOMEM;
		spin_lock(&inode->i_lock);
		pipe = inode->i_pipe;
		if (!pipe)
			pipe = inode->i_pipe = fresh;
		spin_unlock(&inode->i_lock);
		if (pipe != fresh) {
			free_pipe_info(fresh);
			fresh = NULL;
		}
	}
	f->private_data = pipe;
	f->f_op = &pipe_fops;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD);
	f->f_mode |= FMODE_NOWAIT;
	mutex_lock(&pipe->mutex);
	switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		pipe->readers++;
		pipe->r_counter++;
		wake_up_interruptible_all(&pipe->rd_wait);
		if (!pipe->writers && !(f->f_flags & O_NONBLOCK))
			err = wait_for_partner(pipe, &pipe->w_counter);
		if (err)
			pipe->readers--;
		break;
	case FMODE_WRITE:
		if (!pipe->readers && (f->f_flags & O_NONBLOCK)) {
			err = -ENXIO;
			break;
		}
		pipe->writers++;
		pipe->w_counter++;
		wake_up_interruptible_all(&pipe->rd_wait);
		if (!pipe->readers)
			err = wait_for_partner(pipe, &pipe->r_counter);
		if (err)
			pipe->writers--;
		break;
	default:
		pipe->readers++;
		pipe->writers++;
		pipe->r_counter++;
		pipe->w_counter++;
		wake_up_interruptible_all(&pipe->rd_wait);
		break;
	}
	if (err && !pipe->readers && !pipe->writers) {
		mutex_unlock(&pipe->mutex);
		spin_lock(&inode->i_lock);
		if (inode->i_pipe == pipe)
			inode->i_pipe = NULL;
		spin_unlock(&inode->i_lock);
		free_pipe_info(pipe);
		return err;
	}
	mutex_unlock(&pipe->mutex);
	return err;
}

/* Named FIFOs start with these ops; fifo_open switches to pipe_fops. */
const struct file_operations fifo_fops = {
	.open = fifo_open,
};

static int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = new_inode(pipe_sb);
	struct pipe_inode_info *pipe;
	struct file *r, *w;

	if (!inode)
		return -ENFILE;
	pipe = alloc_pipe_info();
	if (!pipe) {
		iput(inode);
		return -ENFILE;
	}
	inode->i_mode = S_IFIFO | 0600;
	inode->i_pipe = pipe;
	inode->i_fop = &pipe_fops;
	pipe->readers = pipe->writers = 1;
	pipe->r_counter = pipe->w_counter = 1;
	w = alloc_empty_file(O_WRONLY | (flags & O_NONBLOCK), &pipe_fops);
	if (IS_ERR(w)) {
		iput(inode);
		return PTR_ERR(w);
	}
	r = alloc_empty_file(O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	if (IS_ERR(r)) {
		w->f_op = NULL;
		w->f_inode = inode;
		fput(w);
		return PTR_ERR(r);
	}
	ihold(inode);
	r->f_inode = w->f_inode = inode;
	r->f_mode |= FMODE_NOWAIT;
	w->f_mode |= FMODE_NOWAIT;
	r->private_data = w->private_data = pipe;
	res[0] = r;
	res[1] = w;
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	struct file *files[2] = { NULL, NULL };
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	if (fd[0] < 0) {
		err = fd[0];
		goto out_files;
	}
	fd[1] = get_unused_fd_flags(flags);
	if (fd[1] < 0) {
		err = fd[1];
		goto out_fd0;
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		err = -EFAULT;
		goto out_fd1;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
out_fd1:
	put_unused_fd(fd[1]);
out_fd0:
	put_unused_fd(fd[0]);
out_files:
	fput(files[0]);
	fput(files[1]);
	return err;
}

void pipe_init(void)
{
	pipe_sb = sget_nodev(&pipefs_type, NULL, PIPEFS_MAGIC);
	if (!pipe_sb)
		panic("pipe_init");
}
