# qemu-lx106 — the ESP8266's lx106 core on QEMU's lx60-nommu board, linked
# with the chip's memory layout (facts/qemu-lx106.md). The embedded default.
include mk/lx106.mk
BOARD_DIRS := qemu-lx106 esp8266
TARGET_SRCS += board/qemu-lx106/board.c board/qemu-lx106/reset.S arch/xtensa/intdiv.c
LDSCRIPT := board/qemu-lx106/qemu-lx106.ld
LDFLAGS += -Wl,-u,reset_vector
QEMU := qemu-system-xtensa -M lx60-nommu -cpu lx106 -nographic -monitor none -semihosting
RUN := $(QEMU) -kernel
# The ESP8266's ROM functions (board/esp8266/rom.S, rom.ld) resolve to project
# code here: QEMU's ROM window is empty, and a ROM image of our own would be a
# second copy of the same functions to keep right. arch/xtensa/intdiv.c gives
# the integer helpers; picolibc gives memcpy and the rest.
