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
 * frags: frags of the new skb are moved over, a linear payload is copied
 * into a fresh page. At most MAX_GRO_SKBS flows are held per napi (the
 * oldest goes up to make room); an skb stops taking segments at 64 KiB or
 * MAX_SKB_FRAGS frags.
 *
 * Counters (per CPU, /proc/net/softnet_stat columns 14 and 15, after
 * Linux's 13): gro_merged, segments appended to a held skb; gro_flushed,
 * merged skbs (2 segments or more) sent up.
 *
 * Locking: napi->gro_list and gro_count belong to the owner of the napi's
 * SCHED bit (its poll, in NET_RX softirq on one CPU); no lock is taken.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/netdevice.h>
#include <shoal/time.h>

/* Move skb's frags, skipping the first skip bytes, to the end of p's. */
static int skb_gro_steal_frags(struct sk_buff *p, struct sk_buff *skb, unsigned int skip)
{
	struct skb_shared_info *ps = skb_shinfo(p), *ss = skb_shinfo(skb);
	int i;

	if (skb_cloned(skb) || ps->nr_frags + ss->nr_frags > MAX_SKB_FRAGS)
		return -E2BIG;
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
	return 0;
}

/* Copy a linear payload of len bytes at from into a new page frag of p. */
static int skb_gro_copy_linear(struct sk_buff *p, const void *from, unsigned int len)
{
	struct skb_shared_info *ps = skb_shinfo(p);
	struct page *page;

	if (len > PAGE_SIZE || ps->nr_frags >= MAX_SKB_FRAGS)
		return -E2BIG;
	page = alloc_page(GFP_ATOMIC);
	if (!page)
		return -ENOMEM;
	memcpy(page_address(page), from, len);
	skb_fill_page_desc(p, ps->nr_frags, page, 0, len);
	p->truesize += PAGE_SIZE;
	return 0;
}

int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb)
{
	unsigned int off = NAPI_GRO_CB(skb)->data_offset, len = skb_gro_len(skb);
	int err;

	if (p->len + len > 65535 || skb_cloned(p))
		return -E2BIG;
	if (skb_headlen(skb) <= off)
		err = skb_gro_steal_frags(p, skb, off - skb_headlen(skb));
	else if (!skb_is_nonlinear(skb))
		err = skb_gro_copy_linear(p, skb->data + off, len);
	else
		err = -E2BIG;   /* payload split between head and frags: not worth it */
	if (err)
		return err;
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
