/*
 * bpf_map.h — maps (array, hash, ring buffer) carved from one static pool at
 * load time, and the helpers programs call. Map and helper numbers are
 * Linux's (include/uapi/linux/bpf.h) so clang-compiled programs keep them.
 */
#pragma once
#include <stdint.h>
#include "ring.h"

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_RINGBUF = 27,
};

/* Update flags, as in Linux. */
enum { BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2 };

/*
 * A map's storage is fixed when it is created. An array has max_entries
 * values, all present and zeroed at creation. A hash table has a power-of-two
 * number of slots, at least twice max_entries, with linear probing and no
 * tombstones: every key sits in the run of used slots starting at its home.
 * A ring buffer holds records of a 2-byte length and the bytes.
 */
struct bpf_map {
	enum bpf_map_type type;
	uint32_t key_size, value_size, max_entries;
	uint32_t count;      /* hash: keys present */
	uint32_t slot_mask;  /* hash: slots - 1 */
	uint32_t slot_size;  /* hash: bytes per slot (flag, key, value, each 8-aligned) */
	uint8_t *storage;
	struct ring ring;    /* ring buffer */
};

/* Bytes of storage a map of this shape needs; 0 when the shape is invalid. */
uint32_t bpf_map_storage_size(enum bpf_map_type type, uint32_t key_size, uint32_t value_size,
			      uint32_t max_entries);
/* Sets up a map over storage of bpf_map_storage_size() bytes, 8-aligned. */
int bpf_map_init(struct bpf_map *map, enum bpf_map_type type, uint32_t key_size,
		 uint32_t value_size, uint32_t max_entries, void *storage);

/* The static pool: bpf_map_create carves a map from it; bpf_map_pool_reset
   frees every map at once, when the programs that used them are gone. */
struct bpf_map *bpf_map_create(enum bpf_map_type type, uint32_t key_size, uint32_t value_size,
			       uint32_t max_entries, int *error);
void bpf_map_pool_reset(void);
uint32_t bpf_map_pool_free_bytes(void);

/* The operations helpers and firmware share. lookup returns NULL if absent. */
void *bpf_map_lookup(struct bpf_map *map, const void *key);
int bpf_map_update(struct bpf_map *map, const void *key, const void *value, uint64_t flags);
int bpf_map_delete(struct bpf_map *map, const void *key);
/* lookup in a hash map with 4-byte keys, by the key's value (its bytes as
   a load reads them): the JIT's call. */
void *bpf_map_lookup_hash32(const struct bpf_map *map, uint32_t key);
/* Ring buffer: a record in, or out (its length; 0 when empty, -EMSGSIZE and
   the record dropped when it does not fit in cap). */
int bpf_ringbuf_output(struct bpf_map *map, const void *data, uint32_t size);
int bpf_ringbuf_read(struct bpf_map *map, void *buf, uint32_t cap);

/* Helper numbers (Linux's where Linux has the helper). */
enum {
	BPF_FUNC_map_lookup_elem = 1,
	BPF_FUNC_map_update_elem = 2,
	BPF_FUNC_map_delete_elem = 3,
	BPF_FUNC_ktime_get_ns = 5,
	BPF_FUNC_trace_printk = 6,
	BPF_FUNC_get_prandom_u32 = 7,
	BPF_FUNC_redirect = 23, /* XDP: the device for XDP_REDIRECT (xdp.h) */
	BPF_FUNC_ringbuf_output = 130,
	/* 8266go's own, above Linux's range */
	BPF_FUNC_cycle_counter = 0x8266,
};

/* What the verifier knows about an argument or a result. */
enum bpf_arg {
	BPF_ARG_NONE,
	BPF_ARG_ANY,          /* any initialized value */
	BPF_ARG_MAP,          /* a map reference (64-bit immediate load) */
	BPF_ARG_MAP_KEY,      /* readable memory of the map's key_size */
	BPF_ARG_MAP_VALUE,    /* readable memory of the map's value_size */
	BPF_ARG_MEMORY,       /* readable memory of the next argument's size */
	BPF_ARG_SIZE,         /* a number bounded by the memory before it */
	BPF_RET_NUMBER,
	BPF_RET_MAP_VALUE_OR_NULL,
};

typedef uint64_t (*bpf_helper_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

struct bpf_helper {
	int32_t id;
	const char *name;
	bpf_helper_fn fn;
	enum bpf_arg ret;
	enum bpf_arg args[5];
	enum bpf_map_type map_type; /* for a BPF_ARG_MAP argument: 0 = any but a ring buffer */
};

extern const struct bpf_helper bpf_helpers[];
extern const uint32_t bpf_helper_count;
const struct bpf_helper *bpf_helper_find(int32_t id, uint32_t *index);

/* Where trace_printk's lines go (the console by default). */
void bpf_set_printk_sink(void (*sink)(const char *line));
