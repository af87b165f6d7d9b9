/*
 * bpf_jit.c (target test) — the JIT against the interpreter on this target:
 * the host's RFC 9669 instruction tests (tests/host/test_bpf_isa.c, each run
 * by both engines here), every program of tests/bpf on several contexts, and
 * random verified programs (tests/host/bpf_random.h). r0, the run's error,
 * the context (or packet) and every map's contents must match.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "page.h"
#include "task.h"
#include <cmocka.h> /* tests/target/shim: fail_msg for the instruction tests */

/* make test's share; `make TARGET=t fuzz-jit` runs 25 times as many from
   another seed. */
#ifndef JIT_FUZZ_PROGRAMS
#define JIT_FUZZ_PROGRAMS 20000
#define JIT_FUZZ_SEED 8266
#endif

static unsigned runs, mismatches, not_compiled;
static char jit_log[160];

static void silent(const char *line)
{
	(void)line;
}

/* A map's state: the struct (counts, ring indices) and its storage. */
struct map_state {
	struct bpf_map map;
	uint8_t *bytes;
	uint32_t size;
};

static uint32_t map_bytes(const struct bpf_map *m)
{
	return bpf_map_storage_size(m->type, m->key_size, m->value_size, m->max_entries);
}

static void maps_save(const struct bpf_program *prog, struct map_state *state)
{
	for (uint32_t m = 0; m < prog->map_count; m++) {
		state[m].map = *prog->maps[m];
		state[m].size = map_bytes(prog->maps[m]);
		state[m].bytes = malloc(state[m].size);
		memcpy(state[m].bytes, prog->maps[m]->storage, state[m].size);
	}
}

static void maps_restore(const struct bpf_program *prog, struct map_state *state)
{
	for (uint32_t m = 0; m < prog->map_count; m++) {
		*prog->maps[m] = state[m].map;
		memcpy(prog->maps[m]->storage, state[m].bytes, state[m].size);
	}
}

static bool maps_equal(const struct bpf_program *prog, const struct map_state *state)
{
	for (uint32_t m = 0; m < prog->map_count; m++)
		if (memcmp(prog->maps[m], &state[m].map, sizeof state[m].map) ||
		    memcmp(prog->maps[m]->storage, state[m].bytes, state[m].size))
			return false;
	return true;
}

static void maps_free(const struct bpf_program *prog, struct map_state *state)
{
	for (uint32_t m = 0; m < prog->map_count; m++)
		free(state[m].bytes);
}

/* What a run can change: the context (or the packet) and every map. */
struct run_state {
	uint8_t *memory, *bytes;
	size_t size;
	struct map_state maps[BPF_MAX_PROGRAM_MAPS];
};

static void state_save(const struct bpf_program *prog, void *ctx, struct run_state *state)
{
	struct bpf_xdp_buff *buff = ctx;
	bool xdp = prog->kind == BPF_KIND_XDP;
	state->memory = xdp ? buff->data : ctx;
	state->size = xdp ? (size_t)((uint8_t *)buff->data_end - (uint8_t *)buff->data) : prog->ctx_size;
	state->bytes = malloc(state->size + 1);
	memcpy(state->bytes, state->memory, state->size);
	maps_save(prog, state->maps);
}

static void state_restore(const struct bpf_program *prog, struct run_state *state)
{
	memcpy(state->memory, state->bytes, state->size);
	maps_restore(prog, state->maps);
}

static bool memory_equal(const struct run_state *state)
{
	return !memcmp(state->memory, state->bytes, state->size);
}

static void state_free(const struct bpf_program *prog, struct run_state *state)
{
	maps_free(prog, state->maps);
	free(state->bytes);
}

/* An engine run with the machine stack lower by `bytes` (a multiple of 16).
   calibrate() picks the two depths at which both engines give a program the
   same r10, so a program that turns its stack address into a number gets the
   same number from both. */
static unsigned interpreter_depth = 16, jit_depth = 16;

static __attribute__((noinline)) int run_lower(bool jit, const struct bpf_program *prog, void *ctx, uint64_t *r0,
					       unsigned bytes)
{
	volatile uint8_t *pad = __builtin_alloca(bytes);
	pad[0] = 1;
	int err = jit ? bpf_run(prog, ctx, r0) : bpf_interpret(prog, ctx, r0);
	return err + pad[0] - 1;
}

static bool calibrate(void)
{
	static const struct bpf_insn insns[] = {BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 10, 0, 0),
						BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)};
	struct bpf_program prog = {.insns = (struct bpf_insn *)insns, .count = 2, .ctx_size = 8};
	uint64_t ctx = 0, interpreted = 0, compiled = 0;
	char log[160];
	uint8_t scratch[64];
	size_t verifier_size = bpf_verifier_scratch_size(&prog);
	void *verifier_scratch = malloc(verifier_size);
	int err = bpf_verify(&prog, verifier_scratch, verifier_size, log, sizeof log);
	free(verifier_scratch);
	if (err || bpf_jit_compile(&prog, scratch, sizeof scratch, log, sizeof log))
		return false;
	run_lower(false, &prog, &ctx, &interpreted, 16);
	run_lower(true, &prog, &ctx, &compiled, 16);
	if (interpreted > compiled)
		interpreter_depth += (unsigned)(interpreted - compiled);
	else
		jit_depth += (unsigned)(compiled - interpreted);
	run_lower(false, &prog, &ctx, &interpreted, interpreter_depth);
	run_lower(true, &prog, &ctx, &compiled, jit_depth);
	bpf_jit_reset();
	printf("%s - both engines run programs with the same r10 (stack lower by %u and %u bytes)\n",
	       interpreted == compiled ? "ok" : "not ok", interpreter_depth, jit_depth);
	return interpreted == compiled;
}

/*
 * Runs prog by the interpreter, then from the same state by its JIT code,
 * and compares; returns the interpreter's error and r0. r0_mask leaves out
 * bits a program draws at random. what names the run in a mismatch report.
 */
/* One interpreted run: *before is the state it started from (back in place
   after it), *after the state it left. Inline: run_lower's depth is
   calibrated from its callers' frames, so r10 is the JIT's. */
static inline __attribute__((always_inline)) int interpret_once(struct bpf_program *prog, void *ctx, uint64_t *r0, struct run_state *before,
			  struct run_state *after)
{
	state_save(prog, ctx, before);
	int err = run_lower(false, prog, ctx, r0, interpreter_depth);
	state_save(prog, ctx, after);
	state_restore(prog, before);
	return err;
}

static int run_both_masked(struct bpf_program *prog, void *ctx, uint64_t *result, uint64_t r0_mask,
			   const char *what)
{
	struct run_state before, after;
	uint64_t r0 = 0, jit_r0 = 0;

	int err = interpret_once(prog, ctx, &r0, &before, &after);

	int jit_err = err;
	if (prog->verified) {
		size_t scratch_size = bpf_jit_scratch_size(prog);
		void *scratch = malloc(scratch_size);
		int compiled = scratch ? bpf_jit_compile(prog, scratch, scratch_size, jit_log, sizeof jit_log) : -ENOMEM;
		if (!scratch)
			snprintf(jit_log, sizeof jit_log, "no memory for the JIT's scratch");
		free(scratch);
		if (compiled) {
			not_compiled++;
			printf("# %s: not compiled: %s\n", what, jit_log);
		}
	}
	if (prog->jit_code || !prog->verified)
		jit_err = run_lower(true, prog, ctx, &jit_r0, jit_depth);
	runs++;
	bool same = err == jit_err && (err || (r0 & r0_mask) == (jit_r0 & r0_mask)) &&
		    memory_equal(&after) && maps_equal(prog, after.maps);
	if (!same || (prog->verified && !prog->jit_code)) {
		mismatches++;
		if (mismatches <= 3)
			for (uint32_t i = 0; i < prog->count; i++)
				printf("#   %u: %02x %u %u %d %ld\n", (unsigned)i, prog->insns[i].code, prog->insns[i].dst,
				       prog->insns[i].src, prog->insns[i].off, (long)prog->insns[i].imm);
		printf("# mismatch: %s: interpreter %d r0 %08lx%08lx, JIT %d r0 %08lx%08lx, memory %s, maps %s\n", what, err,
		       (unsigned long)(r0 >> 32), (unsigned long)r0, jit_err, (unsigned long)(jit_r0 >> 32),
		       (unsigned long)jit_r0,
		       memory_equal(&after) ? "same" : "differ", maps_equal(prog, after.maps) ? "same" : "differ");
	}
	prog->jit_code = NULL;
	bpf_jit_reset();
	state_free(prog, &before);
	state_free(prog, &after);
	*result = r0;
	return err;
}

/* deterministic() cannot see a helper number a program computes for callx:
   one that reaches the clock or the random helper gives a different r0 or
   store each run. Two interpreted runs from the same state tell. */
static bool interpreter_varies(struct bpf_program *prog, void *ctx)
{
	struct run_state before, first;
	uint64_t r0 = 0, again_r0 = 0;

	int err = interpret_once(prog, ctx, &r0, &before, &first);
	int again = run_lower(false, prog, ctx, &again_r0, interpreter_depth);
	bool varies = err != again || r0 != again_r0 || !memory_equal(&first) || !maps_equal(prog, first.maps);
	state_restore(prog, &before);
	state_free(prog, &before);
	state_free(prog, &first);
	return varies;
}

static bool has_callx(const struct bpf_program *prog)
{
	for (uint32_t i = 0; i < prog->count; i++)
		if (prog->insns[i].code == (BPF_JMP | BPF_CALL | BPF_X))
			return true;
	return false;
}

/* The instruction tests: each bpf_run of theirs is a comparison here. */
static const char isa_test_name[] = "an instruction test";

static int run_both(const struct bpf_program *prog, void *ctx, uint64_t *result)
{
	unsigned before = mismatches;
	int err = run_both_masked((struct bpf_program *)prog, ctx, result, ~0ull, isa_test_name);
	if (mismatches != before)
		fail_msg("the engines differ");
	return err;
}

#define bpf_run run_both
#define main isa_main
#include "../../host/test_bpf_isa.c"
#undef main
#undef bpf_run
#undef CHECK

/* A full pool: compiling fails with the reason and the program runs on,
   interpreted; emptied, the pool takes it again. */
static void pool_full(void)
{
	static const struct bpf_insn insns[] = {MOV64_IMM(0, 7), ALU64_IMM(BPF_ADD, 0, 35), EXIT};
	struct bpf_program prog;
	uint64_t ctx[1] = {0}, r0 = 0;
	char log[160] = "";
	unsigned compiled = 0;
	int err = bpf_test_load(&prog, insns, 3, sizeof ctx, NULL, 0);
	size_t scratch_size = bpf_jit_scratch_size(&prog);
	void *scratch = malloc(scratch_size);
	while (!err && (err = bpf_jit_compile(&prog, scratch, scratch_size, log, sizeof log)) == 0)
		compiled++;
	bool stayed = !prog.jit_code && bpf_run(&prog, ctx, &r0) == 0 && r0 == 42;
	bool said = strstr(log, "left in the") != NULL;
	printf("# pool full after %u copies of a program: %s\n", compiled, log);
	bpf_jit_reset();
	int again = bpf_jit_compile(&prog, scratch, scratch_size, log, sizeof log);
	printf("%s - pool: a program that does not fit is refused with the reason (-ENOSPC) and interpreted; "
	       "after a reset it compiles again\n",
	       err == -ENOSPC && compiled > 1 && said && stayed && again == 0 ? "ok" : "not ok");
	prog.jit_code = NULL;
	bpf_jit_reset();
	free(scratch);
	free(prog.insns);
}

/* ---- every program of tests/bpf ---- */

/* The longest of them has a few hundred instructions; the lx106's 80 KiB
   of DRAM has no room for BPF_MAX_INSNS of them. */
#define CORPUS_MAX_INSNS 512

/* The objects themselves may be in flash (BPF_CORPUS_PLACE: on the lx106,
   whose DRAM cannot hold them all), which takes aligned word reads only:
   each is copied a word at a time to this buffer and loaded from here. */
#ifndef BPF_CORPUS_PLACE
#define BPF_CORPUS_PLACE
#endif
static uint32_t object[4096 / 4] __attribute__((aligned(8)));
#include "bpf_corpus.h"

/* The contexts: a line (60 bytes and a length) or, for checksum, a
   1500-byte packet; XDP programs get frames. */
union context {
	struct {
		uint8_t bytes[60];
		uint32_t length;
	} line;
	uint8_t packet[1504];
	uint64_t align;
};

static void line_of(union context *c, const void *bytes, uint32_t length)
{
	memset(c, 0, sizeof *c);
	memcpy(c->line.bytes, bytes, length);
	c->line.length = length;
}

/* Ethernet, IPv4 with ihl words of header, UDP to port: the frames the
   filters look for. */
static uint32_t udp_frame(uint8_t *f, unsigned ihl, unsigned port, bool vlan)
{
	uint32_t n = 0;
	for (unsigned k = 0; k < 12; k++)
		f[n++] = (uint8_t)k;
	if (vlan)
		f[n++] = 0x81, f[n++] = 0, f[n++] = 0, f[n++] = 5;
	f[n++] = 8, f[n++] = 0;
	uint32_t ip = n;
	memset(f + n, 0, ihl * 4);
	f[n] = (uint8_t)(0x40 | ihl), f[n + 3] = (uint8_t)(ihl * 4 + 8), f[n + 8] = 64, f[n + 9] = 17;
	f[n + 12] = 10, f[n + 15] = 7, f[n + 16] = 10, f[n + 19] = 1;
	uint32_t sum = 0;
	for (unsigned k = 0; k < ihl * 4; k += 2)
		sum += (uint32_t)f[ip + k] << 8 | f[ip + k + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = ~(sum + (sum >> 16)) & 0xffff;
	f[ip + 10] = (uint8_t)(sum >> 8), f[ip + 11] = (uint8_t)sum;
	n += ihl * 4;
	f[n++] = 4, f[n++] = 0xd2, f[n++] = (uint8_t)(port >> 8), f[n++] = (uint8_t)port;
	f[n++] = 0, f[n++] = 8, f[n++] = 0, f[n++] = 0;
	return n;
}

static uint32_t random_state = 8266;

static uint32_t next_random(void)
{
	random_state = random_state * 1103515245u + 12345u;
	return random_state >> 8;
}

static void corpus(void)
{
	static const char *const lines[] = {"hello world", "a1 b22 c3", "POST /form HTTP/1.1", "DELETE /x",
					    "123456789", "", "ABCDEFGHIJ"};
	static const uint8_t dns[] = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 7, 'e', 'x',
				      'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
	static struct bpf_insn insns[CORPUS_MAX_INSNS];
	static union context ctx;
	/* the corpus's programs that must be refused */
	static const char *const refused[] = {"global", "unchecked", "xdp_unbounded"};
	unsigned programs = 0, rejected = 0, unexpected = 0, before = mismatches, runs_before = runs;
	char what[64];
	for (unsigned p = 0; p < BPF_CORPUS_COUNT; p++) {
		const struct bpf_corpus_object *o = &bpf_corpus[p];
		struct bpf_program prog;
		char log[120];
		bpf_map_pool_reset();
		bool must_refuse = false;
		for (unsigned k = 0; k < sizeof refused / sizeof refused[0]; k++)
			must_refuse |= !strcmp(o->name, refused[k]);
		if (o->size > sizeof object || o->size % 4) {
			printf("# %s: %u bytes: no room to copy it\n", o->name, o->size);
			unexpected++;
			continue;
		}
		for (unsigned w = 0; w < o->size / 4; w++)
			object[w] = ((const volatile uint32_t *)(const void *)o->object)[w];
		if (bpf_elf_load(object, o->size, NULL, insns, CORPUS_MAX_INSNS, &prog, log, sizeof log)) {
			if (!must_refuse)
				printf("# %s: not loaded: %s\n", o->name, log);
			rejected++;
			unexpected += !must_refuse;
			continue;
		}
		bool checksum = !strcmp(o->name, "checksum");
		prog.kind = !strncmp(o->name, "xdp", 3) ? BPF_KIND_XDP : BPF_KIND_CONTEXT;
		prog.ctx_size = checksum ? 1500 : sizeof ctx.line;
		prog.ctx_writable = true;
		/* from the page allocator: some proofs need more than malloc's arena */
		size_t scratch_size = bpf_verifier_scratch_size(&prog);
		uint32_t pages = (uint32_t)((scratch_size + PAGE_SIZE - 1) / PAGE_SIZE);
		void *scratch = page_alloc(pages);
		int err = scratch ? bpf_verify(&prog, scratch, scratch_size, log, sizeof log) : -1;
		if (scratch)
			page_free(scratch, pages);
		else
			snprintf(log, sizeof log, "no memory for the verifier (%u bytes)", (unsigned)scratch_size);
		if (err) {
			if (!must_refuse)
				printf("# %s: refused: %s\n", o->name, log);
			rejected++;
			unexpected += !must_refuse;
			continue;
		}
		unexpected += must_refuse;
		programs++;
		/* report.c draws its low bit at random. */
		uint64_t mask = !strcmp(o->name, "report") ? ~1ull : ~0ull;
		uint64_t r0;
		for (unsigned c = 0; c < 12; c++) {
			snprintf(what, sizeof what, "%s, context %u", o->name, c);
			if (prog.kind == BPF_KIND_XDP) {
				uint8_t *frame = ctx.packet + BPF_XDP_DATA_ALIGN; /* where the hook puts it */
				uint32_t length = c < 4 ? udp_frame(frame, 5 + c, c & 1 ? 53 : 7, false) + 2 : 14 + c * 7;
				if (c >= 4)
					for (uint32_t k = 0; k < length; k++)
						frame[k] = (uint8_t)next_random();
				struct bpf_xdp_buff buff = {.data = frame, .data_end = frame + length};
				run_both_masked(&prog, &buff, &r0, mask, what);
				continue;
			}
			if (checksum || c >= 10) {
				for (unsigned k = 0; k < sizeof ctx.packet; k++)
					ctx.packet[k] = (uint8_t)next_random();
				if (!checksum)
					ctx.line.length = c == 10 ? 60 : next_random() % 61;
			} else if (c < 7) {
				line_of(&ctx, lines[c], (uint32_t)strlen(lines[c]));
			} else if (c == 7) {
				line_of(&ctx, dns, sizeof dns);
			} else {
				memset(&ctx, 0, sizeof ctx);
				ctx.line.length = udp_frame(ctx.line.bytes, c == 8 ? 5 : 6, 53, c == 9);
			}
			run_both_masked(&prog, &ctx, &r0, mask, what);
		}
	}
	printf("# corpus: %u programs of tests/bpf verified (%u refused: global data, unchecked accesses), %u runs\n",
	       programs, rejected, runs - runs_before);
	printf("%s - corpus: every program of tests/bpf by the interpreter and the JIT, same r0, memory and maps (%u mismatches)\n",
	       mismatches == before && !unexpected && programs > 10 ? "ok" : "not ok",
	       mismatches - before);
}

/* ---- random programs ---- */

#include "../../host/bpf_random.h"

/* Helpers whose results differ from run to run (the clock, the cycle counter,
   the random generator) would differ between the engines too: calls to them
   become map lookups. */
static void deterministic(struct bpf_insn *insns, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		struct bpf_insn *in = &insns[i];
		bool varying = in->imm == BPF_FUNC_ktime_get_ns || in->imm == BPF_FUNC_get_prandom_u32 ||
			       in->imm == BPF_FUNC_cycle_counter;
		if (varying && (in->code == (BPF_JMP | BPF_CALL) || in->code == (BPF_ALU64 | BPF_MOV | BPF_K)))
			in->imm = BPF_FUNC_map_lookup_elem;
	}
}

static void fuzz(long programs)
{
	static const struct { enum bpf_map_type type; uint32_t key, value, entries; } shapes[3] = {
		{BPF_MAP_TYPE_ARRAY, 4, 24, 3}, {BPF_MAP_TYPE_HASH, 8, 40, 4}, {BPF_MAP_TYPE_RINGBUF, 0, 0, 64}};
	static struct bpf_insn insns[64];
	static uint64_t ctx[88 / 8]; /* an XDP packet BPF_XDP_DATA_ALIGN bytes in */
	struct bpf_map maps[3];
	void *storage[3];
	long accepted = 0, stopped = 0, xdp_accepted = 0, varying = 0;
	unsigned before = mismatches, runs_before = runs;
	char log[160], what[48];
	for (int m = 0; m < 3; m++)
		storage[m] = malloc(bpf_map_storage_size(shapes[m].type, shapes[m].key, shapes[m].value, shapes[m].entries));
	for (long k = 0; k < programs; k++) {
		bool xdp = below(4) == 0;
		struct bpf_program prog = {.insns = insns, .count = generate(insns, 64, xdp), .ctx_size = CTX_SIZE,
					   .ctx_writable = below(2), .budget = 2000, .map_count = 3,
					   .kind = xdp ? BPF_KIND_XDP : BPF_KIND_CONTEXT};
		deterministic(insns, prog.count);
		for (int m = 0; m < 3; m++) {
			bpf_map_init(&maps[m], shapes[m].type, shapes[m].key, shapes[m].value, shapes[m].entries, storage[m]);
			prog.maps[m] = &maps[m];
		}
		size_t scratch_size = bpf_verifier_scratch_size(&prog);
		void *scratch = malloc(scratch_size);
		int err = scratch ? bpf_verify(&prog, scratch, scratch_size, log, sizeof log) : -1;
		free(scratch);
		if (err)
			continue;
		accepted++;
		xdp_accepted += xdp;
		for (int r = 0; r < 2; r++) {
			/* an XDP run's packet: often just the length the prologue
			   checks, or a byte off (as in tests/host/fuzz_bpf.c) */
			uint32_t size = !xdp ? CTX_SIZE : below(2) ? below(80) : xdp_checked + below(3) - (xdp_checked > 0);
			for (unsigned b = 0; b < sizeof ctx / 4; b++)
				((uint32_t *)ctx)[b] = random32();
			uint8_t *packet = (uint8_t *)ctx + BPF_XDP_DATA_ALIGN;
			struct bpf_xdp_buff buff = {.data = packet, .data_end = packet + size};
			uint64_t r0;
			snprintf(what, sizeof what, "random program %ld (seed state %llx)", k, (unsigned long long)seed);
			if (has_callx(&prog) && interpreter_varies(&prog, xdp ? (void *)&buff : ctx)) {
				varying++;
				continue;
			}
			if (run_both_masked(&prog, xdp ? (void *)&buff : ctx, &r0, ~0ull, what) == -ETIMEDOUT)
				stopped++;
		}
	}
	for (int m = 0; m < 3; m++)
		free(storage[m]);
	printf("# fuzz: %ld random programs, %ld verified (%ld XDP), %u runs compared (%ld stopped by the budget), "
	       "%u mismatches; %ld runs not compared: a callx reached the clock or the random helper\n",
	       programs, accepted, xdp_accepted, runs - runs_before, stopped, mismatches - before, varying);
	printf("%s - fuzz: random verified programs, interpreter against JIT (%ld programs, %u mismatches)\n",
	       mismatches == before && accepted * 50 >= programs ? "ok" : "not ok", programs, mismatches - before);
}

/* Both engines' frames (about 1 KiB each) and the harness's do not fit in
   the lx106's 2 KiB boot stack: the test runs in a task of its own. */
#define TEST_STACK 8192
static volatile int status = -1;

static void test(void *arg)
{
	(void)arg;
	bpf_set_printk_sink(silent);
	if (!bpf_jit_pool_size()) {
		printf("not ok - no JIT on this target\n");
		status = 1;
		return;
	}
	if (!calibrate()) {
		status = 1;
		return;
	}
	int isa_failures = isa_main();
	pool_full();
	corpus();
	seed = JIT_FUZZ_SEED;
	fuzz(JIT_FUZZ_PROGRAMS);
	printf("# %u runs compared, %u mismatches, %u programs the JIT refused\n", runs, mismatches, not_compiled);
	status = isa_failures || mismatches ? 1 : 0;
}

int main(void)
{
	if (!task_spawn(test, NULL, TEST_STACK, "bpf_jit")) {
		printf("not ok - no memory for the test's stack\n");
		return 1;
	}
	while (status < 0)
		task_yield();
	return status;
}
