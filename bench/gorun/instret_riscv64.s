// instret_riscv64.s — reads the instret counter from user mode (the kernel
// opens it with mcounteren.IR): rdinstret a0 (csrrs a0, instret, x0), as a
// WORD since Go's assembler has no CSR instructions.
#include "textflag.h"

// func instret() uint64
TEXT ·instret(SB), NOSPLIT, $0-8
	WORD $0xc0202573
	MOV X10, ret+0(FP)
	RET
