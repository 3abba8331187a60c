// SPDX-License-Identifier: MIT
/*
 * /proc/net/unix: one line per socket in unix_table, in Linux's format.
 * Each bucket's lock is held while its sockets are printed; each socket's
 * state lock while its line is built.
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>
#include "af_unix_priv.h"

#define __SO_ACCEPTCON          (1 << 16)       /* /proc/net/unix Flags */


static void unix_show_sock(struct sock *s, char *buf, size_t size, int *len)
{
	struct unix_address *addr;
	struct socket *sock;
	unsigned long ino = 0;
	int st, i, n;

	unix_state_lock(s);
	sock = s->sk_socket;
	if (sock && sock->file)
		ino = sock->file->f_inode->i_ino;
	if (sock)
		st = s->sk_state == TCP_ESTABLISHED ? SS_CONNECTED : SS_UNCONNECTED;
	else
		st = s->sk_state == TCP_ESTABLISHED ? SS_CONNECTING : SS_DISCONNECTING;
	*len += snprintf(buf + min((size_t)*len, size), size - min((size_t)*len, size),
			 "%016lx: %08X %08X %08X %04X %02X %5lu", (unsigned long)s,
			 atomic_read(&s->sk_refcnt) + 1,        /* Linux's hash table holds one */
			 0,
			 s->sk_state == TCP_LISTEN ? __SO_ACCEPTCON : 0,
			 s->sk_type, st, ino);
	addr = unix_sk(s)->addr;
	if (addr) {
		char path[UNIX_PATH_MAX + 2];

		n = addr->len - offsetof(struct sockaddr_un, sun_path);
		i = 0;
		path[0] = ' ';
		if (addr->name.sun_path[0]) {
			n--;            /* without the terminating NUL */
		} else {
			path[1] = '@';
			i = 1;
		}
		for (; i < n; i++)
			path[i + 1] = addr->name.sun_path[i] ? addr->name.sun_path[i] : '@';
		path[n + 1] = 0;
		*len += snprintf(buf + min((size_t)*len, size), size - min((size_t)*len, size),
				 "%s", path);
	}
	unix_state_unlock(s);
	*len += snprintf(buf + min((size_t)*len, size), size - min((size_t)*len, size), "\n");
}

int unix_proc_show(char *buf, size_t size)
{
	int len, b;
	struct sock *s;

	len = snprintf(buf, size, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	for (b = 0; b < 2 * UNIX_HASH_SIZE; b++) {
		spin_lock(&unix_table_locks[b]);
		hlist_for_each_entry(s, &unix_table[b], sk_node)
			unix_show_sock(s, buf, size, &len);
		spin_unlock(&unix_table_locks[b]);
	}
	return len;
}
