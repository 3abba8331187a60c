// SPDX-License-Identifier: MIT
/*
 * /proc/bus/pci/devices in Linux's layout (drivers/pci/proc.c): one line
 * per function, "bus devfn", "vendor device", the INTx irq (0: shoal
 * uses MSI-X only), seven start addresses (six BARs and the ROM, with the
 * BAR's flag bits or'ed in), seven sizes, and the bound driver. Rendered
 * under pci_lock (pci_for_each_dev).
 */
#include <shoal/kernel.h>
#include <shoal/pci.h>
#include "pci.h"

struct pci_proc_buf {
	char *buf;
	size_t size, n;
};

/* Linux's address column: CPU address (bus address for I/O), the BAR's
 * low flag bits or'ed in. */
static u64 pci_proc_start(const struct pci_dev *dev, int i)
{
	const struct resource *r = &dev->resource[i];

	if (!pci_resource_len(dev, i))
		return 0;
	if (r->flags & IORESOURCE_IO)
		return (r->start - pci_host->io.offset) | (r->flags & PCI_REGION_FLAG_MASK);
	return r->start | (r->flags & PCI_REGION_FLAG_MASK);
}

static void pci_proc_show_dev(struct pci_dev *dev, void *arg)
{
	struct pci_proc_buf *p = arg;
	int i;

	p->n += scnprintf(p->buf + p->n, p->size - p->n, "%02x%02x\t%04x%04x\t%x", dev->bus,
			  dev->devfn, dev->vendor, dev->device, 0);
	for (i = 0; i <= PCI_NUM_RESOURCES; i++)        /* six BARs and the ROM */
		p->n += scnprintf(p->buf + p->n, p->size - p->n, "\t%16llx",
				  (unsigned long long)(i < PCI_NUM_RESOURCES ? pci_proc_start(dev, i) : 0));
	for (i = 0; i <= PCI_NUM_RESOURCES; i++)
		p->n += scnprintf(p->buf + p->n, p->size - p->n, "\t%16llx",
				  (unsigned long long)(i < PCI_NUM_RESOURCES ? pci_resource_len(dev, i) : 0));
	p->n += scnprintf(p->buf + p->n, p->size - p->n, "\t%s\n",
			  dev->driver ? dev->driver->name : "");
}

int pci_proc_devices_show(char *buf, size_t size)
{
	struct pci_proc_buf p = { buf, size, 0 };

	if (size)
		buf[0] = 0;
	pci_for_each_dev(pci_proc_show_dev, &p);
	return p.n;
}
