/* SPDX-License-Identifier: MIT */
/*
 * Notifier chains (Linux's linux/notifier.h, the raw flavour): a list of
 * callbacks, highest priority first, that one subsystem calls to tell the
 * others about an event without knowing who listens. The network core
 * tells IPv4 (and the next protocol) that a device came, went up or down
 * or changed its address or MTU this way (netdevice.h).
 *
 * A raw chain has no lock of its own: its owner says which lock guards
 * registration and calls (the netdevice chain: rtnl_lock). Callbacks run
 * in the caller's context and may sleep if the caller may.
 */
#ifndef _SHOAL_NOTIFIER_H
#define _SHOAL_NOTIFIER_H

struct notifier_block;
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;    /* [the chain owner's lock] */
	int priority;                   /* higher runs first */
};

struct raw_notifier_head {
	struct notifier_block *head;    /* [the chain owner's lock] */
};

#define RAW_NOTIFIER_HEAD(name) struct raw_notifier_head name = { .head = NULL }

#define NOTIFY_DONE             0x0000          /* not interested */
#define NOTIFY_OK               0x0001          /* handled */
#define NOTIFY_STOP_MASK        0x8000          /* stop calling the chain */
#define NOTIFY_BAD              (NOTIFY_STOP_MASK | 0x0002)     /* refuse the change */

/* An errno carried through a chain's return value, as Linux's. */
static inline int notifier_from_errno(int err)
{
	return err ? NOTIFY_STOP_MASK | (NOTIFY_OK - err) : NOTIFY_OK;
}

static inline int notifier_to_errno(int ret)
{
	ret &= ~NOTIFY_STOP_MASK;
	return ret > NOTIFY_OK ? NOTIFY_OK - ret : 0;
}

int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *nb);
int raw_notifier_chain_unregister(struct raw_notifier_head *nh, struct notifier_block *nb);
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long action, void *data);

#endif
