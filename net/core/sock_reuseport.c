// SPDX-License-Identifier: MIT
/*
 * SO_REUSEPORT member selection, Linux's reuseport_select_sock: an
 * attached classic-BPF program returns the member's index (an index past
 * the group falls back to the hash); otherwise the flow hash picks a
 * member, and when some member has SO_INCOMING_CPU set, the first member
 * from that point whose incoming CPU is this CPU wins (Linux 6.2+), so a
 * listener per CPU gets the connections that CPU received.
 *
 * Locks: the lookups call the group/pick helpers under their hash-bucket
 * lock; a socket's program is replaced under lock_sock and that same
 * bucket lock, so a lookup never runs a freed program.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/random.h>
#include <shoal/skbuff.h>
#include <shoal/uaccess.h>
#include <net/filter.h>
#include <net/sock_reuseport.h>
#include <uapi/in.h>

void reuseport_group_init(struct reuseport_group *g, struct sock *sk)
{
	g->n = 0;
	g->ncpu_set = 0;
	g->prog = NULL;
	if (sk->sk_reuseport)
		reuseport_group_add(g, sk);
}

void reuseport_group_add(struct reuseport_group *g, struct sock *sk)
{
	g->n++;
	if (READ_ONCE(sk->sk_incoming_cpu_set))
		g->ncpu_set++;
	if (!g->prog)
		g->prog = READ_ONCE(sk->sk_reuseport_prog);
}

/* The program's choice, as a member index, or -1 (out of range: hash). */
static int reuseport_run_prog(const struct reuseport_group *g, const struct sk_buff *skb,
			      unsigned int hdr_len)
{
	struct bpf_classic_ctx ctx = { 0 };
	u32 idx;

	if (skb_headlen(skb) < hdr_len)
		return -1;
	ctx.data = skb->data + hdr_len;
	ctx.len = skb_headlen(skb) - hdr_len;
	ctx.net = skb_network_header(skb);
	ctx.net_len = skb->data + skb_headlen(skb) - ctx.net;
	ctx.protocol = ntohs(skb->protocol);
	ctx.pkttype = skb->pkt_type;
	ctx.ifindex = skb->skb_iif;
	ctx.queue = skb->queue_mapping;
	ctx.rxhash = skb->hash;
	ctx.cpu = smp_processor_id();
	ctx.random = get_random_u32();
	idx = bpf_run_classic(g->prog, &ctx);
	return idx < g->n ? (int)idx : -1;
}

void reuseport_pick_init(struct reuseport_pick *p, const struct reuseport_group *g, u32 hash,
			 const struct sk_buff *skb, unsigned int hdr_len)
{
	int idx = -1;

	memset(p, 0, sizeof(*p));
	p->cpu = -1;
	if (g->prog && skb)
		idx = reuseport_run_prog(g, skb, hdr_len);
	if (idx >= 0) {
		p->pos = g->n - 1 - idx;
		return;
	}
	p->pos = hash % g->n;
	if (g->ncpu_set)
		p->cpu = smp_processor_id();
}

/* Called for each member, in walk order. */
void reuseport_pick_visit(struct reuseport_pick *p, struct sock *sk)
{
	bool match = p->cpu >= 0 && READ_ONCE(sk->sk_incoming_cpu) == p->cpu;

	if (p->i == p->pos)
		p->at_pos = sk;
	if (match && p->i >= p->pos && !p->after)
		p->after = sk;
	if (match && p->i < p->pos && !p->before)
		p->before = sk;
	p->i++;
}

struct sock *reuseport_pick_result(const struct reuseport_pick *p)
{
	if (p->after)
		return p->after;
	return p->before ? p->before : p->at_pos;
}

/* The lock lookups of sk's port hold while they read sk_reuseport_prog. */
static spinlock_t *reuseport_lock(struct sock *sk)
{
	if (sk->sk_protocol == IPPROTO_UDP)
		return udp_port_lock(sk->sk_num);
	return inet_lhash_lock(sk->sk_num);
}

/* Caller holds lock_sock (so sk_num is stable). Returns the old program. */
static struct bpf_classic_prog *reuseport_swap_prog(struct sock *sk, struct bpf_classic_prog *prog)
{
	spinlock_t *lock = reuseport_lock(sk);
	struct bpf_classic_prog *old;

	spin_lock_bh(lock);
	old = sk->sk_reuseport_prog;
	WRITE_ONCE(sk->sk_reuseport_prog, prog);
	spin_unlock_bh(lock);
	return old;
}

static bool reuseport_proto_ok(struct sock *sk)
{
	return sk->sk_protocol == IPPROTO_UDP || sk->sk_protocol == IPPROTO_TCP;
}

/* SO_ATTACH_REUSEPORT_CBPF; caller holds lock_sock. */
int sk_reuseport_attach_filter(struct sock *sk, const void __user *optval, unsigned int optlen)
{
	struct bpf_classic_prog *prog;
	struct sock_fprog fprog;
	int err;

	if (optlen != sizeof(fprog))
		return -EINVAL;
	if (copy_from_user(&fprog, optval, sizeof(fprog)))
		return -EFAULT;
	if (fprog.len == 0 || fprog.len > BPF_MAXINSNS)
		return -EINVAL;
	prog = bpf_prog_alloc(fprog.len);
	if (!prog)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_user(prog->insns, fprog.filter, fprog.len * sizeof(prog->insns[0])))
		goto out_free;
	err = bpf_check_classic(prog->insns, prog->len);
	if (err)
		goto out_free;
	err = -EINVAL;          /* Linux: only a socket in (or forming) a reuseport group */
	if (!sk->sk_reuseport || !reuseport_proto_ok(sk))
		goto out_free;
	bpf_prog_free(reuseport_swap_prog(sk, prog));
	return 0;
out_free:
	bpf_prog_free(prog);
	return err;
}

/* SO_DETACH_REUSEPORT_BPF; caller holds lock_sock. */
int sk_reuseport_detach_filter(struct sock *sk)
{
	struct bpf_classic_prog *old;

	if (!sk->sk_reuseport || !reuseport_proto_ok(sk))
		return -EINVAL;
	if (!sk->sk_reuseport_prog)
		return -ENOENT;
	old = reuseport_swap_prog(sk, NULL);
	bpf_prog_free(old);
	return 0;
}
