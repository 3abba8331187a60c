/*
 * The NIC as its driver exposes it, through SIOCETHTOOL and /proc: driver
 * info, link, rings, channels (changed and restored), the per-queue
 * counter names and values, and one interrupt line per RX queue in
 * /proc/interrupts. Every test passes without doing anything when the
 * machine has no eth0 (a boot without --net). Traffic is nic-run's
 * suite; these tests send nothing.
 *
 * shoal's NIC ceiling interfaces (net.virtio_net.rx_drop and
 * /proc/net/pktgen/eth0) are checked where they exist; Linux has neither
 * file by default, so those tests pass there without doing anything.
 *
 * Linux is the oracle: its virtio_net names the per-queue counters
 * "rx_queue_0_kicks" (before 6.10) or "rx0_kicks" (since), and its
 * interrupts "virtio0-input.0"; shoal uses the first form.
 */
#include "net.h"

#include <fcntl.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#define NIC             "eth0"
#define SIOCETHTOOL_    0x8946

/* Linux's uapi/linux/ethtool.h, the commands used here. */
#define ETHTOOL_GDRVINFO_       0x03
#define ETHTOOL_GLINK_          0x0a
#define ETHTOOL_GRINGPARAM_     0x10
#define ETHTOOL_GSTRINGS_       0x1b
#define ETHTOOL_GSTATS_         0x1d
#define ETHTOOL_GSSET_INFO_     0x37
#define ETHTOOL_GCHANNELS_      0x3c
#define ETHTOOL_SCHANNELS_      0x3d
#define ETH_SS_STATS_           1
#define ETH_GSTRING_LEN_        32

struct drvinfo {
	uint32_t cmd;
	char driver[32], version[32], fw_version[32], bus_info[32], erom_version[32];
	char reserved2[12];
	uint32_t n_priv_flags, n_stats, testinfo_len, eedump_len, regdump_len;
};
struct value { uint32_t cmd, data; };
struct ringparam {
	uint32_t cmd, rx_max_pending, rx_mini_max_pending, rx_jumbo_max_pending, tx_max_pending;
	uint32_t rx_pending, rx_mini_pending, rx_jumbo_pending, tx_pending;
};
struct channels {
	uint32_t cmd, max_rx, max_tx, max_other, max_combined;
	uint32_t rx_count, tx_count, other_count, combined_count;
};
struct sset_info { uint32_t cmd, reserved; uint64_t sset_mask; uint32_t data[1]; };
struct gstrings { uint32_t cmd, string_set, len; uint8_t data[]; };
struct gstats { uint32_t cmd, n_stats; uint64_t data[]; };

/* One ethtool command on NIC; -1 with errno on failure. */
static int ethtool(void *cmd)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), r, e;

	CHECK(fd >= 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, NIC);
	ifr.ifr_data = cmd;
	r = ioctl(fd, SIOCETHTOOL_, &ifr);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

static bool have_nic(void)
{
	return if_nametoindex(NIC) != 0;
}

static struct channels get_channels(void)
{
	struct channels ch = { .cmd = ETHTOOL_GCHANNELS_ };

	CHECK_OK(ethtool(&ch));
	return ch;
}

static unsigned int stats_count(void)
{
	struct sset_info si = { .cmd = ETHTOOL_GSSET_INFO_, .sset_mask = 1ull << ETH_SS_STATS_ };

	CHECK_OK(ethtool(&si));
	CHECK(si.sset_mask == 1ull << ETH_SS_STATS_);
	return si.data[0];
}

/* The virtio driver, on a PCI bus, with statistics. */
static void nic_drvinfo(void)
{
	struct drvinfo di = { .cmd = ETHTOOL_GDRVINFO_ };

	if (!have_nic())
		return;
	CHECK_OK(ethtool(&di));
	if (strcmp(di.driver, "virtio_net"))
		fail("driver \"%.32s\", want virtio_net", di.driver);
	CHECK(di.bus_info[0] != 0);
	CHECK(di.n_stats > 0);
}

static void nic_link_and_rings(void)
{
	struct value link = { .cmd = ETHTOOL_GLINK_ };
	struct ringparam rp = { .cmd = ETHTOOL_GRINGPARAM_ };

	if (!have_nic())
		return;
	CHECK_OK(ethtool(&link));
	CHECK(link.data == 0 || link.data == 1);
	CHECK_OK(ethtool(&rp));
	CHECK(rp.rx_pending > 0 && rp.rx_pending <= rp.rx_max_pending);
	CHECK(rp.tx_pending > 0 && rp.tx_pending <= rp.tx_max_pending);
}

/* Combined channels only; a count out of range is refused; 1 and back. */
static void nic_channels_roundtrip(void)
{
	struct channels ch, set;

	if (!have_nic())
		return;
	ch = get_channels();
	CHECK(ch.max_combined >= 1);
	CHECK(ch.combined_count >= 1 && ch.combined_count <= ch.max_combined);
	set = ch;
	set.cmd = ETHTOOL_SCHANNELS_;
	set.combined_count = ch.max_combined + 1;
	CHECK_ERR(ethtool(&set), EINVAL);
	set.combined_count = 0;
	CHECK_ERR(ethtool(&set), EINVAL);
	if (ch.max_combined < 2)
		return;
	set.combined_count = 1;
	CHECK_OK(ethtool(&set));
	CHECK(get_channels().combined_count == 1);
	set.combined_count = ch.combined_count;
	CHECK_OK(ethtool(&set));
	CHECK(get_channels().combined_count == ch.combined_count);
}

static bool has_string(const struct gstrings *gs, const char *a, const char *b)
{
	for (uint32_t i = 0; i < gs->len; i++) {
		const char *s = (const char *)gs->data + i * ETH_GSTRING_LEN_;

		if (!strncmp(s, a, ETH_GSTRING_LEN_) || !strncmp(s, b, ETH_GSTRING_LEN_))
			return true;
	}
	return false;
}

/*
 * Per-queue counters for every queue pair in use, and as many values as
 * names. Linux 6.12 keeps only drops and kicks per queue in ethtool -S
 * (packets and bytes moved to netlink), so those are what is checked.
 */
static void nic_stats_per_queue(void)
{
	static const char *const names[] = { "rx", "drops", "rx", "kicks", "tx", "kicks" };
	char a[ETH_GSTRING_LEN_], b[ETH_GSTRING_LEN_];
	struct channels ch;
	struct gstrings *gs;
	struct gstats *st;
	unsigned int n;

	if (!have_nic())
		return;
	ch = get_channels();
	n = stats_count();
	CHECK(n > 0 && n < 100000);
	gs = calloc(1, sizeof(*gs) + (size_t)n * ETH_GSTRING_LEN_);
	st = calloc(1, sizeof(*st) + (size_t)n * sizeof(uint64_t));
	CHECK(gs && st);
	gs->cmd = ETHTOOL_GSTRINGS_;
	gs->string_set = ETH_SS_STATS_;
	gs->len = n;
	CHECK_OK(ethtool(gs));
	CHECK(gs->len == n);
	for (uint32_t q = 0; q < ch.combined_count; q++) {
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k += 2) {
			snprintf(a, sizeof(a), "%s_queue_%u_%s", names[k], q, names[k + 1]);
			snprintf(b, sizeof(b), "%s%u_%s", names[k], q, names[k + 1]);
			if (!has_string(gs, a, b))
				fail("no %s (or %s) among %u counters", a, b, n);
		}
	}
	st->cmd = ETHTOOL_GSTATS_;
	st->n_stats = n;
	CHECK_OK(ethtool(st));
	CHECK(st->n_stats == n);
	free(gs);
	free(st);
}

/* Each RX queue in use has its own vector, named <virtioN>-input.<i>. */
static void nic_proc_interrupts(void)
{
	static char buf[65536];
	struct channels ch;
	char want[32];
	ssize_t len;
	int fd;

	if (!have_nic())
		return;
	ch = get_channels();
	fd = open("/proc/interrupts", O_RDONLY);
	CHECK(fd >= 0);
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(len > 0);
	buf[len] = 0;
	for (uint32_t i = 0; i < ch.combined_count; i++) {
		snprintf(want, sizeof(want), "-input.%u\n", i);
		if (!strstr(buf, want) || !strstr(buf, "virtio"))
			fail("/proc/interrupts has no virtio*-input.%u line", i);
	}
}

/* Write s to path: 0, or -1 with errno. */
static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), r, e;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	CHECK(fd >= 0);
	n = read(fd, buf, size - 1);
	close(fd);
	CHECK(n >= 0);
	buf[n] = 0;
	return n;
}

/* net.virtio_net.rx_drop takes 0 and 1 only. */
static void nic_rx_drop_sysctl(void)
{
	static const char path[] = "/proc/sys/net/virtio_net/rx_drop";
	char buf[16];

	if (access(path, F_OK) != 0)
		return;
	read_file(path, buf, sizeof(buf));
	CHECK(!strcmp(buf, "0\n"));
	CHECK_ERR(write_file(path, "2"), EINVAL);
	CHECK_OK(write_file(path, "1"));
	read_file(path, buf, sizeof(buf));
	CHECK(!strcmp(buf, "1\n"));
	CHECK_OK(write_file(path, "0\n"));
	read_file(path, buf, sizeof(buf));
	CHECK(!strcmp(buf, "0\n"));
}

/* pktgen: bad lines refused; 200 small frames to the run's host, counted. */
static void nic_pktgen(void)
{
	static const char path[] = "/proc/net/pktgen/" NIC;
	const char *mac = getenv("SHOAL_HOST_MAC"), *host = getenv("SHOAL_HOST");
	char line[128], buf[128];
	unsigned long count, nsec, errors;

	if (access(path, F_OK) != 0 || !mac || !host)
		return;
	CHECK_ERR(write_file(path, "10 60 zz:bb:cc:dd:ee:ff 10.0.0.1 9"), EINVAL);
	snprintf(line, sizeof(line), "10 59 %s %s 9", mac, host);      /* shorter than ETH_ZLEN */
	CHECK_ERR(write_file(path, line), EINVAL);
	snprintf(line, sizeof(line), "200 60 %s %s 9", mac, host);
	CHECK_OK(write_file(path, line));
	read_file(path, buf, sizeof(buf));
	CHECK(sscanf(buf, "count %lu nsec %lu errors %lu", &count, &nsec, &errors) == 3);
	CHECK(count == 200 && errors == 0 && nsec > 0);
}

const struct test net_nic_tests[] = {
	{ "nic_drvinfo", nic_drvinfo },
	{ "nic_link_and_rings", nic_link_and_rings },
	{ "nic_channels_roundtrip", nic_channels_roundtrip },
	{ "nic_stats_per_queue", nic_stats_per_queue },
	{ "nic_proc_interrupts", nic_proc_interrupts },
	{ "nic_rx_drop_sysctl", nic_rx_drop_sysctl },
	{ "nic_pktgen", nic_pktgen },
	{ NULL, NULL },
};
