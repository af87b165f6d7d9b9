/*
 * chan.c — channels and select, after the Go runtime's design.
 *
 * Invariant: a channel never has waiting senders and room in its buffer at
 * once, nor waiting receivers and elements in its buffer; an unbuffered
 * channel never has both senders and receivers waiting. So an operation
 * that finds a partner waiting completes at once, and one that does not
 * either uses the buffer or waits. A waiter is a record on the waiting
 * task's stack; a select enqueues one per case, all sharing one decision
 * (`fired`): the first partner to claim it wins and the others skip it.
 * Everything here runs with interrupts masked.
 */
#include "chan.h"
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "arch.h"
#include "clock.h"
#include "panic.h"
#include "task.h"

struct select_decision {
	int fired; /* index of the case that completed, or -1 while waiting */
	struct task *task;
};

struct chan_waiter {
	struct chan_waiter *next;
	struct chan *chan;
	void *elem;
	bool ok;
	int case_index;
	struct select_decision *decision;
};

void chan_init(struct chan *c, void *buf, uint32_t elem_size, uint32_t capacity)
{
	memset(c, 0, sizeof *c);
	c->buf = capacity ? buf : 0;
	c->elem_size = elem_size;
	c->capacity = capacity;
}

static inline __attribute__((always_inline)) void enqueue(struct chan_waiter **list, struct chan_waiter *w)
{
	w->next = 0;
	while (*list)
		list = &(*list)->next;
	*list = w;
}

static void unlink_waiter(struct chan_waiter **list, struct chan_waiter *w)
{
	for (; *list; list = &(*list)->next)
		if (*list == w) {
			*list = w->next;
			return;
		}
}

/* The first waiter whose select has not fired yet, claimed for case_index.
   Inline, as the paths that find no one waiting pay only the test. */
static inline __attribute__((always_inline)) struct chan_waiter *claim(struct chan_waiter **list)
{
	while (*list) {
		struct chan_waiter *w = *list;
		*list = w->next;
		if (w->decision->fired < 0) {
			w->decision->fired = w->case_index;
			return w;
		}
	}
	return 0;
}

/* An element's copy: a word or two (the common elements: ints, pointers,
   small structs) move as words when aligned; memcpy takes the rest. */
typedef uint32_t __attribute__((may_alias)) chan_word;

static inline __attribute__((always_inline)) void copy_elem(void *dst, const void *src, uint32_t size)
{
	if (!(((uintptr_t)dst | (uintptr_t)src) & 3) && (size == 4 || size == 8)) {
		((chan_word *)dst)[0] = ((const chan_word *)src)[0];
		if (size == 8)
			((chan_word *)dst)[1] = ((const chan_word *)src)[1];
		return;
	}
	memcpy(dst, src, size);
}

static IRAM uint8_t *slot(struct chan *c, uint32_t index)
{
	uint32_t at = c->first + index; /* both below capacity: no % needed */
	if (at >= c->capacity)
		at -= c->capacity;
	return c->buf + (size_t)at * c->elem_size;
}

static inline __attribute__((always_inline)) void finish(struct chan_waiter *w, bool ok)
{
	w->ok = ok;
	task_wake_masked(w->decision->task, 0);
}

/* Send without waiting: true if done. Panics on a closed channel. Inline
   in its callers, whose frames it shares. */
static inline __attribute__((always_inline)) bool try_send(struct chan *c, const void *elem)
{
	if (c->closed)
		panic("send on closed channel");
	struct chan_waiter *r = claim(&c->receivers);
	if (r) {
		copy_elem(r->elem, elem, c->elem_size);
		finish(r, true);
		return true;
	}
	if (c->count < c->capacity) {
		copy_elem(slot(c, c->count), elem, c->elem_size);
		c->count++;
		return true;
	}
	return false;
}

/* Receive without waiting: true if done; *ok false when closed and drained.
   Inline, as try_send. */
static inline __attribute__((always_inline)) bool try_recv(struct chan *c, void *elem, bool *ok)
{
	if (c->count) {
		copy_elem(elem, slot(c, 0), c->elem_size);
		c->first = c->first + 1 == c->capacity ? 0 : c->first + 1;
		c->count--;
		/* a waiting sender's value moves into the freed slot, in order */
		struct chan_waiter *s = claim(&c->senders);
		if (s) {
			copy_elem(slot(c, c->count), s->elem, c->elem_size);
			c->count++;
			finish(s, true);
		}
		*ok = true;
		return true;
	}
	struct chan_waiter *s = claim(&c->senders);
	if (s) {
		copy_elem(elem, s->elem, c->elem_size);
		finish(s, true);
		*ok = true;
		return true;
	}
	if (c->closed) {
		memset(elem, 0, c->elem_size);
		*ok = false;
		return true;
	}
	return false;
}

static uint32_t random_state = 0x9e3779b9u;

static IRAM uint32_t next_random(void)
{
	random_state ^= random_state << 13;
	random_state ^= random_state >> 17;
	random_state ^= random_state << 5;
	return random_state;
}

/* A uniform index below count without a division: the lx106 has no divider,
   and a % would cost a few hundred instructions in a library call. */
static int random_below(int count)
{
	return count > 1 ? (int)((next_random() >> 16) * (uint32_t)count >> 16) : 0;
}

int chan_select(struct select_case *cases, int count, bool nonblocking, uint64_t deadline)
{
	arch_irq_t irq = arch_irq_save();
	/* Poll in a random rotation: a fair choice among the ready cases. */
	int start = random_below(count);
	for (int k = 0, i = start; k < count; k++, i = i + 1 < count ? i + 1 : 0) {
		struct select_case *sc = &cases[i];
		if (!sc->chan)
			continue;
		bool done = sc->dir == SELECT_SEND ? try_send(sc->chan, sc->elem) : try_recv(sc->chan, sc->elem, &sc->ok);
		if (done) {
			if (sc->dir == SELECT_SEND)
				sc->ok = true;
			arch_irq_restore(irq);
			return i;
		}
	}
	if (nonblocking) {
		arch_irq_restore(irq);
		return SELECT_DEFAULT;
	}

	struct select_decision decision = {-1, task_current()};
	struct chan_waiter waiters[count ? count : 1];
	for (int i = 0; i < count; i++) {
		struct select_case *sc = &cases[i];
		waiters[i] = (struct chan_waiter){0, sc->chan, sc->elem, false, i, &decision};
		if (sc->chan)
			enqueue(sc->dir == SELECT_SEND ? &sc->chan->senders : &sc->chan->receivers, &waiters[i]);
	}
	while (decision.fired < 0) {
		if (task_block(deadline, false) == -ETIMEDOUT && decision.fired < 0) {
			decision.fired = -ETIMEDOUT;
			break;
		}
	}
	for (int i = 0; i < count; i++)
		if (cases[i].chan)
			unlink_waiter(cases[i].dir == SELECT_SEND ? &cases[i].chan->senders : &cases[i].chan->receivers,
				      &waiters[i]);
	int fired = decision.fired;
	if (fired >= 0) {
		cases[fired].ok = waiters[fired].ok;
		if (cases[fired].dir == SELECT_SEND && !waiters[fired].ok)
			panic("send on closed channel");
	}
	arch_irq_restore(irq);
	return fired;
}

/*
 * One channel, one direction: a select of a single case without its
 * machinery (no random start, no array of waiters). The waiter is unlinked
 * by whoever claims it, so only a timeout has to unlink it here. Inline in
 * the send and receive entry points: its frame was a tenth of a round trip.
 */
static inline __attribute__((always_inline)) int wait_one(struct chan *c, struct chan_waiter **list, void *elem,
							  uint64_t deadline, bool *ok)
{
	struct select_decision decision = {-1, task_current()};
	struct chan_waiter w = {0, c, elem, false, 0, &decision};
	enqueue(list, &w);
	while (decision.fired < 0) {
		if (task_block(deadline, false) == -ETIMEDOUT && decision.fired < 0) {
			unlink_waiter(list, &w);
			return -ETIMEDOUT;
		}
	}
	*ok = w.ok;
	return 0;
}

/* Inline in both the plain and the deadline forms: one call less each. */
static inline __attribute__((always_inline)) int send_until(struct chan *c, const void *elem, uint64_t deadline)
{
	arch_irq_t irq = arch_irq_save();
	bool ok = true;
	int r = try_send(c, elem) ? 0 : wait_one(c, &c->senders, (void *)elem, deadline, &ok);
	if (!ok)
		panic("send on closed channel");
	arch_irq_restore(irq);
	return r;
}

static inline __attribute__((always_inline)) int recv_until(struct chan *c, void *elem, uint64_t deadline)
{
	arch_irq_t irq = arch_irq_save();
	bool ok;
	int r = try_recv(c, elem, &ok) ? 0 : wait_one(c, &c->receivers, elem, deadline, &ok);
	arch_irq_restore(irq);
	return r < 0 ? r : ok ? 0 : -EPIPE;
}

int chan_send_until(struct chan *c, const void *elem, uint64_t deadline)
{
	return send_until(c, elem, deadline);
}

int chan_recv_until(struct chan *c, void *elem, uint64_t deadline)
{
	return recv_until(c, elem, deadline);
}

void chan_send(struct chan *c, const void *elem)
{
	send_until(c, elem, 0);
}

bool chan_recv(struct chan *c, void *elem)
{
	return recv_until(c, elem, 0) == 0;
}

void chan_close(struct chan *c)
{
	arch_irq_t irq = arch_irq_save();
	if (c->closed)
		panic("close of closed channel");
	c->closed = true;
	struct chan_waiter *w;
	while ((w = claim(&c->receivers)) != 0) {
		memset(w->elem, 0, c->elem_size);
		finish(w, false);
	}
	while ((w = claim(&c->senders)) != 0)
		finish(w, false); /* the sender panics when it wakes, as in Go */
	arch_irq_restore(irq);
}

uint32_t chan_len(const struct chan *c)
{
	return c->count;
}

static IRAM void after_fired(struct timer *timer)
{
	struct chan_timer *t = (struct chan_timer *)((char *)timer - offsetof(struct chan_timer, timer));
	uint64_t now = nanotime();
	if (!t->chan.closed && t->chan.count < t->chan.capacity)
		try_send(&t->chan, &now);
}

struct chan *chan_after(struct chan_timer *t, uint64_t ns)
{
	t->timer.pending = false;
	chan_init(&t->chan, &t->slot, sizeof t->slot, 1);
	timer_start(&t->timer, nanotime() + ns, after_fired);
	return &t->chan;
}

void chan_timer_stop(struct chan_timer *t)
{
	timer_stop(&t->timer);
}
