/* SPDX-License-Identifier: MIT */
/*
 * Netlink inside the kernel (net/netlink/af_netlink.c), in the shape of
 * Linux's linux/netlink.h and net/netlink.h.
 *
 * A protocol (NETLINK_ROUTE, ...) registers an input function with
 * netlink_kernel_create(). A user socket's sendmsg to port 0 runs that
 * function synchronously in the sender's context with the request skb,
 * whose NETLINK_CB names the sender. Replies go back with
 * netlink_unicast() to the sender's port; events go out with
 * netlink_broadcast() to the members of a multicast group.
 *
 * Dumps: netlink_dump_start() stores a struct netlink_callback on the
 * requesting socket and fills the first skb; each later recvmsg that
 * leaves the receive queue at most half full fills the next one, so a
 * dump of any size crosses as many recvs as it needs. The dump function
 * keeps its cursor in cb->args[] and returns skb->len while there is more
 * to come, 0 when it is done, or -errno.
 */
#ifndef _NET_NETLINK_H
#define _NET_NETLINK_H

#include <shoal/types.h>
#include <shoal/skbuff.h>
#include <shoal/byteorder.h>
#include <shoal/kernel.h>
#include <uapi/netlink.h>

struct sock;

/* skb->cb of a netlink message. */
struct netlink_skb_parms {
	u32 portid;                     /* sender's port (0: the kernel) */
	u32 dst_group;                  /* multicast group it was sent to, 0: unicast */
	u32 flags;
	struct sock *sk;                /* sending socket (requests), or NULL */
};
#define NETLINK_CB(skb)         (*(struct netlink_skb_parms *)&((skb)->cb))

/* Extended ack: only the error message is kept; nothing is sent with it yet. */
struct netlink_ext_ack {
	const char *_msg;
};
#define NL_SET_ERR_MSG(extack, msg) do { if (extack) (extack)->_msg = (msg); } while (0)

struct netlink_callback {
	struct sk_buff *skb;            /* the skb being filled */
	const struct nlmsghdr *nlh;     /* copy of the request (the dump's filter) */
	int (*dump)(struct sk_buff *skb, struct netlink_callback *cb);
	int (*done)(struct netlink_callback *cb);
	void *data;
	u32 portid;                     /* requester */
	u32 seq;                        /* request's sequence number */
	u16 min_dump_alloc;
	bool strict_check;
	int family;                     /* rtnl_dump_all: the family being dumped */
	long args[6];                   /* the dump's cursor */
};

struct netlink_dump_control {
	int (*dump)(struct sk_buff *skb, struct netlink_callback *cb);
	int (*done)(struct netlink_callback *cb);
	void *data;
	u16 min_dump_alloc;
};

struct netlink_kernel_cfg {
	unsigned int groups;            /* multicast groups a socket may join */
	void (*input)(struct sk_buff *skb);
};

/* Register protocol's kernel side; 0 or -EEXIST/-EINVAL. */
int netlink_kernel_create(int protocol, const struct netlink_kernel_cfg *cfg);

/* Queue skb for port portid of protocol's socket table (consumes skb).
 * 0, -ECONNREFUSED (no such port) or -EAGAIN (its queue is full: it is
 * told ENOBUFS on its next recv). */
int netlink_unicast(int protocol, struct sk_buff *skb, u32 portid);
/* Copy skb to every socket of protocol in group except portid (consumes
 * skb). 0, or -ESRCH if nobody listens. */
int netlink_broadcast(int protocol, struct sk_buff *skb, u32 portid, u32 group);
/* Does anybody listen to group? */
bool netlink_has_listeners(int protocol, u32 group);

struct file;
/* mq_notify's SIGEV_THREAD: the netlink socket of @f, held (sock_put), or
 * ERR_PTR(-ENOTSOCK) / ERR_PTR(-EINVAL) for another kind of socket. */
struct sock *netlink_getsockbyfilp(struct file *f);
/* Queue @skb on @sk whatever its port (consumes skb): 0 or -EAGAIN. */
int netlink_sendskb(struct sock *sk, struct sk_buff *skb);

/* Start a dump for the request in skb; -EINTR on success (no ack is
 * sent, the dump ends with NLMSG_DONE), else -errno. */
int netlink_dump_start(struct sk_buff *skb, const struct nlmsghdr *nlh,
		       struct netlink_dump_control *control);
/* Run cb for each message of skb, acking as Linux's netlink_rcv_skb. */
int netlink_rcv_skb(struct sk_buff *skb,
		    int (*cb)(struct sk_buff *, struct nlmsghdr *, struct netlink_ext_ack *));
/* NLMSG_ERROR for nlh: err 0 is an ack; an error quotes the request. */
void netlink_ack(struct sk_buff *in_skb, struct nlmsghdr *nlh, int err,
		 const struct netlink_ext_ack *extack);

/* ------------------------------------------------------ message building */

#define NLMSG_GOODSIZE          (PAGE_SIZE - 512)       /* room for a reply */
#define NLMSG_DEFAULT_SIZE      (NLMSG_GOODSIZE - NLMSG_HDRLEN)

static inline int nlmsg_msg_size(int payload) { return NLMSG_HDRLEN + payload; }
static inline int nlmsg_total_size(int payload) { return NLMSG_ALIGN(nlmsg_msg_size(payload)); }
static inline void *nlmsg_data(const struct nlmsghdr *nlh) { return (char *)nlh + NLMSG_HDRLEN; }
static inline int nlmsg_len(const struct nlmsghdr *nlh) { return nlh->nlmsg_len - NLMSG_HDRLEN; }
static inline struct nlmsghdr *nlmsg_hdr(const struct sk_buff *skb) { return (struct nlmsghdr *)skb->data; }

static inline struct sk_buff *nlmsg_new(size_t payload, gfp_t flags)
{
	return alloc_skb(nlmsg_total_size(payload), flags);
}
/* Append a message header and room for payload bytes; NULL if it does not fit. */
struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type, int payload, int flags);
static inline void nlmsg_end(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = skb->tail - (unsigned char *)nlh;
}
/* Undo an nlmsg_put and what followed it (the message did not fit). */
static inline void nlmsg_cancel(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	skb_trim(skb, (unsigned char *)nlh - skb->data);
}

/* Attributes: 0, or -EMSGSIZE when the skb has no room. */
int nla_put(struct sk_buff *skb, int type, int len, const void *data);
static inline int nla_put_u8(struct sk_buff *skb, int type, u8 v) { return nla_put(skb, type, 1, &v); }
static inline int nla_put_u32(struct sk_buff *skb, int type, u32 v) { return nla_put(skb, type, 4, &v); }
static inline int nla_put_in_addr(struct sk_buff *skb, int type, __be32 v) { return nla_put(skb, type, 4, &v); }
static inline int nla_put_string(struct sk_buff *skb, int type, const char *s)
{
	return nla_put(skb, type, strlen(s) + 1, s);
}
static inline int nla_total_size(int payload) { return NLA_ALIGN(NLA_HDRLEN + payload); }
static inline void *nla_data(const struct nlattr *nla) { return (char *)nla + NLA_HDRLEN; }
static inline int nla_len(const struct nlattr *nla) { return nla->nla_len - NLA_HDRLEN; }
static inline int nla_type(const struct nlattr *nla) { return nla->nla_type & NLA_TYPE_MASK; }
static inline u32 nla_get_u32(const struct nlattr *nla) { return *(u32 *)nla_data(nla); }
static inline u8 nla_get_u8(const struct nlattr *nla) { return *(u8 *)nla_data(nla); }
static inline __be32 nla_get_in_addr(const struct nlattr *nla) { return *(__be32 *)nla_data(nla); }

/* Minimum payload of each attribute type a parser accepts (0: any). */
struct nla_policy {
	u16 type;                       /* NLA_* */
	u16 len;                        /* minimum length (NLA_BINARY: maximum) */
};
enum { NLA_UNSPEC, NLA_U8, NLA_U16, NLA_U32, NLA_U64, NLA_STRING, NLA_NUL_STRING,
       NLA_BINARY, NLA_NESTED };

/*
 * Split the attributes after hdrlen bytes of nlh's payload into tb[0..maxtype]
 * (the last of each type wins, unknown types are skipped, as Linux's
 * deprecated parse). -EINVAL if the payload is shorter than hdrlen or an
 * attribute is malformed or too short for its policy.
 */
int nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen, struct nlattr *tb[], int maxtype,
		const struct nla_policy *policy, struct netlink_ext_ack *extack);
/* Copy a string attribute into dst (size bytes, NUL-terminated); its length. */
size_t nla_strscpy(char *dst, const struct nlattr *nla, size_t size);

#endif
