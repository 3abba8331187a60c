// SPDX-License-Identifier: MIT
/*
 * kernel/sysctl.c: proc_doulongvec_minmax renders a value, and takes
 * only a whole decimal number in range (trailing blanks and a newline
 * allowed), as the watchdog's /proc/sys/kernel files need.
 */
#include <check.h>
#include <string.h>
#include <host_test.h>

#include "../../kernel/sysctl.c"

static unsigned long lo = 1, hi = 60;

static int do_write(unsigned long *v, const char *text, bool bounded)
{
	struct ctl_table t = { .procname = "x", .data = v, .maxlen = sizeof(*v), .mode = 0644,
			       .proc_handler = proc_doulongvec_minmax,
			       .extra1 = bounded ? &lo : NULL, .extra2 = bounded ? &hi : NULL };
	char buf[128];

	snprintf(buf, sizeof(buf), "%s", text);
	return proc_doulongvec_minmax(&t, 1, buf, strlen(buf));
}

START_TEST(test_read)
{
	unsigned long v = 42;
	struct ctl_table t = { .procname = "x", .data = &v, .proc_handler = proc_doulongvec_minmax };
	char buf[8];

	ck_assert_int_eq(proc_doulongvec_minmax(&t, 0, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "42\n");
	v = 123456789;  /* snprintf rules: the length wanted, truncated text */
	ck_assert_int_eq(proc_doulongvec_minmax(&t, 0, buf, 4), 10);
}
END_TEST

START_TEST(test_write_good)
{
	unsigned long v = 0;

	ck_assert_int_eq(do_write(&v, "10", true), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(do_write(&v, "60 \n", true), 0);
	ck_assert_uint_eq(v, 60);
	ck_assert_int_eq(do_write(&v, "18446744073709551615\n", false), 0);
	ck_assert_uint_eq(v, ~0UL);
}
END_TEST

START_TEST(test_write_bad)
{
	static const char *const bad[] = {
		"", "\n", "abc", "-1", "+1", " 5", "5x", "5 6", "0x10",
		"18446744073709551616", "99999999999999999999999",
	};
	unsigned long v = 7;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(do_write(&v, bad[i], false), -EINVAL);
		ck_assert_uint_eq(v, 7);
	}
	ck_assert_int_eq(do_write(&v, "0", true), -EINVAL);     /* below extra1 */
	ck_assert_int_eq(do_write(&v, "61", true), -EINVAL);    /* above extra2 */
	ck_assert_uint_eq(v, 7);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sysctl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_write_good);
	tcase_add_test(tc, test_write_bad);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
