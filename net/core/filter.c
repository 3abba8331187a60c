// SPDX-License-Identifier: MIT
/*
 * Classic BPF: Linux's verifier rules (bpf_check_classic: a known opcode
 * each, forward jumps inside the program, no division by a constant zero,
 * scratch memory M[0..15] written before it is read on every path, known
 * ancillary loads, a RET at the end) and an interpreter for what passes.
 * As in Linux, a load outside the packet or a division by X == 0 ends the
 * program with 0. Pure code (no locks, no sleeping): it runs in softirq
 * under the caller's hash-bucket lock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <net/filter.h>

#define CODE(c) [c] = true
/* The opcodes Linux's chk_code_allowed lists (RET X is not one). */
static const bool bpf_codes[256] = {
	CODE(BPF_ALU | BPF_ADD | BPF_K), CODE(BPF_ALU | BPF_ADD | BPF_X),
	CODE(BPF_ALU | BPF_SUB | BPF_K), CODE(BPF_ALU | BPF_SUB | BPF_X),
	CODE(BPF_ALU | BPF_MUL | BPF_K), CODE(BPF_ALU | BPF_MUL | BPF_X),
	CODE(BPF_ALU | BPF_DIV | BPF_K), CODE(BPF_ALU | BPF_DIV | BPF_X),
	CODE(BPF_ALU | BPF_MOD | BPF_K), CODE(BPF_ALU | BPF_MOD | BPF_X),
	CODE(BPF_ALU | BPF_AND | BPF_K), CODE(BPF_ALU | BPF_AND | BPF_X),
	CODE(BPF_ALU | BPF_OR | BPF_K),  CODE(BPF_ALU | BPF_OR | BPF_X),
	CODE(BPF_ALU | BPF_XOR | BPF_K), CODE(BPF_ALU | BPF_XOR | BPF_X),
	CODE(BPF_ALU | BPF_LSH | BPF_K), CODE(BPF_ALU | BPF_LSH | BPF_X),
	CODE(BPF_ALU | BPF_RSH | BPF_K), CODE(BPF_ALU | BPF_RSH | BPF_X),
	CODE(BPF_ALU | BPF_NEG),
	CODE(BPF_LD | BPF_W | BPF_ABS), CODE(BPF_LD | BPF_H | BPF_ABS), CODE(BPF_LD | BPF_B | BPF_ABS),
	CODE(BPF_LD | BPF_W | BPF_LEN),
	CODE(BPF_LD | BPF_W | BPF_IND), CODE(BPF_LD | BPF_H | BPF_IND), CODE(BPF_LD | BPF_B | BPF_IND),
	CODE(BPF_LD | BPF_IMM), CODE(BPF_LD | BPF_MEM),
	CODE(BPF_LDX | BPF_W | BPF_LEN), CODE(BPF_LDX | BPF_B | BPF_MSH),
	CODE(BPF_LDX | BPF_IMM), CODE(BPF_LDX | BPF_MEM),
	CODE(BPF_ST), CODE(BPF_STX),
	CODE(BPF_MISC | BPF_TAX), CODE(BPF_MISC | BPF_TXA),
	CODE(BPF_RET | BPF_K), CODE(BPF_RET | BPF_A),
	CODE(BPF_JMP | BPF_JA),
	CODE(BPF_JMP | BPF_JEQ | BPF_K), CODE(BPF_JMP | BPF_JEQ | BPF_X),
	CODE(BPF_JMP | BPF_JGE | BPF_K), CODE(BPF_JMP | BPF_JGE | BPF_X),
	CODE(BPF_JMP | BPF_JGT | BPF_K), CODE(BPF_JMP | BPF_JGT | BPF_X),
	CODE(BPF_JMP | BPF_JSET | BPF_K), CODE(BPF_JMP | BPF_JSET | BPF_X),
};

/* The ancillary loads this interpreter answers. Linux also knows the
 * netlink-attribute walks and SKF_AD_PAY_OFFSET; those are refused here
 * rather than answered wrongly. */
static bool bpf_anc_known(u32 off)
{
	switch (off) {
	case SKF_AD_PROTOCOL: case SKF_AD_PKTTYPE: case SKF_AD_IFINDEX:
	case SKF_AD_MARK: case SKF_AD_QUEUE: case SKF_AD_HATYPE:
	case SKF_AD_RXHASH: case SKF_AD_CPU: case SKF_AD_ALU_XOR_X:
	case SKF_AD_VLAN_TAG: case SKF_AD_VLAN_TAG_PRESENT: case SKF_AD_RANDOM:
	case SKF_AD_VLAN_TPID:
		return true;
	}
	return false;
}

/* Every read of M[k] must follow a write of M[k] on each path to it
 * (Linux's check_load_and_stores). */
static int bpf_check_mem(const struct sock_filter *f, unsigned int len)
{
	u16 *masks, memvalid = 0;
	unsigned int pc;
	int err = 0;

	masks = kmalloc(len * sizeof(*masks), GFP_KERNEL);
	if (!masks)
		return -ENOMEM;
	memset(masks, 0xff, len * sizeof(*masks));
	for (pc = 0; pc < len; pc++) {
		memvalid &= masks[pc];
		switch (f[pc].code) {
		case BPF_ST:
		case BPF_STX:
			memvalid |= 1 << f[pc].k;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(memvalid & (1 << f[pc].k))) {
				err = -EINVAL;
				goto out_free;
			}
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + f[pc].k] &= memvalid;
			memvalid = ~0;
			break;
		default:
			if (BPF_CLASS(f[pc].code) == BPF_JMP) {
				masks[pc + 1 + f[pc].jt] &= memvalid;
				masks[pc + 1 + f[pc].jf] &= memvalid;
				memvalid = ~0;
			}
		}
	}
out_free:
	kfree(masks);
	return err;
}

/* 0 if f[0..len) is a program Linux would accept, else -EINVAL. */
int bpf_check_classic(const struct sock_filter *f, unsigned int len)
{
	unsigned int pc;
	u16 code;
	u32 k;

	if (len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (pc = 0; pc < len; pc++) {
		code = f[pc].code;
		k = f[pc].k;
		if (code > 0xff || !bpf_codes[code])
			return -EINVAL;
		switch (code) {
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (k == 0)
				return -EINVAL;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (k >= 32)
				return -EINVAL;
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
		case BPF_ST: case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			if (k >= len - 1 - pc)
				return -EINVAL;
			break;
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (k >= (u32)SKF_AD_OFF && !bpf_anc_known(k - (u32)SKF_AD_OFF))
				return -EINVAL;
			break;
		default:
			if (BPF_CLASS(code) == BPF_JMP &&
			    (pc + f[pc].jt + 1 >= len || pc + f[pc].jf + 1 >= len))
				return -EINVAL;
		}
	}
	if (f[len - 1].code != (BPF_RET | BPF_K) && f[len - 1].code != (BPF_RET | BPF_A))
		return -EINVAL;
	return bpf_check_mem(f, len);
}

static u32 bpf_anc_load(const struct bpf_classic_ctx *ctx, u32 off, u32 a, u32 x)
{
	switch (off) {
	case SKF_AD_PROTOCOL:   return ctx->protocol;
	case SKF_AD_PKTTYPE:    return ctx->pkttype;
	case SKF_AD_IFINDEX:    return ctx->ifindex;
	case SKF_AD_MARK:       return ctx->mark;
	case SKF_AD_QUEUE:      return ctx->queue;
	case SKF_AD_HATYPE:     return ctx->hatype;
	case SKF_AD_RXHASH:     return ctx->rxhash;
	case SKF_AD_CPU:        return ctx->cpu;
	case SKF_AD_ALU_XOR_X:  return a ^ x;
	case SKF_AD_RANDOM:     return ctx->random;
	}
	return 0;               /* no VLANs here */
}

/* Load size bytes (big-endian) at offset k; false if outside the packet. */
static bool bpf_load(const struct bpf_classic_ctx *ctx, s64 k, unsigned int size, u32 *val)
{
	const u8 *p = ctx->data;
	u64 len = ctx->len;
	unsigned int i;

	if (k < 0) {
		if (k < SKF_NET_OFF || k >= SKF_AD_OFF || !ctx->net)
			return false;   /* SKF_LL_OFF: there is no link header here */
		k -= SKF_NET_OFF;
		p = ctx->net;
		len = ctx->net_len;
	}
	if ((u64)k + size > len)
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val = *val << 8 | p[k + i];
	return true;
}

static const unsigned int bpf_sizes[] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1 };

static u32 bpf_alu(u16 code, u32 a, u32 v)
{
	switch (BPF_OP(code)) {
	case BPF_ADD:   return a + v;
	case BPF_SUB:   return a - v;
	case BPF_MUL:   return a * v;
	case BPF_DIV:   return a / v;
	case BPF_MOD:   return a % v;
	case BPF_AND:   return a & v;
	case BPF_OR:    return a | v;
	case BPF_XOR:   return a ^ v;
	case BPF_LSH:   return a << (v & 31);
	case BPF_RSH:   return a >> (v & 31);
	case BPF_NEG:   return -a;
	}
	return a;
}

static bool bpf_jump(u16 code, u32 a, u32 v)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ:   return a == v;
	case BPF_JGT:   return a > v;
	case BPF_JGE:   return a >= v;
	case BPF_JSET:  return a & v;
	}
	return false;
}

/* Run a checked program; its return value (0 when it aborts). */
u32 bpf_run_classic(const struct bpf_classic_prog *prog, const struct bpf_classic_ctx *ctx)
{
	u32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, v;
	const struct sock_filter *f;
	unsigned int pc;
	s64 off;

	for (pc = 0; pc < prog->len; pc++) {
		f = &prog->insns[pc];
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			switch (BPF_MODE(f->code)) {
			case BPF_IMM: a = f->k; break;
			case BPF_LEN: a = ctx->len; break;
			case BPF_MEM: a = mem[f->k]; break;
			case BPF_ABS:
				if (f->k >= (u32)SKF_AD_OFF) {
					a = bpf_anc_load(ctx, f->k - (u32)SKF_AD_OFF, a, x);
					break;
				}
				if (!bpf_load(ctx, (s32)f->k, bpf_sizes[BPF_SIZE(f->code) >> 3], &a))
					return 0;
				break;
			case BPF_IND:
				off = (s64)x + (s32)f->k;
				if (!bpf_load(ctx, off, bpf_sizes[BPF_SIZE(f->code) >> 3], &a))
					return 0;
				break;
			}
			break;
		case BPF_LDX:
			switch (BPF_MODE(f->code)) {
			case BPF_IMM: x = f->k; break;
			case BPF_LEN: x = ctx->len; break;
			case BPF_MEM: x = mem[f->k]; break;
			case BPF_MSH:
				if (!bpf_load(ctx, (s32)f->k, 1, &v))
					return 0;
				x = (v & 0xf) << 2;
				break;
			}
			break;
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_ALU:
			v = BPF_SRC(f->code) == BPF_X ? x : f->k;
			if ((BPF_OP(f->code) == BPF_DIV || BPF_OP(f->code) == BPF_MOD) && v == 0)
				return 0;
			a = bpf_alu(f->code, a, v);
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA) {
				pc += f->k;
				break;
			}
			v = BPF_SRC(f->code) == BPF_X ? x : f->k;
			pc += bpf_jump(f->code, a, v) ? f->jt : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return 0;               /* unreachable for a checked program */
}

struct bpf_classic_prog *bpf_prog_alloc(unsigned int len)
{
	struct bpf_classic_prog *prog;

	prog = kmalloc(sizeof(*prog) + len * sizeof(prog->insns[0]), GFP_KERNEL);
	if (prog)
		prog->len = len;
	return prog;
}

void bpf_prog_free(struct bpf_classic_prog *prog)
{
	kfree(prog);
}
