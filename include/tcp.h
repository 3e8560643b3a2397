/* tcp.h - TCP streams: per-stream aggregates, tables and the points behind the plots. */
#ifndef CR_TCP_H
#define CR_TCP_H

#include "packet.h"
#include "series.h"
#include "table.h"

/* Flags of a plotted TCP point. */
enum {
	CR_TCP_SYN = 1 << 0,
	CR_TCP_FIN = 1 << 1,
	CR_TCP_RST = 1 << 2,
	CR_TCP_ACK = 1 << 3,
	CR_TCP_RETRANS = 1 << 4,
};

/* One packet of a followed stream, as plotted. */
struct cr_tcp_point {
	int64_t ts_ns;
	int64_t seq, ack;	/* relative, as tshark prints them */
	uint32_t len;		/* TCP payload */
	uint32_t win;		/* calculated window (scaled) */
	int64_t inflight;	/* -1: tshark gave none */
	uint64_t cum_payload;	/* this direction's payload so far, this packet included */
	uint64_t cum_good;	/* payload of sequence numbers not seen before */
	float rtt_ms;		/* ACK RTT carried by this packet, < 0: none */
	uint8_t dir;		/* 0: A→B, 1: B→A */
	uint8_t flags;
};

/* The lines of a direction's points, thinned each on its own: lane = dir * CR_TCP_LANES + one of these. */
enum { CR_TCP_LANE_SEQ, CR_TCP_LANE_ACK, CR_TCP_LANE_EDGE, CR_TCP_LANE_RTT, CR_TCP_LANE_INFLIGHT, CR_TCP_LANES };
/* A point's value in a lane, NAN when it is not on that line (a cr_series_y_fn). */
double cr_tcp_point_y(const void *elem, size_t lane);

struct cr_ranges;

/* What one direction of a stream sent. */
struct cr_tcp_dir {
	uint64_t packets, bytes;	/* bytes: frame lengths, as tshark -z conv */
	uint64_t payload;		/* TCP payload bytes */
	uint64_t good;			/* payload bytes of sequence numbers not seen before: each counted once */
	struct cr_ranges *seen;		/* the sequence ranges seen (unwrapped past 2^32) */
	uint64_t seq_hi;		/* the highest unwrapped sequence number */
	bool seq_seen;
	uint64_t retrans;		/* frames flagged tcp.analysis.retransmission */
	uint64_t fast_retrans, dup_acks, zero_windows, lost_segments;
	int64_t max_inflight;		/* -1: none seen */
	/* ACK RTT of this direction's data (samples carried by the peer's ACKs) */
	uint64_t rtt_n;
	double rtt_sum, rtt_min, rtt_max;	/* seconds */
	bool syn, fin, rst;
	int64_t first_ns, last_ns;
	bool timed;			/* first_ns and last_ns hold a time */
};

/* One TCP stream (tshark's tcp.stream); A sent its first packet. */
struct cr_tcp_stream {
	int64_t id;
	struct cr_addr a, b;
	int port_a, port_b;
	int64_t first_ns, last_ns;
	bool timed;			/* first_ns and last_ns hold a time (not every packet need have one) */
	uint64_t untimed;		/* packets without a time: tshark's RTTs of the stream are not to be trusted */
	bool unanalysed;		/* packets without the tcp profile's columns (tcpdump text): no flags, no payload */
	struct cr_tcp_dir dir[2];	/* 0: A→B, 1: B→A */
	double initial_rtt;		/* seconds, < 0: unknown */
	bool syn_seen, synack_seen;	/* the handshake as captured */
	bool followed;
	struct cr_series *points;	/* of struct cr_tcp_point; followed streams only */
	struct cr_bins *rates;		/* every packet's payload per bin: columns dir * 2 + (0 all, 1 not retransmitted) */
	GArray *rtt[2];			/* of float seconds; followed streams only */
};

/*
 * All streams of a capture. cr_tcp_new() / cr_tcp_free(); tables returned
 * below belong to the caller (cr_table_free).
 */
struct cr_tcp;
struct cr_tcp *cr_tcp_new(void);
void cr_tcp_free(struct cr_tcp *t);
/* Keep per-packet points for stream `id` (-1: every stream) from now on. */
/* Plot points kept per followed stream when the caller gives 0 (thinned beyond). */
#define CR_PLOT_POINTS 400000
void cr_tcp_follow(struct cr_tcp *t, int64_t id, size_t points);
/* Consumer callbacks: the header resolves the columns, then one call per packet. */
int cr_tcp_header(void *t, const struct cr_row *names);
int cr_tcp_packet(void *t, const struct cr_pkt *p);
/* The columns the analysis needs that the input lacks ("" when none). */
const char *cr_tcp_missing(const struct cr_tcp *t);

size_t cr_tcp_nstreams(const struct cr_tcp *t);
/* Streams in first-seen order; NULL past the end. */
const struct cr_tcp_stream *cr_tcp_nth(const struct cr_tcp *t, size_t i);
const struct cr_tcp_stream *cr_tcp_lookup(const struct cr_tcp *t, int64_t id);

/* "closed", "reset", "refused", "unanswered", "half-closed", "open"; with " (no handshake)". */
char *cr_tcp_state(const struct cr_tcp_stream *s);
/* "10.0.0.1:80" or "[fd00::1]:80". */
char *cr_tcp_endpoint(const struct cr_addr *a, int port);

/* One row per stream, sorted by `sort`: stream (default), packets, bytes, start, duration. */
struct cr_table *cr_tcp_list_table(const struct cr_tcp *t, int64_t first_ns, const char *sort);
/* One row per direction of a stream. */
struct cr_table *cr_tcp_summary_table(const struct cr_tcp_stream *s);

#endif
