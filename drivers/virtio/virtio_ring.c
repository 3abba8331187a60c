// SPDX-License-Identifier: MIT
/*
 * Split virtqueues (virtio 1.x, section 2.7), in the shape of Linux's
 * drivers/virtio/virtio_ring.c. Layout in include/shoal/virtio_ring.h.
 *
 * The driver adds a buffer as a chain of descriptors (or one descriptor
 * pointing at a kmalloc'd indirect table), puts the chain's head in the
 * available ring and publishes avail->idx; the device consumes it, puts
 * {head, bytes written} in the used ring and publishes used->idx.
 *
 * Locking: none. Every call on one queue is serialised by its user (the
 * queue's NAPI, its TX queue's lock, the control queue's mutex), as in
 * Linux. vring_interrupt may run at the same time on the CPU the queue's
 * vector targets: it only reads used->idx and the queue's constant fields.
 *
 * Nothing read from memory the device writes (used ring entries) is
 * trusted: the id must be the head of a chain in flight and the length
 * must fit the chain's device-writable bytes, else the queue is marked
 * broken (logged once) and returns nothing from then on. The chain's
 * links are kept in driver-private memory (desc_next), never read back
 * from the descriptor table.
 *
 * Barriers (paired with the device's):
 *   virtio_wmb before publishing avail->idx: the descriptors and the ring
 *     entry are visible before the index that points at them;
 *   virtio_mb in kick_prepare: the new avail->idx is visible before we
 *     read the device's avail_event / NO_NOTIFY flag, else both sides may
 *     decide the other one will act (lost kick);
 *   virtio_rmb after reading used->idx: the used entries are read after
 *     the index that covers them;
 *   virtio_mb after writing used_event (enable_cb_*, get_buf): the event
 *     index is visible before we re-read used->idx (lost interrupt).
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/virtio.h>
#include <shoal/virtio_ring.h>

/* The device is cache-coherent (a PCI device in QEMU or behind an IOMMU-less
 * coherent bus): SMP barriers order our accesses against it, as Linux's
 * weak_barriers. On RISC-V: fence w,w / fence r,r / fence rw,rw. */
#define virtio_wmb()    smp_wmb()
#define virtio_rmb()    smp_rmb()
#define virtio_mb()     smp_mb()

/* Rings larger than this are cut to it (the transport reads the device's size). */
#define VRING_MAX_NUM   32768

struct vring_desc_state {
	void *data;                     /* the user's token; NULL: not a head */
	struct vring_desc *indir_desc;  /* indirect table to kfree, or NULL */
	u16 ndescs;                     /* ring descriptors the chain uses */
	u32 in_len;                     /* device-writable bytes of the chain */
};

struct vring_virtqueue {
	struct virtqueue vq;

	struct vring vring;             /* the shared rings [queue owner] */
	unsigned long queue;            /* their zeroed pages (kernel VA) [const] */
	unsigned int queue_order;       /* [const] */

	bool indirect;                  /* VIRTIO_RING_F_INDIRECT_DESC [const] */
	bool event;                     /* VIRTIO_RING_F_EVENT_IDX [const] */
	bool broken;                    /* a bad used entry was seen [queue owner] */

	u16 free_head;                  /* first free descriptor [queue owner] */
	u16 num_added;                  /* added since the last kick_prepare [queue owner] */
	u16 last_used_idx;              /* next used entry to take [queue owner] */
	u16 avail_idx_shadow;           /* what avail->idx was last set to [queue owner] */
	u16 avail_flags_shadow;         /* what avail->flags means now [queue owner] */

	bool (*notify)(struct virtqueue *vq);   /* the transport's doorbell [const] */

	u16 *desc_next;                 /* free list and chain links, private [queue owner] */
	struct vring_desc_state *desc_state;    /* per head [queue owner] */
};

#define to_vvq(_vq)     container_of(_vq, struct vring_virtqueue, vq)

/* A device broke the ring's rules: say so once, then refuse the queue. */
#define BAD_RING(vvq, fmt, ...) do {                                           \
	if (!(vvq)->broken)                                                    \
		printk("%s:%s: " fmt, (vvq)->vq.vdev ? (vvq)->vq.vdev->name : "?", \
		       (vvq)->vq.name, ##__VA_ARGS__);                         \
	(vvq)->broken = true;                                                  \
} while (0)

/* ----------------------------------------------------------- adding */

static struct vring_desc *alloc_indirect(unsigned int total_sg, gfp_t gfp)
{
	return kmalloc(total_sg * sizeof(struct vring_desc), gfp);
}

/* Fill @desc[0..] (ring or indirect table) from the sgs; returns the
 * device-writable byte count. Links go through @next (NULL: consecutive). */
static u32 fill_descs(struct vring_desc *desc, u16 first, const u16 *next,
		      struct scatterlist *sgs[], unsigned int out_sgs, unsigned int in_sgs,
		      unsigned int *lastp)
{
	unsigned int n, i = first, prev = first;
	u32 in_len = 0;

	for (n = 0; n < out_sgs + in_sgs; n++) {
		struct scatterlist *sg = sgs[n];
		u16 flags = VRING_DESC_F_NEXT | (n >= out_sgs ? VRING_DESC_F_WRITE : 0);

		desc[i].addr = sg_phys(sg);
		desc[i].len = sg->length;
		desc[i].flags = flags;
		if (flags & VRING_DESC_F_WRITE)
			in_len += sg->length;
		prev = i;
		i = next ? next[i] : i + 1;
		desc[prev].next = i;
	}
	desc[prev].flags &= ~VRING_DESC_F_NEXT;
	desc[prev].next = 0;
	*lastp = prev;
	return in_len;
}

/*
 * Add a buffer of @out_sgs device-readable then @in_sgs device-writable
 * entries, each sgs[i] one scatterlist entry. Not visible to the device
 * until kick_prepare/kick (avail->idx is published here, the doorbell
 * is not rung).
 */
static int virtqueue_add(struct virtqueue *_vq, struct scatterlist *sgs[],
			 unsigned int out_sgs, unsigned int in_sgs, void *data, gfp_t gfp)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	unsigned int total_sg = out_sgs + in_sgs, descs_used, last;
	struct vring_desc *indir = NULL;
	u16 head, avail;
	u32 in_len;

	if (unlikely(vq->broken))
		return -EIO;
	if (!data || total_sg == 0 || total_sg > vq->vring.num)
		return -EINVAL;

	if (vq->indirect && total_sg > 1 && vq->vq.num_free)
		indir = alloc_indirect(total_sg, gfp);  /* NULL: fall back to direct */
	descs_used = indir ? 1 : total_sg;
	if (vq->vq.num_free < descs_used) {
		kfree(indir);
		return -ENOSPC;
	}

	head = vq->free_head;
	if (indir) {
		in_len = fill_descs(indir, 0, NULL, sgs, out_sgs, in_sgs, &last);
		vq->vring.desc[head].addr = __pa(indir);
		vq->vring.desc[head].len = total_sg * sizeof(struct vring_desc);
		vq->vring.desc[head].flags = VRING_DESC_F_INDIRECT;
		vq->vring.desc[head].next = 0;
		last = head;
	} else {
		in_len = fill_descs(vq->vring.desc, head, vq->desc_next, sgs, out_sgs,
				    in_sgs, &last);
	}
	vq->free_head = vq->desc_next[last];
	vq->vq.num_free -= descs_used;

	vq->desc_state[head].data = data;
	vq->desc_state[head].indir_desc = indir;
	vq->desc_state[head].ndescs = descs_used;
	vq->desc_state[head].in_len = in_len;

	avail = vq->avail_idx_shadow & (vq->vring.num - 1);
	vq->vring.avail->ring[avail] = head;
	/* Descriptors and the ring entry before the index (paired with the
	 * device's read barrier after it reads avail->idx). */
	virtio_wmb();
	vq->avail_idx_shadow++;
	WRITE_ONCE(vq->vring.avail->idx, vq->avail_idx_shadow);
	vq->num_added++;

	/* num_added is 16 bits: kick before it wraps, or kick_prepare's
	 * old/new window would be wrong. */
	if (unlikely(vq->num_added == 0xffff))
		virtqueue_kick(_vq);
	return 0;
}

int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[], unsigned int out_sgs,
		      unsigned int in_sgs, void *data, gfp_t gfp)
{
	return virtqueue_add(vq, sgs, out_sgs, in_sgs, data, gfp);
}

/* Array sg[0..num) as one direction; each entry a descriptor. */
static int virtqueue_add_array(struct virtqueue *vq, struct scatterlist sg[], unsigned int num,
			       bool in, void *data, gfp_t gfp)
{
	struct scatterlist *stack[16], **sgs = stack;
	unsigned int i;
	int ret;

	if (num > ARRAY_SIZE(stack)) {
		if (num > vq->num_max)
			return -EINVAL;
		sgs = kmalloc(num * sizeof(*sgs), gfp);
		if (!sgs)
			return -ENOMEM;
	}
	for (i = 0; i < num; i++)
		sgs[i] = &sg[i];
	ret = virtqueue_add(vq, sgs, in ? 0 : num, in ? num : 0, data, gfp);
	if (sgs != stack)
		kfree(sgs);
	return ret;
}

int virtqueue_add_outbuf(struct virtqueue *vq, struct scatterlist sg[], unsigned int num,
			 void *data, gfp_t gfp)
{
	return virtqueue_add_array(vq, sg, num, false, data, gfp);
}

int virtqueue_add_inbuf(struct virtqueue *vq, struct scatterlist sg[], unsigned int num,
			void *data, gfp_t gfp)
{
	return virtqueue_add_array(vq, sg, num, true, data, gfp);
}

/* ----------------------------------------------------------- kicking */

bool virtqueue_kick_prepare(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	u16 new, old;

	/* avail->idx before the device's event index or flags (paired with
	 * the device's barrier between writing avail_event and re-reading
	 * avail->idx). */
	virtio_mb();
	old = vq->avail_idx_shadow - vq->num_added;
	new = vq->avail_idx_shadow;
	vq->num_added = 0;

	if (vq->event)
		return vring_need_event(READ_ONCE(vring_avail_event(&vq->vring)), new, old);
	return !(READ_ONCE(vq->vring.used->flags) & VRING_USED_F_NO_NOTIFY);
}

bool virtqueue_notify(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);

	if (unlikely(vq->broken))
		return false;
	if (!vq->notify(_vq)) {
		vq->broken = true;
		return false;
	}
	return true;
}

bool virtqueue_kick(struct virtqueue *vq)
{
	if (virtqueue_kick_prepare(vq))
		return virtqueue_notify(vq);
	return true;
}

/* ----------------------------------------------------------- completing */

static bool more_used(const struct vring_virtqueue *vq)
{
	return vq->last_used_idx != READ_ONCE(vq->vring.used->idx);
}

/* Return chain @head's descriptors to the free list. */
static void detach_buf(struct vring_virtqueue *vq, unsigned int head)
{
	struct vring_desc_state *st = &vq->desc_state[head];
	unsigned int i = head, n;

	for (n = 1; n < st->ndescs; n++)
		i = vq->desc_next[i];
	vq->desc_next[i] = vq->free_head;
	vq->free_head = head;
	vq->vq.num_free += st->ndescs;

	kfree(st->indir_desc);
	st->indir_desc = NULL;
	st->data = NULL;
	st->ndescs = 0;
}

void *virtqueue_get_buf(struct virtqueue *_vq, unsigned int *len)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	unsigned int slot;
	u32 id, used_len;
	void *data;

	if (unlikely(vq->broken) || !more_used(vq))
		return NULL;
	/* The entries after the index that covers them (paired with the
	 * device's write barrier before it publishes used->idx). */
	virtio_rmb();

	slot = vq->last_used_idx & (vq->vring.num - 1);
	id = READ_ONCE(vq->vring.used->ring[slot].id);
	used_len = READ_ONCE(vq->vring.used->ring[slot].len);
	if (unlikely(id >= vq->vring.num)) {
		BAD_RING(vq, "used id %u out of range\n", id);
		return NULL;
	}
	if (unlikely(!vq->desc_state[id].data)) {
		BAD_RING(vq, "used id %u is not a buffer in flight\n", id);
		return NULL;
	}
	if (unlikely(used_len > vq->desc_state[id].in_len)) {
		BAD_RING(vq, "used length %u beyond the buffer's %u\n", used_len,
			 vq->desc_state[id].in_len);
		return NULL;
	}

	data = vq->desc_state[id].data;
	detach_buf(vq, id);
	vq->last_used_idx++;
	/* Callbacks on: ask for an interrupt at the next entry, visible
	 * before the next get_buf reads used->idx. */
	if (vq->event && !(vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT)) {
		WRITE_ONCE(vring_used_event(&vq->vring), vq->last_used_idx);
		virtio_mb();
	}
	if (len)
		*len = used_len;
	return data;
}

/* ----------------------------------------------------------- callbacks */

void virtqueue_disable_cb(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);

	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT)
		return;
	vq->avail_flags_shadow |= VRING_AVAIL_F_NO_INTERRUPT;
	if (vq->event)
		/* An event index the device's used->idx has already passed
		 * and cannot reach again before we move it (at most num
		 * entries are in flight): no interrupt. */
		WRITE_ONCE(vring_used_event(&vq->vring), (u16)(vq->last_used_idx - 1));
	else
		WRITE_ONCE(vq->vring.avail->flags, vq->avail_flags_shadow);
}

unsigned int virtqueue_enable_cb_prepare(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	u16 last_used = vq->last_used_idx;

	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags_shadow &= ~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			WRITE_ONCE(vq->vring.avail->flags, vq->avail_flags_shadow);
	}
	/* With EVENT_IDX: interrupt at the next used entry. The barrier is
	 * virtqueue_poll's, which the caller runs next. */
	WRITE_ONCE(vring_used_event(&vq->vring), last_used);
	return last_used;
}

bool virtqueue_poll(struct virtqueue *_vq, unsigned int last_used_idx)
{
	struct vring_virtqueue *vq = to_vvq(_vq);

	if (unlikely(vq->broken))
		return false;
	/* used_event / flags before used->idx (paired with the device's
	 * barrier between publishing used->idx and reading used_event). */
	virtio_mb();
	return (u16)last_used_idx != READ_ONCE(vq->vring.used->idx);
}

bool virtqueue_enable_cb(struct virtqueue *vq)
{
	unsigned int last = virtqueue_enable_cb_prepare(vq);

	return !virtqueue_poll(vq, last);
}

bool virtqueue_enable_cb_delayed(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	u16 bufs;

	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags_shadow &= ~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			WRITE_ONCE(vq->vring.avail->flags, vq->avail_flags_shadow);
	}
	/* Interrupt once 3/4 of the outstanding buffers are used. */
	bufs = (u16)(vq->avail_idx_shadow - vq->last_used_idx) * 3 / 4;
	WRITE_ONCE(vring_used_event(&vq->vring), (u16)(vq->last_used_idx + bufs));
	virtio_mb();
	if (unlikely(vq->broken))
		return false;
	return (u16)(READ_ONCE(vq->vring.used->idx) - vq->last_used_idx) <= bufs;
}

irqreturn_t vring_interrupt(int irq, void *_vq)
{
	struct vring_virtqueue *vq = to_vvq((struct virtqueue *)_vq);

	(void)irq;
	if (!more_used(vq))
		return IRQ_NONE;
	if (unlikely(vq->broken))
		return IRQ_HANDLED;
	if (vq->vq.callback)
		vq->vq.callback(&vq->vq);
	return IRQ_HANDLED;
}

/* ----------------------------------------------------------- teardown, queries */

/* After the device is reset: hand back one buffer it never used, or NULL. */
void *virtqueue_detach_unused_buf(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	unsigned int i;
	void *data;

	for (i = 0; i < vq->vring.num; i++) {
		data = vq->desc_state[i].data;
		if (!data)
			continue;
		detach_buf(vq, i);
		vq->avail_idx_shadow--;
		WRITE_ONCE(vq->vring.avail->idx, vq->avail_idx_shadow);
		return data;
	}
	return NULL;
}

unsigned int virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return to_vvq(vq)->vring.num;
}

bool virtqueue_is_broken(const struct virtqueue *vq)
{
	return READ_ONCE(to_vvq(vq)->broken);
}

phys_addr_t virtqueue_get_desc_addr(const struct virtqueue *vq)
{
	return __pa(to_vvq(vq)->vring.desc);
}

phys_addr_t virtqueue_get_avail_addr(const struct virtqueue *vq)
{
	return __pa(to_vvq(vq)->vring.avail);
}

phys_addr_t virtqueue_get_used_addr(const struct virtqueue *vq)
{
	return __pa(to_vvq(vq)->vring.used);
}

/* ----------------------------------------------------------- creation */

static unsigned int size_order(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/*
 * A ring of @num entries (a power of two, at most VRING_MAX_NUM) for queue
 * @index of @vdev, in physically contiguous zeroed pages. Its features
 * come from vdev->features, which must be final (FEATURES_OK written).
 */
struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 struct virtio_device *vdev, bool (*notify)(struct virtqueue *),
					 vq_callback_t *callback, const char *name)
{
	struct vring_virtqueue *vq;
	unsigned int i;

	if (num == 0 || num > VRING_MAX_NUM || (num & (num - 1)))
		return NULL;
	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return NULL;
	vq->queue_order = size_order(vring_size(num));
	vq->queue = __get_free_pages(GFP_KERNEL | __GFP_ZERO, vq->queue_order);
	if (!vq->queue)
		goto err_vq;
	vq->desc_next = kmalloc(num * sizeof(u16), GFP_KERNEL);
	if (!vq->desc_next)
		goto err_queue;
	vq->desc_state = kcalloc(num, sizeof(struct vring_desc_state), GFP_KERNEL);
	if (!vq->desc_state)
		goto err_next;

	vq->vring.num = num;
	vq->vring.desc = (struct vring_desc *)vq->queue;
	vq->vring.avail = (struct vring_avail *)(vq->queue + vring_avail_offset(num));
	vq->vring.used = (struct vring_used *)(vq->queue + vring_used_offset(num));
	for (i = 0; i < num; i++)
		vq->desc_next[i] = i + 1;       /* the last one's is never followed */

	INIT_LIST_HEAD(&vq->vq.list);
	vq->vq.callback = callback;
	vq->vq.name = name;
	vq->vq.vdev = vdev;
	vq->vq.index = index;
	vq->vq.num_free = num;
	vq->vq.num_max = num;
	vq->vq.irq = -1;
	vq->vq.priv = vq;
	vq->notify = notify;
	vq->indirect = virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC);
	vq->event = virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX);
	/* No callback: ask for no interrupts (the queue is polled). */
	if (!callback)
		virtqueue_disable_cb(&vq->vq);
	return &vq->vq;

err_next:
	kfree(vq->desc_next);
err_queue:
	free_pages(vq->queue, vq->queue_order);
err_vq:
	kfree(vq);
	return NULL;
}

/* Free the ring; the device must be reset (or the queue disabled) first,
 * and unused buffers detached. Indirect tables still in flight are freed. */
void vring_del_virtqueue(struct virtqueue *_vq)
{
	struct vring_virtqueue *vq = to_vvq(_vq);
	unsigned int i;

	for (i = 0; i < vq->vring.num; i++)
		kfree(vq->desc_state[i].indir_desc);
	kfree(vq->desc_state);
	kfree(vq->desc_next);
	free_pages(vq->queue, vq->queue_order);
	kfree(vq);
}
