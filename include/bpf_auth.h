/*
 * bpf_auth.h — authentication of programs loaded at run time: SHA-256
 * (FIPS 180-4) and HMAC-SHA256 (RFC 2104) over an object, and a comparison
 * of MACs whose time does not depend on where they differ.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE 32
#define SHA256_BLOCK 64

struct sha256 {
	uint32_t state[8];
	uint64_t length;              /* bytes hashed so far */
	uint8_t block[SHA256_BLOCK];  /* the partial block, `used` bytes of it */
	uint32_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_SIZE]);

void hmac_sha256(const void *key, size_t key_size, const void *data, size_t n, uint8_t mac[SHA256_SIZE]);

/* true when mac is HMAC-SHA256(key, data), compared in constant time */
bool bpf_auth_check(const void *key, size_t key_size, const void *data, size_t n, const uint8_t mac[SHA256_SIZE]);
