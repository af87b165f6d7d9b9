# riscv.mk — what rv32 and rv64 share: QEMU virt with -bios none, picolibc
# for riscv64-unknown-elf (facts/qemu-riscv-virt.md).
ARCH := riscv
CROSS := riscv64-unknown-elf-
BOARD_DIRS := qemu-virt
# -misa-spec=2.2 keeps csr instructions legal without _zicsr in -march, which
# would select a multilib whose float ABI does not match.
TARGET_CFLAGS += --specs=picolibc.specs -misa-spec=2.2 -mcmodel=medany -O2 \
	-DPICOLIBC_INTEGER_PRINTF_SCANF -D_POSIX_MONOTONIC_CLOCK=200112L -D_POSIX_TIMERS=200809L
LDSCRIPT := board/qemu-virt/virt.ld
# --build-id: a hash of the linked image in a note the RAM dump sends, so
# snapshot-check can tell the build a dump came from (include/snapshot.h).
LDFLAGS = -nostartfiles -T $(LDSCRIPT) -Wl,--gc-sections -Wl,-u,_start -Wl,--build-id=sha1
LDLIBS := -lc -lgcc
# picolibc has an sbrk of its own over a linker-defined heap, and byte-loop
# memcpy/memset; ours (sys/memory.c over the page allocator, arch/riscv/
# string.c a word at a time) must be the ones found first.
LDFLAGS += -Wl,-u,sbrk -Wl,-u,memcpy -Wl,-u,memset
TARGET_SRCS := arch/riscv/start.S arch/riscv/switch.S arch/riscv/trap.c arch/riscv/tls.c arch/riscv/string.c arch/riscv/bpf_jit.c board/qemu-virt/board.c board/qemu-virt/devicetree.c board/qemu-virt/jit_pool.c board/memory.c \
	$(wildcard sys/*.c)
RUN = $(QEMU) -kernel
# An eBPF JIT (arch/riscv/bpf_jit.c): tests/target/jit builds here.
BPF_JIT := arch/riscv/bpf_jit.c
# One RAM region in one load segment, RWX: what M-mode may do where is PMP's
# business at run time (board/qemu-virt/jit_pool.c), not the ELF's.
LDFLAGS += -Wl,--no-warn-rwx-segments
