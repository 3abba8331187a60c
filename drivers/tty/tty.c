// SPDX-License-Identifier: MIT
/*
 * The tty layer around the line discipline (n_tty.c): job control and
 * controlling terminals, hangup, the ioctls, opening /dev/tty,
 * /dev/console and /dev/ttyS0, and the console driver
 * (include/shoal/tty.h, Documentation/tty.md).
 *
 * Locks: tasklist_lock guards every tty's session and foreground group
 * and every signal->tty; tty->lock (n_tty.c) is never held with it.
 * Signals are sent after both are dropped.
 *
 * Not implemented: TIOCSTI, TIOCCONS, modem lines, and a hangup of the
 * console's session when its leader exits (Documentation/tty.md).
 */
#include "internal.h"

static struct tty_struct console_tty;

const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
		  [VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26,
		  [VREPRINT] = 18, [VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22 },
};

/* Console input from the UART's receive interrupt (console.h). */
void tty_receive(const char *buf, size_t n)
{
	if (READ_ONCE(console_tty.ready))
		tty_receive_buf(&console_tty, buf, n);
}

/*
 * Job control, as Linux's tty_check_change(): a process in a background
 * process group of this terminal's session that reads (SIGTTIN), or that
 * writes with TOSTOP set or changes the terminal (SIGTTOU), has the signal
 * sent to its whole group and the call restarts once the group continues.
 * If the process ignores or blocks the signal, a read fails with EIO and
 * the other operations go ahead; an orphaned group gets EIO.
 */
int tty_check_change(struct tty_struct *tty, int sig)
{
	struct signal_struct *s = current->signal;
	pid_t fg = READ_ONCE(tty->pgrp);
	bool ignored;

	if (s->tty != tty || fg <= 0 || s->pgrp == fg)
		return 0;
	ignored = (current->blocked & sigmask(sig)) ||
		  current->sighand->action[sig - 1].handler == SIG_IGN;
	if (ignored)
		return sig == SIGTTIN ? -EIO : 0;
	if (is_orphaned_pgrp(s->pgrp))
		return -EIO;
	kill_pgrp(s->pgrp, sig, 1);
	return -ERESTARTSYS;
}

/* ---- job control and ioctls ---- */

/* Make @tty the controlling terminal of current's session. */
static int tiocsctty(struct tty_struct *tty, int steal)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (sig->tty == tty && tty->session == sig->session)
		goto out;
	if (sig->session != current->tgid || sig->tty) {
		err = -EPERM;
		goto out;
	}
	/* a session that ended released it (tty_session_exit) */
	if (tty->session && tty->session != sig->session && !steal) {
		err = -EPERM;
		goto out;
	}
	sig->tty = tty;
	tty->session = sig->session;
	tty->pgrp = sig->pgrp;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

static int tiocnotty(struct tty_struct *tty)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (sig->tty != tty) {
		err = -ENOTTY;
	} else {
		sig->tty = NULL;
		if (sig->session == current->tgid) {
			tty->session = 0;
			tty->pgrp = 0;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

/* Every process that has @tty as controlling tty forgets it (tasklist_lock held). */
static void __tty_clear_ctty(struct tty_struct *tty)
{
	struct task_struct *p;

	assert_spin_locked(&tasklist_lock);
	for_each_process(p) {
		if (p->signal->tty == tty)
			p->signal->tty = NULL;
	}
	tty->session = 0;
	tty->pgrp = 0;
}

/*
 * As Linux's disassociate_ctty on exit: the tty and every process of the
 * session forget each other, so the tty can become another session's. A
 * pty's foreground group gets SIGHUP (Linux hangs other ttys up instead;
 * the console is left alone here).
 */
void tty_session_exit(pid_t session)
{
	struct tty_struct *tty;
	struct task_struct *p;
	unsigned long flags;
	pid_t hup = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	tty = current->signal->tty;
	if (!tty && console_tty.session == session)
		tty = &console_tty;
	if (tty && tty->session == session) {
		if (tty->flags & TTY_F_PTY_SLAVE)
			hup = tty->pgrp;
		tty->session = 0;
		tty->pgrp = 0;
	}
	for_each_process(p) {
		if (p->signal->session == session)
			p->signal->tty = NULL;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (hup > 0)
		kill_pgrp(hup, SIGHUP, 1);
}

/* Signal @pid's process from the kernel (SI_KERNEL). */
static void kill_proc_priv(pid_t pid, int sig)
{
	struct kernel_siginfo info = { .si_signo = sig, .si_code = SI_KERNEL };
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(pid);
	if (t)
		get_task_struct(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!t)
		return;
	group_send_sig_info(sig, &info, t);
	put_task_struct(t);
}

void tty_hangup(struct tty_struct *tty)
{
	unsigned long flags;
	pid_t leader;

	spin_lock_irqsave(&tty->lock, flags);
	tty->hung_up = true;
	tty->stopped = false;
	spin_unlock_irqrestore(&tty->lock, flags);
	spin_lock_irqsave(&tasklist_lock, flags);
	leader = tty->session;
	__tty_clear_ctty(tty);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	wake_up_interruptible_poll(&tty->read_wait, POLLIN | POLLHUP | POLLERR);
	wake_up_interruptible_poll(&tty->write_wait, POLLOUT | POLLHUP | POLLERR);
	if (leader > 0) {
		kill_proc_priv(leader, SIGHUP);
		kill_proc_priv(leader, SIGCONT);
	}
}

void tty_forget(struct tty_struct *tty)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	__tty_clear_ctty(tty);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static long set_termios(struct tty_struct *tty, unsigned int cmd, unsigned long arg)
{
	struct termios t, old;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (copy_from_user(&t, (void __user *)arg, sizeof(t)))
		return -EFAULT;
	n_tty_set_termios(tty, &t, cmd == TCSETSF, &old);
	if (tty->ops->set_termios)
		tty->ops->set_termios(tty, &old);
	if (!I(tty, IXON) && READ_ONCE(tty->stopped)) {
		WRITE_ONCE(tty->stopped, false);        /* as Linux: no IXON, no stop */
		start_tty(tty);
	}
	return 0;
}

static int tty_flush(struct tty_struct *tty, unsigned long arg)
{
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (arg > TCIOFLUSH)
		return -EINVAL;
	if (arg == TCIFLUSH || arg == TCIOFLUSH) {
		tty_flush_input(tty);
		tty_packet_status(tty, TIOCPKT_FLUSHREAD, 0);
	}
	if ((arg == TCOFLUSH || arg == TCIOFLUSH) && tty->ops->flush_buffer)
		tty->ops->flush_buffer(tty);
	return 0;
}

static int tty_xonc(struct tty_struct *tty, unsigned long arg)
{
	unsigned long flags;
	bool was;
	char c;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	switch (arg) {
	case TCOOFF:
	case TCOON:
		spin_lock_irqsave(&tty->lock, flags);
		was = tty->stopped;
		tty->stopped = arg == TCOOFF;
		spin_unlock_irqrestore(&tty->lock, flags);
		if (arg == TCOOFF && !was)
			stop_tty(tty);
		else if (arg == TCOON && was)
			start_tty(tty);
		return 0;
	case TCIOFF:
	case TCION:
		c = tty->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
		if (c)
			tty->ops->write(tty, &c, 1);
		return 0;
	default:
		return -EINVAL;
	}
}

/* TIOCSWINSZ: only a change signals the foreground group (as Linux). */
static int tty_set_winsize(struct tty_struct *tty, const struct winsize __user *uarg)
{
	struct winsize ws;
	unsigned long flags;
	bool same;
	pid_t pgrp;

	if (copy_from_user(&ws, uarg, sizeof(ws)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	same = !memcmp(&ws, &tty->winsize, sizeof(ws));
	if (!same && !tty->ops->resize)
		tty->winsize = ws;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (same)
		return 0;
	if (tty->ops->resize) {
		tty->ops->resize(tty, &ws);
		return 0;
	}
	pgrp = READ_ONCE(tty->pgrp);
	if (pgrp > 0)
		kill_pgrp(pgrp, SIGWINCH, 1);
	return 0;
}

/*
 * TIOCGPGRP/TIOCSPGRP/TIOCGSID on a pty master act on its slave (Linux's
 * tty_pair_get_tty): a pty's driver sees the job it runs.
 */
static long tty_pgrp_ioctl(struct tty_struct *tty, unsigned int cmd, pid_t __user *uarg)
{
	struct tty_struct *real = (tty->flags & TTY_F_PTY_MASTER) ? tty->link : tty;
	pid_t pgrp;
	int err;

	if (cmd == TIOCGPGRP) {
		pgrp = READ_ONCE(real->pgrp);
		return put_user(pgrp, uarg);
	}
	if (cmd == TIOCGSID) {
		pgrp = READ_ONCE(real->session);
		return pgrp ? put_user(pgrp, uarg) : -ENOTTY;
	}
	if (get_user(pgrp, uarg))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (current->signal->tty != real || real->session != current->signal->session)
		return -ENOTTY;
	err = tty_check_change(real, SIGTTOU);
	if (err)
		return err;
	WRITE_ONCE(real->pgrp, pgrp);
	return 0;
}

/* The mode ioctls of a pty master act on the slave, as Linux's tty_mode_ioctl. */
static bool tty_mode_ioctl(unsigned int cmd)
{
	return cmd == TCGETS || cmd == TCSETS || cmd == TCSETSW || cmd == TCSETSF ||
	       cmd == TIOCGWINSZ || cmd == TIOCSWINSZ;
}

static long tty_generic_ioctl(struct tty_struct *tty, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	unsigned long flags;
	struct termios t;
	struct winsize ws;
	int n;

	if ((tty->flags & TTY_F_PTY_MASTER) && tty_mode_ioctl(cmd))
		tty = tty->link;
	switch (cmd) {
	case TCGETS:
		spin_lock_irqsave(&tty->lock, flags);
		t = tty->termios;
		spin_unlock_irqrestore(&tty->lock, flags);
		return copy_to_user(uarg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:                   /* output is synchronous: nothing to drain */
	case TCSETSF:
		return set_termios(tty, cmd, arg);
	case TIOCGWINSZ:
		spin_lock_irqsave(&tty->lock, flags);
		ws = tty->winsize;
		spin_unlock_irqrestore(&tty->lock, flags);
		return copy_to_user(uarg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return tty_set_winsize(tty, uarg);
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		return tty_pgrp_ioctl(tty, cmd, uarg);
	case TIOCSCTTY:
		return tiocsctty(tty, arg == 1);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case FIONREAD:
		n = n_tty_chars_in_input(tty);
		return put_user(n, (int __user *)uarg);
	case TIOCOUTQ:
		n = 0;
		return put_user(n, (int __user *)uarg);
	case TCFLSH:
		return tty_flush(tty, arg);
	case TCXONC:
		return tty_xonc(tty, arg);
	case TCSBRK:
	case TIOCEXCL:
	case TIOCNXCL:
		return 0;
	default:
		return -ENOTTY;
	}
}

long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = f->private_data;
	long ret;

	if (READ_ONCE(tty->hung_up))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;       /* Linux's hung_up_tty_ioctl */
	if (tty->ops->ioctl) {
		ret = tty->ops->ioctl(tty, f, cmd, arg);
		if (ret != -ENOIOCTLCMD)
			return ret;
	}
	return tty_generic_ioctl(tty, cmd, arg);
}

void tty_open_attach(struct tty_struct *tty, struct file *f)
{
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD);
	if (!(f->f_flags & O_NOCTTY) && current->signal->session == current->tgid &&
	    !current->signal->tty && !tty->session)
		tiocsctty(tty, 0);
}

/*
 * Opening a tty other than /dev/console without O_NOCTTY makes it the
 * controlling terminal of a session leader that has none (as Linux).
 * /dev/tty means "my controlling terminal": ENXIO without one; a pty
 * slave's is opened by pty.c.
 */
static int tty_open(struct inode *inode, struct file *f)
{
	struct tty_struct *tty = &console_tty;
	dev_t dev = inode->i_rdev;
	unsigned long flags;
	int err = 0;

	if (dev == MKDEV(5, 0)) {
		spin_lock_irqsave(&tasklist_lock, flags);
		tty = current->signal->tty;
		if (!tty)
			err = -ENXIO;
		else if (tty->flags & (TTY_F_PTY_SLAVE | TTY_F_PTY_MASTER))
			err = pty_open_ctty(tty, f);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (err || tty != &console_tty) {
			if (!err)
				f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD);
			return err;
		}
	}
	f->private_data = tty;
	if (dev == MKDEV(5, 0) || dev == MKDEV(5, 1))
		f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD);
	else
		tty_open_attach(tty, f);
	return 0;
}

/*
 * O_ASYNC (Linux's __tty_fasync): the file joins the tty's fasync list;
 * turning it on gives a file without an owner one: the tty's foreground
 * process group, or the caller's process when there is none.
 */
int tty_fasync(int fd, struct file *f, int on)
{
	struct tty_struct *tty = f->private_data;
	int ret = fasync_helper(fd, f, on, &tty->fasync);
	pid_t pgrp;

	if (ret <= 0 || !on)
		return ret < 0 ? ret : 0;
	pgrp = READ_ONCE(tty->pgrp);
	if (!f_getown(f))
		f_setown(f, pgrp > 0 ? -pgrp : current->tgid);  /* a group gone: no owner */
	return 0;
}

static const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.fasync = tty_fasync,
};

void tty_struct_init(struct tty_struct *tty, const struct tty_operations *ops,
		     const struct termios *termios)
{
	spin_lock_init(&tty->lock);
	init_waitqueue_head(&tty->read_wait);
	init_waitqueue_head(&tty->write_wait);
	mutex_init(&tty->write_mutex);
	tty->ops = ops;
	tty->termios = *termios;
	tty->winsize = (struct winsize){ .ws_row = 24, .ws_col = 80 };
}

static size_t console_tty_write(struct tty_struct *tty, const char *buf, size_t n)
{
	console_write(buf, n);
	return n;
}

static const struct tty_operations console_tty_ops = {
	.write = console_tty_write,
};

void tty_init(void)
{
	struct tty_struct *tty = &console_tty;

	tty_struct_init(tty, &console_tty_ops, &tty_std_termios);
	register_chrdev_region(5, 0, 2, "tty", &tty_fops);
	register_chrdev_region(4, 64, 1, "ttyS", &tty_fops);
	devtmpfs_create_node("tty", S_IFCHR | 0666, MKDEV(5, 0));
	devtmpfs_create_node("console", S_IFCHR | 0600, MKDEV(5, 1));
	devtmpfs_create_node("ttyS0", S_IFCHR | 0660, MKDEV(4, 64));
	pty_init();
	smp_wmb();
	WRITE_ONCE(tty->ready, true);
}
