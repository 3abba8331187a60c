// SPDX-License-Identifier: MIT
/*
 * lib/iov_iter.c on the host: the limits of import_iovec and
 * import_single_range (UIO_MAXIOV, negative lengths, a segment outside
 * user space anywhere in the vector, the MAX_RW_COUNT clamp, who frees
 * the array) and the iterator walking,
 * copying across segments, stopping short at a fault, advancing and
 * reverting. iov_iter.c is included whole; "user memory" is host memory
 * and the uaccess calls are stubs that fault on one poisoned buffer.
 * Every test runs between a setup and a teardown that check the slab
 * gives back what import_iovec took.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

/*
 * Host addresses lie above Sv39's 256 GiB of user space: move the
 * user/kernel boundary to 2^47 (a 64-bit host's user space) before
 * uaccess.h builds access_ok() on it.
 */
#include <shoal/mm.h>
#undef TASK_SIZE
#define TASK_SIZE	(1UL << 47)
#include "../../lib/iov_iter.c"
#include <host_mm.h>

/* ------------------------------------------------------------- stubs */

static char poison[64];         /* "unmapped": a copy stops where it begins */

static unsigned long user_copy(void *to, const void *from, unsigned long n, const char *user)
{
	unsigned long ok = n;

	if (user < poison + sizeof(poison) && user + n > poison)
		ok = user < poison ? (unsigned long)(poison - user) : 0;
	if (ok)
		memcpy(to, from, ok);
	return n - ok;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return user_copy(to, from, n, from);
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return user_copy(to, from, n, to);
}

/* ------------------------------------------------------------ fixture */

static unsigned long slab_before;

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
	slab_init();
	slab_drain_local();
	slab_before = slab_total_bytes();
}

static void teardown(void)
{
	slab_drain_local();
	ck_assert_uint_eq(slab_total_bytes(), slab_before);
	host_ram_free();
}

#define KERNEL_ADDR	((void *)-4096L)

/* ---------------------------------------------------------- import_iovec */

START_TEST(test_import_fast)
{
	char a[3], b[5];
	struct iovec uv[3] = { { a, 3 }, { NULL, 0 }, { b, 5 } };
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter it;

	ck_assert_int_eq(import_iovec(uv, 3, UIO_FASTIOV, &iov, &it), 8);
	ck_assert_ptr_null(iov);                /* the caller's array: nothing to free */
	ck_assert_ptr_eq(it.iov, fast);
	ck_assert_uint_eq(it.nr_segs, 3);
	ck_assert_uint_eq(iov_iter_count(&it), 8);
	iov = fast;
	ck_assert_int_eq(import_iovec(NULL, 0, UIO_FASTIOV, &iov, &it), 0);
	ck_assert_uint_eq(iov_iter_count(&it), 0);
}
END_TEST

START_TEST(test_import_allocates)
{
	static struct iovec uv[UIO_MAXIOV + 1];
	static char data[UIO_MAXIOV + 1];
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter it;
	int i;

	for (i = 0; i <= UIO_MAXIOV; i++)
		uv[i] = (struct iovec){ &data[i], 1 };
	ck_assert_int_eq(import_iovec(uv, UIO_MAXIOV, UIO_FASTIOV, &iov, &it), UIO_MAXIOV);
	ck_assert_ptr_nonnull(iov);
	ck_assert_ptr_eq(it.iov, iov);
	kfree(iov);
	iov = fast;
	ck_assert_int_eq(import_iovec(uv, UIO_MAXIOV + 1, UIO_FASTIOV, &iov, &it), -EINVAL);
	ck_assert_ptr_null(iov);
}
END_TEST

/* A bad segment fails the import whichever it is, with the fast array or an allocated one. */
START_TEST(test_import_bad_segment)
{
	static struct iovec uv[20];
	static char data[20];
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	unsigned long n = _i ? 20 : 4, bad;

	for (bad = 0; bad < n; bad++) {
		unsigned long i;

		for (i = 0; i < n; i++)
			uv[i] = (struct iovec){ &data[i], 1 };
		uv[bad].iov_base = KERNEL_ADDR;
		iov = fast;
		ck_assert_int_eq(import_iovec(uv, n, UIO_FASTIOV, &iov, &it), -EFAULT);
		ck_assert_ptr_null(iov);
		uv[bad] = (struct iovec){ data, (size_t)-1 };
		iov = fast;
		ck_assert_int_eq(import_iovec(uv, n, UIO_FASTIOV, &iov, &it), -EINVAL);
		ck_assert_ptr_null(iov);
	}
	iov = fast;                             /* the vector itself unreadable */
	ck_assert_int_eq(import_iovec((void *)poison, 2, UIO_FASTIOV, &iov, &it), -EFAULT);
	ck_assert_ptr_null(iov);
}
END_TEST

/* A total above MAX_RW_COUNT is clamped by shortening the segments, not refused. */
START_TEST(test_import_clamp)
{
	static char big;
	struct iovec uv[3] = { { &big, 0x7ffff000 }, { &big, 0x2000 }, { &big, 1 } };
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter it;

	ck_assert_int_eq(import_iovec(uv, 3, UIO_FASTIOV, &iov, &it), MAX_RW_COUNT);
	ck_assert_uint_eq(fast[0].iov_len, 0x7ffff000);
	ck_assert_uint_eq(fast[1].iov_len, MAX_RW_COUNT - 0x7ffff000);
	ck_assert_uint_eq(fast[2].iov_len, 0);
	ck_assert_uint_eq(uv[1].iov_len, 0x2000);  /* the user's copy is untouched */
}
END_TEST

START_TEST(test_import_single_range)
{
	static char buf[8];
	struct iovec iov;
	struct iov_iter it;

	ck_assert_int_eq(import_single_range(buf, 8, &iov, &it), 0);
	ck_assert_uint_eq(iov_iter_count(&it), 8);
	ck_assert_ptr_eq(it.iov, &iov);
	ck_assert_int_eq(import_single_range(buf, (size_t)-1 >> 1, &iov, &it), 0);
	ck_assert_uint_eq(iov_iter_count(&it), MAX_RW_COUNT);
	ck_assert_int_eq(import_single_range(KERNEL_ADDR, 1, &iov, &it), -EFAULT);
}
END_TEST

/* ------------------------------------------------------------ iterating */

START_TEST(test_copy_across_segments)
{
	char a[3], b[4], c[5], out[12];
	struct iovec v[4] = { { a, 3 }, { NULL, 0 }, { b, 4 }, { c, 5 } };
	struct iov_iter it;

	iov_iter_init(&it, v, 4, 12);
	ck_assert_uint_eq(copy_to_iter("0123456789ab", 5, &it), 5);
	ck_assert_uint_eq(iov_iter_count(&it), 7);
	ck_assert_uint_eq(copy_to_iter("56789abXYZ", 10, &it), 7);     /* no more than count */
	ck_assert_mem_eq(a, "012", 3);
	ck_assert_mem_eq(b, "3456", 4);
	ck_assert_mem_eq(c, "789ab", 5);
	ck_assert_uint_eq(iov_iter_count(&it), 0);
	ck_assert_uint_eq(copy_to_iter("x", 1, &it), 0);

	iov_iter_init(&it, v, 4, 12);
	iov_iter_advance(&it, 4);                                       /* into b */
	ck_assert_uint_eq(copy_from_iter(out, 4, &it), 4);
	ck_assert_mem_eq(out, "4567", 4);
	iov_iter_revert(&it, 6);                                        /* back into a */
	ck_assert_uint_eq(iov_iter_count(&it), 10);
	ck_assert_uint_eq(copy_from_iter(out, 12, &it), 10);
	ck_assert_mem_eq(out, "23456789ab", 10);
}
END_TEST

/* A fault stops the copy short; the iterator has moved by what was copied. */
START_TEST(test_copy_stops_at_fault)
{
	char a[4], out[8];
	struct iovec v[3] = { { a, 4 }, { poison + sizeof(poison) - 8, 8 }, { a, 4 } };
	struct iov_iter it;

	/* the second segment's bytes are valid up to where poison begins: none */
	iov_iter_init(&it, v, 3, 16);
	ck_assert_uint_eq(copy_to_iter("abcdefghijklmnop", 16, &it), 4);
	ck_assert_uint_eq(iov_iter_count(&it), 12);
	ck_assert_uint_eq(copy_from_iter(out, 8, &it), 0);
	ck_assert_uint_eq(iov_iter_count(&it), 12);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iov_iter");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_import_fast);
	tcase_add_test(tc, test_import_allocates);
	tcase_add_loop_test(tc, test_import_bad_segment, 0, 2);
	tcase_add_test(tc, test_import_clamp);
	tcase_add_test(tc, test_import_single_range);
	tcase_add_test(tc, test_copy_across_segments);
	tcase_add_test(tc, test_copy_stops_at_fault);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
