/* mptcp.h - MPTCP connections (RFC 8684 v1 and RFC 6824 v0): subflows, DSN mappings, reinjections, events. */
#ifndef CR_MPTCP_H
#define CR_MPTCP_H

#include "packet.h"
#include "series.h"
#include "table.h"
#include "tcp.h"

/* Option subtypes (RFC 8684 section 3); value → name tables end in a sentinel. */
enum cr_mp_subtype {
	CR_MP_CAPABLE = 0,
	CR_MP_JOIN = 1,
	CR_MP_DSS = 2,
	CR_MP_ADD_ADDR = 3,
	CR_MP_REMOVE_ADDR = 4,
	CR_MP_PRIO = 5,
	CR_MP_FAIL = 6,
	CR_MP_FASTCLOSE = 7,
	CR_MP_TCPRST = 8,
};

enum cr_mp_role { CR_MP_ROLE_INITIAL, CR_MP_ROLE_JOIN, CR_MP_ROLE_UNKNOWN };

/* A DSS mapping as announced: raw 64-bit DSN, relative subflow sequence number, length. */
struct cr_mp_mapping {
	uint64_t dsn;
	uint32_t ssn;
	uint32_t len;
};

#define CR_MP_MAPPINGS 8	/* recent mappings kept per subflow direction */

/* One direction of a subflow: what side `x` of it sent. */
struct cr_mp_sfdir {
	struct cr_mp_mapping map[CR_MP_MAPPINGS];
	unsigned nmap, next;
	bool isn_seen;			/* this side's SYN was captured: tshark's seq is ISN-relative */
	bool offset_known, offset_firm;	/* else: tcp.seq - ssn, estimated at mapping starts */
	int64_t seq_offset;
	uint32_t first_ssn;
	uint64_t packets, payload;	/* TCP level */
	uint64_t mapped;		/* payload bytes with a DSN */
	uint64_t unmapped;		/* payload bytes no mapping covered */
	uint64_t new_bytes;		/* bytes first seen at MPTCP level on this subflow */
	uint64_t reinj, reinj_bytes;	/* segments that reinject another subflow's data */
	bool datafin_seen;
	uint64_t datafin_dsn;		/* the last DATA_FIN this side sent here (raw) */
};

/* One subflow: a TCP stream that carried an MPTCP option. */
struct cr_mptcp_subflow {
	int64_t tcp_stream;
	struct cr_addr addr[2];		/* [0]: the SYN's sender, else the first packet's source */
	int port[2];
	int client;			/* side (0/1) of the MPTCP client; -1 unknown */
	enum cr_mp_role role;
	bool syn, synack, ack3, rst, fin, data;
	bool rst_before_data;
	int addr_id[2];			/* per side, -1 unknown */
	int backup;			/* -1 unknown */
	uint32_t token;			/* MP_JOIN SYN: the receiver's token */
	bool has_token;
	struct cr_mptcp_conn *conn;	/* NULL until attached */
	unsigned idx;			/* index in conn->subflows */
	struct cr_mp_sfdir dir[2];	/* by side */
	int64_t first_ns, last_ns;
	uint64_t first_frame;
	int64_t last_data_ns[2];	/* for inter-arrival times */
};

/* A segment sent at MPTCP level, kept to find reinjections (32 bytes). */
struct cr_mp_seg {
	int64_t rel;			/* DSN relative to the direction's base */
	uint32_t len;
	uint32_t frame;
	int64_t ts_ns;
	uint32_t sf;			/* subflow index in the connection */
	uint32_t pad;
};

/* A range received above the in-order point, for MPTCP-level reordering. */
struct cr_mp_range {
	int64_t start, end;		/* relative DSNs */
	int64_t ts_ns;
};

/* One direction of a connection: 0 client → server, 1 server → client. */
struct cr_mp_cdir {
	uint64_t base;			/* DSN that relative 0 is */
	int base_from;			/* 0: none yet, 1: key (IDSN), 2: first DSN seen */
	bool have_range;
	uint64_t lo, hi;		/* raw DSN range of the mappings, DATA_FIN excluded */
	uint64_t wire;			/* mapped payload on all subflows */
	struct cr_ranges *seen;		/* raw DSN ranges of the segments seen */
	uint64_t new_bytes;		/* their size: each DSN counted once */
	uint64_t reinj, reinj_bytes;
	bool have_ack;
	uint64_t ack_hi;		/* highest data ACK for this direction's data (raw) */
	bool datafin;
	uint64_t datafin_dsn;
	GArray *segs;			/* by subflow index: a GArray of struct cr_mp_seg sorted by dsn (or NULL) */
	uint32_t max_len;
	/* reordering at the capture point */
	bool ro_init;
	int64_t ro_next, ro_high;	/* in-order point and highest end, relative */
	GArray *ro_pending;		/* of struct cr_mp_range, sorted, disjoint */
	uint64_t late, max_distance;
	uint64_t hol_n;
	double hol_sum, hol_max;	/* seconds */
	int64_t first_data_ns, last_data_ns;
	int64_t last_arrival_ns;
};

/* A control event of the timeline. */
struct cr_mp_event {
	int64_t ts_ns;
	uint64_t frame;
	int64_t tcp_stream;
	int side;			/* sender side in the subflow */
	const char *what;		/* static: "MP_CAPABLE", "DATA_FIN", ... */
	char *detail;			/* owned */
};

/* A reinjection: a segment whose DSNs were first sent on another subflow. */
struct cr_mp_reinj {
	uint64_t frame, orig_frame;
	int64_t tcp_stream, orig_stream;
	int dir;
	uint64_t dsn;			/* raw */
	uint32_t len;
	int64_t delay_ns;
};

/* A plotted DSN or data-ACK point of a followed connection. */
struct cr_mp_point {
	int64_t ts_ns;
	int64_t rel;			/* relative DSN or data ACK */
	uint64_t cum;			/* data: the subflow's mapped bytes so far this way */
	uint32_t len;
	uint16_t sf;			/* subflow index */
	uint8_t dir;
	uint8_t reinj;
};

struct cr_mptcp_conn {
	unsigned id;
	int version;			/* 0, 1, -1 unknown */
	bool mpc_syn;			/* the MP_CAPABLE SYN was captured */
	bool has_key[2];		/* [0] client, [1] server */
	uint64_t key[2], idsn[2];
	uint32_t token[2];
	bool sides_guessed;		/* no handshake: client/server taken from ports */
	bool joined_by_dsn;		/* a subflow was attached by its DSN space */
	GPtrArray *subflows;		/* of struct cr_mptcp_subflow * (not owned) */
	int64_t first_ns, last_ns;
	uint64_t first_frame;
	struct cr_mp_cdir dir[2];
	GArray *events;			/* of struct cr_mp_event */
	bool events_cut;
	GArray *reinjections;		/* of struct cr_mp_reinj */
	bool followed;
	struct cr_series *dsn_pts;	/* followed only: data segments */
	struct cr_series *ack_pts;	/* followed only: data ACKs */
	struct cr_bins *rates;		/* followed only: every mapped byte per bin, column subflow * 2 + dir */
	GArray *iat;			/* followed only: of struct cr_mp_iat */
};

/* A DSN inter-arrival sample: per subflow (sf) and across subflows (sf = -1). */
struct cr_mp_iat {
	float seconds;
	int16_t sf;
	uint8_t dir;
	uint8_t pad;
};

/*
 * The analyzer. cr_mptcp_new() / cr_mptcp_free(); it owns its connections
 * and subflows, and a TCP analyzer for the subflows' TCP numbers. Call
 * cr_mptcp_finish() once after the run, before reading connections.
 */
struct cr_mptcp;
struct cr_mptcp *cr_mptcp_new(void);
void cr_mptcp_free(struct cr_mptcp *m);
/* Keep plot points for connection `id` (-1: all) during the run. */
void cr_mptcp_follow(struct cr_mptcp *m, int64_t id, size_t points);
/* Keep plot points for TCP stream `id` (-1: all) in its TCP analyzer (cr_mptcp_tcp). */
void cr_mptcp_follow_tcp(struct cr_mptcp *m, int64_t id, size_t points);
int cr_mptcp_header(void *m, const struct cr_row *names);
int cr_mptcp_packet(void *m, const struct cr_pkt *p);
void cr_mptcp_finish(struct cr_mptcp *m);
const char *cr_mptcp_missing(const struct cr_mptcp *m);

size_t cr_mptcp_nconns(const struct cr_mptcp *m);
struct cr_mptcp_conn *cr_mptcp_conn(const struct cr_mptcp *m, size_t i);	/* by id order */
const struct cr_tcp *cr_mptcp_tcp(const struct cr_mptcp *m);

/* Side (0/1) of subflow s that sends direction d of its connection. */
int cr_mp_side(const struct cr_mptcp_subflow *s, int d);

/* ---- per-direction data (mptcp-data.c) ----------------------------- */
/* Relative DSN of a raw one in direction d. */
int64_t cr_mp_rel(const struct cr_mptcp_conn *c, int d, uint64_t raw);
void cr_mp_cdir_init(struct cr_mp_cdir *cd);
void cr_mp_cdir_clear(struct cr_mp_cdir *cd);
/*
 * A data segment [dsn, dsn+len) of direction d arrived on subflow s in
 * `frame` at `ts`: finds reinjections, new bytes and reordering; updates
 * the counters and the followed series.
 */
void cr_mp_data(struct cr_mptcp_conn *c, struct cr_mptcp_subflow *s, int side, int d, uint64_t dsn, uint32_t len,
		uint64_t frame, int64_t ts);

/* ---- one packet's options (analyze-mptcp.c reads, mptcp-events.c too) */
/* The columns read, in the order of analyze-mptcp.c's column_names. */
enum {
	M_SEQ, M_LEN, M_FLAGS, M_SUBTYPE, M_VERSION, M_SENDKEY, M_RECVKEY, M_RECVTOK, M_ADDRID,
	M_IPV4, M_IPV6, M_PORT, M_RAWDSN, M_DSN8, M_RAWACK, M_ACK8, M_DLL, M_SSN, M_DATAFIN,
	M_BACKUP, M_RSTREASON, M_ECHO, M_N
};

struct cr_mp_opts {
	const struct cr_row *r;
	const int *col;			/* column of each M_* field, -1 absent */
	bool has[16];			/* option subtypes present */
	unsigned flags;			/* TCP flags */
	uint64_t seq, len;		/* tshark's relative tcp.seq, tcp.len */
};
bool cr_mp_opt_u64(const struct cr_mp_opts *o, int c, uint64_t *v);
bool cr_mp_opt_flag(const struct cr_mp_opts *o, int c);

/* ---- events (mptcp-events.c) --------------------------------------- */
/* The control options of a packet of subflow s (side x) as events; DATA_FIN is the DSS code's. */
void cr_mp_control_events(struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o, const struct cr_pkt *p);
void cr_mp_event_add(struct cr_mptcp_conn *c, const struct cr_pkt *p, const struct cr_mptcp_subflow *s, int side,
		     const char *what, char *detail);
void cr_mp_events_clear(struct cr_mptcp_conn *c);

/* ---- tables (mptcp-tables.c); the caller frees them ---------------- */
struct cr_table *cr_mptcp_list_table(const struct cr_mptcp *m, int64_t first_ns);
/* conn < 0: every connection. */
struct cr_table *cr_mptcp_subflows_table(const struct cr_mptcp *m, int64_t conn);
struct cr_table *cr_mptcp_summary_table(const struct cr_mptcp *m, int64_t conn, bool out_of_order);
struct cr_table *cr_mptcp_contrib_table(const struct cr_mptcp *m, int64_t conn);
struct cr_table *cr_mptcp_reinj_table(const struct cr_mptcp *m, int64_t conn);
struct cr_table *cr_mptcp_events_table(const struct cr_mptcp *m, int64_t conn, int64_t first_ns);
/* The join outcome of a subflow: established, refused, failed, unanswered, no handshake. */
const char *cr_mp_join_outcome(const struct cr_mptcp_subflow *s);

#endif
