// SPDX-License-Identifier: MIT
/*
 * select, pselect6, ppoll: readiness of a set of descriptors, per call
 * (Linux's fs/select.c design). riscv64 has no select/poll syscalls; libc
 * builds them on pselect6 and ppoll.
 *
 * Every call is O(n): the first pass calls each file's ->poll with a
 * poll_table whose _qproc (__pollwait) puts one poll_table_entry on every
 * wait queue the file names through poll_wait(); later passes pass a NULL
 * _qproc, so nothing registers twice, and once one descriptor is found
 * ready nothing registers at all (the call will not sleep). All entries
 * come off their queues in poll_freewait() before the call returns. The
 * epoll study compares this against fs/eventpoll.c's O(ready) ready list.
 *
 * Entries live in struct poll_wqueues on the caller's kernel stack
 * (N_INLINE_POLL_ENTRIES), then in whole pages chained through
 * poll_table_page. Each entry holds a reference on its file, so the wait
 * queue head it sits on outlives it even if the descriptor is closed
 * meanwhile.
 *
 * Locking: this file owns no lock. An entry's list linkage is guarded by
 * the lock of the wait queue it is on; pollwake() runs under that lock
 * with IRQs off (from any CPU, interrupt and softirq context included) and
 * touches only pwq->triggered and the polling task. remove_wait_queue()
 * takes the same lock, so no callback still runs on an entry once
 * poll_freewait() has removed it.
 *
 * Lost wake-ups: the poller sets TASK_INTERRUPTIBLE (a full barrier) and
 * only then tests triggered (poll_schedule_timeout); pollwake() sets
 * triggered before it wakes the task. Either the poller sees triggered, or
 * the waker sees the sleeping state and wakes it. triggered is cleared
 * with a full barrier before the next pass reads the files' state, so a
 * wake-up that lands after that pass's ->poll is seen by the next sleep.
 */
#include "internal.h"
#include <shoal/signal.h>
#include <shoal/sched/rt.h>
#include <shoal/smp.h>
#include <shoal/time.h>
#include <uapi/time.h>
#include <shoal/syscalls.h>

typedef __kernel_fd_set fd_set;

#define BITS_PER_LONG           64
#define DEFAULT_POLLMASK        (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* What select() counts as ready in each set (Linux's POLL*_SET). */
#define POLLIN_SET      (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET     (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET      (POLLPRI)

/*
 * Wake-up statistics for the select/poll vs epoll study, per CPU of the
 * polling task (written only by it, in task context; read racily).
 *   poll_wakeups:          passes over the descriptors caused by a
 *                          wait-queue callback (pollwake), not by the first
 *                          pass, a timeout or a signal;
 *   poll_spurious_wakeups: those of them that found no descriptor ready.
 * Not yet in procfs: a reader declares them with DECLARE_PER_CPU(unsigned
 * long, ...) and sums per_cpu() over the CPUs, as for syscall_count.
 */
DEFINE_PER_CPU(unsigned long, poll_wakeups);
DEFINE_PER_CPU(unsigned long, poll_spurious_wakeups);

/* ---- the per-call wait-queue table ---- */

struct poll_table_entry {
	struct file *filp;              /* referenced until poll_freewait */
	unsigned int key;               /* events the caller wants from this file */
	wait_queue_entry_t wait;        /* on *wait_address [its lock] */
	wait_queue_head_t *wait_address;
};

/* A page of entries; entry is the next free one. */
struct poll_table_page {
	struct poll_table_page *next;
	struct poll_table_entry *entry;
	struct poll_table_entry entries[];
};
#define POLL_TABLE_FULL(t) \
	((unsigned long)((t)->entry + 1) > PAGE_SIZE + (unsigned long)(t))

#define N_INLINE_POLL_ENTRIES   8

struct poll_wqueues {
	poll_table pt;
	struct poll_table_page *table;  /* pages, newest first [poller] */
	struct task_struct *polling_task;       /* [const] */
	int triggered;                  /* set by pollwake, cleared by the poller */
	int error;                      /* -ENOMEM when an entry could not be had [poller] */
	int inline_index;               /* inline entries used [poller] */
	struct poll_table_entry inline_entries[N_INLINE_POLL_ENTRIES];
};

/*
 * Wait-queue callback (wq lock held, IRQs off). A key is the mask passed to
 * wake_up_poll(); no key (0) wakes whatever the caller waits for.
 */
static int pollwake(wait_queue_entry_t *wait, unsigned int mode, int flags, void *key)
{
	struct poll_table_entry *entry = container_of(wait, struct poll_table_entry, wait);
	struct poll_wqueues *pwq = wait->private;
	unsigned int events = (unsigned int)(unsigned long)key;

	if (events && !(events & entry->key))
		return 0;
	/* paired with set_current_state() in poll_schedule_timeout() */
	smp_wmb();
	WRITE_ONCE(pwq->triggered, 1);
	return wake_up_state(pwq->polling_task, mode);
}

static struct poll_table_entry *poll_get_entry(struct poll_wqueues *p)
{
	struct poll_table_page *table = p->table;

	if (p->inline_index < N_INLINE_POLL_ENTRIES)
		return p->inline_entries + p->inline_index++;
	if (!table || POLL_TABLE_FULL(table)) {
		table = (struct poll_table_page *)__get_free_page(GFP_KERNEL);
		if (!table) {
			p->error = -ENOMEM;
			return NULL;
		}
		table->entry = table->entries;
		table->next = p->table;
		p->table = table;
	}
	return table->entry++;
}

/* poll_table _qproc: called by a file's ->poll through poll_wait(). */
static void __pollwait(struct file *filp, wait_queue_head_t *wq, poll_table *pt)
{
	struct poll_wqueues *pwq = container_of(pt, struct poll_wqueues, pt);
	struct poll_table_entry *entry = poll_get_entry(pwq);

	if (!entry)
		return;
	entry->filp = get_file(filp);
	entry->wait_address = wq;
	entry->key = pt->_key;
	init_waitqueue_func_entry(&entry->wait, pollwake);
	entry->wait.private = pwq;
	add_wait_queue(wq, &entry->wait);
}

static void poll_initwait(struct poll_wqueues *pwq)
{
	pwq->pt._qproc = __pollwait;
	pwq->pt._key = ~0U;
	pwq->polling_task = current;
	pwq->triggered = 0;
	pwq->error = 0;
	pwq->table = NULL;
	pwq->inline_index = 0;
}

static void free_poll_entry(struct poll_table_entry *entry)
{
	remove_wait_queue(entry->wait_address, &entry->wait);
	fput(entry->filp);
}

/* Take every entry off its queue and drop its file; free the pages. */
static void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_page *p = pwq->table, *next;
	struct poll_table_entry *entry;
	int i;

	for (i = 0; i < pwq->inline_index; i++)
		free_poll_entry(pwq->inline_entries + i);
	for (; p; p = next) {
		for (entry = p->entries; entry < p->entry; entry++)
			free_poll_entry(entry);
		next = p->next;
		free_page((unsigned long)p);
	}
}

#define MAX_SLACK       (100 * NSEC_PER_MSEC)

/*
 * Linux's select_estimate_accuracy(): the longer the timeout, the later
 * its wake-up may come (0.1 % of it, 0.5 % when niced, at most 100 ms),
 * but never less late than the task's own slack; a task without slack
 * (real-time) gets none. Also for epoll_wait (fs/eventpoll.c).
 */
u64 select_estimate_accuracy(ktime_t expires)
{
	u64 slack = task_timer_slack(current), ret = 0;
	ktime_t left = expires - ktime_get();
	int divfactor = task_nice(current) > 0 ? 5000 : 1000;

	if (left > 0)
		ret = min((u64)left / divfactor, (u64)MAX_SLACK);
	if (ret < slack || !slack)
		return slack;
	return ret;
}

/*
 * Sleep until a callback triggered, @expires (absolute monotonic, KTIME_MAX
 * = never; up to @slack ns late) passed, or a signal arrived. Returns 0 on
 * timeout. *woken says whether a callback triggered; triggered is re-armed
 * for the next pass.
 */
static int poll_schedule_timeout(struct poll_wqueues *pwq, ktime_t expires, u64 slack,
				 bool *woken)
{
	int rc = -EINTR;

	set_current_state(TASK_INTERRUPTIBLE);
	if (!READ_ONCE(pwq->triggered))
		rc = schedule_hrtimeout_range_prepared(expires, slack);
	__set_current_state(TASK_RUNNING);
	*woken = READ_ONCE(pwq->triggered);
	/* clear before the next pass reads the files' state */
	WRITE_ONCE(pwq->triggered, 0);
	smp_mb();
	return rc;
}

/* A pass that followed a callback's wake-up found @found ready descriptors. */
static void poll_account_wakeup(bool woken, int found)
{
	if (!woken)
		return;
	(*this_cpu_ptr(poll_wakeups))++;
	if (!found)
		(*this_cpu_ptr(poll_spurious_wakeups))++;
}

static inline unsigned int vfs_poll(struct file *f, poll_table *pt)
{
	if (!f->f_op || !f->f_op->poll)
		return DEFAULT_POLLMASK;
	return f->f_op->poll(f, pt);
}

/* ---- timeouts and signal masks, shared by ppoll and pselect6 ---- */

/*
 * The user timeout as an absolute monotonic expiry: KTIME_MAX without one,
 * 0 for a zero timeout (one pass, no sleep). -EFAULT or -EINVAL.
 */
static int poll_select_set_timeout(const struct timespec __user *tsp, ktime_t *expires)
{
	ktime_t ns;
	int err;

	*expires = KTIME_MAX;
	if (!tsp)
		return 0;
	err = get_user_timespec_ns(&ns, tsp);
	if (err)
		return err;
	*expires = ns ? ktime_add_safe(ktime_get(), ns) : 0;
	return 0;
}

/*
 * Common exit: put back the caller's signal mask unless a handler is about
 * to run (the signal code restores it then), and write the time left into
 * *tsp, as Linux does (not for a zero timeout). If that write faults, an
 * interrupted call must not restart with the old timeout: it fails EINTR.
 */
static long poll_select_finish(ktime_t expires, struct timespec __user *tsp, long ret)
{
	ktime_t left;

	restore_saved_sigmask_unless(ret == -ERESTARTNOHAND);
	if (!tsp || !expires)
		return ret;
	left = expires - ktime_get();
	if (put_user_timespec_ns(left > 0 ? left : 0, tsp) && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

/* ---- poll ---- */

/* User pollfds, copied in: one chunk on the stack, then page-sized ones. */
struct poll_list {
	struct poll_list *next;
	unsigned int len;
	struct pollfd entries[];
};
#define FRONTEND_STACK_ALLOC    256
#define N_STACK_PPS     ((FRONTEND_STACK_ALLOC - sizeof(struct poll_list)) / sizeof(struct pollfd))
#define POLLFD_PER_PAGE ((PAGE_SIZE - sizeof(struct poll_list)) / sizeof(struct pollfd))

/* Poll one pollfd, set its revents; returns them (non-zero: ready). */
static unsigned int do_pollfd(struct pollfd *pfd, poll_table *pt)
{
	unsigned int mask = 0, filter;
	struct file *f;

	if (pfd->fd >= 0) {
		mask = POLLNVAL;
		f = fget(pfd->fd);
		if (f) {
			/* errors and hang-ups are reported even if not asked for */
			filter = (unsigned short)pfd->events | POLLERR | POLLHUP;
			pt->_key = filter;
			mask = vfs_poll(f, pt) & filter;
			fput(f);
		}
	}
	pfd->revents = (short)mask;
	return mask;
}

/* One pass over every pollfd; returns how many are ready. */
static int poll_list_pass(struct poll_list *list, poll_table *pt)
{
	struct poll_list *walk;
	struct pollfd *pfd;
	int count = 0;

	for (walk = list; walk; walk = walk->next) {
		for (pfd = walk->entries; pfd < walk->entries + walk->len; pfd++) {
			if (do_pollfd(pfd, pt)) {
				count++;
				pt->_qproc = NULL;      /* we will not sleep */
			}
		}
		cond_resched();
	}
	return count;
}

static int do_poll(struct poll_list *list, struct poll_wqueues *wait, ktime_t expires)
{
	bool timed_out = !expires, woken = false;
	u64 slack = 0;
	int count;

	if (timed_out)
		wait->pt._qproc = NULL;
	else if (expires != KTIME_MAX)
		slack = select_estimate_accuracy(expires);
	for (;;) {
		count = poll_list_pass(list, &wait->pt);
		/* every queue is registered now: later passes only look */
		wait->pt._qproc = NULL;
		poll_account_wakeup(woken, count);
		if (!count) {
			count = wait->error;
			if (signal_pending(current))
				count = -ERESTARTNOHAND;
		}
		if (count || timed_out)
			break;
		if (!poll_schedule_timeout(wait, expires, slack, &woken))
			timed_out = true;
	}
	return count;
}

static void free_poll_list(struct poll_list *head)
{
	struct poll_list *walk = head->next, *next;

	for (; walk; walk = next) {
		next = walk->next;
		kfree(walk);
	}
}

/* Copy the pollfds in, chunk by chunk; 0, -EFAULT or -ENOMEM. */
static int copy_poll_list(struct poll_list *head, struct pollfd __user *ufds, unsigned int nfds)
{
	struct poll_list *walk = head;
	unsigned int done = 0, len = min(nfds, (unsigned int)N_STACK_PPS);

	for (;;) {
		walk->next = NULL;
		walk->len = len;
		if (!len)
			return 0;
		if (copy_from_user(walk->entries, ufds + done, len * sizeof(struct pollfd)))
			return -EFAULT;
		done += len;
		if (done == nfds)
			return 0;
		cond_resched();         /* up to RLIMIT_NOFILE entries */
		len = min(nfds - done, (unsigned int)POLLFD_PER_PAGE);
		walk->next = kmalloc(sizeof(*walk) + len * sizeof(struct pollfd), GFP_KERNEL);
		walk = walk->next;
		if (!walk)
			return -ENOMEM;
	}
}

/* Write revents back for every entry (only that field, as Linux). */
static int put_revents(struct poll_list *head, struct pollfd __user *ufds)
{
	struct poll_list *walk;
	unsigned int j;

	for (walk = head; walk; walk = walk->next)
		for (j = 0; j < walk->len; j++, ufds++)
			if (put_user(walk->entries[j].revents, &ufds->revents))
				return -EFAULT;
	return 0;
}

static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds, ktime_t expires)
{
	long stack_pps[FRONTEND_STACK_ALLOC / sizeof(long)];
	struct poll_list *head = (struct poll_list *)stack_pps;
	struct poll_wqueues table;
	int err, fdcount;

	if (nfds > task_rlimit_nofile())
		return -EINVAL;
	err = copy_poll_list(head, ufds, nfds);
	if (err)
		goto out_list;
	poll_initwait(&table);
	fdcount = do_poll(head, &table, expires);
	poll_freewait(&table);
	err = put_revents(head, ufds);
	if (!err)
		err = fdcount;
out_list:
	free_poll_list(head);
	return err;
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct timespec __user *, tsp, const sigset_t __user *, sigmask, size_t, sigsetsize)
{
	ktime_t expires;
	long ret;

	ret = poll_select_set_timeout(tsp, &expires);
	if (ret)
		return ret;
	ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, expires);
	return poll_select_finish(expires, tsp, ret);
}

/* ---- select ---- */

/* The three sets asked for and the three found, n bits each. */
struct fd_set_bits {
	unsigned long *in, *out, *ex;
	unsigned long *res_in, *res_out, *res_ex;
};
#define FDS_LONGS(n)    DIV_ROUND_UP(n, BITS_PER_LONG)
#define FDS_BYTES(n)    (FDS_LONGS(n) * sizeof(long))
#define SELECT_STACK_ALLOC 256

static int get_fd_set(unsigned int n, fd_set __user *ufds, unsigned long *fds)
{
	if (!ufds) {
		memset(fds, 0, FDS_BYTES(n));
		return 0;
	}
	return copy_from_user(fds, ufds, FDS_BYTES(n)) ? -EFAULT : 0;
}

static int set_fd_set(unsigned int n, fd_set __user *ufds, unsigned long *fds)
{
	if (!ufds)
		return 0;
	return copy_to_user(ufds, fds, FDS_BYTES(n)) ? -EFAULT : 0;
}

/* Size of current's descriptor table: select's n is clamped to it. */
static unsigned int current_max_fds(void)
{
	struct files_struct *files = current->files;
	unsigned int max;

	spin_lock(&files->lock);
	max = files->max_fds;
	spin_unlock(&files->lock);
	return max;
}

/*
 * Highest descriptor named in any set, plus one; -EBADF if one of them is
 * not open (Linux's max_select_fd). @n is at most the table size.
 */
static int max_select_fd(unsigned int n, struct fd_set_bits *fds)
{
	struct files_struct *files = current->files;
	unsigned int w;
	int max = 0;

	spin_lock(&files->lock);
	for (w = 0; w < FDS_LONGS(n); w++) {
		unsigned long set = fds->in[w] | fds->out[w] | fds->ex[w];

		if (w == n / BITS_PER_LONG)     /* the last, partial word */
			set &= ~(~0UL << (n % BITS_PER_LONG));
		if (!set)
			continue;
		if (set & ~files->open_fds[w]) {
			max = -EBADF;
			break;
		}
		max = w * BITS_PER_LONG + BITS_PER_LONG - __builtin_clzl(set);
	}
	spin_unlock(&files->lock);
	return max;
}

/* ->poll of descriptor @fd with the key select wants; POLLNVAL if closed. */
static unsigned int select_poll_one(unsigned int fd, bool in, bool out, poll_table *pt)
{
	struct file *f = fget(fd);
	unsigned int mask;

	if (!f)
		return POLLNVAL;
	pt->_key = POLLEX_SET | (in ? POLLIN_SET : 0) | (out ? POLLOUT_SET : 0);
	mask = vfs_poll(f, pt);
	fput(f);
	return mask;
}

/* Poll the descriptors of word @w of the sets below @n; fill the result
 * words; returns how many bits were set. */
static int select_word(struct fd_set_bits *fds, unsigned int w, unsigned int n, poll_table *pt)
{
	unsigned long in = fds->in[w], out = fds->out[w], ex = fds->ex[w];
	unsigned long all = in | out | ex, res_in = 0, res_out = 0, res_ex = 0;
	int count = 0;

	while (all) {
		unsigned int j = __builtin_ctzl(all), fd = w * BITS_PER_LONG + j;
		unsigned long bit = 1UL << j;
		unsigned int mask;

		if (fd >= n)
			break;
		all &= all - 1;
		mask = select_poll_one(fd, in & bit, out & bit, pt);
		if ((mask & POLLIN_SET) && (in & bit)) {
			res_in |= bit;
			count++;
		}
		if ((mask & POLLOUT_SET) && (out & bit)) {
			res_out |= bit;
			count++;
		}
		if ((mask & POLLEX_SET) && (ex & bit)) {
			res_ex |= bit;
			count++;
		}
		if (count)
			pt->_qproc = NULL;      /* we will not sleep */
	}
	fds->res_in[w] = res_in;
	fds->res_out[w] = res_out;
	fds->res_ex[w] = res_ex;
	return count;
}

/* Returns the number of bits set in the results, 0 (timeout or signal), or -errno. */
static int do_select(unsigned int n, struct fd_set_bits *fds, ktime_t expires)
{
	struct poll_wqueues table;
	bool timed_out = !expires, woken = false;
	u64 slack = 0;
	unsigned int w;
	int ret;

	ret = max_select_fd(n, fds);
	if (ret < 0)
		return ret;
	n = ret;
	poll_initwait(&table);
	if (timed_out)
		table.pt._qproc = NULL;
	else if (expires != KTIME_MAX)
		slack = select_estimate_accuracy(expires);
	for (;;) {
		ret = 0;
		for (w = 0; w < FDS_LONGS(n); w++) {
			ret += select_word(fds, w, n, &table.pt);
			cond_resched();
		}
		table.pt._qproc = NULL;
		poll_account_wakeup(woken, ret);
		if (ret || timed_out || signal_pending(current))
			break;
		if (table.error) {
			ret = table.error;
			break;
		}
		if (!poll_schedule_timeout(&table, expires, slack, &woken))
			timed_out = true;
	}
	poll_freewait(&table);
	return ret;
}

static long core_sys_select(int n, fd_set __user *inp, fd_set __user *outp,
			    fd_set __user *exp, ktime_t expires)
{
	long stack_fds[SELECT_STACK_ALLOC / sizeof(long)];
	unsigned long *bits = (unsigned long *)stack_fds;
	struct fd_set_bits fds;
	size_t words;
	long ret;

	if (n < 0)
		return -EINVAL;
	n = min((unsigned int)n, current_max_fds());
	words = FDS_LONGS(n);
	if (6 * words * sizeof(long) > sizeof(stack_fds)) {
		bits = kmalloc(6 * words * sizeof(long), GFP_KERNEL);
		if (!bits)
			return -ENOMEM;
	}
	fds.in = bits;
	fds.out = bits + words;
	fds.ex = bits + 2 * words;
	fds.res_in = bits + 3 * words;
	fds.res_out = bits + 4 * words;
	fds.res_ex = bits + 5 * words;
	if ((ret = get_fd_set(n, inp, fds.in)) ||
	    (ret = get_fd_set(n, outp, fds.out)) ||
	    (ret = get_fd_set(n, exp, fds.ex)))
		goto out_bits;
	memset(fds.res_in, 0, 3 * words * sizeof(long));
	ret = do_select(n, &fds, expires);
	if (ret < 0)
		goto out_bits;
	if (!ret && signal_pending(current)) {
		ret = -ERESTARTNOHAND;
		goto out_bits;
	}
	if (set_fd_set(n, inp, fds.res_in) ||
	    set_fd_set(n, outp, fds.res_out) ||
	    set_fd_set(n, exp, fds.res_ex))
		ret = -EFAULT;
out_bits:
	if (bits != (unsigned long *)stack_fds)
		kfree(bits);
	return ret;
}

/* pselect6's sixth argument. */
struct sigset_argpack {
	const sigset_t __user *p;
	size_t size;
};

SYSCALL_DEFINE6(pselect6, int, n, fd_set __user *, inp, fd_set __user *, outp,
		fd_set __user *, exp, struct timespec __user *, tsp, void __user *, sig)
{
	struct sigset_argpack x = { NULL, 0 };
	ktime_t expires;
	long ret;

	if (sig && copy_from_user(&x, sig, sizeof(x)))
		return -EFAULT;
	ret = poll_select_set_timeout(tsp, &expires);
	if (ret)
		return ret;
	ret = set_user_sigmask(x.p, x.size);
	if (ret)
		return ret;
	ret = core_sys_select(n, inp, outp, exp, expires);
	return poll_select_finish(expires, tsp, ret);
}
