/*
 * test_bpf_auth.c — SHA-256 against FIPS 180-4's examples (and the long
 * message of its validation suite: a million 'a'), HMAC-SHA256 against RFC
 * 4231's test cases, fed whole and in every split, and the MAC check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "bpf_auth.h"

static void from_hex(const char *hex, uint8_t *out)
{
	for (size_t i = 0; hex[2 * i]; i++) {
		unsigned byte;
		sscanf(hex + 2 * i, "%2x", &byte);
		out[i] = (uint8_t)byte;
	}
}

static void assert_digest(const uint8_t *got, const char *want_hex)
{
	uint8_t want[SHA256_SIZE];
	from_hex(want_hex, want);
	assert_memory_equal(got, want, SHA256_SIZE);
}

static void sha256_of(const void *data, size_t n, uint8_t digest[SHA256_SIZE])
{
	struct sha256 s;
	sha256_init(&s);
	sha256_update(&s, data, n);
	sha256_final(&s, digest);
}

static void fips_180_4_examples(void **state)
{
	(void)state;
	uint8_t d[SHA256_SIZE];
	sha256_of("abc", 3, d);
	assert_digest(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_of("", 0, d);
	assert_digest(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_of(two_blocks, strlen(two_blocks), d);
	assert_digest(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a', in pieces of 1000 */
	static char a[1000];
	memset(a, 'a', sizeof a);
	struct sha256 s;
	sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		sha256_update(&s, a, sizeof a);
	sha256_final(&s, d);
	assert_digest(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The 448-bit message split at every point gives the same digest: the
   partial-block path and the whole-block path agree. */
static void every_split_agrees(void **state)
{
	(void)state;
	static uint8_t message[200];
	uint8_t whole[SHA256_SIZE], split[SHA256_SIZE];
	for (size_t i = 0; i < sizeof message; i++)
		message[i] = (uint8_t)(i * 7 + 3);
	sha256_of(message, sizeof message, whole);
	for (size_t cut = 0; cut <= sizeof message; cut++) {
		struct sha256 s;
		sha256_init(&s);
		sha256_update(&s, message, cut);
		sha256_update(&s, message + cut, sizeof message - cut);
		sha256_final(&s, split);
		assert_memory_equal(split, whole, SHA256_SIZE);
	}
}

static void rfc_4231_test_cases(void **state)
{
	(void)state;
	static uint8_t key[131], data[160];
	uint8_t mac[SHA256_SIZE];
	/* case 1 */
	memset(key, 0x0b, 20);
	hmac_sha256(key, 20, "Hi There", 8, mac);
	assert_digest(mac, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* case 2: a key shorter than the output */
	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
	assert_digest(mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* case 3 */
	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	hmac_sha256(key, 20, data, 50, mac);
	assert_digest(mac, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	/* case 4 */
	for (int i = 0; i < 25; i++)
		key[i] = (uint8_t)(i + 1);
	memset(data, 0xcd, 50);
	hmac_sha256(key, 25, data, 50, mac);
	assert_digest(mac, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
	/* case 6: a key longer than a block is hashed first */
	memset(key, 0xaa, 131);
	const char *six = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha256(key, 131, six, strlen(six), mac);
	assert_digest(mac, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	/* case 7: and data longer than a block */
	const char *seven = "This is a test using a larger than block-size key and a larger than block-size data. "
			    "The key needs to be hashed before being used by the HMAC algorithm.";
	hmac_sha256(key, 131, seven, strlen(seven), mac);
	assert_digest(mac, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

static void check_accepts_only_the_right_mac(void **state)
{
	(void)state;
	uint8_t mac[SHA256_SIZE];
	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
	assert_true(bpf_auth_check("Jefe", 4, "what do ya want for nothing?", 28, mac));
	for (int i = 0; i < SHA256_SIZE; i++) {
		mac[i] ^= 0x80;
		assert_false(bpf_auth_check("Jefe", 4, "what do ya want for nothing?", 28, mac));
		mac[i] ^= 0x80;
	}
	assert_false(bpf_auth_check("Jeff", 4, "what do ya want for nothing?", 28, mac));
	assert_false(bpf_auth_check("Jefe", 4, "what do ya want for nothing!", 28, mac));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_180_4_examples),
		cmocka_unit_test(every_split_agrees),
		cmocka_unit_test(rfc_4231_test_cases),
		cmocka_unit_test(check_accepts_only_the_right_mac),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
