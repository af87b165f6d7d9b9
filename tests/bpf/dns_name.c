/*
 * dns_name.c — walks the question name of a DNS query (RFC 1035 §4.1.2):
 * length-prefixed labels after the 12-byte header, up to a zero length.
 * Returns labels << 8 | the name's length on the wire (www.example.com:
 * 3 labels, 17 bytes), or 0 for a name that is cut off, compressed, or
 * has a label over 63 bytes.
 */
#include "bpf_program.h"

#define DNS_HEADER 12
#define MAX_LABELS 16

SEC("hook")
int dns_name(struct line *message)
{
	__u8 *p = message->bytes;
	__u32 len = line_length(message);
	__u32 off = DNS_HEADER, labels = 0;
	for (int n = 0; n < MAX_LABELS; n++) {
		if (off >= len)
			return 0;
		__u32 label = p[off];
		if (label == 0)
			return labels << 8 | (off + 1 - DNS_HEADER);
		if (label > 63)
			return 0;
		labels++;
		off += label + 1;
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
