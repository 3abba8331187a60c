// SPDX-License-Identifier: MIT
/*
 * The tty layer: the line discipline every terminal shares, its file
 * operations and job control, and the console driver (include/shoal/tty.h).
 *
 * One ring holds input. In canonical mode the receiving side edits the
 * current line in [canon_head, head) (erase, kill) and publishes it by
 * moving canon_head when a line ends (newline, EOL or EOF); readers take
 * only [tail, canon_head), at most one line per read, and an EOF mark
 * ends a read without being copied (a read of 0 bytes at line start is
 * end of file). In raw mode canon_head follows head, and VMIN/VTIME
 * decide when a read returns.
 *
 * Input comes from a driver: the UART interrupt for the console, the other
 * end's writes for a pty (pty.c). Output (writes and echoes) goes through
 * OPOST to ops->write, which may take less than offered (a pty whose
 * peer's ring is full): writers then sleep on write_wait.
 *
 * Locks: write_mutex -> lock (this tty's). Per input byte the lock is
 * taken, the byte handled, and what it asks for (echo, a signal, a flush
 * or flow change) done after the lock is dropped, so an echo into a pty
 * peer never nests two ttys' locks.
 *
 * Not implemented: VWERASE/VLNEXT/VREPRINT, IXANY, IUCLC/OLCUC, tabs and
 * delays of OPOST; TIOCSTI and TIOCCONS answer ENOTTY.
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/console.h>
#include <shoal/tty.h>
#include <shoal/uaccess.h>
#include <shoal/time.h>

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

#define L(tty, f)       ((tty)->termios.c_lflag & (f))
#define I(tty, f)       ((tty)->termios.c_iflag & (f))
#define O(tty, f)       ((tty)->termios.c_oflag & (f))
#define RING(i)         ((i) % N_TTY_BUF_SIZE)

/* ---- output ---- */

/*
 * Output post-processing (ONLCR) of @in into @out (room for 2*n); returns
 * bytes produced.
 */
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

/* What one input byte asks for once tty->lock is dropped. */
struct recv_actions {
	char b[64];                     /* echo */
	size_t n;
	int sig;                        /* for the foreground group */
	bool flush;                     /* ISIG without NOFLSH: output and input flushed */
	bool stop, start;               /* IXON */
	bool wake;                      /* readers have something */
};

static void echo_char(struct tty_struct *tty, struct recv_actions *e, unsigned char c)
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

static void echo_erase(struct tty_struct *tty, struct recv_actions *e, unsigned char c)
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

/* ---- packet mode (pty slaves; the master reads the status) ---- */

void tty_packet_status(struct tty_struct *tty, unsigned char set, unsigned char clear)
{
	struct tty_struct *m = tty->link;
	unsigned long flags;

	if (!(tty->flags & TTY_F_PTY_SLAVE) || !READ_ONCE(m->packet))
		return;
	spin_lock_irqsave(&tty->lock, flags);
	tty->pktstatus = (tty->pktstatus & ~clear) | set;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_interruptible_poll(&m->read_wait, POLLIN | POLLPRI);
}

static void tty_stop(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_STOP, TIOCPKT_START);
}

static void tty_start(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_START, TIOCPKT_STOP);
	wake_up_interruptible_poll(&tty->write_wait, POLLOUT);
}

/* ---- input ---- */

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

/* ISIG: a signal character. As Linux, no newline is echoed after it. */
static void __receive_sig(struct tty_struct *tty, unsigned char c, int sig, struct recv_actions *e)
{
	if (!L(tty, NOFLSH)) {
		__flush_input(tty);
		e->flush = true;
	}
	if (I(tty, IXON) && tty->stopped) {
		tty->stopped = false;
		e->start = true;
	}
	echo_char(tty, e, c);
	e->sig = sig;
	e->wake = true;
}

/* ICANON editing and line ends. */
static void __receive_canon(struct tty_struct *tty, unsigned char c, struct recv_actions *e)
{
	const cc_t *cc = tty->termios.c_cc;

	if ((c == cc[VERASE] || c == '\b') && c) {
		if (tty->head != tty->canon_head) {
			tty->head--;
			echo_erase(tty, e, tty->buf[RING(tty->head)]);
		}
		return;
	}
	if (c == cc[VKILL] && c) {
		while (tty->head != tty->canon_head) {
			tty->head--;
			echo_erase(tty, e, tty->buf[RING(tty->head)]);
		}
		return;
	}
	if (c == cc[VEOF] && c) {
		if (__store(tty, c, TTY_EOF)) {
			tty->canon_head = tty->head;
			e->wake = true;
		}
		return;
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
			e->wake = true;
		}
		return;
	}
	/* leave one slot for the newline that ends the line */
	if (tty->head - tty->tail < N_TTY_BUF_SIZE - 2 && __store(tty, c, 0))
		echo_char(tty, e, c);
}

/* One input byte; false if the ring had no room for it (raw mode). */
static bool __receive_char(struct tty_struct *tty, unsigned char c, struct recv_actions *e)
{
	const cc_t *cc = tty->termios.c_cc;

	assert_spin_locked(&tty->lock);

	if (I(tty, ISTRIP))
		c &= 0x7f;
	if (I(tty, IXON) && c) {
		if (c == cc[VSTOP]) {
			e->stop = !tty->stopped;
			tty->stopped = true;
			return true;
		}
		if (c == cc[VSTART]) {
			e->start = tty->stopped;
			tty->stopped = false;
			return true;
		}
	}
	if (c == '\r') {
		if (I(tty, IGNCR))
			return true;
		if (I(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(tty, INLCR)) {
		c = '\r';
	}
	if (L(tty, ISIG) && c) {
		int sig = c == cc[VINTR] ? SIGINT : c == cc[VQUIT] ? SIGQUIT :
			  c == cc[VSUSP] ? SIGTSTP : 0;

		if (sig) {
			__receive_sig(tty, c, sig, e);
			return true;
		}
	}
	if (L(tty, ICANON)) {
		__receive_canon(tty, c, e);
		return true;
	}
	if (!__store(tty, c, 0))
		return false;
	tty->canon_head = tty->head;
	echo_char(tty, e, c);
	e->wake = true;
	return true;
}

/* What a byte asked for, in Linux's order: flush, flow, echo, signal. */
static void receive_actions(struct tty_struct *tty, struct recv_actions *e)
{
	if (e->flush) {
		if (tty->ops->flush_buffer)
			tty->ops->flush_buffer(tty);
		tty_packet_status(tty, TIOCPKT_FLUSHREAD, 0);
	}
	if (e->stop)
		tty_stop(tty);
	if (e->start)
		tty_start(tty);
	if (e->n)
		tty->ops->write(tty, e->b, e->n);       /* an echo that finds no room is lost */
	if (e->sig) {
		pid_t pgrp = READ_ONCE(tty->pgrp);

		if (pgrp > 0)
			kill_pgrp(pgrp, e->sig, 1);
	}
}

size_t tty_receive_buf(struct tty_struct *tty, const char *buf, size_t n)
{
	unsigned long flags;
	bool wake = false;
	size_t i;

	for (i = 0; i < n; i++) {
		struct recv_actions e = { .n = 0 };
		bool ok;

		spin_lock_irqsave(&tty->lock, flags);
		ok = __receive_char(tty, buf[i], &e);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (!ok)
			break;
		wake |= e.wake;
		receive_actions(tty, &e);
	}
	if (wake)
		wake_up_interruptible_poll(&tty->read_wait, POLLIN | POLLRDNORM);
	return i;
}

/*
 * Room for input. In canonical mode with no complete line the reader
 * cannot drain the ring, so input is let through (and dropped past the
 * line limit), as Linux's n_tty does.
 */
size_t tty_receive_room(struct tty_struct *tty)
{
	unsigned long flags;
	size_t room;

	spin_lock_irqsave(&tty->lock, flags);
	room = N_TTY_BUF_SIZE - 1 - (tty->head - tty->tail);
	if (L(tty, ICANON) && tty->canon_head == tty->tail)
		room = N_TTY_BUF_SIZE;
	spin_unlock_irqrestore(&tty->lock, flags);
	return room;
}

void tty_flush_input(struct tty_struct *tty)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	__flush_input(tty);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (tty->link)
		wake_up_interruptible_poll(&tty->link->write_wait, POLLOUT);
}

void tty_receive(const char *buf, size_t n)
{
	if (READ_ONCE(console_tty.ready))
		tty_receive_buf(&console_tty, buf, n);
}

/* ---- read ---- */

static size_t __avail(struct tty_struct *tty)
{
	assert_spin_locked(&tty->lock);
	return (L(tty, ICANON) ? tty->canon_head : tty->head) - tty->tail;
}

/* A packet-mode master's pending status byte, taken; 0 if none. */
static unsigned char take_pkt_status(struct tty_struct *tty)
{
	struct tty_struct *s = tty->link;
	unsigned long flags;
	unsigned char cs = 0;

	if (!(tty->flags & TTY_F_PTY_MASTER) || !READ_ONCE(tty->packet))
		return 0;
	spin_lock_irqsave(&s->lock, flags);
	cs = s->pktstatus;
	s->pktstatus = 0;
	spin_unlock_irqrestore(&s->lock, flags);
	return cs;
}

static bool pkt_status_pending(struct tty_struct *tty)
{
	return (tty->flags & TTY_F_PTY_MASTER) && READ_ONCE(tty->packet) &&
	       READ_ONCE(tty->link->pktstatus);
}

/* A read that will not get more: the slave hung up, or a master's slave closed. */
static bool read_ends(struct tty_struct *tty)
{
	return READ_ONCE(tty->hung_up) || READ_ONCE(tty->other_closed);
}

static bool has_data(struct tty_struct *tty)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&tty->lock, flags);
	ok = __avail(tty) != 0;
	spin_unlock_irqrestore(&tty->lock, flags);
	return ok;
}

static bool input_ready(struct tty_struct *tty, size_t want)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&tty->lock, flags);
	ok = L(tty, ICANON) ? tty->canon_head != tty->tail : __avail(tty) >= want;
	spin_unlock_irqrestore(&tty->lock, flags);
	return ok || pkt_status_pending(tty) || read_ends(tty);
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

/* Take input, waking writers on the other end of a pty that wait for room. */
static size_t take_input(struct tty_struct *tty, char *out, size_t n, bool *done)
{
	unsigned long flags;
	size_t got;

	spin_lock_irqsave(&tty->lock, flags);
	got = __take(tty, out, n, done);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (got && tty->link)
		wake_up_interruptible_poll(&tty->link->write_wait, POLLOUT | POLLWRNORM);
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

struct read_state {
	size_t total, vmin;
	long timeout;
	bool canon;
};

/*
 * Nothing to take now: 1 to read again, 0 to return what we have, or an
 * error (returned only if nothing was read).
 */
static int read_wait_more(struct tty_struct *tty, struct file *f, struct read_state *r)
{
	long ret;

	if (READ_ONCE(tty->hung_up))
		return 0;                       /* end of file */
	if (READ_ONCE(tty->other_closed))
		return r->total ? 0 : -EIO;
	if (!r->canon && r->total >= max(r->vmin, (size_t)1))
		return 0;
	if (!r->canon && r->vmin == 0 && (!r->timeout || r->total))
		return 0;                       /* polling read */
	if (r->total && r->canon)
		return 0;                       /* only after a mode change mid-line */
	if (file_nowait(f))
		return -EAGAIN;
	if (!r->canon && r->timeout) {
		ret = wait_event_interruptible_timeout(&tty->read_wait, input_ready(tty, 1),
						       r->timeout);
		return ret < 0 ? (int)ret : ret > 0;    /* 0: VTIME expired */
	}
	ret = wait_event_interruptible(&tty->read_wait, input_ready(tty, 1));
	return ret < 0 ? (int)ret : 1;
}

ssize_t tty_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct tty_struct *tty = f->private_data;
	struct read_state r = { .total = 0 };
	bool packet = (tty->flags & TTY_F_PTY_MASTER) && READ_ONCE(tty->packet);
	char kbuf[256];
	unsigned long flags;
	bool done = false;
	int err;

	err = tty_check_change(tty, SIGTTIN);
	if (err)
		return err;
	if (!count)
		return 0;
	spin_lock_irqsave(&tty->lock, flags);
	r.canon = L(tty, ICANON);
	r.vmin = tty->termios.c_cc[VMIN];
	r.timeout = tty->termios.c_cc[VTIME] * (HZ / 10);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (!r.canon && r.vmin > count)
		r.vmin = count;
	while (!done && r.total < count) {
		size_t got, off = 0;
		unsigned char cs;

		if (packet && !r.total && (cs = take_pkt_status(tty)))
			return put_user(cs, (unsigned char __user *)ubuf) ? -EFAULT : 1;
		if (packet && !r.total)
			kbuf[off++] = TIOCPKT_DATA;     /* data follows a zero byte */
		if (off && count == 1) {
			/* room for the zero byte only: it says data is waiting */
			if (has_data(tty))
				return put_user(0, (unsigned char __user *)ubuf) ? -EFAULT : 1;
			got = 0;
		} else {
			got = take_input(tty, kbuf + off, min(count - r.total, sizeof(kbuf)) - off,
					 &done);
		}
		if (got) {
			got += off;
			if (copy_to_user(ubuf + r.total, kbuf, got))
				return r.total ? (ssize_t)r.total : -EFAULT;
			r.total += got;
			continue;
		}
		if (done)
			break;                  /* EOF mark, or a line just ended */
		err = read_wait_more(tty, f, &r);
		if (err <= 0) {
			if (r.total || !err)
				break;
			return err;
		}
	}
	return r.total;
}

/* ---- write ---- */

static size_t write_room(struct tty_struct *tty)
{
	return tty->ops->write_room ? tty->ops->write_room(tty) : ULONG_MAX;
}

static bool write_can_go(struct tty_struct *tty)
{
	return READ_ONCE(tty->hung_up) || (!READ_ONCE(tty->stopped) && write_room(tty) > 0);
}

/* Wait until output may go; the room, or -errno. */
static long wait_write_room(struct tty_struct *tty, struct file *f)
{
	for (;;) {
		size_t room;
		int err;

		if (READ_ONCE(tty->hung_up))
			return -EIO;
		room = READ_ONCE(tty->stopped) ? 0 : write_room(tty);
		if (room)
			return (long)min(room, (size_t)LONG_MAX);
		if (file_nowait(f))
			return -EAGAIN;
		err = wait_event_interruptible(&tty->write_wait, write_can_go(tty));
		if (err)
			return err;
	}
}

/*
 * Hand @o bytes of output to the driver. It takes less only when a racing
 * echo used the room: wait for more (or drop the rest of a non-blocking
 * write, which has been counted already).
 */
static int push_output(struct tty_struct *tty, struct file *f, const char *out, size_t o)
{
	size_t off = 0;
	long room;

	while (off < o) {
		off += tty->ops->write(tty, out + off, o - off);
		if (off == o)
			break;
		room = wait_write_room(tty, f);
		if (room == -EAGAIN)
			return 0;
		if (room < 0)
			return (int)room;
	}
	return 0;
}

ssize_t tty_write(struct file *f, const char __user *ubuf, size_t count, loff_t *ppos)
{
	struct tty_struct *tty = f->private_data;
	char in[256], out[512];
	size_t done = 0;
	long room;
	int err;

	if (READ_ONCE(tty->hung_up))
		return -EIO;
	if (L(tty, TOSTOP) && (err = tty_check_change(tty, SIGTTOU)))
		return err;
	mutex_lock(&tty->write_mutex);
	while (done < count) {
		size_t n, o;

		room = wait_write_room(tty, f);
		if (room < 0) {
			err = room;
			break;
		}
		/* at most room/2 bytes in: ONLCR may double them */
		n = min(min(count - done, sizeof(in)), max((size_t)room / 2, (size_t)1));
		if (copy_from_user(in, ubuf + done, n)) {
			err = -EFAULT;
			break;
		}
		o = opost(tty, in, n, out);
		err = push_output(tty, f, out, o);
		if (err)
			break;
		done += n;
		if (done < count && signal_pending(current))
			break;
		cond_resched();
	}
	mutex_unlock(&tty->write_mutex);
	return done ? (ssize_t)done : err;
}

static bool data_ready(struct tty_struct *tty)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&tty->lock, flags);
	ok = L(tty, ICANON) ? tty->canon_head != tty->tail : tty->head != tty->tail;
	spin_unlock_irqrestore(&tty->lock, flags);
	return ok;
}

unsigned int tty_poll(struct file *f, poll_table *pt)
{
	struct tty_struct *tty = f->private_data;
	unsigned int mask = 0;

	poll_wait(f, &tty->read_wait, pt);
	poll_wait(f, &tty->write_wait, pt);
	if (READ_ONCE(tty->hung_up))
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLERR | POLLHUP;
	if (data_ready(tty))
		mask |= POLLIN | POLLRDNORM;
	if (pkt_status_pending(tty))
		mask |= POLLPRI | POLLIN | POLLRDNORM;
	if (READ_ONCE(tty->other_closed))
		mask |= POLLHUP;
	if (!READ_ONCE(tty->stopped) && write_room(tty) > 0)
		mask |= POLLOUT | POLLWRNORM;
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
	unsigned long flags;
	bool was_canon;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (copy_from_user(&t, (void __user *)arg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	old = tty->termios;
	was_canon = L(tty, ICANON);
	tty->termios = t;
	if (cmd == TCSETSF)
		__flush_input(tty);
	if (was_canon && !L(tty, ICANON))
		tty->canon_head = tty->head;    /* a partial line becomes readable */
	else if (!was_canon && L(tty, ICANON))
		tty->canon_head = tty->tail;    /* raw bytes become the line being edited */
	spin_unlock_irqrestore(&tty->lock, flags);
	if (tty->ops->set_termios)
		tty->ops->set_termios(tty, &old);
	if (!I(tty, IXON) && READ_ONCE(tty->stopped)) {
		WRITE_ONCE(tty->stopped, false);        /* as Linux: no IXON, no stop */
		tty_start(tty);
	}
	wake_up_interruptible_poll(&tty->read_wait, POLLIN);
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
			tty_stop(tty);
		else if (arg == TCOON && was)
			tty_start(tty);
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
		spin_lock_irqsave(&tty->lock, flags);
		n = __avail(tty);
		spin_unlock_irqrestore(&tty->lock, flags);
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

static const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
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
