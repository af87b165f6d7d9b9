/*
 * string.c (riscv) — arch/riscv/string.c's memcpy and memset against a byte
 * loop, for every alignment of source and destination and every length up
 * to 40 bytes, with guard bytes around each copy.
 */
#include <string.h>
#include "../tap.h"

static unsigned char source[64], dest[64], expect[64];

static void reference_copy(unsigned char *d, const unsigned char *s, size_t n)
{
	for (volatile size_t i = 0; i < n; i++)
		d[i] = s[i];
}

int main(void)
{
	unsigned wrong_copies = 0, wrong_sets = 0, cases = 0;
	for (size_t i = 0; i < sizeof source; i++)
		source[i] = (unsigned char)(i * 37 + 11);
	for (size_t from = 0; from < 8; from++)
		for (size_t to = 0; to < 8; to++)
			for (size_t n = 0; n <= 40; n++, cases++) {
				for (volatile size_t i = 0; i < sizeof dest; i++)
					dest[i] = expect[i] = 0xee;
				reference_copy(expect + to, source + from, n);
				memcpy(dest + to, source + from, n);
				wrong_copies += memcmp(dest, expect, sizeof dest) != 0;

				for (volatile size_t i = 0; i < sizeof dest; i++)
					dest[i] = expect[i] = 0xee;
				for (volatile size_t i = 0; i < n; i++)
					expect[to + i] = (unsigned char)(0x80 + from);
				memset(dest + to, 0x80 + (int)from, n);
				wrong_sets += memcmp(dest, expect, sizeof dest) != 0;
			}
	CHECK(wrong_copies == 0, "memcpy: every alignment and length up to 40 (%u cases, %u wrong)", cases, wrong_copies);
	CHECK(wrong_sets == 0, "memset: every alignment and length up to 40 (%u cases, %u wrong)", cases, wrong_sets);
	return tap_done();
}
