/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree (DTB v16/v17) reader (lib/fdt.c).
 *
 * Read-only, no allocation, no global state: usable from the first lines of
 * boot, before the allocators exist. Nodes are named by their byte offset in
 * the structure block (as libfdt does); functions that look something up
 * return a node offset >= 0 or a negative errno (-ENOENT not found, -EINVAL
 * malformed blob, -ENOSPC output array too small).
 *
 * Call fdt_check() once on a blob you did not build yourself: it validates the
 * header and walks the whole structure block, so that every later call can
 * trust tokens, names and string offsets. The accessors still bound every
 * read by the block sizes, so a blob that was not checked cannot make them
 * read outside the blob, only return nonsense.
 *
 * Property values are big-endian 32-bit cells; fdt_read_cells() combines 1
 * or 2 cells into a u64.
 */
#ifndef _SHOAL_FDT_H
#define _SHOAL_FDT_H

#include <shoal/types.h>

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  0x1
#define FDT_END_NODE    0x2
#define FDT_PROP        0x3
#define FDT_NOP         0x4
#define FDT_END         0x9

struct fdt_header {             /* all fields big-endian */
	u32 magic;
	u32 totalsize;
	u32 off_dt_struct;
	u32 off_dt_strings;
	u32 off_mem_rsvmap;
	u32 version;
	u32 last_comp_version;
	u32 boot_cpuid_phys;
	u32 size_dt_strings;
	u32 size_dt_struct;
};

/* Open-coded: without Zbb, __builtin_bswap32 becomes a libgcc call. */
static inline u32 fdt32_to_cpu(u32 v)
{
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}
static inline u64 fdt64_to_cpu(u64 v)
{
	return (u64)fdt32_to_cpu((u32)v) << 32 | fdt32_to_cpu((u32)(v >> 32));
}
/* Read one big-endian cell from a possibly unaligned property value. */
static inline u32 fdt_read_u32(const void *p)
{
	const u8 *b = p;
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}
/* @cells (1 or 2; more: only the last two count) big-endian cells → u64. */
u64 fdt_read_cells(const void *p, int cells);

/* Header, then the whole structure block. @bufsize 0: trust totalsize. */
int fdt_check(const void *fdt, size_t bufsize);
size_t fdt_totalsize(const void *fdt);

/* Node iteration in document order. Start with offset -1 (the root comes
 * first, at depth 0) or with a node and *depth its depth (any base works:
 * depths are relative). Returns the next node's offset and sets *depth (may
 * be NULL), or -ENOENT at the end. */
int fdt_next_node(const void *fdt, int offset, int *depth);
/* Children of @parent, in order: first, then next until -ENOENT. */
int fdt_first_subnode(const void *fdt, int parent);
int fdt_next_subnode(const void *fdt, int node);
#define fdt_for_each_subnode(node, fdt, parent)                        \
	for (node = fdt_first_subnode(fdt, parent); node >= 0;         \
	     node = fdt_next_subnode(fdt, node))

/* The node's name with its unit address ("cpu@0"); "" for the root. */
const char *fdt_get_name(const void *fdt, int node, int *lenp);
/* "/cpus/cpu@1"; a component without '@' also matches "name@addr". */
int fdt_path_offset(const void *fdt, const char *path);
int fdt_parent_offset(const void *fdt, int node);
/* Full path of @node into buf: 0 or -ENOSPC. */
int fdt_get_path(const void *fdt, int node, char *buf, size_t size);

/* Property value of @node, or NULL; *lenp gets its length (may be NULL). */
const void *fdt_getprop(const void *fdt, int node, const char *name, int *lenp);
/* Property as one u32 / a u64 (1 or 2 cells): 0, -ENOENT or -EINVAL. */
int fdt_getprop_u32(const void *fdt, int node, const char *name, u32 *out);
int fdt_getprop_u64(const void *fdt, int node, const char *name, u64 *out);
/* Is @str one of the NUL-separated strings of property @name? */
bool fdt_prop_has_string(const void *fdt, int node, const char *name, const char *str);
/* 0 if @node's "compatible" lists @compat, else 1 (libfdt's convention). */
int fdt_node_check_compatible(const void *fdt, int node, const char *compat);
/* First node after @start (-1: from the top) compatible with @compat. */
int fdt_node_offset_by_compatible(const void *fdt, int start, const char *compat);
int fdt_node_offset_by_phandle(const void *fdt, u32 phandle);
u32 fdt_get_phandle(const void *fdt, int node);    /* 0 if none */

/* #address-cells / #size-cells that @node gives its children (2 and 1 if absent). */
int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);
/* Entry @idx of @node's "reg", decoded with its parent's cell sizes. */
int fdt_get_reg(const void *fdt, int node, int idx, u64 *addr, u64 *size);

/* One entry of "interrupts-extended": the controller and its specifier. */
#define FDT_MAX_IRQ_CELLS 4
struct fdt_irq {
	int ctrl;                       /* node offset of the interrupt controller */
	u32 phandle;
	int ncells;                     /* controller's #interrupt-cells */
	u32 cells[FDT_MAX_IRQ_CELLS];
};
/* Decode up to @max entries; returns how many, or a negative errno. */
int fdt_get_interrupts_extended(const void *fdt, int node, struct fdt_irq *out, int max);
/* For a "riscv,cpu-intc" node: the hart id of the cpu node containing it. */
int fdt_intc_hartid(const void *fdt, int intc, unsigned long *hartid);

/* /chosen */
const char *fdt_chosen_bootargs(const void *fdt);          /* NULL if none */
int fdt_chosen_initrd(const void *fdt, u64 *start, u64 *end);
/* "/chosen/stdout-path" resolved to a node (options after ':' ignored). */
int fdt_chosen_stdout(const void *fdt);

/* RAM: every reg entry of every device_type = "memory" node. */
struct fdt_region { u64 base, size; };
int fdt_memory_ranges(const void *fdt, struct fdt_region *out, int max);
/* Memory the kernel must not touch: the header's reservation map plus every
 * /reserved-memory child with a reg (the firmware's, e.g. OpenSBI's). */
int fdt_reserved_ranges(const void *fdt, struct fdt_region *out, int max);

/* /cpus/cpu@N */
struct fdt_cpu {
	int node;
	unsigned long hartid;           /* reg */
	bool enabled;                   /* status absent, "okay" or "ok" */
	const char *isa;                /* riscv,isa or "" */
	const char *mmu_type;           /* mmu-type or "" (e.g. "riscv,sv48") */
	int intc;                       /* its riscv,cpu-intc child, or -ENOENT */
};
int fdt_cpus(const void *fdt, struct fdt_cpu *out, int max);
/* Does the riscv,isa string name extension @ext (single letter or multi-letter, e.g. "sstc")? */
bool fdt_isa_has_ext(const char *isa, const char *ext);
/* timebase-frequency on /cpus (or on the first cpu node); 0 if absent. */
u64 fdt_timebase_frequency(const void *fdt);

#endif
