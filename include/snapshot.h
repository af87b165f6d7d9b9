/*
 * snapshot.h — a RAM dump over the console UART, for checking a running (or
 * just crashed) chip's invariants on the host (tools/snapshot-check.c).
 *
 * The host asks for a dump by sending SNAPSHOT_REQUEST on the console: bytes
 * 0xC0, 0xC1 and 0xF5 never occur in UTF-8, and 0xFF only as a telnet escape,
 * so no text, typed or pasted, holds the sequence; the UART's interrupt
 * (drivers/serial.c) watches for it and dumps at once. The firmware also dumps
 * after a panic report when snapshot_after_panic is set (on by default on the
 * chip). While it dumps, interrupts are masked and nothing is scheduled; the
 * bytes leave through the board's polled console, so the dump reads RAM and
 * the linker's symbols only, never the kernel's state.
 *
 * The frame, every number little-endian:
 *   header   magic[8] = SNAPSHOT_MAGIC
 *            u16 version, u16 reason, u16 build_id_size, u16 range_count
 *            u32 chunk_size
 *            u8  build_id[build_id_size]   the linker's --build-id note
 *            range_count x { u64 address, u64 size }
 *            u32 CRC-32 of the header up to here
 *   body     each range's bytes in chunks of chunk_size (the last one of a
 *            range may be shorter), each chunk followed by its u32 CRC-32
 *   trailer  SNAPSHOT_END[8]
 * The marks are in the firmware's .rodata, so the RAM holds them too: a
 * reader finds the end by the header's lengths, never by looking for it.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define SNAPSHOT_REQUEST "\xc0\xc1\xf5\xffSNAP"
#define SNAPSHOT_REQUEST_SIZE 8
#define SNAPSHOT_MAGIC "\xf5\xff" "8266rd"
#define SNAPSHOT_END "\xf5\xff" "rd-end"
#define SNAPSHOT_MARK_SIZE 8
#define SNAPSHOT_VERSION 1
#define SNAPSHOT_HEADER_FIXED 20 /* magic to chunk_size */
#define SNAPSHOT_RANGE_SIZE 16
#define SNAPSHOT_CHUNK 4096
#define SNAPSHOT_BUILD_ID_MAX 64

enum snapshot_reason { SNAPSHOT_REQUESTED = 1, SNAPSHOT_PANIC = 2 };

/* Dump after a panic's report, before the board exits or restarts. Each
   board sets the default (board/<name>/board.c): on for the chip, whose RAM
   a restart loses; off under QEMU, where a firmware turns it on. */
extern bool snapshot_after_panic;

/* Sends the frame on the board console with interrupts masked. Does nothing
   on a board without RAM to dump (the host). */
void snapshot_dump(enum snapshot_reason reason);

/*
 * The request matcher, for the UART top half: *matched is how many bytes of
 * SNAPSHOT_REQUEST the bytes so far end with; true when c completes it.
 * SNAPSHOT_REQUEST's first byte occurs in it only once, so after a mismatch
 * the only prefix left to consider is c itself.
 */
static inline bool snapshot_request_seen(uint8_t *matched, uint8_t c)
{
	uint8_t at = *matched;
	if (c == (uint8_t)SNAPSHOT_REQUEST[at])
		at++;
	else
		at = c == (uint8_t)SNAPSHOT_REQUEST[0];
	*matched = at == SNAPSHOT_REQUEST_SIZE ? 0 : at;
	return at == SNAPSHOT_REQUEST_SIZE;
}
