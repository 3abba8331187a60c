/* SPDX-License-Identifier: MIT */
/*
 * Wait queues, in Linux's shape (kernel/sched/wait.c).
 *
 * A wait_queue_head has a spinlock (irqsave: wake-ups come from interrupt
 * and softirq context) and a list of entries. Each entry has a wake
 * callback and flags; WQ_FLAG_EXCLUSIVE entries sit at the tail.
 * __wake_up(wq, mode, nr_exclusive, key) calls the callback of every
 * non-exclusive entry and stops after nr_exclusive exclusive entries whose
 * callback returned non-zero. Callbacks run with wq->lock held and IRQs off:
 * they must not sleep or take locks ranked below the wait queue lock.
 *
 * The lost wake-up rule (xv6 sleep/wakeup, ep_poll): a sleeper adds itself
 * and sets its state with prepare_to_wait() *before* testing the condition;
 * the waker changes the condition *before* calling wake_up().
 */
#ifndef _SHOAL_WAIT_H
#define _SHOAL_WAIT_H

#include <shoal/list.h>
#include <shoal/spinlock.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode, int flags, void *key);

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_queue_entry {
	unsigned int flags;
	void *private;                  /* usually the task to wake */
	wait_queue_func_t func;
	struct list_head entry;         /* [wq_head->lock] */
};
typedef struct wait_queue_entry wait_queue_entry_t;

typedef struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;          /* [lock] */
} wait_queue_head_t;

void __init_waitqueue_head(wait_queue_head_t *wq, struct lock_class *class);
#define init_waitqueue_head(wq) do {                                         \
	static struct lock_class __wqlc = __LOCK_CLASS("wq:" #wq, 0);          \
	__init_waitqueue_head(wq, &__wqlc);                                  \
} while (0)

int default_wake_function(wait_queue_entry_t *wq_entry, unsigned int mode, int flags, void *key);
/* autoremove: the entry is removed from the queue when woken */
int autoremove_wake_function(wait_queue_entry_t *wq_entry, unsigned int mode, int flags, void *key);

#define DEFINE_WAIT_FUNC(name, fn) \
	wait_queue_entry_t name = { .private = current, .func = fn, .entry = LIST_HEAD_INIT((name).entry) }
#define DEFINE_WAIT(name) DEFINE_WAIT_FUNC(name, autoremove_wake_function)

static inline void init_waitqueue_entry(wait_queue_entry_t *e, void *task)
{
	e->flags = 0; e->private = task; e->func = default_wake_function;
	INIT_LIST_HEAD(&e->entry);
}
static inline void init_waitqueue_func_entry(wait_queue_entry_t *e, wait_queue_func_t fn)
{
	e->flags = 0; e->private = NULL; e->func = fn;
	INIT_LIST_HEAD(&e->entry);
}

void add_wait_queue(wait_queue_head_t *wq, wait_queue_entry_t *e);
void add_wait_queue_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e);
void remove_wait_queue(wait_queue_head_t *wq, wait_queue_entry_t *e);
/*
 * A wait queue that is about to be freed while long-lived poll entries
 * (epoll's) may still hang on it: wake_up_pollfree() wakes them with
 * POLLFREE, and each such entry's callback must unhook itself and clear
 * its saved head (*whead = NULL). Its owner removes the entry with
 * remove_wait_queue_pollfree(), which never touches a head that went.
 * Both take pollfree_lock (kernel/sched/wait.c), ranked before every
 * wait-queue lock; shoal has no RCU to keep the head alive instead.
 */
#define POLLFREE	0x4000		/* Linux's value; never seen by user space */
void wake_up_pollfree(wait_queue_head_t *wq);
void remove_wait_queue_pollfree(wait_queue_head_t **wheadp, wait_queue_entry_t *e);
void prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state);
void prepare_to_wait_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e, int state);
void finish_wait(wait_queue_head_t *wq, wait_queue_entry_t *e);
static inline bool waitqueue_active(wait_queue_head_t *wq) { return !list_empty(&wq->head); }
/* wq_has_sleeper: smp_mb() then waitqueue_active(); paired with the barrier
 * in set_current_state() on the sleeper's side. */
static inline bool wq_has_sleeper(wait_queue_head_t *wq)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return waitqueue_active(wq);
}

/* Returns the number of exclusive waiters woken. */
int __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive, void *key);
int __wake_up_locked_key(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive, void *key);
int __wake_up_sync_key(wait_queue_head_t *wq, unsigned int mode, void *key);

#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define wake_up(wq)                    __wake_up(wq, TASK_NORMAL, 1, NULL)
#define wake_up_nr(wq, n)              __wake_up(wq, TASK_NORMAL, n, NULL)
#define wake_up_all(wq)                __wake_up(wq, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(wq)      __wake_up(wq, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(wq)  __wake_up(wq, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_poll(wq, m)            __wake_up(wq, TASK_NORMAL, 1, (void *)(unsigned long)(m))
#define wake_up_interruptible_poll(wq, m) __wake_up(wq, TASK_INTERRUPTIBLE, 1, (void *)(unsigned long)(m))

/*
 * wait_event*: sleep until @cond is true. The _interruptible forms return
 * -ERESTARTSYS when a signal is pending; the _timeout forms take jiffies and
 * return 0 on timeout, else the remaining jiffies (at least 1).
 */
#define __wait_event_common(wq, cond, state, excl, timeout, intr)             \
({                                                                           \
	long __ret = (timeout);                                              \
	DEFINE_WAIT(__w);                                                    \
	for (;;) {                                                           \
		if (excl) prepare_to_wait_exclusive(wq, &__w, state);        \
		else prepare_to_wait(wq, &__w, state);                       \
		if (cond) break;                                             \
		if ((intr) && signal_pending(current)) { __ret = -ERESTARTSYS; break; } \
		if ((timeout) == MAX_SCHEDULE_TIMEOUT) schedule();           \
		else if (!(__ret = schedule_timeout(__ret))) break;          \
	}                                                                    \
	finish_wait(wq, &__w);                                               \
	if ((timeout) == MAX_SCHEDULE_TIMEOUT) {                             \
		if (__ret > 0) __ret = 0;   /* woken with cond true */      \
	} else if (__ret == 0 && (cond)) {                                   \
		__ret = 1;                                                   \
	}                                                                    \
	__ret;                                                               \
})
#define wait_event(wq, cond) \
	do { if (!(cond)) (void)__wait_event_common(wq, cond, TASK_UNINTERRUPTIBLE, 0, MAX_SCHEDULE_TIMEOUT, 0); } while (0)
/* A kernel thread waiting for work, uninterruptibly: TASK_IDLE, so the
 * hung-task detector does not take it for a stuck task (Linux's). */
#define wait_event_idle(wq, cond) \
	do { if (!(cond)) (void)__wait_event_common(wq, cond, TASK_IDLE, 0, MAX_SCHEDULE_TIMEOUT, 0); } while (0)
/* 0 or -ERESTARTSYS (__wait_event_common returns MAX_SCHEDULE_TIMEOUT when
 * the condition came true: never let that leak out as (int)-1). */
#define wait_event_interruptible(wq, cond) \
	((cond) ? 0 : __wait_event_common(wq, cond, TASK_INTERRUPTIBLE, 0, MAX_SCHEDULE_TIMEOUT, 1) \
		      == -ERESTARTSYS ? -ERESTARTSYS : 0)
#define wait_event_interruptible_exclusive(wq, cond) \
	((cond) ? 0 : __wait_event_common(wq, cond, TASK_INTERRUPTIBLE, 1, MAX_SCHEDULE_TIMEOUT, 1) \
		      == -ERESTARTSYS ? -ERESTARTSYS : 0)
#define wait_event_timeout(wq, cond, t) \
	((cond) ? ((t) ? (long)(t) : 1L) : __wait_event_common(wq, cond, TASK_UNINTERRUPTIBLE, 0, t, 0))
#define wait_event_interruptible_timeout(wq, cond, t) \
	((cond) ? ((t) ? (long)(t) : 1L) : __wait_event_common(wq, cond, TASK_INTERRUPTIBLE, 0, t, 1))

#endif
