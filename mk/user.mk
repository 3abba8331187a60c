# User programs, static musl (build/rv/bin/rv-musl-gcc):
#   user/bin/NAME.c        -> /bin/NAME
#   user/NAME/*.c          -> /bin/NAME  (one program per directory)
#   user/bench/NAME.c      -> /bin/NAME  (the study programs, one file each)
#   user/init/*.c          -> /sbin/init
# Dynamic glibc programs (the host's Debian cross compiler, no -static):
#   user/glibc/NAME.c      -> /bin/glibc-NAME
# Headers shared by user programs may live in user/include/.

UCFLAGS := -O2 -g -Wall -Werror -MMD -MP -pthread $(if $(wildcard user/include),-Iuser/include)
UB      := $(B)/user

# one-file programs
USRC1   := $(wildcard user/bin/*.c)
UPROGS  := $(patsubst user/bin/%.c,$(UB)/bin/%,$(USRC1))

# study programs
UPROGS  += $(patsubst user/bench/%.c,$(UB)/bin/%,$(wildcard user/bench/*.c))

# directory programs (not user/bin, user/bench, user/init, user/include, user/glibc)
UDIRS   := $(filter-out bin bench init include glibc,$(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c)))))
UPROGS  += $(foreach d,$(sort $(UDIRS)),$(UB)/bin/$(d))

# glibc programs
GLIBCC  := riscv64-linux-gnu-gcc
GCFLAGS := -O2 -g -Wall -Werror -pthread
UPROGS  += $(patsubst user/glibc/%.c,$(UB)/bin/glibc-%,$(wildcard user/glibc/*.c))

INIT    := $(UB)/sbin/init

user: $(UPROGS) $(INIT)

$(UB)/bin/%: user/bin/%.c $(TOOLS_STAMP)
	@mkdir -p $(@D) $(UB)/obj
	$(MUSLCC) $(UCFLAGS) -MF $(UB)/obj/$*.d -o $@ $<

$(UB)/bin/%: user/bench/%.c $(TOOLS_STAMP)
	@mkdir -p $(@D) $(UB)/obj
	$(MUSLCC) $(UCFLAGS) -MF $(UB)/obj/$*.d -o $@ $<

# Objects of directory programs, then one link rule per directory.
$(UB)/obj/%.o: user/%.c $(TOOLS_STAMP)
	@mkdir -p $(@D)
	$(MUSLCC) $(UCFLAGS) -c -o $@ $<

define UPROG_DIR
$(UB)/bin/$(1): $(patsubst user/%.c,$(UB)/obj/%.o,$(wildcard user/$(1)/*.c))
	@mkdir -p $$(@D)
	$(MUSLCC) $(UCFLAGS) -o $$@ $$^
endef
$(foreach d,$(sort $(UDIRS)),$(eval $(call UPROG_DIR,$(d))))

$(UB)/bin/glibc-%: user/glibc/%.c
	@mkdir -p $(@D)
	$(GLIBCC) $(GCFLAGS) -o $@ $<

$(INIT): $(patsubst user/%.c,$(UB)/obj/%.o,$(wildcard user/init/*.c))
	@mkdir -p $(@D)
	$(MUSLCC) $(UCFLAGS) -o $@ $^

-include $(wildcard $(UB)/obj/*.d $(UB)/obj/*/*.d)

.PHONY: user
