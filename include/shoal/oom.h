/* SPDX-License-Identifier: MIT */
/*
 * The out-of-memory killer (mm/oom_kill.c; Documentation/memory.md).
 */
#ifndef _SHOAL_OOM_H
#define _SHOAL_OOM_H

#include <shoal/types.h>

#define OOM_SCORE_ADJ_MIN       (-1000) /* never chosen */
#define OOM_SCORE_ADJ_MAX       1000

struct task_struct;
struct mm_struct;

/* A user fault got VM_FAULT_OOM: reclaim or kill, then the fault is retried. */
void pagefault_out_of_memory(void);
/* exit_mmap: @mm's memory is gone (clears MMF_OOM_VICTIM). */
void oom_mm_exit(struct mm_struct *mm);

/* /proc/PID/oom_score, /proc/PID/oom_score_adj, /proc/vmstat */
int proc_oom_score_show(struct task_struct *t, char *buf, size_t size);
int proc_oom_score_adj_show(struct task_struct *t, char *buf, size_t size);
int proc_oom_score_adj_write(struct task_struct *t, const char *buf, size_t n);
int proc_vmstat_show(struct task_struct *t, char *buf, size_t size);

#endif
