/*
 * string.c (riscv) — memcpy and memset a word at a time. picolibc's RISC-V
 * build favours size: its versions move one byte per loop, 4 to 6
 * instructions a byte, which made a 64-byte ring copy cost ~880 instructions
 * and zeroing a task struct ~900. Misaligned buffers keep the byte loop:
 * misaligned word accesses may trap on real RISC-V parts.
 */
#include <stddef.h>
#include <stdint.h>

typedef unsigned long __attribute__((may_alias)) word;
#define WORD sizeof(word)

/* gcc would turn these loops back into calls to memcpy and memset. */
#define NOT_A_CALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NOT_A_CALL void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
		for (; n && ((uintptr_t)d & (WORD - 1)); n--)
			*d++ = *s++;
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word *)d = *(const word *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NOT_A_CALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word pattern = (unsigned char)c * (~(word)0 / 0xff); /* the byte in every lane */
	for (; n && ((uintptr_t)d & (WORD - 1)); n--)
		*d++ = (unsigned char)c;
	for (; n >= WORD; n -= WORD, d += WORD)
		*(word *)d = pattern;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
