// SPDX-License-Identifier: MIT
/*
 * AVL trees (include/shoal/avltree.h): every node's subtrees differ in
 * height by at most one, restored after each insert and erase by at most
 * two rotations per level on the way back up.
 */
#include <shoal/avltree.h>
#include <shoal/types.h>

static void avl_fix(struct avl_node *n)
{
	int l = avl_height(n->left), r = avl_height(n->right);

	n->height = (l > r ? l : r) + 1;
}

static struct avl_node *avl_rotate_right(struct avl_node *n)
{
	struct avl_node *l = n->left;

	n->left = l->right;
	l->right = n;
	avl_fix(n);
	avl_fix(l);
	return l;
}

static struct avl_node *avl_rotate_left(struct avl_node *n)
{
	struct avl_node *r = n->right;

	n->right = r->left;
	r->left = n;
	avl_fix(n);
	avl_fix(r);
	return r;
}

static struct avl_node *avl_balance(struct avl_node *n)
{
	int bal;

	avl_fix(n);
	bal = avl_height(n->left) - avl_height(n->right);
	if (bal > 1) {
		if (avl_height(n->left->left) < avl_height(n->left->right))
			n->left = avl_rotate_left(n->left);
		return avl_rotate_right(n);
	}
	if (bal < -1) {
		if (avl_height(n->right->right) < avl_height(n->right->left))
			n->right = avl_rotate_right(n->right);
		return avl_rotate_left(n);
	}
	return n;
}

struct avl_node *avl_insert(struct avl_node *root, struct avl_node *node, avl_cmp_t cmp)
{
	if (!root) {
		node->left = node->right = NULL;
		node->height = 1;
		return node;
	}
	if (cmp(node, root) < 0)
		root->left = avl_insert(root->left, node, cmp);
	else
		root->right = avl_insert(root->right, node, cmp);
	return avl_balance(root);
}

static struct avl_node *avl_remove_min(struct avl_node *n, struct avl_node **min)
{
	if (!n->left) {
		*min = n;
		return n->right;
	}
	n->left = avl_remove_min(n->left, min);
	return avl_balance(n);
}

struct avl_node *avl_erase(struct avl_node *root, struct avl_node *node, avl_cmp_t cmp)
{
	struct avl_node *min;
	int c;

	if (!root)
		return NULL;
	c = cmp(node, root);
	if (c < 0) {
		root->left = avl_erase(root->left, node, cmp);
	} else if (c > 0) {
		root->right = avl_erase(root->right, node, cmp);
	} else {
		if (!root->right)
			return root->left;
		root->right = avl_remove_min(root->right, &min);
		min->left = root->left;
		min->right = root->right;
		root = min;
	}
	return avl_balance(root);
}
