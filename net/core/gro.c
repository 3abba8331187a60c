// SPDX-License-Identifier: MIT
/*
 * Generic receive offload (Linux's net/core/gro.c, reduced): a NAPI
 * driver hands each received packet to napi_gro_receive, which merges
 * in-order TCP segments of one flow into one skb of up to 64 KiB, so the
 * stack above does its per-packet work once per merged skb instead of once
 * per wire segment.
 *
 *   napi_gro_receive  -> dev_gro_receive: the ETH_P_IP offload
 *                        (inet_gro_receive, then tcp4_gro_receive) says
 *                        whether the skb joined a held one (GRO_MERGED_FREE),
 *                        must go up now (GRO_NORMAL) or is held as a new
 *                        flow (GRO_HELD), and which held skb to send up first
 *   napi_gro_flush    -> every held skb goes up, oldest first: at
 *                        napi_complete_done, and for a napi that keeps
 *                        using its whole budget, once per jiffy from
 *                        net_rx_action (napi_gro_flush_old)
 *   napi_gro_complete -> a merged skb gets its IP tot_len and checksum,
 *                        gso_size/gso_segs, CHECKSUM_UNNECESSARY, then
 *                        netif_receive_skb
 *
 * A held skb's data stays at its IP header; payload joins it as page
 * frags: frags of the new skb are moved over, and payload bytes in its
 * linear head (all of a small linear packet's, or the first bytes a
 * driver copied along with the headers) are copied into a piece of this
 * CPU's GRO page (gro_frag_alloc, Linux's napi_alloc_frag). At most
 * MAX_GRO_SKBS flows are held per napi (the oldest goes up to make room);
 * an skb stops taking segments at 64 KiB or MAX_SKB_FRAGS frags.
 *
 * Counters (per CPU, /proc/net/softnet_stat columns 14 and 15, after
 * Linux's 13): gro_merged, segments appended to a held skb; gro_flushed,
 * merged skbs (2 segments or more) sent up.
 *
 * Locking: napi->gro_list and gro_count belong to the owner of the napi's
 * SCHED bit (its poll, in NET_RX softirq on one CPU); gro_frag_cache is
 * this CPU's, used with BHs off (NET_RX). No lock is taken.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/netdevice.h>
#include <shoal/time.h>

/* This CPU's page that small pieces of payload are copied into. */
struct gro_frag_cache {
	struct page *page;              /* one reference held by the cache */
	unsigned int off;               /* next free byte */
};
static DEFINE_PER_CPU(struct gro_frag_cache, gro_frag_cache);

/* A piece of len bytes (at most a page) in this CPU's GRO page, with its
 * own page reference for the frag that will hold it; NULL without memory. */
static void *gro_frag_alloc(unsigned int len, struct page **pagep, u32 *offp)
{
	struct gro_frag_cache *c = this_cpu_ptr(gro_frag_cache);

	if (!c->page || c->off + len > PAGE_SIZE) {
		if (c->page)
			put_page(c->page);
		c->page = alloc_page(GFP_ATOMIC);
		c->off = 0;
		if (!c->page)
			return NULL;
	}
	get_page(c->page);
	*pagep = c->page;
	*offp = c->off;
	c->off += ALIGN(len, 8);
	return (u8 *)page_address(c->page) + *offp;
}

void gro_frag_cache_drain_local(void)
{
	struct gro_frag_cache *c = this_cpu_ptr(gro_frag_cache);

	if (c->page)
		put_page(c->page);
	c->page = NULL;
	c->off = 0;
}

/* Frags p needs for skb's payload from off on, or MAX_SKB_FRAGS + 1 if
 * it cannot take it. */
static unsigned int skb_gro_frags_needed(const struct sk_buff *skb, unsigned int off)
{
	if (skb_headlen(skb) > off)
		return (skb_headlen(skb) - off <= PAGE_SIZE ? 1 : MAX_SKB_FRAGS + 1) +
		       skb_shinfo(skb)->nr_frags;
	return skb_shinfo(skb)->nr_frags;
}

/* Copy the payload in skb's head (from off) into a GRO page piece, a new frag of p. */
static int skb_gro_copy_head(struct sk_buff *p, const struct sk_buff *skb, unsigned int off)
{
	unsigned int len = skb_headlen(skb) - off;
	struct page *page;
	u32 poff;
	void *to = gro_frag_alloc(len, &page, &poff);

	if (!to)
		return -ENOMEM;
	memcpy(to, skb->data + off, len);
	skb_fill_page_desc(p, skb_shinfo(p)->nr_frags, page, poff, len);
	p->truesize += len;
	return 0;
}

/* Move skb's frags, skipping the first skip bytes, to the end of p's. */
static void skb_gro_steal_frags(struct sk_buff *p, struct sk_buff *skb, unsigned int skip)
{
	struct skb_shared_info *ps = skb_shinfo(p), *ss = skb_shinfo(skb);
	int i;

	for (i = 0; i < ss->nr_frags; i++) {
		skb_frag_t f = ss->frags[i];

		if (skip >= f.size) {
			skip -= f.size;
			put_page(f.page);
			continue;
		}
		f.off += skip;
		f.size -= skip;
		skip = 0;
		ps->frags[ps->nr_frags++] = f;
	}
	p->truesize += skb->data_len;
	skb->truesize -= skb->data_len;
	ss->nr_frags = 0;
	skb->len -= skb->data_len;
	skb->data_len = 0;
}

int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb)
{
	unsigned int off = NAPI_GRO_CB(skb)->data_offset, len = skb_gro_len(skb);

	if (p->len + len > 65535 || skb_cloned(p) || skb_cloned(skb) ||
	    skb_shinfo(p)->nr_frags + skb_gro_frags_needed(skb, off) > MAX_SKB_FRAGS)
		return -E2BIG;
	if (skb_headlen(skb) > off) {
		if (skb_gro_copy_head(p, skb, off))
			return -ENOMEM;
		skb_gro_steal_frags(p, skb, 0);
	} else {
		skb_gro_steal_frags(p, skb, off - skb_headlen(skb));
	}
	p->len += len;
	p->data_len += len;
	NAPI_GRO_CB(p)->count++;
	NAPI_GRO_CB(skb)->same_flow = 1;
	this_cpu_ptr(softnet_data)->gro_merged++;
	return 0;
}

/* A held skb goes up: merged ones get their headers fixed first. */
static void napi_gro_complete(struct sk_buff *skb)
{
	struct packet_offload *po;

	skb->next = NULL;
	if (NAPI_GRO_CB(skb)->count > 1) {
		po = gro_find_receive_by_type(skb->protocol);
		if (!po || !po->callbacks.gro_complete || po->callbacks.gro_complete(skb, 0)) {
			kfree_skb(skb);         /* cannot happen: its offload held it */
			return;
		}
		this_cpu_ptr(softnet_data)->gro_flushed++;
	}
	netif_receive_skb(skb);
}

/* Send up the held skbs (all, or those held before this jiffy), oldest first. */
static void __napi_gro_flush(struct napi_struct *napi, bool flush_old)
{
	struct sk_buff *held[MAX_GRO_SKBS], **link = &napi->gro_list, *p;
	int n = 0;

	while ((p = *link)) {
		if (flush_old && NAPI_GRO_CB(p)->age == jiffies) {
			link = &p->next;
			continue;
		}
		*link = p->next;
		held[n++] = p;          /* newest first: the list is pushed at its head */
		napi->gro_count--;
	}
	while (n > 0)
		napi_gro_complete(held[--n]);
}

void napi_gro_flush(struct napi_struct *napi)
{
	__napi_gro_flush(napi, false);
}

void napi_gro_flush_old(struct napi_struct *napi)
{
	__napi_gro_flush(napi, true);
}

/* Make room for one more flow: the oldest held skb goes up. */
static void gro_flush_oldest(struct napi_struct *napi)
{
	struct sk_buff **link = &napi->gro_list, *p;

	while ((p = *link)->next)
		link = &p->next;
	*link = NULL;
	napi->gro_count--;
	napi_gro_complete(p);
}

static enum gro_result dev_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	struct packet_offload *po = gro_find_receive_by_type(skb->protocol);
	struct sk_buff **pp, *p;

	if (!po || !po->callbacks.gro_receive || skb_is_gso(skb))
		return GRO_NORMAL;
	for (p = napi->gro_list; p; p = p->next) {
		NAPI_GRO_CB(p)->same_flow = 1;
		NAPI_GRO_CB(p)->flush = 0;
	}
	memset(NAPI_GRO_CB(skb), 0, sizeof(struct napi_gro_cb));
	NAPI_GRO_CB(skb)->count = 1;
	pp = po->callbacks.gro_receive(&napi->gro_list, skb);
	if (pp) {
		p = *pp;
		*pp = p->next;
		napi->gro_count--;
		napi_gro_complete(p);
	}
	if (NAPI_GRO_CB(skb)->same_flow)
		return GRO_MERGED_FREE;
	if (NAPI_GRO_CB(skb)->flush)
		return GRO_NORMAL;
	if (napi->gro_count >= MAX_GRO_SKBS)
		gro_flush_oldest(napi);
	NAPI_GRO_CB(skb)->mss = skb_gro_len(skb);
	NAPI_GRO_CB(skb)->age = jiffies;
	skb->next = napi->gro_list;
	napi->gro_list = skb;
	napi->gro_count++;
	return GRO_HELD;
}

/* skb->data at the network header (eth_type_trans done), skb->dev set. */
int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	if (!skb->napi_id)
		skb->napi_id = napi->napi_id;   /* SO_INCOMING_NAPI_ID */
	if (!(READ_ONCE(skb->dev->features) & NETIF_F_GRO))
		return netif_receive_skb(skb), GRO_NORMAL;
	switch (dev_gro_receive(napi, skb)) {
	case GRO_MERGED_FREE:
		consume_skb(skb);
		return GRO_MERGED_FREE;
	case GRO_HELD:
		return GRO_HELD;
	default:
		netif_receive_skb(skb);
		return GRO_NORMAL;
	}
}
