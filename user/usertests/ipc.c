/*
 * System V IPC: shared memory segments, semaphore arrays and message
 * queues. Keys are derived from the test's pid so that runs never meet
 * each other's objects; every test removes what it creates (the leak check
 * counts them as memory). Processes synchronise through the IPC objects
 * themselves, waitpid, or a sleeping state seen in /proc, never a sleep.
 */
#include "usertests.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>

#ifndef SHM_DEST
#define SHM_DEST 01000
#endif

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct tmsg {
	long mtype;
	char mtext[128];
};

static long msg_recv(int id, struct tmsg *m, long type, int flg);

static key_t test_key(int n)
{
	return (key_t)(0x5e000000 | ((getpid() & 0xffff) << 8) | n);
}

/* Wait until @pid sleeps (in the call under test) or is gone. */
static void wait_sleeping(pid_t pid)
{
	WAIT_FOR(proc_state(pid) == 'S', 10);
}

/* ---- shared memory ---- */

/* shmget: IPC_CREAT|IPC_EXCL, EEXIST, ENOENT, size checks, IPC_PRIVATE. */
static void shm_get(void)
{
	key_t k = test_key(1);
	struct shmid_ds ds;
	int id, id2, p1, p2;

	CHECK_ERR(shmget(k, 4096, 0600), ENOENT);
	id = shmget(k, 10000, IPC_CREAT | IPC_EXCL | 0640);
	CHECK(id >= 0);
	CHECK_ERR(shmget(k, 4096, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	CHECK(shmget(k, 4096, IPC_CREAT | 0600) == id);
	CHECK(shmget(k, 0, 0) == id);
	CHECK_ERR(shmget(k, 20000, 0), EINVAL);         /* bigger than the segment */
	CHECK_ERR(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_segsz == 10000 && ds.shm_nattch == 0);
	CHECK(ds.shm_perm.__key == k && (ds.shm_perm.mode & 0777) == 0640);
	CHECK(ds.shm_cpid == getpid());
	p1 = shmget(IPC_PRIVATE, 4096, 0600);
	p2 = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK(p1 >= 0 && p2 >= 0 && p1 != p2);
	CHECK_OK(shmctl(p1, IPC_RMID, NULL));
	CHECK_OK(shmctl(p2, IPC_RMID, NULL));
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_ERR(shmctl(id, IPC_STAT, &ds), EINVAL);   /* a stale id */
	CHECK_ERR(shmget(k, 4096, 0600), ENOENT);
	id2 = shmget(k, 4096, IPC_CREAT | 0600);
	CHECK(id2 >= 0 && id2 != id);
	CHECK_OK(shmctl(id2, IPC_RMID, NULL));
}

/* One segment, attached before fork, written by the child, read by the parent. */
static void shm_fork(void)
{
	int id = shmget(IPC_PRIVATE, 3 * 4096, 0600);
	struct shmid_ds ds;
	char *p;
	pid_t pid;

	CHECK(id >= 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (char *)-1);
	CHECK(p[0] == 0 && p[3 * 4096 - 1] == 0);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_nattch == 1 && ds.shm_lpid == getpid());
	pid = fork_or_fail();
	if (pid == 0) {
		struct shmid_ds cds;
		char *q;

		if (shmctl(id, IPC_STAT, &cds) || cds.shm_nattch != 2)
			_exit(2);
		strcpy(p + 4096, "from the child");
		q = shmat(id, NULL, SHM_RDONLY);        /* a second attach sees it too */
		if (q == (char *)-1 || strcmp(q + 4096, "from the child"))
			_exit(3);
		_exit(0);                               /* exit detaches both */
	}
	wait_ok(pid);
	CHECK(strcmp(p + 4096, "from the child") == 0);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_nattch == 1);
	CHECK_OK(shmdt(p));
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_nattch == 0);
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
}

/* IPC_RMID while attached: the segment lives (SHM_DEST, key gone) until the last detach. */
static void shm_rmid_attached(void)
{
	key_t k = test_key(2);
	int id = shmget(k, 4096, IPC_CREAT | IPC_EXCL | 0600), id2;
	struct shmid_ds ds;
	char *p;

	CHECK(id >= 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (char *)-1);
	strcpy(p, "still here");
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK((ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == IPC_PRIVATE);
	CHECK(ds.shm_nattch == 1);
	CHECK(strcmp(p, "still here") == 0);
	id2 = shmget(k, 4096, IPC_CREAT | IPC_EXCL | 0600);     /* the key is free */
	CHECK(id2 >= 0 && id2 != id);
	CHECK_OK(shmctl(id2, IPC_RMID, NULL));
	CHECK_ERR(shmdt(p + 4096), EINVAL);
	CHECK_ERR(shmdt(p + 1), EINVAL);
	CHECK_OK(shmdt(p));
	CHECK_ERR(shmdt(p), EINVAL);
	CHECK_ERR(shmctl(id, IPC_STAT, &ds), EINVAL);
	CHECK(probe_read(p));
}

/* SHM_RDONLY, an address hint, SHM_RND, and a busy range. */
static void shm_attach_flags(void)
{
	int id = shmget(IPC_PRIVATE, 8192, 0600);
	char *p, *r, *hint;

	CHECK(id >= 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (char *)-1);
	p[5] = 'x';
	r = shmat(id, NULL, SHM_RDONLY);
	CHECK(r != (char *)-1 && r != p);
	CHECK(r[5] == 'x');
	CHECK(probe_write(r));                  /* read-only mapping faults */
	CHECK(!probe_write(p));
	CHECK_ERR(mprotect(r, 4096, PROT_READ | PROT_WRITE), EACCES);
	CHECK_OK(shmdt(r));

	/* a free, page-aligned address: map and unmap a range there */
	hint = mmap(NULL, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(hint != MAP_FAILED);
	CHECK_ERR((long)shmat(id, hint, 0), EINVAL);            /* occupied */
	CHECK_OK(munmap(hint, 4 * 4096));
	CHECK_ERR((long)shmat(id, hint + 100, 0), EINVAL);      /* unaligned */
	r = shmat(id, hint + 100, SHM_RND);
	CHECK(r == hint);
	CHECK(r[5] == 'x');
	CHECK_OK(shmdt(r));
	CHECK_OK(shmdt(p));
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
}

/* Bad ids, commands and pointers. */
static void shm_errors(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	void *bad = map_unmapped_page();
	struct shmid_ds ds;

	CHECK(id >= 0);
	CHECK_ERR(shmctl(-1, IPC_STAT, &ds), EINVAL);
	CHECK_ERR(shmctl(id + 1, IPC_STAT, &ds), EINVAL);
	CHECK_ERR(syscall(SYS_shmctl, id, 9999, &ds), EINVAL);
	CHECK_ERR(syscall(SYS_shmctl, id, IPC_STAT, bad), EFAULT);
	CHECK_ERR(syscall(SYS_shmctl, id, IPC_SET, bad), EFAULT);
	CHECK_ERR((long)shmat(-1, NULL, 0), EINVAL);
	CHECK_ERR((long)shmat(id + 1, NULL, 0), EINVAL);
	CHECK_ERR((long)shmat(id, (void *)0xffffffc000000000UL, 0), ENOMEM);   /* kernel half */
	CHECK_ERR((long)shmat(id, (void *)-4096L, SHM_RND), EINVAL);    /* wraps */
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_ERR((long)shmat(id, NULL, 0), EINVAL);
	CHECK_ERR(shmctl(id, IPC_RMID, NULL), EINVAL);
}

/* ---- semaphores ---- */

static int semget_ok(key_t k, int n, int flg)
{
	int id = semget(k, n, flg);

	if (id < 0)
		fail("semget: errno %d", errno);
	return id;
}

/* semget rules, SETVAL/GETVAL/SETALL/GETALL/GETPID, multi-op atomicity. */
static void sem_basic(void)
{
	key_t k = test_key(3);
	int id = semget_ok(k, 3, IPC_CREAT | IPC_EXCL | 0600);
	unsigned short vals[3] = { 1, 2, 3 }, got[3];
	struct sembuf two[2];
	struct semid_ds ds;

	CHECK_ERR(semget(k, 3, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	CHECK(semget(k, 2, 0) == id);
	CHECK_ERR(semget(k, 4, 0), EINVAL);
	CHECK_ERR(semget(test_key(4), 1, 0), ENOENT);
	CHECK_ERR(semget(IPC_PRIVATE, 0, 0600), EINVAL);
	CHECK_ERR(semget(IPC_PRIVATE, -1, 0600), EINVAL);
	CHECK_OK(semctl(id, 0, IPC_STAT, (union semun_arg){ .buf = &ds }));
	CHECK(ds.sem_nsems == 3 && (ds.sem_perm.mode & 0777) == 0600);
	CHECK(semctl(id, 1, GETVAL) == 0);
	CHECK_OK(semctl(id, 1, SETVAL, (union semun_arg){ .val = 7 }));
	CHECK(semctl(id, 1, GETVAL) == 7);
	CHECK(semctl(id, 1, GETPID) == getpid());
	CHECK_ERR(semctl(id, 3, GETVAL), EINVAL);
	CHECK_ERR(semctl(id, 0, SETVAL, (union semun_arg){ .val = -1 }), ERANGE);
	CHECK_OK(semctl(id, 0, SETALL, (union semun_arg){ .array = vals }));
	CHECK_OK(semctl(id, 0, GETALL, (union semun_arg){ .array = got }));
	CHECK(got[0] == 1 && got[1] == 2 && got[2] == 3);

	/* both or neither: the second cannot go on, so the first is undone */
	two[0] = (struct sembuf){ .sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT };
	two[1] = (struct sembuf){ .sem_num = 1, .sem_op = -5, .sem_flg = IPC_NOWAIT };
	CHECK_ERR(semop(id, two, 2), EAGAIN);
	CHECK(semctl(id, 0, GETVAL) == 1 && semctl(id, 1, GETVAL) == 2);
	two[1].sem_op = -2;
	CHECK_OK(semop(id, two, 2));
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 1, GETVAL) == 0);
	two[0] = (struct sembuf){ .sem_num = 2, .sem_op = 0, .sem_flg = IPC_NOWAIT };
	CHECK_ERR(semop(id, two, 1), EAGAIN);   /* waits for zero */
	two[0].sem_num = 0;
	CHECK_OK(semop(id, two, 1));
	two[0] = (struct sembuf){ .sem_num = 3, .sem_op = 1 };
	CHECK_ERR(semop(id, two, 1), EFBIG);
	CHECK_OK(semctl(id, 0, IPC_RMID));
	CHECK_ERR(semctl(id, 0, GETVAL), EINVAL);
}

/* A semop that must wait is woken by another process's semop. */
static void sem_block_wake(void)
{
	int id = semget_ok(IPC_PRIVATE, 2, 0600);
	struct sembuf op = { .sem_num = 1, .sem_op = -2 };
	pid_t pid;

	pid = fork_or_fail();
	if (pid == 0)
		_exit(semop(id, &op, 1) == 0 ? 0 : 1);
	WAIT_FOR(semctl(id, 1, GETNCNT) == 1, 10);
	CHECK(semctl(id, 0, GETNCNT) == 0 && semctl(id, 1, GETZCNT) == 0);
	op.sem_op = 1;
	CHECK_OK(semop(id, &op, 1));            /* not enough yet */
	CHECK(semctl(id, 1, GETNCNT) == 1);
	CHECK_OK(semop(id, &op, 1));
	wait_ok(pid);
	CHECK(semctl(id, 1, GETVAL) == 0);
	CHECK(semctl(id, 1, GETPID) == pid);
	CHECK(semctl(id, 1, GETNCNT) == 0);
	CHECK_OK(semctl(id, 0, IPC_RMID));
}

/* SEM_UNDO adjustments are applied when the process exits; forks start with none. */
static void sem_undo(void)
{
	int id = semget_ok(IPC_PRIVATE, 2, 0600);
	struct sembuf op = { .sem_num = 0, .sem_op = 3, .sem_flg = SEM_UNDO };
	pid_t pid;

	CHECK_OK(semctl(id, 1, SETVAL, (union semun_arg){ .val = 5 }));
	pid = fork_or_fail();
	if (pid == 0) {
		struct sembuf ops[2] = {
			{ .sem_num = 0, .sem_op = 3, .sem_flg = SEM_UNDO },
			{ .sem_num = 1, .sem_op = -2, .sem_flg = SEM_UNDO },
		};
		if (semop(id, ops, 2))
			_exit(1);
		_exit(semctl(id, 0, GETVAL) == 3 && semctl(id, 1, GETVAL) == 3 ? 0 : 2);
	}
	wait_ok(pid);
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 1, GETVAL) == 5);

	/* the parent's own undo is not inherited by a child */
	CHECK_OK(semop(id, &op, 1));
	pid = fork_or_fail();
	if (pid == 0)
		_exit(0);
	wait_ok(pid);
	CHECK(semctl(id, 0, GETVAL) == 3);
	CHECK_OK(semctl(id, 0, IPC_RMID));
}

static int undo_semid;

static void *sem_undo_thread(void *arg)
{
	struct sembuf op = { .sem_num = 0, .sem_op = 2, .sem_flg = SEM_UNDO };

	return (void *)(long)semop(undo_semid, &op, 1);
}

/* Threads share one undo list: it is applied when the process exits, not the thread. */
static void sem_undo_threads(void)
{
	int id = semget_ok(IPC_PRIVATE, 1, 0600);
	pid_t pid;

	undo_semid = id;
	pid = fork_or_fail();
	if (pid == 0) {
		pthread_t t;
		void *ret;

		if (pthread_create(&t, NULL, sem_undo_thread, NULL) || pthread_join(t, &ret) || ret)
			_exit(1);
		_exit(semctl(id, 0, GETVAL) == 2 ? 0 : 2);
	}
	wait_ok(pid);
	CHECK(semctl(id, 0, GETVAL) == 0);
	CHECK_OK(semctl(id, 0, IPC_RMID));
}

/* semtimedop gives up with EAGAIN; a zero timeout too. */
static void sem_timedop(void)
{
	int id = semget_ok(IPC_PRIVATE, 1, 0600);
	struct sembuf op = { .sem_num = 0, .sem_op = -1 };
	struct timespec ts = { 0, 20 * 1000000 }, zero = { 0, 0 }, bad = { 0, 1000000000 };

	CHECK_ERR(semtimedop(id, &op, 1, &ts), EAGAIN);
	CHECK_ERR(semtimedop(id, &op, 1, &zero), EAGAIN);
	CHECK_ERR(semtimedop(id, &op, 1, &bad), EINVAL);
	op.sem_op = 1;
	CHECK_OK(semtimedop(id, &op, 1, &ts));
	CHECK(semctl(id, 0, GETVAL) == 1);
	CHECK_OK(semctl(id, 0, IPC_RMID));
}

static void on_usr1(int sig)
{
}

/* A signal with a handler interrupts a sleeping semop (EINTR) and msgrcv. */
static void ipc_eintr(void)
{
	int id = semget_ok(IPC_PRIVATE, 1, 0600), mq = msgget(IPC_PRIVATE, 0600);
	struct sembuf op = { .sem_num = 0, .sem_op = -1 };
	pid_t pid;

	CHECK(mq >= 0);
	pid = fork_or_fail();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		struct tmsg m;

		sigaction(SIGUSR1, &sa, NULL);
		if (semop(id, &op, 1) != -1 || errno != EINTR)
			_exit(1);
		if (msg_recv(mq, &m, 0, 0) != -1 || errno != EINTR)
			_exit(2);
		_exit(0);
	}
	WAIT_FOR(semctl(id, 0, GETNCNT) == 1, 10);
	CHECK_OK(kill(pid, SIGUSR1));
	WAIT_FOR(semctl(id, 0, GETNCNT) == 0, 10);
	wait_sleeping(pid);
	CHECK_OK(kill(pid, SIGUSR1));
	wait_ok(pid);
	CHECK(semctl(id, 0, GETVAL) == 0);
	CHECK_OK(semctl(id, 0, IPC_RMID));
	CHECK_OK(msgctl(mq, IPC_RMID, NULL));
}

/* IPC_RMID wakes a sleeper with EIDRM. */
static void sem_rmid_wakes(void)
{
	int id = semget_ok(IPC_PRIVATE, 1, 0600);
	struct sembuf op = { .sem_num = 0, .sem_op = -1 };
	pid_t pid;

	pid = fork_or_fail();
	if (pid == 0)
		_exit(semop(id, &op, 1) == -1 && errno == EIDRM ? 0 : 1);
	WAIT_FOR(semctl(id, 0, GETNCNT) == 1, 10);
	CHECK_OK(semctl(id, 0, IPC_RMID));
	wait_ok(pid);
}

static void sem_errors(void)
{
	int id = semget_ok(IPC_PRIVATE, 1, 0600);
	void *bad = map_unmapped_page();
	struct sembuf op = { .sem_num = 0, .sem_op = 1 };

	CHECK_ERR(syscall(SYS_semop, id, bad, 1), EFAULT);
	CHECK_ERR(syscall(SYS_semop, id, &op, 0), EINVAL);
	CHECK_ERR(syscall(SYS_semop, -1, &op, 1), EINVAL);
	CHECK_ERR(syscall(SYS_semop, id + 1, &op, 1), EINVAL);
	CHECK_ERR(syscall(SYS_semop, id, &op, 501), E2BIG);
	CHECK_ERR(syscall(SYS_semctl, id, 0, 9999, 0), EINVAL);
	CHECK_ERR(syscall(SYS_semctl, id, 0, IPC_STAT, bad), EFAULT);
	CHECK_ERR(syscall(SYS_semctl, id, 0, GETVAL | 0x100, 0), EINVAL);  /* no IPC_64 on riscv64 */
	CHECK_ERR(syscall(SYS_semctl, id, 0, GETALL, bad), EFAULT);
	CHECK_ERR(syscall(SYS_semctl, id, 0, SETALL, bad), EFAULT);
	CHECK(semctl(id, 0, GETVAL) == 0);
	CHECK_OK(semctl(id, 0, IPC_RMID));
	CHECK_ERR(syscall(SYS_semop, id, &op, 1), EINVAL);
}

/* ---- message queues ---- */

static void msg_send(int id, long type, const char *text)
{
	struct tmsg m = { .mtype = type };

	strcpy(m.mtext, text);
	CHECK_OK(msgsnd(id, &m, strlen(text) + 1, 0));
}

static long msg_recv(int id, struct tmsg *m, long type, int flg)
{
	memset(m, 0, sizeof(*m));
	return msgrcv(id, m, sizeof(m->mtext), type, flg);
}

/* msgget rules; receive by type: 0, > 0, < 0 and MSG_EXCEPT; ENOMSG. */
static void msg_types(void)
{
	key_t k = test_key(5);
	int id = msgget(k, IPC_CREAT | IPC_EXCL | 0600);
	struct msqid_ds ds;
	struct tmsg m;

	CHECK(id >= 0);
	CHECK_ERR(msgget(k, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	CHECK(msgget(k, 0) == id);
	CHECK_ERR(msgget(test_key(6), 0), ENOENT);
	msg_send(id, 1, "one");
	msg_send(id, 2, "two-a");
	msg_send(id, 3, "three");
	msg_send(id, 2, "two-b");
	CHECK_OK(msgctl(id, IPC_STAT, &ds));
	CHECK(ds.msg_qnum == 4 && ds.msg_cbytes == 4 + 6 + 6 + 6);
	CHECK(ds.msg_lspid == getpid() && ds.msg_qbytes == 16384);
	CHECK(msg_recv(id, &m, 2, 0) == 6 && m.mtype == 2 && !strcmp(m.mtext, "two-a"));
	CHECK(msg_recv(id, &m, -2, 0) == 4 && m.mtype == 1);
	CHECK(msg_recv(id, &m, 3, MSG_EXCEPT) == 6 && !strcmp(m.mtext, "two-b"));
	CHECK_ERR(msg_recv(id, &m, 2, IPC_NOWAIT), ENOMSG);
	CHECK_ERR(msg_recv(id, &m, -2, IPC_NOWAIT), ENOMSG);
	CHECK(msg_recv(id, &m, 0, 0) == 6 && m.mtype == 3);
	CHECK_ERR(msg_recv(id, &m, 0, IPC_NOWAIT), ENOMSG);
	msg_send(id, 5, "five");
	CHECK(msg_recv(id, &m, -0x7fffffffffffffffL - 1, IPC_NOWAIT) == 5 && m.mtype == 5);
	CHECK_OK(msgctl(id, IPC_STAT, &ds));
	CHECK(ds.msg_qnum == 0 && ds.msg_cbytes == 0 && ds.msg_lrpid == getpid());
	CHECK_OK(msgctl(id, IPC_RMID, NULL));
	CHECK_ERR(msgctl(id, IPC_STAT, &ds), EINVAL);
}

/* A message too big for the buffer: E2BIG (kept), or truncated with MSG_NOERROR. */
static void msg_e2big(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct tmsg m;

	CHECK(id >= 0);
	msg_send(id, 9, "a message of some length");
	memset(&m, 0, sizeof(m));
	CHECK_ERR(msgrcv(id, &m, 5, 0, IPC_NOWAIT), E2BIG);
	CHECK(msgrcv(id, &m, 5, 0, IPC_NOWAIT | MSG_NOERROR) == 5);
	CHECK(m.mtype == 9 && !memcmp(m.mtext, "a mes", 5) && m.mtext[5] == 0);
	CHECK_ERR(msgrcv(id, &m, 5, 0, IPC_NOWAIT), ENOMSG);
	CHECK_OK(msgctl(id, IPC_RMID, NULL));
}

/* A full queue (msg_qbytes) blocks a sender until a receiver makes room. */
static void msg_full_blocks(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	struct tmsg m = { .mtype = 1 };
	pid_t pid;

	CHECK(id >= 0);
	CHECK_OK(msgctl(id, IPC_STAT, &ds));
	ds.msg_qbytes = 64;
	CHECK_OK(msgctl(id, IPC_SET, &ds));
	CHECK_OK(msgsnd(id, &m, 64, 0));
	CHECK_ERR(msgsnd(id, &m, 1, IPC_NOWAIT), EAGAIN);
	pid = fork_or_fail();
	if (pid == 0) {
		m.mtype = 2;
		_exit(msgsnd(id, &m, 10, 0) == 0 ? 0 : 1);
	}
	wait_sleeping(pid);
	CHECK(msg_recv(id, &m, 1, 0) == 64);
	wait_ok(pid);
	CHECK(msg_recv(id, &m, 0, IPC_NOWAIT) == 10 && m.mtype == 2);
	CHECK_OK(msgctl(id, IPC_RMID, NULL));
}

/* A receiver sleeps until a message of its type arrives; IPC_RMID wakes one with EIDRM. */
static void msg_block_rmid(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct tmsg m;
	pid_t pid, pid2;

	CHECK(id >= 0);
	pid = fork_or_fail();
	if (pid == 0)
		_exit(msg_recv(id, &m, 7, 0) == 3 && !strcmp(m.mtext, "hi") ? 0 : 1);
	wait_sleeping(pid);
	msg_send(id, 6, "no");                  /* not its type: it sleeps on */
	msg_send(id, 7, "hi");
	wait_ok(pid);
	pid2 = fork_or_fail();
	if (pid2 == 0)
		_exit(msg_recv(id, &m, 7, 0) == -1 && errno == EIDRM ? 0 : 1);
	wait_sleeping(pid2);
	CHECK_OK(msgctl(id, IPC_RMID, NULL));
	wait_ok(pid2);
}

static void msg_errors(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	void *bad = map_unmapped_page();
	struct tmsg m = { .mtype = 0 };

	CHECK(id >= 0);
	CHECK_ERR(msgsnd(id, &m, 1, 0), EINVAL);                /* mtype < 1 */
	m.mtype = 1;
	CHECK_ERR(msgsnd(id, &m, 8193, 0), EINVAL);             /* > MSGMAX */
	CHECK_ERR(msgsnd(-1, &m, 1, 0), EINVAL);
	CHECK_ERR(msgsnd(id + 1, &m, 1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_msgsnd, id, bad, 1, 0), EFAULT);
	CHECK_ERR(syscall(SYS_msgctl, id, 9999, &m), EINVAL);
	CHECK_ERR(syscall(SYS_msgctl, id, IPC_STAT, bad), EFAULT);
	CHECK_ERR(syscall(SYS_msgctl, id, IPC_STAT | 0x100, &m), EINVAL);
	CHECK_ERR(msgrcv(-1, &m, 1, 0, IPC_NOWAIT), EINVAL);
	CHECK_ERR(msgrcv(id, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL);
	CHECK_OK(msgctl(id, IPC_RMID, NULL));
	CHECK_ERR(msgsnd(id, &m, 1, 0), EINVAL);
}

/* The limits: IPC_INFO and /proc/sys/kernel agree with Linux's defaults. */
static void ipc_limits(void)
{
	struct msginfo mi;
	struct seminfo si;
	struct shminfo shi;
	char buf[128];

	CHECK(msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) >= 0);
	CHECK(mi.msgmax == 8192 && mi.msgmnb == 16384 && mi.msgmni == 32000);
	CHECK(semctl(0, 0, IPC_INFO, (union semun_arg){ .buf = (struct semid_ds *)&si }) >= 0);
	CHECK(si.semmsl == 32000 && si.semopm == 500 && si.semvmx == 32767 && si.semmni == 32000);
	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&shi) >= 0);
	CHECK(shi.shmmni == 4096 && shi.shmmin == 1);
	CHECK(read_text("/proc/sys/kernel/msgmax", buf, sizeof(buf)) > 0 && !strcmp(buf, "8192\n"));
	CHECK(read_text("/proc/sys/kernel/msgmnb", buf, sizeof(buf)) > 0 && !strcmp(buf, "16384\n"));
	CHECK(read_text("/proc/sys/kernel/shmmni", buf, sizeof(buf)) > 0 && !strcmp(buf, "4096\n"));
	CHECK(read_text("/proc/sys/kernel/sem", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "32000\t1024000000\t500\t32000\n"));
	CHECK(read_text("/proc/sys/kernel/shmmax", buf, sizeof(buf)) > 0 &&
	      strtoul(buf, NULL, 10) == shi.shmmax);
}

const struct test ipc_tests[] = {
	{ "ipc_limits", ipc_limits },
	{ "shm_get", shm_get },
	{ "shm_fork", shm_fork },
	{ "shm_rmid_attached", shm_rmid_attached },
	{ "shm_attach_flags", shm_attach_flags },
	{ "shm_errors", shm_errors },
	{ "sem_basic", sem_basic },
	{ "sem_block_wake", sem_block_wake },
	{ "sem_undo", sem_undo },
	{ "sem_undo_threads", sem_undo_threads },
	{ "sem_timedop", sem_timedop },
	{ "sem_rmid_wakes", sem_rmid_wakes },
	{ "sem_errors", sem_errors },
	{ "ipc_eintr", ipc_eintr },
	{ "msg_types", msg_types },
	{ "msg_e2big", msg_e2big },
	{ "msg_full_blocks", msg_full_blocks },
	{ "msg_block_rmid", msg_block_rmid },
	{ "msg_errors", msg_errors },
	{ NULL, NULL },
};
