# host_aarch64.sh — the host runtime on an AArch64 machine: its context
# switch (arch/host/switch_aarch64.S), SIGALRM preemption and stack canaries,
# cross-built with Debian's aarch64-linux-gnu-gcc and run under qemu-aarch64
# (user mode), so an x86-64 CI machine checks the port every time.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

out_dir=build/host-aarch64
mkdir -p $out_dir/obj
cc="aarch64-linux-gnu-gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -pthread $(make -s --no-print-directory TARGET=host print-INCLUDES)"
built=0
objects=""
for src in $(make -s --no-print-directory TARGET=host HOST_MACHINE=aarch64 print-RUNTIME_SRCS); do
	obj=$out_dir/obj/$(echo $src | tr / _).o
	$cc -c $src -o $obj 2> $out_dir/build.log || { built=1; break; }
	objects="$objects $obj"
done
[ $built = 0 ] && rm -f $out_dir/lib8266go.a && aarch64-linux-gnu-ar rcs $out_dir/lib8266go.a $objects
check $? "the host runtime cross-builds for aarch64"
sed 's/^/# /' $out_dir/build.log

# run NAME: links tests/target/NAME.c statically and runs it; sets $out, $status.
run() {
	$cc -static -o $out_dir/$1 tests/target/$1.c $out_dir/lib8266go.a -lrt -lm 2>&1 || { status=1; out=""; return; }
	out=$(timeout 120 qemu-aarch64 $out_dir/$1 2>&1)
	status=$?
}

run selftest
relay "aarch64 selftest"
expect_status "aarch64 selftest exits 0" 0
run goroutines
relay "aarch64 goroutines"
expect_status "aarch64 goroutines (switches, channels, preemption, hooks) exits 0" 0
run deadlock
expect_status "aarch64 deadlock exits 2" 2
expect_output "aarch64 deadlock is reported" '^fatal error: all goroutines are asleep - deadlock!$'
run stack_overflow
expect_status "aarch64 stack overflow panics" 134
expect_output "aarch64 stack overflow names the task" '^task: deep \(id [0-9]+\)$'
