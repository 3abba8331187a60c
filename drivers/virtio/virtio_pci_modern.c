// SPDX-License-Identifier: MIT
/*
 * The modern virtio-pci transport (virtio 1.x, section 4.1), in the shape
 * of Linux's drivers/virtio/virtio_pci_modern.c.
 *
 * The device describes its register blocks with vendor capabilities
 * (struct virtio_pci_cap): COMMON (features, status, queue set-up), NOTIFY
 * (doorbells: queue q's is at notify_base + queue_notify_off(q) *
 * notify_off_multiplier), ISR (only for INTx, which shoal does not use),
 * DEVICE (the device-specific configuration) and PCI_CFG (an alternative
 * access window, not needed when BARs are mapped). Devices 0x1040-0x107f
 * are modern; 0x1000-0x103f are transitional and are driven the same way
 * when they carry the capabilities. One without them is legacy only.
 *
 * Interrupts are MSI-X: vector 0 for configuration changes
 * ("virtio0-config"), then one vector per queue that has a callback
 * ("virtio0-input.0"), routed to the CPU the driver asks for. If the
 * device or the platform cannot give that many, all queues share vector 1.
 * Queues without a callback get VIRTIO_MSI_NO_VECTOR.
 *
 * Locking: the common configuration block's queue_select is a window, so
 * queue set-up (find_vqs, del_vqs) runs only from the driver's probe or
 * its reconfiguration path, which the driver serialises (RTNL for the
 * NIC); nothing else touches queue_select after that. Config-space reads
 * and status writes need no lock. No lock is owned here.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/mm.h>
#include <shoal/pci.h>
#include <shoal/interrupt.h>
#include <shoal/virtio.h>
#include <shoal/virtio_ring.h>

#define PCI_VENDOR_ID_REDHAT_QUMRANET   0x1af4
#define VIRTIO_PCI_MODERN_DEVICE_BASE   0x1040  /* + virtio device ID */

/* struct virtio_pci_cap (virtio 1.x 4.1.4), offsets from the capability. */
#define VIRTIO_PCI_CAP_CFG_TYPE         3
#define VIRTIO_PCI_CAP_BAR              4
#define VIRTIO_PCI_CAP_OFFSET           8
#define VIRTIO_PCI_CAP_LENGTH           12
#define VIRTIO_PCI_NOTIFY_CAP_MULT      16      /* notify_off_multiplier */

#define VIRTIO_PCI_CAP_COMMON_CFG       1
#define VIRTIO_PCI_CAP_NOTIFY_CFG       2
#define VIRTIO_PCI_CAP_ISR_CFG          3
#define VIRTIO_PCI_CAP_DEVICE_CFG       4
#define VIRTIO_PCI_CAP_PCI_CFG          5

/* struct virtio_pci_common_cfg (virtio 1.x 4.1.4.3), byte offsets. */
#define VIRTIO_PCI_COMMON_DFSELECT      0
#define VIRTIO_PCI_COMMON_DF            4
#define VIRTIO_PCI_COMMON_GFSELECT      8
#define VIRTIO_PCI_COMMON_GF            12
#define VIRTIO_PCI_COMMON_MSIX          16
#define VIRTIO_PCI_COMMON_NUMQ          18
#define VIRTIO_PCI_COMMON_STATUS        20
#define VIRTIO_PCI_COMMON_CFGGENERATION 21
#define VIRTIO_PCI_COMMON_Q_SELECT      22
#define VIRTIO_PCI_COMMON_Q_SIZE        24
#define VIRTIO_PCI_COMMON_Q_MSIX        26
#define VIRTIO_PCI_COMMON_Q_ENABLE      28
#define VIRTIO_PCI_COMMON_Q_NOFF        30
#define VIRTIO_PCI_COMMON_Q_DESCLO      32
#define VIRTIO_PCI_COMMON_Q_DESCHI      36
#define VIRTIO_PCI_COMMON_Q_AVAILLO     40
#define VIRTIO_PCI_COMMON_Q_AVAILHI     44
#define VIRTIO_PCI_COMMON_Q_USEDLO      48
#define VIRTIO_PCI_COMMON_Q_USEDHI      52
#define VIRTIO_PCI_COMMON_CFG_SIZE      56

#define VIRTIO_MSI_NO_VECTOR            0xffff
#define VP_MSIX_CONFIG_VECTOR           0

/* Largest ring we make; the device's may be bigger (virtio-net's is 256). */
#define VP_MAX_QUEUE_SIZE               256
/* Reset: the device reads back 0 when done; QEMU is synchronous. */
#define VP_RESET_POLLS                  1000000

/* Per-queue transport state, indexed by queue number. */
struct virtio_pci_vq_info {
	struct virtqueue *vq;
	void *notify;                   /* its 16-bit doorbell */
	int msix_vector;                /* VIRTIO_MSI_NO_VECTOR: none */
};

struct virtio_pci_device {
	struct virtio_device vdev;
	struct pci_dev *pci_dev;

	void *common;                   /* COMMON_CFG block */
	void *isr;                      /* ISR byte (INTx only; mapped, unused) */
	void *device;                   /* DEVICE_CFG block, or NULL */
	unsigned long device_len;
	void *notify_base;
	unsigned long notify_len;
	u32 notify_offset_multiplier;
	unsigned int num_queues;        /* the device's [const] */

	/* [find_vqs/del_vqs, serialised by the driver] */
	struct virtio_pci_vq_info *vqs; /* num_queues entries */
	unsigned int msix_vectors;      /* allocated, 0: none */
	bool per_vq_vectors;            /* else all queues share vector 1 */
	char (*msix_names)[32];         /* irq names, msix_vectors entries */
	bool config_irq_requested;
	bool shared_irq_requested;
};

#define to_vp_device(v) container_of(v, struct virtio_pci_device, vdev)

/* ----------------------------------------------------------- MMIO */

/* Device registers, with RISC-V's I/O ordering as Linux's readX/writeX:
 * a read completes before later memory reads (fence i,r); earlier memory
 * writes reach memory before the register write (fence w,o), so a
 * doorbell never overtakes the ring entries it announces. */
static inline u8 vp_ioread8(const void *addr)
{
	u8 v = *(const volatile u8 *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}
static inline u16 vp_ioread16(const void *addr)
{
	u16 v = *(const volatile u16 *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}
static inline u32 vp_ioread32(const void *addr)
{
	u32 v = *(const volatile u32 *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}
static inline void vp_iowrite8(u8 v, void *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile u8 *)addr = v;
}
static inline void vp_iowrite16(u16 v, void *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile u16 *)addr = v;
}
static inline void vp_iowrite32(u32 v, void *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile u32 *)addr = v;
}
/* 64-bit registers of the common block are written as two halves, low first. */
static void vp_iowrite64_twopart(u64 v, void *lo, void *hi)
{
	vp_iowrite32((u32)v, lo);
	vp_iowrite32(v >> 32, hi);
}

static inline void *vp_common(struct virtio_pci_device *vp, unsigned int off)
{
	return (char *)vp->common + off;
}

/* ----------------------------------------------------------- config ops */

static void vp_get(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	char *p = (char *)vp->device + offset;
	u8 *b = buf;
	u16 w;
	u32 l;

	if (!vp->device || offset > vp->device_len || len > vp->device_len - offset) {
		memset(buf, 0, len);
		return;
	}
	switch (len) {
	case 1:
		*b = vp_ioread8(p);
		break;
	case 2:
		w = vp_ioread16(p);
		memcpy(buf, &w, 2);
		break;
	case 4:
		l = vp_ioread32(p);
		memcpy(buf, &l, 4);
		break;
	case 8:
		l = vp_ioread32(p);
		memcpy(b, &l, 4);
		l = vp_ioread32(p + 4);
		memcpy(b + 4, &l, 4);
		break;
	default:
		while (len--)
			*b++ = vp_ioread8(p++);
	}
}

static void vp_set(struct virtio_device *vdev, unsigned int offset, const void *buf,
		   unsigned int len)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	char *p = (char *)vp->device + offset;
	const u8 *b = buf;
	u16 w;
	u32 l;

	if (!vp->device || offset > vp->device_len || len > vp->device_len - offset)
		return;
	switch (len) {
	case 1:
		vp_iowrite8(*b, p);
		break;
	case 2:
		memcpy(&w, buf, 2);
		vp_iowrite16(w, p);
		break;
	case 4:
		memcpy(&l, buf, 4);
		vp_iowrite32(l, p);
		break;
	default:
		while (len--)
			vp_iowrite8(*b++, p++);
	}
}

static u32 vp_generation(struct virtio_device *vdev)
{
	return vp_ioread8(vp_common(to_vp_device(vdev), VIRTIO_PCI_COMMON_CFGGENERATION));
}

static u8 vp_get_status(struct virtio_device *vdev)
{
	return vp_ioread8(vp_common(to_vp_device(vdev), VIRTIO_PCI_COMMON_STATUS));
}

static void vp_set_status(struct virtio_device *vdev, u8 status)
{
	/* 0 is a reset, which must be waited for: vp_reset. */
	if (WARN_ON(status == 0))
		return;
	vp_iowrite8(status, vp_common(to_vp_device(vdev), VIRTIO_PCI_COMMON_STATUS));
}

static void vp_reset(struct virtio_device *vdev)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	void *status = vp_common(vp, VIRTIO_PCI_COMMON_STATUS);
	int polls = VP_RESET_POLLS;

	vp_iowrite8(0, status);
	/* The device finishes the reset (queues stopped, no more DMA) when
	 * status reads back 0 (virtio 1.x 4.1.4.3.2). */
	while (vp_ioread8(status) && --polls)
		cpu_relax();
	if (!polls)
		printk("%s: reset did not complete\n", vdev->name);
}

static u64 vp_get_features(struct virtio_device *vdev)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	u64 f;

	vp_iowrite32(0, vp_common(vp, VIRTIO_PCI_COMMON_DFSELECT));
	f = vp_ioread32(vp_common(vp, VIRTIO_PCI_COMMON_DF));
	vp_iowrite32(1, vp_common(vp, VIRTIO_PCI_COMMON_DFSELECT));
	f |= (u64)vp_ioread32(vp_common(vp, VIRTIO_PCI_COMMON_DF)) << 32;
	return f;
}

static int vp_finalize_features(struct virtio_device *vdev)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		return -EINVAL;         /* the core never gets here without it */
	vp_iowrite32(0, vp_common(vp, VIRTIO_PCI_COMMON_GFSELECT));
	vp_iowrite32((u32)vdev->features, vp_common(vp, VIRTIO_PCI_COMMON_GF));
	vp_iowrite32(1, vp_common(vp, VIRTIO_PCI_COMMON_GFSELECT));
	vp_iowrite32(vdev->features >> 32, vp_common(vp, VIRTIO_PCI_COMMON_GF));
	return 0;
}

static const char *vp_bus_name(struct virtio_device *vdev)
{
	return to_vp_device(vdev)->pci_dev->name;
}

/* ----------------------------------------------------------- interrupts */

static irqreturn_t vp_config_changed(int irq, void *opaque)
{
	struct virtio_pci_device *vp = opaque;

	(void)irq;
	virtio_config_changed(&vp->vdev);
	return IRQ_HANDLED;
}

/* The shared vector (not enough vectors for one per queue): every queue. */
static irqreturn_t vp_vring_interrupt(int irq, void *opaque)
{
	struct virtio_pci_device *vp = opaque;
	struct virtqueue *vq;
	irqreturn_t ret = IRQ_NONE;

	list_for_each_entry(vq, &vp->vdev.vqs, list)
		if (vring_interrupt(irq, vq) == IRQ_HANDLED)
			ret = IRQ_HANDLED;
	return ret;
}

static int vp_irq_to_cpu(unsigned int irq, int cpu)
{
	cpumask_t mask = CPU_MASK_NONE;

	if (cpu < 0 || cpu >= NR_CPUS)
		return -EINVAL;
	cpumask_set_cpu(cpu, &mask);
	return irq_set_affinity(irq, &mask);
}

/*
 * Vector 0 for configuration changes, then @nvectors - 1 for queues.
 * The irq names live in vp->msix_names until del_vqs.
 */
static int vp_request_config_vector(struct virtio_pci_device *vp, unsigned int nvectors)
{
	struct virtio_device *vdev = &vp->vdev;
	int err, virq;
	u16 v;

	err = pci_alloc_irq_vectors(vp->pci_dev, nvectors, nvectors, PCI_IRQ_MSIX);
	if (err < 0)
		return err;
	vp->msix_vectors = nvectors;
	vp->msix_names = kcalloc(nvectors, sizeof(*vp->msix_names), GFP_KERNEL);
	if (!vp->msix_names)
		return -ENOMEM;

	snprintf(vp->msix_names[VP_MSIX_CONFIG_VECTOR], sizeof(vp->msix_names[0]),
		 "%s-config", vdev->name);
	virq = pci_irq_vector(vp->pci_dev, VP_MSIX_CONFIG_VECTOR);
	if (virq < 0)
		return virq;
	err = request_irq(virq, vp_config_changed, 0, vp->msix_names[VP_MSIX_CONFIG_VECTOR], vp);
	if (err)
		return err;
	vp->config_irq_requested = true;
	vdev->config_irq = virq;

	vp_iowrite16(VP_MSIX_CONFIG_VECTOR, vp_common(vp, VIRTIO_PCI_COMMON_MSIX));
	v = vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_MSIX));
	if (v == VIRTIO_MSI_NO_VECTOR)
		return -EBUSY;          /* the device could not take it */
	return 0;
}

/* ----------------------------------------------------------- queues */

static bool vp_notify(struct virtqueue *vq)
{
	struct virtio_pci_device *vp = to_vp_device(vq->vdev);

	/* The queue index, 16 bits, at its doorbell (no VIRTIO_F_NOTIFICATION_DATA). */
	vp_iowrite16(vq->index, vp->vqs[vq->index].notify);
	return true;
}

static void *vp_queue_notify_addr(struct virtio_pci_device *vp)
{
	unsigned long off = vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_Q_NOFF));

	off *= vp->notify_offset_multiplier;
	if (off + 2 > vp->notify_len)
		return NULL;
	return (char *)vp->notify_base + off;
}

/* Set up queue @index (selected by the caller) with vector @msix_vector. */
static struct virtqueue *vp_setup_vq(struct virtio_pci_device *vp, unsigned int index,
				     const struct virtqueue_info *info, u16 msix_vector, int *errp)
{
	struct virtio_pci_vq_info *qi = &vp->vqs[index];
	struct virtqueue *vq;
	unsigned int num;
	u16 v;

	num = vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_Q_SIZE));
	if (num == 0 || vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_Q_ENABLE))) {
		*errp = -ENOENT;
		return NULL;
	}
	if (num & (num - 1)) {
		printk("%s: queue %u size %u is not a power of 2\n", vp->vdev.name, index, num);
		*errp = -EINVAL;
		return NULL;
	}
	num = min(num, (unsigned int)VP_MAX_QUEUE_SIZE);
	qi->notify = vp_queue_notify_addr(vp);
	if (!qi->notify) {
		printk("%s: queue %u doorbell outside the notify window\n", vp->vdev.name, index);
		*errp = -EINVAL;
		return NULL;
	}

	vq = vring_create_virtqueue(index, num, &vp->vdev, vp_notify, info->callback, info->name);
	if (!vq) {
		*errp = -ENOMEM;
		return NULL;
	}
	vp_iowrite16(num, vp_common(vp, VIRTIO_PCI_COMMON_Q_SIZE));
	vp_iowrite64_twopart(virtqueue_get_desc_addr(vq), vp_common(vp, VIRTIO_PCI_COMMON_Q_DESCLO),
			     vp_common(vp, VIRTIO_PCI_COMMON_Q_DESCHI));
	vp_iowrite64_twopart(virtqueue_get_avail_addr(vq), vp_common(vp, VIRTIO_PCI_COMMON_Q_AVAILLO),
			     vp_common(vp, VIRTIO_PCI_COMMON_Q_AVAILHI));
	vp_iowrite64_twopart(virtqueue_get_used_addr(vq), vp_common(vp, VIRTIO_PCI_COMMON_Q_USEDLO),
			     vp_common(vp, VIRTIO_PCI_COMMON_Q_USEDHI));

	vp_iowrite16(msix_vector, vp_common(vp, VIRTIO_PCI_COMMON_Q_MSIX));
	v = vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_Q_MSIX));
	if (msix_vector != VIRTIO_MSI_NO_VECTOR && v == VIRTIO_MSI_NO_VECTOR) {
		vring_del_virtqueue(vq);
		*errp = -EBUSY;
		return NULL;
	}
	qi->vq = vq;
	qi->msix_vector = msix_vector;
	list_add_tail(&vq->list, &vp->vdev.vqs);
	return vq;
}

/* A queue's own vector: its handler, its name, its CPU. */
static int vp_request_vq_vector(struct virtio_pci_device *vp, struct virtqueue *vq,
				unsigned int vector, int cpu)
{
	int virq = pci_irq_vector(vp->pci_dev, vector);
	int err;

	if (virq < 0)
		return virq;
	snprintf(vp->msix_names[vector], sizeof(vp->msix_names[0]), "%s-%s",
		 vp->vdev.name, vq->name);
	err = request_irq(virq, vring_interrupt, 0, vp->msix_names[vector], vq);
	if (err)
		return err;
	vq->irq = virq;
	if (cpu >= 0 && vp_irq_to_cpu(virq, cpu))
		printk("%s: cannot route %s to CPU %d\n", vp->vdev.name, vp->msix_names[vector], cpu);
	return 0;
}

static void vp_del_vqs(struct virtio_device *vdev)
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	struct virtqueue *vq, *n;
	int virq;

	list_for_each_entry_safe(vq, n, &vdev->vqs, list) {
		if (vq->irq >= 0)
			free_irq(vq->irq, vq);
		/* Detach the queue from its vector; the read flushes the write. */
		vp_iowrite16(vq->index, vp_common(vp, VIRTIO_PCI_COMMON_Q_SELECT));
		vp_iowrite16(VIRTIO_MSI_NO_VECTOR, vp_common(vp, VIRTIO_PCI_COMMON_Q_MSIX));
		vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_Q_MSIX));
		vp->vqs[vq->index].vq = NULL;
		list_del(&vq->list);
		vring_del_virtqueue(vq);
	}
	if (vp->shared_irq_requested) {
		free_irq(pci_irq_vector(vp->pci_dev, 1), vp);
		vp->shared_irq_requested = false;
	}
	if (vp->config_irq_requested) {
		vp_iowrite16(VIRTIO_MSI_NO_VECTOR, vp_common(vp, VIRTIO_PCI_COMMON_MSIX));
		vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_MSIX));
		virq = pci_irq_vector(vp->pci_dev, VP_MSIX_CONFIG_VECTOR);
		if (virq >= 0)
			free_irq(virq, vp);
		vp->config_irq_requested = false;
		vdev->config_irq = -1;
	}
	if (vp->msix_vectors) {
		pci_free_irq_vectors(vp->pci_dev);
		vp->msix_vectors = 0;
	}
	kfree(vp->msix_names);
	vp->msix_names = NULL;
}

/* Try with @per_vq (one vector per queue with a callback) or one shared. */
static int vp_find_vqs_msix(struct virtio_pci_device *vp, unsigned int nvqs,
			    struct virtqueue *vqs[], const struct virtqueue_info info[],
			    bool per_vq)
{
	unsigned int i, ncb = 0, nvectors, next_vector = 1;
	int err;

	for (i = 0; i < nvqs; i++)
		if (info[i].callback)
			ncb++;
	nvectors = 1 + (per_vq ? ncb : !!ncb);
	vp->per_vq_vectors = per_vq;
	err = vp_request_config_vector(vp, nvectors);
	if (err)
		return err;
	if (!per_vq && ncb) {
		snprintf(vp->msix_names[1], sizeof(vp->msix_names[0]), "%s-virtqueues",
			 vp->vdev.name);
		err = request_irq(pci_irq_vector(vp->pci_dev, 1), vp_vring_interrupt, 0,
				  vp->msix_names[1], vp);
		if (err)
			return err;
		vp->shared_irq_requested = true;
	}

	for (i = 0; i < nvqs; i++) {
		u16 vector = VIRTIO_MSI_NO_VECTOR;

		if (info[i].callback)
			vector = per_vq ? next_vector++ : 1;
		vp_iowrite16(i, vp_common(vp, VIRTIO_PCI_COMMON_Q_SELECT));
		vqs[i] = vp_setup_vq(vp, i, &info[i], vector, &err);
		if (!vqs[i])
			return err;
		if (per_vq && info[i].callback) {
			err = vp_request_vq_vector(vp, vqs[i], vector, info[i].cpu);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * The queue count may grow with the features: QEMU's virtio-net offers
 * its extra queue pairs only once VIRTIO_NET_F_MQ is accepted. Read it
 * again after FEATURES_OK (no queue exists yet) and grow the table.
 */
static int vp_update_num_queues(struct virtio_pci_device *vp)
{
	unsigned int n = vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_NUMQ));
	struct virtio_pci_vq_info *vqs;

	if (n <= vp->num_queues)
		return 0;
	vqs = kcalloc(n, sizeof(*vqs), GFP_KERNEL);
	if (!vqs)
		return -ENOMEM;
	kfree(vp->vqs);
	vp->vqs = vqs;
	vp->num_queues = n;
	return 0;
}

static int vp_find_vqs(struct virtio_device *vdev, unsigned int nvqs, struct virtqueue *vqs[],
		       const struct virtqueue_info info[])
{
	struct virtio_pci_device *vp = to_vp_device(vdev);
	struct virtqueue *vq;
	unsigned int i;
	int err;

	/* The ring's layout depends on the final features (EVENT_IDX, INDIRECT). */
	err = virtio_features_ok(vdev);
	if (err)
		return err;
	err = vp_update_num_queues(vp);
	if (err)
		return err;
	if (nvqs > vp->num_queues)
		return -ENOENT;
	for (i = 0; i < nvqs; i++)
		vqs[i] = NULL;

	err = vp_find_vqs_msix(vp, nvqs, vqs, info, true);
	if (err) {
		vp_del_vqs(vdev);
		printk("%s: no MSI-X vector per queue (%d), queues share one\n", vdev->name, err);
		err = vp_find_vqs_msix(vp, nvqs, vqs, info, false);
	}
	if (err) {
		vp_del_vqs(vdev);
		printk("%s: cannot set up queues: %d\n", vdev->name, err);
		for (i = 0; i < nvqs; i++)
			vqs[i] = NULL;
		return err;
	}
	/* Last: once enabled, only a reset takes a queue back. */
	list_for_each_entry(vq, &vdev->vqs, list) {
		vp_iowrite16(vq->index, vp_common(vp, VIRTIO_PCI_COMMON_Q_SELECT));
		vp_iowrite16(1, vp_common(vp, VIRTIO_PCI_COMMON_Q_ENABLE));
	}
	return 0;
}

static int vp_set_vq_affinity(struct virtqueue *vq, int cpu)
{
	if (vq->irq < 0)
		return -EINVAL;         /* no vector of its own */
	return vp_irq_to_cpu(vq->irq, cpu);
}

static const struct virtio_config_ops virtio_pci_config_ops = {
	.get               = vp_get,
	.set               = vp_set,
	.generation        = vp_generation,
	.get_status        = vp_get_status,
	.set_status        = vp_set_status,
	.reset             = vp_reset,
	.find_vqs          = vp_find_vqs,
	.del_vqs           = vp_del_vqs,
	.get_features      = vp_get_features,
	.finalize_features = vp_finalize_features,
	.bus_name          = vp_bus_name,
	.set_vq_affinity   = vp_set_vq_affinity,
};

/* ----------------------------------------------------------- probing */

/* The first capability of @cfg_type whose BAR is an assigned memory BAR
 * (a device may offer several; virtio 1.x says use the first usable). */
static u8 virtio_pci_find_capability(struct pci_dev *dev, u8 cfg_type, int *bar)
{
	u8 pos;

	for (pos = pci_find_capability(dev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(dev, pos, PCI_CAP_ID_VNDR)) {
		u8 type, b;

		pci_read_config_byte(dev, pos + VIRTIO_PCI_CAP_CFG_TYPE, &type);
		pci_read_config_byte(dev, pos + VIRTIO_PCI_CAP_BAR, &b);
		if (type != cfg_type || b >= PCI_NUM_RESOURCES)
			continue;
		if (!(dev->resource[b].flags & IORESOURCE_MEM) || !pci_resource_len(dev, b))
			continue;
		*bar = b;
		return pos;
	}
	return 0;
}

/* Map the block of capability @pos: at least @minlen bytes, at most @maxlen. */
static void *vp_map_capability(struct pci_dev *dev, u8 pos, int bar, unsigned long minlen,
			       unsigned long maxlen, unsigned long *len)
{
	u32 offset, length;
	void *p;

	pci_read_config_dword(dev, pos + VIRTIO_PCI_CAP_OFFSET, &offset);
	pci_read_config_dword(dev, pos + VIRTIO_PCI_CAP_LENGTH, &length);
	if (length < minlen) {
		printk("%s: virtio capability at 0x%x too short (%u < %lu)\n", dev->name, pos,
		       length, minlen);
		return NULL;
	}
	length = min((unsigned long)length, maxlen);
	p = pci_iomap_range(dev, bar, offset, length);
	if (!p)
		printk("%s: cannot map BAR%d 0x%x+0x%x\n", dev->name, bar, offset, length);
	else if (len)
		*len = length;
	return p;
}

static int vp_map_regions(struct virtio_pci_device *vp)
{
	struct pci_dev *dev = vp->pci_dev;
	int common_bar, notify_bar, isr_bar, device_bar;
	u8 common, notify, isr, device;

	common = virtio_pci_find_capability(dev, VIRTIO_PCI_CAP_COMMON_CFG, &common_bar);
	if (!common) {
		printk("%s: virtio device %04x:%04x offers no VIRTIO_F_VERSION_1 (legacy only), "
		       "not supported\n", dev->name, dev->vendor, dev->device);
		return -ENODEV;
	}
	notify = virtio_pci_find_capability(dev, VIRTIO_PCI_CAP_NOTIFY_CFG, &notify_bar);
	isr = virtio_pci_find_capability(dev, VIRTIO_PCI_CAP_ISR_CFG, &isr_bar);
	if (!notify || !isr) {
		printk("%s: virtio device lacks its notify or ISR capability\n", dev->name);
		return -ENODEV;
	}
	device = virtio_pci_find_capability(dev, VIRTIO_PCI_CAP_DEVICE_CFG, &device_bar);

	vp->common = vp_map_capability(dev, common, common_bar, VIRTIO_PCI_COMMON_CFG_SIZE,
				       VIRTIO_PCI_COMMON_CFG_SIZE, NULL);
	vp->isr = vp_map_capability(dev, isr, isr_bar, 1, 1, NULL);
	pci_read_config_dword(dev, notify + VIRTIO_PCI_NOTIFY_CAP_MULT,
			      &vp->notify_offset_multiplier);
	vp->notify_base = vp_map_capability(dev, notify, notify_bar, 2, PAGE_SIZE * 16,
					    &vp->notify_len);
	if (device)     /* optional: a device may have no configuration */
		vp->device = vp_map_capability(dev, device, device_bar, 0, PAGE_SIZE,
					       &vp->device_len);
	if (!vp->common || !vp->isr || !vp->notify_base)
		return -ENOMEM;
	return 0;
}

static int virtio_pci_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	struct virtio_pci_device *vp;
	int err;

	(void)id;
	if (dev->device < 0x1000 || dev->device > 0x107f)
		return -ENODEV;
	vp = kzalloc(sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return -ENOMEM;
	vp->pci_dev = dev;
	/* Transitional devices carry the virtio ID in the subsystem ID. */
	if (dev->device >= VIRTIO_PCI_MODERN_DEVICE_BASE)
		vp->vdev.device_id = dev->device - VIRTIO_PCI_MODERN_DEVICE_BASE;
	else
		vp->vdev.device_id = dev->subsystem_device;
	vp->vdev.vendor_id = dev->subsystem_vendor;
	vp->vdev.config = &virtio_pci_config_ops;
	vp->vdev.config_irq = -1;

	err = pci_enable_device(dev);
	if (err)
		goto err_free;
	err = vp_map_regions(vp);
	if (err)
		goto err_free;
	vp->num_queues = vp_ioread16(vp_common(vp, VIRTIO_PCI_COMMON_NUMQ));
	vp->vqs = kcalloc(vp->num_queues ? vp->num_queues : 1, sizeof(*vp->vqs), GFP_KERNEL);
	if (!vp->vqs) {
		err = -ENOMEM;
		goto err_free;
	}
	pci_set_master(dev);
	dev->driver_data = vp;
	return register_virtio_device(&vp->vdev);

err_free:
	kfree(vp);
	return err;
}

static const struct pci_device_id virtio_pci_id_table[] = {
	{ PCI_VENDOR_ID_REDHAT_QUMRANET, PCI_ANY_ID },  /* probe checks the range */
	{ 0, 0 },
};

static struct pci_driver virtio_pci_driver = {
	.name     = "virtio-pci",
	.id_table = virtio_pci_id_table,
	.probe    = virtio_pci_probe,
};

static int virtio_pci_init(void)
{
	return pci_register_driver(&virtio_pci_driver);
}
device_initcall(virtio_pci_init);
