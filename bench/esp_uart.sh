#!/usr/bin/env bash
# esp_uart.sh — the ESP8266 UART top half (bench/target/esp_uart.c):
# instructions per interrupt and per received byte with n bytes waiting in
# the FIFO, on a RAM-backed register block (plain RAM at any address on
# QEMU), under -icount shift=0. qemu-lx106 is the chip's core; rv32 and rv64
# run the same driver code for comparison. Lines "bench <target> <metric> <value>".
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
echo "# ESP8266 UART top half: esp_uart_interrupt with RX-full and n bytes in the FIFO"
bench_driver esp_uart '^bytes_in'
