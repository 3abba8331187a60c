/* SPDX-License-Identifier: MIT */
/*
 * Terminals (drivers/tty/). One line discipline (n_tty.c) serves every
 * tty_struct, with job control and ioctls around it in tty.c; a driver
 * below it supplies tty_operations:
 *
 *   - the console: one terminal on the UART, reached as /dev/console (5,1),
 *     /dev/ttyS0 (4,64) and /dev/tty (5,0, the caller's controlling tty);
 *     input arrives through tty_receive() (console.h) in interrupt context,
 *     output goes to console_write().
 *   - pseudo-terminals (pty.c): /dev/ptmx (5,2) opens a master, whose
 *     slave is /dev/pts/N (136,N) on devpts (fs/devpts.c). What one end
 *     writes is the other end's input, through that end's line discipline.
 *
 * Locking key:
 *   [lock]   tty->lock, a spinlock taken with IRQs saved (the console's
 *            receive interrupt takes it): the input ring, termios, winsize,
 *            the flow and packet-mode state
 *   [tl]     tasklist_lock: session and pgrp (job control reads them with
 *            the signal code's locks), and every signal->tty pointer
 *   [wmutex] write_mutex: serialises writers so lines do not interleave
 *   [drv]    the driver's own lock (pty.c: pty_lock for the open counts)
 *   [const]  set before the tty is reachable
 * Lock order: write_mutex -> lock. One end's lock is never held while the
 * other end's is taken: echoes and output are gathered under the lock and
 * handed to ops->write after it is dropped. Signals (kill_pgrp) and
 * wake-ups are issued after lock is released.
 */
#ifndef _SHOAL_TTY_H
#define _SHOAL_TTY_H

#include <shoal/types.h>
#include <shoal/spinlock.h>
#include <shoal/wait.h>
#include <shoal/mutex.h>
#include <uapi/ioctl.h>

#define N_TTY_BUF_SIZE  4096

struct tty_struct;
struct file;
struct fasync_struct;

struct tty_operations {
	/* Take up to @n bytes of post-processed output; returns how many were
	 * taken (the console takes all). Called without tty->lock. */
	size_t (*write)(struct tty_struct *tty, const char *buf, size_t n);
	/* Bytes write() takes now; NULL: unlimited. */
	size_t (*write_room)(struct tty_struct *tty);
	/* Output not yet consumed is discarded (TCOFLUSH, ISIG); optional. */
	void (*flush_buffer)(struct tty_struct *tty);
	/* termios changed from @old (packet-mode flow status); optional. */
	void (*set_termios)(struct tty_struct *tty, const struct termios *old);
	/* Driver ioctls, tried first; -ENOIOCTLCMD hands @cmd to the tty layer. */
	long (*ioctl)(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg);
	/* New size for a TIOCSWINSZ that changed it (pty: both ends); NULL: this tty. */
	void (*resize)(struct tty_struct *tty, const struct winsize *ws);
};

struct tty_struct {
	spinlock_t lock;
	char buf[N_TTY_BUF_SIZE];       /* input ring [lock] */
	unsigned char eol[N_TTY_BUF_SIZE];      /* per byte: TTY_EOL / TTY_EOF marks [lock] */
	unsigned long head;             /* next byte input stores [lock] */
	unsigned long canon_head;       /* end of completed lines (readable in ICANON) [lock] */
	unsigned long tail;             /* next byte a reader takes [lock] */
	struct termios termios;         /* [lock] */
	struct winsize winsize;         /* [lock] */
	bool stopped;                   /* output stopped by ^S or TCOOFF [lock] */
	bool packet;                    /* pty master: TIOCPKT mode [lock] */
	unsigned char pktstatus;        /* pty slave: TIOCPKT_* its master reads next [lock] */
	bool other_closed;              /* pty master: the slave's last file closed [lock] */
	bool hung_up;                   /* pty slave: its master closed (read 0, write EIO) [lock] */
	pid_t pgrp;                     /* foreground process group [tl] */
	pid_t session;                  /* session it controls, 0 if none [tl] */
	wait_queue_head_t read_wait;    /* input, status or hangup */
	wait_queue_head_t write_wait;   /* room, restart after stop, hangup */
	struct fasync_struct *fasync;   /* O_ASYNC files: SIGIO on input and room [fasync_lock] */
	int do_write_wakeup;            /* a writer found no room: POLL_OUT when room comes
					 * (Linux's TTY_DO_WRITE_WAKEUP) [atomic] */
	struct mutex write_mutex;
	const struct tty_operations *ops;       /* [const] */
	struct tty_struct *link;        /* pty: the other end [const] */
	int index;                      /* pty: N of /dev/pts/N [const] */
	unsigned int flags;             /* TTY_F_* [const] */
	void *driver_data;              /* [const] */
	bool ready;                     /* tty_init done; input before that is dropped */
};

#define TTY_EOL 1
#define TTY_EOF 2

#define TTY_F_PTY_MASTER        1
#define TTY_F_PTY_SLAVE         2

void tty_init(void);
/* Called from exit when a session leader dies: its controlling tty loses
 * the session (a pty's foreground group gets SIGHUP, as Linux). */
void tty_session_exit(pid_t session);

/* The line discipline, for drivers (drivers/tty/n_tty.c, tty.c) */
void tty_struct_init(struct tty_struct *tty, const struct tty_operations *ops,
		     const struct termios *termios);
extern const struct termios tty_std_termios;
/* Input bytes through the line discipline; returns how many were taken
 * (fewer only when the ring is full in raw mode). Any context. */
size_t tty_receive_buf(struct tty_struct *tty, const char *buf, size_t n);
/* Bytes tty_receive_buf() takes now without dropping. */
size_t tty_receive_room(struct tty_struct *tty);
/* Discard pending input. */
void tty_flush_input(struct tty_struct *tty);
/* pty slave: add @set to (and drop @clear from) the TIOCPKT status its
 * packet-mode master reads next, and wake the master. */
void tty_packet_status(struct tty_struct *tty, unsigned char set, unsigned char clear);
/* The file operations of every tty device node; a driver's open hands
 * over by setting f->private_data to its tty and calling tty_open_attach. */
ssize_t tty_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos);
ssize_t tty_write(struct file *f, const char __user *ubuf, size_t count, loff_t *ppos);
unsigned int tty_poll(struct file *f, struct poll_table_struct *pt);
long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg);
int tty_fasync(int fd, struct file *f, int on);
/* Make @tty current's controlling tty if current is a session leader
 * without one and the open did not say O_NOCTTY (as Linux). */
void tty_open_attach(struct tty_struct *tty, struct file *f);
/* A pty slave's master closed: every process forgets it as controlling
 * tty; the session leader gets SIGHUP and SIGCONT (Linux's tty_vhangup). */
void tty_hangup(struct tty_struct *tty);
/* The last reference to @tty goes: no process may keep it as ctty. */
void tty_forget(struct tty_struct *tty);

/* pty.c: /dev/tty of a session whose controlling tty is a pty slave */
int pty_open_ctty(struct tty_struct *tty, struct file *f);
void pty_init(void);

#endif
