// SPDX-License-Identifier: MIT
/* Sleeping mutexes: an owner pointer under the wait queue's lock. */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/mutex.h>

void __mutex_init(struct mutex *m, const char *name, struct lock_class *class)
{
	m->owner = NULL;
	m->name = name;
	__init_waitqueue_head(&m->wait, class);
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&m->wait.lock, flags);
	if (!m->owner) {
		m->owner = current;
		ok = true;
	}
	spin_unlock_irqrestore(&m->wait.lock, flags);
	return ok;
}

void mutex_lock(struct mutex *m)
{
	DEBUG_ASSERT(m->owner != current);
	if (mutex_trylock(m))
		return;
	{
		DEFINE_WAIT(w);
		for (;;) {
			prepare_to_wait_exclusive(&m->wait, &w, TASK_UNINTERRUPTIBLE);
			if (mutex_trylock(m))
				break;
			schedule();
		}
		finish_wait(&m->wait, &w);
	}
}

int mutex_lock_interruptible(struct mutex *m)
{
	DEFINE_WAIT(w);
	int ret = 0;

	if (mutex_trylock(m))
		return 0;
	for (;;) {
		prepare_to_wait_exclusive(&m->wait, &w, TASK_INTERRUPTIBLE);
		if (mutex_trylock(m))
			break;
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		schedule();
	}
	finish_wait(&m->wait, &w);
	return ret;
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags;

	DEBUG_ASSERT(m->owner == current);
	spin_lock_irqsave(&m->wait.lock, flags);
	m->owner = NULL;
	__wake_up_locked_key(&m->wait, TASK_NORMAL, 1, NULL);
	spin_unlock_irqrestore(&m->wait.lock, flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
