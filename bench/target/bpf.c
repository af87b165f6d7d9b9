/*
 * bpf.c (target bench) — machine instructions the interpreter retires per run
 * of three clang-compiled programs, counted exactly (arch_count_begin/end);
 * bench/bpf.sh divides by the eBPF instructions per run the host counted.
 * Also what authenticating a hot load costs: HMAC-SHA256 over a 1 KiB and a
 * 4 KiB object, the difference giving instructions per KiB.
 */
#include "arch.h"
#include "bpf_auth.h"
#include "page.h"
#include "../bpf_bench.h"

static uint8_t object[4096];

static uint32_t count_hmac(uint32_t size, uint32_t empty)
{
	uint8_t mac[SHA256_SIZE];
	arch_count_begin();
	hmac_sha256("8266go", 6, object, size, mac);
	return arch_count_end() - empty;
}

/* The verifier's working memory comes from the page allocator, at most
   32 KiB as in examples/bpfload; the programs ask for a few KiB. */
#define SCRATCH_PAGES (32768 / PAGE_SIZE)

static int load(struct bench_program *b)
{
	void *scratch = page_alloc(SCRATCH_PAGES);
	if (!scratch) {
		printf("bench: %s: no memory for the verifier\n", b->name);
		return -1;
	}
	int err = bench_load(b) || bench_verify(b, scratch, SCRATCH_PAGES * PAGE_SIZE);
	page_free(scratch, SCRATCH_PAGES);
	return err;
}

int main(void)
{
	uint64_t r0;
	int status = 0;
	arch_count_begin();
	uint32_t empty = arch_count_end();
	for (unsigned i = 0; i < BENCH_PROGRAMS; i++) {
		struct bench_program *b = &bench_programs[i];
		if (load(b)) {
			status = 1;
			continue;
		}
		arch_count_begin();
		bpf_run(&b->prog, &b->ctx, &r0);
		uint32_t counted = arch_count_end() - empty;
		printf("bpf %s machine_insns_per_run %u\n", b->name, (unsigned)counted);
	}
	uint32_t one = count_hmac(1024, empty), four = count_hmac(4096, empty);
	printf("bpf hmac machine_insns_per_kib %u\n", (unsigned)((four - one) / 3));
	printf("bpf hmac machine_insns_fixed %u\n", (unsigned)(one - (four - one) / 3));
	return status;
}
