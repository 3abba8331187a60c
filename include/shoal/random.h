/* SPDX-License-Identifier: MIT */
/*
 * Kernel random numbers (drivers/char/random.c): a ChaCha20-based generator with
 * fast key erasure, seeded at boot from the time CSR and whatever the
 * platform offers through add_device_randomness(). Usable from any
 * context (a spinlock with IRQs saved guards the state).
 */
#ifndef _SHOAL_RANDOM_H
#define _SHOAL_RANDOM_H

#include <shoal/types.h>

void get_random_bytes(void *buf, size_t n);
/* Mix @n bytes into the key (device tree, MAC addresses, timings, user writes to /dev/random). */
void add_device_randomness(const void *buf, size_t n);
u32 get_random_u32(void);

#endif
