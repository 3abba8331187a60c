/* SPDX-License-Identifier: MIT */
/*
 * Leaving the machine (drivers/power/sifive_test.c): QEMU exits with the
 * given status on power-off, or resets.
 */
#ifndef _SHOAL_REBOOT_H
#define _SHOAL_REBOOT_H

#include <shoal/compiler.h>

__noreturn void machine_power_off(int code);
__noreturn void machine_restart(void);

#endif /* _SHOAL_REBOOT_H */
