/* SPDX-License-Identifier: MIT */
/*
 * Sleeping mutexes (kernel/locking/mutex.c). Only in process context; the
 * holder may sleep. Not recursive. Waiters queue exclusively on @wait, so
 * unlock wakes one.
 */
#ifndef _SHOAL_MUTEX_H
#define _SHOAL_MUTEX_H

#include <shoal/wait.h>

struct task_struct;

struct mutex {
	struct task_struct *owner;      /* NULL when free [wait.lock] */
	wait_queue_head_t wait;
	const char *name;
};

void __mutex_init(struct mutex *m, const char *name, struct lock_class *class);
#define mutex_init(m) do {                                                   \
	static struct lock_class __mlc = __LOCK_CLASS("mutex:" #m, 0);         \
	__mutex_init(m, #m, &__mlc);                                         \
} while (0)
void mutex_lock(struct mutex *m);
int mutex_lock_interruptible(struct mutex *m);  /* 0 or -EINTR */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);
#define assert_mutex_held(m) DEBUG_ASSERT((m)->owner == current)

#endif
