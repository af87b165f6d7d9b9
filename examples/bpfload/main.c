/*
 * main.c (bpfload) — eBPF programs loaded into a running device over its
 * console UART (stdin, through the serial driver). "load HEX" takes a
 * clang-compiled ELF object in hex, verifies it and attaches it to the line
 * hook: every other line received runs the program with the line as its
 * context ("hex HEX" gives binary bytes, a packet, as the line; an XDP
 * program, SEC("xdp"), gets the line's bytes as its packet and the packet is
 * shown after the run). "xdp HEX" verifies an XDP program and attaches it to
 * net0's receive path instead; "net" prints net0's counters. "quit" ends the
 * run. Where the target has a JIT, a loaded program is compiled to native
 * code ("jit: ..." says how much, or why it is interpreted instead); "engine
 * interpreter" and "engine jit" choose for the loads that follow. A firmware
 * linked with a key (key.c here has none;
 * examples/bpfload-keyed has one) takes only "load HEX MAC" and "xdp HEX MAC",
 * MAC the HMAC-SHA256 of the object's bytes under the key, and counts what it
 * refuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "bpf.h"
#include "bpf_auth.h"
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

/* The key (key.c, or the keyed firmware's); a size of 0 means none. */
extern const uint8_t bpf_load_key[];
extern const uint32_t bpf_load_key_size;

static uint8_t object[MAX_OBJECT];
static unsigned long refused; /* objects without a valid MAC */
static struct bpf_insn insns[MAX_INSNS];
static struct bpf_program program, xdp_program;
static struct bpf_insn xdp_insns[MAX_INSNS];
static bool attached;
static bool interpret_only;

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

/* Reads hex into out (at most max bytes) up to the end of the line or,
   if *more, a space; *more says whether a space ended it. The length, or -1
   (the rest of the line is then skipped). */
static long read_hex(uint8_t *out, long max, bool *more)
{
	long n = 0;
	int high = -1, c;
	bool bad = false, space_ends = *more;
	*more = false;
	while ((c = read_byte()) != '\n') {
		if (c == ' ' && space_ends && !bad) {
			*more = true;
			break;
		}
		int v = hex_value(c);
		if (v < 0 || n == max) {
			bad = true;
			continue;
		}
		if (high < 0) {
			high = v;
		} else {
			out[n++] = (uint8_t)(high << 4 | v);
			high = -1;
		}
	}
	return bad || high >= 0 ? -1 : n;
}

/* A keyed firmware's verdict on the object: true to go on loading. */
static bool authenticated(long size, const uint8_t *mac, long mac_size)
{
	if (bpf_load_key_size == 0)
		return true;
	if (mac_size != SHA256_SIZE) {
		printf("bpf: rejected: this firmware loads only authenticated objects: send \"load HEX MAC\", "
		       "MAC the HMAC-SHA256 of the object under its key (%lu refused)\n", ++refused);
		return false;
	}
	if (!bpf_auth_check(bpf_load_key, bpf_load_key_size, object, (size_t)size, mac)) {
		printf("bpf: rejected: the MAC does not match the object (%lu refused)\n", ++refused);
		return false;
	}
	return true;
}

/* Reads an object (and, on a keyed firmware, its MAC) from the console and
   verifies it as prog; for XDP (xdp true) with the packet context, else with
   the line's. 0 or -1. */
static int load_program(struct bpf_program *prog, struct bpf_insn *code, bool xdp)
{
	char log[120];
	uint8_t mac[SHA256_SIZE];
	bool more = true;
	long size = read_hex(object, MAX_OBJECT, &more), mac_size = 0;
	if (more) { /* a MAC follows, up to the end of the line */
		more = false;
		mac_size = read_hex(mac, sizeof mac, &more);
		if (mac_size < 0)
			size = -1;
	}
	if (size < 0) {
		printf("bpf: rejected: object or MAC is not hex, or the object is longer than %d bytes\n", MAX_OBJECT);
		return -1;
	}
	if (!authenticated(size, mac, mac_size))
		return -1;
	/* Both programs' maps share the pool, which a new load empties: neither
	   program may run any more. */
	struct device *net = device_find("net0");
	if (net)
		device_control(net, NET_ATTACH_XDP, NULL);
	attached = false;
	bpf_map_pool_reset();
	bpf_jit_reset();
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
	if (!err && !interpret_only && bpf_jit_pool_size()) {
		/* Compiled or not, the program runs: the log says which. */
		if (bpf_jit_scratch_size(prog) > pages * PAGE_SIZE)
			printf("jit: no scratch for the JIT: interpreted\n");
		else if (bpf_jit_compile(prog, scratch, pages * PAGE_SIZE, log, sizeof log))
			printf("jit: %s: interpreted\n", log);
		else
			printf("jit: %s\n", log);
	}
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

/* v in decimal, in buf: picolibc's integer-only printf has no %llu, and
   unsigned long is 32 bits on the lx106 and rv32. */
static const char *decimal(uint64_t v, char buf[21])
{
	char *p = buf + 20;
	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

/* Runs the attached program on one line and reports r0 and any records. */
static void hook(const struct line *line)
{
	union {
		struct line line;
		uint64_t align;
	} ctx = {.line = *line};
	uint64_t r0;
	char digits[21];
	if (!attached) {
		printf("bpf: no program\n");
		return;
	}
	/* an XDP program's packet: the line's bytes where a hook puts a frame (bpf.h) */
	union {
		uint8_t bytes[BPF_XDP_DATA_ALIGN + sizeof line->bytes];
		uint32_t align;
	} frame;
	uint8_t *data = frame.bytes + BPF_XDP_DATA_ALIGN;
	memcpy(data, line->bytes, line->length);
	struct bpf_xdp_buff packet = {.data = data, .data_end = data + line->length};
	bool xdp = program.kind == BPF_KIND_XDP;
	int err = bpf_run(&program, xdp ? (void *)&packet : &ctx, &r0);
	if (err == -ETIMEDOUT) {
		printf("bpf: run failed: the budget of %lu backward jumps and calls ran out\n",
		       (unsigned long)(program.budget ? program.budget : BPF_DEFAULT_BUDGET));
		return;
	}
	if (err) {
		printf("bpf: run failed: error %d\n", err);
		return;
	}
	printf("bpf: r0=%s\n", decimal(r0, digits));
	if (xdp) {
		printf("bpf: packet ");
		for (uint32_t k = 0; k < line->length; k++)
			printf("%02x", data[k]);
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
			bool more = false;
			long n = read_hex(line.bytes, sizeof line.bytes, &more);
			if (n < 0) {
				printf("bpf: not hex or longer than %u bytes\n", (unsigned)sizeof line.bytes);
				continue;
			}
			memset(line.bytes + n, 0, sizeof line.bytes - (size_t)n);
			line.length = (uint32_t)n;
		}
		if (line.length > 7 && !memcmp(line.bytes, "engine ", 7)) {
			interpret_only = line.length == 18 && !memcmp(line.bytes + 7, "interpreter", 11);
			printf("bpf: engine %s from the next load\n", interpret_only ? "interpreter" : "jit");
			continue;
		}
		if (line.length == 4 && !memcmp(line.bytes, "quit", 4)) {
			printf("bpf: bye\n");
			return 0;
		}
		hook(&line);
	}
}
