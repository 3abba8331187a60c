// SPDX-License-Identifier: MIT
/*
 * Clocks: CLOCK_MONOTONIC from the `time` CSR, CLOCK_REALTIME as monotonic
 * plus an offset.
 *
 * Conversion is a 64x64->128-bit multiply and a shift (mulhu + mul on
 * rv64, no division): ns = cycles * mult >> 32 with mult = 1e9 * 2^32 /
 * timebase_freq, exact for QEMU's 10 MHz timebase. 128-bit intermediates
 * never overflow for any realistic uptime.
 *
 * CLOCK_REALTIME starts at the epoch (offset 0), as Debian's Linux on this
 * machine does with its goldfish RTC driver disabled (DESIGN.md); it moves
 * only with settimeofday/clock_settime. No NTP slewing.
 * The offset is one naturally atomic 64-bit word: kernel readers never
 * lock. Writers serialize on timekeeper_lock (a leaf, unranked: nothing is
 * taken under it), which also guards the vDSO data page's seqcount
 * (update_vsyscall): user-space readers see mult and the offset change
 * together, and a settimeofday is visible to the vDSO when it returns.
 */
#include <shoal/kernel.h>
#include <shoal/time.h>
#include <shoal/uaccess.h>
#include <shoal/spinlock.h>
#include <shoal/vdso.h>
#include <uapi/time.h>
#include "tick-internal.h"

unsigned long timebase_freq;            /* set from the device tree by start_kernel */
static u64 cyc2ns_mult;                 /* ns per cycle, 32.32 fixed point */
static u64 ns2cyc_mult;                 /* cycles per ns, 32.32 fixed point */
static ktime_t realtime_offset;         /* CLOCK_REALTIME - CLOCK_MONOTONIC [atomic word; timekeeper_lock to write] */
static DEFINE_SPINLOCK(timekeeper_lock);

/* The vDSO's copy of the clock state, under its seqcount. Caller holds
 * timekeeper_lock (or is vdso_init, before any user task). */
static void __update_vsyscall(void)
{
	struct vdso_data *vd = smp_load_acquire(&vdso_data);

	if (!vd)
		return;
	WRITE_ONCE(vd->seq, vd->seq + 1);
	__asm__ __volatile__("fence w, w" ::: "memory");
	vd->mult = cyc2ns_mult;
	vd->realtime_offset = realtime_offset;
	vd->tai_offset = 0;             /* no adjtimex: TAI reads as REALTIME (the syscall's too) */
	vd->hrtimer_res = 1;
	vd->coarse_res = NSEC_PER_JIFFY;
	vd->clock_mode = VDSO_CLOCKMODE_CSR;
	__asm__ __volatile__("fence w, w" ::: "memory");
	WRITE_ONCE(vd->seq, vd->seq + 1);
}

void update_vsyscall(void)
{
	unsigned long flags;

	spin_lock_irqsave(&timekeeper_lock, flags);
	__update_vsyscall();
	spin_unlock_irqrestore(&timekeeper_lock, flags);
}

void timekeeping_init(void)
{
	BUG_ON(!timebase_freq);
	cyc2ns_mult = ((u64)NSEC_PER_SEC << 32) / timebase_freq;
	BUG_ON(timebase_freq >> 32);
	ns2cyc_mult = ((u64)timebase_freq << 32) / NSEC_PER_SEC;
}

ktime_t ktime_get(void)
{
	return (ktime_t)(((unsigned __int128)get_cycles() * cyc2ns_mult) >> 32);
}

/* Monotonic ns -> time CSR value, rounded up so an event never fires early. */
u64 ktime_to_cycles(ktime_t ns)
{
	if (ns <= 0)
		return 0;
	return (u64)(((unsigned __int128)ns * ns2cyc_mult) >> 32) + 1;
}

ktime_t ktime_get_real(void)
{
	return ktime_get() + READ_ONCE(realtime_offset);
}

/*
 * Set CLOCK_REALTIME. A time before boot (less than CLOCK_MONOTONIC now,
 * so the wall clock at boot would be negative) is -EINVAL, as Linux's
 * do_settimeofday64 refuses it.
 */
int ktime_set_real(ktime_t now)
{
	unsigned long flags;
	ktime_t offset;

	spin_lock_irqsave(&timekeeper_lock, flags);
	offset = now - ktime_get();
	if (offset >= 0) {
		WRITE_ONCE(realtime_offset, offset);
		__update_vsyscall();
	}
	spin_unlock_irqrestore(&timekeeper_lock, flags);
	return offset < 0 ? -EINVAL : 0;
}

int get_user_timespec_ns(ktime_t *ns, const struct timespec __user *uts)
{
	struct timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec >= KTIME_MAX / NSEC_PER_SEC)
		*ns = KTIME_MAX;
	else
		*ns = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

int put_user_timespec_ns(ktime_t ns, struct timespec __user *uts)
{
	struct timespec ts;

	if (ns < 0)
		ns = 0;
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}
