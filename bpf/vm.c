/*
 * vm.c — the eBPF interpreter: RFC 9669 semantics, dispatched by computed goto
 * on the opcode byte. It trusts the verifier: no bounds checks at run time,
 * only the budget of backward jumps and calls that keeps loops finite.
 */
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "bpf.h"
#include "bpf_jit.h"
#include "bpf_map.h"

/* Loads and stores of guest memory in BPF_MEM mode: the verifier proved them
   aligned and in bounds, so they may be plain accesses that alias any object. */
typedef uint16_t __attribute__((may_alias)) mem16;
typedef uint32_t __attribute__((may_alias)) mem32;
typedef uint64_t __attribute__((may_alias)) mem64;

struct frame {
	const struct bpf_insn *return_to;
	uint64_t saved[5]; /* r6..r10 */
};

static uint64_t sign_extend(uint64_t value, unsigned bits)
{
	uint64_t sign = 1ull << (bits - 1);
	value &= (sign << 1) - 1;
	return (value ^ sign) - sign;
}

static uint16_t swap16(uint16_t v)
{
	return (uint16_t)(v << 8 | v >> 8);
}

static uint32_t swap32(uint32_t v)
{
	return (uint32_t)swap16((uint16_t)v) << 16 | swap16((uint16_t)(v >> 16));
}

static uint64_t swap64(uint64_t v)
{
	return (uint64_t)swap32((uint32_t)v) << 32 | swap32((uint32_t)(v >> 32));
}

static uint64_t byte_swap(uint64_t v, int32_t width)
{
	return width == 16 ? swap16((uint16_t)v) : width == 32 ? swap32((uint32_t)v) : swap64(v);
}

/* Signed division and modulo with RFC 9669 §4.1's edge cases: a zero divisor
   gives 0 (div) or leaves the dividend (mod); the one overflowing case,
   MIN / -1, wraps to MIN, and MIN % -1 is 0. */
static int64_t sdiv64(int64_t a, int64_t b)
{
	if (b == 0)
		return 0;
	if (b == -1)
		return (int64_t)(0 - (uint64_t)a);
	return a / b;
}

static int64_t smod64(int64_t a, int64_t b)
{
	if (b == 0)
		return a;
	if (b == -1)
		return 0;
	return a % b;
}

static int32_t sdiv32(int32_t a, int32_t b)
{
	if (b == 0)
		return 0;
	if (b == -1)
		return (int32_t)(0 - (uint32_t)a);
	return a / b;
}

static int32_t smod32(int32_t a, int32_t b)
{
	if (b == 0)
		return a;
	if (b == -1)
		return 0;
	return a % b;
}

/* An atomic read-modify-write (RFC 9669 §5.3). Programs run on one CPU and
   are never interrupted by another program, so a plain sequence suffices.
   Returns the old value. */
static uint64_t atomic_op(void *addr, bool wide, int32_t op, uint64_t operand, uint64_t expected)
{
	uint64_t old = wide ? *(mem64 *)addr : *(mem32 *)addr;
	uint64_t new;
	switch (op & ~BPF_FETCH) {
	case BPF_ADD: new = old + operand; break;
	case BPF_OR: new = old | operand; break;
	case BPF_AND: new = old & operand; break;
	case BPF_XOR: new = old ^ operand; break;
	case BPF_XCHG & ~BPF_FETCH: new = operand; break;
	default: /* BPF_CMPXCHG */
		new = (wide ? old == expected : (uint32_t)old == (uint32_t)expected) ? operand : old;
		break;
	}
	if (wide)
		*(mem64 *)addr = new;
	else
		*(mem32 *)addr = (uint32_t)new;
	return old;
}

/* Built with BPF_COUNT_INSNS (bench/host/bpf.c includes this file so), every
   dispatch is counted in bpf_executed; the firmware's interpreter counts nothing. */
#ifdef BPF_COUNT_INSNS
static uint64_t bpf_executed;
#define COUNT_INSN() (bpf_executed++)
#else
#define COUNT_INSN() ((void)0)
#endif

/* A load or store the verifier could not prove aligned (BPF_MEM_UNALIGNED,
   BPF_MEMSX_UNALIGNED): byte by byte, little-endian as RFC 9669 specifies
   memory, whatever the CPU allows. Out of line, so that the interpreter's
   aligned paths keep their code and registers. */
static IRAM __attribute__((noinline)) void unaligned_access(const struct bpf_insn *insn, uint64_t *reg)
{
	unsigned size = BPF_SIZE(insn->code) == BPF_H ? 2 : BPF_SIZE(insn->code) == BPF_W ? 4 : 8;
	uint64_t value = 0;
	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX: {
		const uint8_t *p = (const uint8_t *)(uintptr_t)(reg[insn->src] + (uint64_t)(int64_t)insn->off);
		for (unsigned k = 0; k < size; k++)
			value |= (uint64_t)p[k] << (8 * k);
		reg[insn->dst] = BPF_MODE(insn->code) == BPF_MEMSX_UNALIGNED ? sign_extend(value, 8 * size) : value;
		return;
	}
	case BPF_STX:
		value = reg[insn->src];
		break;
	default: /* BPF_ST */
		value = (uint64_t)(int64_t)insn->imm;
		break;
	}
	uint8_t *p = (uint8_t *)(uintptr_t)(reg[insn->dst] + (uint64_t)(int64_t)insn->off);
	for (unsigned k = 0; k < size; k++)
		p[k] = (uint8_t)(value >> (8 * k));
}

/* callx: the helper whose number the verifier proved dst holds. Out of
   line, like unaligned_access. */
static __attribute__((noinline)) void call_by_number(const struct bpf_insn *insn, uint64_t *reg)
{
	const struct bpf_helper *helper = bpf_helper_find((int32_t)reg[insn->dst], NULL);
	reg[0] = helper->fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
}

#pragma GCC diagnostic ignored "-Woverride-init" /* the table's default, then its entries */

IRAM int bpf_interpret(const struct bpf_program *prog, void *ctx, uint64_t *result)
{
#define ALU_ENTRIES(op, name)                                                   \
	[BPF_ALU64 | op | BPF_K] = &&alu64_##name##_k, [BPF_ALU64 | op | BPF_X] = &&alu64_##name##_x, \
	[BPF_ALU | op | BPF_K] = &&alu32_##name##_k, [BPF_ALU | op | BPF_X] = &&alu32_##name##_x
#define JMP_ENTRIES(op, name)                                                   \
	[BPF_JMP | op | BPF_K] = &&jmp64_##name##_k, [BPF_JMP | op | BPF_X] = &&jmp64_##name##_x, \
	[BPF_JMP32 | op | BPF_K] = &&jmp32_##name##_k, [BPF_JMP32 | op | BPF_X] = &&jmp32_##name##_x
#define MEM_ENTRIES(size, name)                                                 \
	[BPF_LDX | BPF_MEM | size] = &&ldx_##name, [BPF_STX | BPF_MEM | size] = &&stx_##name, \
	[BPF_ST | BPF_MEM | size] = &&st_##name
#define UNALIGNED_ENTRIES(size)                                                 \
	[BPF_LDX | BPF_MEM_UNALIGNED | size] = &&unaligned, [BPF_STX | BPF_MEM_UNALIGNED | size] = &&unaligned, \
	[BPF_ST | BPF_MEM_UNALIGNED | size] = &&unaligned
	static const void *const dispatch[256] = {
		[0 ... 255] = &&invalid,
		ALU_ENTRIES(BPF_ADD, add), ALU_ENTRIES(BPF_SUB, sub), ALU_ENTRIES(BPF_MUL, mul),
		ALU_ENTRIES(BPF_DIV, div), ALU_ENTRIES(BPF_OR, or), ALU_ENTRIES(BPF_AND, and),
		ALU_ENTRIES(BPF_LSH, lsh), ALU_ENTRIES(BPF_RSH, rsh), ALU_ENTRIES(BPF_MOD, mod),
		ALU_ENTRIES(BPF_XOR, xor), ALU_ENTRIES(BPF_MOV, mov), ALU_ENTRIES(BPF_ARSH, arsh),
		[BPF_ALU64 | BPF_NEG] = &&alu64_neg, [BPF_ALU | BPF_NEG] = &&alu32_neg,
		[BPF_ALU | BPF_END | BPF_TO_LE] = &&to_le, [BPF_ALU | BPF_END | BPF_TO_BE] = &&to_be,
		[BPF_ALU64 | BPF_END] = &&bswap,
		JMP_ENTRIES(BPF_JEQ, jeq), JMP_ENTRIES(BPF_JGT, jgt), JMP_ENTRIES(BPF_JGE, jge),
		JMP_ENTRIES(BPF_JSET, jset), JMP_ENTRIES(BPF_JNE, jne), JMP_ENTRIES(BPF_JSGT, jsgt),
		JMP_ENTRIES(BPF_JSGE, jsge), JMP_ENTRIES(BPF_JLT, jlt), JMP_ENTRIES(BPF_JLE, jle),
		JMP_ENTRIES(BPF_JSLT, jslt), JMP_ENTRIES(BPF_JSLE, jsle),
		[BPF_JMP | BPF_JA] = &&ja, [BPF_JMP32 | BPF_JA] = &&ja32,
		[BPF_JMP | BPF_CALL] = &&call, [BPF_JMP | BPF_CALL | BPF_X] = &&callx, [BPF_JMP | BPF_EXIT] = &&exit,
		[BPF_LD | BPF_IMM | BPF_DW] = &&ld_imm64,
		MEM_ENTRIES(BPF_B, b), MEM_ENTRIES(BPF_H, h), MEM_ENTRIES(BPF_W, w), MEM_ENTRIES(BPF_DW, dw),
		UNALIGNED_ENTRIES(BPF_H), UNALIGNED_ENTRIES(BPF_W), UNALIGNED_ENTRIES(BPF_DW),
		[BPF_LDX | BPF_MEMSX | BPF_B] = &&ldxsx_b, [BPF_LDX | BPF_MEMSX | BPF_H] = &&ldxsx_h,
		[BPF_LDX | BPF_MEMSX | BPF_W] = &&ldxsx_w,
		[BPF_LDX | BPF_MEMSX_UNALIGNED | BPF_H] = &&unaligned, [BPF_LDX | BPF_MEMSX_UNALIGNED | BPF_W] = &&unaligned,
		[BPF_STX | BPF_ATOMIC | BPF_W] = &&atomic_w, [BPF_STX | BPF_ATOMIC | BPF_DW] = &&atomic_dw,
	};
	uint64_t reg[BPF_REGS];
	uint64_t stack[BPF_STACK_SIZE / 8];
	struct frame frames[BPF_MAX_CALL_DEPTH];
	unsigned depth = 0;
	uint32_t budget = prog->budget ? prog->budget : BPF_DEFAULT_BUDGET;
	const struct bpf_insn *insn = prog->insns;

	if (!prog->verified || ((uintptr_t)ctx & 7))
		return -EINVAL;
	reg[1] = (uintptr_t)ctx;
	reg[2] = prog->ctx_size;
	reg[10] = (uintptr_t)(stack + BPF_STACK_SIZE / 8);

#define DST reg[insn->dst]
#define SRC reg[insn->src]
#define IMM ((uint64_t)(int64_t)insn->imm)
#define DISPATCH() do { COUNT_INSN(); goto *dispatch[insn->code]; } while (0)
#define NEXT do { ++insn; DISPATCH(); } while (0)
#define ADDRESS(base) ((uintptr_t)((base) + (uint64_t)(int64_t)insn->off))
/* The operation's result from d (destination) and s (source), 64 and 32 bits. */
#define ALU(name, expr64, expr32)                                                                  \
	alu64_##name##_k : { uint64_t d = DST, s = IMM; DST = (expr64); NEXT; }                   \
	alu64_##name##_x : { uint64_t d = DST, s = SRC; DST = (expr64); NEXT; }                   \
	alu32_##name##_k : { uint32_t d = (uint32_t)DST, s = (uint32_t)insn->imm; DST = (uint32_t)(expr32); NEXT; } \
	alu32_##name##_x : { uint32_t d = (uint32_t)DST, s = (uint32_t)SRC; DST = (uint32_t)(expr32); NEXT; }
/* A conditional jump; backward ones are charged to the budget. */
#define TAKE_JUMP(offset)                                  \
	do {                                               \
		if ((offset) < 0 && --budget == 0)         \
			goto out_of_budget;                \
		insn += (offset);                          \
		NEXT;                                      \
	} while (0)
#define JMP(name, type64, type32, cond)                                                          \
	jmp64_##name##_k : { type64 d = (type64)DST, s = (type64)IMM; if (cond) TAKE_JUMP(insn->off); NEXT; } \
	jmp64_##name##_x : { type64 d = (type64)DST, s = (type64)SRC; if (cond) TAKE_JUMP(insn->off); NEXT; } \
	jmp32_##name##_k : { type32 d = (type32)DST, s = (type32)insn->imm; if (cond) TAKE_JUMP(insn->off); NEXT; } \
	jmp32_##name##_x : { type32 d = (type32)DST, s = (type32)SRC; if (cond) TAKE_JUMP(insn->off); NEXT; }
#define MEM(name, type)                                                              \
	ldx_##name : DST = *(type *)ADDRESS(SRC); NEXT;                              \
	stx_##name : *(type *)ADDRESS(DST) = (type)SRC; NEXT;                        \
	st_##name : *(type *)ADDRESS(DST) = (type)insn->imm; NEXT;

	DISPATCH();

	ALU(add, d + s, d + s)
	ALU(sub, d - s, d - s)
	ALU(mul, d * s, d * s)
	ALU(div, insn->off ? (uint64_t)sdiv64((int64_t)d, (int64_t)s) : s ? d / s : 0,
	    insn->off ? (uint32_t)sdiv32((int32_t)d, (int32_t)s) : s ? d / s : 0)
	ALU(mod, insn->off ? (uint64_t)smod64((int64_t)d, (int64_t)s) : s ? d % s : d,
	    insn->off ? (uint32_t)smod32((int32_t)d, (int32_t)s) : s ? d % s : d)
	ALU(or, d | s, d | s)
	ALU(and, d & s, d & s)
	ALU(xor, d ^ s, d ^ s)
	ALU(lsh, d << (s & 63), d << (s & 31))
	ALU(rsh, d >> (s & 63), d >> (s & 31))
	ALU(arsh, (uint64_t)((int64_t)d >> (s & 63)), (uint32_t)((int32_t)d >> (s & 31)))
	/* MOVSX (off 8, 16, 32) sign-extends the source's low bits. */
alu64_mov_k:
	DST = IMM;
	NEXT;
alu64_mov_x:
	DST = insn->off ? sign_extend(SRC, (unsigned)insn->off) : SRC;
	NEXT;
alu32_mov_k:
	DST = (uint32_t)insn->imm;
	NEXT;
alu32_mov_x:
	DST = (uint32_t)(insn->off ? sign_extend(SRC, (unsigned)insn->off) : SRC);
	NEXT;
alu64_neg:
	DST = 0 - DST;
	NEXT;
alu32_neg:
	DST = (uint32_t)(0 - (uint32_t)DST);
	NEXT;
to_le: /* every target is little-endian: only the truncation remains */
	DST = insn->imm == 64 ? DST : DST & ((1ull << insn->imm) - 1);
	NEXT;
to_be:
bswap:
	DST = byte_swap(DST, insn->imm);
	NEXT;

	JMP(jeq, uint64_t, uint32_t, d == s)
	JMP(jne, uint64_t, uint32_t, d != s)
	JMP(jgt, uint64_t, uint32_t, d > s)
	JMP(jge, uint64_t, uint32_t, d >= s)
	JMP(jlt, uint64_t, uint32_t, d < s)
	JMP(jle, uint64_t, uint32_t, d <= s)
	JMP(jset, uint64_t, uint32_t, d & s)
	JMP(jsgt, int64_t, int32_t, d > s)
	JMP(jsge, int64_t, int32_t, d >= s)
	JMP(jslt, int64_t, int32_t, d < s)
	JMP(jsle, int64_t, int32_t, d <= s)
ja:
	TAKE_JUMP(insn->off);
ja32:
	TAKE_JUMP(insn->imm);

ld_imm64:
	DST = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
	insn++;
	NEXT;

	MEM(b, uint8_t)
	MEM(h, mem16)
	MEM(w, mem32)
	MEM(dw, mem64)
ldxsx_b:
	DST = sign_extend(*(uint8_t *)ADDRESS(SRC), 8);
	NEXT;
ldxsx_h:
	DST = sign_extend(*(mem16 *)ADDRESS(SRC), 16);
	NEXT;
ldxsx_w:
	DST = sign_extend(*(mem32 *)ADDRESS(SRC), 32);
	NEXT;
unaligned:
	unaligned_access(insn, reg);
	NEXT;
atomic_w:
atomic_dw: {
	bool wide = BPF_SIZE(insn->code) == BPF_DW;
	uint64_t old = atomic_op((void *)ADDRESS(DST), wide, insn->imm, SRC, reg[0]);
	if (!wide)
		old = (uint32_t)old;
	if (insn->imm == BPF_CMPXCHG)
		reg[0] = old;
	else if (insn->imm & BPF_FETCH)
		SRC = old;
	NEXT;
}

call:
	if (insn->src == BPF_PSEUDO_CALL) {
		/* The verifier put the caller's frame size in off. */
		if (--budget == 0)
			goto out_of_budget;
		frames[depth].return_to = insn;
		memcpy(frames[depth].saved, &reg[6], sizeof frames[depth].saved);
		depth++;
		reg[10] -= (uint16_t)insn->off;
		insn += insn->imm + 1;
		DISPATCH();
	}
	/* The verifier replaced the helper's number by its table index. */
	reg[0] = bpf_helpers[insn->imm].fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
	NEXT;
callx:
	call_by_number(insn, reg);
	NEXT;
exit:
	if (depth == 0) {
		*result = reg[0];
		return 0;
	}
	depth--;
	insn = frames[depth].return_to;
	memcpy(&reg[6], frames[depth].saved, sizeof frames[depth].saved);
	NEXT;

invalid: /* unreachable after verification */
	return -EINVAL;
out_of_budget:
	return -ETIMEDOUT;
}

/* 64-bit division for JIT code on CPUs without a 64-bit divider: how is
   1 for the remainder, 2 for signed (RFC 9669 §4.1's cases, as above). */
uint64_t bpf_jit_divide(uint64_t d, uint64_t s, uint32_t how)
{
	switch (how) {
	case 0: return s ? d / s : 0;
	case 1: return s ? d % s : d;
	case 2: return (uint64_t)sdiv64((int64_t)d, (int64_t)s);
	default: return (uint64_t)smod64((int64_t)d, (int64_t)s);
	}
}

/* The native code's entry (bpf_jit.h): budget as the interpreter counts it. */
IRAM int bpf_run(const struct bpf_program *prog, void *ctx, uint64_t *result)
{
	if (!prog->verified || ((uintptr_t)ctx & 7))
		return -EINVAL;
	/* the packet's alignment the verifier assumed (bpf.h) */
	if (prog->kind == BPF_KIND_XDP && ((uintptr_t)((struct bpf_xdp_buff *)ctx)->data & 3) != BPF_XDP_DATA_ALIGN)
		return -EINVAL;
	if (prog->jit_code)
		return bpf_jit_run(prog, ctx, result);
	return bpf_interpret(prog, ctx, result);
}
