/*
 * vm.c — the program's address space: Sv39 page tables and a list of VMAs.
 *
 * Invariant: vmas[0..vma_count) are sorted, non-overlapping, page-aligned
 * [start, end) ranges with their PROT_* bits, and no two neighbours that
 * touch have the same bits (they are merged). A valid leaf PTE exists only
 * inside a VMA whose protection allows at least reading or executing, with
 * permissions derived from that VMA; every other page of a VMA is "demand
 * zero": the first access faults and vm_fault maps a fresh zeroed page. A
 * user page belongs to exactly one PTE; unmapping frees it. Page-table pages
 * stay once made (the Go runtime's layout is stable, and freeing them would
 * cost a scan on every unmap).
 *
 * The kernel runs in M-mode, which ignores satp: the user table holds user
 * pages only, and the kernel reaches a user page through its physical
 * address, found by walking the table in software — a user pointer is never
 * dereferenced as such.
 */
#include <errno.h>
#include <string.h>
#include "linux.h"
#include "page.h"
#include "panic.h"

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define SATP_SV39 (8ull << 60)
#define MMAP_BOTTOM 0x100000000ull /* above any static binary's segments */
#define MAX_VMAS 384

struct vma {
	uint64_t start, end;
	int prot;
};

static struct vma vmas[MAX_VMAS];
static int vma_count;
static uint64_t *root;
static struct vm_stats stats;

static inline uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> 10) << 12);
}

static inline uint64_t pte_make(void *page, uint64_t bits)
{
	return ((uint64_t)(uintptr_t)page >> 12) << 10 | bits | PTE_V;
}

/* PTE bits for a protection. RISC-V has no write-only pages (W without R
   is reserved), so PROT_WRITE brings R. A PROT_NONE page keeps its contents
   in a valid leaf without U: user mode cannot touch it, mprotect revives it.
   A and D are set up front: nothing here tracks them. */
static uint64_t pte_bits(int prot)
{
	uint64_t bits = PTE_A | PTE_D | PTE_R;
	if (prot & PROT_WRITE)
		bits |= PTE_W;
	if (prot & PROT_EXEC) {
		bits |= PTE_X;
		if (!(prot & (PROT_READ | PROT_WRITE)))
			bits &= ~(uint64_t)PTE_R;
	}
	return prot ? bits | PTE_U : bits;
}

static void *zeroed_page(void)
{
	void *p = page_alloc(1);
	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

static inline void tlb_flush(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* The leaf PTE slot of va; with create, tables are made on the way (NULL when out of pages). */
static uint64_t *pte_slot(uint64_t va, bool create)
{
	uint64_t *table = root;
	for (int level = 2; level > 0; level--) {
		uint64_t *e = &table[(va >> (12 + 9 * level)) & 511];
		if (!(*e & PTE_V)) {
			if (!create)
				return 0;
			uint64_t *next = zeroed_page();
			if (!next)
				return 0;
			stats.table_pages++;
			*e = pte_make(next, 0);
		}
		table = pte_table(*e);
	}
	return &table[(va >> 12) & 511];
}

enum range_op { RANGE_FREE, RANGE_PROTECT };

/* Applies op to every valid leaf in [start, end) under table, skipping
   absent subtrees: the runtime's reservations span hundreds of MiB. */
static void range_apply(uint64_t *table, int level, uint64_t base, uint64_t start, uint64_t end,
			enum range_op op, uint64_t bits)
{
	uint64_t span = 1ull << (12 + 9 * level);
	uint64_t first = start > base ? (start - base) / span : 0;
	for (uint64_t i = first; i < 512; i++) {
		uint64_t va = base + i * span;
		if (va >= end)
			break;
		uint64_t *e = &table[i];
		if (!(*e & PTE_V))
			continue;
		if (level > 0) {
			range_apply(pte_table(*e), level - 1, va, start, end, op, bits);
			continue;
		}
		if (op == RANGE_FREE) {
			page_free(pte_table(*e), 1);
			stats.user_pages--;
			*e = 0;
		} else {
			*e = (*e & ~(uint64_t)(PTE_LEAF | PTE_U | PTE_A | PTE_D)) | bits;
		}
	}
}

/* Makes addr a VMA boundary (splits the VMA that spans it). */
static int vma_split(uint64_t addr)
{
	for (int i = 0; i < vma_count; i++) {
		if (vmas[i].start >= addr)
			return 0;
		if (vmas[i].end > addr) {
			if (vma_count == MAX_VMAS)
				return -ENOMEM;
			memmove(&vmas[i + 1], &vmas[i], (vma_count - i) * sizeof vmas[0]);
			vma_count++;
			vmas[i].end = addr;
			vmas[i + 1].start = addr;
			return 0;
		}
	}
	return 0;
}

static void vma_merge(int i)
{
	if (i < 0 || i + 1 >= vma_count)
		return;
	if (vmas[i].end == vmas[i + 1].start && vmas[i].prot == vmas[i + 1].prot) {
		vmas[i].end = vmas[i + 1].end;
		memmove(&vmas[i + 1], &vmas[i + 2], (vma_count - i - 2) * sizeof vmas[0]);
		vma_count--;
	}
}

/* [start, end) becomes one VMA with prot, or no VMA when prot < 0. */
static int vma_set(uint64_t start, uint64_t end, int prot)
{
	if (vma_split(start) || vma_split(end))
		return -ENOMEM;
	int i = 0, j;
	while (i < vma_count && vmas[i].start < start)
		i++;
	for (j = i; j < vma_count && vmas[j].start < end; j++)
		;
	int keep = prot >= 0;
	if (vma_count - (j - i) + keep > MAX_VMAS)
		return -ENOMEM;
	memmove(&vmas[i + keep], &vmas[j], (vma_count - j) * sizeof vmas[0]);
	vma_count += keep - (j - i);
	if (keep) {
		vmas[i] = (struct vma){start, end, prot};
		vma_merge(i);
		vma_merge(i - 1);
	} else {
		vma_merge(i - 1);
	}
	if ((uint32_t)vma_count > stats.peak_vmas)
		stats.peak_vmas = vma_count;
	return 0;
}

static struct vma *vma_find(uint64_t addr)
{
	int lo = 0, hi = vma_count;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (vmas[mid].end <= addr)
			lo = mid + 1;
		else if (vmas[mid].start > addr)
			hi = mid;
		else
			return &vmas[mid];
	}
	return 0;
}

static bool range_ok(uint64_t addr, uint64_t len)
{
	return (addr & (PAGE_SIZE - 1)) == 0 && len && len <= USER_TOP && addr < USER_TOP && addr + len <= USER_TOP;
}

static void free_range(uint64_t start, uint64_t end)
{
	range_apply(root, 2, 0, start, end, RANGE_FREE, 0);
}

int vm_map(uint64_t addr, uint64_t len, int prot)
{
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (!range_ok(addr, len))
		return -EINVAL;
	free_range(addr, addr + len);
	int err = vma_set(addr, addr + len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	tlb_flush();
	return err;
}

int vm_map_page(uint64_t addr, void *page, int prot)
{
	uint64_t *pte = pte_slot(addr, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_V) {
		page_free(pte_table(*pte), 1);
		stats.user_pages--;
	}
	*pte = pte_make(page, pte_bits(prot));
	stats.user_pages++;
	tlb_flush();
	return 0;
}

int vm_unmap(uint64_t addr, uint64_t len)
{
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (!range_ok(addr, len))
		return -EINVAL;
	free_range(addr, addr + len);
	int err = vma_set(addr, addr + len, -1);
	tlb_flush();
	return err;
}

int vm_protect(uint64_t addr, uint64_t len, int prot)
{
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (!range_ok(addr, len))
		return -EINVAL;
	for (uint64_t a = addr; a < addr + len;) {
		struct vma *v = vma_find(a);
		if (!v)
			return -ENOMEM;
		a = v->end;
	}
	uint64_t bits = pte_bits(prot);
	range_apply(root, 2, 0, addr, addr + len, RANGE_PROTECT, bits);
	int err = vma_set(addr, addr + len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	tlb_flush();
	return err;
}

int vm_discard(uint64_t addr, uint64_t len)
{
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (!range_ok(addr, len))
		return -EINVAL;
	free_range(addr, addr + len);
	tlb_flush();
	return 0;
}

bool vm_range_free(uint64_t addr, uint64_t len)
{
	for (int i = 0; i < vma_count; i++)
		if (vmas[i].start < addr + len && vmas[i].end > addr)
			return false;
	return true;
}

uint64_t vm_find_free(uint64_t len)
{
	uint64_t top = MMAP_TOP;
	for (int i = vma_count - 1; i >= 0; i--) {
		if (vmas[i].start >= top)
			continue;
		if (vmas[i].end <= top && top - vmas[i].end >= len)
			return top - len;
		top = vmas[i].start;
	}
	return top - MMAP_BOTTOM >= len ? top - len : 0;
}

int vm_fault(uint64_t addr, int access)
{
	if (addr >= USER_TOP)
		return SEGV_MAPERR;
	struct vma *v = vma_find(addr);
	if (!v)
		return SEGV_MAPERR;
	int allowed = v->prot;
	if (allowed & PROT_WRITE)
		allowed |= PROT_READ;
	if ((allowed & access) != access || !v->prot)
		return SEGV_ACCERR;
	uint64_t *pte = pte_slot(addr, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_V)
		return 0; /* mapped by now (a stale TLB entry, or a write through user_pointer) */
	void *page = zeroed_page();
	if (!page)
		return -ENOMEM;
	stats.user_pages++;
	*pte = pte_make(page, pte_bits(v->prot));
	tlb_flush();
	return 0;
}

void *user_pointer(uint64_t addr, int access, size_t *room)
{
	if (addr >= USER_TOP)
		return 0;
	uint64_t need = PTE_U | (access & PROT_WRITE ? PTE_W : 0) | (access & PROT_READ ? PTE_R : 0);
	uint64_t *pte = pte_slot(addr, false);
	if (!pte || (*pte & (need | PTE_V)) != (need | PTE_V)) {
		if (vm_fault(addr, access))
			return 0;
		pte = pte_slot(addr, false);
		if (!pte || (*pte & (need | PTE_V)) != (need | PTE_V))
			return 0;
	}
	uint64_t offset = addr & (PAGE_SIZE - 1);
	if (room)
		*room = PAGE_SIZE - offset;
	return (uint8_t *)pte_table(*pte) + offset;
}

int copy_from_user(void *dst, uint64_t src, size_t n)
{
	uint8_t *d = dst;
	while (n) {
		size_t room;
		const uint8_t *s = user_pointer(src, PROT_READ, &room);
		if (!s)
			return -EFAULT;
		size_t chunk = n < room ? n : room;
		memcpy(d, s, chunk);
		d += chunk, src += chunk, n -= chunk;
	}
	return 0;
}

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
	const uint8_t *s = src;
	while (n) {
		size_t room;
		uint8_t *d = user_pointer(dst, PROT_WRITE, &room);
		if (!d)
			return -EFAULT;
		size_t chunk = n < room ? n : room;
		memcpy(d, s, chunk);
		s += chunk, dst += chunk, n -= chunk;
	}
	return 0;
}

long copy_string_from_user(char *dst, uint64_t src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *c = user_pointer(src + i, PROT_READ, 0);
		if (!c)
			return -EFAULT;
		dst[i] = *c;
		if (!*c)
			return (long)i;
	}
	return -ENAMETOOLONG;
}

/* The signal return trampoline: li a7, 139 (rt_sigreturn); ecall. */
static const uint32_t sigreturn_code[] = {0x08b00893, 0x00000073};

void vm_init(void)
{
	root = zeroed_page();
	uint32_t *tramp = zeroed_page();
	if (!root || !tramp)
		panic("linux: no pages for the address space");
	stats.table_pages++;
	memcpy(tramp, sigreturn_code, sizeof sigreturn_code);
	vma_set(SIGRETURN_PAGE, SIGRETURN_PAGE + PAGE_SIZE, PROT_READ | PROT_EXEC);
	vm_map_page(SIGRETURN_PAGE, tramp, PROT_READ | PROT_EXEC);
	uint64_t satp = SATP_SV39 | (uint64_t)(uintptr_t)root >> 12;
	__asm__ volatile("csrw satp, %0\n\tsfence.vma" ::"r"(satp) : "memory");
}

void vm_get_stats(struct vm_stats *s)
{
	*s = stats;
	s->vmas = vma_count;
}
