// SPDX-License-Identifier: MIT
/*
 * The line discipline every tty shares (Linux's n_tty): input editing,
 * echo, signals and flow control on the way in; OPOST on the way out;
 * read, write and poll (include/shoal/tty.h).
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
 * O_ASYNC: readable input sends POLL_IN, room after a writer ran out of
 * it POLL_OUT (kill_fasync, called with no tty lock held).
 *
 * Locks: write_mutex -> lock (this tty's). Per input byte the lock is
 * taken, the byte handled, and what it asks for (echo, a signal, a flush
 * or flow change) done after the lock is dropped, so an echo into a pty
 * peer never nests two ttys' locks.
 *
 * Not implemented: VWERASE/VLNEXT/VREPRINT, IXANY, IUCLC/OLCUC, tabs and
 * delays of OPOST (Documentation/tty.md).
 */
#include "internal.h"

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

void stop_tty(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_STOP, TIOCPKT_START);
}

/*
 * Output may go again (room in a pty peer, ^Q): SIGIO with POLL_OUT to
 * O_ASYNC owners if a writer ran out of room since the last time (Linux's
 * tty_wakeup and n_tty_write_wakeup), and wake the writers.
 */
void tty_write_wakeup(struct tty_struct *tty)
{
	if (READ_ONCE(tty->do_write_wakeup) &&
	    __atomic_exchange_n(&tty->do_write_wakeup, 0, __ATOMIC_SEQ_CST))
		kill_fasync(&tty->fasync, SIGIO, POLL_OUT);
	wake_up_interruptible_poll(&tty->write_wait, POLLOUT | POLLWRNORM);
}

void start_tty(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_START, TIOCPKT_STOP);
	tty_write_wakeup(tty);
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
		stop_tty(tty);
	if (e->start)
		start_tty(tty);
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
	/* readable now (a line ended, in canonical mode): O_ASYNC too, as n_tty */
	if (wake) {
		kill_fasync(&tty->fasync, SIGIO, POLL_IN);
		wake_up_interruptible_poll(&tty->read_wait, POLLIN | POLLRDNORM);
	}
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
		tty_write_wakeup(tty->link);
}

/*
 * New termios from TCSETS*: with ICANON turned off a partial line becomes
 * readable; turned on, unread raw bytes become the line being edited.
 */
void n_tty_set_termios(struct tty_struct *tty, const struct termios *t, bool flush,
		       struct termios *old)
{
	unsigned long flags;
	bool was_canon;

	spin_lock_irqsave(&tty->lock, flags);
	*old = tty->termios;
	was_canon = L(tty, ICANON);
	tty->termios = *t;
	if (flush)
		__flush_input(tty);
	if (was_canon && !L(tty, ICANON))
		tty->canon_head = tty->head;
	else if (!was_canon && L(tty, ICANON))
		tty->canon_head = tty->tail;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_interruptible_poll(&tty->read_wait, POLLIN);
}

/* ---- read ---- */

static size_t __avail(struct tty_struct *tty)
{
	assert_spin_locked(&tty->lock);
	return (L(tty, ICANON) ? tty->canon_head : tty->head) - tty->tail;
}

/* FIONREAD: bytes a read could take now. */
size_t n_tty_chars_in_input(struct tty_struct *tty)
{
	unsigned long flags;
	size_t n;

	spin_lock_irqsave(&tty->lock, flags);
	n = __avail(tty);
	spin_unlock_irqrestore(&tty->lock, flags);
	return n;
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
		tty_write_wakeup(tty->link);
	return got;
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
		err = file_nowait(f) ? -EAGAIN :
		      wait_event_interruptible(&tty->write_wait, write_can_go(tty));
		if (err) {              /* left with bytes unwritten: POLL_OUT later */
			WRITE_ONCE(tty->do_write_wakeup, 1);
			return err;
		}
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
