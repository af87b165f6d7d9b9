/*
 * board.c (esp8266) — the real chip (boot.c brings up flash and clock):
 * UART0 polled for early and panic output, then interrupt-driven as "uart0",
 * the HSPI master as "hspi0", GPIO as "gpio", restart on exit
 * (facts/esp8266.md).
 */
#include "board.h"
#include "arch.h"
#include "console.h"
#include "esp_gpio.h"
#include "esp_hspi.h"
#include "esp_uart.h"
#include "esp_wdt.h"
#include "mmio.h"
#include "rom.h"
#include "snapshot.h"

/* A chip that panics restarts and its RAM is gone: dump it first, for
   tools/snapshot.py waiting on the console. */
bool snapshot_after_panic = true;

#define UART_FIFO (ESP_UART0_BASE + ESP_UART_FIFO)
#define UART_CLKDIV (ESP_UART0_BASE + ESP_UART_CLKDIV)
#define UART_STATUS (ESP_UART0_BASE + ESP_UART_STATUS)
#define UART_CONF0 (ESP_UART0_BASE + ESP_UART_CONF0)
#define APB_HZ 80000000u
#define CPU_HZ 80000000u
#define CONSOLE_BAUD 115200u

/* UART0 becomes "uart0", which sys/ takes for stdin/stdout/stderr. */
static struct serial uart0;
static uint8_t uart0_rx[512], uart0_tx[256];

/* The HSPI starts at 1 MHz, slow enough for any wiring; programs set their
   rate with HSPI_SET_CLOCK. */
#define HSPI_START_HZ 1000000u

static struct esp_hspi hspi0;
static struct esp_gpio gpio;

void board_devices(void)
{
	esp_uart_init(&uart0, "uart0", ESP_UART0_BASE, CONSOLE_BAUD, uart0_rx, sizeof uart0_rx, uart0_tx,
		      sizeof uart0_tx);
	esp_hspi_init(&hspi0, "hspi0", ESP_HSPI_BASE, HSPI_START_HZ);
	esp_gpio_init(&gpio, "gpio", ESP_GPIO_BASE, ESP_IO_MUX_BASE, ESP_RTC_BASE, BOARD_LED_GPIO);
}

void board_init(void)
{
	mmio_write32(UART_CLKDIV, APB_HZ / CONSOLE_BAUD);
	mmio_write32(UART_CONF0, 3u << 2 | 1u << 4); /* 8 data bits, 1 stop bit */
}

IRAM void board_console_putc(int c)
{
	while (ESP_UART_TX_COUNT(mmio_read32(UART_STATUS)) >= ESP_UART_FIFO_BYTES - 1)
		;
	mmio_write32(UART_FIFO, (uint8_t)c);
}

int board_console_getc(void)
{
	if (ESP_UART_RX_COUNT(mmio_read32(UART_STATUS)) == 0)
		return -1;
	return (int)(mmio_read32(UART_FIFO) & 0xff);
}

/* A chip has no one to return a status to: say it on the console, let the
   FIFO empty, and restart through the ROM, so a firmware whose main returns
   runs again (the architecture's "reset loop on the chip"). */
void board_exit(int status)
{
	arch_irq_save();
	console_puts("\n8266go: exit status ");
	console_dec((uint32_t)status);
	console_puts(", restarting\n");
	while (ESP_UART_TX_COUNT(mmio_read32(UART_STATUS)) != 0)
		;
	software_reset();
}

/* Feeding a watchdog that is off does nothing, so this needs no state. */
void board_keepalive(void)
{
	esp_wdt_feed();
}

/* The memory map is fixed: the linker script's RAM is all there is. */
uintptr_t board_ram_end(void)
{
	return 0;
}

uint32_t board_counter_hz(void)
{
	return CPU_HZ;
}
