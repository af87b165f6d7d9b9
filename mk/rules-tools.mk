# rules-tools.mk — the host tools (tools/<name>.c plus the shared ELF reader),
# built with the host gcc into build/tools/ whatever the TARGET, since lx106
# links need them; and `make image` / `make size` for the ESP8266 demo.
HOSTCC := gcc
TOOLS_DIR := build/tools
TOOLS := $(addprefix $(TOOLS_DIR)/,esp-image size-report snapshot-check)
TOOL_MODULES := tools/elf.c
EXTRA_ALL += $(TOOLS)

# The same tools with AddressSanitizer and UBSan, any finding fatal, for the
# mutation tests (tests/system/mutate_tools.py); built only when asked for.
TOOLS_ASAN := $(addprefix $(TOOLS_DIR)/asan/,esp-image size-report snapshot-check)
TOOL_FLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror
$(TOOLS_ASAN): TOOL_FLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all

# snapshot-check also reads the firmware's UART dump frames.
$(TOOLS_DIR)/snapshot-check $(TOOLS_DIR)/asan/snapshot-check: TOOL_OWN := tools/snapshot-frame.c kernel/crc32.c
$(TOOLS_DIR)/snapshot-check $(TOOLS_DIR)/asan/snapshot-check: tools/snapshot-frame.c tools/snapshot-frame.h \
	kernel/crc32.c include/crc32.h include/snapshot.h

# Built under a temporary name and renamed: a link that runs a tool while
# another make rebuilds it never sees half a binary.
define build_tool
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOSTCC) $(TOOL_FLAGS) -o $@.tmp.$$$$ $< $(TOOL_MODULES) $(TOOL_OWN) -Iinclude && mv -f $@.tmp.$$$$ $@
endef
$(TOOLS): $(TOOLS_DIR)/%: tools/%.c $(TOOL_MODULES) $(TOOL_MODULES:.c=.h) include/layout.h
	$(build_tool)
$(TOOLS_ASAN): $(TOOLS_DIR)/asan/%: tools/%.c $(TOOL_MODULES) $(TOOL_MODULES:.c=.h) include/layout.h
	$(build_tool)

# The images are the chip's, so image and size always mean TARGET=esp8266.
ifeq ($(TARGET),esp8266)
# Flash settings written into the image header (esp-image elf2image's
# options); dio at 40m works on most modules, and the layout uses 1 MiB.
IMAGE_FLASH ?= --flash-mode dio --flash-size 1M --flash-freq 40m
# 0x10000: irom0 starts at 0x40210000 in board/esp8266/layout.ld
IMAGE_FILES := $(BUILD)/demo-0x00000.bin $(BUILD)/demo-0x10000.bin

image: $(BUILD)/demo-flash.bin

# The images are remade when IMAGE_FLASH changes, not only when the ELF does.
$(BUILD)/image-flash.txt: FORCE
	@mkdir -p $(dir $@)
	@echo '$(IMAGE_FLASH)' | cmp -s - $@ 2>/dev/null || echo '$(IMAGE_FLASH)' > $@

$(IMAGE_FILES) &: $(BUILD)/demo.elf $(TOOLS_DIR)/esp-image $(BUILD)/image-flash.txt
	@$(if $(Q),echo "  IMAGE   $(BUILD)/demo-0x*.bin")
	$(Q)$(TOOLS_DIR)/esp-image elf2image $(IMAGE_FLASH) -o $(BUILD)/demo- $< >/dev/null

$(BUILD)/demo-flash.bin: $(IMAGE_FILES) $(TOOLS_DIR)/esp-image
	@$(if $(Q),echo "  MERGE   $@")
	$(Q)$(TOOLS_DIR)/esp-image merge -o $@ 0x0 $(word 1,$(IMAGE_FILES)) 0x10000 $(word 2,$(IMAGE_FILES)) >/dev/null

# ... and the eBPF loader's firmware, which holds the JIT: its IRAM code pool
# is a section and a module of its own (.bpf_jit_pool, board/esp8266/jit_pool.c).
size: $(BUILD)/demo.elf $(BUILD)/bpfload.elf $(TOOLS_DIR)/size-report
	@$(TOOLS_DIR)/size-report $<
	@echo
	@$(TOOLS_DIR)/size-report --top 5 $(BUILD)/bpfload.elf

# make flash PORT=/dev/ttyUSB0: esptool writes the image (mk/esp-serial.sh);
# make monitor PORT=...: the console. DRY_RUN=1 prints the command.
flash: $(IMAGE_FILES) $(TOOLS_DIR)/esp-image
	@mk/esp-serial.sh flash $(PORT) $(FLASH_BAUD) $(IMAGE_FILES) $(TOOLS_DIR)/esp-image
else
image size flash:
	@$(MAKE) --no-print-directory TARGET=esp8266 $@
endif

PORT ?= /dev/ttyUSB0
FLASH_BAUD ?= 460800
# The ROM's own boot messages are at 74880: MONITOR_BAUD=74880.
MONITOR_BAUD ?= 115200
.PHONY: flash monitor FORCE
monitor:
	@mk/esp-serial.sh monitor $(PORT) $(MONITOR_BAUD)

# Every kind of damage through the UART dump path, on qemu-lx106 and rv64
# (make test runs a sample of them).
.PHONY: test-snapshot-uart
test-snapshot-uart:
	@$(MAKE) -s --no-print-directory TARGET=qemu-lx106 all && $(MAKE) -s --no-print-directory TARGET=rv64 all
	@SNAPSHOT_UART_FAULTS=all bash tests/system/snapshot_uart.sh

# The snapshot checker reads the runtime_layout descriptor (kernel/layout.c)
# from every firmware: nothing calls it, so each target link keeps it by name.
ifneq ($(TARGET),host)
LDFLAGS += -Wl,-u,runtime_layout
endif

# make snapshot: boots SNAPSHOT_ELF under QEMU, lets it run until a console
# line matches SNAPSHOT_WAIT (if set) and SNAPSHOT_SETTLE seconds more, saves
# its RAM through QMP (tools/snapshot.py) and checks it (snapshot-check).
# make snapshot PORT=/dev/ttyUSB0 (or TARGET=esp8266, whose PORT defaults as
# for flash): asks the board on that port for a dump over its console UART
# (or, with SNAPSHOT_AFTER_PANIC=1, waits for the one its next panic sends)
# and checks it against the esp8266 build of SNAPSHOT_ELF, unless TARGET is
# given.
SNAPSHOT_ELF ?= $(BUILD)/demo.elf
SNAPSHOT_WAIT ?=
SNAPSHOT_SETTLE ?= 1
SNAPSHOT_AFTER_PANIC ?=
ifeq ($(ARCH),xtensa)
SNAPSHOT_RAM := 0x3FFE8000 0x18000 # DRAM as QEMU's lx106 maps it (facts/qemu-lx106.md)
else ifeq ($(ARCH),riscv)
SNAPSHOT_RAM := 0x80000000 0x8000000 # virt's RAM: board/qemu-virt/virt.ld
endif

.PHONY: snapshot
SNAPSHOT_PORT := $(if $(filter command line environment,$(origin PORT))$(filter esp8266,$(TARGET)),$(PORT))
ifneq ($(SNAPSHOT_PORT),)
ifeq ($(origin TARGET),file)
snapshot:
	@$(MAKE) --no-print-directory TARGET=esp8266 snapshot
else
snapshot: $(SNAPSHOT_ELF) $(TOOLS_DIR)/snapshot-check
	@python3 tools/snapshot.py --port '$(SNAPSHOT_PORT)' --out $(BUILD)/snapshot.frame \
		$(if $(SNAPSHOT_WAIT),--wait '$(SNAPSHOT_WAIT)') $(if $(SNAPSHOT_AFTER_PANIC),--after-panic)
	@$(TOOLS_DIR)/snapshot-check $< $(BUILD)/snapshot.frame
endif
else ifneq ($(QEMU),)
snapshot: $(SNAPSHOT_ELF) $(TOOLS_DIR)/snapshot-check
	@python3 tools/snapshot.py --qemu "$(QEMU)" --elf $< --out $(BUILD)/snapshot.bin \
		--base $(word 1,$(SNAPSHOT_RAM)) --size $(word 2,$(SNAPSHOT_RAM)) \
		$(if $(SNAPSHOT_WAIT),--wait '$(SNAPSHOT_WAIT)') --settle $(SNAPSHOT_SETTLE)
	@$(TOOLS_DIR)/snapshot-check $< $(BUILD)/snapshot.bin $(word 1,$(SNAPSHOT_RAM))
else
snapshot:
	@echo "make snapshot: a board needs its serial port (make snapshot PORT=/dev/ttyUSB0);" \
		"without one, a QEMU target (TARGET=qemu-lx106, rv32 or rv64)"; false
endif

# make debug: DEBUG_ELF halted before its first instruction under QEMU's gdb
# stub on GDB_PORT, and the one gdb command line that attaches with symbols.
DEBUG_ELF ?= $(BUILD)/demo.elf
GDB_PORT ?= 1234
ifeq ($(ARCH),xtensa)
# Debian's gdb-multiarch has no Xtensa target (facts/qemu-lx106.md);
# Espressif's lx106 toolchain ships this gdb.
DEBUG_GDB := xtensa-lx106-elf-gdb
DEBUG_NOTE := (Debian's gdb-multiarch cannot debug Xtensa; xtensa-lx106-elf-gdb comes with Espressif's ESP8266 toolchain)
else
DEBUG_GDB := gdb-multiarch
endif

.PHONY: debug
ifneq ($(QEMU),)
debug: $(DEBUG_ELF)
	@echo "8266go: $(DEBUG_ELF) halted before its first instruction, gdb stub on localhost:$(GDB_PORT); attach with:"
	@echo "$(DEBUG_GDB) $(DEBUG_ELF) -ex 'target remote localhost:$(GDB_PORT)'"
	$(if $(DEBUG_NOTE),@echo "$(DEBUG_NOTE)")
	$(Q)$(QEMU) -S -gdb tcp:localhost:$(GDB_PORT) -kernel $(DEBUG_ELF)
else
debug:
	@echo "make debug needs a QEMU target: TARGET=qemu-lx106, rv32 or rv64"; false
endif
