/*
 * tap.h — Test Anything Protocol output for firmware tests: each check prints
 * "ok N - what" or "not ok N - what"; tap_done() returns the failure count,
 * which main returns as the run's exit status.
 */
#pragma once
#include <stdio.h>

static int tap_count, tap_failed;

#define CHECK(cond, ...)                                                                 \
	do {                                                                             \
		int ok_ = (cond) != 0;                                                   \
		tap_count++;                                                             \
		if (!ok_)                                                                \
			tap_failed++;                                                    \
		printf("%sok %d - ", ok_ ? "" : "not ", tap_count);                      \
		printf(__VA_ARGS__);                                                     \
		printf(ok_ ? "\n" : "  (%s:%d: %s)\n", __FILE__, __LINE__, #cond);       \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed;
}
