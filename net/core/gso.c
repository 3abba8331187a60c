// SPDX-License-Identifier: MIT
/*
 * Generic segmentation offload in software (Linux's net/core/gso.c) and
 * the table of protocol offloads that GSO and GRO (gro.c) dispatch on.
 *
 * TCP hands a TSO-capable route 64 KiB skbs with gso_size = MSS. A device
 * with NETIF_F_TSO cuts them itself; for one without, dev_queue_xmit
 * (validate_xmit_skb) calls skb_gso_segment, which finds the offload for
 * skb->protocol (IPv4: inet_gso_segment), which finds the one for the IP
 * protocol (TCP: tcp4_gso_segment), which cuts the payload with
 * skb_segment and fixes its header in every segment; the IP layer then
 * fixes tot_len, id and the header checksum of each.
 *
 * Locking: offloads are added at boot (initcalls, one CPU) and read
 * without a lock afterwards; nothing here is per device or per packet
 * state.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/netdevice.h>

static LIST_HEAD(offload_base);         /* [boot only] */

void dev_add_offload(struct packet_offload *po)
{
	list_add_tail(&po->list, &offload_base);
}

struct packet_offload *gro_find_receive_by_type(__be16 type)
{
	struct packet_offload *po;

	list_for_each_entry(po, &offload_base, list)
		if (po->type == type)
			return po;
	return NULL;
}

struct sk_buff *skb_gso_segment(struct sk_buff *skb, unsigned long features)
{
	struct packet_offload *po = gro_find_receive_by_type(skb->protocol);
	struct sk_buff *segs;
	int pull;

	if (!po || !po->callbacks.gso_segment || !skb_is_gso(skb))
		return ERR_PTR(-EPROTONOSUPPORT);
	/* data at the MAC header (dev_queue_xmit) or already at the network one */
	if (skb->network_header < skb->mac_header || skb->data < skb_mac_header(skb) ||
	    skb->data > skb_network_header(skb))
		return ERR_PTR(-EINVAL);
	pull = skb_network_header(skb) - skb->data;
	__skb_pull(skb, pull);
	segs = po->callbacks.gso_segment(skb, features);
	__skb_push(skb, pull);
	return segs;
}
