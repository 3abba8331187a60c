/* SPDX-License-Identifier: MIT */
/*
 * AVL trees: a balanced binary search tree whose nodes are embedded in the
 * caller's objects (as Linux's rbtree). The caller does its own lookups by
 * walking left/right with its key; insert and erase rebalance and return
 * the new root. No locking: the owner's lock guards the whole tree.
 * Both are recursive, at most 1.44 * log2(n) deep.
 */
#ifndef _SHOAL_AVLTREE_H
#define _SHOAL_AVLTREE_H

struct avl_node {
	struct avl_node *left, *right;
	int height;                     /* of the subtree; a leaf has 1 */
};

/* <0, 0, >0 as @a sorts before, with, after @b. */
typedef int (*avl_cmp_t)(const struct avl_node *a, const struct avl_node *b);

/* Insert @node (its key not yet in the tree); returns the new root. */
struct avl_node *avl_insert(struct avl_node *root, struct avl_node *node, avl_cmp_t cmp);
/* Remove @node (in the tree); returns the new root. */
struct avl_node *avl_erase(struct avl_node *root, struct avl_node *node, avl_cmp_t cmp);

static inline int avl_height(const struct avl_node *n)
{
	return n ? n->height : 0;
}

#endif
