/*
 * model_esp_hspi.h — a register model of the ESP8266 HSPI master
 * (facts/esp8266.md §5) with what shares its interrupt line and the outside
 * words its driver touches: SPI0 (the flash controller) and its SLAVE
 * register, DPORT+20 (which SPI raised line 2) and IO_MUX CONF (the sysclk
 * bit). Every register starts from the chip's state at the ROM's hand-off
 * (facts §9), not zero. It logs each transaction as the wire would see it;
 * the test decides when a transaction ends and when the cache reads flash.
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
	uint32_t spi0[0x100 / 4]; /* the flash controller's registers */
	uint32_t spi0_quiet_writes; /* SPI0 SLAVE writes that cleared its flags and enables */
	uint32_t dport_other;   /* DPORT+20 bit of I2S (bit 9), set by the test */
	uint32_t io_mux[5]; /* IO_MUX CONF, then the pin registers of GPIO12-15 */
	struct model_hspi_transaction log[MODEL_HSPI_LOG];
	uint32_t transactions;
	const uint8_t *slave_out; /* what the slave sends on MISO */
	uint32_t slave_pos;
};

/* Puts HSPI, SPI0 and the IO_MUX words in their hand-off state and claims
   their windows. SPI0's done flag is already latched with its interrupt
   enabled (SLAVE 0x04800210): the ROM has read flash. */
void model_hspi_attach(struct model_hspi *m, uintptr_t base);
/* The cache reads flash through SPI0 (a miss on .irom0.text): the
   transaction sets SPI0's TRANS_DONE, as every flash read does. */
void model_spi0_flash_read(struct model_hspi *m);
/* DPORT+20 is not 0: line 2 (level-triggered) is asserted. */
bool model_line2(const struct model_hspi *m);
/* Starts a transaction no driver asked for (another master, a stuck one). */
void model_hspi_start(struct model_hspi *m);
/* Ends the running transaction: MISO bytes land in W, TRANS_DONE latches. */
void model_hspi_complete(struct model_hspi *m);
/* TRANS_DONE and TRANS_DONE_EN: the HSPI asserts line 2. */
bool model_hspi_irq(const struct model_hspi *m);
