// SPDX-License-Identifier: MIT
/* net/core/filter.c: classic-BPF verifier rules (Linux's bpf_check_classic) and the interpreter. */
#include <check.h>
#include <string.h>
#include <host_test.h>

#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/filter.h>
#include <host_mm.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void setup(void)
{
	host_set_cpu(0);
	host_ram_init();
	slab_init();
}

static struct bpf_classic_prog *mkprog(const struct sock_filter *f, unsigned int len)
{
	struct bpf_classic_prog *p = bpf_prog_alloc(len);

	ck_assert_ptr_nonnull(p);
	memcpy(p->insns, f, len * sizeof(*f));
	ck_assert_int_eq(bpf_check_classic(p->insns, len), 0);
	return p;
}

static u32 run(const struct sock_filter *f, unsigned int len, const struct bpf_classic_ctx *ctx)
{
	struct bpf_classic_prog *p = mkprog(f, len);
	u32 ret = bpf_run_classic(p, ctx);

	bpf_prog_free(p);
	return ret;
}

static const u8 pkt[] = { 0x00, 0x00, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78, 0x45 };

static const struct {
	const char *name;
	struct sock_filter f[6];
	unsigned int len;
	u32 want;
} run_cases[] = {
	{ "ret k", { BPF_STMT(BPF_RET | BPF_K, 7) }, 1, 7 },
	{ "ld word abs", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0), BPF_STMT(BPF_RET | BPF_A, 0) }, 2, 3 },
	{ "ld half abs", { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4), BPF_STMT(BPF_RET | BPF_A, 0) }, 2, 0x1234 },
	{ "ld byte ind", { BPF_STMT(BPF_LDX | BPF_IMM, 2), BPF_STMT(BPF_LD | BPF_B | BPF_IND, 4),
			   BPF_STMT(BPF_RET | BPF_A, 0) }, 3, 0x56 },
	{ "load past end aborts", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 6), BPF_STMT(BPF_RET | BPF_K, 9) }, 2, 0 },
	{ "len", { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_RET | BPF_A, 0) }, 2, 9 },
	{ "msh", { BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 8), BPF_STMT(BPF_MISC | BPF_TXA, 0),
		   BPF_STMT(BPF_RET | BPF_A, 0) }, 3, 20 },
	{ "alu", { BPF_STMT(BPF_LD | BPF_IMM, 10), BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3),
		   BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 7), BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 4),
		   BPF_STMT(BPF_RET | BPF_A, 0) }, 5, 32 },
	{ "div by x zero aborts", { BPF_STMT(BPF_LD | BPF_IMM, 10), BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
				    BPF_STMT(BPF_RET | BPF_K, 5) }, 3, 0 },
	{ "neg", { BPF_STMT(BPF_LD | BPF_IMM, 1), BPF_STMT(BPF_ALU | BPF_NEG, 0),
		   BPF_STMT(BPF_RET | BPF_A, 0) }, 3, 0xffffffff },
	{ "jeq taken", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, 0, 1),
			 BPF_STMT(BPF_RET | BPF_K, 1), BPF_STMT(BPF_RET | BPF_K, 2) }, 4, 1 },
	{ "jgt not taken", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0), BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 3, 0, 1),
			     BPF_STMT(BPF_RET | BPF_K, 1), BPF_STMT(BPF_RET | BPF_K, 2) }, 4, 2 },
	{ "ja", { BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_RET | BPF_K, 1),
		  BPF_STMT(BPF_RET | BPF_K, 2) }, 3, 2 },
	{ "scratch memory", { BPF_STMT(BPF_LD | BPF_IMM, 42), BPF_STMT(BPF_ST, 15), BPF_STMT(BPF_LD | BPF_IMM, 0),
			      BPF_STMT(BPF_LDX | BPF_MEM, 15), BPF_STMT(BPF_MISC | BPF_TXA, 0),
			      BPF_STMT(BPF_RET | BPF_A, 0) }, 6, 42 },
	{ "ancillary cpu", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_CPU),
			     BPF_STMT(BPF_RET | BPF_A, 0) }, 2, 3 },
	{ "ancillary protocol", { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL),
				  BPF_STMT(BPF_RET | BPF_A, 0) }, 2, 0x0800 },
	{ "net header", { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 1), BPF_STMT(BPF_RET | BPF_A, 0) },
	  2, 0xee },
	{ "link header aborts", { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_LL_OFF), BPF_STMT(BPF_RET | BPF_K, 1) },
	  2, 0 },
};

START_TEST(test_run)
{
	static const u8 net[] = { 0x45, 0xee };
	struct bpf_classic_ctx ctx = {
		.data = pkt, .len = sizeof(pkt), .net = net, .net_len = sizeof(net),
		.protocol = 0x0800, .cpu = 3,
	};

	ck_assert_msg(run(run_cases[_i].f, run_cases[_i].len, &ctx) == run_cases[_i].want,
		      "%s", run_cases[_i].name);
}
END_TEST

static const struct {
	const char *name;
	struct sock_filter f[4];
	unsigned int len;
} bad_cases[] = {
	{ "empty", { BPF_STMT(BPF_RET | BPF_K, 0) }, 0 },
	{ "no ret at end", { BPF_STMT(BPF_LD | BPF_IMM, 0) }, 1 },
	{ "ret x", { BPF_STMT(BPF_RET | BPF_X, 0) }, 1 },
	{ "unknown opcode", { BPF_STMT(0xff, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "div by constant 0", { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "mod by constant 0", { BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "shift by 32", { BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "ja past end", { BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "jeq past end", { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "backward jump", { BPF_STMT(BPF_RET | BPF_K, 0), BPF_STMT(BPF_JMP | BPF_JA, 0xffffffff),
			     BPF_STMT(BPF_RET | BPF_K, 0) }, 3 },
	{ "M[16]", { BPF_STMT(BPF_ST, 16), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "M read before write", { BPF_STMT(BPF_LD | BPF_MEM, 0), BPF_STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "M written on one path only", { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), BPF_STMT(BPF_ST, 2),
					  BPF_STMT(BPF_LD | BPF_MEM, 2), BPF_STMT(BPF_RET | BPF_A, 0) }, 4 },
	{ "unknown ancillary", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_MAX),
				 BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
};

START_TEST(test_reject)
{
	ck_assert_msg(bpf_check_classic(bad_cases[_i].f, bad_cases[_i].len) == -EINVAL,
		      "%s", bad_cases[_i].name);
}
END_TEST

START_TEST(test_length_limit)
{
	static struct sock_filter f[BPF_MAXINSNS + 1];
	unsigned int i;

	for (i = 0; i < LEN(f); i++)
		f[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	ck_assert_int_eq(bpf_check_classic(f, BPF_MAXINSNS), 0);
	ck_assert_int_eq(bpf_check_classic(f, BPF_MAXINSNS + 1), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_run, 0, LEN(run_cases));
	tcase_add_loop_test(tc, test_reject, 0, LEN(bad_cases));
	tcase_add_test(tc, test_length_limit);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
