// SPDX-License-Identifier: MIT
/*
 * PCI core: config space over ECAM, enumeration, BAR sizing and
 * assignment, capabilities, enabling, and binding drivers by ID (Linux's
 * drivers/pci/{access,probe,pci,pci-driver,setup-bus}.c, in one file).
 *
 * Nothing assigns BARs before the kernel, so every BAR is sized (all ones
 * written, the address bits read back) with decoding off, placed in the
 * bridge's I/O, 32-bit or 64-bit memory window at its natural alignment,
 * and written back as a PCI address. Bridges get a secondary bus number
 * and windows that cover what was placed behind them.
 *
 * A driver binds to a device whichever comes first: pci_register_driver
 * probes the devices already found, and a device found later is offered
 * to the drivers already registered.
 *
 * Locking: pci_bus_mutex (outer) serialises enumeration, driver
 * registration and probing (probe may sleep); pci_lock (spin irqsave)
 * guards the device and driver lists and dev->driver for readers that
 * must not sleep (pci_for_each_dev, /proc/bus/pci/devices).
 * Order: pci_bus_mutex -> pci_lock.
 */
#include <shoal/kernel.h>
#include <shoal/pci.h>
#include <shoal/mutex.h>
#include <shoal/spinlock.h>
#include <shoal/init.h>
#include <shoal/mm.h>
#include "pci.h"

#define PCI_HEADER_TYPE_MASK    0x7f
#define PCI_HEADER_TYPE_NORMAL  0
#define PCI_HEADER_TYPE_BRIDGE  1
#define PCI_HEADER_MULTIFUNC    0x80
#define PCI_ROM_ADDRESS         0x30
#define PCI_BASE_ADDRESS_SPACE_IO       0x01
#define PCI_BASE_ADDRESS_MEM_TYPE_64    0x04
#define PCI_BASE_ADDRESS_MEM_PREFETCH   0x08
#define PCI_BASE_ADDRESS_MEM_MASK       (~0x0fULL)
#define PCI_BASE_ADDRESS_IO_MASK        (~0x03ULL)
#define PCI_REGION_FLAG_MASK            0x0f

/* Type 1 (bridge) header */
#define PCI_PRIMARY_BUS         0x18
#define PCI_SECONDARY_BUS       0x19
#define PCI_SUBORDINATE_BUS     0x1a
#define PCI_IO_BASE             0x1c
#define PCI_IO_LIMIT            0x1d
#define PCI_MEMORY_BASE         0x20
#define PCI_MEMORY_LIMIT        0x22
#define PCI_PREF_MEMORY_BASE    0x24
#define PCI_PREF_MEMORY_LIMIT   0x26
#define PCI_PREF_BASE_UPPER32   0x28
#define PCI_PREF_LIMIT_UPPER32  0x2c
#define PCI_IO_BASE_UPPER16     0x30
#define PCI_IO_LIMIT_UPPER16    0x32
#define PCI_BRIDGE_CONTROL      0x3e
#define PCI_BRIDGE_MEM_ALIGN    0x100000ULL     /* 1 MiB granularity */
#define PCI_BRIDGE_IO_ALIGN     0x1000ULL

struct pci_host_bridge *pci_host;
static LIST_HEAD(pci_devices);                  /* [pci_lock, pci_bus_mutex] */
static LIST_HEAD(pci_drivers);                  /* [pci_lock, pci_bus_mutex] */
static DEFINE_SPINLOCK(pci_lock);
static struct mutex pci_bus_mutex;
static unsigned int pci_last_bus;               /* [pci_bus_mutex] */

/* ---- config space ---- */

static volatile void *pci_cfg_addr(unsigned int bus, unsigned int devfn, int where, int width)
{
	if (!pci_host || where < 0 || where + width > 4096 || (where & (width - 1)) ||
	    bus < pci_host->bus_start || bus > pci_host->bus_end)
		return NULL;
	return pci_host->ecam + ((unsigned long)(bus - pci_host->bus_start) << 20) +
	       ((unsigned long)devfn << 12) + where;
}

static u32 pci_bus_read(unsigned int bus, unsigned int devfn, int where, int width)
{
	volatile void *p = pci_cfg_addr(bus, devfn, where, width);

	if (!p)
		return ~0U;
	switch (width) {
	case 1: return *(volatile u8 *)p;
	case 2: return *(volatile u16 *)p;
	default: return *(volatile u32 *)p;
	}
}

static void pci_bus_write(unsigned int bus, unsigned int devfn, int where, int width, u32 v)
{
	volatile void *p = pci_cfg_addr(bus, devfn, where, width);

	if (!p)
		return;
	switch (width) {
	case 1: *(volatile u8 *)p = v; break;
	case 2: *(volatile u16 *)p = v; break;
	default: *(volatile u32 *)p = v; break;
	}
}

static int pci_read(const struct pci_dev *dev, int where, int width, u32 *val)
{
	if (!pci_cfg_addr(dev->bus, dev->devfn, where, width)) {
		*val = ~0U;
		return -EINVAL;
	}
	*val = pci_bus_read(dev->bus, dev->devfn, where, width);
	return 0;
}

static int pci_write(const struct pci_dev *dev, int where, int width, u32 val)
{
	if (!pci_cfg_addr(dev->bus, dev->devfn, where, width))
		return -EINVAL;
	pci_bus_write(dev->bus, dev->devfn, where, width, val);
	return 0;
}

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	u32 v;
	int err = pci_read(dev, where, 1, &v);

	*val = v;
	return err;
}

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	u32 v;
	int err = pci_read(dev, where, 2, &v);

	*val = v;
	return err;
}

int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return pci_read(dev, where, 4, val);
}

int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	return pci_write(dev, where, 1, val);
}

int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return pci_write(dev, where, 2, val);
}

int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return pci_write(dev, where, 4, val);
}

/* ---- capabilities ---- */

#define PCI_FIND_CAP_TTL        48      /* bounds a looping list */

static u8 pci_find_cap_from(struct pci_dev *dev, u8 pos, int cap)
{
	int ttl = PCI_FIND_CAP_TTL;
	u8 id;

	while (ttl-- && pos >= 0x40) {
		pos &= ~3;
		pci_read_config_byte(dev, pos, &id);
		if (id == 0xff)
			break;
		if (id == cap)
			return pos;
		pci_read_config_byte(dev, pos + 1, &pos);
	}
	return 0;
}

u8 pci_find_capability(struct pci_dev *dev, int cap)
{
	u16 status;
	u8 pos;

	pci_read_config_word(dev, PCI_STATUS, &status);
	if (!(status & PCI_STATUS_CAP_LIST))
		return 0;
	pci_read_config_byte(dev, PCI_CAPABILITY_LIST, &pos);
	return pci_find_cap_from(dev, pos, cap);
}

u8 pci_find_next_capability(struct pci_dev *dev, u8 pos, int cap)
{
	u8 next;

	if (pos < 0x40)
		return 0;
	pci_read_config_byte(dev, pos + 1, &next);
	return pci_find_cap_from(dev, next, cap);
}

/* ---- enabling ---- */

static void pci_update_command(struct pci_dev *dev, u16 set, u16 clear)
{
	u16 cmd;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	pci_write_config_word(dev, PCI_COMMAND, (cmd & ~clear) | set);
}

int pci_enable_device(struct pci_dev *dev)
{
	u16 set = 0;
	int i;

	for (i = 0; i < PCI_NUM_RESOURCES; i++) {
		if (!pci_resource_len(dev, i))
			continue;
		set |= dev->resource[i].flags & IORESOURCE_IO ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	}
	pci_update_command(dev, set, 0);
	return 0;
}

void pci_set_master(struct pci_dev *dev)
{
	pci_update_command(dev, PCI_COMMAND_MASTER, 0);
}

void pci_clear_master(struct pci_dev *dev)
{
	pci_update_command(dev, 0, PCI_COMMAND_MASTER);
}

void *pci_iomap_range(struct pci_dev *dev, int bar, unsigned long offset, unsigned long maxlen)
{
	u64 len;

	if (bar < 0 || bar >= PCI_NUM_RESOURCES || !(dev->resource[bar].flags & IORESOURCE_MEM))
		return NULL;
	len = pci_resource_len(dev, bar);
	if (offset >= len || maxlen > len - offset)
		return NULL;
	return __va(dev->resource[bar].start + offset);
}

/* ---- BARs ---- */

/* Write the all-ones pattern to the BAR at @where and restore it: the
 * value read back (address bits that are writable). */
static u32 pci_size_bar(struct pci_dev *dev, int where, u32 *orig)
{
	u32 sized;

	pci_read_config_dword(dev, where, orig);
	pci_write_config_dword(dev, where, ~0U);
	pci_read_config_dword(dev, where, &sized);
	pci_write_config_dword(dev, where, *orig);
	return sized;
}

/* Size BAR @i (and its upper half when 64-bit) into dev->resource[i];
 * returns how many BAR registers it used. Decoding is off. */
static int pci_read_bar(struct pci_dev *dev, int i)
{
	struct resource *r = &dev->resource[i];
	int where = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 orig, sized, orig_hi, sized_hi = 0;
	u64 size, mask;
	bool is64;

	r->start = 1;
	r->end = 0;
	r->flags = 0;
	sized = pci_size_bar(dev, where, &orig);
	if (!sized || sized == ~0U)
		return 1;
	if (orig & PCI_BASE_ADDRESS_SPACE_IO) {
		size = pci_bar_size(sized, PCI_BASE_ADDRESS_IO_MASK & 0xffffffffULL);
		r->flags = IORESOURCE_IO | (orig & 0x3);
		is64 = false;
	} else {
		is64 = (orig & 0x6) == PCI_BASE_ADDRESS_MEM_TYPE_64;
		if (is64 && i < PCI_NUM_RESOURCES - 1)
			sized_hi = pci_size_bar(dev, where + 4, &orig_hi);
		mask = PCI_BASE_ADDRESS_MEM_MASK & (is64 ? ~0ULL : 0xffffffffULL);
		size = pci_bar_size((u64)sized_hi << 32 | sized, mask);
		r->flags = IORESOURCE_MEM | (orig & PCI_REGION_FLAG_MASK);
		if (is64)
			r->flags |= IORESOURCE_MEM_64;
		if (orig & PCI_BASE_ADDRESS_MEM_PREFETCH)
			r->flags |= IORESOURCE_PREFETCH;
	}
	if (size)
		r->end = size - 1;      /* a size, until assigned */
	else
		r->flags = 0;
	return is64 ? 2 : 1;
}

static struct pci_window *pci_bar_window(struct resource *r)
{
	if (r->flags & IORESOURCE_IO)
		return &pci_host->io;
	if ((r->flags & IORESOURCE_MEM_64) && pci_host->mem64.end >= pci_host->mem64.start)
		return &pci_host->mem64;
	return &pci_host->mem32;
}

static void pci_assign_bar(struct pci_dev *dev, int i)
{
	struct resource *r = &dev->resource[i];
	int where = PCI_BASE_ADDRESS_0 + 4 * i;
	struct pci_window *w;
	u64 size = r->end + 1, bus_addr;
	phys_addr_t start;
	int err;

	w = pci_bar_window(r);
	err = pci_window_alloc(w, size, &start);
	if (err && w == &pci_host->mem64) {
		w = &pci_host->mem32;
		err = pci_window_alloc(w, size, &start);
	}
	if (err) {
		printk("pci %s: BAR %d: no space for %#llx bytes\n", dev->name, i,
		       (unsigned long long)size);
		r->flags = 0;
		r->start = 1;
		r->end = 0;
		return;
	}
	bus_addr = start - w->offset;
	pci_write_config_dword(dev, where, (u32)bus_addr);
	if (r->flags & IORESOURCE_MEM_64)
		pci_write_config_dword(dev, where + 4, (u32)(bus_addr >> 32));
	r->start = start;
	r->end = start + size - 1;
	printk("pci %s: BAR %d [%s %#llx-%#llx%s%s]\n", dev->name, i,
	       r->flags & IORESOURCE_IO ? "io" : "mem", (unsigned long long)r->start,
	       (unsigned long long)r->end, r->flags & IORESOURCE_MEM_64 ? " 64bit" : "",
	       r->flags & IORESOURCE_PREFETCH ? " pref" : "");
}

static void pci_setup_bars(struct pci_dev *dev, int nr_bars)
{
	int i;

	pci_update_command(dev, 0, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	for (i = 0; i < nr_bars; )
		i += pci_read_bar(dev, i);
	for (i = 0; i < nr_bars; i++)
		if (dev->resource[i].flags)
			pci_assign_bar(dev, i);
}

/* ---- drivers ---- */

static const struct pci_device_id *pci_match_id(const struct pci_driver *drv,
						const struct pci_dev *dev)
{
	const struct pci_device_id *id;

	for (id = drv->id_table; id && id->vendor; id++)
		if ((id->vendor == PCI_ANY_ID || id->vendor == dev->vendor) &&
		    (id->device == PCI_ANY_ID || id->device == dev->device))
			return id;
	return NULL;
}

/* pci_bus_mutex held: bind @dev to @drv if it matches and probes. */
static void pci_try_bind(struct pci_dev *dev, struct pci_driver *drv)
{
	const struct pci_device_id *id = pci_match_id(drv, dev);
	unsigned long flags;
	int err;

	if (!id || dev->driver)
		return;
	err = drv->probe(dev, id);
	if (err) {
		printk("pci %s: %s probe failed: %d\n", dev->name, drv->name, err);
		return;
	}
	spin_lock_irqsave(&pci_lock, flags);
	dev->driver = drv;
	spin_unlock_irqrestore(&pci_lock, flags);
}

int pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;
	unsigned long flags;

	if (!drv || !drv->probe || !drv->id_table)
		return -EINVAL;
	mutex_lock(&pci_bus_mutex);
	spin_lock_irqsave(&pci_lock, flags);
	list_add_tail(&drv->node, &pci_drivers);
	spin_unlock_irqrestore(&pci_lock, flags);
	list_for_each_entry(dev, &pci_devices, node)    /* stable: pci_bus_mutex */
		pci_try_bind(dev, drv);
	mutex_unlock(&pci_bus_mutex);
	return 0;
}

/* pci_bus_mutex held: publish @dev and offer it to the drivers. */
static void pci_bus_add_device(struct pci_dev *dev)
{
	struct pci_driver *drv;
	unsigned long flags;

	spin_lock_irqsave(&pci_lock, flags);
	list_add_tail(&dev->node, &pci_devices);
	spin_unlock_irqrestore(&pci_lock, flags);
	list_for_each_entry(drv, &pci_drivers, node)
		pci_try_bind(dev, drv);
}

void pci_for_each_dev(void (*fn)(struct pci_dev *dev, void *arg), void *arg)
{
	struct pci_dev *dev;
	unsigned long flags;

	spin_lock_irqsave(&pci_lock, flags);
	list_for_each_entry(dev, &pci_devices, node)
		fn(dev, arg);
	spin_unlock_irqrestore(&pci_lock, flags);
}

/* ---- enumeration ---- */

static void pci_scan_bus(unsigned int bus);

static struct pci_dev *pci_alloc_dev(unsigned int bus, unsigned int devfn)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u32 class_rev;
	int i;

	if (!dev)
		return NULL;
	dev->bus = bus;
	dev->devfn = devfn;
	for (i = 0; i < PCI_NUM_RESOURCES; i++)
		dev->resource[i].start = 1;     /* unassigned */
	snprintf(dev->name, sizeof(dev->name), "0000:%02x:%02x.%d", bus, PCI_SLOT(devfn),
		 PCI_FUNC(devfn));
	pci_read_config_word(dev, PCI_VENDOR_ID, &dev->vendor);
	pci_read_config_word(dev, PCI_DEVICE_ID, &dev->device);
	pci_read_config_dword(dev, PCI_CLASS_REVISION, &class_rev);
	dev->class = class_rev >> 8;
	dev->revision = class_rev & 0xff;
	pci_read_config_byte(dev, PCI_HEADER_TYPE, &dev->hdr_type);
	dev->hdr_type &= PCI_HEADER_TYPE_MASK;
	return dev;
}

/* Where a bridge window on @w would start. */
static u64 pci_bridge_window_open(struct pci_window *w, u64 align)
{
	w->next = ALIGN(w->next, align);
	return w->next;
}

/* Program the bridge window of @kind over what was placed in @w since
 * @start, or close it (base above limit) if nothing was. */
static void pci_bridge_close(struct pci_dev *br, struct pci_window *w, u64 start, u64 align,
			     int kind)
{
	u64 end = 0;

	if (w->next != start) {         /* something was placed behind the bridge */
		end = ALIGN(w->next, align) - 1;
		w->next = end + 1;
		end -= w->offset;
	}
	start -= w->offset;
	switch (kind) {
	case IORESOURCE_IO:
		if (!end) {
			pci_write_config_byte(br, PCI_IO_BASE, 0xf0);
			pci_write_config_byte(br, PCI_IO_LIMIT, 0);
			break;
		}
		pci_write_config_byte(br, PCI_IO_BASE, (start >> 8) & 0xf0);
		pci_write_config_byte(br, PCI_IO_LIMIT, (end >> 8) & 0xf0);
		pci_write_config_word(br, PCI_IO_BASE_UPPER16, start >> 16);
		pci_write_config_word(br, PCI_IO_LIMIT_UPPER16, end >> 16);
		break;
	case IORESOURCE_MEM:
		pci_write_config_word(br, PCI_MEMORY_BASE, end ? (start >> 16) & 0xfff0 : 0xfff0);
		pci_write_config_word(br, PCI_MEMORY_LIMIT, end ? (end >> 16) & 0xfff0 : 0);
		break;
	case IORESOURCE_PREFETCH:
		pci_write_config_word(br, PCI_PREF_MEMORY_BASE, end ? (start >> 16) & 0xfff0 : 0xfff0);
		pci_write_config_word(br, PCI_PREF_MEMORY_LIMIT, end ? (end >> 16) & 0xfff0 : 0);
		pci_write_config_dword(br, PCI_PREF_BASE_UPPER32, end ? start >> 32 : 0xffffffff);
		pci_write_config_dword(br, PCI_PREF_LIMIT_UPPER32, end ? end >> 32 : 0);
		break;
	}
}

/*
 * A PCI-to-PCI bridge: its own two BARs, a secondary bus number, then
 * everything behind it placed inside windows that open on the bridge's
 * granularity before the scan and close around what was placed. 64-bit
 * BARs behind it go to the prefetchable window, which shoal puts in the
 * 64-bit host window.
 */
static void pci_scan_bridge(struct pci_dev *br)
{
	u64 io, mem, pref;
	unsigned int secondary;

	pci_setup_bars(br, 2);
	if (pci_last_bus >= pci_host->bus_end) {
		printk("pci %s: no bus number left for the bridge\n", br->name);
		return;
	}
	secondary = ++pci_last_bus;
	pci_write_config_byte(br, PCI_PRIMARY_BUS, br->bus);
	pci_write_config_byte(br, PCI_SECONDARY_BUS, secondary);
	pci_write_config_byte(br, PCI_SUBORDINATE_BUS, pci_host->bus_end);
	io = pci_bridge_window_open(&pci_host->io, PCI_BRIDGE_IO_ALIGN);
	mem = pci_bridge_window_open(&pci_host->mem32, PCI_BRIDGE_MEM_ALIGN);
	pref = pci_bridge_window_open(&pci_host->mem64, PCI_BRIDGE_MEM_ALIGN);
	printk("pci %s: bridge to [bus %02x]\n", br->name, secondary);
	pci_scan_bus(secondary);
	pci_write_config_byte(br, PCI_SUBORDINATE_BUS, pci_last_bus);
	pci_bridge_close(br, &pci_host->io, io, PCI_BRIDGE_IO_ALIGN, IORESOURCE_IO);
	pci_bridge_close(br, &pci_host->mem32, mem, PCI_BRIDGE_MEM_ALIGN, IORESOURCE_MEM);
	pci_bridge_close(br, &pci_host->mem64, pref, PCI_BRIDGE_MEM_ALIGN, IORESOURCE_PREFETCH);
	pci_update_command(br, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0);
}

static void pci_scan_function(unsigned int bus, unsigned int devfn)
{
	struct pci_dev *dev = pci_alloc_dev(bus, devfn);

	if (!dev)
		return;
	printk("pci %s: [%04x:%04x] type %02x class %#08x\n", dev->name, dev->vendor,
	       dev->device, dev->hdr_type, dev->class);
	if (dev->hdr_type == PCI_HEADER_TYPE_NORMAL) {
		pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID, &dev->subsystem_vendor);
		pci_read_config_word(dev, PCI_SUBSYSTEM_ID, &dev->subsystem_device);
		pci_setup_bars(dev, PCI_NUM_RESOURCES);
		pci_write_config_dword(dev, PCI_ROM_ADDRESS, 0);       /* no ROM */
	} else if (dev->hdr_type == PCI_HEADER_TYPE_BRIDGE) {
		pci_scan_bridge(dev);
	}
	dev->msix_cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	pci_bus_add_device(dev);
}

static void pci_scan_bus(unsigned int bus)
{
	unsigned int slot, fn, nfn;
	u8 hdr;

	for (slot = 0; slot < 32; slot++) {
		if ((pci_bus_read(bus, PCI_DEVFN(slot, 0), PCI_VENDOR_ID, 2) & 0xffff) == 0xffff)
			continue;
		hdr = pci_bus_read(bus, PCI_DEVFN(slot, 0), PCI_HEADER_TYPE, 1);
		nfn = hdr & PCI_HEADER_MULTIFUNC ? 8 : 1;
		for (fn = 0; fn < nfn; fn++) {
			if ((pci_bus_read(bus, PCI_DEVFN(slot, fn), PCI_VENDOR_ID, 2) & 0xffff) == 0xffff)
				continue;
			pci_scan_function(bus, PCI_DEVFN(slot, fn));
		}
	}
}

void pci_scan_root_bus(struct pci_host_bridge *host)
{
	mutex_lock(&pci_bus_mutex);
	pci_host = host;
	pci_last_bus = host->bus_start;
	pci_scan_bus(host->bus_start);
	mutex_unlock(&pci_bus_mutex);
}

static int pci_driver_init(void)
{
	mutex_init(&pci_bus_mutex);
	return 0;
}
core_initcall(pci_driver_init);

/* ---- /proc/bus/pci/devices ---- */

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
