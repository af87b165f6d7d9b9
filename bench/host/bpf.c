/*
 * bpf.c (host bench) — the eBPF interpreter's ns per executed instruction on
 * three clang-compiled programs, and the verifier's time on a 4096-instruction
 * program. Lines "bench host <metric> <value>", read by bench/bpf.sh.
 */

/* A second copy of the interpreter that counts the instructions it
   dispatches (bpf_executed); the timed runs use the archive's bpf_run. */
#define BPF_COUNT_INSNS
#define bpf_run bpf_run_counted
#define bpf_interpret bpf_interpret_counted
#define bpf_jit_divide bpf_jit_divide_counted
#include "../../bpf/vm.c"
#undef bpf_run
#undef bpf_interpret
#undef bpf_jit_divide
/* bpf.h was read under the other names: the archive's interpreter, declared again. */
int bpf_run(const struct bpf_program *prog, void *ctx, uint64_t *result);
int bpf_interpret(const struct bpf_program *prog, void *ctx, uint64_t *result);

#include <stdlib.h>
#include <time.h>
#include "../bpf_bench.h"

#define BATCHES 5
#define BATCH_NS 10000000ull /* long enough that the clock's resolution does not matter */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t executed_per_run(struct bench_program *b)
{
	uint64_t r0;
	bpf_executed = 0;
	bpf_run_counted(&b->prog, &b->ctx, &r0);
	return bpf_executed;
}

/* Best of BATCHES batches of runs, in ns per run. */
static double ns_per_run(struct bench_program *b)
{
	uint64_t r0, runs = 1, best = UINT64_MAX;
	for (;;) { /* grow the batch until it lasts BATCH_NS */
		uint64_t start = now_ns();
		for (uint64_t i = 0; i < runs; i++)
			bpf_run(&b->prog, &b->ctx, &r0);
		if (now_ns() - start >= BATCH_NS)
			break;
		runs *= 2;
	}
	for (int batch = 0; batch < BATCHES; batch++) {
		uint64_t start = now_ns();
		for (uint64_t i = 0; i < runs; i++)
			bpf_run(&b->prog, &b->ctx, &r0);
		uint64_t took = now_ns() - start;
		if (took < best)
			best = took;
	}
	return (double)best / (double)runs;
}

/* A 4096-instruction program the verifier cannot shortcut: 1023 blocks,
   each with a branch on an unknown value (the line's length) and so a join
   point, arithmetic on r0 around it. */
static uint32_t big_program(struct bpf_insn *p)
{
	uint32_t n = 0;
	p[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	p[n++] = BPF_INSN(BPF_LDX | BPF_MEM | BPF_W, 6, 1, 60, 0);
	for (int32_t k = 0; k < 1023; k++) {
		p[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, k);
		p[n++] = BPF_INSN(BPF_JMP | BPF_JGT | BPF_K, 6, 0, 1, k);
		p[n++] = BPF_INSN(BPF_ALU64 | BPF_MUL | BPF_K, 0, 0, 0, 3);
		p[n++] = BPF_INSN(BPF_ALU64 | BPF_RSH | BPF_K, 0, 0, 0, 1);
	}
	p[n++] = BPF_INSN(BPF_ALU64 | BPF_AND | BPF_K, 0, 0, 0, 0xff);
	p[n++] = BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

#define VERIFY_ROUNDS 20

/* Best of VERIFY_ROUNDS verifications, in microseconds. */
static int verifier_time(void)
{
	static struct bpf_insn original[BPF_MAX_INSNS], insns[BPF_MAX_INSNS];
	struct bpf_program prog = {.insns = insns, .ctx_size = 64};
	char log[120];
	uint64_t best = UINT64_MAX;
	prog.count = big_program(original);
	memcpy(insns, original, prog.count * sizeof *insns);
	size_t size = bpf_verifier_scratch_size(&prog);
	void *scratch = malloc(size);
	if (!scratch)
		return 1;
	for (int round = 0; round < VERIFY_ROUNDS; round++) {
		memcpy(insns, original, prog.count * sizeof *insns);
		prog.verified = false;
		uint64_t start = now_ns();
		int err = bpf_verify(&prog, scratch, size, log, sizeof log);
		uint64_t took = now_ns() - start;
		if (err) {
			printf("bench: 4096-instruction program rejected: %s\n", log);
			free(scratch);
			return 1;
		}
		if (took < best)
			best = took;
	}
	free(scratch);
	printf("bench host bpf_verify_%u_insns_us %.1f\n", (unsigned)prog.count, (double)best / 1000);
	printf("bench host bpf_verify_%u_scratch_bytes %zu\n", (unsigned)prog.count, size);
	return 0;
}

int main(void)
{
	static uint64_t scratch[64 * 1024 / 8];
	int status = 0;
	for (unsigned i = 0; i < BENCH_PROGRAMS; i++) {
		struct bench_program *b = &bench_programs[i];
		if (bench_load(b) || bench_verify(b, scratch, sizeof scratch)) {
			status = 1;
			continue;
		}
		uint64_t executed = executed_per_run(b);
		printf("bench host bpf_%s_insns_per_run %llu\n", b->name, (unsigned long long)executed);
		printf("bench host bpf_%s_ns_per_insn %.2f\n", b->name, ns_per_run(b) / (double)executed);
	}
	return verifier_time() | status;
}
