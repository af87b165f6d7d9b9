/*
 * console.c — the polled console as a device, for boards whose console has
 * no interrupt-driven driver yet: reads poll the board (sleeping a little
 * between polls so other goroutines run), writes are synchronous.
 */
#include "console.h"
#include <errno.h>
#include "board.h"
#include "clock.h"
#include "device.h"
#include "sys.h"
#include "task.h"

#define POLL_INTERVAL_NS 1000000u

static long console_read(struct device *dev, void *buf, size_t n, const struct io_mode *mode)
{
	uint8_t *dst = buf;
	uint64_t deadline = mode->timeout ? nanotime() + mode->timeout : 0;
	size_t got = 0;
	int c;
	while (got < n) {
		if ((c = board_console_getc()) >= 0) {
			dst[got++] = (uint8_t)c;
			dev->stats.bytes_in++;
			continue;
		}
		if (got)
			break;
		if (mode->nonblock)
			return -EAGAIN;
		if (deadline && nanotime() >= deadline)
			return -ETIMEDOUT;
		task_sleep(POLL_INTERVAL_NS);
	}
	return (long)got;
}

static long console_write(struct device *dev, const void *buf, size_t n, const struct io_mode *mode)
{
	(void)mode;
	const char *src = buf;
	for (size_t i = 0; i < n; i++)
		console_putc(src[i]);
	dev->stats.bytes_out += n;
	return (long)n;
}

static const struct device_ops console_ops = {.read = console_read, .write = console_write};
static struct device console_device = {.name = "console", .ops = &console_ops};

struct device *sys_console(void)
{
	struct device *dev = device_find(BOARD_CONSOLE_DEVICE);
	if (dev)
		return dev;
	if (!device_find(console_device.name))
		device_register(&console_device);
	return &console_device;
}
