# rules-linux.mk — the Linux personality, rv64 only: build/rv64/gorun.elf,
# the firmware tools/gorun boots to run a static linux/riscv64 Go binary.
ifeq ($(TARGET),rv64)
LINUX_SRCS := $(wildcard linux/*.c linux/*.S)
LINUX_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(LINUX_SRCS))
EXTRA_ALL += $(BUILD)/gorun.elf

$(BUILD)/gorun.elf: $(LINUX_OBJS) $(RUNTIME_LIB) $(LDSCRIPT)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LINUX_OBJS) -Wl,--start-group $(RUNTIME_LIB) $(LDLIBS) -Wl,--end-group -Wl,-Map,$(@:.elf=.map)
endif
