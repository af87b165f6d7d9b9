/*
 * device.c — the device registry (a list in registration order) and the
 * wrappers that turn a missing operation into -ENOSYS.
 */
#include "device.h"
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "layout.h"

static struct device *devices;

int device_register(struct device *dev)
{
	if (device_find(dev->name))
		return -EEXIST;
	arch_irq_t irq = arch_irq_save();
	struct device **at = &devices;
	while (*at)
		at = &(*at)->next;
	dev->next = 0;
	*at = dev;
	arch_irq_restore(irq);
	return 0;
}

struct device *device_find(const char *name)
{
	for (struct device *d = devices; d; d = d->next)
		if (strcmp(d->name, name) == 0)
			return d;
	return 0;
}

struct device *device_first(void)
{
	return devices;
}

int device_open(struct device *dev)
{
	return dev->ops->open ? dev->ops->open(dev) : 0;
}

long device_read(struct device *dev, void *buf, size_t n, const struct io_mode *mode)
{
	return dev->ops->read ? dev->ops->read(dev, buf, n, mode) : -ENOSYS;
}

long device_write(struct device *dev, const void *buf, size_t n, const struct io_mode *mode)
{
	return dev->ops->write ? dev->ops->write(dev, buf, n, mode) : -ENOSYS;
}

int device_control(struct device *dev, unsigned request, void *arg)
{
	if (request == DEVICE_GET_STATS) {
		arch_irq_t irq = arch_irq_save();
		*(struct device_stats *)arg = dev->stats;
		arch_irq_restore(irq);
		return 0;
	}
	return dev->ops->control ? dev->ops->control(dev, request, arg) : -ENOSYS;
}

unsigned device_poll(struct device *dev)
{
	return dev->ops->poll ? dev->ops->poll(dev) : 0;
}

int device_close(struct device *dev)
{
	return dev->ops->close ? dev->ops->close(dev) : 0;
}

/* Where the registry lives, for the snapshot checker (layout.h). */
const struct device_roots device_roots = {&devices};
