/* SPDX-License-Identifier: MIT */
/*
 * System V IPC hooks for the rest of the kernel (ipc/). Segments and
 * message queues need none: shm attaches are VMAs and follow the mm.
 * Semaphore undo lists (SEM_UNDO) follow the task: shared between
 * CLONE_SYSVSEM threads, empty in a forked child, applied when the last
 * task using them exits.
 */
#ifndef _SHOAL_IPC_H
#define _SHOAL_IPC_H

struct task_struct;

/* fork: share current's undo list with @p (CLONE_SYSVSEM) or give it none. 0 or -errno. */
int copy_semundo(unsigned long clone_flags, struct task_struct *p);
/* exit (and a failed fork): drop @tsk's reference; the last applies the adjustments. */
void exit_sem(struct task_struct *tsk);

#endif
