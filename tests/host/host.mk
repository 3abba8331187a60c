# Host unit tests: the pure kernel files (lib/, mm/ allocators, spinlocks,
# sk_buffs) and the IPv4 stack (test_net_*: HOST_NET_KSRCS around net_shim.c)
# built for the build machine with ASan/UBSan and the `check` framework.
#
#   make hosttest      build build/host/test_* and run them all (CK_VERBOSE=1)
#
# Every tests/host/test_NAME.c becomes build/host/test_NAME, linked with the
# shim and the kernel objects; test_debug*.c get the objects built with
# CONFIG_DEBUG. Kernel objects are built with -Dmemcpy=shoal_memcpy etc.
# (HOST_RENAME), so they use the kernel's string functions and vsnprintf
# while the test code and libc keep the host's. Included by the top-level
# Makefile; every variable here starts with HOST_.

HOST_CC      := gcc
HOST_OUT     := build/host
HOST_CFLAGS  := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-Wall -Werror -Iinclude -Iarch/riscv/include -Itests/host/include \
		-DHOST_TEST -DCONFIG_LOCK_STAT
HOST_LDFLAGS := -fsanitize=address,undefined
HOST_LIBS    := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck) -lpthread
HOST_CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)

HOST_RENAMED := memcpy memset memmove memcmp strlen strnlen strcmp strncmp \
		strchr strrchr strstr strlcpy strncpy simple_strtoul simple_strtol \
		vsnprintf snprintf scnprintf
HOST_RENAME  := $(foreach f,$(HOST_RENAMED),-D$(f)=shoal_$(f)) -fno-builtin

HOST_KSRCS   := lib/string.c lib/vsprintf.c lib/fdt.c lib/cpio.c lib/avltree.c \
		kernel/locking/spinlock.c mm/page_alloc.c mm/slab.c \
		lib/checksum.c net/core/skbuff.c kernel/notifier.c lib/chacha.c \
		net/core/filter.c kernel/irq/matrix.c drivers/pci/setup-res.c
HOST_KOBJS   := $(patsubst %.c,$(HOST_OUT)/k/%.o,$(HOST_KSRCS))
HOST_KOBJS_DEBUG := $(patsubst %.c,$(HOST_OUT)/kdebug/%.o,$(HOST_KSRCS))
HOST_SHIM    := $(HOST_OUT)/shim.o

# The IPv4 stack the protocol tests (test_net_*) drive, from ip_rcv down to
# the socket calls, around tests/host/net_shim.c (a device, a clock, timers).
HOST_NET_KSRCS := net/core/sock.c net/core/sock_reuseport.c net/core/datagram.c net/ipv4/af_inet.c kernel/time/time.c lib/iov_iter.c \
		net/ipv4/protocol.c net/ipv4/route.c net/ipv4/route_pmtu.c net/ipv4/proc.c \
		net/ipv4/ip_input.c net/ipv4/ip_output.c net/ipv4/icmp.c net/ipv4/udp.c \
		net/ipv4/inet_hashtables.c net/ipv4/inet_connection_sock.c \
		net/ipv4/inet_timewait_sock.c net/ipv4/tcp.c net/ipv4/tcp_input.c \
		net/ipv4/tcp_output.c net/ipv4/tcp_ipv4.c net/ipv4/tcp_timer.c \
		net/ipv4/tcp_minisocks.c net/ipv4/tcp_cong.c net/ipv4/tcp_sack.c net/ipv4/tcp_recovery.c \
		net/core/request_sock.c net/ipv4/syncookies.c net/ipv4/tcp_urg.c net/ipv4/tcp_fastopen.c \
		net/core/gso.c net/core/gro.c net/ipv4/tcp_offload.c net/core/dst_pmtu.c
HOST_NET_KOBJS := $(patsubst %.c,$(HOST_OUT)/k/%.o,$(HOST_NET_KSRCS))
HOST_NET_SHIM  := $(HOST_OUT)/net_shim.o
HOST_HDRS    := $(wildcard include/shoal/*.h include/net/*.h tests/host/include/*.h)

HOST_TEST_SRCS  := $(sort $(wildcard tests/host/test_*.c))
HOST_DEBUG_SRCS := $(filter tests/host/test_debug%,$(HOST_TEST_SRCS))
HOST_NET_SRCS   := $(filter tests/host/test_net_%,$(HOST_TEST_SRCS))
HOST_PLAIN_SRCS := $(filter-out $(HOST_DEBUG_SRCS) $(HOST_NET_SRCS),$(HOST_TEST_SRCS))
HOST_PLAIN_BINS := $(patsubst tests/host/%.c,$(HOST_OUT)/%,$(HOST_PLAIN_SRCS))
HOST_DEBUG_BINS := $(patsubst tests/host/%.c,$(HOST_OUT)/%,$(HOST_DEBUG_SRCS))
HOST_NET_BINS   := $(patsubst tests/host/%.c,$(HOST_OUT)/%,$(HOST_NET_SRCS))
HOST_BINS    := $(HOST_PLAIN_BINS) $(HOST_DEBUG_BINS) $(HOST_NET_BINS)

$(HOST_OUT)/k/%.o: %.c $(HOST_HDRS) tests/host/host.mk
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_RENAME) -c -o $@ $<

$(HOST_OUT)/kdebug/%.o: %.c $(HOST_HDRS) tests/host/host.mk
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -DCONFIG_DEBUG $(HOST_RENAME) -c -o $@ $<

$(HOST_SHIM): tests/host/shim.c $(HOST_HDRS) tests/host/host.mk
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_CHECK_CFLAGS) -c -o $@ $<

$(HOST_NET_SHIM): tests/host/net_shim.c $(HOST_HDRS) tests/host/host.mk
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_CHECK_CFLAGS) -c -o $@ $<

$(HOST_PLAIN_BINS): $(HOST_OUT)/%: tests/host/%.c $(HOST_KOBJS) $(HOST_SHIM)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_CHECK_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(HOST_KOBJS) $(HOST_SHIM) $(HOST_LIBS)

$(HOST_DEBUG_BINS): $(HOST_OUT)/%: tests/host/%.c $(HOST_KOBJS_DEBUG) $(HOST_SHIM)
	$(HOST_CC) $(HOST_CFLAGS) -DCONFIG_DEBUG $(HOST_CHECK_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(HOST_KOBJS_DEBUG) $(HOST_SHIM) $(HOST_LIBS)

$(HOST_NET_BINS): $(HOST_OUT)/%: tests/host/%.c $(HOST_KOBJS) $(HOST_NET_KOBJS) $(HOST_NET_SHIM) $(HOST_SHIM)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_CHECK_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(HOST_NET_KOBJS) $(HOST_KOBJS) $(HOST_NET_SHIM) $(HOST_SHIM) $(HOST_LIBS)

# test_arp, test_route, test_ipconfig, test_napi, test_locks, test_sysctl, test_virtio, test_virtio_ring and
# test_virtio_net_rx include their kernel file whole (its kernel calls are stubbed).
$(HOST_OUT)/test_arp: net/ipv4/arp.c
$(HOST_OUT)/test_route: net/ipv4/route.c
$(HOST_OUT)/test_ipconfig: net/ipv4/ipconfig.c
$(HOST_OUT)/test_napi: net/core/dev.c
$(HOST_OUT)/test_timer: kernel/time/timer.c
$(HOST_OUT)/test_locks: fs/locks.c
$(HOST_OUT)/test_sysctl: kernel/sysctl.c
$(HOST_OUT)/test_iov_iter: lib/iov_iter.c
$(HOST_OUT)/test_virtio_ring: drivers/virtio/virtio_ring.c
$(HOST_OUT)/test_virtio: drivers/virtio/virtio.c
$(HOST_OUT)/test_virtio_net_rx: drivers/virtio_net_mq/rx.c drivers/virtio_net_mq/virtio_net.h

hosttest-build: $(HOST_BINS)

# Runs every binary even after a failure; fails iff any test failed.
hosttest: $(HOST_BINS)
	@HOST_FAILED=0; \
	for t in $(HOST_BINS); do \
		echo "== $$t"; \
		CK_VERBOSE=1 HOST_TEST_TMP=$(HOST_OUT)/tmp ASAN_OPTIONS=detect_leaks=1 \
			./$$t || HOST_FAILED=$$((HOST_FAILED + 1)); \
	done; \
	rm -rf $(HOST_OUT)/tmp; \
	if [ $$HOST_FAILED -ne 0 ]; then echo "hosttest: $$HOST_FAILED test program(s) failed"; exit 1; fi; \
	echo "hosttest: all test programs passed"

.PHONY: hosttest hosttest-build
