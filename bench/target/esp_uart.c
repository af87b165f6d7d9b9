/*
 * esp_uart.c (targets) — instructions the ESP8266 UART top half spends per
 * received byte: esp_uart_interrupt run on a RAM-backed register block
 * whose STATUS says n bytes wait and whose INT_ST says RX-full, for
 * several n. Run by bench/esp_uart.sh under -icount shift=0. No task runs
 * between the calls, so after the first the deferred wake-up is already
 * queued: these are flood figures, without the worker's wake-up (task_wake).
 */
#include <errno.h>
#include <stdio.h>
#include "arch.h"
#include "clock.h"
#include "count.h"
#include "esp_uart.h"

#define INT_ST 0x08
#define STATUS 0x1C
#define RX_FULL 1u
#define RING_BYTES 8192
#define ROUNDS 8

static uint32_t regs[0x40]; /* the fake UART: plain RAM, so FIFO reads return regs[0] */
static struct serial uart;
static uint8_t rx_buf[RING_BYTES], tx_buf[16];

/* Instructions of `iters` interrupts that each find n bytes waiting; with
   run = 0, the same loop without the handler (the calibration). */
static uint32_t measure(uint32_t n, uint32_t iters, int run)
{
	ring_init(&uart.rx, rx_buf, RING_BYTES); /* empty, unwrapped: no span splits */
	volatile uint32_t *st = &regs[INT_ST / 4], *status = &regs[STATUS / 4];
	count_begin();
	for (uint32_t i = 0; i < iters; i++) {
		*st = RX_FULL;
		*status = n;
		if (run)
			esp_uart_interrupt(0);
		__asm__ volatile("" ::: "memory");
	}
	return count_end();
}

int main(void)
{
	static const uint32_t sizes[] = {1, 16, 100, 128};
	int err = esp_uart_init(&uart, "benchuart", (uintptr_t)regs, 115200, rx_buf, RING_BYTES, tx_buf, sizeof tx_buf);
	if (err && err != -EINVAL) /*: a board without line 5 still runs the handler by call */
		return 1;
	uint32_t per_irq[4];
	for (int k = 0; k < 4; k++) {
		uint32_t n = sizes[k], iters = RING_BYTES / n - 1;
		uint32_t best = 0xffffffffu;
		for (int r = 0; r < ROUNDS; r++) {
			uint32_t c = measure(n, iters, 1), e = measure(n, iters, 0);
			uint32_t net = c > e ? c - e : 0;
			if (net < best)
				best = net;
		}
		per_irq[k] = (best + iters / 2) / iters;
		printf("esp_uart insns_per_interrupt_%lu_bytes %lu\n", (unsigned long)n, (unsigned long)per_irq[k]);
		printf("esp_uart insns_per_byte_at_%lu_bytes_tenths %lu\n", (unsigned long)n,
		       (unsigned long)((best * 10 + (uint64_t)iters * n / 2) / ((uint64_t)iters * n)));
	}
	printf("esp_uart insns_per_extra_byte_tenths %lu\n",
	       (unsigned long)((per_irq[3] - per_irq[0]) * 10 / (sizes[3] - sizes[0])));
	printf("esp_uart bytes_in %lu\n", (unsigned long)uart.dev.stats.bytes_in);
	return 0;
}
