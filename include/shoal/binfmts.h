/* SPDX-License-Identifier: MIT */
/*
 * Program loading (fs/exec.c, fs/binfmt_elf.c, fs/binfmt_script.c).
 *
 * execve builds the new address space completely (bprm->mm: stack with the
 * argument and environment strings, the ELF segments, the interpreter, the
 * auxiliary vector) while the old one still runs, so every failure up to
 * begin_new_exec() returns an error to the caller. begin_new_exec() is the
 * point of no return: it kills the other threads, switches to bprm->mm and
 * drops the old mm.
 *
 * New stack, top down (STACK_TOP = TASK_SIZE):
 *   8 zero bytes | execfn string | envp strings | argv strings  <- bprm->p
 *   | 16 AT_RANDOM bytes | pad to 16 | auxv | NULL | envp[] | NULL | argv[]
 *   | argc  <- sp (16-byte aligned)
 */
#ifndef _SHOAL_BINFMTS_H
#define _SHOAL_BINFMTS_H

#include <shoal/types.h>
#include <shoal/mm.h>

#define BINPRM_BUF_SIZE         256             /* first bytes of the file, for the handlers */
#define MAX_ARG_STRLEN          (PAGE_SIZE * 32)        /* one string, NUL included */
#define MAX_ARG_STRINGS         0x7FFFFFFF
#define BINPRM_MAX_RECURSION    4               /* #! nesting */

struct file;
struct mm_struct;
struct pt_regs;

/* argv/envp as user or kernel pointer arrays */
struct user_arg_ptr {
	bool is_kernel;
	union {
		const char __user *const __user *user;
		const char *const *kernel;
	} ptr;
};

struct linux_binprm {
	struct mm_struct *mm;           /* the new address space, private until begin_new_exec() */
	unsigned long p;                /* lowest byte of the strings copied so far */
	unsigned long argmin;           /* p may not go below this (E2BIG) */
	unsigned long exec;             /* user address of the filename string (AT_EXECFN) */
	struct file *file;              /* being loaded: the interpreter after #! */
	int argc, envc;
	const char *filename;           /* as passed to execve (kernel copy): comm, AT_EXECFN */
	const char *interp;             /* what #! passes as the script name */
	char *interp_buf;               /* owned copy behind interp, or NULL */
	int recursion;                  /* #! depth */
	struct cred *cred;              /* the new credentials, committed by begin_new_exec() */
	bool secureexec;                /* AT_SECURE: privilege changed */
	char buf[BINPRM_BUF_SIZE];      /* first bytes of file */
};

/* fs/exec.c */
/* fs.suid_dumpable: what a change of credentials or a set-id exec makes
 * mm->dumpable (SUID_DUMP_*; 0 by default, as Linux) [READ_ONCE] */
extern unsigned long suid_dumpable;
struct file *open_exec(const char *name);       /* regular, executable file or ERR_PTR */
int prepare_binprm(struct linux_binprm *bprm);
int bprm_creds_from_file(struct linux_binprm *bprm);    /* bprm->cred for bprm->file */  /* (re)read bprm->buf from bprm->file */
int search_binary_handler(struct linux_binprm *bprm);
int copy_string_kernel(const char *s, struct linux_binprm *bprm);
int remove_arg_zero(struct linux_binprm *bprm);
/* Length of the NUL-terminated string at @addr in @mm (without NUL), or -EFAULT. */
long strnlen_mm(struct mm_struct *mm, unsigned long addr, long max);
/* Point of no return: 0, or -errno with the old program still intact. */
int begin_new_exec(struct linux_binprm *bprm);
/* Fresh user registers for the new program (a0 = 0, user mode, FP initial). */
void start_thread(struct pt_regs *regs, unsigned long pc, unsigned long sp);

/* handlers: -ENOEXEC if the file is not theirs */
int load_elf_binary(struct linux_binprm *bprm);
int load_script(struct linux_binprm *bprm);

/* PID 1 (kernel/main.c): exec from a kernel thread; kernel-space strings. */
int kernel_execve(const char *path, const char *const argv[], const char *const envp[]);

#endif
