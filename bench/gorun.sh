# gorun.sh — the Linux personality on rv64 (tools/gorun), in exact minstret
# counts under QEMU's -icount shift=0,sleep=off:
#   - reset to main.main for hello world: minstret when the program's first
#     write(2) reaches the kernel (fmt.Println is main.main's first action, so
#     this is everything up to main.main plus Println's formatting);
#   - one syscall round trip (syscall.Getpid), an unbuffered channel round
#     trip and a runtime.Gosched, from bench/gorun/ reading instret in user mode;
#   - kernel memory beside the Go heap for hello world: the firmware image
#     (text, data, bss, boot stack), the page allocator's map (for
#     QEMU's default 128 MiB), plus the pages the kernel took at exit
#     (page tables, thread structures and kernel stacks, pipes, the launch
#     file), and the smallest -m (MiB) at which hello world runs.
cd "$(dirname "$0")/.." && . bench/lib.sh
export GORUN_QEMU_FLAGS="-icount shift=0,sleep=off"
make -s TARGET=rv64 build/rv64/gorun.elf || exit 1
echo "== Linux personality (rv64, tools/gorun, Go $(go env GOVERSION)): instructions (minstret, -icount shift=0)"

err=$(GORUN_STATS=1 timeout 120 tools/gorun tests/gorun/hello.go 2>&1 > /dev/null)
stats=$(printf '%s\n' "$err" | grep '^gorun-stats:')
[ -n "$stats" ] || { echo "bench: hello world gave no statistics: $err" >&2; exit 1; }
field() { printf '%s\n' "$stats" | grep -o " $1=[0-9]*" | cut -d= -f2; }
printf '%-58s %12s\n' "hello world, reset to its first write (main.main)" "$(field instret-first-write)"

out=$(timeout 300 tools/gorun bench/gorun) || { echo "bench: bench/gorun failed: $out" >&2; exit 1; }
printf '%s\n' "$out" | while IFS=: read -r what count; do
	printf '%-58s %12s\n' "$what" "${count% instructions}"
done

used=$(field pages-used)
user=$(field user-pages)
tables=$(field table-pages)
image=$(field image-bytes)
total=$(field pages-total)
kernel_pages=$((used - user))
page_map=$((((total + 4) / 4 * 4 + 4095) / 4096 * 4096)) # kernel/page.c: a byte a page and its padding, whole pages
printf '%-58s %9s KiB\n' "hello world: kernel memory beside the Go heap" $(((image + page_map + kernel_pages * 4096) / 1024))
printf '%-58s %9s KiB\n' "  firmware image (text, data, bss, boot stack)" $((image / 1024))
printf '%-58s %9s KiB\n' "  page allocator map ($total pages of RAM)" $((page_map / 1024))
printf '%-58s %9s KiB\n' "  kernel pages at exit ($tables page-table pages)" $((kernel_pages * 4))
printf '%-58s %9s KiB\n' "  user pages at exit (the Go program's own)" $((user * 4))

smallest=
for m in 3 4 6 8 12 16 24 32 64 128; do
	if [ "$(timeout 120 tools/gorun -m ${m}M tests/gorun/hello.go 2> /dev/null)" = "hello, world" ]; then
		smallest=$m
		break
	fi
done
printf '%-58s %9s MiB\n' "smallest -m that runs hello world (QEMU's own floor: 3)" "${smallest:-none}"
