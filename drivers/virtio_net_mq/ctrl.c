// SPDX-License-Identifier: MIT
/*
 * The control queue: commands to the device, one at a time under
 * vi->ctrl_lock (a mutex: process context only, the caller holds rtnl
 * or is the probe). The queue has no interrupt; the driver polls for the
 * device's ack, which QEMU writes before the doorbell write returns, with
 * a one-second bound for a device that never answers.
 *
 * The queue count: with VIRTIO_NET_F_RSS, one RSS_CONFIG sets the hash
 * types, the key, an indirection table spreading over the pairs in use
 * and (max_tx_vq) the number of pairs; otherwise MQ's VQ_PAIRS_SET, and
 * the tap's own flow steering spreads the flows.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mutex.h>
#include <shoal/time.h>
#include <shoal/virtio.h>
#include <shoal/scatterlist.h>
#include "virtio_net.h"

/* Send class/cmd with data; 0 if the device acked, else -EIO or -ETIMEDOUT. */
static int virtnet_send_command(struct virtnet_info *vi, u8 class, u8 cmd, void *data,
				unsigned int len)
{
	struct virtnet_ctrl *ctrl = vi->ctrl;
	struct scatterlist hdr_sg, data_sg, stat_sg, *sgs[3];
	unsigned long deadline;
	unsigned int out = 0, tmp;
	int err;

	mutex_lock(&vi->ctrl_lock);
	ctrl->hdr.class = class;
	ctrl->hdr.cmd = cmd;
	ctrl->status = VIRTIO_NET_ERR;
	sg_init_one(&hdr_sg, &ctrl->hdr, sizeof(ctrl->hdr));
	sgs[out++] = &hdr_sg;
	if (len) {
		sg_init_one(&data_sg, data, len);
		sgs[out++] = &data_sg;
	}
	sg_init_one(&stat_sg, &ctrl->status, sizeof(ctrl->status));
	sgs[out] = &stat_sg;
	err = virtqueue_add_sgs(vi->cvq, sgs, out, 1, vi, GFP_KERNEL);
	if (err)
		goto out_unlock;
	virtqueue_kick(vi->cvq);
	deadline = jiffies + HZ;
	err = -ETIMEDOUT;
	while ((long)(jiffies - deadline) < 0 && !virtqueue_is_broken(vi->cvq)) {
		if (virtqueue_get_buf(vi->cvq, &tmp)) {
			err = READ_ONCE(ctrl->status) == VIRTIO_NET_OK ? 0 : -EIO;
			break;
		}
		cpu_relax();
	}
out_unlock:
	mutex_unlock(&vi->ctrl_lock);
	return err;
}

/* Largest power of two <= n (n >= 1). */
static unsigned int rounddown_pow2(unsigned int n)
{
	return 1U << (31 - __builtin_clz(n));
}

/* Build RSS_CONFIG for @pairs in ctrl->rss; returns its length. [ctrl_lock not needed: rtnl] */
static unsigned int virtnet_fill_rss(struct virtnet_info *vi, unsigned int pairs)
{
	unsigned int max_table = virtio_cread16(vi->vdev, VIRTIO_NET_CFG_RSS_MAX_TABLE);
	unsigned int key_len = virtio_cread8(vi->vdev, VIRTIO_NET_CFG_RSS_MAX_KEY);
	unsigned int table = min(max_table ? max_table : 1, (unsigned int)VIRTNET_RSS_TABLE_LEN);
	struct virtio_net_rss_config_hdr h;
	struct virtio_net_rss_config_trailer t;
	u8 *p = vi->ctrl->rss;
	unsigned int i;

	table = rounddown_pow2(table);
	key_len = min(key_len, (unsigned int)VIRTNET_RSS_KEY_LEN);
	h.hash_types = cpu_to_le32(vi->rss_hash_types);
	h.indirection_table_mask = cpu_to_le16(table - 1);
	h.unclassified_queue = 0;
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	for (i = 0; i < table; i++) {
		__le16 q = cpu_to_le16(i % pairs);      /* receive queue numbers 0..pairs-1 */

		memcpy(p, &q, sizeof(q));
		p += sizeof(q);
	}
	t.max_tx_vq = cpu_to_le16(pairs);
	t.hash_key_length = key_len;
	memcpy(p, &t, sizeof(t));
	p += sizeof(t);
	memcpy(p, vi->rss_key, key_len);
	p += key_len;
	return p - vi->ctrl->rss;
}

/* Tell the device how many queue pairs to use (and with RSS, how to spread). */
int virtnet_set_queues(struct virtnet_info *vi, unsigned int pairs)
{
	unsigned int len;

	if (!vi->cvq)
		return pairs == 1 ? 0 : -EOPNOTSUPP;
	if (vi->has_rss) {
		len = virtnet_fill_rss(vi, pairs);
		return virtnet_send_command(vi, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_RSS_CONFIG,
					    vi->ctrl->rss, len);
	}
	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_MQ))
		return pairs == 1 ? 0 : -EOPNOTSUPP;
	vi->ctrl->mq.virtqueue_pairs = cpu_to_le16(pairs);
	return virtnet_send_command(vi, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
				    &vi->ctrl->mq, sizeof(vi->ctrl->mq));
}
