// SPDX-License-Identifier: MIT
/*
 * Iterators over user iovecs, and import_iovec(): the one importer of a
 * user's iovec array, for readv/writev/preadv/pwritev (fs/read_write.c)
 * and for message headers (net/socket.c) alike, and its one-buffer form
 * import_single_range() for send/sendto and recv/recvfrom.
 *
 * An iterator is private to the system call that set it up: no locks.
 * Copies go through copy_{to,from}_user and stop short at a fault.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/uio.h>

void iov_iter_init(struct iov_iter *i, const struct iovec *iov, unsigned long nr_segs, size_t count)
{
	i->iov = iov;
	i->nr_segs = nr_segs;
	i->iov_offset = 0;
	i->count = count;
	i->kvec = false;
}

void iov_iter_kvec(struct iov_iter *i, const struct iovec *iov, unsigned long nr_segs, size_t count)
{
	iov_iter_init(i, iov, nr_segs, count);
	i->kvec = true;
}

/* Skip exhausted segments so that iov[0] has bytes left (or nr_segs == 0). */
static void iov_iter_settle(struct iov_iter *i)
{
	while (i->nr_segs && i->iov_offset >= i->iov->iov_len) {
		i->iov_offset = 0;
		i->iov++;
		i->nr_segs--;
	}
}

void iov_iter_advance(struct iov_iter *i, size_t n)
{
	n = min(n, i->count);
	i->count -= n;
	while (n) {
		size_t step;

		iov_iter_settle(i);
		step = min(n, i->iov->iov_len - i->iov_offset);
		i->iov_offset += step;
		n -= step;
	}
}

/* Step back n bytes (a protocol that could not use what it copied). */
void iov_iter_revert(struct iov_iter *i, size_t n)
{
	i->count += n;
	while (n) {
		size_t step;

		if (!i->iov_offset) {
			i->iov--;
			i->nr_segs++;
			i->iov_offset = i->iov->iov_len;
		}
		step = min(n, i->iov_offset);
		i->iov_offset -= step;
		n -= step;
	}
}

static size_t iter_copy(void *kbuf, size_t n, struct iov_iter *i, bool to_user)
{
	size_t done = 0;

	n = min(n, i->count);
	while (done < n) {
		size_t step, left;
		char __user *u;

		iov_iter_settle(i);
		u = (char __user *)i->iov->iov_base + i->iov_offset;
		step = min(n - done, i->iov->iov_len - i->iov_offset);
		if (i->kvec) {
			if (to_user)
				memcpy((void *)u, (char *)kbuf + done, step);
			else
				memcpy((char *)kbuf + done, (void *)u, step);
			left = 0;
		} else {
			left = to_user ? copy_to_user(u, (char *)kbuf + done, step)
				       : copy_from_user((char *)kbuf + done, u, step);
		}
		step -= left;
		i->iov_offset += step;
		i->count -= step;
		done += step;
		if (left)
			break;
	}
	return done;
}

size_t copy_from_iter(void *to, size_t n, struct iov_iter *i)
{
	return iter_copy(to, n, i, false);
}

size_t copy_to_iter(const void *from, size_t n, struct iov_iter *i)
{
	return iter_copy((void *)from, n, i, true);
}

/* Check every segment of @iov up front and clamp the total to MAX_RW_COUNT.
 * As Linux: a negative length anywhere is EINVAL even after a segment that
 * fails access_ok (Linux refuses it while copying the array in). */
static ssize_t iovec_check(struct iovec *iov, unsigned long nr_segs)
{
	size_t total = 0;
	unsigned long seg;

	for (seg = 0; seg < nr_segs; seg++)
		if ((ssize_t)iov[seg].iov_len < 0)
			return -EINVAL;
	for (seg = 0; seg < nr_segs; seg++) {
		size_t len = iov[seg].iov_len;

		if (!access_ok(iov[seg].iov_base, len))
			return -EFAULT;
		if (len > MAX_RW_COUNT - total) {
			len = MAX_RW_COUNT - total;
			iov[seg].iov_len = len;
		}
		total += len;
	}
	return total;
}

int import_single_range(void __user *buf, size_t len, struct iovec *iov, struct iov_iter *i)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!access_ok(buf, len))
		return -EFAULT;
	iov->iov_base = buf;
	iov->iov_len = len;
	iov_iter_init(i, iov, 1, len);
	return 0;
}

ssize_t import_iovec(const struct iovec __user *uvec, unsigned long nr_segs,
		     unsigned long fast_segs, struct iovec **iovp, struct iov_iter *i)
{
	struct iovec *iov = *iovp;
	ssize_t total;

	*iovp = NULL;
	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	if (nr_segs > fast_segs) {
		iov = kmalloc(nr_segs * sizeof(*iov), GFP_KERNEL);
		if (!iov)
			return -ENOMEM;
	}
	if (copy_from_user(iov, uvec, nr_segs * sizeof(*iov))) {
		total = -EFAULT;
		goto free_iov;
	}
	total = iovec_check(iov, nr_segs);
	if (total < 0)
		goto free_iov;
	iov_iter_init(i, iov, nr_segs, total);
	if (nr_segs > fast_segs)
		*iovp = iov;
	return total;

free_iov:
	if (nr_segs > fast_segs)
		kfree(iov);
	return total;
}
