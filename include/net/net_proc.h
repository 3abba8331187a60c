/* SPDX-License-Identifier: MIT */
/*
 * /proc/net files. Each renders its whole text into buf (snprintf rules:
 * returns the length it wanted; procfs retries with a bigger buffer when
 * the text did not fit). fs/proc/root.c lists them.
 */
#ifndef _NET_NET_PROC_H
#define _NET_NET_PROC_H

#include <shoal/types.h>

int dev_proc_show(char *buf, size_t size);              /* net/core/net-procfs.c: dev */
int softnet_stat_show(char *buf, size_t size);          /* net/core/net-procfs.c: softnet_stat */
int snmp_proc_show(char *buf, size_t size);             /* net/ipv4/proc.c: snmp */
int netstat_proc_show(char *buf, size_t size);          /* net/ipv4/proc.c: netstat (TcpExt) */
int sockstat_proc_show(char *buf, size_t size);         /* net/ipv4/proc.c: sockstat */
int route_proc_show(char *buf, size_t size);            /* net/ipv4/route.c: route */
int arp_proc_show(char *buf, size_t size);              /* net/ipv4/arp.c: arp */
int udp4_proc_show(char *buf, size_t size);             /* net/ipv4/udp.c: udp */
int udp6_proc_show(char *buf, size_t size);             /* net/ipv4/udp.c: udp6 */
int tcp4_proc_show(char *buf, size_t size);             /* net/ipv4/tcp_ipv4.c: tcp */
int tcp6_proc_show(char *buf, size_t size);             /* net/ipv4/tcp_ipv4.c: tcp6 */
int unix_proc_show(char *buf, size_t size);             /* net/unix/af_unix.c: unix */

#endif
