/* SPDX-License-Identifier: MIT */
/*
 * The split virtqueue layout (virtio 1.x, section 2.7), as Linux's
 * uapi/linux/virtio_ring.h. Three areas in memory the device reaches by
 * physical address:
 *
 *   descriptor table  num x { addr, len, flags, next }    driver writes
 *   available ring    flags, idx, ring[num], used_event   driver writes
 *   used ring         flags, idx, ring[num] {id, len},    device writes
 *                     avail_event
 *
 * Fields are little-endian; shoal runs only on little-endian RISC-V, so
 * they are plain integers. Indices are free-running 16-bit counters: the
 * slot is idx & (num - 1), num a power of two.
 */
#ifndef _SHOAL_VIRTIO_RING_H
#define _SHOAL_VIRTIO_RING_H

#include <shoal/types.h>

#define VRING_DESC_F_NEXT       1       /* the chain continues at .next */
#define VRING_DESC_F_WRITE      2       /* device writes (an "in" buffer) */
#define VRING_DESC_F_INDIRECT   4       /* .addr is a table of descriptors */

/* Without EVENT_IDX: the device asks not to be kicked / the driver not to be interrupted. */
#define VRING_USED_F_NO_NOTIFY          1
#define VRING_AVAIL_F_NO_INTERRUPT      1

struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];                     /* then u16 used_event */
};

struct vring_used_elem {
	u32 id;                         /* head of the used chain */
	u32 len;                        /* bytes the device wrote */
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];  /* then u16 avail_event */
};

struct vring {
	unsigned int num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
};

/* With EVENT_IDX: "interrupt me when used->idx passes this", written by the driver. */
#define vring_used_event(vr)    ((vr)->avail->ring[(vr)->num])
/* With EVENT_IDX: "kick me when avail->idx passes this", written by the device. */
#define vring_avail_event(vr)   (*(u16 *)&(vr)->used->ring[(vr)->num])

/* Used ring alignment (virtio 1.x 2.7: 4 bytes; a cache line keeps the
 * device's writes off the driver's lines). */
#define VRING_USED_ALIGN        64

static inline unsigned long vring_avail_offset(unsigned int num)
{
	return num * sizeof(struct vring_desc);
}
static inline unsigned long vring_used_offset(unsigned int num)
{
	unsigned long avail_end = vring_avail_offset(num) + sizeof(struct vring_avail) +
				  (num + 1) * sizeof(u16);

	return (avail_end + VRING_USED_ALIGN - 1) & ~(unsigned long)(VRING_USED_ALIGN - 1);
}
static inline unsigned long vring_size(unsigned int num)
{
	return vring_used_offset(num) + sizeof(struct vring_used) +
	       num * sizeof(struct vring_used_elem) + sizeof(u16);
}

/*
 * The EVENT_IDX rule (virtio 1.x 2.7.10): moving an index from @old to
 * @new crossed the other side's event index @event_idx, so the other side
 * asked to hear about it. All in 16-bit modular arithmetic.
 */
static inline bool vring_need_event(u16 event_idx, u16 new_idx, u16 old)
{
	return (u16)(new_idx - event_idx - 1) < (u16)(new_idx - old);
}

#endif
