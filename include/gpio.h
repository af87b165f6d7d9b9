/*
 * gpio.h — the GPIO device interface: one device ("gpio") answers these
 * device_control requests for every pin it has, whatever the chip. A pin is
 * configured once, then read, written or toggled; a goroutine may wait for
 * edges on an input pin and is told how many arrived since its last wait.
 */
#pragma once
#include <stdint.h>

struct gpio_request {
	uint32_t pin;
	uint32_t value;   /* see each request */
	uint64_t timeout; /* GPIO_WAIT_EDGE: ns to wait; 0 = forever */
};

/* value: one GPIO_MODE_*, with GPIO_PULL_UP and one GPIO_EDGE_* or'ed in. */
#define GPIO_CONFIGURE 0x330
#define GPIO_READ 0x331   /* value out: the pin's level, 0 or 1 */
#define GPIO_WRITE 0x332  /* value in: the level to drive */
#define GPIO_TOGGLE 0x333 /* value out: the level now driven */
/* Blocks until an edge the pin was configured for arrives (or timeout:
   -ETIMEDOUT); value out: the edges seen since the previous wait on that
   pin returned, at least 1. Edges between two waits are counted, not lost. */
#define GPIO_WAIT_EDGE 0x334
/* value out: the pin of the board's LED; -ENODEV when it has none. */
#define GPIO_LED_PIN 0x335

#define GPIO_MODE_INPUT 0x0
#define GPIO_MODE_OUTPUT 0x1
#define GPIO_MODE_OPEN_DRAIN 0x2 /* drives low, floats high */
#define GPIO_MODE_MASK 0xf
#define GPIO_PULL_UP 0x10
#define GPIO_EDGE_RISING 0x100
#define GPIO_EDGE_FALLING 0x200
#define GPIO_EDGE_BOTH 0x300
#define GPIO_EDGE_MASK 0x300
