// SPDX-License-Identifier: MIT
/*
 * Read the machine description from the device tree into `platform`:
 * RAM, harts (the boot hart becomes CPU 0), the S-level IMSIC and APLIC,
 * the UART, the test (power) device, /chosen and the PCIe ECAM window.
 */
#include <shoal/kernel.h>
#include <shoal/fdt.h>
#include <shoal/mm.h>
#include <asm/platform.h>

#define IRQ_S_EXT 9

struct platform_info platform;

static void parse_cpus(const void *fdt, unsigned long boot_hartid)
{
	struct fdt_cpu c[NR_CPUS * 2];
	int n, i, cpu = 1;

	n = fdt_cpus(fdt, c, ARRAY_SIZE(c));
	platform.hartid[0] = boot_hartid;
	for (i = 0; i < n; i++) {
		if (c[i].hartid == boot_hartid) {
			strlcpy(platform.isa, c[i].isa, sizeof(platform.isa));
			continue;
		}
		if (!c[i].enabled || cpu >= NR_CPUS)
			continue;
		platform.hartid[cpu++] = c[i].hartid;
	}
	platform.nr_harts = cpu;
	platform.sstc = fdt_isa_has_ext(platform.isa, "sstc");
	platform.timebase = fdt_timebase_frequency(fdt);
	if (!platform.timebase)
		platform.timebase = 10000000;
}

static int logical_cpu_of_hart(unsigned long hartid)
{
	int cpu;

	for (cpu = 0; cpu < platform.nr_harts; cpu++)
		if (platform.hartid[cpu] == hartid)
			return cpu;
	return -1;
}

/* The IMSIC whose contexts are S-level external interrupts. */
static void parse_imsic(const void *fdt)
{
	struct fdt_irq irqs[NR_CPUS * 2];
	int node = -1, n, i, cpu;
	u64 base, size;
	u32 guest_bits = 0, ids = 64;
	unsigned long hartid;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "riscv,imsics")) >= 0) {
		n = fdt_get_interrupts_extended(fdt, node, irqs, ARRAY_SIZE(irqs));
		if (n > 0 && irqs[0].ncells > 0 && irqs[0].cells[0] == IRQ_S_EXT)
			break;
	}
	if (node < 0 || fdt_get_reg(fdt, node, 0, &base, &size))
		panic("no S-level IMSIC in the device tree (run QEMU with aia=aplic-imsic)");
	fdt_getprop_u32(fdt, node, "riscv,guest-index-bits", &guest_bits);
	fdt_getprop_u32(fdt, node, "riscv,num-ids", &ids);
	platform.imsic_nr_ids = ids;
	for (i = 0; i < n; i++) {
		if (fdt_intc_hartid(fdt, irqs[i].ctrl, &hartid))
			continue;
		cpu = logical_cpu_of_hart(hartid);
		if (cpu < 0)
			continue;
		platform.imsic_file[cpu] = base + ((u64)i << (12 + guest_bits));
		platform.imsic_hart_index[cpu] = i;
	}
}

static phys_addr_t reg_of_compatible(const void *fdt, const char *compat, int *nodep)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compat);
	u64 base, size;

	if (nodep)
		*nodep = node;
	if (node < 0 || fdt_get_reg(fdt, node, 0, &base, &size))
		return 0;
	return base;
}

static void parse_devices(const void *fdt)
{
	int node = -1;
	u64 base, size;
	u32 v;
	int len;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "riscv,aplic")) >= 0) {
		if (!fdt_getprop(fdt, node, "riscv,children", NULL) &&
		    !fdt_get_reg(fdt, node, 0, &base, &size)) {
			platform.aplic_base = base;
			break;
		}
	}
	platform.uart_base = reg_of_compatible(fdt, "ns16550a", &node);
	if (node >= 0) {
		const void *irq = fdt_getprop(fdt, node, "interrupts", &len);

		if (irq && len >= 4)            /* <source type>: the first cell */
			platform.uart_irq = fdt_read_u32(irq);
		if (!fdt_getprop_u32(fdt, node, "reg-shift", &v))
			platform.uart_reg_shift = v;
	}
	platform.test_base = reg_of_compatible(fdt, "sifive,test0", NULL);
	node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	if (node >= 0 && !fdt_get_reg(fdt, node, 0, &base, &size)) {
		platform.pci_ecam_base = base;
		platform.pci_ecam_size = size;
	}
}

void platform_parse_dt(phys_addr_t dtb_pa, unsigned long boot_hartid)
{
	const void *fdt = __va(dtb_pa);
	struct fdt_region mem[4], res[ARRAY_SIZE(platform.fw_reserved)];
	const char *args;
	u64 s, e;
	int i, n;

	if (fdt_check(fdt, 1 << 20))
		panic("bad device tree at %lx", dtb_pa);
	platform.dtb_pa = dtb_pa;
	platform.dtb_size = fdt_totalsize(fdt);
	if (fdt_memory_ranges(fdt, mem, ARRAY_SIZE(mem)) < 1)
		panic("no memory in the device tree");
	platform.ram_base = mem[0].base;
	platform.ram_end = mem[0].base + mem[0].size;
	n = fdt_reserved_ranges(fdt, res, ARRAY_SIZE(res));
	for (i = 0; i < n; i++) {
		platform.fw_reserved[i].base = res[i].base;
		platform.fw_reserved[i].size = res[i].size;
	}
	platform.nr_fw_reserved = n > 0 ? n : 0;
	parse_cpus(fdt, boot_hartid);
	parse_imsic(fdt);
	parse_devices(fdt);
	args = fdt_chosen_bootargs(fdt);
	if (args)
		strlcpy(platform.bootargs, args, sizeof(platform.bootargs));
	if (!fdt_chosen_initrd(fdt, &s, &e)) {
		platform.initrd_start = s;
		platform.initrd_end = e;
	}
}
