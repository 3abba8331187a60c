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
KSRCS   := $(if $(KDIRS),$(sort $(shell find $(KDIRS) -name '*.c' -o -name '*.S')))
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

-include $(KOBJS:.o=.d)

.PHONY: kernel
