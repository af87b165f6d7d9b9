/*
 * test_bpf_isa.c — every instruction class against RFC 9669's semantics,
 * edge cases included: division by zero, shift masking, sign extension,
 * 32-bit operations zeroing the upper half.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "test_bpf.h"

struct example {
	const char *name;
	const struct bpf_insn *insns;
	uint32_t count;
	uint64_t r0;
};

#define ALL_ONES 0xffffffffffffffffull
#define SDIV 1 /* off of a signed division or modulo */

static void check(const struct example *examples, size_t n)
{
	uint64_t ctx[8] = {0x8877665544332211ull, 0x80ff7f80, 0, 0, 0, 0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		uint64_t r0 = 0xdead;
		int err = bpf_test_run(examples[i].insns, examples[i].count, ctx, sizeof ctx, &r0);
		if (err)
			fail_msg("%s: error %d (%s)", examples[i].name, err, bpf_test_log);
		if (r0 != examples[i].r0)
			fail_msg("%s: r0 = 0x%llx, want 0x%llx", examples[i].name, (unsigned long long)r0,
				 (unsigned long long)examples[i].r0);
	}
}

#define CHECK(table) check(table, sizeof table / sizeof table[0])

static void arithmetic(void **state)
{
	(void)state;
	const struct example t[] = {
		{"add64 wraps", PROGRAM(LD_IMM64(0, ALL_ONES), ALU64_IMM(BPF_ADD, 0, 2), EXIT), 1},
		{"add32 zeroes the upper half", PROGRAM(LD_IMM64(0, 0x1234567800000001ull), ALU32_IMM(BPF_ADD, 0, 1), EXIT), 2},
		{"add32 wraps at 32 bits", PROGRAM(MOV64_IMM(0, -1), ALU32_IMM(BPF_ADD, 0, 1), EXIT), 0},
		{"sub64", PROGRAM(MOV64_IMM(0, 3), MOV64_IMM(1, 5), ALU64_REG(BPF_SUB, 0, 1), EXIT), ALL_ONES - 1},
		{"sub32", PROGRAM(MOV64_IMM(0, 3), MOV64_IMM(1, 5), ALU32_REG(BPF_SUB, 0, 1), EXIT), 0xfffffffeull},
		{"mul64", PROGRAM(MOV64_IMM(0, 0x10000), ALU64_IMM(BPF_MUL, 0, 0x10000), EXIT), 0x100000000ull},
		{"mul32 truncates", PROGRAM(MOV64_IMM(0, 0x10000), ALU32_IMM(BPF_MUL, 0, 0x10000), EXIT), 0},
		{"mul64 imm is sign-extended", PROGRAM(MOV64_IMM(0, 3), ALU64_IMM(BPF_MUL, 0, -2), EXIT), (uint64_t)-6},
		{"or", PROGRAM(MOV64_IMM(0, 0x0f), ALU64_IMM(BPF_OR, 0, 0x30), EXIT), 0x3f},
		{"and64 imm sign-extends", PROGRAM(LD_IMM64(0, 0x123456789ull), ALU64_IMM(BPF_AND, 0, -16), EXIT), 0x123456780ull},
		{"and32", PROGRAM(LD_IMM64(0, 0x123456789ull), ALU32_IMM(BPF_AND, 0, -16), EXIT), 0x23456780ull},
		{"xor", PROGRAM(MOV64_IMM(0, 0x5a), ALU64_IMM(BPF_XOR, 0, 0xff), EXIT), 0xa5},
		{"xor32 zeroes the upper half", PROGRAM(MOV64_IMM(0, -1), ALU32_IMM(BPF_XOR, 0, 0), EXIT), 0xffffffffull},
		{"neg64", PROGRAM(MOV64_IMM(0, 5), ALU64_IMM(BPF_NEG, 0, 0), EXIT), (uint64_t)-5},
		{"neg32", PROGRAM(MOV64_IMM(0, 5), ALU32_IMM(BPF_NEG, 0, 0), EXIT), 0xfffffffbull},
		{"mov64 imm sign-extends", PROGRAM(MOV64_IMM(0, -1), EXIT), ALL_ONES},
		{"mov32 imm zero-extends", PROGRAM(ALU32_IMM(BPF_MOV, 0, -1), EXIT), 0xffffffffull},
		{"mov32 reg zero-extends", PROGRAM(LD_IMM64(1, ALL_ONES), ALU32_REG(BPF_MOV, 0, 1), EXIT), 0xffffffffull},
		{"lddw", PROGRAM(LD_IMM64(0, 0x123456789abcdef0ull), EXIT), 0x123456789abcdef0ull},
	};
	CHECK(t);
}

static void division(void **state)
{
	(void)state;
	const struct example t[] = {
		{"div64", PROGRAM(MOV64_IMM(0, 100), ALU64_IMM(BPF_DIV, 0, 7), EXIT), 14},
		{"div64 by zero register is 0", PROGRAM(MOV64_IMM(0, 100), MOV64_IMM(1, 0), ALU64_REG(BPF_DIV, 0, 1), EXIT), 0},
		{"div32 by zero register is 0", PROGRAM(MOV64_IMM(0, 100), MOV64_IMM(1, 0), ALU32_REG(BPF_DIV, 0, 1), EXIT), 0},
		{"div32 divides the low halves", PROGRAM(LD_IMM64(0, 0x100000064ull), LD_IMM64(1, 0x100000005ull), ALU32_REG(BPF_DIV, 0, 1), EXIT), 20},
		{"div64 imm is sign-extended then unsigned", PROGRAM(MOV64_IMM(0, 10), ALU64_IMM(BPF_DIV, 0, -1), EXIT), 0},
		{"div32 imm is unsigned", PROGRAM(ALU32_IMM(BPF_MOV, 0, -2), ALU32_IMM(BPF_DIV, 0, -1), EXIT), 0},
		{"mod64", PROGRAM(MOV64_IMM(0, 100), ALU64_IMM(BPF_MOD, 0, 7), EXIT), 2},
		{"mod64 by zero leaves the dividend", PROGRAM(LD_IMM64(0, 0x100000005ull), MOV64_IMM(1, 0), ALU64_REG(BPF_MOD, 0, 1), EXIT), 0x100000005ull},
		{"mod32 by zero leaves the low half", PROGRAM(LD_IMM64(0, 0x100000005ull), MOV64_IMM(1, 0), ALU32_REG(BPF_MOD, 0, 1), EXIT), 5},
		{"sdiv64 truncates toward zero", PROGRAM(MOV64_IMM(0, -7), BPF_INSN(BPF_ALU64 | BPF_DIV | BPF_K, 0, 0, SDIV, 2), EXIT), (uint64_t)-3},
		{"sdiv32", PROGRAM(MOV64_IMM(0, -7), BPF_INSN(BPF_ALU | BPF_DIV | BPF_K, 0, 0, SDIV, 2), EXIT), 0xfffffffdull},
		{"sdiv64 by zero is 0", PROGRAM(MOV64_IMM(0, -7), MOV64_IMM(1, 0), BPF_INSN(BPF_ALU64 | BPF_DIV | BPF_X, 0, 1, SDIV, 0), EXIT), 0},
		{"sdiv64 MIN / -1 is MIN", PROGRAM(LD_IMM64(0, 0x8000000000000000ull), BPF_INSN(BPF_ALU64 | BPF_DIV | BPF_K, 0, 0, SDIV, -1), EXIT), 0x8000000000000000ull},
		{"sdiv32 MIN / -1 is MIN", PROGRAM(ALU32_IMM(BPF_MOV, 0, INT32_MIN), BPF_INSN(BPF_ALU | BPF_DIV | BPF_K, 0, 0, SDIV, -1), EXIT), 0x80000000ull},
		{"smod64 takes the dividend's sign", PROGRAM(MOV64_IMM(0, -7), BPF_INSN(BPF_ALU64 | BPF_MOD | BPF_K, 0, 0, SDIV, 2), EXIT), ALL_ONES},
		{"smod64 by a negative divisor", PROGRAM(MOV64_IMM(0, 7), BPF_INSN(BPF_ALU64 | BPF_MOD | BPF_K, 0, 0, SDIV, -2), EXIT), 1},
		{"smod64 MIN % -1 is 0", PROGRAM(LD_IMM64(0, 0x8000000000000000ull), BPF_INSN(BPF_ALU64 | BPF_MOD | BPF_K, 0, 0, SDIV, -1), EXIT), 0},
		{"smod32 by zero leaves the low half", PROGRAM(LD_IMM64(0, 0x1fffffff9ull), MOV64_IMM(1, 0), BPF_INSN(BPF_ALU | BPF_MOD | BPF_X, 0, 1, SDIV, 0), EXIT), 0xfffffff9ull},
		{"smod32", PROGRAM(MOV64_IMM(0, -7), BPF_INSN(BPF_ALU | BPF_MOD | BPF_K, 0, 0, SDIV, 3), EXIT), 0xffffffffull},
	};
	CHECK(t);
}

static void shifts(void **state)
{
	(void)state;
	const struct example t[] = {
		{"lsh64", PROGRAM(MOV64_IMM(0, 1), ALU64_IMM(BPF_LSH, 0, 40), EXIT), 1ull << 40},
		{"lsh64 amount masked to 63", PROGRAM(MOV64_IMM(0, 1), MOV64_IMM(1, 65), ALU64_REG(BPF_LSH, 0, 1), EXIT), 2},
		{"lsh64 of a byte into the upper half, and of zero by 32",
		 PROGRAM(MOV64_IMM(0, 0xff), ALU64_IMM(BPF_LSH, 0, 28), MOV64_IMM(1, 0), ALU64_IMM(BPF_LSH, 1, 32),
			 ALU64_REG(BPF_OR, 0, 1), EXIT), 0xff0000000ull},
		{"lsh32 amount masked to 31", PROGRAM(MOV64_IMM(0, 1), MOV64_IMM(1, 33), ALU32_REG(BPF_LSH, 0, 1), EXIT), 2},
		{"lsh32 drops the upper half", PROGRAM(MOV64_IMM(0, 3), ALU32_IMM(BPF_LSH, 0, 31), EXIT), 0x80000000ull},
		{"rsh64 is logical", PROGRAM(MOV64_IMM(0, -1), ALU64_IMM(BPF_RSH, 0, 60), EXIT), 0xf},
		{"rsh32 sees only the low half", PROGRAM(MOV64_IMM(0, -1), ALU32_IMM(BPF_RSH, 0, 28), EXIT), 0xf},
		{"rsh64 amount masked", PROGRAM(MOV64_IMM(0, 256), MOV64_IMM(1, 64 + 4), ALU64_REG(BPF_RSH, 0, 1), EXIT), 16},
		{"arsh64 keeps the sign", PROGRAM(MOV64_IMM(0, -16), ALU64_IMM(BPF_ARSH, 0, 2), EXIT), (uint64_t)-4},
		{"arsh32 on bit 31, zero-extended", PROGRAM(ALU32_IMM(BPF_MOV, 0, INT32_MIN), ALU32_IMM(BPF_ARSH, 0, 4), EXIT), 0xf8000000ull},
		{"arsh32 amount masked", PROGRAM(ALU32_IMM(BPF_MOV, 0, -64), MOV64_IMM(1, 32 + 3), ALU32_REG(BPF_ARSH, 0, 1), EXIT), 0xfffffff8ull},
	};
	CHECK(t);
}

static void sign_extension_and_swaps(void **state)
{
	(void)state;
	const struct example t[] = {
		{"movsx64 8", PROGRAM(MOV64_IMM(1, 0x180), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 8, 0), EXIT), (uint64_t)-128},
		{"movsx64 16", PROGRAM(MOV64_IMM(1, 0x8001), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 16, 0), EXIT), 0xffffffffffff8001ull},
		{"movsx64 32", PROGRAM(ALU32_IMM(BPF_MOV, 1, INT32_MIN), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 32, 0), EXIT), 0xffffffff80000000ull},
		{"movsx64 of a positive value", PROGRAM(MOV64_IMM(1, 0x17f), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 8, 0), EXIT), 0x7f},
		{"movsx32 8 zero-extends the result", PROGRAM(MOV64_IMM(1, 0x80), BPF_INSN(BPF_ALU | BPF_MOV | BPF_X, 0, 1, 8, 0), EXIT), 0xffffff80ull},
		{"movsx32 16", PROGRAM(MOV64_IMM(1, 0x8000), BPF_INSN(BPF_ALU | BPF_MOV | BPF_X, 0, 1, 16, 0), EXIT), 0xffff8000ull},
		{"le16 truncates", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU | BPF_END | BPF_TO_LE, 0, 0, 0, 16), EXIT), 0x7788},
		{"le32 truncates", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU | BPF_END | BPF_TO_LE, 0, 0, 0, 32), EXIT), 0x55667788},
		{"le64 is a no-op", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU | BPF_END | BPF_TO_LE, 0, 0, 0, 64), EXIT), 0x1122334455667788ull},
		{"be16", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 16), EXIT), 0x8877},
		{"be32", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 32), EXIT), 0x88776655},
		{"be64", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 64), EXIT), 0x8877665544332211ull},
		{"bswap16 (ALU64)", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU64 | BPF_END, 0, 0, 0, 16), EXIT), 0x8877},
		{"bswap64 (ALU64)", PROGRAM(LD_IMM64(0, 0x1122334455667788ull), BPF_INSN(BPF_ALU64 | BPF_END, 0, 0, 0, 64), EXIT), 0x8877665544332211ull},
	};
	CHECK(t);
}

/* Each returns 1 when the branch is taken, 0 when not. */
#define BRANCH(jump) PROGRAM(MOV64_IMM(0, 0), jump, EXIT, MOV64_IMM(0, 1), EXIT)
#define SETUP_BRANCH(jump, ...) PROGRAM(__VA_ARGS__, MOV64_IMM(0, 0), jump, EXIT, MOV64_IMM(0, 1), EXIT)

static void jumps(void **state)
{
	(void)state;
	const struct example t[] = {
		{"ja", BRANCH(JA(1)), 1},
		{"ja32 (gotol) uses imm", BRANCH(BPF_INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 1)), 1},
		{"jeq taken", SETUP_BRANCH(JMP_IMM(BPF_JEQ, 1, 7, 1), MOV64_IMM(1, 7)), 1},
		{"jeq not taken", SETUP_BRANCH(JMP_IMM(BPF_JEQ, 1, 8, 1), MOV64_IMM(1, 7)), 0},
		{"jne", SETUP_BRANCH(JMP_IMM(BPF_JNE, 1, 8, 1), MOV64_IMM(1, 7)), 1},
		{"jgt is unsigned", SETUP_BRANCH(JMP_IMM(BPF_JGT, 1, 1, 1), MOV64_IMM(1, -1)), 1},
		{"jsgt is signed", SETUP_BRANCH(JMP_IMM(BPF_JSGT, 1, 1, 1), MOV64_IMM(1, -1)), 0},
		{"jge equal", SETUP_BRANCH(JMP_IMM(BPF_JGE, 1, 5, 1), MOV64_IMM(1, 5)), 1},
		{"jsge negative", SETUP_BRANCH(JMP_IMM(BPF_JSGE, 1, -5, 1), MOV64_IMM(1, -5)), 1},
		{"jlt", SETUP_BRANCH(JMP_IMM(BPF_JLT, 1, 5, 1), MOV64_IMM(1, 4)), 1},
		{"jle", SETUP_BRANCH(JMP_IMM(BPF_JLE, 1, 5, 1), MOV64_IMM(1, 6)), 0},
		{"jslt signed", SETUP_BRANCH(JMP_IMM(BPF_JSLT, 1, 5, 1), MOV64_IMM(1, -6)), 1},
		{"jsle signed", SETUP_BRANCH(JMP_IMM(BPF_JSLE, 1, -5, 1), MOV64_IMM(1, 6)), 0},
		{"jset", SETUP_BRANCH(JMP_IMM(BPF_JSET, 1, 4, 1), MOV64_IMM(1, 6)), 1},
		{"jset no common bit", SETUP_BRANCH(JMP_IMM(BPF_JSET, 1, 9, 1), MOV64_IMM(1, 6)), 0},
		{"jeq imm is sign-extended to 64 bits", SETUP_BRANCH(JMP_IMM(BPF_JEQ, 1, -1, 1), ALU32_IMM(BPF_MOV, 1, -1)), 0},
		{"jeq32 compares low halves", SETUP_BRANCH(JMP32_IMM(BPF_JEQ, 1, -1, 1), ALU32_IMM(BPF_MOV, 1, -1)), 1},
		{"jeq32 ignores the upper half", SETUP_BRANCH(JMP32_IMM(BPF_JEQ, 1, 0, 1), LD_IMM64(1, 0x500000000ull)), 1},
		{"jsgt32 signed on 32 bits", SETUP_BRANCH(JMP32_IMM(BPF_JSGT, 1, 0, 1), ALU32_IMM(BPF_MOV, 1, INT32_MIN)), 0},
		{"jgt32 unsigned on 32 bits", SETUP_BRANCH(JMP32_IMM(BPF_JGT, 1, 0, 1), ALU32_IMM(BPF_MOV, 1, INT32_MIN)), 1},
		{"jgt reg", SETUP_BRANCH(JMP_REG(BPF_JGT, 1, 2, 1), MOV64_IMM(2, 3), MOV64_IMM(1, 4)), 1},
		{"jslt32 reg", SETUP_BRANCH(BPF_INSN(BPF_JMP32 | BPF_JSLT | BPF_X, 1, 2, 1, 0), MOV64_IMM(2, 3), MOV64_IMM(1, -4)), 1},
		{"loop sums 1..100", PROGRAM(MOV64_IMM(0, 0), MOV64_IMM(1, 100), ALU64_REG(BPF_ADD, 0, 1),
					     ALU64_IMM(BPF_SUB, 1, 1), JMP_IMM(BPF_JNE, 1, 0, -3), EXIT), 5050},
	};
	CHECK(t);
}

static void memory(void **state)
{
	(void)state;
	/* ctx: bytes 11 22 33 44 55 66 77 88, then 80 7f ff 80 00 00 00 00 */
	const struct example t[] = {
		{"ldxb", PROGRAM(LDX(BPF_B, 0, 1, 1), EXIT), 0x22},
		{"ldxh little-endian", PROGRAM(LDX(BPF_H, 0, 1, 2), EXIT), 0x4433},
		{"ldxw", PROGRAM(LDX(BPF_W, 0, 1, 4), EXIT), 0x88776655},
		{"ldxdw", PROGRAM(LDX(BPF_DW, 0, 1, 0), EXIT), 0x8877665544332211ull},
		{"ldxsb sign-extends", PROGRAM(BPF_INSN(BPF_LDX | BPF_MEMSX | BPF_B, 0, 1, 8, 0), EXIT), (uint64_t)-128},
		{"ldxsb positive", PROGRAM(BPF_INSN(BPF_LDX | BPF_MEMSX | BPF_B, 0, 1, 9, 0), EXIT), 0x7f},
		{"ldxsh", PROGRAM(BPF_INSN(BPF_LDX | BPF_MEMSX | BPF_H, 0, 1, 10, 0), EXIT), 0xffffffffffff80ffull},
		{"ldxsw", PROGRAM(BPF_INSN(BPF_LDX | BPF_MEMSX | BPF_W, 0, 1, 8, 0), EXIT), 0xffffffff80ff7f80ull},
		{"ldxb zero-extends", PROGRAM(MOV64_IMM(0, -1), LDX(BPF_B, 0, 1, 8), EXIT), 0x80},
		{"r2 holds the context size", PROGRAM(MOV64_REG(0, 2), EXIT), 64},
		{"stx and ldx on the stack", PROGRAM(LD_IMM64(2, 0x1122334455667788ull), STX(BPF_DW, 10, 2, -8),
						     LDX(BPF_B, 0, 10, -8), EXIT), 0x88},
		{"st imm is sign-extended for dw", PROGRAM(ST(BPF_DW, 10, -8, -2), LDX(BPF_DW, 0, 10, -8), EXIT), (uint64_t)-2},
		{"stw stores 32 bits", PROGRAM(ST(BPF_DW, 10, -8, -1), ST(BPF_W, 10, -8, 0), LDX(BPF_DW, 0, 10, -8), EXIT), 0xffffffff00000000ull},
		{"sth and stb", PROGRAM(ST(BPF_DW, 10, -8, 0), ST(BPF_H, 10, -8, 0x1234), ST(BPF_B, 10, -6, 0x56),
					LDX(BPF_W, 0, 10, -8), EXIT), 0x561234},
		{"store to the context", PROGRAM(ST(BPF_W, 1, 16, 0x77), LDX(BPF_DW, 0, 1, 16), EXIT), 0x77},
		{"spilled register comes back", PROGRAM(MOV64_REG(3, 1), STX(BPF_DW, 10, 3, -16), LDX(BPF_DW, 4, 10, -16),
						        LDX(BPF_B, 0, 4, 3), EXIT), 0x44},
	};
	CHECK(t);
}

/* Words at odd offsets, as a packet has them (an IPv4 address after a
   14-byte Ethernet header): the bytes a little-endian machine would see. */
static void unaligned_memory(void **state)
{
	(void)state;
	/* ctx: bytes 11 22 33 44 55 66 77 88, then 80 7f ff 80 00 00 00 00 */
	const struct example t[] = {
		{"ldxh at an odd offset", PROGRAM(LDX(BPF_H, 0, 1, 1), EXIT), 0x3322},
		{"ldxw at offset 2", PROGRAM(LDX(BPF_W, 0, 1, 2), EXIT), 0x66554433},
		{"ldxw at offset 3", PROGRAM(LDX(BPF_W, 0, 1, 3), EXIT), 0x77665544},
		{"ldxdw at offset 1", PROGRAM(LDX(BPF_DW, 0, 1, 1), EXIT), 0x8088776655443322ull},
		{"ldxsh at an odd offset sign-extends", PROGRAM(BPF_INSN(BPF_LDX | BPF_MEMSX | BPF_H, 0, 1, 7, 0), EXIT), 0xffffffffffff8088ull},
		{"ldxsw at an odd offset sign-extends", PROGRAM(BPF_INSN(BPF_LDX | BPF_MEMSX | BPF_W, 0, 1, 5, 0), EXIT), 0xffffffff80887766ull},
		{"stw at offset 18", PROGRAM(ST(BPF_DW, 1, 16, 0), ST(BPF_W, 1, 18, 0x44332211), LDX(BPF_DW, 0, 1, 16), EXIT), 0x443322110000ull},
		{"stxw at offset 17", PROGRAM(ST(BPF_DW, 1, 16, 0), MOV64_IMM(2, 0x44332211), STX(BPF_W, 1, 2, 17), LDX(BPF_DW, 0, 1, 16), EXIT), 0x4433221100ull},
		{"stdw at offset 19 (imm sign-extended)", PROGRAM(ST(BPF_DW, 1, 16, 0), ST(BPF_DW, 1, 24, 0), ST(BPF_DW, 1, 19, -2),
								   LDX(BPF_DW, 0, 1, 24), EXIT), 0xffffffull},
		{"stxdw at offset 21", PROGRAM(ST(BPF_DW, 1, 16, 0), LD_IMM64(2, 0x8877665544332211ull), STX(BPF_DW, 1, 2, 21), LDX(BPF_DW, 0, 1, 16),
					       LDX(BPF_B, 3, 1, 28), ALU64_IMM(BPF_LSH, 3, 56), ALU64_REG(BPF_XOR, 0, 3), EXIT),
		 0x3322110000000000ull ^ 0x8800000000000000ull},
		{"sth on the stack at an odd offset", PROGRAM(ST(BPF_DW, 10, -8, 0), ST(BPF_H, 10, -7, 0x1234), LDX(BPF_DW, 0, 10, -8), EXIT), 0x123400},
		{"ldxw through a pointer of unknown parity (byte 9 & 3 = 3)", PROGRAM(LDX(BPF_B, 2, 1, 9), ALU64_IMM(BPF_AND, 2, 3), ALU64_REG(BPF_ADD, 1, 2),
								     LDX(BPF_W, 0, 1, 0), EXIT), 0x77665544},
		/* an IPv4 destination read at 14 + 16 = 30, as a 192.168.1.0/24 subnet check does */
		{"subnet check with a variable header offset", PROGRAM(ST(BPF_DW, 1, 24, 0), ST(BPF_DW, 1, 32, 0),
									ST(BPF_W, 1, 30, 0x0201a8c0), MOV64_IMM(2, 14), ALU64_REG(BPF_ADD, 1, 2),
									LDX(BPF_W, 3, 1, 16), ALU64_IMM(BPF_AND, 3, 0xffffff), MOV64_IMM(0, 0),
									JMP_IMM(BPF_JNE, 3, 0x01a8c0, 1), MOV64_IMM(0, 1), EXIT), 1},
	};
	CHECK(t);
}

#define ATOMIC(size, op, d, s, off) BPF_INSN(BPF_STX | BPF_ATOMIC | (size), d, s, off, op)
#define SLOT(value) LD_IMM64(5, value), STX(BPF_DW, 10, 5, -8)

static void atomics(void **state)
{
	(void)state;
	const struct example t[] = {
		{"atomic add64", PROGRAM(SLOT(40), MOV64_IMM(1, 2), ATOMIC(BPF_DW, BPF_ADD, 10, 1, -8), LDX(BPF_DW, 0, 10, -8), EXIT), 42},
		{"atomic fetch add returns the old value", PROGRAM(SLOT(40), MOV64_IMM(1, 2), ATOMIC(BPF_DW, BPF_ADD | BPF_FETCH, 10, 1, -8), MOV64_REG(0, 1), EXIT), 40},
		{"atomic add32 touches 32 bits", PROGRAM(SLOT(0x1ffffffffull), MOV64_IMM(1, 1), ATOMIC(BPF_W, BPF_ADD, 10, 1, -8), LDX(BPF_DW, 0, 10, -8), EXIT), 0x100000000ull},
		{"atomic fetch add32 zero-extends", PROGRAM(SLOT(0xfffffffeull), MOV64_IMM(1, 1), ATOMIC(BPF_W, BPF_ADD | BPF_FETCH, 10, 1, -8), MOV64_REG(0, 1), EXIT), 0xfffffffeull},
		{"atomic or", PROGRAM(SLOT(0x10), MOV64_IMM(1, 1), ATOMIC(BPF_DW, BPF_OR, 10, 1, -8), LDX(BPF_DW, 0, 10, -8), EXIT), 0x11},
		{"atomic fetch and", PROGRAM(SLOT(0x13), MOV64_IMM(1, 6), ATOMIC(BPF_DW, BPF_AND | BPF_FETCH, 10, 1, -8), LDX(BPF_DW, 0, 10, -8), ALU64_IMM(BPF_LSH, 0, 8), ALU64_REG(BPF_OR, 0, 1), EXIT), 0x213},
		{"atomic xor", PROGRAM(SLOT(0xff), MOV64_IMM(1, 0x0f), ATOMIC(BPF_DW, BPF_XOR, 10, 1, -8), LDX(BPF_DW, 0, 10, -8), EXIT), 0xf0},
		{"atomic xchg", PROGRAM(SLOT(7), MOV64_IMM(1, 9), ATOMIC(BPF_DW, BPF_XCHG, 10, 1, -8), LDX(BPF_DW, 0, 10, -8), ALU64_IMM(BPF_MUL, 0, 10), ALU64_REG(BPF_ADD, 0, 1), EXIT), 97},
		{"cmpxchg succeeds", PROGRAM(SLOT(7), MOV64_IMM(0, 7), MOV64_IMM(1, 9), ATOMIC(BPF_DW, BPF_CMPXCHG, 10, 1, -8), LDX(BPF_DW, 2, 10, -8), ALU64_IMM(BPF_MUL, 0, 10), ALU64_REG(BPF_ADD, 0, 2), EXIT), 79},
		{"cmpxchg fails", PROGRAM(SLOT(7), MOV64_IMM(0, 8), MOV64_IMM(1, 9), ATOMIC(BPF_DW, BPF_CMPXCHG, 10, 1, -8), LDX(BPF_DW, 2, 10, -8), ALU64_IMM(BPF_MUL, 0, 10), ALU64_REG(BPF_ADD, 0, 2), EXIT), 77},
		{"cmpxchg32 compares low halves", PROGRAM(SLOT(7), LD_IMM64(0, 0x500000007ull), MOV64_IMM(1, 9), ATOMIC(BPF_W, BPF_CMPXCHG, 10, 1, -8), LDX(BPF_DW, 2, 10, -8), ALU64_IMM(BPF_MUL, 0, 10), ALU64_REG(BPF_ADD, 0, 2), EXIT), 79},
	};
	CHECK(t);
}

static void calls(void **state)
{
	(void)state;
	const struct example t[] = {
		{"local call with an argument", PROGRAM(MOV64_IMM(1, 21), CALL_LOCAL(1), EXIT,
							MOV64_REG(0, 1), ALU64_IMM(BPF_MUL, 0, 2), EXIT), 42},
		{"r6-r9 survive a call", PROGRAM(MOV64_IMM(6, 1), MOV64_IMM(7, 2), MOV64_IMM(8, 3), MOV64_IMM(9, 4), CALL_LOCAL(6),
						 ALU64_REG(BPF_ADD, 0, 6), ALU64_REG(BPF_ADD, 0, 7), ALU64_REG(BPF_ADD, 0, 8),
						 ALU64_REG(BPF_ADD, 0, 9), EXIT, EXIT,
						 MOV64_IMM(6, 100), MOV64_IMM(7, 100), MOV64_IMM(8, 100), MOV64_IMM(9, 100), MOV64_IMM(0, 10), EXIT), 20},
		{"each frame has its own stack", PROGRAM(ST(BPF_DW, 10, -8, 5), CALL_LOCAL(3), LDX(BPF_DW, 1, 10, -8),
							ALU64_REG(BPF_ADD, 0, 1), EXIT,
							ST(BPF_DW, 10, -8, 50), LDX(BPF_DW, 0, 10, -8), EXIT), 55},
		{"a frame two calls down is below both callers' (the middle one keeps none)",
		 PROGRAM(ST(BPF_DW, 10, -8, 5), CALL_LOCAL(3), LDX(BPF_DW, 1, 10, -8), ALU64_REG(BPF_ADD, 0, 1), EXIT,
			 CALL_LOCAL(1), EXIT,
			 ST(BPF_DW, 10, -8, 50), LDX(BPF_DW, 0, 10, -8), EXIT), 55},
		{"nested calls", PROGRAM(MOV64_IMM(1, 1), CALL_LOCAL(1), EXIT,
					 ALU64_IMM(BPF_ADD, 1, 10), CALL_LOCAL(1), EXIT,
					 MOV64_REG(0, 1), ALU64_IMM(BPF_ADD, 0, 100), EXIT), 111},
		{"helper result fits in 32 bits", PROGRAM(CALL(BPF_FUNC_get_prandom_u32), ALU64_IMM(BPF_RSH, 0, 32), EXIT), 0},
		{"callx: a helper by the number in a register", PROGRAM(MOV64_IMM(2, BPF_FUNC_get_prandom_u32),
									BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, 2, 0, 0, 0),
									ALU64_IMM(BPF_RSH, 0, 32), ALU64_IMM(BPF_ADD, 0, 2), EXIT), 2},
		{"callx clobbers r1-r5 like call", PROGRAM(MOV64_IMM(3, BPF_FUNC_ktime_get_ns), BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, 3, 0, 0, 0),
							  MOV64_IMM(0, 7), EXIT), 7},
	};
	CHECK(t);
}

static void budget_stops_endless_loop(void **state)
{
	(void)state;
	static const struct bpf_insn forever[] = {MOV64_IMM(0, 0), ALU64_IMM(BPF_ADD, 0, 1), JA(-2), EXIT};
	struct bpf_program prog;
	uint64_t r0 = 0, ctx[1];
	assert_int_equal(bpf_test_load(&prog, forever, 4, 8, NULL, 0), 0);
	prog.budget = 1000;
	assert_int_equal(bpf_run(&prog, ctx, &r0), -ETIMEDOUT);
	free(prog.insns);
}

static void unverified_program_does_not_run(void **state)
{
	(void)state;
	struct bpf_insn insns[] = {MOV64_IMM(0, 1), EXIT};
	struct bpf_program prog = {.insns = insns, .count = 2};
	uint64_t r0, ctx[1];
	assert_int_equal(bpf_run(&prog, ctx, &r0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(division),
		cmocka_unit_test(shifts),
		cmocka_unit_test(sign_extension_and_swaps),
		cmocka_unit_test(jumps),
		cmocka_unit_test(memory),
		cmocka_unit_test(unaligned_memory),
		cmocka_unit_test(atomics),
		cmocka_unit_test(calls),
		cmocka_unit_test(budget_stops_endless_loop),
		cmocka_unit_test(unverified_program_does_not_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
