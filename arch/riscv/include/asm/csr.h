/* SPDX-License-Identifier: MIT */
#ifndef _ASM_RISCV_CSR_H
#define _ASM_RISCV_CSR_H

/* sstatus */
#define SR_SIE          0x00000002UL
#define SR_SPIE         0x00000020UL
#define SR_SPP          0x00000100UL
#define SR_FS           0x00006000UL
#define SR_FS_OFF       0x00000000UL
#define SR_FS_INITIAL   0x00002000UL
#define SR_FS_CLEAN     0x00004000UL
#define SR_FS_DIRTY     0x00006000UL
#define SR_SUM          0x00040000UL
#define SR_MXR          0x00080000UL

/* scause: interrupt bit and codes */
#define CAUSE_IRQ_FLAG          (1UL << 63)
#define IRQ_S_SOFT              1
#define IRQ_S_TIMER             5
#define IRQ_S_EXT               9
#define EXC_INST_MISALIGNED     0
#define EXC_INST_ACCESS         1
#define EXC_ILLEGAL_INST        2
#define EXC_BREAKPOINT          3
#define EXC_LOAD_MISALIGNED     4
#define EXC_LOAD_ACCESS         5
#define EXC_STORE_MISALIGNED    6
#define EXC_STORE_ACCESS        7
#define EXC_SYSCALL             8
#define EXC_INST_PAGE_FAULT     12
#define EXC_LOAD_PAGE_FAULT     13
#define EXC_STORE_PAGE_FAULT    15

/* sie / sip */
#define SIE_SSIE        (1UL << IRQ_S_SOFT)
#define SIE_STIE        (1UL << IRQ_S_TIMER)
#define SIE_SEIE        (1UL << IRQ_S_EXT)
#define SIP_SEIP        (1UL << IRQ_S_EXT)

/* satp */
#define SATP_MODE_SV39  (8UL << 60)

/* AIA CSRs */
#define CSR_SISELECT    0x150
#define CSR_SIREG       0x151
#define CSR_STOPEI      0x15c
#define CSR_STIMECMP    0x14d
#define IMSIC_EIDELIVERY 0x70
#define IMSIC_EITHRESHOLD 0x72
#define IMSIC_EIP0      0x80
#define IMSIC_EIE0      0xc0

#ifndef __ASSEMBLER__
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define csr_read(csr) ({ unsigned long __v; __asm__ __volatile__("csrr %0, " __stringify(csr) : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) ({ unsigned long __v = (unsigned long)(val); __asm__ __volatile__("csrw " __stringify(csr) ", %0" :: "rK"(__v) : "memory"); })
#define csr_set(csr, val) ({ unsigned long __v = (unsigned long)(val); __asm__ __volatile__("csrs " __stringify(csr) ", %0" :: "rK"(__v) : "memory"); })
#define csr_clear(csr, val) ({ unsigned long __v = (unsigned long)(val); __asm__ __volatile__("csrc " __stringify(csr) ", %0" :: "rK"(__v) : "memory"); })
#define csr_swap(csr, val) ({ unsigned long __v = (unsigned long)(val); __asm__ __volatile__("csrrw %0, " __stringify(csr) ", %1" : "=r"(__v) : "rK"(__v) : "memory"); __v; })
#endif

#endif
