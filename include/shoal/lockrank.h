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
 * with the network's locks between siglock and pi_lock:
 *
 *   unix table/bsd bucket -> unix_state_lock -> sk_lock.slock -> TCP bhash
 *   -> lhash -> ehash -> accept queue -> TIME_WAIT death row;
 *   devinet_lock -> fib_lock; any of these -> sk_receive_queue.lock
 *   -> (wait-queue lock) -> pi_lock.
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
#define LOCKRANK_UNIX_TABLE     21      /* unix_table_locks[]: bucket -> state lock */
#define LOCKRANK_UNIX_BSD       22      /* bsd_locks[]: after the table buckets */
#define LOCKRANK_UNIX_STATE     23      /* unix_state_lock: -> sk_lock.slock (graft) */
#define LOCKRANK_SK             25
#define LOCKRANK_TCP_BHASH      26      /* bind bucket: -> ehash (connect) */
#define LOCKRANK_TCP_LHASH      27
#define LOCKRANK_TCP_EHASH      28
#define LOCKRANK_ACCEPTQ        29      /* icsk_accept_queue.lock: child -> listener queue */
#define LOCKRANK_TW_DEATH       30      /* TIME_WAIT death row: leaf of TCP */
#define LOCKRANK_DEVINET        32      /* devinet_lock -> fib_lock */
#define LOCKRANK_FIB            33
#define LOCKRANK_NL_TABLE       35      /* nl_table_lock: netlink events are sent under devinet/fib locks */
#define LOCKRANK_SK_QUEUE       40      /* sk_receive_queue.lock: -> wait-queue locks */
#define LOCKRANK_SK_WQ          45      /* sk_wq_lock: held across the wake of sk_wq */
#define LOCKRANK_PI             50
#define LOCKRANK_RQ             60

#endif
