# rv32 — rv32imac (an ESP32-C3-class MCU) on QEMU virt.
TARGET_CFLAGS := -march=rv32imac -mabi=ilp32
include mk/riscv.mk
QEMU := qemu-system-riscv32 -M virt -cpu rv32,x-epmp=true -bios none -nographic -monitor none -semihosting
