// SPDX-License-Identifier: MIT
/*
 * riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags): what the harts
 * offer user space, as {key, value} pairs, with Linux's keys and both of
 * its modes: flags = 0 fills in the values for a set of CPUs (NULL/0 = all
 * online), RISCV_HWPROBE_WHICH_CPUS narrows the set to the CPUs that match
 * every pair given. An unknown key comes back as key -1, value 0.
 *
 * The harts are taken to be alike (QEMU's are): one answer serves every
 * CPU, from the boot hart's ISA string in the device tree and the SBI
 * machine ids. Reported in IMA_EXT_0 only what user space may use as is:
 * no V (shoal keeps no vector state) and no Zicboz (senvcfg.CBZE is not
 * set). Misaligned-access speed was not measured: UNKNOWN. The vDSO's
 * __vdso_riscv_hwprobe is this system call.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sched.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/time.h>
#include <shoal/uaccess.h>
#include <shoal/fdt.h>
#include <asm/platform.h>
#include <asm/ptrace.h>
#include <asm/sbi.h>
#include <shoal/syscalls.h>

#define RISCV_HWPROBE_KEY_MVENDORID             0
#define RISCV_HWPROBE_KEY_MARCHID               1
#define RISCV_HWPROBE_KEY_MIMPID                2
#define RISCV_HWPROBE_KEY_BASE_BEHAVIOR         3
#define  RISCV_HWPROBE_BASE_BEHAVIOR_IMA        (1 << 0)
#define RISCV_HWPROBE_KEY_IMA_EXT_0             4
#define RISCV_HWPROBE_KEY_CPUPERF_0             5
#define  RISCV_HWPROBE_MISALIGNED_UNKNOWN       0
#define RISCV_HWPROBE_KEY_ZICBOZ_BLOCK_SIZE     6
#define RISCV_HWPROBE_KEY_HIGHEST_VIRT_ADDRESS  7
#define RISCV_HWPROBE_KEY_TIME_CSR_FREQ         8
#define RISCV_HWPROBE_KEY_MISALIGNED_SCALAR_PERF 9
#define RISCV_HWPROBE_MAX_KEY                   9
#define RISCV_HWPROBE_WHICH_CPUS                (1 << 0)

#define SBI_EXT_BASE                    0x10
#define SBI_BASE_GET_MVENDORID          4

struct riscv_hwprobe {
	s64 key;
	u64 value;
};

/* IMA_EXT_0 bits and the ISA-string extension each stands for. */
static const struct { u8 bit; const char *ext; } ima_ext_0[] = {
	{ 1, "c" }, { 3, "zba" }, { 4, "zbb" }, { 5, "zbs" }, { 7, "zbc" },
	{ 8, "zbkb" }, { 9, "zbkc" }, { 10, "zbkx" }, { 11, "zknd" }, { 12, "zkne" },
	{ 13, "zknh" }, { 14, "zksed" }, { 15, "zksh" }, { 16, "zkt" },
	{ 27, "zfh" }, { 28, "zfhmin" }, { 29, "zihintntl" }, { 32, "zfa" },
	{ 33, "ztso" }, { 34, "zacas" }, { 35, "zicond" }, { 36, "zihintpause" },
	{ 42, "zimop" }, { 47, "zcmop" }, { 48, "zawrs" },
};

static u64 hwprobe_ids[3];              /* mvendorid, marchid, mimpid [const after init] */
static u64 hwprobe_ext0;                /* [const after init] */

static int hwprobe_init(void)
{
	const char *isa = platform.isa;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct sbiret r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID + i, 0, 0, 0, 0, 0, 0);

		hwprobe_ids[i] = r.error ? 0 : r.value;
	}
	if (fdt_isa_has_ext(isa, "f") && fdt_isa_has_ext(isa, "d"))
		hwprobe_ext0 |= 1ULL << 0;      /* RISCV_HWPROBE_IMA_FD */
	for (i = 0; i < ARRAY_SIZE(ima_ext_0); i++)
		if (fdt_isa_has_ext(isa, ima_ext_0[i].ext))
			hwprobe_ext0 |= 1ULL << ima_ext_0[i].bit;
	return 0;
}
core_initcall(hwprobe_init);

static bool hwprobe_key_valid(s64 key)
{
	return key >= 0 && key <= RISCV_HWPROBE_MAX_KEY;
}

static void hwprobe_one_pair(struct riscv_hwprobe *pair)
{
	pair->value = 0;
	switch (pair->key) {
	case RISCV_HWPROBE_KEY_MVENDORID:
	case RISCV_HWPROBE_KEY_MARCHID:
	case RISCV_HWPROBE_KEY_MIMPID:
		pair->value = hwprobe_ids[pair->key];
		break;
	case RISCV_HWPROBE_KEY_BASE_BEHAVIOR:
		pair->value = RISCV_HWPROBE_BASE_BEHAVIOR_IMA;
		break;
	case RISCV_HWPROBE_KEY_IMA_EXT_0:
		pair->value = hwprobe_ext0;
		break;
	case RISCV_HWPROBE_KEY_CPUPERF_0:
	case RISCV_HWPROBE_KEY_MISALIGNED_SCALAR_PERF:
		pair->value = RISCV_HWPROBE_MISALIGNED_UNKNOWN;
		break;
	case RISCV_HWPROBE_KEY_ZICBOZ_BLOCK_SIZE:
		break;                  /* Zicboz not offered */
	case RISCV_HWPROBE_KEY_HIGHEST_VIRT_ADDRESS:
		pair->value = TASK_SIZE - 1;
		break;
	case RISCV_HWPROBE_KEY_TIME_CSR_FREQ:
		pair->value = timebase_freq;
		break;
	default:
		pair->key = -1;
		break;
	}
}

/* Does @have satisfy @want? Bitmask keys: every wanted bit; others: equal. */
static bool hwprobe_pair_matches(const struct riscv_hwprobe *have,
				 const struct riscv_hwprobe *want)
{
	if (want->key == RISCV_HWPROBE_KEY_BASE_BEHAVIOR || want->key == RISCV_HWPROBE_KEY_IMA_EXT_0)
		return (have->value & want->value) == want->value;
	return have->value == want->value;
}

static int hwprobe_get_values(struct riscv_hwprobe __user *pairs, size_t count)
{
	struct riscv_hwprobe pair;
	size_t i;

	for (i = 0; i < count; i++) {
		if (get_user(pair.key, &pairs[i].key))
			return -EFAULT;
		hwprobe_one_pair(&pair);
		if (copy_to_user(&pairs[i], &pair, sizeof(pair)))
			return -EFAULT;
		if (i % 256 == 255)
			cond_resched();         /* count is the caller's: bound the stall */
	}
	return 0;
}

/* WHICH_CPUS: the alike harts all match or none does. */
static int hwprobe_get_cpus(struct riscv_hwprobe __user *pairs, size_t count,
			    cpumask_t *cpus)
{
	struct riscv_hwprobe want, have;
	bool clear_all = false;
	size_t i;

	for (i = 0; i < count; i++) {
		if (copy_from_user(&want, &pairs[i], sizeof(want)))
			return -EFAULT;
		if (!hwprobe_key_valid(want.key)) {
			clear_all = true;
			want.key = -1;
			want.value = 0;
			if (copy_to_user(&pairs[i], &want, sizeof(want)))
				return -EFAULT;
		}
		if (clear_all)
			continue;
		have.key = want.key;
		hwprobe_one_pair(&have);
		if (!hwprobe_pair_matches(&have, &want))
			clear_all = true;
		if (i % 256 == 255)
			cond_resched();
	}
	if (clear_all)
		cpus->bits = 0;
	return 0;
}

SYSCALL_DEFINE5(riscv_hwprobe, struct riscv_hwprobe __user *, pairs, size_t, pair_count,
		size_t, cpusetsize, unsigned long __user *, cpus_user, unsigned int, flags)
{
	cpumask_t cpus = { 0 };
	size_t n = min(cpusetsize, sizeof(cpus));
	int err;

	if (flags & ~RISCV_HWPROBE_WHICH_CPUS)
		return -EINVAL;
	if (flags == RISCV_HWPROBE_WHICH_CPUS) {
		if (!cpusetsize || !cpus_user)
			return -EINVAL;
		if (copy_from_user(&cpus, cpus_user, n))
			return -EFAULT;
		if (cpumask_empty(&cpus))
			cpus = cpu_online_mask;
		cpus.bits &= cpu_online_mask.bits;
		err = hwprobe_get_cpus(pairs, pair_count, &cpus);
		if (!err && copy_to_user(cpus_user, &cpus, n))
			err = -EFAULT;
		return err;
	}
	if (cpusetsize || cpus_user) {
		if (copy_from_user(&cpus, cpus_user, n))
			return -EFAULT;
		/* at least one online CPU, or there is nothing to describe */
		if (!(cpus.bits & cpu_online_mask.bits))
			return -EINVAL;
	}
	return hwprobe_get_values(pairs, pair_count);
}
