# esp8266 — the chip itself: the same layout, the ROM's functions at their
# fixed addresses instead of our integer helpers, no QEMU reset stub.
include mk/lx106.mk
BOARD_DIRS := esp8266
TARGET_SRCS += board/esp8266/board.c board/esp8266/boot.c board/esp8266/rom.S
LDSCRIPT := board/esp8266/esp8266.ld
RUN = @echo "TARGET=esp8266 runs on the chip: make TARGET=esp8266 image, then flash (README)"; false
