/* SPDX-License-Identifier: MIT */
/*
 * The console tty (drivers/tty/tty.c): one terminal on the UART, reached
 * as /dev/console (5,1), /dev/tty (5,0, the caller's controlling tty) and
 * /dev/ttyS0 (4,64).
 *
 * Input arrives through tty_receive() (console.h) in interrupt context and
 * goes through the line discipline (ICRNL, ISIG, ICANON editing, ECHO);
 * output goes to console_write() with OPOST/ONLCR.
 *
 * Locking key:
 *   [lock]  tty->lock, a spinlock taken with IRQs saved (the receive
 *           interrupt takes it): the input ring, termios, winsize
 *   [tl]    tasklist_lock: session and pgrp (job control reads them with
 *           the signal code's locks)
 *   [wmutex] write_mutex: serialises output so lines do not interleave
 * Lock order: write_mutex -> lock. Signals (kill_pgrp) and wake-ups are
 * issued after lock is released.
 */
#ifndef _SHOAL_TTY_H
#define _SHOAL_TTY_H

#include <shoal/types.h>
#include <shoal/spinlock.h>
#include <shoal/wait.h>
#include <shoal/mutex.h>
#include <uapi/ioctl.h>

#define N_TTY_BUF_SIZE  4096

struct tty_struct {
	spinlock_t lock;
	char buf[N_TTY_BUF_SIZE];       /* input ring [lock] */
	unsigned char eol[N_TTY_BUF_SIZE];      /* per byte: TTY_EOL / TTY_EOF marks [lock] */
	unsigned long head;             /* next byte the interrupt stores [lock] */
	unsigned long canon_head;       /* end of completed lines (readable in ICANON) [lock] */
	unsigned long tail;             /* next byte a reader takes [lock] */
	struct termios termios;         /* [lock] */
	struct winsize winsize;         /* [lock] */
	pid_t pgrp;                     /* foreground process group [tl] */
	pid_t session;                  /* session it controls, 0 if none [tl] */
	wait_queue_head_t read_wait;
	struct mutex write_mutex;
	bool ready;                     /* tty_init done; input before that is dropped */
};

#define TTY_EOL 1
#define TTY_EOF 2

void tty_init(void);
/* Called from exit when a session leader dies: the tty loses its session. */
void tty_session_exit(pid_t session);

#endif
