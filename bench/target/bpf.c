/*
 * bpf.c (target bench) — machine instructions the interpreter retires per run
 * of three clang-compiled programs, counted exactly (arch_count_begin/end);
 * bench/bpf.sh divides by the eBPF instructions per run the host counted.
 */
#include "arch.h"
#include "page.h"
#include "../bpf_bench.h"

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
	return status;
}
