/*
 * crc32.c — CRC-32 a bit at a time: no table, so it costs no RAM on the
 * ESP8266, and its callers (the RAM dump) wait on a UART that is slower still.
 */
#include "crc32.h"

#define POLYNOMIAL 0xEDB88320u /* 0x04C11DB7, bit-reversed: the LSB-first form */

uint32_t crc32_update(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;
	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (POLYNOMIAL & -(crc & 1));
	}
	return ~crc;
}
