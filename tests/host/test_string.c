// SPDX-License-Identifier: MIT
/* lib/string.c against the host libc, on random buffers at every alignment. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define BUF 1024

static unsigned char src[BUF + 64], dst[BUF + 64], ref[BUF + 64];

static void fill_random(unsigned char *p, size_t n, unsigned int seed)
{
	srand(seed);
	while (n--)
		*p++ = rand();
}

START_TEST(test_memcpy_alignments)
{
	size_t so, dof, n;

	fill_random(src, sizeof(src), 1);
	for (so = 0; so < 8; so++)
		for (dof = 0; dof < 8; dof++)
			for (n = 0; n < 300; n += (n < 40 ? 1 : 37)) {
				memset(dst, 0xee, sizeof(dst));
				memset(ref, 0xee, sizeof(ref));
				ck_assert_ptr_eq(shoal_memcpy(dst + dof, src + so, n), dst + dof);
				memcpy(ref + dof, src + so, n);
				ck_assert_msg(!memcmp(dst, ref, sizeof(dst)), "memcpy so=%zu do=%zu n=%zu", so, dof, n);
			}
}
END_TEST

/* Exact-size heap buffers: ASan catches any byte touched outside them. */
START_TEST(test_memcpy_exact_heap)
{
	size_t n, off;

	for (n = 1; n < 200; n++)
		for (off = 0; off < 8; off++) {
			unsigned char *s = malloc(n + off), *d = malloc(n + 7);
			/* s + off .. end and d + (off ^ 3) .. are the exact extents used */
			fill_random(s, n + off, n);
			shoal_memcpy(d + (off ^ 3), s + off, n);
			ck_assert(!memcmp(d + (off ^ 3), s + off, n));
			shoal_memcpy(d, s + off, n);
			ck_assert(!memcmp(d, s + off, n));
			free(s);
			free(d);
		}
}
END_TEST

START_TEST(test_memset)
{
	size_t o, n;

	for (o = 0; o < 8; o++)
		for (n = 0; n < 300; n += (n < 70 ? 1 : 29)) {
			memset(dst, 1, sizeof(dst));
			memset(ref, 1, sizeof(ref));
			ck_assert_ptr_eq(shoal_memset(dst + o, 0x1a5, n), dst + o);
			memset(ref + o, 0x1a5, n);
			ck_assert_msg(!memcmp(dst, ref, sizeof(dst)), "memset o=%zu n=%zu", o, n);
		}
}
END_TEST

START_TEST(test_memmove_overlap)
{
	int d, s;
	size_t n;

	for (s = 0; s < 24; s++)
		for (d = 0; d < 24; d++)
			for (n = 0; n < 200; n += 7) {
				fill_random(dst, sizeof(dst), s * 31 + d);
				memcpy(ref, dst, sizeof(dst));
				shoal_memmove(dst + d, dst + s, n);
				memmove(ref + d, ref + s, n);
				ck_assert_msg(!memcmp(dst, ref, sizeof(dst)), "memmove d=%d s=%d n=%zu", d, s, n);
			}
}
END_TEST

static int sign(int x) { return (x > 0) - (x < 0); }

START_TEST(test_memcmp_strcmp)
{
	char a[64], b[64];
	int i, j;

	for (i = 0; i < 2000; i++) {
		fill_random((unsigned char *)a, sizeof(a), i);
		memcpy(b, a, sizeof(b));
		j = rand() % 40;
		b[j] = rand();
		a[40 + rand() % 20] = 0;
		b[40 + rand() % 20] = 0;
		ck_assert_int_eq(sign(shoal_memcmp(a, b, 64)), sign(memcmp(a, b, 64)));
		ck_assert_int_eq(sign(shoal_strcmp(a, b)), sign(strcmp(a, b)));
		ck_assert_int_eq(sign(shoal_strncmp(a, b, j)), sign(strncmp(a, b, j)));
		ck_assert_int_eq(sign(shoal_strncmp(a, b, 60)), sign(strncmp(a, b, 60)));
		ck_assert_uint_eq(shoal_strlen(a), strlen(a));
		ck_assert_uint_eq(shoal_strnlen(a, 10), strnlen(a, 10));
	}
	ck_assert_int_eq(shoal_strcmp("", ""), 0);
	ck_assert_int_lt(shoal_strcmp("a", "\xff"), 0);   /* unsigned compare */
	ck_assert_int_eq(shoal_strncmp("abc", "abd", 2), 0);
}
END_TEST

START_TEST(test_search)
{
	const char *s = "hello/world/again";

	ck_assert_ptr_eq(shoal_strchr(s, '/'), strchr(s, '/'));
	ck_assert_ptr_eq(shoal_strrchr(s, '/'), strrchr(s, '/'));
	ck_assert_ptr_eq(shoal_strchr(s, 0), s + strlen(s));
	ck_assert_ptr_null(shoal_strchr(s, 'z'));
	ck_assert_ptr_null(shoal_strrchr(s, 'z'));
	ck_assert_ptr_eq(shoal_strstr(s, "world"), strstr(s, "world"));
	ck_assert_ptr_eq(shoal_strstr(s, ""), s);
	ck_assert_ptr_null(shoal_strstr(s, "worlds"));
	ck_assert_ptr_eq(shoal_strstr(s, "again"), s + 12);
}
END_TEST

START_TEST(test_copies)
{
	char d[8];

	ck_assert_uint_eq(shoal_strlcpy(d, "abcdefghij", sizeof(d)), 10);
	ck_assert_str_eq(d, "abcdefg");
	ck_assert_uint_eq(shoal_strlcpy(d, "ab", sizeof(d)), 2);
	ck_assert_str_eq(d, "ab");
	memset(d, 'x', sizeof(d));
	ck_assert_uint_eq(shoal_strlcpy(d, "ab", 0), 2);
	ck_assert_int_eq(d[0], 'x');
	memset(d, 'x', sizeof(d));
	shoal_strncpy(d, "ab", sizeof(d));
	ck_assert(!memcmp(d, "ab\0\0\0\0\0\0", 8));
	shoal_strncpy(d, "abcdefghij", sizeof(d));
	ck_assert(!memcmp(d, "abcdefgh", 8));
}
END_TEST

START_TEST(test_strtoul)
{
	char *end;

	ck_assert_uint_eq(shoal_simple_strtoul("1234xyz", &end, 10), 1234);
	ck_assert_str_eq(end, "xyz");
	ck_assert_uint_eq(shoal_simple_strtoul("0x1fG", &end, 0), 0x1f);
	ck_assert_str_eq(end, "G");
	ck_assert_uint_eq(shoal_simple_strtoul("0x1f", NULL, 16), 0x1f);
	ck_assert_uint_eq(shoal_simple_strtoul("ff", NULL, 16), 0xff);
	ck_assert_uint_eq(shoal_simple_strtoul("0755", NULL, 0), 0755);
	ck_assert_uint_eq(shoal_simple_strtoul("0", &end, 0), 0);
	ck_assert_str_eq(end, "");
	ck_assert_uint_eq(shoal_simple_strtoul("0x", &end, 0), 0);
	ck_assert_str_eq(end, "x");
	ck_assert_uint_eq(shoal_simple_strtoul("18446744073709551615", NULL, 10), 18446744073709551615UL);
	ck_assert_int_eq(shoal_simple_strtol("-42", &end, 10), -42);
	ck_assert_int_eq(shoal_simple_strtol("+42", NULL, 10), 42);
	ck_assert_int_eq(shoal_simple_strtol("-0x10", NULL, 0), -16);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("string");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_memcpy_alignments);
	tcase_add_test(tc, test_memcpy_exact_heap);
	tcase_add_test(tc, test_memset);
	tcase_add_test(tc, test_memmove_overlap);
	tcase_add_test(tc, test_memcmp_strcmp);
	tcase_add_test(tc, test_search);
	tcase_add_test(tc, test_copies);
	tcase_add_test(tc, test_strtoul);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
