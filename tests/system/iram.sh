# iram.sh — on the ESP8266 everything an interrupt runs must be in IRAM (flash
# code cannot run while the flash is busy). This reads the esp8266 demo's
# disassembly for calls from IRAM into flash and allows only those that are
# not interrupt-time work: fatal reports (panic), the ROM memcpy veneer
# (board/esp8266/rom.S says why), binding the timer's interrupt at the first
# arm (task context), what the scheduler does in task context after a
# switch or when nothing is ready (sched_resume_work: freeing dead stacks
# and the resume hook; the deadlock report), and the RAM dump the host asks
# for on the console (include/snapshot.h): a debug stop, like a fatal
# report, and the runtime never turns the flash cache off, so the UART's
# interrupt can always reach it.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

allowed='^(panic|panic_frame|memcpy|irq_attach|sched_resume_work|exit|printf|puts|snapshot_dump)$'
elf=build/esp8266/demo.elf
calls=$(xtensa-lx106-elf-objdump -d $elf | awk '
	/^4010[0-9a-f]+ <.*>:$/ { fn = $2; next }
	/^40[0-9a-f]+ <.*>:$/ { fn = ""; next }
	fn != "" && /l32r/ && /\(402[0-9a-f]+ </ { match($0, /<[^>]+>\)?$/); print fn, substr($0, RSTART + 1, RLENGTH - 3) }' |
	sort -u)
[ -n "$(printf '%s\n' "$calls" | grep -E ' (panic|memcpy)$')" ]
check $? "the scan finds the calls it should (panic, memcpy): it reads the disassembly right"
bad=$(printf '%s\n' "$calls" | awk '{ print $2 }' | grep -Ev "$allowed" | sort -u | tr '\n' ' ')
[ -z "$bad" ]
check $? "IRAM code calls into flash only for fatal, task-context or documented work${bad:+ (also: $bad)}"
