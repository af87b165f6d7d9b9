/*
 * board.c (qemu-lx106) — the lx106 core on QEMU's lx60-nommu board, linked
 * with the ESP8266 layout: a 16550 console, semihosting exit, CCOUNT at the
 * rate the board's clock register reports (facts/qemu-lx106.md). The
 * ESP8266 GPIO driver runs at the chip's addresses, which are plain RAM
 * here (no GPIO block in QEMU): outputs land in OUT, inputs read what was
 * last stored, no edge ever latches — enough for programs that blink.
 */
#include "board.h"
#include "arch.h"
#include "esp_gpio.h"
#include "mmio.h"
#include "snapshot.h"
#include "uart16550.h"

/* QEMU ends with the exit status and the host can read RAM through QMP: a
   firmware that wants the dump after a panic sets this. */
bool snapshot_after_panic = false;

#define UART_BASE 0x9D050020u /* 16550, registers 4 bytes apart */
#define UART_RBR (UART_BASE + 0x00)
#define UART_THR (UART_BASE + 0x00)
#define UART_LCR (UART_BASE + 0x0C)
#define UART_LSR (UART_BASE + 0x14)
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define BOARD_CLOCK_HZ_REG 0x9D020004u /* reads the core clock, 40 MHz */
#define SEMIHOSTING_EXIT 1

IRAM void board_early_init(void)
{
}

#define UART_STRIDE 4
#define UART_IRQ_LINE 0 /* the 16550 raises the core's interrupt 0 */

static struct serial uart0;
static uint8_t uart0_rx[1024], uart0_tx[256];
static struct esp_gpio gpio;

void board_devices(void)
{
	uart16550_init(&uart0, "uart0", UART_BASE, UART_STRIDE, UART_IRQ_LINE, uart0_rx, sizeof uart0_rx, uart0_tx,
		       sizeof uart0_tx);
	esp_gpio_init(&gpio, "gpio", ESP_GPIO_BASE, ESP_IO_MUX_BASE, ESP_RTC_BASE, BOARD_LED_GPIO);
}

void board_init(void)
{
	mmio_write32(UART_LCR, 0x03); /* 8 data bits, no parity, 1 stop bit */
}

IRAM void board_console_putc(int c)
{
	while (!(mmio_read32(UART_LSR) & LSR_THR_EMPTY))
		;
	mmio_write32(UART_THR, (uint8_t)c);
}

int board_console_getc(void)
{
	if (!(mmio_read32(UART_LSR) & LSR_DATA_READY))
		return -1;
	return (int)(mmio_read32(UART_RBR) & 0xff);
}

void board_exit(int status)
{
	register uint32_t call __asm__("a2") = SEMIHOSTING_EXIT;
	register uint32_t code __asm__("a3") = (uint32_t)status;
	__asm__ volatile("simcall" : "+r"(call) : "r"(code) : "memory");
	for (;;)
		arch_idle();
}

/* No watchdog here. */
void board_keepalive(void)
{
}

/* The memory map is fixed: the linker script's RAM is all there is. */
uintptr_t board_ram_end(void)
{
	return 0;
}

uint32_t board_counter_hz(void)
{
	return mmio_read32(BOARD_CLOCK_HZ_REG);
}
