#!/bin/sh
# esp-serial.sh — `make flash` and `make monitor`: the tools every ESP8266
# user already has, run on the esp8266 demo's image. flash writes the two
# files with esptool at the offsets `make image` made them for, with the
# flash mode, size and frequency read back from the image's own header (so
# esptool keeps the header as built); monitor opens the console with
# pyserial's miniterm. DRY_RUN=1 prints the command instead of running it.
#
#   esp-serial.sh flash PORT BAUD IMAGE-0x00000 IMAGE-0x10000 ESP-IMAGE-TOOL
#   esp-serial.sh monitor PORT BAUD
set -u

fail() {
	echo "$*" >&2
	exit 1
}

need_port() {
	[ -c "$1" ] || fail "no serial port $1: connect the board (USB-serial adapter) or name it with PORT=..."
}

# show_or_run COMMAND...: DRY_RUN=1 prints it, one line; else runs it.
show_or_run() {
	if [ "${DRY_RUN:-}" = 1 ]; then
		echo "$*"
		exit 0
	fi
	exec "$@"
}

case "${1:-}" in
flash)
	[ $# = 6 ] || fail "usage: esp-serial.sh flash PORT BAUD BOOT-IMAGE IROM-IMAGE ESP-IMAGE-TOOL"
	port=$2 baud=$3 boot=$4 irom=$5 tool=$6
	# "flash mode dio, size 1M, freq 40m (header bytes 02 20)"
	settings=$("$tool" info "$boot" | sed -n 's/^flash mode \([a-z]*\), size \([0-9]*[KM]\)\([-c1]*\), freq \([0-9]*m\) .*/\1 \2B\3 \4/p')
	[ -n "$settings" ] || fail "$boot: not a boot image esp-image can read"
	set -- $settings
	mode=$1 size=$2 freq=$3
	esptool=${ESPTOOL:-}
	if [ -z "$esptool" ]; then
		for name in esptool.py esptool; do
			command -v $name > /dev/null 2>&1 && esptool=$name && break
		done
	fi
	if [ "${DRY_RUN:-}" != 1 ]; then
		need_port "$port"
		[ -n "$esptool" ] || fail "esptool not found (neither esptool.py nor esptool is on PATH): install it with 'pip install esptool' (Debian 12 has no package)"
	fi
	# The underscore spellings are accepted by esptool 3, 4 and 5.
	show_or_run ${esptool:-esptool.py} --chip esp8266 --port "$port" --baud "$baud" write_flash \
		--flash_mode "$mode" --flash_size "$size" --flash_freq "$freq" 0x0 "$boot" 0x10000 "$irom"
	;;
monitor)
	[ $# = 3 ] || fail "usage: esp-serial.sh monitor PORT BAUD"
	port=$2 baud=$3
	if [ "${DRY_RUN:-}" != 1 ]; then
		need_port "$port"
		command -v pyserial-miniterm > /dev/null 2>&1 ||
			fail "pyserial-miniterm not found: install Debian's python3-serial (apt-get install python3-serial)"
		echo "8266go: console on $port at $baud baud; Ctrl-] leaves" >&2
	fi
	show_or_run pyserial-miniterm --raw "$port" "$baud"
	;;
*)
	fail "usage: esp-serial.sh flash|monitor ..."
	;;
esac
