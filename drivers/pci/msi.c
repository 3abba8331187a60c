// SPDX-License-Identifier: MIT
/*
 * MSI-X (Linux's drivers/pci/msi/): the vector table and the pending-bit
 * array live in a memory BAR; each 16-byte entry holds a message address,
 * data and a mask bit. On this machine the message is an MSI to an IMSIC:
 * address = the target CPU's S-level interrupt file, data = an EIID
 * allocated on that CPU. Each vector is a virq whose chip ("IMSIC-MSIX")
 * masks it with the entry's mask bit and re-targets it by rewriting the
 * entry while masked (irq_set_affinity).
 *
 * MSI-X is enabled with the function mask set while the table is
 * programmed; every vector stays masked until request_irq.
 *
 * Locking: an entry is written under its virq's desc->lock (kernel/irq/);
 * the capability's control word by the driver that owns the device
 * (pci_alloc_irq_vectors / pci_free_irq_vectors, not concurrently).
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/pci.h>
#include <shoal/mm.h>
#include <asm/platform.h>

#define PCI_MSIX_FLAGS                  2       /* message control */
#define  PCI_MSIX_FLAGS_QSIZE           0x07ff
#define  PCI_MSIX_FLAGS_MASKALL         0x4000
#define  PCI_MSIX_FLAGS_ENABLE          0x8000
#define PCI_MSIX_TABLE                  4
#define  PCI_MSIX_TABLE_BIR             0x7
#define  PCI_MSIX_TABLE_OFFSET          (~0x7U)
#define PCI_MSIX_ENTRY_SIZE             16
#define  PCI_MSIX_ENTRY_LOWER_ADDR      0
#define  PCI_MSIX_ENTRY_UPPER_ADDR      4
#define  PCI_MSIX_ENTRY_DATA            8
#define  PCI_MSIX_ENTRY_VECTOR_CTRL     12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT    1

static volatile u32 *msix_entry(struct pci_dev *dev, unsigned long nr, int reg)
{
	return (volatile u32 *)((char *)dev->msix_base + nr * PCI_MSIX_ENTRY_SIZE + reg);
}

static void msix_write_ctrl(struct pci_dev *dev, unsigned long nr, u32 ctrl)
{
	*msix_entry(dev, nr, PCI_MSIX_ENTRY_VECTOR_CTRL) = ctrl;
	(void)*msix_entry(dev, nr, PCI_MSIX_ENTRY_VECTOR_CTRL);  /* flush the posted write */
}

static void msix_irq_mask(struct irq_desc *desc)
{
	msix_write_ctrl(desc->chip_data, desc->hwirq, PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

static void msix_irq_unmask(struct irq_desc *desc)
{
	msix_write_ctrl(desc->chip_data, desc->hwirq, 0);
}

static void msix_irq_set_target(struct irq_desc *desc)
{
	struct pci_dev *dev = desc->chip_data;
	u64 addr = imsic_msi_address(desc->cpu);

	*msix_entry(dev, desc->hwirq, PCI_MSIX_ENTRY_LOWER_ADDR) = (u32)addr;
	*msix_entry(dev, desc->hwirq, PCI_MSIX_ENTRY_UPPER_ADDR) = (u32)(addr >> 32);
	*msix_entry(dev, desc->hwirq, PCI_MSIX_ENTRY_DATA) = desc->eiid;
}

static const struct irq_chip msix_chip = {
	.name = "IMSIC-MSIX",
	.irq_mask = msix_irq_mask,
	.irq_unmask = msix_irq_unmask,
	.irq_set_target = msix_irq_set_target,
};

int pci_msix_vec_count(struct pci_dev *dev)
{
	u16 control;

	if (!dev->msix_cap)
		return -EINVAL;
	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &control);
	return (control & PCI_MSIX_FLAGS_QSIZE) + 1;
}

static void msix_set_control(struct pci_dev *dev, u16 set, u16 clear)
{
	u16 control;

	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &control);
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, (control & ~clear) | set);
}

/* The table, mapped from its BAR (memory decoding on, so it answers). */
static void *msix_map_table(struct pci_dev *dev, int total)
{
	u32 table;
	u16 cmd;

	pci_read_config_dword(dev, dev->msix_cap + PCI_MSIX_TABLE, &table);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	pci_write_config_word(dev, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
	return pci_iomap_range(dev, table & PCI_MSIX_TABLE_BIR, table & PCI_MSIX_TABLE_OFFSET,
			       (unsigned long)total * PCI_MSIX_ENTRY_SIZE);
}

/* Vector @i's first CPU: spread over every CPU the machine has, including
 * those that start after the driver probes (boot). */
static unsigned int msix_initial_cpu(unsigned int i)
{
	return i % (platform.nr_harts > 0 ? platform.nr_harts : 1);
}

static void msix_free_descs(struct pci_dev *dev, unsigned int n)
{
	while (n--)
		irq_free_desc(dev->irqs[n]);
}

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags)
{
	unsigned int nvec, i, irq;
	int total, t;
	u16 cmd;

	if (!(flags & PCI_IRQ_MSIX) || !min || min > max || dev->msix_enabled)
		return -EINVAL;
	total = pci_msix_vec_count(dev);
	if (total < 0)
		return -EINVAL;
	nvec = min(max, (unsigned int)total);
	if (nvec < min)
		return -ENOSPC;
	dev->msix_base = msix_map_table(dev, total);
	if (!dev->msix_base)
		return -EIO;
	dev->irqs = kcalloc(nvec, sizeof(*dev->irqs), GFP_KERNEL);
	if (!dev->irqs)
		return -ENOMEM;
	msix_set_control(dev, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL, 0);
	for (t = 0; t < total; t++)
		msix_write_ctrl(dev, t, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	for (i = 0; i < nvec; i++) {
		irq = irq_alloc_desc(&msix_chip, dev, i, msix_initial_cpu(i));
		if (!irq)
			break;
		dev->irqs[i] = irq;
	}
	if (i < min) {
		msix_free_descs(dev, i);
		msix_set_control(dev, 0, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
		kfree(dev->irqs);
		dev->irqs = NULL;
		return -ENOSPC;
	}
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	pci_write_config_word(dev, PCI_COMMAND, cmd | PCI_COMMAND_INTX_DISABLE);
	msix_set_control(dev, 0, PCI_MSIX_FLAGS_MASKALL);
	dev->nr_irqs = i;
	dev->msix_enabled = true;
	return i;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	if (!dev->msix_enabled)
		return;
	msix_free_descs(dev, dev->nr_irqs);
	msix_set_control(dev, 0, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	kfree(dev->irqs);
	dev->irqs = NULL;
	dev->nr_irqs = 0;
	dev->msix_enabled = false;
}

int pci_irq_vector(struct pci_dev *dev, unsigned int nr)
{
	if (!dev->msix_enabled || nr >= dev->nr_irqs)
		return -EINVAL;
	return dev->irqs[nr];
}
