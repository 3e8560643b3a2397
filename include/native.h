/*
 * native.h - the native capture reader: the ip profile's packets straight
 * from a pcap or pcapng file (plain or gzip), without tshark.
 *
 * Three layers, each usable alone:
 *   capfile.c      reads records (pcap, pcapng; gzip through zlib),
 *   decode-link.c  and decode.c turn one record's bytes into layers,
 *                  addresses and ports (no state: the fuzz harness calls
 *                  them on raw bytes),
 *   native.c       the engine: IP reassembly and tshark's TCP/UDP stream
 *                  numbers, packets for the consumers, rows for `export`.
 * The aim is tshark 4.0's field values for every packet; what the decoder
 * cannot match it says so (cr_decoded.anomaly), and `--engine auto` then
 * hands the capture to tshark.
 */
#ifndef CR_NATIVE_H
#define CR_NATIVE_H

#include "packet.h"


/* ---- capture files (capfile.c) --------------------------------------- */

struct cr_caprec {
	uint64_t frame;		/* 1-based record number, as tshark's frame.number */
	uint32_t iface;		/* pcapng interface id (of its section); 0 for pcap */
	int linktype;		/* tcpdump.org LINKTYPE_*, -1 when not a packet we can read */
	bool has_ts;		/* false for pcapng simple packet blocks and times past 2262 */
	bool untimed;		/* a record that carries no time at all: a pcapng simple packet block */
	int64_t ts_ns;		/* epoch nanoseconds */
	uint32_t caplen, len;	/* bytes captured, bytes on the wire */
	const uint8_t *data;	/* caplen bytes; valid until the next call */
};

struct cr_capfile;
/* Open a pcap or pcapng file, gzip-compressed or not. NULL with err (CR_EXIT_INPUT). */
struct cr_capfile *cr_capfile_open(const char *path, GError **err);
/*
 * The next packet record: 1, or 0 at the end of the file, or -1 with err
 * when the file is damaged (code CR_EXIT_DAMAGED) or unreadable.
 */
int cr_capfile_next(struct cr_capfile *f, struct cr_caprec *r, GError **err);
bool cr_capfile_is_pcapng(const struct cr_capfile *f);
/*
 * What the file's headers said before its first packet, as far as read
 * (capmeta.h): its format, the interfaces of every section with their
 * names, and the section comments. Moved into *out (cr_file_meta_clear);
 * f keeps none.
 */
struct cr_file_meta;
void cr_capfile_take_meta(struct cr_capfile *f, struct cr_file_meta *out);
void cr_capfile_close(struct cr_capfile *f);

/* ---- the packet decoder (decode-link.c, decode.c) ------------------- */

#define CR_DEC_MAX_IP 4		/* IP layers kept per packet: tunnels, quoted headers */
#define CR_DEC_MAX_L4 4		/* TCP/UDP headers kept per packet */
#define CR_DEC_PROTOS 200	/* room for frame.protocols */
#define CR_DEC_KEEP 256		/* bytes of a fragmented datagram's start kept for reassembly */

struct cr_dec_ip {
	uint8_t family;		/* 4 or 6 */
	uint8_t proto;		/* the header's own ip.proto / ipv6.nxt */
	bool quoted;		/* inside the header an ICMP error quotes */
	uint8_t src[16], dst[16];
};

struct cr_dec_l4 {
	uint8_t proto;		/* 6 or 17 */
	uint8_t ip;		/* index of the IP layer carrying it */
	bool ports;		/* sport/dport were read */
	bool stream;		/* tshark numbers its conversation (tcp.stream, udp.stream) */
	bool analyze;		/* TCP: sequence analysis sees it (not quoted, not a fragment) */
	uint8_t flags;		/* TCP flags (low 8 bits) */
	uint16_t sport, dport;
	uint32_t seq, ack;
	int64_t stream_id;	/* set by the engine */
};

/* A fragment the engine can reassemble (fully captured, not quoted). */
struct cr_dec_frag {
	bool present;
	uint8_t ip;		/* index of its IP layer */
	uint8_t proto;		/* protocol of the fragmented payload */
	bool more;		/* more fragments follow */
	uint16_t vlan;		/* innermost 802.1Q VLAN id, part of the IPv4 key */
	uint32_t id;
	uint32_t offset, len;	/* this fragment's payload: where and how long */
	const uint8_t *data;	/* len bytes */
};

struct cr_decoded {
	char protocols[CR_DEC_PROTOS];	/* "eth:ethertype:ip:tcp", NUL-terminated */
	size_t plen;
	struct cr_dec_ip ip[CR_DEC_MAX_IP];
	unsigned nip;
	struct cr_dec_l4 l4[CR_DEC_MAX_L4];
	unsigned nl4;
	struct cr_dec_frag frag;
	uint16_t vlan;
	const char *anomaly;	/* NULL, or why tshark's fields may differ */
};

/* Decode one packet; `d` is reset first. Never reads past data[caplen - 1]. */
void cr_decode_packet(struct cr_decoded *d, int linktype, const uint8_t *data, uint32_t caplen, uint32_t len);
/*
 * Continue `d` with a reassembled datagram: `data` holds its first `caplen`
 * of `len` bytes, the payload of IP layer `ip` carrying protocol `proto`.
 */
void cr_decode_reassembled(struct cr_decoded *d, unsigned ip, uint8_t proto, const uint8_t *data, uint32_t caplen,
			   uint32_t len);
/* Is `name` a layer the decoder writes into frame.protocols exactly as tshark does? */
bool cr_decode_layer_known(const char *name);

/* ---- the engine (native.c) ------------------------------------------- */

/* What a native read saw, beyond the packets. Clear with cr_native_stats_clear. */
struct cr_native_stats {
	uint64_t frames;		/* packet records read */
	uint64_t undecoded;		/* packets whose fields may differ from tshark's */
	uint64_t first_undecoded;	/* frame number of the first one */
	char *why;			/* its reason */
	uint64_t skipped;		/* records with a time past 2262: not delivered */
	uint64_t untimed;		/* records without a time (simple packet blocks): delivered */
	struct cr_file_meta *meta;	/* cr_native_read: what the file's headers said (capmeta.h); NULL: not opened */
};
void cr_native_stats_clear(struct cr_native_stats *s);

typedef int (*cr_native_pkt_fn)(void *user, const struct cr_pkt *p);

/*
 * Read `path` and call `fn` with each packet (non-zero stops). With
 * CR_NATIVE_ROWS, each packet also carries p->row: the ip profile's fields
 * as tshark's export writes them. With CR_NATIVE_NO_STREAMS, TCP and UDP
 * streams are not numbered (-1): no table of flows, whose memory grows
 * with a scan. Returns 0, or -1 with err (CR_EXIT_DAMAGED: packets up to
 * the damage were delivered; CR_EXIT_INPUT: unreadable).
 */
enum { CR_NATIVE_ROWS = 1 << 0, CR_NATIVE_NO_STREAMS = 1 << 1 };
int cr_native_read(const char *path, unsigned flags, cr_native_pkt_fn fn, void *user, struct cr_native_stats *st,
		   GError **err);
/*
 * A dry pass: does the decoder read every packet of `path` as tshark does?
 * Stops at the first packet it does not (st->undecoded = 1, st->why set).
 * Returns 0, or -1 with err as cr_native_read (damage is not a reason to
 * give up: both engines stop at the same frame).
 */
int cr_native_check(const char *path, struct cr_native_stats *st, GError **err);


#endif
