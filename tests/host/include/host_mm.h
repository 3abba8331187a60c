/* SPDX-License-Identifier: MIT */
/* Simulated RAM for the page allocator tests: aligned host memory, "physical" = virtual. */
#ifndef _HOST_MM_H
#define _HOST_MM_H

#include <stdlib.h>
#include <shoal/mm.h>

#define HOST_RAM_SIZE   (32UL << 20)
#define HOST_RAM_ALIGN  (4UL << 20)     /* a MAX_ORDER block */

static unsigned long host_ram;
/* Unaligned on purpose: page_alloc_init rounds them outward. */
static struct mem_region host_reserved[3];

static inline void host_ram_init(void)
{
	host_ram = (unsigned long)aligned_alloc(HOST_RAM_ALIGN, HOST_RAM_SIZE);
	host_reserved[0] = (struct mem_region){ host_ram, (2UL << 20) + 100 };                 /* "kernel image" */
	host_reserved[1] = (struct mem_region){ host_ram + (10UL << 20) + 123, 5000 };          /* "initrd" */
	host_reserved[2] = (struct mem_region){ host_ram + HOST_RAM_SIZE - 65536 + 8, 100 };   /* "DTB" */
	page_alloc_init(host_ram, host_ram + HOST_RAM_SIZE, host_reserved, 3);
}

static inline void host_ram_free(void)
{
	free((void *)host_ram);
}

#endif
