/*
 * mmio.h — device register access, the one header drivers include. A
 * register block is a base address plus byte offsets. On the targets these
 * are volatile accesses, so every access reaches the bus in program order;
 * a host build (ARCH_MMIO_MODELS) routes them instead to register models
 * that tests register (arch/host/arch_mmio.h, tests/host/model_*).
 */
#pragma once
#include <stdint.h>
#include "arch.h"

#if ARCH_MMIO_MODELS
#include "arch_mmio.h"
#else
static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline void mmio_write8(uintptr_t addr, uint8_t value)
{
	*(volatile uint8_t *)addr = value;
}
#endif
