// SPDX-License-Identifier: MIT
/*
 * The console tty and its line discipline (include/shoal/tty.h).
 *
 * One ring holds input. In canonical mode the interrupt side edits the
 * current line in [canon_head, head) (erase, kill) and publishes it by
 * moving canon_head when a line ends (newline, EOL or EOF); readers take
 * only [tail, canon_head), at most one line per read, and an EOF mark
 * ends a read without being copied (a read of 0 bytes at line start is
 * end of file). In raw mode canon_head follows head, and VMIN/VTIME
 * decide when a read returns.
 *
 * Not implemented yet: SIGTTIN/SIGTTOU for background process groups,
 * IXON flow control, VWERASE/VLNEXT/VREPRINT, hangup.
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/console.h>
#include <shoal/tty.h>
#include <shoal/uaccess.h>
#include <shoal/time.h>

static struct tty_struct console_tty;

static const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
		  [VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26,
		  [VREPRINT] = 18, [VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22 },
};

#define L(tty, f)       ((tty)->termios.c_lflag & (f))
#define I(tty, f)       ((tty)->termios.c_iflag & (f))
#define O(tty, f)       ((tty)->termios.c_oflag & (f))
#define RING(i)         ((i) % N_TTY_BUF_SIZE)

/* ---- output ---- */

/* Output post-processing (ONLCR) into @out; returns bytes produced. @out holds 2*n. */
static size_t opost(struct tty_struct *tty, const char *in, size_t n, char *out)
{
	size_t i, o = 0;
	bool onlcr = O(tty, OPOST) && O(tty, ONLCR);

	for (i = 0; i < n; i++) {
		if (onlcr && in[i] == '\n')
			out[o++] = '\r';
		out[o++] = in[i];
	}
	return o;
}

/* Echo buffer filled under tty->lock and written after it is dropped. */
struct echo_buf {
	char b[64];
	size_t n;
};

static void echo_char(struct tty_struct *tty, struct echo_buf *e, unsigned char c)
{
	if (!L(tty, ECHO) || e->n + 3 > sizeof(e->b))
		return;
	if (c == '\n') {
		if (O(tty, OPOST) && O(tty, ONLCR))
			e->b[e->n++] = '\r';
		e->b[e->n++] = '\n';
	} else if (c < 0x20 && c != '\t' && L(tty, ECHOCTL)) {
		e->b[e->n++] = '^';
		e->b[e->n++] = c + 0x40;
	} else if (c == 0x7f && L(tty, ECHOCTL)) {
		e->b[e->n++] = '^';
		e->b[e->n++] = '?';
	} else {
		e->b[e->n++] = c;
	}
}

static void echo_erase(struct tty_struct *tty, struct echo_buf *e, unsigned char c)
{
	int w = (c < 0x20 && c != '\t' && L(tty, ECHOCTL)) ? 2 : 1;

	if (!L(tty, ECHO) || !L(tty, ECHOE))
		return;
	while (w-- && e->n + 3 <= sizeof(e->b)) {
		e->b[e->n++] = '\b';
		e->b[e->n++] = ' ';
		e->b[e->n++] = '\b';
	}
}

static void echo_flush(struct echo_buf *e)
{
	if (e->n)
		console_write(e->b, e->n);
	e->n = 0;
}

/* ---- input (interrupt context) ---- */

static void __flush_input(struct tty_struct *tty)
{
	assert_spin_locked(&tty->lock);
	tty->head = tty->canon_head = tty->tail;
}

static bool __store(struct tty_struct *tty, unsigned char c, unsigned char mark)
{
	assert_spin_locked(&tty->lock);
	if (tty->head - tty->tail >= N_TTY_BUF_SIZE - 1)
		return false;
	tty->buf[RING(tty->head)] = c;
	tty->eol[RING(tty->head)] = mark;
	tty->head++;
	return true;
}

/* One input byte; returns a signal to send to the foreground group, or 0. */
static int __receive_char(struct tty_struct *tty, unsigned char c, struct echo_buf *e, bool *wake)
{
	const cc_t *cc = tty->termios.c_cc;

	assert_spin_locked(&tty->lock);

	if (I(tty, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (I(tty, IGNCR))
			return 0;
		if (I(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(tty, INLCR)) {
		c = '\r';
	}
	if (L(tty, ISIG)) {
		int sig = c == cc[VINTR] ? SIGINT : c == cc[VQUIT] ? SIGQUIT :
			  c == cc[VSUSP] ? SIGTSTP : 0;

		if (sig && c) {
			if (!L(tty, NOFLSH))
				__flush_input(tty);
			echo_char(tty, e, c);
			echo_char(tty, e, '\n');
			*wake = true;
			return sig;
		}
	}
	if (!L(tty, ICANON)) {
		if (__store(tty, c, 0)) {
			tty->canon_head = tty->head;
			echo_char(tty, e, c);
			*wake = true;
		}
		return 0;
	}
	if ((c == cc[VERASE] || c == '\b') && c) {
		if (tty->head != tty->canon_head) {
			tty->head--;
			echo_erase(tty, e, tty->buf[RING(tty->head)]);
		}
		return 0;
	}
	if (c == cc[VKILL] && c) {
		while (tty->head != tty->canon_head) {
			tty->head--;
			echo_erase(tty, e, tty->buf[RING(tty->head)]);
		}
		return 0;
	}
	if (c == cc[VEOF] && c) {
		if (__store(tty, c, TTY_EOF)) {
			tty->canon_head = tty->head;
			*wake = true;
		}
		return 0;
	}
	if (c == '\n' || (c == cc[VEOL] && c) || (c == cc[VEOL2] && c)) {
		/* a full ring still takes the line end, in the slot kept free */
		if (tty->head - tty->tail < N_TTY_BUF_SIZE) {
			tty->buf[RING(tty->head)] = c;
			tty->eol[RING(tty->head)] = TTY_EOL;
			tty->head++;
			tty->canon_head = tty->head;
			if (L(tty, ECHO) || (c == '\n' && L(tty, ECHONL)))
				echo_char(tty, e, c == '\n' ? '\n' : c);
			*wake = true;
		}
		return 0;
	}
	/* leave one slot for the newline that ends the line */
	if (tty->head - tty->tail < N_TTY_BUF_SIZE - 2 && __store(tty, c, 0))
		echo_char(tty, e, c);
	return 0;
}

void tty_receive(const char *buf, size_t n)
{
	struct tty_struct *tty = &console_tty;
	struct echo_buf e = { .n = 0 };
	unsigned long flags;
	bool wake = false;
	int sig = 0;
	pid_t pgrp;
	size_t i;

	if (!READ_ONCE(tty->ready))
		return;
	for (i = 0; i < n; i++) {
		int s;

		spin_lock_irqsave(&tty->lock, flags);
		s = __receive_char(tty, buf[i], &e, &wake);
		spin_unlock_irqrestore(&tty->lock, flags);
		echo_flush(&e);
		if (s)
			sig = s;
	}
	if (wake)
		wake_up_interruptible_poll(&tty->read_wait, POLLIN | POLLRDNORM);
	pgrp = READ_ONCE(tty->pgrp);
	if (sig && pgrp > 0)
		kill_pgrp(pgrp, sig, 1);
}

/* ---- read ---- */

static size_t __avail(struct tty_struct *tty)
{
	assert_spin_locked(&tty->lock);
	return (L(tty, ICANON) ? tty->canon_head : tty->head) - tty->tail;
}

static bool input_ready(struct tty_struct *tty, size_t want)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&tty->lock, flags);
	ok = L(tty, ICANON) ? tty->canon_head != tty->tail : __avail(tty) >= want;
	spin_unlock_irqrestore(&tty->lock, flags);
	return ok;
}

/*
 * Take up to @n bytes into @out under the lock. In canonical mode stop
 * after a line end; an EOF mark is consumed but not copied. *done says a
 * line (or EOF) ended.
 */
static size_t __take(struct tty_struct *tty, char *out, size_t n, bool *done)
{
	size_t got = 0;
	bool canon = L(tty, ICANON);
	unsigned long end = canon ? tty->canon_head : tty->head;

	assert_spin_locked(&tty->lock);

	while (got < n && tty->tail != end) {
		unsigned int i = RING(tty->tail);

		tty->tail++;
		if (canon && tty->eol[i] == TTY_EOF) {
			*done = true;
			break;
		}
		out[got++] = tty->buf[i];
		if (canon && tty->eol[i] == TTY_EOL) {
			*done = true;
			break;
		}
	}
	return got;
}

/*
 * Job control, as Linux's tty_check_change(): a process in a background
 * process group of this terminal's session that reads (SIGTTIN), or that
 * writes with TOSTOP set or changes the terminal (SIGTTOU), has the signal
 * sent to its whole group and the call restarts once the group continues.
 * If the process ignores or blocks the signal, a read fails with EIO and
 * the other operations go ahead; an orphaned group gets EIO.
 */
static int tty_check_change(struct tty_struct *tty, int sig)
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

static ssize_t tty_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct tty_struct *tty = f->private_data;
	char kbuf[256];
	size_t total = 0, vmin;
	unsigned long flags;
	long timeout;
	bool canon, done = false;
	int err;

	err = tty_check_change(tty, SIGTTIN);
	if (err)
		return err;
	if (!count)
		return 0;
	spin_lock_irqsave(&tty->lock, flags);
	canon = L(tty, ICANON);
	vmin = tty->termios.c_cc[VMIN];
	timeout = tty->termios.c_cc[VTIME] * (HZ / 10);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (!canon && vmin > count)
		vmin = count;
	while (!done && total < count) {
		size_t got;

		spin_lock_irqsave(&tty->lock, flags);
		got = __take(tty, kbuf, min(count - total, sizeof(kbuf)), &done);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (got) {
			if (copy_to_user(ubuf + total, kbuf, got))
				return total ? (ssize_t)total : -EFAULT;
			total += got;
			continue;
		}
		if (done)
			break;                  /* EOF mark, or a line just ended */
		if (!canon && total >= max(vmin, (size_t)1))
			break;
		if (!canon && vmin == 0 && (!timeout || total))
			break;                  /* polling read */
		if (total && canon)
			break;                  /* only after a mode change mid-line */
		if (f->f_flags & O_NONBLOCK)
			return total ? (ssize_t)total : -EAGAIN;
		if (!canon && timeout) {
			long r = wait_event_interruptible_timeout(&tty->read_wait,
								  input_ready(tty, 1), timeout);
			if (r < 0)
				return total ? (ssize_t)total : r;
			if (r == 0)
				break;          /* VTIME expired */
			continue;
		}
		err = wait_event_interruptible(&tty->read_wait, input_ready(tty, 1));
		if (err)
			return total ? (ssize_t)total : err;
	}
	return total;
}

/* ---- write ---- */

static ssize_t tty_write(struct file *f, const char __user *ubuf, size_t count, loff_t *ppos)
{
	struct tty_struct *tty = f->private_data;
	char in[256], out[512];
	size_t done = 0;
	int err;

	if (L(tty, TOSTOP) && (err = tty_check_change(tty, SIGTTOU)))
		return err;
	mutex_lock(&tty->write_mutex);
	while (done < count) {
		size_t n = min(count - done, sizeof(in)), o;

		if (copy_from_user(in, ubuf + done, n)) {
			mutex_unlock(&tty->write_mutex);
			return done ? (ssize_t)done : -EFAULT;
		}
		o = opost(tty, in, n, out);
		console_write(out, o);
		done += n;
		if (done < count && signal_pending(current))
			break;
		cond_resched();
	}
	mutex_unlock(&tty->write_mutex);
	return done;
}

static unsigned int tty_poll(struct file *f, poll_table *pt)
{
	struct tty_struct *tty = f->private_data;
	unsigned int mask = POLLOUT | POLLWRNORM;

	poll_wait(f, &tty->read_wait, pt);
	if (input_ready(tty, 1))
		mask |= POLLIN | POLLRDNORM;
	return mask;
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

/* As Linux's disassociate_ctty on exit: the tty and every process of the
 * session forget each other, so the tty can become another session's. */
void tty_session_exit(pid_t session)
{
	struct tty_struct *tty = &console_tty;
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (tty->session == session) {
		tty->session = 0;
		tty->pgrp = 0;
	}
	for_each_process(p) {
		if (p->signal->session == session)
			p->signal->tty = NULL;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static long set_termios(struct tty_struct *tty, unsigned int cmd, unsigned long arg)
{
	struct termios t;
	unsigned long flags;
	bool was_canon;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (copy_from_user(&t, (void __user *)arg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	was_canon = L(tty, ICANON);
	tty->termios = t;
	if (cmd == TCSETSF)
		__flush_input(tty);
	if (was_canon && !L(tty, ICANON))
		tty->canon_head = tty->head;    /* a partial line becomes readable */
	else if (!was_canon && L(tty, ICANON))
		tty->canon_head = tty->tail;    /* raw bytes become the line being edited */
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_interruptible_poll(&tty->read_wait, POLLIN);
	return 0;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = f->private_data;
	void __user *uarg = (void __user *)arg;
	unsigned long flags;
	struct termios t;
	struct winsize ws;
	pid_t pgrp;
	int n, err;

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
		if (copy_from_user(&ws, uarg, sizeof(ws)))
			return -EFAULT;
		spin_lock_irqsave(&tty->lock, flags);
		tty->winsize = ws;
		spin_unlock_irqrestore(&tty->lock, flags);
		pgrp = READ_ONCE(tty->pgrp);
		if (pgrp > 0)
			kill_pgrp(pgrp, SIGWINCH, 1);
		return 0;
	case TIOCGPGRP:
		pgrp = READ_ONCE(tty->pgrp);
		return put_user(pgrp, (pid_t __user *)uarg);
	case TIOCSPGRP:
		if (get_user(pgrp, (pid_t __user *)uarg))
			return -EFAULT;
		if (pgrp < 0)
			return -EINVAL;
		if (current->signal->tty != tty || tty->session != current->signal->session)
			return -ENOTTY;
		err = tty_check_change(tty, SIGTTOU);
		if (err)
			return err;
		WRITE_ONCE(tty->pgrp, pgrp);
		return 0;
	case TIOCGSID:
		if (!tty->session)
			return -ENOTTY;
		return put_user(tty->session, (pid_t __user *)uarg);
	case TIOCSCTTY:
		return tiocsctty(tty, arg == 1);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case FIONREAD:
		spin_lock_irqsave(&tty->lock, flags);
		n = __avail(tty);
		spin_unlock_irqrestore(&tty->lock, flags);
		return put_user(n, (int __user *)uarg);
	case TIOCOUTQ:
		n = 0;
		return put_user(n, (int __user *)uarg);
	case TCFLSH:
		if (arg == TCIFLUSH || arg == TCIOFLUSH) {
			spin_lock_irqsave(&tty->lock, flags);
			__flush_input(tty);
			spin_unlock_irqrestore(&tty->lock, flags);
		}
		return 0;
	case TCSBRK:
	case TCXONC:
	case TIOCEXCL:
	case TIOCNXCL:
		return 0;
	default:
		return -ENOTTY;
	}
}

/*
 * Opening a tty other than /dev/console without O_NOCTTY makes it the
 * controlling terminal of a session leader that has none (as Linux).
 * /dev/tty means "my controlling terminal": ENXIO without one.
 */
static int tty_open(struct inode *inode, struct file *f)
{
	struct tty_struct *tty = &console_tty;
	dev_t dev = inode->i_rdev;

	if (dev == MKDEV(5, 0) && !current->signal->tty)
		return -ENXIO;
	f->private_data = tty;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD);
	if (dev != MKDEV(5, 0) && dev != MKDEV(5, 1) && !(f->f_flags & O_NOCTTY) &&
	    current->signal->session == current->tgid && !current->signal->tty && !tty->session)
		tiocsctty(tty, 0);
	return 0;
}

static const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
};

void tty_init(void)
{
	struct tty_struct *tty = &console_tty;

	spin_lock_init(&tty->lock);
	init_waitqueue_head(&tty->read_wait);
	mutex_init(&tty->write_mutex);
	tty->termios = tty_std_termios;
	tty->winsize = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	register_chrdev_region(5, 0, 2, "tty", &tty_fops);
	register_chrdev_region(4, 64, 1, "ttyS", &tty_fops);
	devtmpfs_create_node("tty", S_IFCHR | 0666, MKDEV(5, 0));
	devtmpfs_create_node("console", S_IFCHR | 0600, MKDEV(5, 1));
	devtmpfs_create_node("ttyS0", S_IFCHR | 0660, MKDEV(4, 64));
	smp_wmb();
	WRITE_ONCE(tty->ready, true);
}
