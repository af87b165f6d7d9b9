/*
 * arch_mmio.h (host) — register access in a Linux process: an address inside
 * a window a register model registered goes to that model's functions; any
 * other address is plain memory. Host tests run the chip drivers against
 * models this way (tests/host/model_*).
 */
#pragma once
#include <stdint.h>

/* width: 1 or 4 bytes; offset: from the window's base. */
typedef uint32_t (*host_mmio_read_fn)(void *model, uintptr_t offset, unsigned width);
typedef void (*host_mmio_write_fn)(void *model, uintptr_t offset, uint32_t value, unsigned width);

/* Claims [base, base + size) for a model; a window at the same base is
   replaced. 0, or -ENOSPC when every window slot is taken. */
int host_mmio_register(uintptr_t base, uintptr_t size, host_mmio_read_fn read, host_mmio_write_fn write,
		       void *model);

uint32_t host_mmio_read(uintptr_t addr, unsigned width);
void host_mmio_write(uintptr_t addr, uint32_t value, unsigned width);

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return host_mmio_read(addr, 4);
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	host_mmio_write(addr, value, 4);
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return (uint8_t)host_mmio_read(addr, 1);
}

static inline void mmio_write8(uintptr_t addr, uint8_t value)
{
	host_mmio_write(addr, value, 1);
}
