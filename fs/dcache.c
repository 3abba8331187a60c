// SPDX-License-Identifier: MIT
/*
 * The dentry tree.
 *
 * All file systems here are in memory, so there is no separate cache to
 * evict: a linked dentry (DCACHE_LINKED) is the directory entry itself and
 * the tree holds a reference on it until d_delete(). procfs builds
 * unlinked dentries on each lookup; they die with their last dput().
 *
 * Locking: the global dcache_lock (a spinlock; never taken from interrupt
 * context) guards d_parent, d_name, d_subdirs/d_child, d_flags and the
 * readdir keys. Callers that add or remove children also hold the parent
 * directory's i_mutex, so two creators cannot add the same name.
 * Reference counts are atomic; dput() of the last reference frees the
 * dentry, then drops its parent and its inode (outside dcache_lock).
 */
#include "internal.h"
#include <shoal/fsnotify.h>

DEFINE_SPINLOCK(dcache_lock);
static struct kmem_cache *dentry_cache;

void dcache_init(void)
{
	dentry_cache = kmem_cache_create("dentry", sizeof(struct dentry), 8, 0, NULL);
}

static int d_set_name(struct dentry *d, const char *name, int len)
{
	char *p = d->d_iname;

	if (len >= DNAME_INLINE_LEN) {
		p = kmalloc(len + 1, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
	}
	memcpy(p, name, len);
	p[len] = 0;
	d->d_name = p;
	d->d_len = len;
	return 0;
}

static void d_free_name(const char *name, struct dentry *d)
{
	if (name != d->d_iname)
		kfree(name);
}

static struct dentry *__d_alloc(struct super_block *sb, const char *name, int len)
{
	struct dentry *d = kmem_cache_zalloc(dentry_cache, GFP_KERNEL);

	if (!d)
		return NULL;
	if (d_set_name(d, name, len)) {
		kmem_cache_free(dentry_cache, d);
		return NULL;
	}
	atomic_set(&d->d_count, 1);
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	d->d_next_dirpos = 2;
	d->d_sb = sb;
	d->d_parent = d;
	return d;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, int len)
{
	struct dentry *d = __d_alloc(parent->d_sb, name, len);

	if (d)
		d->d_parent = dget(parent);
	return d;
}

struct dentry *d_alloc_root(struct inode *root)
{
	struct dentry *d = __d_alloc(root->i_sb, "/", 1);

	if (d)
		d->d_inode = root;
	return d;
}

struct dentry *d_alloc_anon(struct super_block *sb, const char *name)
{
	struct dentry *d = __d_alloc(sb, name, strlen(name));

	if (d)
		d->d_flags |= DCACHE_DISCONNECTED;
	return d;
}

void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->d_inode = inode;
}

void d_add_child(struct dentry *d)
{
	struct dentry *parent = d->d_parent;

	dget(d);
	spin_lock(&dcache_lock);
	d->d_dirpos = parent->d_next_dirpos++;
	list_add_tail(&d->d_child, &parent->d_subdirs);
	d->d_flags |= DCACHE_LINKED;
	spin_unlock(&dcache_lock);
}

void d_delete(struct dentry *d)
{
	bool linked;

	spin_lock(&dcache_lock);
	linked = d->d_flags & DCACHE_LINKED;
	if (linked) {
		list_del_init(&d->d_child);
		d->d_flags &= ~DCACHE_LINKED;
	}
	spin_unlock(&dcache_lock);
	if (linked)
		dput(d);
}

struct dentry *d_lookup(struct dentry *parent, const char *name, int len)
{
	struct dentry *d, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, &parent->d_subdirs, d_child) {
		if (d->d_len == (unsigned int)len && !memcmp(d->d_name, name, len)) {
			found = dget(d);
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

bool d_is_empty_dir(struct dentry *d)
{
	bool empty;

	spin_lock(&dcache_lock);
	empty = list_empty(&d->d_subdirs);
	spin_unlock(&dcache_lock);
	return empty;
}

struct dentry *dget(struct dentry *d)
{
	if (d)
		atomic_inc(&d->d_count);
	return d;
}

struct dentry *dget_parent(struct dentry *d)
{
	struct dentry *p;

	spin_lock(&dcache_lock);
	p = dget(d->d_parent);
	spin_unlock(&dcache_lock);
	return p;
}

/* Iterative so that freeing a long chain of procfs dentries cannot recurse deeply. */
void dput(struct dentry *d)
{
	while (d && atomic_dec_and_test(&d->d_count)) {
		struct dentry *parent = d->d_parent;
		struct inode *inode = d->d_inode;

		DEBUG_ASSERT(!(d->d_flags & DCACHE_LINKED));
		DEBUG_ASSERT(list_empty(&d->d_subdirs));
		d_free_name(d->d_name, d);
		kmem_cache_free(dentry_cache, d);
		/* the last dentry of a removed inode: its watches hear
		 * IN_DELETE_SELF and go (Linux's dentry_unlink_inode) */
		if (inode && inode->i_nlink == 0)
			fsnotify_inoderemove(inode);
		iput(inode);
		d = parent == d ? NULL : parent;
	}
}

/*
 * Rename helper: move @d under @newparent with name @name. Caller holds the
 * rename mutex and both parents' i_mutex. The tree's reference moves along.
 */
int d_move(struct dentry *d, struct dentry *newparent, const char *name, int len)
{
	struct dentry tmp, *oldparent;
	const char *oldname;

	if (d_set_name(&tmp, name, len))
		return -ENOMEM;
	dget(newparent);
	spin_lock(&dcache_lock);
	oldname = d->d_name;
	oldparent = d->d_parent;
	if (tmp.d_name == tmp.d_iname) {
		/* inline: copy into d's own inline buffer once the old name is no longer read */
		char buf[DNAME_INLINE_LEN];
		memcpy(buf, tmp.d_iname, len + 1);
		if (oldname != d->d_iname) {
			memcpy(d->d_iname, buf, len + 1);
		} else {
			memcpy(d->d_iname, buf, len + 1);
			oldname = NULL;         /* nothing to free */
		}
		d->d_name = d->d_iname;
	} else {
		d->d_name = tmp.d_name;
		if (oldname == d->d_iname)
			oldname = NULL;
	}
	d->d_len = len;
	d->d_parent = newparent;
	if (d->d_flags & DCACHE_LINKED) {
		list_del(&d->d_child);
		d->d_dirpos = newparent->d_next_dirpos++;
		list_add_tail(&d->d_child, &newparent->d_subdirs);
	}
	spin_unlock(&dcache_lock);
	if (oldname)
		kfree(oldname);
	dput(oldparent);
	return 0;
}

/*
 * Build the path of @p, as seen from @root, at the end of @buf. Walks up
 * through mount points. Unlinked dentries get " (deleted)" as in Linux.
 * Lock order: mount_lock -> dcache_lock.
 */
char *d_path(const struct path *p, const struct path *root, char *buf, int size)
{
	struct dentry *d = p->dentry;
	struct vfsmount *mnt = p->mnt;
	char *end = buf + size, *s = end;
	bool deleted = d_unlinked(d) || (d->d_flags & DCACHE_DISCONNECTED);

	if (size < 2)
		return ERR_PTR(-ENAMETOOLONG);
	*--s = 0;
	if (deleted) {
		if (s - buf < 11)
			return ERR_PTR(-ENAMETOOLONG);
		s -= 10;
		memcpy(s, " (deleted)", 10);
	}
	spin_lock(&mount_lock);
	spin_lock(&dcache_lock);
	for (;;) {
		if (d == root->dentry && mnt == root->mnt)
			break;
		if (mnt && d == mnt->mnt_root) {
			if (!mnt->mnt_parent)
				break;
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		if (d->d_parent == d && !(d->d_flags & DCACHE_DISCONNECTED))
			break;
		if (s - buf < (long)d->d_len + 2) {
			s = ERR_PTR(-ENAMETOOLONG);
			goto out;
		}
		s -= d->d_len;
		memcpy(s, d->d_name, d->d_len);
		*--s = '/';
		if (d->d_parent == d)
			break;
		d = d->d_parent;
	}
	if (*s != '/')
		*--s = '/';
out:
	spin_unlock(&dcache_lock);
	spin_unlock(&mount_lock);
	return s;
}
