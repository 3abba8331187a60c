// SPDX-License-Identifier: MIT
/*
 * The generic ECAM host bridge ("pci-host-ecam-generic", Linux's
 * drivers/pci/controller/pci-host-generic.c): configuration space is one
 * 4 KiB page per function at reg + (bus << 20 | devfn << 12); "ranges"
 * gives the windows through which the CPU reaches PCI I/O, 32-bit and
 * 64-bit memory; "msi-parent" the MSI controller (the S-level IMSIC).
 *
 * ECAM and every window lie in the kernel's direct map (physical [0,
 * 256 GiB)), so __va() addresses them. The subsys initcall finds the node,
 * fills the one pci_host_bridge and scans from bus-range's first bus.
 */
#include <shoal/kernel.h>
#include <shoal/fdt.h>
#include <shoal/init.h>
#include <shoal/mm.h>
#include <shoal/pci.h>
#include <asm/platform.h>
#include "pci.h"

#define PCI_RANGE_SPACE(hi)     (((hi) >> 24) & 3)
#define PCI_RANGE_IO            1
#define PCI_RANGE_MEM32         2
#define PCI_RANGE_MEM64         3
#define PCI_DIRECT_MAP_END      (256ULL << 30)

static struct pci_host_bridge ecam_host;

static bool pci_in_direct_map(u64 start, u64 size)
{
	return size && start + size > start && start + size <= PCI_DIRECT_MAP_END;
}

/* One "ranges" entry: (PCI flags, PCI address) (CPU address) (size). */
static void pci_parse_range(struct pci_host_bridge *h, const u8 *p, int pna, int ns)
{
	u32 hi = fdt_read_u32(p);
	u64 pci_addr = fdt_read_cells(p + 4, 2);
	u64 cpu = fdt_read_cells(p + 12, pna);
	u64 size = fdt_read_cells(p + 12 + 4 * pna, ns);
	struct pci_window *w;

	switch (PCI_RANGE_SPACE(hi)) {
	case PCI_RANGE_IO: w = &h->io; break;
	case PCI_RANGE_MEM32: w = &h->mem32; break;
	case PCI_RANGE_MEM64: w = &h->mem64; break;
	default: return;
	}
	if (!pci_in_direct_map(cpu, size)) {
		printk("pci: window %#llx+%#llx outside the direct map, ignored\n",
		       (unsigned long long)cpu, (unsigned long long)size);
		return;
	}
	pci_window_init(w, cpu, size, cpu - pci_addr);
	printk("pci: %s window [%#llx-%#llx] -> PCI %#llx\n",
	       w == &h->io ? "io" : w == &h->mem32 ? "mem" : "mem64",
	       (unsigned long long)cpu, (unsigned long long)(cpu + size - 1),
	       (unsigned long long)pci_addr);
	/* PCI I/O address 0 is "unassigned" to some devices: start above it. */
	if (w == &h->io && w->next - w->offset < 0x1000)
		w->next = w->offset + 0x1000;
}

static int pci_parse_ranges(struct pci_host_bridge *h, const void *fdt, int node)
{
	int pna = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
	int na = fdt_address_cells(fdt, node), ns = fdt_size_cells(fdt, node);
	int len, entry, off;
	const u8 *p = fdt_getprop(fdt, node, "ranges", &len);

	if (!p || na != 3 || pna < 1 || pna > 2 || ns < 1 || ns > 2)
		return -EINVAL;
	entry = 4 * (na + pna + ns);
	for (off = 0; off + entry <= len; off += entry)
		pci_parse_range(h, p + off, pna, ns);
	return 0;
}

static int pci_host_ecam_init(void)
{
	const void *fdt = __va(platform.dtb_pa);
	struct pci_host_bridge *h = &ecam_host;
	const u8 *range;
	u64 base, size;
	int node, len;

	node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	if (node < 0)
		return 0;               /* no PCI on this machine */
	pci_window_init(&h->io, 0, 0, 0);
	pci_window_init(&h->mem32, 0, 0, 0);
	pci_window_init(&h->mem64, 0, 0, 0);
	if (fdt_get_reg(fdt, node, 0, &base, &size) || !pci_in_direct_map(base, size) ||
	    size < (1 << 20) || pci_parse_ranges(h, fdt, node)) {
		printk("pci: bad pci-host-ecam-generic node\n");
		return -EINVAL;
	}
	h->ecam_phys = base;
	h->ecam_size = size;
	h->bus_start = 0;
	h->bus_end = 0xff;
	range = fdt_getprop(fdt, node, "bus-range", &len);
	if (range && len >= 8) {
		h->bus_start = fdt_read_u32(range) & 0xff;
		h->bus_end = fdt_read_u32(range + 4) & 0xff;
	}
	/* each bus takes 1 MiB of ECAM */
	h->bus_end = min(h->bus_end, h->bus_start + (unsigned int)(h->ecam_size >> 20) - 1);
	if (fdt_getprop_u32(fdt, node, "msi-parent", &h->msi_parent))
		h->msi_parent = 0;
	h->ecam = __va(h->ecam_phys);
	printk("pci: ECAM %#llx-%#llx, buses %02x-%02x%s\n", (unsigned long long)h->ecam_phys,
	       (unsigned long long)(h->ecam_phys + h->ecam_size - 1), h->bus_start, h->bus_end,
	       h->msi_parent ? "" : ", no MSI parent");
	pci_scan_root_bus(h);
	return 0;
}
subsys_initcall(pci_host_ecam_init);
