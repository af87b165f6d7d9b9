/*
 * intmod.c (xtensa lx106) — signed remainder helpers. The ESP8266 ROM has the
 * quotient helpers but not these two, so every lx106 build links this file;
 * the quotients come from the ROM (esp8266) or from intdiv.c (qemu-lx106).
 * They are called by name: gcc would fold n - (n / d) * d back into n % d,
 * which is a call to these very functions. Flash, like intdiv.c: picolibc
 * reaches them with plain call0.
 */
#include <stdint.h>

int32_t __divsi3(int32_t n, int32_t d);
int64_t __divdi3(int64_t n, int64_t d);

int32_t __modsi3(int32_t n, int32_t d)
{
	return n - __divsi3(n, d) * d;
}

int64_t __moddi3(int64_t n, int64_t d)
{
	return n - __divdi3(n, d) * d;
}
