/*
 * bpf_jit.c (riscv) — the eBPF back end for rv64 and rv32. On rv64 each eBPF
 * register lives in a machine register, r1..r5 in a0..a4 so a helper call
 * needs no moves; on rv32 each lives in a pair (r1..r4 in a0:a1..a6:a7, the
 * helper ABI's argument pairs; r10's high half is x0, since pointers are 32
 * bits). Base RV32IM/RV64IM instructions only, uncompressed, so any core of
 * the width runs the code.
 */
#include <errno.h>
#include "bpf_jit.h"
#include "bpf_map.h"

/* Machine registers by number. */
enum {
	ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11, A2 = 12,
	A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22,
	S7 = 23, S8 = 24, S9 = 25, S10 = 26, S11 = 27, T3 = 28, T4 = 29, T5 = 30, T6 = 31,
};

#if __riscv_xlen == 64
const char bpf_jit_arch_name[] = "rv64";
/* eBPF r0..r10. r6..r10 are callee-saved, as eBPF's calling convention has
   them; s6 counts the budget down, s8 holds the stack pointer after the
   prologue (the timeout path returns through it from any call depth). The
   prologue saves only the ones a program uses (struct layout). */
static const uint8_t reg_map[BPF_REGS] = {A5, A0, A1, A2, A3, A4, S1, S2, S3, S4, S5};
static const uint8_t saved_regs[] = {RA, S1, S2, S3, S4, S5, S6, S8};
#define BUDGET S6
#define BASE_SP S8
#define TEMP_CALL T0
#define TEMP_ADDR T2
#define XLEN_BYTES 8
#define HALVES 1      /* machine registers to an eBPF register */
#define STORE_X 3     /* sd */
#define LOAD_X 3      /* ld */
#define LOAD_WORD LWU /* a 32-bit word, zero-extended */
#define X1 T0         /* scratch, as rv32 names its own */
#define K_LO T1
#define FRAME (BPF_STACK_SIZE + 80)
#define EXIT_RESTORE 12 /* the result stored: three instructions */
#else
const char bpf_jit_arch_name[] = "rv32";
/* eBPF r0..r10 as lo:hi pairs; r0 and r5 in t-registers, r6..r10 in
   s0..s8. s9 counts the budget down, s10 holds the stack pointer after the
   prologue; t4, t5, t6, s11 and ra are scratch. */
static const uint8_t reg_map[BPF_REGS] = {T2, A0, A2, A4, A6, T0, S0, S2, S4, S6, S8};
static const uint8_t reg_hi[BPF_REGS] = {T3, A1, A3, A5, A7, T1, S1, S3, S5, S7, ZERO};
static const uint8_t saved_regs[] = {RA, S0, S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11};
#define BUDGET S9
#define BASE_SP S10
#define TEMP_CALL T6
#define TEMP_ADDR S11
#define XLEN_BYTES 4
#define HALVES 2
#define STORE_X 2 /* sw */
#define LOAD_X 2  /* lw */
#define LOAD_WORD LW
#define FRAME (BPF_STACK_SIZE + 64)
#define EXIT_RESTORE 16 /* the result stored: four instructions */
#endif
/* The result pointer's slot, past the saved registers'. */
#define RESULT_SLOT (BPF_STACK_SIZE + XLEN_BYTES * (int32_t)sizeof saved_regs)

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
		if (low) /* addiw on rv64: the sum wraps at 32 bits, as lui's value did */
			emit(jit, i_type(low, rd, F_ADD, rd, XLEN_BYTES == 8 ? OP_IMM_32 : OP_IMM));
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

/*
 * What a program needs of the machine, found before each pass (the same in
 * every pass): which of r6..r10 it touches (only those are saved), whether
 * it changes ra (saved), calls its own functions (the stack pointer kept
 * for the timeout) or may jump back (the budget kept), whether it reads r2
 * before writing it (else ctx_size is not set). jit->entries marks,
 * beside ENTRY_CALL (bpf/jit.c), the targets of jumps, where what this back
 * end knows of register values ends; and at each function's first
 * instruction, what the function does to its caller's registers.
 */
#define ENTRY_CALL 1    /* a bpf-to-bpf call lands here */
#define ENTRY_JUMP 2    /* a jump lands here */
#define ENTRY_WRITES 4  /* function start: writes r6 (8: r7, 16: r8, 32: r9) */
#define ENTRY_CALLS 64  /* function start: calls (or on rv32 uses ra as scratch) */
#define ENTRY_FRAME 128 /* function start: uses r10 */

static struct {
	uint16_t used; /* bit r: eBPF register r appears */
	bool local_calls, loops;
	bool return_address; /* ra changes: a call, or rv32's atomics and divisions */
	bool second_scratch; /* rv32: s11 is needed as scratch */
	bool ctx_size_read;  /* r2 (ctx_size at entry) may be read before written */
	uint32_t restore_length; /* bytes from the epilogue's restore to its ret */
} layout;

static bool writes_register(const struct bpf_insn *in, unsigned *r)
{
	uint8_t class = BPF_CLASS(in->code);
	if (class == BPF_ALU || class == BPF_ALU64 || class == BPF_LDX || class == BPF_LD) {
		*r = in->dst;
		return true;
	}
	if (class == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC && (in->imm & BPF_FETCH)) {
		*r = in->imm == BPF_CMPXCHG ? 0 : in->src;
		return true;
	}
	return false;
}

static bool saved(uint32_t reg);
static bool clobbers_ra(const struct bpf_insn *in);
static bool needs_second_scratch(const struct bpf_insn *in);

/* Whether the program may read register r before writing it: false only
   when straight code from the entry writes it first. */
static bool read_before_written(struct bpf_jit *jit, unsigned r)
{
	const struct bpf_program *prog = jit->prog;
	for (uint32_t i = 0; i < prog->count; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		uint8_t class = BPF_CLASS(in->code);
		bool x = BPF_SRC(in->code) == BPF_X;
		if (jit->entries[i] & (ENTRY_CALL | ENTRY_JUMP))
			return true;
		switch (class) {
		case BPF_LD:
			if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
				return true;
			if (in->dst == r)
				return false;
			i++;
			break;
		case BPF_ALU:
		case BPF_ALU64:
			if ((x && in->src == r) || (in->dst == r && BPF_OP(in->code) != BPF_MOV))
				return true;
			if (in->dst == r)
				return false;
			break;
		case BPF_LDX:
			if (in->src == r)
				return true;
			if (in->dst == r)
				return false;
			break;
		case BPF_ST:
		case BPF_STX:
			if (in->dst == r || in->src == r)
				return true;
			break;
		default: /* jumps, calls, exit */
			return true;
		}
	}
	return true;
}

static void plan(struct bpf_jit *jit)
{
	const struct bpf_program *prog = jit->prog;
	uint32_t function = 0;
	layout.used = 0;
	layout.local_calls = layout.loops = layout.return_address = layout.second_scratch = false;
	for (uint32_t i = 0; i < prog->count; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		if (jit->entries[i] & ENTRY_CALL)
			function = i;
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			layout.used |= 1u << in->dst;
			if (in->dst >= 6 && in->dst <= 9)
				jit->entries[function] |= (uint8_t)(ENTRY_WRITES << (in->dst - 6));
			i++;
			continue;
		}
		layout.used |= 1u << in->dst | 1u << in->src;
		if (in->dst == 10 || in->src == 10)
			jit->entries[function] |= ENTRY_FRAME;
		unsigned r;
		if (writes_register(in, &r) && r >= 6 && r <= 9)
			jit->entries[function] |= (uint8_t)(ENTRY_WRITES << (r - 6));
		if (clobbers_ra(in))
			jit->entries[function] |= ENTRY_CALLS, layout.return_address = true;
		layout.second_scratch |= needs_second_scratch(in);
		uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code);
		if (class != BPF_JMP && class != BPF_JMP32)
			continue;
		if (op == BPF_CALL) {
			layout.return_address = true;
			jit->entries[function] |= ENTRY_CALLS;
			if (in->src == BPF_PSEUDO_CALL)
				layout.local_calls = layout.loops = true;
		} else if (op != BPF_EXIT) {
			int32_t off = class == BPF_JMP32 && op == BPF_JA ? in->imm : in->off;
			jit->entries[i + 1 + (uint32_t)off] |= ENTRY_JUMP;
			if (off < 0)
				layout.loops = true;
		}
	}
	layout.ctx_size_read = read_before_written(jit, 2);
	uint32_t restored = 0;
	for (unsigned r = 0; r < sizeof saved_regs; r++)
		restored += saved(saved_regs[r]);
	layout.restore_length = 4 * (layout.local_calls + restored + 2);
}

/* The timeout's entry in the exit code: after the result stored and the
   registers restored. */
static int32_t exit_timeout(void)
{
	return EXIT_RESTORE + (int32_t)layout.restore_length;
}

/* One backward edge charged to the budget; out of it, the run ends. */
static void charge_budget(struct bpf_jit *jit)
{
	addi(jit, BUDGET, BUDGET, -1);
	branch(jit, BEQ, BUDGET, ZERO, distance_to_exit(jit, (uint32_t)exit_timeout()));
}

/* A taken backward jump: the budget charged and tested by the branch back
   itself, two instructions, when the target is near. */
static void jump_back(struct bpf_jit *jit, uint32_t target)
{
	addi(jit, BUDGET, BUDGET, -1);
	int32_t distance = distance_to(jit, target);
	if (near(distance)) {
		emit(jit, b_type(distance, ZERO, BUDGET, BNE));
		jump(jit, distance_to_exit(jit, (uint32_t)exit_timeout()));
	} else {
		branch(jit, BEQ, BUDGET, ZERO, distance_to_exit(jit, (uint32_t)exit_timeout()));
		jump(jit, distance_to(jit, target));
	}
}

/* A taken jump to instruction target; backward ones pay the budget first. */
static void jump_to(struct bpf_jit *jit, uint32_t from, uint32_t target)
{
	if (target <= from)
		jump_back(jit, target);
	else
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
	jump_back(jit, target);
	uint32_t skip = jit->length - start;
	uint32_t saved = jit->length;
	jit->length = start;
	emit(jit, b_type((int32_t)skip, rs2, rs1, f3 ^ 1));
	jit->length = saved;
}

/* Whether auipc reaches target from anywhere in the pool (±2 GiB, taken as
   ±1 GiB of its start): decided by the pool's place, not the instruction's,
   so the code's length is the same in every pass. */
static bool pool_reaches(struct bpf_jit *jit, uintptr_t target)
{
	int64_t from_pool = (int64_t)target - (int64_t)(uintptr_t)jit->code;
	return from_pool > -(1ll << 30) && from_pool < (1ll << 30);
}

/* auipc rd to target's upper part; returns the 12-bit rest for the
   instruction after it. */
static int32_t auipc_to(struct bpf_jit *jit, uint32_t rd, uintptr_t target)
{
	int64_t distance = (int64_t)target - (int64_t)(uintptr_t)(jit->code + jit->length);
	int32_t low = (int32_t)((uint32_t)distance << 20) >> 20;
	emit(jit, ((uint32_t)((distance - low) >> 12) & 0xfffff) << 12 | rd << 7 | AUIPC);
	return low;
}

/* A call to a C function at address fn. */
static void call(struct bpf_jit *jit, uintptr_t fn)
{
	int32_t low = 0;
	if (pool_reaches(jit, fn))
		low = auipc_to(jit, TEMP_CALL, fn);
	else
		load_imm(jit, TEMP_CALL, (int64_t)fn);
	emit(jit, i_type(low, TEMP_CALL, 0, RA, JALR));
}

/* A forward branch over code not yet emitted: placeholder() keeps its
   place, patch() writes it once the code it skips is out. */
static uint32_t placeholder(struct bpf_jit *jit)
{
	uint32_t at = jit->length;
	emit(jit, 0);
	return at;
}

static void patch(struct bpf_jit *jit, uint32_t at, uint32_t f3, uint32_t rs1, uint32_t rs2)
{
	uint32_t end = jit->length;
	jit->length = at;
	emit(jit, b_type((int32_t)(end - at), rs2, rs1, f3));
	jit->length = end;
}

/* rd = an address in the firmware (a map's storage): pc-relative where
   the pool reaches it, as call() decides, else as a number. */
static void load_address(struct bpf_jit *jit, uint32_t rd, uintptr_t address)
{
	if (XLEN_BYTES == 4 || fits12((int64_t)(intptr_t)address) || !pool_reaches(jit, address))
		load_imm(jit, rd, (int64_t)(intptr_t)address);
	else
		addi(jit, rd, rd, auipc_to(jit, rd, address));
}

/* base + off in a register an access can use with a 12-bit offset. */
static uint32_t address(struct bpf_jit *jit, uint32_t base, int32_t *off, unsigned size)
{
	if (fits12(*off) && fits12(*off + (int32_t)size))
		return base;
	load_imm(jit, TEMP_ADDR, *off);
	emit(jit, r_type(0, base, TEMP_ADDR, F_ADD, TEMP_ADDR, OP));
	*off = 0;
	return TEMP_ADDR;
}

static const uint8_t size_bytes[] = {[BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8};
static const uint8_t store_f3[] = {[1] = 0, [2] = 1, [4] = 2, [8] = 3};

/*
 * What this back end knows of register values within straight code: a
 * map's address (from its 64-bit immediate load), r10 plus an offset, an
 * upper half that is zero (rv32 then leaves high halves alone). Forgotten
 * where a jump or call lands, and for what an instruction writes.
 */
static struct {
	const struct bpf_map *map[BPF_REGS];
	bool on_frame[BPF_REGS];
	uint8_t bits[BPF_REGS]; /* the value is below 2^bits (64: anything) */
	int64_t frame_offset[BPF_REGS];
} known;

/* The upper half is zero. */
static bool high_zero(unsigned r)
{
	return known.bits[r] <= 32;
}

static uint8_t bit_length(int64_t v)
{
	return v < 0 ? 64 : (uint8_t)(64 - (v ? __builtin_clzll((uint64_t)v) : 64));
}

static void forget_all(void)
{
	for (unsigned r = 0; r < BPF_REGS; r++)
		known.map[r] = NULL, known.on_frame[r] = false, known.bits[r] = 64;
	known.on_frame[10] = true;
	known.bits[10] = 32; /* stack addresses are below 2^32 */
	known.frame_offset[10] = 0;
}

static void forget(unsigned r)
{
	known.map[r] = NULL;
	known.on_frame[r] = false;
	known.bits[r] = 64;
}

/* r10 + offset within the stack: such a pointer's arithmetic never
   carries into the upper half. */
static bool frame_pointer_after(unsigned r, int64_t add)
{
	int64_t at = known.frame_offset[r] + add;
	return known.on_frame[r] && high_zero(r) && at >= -BPF_STACK_SIZE && at <= 0;
}

/*
 * The eBPF operations one R-type instruction does, by op >> 4: funct7 and
 * funct3 (RISC-V unprivileged spec, chapter 2 and 13). The I-type forms
 * take the same funct3, and a shift's funct7 in the immediate's top bits.
 */
static const struct {
	uint8_t f7, f3;
} alu_ops[16] = {
	[BPF_ADD >> 4] = {0, F_ADD},  [BPF_SUB >> 4] = {0x20, F_ADD}, [BPF_MUL >> 4] = {1, M_MUL},
	[BPF_OR >> 4] = {0, F_OR},    [BPF_AND >> 4] = {0, F_AND},    [BPF_XOR >> 4] = {0, F_XOR},
	[BPF_LSH >> 4] = {0, F_SLL},  [BPF_RSH >> 4] = {0, F_SRL},    [BPF_ARSH >> 4] = {0x20, F_SRL},
};

/* rd = rs op rt. opcode is OP, or rv64's OP_32 for a word operation; the
   word forms have no logical operations, which read the same on the low
   half in OP. */
static void register_op(struct bpf_jit *jit, uint8_t op, uint32_t rd, uint32_t rs, uint32_t rt, uint32_t opcode)
{
	if (op == BPF_OR || op == BPF_AND || op == BPF_XOR)
		opcode = OP;
	emit(jit, r_type(alu_ops[op >> 4].f7, rt, rs, alu_ops[op >> 4].f3, rd, opcode));
}

/* rd = rs op K for add, sub and the logical operations with K (for sub,
   -K) in 12 bits: false, emitting nothing, for any other. */
static bool immediate_op(struct bpf_jit *jit, uint8_t op, uint32_t rd, uint32_t rs, int64_t imm, uint32_t opcode)
{
	if (op == BPF_SUB)
		imm = -imm, op = BPF_ADD;
	if (!fits12(imm) || (op != BPF_ADD && op != BPF_OR && op != BPF_AND && op != BPF_XOR))
		return false;
	emit(jit, i_type((int32_t)imm, rs, alu_ops[op >> 4].f3, rd, op == BPF_ADD ? opcode : OP_IMM));
	return true;
}

/* rd = rs shifted by a constant: rv64's word forms (OP_IMM_32) take 0..31. */
static void shift_op(struct bpf_jit *jit, uint8_t op, uint32_t rd, uint32_t rs, uint32_t amount, uint32_t opcode)
{
	emit(jit, i_type((int32_t)(amount | (uint32_t)alu_ops[op >> 4].f7 << 5), rs, alu_ops[op >> 4].f3, rd, opcode));
}

/* d = d / s or d % s as RFC 9669 has them: RISC-V's results but for a zero
   divisor, where the quotient must be 0 (and the remainder the dividend,
   which rem and remu already give). */
static void divide_op(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t d, uint32_t s, uint32_t opcode)
{
	bool sdiv = in->off == 1;
	uint32_t f3 = BPF_OP(in->code) == BPF_DIV ? (sdiv ? M_DIV : M_DIVU) : (sdiv ? M_REM : M_REMU);
	if (BPF_OP(in->code) == BPF_DIV) {
		emit(jit, b_type(12, ZERO, s, BEQ));
		emit(jit, r_type(1, s, d, f3, d, opcode));
		jump(jit, 8);
		addi(jit, d, ZERO, 0);
	} else {
		emit(jit, b_type(8, ZERO, s, BEQ));
		emit(jit, r_type(1, s, d, f3, d, opcode));
	}
}

#if __riscv_xlen == 64

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
		shift_op(jit, op, d, d, (uint32_t)imm & (wide ? 63 : 31), op_imm);
	} else if (!(k && immediate_op(jit, op, d, d, imm, op_imm))) {
		/* addiw exists; the logic operations work on 64 bits and the
		   upper half is cleared below. */
		if (k) {
			load_imm(jit, T1, imm);
			s = T1;
		} else {
			s = reg_map[in->src];
		}
		if (op == BPF_DIV || op == BPF_MOD) {
			if (!wide) {
				/* The 32-bit divisions read only the low halves, but the
				   zero test must too. */
				zero_extend32(jit, T1, s);
				s = T1;
			}
			divide_op(jit, in, d, s, op_reg);
		} else {
			register_op(jit, op, d, d, s, op_reg);
		}
	}
	if (!wide)
		zero_extend32(jit, d, d);
}

static const uint8_t load_f3[] = {[1] = LBU, [2] = LHU, [4] = LWU, [8] = LD};
static const uint8_t load_sx_f3[] = {[1] = LB, [2] = LH, [4] = LW};

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
	/* Not proven aligned: a byte at a time, little-endian (RFC 9669),
	   gathered in d itself unless d is the base. */
	uint32_t into = d != base ? d : T0;
	emit(jit, i_type(off, base, LBU, into, LOAD));
	for (unsigned b = 1; b < size; b++) {
		emit(jit, i_type(off + (int32_t)b, base, LBU, T1, LOAD));
		shift_imm(jit, F_SLL, false, T1, T1, 8 * b);
		emit(jit, r_type(0, T1, into, F_OR, into, OP));
	}
	if (mode == BPF_MEMSX_UNALIGNED)
		shift_imm(jit, F_SLL, false, into, into, 64 - 8 * size), shift_imm(jit, F_SRL, true, d, into, 64 - 8 * size);
	else
		mv(jit, d, into);
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

/* Half k of eBPF register r: on rv64 the one register holds all of it. */
static uint32_t half(unsigned r, unsigned k)
{
	(void)k;
	return reg_map[r];
}

/* r's upper half zeroed: rv64's 32-bit loads and helpers' results already are. */
static void clear_high(struct bpf_jit *jit, unsigned r)
{
	(void)jit;
	(void)r;
}

/* r1 = ctx is already in a0; r2 = its size for a program that reads it. */
static void entry_arguments(struct bpf_jit *jit)
{
	if (layout.ctx_size_read)
		load_imm(jit, reg_map[2], jit->prog->ctx_size);
}

/* A helper by its address, or (callx) by the number in register id. */
static void helper_call(struct bpf_jit *jit, uintptr_t fn, int id, bool five)
{
	(void)five; /* every argument in a register */
	if (id >= 0)
		mv(jit, A5, reg_map[id]);
	call(jit, fn);
	mv(jit, reg_map[0], A0);
}

/* A 64-bit immediate: a map's address (or any near the pool) pc-relative. */
static void load_imm64(struct bpf_jit *jit, unsigned dst, uint64_t value)
{
	if ((int64_t)value == (int32_t)value)
		load_imm(jit, reg_map[dst], (int64_t)value);
	else
		load_address(jit, reg_map[dst], (uintptr_t)value);
}

/* Whether in changes ra besides a call (rv32's atomics and divisions do). */
static bool clobbers_ra(const struct bpf_insn *in)
{
	(void)in;
	return false;
}

/* rv64's scratch registers are all caller-saved. */
static bool needs_second_scratch(const struct bpf_insn *in)
{
	(void)in;
	return false;
}

/* rX = rY followed by rX op= K or rX op= rZ (not a jump target between):
   one instruction, rX = rY op K. Returns whether it emitted the pair. */
static bool fuse_move(struct bpf_jit *jit, const struct bpf_insn *in)
{
	const struct bpf_insn *next = in + 1;
	uint8_t op = BPF_OP(next->code);
	if (in->code != (BPF_ALU64 | BPF_MOV | BPF_X) || in->off || in->dst == in->src ||
	    BPF_CLASS(next->code) != BPF_ALU64 || next->dst != in->dst || next->off)
		return false;
	bool shift = op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH;
	if (!shift && op != BPF_ADD && op != BPF_SUB && op != BPF_OR && op != BPF_AND && op != BPF_XOR)
		return false;
	uint32_t d = reg_map[in->dst], y = reg_map[in->src];
	if (BPF_SRC(next->code) == BPF_X) {
		if (next->src == in->dst)
			return false;
		register_op(jit, op, d, y, reg_map[next->src], OP);
		return true;
	}
	if (shift)
		shift_op(jit, op, d, y, (uint32_t)next->imm & 63, OP_IMM);
	else if (!immediate_op(jit, op, d, y, next->imm, OP_IMM))
		return false;
	return true;
}

#else

/* ---- rv32: each eBPF register a pair of machine registers ---- */

#define LO(r) reg_map[r]
#define HI(r) reg_hi[r]
/* Scratch: an immediate operand's pair, and two more. */
#define K_LO T4
#define K_HI T5
#define X1 T6
#define X2 S11

/* The source operand as a pair: the register's, or the immediate
   sign-extended into K_LO:K_HI (x0 for a zero half). */
static void source(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t *lo, uint32_t *hi)
{
	if (BPF_SRC(in->code) == BPF_X) {
		*lo = LO(in->src);
		*hi = HI(in->src);
		return;
	}
	*lo = *hi = ZERO;
	if (in->imm) {
		load_imm(jit, K_LO, in->imm);
		*lo = K_LO;
	}
	if (in->imm < 0) {
		addi(jit, K_HI, ZERO, -1);
		*hi = K_HI;
	}
}

/* X1 = the low `bytes` bytes of rs in reverse order. */
static void swap_bytes(struct bpf_jit *jit, uint32_t rs, unsigned bytes)
{
	addi(jit, X1, ZERO, 0);
	for (unsigned b = 0; b < bytes; b++) {
		shift_imm(jit, F_SRL, false, K_LO, rs, 8 * b);
		emit(jit, i_type(0xff, K_LO, F_AND, K_LO, OP_IMM));
		shift_imm(jit, F_SLL, false, K_LO, K_LO, 8 * (bytes - 1 - b));
		emit(jit, r_type(0, K_LO, X1, F_OR, X1, OP));
	}
}

static void byte_order(struct bpf_jit *jit, const struct bpf_insn *in)
{
	uint32_t d = LO(in->dst), dh = HI(in->dst);
	if (BPF_CLASS(in->code) == BPF_ALU && BPF_SRC(in->code) == BPF_TO_LE) {
		if (in->imm == 16)
			shift_imm(jit, F_SLL, false, d, d, 16), shift_imm(jit, F_SRL, false, d, d, 16);
		if (in->imm < 64 && !high_zero(in->dst))
			mv(jit, dh, ZERO);
		return;
	}
	if (in->imm < 64) {
		swap_bytes(jit, d, (unsigned)in->imm / 8);
		mv(jit, d, X1);
		mv(jit, dh, ZERO);
		return;
	}
	swap_bytes(jit, d, 4);
	mv(jit, X2, X1);
	swap_bytes(jit, dh, 4);
	mv(jit, d, X1);
	mv(jit, dh, X2);
}

/* A 32-bit ALU operation on the low halves; the high half cleared. */
static void alu32(struct bpf_jit *jit, const struct bpf_insn *in)
{
	uint32_t d = LO(in->dst), s, sh;
	uint8_t op = BPF_OP(in->code);
	int32_t imm = in->imm;
	bool k = BPF_SRC(in->code) == BPF_K;
	if (op == BPF_MOV && !k && (in->off == 8 || in->off == 16)) {
		shift_imm(jit, F_SLL, false, d, LO(in->src), 32 - (uint32_t)in->off);
		shift_imm(jit, F_SRL, true, d, d, 32 - (uint32_t)in->off);
	} else if (op == BPF_MOV) {
		if (k)
			load_imm(jit, d, imm);
		else
			mv(jit, d, LO(in->src));
	} else if (op == BPF_NEG) {
		emit(jit, r_type(0x20, d, ZERO, F_ADD, d, OP));
	} else if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && k) {
		shift_op(jit, op, d, d, (uint32_t)imm & 31, OP_IMM);
	} else if (!(k && immediate_op(jit, op, d, d, imm, OP_IMM))) {
		source(jit, in, &s, &sh);
		if (op == BPF_DIV || op == BPF_MOD)
			divide_op(jit, in, d, s, OP);
		else
			register_op(jit, op, d, d, s, OP);
	}
	if (!high_zero(in->dst)) /* else it is 0 already */
		mv(jit, HI(in->dst), ZERO);
}

/* Where a caller-saved eBPF half sits while divide() calls out: its slot in
   the 48-byte block, or -1 for a register the call keeps. */
static const uint8_t caller_saved[] = {T0, T1, T2, T3, A0, A1, A2, A3, A4, A5, A6, A7};

static int caller_slot(uint32_t reg)
{
	for (unsigned k = 0; k < sizeof caller_saved; k++)
		if (caller_saved[k] == reg)
			return 4 * (int)k;
	return -1;
}

static void argument(struct bpf_jit *jit, uint32_t rd, uint32_t reg)
{
	int slot = caller_slot(reg);
	if (slot >= 0)
		emit(jit, i_type(slot, SP, LW, rd, LOAD));
	else
		mv(jit, rd, reg);
}

/* 64-bit division and remainder: rv32 has only 32-bit dividers, so the
   interpreter's own function, with every caller-saved eBPF register kept. */
static void divide(struct bpf_jit *jit, const struct bpf_insn *in)
{
	uint32_t s, sh, d = LO(in->dst), dh = HI(in->dst);
	source(jit, in, &s, &sh);
	addi(jit, SP, SP, -48);
	for (unsigned k = 0; k < sizeof caller_saved; k++)
		emit(jit, s_type(4 * (int32_t)k, caller_saved[k], SP, 2));
	argument(jit, A2, s); /* K_LO, K_HI and x0 are not in the block */
	argument(jit, A3, sh);
	argument(jit, A0, d);
	argument(jit, A1, dh);
	addi(jit, A4, ZERO, (BPF_OP(in->code) == BPF_MOD) | (in->off == 1) << 1);
	call(jit, (uintptr_t)bpf_jit_divide);
	if (caller_slot(d) >= 0) {
		emit(jit, s_type(caller_slot(d), A0, SP, 2));
		emit(jit, s_type(caller_slot(dh), A1, SP, 2));
	} else {
		mv(jit, d, A0);
		mv(jit, dh, A1);
	}
	for (unsigned k = 0; k < sizeof caller_saved; k++)
		emit(jit, i_type(4 * (int32_t)k, SP, LW, caller_saved[k], LOAD));
	addi(jit, SP, SP, 48);
}

/* A 64-bit shift by the constant n (0..63). */
static void shift64_imm(struct bpf_jit *jit, uint8_t op, uint32_t d, uint32_t dh, uint32_t n)
{
	if (n == 0)
		return;
	if (op == BPF_LSH) {
		if (n >= 32) {
			shift_imm(jit, F_SLL, false, dh, d, n - 32);
			mv(jit, d, ZERO);
		} else {
			shift_imm(jit, F_SLL, false, dh, dh, n);
			shift_imm(jit, F_SRL, false, X1, d, 32 - n);
			emit(jit, r_type(0, X1, dh, F_OR, dh, OP));
			shift_imm(jit, F_SLL, false, d, d, n);
		}
		return;
	}
	bool arith = op == BPF_ARSH;
	if (n >= 32) {
		shift_imm(jit, F_SRL, arith, d, dh, n - 32);
		if (arith)
			shift_imm(jit, F_SRL, true, dh, dh, 31);
		else
			mv(jit, dh, ZERO);
	} else {
		shift_imm(jit, F_SRL, false, d, d, n);
		shift_imm(jit, F_SLL, false, X1, dh, 32 - n);
		emit(jit, r_type(0, X1, d, F_OR, d, OP));
		shift_imm(jit, F_SRL, arith, dh, dh, n);
	}
}

/* A 64-bit shift by a register's low 6 bits: one path for n >= 32, one for
   n < 32, where the bits crossing halves move in two steps (n may be 0). */
static void shift64_reg(struct bpf_jit *jit, uint8_t op, uint32_t d, uint32_t dh, uint32_t s)
{
	bool arith = op == BPF_ARSH;
	emit(jit, i_type(63, s, F_AND, X1, OP_IMM));
	addi(jit, X2, X1, -32);
	uint32_t small = placeholder(jit);
	if (op == BPF_LSH) {
		emit(jit, r_type(0, X2, d, F_SLL, dh, OP));
		mv(jit, d, ZERO);
	} else {
		emit(jit, r_type(arith ? 0x20 : 0, X2, dh, F_SRL, d, OP));
		if (arith)
			shift_imm(jit, F_SRL, true, dh, dh, 31);
		else
			mv(jit, dh, ZERO);
	}
	uint32_t done = placeholder(jit);
	patch(jit, small, BLT, X2, ZERO); /* n - 32 < 0 */
	emit(jit, i_type(31, X1, F_XOR, X2, OP_IMM)); /* 31 - n */
	if (op == BPF_LSH) {
		emit(jit, r_type(0, X1, dh, F_SLL, dh, OP));
		shift_imm(jit, F_SRL, false, K_LO, d, 1);
		emit(jit, r_type(0, X2, K_LO, F_SRL, K_LO, OP));
		emit(jit, r_type(0, K_LO, dh, F_OR, dh, OP));
		emit(jit, r_type(0, X1, d, F_SLL, d, OP));
	} else {
		emit(jit, r_type(0, X1, d, F_SRL, d, OP));
		shift_imm(jit, F_SLL, false, K_LO, dh, 1);
		emit(jit, r_type(0, X2, K_LO, F_SLL, K_LO, OP));
		emit(jit, r_type(0, K_LO, d, F_OR, d, OP));
		emit(jit, r_type(arith ? 0x20 : 0, X1, dh, F_SRL, dh, OP));
	}
	uint32_t end = jit->length;
	jit->length = done;
	jump(jit, (int32_t)(end - done));
	jit->length = end;
}

static void alu(struct bpf_jit *jit, const struct bpf_insn *in, bool wide)
{
	uint8_t op = BPF_OP(in->code);
	if (op == BPF_END) {
		byte_order(jit, in);
		return;
	}
	if (!wide) {
		alu32(jit, in);
		return;
	}
	uint32_t d = LO(in->dst), dh = HI(in->dst), s, sh;
	bool k = BPF_SRC(in->code) == BPF_K;
	switch (op) {
	case BPF_MOV:
		if (k) {
			load_imm(jit, d, in->imm);
			if (in->imm < 0 || !high_zero(in->dst))
				addi(jit, dh, ZERO, in->imm < 0 ? -1 : 0);
		} else if (in->off == 8 || in->off == 16) {
			shift_imm(jit, F_SLL, false, d, LO(in->src), 32 - (uint32_t)in->off);
			shift_imm(jit, F_SRL, true, d, d, 32 - (uint32_t)in->off);
			shift_imm(jit, F_SRL, true, dh, d, 31);
		} else if (in->off == 32) {
			mv(jit, d, LO(in->src));
			shift_imm(jit, F_SRL, true, dh, d, 31);
		} else {
			mv(jit, d, LO(in->src));
			if (!(high_zero(in->src) && high_zero(in->dst)))
				mv(jit, dh, HI(in->src));
		}
		return;
	case BPF_NEG:
		emit(jit, r_type(0, d, ZERO, F_SLTU, X1, OP)); /* snez: the borrow */
		emit(jit, r_type(0x20, d, ZERO, F_ADD, d, OP));
		emit(jit, r_type(0x20, dh, ZERO, F_ADD, dh, OP));
		emit(jit, r_type(0x20, X1, dh, F_ADD, dh, OP));
		return;
	case BPF_DIV:
	case BPF_MOD:
		divide(jit, in);
		return;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (k && op == BPF_LSH && (in->imm & 63) < 32 && known.bits[in->dst] + (in->imm & 63) <= 32) {
			shift_imm(jit, F_SLL, false, d, d, (uint32_t)(in->imm & 63)); /* the upper half stays 0 */
		} else if (k && op == BPF_LSH && high_zero(in->dst) && (in->imm & 63) > 0 && (in->imm & 63) < 32) {
			shift_imm(jit, F_SRL, false, dh, d, 32 - (uint32_t)(in->imm & 63));
			shift_imm(jit, F_SLL, false, d, d, (uint32_t)(in->imm & 63));
		} else if (k)
			shift64_imm(jit, op, d, dh, (uint32_t)in->imm & 63);
		else
			shift64_reg(jit, op, d, dh, LO(in->src));
		return;
	}
	if (k && (op == BPF_ADD || op == BPF_SUB) && fits12(in->imm) && fits12(-(int64_t)in->imm) &&
	    frame_pointer_after(in->dst, op == BPF_ADD ? in->imm : -(int64_t)in->imm)) {
		addi(jit, d, d, op == BPF_ADD ? in->imm : -in->imm); /* a stack pointer: no carry */
		return;
	}
	if (op == BPF_ADD && known.bits[in->dst] < 32 && (k ? bit_length(in->imm) : known.bits[in->src]) < 32) {
		/* both below 2^31: no carry into the upper half, which stays 0 */
		if (k && fits12(in->imm))
			addi(jit, d, d, in->imm);
		else if (k)
			load_imm(jit, K_LO, in->imm), emit(jit, r_type(0, K_LO, d, F_ADD, d, OP));
		else
			emit(jit, r_type(0, LO(in->src), d, F_ADD, d, OP));
		return;
	}
	if (k && (op == BPF_AND || op == BPF_OR || op == BPF_XOR) && fits12(in->imm)) {
		immediate_op(jit, op, d, d, in->imm, OP_IMM);
		/* the upper half with the immediate's sign extension: 0 or -1 */
		if (in->imm >= 0 && op == BPF_AND && !high_zero(in->dst))
			mv(jit, dh, ZERO);
		else if (in->imm < 0 && op == BPF_OR)
			addi(jit, dh, ZERO, -1);
		else if (in->imm < 0 && op == BPF_XOR)
			emit(jit, i_type(-1, dh, F_XOR, dh, OP_IMM));
		return;
	}
	if (!k && (op == BPF_AND || op == BPF_OR || op == BPF_XOR) && high_zero(in->dst) &&
	    (op == BPF_AND || high_zero(in->src))) {
		register_op(jit, op, d, d, LO(in->src), OP); /* the upper half stays 0 */
		return;
	}
	if (k && op == BPF_ADD && fits12(in->imm)) {
		addi(jit, d, d, in->imm);
		emit(jit, i_type(in->imm, d, F_SLTU, X1, OP_IMM)); /* the carry: sum < addend */
		if (in->imm < 0)
			addi(jit, dh, dh, -1);
		emit(jit, r_type(0, X1, dh, F_ADD, dh, OP));
		return;
	}
	source(jit, in, &s, &sh);
	if (!k && in->src == in->dst && op == BPF_ADD) {
		mv(jit, K_LO, s), mv(jit, K_HI, sh);
		s = K_LO, sh = K_HI;
	}
	switch (op) {
	case BPF_ADD:
		emit(jit, r_type(0, s, d, F_ADD, d, OP));
		emit(jit, r_type(0, s, d, F_SLTU, X1, OP));
		emit(jit, r_type(0, sh, dh, F_ADD, dh, OP));
		emit(jit, r_type(0, X1, dh, F_ADD, dh, OP));
		break;
	case BPF_SUB:
		emit(jit, r_type(0, s, d, F_SLTU, X1, OP));
		emit(jit, r_type(0x20, s, d, F_ADD, d, OP));
		emit(jit, r_type(0x20, sh, dh, F_ADD, dh, OP));
		emit(jit, r_type(0x20, X1, dh, F_ADD, dh, OP));
		break;
	case BPF_MUL:
		emit(jit, r_type(1, s, dh, M_MUL, X1, OP));
		emit(jit, r_type(1, sh, d, M_MUL, X2, OP));
		emit(jit, r_type(0, X2, X1, F_ADD, X1, OP));
		emit(jit, r_type(1, s, d, 3, X2, OP)); /* mulhu */
		emit(jit, r_type(0, X2, X1, F_ADD, dh, OP));
		emit(jit, r_type(1, s, d, M_MUL, d, OP));
		break;
	case BPF_OR:
		emit(jit, r_type(0, s, d, F_OR, d, OP));
		emit(jit, r_type(0, sh, dh, F_OR, dh, OP));
		break;
	case BPF_AND:
		emit(jit, r_type(0, s, d, F_AND, d, OP));
		emit(jit, r_type(0, sh, dh, F_AND, dh, OP));
		break;
	case BPF_XOR:
		emit(jit, r_type(0, s, d, F_XOR, d, OP));
		emit(jit, r_type(0, sh, dh, F_XOR, dh, OP));
		break;
	}
}

static const uint8_t load_f3[] = {[1] = LBU, [2] = LHU, [4] = LW};
static const uint8_t load_sx_f3[] = {[1] = LB, [2] = LH, [4] = LW};

/* rd = size bytes at off(base), a byte at a time. */
static void load_bytes(struct bpf_jit *jit, uint32_t rd, uint32_t base, int32_t off, unsigned size)
{
	emit(jit, i_type(off, base, LBU, rd, LOAD));
	for (unsigned b = 1; b < size; b++) {
		emit(jit, i_type(off + (int32_t)b, base, LBU, X1, LOAD));
		shift_imm(jit, F_SLL, false, X1, X1, 8 * b);
		emit(jit, r_type(0, X1, rd, F_OR, rd, OP));
	}
}

static void load(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned size = size_bytes[BPF_SIZE(in->code) >> 3];
	uint8_t mode = BPF_MODE(in->code);
	int32_t off = in->off;
	uint32_t d = LO(in->dst), dh = HI(in->dst), base = address(jit, LO(in->src), &off, size);
	bool sign = mode == BPF_MEMSX || mode == BPF_MEMSX_UNALIGNED;
	if (mode == BPF_MEM || mode == BPF_MEMSX) {
		if (size == 8) { /* the high word first: base may be d */
			emit(jit, i_type(off + 4, base, LW, dh, LOAD));
			emit(jit, i_type(off, base, LW, d, LOAD));
			return;
		}
		emit(jit, i_type(off, base, sign ? load_sx_f3[size] : load_f3[size], d, LOAD));
	} else if (size == 8) {
		load_bytes(jit, K_LO, base, off, 4);
		load_bytes(jit, K_HI, base, off + 4, 4);
		mv(jit, d, K_LO);
		mv(jit, dh, K_HI);
		return;
	} else {
		uint32_t into = d != base ? d : K_LO; /* gathered in d unless d is the base */
		load_bytes(jit, into, base, off, size);
		if (sign && size < 4)
			shift_imm(jit, F_SLL, false, into, into, 32 - 8 * size),
				shift_imm(jit, F_SRL, true, into, into, 32 - 8 * size);
		mv(jit, d, into);
	}
	if (sign)
		shift_imm(jit, F_SRL, true, dh, d, 31);
	else if (!high_zero(in->dst))
		mv(jit, dh, ZERO);
}

static void store(struct bpf_jit *jit, const struct bpf_insn *in)
{
	unsigned size = size_bytes[BPF_SIZE(in->code) >> 3];
	int32_t off = in->off;
	uint32_t base = address(jit, LO(in->dst), &off, size), lo, hi;
	if (BPF_CLASS(in->code) == BPF_ST) {
		lo = hi = ZERO;
		if (in->imm)
			load_imm(jit, K_LO, in->imm), lo = K_LO;
		if (in->imm < 0)
			addi(jit, K_HI, ZERO, -1), hi = K_HI;
	} else {
		lo = LO(in->src);
		hi = HI(in->src);
	}
	if (BPF_MODE(in->code) == BPF_MEM) {
		emit(jit, s_type(off, lo, base, size == 8 ? 2 : store_f3[size]));
		if (size == 8)
			emit(jit, s_type(off + 4, hi, base, 2));
		return;
	}
	for (unsigned b = 0; b < size; b++) {
		uint32_t half = b < 4 ? lo : hi;
		if (b % 4 == 0) {
			emit(jit, s_type(off + (int32_t)b, half, base, 0));
		} else {
			shift_imm(jit, F_SRL, false, X1, half, 8 * (b % 4));
			emit(jit, s_type(off + (int32_t)b, X1, base, 0));
		}
	}
}

/* As on rv64: a plain load, operation and store. The old value in X1:RA
   (ra is free between calls: the prologue or a function's entry saved it). */
static void atomic(struct bpf_jit *jit, const struct bpf_insn *in)
{
	bool wide = BPF_SIZE(in->code) == BPF_DW;
	int32_t off = in->off;
	uint32_t base = address(jit, LO(in->dst), &off, 8), s = LO(in->src), sh = HI(in->src);
	emit(jit, i_type(off, base, LW, X1, LOAD));
	if (wide)
		emit(jit, i_type(off + 4, base, LW, RA, LOAD));
	else
		mv(jit, RA, ZERO);
	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD:
		emit(jit, r_type(0, s, X1, F_ADD, K_LO, OP));
		emit(jit, r_type(0, X1, K_LO, F_SLTU, K_HI, OP));
		emit(jit, r_type(0, RA, K_HI, F_ADD, K_HI, OP));
		if (!high_zero(in->src))
			emit(jit, r_type(0, sh, K_HI, F_ADD, K_HI, OP));
		break;
	case BPF_OR:
		emit(jit, r_type(0, s, X1, F_OR, K_LO, OP));
		emit(jit, r_type(0, sh, RA, F_OR, K_HI, OP));
		break;
	case BPF_AND:
		emit(jit, r_type(0, s, X1, F_AND, K_LO, OP));
		emit(jit, r_type(0, sh, RA, F_AND, K_HI, OP));
		break;
	case BPF_XOR:
		emit(jit, r_type(0, s, X1, F_XOR, K_LO, OP));
		emit(jit, r_type(0, sh, RA, F_XOR, K_HI, OP));
		break;
	case BPF_XCHG & ~BPF_FETCH:
		mv(jit, K_LO, s);
		mv(jit, K_HI, sh);
		break;
	default: /* BPF_CMPXCHG: new = old == r0 ? src : old (32 bits: the low halves) */
		mv(jit, K_LO, X1);
		mv(jit, K_HI, RA);
		emit(jit, b_type(wide ? 16 : 12, LO(0), X1, BNE));
		if (wide)
			emit(jit, b_type(12, HI(0), RA, BNE));
		mv(jit, K_LO, s);
		mv(jit, K_HI, sh);
		break;
	}
	emit(jit, s_type(off, K_LO, base, 2));
	if (wide)
		emit(jit, s_type(off + 4, K_HI, base, 2));
	if (in->imm == BPF_CMPXCHG)
		mv(jit, LO(0), X1), mv(jit, HI(0), RA);
	else if (in->imm & BPF_FETCH)
		mv(jit, s, X1), mv(jit, sh, RA);
}

static void conditional(struct bpf_jit *jit, const struct bpf_insn *in, uint32_t i, uint32_t target)
{
	bool wide = BPF_CLASS(in->code) == BPF_JMP;
	uint32_t d = LO(in->dst), dh = HI(in->dst), s, sh;
	uint8_t op = BPF_OP(in->code);
	/* Both upper halves zero: the low halves decide, unsigned (two
	   non-negative numbers order the same signed or not). */
	bool narrow = wide && high_zero(in->dst) &&
		      (BPF_SRC(in->code) == BPF_K ? in->imm >= 0 : high_zero(in->src));
	if (narrow)
		wide = false;
	source(jit, in, &s, &sh);
	if (op == BPF_JSET) {
		emit(jit, r_type(0, s, d, F_AND, X1, OP));
		if (wide) {
			emit(jit, r_type(0, sh, dh, F_AND, X2, OP));
			emit(jit, r_type(0, X2, X1, F_OR, X1, OP));
		}
		conditional_jump(jit, BNE, X1, ZERO, i, target);
		return;
	}
	if (op == BPF_JNE) {
		if (wide)
			conditional_jump(jit, BNE, dh, sh, i, target);
		conditional_jump(jit, BNE, d, s, i, target);
		return;
	}
	/* The low halves decide unsigned, once the high halves are equal. */
	uint32_t f3 = BEQ, a = d, b = s;
	bool sign = op == BPF_JSGT || op == BPF_JSGE || op == BPF_JSLT || op == BPF_JSLE;
	switch (op) {
	case BPF_JGT: case BPF_JSGT: f3 = BLTU, a = s, b = d; break;
	case BPF_JGE: case BPF_JSGE: f3 = BGEU; break;
	case BPF_JLT: case BPF_JSLT: f3 = BLTU; break;
	case BPF_JLE: case BPF_JSLE: f3 = BGEU, a = s, b = d; break;
	}
	if (!wide) {
		if (sign && !narrow)
			f3 &= ~2u; /* BLT, BGE */
		conditional_jump(jit, f3, a, b, i, target);
		return;
	}
	uint32_t skip;
	if (op == BPF_JEQ) {
		skip = placeholder(jit);
		conditional_jump(jit, BEQ, d, s, i, target);
		patch(jit, skip, BNE, dh, sh);
		return;
	}
	/* The high halves, signed or not, when they differ. */
	bool greater = op == BPF_JGT || op == BPF_JSGT || op == BPF_JGE || op == BPF_JSGE;
	uint32_t hi_f3 = sign ? BLT : BLTU;
	if (greater)
		conditional_jump(jit, hi_f3, sh, dh, i, target);
	else
		conditional_jump(jit, hi_f3, dh, sh, i, target);
	skip = placeholder(jit);
	conditional_jump(jit, f3, a, b, i, target);
	patch(jit, skip, BNE, dh, sh);
}

static uint32_t half(unsigned r, unsigned k)
{
	return k ? HI(r) : LO(r);
}

static void clear_high(struct bpf_jit *jit, unsigned r)
{
	mv(jit, HI(r), ZERO);
}

/* r1 = ctx: a0 already, a1 its high half; r2 = its size for a program that reads it. */
static void entry_arguments(struct bpf_jit *jit)
{
	mv(jit, HI(1), ZERO);
	if (layout.ctx_size_read) {
		load_imm(jit, LO(2), (int32_t)jit->prog->ctx_size);
		mv(jit, HI(2), ZERO);
	}
}

/* A helper: r1..r4 are already the ABI's argument pairs; r5 (and callx's
   number) go on the stack, as the ABI passes a fifth and sixth 64-bit
   argument — not for a helper known to take fewer. */
static void helper_call(struct bpf_jit *jit, uintptr_t fn, int id, bool five)
{
	if (five || id >= 0) {
		addi(jit, SP, SP, -16);
		emit(jit, s_type(0, LO(5), SP, 2));
		emit(jit, s_type(4, HI(5), SP, 2));
		if (id >= 0) {
			emit(jit, s_type(8, LO(id), SP, 2));
			emit(jit, s_type(12, HI(id), SP, 2));
		}
	}
	call(jit, fn);
	if (five || id >= 0)
		addi(jit, SP, SP, 16);
	mv(jit, LO(0), A0);
	mv(jit, HI(0), A1);
}

static void load_imm64(struct bpf_jit *jit, unsigned dst, uint64_t value)
{
	load_imm(jit, LO(dst), (int32_t)(uint32_t)value);
	if (value >> 32 || !high_zero(dst))
		load_imm(jit, HI(dst), (int32_t)(uint32_t)(value >> 32));
}

static bool clobbers_ra(const struct bpf_insn *in)
{
	uint8_t op = BPF_OP(in->code);
	return (BPF_CLASS(in->code) == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC) ||
	       (BPF_CLASS(in->code) == BPF_ALU64 && (op == BPF_DIV || op == BPF_MOD)); /* divide() calls */
}

static bool needs_second_scratch(const struct bpf_insn *in)
{
	uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code);
	if (class == BPF_ALU64 && (op == BPF_MUL || (BPF_SRC(in->code) == BPF_X &&
						     (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH))))
		return true;
	if ((class == BPF_ALU || class == BPF_ALU64) && op == BPF_END && in->imm == 64)
		return true;
	if (class == BPF_JMP && op == BPF_JSET)
		return true;
	return (class == BPF_LDX || class == BPF_ST || class == BPF_STX) && !(fits12(in->off) && fits12(in->off + 8));
}

/* rX = rY followed by rX op= K, for a value whose upper half is zero and
   stays so (masks, short shifts, small sums, stack pointers): one
   instruction on the low half. Returns whether it emitted the pair. */
static bool fuse_move(struct bpf_jit *jit, const struct bpf_insn *in)
{
	const struct bpf_insn *next = in + 1;
	uint8_t op = BPF_OP(next->code);
	unsigned x = in->dst, y = in->src;
	if (in->code != (BPF_ALU64 | BPF_MOV | BPF_X) || in->off || x == y || !high_zero(y) ||
	    BPF_CLASS(next->code) != BPF_ALU64 || BPF_SRC(next->code) != BPF_K || next->dst != x || next->off)
		return false;
	int32_t imm = next->imm;
	uint32_t f3;
	if (op == BPF_ADD && fits12(imm) && (frame_pointer_after(y, imm) ||
					     (known.bits[y] < 32 && imm >= 0)))
		f3 = F_ADD;
	else if (op == BPF_AND && fits12(imm) && imm >= 0)
		f3 = F_AND;
	else if ((op == BPF_OR || op == BPF_XOR) && fits12(imm) && imm >= 0)
		f3 = op == BPF_OR ? F_OR : F_XOR;
	else if (op == BPF_LSH && (imm & 63) < 32 && known.bits[y] + (imm & 63) <= 32)
		f3 = F_SLL, imm &= 31;
	else if (op == BPF_RSH && (imm & 63) < 32)
		f3 = F_SRL, imm &= 31;
	else
		return false;
	emit(jit, i_type(imm, LO(y), f3, LO(x), OP_IMM));
	if (!high_zero(x))
		mv(jit, HI(x), ZERO);
	return true;
}

#endif

/* Whether the prologue saves reg: ra for a program that calls, r6..r10's
   registers for one that uses them, the budget's for one that loops, the
   base stack pointer for one with functions, and rv32's second scratch
   (TEMP_ADDR, s11) where an instruction needs it. */
static bool saved(uint32_t reg)
{
	switch (reg) {
	case RA: return layout.return_address;
	case TEMP_ADDR: return layout.second_scratch;
	case BUDGET: return layout.loops;
	case BASE_SP: return layout.local_calls;
	}
	for (unsigned r = 6; r <= 10; r++)
		for (unsigned k = 0; k < HALVES; k++)
			if (half(r, k) == reg)
				return layout.used >> r & 1;
	return false;
}

static void prologue(struct bpf_jit *jit)
{
	addi(jit, SP, SP, -FRAME);
	for (unsigned r = 0; r < sizeof saved_regs; r++)
		if (saved(saved_regs[r]))
			emit(jit, s_type(BPF_STACK_SIZE + XLEN_BYTES * (int32_t)r, saved_regs[r], SP, STORE_X));
	emit(jit, s_type(RESULT_SLOT, A1, SP, STORE_X));
	if (layout.loops)
		mv(jit, BUDGET, A2);
	if (layout.local_calls)
		mv(jit, BASE_SP, SP);
	if (layout.used >> 10 & 1)
		addi(jit, reg_map[10], SP, BPF_STACK_SIZE);
	entry_arguments(jit);
}

static void epilogue(struct bpf_jit *jit)
{
	emit(jit, i_type(RESULT_SLOT, SP, LOAD_X, X1, LOAD));
	for (unsigned k = 0; k < HALVES; k++)
		emit(jit, s_type(XLEN_BYTES * (int32_t)k, half(0, k), X1, STORE_X));
	addi(jit, A0, ZERO, 0);
	/* EXIT_RESTORE */
	if (layout.local_calls)
		mv(jit, SP, BASE_SP);
	for (unsigned r = 0; r < sizeof saved_regs; r++)
		if (saved(saved_regs[r]))
			emit(jit, i_type(BPF_STACK_SIZE + XLEN_BYTES * (int32_t)r, SP, LOAD_X, saved_regs[r], LOAD));
	addi(jit, SP, SP, FRAME);
	emit(jit, i_type(0, RA, 0, ZERO, JALR));
	/* exit_timeout() */
	addi(jit, A0, ZERO, -ETIMEDOUT);
	jump(jit, -(int32_t)layout.restore_length - 4);
}

/* rd *= a map's value stride (tmp free). */
static void scale(struct bpf_jit *jit, uint32_t rd, uint32_t stride, uint32_t tmp)
{
	if ((stride & (stride - 1)) == 0) {
		shift_imm(jit, F_SLL, false, rd, rd, (uint32_t)__builtin_ctz(stride));
		return;
	}
	load_imm(jit, tmp, stride);
	emit(jit, r_type(1, tmp, rd, M_MUL, rd, OP));
}

/* map_lookup_elem on an array map the program names, its key on the stack
   at r10 + key: the bounds check and the address, inline. The limit's
   register serves the scale after it: the branch has read it by then. */
static void lookup_array(struct bpf_jit *jit, const struct bpf_map *map, int32_t key)
{
	emit(jit, i_type(key, reg_map[10], LOAD_WORD, X1, LOAD));
	load_imm(jit, K_LO, (int32_t)map->max_entries);
	for (unsigned k = 0; k < HALVES; k++)
		mv(jit, half(0, k), ZERO);
	uint32_t skip = placeholder(jit);
	scale(jit, X1, (map->value_size + 7) & ~7u, K_LO);
	load_address(jit, reg_map[0], (uintptr_t)map->storage);
	emit(jit, r_type(0, X1, reg_map[0], F_ADD, reg_map[0], OP));
	patch(jit, skip, BGEU, X1, K_LO);
}

/* map_lookup_elem on a hash map with 4-byte keys: the key's value to the
   map's own lookup (the map already in a0, as r1). */
static void lookup_hash32(struct bpf_jit *jit, int32_t key)
{
	emit(jit, i_type(key, reg_map[10], LOAD_WORD, A1, LOAD));
	call(jit, (uintptr_t)bpf_map_lookup_hash32);
	mv(jit, reg_map[0], A0);
	clear_high(jit, 0);
}

/* Keeps (or takes back) eBPF register r at off(sp) around a local call. */
static void keep_register(struct bpf_jit *jit, unsigned r, int32_t off, bool store)
{
	for (unsigned k = 0; k < HALVES; k++) {
		int32_t at = off + XLEN_BYTES * (int32_t)k;
		if (store)
			emit(jit, s_type(at, half(r, k), SP, STORE_X));
		else
			emit(jit, i_type(at, SP, LOAD_X, half(r, k), LOAD));
	}
}

static void track(const struct bpf_program *prog, const struct bpf_insn *in)
{
	uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code), mode = BPF_MODE(in->code);
	unsigned d = in->dst, s = in->src, r;
	bool k = BPF_SRC(in->code) == BPF_K;
	uint8_t bd = known.bits[d], bs = k ? bit_length(in->imm) : known.bits[s];
	uint8_t n = (uint8_t)(in->imm & 63);
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		uintptr_t value = (uintptr_t)((uint32_t)in[0].imm | (uint64_t)(uint32_t)in[1].imm << 32);
		forget(d);
		known.bits[d] = in[1].imm == 0 ? 32 : 64;
		for (uint32_t m = 0; m < prog->map_count; m++)
			if ((uintptr_t)prog->maps[m] == value)
				known.map[d] = prog->maps[m];
	} else if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == 0) {
		known.map[d] = known.map[s];
		known.on_frame[d] = known.on_frame[s];
		known.frame_offset[d] = known.frame_offset[s];
		known.bits[d] = known.bits[s];
	} else if ((in->code == (BPF_ALU64 | BPF_ADD | BPF_K) || in->code == (BPF_ALU64 | BPF_SUB | BPF_K)) &&
		   known.on_frame[d]) {
		int64_t add = op == BPF_ADD ? in->imm : -(int64_t)in->imm;
		known.map[d] = NULL;
		known.bits[d] = frame_pointer_after(d, add) ? 32 : 64;
		known.frame_offset[d] += add;
	} else if ((class == BPF_JMP || class == BPF_JMP32) && op == BPF_CALL) {
		for (r = 0; r <= 5; r++)
			forget(r);
	} else if (class == BPF_ALU64 && in->off == 0 && (op == BPF_AND || op == BPF_OR || op == BPF_XOR ||
							  op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH ||
							  op == BPF_MOV || op == BPF_ADD)) {
		uint8_t bits = op == BPF_MOV ? bs
			     : op == BPF_ADD ? (bd < 64 && bs < 64 ? (bd > bs ? bd : bs) + 1 : 64)
			     : op == BPF_AND ? (bd < bs ? bd : bs)
			     : op == BPF_OR || op == BPF_XOR ? (bd > bs ? bd : bs)
			     : op == BPF_LSH ? (k && bd + n < 64 ? bd + n : 64)
			     : op == BPF_RSH ? (k ? (bd > n ? bd - n : 0) : bd)
			     : bd < 64 ? (k ? (bd > n ? bd - n : 0) : bd) : 64; /* ARSH of a non-negative value */
		forget(d);
		known.bits[d] = bits;
	} else if (writes_register(in, &r)) {
		/* 32-bit results, zero-extending loads and swaps leave the upper half 0 */
		uint8_t bits = 64;
		if (class == BPF_ALU && op == BPF_END)
			bits = (uint8_t)(in->imm < 64 ? in->imm : 64);
		else if (class == BPF_ALU)
			bits = 32;
		else if (class == BPF_LDX && BPF_SIZE(in->code) != BPF_DW && (mode == BPF_MEM || mode == BPF_MEM_UNALIGNED))
			bits = (uint8_t)(8 * size_bytes[BPF_SIZE(in->code) >> 3]);
		forget(r);
		if (r == d)
			known.bits[r] = bits;
	}
}

/* map_lookup_elem with r1 a known map and r2 a 4-aligned key on the
   stack: inline for an array, by key value for a 4-byte-key hash map.
   Returns whether it emitted the call so. */
static bool map_lookup(struct bpf_jit *jit, const struct bpf_insn *in)
{
	const struct bpf_map *map = known.map[1];
	int64_t key = known.frame_offset[2];
	if (bpf_helpers[in->imm].id != BPF_FUNC_map_lookup_elem || !map || !known.on_frame[2] || (key & 3) ||
	    !fits12(key) || !fits12(key + 4))
		return false;
	if (map->type == BPF_MAP_TYPE_ARRAY) {
		lookup_array(jit, map, (int32_t)key);
		return true;
	}
	if (map->type == BPF_MAP_TYPE_HASH && map->key_size == 4) {
		lookup_hash32(jit, (int32_t)key);
		return true;
	}
	return false;
}

/* The map helpers read at most four arguments (rv32 passes a fifth on
   the stack). */
static bool takes_four(const struct bpf_helper *helper)
{
	return helper->id == BPF_FUNC_map_lookup_elem || helper->id == BPF_FUNC_map_update_elem ||
	       helper->id == BPF_FUNC_map_delete_elem;
}

/* A function that calls on (or on rv32 uses ra as scratch) keeps its
   return address in a 16-byte frame of its own; a leaf leaves ra alone. */
static bool keeps_return_address(uint8_t entry)
{
	return entry & ENTRY_CALLS;
}

/* A bpf-to-bpf call: the budget charged; the caller's r6..r9 that the
   callee may change (all, if it calls on) kept on the machine stack; the
   callee's r10 below the caller's frame, as the interpreter puts it. */
static void local_call(struct bpf_jit *jit, uint32_t target, int16_t frame)
{
	uint8_t callee = jit->entries[target];
	unsigned keep[4], n = 0;
	for (unsigned r = 6; r <= 9; r++)
		if ((layout.used >> r & 1) && (callee & ENTRY_CALLS || callee & ENTRY_WRITES << (r - 6)))
			keep[n++] = r;
	int32_t area = (int32_t)(8 * n + 15) & ~15;
	/* r10 moves down for a callee that uses it, or calls one that may;
	   not at all in a program that never uses r10 (its register is not
	   saved, and a timeout would leave it moved). */
	int32_t below = (layout.used >> 10 & 1) && (callee & (ENTRY_FRAME | ENTRY_CALLS)) ? (uint16_t)frame : 0;
	charge_budget(jit);
	if (n)
		addi(jit, SP, SP, -area);
	for (unsigned k = 0; k < n; k++)
		keep_register(jit, keep[k], 8 * (int32_t)k, true);
	if (below)
		addi(jit, reg_map[10], reg_map[10], -below);
	emit(jit, j_type(distance_to(jit, target) - (keeps_return_address(callee) ? 8 : 0), RA));
	if (below)
		addi(jit, reg_map[10], reg_map[10], below);
	for (unsigned k = 0; k < n; k++)
		keep_register(jit, keep[k], 8 * (int32_t)k, false);
	if (n)
		addi(jit, SP, SP, area);
}

int bpf_jit_emit(struct bpf_jit *jit)
{
	const struct bpf_program *prog = jit->prog;
	uint32_t function = 0;
	plan(jit);
	prologue(jit);
	forget_all();
	known.bits[1] = XLEN_BYTES == 4 ? 32 : 64; /* rv32: a pointer */
	if (layout.ctx_size_read)
		known.bits[2] = 32; /* ctx_size */
	for (uint32_t i = 0; i < prog->count; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		bool inline_lookup = false;
		if (jit->entries[i] & ENTRY_CALL) {
			function = i;
			if (keeps_return_address(jit->entries[i])) {
				addi(jit, SP, SP, -16);
				emit(jit, s_type(8, RA, SP, STORE_X));
			}
		}
		if (jit->entries[i] & (ENTRY_CALL | ENTRY_JUMP))
			forget_all();
		jit->offsets[i] = jit->length;
		if (i + 1 < prog->count && !(jit->entries[i + 1] & (ENTRY_CALL | ENTRY_JUMP)) && fuse_move(jit, in)) {
			track(prog, in);
			track(prog, in + 1);
			jit->offsets[++i] = jit->length;
			continue;
		}
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
			load_imm64(jit, in->dst, (uint32_t)in[0].imm | (uint64_t)(uint32_t)in[1].imm << 32);
			track(prog, in);
			jit->offsets[++i] = jit->length;
			continue;
		case BPF_JMP:
		case BPF_JMP32: {
			uint8_t op = BPF_OP(in->code);
			if (op == BPF_JA) {
				jump_to(jit, i, i + 1 + (uint32_t)(class == BPF_JMP ? in->off : in->imm));
			} else if (op == BPF_EXIT) {
				if (i >= jit->main_end) {
					if (keeps_return_address(jit->entries[function])) {
						emit(jit, i_type(8, SP, LOAD_X, RA, LOAD));
						addi(jit, SP, SP, 16);
					}
					emit(jit, i_type(0, RA, 0, ZERO, JALR));
				} else if (i + 1 < prog->count) {
					jump(jit, distance_to_exit(jit, 0));
				} /* else the exit code follows */
			} else if (op == BPF_CALL && in->src == BPF_PSEUDO_CALL) {
				local_call(jit, i + 1 + (uint32_t)in->imm, in->off);
			} else if (op == BPF_CALL) {
				const struct bpf_helper *helper = &bpf_helpers[in->imm];
				if (BPF_SRC(in->code) == BPF_X)
					helper_call(jit, (uintptr_t)bpf_jit_call_helper, in->dst, true);
				else if (map_lookup(jit, in))
					inline_lookup = true;
				else
					helper_call(jit, (uintptr_t)helper->fn, -1, !takes_four(helper));
			} else {
				conditional(jit, in, i, i + 1 + (uint32_t)in->off);
			}
			break;
		}
		default:
			jit->failed_insn = i;
			return -ENOTSUP;
		}
		track(prog, in);
		if (inline_lookup)
			known.bits[0] = 32; /* a pointer, or NULL */
	}
	jit->offsets[prog->count] = jit->length;
	epilogue(jit);
	return 0;
}
