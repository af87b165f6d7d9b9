/*
 * snapshot.c — the RAM dump over the console (the frame is in snapshot.h).
 * Nothing here allocates or reads the kernel's state: the region and the build
 * id come from the linker, the bytes go out through the polled console, and
 * every running total lives on this call's stack.
 */
#include "snapshot.h"
#include "arch.h"
#include "board.h"
#include "crc32.h"

/* Sends n bytes and folds them into *crc, reading each byte once: the dump
   covers this call's own stack, which changes as it runs, and the CRC must
   be of the bytes that went out. */
static void send(const void *p, uint32_t n, uint32_t *crc)
{
	const volatile uint8_t *b = p;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t c = b[i];
		*crc = crc32_update(*crc, &c, 1);
		board_console_putc(c);
	}
}

static void put_le(uint8_t *at, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		at[i] = (uint8_t)(v >> (8 * i));
}

static void send_word(uint32_t v, uint32_t *crc)
{
	uint8_t b[4];
	put_le(b, v, 4);
	send(b, 4, crc);
}

void snapshot_dump(enum snapshot_reason reason)
{
	uintptr_t start, end;
	uint32_t id_size, crc = CRC32_INIT, ignored = CRC32_INIT;
	board_snapshot_region(&start, &end);
	const uint32_t *id = board_build_id(&id_size);
	if (end <= start)
		return;
	if (id_size > SNAPSHOT_BUILD_ID_MAX)
		id_size = 0; /* not a note this firmware's link made: send none */
	arch_irq_t irq = arch_irq_save();

	uint8_t head[SNAPSHOT_HEADER_FIXED];
	for (int i = 0; i < SNAPSHOT_MARK_SIZE; i++)
		head[i] = (uint8_t)SNAPSHOT_MAGIC[i];
	put_le(head + 8, SNAPSHOT_VERSION, 2);
	put_le(head + 10, reason, 2);
	put_le(head + 12, id_size, 2);
	put_le(head + 14, 1, 2); /* one range */
	put_le(head + 16, SNAPSHOT_CHUNK, 4);
	send(head, sizeof head, &crc);
	/* Word by word: on the ESP8266 the note is in flash, which takes only
	   aligned 32-bit loads. */
	for (uint32_t i = 0; i < id_size; i += 4) {
		uint8_t w[4];
		put_le(w, id[i / 4], 4);
		send(w, id_size - i < 4 ? id_size - i : 4, &crc);
	}
	uint8_t range[SNAPSHOT_RANGE_SIZE];
	put_le(range, start, 8);
	put_le(range + 8, end - start, 8);
	send(range, sizeof range, &crc);
	send_word(crc, &ignored);

	for (uintptr_t at = start; at < end; at += SNAPSHOT_CHUNK) {
		uint32_t n = end - at < SNAPSHOT_CHUNK ? (uint32_t)(end - at) : SNAPSHOT_CHUNK;
		board_keepalive(); /* 0.36 s a chunk at 115200 baud */
		crc = CRC32_INIT;
		send((const void *)at, n, &crc);
		send_word(crc, &ignored);
	}
	send(SNAPSHOT_END, SNAPSHOT_MARK_SIZE, &ignored);
	arch_irq_restore(irq);
}
