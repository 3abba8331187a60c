/* SPDX-License-Identifier: MIT */
/*
 * The vDSO's data page ([vvar]): written by the kernel's timekeeping, read
 * by the vDSO code in user space (arch/riscv/kernel/vdso/), so it uses only
 * plain C types and is included from both sides.
 *
 * Readers follow a seqcount: wait for an even seq, read the fields, read
 * seq again and retry if it moved. The one writer (timekeeping, under
 * timekeeper_lock) makes seq odd, writes, makes it even again.
 *
 * CLOCK_MONOTONIC = time CSR * mult >> 32 (the kernel's ktime_get() to the
 * nanosecond), CLOCK_REALTIME = that + realtime_offset.
 */
#ifndef _SHOAL_VDSO_DATAPAGE_H
#define _SHOAL_VDSO_DATAPAGE_H

#define VDSO_CLOCKMODE_NONE     0       /* not set up: every call takes the syscall */
#define VDSO_CLOCKMODE_CSR      1       /* read the time CSR (rdtime) */

struct vdso_data {
	unsigned int seq;               /* odd while the writer is inside */
	unsigned int clock_mode;        /* VDSO_CLOCKMODE_* */
	unsigned long mult;             /* ns per time-CSR tick, 32.32 fixed point */
	long realtime_offset;           /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	long tai_offset;                /* CLOCK_TAI - CLOCK_REALTIME, ns */
	long hrtimer_res;               /* clock_getres of the fine clocks, ns */
	long coarse_res;                /* clock_getres of the _COARSE clocks, ns */
};

#endif
