// SPDX-License-Identifier: MIT
/*
 * Supplementary groups (Linux's kernel/groups.c): a sorted array of gids
 * hung off a cred, shared by reference and never changed once attached;
 * getgroups and setgroups.
 *
 * Locking: none; a group_info belongs to the creds that reference it,
 * which are immutable once committed.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/cred.h>
#include <shoal/syscalls.h>

struct group_info *groups_alloc(int n)
{
	struct group_info *gi = kmalloc(sizeof(*gi) + n * sizeof(gid_t), GFP_KERNEL);

	if (!gi)
		return NULL;
	atomic_set(&gi->usage, 1);
	gi->ngroups = n;
	return gi;
}

void groups_free(struct group_info *gi)
{
	BUG_ON(gi == &init_groups);
	kfree(gi);
}

/* Shell sort: in place, no recursion, fine for NGROUPS_MAX entries. */
void groups_sort(struct group_info *gi)
{
	int gap, i, j, n = gi->ngroups;
	gid_t v;

	for (gap = n / 2; gap > 0; gap /= 2) {
		for (i = gap; i < n; i++) {
			v = gi->gid[i];
			for (j = i; j >= gap && gi->gid[j - gap] > v; j -= gap)
				gi->gid[j] = gi->gid[j - gap];
			gi->gid[j] = v;
		}
	}
}

bool groups_search(const struct group_info *gi, gid_t gid)
{
	int lo = 0, hi = gi->ngroups;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (gi->gid[mid] == gid)
			return true;
		if (gi->gid[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* @new takes over the caller's reference to @gi. */
void set_groups(struct cred *new, struct group_info *gi)
{
	put_group_info(new->group_info);
	new->group_info = gi;
}

bool in_group_p(gid_t gid)
{
	const struct cred *c = current_cred();

	return gid == c->fsgid || groups_search(c->group_info, gid);
}

bool in_egroup_p(gid_t gid)
{
	const struct cred *c = current_cred();

	return gid == c->egid || groups_search(c->group_info, gid);
}

static bool groups_valid(const struct group_info *gi)
{
	int i;

	for (i = 0; i < gi->ngroups; i++)
		if (gi->gid[i] == (gid_t)-1)
			return false;
	return true;
}

/* size 0 asks for the count; a smaller list than the count is EINVAL. */
SYSCALL_DEFINE2(getgroups, int, size, gid_t __user *, list)
{
	const struct group_info *gi = current_cred()->group_info;

	if (size < 0)
		return -EINVAL;
	if (!size)
		return gi->ngroups;
	if (size < gi->ngroups)
		return -EINVAL;
	if (copy_to_user(list, gi->gid, gi->ngroups * sizeof(gid_t)))
		return -EFAULT;
	return gi->ngroups;
}

SYSCALL_DEFINE2(setgroups, int, size, const gid_t __user *, list)
{
	struct group_info *gi;
	struct cred *new;

	if (!capable(CAP_SETGID))
		return -EPERM;
	if ((unsigned int)size > NGROUPS_MAX)
		return -EINVAL;
	gi = groups_alloc(size);
	if (!gi)
		return -ENOMEM;
	if (copy_from_user(gi->gid, list, size * sizeof(gid_t))) {
		put_group_info(gi);
		return -EFAULT;
	}
	if (!groups_valid(gi)) {
		put_group_info(gi);
		return -EINVAL;         /* (gid_t)-1 is no group */
	}
	groups_sort(gi);
	new = prepare_creds();
	if (!new) {
		put_group_info(gi);
		return -ENOMEM;
	}
	set_groups(new, gi);
	return commit_creds(new);
}
