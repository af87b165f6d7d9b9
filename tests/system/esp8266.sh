# esp8266.sh — what an ESP8266 user touches beyond the runtime: the GPIO
# driver on qemu-lx106 (the chip's GPIO addresses are RAM there; the test
# plays the chip), and make flash / monitor / debug.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

boot qemu-lx106 build/qemu-lx106/test-gpio.elf 60
relay "qemu-lx106 gpio"
expect_status "qemu-lx106 gpio exits 0" 0

# ---- make flash: the exact esptool command, settings from the header ----
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
img=build/esp8266/demo
out=$(make -s --no-print-directory flash DRY_RUN=1 2>&1); status=$?
expect_status "make flash DRY_RUN=1 builds the image and prints the command" 0
want="esptool.py --chip esp8266 --port /dev/ttyUSB0 --baud 460800 write_flash --flash_mode dio --flash_size 1MB --flash_freq 40m 0x0 $img-0x00000.bin 0x10000 $img-0x10000.bin"
[ "$(printf '%s\n' "$out" | grep '^esptool')" = "$want" ]
check $? "make flash runs: $want"
[ "$(od -An -tx1 -j2 -N2 $img-0x00000.bin | tr -d ' ')" = 0220 ]
check $? "the image header says what the command does: dio (02), 1 MB at 40 MHz (20)"

# What a user of an ESP-01S does: DOUT, 4 MB; the image is remade, the command follows its header.
out=$(make -s --no-print-directory flash DRY_RUN=1 PORT=/dev/ttyACM1 FLASH_BAUD=115200 IMAGE_FLASH="--flash-mode dout --flash-size 4M --flash-freq 26m" 2>&1)
[ "$(od -An -tx1 -j2 -N2 $img-0x00000.bin | tr -d ' ')" = 0341 ] &&
printf '%s\n' "$out" | grep -qx "esptool.py --chip esp8266 --port /dev/ttyACM1 --baud 115200 write_flash --flash_mode dout --flash_size 4MB --flash_freq 26m 0x0 $img-0x00000.bin 0x10000 $img-0x10000.bin"
check $? "IMAGE_FLASH=dout/4M/26m remakes the image (header 03 41) and make flash passes those settings and PORT, FLASH_BAUD"

# A stand-in esptool on PATH that records its arguments: the command really
# runs. (IMAGE_FLASH back at its default remakes the image as dio/1M/40m.)
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "$0 $*" > "%s/args"\n' "$tmp" > "$tmp/bin/esptool"
chmod +x "$tmp/bin/esptool"
out=$(PATH="$tmp/bin:$PATH" make -s --no-print-directory flash PORT=/dev/null 2>&1); status=$?
expect_status "make flash with esptool on PATH and a port runs it" 0
grep -qx "$tmp/bin/esptool --chip esp8266 --port /dev/null --baud 460800 write_flash --flash_mode dio --flash_size 1MB --flash_freq 40m 0x0 $img-0x00000.bin 0x10000 $img-0x10000.bin" "$tmp/args"
check $? "esptool (found as 'esptool') ran with the default image's settings, remade from IMAGE_FLASH's default ($(cat "$tmp/args" 2>/dev/null))"

out=$(make -s --no-print-directory flash PORT=/dev/ttyUSB_none 2>&1); status=$?
[ $status != 0 ] && printf '%s\n' "$out" | grep -q '^no serial port /dev/ttyUSB_none'
check $? "make flash without a board fails: no serial port /dev/ttyUSB_none (status $status)"
out=$(PATH=/usr/bin:/bin make -s --no-print-directory flash PORT=/dev/null 2>&1); status=$?
if command -v esptool.py > /dev/null || PATH=/usr/bin:/bin command -v esptool > /dev/null; then
	check 0 "esptool is installed system-wide: its absence cannot be shown here"
else
	[ $status != 0 ] && printf '%s\n' "$out" | grep -q "^esptool not found.*pip install esptool"
	check $? "make flash without esptool says so and how to get it (status $status)"
fi

out=$(make -s --no-print-directory monitor DRY_RUN=1 PORT=/dev/ttyUSB1 2>&1)
[ "$out" = "pyserial-miniterm --raw /dev/ttyUSB1 115200" ]
check $? "make monitor runs pyserial-miniterm at 115200 (got: $out)"
out=$(make -s --no-print-directory monitor 2>&1); status=$?
[ $status != 0 ] && printf '%s\n' "$out" | grep -q '^no serial port /dev/ttyUSB0'
check $? "make monitor without a board fails: no serial port /dev/ttyUSB0 (status $status)"
command -v pyserial-miniterm > /dev/null
check $? "pyserial-miniterm is installed (python3-serial, mk/deps.sh)"

# ---- make debug: halted under the gdb stub, one gdb line that attaches ----
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# start_debug TARGET: make debug in the background; $debug_pid, $tmp/debug.log
start_debug() {
	port=$(free_port)
	(exec timeout 120 make -s --no-print-directory TARGET=$1 debug GDB_PORT=$port < /dev/null > "$tmp/debug.log" 2>&1) &
	debug_pid=$!
	for _ in $(seq 300); do grep -q "target remote" "$tmp/debug.log" && break; sleep 0.1; done
	gdb_line=$(grep "target remote" "$tmp/debug.log")
	# make prints the line before QEMU opens its stub: wait for the listening
	# socket (state 0A in /proc/net/tcp), which a loaded machine can delay
	hexport=$(printf '%04X' "$port")
	for _ in $(seq 300); do
		cat /proc/net/tcp /proc/net/tcp6 2> /dev/null | grep -q ":$hexport 0*:0000 0A" && break
		sleep 0.1
	done
}

start_debug rv32
[ "$gdb_line" = "gdb-multiarch build/rv32/demo.elf -ex 'target remote localhost:$port'" ]
check $? "make TARGET=rv32 debug prints one gdb-multiarch line (got: $gdb_line)"
out=$(eval "timeout 60 $gdb_line -batch -ex 'break main' -ex continue -ex 'print sensors[0].name' -ex next -ex 'info registers pc' -ex kill" 2>&1)
printf '%s\n' "$out" | grep -q '^Breakpoint 1, main () at examples/demo/main.c' &&
printf '%s\n' "$out" | grep -q '^\$1 = 0x[0-9a-f]* "temperature"$' &&
printf '%s\n' "$out" | grep -q '^pc .*<main+[0-9]*>$'
check $? "gdb-multiarch attaches with symbols: stops at main, reads sensors[0].name, steps a line"
wait $debug_pid
status=$?
expect_status "the gdb kill ends QEMU and make debug" 0

start_debug qemu-lx106
[ "$gdb_line" = "xtensa-lx106-elf-gdb build/qemu-lx106/demo.elf -ex 'target remote localhost:$port'" ] &&
grep -q "gdb-multiarch cannot debug Xtensa" "$tmp/debug.log"
check $? "make debug on qemu-lx106 prints the Xtensa gdb line and says why not gdb-multiarch"
# No Xtensa gdb in Debian: speak the remote protocol to the stub directly.
pc=$(timeout 30 python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
def packet(body):
    s.sendall(b"$%s#%02x" % (body, sum(body) & 0xff))
    data = b""
    while not (b"#" in data and len(data) >= data.index(b"#") + 3):
        data += s.recv(4096)
    s.sendall(b"+")
    return data[data.index(b"$") + 1:data.index(b"#")]
regs = packet(b"g").decode()
print(regs[16 * 8:17 * 8])  # pc: register 16, little-endian hex
s.sendall(b"$k#6b")
PY
)
[ "$pc" = 00000050 ]
check $? "qemu-lx106 under make debug is halted at the reset vector 0x50000000 (pc bytes $pc)"
wait $debug_pid
