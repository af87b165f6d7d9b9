/*
 * verifier.c — proves, before a program runs, that every memory access lies
 * inside the context, the stack or a map value, that no register is read
 * before it is written, and that helpers get arguments of the right kind.
 *
 * Method: abstract interpretation over a lattice of register and stack-slot
 * states, joined where control flow meets (jump targets, function entries
 * and calls), with
 * widening after a few changes so that loops reach a fixed point. Loops are
 * therefore allowed and bounded at run time by the interpreter's budget of
 * backward jumps; the verifier itself always ends, in time linear in the
 * program size times a small constant per join point. Local functions are
 * analysed once for all their callers (arguments joined over call sites);
 * pointers into a caller's stack do not cross a call, so each frame's stack
 * is private and callee-saved registers come back unchanged.
 *
 * Memory: one state per join point dominates, so a state keeps 56-byte
 * registers and only the stack slots that hold a spilled register, and
 * the scratch memory is planned from the program (joins, functions, 8-byte
 * stores) so that bpf_verifier_scratch_size is a close bound.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "bpf.h"
#include "bpf_map.h"

enum reg_type {
	UNINIT,           /* never written (or clobbered): may not be read */
	SCALAR,           /* a number: never dereferenced */
	PTR_CTX,          /* into the context */
	PTR_STACK,        /* into this frame's stack */
	PTR_MAP_VALUE,    /* into a value of map `map` */
	PTR_MAP_OR_NULL,  /* lookup result not yet compared with 0 */
	MAP_REF,          /* a map itself, for helpers */
	PTR_PACKET,       /* XDP: into the packet, from its data pointer */
	PTR_PACKET_END,   /* XDP: the packet's data_end */
};

/* Unknown upper bound: the value may be anything from min up to 2^64-1. */
#define UNBOUNDED UINT64_MAX
#define POINTER_RANGE 0xffffffffu /* a variable part above this is UNBOUNDED */

/*
 * Known bits of a value's low 32 bits, as a tnum (the Linux verifier's
 * value/mask pair): a bit set in mask is unknown; every other bit is the
 * one in value (value & mask == 0). The low half is where parity,
 * alignment and masks live; the upper half is known from the range.
 */
struct tnum {
	uint32_t value, mask;
};

/*
 * What is known of a register. A scalar lies in [min, max] unsigned and in
 * [smin, smax] signed, its low 32 bits read as an int32 lie in [s32min,
 * s32max] (what 32-bit operations and jmp32 signed compares need: a
 * 32-bit value may be -5..5, which no unsigned range says) and match
 * `bits`: four views of one set of numbers, each kept as tight as the others allow (sync_scalar), so
 * that a compare or an operation of either signedness finds the bound it
 * needs. Scalars with the same nonzero id are linked: each is one unknown
 * base + its off (mod 2^64), so a compare that bounds one bounds the others
 * (a loop that tests a copy of its counter taken before the increment). A
 * pointer is region start + off + v with v in [min, max] (the variable
 * part) and v's low 32 bits matching `bits`. Whenever max < 2^32 range and
 * bits agree: min and max are values `bits` allows, and bits knows what the
 * range forces (see sync_bounds). No padding: states are compared bytewise.
 * 56 bytes: one register is kept for every register and spilled slot of
 * every join point.
 */
struct reg {
	uint32_t type : 4;   /* enum reg_type */
	uint32_t aux : 9;    /* map pointers: the program's map index; packet
				pointers: the bytes proven inside the packet from
				data + the variable part (PACKET_RANGE_MAX at most) */
	uint32_t id : 13;    /* copies of one lookup result, linked scalars, or
				packet pointers with one variable part share it */
	uint32_t slot : 6;   /* in a state's spill list: the stack slot it fills; 0 elsewhere */
	int32_t off;
	uint64_t min, max;
	union {
		struct {     /* scalars */
			int64_t smin, smax;
			int32_t s32min, s32max; /* the low 32 bits as an int32 */
		};
		struct {     /* packet pointers: see below; zero for other pointers */
			uint16_t parent, link;
			int32_t link_off;
			uint16_t rel_link;
			int16_t rel_off;
			int32_t rel_link_off;
		};
	};
	struct tnum bits;
};
/*
 * Packet pointers (XDP programs): data + off + v. Those with the same id
 * share v (id 0: v is 0) and the range in aux: data + v + aux <= data_end
 * was proven by a compare with data_end. v stays below PACKET_OFFSET_MAX,
 * so that no address computed from the packet can wrap.
 *
 * Two facts relate a variable part to another and to a number the packet
 * gave (an option's length), for "if (option + length > data_end)":
 * - a pointer made by adding a scalar of link id `link` (nonzero) to one
 *   with variable part `parent` has v = v(parent) + (the link's base +
 *   link_off), that sum being the number added;
 * - rel_link (nonzero): data + v + rel_off + (base of rel_link +
 *   rel_link_off) <= data_end, learned when a compare proved a range for a
 *   pointer derived from this one. An access takes as its range the larger
 *   of aux and rel_off + the least value a live holder of the link allows.
 * Ids are numbers of the instructions that made them; when one instruction
 * makes a new variable part or link, facts naming the old one are dropped.
 */
#define PACKET_RANGE_MAX 511
#define PACKET_OFFSET_MAX 0xffff
#define NO_RANGE_ID 8191 /* a variable part no compare can give a range */
_Static_assert(BPF_MAX_PROGRAM_MAPS <= 512 && BPF_MAX_INSNS < NO_RANGE_ID, "struct reg's fields are too narrow");
_Static_assert(sizeof(struct reg) == 56, "struct reg has padding");

#define STACK_SLOTS (BPF_STACK_SIZE / 8)
#define MAX_THRESHOLDS 48

/*
 * A program point's state: registers, which bytes of the frame's stack are
 * written, and the 8-byte slots that hold a spilled register.
 * Invariant: spill[0..spill_count) name distinct slots, each with all 8
 * bytes written and type != UNINIT; a written slot without an entry holds
 * some number. Most of the 64 slots are never spilled to, so only the ones
 * in use are kept, in any order, up to the verifier's spill_capacity (the
 * program's count of 8-byte stores, at most 64): a state is 688 bytes plus
 * 56 per possible spill, not 4.2 KB. Dropping an entry (when full) only
 * forgets what the slot holds, which is sound: it reads as a number.
 */
struct state {
	struct reg reg[BPF_REGS];
	uint8_t written[BPF_STACK_SIZE / 8]; /* bit per byte, byte 0 = r10-512 */
	uint8_t spill_count;
	struct reg spill[];                  /* spill_capacity entries follow */
};

/* Per instruction; IS_UNALIGNED: a load or store whose alignment is not
   proven on some path (bpf_verify gives it an unaligned mode). */
/* IS_XDP_FIELD: a read of struct xdp_md, rewritten for struct bpf_xdp_buff. */
enum { IS_JOIN = 1, IS_ENTRY = 2, IS_IMM64_TAIL = 4, IS_LOCAL_CALL = 8, IS_UNALIGNED = 16, IS_XDP_FIELD = 32 };

struct join_point {
	uint32_t insn;
	uint8_t reached, queued, changes;
};

struct function {
	uint32_t start, end;
	uint32_t stack_depth;     /* deepest byte below r10 touched */
	uint32_t stack_below;     /* this frame plus the deepest chain of callees */
	uint32_t frames;          /* this frame plus the deepest chain's */
	uint8_t color;            /* call graph walk: 0 new, 1 on the path, 2 done */
	bool returned;            /* summary is valid */
	struct reg summary;       /* r0 at its exits, joined */
};

struct verifier {
	struct bpf_program *prog;
	const struct bpf_insn *insns;
	uint32_t count;
	uint8_t *flags;            /* per instruction */
	uint16_t *join_of;         /* per instruction: join point index */
	uint16_t *function_of;     /* per instruction */
	struct join_point *joins;
	uint8_t *states;           /* per join point, state_size bytes each */
	size_t state_size;
	uint32_t spill_capacity;
	uint16_t *worklist;
	uint32_t join_count, work_count;
	struct function *functions;
	uint32_t function_count;
	struct state *work, *branch;
	/* Where widening stops: the constants jumps compare with, and their
	   neighbours, so that a loop counter keeps the bound its loop tests
	   (MAX_THRESHOLDS, in scratch: the lx106 verifies on a 2 KiB stack). */
	uint32_t *thresholds;
	uint32_t threshold_count;
	char *log;
	size_t log_size;
};

#define WIDEN_AFTER 4      /* joins that change a point before bounds are widened */
#define MAX_FUNCTIONS 64
#define MAX_POINTER_OFFSET (1 << 29)

static int reject(struct verifier *v, uint32_t insn, const char *format, ...)
{
	if (v->log && v->log_size) {
		int n = snprintf(v->log, v->log_size, "insn %u: ", (unsigned)insn);
		va_list ap;
		va_start(ap, format);
		if (n >= 0 && (size_t)n < v->log_size)
			vsnprintf(v->log + n, v->log_size - (size_t)n, format, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* ---- scalars: intervals and known bits ---- */

struct interval {
	uint64_t lo, hi;
};

static struct interval interval_of(const struct reg *r)
{
	return (struct interval){r->min, r->max};
}

static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

static const struct tnum any_bits = {0, UINT32_MAX};

static struct tnum tnum_constant(uint32_t value)
{
	return (struct tnum){value, 0};
}

/* The bits every value of [lo, hi] shares (both below 2^32): those above
   the highest bit in which lo and hi differ. */
static struct tnum tnum_of_range(uint32_t lo, uint32_t hi)
{
	uint32_t differ = lo ^ hi, mask = 0;
	while (mask < differ)
		mask = mask << 1 | 1;
	return (struct tnum){lo & ~mask, mask};
}

/* The sum's known bits: a carry out of an unknown bit makes every bit it
   can reach unknown. */
static struct tnum tnum_add(struct tnum a, struct tnum b)
{
	uint32_t sum = a.value + b.value, carries = (sum + a.mask + b.mask) ^ sum;
	uint32_t mask = carries | a.mask | b.mask;
	return (struct tnum){sum & ~mask, mask};
}

static struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	uint32_t diff = a.value - b.value, borrows = (diff + a.mask) ^ (diff - b.mask);
	uint32_t mask = borrows | a.mask | b.mask;
	return (struct tnum){diff & ~mask, mask};
}

static struct tnum tnum_and(struct tnum a, struct tnum b)
{
	uint32_t value = a.value & b.value;
	return (struct tnum){value, (a.value | a.mask) & (b.value | b.mask) & ~value};
}

static struct tnum tnum_or(struct tnum a, struct tnum b)
{
	uint32_t value = a.value | b.value;
	return (struct tnum){value, (a.mask | b.mask) & ~value};
}

static struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	uint32_t mask = a.mask | b.mask;
	return (struct tnum){(a.value ^ b.value) & ~mask, mask};
}

/* Trailing bits known to be zero. */
static unsigned tnum_zero_tail(struct tnum t)
{
	unsigned n = 0;
	while (n < 32 && !((t.value | t.mask) & (1u << n)))
		n++;
	return n;
}

/* A product keeps the zero tails of both factors (enough for alignment). */
static struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	if (!a.mask && !b.mask)
		return tnum_constant(a.value * b.value);
	unsigned zeros = tnum_zero_tail(a) + tnum_zero_tail(b);
	return zeros >= 32 ? tnum_constant(0) : (struct tnum){0, UINT32_MAX << zeros};
}

/* What holds of both (a join of two states). */
static struct tnum tnum_union(struct tnum a, struct tnum b)
{
	uint32_t mask = a.mask | b.mask | (a.value ^ b.value);
	return (struct tnum){a.value & ~mask, mask};
}

/* What holds when both do; false when they contradict. */
static bool tnum_intersect(struct tnum *a, struct tnum b)
{
	if ((a->value ^ b.value) & ~(a->mask | b.mask))
		return false;
	*a = (struct tnum){a->value | b.value, a->mask & b.mask};
	return true;
}

/* The low `size` bytes' alignment: whether off + t is a multiple of size. */
static bool tnum_aligned(struct tnum t, int32_t off, uint32_t size)
{
	struct tnum at = tnum_add(t, tnum_constant((uint32_t)off));
	return !((at.value | at.mask) & (size - 1));
}

/*
 * Makes range and bits agree (for a range below 2^32, where the bits are
 * the whole value): the bits learn the prefix the range fixes, and the
 * bounds move in to the nearest values the bits allow (with known low bits
 * `low` over a tail of k bits, values step by 2^k: i < 1500 with i even
 * gives i <= 1498). False when nothing is left.
 */
static bool sync_bounds(uint64_t *min, uint64_t *max, struct tnum *bits)
{
	if (*min > *max)
		return false;
	if (*max > 0xffffffffu)
		return true;
	if (!tnum_intersect(bits, tnum_of_range((uint32_t)*min, (uint32_t)*max)))
		return false;
	*min = max64(*min, bits->value);
	*max = min64(*max, bits->value | bits->mask);
	unsigned k = 0;
	while (k < 32 && !(bits->mask & (1u << k)))
		k++;
	uint64_t step = 1ull << k, low = bits->value & (step - 1);
	*min += (low - *min) & (step - 1);
	if (*max < low)
		return false;
	*max -= (*max - low) & (step - 1);
	if (*min > *max)
		return false;
	if (*min == *max)
		*bits = tnum_constant((uint32_t)*min);
	return true;
}

struct signed_interval {
	int64_t lo, hi;
};

static const struct signed_interval any_signed = {INT64_MIN, INT64_MAX};
static const struct signed_interval any_signed32 = {INT32_MIN, INT32_MAX};

static struct signed_interval signed_of(const struct reg *r)
{
	return (struct signed_interval){r->smin, r->smax};
}

static int64_t smin64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t smax64(int64_t a, int64_t b) { return a > b ? a : b; }

static struct signed_interval low_signed(const struct reg *r)
{
	return (struct signed_interval){r->s32min, r->s32max};
}

/*
 * The low half's int32 range against the other views: the known bits
 * bound it (an unknown sign bit: the least value sets it, the greatest
 * clears it); a signed range within int32 is the low half sign-extended,
 * so the two are one; and where min and max lie in one 2^32 block the
 * low half is the interval [min, max] of that block, while an int32 range
 * is, unsigned, the non-negatives [0, s32max] and the negatives
 * [2^32 + s32min, 2^32 - 1]: the range keeps the hull of what meets them.
 * False when nothing is left.
 */
static bool sync_low_half(struct reg *r)
{
	uint32_t sign = r->bits.mask & 0x80000000u;
	int64_t lo = smax64(r->s32min, (int32_t)(r->bits.value | sign));
	int64_t hi = smin64(r->s32max, (int32_t)((r->bits.value | r->bits.mask) & ~sign));
	if (r->smin >= INT32_MIN && r->smax <= INT32_MAX) {
		lo = r->smin = smax64(lo, r->smin);
		hi = r->smax = smin64(hi, r->smax);
	}
	if (lo > hi)
		return false;
	if (r->min >> 32 == r->max >> 32) {
		uint64_t block = r->min & ~0xffffffffull;
		struct interval x = {(uint32_t)r->min, (uint32_t)r->max}, hull = {UINT64_MAX, 0};
		if (hi >= 0 && x.lo <= (uint64_t)hi && x.hi >= (uint64_t)smax64(lo, 0))
			hull = (struct interval){max64(x.lo, (uint64_t)smax64(lo, 0)), min64(x.hi, (uint64_t)hi)};
		if (lo < 0 && x.hi >= (uint32_t)lo && x.lo <= (uint32_t)smin64(hi, -1))
			hull = (struct interval){min64(hull.lo, max64(x.lo, (uint32_t)lo)),
						 min64(x.hi, (uint32_t)smin64(hi, -1))};
		if (hull.lo > hull.hi)
			return false;
		r->min = block | hull.lo;
		r->max = block | hull.hi;
		if ((int32_t)hull.lo <= (int32_t)hull.hi) { /* one sign */
			lo = smax64(lo, (int32_t)hull.lo);
			hi = smin64(hi, (int32_t)hull.hi);
		}
	}
	r->s32min = (int32_t)lo;
	r->s32max = (int32_t)hi;
	return true;
}

/*
 * Makes a scalar's four views agree: a signed range of one sign is the
 * same numbers unsigned, an unsigned range that does not cross 2^63 the
 * same numbers signed, and range and bits meet in sync_bounds. Each step
 * only removes numbers no view allows, so a few rounds settle it. False
 * when nothing is left.
 */
static bool sync_scalar(struct reg *r)
{
	for (int round = 0; round < 3; round++) {
		if (!sync_low_half(r))
			return false;
		if (r->smin >= 0 || r->smax < 0) {
			r->min = max64(r->min, (uint64_t)r->smin);
			r->max = min64(r->max, (uint64_t)r->smax);
		}
		if (r->min > r->max || !sync_bounds(&r->min, &r->max, &r->bits))
			return false;
		if ((int64_t)r->min <= (int64_t)r->max) {
			r->smin = smax64(r->smin, (int64_t)r->min);
			r->smax = smin64(r->smax, (int64_t)r->max);
		}
		if (r->smin > r->smax)
			return false;
	}
	if (r->min == r->max)
		r->bits = tnum_constant((uint32_t)r->min);
	return true;
}

/* The numbers that are in u unsigned, in s signed, whose low halves are
   in s32 as int32s, and that match bits. */
static struct reg scalar_of(struct interval u, struct signed_interval s, struct signed_interval s32, struct tnum bits)
{
	struct reg r = {.type = SCALAR, .min = u.lo, .max = u.hi, .smin = s.lo, .smax = s.hi,
			.s32min = (int32_t)s32.lo, .s32max = (int32_t)s32.hi, .bits = bits};
	if (!sync_scalar(&r)) /* unreachable for sound inputs */
		r = (struct reg){.type = SCALAR, .min = u.lo, .max = u.hi, .smin = INT64_MIN, .smax = INT64_MAX,
				 .s32min = INT32_MIN, .s32max = INT32_MAX, .bits = any_bits};
	return r;
}

static struct reg scalar(struct interval i, struct tnum bits)
{
	return scalar_of(i, any_signed, any_signed32, bits);
}

static struct reg signed_scalar(struct signed_interval s)
{
	return scalar_of((struct interval){0, UINT64_MAX}, s, any_signed32, any_bits);
}

/* Built directly, not through sync_scalar: they are made everywhere, and
   the lx106 runs the verifier on a 2 KiB stack. */
static struct reg unknown(void)
{
	return (struct reg){.type = SCALAR, .max = UINT64_MAX, .smin = INT64_MIN, .smax = INT64_MAX,
			    .s32min = INT32_MIN, .s32max = INT32_MAX, .bits = any_bits};
}

static struct reg constant(uint64_t value)
{
	return (struct reg){.type = SCALAR, .min = value, .max = value, .smin = (int64_t)value, .smax = (int64_t)value,
			    .s32min = (int32_t)(uint32_t)value, .s32max = (int32_t)(uint32_t)value,
			    .bits = tnum_constant((uint32_t)value)};
}

static bool is_constant(const struct reg *r)
{
	return r->type == SCALAR && r->min == r->max;
}

/* Smallest 2^k - 1 at or above x. */
static uint64_t all_ones_above(uint64_t x)
{
	uint64_t m = 0;
	while (m < x)
		m = m << 1 | 1;
	return m;
}

/* The signed range of a 64-bit op(d, s) where no value overflows (add,
   sub, mul, shifts by a known amount); any_signed otherwise. The other
   operations' signed ranges follow from their unsigned ones. */
static struct signed_interval signed_alu(uint8_t op, struct signed_interval a, struct signed_interval b)
{
	int64_t c[4];
	switch (op) {
	case BPF_ADD:
		if (__builtin_add_overflow(a.lo, b.lo, &c[0]) || __builtin_add_overflow(a.hi, b.hi, &c[1]))
			return any_signed;
		return (struct signed_interval){c[0], c[1]};
	case BPF_SUB:
		if (__builtin_sub_overflow(a.lo, b.hi, &c[0]) || __builtin_sub_overflow(a.hi, b.lo, &c[1]))
			return any_signed;
		return (struct signed_interval){c[0], c[1]};
	case BPF_MUL:
		if (__builtin_mul_overflow(a.lo, b.lo, &c[0]) || __builtin_mul_overflow(a.lo, b.hi, &c[1]) ||
		    __builtin_mul_overflow(a.hi, b.lo, &c[2]) || __builtin_mul_overflow(a.hi, b.hi, &c[3]))
			return any_signed;
		return (struct signed_interval){smin64(smin64(c[0], c[1]), smin64(c[2], c[3])),
						smax64(smax64(c[0], c[1]), smax64(c[2], c[3]))};
	case BPF_LSH: /* by a known amount below 64: no bit reaches the sign */
		if (b.lo != b.hi || b.lo < 0 || b.lo > 63 || a.lo < -(INT64_MAX >> b.lo) - 1 || a.hi > INT64_MAX >> b.lo)
			return any_signed;
		return (struct signed_interval){(int64_t)((uint64_t)a.lo << b.lo), (int64_t)((uint64_t)a.hi << b.lo)};
	case BPF_ARSH: /* monotone in the value, whatever the amount */
		if (b.lo != b.hi || b.lo < 0 || b.lo > 63)
			return (struct signed_interval){smin64(a.lo, a.lo >> 63), smax64(a.hi, 0)};
		return (struct signed_interval){a.lo >> b.lo, a.hi >> b.lo};
	}
	return any_signed;
}

/* The int32 range of op's low half, from the operands' low halves as
   int32s, where no value leaves int32: the low 32 bits of a sum,
   difference, product or left shift depend only on the operands' low
   halves (so at either width), those of a 32-bit arithmetic shift too. */
static struct signed_interval signed_alu32(uint8_t op, unsigned bits, struct signed_interval a,
					   struct signed_interval b)
{
	if (op != BPF_ADD && op != BPF_SUB && op != BPF_MUL && op != BPF_LSH && (op != BPF_ARSH || bits != 32))
		return any_signed32;
	struct signed_interval r = signed_alu(op, a, b);
	return r.lo < INT32_MIN || r.hi > INT32_MAX ? any_signed32 : r;
}

/* op(d, s) for unsigned arithmetic of `bits` bits: its interval (or the
   full range of the width when it cannot be bounded), its signed range
   (64 bits; a 32-bit result is zero-extended, so its signed range is its
   unsigned one), its low half's int32 range and its known low bits. The
   low 32 bits of a sum, difference, product, logical operation or left
   shift depend only on the operands' low 32 bits, so their tnums serve
   both widths. */
static struct reg scalar_alu(uint8_t op, unsigned bits, const struct reg *d, const struct reg *s)
{
	uint64_t top = bits == 64 ? UINT64_MAX : 0xffffffffull;
	struct interval a = interval_of(d), b = interval_of(s), r = {0, top};
	struct signed_interval sr = bits == 64 ? signed_alu(op, signed_of(d), signed_of(s)) : any_signed;
	struct signed_interval low = signed_alu32(op, bits, low_signed(d), low_signed(s));
	struct tnum known = any_bits;

	if (bits == 32) { /* a 32-bit operation sees the low halves */
		if (a.hi > top)
			a = a.lo == a.hi ? (struct interval){a.lo & top, a.lo & top} : (struct interval){0, top};
		if (b.hi > top)
			b = b.lo == b.hi ? (struct interval){b.lo & top, b.lo & top} : (struct interval){0, top};
	}
	if (a.lo == a.hi && b.lo == b.hi) { /* both known: the exact result */
		uint64_t x = a.lo, y = b.lo, z = 0;
		switch (op) {
		case BPF_ADD: z = x + y; break;
		case BPF_SUB: z = x - y; break;
		case BPF_MUL: z = x * y; break;
		case BPF_DIV: z = y ? x / y : 0; break;
		case BPF_MOD: z = y ? x % y : x; break;
		case BPF_AND: z = x & y; break;
		case BPF_OR: z = x | y; break;
		case BPF_XOR: z = x ^ y; break;
		case BPF_LSH: z = x << (y & (bits - 1)); break;
		case BPF_RSH: z = x >> (y & (bits - 1)); break;
		case BPF_ARSH:
			z = bits == 64 ? (uint64_t)((int64_t)x >> (y & 63)) : (uint32_t)((int32_t)x >> (y & 31));
			break;
		}
		return constant(z & top);
	}
	switch (op) {
	case BPF_ADD:
		if (a.hi <= top - b.hi)
			r = (struct interval){a.lo + b.lo, a.hi + b.hi};
		known = tnum_add(d->bits, s->bits);
		break;
	case BPF_SUB:
		if (a.lo >= b.hi)
			r = (struct interval){a.lo - b.hi, a.hi - b.lo};
		known = tnum_sub(d->bits, s->bits);
		break;
	case BPF_MUL:
		if (b.hi == 0 || a.hi <= top / b.hi)
			r = (struct interval){a.lo * b.lo, a.hi * b.hi};
		known = tnum_mul(d->bits, s->bits);
		break;
	case BPF_DIV: /* unsigned only: the result is at most the dividend (0 for /0) */
		if (a.hi <= top)
			r = (struct interval){0, a.hi};
		if (b.lo > 0 && b.lo == b.hi)
			r = (struct interval){a.lo / b.lo, a.hi / b.lo};
		break;
	case BPF_MOD: /* unsigned only: below the divisor, or the dividend for %0 */
		if (b.lo > 0 && b.hi <= top)
			r = (struct interval){0, b.hi - 1};
		else if (a.hi < top && b.hi < top)
			r = (struct interval){0, max64(a.hi, b.hi)};
		break;
	case BPF_AND:
		r = (struct interval){0, min64(a.hi, b.hi)};
		known = tnum_and(d->bits, s->bits);
		break;
	case BPF_OR:
	case BPF_XOR:
		if (a.hi <= top && b.hi <= top)
			r = (struct interval){0, all_ones_above(max64(a.hi, b.hi))};
		if (op == BPF_OR) {
			r.lo = max64(a.lo, b.lo);
			known = tnum_or(d->bits, s->bits);
		} else {
			known = tnum_xor(d->bits, s->bits);
		}
		break;
	case BPF_LSH:
		if (b.lo == b.hi && b.lo < bits) {
			if (a.hi <= (top >> b.lo))
				r = (struct interval){a.lo << b.lo, a.hi << b.lo};
			known = b.lo >= 32 ? tnum_constant(0)
					   : (struct tnum){d->bits.value << b.lo, d->bits.mask << b.lo};
		}
		break;
	case BPF_RSH:
		if (b.lo == b.hi && b.lo < bits) {
			r = (struct interval){(a.hi <= top ? a.lo : 0) >> b.lo, min64(a.hi, top) >> b.lo};
			if (a.hi <= 0xffffffffu) /* the bits shifted in are zero */
				known = b.lo >= 32 ? tnum_constant(0)
						   : (struct tnum){d->bits.value >> b.lo, d->bits.mask >> b.lo};
		} else if (a.hi <= top) {
			r = (struct interval){0, a.hi};
		}
		break;
	}
	return scalar_of(r, sr, low, known);
}

/* ---- states ---- */

static void clear_state(struct state *s)
{
	memset(s, 0, sizeof *s);
}

static void copy_state(struct state *to, const struct state *from)
{
	memcpy(to, from, sizeof *from + from->spill_count * sizeof from->spill[0]);
}

static struct state *state_of_join(const struct verifier *v, uint32_t join)
{
	return (struct state *)(v->states + join * v->state_size);
}

/* The spill entry for stack slot k, or NULL. */
static struct reg *find_spill(struct state *s, unsigned k)
{
	for (unsigned e = 0; e < s->spill_count; e++)
		if (s->spill[e].slot == k)
			return &s->spill[e];
	return NULL;
}

static void drop_spill(struct state *s, struct reg *entry)
{
	*entry = s->spill[--s->spill_count];
}

static bool byte_written(const struct state *s, int offset) /* offset < 0 from r10 */
{
	unsigned b = (unsigned)(BPF_STACK_SIZE + offset);
	return s->written[b / 8] & (1u << (b % 8));
}

static void mark_written(struct state *s, int offset)
{
	unsigned b = (unsigned)(BPF_STACK_SIZE + offset);
	s->written[b / 8] |= (uint8_t)(1u << (b % 8));
}

static struct reg pointer(enum reg_type type, unsigned map)
{
	struct reg r = {.type = (uint8_t)type, .aux = (uint16_t)map, .bits = tnum_constant(0)};
	return r;
}

/* Widening of a bound that moved: up (or down) to the next threshold, or all
   the way. Finitely many thresholds keep the chain of changes finite. */
static uint64_t widen_max(const struct verifier *v, uint64_t max)
{
	for (uint32_t k = 0; k < v->threshold_count; k++)
		if (v->thresholds[k] >= max)
			return v->thresholds[k];
	return UNBOUNDED;
}

static uint64_t widen_min(const struct verifier *v, uint64_t min)
{
	uint32_t best = 0;
	for (uint32_t k = 0; k < v->threshold_count; k++)
		if (v->thresholds[k] <= min)
			best = v->thresholds[k];
	return best;
}

/* The signed bounds widen over the same thresholds, with -1 and 0 as the
   steps between the negatives and the rest. */
static int64_t widen_smax(const struct verifier *v, int64_t max)
{
	if (max < 0)
		return -1;
	uint64_t wide = widen_max(v, (uint64_t)max);
	return wide > INT64_MAX ? INT64_MAX : (int64_t)wide;
}

static int64_t widen_smin(const struct verifier *v, int64_t min)
{
	return min < 0 ? INT64_MIN : (int64_t)widen_min(v, (uint64_t)min);
}

static void widen_bounds(const struct verifier *v, const struct reg *old, struct reg *r)
{
	if (r->max != old->max)
		r->max = widen_max(v, r->max);
	if (r->min != old->min)
		r->min = r->max == UNBOUNDED ? 0 : widen_min(v, r->min);
	if (r->type == SCALAR && r->min == r->max && r->max != UNBOUNDED)
		r->max = widen_max(v, r->max + 1);
	if (r->type != SCALAR)
		return;
	if (r->smax != old->smax)
		r->smax = widen_smax(v, r->smax);
	if (r->smin != old->smin)
		r->smin = widen_smin(v, r->smin);
	if (r->s32max != old->s32max)
		r->s32max = (int32_t)smin64(widen_smax(v, r->s32max), INT32_MAX);
	if (r->s32min != old->s32min)
		r->s32min = (int32_t)smax64(widen_smin(v, r->s32min), INT32_MIN);
	/* the views catch up with each other; each moves only up its own
	   finite chain of thresholds, so the sequence stays finite */
	if (!sync_scalar(r))
		*r = unknown();
}

static void add_threshold(struct verifier *v, int64_t c)
{
	if (c < 0 || c > 0xffff || v->threshold_count == MAX_THRESHOLDS)
		return;
	uint32_t k = 0;
	while (k < v->threshold_count && v->thresholds[k] < c)
		k++;
	if (k < v->threshold_count && v->thresholds[k] == c)
		return;
	memmove(&v->thresholds[k + 1], &v->thresholds[k], (v->threshold_count - k) * sizeof v->thresholds[0]);
	v->thresholds[k] = (uint32_t)c;
	v->threshold_count++;
}

static void add_thresholds(struct verifier *v, int64_t c)
{
	for (int delta = -1; delta <= 1; delta++)
		add_threshold(v, c + delta);
}

/* Joins b into a; returns whether a changed. A lattice with UNINIT on top.
   widen (a verifier, or NULL for a plain join) bounds the number of changes. */
static bool join_reg(struct reg *a, const struct reg *b, const struct verifier *widen)
{
	struct reg r = *a; /* a itself is the old value until the end */
	if (a->type == UNINIT)
		return false;
	if (b->type == UNINIT) {
		r = (struct reg){0};
	} else if (a->type != b->type || (a->type != PTR_PACKET && a->aux != b->aux)) {
		r = unknown();
	} else if (a->type == SCALAR) {
		struct interval x = interval_of(a), y = interval_of(b);
		r = scalar_of((struct interval){min64(x.lo, y.lo), max64(x.hi, y.hi)},
			      (struct signed_interval){smin64(a->smin, b->smin), smax64(a->smax, b->smax)},
			      (struct signed_interval){smin64(a->s32min, b->s32min), smax64(a->s32max, b->s32max)},
			      tnum_union(a->bits, b->bits));
		if (a->id == b->id && a->off == b->off) { /* the link holds on both sides */
			r.id = a->id;
			r.off = a->off;
		}
		if (widen && memcmp(&r, a, sizeof r))
			widen_bounds(widen, a, &r);
	} else if (a->off > b->off && widen) {
		/* Only a base that never moves down keeps the chain finite
		   (a pointer stepping up in a loop keeps a, its variable part
		   widens). */
		r = unknown();
	} else {
		/* Both variable parts measured from the lower fixed offset. */
		int32_t base = a->off < b->off ? a->off : b->off;
		uint64_t shift_a = (uint64_t)(a->off - base), shift_b = (uint64_t)(b->off - base);
		struct interval x = interval_of(a), y = interval_of(b);
		struct interval j = {min64(x.lo + shift_a, y.lo + shift_b), max64(x.hi, y.hi)};
		if (j.hi <= POINTER_RANGE)
			j.hi = max64(x.hi + shift_a, y.hi + shift_b);
		r.off = base;
		r.min = j.lo;
		r.max = j.hi > POINTER_RANGE ? UNBOUNDED : j.hi;
		if (r.max == UNBOUNDED)
			r.min = 0;
		r.bits = tnum_union(tnum_add(a->bits, tnum_constant((uint32_t)shift_a)),
				    tnum_add(b->bits, tnum_constant((uint32_t)shift_b)));
		if (r.max <= POINTER_RANGE && !sync_bounds(&r.min, &r.max, &r.bits))
			r.bits = any_bits; /* unreachable: both sides are inside */
		if (a->id != b->id)
			r.id = 0;
		if (widen && (r.min != a->min || r.max != a->max))
			widen_bounds(widen, a, &r);
		if (r.type == PTR_PACKET) {
			/* a range holds on both sides only for one variable part,
			   a fact only where both sides have it */
			bool same = a->id == b->id && a->off == b->off && a->id != NO_RANGE_ID;
			r.id = same ? a->id : NO_RANGE_ID;
			r.aux = same ? (a->aux < b->aux ? a->aux : b->aux) : 0;
			if (!same || a->parent != b->parent || a->link != b->link || a->link_off != b->link_off)
				r.parent = r.link = 0, r.link_off = 0;
			if (!same || a->rel_link != b->rel_link || a->rel_link_off != b->rel_link_off)
				r.rel_link = 0, r.rel_off = 0, r.rel_link_off = 0;
			else if (b->rel_off < a->rel_off)
				r.rel_off = b->rel_off;
			if (r.max > PACKET_OFFSET_MAX)
				r = unknown();
		}
	}
	r.slot = a->slot;
	bool changed = memcmp(a, &r, sizeof r) != 0;
	*a = r;
	return changed;
}

static bool join_state(struct state *a, struct state *b, const struct verifier *widen)
{
	bool changed = false;
	for (int i = 0; i < BPF_REGS; i++)
		changed |= join_reg(&a->reg[i], &b->reg[i], widen);
	/* A slot spilled on one side only holds some number after the join. */
	for (unsigned e = 0; e < a->spill_count;) {
		struct reg *other = find_spill(b, a->spill[e].slot);
		if (!other) {
			drop_spill(a, &a->spill[e]);
			changed = true;
			continue;
		}
		changed |= join_reg(&a->spill[e], other, widen);
		e++;
	}
	for (unsigned i = 0; i < sizeof a->written; i++) {
		uint8_t w = a->written[i] & b->written[i];
		changed |= w != a->written[i];
		a->written[i] = w;
	}
	return changed;
}

static void push(struct verifier *v, uint32_t join)
{
	if (!v->joins[join].queued) {
		v->joins[join].queued = 1;
		v->worklist[v->work_count++] = (uint16_t)join;
	}
}

/* Flows state s into the join point at instruction insn. */
static void flow(struct verifier *v, struct state *s, uint32_t insn)
{
	uint32_t j = v->join_of[insn];
	struct join_point *p = &v->joins[j];
	if (!p->reached) {
		p->reached = 1;
		copy_state(state_of_join(v, j), s);
	} else if (join_state(state_of_join(v, j), s, p->changes >= WIDEN_AFTER ? v : NULL)) {
		if (p->changes < 255)
			p->changes++;
	} else {
		return;
	}
	push(v, j);
}

/* Register or spill entry k of s (registers first), k below
   BPF_REGS + s->spill_count. */
static struct reg *state_reg(struct state *s, unsigned k)
{
	return k < BPF_REGS ? &s->reg[k] : &s->spill[k - BPF_REGS];
}

static void forget_packet_facts(struct reg *x)
{
	x->smin = x->smax = 0; /* the whole union */
}

/* The least value "base of link id + off" can have, from the scalars that
   hold the link now (-1: none bounds it). */
static int64_t least_linked(struct state *s, unsigned id, int32_t off)
{
	int64_t least = -1;
	for (unsigned k = 0; id && k < BPF_REGS + (unsigned)s->spill_count; k++) {
		const struct reg *x = state_reg(s, k);
		if (x->type != SCALAR || x->id != id)
			continue;
		int64_t delta = (int64_t)off - x->off; /* the value is x + delta */
		if (delta >= 0 ? x->max > UINT64_MAX - (uint64_t)delta : x->min < (uint64_t)-delta)
			continue;
		uint64_t low = x->min + (uint64_t)delta;
		if (low <= PACKET_OFFSET_MAX && (int64_t)low > least)
			least = (int64_t)low;
	}
	return least;
}

/* The bytes proven inside the packet from data + p's variable part. */
static int64_t packet_range(struct state *s, const struct reg *p)
{
	if (p->id == NO_RANGE_ID)
		return 0;
	int64_t least = least_linked(s, p->rel_link, p->rel_link_off);
	return least < 0 || p->rel_off + least < p->aux ? p->aux : p->rel_off + least;
}

/* ---- memory ---- */

static const char *const type_names[] = {
	[UNINIT] = "uninitialized", [SCALAR] = "a number", [PTR_CTX] = "a context pointer",
	[PTR_STACK] = "a stack pointer", [PTR_MAP_VALUE] = "a map value pointer",
	[PTR_MAP_OR_NULL] = "a map value pointer that may be NULL", [MAP_REF] = "a map",
	[PTR_PACKET] = "a packet pointer", [PTR_PACKET_END] = "the packet's end",
};

enum access { READ, WRITE, READ_WRITE };

/* What a load of size bytes gives: a number of that many bits, read as
   unsigned or sign-extended. */
static struct reg loaded_value(uint32_t size, bool sign_extend)
{
	if (size == 8)
		return unknown();
	int64_t half = 1ll << (8 * size - 1);
	int32_t low_max = size == 4 ? INT32_MAX : (int32_t)(2 * half - 1);
	if (sign_extend)
		return (struct reg){.type = SCALAR, .max = UINT64_MAX, .smin = -half, .smax = half - 1,
				    .s32min = (int32_t)-half, .s32max = (int32_t)(half - 1), .bits = any_bits};
	return (struct reg){.type = SCALAR, .max = 2 * (uint64_t)half - 1, .smax = 2 * half - 1,
			    .s32min = size == 4 ? INT32_MIN : 0, .s32max = low_max,
			    .bits = {0, (uint32_t)(2 * (uint64_t)half - 1)}};
}

/* A read of XDP's struct xdp_md through r1 as the program received it:
   data and data_end become packet pointers, the queue fields numbers. */
static int check_xdp_field(struct verifier *v, uint32_t i, const struct reg *p, int32_t off, uint32_t size,
			   enum access access, bool sign_extend, struct reg *loaded)
{
	if (access != READ)
		return reject(v, i, "the XDP context is read-only");
	if (p->off || p->max)
		return reject(v, i, "XDP context fields are read through the context pointer itself");
	if (size != 4 || sign_extend || (off & 3) || off < 0 || off >= (int32_t)sizeof(struct xdp_md))
		return reject(v, i, "XDP context: no 32-bit field at offset %d", (int)off);
	switch (off) {
	case offsetof(struct xdp_md, data):
		*loaded = pointer(PTR_PACKET, 0);
		break;
	case offsetof(struct xdp_md, data_end):
		*loaded = pointer(PTR_PACKET_END, 0);
		break;
	case offsetof(struct xdp_md, ingress_ifindex):
	case offsetof(struct xdp_md, rx_queue_index):
		*loaded = scalar((struct interval){0, 0xffffffffu}, any_bits);
		break;
	default:
		return reject(v, i, "XDP context: %s is not offered", off == offsetof(struct xdp_md, data_meta) ? "data_meta" : "egress_ifindex");
	}
	v->flags[i] |= IS_XDP_FIELD;
	return 0;
}

/* An access inside the range a compare with data_end proved. data is
   BPF_XDP_DATA_ALIGN modulo 4 (bpf_run holds the hook to it): 2- and 4-byte
   accesses are proven natural from that, 8-byte ones never. */
static int check_packet_access(struct verifier *v, uint32_t i, struct state *s, const struct reg *p, unsigned regno, int32_t off,
			       uint32_t size, enum access access, bool sign_extend, struct reg *loaded)
{
	int64_t first = (int64_t)p->off + off, end = first + size;
	if (access == READ_WRITE)
		return reject(v, i, "atomic operation on the packet");
	int64_t range = packet_range(s, p);
	if (first < 0 || end > range)
		return reject(v, i, "r%u: packet access [%d, %d) outside the %u bytes proven by a compare with data_end",
			      regno, (int)first, (int)end, (unsigned)range);
	if (size > 1 && (size > 4 || !tnum_aligned(p->bits, BPF_XDP_DATA_ALIGN + (int32_t)first, size)))
		v->flags[i] |= IS_UNALIGNED;
	if (loaded)
		*loaded = loaded_value(size, sign_extend);
	return 0;
}

/* Checks an access of size bytes at reg + off, and, for the stack, records its
   depth. For a read, *loaded receives what is known of the value (when
   loaded is not NULL). For an 8-byte aligned stack write of a register,
   stored is spilled into the slot. */
static int check_access(struct verifier *v, uint32_t i, struct state *s, unsigned regno,
			int32_t off, uint32_t size, enum access access, bool sign_extend,
			const struct reg *stored, struct reg *loaded)
{
	const struct reg *p = &s->reg[regno];
	int64_t lo, hi, limit;
	const char *region;

	if (p->type == PTR_CTX && v->prog->kind == BPF_KIND_XDP)
		return loaded || access != READ ? check_xdp_field(v, i, p, off, size, access, sign_extend, loaded)
						: reject(v, i, "the XDP context is not memory a helper may use");
	if (p->type == PTR_PACKET)
		return check_packet_access(v, i, s, p, regno, off, size, access, sign_extend, loaded);
	switch (p->type) {
	case PTR_CTX:
		limit = v->prog->ctx_size;
		region = "context";
		if (access != READ && !v->prog->ctx_writable)
			return reject(v, i, "the context is read-only");
		break;
	case PTR_MAP_VALUE: {
		const struct bpf_map *map = v->prog->maps[p->aux];
		limit = map->value_size;
		region = "map value";
		break;
	}
	case PTR_STACK:
		limit = 0;
		region = "stack";
		break;
	default:
		return reject(v, i, "r%u is %s, not a pointer to memory", regno, type_names[p->type]);
	}
	if (p->max > POINTER_RANGE)
		return reject(v, i, "r%u: offset into the %s is not bounded", regno, region);
	lo = (int64_t)p->off + off + p->min;
	hi = (int64_t)p->off + off + p->max + size;
	if (p->type == PTR_STACK) {
		if (p->min != p->max)
			return reject(v, i, "r%u: variable offset into the stack", regno);
		if (lo < -BPF_STACK_SIZE || hi > 0)
			return reject(v, i, "stack access at r10%+d (%u bytes) outside [-%d, 0)",
				      (int)lo, (unsigned)size, BPF_STACK_SIZE);
	} else if (lo < 0 || hi > limit) {
		return reject(v, i, "%s access [%lld, %lld) outside [0, %d)", region, (long long)lo, (long long)hi,
			      (int)limit);
	}
	/* Base addresses are 8-aligned. An access the known bits cannot prove
	   natural is marked for the interpreter's byte path (the lx106 and
	   rv32 fault on unaligned words); an atomic one must be natural. */
	if (size > 1 && !tnum_aligned(p->bits, p->off + off, size)) {
		if (access == READ_WRITE)
			return reject(v, i, "misaligned %u-byte atomic %s access", (unsigned)size, region);
		v->flags[i] |= IS_UNALIGNED;
	}

	if (loaded)
		*loaded = loaded_value(size, sign_extend);
	if (p->type != PTR_STACK)
		return 0;

	struct function *f = &v->functions[v->function_of[i]];
	if ((uint32_t)-lo > f->stack_depth)
		f->stack_depth = (uint32_t)-lo;
	unsigned first = (unsigned)(BPF_STACK_SIZE + lo) / 8, last = (unsigned)(BPF_STACK_SIZE + hi - 1) / 8;
	if (access != WRITE) {
		for (int64_t b = lo; b < hi; b++)
			if (!byte_written(s, (int)b))
				return reject(v, i, "reads stack at r10%+d before it is written", (int)b);
		const struct reg *spilled = find_spill(s, first);
		if (loaded && size == 8 && !(lo & 7) && spilled) {
			*loaded = *spilled;
			loaded->slot = 0;
		}
	}
	if (access != READ) {
		for (int64_t b = lo; b < hi; b++)
			mark_written(s, (int)b);
		for (unsigned k = first; k <= last; k++) {
			struct reg *old = find_spill(s, k);
			if (old)
				drop_spill(s, old);
		}
		if (stored && size == 8 && !(lo & 7) && s->spill_count < v->spill_capacity) {
			struct reg *entry = &s->spill[s->spill_count++];
			*entry = *stored;
			entry->slot = first;
		}
	}
	return 0;
}

/* A helper's memory argument: size bytes readable at the pointer. */
static int check_memory_argument(struct verifier *v, uint32_t i, struct state *s, unsigned regno,
				 uint32_t size)
{
	const struct reg *p = &s->reg[regno];
	if (p->type != PTR_CTX && p->type != PTR_STACK && p->type != PTR_MAP_VALUE && p->type != PTR_PACKET)
		return reject(v, i, "argument r%u is %s, not a pointer to memory", regno,
			      type_names[p->type]);
	/* Readable byte by byte: the first and the last byte bound the span
	   (the variable part is bounded by the same check). */
	int err = 0;
	for (uint32_t b = 0; b < size && !err; b++)
		err = check_access(v, i, s, regno, (int32_t)b, 1, READ, false, NULL, NULL);
	return err;
}

/* ---- instructions ---- */

static int read_reg(struct verifier *v, uint32_t i, const struct state *s, unsigned regno)
{
	if (s->reg[regno].type == UNINIT)
		return reject(v, i, "r%u is read before it is written", regno);
	return 0;
}

static bool is_pointer(const struct reg *r)
{
	return r->type != SCALAR && r->type != UNINIT;
}

/* A register's low 32 bits, zero-extended: a bounded number is below 2^32
   already; anything else becomes some 32-bit number. */
static struct reg low_half(const struct reg *r)
{
	if (r->type != SCALAR)
		return scalar((struct interval){0, 0xffffffffu}, any_bits);
	if (r->max <= 0xffffffffu)
		return *r;
	if (r->min == r->max)
		return constant((uint32_t)r->min);
	return scalar_of((struct interval){0, 0xffffffffu}, any_signed, low_signed(r), r->bits);
}

/* Bytes moved by a load or store (RFC 9669 §5.1 size modifier). */
static uint32_t access_size(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

/* Replaces r by the numbers of u (unsigned) and s (signed) that bits
   allows, keeping its link; false if there are none. */
static bool restrict_scalar(struct reg *r, struct interval u, struct signed_interval s, struct tnum bits)
{
	/* in place (the lx106 verifies on a 2 KiB stack): when nothing is
	   left, the caller drops the whole state */
	r->min = u.lo, r->max = u.hi, r->smin = s.lo, r->smax = s.hi, r->bits = bits;
	return sync_scalar(r);
}

/* Every scalar linked to r learns r's bounds, moved by the difference of
   their offsets where no value of r can wrap (unsigned, or signed, for
   each view on its own); false if one has none left. */
static bool narrow_linked(struct state *s, const struct reg *r)
{
	if (r->type != SCALAR || !r->id)
		return true;
	const struct reg *from = r; /* not among the x changed below */
	for (unsigned k = 0; k < BPF_REGS + (unsigned)s->spill_count; k++) {
		struct reg *x = k < BPF_REGS ? &s->reg[k] : &s->spill[k - BPF_REGS];
		if (x->type != SCALAR || x->id != from->id || x == r)
			continue;
		int64_t delta = (int64_t)x->off - from->off, lo, hi;
		struct interval u = interval_of(x);
		struct signed_interval sx = signed_of(x);
		if (delta >= 0 ? from->max <= UINT64_MAX - (uint64_t)delta : from->min >= (uint64_t)-delta)
			u = (struct interval){max64(u.lo, from->min + (uint64_t)delta), min64(u.hi, from->max + (uint64_t)delta)};
		if (!__builtin_add_overflow(from->smin, delta, &lo) && !__builtin_add_overflow(from->smax, delta, &hi))
			sx = (struct signed_interval){smax64(sx.lo, lo), smin64(sx.hi, hi)};
		struct tnum bits = x->bits;
		if (!tnum_intersect(&bits, tnum_add(from->bits, tnum_constant((uint32_t)delta))))
			return false;
		if (!restrict_scalar(x, u, sx, bits))
			return false;
	}
	return true;
}

/* A fresh link between the scalars in registers a and b (a copy): the id
   is the copying instruction's, taken back from any older holders, and
   facts about the old link's base are dropped. */
static void link_scalars(struct state *s, uint32_t i, struct reg *a, struct reg *b)
{
	uint16_t id = (uint16_t)(i + 1);
	for (unsigned k = 0; k < BPF_REGS + (unsigned)s->spill_count; k++) {
		struct reg *x = state_reg(s, k);
		if (x->type == SCALAR && x->id == id) {
			x->id = 0;
			x->off = 0;
		}
		if (x->type == PTR_PACKET && x->link == id)
			x->parent = x->link = 0, x->link_off = 0;
		if (x->type == PTR_PACKET && x->rel_link == id)
			x->rel_link = 0, x->rel_off = 0, x->rel_link_off = 0;
	}
	a->id = b->id = id;
	a->off = b->off = 0;
}

/* Whether instructions i and i + 1 are "r <<= k; r >>= k" (or s>>= k) on
   one register, k 32, 48 or 56, with no other way into i + 1: the bits
   kept (64 - k), or 0. */
static unsigned extension_kept(const struct verifier *v, uint32_t i)
{
	const struct bpf_insn *in = &v->insns[i];
	if (in->code != (BPF_ALU64 | BPF_LSH | BPF_K) || (in->imm != 32 && in->imm != 48 && in->imm != 56) ||
	    i + 1 >= v->count || (v->flags[i + 1] & IS_JOIN) || in[1].dst != in->dst || in[1].imm != in->imm ||
	    (in[1].code != (BPF_ALU64 | BPF_RSH | BPF_K) && in[1].code != (BPF_ALU64 | BPF_ARSH | BPF_K)))
		return 0;
	return 64 - (unsigned)in->imm;
}

/* r's low `bits` bits sign-extended, to 64 bits or (not wide) to 32 and
   then zero-extended: r itself when it is already the sign-extension of
   its low bits (or, for a 32-bit result, below 2^(bits-1)); else the
   int32 range of r's low half where it lies inside the bits' range. */
static struct reg sign_extend(const struct reg *r, unsigned bits, bool wide)
{
	int64_t half = 1ll << (bits - 1);
	if (r->type == SCALAR && (wide ? r->smin >= -half && r->smax < half : r->max < (uint64_t)half))
		return *r;
	if (is_constant(r)) {
		int64_t x = (int64_t)(r->min << (64 - bits)) >> (64 - bits);
		return constant(wide ? (uint64_t)x : (uint32_t)x);
	}
	struct signed_interval low = {-half, half - 1};
	if (r->type == SCALAR && r->s32min >= -half && r->s32max < half)
		low = low_signed(r);
	if (!wide)
		return scalar_of((struct interval){0, 0xffffffffu}, any_signed, low, any_bits);
	return signed_scalar(low);
}

/* A packet pointer whose variable part instruction i just computed: a new
   id (taken back from older holders, and from facts derived from them)
   and no range yet. When it is an older variable part `parent` plus a
   linked scalar (link, link_off), it remembers so. */
static void new_packet_variable(struct state *s, uint32_t i, struct reg *d, unsigned parent, unsigned link,
				int32_t link_off)
{
	uint16_t id = (uint16_t)(i + 1);
	for (unsigned k = 0; k < BPF_REGS + (unsigned)s->spill_count; k++) {
		struct reg *x = state_reg(s, k);
		if (x->type != PTR_PACKET)
			continue;
		if (x->id == id) {
			x->id = NO_RANGE_ID;
			x->aux = 0;
			forget_packet_facts(x);
		}
		if (x->link && x->parent == id)
			x->parent = x->link = 0, x->link_off = 0;
	}
	d->id = id;
	d->aux = 0;
	forget_packet_facts(d);
	if (link && parent != NO_RANGE_ID && parent != id) {
		d->parent = (uint16_t)parent;
		d->link = (uint16_t)link;
		d->link_off = link_off;
	}
}

/* "data + v + n <= data_end" holds: every packet pointer with that variable
   part learns the range n. If v is v(parent) + a linked number, the
   parent's pointers learn "data + v(parent) + n + number <= data_end". */
static void prove_packet_range(struct state *s, const struct reg *p, int64_t n)
{
	struct reg proven = *p;
	if (proven.id == NO_RANGE_ID || n < 0)
		return;
	if (n > PACKET_RANGE_MAX)
		n = PACKET_RANGE_MAX;
	int64_t least = least_linked(s, proven.link, proven.link_off);
	for (unsigned k = 0; k < BPF_REGS + (unsigned)s->spill_count; k++) {
		struct reg *x = state_reg(s, k);
		if (x->type != PTR_PACKET)
			continue;
		if (x->id == proven.id && x->aux < n)
			x->aux = (uint16_t)n;
		if (proven.link && x->id == proven.parent) {
			x->rel_link = proven.link;
			x->rel_link_off = proven.link_off;
			x->rel_off = (int16_t)n;
			if (least >= 0 && x->aux < n + least)
				x->aux = (uint16_t)(n + least > PACKET_RANGE_MAX ? PACKET_RANGE_MAX : n + least);
		}
	}
}

/* Abstract effect of an ALU instruction on s: 0, 1 when it also took the
   next instruction, or an error. */
static int alu(struct verifier *v, uint32_t i, struct state *s)
{
	const struct bpf_insn *in = &v->insns[i];
	uint8_t op = BPF_OP(in->code);
	bool wide = BPF_CLASS(in->code) == BPF_ALU64;
	struct reg *d = &s->reg[in->dst];
	struct reg src, operand; /* operand: the other side of a derived operation */
	int err;

	if (BPF_SRC(in->code) == BPF_X && op != BPF_END) {
		if ((err = read_reg(v, i, s, in->src)))
			return err;
		src = s->reg[in->src];
	} else {
		src = constant(wide ? (uint64_t)(int64_t)in->imm : (uint32_t)in->imm);
	}
	if (op == BPF_MOV) {
		if (in->off) { /* MOVSX */
			*d = sign_extend(&src, (unsigned)in->off, wide);
		} else if (wide && BPF_SRC(in->code) == BPF_X && src.type == SCALAR && !is_constant(&src)) {
			struct reg *from = &s->reg[in->src];
			if (!from->id)
				link_scalars(s, i, from, from);
			*d = *from;
		} else if (wide) {
			*d = src;
		} else {
			*d = low_half(&src);
		}
		return 0;
	}
	if ((err = read_reg(v, i, s, in->dst)))
		return err;
	if (wide && (op == BPF_ADD || op == BPF_SUB) && (is_pointer(d) || is_pointer(&src))) {
		if (is_pointer(d) && is_pointer(&src)) { /* a difference of pointers is a number */
			*d = unknown();
			return 0;
		}
		bool swapped = op == BPF_ADD && is_pointer(&src);
		if (swapped) { /* number + pointer */
			struct reg t = *d;
			*d = src;
			src = t;
		}
		if (d->type == PTR_MAP_OR_NULL || d->type == MAP_REF || d->type == PTR_PACKET_END)
			return reject(v, i, "arithmetic on %s", type_names[d->type]);
		if (is_constant(&src)) {
			int64_t delta = (int64_t)src.min;
			if (delta < -MAX_POINTER_OFFSET || delta > MAX_POINTER_OFFSET)
				return reject(v, i, "pointer offset out of range");
			int64_t off = d->off + (op == BPF_ADD ? delta : -delta);
			if (off < -MAX_POINTER_OFFSET || off > MAX_POINTER_OFFSET)
				return reject(v, i, "pointer offset %d out of range", (int)off);
			d->off = (int32_t)off;
			return 0;
		}
		if (op == BPF_SUB) {
			*d = unknown();
			return 0;
		}
		unsigned parent = d->id;
		if (d->type == PTR_PACKET && !swapped && src.type == SCALAR) {
			/* the number added gets a link (if it has none), so that
			   what a compare proves of the sum can reach d's parent */
			struct reg *number = &s->reg[in->src];
			if (!number->id)
				link_scalars(s, i, number, number);
			src.id = number->id;
			src.off = number->off;
		}
		struct interval a = interval_of(d), b = interval_of(&src);
		if (a.hi > POINTER_RANGE || b.hi > POINTER_RANGE || a.hi + b.hi > POINTER_RANGE) {
			d->min = 0;
			d->max = UNBOUNDED;
		} else {
			d->min = a.lo + b.lo;
			d->max = a.hi + b.hi;
		}
		d->bits = tnum_add(d->bits, src.bits);
		if (d->max <= POINTER_RANGE && !sync_bounds(&d->min, &d->max, &d->bits))
			return reject(v, i, "internal: pointer bounds and bits disagree");
		if (d->type == PTR_PACKET) {
			if (d->max > PACKET_OFFSET_MAX)
				return reject(v, i, "packet offset not bounded below %d", PACKET_OFFSET_MAX + 1);
			new_packet_variable(s, i, d, parent, src.type == SCALAR ? src.id : 0, src.off);
		}
		return 0;
	}
	if (is_pointer(d) || is_pointer(&src)) {
		*d = unknown();
		return 0;
	}
	if (op == BPF_END) { /* every form zero-extends; to_le only truncates */
		uint64_t mask = in->imm == 64 ? UINT64_MAX : (1ull << in->imm) - 1;
		operand = constant(mask);
		*d = BPF_SRC(in->code) == BPF_TO_LE && !wide ? scalar_alu(BPF_AND, 64, d, &operand)
							      : scalar((struct interval){0, mask}, any_bits);
		return 0;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && in->off) { /* signed */
		*d = wide ? unknown() : scalar((struct interval){0, 0xffffffffu}, any_bits);
		return 0;
	}
	if (op == BPF_NEG) {
		operand = constant(0);
		*d = scalar_alu(BPF_SUB, wide ? 64 : 32, &operand, d);
		return 0;
	}
	unsigned kept = extension_kept(v, i);
	if (kept && d->type == SCALAR) {
		/* clang's zero- or sign-extension of a narrower value,
		   "r <<= 64 - n; r >>= 64 - n" (or s>>=): a value the upper
		   bits already extend comes through the pair unchanged, links
		   and all (the loop tests an extended copy of its counter) */
		if (BPF_OP(in[1].code) == BPF_RSH ? d->max >> kept : d->smin < -(1ll << (kept - 1)) || d->smax >= 1ll << (kept - 1)) {
			operand = constant((1ull << kept) - 1);
			*d = BPF_OP(in[1].code) == BPF_RSH ? scalar_alu(BPF_AND, 64, d, &operand)
							   : sign_extend(d, kept, true);
		}
		return 1;
	}
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) { /* shift amounts are masked to the width */
		operand = constant(wide ? 63 : 31);
		src = scalar_alu(BPF_AND, 64, &src, &operand);
	}
	unsigned id = d->id;
	int32_t base_off = d->off;
	*d = scalar_alu(op, wide ? 64 : 32, d, &src);
	int64_t delta = (int64_t)src.min;
	if (id && wide && (op == BPF_ADD || op == BPF_SUB) && is_constant(&src) && !is_constant(d) &&
	    delta >= -MAX_POINTER_OFFSET && delta <= MAX_POINTER_OFFSET) {
		/* still the linked base plus a (new) constant */
		int64_t off = base_off + (op == BPF_ADD ? delta : -delta);
		if (off >= -MAX_POINTER_OFFSET && off <= MAX_POINTER_OFFSET) {
			d->id = id;
			d->off = (int32_t)off;
		}
	}
	return 0;
}

/* Narrows what is known of r from the outcome of "r op c" (unsigned);
   false when that outcome is impossible. */
static bool narrow(struct reg *r, uint8_t op, uint64_t c)
{
	struct interval x = interval_of(r);
	switch (op) {
	case BPF_JEQ: x.lo = max64(x.lo, c); x.hi = min64(x.hi, c); break;
	case BPF_JNE:
		if (x.lo == x.hi && x.lo == c)
			return false;
		if (x.lo == c)
			x.lo++;
		else if (x.hi == c)
			x.hi--;
		break;
	case BPF_JGT: if (c == UINT64_MAX) return false; x.lo = max64(x.lo, c + 1); break;
	case BPF_JGE: x.lo = max64(x.lo, c); break;
	case BPF_JLT: if (c == 0) return false; x.hi = min64(x.hi, c - 1); break;
	case BPF_JLE: x.hi = min64(x.hi, c); break;
	default: return true;
	}
	return restrict_scalar(r, x, signed_of(r), r->bits);
}

/* Narrows two numbers from the outcome of "d op s" (unsigned); false when
   that outcome is impossible. */
static bool narrow_pair(struct reg *d, struct reg *s, uint8_t op)
{
	struct interval x = interval_of(d), y = interval_of(s);
	switch (op) {
	case BPF_JEQ:
		x.lo = y.lo = max64(x.lo, y.lo);
		x.hi = y.hi = min64(x.hi, y.hi);
		break;
	case BPF_JGT:
	case BPF_JLT:
		if (op == BPF_JLT)
			return narrow_pair(s, d, BPF_JGT);
		if (y.lo == UINT64_MAX || x.hi == 0)
			return false;
		x.lo = max64(x.lo, y.lo + 1);
		y.hi = min64(y.hi, x.hi - 1);
		break;
	case BPF_JGE:
	case BPF_JLE:
		if (op == BPF_JLE)
			return narrow_pair(s, d, BPF_JGE);
		x.lo = max64(x.lo, y.lo);
		y.hi = min64(y.hi, x.hi);
		break;
	default:
		return true;
	}
	return restrict_scalar(d, x, signed_of(d), d->bits) && restrict_scalar(s, y, signed_of(s), s->bits);
}

/*
 * The signed compares narrow the signed view of their width (a 32-bit one
 * the low half's), and the others follow in sync_scalar: after
 * "if (x s< 0) return", x is non-negative whichever width it was.
 */
static bool restrict_signed(struct reg *r, int64_t lo, int64_t hi, unsigned bits)
{
	if (lo > hi)
		return false;
	if (bits == 32) {
		r->s32min = (int32_t)smax64(r->s32min, lo);
		r->s32max = (int32_t)smin64(r->s32max, hi);
	} else {
		r->smin = smax64(r->smin, lo);
		r->smax = smin64(r->smax, hi);
	}
	return sync_scalar(r);
}

/* The signed range of r as `bits`-bit numbers. */
static struct signed_interval signed_view(const struct reg *r, unsigned bits)
{
	return bits == 64 ? signed_of(r) : low_signed(r);
}

/* Narrows r from the outcome of the signed "r op c" on `bits`-bit values
   (c already sign-extended from that width); false when it cannot happen. */
static bool narrow_signed(struct reg *r, uint8_t op, int64_t c, unsigned bits)
{
	int64_t lowest = bits == 64 ? INT64_MIN : INT32_MIN, highest = bits == 64 ? INT64_MAX : INT32_MAX;
	switch (op) {
	case BPF_JSLT: return c != lowest && restrict_signed(r, lowest, c - 1, bits);
	case BPF_JSLE: return restrict_signed(r, lowest, c, bits);
	case BPF_JSGT: return c != highest && restrict_signed(r, c + 1, highest, bits);
	default: return restrict_signed(r, c, highest, bits); /* JSGE */
	}
}

/* Narrows two numbers from the outcome of the signed "d op s"; false when
   it cannot happen. Each learns the bound the other gives: after d s< s,
   d is below s's largest value and s above d's smallest. */
static bool narrow_signed_pair(struct reg *d, struct reg *s, uint8_t op, unsigned bits)
{
	if (op == BPF_JSLT || op == BPF_JSLE)
		return narrow_signed_pair(s, d, op == BPF_JSLT ? BPF_JSGT : BPF_JSGE, bits);
	struct signed_interval x = signed_view(d, bits), y = signed_view(s, bits);
	int64_t strict = op == BPF_JSGT;
	/* d > s (or >=): d.lo above s.lo, s.hi below d.hi */
	if (strict && (y.lo == INT64_MAX || x.hi == INT64_MIN))
		return false;
	return restrict_signed(d, smax64(x.lo, y.lo + strict), x.hi, bits) &&
	       restrict_signed(s, y.lo, smin64(y.hi, x.hi - strict), bits);
}

static bool is_signed_compare(uint8_t op)
{
	return op == BPF_JSGT || op == BPF_JSGE || op == BPF_JSLT || op == BPF_JSLE;
}

/* The opposite outcome, and the operation with its operands swapped. */
static uint8_t negate(uint8_t op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	case BPF_JSLE: return BPF_JSGT;
	}
	return 0;
}

static uint8_t mirror(uint8_t op)
{
	switch (op) {
	case BPF_JGT: return BPF_JLT;
	case BPF_JGE: return BPF_JLE;
	case BPF_JLT: return BPF_JGT;
	case BPF_JLE: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLT;
	case BPF_JSGE: return BPF_JSLE;
	case BPF_JSLT: return BPF_JSGT;
	case BPF_JSLE: return BPF_JSGE;
	}
	return op;
}

/* Resolves a possibly-NULL map pointer (and its copies) one way or the other. */
static void resolve_null(struct state *s, unsigned regno, bool is_null)
{
	unsigned id = s->reg[regno].id, map = s->reg[regno].aux;
	for (int k = 0; k < BPF_REGS + s->spill_count; k++) {
		struct reg *x = k < BPF_REGS ? &s->reg[k] : &s->spill[k - BPF_REGS];
		if (x->type == PTR_MAP_OR_NULL && (k == (int)regno || (id && x->id == id))) {
			unsigned slot = x->slot;
			*x = is_null ? constant(0) : pointer(PTR_MAP_VALUE, map);
			x->slot = slot;
		}
	}
}

/* Narrows s for the branch where "dst op src" is `taken`; false if that
   branch cannot happen. */
static bool assume(struct state *s, const struct bpf_insn *in, bool taken)
{
	uint8_t op = BPF_OP(in->code);
	bool wide = BPF_CLASS(in->code) == BPF_JMP;
	struct reg *d = &s->reg[in->dst];
	struct reg *src = BPF_SRC(in->code) == BPF_X ? &s->reg[in->src] : NULL;
	uint64_t c;

	if (op == BPF_JSET) {
		/* Not taken: the bits of a constant mask are clear (the low
		   half is what the tnum holds). */
		if (!taken && !src && d->type == SCALAR) {
			uint32_t clear = (uint32_t)in->imm;
			if (d->bits.value & clear)
				return false;
			struct tnum bits = {d->bits.value, d->bits.mask & ~clear};
			return restrict_scalar(d, interval_of(d), signed_of(d), bits) && narrow_linked(s, d);
		}
		return true;
	}
	if (!taken)
		op = negate(op);
	if (src && wide && ((d->type == PTR_PACKET && src->type == PTR_PACKET_END) ||
			    (d->type == PTR_PACKET_END && src->type == PTR_PACKET))) {
		/* the Linux idiom "if (data + n > data_end) return": where the
		   packet pointer is at most (or below) data_end, its bytes up to
		   there are inside */
		const struct reg *packet = d->type == PTR_PACKET ? d : src;
		uint8_t relation = d->type == PTR_PACKET ? op : mirror(op);
		if (relation == BPF_JLE || relation == BPF_JEQ)
			prove_packet_range(s, packet, packet->off);
		else if (relation == BPF_JLT)
			prove_packet_range(s, packet, (int64_t)packet->off + 1);
		return true;
	}
	if (d->type == PTR_MAP_OR_NULL && wide && (op == BPF_JEQ || op == BPF_JNE) &&
	    (src ? is_constant(src) && src->min == 0 : in->imm == 0)) {
		resolve_null(s, in->dst, op == BPF_JEQ);
		return true;
	}
	if (src && !is_constant(src) && is_constant(d)) { /* narrow the other side */
		struct reg *t = d;
		d = src;
		src = t;
		op = mirror(op);
	}
	if (d->type != SCALAR)
		return true;
	if (src) {
		if (src->type != SCALAR)
			return true;
		if (!is_constant(src)) {
			if (!wide && !is_signed_compare(op) && (d->max > 0xffffffffu || src->max > 0xffffffffu))
				return true;
			bool fine = is_signed_compare(op) ? narrow_signed_pair(d, src, op, wide ? 64 : 32)
							  : narrow_pair(d, src, op);
			return fine && narrow_linked(s, d) && narrow_linked(s, src);
		}
		c = src->min;
	} else if (wide) {
		c = (uint64_t)(int64_t)in->imm;
	} else {
		c = (uint32_t)in->imm;
	}
	if (!wide && !is_signed_compare(op) && d->max > 0xffffffffu) /* compares only the low half */
		return true;
	if (!wide)
		c = (uint32_t)c;
	if (is_signed_compare(op))
		return narrow_signed(d, op, wide ? (int64_t)c : (int32_t)(uint32_t)c, wide ? 64 : 32) && narrow_linked(s, d);
	return narrow(d, op, c) && narrow_linked(s, d);
}

static int call_helper(struct verifier *v, uint32_t i, struct state *s, int32_t id)
{
	const struct bpf_helper *h = bpf_helper_find(id, NULL);
	const struct bpf_map *map = NULL;
	unsigned map_index = 0;
	int err;

	for (unsigned a = 0; a < 5; a++) {
		unsigned regno = a + 1;
		const struct reg *r = &s->reg[regno];
		if (h->args[a] == BPF_ARG_NONE || h->args[a] == BPF_ARG_SIZE)
			continue;
		if ((err = read_reg(v, i, s, regno)))
			return reject(v, i, "%s: argument r%u is not set", h->name, regno);
		switch (h->args[a]) {
		case BPF_ARG_MAP:
			if (r->type != MAP_REF)
				return reject(v, i, "%s: r%u is %s, not a map", h->name, regno,
					      type_names[r->type]);
			map = v->prog->maps[r->aux];
			map_index = r->aux;
			if (h->map_type ? map->type != h->map_type : map->type == BPF_MAP_TYPE_RINGBUF)
				return reject(v, i, "%s: map %u has the wrong type (%d)", h->name,
					      map_index, (int)map->type);
			break;
		case BPF_ARG_MAP_KEY:
		case BPF_ARG_MAP_VALUE:
			err = check_memory_argument(v, i, s, regno,
						    h->args[a] == BPF_ARG_MAP_KEY ? map->key_size
										  : map->value_size);
			if (err)
				return err;
			break;
		case BPF_ARG_MEMORY: {
			const struct reg *size = &s->reg[regno + 1];
			if ((err = read_reg(v, i, s, regno + 1)))
				return err;
			if (size->type != SCALAR || size->max > BPF_STACK_SIZE * 8)
				return reject(v, i, "%s: size in r%u is not a bounded number", h->name,
					      regno + 1);
			if ((err = check_memory_argument(v, i, s, regno, size->max)))
				return err;
			break;
		}
		default:
			break;
		}
	}
	for (unsigned regno = 1; regno <= 5; regno++)
		s->reg[regno] = (struct reg){0};
	if (h->ret == BPF_RET_MAP_VALUE_OR_NULL) {
		uint16_t id = (uint16_t)(i + 1);
		/* Older results of this call site are no longer this one's copies. */
		for (int k = 0; k < BPF_REGS; k++)
			if (s->reg[k].id == id)
				s->reg[k].id = 0;
		for (unsigned k = 0; k < s->spill_count; k++)
			if (s->spill[k].id == id)
				s->spill[k].id = 0;
		s->reg[0] = pointer(PTR_MAP_OR_NULL, map_index);
		s->reg[0].id = id;
	} else {
		s->reg[0] = unknown();
	}
	return 0;
}

/* A value crossing into or out of a local function: its own stack stays
   behind, and lookup results lose their link to copies left behind. */
static struct reg cross_frame(struct reg r)
{
	if (r.type == PTR_STACK)
		return unknown();
	if (r.type == PTR_PACKET) { /* only data's own range holds in any frame */
		if (r.id)
			r.id = NO_RANGE_ID, r.aux = 0;
		forget_packet_facts(&r);
		return r;
	}
	r.id = 0;
	if (r.type == SCALAR)
		r.off = 0;
	return r;
}

static void entry_state(struct state *s, const struct state *caller)
{
	clear_state(s);
	for (int k = 1; k <= 5; k++)
		s->reg[k] = cross_frame(caller->reg[k]);
	s->reg[10] = pointer(PTR_STACK, 0);
}

static int function_exit(struct verifier *v, uint32_t i, struct state *s)
{
	unsigned fn = v->function_of[i];
	struct function *f = &v->functions[fn];
	struct reg r0 = cross_frame(s->reg[0]);
	int err;

	if ((err = read_reg(v, i, s, 0)))
		return err;
	if (fn == 0) {
		if (r0.type != SCALAR)
			return reject(v, i, "r0 is %s at exit, not a number", type_names[r0.type]);
		return 0;
	}
	if (!f->returned) {
		f->returned = true;
		f->summary = r0;
	} else if (!join_reg(&f->summary, &r0, v)) {
		return 0;
	}
	for (uint32_t k = 0; k < v->count; k++) /* the callers continue with the new r0 */
		if ((v->flags[k] & IS_LOCAL_CALL) && k + 1 + v->insns[k].imm == (int64_t)f->start &&
		    v->joins[v->join_of[k]].reached)
			push(v, v->join_of[k]);
	return 0;
}

static int local_call(struct verifier *v, uint32_t i, struct state *s)
{
	uint32_t target = (uint32_t)((int64_t)i + 1 + v->insns[i].imm);
	struct function *callee = &v->functions[v->function_of[target]];

	entry_state(v->branch, s);
	flow(v, v->branch, target);
	if (!callee->returned)
		return 1; /* resumed when the callee's summary appears */
	s->reg[0] = callee->summary;
	for (unsigned regno = 1; regno <= 5; regno++)
		s->reg[regno] = (struct reg){0};
	return 0;
}

/* Follows one block from the join point at `start` to its end. */
static int run_block(struct verifier *v, uint32_t start)
{
	struct state *s = v->work;
	int err;

	copy_state(s, state_of_join(v, v->join_of[start]));
	for (uint32_t i = start;; i++) {
		const struct bpf_insn *in = &v->insns[i];
		uint8_t class = BPF_CLASS(in->code);
		const struct function *f = &v->functions[v->function_of[i]];

		if (i != start && (v->flags[i] & IS_JOIN)) {
			flow(v, s, i);
			return 0;
		}
		switch (class) {
		case BPF_ALU:
		case BPF_ALU64:
			if ((err = alu(v, i, s)) < 0)
				return err;
			i += (uint32_t)err; /* an idiom of two instructions taken at once */
			break;
		case BPF_LD: /* only the 64-bit immediate load passes the decoder */
			if (in->src == BPF_PSEUDO_MAP_FD) {
				s->reg[in->dst] = pointer(MAP_REF, (unsigned)in->imm);
			} else {
				uint64_t value = (uint32_t)in[0].imm | (uint64_t)(uint32_t)in[1].imm << 32;
				s->reg[in->dst] = constant(value);
			}
			i++;
			break;
		case BPF_LDX: {
			struct reg loaded;
			if ((err = read_reg(v, i, s, in->src)))
				return err;
			err = check_access(v, i, s, in->src, in->off, access_size(in->code),
					   READ, BPF_MODE(in->code) == BPF_MEMSX, NULL, &loaded);
			if (err)
				return err;
			s->reg[in->dst] = loaded;
			break;
		}
		case BPF_ST:
		case BPF_STX: {
			uint32_t size = access_size(in->code);
			bool atomic = BPF_MODE(in->code) == BPF_ATOMIC;
			struct reg value = class == BPF_ST ? constant((uint64_t)(int64_t)in->imm) : s->reg[in->src];
			if ((err = read_reg(v, i, s, in->dst)))
				return err;
			if (class == BPF_STX && (err = read_reg(v, i, s, in->src)))
				return err;
			if (atomic && in->imm == BPF_CMPXCHG && (err = read_reg(v, i, s, 0)))
				return err;
			err = check_access(v, i, s, in->dst, in->off, size, atomic ? READ_WRITE : WRITE,
					   false, atomic ? NULL : &value, NULL);
			if (err)
				return err;
			struct reg old = size == 8 ? unknown() : low_half(&(struct reg){0});
			if (atomic && in->imm == BPF_CMPXCHG)
				s->reg[0] = old;
			else if (atomic && (in->imm & BPF_FETCH))
				s->reg[in->src] = old;
			break;
		}
		default: { /* JMP, JMP32 */
			uint8_t op = BPF_OP(in->code);
			if (op == BPF_EXIT)
				return function_exit(v, i, s);
			if (op == BPF_CALL) {
				if (in->src == BPF_PSEUDO_CALL) {
					if ((err = local_call(v, i, s)))
						return err > 0 ? 0 : err;
				} else if (BPF_SRC(in->code) == BPF_X) { /* callx: the helper id in dst */
					const struct reg *r = &s->reg[in->dst];
					if ((err = read_reg(v, i, s, in->dst)))
						return err;
					if (!is_constant(r) || r->min > INT32_MAX || !bpf_helper_find((int32_t)r->min, NULL))
						return reject(v, i, "callx: r%u is not a known helper function", in->dst);
					if ((err = call_helper(v, i, s, (int32_t)r->min)))
						return err;
				} else if ((err = call_helper(v, i, s, in->imm))) {
					return err;
				}
				break;
			}
			if (op == BPF_JA) {
				flow(v, s, (uint32_t)((int64_t)i + 1 + (class == BPF_JMP ? in->off : in->imm)));
				return 0;
			}
			if ((err = read_reg(v, i, s, in->dst)))
				return err;
			if (BPF_SRC(in->code) == BPF_X && (err = read_reg(v, i, s, in->src)))
				return err;
			copy_state(v->branch, s);
			if (assume(v->branch, in, true))
				flow(v, v->branch, (uint32_t)((int64_t)i + 1 + in->off));
			if (!assume(s, in, false))
				return 0;
			break;
		}
		}
		if (i + 1 >= f->end)
			return reject(v, i, "falls off the end of the %s", v->function_of[i] ? "function" : "program");
	}
}

/* ---- decoding: every instruction on its own ---- */

static int decode(struct verifier *v, uint32_t i)
{
	const struct bpf_insn *in = &v->insns[i];
	uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool reg_src = BPF_SRC(in->code) == BPF_X;

	if (in->dst > 10 || in->src > 10)
		return reject(v, i, "register number out of range (dst %u, src %u)", in->dst, in->src);
	switch (class) {
	case BPF_ALU:
	case BPF_ALU64: {
		bool wide = class == BPF_ALU64;
		if (in->dst == 10)
			return reject(v, i, "r10 is read-only");
		if (op == BPF_END) {
			if (in->src || in->off || (in->imm != 16 && in->imm != 32 && in->imm != 64) ||
			    (wide && reg_src))
				return reject(v, i, "invalid byte swap (opcode 0x%02x, imm %d)", in->code, (int)in->imm);
			return 0;
		}
		if (op > BPF_END)
			return reject(v, i, "unknown opcode 0x%02x", in->code);
		if (reg_src ? in->imm != 0 : in->src != 0)
			return reject(v, i, "reserved field set (opcode 0x%02x)", in->code);
		if (op == BPF_NEG && (reg_src || in->imm))
			return reject(v, i, "invalid negation (opcode 0x%02x)", in->code);
		if (op == BPF_DIV || op == BPF_MOD) {
			if (in->off != 0 && in->off != 1)
				return reject(v, i, "invalid offset %d for division", in->off);
			/* RFC 9669 defines x/0, but a constant 0 divisor is always a
			   mistake; Linux rejects it too. */
			if (!reg_src && in->imm == 0)
				return reject(v, i, "division by constant zero");
			return 0;
		}
		if (op == BPF_MOV && reg_src) {
			if (in->off != 0 && in->off != 8 && in->off != 16 && !(wide && in->off == 32))
				return reject(v, i, "invalid sign-extension width %d", in->off);
			return 0;
		}
		if (in->off)
			return reject(v, i, "reserved offset set (opcode 0x%02x)", in->code);
		return 0;
	}
	case BPF_JMP:
	case BPF_JMP32: {
		int64_t target;
		if (op == BPF_CALL && class == BPF_JMP && reg_src) { /* callx (RFC 9669 §4.3.1) */
			if (in->src || in->off || in->imm || in->dst == 10)
				return reject(v, i, "reserved field set in callx");
			return 0;
		}
		if (op == BPF_CALL || op == BPF_EXIT) {
			if (class != BPF_JMP || reg_src)
				return reject(v, i, "unknown opcode 0x%02x", in->code);
			if (op == BPF_EXIT) {
				if (in->dst || in->src || in->off || in->imm)
					return reject(v, i, "reserved field set in exit");
				return 0;
			}
			if (in->dst || in->off)
				return reject(v, i, "reserved field set in call");
			if (in->src == 0) {
				if (!bpf_helper_find(in->imm, NULL))
					return reject(v, i, "unknown helper function %d", (int)in->imm);
				return 0;
			}
			if (in->src != BPF_PSEUDO_CALL)
				return reject(v, i, "unsupported call kind (src %u)", in->src);
			target = (int64_t)i + 1 + in->imm;
			if (target < 0 || target >= v->count)
				return reject(v, i, "call to %d, outside the program", (int)target);
			return 0;
		}
		if (op > BPF_JSLE)
			return reject(v, i, "unknown opcode 0x%02x", in->code);
		if (op == BPF_JA) {
			if (reg_src || in->dst || in->src || (class == BPF_JMP ? in->imm : in->off))
				return reject(v, i, "reserved field set in jump");
			target = (int64_t)i + 1 + (class == BPF_JMP ? in->off : in->imm);
		} else {
			if (reg_src ? in->imm != 0 : in->src != 0)
				return reject(v, i, "reserved field set (opcode 0x%02x)", in->code);
			target = (int64_t)i + 1 + in->off;
		}
		if (target < 0 || target >= v->count)
			return reject(v, i, "jump to %d, outside the program", (int)target);
		return 0;
	}
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW)) {
			if (BPF_MODE(in->code) == BPF_ABS || BPF_MODE(in->code) == BPF_IND)
				return reject(v, i, "legacy packet access (BPF_ABS/BPF_IND) is not supported");
			return reject(v, i, "unknown opcode 0x%02x", in->code);
		}
		if (in->dst == 10)
			return reject(v, i, "r10 is read-only");
		if (i + 1 >= v->count)
			return reject(v, i, "64-bit immediate load has no second half");
		if (in[1].code || in[1].dst || in[1].src || in[1].off || in->off)
			return reject(v, i, "malformed 64-bit immediate load");
		if (in->src == BPF_PSEUDO_MAP_FD) {
			if (in->imm < 0 || (uint32_t)in->imm >= v->prog->map_count || in[1].imm)
				return reject(v, i, "reference to map %d, the program has %u", (int)in->imm,
					      (unsigned)v->prog->map_count);
		} else if (in->src) {
			return reject(v, i, "unsupported 64-bit immediate kind (src %u)", in->src);
		}
		return 0;
	case BPF_LDX:
		if (BPF_MODE(in->code) != BPF_MEM &&
		    !(BPF_MODE(in->code) == BPF_MEMSX && BPF_SIZE(in->code) != BPF_DW))
			return reject(v, i, "unknown opcode 0x%02x", in->code);
		if (in->dst == 10)
			return reject(v, i, "r10 is read-only");
		if (in->imm)
			return reject(v, i, "reserved field set (opcode 0x%02x)", in->code);
		return 0;
	case BPF_ST:
		if (BPF_MODE(in->code) != BPF_MEM || in->src)
			return reject(v, i, "unknown opcode 0x%02x", in->code);
		return 0;
	default: /* BPF_STX */
		if (BPF_MODE(in->code) == BPF_MEM) {
			if (in->imm)
				return reject(v, i, "reserved field set (opcode 0x%02x)", in->code);
			return 0;
		}
		if (BPF_MODE(in->code) != BPF_ATOMIC || (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW))
			return reject(v, i, "unknown opcode 0x%02x", in->code);
		switch (in->imm) {
		case BPF_ADD: case BPF_OR: case BPF_AND: case BPF_XOR:
		case BPF_ADD | BPF_FETCH: case BPF_OR | BPF_FETCH: case BPF_AND | BPF_FETCH:
		case BPF_XOR | BPF_FETCH: case BPF_XCHG: case BPF_CMPXCHG:
			break;
		default:
			return reject(v, i, "unknown atomic operation 0x%x", (unsigned)in->imm);
		}
		if ((in->imm & BPF_FETCH) && in->imm != BPF_CMPXCHG && in->src == 10)
			return reject(v, i, "r10 is read-only");
		return 0;
	}
}

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

/* What the scratch memory must hold, from one pass over the raw program:
   join points (at most one per jump, two per local call, and the entry),
   functions (the main one and at most one per local call), and the spill
   entries a state needs (no more slots can hold a spilled register than
   there are 8-byte stores, since a store through a stack pointer whose
   offset varies is rejected), and the widening thresholds. Counting needs
   no decoding, so a malformed program only gets too generous a bound. */
struct scratch_plan {
	uint32_t joins, functions, spills;
	size_t state_size, fixed;  /* bytes of one state; of everything but the join states */
};

static struct scratch_plan plan_scratch(const struct bpf_program *prog)
{
	struct scratch_plan plan = {.joins = 1, .functions = 1};
	size_t n = prog->count;
	for (uint32_t i = 0; i < prog->count; i++) {
		uint8_t code = prog->insns[i].code, class = BPF_CLASS(code), op = BPF_OP(code);
		if ((class == BPF_ST || class == BPF_STX) && BPF_MODE(code) == BPF_MEM && BPF_SIZE(code) == BPF_DW)
			plan.spills++;
		if (class != BPF_JMP && class != BPF_JMP32)
			continue;
		if (op == BPF_CALL && prog->insns[i].src == BPF_PSEUDO_CALL) {
			plan.joins += 2;
			plan.functions++;
		} else if (op != BPF_CALL && op != BPF_EXIT) {
			plan.joins++;
		}
	}
	if (plan.spills > STACK_SLOTS)
		plan.spills = STACK_SLOTS;
	if (plan.functions > MAX_FUNCTIONS)
		plan.functions = MAX_FUNCTIONS;
	plan.state_size = ALIGN8(sizeof(struct state) + plan.spills * sizeof(struct reg));
	plan.fixed = ALIGN8(n) + ALIGN8(n * 2) + ALIGN8(n * 2) + ALIGN8(plan.joins * sizeof(struct join_point)) +
		     ALIGN8(plan.joins * 2) + plan.functions * sizeof(struct function) + 2 * plan.state_size +
		     MAX_THRESHOLDS * sizeof(uint32_t) + 8;
	return plan;
}

size_t bpf_verifier_scratch_size(const struct bpf_program *prog)
{
	struct scratch_plan plan = plan_scratch(prog);
	return plan.fixed + plan.joins * plan.state_size;
}

static void *carve(uint8_t **p, size_t bytes)
{
	void *at = *p;
	*p += ALIGN8(bytes);
	return at;
}

static void mark_join(struct verifier *v, uint32_t insn)
{
	v->flags[insn] |= IS_JOIN;
}

/* Structure: decodes each instruction, finds functions and join points,
   checks that jumps stay inside their function and calls do not recurse. */
static int find_structure(struct verifier *v)
{
	int err;
	v->flags[0] |= IS_JOIN | IS_ENTRY;
	add_thresholds(v, v->prog->ctx_size);
	for (uint32_t m = 0; m < v->prog->map_count; m++)
		add_thresholds(v, v->prog->maps[m]->value_size);
	for (uint32_t i = 0; i < v->count; i++) {
		const struct bpf_insn *in = &v->insns[i];
		if (v->flags[i] & IS_IMM64_TAIL)
			continue;
		if ((err = decode(v, i)))
			return err;
		uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code);
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			v->flags[i + 1] |= IS_IMM64_TAIL;
		if (BPF_SRC(in->code) == BPF_K && class != BPF_LD)
			add_thresholds(v, in->imm);
		if (class != BPF_JMP && class != BPF_JMP32)
			continue;
		if (op == BPF_CALL && in->src == BPF_PSEUDO_CALL) {
			uint32_t target = (uint32_t)((int64_t)i + 1 + in->imm);
			v->flags[i] |= IS_LOCAL_CALL | IS_JOIN;
			v->flags[target] |= IS_ENTRY | IS_JOIN;
		} else if (op == BPF_JA) {
			mark_join(v, (uint32_t)((int64_t)i + 1 + (class == BPF_JMP ? in->off : in->imm)));
		} else if (op != BPF_CALL && op != BPF_EXIT) {
			mark_join(v, (uint32_t)((int64_t)i + 1 + in->off));
		}
	}
	for (uint32_t i = 0; i < v->count; i++) {
		if ((v->flags[i] & IS_JOIN) && (v->flags[i] & IS_IMM64_TAIL))
			return reject(v, i - 1, "a jump or call lands inside this 64-bit immediate load");
		if (v->flags[i] & IS_ENTRY) {
			if (v->function_count == MAX_FUNCTIONS)
				return reject(v, i, "more than %d functions", MAX_FUNCTIONS);
			if (v->function_count)
				v->functions[v->function_count - 1].end = i;
			v->functions[v->function_count++] = (struct function){.start = i, .end = v->count};
		}
		v->function_of[i] = (uint16_t)(v->function_count - 1);
		if (v->flags[i] & IS_JOIN) {
			v->join_of[i] = (uint16_t)v->join_count;
			v->joins[v->join_count++] = (struct join_point){.insn = i};
		}
	}
	for (uint32_t i = 0; i < v->count; i++) {
		const struct bpf_insn *in = &v->insns[i];
		uint8_t class = BPF_CLASS(in->code), op = BPF_OP(in->code);
		if ((class != BPF_JMP && class != BPF_JMP32) || op == BPF_CALL || op == BPF_EXIT ||
		    (v->flags[i] & IS_IMM64_TAIL))
			continue;
		int64_t target = (int64_t)i + 1 + (class == BPF_JMP32 && op == BPF_JA ? in->imm : in->off);
		if (v->function_of[target] != v->function_of[i])
			return reject(v, i, "jump to %d leaves its function", (int)target);
	}
	return 0;
}

/* Walks the call graph from fn, once per function: no recursion; each
   function learns the frames and stack bytes of its deepest call chain. */
static int walk_calls(struct verifier *v, unsigned fn)
{
	struct function *f = &v->functions[fn];
	f->color = 1;
	f->stack_below = 0;
	f->frames = 0;
	for (uint32_t i = f->start; i < f->end; i++) {
		if (!(v->flags[i] & IS_LOCAL_CALL))
			continue;
		unsigned callee = v->function_of[i + 1 + v->insns[i].imm];
		struct function *g = &v->functions[callee];
		if (g->color == 1)
			return reject(v, i, "recursive call");
		int err = g->color == 0 ? walk_calls(v, callee) : 0;
		if (err)
			return err;
		if (g->stack_below > f->stack_below)
			f->stack_below = g->stack_below;
		if (g->frames > f->frames)
			f->frames = g->frames;
	}
	f->stack_below += ALIGN8(f->stack_depth);
	f->frames++;
	f->color = 2;
	return 0;
}

static int check_calls(struct verifier *v)
{
	for (uint32_t k = 0; k < v->function_count; k++)
		v->functions[k].color = 0;
	int err = walk_calls(v, 0);
	if (err)
		return err;
	if (v->functions[0].frames > BPF_MAX_CALL_DEPTH)
		return reject(v, 0, "calls nest %u frames deep, more than %d",
			      (unsigned)v->functions[0].frames, BPF_MAX_CALL_DEPTH);
	if (v->functions[0].stack_below > BPF_STACK_SIZE)
		return reject(v, 0, "the frames of the deepest call chain need %u stack bytes, more than %d",
			      (unsigned)v->functions[0].stack_below, BPF_STACK_SIZE);
	return 0;
}

int bpf_verify(struct bpf_program *prog, void *scratch, size_t scratch_size, char *log, size_t log_size)
{
	struct verifier v = {.prog = prog, .insns = prog->insns, .count = prog->count, .log = log,
			     .log_size = log_size};
	uint8_t *p = (uint8_t *)ALIGN8((uintptr_t)scratch);
	int err;

	if (log && log_size)
		log[0] = 0;
	if (prog->verified)
		return 0;
	if (prog->count == 0 || prog->count > BPF_MAX_INSNS)
		return reject(&v, 0, "program has %u instructions (1 to %d allowed)", (unsigned)prog->count,
			      BPF_MAX_INSNS);
	if (prog->map_count > BPF_MAX_PROGRAM_MAPS)
		return reject(&v, 0, "program uses %u maps (at most %d)", (unsigned)prog->map_count,
			      BPF_MAX_PROGRAM_MAPS);
	struct scratch_plan plan = plan_scratch(prog);
	if (scratch_size < plan.fixed) {
		if (log && log_size)
			snprintf(log, log_size, "verifier needs at least %u bytes of scratch memory, has %u",
				 (unsigned)plan.fixed, (unsigned)scratch_size);
		return -ENOMEM;
	}
	v.flags = carve(&p, v.count);
	v.join_of = carve(&p, v.count * 2);
	v.function_of = carve(&p, v.count * 2);
	v.joins = carve(&p, plan.joins * sizeof *v.joins);
	v.worklist = carve(&p, plan.joins * 2);
	v.functions = carve(&p, plan.functions * sizeof *v.functions);
	v.state_size = plan.state_size;
	v.spill_capacity = plan.spills;
	v.thresholds = carve(&p, MAX_THRESHOLDS * sizeof *v.thresholds);
	v.work = carve(&p, v.state_size);
	v.branch = carve(&p, v.state_size);
	memset(v.flags, 0, v.count);

	if ((err = find_structure(&v)) || (err = check_calls(&v)))
		return err;
	/* The states, one per join point actually found, take the rest. */
	size_t needed = (size_t)(p - (uint8_t *)scratch) + v.join_count * v.state_size;
	if (needed > scratch_size) {
		if (log && log_size)
			snprintf(log, log_size, "verifier needs %u bytes of scratch memory, has %u",
				 (unsigned)needed, (unsigned)scratch_size);
		return -ENOMEM;
	}
	v.states = carve(&p, v.join_count * v.state_size);

	/* The main function's entry: r1 the context, r2 its size, r10 the stack. */
	clear_state(v.work);
	v.work->reg[1] = pointer(PTR_CTX, 0);
	v.work->reg[2] = constant(prog->ctx_size);
	v.work->reg[10] = pointer(PTR_STACK, 0);
	flow(&v, v.work, 0);
	while (v.work_count) {
		uint32_t j = v.worklist[--v.work_count];
		v.joins[j].queued = 0;
		if ((err = run_block(&v, v.joins[j].insn)))
			return err;
	}
	if ((err = check_calls(&v)))
		return err;

	/* Resolve what the interpreter needs: map addresses, helper table
	   indices, and each call's frame size (so the callee's r10 sits below). */
	for (uint32_t i = 0; i < v.count; i++) {
		struct bpf_insn *in = &prog->insns[i];
		if (v.flags[i] & IS_IMM64_TAIL)
			continue;
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == BPF_PSEUDO_MAP_FD) {
			uint64_t address = (uintptr_t)prog->maps[in->imm];
			in[0].imm = (int32_t)(uint32_t)address;
			in[1].imm = (int32_t)(uint32_t)(address >> 32);
			in->src = 0;
		} else if (in->code == (BPF_JMP | BPF_CALL) && in->src == 0) {
			uint32_t index;
			bpf_helper_find(in->imm, &index);
			in->imm = (int32_t)index;
		} else if (v.flags[i] & IS_LOCAL_CALL) {
			in->off = (int16_t)ALIGN8(v.functions[v.function_of[i]].stack_depth);
		} else if (v.flags[i] & IS_XDP_FIELD) {
			bool pointer_field = in->off <= (int16_t)offsetof(struct xdp_md, data_end);
			in->code = (uint8_t)(BPF_LDX | BPF_MEM | (pointer_field && sizeof(void *) == 8 ? BPF_DW : BPF_W));
			in->off = (int16_t)(in->off == offsetof(struct xdp_md, data) ? offsetof(struct bpf_xdp_buff, data)
					    : in->off == offsetof(struct xdp_md, data_end) ? offsetof(struct bpf_xdp_buff, data_end)
					    : in->off == offsetof(struct xdp_md, ingress_ifindex) ? offsetof(struct bpf_xdp_buff, ingress_ifindex)
					    : offsetof(struct bpf_xdp_buff, rx_queue_index));
		} else if (v.flags[i] & IS_UNALIGNED) {
			in->code = (uint8_t)(BPF_CLASS(in->code) | BPF_SIZE(in->code) |
					     (BPF_MODE(in->code) == BPF_MEMSX ? BPF_MEMSX_UNALIGNED : BPF_MEM_UNALIGNED));
		}
	}
	prog->verified = true;
	return 0;
}
