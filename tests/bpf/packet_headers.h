/*
 * packet_headers.h — the Ethernet, IPv4, UDP and TCP headers as they lie in a
 * frame (network byte order), for udp_port.c, xdp_echo.c and xdp_syn_mss.c.
 */
#define BIG_ENDIAN16(x) __builtin_bswap16(x)

struct ethernet {
	__u8 destination[6], source[6];
	__u16 type;
};

struct ipv4 {
	__u8 version_ihl, tos;
	__u16 total_length, id, fragment;
	__u8 ttl, protocol;
	__u16 checksum;
	__u32 source, destination;
};

struct udp {
	__u16 source, dest, length, checksum;
};

struct tcp {
	__u16 source, dest;
	__u32 sequence, acknowledgement;
	__u8 data_offset, flags; /* data_offset: header length in words, high nibble */
	__u16 window, checksum, urgent;
};
