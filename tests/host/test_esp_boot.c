/*
 * test_esp_boot.c — the esp8266 board's first C (board/esp8266/boot.c)
 * against the SPI0/IO_MUX model, with the ROM functions it calls played by
 * this file: each call is logged with the registers as they stand then, so
 * the order the chip needs (watchdog off, flash clock and CS setup before
 * the cache, the PLL only when it differs) is checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "esp_hspi.h"
#include "model_esp_hspi.h"
#include "rom.h"

void board_early_init(void);

#define SPI0_CTRL (0x08 / 4)
#define SPI0_USER (0x1C / 4)
#define CS_SETUP (1u << 5)

static struct model_hspi m;

enum call { WDT_OFF, FLASH_READ, CACHE_ON, PLL_READ, PLL_WRITE, CPU_MHZ };
static struct {
	enum call call;
	uint32_t spi0_user, spi0_ctrl, io_mux_conf;
	uint32_t args[4];
} log_[16];
static int calls;
static uint32_t header;       /* what SPIRead finds at flash 0 */
static int flash_read_status; /* what SPIRead returns */
static uint8_t pll_div;       /* PLL register 1 as the ROM left it */

static void record(enum call c, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	assert_true(calls < 16);
	log_[calls].call = c;
	log_[calls].spi0_user = m.spi0[SPI0_USER];
	log_[calls].spi0_ctrl = m.spi0[SPI0_CTRL];
	log_[calls].io_mux_conf = m.io_mux[0];
	log_[calls].args[0] = a0;
	log_[calls].args[1] = a1;
	log_[calls].args[2] = a2;
	log_[calls].args[3] = a3;
	calls++;
}

void ets_wdt_disable(void)
{
	record(WDT_OFF, 0, 0, 0, 0);
}

int SPIRead(uint32_t flash_addr, uint32_t *dst, uint32_t len)
{
	record(FLASH_READ, flash_addr, len, 0, 0);
	assert_int_equal(len % 4, 0);
	if (flash_read_status == 0)
		memcpy(dst, &header, 4);
	return flash_read_status;
}

void Cache_Read_Enable(uint8_t odd_even, uint8_t mb_count, uint8_t no)
{
	record(CACHE_ON, odd_even, mb_count, no, 0);
}

uint8_t rom_i2c_readReg(uint8_t block, uint8_t host_id, uint8_t reg)
{
	record(PLL_READ, block, host_id, reg, 0);
	return reg == 1 ? pll_div : 0;
}

void rom_i2c_writeReg(uint8_t block, uint8_t host_id, uint8_t reg, uint8_t data)
{
	record(PLL_WRITE, block, host_id, reg, data);
	if (reg == 1)
		pll_div = data;
}

void ets_update_cpu_frequency(uint32_t mhz)
{
	record(CPU_MHZ, mhz, 0, 0, 0);
}

/* The index of the first logged call c, or -1. */
static int find(enum call c)
{
	for (int i = 0; i < calls; i++)
		if (log_[i].call == c)
			return i;
	return -1;
}

static void boot(uint32_t header_word, uint8_t pll)
{
	model_hspi_attach(&m, ESP_HSPI_BASE);
	m.spi0[SPI0_CTRL] = 0x00a0e555; /* other bits of CTRL (the ROM's read mode) */
	m.io_mux[0] = 0x105;            /* SPI0 at sysclk from the ROM, other bits set */
	header = header_word;
	pll_div = pll;
	calls = 0;
	board_early_init();
}

static void order_on_a_26mhz_board(void **state)
{
	(void)state;
	boot(0x200302e9, 0x08); /* e9 02 03 20: DOUT, 1 MB, 40 MHz; PLL as the ROM leaves it */
	static const enum call want[] = {WDT_OFF, FLASH_READ, CACHE_ON, PLL_READ, PLL_WRITE, PLL_WRITE, CPU_MHZ};
	assert_int_equal(calls, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(log_[i].call, want[i]);
	assert_int_equal(log_[1].args[0], 0); /* the header, at flash 0 */
	int cache = find(CACHE_ON);
	assert_int_equal(log_[cache].spi0_user & CS_SETUP, CS_SETUP); /* CS setup before the first fetch */
	assert_int_equal(log_[cache].spi0_ctrl & 0x1fff, 0x101);     /* 40 MHz: /2 */
	assert_int_equal(log_[cache].spi0_ctrl & ~0x1fffu, 0x00a0e555u & ~0x1fffu);
	assert_int_equal(log_[cache].io_mux_conf, 0x005); /* SPI0 off sysclk, the rest kept */
	assert_int_equal(log_[cache].args[0], 0);
	assert_int_equal(log_[cache].args[1], 0);
	assert_int_equal(log_[cache].args[2], 1); /* 32 KiB cache, flash 0-1 MiB at 0x40200000 */
	assert_int_equal(log_[4].args[0], 103);
	assert_int_equal(log_[4].args[2], 1);
	assert_int_equal(log_[4].args[3], 0x88);
	assert_int_equal(log_[5].args[2], 2);
	assert_int_equal(log_[5].args[3], 0x91);
	assert_int_equal(log_[6].args[0], 80);
}

static void pll_already_set_is_left_alone(void **state)
{
	(void)state;
	boot(0x200302e9, 0x88);
	assert_int_equal(find(PLL_WRITE), -1);
	assert_true(find(PLL_READ) >= 0);
	assert_int_equal(log_[find(CPU_MHZ)].args[0], 80);
}

static void flash_clock_follows_the_header(void **state)
{
	(void)state;
	static const struct {
		uint32_t nibble, field, mux;
	} cases[] = {
		{0x0, 0x101, 0}, /* 40 MHz */
		{0x1, 0x202, 0}, /* 26.7 MHz: /3 */
		{0x2, 0x313, 0}, /* 20 MHz: /4 */
		{0xf, 0x1000, 0x100}, /* 80 MHz: sysclk in CTRL and in IO_MUX */
		{0x7, 0x101, 0}, /* not a frequency esptool writes: 40 MHz */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		boot(0x000002e9 | (0x4u << 28 | cases[i].nibble << 24), 0x88);
		int cache = find(CACHE_ON);
		assert_int_equal(log_[cache].spi0_ctrl & 0x1fff, cases[i].field);
		assert_int_equal(log_[cache].io_mux_conf & 0x100, cases[i].mux);
	}
	flash_read_status = 1; /* the ROM reader failed: 40 MHz */
	boot(0x4f0002e9, 0x88);
	flash_read_status = 0;
	assert_int_equal(log_[find(CACHE_ON)].spi0_ctrl & 0x1fff, 0x101);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_on_a_26mhz_board),
		cmocka_unit_test(pll_already_set_is_left_alone),
		cmocka_unit_test(flash_clock_follows_the_header),
	};
	return cmocka_run_group_tests_name("esp_boot", tests, NULL, NULL);
}
