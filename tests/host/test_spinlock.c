// SPDX-License-Identifier: MIT
/* kernel/locking/spinlock.c with CONFIG_LOCK_STAT: mutual exclusion and the statistics. */
#include <check.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/spinlock.h>

DEFINE_SPINLOCK(stat_lock);
DEFINE_SPINLOCK(quiet_lock);
DEFINE_SPINLOCK(busy_lock);
static long counter;

START_TEST(test_uncontended_counts)
{
	int i;

	for (i = 0; i < 100; i++) {
		spin_lock(&stat_lock);
		ck_assert(spin_is_locked(&stat_lock));
		ck_assert(!spin_trylock(&stat_lock));
		spin_unlock(&stat_lock);
	}
	ck_assert(!spin_is_locked(&stat_lock));
	ck_assert(spin_trylock(&stat_lock));
	spin_unlock(&stat_lock);
	ck_assert_uint_eq(stat_lock.class->acquisitions, 101);
	ck_assert_uint_eq(stat_lock.class->contended, 0);
	ck_assert_uint_eq(stat_lock.class->wait_ns, 0);
	ck_assert(stat_lock.class->registered);
}
END_TEST

START_TEST(test_init_variants)
{
	spinlock_t a, b;
	unsigned long flags;

	spin_lock_init(&a);
	spin_lock_init_ranked(&b, "b_lock", 7);
	ck_assert_str_eq(a.class->name, "&a");
	ck_assert_int_eq(b.class->rank, 7);
	spin_lock_irqsave(&a, flags);
	spin_unlock_irqrestore(&a, flags);
	ck_assert_uint_eq(a.class->acquisitions, 1);
}
END_TEST

static void *hammer(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++) {
		spin_lock(&busy_lock);
		counter++;
		spin_unlock(&busy_lock);
	}
	return NULL;
}

START_TEST(test_mutual_exclusion)
{
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, hammer, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(counter, 80000);
	ck_assert_uint_eq(busy_lock.class->acquisitions, 80000);
	ck_assert_uint_le(busy_lock.class->max_wait_ns, busy_lock.class->wait_ns);
}
END_TEST

static void *grab_once(void *arg)
{
	(void)arg;
	spin_lock(&stat_lock);
	spin_unlock(&stat_lock);
	return NULL;
}

/* The main thread holds the lock for 30 ms while another thread waits. */
START_TEST(test_contention_measured)
{
	static char buf[4096];
	pthread_t t;
	char *a, *b;

	spin_lock(&quiet_lock);
	spin_unlock(&quiet_lock);
	spin_lock(&stat_lock);
	pthread_create(&t, NULL, grab_once, NULL);
	usleep(30000);
	spin_unlock(&stat_lock);
	pthread_join(t, NULL);
	ck_assert_uint_eq(stat_lock.class->contended, 1);
	ck_assert_uint_eq(stat_lock.class->acquisitions, 2);
	ck_assert_uint_ge(stat_lock.class->max_wait_ns, 10000000);
	ck_assert_uint_eq(stat_lock.class->max_wait_ns, stat_lock.class->wait_ns);

	ck_assert_int_eq(lock_stat_show(buf, sizeof(buf)), (int)strlen(buf));
	ck_assert_ptr_nonnull(strstr(buf, "lock_stat version 0.4"));
	a = strstr(buf, "stat_lock:");
	b = strstr(buf, "quiet_lock:");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert(a < b);                 /* most contended first */
	ck_assert_ptr_null(strstr(buf, "busy_lock"));   /* never acquired in this process */
	lock_stat_clear();
	ck_assert_uint_eq(stat_lock.class->contended, 0);
	ck_assert_uint_eq(stat_lock.class->acquisitions, 0);
	ck_assert_int_lt(lock_stat_show(buf, 64), 64);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spinlock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_uncontended_counts);
	tcase_add_test(tc, test_init_variants);
	tcase_add_test(tc, test_mutual_exclusion);
	tcase_add_test(tc, test_contention_measured);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
