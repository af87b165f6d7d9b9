/*
 * net.c (target bench) — machine instructions per 64-byte frame through
 * the whole receive path of net0: the interrupt, its top half, the switch
 * to deferred work, the RX descriptor, the XDP program, its verdict, the
 * buffer back to the device (and the frame out, for XDP_TX). The host
 * (tests/system/net_host.py serve) sends each batch on request; the batch
 * waits in the device, interrupts masked, until all of it has arrived, so
 * the count covers exactly that batch and its one interrupt; the console's
 * interrupt line is masked meanwhile (the PLIC keeps an interrupt pending
 * until claimed, and the UART raises one whenever QEMU's backend has taken
 * its bytes). Each size is run three times and the least and most reported.
 * Where the target has a JIT, every program is measured again compiled
 * ("net jit_<name> ..."), on the same batches.
 */
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "bpf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "device.h"
#include "irq.h"
#include "net.h"
#include "page.h"
#include "task.h"
#include "xdp.h"
#include "xdp_objects.h"

#define MAX_INSNS 256
#define CONSOLE_IRQ 10 /* the ns16550a's PLIC source on virt (facts/qemu-riscv-virt.md) */
#define BATCH 64

struct bench_program {
	const char *name;
	const unsigned char *object;
	size_t size;
	unsigned port; /* the UDP port of the frames sent */
};

static const struct bench_program programs[] = {
	{"empty", xdp_object_xdp_empty, sizeof xdp_object_xdp_empty, 9},
	{"drop", xdp_object_xdp_drop, sizeof xdp_object_xdp_drop, 9},
	{"count", xdp_object_xdp_count, sizeof xdp_object_xdp_count, 9},
	{"echo", xdp_object_filter, sizeof xdp_object_filter, 7},
};

static struct bpf_insn insns[MAX_INSNS];
static struct bpf_program program;
static uint64_t frame_area[256]; /* one frame laid out as a driver lays it out (xdp.h) */

static int attach(struct device *dev, const struct bench_program *b, int jit)
{
	char log[120];
	bpf_map_pool_reset();
	bpf_jit_reset();
	if (bpf_elf_load(b->object, b->size, NULL, insns, MAX_INSNS, &program, log, sizeof log)) {
		printf("bench: %s: %s\n", b->name, log);
		return -1;
	}
	xdp_prepare(&program);
	size_t need = bpf_verifier_scratch_size(&program);
	if (jit && bpf_jit_scratch_size(&program) > need)
		need = bpf_jit_scratch_size(&program);
	uint32_t pages = (uint32_t)((need + PAGE_SIZE - 1) / PAGE_SIZE);
	void *scratch = page_alloc(pages);
	int err = !scratch || bpf_verify(&program, scratch, pages * PAGE_SIZE, log, sizeof log);
	/* A program the JIT refuses would be measured interpreted under the
	   JIT's name: an error instead. */
	if (!err && jit && bpf_jit_compile(&program, scratch, pages * PAGE_SIZE, log, sizeof log)) {
		page_free(scratch, pages);
		printf("bench: %s: not compiled: %s\n", b->name, log);
		return -1;
	}
	if (scratch)
		page_free(scratch, pages);
	if (err || device_control(dev, NET_ATTACH_XDP, &program)) {
		printf("bench: %s: not verified: %s\n", b->name, scratch ? log : "no memory");
		return -1;
	}
	return 0;
}

/* The whole path for one batch of frames, from interrupts on to the last
   buffer back in the RX ring. */
static uint32_t batch(struct device *dev, unsigned count, unsigned port, uint32_t empty)
{
	struct net_device *n = (struct net_device *)dev;
	uint32_t waiting = 0;
	/* Masked from before the request, so that the batch's interrupt is
	   taken inside the count, never before it. */
	arch_irq_t irq = arch_irq_save();
	printf("net: send %u %u\n", count, port);
	fflush(stdout);
	device_control(device_find(BOARD_CONSOLE_DEVICE), DEVICE_DRAIN, 0);
	board_irq_disable(CONSOLE_IRQ);
	while (waiting < count)
		device_control(dev, NET_RX_WAITING, &waiting);
	uint32_t want = n->stats.rx_packets + count;
	arch_count_begin();
	arch_irq_restore(irq);
	while (*(volatile uint32_t *)&n->stats.rx_packets != want)
		task_yield();
	uint32_t counted = arch_count_end() - empty;
	board_irq_enable(CONSOLE_IRQ);
	return counted;
}

/* xdp_run alone on one 60-byte UDP frame to port. */
static uint32_t run_alone(unsigned port, uint32_t empty)
{
	uint8_t *frame = (uint8_t *)frame_area + 30; /* where the driver puts it: the IP header 4-aligned */
	memset(frame, 0, 60);
	frame[12] = 0x08, frame[14] = 0x45, frame[23] = 17, frame[36] = (uint8_t)(port >> 8), frame[37] = (uint8_t)port;
	struct bpf_xdp_buff xdp = {frame, frame + 60, 1, 0};
	uint32_t target;
	arch_count_begin();
	xdp_run(&program, &xdp, &target);
	return arch_count_end() - empty;
}

/* One program, interpreted or compiled: "net <name> batch1 least most
   batch64 least most xdp_run n", the name prefixed "jit_" when compiled. */
static int measure(struct device *dev, const struct bench_program *b, int jit, uint32_t empty)
{
	if (attach(dev, b, jit))
		return 1;
	batch(dev, BATCH, b->port, empty); /* warm: hash entries made, TX buffers cycled */
	uint32_t least[2] = {~0u, ~0u}, most[2] = {0, 0};
	for (unsigned r = 0; r < 6; r++) {
		uint32_t c = batch(dev, r & 1 ? BATCH : 1, b->port, empty);
		least[r & 1] = c < least[r & 1] ? c : least[r & 1];
		most[r & 1] = c > most[r & 1] ? c : most[r & 1];
	}
	printf("net %s%s batch1 %u %u batch%u %u %u xdp_run %u\n", jit ? "jit_" : "", b->name,
	       (unsigned)least[0], (unsigned)most[0], BATCH, (unsigned)least[1], (unsigned)most[1],
	       (unsigned)run_alone(b->port, empty));
	return 0;
}

int main(void)
{
	struct device *dev = device_find("net0");
	if (!dev) {
		printf("bench: no net0\n");
		return 1;
	}
	arch_count_begin();
	uint32_t empty = arch_count_end();
	int status = 0;
	for (int jit = 0; jit <= (bpf_jit_pool_size() != 0); jit++)
		for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++)
			status |= measure(dev, &programs[i], jit, empty);
	struct net_stats s;
	device_control(dev, NET_GET_STATS, &s);
	printf("net: end received=%u aborted=%u tx_dropped=%u\n", (unsigned)s.rx_packets, (unsigned)s.xdp_aborted,
	       (unsigned)s.tx_dropped);
	return status;
}
