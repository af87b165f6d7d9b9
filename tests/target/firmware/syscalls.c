/*
 * syscalls.c — picolibc's OS hooks on the target: devices as files, every
 * errno the syscall layer promises, blocking reads with a timeout,
 * non-blocking reads and writes, malloc over pages, clocks and sleeps.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "arch.h"
#include "clock.h"
#include "device.h"
#include "fd.h"
#include "../tap.h"

#define MS 1000000ull

static int failed_with(int result, int err)
{
	return result == -1 && errno == err;
}

static void files(void)
{
	char byte = 'x';
	CHECK(failed_with(open("/dev/nosuch", O_RDWR), ENOENT), "open of an unknown device: ENOENT");
	CHECK(failed_with(open("/etc/passwd", O_RDONLY), ENOENT), "open outside /dev: ENOENT");
	CHECK(failed_with((int)read(42, &byte, 1), EBADF), "read of a descriptor never opened: EBADF");
	CHECK(failed_with((int)write(-1, &byte, 1), EBADF), "write to a negative descriptor: EBADF");
	CHECK(failed_with(close(7), EBADF), "close of a descriptor never opened: EBADF");

	int fd = open("/dev/uart0", O_RDWR);
	CHECK(fd >= 3, "open /dev/uart0 gives the lowest free descriptor above stdio (%d)", fd);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && isatty(fd) == 1, "fstat and isatty: a character device");
	CHECK(failed_with((int)lseek(fd, 0, SEEK_SET), ESPIPE), "lseek on a device: ESPIPE");
	CHECK(write(fd, "# via /dev/uart0\n", 17) == 17, "write queues and returns the byte count");

	uint64_t timeout = 5 * MS;
	CHECK(fd_control(fd, FD_SET_READ_TIMEOUT, &timeout) == 0, "set a 5 ms read timeout");
	uint64_t t0 = nanotime();
	CHECK(failed_with((int)read(fd, &byte, 1), ETIMEDOUT) && nanotime() - t0 >= 5 * MS,
	      "a blocking read with no input times out: ETIMEDOUT after %u us", (unsigned)((nanotime() - t0) / 1000));
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "O_NONBLOCK set with fcntl");
	t0 = nanotime();
	CHECK(failed_with((int)read(fd, &byte, 1), EAGAIN) && nanotime() - t0 < 1 * MS, "a non-blocking read: EAGAIN at once");
	ssize_t put = 0, n;
	char chunk[64];
	memset(chunk, '.', sizeof chunk);
	/* With interrupts masked nothing drains the TX ring: a non-blocking
	   write must stop where it is full instead of waiting. */
	arch_irq_t irq = arch_irq_save();
	while ((n = write(fd, chunk, sizeof chunk)) == (ssize_t)sizeof chunk)
		put += n;
	int stopped = n == -1 ? errno == EAGAIN : n < (ssize_t)sizeof chunk;
	put += n > 0 ? n : 0;
	int again = failed_with((int)write(fd, chunk, sizeof chunk), EAGAIN);
	arch_irq_restore(irq);
	fcntl(fd, F_SETFL, 0);
	write(fd, "\n", 1); /* end the line of dots before the next report */
	CHECK(put > 0 && stopped && again, "a non-blocking write queues what fits in the ring (%d bytes), then EAGAIN",
	      (int)put);
	CHECK(fd_control(fd, DEVICE_DRAIN, 0) == 0, "drain the device");
	CHECK(write(1, "\n", 1) == 1, "stdout is a descriptor too");
	CHECK(failed_with(fcntl(fd, 99), EINVAL), "an unknown fcntl: EINVAL");
	CHECK(failed_with(fd_control(fd, 0x7777, 0), EINVAL), "an unknown device request: EINVAL");
	CHECK(failed_with(unlink("/dev/uart0"), ENOSYS), "unlink, with no file system: ENOSYS");
	CHECK(close(fd) == 0 && failed_with(close(fd), EBADF), "close, then close again: EBADF");

	int fds[8], opened = 0;
	while (opened < 8 && (fds[opened] = open("/dev/uart0", O_RDONLY)) >= 0)
		opened++;
	CHECK(opened < 8 && errno == EMFILE, "the descriptor table runs out: EMFILE after %d more", opened);
	CHECK(failed_with((int)write(fds[0], "x", 1), EBADF), "write to a read-only descriptor: EBADF");
	while (opened)
		close(fds[--opened]);
}

static void memory(void)
{
	char *small = malloc(100);
	CHECK(small != NULL, "malloc takes its arena from the page allocator");
	memset(small, 1, 100);
	errno = 0;
	void *huge = malloc(64u << 20);
	CHECK(huge == NULL && errno == ENOMEM, "malloc beyond the arena: NULL and ENOMEM");
	free(small);
}

static void clocks(void)
{
	struct timespec ts, bad = {0, 2000000000L}, rest;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && (ts.tv_sec > 0 || ts.tv_nsec > 0), "clock_gettime(CLOCK_MONOTONIC)");
	CHECK(failed_with(clock_gettime((clockid_t)77, &ts), EINVAL), "clock_gettime of an unknown clock: EINVAL");
	CHECK(failed_with(nanosleep(&bad, &rest), EINVAL), "nanosleep with tv_nsec out of range: EINVAL");
	struct timeval tv;
	uint64_t t0 = nanotime();
	struct timespec three_ms = {0, 3000000};
	CHECK(nanosleep(&three_ms, &rest) == 0 && nanotime() - t0 >= 3 * MS, "nanosleep sleeps (%u us)",
	      (unsigned)((nanotime() - t0) / 1000));
	t0 = nanotime();
	CHECK(usleep(2000) == 0 && nanotime() - t0 >= 2 * MS, "usleep sleeps");
	CHECK(gettimeofday(&tv, 0) == 0 && tv.tv_usec < 1000000, "gettimeofday");
}

int main(void)
{
	files();
	memory();
	clocks();
	return tap_done();
}
