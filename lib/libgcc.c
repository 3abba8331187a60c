// SPDX-License-Identifier: MIT
/*
 * The few libgcc helpers the compiler calls for rv64imac: Debian's riscv64
 * cross toolchain ships libgcc only for the lp64d ABI, which cannot be
 * linked into this soft-float (lp64) kernel.
 */
int __popcountdi2(unsigned long x);
int __ctzdi2(unsigned long x);
int __clzdi2(unsigned long x);
unsigned int __bswapsi2(unsigned int x);
unsigned long __bswapdi2(unsigned long x);

int __popcountdi2(unsigned long x)
{
	x = x - ((x >> 1) & 0x5555555555555555UL);
	x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
	return (int)((x * 0x0101010101010101UL) >> 56);
}

int __ctzdi2(unsigned long x)
{
	int n = 0;

	while (!(x & 1) && n < 64) {
		x >>= 1;
		n++;
	}
	return n;
}

int __clzdi2(unsigned long x)
{
	int n = 0;

	while (!(x & (1UL << 63)) && n < 64) {
		x <<= 1;
		n++;
	}
	return n;
}

/* Byte swaps, for any __builtin_bswap the compiler could not open-code. */
unsigned int __bswapsi2(unsigned int x)
{
	return (x << 24) | ((x & 0xff00) << 8) | ((x >> 8) & 0xff00) | (x >> 24);
}

unsigned long __bswapdi2(unsigned long x)
{
	return (unsigned long)__bswapsi2((unsigned int)x) << 32 | __bswapsi2((unsigned int)(x >> 32));
}
