/*
 * virtio_net.h — the virtio network device (virtio 1.1 §5.1) on the
 * virtio-mmio transport: a net device (include/net.h) named net0, net1, …
 */
#pragma once
#include <stdint.h>

/*
 * Probes count virtio-mmio slots, stride bytes apart from base, the slot
 * at base + i * stride interrupting on line first_irq + i, and registers a
 * network device for each virtio-net device found, from the highest slot
 * down (QEMU virt fills its slots from the top, so net0 is the first
 * -device on the command line). Returns the number registered. A legacy
 * transport is reported on the console and skipped.
 */
unsigned virtio_net_probe(uintptr_t base, uintptr_t stride, unsigned count, unsigned first_irq);
