/* SPDX-License-Identifier: MIT */
/* Circular doubly linked lists and hash lists, with Linux's names. */
#ifndef _SHOAL_LIST_H
#define _SHOAL_LIST_H

#include <shoal/compiler.h>
#include <shoal/types.h>

struct list_head { struct list_head *next, *prev; };

#define LIST_HEAD_INIT(n) { &(n), &(n) }
#define LIST_HEAD(n) struct list_head n = LIST_HEAD_INIT(n)

static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l; l->prev = l; }
static inline void __list_add(struct list_head *n, struct list_head *p, struct list_head *nx)
{
	nx->prev = n; n->next = nx; n->prev = p; p->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *h) { __list_add(n, h, h->next); }
static inline void list_add_tail(struct list_head *n, struct list_head *h) { __list_add(n, h->prev, h); }
static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev; e->prev->next = e->next;
	e->next = e->prev = NULL;
}
static inline void list_del_init(struct list_head *e)
{
	e->next->prev = e->prev; e->prev->next = e->next;
	INIT_LIST_HEAD(e);
}
static inline int list_empty(const struct list_head *h) { return READ_ONCE(h->next) == h; }
static inline void list_move_tail(struct list_head *e, struct list_head *h) { list_del(e); list_add_tail(e, h); }
static inline void list_move(struct list_head *e, struct list_head *h) { list_del(e); list_add(e, h); }
/* Move all of @src to the tail of @dst; @src becomes empty. */
static inline void list_splice_tail_init(struct list_head *src, struct list_head *dst)
{
	if (list_empty(src))
		return;
	src->next->prev = dst->prev; dst->prev->next = src->next;
	src->prev->next = dst; dst->prev = src->prev;
	INIT_LIST_HEAD(src);
}

#define list_entry(p, t, m)          container_of(p, t, m)
#define list_first_entry(h, t, m)    list_entry((h)->next, t, m)
#define list_last_entry(h, t, m)     list_entry((h)->prev, t, m)
#define list_first_entry_or_null(h, t, m) (list_empty(h) ? NULL : list_first_entry(h, t, m))
#define list_next_entry(p, m)        list_entry((p)->m.next, __typeof__(*(p)), m)
#define list_for_each(p, h)          for (p = (h)->next; p != (h); p = p->next)
#define list_for_each_entry(p, h, m) \
	for (p = list_first_entry(h, __typeof__(*p), m); &p->m != (h); p = list_next_entry(p, m))
#define list_for_each_entry_safe(p, n, h, m) \
	for (p = list_first_entry(h, __typeof__(*p), m), n = list_next_entry(p, m); \
	     &p->m != (h); p = n, n = list_next_entry(n, m))
/* from p (inclusive) on; removal of p is safe */
#define list_for_each_entry_safe_from(p, n, h, m) \
	for (n = list_next_entry(p, m); &p->m != (h); p = n, n = list_next_entry(n, m))

struct hlist_node { struct hlist_node *next, **pprev; };
struct hlist_head { struct hlist_node *first; };

static inline void INIT_HLIST_NODE(struct hlist_node *n) { n->next = NULL; n->pprev = NULL; }
static inline int hlist_unhashed(const struct hlist_node *n) { return !n->pprev; }
static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	n->next = h->first;
	if (h->first)
		h->first->pprev = &n->next;
	h->first = n; n->pprev = &h->first;
}
static inline void hlist_del_init(struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	INIT_HLIST_NODE(n);
}
#define hlist_entry(p, t, m) container_of(p, t, m)
#define hlist_entry_safe(p, t, m) ({ __typeof__(p) _p = (p); _p ? hlist_entry(_p, t, m) : NULL; })
#define hlist_for_each_entry(p, h, m) \
	for (p = hlist_entry_safe((h)->first, __typeof__(*p), m); p; \
	     p = hlist_entry_safe(p->m.next, __typeof__(*p), m))

#endif
