// SPDX-License-Identifier: MIT
/*
 * A sampling profiler of kernel time, as Linux's profile=N and
 * /proc/profile (read by readprofile): each timer interrupt adds one to a
 * counter for the 2^shift-byte slot of kernel text it interrupted, or to
 * the user-mode counter. Boot with `profile=2` to enable it (slots of 4
 * bytes); scripts/profile turns /proc/profile into time per function with
 * the kernel's symbol table.
 *
 * Samples come at the tick (HZ) and at kernel timer expiries, so a
 * 10-second run on one CPU gives about a thousand: enough to see where
 * time goes, not to rank functions that take under a percent.
 *
 * Locking: counters are bumped with an atomic add from any CPU's timer
 * interrupt; the buffer is allocated once at boot and never freed.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/atomic.h>
#include <shoal/profile.h>
#include <asm/sections.h>

static unsigned int prof_shift;
static unsigned int *prof_buf;          /* [atomic] */
static unsigned long prof_len;          /* slots [const] */
static unsigned long prof_user;         /* [atomic] */

void profile_setup(const char *arg)
{
	unsigned long shift = simple_strtoul(arg, NULL, 10);

	prof_shift = shift ? (shift > 12 ? 12 : shift) : 2;
}

void profile_init(void)
{
	if (!prof_shift)
		return;
	prof_len = ((unsigned long)(_etext - _stext) >> prof_shift) + 1;
	prof_buf = kzalloc(prof_len * sizeof(*prof_buf), GFP_KERNEL);
	if (!prof_buf)
		printk("profile: no memory for %lu slots\n", prof_len);
	else
		printk("profile: %lu slots of %u bytes\n", prof_len, 1U << prof_shift);
}

void profile_tick(unsigned long pc, bool user)
{
	unsigned long slot;

	if (!prof_buf)
		return;
	if (user) {
		__atomic_fetch_add(&prof_user, 1, __ATOMIC_RELAXED);
		return;
	}
	slot = (pc - (unsigned long)_stext) >> prof_shift;
	if (slot >= prof_len)
		slot = prof_len - 1;    /* outside the text: counted in the last slot */
	__atomic_fetch_add(&prof_buf[slot], 1, __ATOMIC_RELAXED);
}

/* Text: "shift S", "user N", then "ADDRESS COUNT" per non-empty slot. */
int profile_show(char *buf, size_t size)
{
	unsigned long i;
	int n = 0;

	if (!prof_buf)
		return snprintf(buf, size, "profiling is off: boot with profile=2\n");
	n += snprintf(buf + n, (size_t)n < size ? size - n : 0, "shift %u\nuser %lu\n",
		      prof_shift, READ_ONCE(prof_user));
	for (i = 0; i < prof_len; i++) {
		unsigned int c = READ_ONCE(prof_buf[i]);

		if (c)
			n += snprintf(buf + n, (size_t)n < size ? size - n : 0, "%lx %u\n",
				      (unsigned long)_stext + (i << prof_shift), c);
	}
	return n;
}
