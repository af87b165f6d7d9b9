/*
 * mmio.h — device register access, the one header drivers include. A
 * register block is a base address plus byte offsets. The bodies are the
 * arch's (arch/<isa>/arch_mmio.h): volatile accesses on the targets, so every
 * access reaches the bus in program order; on the host, calls that register
 * models of the blocks can answer (tests/host/model_*).
 *
 *   uint32_t mmio_read32(uintptr_t addr)      void mmio_write32(uintptr_t addr, uint32_t value)
 *   uint8_t  mmio_read8(uintptr_t addr)       void mmio_write8(uintptr_t addr, uint8_t value)
 */
#pragma once
#include <stdint.h>
#include "arch_mmio.h"
