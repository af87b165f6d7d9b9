# rules-bpf.mk — the eBPF VM's host-side pieces: the programs in tests/bpf
# compiled by clang -target bpf (build/host/bpf/*.o), the bpf-run tool and the
# sanitizer-instrumented fuzz test.
ifeq ($(TARGET),host)
BPF_CLANG := clang -target bpf -O2 -Wall -Werror -Itests/bpf
BPF_TEST_OBJECTS := $(patsubst tests/bpf/%.c,$(BUILD)/bpf/%.o,$(wildcard tests/bpf/*.c))
EXTRA_ALL += $(BPF_TEST_OBJECTS) $(BUILD)/bpf-run $(BUILD)/tests/fuzz_bpf

$(BUILD)/bpf/%.o: tests/bpf/%.c $(wildcard tests/bpf/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CLANG   $@")
	$(Q)$(BPF_CLANG) -c $< -o $@

# Programs written for clang's 32-bit subregisters (alu32_*.c) are built for
# -mcpu=v3, as int code compiles there: 32-bit ALU operations and jmp32.
$(BUILD)/bpf/alu32_%.o: tests/bpf/alu32_%.c $(wildcard tests/bpf/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CLANG   $@")
	$(Q)$(BPF_CLANG) -mcpu=v3 -c $< -o $@

# BTF-defined maps (btf_*.c) need the .BTF section, which clang writes with
# -g; the DWARF, line info (.BTF.ext) and address-significance table are
# stripped so the object stays small enough to send to a device in hex.
$(BUILD)/bpf/btf_%.o: tests/bpf/btf_%.c $(wildcard tests/bpf/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CLANG   $@")
	$(Q)$(BPF_CLANG) -g -c $< -o $@.full
	$(Q)llvm-strip -g -R .BTF.ext -R .rel.BTF.ext -R .llvm_addrsig $@.full -o $@
	$(Q)rm -f $@.full

# The ELF tests open the objects at run time.
$(BUILD)/tests/test_bpf_elf: | $(BPF_TEST_OBJECTS)

$(BUILD)/bpf-run: $(BUILD)/obj/tools/bpf-run.c.o $(RUNTIME_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The VM and its maps rebuilt with AddressSanitizer and UBSan, any finding
# fatal; the fuzzer stands in for the clock and the console. The VM's own
# files also report each basic block they enter (-fsanitize-coverage=trace-pc),
# which the fuzzer counts as paths; the fuzzer's own code does not.
FUZZ_FLAGS := $(CFLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
BPF_FUZZ_VM := $(patsubst %.c,$(BUILD)/fuzz/%.o,$(wildcard bpf/*.c))
$(BUILD)/fuzz/bpf/%.o: bpf/%.c $(wildcard include/*.h) | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC+COV  $@")
	$(Q)$(CC) $(FUZZ_FLAGS) -fsanitize-coverage=trace-pc -c $< -o $@

$(BUILD)/tests/fuzz_bpf: tests/host/fuzz_bpf.c tests/host/bpf_random.h kernel/ring.c arch/host/bpf_jit.c $(BPF_FUZZ_VM) $(wildcard include/bpf*.h) | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC+ASAN $@")
	$(Q)$(CC) $(FUZZ_FLAGS) -o $@ tests/host/fuzz_bpf.c kernel/ring.c arch/host/bpf_jit.c $(BPF_FUZZ_VM) $(LDFLAGS)
endif

# bpf-run for linux/riscv64 with the rv64 JIT, run under qemu-riscv64: the
# conformance plugin protocol served by JIT-compiled code. Built on its own:
# the clock and console come from Linux (tools/bpf-run-linux.c).
ifeq ($(TARGET),host)
BPF_RUN_RV64_SRCS := tools/bpf-run.c tools/bpf-run-linux.c $(wildcard bpf/*.c) kernel/ring.c \
	arch/riscv/bpf_jit.c board/host/jit_pool.c
EXTRA_ALL += $(BUILD)/bpf-run-rv64
$(BUILD)/bpf-run-rv64: $(BPF_RUN_RV64_SRCS) $(wildcard include/*.h) | deps
	@$(if $(Q),echo "  CC      $@")
	$(Q)riscv64-linux-gnu-gcc -std=gnu11 -O2 -Wall -Wextra -Werror -Iinclude -Iarch/host -Iboard/host \
		-static -o $@ $(BPF_RUN_RV64_SRCS)
endif
