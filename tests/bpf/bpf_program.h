/*
 * bpf_program.h — what a program compiled with `clang -target bpf` for 8266go
 * needs: the section macro, map definitions (legacy and BTF-defined) and the
 * helpers by number (Linux's numbering, see include/bpf_map.h).
 */
#pragma once

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;

#define SEC(name) __attribute__((section(name), used))

/* libbpf's legacy map definition, in SEC("maps"). */
struct bpf_map_def {
	__u32 type, key_size, value_size, max_entries, map_flags;
};

/*
 * BTF-defined maps, in SEC(".maps") and compiled with -g: the definition is
 * an anonymous struct whose members carry the parameters in their types, as
 * libbpf documents them. A number is the element count of an array type
 * behind a pointer; a key or value type is the type a pointer points to.
 */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

enum { BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2, BPF_MAP_TYPE_RINGBUF = 27 };
enum { BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2 };

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)2;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *)3;
static __u64 (*bpf_ktime_get_ns)(void) = (void *)5;
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)6;
static __u32 (*bpf_get_prandom_u32)(void) = (void *)7;
static long (*bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size, __u64 flags) = (void *)130;
static __u64 (*bpf_cycle_counter)(void) = (void *)0x8266;

/* The context of the test programs and the UART-line hook: a line (or
   packet) of up to 60 bytes and its length. */
struct line {
	__u8 bytes[60];
	__u32 length;
};

/* The line's length, never more than its bytes (a program cannot know the
   hook keeps it so). */
static inline __attribute__((always_inline)) __u32 line_length(const struct line *line)
{
	return line->length < sizeof line->bytes ? line->length : sizeof line->bytes;
}

/* XDP programs: Linux's context and verdicts (include/bpf.h says what of
   them 8266go offers). */
struct xdp_md {
	__u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex;
};
enum xdp_action { XDP_ABORTED = 0, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT };
