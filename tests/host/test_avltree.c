// SPDX-License-Identifier: MIT
/* lib/avltree.c: random inserts and erases against a reference set; after
 * each step the tree is ordered, balanced and holds exactly the set. */
#include <check.h>
#include <stdlib.h>
#include <host_test.h>
#include <shoal/avltree.h>

#define N 1000

struct item {
	struct avl_node node;
	int key;
	int in;                 /* in the tree */
};

static struct item items[N];

static int item_cmp(const struct avl_node *a, const struct avl_node *b)
{
	int ka = ((const struct item *)a)->key, kb = ((const struct item *)b)->key;

	return ka < kb ? -1 : ka > kb;
}

/* Checks order, heights and balance; returns the node count. */
static int check_tree(const struct avl_node *n, int lo, int hi)
{
	const struct item *it = (const struct item *)n;
	int l, r;

	if (!n)
		return 0;
	ck_assert_int_gt(it->key, lo);
	ck_assert_int_lt(it->key, hi);
	ck_assert_int_eq(n->height, 1 + (avl_height(n->left) > avl_height(n->right) ?
					 avl_height(n->left) : avl_height(n->right)));
	ck_assert_int_le(abs(avl_height(n->left) - avl_height(n->right)), 1);
	l = check_tree(n->left, lo, it->key);
	r = check_tree(n->right, it->key, hi);
	return l + r + 1;
}

static const struct avl_node *find(const struct avl_node *n, int key)
{
	while (n && ((const struct item *)n)->key != key)
		n = key < ((const struct item *)n)->key ? n->left : n->right;
	return n;
}

START_TEST(test_avl_random)
{
	struct avl_node *root = NULL;
	int i, step, count = 0;

	srand(7);
	for (i = 0; i < N; i++)
		items[i].key = i * 3;
	for (step = 0; step < 6000; step++) {
		struct item *it = &items[rand() % N];

		if (it->in) {
			root = avl_erase(root, &it->node, item_cmp);
			it->in = 0;
			count--;
		} else {
			root = avl_insert(root, &it->node, item_cmp);
			it->in = 1;
			count++;
		}
		if (step % 499 == 0 || step > 5990) {
			ck_assert_int_eq(check_tree(root, -1, N * 3), count);
			for (i = 0; i < N; i++)
				ck_assert((find(root, items[i].key) != NULL) == items[i].in);
		}
	}
	/* 1000 nodes: an AVL tree is at most 1.44 log2(n) high */
	ck_assert_int_le(avl_height(root), 14);
}
END_TEST

START_TEST(test_avl_sorted_inserts)
{
	struct avl_node *root = NULL;
	int i;

	for (i = 0; i < N; i++) {
		items[i].key = i;
		root = avl_insert(root, &items[i].node, item_cmp);
	}
	ck_assert_int_eq(check_tree(root, -1, N), N);
	ck_assert_int_le(avl_height(root), 11);         /* log2(1000) + 1 */
	for (i = 0; i < N; i++)
		root = avl_erase(root, &items[i].node, item_cmp);
	ck_assert_ptr_null(root);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("avltree");
	TCase *tc = tcase_create("avltree");

	tcase_add_test(tc, test_avl_random);
	tcase_add_test(tc, test_avl_sorted_inserts);
	suite_add_tcase(s, tc);
	return host_run_suite(s);
}
