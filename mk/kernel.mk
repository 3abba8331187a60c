# The kernel: every .c and .S under the kernel source directories, compiled
# into build/obj/ (mirroring the tree) and linked with arch/riscv/kernel.ld
# into build/shoal.elf, plus its symbol table and disassembly. A DEBUG=1
# kernel lives apart, in build/debug/obj/ and build/debug/shoal.elf
# (scripts/run --debug boots it), so switching between the two rebuilds
# neither.

CROSS   ?= riscv64-linux-gnu-
# (K-prefixed so that host-side makefiles keep their own CC.)
KCC      := $(CROSS)gcc
KLD      := $(CROSS)ld
KOBJDUMP := $(CROSS)objdump
KNM      := $(CROSS)nm

DEBUG    ?= 0
LOCKSTAT ?= 1

KCFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	   -ffreestanding -fno-builtin -nostdlib -fno-pie -no-pie \
	   -fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	   -O2 -g -Wall -Wmissing-prototypes -Wredundant-decls -Werror -MMD -MP -Iinclude -Iarch/riscv/include
ifeq ($(DEBUG),1)
KCFLAGS += -DCONFIG_DEBUG
endif
ifeq ($(LOCKSTAT),1)
KCFLAGS += -DCONFIG_LOCK_STAT
endif

# where this flavour of the kernel is built
KB      := $(if $(filter 1,$(DEBUG)),$(B)/debug,$(B))

KDIRS   := $(wildcard arch/riscv kernel mm fs drivers lib net ipc)
# (arch/riscv/kernel/vdso/ is user code: built apart below, linked in as a blob)
VDSO_DIR := arch/riscv/kernel/vdso
KSRCS   := $(if $(KDIRS),$(sort $(shell find $(KDIRS) -path $(VDSO_DIR) -prune -o \
	     \( -name '*.c' -o -name '*.S' \) -print)))
KOBJS   := $(patsubst %,$(KB)/obj/%.o,$(basename $(KSRCS)))
KLDS    := arch/riscv/kernel.ld
LIBGCC   = $(shell $(KCC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name 2>/dev/null)
SHOAL_ELF := $(KB)/shoal.elf

# Rebuild every object when the flags change (LOCKSTAT=0, ...).
KFLAGS_STAMP := $(KB)/obj/.cflags
$(shell mkdir -p $(KB)/obj; \
	echo '$(KCFLAGS)' | cmp -s - $(KFLAGS_STAMP) || echo '$(KCFLAGS)' > $(KFLAGS_STAMP))

ifneq ($(wildcard $(KLDS)),)
kernel: $(SHOAL_ELF) $(KB)/shoal.sym $(KB)/shoal.asm
else
kernel:
	@echo "kernel: $(KLDS) does not exist yet; skipping the kernel"
endif

$(SHOAL_ELF): $(KOBJS) $(KLDS)
	$(KLD) -T $(KLDS) -o $@ $(KOBJS)

$(KB)/shoal.sym: $(SHOAL_ELF)
	$(KNM) -n $< > $@

$(KB)/shoal.asm: $(SHOAL_ELF)
	$(KOBJDUMP) -d -S $< > $@

$(KB)/obj/%.o: %.c $(KFLAGS_STAMP) | $(TOOLS_STAMP)
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c -o $@ $<

$(KB)/obj/%.o: %.S $(KFLAGS_STAMP) | $(TOOLS_STAMP)
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -D__ASSEMBLY__ -c -o $@ $<

# The vDSO (linux-vdso.so.1): position-independent, no libc, its own
# linker script; must come out with no dynamic relocations. The kernel
# embeds the stripped image (vdso-image.S) and takes its symbols' offsets
# from vdso-offsets.h.
VB        := $(KB)/vdso
VDSO_SRCS := $(wildcard $(VDSO_DIR)/*.c $(VDSO_DIR)/*.S)
VDSO_OBJS := $(patsubst %,$(VB)/%.o,$(notdir $(basename $(VDSO_SRCS))))
VDSO_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -fPIC -ffreestanding -fno-builtin \
	   -nostdlib -fno-stack-protector -O2 -g -Wall -Wmissing-prototypes -Werror \
	   -MMD -MP -Iinclude
VDSO_LDFLAGS := -nostdlib -shared -Wl,-T,$(VDSO_DIR)/vdso.lds -Wl,-soname=linux-vdso.so.1 \
	   -Wl,--hash-style=both -Wl,-Bsymbolic -Wl,--eh-frame-hdr -Wl,--no-undefined \
	   -Wl,-z,max-page-size=4096 -Wl,--build-id=sha1

$(VB)/%.o: $(VDSO_DIR)/%.c | $(TOOLS_STAMP)
	@mkdir -p $(@D)
	$(KCC) $(VDSO_CFLAGS) -c -o $@ $<

$(VB)/%.o: $(VDSO_DIR)/%.S | $(TOOLS_STAMP)
	@mkdir -p $(@D)
	$(KCC) $(VDSO_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(VB)/vdso.so.dbg: $(VDSO_OBJS) $(VDSO_DIR)/vdso.lds
	$(KCC) $(VDSO_LDFLAGS) -o $@ $(VDSO_OBJS)
	@if $(CROSS)readelf -r $@ | grep -q R_RISCV; then \
	  echo "$@: the vDSO must have no dynamic relocations"; rm -f $@; exit 1; fi

$(VB)/vdso.so: $(VB)/vdso.so.dbg
	$(CROSS)objcopy -S $< $@

$(VB)/vdso-offsets.h: $(VB)/vdso.so.dbg
	$(KNM) $< | sed -n 's/^\([0-9a-f]*\) [Tt] __vdso_\(.*\)$$/#define vdso_offset_\2\t0x\1/p' > $@

$(KB)/obj/arch/riscv/kernel/vdso-image.o: $(VB)/vdso.so
$(KB)/obj/arch/riscv/kernel/vdso-image.o: KCFLAGS += -DVDSO_SO='"$(VB)/vdso.so"'
$(KB)/obj/arch/riscv/kernel/vdso.o: $(VB)/vdso-offsets.h
$(KB)/obj/arch/riscv/kernel/vdso.o: KCFLAGS += -I$(VB)

-include $(KOBJS:.o=.d) $(VDSO_OBJS:.o=.d)

.PHONY: kernel
