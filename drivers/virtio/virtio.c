// SPDX-License-Identifier: MIT
/*
 * The virtio core (Linux's drivers/virtio/virtio.c): devices found by a
 * transport meet drivers that bind by device ID, in either order of
 * registration, and the status handshake of virtio 1.x section 3.1:
 *
 *   reset -> ACKNOWLEDGE (register_virtio_device)
 *         -> DRIVER, features = offered & (driver's table | transport bits)
 *         -> driver's probe: may clear bits, reads config, find_vqs
 *            (which writes the features and FEATURES_OK, read back)
 *         -> DRIVER_OK (virtio_device_ready, or after probe returns)
 *
 * A device without VIRTIO_F_VERSION_1 (legacy only) gets FAILED and a log
 * line; so does one that refuses the features or whose driver's probe
 * fails. Nothing here panics on what a device says.
 *
 * Locking: virtio_lock (spin, plain; process context only) guards the two
 * lists, vdev->driver while binding and the index counter. A driver's
 * probe runs without it: the device is claimed first (vdev->driver set
 * under the lock), so it is never bound twice. virtio_lock is a leaf.
 */
#include <shoal/kernel.h>
#include <shoal/list.h>
#include <shoal/spinlock.h>
#include <shoal/virtio.h>

static DEFINE_SPINLOCK(virtio_lock);
static LIST_HEAD(virtio_devices);       /* [virtio_lock] */
static LIST_HEAD(virtio_drivers);       /* [virtio_lock] */
static int virtio_next_index;           /* [virtio_lock] */

/* Feature bits the transport and the ring handle themselves (Linux's
 * VIRTIO_TRANSPORT_F_*, less the packed ring and the rest we lack).
 * ACCESS_PLATFORM is accepted: without an IOMMU, device addresses are
 * physical addresses, which is what the ring gives. */
#define VIRTIO_TRANSPORT_FEATURES ((1ULL << VIRTIO_RING_F_INDIRECT_DESC) | \
				   (1ULL << VIRTIO_RING_F_EVENT_IDX) |     \
				   (1ULL << VIRTIO_F_VERSION_1) |          \
				   (1ULL << VIRTIO_F_ACCESS_PLATFORM))

#define VIRTIO_HANDSHAKE_STARTED (VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER)

static void virtio_add_status(struct virtio_device *vdev, u8 status)
{
	vdev->config->set_status(vdev, vdev->config->get_status(vdev) | status);
}

void virtio_reset_device(struct virtio_device *vdev)
{
	vdev->config->reset(vdev);
	vdev->features_ok = false;
}

int virtio_features_ok(struct virtio_device *vdev)
{
	int err;

	if (vdev->features_ok)
		return 0;
	/* After a reset the device is at status 0: start the handshake again. */
	if ((vdev->config->get_status(vdev) & VIRTIO_HANDSHAKE_STARTED) != VIRTIO_HANDSHAKE_STARTED)
		virtio_add_status(vdev, VIRTIO_HANDSHAKE_STARTED);
	err = vdev->config->finalize_features(vdev);
	if (err)
		return err;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		printk("%s: device refused features 0x%lx\n", vdev->name,
		       (unsigned long)vdev->features);
		return -ENODEV;
	}
	vdev->features_ok = true;
	return 0;
}

void virtio_device_ready(struct virtio_device *vdev)
{
	if (virtio_features_ok(vdev))
		return;                 /* logged; the device stays without DRIVER_OK */
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

/* From the transport's configuration vector (hard IRQ context). Only a
 * device that is up (DRIVER_OK) is passed on to its driver. */
void virtio_config_changed(struct virtio_device *vdev)
{
	struct virtio_driver *drv = READ_ONCE(vdev->driver);

	if (!drv || !drv->config_changed)
		return;
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_DRIVER_OK))
		return;
	drv->config_changed(vdev);
}

static u64 driver_features(const struct virtio_driver *drv)
{
	u64 f = 0;
	unsigned int i;

	for (i = 0; i < drv->feature_table_size; i++)
		if (drv->feature_table[i] < 64)
			f |= 1ULL << drv->feature_table[i];
	return f;
}

/* Bind @vdev (claimed: vdev->driver == @drv) to @drv. */
static int virtio_dev_probe(struct virtio_device *vdev, struct virtio_driver *drv)
{
	u64 offered;
	int err;

	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	offered = vdev->config->get_features(vdev);
	if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
		printk("%s: device offers no VIRTIO_F_VERSION_1 (legacy only), not supported\n",
		       vdev->name);
		err = -ENODEV;
		goto failed;
	}
	vdev->features = offered & (driver_features(drv) | VIRTIO_TRANSPORT_FEATURES);
	vdev->features_ok = false;

	err = drv->probe(vdev);
	if (err) {
		printk("%s: %s probe failed: %d\n", vdev->name, drv->name, err);
		/* Queues the driver left behind: stop the device, then free them. */
		if (!list_empty(&vdev->vqs)) {
			virtio_reset_device(vdev);
			vdev->config->del_vqs(vdev);
		}
		goto failed;
	}
	/* A driver that made no queues and did not say ready: as Linux. */
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_DRIVER_OK))
		virtio_device_ready(vdev);
	printk("%s: %s bound (%s), features 0x%lx\n", vdev->name, drv->name,
	       vdev->config->bus_name(vdev), (unsigned long)vdev->features);
	return 0;

failed:
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	return err;
}

/* Probe outside the lock; a device that fails is left FAILED and unbound. */
static void virtio_bind(struct virtio_device *vdev, struct virtio_driver *drv)
{
	if (virtio_dev_probe(vdev, drv) == 0)
		return;
	spin_lock(&virtio_lock);
	vdev->driver = NULL;
	spin_unlock(&virtio_lock);
}

int register_virtio_device(struct virtio_device *vdev)
{
	struct virtio_driver *drv, *match = NULL;

	INIT_LIST_HEAD(&vdev->vqs);
	vdev->driver = NULL;
	vdev->features = 0;
	vdev->features_ok = false;

	spin_lock(&virtio_lock);
	vdev->index = virtio_next_index++;
	snprintf(vdev->name, sizeof(vdev->name), "virtio%d", vdev->index);
	spin_unlock(&virtio_lock);

	/* Whatever state the firmware or a previous kernel left. */
	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);

	spin_lock(&virtio_lock);
	list_add_tail(&vdev->node, &virtio_devices);
	list_for_each_entry(drv, &virtio_drivers, node) {
		if (drv->device_id == vdev->device_id) {
			match = drv;
			vdev->driver = drv;     /* claimed */
			break;
		}
	}
	spin_unlock(&virtio_lock);

	printk("%s: virtio device %u (%s)\n", vdev->name, vdev->device_id,
	       vdev->config->bus_name(vdev));
	if (match)
		virtio_bind(vdev, match);
	return 0;
}

/* Claim the next unbound device of @drv's ID, or NULL. */
static struct virtio_device *claim_device(struct virtio_driver *drv)
{
	struct virtio_device *vdev, *found = NULL;

	spin_lock(&virtio_lock);
	list_for_each_entry(vdev, &virtio_devices, node) {
		if (!vdev->driver && vdev->device_id == drv->device_id &&
		    !(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FAILED)) {
			vdev->driver = drv;
			found = vdev;
			break;
		}
	}
	spin_unlock(&virtio_lock);
	return found;
}

int register_virtio_driver(struct virtio_driver *drv)
{
	struct virtio_device *vdev;

	if (!drv->probe)
		return -EINVAL;
	spin_lock(&virtio_lock);
	list_add_tail(&drv->node, &virtio_drivers);
	spin_unlock(&virtio_lock);

	/* Terminates: a device whose probe fails is FAILED, never claimed again. */
	while ((vdev = claim_device(drv)))
		virtio_bind(vdev, drv);
	return 0;
}

/* ----------------------------------------------------------- config space */

/* A device changes config_generation while it updates a field wider than
 * one access: read until the generation is stable (bounded: a device that
 * never settles gets its last read). */
#define VIRTIO_CREAD_TRIES 64

static void virtio_cread(struct virtio_device *vdev, unsigned int offset, void *buf,
			 unsigned int len)
{
	const struct virtio_config_ops *ops = vdev->config;
	u32 gen, again;
	int tries = VIRTIO_CREAD_TRIES;

	do {
		gen = ops->generation(vdev);
		ops->get(vdev, offset, buf, len);
		again = ops->generation(vdev);
	} while (gen != again && --tries);
}

u8 virtio_cread8(struct virtio_device *vdev, unsigned int offset)
{
	u8 v;

	vdev->config->get(vdev, offset, &v, sizeof(v));    /* one access: no tearing */
	return v;
}

u16 virtio_cread16(struct virtio_device *vdev, unsigned int offset)
{
	u16 v;

	virtio_cread(vdev, offset, &v, sizeof(v));
	return v;               /* little-endian, as the CPU */
}

u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset)
{
	u32 v;

	virtio_cread(vdev, offset, &v, sizeof(v));
	return v;
}

void virtio_cread_bytes(struct virtio_device *vdev, unsigned int offset, void *buf,
			unsigned int len)
{
	virtio_cread(vdev, offset, buf, len);
}

void virtio_cwrite16(struct virtio_device *vdev, unsigned int offset, u16 val)
{
	vdev->config->set(vdev, offset, &val, sizeof(val));
}
