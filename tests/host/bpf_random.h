/*
 * bpf_random.h — random, mostly well-formed eBPF programs for the fuzz tests
 * (tests/host/fuzz_bpf.c under the sanitizers, tests/target/jit/bpf_jit.c
 * interpreter against JIT): a prologue that gives every register a value,
 * then a body of likely-valid instructions, some anything at all; XDP
 * programs start by proving packet bytes against data_end.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "bpf.h"
#include "bpf_map.h"

#define CTX_SIZE 64

static uint64_t seed;

static uint32_t random32(void)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(seed >> 33);
}

static uint32_t below(uint32_t n)
{
	return random32() % n;
}

static int32_t small_number(void)
{
	static const int32_t interesting[] = {0, 1, 2, 4, 7, 8, 16, 31, 32, 60, 63, 64, 65, 255, -1, -8, -16, -512, INT32_MIN, INT32_MAX};
	return below(3) ? interesting[below(sizeof interesting / sizeof interesting[0])] : (int32_t)random32();
}

/* Mostly 8-aligned and near the pointer; some at any alignment (the
   interpreter's byte path); some far off. */
static int16_t memory_offset(void)
{
	uint32_t kind = below(8);
	if (kind < 4)
		return (int16_t)(((int)below(80) - 40) & ~7);
	if (kind < 7)
		return (int16_t)((int)below(80) - 16);
	return (int16_t)((int)below(1100) - 560);
}

static const uint8_t alu_ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH,
				  BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END};
static const uint8_t jump_ops[] = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT, BPF_JSGE,
				   BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE};
static const uint8_t sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
static const int32_t helpers[] = {1, 2, 3, 5, 6, 7, 130, 0x8266};

/* A mostly well-formed program: a prologue gives every register a value
   (numbers, the context, stack pointers, a map value or NULL) and writes
   the top of the stack, so that random bodies often pass the verifier. */
static uint32_t prologue(struct bpf_insn *insns)
{
	uint32_t n = 0;
	for (int slot = 1; slot <= 8; slot++)
		insns[n++] = BPF_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, (int16_t)(-8 * slot), small_number());
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0);
	insns[n++] = BPF_INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, (int32_t)below(2));
	insns[n++] = BPF_INSN(0, 0, 0, 0, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -8);
	insns[n++] = BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 9, 0, 0, 0);
	if (below(2)) /* sometimes the NULL check, sometimes not */
		insns[n++] = BPF_INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, (int16_t)below(30), 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 7, 10, 0, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 7, 0, 0, -8 * (int32_t)below(9));
	for (uint8_t r = 0; r <= 5; r++)
		if (r != 1)
			insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, small_number());
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 8, 0, 0, (int32_t)below(64));
	return n;
}

/* An XDP program's start: the stack's top written, r6 = data, r7 =
   data_end, a compare of data + a few bytes against the end (its branch
   lands anywhere), and sometimes r8 = data + a byte of the packet near the
   checked end, checked on its own through r9; or r8 an option whose
   length r4 (a byte at r8 + 1) is checked by a compare of r8 + r4, and
   sometimes bounded below. */
static uint32_t xdp_checked; /* the bytes the prologue's compare checks */
static bool xdp_option;       /* the prologue made r8 an option, r4 its length */
static uint32_t option_exits[4], option_exit_count; /* its jumps, sent to the exit */
static uint32_t option_guard; /* the length's last lower bound: accesses probe its edge */

static uint32_t xdp_prologue(struct bpf_insn *insns)
{
	uint32_t n = 0;
	xdp_checked = below(48);
	xdp_option = false;
	option_exit_count = 0;
	option_guard = 2;
	for (int slot = 1; slot <= 8; slot++)
		insns[n++] = BPF_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, (int16_t)(-8 * slot), small_number());
	for (uint8_t r = 0; r <= 5; r++)
		if (r != 1)
			insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, small_number());
	insns[n++] = BPF_INSN(BPF_LDX | BPF_MEM | BPF_W, 6, 1, 0, 0);
	insns[n++] = BPF_INSN(BPF_LDX | BPF_MEM | BPF_W, 7, 1, 4, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 9, 10, 0, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 8, 6, 0, 0);
	insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 8, 0, 0, (int32_t)xdp_checked);
	insns[n++] = BPF_INSN(BPF_JMP | (below(2) ? BPF_JGT : BPF_JGE) | BPF_X, 8, 7, (int16_t)below(16), 0);
	if (below(3) == 0) { /* mostly proven steps: what follows is the test */
		xdp_option = true;
		insns[n++] = BPF_INSN(BPF_LDX | BPF_MEM | BPF_B, 5, 6, (int16_t)(xdp_checked - (xdp_checked && below(8))), 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_AND | BPF_K, 5, 0, 0, 63);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 8, 6, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_X, 8, 5, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 9, 8, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 9, 0, 0, below(8) ? 2 : (int32_t)below(3));
		option_exits[option_exit_count++] = n;
		insns[n++] = BPF_INSN(BPF_JMP | BPF_JGT | BPF_X, 9, 7, 0, 0);
		insns[n++] = BPF_INSN(BPF_LDX | BPF_MEM | BPF_B, 4, 8, (int16_t)below(2), 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 9, 8, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_X, 9, 4, 0, 0);
		option_exits[option_exit_count++] = n;
		insns[n++] = BPF_INSN(BPF_JMP | (below(2) ? BPF_JGT : BPF_JGE) | BPF_X, below(4) ? 9 : 8, 7, 0, 0);
		if (below(2)) {
			option_guard = 2 + below(10);
			option_exits[option_exit_count++] = n;
			insns[n++] = BPF_INSN(BPF_JMP | BPF_JLT | BPF_K, 4, 0, 0, (int32_t)option_guard);
		}
	} else if (below(2)) {
		/* the last checked byte, or the first one past it */
		insns[n++] = BPF_INSN(BPF_LDX | BPF_MEM | BPF_B, 5, 6, (int16_t)(xdp_checked - (xdp_checked && below(2))), 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_AND | BPF_K, 5, 0, 0, 63);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 8, 6, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_X, 8, 5, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 9, 8, 0, 0);
		insns[n++] = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 9, 0, 0, (int32_t)below(16));
		insns[n++] = BPF_INSN(BPF_JMP | BPF_JGT | BPF_X, 9, 7, (int16_t)below(16), 0);
	}
	return n;
}

/* After an option prologue: what a walk over options does with the
   option pointer r8 and its length r4 (accesses at small offsets, the
   length moved, copied, spilled, reloaded, compared, the option re-derived
   and re-checked), so that the facts tying them are put to the test. */
static struct bpf_insn option_step(uint32_t i, uint32_t n)
{
	int16_t ahead = (int16_t)below(n - 1 - i);
	switch (below(12)) {
	case 0: case 1: { /* the guarded length's last byte, or one either side */
		uint8_t base = below(4) ? 8 : 9;
		int16_t off = (int16_t)(option_guard - 2 + below(3));
		return below(3) ? BPF_INSN(BPF_LDX | BPF_MEM | BPF_B, 0, base, off, 0)
				: BPF_INSN(BPF_STX | BPF_MEM | BPF_B, base, 0, off, 0);
	}
	case 2: case 9: case 10:
		option_guard = 2 + below(10);
		return BPF_INSN(BPF_JMP | (below(2) ? BPF_JLT : BPF_JLE) | BPF_K, 4, 0, ahead, (int32_t)option_guard);
	case 3:
		return BPF_INSN(BPF_ALU64 | (below(2) ? BPF_ADD : BPF_SUB) | BPF_K, below(3) ? 4 : 3, 0, 0, (int32_t)below(4));
	case 4:
		return below(2) ? BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 3, 4, 0, 0) : BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 3, 0, 0);
	case 5:
		return below(2) ? BPF_INSN(BPF_STX | BPF_MEM | BPF_DW, 10, below(2) ? 4 : 8, -8, 0)
				: BPF_INSN(BPF_LDX | BPF_MEM | BPF_DW, below(2) ? 4 : 3, 10, -8, 0);
	case 6:
		return BPF_INSN(BPF_JMP | jump_ops[below(sizeof jump_ops)] | BPF_K, below(3) ? 4 : 3, 0, ahead, (int32_t)below(12));
	case 7:
		return BPF_INSN(BPF_JMP | (below(2) ? BPF_JGT : BPF_JGE) | BPF_X, below(2) ? 9 : 8, 7, ahead, 0);
	case 8:
		return BPF_INSN(BPF_ALU64 | (below(2) ? BPF_MOV : BPF_ADD) | BPF_X, below(2) ? 9 : 8, below(2) ? 8 : 4, 0, 0);
	default:
		return BPF_INSN(BPF_LDX | BPF_MEM | BPF_B, 4, 8, (int16_t)below(2), 0);
	}
}

/* Set by fuzz_bpf: small ALU steps go down now and then and jmp32 compares
   take numbers near zero, so 32-bit signed ranges meet sums of negative
   numbers and ranges around zero. Off, the generator draws exactly as it
   did before (the JIT fuzz keeps its programs). */
static bool near_zero;

static int32_t compared_number(uint8_t class)
{
	return near_zero && class == BPF_JMP32 && below(2) ? (int32_t)below(141) - 70 : small_number();
}

static uint32_t generate(struct bpf_insn *insns, uint32_t capacity, bool xdp)
{
	uint32_t start = xdp ? xdp_prologue(insns) : prologue(insns);
	uint32_t n = start + 2 + below(capacity - start - 2);
	for (uint32_t k = 0; k < option_exit_count; k++)
		insns[option_exits[k]].off = (int16_t)(n - 2 - option_exits[k]);
	for (uint32_t i = start; i < n - 1; i++) {
		struct bpf_insn *in = &insns[i];
		uint8_t dst = (uint8_t)below(10), src = (uint8_t)below(11);
		if (xdp && xdp_option && below(4)) {
			*in = option_step(i, n);
			continue;
		}
		switch (below(40)) {
		case 12 ... 38: /* the likeliest to pass: a small ALU step, now and then down (32-bit sums
				   of negative numbers, ranges around zero) */
			*in = BPF_INSN((below(2) ? BPF_ALU64 : BPF_ALU) | alu_ops[below(8)] | BPF_K, dst, 0, 0,
				       near_zero && below(4) == 0 ? -(int32_t)below(9) - 1 : (int32_t)below(9) + 1);
			if (below(4) == 0)
				*in = BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_X, (uint8_t)(6 + below(4)), (uint8_t)below(9), 0, 0);
			break;
		case 0: case 1: case 2: { /* ALU */
			uint8_t op = alu_ops[below(sizeof alu_ops)];
			uint8_t class = below(2) ? BPF_ALU64 : BPF_ALU;
			bool reg = below(2);
			int16_t off = 0;
			int32_t imm = reg ? 0 : small_number();
			if ((op == BPF_DIV || op == BPF_MOD) && below(3) == 0)
				off = 1;
			if (op == BPF_MOV && reg && below(4) == 0)
				off = (int16_t)(8 << below(3));
			if (op == BPF_END)
				imm = 16 << below(3);
			if (op == BPF_NEG)
				reg = false, imm = 0;
			*in = BPF_INSN(class | op | (reg ? BPF_X : BPF_K), dst, reg ? src : 0, off, imm);
			break;
		}
		case 3: case 4: { /* conditional jump */
			uint8_t class = below(3) ? BPF_JMP : BPF_JMP32;
			bool reg = below(2);
			int16_t off = (int16_t)((int)below(12) - 4);
			*in = BPF_INSN(class | jump_ops[below(sizeof jump_ops)] | (reg ? BPF_X : BPF_K), dst,
				       reg ? src : 0, off, reg ? 0 : compared_number(class));
			break;
		}
		case 5: /* load from the context, the stack or a map value */
			*in = BPF_INSN(BPF_LDX | (below(6) ? BPF_MEM : BPF_MEMSX) | sizes[below(4)], dst,
				       below(2) ? (uint8_t)(6 + below(5)) : src, memory_offset(), 0);
			break;
		case 6: case 7: /* store */
			if (below(2))
				*in = BPF_INSN(BPF_STX | BPF_MEM | sizes[below(4)], (uint8_t)(6 + below(5)), src, memory_offset(), 0);
			else
				*in = BPF_INSN(BPF_ST | BPF_MEM | sizes[below(4)], below(2) ? 10 : dst, 0, memory_offset(), small_number());
			break;
		case 8: /* a pointer into the stack */
			*in = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, dst, 10, 0, 0);
			break;
		case 9: /* helper call (by number or through a register), map reference, or atomic */
			if (below(2)) {
				*in = BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helpers[below(sizeof helpers / sizeof helpers[0])]);
				if (i + 2 < n && below(4) == 0) {
					*in = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0,
						       below(4) ? helpers[below(sizeof helpers / sizeof helpers[0])] : small_number());
					insns[++i] = BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, below(4) ? dst : (uint8_t)below(10), 0, 0, 0);
				}
			} else if (i + 2 < n && below(2)) {
				*in = BPF_INSN(BPF_LD | BPF_IMM | BPF_DW, dst, BPF_PSEUDO_MAP_FD, 0, (int32_t)below(3));
				insns[++i] = BPF_INSN(0, 0, 0, 0, 0);
			} else {
				static const int32_t ops[] = {BPF_ADD, BPF_OR | BPF_FETCH, BPF_XCHG, BPF_CMPXCHG};
				*in = BPF_INSN(BPF_STX | BPF_ATOMIC | (below(2) ? BPF_W : BPF_DW), below(2) ? 10 : dst, src,
					       memory_offset(), ops[below(4)]);
			}
			break;
		case 11: { /* any size at any offset of the context or the packet (r6, or r8 or r9 for XDP) */
			uint8_t base = xdp && below(2) ? (uint8_t)(8 + below(2)) : 6;
			*in = BPF_INSN((below(2) ? BPF_LDX : BPF_STX) | BPF_MEM | sizes[below(4)], base, base,
				       (int16_t)below(base == 6 ? (xdp ? 48 : 60) : 8), 0);
			if (BPF_CLASS(in->code) == BPF_LDX)
				in->dst = dst;
			else
				in->src = src;
			break;
		}
		case 10: /* r0, r2, r3 set to something small */
			*in = BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, below(4), 0, 0, (int32_t)below(70));
			break;
		default: /* anything at all */
			memcpy(in, &(uint64_t){(uint64_t)random32() << 32 | random32()}, sizeof *in);
			break;
		}
	}
	insns[n - 1] = BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}
