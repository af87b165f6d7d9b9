/*
 * fuzz_bpf.c — random programs into the verifier; every accepted one runs on
 * random contexts in this AddressSanitizer/UBSan build, where the context
 * and each map's storage are heap blocks of their exact size, so any access
 * the verifier should have refused ends the run with a report; the verifier
 * gets exactly the scratch memory bpf_verifier_scratch_size asks for.
 *
 * With --btf, it flips random bytes of an object's .BTF section instead and
 * loads each copy from a block of the object's exact size, so the ELF and BTF
 * readers cannot read past the end unseen.
 *
 * usage: fuzz_bpf [PROGRAMS [SEED]] | fuzz_bpf --btf OBJECT [ROUNDS];
 * prints ok/not ok lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "clock.h"
#include "console.h"

#include "bpf_random.h"

/* The helpers' view of the kernel: a clock and a console. */
uint64_t nanotime(void)
{
	return seed;
}

void console_puts(const char *s)
{
	(void)s;
}

static void silent(const char *line)
{
	(void)line;
}

/* The .BTF section of an object: found by its header (magic 0xeb9f, version
   1, btf.rst §2.1), which also gives its length. */
static int find_btf(const uint8_t *elf, size_t size, size_t *offset, size_t *length)
{
	for (size_t at = 0; at + 24 <= size; at += 4) {
		uint32_t header[6];
		memcpy(header, elf + at, sizeof header);
		uint64_t total = (uint64_t)header[1] + header[4] + header[5];
		if (header[0] == (0xeb9f | 1u << 16) && header[1] == 24 && total <= size - at) {
			*offset = at, *length = total;
			return 0;
		}
	}
	return -1;
}

static int fuzz_btf(const char *path, long rounds)
{
	static uint8_t object[65536];
	static struct bpf_insn insns[BPF_MAX_INSNS];
	FILE *f = fopen(path, "rb");
	size_t size = f ? fread(object, 1, sizeof object, f) : 0, offset, length;
	if (f)
		fclose(f);
	if (!size || find_btf(object, size, &offset, &length)) {
		printf("not ok - fuzz btf: no .BTF in %s\n", path);
		return 1;
	}
	long loaded = 0, silent_failures = 0;
	void *scratch = malloc(1 << 20);
	for (long k = 0; k < rounds; k++) {
		uint8_t *copy = malloc(size);
		memcpy(copy, object, size);
		for (long flips = 1 + k % 4; flips > 0; flips--)
			copy[offset + below((uint32_t)length)] ^= (uint8_t)(1 + below(255));
		struct bpf_program prog;
		char log[160] = "";
		bpf_map_pool_reset();
		int err = bpf_elf_load(copy, size, NULL, insns, BPF_MAX_INSNS, &prog, log, sizeof log);
		if (!err) {
			loaded++;
			prog.ctx_size = CTX_SIZE;
			bpf_verify(&prog, scratch, 1 << 20, log, sizeof log);
		} else if (!log[0]) {
			silent_failures++;
		}
		free(copy);
	}
	free(scratch);
	printf("# %ld flipped copies of %s's .BTF (%zu bytes), %ld loaded, no sanitizer report\n", rounds, path,
	       length, loaded);
	printf("%s - fuzz btf: every refused copy says why\n", silent_failures ? "not ok" : "ok");
	return silent_failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "--btf"))
		return fuzz_btf(argv[2], argc > 3 ? atol(argv[3]) : 10000);
	long programs = argc > 1 ? atol(argv[1]) : 200000;
	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 8266;
	struct bpf_insn insns[64];
	long accepted = 0, runs = 0, loops_stopped = 0, short_of_scratch = 0, unaligned = 0, xdp_accepted = 0;
	char log[160];

	bpf_set_printk_sink(silent);
	for (long k = 0; k < programs; k++) {
		struct bpf_map maps[3];
		void *storage[3];
		static const struct { enum bpf_map_type type; uint32_t key, value, entries; } shapes[3] = {
			{BPF_MAP_TYPE_ARRAY, 4, 24, 3}, {BPF_MAP_TYPE_HASH, 8, 40, 4}, {BPF_MAP_TYPE_RINGBUF, 0, 0, 64}};
		bool xdp = below(4) == 0;
		struct bpf_program prog = {.insns = insns, .count = generate(insns, 64, xdp), .ctx_size = CTX_SIZE,
					   .ctx_writable = below(2), .budget = 2000, .map_count = 3,
					   .kind = xdp ? BPF_KIND_XDP : BPF_KIND_CONTEXT};
		for (int m = 0; m < 3; m++) {
			uint32_t size = bpf_map_storage_size(shapes[m].type, shapes[m].key, shapes[m].value, shapes[m].entries);
			storage[m] = malloc(size);
			bpf_map_init(&maps[m], shapes[m].type, shapes[m].key, shapes[m].value, shapes[m].entries, storage[m]);
			prog.maps[m] = &maps[m];
		}
		/* Exactly what bpf_verifier_scratch_size promises, so that ASan
		   sees the verifier stay inside it. */
		size_t scratch_size = bpf_verifier_scratch_size(&prog);
		void *scratch = malloc(scratch_size);
		int err = bpf_verify(&prog, scratch, scratch_size, log, sizeof log);
		free(scratch);
		if (err == -ENOMEM)
			short_of_scratch++;
		if (err == 0) {
			accepted++;
			xdp_accepted += xdp;
			for (uint32_t i = 0; i < prog.count; i++) {
				uint8_t mode = BPF_MODE(insns[i].code), class = BPF_CLASS(insns[i].code);
				if ((class == BPF_LDX || class == BPF_ST || class == BPF_STX) &&
				    (mode == BPF_MEM_UNALIGNED || mode == BPF_MEMSX_UNALIGNED)) {
					unaligned++;
					break;
				}
			}
			for (int r = 0; r < 4; r++) {
				/* the packet of an XDP run is a block of its exact
				   length, like the context: often just the length
				   the compare checks, or a byte off */
				uint32_t size = !xdp ? CTX_SIZE : below(2) ? below(80) : xdp_checked + below(3) - (xdp_checked > 0);
				uint8_t *ctx = malloc(size + !size);
				for (uint32_t b = 0; b < size; b++)
					ctx[b] = (uint8_t)random32();
				struct bpf_xdp_buff buff = {.data = ctx, .data_end = ctx + size};
				uint64_t r0;
				if (bpf_run(&prog, xdp ? (void *)&buff : ctx, &r0) == -ETIMEDOUT)
					loops_stopped++;
				runs++;
				free(ctx);
			}
		}
		for (int m = 0; m < 3; m++)
			free(storage[m]);
	}
	printf("# %ld programs, %ld accepted (%ld with accesses of unproven alignment, %ld XDP), %ld runs "
	       "(%ld stopped by the budget), no sanitizer report\n",
	       programs, accepted, unaligned, xdp_accepted, runs, loops_stopped);
	/* A generator whose programs are all rejected, or never take the
	   byte path, would test nothing. */
	bool passed = accepted * 50 >= programs && unaligned * 20 >= accepted && xdp_accepted * 20 >= accepted &&
		      !short_of_scratch;
	printf("%s - fuzz: at least 2%% of random programs verified and ran, 5%% of those with unaligned accesses and 5%% XDP, none short of scratch (%ld)\n",
	       passed ? "ok" : "not ok", short_of_scratch);
	return passed ? 0 : 1;
}
