/* SPDX-License-Identifier: MIT */
#ifndef _SHOAL_TYPES_H
#define _SHOAL_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long s64;

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef long ptrdiff_t;
typedef unsigned long phys_addr_t;

typedef _Bool bool;
#define true  1
#define false 0
#define NULL ((void *)0)

typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long loff_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef long time64_t;
typedef s64 ktime_t;            /* nanoseconds */
typedef unsigned long pgoff_t;
typedef unsigned int gfp_t;

typedef _Bool __bool_check[sizeof(long) == 8 ? 1 : -1];

#endif
