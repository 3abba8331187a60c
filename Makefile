# shoal — a multicore RISC-V kernel.
#
#   make            tools (first time only), kernel, user programs, initramfs
#   make run        boot shoal on 4 CPUs, run /bin/cpuspread, then iperf3 with
#                   4 streams over loopback, then iperf3 to the host over
#                   the virtio-net NIC (/bin/nic-demo)
#   make test       every test (host unit tests, in-guest suites on shoal
#                   and on Linux); ends with "N passed, N failed"
#   make hosttest   host unit tests only
#   make fuzz       the system call fuzzer, one boot: SECONDS=60 SMP=4 SEED=N
#                   KERNEL=shoal|linux (Documentation/fuzzing.md)
#   make shell      boot shoal on 4 CPUs into an interactive busybox sh
#   make gdb        boot shoal stopped, waiting for gdb on :1234
#   make bench-loopback  iperf3 over loopback on shoal and on Linux, 3 boots
#                   per cell; writes bench/results/loopback.{md,png}
#                   (RUNS=3 DURATION=5 BENCH_ARGS="--kernel linux")
#   make bench-nic  iperf3 over the virtio-net NIC (a tap per boot, needs
#                   root), shoal and Linux, -smp 1/2/4 with -P 1/2/4, both
#                   directions, and shoal's NIC ceiling; writes
#                   bench/results/nic.{md,png} (RUNS=3 NIC_SECS=5 BENCH_TIMEOUT=600)
#   make bench-netem  shoal vs Linux over a bad link (scripts/run --netem):
#                   iperf3 and loss-recovery counters; bench/results/netem.md
#   make netem-check SIZE=1G  SIZE each way over the bad link, both kernels
#   make bench-sched  /bin/schedlat at -smp 2 (futex and pipe wake-up
#                   latency, a 100 us waiter beside a busy process, timer
#                   overshoot, CPU shares at equal and unequal nice) and
#                   unpaced UDP iperf3 at -smp 1, shoal and Linux
#                   interleaved; writes bench/results/sched.{md,png}
#                   (RUNS=3 BENCH_TIMEOUT=600 UDP_SECS=5 SCHEDLAT_ARGS=)
#   make bench-scaling  iperf3 -P 1,2,4,8 at -smp 1,2,4 over loopback and the NIC
#   make bench-herd     /bin/herd in every mode, 1-8 workers, -smp 2 and 4
#   make bench-poll     /bin/pollbench: select, poll, ppoll, epoll, n 16-4096
#                   each on shoal and Linux; writes bench/results/<study>.{md,png}
#                   (knobs: scripts/bench-study --help; Documentation/studies/)
#   make clean      remove build products (keeps downloaded packages)
#   make distclean  remove all of build/, downloads too
#
# Knobs: DEBUG=1 (-DCONFIG_DEBUG; builds build/debug/shoal.elf, booted by
# scripts/run --debug), LOCKSTAT=0|1 (-DCONFIG_LOCK_STAT, default 1).
# See scripts/run for booting by hand, e.g.
#   scripts/run --smp 4 -- /bin/busybox sh -c 'cat /proc/interrupts'
#   scripts/run --kernel linux --smp 4 -- /usr/bin/iperf3 -v

B := build

all: tools kernel user initramfs

include mk/tools.mk
include mk/kernel.mk
include mk/user.mk
include mk/initramfs.mk

# make run's NIC: a tap with 2 queue pairs in a namespace of its own when
# root with /dev/net/tun, else QEMU's user network (no root needed)
RUN_NET = $(shell if [ -c /dev/net/tun ] && [ "$$(id -u)" = 0 ]; then \
	    echo "--net tap:2 --host scripts/nic-peer"; \
	  else echo "--net user --host 'iperf3 -s -B 127.0.0.1'"; fi)

run: all
	scripts/run --smp 4 --timeout 600 $(RUN_NET) -- /bin/sh -c \
	  '/bin/cpuspread && iperf3 -s -D && sleep 1 && iperf3 -c 127.0.0.1 -t 5 -P 4 && /bin/nic-demo'

# scripts/test builds what it needs and counts a build failure as a failure.
test:
	scripts/test

# the system call fuzzer for as long as asked, one boot, judged by
# scripts/fuzz-check: make fuzz SECONDS=600 [SMP=4] [SEED=N] [KERNEL=linux]
SECONDS ?= 60
SMP ?= 4
KERNEL ?= shoal
fuzz: all
	scripts/run --no-build --smp $(SMP) --kernel $(KERNEL) --timeout $$(($(SECONDS) + 180)) \
	  --log $(B)/fuzz.log -- /bin/fuzz -s $(SECONDS) -w 4 -T 2 $(if $(SEED),-S $(SEED)); \
	  python3 scripts/fuzz-check $(B)/fuzz.log $$?

# an interactive busybox shell on shoal's console, 4 CPUs
shell: all
	scripts/run --smp 4 --timeout 0 -- /bin/sh

gdb: all
	scripts/run --smp 1 --gdb --timeout 0 -- /bin/sh

# builds the kernel itself: a shoal that does not build or run is recorded
# as failed in the table, not fatal
bench-loopback: tools
	scripts/bench-loopback $(BENCH_ARGS)

# malformed frames and a SYN flood from the host at the guest, on a tap in
# a namespace of its own (Documentation/syncookies.md):
# make frame-storm [FRAMES=100000] [SYNS=20000] [SMP=4] [KERNEL=linux]
FRAMES ?= 100000
SYNS ?= 20000
frame-storm: all
	scripts/run --no-build --smp $(SMP) --kernel $(KERNEL) --timeout 1800 --net tap \
	  --host 'scripts/frame-storm --log $(B)/frame-storm.peer.log' \
	  -- /bin/frame-storm-tests $(FRAMES) $(SYNS)

bench-nic: tools
	scripts/bench-nic $(BENCH_ARGS)

bench-sched: tools
	scripts/bench-sched $(BENCH_ARGS)

# TCP over a bad link (scripts/run --netem): shoal and Linux, iperf3 and
# the loss-recovery counters (RUNS NETEM_SECS NETEM_SPEC); netem-check moves
# SIZE bytes each way on both kernels (default 1G) and judges the sha256
bench-netem: tools
	scripts/bench-netem $(BENCH_ARGS)

SIZE ?= 1G
netem-check: all
	@b=$$(numfmt --from=iec $(SIZE)); rc=0; for k in shoal linux; do \
	  echo "== netem-check: $$k, $(SIZE) each way"; \
	  scripts/run --no-build --kernel $$k --smp 2 --timeout 3600 --net tap \
	    --netem "$${NETEM_SPEC:-loss 2% reorder 25% 50% duplicate 1% delay 5ms}" \
	    --host "scripts/nic-peer --log build/netem-$$k.peer.log" \
	    -- /bin/sh -c "NETEM_BYTES=$$b NETXFER_TIMEOUT=3000 /bin/nic-tests -q 1 netem-out netem-in" \
	    > build/netem-$$k.log 2>&1 < /dev/null; \
	  scripts/netem-check build/netem-$$k.log || rc=1; \
	done; exit $$rc

bench-scaling bench-herd bench-poll: tools
	scripts/bench-study $(patsubst bench-%,%,$@) $(BENCH_ARGS)

ifneq ($(wildcard tests/host/host.mk),)
include tests/host/host.mk
else
hosttest:
	@echo "no host tests (tests/host/host.mk is missing)"
endif

clean:
	rm -rf $(B)/obj $(B)/user $(B)/initramfs $(B)/initramfs-linux $(B)/*.cpio \
	       $(B)/shoal.elf $(B)/shoal.sym $(B)/shoal.asm $(B)/run $(B)/test-logs \
	       $(B)/debug

distclean:
	rm -rf $(B)

.PHONY: all run test fuzz shell gdb frame-storm bench-loopback bench-nic bench-netem netem-check bench-sched bench-scaling bench-herd bench-poll hosttest clean distclean
