/* SPDX-License-Identifier: MIT */
/* Local (this hart) interrupt enable: sstatus.SIE. */
#ifndef _SHOAL_IRQFLAGS_H
#define _SHOAL_IRQFLAGS_H

#ifdef __riscv
#define SR_SIE_BIT 0x2UL
static inline unsigned long local_irq_save(void)
{
	unsigned long f;
	__asm__ __volatile__("csrrc %0, sstatus, %1" : "=r"(f) : "r"(SR_SIE_BIT) : "memory");
	return f & SR_SIE_BIT;
}
static inline void local_irq_restore(unsigned long f)
{
	__asm__ __volatile__("csrs sstatus, %0" :: "r"(f & SR_SIE_BIT) : "memory");
}
static inline void local_irq_enable(void) { __asm__ __volatile__("csrs sstatus, %0" :: "r"(SR_SIE_BIT) : "memory"); }
static inline void local_irq_disable(void) { __asm__ __volatile__("csrc sstatus, %0" :: "r"(SR_SIE_BIT) : "memory"); }
static inline int irqs_disabled(void)
{
	unsigned long f;
	__asm__ __volatile__("csrr %0, sstatus" : "=r"(f));
	return !(f & SR_SIE_BIT);
}
#else /* host unit tests: no interrupts */
static inline unsigned long local_irq_save(void) { return 0; }
static inline void local_irq_restore(unsigned long f) { (void)f; }
static inline void local_irq_enable(void) { }
static inline void local_irq_disable(void) { }
static inline int irqs_disabled(void) { return 1; }
#endif

#ifdef CONFIG_DEBUG
#define assert_irqs_disabled() do { if (!irqs_disabled()) panic("irqs enabled at %s:%d", __FILE__, __LINE__); } while (0)
#else
#define assert_irqs_disabled() do { } while (0)
#endif

#endif
