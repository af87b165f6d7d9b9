/*
 * cmocka.h (firmware shim) — the few cmocka calls the host's eBPF
 * instruction tests make, so that tests/target/jit/bpf_jit.c can run the same
 * file on a target: a failed check prints a TAP line and abandons its test.
 */
#pragma once
#include <setjmp.h>
#include <stdio.h>

struct CMUnitTest {
	const char *name;
	void (*test)(void **state);
};

static jmp_buf cmocka_abandon;
static int cmocka_failures;
static const char *cmocka_current;

#define cmocka_unit_test(f) {#f, f}
#define fail_msg(...)                                  \
	do {                                           \
		printf("not ok - isa: %s: ", cmocka_current);              \
		printf(__VA_ARGS__);                   \
		printf("\n");                          \
		longjmp(cmocka_abandon, 1);            \
	} while (0)
#define assert_int_equal(a, b)                                                                 \
	do {                                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);                            \
		if (a_ != b_)                                                                  \
			fail_msg("%s:%d: %lld != %lld", __FILE__, __LINE__, a_, b_);           \
	} while (0)

static inline int cmocka_run_tests(const struct CMUnitTest *tests, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		cmocka_current = tests[i].name;
		if (setjmp(cmocka_abandon) == 0) {
			tests[i].test(NULL);
			printf("ok - isa: %s, interpreter and JIT\n", tests[i].name);
		} else {
			cmocka_failures++;
		}
	}
	return cmocka_failures;
}
#define cmocka_run_group_tests(tests, setup, teardown) cmocka_run_tests(tests, sizeof tests / sizeof tests[0])
