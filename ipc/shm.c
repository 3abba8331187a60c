// SPDX-License-Identifier: MIT
/*
 * System V shared memory (Linux's ipc/shm.c): shmget, shmat, shmdt, shmctl.
 *
 * A segment owns an unlinked tmpfs file of its size (shmem_file_setup),
 * the same backing a MAP_SHARED|MAP_ANONYMOUS mapping gets. shmat maps a
 * new "attach file" of its own (shm_file_operations) whose ->fault hands
 * out the segment file's pages, so every attach of every process shares
 * one page cache. The mm does the rest unchanged: fork copies the VMAs
 * (and takes file references), exec and exit tear them down (dropping
 * them), munmap and mprotect split them. Each VMA holds one reference on
 * its attach file, so the sum of the attach files' f_count is Linux's
 * shm_nattch (one per VMA); the last fput of an attach file (->release)
 * detaches it, and a segment marked SHM_DEST by IPC_RMID goes with its
 * last attach.
 *
 * Locking: shm_ids.mutex -> shp->shm_perm.lock (ipc/util.h). The mm calls
 * ->release under mmap_lock (munmap, exit), so the order with the mm is
 * mmap_lock -> shm_ids.mutex: shmat holds no IPC lock while it maps, only
 * a reference on the segment.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/mm_types.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <shoal/init.h>
#include <uapi/mman.h>
#include <uapi/resource.h>
#include "util.h"

#define SHMLBA          PAGE_SIZE

struct shmid_kernel {
	struct kern_ipc_perm shm_perm;
	struct file *shm_file;          /* the tmpfs file holding the pages [const] */
	size_t shm_segsz;               /* [const] */
	long shm_atim, shm_dtim, shm_ctim;      /* [perm] */
	pid_t shm_cprid, shm_lprid;     /* [perm] */
	struct list_head attaches;      /* struct shm_file_data.list [perm] */
};

/* One per shmat: the attach file's private_data. */
struct shm_file_data {
	struct shmid_kernel *shp;       /* referenced [const] */
	struct file *file;              /* the attach file itself [const] */
	struct list_head list;          /* in shp->attaches [perm] */
};

static struct ipc_ids shm_ids;
static const struct file_operations shm_file_operations;

static struct shmid_kernel *shm_obj(struct kern_ipc_perm *p)
{
	return container_of(p, struct shmid_kernel, shm_perm);
}

/* VMAs mapping the segment: the sum of its attach files' references. [perm] */
static unsigned long shm_nattch(struct shmid_kernel *shp)
{
	struct shm_file_data *sfd;
	unsigned long n = 0;

	list_for_each_entry(sfd, &shp->attaches, list)
		n += atomic_read(&sfd->file->f_count);
	return n;
}

static void shm_free(struct kern_ipc_perm *p)
{
	struct shmid_kernel *shp = shm_obj(p);

	fput(shp->shm_file);
	kfree(shp);
}

/* Remove @shp from the table (ids->mutex and perm lock held); the caller
 * drops the table's reference after unlocking. */
static void shm_destroy_locked(struct shmid_kernel *shp)
{
	ipc_rmid(&shm_ids, &shp->shm_perm);
}

/* ---- the attach file ---- */

static int shm_mmap(struct file *f, struct vm_area_struct *vma)
{
	return 0;
}

static struct page *shm_fault(struct file *f, pgoff_t pgoff)
{
	struct shm_file_data *sfd = f->private_data;
	struct file *seg = sfd->shp->shm_file;

	return seg->f_op->fault(seg, pgoff);
}

/* The last VMA of this attach is gone (shmdt, munmap, exec or exit). */
static int shm_release(struct inode *inode, struct file *f)
{
	struct shm_file_data *sfd = f->private_data;
	struct shmid_kernel *shp = sfd->shp;
	bool destroy = false;

	mutex_lock(&shm_ids.mutex);
	spin_lock(&shp->shm_perm.lock);
	list_del(&sfd->list);
	shp->shm_lprid = current->tgid;
	shp->shm_dtim = ipc_get_seconds();
	if (list_empty(&shp->attaches) && (shp->shm_perm.mode & SHM_DEST) &&
	    !shp->shm_perm.deleted) {
		shm_destroy_locked(shp);
		destroy = true;
	}
	spin_unlock(&shp->shm_perm.lock);
	mutex_unlock(&shm_ids.mutex);
	if (destroy)
		ipc_put(&shp->shm_perm);        /* the table's reference */
	ipc_put(&shp->shm_perm);                /* this attach's */
	kfree(sfd);
	return 0;
}

static const struct file_operations shm_file_operations = {
	.mmap = shm_mmap,
	.fault = shm_fault,
	.release = shm_release,
};

/* ---- shmget ---- */

static int newseg(struct ipc_ids *ids, struct ipc_params *params)
{
	size_t size = params->u.size;
	struct shmid_kernel *shp;
	struct file *file;
	int err;

	if (size < SHMMIN || size > SHMMAX || PAGE_ALIGN(size) < size)
		return -EINVAL;
	if (ids->in_use >= ids->limit)
		return -ENOSPC;
	shp = kzalloc(sizeof(*shp), GFP_KERNEL);
	if (!shp)
		return -ENOMEM;
	file = shmem_file_setup("SYSV", size, O_RDWR);
	if (IS_ERR_OR_NULL(file)) {
		kfree(shp);
		return file ? PTR_ERR(file) : -ENOMEM;
	}
	ipc_init_perm(&shp->shm_perm, params->key, params->flg, shm_free);
	shp->shm_file = file;
	shp->shm_segsz = size;
	shp->shm_cprid = current->tgid;
	shp->shm_ctim = ipc_get_seconds();
	INIT_LIST_HEAD(&shp->attaches);
	err = ipc_addid(ids, &shp->shm_perm);
	if (err < 0) {
		shm_free(&shp->shm_perm);
		return err;
	}
	return shp->shm_perm.id;
}

static int shm_more_checks(struct kern_ipc_perm *p, struct ipc_params *params)
{
	return shm_obj(p)->shm_segsz < params->u.size ? -EINVAL : 0;
}

static const struct ipc_ops shm_ops = {
	.getnew = newseg,
	.more_checks = shm_more_checks,
};

SYSCALL_DEFINE3(shmget, int, key, size_t, size, int, shmflg)
{
	struct ipc_params params = { .key = key, .flg = shmflg, .u.size = size };

	return ipcget(&shm_ids, &shm_ops, &params);
}

/* ---- shmat / shmdt ---- */

/* Map segment @shmid; *@raddr gets the address. Linux's do_shmat. */
static long do_shmat(int shmid, unsigned long addr, int shmflg, unsigned long *raddr)
{
	unsigned long prot, flags = MAP_SHARED, ret;
	struct kern_ipc_perm *p;
	struct shmid_kernel *shp;
	struct shm_file_data *sfd;
	struct file *file;
	int acc, oflags, err;

	if (addr & (SHMLBA - 1)) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		addr &= ~(SHMLBA - 1);
		if (!addr && (shmflg & SHM_REMAP))
			return -EINVAL;
	}
	if (addr)
		flags |= (shmflg & SHM_REMAP) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	else if (shmflg & SHM_REMAP)
		return -EINVAL;
	if (shmflg & SHM_RDONLY) {
		prot = PROT_READ;
		acc = 0444;
		oflags = O_RDONLY;
	} else {
		prot = PROT_READ | PROT_WRITE;
		acc = 0666;
		oflags = O_RDWR;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc |= 0111;
	}

	p = ipc_get_by_id(&shm_ids, shmid);
	if (IS_ERR(p))
		return PTR_ERR(p);
	shp = shm_obj(p);
	err = ipcperms(p, acc);
	if (err)
		goto out_put;
	/* Linux's order: a wrapping range first (unless SHM_REMAP), then the
	 * range checks mmap(2) makes before do_mmap */
	err = -EINVAL;
	if (addr && !(shmflg & SHM_REMAP) && addr + shp->shm_segsz < addr)
		goto out_put;
	err = -ENOMEM;
	if (addr && (addr > TASK_SIZE || PAGE_ALIGN(shp->shm_segsz) > TASK_SIZE - addr))
		goto out_put;
	err = -EPERM;
	if (addr && addr < MMAP_MIN_ADDR)
		goto out_put;
	err = -ENOMEM;
	sfd = kzalloc(sizeof(*sfd), GFP_KERNEL);
	if (!sfd)
		goto out_put;
	file = alloc_file_pseudo(&shm_file_operations, sfd, oflags, "SYSV");
	if (IS_ERR(file)) {
		kfree(sfd);
		err = PTR_ERR(file);
		goto out_put;
	}
	sfd->shp = shp;         /* the reference taken above is now the attach's */
	sfd->file = file;
	spin_lock(&p->lock);
	list_add(&sfd->list, &shp->attaches);
	shp->shm_atim = ipc_get_seconds();
	shp->shm_lprid = current->tgid;
	spin_unlock(&p->lock);

	ret = do_mmap(file, addr, shp->shm_segsz, prot, flags, 0);
	fput(file);             /* the VMA holds its own reference (or none: detached) */
	if (IS_ERR_VALUE(ret))
		return ret == (unsigned long)-EEXIST ? -EINVAL : (long)ret;
	*raddr = ret;
	return 0;

out_put:
	ipc_put(p);
	return err;
}

SYSCALL_DEFINE3(shmat, int, shmid, char __user *, shmaddr, int, shmflg)
{
	unsigned long addr = 0;
	long err = do_shmat(shmid, (unsigned long)shmaddr, shmflg, &addr);

	return err ? err : (long)addr;
}

static bool vma_is_shm(struct vm_area_struct *vma)
{
	return vma->vm_file && vma->vm_file->f_op == &shm_file_operations;
}

/*
 * Detach the attach mapped at @addr: every VMA of the same attach file
 * within the segment's size from @addr (mprotect may have split it).
 * -EINVAL if no attach starts at @addr.
 */
SYSCALL_DEFINE1(shmdt, char __user *, shmaddr)
{
	unsigned long addr = (unsigned long)shmaddr, end;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;
	struct file *file;
	int err = -EINVAL;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start != addr || !vma_is_shm(vma) || vma->vm_pgoff)
		goto out;
	file = vma->vm_file;
	end = addr + PAGE_ALIGN(((struct shm_file_data *)file->private_data)->shp->shm_segsz);
	while (vma && vma->vm_start < end) {
		next = vma_next(mm, vma);
		if (vma->vm_file == file &&
		    vma->vm_start - (vma->vm_pgoff << PAGE_SHIFT) == addr)
			__do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
		vma = next;
	}
	err = 0;
out:
	mutex_unlock(&mm->mmap_lock);
	return err;
}

/* ---- shmctl ---- */

static void shm_fill_ds(struct shmid_kernel *shp, struct shmid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	kernel_to_ipc64_perm(&shp->shm_perm, &ds->shm_perm);
	ds->shm_segsz = shp->shm_segsz;
	ds->shm_atime = shp->shm_atim;
	ds->shm_dtime = shp->shm_dtim;
	ds->shm_ctime = shp->shm_ctim;
	ds->shm_cpid = shp->shm_cprid;
	ds->shm_lpid = shp->shm_lprid;
	ds->shm_nattch = shm_nattch(shp);
}

/* IPC_STAT by id, SHM_STAT(_ANY) by index (returns the id). */
static long shmctl_stat(int shmid, int cmd, void __user *buf)
{
	struct kern_ipc_perm *p;
	struct shmid64_ds ds;
	long ret = 0;

	mutex_lock(&shm_ids.mutex);
	if (cmd == IPC_STAT) {
		p = ipc_obtain_object_check(&shm_ids, shmid);
	} else {
		p = (shmid >= 0 && shmid < shm_ids.size) ? shm_ids.entries[shmid] : NULL;
		p = p ? p : ERR_PTR(-EINVAL);
	}
	if (IS_ERR(p)) {
		mutex_unlock(&shm_ids.mutex);
		return PTR_ERR(p);
	}
	if (cmd != SHM_STAT_ANY)
		ret = ipcperms(p, 0444);
	if (cmd != IPC_STAT)
		ret = ret ? ret : p->id;
	spin_lock(&p->lock);
	shm_fill_ds(shm_obj(p), &ds);
	spin_unlock(&p->lock);
	mutex_unlock(&shm_ids.mutex);
	if (ret < 0)
		return ret;
	return copy_to_user(buf, &ds, sizeof(ds)) ? -EFAULT : ret;
}

static long shmctl_set_rmid(int shmid, int cmd, void __user *buf)
{
	struct kern_ipc_perm *p;
	struct shmid_kernel *shp;
	struct shmid64_ds ds;
	bool put = false;
	long err;

	if (cmd == IPC_SET && copy_from_user(&ds, buf, sizeof(ds)))
		return -EFAULT;
	mutex_lock(&shm_ids.mutex);
	p = ipc_obtain_object_check(&shm_ids, shmid);
	err = IS_ERR(p) ? PTR_ERR(p) : ipc_owner_check(p);
	if (err)
		goto out;
	shp = shm_obj(p);
	spin_lock(&p->lock);
	if (cmd == IPC_SET) {
		ipc_update_perm(&ds.shm_perm, p);
		shp->shm_ctim = ipc_get_seconds();
	} else if (list_empty(&shp->attaches)) {
		shm_destroy_locked(shp);
		put = true;
	} else {
		/* destroyed by the last detach; the key is free for a new segment */
		p->mode |= SHM_DEST;
		p->key = IPC_PRIVATE;
	}
	spin_unlock(&p->lock);
out:
	mutex_unlock(&shm_ids.mutex);
	if (put)
		ipc_put(p);
	return err;
}

static long shmctl_info(int cmd, void __user *buf)
{
	struct shminfo64 info = {
		.shmmax = SHMMAX, .shmmin = SHMMIN, .shmmni = SHMMNI,
		.shmseg = SHMSEG, .shmall = SHMALL,
	};
	struct shm_info si;
	long ret;
	int i;

	memset(&si, 0, sizeof(si));
	mutex_lock(&shm_ids.mutex);
	ret = ipc_get_maxidx(&shm_ids);
	si.used_ids = shm_ids.in_use;
	for (i = 0; i <= shm_ids.max_idx; i++) {
		struct kern_ipc_perm *p = shm_ids.entries[i];

		if (p)
			si.shm_tot += PAGE_ALIGN(shm_obj(p)->shm_segsz) >> PAGE_SHIFT;
	}
	mutex_unlock(&shm_ids.mutex);
	si.shm_rss = si.shm_tot;        /* pages are not counted apart yet: an upper bound */
	if (cmd == IPC_INFO)
		return copy_to_user(buf, &info, sizeof(info)) ? -EFAULT : ret;
	return copy_to_user(buf, &si, sizeof(si)) ? -EFAULT : ret;
}

/*
 * SHM_LOCK/SHM_UNLOCK: nothing is ever swapped out, so a segment is locked
 * already; only the permission is Linux's: CAP_IPC_LOCK, or the owner or
 * creator (and for SHM_LOCK a non-zero RLIMIT_MEMLOCK).
 */
static long shmctl_lock(int shmid, int cmd)
{
	struct kern_ipc_perm *p = ipc_get_by_id(&shm_ids, shmid);
	uid_t euid = current_euid();
	long err = 0;

	if (IS_ERR(p))
		return PTR_ERR(p);
	if (!capable(CAP_IPC_LOCK)) {
		if (euid != p->uid && euid != p->cuid)
			err = -EPERM;
		else if (cmd == SHM_LOCK && !current->signal->rlim[RLIMIT_MEMLOCK].rlim_cur)
			err = -EPERM;
	}
	ipc_put(p);
	return err;
}

SYSCALL_DEFINE3(shmctl, int, shmid, int, cmd, void __user *, buf)
{
	if (shmid < 0 || cmd < 0)
		return -EINVAL;
	cmd = ipc_parse_version(cmd);
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shmctl_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shmctl_stat(shmid, cmd, buf);
	case IPC_SET:
	case IPC_RMID:
		return shmctl_set_rmid(shmid, cmd, buf);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_lock(shmid, cmd);
	default:
		return -EINVAL;
	}
}

static int shm_init(void)
{
	ipc_init_ids(&shm_ids, SHMMNI);
	return 0;
}
core_initcall(shm_init);
