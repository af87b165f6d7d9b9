/*
 * checksum.h — the Internet checksum (RFC 1071) written the obvious way: a
 * loop adding 16-bit words at p + i for even i below len, folded to 16 bits
 * and complemented. Words are read in the machine's (little-endian) order,
 * as RFC 1071 §2(B) allows: the folded sum is byte-order independent.
 */
static inline __attribute__((always_inline)) __u32 checksum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static inline __attribute__((always_inline)) __u32 internet_checksum(const __u8 *p, __u32 len)
{
	__u32 sum = 0;
	for (__u32 i = 0; i < len; i += 2)
		sum += *(__u16 *)(p + i);
	return checksum_fold(sum);
}
