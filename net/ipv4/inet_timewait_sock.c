// SPDX-License-Identifier: MIT
/*
 * TIME_WAIT minisocks and their death row: see include/net/
 * inet_timewait_sock.h. Locks: tw_death_lock (BHs off) guards the death
 * row; it is taken after any bucket lock and never held while taking one.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/tcp.h>

static DEFINE_SPINLOCK_RANKED(tw_death_lock, LOCKRANK_TW_DEATH);
static LIST_HEAD(tw_death_row);         /* ordered by tw_expires [tw_death_lock] */
static struct timer_list tw_timer;
static atomic_t tw_count;

void inet_twsk_put(struct inet_timewait_sock *tw)
{
	if (atomic_dec_and_test(&tw->tw_refcnt)) {
		atomic_dec(&tw_count);
		kfree(tw);
	}
}

int inet_twsk_count(void)
{
	return atomic_read(&tw_count);
}

/* Off ehash and bhash; drops the ehash reference. */
static void inet_twsk_unhash(struct inet_timewait_sock *tw)
{
	struct inet_ehash_bucket *b = inet_ehash_bucket(tw->__tw_common.skc_hash);
	bool was;

	spin_lock_bh(&b->lock);
	was = !hlist_unhashed(&tw->tw_node);
	hlist_del_init(&tw->tw_node);
	spin_unlock_bh(&b->lock);
	inet_bind_remove_tw(&tw->__tw_common);
	if (was)
		inet_twsk_put(tw);
}

/*
 * Make a minisock for sk and put it in sk's place on ehash and on the
 * port's owner list. TCP fills the tw_* sequence state first (fill).
 */
struct inet_timewait_sock *inet_twsk_create(struct sock *sk)
{
	struct inet_timewait_sock *tw = kzalloc(sizeof(*tw), GFP_ATOMIC);
	struct sock_common *c;

	if (!tw)
		return NULL;
	c = &tw->__tw_common;
	c->skc_daddr = sk->sk_daddr;
	c->skc_rcv_saddr = sk->sk_rcv_saddr;
	c->skc_dport = sk->sk_dport;
	c->skc_num = sk->sk_num;
	c->skc_family = sk->sk_family;
	c->skc_state = TCP_TIME_WAIT;
	c->skc_reuse = sk->sk_reuse;
	c->skc_reuseport = sk->sk_reuseport;
	c->skc_ipv6only = sk->sk_ipv6only;
	c->skc_bound_dev_if = sk->sk_bound_dev_if;
	c->skc_prot = sk->sk_prot;
	c->skc_v6_daddr = sk->sk_v6_daddr;
	c->skc_v6_rcv_saddr = sk->sk_v6_rcv_saddr;
	INIT_HLIST_NODE(&c->skc_node);
	INIT_HLIST_NODE(&c->skc_bind_node);
	INIT_LIST_HEAD(&tw->tw_death_node);
	atomic_set(&c->skc_refcnt, 0);
	tw->tw_sport = inet_sk(sk)->inet_sport;
	tw->tw_substate = TCP_TIME_WAIT;
	atomic_inc(&tw_count);
	return tw;
}

/* Hash tw in sk's place (ehash takes a reference). */
void inet_twsk_hashdance(struct inet_timewait_sock *tw, struct sock *sk)
{
	inet_bind_replace(sk, &tw->__tw_common);
	inet_ehash_replace(sk, &tw->__tw_common);
}

static void tw_timer_fn(struct timer_list *t)
{
	struct inet_timewait_sock *tw, *n;
	ktime_t now = ktime_get();
	LIST_HEAD(dead);

	spin_lock_bh(&tw_death_lock);
	list_for_each_entry_safe(tw, n, &tw_death_row, tw_death_node) {
		if (tw->tw_expires > now) {
			timer_arm(&tw_timer, tw->tw_expires);
			break;
		}
		list_move_tail(&tw->tw_death_node, &dead);
		tw->tw_queued = false;
	}
	spin_unlock_bh(&tw_death_lock);
	list_for_each_entry_safe(tw, n, &dead, tw_death_node) {
		list_del_init(&tw->tw_death_node);
		inet_twsk_unhash(tw);
		inet_twsk_put(tw);      /* the death row's reference */
	}
}

void inet_twsk_schedule(struct inet_timewait_sock *tw)
{
	bool first;

	spin_lock_bh(&tw_death_lock);
	if (tw->tw_queued)
		list_del(&tw->tw_death_node);
	else
		atomic_inc(&tw->tw_refcnt);
	tw->tw_queued = true;
	tw->tw_expires = ktime_get() + TCP_TIMEWAIT_LEN_NS;
	first = list_empty(&tw_death_row);
	list_add_tail(&tw->tw_death_node, &tw_death_row);
	if (first || !timer_pending(&tw_timer))
		timer_arm(&tw_timer, list_first_entry(&tw_death_row, struct inet_timewait_sock,
						      tw_death_node)->tw_expires);
	spin_unlock_bh(&tw_death_lock);
}

/* Kill tw now; the caller's reference is dropped too. */
void inet_twsk_deschedule_put(struct inet_timewait_sock *tw)
{
	bool mine;

	spin_lock_bh(&tw_death_lock);
	mine = tw->tw_queued;
	if (mine) {
		list_del_init(&tw->tw_death_node);
		tw->tw_queued = false;
	}
	spin_unlock_bh(&tw_death_lock);
	if (mine) {
		inet_twsk_unhash(tw);
		inet_twsk_put(tw);
	}
	inet_twsk_put(tw);
}

void inet_twsk_init(void)
{
	timer_setup(&tw_timer, tw_timer_fn, 0);
}
