# Tool set-up: host packages, the riscv64 Debian tree and rv-musl-gcc, all
# done by scripts/setup-tools the first time (and when the script changes).

TOOLS_STAMP := $(B)/rv/.setup-done
MUSLCC      := $(B)/rv/bin/rv-musl-gcc

tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): scripts/setup-tools
	scripts/setup-tools
	@touch $@

.PHONY: tools
