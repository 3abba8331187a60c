/* SPDX-License-Identifier: MIT */
#ifndef _SHOAL_KERNEL_H
#define _SHOAL_KERNEL_H

#include <shoal/types.h>
#include <shoal/compiler.h>
#include <shoal/errno.h>
#include <shoal/atomic.h>

#define ARRAY_SIZE(a)           (sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)             (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)        ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)        (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)      (((n) + (d) - 1) / (d))
#ifndef INT_MAX         /* host tests may have <limits.h> */
#define INT_MAX         ((int)(~0U >> 1))
#define UINT_MAX        (~0U)
#define LONG_MAX        ((long)(~0UL >> 1))
#define ULONG_MAX       (~0UL)
#endif
#define min(a, b)               ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b)               ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define min_t(t, a, b)          min((t)(a), (t)(b))
#define max_t(t, a, b)          max((t)(a), (t)(b))

/* printk levels are only a prefix; everything goes to the log ring and console. */
__printf(1, 2) int printk(const char *fmt, ...);
#define pr_info(...)            printk(__VA_ARGS__)
#define pr_warn(...)            printk("warning: " __VA_ARGS__)
#define pr_err(...)             printk("error: " __VA_ARGS__)

__printf(1, 2) int printk_log_only(const char *fmt, ...);
__printf(1, 2) __noreturn void panic(const char *fmt, ...);

#define BUG()                   panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c)               do { if (unlikely(c)) panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)
#define WARN_ON(c)              ({ int _c = !!(c); if (unlikely(_c)) printk("WARN_ON(%s) at %s:%d\n", #c, __FILE__, __LINE__); _c; })

/*
 * Two tiers of checks (STYLE.md 13): BUG_ON is always on; DEBUG_ASSERT
 * compiles away unless the kernel is built with `make DEBUG=1`.
 */
#ifdef CONFIG_DEBUG
#define DEBUG_ASSERT(c)         BUG_ON(!(c))
#else
#define DEBUG_ASSERT(c)         do { (void)sizeof(c); } while (0)
#endif

/* lib/string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);
size_t strlcpy(char *d, const char *s, size_t n);
char *strncpy(char *d, const char *s, size_t n);
unsigned long simple_strtoul(const char *s, char **end, unsigned int base);
long simple_strtol(const char *s, char **end, unsigned int base);

/* lib/vsprintf.c: %d %i %u %x %X %o %p %s %c %%, flags - 0 space +, width,
 * precision, length modifiers l ll z h hh; returns what would have been
 * written (C99 semantics). */
#include <stdarg.h>
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif
