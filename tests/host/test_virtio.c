// SPDX-License-Identifier: MIT
/*
 * drivers/virtio/virtio.c on the host, against a fake transport written
 * here (status register, feature words, a configuration space with a
 * generation counter): binding in either order of registration, the
 * status handshake and feature negotiation, legacy-only devices refused
 * with FAILED and the log line, a device that refuses FEATURES_OK, a
 * failing probe, the lazy FEATURES_OK and a reset that repeats the
 * handshake, and config reads retried across a generation change.
 * virtio.c is included whole; printk is captured.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <host_test.h>

static char logbuf[4096];
#define printk captured_printk
#include "../../drivers/virtio/virtio.c"
#undef printk

int captured_printk(const char *fmt, ...)
{
	size_t n = strlen(logbuf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(logbuf + n, sizeof(logbuf) - n, fmt, ap);
	va_end(ap);
	return 0;
}

/* ------------------------------------------------------------- the transport */

struct fake_dev {
	struct virtio_device vdev;
	u8 status;
	u8 status_log[16];              /* every status written, in order */
	int nstatus;
	int resets;
	u64 offered;
	u64 written;                    /* features the driver wrote */
	bool refuse_features;
	u8 config[16];
	u32 generation;
	int gen_bumps;                  /* bump the generation on the next N gets */
	int gets;
	int del_vqs_calls;
};

#define to_fake(v) container_of(v, struct fake_dev, vdev)

static void f_get(struct virtio_device *vdev, unsigned int off, void *buf, unsigned int len)
{
	struct fake_dev *f = to_fake(vdev);

	f->gets++;
	memcpy(buf, f->config + off, len);
	if (f->gen_bumps > 0) {
		f->gen_bumps--;
		f->generation++;        /* "changed while you read" */
		f->config[off]++;
	}
}
static void f_set(struct virtio_device *vdev, unsigned int off, const void *buf, unsigned int len)
{
	memcpy(to_fake(vdev)->config + off, buf, len);
}
static u32 f_generation(struct virtio_device *vdev) { return to_fake(vdev)->generation; }
static u8 f_get_status(struct virtio_device *vdev) { return to_fake(vdev)->status; }
static void f_set_status(struct virtio_device *vdev, u8 status)
{
	struct fake_dev *f = to_fake(vdev);

	ck_assert_msg(status != 0, "status 0 is a reset, not a status write");
	if (status & VIRTIO_CONFIG_S_FEATURES_OK && f->refuse_features)
		status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	if (f->nstatus < 16)
		f->status_log[f->nstatus++] = status;
	f->status = status;
}
static void f_reset(struct virtio_device *vdev)
{
	struct fake_dev *f = to_fake(vdev);

	f->status = 0;
	f->written = 0;
	f->resets++;
}
static u64 f_get_features(struct virtio_device *vdev) { return to_fake(vdev)->offered; }
static int f_finalize(struct virtio_device *vdev)
{
	to_fake(vdev)->written = vdev->features;
	return 0;
}
static const char *f_bus_name(struct virtio_device *vdev) { (void)vdev; return "fake"; }
static void f_del_vqs(struct virtio_device *vdev)
{
	to_fake(vdev)->del_vqs_calls++;
	INIT_LIST_HEAD(&vdev->vqs);
}
/* find_vqs as a transport does it: features first. */
static int f_find_vqs(struct virtio_device *vdev, unsigned int nvqs, struct virtqueue *vqs[],
		      const struct virtqueue_info info[])
{
	(void)nvqs; (void)vqs; (void)info;
	return virtio_features_ok(vdev);
}

static const struct virtio_config_ops fake_ops = {
	.get = f_get, .set = f_set, .generation = f_generation,
	.get_status = f_get_status, .set_status = f_set_status, .reset = f_reset,
	.find_vqs = f_find_vqs, .del_vqs = f_del_vqs, .get_features = f_get_features,
	.finalize_features = f_finalize, .bus_name = f_bus_name,
};

static void fake_init(struct fake_dev *f, u32 id, u64 offered)
{
	memset(f, 0, sizeof(*f));
	f->vdev.device_id = id;
	f->vdev.config = &fake_ops;
	f->vdev.config_irq = -1;
	f->offered = offered;
}

/* ------------------------------------------------------------- a driver */

#define F_MAC   5
#define F_GUEST_CSUM 1
#define F_UNKNOWN 7

static const unsigned int drv_features[] = { F_MAC, F_GUEST_CSUM, 70 /* ignored: >= 64 */ };
static int probes, probe_ret, clear_in_probe = -1;
static bool probe_finds_vqs, probe_ready;
static u8 status_in_probe;
static struct virtqueue *dummy_vqs[1];
static struct virtqueue dummy_vq;

static int drv_probe(struct virtio_device *vdev)
{
	probes++;
	status_in_probe = vdev->config->get_status(vdev);
	if (clear_in_probe >= 0)
		__virtio_clear_bit(vdev, clear_in_probe);
	if (probe_finds_vqs) {
		int err = virtio_find_vqs(vdev, 1, dummy_vqs, NULL);

		if (err)
			return err;
		list_add_tail(&dummy_vq.list, &vdev->vqs);     /* a queue now exists */
	}
	if (probe_ready)
		virtio_device_ready(vdev);
	return probe_ret;
}

static struct virtio_driver drv;

static void reset_registry(void)
{
	INIT_LIST_HEAD(&virtio_devices);
	INIT_LIST_HEAD(&virtio_drivers);
	virtio_next_index = 0;
}

static void setup(void)
{
	host_set_cpu(0);
	reset_registry();
	memset(&drv, 0, sizeof(drv));
	drv.name = "fake-net";
	drv.device_id = VIRTIO_ID_NET;
	drv.feature_table = drv_features;
	drv.feature_table_size = 3;
	drv.probe = drv_probe;
	probes = probe_ret = 0;
	clear_in_probe = -1;
	probe_finds_vqs = probe_ready = false;
	logbuf[0] = '\0';
}

static const u64 modern = (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_RING_F_EVENT_IDX) |
			  (1ULL << VIRTIO_RING_F_INDIRECT_DESC) | (1ULL << VIRTIO_F_RING_PACKED);

#define OK_STATUS (VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | \
		   VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK)

/* ------------------------------------------------------------- tests */

START_TEST(test_device_then_driver)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern | (1ULL << F_MAC) | (1ULL << F_UNKNOWN));
	ck_assert_int_eq(register_virtio_device(&f.vdev), 0);
	ck_assert_str_eq(f.vdev.name, "virtio0");
	ck_assert_int_eq(f.resets, 1);
	ck_assert_uint_eq(f.status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_int_eq(probes, 0);

	ck_assert_int_eq(register_virtio_driver(&drv), 0);
	ck_assert_int_eq(probes, 1);
	ck_assert_ptr_eq(f.vdev.driver, &drv);
	ck_assert_uint_eq(status_in_probe, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	/* Offered & (driver's | transport's): not the packed ring, not an unknown bit. */
	ck_assert_uint_eq(f.vdev.features, (1ULL << VIRTIO_F_VERSION_1) |
			  (1ULL << VIRTIO_RING_F_EVENT_IDX) | (1ULL << VIRTIO_RING_F_INDIRECT_DESC) |
			  (1ULL << F_MAC));
	ck_assert_uint_eq(f.written, f.vdev.features);
	/* The core made it ready after a probe that did not. */
	ck_assert_uint_eq(f.status, OK_STATUS);
	ck_assert(f.vdev.features_ok);
}
END_TEST

START_TEST(test_driver_then_devices)
{
	struct fake_dev a, b, other;

	ck_assert_int_eq(register_virtio_driver(&drv), 0);
	fake_init(&other, 3 /* console */, modern);
	fake_init(&a, VIRTIO_ID_NET, modern);
	fake_init(&b, VIRTIO_ID_NET, modern);
	register_virtio_device(&other.vdev);
	ck_assert_int_eq(probes, 0);
	register_virtio_device(&a.vdev);
	register_virtio_device(&b.vdev);
	ck_assert_int_eq(probes, 2);
	ck_assert_str_eq(b.vdev.name, "virtio2");
	ck_assert_ptr_eq(a.vdev.driver, &drv);
	ck_assert_ptr_eq(b.vdev.driver, &drv);
	ck_assert_ptr_null(other.vdev.driver);
	ck_assert_uint_eq(other.status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
}
END_TEST

START_TEST(test_legacy_only)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, (1ULL << F_MAC) | (1ULL << VIRTIO_RING_F_EVENT_IDX));
	register_virtio_device(&f.vdev);
	register_virtio_driver(&drv);
	ck_assert_int_eq(probes, 0);            /* the driver never sees it */
	ck_assert(f.status & VIRTIO_CONFIG_S_FAILED);
	ck_assert(!(f.status & VIRTIO_CONFIG_S_FEATURES_OK));
	ck_assert_ptr_null(f.vdev.driver);
	ck_assert_ptr_nonnull(strstr(logbuf,
		"virtio0: device offers no VIRTIO_F_VERSION_1 (legacy only), not supported"));
	/* Registering the driver again does not retry a FAILED device. */
	logbuf[0] = '\0';
	reset_registry();
	list_add_tail(&f.vdev.node, &virtio_devices);
	register_virtio_driver(&drv);
	ck_assert_int_eq(probes, 0);
	ck_assert_str_eq(logbuf, "");
}
END_TEST

START_TEST(test_features_refused)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern);
	f.refuse_features = true;
	probe_finds_vqs = true;
	register_virtio_driver(&drv);
	register_virtio_device(&f.vdev);
	ck_assert_int_eq(probes, 1);
	ck_assert(f.status & VIRTIO_CONFIG_S_FAILED);
	ck_assert(!(f.status & VIRTIO_CONFIG_S_DRIVER_OK));
	ck_assert_ptr_null(f.vdev.driver);
	ck_assert_ptr_nonnull(strstr(logbuf, "refused features"));
	ck_assert_ptr_nonnull(strstr(logbuf, "probe failed: -19"));
}
END_TEST

/* The driver's probe clears a bit before find_vqs: the device never sees it. */
START_TEST(test_probe_clears_before_find_vqs)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern | (1ULL << F_MAC) | (1ULL << F_GUEST_CSUM));
	clear_in_probe = F_GUEST_CSUM;
	probe_finds_vqs = true;
	probe_ready = true;
	register_virtio_driver(&drv);
	register_virtio_device(&f.vdev);
	ck_assert_uint_eq(f.written & (1ULL << F_GUEST_CSUM), 0);
	ck_assert_uint_ne(f.written & (1ULL << F_MAC), 0);
	ck_assert_uint_eq(f.status, OK_STATUS);
	/* FEATURES_OK before DRIVER_OK, each once. */
	ck_assert_int_eq(f.nstatus, 4);
	ck_assert_uint_eq(f.status_log[0], VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ck_assert_uint_eq(f.status_log[2], OK_STATUS & ~VIRTIO_CONFIG_S_DRIVER_OK);
	ck_assert_uint_eq(f.status_log[3], OK_STATUS);
}
END_TEST

START_TEST(test_probe_fails_cleans_queues)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern);
	probe_finds_vqs = true;
	probe_ret = -ENOMEM;
	register_virtio_driver(&drv);
	register_virtio_device(&f.vdev);
	ck_assert_int_eq(f.del_vqs_calls, 1);
	ck_assert_int_eq(f.resets, 2);          /* registration, then before del_vqs */
	ck_assert_uint_eq(f.status, VIRTIO_CONFIG_S_FAILED);
	ck_assert_ptr_null(f.vdev.driver);
}
END_TEST

/* Reset, then find_vqs again: the handshake starts over. */
START_TEST(test_reset_repeats_handshake)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern);
	probe_ready = true;
	register_virtio_driver(&drv);
	register_virtio_device(&f.vdev);
	ck_assert_uint_eq(f.status, OK_STATUS);
	virtio_reset_device(&f.vdev);
	ck_assert_uint_eq(f.status, 0);
	ck_assert(!f.vdev.features_ok);
	ck_assert_int_eq(virtio_find_vqs(&f.vdev, 1, dummy_vqs, NULL), 0);
	ck_assert_uint_eq(f.status, OK_STATUS & ~VIRTIO_CONFIG_S_DRIVER_OK);
	ck_assert_uint_eq(f.written, f.vdev.features);
	virtio_device_ready(&f.vdev);
	ck_assert_uint_eq(f.status, OK_STATUS);
}
END_TEST

START_TEST(test_cread_generation)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern);
	f.config[4] = 0x34;
	f.config[5] = 0x12;
	f.gen_bumps = 2;                        /* two torn reads, then a clean one */
	ck_assert_uint_eq(virtio_cread16(&f.vdev, 4), 0x1236);
	ck_assert_int_eq(f.gets, 3);
	/* A device whose generation never settles: bounded, no hang. */
	f.gets = 0;
	f.gen_bumps = 1000;
	virtio_cread32(&f.vdev, 0);
	ck_assert_int_eq(f.gets, VIRTIO_CREAD_TRIES);
	f.gen_bumps = 0;
	virtio_cwrite16(&f.vdev, 8, 0xbeef);
	ck_assert_uint_eq(virtio_cread16(&f.vdev, 8), 0xbeef);
	ck_assert_uint_eq(virtio_cread8(&f.vdev, 9), 0xbe);
}
END_TEST

static int cfg_calls;
static void drv_config_changed(struct virtio_device *vdev) { (void)vdev; cfg_calls++; }

START_TEST(test_config_changed_only_when_ready)
{
	struct fake_dev f;

	fake_init(&f, VIRTIO_ID_NET, modern);
	drv.config_changed = drv_config_changed;
	cfg_calls = 0;
	register_virtio_device(&f.vdev);
	virtio_config_changed(&f.vdev);         /* no driver */
	register_virtio_driver(&drv);
	ck_assert_uint_eq(f.status, OK_STATUS);
	virtio_config_changed(&f.vdev);
	ck_assert_int_eq(cfg_calls, 1);
	virtio_reset_device(&f.vdev);
	virtio_config_changed(&f.vdev);         /* not DRIVER_OK */
	ck_assert_int_eq(cfg_calls, 1);
}
END_TEST

static Suite *virtio_suite(void)
{
	Suite *s = suite_create("virtio");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_device_then_driver);
	tcase_add_test(tc, test_driver_then_devices);
	tcase_add_test(tc, test_legacy_only);
	tcase_add_test(tc, test_features_refused);
	tcase_add_test(tc, test_probe_clears_before_find_vqs);
	tcase_add_test(tc, test_probe_fails_cleans_queues);
	tcase_add_test(tc, test_reset_repeats_handshake);
	tcase_add_test(tc, test_cread_generation);
	tcase_add_test(tc, test_config_changed_only_when_ready);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return host_run_suite(virtio_suite());
}
