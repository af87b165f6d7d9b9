/*
 * dns_frame.h — the packet parsing filter.c and btf_filter.c share: is this
 * Ethernet frame IPv4/UDP to port 53, and from which source address.
 */
static __attribute__((always_inline)) int dns_frame_source(struct line *frame, __u32 *source)
{
	__u8 *p = frame->bytes;
	if (frame->length < 42)
		return 0;
	if (p[12] != 0x08 || p[13] != 0x00) /* ethertype IPv4 */
		return 0;
	__u32 header_length = (p[14] & 0x0f) * 4;
	if ((p[14] >> 4) != 4 || p[23] != 17 || header_length != 20) /* IPv4, UDP, no options */
		return 0;
	__u32 port = (__u32)p[36] << 8 | p[37];
	if (port != 53)
		return 0;
	*source = (__u32)p[26] << 24 | (__u32)p[27] << 16 | (__u32)p[28] << 8 | p[29];
	return 1;
}
