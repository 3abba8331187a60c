// SPDX-License-Identifier: MIT
/*
 * String and memory functions (the kernel has no libc).
 *
 * memcpy/memset sit on the copy hot path (skb data, page zeroing): they move
 * 8 bytes per access in a loop unrolled 8 times when the pointers allow it.
 * RISC-V traps on misaligned word accesses (OpenSBI emulates them, at a
 * huge cost), so a copy whose source and destination disagree modulo 8 uses
 * aligned loads and shifts instead. No word access ever touches a byte
 * outside the buffers, so the same code runs under AddressSanitizer on the
 * host.
 */
#include <shoal/kernel.h>

/* Stop gcc from turning the byte loops below back into calls to memset/memcpy. */
#define NO_PATTERNS __attribute__((optimize("no-tree-loop-distribute-patterns")))

typedef unsigned long word_t;
#define WSIZE sizeof(word_t)
#define WMASK (WSIZE - 1)

/* Copy @n bytes of 8-byte-aligned words, 64 bytes per iteration. */
static NO_PATTERNS void copy_words(word_t *d, const word_t *s, size_t nw)
{
	for (; nw >= 8; nw -= 8, d += 8, s += 8) {
		word_t a = s[0], b = s[1], c = s[2], e = s[3];
		word_t f = s[4], g = s[5], h = s[6], i = s[7];
		d[0] = a; d[1] = b; d[2] = c; d[3] = e;
		d[4] = f; d[5] = g; d[6] = h; d[7] = i;
	}
	for (; nw; nw--)
		*d++ = *s++;
}

/*
 * @d is word aligned, @s is not (off = s & 7 != 0). Little endian: the word
 * at d takes the upper 8-off bytes of the aligned word holding s and the
 * lower off bytes of the next one. Returns the number of bytes copied; the
 * caller copies the rest. Only whole aligned words inside [s, s+n) are loaded.
 */
static NO_PATTERNS size_t copy_shifted(word_t *d, const u8 *s, size_t n)
{
	size_t off = (uintptr_t)s & WMASK, done = 0;
	unsigned int rs = off * 8, ls = 64 - rs;
	const word_t *sa;
	word_t carry = 0, w;
	size_t i;

	if (n < 2 * WSIZE)
		return 0;
	for (i = 0; i < WSIZE - off; i++)
		carry |= (word_t)s[i] << (8 * i);
	sa = (const word_t *)(s - off) + 1;
	/* The next aligned word ends at s - off + 16 + done. */
	while (n - done >= 2 * WSIZE - off) {
		w = *sa++;
		*d++ = carry | (w << ls);
		carry = w >> rs;
		done += WSIZE;
	}
	return done;
}

void *NO_PATTERNS memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;
	size_t k;

	if (n >= 2 * WSIZE) {
		while ((uintptr_t)d & WMASK) {
			*d++ = *s++;
			n--;
		}
		if (!((uintptr_t)s & WMASK)) {
			copy_words((word_t *)d, (const word_t *)s, n / WSIZE);
			k = n & ~WMASK;
		} else {
			k = copy_shifted((word_t *)d, s, n);
		}
		d += k;
		s += k;
		n -= k;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *NO_PATTERNS memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	word_t v = (u8)c;
	word_t *w;

	if (n >= 2 * WSIZE) {
		v |= v << 8;
		v |= v << 16;
		v |= v << 32;
		while ((uintptr_t)d & WMASK) {
			*d++ = (u8)c;
			n--;
		}
		w = (word_t *)d;
		for (; n >= 64; n -= 64, w += 8) {
			w[0] = v; w[1] = v; w[2] = v; w[3] = v;
			w[4] = v; w[5] = v; w[6] = v; w[7] = v;
		}
		for (; n >= WSIZE; n -= WSIZE)
			*w++ = v;
		d = (u8 *)w;
	}
	while (n--)
		*d++ = (u8)c;
	return dst;
}

/* Backward copy for overlapping moves with dst > src. */
static NO_PATTERNS void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		while (n && ((uintptr_t)d & WMASK)) {
			*--d = *--s;
			n--;
		}
		for (; n >= WSIZE; n -= WSIZE) {
			d -= WSIZE;
			s -= WSIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

/* Forward copying is safe for d < s: every load precedes the store that could overwrite it. */
void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst <= (uintptr_t)src || (uintptr_t)dst >= (uintptr_t)src + n)
		return memcpy(dst, src, n);
	copy_backward(dst, src, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i])
		i++;
	return i;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *h, const char *n)
{
	size_t nl = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, nl))
			return (char *)h;
	return nl ? NULL : (char *)h;
}

/* Copies at most n-1 bytes and always terminates (n > 0); returns strlen(s). */
size_t strlcpy(char *d, const char *s, size_t n)
{
	size_t len = strlen(s);

	if (n) {
		size_t k = len < n - 1 ? len : n - 1;
		memcpy(d, s, k);
		d[k] = '\0';
	}
	return len;
}

char *NO_PATTERNS strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;

	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = '\0';
	return d;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Base 0 detects 0x (16) and a leading 0 (8), else 10, as Linux does. */
unsigned long simple_strtoul(const char *s, char **end, unsigned int base)
{
	unsigned long v = 0;
	int d;

	if (!base) {
		base = 10;
		if (s[0] == '0') {
			base = 8;
			if ((s[1] | 0x20) == 'x' && digit_value(s[2]) < 16)
				base = 16;
		}
	}
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x' && digit_value(s[2]) < 16)
		s += 2;
	while ((d = digit_value(*s)) < (int)base) {
		v = v * base + d;
		s++;
	}
	if (end)
		*end = (char *)s;
	return v;
}

long simple_strtol(const char *s, char **end, unsigned int base)
{
	if (*s == '-')
		return -(long)simple_strtoul(s + 1, end, base);
	if (*s == '+')
		s++;
	return (long)simple_strtoul(s, end, base);
}
