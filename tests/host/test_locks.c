// SPDX-License-Identifier: MIT
/*
 * fs/locks.c on the host: posix_lock_inode's merges, splits and type
 * changes against a byte map. Three owners lock and unlock random ranges
 * of a 64-byte file (byte 63 stands for [63, OFFSET_MAX]); after every
 * request the result (0 or -EAGAIN) must match the model, and the list
 * must hold exactly the model's ranges: each owner's locks contiguous,
 * sorted, disjoint and never adjacent when of one type. posix_test_lock
 * must report a conflicting lock exactly when the model has one. flock
 * conversions are checked the same way. locks.c is included whole; the
 * allocator, wait queues and file references are stubbed below.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

/* slab.c's caches need the page allocator: use the host's heap instead */
#define sigset_t shoal_sigset_t         /* glibc has its own */
#define kmem_cache_create host_cache_create
#define kmem_cache_alloc host_cache_alloc
#define kmem_cache_free host_cache_free
#include "../../fs/locks.c"

/* ------------------------------------------------------------- stubs */

struct kmem_cache { size_t size; };

struct kmem_cache *host_cache_create(const char *name, size_t size, size_t align,
				     unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	(void)name; (void)align; (void)flags; (void)ctor;
	c->size = size;
	return c;
}

void *host_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	(void)gfp;
	return calloc(1, c->size);
}

void host_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	free(p);
}

void __init_waitqueue_head(wait_queue_head_t *wq, struct lock_class *class)
{
	(void)class;
	INIT_LIST_HEAD(&wq->head);
}
void prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state) { (void)wq; (void)e; (void)state; }
void prepare_to_wait_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e, int state) { (void)wq; (void)e; (void)state; }
void finish_wait(wait_queue_head_t *wq, wait_queue_entry_t *e) { (void)wq; (void)e; }
int __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr, void *key) { (void)wq; (void)mode; (void)nr; (void)key; return 0; }
void schedule(void) { ck_abort_msg("a test request slept"); }
bool signal_pending(struct task_struct *t) { (void)t; return false; }
int autoremove_wake_function(wait_queue_entry_t *e, unsigned int mode, int flags, void *key) { (void)e; (void)mode; (void)flags; (void)key; return 0; }
struct file *fget(unsigned int fd) { (void)fd; return NULL; }
struct file *fget_raw(unsigned int fd) { (void)fd; return NULL; }
void fput(struct file *f) { (void)f; }
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n) { memcpy((void *)to, from, n); return 0; }
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n) { memcpy(to, (const void *)from, n); return 0; }

/* ------------------------------------------------------------- model */

#define NBYTES  64
#define NOWNERS 3

static struct task_struct task = { .tgid = 42 };
static struct inode inode;
static struct file files[NOWNERS];
static unsigned char model[NOWNERS][NBYTES];    /* F_UNLCK, F_RDLCK, F_WRLCK per byte */

static void setup(void)
{
	static bool once;

	if (!once) {
		filelock_init();
		once = true;
	}
	this_cpu()->curr = &task;
	memset(&inode, 0, sizeof(inode));
	memset(files, 0, sizeof(files));
	memset(model, F_UNLCK, sizeof(model));
	for (int i = 0; i < NOWNERS; i++)
		files[i].f_inode = &inode;
}

static void teardown(void)
{
	locks_free_lock_context(&inode);
}

static loff_t end_of(int last)
{
	return last == NBYTES - 1 ? OFFSET_MAX : last;
}

static void make_request(struct file_lock *fl, int owner, int type, int first, int last)
{
	locks_init_lock(fl);
	fl->fl_owner = &files[owner];
	fl->fl_file = &files[owner];
	fl->fl_inode = &inode;
	fl->fl_pid = 100 + owner;
	fl->fl_flags = FL_POSIX;
	fl->fl_type = type;
	fl->fl_start = first;
	fl->fl_end = end_of(last);
}

static bool model_conflict(int owner, int type, int first, int last)
{
	for (int o = 0; o < NOWNERS; o++)
		for (int b = first; o != owner && b <= last; b++)
			if (model[o][b] != F_UNLCK &&
			    (type == F_WRLCK || model[o][b] == F_WRLCK))
				return true;
	return false;
}

/* check's own asserts are slow in a hot loop: test first */
#define HOT_ASSERT(c) do { if (!(c)) ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #c); } while (0)
#define HOT_ASSERT_MSG(c, ...) do { if (!(c)) ck_abort_msg(__VA_ARGS__); } while (0)

/* The list must hold exactly the model, in Linux's shape. */
static void check_list(void)
{
	struct file_lock_context *ctx = inode.i_flctx;
	unsigned char seen[NOWNERS][NBYTES];
	struct file_lock *fl, *prev = NULL;
	bool done[NOWNERS] = { false };

	memset(seen, F_UNLCK, sizeof(seen));
	if (!ctx)
		goto compare;
	list_for_each_entry(fl, &ctx->flc_posix, fl_list) {
		int o = (struct file *)fl->fl_owner - files;

		HOT_ASSERT(o >= 0 && o < NOWNERS);
		HOT_ASSERT(fl->fl_start <= fl->fl_end);
		HOT_ASSERT(fl->fl_end == OFFSET_MAX || fl->fl_end < NBYTES - 1);
		if (prev && prev->fl_owner == fl->fl_owner) {
			HOT_ASSERT_MSG(prev->fl_end < fl->fl_start, "overlap or unsorted");
			HOT_ASSERT_MSG(prev->fl_type != fl->fl_type || prev->fl_end + 1 < fl->fl_start,
				      "adjacent locks of one type not merged");
		} else {
			HOT_ASSERT_MSG(!done[o], "owner's locks not contiguous");
			if (prev)
				done[(struct file *)prev->fl_owner - files] = true;
		}
		for (loff_t b = fl->fl_start; b <= fl->fl_end && b < NBYTES; b++)
			seen[o][b] = fl->fl_type;
		prev = fl;
	}
compare:
	for (int o = 0; o < NOWNERS; o++)
		for (int b = 0; b < NBYTES; b++)
			if (seen[o][b] != model[o][b])
				ck_abort_msg("owner %d byte %d: %d, want %d",
					     o, b, seen[o][b], model[o][b]);
}

static void check_test_lock(int owner, int type, int first, int last)
{
	struct file_lock fl;

	make_request(&fl, owner, type, first, last);
	posix_test_lock(&inode, &fl);
	if (!model_conflict(owner, type, first, last)) {
		HOT_ASSERT(fl.fl_type == F_UNLCK);
		return;
	}
	HOT_ASSERT(fl.fl_type != F_UNLCK);
	HOT_ASSERT(fl.fl_owner != &files[owner]);
	HOT_ASSERT(fl.fl_start <= end_of(last) && fl.fl_end >= first);
}

/* ------------------------------------------------------------- tests */

START_TEST(test_posix_random)
{
	static const int types[] = { F_RDLCK, F_WRLCK, F_UNLCK };

	srandom(12345 + _i);
	for (int step = 0; step < 3000; step++) {
		int owner = random() % NOWNERS, type = types[random() % 3];
		int first = random() % NBYTES, last;
		struct file_lock fl;
		bool conflict;
		int err;

		/* short ranges mostly, now and then to EOF (byte NBYTES - 1) */
		last = random() % 8 == 0 ? NBYTES - 1 : first + random() % 6;
		if (last > NBYTES - 1)
			last = NBYTES - 1;
		conflict = type != F_UNLCK && model_conflict(owner, type, first, last);
		make_request(&fl, owner, type, first, last);
		err = posix_lock_inode(&inode, &fl);
		HOT_ASSERT(err == (conflict ? -EAGAIN : 0));
		if (!conflict)
			for (int b = first; b <= last; b++)
				model[owner][b] = type;
		check_list();
		check_test_lock(random() % NOWNERS, random() % 2 ? F_RDLCK : F_WRLCK,
				first, last);
	}
	/* close: every owner's locks go */
	for (int o = 0; o < NOWNERS; o++) {
		locks_remove_posix(&files[o], &files[o]);
		memset(model[o], F_UNLCK, NBYTES);
		check_list();
	}
}
END_TEST

/* A request inside one lock of the other type splits it in three. */
START_TEST(test_posix_split)
{
	struct file_lock fl;

	make_request(&fl, 0, F_WRLCK, 0, NBYTES - 1);
	ck_assert_int_eq(posix_lock_inode(&inode, &fl), 0);
	make_request(&fl, 0, F_RDLCK, 10, 19);
	ck_assert_int_eq(posix_lock_inode(&inode, &fl), 0);
	memset(model[0], F_WRLCK, NBYTES);
	memset(model[0] + 10, F_RDLCK, 10);
	check_list();
	make_request(&fl, 0, F_UNLCK, 0, NBYTES - 1);
	ck_assert_int_eq(posix_lock_inode(&inode, &fl), 0);
	memset(model[0], F_UNLCK, NBYTES);
	check_list();
}
END_TEST

/* flock: one lock per file; a conversion drops the old lock first. */
START_TEST(test_flock_convert)
{
	struct file_lock fl;
	struct file_lock_context *ctx;

	locks_init_lock(&fl);
	fl.fl_flags = FL_FLOCK;
	fl.fl_end = OFFSET_MAX;
	fl.fl_inode = &inode;
	fl.fl_file = fl.fl_owner = &files[0];
	fl.fl_type = F_RDLCK;
	ck_assert_int_eq(flock_lock_inode(&inode, &fl), 0);
	fl.fl_file = fl.fl_owner = &files[1];
	ck_assert_int_eq(flock_lock_inode(&inode, &fl), 0);
	fl.fl_type = F_WRLCK;
	ck_assert_int_eq(flock_lock_inode(&inode, &fl), -EAGAIN);
	ctx = inode.i_flctx;
	/* file 1's went: only file 0's is left */
	ck_assert(!list_empty(&ctx->flc_flock));
	ck_assert(ctx->flc_flock.next == ctx->flc_flock.prev);
	fl.fl_file = fl.fl_owner = &files[0];
	ck_assert_int_eq(flock_lock_inode(&inode, &fl), 0); /* the only one: upgrade */
	locks_remove_file(&files[0]);
	ck_assert(list_empty(&ctx->flc_flock));
}
END_TEST

static Suite *locks_suite(void)
{
	Suite *s = suite_create("locks");
	TCase *tc = tcase_create("posix");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_posix_random, 0, 4);
	tcase_add_test(tc, test_posix_split);
	tcase_add_test(tc, test_flock_convert);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(locks_suite());
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
