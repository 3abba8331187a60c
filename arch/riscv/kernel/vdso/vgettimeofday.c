// SPDX-License-Identifier: MIT
/*
 * clock_gettime, gettimeofday and clock_getres without a trap: read the
 * time CSR (scounteren.TM lets U-mode do so) and the [vvar] page. Clocks
 * the page does not describe (the CPU-time clocks, dynamic clock ids) and a
 * page not set up yet take the system call, as Linux's vDSO does.
 *
 * Built -fPIC with no libc: _vdso_data is a hidden symbol the linker
 * script puts one page below the vDSO, reached PC-relative.
 */
#include <shoal/vdso_datapage.h>

#define NSEC_PER_SEC    1000000000L
#define NSEC_PER_USEC   1000L

#define CLOCK_REALTIME          0
#define CLOCK_MONOTONIC         1
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7
#define CLOCK_TAI               11

#define __NR_gettimeofday       169
#define __NR_clock_gettime      113
#define __NR_clock_getres       114

struct vdso_timespec { long tv_sec, tv_nsec; };
struct vdso_timeval { long tv_sec, tv_usec; };
struct vdso_timezone { int tz_minuteswest, tz_dsttime; };

extern const struct vdso_data _vdso_data __attribute__((visibility("hidden")));

int __vdso_clock_gettime(int clock, struct vdso_timespec *ts);
int __vdso_gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz);
int __vdso_clock_getres(int clock, struct vdso_timespec *res);

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

static long syscall2(long nr, long arg0, long arg1)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a7 __asm__("a7") = nr;

	__asm__ __volatile__("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
	return a0;
}

static inline unsigned long rdtime(void)
{
	unsigned long t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

/* Which offset a clock adds to CLOCK_MONOTONIC; 0 = not ours (syscall). */
enum vclock { VC_NONE, VC_MONO, VC_REAL, VC_TAI };

static enum vclock vclock_of(int clock)
{
	switch (clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return VC_MONO;
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return VC_REAL;
	case CLOCK_TAI:
		return VC_TAI;
	default:
		return VC_NONE;
	}
}

/* The clock in ns, or -1 if the page is not set up (take the syscall). */
static long vdso_read_ns(const struct vdso_data *vd, enum vclock vc)
{
	unsigned int seq;
	unsigned long cycles;
	long mono, off;

	do {
		while ((seq = READ_ONCE(vd->seq)) & 1)
			;
		__asm__ __volatile__("fence r, r" ::: "memory");
		if (vd->clock_mode != VDSO_CLOCKMODE_CSR)
			return -1;
		cycles = rdtime();
		mono = (long)(((unsigned __int128)cycles * vd->mult) >> 32);
		off = 0;
		if (vc != VC_MONO)
			off = vd->realtime_offset;
		if (vc == VC_TAI)
			off += vd->tai_offset;
		__asm__ __volatile__("fence r, r" ::: "memory");
	} while (READ_ONCE(vd->seq) != seq);
	return mono + off;
}

int __vdso_clock_gettime(int clock, struct vdso_timespec *ts)
{
	enum vclock vc = vclock_of(clock);
	long ns = vc == VC_NONE ? -1 : vdso_read_ns(&_vdso_data, vc);

	if (ns < 0)
		return syscall2(__NR_clock_gettime, clock, (long)ts);
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
	return 0;
}

int __vdso_gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz)
{
	long ns = vdso_read_ns(&_vdso_data, VC_REAL);

	if (ns < 0)
		return syscall2(__NR_gettimeofday, (long)tv, (long)tz);
	if (tv) {
		tv->tv_sec = ns / NSEC_PER_SEC;
		tv->tv_usec = (ns % NSEC_PER_SEC) / NSEC_PER_USEC;
	}
	if (tz) {               /* the kernel keeps no timezone: as its syscall */
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

int __vdso_clock_getres(int clock, struct vdso_timespec *res)
{
	const struct vdso_data *vd = &_vdso_data;
	long ns;

	if (vclock_of(clock) == VC_NONE || READ_ONCE(vd->clock_mode) != VDSO_CLOCKMODE_CSR)
		return syscall2(__NR_clock_getres, clock, (long)res);
	ns = (clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE) ?
	     vd->coarse_res : vd->hrtimer_res;
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = ns;
	}
	return 0;
}
