// SPDX-License-Identifier: MIT
/*
 * newc cpio reader (see include/shoal/cpio.h).
 *
 * Layout of one entry, offsets from the start of its header:
 *
 *   0    "070701"  magic
 *   6    13 fields of 8 hex digits: ino mode uid gid nlink mtime filesize
 *        devmajor devminor rdevmajor rdevminor namesize check
 *   110  name (namesize bytes including the NUL), padded to 4 bytes
 *        data (filesize bytes), padded to 4 bytes
 *
 * Offsets are kept relative to the archive start and every length is
 * compared with what remains before it is added, so hostile 32-bit sizes
 * can neither overflow nor point outside the buffer.
 */
#include <shoal/kernel.h>
#include <shoal/cpio.h>

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NR_FIELDS };

static int hex8(const char *p, u32 *out)
{
	u32 v = 0;
	int i, d;

	for (i = 0; i < 8; i++) {
		char c = p[i];
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static bool is_magic(const char *p)
{
	return !strncmp(p, "070701", 6) || !strncmp(p, "070702", 6);
}

/* Parse the header at @off into @e; *next = offset after the padded data. */
static int parse_entry(const char *buf, size_t len, size_t off,
		       struct cpio_entry *e, size_t *next)
{
	u32 f[NR_FIELDS];
	size_t namesz, filesz;
	int i;

	if (len - off < CPIO_NEWC_HDR_SIZE || !is_magic(buf + off))
		return -EINVAL;
	for (i = 0; i < NR_FIELDS; i++)
		if (hex8(buf + off + 6 + 8 * i, &f[i]))
			return -EINVAL;
	namesz = f[F_NAMESIZE];
	filesz = f[F_FILESIZE];
	off += CPIO_NEWC_HDR_SIZE;
	if (namesz == 0 || namesz > len - off || buf[off + namesz - 1] != '\0')
		return -EINVAL;
	e->name = buf + off;
	e->namelen = strnlen(e->name, namesz);
	off = ALIGN(off + namesz, 4);
	if (off > len || filesz > len - off)
		return -EINVAL;
	e->data = buf + off;
	e->size = filesz;
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->devmajor = f[F_DEVMAJOR];
	e->devminor = f[F_DEVMINOR];
	e->rdevmajor = f[F_RDEVMAJOR];
	e->rdevminor = f[F_RDEVMINOR];
	*next = ALIGN(off + filesz, 4);
	return 0;
}

/* After a trailer: skip NUL padding; returns the offset of the next archive or len. */
static int skip_padding(const char *buf, size_t len, size_t *off)
{
	size_t o = *off < len ? *off : len;

	while (o < len && buf[o] == '\0')
		o++;
	if (o == len) {
		*off = len;
		return 0;
	}
	if ((o & 3) || len - o < 6 || !is_magic(buf + o))
		return -EINVAL;
	*off = o;
	return 0;
}

int cpio_parse(const void *archive, size_t len, cpio_cb_t cb, void *arg)
{
	const char *buf = archive;
	struct cpio_entry e;
	size_t off = 0, next;
	int n = 0, err;

	while (off < len) {
		err = parse_entry(buf, len, off, &e, &next);
		if (err)
			return err;
		off = next;
		if (!strcmp(e.name, "TRAILER!!!")) {
			err = skip_padding(buf, len, &off);
			if (err)
				return err;
			continue;
		}
		err = cb(&e, arg);
		if (err)
			return err;
		n++;
	}
	return n;
}
