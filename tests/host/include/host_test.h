/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the host unit tests (tests/host/): the shim's hooks and the
 * host-side names of the kernel's libc-like functions.
 *
 * Kernel objects are built with -Dmemcpy=shoal_memcpy etc. (host.mk), so
 * they call the kernel's string functions while the test code and libc keep
 * the host's. Tests call the kernel versions by their shoal_ names.
 */
#ifndef _HOST_TEST_H
#define _HOST_TEST_H

/*
 * Include this after the host's headers and before the kernel's: glibc and
 * include/shoal/compiler.h both define these (to the same thing), and the
 * redefinition would be an error under -Werror.
 */
#undef offsetof
#undef __always_inline

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

void *shoal_memcpy(void *d, const void *s, size_t n);
void *shoal_memset(void *s, int c, size_t n);
void *shoal_memmove(void *d, const void *s, size_t n);
int shoal_memcmp(const void *a, const void *b, size_t n);
size_t shoal_strlen(const char *s);
size_t shoal_strnlen(const char *s, size_t n);
int shoal_strcmp(const char *a, const char *b);
int shoal_strncmp(const char *a, const char *b, size_t n);
char *shoal_strchr(const char *s, int c);
char *shoal_strrchr(const char *s, int c);
char *shoal_strstr(const char *h, const char *n);
size_t shoal_strlcpy(char *d, const char *s, size_t n);
char *shoal_strncpy(char *d, const char *s, size_t n);
unsigned long shoal_simple_strtoul(const char *s, char **end, unsigned int base);
long shoal_simple_strtol(const char *s, char **end, unsigned int base);
int shoal_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int shoal_snprintf(char *buf, size_t size, const char *fmt, ...);
int shoal_scnprintf(char *buf, size_t size, const char *fmt, ...);

/* Switch the simulated CPU (this_cpu()) to cpus[cpu]. */
void host_set_cpu(int cpu);

/*
 * panic() prints and aborts, unless a test armed host_panic_jmp: then it
 * stores the message in host_panic_msg and longjmps there. EXPECT_PANIC
 * runs @stmt and fails the test unless it panics with @substr in the message.
 */
extern jmp_buf *host_panic_jmp;
extern char host_panic_msg[512];
#define EXPECT_PANIC(stmt, substr) do {                                        \
	jmp_buf __jb;                                                          \
	host_panic_jmp = &__jb;                                                \
	if (!setjmp(__jb)) {                                                   \
		stmt;                                                          \
		host_panic_jmp = NULL;                                         \
		ck_abort_msg("no panic from: %s", #stmt);                      \
	}                                                                      \
	host_panic_jmp = NULL;                                                 \
	ck_assert_msg(strstr(host_panic_msg, substr), "panic '%s' lacks '%s'", \
		      host_panic_msg, substr);                                 \
} while (0)

/* Run a shell command, return its stdout in a malloc'd buffer (*len bytes), NULL on failure. */
void *host_run_capture(const char *cmd, size_t *len);

/* A fresh directory under build/host/tmp (or $HOST_TEST_TMP); static buffer. */
const char *host_mkdtemp(void);

/* Run the suite; CK_VERBOSE=1 in the environment prints every test. Returns the exit status. */
struct Suite;
int host_run_suite(struct Suite *s);

#endif
