/*
 * virtio devices seen from user space: every virtio device a driver has
 * bound has its configuration-change MSI-X vector in /proc/interrupts,
 * named "virtio<N>-config" as Linux names it. Bound devices are found in
 * /sys/bus/virtio/devices/virtio<N>/driver on Linux, and in the kernel
 * log ("virtio<N>: <driver> bound") on shoal, which has no sysfs. With no
 * bound virtio device (shoal's default machine has none) the test has
 * nothing to check and passes.
 */
#include "usertests.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/klog.h>

#define MAX_VIRTIO	32
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_SIZE_BUFFER	10

struct vdev_names {
	int n;
	char name[MAX_VIRTIO][16];
};

static void add_name(struct vdev_names *v, const char *name)
{
	for (int i = 0; i < v->n; i++)
		if (!strcmp(v->name[i], name))
			return;
	if (v->n < MAX_VIRTIO)
		snprintf(v->name[v->n++], sizeof(v->name[0]), "%s", name);
}

/* Linux: the bound devices of the virtio bus. -1 if there is no such bus. */
static int bound_from_sysfs(struct vdev_names *v)
{
	DIR *d = opendir("/sys/bus/virtio/devices");
	struct dirent *de;
	char path[300];

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "virtio", 6))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/virtio/devices/%s/driver", de->d_name);
		if (access(path, F_OK) == 0)
			add_name(v, de->d_name);
	}
	closedir(d);
	return 0;
}

/* shoal: "virtio<N>: <driver> bound" lines of the kernel log. */
static void bound_from_log(struct vdev_names *v)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf, *line, *save;
	int len;

	CHECK(size > 0 && size <= (16 << 20));
	buf = malloc(size + 1);
	CHECK(buf);
	len = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	CHECK(len >= 0);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = strstr(line, "virtio");
		unsigned int idx;
		char name[16], word[32];

		if (!p || sscanf(p, "virtio%u: %*s %31s", &idx, word) != 2)
			continue;
		if (strcmp(word, "bound"))
			continue;
		snprintf(name, sizeof(name), "virtio%u", idx);
		add_name(v, name);
	}
	free(buf);
}

/* Is there a /proc/interrupts line whose name (last field) is @want? */
static int has_irq_named(const char *want)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[1024];
	int found = 0;

	CHECK(f);
	while (!found && fgets(line, sizeof(line), f)) {
		char *end = line + strcspn(line, "\n");
		char *start;

		*end = '\0';
		while (end > line && end[-1] == ' ')
			*--end = '\0';
		start = strrchr(line, ' ');
		start = start ? start + 1 : line;
		found = !strcmp(start, want);
	}
	fclose(f);
	return found;
}

static void virtio_config_vector(void)
{
	struct vdev_names v = { 0 };
	char want[32];

	if (bound_from_sysfs(&v) < 0)
		bound_from_log(&v);
	for (int i = 0; i < v.n; i++) {
		snprintf(want, sizeof(want), "%s-config", v.name[i]);
		if (!has_irq_named(want))
			fail("%s is bound but /proc/interrupts has no %s", v.name[i], want);
	}
}

const struct test virtio_tests[] = {
	{ "virtio_config_vector", virtio_config_vector },
	{ NULL, NULL },
};
