/* SPDX-License-Identifier: MIT */
/*
 * virtio (drivers/virtio/), in the shape of Linux's linux/virtio.h and
 * linux/virtio_config.h: a virtio_device found by a transport (the modern
 * virtio-pci transport, drivers/virtio/virtio_pci_modern.c), drivers that
 * bind by device ID, and split virtqueues (drivers/virtio/virtio_ring.c)
 * with indirect descriptors and VIRTIO_RING_F_EVENT_IDX.
 *
 * Virtqueue calls on one queue are serialised by its driver (a queue's
 * NAPI, its TX queue's _xmit_lock, or the control queue's mutex); the
 * ring keeps no lock of its own, as in Linux. The callback runs in hard
 * interrupt context on the CPU the queue's vector is routed to.
 */
#ifndef _SHOAL_VIRTIO_H
#define _SHOAL_VIRTIO_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/scatterlist.h>
#include <shoal/interrupt.h>

/* Feature bits of the transport and the ring (virtio 1.x, section 6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY        24
#define VIRTIO_F_ANY_LAYOUT             27
#define VIRTIO_RING_F_INDIRECT_DESC     28
#define VIRTIO_RING_F_EVENT_IDX         29
#define VIRTIO_F_VERSION_1              32
#define VIRTIO_F_ACCESS_PLATFORM        33
#define VIRTIO_F_RING_PACKED            34

/* Device status (virtio 1.x, 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE     1
#define VIRTIO_CONFIG_S_DRIVER          2
#define VIRTIO_CONFIG_S_DRIVER_OK       4
#define VIRTIO_CONFIG_S_FEATURES_OK     8
#define VIRTIO_CONFIG_S_NEEDS_RESET     0x40
#define VIRTIO_CONFIG_S_FAILED          0x80

#define VIRTIO_ID_NET                   1

struct virtio_device;
struct virtqueue;
typedef void vq_callback_t(struct virtqueue *vq);

struct virtqueue {
	struct list_head list;          /* on vdev->vqs [const after find_vqs] */
	vq_callback_t *callback;        /* [const] */
	const char *name;               /* [const] */
	struct virtio_device *vdev;     /* [const] */
	unsigned int index;             /* queue number in the device [const] */
	unsigned int num_free;          /* free descriptors [queue owner] */
	unsigned int num_max;           /* ring size [const] */
	int irq;                        /* virq of its MSI-X vector, -1: none [const] */
	void *priv;                     /* the ring's state [const] */
};

/* What find_vqs should create for one queue. */
struct virtqueue_info {
	const char *name;               /* "input.0": the irq is named "virtio0-input.0" */
	vq_callback_t *callback;        /* NULL: no interrupt (e.g. the control queue, polled) */
	int cpu;                        /* CPU for its vector, -1: any */
};

struct virtio_config_ops {
	void (*get)(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len);
	void (*set)(struct virtio_device *vdev, unsigned int offset, const void *buf, unsigned int len);
	u32 (*generation)(struct virtio_device *vdev);
	u8 (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, u8 status);
	void (*reset)(struct virtio_device *vdev);
	int (*find_vqs)(struct virtio_device *vdev, unsigned int nvqs, struct virtqueue *vqs[],
			const struct virtqueue_info info[]);
	void (*del_vqs)(struct virtio_device *vdev);
	u64 (*get_features)(struct virtio_device *vdev);
	int (*finalize_features)(struct virtio_device *vdev);   /* writes vdev->features */
	const char *(*bus_name)(struct virtio_device *vdev);
	/* Move queue @vq's vector to @cpu (irq_set_affinity). */
	int (*set_vq_affinity)(struct virtqueue *vq, int cpu);
};

struct virtio_device {
	int index;                      /* virtio<index> [const] */
	char name[16];                  /* "virtio0" [const] */
	u32 device_id;                  /* VIRTIO_ID_* [const] */
	u32 vendor_id;                  /* [const] */
	u64 features;                   /* negotiated [const after probe's finalize] */
	const struct virtio_config_ops *config; /* [const] */
	struct list_head vqs;           /* [driver] */
	struct virtio_driver *driver;   /* [const after bind] */
	void *priv;                     /* the driver's [driver] */
	int config_irq;                 /* virq of the configuration vector, -1: none */
	bool features_ok;               /* FEATURES_OK accepted since the last reset [driver] */
	struct list_head node;          /* on virtio_devices [virtio_lock] */
};

struct virtio_driver {
	const char *name;
	u32 device_id;
	const unsigned int *feature_table;      /* bits the driver knows */
	unsigned int feature_table_size;
	int (*probe)(struct virtio_device *vdev);
	void (*remove)(struct virtio_device *vdev);
	void (*config_changed)(struct virtio_device *vdev);     /* config vector, IRQ context */
	struct list_head node;
};

int register_virtio_driver(struct virtio_driver *drv);
/* Transports: add a device; binds it if a driver for its ID exists. */
int register_virtio_device(struct virtio_device *vdev);

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int fbit)
{
	return fbit < 64 && (vdev->features >> fbit) & 1;
}
/* Drivers' probe may clear features they cannot use before finalizing. */
static inline void __virtio_clear_bit(struct virtio_device *vdev, unsigned int fbit)
{
	vdev->features &= ~(1ULL << fbit);
}
void virtio_device_ready(struct virtio_device *vdev);   /* DRIVER_OK */
/* Reset the device (status 0): queues stop. A later find_vqs repeats the
 * handshake (ACKNOWLEDGE, DRIVER, features), so reset + del_vqs + find_vqs
 * + virtio_device_ready re-creates the queues. */
void virtio_reset_device(struct virtio_device *vdev);
/* Write the negotiated features and FEATURES_OK, once per reset; the
 * transport's find_vqs calls it, so a driver's probe may still clear bits
 * before it creates its queues. 0, or -ENODEV if the device refuses. */
int virtio_features_ok(struct virtio_device *vdev);
void virtio_config_changed(struct virtio_device *vdev); /* transport, from its config vector */

/* Device-specific configuration space, little-endian fields. */
u8 virtio_cread8(struct virtio_device *vdev, unsigned int offset);
u16 virtio_cread16(struct virtio_device *vdev, unsigned int offset);
u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset);
void virtio_cread_bytes(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len);
void virtio_cwrite16(struct virtio_device *vdev, unsigned int offset, u16 val);

static inline int virtio_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
				  struct virtqueue *vqs[], const struct virtqueue_info info[])
{
	return vdev->config->find_vqs(vdev, nvqs, vqs, info);
}

/* Split virtqueues (drivers/virtio/virtio_ring.c). @data is returned by
 * virtqueue_get_buf when the device has used the buffer. A chain of more
 * than one entry goes out as one indirect descriptor when the device
 * offers VIRTIO_RING_F_INDIRECT_DESC. -ENOSPC when the ring is full. */
int virtqueue_add_outbuf(struct virtqueue *vq, struct scatterlist sg[], unsigned int num,
			 void *data, gfp_t gfp);
int virtqueue_add_inbuf(struct virtqueue *vq, struct scatterlist sg[], unsigned int num,
			void *data, gfp_t gfp);
int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[], unsigned int out_sgs,
		      unsigned int in_sgs, void *data, gfp_t gfp);
/* Publish added buffers; true if the device asked to be notified. */
bool virtqueue_kick_prepare(struct virtqueue *vq);
bool virtqueue_notify(struct virtqueue *vq);            /* ring the doorbell */
bool virtqueue_kick(struct virtqueue *vq);              /* both */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);
void virtqueue_disable_cb(struct virtqueue *vq);
/* Re-enable callbacks; false if buffers arrived meanwhile (poll again). */
bool virtqueue_enable_cb(struct virtqueue *vq);
unsigned int virtqueue_enable_cb_prepare(struct virtqueue *vq);
bool virtqueue_poll(struct virtqueue *vq, unsigned int last_used_idx);
/* Re-enable, asking for the callback only after ~3/4 of the outstanding
 * buffers are used (EVENT_IDX); false if that many are already used. */
bool virtqueue_enable_cb_delayed(struct virtqueue *vq);
void *virtqueue_detach_unused_buf(struct virtqueue *vq);        /* after reset */
unsigned int virtqueue_get_vring_size(const struct virtqueue *vq);
bool virtqueue_is_broken(const struct virtqueue *vq);

/* Ring creation and the interrupt path, for transports. */
struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 struct virtio_device *vdev, bool (*notify)(struct virtqueue *),
					 vq_callback_t *callback, const char *name);
void vring_del_virtqueue(struct virtqueue *vq);
/* Physical addresses of the descriptor table, available and used rings. */
phys_addr_t virtqueue_get_desc_addr(const struct virtqueue *vq);
phys_addr_t virtqueue_get_avail_addr(const struct virtqueue *vq);
phys_addr_t virtqueue_get_used_addr(const struct virtqueue *vq);
/* The queue's interrupt: calls vq->callback if the device used buffers. */
irqreturn_t vring_interrupt(int irq, void *vq);

#endif
