/* send_closed.c — sending on a closed channel panics, as in Go. */
#include "chan.h"

int main(void)
{
	static int storage[2];
	struct chan c;
	int v = 1;
	chan_init(&c, storage, sizeof v, 2);
	chan_close(&c);
	chan_send(&c, &v);
	return 0;
}
