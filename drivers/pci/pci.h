/* SPDX-License-Identifier: MIT */
/*
 * drivers/pci/ private declarations: the host bridge and its windows.
 *
 * A window is a range of CPU physical addresses the host bridge forwards
 * to PCI, at PCI address (CPU address - offset). BARs are placed in a
 * window bump-style with natural alignment (a BAR of size S sits at a
 * multiple of S, as the BAR's read-only low bits demand).
 */
#ifndef _DRIVERS_PCI_PCI_H
#define _DRIVERS_PCI_PCI_H

#include <shoal/types.h>

struct pci_window {
	phys_addr_t start, end;         /* CPU addresses, inclusive; end < start: none */
	u64 offset;                     /* CPU address - PCI address */
	phys_addr_t next;               /* first free CPU address [pci_bus_mutex] */
};

struct pci_host_bridge {
	phys_addr_t ecam_phys;
	u64 ecam_size;
	volatile u8 *ecam;              /* config space of bus_start */
	unsigned int bus_start, bus_end;
	struct pci_window io, mem32, mem64;
	u32 msi_parent;                 /* phandle of the MSI controller, 0: none */
};

extern struct pci_host_bridge *pci_host;       /* the one ECAM bridge, NULL if none */

/* setup-res.c: pure arithmetic (host-tested) */
void pci_window_init(struct pci_window *w, phys_addr_t start, u64 size, u64 offset);
/* Room for @size bytes (a power of two) aligned to @size: its CPU address
 * in *@start and 0, or -ENOSPC. The window's cursor moves past it. */
int pci_window_alloc(struct pci_window *w, u64 size, phys_addr_t *start);
/* Size of a BAR from the value read back after writing all ones (@sized,
 * the two halves combined for a 64-bit BAR) and the mask of its address
 * bits (Linux's pci_size): 0 if the BAR is not implemented. */
u64 pci_bar_size(u64 sized, u64 mask);

/* pci.c */
void pci_scan_root_bus(struct pci_host_bridge *host);

#endif
