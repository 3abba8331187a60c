/* SPDX-License-Identifier: MIT */
/* The kernel's sampling profiler (kernel/profile.c, /proc/profile). */
#ifndef _SHOAL_PROFILE_H
#define _SHOAL_PROFILE_H

#include <shoal/types.h>

void profile_setup(const char *arg);    /* the profile= boot argument */
void profile_init(void);                /* boot, after the allocators */
void profile_tick(unsigned long pc, bool user);  /* from the timer interrupt */
int profile_show(char *buf, size_t size);

#endif
