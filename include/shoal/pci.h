/* SPDX-License-Identifier: MIT */
/*
 * PCI (drivers/pci/), in the shape of Linux's linux/pci.h: the generic
 * ECAM host bridge from the device tree, enumeration, BAR assignment from
 * the bridge's windows, capability lists and MSI-X.
 *
 * Nothing assigns BARs before the kernel (OpenSBI does not touch PCI), so
 * pci_host_init() sizes every BAR and places it in the PIO, 32-bit or
 * 64-bit memory window, then drivers bind by vendor/device ID.
 *
 * MSI-X: pci_alloc_irq_vectors() enables MSI-X with one Linux-style irq
 * number (virq) per vector, each initially targeting CPU (vector % online
 * CPUs); request_irq() on pci_irq_vector(dev, i) installs the handler and
 * irq_set_affinity() moves the vector to another CPU's IMSIC interrupt
 * file by rewriting its MSI-X table entry (masked while it changes).
 */
#ifndef _SHOAL_PCI_H
#define _SHOAL_PCI_H

#include <shoal/types.h>
#include <shoal/list.h>

#define PCI_NUM_RESOURCES       6

/* struct resource flags */
#define IORESOURCE_IO           0x00000100
#define IORESOURCE_MEM          0x00000200
#define IORESOURCE_MEM_64       0x00100000
#define IORESOURCE_PREFETCH     0x00002000

struct resource {
	phys_addr_t start;              /* CPU physical address */
	phys_addr_t end;                /* inclusive; start > end: unassigned */
	unsigned long flags;
};

struct pci_dev;

struct pci_device_id {
	u16 vendor, device;             /* PCI_ANY_ID matches any */
};
#define PCI_ANY_ID              0xffff

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;   /* ends with vendor 0 */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	struct list_head node;          /* [pci_lock] */
};

/* Fields are [const] after enumeration unless marked. */
struct pci_dev {
	struct list_head node;          /* on pci_devices [pci_lock] */
	u8 bus;
	u8 devfn;                       /* PCI_DEVFN(slot, func) */
	u16 vendor, device;
	u16 subsystem_vendor, subsystem_device;
	u32 class;                      /* class << 8 | prog-if (24 bits) */
	u8 revision;
	u8 hdr_type;
	struct resource resource[PCI_NUM_RESOURCES];
	u8 msix_cap;                    /* config offset of the MSI-X capability, 0: none */
	bool msix_enabled;              /* [driver] */
	unsigned int nr_irqs;           /* vectors allocated [driver] */
	unsigned int *irqs;             /* virq per vector [driver] */
	void *msix_base;                /* mapped MSI-X table [driver] */
	struct pci_driver *driver;      /* bound driver [pci_lock] */
	void *driver_data;              /* [driver] */
	char name[16];                  /* "0000:00:01.0" */
};

#define PCI_DEVFN(slot, func)   ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 0x07)

/* Config space registers and capability IDs used here (Linux's names). */
#define PCI_VENDOR_ID           0x00
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04
#define  PCI_COMMAND_IO         0x1
#define  PCI_COMMAND_MEMORY     0x2
#define  PCI_COMMAND_MASTER     0x4
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS              0x06
#define  PCI_STATUS_CAP_LIST    0x10
#define PCI_CLASS_REVISION      0x08
#define PCI_HEADER_TYPE         0x0e
#define PCI_BASE_ADDRESS_0      0x10
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_CAPABILITY_LIST     0x34
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_MSIX         0x11

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);

/* Offset of capability @cap in config space, 0 if absent. */
u8 pci_find_capability(struct pci_dev *dev, int cap);
u8 pci_find_next_capability(struct pci_dev *dev, u8 pos, int cap);

static inline phys_addr_t pci_resource_start(const struct pci_dev *dev, int bar)
{
	return dev->resource[bar].start;
}
static inline phys_addr_t pci_resource_len(const struct pci_dev *dev, int bar)
{
	const struct resource *r = &dev->resource[bar];
	return r->end >= r->start && r->flags ? r->end - r->start + 1 : 0;
}
/* Kernel address of [offset, offset + maxlen) of memory BAR @bar, NULL if
 * the BAR is not assigned or is too small. */
void *pci_iomap_range(struct pci_dev *dev, int bar, unsigned long offset, unsigned long maxlen);

int pci_enable_device(struct pci_dev *dev);     /* memory (and I/O) decoding on */
void pci_set_master(struct pci_dev *dev);
void pci_clear_master(struct pci_dev *dev);

#define PCI_IRQ_MSIX            (1 << 2)
int pci_msix_vec_count(struct pci_dev *dev);    /* vectors the device has, or -EINVAL */
/* Allocate between @min and @max MSI-X vectors (all masked until
 * request_irq); returns the number allocated or -errno. */
int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *dev);  /* after free_irq on each */
int pci_irq_vector(struct pci_dev *dev, unsigned int nr);       /* virq or -EINVAL */

int pci_register_driver(struct pci_driver *drv);
/* Call @fn for each device (under pci_lock; @fn must not sleep). */
void pci_for_each_dev(void (*fn)(struct pci_dev *dev, void *arg), void *arg);
/* /proc/bus/pci/devices, Linux's layout (procfs show function). */
int pci_proc_devices_show(char *buf, size_t size);

#endif
