/*
 * main.c (bpfload-keyed) — bpfload with a key: it loads only objects sent
 * as "load HEX MAC" with MAC = HMAC-SHA256(key, object), e.g. from
 *   python3 -c 'import hmac, sys; print(hmac.new(KEY, open(sys.argv[1], "rb").read(), "sha256").hexdigest())' prog.o
 * This key is the tests' (tests/system/bpf.sh): a real firmware links its
 * own, kept secret, in place of this file.
 */
#include "../bpfload/main.c"

const uint8_t bpf_load_key[] = "8266go bpfload test key, public!";
const uint32_t bpf_load_key_size = sizeof bpf_load_key - 1;
