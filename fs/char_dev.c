// SPDX-License-Identifier: MIT
/*
 * Character devices: a (major, minor range) -> file_operations table that
 * device-node opens consult, and the memory devices of major 1
 * (null, zero, full, random, urandom), numbered as in Linux.
 *
 * The table is filled at boot (vfs_init, tty_init, drivers) and read
 * without a lock afterwards; chrdev_lock orders registration against
 * concurrent lookups.
 */
#include "internal.h"
#include <shoal/random.h>
#include <shoal/mm_types.h>

#define MAX_CHRDEVS 32

struct char_device {
	unsigned int major, baseminor, count;
	const char *name;
	const struct file_operations *fops;
};

static struct char_device chrdevs[MAX_CHRDEVS];         /* [chrdev_lock] */
static int nr_chrdevs;
static DEFINE_SPINLOCK(chrdev_lock);

int register_chrdev_region(unsigned int major, unsigned int baseminor, unsigned int count,
			   const char *name, const struct file_operations *fops)
{
	int err = -EBUSY;

	spin_lock(&chrdev_lock);
	if (nr_chrdevs < MAX_CHRDEVS) {
		chrdevs[nr_chrdevs] = (struct char_device){ major, baseminor, count, name, fops };
		smp_wmb();      /* paired with smp_rmb() in chrdev_open */
		WRITE_ONCE(nr_chrdevs, nr_chrdevs + 1);
		err = 0;
	}
	spin_unlock(&chrdev_lock);
	return err;
}

static const struct file_operations *chrdev_lookup(dev_t dev)
{
	int i, n = READ_ONCE(nr_chrdevs);

	smp_rmb();
	for (i = 0; i < n; i++) {
		struct char_device *c = &chrdevs[i];

		if (c->major == MAJOR(dev) && MINOR(dev) >= c->baseminor &&
		    MINOR(dev) < c->baseminor + c->count)
			return c->fops;
	}
	return NULL;
}

/* Every character device inode starts here; the file gets the driver's ops. */
static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_lookup(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};

/* ---- /dev/null, /dev/zero, /dev/full ---- */

static ssize_t null_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return 0;
}

static ssize_t null_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	return n;
}

static ssize_t null_sendpage(struct file *f, struct page *p, int off, size_t n, loff_t *pos, bool more)
{
	return n;
}

static ssize_t zero_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	size_t done = 0;

	/* in chunks, so a huge read can be interrupted */
	while (done < n) {
		size_t c = min(n - done, (size_t)(64 * 1024)), left = clear_user(buf + done, c);

		done += c - left;
		if (left)
			return done ? (ssize_t)done : -EFAULT;
		if (done < n && signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

static ssize_t zero_read_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	memset(buf, 0, n);
	return n;
}

static ssize_t full_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	return -ENOSPC;
}

/*
 * mmap of /dev/zero, as Linux's mmap_zero: MAP_SHARED is a shared
 * anonymous object the size of the mapping (the pages survive fork, both
 * sides see the writes), MAP_PRIVATE plain anonymous memory (the VMA drops
 * the file). Linux keeps a shared mapping's file offset, so with an offset
 * of N pages the last N pages lie beyond the object's end (SIGBUS): so
 * does shoal.
 */
static int zero_mmap(struct file *f, struct vm_area_struct *vma)
{
	unsigned long pgoff = vma->vm_pgoff;
	int err;

	if (vma->vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
		if (!err)
			vma->vm_pgoff = pgoff;
		return err;
	}
	fput(vma->vm_file);
	vma->vm_file = NULL;
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	return 0;
}

static const struct file_operations null_fops = {
	.llseek = noop_llseek,
	.read = null_read,
	.write = null_write,
	.poll = generic_file_poll,
	.sendpage = null_sendpage,
};

static const struct file_operations zero_fops = {
	.llseek = noop_llseek,
	.read = zero_read,
	.read_kernel = zero_read_kernel,
	.write = null_write,
	.poll = generic_file_poll,
	.sendpage = null_sendpage,
	.mmap = zero_mmap,
};

static const struct file_operations full_fops = {
	.llseek = noop_llseek,
	.read = zero_read,
	.read_kernel = zero_read_kernel,
	.write = full_write,
	.poll = generic_file_poll,
};

/* ---- /dev/random, /dev/urandom ---- */

static ssize_t random_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	u8 tmp[256];
	size_t done = 0;

	while (done < n) {
		size_t c = min(n - done, sizeof(tmp));

		get_random_bytes(tmp, c);
		if (copy_to_user(buf + done, tmp, c)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		done += c;
		if (done < n && signal_pending(current))
			break;
		cond_resched();
	}
	memset(tmp, 0, sizeof(tmp));
	return done;
}

static ssize_t random_read_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	get_random_bytes(buf, n);
	return n;
}

static ssize_t random_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	u8 tmp[256];
	size_t done = 0;

	while (done < n) {
		size_t c = min(n - done, sizeof(tmp));

		if (copy_from_user(tmp, buf + done, c))
			return done ? (ssize_t)done : -EFAULT;
		add_device_randomness(tmp, c);
		done += c;
		if (done < n && signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

static const struct file_operations random_fops = {
	.llseek = noop_llseek,
	.read = random_read,
	.read_kernel = random_read_kernel,
	.write = random_write,
	.poll = generic_file_poll,
};

static const struct {
	const char *name;
	unsigned int minor;
	mode_t mode;
	const struct file_operations *fops;
} mem_devs[] = {
	{ "null", 3, 0666, &null_fops },
	{ "zero", 5, 0666, &zero_fops },
	{ "full", 7, 0666, &full_fops },
	{ "random", 8, 0666, &random_fops },
	{ "urandom", 9, 0666, &random_fops },
};

void mem_devices_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mem_devs); i++) {
		register_chrdev_region(1, mem_devs[i].minor, 1, mem_devs[i].name, mem_devs[i].fops);
		devtmpfs_create_node(mem_devs[i].name, S_IFCHR | mem_devs[i].mode,
				     MKDEV(1, mem_devs[i].minor));
	}
}

void chrdev_init(void)
{
}
