/* SPDX-License-Identifier: MIT */
/*
 * Iterators over user memory (lib/iov_iter.c): the one way a system call
 * hands a user buffer or iovec array to a file or a protocol. Only user
 * iovecs exist (Linux's ITER_UBUF/ITER_IOVEC); an iterator belongs to the
 * call that set it up and needs no lock.
 */
#ifndef _SHOAL_UIO_H
#define _SHOAL_UIO_H

#include <shoal/types.h>
#include <shoal/mm.h>
#include <uapi/uio.h>

/* Most bytes one read, write or message moves, as Linux: INT_MAX rounded down to a page. */
#define MAX_RW_COUNT    (0x7fffffffL & PAGE_MASK)

struct iov_iter {
	const struct iovec *iov;        /* kernel copy of the iovec array */
	unsigned long nr_segs;
	size_t iov_offset;              /* into iov[0] */
	size_t count;                   /* bytes left */
	bool kvec;                      /* iov_base are kernel addresses (splice), not user */
};

static inline size_t iov_iter_count(const struct iov_iter *i) { return i->count; }
void iov_iter_init(struct iov_iter *i, const struct iovec *iov, unsigned long nr_segs, size_t count);
/* The same over kernel memory (Linux's ITER_KVEC): copies are plain memcpy. */
void iov_iter_kvec(struct iov_iter *i, const struct iovec *iov, unsigned long nr_segs, size_t count);
/* Copy up to n bytes, advancing the iterator; returns bytes copied (short on a fault). */
size_t copy_from_iter(void *to, size_t n, struct iov_iter *i);
size_t copy_to_iter(const void *from, size_t n, struct iov_iter *i);
void iov_iter_advance(struct iov_iter *i, size_t n);
void iov_iter_revert(struct iov_iter *i, size_t n);

/*
 * Copy in the user's iovec array @uvec of @nr_segs segments and set @i over
 * it, with Linux's rules: more than UIO_MAXIOV segments or a negative
 * length is -EINVAL; a segment outside user space is -EFAULT, whichever
 * segment it is, before any data moves; the total is clamped to
 * MAX_RW_COUNT. On entry *@iovp is the caller's array of @fast_segs
 * segments; on return it is NULL, or an array the caller must kfree()
 * (kfree(*iovp) is always safe). Returns the total length or -errno.
 */
ssize_t import_iovec(const struct iovec __user *uvec, unsigned long nr_segs,
		     unsigned long fast_segs, struct iovec **iovp, struct iov_iter *i);

/* The same for one user buffer, set up as @iov: 0, or -EFAULT if it is
 * not in user space; the length is clamped to MAX_RW_COUNT. */
int import_single_range(void __user *buf, size_t len, struct iovec *iov, struct iov_iter *i);

#endif
