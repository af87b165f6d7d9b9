/*
 * bpf_jit.h — the JIT's contract with its back ends (arch/<isa>/bpf_jit.c)
 * and with the board, which sets aside the code pool. bpf/jit.c drives the
 * passes; a back end emits one whole program per pass.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "bpf.h"

/*
 * What native code is called as: ctx in the first argument register, r0
 * written to *result, budget the backward jumps and calls the run may make.
 * Returns 0 or -ETIMEDOUT, as the interpreter does.
 */
typedef int (*bpf_jit_entry)(void *ctx, uint64_t *result, uint32_t budget);

/* prog's native code run on ctx, with its budget: what bpf_run does once its
   checks pass, and what xdp_run does per frame. */
static inline __attribute__((always_inline)) int bpf_jit_run(const struct bpf_program *prog, void *ctx,
							     uint64_t *result)
{
	return ((bpf_jit_entry)prog->jit_code)(ctx, result, prog->budget ? prog->budget : BPF_DEFAULT_BUDGET);
}

/*
 * One compilation. offsets[i] is where instruction i's code starts (bytes
 * from code), offsets[count] where the program's exit code starts; each pass
 * writes them and the next reads them for its jumps, until a pass emits as
 * many bytes as the one before: then every jump is right. A back end writes
 * through bpf_jit_put only, which counts every byte but stores only those
 * that fit in capacity.
 */
struct bpf_jit {
	const struct bpf_program *prog;
	uint32_t *offsets;   /* count + 1 entries */
	uint16_t *facts;     /* count entries, for what a back end learns of the program before emitting it */
	uint8_t *entries;    /* count entries: 1 where a bpf-to-bpf call lands */
	uint32_t main_end;   /* first instruction past the main function */
	uint8_t *code;       /* where the code goes: the pool's free part */
	uint32_t capacity;   /* bytes there */
	uint32_t length;     /* bytes emitted in this pass so far */
	uint32_t word;       /* the bytes of the word being filled */
	uint32_t failed_insn;
};

/* Emits one pass of the program at jit->code; 0, or -ENOTSUP (no JIT for
   this target, or an instruction it cannot compile: failed_insn says which). */
int bpf_jit_emit(struct bpf_jit *jit);
/* The back end's name, for messages ("rv64", "lx106"). */
extern const char bpf_jit_arch_name[];

/* Appends size bytes (1 to 4) of value, little-endian. The pool sees only
   whole aligned words: the ESP8266's IRAM takes no byte or halfword store. */
static inline void bpf_jit_put(struct bpf_jit *jit, uint32_t value, unsigned size)
{
	for (unsigned k = 0; k < size; k++) {
		jit->word |= (uint32_t)(uint8_t)(value >> (8 * k)) << (8 * (jit->length & 3));
		if ((++jit->length & 3) == 0) {
			if (jit->length <= jit->capacity)
				*(volatile uint32_t *)(void *)(jit->code + jit->length - 4) = jit->word;
			jit->word = 0;
		}
	}
}

/*
 * The code pool, from the board: NULL and 0 where there is none. writable
 * opens [code, code + size) for the compiler's stores; executable closes it
 * again and makes the new code visible to instruction fetch (fence.i on
 * RISC-V, the instruction cache on others).
 */
uint8_t *bpf_jit_pool(uint32_t *size);
void bpf_jit_pool_writable(void *code, uint32_t size);
void bpf_jit_pool_executable(void *code, uint32_t size);

/* 64-bit division and remainder for back ends without a 64-bit divider:
   how is 1 for the remainder, 2 for signed; RFC 9669's results. */
uint64_t bpf_jit_divide(uint64_t d, uint64_t s, uint32_t how);

/* callx from native code: the helper whose number is id, with r1..r5. */
uint64_t bpf_jit_call_helper(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, int64_t id);
