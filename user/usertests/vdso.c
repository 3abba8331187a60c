/*
 * The vDSO (linux-vdso.so.1): where it is (auxv, /proc/self/maps), what it
 * exports (LINUX_4.15 symbols, looked up as libc does), and that its clocks
 * agree with the system calls: a vDSO reading lies between two syscall
 * readings, MONOTONIC never goes back, REALTIME follows clock_settime at
 * once. Signal handlers return through __vdso_rt_sigreturn, also after
 * fork and after mremap moved the vDSO.
 */
#include "usertests.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>

#define NSEC	1000000000LL

typedef int (*cgt_fn)(clockid_t, struct timespec *);
typedef int (*gtod_fn)(struct timeval *, void *);
typedef int (*getcpu_fn)(unsigned *, unsigned *, void *);

/* A LINUX_4.15 symbol of the vDSO at @base, or NULL (as musl's __vdsosym). */
static void *vdso_sym_at(unsigned long base, const char *name)
{
	Elf64_Ehdr *eh = (void *)base;
	Elf64_Phdr *ph = (void *)(base + eh->e_phoff);
	Elf64_Dyn *dyn = NULL;
	Elf64_Sym *syms = NULL;
	Elf64_Word *hash = NULL;
	Elf64_Half *versym = NULL;
	Elf64_Verdef *verdef = NULL;
	const char *str = NULL;
	unsigned long bias = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD)
			bias = base + ph[i].p_offset - ph[i].p_vaddr;
		else if (ph[i].p_type == PT_DYNAMIC)
			dyn = (void *)(base + ph[i].p_offset);
	}
	if (!dyn)
		return NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		void *p = (void *)(bias + dyn->d_un.d_ptr);
		switch (dyn->d_tag) {
		case DT_STRTAB: str = p; break;
		case DT_SYMTAB: syms = p; break;
		case DT_HASH: hash = p; break;
		case DT_VERSYM: versym = p; break;
		case DT_VERDEF: verdef = p; break;
		}
	}
	if (!str || !syms || !hash || !versym || !verdef)
		return NULL;
	for (Elf64_Word i = 0; i < hash[1]; i++) {
		Elf64_Verdef *d;
		if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC ||
		    ELF64_ST_BIND(syms[i].st_info) != STB_GLOBAL ||
		    !syms[i].st_shndx || strcmp(name, str + syms[i].st_name))
			continue;
		for (d = verdef; d; d = d->vd_next ? (void *)((char *)d + d->vd_next) : NULL) {
			Elf64_Verdaux *aux = (void *)((char *)d + d->vd_aux);
			if ((d->vd_ndx & 0x7fff) == (versym[i] & 0x7fff))
				return strcmp(str + aux->vda_name, "LINUX_4.15") ? NULL :
				       (void *)(bias + syms[i].st_value);
		}
	}
	return NULL;
}

static void *vdso_sym(const char *name)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	void *p;

	if (!base)
		fail("no AT_SYSINFO_EHDR in the auxv");
	p = vdso_sym_at(base, name);
	if (!p)
		fail("vDSO has no %s@LINUX_4.15", name);
	return p;
}

/* [start, end) and permissions of the /proc/self/maps line named @name. */
static int find_map(const char *name, unsigned long *start, unsigned long *end, char *perm)
{
	char buf[16384], *line, *save;

	if (read_text("/proc/self/maps", buf, sizeof(buf)) < 0)
		fail("read /proc/self/maps");
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line), k = strlen(name);
		if (n > k && strcmp(line + n - k, name) == 0 &&
		    sscanf(line, "%lx-%lx %4s", start, end, perm) == 3)
			return 0;
	}
	return -1;
}

static long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static long sys_ns(clockid_t clk)
{
	struct timespec ts;

	if (rsys(SYS_clock_gettime, clk, (long)&ts, 0, 0, 0, 0) != 0)
		fail("clock_gettime(%d) syscall failed", (int)clk);
	return ts_ns(&ts);
}

/* AT_SYSINFO_EHDR is an ELF header, [vdso] r-x at that address in the
 * maps, [vvar] read-only right below it. */
static void vdso_auxv_maps(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR), s, e, vs, ve;
	char perm[8], vperm[8];

	CHECK(base != 0);
	CHECK(memcmp((void *)base, ELFMAG, SELFMAG) == 0);
	CHECK(((Elf64_Ehdr *)base)->e_type == ET_DYN);
	if (find_map("[vdso]", &s, &e, perm))
		fail("no [vdso] in /proc/self/maps");
	CHECK(s == base);
	CHECK(strcmp(perm, "r-xp") == 0);
	if (find_map("[vvar]", &vs, &ve, vperm))
		fail("no [vvar] in /proc/self/maps");
	CHECK(ve == base);
	CHECK(vperm[0] == 'r' && vperm[1] == '-');
	/* read-only to user space: no write, no mprotect to writable */
	CHECK(probe_write((void *)vs) != 0);
	CHECK_ERR(mprotect((void *)vs, ve - vs, PROT_READ | PROT_WRITE), EACCES);
}

static void vdso_symbols(void)
{
	static const char *const names[] = {
		"__vdso_rt_sigreturn", "__vdso_gettimeofday", "__vdso_clock_gettime",
		"__vdso_clock_getres", "__vdso_getcpu", "__vdso_flush_icache",
		"__vdso_riscv_hwprobe",
	};
	unsigned long base = getauxval(AT_SYSINFO_EHDR);

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		vdso_sym(names[i]);
	CHECK(vdso_sym_at(base, "__vdso_no_such_thing") == NULL);
}

/* syscall <= vDSO <= syscall for every clock the vDSO reads itself, and
 * for the CPU-time clocks it hands to the kernel. */
static void vdso_clock_bracket(void)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
		CLOCK_TAI, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
		CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
	};
	cgt_fn cgt = vdso_sym("__vdso_clock_gettime");
	struct timespec ts;

	for (unsigned c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++) {
		for (int i = 0; i < 300; i++) {
			long a = sys_ns(clocks[c]), v, b;
			CHECK(cgt(clocks[c], &ts) == 0);
			v = ts_ns(&ts);
			b = sys_ns(clocks[c]);
			CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < NSEC);
			if (v < a || v > b)
				fail("clock %d: vDSO %ld not in [%ld, %ld]", (int)clocks[c], v, a, b);
		}
	}
	/* an unknown clock: the kernel's answer, as a raw -errno */
	CHECK(cgt(100, &ts) == -EINVAL);
}

static void vdso_monotonic(void)
{
	cgt_fn cgt = vdso_sym("__vdso_clock_gettime");
	struct timespec ts;
	long prev = 0;

	for (int i = 0; i < 20000; i++) {
		CHECK(cgt(CLOCK_MONOTONIC, &ts) == 0);
		if (ts_ns(&ts) < prev)
			fail("vDSO monotonic went back %ld ns", prev - ts_ns(&ts));
		prev = ts_ns(&ts);
	}
}

static void vdso_gettimeofday(void)
{
	gtod_fn gtod = vdso_sym("__vdso_gettimeofday");
	struct timeval tv;
	struct { int mw, dst; } tz = { 77, 77 };

	for (int i = 0; i < 300; i++) {
		long a = sys_ns(CLOCK_REALTIME) / 1000, v, b;
		CHECK(gtod(&tv, NULL) == 0);
		b = sys_ns(CLOCK_REALTIME) / 1000;
		v = tv.tv_sec * 1000000L + tv.tv_usec;
		CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
		if (v < a || v > b)
			fail("gettimeofday %ld not in [%ld, %ld]", v, a, b);
	}
	CHECK(gtod(NULL, &tz) == 0);
	CHECK(gtod(NULL, NULL) == 0);
}

static void vdso_getres(void)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
		CLOCK_TAI, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
		CLOCK_PROCESS_CPUTIME_ID,
	};
	cgt_fn getres = vdso_sym("__vdso_clock_getres");
	struct timespec v, s;

	for (unsigned c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++) {
		CHECK(getres(clocks[c], &v) == 0);
		CHECK(rsys(SYS_clock_getres, clocks[c], (long)&s, 0, 0, 0, 0) == 0);
		if (v.tv_sec != s.tv_sec || v.tv_nsec != s.tv_nsec)
			fail("clock %d: vDSO res %ld ns, syscall %ld ns", (int)clocks[c],
			     ts_ns(&v), ts_ns(&s));
		CHECK(getres(clocks[c], NULL) == 0);
	}
	CHECK(getres(100, &v) == -EINVAL);
}

/* clock_settime/settimeofday show in the vDSO's REALTIME at once (no
 * tick in between), and MONOTONIC does not move with them. */
static void vdso_realtime_set(void)
{
	cgt_fn cgt = vdso_sym("__vdso_clock_gettime");
	gtod_fn gtod = vdso_sym("__vdso_gettimeofday");
	long saved = sys_ns(CLOCK_REALTIME), m0 = sys_ns(CLOCK_MONOTONIC), target, after;
	struct timespec ts;
	struct timeval tv;

	target = saved + 1000 * NSEC;
	ts.tv_sec = target / NSEC;
	ts.tv_nsec = target % NSEC;
	CHECK_OK(clock_settime(CLOCK_REALTIME, &ts));
	CHECK(cgt(CLOCK_REALTIME, &ts) == 0);
	after = sys_ns(CLOCK_REALTIME);
	if (ts_ns(&ts) < target || ts_ns(&ts) > after)
		fail("vDSO realtime %ld after setting %ld (syscall now %ld)", ts_ns(&ts), target, after);

	target = saved + 2000 * NSEC;
	tv.tv_sec = target / NSEC;
	tv.tv_usec = 0;
	CHECK_OK(settimeofday(&tv, NULL));
	CHECK(gtod(&tv, NULL) == 0);
	CHECK(tv.tv_sec >= target / NSEC && tv.tv_sec <= target / NSEC + 5);

	/* put the wall clock back where it would have been, plus a second:
	 * a wall clock that started at the epoch cannot be set before boot */
	after = saved + (sys_ns(CLOCK_MONOTONIC) - m0) + NSEC;
	ts.tv_sec = after / NSEC;
	ts.tv_nsec = after % NSEC;
	CHECK_OK(clock_settime(CLOCK_REALTIME, &ts));
	CHECK(cgt(CLOCK_REALTIME, &ts) == 0);
	CHECK(ts_ns(&ts) >= after && ts_ns(&ts) < after + 100 * NSEC);
	CHECK(cgt(CLOCK_MONOTONIC, &ts) == 0 && ts_ns(&ts) >= m0);
}

static void vdso_getcpu(void)
{
	getcpu_fn gc = vdso_sym("__vdso_getcpu");

	for (int i = 0; i < ncpus; i++) {
		unsigned cpu = ~0u, node = ~0u, scpu = ~0u;
		pin_self(cpus[i]);
		CHECK(gc(&cpu, &node, NULL) == 0);
		CHECK(rsys(SYS_getcpu, (long)&scpu, 0, 0, 0, 0, 0) == 0);
		CHECK(cpu == (unsigned)cpus[i] && scpu == cpu);
		CHECK(node == 0);
		CHECK(gc(NULL, NULL, NULL) == 0);
	}
}

/* musl's __riscv_flush_icache goes through __vdso_flush_icache. */
int __riscv_flush_icache(void *start, void *end, unsigned long flags);

static void vdso_flush_icache(void)
{
	typedef long (*fi_fn)(void *, void *, unsigned long);
	fi_fn fi = vdso_sym("__vdso_flush_icache");
	static char buf[64];

	CHECK(fi(buf, buf + sizeof(buf), 0) == 0);
	CHECK(__riscv_flush_icache(buf, buf + sizeof(buf), 0) == 0);
	CHECK(fi(buf, buf + sizeof(buf), 99) == -EINVAL);
}

static volatile unsigned long handler_ra;
static volatile int handled;

static void ra_handler(int sig)
{
	(void)sig;
	handler_ra = (unsigned long)__builtin_return_address(0);
	handled++;
}

/* A handler's ra is __vdso_rt_sigreturn of the vDSO at @base, and
 * returning through it resumes here. */
static void check_sigreturn_via(unsigned long base)
{
	unsigned long want = (unsigned long)vdso_sym_at(base, "__vdso_rt_sigreturn");
	struct sigaction sa = { .sa_handler = ra_handler };
	int before = handled;

	CHECK(want != 0);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(raise(SIGUSR1));
	CHECK(handled == before + 1);
	if (handler_ra != want)
		fail("handler ra %#lx, __vdso_rt_sigreturn %#lx", handler_ra, want);
}

static void vdso_sigreturn(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR), s, e;
	char perm[8];
	pid_t pid;

	check_sigreturn_via(base);
	pid = fork_or_fail();
	if (pid == 0) {
		/* the child has the same vDSO at the same place */
		if (find_map("[vdso]", &s, &e, perm) || s != base)
			_exit(2);
		check_sigreturn_via(base);
		_exit(0);
	}
	CHECK(wait_exit(pid) == 0);
}

/* mremap may move the vDSO whole (the kernel then returns signals through
 * its new place) but not grow it. */
static void vdso_mremap(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR), s, e;
	char perm[8];
	pid_t pid;

	if (find_map("[vdso]", &s, &e, perm))
		fail("no [vdso]");
	CHECK(mremap((void *)s, e - s, e - s + 4096, MREMAP_MAYMOVE) == MAP_FAILED);
	CHECK(errno == EFAULT);
	pid = fork_or_fail();
	if (pid == 0) {
		void *dst = mmap(NULL, e - s, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		void *moved;

		if (dst == MAP_FAILED)
			_exit(2);
		moved = mremap((void *)s, e - s, e - s, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
		if (moved != dst)
			_exit(3);
		if (find_map("[vdso]", &s, &e, perm) || s != (unsigned long)dst)
			_exit(4);
		check_sigreturn_via((unsigned long)dst);
		_exit(0);
	}
	CHECK(wait_exit(pid) == 0);
	CHECK(getauxval(AT_SYSINFO_EHDR) == base);
}

/* shoal's count of system calls entered by this thread, or -1 (Linux). */
static long nr_syscalls(void)
{
	static char buf[8192];
	char *p;
	int fd = open("/proc/self/sched", O_RDONLY);
	long n = -1, len;

	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = 0;
	p = strstr(buf, "\nnr_syscalls");
	if (p && (p = strchr(p, ':')))
		n = strtol(p + 1, NULL, 10);
	return n;
}

/* On shoal, count: 1000 vDSO clock reads take no trap (1000 raw calls, as
 * a check of the counter, take 1000). Linux has no such counter. */
static void vdso_no_syscall(void)
{
	cgt_fn cgt = vdso_sym("__vdso_clock_gettime");
	gtod_fn gtod = vdso_sym("__vdso_gettimeofday");
	cgt_fn getres = vdso_sym("__vdso_clock_getres");
	struct timespec ts;
	struct timeval tv;
	long before, after;

	if (!on_shoal)
		return;
	before = nr_syscalls();
	CHECK(before >= 0);
	for (int i = 0; i < 1000; i++) {
		CHECK(cgt(i % 2 ? CLOCK_MONOTONIC : CLOCK_REALTIME, &ts) == 0);
		CHECK(cgt(CLOCK_BOOTTIME, &ts) == 0);
		CHECK(gtod(&tv, NULL) == 0);
		CHECK(getres(CLOCK_MONOTONIC, &ts) == 0);
	}
	after = nr_syscalls();
	if (after - before > 10)
		fail("4000 vDSO calls took %ld system calls", after - before - 4);
	before = nr_syscalls();
	for (int i = 0; i < 1000; i++)
		CHECK(cgt(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0);        /* the fallback */
	after = nr_syscalls();
	CHECK(after - before >= 1000);
}

const struct test vdso_tests[] = {
	{ "vdso_auxv_maps", vdso_auxv_maps },
	{ "vdso_symbols", vdso_symbols },
	{ "vdso_clock_bracket", vdso_clock_bracket },
	{ "vdso_monotonic", vdso_monotonic },
	{ "vdso_gettimeofday", vdso_gettimeofday },
	{ "vdso_getres", vdso_getres },
	{ "vdso_realtime_set", vdso_realtime_set },
	{ "vdso_getcpu", vdso_getcpu },
	{ "vdso_flush_icache", vdso_flush_icache },
	{ "vdso_sigreturn", vdso_sigreturn },
	{ "vdso_mremap", vdso_mremap },
	{ "vdso_no_syscall", vdso_no_syscall },
	{ NULL, NULL },
};
