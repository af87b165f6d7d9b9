/*
 * serial.h — what every UART driver shares: the RX and TX rings between the
 * interrupt and the tasks, blocking reads with timeouts, queued writes,
 * counters. A driver supplies four FIFO operations and calls
 * serial_interrupt() from its handler; the rest is here.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "device.h"
#include "irq.h"
#include "ring.h"
#include "snapshot.h"
#include "waitq.h"

struct serial;

struct serial_hw {
	/* Moves up to max received bytes out of the FIFO; returns how many. */
	uint32_t (*fifo_read)(struct serial *s, uint8_t *dst, uint32_t max);
	/* Moves up to max bytes into the TX FIFO, as many as it has room for. */
	uint32_t (*fifo_write)(struct serial *s, const uint8_t *src, uint32_t max);
	/* Sets which interrupts are on: "RX FIFO has data" and "TX FIFO has room". */
	void (*set_interrupts)(struct serial *s, bool rx, bool tx);
	/* Driver requests (baud rate...); NULL if none. */
	int (*control)(struct serial *s, unsigned request, void *arg);
};

/*
 * What the top half does when the RX ring is full:
 *  SERIAL_FLOW_CONTROL  leaves bytes in the FIFO and masks RX until the reader
 *                       makes room, so the FIFO holds the sender off (QEMU's
 *                       UART does; on a chip, hardware flow control must be
 *                       wired, or the FIFO overruns and stats.hw_overruns counts it).
 *  SERIAL_DROP          keeps draining the FIFO and drops what does not fit,
 *                       counting every byte in stats.overflows: for streams
 *                       where the sender must never be held off.
 */
enum serial_rx_policy { SERIAL_FLOW_CONTROL, SERIAL_DROP };
#define SERIAL_SET_RX_POLICY 0x300 /* device_control arg: enum serial_rx_policy * */

struct serial {
	struct device dev;
	const struct serial_hw *hw;
	uintptr_t regs;  /* the driver's register block */
	uint32_t config; /* the driver's own (e.g. register stride) */
	enum serial_rx_policy rx_policy;
	bool rx_paused; /* flow control: RX masked until the reader makes room */
	bool tx_active; /* the TX interrupt is on */
	uint8_t request_matched; /* bytes of a snapshot request seen (snapshot.h) */
	uint8_t held_from, held_count; /* held[from..count): bytes taken past a full RX ring (serial.c) */
	uint8_t held[SNAPSHOT_REQUEST_SIZE];
	struct ring rx, tx;
	struct waitq readers, writers;
	struct work wake; /* deferred: wakes readers and writers */
};

/* rx_buf/tx_buf sizes: powers of two. Registers the device under name. */
int serial_init(struct serial *s, const char *name, const struct serial_hw *hw, uintptr_t regs,
		void *rx_buf, uint32_t rx_size, void *tx_buf, uint32_t tx_size);

/* The top half: drain the RX FIFO into the ring (bytes with no room are
   read, dropped and counted), refill the TX FIFO from the ring, time it. */
void serial_interrupt(struct serial *s);

/* Sends everything queued by polling the FIFO: usable with interrupts
   masked (exit, panic paths). */
void serial_drain(struct serial *s);
