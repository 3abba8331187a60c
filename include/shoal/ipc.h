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

#include <shoal/types.h>

struct task_struct;

/* fork: share current's undo list with @p (CLONE_SYSVSEM) or give it none. 0 or -errno. */
int copy_semundo(unsigned long clone_flags, struct task_struct *p);
/* exit (and a failed fork): drop @tsk's reference; the last applies the adjustments. */
void exit_sem(struct task_struct *tsk);

/* /proc/sys/kernel limits (ipc/ipc_sysctl.c), procfs show callbacks */
int proc_ipc_shmmax_show(struct task_struct *t, char *buf, size_t size);
int proc_ipc_shmall_show(struct task_struct *t, char *buf, size_t size);
int proc_ipc_shmmni_show(struct task_struct *t, char *buf, size_t size);
int proc_ipc_sem_show(struct task_struct *t, char *buf, size_t size);
int proc_ipc_msgmax_show(struct task_struct *t, char *buf, size_t size);
int proc_ipc_msgmnb_show(struct task_struct *t, char *buf, size_t size);
int proc_ipc_msgmni_show(struct task_struct *t, char *buf, size_t size);

#endif
