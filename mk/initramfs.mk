# build/initramfs.cpio: the base initramfs (both kernels).
# build/initramfs-linux.cpio: extra modules for Linux runs.

INITRAMFS       := $(B)/initramfs.cpio
INITRAMFS_LINUX := $(B)/initramfs-linux.cpio
ROOTFS_FILES    := $(shell find rootfs -type f 2>/dev/null)
SHTESTS_FILES   := $(wildcard user/shtests/*)

initramfs: $(INITRAMFS) $(INITRAMFS_LINUX)

$(INITRAMFS): $(INIT) $(UPROGS) $(ROOTFS_FILES) $(SHTESTS_FILES) scripts/mkinitramfs \
	      scripts/busybox-applets.txt $(TOOLS_STAMP)
	scripts/mkinitramfs base $@ $(INIT) $(UB)/bin

$(INITRAMFS_LINUX): scripts/mkinitramfs $(TOOLS_STAMP)
	scripts/mkinitramfs linux-modules $@

.PHONY: initramfs
