/* SPDX-License-Identifier: MIT */
/*
 * The system console: the ns16550 UART (drivers/tty/serial/8250.c) and the
 * tty above it (drivers/tty/tty.c).
 */
#ifndef _SHOAL_CONSOLE_H
#define _SHOAL_CONSOLE_H

#include <shoal/types.h>

/* Polled output; usable from any context, including panic. */
void console_write(const char *s, size_t n);
/* The UART's receive interrupt hands input bytes to the tty layer
 * (interrupt context, IRQs off). */
void tty_receive(const char *buf, size_t n);
/* drivers/tty/serial/8250.c: bring the UART up at boot; wait until its
 * transmitter drained (before power-off). */
void uart_init(void);
void console_flush(void);
/* kernel/printk.c: set by uart_init; printk writes through SBI before. */
extern bool console_uart_ready;
/* Kernel log ring (kernel/printk.c), for dmesg/syslog: copies up to @size
 * bytes of the log starting at the oldest byte; returns the length. */
size_t log_buf_copy(char *buf, size_t size);

#endif
