// SPDX-License-Identifier: MIT
/*
 * AF_UNIX control messages (Linux's net/core/scm.c and the unix parts of
 * net/unix/scm.c): SCM_RIGHTS passes open files, SCM_CREDENTIALS passes
 * pid/uid/gid.
 *
 * Sending: unix_scm_send() copies the user's control buffer in, checks each
 * cmsghdr as Linux does and takes a reference on every file named by
 * SCM_RIGHTS (at most SCM_MAX_FD per message). The list then rides on an
 * skb (UNIXCB(skb).fp) until a receiver takes it.
 *
 * Receiving: unix_scm_recv() writes SCM_CREDENTIALS (when the receiver set
 * SO_PASSCRED) and then SCM_RIGHTS, installing one new descriptor per file
 * that fits in the user's buffer; files that do not fit are dropped and the
 * message is flagged MSG_CTRUNC.
 *
 * Files in flight are plain references: a socket that is sent over itself
 * (or a cycle of them) and then closed everywhere stays allocated until
 * shutdown. Linux breaks such cycles with a garbage collector (unix_gc);
 * shoal does not have one.
 *
 * No locks here: the fp list belongs to whoever holds it (the sender, the
 * skb, then the receiver under the socket's iolock).
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <net/af_unix.h>

/* Largest control buffer sendmsg accepts (Linux's optmem_max). */
#define SCM_CTL_MAX     (128 * 1024)

void scm_fp_free(struct scm_fp_list *fpl)
{
	int i;

	if (!fpl)
		return;
	for (i = 0; i < fpl->count; i++)
		fput(fpl->fp[i]);
	kfree(fpl);
}

struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fpl)
{
	struct scm_fp_list *n;
	int i;

	if (!fpl)
		return NULL;
	n = kmalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return NULL;
	n->count = fpl->count;
	for (i = 0; i < fpl->count; i++)
		n->fp[i] = get_file(fpl->fp[i]);
	return n;
}

void scm_destroy(struct scm_cookie *scm)
{
	scm_fp_free(scm->fp);
	scm->fp = NULL;
}

/* SCM_RIGHTS: reference the files behind the descriptors in the payload. */
static int scm_fp_copy(const struct cmsghdr *cm, struct scm_cookie *scm)
{
	const int *fds = (const int *)((const char *)cm + CMSG_ALIGN(sizeof(*cm)));
	int num = (cm->cmsg_len - CMSG_ALIGN(sizeof(*cm))) / sizeof(int);
	struct scm_fp_list *fpl = scm->fp;
	int i;

	if (num <= 0)
		return 0;
	if (num > SCM_MAX_FD)
		return -EINVAL;
	if (!fpl) {
		fpl = kmalloc(sizeof(*fpl), GFP_KERNEL);
		if (!fpl)
			return -ENOMEM;
		fpl->count = 0;
		scm->fp = fpl;
	}
	if (fpl->count + num > SCM_MAX_FD)
		return -EINVAL;
	for (i = 0; i < num; i++) {
		struct file *f = fds[i] >= 0 ? fget(fds[i]) : NULL;

		if (!f)
			return -EBADF;
		fpl->fp[fpl->count++] = f;
	}
	return 0;
}

/*
 * SCM_CREDENTIALS may claim only our own pid (or any with CAP_SYS_ADMIN),
 * one of our uids (CAP_SETUID) and one of our gids (CAP_SETGID), as
 * Linux's scm_check_creds.
 */
static int scm_check_creds(const struct ucred *uc)
{
	const struct cred *c = current_cred();

	if ((uc->pid == current->tgid || capable(CAP_SYS_ADMIN)) &&
	    (uc->uid == c->uid || uc->uid == c->euid || uc->uid == c->suid || capable(CAP_SETUID)) &&
	    (uc->gid == c->gid || uc->gid == c->egid || uc->gid == c->sgid || capable(CAP_SETGID)))
		return 0;
	return -EPERM;
}

/* Walk the kernel copy of the control buffer (CMSG_FIRSTHDR/CMSG_NXTHDR). */
static int scm_parse(const char *ctl, size_t len, struct scm_cookie *scm)
{
	const struct cmsghdr *cm = len >= sizeof(*cm) ? (const struct cmsghdr *)ctl : NULL;
	struct ucred cred;
	int err;

	while (cm) {
		size_t off = (const char *)cm - ctl, next;

		if (cm->cmsg_len < sizeof(*cm) || cm->cmsg_len > len - off)
			return -EINVAL;
		if (cm->cmsg_level == SOL_SOCKET) {
			switch (cm->cmsg_type) {
			case SCM_RIGHTS:
				err = scm_fp_copy(cm, scm);
				if (err)
					return err;
				break;
			case SCM_CREDENTIALS:
				if (cm->cmsg_len != CMSG_LEN(sizeof(cred)))
					return -EINVAL;
				memcpy(&cred, (const char *)cm + CMSG_ALIGN(sizeof(*cm)), sizeof(cred));
				err = scm_check_creds(&cred);
				if (err)
					return err;
				scm->pid = cred.pid;
				scm->uid = cred.uid;
				scm->gid = cred.gid;
				scm->creds = true;
				break;
			default:
				return -EINVAL;
			}
		}
		next = off + CMSG_ALIGN(cm->cmsg_len);
		cm = next + sizeof(*cm) <= len ? (const struct cmsghdr *)(ctl + next) : NULL;
	}
	return 0;
}

int unix_scm_send(struct msghdr *msg, struct scm_cookie *scm)
{
	size_t len = msg->msg_controllen;
	char *ctl;
	int err;

	memset(scm, 0, sizeof(*scm));
	if (!len)
		return 0;
	if (len > SCM_CTL_MAX)
		return -ENOBUFS;
	if (len < sizeof(struct cmsghdr))
		return 0;
	ctl = kmalloc(len, GFP_KERNEL);
	if (!ctl)
		return -ENOMEM;
	err = -EFAULT;
	if (!copy_from_user(ctl, msg->msg_control, len))
		err = scm_parse(ctl, len, scm);
	kfree(ctl);
	if (err)
		scm_destroy(scm);
	return err;
}

/* Install as many of scm->fp's files as fit; the rest are dropped. */
static void scm_detach_fds(struct msghdr *msg, struct scm_cookie *scm, int flags)
{
	struct scm_fp_list *fpl = scm->fp;
	char __user *p = msg->msg_control;
	size_t hdr = CMSG_ALIGN(sizeof(struct cmsghdr));
	int fdmax = 0, i = 0, fd;

	if (p && msg->msg_controllen > hdr)
		fdmax = (msg->msg_controllen - hdr) / sizeof(int);
	for (; i < fpl->count && i < fdmax; i++) {
		fd = get_unused_fd_flags(flags & MSG_CMSG_CLOEXEC ? O_CLOEXEC : 0);
		if (fd < 0)
			break;
		if (put_user(fd, (int __user *)(p + hdr) + i)) {
			put_unused_fd(fd);
			break;
		}
		fd_install(fd, get_file(fpl->fp[i]));
	}
	if (i) {
		struct cmsghdr cm = {
			.cmsg_len = CMSG_LEN(i * sizeof(int)),
			.cmsg_level = SOL_SOCKET,
			.cmsg_type = SCM_RIGHTS,
		};
		size_t used = min(CMSG_SPACE(i * sizeof(int)), msg->msg_controllen);

		if (!copy_to_user(p, &cm, sizeof(cm))) {
			msg->msg_control = p + used;
			msg->msg_controllen -= used;
		}
	}
	if (i < fpl->count)
		msg->msg_flags |= MSG_CTRUNC;
	scm_destroy(scm);
}

void unix_scm_recv(struct msghdr *msg, struct scm_cookie *scm, bool passcred, int flags)
{
	if (passcred) {
		struct ucred cred = {
			.pid = scm->pid,
			.uid = scm->creds ? scm->uid : 65534,   /* overflowuid */
			.gid = scm->creds ? scm->gid : 65534,
		};

		put_cmsg(msg, SOL_SOCKET, SCM_CREDENTIALS, sizeof(cred), &cred);
	}
	if (scm->fp)
		scm_detach_fds(msg, scm, flags);
}
