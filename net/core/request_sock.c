// SPDX-License-Identifier: MIT
/*
 * Request minisocks' memory: one slab cache, as Linux's request_sock_TCP
 * (include/net/request_sock.h has the structure and its reference rules).
 * No locks here; the live count is an atomic.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <net/request_sock.h>
#include <net/tcp_states.h>

static struct kmem_cache *request_sock_cache;
static atomic_t reqsk_live;

void reqsk_cache_init(void)
{
	request_sock_cache = kmem_cache_create("request_sock_TCP", sizeof(struct tcp_request_sock),
					       0, 0, NULL);
}

struct request_sock *reqsk_alloc(struct sock *lsk)
{
	struct request_sock *req = kmem_cache_zalloc(request_sock_cache, GFP_ATOMIC);

	if (!req)
		return NULL;
	atomic_set(&req->rsk_refcnt, 1);
	req->__req_common.skc_state = TCP_NEW_SYN_RECV;
	req->__req_common.skc_family = lsk->sk_family;
	req->__req_common.skc_prot = lsk->sk_prot;
	INIT_HLIST_NODE(&req->__req_common.skc_node);
	INIT_HLIST_NODE(&req->__req_common.skc_bind_node);
	INIT_LIST_HEAD(&req->rsk_list);
	sock_hold(lsk);
	req->rsk_listener = lsk;
	atomic_inc(&reqsk_live);
	return req;
}

void reqsk_free(struct request_sock *req)
{
	DEBUG_ASSERT(hlist_unhashed(&req->__req_common.skc_node));
	sock_put(req->rsk_listener);
	atomic_dec(&reqsk_live);
	kmem_cache_free(request_sock_cache, req);
}

int reqsk_count(void)
{
	return atomic_read(&reqsk_live);
}
