/* SPDX-License-Identifier: MIT */
/*
 * Kernel-level IPv4 configuration from the command line (Linux's
 * net/ipv4/ipconfig.c and Documentation/admin-guide/nfs/nfsroot.rst):
 *
 *   ip=<client-ip>:<server-ip>:<gw-ip>:<netmask>:<hostname>:<device>:<autoconf>
 *   ip=off  (or none)
 *
 * Only static configuration: autoconf must be empty, off or none (DHCP,
 * BOOTP and RARP are refused with a message). Empty fields take their
 * defaults: the netmask of the address's class, no gateway, no hostname,
 * the first non-loopback device. Fields after autoconf (DNS, NTP) are
 * ignored.
 */
#ifndef _NET_IPCONFIG_H
#define _NET_IPCONFIG_H

#include <shoal/types.h>
#include <shoal/byteorder.h>
#include <uapi/if.h>

#define IC_HOSTNAME_MAX 64

struct ic_config {
	bool off;                       /* ip=off: nothing to do */
	__be32 myaddr;                  /* client-ip */
	__be32 servaddr;                /* server-ip (logged only) */
	__be32 gateway;                 /* 0: none */
	__be32 netmask;                 /* 0: the class's */
	char hostname[IC_HOSTNAME_MAX + 1];
	char device[IFNAMSIZ];          /* "": first non-loopback device */
};

/* Parse the value of ip= into *ic: 0, -EINVAL (malformed) or -EOPNOTSUPP
 * (an autoconf protocol). Never touches anything else. */
int ic_parse(const char *arg, struct ic_config *ic);
/* "1.2.3.4" (all four parts, each 0-255) into *addr: 0 or -EINVAL. */
int ic_parse_addr(const char *s, size_t len, __be32 *addr);
/* The kernel command line's ip= (kernel/main.c): kept for ip_auto_config,
 * a late initcall. */
void ip_auto_config_setup(const char *arg);

#endif
