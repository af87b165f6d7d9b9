/*
 * checksum.c — the Internet checksum of a 1500-byte packet (an Ethernet
 * MTU), the loop exactly as users write it: the verifier must know that i
 * stays even to bound p + i + 2 by the packet's end. Two more ways to write
 * it follow in their own sections.
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

/* The same sum a byte at a time: p[i + 1] is inside because i is even. */
SEC("checksum_bytes")
int packet_checksum_bytes(struct packet *packet)
{
	const __u8 *p = packet->bytes;
	__u32 sum = 0;
	for (__u32 i = 0; i < sizeof packet->bytes; i += 2)
		sum += p[i] | p[i + 1] << 8;
	return checksum_fold(sum);
}

/* The loop bounded by its last byte: i + 1 < len bounds p + i + 2. */
SEC("checksum_pairs")
int packet_checksum_pairs(struct packet *packet)
{
	const __u8 *p = packet->bytes;
	__u32 sum = 0;
	for (__u32 i = 0; i + 1 < sizeof packet->bytes; i += 2)
		sum += *(__u16 *)(p + i);
	return checksum_fold(sum);
}

char _license[] SEC("license") = "GPL";
