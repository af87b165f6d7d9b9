/*
 * model_esp_hspi.h — a register model of the ESP8266 HSPI master
 * (facts/esp8266.md §5) with the two outside words its driver touches:
 * DPORT+20 (which SPI raised line 2) and IO_MUX CONF (the sysclk bit). It
 * logs each transaction as the wire would see it; the test decides when a
 * transaction ends.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MODEL_HSPI_LOG 16

struct model_hspi_transaction {
	uint32_t user, user1, clock;
	uint32_t mosi_bits, miso_bits; /* 0 when the phase is off */
	uint8_t mosi[64];
};

struct model_hspi {
	uint32_t regs[0x80 / 4];
	bool busy;              /* CMD.USR reads 1 */
	uint32_t busy_reads;    /* if nonzero: CMD reads until a transaction ends by itself */
	uint32_t writes_while_busy; /* W, USER or CMD written mid-transaction: a driver bug */
	uint32_t dport_other;   /* DPORT+20 bits of SPI0/I2S, set by the test */
	uint32_t io_mux[5]; /* IO_MUX CONF, then the pin registers of GPIO12-15 */
	struct model_hspi_transaction log[MODEL_HSPI_LOG];
	uint32_t transactions;
	const uint8_t *slave_out; /* what the slave sends on MISO */
	uint32_t slave_pos;
};

void model_hspi_attach(struct model_hspi *m, uintptr_t base);
/* Starts a transaction no driver asked for (another master, a stuck one). */
void model_hspi_start(struct model_hspi *m);
/* Ends the running transaction: MISO bytes land in W, TRANS_DONE latches. */
void model_hspi_complete(struct model_hspi *m);
/* TRANS_DONE and TRANS_DONE_EN: the HSPI asserts line 2. */
bool model_hspi_irq(const struct model_hspi *m);
