/*
 * net.c — the registry of network devices by ifindex, and the device
 * requests they share (statistics, MAC, attaching an XDP program).
 */
#include "net.h"
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "xdp.h"

static struct net_device *net_devices;
static uint32_t net_count;

int net_register(struct net_device *n)
{
	int err = device_register(&n->dev);
	if (err)
		return err;
	n->ifindex = ++net_count;
	struct net_device **at = &net_devices;
	while (*at)
		at = &(*at)->next;
	n->next = 0;
	*at = n;
	return 0;
}

struct net_device *net_by_ifindex(uint32_t ifindex)
{
	for (struct net_device *n = net_devices; n; n = n->next)
		if (n->ifindex == ifindex)
			return n;
	return 0;
}

int net_control(struct net_device *n, unsigned request, void *arg)
{
	if (request == NET_GET_STATS) {
		arch_irq_t irq = arch_irq_save();
		*(struct net_stats *)arg = n->stats;
		arch_irq_restore(irq);
		return 0;
	}
	if (request == NET_GET_MAC) {
		memcpy(arg, n->mac, sizeof n->mac);
		return 0;
	}
	if (request == NET_ATTACH_XDP) {
		struct bpf_program *prog = arg;
		if (prog && !xdp_verified(prog))
			return -EINVAL;
		/* The RX path runs in task context (deferred work): a plain
		   store is seen whole by its next frame. */
		n->xdp = prog;
		return 0;
	}
	return -ENOSYS;
}
