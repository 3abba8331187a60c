// SPDX-License-Identifier: MIT
/*
 * ns16550 UART: polled output, interrupt-driven input.
 *
 * The receive interrupt (APLIC level source → MSI) drains the FIFO
 * completely, so the line drops and the next byte raises a fresh edge; we
 * never re-trigger the source (see drivers/irqchip/irq-riscv-aplic.c). The
 * CPU 0 tick also polls the line status as a safety net (uart_poll()).
 *
 * The interrupt is an APLIC virq ("ttyS0" in /proc/interrupts) and may be
 * moved to any CPU (/proc/irq/N/smp_affinity): the handler runs wherever
 * it is routed.
 *
 * Locking: uart_lock (irqsave) serialises transmitters and the receive
 * path's register accesses.
 */
#include <shoal/kernel.h>
#include <shoal/console.h>
#include <shoal/irq.h>
#include <shoal/mm.h>
#include <shoal/spinlock.h>
#include <asm/platform.h>

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20

static volatile u8 *uart;
static DEFINE_SPINLOCK(uart_lock);

static u8 uart_in(int reg) { return uart[reg << platform.uart_reg_shift]; }
static void uart_out(int reg, u8 v) { uart[reg << platform.uart_reg_shift] = v; }

static void uart_putc_locked(char c)
{
	while (!(uart_in(UART_LSR) & LSR_THRE))
		;
	uart_out(UART_THR, c);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;
	size_t i;

	spin_lock_irqsave(&uart_lock, flags);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc_locked('\r');
		uart_putc_locked(s[i]);
	}
	spin_unlock_irqrestore(&uart_lock, flags);
}

void console_flush(void)
{
	if (uart)
		while (!(uart_in(UART_LSR) & LSR_THRE))
			;
}

/* Move every received byte to the tty (IRQs off). */
static void uart_poll(void)
{
	char buf[64];
	size_t n = 0;

	if (!uart)
		return;
	spin_lock(&uart_lock);
	while (n < sizeof(buf) && (uart_in(UART_LSR) & LSR_DR))
		buf[n++] = uart_in(UART_RBR);
	spin_unlock(&uart_lock);
	if (n)
		tty_receive(buf, n);
	if (n == sizeof(buf))
		uart_poll();
}

static irqreturn_t uart_interrupt(int irq, void *dev_id)
{
	uart_poll();
	return IRQ_HANDLED;
}

void uart_init(void)
{
	unsigned int irq;

	if (!platform.uart_base)
		return;
	uart = __va(platform.uart_base);
	uart_out(UART_FCR, 0x07);       /* enable and clear FIFOs */
	uart_out(UART_MCR, 0x08);       /* OUT2: route the interrupt */
	console_uart_ready = true;
	irq = aplic_irq_create(platform.uart_irq);
	if (!irq || request_irq(irq, uart_interrupt, 0, "ttyS0", NULL)) {
		printk("uart: no interrupt, input is polled\n");
		return;
	}
	uart_out(UART_IER, 0x01);       /* receive data available */
}
