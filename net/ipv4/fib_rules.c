// SPDX-License-Identifier: MIT
/*
 * IPv4 policy routing rules, as `ip rule show` reads them (RTM_GETRULE).
 *
 * shoal has no rule table: its route lookup (net/ipv4/route.c) consults
 * the local table, then the main table, which is what Linux's three
 * default rules do (the third, "lookup default", names a table that is
 * empty here). The dump lists those three rules as Linux does, so
 * programs that read them see the truth. Adding or deleting rules
 * (RTM_NEWRULE, RTM_DELRULE) has no handler: EOPNOTSUPP.
 *
 * No state, no locks.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <net/rtnetlink.h>

/* linux/fib_rules.h */
struct fib_rule_hdr {
	u8 family;
	u8 dst_len;
	u8 src_len;
	u8 tos;
	u8 table;
	u8 res1;
	u8 res2;
	u8 action;
	u32 flags;
};

#define FR_ACT_TO_TBL           1
#define FRA_PRIORITY            6
#define FRA_SUPPRESS_PREFIXLEN  14
#define FRA_TABLE               15
#define FRA_PROTOCOL            21

/* Linux's default IPv4 rules: preference and table. */
static const struct {
	u32 pref;
	u8 table;
} fib4_default_rules[] = {
	{ 0, RT_TABLE_LOCAL },
	{ 32766, RT_TABLE_MAIN },
	{ 32767, RT_TABLE_DEFAULT },
};

/* One rule as Linux's fib_nl_fill_rule and fib4_rule_fill give it. */
static int fib4_fill_rule(struct sk_buff *skb, u32 pref, u8 table, u32 portid, u32 seq)
{
	struct fib_rule_hdr *frh;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, portid, seq, RTM_NEWRULE, sizeof(*frh), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	frh = nlmsg_data(nlh);
	memset(frh, 0, sizeof(*frh));
	frh->family = AF_INET;
	frh->table = table;
	frh->action = FR_ACT_TO_TBL;
	if (nla_put_u32(skb, FRA_TABLE, table) ||
	    nla_put_u32(skb, FRA_SUPPRESS_PREFIXLEN, 0xffffffff) ||
	    nla_put_u8(skb, FRA_PROTOCOL, RTPROT_KERNEL) ||
	    (pref && nla_put_u32(skb, FRA_PRIORITY, pref))) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* Cursor: cb->args[0], the rules sent so far. */
static int fib4_dump_rules(struct sk_buff *skb, struct netlink_callback *cb)
{
	long i;

	for (i = cb->args[0]; i < (long)ARRAY_SIZE(fib4_default_rules); i++)
		if (fib4_fill_rule(skb, fib4_default_rules[i].pref, fib4_default_rules[i].table,
				   cb->portid, cb->seq))
			break;
	cb->args[0] = i;
	return skb->len;
}

static int fib4_rules_init(void)
{
	rtnl_register(PF_INET, RTM_GETRULE, NULL, fib4_dump_rules);
	return 0;
}
device_initcall(fib4_rules_init);
