// SPDX-License-Identifier: MIT
/*
 * printk: formats into a 64 KiB log ring (read by dmesg through syslog and
 * log_buf_copy) and writes to the console. Before the UART is up the
 * console is SBI's.
 *
 * Locking: logbuf_lock (irqsave) guards the ring and serialises console
 * output so lines from different CPUs do not interleave. panic() takes it
 * with a bounded wait, so a CPU that died holding it cannot silence panic.
 */
#include <shoal/kernel.h>
#include <shoal/spinlock.h>
#include <shoal/console.h>
#include <shoal/reboot.h>
#include <shoal/smp.h>
#include <shoal/time.h>
#include <asm/sbi.h>

#define LOG_BUF_LEN (1 << 16)

static char log_buf[LOG_BUF_LEN];
static unsigned long log_head;          /* total bytes ever written [logbuf_lock] */
static DEFINE_SPINLOCK(logbuf_lock);
static bool line_start = true;          /* [logbuf_lock] */
bool console_uart_ready;

static void console_out(const char *s, size_t n)
{
	size_t i;

	if (console_uart_ready) {
		console_write(s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			sbi_console_putchar('\r');
		sbi_console_putchar(s[i]);
	}
}

static void log_store(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_LEN] = s[i];
	log_head += n;
}

static int vprintk(const char *fmt, va_list ap)
{
	char buf[512], stamp[32];
	unsigned long flags;
	int n, sn = 0;
	ktime_t t;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	spin_lock_irqsave(&logbuf_lock, flags);
	if (line_start) {
		t = timebase_freq ? ktime_get() : 0;
		sn = scnprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
			       (unsigned long)(t / NSEC_PER_SEC),
			       (unsigned long)(t % NSEC_PER_SEC) / 1000);
		log_store(stamp, sn);
		console_out(stamp, sn);
	}
	log_store(buf, n);
	console_out(buf, n);
	line_start = n > 0 && buf[n - 1] == '\n';
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Into the log ring only (dmesg), not onto the console: for notes that
 * would drown the console, e.g. unimplemented system calls. */
int printk_log_only(const char *fmt, ...)
{
	char buf[256];
	unsigned long flags;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	spin_lock_irqsave(&logbuf_lock, flags);
	log_store(buf, n);
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

size_t log_buf_copy(char *buf, size_t size)
{
	unsigned long flags, start, len, i;

	spin_lock_irqsave(&logbuf_lock, flags);
	len = min(log_head, (unsigned long)LOG_BUF_LEN);
	len = min(len, (unsigned long)size);
	start = log_head - len;
	for (i = 0; i < len; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_LEN];
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return len;
}

/* Stop the machine: print, then power off with a status scripts/run reports. */
void panic(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;
	int n, tries;

	local_irq_disable();
	for (tries = 0; tries < 1000000 && !spin_trylock(&logbuf_lock); tries++)
		cpu_relax();
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	console_out("\nKernel panic - not syncing: ", 29);
	console_out(buf, n);
	console_out("\n", 1);
	machine_power_off(125);
}
