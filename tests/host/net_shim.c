// SPDX-License-Identifier: MIT
/*
 * What the IPv4 stack under test (HOST_NET_KSRCS in host.mk) needs from
 * the rest of the kernel, for the protocol tests: one NOARP device whose
 * transmit queue the tests read, a clock and timers the tests drive, and
 * wait queues that never sleep (the tests use non-blocking calls only, so
 * schedule() is a bug and panics). Boot-time registration that the tests
 * do not use (sock_register, dev_add_pack, the inet_init of other
 * protocols) panics if reached. See include/host_net.h.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/random.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/wait.h>
#include <shoal/cred.h>
#include <shoal/fs.h>
#include <shoal/sysctl.h>
#include <net/arp.h>
#include <net/ip.h>
#include <shoal/proc_fs.h>
#include <net/inetdevice.h>
#include <net/ping.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/secure_seq.h>
#include <net/icmp.h>
#include <net/inet_common.h>
#include <net/rtnetlink.h>
#include <host_mm.h>
#include <host_net.h>

struct net_device host_eth0;
static struct net_device host_lo;
struct net_device *loopback_dev = &host_lo;
struct sk_buff_head host_tx;
ktime_t host_now;
u32 host_random;
volatile unsigned long jiffies;

static struct in_device eth_in, lo_in;
static struct in_ifaddr eth_ifa, lo_ifa;
static struct list_head host_timers = LIST_HEAD_INIT(host_timers);
static unsigned long host_pages_before, host_slab_before;       /* after setup */

/* ------------------------------------------------ never reached here */

#define NOT_HERE() panic("host net shim: %s called", __func__)

void arp_init(void) { NOT_HERE(); }

/* rtnetlink (route.c's events and handlers): no netlink sockets here. */
bool netlink_has_listeners(int protocol, u32 group) { (void)protocol; (void)group; return false; }
void rtnl_register(int family, int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit)
{
	(void)family; (void)msgtype; (void)doit; (void)dumpit;
}
void rtnl_notify(struct sk_buff *skb, u32 portid, u32 group, const struct nlmsghdr *nlh)
{
	(void)portid; (void)group; (void)nlh;
	kfree_skb(skb);
}
int rtnl_unicast(struct sk_buff *skb, u32 portid) { (void)skb; (void)portid; NOT_HERE(); return 0; }
struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type, int payload, int flags)
{
	(void)skb; (void)portid; (void)seq; (void)type; (void)payload; (void)flags;
	NOT_HERE();
	return NULL;
}
int nla_put(struct sk_buff *skb, int type, int len, const void *data)
{
	(void)skb; (void)type; (void)len; (void)data;
	NOT_HERE();
	return 0;
}
int nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen, struct nlattr *tb[], int maxtype,
		const struct nla_policy *policy, struct netlink_ext_ack *extack)
{
	(void)nlh; (void)hdrlen; (void)tb; (void)maxtype; (void)policy; (void)extack;
	NOT_HERE();
	return 0;
}
/* Credentials: the test is root; sysctls and file owners are not here. */
bool capable(int cap) { (void)cap; return true; }
int register_sysctl_sz(const char *path, const struct ctl_table *table, size_t n)
{
	(void)path; (void)table; (void)n;
	return 0;
}
int proc_doulongvec_minmax(const struct ctl_table *table, int write, char *buf, size_t len)
{
	(void)table; (void)write; (void)buf; (void)len;
	NOT_HERE();
	return -EINVAL;
}
void kill_fasync(struct fasync_struct **fp, int sig, int band) { (void)fp; (void)sig; (void)band; }
bool send_sigurg(struct file *f) { (void)f; return false; }
void inet6_init(void) { NOT_HERE(); }
void ping_init(void) { NOT_HERE(); }
void raw_init(void) { NOT_HERE(); }
void devinet_init(void) { NOT_HERE(); }
int proc_create_net_single(const char *name, mode_t mode, proc_single_show_t show)
{
	(void)name; (void)mode; (void)show;
	NOT_HERE();
	return -ENOSYS;
}
int arp_proc_show(char *buf, size_t size) { (void)buf; (void)size; NOT_HERE(); return 0; }
void dev_add_pack(struct packet_type *pt) { (void)pt; NOT_HERE(); }
int sock_register(const struct net_proto_family *fam) { (void)fam; NOT_HERE(); return -ENOSYS; }
int arp_ioctl(unsigned int cmd, void __user *arg) { (void)cmd; (void)arg; NOT_HERE(); return -ENOSYS; }
int devinet_ioctl(unsigned int cmd, void __user *arg) { (void)cmd; (void)arg; NOT_HERE(); return -ENOSYS; }
int arp_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt)
{
	(void)skb; (void)dev; (void)pt;
	NOT_HERE();
	return 0;
}
int sock_no_accept(struct socket *a, struct socket *b, int flags, bool kern)
{
	(void)a; (void)b; (void)flags; (void)kern;
	NOT_HERE();
	return -EOPNOTSUPP;
}
int sock_no_listen(struct socket *a, int n) { (void)a; (void)n; NOT_HERE(); return -EOPNOTSUPP; }
int sock_no_socketpair(struct socket *a, struct socket *b) { (void)a; (void)b; NOT_HERE(); return -EOPNOTSUPP; }
int ip_setsockopt(struct sock *sk, int level, int optname, char __user *optval, unsigned int optlen)
{
	(void)sk; (void)level; (void)optname; (void)optval; (void)optlen;
	NOT_HERE();
	return -ENOPROTOOPT;
}
int ip_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen)
{
	(void)sk; (void)level; (void)optname; (void)optval; (void)optlen;
	NOT_HERE();
	return -ENOPROTOOPT;
}
int send_sig(int sig, struct task_struct *t, int priv) { (void)sig; (void)t; (void)priv; NOT_HERE(); return 0; }
long strncpy_from_user(char *dst, const char __user *src, long n)
{
	(void)dst; (void)src; (void)n;
	NOT_HERE();
	return -EFAULT;
}
long schedule_timeout(long timeout) { (void)timeout; NOT_HERE(); return 0; }
/* eth0 is NOARP: IP output never asks the neighbour layer */
int neigh_output_ip(struct sk_buff *skb, __be32 nh) { (void)skb; (void)nh; NOT_HERE(); return 0; }

/* af_inet's socket table and /proc/net/sockstat name them; no test makes one. */
struct proto ping_prot = { .name = "PING" };
struct proto raw_prot = { .name = "RAW" };

/* ------------------------------------------ no raw or ping socket exists */

bool raw_local_deliver(struct sk_buff *skb, int protocol)
{
	(void)skb; (void)protocol;
	return false;
}

bool ping_rcv(struct sk_buff *skb)
{
	(void)skb;
	return false;
}

void ping_err(struct sk_buff *skb, int type, int code, u32 info)
{
	(void)skb; (void)type; (void)code; (void)info;
	NOT_HERE();     /* the tests never send an echo request */
}

/* No test sets an IP_* receive option, so there is no control message. */
/* net/socket.c's: no control buffer in the host tests' messages */
int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data)
{
	(void)level; (void)type; (void)len; (void)data;
	msg->msg_flags |= MSG_CTRUNC;
	return 0;
}

void ip_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb)
{
	(void)msg; (void)sk; (void)skb;
}

/* --------------------------------------------------------------- the device */

int dev_hard_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		    const void *daddr, const void *saddr, unsigned int len)
{
	(void)skb; (void)dev; (void)type; (void)daddr; (void)saddr; (void)len;
	return 0;               /* no link header: host_tx holds IP packets */
}

/* What eth0 cannot do (a checksum, GSO) is done here as dev_queue_xmit
 * does it (validate_xmit_skb); the packets land on host_tx. */
int dev_queue_xmit(struct sk_buff *skb)
{
	struct sk_buff *next;

	ck_assert_ptr_eq(skb->dev, &host_eth0);
	for (skb = validate_xmit_skb(skb, &host_eth0); skb; skb = next) {
		next = skb->next;
		skb->next = NULL;
		if (!(host_eth0.features & (NETIF_F_IP_CSUM | NETIF_F_HW_CSUM)))
			ck_assert_uint_ne(skb->ip_summed, CHECKSUM_PARTIAL);
		ck_assert_int_eq(skb_checksum_help(skb), 0);    /* the "device" fills it */
		__skb_queue_tail(&host_tx, skb);
	}
	return 0;
}

/* What GRO sends up lands on host_rx_up (tests/host/test_net_gro.c). */
struct sk_buff_head host_rx_up;
DEFINE_PER_CPU(struct softnet_data, softnet_data);

int netif_receive_skb(struct sk_buff *skb)
{
	__skb_queue_tail(&host_rx_up, skb);
	return 0;
}

struct net_device *dev_get_by_index(int ifindex)
{
	return ifindex == host_eth0.ifindex ? &host_eth0 : ifindex == host_lo.ifindex ? &host_lo : NULL;
}

struct net_device *dev_get_by_name(const char *name)
{
	return !strcmp(name, "eth0") ? &host_eth0 : !strcmp(name, "lo") ? &host_lo : NULL;
}

__be32 inet_dev_select_addr(const struct net_device *dev, __be32 dst)
{
	(void)dst;
	return dev == &host_lo ? htonl(INADDR_LOOPBACK) : HOST_OUR_IP;
}

/* ------------------------------------------------------ time and timers */

ktime_t ktime_get(void)
{
	return host_now;
}

u32 get_random_u32(void)
{
	return host_random;
}

/* The tests choose the ISN and timestamp offset (net/core/secure_seq.c
 * derives them from a keyed hash and a clock in the kernel). */
u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	(void)saddr; (void)daddr; (void)sport; (void)dport;
	return host_random;
}

u32 secure_tcp_ts_off(__be32 saddr, __be32 daddr)
{
	(void)saddr; (void)daddr;
	return host_random;
}

/* Any fixed mix of the inputs does for the cookies' arithmetic. */
u32 secure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport, u32 count, int c)
{
	u32 h = (u32)saddr * 0x9e3779b1u ^ (u32)daddr * 0x85ebca6bu ^ ((u32)sport << 16 | dport);

	return (h ^ (count * 0xc2b2ae35u)) * (c ? 0x27d4eb2fu : 0x165667b1u);
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->cpu = -1;
}

int timer_arm(struct timer_list *t, ktime_t expires)
{
	int was = t->cpu >= 0;

	if (!was)
		list_add_tail(&t->entry, &host_timers);
	t->expires = expires;
	t->cpu = 0;
	return was;
}

int del_timer(struct timer_list *t)
{
	if (t->cpu < 0)
		return 0;
	list_del_init(&t->entry);
	t->cpu = -1;
	return 1;
}

/* The earliest timer due by @when, or NULL. */
static struct timer_list *host_due_timer(ktime_t when)
{
	struct timer_list *t, *due = NULL;

	list_for_each_entry(t, &host_timers, entry)
		if (t->expires <= when && (!due || t->expires < due->expires))
			due = t;
	return due;
}

static void host_set_now(ktime_t now)
{
	host_now = now;
	jiffies = now / NSEC_PER_JIFFY;
}

/* Each timer runs at its own expiry time, so what it re-arms within the
 * step runs in the step too. */
void host_advance(ktime_t ns)
{
	ktime_t end = host_now + ns;
	struct timer_list *t;

	while ((t = host_due_timer(end))) {
		if (t->expires > host_now)
			host_set_now(t->expires);
		del_timer(t);
		t->function(t);
	}
	host_set_now(end);
}

/* ------------------------------------- sleeping (never: non-blocking tests) */

void __init_waitqueue_head(wait_queue_head_t *wq, struct lock_class *class)
{
	(void)class;
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

int __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive, void *key)
{
	(void)wq; (void)mode; (void)nr_exclusive; (void)key;
	return 0;
}

int __wake_up_sync_key(wait_queue_head_t *wq, unsigned int mode, void *key)
{
	return __wake_up(wq, mode, 1, key);
}

int autoremove_wake_function(wait_queue_entry_t *e, unsigned int mode, int flags, void *key)
{
	(void)e; (void)mode; (void)flags; (void)key;
	return 0;
}

void prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state)
{
	(void)wq; (void)e; (void)state;
}

void prepare_to_wait_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e, int state)
{
	(void)wq; (void)e; (void)state;
}

void finish_wait(wait_queue_head_t *wq, wait_queue_entry_t *e)
{
	(void)wq; (void)e;
}

void schedule(void)
{
	panic("host net shim: schedule() in a non-blocking test");
}

bool signal_pending(struct task_struct *t)
{
	(void)t;
	return false;
}

void local_bh_disable(void) { }
void local_bh_enable(void) { }

/* ------------------------------------------ user memory is host memory */

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, (const void *)from, n);
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy((void *)to, from, n);
	return 0;
}

int __get_user_4(u32 *v, const void __user *p)
{
	memcpy(v, (const void *)p, 4);
	return 0;
}

int __put_user_4(u32 v, void __user *p)
{
	memcpy((void *)p, &v, 4);
	return 0;
}

/* ------------------------------------------------------------ setup */

static const struct net_protocol host_tcp_protocol = { .handler = tcp_v4_rcv, .err_handler = tcp_v4_err };
static const struct net_protocol host_udp_protocol = { .handler = udp_rcv, .err_handler = udp_err };
static const struct net_protocol host_icmp_protocol = { .handler = icmp_rcv, .err_handler = icmp_err };

static void host_dev_init(struct net_device *dev, struct in_device *in, struct in_ifaddr *ifa,
			  const char *name, int ifindex, unsigned int flags, unsigned int mtu,
			  __be32 addr, int plen, __be32 brd)
{
	memset(dev, 0, sizeof(*dev));
	strcpy(dev->name, name);
	dev->ifindex = ifindex;
	dev->flags = flags;
	dev->mtu = mtu;
	memset(in, 0, sizeof(*in));
	in->dev = dev;
	dev->ip_ptr = in;
	rt_init_dev_bcast(in);
	memset(ifa, 0, sizeof(*ifa));
	ifa->ifa_dev = in;
	ifa->ifa_local = ifa->ifa_address = addr;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_mask = inet_make_mask(plen);
	ifa->ifa_broadcast = brd;
	strcpy(ifa->ifa_label, name);
	in->ifa_list = ifa;
	fib_add_ifaddr(ifa);
}

static void host_drain(void)
{
	skb_cache_drain_local();
	slab_drain_local();
	drain_local_pages();
}

/*
 * Every test runs in its own process (check's fork mode), so the stack's
 * static tables start empty; protocols register as inet_init would.
 */
/* The task every test runs as: root, with the credentials of init. */
static struct cred host_cred;
static struct task_struct host_task;

void host_net_setup(void)
{
	host_set_cpu(0);
	host_task.cred = host_task.real_cred = &host_cred;
	this_cpu()->curr = &host_task;
	host_ram_init();
	slab_init();
	skb_init();
	skb_queue_head_init(&host_tx);
	skb_queue_head_init(&host_rx_up);
	host_now = 1000 * NSEC_PER_SEC;
	jiffies = host_now / NSEC_PER_JIFFY;
	host_random = 0x10000000;
	ip_rt_init();
	host_dev_init(&host_lo, &lo_in, &lo_ifa, "lo", 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING,
		      65536, htonl(INADDR_LOOPBACK), 8, 0);
	host_dev_init(&host_eth0, &eth_in, &eth_ifa, "eth0", 2,
		      IFF_UP | IFF_NOARP | IFF_RUNNING, 1500, HOST_OUR_IP, 24, htonl(0x0a0002ff));
	if (proto_register(&tcp_prot) || proto_register(&udp_prot))
		panic("host net shim: proto_register");
	tcp_init();
	udp_init();
	icmp_init();
	if (inet_add_protocol(&host_icmp_protocol, IPPROTO_ICMP) ||
	    inet_add_protocol(&host_udp_protocol, IPPROTO_UDP) ||
	    inet_add_protocol(&host_tcp_protocol, IPPROTO_TCP))
		panic("host net shim: inet_add_protocol");
	host_drain();
	host_pages_before = nr_free_pages();
	host_slab_before = slab_total_bytes();
}

/*
 * After the test closed its sockets: let every timer run out (TIME_WAIT,
 * FIN_WAIT2, retransmissions of orphans), then all the memory the test
 * made the stack allocate must be back.
 */
void host_net_teardown(void)
{
	host_advance(600 * NSEC_PER_SEC);
	skb_queue_purge(&host_tx);
	skb_queue_purge(&host_rx_up);
	host_drain();
	ck_assert_msg(list_empty(&host_timers), "a timer is still armed");
	ck_assert_uint_eq(slab_total_bytes(), host_slab_before);
	ck_assert_uint_eq(nr_free_pages(), host_pages_before);
}

/* ------------------------------------------------------------ packets */

struct sk_buff *host_ip_packet(__be32 saddr, __be32 daddr, u8 proto, const void *payload,
			       unsigned int len)
{
	struct sk_buff *skb = alloc_skb(64 + len, GFP_KERNEL);
	struct iphdr *iph;

	ck_assert_ptr_nonnull(skb);
	skb_reserve(skb, 32);
	iph = skb_put(skb, sizeof(*iph));
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + len);
	iph->id = htons(1);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->check = ip_fast_csum(iph, iph->ihl);
	memcpy(skb_put(skb, len), payload, len);
	return skb;
}

void host_rx(struct sk_buff *skb)
{
	skb->dev = &host_eth0;
	skb->pkt_type = PACKET_HOST;
	skb->protocol = htons(ETH_P_IP);
	ip_rcv(skb, &host_eth0, NULL);
}

void host_tcp_rx(u16 sport, u16 dport, u8 flags, u32 seq, u32 ack, const u8 *opt, int olen,
		 const void *data, unsigned int len)
{
	u8 buf[2048];
	struct tcphdr *th = (struct tcphdr *)buf;
	unsigned int hlen = sizeof(*th) + olen;

	ck_assert_uint_le(hlen + len, sizeof(buf));
	memset(th, 0, sizeof(*th));
	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	((u16 *)th)[6] = htons((hlen / 4) << 12 | flags);
	th->window = htons(65535);
	if (olen)
		memcpy(buf + sizeof(*th), opt, olen);
	if (len)
		memcpy(buf + hlen, data, len);
	th->check = csum_tcpudp_magic(HOST_PEER_IP, HOST_OUR_IP, hlen + len, IPPROTO_TCP,
				      csum_partial(buf, hlen + len, 0));
	host_rx(host_ip_packet(HOST_PEER_IP, HOST_OUR_IP, IPPROTO_TCP, buf, hlen + len));
}

struct sk_buff *host_tx_pop(void)
{
	return __skb_dequeue(&host_tx);
}

bool host_tcp_tx_pop(struct host_tcp_seg *s)
{
	struct sk_buff *skb = host_tx_pop();
	u8 hdrs[120];                   /* the largest IP and TCP headers */
	const struct iphdr *iph = (const struct iphdr *)hdrs;
	const struct tcphdr *th;
	unsigned int tlen;

	if (!skb)
		return false;
	ck_assert_int_eq(skb_copy_bits(skb, 0, hdrs, min_t(unsigned int, skb->len, sizeof(hdrs))), 0);
	th = (const struct tcphdr *)(hdrs + iph->ihl * 4);
	tlen = skb->len - iph->ihl * 4;
	memset(s, 0, sizeof(*s));
	s->seq = ntohl(th->seq);
	s->ack = ntohl(th->ack_seq);
	s->flags = tcp_flag_byte(th);
	s->dport = ntohs(th->dest);
	s->df = !!(iph->frag_off & htons(IP_DF));
	s->csum_ok = !csum_tcpudp_magic(iph->saddr, iph->daddr, tlen, IPPROTO_TCP,
					skb_checksum(skb, iph->ihl * 4, tlen, 0));
	s->len = tlen - th->doff * 4;
	s->olen = th->doff * 4 - sizeof(*th);
	ck_assert_int_le(s->olen, TCP_MAX_OPTION_SPACE);
	memcpy(s->opt, th + 1, s->olen);
	kfree_skb(skb);
	return true;
}

const u8 *host_tcp_opt(const struct host_tcp_seg *s, u8 kind)
{
	const u8 *o = s->opt;
	int olen = s->olen;

	while (olen > 0 && o[0] != TCPOPT_EOL) {
		if (o[0] == TCPOPT_NOP) {
			o++;
			olen--;
			continue;
		}
		ck_assert_int_ge(olen, 2);
		ck_assert_int_ge(o[1], 2);
		if (o[0] == kind)
			return o;
		olen -= o[1];
		o += o[1];
	}
	return NULL;
}

/* ------------------------------------------------------------ sockets */

static struct list_head host_inetsw[SOCK_MAX];
static struct inet_protosw host_protosw[] = {
	{ .type = SOCK_STREAM, .protocol = IPPROTO_TCP, .prot = &tcp_prot,
	  .ops = &inet_stream_ops, .flags = INET_PROTOSW_PERMANENT | INET_PROTOSW_ICSK },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .prot = &udp_prot,
	  .ops = &inet_dgram_ops, .flags = INET_PROTOSW_PERMANENT },
};

struct socket *host_socket(int type)
{
	struct socket *sock = calloc(1, sizeof(*sock));
	unsigned int i;

	ck_assert_ptr_nonnull(sock);
	if (!host_inetsw[0].next) {
		for (i = 0; i < SOCK_MAX; i++)
			INIT_LIST_HEAD(&host_inetsw[i]);
		for (i = 0; i < ARRAY_SIZE(host_protosw); i++)
			list_add_tail(&host_protosw[i].list, &host_inetsw[host_protosw[i].type]);
	}
	sock->type = type;
	init_waitqueue_head(&sock->wq);
	ck_assert_int_eq(inet_create_common(sock, AF_INET, 0, 0, host_inetsw), 0);
	return sock;
}

void host_close(struct socket *sock)
{
	sock->ops->release(sock);
	free(sock);
}

static struct sockaddr_in host_sin(__be32 addr, u16 port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = htons(port);
	return sin;
}

int host_bind(struct socket *sock, __be32 addr, u16 port)
{
	struct sockaddr_in sin = host_sin(addr, port);

	return sock->ops->bind(sock, (struct sockaddr *)&sin, sizeof(sin));
}

int host_connect(struct socket *sock, __be32 addr, u16 port)
{
	struct sockaddr_in sin = host_sin(addr, port);

	return sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
}

int host_sendto(struct socket *sock, const void *buf, size_t len, __be32 addr, u16 port)
{
	struct sockaddr_in sin = host_sin(addr, port);
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	if (addr) {
		msg.msg_name = &sin;
		msg.msg_namelen = sizeof(sin);
	}
	msg.msg_flags = MSG_DONTWAIT;
	iov_iter_init(&msg.msg_iter, &iov, 1, len);
	return sock->ops->sendmsg(sock, &msg, len);
}

int host_recv(struct socket *sock, void *buf, size_t len, int flags)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	iov_iter_init(&msg.msg_iter, &iov, 1, len);
	return sock->ops->recvmsg(sock, &msg, len, flags | MSG_DONTWAIT);
}

/* Non-blocking accept; NULL (with *err) if the queue is empty. */
struct socket *host_accept(struct socket *listener, int *err)
{
	struct socket *sock = calloc(1, sizeof(*sock));

	ck_assert_ptr_nonnull(sock);
	sock->type = listener->type;
	sock->ops = listener->ops;
	init_waitqueue_head(&sock->wq);
	*err = listener->ops->accept(listener, sock, O_NONBLOCK, false);
	if (*err) {
		free(sock);
		return NULL;
	}
	return sock;
}

/* TCP Fast Open's key (net/ipv4/tcp_fastopen.c) and queue cap. */
void get_random_bytes(void *buf, size_t n)
{
	memset(buf, 0x5a, n);
}

unsigned long sysctl_somaxconn = 4096;
