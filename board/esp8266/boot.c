/*
 * boot.c (esp8266) — the first C the chip runs, from IRAM, before .bss is
 * cleared and before any flash code: the watchdog off, the flash
 * controller's timing, the flash cache, the 80 MHz PLL (facts/esp8266.md
 * §6, §7, §9). Host tests run it against register models (test_esp_boot).
 */
#include "arch.h"
#include "mmio.h"
#include "rom.h"

#define SPI0_CTRL 0x60000208u
#define SPI0_USER 0x6000021Cu
/* CS stays asserted a cycle before the clock starts; esp-open-rtos
   (core/app_main.c sdk_user_start) and Arduino (mmu_iram.cpp) set it before
   the cache's first fetch (EOR core/include/esp/spi_regs.h USER0 bit 5). */
#define SPI0_USER_CS_SETUP (1u << 5)
/* SPI0 CTRL's clock field (EOR spi_regs.h CTRL0): bit 12 = the flash clock
   is the 80 MHz system clock; else NUM [11:8] = divisor-1, HIGH [7:4] =
   divisor/2-1, LOW [3:0] = divisor-1. IO_MUX CONF bit 8 selects sysclk too. */
#define SPI0_CTRL_SYSCLK (1u << 12)
#define SPI0_CTRL_CLOCK_FIELD 0x1fffu
#define IO_MUX_CONF 0x60000800u
#define IO_MUX_SPI0_SYSCLK (1u << 8)

/* PLL (facts §6, §9): 0x88 in register 1 of I2C block 103 means the 80 MHz
   setting for a 26 MHz crystal. Arduino's mmu_set_pll reads it first and
   writes only when it differs, so a restart does not redo it. */
#define PLL_BLOCK 103
#define PLL_HOST 4
#define PLL_REG_DIV 1
#define PLL_REG_LOOP 2
#define PLL_80MHZ_DIV 0x88
#define PLL_80MHZ_LOOP 0x91
#define CPU_MHZ 80

/*
 * The flash clock divisor the image header names (byte 3's low nibble, §7:
 * 0 = 40 MHz, 1 = 26, 2 = 20, 0xF = 80), as esp-open-rtos derives it; an
 * unknown value runs at 40 MHz, the ROM's own choice.
 */
static IRAM uint32_t flash_divisor(uint32_t header)
{
	switch ((header >> 24) & 0xf) {
	case 0xf: return 1;
	case 0x1: return 3;
	case 0x2: return 4;
	default: return 2;
	}
}

static IRAM void set_flash_clock(uint32_t divisor)
{
	uint32_t ctrl = mmio_read32(SPI0_CTRL) & ~SPI0_CTRL_CLOCK_FIELD;
	uint32_t mux = mmio_read32(IO_MUX_CONF) & ~IO_MUX_SPI0_SYSCLK;
	if (divisor == 1) {
		ctrl |= SPI0_CTRL_SYSCLK;
		mux |= IO_MUX_SPI0_SYSCLK;
	} else {
		ctrl |= (divisor - 1) << 8 | (divisor / 2 - 1) << 4 | (divisor - 1);
	}
	mmio_write32(IO_MUX_CONF, mux);
	mmio_write32(SPI0_CTRL, ctrl);
}

IRAM void board_early_init(void)
{
	/* The ROM leaves the hardware watchdog off (facts §9), but SDK code a
	   firmware links in may have started it: off until a program opts in
	   (drivers/esp_wdt.c). */
	ets_wdt_disable();
	/* The header's first word, through the ROM's polled reader: the
	   cache is not on yet. A failed read keeps the 40 MHz default. */
	uint32_t header = 0;
	if (SPIRead(0, &header, sizeof header) != 0)
		header = 0;
	set_flash_clock(flash_divisor(header));
	mmio_write32(SPI0_USER, mmio_read32(SPI0_USER) | SPI0_USER_CS_SETUP);
	/* Map the first MiB of flash at 0x40200000 with a 32 KiB cache, the
	   mapping the IROM section at 0x40210000 was linked for (§7). */
	Cache_Read_Enable(0, 0, 1);
	/* The ROM leaves the PLL at 52 MHz with a 26 MHz crystal; these two
	   writes select 80 MHz (Arduino mmu_set_pll, nosdk8266). Only 26 MHz
	   crystals are supported: with 40 MHz they would give ~123 MHz. */
	if (rom_i2c_readReg(PLL_BLOCK, PLL_HOST, PLL_REG_DIV) != PLL_80MHZ_DIV) {
		rom_i2c_writeReg(PLL_BLOCK, PLL_HOST, PLL_REG_DIV, PLL_80MHZ_DIV);
		rom_i2c_writeReg(PLL_BLOCK, PLL_HOST, PLL_REG_LOOP, PLL_80MHZ_LOOP);
	}
	ets_update_cpu_frequency(CPU_MHZ);
}
