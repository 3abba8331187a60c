// SPDX-License-Identifier: MIT
/* lib/vsprintf.c: a table of formats compared with the host's snprintf. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <host_test.h>

#define CMP(fmt, ...) do {                                                       \
	char a[256], b[256];                                                     \
	int na = shoal_snprintf(a, sizeof(a), fmt, __VA_ARGS__);                 \
	int nb = snprintf(b, sizeof(b), fmt, __VA_ARGS__);                       \
	ck_assert_msg(na == nb && !strcmp(a, b), "fmt \"%s\": shoal \"%s\" (%d), libc \"%s\" (%d)", \
		      fmt, a, na, b, nb);                                        \
} while (0)

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-truncation"

START_TEST(test_integers)
{
	CMP("%d %i %u", 0, -1, 42U);
	CMP("%d", INT_MIN);
	CMP("%d", INT_MAX);
	CMP("%ld", LONG_MIN);
	CMP("%lld", LLONG_MIN);
	CMP("%lu", ULONG_MAX);
	CMP("%llu", ULLONG_MAX);
	CMP("%zu %zd", (size_t)123456789, (ssize_t)-5);
	CMP("%hd %hu", 70000, 70000);
	CMP("%hhd %hhu", 300, 300);
	CMP("%x %X %o", 0xdeadbeefU, 0xdeadbeefU, 0755U);
	CMP("%lx", 0xffffffffffffffffUL);
	CMP("%#x %#X %#o %#x %#o", 255U, 255U, 8U, 0U, 0U);
	CMP("%5d|%-5d|%05d|%+d|% d|%+5d|%-+5d", 42, 42, 42, 42, 42, 42, 42);
	CMP("%05d|%-05d|% 05d|%+05d", -42, -42, 42, 42);
	CMP("%.3d|%.0d|%.0d|%5.3d|%-5.3d|%05.3d", 7, 0, 1, -7, 7, 7);
	CMP("%08x|%#08x|%#.4x|%.0x", 0xabcU, 0xabcU, 0xabcU, 0U);
	CMP("%*d|%-*d|%.*d|%*d", 6, 1, 6, 1, 4, 1, -6, 1);
	CMP("%#.3o|%#5o", 8U, 0U);
	CMP("%ju %td", (unsigned long)1 << 40, (long)-3);
}
END_TEST

START_TEST(test_strings_chars)
{
	CMP("%s|%10s|%-10s|%.2s|%10.2s|%-10.2s|", "hello", "hi", "hi", "hello", "hello", "hello");
	CMP("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	CMP("100%%|%s", "x");
	CMP("%s", "");
	CMP("%s", (char *)NULL);
	CMP("%.3s|", (char *)NULL);
	CMP("%p %p", (void *)0x1234, (void *)0xffffffc000000000UL);
	CMP("%p|%10p|%-20p|", (void *)NULL, (void *)NULL, (void *)0x10);
}
END_TEST

START_TEST(test_truncation)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = shoal_snprintf(buf, sizeof(buf), "%s-%d", "abcdef", 12345);
	ck_assert_int_eq(n, 12);
	ck_assert_str_eq(buf, "abcdef-");
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(shoal_snprintf(buf, 0, "%d", 123), 3);
	ck_assert_int_eq(buf[0], 'x');
	ck_assert_int_eq(shoal_snprintf(buf, 1, "%d", 123), 3);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(shoal_scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	ck_assert_int_eq(shoal_scnprintf(buf, sizeof(buf), "%s", "012"), 3);
	ck_assert_int_eq(shoal_scnprintf(buf, 0, "%s", "012"), 0);
	ck_assert_int_eq(shoal_snprintf(NULL, 0, "%s%d", "ab", 10), 4);
}
END_TEST

/* Appending with scnprintf never runs past the end (the procfs pattern). */
START_TEST(test_scnprintf_append)
{
	char buf[32];
	int n = 0, i;

	for (i = 0; i < 100; i++)
		n += shoal_scnprintf(buf + n, sizeof(buf) - n, "%d,", i);
	ck_assert_int_eq(n, 31);
	ck_assert_uint_eq(strlen(buf), 31);
	ck_assert(!strncmp(buf, "0,1,2,3,4,5,6,7,8,9,10,11,12,13,", 31));
}
END_TEST

static int vs(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = shoal_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

START_TEST(test_vsnprintf_va_list)
{
	char buf[64];

	ck_assert_int_eq(vs(buf, sizeof(buf), "%s=%lu", "x", 7UL), 3);
	ck_assert_str_eq(buf, "x=7");
	vs(buf, sizeof(buf), "%q|%");          /* unknown conversion, lone % */
	ck_assert_str_eq(buf, "%q|");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vsprintf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_strings_chars);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_scnprintf_append);
	tcase_add_test(tc, test_vsnprintf_va_list);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
