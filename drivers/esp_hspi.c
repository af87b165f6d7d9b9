/*
 * esp_hspi.c — the ESP8266 HSPI master (facts/esp8266.md §5). A transaction
 * moves up to 64 bytes between the W0–W15 buffer and the wire; setting
 * CMD.USR starts it, USR reads 1 until it ends, and the end sets SLAVE's
 * TRANS_DONE, which with TRANS_DONE_EN raises interrupt line 2. Line 2 is
 * level-triggered and shared with SPI0, the flash controller, whose done
 * interrupt is on from reset and set by every flash read: this driver, which
 * binds the line, keeps SPI0's sources off (facts/esp8266.md §9).
 *
 * Invariant: at most one transfer runs (h->owner); the W buffer and the
 * USER registers are written only while USR reads 0. The interrupt touches
 * only the SPI registers and h->done, and schedules h->wake; the owner sleeps
 * in h->waiters until h->done.
 */
#include "esp_hspi.h"
#include <errno.h>
#include <stddef.h>
#include "arch.h"
#include "clock.h"
#include "mmio.h"
#include "task.h"

#define CMD 0x00
#define CTRL 0x08
#define CTRL1 0x0C
#define CLOCK 0x18
#define USER 0x1C
#define USER1 0x20
#define PIN 0x2C
#define SLAVE 0x30
#define W0 0x40

#define CMD_USR (1u << 18)
#define CLOCK_SYSCLK (1u << 31)
#define CLOCK_PRE_SHIFT 18
#define CLOCK_N_SHIFT 12
#define CLOCK_H_SHIFT 6
#define PRE_MAX 8191 /* PRE [30:18] */
#define N_MAX 63     /* N [17:12] */
#define USER_MISO (1u << 28)
#define USER_MOSI (1u << 27)
#define USER_CS_SETUP (1u << 5)
#define USER_CS_HOLD (1u << 4)
#define USER1_MOSI_BITS_SHIFT 17 /* bit length - 1 */
#define USER1_MISO_BITS_SHIFT 8
#define PIN_CPOL (1u << 29)
#define SLAVE_MODE (1u << 30)
#define SLAVE_DONE_EN (1u << 9)
#define SLAVE_DONE (1u << 4)

#define DPORT_SPI_INT 0x3FF00020u
#define DPORT_SPI_INT_SPI0 (1u << 4)
#define DPORT_SPI_INT_HSPI (1u << 7)
#define SPI0_SLAVE 0x60000230u
/* SLAVE's five done flags [4:0] and their interrupt enables [9:5] (EOR
   core/include/esp/spi_regs.h SPI_SLAVE0_*). */
#define SLAVE_INTERRUPTS 0x3ffu
#define IO_MUX_CONF 0x60000800u
#define IO_MUX_HSPI_SYSCLK (1u << 9)
/* GPIO12-15 = MISO, MOSI, CLK, CS with IO_MUX function 2 (§5). Their pin
   registers follow CONF (NONOS include/eagle_soc.h: MTDI_U +04, MTCK_U +08,
   MTMS_U +0C, MTDO_U +10); a function number f is written as bits 4-5 = f & 3
   and bit 8 = f & 4 (§1: "function select = bits 4,5 and 8"). */
#define IO_MUX_PIN(gpio) (IO_MUX_CONF + 4 + 4 * ((gpio) - 12))
#define IO_MUX_FUNCTION_MASK 0x130u
#define IO_MUX_FUNCTION(f) ((((f) & 4u) << 2 | ((f) & 3u)) << 4)
#define IO_MUX_FUNCTION_HSPI 2u

#define APB_HZ 80000000u
/* USR can still read 1 just after TRANS_DONE; a transaction that stays
   busy this many polls belongs to someone else, or is stuck. */
#define BUSY_POLLS 1000

/*
 * Clears SPI0's done flags and turns its interrupt sources off, as the
 * NONOS SDK (driver_lib/driver/spi.c, slave ISR) and Arduino
 * (libraries/SPISlave/src/hspi_slave.c) do: running chips read SPI0 SLAVE
 * 0x04800210 (TRANS_DONE and TRANS_DONE_EN), which holds line 2 up. In IRAM,
 * and never inlined into flash code: SPI0 is the controller the flash cache
 * fetches through.
 */
static IRAM __attribute__((noinline)) void spi0_quiet(void)
{
	mmio_write32(SPI0_SLAVE, mmio_read32(SPI0_SLAVE) & ~SLAVE_INTERRUPTS);
}

static inline uint32_t reg_read(struct esp_hspi *h, uint32_t off)
{
	return mmio_read32(h->regs + off);
}

static inline void reg_write(struct esp_hspi *h, uint32_t off, uint32_t value)
{
	mmio_write32(h->regs + off, value);
}

/*
 * CLOCK for the fastest SCLK = 80 MHz / ((PRE+1)(N+1)) not above hz: the
 * smallest divisor product at least 80 MHz / hz (rounded up). 80 MHz itself
 * bypasses the divider (sysclk). H and L as the SDK sets them (§5): the
 * clock high for about half the N+1 cycles. 0 when no setting is that slow.
 */
static uint32_t clock_value(uint32_t hz, uint32_t *actual)
{
	if (hz >= APB_HZ) {
		*actual = APB_HZ;
		return CLOCK_SYSCLK;
	}
	uint32_t want = (APB_HZ + hz - 1) / hz, best = 0, best_pre = 0, best_n = 0;
	for (uint32_t n = 1; n <= N_MAX; n++) {
		uint32_t pre = (want + n) / (n + 1) - 1; /* ceil(want / (n+1)) - 1 */
		if (pre > PRE_MAX)
			continue;
		uint32_t product = (pre + 1) * (n + 1);
		if (!best || product < best) {
			best = product;
			best_pre = pre;
			best_n = n;
		}
	}
	if (!best)
		return 0;
	*actual = APB_HZ / best;
	return best_pre << CLOCK_PRE_SHIFT | best_n << CLOCK_N_SHIFT | ((best_n + 1) / 2 - 1) << CLOCK_H_SHIFT | best_n;
}

static int set_clock(struct esp_hspi *h, uint32_t *hz)
{
	uint32_t actual, value = *hz ? clock_value(*hz, &actual) : 0;
	if (!value)
		return -EINVAL;
	/* The HSPI's clock source must be the 80 MHz system clock for the
	   undivided rate (IO_MUX CONF bit9, §1), the divider's input otherwise. */
	uint32_t mux = mmio_read32(IO_MUX_CONF) & ~IO_MUX_HSPI_SYSCLK;
	mmio_write32(IO_MUX_CONF, mux | (value == CLOCK_SYSCLK ? IO_MUX_HSPI_SYSCLK : 0));
	reg_write(h, CLOCK, value);
	h->hz = *hz = actual;
	return 0;
}

static int wait_idle(struct esp_hspi *h)
{
	for (int i = 0; i < BUSY_POLLS; i++)
		if (!(reg_read(h, CMD) & CMD_USR))
			return 0;
	return -EBUSY;
}

/* A chunk's nanoseconds on the wire, four times over, plus a millisecond
   for the interrupt and scheduling: past it the transaction is lost. */
static uint64_t chunk_deadline(struct esp_hspi *h, uint32_t len)
{
	return nanotime() + (uint64_t)len * 8 * 4000000000u / h->hz + 1000000;
}

static int run_chunk(struct esp_hspi *h, const uint8_t *tx, uint8_t *rx, uint32_t len)
{
	int err = wait_idle(h);
	if (err)
		return err;
	uint32_t bits = len * 8 - 1;
	if (tx) {
		for (uint32_t i = 0; i < len; i += 4) {
			uint32_t word = 0;
			for (uint32_t b = 0; b < 4 && i + b < len; b++)
				word |= (uint32_t)tx[i + b] << (8 * b); /* W0's low byte goes out first */
			reg_write(h, W0 + i, word);
		}
		reg_write(h, USER, USER_MOSI | USER_CS_SETUP | USER_CS_HOLD);
		reg_write(h, USER1, bits << USER1_MOSI_BITS_SHIFT);
	} else {
		reg_write(h, USER, USER_MISO | USER_CS_SETUP | USER_CS_HOLD);
		reg_write(h, USER1, bits << USER1_MISO_BITS_SHIFT);
	}
	uint64_t deadline = chunk_deadline(h, len);
	arch_irq_t irq = arch_irq_save();
	h->done = false;
	reg_write(h, CMD, CMD_USR);
	int status = 0;
	while (!h->done && status != -ETIMEDOUT)
		status = waitq_wait(&h->waiters, deadline, true);
	arch_irq_restore(irq);
	if (!h->done)
		return -ETIMEDOUT;
	if (rx) {
		for (uint32_t i = 0; i < len; i += 4) {
			uint32_t word = reg_read(h, W0 + i);
			for (uint32_t b = 0; b < 4 && i + b < len; b++)
				rx[i + b] = (uint8_t)(word >> (8 * b));
		}
	}
	return 0;
}

static long transfer(struct esp_hspi *h, const struct hspi_transfer *t)
{
	if (t->len == 0 || t->len > 0x7fffffffu || !t->tx == !t->rx)
		return -EINVAL;
	arch_irq_t irq = arch_irq_save();
	bool taken = h->owner != 0;
	if (!taken)
		h->owner = task_current();
	arch_irq_restore(irq);
	if (taken)
		return -EBUSY;
	const uint8_t *tx = t->tx;
	uint8_t *rx = t->rx;
	int err = 0;
	for (uint32_t off = 0; off < t->len && !err; off += ESP_HSPI_CHUNK) {
		uint32_t len = t->len - off < ESP_HSPI_CHUNK ? t->len - off : ESP_HSPI_CHUNK;
		err = run_chunk(h, tx ? tx + off : 0, rx ? rx + off : 0, len);
		h->dev.stats.bytes_out += tx && !err ? len : 0;
		h->dev.stats.bytes_in += rx && !err ? len : 0;
	}
	h->owner = 0;
	return err ? err : (long)t->len;
}

static long hspi_read(struct device *dev, void *buf, size_t n, const struct io_mode *mode)
{
	(void)mode;
	struct hspi_transfer t = {.rx = buf, .len = n > 0x7fffffffu ? 0 : (uint32_t)n};
	return transfer(dev->priv, &t);
}

static long hspi_write(struct device *dev, const void *buf, size_t n, const struct io_mode *mode)
{
	(void)mode;
	struct hspi_transfer t = {.tx = buf, .len = n > 0x7fffffffu ? 0 : (uint32_t)n};
	return transfer(dev->priv, &t);
}

static int hspi_control(struct device *dev, unsigned request, void *arg)
{
	struct esp_hspi *h = dev->priv;
	if (request == HSPI_TRANSFER) {
		long n = transfer(h, arg);
		return n < 0 ? (int)n : 0;
	}
	if (request == HSPI_SET_CLOCK) {
		if (h->owner)
			return -EBUSY;
		return set_clock(h, arg);
	}
	return -EINVAL;
}

static const struct device_ops hspi_ops = {
	.read = hspi_read,
	.write = hspi_write,
	.control = hspi_control,
};

static void wake_owner(struct work *w)
{
	struct esp_hspi *h = (struct esp_hspi *)((char *)w - offsetof(struct esp_hspi, wake));
	arch_irq_t irq = arch_irq_save();
	waitq_wake_all(&h->waiters, 0);
	arch_irq_restore(irq);
}

IRAM void esp_hspi_interrupt(void *arg)
{
	struct esp_hspi *h = arg;
	/* Line 2 is also SPI0's and I2S's. SPI0's flag holds the level-triggered
	   line up until its SLAVE register is written: leaving it would enter
	   this handler forever. (Nothing here turns I2S's interrupt on.) */
	uint32_t sources = mmio_read32(DPORT_SPI_INT);
	if (sources & DPORT_SPI_INT_SPI0)
		spi0_quiet();
	if (!(sources & DPORT_SPI_INT_HSPI))
		return;
	uint64_t start = clock_ticks();
	uint32_t slave = reg_read(h, SLAVE);
	if (!(slave & SLAVE_DONE))
		return;
	reg_write(h, SLAVE, slave & ~SLAVE_DONE); /* drops the level-triggered line */
	h->done = true;
	work_schedule(&h->wake);
	device_count_interrupt(&h->dev, start);
}

int esp_hspi_init(struct esp_hspi *h, const char *name, uintptr_t base, uint32_t hz)
{
	h->regs = base;
	h->dev.name = name;
	h->dev.ops = &hspi_ops;
	h->dev.priv = h;
	h->wake.fn = wake_owner;
	int err = wait_idle(h);
	if (!err)
		err = set_clock(h, &hz);
	if (err)
		return err;
	for (unsigned gpio = 12; gpio <= 15; gpio++)
		mmio_write32(IO_MUX_PIN(gpio), (mmio_read32(IO_MUX_PIN(gpio)) & ~IO_MUX_FUNCTION_MASK) |
						       IO_MUX_FUNCTION(IO_MUX_FUNCTION_HSPI));
	/* Mode 0 (clock idles low), MSB first, master with the done interrupt;
	   USER's FLASH_MODE stays clear: the HSPI is not driving a flash. CTRL
	   resets to 0x28B313 (fast read, WP and shared-bus bits among them) and
	   CTRL1 to a non-zero delay: both are written whole, as Arduino's
	   SPI.begin() does (facts §9). */
	reg_write(h, PIN, reg_read(h, PIN) & ~PIN_CPOL);
	reg_write(h, CTRL, 0);
	reg_write(h, CTRL1, 0);
	reg_write(h, USER, USER_CS_SETUP | USER_CS_HOLD);
	reg_write(h, SLAVE, (reg_read(h, SLAVE) & ~(SLAVE_MODE | SLAVE_DONE)) | SLAVE_DONE_EN);
	err = device_register(&h->dev);
	if (err)
		return err;
	spi0_quiet(); /* before irq_attach unmasks line 2 */
	return irq_attach(ESP_HSPI_IRQ, esp_hspi_interrupt, h);
}
