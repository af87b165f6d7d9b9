/*
 * bpf-run.c — runs one eBPF program on the host, in the shape of the
 * bpf_conformance plugin protocol: program bytes as hex on stdin, memory as a
 * hex argument, r0 printed in hex; a program that fails to load exits 1 with
 * the reason on stderr. `--elf FILE [--section NAME]` loads a clang object;
 * `--xdp` (or an object's SEC("xdp")) runs it as an XDP program on the
 * memory as a packet, and prints the packet after r0. Where the machine has
 * an eBPF JIT (bpf-run built for linux/riscv64) the program runs as native
 * code; `--interpret` forces the interpreter, `--jit` the JIT (exit 1 where
 * it cannot compile the program).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf.h"
#include "bpf_elf.h"

static int hex_value(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Decodes hex digits (whitespace ignored) into a new buffer; -1 if malformed. */
static long decode_hex(const char *text, uint8_t **out)
{
	size_t length = strlen(text), n = 0;
	uint8_t *bytes = calloc(length / 2 + 8, 1);
	int high = -1;
	for (const char *p = text; *p; p++) {
		if (isspace((unsigned char)*p))
			continue;
		int v = hex_value((unsigned char)*p);
		if (v < 0) {
			free(bytes);
			return -1;
		}
		if (high < 0) {
			high = v;
		} else {
			bytes[n++] = (uint8_t)(high << 4 | v);
			high = -1;
		}
	}
	if (high >= 0) {
		free(bytes);
		return -1;
	}
	*out = bytes;
	return (long)n;
}

static char *read_all(FILE *f, size_t *size)
{
	size_t capacity = 4096, n = 0;
	char *buf = malloc(capacity + 1);
	size_t got;
	while ((got = fread(buf + n, 1, capacity - n, f)) > 0) {
		n += got;
		if (n == capacity)
			buf = realloc(buf, (capacity *= 2) + 1);
	}
	buf[n] = 0;
	*size = n;
	return buf;
}

static int usage(void)
{
	fprintf(stderr, "usage: bpf-run [--xdp] [--interpret|--jit] [MEMORY-HEX] < PROGRAM-HEX\n"
			"       bpf-run [--xdp] [--interpret|--jit] --elf FILE [--section NAME] [MEMORY-HEX]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *elf_path = NULL, *section = NULL, *memory_hex = "";
	bool xdp = false, interpret = false, jit_only = false;
	static struct bpf_insn insns[BPF_MAX_INSNS];
	struct bpf_program prog = {0};
	char log[200];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--elf") && i + 1 < argc)
			elf_path = argv[++i];
		else if (!strcmp(argv[i], "--section") && i + 1 < argc)
			section = argv[++i];
		else if (!strcmp(argv[i], "--xdp"))
			xdp = true;
		else if (!strcmp(argv[i], "--interpret"))
			interpret = true;
		else if (!strcmp(argv[i], "--jit"))
			jit_only = true;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return usage();
		else
			memory_hex = argv[i];
	}

	uint8_t *memory;
	long memory_size = decode_hex(memory_hex, &memory);
	if (memory_size < 0) {
		fprintf(stderr, "bpf-run: memory is not hex\n");
		return 1;
	}

	if (elf_path) {
		FILE *f = fopen(elf_path, "rb");
		if (!f) {
			perror(elf_path);
			return 1;
		}
		size_t size;
		char *elf = read_all(f, &size);
		fclose(f);
		if (bpf_elf_load(elf, size, section, insns, BPF_MAX_INSNS, &prog, log, sizeof log)) {
			fprintf(stderr, "bpf-run: %s: %s\n", elf_path, log);
			return 1;
		}
		free(elf);
	} else {
		size_t size;
		char *text = read_all(stdin, &size);
		uint8_t *code;
		long length = decode_hex(text, &code);
		free(text);
		if (length < 0 || length % 8) {
			fprintf(stderr, "bpf-run: the program must be hex, a multiple of 8 bytes\n");
			return 1;
		}
		if (length / 8 > BPF_MAX_INSNS) {
			fprintf(stderr, "bpf-run: program has %ld instructions, at most %d\n", length / 8, BPF_MAX_INSNS);
			return 1;
		}
		memcpy(insns, code, (size_t)length);
		free(code);
		prog.insns = insns;
		prog.count = (uint32_t)(length / 8);
	}
	prog.ctx_size = (uint32_t)memory_size;
	prog.ctx_writable = true;
	if (xdp)
		prog.kind = BPF_KIND_XDP;
	xdp = prog.kind == BPF_KIND_XDP;

	size_t scratch_size = bpf_verifier_scratch_size(&prog);
	void *scratch = malloc(scratch_size);
	int err = bpf_verify(&prog, scratch, scratch_size, log, sizeof log);
	free(scratch);
	if (err) {
		fprintf(stderr, "bpf-run: rejected: %s\n", log);
		return 1;
	}
	if (!interpret && (bpf_jit_pool_size() || jit_only)) {
		scratch_size = bpf_jit_scratch_size(&prog);
		scratch = malloc(scratch_size);
		err = bpf_jit_compile(&prog, scratch, scratch_size, log, sizeof log);
		free(scratch);
		if (err && jit_only) {
			fprintf(stderr, "bpf-run: jit: %s\n", log);
			return 1;
		}
		if (err)
			fprintf(stderr, "bpf-run: jit: %s: interpreted\n", log);
	}
	/* The context: the memory, in an 8-aligned buffer of its own size; or
	   for XDP, the packet where a hook puts it (bpf.h), ending its buffer. */
	void *ctx = aligned_alloc(8, ((size_t)memory_size + 7) & ~(size_t)7);
	struct bpf_xdp_buff xdp_buff;
	uint8_t *packet = (uint8_t *)malloc((size_t)memory_size + BPF_XDP_DATA_ALIGN + 1) + BPF_XDP_DATA_ALIGN;
	memcpy(ctx, memory, (size_t)memory_size);
	memcpy(packet, memory, (size_t)memory_size);
	xdp_buff = (struct bpf_xdp_buff){.data = packet, .data_end = packet + memory_size};
	uint64_t r0;
	err = bpf_run(&prog, xdp ? (void *)&xdp_buff : ctx, &r0);
	if (err) {
		fprintf(stderr, "bpf-run: run failed (%d): %s\n", err,
			err == -ETIMEDOUT ? "instruction budget exhausted" : "not runnable");
		return 1;
	}
	printf("%llx\n", (unsigned long long)r0);
	if (xdp) {
		for (long k = 0; k < memory_size; k++)
			printf("%02x", packet[k]);
		printf("\n");
	}
	return 0;
}
