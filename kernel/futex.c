// SPDX-License-Identifier: MIT
/*
 * Futexes: WAIT/WAKE (with bitsets), REQUEUE, CMP_REQUEUE, WAKE_OP, robust
 * lists and clear_child_tid. PI futexes are not implemented (-ENOSYS).
 * A timed wait sleeps with the waiter's timer slack, as Linux's
 * futex_setup_timer(): it ends between its timeout and timeout + slack.
 *
 * Keys. A waiter is keyed by what identifies its futex word:
 *   - FUTEX_PRIVATE_FLAG, or a word in a private mapping: (mm, address);
 *   - a word in a MAP_SHARED mapping: (struct page, offset in page), found
 *     by a page-table walk after faulting the page in, so processes that
 *     share the page (fork, or two mmaps of one file) meet on one key.
 *     Pages never move or get swapped in shoal, so the key stays valid.
 * Keys hash into FUTEX_HASH_SIZE buckets, each with its own spinlock and a
 * FIFO chain of struct futex_q (on the waiter's stack).
 *
 * Ordering (no lost wake-up). Linux reads the user word under the bucket
 * lock with page faults disabled; shoal's uaccess may sleep in the fault
 * handler, so the waiter instead
 *   1. queues itself under the bucket lock,
 *   2. then reads the word (get_user, may fault) and compares,
 *   3. then sets TASK_INTERRUPTIBLE and sleeps unless it was woken already.
 * A waker changes the word in user space, then takes the bucket lock. If
 * the waker's lock comes after the waiter's queueing, it finds and wakes
 * the waiter; if it came before, the waiter's lock acquire orders its read
 * after the waker's store (release/acquire through the bucket lock), so the
 * waiter sees the new value and returns EAGAIN. A waiter that finds itself
 * woken while it backs out reports the wake-up (0), so none is wasted.
 *
 * Wake-up protocol, as Linux's futex_q->lock_ptr: q->lock_ptr points to
 * the lock of the bucket q is queued on, and is set to NULL (release) by the
 * waker after unlinking q; from then on q, which lives on the waiter's
 * stack, is never touched again. Requeue moves q and its lock_ptr with both
 * bucket locks held; unqueue_me() re-checks lock_ptr after locking.
 *
 * Lock order: bucket locks in address order (requeue, wake_op) ->
 * task->pi_lock -> rq->lock (wake_up_process). mm->mmap_lock and
 * page_table_lock are only taken while computing a key, with no bucket lock.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/sched/rt.h>
#include <shoal/futex.h>
#include <shoal/uaccess.h>
#include <shoal/mm_types.h>
#include <shoal/time.h>
#include <uapi/time.h>
#include <asm/pgtable.h>
#include <shoal/syscalls.h>

#define FUTEX_HASH_BITS 8
#define FUTEX_HASH_SIZE (1 << FUTEX_HASH_BITS)

struct futex_key {
	unsigned long ptr;              /* mm, or struct page | 1 for shared */
	unsigned long off;              /* address, or offset within the page */
};

struct futex_q {
	struct list_head list;          /* in the bucket's chain [bucket lock] */
	struct task_struct *task;
	spinlock_t *lock_ptr;           /* bucket lock; NULL once woken */
	struct futex_key key;           /* [bucket lock] (requeue changes it) */
	u32 bitset;
};

struct futex_hash_bucket {
	spinlock_t lock;
	struct list_head chain;         /* struct futex_q, FIFO [lock] */
} __cacheline_aligned;

static struct futex_hash_bucket futex_queues[FUTEX_HASH_SIZE];

void futex_init(void)
{
	int i;

	for (i = 0; i < FUTEX_HASH_SIZE; i++) {
		spin_lock_init_named(&futex_queues[i].lock, "futex_bucket");
		INIT_LIST_HEAD(&futex_queues[i].chain);
	}
}

static struct futex_hash_bucket *hash_futex(const struct futex_key *k)
{
	u64 h = (k->ptr >> 4) ^ (k->off >> 2) ^ (k->off << 7);

	h *= 0x9e3779b97f4a7c15UL;
	return &futex_queues[h >> (64 - FUTEX_HASH_BITS)];
}

static bool match_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->ptr == b->ptr && a->off == b->off;
}

/* The pfn mapped at user address @va, or 0 (page_table_lock held). */
static unsigned long user_pfn(struct mm_struct *mm, unsigned long va)
{
	pte_t *pt = mm->pgd, pte;
	int level;

	for (level = 2; level >= 0; level--) {
		pte = pt[VPN(va, level)];
		if (!pte_present(pte))
			return 0;
		if (pte_leaf(pte))      /* a leaf above level 0 is a huge page */
			return pte_pfn(pte) + ((va >> PAGE_SHIFT) & ((1UL << (9 * level)) - 1));
		pt = __va(pte_pfn(pte) << PAGE_SHIFT);
	}
	return 0;
}

static int get_futex_key(u32 __user *uaddr, bool private, struct futex_key *key)
{
	unsigned long addr = (unsigned long)uaddr, pfn;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	bool shared;
	u32 v;

	if (addr & 3)
		return -EINVAL;
	if (!mm || !access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	key->ptr = (unsigned long)mm;
	key->off = addr;
	if (private)
		return 0;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr) {
		mutex_unlock(&mm->mmap_lock);
		return -EFAULT;
	}
	shared = vma->vm_flags & VM_SHARED;
	mutex_unlock(&mm->mmap_lock);
	if (!shared)
		return 0;
	if (get_user(v, uaddr))         /* fault the page in */
		return -EFAULT;
	(void)v;
	spin_lock(&mm->page_table_lock);
	pfn = user_pfn(mm, addr);
	spin_unlock(&mm->page_table_lock);
	if (!pfn || !pfn_valid(pfn))
		return -EFAULT;
	key->ptr = (unsigned long)pfn_to_page(pfn) | 1;
	key->off = addr & ~PAGE_MASK;
	return 0;
}

/* Unlink and wake @q (its bucket lock held). */
static void wake_futex(struct futex_q *q)
{
	struct task_struct *t = q->task;

	get_task_struct(t);
	list_del_init(&q->list);
	/* After this store the waiter may return and q vanish; paired with
	 * READ_ONCE(q->lock_ptr) in futex_wait()/unqueue_me(). */
	smp_store_release(&q->lock_ptr, NULL);
	wake_up_process(t);
	put_task_struct(t);
}

/* Remove @q if still queued: 1 if it was, 0 if a waker took it. */
static int unqueue_me(struct futex_q *q)
{
	spinlock_t *lock;

	for (;;) {
		lock = smp_load_acquire(&q->lock_ptr);
		if (!lock)
			return 0;
		spin_lock(lock);
		if (lock == q->lock_ptr)
			break;
		spin_unlock(lock);      /* requeued meanwhile: follow it */
	}
	list_del_init(&q->list);
	q->lock_ptr = NULL;
	spin_unlock(lock);
	return 1;
}

static long futex_wait_restart(struct restart_block *rb);

static long futex_wait(u32 __user *uaddr, bool private, u32 val, ktime_t abs_time, u32 bitset)
{
	struct futex_hash_bucket *hb;
	struct restart_block *rb;
	struct futex_q q;
	u32 uval;
	long ret;

	if (!bitset)
		return -EINVAL;
retry:
	ret = get_futex_key(uaddr, private, &q.key);
	if (ret)
		return ret;
	q.task = current;
	q.bitset = bitset;
	hb = hash_futex(&q.key);
	spin_lock(&hb->lock);
	q.lock_ptr = &hb->lock;
	list_add_tail(&q.list, &hb->chain);
	spin_unlock(&hb->lock);

	if (get_user(uval, uaddr)) {
		ret = -EFAULT;
		goto out_unqueue;
	}
	if (uval != val) {
		ret = -EAGAIN;
		goto out_unqueue;
	}
	set_current_state(TASK_INTERRUPTIBLE);
	if (READ_ONCE(q.lock_ptr) && !signal_pending(current))
		schedule_hrtimeout_range_prepared(abs_time, task_timer_slack(current));
	__set_current_state(TASK_RUNNING);
	if (!unqueue_me(&q))
		return 0;               /* woken by FUTEX_WAKE */
	if (abs_time != KTIME_MAX && ktime_get() >= abs_time)
		return -ETIMEDOUT;
	if (!signal_pending(current))
		goto retry;             /* spurious wake-up: queue again on uaddr */
	if (abs_time == KTIME_MAX)
		return -ERESTARTSYS;
	rb = &current->restart_block;
	rb->fn = futex_wait_restart;
	rb->arg[0] = (unsigned long)uaddr;
	rb->arg[1] = val | ((unsigned long)private << 32);
	rb->arg[2] = abs_time;
	rb->arg[3] = bitset;
	return -ERESTART_RESTARTBLOCK;

out_unqueue:
	if (!unqueue_me(&q))
		ret = 0;                /* woken while backing out: report the wake */
	return ret;
}

static long futex_wait_restart(struct restart_block *rb)
{
	rb->fn = do_no_restart_syscall;
	return futex_wait((u32 __user *)rb->arg[0], rb->arg[1] >> 32, (u32)rb->arg[1],
			  (ktime_t)rb->arg[2], (u32)rb->arg[3]);
}

/* Wake up to @nr (at least one, as Linux) waiters of @key whose bitset
 * intersects @bitset. Bucket lock held. */
static int __futex_wake(struct futex_hash_bucket *hb, const struct futex_key *key,
			int nr, u32 bitset)
{
	struct futex_q *q, *n;
	int woken = 0;

	assert_spin_locked(&hb->lock);

	list_for_each_entry_safe(q, n, &hb->chain, list) {
		if (!match_key(&q->key, key) || !(q->bitset & bitset))
			continue;
		wake_futex(q);
		if (++woken >= nr)
			break;
	}
	return woken;
}

int futex_wake(u32 __user *uaddr, bool private, int nr, u32 bitset)
{
	struct futex_hash_bucket *hb;
	struct futex_key key;
	int ret;

	if (!bitset)
		return -EINVAL;
	ret = get_futex_key(uaddr, private, &key);
	if (ret)
		return ret;
	hb = hash_futex(&key);
	spin_lock(&hb->lock);
	ret = __futex_wake(hb, &key, nr, bitset);
	spin_unlock(&hb->lock);
	return ret;
}

static void double_lock_hb(struct futex_hash_bucket *a, struct futex_hash_bucket *b)
{
	if (a > b) {
		struct futex_hash_bucket *t = a;
		a = b;
		b = t;
	}
	spin_lock(&a->lock);
	if (a != b)
		spin_lock(&b->lock);
}

static void double_unlock_hb(struct futex_hash_bucket *a, struct futex_hash_bucket *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

/*
 * Wake @nr_wake waiters of uaddr1 and move up to @nr_requeue others to
 * uaddr2. CMP_REQUEUE (@cmpval) first checks *uaddr1; the check happens
 * before the bucket locks are taken (see the ordering note above: a waiter
 * that queues after it still validates its own value).
 */
static long futex_requeue(u32 __user *uaddr1, u32 __user *uaddr2, bool private,
			  int nr_wake, int nr_requeue, const u32 *cmpval)
{
	struct futex_hash_bucket *hb1, *hb2;
	struct futex_key key1, key2;
	struct futex_q *q, *n;
	int woken = 0, moved = 0;
	u32 cur;
	long ret;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	ret = get_futex_key(uaddr1, private, &key1);
	if (!ret)
		ret = get_futex_key(uaddr2, private, &key2);
	if (ret)
		return ret;
	if (cmpval) {
		if (get_user(cur, uaddr1))
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	double_lock_hb(hb1, hb2);
	list_for_each_entry_safe(q, n, &hb1->chain, list) {
		if (!match_key(&q->key, &key1))
			continue;
		if (woken < nr_wake) {
			wake_futex(q);
			woken++;
		} else if (moved < nr_requeue) {
			if (hb1 != hb2) {
				list_del(&q->list);
				list_add_tail(&q->list, &hb2->chain);
				WRITE_ONCE(q->lock_ptr, &hb2->lock);
			}
			q->key = key2;
			moved++;
		} else {
			break;
		}
	}
	double_unlock_hb(hb1, hb2);
	return woken + moved;
}

/* Decode and apply FUTEX_WAKE_OP's operation on *uaddr; returns the
 * comparison's result (0/1) or -errno. */
static int futex_atomic_op(u32 encoded, u32 __user *uaddr)
{
	unsigned int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	int oldval, ret;

	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28)) {
		oparg &= 31;
		oparg = 1 << oparg;
	}
	ret = arch_futex_atomic_op_inuser(op, oparg, &oldval, uaddr);
	if (ret)
		return ret;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: return oldval == cmparg;
	case FUTEX_OP_CMP_NE: return oldval != cmparg;
	case FUTEX_OP_CMP_LT: return oldval < cmparg;
	case FUTEX_OP_CMP_LE: return oldval <= cmparg;
	case FUTEX_OP_CMP_GT: return oldval > cmparg;
	case FUTEX_OP_CMP_GE: return oldval >= cmparg;
	default: return -ENOSYS;
	}
}

/*
 * FUTEX_WAKE_OP: the operation on *uaddr2 runs before the bucket locks are
 * taken (it may fault); a waiter on uaddr2 that queues after it sees the
 * new value, one queued before is found below.
 */
static long futex_wake_op(u32 __user *uaddr1, u32 __user *uaddr2, bool private,
			  int nr_wake, int nr_wake2, u32 op)
{
	struct futex_hash_bucket *hb1, *hb2;
	struct futex_key key1, key2;
	long ret;
	int op_ret;

	ret = get_futex_key(uaddr1, private, &key1);
	if (!ret)
		ret = get_futex_key(uaddr2, private, &key2);
	if (ret)
		return ret;
	op_ret = futex_atomic_op(op, uaddr2);
	if (op_ret < 0)
		return op_ret;
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	double_lock_hb(hb1, hb2);
	ret = __futex_wake(hb1, &key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (op_ret > 0)
		ret += __futex_wake(hb2, &key2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	double_unlock_hb(hb1, hb2);
	return ret;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const struct timespec __user *, utime, u32 __user *, uaddr2, u32, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG;
	ktime_t t, abs_time = KTIME_MAX;
	int err;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && utime) {
		err = get_user_timespec_ns(&t, utime);
		if (err)
			return err;
		if (cmd == FUTEX_WAIT)          /* relative, CLOCK_MONOTONIC */
			abs_time = ktime_add_safe(ktime_get(), t);
		else if (op & FUTEX_CLOCK_REALTIME)     /* absolute realtime */
			abs_time = t - (ktime_get_real() - ktime_get());
		else                            /* absolute monotonic */
			abs_time = t;
	}
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, private, val, abs_time, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, private, val, abs_time, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, private, val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, val, (int)(unsigned long)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, val, (int)(unsigned long)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, val, (int)(unsigned long)utime, val3);
	default:        /* PI futexes, FUTEX_FD */
		return -ENOSYS;
	}
}

/* ---- robust lists and clear_child_tid ---- */

SYSCALL_DEFINE2(set_robust_list, struct robust_list_head __user *, head, size_t, len)
{
	if (len != sizeof(*head))
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid,
		struct robust_list_head __user * __user *, head_ptr, size_t __user *, len_ptr)
{
	struct task_struct *p = current;
	void __user *head;
	size_t len;

	if (pid) {
		p = get_task_by_pid(pid);
		if (!p)
			return -ESRCH;
	}
	head = p->robust_list;
	if (p != current)
		put_task_struct(p);
	len = sizeof(struct robust_list_head);
	if (copy_to_user(len_ptr, &len, sizeof(len)) ||
	    copy_to_user(head_ptr, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

/* Entries carry a PI flag in bit 0. */
static int fetch_robust_entry(struct robust_list __user **entry,
			      struct robust_list __user * __user *head, bool *pi)
{
	unsigned long uentry;

	if (get_user(uentry, (unsigned long __user *)head))
		return -EFAULT;
	*entry = (void __user *)(uentry & ~1UL);
	*pi = uentry & 1;
	return 0;
}

/* The owner died holding the robust futex at @uaddr: mark it and wake one. */
static int handle_futex_death(u32 __user *uaddr, struct task_struct *tsk, bool pi,
			      bool pending_op)
{
	u32 uval, nval, mval;

	if ((unsigned long)uaddr & 3)
		return -1;
	for (;;) {
		if (get_user(uval, uaddr))
			return -1;
		/* died between unlocking (word 0) and waking a waiter */
		if (pending_op && !pi && !uval) {
			futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
			return 0;
		}
		if ((uval & FUTEX_TID_MASK) != (u32)tsk->pid)
			return 0;
		mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (futex_atomic_cmpxchg_inatomic(&nval, uaddr, uval, mval))
			return -1;
		if (nval == uval)
			break;
	}
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
	return 0;
}

void exit_robust_list(struct task_struct *tsk)
{
	struct robust_list_head __user *head = tsk->robust_list;
	struct robust_list __user *entry, *next_entry, *pending;
	unsigned int limit = ROBUST_LIST_LIMIT;
	bool pi, next_pi, pip;
	long futex_offset;
	int rc;

	if (!head || !tsk->mm)
		return;
	tsk->robust_list = NULL;
	if (fetch_robust_entry(&entry, &head->list.next, &pi))
		return;
	if (get_user(futex_offset, &head->futex_offset))
		return;
	if (fetch_robust_entry(&pending, &head->list_op_pending, &pip))
		return;
	while (entry != &head->list) {
		rc = fetch_robust_entry(&next_entry, &entry->next, &next_pi);
		if (entry != pending)
			handle_futex_death((u32 __user *)((char __user *)entry + futex_offset),
					   tsk, pi, false);
		if (rc)
			return;
		entry = next_entry;
		pi = next_pi;
		if (!--limit)
			break;
		cond_resched();
	}
	if (pending)
		handle_futex_death((u32 __user *)((char __user *)pending + futex_offset),
				   tsk, pip, true);
}

void mm_release_futex(struct task_struct *tsk)
{
	int __user *tid = tsk->clear_child_tid;

	if (!tid)
		return;
	tsk->clear_child_tid = NULL;
	if (tsk->mm && atomic_read(&tsk->mm->mm_users) > 1) {
		if (!put_user(0, tid))
			futex_wake((u32 __user *)tid, false, 1, FUTEX_BITSET_MATCH_ANY);
	}
}
