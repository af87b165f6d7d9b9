/*
 * time.c — clock_gettime and nanosleep. CLOCK_MONOTONIC is nanotime() (the
 * 10 MHz timebase); CLOCK_REALTIME adds the wall-clock time the Goldfish RTC
 * read at boot (virt: 0x101000, TIME_LOW then TIME_HIGH, in ns —
 * facts/qemu-riscv-virt.md). A sleeping thread blocks; with nothing ready
 * the scheduler idles in wfi.
 */
#include <errno.h>
#include "clock.h"
#include "linux.h"
#include "mmio.h"

#define RTC_TIME_LOW 0x101000u
#define RTC_TIME_HIGH 0x101004u
#define CLOCK_REALTIME 0
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_TAI 11

static uint64_t realtime_at_boot;

void time_init(void)
{
	uint32_t low = mmio_read32(RTC_TIME_LOW); /* reading the low word latches the high */
	uint32_t high = mmio_read32(RTC_TIME_HIGH);
	realtime_at_boot = ((uint64_t)high << 32 | low) - nanotime();
}

long sys_clock_gettime(int clock, uint64_t ts)
{
	if (clock < 0 || clock > CLOCK_TAI || clock == 10)
		return -EINVAL;
	uint64_t ns = nanotime();
	if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_TAI ||
	    clock == CLOCK_REALTIME_ALARM)
		ns += realtime_at_boot;
	int64_t out[2] = {(int64_t)(ns / 1000000000u), (int64_t)(ns % 1000000000u)};
	return copy_to_user(ts, out, sizeof out) ? -EFAULT : 0;
}

long sys_nanosleep(struct thread *t, uint64_t req, uint64_t rem)
{
	int64_t ts[2];
	if (copy_from_user(ts, req, sizeof ts))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	uint64_t deadline = nanotime() + (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
	int status = thread_wait(t, deadline);
	if (status != -EINTR)
		return 0;
	if (rem) {
		uint64_t now = nanotime(), left = deadline > now ? deadline - now : 0;
		int64_t out[2] = {(int64_t)(left / 1000000000u), (int64_t)(left % 1000000000u)};
		if (copy_to_user(rem, out, sizeof out))
			return -EFAULT;
	}
	return -EINTR;
}
