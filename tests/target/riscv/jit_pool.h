/* jit_pool.h (riscv tests) — a tiny program compiled into the JIT's pool
   and run once, for the tests that then misuse the pool. */
#pragma once
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "bpf.h"

/* r0 = 42; exit. Returns the compiled program, or exits 1 saying why not. */
static struct bpf_program *jit_pool_program(void)
{
	static struct bpf_insn insns[] = {BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 42),
					  BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)};
	static struct bpf_program prog = {.insns = insns, .count = 2, .ctx_size = 8};
	static uint8_t scratch[4096]; /* the verifier wants some 1.5 KiB for it */
	char log[160];
	uint64_t ctx = 0, r0 = 0;
	if (bpf_verify(&prog, scratch, sizeof scratch, log, sizeof log) ||
	    bpf_jit_compile(&prog, scratch, sizeof scratch, log, sizeof log) || bpf_run(&prog, &ctx, &r0) || r0 != 42) {
		printf("the program did not compile and run: %s (r0 %u)\n", log, (unsigned)r0);
		exit(1);
	}
	printf("JIT code at 0x%lx ran: r0 %u\n", (unsigned long)(uintptr_t)prog.jit_code, (unsigned)r0);
	return &prog;
}
