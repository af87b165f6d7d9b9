/*
 * devicetree.c (qemu-virt) — the end of the RAM QEMU was given (-m), read
 * from the device tree's /memory node (boot ROM: a1 = the tree, Devicetree
 * Specification 0.4 ch. 5 for the flattened format), so the page allocator
 * (board/memory.c) gets all of it and no more.
 */
#include <stdbool.h>
#include <string.h>
#include "board.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

extern char _heap_start[];
extern unsigned long riscv_boot_dtb;

/* The tree is big-endian. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;
	while (n--) {
		v = v << 32 | be32(p);
		p += 4;
	}
	return v;
}

/* End of the RAM region holding the image, or 0 when the tree does not say. */
static uintptr_t ram_end_from_tree(const uint8_t *fdt)
{
	if (!fdt || be32(fdt) != FDT_MAGIC)
		return 0;
	const uint8_t *p = fdt + be32(fdt + 8), *end = fdt + be32(fdt + 4);
	const char *strings = (const char *)fdt + be32(fdt + 12);
	uint32_t address_cells = 2, size_cells = 1, depth = 0;
	bool in_memory = false;
	while (p + 4 <= end) {
		uint32_t token = be32(p);
		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			depth++;
			in_memory = depth == 2 && strncmp(name, "memory", 6) == 0;
			p += (strlen(name) + 4) & ~3u;
		} else if (token == FDT_END_NODE) {
			depth--;
			in_memory = false;
		} else if (token == FDT_PROP) {
			uint32_t len = be32(p), name = be32(p + 4);
			const uint8_t *value = p + 8;
			p = value + ((len + 3) & ~3u);
			const char *prop = strings + name;
			if (depth == 1 && strcmp(prop, "#address-cells") == 0 && len == 4)
				address_cells = be32(value);
			else if (depth == 1 && strcmp(prop, "#size-cells") == 0 && len == 4)
				size_cells = be32(value);
			else if (in_memory && strcmp(prop, "reg") == 0 && len >= 4 * (address_cells + size_cells) &&
				 address_cells <= 2 && size_cells <= 2) {
				uint64_t base = cells(value, address_cells);
				uint64_t size = cells(value + 4 * address_cells, size_cells);
				if (base <= (uintptr_t)_heap_start && base + size > (uintptr_t)_heap_start &&
				    base + size - 1 <= UINTPTR_MAX)
					return (uintptr_t)(base + size);
			}
		} else if (token == FDT_END) {
			break;
		} else if (token != FDT_NOP) {
			break;
		}
	}
	return 0;
}

uintptr_t board_ram_end(void)
{
	return ram_end_from_tree((const uint8_t *)riscv_boot_dtb);
}
