/* SPDX-License-Identifier: MIT */
/*
 * open, fcntl and *at() flags (asm-generic values, as riscv64 uses). User space
 * sees these numbers; do not renumber.
 */
#ifndef _UAPI_FCNTL_H
#define _UAPI_FCNTL_H

#define O_ACCMODE       00000003
#define O_RDONLY        00000000
#define O_WRONLY        00000001
#define O_RDWR          00000002
#define O_CREAT         00000100
#define O_EXCL          00000200
#define O_NOCTTY        00000400
#define O_TRUNC         00001000
#define O_APPEND        00002000
#define O_NONBLOCK      00004000
#define O_DSYNC         00010000
#define FASYNC          00020000
#define O_DIRECT        00040000
#define O_LARGEFILE     00100000
#define O_DIRECTORY     00200000
#define O_NOFOLLOW      00400000
#define O_NOATIME       01000000
#define O_CLOEXEC       02000000
#define __O_SYNC        04000000
#define O_SYNC          (__O_SYNC | O_DSYNC)
#define O_PATH          010000000
#define __O_TMPFILE     020000000
#define O_TMPFILE       (__O_TMPFILE | O_DIRECTORY)
#define O_NDELAY        O_NONBLOCK

#define AT_FDCWD                -100
#define AT_SYMLINK_NOFOLLOW     0x100
#define AT_EACCESS              0x200   /* faccessat */
#define AT_REMOVEDIR            0x200   /* unlinkat */
#define AT_SYMLINK_FOLLOW       0x400   /* linkat */
#define AT_NO_AUTOMOUNT         0x800
#define AT_EMPTY_PATH           0x1000
#define AT_STATX_SYNC_TYPE      0x6000

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETLK         5
#define F_SETLK         6
#define F_SETLKW        7
#define F_SETOWN        8
#define F_GETOWN        9
#define F_SETSIG        10
#define F_GETSIG        11
#define F_SETOWN_EX     15
#define F_GETOWN_EX     16
#define F_OWNER_TID     0
#define F_OWNER_PID     1
#define F_OWNER_PGRP    2
struct f_owner_ex {
	int type;
	int pid;
};
#define F_OFD_GETLK     36
#define F_OFD_SETLK     37
#define F_OFD_SETLKW    38
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ    1031
#define F_GETPIPE_SZ    1032
#define F_ADD_SEALS     1033
#define F_GET_SEALS     1034
#define FD_CLOEXEC      1

#define F_RDLCK         0
#define F_WRLCK         1
#define F_UNLCK         2

/* struct flock (64-bit layout) */
struct flock {
	short l_type;
	short l_whence;
	long l_start;
	long l_len;
	int l_pid;
};

#define LOCK_SH         1
#define LOCK_EX         2
#define LOCK_NB         4
#define LOCK_UN         8

#define SEEK_SET        0
#define SEEK_CUR        1
#define SEEK_END        2
#define SEEK_DATA       3
#define SEEK_HOLE       4

#define F_OK            0
#define X_OK            1
#define W_OK            2
#define R_OK            4

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2
#define RENAME_WHITEOUT  4

#define MFD_CLOEXEC             1U
#define MFD_ALLOW_SEALING       2U
#define MFD_HUGETLB             4U

#define UTIME_NOW       ((1L << 30) - 1L)
#define UTIME_OMIT      ((1L << 30) - 2L)

/* mount(2) flags */
#define MS_RDONLY       1
#define MS_NOSUID       2
#define MS_NODEV        4
#define MS_NOEXEC       8
#define MS_SYNCHRONOUS  16
#define MS_REMOUNT      32
#define MS_NOATIME      1024
#define MS_BIND         4096
#define MS_MOVE         8192
#define MS_REC          16384
#define MS_SILENT       32768
#define MS_PRIVATE      (1 << 18)
#define MS_SLAVE        (1 << 19)
#define MS_SHARED       (1 << 20)
#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8

/* close_range(2) */
#define CLOSE_RANGE_UNSHARE     (1U << 1)
#define CLOSE_RANGE_CLOEXEC     (1U << 2)

/* getrandom(2) */
#define GRND_NONBLOCK   0x0001
#define GRND_RANDOM     0x0002
#define GRND_INSECURE   0x0004

#define PIPE_BUF        4096
#define PATH_MAX        4096
#define NAME_MAX        255

#endif
