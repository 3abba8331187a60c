// SPDX-License-Identifier: MIT
/*
 * What the kernel files under test need from the rest of the kernel, for the
 * host: per-CPU data, panic, printk, the lock_stat clock.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <host_test.h>

#include <shoal/smp.h>

struct cpu cpus[NR_CPUS];
struct cpu *__host_this_cpu = &cpus[0];
int nr_cpu_ids = NR_CPUS;
cpumask_t cpu_online_mask = { (1UL << NR_CPUS) - 1 };

jmp_buf *host_panic_jmp;
char host_panic_msg[512];

__attribute__((constructor)) static void shim_init(void)
{
	int i;

	for (i = 0; i < NR_CPUS; i++) {
		cpus[i].id = i;
		cpus[i].hartid = i;
		cpus[i].online = true;
	}
}

void host_set_cpu(int cpu)
{
	__host_this_cpu = &cpus[cpu];
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_panic_msg, sizeof(host_panic_msg), fmt, ap);
	va_end(ap);
	if (host_panic_jmp)
		longjmp(*host_panic_jmp, 1);
	fprintf(stderr, "panic: %s\n", host_panic_msg);
	abort();
}

/* Quiet unless HOST_PRINTK is set in the environment. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!getenv("HOST_PRINTK"))
		return 0;
	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}

u64 lockstat_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000UL + ts.tv_nsec;
}

void *host_run_capture(const char *cmd, size_t *len)
{
	FILE *f = popen(cmd, "r");
	size_t cap = 1 << 16, n = 0, r;
	char *buf = malloc(cap);

	if (!f || !buf)
		return NULL;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (pclose(f) != 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

const char *host_mkdtemp(void)
{
	static char path[4096];
	const char *base = getenv("HOST_TEST_TMP");

	if (!base)
		base = "build/host/tmp";
	mkdir("build", 0777);
	mkdir("build/host", 0777);
	mkdir(base, 0777);
	snprintf(path, sizeof(path), "%s/tXXXXXX", base);
	return mkdtemp(path);
}

int host_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, getenv("CK_VERBOSE") ? CK_VERBOSE : CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
