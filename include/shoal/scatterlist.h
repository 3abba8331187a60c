/* SPDX-License-Identifier: MIT */
/*
 * Scatter-gather lists for devices (Linux's linux/scatterlist.h, reduced):
 * all RAM is direct-mapped, so an entry is a kernel virtual address and a
 * length, and the device address is __pa() of it. Lists are plain arrays.
 */
#ifndef _SHOAL_SCATTERLIST_H
#define _SHOAL_SCATTERLIST_H

#include <shoal/types.h>
#include <shoal/mm.h>

struct scatterlist {
	void *addr;                     /* kernel (direct-map) address */
	unsigned int length;
};

static inline void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int len)
{
	sg->addr = (void *)buf;
	sg->length = len;
}
static inline void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int len)
{
	sg_set_buf(sg, buf, len);
}
static inline void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len,
			       unsigned int offset)
{
	sg_set_buf(sg, (char *)page_address(page) + offset, len);
}
static inline phys_addr_t sg_phys(const struct scatterlist *sg) { return __pa(sg->addr); }

#endif
