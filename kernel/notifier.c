// SPDX-License-Identifier: MIT
/*
 * Raw notifier chains (Linux's kernel/notifier.c without the blocking,
 * atomic and SRCU wrappers): the chain's owner serialises registration
 * against calls with its own lock (include/shoal/notifier.h).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/notifier.h>

int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *nb)
{
	struct notifier_block **pp = &nh->head;

	while (*pp && (*pp)->priority >= nb->priority) {
		if (*pp == nb)
			return -EEXIST;
		pp = &(*pp)->next;
	}
	nb->next = *pp;
	*pp = nb;
	return 0;
}

int raw_notifier_chain_unregister(struct raw_notifier_head *nh, struct notifier_block *nb)
{
	struct notifier_block **pp;

	for (pp = &nh->head; *pp; pp = &(*pp)->next) {
		if (*pp == nb) {
			*pp = nb->next;
			return 0;
		}
	}
	return -ENOENT;
}

/* Call each block until one sets NOTIFY_STOP_MASK; returns the last result. */
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long action, void *data)
{
	struct notifier_block *nb;
	int ret = NOTIFY_DONE;

	for (nb = nh->head; nb; nb = nb->next) {
		ret = nb->notifier_call(nb, action, data);
		if (ret & NOTIFY_STOP_MASK)
			break;
	}
	return ret;
}
