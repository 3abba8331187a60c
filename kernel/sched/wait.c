// SPDX-License-Identifier: MIT
/* Wait queues and completions (see include/shoal/wait.h for the rules). */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/wait.h>
#include <uapi/poll.h>

void __init_waitqueue_head(wait_queue_head_t *wq, struct lock_class *class)
{
	__spin_lock_init(&wq->lock, class);
	INIT_LIST_HEAD(&wq->head);
}

int default_wake_function(wait_queue_entry_t *e, unsigned int mode, int flags, void *key)
{
	return try_to_wake_up(e->private, mode, flags);
}

int autoremove_wake_function(wait_queue_entry_t *e, unsigned int mode, int flags, void *key)
{
	int ret = default_wake_function(e, mode, flags, key);

	if (ret)
		list_del_init(&e->entry);
	return ret;
}

/* Serialises wake_up_pollfree() against remove_wait_queue_pollfree(). */
static DEFINE_SPINLOCK(pollfree_lock);

void wake_up_pollfree(wait_queue_head_t *wq)
{
	unsigned long flags;

	spin_lock_irqsave(&pollfree_lock, flags);
	if (waitqueue_active(wq))
		__wake_up(wq, TASK_NORMAL, 0, (void *)(unsigned long)(EPOLLHUP | POLLFREE));
	spin_unlock_irqrestore(&pollfree_lock, flags);
}

void remove_wait_queue_pollfree(wait_queue_head_t **wheadp, wait_queue_entry_t *e)
{
	wait_queue_head_t *wq;
	unsigned long flags;

	spin_lock_irqsave(&pollfree_lock, flags);
	wq = READ_ONCE(*wheadp);
	if (wq)
		remove_wait_queue(wq, e);
	spin_unlock_irqrestore(&pollfree_lock, flags);
}

void add_wait_queue(wait_queue_head_t *wq, wait_queue_entry_t *e)
{
	unsigned long flags;

	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq->lock, flags);
	list_add(&e->entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void add_wait_queue_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e)
{
	unsigned long flags;

	e->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq->lock, flags);
	list_add_tail(&e->entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void remove_wait_queue(wait_queue_head_t *wq, wait_queue_entry_t *e)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&e->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void __prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state, bool excl)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&e->entry)) {
		if (excl) {
			e->flags |= WQ_FLAG_EXCLUSIVE;
			list_add_tail(&e->entry, &wq->head);
		} else {
			e->flags &= ~WQ_FLAG_EXCLUSIVE;
			list_add(&e->entry, &wq->head);
		}
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state)
{
	__prepare_to_wait(wq, e, state, false);
}

void prepare_to_wait_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e, int state)
{
	__prepare_to_wait(wq, e, state, true);
}

void finish_wait(wait_queue_head_t *wq, wait_queue_entry_t *e)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	if (!list_empty(&e->entry)) {
		spin_lock_irqsave(&wq->lock, flags);
		list_del_init(&e->entry);
		spin_unlock_irqrestore(&wq->lock, flags);
	}
}

static int __wake_up_common(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive,
			    int wake_flags, void *key)
{
	wait_queue_entry_t *e, *next;
	int woken = 0;

	assert_spin_locked(&wq->lock);

	list_for_each_entry_safe(e, next, &wq->head, entry) {
		unsigned int excl = e->flags & WQ_FLAG_EXCLUSIVE;
		int ret = e->func(e, mode, wake_flags, key);

		if (ret < 0)
			break;
		if (ret && excl) {
			woken++;
			if (nr_exclusive && woken >= nr_exclusive)
				break;
		}
	}
	return woken;
}

int __wake_up_locked_key(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive, void *key)
{
	return __wake_up_common(wq, mode, nr_exclusive, 0, key);
}

int __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive, void *key)
{
	unsigned long flags;
	int woken;

	spin_lock_irqsave(&wq->lock, flags);
	woken = __wake_up_common(wq, mode, nr_exclusive, 0, key);
	spin_unlock_irqrestore(&wq->lock, flags);
	return woken;
}

/* One exclusive waiter and every non-exclusive one, WF_SYNC (Linux's
 * __wake_up_sync_key): the caller is about to wait for them. */
int __wake_up_sync_key(wait_queue_head_t *wq, unsigned int mode, void *key)
{
	unsigned long flags;
	int woken;

	spin_lock_irqsave(&wq->lock, flags);
	woken = __wake_up_common(wq, mode, 1, WF_SYNC, key);
	spin_unlock_irqrestore(&wq->lock, flags);
	return woken;
}

void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}

void complete(struct completion *c)
{
	unsigned long flags;

	spin_lock_irqsave(&c->wait.lock, flags);
	c->done++;
	__wake_up_locked_key(&c->wait, TASK_NORMAL, 1, NULL);
	spin_unlock_irqrestore(&c->wait.lock, flags);
}

/* Take one "done" count if available. */
static bool try_consume(struct completion *c)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&c->wait.lock, flags);
	if (c->done) {
		c->done--;
		ok = true;
	}
	spin_unlock_irqrestore(&c->wait.lock, flags);
	return ok;
}

void wait_for_completion(struct completion *c)
{
	wait_event(&c->wait, try_consume(c));
}
