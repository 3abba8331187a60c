/* SPDX-License-Identifier: MIT */
/*
 * Classic BPF (net/core/filter.c): the verifier with Linux's rules
 * (bpf_check_classic) and an interpreter. Used by SO_ATTACH_REUSEPORT_CBPF
 * to steer a packet to one member of a reuseport group.
 */
#ifndef _NET_FILTER_H
#define _NET_FILTER_H

#include <shoal/types.h>
#include <uapi/filter.h>

/* What a program sees: the packet from the point the caller chose
 * (the transport payload for reuseport) and the ancillary values. */
struct bpf_classic_ctx {
	const u8 *data;                 /* loads at offsets >= 0 */
	u32 len;
	const u8 *net;                  /* SKF_NET_OFF loads: the IP header, or NULL */
	u32 net_len;
	u32 protocol;                   /* SKF_AD_PROTOCOL: ETH_P_* in host order */
	u32 pkttype, ifindex, mark, queue, hatype, rxhash, cpu, random;
};

/* A checked program, immutable once made. */
struct bpf_classic_prog {
	unsigned int len;
	struct sock_filter insns[];
};

int bpf_check_classic(const struct sock_filter *f, unsigned int len);
u32 bpf_run_classic(const struct bpf_classic_prog *prog, const struct bpf_classic_ctx *ctx);
struct bpf_classic_prog *bpf_prog_alloc(unsigned int len);
void bpf_prog_free(struct bpf_classic_prog *prog);

#endif /* _NET_FILTER_H */
