/* SPDX-License-Identifier: MIT */
/*
 * Network byte order. RISC-V is little-endian; __be16/__be32 mark values in
 * network order (no sparse here, the names document intent).
 */
#ifndef _SHOAL_BYTEORDER_H
#define _SHOAL_BYTEORDER_H

#include <shoal/types.h>

typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
typedef u16 __sum16;
typedef u32 __wsum;
typedef u16 __le16;               /* little-endian device fields (virtio) */
typedef u32 __le32;
typedef u64 __le64;

/* Open-coded: RV64GC has no byte-swap instruction, and __builtin_bswap32
 * would become a libgcc call. Constants fold at compile time. */
static inline u16 __swab16_fn(u16 x) { return (u16)(x << 8 | x >> 8); }
static inline u32 __swab32_fn(u32 x)
{
	return (x << 24) | ((x & 0xff00) << 8) | ((x >> 8) & 0xff00) | (x >> 24);
}
static inline u64 __swab64_fn(u64 x)
{
	return (u64)__swab32_fn((u32)x) << 32 | __swab32_fn((u32)(x >> 32));
}
#define __swab16(x) __swab16_fn((u16)(x))
#define __swab32(x) __swab32_fn((u32)(x))
#define __swab64(x) __swab64_fn((u64)(x))

#define htons(x)        __swab16(x)
#define ntohs(x)        __swab16(x)
#define htonl(x)        __swab32(x)
#define ntohl(x)        __swab32(x)
#define cpu_to_be16(x)  __swab16(x)
#define be16_to_cpu(x)  __swab16(x)
#define cpu_to_be32(x)  __swab32(x)
#define be32_to_cpu(x)  __swab32(x)
#define cpu_to_be64(x)  __swab64(x)
#define be64_to_cpu(x)  __swab64(x)
#define cpu_to_le16(x)  ((u16)(x))
#define le16_to_cpu(x)  ((u16)(x))
#define cpu_to_le32(x)  ((u32)(x))
#define le32_to_cpu(x)  ((u32)(x))
#define cpu_to_le64(x)  ((u64)(x))
#define le64_to_cpu(x)  ((u64)(x))

/* Unaligned loads/stores (packet headers may sit at any offset). */
static inline u16 get_unaligned_be16(const void *p) { const u8 *b = p; return (u16)(b[0] << 8 | b[1]); }
static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}
static inline void put_unaligned_be16(u16 v, void *p) { u8 *b = p; b[0] = v >> 8; b[1] = v; }
static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;
	b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v;
}

#endif
