/*
 * test_snapshot.c — what the RAM dump's two ends share: CRC-32 against its
 * published check value, and the matcher that finds a dump request in the
 * bytes a UART receives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "crc32.h"
#include "snapshot.h"

/* The CRC-32 catalogue's check value: the CRC of the nine ASCII digits. */
static void crc32_check_value(void **state)
{
	(void)state;
	assert_int_equal(crc32_update(CRC32_INIT, "123456789", 9), 0xCBF43926u);
	assert_int_equal(crc32_update(CRC32_INIT, "", 0), 0);
	assert_int_equal(crc32_update(CRC32_INIT, "a", 1), 0xE8B7BE43u);
}

static void crc32_in_pieces(void **state)
{
	(void)state;
	uint8_t data[1000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	uint32_t whole = crc32_update(CRC32_INIT, data, sizeof data);
	for (size_t cut = 0; cut <= sizeof data; cut += 37) {
		uint32_t crc = crc32_update(CRC32_INIT, data, cut);
		assert_int_equal(crc32_update(crc, data + cut, sizeof data - cut), whole);
	}
	data[500] ^= 0x10;
	assert_int_not_equal(crc32_update(CRC32_INIT, data, sizeof data), whole);
}

/* How many requests the matcher finds in n bytes. */
static int requests_in(const char *bytes, size_t n)
{
	uint8_t matched = 0;
	int found = 0;
	for (size_t i = 0; i < n; i++)
		found += snapshot_request_seen(&matched, (uint8_t)bytes[i]);
	return found;
}

static void request_found_anywhere(void **state)
{
	(void)state;
	assert_int_equal(requests_in(SNAPSHOT_REQUEST, SNAPSHOT_REQUEST_SIZE), 1);
	const char text[] = "hello\r\n" SNAPSHOT_REQUEST "more" SNAPSHOT_REQUEST;
	assert_int_equal(requests_in(text, sizeof text - 1), 2);
	/* A false start: the first byte again restarts the match. */
	const char restart[] = "\xc0\xc1\xc0\xc1\xf5\xffSNAP";
	assert_int_equal(requests_in(restart, sizeof restart - 1), 1);
	const char twice_first[] = "\xc0" SNAPSHOT_REQUEST;
	assert_int_equal(requests_in(twice_first, sizeof twice_first - 1), 1);
}

static void near_misses_are_not_requests(void **state)
{
	(void)state;
	char req[SNAPSHOT_REQUEST_SIZE];
	memcpy(req, SNAPSHOT_REQUEST, sizeof req);
	for (size_t i = 0; i < sizeof req; i++) {
		req[i] ^= 0x20;
		assert_int_equal(requests_in(req, sizeof req), 0);
		req[i] ^= 0x20;
	}
	assert_int_equal(requests_in(SNAPSHOT_REQUEST, SNAPSHOT_REQUEST_SIZE - 1), 0);
	/* Text in any encoding: every byte but the request's own. */
	char text[4096];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)(0x20 + i % 0x5f);
	assert_int_equal(requests_in(text, sizeof text), 0);
	assert_int_equal(requests_in("\xc3\xa9t\xc3\xa9 \xe2\x82\xac SNAP", 14), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc32_check_value),
		cmocka_unit_test(crc32_in_pieces),
		cmocka_unit_test(request_found_anywhere),
		cmocka_unit_test(near_misses_are_not_requests),
	};
	return cmocka_run_group_tests_name("snapshot", tests, NULL, NULL);
}
