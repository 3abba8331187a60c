// SPDX-License-Identifier: MIT
/*
 * TCP's hash tables: established (ehash), listening (lhash) and bound
 * ports (bhash). Layout, references and lock rules: include/net/
 * inet_hashtables.h. Every lookup takes exactly one bucket lock; no lock
 * here is global.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/random.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/sock_reuseport.h>

struct inet_hashinfo tcp_hashinfo;

/* Where connect() starts looking for a free port (perturbed per destination). */
static atomic_t inet_port_hint;

void inet_hashinfo_init(void)
{
	int i;

	for (i = 0; i < INET_EHASH_SIZE; i++) {
		spin_lock_init_ranked(&tcp_hashinfo.ehash[i].lock, "tcp_ehash", LOCKRANK_TCP_EHASH);
		tcp_hashinfo.ehash[i].chain.first = NULL;
	}
	for (i = 0; i < INET_LHTABLE_SIZE; i++) {
		spin_lock_init_ranked(&tcp_hashinfo.lhash[i].lock, "tcp_lhash", LOCKRANK_TCP_LHASH);
		tcp_hashinfo.lhash[i].head.first = NULL;
	}
	for (i = 0; i < INET_BHTABLE_SIZE; i++) {
		spin_lock_init_ranked(&tcp_hashinfo.bhash[i].lock, "tcp_bhash", LOCKRANK_TCP_BHASH);
		tcp_hashinfo.bhash[i].owners.first = NULL;
	}
	atomic_set(&inet_port_hint, get_random_u32() & 0xffff);
}

/* A native IPv6 entry hashes on its IPv6 addresses, folded (Linux's inet6_ehashfn). */
static __be32 ipv6_addr_fold(const struct in6_addr *a)
{
	return a->s6_addr32[0] ^ a->s6_addr32[1] ^ a->s6_addr32[2] ^ a->s6_addr32[3];
}

u32 inet6_ehashfn(const struct in6_addr *laddr, u16 lport, const struct in6_addr *faddr,
		  __be16 fport)
{
	return inet_ehashfn(ipv6_addr_fold(laddr), lport, ipv6_addr_fold(faddr), fport);
}

static u32 sk_ehashfn(const struct sock_common *c)
{
	if (sk_common_is_ipv6(c))
		return inet6_ehashfn(&c->skc_v6_rcv_saddr, c->skc_num, &c->skc_v6_daddr, c->skc_dport);
	return inet_ehashfn(c->skc_rcv_saddr, c->skc_num, c->skc_daddr, c->skc_dport);
}

static bool inet_match(const struct sock_common *c, __be32 saddr, __be16 sport, __be32 daddr, u16 hnum)
{
	return c->skc_num == hnum && c->skc_dport == sport && c->skc_daddr == saddr &&
	       c->skc_rcv_saddr == daddr;
}

static bool inet6_match(const struct sock_common *c, const struct in6_addr *saddr, __be16 sport,
			const struct in6_addr *daddr, u16 hnum)
{
	return c->skc_num == hnum && c->skc_dport == sport && c->skc_family == AF_INET6 &&
	       ipv6_addr_equal(&c->skc_v6_daddr, saddr) && ipv6_addr_equal(&c->skc_v6_rcv_saddr, daddr);
}

/* Has c the 4-tuple of n (insertion's uniqueness check)? */
static bool inet_same_tuple(const struct sock_common *c, const struct sock_common *n)
{
	if (sk_common_is_ipv6(n))
		return inet6_match(c, &n->skc_v6_daddr, n->skc_dport, &n->skc_v6_rcv_saddr, n->skc_num);
	return !sk_common_is_ipv6(c) &&
	       inet_match(c, n->skc_daddr, n->skc_dport, n->skc_rcv_saddr, n->skc_num);
}

/* What a lookup matches: a segment of one family (daddr6 NULL for IPv4)
 * from the peer's saddr:sport to our daddr:hnum, arrived on dif. */
struct inet_lookup_key {
	const struct in6_addr *saddr6, *daddr6;
	__be32 saddr, daddr;
	__be16 sport;
	u16 hnum;
	int dif;
};

static __always_inline bool inet_key_match(const struct sock_common *c,
					   const struct inet_lookup_key *k)
{
	if (k->daddr6)
		return inet6_match(c, k->saddr6, k->sport, k->daddr6, k->hnum);
	return inet_match(c, k->saddr, k->sport, k->daddr, k->hnum);
}

static __always_inline u32 inet_key_hash(const struct inet_lookup_key *k)
{
	if (k->daddr6)
		return inet6_ehashfn(k->daddr6, k->hnum, k->saddr6, k->sport);
	return inet_ehashfn(k->daddr, k->hnum, k->saddr, k->sport);
}

/* The established-table entry k names, held, or NULL. Inlined into each
 * family's lookup, so the family tests fold away. */
static __always_inline struct sock *__inet_lookup_established(const struct inet_lookup_key *k)
{
	struct inet_ehash_bucket *b = inet_ehash_bucket(inet_key_hash(k));
	struct sock_common *c;

	spin_lock(&b->lock);
	hlist_for_each_entry(c, &b->chain, skc_node) {
		if (inet_key_match(c, k)) {
			atomic_inc(&c->skc_refcnt);
			spin_unlock(&b->lock);
			return (struct sock *)c;
		}
	}
	spin_unlock(&b->lock);
	return NULL;
}

/* saddr/sport: the packet's source (the peer); daddr/hnum: ours. */
struct sock *inet_lookup_established(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum)
{
	const struct inet_lookup_key k = { .saddr = saddr, .daddr = daddr, .sport = sport,
					   .hnum = hnum };

	return __inet_lookup_established(&k);
}

/* The same for a native IPv6 segment: saddr/sport the peer's. */
struct sock *inet6_lookup_established(const struct in6_addr *saddr, __be16 sport,
				      const struct in6_addr *daddr, u16 hnum)
{
	const struct inet_lookup_key k = { .saddr6 = saddr, .daddr6 = daddr, .sport = sport,
					   .hnum = hnum };

	return __inet_lookup_established(&k);
}

/* Linux's compute_score: -1 when sk cannot take the packet. */
static int listener_score(const struct sock *sk, __be32 daddr, u16 hnum, int dif)
{
	int score = 1;

	if (sk->sk_num != hnum)
		return -1;
	if (sk->sk_family == AF_INET6 && sk->sk_ipv6only)
		return -1;              /* IPv6 only: never an IPv4 packet */
	if (sk->sk_family == AF_INET)
		score++;
	if (sk->sk_rcv_saddr) {
		if (sk->sk_rcv_saddr != daddr)
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

/* How well listener sk takes a native IPv6 SYN to daddr (AF_INET6 only). */
static int listener_score6(const struct sock *sk, const struct in6_addr *daddr, u16 hnum, int dif)
{
	int score = 1;

	if (sk->sk_num != hnum || sk->sk_family != AF_INET6)
		return -1;
	if (!ipv6_addr_any(&sk->sk_v6_rcv_saddr)) {
		if (!ipv6_addr_equal(&sk->sk_v6_rcv_saddr, daddr))
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

static __always_inline int inet_key_score(const struct sock *sk, const struct inet_lookup_key *k)
{
	if (k->daddr6)
		return listener_score6(sk, k->daddr6, k->hnum, k->dif);
	return listener_score(sk, k->daddr, k->hnum, k->dif);
}

/*
 * The best listener for the SYN k describes, held, or NULL. Among the
 * best-scoring listeners, those with SO_REUSEPORT form the port's
 * reuseport group and its program, the receiving CPU (SO_INCOMING_CPU)
 * or the 4-tuple hash picks one (so one client's retried SYNs reach the
 * same listener); a best listener without SO_REUSEPORT wins outright.
 * skb->data is at the TCP payload, what a reuseport program reads.
 * Inlined into each family's lookup, so the family tests fold away.
 */
static __always_inline struct sock *__inet_lookup_listener(const struct inet_lookup_key *k,
							   const struct sk_buff *skb)
{
	struct inet_listen_bucket *b = inet_lhash_bucket(k->hnum);
	struct sock *sk, *best = NULL;
	struct reuseport_group group = { 0 };
	struct reuseport_pick pick;
	int score, hiscore = 0;

	spin_lock(&b->lock);
	hlist_for_each_entry(sk, &b->head, sk_node) {
		score = inet_key_score(sk, k);
		if (score > hiscore) {
			hiscore = score;
			best = sk;
			reuseport_group_init(&group, sk);
		} else if (score == hiscore && sk->sk_reuseport && best->sk_reuseport) {
			reuseport_group_add(&group, sk);
		}
	}
	if (best && group.n > 1) {
		reuseport_pick_init(&pick, &group, inet_key_hash(k), skb, 0);
		hlist_for_each_entry(sk, &b->head, sk_node) {
			if (sk->sk_reuseport && inet_key_score(sk, k) == hiscore)
				reuseport_pick_visit(&pick, sk);
		}
		best = reuseport_pick_result(&pick);
	}
	if (best)
		sock_hold(best);
	spin_unlock(&b->lock);
	return best;
}

/* The listener for an IPv4 SYN to daddr:hnum (__inet_lookup_listener). */
struct sock *inet_lookup_listener(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum, int dif,
				  const struct sk_buff *skb)
{
	const struct inet_lookup_key k = { .saddr = saddr, .daddr = daddr, .sport = sport,
					   .hnum = hnum, .dif = dif };

	return __inet_lookup_listener(&k, skb);
}

/* The listener for a native IPv6 SYN (AF_INET6 listeners only). */
struct sock *inet6_lookup_listener(const struct in6_addr *saddr, __be16 sport,
				   const struct in6_addr *daddr, u16 hnum, int dif,
				   const struct sk_buff *skb)
{
	const struct inet_lookup_key k = { .saddr6 = saddr, .daddr6 = daddr, .sport = sport,
					   .hnum = hnum, .dif = dif };

	return __inet_lookup_listener(&k, skb);
}

/* The lock a listener lookup of port holds (reuseport program updates take it too). */
spinlock_t *inet_lhash_lock(u16 port)
{
	return &inet_lhash_bucket(port)->lock;
}

/* Add n (a socket or a request sock) to ehash unless the 4-tuple is
 * taken; the table's reference is taken here. */
static bool __inet_ehash_insert(struct sock_common *n)
{
	struct inet_ehash_bucket *b;
	struct sock_common *c;

	n->skc_hash = sk_ehashfn(n);
	b = inet_ehash_bucket(n->skc_hash);
	spin_lock_bh(&b->lock);
	hlist_for_each_entry(c, &b->chain, skc_node) {
		if (inet_same_tuple(c, n)) {
			spin_unlock_bh(&b->lock);
			return false;
		}
	}
	atomic_inc(&n->skc_refcnt);
	hlist_add_head(&n->skc_node, &b->chain);
	spin_unlock_bh(&b->lock);
	return true;
}

/* Add to ehash unless the 4-tuple is taken. Caller may hold a bhash bucket. */
bool inet_ehash_insert(struct sock *sk)
{
	if (!__inet_ehash_insert(&sk->__sk_common))
		return false;
	atomic_inc(&sk->sk_prot->inuse);
	return true;
}

bool inet_ehash_insert_req(struct request_sock *req)
{
	return __inet_ehash_insert(&req->__req_common);
}

/* Off ehash; true if this call took it off (the caller then owns the
 * table's reference, which it drops). */
bool inet_ehash_remove_req(struct request_sock *req)
{
	struct inet_ehash_bucket *b = inet_ehash_bucket(req->__req_common.skc_hash);
	bool was;

	spin_lock_bh(&b->lock);
	was = !hlist_unhashed(&req->__req_common.skc_node);
	hlist_del_init(&req->__req_common.skc_node);
	spin_unlock_bh(&b->lock);
	return was;
}

/* The child takes its request sock's place (same 4-tuple, same bucket)
 * in one step, so the ACK's lookups never miss both. False if the request
 * was taken off meanwhile (then nothing changed). The request's table
 * reference passes to the caller. */
bool inet_ehash_swap_req(struct request_sock *req, struct sock *sk)
{
	struct inet_ehash_bucket *b = inet_ehash_bucket(req->__req_common.skc_hash);

	sk->sk_hash = req->__req_common.skc_hash;
	spin_lock_bh(&b->lock);
	if (hlist_unhashed(&req->__req_common.skc_node)) {
		spin_unlock_bh(&b->lock);
		return false;
	}
	hlist_del_init(&req->__req_common.skc_node);
	sock_hold(sk);
	hlist_add_head(&sk->sk_node, &b->chain);
	spin_unlock_bh(&b->lock);
	atomic_inc(&sk->sk_prot->inuse);
	return true;
}

void inet_ehash_remove(struct sock *sk)
{
	struct inet_ehash_bucket *b = inet_ehash_bucket(sk->sk_hash);
	bool was;

	spin_lock_bh(&b->lock);
	was = !hlist_unhashed(&sk->sk_node);
	hlist_del_init(&sk->sk_node);
	spin_unlock_bh(&b->lock);
	if (was) {
		atomic_dec(&sk->sk_prot->inuse);
		__sock_put(sk);         /* the caller still holds sk */
	}
}

void inet_ehash_replace(struct sock *sk, struct sock_common *tw)
{
	struct inet_ehash_bucket *b = inet_ehash_bucket(sk->sk_hash);
	bool was;

	tw->skc_hash = sk->sk_hash;
	atomic_inc(&tw->skc_refcnt);
	spin_lock_bh(&b->lock);
	was = !hlist_unhashed(&sk->sk_node);
	hlist_del_init(&sk->sk_node);
	hlist_add_head(&tw->skc_node, &b->chain);
	spin_unlock_bh(&b->lock);
	if (was) {
		atomic_dec(&sk->sk_prot->inuse);        /* a TIME_WAIT is not in use */
		__sock_put(sk);
	}
}

int inet_hash(struct sock *sk)
{
	struct inet_listen_bucket *b = inet_lhash_bucket(sk->sk_num);

	spin_lock_bh(&b->lock);
	sock_hold(sk);
	hlist_add_head(&sk->sk_node, &b->head);
	spin_unlock_bh(&b->lock);
	atomic_inc(&sk->sk_prot->inuse);
	return 0;
}

/* Off lhash (listeners) or ehash (everything else). */
void inet_unhash(struct sock *sk)
{
	struct inet_listen_bucket *b;
	bool was;

	if (sk->sk_state != TCP_LISTEN) {
		inet_ehash_remove(sk);
		return;
	}
	b = inet_lhash_bucket(sk->sk_num);
	spin_lock_bh(&b->lock);
	was = !hlist_unhashed(&sk->sk_node);
	hlist_del_init(&sk->sk_node);
	spin_unlock_bh(&b->lock);
	if (was) {
		atomic_dec(&sk->sk_prot->inuse);
		__sock_put(sk);
	}
}

/* Linux's inet_csk_bind_conflict for one owner c of the same port. */
static bool bind_conflict(const struct sock *sk, const struct sock_common *c)
{
	if (sk->sk_bound_dev_if && c->skc_bound_dev_if && sk->sk_bound_dev_if != c->skc_bound_dev_if)
		return false;
	if (sk->sk_reuse && c->skc_reuse && c->skc_state != TCP_LISTEN)
		return false;
	/* a reuseport group has one owner (a TIME_WAIT socket has none left) */
	if (sk->sk_reuseport && c->skc_reuseport &&
	    (c->skc_state == TCP_TIME_WAIT ||
	     container_of(c, struct sock, __sk_common)->sk_uid == sk->sk_uid))
		return false;
	return inet_rcv_saddr_equal(&sk->__sk_common, c);
}

/* Caller holds the bucket lock. */
static bool port_conflict(const struct sock *sk, struct inet_bind_bucket *b, u16 port)
{
	struct sock_common *c;

	assert_spin_locked(&b->lock);

	hlist_for_each_entry(c, &b->owners, skc_bind_node)
		if (c->skc_num == port && c != &sk->__sk_common && bind_conflict(sk, c))
			return true;
	return false;
}

static bool port_in_use(struct inet_bind_bucket *b, u16 port)
{
	struct sock_common *c;

	hlist_for_each_entry(c, &b->owners, skc_bind_node)
		if (c->skc_num == port)
			return true;
	return false;
}

static void bind_to(struct sock *sk, struct inet_bind_bucket *b, u16 port)
{
	sk->sk_num = port;
	inet_sk(sk)->inet_sport = htons(port);
	hlist_add_head(&sk->sk_bind_node, &b->owners);
}

/* net.ipv4.ip_local_port_range, low << 16 | high: one word, written whole
 * by sysctl_net_ipv4.c and read with READ_ONCE, so never half a change. */
unsigned long sysctl_local_ports = ((unsigned long)INET_EPHEMERAL_LOW << 16) | INET_EPHEMERAL_HIGH;

void inet_get_local_port_range(u32 *low, u32 *high)
{
	unsigned long v = READ_ONCE(sysctl_local_ports);

	*low = v >> 16;
	*high = v & 0xffff;
}

/*
 * proto->get_port: bind sk to snum, or to a free ephemeral port when snum
 * is 0. Re-binding the port sk already owns (listen after bind) re-checks
 * the conflicts a listener has. 0 or -EADDRINUSE.
 */
int inet_csk_get_port(struct sock *sk, unsigned short snum)
{
	u32 low, high, range, i, off;
	struct inet_bind_bucket *b;

	if (snum) {
		b = inet_bhash_bucket(snum);
		spin_lock_bh(&b->lock);
		if (port_conflict(sk, b, snum)) {
			spin_unlock_bh(&b->lock);
			return -EADDRINUSE;
		}
		if (hlist_unhashed(&sk->sk_bind_node))
			bind_to(sk, b, snum);
		spin_unlock_bh(&b->lock);
		return 0;
	}
	inet_get_local_port_range(&low, &high);
	range = high - low + 1;
	off = get_random_u32();
	for (i = 0; i < range; i++) {
		u16 port = low + (off + i) % range;

		b = inet_bhash_bucket(port);
		spin_lock_bh(&b->lock);
		if (!port_in_use(b, port)) {
			bind_to(sk, b, port);
			spin_unlock_bh(&b->lock);
			return 0;
		}
		spin_unlock_bh(&b->lock);
	}
	return -EADDRINUSE;
}

void inet_put_port(struct sock *sk)
{
	struct inet_bind_bucket *b = inet_bhash_bucket(sk->sk_num);

	spin_lock_bh(&b->lock);
	hlist_del_init(&sk->sk_bind_node);
	spin_unlock_bh(&b->lock);
}

void inet_bind_replace(struct sock *sk, struct sock_common *tw)
{
	struct inet_bind_bucket *b = inet_bhash_bucket(sk->sk_num);

	spin_lock_bh(&b->lock);
	if (!hlist_unhashed(&sk->sk_bind_node)) {
		hlist_del_init(&sk->sk_bind_node);
		hlist_add_head(&tw->skc_bind_node, &b->owners);
	}
	spin_unlock_bh(&b->lock);
}

void inet_bind_remove_tw(struct sock_common *tw)
{
	struct inet_bind_bucket *b = inet_bhash_bucket(tw->skc_num);

	spin_lock_bh(&b->lock);
	hlist_del_init(&tw->skc_bind_node);
	spin_unlock_bh(&b->lock);
}

/*
 * connect(): a bound socket keeps its port if the 4-tuple is free; an
 * unbound one gets the first port with no owner at all, walking the
 * ephemeral range from an offset hashed from the destination plus a
 * global hint, so consecutive connections to one server take different
 * ports (Linux's __inet_hash_connect, without sharing ports between
 * connected sockets).
 */
int inet_hash_connect(struct sock *sk)
{
	u32 low, high, range, i, off;
	struct inet_bind_bucket *b;

	if (sk->sk_num)
		return inet_ehash_insert(sk) ? 0 : -EADDRNOTAVAIL;
	inet_get_local_port_range(&low, &high);
	range = high - low + 1;
	off = inet_ehashfn(sk->sk_rcv_saddr, 0, sk->sk_daddr, sk->sk_dport) +
	      atomic_add_return(2, &inet_port_hint);
	for (i = 0; i < range; i++) {
		u16 port = low + (off + i) % range;

		b = inet_bhash_bucket(port);
		spin_lock_bh(&b->lock);
		if (port_in_use(b, port)) {
			spin_unlock_bh(&b->lock);
			continue;
		}
		bind_to(sk, b, port);
		if (!inet_ehash_insert(sk)) {
			hlist_del_init(&sk->sk_bind_node);
			sk->sk_num = 0;
			spin_unlock_bh(&b->lock);
			continue;
		}
		spin_unlock_bh(&b->lock);
		atomic_add(i, &inet_port_hint);
		return 0;
	}
	return -EADDRNOTAVAIL;
}
