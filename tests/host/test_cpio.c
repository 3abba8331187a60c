// SPDX-License-Identifier: MIT
/*
 * lib/cpio.c on archives written by the host's `cpio -o -H newc`, on
 * concatenated archives, and on truncated and hostile input (every buffer
 * is an exact-size heap block, so ASan sees any read past the end).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/cpio.h>

#define MAX_ENTRIES 32

struct seen {
	int n;
	char name[MAX_ENTRIES][64];
	struct cpio_entry e[MAX_ENTRIES];
};

static int record(const struct cpio_entry *e, void *arg)
{
	struct seen *s = arg;

	if (s->n < MAX_ENTRIES) {
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", e->name);
		s->e[s->n] = *e;
	}
	s->n++;
	return 0;
}

static int count_only(const struct cpio_entry *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static int find(struct seen *s, const char *name)
{
	int i;

	for (i = 0; i < s->n && i < MAX_ENTRIES; i++)
		if (!strcmp(s->name[i], name))
			return i;
	return -1;
}

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* An archive of a small tree: dir/, dir/hello (13 bytes), empty, link -> hello. */
static unsigned char *make_archive(size_t *len, const char *extra)
{
	const char *d = host_mkdtemp();
	char cmd[4400], path[4200];
	unsigned char *raw, *buf;

	ck_assert_ptr_nonnull(d);
	snprintf(path, sizeof(path), "%s/dir", d);
	ck_assert_int_eq(mkdir(path, 0750), 0);
	write_file(d, "dir/hello", "Hello, world\n", 13);
	write_file(d, "empty", "", 0);
	write_file(d, extra, extra, strlen(extra));
	snprintf(path, sizeof(path), "%s/link", d);
	ck_assert_int_eq(symlink("dir/hello", path), 0);
	snprintf(cmd, sizeof(cmd), "cd '%s' && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet", d);
	raw = host_run_capture(cmd, len);
	ck_assert_msg(raw, "cpio failed (is cpio installed?)");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
	buf = malloc(*len);             /* exact size */
	memcpy(buf, raw, *len);
	free(raw);
	return buf;
}

START_TEST(test_host_archive)
{
	size_t len;
	unsigned char *a = make_archive(&len, "odd-size-file");
	struct seen s = { 0 };
	int i;

	ck_assert_int_eq(len % 512, 0);         /* cpio pads with zeros to its block size */
	ck_assert_int_eq(cpio_parse(a, len, record, &s), 5);
	ck_assert_int_eq(s.n, 5);
	i = find(&s, "dir/hello");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(s.e[i].size, 13);
	ck_assert(!memcmp(s.e[i].data, "Hello, world\n", 13));
	ck_assert_uint_eq(s.e[i].mode & 0170000, 0100000);
	ck_assert_uint_eq(s.e[i].nlink, 1);
	ck_assert_uint_eq(s.e[i].uid, getuid());
	ck_assert_uint_eq(s.e[i].namelen, 9);
	i = find(&s, "dir");
	ck_assert_uint_eq(s.e[i].mode, 040750);
	ck_assert_uint_eq(s.e[i].size, 0);
	i = find(&s, "link");
	ck_assert_uint_eq(s.e[i].mode & 0170000, 0120000);
	ck_assert_uint_eq(s.e[i].size, 9);
	ck_assert(!memcmp(s.e[i].data, "dir/hello", 9));
	i = find(&s, "odd-size-file");
	ck_assert_uint_eq(s.e[i].size, 13);
	ck_assert(!memcmp(s.e[i].data, "odd-size-file", 13));
	ck_assert_uint_eq(s.e[find(&s, "empty")].size, 0);
	ck_assert_int_gt(s.e[0].mtime, 1000000000);
	free(a);
}
END_TEST

START_TEST(test_concatenated)
{
	size_t la, lb, lt, trail_end;
	unsigned char *a = make_archive(&la, "first");
	unsigned char *b = make_archive(&lb, "second");
	unsigned char *cat = malloc(la + lb), *tight;
	struct seen s = { 0 };

	memcpy(cat, a, la);
	memcpy(cat + la, b, lb);
	ck_assert_int_eq(cpio_parse(cat, la + lb, record, &s), 10);
	ck_assert_int_ge(find(&s, "first"), 0);
	ck_assert_int_ge(find(&s, "second"), 0);
	/* Without the 512-byte block padding: archives 4-byte aligned back to back. */
	trail_end = la;
	while (trail_end > 0 && !a[trail_end - 1])
		trail_end--;
	trail_end = (trail_end + 1 + 3) & ~3UL;    /* "TRAILER!!!" + NUL, padded */
	lt = trail_end + 8 + lb;
	tight = calloc(1, lt);
	memcpy(tight, a, trail_end);
	memcpy(tight + trail_end + 8, b, lb);   /* 8 more NULs in between */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(cpio_parse(tight, lt, record, &s), 10);
	/* Misaligned second archive or junk after the trailer: refused. */
	tight[trail_end + 6] = '0';
	ck_assert_int_eq(cpio_parse(tight, lt, record, &s), -EINVAL);
	free(a);
	free(b);
	free(cat);
	free(tight);
}
END_TEST

/* Every prefix: a count or -EINVAL, never a read past the end. */
START_TEST(test_truncated)
{
	size_t len, i;
	unsigned char *a = make_archive(&len, "x");
	int full = 0, n, r;

	ck_assert_int_eq(cpio_parse(a, len, count_only, &full), 5);
	for (i = 0; i < len; i++) {
		unsigned char *p = malloc(i ? i : 1);
		memcpy(p, a, i);
		n = 0;
		r = cpio_parse(p, i, count_only, &n);
		ck_assert_msg(r == -EINVAL || (r >= 0 && r <= 5 && r == n), "len %zu: %d", i, r);
		if (i > 0 && i < CPIO_NEWC_HDR_SIZE)
			ck_assert_int_eq(r, -EINVAL);
		free(p);
	}
	free(a);
}
END_TEST

static void put_hex(char *p, unsigned int v)
{
	char tmp[9];

	snprintf(tmp, sizeof(tmp), "%08X", v);
	memcpy(p, tmp, 8);
}

/* One hand-made entry: header + name + data, exact-size buffer. */
static unsigned char *entry(size_t *len, const char *name, unsigned int namesize,
			    unsigned int filesize, size_t real_data)
{
	size_t nl = strlen(name) + 1, off = (CPIO_NEWC_HDR_SIZE + nl + 3) & ~3UL;
	unsigned char *b;
	int f;

	*len = off + real_data;
	b = calloc(1, *len);
	memcpy(b, "070701", 6);
	for (f = 0; f < 13; f++)
		put_hex((char *)b + 6 + 8 * f, 0);
	put_hex((char *)b + 6 + 8 * 1, 0100644);
	put_hex((char *)b + 6 + 8 * 6, filesize);
	put_hex((char *)b + 6 + 8 * 11, namesize);
	memcpy(b + CPIO_NEWC_HDR_SIZE, name, nl);
	memset(b + off, 'd', real_data);
	return b;
}

START_TEST(test_hostile_headers)
{
	size_t len;
	unsigned char *b;
	int n = 0;

	b = entry(&len, "file", 5, 10, 12);                  /* well formed */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), 1);
	free(b);
	b = entry(&len, "file", 5, 0xffffffff, 12);          /* data beyond the end */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), -EINVAL);
	free(b);
	b = entry(&len, "file", 0xfffffff0, 0, 12);          /* name beyond the end */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), -EINVAL);
	free(b);
	b = entry(&len, "file", 0, 0, 12);                   /* empty name */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), -EINVAL);
	free(b);
	b = entry(&len, "file", 3, 0, 12);                   /* name not NUL-terminated */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), -EINVAL);
	free(b);
	b = entry(&len, "file", 5, 12, 12);
	b[6 + 8 * 2 + 3] = 'g';                              /* not hex */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), -EINVAL);
	b[6 + 8 * 2 + 3] = '0';
	b[5] = '7';                                          /* "070707": old format */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), -EINVAL);
	b[5] = '2';                                          /* "070702": crc, accepted */
	ck_assert_int_eq(cpio_parse(b, len, count_only, &n), 1);
	free(b);
	ck_assert_int_eq(cpio_parse("", 0, count_only, &n), 0);
}
END_TEST

static int stop_at_two(const struct cpio_entry *e, void *arg)
{
	(void)e;
	return ++*(int *)arg == 2 ? -ENOSPC : 0;
}

START_TEST(test_callback_stops)
{
	size_t len;
	unsigned char *a = make_archive(&len, "y");
	int n = 0;

	ck_assert_int_eq(cpio_parse(a, len, stop_at_two, &n), -ENOSPC);
	ck_assert_int_eq(n, 2);
	free(a);
}
END_TEST

/* Random corruption of a real archive: any result, but no out-of-bounds read. */
START_TEST(test_fuzz)
{
	size_t len, i;
	unsigned char *a = make_archive(&len, "fuzz"), *p = malloc(len);
	unsigned int seed;
	int n;

	for (seed = 0; seed < 2000; seed++) {
		memcpy(p, a, len);
		srand(seed);
		for (i = 0; i < 3; i++)
			p[rand() % 600] = "0123456789abcdefF!\0"[rand() % 19];
		n = 0;
		cpio_parse(p, len, count_only, &n);
	}
	free(a);
	free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cpio");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_host_archive);
	tcase_add_test(tc, test_concatenated);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_hostile_headers);
	tcase_add_test(tc, test_callback_stops);
	tcase_add_test(tc, test_fuzz);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
