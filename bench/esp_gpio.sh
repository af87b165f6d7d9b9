#!/usr/bin/env bash
# esp_gpio.sh — the ESP8266 GPIO edge top half (bench/target/esp_gpio.c):
# instructions per interrupt with 1, 4 or 16 edges latched in STATUS, on
# RAM-backed register blocks, under -icount shift=0. qemu-lx106 is the
# chip's core; rv32 and rv64 run the same driver code for comparison.
# Lines "bench <target> <metric> <value>".
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
echo "# ESP8266 GPIO top half: esp_gpio_interrupt with n edges latched"
bench_driver esp_gpio '^edges_counted'
