/*
 * test_bpf.h — what the VM's host tests share: instruction builders and a
 * verify-then-run wrapper.
 */
#pragma once
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpf.h"
#include "bpf_map.h"

#define ALU64_IMM(op, d, imm) BPF_INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, imm)
#define ALU64_REG(op, d, s) BPF_INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, imm) BPF_INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, imm)
#define ALU32_REG(op, d, s) BPF_INSN(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, imm) ALU64_IMM(BPF_MOV, d, imm)
#define MOV64_REG(d, s) ALU64_REG(BPF_MOV, d, s)
#define LD_IMM64(d, value)                                                            \
	BPF_INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (int32_t)(uint32_t)(uint64_t)(value)), \
	BPF_INSN(0, 0, 0, 0, (int32_t)(uint32_t)((uint64_t)(value) >> 32))
#define LD_MAP(d, index) BPF_INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, index), BPF_INSN(0, 0, 0, 0, 0)
#define JMP_IMM(op, d, imm, off) BPF_INSN(BPF_JMP | (op) | BPF_K, d, 0, off, imm)
#define JMP_REG(op, d, s, off) BPF_INSN(BPF_JMP | (op) | BPF_X, d, s, off, 0)
#define JMP32_IMM(op, d, imm, off) BPF_INSN(BPF_JMP32 | (op) | BPF_K, d, 0, off, imm)
#define JA(off) BPF_INSN(BPF_JMP | BPF_JA, 0, 0, off, 0)
#define LDX(size, d, s, off) BPF_INSN(BPF_LDX | BPF_MEM | (size), d, s, off, 0)
#define STX(size, d, s, off) BPF_INSN(BPF_STX | BPF_MEM | (size), d, s, off, 0)
#define ST(size, d, off, imm) BPF_INSN(BPF_ST | BPF_MEM | (size), d, 0, off, imm)
#define CALL(helper) BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define CALL_LOCAL(off) BPF_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, off)
#define EXIT BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* A program literal and its length. */
#define PROGRAM(...) (struct bpf_insn[]){__VA_ARGS__}, \
	(uint32_t)(sizeof((struct bpf_insn[]){__VA_ARGS__}) / sizeof(struct bpf_insn))

static char bpf_test_log[160];

/* Verifies a copy of insns for a context of ctx_size bytes; 0 or the error,
   with the reason in bpf_test_log. prog->insns is malloc'd. */
static inline int bpf_test_load(struct bpf_program *prog, const struct bpf_insn *insns, uint32_t count,
				uint32_t ctx_size, struct bpf_map **maps, uint32_t map_count)
{
	memset(prog, 0, sizeof *prog);
	prog->insns = malloc(count * sizeof *insns);
	memcpy(prog->insns, insns, count * sizeof *insns);
	prog->count = count;
	prog->ctx_size = ctx_size;
	prog->ctx_writable = true;
	for (uint32_t i = 0; i < map_count; i++)
		prog->maps[i] = maps[i];
	prog->map_count = map_count;
	size_t size = bpf_verifier_scratch_size(prog);
	void *scratch = malloc(size);
	int err = bpf_verify(prog, scratch, size, bpf_test_log, sizeof bpf_test_log);
	free(scratch);
	return err;
}

/* Loads and runs; 0 with r0 in *result, or the load or run error. */
static inline int bpf_test_run(const struct bpf_insn *insns, uint32_t count, void *ctx, uint32_t ctx_size,
			       uint64_t *result)
{
	struct bpf_program prog;
	int err = bpf_test_load(&prog, insns, count, ctx_size, NULL, 0);
	if (!err)
		err = bpf_run(&prog, ctx, result);
	free(prog.insns);
	return err;
}
