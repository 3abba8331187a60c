/* SPDX-License-Identifier: MIT */
/* The user's scatter/gather vector (readv, writev, sendmsg, ...), as Linux's <linux/uio.h>. */
#ifndef _UAPI_UIO_H
#define _UAPI_UIO_H

#include <shoal/types.h>

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

#define UIO_FASTIOV     8       /* segments a caller keeps on its stack */
#define UIO_MAXIOV      1024    /* most segments one call takes (IOV_MAX) */

#endif
