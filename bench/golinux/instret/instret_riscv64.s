// instret_riscv64.s — the rdinstret pseudo-instruction (csrrs rd, instret, x0),
// encoded by hand: Go's riscv64 assembler has no CSR mnemonics.
#include "textflag.h"

// func Read() uint64
TEXT ·Read(SB), NOSPLIT, $0-8
	WORD	$0xc0202573	// csrrs a0, instret (0xc02), zero
	MOV	A0, ret+0(FP)
	RET
