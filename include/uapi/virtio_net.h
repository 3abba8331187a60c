/* SPDX-License-Identifier: MIT */
/*
 * The virtio-net device's interface (virtio 1.x, section 5.1; Linux's
 * uapi/linux/virtio_net.h): feature bits, configuration space, the
 * per-packet header and the control queue's commands. All multi-byte
 * fields are little-endian (VIRTIO_F_VERSION_1).
 */
#ifndef _UAPI_VIRTIO_NET_H
#define _UAPI_VIRTIO_NET_H

#include <shoal/types.h>
#include <shoal/byteorder.h>

/* Feature bits. */
#define VIRTIO_NET_F_CSUM               0       /* device checksums partial packets (TX) */
#define VIRTIO_NET_F_GUEST_CSUM         1       /* driver accepts partial checksums (RX) */
#define VIRTIO_NET_F_CTRL_GUEST_OFFLOADS 2
#define VIRTIO_NET_F_MTU                3
#define VIRTIO_NET_F_MAC                5       /* config.mac is valid */
#define VIRTIO_NET_F_GUEST_TSO4         7       /* driver accepts TSOv4 packets (RX) */
#define VIRTIO_NET_F_GUEST_TSO6         8
#define VIRTIO_NET_F_GUEST_ECN          9
#define VIRTIO_NET_F_GUEST_UFO          10
#define VIRTIO_NET_F_HOST_TSO4          11      /* device segments TSOv4 (TX) */
#define VIRTIO_NET_F_HOST_TSO6          12
#define VIRTIO_NET_F_HOST_ECN           13
#define VIRTIO_NET_F_HOST_UFO           14
#define VIRTIO_NET_F_MRG_RXBUF          15      /* a packet may span several RX buffers */
#define VIRTIO_NET_F_STATUS             16      /* config.status is valid */
#define VIRTIO_NET_F_CTRL_VQ            17      /* control queue */
#define VIRTIO_NET_F_CTRL_RX            18
#define VIRTIO_NET_F_CTRL_VLAN          19
#define VIRTIO_NET_F_GUEST_ANNOUNCE     21
#define VIRTIO_NET_F_MQ                 22      /* several queue pairs, VQ_PAIRS_SET */
#define VIRTIO_NET_F_CTRL_MAC_ADDR      23
#define VIRTIO_NET_F_HASH_REPORT        57
#define VIRTIO_NET_F_RSS                60      /* RSS_CONFIG: Toeplitz hash + table */

#define VIRTIO_NET_S_LINK_UP            1       /* config.status */
#define VIRTIO_NET_S_ANNOUNCE           2

/* Configuration space: byte offsets of the fields of struct virtio_net_config. */
#define VIRTIO_NET_CFG_MAC              0       /* u8[6] */
#define VIRTIO_NET_CFG_STATUS           6       /* le16 */
#define VIRTIO_NET_CFG_MAX_VQ_PAIRS     8       /* le16 */
#define VIRTIO_NET_CFG_MTU              10      /* le16 */
#define VIRTIO_NET_CFG_SPEED            12      /* le32 */
#define VIRTIO_NET_CFG_DUPLEX           16      /* u8 */
#define VIRTIO_NET_CFG_RSS_MAX_KEY      17      /* u8 */
#define VIRTIO_NET_CFG_RSS_MAX_TABLE    18      /* le16 */
#define VIRTIO_NET_CFG_HASH_TYPES       20      /* le32 */

/*
 * The header in front of every packet, both directions. num_buffers
 * (RX with MRG_RXBUF) is how many RX buffers this packet spans.
 */
struct virtio_net_hdr_v1 {
#define VIRTIO_NET_HDR_F_NEEDS_CSUM     1       /* checksum at csum_start + csum_offset */
#define VIRTIO_NET_HDR_F_DATA_VALID     2       /* RX: checksum verified */
	u8 flags;
#define VIRTIO_NET_HDR_GSO_NONE         0
#define VIRTIO_NET_HDR_GSO_TCPV4        1
#define VIRTIO_NET_HDR_GSO_UDP          3
#define VIRTIO_NET_HDR_GSO_TCPV6        4
#define VIRTIO_NET_HDR_GSO_ECN          0x80
	u8 gso_type;
	__le16 hdr_len;                 /* Ethernet + IP + TCP header bytes */
	__le16 gso_size;                /* payload bytes per segment */
	__le16 csum_start;              /* from the start of the frame */
	__le16 csum_offset;             /* from csum_start */
	__le16 num_buffers;
};

/* Control queue: a header, command data (device-readable), an ack (device-writable). */
struct virtio_net_ctrl_hdr {
	u8 class;
	u8 cmd;
} __attribute__((packed));
#define VIRTIO_NET_OK                   0
#define VIRTIO_NET_ERR                  1

#define VIRTIO_NET_CTRL_MQ              4
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 0       /* struct virtio_net_ctrl_mq */
#define VIRTIO_NET_CTRL_MQ_RSS_CONFIG   1       /* struct virtio_net_rss_config */
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN 1
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX 0x8000

struct virtio_net_ctrl_mq {
	__le16 virtqueue_pairs;
};

/* RSS hash types (config.supported_hash_types, rss_config.hash_types). */
#define VIRTIO_NET_RSS_HASH_TYPE_IPv4   (1 << 0)
#define VIRTIO_NET_RSS_HASH_TYPE_TCPv4  (1 << 1)
#define VIRTIO_NET_RSS_HASH_TYPE_UDPv4  (1 << 2)

/*
 * RSS_CONFIG, laid out as the device reads it: the fixed part, the
 * indirection table (mask + 1 entries, a power of two), then max_tx_vq,
 * the key length and the key.
 */
struct virtio_net_rss_config_hdr {
	__le32 hash_types;
	__le16 indirection_table_mask;
	__le16 unclassified_queue;
} __attribute__((packed));
struct virtio_net_rss_config_trailer {
	__le16 max_tx_vq;
	u8 hash_key_length;
} __attribute__((packed));

#endif
