/* deadlock.c — every goroutine blocked and no timer armed: Go's fatal error. */
#include "chan.h"
#include "task.h"

static struct chan never;

static void stuck(void *arg)
{
	int v;
	(void)arg;
	chan_recv(&never, &v);
}

int main(void)
{
	chan_init(&never, 0, sizeof(int), 0);
	task_spawn(stuck, 0, 0, "stuck");
	int v;
	chan_recv(&never, &v);
	return 0;
}
