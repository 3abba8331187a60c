// SPDX-License-Identifier: MIT
/*
 * /proc/sys/kernel/{shmmax,shmall,shmmni,sem,msgmax,msgmnb,msgmni}: the
 * System V IPC limits, read-only (Linux's ipc/ipc_sysctl.c lets root
 * change them; here they are the compiled-in defaults).
 */
#include <shoal/kernel.h>
#include <shoal/ipc.h>
#include <uapi/ipc.h>

int proc_ipc_shmmax_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%lu\n", SHMMAX);
}

int proc_ipc_shmall_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%lu\n", SHMALL);
}

int proc_ipc_shmmni_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%d\n", SHMMNI);
}

/* SEMMSL SEMMNS SEMOPM SEMMNI, tab-separated as proc_dointvec writes them */
int proc_ipc_sem_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%d\t%d\t%d\t%d\n", SEMMSL, SEMMNS, SEMOPM, SEMMNI);
}

int proc_ipc_msgmax_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%d\n", MSGMAX);
}

int proc_ipc_msgmnb_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%d\n", MSGMNB);
}

int proc_ipc_msgmni_show(struct task_struct *t, char *buf, size_t size)
{
	return snprintf(buf, size, "%d\n", MSGMNI);
}
