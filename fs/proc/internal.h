/* SPDX-License-Identifier: MIT */
/* procfs private declarations (fs/proc/). */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include "../internal.h"

/* Renders a generated file into buf (seq-file-lite); returns the length. */
typedef int (*proc_show_t)(struct task_struct *t, char *buf, size_t size);

/* system-wide files (fs/proc/generic.c) */
int proc_cpuinfo_show(struct task_struct *t, char *buf, size_t size);
int proc_meminfo_show(struct task_struct *t, char *buf, size_t size);
int proc_stat_show(struct task_struct *t, char *buf, size_t size);
int proc_interrupts_show(struct task_struct *t, char *buf, size_t size);
int proc_softirqs_show(struct task_struct *t, char *buf, size_t size);
int proc_lock_stat_show(struct task_struct *t, char *buf, size_t size);
int proc_locks_show(struct task_struct *t, char *buf, size_t size);
int proc_uptime_show(struct task_struct *t, char *buf, size_t size);
int proc_loadavg_show(struct task_struct *t, char *buf, size_t size);
int proc_mounts_show(struct task_struct *t, char *buf, size_t size);
int proc_mountinfo_show(struct task_struct *t, char *buf, size_t size);
int proc_cmdline_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_max_show(struct task_struct *t, char *buf, size_t size);
int proc_overcommit_show(struct task_struct *t, char *buf, size_t size);
int proc_filesystems_show(struct task_struct *t, char *buf, size_t size);
int proc_hostname_show(struct task_struct *t, char *buf, size_t size);
int proc_ostype_show(struct task_struct *t, char *buf, size_t size);
int proc_osrelease_show(struct task_struct *t, char *buf, size_t size);
int proc_version_show(struct task_struct *t, char *buf, size_t size);

/* per-process files (fs/proc/array.c) */
int proc_pid_stat_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_status_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_maps_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_cmdline_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_comm_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_wchan_show(struct task_struct *t, char *buf, size_t size);
int proc_pid_environ_show(struct task_struct *t, char *buf, size_t size);
struct mm_struct *proc_task_mm(struct task_struct *t);         /* mm_users reference or NULL */
struct files_struct *proc_task_files(struct task_struct *t);   /* referenced or NULL */

#endif
