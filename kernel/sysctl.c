// SPDX-License-Identifier: MIT
/*
 * Generic sysctl handlers (Linux's kernel/sysctl.c, reduced): a number
 * at table->data, rendered and parsed in decimal. procfs calls them
 * (include/shoal/sysctl.h); no lock: each value is one word, read and
 * written with READ_ONCE/WRITE_ONCE, and its users tolerate a change
 * between two reads.
 */
#include <shoal/kernel.h>
#include <shoal/sysctl.h>

/* @s as a decimal unsigned long with only blanks after it; -EINVAL else. */
static int parse_ulong(const char *s, unsigned long *v)
{
	unsigned long x = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned long d = (unsigned long)(*p - '0');

		if (x > (ULONG_MAX - d) / 10)
			return -EINVAL;         /* would overflow */
		x = x * 10 + d;
	}
	if (p == s)
		return -EINVAL;
	for (; *p; p++)
		if (*p != ' ' && *p != '\n' && *p != '\t')
			return -EINVAL;
	*v = x;
	return 0;
}

int proc_doulongvec_minmax(const struct ctl_table *table, int write, char *buf, size_t len)
{
	unsigned long *data = table->data, v;
	int err;

	if (!write)
		return snprintf(buf, len, "%lu\n", READ_ONCE(*data));
	err = parse_ulong(buf, &v);
	if (err)
		return err;
	if ((table->extra1 && v < *(unsigned long *)table->extra1) ||
	    (table->extra2 && v > *(unsigned long *)table->extra2))
		return -EINVAL;
	WRITE_ONCE(*data, v);
	return 0;
}
