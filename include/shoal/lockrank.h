/* SPDX-License-Identifier: MIT */
/*
 * Lock ranks: the global lock order, checked in debug builds.
 *
 * A CPU may take a ranked lock only if its rank is higher than that of every
 * ranked lock it already holds (kernel/locking/spinlock.c panics otherwise,
 * naming both). Unranked locks (rank 0) are leaves or local to one file,
 * whose header states their order. Documentation/locking.md has the whole
 * picture.
 *
 *   tasklist_lock  ->  sighand->siglock  ->  sk_lock.slock  ->  task->pi_lock  ->  rq->lock
 *
 * e.g. exit: tasklist_lock, then the parent's siglock to queue SIGCHLD,
 * then (through a wait-queue wake-up) the parent's pi_lock and run queue.
 * Wait-queue locks are unranked: they sit between siglock and pi_lock.
 * A socket's lock (net/sock.h) wakes sleepers while held, so it ranks
 * below pi_lock; a listener's and its new child's are the same class, the
 * child taken with spin_lock_nested.
 */
#ifndef _SHOAL_LOCKRANK_H
#define _SHOAL_LOCKRANK_H

#define LOCKRANK_TASKLIST       10
#define LOCKRANK_SIGLOCK        20
#define LOCKRANK_SK             25
#define LOCKRANK_PI             30
#define LOCKRANK_RQ             40

#endif
