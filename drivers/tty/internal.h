/* SPDX-License-Identifier: MIT */
/*
 * Shared inside drivers/tty/: the line discipline (n_tty.c) and the tty
 * layer around it (tty.c).
 */
#ifndef _DRIVERS_TTY_INTERNAL_H
#define _DRIVERS_TTY_INTERNAL_H

#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/console.h>
#include <shoal/tty.h>
#include <shoal/uaccess.h>
#include <shoal/time.h>

#define L(tty, f)       ((tty)->termios.c_lflag & (f))
#define I(tty, f)       ((tty)->termios.c_iflag & (f))
#define O(tty, f)       ((tty)->termios.c_oflag & (f))

/* tty.c: job control for a read (SIGTTIN) or a write or change (SIGTTOU):
 * 0 to go ahead, -ERESTARTSYS after stopping the caller's group, -EIO. */
int tty_check_change(struct tty_struct *tty, int sig);

/* n_tty.c */
void stop_tty(struct tty_struct *tty);          /* ^S, TCOOFF: tell a packet master */
void start_tty(struct tty_struct *tty);         /* ^Q, TCOON: and wake writers */
void tty_write_wakeup(struct tty_struct *tty);  /* room again: writers, POLL_OUT */
void n_tty_set_termios(struct tty_struct *tty, const struct termios *t, bool flush,
		       struct termios *old);
size_t n_tty_chars_in_input(struct tty_struct *tty);

#endif
