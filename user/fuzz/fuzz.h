/*
 * fuzz: a system call fuzzer for shoal (and, as the yardstick, Linux).
 *
 * main.c   the parent: makes the scratch directory, forks workers, watches
 *          their progress counters, kills and respawns stuck ones and
 *          reports any it cannot kill.
 * table.c  every system call of include/shoal/syscall_list.h with the kind
 *          of each argument.
 * pool.c   the argument pools: descriptors of every kind, paths in the
 *          scratch directory, good and bad pointers, sizes, flags.
 *
 * Everything random comes from one seeded generator per worker, so
 * "-S SEED -w 1 -v" replays a run call by call.
 */
#ifndef FUZZ_H
#define FUZZ_H

#define _GNU_SOURCE
#include <stdint.h>

/* What an argument is; pool.c makes a value of each kind. */
enum arg_kind {
	K_NONE = 0,
	K_INT,		/* any integer: small, boundary, random */
	K_FD,		/* a descriptor from the pool, or a bad one */
	K_DIRFD,	/* like K_FD, often AT_FDCWD */
	K_PATH,		/* a name in the scratch directory, or a bad pointer */
	K_RPATH,	/* K_PATH or a read-only absolute path (/proc/self/.., /dev/null) */
	K_MNTPATH,	/* a mount point in the scratch directory */
	K_FSTYPE,	/* a file system type name */
	K_BUF,		/* a user buffer: valid, NULL, kernel half, unmapped, ... */
	K_LEN,		/* a size: small, page, huge, negative */
	K_OFF,		/* a file offset */
	K_FLAGS,	/* random flag bits */
	K_OFLAGS,	/* open(2) flags */
	K_MODE,		/* a file mode */
	K_PID,		/* 0, self, a child, a pid that is not there, garbage */
	K_KPID,		/* a pid a signal may go to: self, own group, own child */
	K_SIG,		/* a signal number */
	K_UID,		/* a user or group id */
	K_CLOCK,	/* a clock id */
	K_TS,		/* a timespec/timeval/itimerspec pointer */
	K_SIGSET,	/* a sigset pointer */
	K_SIGSZ,	/* a sigset size */
	K_SOCKADDR,	/* a socket address pointer */
	K_SOCKLEN,	/* a socket address length */
	K_SOCKLENP,	/* a pointer to a socket address length */
	K_IOV,		/* an iovec array */
	K_IOVCNT,	/* an iovec count */
	K_MSGHDR,	/* a msghdr (or an mmsghdr array) */
	K_FAMILY,	/* a socket family */
	K_STYPE,	/* a socket type */
	K_PROTO,	/* a socket protocol */
	K_LEVEL,	/* a socket option level */
	K_OPTNAME,	/* a socket option name */
	K_FCNTL,	/* an fcntl command */
	K_IOCTL,	/* an ioctl request */
	K_FUTEXOP,	/* a futex operation */
	K_MADDR,	/* an address in the worker's own playground, or a bad one */
	K_MLEN,		/* a mapping length */
	K_PROT,		/* mmap/mprotect protection */
	K_MFLAGS,	/* mmap flags */
	K_BRK,		/* a program break */
	K_CLONEF,	/* clone flags a worker survives (see table.c) */
	K_SYSLOG,	/* a syslog action that leaves the console alone */
	K_SCHEDPOL,	/* a scheduling policy, never a real-time one */
	K_SCHEDATTR,	/* a struct sched_attr pointer, never real-time */
	K_PRCTL,	/* a prctl option */
	K_RLIM,		/* an rlimit resource */
	K_SETID,	/* an id for set*id: 0 or -1 (keep), so a worker stays root */
	K_CAPDATA,	/* capset data: every capability (keeps them all), or a bad pointer */
	K_NKINDS
};

#define MAXARGS 6

struct syscall_ent {
	long nr;
	const char *name;
	unsigned char nargs;
	unsigned char weight;		/* 0: never called (see the comment) */
	unsigned char kind[MAXARGS];
};

extern const struct syscall_ent syscall_table[];
extern const int nr_syscall_ent;

/* A worker's progress, in a shared anonymous mapping the parent reads. */
struct worker_slot {
	volatile unsigned long calls;	/* calls made, ever, by this slot */
	volatile long nr;		/* the system call in progress, or -1 */
	volatile unsigned long args[MAXARGS];
	volatile int pid;
};

/* pool.c */
uint64_t rnd(void);
void rnd_seed(uint64_t seed);
uint64_t rnd_below(uint64_t n);
void pool_init(int worker);
void pool_refresh(void);
unsigned long pool_arg(int kind);
void pool_note_result(long nr, long ret);
int pool_has_kind(int kind);

extern const char *scratch_dir;

#endif
