/*
 * jit_pool.c (qemu-virt) — the eBPF JIT's code pool, write-protected by PMP
 * on harts with Smepmp (ePMP), plain RAM on the others.
 *
 * Plain PMP binds M-mode only through locked entries, which stay until reset.
 * Smepmp's mseccfg.RLB (start.S sets it at boot) lets M-mode rewrite locked
 * entries, and mseccfg.MML makes locked entries M-mode-only rules. The spec
 * has RLB change only who may edit entries, but QEMU 7.2 stops enforcing
 * locked entries on M-mode while RLB is set unless MML is set too, so MML is
 * needed here. On the first use of the pool, where start.S found Smepmp:
 *
 *   entries 0-1  locked TOR, R+W: the window bpf_jit_pool_writable opens,
 *                off again from bpf_jit_pool_executable;
 *   entries 2-3  locked TOR, R+X: the whole pool;
 *   entries 4-5  locked TOR, R+X: the firmware's code, [_text_start,
 *                _text_end) — under MML M-mode executes nothing else;
 *
 * then MML. The lowest-numbered matching entry decides, so the window is
 * writable and not executable, the rest of the pool executable and not
 * writable: a stray store into JIT code is a store access fault, running
 * code from the open window an instruction access fault. M-mode loads and
 * stores that match no entry (data, stacks, heap, MMIO) are allowed as long
 * as mseccfg.MMWP stays 0. Entry 4 was start.S's all-memory S/U rule: under
 * MML an unlocked entry is S/U-only and denies M-mode, so it goes, and S/U
 * code can no longer run — the Linux personality (gorun.elf) never compiles
 * eBPF, so it never gets here and keeps that rule. RLB stays set, so this
 * catches mistakes, not an attacker in M-mode.
 *
 * The fence.i that ends every compile makes the stores visible to fetch.
 */
#include "board_config.h"
#include "bpf_jit.h"
#include "console.h"

/* pmpcfg fields, RISC-V privileged spec 3.7.1; mseccfg's, Smepmp 1.0. */
#define PMP_R 0x01ul
#define PMP_W 0x02ul
#define PMP_X 0x04ul
#define PMP_TOR 0x08ul
#define PMP_L 0x80ul
#define MSECCFG_MML 0x1ul
#define MSECCFG_RLB 0x4ul

/* CSR numbers: pmpcfg0 0x3a0 (rv32 also pmpcfg1 0x3a1), pmpaddrN 0x3b0 + N. */
#define PMP_ADDR_WRITE(n, address) \
	__asm__ volatile("csrw %0, %1" ::"i"(0x3b0 + (n)), "r"((uintptr_t)(address) >> 2) : "memory")

static uint8_t pool[BOARD_BPF_JIT_POOL] __attribute__((aligned(64)));
static int pool_protected = -1; /* -1 until the first use decides */

/* start.S: mseccfg after the boot probe (0 where the hart has no Smepmp). */
extern unsigned long riscv_mseccfg;
extern char _text_start[], _text_end[];

/* Entry n's byte of pmpcfg: entries 0-7 in pmpcfg0 on rv64; 0-3 in pmpcfg0
   and 4-7 in pmpcfg1 on rv32. */
static void pmp_cfg(unsigned n, unsigned long cfg)
{
	unsigned long shift = 8 * (n % sizeof(long)), mask = 0xfful << shift;
	if (n < sizeof(long))
		__asm__ volatile("csrc 0x3a0, %0\n\tcsrs 0x3a0, %1" ::"r"(mask), "r"(cfg << shift) : "memory");
	else
		__asm__ volatile("csrc 0x3a1, %0\n\tcsrs 0x3a1, %1" ::"r"(mask), "r"(cfg << shift) : "memory");
}

/* A TOR rule over [start, end) in entries n (its bottom) and n + 1. */
#define PMP_TOR_RULE(n, start, end, cfg) \
	do { \
		pmp_cfg((n) + 1, 0); \
		pmp_cfg((n), 0); \
		PMP_ADDR_WRITE((n), (start)); \
		PMP_ADDR_WRITE((n) + 1, (end)); \
		pmp_cfg((n) + 1, PMP_TOR | (cfg)); \
	} while (0)

uint8_t *bpf_jit_pool(uint32_t *size)
{
	if (pool_protected < 0) {
		pool_protected = (riscv_mseccfg & MSECCFG_RLB) != 0;
		if (pool_protected) {
			PMP_TOR_RULE(2, pool, pool + sizeof pool, PMP_L | PMP_R | PMP_X);
			PMP_TOR_RULE(4, _text_start, _text_end, PMP_L | PMP_R | PMP_X);
			__asm__ volatile("csrs 0x747, %0" ::"r"(MSECCFG_MML) : "memory");
		}
		console_puts(pool_protected ? "jit: code pool write-protected by Smepmp PMP rules\n"
					    : "jit: no Smepmp on this hart, the code pool is plain RAM\n");
	}
	*size = sizeof pool;
	return pool;
}

void bpf_jit_pool_writable(void *code, uint32_t size)
{
	if (pool_protected > 0)
		PMP_TOR_RULE(0, code, (uint8_t *)code + size, PMP_L | PMP_R | PMP_W);
}

void bpf_jit_pool_executable(void *code, uint32_t size)
{
	(void)code, (void)size;
	if (pool_protected > 0)
		pmp_cfg(1, 0);
	__asm__ volatile("fence.i" ::: "memory");
}
