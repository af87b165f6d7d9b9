# host — the runtime as a Linux process, for unit tests and benchmarks.
ARCH := host
# x86_64 or aarch64: the context switch is per machine (arch/host/switch_*.S).
HOST_MACHINE := $(shell gcc -dumpmachine | cut -d- -f1)
CROSS :=
BOARD_DIRS := host
TARGET_CFLAGS := -O2 -pthread
LDFLAGS := -pthread
LDLIBS := -lck -lm -lrt
TARGET_SRCS := arch/host/bpf_jit.c arch/host/trap.c arch/host/context.c arch/host/counter.c arch/host/irq.c arch/host/mmio.c arch/host/switch_$(HOST_MACHINE).S board/host/board.c
RUN :=
# The packet filter demo drives /dev/net0 through the firmware's syscalls.
FIRMWARE_ONLY_EXAMPLES := xdp
# The ring rows time loops of a few instructions, whose speed moves by a
# fifth with where the loop head falls in a fetch block: every loop head of
# the core bench on a 64-byte line, ours and ck_ring's alike.
$(BUILD)/obj/bench/host/core.c.o: CFLAGS += -falign-loops=64
