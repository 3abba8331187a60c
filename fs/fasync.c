// SPDX-License-Identifier: MIT
/*
 * O_ASYNC: SIGIO to a file's owner when its object becomes readable or
 * writable, and SIGURG when TCP urgent data arrives (Linux's fasync_helper,
 * kill_fasync, send_sigio and send_sigurg in fs/fcntl.c).
 *
 * kill_fasync runs from wake-up paths: softirq input, under a socket's
 * slock or sk_wq_lock, under wait-queue locks. Sending a signal takes
 * tasklist_lock and the target's siglock, which rank below all of those
 * (Documentation/locking.md), so kill_fasync only records what to send
 * (owner, signal, fd, band) on this CPU's list and raises HI_SOFTIRQ; the
 * softirq (a lock context of its own, holding nothing) sends. The record
 * names the owner by id, so a file closed meanwhile costs nothing.
 *
 * Locks: fasync_lock (spin irqsave, unranked leaf) guards every fasync
 * list's links and fa_fd, and every file's f_owner. Under it only this
 * CPU's pending list (IRQs off), the allocator and raise_softirq_irqoff
 * (which may wake ksoftirqd: pi_lock, rq lock) are used.
 */
#include "internal.h"
#include <shoal/signal.h>
#include <shoal/cred.h>
#include <shoal/softirq.h>
#include <shoal/smp.h>
#include <shoal/init.h>
#include <uapi/poll.h>

static DEFINE_SPINLOCK(fasync_lock);

/* One signal to send from the softirq. */
struct sigio_rec {
	struct sigio_rec *next;
	pid_t pid;
	u8 type;                /* enum fown_type */
	int sig;                /* the F_SETSIG signal (0: plain SIGIO), or SIGURG */
	bool urg;               /* send_sigurg's SIGURG: no siginfo */
	int fd;
	int reason;             /* POLL_* */
	uid_t uid, euid;        /* the owner's setter (sigio_perm) */
};

/* This CPU's records, oldest first [IRQs off] */
struct sigio_queue {
	struct sigio_rec *head, **tail;
};
static DEFINE_PER_CPU(struct sigio_queue, sigio_pending);
static unsigned long sigio_dropped;     /* records lost to GFP_ATOMIC failure */

/* -------------------------------------------------------------- owners */

/* Owner from F_SETOWN's argument: pid > 0 a process, < 0 a process group. */
int f_setown(struct file *f, int who)
{
	int type = FOWN_PID;
	unsigned long flags;

	if (who == (int)0x80000000)     /* -INT_MIN does not fit */
		return -EINVAL;
	if (who < 0) {
		type = FOWN_PGRP;
		who = -who;
	}
	if (who && kill_fown_info(type == FOWN_PGRP ? FOWN_PGRP : FOWN_TID, who, 0, NULL, 0, 0))
		return -ESRCH;
	spin_lock_irqsave(&fasync_lock, flags);
	f->f_owner.pid = who;
	f->f_owner.type = type;
	f->f_owner.uid = current_cred()->uid;
	f->f_owner.euid = current_cred()->euid;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return 0;
}

int f_getown(struct file *f)
{
	unsigned long flags;
	int pid;

	spin_lock_irqsave(&fasync_lock, flags);
	pid = f->f_owner.type == FOWN_PGRP ? -f->f_owner.pid : f->f_owner.pid;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return pid;
}

long f_setown_ex(struct file *f, unsigned long arg)
{
	struct f_owner_ex __user *u = (struct f_owner_ex __user *)arg;
	struct f_owner_ex ex;
	unsigned long flags;
	int type;

	if (copy_from_user(&ex, u, sizeof(ex)))
		return -EFAULT;
	switch (ex.type) {
	case F_OWNER_TID:
		type = FOWN_TID;
		break;
	case F_OWNER_PID:
		type = FOWN_PID;
		break;
	case F_OWNER_PGRP:
		type = FOWN_PGRP;
		break;
	default:
		return -EINVAL;
	}
	if (ex.pid < 0)
		return -ESRCH;          /* no such pid, as Linux's find_vpid */
	if (ex.pid && kill_fown_info(type == FOWN_PGRP ? FOWN_PGRP : FOWN_TID, ex.pid, 0, NULL, 0, 0))
		return -ESRCH;
	spin_lock_irqsave(&fasync_lock, flags);
	f->f_owner.pid = ex.pid;
	f->f_owner.type = type;         /* kept with pid 0 too, as Linux */
	f->f_owner.uid = current_cred()->uid;
	f->f_owner.euid = current_cred()->euid;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return 0;
}

long f_getown_ex(struct file *f, unsigned long arg)
{
	struct f_owner_ex ex = { F_OWNER_PID, 0 };
	unsigned long flags;

	spin_lock_irqsave(&fasync_lock, flags);
	if (f->f_owner.type == FOWN_TID)
		ex.type = F_OWNER_TID;
	else if (f->f_owner.type == FOWN_PGRP)
		ex.type = F_OWNER_PGRP;
	ex.pid = f->f_owner.pid;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return copy_to_user((void __user *)arg, &ex, sizeof(ex)) ? -EFAULT : 0;
}

long f_setsig(struct file *f, int sig)
{
	unsigned long flags;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock_irqsave(&fasync_lock, flags);
	f->f_owner.signum = sig;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return 0;
}

int f_getsig(struct file *f)
{
	return READ_ONCE(f->f_owner.signum);
}

/* ------------------------------------------------------- fasync lists */

static int fasync_remove_entry(struct file *f, struct fasync_struct **fapp)
{
	struct fasync_struct *fa, **fp, *gone = NULL;
	unsigned long flags;

	spin_lock_irqsave(&fasync_lock, flags);
	for (fp = fapp; (fa = *fp) != NULL; fp = &fa->fa_next) {
		if (fa->fa_file == f) {
			*fp = fa->fa_next;
			gone = fa;
			break;
		}
	}
	spin_unlock_irqrestore(&fasync_lock, flags);
	kfree(gone);
	return gone ? 1 : 0;
}

static int fasync_add_entry(int fd, struct file *f, struct fasync_struct **fapp)
{
	struct fasync_struct *new = kzalloc(sizeof(*new), GFP_KERNEL), *fa;
	unsigned long flags;

	if (!new)
		return -ENOMEM;
	spin_lock_irqsave(&fasync_lock, flags);
	for (fa = *fapp; fa; fa = fa->fa_next) {
		if (fa->fa_file == f) {
			fa->fa_fd = fd;         /* already there: a new fd, as Linux */
			spin_unlock_irqrestore(&fasync_lock, flags);
			kfree(new);
			return 0;
		}
	}
	new->fa_fd = fd;
	new->fa_file = f;
	new->fa_next = *fapp;
	*fapp = new;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return 1;
}

/* Add (@on) or remove @f on the list @fapp: 1 if the list changed, 0 if
 * not, or -errno. The object's ->fasync calls it (process context). */
int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **fapp)
{
	if (!on)
		return fasync_remove_entry(f, fapp);
	return fasync_add_entry(fd, f, fapp);
}

/* ------------------------------------------------------------ sending */

/* Record a signal for the softirq; fasync_lock held (IRQs off). */
static void sigio_queue_rec(const struct fown_struct *fown, int sig, bool urg, int fd, int reason)
{
	struct sigio_queue *q = this_cpu_ptr(sigio_pending);
	struct sigio_rec *r = kmalloc(sizeof(*r), GFP_ATOMIC);

	if (!r) {
		sigio_dropped++;
		return;
	}
	r->next = NULL;
	r->pid = fown->pid;
	r->type = fown->type;
	r->uid = fown->uid;
	r->euid = fown->euid;
	r->sig = sig;
	r->urg = urg;
	r->fd = fd;
	r->reason = reason;
	if (!q->tail)
		q->tail = &q->head;
	*q->tail = r;
	q->tail = &r->next;
	raise_softirq_irqoff(HI_SOFTIRQ);
}

void kill_fasync(struct fasync_struct **fp, int sig, int band)
{
	struct fasync_struct *fa;
	unsigned long flags;

	if (!READ_ONCE(*fp))
		return;
	spin_lock_irqsave(&fasync_lock, flags);
	for (fa = *fp; fa; fa = fa->fa_next) {
		struct fown_struct *fown = &fa->fa_file->f_owner;

		/* Linux sends only while O_ASYNC is set and the file has an owner */
		if (!(READ_ONCE(fa->fa_file->f_flags) & FASYNC) || !fown->pid)
			continue;
		/* urgent data: SIGURG went already (send_sigurg); O_ASYNC adds
		 * only F_SETSIG's signal, with POLL_PRI (Linux's kill_fasync_rcu) */
		if (sig == SIGURG && !fown->signum)
			continue;
		sigio_queue_rec(fown, fown->signum, false, fa->fa_fd, band);
	}
	spin_unlock_irqrestore(&fasync_lock, flags);
}

bool send_sigurg(struct file *f)
{
	unsigned long flags;
	bool owner;

	spin_lock_irqsave(&fasync_lock, flags);
	owner = f->f_owner.pid != 0;
	if (owner)
		sigio_queue_rec(&f->f_owner, SIGURG, true, -1, POLL_PRI);
	spin_unlock_irqrestore(&fasync_lock, flags);
	return owner;
}

/* si_band for each POLL_* reason (Linux's band_table) */
static const long band_table[] = {
	[POLL_IN] = EPOLLIN | EPOLLRDNORM,
	[POLL_OUT] = EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND,
	[POLL_MSG] = EPOLLIN | EPOLLRDNORM | EPOLLMSG,
	[POLL_ERR] = EPOLLERR,
	[POLL_PRI] = EPOLLPRI | EPOLLRDBAND,
	[POLL_HUP] = EPOLLHUP | EPOLLERR,
};

/*
 * F_SETSIG's signal carries si_code (the POLL_* reason), si_band and si_fd
 * and queues as a real-time signal; when it cannot be queued, plain SIGIO
 * goes instead, as Linux. SIGIO alone (signum 0) and SIGURG carry none.
 */
static void sigio_send(const struct sigio_rec *r)
{
	struct kernel_siginfo info;

	if (r->urg || !r->sig) {
		kill_fown_info(r->type, r->pid, r->urg ? SIGURG : SIGIO, NULL, r->uid, r->euid);
		return;
	}
	memset(&info, 0, sizeof(info));
	info.si_signo = r->sig;
	info.si_code = r->reason;
	info.poll.band = r->reason >= POLL_IN && r->reason <= POLL_HUP ? band_table[r->reason] : 0;
	info.poll.fd = r->fd;
	if (kill_fown_info(r->type, r->pid, r->sig, &info, r->uid, r->euid) == -EAGAIN)
		kill_fown_info(r->type, r->pid, SIGIO, NULL, r->uid, r->euid);
}

/* HI_SOFTIRQ: send what kill_fasync and send_sigurg recorded on this CPU. */
static void sigio_action(void)
{
	struct sigio_queue *q;
	struct sigio_rec *r, *next;
	unsigned long flags;

	flags = local_irq_save();
	q = this_cpu_ptr(sigio_pending);
	r = q->head;
	q->head = NULL;
	q->tail = &q->head;
	local_irq_restore(flags);
	for (; r; r = next) {
		next = r->next;
		sigio_send(r);
		kfree(r);
	}
}

static int __init fasync_init(void)
{
	open_softirq(HI_SOFTIRQ, sigio_action);
	return 0;
}
core_initcall(fasync_init);
