/*
 * exit.c — _exit, where picolibc's exit() ends: flush stdout, let every
 * device send what it has queued (polled, so it works with interrupts
 * masked too), then the board turns the status into QEMU's exit code.
 */
#include "board.h"
#include "device.h"
#include "sys.h"

void _exit(int status)
{
	stdio_flush();
	for (struct device *dev = device_first(); dev; dev = dev->next)
		device_control(dev, DEVICE_DRAIN, 0);
	board_exit(status);
}
