/*
 * bpf_jit.c (xtensa lx106) — the eBPF back end for the ESP8266's core, call0
 * ABI, 24-bit instructions only. Sixteen registers cannot hold eBPF's eleven
 * 64-bit ones: each half has a home, a machine register or a word of the
 * frame (below), and an instruction reads what it needs into scratch
 * registers and writes back what it changed.
 *
 * Homes: r1..r3 in a2:a3..a6:a7 and r4, r5 at sp+0 and sp+8, exactly where
 * call0 passes a helper's five 64-bit arguments; the lower halves of the
 * three of r0, r6..r9 a program uses most in a12..a14, which calls keep; a15
 * holds r10 - 512, so a stack access is one load with an unsigned offset;
 * a0 and a8..a11 are scratch. The budget of backward jumps and calls is a
 * word of the frame. Two analyses run before the first pass: which upper
 * halves are known to be zero, and which nothing reads; neither kind is
 * computed or stored. map_lookup_elem on a map and a stack key the code
 * in front of it names is an array's bounds check inline, or a 4-byte-key
 * hash map's search by the key's value.
 *
 * Constants and addresses that movi cannot make are words in a literal area
 * at the start of the code (l32r reaches only backwards), which a jump at
 * the entry skips.
 */
#include <errno.h>
#include "bpf_jit.h"
#include "bpf_map.h"

const char bpf_jit_arch_name[] = "lx106";

enum { A0, SP, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15 };
#define FP A15 /* r10 - 512 */
#define MEMORY 0xff

/* The frame, from sp once the prologue has run. */
enum {
	R4_SLOT = 0, R5_SLOT = 8,      /* helper arguments 4 and 5 */
	ID_SLOT = 16,                  /* callx: the helper's number, argument 6 */
	REGS = 24,                     /* r0..r9's halves that live here, 8 bytes each (r4, r5: above) */
	BUDGET = REGS + 80, RESULT = BUDGET + 4,
	DEPTH = RESULT + 4,            /* the next free word of CALLS */
	SAVED = DEPTH + 4,             /* a0, a12..a15 of our caller */
	SCRATCH = SAVED + 20,          /* a2..a7 while a C function runs for mul/div */
	CALLS = SCRATCH + 24,          /* a stack of bpf-to-bpf calls' records */
	CALL_RECORD = 36,              /* at most r6..r9, the return address */
	STACK = (CALLS + CALL_RECORD * BPF_MAX_CALL_DEPTH + 15) & ~15, /* 512 bytes: r10 = sp + FRAME */
	FRAME = STACK + BPF_STACK_SIZE,
};
_Static_assert(FRAME % 16 == 0 && FRAME <= 1024, "frame: 16-aligned, sp-relative words in l32i's reach");

/* Homes of the lower halves: r1..r3 in call0's argument registers, r10 as
   FP, and three of r0, r6..r9 in a12..a14 (assign_homes picks them for
   each program); upper halves in a3, a5, a7 or the frame. */
static uint8_t lo_reg[BPF_REGS];
static const uint8_t hi_reg[BPF_REGS] = {MEMORY, A3, A5, A7, MEMORY, MEMORY, MEMORY, MEMORY, MEMORY, MEMORY, MEMORY};

/* A helper argument the helper takes from its lower half (a pointer). */
static bool is_address(enum bpf_arg arg)
{
	return arg == BPF_ARG_MAP || arg == BPF_ARG_MAP_KEY || arg == BPF_ARG_MAP_VALUE || arg == BPF_ARG_MEMORY;
}

static uint32_t slot(unsigned r, int half)
{
	return (r == 4 ? R4_SLOT : r == 5 ? R5_SLOT : REGS + 8 * r) + 4 * (uint32_t)half;
}

/* ---- instruction encodings (Xtensa ISA reference manual, ch. 8) ---- */

static uint32_t rrr(uint32_t op2, uint32_t op1, uint32_t r, uint32_t s, uint32_t t)
{
	return op2 << 20 | op1 << 16 | r << 12 | s << 8 | t << 4;
}

static uint32_t rri8(int32_t imm8, uint32_t r, uint32_t s, uint32_t t, uint32_t op0)
{
	return ((uint32_t)imm8 & 0xff) << 16 | r << 12 | s << 8 | t << 4 | op0;
}

static void emit(struct bpf_jit *jit, uint32_t insn)
{
	bpf_jit_put(jit, insn, 3);
}

#define ADD(r, s, t) emit(jit, rrr(8, 0, r, s, t))
#define SUB(r, s, t) emit(jit, rrr(12, 0, r, s, t))
#define AND(r, s, t) emit(jit, rrr(1, 0, r, s, t))
#define OR(r, s, t) emit(jit, rrr(2, 0, r, s, t))
#define XOR(r, s, t) emit(jit, rrr(3, 0, r, s, t))
#define NEG(r, t) emit(jit, rrr(6, 0, r, 0, t))
#define MULL(r, s, t) emit(jit, rrr(8, 2, r, s, t))
#define SSL(s) emit(jit, rrr(4, 0, 1, s, 0))
#define SSR(s) emit(jit, rrr(4, 0, 0, s, 0))
#define SSAI(n) emit(jit, rrr(4, 0, 4, (n) & 15, (n) >> 4))
#define SLL(r, s) emit(jit, rrr(10, 1, r, s, 0))
#define SRL(r, t) emit(jit, rrr(9, 1, r, 0, t))
#define SRA(r, t) emit(jit, rrr(11, 1, r, 0, t))
#define SRC(r, s, t) emit(jit, rrr(8, 1, r, s, t))
#define SRAI(r, t, n) emit(jit, rrr(2 | (n) >> 4, 1, r, (n) & 15, t))
#define EXTUI(r, t, shift, bits) emit(jit, rrr((bits) - 1, 4 | (shift) >> 4, r, (shift) & 15, t))
#define ADDI(t, s, imm) emit(jit, rri8(imm, 12, s, t, 2))
#define ADDMI(t, s, imm) emit(jit, rri8((imm) >> 8, 13, s, t, 2))
#define L8UI(t, s, off) emit(jit, rri8(off, 0, s, t, 2))
#define L16UI(t, s, off) emit(jit, rri8((off) >> 1, 1, s, t, 2))
#define L16SI(t, s, off) emit(jit, rri8((off) >> 1, 9, s, t, 2))
#define L32I(t, s, off) emit(jit, rri8((off) >> 2, 2, s, t, 2))
#define S8I(t, s, off) emit(jit, rri8(off, 4, s, t, 2))
#define S16I(t, s, off) emit(jit, rri8((off) >> 1, 5, s, t, 2))
#define S32I(t, s, off) emit(jit, rri8((off) >> 2, 6, s, t, 2))
#define CALLX0(s) emit(jit, (uint32_t)(s) << 8 | 0xc0)
#define RET() emit(jit, 0x80)

static void mov(struct bpf_jit *jit, uint32_t r, uint32_t s)
{
	if (r != s)
		OR(r, s, s);
}

/* Shifts by a constant: slli takes 1..31, srli 0..15 (extui the rest). */
static void slli(struct bpf_jit *jit, uint32_t r, uint32_t s, uint32_t n)
{
	if (n == 0) {
		mov(jit, r, s);
		return;
	}
	uint32_t f = 32 - n;
	emit(jit, rrr(f >> 4, 1, r, s, f & 15));
}

static void srli(struct bpf_jit *jit, uint32_t r, uint32_t t, uint32_t n)
{
	if (n < 16)
		emit(jit, rrr(4, 1, r, n, t));
	else
		EXTUI(r, t, n, 32 - n);
}

/* Branches: op0 7 compares two registers (8-bit offset), op0 6 one
   register against zero (12-bit) or a small constant (8-bit). Flipping one
   bit inverts each condition. */
enum { BNONE = 0, BEQ = 1, BLT = 2, BLTU = 3, BANY = 8, BNE = 9, BGE = 10, BGEU = 11 };
enum { BEQZ = 0, BNEZ = 1, BLTZ = 2, BGEZ = 3 };

struct branch {
	uint32_t insn; /* the offset field zero */
	bool wide;     /* a 12-bit offset */
};

static struct branch b_rr(uint32_t cond, uint32_t s, uint32_t t)
{
	return (struct branch){rri8(0, cond, s, t, 7), false};
}

static struct branch b_z(uint32_t m, uint32_t s)
{
	return (struct branch){s << 8 | m << 6 | 1 << 4 | 6, true};
}

static struct branch b_bit(bool set, uint32_t s, uint32_t bit) /* bbsi/bbci */
{
	return (struct branch){rri8(0, (set ? 14 : 6) | bit >> 4, s, bit & 15, 7), false};
}

static struct branch inverse(struct branch b)
{
	b.insn ^= (b.insn & 15) == 7 ? 8u << 12 : 1u << 6;
	return b;
}

static bool reaches(struct branch b, int32_t offset)
{
	return b.wide ? offset >= -2048 && offset <= 2047 : offset >= -128 && offset <= 127;
}

/* The branch with its target `offset` bytes past its own address + 4. */
static void branch_to(struct bpf_jit *jit, struct branch b, int32_t offset)
{
	emit(jit, b.insn | (b.wide ? ((uint32_t)offset & 0xfff) << 12 : ((uint32_t)offset & 0xff) << 16));
}

/* Skips the next `bytes` bytes of code when the condition holds. */
static void skip(struct bpf_jit *jit, struct branch b, uint32_t bytes)
{
	branch_to(jit, b, (int32_t)bytes - 1);
}

static void jump(struct bpf_jit *jit, uint32_t to)
{
	emit(jit, ((to - (jit->length + 4)) & 0x3ffff) << 6 | 6);
}

/* ---- literals ---- */

#define MAX_LITERALS 64
#define LITERALS_AT 4 /* after the entry's jump over them */
static uint32_t literals[MAX_LITERALS];
static uint8_t literal_is_code[MAX_LITERALS / 8];
static uint32_t literal_count, literals_emitted;
static bool literals_full;
static uint32_t emitting; /* the instruction being compiled */

static bool is_code(uint32_t k)
{
	return literal_is_code[k / 8] >> (k % 8) & 1;
}

/* A literal's index: a constant, or (code) where instruction value's code starts. */
static uint32_t literal(struct bpf_jit *jit, uint32_t value, bool code)
{
	for (uint32_t k = 0; k < literal_count; k++)
		if (literals[k] == value && is_code(k) == code)
			return k;
	if (literal_count == MAX_LITERALS) {
		if (!literals_full)
			jit->failed_insn = emitting;
		literals_full = true; /* bpf_jit_emit refuses the program */
		return 0;
	}
	literals[literal_count] = value;
	literal_is_code[literal_count / 8] &= (uint8_t)~(1u << literal_count % 8);
	literal_is_code[literal_count / 8] |= (uint8_t)(code << literal_count % 8);
	return literal_count++;
}

static void l32r(struct bpf_jit *jit, uint32_t t, uint32_t index)
{
	int32_t from = (int32_t)((jit->length + 3) & ~3u);
	int32_t words = ((int32_t)(LITERALS_AT + 4 * index) - from) >> 2;
	emit(jit, ((uint32_t)words & 0xffff) << 8 | t << 4 | 1);
}

static void load_const(struct bpf_jit *jit, uint32_t t, uint32_t value)
{
	int32_t v = (int32_t)value;
	if (v >= -2048 && v <= 2047)
		emit(jit, rri8(v, 10, (uint32_t)(v >> 8) & 15, t, 2)); /* movi */
	else
		l32r(jit, t, literal(jit, value, false));
}

/* Calls a C function through a0 (callx0 sets a0 to the return address). */
static void call_c(struct bpf_jit *jit, const void *fn)
{
	l32r(jit, A0, literal(jit, (uint32_t)(uintptr_t)fn, false));
	CALLX0(A0);
}

/* r += value, for any 32-bit value. */
static void add_const(struct bpf_jit *jit, uint32_t r, uint32_t s, int32_t value, uint32_t temp)
{
	if (value >= -128 && value <= 127) {
		if (value || r != s)
			ADDI(r, s, value);
		return;
	}
	int32_t low = (int32_t)(int8_t)(value & 0xff), high = value - low;
	if (high >= -32768 && high <= 32512) {
		ADDMI(r, s, high);
		if (low)
			ADDI(r, r, low);
		return;
	}
	load_const(jit, temp, (uint32_t)value);
	ADD(r, s, temp);
}

/* ---- eBPF registers ---- */

enum { LO, HI };

/*
 * Upper halves known to be zero: bit r of zero_hi is set where the analysis
 * (below) proved r's upper half 0 on entry to the instruction being emitted,
 * and zero_after for its exit. Such a half is neither read nor written: its
 * home may hold anything, until a flush writes the 0 where the code that
 * follows no longer knows it. r10's is always 0.
 */
#define R10_BIT (1u << 10)
#define ALL_REGS 0x7ffu
static uint16_t zero_hi, zero_after;

static bool hi_zero(unsigned r)
{
	return zero_hi >> r & 1;
}

static bool hi_zero_after(unsigned r)
{
	return zero_after >> r & 1;
}

/* The machine register that holds half of eBPF register r: its home, or
   temp loaded from the frame (or set to a known zero). */
static uint32_t get(struct bpf_jit *jit, unsigned r, int half, uint32_t temp)
{
	if (r == 10 && half == LO) {
		ADDMI(temp, FP, 512);
		return temp;
	}
	if (half == HI && hi_zero(r)) {
		load_const(jit, temp, 0);
		return temp;
	}
	uint8_t reg = half == LO ? lo_reg[r] : hi_reg[r];
	if (reg != MEMORY)
		return reg;
	L32I(temp, SP, slot(r, half));
	return temp;
}

/* Where to compute a new value of the half: its home, or temp. */
static uint32_t dest(unsigned r, int half, uint32_t temp)
{
	uint8_t reg = half == LO ? lo_reg[r] : hi_reg[r];
	return reg != MEMORY ? reg : temp;
}

/* The value in reg becomes the half's: stored when its home is the frame. */
static void put(struct bpf_jit *jit, unsigned r, int half, uint32_t reg)
{
	uint8_t home = half == LO ? lo_reg[r] : hi_reg[r];
	if (home == MEMORY)
		S32I(reg, SP, slot(r, half));
	else
		mov(jit, home, reg);
}

static void put_const(struct bpf_jit *jit, unsigned r, int half, uint32_t value)
{
	uint32_t d = dest(r, half, A8);
	load_const(jit, d, value);
	put(jit, r, half, d);
}

/* The half into temp itself (a copy when it lives in another register). */
static uint32_t get_copy(struct bpf_jit *jit, unsigned r, int half, uint32_t temp)
{
	uint32_t reg = get(jit, r, half, temp);
	mov(jit, temp, reg);
	return temp;
}

/* r's upper half where an operation may change it in place: a known zero
   first written to its home (or temp). */
static uint32_t hi_for_update(struct bpf_jit *jit, unsigned r, uint32_t temp)
{
	if (!hi_zero(r))
		return get(jit, r, HI, temp);
	uint32_t d = dest(r, HI, temp);
	load_const(jit, d, 0);
	return d;
}

/* The operation's new upper half, unless the analysis keeps it a known zero. */
static void put_hi(struct bpf_jit *jit, unsigned r, uint32_t reg)
{
	if (!hi_zero_after(r))
		put(jit, r, HI, reg);
}

/* Known zeros written to the homes of regs. */
static void flush(struct bpf_jit *jit, uint16_t regs)
{
	bool loaded = false;
	for (unsigned r = 0; r < 10; r++) {
		if (!(regs >> r & 1))
			continue;
		if (hi_reg[r] != MEMORY) {
			load_const(jit, hi_reg[r], 0);
			continue;
		}
		if (!loaded)
			load_const(jit, A8, 0), loaded = true;
		S32I(A8, SP, slot(r, HI));
	}
}

/* ---- the analysis: which upper halves are zero, instruction by instruction ---- */

#define TARGET 4  /* in jit->entries: some jump lands here */
#define HI_DEAD 8 /* in jit->entries: nothing reads the upper half this instruction writes */

/* r = r10 just before in (and nothing jumps in between): r + a small
   constant stays a 32-bit number, since r10 lies in DRAM, 0x3FFE8000 to
   0x3FFFFFFF (facts/esp8266.md §1). */
static bool stack_address_plus(const struct bpf_jit *jit, uint32_t i)
{
	const struct bpf_insn *in = &jit->prog->insns[i], *before = in - 1;
	return i > 0 && !(jit->entries[i] & (TARGET | 1)) && in->code == (BPF_ALU64 | BPF_ADD | BPF_K) &&
	       in->imm >= -(1 << 20) && in->imm <= (1 << 20) && before->code == (BPF_ALU64 | BPF_MOV | BPF_X) &&
	       before->src == 10 && before->dst == in->dst && before->off == 0;
}

/* zero on exit from instruction i, given zero on entry. */
static uint16_t transfer(const struct bpf_jit *jit, uint32_t i, uint16_t zero)
{
	const struct bpf_insn *in = &jit->prog->insns[i];
	uint16_t d = (uint16_t)(1u << in->dst), s = (uint16_t)(1u << in->src);
	bool dead = jit->entries[i] & HI_DEAD;
	bool k = BPF_SRC(in->code) == BPF_K, dz = zero & d, sz = k ? in->imm >= 0 : (zero & s) != 0;
	uint8_t op = BPF_OP(in->code);
	bool stays;
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
		if (op == BPF_END && BPF_SRC(in->code) == BPF_TO_LE && in->imm == 64)
			return zero;
		stays = op != BPF_END || in->imm < 64;
		break;
	case BPF_ALU64:
		switch (op) {
		case BPF_MOV: stays = in->off == 0 && sz; break;
		case BPF_AND: stays = dz || sz; break;
		case BPF_OR:
		case BPF_XOR: stays = dz && sz; break;
		case BPF_RSH: stays = dz || (k && (in->imm & 63) >= 32); break;
		case BPF_ARSH: stays = dz; break;
		case BPF_DIV:
		case BPF_MOD: stays = dz && in->off == 0; break; /* unsigned: never above the dividend */
		case BPF_END: stays = in->imm < 64; break;
		case BPF_ADD: stays = stack_address_plus(jit, i); break;
		default: stays = false; break;
		}
		break;
	case BPF_LDX:
		stays = BPF_SIZE(in->code) != BPF_DW && BPF_MODE(in->code) != BPF_MEMSX &&
			BPF_MODE(in->code) != BPF_MEMSX_UNALIGNED;
		break;
	case BPF_LD:
		stays = in[1].imm == 0;
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) != BPF_ATOMIC || !(in->imm & BPF_FETCH))
			return zero;
		d = in->imm == BPF_CMPXCHG ? 1 : s;
		stays = BPF_SIZE(in->code) == BPF_W;
		break;
	case BPF_JMP:
		if (op != BPF_CALL)
			return zero;
		/* r0 the result, r1..r5 clobbered; a map value's address is 32-bit */
		zero &= ~0x3fu;
		if (dead || (in->src == 0 && BPF_SRC(in->code) == BPF_K &&
			     bpf_helpers[in->imm].ret == BPF_RET_MAP_VALUE_OR_NULL))
			zero |= 1;
		return zero;
	default:
		return zero;
	}
	return stays || dead ? zero | d : zero & ~d;
}

/* Instruction i's successors: next (or count) and a jump's target (or count). */
static void successors(const struct bpf_program *prog, uint32_t i, uint32_t *next, uint32_t *target)
{
	const struct bpf_insn *in = &prog->insns[i];
	uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code);
	*next = i + (in->code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1);
	*target = prog->count;
	if (class != BPF_JMP && class != BPF_JMP32)
		return;
	if (op == BPF_EXIT) {
		*next = prog->count;
	} else if (op == BPF_JA) {
		*target = i + 1 + (uint32_t)(class == BPF_JMP ? in->off : in->imm);
		*next = prog->count;
	} else if (op != BPF_CALL) {
		*target = i + 1 + (uint32_t)in->off;
	}
}

/* The registers instruction in reads (use) and writes (def). A call reads
   r1..r5 (a bpf-to-bpf one r6..r9 too: the callee's frame record). */
static void uses(const struct bpf_insn *in, uint16_t *use, uint16_t *def)
{
	uint16_t d = (uint16_t)(1u << in->dst), s = (uint16_t)(1u << in->src);
	uint8_t op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X;
	*use = *def = 0;
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = d;
		*use = (op == BPF_MOV ? 0 : d) | (x && op != BPF_END ? s : 0);
		break;
	case BPF_LDX: *def = d, *use = s; break;
	case BPF_ST: *use = d; break;
	case BPF_STX:
		*use = d | s;
		if (BPF_MODE(in->code) == BPF_ATOMIC && in->imm == BPF_CMPXCHG)
			*use |= 1, *def = 1;
		else if (BPF_MODE(in->code) == BPF_ATOMIC && (in->imm & BPF_FETCH))
			*def = s;
		break;
	case BPF_LD: *def = d; break;
	default: /* BPF_JMP, BPF_JMP32 */
		if (op == BPF_EXIT)
			*use = 1;
		else if (op == BPF_CALL)
			*use = (in->src == BPF_PSEUDO_CALL ? 0x3fe : 0x3e) | (x ? d : 0), *def = 0x3f;
		else if (op != BPF_JA)
			*use = d | (x ? s : 0);
		break;
	}
}

/* The upper halves instruction in reads, given those live after it: an
   operation reads its operands' upper halves only where its result's is
   needed, but for a shift down or a division, whose lower half depends on
   them; a helper reads those of its number arguments (an address is 32
   bits). */
static uint16_t hi_uses(const struct bpf_insn *in, uint32_t live_after)
{
	uint16_t d = (uint16_t)(1u << in->dst), s = (uint16_t)(1u << in->src);
	uint8_t op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X, needed = live_after & d;
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU: /* a 64-bit byte swap; the rest are 32-bit */
		return op == BPF_END && in->imm == 64 && BPF_SRC(in->code) == BPF_TO_BE ? d : 0;
	case BPF_ALU64:
		switch (op) {
		case BPF_MOV: return x && in->off == 0 && needed ? s : 0;
		case BPF_LSH: return needed ? d : 0;
		case BPF_RSH:
		case BPF_ARSH: return d;
		case BPF_DIV:
		case BPF_MOD: return d | (x ? s : 0);
		case BPF_END: return in->imm == 64 ? d : 0;
		default: return needed ? d | (x ? s : 0) : 0; /* ADD SUB MUL AND OR XOR NEG */
		}
	case BPF_STX:
		if (BPF_SIZE(in->code) != BPF_DW)
			return 0;
		return s | (BPF_MODE(in->code) == BPF_ATOMIC && in->imm == BPF_CMPXCHG ? 1 : 0);
	case BPF_JMP:
		if (op == BPF_EXIT)
			return 1;
		if (op == BPF_CALL && in->src == BPF_PSEUDO_CALL)
			return 0x3fe;
		if (op == BPF_CALL && x)
			return 0x3e;
		if (op == BPF_CALL) {
			uint16_t args = 0;
			for (unsigned k = 0; k < 5; k++)
				if (!is_address(bpf_helpers[in->imm].args[k]))
					args |= (uint16_t)(2u << k);
			return args;
		}
		return op == BPF_JA ? 0 : d | (x ? s : 0);
	default: /* BPF_LDX, BPF_ST, BPF_LD, BPF_JMP32 */
		return 0;
	}
}

/* a12..a14 to the three of r0, r6..r9 referred to most, a reference in a
   loop (between a backward jump and its target) counting 8 more for each
   loop around it; offsets[] holds the loops' nesting meanwhile. */
static void assign_homes(struct bpf_jit *jit)
{
	static const uint8_t fixed[BPF_REGS] = {MEMORY, A2, A4, A6, MEMORY, MEMORY, MEMORY, MEMORY, MEMORY, MEMORY, FP};
	static const uint8_t candidates[] = {0, 6, 7, 8, 9};
	const struct bpf_program *prog = jit->prog;
	uint32_t *depth = jit->offsets, weight[BPF_REGS] = {0};
	for (uint32_t i = 0; i < prog->count; i++) {
		uint32_t next, target;
		successors(prog, i, &next, &target);
		if (target <= i) {
			depth[target] += 8;
			depth[i + 1] -= 8;
		}
	}
	for (uint32_t i = 0, nesting = 0; i < prog->count; i++) {
		uint16_t use, def;
		nesting += depth[i];
		if (i > 0 && prog->insns[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
			continue; /* the 64-bit immediate's second half */
		uses(&prog->insns[i], &use, &def);
		for (unsigned r = 0; r < 10; r++)
			if ((use | def) >> r & 1)
				weight[r] += 1 + nesting;
	}
	for (unsigned r = 0; r < BPF_REGS; r++)
		lo_reg[r] = fixed[r];
	for (uint32_t home = A12; home <= A14; home++) {
		unsigned best = 0;
		for (unsigned k = 0; k < sizeof candidates; k++) {
			unsigned r = candidates[k];
			if (lo_reg[r] == MEMORY && (best == 0 || weight[r] > weight[candidates[best - 1]]))
				best = k + 1;
		}
		lo_reg[candidates[best - 1]] = (uint8_t)home;
	}
}

/*
 * facts[i]: the upper halves zero on every path into instruction i, to a
 * fixed point, and those nothing reads there before writing them (what they
 * hold does not matter). The main function starts with all of them (r1 and
 * r2 are 32-bit, the rest unwritten, which the verifier keeps unread); a
 * bpf-to-bpf function with none, since its callers flush theirs. offsets[]
 * holds the upper halves live at each instruction meanwhile.
 */
static void analyse(struct bpf_jit *jit)
{
	const struct bpf_program *prog = jit->prog;
	uint32_t *live = jit->offsets;
	assign_homes(jit);
	for (uint32_t i = 0; i < prog->count; i++) {
		uint32_t next, target;
		successors(prog, i, &next, &target);
		if (target < prog->count)
			jit->entries[target] |= TARGET;
		live[i] = 0;
	}
	for (bool changed = true; changed;) {
		changed = false;
		for (uint32_t i = prog->count; i-- > 0;) {
			const struct bpf_insn *in = &prog->insns[i];
			uint32_t next, target;
			uint16_t use, def;
			successors(prog, i, &next, &target);
			uses(in, &use, &def);
			if (in->code == (BPF_ALU | BPF_END | BPF_TO_LE) && in->imm == 64)
				def = 0; /* changes nothing */
			uint32_t out = (next < prog->count ? live[next] : 0) | (target < prog->count ? live[target] : 0);
			uint32_t now = hi_uses(in, out) | (out & ~(uint32_t)def);
			/* a result whose upper half nothing reads (of a call: r0's) */
			uint32_t result = BPF_CLASS(in->code) == BPF_JMP ? def & 1u : def;
			jit->entries[i] = (uint8_t)((jit->entries[i] & ~HI_DEAD) | (result && !(out & result) ? HI_DEAD : 0));
			if (now != live[i])
				live[i] = now, changed = true;
		}
	}
	for (uint32_t i = 0; i < prog->count; i++)
		jit->facts[i] = (uint16_t)((jit->entries[i] & 1 ? R10_BIT : ALL_REGS) | (~live[i] & ALL_REGS));
	for (bool changed = true; changed;) {
		changed = false;
		for (uint32_t i = 0; i < prog->count;) {
			uint16_t out = transfer(jit, i, jit->facts[i]);
			uint32_t next, target;
			successors(prog, i, &next, &target);
			uint32_t to[2] = {next, target};
			for (int e = 0; e < 2; e++) {
				if (to[e] >= prog->count)
					continue;
				uint16_t met = jit->facts[to[e]] & (uint16_t)(out | (~live[to[e]] & ALL_REGS));
				if (met != jit->facts[to[e]])
					jit->facts[to[e]] = met, changed = true;
			}
			i += prog->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;
		}
	}
	for (uint32_t i = 0; i <= prog->count; i++)
		live[i] = 0;
}

/* ---- jumps to eBPF instructions, with the budget ---- */

#define FAR 2 /* in jit->entries: this instruction's branches take the long form */
#define CHARGE_BYTES 15
#define EXIT 6 /* bytes into the exit code (epilogue) */
#define EXIT_ZERO 12

/* One backward jump or call charged to the budget: out of it, the run ends. */
static void charge_budget(struct bpf_jit *jit)
{
	L32I(A0, SP, BUDGET);
	ADDI(A0, A0, -1);
	S32I(A0, SP, BUDGET);
	skip(jit, b_z(BNEZ, A0), 3);
	jump(jit, jit->offsets[jit->prog->count]);
}

/* Bytes to_target will emit for a branch at jit->length + at. */
static uint32_t target_bytes(struct bpf_jit *jit, struct branch b, uint32_t i, uint32_t target, uint32_t at)
{
	if (target <= i)
		return 3 + CHARGE_BYTES + 3;
	if (jit->entries[i] & FAR)
		return 6;
	return reaches(b, (int32_t)(jit->offsets[target] - (jit->length + at + 4))) ? 3 : 6;
}

/* A branch from instruction i to target when b's condition holds. */
static void to_target(struct bpf_jit *jit, struct branch b, uint32_t i, uint32_t target)
{
	if (target <= i) {
		skip(jit, inverse(b), CHARGE_BYTES + 3);
		charge_budget(jit);
		jump(jit, jit->offsets[target]);
		return;
	}
	int32_t offset = (int32_t)(jit->offsets[target] - (jit->length + 4));
	if (!(jit->entries[i] & FAR) && reaches(b, offset)) {
		branch_to(jit, b, offset);
		return;
	}
	jit->entries[i] |= FAR; /* sticky: lengths only grow from pass to pass */
	skip(jit, inverse(b), 3);
	jump(jit, jit->offsets[target]);
}

static void jump_to(struct bpf_jit *jit, uint32_t i, uint32_t target)
{
	if (target <= i)
		charge_budget(jit);
	jump(jit, jit->offsets[target]);
}

/* ---- ALU ---- */

/* The source operand's halves: the register's, or the immediate
   sign-extended into a10:a11. */
static void source(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t *lo, uint32_t *hi)
{
	if (BPF_SRC(in->code) == BPF_X) {
		*lo = get(jit, in->src, LO, A10);
		*hi = get(jit, in->src, HI, A11);
		return;
	}
	load_const(jit, A10, (uint32_t)in->imm);
	load_const(jit, A11, in->imm < 0 ? ~0u : 0);
	*lo = A10;
	*hi = A11;
}

/* libgcc's 64-bit product, which the lx106 has no instruction for: called
   straight from the code, it ignores the a6 that call_arith loads. */
uint64_t __muldi3(uint64_t a, uint64_t b);

/* d:dh = op(d:dh, s:sh) through a C function (multiplication, division),
   every caller-saved eBPF half kept across it. */

static void call_arith(struct bpf_jit *jit, const void *fn, uint32_t d, uint32_t dh, uint32_t s, uint32_t sh,
		       uint32_t how)
{
	mov(jit, A8, d), mov(jit, A9, dh);
	/* s and sh may be a8/a9's old homes no longer; a10/a11 are free */
	if (s != A10)
		mov(jit, A10, s);
	if (sh != A11)
		mov(jit, A11, sh);
	for (uint32_t r = A2; r <= A7; r++)
		S32I(r, SP, SCRATCH + 4 * (r - A2));
	mov(jit, A2, A8), mov(jit, A3, A9), mov(jit, A4, A10), mov(jit, A5, A11);
	load_const(jit, A6, how);
	call_c(jit, fn);
	mov(jit, A8, A2), mov(jit, A9, A3);
	for (uint32_t r = A2; r <= A7; r++)
		L32I(r, SP, SCRATCH + 4 * (r - A2));
}

static void byte_swap32(struct bpf_jit *jit, uint32_t r)
{
	SSAI(8);
	srli(jit, A0, r, 16);
	SRC(A0, A0, r);
	SRC(A0, A0, A0);
	SRC(r, r, A0);
}

static void alu32(struct bpf_jit *jit, const struct bpf_insn *in)
{
	uint8_t op = BPF_OP(in->code);
	bool k = BPF_SRC(in->code) == BPF_K;
	unsigned dr = in->dst;
	uint32_t d, s = 0, sh;
	if (op == BPF_MOV) {
		d = dest(dr, LO, A8);
		if (k)
			load_const(jit, d, (uint32_t)in->imm);
		else if (in->off == 8 || in->off == 16)
			slli(jit, d, get(jit, in->src, LO, A10), 32 - (uint32_t)in->off), SRAI(d, d, 32 - (uint32_t)in->off);
		else
			mov(jit, d, get(jit, in->src, LO, A10));
		put(jit, dr, LO, d);
		return;
	}
	d = get(jit, dr, LO, A8);
	if (op != BPF_NEG && !(k && (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH))) {
		if (k && op != BPF_DIV && op != BPF_MOD && (op == BPF_ADD || op == BPF_SUB) &&
		    in->imm >= -127 && in->imm <= 127) {
			ADDI(d, d, op == BPF_SUB ? -in->imm : in->imm);
			goto done;
		}
		if (k)
			load_const(jit, A10, (uint32_t)in->imm), s = A10;
		else
			s = get(jit, in->src, LO, A10);
	}
	switch (op) {
	case BPF_ADD: ADD(d, d, s); break;
	case BPF_SUB: SUB(d, d, s); break;
	case BPF_MUL: MULL(d, d, s); break;
	case BPF_OR: OR(d, d, s); break;
	case BPF_AND: AND(d, d, s); break;
	case BPF_XOR: XOR(d, d, s); break;
	case BPF_NEG: NEG(d, d); break;
	case BPF_LSH:
		if (k)
			slli(jit, d, d, (uint32_t)in->imm & 31);
		else
			SSL(s), SLL(d, d);
		break;
	case BPF_RSH:
		if (k)
			srli(jit, d, d, (uint32_t)in->imm & 31);
		else
			SSR(s), SRL(d, d);
		break;
	case BPF_ARSH:
		if (k)
			SRAI(d, d, (uint32_t)in->imm & 31);
		else
			SSR(s), SRA(d, d);
		break;
	default: { /* BPF_DIV, BPF_MOD: the 64-bit function on extended operands */
		bool sdiv = in->off == 1;
		uint32_t dh = A9;
		sh = A11;
		if (sdiv) {
			SRAI(A9, d, 31);
			SRAI(A11, s, 31);
		} else {
			load_const(jit, A9, 0);
			load_const(jit, A11, 0);
		}
		call_arith(jit, bpf_jit_divide, d, dh, s, sh, (op == BPF_MOD) | sdiv << 1);
		d = A8;
		break;
	}
	}
done:
	put(jit, dr, LO, d); /* the upper half: a known zero (transfer) */
}

/* A 64-bit shift by the constant n (1..63). */
static void shift64_imm(struct bpf_jit *jit, uint8_t op, uint32_t d, uint32_t dh, uint32_t n)
{
	if (op == BPF_LSH) {
		if (n >= 32) {
			slli(jit, dh, d, n - 32);
			load_const(jit, d, 0);
		} else {
			SSAI(32 - n);
			SRC(dh, dh, d);
			slli(jit, d, d, n);
		}
		return;
	}
	if (n >= 32) {
		if (op == BPF_ARSH) {
			SRAI(d, dh, n - 32);
			SRAI(dh, dh, 31);
		} else {
			srli(jit, d, dh, n - 32);
			load_const(jit, dh, 0);
		}
		return;
	}
	SSAI(n);
	SRC(d, dh, d);
	if (op == BPF_ARSH)
		SRA(dh, dh);
	else
		SRL(dh, dh);
}

/* A 64-bit shift by s's low 6 bits: bit 5 picks the path. */
static void shift64_reg(struct bpf_jit *jit, uint8_t op, uint32_t d, uint32_t dh, uint32_t s)
{
	/* each path is three instructions; the small one jumps over the large */
	skip(jit, b_bit(true, s, 5), 9 + 3);
	if (op == BPF_LSH) {
		SSL(s);
		SRC(dh, dh, d);
		SLL(d, d);
	} else {
		SSR(s);
		SRC(d, dh, d);
		if (op == BPF_ARSH)
			SRA(dh, dh);
		else
			SRL(dh, dh);
	}
	jump(jit, jit->length + 3 + 9);
	if (op == BPF_LSH) {
		SSL(s);
		SLL(dh, d);
		load_const(jit, d, 0);
	} else if (op == BPF_ARSH) {
		SSR(s);
		SRA(d, dh);
		SRAI(dh, dh, 31);
	} else {
		SSR(s);
		SRL(d, dh);
		load_const(jit, dh, 0);
	}
}

/* The unsigned constants bgeui and bltui take (b4constu, ISA ch. 8), or -1. */
static int b4constu(uint32_t value)
{
	static const uint32_t table[16] = {32768, 65536, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256};
	for (int k = 0; k < 16; k++)
		if (table[k] == value)
			return k;
	return -1;
}

/* The signed ones beqi, bnei, blti and bgei take (b4const), or -1. */
static int b4const(int32_t value)
{
	static const int32_t table[16] = {-1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256};
	for (int k = 0; k < 16; k++)
		if (table[k] == value)
			return k;
	return -1;
}

enum { BEQI = 0x26, BNEI = 0x66, BLTI = 0xa6, BGEI = 0xe6, BLTUI = 0xb6, BGEUI = 0xf6 };

static struct branch b_imm(uint32_t kind, uint32_t s, int index)
{
	return (struct branch){(uint32_t)index << 12 | s << 8 | kind, false};
}

/* Skips `bytes` unless the unsigned a < value (value in t when no
   immediate form fits). */
static void skip_unless_below(struct bpf_jit *jit, uint32_t a, uint32_t value, uint32_t t, uint32_t bytes)
{
	if (value == 1) {
		skip(jit, b_z(BNEZ, a), bytes);
	} else if (b4constu(value) >= 0) {
		skip(jit, b_imm(BGEUI, a, b4constu(value)), bytes);
	} else {
		load_const(jit, t, value);
		skip(jit, b_rr(BGEU, a, t), bytes);
	}
}

/* d:dh += the constant value (the immediate, sign-extended, or its negation). */
static void add64_const(struct bpf_jit *jit, uint32_t d, uint32_t dh, uint64_t value)
{
	uint32_t lo = (uint32_t)value, hi = (uint32_t)(value >> 32);
	if (lo && hi == ~0u && lo > 0x80000000u) {
		/* adding -k: the upper half loses 1 when the lower is below k */
		skip_unless_below(jit, d, 0 - lo, A10, 3);
		ADDI(dh, dh, -1);
		add_const(jit, d, d, (int32_t)lo, A10);
		return;
	}
	if (lo) {
		/* the carry out of the low half: the sum below the addend */
		add_const(jit, d, d, (int32_t)lo, A10);
		skip_unless_below(jit, d, lo, A10, 3);
		ADDI(dh, dh, 1);
	}
	if (hi)
		add_const(jit, dh, dh, (int32_t)hi, A11);
}

/* The lower half alone, into d, of an operation whose result's upper half
   is 0 or unread; false where that needs the 64-bit path (its upper half is
   then not written). */
static bool lower_only(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t d)
{
	uint8_t op = BPF_OP(in->code);
	bool k = BPF_SRC(in->code) == BPF_K;
	unsigned dr = in->dst, sr = in->src;
	uint32_t n = (uint32_t)in->imm & 63, s = 0;
	if (!k && op != BPF_NEG) {
		s = get(jit, sr, LO, A10);
		if (s == d && (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH))
			mov(jit, A10, s), s = A10;
	}
	switch (op) {
	case BPF_RSH:
	case BPF_ARSH:
		if (!hi_zero(dr)) { /* the upper half comes down */
			if (!k)
				return false;
			uint32_t dh = get(jit, dr, HI, A9);
			if (n >= 32 && op == BPF_ARSH)
				SRAI(d, dh, n - 32);
			else if (n >= 32)
				srli(jit, d, dh, n - 32);
			else if (n)
				SSAI(n), SRC(d, dh, d);
		} else if (k) {
			if (n >= 32)
				load_const(jit, d, 0);
			else
				srli(jit, d, d, n);
		} else {
			SSR(s);
			SRL(d, d);
			skip(jit, b_bit(false, s, 5), 3); /* by 32 or more: 0 */
			load_const(jit, d, 0);
		}
		return true;
	case BPF_LSH:
		if (k && n >= 32) {
			load_const(jit, d, 0);
		} else if (k) {
			slli(jit, d, d, n);
		} else {
			SSL(s);
			SLL(d, d);
			skip(jit, b_bit(false, s, 5), 3);
			load_const(jit, d, 0);
		}
		return true;
	case BPF_ADD:
	case BPF_SUB:
		if (k)
			add_const(jit, d, d, (int32_t)(op == BPF_SUB ? 0u - (uint32_t)in->imm : (uint32_t)in->imm), A10);
		else if (op == BPF_ADD)
			ADD(d, d, s);
		else
			SUB(d, d, s);
		return true;
	case BPF_NEG:
		NEG(d, d);
		return true;
	case BPF_MUL:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		if (k)
			load_const(jit, A10, (uint32_t)in->imm), s = A10;
		if (op == BPF_MUL)
			MULL(d, d, s);
		else if (op == BPF_AND)
			AND(d, d, s);
		else if (op == BPF_OR)
			OR(d, d, s);
		else
			XOR(d, d, s);
		return true;
	default: /* BPF_DIV, BPF_MOD */
		return false;
	}
}

static void alu64(struct bpf_jit *jit, const struct bpf_insn *in)
{
	uint8_t op = BPF_OP(in->code);
	bool k = BPF_SRC(in->code) == BPF_K;
	unsigned dr = in->dst, sr = in->src;
	bool narrow = hi_zero_after(dr); /* the result's upper half is a known zero */
	uint32_t d, dh, s, sh;
	if (op == BPF_MOV) {
		if (k) {
			put_const(jit, dr, LO, (uint32_t)in->imm);
			if (!narrow)
				put_const(jit, dr, HI, ~0u);
			return;
		}
		d = dest(dr, LO, A8);
		s = get(jit, sr, LO, d); /* r10: made in d */
		if (in->off == 8 || in->off == 16) {
			slli(jit, d, s, 32 - (uint32_t)in->off);
			SRAI(d, d, 32 - (uint32_t)in->off);
		} else {
			mov(jit, d, s);
		}
		put(jit, dr, LO, d);
		if (narrow)
			return;
		dh = dest(dr, HI, A9);
		if (in->off)
			SRAI(dh, d, 31);
		else
			mov(jit, dh, get(jit, sr, HI, A11));
		put(jit, dr, HI, dh);
		return;
	}
	d = get(jit, dr, LO, A8);
	if (narrow && lower_only(jit, in, d)) {
		put(jit, dr, LO, d);
		return;
	}
	if (op == BPF_LSH && hi_zero(dr) && k) {
		/* the upper half from the lower alone */
		uint32_t n = (uint32_t)in->imm & 63;
		dh = dest(dr, HI, A9);
		if (n >= 32) {
			slli(jit, dh, d, n - 32);
			load_const(jit, d, 0);
		} else if (n) {
			srli(jit, dh, d, 32 - n);
			slli(jit, d, d, n);
		} else {
			load_const(jit, dh, 0);
		}
		put(jit, dr, LO, d);
		put(jit, dr, HI, dh);
		return;
	}
	dh = hi_for_update(jit, dr, A9);
	switch (op) {
	case BPF_NEG:
		NEG(dh, dh);
		skip(jit, b_z(BEQZ, d), 3);
		ADDI(dh, dh, -1);
		NEG(d, d);
		break;
	case BPF_ADD:
	case BPF_SUB:
		if (k) {
			uint64_t v = (uint64_t)(int64_t)in->imm;
			add64_const(jit, d, dh, op == BPF_SUB ? 0 - v : v);
			break;
		}
		s = get(jit, sr, LO, A10);
		sh = hi_zero(sr) ? MEMORY : get(jit, sr, HI, A11);
		if (op == BPF_ADD) {
			if (s == d)
				mov(jit, A10, s), s = A10;
			ADD(d, d, s);
			if (sh != MEMORY)
				ADD(dh, dh, sh);
			skip(jit, b_rr(BGEU, d, s), 3);
			ADDI(dh, dh, 1);
		} else {
			skip(jit, b_rr(BGEU, d, s), 3);
			ADDI(dh, dh, -1);
			SUB(d, d, s);
			if (sh != MEMORY)
				SUB(dh, dh, sh);
		}
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		if (k ? in->imm >= 0 : hi_zero(sr)) { /* OR, XOR with 0: the upper half stays */
			s = k ? A10 : get(jit, sr, LO, A10);
			if (k)
				load_const(jit, A10, (uint32_t)in->imm);
			if (op == BPF_OR)
				OR(d, d, s);
			else
				XOR(d, d, s);
			break;
		}
		source(jit, in, &s, &sh);
		if (op == BPF_AND)
			AND(d, d, s), AND(dh, dh, sh);
		else if (op == BPF_OR)
			OR(d, d, s), OR(dh, dh, sh);
		else
			XOR(d, d, s), XOR(dh, dh, sh);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (k) {
			if (in->imm & 63)
				shift64_imm(jit, op, d, dh, (uint32_t)in->imm & 63);
		} else {
			shift64_reg(jit, op, d, dh, get(jit, sr, LO, A10));
		}
		break;
	default: /* BPF_MUL, BPF_DIV, BPF_MOD */
		source(jit, in, &s, &sh);
		if (op == BPF_MUL)
			call_arith(jit, __muldi3, d, dh, s, sh, 0);
		else
			call_arith(jit, bpf_jit_divide, d, dh, s, sh, (op == BPF_MOD) | (in->off == 1) << 1);
		d = A8, dh = A9;
		break;
	}
	put(jit, dr, LO, d);
	put_hi(jit, dr, dh);
}

static void byte_order(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned dr = in->dst;
	uint32_t d = get(jit, dr, LO, A8);
	if (BPF_CLASS(in->code) == BPF_ALU && BPF_SRC(in->code) == BPF_TO_LE) {
		if (in->imm == 16) {
			EXTUI(d, d, 0, 16);
			put(jit, dr, LO, d);
		}
		return; /* 32, 16: the upper half a known zero; 64: nothing to do */
	}
	if (in->imm == 16) {
		EXTUI(A0, d, 8, 8);
		EXTUI(d, d, 0, 8);
		slli(jit, d, d, 8);
		OR(d, d, A0);
	} else if (in->imm == 32) {
		byte_swap32(jit, d);
	} else {
		uint32_t dh = get_copy(jit, dr, HI, A9);
		byte_swap32(jit, d);
		byte_swap32(jit, dh);
		mov(jit, A11, d);
		put(jit, dr, LO, dh);
		put_hi(jit, dr, A11);
		return;
	}
	put(jit, dr, LO, d);
}

/* ---- memory ---- */

static const uint8_t size_bytes[] = {[BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8};

/* The base register and offset for an access of size bytes at eBPF register
   r + off: the offset an unsigned multiple of the access's width within
   the instructions' reach, else the address in a11. */
static uint32_t address(struct bpf_jit *jit, unsigned r, int32_t *off, unsigned width, unsigned span)
{
	uint32_t base;
	int32_t o = *off;
	if (r == 10)
		base = FP, o += 512;
	else
		base = get(jit, r, LO, A11);
	int32_t reach = width == 1 ? 255 : width == 2 ? 510 : 1020;
	if (o >= 0 && o + (int32_t)span - (int32_t)width <= reach && o % (int32_t)width == 0) {
		*off = o;
		return base;
	}
	add_const(jit, A11, base, o, A0);
	*off = 0;
	return A11;
}

static void load_word(struct bpf_jit *jit, unsigned size, bool sign, uint32_t t, uint32_t base, int32_t off)
{
	switch (size) {
	case 1:
		L8UI(t, base, off);
		if (sign)
			slli(jit, t, t, 24), SRAI(t, t, 24);
		break;
	case 2:
		if (sign)
			L16SI(t, base, off);
		else
			L16UI(t, base, off);
		break;
	default: L32I(t, base, off); break;
	}
}

/* t = size bytes at base + off, one at a time, little-endian. */
static void load_bytes(struct bpf_jit *jit, uint32_t t, uint32_t base, int32_t off, unsigned size)
{
	L8UI(t, base, off);
	for (unsigned b = 1; b < size; b++) {
		L8UI(A0, base, off + (int32_t)b);
		slli(jit, A0, A0, 8 * b);
		OR(t, t, A0);
	}
}

static void load(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned size = size_bytes[BPF_SIZE(in->code) >> 3];
	uint8_t mode = BPF_MODE(in->code);
	bool aligned = mode == BPF_MEM || mode == BPF_MEMSX;
	bool sign = mode == BPF_MEMSX || mode == BPF_MEMSX_UNALIGNED;
	int32_t off = in->off;
	uint32_t base = address(jit, in->src, &off, aligned ? (size > 4 ? 4 : size) : 1, size);
	unsigned dr = in->dst;
	uint32_t d = dest(dr, LO, A8), dh = dest(dr, HI, A9);
	if (size == 8) {
		/* the upper half first, and into scratch when base is one of the
		   destination's homes */
		if (base == d || base == dh)
			d = A8, dh = A9;
		if (aligned)
			L32I(dh, base, off + 4), L32I(d, base, off);
		else
			load_bytes(jit, dh, base, off + 4, 4), load_bytes(jit, d, base, off, 4);
		put(jit, dr, LO, d);
		put_hi(jit, dr, dh);
		return;
	}
	if (aligned) {
		load_word(jit, size, sign, d, base, off);
	} else {
		load_bytes(jit, A8, base, off, size);
		if (sign && size < 4)
			slli(jit, A8, A8, 32 - 8 * size), SRAI(A8, A8, 32 - 8 * size);
		mov(jit, d, A8);
	}
	put(jit, dr, LO, d);
	if (sign && !hi_zero_after(dr))
		SRAI(dh, d, 31), put(jit, dr, HI, dh);
}

static void store_word(struct bpf_jit *jit, unsigned size, uint32_t t, uint32_t base, int32_t off)
{
	if (size == 1)
		S8I(t, base, off);
	else if (size == 2)
		S16I(t, base, off);
	else
		S32I(t, base, off);
}

static void store_bytes(struct bpf_jit *jit, uint32_t t, uint32_t base, int32_t off, unsigned size)
{
	S8I(t, base, off);
	for (unsigned b = 1; b < size; b++) {
		srli(jit, A0, t, 8 * b);
		S8I(A0, base, off + (int32_t)b);
	}
}

static void store(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned size = size_bytes[BPF_SIZE(in->code) >> 3];
	bool aligned = BPF_MODE(in->code) == BPF_MEM;
	uint32_t lo, hi = A9;
	if (BPF_CLASS(in->code) == BPF_ST) {
		load_const(jit, A8, (uint32_t)in->imm);
		lo = A8;
		if (size == 8)
			load_const(jit, A9, in->imm < 0 ? ~0u : 0);
	} else {
		lo = get(jit, in->src, LO, A8);
		if (size == 8)
			hi = get(jit, in->src, HI, A9);
	}
	int32_t off = in->off;
	uint32_t base = address(jit, in->dst, &off, aligned ? (size > 4 ? 4 : size) : 1, size);
	if (aligned) {
		store_word(jit, size > 4 ? 4 : size, lo, base, off);
		if (size == 8)
			S32I(hi, base, off + 4);
		return;
	}
	store_bytes(jit, lo, base, off, size > 4 ? 4 : size);
	if (size == 8)
		store_bytes(jit, hi, base, off + 4, 4);
}

/* RFC 9669 §5.3: one CPU and no preemption inside a program, so a plain
   load, operation and store, as the interpreter does. old in a8:a9, new in
   a10:a11 (then into the source's or r0's homes). */
static void atomic(struct bpf_jit *jit, const struct bpf_insn *in)
{
	bool wide = BPF_SIZE(in->code) == BPF_DW;
	int32_t off = in->off;
	uint32_t base = address(jit, in->dst, &off, 4, wide ? 8 : 4);
	if (base == A11)
		mov(jit, A0, A11), base = A0;
	L32I(A8, base, off);
	if (wide)
		L32I(A9, base, off + 4);
	else
		load_const(jit, A9, 0);
	if (in->imm == BPF_CMPXCHG) {
		/* new = old == r0 ? src : old (32 bits: the low halves); src's
		   halves into a10:a11 take 3 bytes each, home or frame */
		uint32_t r0 = get(jit, 0, LO, A10);
		skip(jit, b_rr(BNE, A8, r0), (wide ? 6 : 0) + 9);
		if (wide) {
			get_copy(jit, 0, HI, A10); /* 3 bytes: a load or a known zero */
			skip(jit, b_rr(BNE, A9, A10), 9);
		}
		get_copy(jit, in->src, LO, A10);
		get_copy(jit, in->src, HI, A11);
		jump(jit, jit->length + 3 + 6);
		mov(jit, A10, A8);
		mov(jit, A11, A9);
	} else {
		uint32_t s = get(jit, in->src, LO, A10), sh = get(jit, in->src, HI, A11);
		switch (in->imm & ~BPF_FETCH) {
		case BPF_ADD:
			ADD(A10, A8, s);
			ADD(A11, A9, sh);
			skip(jit, b_rr(BGEU, A10, A8), 3);
			ADDI(A11, A11, 1);
			break;
		case BPF_OR: OR(A10, A8, s), OR(A11, A9, sh); break;
		case BPF_AND: AND(A10, A8, s), AND(A11, A9, sh); break;
		case BPF_XOR: XOR(A10, A8, s), XOR(A11, A9, sh); break;
		default: mov(jit, A10, s), mov(jit, A11, sh); break; /* BPF_XCHG */
		}
	}
	S32I(A10, base, off);
	if (wide)
		S32I(A11, base, off + 4);
	if (in->imm == BPF_CMPXCHG)
		put(jit, 0, LO, A8), put_hi(jit, 0, A9);
	else if (in->imm & BPF_FETCH)
		put(jit, in->src, LO, A8), put_hi(jit, in->src, A9);
}

/* ---- conditional jumps ---- */

/* A compare of 32-bit values (or of 64-bit ones whose upper halves are
   both zero, compared unsigned) against a constant: the immediate forms
   where one fits. Returns false when none does. */
static bool compare_imm(uint8_t op, bool sign, uint32_t d, int32_t imm, struct branch *b)
{
	uint32_t u = (uint32_t)imm;
	int index;
	switch (op) {
	case BPF_JEQ:
	case BPF_JNE:
		if (imm == 0)
			*b = b_z(op == BPF_JEQ ? BEQZ : BNEZ, d);
		else if ((index = b4const(imm)) >= 0)
			*b = b_imm(op == BPF_JEQ ? BEQI : BNEI, d, index);
		else
			return false;
		return true;
	case BPF_JSET:
		if (u && !(u & (u - 1))) {
			*b = b_bit(true, d, (uint32_t)__builtin_ctz(u));
			return true;
		}
		return false;
	}
	/* d < c, d >= c; d > c is d >= c + 1, d <= c is d < c + 1 */
	bool below = op == BPF_JLT || op == BPF_JSLT || op == BPF_JLE || op == BPF_JSLE;
	bool plus_one = op == BPF_JGT || op == BPF_JSGT || op == BPF_JLE || op == BPF_JSLE;
	if (sign) {
		if (plus_one && imm == INT32_MAX)
			return false;
		index = b4const(imm + plus_one);
		if (index < 0)
			return false;
		*b = b_imm(below ? BLTI : BGEI, d, index);
	} else {
		if (plus_one && u == ~0u)
			return false;
		index = b4constu(u + plus_one);
		if (index < 0)
			return false;
		*b = b_imm(below ? BLTUI : BGEUI, d, index);
	}
	return true;
}

/* The branch for d op s on single registers (signed or not). */
static struct branch compare(uint8_t op, bool sign, uint32_t d, uint32_t s)
{
	struct branch b;
	switch (op) {
	case BPF_JEQ: return b_rr(BEQ, d, s);
	case BPF_JNE: return b_rr(BNE, d, s);
	case BPF_JSET: return b_rr(BANY, d, s);
	case BPF_JGT: case BPF_JSGT: b = b_rr(BLTU, s, d); break;
	case BPF_JGE: case BPF_JSGE: b = b_rr(BGEU, d, s); break;
	case BPF_JLT: case BPF_JSLT: b = b_rr(BLTU, d, s); break;
	default: b = b_rr(BGEU, s, d); break; /* JLE, JSLE */
	}
	if (sign)
		b.insn ^= 1u << 12; /* bltu -> blt, bgeu -> bge */
	return b;
}

static void conditional(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t i, uint32_t target)
{
	bool wide = BPF_CLASS(in->code) == BPF_JMP, k = BPF_SRC(in->code) == BPF_K;
	uint8_t op = BPF_OP(in->code);
	bool sign = op == BPF_JSGT || op == BPF_JSGE || op == BPF_JSLT || op == BPF_JSLE;
	/* both upper halves zero: the low halves decide, unsigned */
	bool narrow = !wide || (hi_zero(in->dst) && (k ? in->imm >= 0 : hi_zero(in->src)));
	if (wide && narrow)
		sign = false;
	uint32_t d = get(jit, in->dst, LO, A8), s, sh = A11;
	struct branch b;
	if (narrow) {
		if (!k) {
			s = get(jit, in->src, LO, A10);
		} else if (compare_imm(op, sign, d, in->imm, &b)) {
			to_target(jit, b, i, target);
			return;
		} else {
			load_const(jit, A10, (uint32_t)in->imm);
			s = A10;
		}
		to_target(jit, compare(op, sign, d, s), i, target);
		return;
	}
	uint32_t dh = get(jit, in->dst, HI, A9);
	if (k && (op == BPF_JEQ || op == BPF_JNE)) {
		/* the constant's upper half is 0 or -1: bnez or bnei */
		struct branch differ = in->imm < 0 ? b_imm(BNEI, dh, 0) : b_z(BNEZ, dh), low;
		if (!compare_imm(op, false, d, in->imm, &low)) {
			load_const(jit, A10, (uint32_t)in->imm);
			low = compare(op, false, d, A10);
		}
		if (op == BPF_JNE) {
			to_target(jit, differ, i, target);
		} else {
			skip(jit, differ, target_bytes(jit, low, i, target, 3));
		}
		to_target(jit, low, i, target);
		return;
	}
	if (k) {
		load_const(jit, A10, (uint32_t)in->imm);
		load_const(jit, A11, in->imm < 0 ? ~0u : 0);
		s = A10;
	} else {
		s = get(jit, in->src, LO, A10);
		sh = get(jit, in->src, HI, A11);
	}
	if (op == BPF_JSET) {
		to_target(jit, b_rr(BANY, d, s), i, target);
		to_target(jit, b_rr(BANY, dh, sh), i, target);
		return;
	}
	if (op == BPF_JNE) {
		to_target(jit, b_rr(BNE, dh, sh), i, target);
		to_target(jit, b_rr(BNE, d, s), i, target);
		return;
	}
	/* The high halves decide, signed or not, when they differ; else the
	   low halves, unsigned. */
	struct branch low = compare(op, false, d, s);
	if (op != BPF_JEQ)
		to_target(jit, compare(op == BPF_JGE || op == BPF_JSGE ? BPF_JGT : op == BPF_JLE || op == BPF_JSLE ? BPF_JLT : op,
				       sign, dh, sh), i, target);
	skip(jit, b_rr(BNE, dh, sh), target_bytes(jit, low, i, target, 3));
	to_target(jit, low, i, target);
}

/* ---- the program ---- */

static void prologue(struct bpf_jit *jit)
{
	ADDMI(SP, SP, -1024);
	ADDI(SP, SP, 1024 - FRAME);
	S32I(A0, SP, SAVED);
	for (uint32_t r = A12; r <= A15; r++)
		S32I(r, SP, SAVED + 4 * (r - A11));
	S32I(A3, SP, RESULT);
	S32I(A4, SP, BUDGET);
	add_const(jit, A8, SP, CALLS, A8);
	S32I(A8, SP, DEPTH);
	add_const(jit, FP, SP, STACK, A8);
	/* r1 = ctx is in a2 already */
	load_const(jit, A3, 0);
	load_const(jit, A4, jit->prog->ctx_size);
	load_const(jit, A5, 0);
}

/* At offsets[count]: -ETIMEDOUT returned; EXIT bytes in, r0 stored and 0
   returned; EXIT_ZERO bytes in, the same for an r0 whose upper half is a
   known zero. */
static void epilogue(struct bpf_jit *jit)
{
	uint32_t start = jit->length, common = start + 15;
	uint32_t restore = common + 3 + (lo_reg[0] == MEMORY ? 6 : 3) + 6;
	load_const(jit, A2, (uint32_t)-ETIMEDOUT);
	jump(jit, restore);
	L32I(A9, SP, slot(0, HI)); /* EXIT */
	jump(jit, common);
	load_const(jit, A9, 0); /* EXIT_ZERO */
	L32I(A8, SP, RESULT);
	S32I(get(jit, 0, LO, A10), A8, 0);
	S32I(A9, A8, 4);
	load_const(jit, A2, 0);
	L32I(A0, SP, SAVED);
	for (uint32_t r = A12; r <= A15; r++)
		L32I(r, SP, SAVED + 4 * (r - A11));
	ADDMI(SP, SP, 1024);
	ADDI(SP, SP, FRAME - 1024);
	RET();
}

/* r6..r9 (as bits) that the function starting at instruction entry may
   write: all of them when it calls another. */
static uint16_t callee_writes(const struct bpf_jit *jit, uint32_t entry)
{
	uint16_t written = 0;
	for (uint32_t i = entry; i < jit->prog->count && (i == entry || !(jit->entries[i] & 1)); i++) {
		const struct bpf_insn *in = &jit->prog->insns[i];
		uint16_t use, def;
		if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL)
			return 0x3c0;
		uses(in, &use, &def);
		written |= def;
	}
	return written & 0x3c0;
}

/*
 * A bpf-to-bpf call: the halves of r6..r9 the callee may write go to a
 * record at DEPTH, r10 is lowered by the caller's frame (the verifier put
 * its size in off) and raised again after. The callee's entry pushes its
 * return address on the same stack of records, its exit pops it.
 */
static void local_call(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t i)
{
	uint32_t target = i + 1 + (uint32_t)in->imm;
	uint16_t kept = callee_writes(jit, target);
	int32_t frame = (int32_t)(uint16_t)in->off, size = 0;
	flush(jit, zero_hi & ~jit->facts[target]); /* what the callee reads in full */
	charge_budget(jit);
	if (kept)
		L32I(A8, SP, DEPTH);
	for (unsigned r = 6; r <= 9; r++)
		for (int half = LO; half <= HI; half++)
			if (kept >> r & 1 && (half == LO || !hi_zero(r))) {
				S32I(get(jit, r, half, A9), A8, size);
				size += 4;
			}
	if (kept) {
		ADDI(A8, A8, size);
		S32I(A8, SP, DEPTH);
	}
	add_const(jit, FP, FP, -frame, A9);
	l32r(jit, A9, literal(jit, target, true));
	CALLX0(A9);
	add_const(jit, FP, FP, frame, A9);
	if (!kept)
		return;
	L32I(A8, SP, DEPTH);
	ADDI(A8, A8, -size);
	S32I(A8, SP, DEPTH);
	size = 0;
	for (unsigned r = 6; r <= 9; r++)
		for (int half = LO; half <= HI; half++)
			if (kept >> r & 1 && (half == LO || !hi_zero(r))) {
				uint32_t d = dest(r, half, A9);
				L32I(d, A8, size);
				put(jit, r, half, d);
				size += 4;
			}
}

/* A helper: r1..r5 are where call0 wants them; callx passes the number as
   a sixth argument. r0 = the result. */
static void helper_call(struct bpf_jit *jit, const struct bpf_helper *helper, int id)
{
	/* The arguments in full, but for addresses: the helper takes those
	   from the lower halves (a pointer is 32 bits). A callx's may be any. */
	uint16_t regs = zero_hi & 0x3e;
	for (unsigned k = 0; helper && k < 5; k++)
		if (is_address(helper->args[k]))
			regs &= (uint16_t)~(2u << k);
	flush(jit, regs);
	const void *fn = helper ? (const void *)helper->fn : (const void *)bpf_jit_call_helper;
	if (id >= 0) {
		S32I(get(jit, (unsigned)id, LO, A8), SP, ID_SLOT);
		S32I(get(jit, (unsigned)id, HI, A8), SP, ID_SLOT + 4);
	}
	call_c(jit, fn);
	put(jit, 0, LO, A2);
	put_hi(jit, 0, A3);
}

/*
 * What the code emitted so far leaves in registers, within straight code: a
 * map's address (its 64-bit immediate), r10 plus a constant within the
 * frame. Forgotten where a jump or a call lands and for what an instruction
 * writes; enough to see map_lookup_elem's usual arguments, a map and a key
 * on the stack.
 */
static struct {
	const struct bpf_map *map[BPF_REGS];
	bool on_frame[BPF_REGS];
	int16_t frame_offset[BPF_REGS]; /* -BPF_STACK_SIZE..0 while on_frame */
} known;

static void forget_all(void)
{
	for (unsigned r = 0; r < BPF_REGS; r++)
		known.map[r] = NULL, known.on_frame[r] = false;
	known.on_frame[10] = true;
	known.frame_offset[10] = 0;
}

/* What instruction in leaves known. */
static void track(const struct bpf_program *prog, const struct bpf_insn *in)
{
	unsigned d = in->dst, s = in->src;
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == 0) {
		known.map[d] = known.map[s];
		known.on_frame[d] = known.on_frame[s];
		known.frame_offset[d] = known.frame_offset[s];
		return;
	}
	if ((in->code == (BPF_ALU64 | BPF_ADD | BPF_K) || in->code == (BPF_ALU64 | BPF_SUB | BPF_K)) &&
	    known.on_frame[d]) {
		int64_t at = known.frame_offset[d] + (BPF_OP(in->code) == BPF_ADD ? in->imm : -(int64_t)in->imm);
		known.on_frame[d] = at >= -BPF_STACK_SIZE && at <= 0;
		known.frame_offset[d] = (int16_t)at;
		return;
	}
	uint16_t use, def;
	uses(in, &use, &def);
	for (unsigned r = 0; r < 10; r++)
		if (def >> r & 1)
			known.map[r] = NULL, known.on_frame[r] = false;
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in[1].imm == 0)
		for (uint32_t m = 0; m < prog->map_count; m++)
			if ((uintptr_t)prog->maps[m] == (uint32_t)in->imm)
				known.map[d] = prog->maps[m];
}

/*
 * map_lookup_elem with r1 a known map and r2 a 4-aligned key on the stack
 * (one l32i from FP): an array's bounds check and address inline, a hash
 * map with 4-byte keys searched by the key's value. r0 = the value's
 * address or NULL (a 32-bit number: its upper half a known zero). Returns
 * whether it emitted the lookup so.
 */
static bool map_lookup(struct bpf_jit *jit, const struct bpf_insn *in)
{
	const struct bpf_map *map = known.map[1];
	int64_t key = known.frame_offset[2] + 512;
	if (bpf_helpers[in->imm].id != BPF_FUNC_map_lookup_elem || !map || !known.on_frame[2] || (key & 3) ||
	    key < 0 || key > 1020)
		return false;
	uint32_t d;
	if (map->type == BPF_MAP_TYPE_ARRAY) {
		uint32_t stride = (map->value_size + 7) & ~7u;
		bool shift = (stride & (stride - 1)) == 0;
		d = dest(0, LO, A10);
		L32I(A8, FP, (int32_t)key);
		load_const(jit, A9, map->max_entries);
		load_const(jit, d, 0);
		skip(jit, b_rr(BGEU, A8, A9), shift ? 9 : 12); /* the 3-byte instructions below */
		if (shift) {
			slli(jit, A8, A8, (uint32_t)__builtin_ctz(stride));
		} else {
			load_const(jit, A9, stride);
			MULL(A8, A8, A9);
		}
		load_const(jit, A9, (uint32_t)(uintptr_t)map->storage);
		ADD(d, A8, A9);
	} else if (map->type == BPF_MAP_TYPE_HASH && map->key_size == 4) {
		/* the map is r1's lower half, a2 already */
		L32I(A3, FP, (int32_t)key);
		call_c(jit, (const void *)bpf_map_lookup_hash32);
		d = A2;
	} else {
		return false;
	}
	put(jit, 0, LO, d);
	if (!hi_zero_after(0))
		put_const(jit, 0, HI, 0);
	return true;
}

#define ENTRY_BYTES 12 /* a function's entry: the return address stored */

static int program(struct bpf_jit *jit)
{
	const struct bpf_program *prog = jit->prog;
	prologue(jit);
	forget_all();
	for (uint32_t i = 0; i < prog->count; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		if (jit->entries[i] & 1) {
			/* reached by callx0, which needs no alignment: the return
			   address on the stack of records */
			L32I(A8, SP, DEPTH);
			S32I(A0, A8, 0);
			ADDI(A8, A8, 4);
			S32I(A8, SP, DEPTH);
		}
		if (jit->entries[i] & (TARGET | 1))
			forget_all();
		jit->offsets[i] = jit->length;
		emitting = i;
		zero_hi = jit->facts[i];
		zero_after = transfer(jit, i, zero_hi);
		uint32_t next, target;
		successors(prog, i, &next, &target);
		uint8_t class = BPF_CLASS(in->code);
		switch (class) {
		case BPF_ALU:
			if (BPF_OP(in->code) == BPF_END)
				byte_order(jit, in);
			else
				alu32(jit, in);
			break;
		case BPF_ALU64:
			if (BPF_OP(in->code) == BPF_END)
				byte_order(jit, in);
			else
				alu64(jit, in);
			break;
		case BPF_LDX:
			load(jit, in);
			break;
		case BPF_ST:
			store(jit, in);
			break;
		case BPF_STX:
			if (BPF_MODE(in->code) == BPF_ATOMIC)
				atomic(jit, in);
			else
				store(jit, in);
			break;
		case BPF_LD: /* the 64-bit immediate: maps are already addresses */
			if (in->code != (BPF_LD | BPF_IMM | BPF_DW)) {
				jit->failed_insn = i;
				return -ENOTSUP;
			}
			put_const(jit, in->dst, LO, (uint32_t)in[0].imm);
			if (!hi_zero_after(in->dst))
				put_const(jit, in->dst, HI, (uint32_t)in[1].imm);
			jit->offsets[++i] = jit->length;
			break;
		case BPF_JMP:
		case BPF_JMP32: {
			uint8_t op = BPF_OP(in->code);
			if (target < prog->count)
				flush(jit, zero_hi & ~jit->facts[target]);
			if (op == BPF_JA) {
				jump_to(jit, i, target);
			} else if (op == BPF_EXIT) {
				if (i < jit->main_end) {
					jump(jit, jit->offsets[prog->count] + (hi_zero(0) ? EXIT_ZERO : EXIT));
				} else {
					flush(jit, zero_hi & 1);
					L32I(A8, SP, DEPTH);
					ADDI(A8, A8, -4);
					S32I(A8, SP, DEPTH);
					L32I(A0, A8, 0);
					RET();
				}
			} else if (op == BPF_CALL && in->src == BPF_PSEUDO_CALL) {
				local_call(jit, in, i);
			} else if (op == BPF_CALL) {
				if (BPF_SRC(in->code) == BPF_X)
					helper_call(jit, NULL, in->dst);
				else if (!map_lookup(jit, in))
					helper_call(jit, &bpf_helpers[in->imm], -1);
			} else {
				conditional(jit, in, i, target);
			}
			break;
		}
		default:
			jit->failed_insn = i;
			return -ENOTSUP;
		}
		track(prog, in);
		if (next < prog->count)
			flush(jit, zero_after & ~jit->facts[next]);
	}
	jit->offsets[prog->count] = jit->length;
	epilogue(jit);
	return 0;
}

int bpf_jit_emit(struct bpf_jit *jit)
{
	/* The first pass finds offsets[count] still 0 and starts the literal
	   table; later ones lay out what the passes before them found. */
	if (jit->offsets[jit->prog->count] == 0) {
		literal_count = 0;
		analyse(jit);
	}
	literals_emitted = literal_count;
	jump(jit, LITERALS_AT + 4 * literals_emitted);
	bpf_jit_put(jit, 0, 1);
	for (uint32_t k = 0; k < literals_emitted; k++)
		bpf_jit_put(jit, is_code(k) ? (uint32_t)(uintptr_t)jit->code + jit->offsets[literals[k]] - ENTRY_BYTES
					    : literals[k], 4);
	literals_full = false;
	int err = program(jit);
	return !err && literals_full ? -ENOTSUP : err;
}
