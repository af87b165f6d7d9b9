/*
 * snapshot-frame.c — reads a RAM dump frame (include/snapshot.h). Every count
 * and length in it is checked against the bytes present before it is used, so
 * a cut-short or garbled transfer is named, never read as memory.
 */
#include "snapshot-frame.h"
#include "../include/crc32.h"
#include "../include/snapshot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Frames larger than this are not from a firmware of ours (rv64's is ~1 MiB). */
#define FRAME_MAX_RAM (256ull << 20)

static int fail(struct snapshot_frame *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof f->error, fmt, ap);
	va_end(ap);
	return -1;
}

static uint64_t get_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

bool snapshot_frame_is(const uint8_t *data, size_t size)
{
	return size >= SNAPSHOT_MARK_SIZE && memcmp(data, SNAPSHOT_MAGIC, SNAPSHOT_MARK_SIZE) == 0;
}

const char *snapshot_frame_reason(const struct snapshot_frame *f)
{
	switch (f->reason) {
	case SNAPSHOT_REQUESTED:
		return "on request";
	case SNAPSHOT_PANIC:
		return "after a panic";
	default:
		return "for an unknown reason";
	}
}

static int cut_short(struct snapshot_frame *f, size_t size, uint64_t want, const char *where)
{
	return fail(f, "the dump is cut short: %zu of its %llu bytes arrived (it stops in %s)", size,
		    (unsigned long long)want, where);
}

static int header_cut_short(struct snapshot_frame *f, size_t size, size_t header)
{
	return fail(f, "the dump is cut short: %zu bytes arrived, less than its %zu-byte header", size, header);
}

/* The header: fixed part, build id, range table, CRC. Returns its length. */
static int read_header(struct snapshot_frame *f, const uint8_t *data, size_t size, size_t *length,
		       uint32_t *chunk)
{
	if (size < SNAPSHOT_HEADER_FIXED)
		return header_cut_short(f, size, SNAPSHOT_HEADER_FIXED);
	unsigned version = (unsigned)get_le(data + 8, 2);
	f->reason = (unsigned)get_le(data + 10, 2);
	f->build_id_size = (size_t)get_le(data + 12, 2);
	f->nranges = (size_t)get_le(data + 14, 2);
	*chunk = (uint32_t)get_le(data + 16, 4);
	size_t n = SNAPSHOT_HEADER_FIXED + f->build_id_size + f->nranges * SNAPSHOT_RANGE_SIZE;
	/* The CRC first: a flipped count must be named as damage, not as a
	   format this tool does not know. */
	if (f->build_id_size <= SNAPSHOT_BUILD_ID_MAX && f->nranges <= FRAME_MAX_RANGES) {
		if (size < n + 4)
			return header_cut_short(f, size, n + 4);
		uint32_t want = (uint32_t)get_le(data + n, 4), got = crc32_update(CRC32_INIT, data, n);
		if (want != got)
			return fail(f, "the dump's header is damaged (CRC-32 0x%08x, but it says 0x%08x): bytes flipped "
				       "in transfer", got, want);
	} else {
		return fail(f, "the dump's header is damaged or not of this format: %zu bytes of build id, %zu "
			       "ranges (at most %d and %d)", f->build_id_size, f->nranges, SNAPSHOT_BUILD_ID_MAX,
			    FRAME_MAX_RANGES);
	}
	if (version != SNAPSHOT_VERSION)
		return fail(f, "the dump is frame version %u; this tool reads version %d", version, SNAPSHOT_VERSION);
	if (*chunk == 0 || *chunk > (1u << 20))
		return fail(f, "the dump's chunk size %u is not between 1 and 1 MiB", *chunk);
	if (f->nranges == 0)
		return fail(f, "the dump holds no RAM (no ranges)");
	memcpy(f->build_id, data + SNAPSHOT_HEADER_FIXED, f->build_id_size);
	const uint8_t *r = data + SNAPSHOT_HEADER_FIXED + f->build_id_size;
	uint64_t total = 0;
	for (size_t i = 0; i < f->nranges; i++, r += SNAPSHOT_RANGE_SIZE) {
		uint64_t a = get_le(r, 8), s = get_le(r + 8, 8);
		f->ranges[i].address = a;
		f->ranges[i].size = s;
		if (s == 0 || s > FRAME_MAX_RAM || a + s < a)
			return fail(f, "range %zu of the dump (0x%llx, %llu bytes) is empty, too large or wraps", i,
				    (unsigned long long)a, (unsigned long long)s);
		if (i && a < f->ranges[i - 1].address + f->ranges[i - 1].size)
			return fail(f, "range %zu of the dump (0x%llx) overlaps or precedes the one before it", i,
				    (unsigned long long)a);
		total += s;
	}
	f->base = f->ranges[0].address;
	f->size = f->ranges[f->nranges - 1].address + f->ranges[f->nranges - 1].size - f->base;
	if (total > FRAME_MAX_RAM || f->size > FRAME_MAX_RAM)
		return fail(f, "the dump's ranges span %llu bytes, more than any firmware of ours has",
			    (unsigned long long)f->size);
	*length = n + 4;
	return 0;
}

/* The frame's whole length as its header gives it. */
static uint64_t frame_length(const struct snapshot_frame *f, size_t header, uint32_t chunk)
{
	uint64_t n = header + SNAPSHOT_MARK_SIZE;
	for (size_t i = 0; i < f->nranges; i++)
		n += f->ranges[i].size + 4 * ((f->ranges[i].size + chunk - 1) / chunk);
	return n;
}

int snapshot_frame_read(struct snapshot_frame *f, const uint8_t *data, size_t size)
{
	size_t at = 0;
	uint32_t chunk = 0;
	memset(f, 0, sizeof *f);
	if (!snapshot_frame_is(data, size))
		return fail(f, "no dump frame here (it does not begin with the frame's magic)");
	if (read_header(f, data, size, &at, &chunk) != 0)
		return -1;
	uint64_t want = frame_length(f, at, chunk);
	f->ram = calloc(1, (size_t)f->size);
	if (!f->ram)
		return fail(f, "out of memory for %llu bytes of RAM", (unsigned long long)f->size);
	unsigned damaged = 0;
	char first[160] = "";
	for (size_t i = 0; i < f->nranges; i++) {
		for (uint64_t off = 0; off < f->ranges[i].size; off += chunk) {
			uint64_t a = f->ranges[i].address + off;
			uint32_t n = f->ranges[i].size - off < chunk ? (uint32_t)(f->ranges[i].size - off) : chunk;
			if (size - at < (uint64_t)n + 4 && !damaged) {
				char where[96];
				snprintf(where, sizeof where, "the chunk of RAM at 0x%llx", (unsigned long long)a);
				return cut_short(f, size, want, where);
			}
			if (size - at < (uint64_t)n + 4)
				break; /* damaged and short: bytes lost on the way, said below */
			uint32_t sent = (uint32_t)get_le(data + at + n, 4), got = crc32_update(CRC32_INIT, data + at, n);
			if (sent != got && damaged++ == 0)
				snprintf(first, sizeof first, "0x%llx-0x%llx (CRC-32 0x%08x, but it says 0x%08x)",
					 (unsigned long long)a, (unsigned long long)(a + n - 1), got, sent);
			memcpy(f->ram + (a - f->base), data + at, n);
			at += n + 4;
		}
	}
	if (damaged)
		return fail(f, "the dump is damaged: %u chunk%s of RAM fail%s the CRC, the first at %s: bytes flipped or "
			       "lost in transfer%s", damaged, damaged == 1 ? "" : "s", damaged == 1 ? "s" : "", first,
			    size < want ? " (and it is short of its length)" : "");
	if (size - at < SNAPSHOT_MARK_SIZE)
		return cut_short(f, size, want, "the end mark");
	if (memcmp(data + at, SNAPSHOT_END, SNAPSHOT_MARK_SIZE) != 0)
		return fail(f, "the dump has no end mark where its header says it ends (byte %zu): bytes lost or added "
			       "in transfer", at);
	return 0;
}

static void hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = 0;
}

int snapshot_frame_match_build(struct snapshot_frame *f, const struct elf *e)
{
	/* The note: namesz, descsz, type, name padded to 4, then the id (gABI). */
	const struct elf_section *s = elf_section_named(e, ".note.gnu.build-id");
	const uint8_t *note = s ? elf_section_data(e, s) : NULL;
	char sent[2 * SNAPSHOT_BUILD_ID_MAX + 1], linked[2 * SNAPSHOT_BUILD_ID_MAX + 1];
	hex(sent, f->build_id, f->build_id_size);
	if (!note || s->size < 12)
		return fail(f, "%s has no build id (.note.gnu.build-id): it was not linked by this project's build, "
			       "so nothing proves the dump (build id %s) is of it", e->path, sent);
	uint64_t name = get_le(note, 4), size = get_le(note + 4, 4), at = 12 + ((name + 3) & ~3ull);
	if (size > SNAPSHOT_BUILD_ID_MAX || at + size > s->size)
		return fail(f, "%s: its .note.gnu.build-id is malformed", e->path);
	hex(linked, note + at, (size_t)size);
	if (size != f->build_id_size || memcmp(note + at, f->build_id, (size_t)size) != 0)
		return fail(f, "the dump is of another build: its build id is %s, %s's is %s", sent[0] ? sent : "(none)",
			    e->path, linked);
	return 0;
}

bool snapshot_frame_holds(const struct snapshot_frame *f, uint64_t addr, uint64_t len)
{
	for (size_t i = 0; i < f->nranges; i++)
		if (addr >= f->ranges[i].address && len <= f->ranges[i].size &&
		    addr - f->ranges[i].address <= f->ranges[i].size - len)
			return true;
	return false;
}

void snapshot_frame_free(struct snapshot_frame *f)
{
	free(f->ram);
	f->ram = NULL;
}
