// SPDX-License-Identifier: MIT
/*
 * /proc/net/dev and /proc/net/softnet_stat, in Linux's formats (busybox
 * ifconfig and netstat -i parse the first). Counters are per CPU and summed
 * here without locks: a reader may see a packet counted in one field and
 * not yet in another, as in Linux.
 */
#include <shoal/kernel.h>
#include <shoal/netdevice.h>
#include <shoal/init.h>
#include <shoal/proc_fs.h>

struct show_ctx {
	char *buf;
	size_t size;
	int n;
};

#define CTX_PRINTF(c, ...) \
	((c)->n += snprintf((c)->buf + (c)->n, (size_t)(c)->n < (c)->size ? (c)->size - (c)->n : 0, __VA_ARGS__))

static void dev_seq_one(struct net_device *dev, void *arg)
{
	struct show_ctx *c = arg;
	struct pcpu_dstats s = { 0 };
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct pcpu_dstats *p = &dev->dstats[cpu];

		s.rx_packets += p->rx_packets;
		s.rx_bytes += p->rx_bytes;
		s.rx_dropped += p->rx_dropped;
		s.rx_errors += p->rx_errors;
		s.tx_packets += p->tx_packets;
		s.tx_bytes += p->tx_bytes;
		s.tx_dropped += p->tx_dropped;
		s.tx_errors += p->tx_errors;
	}
	CTX_PRINTF(c, "%6s:%8lu %7lu %4lu %4lu %4lu %5lu %10lu %9lu %8lu %7lu %4lu %4lu %4lu %5lu %7lu %10lu\n",
		   dev->name, s.rx_bytes, s.rx_packets, s.rx_errors, s.rx_dropped, 0UL, 0UL, 0UL, 0UL,
		   s.tx_bytes, s.tx_packets, s.tx_errors, s.tx_dropped, 0UL, 0UL, 0UL, 0UL);
}

static int dev_proc_show(char *buf, size_t size)
{
	struct show_ctx c = { buf, size, 0 };

	CTX_PRINTF(&c, "Inter-|   Receive                                                |  Transmit\n"
		   " face |bytes    packets errs drop fifo frame compressed multicast|"
		   "bytes    packets errs drop fifo colls carrier compressed\n");
	for_each_netdev_call(dev_seq_one, &c);
	return c.n;
}

static int softnet_stat_show(char *buf, size_t size)
{
	struct show_ctx c = { buf, size, 0 };
	int cpu;

	for_each_online_cpu(cpu) {
		struct softnet_data *sd = &per_cpu(softnet_data, cpu);

		/* Linux's 13 columns, then GRO's merged and flushed (gro.c) */
		CTX_PRINTF(&c, "%08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\n",
			   sd->processed, sd->dropped, sd->time_squeeze, 0, 0, 0, 0, 0, 0,
			   sd->received_rps, 0,
			   skb_queue_len(&sd->input_pkt_queue) + skb_queue_len(&sd->process_queue),
			   cpu, sd->gro_merged, sd->gro_flushed);
	}
	return c.n;
}

static int dev_proc_init(void)
{
	return proc_create_net_single("dev", 0444, dev_proc_show) ?:
	       proc_create_net_single("softnet_stat", 0444, softnet_stat_show);
}
subsys_initcall(dev_proc_init);
