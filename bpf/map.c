/*
 * map.c — the VM's maps: arrays, hash tables with linear probing, and ring
 * buffers over the kernel's SPSC ring; all carved at load time from one
 * static pool, so nothing is allocated while programs run.
 */
#include <errno.h>
#include <string.h>
#include "bpf_map.h"

#define BPF_MAP_POOL_BYTES 4096
#define BPF_MAP_POOL_MAPS 16
#define ROUND8(x) (((x) + 7u) & ~7u)
#define RINGBUF_MAX_RECORD 255 /* one length byte leads each record */

static uint64_t pool[BPF_MAP_POOL_BYTES / 8];
static uint32_t pool_used; /* bytes of pool given out, from its start */
static struct bpf_map maps[BPF_MAP_POOL_MAPS];
static uint32_t maps_used;

static uint32_t hash_slots(uint32_t max_entries)
{
	uint32_t n = 2;
	while (n < 2 * max_entries)
		n <<= 1;
	return n;
}

uint32_t bpf_map_storage_size(enum bpf_map_type type, uint32_t key_size, uint32_t value_size,
			      uint32_t max_entries)
{
	const uint32_t limit = 1u << 20;
	if (max_entries == 0 || max_entries > limit || key_size > 256 || value_size > limit)
		return 0;
	/* up to 2^21 slots of up to 2^20 bytes: count in 64 bits, and call a
	   shape whose storage passes the limit invalid rather than let it wrap */
	uint64_t size;
	switch (type) {
	case BPF_MAP_TYPE_ARRAY:
		if (key_size != 4 || value_size == 0)
			return 0;
		size = (uint64_t)max_entries * ROUND8(value_size);
		return size > limit ? 0 : (uint32_t)size;
	case BPF_MAP_TYPE_HASH:
		if (key_size == 0 || value_size == 0)
			return 0;
		size = (uint64_t)hash_slots(max_entries) * (8 + ROUND8(key_size) + ROUND8(value_size));
		return size > limit ? 0 : (uint32_t)size;
	case BPF_MAP_TYPE_RINGBUF:
		if (key_size || value_size || max_entries < 16 || (max_entries & (max_entries - 1)))
			return 0;
		return max_entries;
	}
	return 0;
}

int bpf_map_init(struct bpf_map *map, enum bpf_map_type type, uint32_t key_size,
		 uint32_t value_size, uint32_t max_entries, void *storage)
{
	uint32_t size = bpf_map_storage_size(type, key_size, value_size, max_entries);
	if (size == 0 || ((uintptr_t)storage & 7))
		return -EINVAL;
	*map = (struct bpf_map){.type = type, .key_size = key_size, .value_size = value_size,
				.max_entries = max_entries, .storage = storage};
	memset(storage, 0, size);
	if (type == BPF_MAP_TYPE_HASH) {
		map->slot_mask = hash_slots(max_entries) - 1;
		map->slot_size = 8 + ROUND8(key_size) + ROUND8(value_size);
	} else if (type == BPF_MAP_TYPE_RINGBUF) {
		return ring_init(&map->ring, storage, max_entries);
	}
	return 0;
}

struct bpf_map *bpf_map_create(enum bpf_map_type type, uint32_t key_size, uint32_t value_size,
			       uint32_t max_entries, int *error)
{
	uint32_t size = bpf_map_storage_size(type, key_size, value_size, max_entries);
	*error = -EINVAL;
	if (size == 0)
		return NULL;
	*error = -ENOMEM;
	if (maps_used == BPF_MAP_POOL_MAPS || size > sizeof pool - pool_used)
		return NULL;
	struct bpf_map *map = &maps[maps_used];
	*error = bpf_map_init(map, type, key_size, value_size, max_entries, (uint8_t *)pool + pool_used);
	if (*error)
		return NULL;
	maps_used++;
	pool_used += ROUND8(size);
	return map;
}

void bpf_map_pool_reset(void)
{
	maps_used = 0;
	pool_used = 0;
}

uint32_t bpf_map_pool_free_bytes(void)
{
	return sizeof pool - pool_used;
}

/* A 4-byte key (a port, an address: the common case) by its value: the
   high half folded into the low, a multiply by 2^32 / golden ratio to
   spread it up, the high half folded down again, so that keys differing
   only in their top byte (addresses in one /24, stored in network order)
   still reach every slot. */
static uint32_t hash32(uint32_t key)
{
	uint32_t h = (key ^ key >> 16) * 2654435769u;
	return h ^ h >> 16;
}

/* Other sizes: FNV-1a, cheap and good enough for short keys. */
static uint32_t hash_key(const uint8_t *key, uint32_t size)
{
	if (size == 4) {
		uint32_t value;
		memcpy(&value, key, 4);
		return hash32(value);
	}
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < size; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

static uint8_t *slot_at(const struct bpf_map *map, uint32_t index)
{
	return map->storage + index * map->slot_size;
}

#define SLOT_USED(slot) ((slot)[0])
#define SLOT_KEY(slot) ((slot) + 8)
#define SLOT_VALUE(map, slot) ((slot) + 8 + ROUND8((map)->key_size))

/* The slot holding key, or the empty slot where it would go. */
static uint32_t hash_find(const struct bpf_map *map, const void *key)
{
	uint32_t i = hash_key(key, map->key_size) & map->slot_mask;
	for (;;) { /* ends: at most half the slots are used */
		uint8_t *slot = slot_at(map, i);
		if (!SLOT_USED(slot) || !memcmp(SLOT_KEY(slot), key, map->key_size))
			return i;
		i = (i + 1) & map->slot_mask;
	}
}

void *bpf_map_lookup_hash32(const struct bpf_map *map, uint32_t key)
{
	for (uint32_t i = hash32(key) & map->slot_mask;; i = (i + 1) & map->slot_mask) {
		uint8_t *slot = slot_at(map, i);
		if (!SLOT_USED(slot))
			return NULL;
		if (*(const uint32_t *)(const void *)SLOT_KEY(slot) == key)
			return slot + 16; /* SLOT_VALUE: the 4-byte key takes 8 */
	}
}

void *bpf_map_lookup(struct bpf_map *map, const void *key)
{
	switch (map->type) {
	case BPF_MAP_TYPE_ARRAY: {
		uint32_t index;
		memcpy(&index, key, 4);
		return index < map->max_entries ? map->storage + index * ROUND8(map->value_size) : NULL;
	}
	case BPF_MAP_TYPE_HASH: {
		if (map->key_size == 4) {
			uint32_t value;
			memcpy(&value, key, 4);
			return bpf_map_lookup_hash32(map, value);
		}
		uint8_t *slot = slot_at(map, hash_find(map, key));
		return SLOT_USED(slot) ? SLOT_VALUE(map, slot) : NULL;
	}
	default:
		return NULL;
	}
}

int bpf_map_update(struct bpf_map *map, const void *key, const void *value, uint64_t flags)
{
	if (flags > BPF_EXIST)
		return -EINVAL;
	switch (map->type) {
	case BPF_MAP_TYPE_ARRAY: {
		void *at = bpf_map_lookup(map, key);
		if (!at)
			return -E2BIG;
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		memcpy(at, value, map->value_size);
		return 0;
	}
	case BPF_MAP_TYPE_HASH: {
		uint8_t *slot = slot_at(map, hash_find(map, key));
		if (SLOT_USED(slot)) {
			if (flags == BPF_NOEXIST)
				return -EEXIST;
		} else {
			if (flags == BPF_EXIST)
				return -ENOENT;
			if (map->count == map->max_entries)
				return -E2BIG;
			SLOT_USED(slot) = 1;
			memcpy(SLOT_KEY(slot), key, map->key_size);
			map->count++;
		}
		memcpy(SLOT_VALUE(map, slot), value, map->value_size);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

int bpf_map_delete(struct bpf_map *map, const void *key)
{
	if (map->type != BPF_MAP_TYPE_HASH)
		return -EINVAL;
	uint32_t hole = hash_find(map, key);
	if (!SLOT_USED(slot_at(map, hole)))
		return -ENOENT;
	/* Close the gap: pull back each later entry of the run whose home is
	   not between the hole and itself, so every key stays reachable. */
	for (uint32_t j = (hole + 1) & map->slot_mask;; j = (j + 1) & map->slot_mask) {
		uint8_t *slot = slot_at(map, j);
		if (!SLOT_USED(slot))
			break;
		uint32_t home = hash_key(SLOT_KEY(slot), map->key_size) & map->slot_mask;
		bool stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
		if (stays)
			continue;
		memcpy(slot_at(map, hole), slot, map->slot_size);
		hole = j;
	}
	memset(slot_at(map, hole), 0, map->slot_size);
	map->count--;
	return 0;
}

int bpf_ringbuf_output(struct bpf_map *map, const void *data, uint32_t size)
{
	uint8_t length = (uint8_t)size;
	if (map->type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	if (size == 0 || size > RINGBUF_MAX_RECORD)
		return size ? -E2BIG : -EINVAL;
	/* One producer: the space seen now can only grow, so the record goes
	   in whole; the reader takes it only once all of it is there. */
	if (ring_space(&map->ring) < 1 + size)
		return -EAGAIN;
	ring_put(&map->ring, length);
	ring_put_bulk(&map->ring, data, size);
	return 0;
}

int bpf_ringbuf_read(struct bpf_map *map, void *buf, uint32_t cap)
{
	uint8_t length, skip;
	if (map->type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	if (!ring_peek(&map->ring, &length) || ring_count(&map->ring) < 1u + length)
		return 0;
	ring_get(&map->ring, &skip);
	if (length > cap) {
		while (length--)
			ring_get(&map->ring, &skip);
		return -EMSGSIZE;
	}
	ring_get_bulk(&map->ring, buf, length);
	return length;
}
