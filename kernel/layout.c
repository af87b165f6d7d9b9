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
/* Weak: a firmware without serial devices links no serial.c. */
extern const struct device_ops serial_device_ops __attribute__((weak));

const struct runtime_layout runtime_layout = {
	.words.magic = RUNTIME_LAYOUT_MAGIC,
	.words.version = RUNTIME_LAYOUT_VERSION,
	.words.ptr_size = sizeof(void *),
	.words.roots_at = offsetof(struct runtime_layout, sched),
	.words.stack_canary = STACK_CANARY,
	.words.page_size = PAGE_SIZE,
	.words.task_size = sizeof(struct task),
	.words.task_sp = offsetof(struct task, sp),
	.words.task_next = offsetof(struct task, next),
	.words.task_all_next = offsetof(struct task, all_next),
	.words.task_name = offsetof(struct task, name),
	.words.task_canary = offsetof(struct task, canary),
	.words.task_pages = offsetof(struct task, pages),
	.words.task_page_count = offsetof(struct task, page_count),
	.words.task_id = offsetof(struct task, id),
	.words.task_state = offsetof(struct task, state),
	.words.state_ready = TASK_READY,
	.words.state_running = TASK_RUNNING,
	.words.state_blocked = TASK_BLOCKED,
	.words.state_dead = TASK_DEAD,
	.words.ring_head = offsetof(struct ring, head),
	.words.ring_tail_seen = offsetof(struct ring, tail_seen),
	.words.ring_overflows = offsetof(struct ring, overflows),
	.words.ring_tail = offsetof(struct ring, tail),
	.words.ring_head_seen = offsetof(struct ring, head_seen),
	.words.ring_mask = offsetof(struct ring, mask),
	.words.ring_buf = offsetof(struct ring, buf),
	.words.device_name = offsetof(struct device, name),
	.words.device_priv = offsetof(struct device, priv),
	.words.device_next = offsetof(struct device, next),
	.words.device_ops = offsetof(struct device, ops),
	.words.serial_dev = offsetof(struct serial, dev),
	.words.serial_rx = offsetof(struct serial, rx),
	.words.serial_tx = offsetof(struct serial, tx),
	.words.serial_readers = offsetof(struct serial, readers),
	.words.serial_writers = offsetof(struct serial, writers),
	.words.waitq_head = offsetof(struct waitq, head),
	.sched = &sched_roots,
	.pages = &page_roots,
	.devices = &device_roots,
	.boot_stack_bottom = _stack_bottom,
	.boot_stack_top = _stack_top,
	.serial_ops = &serial_device_ops,
};
