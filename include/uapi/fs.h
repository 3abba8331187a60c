/* SPDX-License-Identifier: MIT */
/* Per-call flags of preadv2/pwritev2, as Linux's <linux/fs.h>. */
#ifndef _UAPI_FS_H
#define _UAPI_FS_H

#define RWF_HIPRI       0x00000001      /* poll for completion: nothing to poll here */
#define RWF_DSYNC       0x00000002      /* O_DSYNC for this call */
#define RWF_SYNC        0x00000004      /* O_SYNC for this call */
#define RWF_NOWAIT      0x00000008      /* fail with EAGAIN rather than block */
#define RWF_APPEND      0x00000010      /* O_APPEND for this call */
#define RWF_NOAPPEND    0x00000020      /* ignore O_APPEND for this call */
#define RWF_ATOMIC      0x00000040      /* untorn write: needs FMODE_CAN_ATOMIC_WRITE */
#define RWF_SUPPORTED   (RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | \
			 RWF_NOAPPEND | RWF_ATOMIC)

#endif
