/*
 * board.c (qemu-virt) — rv32/rv64 on QEMU virt: ns16550a console at
 * 0x10000000 (byte registers), the SiFive test finisher for exit, a 10 MHz
 * timebase (facts/qemu-riscv-virt.md).
 */
#include "board.h"
#include "arch.h"
#include "clock.h"
#include "irq.h"
#include "mmio.h"
#include "timer.h"
#include "snapshot.h"
#include "uart16550.h"
#include "virtio_net.h"

/* QEMU ends with the exit status and the host can read RAM through QMP: a
   firmware that wants the dump after a panic sets this. */
bool snapshot_after_panic = false;

#define UART_BASE 0x10000000u
#define UART_RBR (UART_BASE + 0)
#define UART_THR (UART_BASE + 0)
#define UART_LCR (UART_BASE + 3)
#define UART_LSR (UART_BASE + 5)
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define FINISHER 0x100000u
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333 /* (status << 16) | FAIL exits with status */
#define TIMEBASE_HZ 10000000u
#define CLINT_MTIMECMP 0x02004000u /* hart 0 */
#define PLIC_PRIORITY(n) (0x0C000000u + 4 * (n))
#define PLIC_ENABLE 0x0C002000u    /* context 0: hart 0, M-mode */
#define PLIC_THRESHOLD 0x0C200000u
#define PLIC_CLAIM 0x0C200004u
#define MIE_MTIE 0x80ul
#define MIE_MEIE 0x800ul
#define CAUSE_MACHINE_TIMER 7
#define CAUSE_MACHINE_EXTERNAL 11

#define UART_IRQ 10 /* its PLIC source */
/* Eight virtio-mmio transports, 4 KiB apart, on PLIC sources 1-8 (the
   device tree QEMU writes with -machine virt,dumpdtb=FILE). */
#define VIRTIO_BASE 0x10001000u
#define VIRTIO_STRIDE 0x1000u
#define VIRTIO_SLOTS 8
#define VIRTIO_IRQ 1

static struct serial uart0;
static uint8_t uart0_rx[4096], uart0_tx[1024];

void board_devices(void)
{
	uart16550_init(&uart0, "uart0", UART_BASE, 1, UART_IRQ, uart0_rx, sizeof uart0_rx, uart0_tx, sizeof uart0_tx);
	virtio_net_probe(VIRTIO_BASE, VIRTIO_STRIDE, VIRTIO_SLOTS, VIRTIO_IRQ);
}

void board_init(void)
{
	/* Every PLIC source is gated by its enable bit alone; external
	   interrupts reach the hart once mstatus.MIE opens. */
	mmio_write32(PLIC_THRESHOLD, 0);
	__asm__ volatile("csrs mie, %0" ::"r"(MIE_MEIE));
	mmio_write8(UART_LCR, 0x03); /* 8N1 */
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

/* No watchdog here. */
void board_keepalive(void)
{
}

uint32_t board_counter_hz(void)
{
	return TIMEBASE_HZ;
}

static void set_mtimecmp(uint64_t value)
{
	/* On rv32, raise the high word first so no intermediate value matches
	   (facts/qemu-riscv-virt.md). */
	mmio_write32(CLINT_MTIMECMP + 4, 0xffffffffu);
	mmio_write32(CLINT_MTIMECMP, (uint32_t)value);
	mmio_write32(CLINT_MTIMECMP + 4, (uint32_t)(value >> 32));
}

void board_timer_arm(uint64_t deadline)
{
	set_mtimecmp(clock_ns_to_ticks(deadline));
	__asm__ volatile("csrs mie, %0" ::"r"(MIE_MTIE));
}

void board_timer_disarm(void)
{
	__asm__ volatile("csrc mie, %0" ::"r"(MIE_MTIE));
}

void board_irq_enable(unsigned line)
{
	mmio_write32(PLIC_PRIORITY(line), 1);
	mmio_write32(PLIC_ENABLE + line / 32 * 4, mmio_read32(PLIC_ENABLE + line / 32 * 4) | 1u << line % 32);
}

void board_irq_disable(unsigned line)
{
	mmio_write32(PLIC_ENABLE + line / 32 * 4, mmio_read32(PLIC_ENABLE + line / 32 * 4) & ~(1u << line % 32));
}

void board_interrupt(unsigned long cause)
{
	if (cause == CAUSE_MACHINE_TIMER) {
		/* The timer interrupt stays pending while mtime >= mtimecmp. */
		board_timer_disarm();
		timer_interrupt();
	} else if (cause == CAUSE_MACHINE_EXTERNAL) {
		uint32_t source;
		while ((source = mmio_read32(PLIC_CLAIM)) != 0) {
			irq_dispatch(source);
			mmio_write32(PLIC_CLAIM, source);
		}
	}
}
