/*
 * test_ring.c — the ring buffer's contract, one behaviour per test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "ring.h"

static uint8_t storage[16];

static void rejects_bad_capacity(void **state)
{
	(void)state;
	struct ring r;
	assert_int_equal(ring_init(&r, storage, 0), -EINVAL);
	assert_int_equal(ring_init(&r, storage, 12), -EINVAL);
	assert_int_equal(ring_init(&r, storage, 16), 0);
	assert_int_equal(ring_capacity(&r), 16);
}

static void single_bytes_in_order(void **state)
{
	(void)state;
	struct ring r;
	uint8_t b;
	ring_init(&r, storage, 16);
	for (int round = 0; round < 5; round++) /* wraps the indices several times */
		for (int i = 0; i < 13; i++) {
			assert_true(ring_put(&r, (uint8_t)(round * 13 + i)));
			assert_true(ring_get(&r, &b));
			assert_int_equal(b, (uint8_t)(round * 13 + i));
		}
	assert_false(ring_get(&r, &b));
}

static void full_ring_counts_overflow(void **state)
{
	(void)state;
	struct ring r;
	uint8_t src[20] = {0};
	ring_init(&r, storage, 16);
	assert_int_equal(ring_put_bulk(&r, src, 20), 16);
	assert_int_equal(ring_overflows(&r), 4);
	assert_false(ring_put(&r, 1));
	assert_int_equal(ring_overflows(&r), 5);
	assert_int_equal(ring_space(&r), 0);
	assert_int_equal(ring_count(&r), 16);
}

static void bulk_wraps_around(void **state)
{
	(void)state;
	struct ring r;
	uint8_t in[16], out[16];
	for (int i = 0; i < 16; i++)
		in[i] = (uint8_t)(100 + i);
	ring_init(&r, storage, 16);
	assert_int_equal(ring_put_bulk(&r, in, 10), 10);
	assert_int_equal(ring_get_bulk(&r, out, 10), 10);
	assert_int_equal(ring_put_bulk(&r, in, 16), 16); /* starts at 10, wraps at 16 */
	assert_int_equal(ring_get_bulk(&r, out, 16), 16);
	assert_memory_equal(in, out, 16);
	assert_int_equal(ring_overflows(&r), 0);
}

static void get_bulk_takes_what_is_there(void **state)
{
	(void)state;
	struct ring r;
	uint8_t out[8];
	ring_init(&r, storage, 16);
	ring_put_bulk(&r, "abc", 3);
	assert_int_equal(ring_get_bulk(&r, out, 8), 3);
	assert_memory_equal(out, "abc", 3);
}

static void claim_and_commit(void **state)
{
	(void)state;
	struct ring r;
	uint8_t *span, out[16];
	ring_init(&r, storage, 16);
	ring_put_bulk(&r, "0123456789ab", 12);
	ring_get_bulk(&r, out, 12);
	assert_int_equal(ring_claim(&r, &span), 4); /* contiguous up to the end */
	assert_ptr_equal(span, storage + 12);
	memcpy(span, "WXYZ", 4);
	ring_commit(&r, 4);
	assert_int_equal(ring_claim(&r, &span), 12); /* then from the start */
	assert_ptr_equal(span, storage);
	assert_int_equal(ring_get_bulk(&r, out, 16), 4);
	assert_memory_equal(out, "WXYZ", 4);
}

static void read_span_and_consume(void **state)
{
	(void)state;
	struct ring r;
	uint8_t *span, out[16];
	ring_init(&r, storage, 16);
	ring_put_bulk(&r, "0123456789ab", 12);
	ring_get_bulk(&r, out, 10);
	ring_put_bulk(&r, "cdefgh", 6); /* 8 bytes: "ab" + "cdef" to the end, "gh" at the start */
	assert_int_equal(ring_read_span(&r, &span), 6);
	assert_memory_equal(span, "abcdef", 6);
	ring_consume(&r, 6);
	assert_int_equal(ring_read_span(&r, &span), 2);
	assert_memory_equal(span, "gh", 2);
	ring_consume(&r, 2);
	assert_int_equal(ring_read_span(&r, &span), 0);
	assert_int_equal(ring_space(&r), 16);
}

static void peek_does_not_consume(void **state)
{
	(void)state;
	struct ring r;
	uint8_t b;
	ring_init(&r, storage, 16);
	assert_false(ring_peek(&r, &b));
	ring_put(&r, 42);
	assert_true(ring_peek(&r, &b));
	assert_int_equal(b, 42);
	assert_int_equal(ring_count(&r), 1);
	assert_true(ring_get(&r, &b));
	assert_int_equal(ring_count(&r), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejects_bad_capacity),    cmocka_unit_test(single_bytes_in_order),
		cmocka_unit_test(full_ring_counts_overflow), cmocka_unit_test(bulk_wraps_around),
		cmocka_unit_test(get_bulk_takes_what_is_there), cmocka_unit_test(claim_and_commit),
		cmocka_unit_test(read_span_and_consume), cmocka_unit_test(peek_does_not_consume),
	};
	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
