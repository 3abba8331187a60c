// SPDX-License-Identifier: MIT
/*
 * Congestion control: a registry of algorithms by name (TCP_CONGESTION)
 * with Reno (RFC 5681) built in and CUBIC (RFC 9438) as the default, as on
 * Linux. The list is filled at boot and read-only afterwards, so lookups
 * take no lock. An algorithm's per-socket state lives in icsk_ca_priv and
 * is guarded by the socket lock like the rest of the connection.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <net/tcp.h>

static LIST_HEAD(tcp_cong_list);
static struct tcp_congestion_ops *tcp_cong_default = &tcp_reno;

u32 tcp_reno_ssthresh_op(struct sock *sk)
{
	return tcp_reno_ssthresh(tcp_sk(sk)->snd_cwnd);
}

void tcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->snd_cwnd = tcp_reno_grow(tp->snd_cwnd, tp->snd_ssthresh, &tp->snd_cwnd_cnt, acked);
	if (tp->snd_cwnd > 0xffff)
		tp->snd_cwnd = 0xffff;
}

static u32 tcp_reno_undo_cwnd(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd, tcp_sk(sk)->prior_ssthresh);
}

struct tcp_congestion_ops tcp_reno = {
	.name           = "reno",
	.ssthresh       = tcp_reno_ssthresh_op,
	.cong_avoid     = tcp_reno_cong_avoid,
	.undo_cwnd      = tcp_reno_undo_cwnd,
};

/*
 * CUBIC (RFC 9438), in segments and milliseconds: W(t) = C (t - K)^3 +
 * W_max with C = 0.4 and beta = 0.7, computed in fixed point; below the
 * Reno-friendly estimate it grows like Reno.
 */
struct cubic {
	u32 w_max;                      /* cwnd before the last reduction, segments */
	u32 k_ms;                       /* time to reach w_max again */
	u32 epoch_ms;                   /* start of this growth epoch, 0 = none */
	u32 origin;
	u32 cnt;                        /* acked segments since the last increase */
};

/* Cube root of x (integer, Newton's method). */
static u32 cubic_root(u64 x)
{
	u64 r = 1, n;
	int i;

	if (!x)
		return 0;
	while (r * r * r < x)
		r <<= 1;
	for (i = 0; i < 40; i++) {
		n = (2 * r + x / (r * r)) / 3;
		if (n >= r)
			break;
		r = n;
	}
	while (r * r * r > x)
		r--;
	return r;
}

static void cubic_init(struct sock *sk)
{
	struct cubic *ca = inet_csk_ca(sk);

	memset(ca, 0, sizeof(*ca));
}

static u32 cubic_ssthresh(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct cubic *ca = inet_csk_ca(sk);

	ca->epoch_ms = 0;
	ca->w_max = tp->snd_cwnd;
	return max_t(u32, tp->snd_cwnd * 7 / 10, 2);
}

static void cubic_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct cubic *ca = inet_csk_ca(sk);
	u32 now = tcp_time_stamp_ms() ? : 1, target;
	s64 t, d;

	if (tp->snd_cwnd < tp->snd_ssthresh) {
		tcp_reno_cong_avoid(sk, ack, acked);
		return;
	}
	if (!ca->epoch_ms) {
		ca->epoch_ms = now;
		if (tp->snd_cwnd < ca->w_max) {
			/* K = cbrt(W_max * (1 - beta) / C) seconds */
			ca->k_ms = cubic_root((u64)(ca->w_max - tp->snd_cwnd) * 1000000000ULL * 10 / 4);
			ca->origin = ca->w_max;
		} else {
			ca->k_ms = 0;
			ca->origin = tp->snd_cwnd;
		}
		ca->cnt = 0;
	}
	t = (s64)(now - ca->epoch_ms) + (tp->rtt.srtt8 >> 3) / 1000;
	d = t - ca->k_ms;
	if (d > 1000000)
		d = 1000000;            /* keeps d^3 in range; the window is capped anyway */
	if (d < -1000000)
		d = -1000000;
	/* C * d^3 with d in ms: 0.4 * d^3 / 1e9 */
	target = ca->origin + (u32)(d * d * d * 4 / 10000000000LL);
	if (d < 0 && (s64)ca->origin + d * d * d * 4 / 10000000000LL < 1)
		target = 1;
	ca->cnt += acked;
	if (target > tp->snd_cwnd) {
		u32 per = tp->snd_cwnd / (target - tp->snd_cwnd);

		if (ca->cnt >= (per ? per : 1)) {
			tp->snd_cwnd++;
			ca->cnt = 0;
		}
	} else {
		tcp_reno_cong_avoid(sk, ack, acked);
	}
	if (tp->snd_cwnd > 0xffff)
		tp->snd_cwnd = 0xffff;
}

static struct tcp_congestion_ops tcp_cubic = {
	.name           = "cubic",
	.init           = cubic_init,
	.ssthresh       = cubic_ssthresh,
	.cong_avoid     = cubic_cong_avoid,
	.undo_cwnd      = tcp_reno_undo_cwnd,
};

void tcp_register_congestion_control(struct tcp_congestion_ops *ca)
{
	list_add_tail(&ca->list, &tcp_cong_list);
}

static struct tcp_congestion_ops *tcp_ca_find(const char *name)
{
	struct tcp_congestion_ops *ca;

	list_for_each_entry(ca, &tcp_cong_list, list)
		if (!strcmp(ca->name, name))
			return ca;
	return NULL;
}

void tcp_init_congestion_control(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (!icsk->icsk_ca_ops)
		icsk->icsk_ca_ops = tcp_cong_default;
	if (icsk->icsk_ca_ops->init)
		icsk->icsk_ca_ops->init(sk);
}

/* TCP_CONGESTION: 0 or -ENOENT (no such algorithm), as Linux. */
int tcp_set_congestion_control(struct sock *sk, const char *name)
{
	struct tcp_congestion_ops *ca = tcp_ca_find(name);

	if (!ca)
		return -ENOENT;
	inet_csk(sk)->icsk_ca_ops = ca;
	memset(inet_csk(sk)->icsk_ca_priv, 0, sizeof(inet_csk(sk)->icsk_ca_priv));
	if (ca->init)
		ca->init(sk);
	return 0;
}

void tcp_cong_init(void)
{
	tcp_register_congestion_control(&tcp_cubic);
	tcp_register_congestion_control(&tcp_reno);
	tcp_cong_default = &tcp_cubic;
}
