/*
 * PCI and interrupt files of /proc: /proc/bus/pci/devices,
 * /proc/interrupts and /proc/irq/N/smp_affinity{,_list}.
 *
 * A virtio device (vendor 1af4) is checked when the machine has one
 * (scripts/run --qemu "-device virtio-net-pci,..."); without one those
 * checks pass trivially. Moving an interrupt needs two online CPUs: the
 * test picks the UART's ("ttyS0") when it has one, else the first
 * MSI-routed interrupt that accepts a new affinity, moves it to CPU 1,
 * back to CPU 0, and restores what it found.
 */
#include "usertests.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_TEXT        65536

/* write(2) of @s to @path: 0 or -errno. */
static int write_text(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int online_cpus(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

static int is_pow2(unsigned long long v)
{
	return v && !(v & (v - 1));
}

/* One line of /proc/bus/pci/devices: 2 + 7 + 7 fields, then the driver. */
static void check_pci_line(const char *line, int *virtio)
{
	unsigned int busdevfn, id, irq;
	unsigned long long start[7], size[7];
	int i, n;

	n = sscanf(line, "%x %x %x %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx",
		   &busdevfn, &id, &irq, &start[0], &start[1], &start[2], &start[3], &start[4],
		   &start[5], &start[6], &size[0], &size[1], &size[2], &size[3], &size[4],
		   &size[5], &size[6]);
	if (n != 17)
		fail("bad /proc/bus/pci/devices line (%d fields): %s", n, line);
	CHECK(busdevfn <= 0xffff);
	if (id >> 16 != 0x1af4)
		return;
	(*virtio)++;
	for (i = 0, n = 0; i < 6; i++) {
		unsigned long long addr = start[i] & ~(start[i] & 1 ? 0x3ULL : 0xfULL);

		if (!size[i])
			continue;
		n++;
		if (!is_pow2(size[i]) || addr % size[i] || !addr)
			fail("virtio BAR %d at %#llx size %#llx: not placed at its alignment",
			     i, addr, size[i]);
	}
	if (!n)
		fail("virtio device %08x has no assigned BAR", id);
}

static void pci_devices(void)
{
	static char buf[MAX_TEXT];
	char *line, *save;
	int virtio = 0;

	if (read_text("/proc/bus/pci/devices", buf, sizeof(buf)) < 0)
		fail("/proc/bus/pci/devices: errno %d", errno);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		check_pci_line(line, &virtio);
}

/* The header names every online CPU; every numbered line has one count
 * per CPU, then the chip. */
static void interrupts_layout(void)
{
	static char buf[MAX_TEXT];
	char *line, *save, *p, *end;
	int ncpu = online_cpus(), cols, i, lines = 0;

	CHECK(read_text("/proc/interrupts", buf, sizeof(buf)) > 0);
	line = strtok_r(buf, "\n", &save);
	for (cols = 0, p = line; (p = strstr(p, "CPU")) != NULL; p += 3)
		cols++;
	if (cols != ncpu)
		fail("header names %d CPUs, %d online: %s", cols, ncpu, line);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		strtol(line, &end, 10);
		if (end == line || *end != ':')
			continue;       /* IPI, LOC, ...: architecture rows */
		p = end + 1;
		for (i = 0; i < ncpu; i++) {
			strtoul(p, &end, 10);
			if (end == p)
				fail("line has fewer than %d counts: %s", ncpu, line);
			p = end;
		}
		while (*p == ' ')
			p++;
		if (!*p || (*p >= '0' && *p <= '9'))
			fail("no chip after the counts: %s", line);
		lines++;
	}
	CHECK(lines > 0 || !on_shoal);
}

static unsigned long read_mask(int irq)
{
	char path[64], buf[128], digits[128];
	size_t i, n = 0;

	snprintf(path, sizeof(path), "/proc/irq/%d/smp_affinity", irq);
	if (read_text(path, buf, sizeof(buf)) <= 0)
		fail("%s: errno %d", path, errno);
	for (i = 0; buf[i] && buf[i] != '\n'; i++)
		if (buf[i] != ',')
			digits[n++] = buf[i];
	digits[n] = 0;
	return strtoul(digits + (n > 16 ? n - 16 : 0), NULL, 16);
}

/*
 * Linux's IMSIC driver finishes moving a vector lazily, on the old CPU,
 * and refuses the next move with EBUSY until it has: retry, bounded.
 */
static int write_affinity(const char *path, const char *text)
{
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 5000000000ull;
	int err;

	while ((err = write_text(path, text)) == -EBUSY && now_ns(CLOCK_MONOTONIC) < end)
		usleep(1000);
	return err;
}

#define CHECK_WRITE(path, text, want) do {				\
	int e_ = write_affinity(path, text);				\
	if (e_ != (want))						\
		fail("%s:%d: write %s to %s: %d (%s), want %d", __FILE__,	\
		     __LINE__, #text, path, e_, strerrorname(-e_), want);	\
} while (0)

static void check_affinity(int irq, unsigned long mask, const char *list)
{
	char path[64], buf[64];

	if (read_mask(irq) != mask)
		fail("irq %d: smp_affinity %#lx, want %#lx", irq, read_mask(irq), mask);
	snprintf(path, sizeof(path), "/proc/irq/%d/smp_affinity_list", irq);
	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	if (strcmp(buf, list))
		fail("irq %d: smp_affinity_list \"%s\", want \"%s\"", irq, buf, list);
}

/* The irq to move: the UART's, else an MSI one whose affinity can be set. */
static int pick_irq(void)
{
	static char buf[MAX_TEXT];
	char *line, *save, *end, path[64];
	int irq, fallback = -1;

	CHECK(read_text("/proc/interrupts", buf, sizeof(buf)) > 0);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		irq = (int)strtol(line, &end, 10);
		if (end == line || *end != ':')
			continue;
		if (strstr(line, "ttyS0"))
			return irq;
		snprintf(path, sizeof(path), "/proc/irq/%d/smp_affinity", irq);
		if (fallback < 0 && strstr(line, "MSI") && access(path, W_OK) == 0)
			fallback = irq;
	}
	return fallback;
}

static void irq_affinity(void)
{
	char path[64], list_path[64], saved[64], beyond[32];
	int irq = pick_irq();

	if (online_cpus() < 2 || irq < 0)
		return;
	snprintf(path, sizeof(path), "/proc/irq/%d/smp_affinity", irq);
	snprintf(list_path, sizeof(list_path), "/proc/irq/%d/smp_affinity_list", irq);
	CHECK(read_text(path, saved, sizeof(saved)) > 0);
	CHECK_WRITE(path, "2\n", 0);
	check_affinity(irq, 2, "1\n");
	CHECK_WRITE(path, "1", 0);
	check_affinity(irq, 1, "0\n");
	CHECK_WRITE(list_path, "1\n", 0);
	check_affinity(irq, 2, "1\n");
	CHECK_WRITE(list_path, "0", 0);
	check_affinity(irq, 1, "0\n");
	/* no CPU at all, and not a mask: refused, affinity unchanged */
	CHECK_WRITE(path, "0\n", -EINVAL);
	CHECK_WRITE(path, "xyz\n", -EINVAL);
	/* a CPU beyond the last one: Linux's bitmap parsers' errors */
	snprintf(beyond, sizeof(beyond), "%x\n", 1u << online_cpus());
	CHECK_WRITE(path, beyond, -EOVERFLOW);
	snprintf(beyond, sizeof(beyond), "%d\n", online_cpus());
	CHECK_WRITE(list_path, beyond, -ERANGE);
	check_affinity(irq, 1, "0\n");
	CHECK_WRITE(path, saved, 0);
}

static void irq_enoent(void)
{
	char buf[64];

	CHECK(read_text("/proc/irq/99999/smp_affinity", buf, sizeof(buf)) < 0);
	CHECK(errno == ENOENT);
}

const struct test irq_tests[] = {
	{ "pci_devices", pci_devices },
	{ "interrupts_layout", interrupts_layout },
	{ "irq_affinity", irq_affinity },
	{ "irq_enoent", irq_enoent },
	{ NULL, NULL },
};
