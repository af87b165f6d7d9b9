/*
 * chan.h — Go channels: unbuffered and buffered, close, receive-with-ok,
 * select over sends and receives with a default case or a deadline, and
 * timer channels. Elements are copied by value, elem_size bytes each.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "timer.h"

struct chan_waiter;

struct chan {
	uint8_t *buf;        /* capacity * elem_size bytes, or NULL if unbuffered */
	uint32_t elem_size;
	uint32_t capacity;
	uint32_t count;      /* elements in buf */
	uint32_t first;      /* index of the oldest element */
	bool closed;
	struct chan_waiter *senders, *receivers; /* FIFO wait lists */
};

/* buf must hold capacity elements (capacity 0: unbuffered, buf unused). */
void chan_init(struct chan *c, void *buf, uint32_t elem_size, uint32_t capacity);

/* Blocks until delivered. Sending on a closed channel panics, as in Go. */
void chan_send(struct chan *c, const void *elem);

/* Blocks until a value arrives (returns true) or the channel is closed and
   drained (returns false, *elem zeroed): Go's v, ok := <-c. */
bool chan_recv(struct chan *c, void *elem);

/* With a deadline (nanotime; 0 = none): 0, or -ETIMEDOUT; recv also returns
   -EPIPE when the channel is closed and drained. */
int chan_send_until(struct chan *c, const void *elem, uint64_t deadline);
int chan_recv_until(struct chan *c, void *elem, uint64_t deadline);

/* Closing twice panics, as in Go. Waiting receivers get !ok, waiting
   senders panic. */
void chan_close(struct chan *c);

uint32_t chan_len(const struct chan *c);

enum select_dir { SELECT_SEND, SELECT_RECV };

struct select_case {
	struct chan *chan; /* NULL: the case is never ready, as a nil channel */
	enum select_dir dir;
	void *elem;        /* value to send, or where to receive */
	bool ok;           /* receive: false if it completed because of close */
};

/*
 * Go's select: performs one ready case, chosen uniformly among the ready
 * ones, and returns its index. With no case ready: returns SELECT_DEFAULT
 * at once if nonblocking, otherwise blocks until one is ready or deadline
 * (0 = none) passes, returning -ETIMEDOUT.
 */
#define SELECT_DEFAULT (-1)
int chan_select(struct select_case *cases, int count, bool nonblocking, uint64_t deadline);

/*
 * A channel that receives one value (the nanotime() it fired at) after ns:
 * Go's time.After. The caller owns the storage: it must outlive the wait,
 * and must not be pending (fresh, fired, or stopped with chan_timer_stop).
 */
struct chan_timer {
	struct chan chan;
	uint64_t slot;
	struct timer timer;
};
struct chan *chan_after(struct chan_timer *t, uint64_t ns);
void chan_timer_stop(struct chan_timer *t);
