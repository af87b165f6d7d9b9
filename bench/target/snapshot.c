/*
 * snapshot.c (targets) — what a RAM dump over the console (snapshot.h) costs
 * the CPU: instructions for one whole dump and per byte of its frame. Run by
 * bench/snapshot.sh, which takes the frame out of the console output.
 */
#include <stdio.h>
#include "arch.h"
#include "board.h"
#include "clock.h"
#include "snapshot.h"

/* The frame's length, as include/snapshot.h lays it out. */
static uint32_t frame_bytes(void)
{
	uintptr_t start, end;
	uint32_t id_size;
	board_snapshot_region(&start, &end);
	board_build_id(&id_size);
	uint32_t ram = (uint32_t)(end - start);
	return SNAPSHOT_HEADER_FIXED + id_size + SNAPSHOT_RANGE_SIZE + 4 + ram +
	       4 * ((ram + SNAPSHOT_CHUNK - 1) / SNAPSHOT_CHUNK) + SNAPSHOT_MARK_SIZE;
}

/*
 * lx106: ICOUNT stops while interrupts are masked, as they are for the whole
 * dump, so the count is CCOUNT ticks converted to ns: one instruction per ns
 * under -icount shift=0 (bench/target/core.c). RISC-V: minstret.
 */
static uint64_t dump_instructions(void)
{
#if defined(__xtensa__)
	uint32_t start = (uint32_t)arch_counter();
	snapshot_dump(SNAPSHOT_REQUESTED);
	return clock_ticks_to_ns((uint32_t)arch_counter() - start);
#else
	arch_count_begin();
	snapshot_dump(SNAPSHOT_REQUESTED);
	return arch_count_end();
#endif
}

int main(void)
{
	uint32_t bytes = frame_bytes();
	uint32_t n = (uint32_t)dump_instructions(); /* ~100 a byte: far from 2^32 */
	printf("\nbench snapshot dump %lu instructions for a %lu-byte frame: %lu.%lu per byte\n",
	       (unsigned long)n, (unsigned long)bytes, (unsigned long)(n / bytes),
	       (unsigned long)((uint64_t)n * 10 / bytes % 10));
	return 0;
}
