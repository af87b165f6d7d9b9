/*
 * elf.c — loads a static linux/riscv64 executable from a host file and
 * builds the initial stack Go's _rt0_riscv64_linux reads: argc, argv[],
 * NULL, envp[], NULL, auxv pairs up to AT_NULL, sp 16-byte aligned
 * (System V ABI, RISC-V psABI; facts/go-linux-riscv64.md).
 *
 * Each PT_LOAD is read page by page straight into the pages that will back
 * it, so no second copy of the binary is ever held; what follows the file
 * bytes (.bss) is a demand-zero VMA.
 */
#include <errno.h>
#include <string.h>
#include "clock.h"
#include "console.h"
#include "elf64.h"
#include "linux.h"
#include "page.h"
#include "semihost.h"

#define EM_RISCV 243
#define ET_EXEC 2
#define PT_LOAD 1
#define PT_INTERP 3
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
#define HWCAP_IMAFDC 0x112d /* one bit per ISA letter: a c d f i m */
#define MAX_PHDRS 16

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static int read_at(int fd, uint64_t pos, void *buf, size_t n)
{
	if (semihost_seek(fd, pos) || semihost_read(fd, buf, n) != (long)n)
		return -EIO;
	return 0;
}

static int load_segment(int fd, const struct elf_phdr *ph)
{
	int prot = (ph->flags & PF_R ? PROT_READ : 0) | (ph->flags & PF_W ? PROT_WRITE : 0) |
		   (ph->flags & PF_X ? PROT_EXEC : 0);
	uint64_t start = ph->vaddr & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t end = (ph->vaddr + ph->memsz + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t file_end = ph->vaddr + ph->filesz;
	if (ph->filesz > ph->memsz || end > USER_TOP || end <= start || !vm_range_free(start, end - start))
		return -ENOEXEC;
	int err = vm_map(start, end - start, prot);
	if (err)
		return err;
	for (uint64_t va = start; va < file_end; va += PAGE_SIZE) {
		uint8_t *page = page_alloc(1);
		if (!page)
			return -ENOMEM;
		memset(page, 0, PAGE_SIZE);
		uint64_t from = va < ph->vaddr ? ph->vaddr : va;
		uint64_t to = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
		if ((err = read_at(fd, ph->offset + (from - ph->vaddr), page + (from - va), to - from)) ||
		    (err = vm_map_page(va, page, prot))) {
			page_free(page, 1);
			return err;
		}
	}
	return 0;
}

/* Pushes n bytes below *sp in user memory; returns their address. */
static uint64_t push(uint64_t *sp, const void *data, size_t n, int *err)
{
	*sp -= n;
	if (copy_to_user(*sp, data, n))
		*err = -EFAULT;
	return *sp;
}

static int build_stack(const struct launch *l, uint64_t *sp_out, const struct elf_header *eh, uint64_t phdr_addr)
{
	int err = vm_map(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE, PROT_READ | PROT_WRITE);
	if (err)
		return err;
	uint64_t sp = USER_STACK_TOP;
	/* AT_RANDOM: 16 bytes seeded from the cycle counter and the clock,
	   stirred (splitmix64) so nearby boots differ in every bit. */
	uint64_t seed = arch_cycles() ^ nanotime() << 17, rnd[2];
	for (int i = 0; i < 2; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		rnd[i] = z ^ (z >> 31);
	}
	uint64_t random_at = push(&sp, rnd, sizeof rnd, &err);
	uint64_t argv[l->argc + 1], envp[l->envc + 1];
	for (int i = l->envc - 1; i >= 0; i--)
		envp[i] = push(&sp, l->envp[i], strlen(l->envp[i]) + 1, &err);
	for (int i = l->argc - 1; i >= 0; i--)
		argv[i] = push(&sp, l->argv[i], strlen(l->argv[i]) + 1, &err);
	argv[l->argc] = envp[l->envc] = 0;
	uint64_t execfn = l->argc ? argv[0] : 0;
	uint64_t auxv[] = {
		AT_PAGESZ, PAGE_SIZE,   AT_RANDOM, random_at, AT_PHDR,  phdr_addr, AT_PHENT, eh->phentsize,
		AT_PHNUM,  eh->phnum,   AT_ENTRY,  eh->entry, AT_UID,   0,         AT_EUID,  0,
		AT_GID,    0,           AT_EGID,   0,         AT_SECURE, 0,        AT_CLKTCK, 100,
		AT_HWCAP,  HWCAP_IMAFDC, AT_EXECFN, execfn,   AT_NULL,  0,
	};
	uint64_t words = 1 + (l->argc + 1) + (l->envc + 1) + sizeof auxv / 8;
	sp = (sp - words * 8) & ~(uint64_t)15;
	uint64_t at = sp, argc = l->argc;
	err |= copy_to_user(at, &argc, 8);
	at += 8;
	err |= copy_to_user(at, argv, sizeof argv);
	at += sizeof argv;
	err |= copy_to_user(at, envp, sizeof envp);
	at += sizeof envp;
	err |= copy_to_user(at, auxv, sizeof auxv);
	*sp_out = sp;
	return err ? -EFAULT : 0;
}

int elf_load(int fd, const struct launch *l, uint64_t *entry, uint64_t *sp)
{
	struct elf_header eh;
	struct elf_phdr ph[MAX_PHDRS];
	if (read_at(fd, 0, &eh, sizeof eh))
		return -ENOEXEC;
	if (memcmp(eh.ident, "\177ELF\2\1", 6) || eh.machine != EM_RISCV || eh.type != ET_EXEC ||
	    eh.phentsize != sizeof ph[0] || eh.phnum == 0 || eh.phnum > MAX_PHDRS)
		return -ENOEXEC;
	if (read_at(fd, eh.phoff, ph, eh.phnum * sizeof ph[0]))
		return -ENOEXEC;
	uint64_t phdr_addr = 0;
	for (int i = 0; i < eh.phnum; i++) {
		if (ph[i].type == PT_INTERP)
			return -ENOEXEC; /* dynamically linked: no loader here */
		if (ph[i].type != PT_LOAD)
			continue;
		int err = load_segment(fd, &ph[i]);
		if (err)
			return err;
		if (eh.phoff >= ph[i].offset && eh.phoff < ph[i].offset + ph[i].filesz)
			phdr_addr = ph[i].vaddr + (eh.phoff - ph[i].offset);
	}
	*entry = eh.entry;
	return build_stack(l, sp, &eh, phdr_addr);
}
