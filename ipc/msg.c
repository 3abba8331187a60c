// SPDX-License-Identifier: MIT
/*
 * System V message queues (Linux's ipc/msg.c): msgget, msgsnd, msgrcv,
 * msgctl.
 *
 * A queue is a list of messages (type, text) in sending order, bounded by
 * msg_qbytes bytes of text (and as many messages: Linux's guard against
 * floods of empty ones). Senders that do not fit and receivers that find
 * nothing wait on the queue's one wait queue, with no lock held, and look
 * again when woken: every send and every receive wakes all of them.
 * IPC_RMID wakes them to find the queue gone (-EIDRM).
 *
 * Text is copied in before the queue is locked and out after it is
 * unlocked (copy_*_user may fault), as Linux's load_msg/store_msg do; a
 * receiver whose buffer faults loses the message, as on Linux.
 *
 * Locking: msg_ids.mutex -> msq->q_perm.lock.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/wait.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <shoal/init.h>
#include "util.h"

struct msg_msg {
	struct list_head m_list;        /* in msq->q_messages [perm] */
	long m_type;                    /* [const] */
	size_t m_ts;                    /* text size [const] */
	char m_text[];
};

struct msg_queue {
	struct kern_ipc_perm q_perm;
	long q_stime, q_rtime, q_ctime;         /* [perm] */
	unsigned long q_cbytes;         /* text bytes queued [perm] */
	unsigned long q_qnum;           /* messages queued [perm] */
	unsigned long q_qbytes;         /* limit on q_cbytes [perm] */
	pid_t q_lspid, q_lrpid;         /* [perm] */
	struct list_head q_messages;    /* [perm] */
	wait_queue_head_t wq;           /* senders and receivers waiting */
};

static struct ipc_ids msg_ids;

static struct msg_queue *msq_obj(struct kern_ipc_perm *p)
{
	return container_of(p, struct msg_queue, q_perm);
}

static void msg_free_queue(struct kern_ipc_perm *p)
{
	struct msg_queue *msq = msq_obj(p);
	struct msg_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &msq->q_messages, m_list)
		kfree(m);
	kfree(msq);
}

/* ---- msgget ---- */

static int newque(struct ipc_ids *ids, struct ipc_params *params)
{
	struct msg_queue *msq;
	int err;

	if (ids->in_use >= ids->limit)
		return -ENOSPC;
	msq = kzalloc(sizeof(*msq), GFP_KERNEL);
	if (!msq)
		return -ENOMEM;
	ipc_init_perm(&msq->q_perm, params->key, params->flg, msg_free_queue);
	msq->q_qbytes = MSGMNB;
	msq->q_ctime = ipc_get_seconds();
	INIT_LIST_HEAD(&msq->q_messages);
	init_waitqueue_head(&msq->wq);
	err = ipc_addid(ids, &msq->q_perm);
	if (err < 0) {
		kfree(msq);
		return err;
	}
	return msq->q_perm.id;
}

static const struct ipc_ops msg_ops = {
	.getnew = newque,
};

SYSCALL_DEFINE2(msgget, int, key, int, msgflg)
{
	struct ipc_params params = { .key = key, .flg = msgflg };

	return ipcget(&msg_ids, &msg_ops, &params);
}

/* ---- sleeping ---- */

/*
 * Sleep on @msq until woken, with its lock dropped and retaken. Returns 0
 * or -ERESTARTNOHAND for a pending signal (msgsnd and msgrcv are restarted
 * only when no handler ran, as on Linux).
 */
static int msg_wait(struct msg_queue *msq)
{
	DEFINE_WAIT(wait);

	if (signal_pending(current))
		return -ERESTARTNOHAND;
	prepare_to_wait(&msq->wq, &wait, TASK_INTERRUPTIBLE);
	spin_unlock(&msq->q_perm.lock);
	schedule();
	finish_wait(&msq->wq, &wait);
	spin_lock(&msq->q_perm.lock);
	return 0;
}

/* ---- msgsnd ---- */

static long do_msgsnd(int msqid, long mtype, const void __user *mtext, size_t msgsz, int msgflg)
{
	struct kern_ipc_perm *p;
	struct msg_queue *msq;
	struct msg_msg *msg;
	long err;

	msg = kmalloc(sizeof(*msg) + msgsz, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg->m_type = mtype;
	msg->m_ts = msgsz;
	if (copy_from_user(msg->m_text, mtext, msgsz)) {
		kfree(msg);
		return -EFAULT;
	}
	p = ipc_get_by_id(&msg_ids, msqid);
	if (IS_ERR(p)) {
		kfree(msg);
		return PTR_ERR(p);
	}
	msq = msq_obj(p);
	err = ipcperms(p, 0222);
	spin_lock(&p->lock);
	while (!err) {
		if (p->deleted) {
			err = -EIDRM;
			break;
		}
		if (msgsz + msq->q_cbytes <= msq->q_qbytes && msq->q_qnum + 1 <= msq->q_qbytes) {
			list_add_tail(&msg->m_list, &msq->q_messages);
			msq->q_cbytes += msgsz;
			msq->q_qnum++;
			msq->q_lspid = current->tgid;
			msq->q_stime = ipc_get_seconds();
			msg = NULL;
			break;
		}
		err = (msgflg & IPC_NOWAIT) ? -EAGAIN : msg_wait(msq);
	}
	spin_unlock(&p->lock);
	if (!msg)
		wake_up_all(&msq->wq);  /* receivers; after the lock, which they need */
	ipc_put(p);
	kfree(msg);
	return err;
}

SYSCALL_DEFINE4(msgsnd, int, msqid, void __user *, msgp, size_t, msgsz, int, msgflg)
{
	long mtype;

	if (get_user(mtype, (long __user *)msgp))
		return -EFAULT;
	if (msgsz > MSGMAX || (long)msgsz < 0 || msqid < 0)
		return -EINVAL;
	if (mtype < 1)
		return -EINVAL;
	return do_msgsnd(msqid, mtype, (char __user *)msgp + sizeof(long), msgsz, msgflg);
}

/* ---- msgrcv ---- */

/*
 * The message msgrcv(@msgtyp, @msgflg) takes, or NULL: the first (0), the
 * first of type @msgtyp (> 0) or, with MSG_EXCEPT, of another type, the
 * first of the lowest type up to -@msgtyp (< 0). [perm]
 */
static struct msg_msg *find_msg(struct msg_queue *msq, long msgtyp, int msgflg)
{
	/* -LONG_MIN does not exist; Linux takes it as LONG_MAX */
	long bound = msgtyp == -LONG_MAX - 1 ? LONG_MAX : -msgtyp;
	struct msg_msg *m, *found = NULL;

	list_for_each_entry(m, &msq->q_messages, m_list) {
		if (!msgtyp)
			return m;
		if (msgtyp > 0) {
			if ((m->m_type == msgtyp) != !!(msgflg & MSG_EXCEPT))
				return m;
		} else if (m->m_type <= bound && (!found || m->m_type < found->m_type)) {
			found = m;
		}
	}
	return found;
}

static long do_msgrcv(int msqid, void __user *buf, size_t bufsz, long msgtyp, int msgflg)
{
	struct msg_msg *msg = NULL;
	struct kern_ipc_perm *p;
	struct msg_queue *msq;
	size_t n;
	long err;

	p = ipc_get_by_id(&msg_ids, msqid);
	if (IS_ERR(p))
		return PTR_ERR(p);
	msq = msq_obj(p);
	err = ipcperms(p, 0444);
	spin_lock(&p->lock);
	while (!err) {
		if (p->deleted) {
			err = -EIDRM;
			break;
		}
		msg = find_msg(msq, msgtyp, msgflg);
		if (msg && msg->m_ts > bufsz && !(msgflg & MSG_NOERROR)) {
			msg = NULL;
			err = -E2BIG;
			break;
		}
		if (msg) {
			list_del(&msg->m_list);
			msq->q_cbytes -= msg->m_ts;
			msq->q_qnum--;
			msq->q_lrpid = current->tgid;
			msq->q_rtime = ipc_get_seconds();
			break;
		}
		err = (msgflg & IPC_NOWAIT) ? -ENOMSG : msg_wait(msq);
	}
	spin_unlock(&p->lock);
	if (msg)
		wake_up_all(&msq->wq);  /* senders waiting for room */
	ipc_put(p);
	if (!msg)
		return err;
	n = min(bufsz, msg->m_ts);
	err = n;
	if (put_user(msg->m_type, (long __user *)buf) ||
	    copy_to_user((char __user *)buf + sizeof(long), msg->m_text, n))
		err = -EFAULT;
	kfree(msg);
	return err;
}

SYSCALL_DEFINE5(msgrcv, int, msqid, void __user *, msgp, size_t, msgsz, long, msgtyp, int, msgflg)
{
	if (msqid < 0 || (long)msgsz < 0)
		return -EINVAL;
	if (msgflg & MSG_COPY)
		return -ENOSYS;         /* Linux without CONFIG_CHECKPOINT_RESTORE */
	return do_msgrcv(msqid, msgp, msgsz, msgtyp, msgflg);
}

/* ---- msgctl ---- */

static void msg_fill_ds(struct msg_queue *msq, struct msqid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	kernel_to_ipc64_perm(&msq->q_perm, &ds->msg_perm);
	ds->msg_stime = msq->q_stime;
	ds->msg_rtime = msq->q_rtime;
	ds->msg_ctime = msq->q_ctime;
	ds->msg_cbytes = msq->q_cbytes;
	ds->msg_qnum = msq->q_qnum;
	ds->msg_qbytes = msq->q_qbytes;
	ds->msg_lspid = msq->q_lspid;
	ds->msg_lrpid = msq->q_lrpid;
}

static long msgctl_info(int cmd, void __user *buf)
{
	struct msginfo mi = {
		.msgmni = MSGMNI, .msgmax = MSGMAX, .msgmnb = MSGMNB, .msgssz = MSGSSZ,
		.msgseg = MSGSEG, .msgpool = MSGPOOL, .msgmap = MSGMAP, .msgtql = MSGTQL,
	};
	long ret;
	int i;

	mutex_lock(&msg_ids.mutex);
	if (cmd == MSG_INFO) {
		mi.msgpool = msg_ids.in_use;
		mi.msgmap = mi.msgtql = 0;
		for (i = 0; i <= msg_ids.max_idx; i++) {
			struct kern_ipc_perm *p = msg_ids.entries[i];

			if (!p)
				continue;
			spin_lock(&p->lock);
			mi.msgmap += msq_obj(p)->q_qnum;
			mi.msgtql += msq_obj(p)->q_cbytes;
			spin_unlock(&p->lock);
		}
	}
	ret = ipc_get_maxidx(&msg_ids);
	mutex_unlock(&msg_ids.mutex);
	return copy_to_user(buf, &mi, sizeof(mi)) ? -EFAULT : ret;
}

SYSCALL_DEFINE3(msgctl, int, msqid, int, cmd, void __user *, buf)
{
	struct kern_ipc_perm *p;
	struct msg_queue *msq;
	struct msqid64_ds ds;
	bool put = false;
	long ret = 0;

	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	cmd = ipc_parse_version(cmd);
	switch (cmd) {
	case IPC_INFO: case MSG_INFO:
		return msgctl_info(cmd, buf);
	case IPC_SET:
		if (copy_from_user(&ds, buf, sizeof(ds)))
			return -EFAULT;
		break;
	case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY: case IPC_RMID:
		break;
	default:
		return -EINVAL;
	}

	mutex_lock(&msg_ids.mutex);
	if (cmd == MSG_STAT || cmd == MSG_STAT_ANY) {
		p = msqid < msg_ids.size ? msg_ids.entries[msqid] : NULL;
		p = p ? p : ERR_PTR(-EINVAL);
	} else {
		p = ipc_obtain_object_check(&msg_ids, msqid);
	}
	if (IS_ERR(p)) {
		mutex_unlock(&msg_ids.mutex);
		return PTR_ERR(p);
	}
	msq = msq_obj(p);
	if (cmd == IPC_STAT || cmd == MSG_STAT)
		ret = ipcperms(p, 0444);
	else if (cmd == IPC_SET || cmd == IPC_RMID)
		ret = ipc_owner_check(p);
	if (!ret) {
		spin_lock(&p->lock);
		switch (cmd) {
		case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
			msg_fill_ds(msq, &ds);
			ret = cmd == IPC_STAT ? 0 : p->id;
			break;
		case IPC_SET:
			if (ds.msg_qbytes > MSGMNB && !capable(CAP_SYS_RESOURCE)) {
				ret = -EPERM;   /* above MSGMNB needs CAP_SYS_RESOURCE */
				break;
			}
			ipc_update_perm(&ds.msg_perm, p);
			msq->q_qbytes = ds.msg_qbytes;
			msq->q_ctime = ipc_get_seconds();
			break;
		case IPC_RMID:
			ipc_rmid(&msg_ids, p);
			put = true;
			break;
		}
		spin_unlock(&p->lock);
		if (cmd == IPC_SET || cmd == IPC_RMID)
			wake_up_all(&msq->wq);  /* senders may fit now; or -EIDRM */
	}
	mutex_unlock(&msg_ids.mutex);
	if (put)
		ipc_put(p);
	if (ret >= 0 && (cmd == IPC_STAT || cmd == MSG_STAT || cmd == MSG_STAT_ANY) &&
	    copy_to_user(buf, &ds, sizeof(ds)))
		ret = -EFAULT;
	return ret;
}

static int msg_init(void)
{
	ipc_init_ids(&msg_ids, MSGMNI);
	return 0;
}
core_initcall(msg_init);
