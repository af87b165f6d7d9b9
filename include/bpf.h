/*
 * bpf.h — an eBPF virtual machine (the RFC 9669 instruction set) for extension
 * programs: the verifier proves a program safe once, at load; the interpreter
 * then runs it with no further checks. Maps and helpers are in bpf_map.h.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One instruction (RFC 9669 §3); dst is the low nibble on little-endian CPUs. */
struct bpf_insn {
	uint8_t code;
	uint8_t dst : 4;
	uint8_t src : 4;
	int16_t off;
	int32_t imm;
};

/* Opcode fields (RFC 9669 §3 and §4–§5). */
enum {
	BPF_LD = 0x00, BPF_LDX = 0x01, BPF_ST = 0x02, BPF_STX = 0x03,
	BPF_ALU = 0x04, BPF_JMP = 0x05, BPF_JMP32 = 0x06, BPF_ALU64 = 0x07,
	BPF_K = 0x00, BPF_X = 0x08,
	/* ALU operations */
	BPF_ADD = 0x00, BPF_SUB = 0x10, BPF_MUL = 0x20, BPF_DIV = 0x30,
	BPF_OR = 0x40, BPF_AND = 0x50, BPF_LSH = 0x60, BPF_RSH = 0x70,
	BPF_NEG = 0x80, BPF_MOD = 0x90, BPF_XOR = 0xa0, BPF_MOV = 0xb0,
	BPF_ARSH = 0xc0, BPF_END = 0xd0,
	BPF_TO_LE = 0x00, BPF_TO_BE = 0x08,
	/* jump operations */
	BPF_JA = 0x00, BPF_JEQ = 0x10, BPF_JGT = 0x20, BPF_JGE = 0x30,
	BPF_JSET = 0x40, BPF_JNE = 0x50, BPF_JSGT = 0x60, BPF_JSGE = 0x70,
	BPF_CALL = 0x80, BPF_EXIT = 0x90, BPF_JLT = 0xa0, BPF_JLE = 0xb0,
	BPF_JSLT = 0xc0, BPF_JSLE = 0xd0,
	/* load and store sizes and modes */
	BPF_W = 0x00, BPF_H = 0x08, BPF_B = 0x10, BPF_DW = 0x18,
	BPF_IMM = 0x00, BPF_ABS = 0x20, BPF_IND = 0x40, BPF_MEM = 0x60,
	BPF_MEMSX = 0x80, BPF_ATOMIC = 0xc0,
	/* Modes only bpf_verify writes (RFC 9669 reserves them): a load or
	   store whose natural alignment it could not prove. The interpreter
	   moves such an access a byte at a time (the lx106 and rv32 fault on
	   unaligned words); BPF_MEM and BPF_MEMSX in a verified program are
	   proven aligned, for a fast path or a JIT. */
	BPF_MEMSX_UNALIGNED = 0xa0, BPF_MEM_UNALIGNED = 0xe0,
	/* atomic operations (in imm) */
	BPF_FETCH = 0x01, BPF_XCHG = 0xe0 | BPF_FETCH, BPF_CMPXCHG = 0xf0 | BPF_FETCH,
	/* src of a 64-bit immediate load and of a call (RFC 9669 §4.3.1, §5.4.1) */
	BPF_PSEUDO_MAP_FD = 1, BPF_PSEUDO_CALL = 1,
};

#define BPF_CLASS(code) ((code) & 0x07)
#define BPF_OP(code) ((code) & 0xf0)
#define BPF_SRC(code) ((code) & 0x08)
#define BPF_SIZE(code) ((code) & 0x18)
#define BPF_MODE(code) ((code) & 0xe0)

/* An instruction as an initializer, for programs written in C. */
#define BPF_INSN(code_, dst_, src_, off_, imm_) \
	((struct bpf_insn){.code = (code_), .dst = (dst_), .src = (src_), .off = (off_), .imm = (imm_)})

#define BPF_REGS 11         /* r0..r9 and the read-only frame pointer r10 */
#define BPF_STACK_SIZE 512  /* bytes for all frames together, as in Linux */
#define BPF_MAX_CALL_DEPTH 8
#define BPF_MAX_INSNS 4096
#define BPF_MAX_PROGRAM_MAPS 8
/* Taken backward jumps and calls a run may make before it is stopped. */
#define BPF_DEFAULT_BUDGET 1000000u

struct bpf_map;

/* What r1 points at when the program runs. */
enum bpf_program_kind {
	BPF_KIND_CONTEXT = 0, /* ctx_size bytes of memory */
	BPF_KIND_XDP = 1,     /* a packet, through struct xdp_md (below) */
};

/*
 * XDP-style packet programs, for a hook on a network device's receive path.
 *
 * The program is written against Linux's struct xdp_md, the 32-bit fields
 * clang sees: it reads data and data_end from r1 (and ingress_ifindex,
 * rx_queue_index; data_meta and egress_ifindex are not offered), proves
 * each packet access with the usual compare against data_end,
 *     if (data + sizeof(struct ethhdr) > data_end) return XDP_DROP;
 * (variable header lengths included: a pointer moved by a bounded number is
 * proven by its own compare), may read and write the packet, and returns a
 * verdict. bpf_verify rewrites the context reads into loads from struct
 * bpf_xdp_buff, which is what the hook passes to bpf_run as ctx; ctx_size
 * and ctx_writable are not used. A compare proves at most 511 bytes past a
 * pointer. The hook places data 2 bytes past a multiple of 4
 * (BPF_XDP_DATA_ALIGN, Linux's NET_IP_ALIGN: the IP header after Ethernet's
 * 14 bytes is 4-aligned) and bpf_run refuses a packet that is not, so the
 * verifier proves 16- and 32-bit packet accesses natural from their offsets
 * (an 8-byte one never: data is known only modulo 4); the rest take the
 * byte path.
 */
struct xdp_md {
	uint32_t data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex;
};

#define BPF_XDP_DATA_ALIGN 2 /* data % 4 */

struct bpf_xdp_buff {
	void *data;      /* first byte of the frame: data % 4 == BPF_XDP_DATA_ALIGN */
	void *data_end;  /* one past its last */
	uint32_t ingress_ifindex, rx_queue_index;
} __attribute__((aligned(8))); /* bpf_run wants an 8-aligned ctx */

/* The verdict an XDP program returns (Linux's enum xdp_action). */
enum xdp_action { XDP_ABORTED = 0, XDP_DROP = 1, XDP_PASS = 2, XDP_TX = 3, XDP_REDIRECT = 4 };

/* A program as loaded: its instructions (which verification rewrites in
   place: map references and helper calls are resolved), the maps it refers to
   by index, and the context it is run with. */
struct bpf_program {
	struct bpf_insn *insns;
	uint32_t count;
	struct bpf_map *maps[BPF_MAX_PROGRAM_MAPS];
	uint32_t map_count;
	uint32_t ctx_size;  /* bytes at r1 the program may touch */
	bool ctx_writable;
	uint8_t kind;       /* enum bpf_program_kind */
	uint32_t budget;    /* backward jumps and calls per run; 0 = BPF_DEFAULT_BUDGET */
	bool verified;
	void *jit_code;     /* native code from bpf_jit_compile, or NULL: interpreted */
	uint32_t jit_size;  /* its bytes */
};

/*
 * Proves the program safe for a context of prog->ctx_size bytes at r1 and
 * prepares it to run. scratch is working memory for the proof, needed only
 * during the call (bpf_verifier_scratch_size tells how much a program needs).
 * Returns 0, or -EINVAL (and "insn N: reason" in log) for a rejected program,
 * -ENOMEM if scratch is too small.
 */
int bpf_verify(struct bpf_program *prog, void *scratch, size_t scratch_size,
	       char *log, size_t log_size);
size_t bpf_verifier_scratch_size(const struct bpf_program *prog);

/*
 * Runs a verified program with r1 = ctx (8-byte aligned, ctx_size bytes) and
 * r2 = ctx_size: its native code when bpf_jit_compile made some, else the
 * interpreter. Returns 0 with r0 in *result, -EINVAL for a program that was
 * not verified, or -ETIMEDOUT when it used up its budget.
 */
int bpf_run(const struct bpf_program *prog, void *ctx, uint64_t *result);
/* The same run, always by the interpreter (for comparison and as the fallback). */
int bpf_interpret(const struct bpf_program *prog, void *ctx, uint64_t *result);

/*
 * Compiles a verified program to native code in the JIT pool (the board
 * sizes it); bpf_run then runs that code. The budget is kept as the
 * interpreter keeps it (backward jumps and calls), so a loop stops at the same
 * point with the same -ETIMEDOUT. scratch holds bpf_jit_scratch_size bytes,
 * needed only during the call. Returns 0; -ENOTSUP on a target with no JIT;
 * -ENOSPC when the code does not fit in what is left of the pool. On an error
 * log says why and the program stays with the interpreter.
 */
int bpf_jit_compile(struct bpf_program *prog, void *scratch, size_t scratch_size,
		    char *log, size_t log_size);
size_t bpf_jit_scratch_size(const struct bpf_program *prog);
/* Frees the whole pool: every compiled program goes back to the interpreter's
   hands only by being compiled again, so call it when they are all gone. */
void bpf_jit_reset(void);
/* Bytes of native code the pool holds, and its size (0: no JIT here). */
uint32_t bpf_jit_pool_used(void);
uint32_t bpf_jit_pool_size(void);
