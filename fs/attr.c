// SPDX-License-Identifier: MIT
/*
 * Who may change an inode's attributes, and the set-id bits a change
 * clears (Linux's fs/attr.c): setattr_prepare() checks a request before
 * the filesystem applies it; should_remove_suid() says what a write or
 * truncate by the caller takes away.
 *
 * Locking: the caller holds the inode's i_mutex, which guards i_mode,
 * i_uid and i_gid.
 */
#include "internal.h"
#include <shoal/cred.h>

/* chown to @uid: the owner may "change" it to itself; else CAP_CHOWN. */
static bool chown_ok(const struct inode *inode, uid_t uid)
{
	if (current_fsuid() == inode->i_uid && uid == inode->i_uid)
		return true;
	return capable_wrt_inode_uidgid(inode, CAP_CHOWN);
}

/* chgrp to @gid: the owner may pick one of its own groups; else CAP_CHOWN. */
static bool chgrp_ok(const struct inode *inode, gid_t gid)
{
	if (current_fsuid() == inode->i_uid && (gid == inode->i_gid || in_group_p(gid)))
		return true;
	return capable_wrt_inode_uidgid(inode, CAP_CHOWN);
}

static bool in_group_or_capable(const struct inode *inode, gid_t gid)
{
	return in_group_p(gid) || capable_wrt_inode_uidgid(inode, CAP_FSETID);
}

/* S_ISGID goes when the file is group-executable, or its group is not ours. */
int setattr_should_drop_sgid(const struct inode *inode)
{
	mode_t mode = inode->i_mode;

	if (!(mode & S_ISGID))
		return 0;
	if (mode & S_IXGRP)
		return ATTR_KILL_SGID;
	return in_group_or_capable(inode, inode->i_gid) ? 0 : ATTR_KILL_SGID;
}

/* What a write or truncate by current clears: nothing with CAP_FSETID. */
int should_remove_suid(const struct inode *inode)
{
	mode_t mode = inode->i_mode;
	int kill = 0;

	if (mode & S_ISUID)
		kill = ATTR_KILL_SUID;
	if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		kill |= ATTR_KILL_SGID;
	if (kill && !capable(CAP_FSETID) && S_ISREG(mode))
		return kill;
	return 0;
}

/* A write is about to change @inode (i_mutex held): drop set-id bits. */
void file_remove_privs_locked(struct inode *inode)
{
	int kill = should_remove_suid(inode);

	if (!kill)
		return;
	if (kill & ATTR_KILL_SUID)
		inode->i_mode &= ~S_ISUID;
	if (kill & ATTR_KILL_SGID)
		inode->i_mode &= ~S_ISGID;
	inode->i_ctime = current_time();
}

/* ATTR_KILL_* become a mode change (Linux's notify_change). */
static void setattr_kill_privs(const struct inode *inode, struct iattr *attr)
{
	unsigned int v = attr->ia_valid;

	if ((v & ATTR_KILL_SUID) && (inode->i_mode & S_ISUID)) {
		attr->ia_valid |= ATTR_MODE;
		attr->ia_mode = inode->i_mode & ~S_ISUID;
	}
	if ((v & ATTR_KILL_SGID) && (inode->i_mode & S_ISGID)) {
		if (!(attr->ia_valid & ATTR_MODE)) {
			attr->ia_valid |= ATTR_MODE;
			attr->ia_mode = inode->i_mode;
		}
		attr->ia_mode &= ~S_ISGID;
	}
	attr->ia_valid &= ~(ATTR_KILL_SUID | ATTR_KILL_SGID);
}

/*
 * May current make the change @attr asks of @d's inode? EPERM if not
 * (EACCES for a "touch" without write permission). Clears S_ISGID from a
 * chmod by someone outside the file's group, and turns ATTR_KILL_* into
 * the mode change.
 */
int setattr_prepare(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;
	unsigned int v = attr->ia_valid;
	gid_t gid;

	if ((v & ATTR_MODE) && (v & (ATTR_KILL_SUID | ATTR_KILL_SGID)))
		return -EINVAL;
	if (v & ATTR_TOUCH && !inode_owner_or_capable(inode) && inode_permission(inode, MAY_WRITE))
		return -EACCES;
	if (!(v & ATTR_FORCE)) {
		if ((v & ATTR_UID) && !chown_ok(inode, attr->ia_uid))
			return -EPERM;
		if ((v & ATTR_GID) && !chgrp_ok(inode, attr->ia_gid))
			return -EPERM;
		if (v & ATTR_MODE) {
			if (!inode_owner_or_capable(inode))
				return -EPERM;
			gid = (v & ATTR_GID) ? attr->ia_gid : inode->i_gid;
			if (!in_group_or_capable(inode, gid))
				attr->ia_mode &= ~S_ISGID;
		}
		if ((v & ATTR_TIMES_SET) && !inode_owner_or_capable(inode))
			return -EPERM;
	}
	setattr_kill_privs(inode, attr);
	return 0;
}
