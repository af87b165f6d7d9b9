/*
 * time.c — picolibc's clocks and sleeps on nanotime() and the scheduler:
 * sleeping blocks only the calling goroutine. Both clocks count from boot:
 * there is no wall-clock source on these boards.
 */
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "sys.h"
#include "task.h"

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
		return sys_error(-EINVAL);
	uint64_t now = nanotime();
	ts->tv_sec = (time_t)(now / 1000000000u);
	ts->tv_nsec = (long)(now % 1000000000u);
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	uint64_t now = nanotime();
	tv->tv_sec = (time_t)(now / 1000000000u);
	tv->tv_usec = (suseconds_t)(now / 1000u % 1000000u);
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return sys_error(-EINVAL);
	task_sleep((uint64_t)req->tv_sec * 1000000000u + (uint64_t)req->tv_nsec);
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int usleep(useconds_t us)
{
	task_sleep((uint64_t)us * 1000u);
	return 0;
}

unsigned sleep(unsigned seconds)
{
	task_sleep((uint64_t)seconds * 1000000000u);
	return 0;
}
