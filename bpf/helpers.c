/*
 * helpers.c — the functions programs may call, with what the verifier must
 * know of their arguments. Numbers are Linux's (include/uapi/linux/bpf.h,
 * "enum bpf_func_id") where Linux has the same helper.
 */
#include <errno.h>
#include <stddef.h>
#include "arch.h"
#include "bpf_map.h"
#include "clock.h"
#include "console.h"
#include "xdp.h"

#define POINTER(x) ((void *)(uintptr_t)(x))
#define RESULT(x) ((uint64_t)(int64_t)(x))

static uint64_t map_lookup_elem(uint64_t map, uint64_t key, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return (uintptr_t)bpf_map_lookup(POINTER(map), POINTER(key));
}

static uint64_t map_update_elem(uint64_t map, uint64_t key, uint64_t value, uint64_t flags, uint64_t a5)
{
	(void)a5;
	return RESULT(bpf_map_update(POINTER(map), POINTER(key), POINTER(value), flags));
}

static uint64_t map_delete_elem(uint64_t map, uint64_t key, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return RESULT(bpf_map_delete(POINTER(map), POINTER(key)));
}

static uint64_t ktime_get_ns(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return nanotime();
}

static uint64_t cycle_counter(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return arch_cycles();
}

/* xorshift64: a pseudo-random sequence, not a secret. */
static uint64_t random_state = 0x8266b0f5c0ffee01ull;

static uint64_t get_prandom_u32(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	random_state ^= random_state << 13;
	random_state ^= random_state >> 7;
	random_state ^= random_state << 17;
	return (uint32_t)(random_state >> 32);
}

static uint64_t ringbuf_output(uint64_t map, uint64_t data, uint64_t size, uint64_t flags, uint64_t a5)
{
	(void)flags, (void)a5;
	return RESULT(bpf_ringbuf_output(POINTER(map), POINTER(data), (uint32_t)size));
}

/* ---- trace_printk ---- */

static void console_sink(const char *line)
{
	console_puts(line);
}

static void (*printk_sink)(const char *line) = console_sink;

void bpf_set_printk_sink(void (*sink)(const char *line))
{
	printk_sink = sink ? sink : console_sink;
}

struct line {
	char text[128];
	uint32_t length;
};

static void put(struct line *l, char c)
{
	if (l->length < sizeof l->text - 1)
		l->text[l->length++] = c;
}

static void put_number(struct line *l, uint64_t value, unsigned base, bool negative)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	if (negative)
		put(l, '-');
	while (n)
		put(l, digits[--n]);
}

/* Linux's subset: %d %i %u %x with an optional l or ll, %c and %%, at most
   three conversions; anything else is printed as it stands. The format is
   read only within its fmt_size bytes. */
static uint64_t trace_printk(uint64_t fmt, uint64_t fmt_size, uint64_t a3, uint64_t a4, uint64_t a5)
{
	const char *f = POINTER(fmt);
	uint64_t args[3] = {a3, a4, a5};
	unsigned used = 0;
	struct line l = {.length = 0};

	for (uint64_t i = 0; i < fmt_size && f[i]; i++) {
		if (f[i] != '%' || i + 1 >= fmt_size) {
			put(&l, f[i]);
			continue;
		}
		uint64_t j = i + 1;
		unsigned longs = 0;
		while (j < fmt_size && f[j] == 'l' && longs < 2)
			j++, longs++;
		char conversion = j < fmt_size ? f[j] : 0;
		if (conversion == '%') {
			put(&l, '%');
			i = j;
			continue;
		}
		if (!conversion || !__builtin_strchr("diuxc", conversion) || used == 3) {
			put(&l, f[i]);
			continue;
		}
		uint64_t value = args[used++];
		if (longs == 0 && conversion != 'c')
			value = conversion == 'd' || conversion == 'i' ? (uint64_t)(int64_t)(int32_t)value
								      : (uint32_t)value;
		if (conversion == 'c')
			put(&l, (char)value);
		else if (conversion == 'x')
			put_number(&l, value, 16, false);
		else if (conversion == 'u')
			put_number(&l, value, 10, false);
		else
			put_number(&l, (int64_t)value < 0 ? 0 - value : value, 10, (int64_t)value < 0);
		i = j;
	}
	put(&l, '\n');
	l.text[l.length] = 0;
	printk_sink(l.text);
	return l.length;
}

/* The verifier's contract for each helper. */
const struct bpf_helper bpf_helpers[] = {
	{BPF_FUNC_map_lookup_elem, "map_lookup_elem", map_lookup_elem, BPF_RET_MAP_VALUE_OR_NULL,
	 {BPF_ARG_MAP, BPF_ARG_MAP_KEY}, 0},
	{BPF_FUNC_map_update_elem, "map_update_elem", map_update_elem, BPF_RET_NUMBER,
	 {BPF_ARG_MAP, BPF_ARG_MAP_KEY, BPF_ARG_MAP_VALUE, BPF_ARG_ANY}, 0},
	{BPF_FUNC_map_delete_elem, "map_delete_elem", map_delete_elem, BPF_RET_NUMBER,
	 {BPF_ARG_MAP, BPF_ARG_MAP_KEY}, 0},
	{BPF_FUNC_ktime_get_ns, "ktime_get_ns", ktime_get_ns, BPF_RET_NUMBER, {0}, 0},
	{BPF_FUNC_trace_printk, "trace_printk", trace_printk, BPF_RET_NUMBER,
	 {BPF_ARG_MEMORY, BPF_ARG_SIZE}, 0},
	{BPF_FUNC_get_prandom_u32, "get_prandom_u32", get_prandom_u32, BPF_RET_NUMBER, {0}, 0},
	{BPF_FUNC_ringbuf_output, "ringbuf_output", ringbuf_output, BPF_RET_NUMBER,
	 {BPF_ARG_MAP, BPF_ARG_MEMORY, BPF_ARG_SIZE, BPF_ARG_ANY}, BPF_MAP_TYPE_RINGBUF},
	{BPF_FUNC_cycle_counter, "cycle_counter", cycle_counter, BPF_RET_NUMBER, {0}, 0},
	{BPF_FUNC_redirect, "redirect", xdp_redirect_helper, BPF_RET_NUMBER, {BPF_ARG_ANY, BPF_ARG_ANY}, 0},
};
const uint32_t bpf_helper_count = sizeof bpf_helpers / sizeof bpf_helpers[0];

const struct bpf_helper *bpf_helper_find(int32_t id, uint32_t *index)
{
	for (uint32_t i = 0; i < bpf_helper_count; i++)
		if (bpf_helpers[i].id == id) {
			if (index)
				*index = i;
			return &bpf_helpers[i];
		}
	return NULL;
}
