/*
 * tls.c (riscv) — thread-local blocks for tasks: a copy of the .tdata
 * template followed by zeroed .tbss, laid out by board/qemu-virt/virt.ld.
 */
#include <string.h>
#include "arch.h"

extern char _tls_template[], _tls_data_size[], _tls_bss_offset[], _tls_size[], _tls_main[];

/* start.S set main up with the block the linker script reserved. */
void *arch_tls_boot(void)
{
	return _tls_main;
}

uint32_t arch_tls_size(void)
{
	return (uint32_t)(uintptr_t)_tls_size;
}

void *arch_tls_init(void *block)
{
	memcpy(block, _tls_template, (size_t)(uintptr_t)_tls_data_size);
	memset((char *)block + (uintptr_t)_tls_bss_offset, 0,
	       (size_t)((uintptr_t)_tls_size - (uintptr_t)_tls_bss_offset));
	return block;
}
