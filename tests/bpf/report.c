/*
 * report.c — helpers end to end: prints the line's length with trace_printk,
 * streams the first bytes to a ring buffer, and returns a random number's
 * low bit plus twice a timestamp's non-zeroness.
 */
#include "bpf_program.h"

struct bpf_map_def SEC("maps") records = {
	.type = BPF_MAP_TYPE_RINGBUF, .max_entries = 256,
};

SEC("hook")
int report(struct line *line)
{
	char format[] = "length %u";
	bpf_trace_printk(format, sizeof format, line->length);
	bpf_ringbuf_output(&records, line->bytes, 8, 0);
	__u64 now = bpf_ktime_get_ns();
	__u64 cycles = bpf_cycle_counter();
	return (bpf_get_prandom_u32() & 1) + 2 * (now != 0) + 4 * (cycles != 0);
}

char _license[] SEC("license") = "GPL";
