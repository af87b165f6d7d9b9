/*
 * test_virtio_net.c — the virtio-net driver and the XDP hook against a
 * register model of virtio-mmio devices (model_virtio_net): the probe and
 * its refusals, feature negotiation, RX to read(), the read queue's drops,
 * every XDP verdict, write() and a full TX ring, runt frames. The test
 * plays the far end, raises the device's line by calling irq_dispatch as
 * the trap code would, and yields so the deferred poll runs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "arch.h"
#include "bpf.h"
#include "device.h"
#include "irq.h"
#include "model_virtio_net.h"
#include "net.h"
#include "task.h"
#include "virtio_net.h"
#include "xdp.h"

#define BASE 0x40000000u
#define STRIDE 0x1000u
#define SLOTS 5
#define FIRST_IRQ 8
#define STATUS_ALL_OK (1 | 2 | 4 | 8)
#define STATUS_FAILED 128

static struct model_net slot[SLOTS];
static struct device *net0, *net1;
static const struct io_mode nonblock = {.nonblock = true};

static struct net_stats stats(struct device *d)
{
	struct net_stats s;
	assert_int_equal(device_control(d, NET_GET_STATS, &s), 0);
	return s;
}

/* The device's interrupt, as the trap code delivers it, then the deferred poll. */
static void service(unsigned s)
{
	int rounds = 0;
	while (model_net_irq(&slot[s])) {
		assert_true(++rounds < 8); /* a top half that does not acknowledge loops here */
		arch_irq_t irq = arch_irq_save();
		irq_dispatch(FIRST_IRQ + s);
		arch_irq_restore(irq);
	}
	task_yield();
}

static void frame_of(uint8_t *f, uint32_t len, uint32_t seq)
{
	for (uint32_t i = 0; i < len; i++)
		f[i] = (uint8_t)(seq * 7 + i * 13);
	f[12] = 0x88, f[13] = 0xb5;
}

static void arrive(unsigned s, uint32_t len, uint32_t seq)
{
	uint8_t f[1600];
	frame_of(f, len, seq);
	assert_int_equal(model_net_receive(&slot[s], f, len), 0);
}

static void probe_registers_only_modern_net_devices(void **state)
{
	(void)state;
	model_net_attach(&slot[0], BASE + 0 * STRIDE, 2, 1);
	model_net_attach(&slot[1], BASE + 1 * STRIDE, 2, 1);
	slot[1].refuse_features = true;
	model_net_attach(&slot[2], BASE + 2 * STRIDE, 1, 1); /* legacy */
	model_net_attach(&slot[3], BASE + 3 * STRIDE, 2, 2); /* a block device */
	model_net_attach(&slot[4], BASE + 4 * STRIDE, 2, 1);
	slot[0].mac[5] = 0x57;
	assert_int_equal(virtio_net_probe(BASE, STRIDE, SLOTS, FIRST_IRQ), 2);
	net0 = device_find("net0");
	net1 = device_find("net1");
	assert_non_null(net0);
	assert_non_null(net1);
	assert_null(device_find("net2"));
	/* Highest slot first: net0 is slot 4, ifindex 1; net1 is slot 0. */
	assert_int_equal(((struct net_device *)net0)->ifindex, 1);
	assert_int_equal(((struct net_device *)net1)->ifindex, 2);
	uint8_t mac[6];
	assert_int_equal(device_control(net1, NET_GET_MAC, mac), 0);
	assert_int_equal(mac[5], 0x57);
	for (int s = 0; s < SLOTS; s += 4) {
		assert_int_equal(slot[s].status, STATUS_ALL_OK);
		/* Only VERSION_1 and MAC, though offloads were offered. */
		assert_true(slot[s].accepted == (1ull << 32 | 1u << 5));
		assert_int_equal(slot[s].q[0].ready, 1);
		assert_int_equal(slot[s].q[1].ready, 1);
		assert_int_equal(model_net_rx_posted(&slot[s]), slot[s].q[0].num);
		assert_int_equal(slot[s].protocol_errors, 0);
	}
	assert_true(slot[1].status & STATUS_FAILED);
	assert_int_equal(slot[2].status, 0); /* legacy: not touched */
	assert_int_equal(slot[3].status, 0);
}

static void frames_pass_to_read_and_buffers_return(void **state)
{
	(void)state;
	uint32_t posted = model_net_rx_posted(&slot[4]);
	arrive(4, 60, 1);
	arrive(4, 1514, 2);
	assert_int_equal(model_net_rx_posted(&slot[4]), posted - 2);
	service(4);
	assert_false(model_net_irq(&slot[4]));
	assert_int_equal(device_poll(net0) & POLL_IN, POLL_IN);
	uint8_t got[1600], want[1600];
	assert_int_equal(device_read(net0, got, 59, &nonblock), -EMSGSIZE); /* the frame stays */
	assert_int_equal(device_read(net0, got, sizeof got, &nonblock), 60);
	frame_of(want, 60, 1);
	assert_memory_equal(got, want, 60);
	assert_int_equal(device_read(net0, got, sizeof got, &nonblock), 1514);
	frame_of(want, 1514, 2);
	assert_memory_equal(got, want, 1514);
	assert_int_equal(device_read(net0, got, sizeof got, &nonblock), -EAGAIN);
	assert_int_equal(model_net_rx_posted(&slot[4]), posted);
	struct net_stats s = stats(net0);
	assert_int_equal(s.rx_packets, 2);
	assert_int_equal(s.passed, 2);
	assert_int_equal(s.delivered, 2);
	assert_int_equal(s.rx_bytes, 60 + 1514);
}

static void full_read_queue_drops_and_counts(void **state)
{
	(void)state;
	struct net_stats before = stats(net0);
	uint32_t posted = model_net_rx_posted(&slot[4]);
	for (uint32_t i = 0; i < 50; i++)
		arrive(4, 64, 100 + i);
	service(4);
	struct net_stats s = stats(net0);
	assert_int_equal(s.rx_packets - before.rx_packets, 50);
	assert_int_equal(s.passed - before.passed, 32);
	assert_int_equal(s.rx_overflows - before.rx_overflows, 18);
	/* The dropped frames' buffers went back; the queued ones wait for read. */
	assert_int_equal(model_net_rx_posted(&slot[4]), posted - 32);
	uint8_t got[1600], want[64];
	for (uint32_t i = 0; i < 32; i++) {
		assert_int_equal(device_read(net0, got, sizeof got, &nonblock), 64);
		frame_of(want, 64, 100 + i);
		assert_memory_equal(got, want, 64);
	}
	assert_int_equal(model_net_rx_posted(&slot[4]), posted);
}

static void runt_frames_are_counted_as_errors(void **state)
{
	(void)state;
	struct net_stats before = stats(net0);
	arrive(4, 13, 7);
	service(4);
	struct net_stats s = stats(net0);
	assert_int_equal(s.rx_errors - before.rx_errors, 1);
	assert_int_equal(s.passed, before.passed);
}

/* Verifies a hand-written XDP program and attaches it to net0. */
static struct bpf_program *attach(struct bpf_insn *insns, uint32_t count)
{
	static struct bpf_program prog;
	static uint8_t scratch[65536];
	char log[120];
	memset(&prog, 0, sizeof prog);
	prog.insns = insns;
	prog.count = count;
	xdp_prepare(&prog);
	int err = bpf_verify(&prog, scratch, sizeof scratch, log, sizeof log);
	if (err)
		print_message("verifier: %s\n", log);
	assert_int_equal(err, 0);
	assert_int_equal(device_control(net0, NET_ATTACH_XDP, &prog), 0);
	return &prog;
}

#define MOV_R0(v) BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, (v))
#define EXIT BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LOAD_DATA BPF_INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0)     /* r2 = ctx->data */
#define LOAD_DATA_END BPF_INSN(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 4, 0) /* r3 = ctx->data_end */

static void xdp_verdicts_are_obeyed_and_counted(void **state)
{
	(void)state;
	struct bpf_insn drop[] = {MOV_R0(XDP_DROP), EXIT};
	/* r2 = data, r3 = data_end (struct xdp_md); frame[0] = 0xaa once
	   proven there, then back out. */
	struct bpf_insn tx[] = {
		LOAD_DATA, LOAD_DATA_END, BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0),
		BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, 1), BPF_INSN(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 3, 0),
		BPF_INSN(BPF_ST | BPF_MEM | BPF_B, 2, 0, 0, 0xaa), MOV_R0(XDP_TX), EXIT, MOV_R0(XDP_DROP), EXIT};
	struct bpf_insn redirect[] = {
		BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 2), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0),
		BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 23), EXIT};
	struct bpf_insn nowhere[] = {
		BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 9), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0),
		BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 23), EXIT};
	struct bpf_insn bad_verdict[] = {MOV_R0(7), EXIT};
	/* Passes frames shorter than 61 bytes: data + 61 > data_end. */
	struct bpf_insn by_length[] = {
		LOAD_DATA, LOAD_DATA_END, MOV_R0(XDP_PASS), BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, 61),
		BPF_INSN(BPF_JMP | BPF_JGT | BPF_X, 2, 3, 1, 0), MOV_R0(XDP_DROP), EXIT};
	struct net_stats b = stats(net0);
	uint32_t wire0 = slot[4].wire_count, wire1 = slot[0].wire_count;
	uint8_t want[60];

	attach(drop, 2);
	arrive(4, 60, 1);
	service(4);
	assert_int_equal(stats(net0).xdp_drop - b.xdp_drop, 1);

	attach(tx, 10);
	arrive(4, 60, 2);
	service(4);
	assert_int_equal(model_net_transmit(&slot[4]), 1);
	frame_of(want, 60, 2);
	want[0] = 0xaa;
	assert_int_equal(slot[4].wire_len[wire0], 60);
	assert_memory_equal(slot[4].wire[wire0], want, 60);

	attach(redirect, 4);
	arrive(4, 60, 3);
	service(4);
	assert_int_equal(model_net_transmit(&slot[0]), 1);
	frame_of(want, 60, 3);
	assert_memory_equal(slot[0].wire[wire1], want, 60);
	assert_int_equal(stats(net1).tx_packets, 1);

	attach(nowhere, 4);
	arrive(4, 60, 4);
	attach(bad_verdict, 2);
	service(4); /* the frame meets the program attached when it is polled */
	arrive(4, 60, 5);
	service(4);

	attach(by_length, 7);
	arrive(4, 60, 6);
	arrive(4, 61, 7);
	service(4);
	uint8_t got[1600];
	assert_int_equal(device_read(net0, got, sizeof got, &nonblock), 60);
	assert_int_equal(device_read(net0, got, sizeof got, &nonblock), -EAGAIN);

	struct net_stats s = stats(net0);
	assert_int_equal(s.rx_packets - b.rx_packets, 7);
	assert_int_equal(s.xdp_drop - b.xdp_drop, 2);
	assert_int_equal(s.xdp_tx - b.xdp_tx, 1);
	assert_int_equal(s.xdp_redirect - b.xdp_redirect, 1);
	assert_int_equal(s.xdp_aborted - b.xdp_aborted, 2);
	assert_int_equal(s.passed - b.passed, 1);
	assert_int_equal(s.tx_dropped - b.tx_dropped, 0);

	/* Detached: frames pass again. An unverified program is refused. */
	assert_int_equal(device_control(net0, NET_ATTACH_XDP, NULL), 0);
	struct bpf_program raw = {.insns = drop, .count = 2};
	assert_int_equal(device_control(net0, NET_ATTACH_XDP, &raw), -EINVAL);
	assert_int_equal(slot[4].protocol_errors + slot[0].protocol_errors, 0);
}

static void redirect_to_an_absent_device_is_counted(void **state)
{
	(void)state;
	struct bpf_insn nowhere[] = {
		BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 9), BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0),
		BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 23), EXIT};
	struct net_stats b = stats(net0);
	attach(nowhere, 4);
	arrive(4, 60, 1);
	service(4);
	struct net_stats s = stats(net0);
	assert_int_equal(s.xdp_redirect - b.xdp_redirect, 1);
	assert_int_equal(s.tx_dropped - b.tx_dropped, 1);
	assert_int_equal(device_control(net0, NET_ATTACH_XDP, NULL), 0);
}

static void write_sends_whole_frames_and_refuses_bad_sizes(void **state)
{
	(void)state;
	uint8_t f[1515];
	frame_of(f, sizeof f, 9);
	uint32_t wire = slot[4].wire_count;
	assert_int_equal(device_write(net0, f, 13, &nonblock), -EINVAL);
	assert_int_equal(device_write(net0, f, 1515, &nonblock), -EINVAL);
	assert_int_equal(device_write(net0, f, 1514, &nonblock), 1514);
	assert_int_equal(device_write(net0, f, 14, &nonblock), 14);
	assert_int_equal(model_net_transmit(&slot[4]), 2);
	assert_int_equal(slot[4].wire_len[wire], 1514);
	assert_memory_equal(slot[4].wire[wire], f, 1514);
	assert_int_equal(slot[4].wire_len[wire + 1], 14);
	assert_int_equal(slot[4].protocol_errors, 0);
}

static void full_tx_ring_says_eagain_until_the_device_sends(void **state)
{
	(void)state;
	uint8_t f[60];
	frame_of(f, sizeof f, 3);
	uint32_t queued = 0;
	while (device_write(net0, f, sizeof f, &nonblock) == (long)sizeof f)
		queued++;
	assert_int_equal(queued, slot[4].q[1].num);
	assert_int_equal(device_write(net0, f, sizeof f, &nonblock), -EAGAIN);
	assert_int_equal(device_poll(net0) & POLL_OUT, 0);
	slot[4].wire_count = 0;
	assert_int_equal(model_net_transmit(&slot[4]), queued);
	assert_int_equal(device_poll(net0) & POLL_OUT, POLL_OUT);
	assert_int_equal(device_write(net0, f, sizeof f, &nonblock), (long)sizeof f);
	assert_int_equal(model_net_transmit(&slot[4]), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe_registers_only_modern_net_devices),
		cmocka_unit_test(frames_pass_to_read_and_buffers_return),
		cmocka_unit_test(full_read_queue_drops_and_counts),
		cmocka_unit_test(runt_frames_are_counted_as_errors),
		cmocka_unit_test(xdp_verdicts_are_obeyed_and_counted),
		cmocka_unit_test(redirect_to_an_absent_device_is_counted),
		cmocka_unit_test(write_sends_whole_frames_and_refuses_bad_sizes),
		cmocka_unit_test(full_tx_ring_says_eagain_until_the_device_sends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
