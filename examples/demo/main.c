/*
 * main.c (demo) — 8266go in one screen: three sensor goroutines sleep on
 * timers and send readings over a channel, a collector selects over the
 * readings and a one-second ticker and reports, an echo goroutine answers
 * every line typed on the console UART, and where the board has an LED on
 * its "gpio" device a goroutine blinks it. The demo ends when "quit" is
 * typed, at end of input, or after IDLE_SECONDS without a line, so it also
 * ends by itself with no terminal attached.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "chan.h"
#include "clock.h"
#include "device.h"
#include "gpio.h"
#include "page.h"
#include "sync.h"
#include "task.h"

#define MS 1000000ull
#define IDLE_SECONDS 10
#define SENSOR_STACK 1024
#define BLINK_PERIOD (500 * MS)

struct reading {
	int sensor;
	int value;
};

struct sensor {
	const char *name;
	const char *unit;
	uint64_t period;
	int base, swing;
};

static const struct sensor sensors[] = {
	{"temperature", "C", 100 * MS, 215, 9}, /* tenths of a degree */
	{"humidity", "%", 170 * MS, 45, 5},
	{"light", "lx", 290 * MS, 480, 60},
};
#define SENSORS (int)(sizeof sensors / sizeof sensors[0])

static struct chan readings, lines, stop;
static struct reading reading_slots[8];
static char line_slots[2][64];
static struct waitgroup workers;
static struct mutex console;

/* One goroutine prints at a time, and what it prints shows at once (a typed
   character has no newline to push it out of stdout's line buffer). */
#define say(...)                        \
	do {                            \
		mutex_lock(&console);   \
		printf(__VA_ARGS__);    \
		fflush(stdout);         \
		mutex_unlock(&console); \
	} while (0)

static void sensor_loop(void *arg)
{
	const struct sensor *s = arg;
	int index = (int)(s - sensors), step = 0, dummy;
	for (;;) {
		struct chan_timer tick;
		struct select_case cases[2] = {
			{&stop, SELECT_RECV, &dummy, false},
			{chan_after(&tick, s->period), SELECT_RECV, &(uint64_t){0}, false},
		};
		if (chan_select(cases, 2, false, 0) == 0) {
			chan_timer_stop(&tick);
			break;
		}
		/* a triangle wave: readings that visibly move */
		int phase = step++ % (2 * s->swing);
		struct reading r = {index, s->base + (phase < s->swing ? phase : 2 * s->swing - phase)};
		chan_send(&readings, &r);
	}
	waitgroup_done(&workers);
}

static void collector(void *arg)
{
	(void)arg;
	int count[SENSORS] = {0}, last[SENSORS] = {0}, dummy, second = 0;
	struct reading r;
	struct chan_timer ticker;
	struct chan *tick = chan_after(&ticker, 1000 * MS);
	uint64_t fired;
	for (;;) {
		struct select_case cases[3] = {
			{&stop, SELECT_RECV, &dummy, false},
			{&readings, SELECT_RECV, &r, false},
			{tick, SELECT_RECV, &fired, false},
		};
		int which = chan_select(cases, 3, false, 0);
		if (which == 0)
			break;
		if (which == 1) {
			count[r.sensor]++;
			last[r.sensor] = r.value;
			continue;
		}
		second++;
		say("[%2ds] %s %d.%d %s (%d readings), %s %d%s (%d), %s %d %s (%d)\n", second, sensors[0].name,
		    last[0] / 10, last[0] % 10, sensors[0].unit, count[0], sensors[1].name, last[1], sensors[1].unit,
		    count[1], sensors[2].name, last[2], sensors[2].unit, count[2]);
		memset(count, 0, sizeof count);
		tick = chan_after(&ticker, 1000 * MS);
	}
	chan_timer_stop(&ticker);
	waitgroup_done(&workers);
}

static struct device *gpio;
static struct gpio_request led;
static int blinks;

/* Toggles the LED every BLINK_PERIOD until stop closes. */
static void blinker(void *arg)
{
	(void)arg;
	int dummy;
	for (;;) {
		struct chan_timer tick;
		struct select_case cases[2] = {
			{&stop, SELECT_RECV, &dummy, false},
			{chan_after(&tick, BLINK_PERIOD), SELECT_RECV, &(uint64_t){0}, false},
		};
		if (chan_select(cases, 2, false, 0) == 0) {
			chan_timer_stop(&tick);
			break;
		}
		if (device_control(gpio, GPIO_TOGGLE, &led) == 0)
			blinks++;
	}
	waitgroup_done(&workers);
}

/* The board's LED as an output, if its GPIO device names one. */
static bool led_found(void)
{
	gpio = device_find("gpio");
	if (!gpio || device_control(gpio, GPIO_LED_PIN, &led) != 0)
		return false;
	led.pin = led.value;
	led.value = GPIO_MODE_OUTPUT;
	return device_control(gpio, GPIO_CONFIGURE, &led) == 0;
}

/*
 * Reads console lines and hands them to main; a closed channel is end of
 * input. QEMU puts the terminal in raw mode, so this is the line discipline:
 * typed characters are echoed, backspace erases, Enter ends the line.
 */
static void reader(void *arg)
{
	(void)arg;
	char line[64];
	int n = 0;
	unsigned char c;
	while (read(0, &c, 1) == 1) {
		if (c == 4) /* Ctrl-D */
			break;
		if (c == '\r' || c == '\n') {
			line[n] = 0;
			if (n) {
				say("\n");
				chan_send(&lines, line);
			}
			n = 0;
		} else if ((c == 0x7f || c == '\b') && n) {
			n--;
			say("\b \b");
		} else if (c >= ' ' && c < 0x7f && n < (int)sizeof line - 1) {
			line[n++] = (char)c;
			say("%c", c);
		}
	}
	chan_close(&lines);
}

int main(void)
{
	chan_init(&readings, reading_slots, sizeof reading_slots[0], 8);
	chan_init(&lines, line_slots, sizeof line_slots[0], 2);
	chan_init(&stop, 0, sizeof(int), 0);

	printf("8266go demo: goroutines, channels, timers and the UART\n");
	printf("type a line and it is echoed; \"quit\" ends; %d s without a line ends\n", IDLE_SECONDS);
	bool blinking = led_found();
	if (blinking)
		printf("the LED on GPIO%u blinks every %u ms\n", (unsigned)led.pin, (unsigned)(BLINK_PERIOD / MS));
	waitgroup_add(&workers, SENSORS + 1 + blinking);
	if (blinking)
		task_spawn(blinker, 0, SENSOR_STACK, "blinker");
	for (int i = 0; i < SENSORS; i++)
		task_spawn(sensor_loop, (void *)&sensors[i], SENSOR_STACK, sensors[i].name);
	task_spawn(collector, 0, 0, "collector");
	task_spawn(reader, 0, SENSOR_STACK, "reader");

	char line[64];
	for (;;) {
		struct chan_timer idle;
		struct select_case cases[2] = {
			{&lines, SELECT_RECV, line, false},
			{chan_after(&idle, IDLE_SECONDS * 1000 * MS), SELECT_RECV, &(uint64_t){0}, false},
		};
		int which = chan_select(cases, 2, false, 0);
		chan_timer_stop(&idle);
		if (which == 1) {
			say("no input for %d s: stopping\n", IDLE_SECONDS);
			break;
		}
		if (!cases[0].ok || strcmp(line, "quit") == 0)
			break;
		say("echo: %s (%u bytes, at %llu ms)\n", line, (unsigned)strlen(line),
		    (unsigned long long)(nanotime() / MS));
	}

	chan_close(&stop);
	waitgroup_wait(&workers);
	if (blinking)
		printf("8266go: LED on GPIO%u toggled %d times\n", (unsigned)led.pin, blinks);
	struct page_stats pages;
	page_get_stats(&pages);
	printf("8266go: done after %llu ms; %u of %u pages free\n", (unsigned long long)(nanotime() / MS),
	       (unsigned)pages.free, (unsigned)pages.total);
	return 0;
}
