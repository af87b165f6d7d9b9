# host — the runtime as a Linux process, for unit tests and benchmarks.
ARCH := host
CROSS :=
BOARD_DIRS := host
TARGET_CFLAGS := -O2 -pthread
LDFLAGS := -pthread
LDLIBS := -lck -lm
TARGET_SRCS := arch/host/trap.c board/host/board.c
RUN :=
