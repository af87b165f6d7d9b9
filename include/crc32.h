/*
 * crc32.h — CRC-32 as zlib, Ethernet and PNG compute it (reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF; "123456789" gives
 * 0xCBF43926). Shared by the firmware's RAM dump and the host tools.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define CRC32_INIT 0u

/* The CRC of what crc covered followed by n bytes at p; start from CRC32_INIT. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n);
