/* SPDX-License-Identifier: MIT */
/*
 * ARP and the IPv4 neighbour table (net/ipv4/arp.c).
 */
#ifndef _NET_ARP_H
#define _NET_ARP_H

#include <shoal/skbuff.h>
#include <shoal/netdevice.h>
#include <uapi/socket.h>

struct arphdr {
	__be16 ar_hrd;                  /* ARPHRD_ETHER */
	__be16 ar_pro;                  /* ETH_P_IP */
	u8 ar_hln;                      /* 6 */
	u8 ar_pln;                      /* 4 */
	__be16 ar_op;                   /* ARPOP_* */
	/* Ethernet/IPv4 body: sha[6] sip[4] tha[6] tip[4] */
};
#define ARPOP_REQUEST   1
#define ARPOP_REPLY     2

/* The Ethernet/IPv4 ARP packet, 28 bytes. */
struct arp_eth_ipv4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	u8 sip[4];
	u8 tha[ETH_ALEN];
	u8 tip[4];
} __attribute__((packed));

/* SIOC[GSD]ARP (linux/if_arp.h) */
struct arpreq {
	struct sockaddr arp_pa;         /* protocol address */
	struct sockaddr arp_ha;         /* hardware address */
	int arp_flags;
	struct sockaddr arp_netmask;
	char arp_dev[IFNAMSIZ];
};
#define ATF_COM         0x02            /* completed entry (ha valid) */
#define ATF_PERM        0x04            /* permanent entry */
#define ATF_PUBL        0x08            /* publish (proxy): unsupported */

/* Neighbour states (a subset of Linux's NUD_*). */
#define NUD_INCOMPLETE  0x01            /* request sent, no answer yet */
#define NUD_REACHABLE   0x02            /* confirmed recently */
#define NUD_STALE       0x04            /* usable, to be re-confirmed on use */
#define NUD_PROBE       0x10            /* stale and in use: re-probing */
#define NUD_FAILED      0x20            /* no answer */
#define NUD_PERMANENT   0x80            /* set by SIOCSARP with ATF_PERM */
#define NUD_VALID       (NUD_PERMANENT | NUD_REACHABLE | NUD_STALE | NUD_PROBE)

/* The ETH_P_ARP packet_type handler. */
int arp_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt);
/*
 * Send an IP packet (network header pushed, skb->dev set) to next hop nh
 * on a device that needs ARP: resolve nh, build the link header, transmit.
 * Packets wait (a few per neighbour) while a request is out. Consumes skb.
 */
int neigh_output_ip(struct sk_buff *skb, __be32 nh);
int arp_ioctl(unsigned int cmd, void __user *arg);
/* Forget every entry of dev (device down). */
void arp_ifdown(struct net_device *dev);
void arp_init(void);
/* /proc/net/arp (registered by ipv4_proc_init) */
int arp_proc_show(char *buf, size_t size);

/* Pure helpers (host-tested): format one /proc/net/arp line; parse and
 * check an ARP packet body. */
int arp_format_line(char *buf, size_t size, __be32 ip, unsigned short hatype, int flags,
		    const u8 *ha, int halen, const char *devname);
bool arp_packet_ok(const struct arp_eth_ipv4 *p, unsigned int len);

#endif
