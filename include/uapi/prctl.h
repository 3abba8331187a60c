/* SPDX-License-Identifier: MIT */
/* prctl(2) options, as Linux's <linux/prctl.h>: the ones shoal implements. */
#ifndef _UAPI_PRCTL_H
#define _UAPI_PRCTL_H

#define PR_SET_PDEATHSIG        1
#define PR_GET_PDEATHSIG        2
#define PR_GET_DUMPABLE         3
#define PR_SET_DUMPABLE         4
#define PR_SET_NAME             15
#define PR_GET_NAME             16
#define PR_SET_TIMERSLACK       29
#define PR_GET_TIMERSLACK       30
#define PR_SET_CHILD_SUBREAPER  36
#define PR_GET_CHILD_SUBREAPER  37

#endif
