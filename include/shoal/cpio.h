/* SPDX-License-Identifier: MIT */
/*
 * newc ("070701", also "070702" whose checksum is ignored) cpio archive
 * reader (lib/cpio.c), for unpacking the initramfs.
 *
 * cpio_parse() calls @cb for every entry except the "TRAILER!!!" marker,
 * in archive order. After a trailer, zero padding is skipped and, if
 * another archive follows (at a 4-byte boundary), it is read too: boot
 * loaders and build scripts concatenate archives. Malformed input (bad
 * magic or hex digits, a name without NUL, lengths running past the buffer)
 * yields -EINVAL; no read ever leaves [buf, buf + len).
 */
#ifndef _SHOAL_CPIO_H
#define _SHOAL_CPIO_H

#include <shoal/types.h>

#define CPIO_NEWC_HDR_SIZE 110

struct cpio_entry {
	const char *name;               /* NUL-terminated, inside the archive */
	size_t namelen;                 /* strlen(name) */
	u32 ino;
	u32 mode;                       /* S_IFMT type bits and permissions */
	u32 uid, gid;
	u32 nlink;
	u32 mtime;
	const void *data;               /* file contents or symlink target (not NUL-terminated) */
	size_t size;
	u32 devmajor, devminor;         /* device holding the file */
	u32 rdevmajor, rdevminor;       /* for character/block device nodes */
};

/* Called per entry; return 0 to go on, or a negative errno to stop (returned by cpio_parse). */
typedef int (*cpio_cb_t)(const struct cpio_entry *e, void *arg);

/* Returns the number of entries passed to @cb, or a negative errno. */
int cpio_parse(const void *buf, size_t len, cpio_cb_t cb, void *arg);

#endif
