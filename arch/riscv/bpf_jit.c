/*
 * bpf_jit.c (riscv) — the eBPF back end for rv64: each eBPF register lives in
 * a machine register, r1..r5 in a0..a4 so a helper call needs no moves. Only
 * base RV64IM instructions, uncompressed, so any rv64 core runs the code.
 */
#include <errno.h>
#include "bpf_jit.h"
#include "bpf_map.h"

#if __riscv_xlen == 64

const char bpf_jit_arch_name[] = "rv64";

/* Machine registers by number. */
enum {
	ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S1 = 9, A0 = 10, A1 = 11, A5 = 15,
	S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23, S8 = 24, T3 = 28, T4 = 29,
};

/* eBPF r0..r10. r6..r10 are callee-saved, as eBPF's calling convention has
   them; s6 counts the budget down, s7 holds the result pointer, s8 the stack
   pointer after the prologue (the timeout path returns through it from any
   call depth). */
static const uint8_t reg_map[BPF_REGS] = {A5, A0, A0 + 1, A0 + 2, A0 + 3, A0 + 4, S1, S2, S3, S4, S5};
#define BUDGET S6
#define RESULT S7
#define BASE_SP S8
#define SAVED_REGS 9 /* ra, s1..s8 */
#define FRAME (BPF_STACK_SIZE + 80)
/* A bpf-to-bpf call saves r6..r10 and the return address here. */
#define CALL_FRAME 48

/* Instruction formats (RISC-V unprivileged spec, chapter 2 and 4). */
static uint32_t r_type(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op)
{
	return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t i_type(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t s_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
	uint32_t u = (uint32_t)imm;
	return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | 0x23;
}

static uint32_t b_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
	uint32_t u = (uint32_t)imm;
	return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63;
}

static uint32_t j_type(int32_t imm, uint32_t rd)
{
	uint32_t u = (uint32_t)imm;
	return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12 |
	       rd << 7 | 0x6f;
}

enum { OP = 0x33, OP_IMM = 0x13, OP_32 = 0x3b, OP_IMM_32 = 0x1b, LOAD = 0x03, LUI = 0x37, AUIPC = 0x17, JALR = 0x67 };
enum { F_ADD = 0, F_SLL = 1, F_SLTU = 3, F_XOR = 4, F_SRL = 5, F_OR = 6, F_AND = 7 };
enum { M_MUL = 0, M_DIV = 4, M_DIVU = 5, M_REM = 6, M_REMU = 7 };
enum { BEQ = 0, BNE = 1, BLT = 4, BGE = 5, BLTU = 6, BGEU = 7 };
enum { LB = 0, LH = 1, LW = 2, LD = 3, LBU = 4, LHU = 5, LWU = 6 };

static void emit(struct bpf_jit *jit, uint32_t insn)
{
	bpf_jit_put(jit, insn, 4);
}

static void addi(struct bpf_jit *jit, uint32_t rd, uint32_t rs, int32_t imm)
{
	emit(jit, i_type(imm, rs, F_ADD, rd, OP_IMM));
}

static void mv(struct bpf_jit *jit, uint32_t rd, uint32_t rs)
{
	if (rd != rs)
		addi(jit, rd, rs, 0);
}

static void shift_imm(struct bpf_jit *jit, uint32_t f3, bool arith, uint32_t rd, uint32_t rs, uint32_t amount)
{
	emit(jit, i_type((int32_t)(amount | (arith ? 0x400 : 0)), rs, f3, rd, OP_IMM));
}

/* The upper 32 bits cleared, as every 32-bit eBPF operation leaves them. */
static void zero_extend32(struct bpf_jit *jit, uint32_t rd, uint32_t rs)
{
	shift_imm(jit, F_SLL, false, rd, rs, 32);
	shift_imm(jit, F_SRL, false, rd, rd, 32);
}

static void sign_extend32(struct bpf_jit *jit, uint32_t rd, uint32_t rs)
{
	emit(jit, i_type(0, rs, F_ADD, rd, OP_IMM_32)); /* addiw rd, rs, 0 */
}

static bool fits12(int64_t v)
{
	return v >= -2048 && v <= 2047;
}

/* rd = value: lui/addiw for 32-bit values, else the upper part built the
   same way and shifted into place. */
static void load_imm(struct bpf_jit *jit, uint32_t rd, int64_t value)
{
	if (fits12(value)) {
		addi(jit, rd, ZERO, (int32_t)value);
		return;
	}
	if (value == (int32_t)value) {
		int32_t low = (int32_t)((uint32_t)value << 20) >> 20;
		uint32_t high = (uint32_t)((value - low) >> 12) & 0xfffff;
		emit(jit, high << 12 | rd << 7 | LUI);
		if (low)
			emit(jit, i_type(low, rd, F_ADD, rd, OP_IMM_32));
		return;
	}
	int64_t low = (int64_t)((uint64_t)value << 52) >> 52;
	int64_t high = (value - low) >> 12;
	unsigned shift = 12;
	while (!(high & 1)) {
		high >>= 1;
		shift++;
	}
	load_imm(jit, rd, high);
	shift_imm(jit, F_SLL, false, rd, rd, shift);
	if (low)
		addi(jit, rd, rd, (int32_t)low);
}

/* Where instruction i's code starts, relative to the current position. */
static int32_t distance_to(struct bpf_jit *jit, uint32_t i)
{
	return (int32_t)(jit->offsets[i] - jit->length);
}

static int32_t distance_to_exit(struct bpf_jit *jit, uint32_t extra)
{
	return (int32_t)(jit->offsets[jit->prog->count] + extra - jit->length);
}

/* Branches reach ±4 KiB; beyond a margin for the rest of the instruction's
   code, the condition is inverted over a jal (±1 MiB). */
static bool near(int32_t distance)
{
	return distance > -3000 && distance < 3000;
}

static void jump(struct bpf_jit *jit, int32_t distance)
{
	emit(jit, j_type(distance, ZERO));
}

static void branch(struct bpf_jit *jit, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t distance)
{
	if (near(distance)) {
		emit(jit, b_type(distance, rs2, rs1, f3));
	} else {
		emit(jit, b_type(8, rs2, rs1, f3 ^ 1)); /* the inverse condition */
		jump(jit, distance - 4);
	}
}

/* Exit code, at offsets[count]: the result stored, then the epilogue; the
   budget's timeout enters at +8. */
#define EXIT_RESTORE 8
#define EXIT_TIMEOUT (EXIT_RESTORE + 4 * (SAVED_REGS + 3))

/* One backward edge charged to the budget: out of it, the run ends. */
static void charge_budget(struct bpf_jit *jit)
{
	addi(jit, BUDGET, BUDGET, -1);
	branch(jit, BEQ, BUDGET, ZERO, distance_to_exit(jit, EXIT_TIMEOUT));
}

/* A taken jump to instruction target; backward ones pay the budget first. */
static void jump_to(struct bpf_jit *jit, uint32_t from, uint32_t target)
{
	if (target <= from)
		charge_budget(jit);
	jump(jit, distance_to(jit, target));
}

static void conditional_jump(struct bpf_jit *jit, uint32_t f3, uint32_t rs1, uint32_t rs2, uint32_t from,
			     uint32_t target)
{
	if (target > from) {
		branch(jit, f3, rs1, rs2, distance_to(jit, target));
		return;
	}
	/* Backward: over the budget's charge when not taken. */
	uint32_t start = jit->length;
	emit(jit, 0);
	charge_budget(jit);
	jump(jit, distance_to(jit, target));
	uint32_t skip = jit->length - start;
	uint32_t saved = jit->length;
	jit->length = start;
	emit(jit, b_type((int32_t)skip, rs2, rs1, f3 ^ 1));
	jit->length = saved;
}

/* A call to a C function at address fn. */
static void call(struct bpf_jit *jit, uintptr_t fn)
{
	/* auipc reaches ±2 GiB: decided by the pool's place, not the
	   instruction's, so the length is the same in every pass. */
	int64_t distance = (int64_t)fn - (int64_t)(uintptr_t)(jit->code + jit->length);
	int64_t from_pool = (int64_t)fn - (int64_t)(uintptr_t)jit->code;
	if (from_pool > -(1ll << 30) && from_pool < (1ll << 30)) {
		int32_t low = (int32_t)((uint32_t)distance << 20) >> 20;
		uint32_t high = (uint32_t)((distance - low) >> 12) & 0xfffff;
		emit(jit, high << 12 | T0 << 7 | AUIPC);
		emit(jit, i_type(low, T0, 0, RA, JALR));
	} else {
		load_imm(jit, T0, (int64_t)fn);
		emit(jit, i_type(0, T0, 0, RA, JALR));
	}
}

static void alu(struct bpf_jit *jit, const struct bpf_insn *in, bool wide)
{
	uint32_t d = reg_map[in->dst], s;
	uint8_t op = BPF_OP(in->code);
	int32_t imm = in->imm;
	bool k = BPF_SRC(in->code) == BPF_K;
	uint32_t op_reg = wide ? OP : OP_32, op_imm = wide ? OP_IMM : OP_IMM_32;

	if (op == BPF_MOV) {
		if (!wide && !k && in->off == 0) {
			zero_extend32(jit, d, reg_map[in->src]);
			return;
		}
		if (k)
			load_imm(jit, d, wide ? imm : (int64_t)(uint32_t)imm);
		else if (in->off == 8 || in->off == 16)
			shift_imm(jit, F_SLL, false, d, reg_map[in->src], 64 - (uint32_t)in->off),
				shift_imm(jit, F_SRL, true, d, d, 64 - (uint32_t)in->off);
		else if (in->off == 32 || !wide)
			sign_extend32(jit, d, reg_map[in->src]);
		else
			mv(jit, d, reg_map[in->src]);
		if (!wide && !k)
			zero_extend32(jit, d, d);
		return;
	}
	if (op == BPF_NEG) {
		emit(jit, r_type(0x20, d, ZERO, F_ADD, d, op_reg));
	} else if (op == BPF_END) {
		if (BPF_CLASS(in->code) == BPF_ALU && BPF_SRC(in->code) == BPF_TO_LE) {
			if (imm < 64)
				shift_imm(jit, F_SLL, false, d, d, 64 - (uint32_t)imm),
					shift_imm(jit, F_SRL, false, d, d, 64 - (uint32_t)imm);
			return;
		}
		/* A byte swap: each byte shifted to its mirror place. */
		unsigned bytes = (unsigned)imm / 8;
		addi(jit, T1, ZERO, 0);
		for (unsigned b = 0; b < bytes; b++) {
			shift_imm(jit, F_SRL, false, T0, d, 8 * b);
			emit(jit, i_type(0xff, T0, F_AND, T0, OP_IMM));
			shift_imm(jit, F_SLL, false, T0, T0, 8 * (bytes - 1 - b));
			emit(jit, r_type(0, T0, T1, F_OR, T1, OP));
		}
		mv(jit, d, T1);
		return;
	} else if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && k) {
		uint32_t amount = (uint32_t)imm & (wide ? 63 : 31);
		uint32_t f3 = op == BPF_LSH ? F_SLL : F_SRL;
		emit(jit, i_type((int32_t)(amount | (op == BPF_ARSH ? 0x400 : 0)), d, f3, d, op_imm));
	} else if (k && fits12(imm) && (op == BPF_ADD || op == BPF_OR || op == BPF_AND || op == BPF_XOR ||
					(op == BPF_SUB && imm != -2048))) {
		static const uint8_t f3s[] = {[BPF_ADD >> 4] = F_ADD, [BPF_SUB >> 4] = F_ADD, [BPF_OR >> 4] = F_OR,
					      [BPF_AND >> 4] = F_AND, [BPF_XOR >> 4] = F_XOR};
		int32_t v = op == BPF_SUB ? -imm : imm;
		/* addiw exists; the logic operations work on 64 bits and the upper
		   half is cleared below. */
		emit(jit, i_type(v, d, f3s[op >> 4], d, op == BPF_ADD || op == BPF_SUB ? op_imm : OP_IMM));
	} else {
		if (k) {
			load_imm(jit, T1, imm);
			s = T1;
		} else {
			s = reg_map[in->src];
		}
		switch (op) {
		case BPF_ADD: emit(jit, r_type(0, s, d, F_ADD, d, op_reg)); break;
		case BPF_SUB: emit(jit, r_type(0x20, s, d, F_ADD, d, op_reg)); break;
		case BPF_MUL: emit(jit, r_type(1, s, d, M_MUL, d, op_reg)); break;
		case BPF_OR: emit(jit, r_type(0, s, d, F_OR, d, OP)); break;
		case BPF_AND: emit(jit, r_type(0, s, d, F_AND, d, OP)); break;
		case BPF_XOR: emit(jit, r_type(0, s, d, F_XOR, d, OP)); break;
		case BPF_LSH: emit(jit, r_type(0, s, d, F_SLL, d, op_reg)); break;
		case BPF_RSH: emit(jit, r_type(0, s, d, F_SRL, d, op_reg)); break;
		case BPF_ARSH: emit(jit, r_type(0x20, s, d, F_SRL, d, op_reg)); break;
		case BPF_DIV:
		case BPF_MOD: {
			/* RISC-V's results match RFC 9669's except division by zero,
			   which must give 0 (remainder: the dividend, as remu does). */
			bool sdiv = in->off == 1;
			uint32_t f3 = op == BPF_DIV ? (sdiv ? M_DIV : M_DIVU) : (sdiv ? M_REM : M_REMU);
			if (!wide) {
				/* The 32-bit divisions read only the low halves, but the
				   zero test must too. */
				zero_extend32(jit, T1, s);
				s = T1;
			}
			if (op == BPF_DIV) {
				emit(jit, b_type(12, ZERO, s, BEQ));
				emit(jit, r_type(1, s, d, f3, d, op_reg));
				jump(jit, 8);
				addi(jit, d, ZERO, 0);
			} else {
				emit(jit, b_type(8, ZERO, s, BEQ));
				emit(jit, r_type(1, s, d, f3, d, op_reg));
			}
			break;
		}
		}
	}
	if (!wide)
		zero_extend32(jit, d, d);
}

/* base + off in a register an access can use with a 12-bit offset. */
static uint32_t address(struct bpf_jit *jit, uint32_t base, int32_t *off, unsigned size)
{
	if (fits12(*off) && fits12(*off + (int32_t)size))
		return base;
	load_imm(jit, T2, *off);
	emit(jit, r_type(0, base, T2, F_ADD, T2, OP));
	*off = 0;
	return T2;
}

static const uint8_t size_bytes[] = {[BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8};
static const uint8_t load_f3[] = {[1] = LBU, [2] = LHU, [4] = LWU, [8] = LD};
static const uint8_t load_sx_f3[] = {[1] = LB, [2] = LH, [4] = LW};
static const uint8_t store_f3[] = {[1] = 0, [2] = 1, [4] = 2, [8] = 3};

static void load(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned size = size_bytes[BPF_SIZE(in->code) >> 3];
	uint8_t mode = BPF_MODE(in->code);
	int32_t off = in->off;
	uint32_t d = reg_map[in->dst], base = address(jit, reg_map[in->src], &off, size);
	if (mode == BPF_MEM || mode == BPF_MEMSX) {
		emit(jit, i_type(off, base, mode == BPF_MEM ? load_f3[size] : load_sx_f3[size], d, LOAD));
		return;
	}
	/* Not proven aligned: a byte at a time, little-endian (RFC 9669). */
	emit(jit, i_type(off, base, LBU, T0, LOAD));
	for (unsigned b = 1; b < size; b++) {
		emit(jit, i_type(off + (int32_t)b, base, LBU, T1, LOAD));
		shift_imm(jit, F_SLL, false, T1, T1, 8 * b);
		emit(jit, r_type(0, T1, T0, F_OR, T0, OP));
	}
	if (mode == BPF_MEMSX_UNALIGNED)
		shift_imm(jit, F_SLL, false, T0, T0, 64 - 8 * size), shift_imm(jit, F_SRL, true, d, T0, 64 - 8 * size);
	else
		mv(jit, d, T0);
}

static void store(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned size = size_bytes[BPF_SIZE(in->code) >> 3];
	int32_t off = in->off;
	uint32_t base = address(jit, reg_map[in->dst], &off, size), value;
	if (BPF_CLASS(in->code) == BPF_ST) {
		load_imm(jit, T1, in->imm);
		value = T1;
	} else {
		value = reg_map[in->src];
	}
	if (BPF_MODE(in->code) == BPF_MEM) {
		emit(jit, s_type(off, value, base, store_f3[size]));
		return;
	}
	emit(jit, s_type(off, value, base, 0));
	for (unsigned b = 1; b < size; b++) {
		shift_imm(jit, F_SRL, false, T0, value, 8 * b);
		emit(jit, s_type(off + (int32_t)b, T0, base, 0));
	}
}

/* RFC 9669 §5.3; one hart and no preemption inside a program, so a plain
   load, operation and store, as the interpreter does. */
static void atomic(struct bpf_jit *jit, const struct bpf_insn *in)
{
	bool wide = BPF_SIZE(in->code) == BPF_DW;
	int32_t off = in->off;
	uint32_t base = address(jit, reg_map[in->dst], &off, 8), s = reg_map[in->src];
	uint32_t old = T0, new = T1;
	emit(jit, i_type(off, base, wide ? LD : LWU, old, LOAD));
	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD: emit(jit, r_type(0, s, old, F_ADD, new, OP)); break;
	case BPF_OR: emit(jit, r_type(0, s, old, F_OR, new, OP)); break;
	case BPF_AND: emit(jit, r_type(0, s, old, F_AND, new, OP)); break;
	case BPF_XOR: emit(jit, r_type(0, s, old, F_XOR, new, OP)); break;
	case BPF_XCHG & ~BPF_FETCH: mv(jit, new, s); break;
	default: /* BPF_CMPXCHG: new = old == r0 ? src : old */
		if (wide)
			mv(jit, T3, reg_map[0]);
		else
			zero_extend32(jit, T3, reg_map[0]);
		mv(jit, new, old);
		emit(jit, b_type(8, T3, old, BNE));
		mv(jit, new, s);
		break;
	}
	emit(jit, s_type(off, new, base, wide ? 3 : 2));
	if (in->imm == BPF_CMPXCHG)
		mv(jit, reg_map[0], old);
	else if (in->imm & BPF_FETCH)
		mv(jit, s, old);
}

static void conditional(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t i, uint32_t target)
{
	bool wide = BPF_CLASS(in->code) == BPF_JMP;
	uint32_t d = reg_map[in->dst], s;
	if (BPF_SRC(in->code) == BPF_K) {
		if (in->imm == 0) {
			s = ZERO;
		} else {
			load_imm(jit, T1, in->imm);
			s = T1;
		}
	} else {
		s = reg_map[in->src];
	}
	if (!wide) {
		/* Sign-extended low halves keep both the signed and the unsigned
		   order of the 32-bit values. */
		sign_extend32(jit, T0, d);
		d = T0;
		if (BPF_SRC(in->code) == BPF_X)
			sign_extend32(jit, T1, s), s = T1;
	}
	uint32_t f3, a = d, b = s;
	switch (BPF_OP(in->code)) {
	case BPF_JEQ: f3 = BEQ; break;
	case BPF_JNE: f3 = BNE; break;
	case BPF_JGT: f3 = BLTU, a = s, b = d; break;
	case BPF_JGE: f3 = BGEU; break;
	case BPF_JLT: f3 = BLTU; break;
	case BPF_JLE: f3 = BGEU, a = s, b = d; break;
	case BPF_JSGT: f3 = BLT, a = s, b = d; break;
	case BPF_JSGE: f3 = BGE; break;
	case BPF_JSLT: f3 = BLT; break;
	case BPF_JSLE: f3 = BGE, a = s, b = d; break;
	default: /* BPF_JSET */
		emit(jit, r_type(0, s, d, F_AND, T0, OP));
		f3 = BNE, a = T0, b = ZERO;
		break;
	}
	conditional_jump(jit, f3, a, b, i, target);
}

static void prologue(struct bpf_jit *jit)
{
	static const uint8_t saved[SAVED_REGS] = {RA, S1, S2, S3, S4, S5, S6, S7, S8};
	addi(jit, SP, SP, -FRAME);
	for (unsigned r = 0; r < SAVED_REGS; r++)
		emit(jit, s_type(BPF_STACK_SIZE + 8 * (int32_t)r, saved[r], SP, 3));
	addi(jit, reg_map[10], SP, BPF_STACK_SIZE);
	mv(jit, RESULT, A1);
	mv(jit, BUDGET, A0 + 2);
	mv(jit, BASE_SP, SP);
	/* r1 = ctx is already in a0 */
	load_imm(jit, reg_map[2], jit->prog->ctx_size);
}

static void epilogue(struct bpf_jit *jit)
{
	static const uint8_t saved[SAVED_REGS] = {RA, S1, S2, S3, S4, S5, S6, S7, S8};
	emit(jit, s_type(0, reg_map[0], RESULT, 3));
	addi(jit, A0, ZERO, 0);
	/* EXIT_RESTORE */
	mv(jit, SP, BASE_SP);
	for (unsigned r = 0; r < SAVED_REGS; r++)
		emit(jit, i_type(BPF_STACK_SIZE + 8 * (int32_t)r, SP, LD, saved[r], LOAD));
	addi(jit, SP, SP, FRAME);
	emit(jit, i_type(0, RA, 0, ZERO, JALR));
	/* EXIT_TIMEOUT */
	addi(jit, A0, ZERO, -ETIMEDOUT);
	jump(jit, EXIT_RESTORE - (EXIT_TIMEOUT + 4));
}

int bpf_jit_emit(struct bpf_jit *jit)
{
	const struct bpf_program *prog = jit->prog;
	prologue(jit);
	for (uint32_t i = 0; i < prog->count; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		if (jit->entries[i])
			emit(jit, s_type(CALL_FRAME - 8, RA, SP, 3)); /* a function's entry keeps its return address */
		jit->offsets[i] = jit->length;
		uint8_t class = BPF_CLASS(in->code);
		switch (class) {
		case BPF_ALU:
		case BPF_ALU64:
			alu(jit, in, class == BPF_ALU64);
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
			load_imm(jit, reg_map[in->dst], (int64_t)((uint32_t)in[0].imm | (uint64_t)(uint32_t)in[1].imm << 32));
			jit->offsets[++i] = jit->length;
			break;
		case BPF_JMP:
		case BPF_JMP32: {
			uint8_t op = BPF_OP(in->code);
			if (op == BPF_JA) {
				jump_to(jit, i, i + 1 + (uint32_t)(class == BPF_JMP ? in->off : in->imm));
			} else if (op == BPF_EXIT) {
				if (i < jit->main_end) {
					jump(jit, distance_to_exit(jit, 0));
				} else {
					emit(jit, i_type(CALL_FRAME - 8, SP, LD, RA, LOAD));
					emit(jit, i_type(0, RA, 0, ZERO, JALR));
				}
			} else if (op == BPF_CALL && in->src == BPF_PSEUDO_CALL) {
				/* r6..r10 kept in a frame of the machine stack; the callee
				   stores its return address in the frame's last slot. */
				uint32_t target = i + 1 + (uint32_t)in->imm;
				charge_budget(jit);
				addi(jit, SP, SP, -CALL_FRAME);
				for (unsigned r = 6; r <= 10; r++)
					emit(jit, s_type(8 * (int32_t)(r - 6), reg_map[r], SP, 3));
				addi(jit, reg_map[10], reg_map[10], -(int32_t)(uint16_t)in->off);
				emit(jit, j_type(distance_to(jit, target) - 4, RA));
				for (unsigned r = 6; r <= 10; r++)
					emit(jit, i_type(8 * (int32_t)(r - 6), SP, LD, reg_map[r], LOAD));
				addi(jit, SP, SP, CALL_FRAME);
			} else if (op == BPF_CALL) {
				if (BPF_SRC(in->code) == BPF_X) {
					mv(jit, A5, reg_map[in->dst]);
					call(jit, (uintptr_t)bpf_jit_call_helper);
				} else {
					call(jit, (uintptr_t)bpf_helpers[in->imm].fn);
				}
				mv(jit, reg_map[0], A0);
			} else {
				conditional(jit, in, i, i + 1 + (uint32_t)in->off);
			}
			break;
		}
		default:
			jit->failed_insn = i;
			return -ENOTSUP;
		}
	}
	jit->offsets[prog->count] = jit->length;
	epilogue(jit);
	return 0;
}

#else

/* rv32 keeps eBPF's 64-bit registers in pairs: not written yet, so programs
   are interpreted there. */
const char bpf_jit_arch_name[] = "rv32";

int bpf_jit_emit(struct bpf_jit *jit)
{
	jit->failed_insn = 0;
	return -ENOTSUP;
}

#endif
