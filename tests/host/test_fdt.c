// SPDX-License-Identifier: MIT
/*
 * lib/fdt.c on the device tree of QEMU's `virt,aia=aplic-imsic` with 4 harts
 * (tests/host/data/qemu-virt-aia.dts, compiled with the host's dtc here),
 * plus corrupted and truncated blobs.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/fdt.h>

static void *dtb;
static size_t dtb_len;

static void load_dtb(void)
{
	void *raw = host_run_capture("dtc -q -I dts -O dtb tests/host/data/qemu-virt-aia.dts", &dtb_len);

	ck_assert_msg(raw, "dtc failed (is device-tree-compiler installed?)");
	dtb = aligned_alloc(8, (dtb_len + 7) & ~7UL);
	memcpy(dtb, raw, dtb_len);
	free(raw);
	ck_assert_int_eq(fdt_check(dtb, dtb_len), 0);
}

static void unload_dtb(void)
{
	free(dtb);
	dtb = NULL;
}

START_TEST(test_header_and_walk)
{
	int node = -1, depth = 0, n = 0, maxdepth = 0;
	char path[128];

	ck_assert_uint_eq(fdt_totalsize(dtb), dtb_len);
	while ((node = fdt_next_node(dtb, node, &depth)) >= 0) {
		if (n == 0)
			ck_assert_int_eq(depth, 0);
		n++;
		if (depth > maxdepth)
			maxdepth = depth;
	}
	ck_assert_int_eq(node, -ENOENT);
	ck_assert_int_gt(n, 30);
	ck_assert_int_eq(maxdepth, 4);          /* /cpus/cpu-map/cluster0/core0 */
	node = fdt_path_offset(dtb, "/cpus/cpu@2/interrupt-controller");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_get_path(dtb, node, path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/cpus/cpu@2/interrupt-controller");
	ck_assert_int_eq(fdt_get_path(dtb, node, path, 10), -ENOSPC);
	ck_assert_int_eq(fdt_get_path(dtb, 0, path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/");
}
END_TEST

START_TEST(test_paths)
{
	int mem = fdt_path_offset(dtb, "/memory@80000000");

	ck_assert_int_ge(mem, 0);
	ck_assert_int_eq(fdt_path_offset(dtb, "/memory"), mem);        /* unit address optional */
	ck_assert_int_eq(fdt_path_offset(dtb, "/"), 0);
	ck_assert_int_eq(fdt_path_offset(dtb, "/nonexistent"), -ENOENT);
	ck_assert_int_eq(fdt_path_offset(dtb, "/cpus/cpu@9"), -ENOENT);
	ck_assert_str_eq(fdt_get_name(dtb, mem, NULL), "memory@80000000");
	ck_assert_int_eq(fdt_parent_offset(dtb, mem), 0);
	ck_assert_int_eq(fdt_parent_offset(dtb, fdt_path_offset(dtb, "/cpus/cpu@1")),
			 fdt_path_offset(dtb, "/cpus"));
}
END_TEST

START_TEST(test_memory)
{
	struct fdt_region r[4];

	ck_assert_int_eq(fdt_memory_ranges(dtb, r, 4), 1);
	ck_assert_uint_eq(r[0].base, 0x80000000UL);
	ck_assert_uint_eq(r[0].size, 512UL << 20);
	ck_assert_int_eq(fdt_memory_ranges(dtb, r, 0), -ENOSPC);
	ck_assert_int_eq(fdt_reserved_ranges(dtb, r, 4), 1);
	ck_assert_uint_eq(r[0].base, 0x80000000UL);
	ck_assert_uint_eq(r[0].size, 0x40000);
}
END_TEST

START_TEST(test_cpus)
{
	struct fdt_cpu c[8];
	int i, n = fdt_cpus(dtb, c, 8);
	unsigned long hart;

	ck_assert_int_eq(n, 4);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(c[i].hartid, i);
		ck_assert(c[i].enabled);
		ck_assert_str_eq(c[i].mmu_type, "riscv,sv48");
		ck_assert(fdt_isa_has_ext(c[i].isa, "sstc"));
		ck_assert(fdt_isa_has_ext(c[i].isa, "ssaia"));
		ck_assert(fdt_isa_has_ext(c[i].isa, "a"));
		ck_assert(fdt_isa_has_ext(c[i].isa, "h"));
		ck_assert(!fdt_isa_has_ext(c[i].isa, "v"));
		ck_assert(!fdt_isa_has_ext(c[i].isa, "ss"));
		ck_assert(!fdt_isa_has_ext(c[i].isa, "svpbmt"));
		ck_assert_int_ge(c[i].intc, 0);
		ck_assert_int_eq(fdt_intc_hartid(dtb, c[i].intc, &hart), 0);
		ck_assert_uint_eq(hart, i);
	}
	ck_assert_int_eq(fdt_cpus(dtb, c, 3), -ENOSPC);
	ck_assert_uint_eq(fdt_timebase_frequency(dtb), 10000000);
	ck_assert(fdt_isa_has_ext("rv64gc", "d"));
	ck_assert(!fdt_isa_has_ext("rv64gc", "h"));
}
END_TEST

/* The S-level IMSIC: one interrupt file per hart, reached through the harts' intc (IRQ 9 = S external). */
START_TEST(test_imsic_aplic)
{
	int imsic = -1, aplic, n, i, found = 0;
	struct fdt_irq irq[8];
	unsigned long hart;
	u64 base, size;
	u32 v;

	while ((imsic = fdt_node_offset_by_compatible(dtb, imsic, "riscv,imsics")) >= 0) {
		found++;
		ck_assert_int_eq(fdt_get_reg(dtb, imsic, 0, &base, &size), 0);
		if (base != 0x28000000)
			continue;
		ck_assert_uint_eq(size, 0x4000);
		n = fdt_get_interrupts_extended(dtb, imsic, irq, 8);
		ck_assert_int_eq(n, 4);
		for (i = 0; i < n; i++) {
			ck_assert_int_eq(irq[i].ncells, 1);
			ck_assert_uint_eq(irq[i].cells[0], 9);
			ck_assert_int_eq(fdt_node_check_compatible(dtb, irq[i].ctrl, "riscv,cpu-intc"), 0);
			ck_assert_int_eq(fdt_intc_hartid(dtb, irq[i].ctrl, &hart), 0);
			ck_assert_uint_eq(hart, i);
		}
		ck_assert_int_eq(fdt_get_interrupts_extended(dtb, imsic, irq, 2), -ENOSPC);
		ck_assert_int_eq(fdt_getprop_u32(dtb, imsic, "riscv,num-ids", &v), 0);
		ck_assert_uint_eq(v, 255);
		ck_assert(fdt_getprop(dtb, imsic, "msi-controller", &n) && n == 0);
	}
	ck_assert_int_eq(found, 2);
	/* The S-mode APLIC is the one with an msi-parent and no riscv,children. */
	aplic = fdt_path_offset(dtb, "/soc/aplic@d000000");
	ck_assert_int_ge(aplic, 0);
	ck_assert_int_eq(fdt_node_check_compatible(dtb, aplic, "riscv,aplic"), 0);
	ck_assert_int_eq(fdt_getprop_u32(dtb, aplic, "msi-parent", &v), 0);
	ck_assert_int_eq(fdt_get_reg(dtb, fdt_node_offset_by_phandle(dtb, v), 0, &base, NULL), 0);
	ck_assert_uint_eq(base, 0x28000000);
	ck_assert_int_eq(fdt_getprop_u32(dtb, aplic, "riscv,num-sources", &v), 0);
	ck_assert_uint_eq(v, 96);
	ck_assert_int_eq(fdt_node_offset_by_phandle(dtb, 12345), -ENOENT);
}
END_TEST

START_TEST(test_chosen)
{
	u64 s, e;
	int uart;
	u64 base;

	ck_assert_str_eq(fdt_chosen_bootargs(dtb), "console=ttyS0 ip=10.0.2.15::10.0.2.2:255.255.255.0 init=/sbin/init");
	ck_assert_int_eq(fdt_chosen_initrd(dtb, &s, &e), 0);
	ck_assert_uint_eq(s, 0x88000000);
	ck_assert_uint_eq(e, 0x88400000);
	uart = fdt_chosen_stdout(dtb);
	ck_assert_int_ge(uart, 0);
	ck_assert_int_eq(fdt_node_check_compatible(dtb, uart, "ns16550a"), 0);
	ck_assert_int_eq(fdt_get_reg(dtb, uart, 0, &base, NULL), 0);
	ck_assert_uint_eq(base, 0x10000000);
	ck_assert_int_eq(fdt_node_offset_by_compatible(dtb, -1, "ns16550a"), uart);
	ck_assert_int_eq(fdt_node_offset_by_compatible(dtb, uart, "ns16550a"), -ENOENT);
}
END_TEST

START_TEST(test_pci_and_test_device)
{
	int pci = fdt_node_offset_by_compatible(dtb, -1, "pci-host-ecam-generic");
	int test = fdt_node_offset_by_compatible(dtb, -1, "sifive,test0");
	u64 base, size;

	ck_assert_int_ge(pci, 0);
	ck_assert_int_eq(fdt_get_reg(dtb, pci, 0, &base, &size), 0);
	ck_assert_uint_eq(base, 0x30000000);
	ck_assert_uint_eq(size, 0x10000000);
	ck_assert_int_eq(fdt_address_cells(dtb, pci), 3);
	ck_assert_int_eq(fdt_size_cells(dtb, pci), 2);
	ck_assert_int_ge(test, 0);
	ck_assert_int_eq(fdt_get_reg(dtb, test, 0, &base, NULL), 0);
	ck_assert_uint_eq(base, 0x100000);
	ck_assert_int_eq(fdt_get_reg(dtb, test, 1, &base, NULL), -ENOENT);
}
END_TEST

static void set_be32(void *p, u32 v)
{
	unsigned char *b = p;

	b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v;
}

START_TEST(test_corrupt)
{
	unsigned char *copy = aligned_alloc(8, (dtb_len + 7) & ~7UL);
	struct fdt_header *h = (struct fdt_header *)copy;
	size_t i;
	unsigned int seed;

	/* truncated: every shorter buffer is refused (0 means "trust totalsize") */
	for (i = 1; i < dtb_len; i += (i < 64 ? 1 : 97))
		ck_assert_int_eq(fdt_check(dtb, i), -EINVAL);
#define CORRUPT(field, val) do {                                   \
		memcpy(copy, dtb, dtb_len);                        \
		set_be32(&h->field, val);                          \
		ck_assert_int_eq(fdt_check(copy, dtb_len), -EINVAL); \
	} while (0)
	CORRUPT(magic, 0xd00dfeee);
	CORRUPT(totalsize, dtb_len + 4);
	CORRUPT(totalsize, 8);
	CORRUPT(version, 15);
	CORRUPT(last_comp_version, 18);
	CORRUPT(off_dt_struct, 0xfffffff0);
	CORRUPT(size_dt_struct, dtb_len);
	CORRUPT(off_dt_strings, dtb_len - 4);
	CORRUPT(size_dt_strings, 0x7fffffff);
	/* a bad token and a property name offset outside the strings */
	memcpy(copy, dtb, dtb_len);
	set_be32(copy + fdt32_to_cpu(h->off_dt_struct), 7);
	ck_assert_int_eq(fdt_check(copy, dtb_len), -EINVAL);
	memcpy(copy, dtb, dtb_len);
	set_be32(copy + fdt32_to_cpu(h->off_dt_struct) + 8 + 8, 0x100000);
	ck_assert_int_eq(fdt_check(copy, dtb_len), -EINVAL);
	/* random byte flips in the structure block: check() may accept or refuse,
	 * but the accessors must never read outside (ASan watches). */
	for (seed = 0; seed < 300; seed++) {
		struct fdt_cpu c[8];
		struct fdt_region r[8];

		memcpy(copy, dtb, dtb_len);
		srand(seed);
		for (i = 0; i < 4; i++)
			copy[fdt32_to_cpu(h->off_dt_struct) + rand() % fdt32_to_cpu(h->size_dt_struct)] = rand();
		if (fdt_check(copy, dtb_len))
			continue;
		fdt_cpus(copy, c, 8);
		fdt_memory_ranges(copy, r, 8);
		fdt_chosen_bootargs(copy);
		fdt_path_offset(copy, "/soc/aplic@d000000");
	}
	free(copy);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fdt");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, load_dtb, unload_dtb);
	tcase_add_test(tc, test_header_and_walk);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_memory);
	tcase_add_test(tc, test_cpus);
	tcase_add_test(tc, test_imsic_aplic);
	tcase_add_test(tc, test_chosen);
	tcase_add_test(tc, test_pci_and_test_device);
	tcase_add_test(tc, test_corrupt);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
