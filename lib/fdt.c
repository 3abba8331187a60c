// SPDX-License-Identifier: MIT
/*
 * Flattened device tree reader (DTB v17), used at boot before any allocator
 * exists: no allocation, no global state. See include/shoal/fdt.h.
 *
 * Every structure-block access goes through next_tag(), which checks that
 * the token, the node name and the property value lie inside the structure
 * block; string offsets are checked against the strings block. So even an
 * unchecked blob cannot make these functions read outside it (given a
 * truthful header); fdt_check() additionally validates the header against
 * the buffer and the nesting of the whole tree.
 */
#include <shoal/kernel.h>
#include <shoal/fdt.h>

#define FDT_BAD 0               /* next_tag(): malformed token */
#define MAX_DEPTH 64

#define HDR(fdt, f) fdt32_to_cpu(((const struct fdt_header *)(fdt))->f)

static const u8 *struct_block(const void *fdt)
{
	return (const u8 *)fdt + HDR(fdt, off_dt_struct);
}

static u32 struct_size(const void *fdt)
{
	if (HDR(fdt, version) < 17)
		return HDR(fdt, totalsize) - HDR(fdt, off_dt_struct);
	return HDR(fdt, size_dt_struct);
}

/* String at @off in the strings block, or NULL if it is not NUL-terminated inside it. */
static const char *string_at(const void *fdt, u32 off)
{
	const char *s = (const char *)fdt + HDR(fdt, off_dt_strings);
	u32 size = HDR(fdt, size_dt_strings);

	if (off >= size || strnlen(s + off, size - off) == size - off)
		return NULL;
	return s + off;
}

/* The token at @off; *next = offset of the following token. FDT_BAD if malformed. */
static u32 next_tag(const void *fdt, int off, int *next)
{
	const u8 *b = struct_block(fdt);
	u32 size = struct_size(fdt), tag, len;
	size_t n;

	if (off < 0 || (off & 3) || (u32)off + 4 > size)
		return FDT_BAD;
	tag = fdt_read_u32(b + off);
	off += 4;
	switch (tag) {
	case FDT_BEGIN_NODE:
		n = strnlen((const char *)b + off, size - off);
		if (n == size - off)
			return FDT_BAD;
		off += n + 1;
		break;
	case FDT_PROP:
		if ((u32)off + 8 > size)
			return FDT_BAD;
		len = fdt_read_u32(b + off);
		off += 8;
		if (len > size - off)
			return FDT_BAD;
		off += len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return FDT_BAD;
	}
	*next = ALIGN(off, 4);
	return tag;
}

u64 fdt_read_cells(const void *p, int cells)
{
	const u8 *b = p;
	u64 v = 0;
	int i;

	for (i = 0; i < cells; i++)
		v = v << 32 | fdt_read_u32(b + 4 * i);
	return v;
}

size_t fdt_totalsize(const void *fdt)
{
	return HDR(fdt, totalsize);
}

static int check_header(const void *fdt, size_t bufsize)
{
	u64 total;

	if (!fdt || ((uintptr_t)fdt & 3))
		return -EINVAL;
	if (bufsize && bufsize < sizeof(struct fdt_header))
		return -EINVAL;
	total = HDR(fdt, totalsize);
	if (HDR(fdt, magic) != FDT_MAGIC || total < sizeof(struct fdt_header))
		return -EINVAL;
	if ((bufsize && total > bufsize) || HDR(fdt, version) < 16 || HDR(fdt, last_comp_version) > 17)
		return -EINVAL;
	if (HDR(fdt, off_dt_struct) > total || HDR(fdt, off_dt_struct) & 3)
		return -EINVAL;
	if ((u64)HDR(fdt, off_dt_struct) + struct_size(fdt) > total)
		return -EINVAL;
	if ((u64)HDR(fdt, off_dt_strings) + HDR(fdt, size_dt_strings) > total)
		return -EINVAL;
	if ((u64)HDR(fdt, off_mem_rsvmap) + 16 > total || (HDR(fdt, off_mem_rsvmap) & 7))
		return -EINVAL;
	return 0;
}

/* The reservation map must end with a (0, 0) entry inside the blob. */
static int check_rsvmap(const void *fdt)
{
	const u8 *p = (const u8 *)fdt + HDR(fdt, off_mem_rsvmap);
	const u8 *end = (const u8 *)fdt + HDR(fdt, totalsize);

	for (; p + 16 <= end; p += 16)
		if (!fdt_read_cells(p, 2) && !fdt_read_cells(p + 8, 2))
			return 0;
	return -EINVAL;
}

/* One root node, balanced nesting, properties inside nodes, valid names. */
static int check_struct(const void *fdt)
{
	int off = 0, next, depth = 0, roots = 0;
	const u8 *b = struct_block(fdt);

	for (;;) {
		switch (next_tag(fdt, off, &next)) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && roots++)
				return -EINVAL;
			if (++depth > MAX_DEPTH)
				return -EINVAL;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return -EINVAL;
			break;
		case FDT_PROP:
			if (depth == 0 || !string_at(fdt, fdt_read_u32(b + off + 8)))
				return -EINVAL;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 && roots == 1 ? 0 : -EINVAL;
		default:
			return -EINVAL;
		}
		off = next;
	}
}

int fdt_check(const void *fdt, size_t bufsize)
{
	int err = check_header(fdt, bufsize);

	if (!err)
		err = check_rsvmap(fdt);
	if (!err)
		err = check_struct(fdt);
	return err;
}

int fdt_next_node(const void *fdt, int offset, int *depth)
{
	int d, next;

	/* d: the depth a node starting here would have */
	if (offset < 0) {
		d = 0;
		next = 0;
	} else {
		d = (depth ? *depth : 0) + 1;
		if (next_tag(fdt, offset, &next) != FDT_BEGIN_NODE)
			return -EINVAL;
	}
	for (;;) {
		offset = next;
		switch (next_tag(fdt, offset, &next)) {
		case FDT_BEGIN_NODE:
			if (depth)
				*depth = d;
			return offset;
		case FDT_END_NODE:
			d--;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_END:
			return -ENOENT;
		default:
			return -EINVAL;
		}
	}
}

int fdt_first_subnode(const void *fdt, int parent)
{
	int d = 0, off = fdt_next_node(fdt, parent, &d);

	if (off < 0)
		return off;
	return d == 1 ? off : -ENOENT;
}

int fdt_next_subnode(const void *fdt, int node)
{
	int d = 0;

	do {
		node = fdt_next_node(fdt, node, &d);
		if (node < 0)
			return node;
	} while (d > 0);
	return d == 0 ? node : -ENOENT;
}

const char *fdt_get_name(const void *fdt, int node, int *lenp)
{
	int next;
	const char *name;

	if (next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return NULL;
	name = (const char *)struct_block(fdt) + node + 4;
	if (lenp)
		*lenp = strlen(name);
	return name;
}

const void *fdt_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	const u8 *b = struct_block(fdt);
	const char *pname;
	int off, next;

	if (next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return NULL;
	for (;;) {
		off = next;
		switch (next_tag(fdt, off, &next)) {
		case FDT_NOP:
			continue;
		case FDT_PROP:
			pname = string_at(fdt, fdt_read_u32(b + off + 8));
			if (!pname || strcmp(pname, name))
				continue;
			if (lenp)
				*lenp = fdt_read_u32(b + off + 4);
			return b + off + 12;
		default:
			return NULL;    /* subnodes follow the properties */
		}
	}
}

int fdt_getprop_u32(const void *fdt, int node, const char *name, u32 *out)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4)
		return -EINVAL;
	*out = fdt_read_u32(p);
	return 0;
}

int fdt_getprop_u64(const void *fdt, int node, const char *name, u64 *out)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4 && len != 8)
		return -EINVAL;
	*out = fdt_read_cells(p, len / 4);
	return 0;
}

bool fdt_prop_has_string(const void *fdt, int node, const char *name, const char *str)
{
	int len, n;
	const char *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return false;
	while (len > 0) {
		n = strnlen(p, len);
		if (n < len && !strcmp(p, str))
			return true;
		p += n + 1;
		len -= n + 1;
	}
	return false;
}

int fdt_node_check_compatible(const void *fdt, int node, const char *compat)
{
	return fdt_prop_has_string(fdt, node, "compatible", compat) ? 0 : 1;
}

int fdt_node_offset_by_compatible(const void *fdt, int start, const char *compat)
{
	int node = start, d = 0;

	while ((node = fdt_next_node(fdt, node, &d)) >= 0)
		if (!fdt_node_check_compatible(fdt, node, compat))
			return node;
	return node;
}

u32 fdt_get_phandle(const void *fdt, int node)
{
	u32 ph;

	if (!fdt_getprop_u32(fdt, node, "phandle", &ph) ||
	    !fdt_getprop_u32(fdt, node, "linux,phandle", &ph))
		return ph;
	return 0;
}

int fdt_node_offset_by_phandle(const void *fdt, u32 phandle)
{
	int node = -1, d = 0;

	if (!phandle || phandle == 0xffffffff)
		return -EINVAL;
	while ((node = fdt_next_node(fdt, node, &d)) >= 0)
		if (fdt_get_phandle(fdt, node) == phandle)
			return node;
	return node;
}

static bool has_unit_address(const char *c, size_t len)
{
	while (len--)
		if (*c++ == '@')
			return true;
	return false;
}

/* Does node name @name match path component [c, c+len)? "memory" matches "memory@8000". */
static bool name_matches(const char *name, const char *c, size_t len)
{
	if (strncmp(name, c, len))
		return false;
	return name[len] == '\0' || (name[len] == '@' && !has_unit_address(c, len));
}

static int subnode_by_name(const void *fdt, int parent, const char *c, size_t len)
{
	int node;

	fdt_for_each_subnode(node, fdt, parent)
		if (name_matches(fdt_get_name(fdt, node, NULL), c, len))
			return node;
	return node;
}

/* "serial0" or "serial0/sub": the first component is looked up in /aliases. */
static int resolve_alias(const void *fdt, const char **path)
{
	const char *p = *path, *slash = strchr(p, '/');
	size_t len = slash ? (size_t)(slash - p) : strlen(p);
	char name[32];
	const char *target;
	int aliases = fdt_path_offset(fdt, "/aliases"), n;

	if (aliases < 0 || len >= sizeof(name))
		return -ENOENT;
	memcpy(name, p, len);
	name[len] = '\0';
	target = fdt_getprop(fdt, aliases, name, &n);
	if (!target || n < 2 || target[n - 1] || target[0] != '/')
		return -ENOENT;
	*path = p + len;
	return fdt_path_offset(fdt, target);
}

int fdt_path_offset(const void *fdt, const char *path)
{
	int node;
	size_t len;

	if (*path != '/') {
		node = resolve_alias(fdt, &path);
		if (node < 0)
			return node;
	} else {
		node = fdt_next_node(fdt, -1, NULL);
	}
	while (node >= 0) {
		while (*path == '/')
			path++;
		if (!*path)
			return node;
		len = strchr(path, '/') ? (size_t)(strchr(path, '/') - path) : strlen(path);
		node = subnode_by_name(fdt, node, path, len);
		path += len;
	}
	return node;
}

/* Walks from the root keeping the chain of ancestors. */
int fdt_parent_offset(const void *fdt, int node)
{
	int stack[MAX_DEPTH + 1];
	int off = -1, d = 0;

	while ((off = fdt_next_node(fdt, off, &d)) >= 0) {
		if (d > MAX_DEPTH)
			return -EINVAL;
		stack[d] = off;
		if (off == node)
			return d > 0 ? stack[d - 1] : -ENOENT;
	}
	return off;
}

static int path_append(char *buf, size_t size, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n + 1 > size)
		return -ENOSPC;
	memcpy(buf + *pos, s, n + 1);
	*pos += n;
	return 0;
}

int fdt_get_path(const void *fdt, int node, char *buf, size_t size)
{
	int stack[MAX_DEPTH + 1];
	int off = -1, d = 0, i;
	size_t pos = 0;

	while ((off = fdt_next_node(fdt, off, &d)) >= 0 && off != node)
		if (d <= MAX_DEPTH)
			stack[d] = off;
	if (off < 0 || d > MAX_DEPTH)
		return off < 0 ? off : -EINVAL;
	stack[d] = off;
	if (path_append(buf, size, &pos, "/"))
		return -ENOSPC;
	for (i = 1; i <= d; i++) {
		if ((i > 1 && path_append(buf, size, &pos, "/")) ||
		    path_append(buf, size, &pos, fdt_get_name(fdt, stack[i], NULL)))
			return -ENOSPC;
	}
	return 0;
}

static int cells_prop(const void *fdt, int node, const char *name, int dflt)
{
	u32 v;
	int err = fdt_getprop_u32(fdt, node, name, &v);

	if (err == -ENOENT)
		return dflt;
	if (err || v > 4)
		return -EINVAL;
	return v;
}

int fdt_address_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

/* reg entry @idx with explicit cell sizes (the parent's). */
static int reg_entry(const void *fdt, int node, int ac, int sc, int idx, u64 *addr, u64 *size)
{
	int len, esize = 4 * (ac + sc);
	const u8 *p = fdt_getprop(fdt, node, "reg", &len);

	if (!p)
		return -ENOENT;
	if (ac <= 0 || sc < 0 || idx < 0 || (idx + 1) * esize > len)
		return ac <= 0 || sc < 0 ? -EINVAL : -ENOENT;
	p += idx * esize;
	if (addr)
		*addr = fdt_read_cells(p, ac);
	if (size)
		*size = fdt_read_cells(p + 4 * ac, sc);
	return 0;
}

int fdt_get_reg(const void *fdt, int node, int idx, u64 *addr, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);

	if (parent < 0)
		return parent;
	return reg_entry(fdt, node, fdt_address_cells(fdt, parent),
			 fdt_size_cells(fdt, parent), idx, addr, size);
}

int fdt_get_interrupts_extended(const void *fdt, int node, struct fdt_irq *out, int max)
{
	int len, pos = 0, n = 0, i;
	const u8 *p = fdt_getprop(fdt, node, "interrupts-extended", &len);
	struct fdt_irq irq;
	u32 nc;

	if (!p)
		return -ENOENT;
	while (pos + 4 <= len) {
		irq.phandle = fdt_read_u32(p + pos);
		irq.ctrl = fdt_node_offset_by_phandle(fdt, irq.phandle);
		if (irq.ctrl < 0 || fdt_getprop_u32(fdt, irq.ctrl, "#interrupt-cells", &nc))
			return -EINVAL;
		if (nc > FDT_MAX_IRQ_CELLS || pos + 4 + 4 * (int)nc > len)
			return -EINVAL;
		if (n >= max)
			return -ENOSPC;
		irq.ncells = nc;
		for (i = 0; i < (int)nc; i++)
			irq.cells[i] = fdt_read_u32(p + pos + 4 + 4 * i);
		out[n++] = irq;
		pos += 4 + 4 * nc;
	}
	return pos == len ? n : -EINVAL;
}

int fdt_intc_hartid(const void *fdt, int intc, unsigned long *hartid)
{
	int cpu = fdt_parent_offset(fdt, intc);
	u64 reg;
	int err;

	if (cpu < 0)
		return cpu;
	if (!fdt_prop_has_string(fdt, cpu, "device_type", "cpu"))
		return -EINVAL;
	err = fdt_get_reg(fdt, cpu, 0, &reg, NULL);
	if (!err)
		*hartid = reg;
	return err;
}

const char *fdt_chosen_bootargs(const void *fdt)
{
	int len, chosen = fdt_path_offset(fdt, "/chosen");
	const char *s;

	if (chosen < 0)
		return NULL;
	s = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (!s || len < 1 || s[len - 1])
		return NULL;
	return s;
}

int fdt_chosen_initrd(const void *fdt, u64 *start, u64 *end)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), err;

	if (chosen < 0)
		return chosen;
	err = fdt_getprop_u64(fdt, chosen, "linux,initrd-start", start);
	if (!err)
		err = fdt_getprop_u64(fdt, chosen, "linux,initrd-end", end);
	if (!err && *end < *start)
		err = -EINVAL;
	return err;
}

int fdt_chosen_stdout(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const char *s;
	char path[128];
	size_t n;

	if (chosen < 0)
		return chosen;
	s = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!s || len < 1 || s[len - 1])
		return -ENOENT;
	n = strchr(s, ':') ? (size_t)(strchr(s, ':') - s) : strlen(s);
	if (n >= sizeof(path))
		return -EINVAL;
	memcpy(path, s, n);
	path[n] = '\0';
	return fdt_path_offset(fdt, path);
}

/* Append every reg entry of @node to out[*n]. */
static int add_reg_ranges(const void *fdt, int node, struct fdt_region *out, int max, int *n)
{
	int idx, err;
	u64 base, size;

	for (idx = 0; !(err = fdt_get_reg(fdt, node, idx, &base, &size)); idx++) {
		if (*n >= max)
			return -ENOSPC;
		out[*n].base = base;
		out[*n].size = size;
		(*n)++;
	}
	return err == -ENOENT ? 0 : err;
}

int fdt_memory_ranges(const void *fdt, struct fdt_region *out, int max)
{
	int node = -1, d = 0, n = 0, err;

	while ((node = fdt_next_node(fdt, node, &d)) >= 0) {
		if (!fdt_prop_has_string(fdt, node, "device_type", "memory"))
			continue;
		err = add_reg_ranges(fdt, node, out, max, &n);
		if (err)
			return err;
	}
	return node == -ENOENT ? n : node;
}

int fdt_reserved_ranges(const void *fdt, struct fdt_region *out, int max)
{
	const u8 *p = (const u8 *)fdt + HDR(fdt, off_mem_rsvmap);
	const u8 *end = (const u8 *)fdt + HDR(fdt, totalsize);
	int n = 0, rm, node, err;

	for (; p + 16 <= end; p += 16) {
		u64 base = fdt_read_cells(p, 2), size = fdt_read_cells(p + 8, 2);
		if (!base && !size)
			break;
		if (n >= max)
			return -ENOSPC;
		out[n].base = base;
		out[n++].size = size;
	}
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0)
		return n;
	fdt_for_each_subnode(node, fdt, rm) {
		err = add_reg_ranges(fdt, node, out, max, &n);
		if (err)
			return err;
	}
	return n;
}

static const char *string_prop(const void *fdt, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	return s && len > 0 && !s[len - 1] ? s : "";
}

static int fill_cpu(const void *fdt, int cpus, int node, struct fdt_cpu *c)
{
	u64 hartid;
	const char *status = string_prop(fdt, node, "status");
	int err = reg_entry(fdt, node, fdt_address_cells(fdt, cpus), fdt_size_cells(fdt, cpus), 0, &hartid, NULL);

	if (err)
		return err;
	c->node = node;
	c->hartid = hartid;
	c->enabled = !*status || !strcmp(status, "okay") || !strcmp(status, "ok");
	c->isa = string_prop(fdt, node, "riscv,isa");
	c->mmu_type = string_prop(fdt, node, "mmu-type");
	fdt_for_each_subnode(c->intc, fdt, node)
		if (!fdt_node_check_compatible(fdt, c->intc, "riscv,cpu-intc"))
			break;
	return 0;
}

int fdt_cpus(const void *fdt, struct fdt_cpu *out, int max)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, n = 0, err;

	if (cpus < 0)
		return cpus;
	fdt_for_each_subnode(node, fdt, cpus) {
		if (!fdt_prop_has_string(fdt, node, "device_type", "cpu"))
			continue;
		if (n >= max)
			return -ENOSPC;
		err = fill_cpu(fdt, cpus, node, &out[n]);
		if (err)
			return err;
		n++;
	}
	return n;
}

/* Single-letter extensions follow "rv64" up to the first '_'; 'g' = imafd. */
static bool isa_has_letter(const char *isa, char ext)
{
	if (strncmp(isa, "rv32", 4) && strncmp(isa, "rv64", 4))
		return false;
	for (isa += 4; *isa && *isa != '_'; isa++)
		if (*isa == ext || (*isa == 'g' && strchr("imafd", ext)))
			return true;
	return false;
}

bool fdt_isa_has_ext(const char *isa, const char *ext)
{
	size_t n = strlen(ext);
	const char *p;

	if (n == 1)
		return isa_has_letter(isa, ext[0]);
	for (p = strchr(isa, '_'); p; p = strchr(p + 1, '_'))
		if (!strncmp(p + 1, ext, n) && (p[n + 1] == '_' || p[n + 1] == '\0'))
			return true;
	return false;
}

u64 fdt_timebase_frequency(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	u64 f;

	if (cpus < 0)
		return 0;
	if (!fdt_getprop_u64(fdt, cpus, "timebase-frequency", &f))
		return f;
	fdt_for_each_subnode(node, fdt, cpus)
		if (!fdt_getprop_u64(fdt, node, "timebase-frequency", &f))
			return f;
	return 0;
}
