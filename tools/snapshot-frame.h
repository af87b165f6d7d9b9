/*
 * snapshot-frame.h — reads the frame a firmware sends when it dumps its RAM
 * over the UART (include/snapshot.h): checks its length, CRCs and end mark,
 * and that it comes from the build of a given ELF (its build-id note).
 */
#ifndef TOOLS_SNAPSHOT_FRAME_H
#define TOOLS_SNAPSHOT_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elf.h"

#define FRAME_MAX_RANGES 16

struct snapshot_frame {
	unsigned reason; /* enum snapshot_reason */
	uint8_t build_id[64];
	size_t build_id_size;
	size_t nranges;
	struct { uint64_t address, size; } ranges[FRAME_MAX_RANGES];
	/* The ranges laid out from the first one's address; gaps read as absent. */
	uint8_t *ram;
	uint64_t base, size;
	char error[512];
};

/* True when data begins with a frame's magic. */
bool snapshot_frame_is(const uint8_t *data, size_t size);

/* Reads a whole frame. Returns 0, or -1 with the reason in f->error: cut
   short, a damaged header or chunk, no end mark, malformed. */
int snapshot_frame_read(struct snapshot_frame *f, const uint8_t *data, size_t size);

/* 0 when the frame's build id is the ELF's; -1 with the reason in f->error. */
int snapshot_frame_match_build(struct snapshot_frame *f, const struct elf *e);

/* Whether [addr, addr + len) lies inside one of the frame's ranges. */
bool snapshot_frame_holds(const struct snapshot_frame *f, uint64_t addr, uint64_t len);

const char *snapshot_frame_reason(const struct snapshot_frame *f);
void snapshot_frame_free(struct snapshot_frame *f);

#endif
