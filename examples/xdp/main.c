/*
 * main.c (xdp) — a packet filter on the first network device (net0): the
 * XDP program bpf/filter.c drops UDP to port 9, echoes UDP to port 7,
 * redirects UDP to port 19 out of net1 and passes everything else to a
 * reader goroutine on /dev/net0, which answers frames of the local
 * experimental ethertype 0x88b5 through write(). Console
 * commands: "stats" prints every counter, "hold" stops the reader (so
 * passed frames fill the read queue, then are dropped and counted),
 * "release" lets it go on, "quit" ends the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bpf_elf.h"
#include "bpf_map.h"
#include "fd.h"
#include "net.h"
#include "page.h"
#include "task.h"
#include "xdp.h"
#include "xdp_objects.h"

#define MAX_INSNS 256
#define SHOWN 4 /* passed frames described on the console; the rest only counted */

static struct bpf_insn insns[MAX_INSNS];
static struct bpf_program program;
static volatile uint32_t frames_read;
static volatile bool reader_held, reader_stopped;

static int attach(int fd)
{
	char log[120];
	if (bpf_elf_load(xdp_object_filter, sizeof xdp_object_filter, NULL, insns, MAX_INSNS, &program, log,
			 sizeof log)) {
		printf("xdp: filter does not load: %s\n", log);
		return -1;
	}
	xdp_prepare(&program);
	uint32_t pages = (uint32_t)((bpf_verifier_scratch_size(&program) + PAGE_SIZE - 1) / PAGE_SIZE);
	void *scratch = page_alloc(pages);
	if (!scratch) {
		printf("xdp: no memory for the verifier\n");
		return -1;
	}
	int err = bpf_verify(&program, scratch, pages * PAGE_SIZE, log, sizeof log);
	page_free(scratch, pages);
	if (err) {
		printf("xdp: filter rejected: %s\n", log);
		return -1;
	}
	if (fd_control(fd, NET_ATTACH_XDP, &program)) {
		printf("xdp: attach failed\n");
		return -1;
	}
	return 0;
}

static void reader(void *arg)
{
	int fd = (int)(intptr_t)arg;
	static uint8_t frame[NET_FRAME_MAX];
	/* Reads wake every 10 ms, so that a hold takes effect with no frame
	   read after it. */
	uint64_t timeout = 10000000;
	fd_control(fd, FD_SET_READ_TIMEOUT, &timeout);
	for (;;) {
		reader_stopped = reader_held;
		while (reader_held)
			task_sleep(1000000);
		reader_stopped = false;
		ssize_t n = read(fd, frame, sizeof frame);
		if (n < 0 && errno == ETIMEDOUT)
			continue;
		if (n < 0) {
			printf("xdp: read failed\n");
			exit(1);
		}
		if (frames_read++ < SHOWN)
			printf("xdp: passed a %d-byte frame, ethertype %02x%02x\n", (int)n, frame[12], frame[13]);
		if (frame[12] == 0x88 && frame[13] == 0xb5) { /* back to its sender */
			uint8_t to[6];
			memcpy(to, frame + 6, 6);
			memcpy(frame + 6, frame, 6);
			memcpy(frame, to, 6);
			if (write(fd, frame, (size_t)n) != n) {
				printf("xdp: write failed\n");
				exit(1);
			}
		}
	}
}

static uint64_t counter(uint32_t class)
{
	uint64_t *n = bpf_map_lookup(program.maps[0], &class);
	return n ? *n : 0;
}

static void print_stats(int fd)
{
	struct net_stats s;
	fd_control(fd, NET_GET_STATS, &s);
	printf("xdp: program dropped=%lu echoed=%lu passed=%lu redirected=%lu\n", (unsigned long)counter(0),
	       (unsigned long)counter(1), (unsigned long)counter(2), (unsigned long)counter(3));
	printf("xdp: device received=%u xdp_drop=%u xdp_tx=%u passed=%u overflows=%u read=%u aborted=%u "
	       "errors=%u redirected=%u tx_dropped=%u sent=%u interrupts=%u polls=%u\n",
	       (unsigned)s.rx_packets, (unsigned)s.xdp_drop, (unsigned)s.xdp_tx, (unsigned)s.passed,
	       (unsigned)s.rx_overflows, (unsigned)frames_read, (unsigned)s.xdp_aborted, (unsigned)s.rx_errors,
	       (unsigned)s.xdp_redirect, (unsigned)s.tx_dropped, (unsigned)s.tx_packets, (unsigned)s.interrupts,
	       (unsigned)s.polls);
}

int main(void)
{
	int fd = open("/dev/net0", O_RDWR);
	if (fd < 0) {
		printf("xdp: no network device: boot QEMU with -device virtio-net-device (see README)\n");
		return 1;
	}
	if (attach(fd))
		return 1;
	uint8_t mac[6];
	fd_control(fd, NET_GET_MAC, mac);
	task_spawn(reader, (void *)(intptr_t)fd, 0, "reader");
	printf("xdp: net0 %02x:%02x:%02x:%02x:%02x:%02x, filter of %u instructions attached: "
	       "UDP port 9 dropped, port 7 echoed, port 19 redirected to ifindex 2, the rest passed\n",
	       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], (unsigned)program.count);
	char line[32];
	size_t length = 0;
	for (;;) {
		char c;
		if (read(0, &c, 1) != 1)
			return 0;
		if (c != '\r' && c != '\n') {
			if (length < sizeof line - 1)
				line[length++] = c;
			continue;
		}
		line[length] = 0;
		length = 0;
		if (!strcmp(line, "stats"))
			print_stats(fd);
		else if (!strcmp(line, "hold")) {
			reader_held = true;
			while (!reader_stopped)
				task_sleep(1000000);
			printf("xdp: reader held: passed frames queue, then are dropped and counted\n");
		}
		else if (!strcmp(line, "release"))
			reader_held = false, printf("xdp: reader released\n");
		else if (!strcmp(line, "quit"))
			return 0;
		else if (line[0])
			printf("xdp: commands are stats, hold, release and quit\n");
	}
}
