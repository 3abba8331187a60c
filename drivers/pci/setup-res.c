// SPDX-License-Identifier: MIT
/*
 * BAR sizing and placement arithmetic (Linux's pci_size and the core of
 * its resource allocator, reduced to a bump allocator per window). No
 * locks, no device access: the host tests run it as is.
 */
#include <shoal/kernel.h>
#include "pci.h"

void pci_window_init(struct pci_window *w, phys_addr_t start, u64 size, u64 offset)
{
	w->start = start;
	w->end = size ? start + size - 1 : 0;
	w->offset = offset;
	w->next = start;
	if (!size)
		w->start = 1;           /* start > end: an empty window */
}

int pci_window_alloc(struct pci_window *w, u64 size, phys_addr_t *start)
{
	phys_addr_t s;

	if (!size || (size & (size - 1)) || w->end < w->start)
		return -ENOSPC;
	s = ALIGN(w->next, size);
	/* wrapped (the cursor itself wraps to 0 after the top page), or past the end */
	if (s < w->next || s < w->start || s + size - 1 < s || s + size - 1 > w->end)
		return -ENOSPC;
	w->next = s + size;
	*start = s;
	return 0;
}

u64 pci_bar_size(u64 sized, u64 mask)
{
	u64 size = sized & mask;

	if (!size)
		return 0;
	return size & ~(size - 1);      /* the lowest writable address bit */
}
