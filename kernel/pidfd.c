// SPDX-License-Identifier: MIT
/*
 * pidfd_open: a file that names a process (Linux's pidfd, an anonymous
 * inode). It holds a reference on the process's leader task_struct, so
 * the pid can be reused without the file ever naming another process:
 * callers check that the task is still hashed under tasklist_lock.
 * poll() says POLLIN once the whole process has exited (woken by
 * do_notify_pidfd() from exit_notify and release_task). No locks of its
 * own: the task's exit state is read under tasklist_lock.
 *
 * CLONE_PIDFD reserves the descriptor and file before the child exists
 * (pidfd_prepare) and attaches the child before it first runs
 * (pidfd_install). Not provided: PIDFD_THREAD (pidfds for threads).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/syscalls.h>

#define PIDFD_NONBLOCK  O_NONBLOCK

static unsigned int pidfd_poll(struct file *f, poll_table *pt)
{
	struct task_struct *t = f->private_data;
	unsigned long flags;
	bool exited;

	poll_wait(f, &t->wait_pidfd, pt);
	spin_lock_irqsave(&tasklist_lock, flags);
	exited = process_exited(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return exited ? POLLIN | POLLRDNORM : 0;
}

static int pidfd_release(struct inode *inode, struct file *f)
{
	if (f->private_data)            /* NULL: a CLONE_PIDFD whose clone failed */
		put_task_struct(f->private_data);
	return 0;
}

static const struct file_operations pidfd_fops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
};

struct task_struct *pidfd_task(struct file *f)
{
	return f->f_op == &pidfd_fops ? f->private_data : NULL;
}

/* CLONE_PIDFD, first half: a reserved close-on-exec descriptor and its file, no task yet. */
int pidfd_prepare(struct file **fp)
{
	struct file *f;
	int fd = get_unused_fd_flags(O_CLOEXEC);

	if (fd < 0)
		return fd;
	f = alloc_file_pseudo(&pidfd_fops, NULL, O_RDWR, "[pidfd]");
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	*fp = f;
	return fd;
}

/* Second half: @p (not yet running) is what the file names; the fd goes live. */
void pidfd_install(int fd, struct file *f, struct task_struct *p)
{
	get_task_struct(p);
	f->private_data = p;
	fd_install(fd, f);
}

/* A pid that is not a process (a thread of one) is EINVAL, one that is gone ESRCH. */
SYSCALL_DEFINE2(pidfd_open, pid_t, pid, unsigned int, flags)
{
	struct task_struct *t;
	unsigned long irqf;
	int fd;

	if (flags & ~PIDFD_NONBLOCK)
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, irqf);
	t = find_task_by_pid(pid);
	if (!t || (t->flags & PF_IDLE))
		fd = -ESRCH;
	else if (!thread_group_leader(t))
		fd = -EINVAL;
	else
		fd = 0;
	if (!fd)
		get_task_struct(t);
	spin_unlock_irqrestore(&tasklist_lock, irqf);
	if (fd)
		return fd;
	fd = anon_inode_getfd("[pidfd]", &pidfd_fops, t,
			      O_RDWR | O_CLOEXEC | (flags & PIDFD_NONBLOCK));
	if (fd < 0)
		put_task_struct(t);
	return fd;
}
