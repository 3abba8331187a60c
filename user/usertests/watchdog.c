/*
 * The lockup and hung-task detectors' /proc/sys/kernel files
 * (Documentation/watchdog.md). Linux is the oracle for the files both
 * kernels have: watchdog_thresh, softlockup_panic, hardlockup_panic,
 * hung_task_timeout_secs, hung_task_panic, hung_task_check_count. The
 * detectors themselves are provoked by scripts/test's runner checks
 * (they need a boot with short thresholds, and a DEBUG kernel panics).
 */
#include "usertests.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#define SYSK "/proc/sys/kernel/"

/* The file holds one decimal number and a newline; returns it. */
static unsigned long read_number(const char *path)
{
	char buf[64], *end;
	unsigned long v;
	int n = read_text(path, buf, sizeof(buf));

	if (n < 0)
		fail("%s: cannot read: errno %d (%s)", path, errno, strerrorname(errno));
	if (n < 2 || buf[n - 1] != '\n' || buf[0] < '0' || buf[0] > '9')
		fail("%s: not a number: \"%s\"", path, buf);
	v = strtoul(buf, &end, 10);
	if (*end != '\n')
		fail("%s: not a number: \"%s\"", path, buf);
	return v;
}

static void write_expect(const char *path, const char *text, int err)
{
	int fd = open(path, O_WRONLY);
	ssize_t r;

	CHECK_OK(fd);
	errno = 0;
	r = write(fd, text, strlen(text));
	if (err ? (r != -1 || errno != err) : r != (ssize_t)strlen(text))
		fail("write \"%s\" to %s = %zd errno %d, want %s %d", text, path, r, errno,
		     err ? "errno" : "success", err);
	close(fd);
}

/* The tunables both kernels have read as numbers in range. */
static void watchdog_sysctl_read(void)
{
	CHECK(read_number(SYSK "watchdog_thresh") <= 60);
	CHECK(read_number(SYSK "softlockup_panic") <= 1);
	read_number(SYSK "hung_task_timeout_secs");
	if (access(SYSK "hardlockup_panic", F_OK) == 0)
		CHECK(read_number(SYSK "hardlockup_panic") <= 1);
	if (access(SYSK "hung_task_panic", F_OK) == 0)
		read_number(SYSK "hung_task_panic");
	if (access(SYSK "hung_task_detect_count", F_OK) == 0)  /* recent Linux has it too */
		read_number(SYSK "hung_task_detect_count");
}

/* Garbage and out-of-range values are refused; the value is unchanged,
 * and writing it back is accepted. */
static void watchdog_sysctl_write(void)
{
	unsigned long thresh = read_number(SYSK "watchdog_thresh");
	char buf[32];

	if (geteuid() != 0)
		return;
	write_expect(SYSK "watchdog_thresh", "abc\n", EINVAL);
	write_expect(SYSK "watchdog_thresh", "61\n", EINVAL);
	write_expect(SYSK "softlockup_panic", "2\n", EINVAL);
	CHECK(read_number(SYSK "watchdog_thresh") == thresh);
	snprintf(buf, sizeof(buf), "%lu\n", thresh);
	write_expect(SYSK "watchdog_thresh", buf, 0);
	CHECK(read_number(SYSK "watchdog_thresh") == thresh);
}

/* shoal's counters: numbers, read-only. */
static void watchdog_counters(void)
{
	static const char *const files[] = {
		SYSK "softlockup_count", SYSK "hardlockup_count", SYSK "hung_task_detect_count",
	};
	unsigned int i;

	if (!on_shoal)
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		read_number(files[i]);
		CHECK_ERR(open(files[i], O_WRONLY), EACCES);
	}
}

const struct test watchdog_tests[] = {
	{ "watchdog_sysctl_read", watchdog_sysctl_read },
	{ "watchdog_sysctl_write", watchdog_sysctl_write },
	{ "watchdog_counters", watchdog_counters },
	{ NULL, NULL },
};
