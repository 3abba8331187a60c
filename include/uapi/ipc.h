/* SPDX-License-Identifier: MIT */
/*
 * System V IPC as user space sees it: Linux's asm-generic 64-bit layouts
 * (struct ipc64_perm, shmid64_ds, semid64_ds, msqid64_ds), the flags and
 * the ctl commands. riscv64 has only these layouts: glibc and musl define
 * IPC_64 as 0 here, and a cmd carrying 0x100 is unknown, as on Linux.
 */
#ifndef _UAPI_IPC_H
#define _UAPI_IPC_H

#include <shoal/types.h>

#define IPC_PRIVATE     0

#define IPC_CREAT       00001000
#define IPC_EXCL        00002000
#define IPC_NOWAIT      00004000

#define IPC_RMID        0
#define IPC_SET         1
#define IPC_STAT        2
#define IPC_INFO        3
#define IPC_64          0x0100  /* other architectures' flag; refused here */

struct ipc64_perm {
	int key;
	u32 uid, gid, cuid, cgid;
	u32 mode;
	unsigned short seq;
	unsigned short __pad2;
	unsigned long __unused1, __unused2;
};

/* shm */
#define SHM_RDONLY      010000
#define SHM_RND         020000
#define SHM_REMAP       040000
#define SHM_EXEC        0100000
#define SHM_DEST        01000   /* in shm_perm.mode: destroy at last detach */
#define SHM_LOCKED      02000
#define SHM_LOCK        11
#define SHM_UNLOCK      12
#define SHM_STAT        13
#define SHM_INFO        14
#define SHM_STAT_ANY    15

struct shmid64_ds {
	struct ipc64_perm shm_perm;
	size_t shm_segsz;
	long shm_atime, shm_dtime, shm_ctime;
	int shm_cpid, shm_lpid;
	unsigned long shm_nattch;
	unsigned long __unused4, __unused5;
};

struct shminfo64 {
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long __unused1, __unused2, __unused3, __unused4;
};

struct shm_info {
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

/* sem */
#define SEM_UNDO        0x1000
#define GETPID          11
#define GETVAL          12
#define GETALL          13
#define GETNCNT         14
#define GETZCNT         15
#define SETVAL          16
#define SETALL          17
#define SEM_STAT        18
#define SEM_INFO        19
#define SEM_STAT_ANY    20

struct sembuf {
	unsigned short sem_num;
	short sem_op;
	short sem_flg;
};

struct semid64_ds {
	struct ipc64_perm sem_perm;
	long sem_otime, sem_ctime;
	unsigned long sem_nsems;
	unsigned long __unused3, __unused4;
};

struct seminfo {
	int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};

/* msg */
#define MSG_STAT        11
#define MSG_INFO        12
#define MSG_STAT_ANY    13
#define MSG_NOERROR     010000
#define MSG_EXCEPT      020000
#define MSG_COPY        040000

struct msqid64_ds {
	struct ipc64_perm msg_perm;
	long msg_stime, msg_rtime, msg_ctime;
	unsigned long msg_cbytes, msg_qnum, msg_qbytes;
	int msg_lspid, msg_lrpid;
	unsigned long __unused4, __unused5;
};

struct msginfo {
	int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	unsigned short msgseg;
};

/* Linux's defaults (include/uapi/linux/{shm,sem,msg}.h) */
#define SHMMIN          1
#define SHMMNI          4096
#define SHMMAX          (ULONG_MAX - (1UL << 24))
#define SHMALL          (ULONG_MAX - (1UL << 24))
#define SHMSEG          SHMMNI
#define SEMMNI          32000
#define SEMMSL          32000
#define SEMMNS          (SEMMNI * SEMMSL)
#define SEMOPM          500
#define SEMVMX          32767
#define SEMAEM          SEMVMX
#define SEMUME          SEMOPM
#define SEMMNU          SEMMNS
#define SEMMAP          SEMMNS
#define SEMUSZ          20
#define MSGMNI          32000
#define MSGMAX          8192
#define MSGMNB          16384
#define MSGPOOL         (MSGMNI * MSGMNB / 1024)
#define MSGTQL          MSGMNB
#define MSGMAP          MSGMNB
#define MSGSSZ          16
#define MSGSEG          0xffff

#endif
