/*
 * main.c (bpfload) — eBPF programs loaded into a running device over its
 * console UART (stdin, through the serial driver). "load HEX" takes a clang-compiled ELF object in hex, verifies
 * it and attaches it to the line hook: every other line received runs the
 * program with the line as its context ("hex HEX" gives binary bytes, a
 * packet, as the line; an XDP program, SEC("xdp"), gets the line's bytes as
 * its packet and the packet is shown after the run). "xdp HEX" verifies an
 * XDP program and attaches it to net0's receive path instead; "net" prints
 * net0's counters. "quit" ends the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "bpf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "device.h"
#include "net.h"
#include "page.h"
#include "xdp.h"

#define MAX_OBJECT 4096
#define MAX_INSNS 512
#define SCRATCH_PAGES 32 /* at most, for the verifier: 32 KiB on lx106 */

/* The hook's context, as the programs in tests/bpf see it. */
struct line {
	uint8_t bytes[60];
	uint32_t length;
};

static uint8_t object[MAX_OBJECT];
static struct bpf_insn insns[MAX_INSNS];
static struct bpf_program program, xdp_program;
static struct bpf_insn xdp_insns[MAX_INSNS];
static bool attached;

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The console's next byte, through the serial driver (stdin); ends the run
   when input ends. */
static int read_byte(void)
{
	unsigned char c;
	if (read(0, &c, 1) != 1) {
		printf("bpf: input closed\n");
		exit(1);
	}
	return c == '\r' ? '\n' : c;
}

/* Reads the hex rest of a line into to (at most capacity bytes); its
   length, or -1. */
static long read_hex(uint8_t *to, long capacity)
{
	long n = 0;
	int high = -1, c;
	bool bad = false;
	while ((c = read_byte()) != '\n') {
		int v = hex_value(c);
		if (v < 0 || n == capacity) {
			bad = true;
			continue;
		}
		if (high < 0) {
			high = v;
		} else {
			to[n++] = (uint8_t)(high << 4 | v);
			high = -1;
		}
	}
	return bad || high >= 0 ? -1 : n;
}

/* Reads an object from the console and verifies it as prog; for XDP
   (xdp true) with the packet context, else with the line's. 0 or -1. */
static int load_program(struct bpf_program *prog, struct bpf_insn *code, bool xdp)
{
	char log[120];
	long size = read_hex(object, MAX_OBJECT);
	if (size < 0) {
		printf("bpf: rejected: object is not hex or longer than %d bytes\n", MAX_OBJECT);
		return -1;
	}
	/* Both programs' maps share the pool, which a new load empties: neither
	   program may run any more. */
	struct device *net = device_find("net0");
	if (net)
		device_control(net, NET_ATTACH_XDP, NULL);
	attached = false;
	bpf_map_pool_reset();
	if (bpf_elf_load(object, (size_t)size, NULL, code, MAX_INSNS, prog, log, sizeof log)) {
		printf("bpf: rejected: %s\n", log);
		return -1;
	}
	if (xdp)
		xdp_prepare(prog);
	else
		prog->ctx_size = sizeof(struct line); /* an XDP program gets the line as its packet */
	/* Only the pages the verifier's bound asks for (a few for the test
	   programs); a bound above the limit may still be more than the
	   program's exact need, which bpf_verify checks. */
	uint32_t pages = (uint32_t)((bpf_verifier_scratch_size(prog) + PAGE_SIZE - 1) / PAGE_SIZE);
	if (pages > SCRATCH_PAGES)
		pages = SCRATCH_PAGES;
	void *scratch = page_alloc(pages);
	if (!scratch) {
		printf("bpf: rejected: no memory for the verifier\n");
		return -1;
	}
	int err = bpf_verify(prog, scratch, pages * PAGE_SIZE, log, sizeof log);
	page_free(scratch, pages);
	if (err) {
		printf("bpf: rejected: %s\n", log);
		return -1;
	}
	return 0;
}

static void load(void)
{
	if (load_program(&program, insns, false))
		return;
	attached = true;
	printf("bpf: loaded %u instructions, %u maps\n", (unsigned)program.count, (unsigned)program.map_count);
}

static void load_xdp(void)
{
	if (load_program(&xdp_program, xdp_insns, true))
		return;
	struct device *net = device_find("net0");
	if (!net || device_control(net, NET_ATTACH_XDP, &xdp_program)) {
		printf("bpf: rejected: no network device to attach to\n");
		return;
	}
	printf("bpf: xdp attached to net0: %u instructions, %u maps\n", (unsigned)xdp_program.count,
	       (unsigned)xdp_program.map_count);
}

static void net_counters(void)
{
	struct net_stats s;
	struct device *net = device_find("net0");
	if (!net || device_control(net, NET_GET_STATS, &s)) {
		printf("bpf: no network device\n");
		return;
	}
	printf("bpf: net0 received=%u passed=%u drop=%u tx=%u redirect=%u aborted=%u overflows=%u\n",
	       (unsigned)s.rx_packets, (unsigned)s.passed, (unsigned)s.xdp_drop, (unsigned)s.xdp_tx,
	       (unsigned)s.xdp_redirect, (unsigned)s.xdp_aborted, (unsigned)s.rx_overflows);
}

/* Runs the attached program on one line and reports r0 and any records. */
static void hook(const struct line *line)
{
	union {
		struct line line;
		uint64_t align;
	} ctx = {.line = *line};
	uint64_t r0;
	if (!attached) {
		printf("bpf: no program\n");
		return;
	}
	struct bpf_xdp_buff packet = {.data = ctx.line.bytes, .data_end = ctx.line.bytes + line->length};
	bool xdp = program.kind == BPF_KIND_XDP;
	int err = bpf_run(&program, xdp ? (void *)&packet : &ctx, &r0);
	if (err) {
		printf("bpf: run failed: %d\n", err);
		return;
	}
	printf("bpf: r0=%lu\n", (unsigned long)r0);
	if (xdp) {
		printf("bpf: packet ");
		for (uint32_t k = 0; k < line->length; k++)
			printf("%02x", ctx.line.bytes[k]);
		printf("\n");
	}
	for (uint32_t m = 0; m < program.map_count; m++) {
		char record[64];
		int n;
		while ((n = bpf_ringbuf_read(program.maps[m], record, sizeof record - 1)) > 0) {
			record[n] = 0;
			printf("bpf: record %s\n", record);
		}
	}
}

int main(void)
{
	struct line line;
	printf("bpf: ready\n");
	for (;;) {
		int c;
		memset(&line, 0, sizeof line);
		while ((c = read_byte()) != '\n') {
			if (line.length < sizeof line.bytes)
				line.bytes[line.length++] = (uint8_t)c;
			if ((line.length == 5 && !memcmp(line.bytes, "load ", 5)) ||
			    (line.length == 4 && !memcmp(line.bytes, "xdp ", 4)) ||
			    (line.length == 4 && !memcmp(line.bytes, "hex ", 4)))
				break;
		}
		if (c != '\n' && line.bytes[0] == 'l') { /* "load ": the object follows */
			load();
			continue;
		}
		if (c != '\n' && line.bytes[0] == 'x') { /* "xdp ": an XDP object follows */
			load_xdp();
			continue;
		}
		if (c == '\n' && line.length == 3 && !memcmp(line.bytes, "net", 3)) {
			net_counters();
			continue;
		}
		if (c != '\n') { /* "hex ": the line's bytes follow in hex */
			long n = read_hex(line.bytes, sizeof line.bytes);
			if (n < 0) {
				printf("bpf: not hex or longer than %u bytes\n", (unsigned)sizeof line.bytes);
				continue;
			}
			memset(line.bytes + n, 0, sizeof line.bytes - (size_t)n);
			line.length = (uint32_t)n;
		}
		if (line.length == 4 && !memcmp(line.bytes, "quit", 4)) {
			printf("bpf: bye\n");
			return 0;
		}
		hook(&line);
	}
}
