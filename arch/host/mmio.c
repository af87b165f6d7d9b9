/*
 * mmio.c (host) — the table of register-model windows behind mmio_read32 and
 * friends. Models are registered by tests before any driver touches them,
 * from one thread, so the table needs no lock.
 */
#include "arch_mmio.h"
#include <errno.h>

#define WINDOWS 8

static struct {
	uintptr_t base, size;
	host_mmio_read_fn read;
	host_mmio_write_fn write;
	void *model;
} windows[WINDOWS];

int host_mmio_register(uintptr_t base, uintptr_t size, host_mmio_read_fn read, host_mmio_write_fn write,
		       void *model)
{
	int slot = -1;
	for (int i = 0; i < WINDOWS; i++) {
		if (windows[i].size && windows[i].base == base) {
			slot = i;
			break;
		}
		if (!windows[i].size && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return -ENOSPC;
	windows[slot].base = base;
	windows[slot].size = size;
	windows[slot].read = read;
	windows[slot].write = write;
	windows[slot].model = model;
	return 0;
}

static int find(uintptr_t addr)
{
	for (int i = 0; i < WINDOWS; i++)
		if (windows[i].size && addr - windows[i].base < windows[i].size)
			return i;
	return -1;
}

uint32_t host_mmio_read(uintptr_t addr, unsigned width)
{
	int w = find(addr);
	if (w >= 0)
		return windows[w].read(windows[w].model, addr - windows[w].base, width);
	return width == 1 ? *(volatile uint8_t *)addr : *(volatile uint32_t *)addr;
}

void host_mmio_write(uintptr_t addr, uint32_t value, unsigned width)
{
	int w = find(addr);
	if (w >= 0)
		windows[w].write(windows[w].model, addr - windows[w].base, value, width);
	else if (width == 1)
		*(volatile uint8_t *)addr = (uint8_t)value;
	else
		*(volatile uint32_t *)addr = value;
}
