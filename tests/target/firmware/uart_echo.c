/*
 * uart_echo.c — the UART through the whole stack, driven by a host program
 * over QEMU's socket (tests/system/uart_flood.py). After "ready" the host
 * sends a command line:
 *   "echo N\n"        echo the next N bytes back as they come;
 *   "stall N P\n"     read nothing while N bytes arrive, until the policy
 *                     has acted, then read all N (the ones kept) and match
 *                     them against the stream (byte i is stream_byte(i)):
 *                     "gaps" counts the places where bytes were skipped,
 *                     "wrong" the bytes that are not the stream's next ones
 *                     at all. P 0 = flow control: the stall lasts until the
 *                     full ring has paused RX, so the FIFO holds the sender
 *                     off; no gaps. P 1 = drop: the stall lasts until all N
 *                     bytes have reached the driver; the gaps add up to the
 *                     overflow count.
 * Each ends with a summary line and the next "ready"; "quit\n" ends the run.
 * "stall" answers "stalling" once its policy is in place: the host sends the
 * stream only then, so every byte of it meets that policy. Both phases of a
 * stall end on an event, never after a time, so the outcome is the same
 * however slowly the host delivers; their limits (STALL_LIMIT_MS) only stop
 * a hang, and reaching one shows as "timeout 1", a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "device.h"
#include "fd.h"
#include "serial.h"
#include "task.h"

/* Far beyond any wait on a loaded machine: only a hang reaches it. */
#define STALL_LIMIT_MS 60000u

static int uart;
static struct serial *serial; /* uart's driver state: whether RX is paused */

static int read_line(char *line, int size)
{
	int n = 0;
	char c;
	while (n < size - 1 && read(uart, &c, 1) == 1 && c != '\n')
		line[n++] = c;
	line[n] = 0;
	return n;
}

static void echo(unsigned long total)
{
	static uint8_t buf[256];
	unsigned long done = 0;
	while (done < total) {
		ssize_t n = read(uart, buf, total - done < sizeof buf ? total - done : sizeof buf);
		if (n <= 0)
			break;
		for (ssize_t put = 0; put < n;)
			put += write(uart, buf + put, (size_t)(n - put));
		done += (unsigned long)n;
	}
	printf("echoed %lu\n", done);
}

/* A byte sequence with no short period, so a skipped stretch cannot line up
   with the bytes after it by accident (Knuth's multiplicative hash). */
static uint8_t stream_byte(unsigned long i)
{
	return (uint8_t)((uint32_t)(i * 2654435761u) >> 24);
}

/* Has the policy acted on the stream since `before`? Flow control has once
   the full ring paused RX; dropping, once every byte reached the driver. */
static bool policy_acted(enum serial_rx_policy policy, unsigned long total, const struct device_stats *before)
{
	struct device_stats now;
	if (policy == SERIAL_FLOW_CONTROL)
		return serial->rx_paused;
	fd_control(uart, DEVICE_GET_STATS, &now);
	return (now.bytes_in - before->bytes_in) + (now.overflows - before->overflows) >= total;
}

static void stall(unsigned long total, enum serial_rx_policy policy)
{
	struct device_stats before, after;
	fd_control(uart, SERIAL_SET_RX_POLICY, &policy);
	fd_control(uart, DEVICE_GET_STATS, &before);
	printf("stalling\n"); /* the host sends the stream only now */
	unsigned waited = 0;
	while (!policy_acted(policy, total, &before) && waited++ < STALL_LIMIT_MS)
		usleep(1000);
	int timed_out = waited > STALL_LIMIT_MS;
	uint64_t limit = STALL_LIMIT_MS * 1000000ull;
	fd_control(uart, FD_SET_READ_TIMEOUT, &limit);
	unsigned long got = 0, wrong = 0, gaps = 0, skipped = 0, at = 0;
	uint8_t buf[128];
	ssize_t n = 0;
	/* Every byte is read or counted dropped: wait for exactly those. */
	for (after = before; got + (after.overflows - before.overflows) < total;
	     fd_control(uart, DEVICE_GET_STATS, &after)) {
		n = read(uart, buf, sizeof buf);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++, got++) {
			unsigned long next = at;
			while (next < total && stream_byte(next) != buf[i])
				next++;
			if (next == total) {
				wrong++;
				continue;
			}
			gaps += next != at;
			skipped += next - at;
			at = next + 1;
		}
	}
	skipped += total - at; /* a stretch dropped at the very end */
	gaps += total != at;
	timed_out |= n < 0 && errno == ETIMEDOUT;
	limit = 0;
	fd_control(uart, FD_SET_READ_TIMEOUT, &limit);
	fd_control(uart, DEVICE_GET_STATS, &after);
	policy = SERIAL_FLOW_CONTROL;
	fd_control(uart, SERIAL_SET_RX_POLICY, &policy);
	printf("stalled: sent %lu received %lu dropped %lu skipped %lu gaps %lu wrong %lu timeout %d\n", total, got,
	       (unsigned long)(after.overflows - before.overflows), skipped, gaps, wrong, timed_out);
}

int main(void)
{
	uart = open("/dev/uart0", O_RDWR);
	struct device *dev = device_find("uart0");
	if (uart < 0 || !dev) {
		printf("open /dev/uart0: errno %d\n", errno);
		return 1;
	}
	serial = dev->priv;
	char line[64];
	for (;;) {
		printf("ready\n");
		read_line(line, sizeof line);
		unsigned long n;
		unsigned policy;
		if (sscanf(line, "echo %lu", &n) == 1)
			echo(n);
		else if (sscanf(line, "stall %lu %u", &n, &policy) == 2)
			stall(n, policy ? SERIAL_DROP : SERIAL_FLOW_CONTROL);
		else if (strcmp(line, "quit") == 0)
			break;
		else
			printf("unknown command: %s\n", line);
	}
	struct device_stats s;
	fd_control(uart, DEVICE_GET_STATS, &s);
	printf("stats: in %lu out %lu overflows %lu hw_overruns %lu interrupts %lu worst_top_half %lu\n",
	       (unsigned long)s.bytes_in, (unsigned long)s.bytes_out, (unsigned long)s.overflows,
	       (unsigned long)s.hw_overruns, (unsigned long)s.interrupts, (unsigned long)s.worst_top_half);
	return 0;
}
