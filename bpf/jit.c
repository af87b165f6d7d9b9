/*
 * jit.c — compiles a verified program to native code: passes of the arch's
 * back end until the code's length settles, into the board's code pool, a
 * bump allocator that bpf_jit_reset empties.
 */
#include <errno.h>
#include <stdio.h>
#include "bpf_jit.h"
#include "bpf_map.h"

/* Lengths only grow from pass to pass (a jump takes its long form once its
   target is far); a few passes settle any program we have seen. */
#define MAX_PASSES 8

static uint32_t pool_used;

size_t bpf_jit_scratch_size(const struct bpf_program *prog)
{
	return (prog->count + 1) * sizeof(uint32_t) + prog->count * sizeof(uint16_t) + prog->count;
}

void bpf_jit_reset(void)
{
	pool_used = 0;
}

uint32_t bpf_jit_pool_used(void)
{
	return pool_used;
}

uint32_t bpf_jit_pool_size(void)
{
	uint32_t size;
	return bpf_jit_pool(&size) ? size : 0;
}

uint64_t bpf_jit_call_helper(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, int64_t id)
{
	return bpf_helper_find((int32_t)id, NULL)->fn(r1, r2, r3, r4, r5);
}

int bpf_jit_compile(struct bpf_program *prog, void *scratch, size_t scratch_size, char *log, size_t log_size)
{
	uint32_t pool_size;
	uint8_t *pool = bpf_jit_pool(&pool_size);
	prog->jit_code = NULL;
	prog->jit_size = 0;
	if (!prog->verified) {
		snprintf(log, log_size, "not verified");
		return -EINVAL;
	}
	if (!pool) {
		snprintf(log, log_size, "no JIT on this target");
		return -ENOTSUP;
	}
	if (scratch_size < bpf_jit_scratch_size(prog)) {
		snprintf(log, log_size, "JIT scratch: %u bytes, %u needed", (unsigned)scratch_size,
			 (unsigned)bpf_jit_scratch_size(prog));
		return -ENOMEM;
	}
	struct bpf_jit jit = {
		.prog = prog,
		.offsets = scratch,
		.facts = (uint16_t *)((uint8_t *)scratch + (prog->count + 1) * sizeof(uint32_t)),
		.entries = (uint8_t *)scratch + (prog->count + 1) * sizeof(uint32_t) + prog->count * sizeof(uint16_t),
		.main_end = prog->count,
		.code = pool + pool_used,
		.capacity = pool_size - pool_used,
	};
	/* Functions: the main one first, then each bpf-to-bpf call's target. */
	for (uint32_t i = 0; i < prog->count; i++) {
		jit.offsets[i] = 0;
		jit.entries[i] = 0;
	}
	jit.offsets[prog->count] = 0;
	for (uint32_t i = 0; i < prog->count; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL) {
			uint32_t target = i + 1 + (uint32_t)in->imm;
			jit.entries[target] = 1;
			if (target < jit.main_end)
				jit.main_end = target;
		}
	}
	bpf_jit_pool_writable(jit.code, jit.capacity);
	uint32_t previous = 0;
	int pass;
	for (pass = 0; pass < MAX_PASSES; pass++) {
		jit.length = 0;
		jit.word = 0;
		int err = bpf_jit_emit(&jit);
		if (err) {
			bpf_jit_pool_executable(jit.code, 0);
			snprintf(log, log_size, "insn %u: the %s JIT cannot compile it", (unsigned)jit.failed_insn,
				 bpf_jit_arch_name);
			return err;
		}
		if (pass > 0 && jit.length == previous)
			break;
		previous = jit.length;
	}
	if (pass == MAX_PASSES) {
		bpf_jit_pool_executable(jit.code, 0);
		snprintf(log, log_size, "code length did not settle in %d passes", MAX_PASSES);
		return -ENOTSUP;
	}
	bpf_jit_put(&jit, 0, (4 - (jit.length & 3)) & 3); /* the last word */
	if (jit.length > jit.capacity) {
		bpf_jit_pool_executable(jit.code, 0);
		snprintf(log, log_size, "%u bytes of %s code, %u left in the %u-byte JIT pool",
			 (unsigned)jit.length, bpf_jit_arch_name, (unsigned)jit.capacity, (unsigned)pool_size);
		return -ENOSPC;
	}
	bpf_jit_pool_executable(jit.code, jit.length);
	pool_used += (jit.length + 7) & ~7u;
	if (pool_used > pool_size)
		pool_used = pool_size;
	prog->jit_code = jit.code;
	prog->jit_size = jit.length;
	snprintf(log, log_size, "%u bytes of %s code for %u instructions", (unsigned)jit.length, bpf_jit_arch_name,
		 (unsigned)prog->count);
	return 0;
}
