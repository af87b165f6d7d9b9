/*
 * bpf.c (target bench) — machine instructions retired per run of four
 * clang-compiled programs, counted exactly (arch_count_begin/end), by the
 * interpreter and, where the target has one, by the JIT's code, with what
 * compiling took and made; bench/bpf.sh divides by the eBPF instructions per
 * run the host counted. Also what authenticating a hot load costs:
 * HMAC-SHA256 over a 1 KiB and a 4 KiB object, the difference giving
 * instructions per KiB.
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
		bpf_interpret(&b->prog, &b->ctx, &r0);
		uint32_t counted = arch_count_end() - empty;
		printf("bpf %s machine_insns_per_run %u\n", b->name, (unsigned)counted);
		if (!bpf_jit_pool_size())
			continue;
		char log[120];
		void *scratch = page_alloc(SCRATCH_PAGES);
		arch_count_begin();
		int err = bpf_jit_compile(&b->prog, scratch, SCRATCH_PAGES * PAGE_SIZE, log, sizeof log);
		uint32_t compile = arch_count_end() - empty;
		page_free(scratch, SCRATCH_PAGES);
		if (err) {
			printf("bench: %s: jit: %s\n", b->name, log);
			status = 1;
			continue;
		}
		arch_count_begin();
		bpf_run(&b->prog, &b->ctx, &r0);
		counted = arch_count_end() - empty;
		printf("bpf %s jit_machine_insns_per_run %u\n", b->name, (unsigned)counted);
		printf("bpf %s jit_compile_insns_per_ebpf_insn %u\n", b->name, (unsigned)(compile / b->prog.count));
		printf("bpf %s jit_code_bytes_per_ebpf_insn %u.%02u\n", b->name, (unsigned)(b->prog.jit_size / b->prog.count),
		       (unsigned)(b->prog.jit_size * 100 / b->prog.count % 100));
	}
	if (bpf_jit_pool_size())
		printf("bpf pool jit_pool_bytes %u\n", (unsigned)bpf_jit_pool_size());
	uint32_t one = count_hmac(1024, empty), four = count_hmac(4096, empty);
	printf("bpf hmac machine_insns_per_kib %u\n", (unsigned)((four - one) / 3));
	printf("bpf hmac machine_insns_fixed %u\n", (unsigned)(one - (four - one) / 3));
	return status;
}
