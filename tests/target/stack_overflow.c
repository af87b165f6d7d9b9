/*
 * stack_overflow.c — a goroutine that runs past the bottom of its stack is
 * caught at its next switch: the panic names the task. It recurses until a
 * frame lies below the stack's lowest word, then fills that frame up to and
 * over the word, as a local buffer in an overflowing frame would; the damage
 * stays small enough for the run to reach the check.
 */
#include <stdint.h>
#include <stdio.h>
#include "task.h"

static int depth(int n)
{
	volatile char frame[64];
	frame[0] = (char)n;
	uintptr_t bottom = (uintptr_t)task_current()->canary;
	if ((uintptr_t)frame < bottom) {
		for (volatile char *p = frame; (uintptr_t)p < bottom + 4; p++)
			*p = (char)n;
		task_yield(); /* the switch checks the canary */
		return frame[0];
	}
	return depth(n + 1) + frame[0];
}

static void deep(void *arg)
{
	(void)arg;
	printf("recursing\n");
	depth(0);
	printf("returned: the overflow went unnoticed\n");
}

int main(void)
{
	task_spawn(deep, 0, 0, "deep");
	task_yield();
	task_yield();
	return 0;
}
