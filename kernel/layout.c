/*
 * layout.c — the runtime_layout descriptor (layout.h). Nothing calls it: the
 * link keeps it by name (-u runtime_layout, mk/rules-tools.mk) for the tools.
 */
#include "layout.h"
#include <stddef.h>
#include "device.h"
#include "page.h"
#include "ring.h"
#include "serial.h"
#include "task.h"
#include "waitq.h"

extern char _stack_bottom[], _stack_top[];

const struct runtime_layout runtime_layout = {
	.magic = RUNTIME_LAYOUT_MAGIC,
	.version = RUNTIME_LAYOUT_VERSION,
	.ptr_size = sizeof(void *),
	.roots_at = offsetof(struct runtime_layout, sched),
	.stack_canary = STACK_CANARY,
	.page_size = PAGE_SIZE,
	.task_size = sizeof(struct task),
	.task_sp = offsetof(struct task, sp),
	.task_next = offsetof(struct task, next),
	.task_all_next = offsetof(struct task, all_next),
	.task_name = offsetof(struct task, name),
	.task_canary = offsetof(struct task, canary),
	.task_pages = offsetof(struct task, pages),
	.task_page_count = offsetof(struct task, page_count),
	.task_id = offsetof(struct task, id),
	.task_state = offsetof(struct task, state),
	.state_ready = TASK_READY,
	.state_running = TASK_RUNNING,
	.state_blocked = TASK_BLOCKED,
	.state_dead = TASK_DEAD,
	.ring_head = offsetof(struct ring, head),
	.ring_tail_seen = offsetof(struct ring, tail_seen),
	.ring_overflows = offsetof(struct ring, overflows),
	.ring_tail = offsetof(struct ring, tail),
	.ring_head_seen = offsetof(struct ring, head_seen),
	.ring_mask = offsetof(struct ring, mask),
	.ring_buf = offsetof(struct ring, buf),
	.device_name = offsetof(struct device, name),
	.device_priv = offsetof(struct device, priv),
	.device_next = offsetof(struct device, next),
	.serial_dev = offsetof(struct serial, dev),
	.serial_rx = offsetof(struct serial, rx),
	.serial_tx = offsetof(struct serial, tx),
	.serial_readers = offsetof(struct serial, readers),
	.serial_writers = offsetof(struct serial, writers),
	.waitq_head = offsetof(struct waitq, head),
	.sched = &sched_roots,
	.pages = &page_roots,
	.devices = &device_roots,
	.boot_stack_bottom = _stack_bottom,
	.boot_stack_top = _stack_top,
};
