/* SPDX-License-Identifier: MIT */
/*
 * Initcalls (Linux's linux/init.h): a subsystem or driver names its boot
 * function with the level it belongs to, and start_kernel runs every level
 * in order (do_initcalls, kernel/main.c) without knowing the functions by
 * name. Each macro puts a pointer to the function in the section
 * .initcall<level>.init; the linker script lays the sections out in level
 * order between __initcall_start and __initcall_end. Within a level the
 * order is the link order (the source path order of mk/kernel.mk), so a
 * function that needs another one of its level must be in a later level.
 *
 * Levels, as Linux's:
 *   core      what every later level needs (nothing yet)
 *   subsys    the device core (softnet, NET_RX), protocol-independent parts
 *   fs        the address families: inet, unix (Linux puts inet_init here)
 *   device    drivers: the loopback device; AF_INET6 (Linux's module_init)
 *   late      whatever needs all of the above
 *   kthread   starts a kernel thread: runs after PID 1 and ksoftirqd
 *             exist (do_kthread_initcalls), so no thread takes PID 1
 *
 * Initcalls run once, on the boot CPU, with interrupts off, after the VFS
 * and procfs exist and before the other CPUs and PID 1 start; a non-zero
 * return is reported on the console and boot goes on, as Linux's.
 */
#ifndef _SHOAL_INIT_H
#define _SHOAL_INIT_H

#include <shoal/compiler.h>

typedef int (*initcall_t)(void);

#define __define_initcall(fn, level) \
	static const initcall_t __initcall_##fn##level __used \
	__section(".initcall" #level ".init") = fn

#define core_initcall(fn)       __define_initcall(fn, 1)
#define subsys_initcall(fn)     __define_initcall(fn, 4)
#define fs_initcall(fn)         __define_initcall(fn, 5)
#define device_initcall(fn)     __define_initcall(fn, 6)
#define late_initcall(fn)       __define_initcall(fn, 7)
#define kthread_initcall(fn)    __define_initcall(fn, 8)

void do_initcalls(void);
void do_kthread_initcalls(void);

#endif
