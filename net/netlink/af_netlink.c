// SPDX-License-Identifier: MIT
/*
 * AF_NETLINK sockets (Linux's net/netlink/af_netlink.c): datagram sockets
 * between user space and the kernel's netlink protocols (NETLINK_ROUTE in
 * net/core/rtnetlink.c, ...), and between user sockets.
 *
 * Each socket has a port ID (portid): bind() chooses one, or the first
 * send/connect picks the process's tgid, or a negative number when that
 * is taken, as Linux's autobind does. A message sent to port 0 goes to
 * the protocol's input function, which runs synchronously in the sender's
 * context and answers with netlink_unicast(). Multicast groups (1..64)
 * are joined with bind's nl_groups (groups 1..32) or
 * NETLINK_ADD_MEMBERSHIP; netlink_broadcast() copies an event to every
 * member.
 *
 * A socket's receive queue is bounded by sk_rcvbuf. A message that does
 * not fit is dropped and the socket learns of it as ENOBUFS from its next
 * recv (unless NETLINK_NO_ENOBUFS), as Linux. Dumps (NLM_F_DUMP) are not
 * built at once: the socket keeps a netlink_callback and a recv that
 * leaves the queue at most half full asks it for the next skb.
 *
 * Locking:
 *   nl_table_lock   spinlock (BHs off; rank LOCKRANK_NL_TABLE): every
 *                   table's socket list and each socket's portid, groups
 *                   and bound flag. Broadcasts deliver under it, so it
 *                   ranks below sk_receive_queue.lock; callers may hold
 *                   devinet_lock or fib_lock (events are sent from the
 *                   places where addresses and routes change).
 *   nlk->cb_mutex   the socket's dump state (cb, cb_running); a dump
 *                   function may take rtnl_lock inside it, never the
 *                   other way round.
 *   [sock]          lock_sock: dst_portid, dst_group, flags.
 * Order: nlk->cb_mutex -> rtnl_mutex -> devinet_lock -> fib_lock ->
 *        nl_table_lock -> sk_receive_queue.lock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/init.h>
#include <shoal/mutex.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_F_RECV_PKTINFO  0x1
#define NETLINK_F_BROADCAST_SEND_ERROR 0x2
#define NETLINK_F_RECV_NO_ENOBUFS 0x4
#define NETLINK_F_CAP_ACK       0x8
#define NETLINK_F_EXT_ACK       0x10
#define NETLINK_F_STRICT_CHK    0x20

#define NETLINK_MAX_RECVMSG_LEN 32768   /* largest dump skb (Linux: 32 KiB) */

struct netlink_sock {
	struct sock sk;                 /* must be first */
	int protocol;                   /* [const] */
	u32 portid;                     /* [nl_table_lock] */
	bool bound;                     /* portid chosen [nl_table_lock] */
	u64 groups;                     /* bit g-1 = member of group g [nl_table_lock] */
	struct list_head node;          /* on nl_table[protocol].socks [nl_table_lock] */
	u32 dst_portid;                 /* connect() [sock] */
	u32 dst_group;                  /* [sock] */
	u32 flags;                      /* NETLINK_F_* [atom bit ops] */
	u32 max_recvmsg_len;            /* largest recv seen, for dump skbs [cb_mutex] */
	struct mutex cb_mutex;
	bool cb_running;                /* [cb_mutex] */
	struct netlink_callback cb;     /* [cb_mutex] */
};

static inline struct netlink_sock *nlk_sk(const struct sock *sk)
{
	return (struct netlink_sock *)sk;
}

struct netlink_table {
	struct list_head socks;         /* every socket of the protocol [nl_table_lock] */
	unsigned int groups;            /* [boot] */
	void (*input)(struct sk_buff *skb);     /* [boot]; NULL: no such protocol */
};

static struct netlink_table nl_table[MAX_LINKS];
static DEFINE_SPINLOCK_RANKED(nl_table_lock, LOCKRANK_NL_TABLE);
static s32 nl_rover = -4096;            /* next negative autobind portid [nl_table_lock] */

static struct proto netlink_proto = {
	.name = "NETLINK",
	.obj_size = sizeof(struct netlink_sock),
};

/* ------------------------------------------------------------ the table */

int netlink_kernel_create(int protocol, const struct netlink_kernel_cfg *cfg)
{
	if (protocol < 0 || protocol >= MAX_LINKS || !cfg->input)
		return -EINVAL;
	if (nl_table[protocol].input)
		return -EEXIST;
	nl_table[protocol].groups = cfg->groups < 32 ? 32 : cfg->groups;
	nl_table[protocol].input = cfg->input;
	return 0;
}

/* The bound socket with portid, or NULL. [nl_table_lock] */
static struct sock *__netlink_lookup(int protocol, u32 portid)
{
	struct netlink_sock *nlk;

	list_for_each_entry(nlk, &nl_table[protocol].socks, node)
		if (nlk->bound && nlk->portid == portid)
			return &nlk->sk;
	return NULL;
}

/* Give sk portid (0: autobind). -EADDRINUSE if another socket has it. */
static int netlink_insert(struct sock *sk, u32 portid)
{
	struct netlink_sock *nlk = nlk_sk(sk);
	int err = 0;

	spin_lock_bh(&nl_table_lock);
	if (nlk->bound) {
		err = nlk->portid == portid || !portid ? 0 : -EINVAL;
		goto out;
	}
	if (!portid) {
		portid = task_tgid(current);
		while (__netlink_lookup(nlk->protocol, portid)) {
			portid = nl_rover--;
			if (nl_rover > -4096)
				nl_rover = -4096;
		}
	} else if (__netlink_lookup(nlk->protocol, portid)) {
		err = -EADDRINUSE;
		goto out;
	}
	nlk->portid = portid;
	nlk->bound = true;
out:
	spin_unlock_bh(&nl_table_lock);
	return err;
}

static int netlink_autobind(struct sock *sk)
{
	return netlink_insert(sk, 0);
}

/* ------------------------------------------------------------ delivery */

/* The receiver's queue was full: it hears ENOBUFS from its next recv. */
static void netlink_overrun(struct sock *sk)
{
	if (READ_ONCE(nlk_sk(sk)->flags) & NETLINK_F_RECV_NO_ENOBUFS)
		return;
	WRITE_ONCE(sk->sk_err, ENOBUFS);
	sk->sk_error_report(sk);
}

/* Queue skb on sk (consumes it). 0 or -EAGAIN (full: dropped). */
static int netlink_deliver(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb)) {
		netlink_overrun(sk);
		kfree_skb(skb);
		return -EAGAIN;
	}
	return 0;
}

struct sock *netlink_getsockbyfilp(struct file *f)
{
	struct socket *sock = sock_from_file(f);

	if (!sock || !sock->sk)
		return ERR_PTR(-ENOTSOCK);
	if (sock->sk->sk_family != AF_NETLINK)
		return ERR_PTR(-EINVAL);
	sock_hold(sock->sk);
	return sock->sk;
}

int netlink_sendskb(struct sock *sk, struct sk_buff *skb)
{
	return netlink_deliver(sk, skb);
}

int netlink_unicast(int protocol, struct sk_buff *skb, u32 portid)
{
	struct sock *sk;
	int err;

	spin_lock_bh(&nl_table_lock);
	sk = __netlink_lookup(protocol, portid);
	if (sk)
		sock_hold(sk);
	spin_unlock_bh(&nl_table_lock);
	if (!sk) {
		kfree_skb(skb);
		return -ECONNREFUSED;
	}
	err = netlink_deliver(sk, skb);
	sock_put(sk);
	return err;
}

/*
 * User to user: a full receiver refuses with -EAGAIN and is not told of
 * an overrun (Linux would make a blocking sender wait; shoal's never does).
 */
static int netlink_unicast_user(int protocol, struct sk_buff *skb, u32 portid)
{
	struct sock *sk;
	int err;

	spin_lock_bh(&nl_table_lock);
	sk = __netlink_lookup(protocol, portid);
	if (sk)
		sock_hold(sk);
	spin_unlock_bh(&nl_table_lock);
	err = -ECONNREFUSED;
	if (sk) {
		err = sock_queue_rcv_skb(sk, skb) ? -EAGAIN : 0;
		sock_put(sk);
	}
	if (err)
		kfree_skb(skb);
	return err;
}

static bool netlink_is_member(const struct netlink_sock *nlk, u32 group)
{
	return group && group <= 64 && (nlk->groups >> (group - 1)) & 1;
}

bool netlink_has_listeners(int protocol, u32 group)
{
	struct netlink_sock *nlk;
	bool found = false;

	spin_lock_bh(&nl_table_lock);
	list_for_each_entry(nlk, &nl_table[protocol].socks, node)
		if (netlink_is_member(nlk, group)) {
			found = true;
			break;
		}
	spin_unlock_bh(&nl_table_lock);
	return found;
}

int netlink_broadcast(int protocol, struct sk_buff *skb, u32 portid, u32 group)
{
	struct netlink_sock *nlk;
	struct sk_buff *copy;
	bool delivered = false;

	NETLINK_CB(skb).dst_group = group;
	spin_lock_bh(&nl_table_lock);
	list_for_each_entry(nlk, &nl_table[protocol].socks, node) {
		if (!netlink_is_member(nlk, group) || (nlk->bound && nlk->portid == portid && portid))
			continue;
		copy = skb_clone(skb, GFP_ATOMIC);
		if (!copy) {
			netlink_overrun(&nlk->sk);
			continue;
		}
		if (!netlink_deliver(&nlk->sk, copy))
			delivered = true;
	}
	spin_unlock_bh(&nl_table_lock);
	consume_skb(skb);
	return delivered ? 0 : -ESRCH;
}

/* ----------------------------------------------------------- messages */

struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type, int payload, int flags)
{
	int size = nlmsg_msg_size(payload);
	struct nlmsghdr *nlh;

	if ((int)skb_tailroom(skb) < (int)NLMSG_ALIGN(size))
		return NULL;
	nlh = __skb_put(skb, NLMSG_ALIGN(size));
	nlh->nlmsg_type = type;
	nlh->nlmsg_len = size;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_pid = portid;
	nlh->nlmsg_seq = seq;
	memset((char *)nlmsg_data(nlh), 0, NLMSG_ALIGN(size) - NLMSG_HDRLEN);
	return nlh;
}

int nla_put(struct sk_buff *skb, int type, int len, const void *data)
{
	struct nlattr *nla;

	if ((int)skb_tailroom(skb) < nla_total_size(len))
		return -EMSGSIZE;
	nla = __skb_put(skb, nla_total_size(len));
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy(nla_data(nla), data, len);
	memset((char *)nla_data(nla) + len, 0, nla_total_size(len) - NLA_HDRLEN - len);
	return 0;
}

static int nla_validate_one(const struct nlattr *nla, const struct nla_policy *pt)
{
	int len = nla_len(nla);

	switch (pt->type) {
	case NLA_U8:
		return len < 1 ? -EINVAL : 0;
	case NLA_U16:
		return len < 2 ? -EINVAL : 0;
	case NLA_U32:
		return len < 4 ? -EINVAL : 0;
	case NLA_U64:
		return len < 8 ? -EINVAL : 0;
	case NLA_NUL_STRING:
		if (len < 1 || strnlen(nla_data(nla), len) == (size_t)len)
			return -EINVAL;
		/* fall through */
	case NLA_STRING:
		return pt->len && len > pt->len ? -EINVAL : 0;
	case NLA_BINARY:
		return pt->len && len > pt->len ? -EINVAL : 0;
	default:
		return len < pt->len ? -EINVAL : 0;
	}
}

int nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen, struct nlattr *tb[], int maxtype,
		const struct nla_policy *policy, struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	int rem, type;

	memset(tb, 0, (maxtype + 1) * sizeof(*tb));
	if (nlmsg_len(nlh) < hdrlen) {
		NL_SET_ERR_MSG(extack, "message too short for its header");
		return -EINVAL;
	}
	nla = (const struct nlattr *)((char *)nlmsg_data(nlh) + NLMSG_ALIGN(hdrlen));
	rem = nlmsg_len(nlh) - (int)NLMSG_ALIGN(hdrlen);
	while (rem >= (int)sizeof(*nla)) {
		if (nla->nla_len < sizeof(*nla) || nla->nla_len > rem)
			break;  /* the rest is not an attribute: ignored, as Linux */
		type = nla_type(nla);
		if (type > 0 && type <= maxtype) {
			if (policy && nla_validate_one(nla, &policy[type])) {
				NL_SET_ERR_MSG(extack, "attribute too short or malformed");
				return -EINVAL;
			}
			tb[type] = (struct nlattr *)nla;
		}
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((char *)nla + NLA_ALIGN(nla->nla_len));
	}
	return 0;
}

size_t nla_strscpy(char *dst, const struct nlattr *nla, size_t size)
{
	size_t len = nla_len(nla);
	const char *s = nla_data(nla);

	if (len && s[len - 1] == 0)
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = 0;
	return len;
}

void netlink_ack(struct sk_buff *in_skb, struct nlmsghdr *nlh, int err,
		 const struct netlink_ext_ack *extack)
{
	struct sock *sk = NETLINK_CB(in_skb).sk;
	u32 portid = NETLINK_CB(in_skb).portid;
	bool capped = !err || (READ_ONCE(nlk_sk(sk)->flags) & NETLINK_F_CAP_ACK);
	int payload = sizeof(struct nlmsgerr) + (capped ? 0 : nlmsg_len(nlh));
	struct nlmsgerr *errmsg;
	struct nlmsghdr *rep;
	struct sk_buff *skb;

	skb = nlmsg_new(payload, GFP_KERNEL);
	if (!skb) {
		netlink_overrun(sk);
		return;
	}
	rep = nlmsg_put(skb, portid, nlh->nlmsg_seq, NLMSG_ERROR, payload,
			err && capped ? NLM_F_CAPPED : 0);
	errmsg = nlmsg_data(rep);
	errmsg->error = err;
	memcpy(&errmsg->msg, nlh, capped ? sizeof(*nlh) : nlh->nlmsg_len);
	nlmsg_end(skb, rep);
	netlink_unicast(sk->sk_protocol, skb, portid);
}

int netlink_rcv_skb(struct sk_buff *skb,
		    int (*cb)(struct sk_buff *, struct nlmsghdr *, struct netlink_ext_ack *))
{
	struct netlink_ext_ack extack;
	struct nlmsghdr *nlh;
	int err;
	u32 msglen;

	while (skb->len >= (unsigned int)nlmsg_total_size(0)) {
		memset(&extack, 0, sizeof(extack));
		nlh = nlmsg_hdr(skb);
		err = 0;
		if (nlh->nlmsg_len < NLMSG_HDRLEN || skb->len < nlh->nlmsg_len)
			return 0;       /* malformed: the rest is ignored, as Linux */
		if (!(nlh->nlmsg_flags & NLM_F_REQUEST) || nlh->nlmsg_type < NLMSG_MIN_TYPE)
			goto ack;       /* not a request, or a control message: no handler */
		err = cb(skb, nlh, &extack);
		if (err == -EINTR)
			goto skip;      /* a dump started: it ends with NLMSG_DONE instead */
ack:
		if ((nlh->nlmsg_flags & NLM_F_ACK) || err)
			netlink_ack(skb, nlh, err, &extack);
skip:
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > skb->len)
			msglen = skb->len;
		__skb_pull(skb, msglen);
	}
	return 0;
}

/* --------------------------------------------------------------- dumps */

static void netlink_dump_done(struct netlink_sock *nlk)
{
	struct netlink_callback *cb = &nlk->cb;

	if (cb->done)
		cb->done(cb);
	kfree(cb->nlh);
	cb->nlh = NULL;
	nlk->cb_running = false;
}

/*
 * Fill and queue the next skb of sk's dump; the last one carries
 * NLMSG_DONE with the dump's result. 0, or -errno (the dump could not go
 * on: the caller reports it on the socket).
 */
static int netlink_dump(struct sock *sk)
{
	struct netlink_sock *nlk = nlk_sk(sk);
	struct netlink_callback *cb = &nlk->cb;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	int len, alloc, err = 0;

	mutex_lock(&nlk->cb_mutex);
	if (!nlk->cb_running)
		goto out_unlock;
	if (atomic_read(&sk->sk_rmem_alloc) >= READ_ONCE(sk->sk_rcvbuf))
		goto out_unlock;        /* the next recv comes back here */
	alloc = max_t(int, NLMSG_GOODSIZE, min_t(int, nlk->max_recvmsg_len, NETLINK_MAX_RECVMSG_LEN));
	alloc = max_t(int, alloc, cb->min_dump_alloc);
	err = -ENOBUFS;
	skb = alloc_skb(alloc, GFP_KERNEL);
	if (!skb)
		goto out_unlock;
	/* Fill no more than the reader's buffer takes, whatever the allocator rounded to. */
	if (skb_tailroom(skb) > (unsigned int)alloc)
		skb_reserve(skb, skb_tailroom(skb) - alloc);
	cb->skb = skb;
	len = cb->dump(skb, cb);
	if (len > 0) {
		mutex_unlock(&nlk->cb_mutex);
		netlink_deliver(sk, skb);
		return 0;
	}
	nlh = nlmsg_put(skb, cb->portid, cb->seq, NLMSG_DONE, sizeof(len), NLM_F_MULTI);
	if (!nlh) {
		/* No room for DONE: send what we have; DONE follows next time
		 * (the dump function returns 0 again at the end). */
		mutex_unlock(&nlk->cb_mutex);
		netlink_deliver(sk, skb);
		return 0;
	}
	memcpy(nlmsg_data(nlh), &len, sizeof(len));
	nlmsg_end(skb, nlh);
	netlink_dump_done(nlk);
	mutex_unlock(&nlk->cb_mutex);
	netlink_deliver(sk, skb);
	return 0;
out_unlock:
	mutex_unlock(&nlk->cb_mutex);
	return err;
}

int netlink_dump_start(struct sk_buff *in_skb, const struct nlmsghdr *nlh,
		       struct netlink_dump_control *control)
{
	struct sock *sk = NETLINK_CB(in_skb).sk;
	struct netlink_sock *nlk = nlk_sk(sk);
	struct netlink_callback *cb = &nlk->cb;
	struct nlmsghdr *copy;
	int err;

	copy = kmalloc(nlh->nlmsg_len, GFP_KERNEL);
	if (!copy)
		return -ENOBUFS;
	memcpy(copy, nlh, nlh->nlmsg_len);
	mutex_lock(&nlk->cb_mutex);
	if (nlk->cb_running) {
		mutex_unlock(&nlk->cb_mutex);
		kfree(copy);
		return -EBUSY;
	}
	memset(cb, 0, sizeof(*cb));
	cb->nlh = copy;
	cb->dump = control->dump;
	cb->done = control->done;
	cb->data = control->data;
	cb->min_dump_alloc = control->min_dump_alloc;
	cb->portid = NETLINK_CB(in_skb).portid;
	cb->seq = nlh->nlmsg_seq;
	cb->strict_check = READ_ONCE(nlk->flags) & NETLINK_F_STRICT_CHK;
	nlk->cb_running = true;
	mutex_unlock(&nlk->cb_mutex);

	err = netlink_dump(sk);
	if (err) {
		WRITE_ONCE(sk->sk_err, -err);
		sk->sk_error_report(sk);
	}
	return -EINTR;
}

/* ------------------------------------------------------------- the socket */

static int netlink_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk;

	if (!sk)
		return 0;
	nlk = nlk_sk(sk);
	spin_lock_bh(&nl_table_lock);
	list_del_init(&nlk->node);
	nlk->bound = false;
	nlk->groups = 0;
	spin_unlock_bh(&nl_table_lock);
	mutex_lock(&nlk->cb_mutex);
	if (nlk->cb_running)
		netlink_dump_done(nlk);
	mutex_unlock(&nlk->cb_mutex);
	lock_sock(sk);
	sock_orphan(sk);
	release_sock(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

static int netlink_check_addr(const struct sockaddr *addr, int addr_len)
{
	if (addr_len < (int)sizeof(struct sockaddr_nl))
		return -EINVAL;
	if (addr->sa_family != AF_NETLINK)
		return -EINVAL;
	return 0;
}

static int netlink_bind(struct socket *sock, struct sockaddr *addr, int addr_len)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk = nlk_sk(sk);
	struct sockaddr_nl *nladdr = (struct sockaddr_nl *)addr;
	u32 groups;
	int err;

	err = netlink_check_addr(addr, addr_len);
	if (err)
		return err;
	groups = nladdr->nl_groups;
	if (nl_table[nlk->protocol].groups < 32)
		groups &= (1U << nl_table[nlk->protocol].groups) - 1;
	/* Already bound: the port may only be restated (Linux: -EINVAL). */
	err = netlink_insert(sk, nladdr->nl_pid);
	if (err)
		return err;
	spin_lock_bh(&nl_table_lock);
	nlk->groups = (nlk->groups & ~0xffffffffULL) | groups;
	spin_unlock_bh(&nl_table_lock);
	return 0;
}

static int netlink_connect(struct socket *sock, struct sockaddr *addr, int addr_len, int flags)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk = nlk_sk(sk);
	struct sockaddr_nl *nladdr = (struct sockaddr_nl *)addr;
	int err;

	if (addr_len < (int)sizeof(addr->sa_family))
		return -EINVAL;
	lock_sock(sk);
	if (addr->sa_family == AF_UNSPEC) {
		sk->sk_state = 0;
		nlk->dst_portid = 0;
		nlk->dst_group = 0;
		release_sock(sk);
		return 0;
	}
	err = netlink_check_addr(addr, addr_len);
	if (!err)
		err = netlink_autobind(sk);
	if (!err) {
		sk->sk_state = 1;       /* NETLINK_CONNECTED */
		nlk->dst_portid = nladdr->nl_pid;
		nlk->dst_group = nladdr->nl_groups ? (1 + __builtin_ctz(nladdr->nl_groups)) : 0;
	}
	release_sock(sk);
	return err;
}

static int netlink_getname(struct socket *sock, struct sockaddr *addr, int peer)
{
	struct netlink_sock *nlk = nlk_sk(sock->sk);
	struct sockaddr_nl *nladdr = (struct sockaddr_nl *)addr;

	memset(nladdr, 0, sizeof(*nladdr));
	nladdr->nl_family = AF_NETLINK;
	if (peer) {
		lock_sock(sock->sk);
		nladdr->nl_pid = nlk->dst_portid;
		nladdr->nl_groups = nlk->dst_group ? 1U << (nlk->dst_group - 1) : 0;
		release_sock(sock->sk);
	} else {
		spin_lock_bh(&nl_table_lock);
		nladdr->nl_pid = nlk->bound ? nlk->portid : 0;
		nladdr->nl_groups = (u32)nlk->groups;
		spin_unlock_bh(&nl_table_lock);
	}
	return sizeof(*nladdr);
}

static int netlink_membership(struct netlink_sock *nlk, u32 group, bool add)
{
	int err;

	if (!group || group > nl_table[nlk->protocol].groups || group > 64)
		return -EINVAL;
	err = netlink_autobind(&nlk->sk);
	if (err)
		return err;
	spin_lock_bh(&nl_table_lock);
	if (add)
		nlk->groups |= 1ULL << (group - 1);
	else
		nlk->groups &= ~(1ULL << (group - 1));
	spin_unlock_bh(&nl_table_lock);
	return 0;
}

static const struct {
	int opt;
	u32 flag;
} netlink_flag_opts[] = {
	{ NETLINK_PKTINFO, NETLINK_F_RECV_PKTINFO },
	{ NETLINK_BROADCAST_ERROR, NETLINK_F_BROADCAST_SEND_ERROR },
	{ NETLINK_NO_ENOBUFS, NETLINK_F_RECV_NO_ENOBUFS },
	{ NETLINK_CAP_ACK, NETLINK_F_CAP_ACK },
	{ NETLINK_EXT_ACK, NETLINK_F_EXT_ACK },
	{ NETLINK_GET_STRICT_CHK, NETLINK_F_STRICT_CHK },
};

static u32 netlink_opt_flag(int optname)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(netlink_flag_opts); i++)
		if (netlink_flag_opts[i].opt == optname)
			return netlink_flag_opts[i].flag;
	return 0;
}

static int netlink_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
			      unsigned int optlen)
{
	struct netlink_sock *nlk = nlk_sk(sock->sk);
	u32 flag, val = 0;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (optlen >= sizeof(int) && get_user(val, (u32 __user *)optval))
		return -EFAULT;
	switch (optname) {
	case NETLINK_ADD_MEMBERSHIP:
	case NETLINK_DROP_MEMBERSHIP:
		if (optlen < sizeof(int))
			return -EINVAL;
		return netlink_membership(nlk, val, optname == NETLINK_ADD_MEMBERSHIP);
	case NETLINK_LISTEN_ALL_NSID:
		return optlen < sizeof(int) ? -EINVAL : 0;      /* one namespace */
	}
	flag = netlink_opt_flag(optname);
	if (!flag)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (val)
		__atomic_or_fetch(&nlk->flags, flag, __ATOMIC_RELAXED);
	else
		__atomic_and_fetch(&nlk->flags, ~flag, __ATOMIC_RELAXED);
	return 0;
}

static int netlink_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
			      int __user *optlen)
{
	struct netlink_sock *nlk = nlk_sk(sock->sk);
	u32 flag;
	int len;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	flag = netlink_opt_flag(optname);
	if (!flag)
		return -ENOPROTOOPT;
	if (len < (int)sizeof(int))
		return -EINVAL;
	return sockopt_put_int(optval, optlen, len, !!(READ_ONCE(nlk->flags) & flag));
}

static int netlink_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk = nlk_sk(sk);
	struct sockaddr_nl *addr = msg->msg_name;
	u32 dst_portid, dst_group;
	struct sk_buff *skb;
	int err;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_namelen) {
		err = netlink_check_addr(msg->msg_name, msg->msg_namelen);
		if (err)
			return err;
		dst_portid = addr->nl_pid;
		dst_group = addr->nl_groups ? (1 + __builtin_ctz(addr->nl_groups)) : 0;
	} else {
		lock_sock(sk);
		dst_portid = nlk->dst_portid;
		dst_group = nlk->dst_group;
		release_sock(sk);
	}
	err = netlink_autobind(sk);
	if (err)
		return err;
	if (len > (size_t)READ_ONCE(sk->sk_sndbuf) - 32)
		return -EMSGSIZE;
	skb = alloc_skb(len ? len : 1, GFP_KERNEL);
	if (!skb)
		return -ENOBUFS;
	if (copy_from_iter(skb_put(skb, len), len, &msg->msg_iter) != len) {
		kfree_skb(skb);
		return -EFAULT;
	}
	NETLINK_CB(skb).portid = nlk->portid;
	NETLINK_CB(skb).dst_group = dst_group;
	NETLINK_CB(skb).sk = sk;
	if (dst_group)
		netlink_broadcast(nlk->protocol, skb_get(skb), nlk->portid, dst_group);
	if (dst_portid) {
		err = netlink_unicast_user(nlk->protocol, skb, dst_portid);
		return err ? err : (int)len;
	}
	/* Port 0 is the kernel, also when a group was named (Linux). */
	nl_table[nlk->protocol].input(skb);
	consume_skb(skb);
	return len;
}

static void netlink_put_pktinfo(struct msghdr *msg, struct sk_buff *skb)
{
	u32 group = NETLINK_CB(skb).dst_group;

	put_cmsg(msg, SOL_NETLINK, NETLINK_PKTINFO, sizeof(group), &group);
}

static int netlink_recvmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk = nlk_sk(sk);
	struct sockaddr_nl *addr = msg->msg_name;
	struct sk_buff *skb;
	int copied, err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* A lost message is reported before what is still queued, as Linux. */
	err = sock_error(sk);
	if (err)
		return err;
	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;
	if (len > nlk->max_recvmsg_len)
		WRITE_ONCE(nlk->max_recvmsg_len, min_t(size_t, len, NETLINK_MAX_RECVMSG_LEN));
	copied = skb->len;
	if (len < (size_t)copied) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, copied);
	if (addr) {
		memset(addr, 0, sizeof(*addr));
		addr->nl_family = AF_NETLINK;
		addr->nl_pid = NETLINK_CB(skb).portid;
		addr->nl_groups = NETLINK_CB(skb).dst_group ? 1U << (NETLINK_CB(skb).dst_group - 1) : 0;
		msg->msg_namelen = sizeof(*addr);
	}
	if (READ_ONCE(nlk->flags) & NETLINK_F_RECV_PKTINFO)
		netlink_put_pktinfo(msg, skb);
	if (flags & MSG_TRUNC)
		copied = skb->len;
	skb_free_datagram(sk, skb);

	if (READ_ONCE(nlk->cb_running) &&
	    atomic_read(&sk->sk_rmem_alloc) <= READ_ONCE(sk->sk_rcvbuf) / 2) {
		int ret = netlink_dump(sk);

		if (ret) {
			WRITE_ONCE(sk->sk_err, -ret);
			sk->sk_error_report(sk);
		}
	}
	return err ? err : copied;
}

static const struct proto_ops netlink_ops = {
	.family = PF_NETLINK,
	.release = netlink_release,
	.bind = netlink_bind,
	.connect = netlink_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = netlink_getname,
	.poll = datagram_poll,
	.ioctl = sock_no_ioctl,
	.listen = sock_no_listen,
	.shutdown = sock_no_shutdown,
	.setsockopt = netlink_setsockopt,
	.getsockopt = netlink_getsockopt,
	.sendmsg = netlink_sendmsg,
	.recvmsg = netlink_recvmsg,
};

static int netlink_create(struct socket *sock, int protocol, int kern)
{
	struct netlink_sock *nlk;
	struct sock *sk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol < 0 || protocol >= MAX_LINKS || !nl_table[protocol].input)
		return -EPROTONOSUPPORT;
	sk = sk_alloc(PF_NETLINK, GFP_KERNEL, &netlink_proto, kern);
	if (!sk)
		return -ENOMEM;
	sock->ops = &netlink_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	nlk = nlk_sk(sk);
	nlk->protocol = protocol;
	mutex_init(&nlk->cb_mutex);
	spin_lock_bh(&nl_table_lock);
	list_add_tail(&nlk->node, &nl_table[protocol].socks);
	spin_unlock_bh(&nl_table_lock);
	return 0;
}

static const struct net_proto_family netlink_family_ops = {
	.family = PF_NETLINK,
	.create = netlink_create,
};

static int netlink_proto_init(void)
{
	int i;

	BUILD_BUG_ON(sizeof(struct netlink_skb_parms) > sizeof(((struct sk_buff *)0)->cb));
	for (i = 0; i < MAX_LINKS; i++)
		INIT_LIST_HEAD(&nl_table[i].socks);
	if (proto_register(&netlink_proto))
		panic("netlink: no memory for the netlink_sock cache");
	return sock_register(&netlink_family_ops);
}
core_initcall(netlink_proto_init);
