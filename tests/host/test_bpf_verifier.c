/*
 * test_bpf_verifier.c — programs the verifier must reject, each with the
 * instruction and the reason it names, and programs it must accept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "test_bpf.h"

struct case_ {
	const char *name;
	const struct bpf_insn *insns;
	uint32_t count;
	const char *message; /* expected in the log; NULL: must be accepted */
};

static struct bpf_map array, hash, ringbuf;
static uint64_t array_storage[64], hash_storage[256], ring_storage[16];

static int setup(void **state)
{
	(void)state;
	assert_int_equal(bpf_map_init(&array, BPF_MAP_TYPE_ARRAY, 4, 16, 4, array_storage), 0);
	assert_int_equal(bpf_map_init(&hash, BPF_MAP_TYPE_HASH, 8, 8, 8, hash_storage), 0);
	assert_int_equal(bpf_map_init(&ringbuf, BPF_MAP_TYPE_RINGBUF, 0, 0, 128, ring_storage), 0);
	return 0;
}

static void check(const struct case_ *cases, size_t n)
{
	struct bpf_map *maps[] = {&array, &hash, &ringbuf};
	for (size_t i = 0; i < n; i++) {
		struct bpf_program prog;
		int err = bpf_test_load(&prog, cases[i].insns, cases[i].count, 64, maps, 3);
		free(prog.insns);
		if (!cases[i].message) {
			if (err)
				fail_msg("%s: rejected: %s", cases[i].name, bpf_test_log);
			continue;
		}
		if (err != -EINVAL)
			fail_msg("%s: accepted (status %d), want \"%s\"", cases[i].name, err, cases[i].message);
		if (!strstr(bpf_test_log, cases[i].message))
			fail_msg("%s: log \"%s\", want \"%s\"", cases[i].name, bpf_test_log, cases[i].message);
	}
}

#define CHECK(table) check(table, sizeof table / sizeof table[0])
#define KEY_ON_STACK ST(BPF_DW, 10, -8, 0), MOV64_REG(2, 10), ALU64_IMM(BPF_ADD, 2, -8)

static void rejects_malformed_code(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"unknown opcode", PROGRAM(BPF_INSN(0xff, 0, 0, 0, 0), EXIT), "insn 0: unknown opcode 0xff"},
		{"unknown ALU op", PROGRAM(BPF_INSN(BPF_ALU64 | 0xe0, 0, 0, 0, 0), EXIT), "insn 0: unknown opcode"},
		{"register 11", PROGRAM(BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 11, 0, 0, 0), EXIT), "insn 0: register number"},
		{"jump past the end", PROGRAM(MOV64_IMM(0, 0), JA(5), EXIT), "insn 1: jump to 7, outside"},
		{"jump before the start", PROGRAM(MOV64_IMM(0, 0), JA(-3), EXIT), "insn 1: jump to -1, outside"},
		{"jump into a 64-bit immediate", PROGRAM(JA(1), LD_IMM64(0, 1), EXIT), "insn 1: a jump or call lands inside"},
		{"truncated 64-bit immediate", PROGRAM(MOV64_IMM(0, 0), BPF_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0)), "insn 1: 64-bit immediate load has no second half"},
		{"legacy packet load", PROGRAM(BPF_INSN(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0), EXIT), "BPF_ABS"},
		{"falls off the end", PROGRAM(MOV64_IMM(0, 0)), "insn 0: falls off the end"},
		{"conditional falls off the end", PROGRAM(LDX(BPF_B, 0, 1, 0), JMP_IMM(BPF_JEQ, 0, 0, -2)), "insn 1: falls off the end"},
		{"division by constant zero", PROGRAM(MOV64_IMM(0, 1), ALU64_IMM(BPF_DIV, 0, 0), EXIT), "insn 1: division by constant zero"},
		{"modulo by constant zero", PROGRAM(MOV64_IMM(0, 1), ALU32_IMM(BPF_MOD, 0, 0), EXIT), "insn 1: division by constant zero"},
		{"write to r10", PROGRAM(MOV64_IMM(10, 0), EXIT), "insn 0: r10 is read-only"},
		{"unknown helper", PROGRAM(CALL(9999), EXIT), "insn 0: unknown helper function 9999"},
		{"unknown atomic", PROGRAM(MOV64_IMM(1, 0), BPF_INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, 0x10), MOV64_IMM(0, 0), EXIT), "insn 1: unknown atomic"},
		{"bad sign-extension width", PROGRAM(BPF_INSN(BPF_ALU | BPF_MOV | BPF_X, 0, 1, 32, 0), EXIT), "insn 0: invalid sign-extension"},
		{"empty program", (struct bpf_insn[]){EXIT}, 0, "0 instructions"},
		{"recursion", PROGRAM(CALL_LOCAL(1), EXIT, CALL_LOCAL(-1), EXIT), "recursive call"},
		{"jump out of a function", PROGRAM(CALL_LOCAL(1), EXIT, MOV64_IMM(0, 0), JA(-3)), "insn 3: jump to 1 leaves its function"},
		{"map index out of range", PROGRAM(LD_MAP(1, 3), MOV64_IMM(0, 0), EXIT), "insn 0: reference to map 3"},
	};
	CHECK(t);
}

static void rejects_unsafe_data_flow(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"uninitialized register", PROGRAM(MOV64_REG(0, 3), EXIT), "insn 0: r3 is read before it is written"},
		{"r0 unset at exit", PROGRAM(EXIT), "insn 0: r0 is read before it is written"},
		{"uninitialized on one path", PROGRAM(LDX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JEQ, 2, 0, 1), MOV64_IMM(3, 1), MOV64_REG(0, 3), EXIT), "insn 3: r3 is read before"},
		{"clobbered by a helper", PROGRAM(MOV64_IMM(3, 1), CALL(BPF_FUNC_ktime_get_ns), MOV64_REG(0, 3), EXIT), "insn 2: r3 is read before"},
		{"context read past the end", PROGRAM(LDX(BPF_W, 0, 1, 62), EXIT), "insn 0: context access [62, 66) outside [0, 64)"},
		{"context read before the start", PROGRAM(LDX(BPF_B, 0, 1, -1), EXIT), "insn 0: context access [-1, 0)"},
		{"misaligned atomic", PROGRAM(MOV64_IMM(2, 1), BPF_INSN(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 2, BPF_ADD), MOV64_IMM(0, 0), EXIT), "insn 1: misaligned 4-byte atomic"},
		{"odd counter bounded by 64 reads [63, 65)", PROGRAM(MOV64_IMM(0, 0), MOV64_IMM(2, 1), MOV64_REG(3, 1), ALU64_REG(BPF_ADD, 3, 2), LDX(BPF_H, 4, 3, 0),
								     ALU64_IMM(BPF_ADD, 2, 2), JMP_IMM(BPF_JLT, 2, 64, -5), EXIT), "context access [1, 65)"},
		{"callx with a number that varies", PROGRAM(LDX(BPF_B, 2, 1, 0), BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, 2, 0, 0, 0), MOV64_IMM(0, 0), EXIT), "insn 1: callx: r2 is not a known helper"},
		{"callx with an unknown helper", PROGRAM(MOV64_IMM(2, 9999), BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, 2, 0, 0, 0), MOV64_IMM(0, 0), EXIT), "insn 1: callx: r2 is not a known helper"},
		{"callx checks the helper's arguments", PROGRAM(MOV64_IMM(1, 0), MOV64_IMM(3, BPF_FUNC_map_lookup_elem), KEY_ON_STACK, BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, 3, 0, 0, 0), MOV64_IMM(0, 0), EXIT), "map_lookup_elem: r1 is a number, not a map"},
		{"stack below 512", PROGRAM(ST(BPF_DW, 10, -520, 0), MOV64_IMM(0, 0), EXIT), "insn 0: stack access at r10-520"},
		{"stack above r10", PROGRAM(ST(BPF_W, 10, 0, 0), MOV64_IMM(0, 0), EXIT), "insn 0: stack access at r10+0"},
		{"uninitialized stack", PROGRAM(LDX(BPF_DW, 0, 10, -8), EXIT), "insn 0: reads stack at r10-8 before it is written"},
		{"partly initialized stack", PROGRAM(ST(BPF_W, 10, -8, 0), LDX(BPF_DW, 0, 10, -8), EXIT), "reads stack at r10-4"},
		{"number dereferenced", PROGRAM(MOV64_IMM(1, 4096), LDX(BPF_W, 0, 1, 0), EXIT), "insn 1: r1 is a number, not a pointer"},
		{"pointer overwritten by a spill of a number", PROGRAM(STX(BPF_DW, 10, 1, -8), ST(BPF_W, 10, -8, 0), LDX(BPF_DW, 2, 10, -8), LDX(BPF_B, 0, 2, 0), EXIT), "insn 3: r2 is a number"},
		{"unbounded index", PROGRAM(LDX(BPF_DW, 2, 1, 0), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT), "insn 2: r1: offset into the context is not bounded"},
		{"index checked one too far", PROGRAM(LDX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JGT, 2, 64, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), "insn 3: context access [0, 65)"},
		{"a negative value passes a signed upper check", PROGRAM(LDX(BPF_W, 2, 1, 0), ALU64_IMM(BPF_LSH, 2, 32), ALU64_IMM(BPF_ARSH, 2, 32),
									 JMP_IMM(BPF_JSGT, 2, 60, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), "not bounded"},
		{"a lower signed check alone does not bound", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, 0, 3), ALU64_REG(BPF_ADD, 1, 2),
								      LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), "insn 3: context access [0, 2147483648)"},
		{"a 32-bit compare with a constant above 2^32 sees its low half", PROGRAM(LDX(BPF_B, 2, 1, 0), LD_IMM64(3, 0x100000005ull),
											  BPF_INSN(BPF_JMP32 | BPF_JGT | BPF_X, 2, 3, 2, 0), MOV64_IMM(0, 0), EXIT,
											  ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_W, 0, 1, 0), EXIT), "insn 7: context access [6, 259)"},
		{"signed check does not bound", PROGRAM(LDX(BPF_DW, 2, 1, 0), JMP_IMM(BPF_JSGT, 2, 60, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), "not bounded"},
		{"variable stack offset", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 7), MOV64_REG(3, 10), ALU64_IMM(BPF_ADD, 3, -16), ALU64_REG(BPF_ADD, 3, 2), ST(BPF_B, 3, 0, 0), MOV64_IMM(0, 0), EXIT), "insn 5: r3: variable offset into the stack"},
		{"pointer returned", PROGRAM(MOV64_REG(0, 1), EXIT), "insn 1: r0 is a context pointer at exit"},
		{"stack pointer into a function", PROGRAM(MOV64_REG(1, 10), ALU64_IMM(BPF_ADD, 1, -8), ST(BPF_DW, 10, -8, 1), CALL_LOCAL(1), EXIT, LDX(BPF_DW, 0, 1, 0), EXIT), "insn 5: r1 is a number"},
		{"deep recursion of frames", PROGRAM(CALL_LOCAL(1), EXIT, CALL_LOCAL(1), EXIT, CALL_LOCAL(1), EXIT, CALL_LOCAL(1), EXIT, CALL_LOCAL(1), EXIT,
						   CALL_LOCAL(1), EXIT, CALL_LOCAL(1), EXIT, CALL_LOCAL(1), EXIT, MOV64_IMM(0, 0), EXIT), "9 frames deep"},
	};
	CHECK(t);
}

static void rejects_bad_map_use(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"map value not checked for NULL", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), LDX(BPF_DW, 0, 0, 0), EXIT), "insn 6: r0 is a map value pointer that may be NULL"},
		{"map value past its end", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), JMP_IMM(BPF_JEQ, 0, 0, 2), LDX(BPF_DW, 0, 0, 16), EXIT, MOV64_IMM(0, 0), EXIT), "insn 7: map value access [16, 24) outside [0, 16)"},
		{"checked against the wrong value", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), JMP_IMM(BPF_JEQ, 0, 1, 2), LDX(BPF_DW, 0, 0, 0), EXIT, MOV64_IMM(0, 0), EXIT), "may be NULL"},
		{"number as map", PROGRAM(MOV64_IMM(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), MOV64_IMM(0, 0), EXIT), "insn 4: map_lookup_elem: r1 is a number, not a map"},
		{"key too short for the map", PROGRAM(LD_MAP(1, 1), ST(BPF_W, 10, -4, 0), MOV64_REG(2, 10), ALU64_IMM(BPF_ADD, 2, -4), CALL(BPF_FUNC_map_lookup_elem), MOV64_IMM(0, 0), EXIT), "insn 5: stack access at r10+0 (1 bytes)"},
		{"uninitialized key", PROGRAM(LD_MAP(1, 0), MOV64_REG(2, 10), ALU64_IMM(BPF_ADD, 2, -8), CALL(BPF_FUNC_map_lookup_elem), MOV64_IMM(0, 0), EXIT), "insn 4: reads stack at r10-8 before"},
		{"lookup in a ring buffer", PROGRAM(LD_MAP(1, 2), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), MOV64_IMM(0, 0), EXIT), "map 2 has the wrong type"},
		{"ringbuf_output on an array", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, MOV64_IMM(3, 8), MOV64_IMM(4, 0), CALL(BPF_FUNC_ringbuf_output), MOV64_IMM(0, 0), EXIT), "wrong type"},
		{"unbounded size", PROGRAM(MOV64_REG(6, 1), LD_MAP(1, 2), KEY_ON_STACK, LDX(BPF_DW, 3, 6, 0), MOV64_IMM(4, 0), CALL(BPF_FUNC_ringbuf_output), MOV64_IMM(0, 0), EXIT), "size in r3 is not a bounded number"},
		{"size past the buffer", PROGRAM(LD_MAP(1, 2), KEY_ON_STACK, MOV64_IMM(3, 9), MOV64_IMM(4, 0), CALL(BPF_FUNC_ringbuf_output), MOV64_IMM(0, 0), EXIT), "stack access at r10+0"},
		{"arithmetic on a maybe-NULL pointer", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), ALU64_IMM(BPF_ADD, 0, 8), MOV64_IMM(0, 0), EXIT), "insn 6: arithmetic on a map value pointer that may be NULL"},
	};
	CHECK(t);
}

static void accepts_safe_programs(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"bounded index into the context", PROGRAM(LDX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JGT, 2, 63, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), NULL},
		{"bound by a reversed compare", PROGRAM(LDX(BPF_B, 2, 1, 0), MOV64_IMM(3, 60), JMP_REG(BPF_JGE, 2, 3, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), NULL},
		{"aligned variable offset", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 7), ALU64_IMM(BPF_LSH, 2, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_DW, 0, 1, 0), EXIT), NULL},
		{"word at an odd variable offset", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 7), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_W, 0, 1, 0), EXIT), NULL},
		{"an int checked for both signs (clang's sign extension)", PROGRAM(LDX(BPF_W, 2, 1, 0), ALU64_IMM(BPF_LSH, 2, 32), ALU64_IMM(BPF_ARSH, 2, 32),
										   JMP_IMM(BPF_JSLT, 2, 0, 4), JMP_IMM(BPF_JSGT, 2, 60, 3), ALU64_REG(BPF_ADD, 1, 2),
										   LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), NULL},
		{"a 32-bit int checked for both signs", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, 0, 4), JMP32_IMM(BPF_JSGE, 2, 61, 3),
								ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_B, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), NULL},
		{"callx with a constant helper number", PROGRAM(MOV64_IMM(6, BPF_FUNC_ktime_get_ns), BPF_INSN(BPF_JMP | BPF_CALL | BPF_X, 6, 0, 0, 0), EXIT), NULL},
		{"lookup, check, update", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), JMP_IMM(BPF_JEQ, 0, 0, 3),
						 LDX(BPF_DW, 1, 0, 8), ALU64_IMM(BPF_ADD, 1, 1), STX(BPF_DW, 0, 1, 8), MOV64_IMM(0, 0), EXIT), NULL},
		{"null check on a copy", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), MOV64_REG(6, 0), JMP_IMM(BPF_JNE, 0, 0, 2), MOV64_IMM(0, 0), EXIT, LDX(BPF_DW, 0, 6, 0), EXIT), NULL},
		{"loop with a bounded counter", PROGRAM(MOV64_IMM(0, 0), MOV64_IMM(2, 0), MOV64_REG(3, 1), ALU64_REG(BPF_ADD, 3, 2), LDX(BPF_B, 4, 3, 0), ALU64_REG(BPF_ADD, 0, 4),
							ALU64_IMM(BPF_ADD, 2, 1), JMP_IMM(BPF_JLT, 2, 64, -6), EXIT), NULL},
		{"endless loop (the budget stops it)", PROGRAM(MOV64_IMM(0, 0), JA(-1), EXIT), NULL},
		{"ring buffer record", PROGRAM(LD_MAP(1, 2), KEY_ON_STACK, MOV64_IMM(3, 8), MOV64_IMM(4, 0), CALL(BPF_FUNC_ringbuf_output), EXIT), NULL},
		{"printk from the stack", PROGRAM(ST(BPF_DW, 10, -8, 0x6425), MOV64_REG(1, 10), ALU64_IMM(BPF_ADD, 1, -8), MOV64_IMM(2, 3), MOV64_IMM(3, 42), CALL(BPF_FUNC_trace_printk), EXIT), NULL},
		{"map pointer passed to a function", PROGRAM(LD_MAP(1, 0), KEY_ON_STACK, CALL(BPF_FUNC_map_lookup_elem), JMP_IMM(BPF_JEQ, 0, 0, 3), MOV64_REG(1, 0), CALL_LOCAL(3), EXIT, MOV64_IMM(0, 0), EXIT,
							     LDX(BPF_DW, 0, 1, 8), EXIT), NULL},
	};
	CHECK(t);
}

#define LDXSX(size, d, s, off) BPF_INSN(BPF_LDX | BPF_MEMSX | (size), d, s, off, 0)
#define MOVSX64(d, s, bits) BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, bits, 0)
#define JMP32_REG(op, d, s, off) BPF_INSN(BPF_JMP32 | (op) | BPF_X, d, s, off, 0)
/* r1 += rx, then a byte read there (3 instructions); the last two: r0 = 0, exit */
#define ACCESS(x) ALU64_REG(BPF_ADD, 1, x), LDX(BPF_B, 0, 1, 0), EXIT
#define OUT MOV64_IMM(0, 0), EXIT

/*
 * Signed and unsigned ranges: an index into the 64-byte context bounded
 * by signed compares (with a constant or another register, 64- and 32-bit),
 * by signed arithmetic (sign-extending loads and moves, arithmetic shifts,
 * sums of negative numbers) or by an unsigned compare of two unknowns; and
 * the programs one bound short, which must still be rejected.
 */
static void tracks_signed_ranges(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"arithmetic shift of a byte, re-centred", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_LSH, 2, 56), ALU64_IMM(BPF_ARSH, 2, 58),
								   ALU64_IMM(BPF_ADD, 2, 32), ACCESS(2)), NULL},
		{"arithmetic shift one bit short", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_LSH, 2, 56), ALU64_IMM(BPF_ARSH, 2, 57),
							   ALU64_IMM(BPF_ADD, 2, 32), ACCESS(2)), "offset into the context is not bounded"},
		/* -1..1 << 63 is INT64_MIN or 0, not INT64_MIN alone: then s>> 63 and + 1 give 0 or 1 */
		{"a left shift into the sign bit", PROGRAM(LDXSX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JSLT, 2, -1, 8), JMP_IMM(BPF_JSGT, 2, 1, 7), ALU64_IMM(BPF_LSH, 2, 63),
							   ALU64_IMM(BPF_ARSH, 2, 63), ALU64_IMM(BPF_ADD, 2, 1), ALU64_IMM(BPF_ADD, 1, 63), ACCESS(2), OUT),
		 "context access [63, 65) outside [0, 64)"},
		{"signed byte below a register", PROGRAM(LDXSX(BPF_B, 2, 1, 0), LDX(BPF_B, 3, 1, 1), ALU64_IMM(BPF_AND, 3, 63), JMP_IMM(BPF_JSLT, 2, 0, 4),
							 JMP_REG(BPF_JSGE, 2, 3, 3), ACCESS(2), OUT), NULL},
		{"signed byte below a register, sign not checked", PROGRAM(LDXSX(BPF_B, 2, 1, 0), LDX(BPF_B, 3, 1, 1), ALU64_IMM(BPF_AND, 3, 63),
									   JMP_REG(BPF_JSGE, 2, 3, 3), ACCESS(2), OUT), "offset into the context is not bounded"},
		{"the register compared with learns the bound", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 63), LDXSX(BPF_B, 3, 1, 1),
									JMP_IMM(BPF_JSLT, 3, 0, 4), JMP_REG(BPF_JSLE, 2, 3, 3), ACCESS(3), OUT), NULL},
		{"32-bit signed compare of two registers", PROGRAM(LDX(BPF_B, 2, 1, 0), LDX(BPF_B, 3, 1, 1), ALU64_IMM(BPF_AND, 3, 63),
								   JMP32_REG(BPF_JSGT, 2, 3, 3), ACCESS(2), OUT), NULL},
		{"32-bit compare of a 64-bit number", PROGRAM(LDX(BPF_DW, 2, 1, 0), LDX(BPF_B, 3, 1, 8), ALU64_IMM(BPF_AND, 3, 63), JMP32_IMM(BPF_JSLT, 2, 0, 4),
							      JMP32_REG(BPF_JSGT, 2, 3, 3), ACCESS(2), OUT), "offset into the context is not bounded"},
		{"sign-extending move, both signs checked", PROGRAM(LDX(BPF_B, 2, 1, 0), MOVSX64(3, 2, 8), JMP_IMM(BPF_JSLT, 3, 0, 4), JMP_IMM(BPF_JSGT, 3, 60, 3),
								    ACCESS(3), OUT), NULL},
		{"sign-extending move: a byte over 127 is negative", PROGRAM(LDX(BPF_B, 2, 1, 0), MOVSX64(3, 2, 8), JMP_IMM(BPF_JSGT, 3, 60, 3), ACCESS(3), OUT),
		 "offset into the context is not bounded"},
		{"a compare on the sign-extended copy bounds the original", PROGRAM(LDXSX(BPF_B, 2, 1, 0), MOV64_REG(3, 2), ALU64_IMM(BPF_LSH, 3, 32),
										    ALU64_IMM(BPF_ARSH, 3, 32), JMP_IMM(BPF_JSGT, 3, 60, 4),
										    JMP_IMM(BPF_JSLT, 2, 0, 3), ACCESS(2), OUT), NULL},
		{"-10..10 moved up by 10", PROGRAM(LDXSX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JSLT, 2, -10, 5), JMP_IMM(BPF_JSGT, 2, 10, 4), ALU64_IMM(BPF_ADD, 2, 10),
						   ACCESS(2), OUT), NULL},
		{"-10..10 moved up by 9", PROGRAM(LDXSX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JSLT, 2, -10, 5), JMP_IMM(BPF_JSGT, 2, 10, 4), ALU64_IMM(BPF_ADD, 2, 9),
						  ACCESS(2), OUT), "offset into the context is not bounded"},
		{"unsigned compare of two unknowns bounds the smaller", PROGRAM(LDX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JGT, 2, 60, 5), LDX(BPF_B, 3, 1, 1),
										JMP_REG(BPF_JGE, 3, 2, 3), ACCESS(3), OUT), NULL},
		{"unsigned compare of two unknowns, wrong way round", PROGRAM(LDX(BPF_B, 2, 1, 0), JMP_IMM(BPF_JGT, 2, 60, 5), LDX(BPF_B, 3, 1, 1),
									      JMP_REG(BPF_JLE, 3, 2, 3), ACCESS(3), OUT), "context access [1, 256) outside [0, 64)"},
	};
	CHECK(t);
}

#define MOVSX32(d, s, bits) BPF_INSN(BPF_ALU | BPF_MOV | BPF_X, d, s, bits, 0)

/*
 * 32-bit signed ranges: the low half's int32 range bounds an index after
 * 32-bit arithmetic on numbers of either sign (a sum of negatives, a
 * range around zero moved up), after a jmp32 signed compare of a 64-bit
 * register, and through sign extension from 32 bits (movsx and clang's
 * r <<= 32; r s>>= 32); each beside the same program one bound short.
 */
static void tracks_32bit_signed_ranges(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"32-bit sum of two negatives, moved up", PROGRAM(LDX(BPF_B, 2, 1, 0), MOVSX32(2, 2, 8), JMP32_IMM(BPF_JSLT, 2, -32, 6),
								  JMP32_IMM(BPF_JSGT, 2, -1, 5), ALU32_REG(BPF_ADD, 2, 2), ALU32_IMM(BPF_ADD, 2, 64),
								  ACCESS(2), OUT), NULL},
		{"32-bit sum of two negatives, one short", PROGRAM(LDX(BPF_B, 2, 1, 0), MOVSX32(2, 2, 8), JMP32_IMM(BPF_JSLT, 2, -33, 6),
								   JMP32_IMM(BPF_JSGT, 2, -1, 5), ALU32_REG(BPF_ADD, 2, 2), ALU32_IMM(BPF_ADD, 2, 66),
								   ACCESS(2), OUT), "context access [0, 65) outside [0, 64)"},
		{"32-bit -10..10 moved up by 10", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, -10, 5), JMP32_IMM(BPF_JSGT, 2, 10, 4),
							  ALU32_IMM(BPF_ADD, 2, 10), ACCESS(2), OUT), NULL},
		{"32-bit -11..10 moved up by 10", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, -11, 5), JMP32_IMM(BPF_JSGT, 2, 10, 4),
							  ALU32_IMM(BPF_ADD, 2, 10), ACCESS(2), OUT), "context access [0, 4294967296) outside [0, 64)"},
		{"jmp32 signed compares of a 64-bit number bound its low half", PROGRAM(LDX(BPF_DW, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, 0, 5),
											JMP32_IMM(BPF_JSGT, 2, 63, 4), ALU32_REG(BPF_MOV, 2, 2),
											ACCESS(2), OUT), NULL},
		{"jmp32 signed compares of a 64-bit number, one short", PROGRAM(LDX(BPF_DW, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, 0, 5),
										JMP32_IMM(BPF_JSGT, 2, 64, 4), ALU32_REG(BPF_MOV, 2, 2),
										ACCESS(2), OUT), "context access [0, 65) outside [0, 64)"},
		{"movsx from 32 bits keeps the int32 range", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, -5, 6), JMP32_IMM(BPF_JSGT, 2, 58, 5),
								     MOVSX64(3, 2, 32), ALU64_IMM(BPF_ADD, 3, 5), ACCESS(3), OUT), NULL},
		{"movsx from 32 bits, one short", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, -5, 6), JMP32_IMM(BPF_JSGT, 2, 59, 5),
							  MOVSX64(3, 2, 32), ALU64_IMM(BPF_ADD, 3, 5), ACCESS(3), OUT), "context access [0, 65) outside [0, 64)"},
		{"r <<= 32; r s>>= 32 keeps the int32 range", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, -5, 7), JMP32_IMM(BPF_JSGT, 2, 58, 6),
								      ALU64_IMM(BPF_LSH, 2, 32), ALU64_IMM(BPF_ARSH, 2, 32), ALU64_IMM(BPF_ADD, 2, 5),
								      ACCESS(2), OUT), NULL},
		{"r <<= 32; r s>>= 32, one short", PROGRAM(LDX(BPF_W, 2, 1, 0), JMP32_IMM(BPF_JSLT, 2, -6, 7), JMP32_IMM(BPF_JSGT, 2, 58, 6),
							   ALU64_IMM(BPF_LSH, 2, 32), ALU64_IMM(BPF_ARSH, 2, 32), ALU64_IMM(BPF_ADD, 2, 5),
							   ACCESS(2), OUT), "offset into the context is not bounded"},
	};
	CHECK(t);
}

/*
 * Known bits: which loads and stores the verifier proves naturally aligned
 * (left in BPF_MEM mode, the interpreter's direct path) and which it marks
 * BPF_MEM_UNALIGNED (the byte path); all of them are accepted.
 */
struct alignment_case {
	const char *name;
	const struct bpf_insn *insns;
	uint32_t count;
	uint32_t insn;  /* the access to look at */
	bool aligned;
};

static void proves_alignment(void **state)
{
	(void)state;
	const struct alignment_case t[] = {
		{"word at offset 2", PROGRAM(LDX(BPF_W, 0, 1, 2), EXIT), 0, false},
		{"word at offset 4", PROGRAM(LDX(BPF_W, 0, 1, 4), EXIT), 0, true},
		{"stack word at r10-6", PROGRAM(ST(BPF_W, 10, -6, 0), MOV64_IMM(0, 0), EXIT), 0, false},
		{"index masked to 0..7", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 7), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_W, 0, 1, 0), EXIT), 3, false},
		{"index masked with ~3", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 0x3c), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_W, 0, 1, 0), EXIT), 3, true},
		{"index shifted left by 3", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 7), ALU64_IMM(BPF_LSH, 2, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_DW, 0, 1, 0), EXIT), 4, true},
		{"index times 4 plus 2, then +2", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 3), ALU64_IMM(BPF_MUL, 2, 4), ALU64_IMM(BPF_ADD, 2, 2), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_W, 0, 1, 2), EXIT), 5, true},
		{"index tested by jset", PROGRAM(LDX(BPF_B, 2, 1, 0), ALU64_IMM(BPF_AND, 2, 31), JMP_IMM(BPF_JSET, 2, 3, 3), ALU64_REG(BPF_ADD, 1, 2), LDX(BPF_W, 0, 1, 0), EXIT, MOV64_IMM(0, 0), EXIT), 4, true},
		/* for (i = 0; i < 64; i += 2) sum += *(u16 *)(p + i): parity survives the loop's join and widening */
		{"16-bit words, counter stepping by 2", PROGRAM(MOV64_IMM(0, 0), MOV64_IMM(2, 0), MOV64_REG(3, 1), ALU64_REG(BPF_ADD, 3, 2), LDX(BPF_H, 4, 3, 0),
								ALU64_REG(BPF_ADD, 0, 4), ALU64_IMM(BPF_ADD, 2, 2), JMP_IMM(BPF_JLT, 2, 64, -6), EXIT), 4, true},
		{"16-bit words from an odd start", PROGRAM(MOV64_IMM(0, 0), MOV64_IMM(2, 1), MOV64_REG(3, 1), ALU64_REG(BPF_ADD, 3, 2), LDX(BPF_H, 4, 3, 0),
							   ALU64_REG(BPF_ADD, 0, 4), ALU64_IMM(BPF_ADD, 2, 2), JMP_IMM(BPF_JLT, 2, 63, -6), EXIT), 4, false},
		/* bytes i and i + 1 for even i < 64: the last pair is [62, 64) */
		{"byte pairs, counter stepping by 2", PROGRAM(MOV64_IMM(0, 0), MOV64_IMM(2, 0), MOV64_REG(3, 1), ALU64_REG(BPF_ADD, 3, 2), LDX(BPF_B, 4, 3, 0),
							      LDX(BPF_B, 5, 3, 1), ALU64_IMM(BPF_LSH, 5, 8), ALU64_REG(BPF_OR, 4, 5), ALU64_REG(BPF_ADD, 0, 4),
							      ALU64_IMM(BPF_ADD, 2, 2), JMP_IMM(BPF_JLT, 2, 64, -9), EXIT), 5, true},
		/* a length compared first: i < len with len <= 64 */
		{"words bounded by a variable length", PROGRAM(LDX(BPF_B, 5, 1, 0), JMP_IMM(BPF_JGT, 5, 64, 9), MOV64_IMM(0, 0), MOV64_IMM(2, 0),
								   JMP_REG(BPF_JGE, 2, 5, 5), MOV64_REG(3, 1), ALU64_REG(BPF_ADD, 3, 2), LDX(BPF_H, 4, 3, 0),
								   ALU64_IMM(BPF_ADD, 2, 2), JA(-6), EXIT, MOV64_IMM(0, 0), EXIT), 7, true},
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		struct bpf_program prog;
		if (bpf_test_load(&prog, t[k].insns, t[k].count, 64, NULL, 0))
			fail_msg("%s: rejected: %s", t[k].name, bpf_test_log);
		uint8_t mode = BPF_MODE(prog.insns[t[k].insn].code);
		free(prog.insns);
		if (mode != (t[k].aligned ? BPF_MEM : BPF_MEM_UNALIGNED))
			fail_msg("%s: insn %u has mode 0x%02x, want %s", t[k].name, (unsigned)t[k].insn, mode,
				 t[k].aligned ? "BPF_MEM (proven aligned)" : "BPF_MEM_UNALIGNED");
	}
}

/* XDP: r1 is struct xdp_md; data and data_end come from it. */
#define XDP_PACKET(d, e) LDX(BPF_W, d, 1, 0), LDX(BPF_W, e, 1, 4)
/* "if (r2 + n > r3) return XDP_DROP": the branch skips to the last two instructions */
#define XDP_CHECK(n, skip) MOV64_REG(4, 2), ALU64_IMM(BPF_ADD, 4, n), JMP_REG(BPF_JGT, 4, 3, skip)
#define XDP_DROP_TAIL MOV64_IMM(0, XDP_DROP), EXIT
/* r6 = r2 + 14 + the IHL field's header length (r2 + 14 proven 20 bytes long) */
#define XDP_IP_HEADER LDX(BPF_B, 5, 2, 14), ALU64_IMM(BPF_AND, 5, 15), ALU64_IMM(BPF_LSH, 5, 2), \
	MOV64_REG(6, 2), ALU64_IMM(BPF_ADD, 6, 14), ALU64_REG(BPF_ADD, 6, 5)

/* data[0] is an offset: r6 = data + it, proven 2 bytes long; r8 = r6[1] a
   length, r6 + r8 proven inside (its jumps go to the drop tail, n
   instructions after its last) */
#define XDP_OPTION(n) XDP_PACKET(2, 3), XDP_CHECK(1, 9 + (n)), LDX(BPF_B, 5, 2, 0), MOV64_REG(6, 2), ALU64_REG(BPF_ADD, 6, 5), \
	MOV64_REG(7, 6), ALU64_IMM(BPF_ADD, 7, 2), JMP_REG(BPF_JGT, 7, 3, 3 + (n)), LDX(BPF_B, 8, 6, 1), \
	MOV64_REG(9, 6), ALU64_REG(BPF_ADD, 9, 8), JMP_REG(BPF_JGT, 9, 3, (n) - 1)

static void checks_xdp_packets(void **state)
{
	(void)state;
	const struct case_ t[] = {
		{"Ethernet type after the check", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(14, 2), LDX(BPF_H, 0, 2, 12), EXIT, XDP_DROP_TAIL), NULL},
		{"the check written end < pointer", PROGRAM(XDP_PACKET(2, 3), MOV64_REG(4, 2), ALU64_IMM(BPF_ADD, 4, 14), JMP_REG(BPF_JLT, 3, 4, 2),
							    LDX(BPF_H, 0, 2, 12), EXIT, XDP_DROP_TAIL), NULL},
		{"a write to the packet", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(6, 4), ST(BPF_W, 2, 0, -1), ST(BPF_H, 2, 4, -1), MOV64_IMM(0, XDP_TX), EXIT, XDP_DROP_TAIL), NULL},
		{"UDP after a variable-length IPv4 header", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(34, 11), XDP_IP_HEADER, MOV64_REG(7, 6), ALU64_IMM(BPF_ADD, 7, 8),
									JMP_REG(BPF_JGT, 7, 3, 2), LDX(BPF_H, 0, 6, 2), EXIT, XDP_DROP_TAIL), NULL},
		{"the queue fields are numbers", PROGRAM(LDX(BPF_W, 0, 1, 12), LDX(BPF_W, 2, 1, 16), ALU64_REG(BPF_ADD, 0, 2), EXIT), NULL},
		{"no check", PROGRAM(XDP_PACKET(2, 3), LDX(BPF_H, 0, 2, 12), EXIT), "insn 2: r2: packet access [12, 14) outside the 0 bytes proven"},
		{"one byte past the check", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(14, 2), LDX(BPF_H, 0, 2, 13), EXIT, XDP_DROP_TAIL), "insn 5: r2: packet access [13, 15) outside the 14 bytes"},
		{"only on the checked branch", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(14, 1), JA(0), LDX(BPF_H, 0, 2, 12), EXIT), "insn 6: r2: packet access [12, 14) outside the 0 bytes"},
		{"before data", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(14, 2), LDX(BPF_B, 0, 2, -1), EXIT, XDP_DROP_TAIL), "packet access [-1, 0)"},
		{"a variable header not checked on its own", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(34, 8), XDP_IP_HEADER, LDX(BPF_H, 0, 6, 2), EXIT, XDP_DROP_TAIL),
		 "insn 11: r6: packet access [16, 18) outside the 0 bytes"},
		{"an unbounded offset", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(4, 4), LDX(BPF_W, 5, 2, 0), ALU64_REG(BPF_ADD, 2, 5), MOV64_IMM(0, 0), EXIT, XDP_DROP_TAIL),
		 "insn 6: packet offset not bounded"},
		{"atomic on the packet", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(8, 3), MOV64_IMM(5, 1), BPF_INSN(BPF_STX | BPF_ATOMIC | BPF_W, 2, 5, 0, BPF_ADD), EXIT, XDP_DROP_TAIL),
		 "atomic operation on the packet"},
		{"data_meta", PROGRAM(LDX(BPF_W, 2, 1, 8), MOV64_IMM(0, 0), EXIT), "insn 0: XDP context: data_meta is not offered"},
		{"a 64-bit context read", PROGRAM(LDX(BPF_DW, 2, 1, 0), MOV64_IMM(0, 0), EXIT), "insn 0: XDP context: no 32-bit field at offset 0"},
		{"a write to the context", PROGRAM(ST(BPF_W, 1, 12, 0), MOV64_IMM(0, 0), EXIT), "insn 0: the XDP context is read-only"},
		{"arithmetic on data_end", PROGRAM(XDP_PACKET(2, 3), ALU64_IMM(BPF_ADD, 3, 1), MOV64_IMM(0, 0), EXIT), "insn 2: arithmetic on the packet's end"},
		{"a packet pointer returned", PROGRAM(XDP_PACKET(2, 3), MOV64_REG(0, 2), EXIT), "r0 is a packet pointer at exit"},
		/* r6 = data + data[0], an option: length at r6 + 1; one compare of r6 + length proves it */
		{"an option proven by its length", PROGRAM(XDP_OPTION(4), JMP_IMM(BPF_JLT, 8, 4, 2), LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL), NULL},
		{"an option's length checked one short", PROGRAM(XDP_OPTION(4), JMP_IMM(BPF_JLT, 8, 3, 2), LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL),
		 "insn 16: r6: packet access [0, 4) outside the 3 bytes"},
		{"the length read again after the compare", PROGRAM(XDP_OPTION(5), LDX(BPF_B, 8, 6, 1), JMP_IMM(BPF_JLT, 8, 4, 2), LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL),
		 "insn 17: r6: packet access [0, 4) outside the 2 bytes"},
		{"the option moved after the compare", PROGRAM(XDP_OPTION(5), JMP_IMM(BPF_JLT, 8, 4, 3), ALU64_REG(BPF_ADD, 6, 5), LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL),
		 "insn 17: r6: packet access [0, 4) outside the 0 bytes"},
		{"the length moved up by 2, then bounded", PROGRAM(XDP_OPTION(5), ALU64_IMM(BPF_ADD, 8, 2), JMP_IMM(BPF_JLT, 8, 6, 2), LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL), NULL},
		{"the length moved up by 2, bounded one short", PROGRAM(XDP_OPTION(5), ALU64_IMM(BPF_ADD, 8, 2), JMP_IMM(BPF_JLT, 8, 5, 2), LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL),
		 "insn 17: r6: packet access [0, 4) outside the 3 bytes"},
		/* the path with the compare reaches the join first, the one without it second */
		{"the option's end compared on one path only", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(1, 15), LDX(BPF_B, 5, 2, 0), MOV64_REG(6, 2), ALU64_REG(BPF_ADD, 6, 5),
									MOV64_REG(7, 6), ALU64_IMM(BPF_ADD, 7, 2), JMP_REG(BPF_JGT, 7, 3, 9), LDX(BPF_B, 8, 6, 1),
									MOV64_REG(9, 6), ALU64_REG(BPF_ADD, 9, 8), JMP_IMM(BPF_JEQ, 5, 7, 4), JMP_REG(BPF_JGT, 9, 3, 4),
									JMP_IMM(BPF_JLT, 8, 4, 3), LDX(BPF_W, 0, 6, 0), EXIT, JA(-4), XDP_DROP_TAIL),
		 "insn 17: r6: packet access [0, 4) outside the 2 bytes"},
		{"the option's end compared the wrong way", PROGRAM(XDP_PACKET(2, 3), XDP_CHECK(1, 13), LDX(BPF_B, 5, 2, 0), MOV64_REG(6, 2), ALU64_REG(BPF_ADD, 6, 5),
								    MOV64_REG(7, 6), ALU64_IMM(BPF_ADD, 7, 2), JMP_REG(BPF_JGT, 7, 3, 7), LDX(BPF_B, 8, 6, 1),
								    MOV64_REG(9, 6), ALU64_REG(BPF_ADD, 9, 8), JMP_REG(BPF_JLE, 9, 3, 3), JMP_IMM(BPF_JLT, 8, 4, 2),
								    LDX(BPF_W, 0, 6, 0), EXIT, XDP_DROP_TAIL), "insn 16: r6: packet access [0, 4) outside the 2 bytes"},
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		struct bpf_program prog = {.count = t[k].count, .kind = BPF_KIND_XDP};
		prog.insns = malloc(t[k].count * sizeof *t[k].insns);
		memcpy(prog.insns, t[k].insns, t[k].count * sizeof *t[k].insns);
		size_t size = bpf_verifier_scratch_size(&prog);
		void *scratch = malloc(size);
		int err = bpf_verify(&prog, scratch, size, bpf_test_log, sizeof bpf_test_log);
		free(scratch);
		free(prog.insns);
		if (!t[k].message && err)
			fail_msg("%s: rejected: %s", t[k].name, bpf_test_log);
		if (t[k].message && (err != -EINVAL || !strstr(bpf_test_log, t[k].message)))
			fail_msg("%s: status %d, log \"%s\", want \"%s\"", t[k].name, err, bpf_test_log, t[k].message);
	}
}

static void verifies_4096_instructions(void **state)
{
	(void)state;
	struct bpf_insn *insns = calloc(BPF_MAX_INSNS + 1, sizeof *insns);
	for (int i = 0; i < BPF_MAX_INSNS - 1; i++)
		insns[i] = i % 3 == 2 ? JMP_IMM(BPF_JGT, 0, i, 0) : ALU64_IMM(i % 3 ? BPF_ADD : BPF_MOV, 0, i);
	insns[BPF_MAX_INSNS - 1] = EXIT;
	struct bpf_program prog;
	assert_int_equal(bpf_test_load(&prog, insns, BPF_MAX_INSNS, 64, NULL, 0), 0);
	free(prog.insns);
	assert_int_equal(bpf_test_load(&prog, insns, BPF_MAX_INSNS + 1, 64, NULL, 0), -EINVAL);
	assert_non_null(strstr(bpf_test_log, "4097 instructions"));
	free(prog.insns);
	free(insns);
}

/* The context pointer spilled to all 64 stack slots, a join point that both
   paths reach, then `tail` (count instructions), then each slot reloaded and
   dereferenced. */
static int spill_everywhere(const struct bpf_insn *tail, uint32_t count)
{
	struct bpf_insn insns[64 + 3 + 8 + 64 * 2 + 2];
	uint32_t n = 0;
	for (int k = 1; k <= 64; k++)
		insns[n++] = STX(BPF_DW, 10, 1, (int16_t)(-8 * k));
	insns[n++] = LDX(BPF_B, 3, 1, 0);
	insns[n++] = JMP_IMM(BPF_JGT, 3, 10, 1);
	insns[n++] = MOV64_IMM(3, 0);
	for (uint32_t k = 0; k < count; k++)
		insns[n++] = tail[k];
	for (int k = 1; k <= 64; k++) {
		insns[n++] = LDX(BPF_DW, 2, 10, (int16_t)(-8 * k));
		insns[n++] = LDX(BPF_B, 0, 2, 63);
	}
	insns[n++] = EXIT;
	struct bpf_program prog;
	int err = bpf_test_load(&prog, insns, n, 64, NULL, 0);
	free(prog.insns);
	return err;
}

/* States keep only the slots a register is spilled to: a program that uses
   every slot still verifies, and each slot is still tracked on its own. */
static void spills_to_every_slot(void **state)
{
	(void)state;
	assert_int_equal(spill_everywhere(NULL, 0), 0);
	const struct bpf_insn partly_overwritten[] = {ST(BPF_W, 10, -8 * 40, 0)};
	assert_int_equal(spill_everywhere(partly_overwritten, 1), -EINVAL);
	assert_non_null(strstr(bpf_test_log, "insn 147: r2 is a number"));
	/* On one path only, slot 41 gets a number: after the join it is one. */
	const struct bpf_insn on_one_path[] = {JMP_IMM(BPF_JEQ, 3, 0, 1), STX(BPF_DW, 10, 3, -8 * 41)};
	assert_int_equal(spill_everywhere(on_one_path, 2), -EINVAL);
	assert_non_null(strstr(bpf_test_log, "insn 150: r2 is a number"));
}

/* What bpf_verifier_scratch_size asks for: a register state per join point,
   with room for as many spills as the program has 8-byte stores. */
static void scratch_size_bounds(void **state)
{
	(void)state;
	static struct bpf_insn insns[BPF_MAX_INSNS];
	struct bpf_program prog = {.insns = insns, .count = 2};
	insns[0] = MOV64_IMM(0, 0);
	insns[1] = EXIT;
	assert_in_range(bpf_verifier_scratch_size(&prog), 1, 2400); /* three 688-byte states, the widening thresholds and the rest */
	/* The host benchmark's shape: 4096 instructions, 1023 branches. */
	uint32_t n = 0;
	insns[n++] = MOV64_IMM(0, 0);
	insns[n++] = LDX(BPF_W, 6, 1, 60);
	for (int32_t k = 0; k < 1023; k++) {
		insns[n++] = ALU64_IMM(BPF_ADD, 0, k);
		insns[n++] = JMP_IMM(BPF_JGT, 6, k, 1);
		insns[n++] = ALU64_IMM(BPF_MUL, 0, 3);
		insns[n++] = ALU64_IMM(BPF_RSH, 0, 1);
	}
	insns[n++] = ALU64_IMM(BPF_AND, 0, 0xff);
	insns[n++] = EXIT;
	prog.count = n;
	assert_in_range(bpf_verifier_scratch_size(&prog), 1, 768 * 1024);
}

static void too_little_scratch(void **state)
{
	(void)state;
	struct bpf_insn insns[] = {MOV64_IMM(0, 0), EXIT};
	struct bpf_program prog = {.insns = insns, .count = 2};
	char scratch[64], log[100];
	assert_int_equal(bpf_verify(&prog, scratch, sizeof scratch, log, sizeof log), -ENOMEM);
	assert_non_null(strstr(log, "scratch"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejects_malformed_code),
		cmocka_unit_test(rejects_unsafe_data_flow),
		cmocka_unit_test(rejects_bad_map_use),
		cmocka_unit_test(accepts_safe_programs),
		cmocka_unit_test(tracks_signed_ranges),
		cmocka_unit_test(proves_alignment),
		cmocka_unit_test(checks_xdp_packets),
		cmocka_unit_test(verifies_4096_instructions),
		cmocka_unit_test(spills_to_every_slot),
		cmocka_unit_test(tracks_32bit_signed_ranges),
		cmocka_unit_test(scratch_size_bounds),
		cmocka_unit_test(too_little_scratch),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
