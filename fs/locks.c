// SPDX-License-Identifier: MIT
/*
 * Advisory file locks, as Linux's fs/locks.c: POSIX record locks (fcntl
 * F_GETLK/F_SETLK/F_SETLKW), open file description locks (F_OFD_*) and
 * BSD flock.
 *
 * Owners: a POSIX lock belongs to the descriptor table that took it
 * (current->files) and goes when that table closes any descriptor of the
 * file; an OFD or flock lock belongs to the struct file and goes with its
 * last fput. POSIX and OFD locks live on one list and conflict with each
 * other; flock locks never conflict with them.
 *
 * Locks:
 *   ctx->flc_lock (spin, process context only) guards one inode's lists
 *       and flc_seq;
 *   blocked_lock_lock (spin) guards blocked_list, the POSIX requests
 *       that sleep, which deadlock detection walks;
 *   file_lock_list_lock (spin) guards file_lock_list, every granted lock
 *       (for /proc/locks).
 *   Order: flc_lock -> blocked_lock_lock -> file_lock_list_lock, and
 *   flc_lock -> wait-queue lock (wake-ups). None is ranked: nothing
 *   ranked is held around them, and under them only wake-ups run.
 *
 * Sleeping: a blocked request remembers flc_seq when it saw its conflict
 * and sleeps on flc_wait until flc_seq moves; whoever removes or shrinks a
 * lock bumps flc_seq under flc_lock, drops the context's sleepers from
 * blocked_list (they no longer wait for anybody until they retry) and
 * wakes them all. Every sleeper then retries from the start.
 */
#include "internal.h"
#include <shoal/filelock.h>
#include <shoal/init.h>
#include <shoal/signal.h>
#include <shoal/syscalls.h>

/* Bound on the waits-for chain deadlock detection follows (Linux's value). */
#define MAX_DEADLK_ITERATIONS 10

/* Returned by the lock functions when a sleeping request must wait. */
#define FILE_LOCK_DEFERRED 1

static struct kmem_cache *filelock_cache;
static struct kmem_cache *flctx_cache;

static DEFINE_SPINLOCK(blocked_lock_lock);
static LIST_HEAD(blocked_list);                 /* [blocked_lock_lock] */
static DEFINE_SPINLOCK(file_lock_list_lock);
static LIST_HEAD(file_lock_list);               /* [file_lock_list_lock] */

#define IS_POSIX(fl)    ((fl)->fl_flags & FL_POSIX)
#define IS_FLOCK(fl)    ((fl)->fl_flags & FL_FLOCK)
#define IS_OFDLCK(fl)   ((fl)->fl_flags & FL_OFDLCK)

static int __init filelock_init(void)
{
	filelock_cache = kmem_cache_create("file_lock_cache", sizeof(struct file_lock), 8, 0, NULL);
	flctx_cache = kmem_cache_create("file_lock_ctx", sizeof(struct file_lock_context), 8, 0, NULL);
	if (!filelock_cache || !flctx_cache)
		panic("filelock_init");
	return 0;
}
fs_initcall(filelock_init);

static void locks_init_lock(struct file_lock *fl)
{
	memset(fl, 0, sizeof(*fl));
	INIT_LIST_HEAD(&fl->fl_list);
	INIT_LIST_HEAD(&fl->fl_link);
}

static struct file_lock *locks_alloc_lock(void)
{
	struct file_lock *fl = kmem_cache_alloc(filelock_cache, GFP_KERNEL);

	if (fl)
		locks_init_lock(fl);
	return fl;
}

static void locks_free_lock(struct file_lock *fl)
{
	DEBUG_ASSERT(list_empty(&fl->fl_list) && list_empty(&fl->fl_link));
	kmem_cache_free(filelock_cache, fl);
}

/* The inode's lock context if it has one (a file being torn down may have no inode yet). */
static struct file_lock_context *locks_inode_context(struct inode *inode)
{
	return inode ? smp_load_acquire(&inode->i_flctx) : NULL;
}

/* The inode's lock context, made on first use; NULL if there is none and
 * none is needed (an unlock) or memory ran out. */
static struct file_lock_context *locks_get_lock_context(struct inode *inode, int type)
{
	struct file_lock_context *ctx = smp_load_acquire(&inode->i_flctx), *old = NULL;

	if (ctx || type == F_UNLCK)
		return ctx;
	ctx = kmem_cache_alloc(flctx_cache, GFP_KERNEL);
	if (!ctx)
		return NULL;
	spin_lock_init(&ctx->flc_lock);
	INIT_LIST_HEAD(&ctx->flc_flock);
	INIT_LIST_HEAD(&ctx->flc_posix);
	ctx->flc_seq = 0;
	init_waitqueue_head(&ctx->flc_wait);
	/* publish once; a racing CPU's context wins and ours is freed */
	if (!__atomic_compare_exchange_n(&inode->i_flctx, &old, ctx, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kmem_cache_free(flctx_cache, ctx);
		ctx = old;
	}
	return ctx;
}

static void locks_copy_lock(struct file_lock *new, const struct file_lock *fl)
{
	new->fl_owner = fl->fl_owner;
	new->fl_flags = fl->fl_flags & ~FL_SLEEP;
	new->fl_type = fl->fl_type;
	new->fl_pid = fl->fl_pid;
	new->fl_file = fl->fl_file;
	new->fl_inode = fl->fl_inode;
	new->fl_start = fl->fl_start;
	new->fl_end = fl->fl_end;
}

/* Granted locks: on the context's list before @before, and on file_lock_list. */
static void locks_insert_lock_ctx(struct file_lock *fl, struct list_head *before)
{
	list_add_tail(&fl->fl_list, before);
	spin_lock(&file_lock_list_lock);
	list_add_tail(&fl->fl_link, &file_lock_list);
	spin_unlock(&file_lock_list_lock);
}

/* Unhook a granted lock; it is freed after flc_lock is dropped. */
static void locks_delete_lock_ctx(struct file_lock *fl, struct list_head *dispose)
{
	spin_lock(&file_lock_list_lock);
	list_del_init(&fl->fl_link);
	spin_unlock(&file_lock_list_lock);
	list_move(&fl->fl_list, dispose);
}

static void locks_dispose_list(struct list_head *dispose)
{
	struct file_lock *fl, *tmp;

	list_for_each_entry_safe(fl, tmp, dispose, fl_list) {
		list_del_init(&fl->fl_list);
		locks_free_lock(fl);
	}
}

void locks_free_lock_context(struct inode *inode)
{
	struct file_lock_context *ctx = inode->i_flctx;
	struct file_lock *fl, *tmp;
	LIST_HEAD(dispose);

	if (!ctx)
		return;
	/*
	 * Every lock went with its file, and every file before the inode's
	 * last reference: a leftover is a bug, fatal in a debug build; never
	 * leave one on file_lock_list pointing at a freed inode.
	 */
	DEBUG_ASSERT(list_empty(&ctx->flc_posix) && list_empty(&ctx->flc_flock));
	spin_lock(&ctx->flc_lock);
	list_for_each_entry_safe(fl, tmp, &ctx->flc_posix, fl_list)
		locks_delete_lock_ctx(fl, &dispose);
	list_for_each_entry_safe(fl, tmp, &ctx->flc_flock, fl_list)
		locks_delete_lock_ctx(fl, &dispose);
	spin_unlock(&ctx->flc_lock);
	locks_dispose_list(&dispose);
	inode->i_flctx = NULL;
	kmem_cache_free(flctx_cache, ctx);
}

/*
 * A lock of @ctx went or shrank: every sleeper may now succeed. Their
 * blocked_list entries go at once (they wait for nobody until they
 * retry), so a stale edge never makes another owner's request look like
 * a cycle. Caller holds flc_lock, under which this context's entries are
 * added: the unlocked list_empty() cannot miss one of them.
 */
static void locks_wake_up_blocks(struct file_lock_context *ctx)
{
	struct file_lock *waiter, *tmp;

	assert_spin_locked(&ctx->flc_lock);
	WRITE_ONCE(ctx->flc_seq, ctx->flc_seq + 1);
	if (!list_empty(&blocked_list)) {
		spin_lock(&blocked_lock_lock);
		list_for_each_entry_safe(waiter, tmp, &blocked_list, fl_link)
			if (waiter->fl_ctx == ctx)
				list_del_init(&waiter->fl_link);
		spin_unlock(&blocked_lock_lock);
	}
	/* paired with the barrier in prepare_to_wait() before the sleeper tests flc_seq */
	if (wq_has_sleeper(&ctx->flc_wait))
		wake_up_all(&ctx->flc_wait);
}

/* ---- conflicts ---- */

static bool locks_overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_end >= b->fl_start && b->fl_end >= a->fl_start;
}

static bool posix_same_owner(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_owner == b->fl_owner;
}

/* Two POSIX/OFD locks conflict if their owners differ, they overlap and one writes. */
static bool posix_locks_conflict(const struct file_lock *caller, const struct file_lock *sys)
{
	if (!IS_POSIX(sys) || posix_same_owner(caller, sys) || !locks_overlap(caller, sys))
		return false;
	return caller->fl_type == F_WRLCK || sys->fl_type == F_WRLCK;
}

/* flock locks conflict across open file descriptions if one is exclusive. */
static bool flock_locks_conflict(const struct file_lock *caller, const struct file_lock *sys)
{
	if (!IS_FLOCK(sys) || caller->fl_file == sys->fl_file)
		return false;
	return caller->fl_type == F_WRLCK || sys->fl_type == F_WRLCK;
}

/* ---- deadlock detection (POSIX owners only, as Linux) ---- */

/* The owner @owner's sleeping request waits for, or NULL. */
static fl_owner_t what_owner_is_waiting_for(fl_owner_t owner)
{
	struct file_lock *fl;

	assert_spin_locked(&blocked_lock_lock);
	list_for_each_entry(fl, &blocked_list, fl_link)
		if (fl->fl_owner == owner)
			return fl->fl_blocker_owner;
	return NULL;
}

/* Would @caller waiting for @block_fl close a cycle of waiting owners? */
static bool posix_locks_deadlock(const struct file_lock *caller, const struct file_lock *block_fl)
{
	fl_owner_t owner = block_fl->fl_owner;
	int i = 0;

	if (IS_OFDLCK(caller))
		return false;
	while ((owner = what_owner_is_waiting_for(owner))) {
		if (i++ > MAX_DEADLK_ITERATIONS)
			return false;
		if (owner == caller->fl_owner)
			return true;
	}
	return false;
}

/*
 * @request found @blocker in @ctx and will sleep. A POSIX (not OFD)
 * request is entered on blocked_list unless that closes a cycle:
 * -EDEADLK. Checking and entering under one blocked_lock_lock is what
 * makes two owners racing into a cycle see each other. Caller holds
 * flc_lock.
 */
static int locks_insert_block(struct file_lock_context *ctx, struct file_lock *request,
			      const struct file_lock *blocker)
{
	int error = FILE_LOCK_DEFERRED;

	request->fl_wait_seq = ctx->flc_seq;
	if (!IS_POSIX(request) || IS_OFDLCK(request))
		return error;
	spin_lock(&blocked_lock_lock);
	list_del_init(&request->fl_link);
	if (posix_locks_deadlock(request, blocker)) {
		error = -EDEADLK;
	} else {
		request->fl_blocker_owner = blocker->fl_owner;
		request->fl_ctx = ctx;
		list_add_tail(&request->fl_link, &blocked_list);
	}
	spin_unlock(&blocked_lock_lock);
	return error;
}

static void locks_delete_block(struct file_lock *request)
{
	if (!IS_POSIX(request) || IS_OFDLCK(request))
		return;
	spin_lock(&blocked_lock_lock);
	list_del_init(&request->fl_link);
	spin_unlock(&blocked_lock_lock);
}

/* ---- POSIX and OFD locks ---- */

/* The first lock that conflicts with @fl, copied into @fl; F_UNLCK if none. */
static void posix_test_lock(struct inode *inode, struct file_lock *fl)
{
	struct file_lock_context *ctx = locks_inode_context(inode);
	struct file_lock *cfl;

	if (ctx) {
		spin_lock(&ctx->flc_lock);
		list_for_each_entry(cfl, &ctx->flc_posix, fl_list) {
			if (posix_locks_conflict(fl, cfl)) {
				locks_copy_lock(fl, cfl);
				spin_unlock(&ctx->flc_lock);
				return;
			}
		}
		spin_unlock(&ctx->flc_lock);
	}
	fl->fl_type = F_UNLCK;
}

/*
 * Apply @request (lock, or unlock with F_UNLCK) for its owner: merge with
 * the owner's adjacent and overlapping locks of the same type, cut those
 * of another type, split one in two if the request falls inside it.
 * Returns 0, -EAGAIN (conflict, no FL_SLEEP), FILE_LOCK_DEFERRED (sleep
 * and retry), -EDEADLK, -ENOLCK or -ENOMEM. The algorithm is Linux's
 * posix_lock_inode; @request itself is never inserted.
 */
static int posix_lock_inode(struct inode *inode, struct file_lock *request)
{
	struct file_lock *fl, *tmp, *new_fl = NULL, *new_fl2 = NULL;
	struct file_lock *left = NULL, *right = NULL;
	struct file_lock_context *ctx;
	bool added = false, changed = false;
	LIST_HEAD(dispose);
	int error;

	ctx = locks_get_lock_context(inode, request->fl_type);
	if (!ctx)
		return request->fl_type == F_UNLCK ? 0 : -ENOMEM;

	/* Up to two new locks (a split); none for unlocking everything. */
	if (!(request->fl_flags & FL_ACCESS) &&
	    (request->fl_type != F_UNLCK || request->fl_start != 0 ||
	     request->fl_end != OFFSET_MAX)) {
		new_fl = locks_alloc_lock();
		new_fl2 = locks_alloc_lock();
	}

	spin_lock(&ctx->flc_lock);
	if (request->fl_type != F_UNLCK) {
		list_for_each_entry(fl, &ctx->flc_posix, fl_list) {
			if (!posix_locks_conflict(request, fl))
				continue;
			error = -EAGAIN;
			if (request->fl_flags & FL_SLEEP)
				error = locks_insert_block(ctx, request, fl);
			goto out;
		}
	}
	error = 0;
	if (request->fl_flags & FL_ACCESS)
		goto out;

	/* The owner's locks are contiguous: find the first. */
	list_for_each_entry(fl, &ctx->flc_posix, fl_list)
		if (posix_same_owner(request, fl))
			break;

	list_for_each_entry_safe_from(fl, tmp, &ctx->flc_posix, fl_list) {
		if (!posix_same_owner(request, fl))
			break;
		if (request->fl_type == fl->fl_type) {
			/* "start - 1", never "end + 1": end may be OFFSET_MAX */
			if (fl->fl_end < request->fl_start - 1)
				continue;
			if (fl->fl_start - 1 > request->fl_end)
				break;
			/* adjacent or overlapping, same type: grow into one */
			if (fl->fl_start > request->fl_start)
				fl->fl_start = request->fl_start;
			else
				request->fl_start = fl->fl_start;
			if (fl->fl_end < request->fl_end)
				fl->fl_end = request->fl_end;
			else
				request->fl_end = fl->fl_end;
			if (added) {
				locks_delete_lock_ctx(fl, &dispose);
				continue;
			}
			request = fl;
			added = true;
		} else {
			if (fl->fl_end < request->fl_start)
				continue;
			if (fl->fl_start > request->fl_end)
				break;
			changed = true;
			if (request->fl_type == F_UNLCK)
				added = true;
			if (fl->fl_start < request->fl_start)
				left = fl;
			if (fl->fl_end > request->fl_end) {
				right = fl;
				break;
			}
			if (fl->fl_start >= request->fl_start) {
				/* the request covers this lock entirely */
				if (added) {
					locks_delete_lock_ctx(fl, &dispose);
					continue;
				}
				error = -ENOLCK;
				if (!new_fl)
					goto out;
				locks_copy_lock(new_fl, request);
				request = new_fl;
				new_fl = NULL;
				locks_insert_lock_ctx(request, &fl->fl_list);
				locks_delete_lock_ctx(fl, &dispose);
				added = true;
			}
		}
	}

	/* Everything above only merged or replaced; from here it inserts. */
	error = -ENOLCK;
	if (right && left == right && !new_fl2)
		goto out;
	error = 0;
	if (!added) {
		if (request->fl_type == F_UNLCK)
			goto out;
		if (!new_fl) {
			error = -ENOLCK;
			goto out;
		}
		locks_copy_lock(new_fl, request);
		locks_insert_lock_ctx(new_fl, &fl->fl_list);
		fl = new_fl;
		new_fl = NULL;
	}
	if (right) {
		if (left == right) {
			/* the request splits one old lock in two */
			left = new_fl2;
			new_fl2 = NULL;
			locks_copy_lock(left, right);
			locks_insert_lock_ctx(left, &fl->fl_list);
		}
		right->fl_start = request->fl_end + 1;
	}
	if (left)
		left->fl_end = request->fl_start - 1;
out:
	if (changed || !list_empty(&dispose))
		locks_wake_up_blocks(ctx);
	spin_unlock(&ctx->flc_lock);
	if (new_fl)
		locks_free_lock(new_fl);
	if (new_fl2)
		locks_free_lock(new_fl2);
	locks_dispose_list(&dispose);
	return error;
}

/* ---- flock ---- */

/*
 * flock for @request->fl_file: a conversion first drops the old lock (as
 * Linux: a failed non-blocking conversion leaves none), then looks for a
 * conflict. Returns 0, -EAGAIN, FILE_LOCK_DEFERRED or -ENOMEM.
 */
static int flock_lock_inode(struct inode *inode, struct file_lock *request)
{
	struct file_lock_context *ctx;
	struct file_lock *new_fl = NULL, *fl;
	LIST_HEAD(dispose);
	int error = 0;

	ctx = locks_get_lock_context(inode, request->fl_type);
	if (!ctx)
		return request->fl_type == F_UNLCK ? 0 : -ENOMEM;
	if (request->fl_type != F_UNLCK) {
		new_fl = locks_alloc_lock();
		if (!new_fl)
			return -ENOMEM;
	}

	spin_lock(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_flock, fl_list) {
		if (request->fl_file != fl->fl_file)
			continue;
		if (request->fl_type == fl->fl_type)
			goto out;
		locks_delete_lock_ctx(fl, &dispose);
		break;
	}
	if (request->fl_type == F_UNLCK)
		goto out;

	list_for_each_entry(fl, &ctx->flc_flock, fl_list) {
		if (!flock_locks_conflict(request, fl))
			continue;
		error = -EAGAIN;
		if (request->fl_flags & FL_SLEEP)
			error = locks_insert_block(ctx, request, fl);
		goto out;
	}
	locks_copy_lock(new_fl, request);
	locks_insert_lock_ctx(new_fl, &ctx->flc_flock);
	new_fl = NULL;
out:
	if (!list_empty(&dispose))
		locks_wake_up_blocks(ctx);
	spin_unlock(&ctx->flc_lock);
	if (new_fl)
		locks_free_lock(new_fl);
	locks_dispose_list(&dispose);
	return error;
}

/* ---- waiting ---- */

static int locks_lock_once(struct inode *inode, struct file_lock *fl)
{
	return IS_FLOCK(fl) ? flock_lock_inode(inode, fl) : posix_lock_inode(inode, fl);
}

/*
 * Take @fl, sleeping interruptibly while it conflicts if FL_SLEEP: each
 * wake-up retries from the start (and re-runs deadlock detection).
 * Returns 0, -EAGAIN, -EDEADLK, -ENOLCK, -ENOMEM or -ERESTARTSYS.
 */
static int locks_lock_file_wait(struct inode *inode, struct file_lock *fl)
{
	struct file_lock_context *ctx;
	int error;

	for (;;) {
		error = locks_lock_once(inode, fl);
		if (error != FILE_LOCK_DEFERRED)
			break;
		ctx = inode->i_flctx;   /* exists: the request found a lock in it */
		error = wait_event_interruptible(&ctx->flc_wait,
				READ_ONCE(ctx->flc_seq) != fl->fl_wait_seq);
		if (error)
			break;
	}
	locks_delete_block(fl);
	return error;
}

/* ---- fcntl ---- */

/* struct flock to a request (Linux's flock64_to_posix_lock). */
static int flock_to_posix_lock(struct file *filp, struct file_lock *fl, const struct flock *l)
{
	loff_t start;

	switch (l->l_whence) {
	case SEEK_SET:
		start = 0;
		break;
	case SEEK_CUR:
		start = filp->f_pos;
		break;
	case SEEK_END:
		start = READ_ONCE(filp->f_inode->i_size);
		break;
	default:
		return -EINVAL;
	}
	if (l->l_start > OFFSET_MAX - start)
		return -EOVERFLOW;
	start += l->l_start;
	if (start < 0)
		return -EINVAL;
	/* POSIX-2001: a negative length locks the bytes before start */
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		fl->fl_start = start;
		fl->fl_end = start + (l->l_len - 1);
	} else if (l->l_len < 0) {
		if (start + l->l_len < 0)
			return -EINVAL;
		fl->fl_end = start - 1;
		fl->fl_start = start + l->l_len;
	} else {
		fl->fl_start = start;
		fl->fl_end = OFFSET_MAX;
	}
	fl->fl_owner = current->files;
	fl->fl_pid = current->tgid;
	fl->fl_file = filp;
	fl->fl_inode = filp->f_inode;
	fl->fl_flags = FL_POSIX;
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	fl->fl_type = l->l_type;
	return 0;
}

/* What F_GETLK reports: OFD locks have no single process (-1). */
static void posix_lock_to_flock(struct flock *l, const struct file_lock *fl)
{
	l->l_pid = IS_OFDLCK(fl) ? -1 : fl->fl_pid;
	l->l_start = fl->fl_start;
	l->l_len = fl->fl_end == OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
	l->l_whence = SEEK_SET;
	l->l_type = fl->fl_type;
}

long fcntl_getlk(struct file *filp, unsigned int cmd, struct flock __user *ufl)
{
	struct file_lock fl;
	struct flock l;
	int error;

	if (copy_from_user(&l, ufl, sizeof(l)))
		return -EFAULT;
	if (l.l_type != F_RDLCK && l.l_type != F_WRLCK)
		return -EINVAL;
	locks_init_lock(&fl);
	error = flock_to_posix_lock(filp, &fl, &l);
	if (error)
		return error;
	if (cmd == F_OFD_GETLK) {
		if (l.l_pid != 0)
			return -EINVAL;
		fl.fl_flags |= FL_OFDLCK;
		fl.fl_owner = filp;
	}
	posix_test_lock(filp->f_inode, &fl);
	l.l_type = fl.fl_type;
	if (fl.fl_type != F_UNLCK)
		posix_lock_to_flock(&l, &fl);
	return copy_to_user(ufl, &l, sizeof(l)) ? -EFAULT : 0;
}

long fcntl_setlk(unsigned int fd, struct file *filp, unsigned int cmd,
		 struct flock __user *ufl)
{
	struct inode *inode = filp->f_inode;
	struct file_lock *fl;
	struct flock l;
	struct file *f;
	int error;

	if (copy_from_user(&l, ufl, sizeof(l)))
		return -EFAULT;
	fl = locks_alloc_lock();
	if (!fl)
		return -ENOLCK;
	error = flock_to_posix_lock(filp, fl, &l);
	if (error)
		goto out;
	error = -EBADF;
	if ((fl->fl_type == F_RDLCK && !(filp->f_mode & FMODE_READ)) ||
	    (fl->fl_type == F_WRLCK && !(filp->f_mode & FMODE_WRITE)))
		goto out;
	if (cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW) {
		error = -EINVAL;
		if (l.l_pid != 0)
			goto out;
		fl->fl_flags |= FL_OFDLCK;
		fl->fl_owner = filp;
	}
	if (cmd == F_SETLKW || cmd == F_OFD_SETLKW)
		fl->fl_flags |= FL_SLEEP;
	error = locks_lock_file_wait(inode, fl);

	/*
	 * A close of @fd racing with us would have removed our locks before
	 * we added this one; if the descriptor no longer names @filp, undo
	 * it (Linux's recovery). OFD locks and unlocks need not.
	 */
	if (!error && fl->fl_type != F_UNLCK && !IS_OFDLCK(fl)) {
		f = fget_raw(fd);
		if (f != filp) {
			fl->fl_type = F_UNLCK;
			fl->fl_flags &= ~FL_SLEEP;
			locks_lock_file_wait(inode, fl);
			error = -EBADF;
		}
		fput(f);
	}
out:
	locks_free_lock(fl);
	return error;
}

/* ---- release ---- */

void locks_remove_posix(struct file *filp, fl_owner_t owner)
{
	struct file_lock_context *ctx = locks_inode_context(filp->f_inode);
	struct file_lock fl;

	/*
	 * An unlocked peek: a lock another thread of @owner adds after it
	 * is one taken after this close, as on Linux (fcntl_setlk undoes one
	 * taken through the descriptor being closed).
	 */
	if (!ctx || list_empty(&ctx->flc_posix))
		return;
	locks_init_lock(&fl);
	fl.fl_type = F_UNLCK;
	fl.fl_flags = FL_POSIX;
	fl.fl_start = 0;
	fl.fl_end = OFFSET_MAX;
	fl.fl_owner = owner;
	fl.fl_pid = current->tgid;
	fl.fl_file = filp;
	fl.fl_inode = filp->f_inode;
	posix_lock_inode(filp->f_inode, &fl);
}

/* The last reference to @filp: its OFD locks and its flock go. */
void locks_remove_file(struct file *filp)
{
	struct file_lock_context *ctx = locks_inode_context(filp->f_inode);
	struct file_lock *fl, *tmp;
	LIST_HEAD(dispose);

	if (!ctx)
		return;
	locks_remove_posix(filp, filp);
	spin_lock(&ctx->flc_lock);
	list_for_each_entry_safe(fl, tmp, &ctx->flc_flock, fl_list)
		if (fl->fl_file == filp)
			locks_delete_lock_ctx(fl, &dispose);
	if (!list_empty(&dispose))
		locks_wake_up_blocks(ctx);
	spin_unlock(&ctx->flc_lock);
	locks_dispose_list(&dispose);
}

/* ---- flock(2) ---- */

SYSCALL_DEFINE2(flock, unsigned int, fd, unsigned int, cmd)
{
	struct file_lock fl;
	struct file *f;
	int type, error;

	/* LOCK_MAND never worked; Linux ignores it */
	if (cmd & 32)
		return 0;
	switch (cmd & ~LOCK_NB) {
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	case LOCK_UN:
		type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	f = fget(fd);
	if (!f)
		return -EBADF;
	error = -EBADF;
	if (type != F_UNLCK && !(f->f_mode & (FMODE_READ | FMODE_WRITE)))
		goto out;
	locks_init_lock(&fl);
	fl.fl_owner = f;
	fl.fl_file = f;
	fl.fl_inode = f->f_inode;
	fl.fl_pid = current->tgid;
	fl.fl_flags = FL_FLOCK;
	fl.fl_type = type;
	fl.fl_start = 0;
	fl.fl_end = OFFSET_MAX;
	if (!(cmd & LOCK_NB) && type != F_UNLCK)
		fl.fl_flags |= FL_SLEEP;
	error = locks_lock_file_wait(f->f_inode, &fl);
out:
	fput(f);
	return error;
}

/* ---- /proc/locks ---- */

/* One line per granted lock, in Linux's format; ranges read without
 * flc_lock may be a moment old. */
int locks_show(char *buf, size_t size)
{
	struct file_lock *fl;
	size_t n = 0;
	long id = 0;

#define P(...) (n += snprintf(buf + min(n, size), n < size ? size - n : 0, __VA_ARGS__))
	spin_lock(&file_lock_list_lock);
	list_for_each_entry(fl, &file_lock_list, fl_link) {
		struct inode *inode = fl->fl_inode;
		dev_t dev = inode->i_sb->s_dev;
		int type = READ_ONCE(fl->fl_type);

		P("%ld: ", ++id);
		if (IS_POSIX(fl))
			P("%s ADVISORY  ", IS_OFDLCK(fl) ? "OFDLCK" : "POSIX ");
		else
			P("FLOCK  ADVISORY  ");
		P("%s ", type == F_WRLCK ? "WRITE" : type == F_RDLCK ? "READ" : "UNLCK");
		P("%d %02x:%02x:%lu ", IS_OFDLCK(fl) ? -1 : fl->fl_pid,
		  MAJOR(dev), MINOR(dev), (unsigned long)inode->i_ino);
		if (!IS_POSIX(fl))
			P("0 EOF\n");
		else if (READ_ONCE(fl->fl_end) == OFFSET_MAX)
			P("%lld EOF\n", (long long)READ_ONCE(fl->fl_start));
		else
			P("%lld %lld\n", (long long)READ_ONCE(fl->fl_start),
			  (long long)READ_ONCE(fl->fl_end));
	}
	spin_unlock(&file_lock_list_lock);
#undef P
	return n;
}
