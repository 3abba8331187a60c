// SPDX-License-Identifier: MIT
/*
 * vsnprintf and friends: the kernel's only formatter (printk, procfs).
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%; flags - 0 space + #; width
 * and precision (also as *); length modifiers hh h l ll z t j. Semantics
 * follow C99 so the host tests can compare against the host libc, except
 * that %p of NULL prints "(nil)" and of anything else "0x" + hex (as glibc).
 */
#include <shoal/kernel.h>

#define F_LEFT  0x01
#define F_ZERO  0x02
#define F_SPACE 0x04
#define F_PLUS  0x08
#define F_ALT   0x10
#define F_UPPER 0x20
#define F_SIGNED 0x40

struct out {
	char *buf;
	size_t size;            /* capacity including the NUL */
	size_t pos;             /* bytes that would have been written */
};

struct spec {
	unsigned int flags;
	int width;              /* -1: none */
	int prec;               /* -1: none */
	int base;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* A string padded to the width (precision already applied to @len). */
static void put_str(struct out *o, const char *s, int len, const struct spec *sp)
{
	int pad = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', pad);
	while (len-- > 0)
		put(o, *s++);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', pad);
}

static int utoa_rev(char *tmp, unsigned long long v, int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	return n;
}

/* Layout: [pad][sign][prefix][zeros][digits][pad] */
static void put_num(struct out *o, unsigned long long v, bool neg, const struct spec *sp)
{
	char tmp[24], sign = 0;
	const char *prefix = "";
	int nd = utoa_rev(tmp, v, sp->base, sp->flags & F_UPPER);
	int zeros, len, pad;

	if (neg)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	if ((sp->flags & F_ALT) && v && sp->base == 16)
		prefix = (sp->flags & F_UPPER) ? "0X" : "0x";
	if (sp->prec < 0 && nd == 0)
		tmp[nd++] = '0';
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	if ((sp->flags & F_ALT) && sp->base == 8 && zeros == 0 && (nd == 0 || tmp[nd - 1] != '0'))
		zeros = 1;
	len = nd + zeros + (sign != 0) + (int)strlen(prefix);
	pad = sp->width > len ? sp->width - len : 0;
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', pad);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_n(o, '0', zeros);
	while (nd)
		put(o, tmp[--nd]);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', pad);
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->flags |= F_LEFT; break;
		case '0': sp->flags |= F_ZERO; break;
		case ' ': sp->flags |= F_SPACE; break;
		case '+': sp->flags |= F_PLUS; break;
		case '#': sp->flags |= F_ALT; break;
		default: return f;
		}
	}
}

static const char *parse_int(const char *f, int *v, va_list *ap)
{
	if (*f == '*') {
		*v = va_arg(*ap, int);
		return f + 1;
	}
	*v = 0;
	while (*f >= '0' && *f <= '9')
		*v = *v * 10 + (*f++ - '0');
	return f;
}

/* Length modifier → size in bytes of the argument (0 = int). */
static const char *parse_length(const char *f, int *len)
{
	*len = sizeof(int);
	if (f[0] == 'h' && f[1] == 'h')
		*len = 1, f += 2;
	else if (f[0] == 'h')
		*len = 2, f++;
	else if (f[0] == 'l' && f[1] == 'l')
		*len = 8, f += 2;
	else if (f[0] == 'l' || f[0] == 'z' || f[0] == 't' || f[0] == 'j')
		*len = sizeof(long), f++;
	return f;
}

static void format_int(struct out *o, struct spec *sp, int len, va_list *ap)
{
	unsigned long long v;
	bool neg = false;

	if (sp->flags & F_SIGNED) {
		long long s = len == 8 ? va_arg(*ap, long long) : va_arg(*ap, int);
		if (len == 1)
			s = (signed char)s;
		else if (len == 2)
			s = (short)s;
		neg = s < 0;
		v = neg ? -(unsigned long long)s : (unsigned long long)s;
	} else {
		v = len == 8 ? va_arg(*ap, unsigned long long) : va_arg(*ap, unsigned int);
		if (len == 1)
			v = (unsigned char)v;
		else if (len == 2)
			v = (unsigned short)v;
	}
	put_num(o, v, neg, sp);
}

static void format_ptr(struct out *o, struct spec *sp, void *p)
{
	if (!p) {
		sp->prec = -1;
		put_str(o, "(nil)", 5, sp);
		return;
	}
	sp->flags |= F_ALT;
	sp->base = 16;
	put_num(o, (unsigned long)p, false, sp);
}

static void format_str(struct out *o, struct spec *sp, const char *s)
{
	if (!s)
		s = (sp->prec < 0 || sp->prec >= 6) ? "(null)" : "";
	put_str(o, s, sp->prec < 0 ? (int)strlen(s) : (int)strnlen(s, sp->prec), sp);
}

/* One conversion starting after the '%'; returns the rest of the format. */
static const char *format_one(struct out *o, const char *f, va_list *ap)
{
	struct spec sp = { .width = -1, .prec = -1, .base = 10 };
	int len;
	char c;

	f = parse_flags(f, &sp);
	f = parse_int(f, &sp.width, ap);
	if (sp.width < 0) {
		sp.flags |= F_LEFT;
		sp.width = -sp.width;
	}
	if (*f == '.') {
		f = parse_int(f + 1, &sp.prec, ap);
		if (sp.prec < 0)
			sp.prec = -1;
	}
	f = parse_length(f, &len);
	switch (*f) {
	case 'd': case 'i':
		sp.flags |= F_SIGNED;
		format_int(o, &sp, len, ap);
		break;
	case 'X':
		sp.flags |= F_UPPER;
		/* fall through */
	case 'x':
		sp.base = 16;
		format_int(o, &sp, len, ap);
		break;
	case 'o':
		sp.base = 8;
		/* fall through */
	case 'u':
		format_int(o, &sp, len, ap);
		break;
	case 'p':
		format_ptr(o, &sp, va_arg(*ap, void *));
		break;
	case 's':
		format_str(o, &sp, va_arg(*ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		sp.prec = -1;
		put_str(o, &c, 1, &sp);
		break;
	case '%':
		put(o, '%');
		break;
	case '\0':
		return f;       /* lone '%' at the end: print nothing */
	default:
		put(o, '%');    /* unknown conversion: print it as is */
		put(o, *f);
		break;
	}
	return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%')
			put(&o, *fmt++);
		else
			fmt = format_one(&o, fmt + 1, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Like snprintf but returns what was actually stored (without the NUL). */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}
