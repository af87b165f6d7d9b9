# lx106.mk — what the esp8266 and qemu-lx106 targets share: the call0
# toolchain, picolibc for lx106, the ESP8266 layout.
ARCH := xtensa
CROSS := xtensa-lx106-elf-
PICOLIBC_SPECS := /usr/lib/xtensa-lx106-elf/picolibc.specs
# -mlongcalls: IRAM and flash are 1 MiB apart, beyond call0's reach.
# -mtext-section-literals: literals travel with their function's section, so
#  an IRAM function's literals land in IRAM too.
# PICOLIBC_INTEGER_PRINTF_SCANF: the lx106 libgcc has no soft-float routines.
# _POSIX_MONOTONIC_CLOCK, _POSIX_TIMERS: declare what sys/time.c provides;
#  picolibc hides CLOCK_MONOTONIC, clock_gettime and nanosleep without them.
TARGET_CFLAGS := --specs=$(PICOLIBC_SPECS) -Os -mlongcalls -mtext-section-literals \
	-DPICOLIBC_INTEGER_PRINTF_SCANF -D_POSIX_MONOTONIC_CLOCK=200112L -D_POSIX_TIMERS=200809L
# --build-id: a hash of the linked image in a note the RAM dump sends, so
# snapshot-check can tell the build a dump came from (include/snapshot.h).
LDFLAGS = -nostartfiles -T $(LDSCRIPT) -Lboard/esp8266 -Wl,--gc-sections -Wl,-u,_start -Wl,--build-id=sha1
LDLIBS := -lc -lgcc
# picolibc has an sbrk of its own over a linker-defined heap; ours (sys/memory.c,
# over the page allocator) must be the one malloc finds first.
LDFLAGS += -Wl,-u,sbrk
# The JIT's pool is IRAM the firmware writes and then runs: an RWX segment.
LDFLAGS += -Wl,--no-warn-rwx-segments
# An eBPF JIT (tests/target/jit builds here) with its code pool in IRAM.
BPF_JIT := arch/xtensa/bpf_jit.c
TARGET_SRCS := $(BPF_JIT) board/esp8266/jit_pool.c $(wildcard arch/xtensa/*.S) arch/xtensa/trap.c arch/xtensa/intmod.c \
	board/memory.c board/lx106.c $(wildcard sys/*.c)
# After every link: a warning on stderr when IRAM, DRAM or IROM is more than
# 90% full (silent otherwise).
POST_LINK = build/tools/size-report --warn
POST_LINK_DEPS = build/tools/size-report
