/*
 * exit.c — _exit, where picolibc's exit() ends: the board turns the status
 * into QEMU's exit code (or halts the chip).
 */
#include "board.h"

void _exit(int status)
{
	board_exit(status);
}
