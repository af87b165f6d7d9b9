# rv64 — rv64gc on QEMU virt: hardware floating point, the lp64d ABI.
TARGET_CFLAGS := -march=rv64imafdc -mabi=lp64d
include mk/riscv.mk
QEMU := qemu-system-riscv64 -M virt -cpu rv64,x-epmp=true -bios none -nographic -monitor none -semihosting
