// SPDX-License-Identifier: MIT
/*
 * Unix98 pseudo-terminals, as Linux's drivers/tty/pty.c.
 *
 * Opening /dev/ptmx (5,2) makes a pair: a master, the returned file, and
 * a slave, /dev/pts/N (136,N) on devpts (fs/devpts.c). Both ends are
 * tty_structs running the shared line discipline (tty.c): what one end
 * writes goes through its OPOST and becomes the other end's input. The
 * master's termios is raw, the slave's the standard cooked one, so the
 * slave edits lines, echoes back to the master and sends ISIG signals to
 * its foreground process group.
 *
 * Life of a pair:
 *   - the slave is locked until TIOCSPTLCK 0 (unlockpt); opening it
 *     before gives EIO, as does opening it once the master closed;
 *   - the last close of the slave makes master reads return EIO once the
 *     master's input is drained (poll: POLLHUP); a new slave open clears it;
 *   - the last close of the master removes /dev/pts/N and hangs the slave
 *     up (tty_hangup: reads 0, writes and ioctls EIO, the session loses
 *     the tty, its leader gets SIGHUP and SIGCONT);
 *   - the pair and its index are freed when both ends are closed.
 *
 * Locking: pty_lock (spinlock, unranked) guards the index table, the
 * count and, per pair, the open counts, the reference count, the lock
 * flag and `dead`. It is taken under tasklist_lock (pty_open_ctty, for
 * /dev/tty) and takes an end's tty->lock under it (the master's "slave
 * closed" state changes with the slave's open count):
 *   tasklist_lock -> pty_lock -> tty->lock
 * Every open file holds a reference on its pair, kept across the release
 * work (hangup, wake-ups) so the other end's release cannot free the pair
 * under it. A pair is freed only after `dead` is set under pty_lock and
 * every signal->tty naming it was cleared under tasklist_lock
 * (tty_forget), so /dev/tty cannot reach a freed pair.
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/mm.h>
#include <shoal/tty.h>
#include <shoal/devpts.h>
#include <shoal/cred.h>
#include <shoal/sysctl.h>
#include <shoal/uaccess.h>

#define PTY_INDEX_LIMIT         4096    /* slots; kernel.pty.max above it still means 4096 */
#define NR_UNIX98_PTY_MAX       (1 << 20)

struct pty_pair {
	struct tty_struct master, slave;
	int index;                      /* [const] */
	struct dentry *dentry;          /* /dev/pts/N until the master closes [pty_lock] */
	int master_count;               /* files open on the master [pty_lock] */
	int slave_count;                /* files open on the slave [pty_lock] */
	int refs;                       /* open files of either end [pty_lock] */
	bool locked;                    /* TIOCSPTLCK: slave opens fail [pty_lock] */
	bool dead;                      /* both ends closed: being freed [pty_lock] */
};

static DEFINE_SPINLOCK(pty_lock);
static struct pty_pair *pty_table[PTY_INDEX_LIMIT];    /* [pty_lock] */
static unsigned long pty_count;         /* pairs alive [pty_lock]; read by kernel.pty.nr */
static unsigned long pty_limit = 4096;  /* kernel.pty.max [word] */
static unsigned long pty_reserve = 1024; /* kernel.pty.reserve [word]: no effect (one instance) */
static unsigned long pty_limit_min, pty_limit_max = NR_UNIX98_PTY_MAX;

static const struct file_operations ptmx_fops, pts_fops;
static void pty_put(struct pty_pair *pair);

static inline struct pty_pair *tty_pair(struct tty_struct *tty)
{
	return tty->driver_data;
}

/* ---- tty_operations ---- */

/* One end's output is the other end's input. */
static size_t pty_write(struct tty_struct *tty, const char *buf, size_t n)
{
	struct tty_struct *to = tty->link;

	return tty_receive_buf(to, buf, min(n, tty_receive_room(to)));
}

static size_t pty_write_room(struct tty_struct *tty)
{
	return tty_receive_room(tty->link);
}

/*
 * Output already handed over is the master's input now (Linux flushes
 * only its not yet processed flip buffer), so a flush only tells a
 * packet-mode master.
 */
static void pty_flush_buffer(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_FLUSHWRITE, 0);
}

/* As Linux's pty_set_termios: a packet-mode master learns whether ^S/^Q
 * flow control is on; the character size stays 8 bits. */
static void pty_set_termios(struct tty_struct *tty, const struct termios *old)
{
	bool old_flow = (old->c_iflag & IXON) && old->c_cc[VSTOP] == 023 &&
			old->c_cc[VSTART] == 021;
	struct termios *t = &tty->termios;
	unsigned long flags;
	bool new_flow;

	spin_lock_irqsave(&tty->lock, flags);
	new_flow = (t->c_iflag & IXON) && t->c_cc[VSTOP] == 023 && t->c_cc[VSTART] == 021;
	t->c_cflag = (t->c_cflag & ~(CSIZE | PARENB)) | CS8 | CREAD;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (old_flow != new_flow)
		tty_packet_status(tty, new_flow ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP,
				  TIOCPKT_DOSTOP | TIOCPKT_NOSTOP);
}

/* Both ends share one size; both foreground groups hear of a change. */
static void pty_resize(struct tty_struct *tty, const struct winsize *ws)
{
	struct tty_struct *ends[2] = { tty, tty->link };
	unsigned long flags;
	pid_t pgrp, rpgrp;
	int i;

	for (i = 0; i < 2; i++) {
		spin_lock_irqsave(&ends[i]->lock, flags);
		ends[i]->winsize = *ws;
		spin_unlock_irqrestore(&ends[i]->lock, flags);
	}
	pgrp = READ_ONCE(tty->pgrp);
	rpgrp = READ_ONCE(tty->link->pgrp);
	if (pgrp > 0)
		kill_pgrp(pgrp, SIGWINCH, 1);
	if (rpgrp > 0 && rpgrp != pgrp)
		kill_pgrp(rpgrp, SIGWINCH, 1);
}

static int pty_set_lock(struct pty_pair *pair, int __user *arg)
{
	int val;

	if (get_user(val, arg))
		return -EFAULT;
	spin_lock(&pty_lock);
	pair->locked = val != 0;
	spin_unlock(&pty_lock);
	return 0;
}

static int pty_set_pktmode(struct tty_struct *tty, int __user *arg)
{
	unsigned long flags;
	int val;

	if (get_user(val, arg))
		return -EFAULT;
	if (val && !READ_ONCE(tty->packet)) {
		/* status from before packet mode is not reported */
		spin_lock_irqsave(&tty->link->lock, flags);
		tty->link->pktstatus = 0;
		spin_unlock_irqrestore(&tty->link->lock, flags);
	}
	spin_lock_irqsave(&tty->lock, flags);
	tty->packet = val != 0;
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

static int pty_open_peer(struct tty_struct *tty, struct file *master, unsigned long flags);

/* The master's own ioctls (Linux's pty_unix98_ioctl). */
static long ptm_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pty_pair *pair = tty_pair(tty);
	int __user *uarg = (int __user *)arg;
	int val;

	switch (cmd) {
	case TIOCSPTLCK:
		return pty_set_lock(pair, uarg);
	case TIOCGPTLCK:
		val = READ_ONCE(pair->locked);
		return put_user(val, uarg);
	case TIOCPKT:
		return pty_set_pktmode(tty, uarg);
	case TIOCGPKT:
		val = READ_ONCE(tty->packet);
		return put_user(val, uarg);
	case TIOCGPTN:
		return put_user((unsigned int)pair->index, (unsigned int __user *)uarg);
	case TIOCGPTPEER:
		return pty_open_peer(tty, f, arg);
	default:
		return -ENOIOCTLCMD;
	}
}

static const struct tty_operations ptm_ops = {
	.write = pty_write,
	.write_room = pty_write_room,
	.flush_buffer = pty_flush_buffer,
	.set_termios = pty_set_termios,
	.ioctl = ptm_ioctl,
	.resize = pty_resize,
};

static const struct tty_operations pts_ops = {
	.write = pty_write,
	.write_room = pty_write_room,
	.flush_buffer = pty_flush_buffer,
	.set_termios = pty_set_termios,
	.resize = pty_resize,
};

/* The master's termios: raw, 8 bits, as Linux's ptm driver. */
static struct termios ptm_termios(void)
{
	struct termios t = tty_std_termios;

	t.c_iflag = 0;
	t.c_oflag = 0;
	t.c_cflag = B38400 | CS8 | CREAD;
	t.c_lflag = 0;
	return t;
}

/* ---- pairs ---- */

/* A free index under kernel.pty.max (counting as Linux: the new count must
 * stay below max; the reserve applies to other instances, and there are none). */
static int pty_alloc_index(struct pty_pair *pair)
{
	unsigned long limit = READ_ONCE(pty_limit);
	int i, ret = -ENOSPC;

	spin_lock(&pty_lock);
	if (pty_count + 1 < limit) {
		for (i = 0; i < PTY_INDEX_LIMIT; i++) {
			if (!pty_table[i]) {
				pty_table[i] = pair;
				pty_count++;
				ret = i;
				break;
			}
		}
	}
	spin_unlock(&pty_lock);
	return ret;
}

static struct pty_pair *pty_pair_alloc(void)
{
	struct pty_pair *pair = kzalloc(sizeof(*pair), GFP_KERNEL);
	struct termios mt = ptm_termios();
	struct termios st = tty_std_termios;

	if (!pair)
		return NULL;
	st.c_cflag = B38400 | CS8 | CREAD;
	tty_struct_init(&pair->master, &ptm_ops, &mt);
	tty_struct_init(&pair->slave, &pts_ops, &st);
	pair->master.link = &pair->slave;
	pair->slave.link = &pair->master;
	pair->master.flags = TTY_F_PTY_MASTER;
	pair->slave.flags = TTY_F_PTY_SLAVE;
	pair->master.driver_data = pair->slave.driver_data = pair;
	pair->locked = true;
	pair->master_count = 1;
	pair->refs = 1;
	return pair;
}

/* The last reference went (pair->dead set): no ctty keeps it, the index is free. */
static void pty_pair_free(struct pty_pair *pair)
{
	tty_forget(&pair->slave);
	tty_forget(&pair->master);
	spin_lock(&pty_lock);
	pty_table[pair->index] = NULL;
	pty_count--;
	spin_unlock(&pty_lock);
	kfree(pair);
}

/* /dev/ptmx */
static int ptmx_open(struct inode *inode, struct file *f)
{
	struct pty_pair *pair = pty_pair_alloc();
	struct dentry *d;
	int index;

	if (!pair)
		return -ENOMEM;
	index = pty_alloc_index(pair);
	if (index < 0) {
		kfree(pair);
		return index;
	}
	pair->index = pair->master.index = pair->slave.index = index;
	d = devpts_pty_new(index, current_fsuid(), current_fsgid());  /* unless uid=/gid= */
	if (IS_ERR(d)) {
		pty_put(pair);
		return PTR_ERR(d);
	}
	spin_lock(&pty_lock);
	pair->dentry = d;
	spin_unlock(&pty_lock);
	f->f_op = &ptmx_fops;
	f->private_data = &pair->master;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD);
	return 0;
}

/*
 * A new file on the slave: the master must be open and have unlocked it.
 * Clears the master's "slave closed" state (Linux's pty_open).
 */
static int pts_get(struct pty_pair *pair)
{
	unsigned long flags;

	assert_spin_locked(&pty_lock);
	if (pair->dead || !pair->master_count || pair->locked || READ_ONCE(pair->slave.hung_up))
		return -EIO;
	pair->slave_count++;
	pair->refs++;
	spin_lock_irqsave(&pair->master.lock, flags);
	pair->master.other_closed = false;
	spin_unlock_irqrestore(&pair->master.lock, flags);
	return 0;
}

/* /dev/pts/N (136, N) */
static int pts_open(struct inode *inode, struct file *f)
{
	unsigned int index = MINOR(inode->i_rdev);
	struct pty_pair *pair;
	int err = -ENXIO;

	spin_lock(&pty_lock);
	pair = index < PTY_INDEX_LIMIT ? pty_table[index] : NULL;
	if (pair)
		err = pts_get(pair);
	spin_unlock(&pty_lock);
	if (err)
		return err;
	f->f_op = &pts_fops;
	f->private_data = &pair->slave;
	tty_open_attach(&pair->slave, f);
	return 0;
}

/* /dev/tty of a session whose controlling tty is a pty end (tasklist_lock held). */
int pty_open_ctty(struct tty_struct *tty, struct file *f)
{
	struct pty_pair *pair = tty_pair(tty);
	int err = 0;

	assert_spin_locked(&tasklist_lock);
	spin_lock(&pty_lock);
	if (tty->flags & TTY_F_PTY_SLAVE)
		err = pts_get(pair);
	else if (pair->dead || !pair->master_count)
		err = -EIO;
	else {
		pair->master_count++;
		pair->refs++;
	}
	spin_unlock(&pty_lock);
	if (err)
		return err;
	f->f_op = (tty->flags & TTY_F_PTY_SLAVE) ? &pts_fops : &ptmx_fops;
	f->private_data = tty;
	return 0;
}

/*
 * TIOCGPTPEER: open the slave without a path lookup by name from user
 * space. The node is reached through the devpts mount beside the master's
 * /dev/ptmx (as Linux), so the new file's path is /dev/pts/N.
 */
static int pty_open_peer(struct tty_struct *tty, struct file *master, unsigned long flags)
{
	struct pty_pair *pair = tty_pair(tty);
	char name[32];
	struct path p;
	struct file *f;
	int fd, err;

	if (flags & ~(unsigned long)(O_ACCMODE | O_NOCTTY | O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	snprintf(name, sizeof(name), "/dev/pts/%d", pair->index);
	err = kern_path(name, 0, &p);
	if (err)
		return err;
	if (p.dentry->d_inode->i_rdev != MKDEV(UNIX98_PTY_SLAVE_MAJOR, pair->index) ||
	    !S_ISCHR(p.dentry->d_inode->i_mode)) {
		path_put(&p);
		return -ENXIO;
	}
	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		path_put(&p);
		return fd;
	}
	f = dentry_open(&p, (int)flags & ~O_CLOEXEC);
	path_put(&p);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

/* Drop a file's reference; the last one frees the pair. */
static void pty_put(struct pty_pair *pair)
{
	bool gone;

	spin_lock(&pty_lock);
	gone = --pair->refs == 0;
	pair->dead = gone;
	spin_unlock(&pty_lock);
	if (gone)
		pty_pair_free(pair);
}

/* The master's last file: no /dev/pts/N any more, the slave hangs up. */
static int ptmx_release(struct inode *inode, struct file *f)
{
	struct pty_pair *pair = tty_pair(f->private_data);
	struct dentry *d = NULL;
	bool last;

	spin_lock(&pty_lock);
	last = --pair->master_count == 0;
	if (last) {
		d = pair->dentry;
		pair->dentry = NULL;
	}
	spin_unlock(&pty_lock);
	if (last) {
		if (d)
			devpts_pty_kill(d);
		tty_hangup(&pair->slave);
	}
	pty_put(pair);
	return 0;
}

/* The slave's last file: master reads get EIO once drained. */
static int pts_release(struct inode *inode, struct file *f)
{
	struct pty_pair *pair = tty_pair(f->private_data);
	struct tty_struct *m = &pair->master;
	unsigned long flags;
	bool last;

	spin_lock(&pty_lock);
	last = --pair->slave_count == 0;
	if (last) {
		spin_lock_irqsave(&m->lock, flags);
		m->other_closed = true;
		spin_unlock_irqrestore(&m->lock, flags);
	}
	spin_unlock(&pty_lock);
	if (last) {
		wake_up_interruptible_poll(&m->read_wait, POLLIN | POLLHUP);
		wake_up_interruptible_poll(&m->write_wait, POLLOUT | POLLHUP);
	}
	pty_put(pair);
	return 0;
}

static const struct file_operations ptmx_fops = {
	.open = ptmx_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.fasync = tty_fasync,
	.release = ptmx_release,
};

static const struct file_operations pts_fops = {
	.open = pts_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.fasync = tty_fasync,
	.release = pts_release,
};

/* ---- /proc/sys/kernel/pty ---- */

static int pty_nr_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	if (write)
		return -EPERM;
	return proc_doulongvec_minmax(table, write, buf, len);
}

static const struct ctl_table pty_table_sysctl[] = {
	{ .procname = "max", .data = &pty_limit, .maxlen = sizeof(unsigned long), .mode = 0644,
	  .proc_handler = proc_doulongvec_minmax, .extra1 = &pty_limit_min,
	  .extra2 = &pty_limit_max },
	{ .procname = "reserve", .data = &pty_reserve, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &pty_limit_min,
	  .extra2 = &pty_limit_max },
	{ .procname = "nr", .data = &pty_count, .maxlen = sizeof(unsigned long), .mode = 0444,
	  .proc_handler = pty_nr_handler },
};

void pty_init(void)
{
	devpts_init();
	if (register_chrdev_region(TTYAUX_MAJOR, 2, 1, "ptmx", &ptmx_fops) ||
	    register_chrdev_region(UNIX98_PTY_SLAVE_MAJOR, 0, PTY_INDEX_LIMIT, "pts", &pts_fops))
		panic("pty_init");
	devtmpfs_create_node("ptmx", S_IFCHR | 0666, MKDEV(TTYAUX_MAJOR, 2));
	register_sysctl("kernel/pty", pty_table_sysctl);
}
