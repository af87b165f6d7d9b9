/*
 * device.h — the device model. A device is a name, a table of operations and
 * private state; a driver fills in the operations and registers the device;
 * programs find it by name ("uart0") or open it as a file (sys/).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clock.h"

struct device;

/* How one read or write may wait; both come from the file descriptor. */
struct io_mode {
	bool nonblock;    /* -EAGAIN instead of waiting */
	uint64_t timeout; /* ns a read may wait for its first byte; 0 = forever */
};

#define POLL_IN 1u  /* a read would not wait */
#define POLL_OUT 2u /* a write would not wait */

struct device_ops {
	int (*open)(struct device *dev);
	long (*read)(struct device *dev, void *buf, size_t n, const struct io_mode *mode);
	long (*write)(struct device *dev, const void *buf, size_t n, const struct io_mode *mode);
	int (*control)(struct device *dev, unsigned request, void *arg);
	unsigned (*poll)(struct device *dev);
	int (*close)(struct device *dev);
};

struct device_stats {
	uint32_t bytes_in, bytes_out;
	uint32_t overflows;      /* received bytes dropped: the ring was full */
	uint32_t hw_overruns;    /* times the hardware FIFO overflowed before we read it */
	uint32_t interrupts;
	uint32_t worst_top_half; /* cycles (arch_counter ticks) of the longest top half */
	uint64_t last_interrupt; /* nanotime() of the latest */
};

struct device {
	const char *name;
	const struct device_ops *ops;
	void *priv;
	struct device_stats stats;
	struct device *next; /* registry */
};

/* A top half's bookkeeping at its end: it began at `start` (clock_ticks()).
   Inline, since top halves run from IRAM on the ESP8266. */
static inline void device_count_interrupt(struct device *dev, uint64_t start)
{
	uint32_t took = (uint32_t)(clock_ticks() - start);
	dev->stats.interrupts++;
	dev->stats.last_interrupt = clock_ticks_to_ns(start);
	if (took > dev->stats.worst_top_half)
		dev->stats.worst_top_half = took;
}

/* Requests every device answers (device_control handles them itself). */
#define DEVICE_GET_STATS 0x100 /* arg: struct device_stats * */
#define DEVICE_DRAIN 0x101     /* wait until queued output has left */

int device_register(struct device *dev); /* 0, or -EEXIST for a taken name */
struct device *device_find(const char *name);
struct device *device_first(void);

/* The wrappers: -ENOSYS where the driver has no such operation. */
int device_open(struct device *dev);
long device_read(struct device *dev, void *buf, size_t n, const struct io_mode *mode);
long device_write(struct device *dev, const void *buf, size_t n, const struct io_mode *mode);
int device_control(struct device *dev, unsigned request, void *arg);
unsigned device_poll(struct device *dev);
int device_close(struct device *dev);
