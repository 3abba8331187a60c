/* SPDX-License-Identifier: MIT */
/*
 * Futexes (kernel/futex.c): the kernel half of user-space locks, condition
 * variables and thread joins. See Documentation/signals-and-time.md.
 */
#ifndef _SHOAL_FUTEX_H
#define _SHOAL_FUTEX_H

#include <shoal/types.h>
#include <uapi/futex.h>

struct task_struct;

/*
 * Exit hooks, called by do_exit() in the exiting task's own context (its mm
 * still loaded), robust list first:
 * exit_robust_list: walk the task's robust list, mark each futex it owns
 *   FUTEX_OWNER_DIED and wake one waiter. Also right for execve.
 * mm_release_futex: CLONE_CHILD_CLEARTID: store 0 at clear_child_tid and
 *   wake one waiter there (pthread_join), if other users of the mm remain.
 */
void exit_robust_list(struct task_struct *tsk);
void mm_release_futex(struct task_struct *tsk);

/* Boot: set up the hash buckets (called from signals_init()). */
void futex_init(void);

/* In-kernel wake of a futex word (shared key unless @private). */
int futex_wake(u32 __user *uaddr, bool private, int nr_wake, u32 bitset);

#endif
