/*
 * checksum.c — the Internet checksum of a 1500-byte packet (an Ethernet
 * MTU), the loop exactly as users write it: the verifier must know that i
 * stays even to bound p + i + 2 by the packet's end.
 */
#include "bpf_program.h"
#include "checksum.h"

struct packet {
	__u8 bytes[1500];
};

SEC("checksum")
int packet_checksum(struct packet *packet)
{
	return internet_checksum(packet->bytes, sizeof packet->bytes);
}

char _license[] SEC("license") = "GPL";
