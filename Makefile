# 8266go — one build for every target.
#
#   make [TARGET=t]        build the firmware (and tests) for target t
#   make [TARGET=t] run    build the demo and boot it (QEMU, or a host process)
#   make test              every test on every target; ends "N passed, N failed"
#   make bench             instruction counts on the targets, ns/op on the host
#   make size              IRAM, DRAM and IROM use of the esp8266 demo, per
#                          module and symbol (always TARGET=esp8266: the chip)
#   make image             the esp8266 demo's flash files: build/esp8266/
#                          demo-0x00000.bin, demo-0x10000.bin, demo-flash.bin
#                          (always TARGET=esp8266; IMAGE_FLASH= sets mode/size/freq)
#
# Targets: qemu-lx106 (default: the ESP8266's core on QEMU), esp8266 (the
# chip), rv32, rv64 (QEMU virt) and host (a Linux process). Output lands in
# build/<target>/. Each target's toolchain and layout is mk/<target>.mk.

TARGET ?= qemu-lx106
.DEFAULT_GOAL := all
TARGETS := qemu-lx106 esp8266 rv32 rv64 host
ifeq ($(filter $(TARGET),$(TARGETS)),)
$(error unknown TARGET '$(TARGET)': choose one of $(TARGETS))
endif

BUILD := build/$(TARGET)
include mk/$(TARGET).mk

CC := $(CROSS)gcc
OBJDUMP := $(CROSS)objdump
SIZE := $(CROSS)size
NM := $(CROSS)nm
INCLUDES := -Iinclude -Iarch/$(ARCH) $(addprefix -Iboard/,$(BOARD_DIRS))
CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
	$(INCLUDES) $(TARGET_CFLAGS)
ASFLAGS := $(INCLUDES) $(TARGET_CFLAGS)

# The runtime every program links, as an archive: the portable kernel,
# drivers, syscall layer and VM, plus this target's arch and board files. A
# program pulls in only the objects it needs, and --gc-sections drops unused
# functions from those; the reset entry is forced in with -u (mk/<target>.mk).
PORTABLE_SRCS := $(wildcard kernel/*.c drivers/*.c bpf/*.c)
RUNTIME_SRCS := $(PORTABLE_SRCS) $(TARGET_SRCS)
RUNTIME_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(RUNTIME_SRCS))
RUNTIME_LIB := $(BUILD)/lib8266go.a

# Programs: each examples/<name>/ directory (but those a target's .mk lists
# in FIRMWARE_ONLY_EXAMPLES: they need the firmware's syscall layer); each tests/target/<name>.c,
# tests/target/<arch>/<name>.c (tests that only make sense on one ISA),
# on targets with an eBPF JIT (BPF_JIT in mk/<target>.mk) tests/target/jit/
# <name>.c and, on firmware targets, tests/target/firmware/<name>.c (tests
# of the syscall layer, which a host process gets from Linux); each bench/target/<name>.c
# on the targets and bench/host/<name>.c on the host.
EXAMPLES := $(filter-out $(FIRMWARE_ONLY_EXAMPLES),$(notdir $(wildcard examples/*)))
TARGET_TEST_SRCS := $(wildcard tests/target/*.c tests/target/$(ARCH)/*.c $(if $(BPF_JIT),tests/target/jit/*.c) \
	$(if $(filter host,$(TARGET)),,tests/target/firmware/*.c))
BENCH_SRCS := $(wildcard $(if $(filter host,$(TARGET)),bench/host/*.c,bench/target/*.c))
PROGRAMS := $(addprefix $(BUILD)/,$(addsuffix .elf,$(EXAMPLES) \
	$(foreach f,$(TARGET_TEST_SRCS),test-$(basename $(notdir $(f)))) \
	$(foreach f,$(BENCH_SRCS),bench-$(basename $(notdir $(f))))))

# V=1 shows every command.
Q := $(if $(V),,@)

# Build fragments of the test suites, benchmarks and tools: each may add to EXTRA_ALL.
include $(sort $(wildcard mk/rules-*.mk))

.PHONY: all run test bench size image deps clean print-%
.SECONDARY:
all: $(PROGRAMS) $(EXTRA_ALL)

deps:
	@mk/deps.sh

$(BUILD)/obj/%.c.o: %.c | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.S.o: %.S | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(ASFLAGS) -MMD -MP -c $< -o $@

$(RUNTIME_LIB): $(RUNTIME_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

# program(name, objects): links build/<target>/<name>.elf from its own objects
# and the runtime, then runs $(POST_LINK) on it (a target's checks, if any).
# The group lets the runtime and the C library resolve each other (picolibc
# calls our _exit and reads our stdout).
define program
$(BUILD)/$(1).elf: $(2) $(RUNTIME_LIB) $(LDSCRIPT) $(POST_LINK_DEPS)
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $(2) -Wl,--start-group $$(RUNTIME_LIB) $$(LDLIBS) -Wl,--end-group -Wl,-Map,$$(@:.elf=.map)
	$$(if $$(POST_LINK),$$(Q)$$(POST_LINK) $$@)
endef
$(foreach e,$(EXAMPLES),$(eval $(call program,$(e),$(patsubst %,$(BUILD)/obj/%.o,$(wildcard examples/$(e)/*.c)))))
$(foreach t,$(TARGET_TEST_SRCS),$(eval $(call program,test-$(basename $(notdir $(t))),$(BUILD)/obj/$(t).o)))
$(foreach b,$(BENCH_SRCS),$(eval $(call program,bench-$(basename $(notdir $(b))),$(BUILD)/obj/$(b).o)))

run: $(BUILD)/demo.elf
	@echo "8266go: $(BUILD)/demo.elf on $(TARGET). Type a line to have it echoed; quit ends;" \
		"10 s without input ends; Ctrl-A X leaves QEMU at any time."
	$(Q)$(RUN) $(BUILD)/demo.elf

test:
	@tests/run

bench:
	@bench/run

clean:
	rm -rf build

# make print-QEMU: a variable's value, for scripts.
print-%:
	@echo '$($*)'

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
