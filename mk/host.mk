# host — the runtime as a Linux process, for unit tests and benchmarks.
ARCH := host
CROSS :=
BOARD_DIRS := host
TARGET_CFLAGS := -O2 -pthread
LDFLAGS := -pthread
LDLIBS := -lck -lm -lrt
TARGET_SRCS := arch/host/trap.c arch/host/context.c arch/host/irq.c arch/host/mmio.c arch/host/switch_x86_64.S board/host/board.c
RUN :=
