/*
 * intdiv.c (xtensa lx106) — the integer helpers gcc calls for division and
 * 64-bit multiplication, which Debian's lx106 libgcc lacks (the core has a
 * 32-bit multiplier and no divider). On the chip the ROM has these; only the
 * qemu-lx106 build links this file. They stay in the default (flash) section:
 * Debian's picolibc calls them with plain call0, which reaches only 512 KiB.
 */
#include <stdint.h>
#include "panic.h"

/* Shift-and-subtract long division: one quotient bit per step. */
static uint32_t udivmod32(uint32_t n, uint32_t d, uint32_t *rem)
{
	if (d == 0)
		panic("integer divide by zero");
	uint32_t q = 0, r = 0;
	for (int i = 31; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1u << i;
		}
	}
	*rem = r;
	return q;
}

static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
	if (d == 0)
		panic("integer divide by zero");
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		uint32_t r32;
		uint64_t q = udivmod32((uint32_t)n, (uint32_t)d, &r32);
		*rem = r32;
		return q;
	}
	uint64_t q = 0, r = 0;
	for (int i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << i;
		}
	}
	*rem = r;
	return q;
}

uint32_t __udivsi3(uint32_t n, uint32_t d)
{
	uint32_t r;
	return udivmod32(n, d, &r);
}

uint32_t __umodsi3(uint32_t n, uint32_t d)
{
	uint32_t r;
	udivmod32(n, d, &r);
	return r;
}

int32_t __divsi3(int32_t n, int32_t d)
{
	uint32_t r;
	uint32_t q = udivmod32(n < 0 ? -(uint32_t)n : (uint32_t)n, d < 0 ? -(uint32_t)d : (uint32_t)d, &r);
	return (int32_t)(((n < 0) != (d < 0)) ? -q : q);
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	uint64_t r;
	return udivmod64(n, d, &r);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;
	udivmod64(n, d, &r);
	return r;
}

int64_t __divdi3(int64_t n, int64_t d)
{
	uint64_t r;
	uint64_t q = udivmod64(n < 0 ? -(uint64_t)n : (uint64_t)n, d < 0 ? -(uint64_t)d : (uint64_t)d, &r);
	return (int64_t)(((n < 0) != (d < 0)) ? -q : q);
}

/* 32x32 -> 64 from four 16x16 products: the lx106 has no high-half multiply. */
uint64_t __umulsidi3(uint32_t a, uint32_t b)
{
	uint32_t al = a & 0xffff, ah = a >> 16, bl = b & 0xffff, bh = b >> 16;
	uint32_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint32_t mid = (ll >> 16) + (lh & 0xffff) + (hl & 0xffff);
	uint32_t lo = (ll & 0xffff) | (mid << 16);
	uint32_t hi = hh + (lh >> 16) + (hl >> 16) + (mid >> 16);
	return ((uint64_t)hi << 32) | lo;
}

uint64_t __muldi3(uint64_t a, uint64_t b)
{
	uint32_t alo = (uint32_t)a, blo = (uint32_t)b;
	uint64_t low = __umulsidi3(alo, blo);
	uint32_t cross = alo * (uint32_t)(b >> 32) + (uint32_t)(a >> 32) * blo;
	return low + ((uint64_t)cross << 32);
}
