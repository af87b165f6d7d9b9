/*
 * board.c (qemu-virt) — rv32/rv64 on QEMU virt: ns16550a console at
 * 0x10000000 (byte registers), the SiFive test finisher for exit, a 10 MHz
 * timebase (facts/qemu-riscv-virt.md).
 */
#include "board.h"
#include "arch.h"
#include "mmio.h"

#define UART_BASE 0x10000000u
#define UART_RBR (UART_BASE + 0)
#define UART_THR (UART_BASE + 0)
#define UART_FCR (UART_BASE + 2)
#define UART_LCR (UART_BASE + 3)
#define UART_LSR (UART_BASE + 5)
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define FINISHER 0x100000u
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333 /* (status << 16) | FAIL exits with status */
#define TIMEBASE_HZ 10000000u

void board_init(void)
{
	mmio_write8(UART_LCR, 0x03); /* 8N1 */
	mmio_write8(UART_FCR, 0x07); /* enable and reset the FIFOs */
}

void board_console_putc(int c)
{
	while (!(mmio_read8(UART_LSR) & LSR_THR_EMPTY))
		;
	mmio_write8(UART_THR, (uint8_t)c);
}

int board_console_getc(void)
{
	if (!(mmio_read8(UART_LSR) & LSR_DATA_READY))
		return -1;
	return mmio_read8(UART_RBR);
}

void board_exit(int status)
{
	uint32_t code = status & 0xffff;
	mmio_write32(FINISHER, code ? code << 16 | FINISHER_FAIL : FINISHER_PASS);
	for (;;)
		arch_idle();
}

uint32_t board_counter_hz(void)
{
	return TIMEBASE_HZ;
}
