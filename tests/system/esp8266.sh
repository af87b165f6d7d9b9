# esp8266.sh — what an ESP8266 user touches beyond the runtime: the GPIO
# driver on qemu-lx106 (the chip's GPIO addresses are RAM there; the test
# plays the chip), and make flash / monitor / debug.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

boot qemu-lx106 build/qemu-lx106/test-gpio.elf 60
relay "qemu-lx106 gpio"
expect_status "qemu-lx106 gpio exits 0" 0
