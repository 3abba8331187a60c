/*
 * pollbench — the cost of one readiness wait against the number of
 * descriptors watched: select, poll, ppoll and epoll over n descriptors
 * (pipes, socketpairs or UDP sockets) of which k are readable.
 *
 *   pollbench [-m MECH[,MECH...]|all] [-t TYPE[,TYPE...]|all]
 *             [-n N[,N...]] [-k 1|10pct|all] [-T MILLISECONDS]
 *
 * Defaults: every mechanism and type, n = 16,64,256,1000,4096, k = 1 and
 * n/10, 200 ms of calls per cell. The k active descriptors are spread
 * evenly over the n and made readable once (a byte or a datagram that is
 * never read), so every call is level-triggered and returns at once with
 * exactly k events: the figure is the cost of the call itself, which for
 * select and poll includes scanning all n and for epoll only the k ready.
 * epoll's set is built with epoll_ctl before the clock starts.
 *
 * One line per cell:
 *
 *   POLLBENCH mech=poll type=pipe n=256 k=1 status=ok calls=C
 *   us_per_call=U events_per_s=E
 *
 * select only takes descriptors below FD_SETSIZE (1024): a cell whose
 * descriptors do not fit prints status=skipped. A mechanism the kernel
 * lacks prints status=enosys. A call that returns other than k events
 * fails the cell (status=error) and the exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { P_SELECT, P_POLL, P_PPOLL, P_EPOLL, NMECH };
static const char *mech_name[NMECH] = { "select", "poll", "ppoll", "epoll" };
enum { T_PIPE, T_SOCKPAIR, T_UDP, NTYPE };
static const char *type_name[NTYPE] = { "pipe", "socketpair", "udp" };

/* Write ends (and the UDP sender) are moved up here, so the n watched
 * descriptors take the lowest numbers and select can reach n ~ 1000. */
#define HIGH_FD 8192

static int *rfd, *wfd;          /* watched descriptors, their other ends */
static int nfds_open;
static struct sockaddr_in *uaddr;
static int usender = -1;

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int move_high(int fd)
{
	int h = fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD);

	close(fd);
	return h;
}

static void close_all(void)
{
	int i;

	for (i = 0; i < nfds_open; i++) {
		close(rfd[i]);
		if (wfd[i] >= 0)
			close(wfd[i]);
	}
	nfds_open = 0;
	if (usender >= 0)
		close(usender);
	usender = -1;
}

/* Create n descriptors of @type; 0 or negative errno. */
static int open_all(int type, int n)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int i, p[2];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < n; i++, nfds_open++) {
		wfd[i] = -1;
		if (type == T_PIPE && pipe(p) < 0)
			return -errno;
		if (type == T_SOCKPAIR && socketpair(AF_UNIX, SOCK_STREAM, 0, p) < 0)
			return -errno;
		if (type == T_UDP) {
			p[0] = socket(AF_INET, SOCK_DGRAM, 0);
			if (p[0] < 0)
				return -errno;
			rfd[i] = p[0];
			if (bind(p[0], (struct sockaddr *)&a, sizeof(a)) < 0 ||
			    getsockname(p[0], (struct sockaddr *)&uaddr[i], &len) < 0)
				return -errno;
			continue;
		}
		rfd[i] = p[0];
		wfd[i] = move_high(p[1]);
		if (wfd[i] < 0)
			return -errno;
	}
	if (type == T_UDP) {
		usender = socket(AF_INET, SOCK_DGRAM, 0);
		if (usender < 0)
			return -errno;
		usender = move_high(usender);
	}
	return 0;
}

/* Make descriptor i readable. */
static int activate(int type, int i)
{
	char b = 'x';

	if (type == T_UDP)
		return sendto(usender, &b, 1, 0, (struct sockaddr *)&uaddr[i],
			      sizeof(uaddr[i])) == 1 ? 0 : -errno;
	return write(wfd[i], &b, 1) == 1 ? 0 : -errno;
}

/* One wait call, timeout zero; the number of ready descriptors or -errno. */
static int wait_once(int mech, int n, int epfd, struct pollfd *pfd,
		     struct epoll_event *evs)
{
	struct timespec zero = { 0, 0 };
	struct timeval tv = { 0, 0 };
	fd_set set;
	int i, r = 0;

	switch (mech) {
	case P_SELECT:
		FD_ZERO(&set);
		for (i = 0; i < n; i++)
			FD_SET(rfd[i], &set);
		r = select(rfd[n - 1] + 1, &set, NULL, NULL, &tv);
		break;
	case P_POLL:
		r = poll(pfd, n, 0);
		break;
	case P_PPOLL:
		r = ppoll(pfd, n, &zero, NULL);
		break;
	case P_EPOLL:
		r = epoll_wait(epfd, evs, n, 0);
		break;
	}
	return r < 0 ? -errno : r;
}

static int setup_epoll(int n)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i, epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		ev.data.u32 = i;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, rfd[i], &ev) < 0) {
			i = -errno;
			close(epfd);
			return i;
		}
	}
	return epfd;
}

/* Time calls for @budget_ns (at least 10); prints the cell's line. */
static int measure(int mech, int type, int n, int k, long budget_ns)
{
	struct pollfd *pfd = calloc(n, sizeof(*pfd));
	struct epoll_event *evs = calloc(n, sizeof(*evs));
	long calls = 0, t0, t;
	int i, r = 0, epfd = -1;

	for (i = 0; i < n; i++) {
		pfd[i].fd = rfd[i];
		pfd[i].events = POLLIN;
	}
	if (mech == P_EPOLL && (epfd = setup_epoll(n)) < 0) {
		r = epfd;
		goto out;
	}
	t0 = now_ns();
	do {
		r = wait_once(mech, n, epfd, pfd, evs);
		if (r != k)
			goto out;
		calls++;
		t = now_ns() - t0;
	} while (calls < 10 || t < budget_ns);
	printf("POLLBENCH mech=%s type=%s n=%d k=%d status=ok calls=%ld us_per_call=%.3f "
	       "events_per_s=%.0f\n", mech_name[mech], type_name[type], n, k, calls,
	       t / 1e3 / calls, (double)k * calls * 1e9 / t);
	r = 0;
out:
	if (r < 0)
		printf("POLLBENCH mech=%s type=%s n=%d k=%d status=%s reason=\"%s\"\n",
		       mech_name[mech], type_name[type], n, k,
		       r == -ENOSYS ? "enosys" : "error", strerror(-r));
	else if (r != 0)
		printf("POLLBENCH mech=%s type=%s n=%d k=%d status=error reason=\"%d ready, "
		       "want %d\"\n", mech_name[mech], type_name[type], n, k, r, k);
	if (epfd >= 0)
		close(epfd);
	free(pfd);
	free(evs);
	fflush(stdout);
	return r == 0 || r == -ENOSYS ? 0 : 1;
}

/* Every mechanism over one set of n descriptors of @type with k active. */
static int run_cell(int type, int n, int k, const int *mechs, long budget)
{
	int i, m, r, bad = 0;

	r = open_all(type, n);
	for (i = 0; r == 0 && i < k; i++)
		r = activate(type, (int)((long)i * n / k));
	if (r < 0) {
		printf("POLLBENCH type=%s n=%d k=%d status=error reason=\"setup: %s\"\n",
		       type_name[type], n, k, strerror(-r));
		close_all();
		return 1;
	}
	for (m = 0; m < NMECH; m++) {
		if (!mechs[m])
			continue;
		if (m == P_SELECT && rfd[n - 1] >= FD_SETSIZE) {
			printf("POLLBENCH mech=select type=%s n=%d k=%d status=skipped "
			       "reason=\"descriptors beyond FD_SETSIZE\"\n", type_name[type], n, k);
			continue;
		}
		bad |= measure(m, type, n, k, budget);
	}
	close_all();
	return bad;
}

/* Pick names from a comma list into want[]; "all" picks every one. */
static int pick(char *s, const char *const *names, int count, int *want)
{
	char *tok;
	int i, found;

	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		for (found = 0, i = 0; i < count; i++)
			if (!strcmp(tok, "all") || !strcmp(tok, names[i]))
				want[i] = found = 1;
		if (!found)
			return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: pollbench [-m MECH,..|all] [-t TYPE,..|all] [-n N,..] "
		"[-k 1|10pct|all] [-T MS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int mechs[NMECH] = { 0 }, types[NTYPE] = { 0 }, ns[32], nn = 0, maxn = 0;
	/* strtok writes into these: copies, never string literals */
	char *m = strdup("all"), *t = strdup("all"), *nl = strdup("16,64,256,1000,4096");
	char *kl = "all", *tok;
	struct rlimit rl;
	long budget = 200;
	int c, ti, i, k, bad = 0;

	while ((c = getopt(argc, argv, "m:t:n:k:T:")) != -1) {
		switch (c) {
		case 'm': m = optarg; break;
		case 't': t = optarg; break;
		case 'n': nl = optarg; break;
		case 'k': kl = optarg; break;
		case 'T': budget = atol(optarg); break;
		default: usage();
		}
	}
	if (pick(m, mech_name, NMECH, mechs) < 0 || pick(t, type_name, NTYPE, types) < 0 ||
	    budget < 1 || (strcmp(kl, "1") && strcmp(kl, "10pct") && strcmp(kl, "all")))
		usage();
	for (tok = strtok(nl, ","); tok && nn < 32; tok = strtok(NULL, ",")) {
		ns[nn] = atoi(tok);
		if (ns[nn] < 1 || ns[nn] > 4096)
			usage();
		if (ns[nn] > maxn)
			maxn = ns[nn];
		nn++;
	}
	/* n watched + n other ends + the other ends' offset + a few */
	rl.rlim_cur = rl.rlim_max = HIGH_FD + maxn + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
		perror("pollbench: setrlimit RLIMIT_NOFILE");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	rfd = calloc(maxn, sizeof(int));
	wfd = calloc(maxn, sizeof(int));
	uaddr = calloc(maxn, sizeof(*uaddr));
	for (ti = 0; ti < NTYPE; ti++) {
		if (!types[ti])
			continue;
		for (i = 0; i < nn; i++) {
			if (strcmp(kl, "10pct"))
				bad |= run_cell(ti, ns[i], 1, mechs, budget * 1000000L);
			k = ns[i] / 10 > 1 ? ns[i] / 10 : 1;
			if (strcmp(kl, "1") && k != 1)
				bad |= run_cell(ti, ns[i], k, mechs, budget * 1000000L);
		}
	}
	return bad;
}
