// SPDX-License-Identifier: MIT
/*
 * NETLINK_SOCK_DIAG (Linux's net/core/sock_diag.c): SOCK_DIAG_BY_FAMILY
 * requests go to the handler the family registered (inet_diag for
 * AF_INET/AF_INET6). The old TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK requests
 * and SOCK_DESTROY are not served (-EOPNOTSUPP).
 *
 * Locking: sock_diag_handlers[] is written at boot only; a handler's dump
 * takes whatever locks its tables need.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/init.h>
#include <net/sock_diag.h>

static const struct sock_diag_handler *sock_diag_handlers[AF_MAX];     /* [boot] */

int sock_diag_register(const struct sock_diag_handler *h)
{
	if (h->family >= AF_MAX)
		return -EINVAL;
	if (sock_diag_handlers[h->family])
		return -EBUSY;
	sock_diag_handlers[h->family] = h;
	return 0;
}

static int sock_diag_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	const struct sock_diag_handler *h;
	const struct sock_diag_req *req;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return -EOPNOTSUPP;
	if (nlmsg_len(nlh) < (int)sizeof(*req))
		return -EINVAL;
	req = nlmsg_data(nlh);
	if (req->sdiag_family >= AF_MAX)
		return -EINVAL;
	h = sock_diag_handlers[req->sdiag_family];
	if (!h)
		return -ENOENT;         /* Linux: no module for that family */
	return h->dump(skb, nlh);
}

static void sock_diag_rcv(struct sk_buff *skb)
{
	netlink_rcv_skb(skb, sock_diag_rcv_msg);
}

static int sock_diag_init(void)
{
	static const struct netlink_kernel_cfg cfg = {
		.groups = 32,
		.input = sock_diag_rcv,
	};

	return netlink_kernel_create(NETLINK_SOCK_DIAG, &cfg);
}
fs_initcall(sock_diag_init);
