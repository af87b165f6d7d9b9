/*
 * key.c (bpfload) — no key: this firmware loads any object (the verifier
 * still decides what runs). examples/bpfload-keyed links one instead.
 */
#include <stdint.h>

const uint8_t bpf_load_key[1];
const uint32_t bpf_load_key_size = 0;
