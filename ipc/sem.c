// SPDX-License-Identifier: MIT
/*
 * System V semaphores (Linux's ipc/sem.c): semget, semop, semtimedop,
 * semctl.
 *
 * semop applies all its operations or none: perform_atomic_semop() runs
 * them in order under the array's lock and rolls back on the first that
 * cannot go on. A caller that must wait queues a struct sem_queue (so
 * GETNCNT/GETZCNT can count it), sleeps on sma->wq with no lock held and
 * tries the whole operation again when woken. Every change of a value
 * wakes all sleepers of the array (they re-check; Linux's per-semaphore
 * pending lists are an optimisation this does not have yet). IPC_RMID
 * wakes them to find the array deleted (-EIDRM).
 *
 * SEM_UNDO: each process (threads sharing it through CLONE_SYSVSEM) has a
 * struct sem_undo_list; it holds one struct sem_undo per array it used,
 * with an adjustment per semaphore, applied (clamped to [0, SEMVMX]) when
 * the last task using the list exits. IPC_RMID frees the array's undos.
 *
 * Locking: sem_ids.mutex -> sma->sem_perm.lock -> ulp->lock.
 * sem_undo entries are created, applied and freed only under
 * sem_ids.mutex, so the array an undo names cannot vanish meanwhile; a
 * sleeper that held one re-checks sma->sem_perm.deleted first.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/time.h>
#include <shoal/wait.h>
#include <shoal/sched/rt.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <shoal/init.h>
#include <shoal/ipc.h>
#include <uapi/sched.h>
#include "util.h"

struct sem {
	int semval;                     /* [perm] */
	pid_t sempid;                   /* last process to operate on it [perm] */
};

struct sem_array {
	struct kern_ipc_perm sem_perm;
	long sem_otime, sem_ctime;      /* [perm] */
	int sem_nsems;                  /* [const] */
	wait_queue_head_t wq;           /* sleepers in semop */
	struct list_head pending;       /* struct sem_queue.list [perm] */
	struct list_head list_id;       /* struct sem_undo.list_id [perm] */
	struct sem sems[];              /* [perm] */
};

/* A task sleeping in semop. */
struct sem_queue {
	struct list_head list;          /* in sma->pending [perm] */
	struct sembuf *blocking;        /* the operation it waits to perform [perm] */
};

struct sem_undo_list {
	atomic_t refcnt;                /* tasks using it */
	spinlock_t lock;
	struct list_head list_proc;     /* struct sem_undo.list_proc [lock] */
};

struct sem_undo {
	struct list_head list_proc;     /* in ulp->list_proc [ulp->lock] */
	struct list_head list_id;       /* in sma->list_id [perm] */
	struct sem_undo_list *ulp;      /* [const] */
	int semid;                      /* [const] */
	short semadj[];                 /* [sma perm] */
};

static struct ipc_ids sem_ids;

static struct sem_array *sem_obj(struct kern_ipc_perm *p)
{
	return container_of(p, struct sem_array, sem_perm);
}

static void sem_free(struct kern_ipc_perm *p)
{
	kfree(sem_obj(p));
}

/* ---- semget ---- */

static int newary(struct ipc_ids *ids, struct ipc_params *params)
{
	int nsems = params->u.nsems, err;
	struct sem_array *sma;

	if (!nsems)
		return -EINVAL;
	if (ids->in_use >= ids->limit)
		return -ENOSPC;
	sma = kzalloc(sizeof(*sma) + nsems * sizeof(struct sem), GFP_KERNEL);
	if (!sma)
		return -ENOMEM;
	ipc_init_perm(&sma->sem_perm, params->key, params->flg, sem_free);
	sma->sem_nsems = nsems;
	sma->sem_ctime = ipc_get_seconds();
	init_waitqueue_head(&sma->wq);
	INIT_LIST_HEAD(&sma->pending);
	INIT_LIST_HEAD(&sma->list_id);
	err = ipc_addid(ids, &sma->sem_perm);
	if (err < 0) {
		kfree(sma);
		return err;
	}
	return sma->sem_perm.id;
}

static int sem_more_checks(struct kern_ipc_perm *p, struct ipc_params *params)
{
	return params->u.nsems > sem_obj(p)->sem_nsems ? -EINVAL : 0;
}

static const struct ipc_ops sem_ops = {
	.getnew = newary,
	.more_checks = sem_more_checks,
};

SYSCALL_DEFINE3(semget, int, key, int, nsems, int, semflg)
{
	struct ipc_params params = { .key = key, .flg = semflg, .u.nsems = nsems };

	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	return ipcget(&sem_ids, &sem_ops, &params);
}

/* ---- semop ---- */

/*
 * Apply @sops in order, or none of them. Returns 0 when applied, 1 when
 * the caller must wait (*blocking = the operation that could not go on),
 * -EAGAIN for such an operation with IPC_NOWAIT, -ERANGE for a value or
 * an adjustment out of range. Caller holds the array's lock.
 */
static int perform_atomic_semop(struct sem_array *sma, struct sembuf *sops, int nsops,
				struct sem_undo *un, struct sembuf **blocking)
{
	struct sembuf *sop;
	int result, i, err;

	for (i = 0; i < nsops; i++) {
		sop = &sops[i];
		result = sma->sems[sop->sem_num].semval;
		if (!sop->sem_op && result)
			goto would_block;
		result += sop->sem_op;
		if (result < 0)
			goto would_block;
		err = -ERANGE;
		if (result > SEMVMX)
			goto undo;
		if (sop->sem_flg & SEM_UNDO) {
			int adj = un->semadj[sop->sem_num] - sop->sem_op;

			if (adj < -SEMAEM - 1 || adj > SEMAEM)
				goto undo;
			un->semadj[sop->sem_num] = adj;
		}
		sma->sems[sop->sem_num].semval = result;
	}
	for (i = 0; i < nsops; i++)
		sma->sems[sops[i].sem_num].sempid = current->tgid;
	return 0;

would_block:
	*blocking = sop;
	err = (sop->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
undo:
	while (--i >= 0) {
		sop = &sops[i];
		sma->sems[sop->sem_num].semval -= sop->sem_op;
		if (sop->sem_flg & SEM_UNDO)
			un->semadj[sop->sem_num] += sop->sem_op;
	}
	return err;
}

static struct sem_undo_list *get_undo_list(void)
{
	struct sem_undo_list *ulp = current->sysvsem_undo;

	if (ulp)
		return ulp;
	ulp = kzalloc(sizeof(*ulp), GFP_KERNEL);
	if (!ulp)
		return NULL;
	atomic_set(&ulp->refcnt, 1);
	spin_lock_init(&ulp->lock);
	INIT_LIST_HEAD(&ulp->list_proc);
	current->sysvsem_undo = ulp;    /* [self]: a thread sharing it got it at clone */
	return ulp;
}

/* current's undo entry for @sma, created if need be. Caller holds
 * sem_ids.mutex (and not the array's lock). */
static struct sem_undo *find_alloc_undo(struct sem_undo_list *ulp, struct sem_array *sma)
{
	struct sem_undo *un;

	spin_lock(&ulp->lock);
	list_for_each_entry(un, &ulp->list_proc, list_proc) {
		if (un->semid == sma->sem_perm.id) {
			spin_unlock(&ulp->lock);
			return un;
		}
	}
	spin_unlock(&ulp->lock);
	un = kzalloc(sizeof(*un) + sma->sem_nsems * sizeof(short), GFP_KERNEL);
	if (!un)
		return NULL;
	un->ulp = ulp;
	un->semid = sma->sem_perm.id;
	spin_lock(&sma->sem_perm.lock);
	list_add(&un->list_id, &sma->list_id);
	spin_lock(&ulp->lock);
	list_add(&un->list_proc, &ulp->list_proc);
	spin_unlock(&ulp->lock);
	spin_unlock(&sma->sem_perm.lock);
	return un;
}

/* Sleepers waiting on @semnum to grow (ncnt) or reach zero (!ncnt). [perm] */
static int count_waiters(struct sem_array *sma, int semnum, bool ncnt)
{
	struct sem_queue *q;
	int n = 0;

	list_for_each_entry(q, &sma->pending, list)
		if (q->blocking->sem_num == semnum && (ncnt ? q->blocking->sem_op < 0 : !q->blocking->sem_op))
			n++;
	return n;
}

/*
 * Lookup, checks and the wait loop of semop. Returns 0 or -errno: EIDRM
 * (array removed while waiting), EINTR (signal), EAGAIN (IPC_NOWAIT or
 * @expires passed).
 */
static long do_semop_locked(struct sem_array *sma, struct sembuf *sops, int nsops,
			    struct sem_undo *un, ktime_t expires)
{
	struct sem_queue queue;
	DEFINE_WAIT(wait);
	bool timed_out = false;
	long err;

	for (;;) {
		if (sma->sem_perm.deleted)
			return -EIDRM;
		err = perform_atomic_semop(sma, sops, nsops, un, &queue.blocking);
		if (err <= 0)
			break;
		if (signal_pending(current))
			return -EINTR;
		if (timed_out)
			return -EAGAIN;
		list_add_tail(&queue.list, &sma->pending);
		prepare_to_wait(&sma->wq, &wait, TASK_INTERRUPTIBLE);
		spin_unlock(&sma->sem_perm.lock);
		if (!schedule_hrtimeout_range_prepared(expires, task_timer_slack(current)))
			timed_out = true;
		finish_wait(&sma->wq, &wait);
		spin_lock(&sma->sem_perm.lock);
		list_del(&queue.list);
	}
	if (!err)
		sma->sem_otime = ipc_get_seconds();
	return err;
}

static long do_semtimedop(int semid, struct sembuf __user *tsops, unsigned int nsops,
			  ktime_t expires)
{
	struct sembuf *sops;
	struct sem_undo_list *ulp = NULL;
	struct sem_undo *un = NULL;
	struct kern_ipc_perm *p;
	struct sem_array *sma;
	bool undos = false, alter = false;
	int max = 0;
	unsigned int i;
	long err;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	sops = kmalloc(nsops * sizeof(*sops), GFP_KERNEL);
	if (!sops)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_user(sops, tsops, nsops * sizeof(*sops)))
		goto out_free;
	for (i = 0; i < nsops; i++) {
		max = sops[i].sem_num > max ? sops[i].sem_num : max;
		undos |= !!(sops[i].sem_flg & SEM_UNDO);
		alter |= sops[i].sem_op != 0;
	}
	err = -ENOMEM;
	if (undos && !(ulp = get_undo_list()))
		goto out_free;

	mutex_lock(&sem_ids.mutex);
	p = ipc_obtain_object_check(&sem_ids, semid);
	if (IS_ERR(p)) {
		mutex_unlock(&sem_ids.mutex);
		err = PTR_ERR(p);
		goto out_free;
	}
	sma = sem_obj(p);
	err = max >= sma->sem_nsems ? -EFBIG : ipcperms(p, alter ? 0222 : 0444);
	if (!err && undos && !(un = find_alloc_undo(ulp, sma)))
		err = -ENOMEM;
	if (err) {
		mutex_unlock(&sem_ids.mutex);
		goto out_free;
	}
	atomic_inc(&p->refcount);
	mutex_unlock(&sem_ids.mutex);

	spin_lock(&p->lock);
	err = do_semop_locked(sma, sops, nsops, un, expires);
	spin_unlock(&p->lock);
	if (!err && alter)
		wake_up_all(&sma->wq);  /* after the lock, which the sleepers need */
	ipc_put(p);
out_free:
	kfree(sops);
	return err;
}

SYSCALL_DEFINE3(semop, int, semid, struct sembuf __user *, tsops, unsigned int, nsops)
{
	return do_semtimedop(semid, tsops, nsops, KTIME_MAX);
}

SYSCALL_DEFINE4(semtimedop, int, semid, struct sembuf __user *, tsops, unsigned int, nsops,
		const struct timespec __user *, timeout)
{
	ktime_t rel;
	int err;

	if (!timeout)
		return do_semtimedop(semid, tsops, nsops, KTIME_MAX);
	err = get_user_timespec_ns(&rel, timeout);
	if (err)
		return err;
	return do_semtimedop(semid, tsops, nsops, ktime_get() + rel);
}

/* ---- semctl ---- */

static void sem_fill_ds(struct sem_array *sma, struct semid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	kernel_to_ipc64_perm(&sma->sem_perm, &ds->sem_perm);
	ds->sem_otime = sma->sem_otime;
	ds->sem_ctime = sma->sem_ctime;
	ds->sem_nsems = sma->sem_nsems;
}

static long semctl_info(int cmd, void __user *buf)
{
	struct seminfo si = {
		.semmni = SEMMNI, .semmns = SEMMNS, .semmsl = SEMMSL, .semopm = SEMOPM,
		.semvmx = SEMVMX, .semmnu = SEMMNU, .semmap = SEMMAP, .semume = SEMUME,
		.semusz = SEMUSZ, .semaem = SEMAEM,
	};
	long ret;
	int i;

	mutex_lock(&sem_ids.mutex);
	if (cmd == SEM_INFO) {
		si.semusz = sem_ids.in_use;
		si.semaem = 0;
		for (i = 0; i <= sem_ids.max_idx; i++)
			if (sem_ids.entries[i])
				si.semaem += sem_obj(sem_ids.entries[i])->sem_nsems;
	}
	ret = ipc_get_maxidx(&sem_ids);
	mutex_unlock(&sem_ids.mutex);
	return copy_to_user(buf, &si, sizeof(si)) ? -EFAULT : ret;
}

/* Every undo entry forgets @semnum (-1: all), as SETVAL/SETALL require. [perm] */
static void sem_clear_undos(struct sem_array *sma, int semnum)
{
	struct sem_undo *un;

	list_for_each_entry(un, &sma->list_id, list_id) {
		if (semnum >= 0)
			un->semadj[semnum] = 0;
		else
			memset(un->semadj, 0, sma->sem_nsems * sizeof(short));
	}
}

static void freeary(struct sem_array *sma)
{
	struct sem_undo *un, *tmp;

	ipc_rmid(&sem_ids, &sma->sem_perm);
	list_for_each_entry_safe(un, tmp, &sma->list_id, list_id) {
		spin_lock(&un->ulp->lock);
		list_del(&un->list_proc);
		spin_unlock(&un->ulp->lock);
		list_del(&un->list_id);
		kfree(un);
	}
}

/* The commands on one array. @vals: GETALL/SETALL buffer (nsems entries)
 * copied by the caller; @ds: IPC_STAT/IPC_SET. Caller holds sem_ids.mutex;
 * *@put: drop the table's reference, *@wake: wake the sleepers (both after
 * the array's lock is released). */
static long semctl_locked(struct sem_array *sma, int semnum, int cmd, int val,
			  unsigned short *vals, struct semid64_ds *ds, bool *put, bool *wake)
{
	struct kern_ipc_perm *p = &sma->sem_perm;
	long ret = 0;
	int i;

	switch (cmd) {
	case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case SETVAL:
		if (semnum < 0 || semnum >= sma->sem_nsems)
			return -EINVAL;
		break;
	}
	switch (cmd) {
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: case GETVAL: case GETPID:
	case GETNCNT: case GETZCNT: case GETALL:
		ret = cmd == SEM_STAT_ANY ? 0 : ipcperms(p, 0444);
		break;
	case SETVAL: case SETALL:
		ret = ipcperms(p, 0222);
		break;
	default:
		ret = ipc_owner_check(p);
	}
	if (ret)
		return ret;
	if (cmd == SETVAL && (val < 0 || val > SEMVMX))
		return -ERANGE;
	if (cmd == SETALL)
		for (i = 0; i < sma->sem_nsems; i++)
			if (vals[i] > SEMVMX)
				return -ERANGE;

	spin_lock(&p->lock);
	switch (cmd) {
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY:
		sem_fill_ds(sma, ds);
		ret = cmd == IPC_STAT ? 0 : p->id;
		break;
	case GETVAL: ret = sma->sems[semnum].semval; break;
	case GETPID: ret = sma->sems[semnum].sempid; break;
	case GETNCNT: ret = count_waiters(sma, semnum, true); break;
	case GETZCNT: ret = count_waiters(sma, semnum, false); break;
	case GETALL:
		for (i = 0; i < sma->sem_nsems; i++)
			vals[i] = sma->sems[i].semval;
		break;
	case SETVAL:
	case SETALL:
		for (i = 0; i < sma->sem_nsems; i++) {
			if (cmd == SETVAL && i != semnum)
				continue;
			sma->sems[i].semval = cmd == SETVAL ? val : vals[i];
			sma->sems[i].sempid = current->tgid;
		}
		sem_clear_undos(sma, cmd == SETVAL ? semnum : -1);
		sma->sem_ctime = ipc_get_seconds();
		*wake = true;
		break;
	case IPC_SET:
		ipc_update_perm(&ds->sem_perm, p);
		sma->sem_ctime = ipc_get_seconds();
		break;
	case IPC_RMID:
		freeary(sma);
		*put = *wake = true;
		break;
	}
	spin_unlock(&p->lock);
	return ret;
}

SYSCALL_DEFINE4(semctl, int, semid, int, semnum, int, cmd, unsigned long, arg)
{
	void __user *uptr = (void __user *)arg;
	unsigned short *vals = NULL;
	struct kern_ipc_perm *p;
	struct semid64_ds ds;
	bool put = false, wake = false;
	size_t vsize = 0;
	long ret;

	if (semid < 0 || cmd < 0)
		return -EINVAL;
	cmd = ipc_parse_version(cmd);
	switch (cmd) {
	case IPC_INFO: case SEM_INFO:
		return semctl_info(cmd, uptr);
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: case IPC_SET: case IPC_RMID:
	case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case SETVAL:
	case GETALL: case SETALL:
		break;
	default:
		return -EINVAL;
	}
	if (cmd == IPC_SET && copy_from_user(&ds, uptr, sizeof(ds)))
		return -EFAULT;

	mutex_lock(&sem_ids.mutex);
	if (cmd == SEM_STAT || cmd == SEM_STAT_ANY) {
		p = semid < sem_ids.size ? sem_ids.entries[semid] : NULL;
		p = p ? p : ERR_PTR(-EINVAL);
	} else {
		p = ipc_obtain_object_check(&sem_ids, semid);
	}
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto out_unlock;
	}
	if (cmd == GETALL || cmd == SETALL) {
		vsize = sem_obj(p)->sem_nsems * sizeof(*vals);
		ret = -ENOMEM;
		if (!(vals = kmalloc(vsize, GFP_KERNEL)))
			goto out_unlock;
		/* copy_from_user may fault: the mm never waits for sem_ids.mutex */
		ret = -EFAULT;
		if (cmd == SETALL && copy_from_user(vals, uptr, vsize))
			goto out_unlock;
	}
	ret = semctl_locked(sem_obj(p), semnum, cmd, (int)arg, vals, &ds, &put, &wake);
	if (wake)               /* new values, or -EIDRM: sleepers look again */
		wake_up_all(&sem_obj(p)->wq);
out_unlock:
	mutex_unlock(&sem_ids.mutex);
	if (put)
		ipc_put(p);
	if (ret >= 0 && cmd == GETALL && copy_to_user(uptr, vals, vsize))
		ret = -EFAULT;
	if (ret >= 0 && (cmd == IPC_STAT || cmd == SEM_STAT || cmd == SEM_STAT_ANY) &&
	    copy_to_user(uptr, &ds, sizeof(ds)))
		ret = -EFAULT;
	kfree(vals);
	return ret;
}

/* ---- the task side ---- */

int copy_semundo(unsigned long clone_flags, struct task_struct *p)
{
	struct sem_undo_list *ulp;

	p->sysvsem_undo = NULL;
	if (!(clone_flags & CLONE_SYSVSEM))
		return 0;
	/* made now if need be, so that the threads never each make their own */
	ulp = get_undo_list();
	if (!ulp)
		return -ENOMEM;
	atomic_inc(&ulp->refcnt);
	p->sysvsem_undo = ulp;
	return 0;
}

/* Apply @un to its array and free it. Caller holds sem_ids.mutex. */
static void sem_undo_apply(struct sem_undo *un, pid_t pid)
{
	struct kern_ipc_perm *p = ipc_obtain_object_check(&sem_ids, un->semid);
	struct sem_array *sma;
	int i;

	if (WARN_ON(IS_ERR(p)))         /* an undo lives only as long as its array */
		return;
	sma = sem_obj(p);
	spin_lock(&p->lock);
	for (i = 0; i < sma->sem_nsems; i++) {
		int v = sma->sems[i].semval + un->semadj[i];

		if (!un->semadj[i])
			continue;
		sma->sems[i].semval = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
		sma->sems[i].sempid = pid;
	}
	sma->sem_otime = ipc_get_seconds();
	list_del(&un->list_id);
	list_del(&un->list_proc);
	spin_unlock(&p->lock);
	wake_up_all(&sma->wq);
	kfree(un);
}

void exit_sem(struct task_struct *tsk)
{
	struct sem_undo_list *ulp = tsk->sysvsem_undo;
	struct sem_undo *un, *tmp;

	if (!ulp)
		return;
	tsk->sysvsem_undo = NULL;
	if (!atomic_dec_and_test(&ulp->refcnt))
		return;
	/* the last user: nobody else adds to the list; freeary may still unlink */
	mutex_lock(&sem_ids.mutex);
	list_for_each_entry_safe(un, tmp, &ulp->list_proc, list_proc)
		sem_undo_apply(un, tsk->tgid);
	mutex_unlock(&sem_ids.mutex);
	kfree(ulp);
}

static int sem_init(void)
{
	ipc_init_ids(&sem_ids, SEMMNI);
	return 0;
}
core_initcall(sem_init);
