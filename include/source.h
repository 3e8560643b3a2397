/* source.h - inputs turned into one stream of packets with named columns. */
#ifndef CR_SOURCE_H
#define CR_SOURCE_H

#include "capreport.h"

/* ---- field profiles (profile.c) ------------------------------------- */

/* Built-in profiles are nested: ip ⊂ tcp ⊂ mptcp. */
enum cr_profile_id {
	CR_PROFILE_IP,
	CR_PROFILE_TCP,
	CR_PROFILE_MPTCP,
};

struct cr_profile {
	const char *name;
	enum cr_profile_id id;
	const char *const *fields;	/* tshark field names, NULL-terminated */
	const char *const *prefs;	/* "name:value" for tshark -o, NULL-terminated */
	bool two_pass;			/* tshark -2 */
	const char *summary;
};

/* Profiles in nesting order, ending in a sentinel with name NULL. */
extern const struct cr_profile cr_profiles[];
const struct cr_profile *cr_profile_find(const char *name);
/* Does `big` have every field of `small`? */
bool cr_profile_covers(const struct cr_profile *big, const struct cr_profile *small);
size_t cr_profile_nfields(const struct cr_profile *p);

/* ---- rows and packets ----------------------------------------------- */

/* One CSV record: fields are NUL-terminated, never NULL ("" when empty). */
struct cr_row {
	char **field;
	size_t *len;
	size_t n;
	uint64_t record;	/* 1-based record number, header excluded */
};

struct cr_addr {
	uint8_t family;		/* 0: none, 4 or 6 */
	uint8_t a[16];
};

/*
 * The columns every analyzer of the ip profile uses, decoded once per
 * packet. Integers are -1 when the packet has no such field.
 */
struct cr_pkt {
	uint64_t frame;
	int64_t ts_ns;			/* epoch nanoseconds */
	uint32_t len;			/* frame length */
	struct cr_addr src, dst;	/* first IP layer */
	int proto;			/* IP protocol number */
	int sport, dport;		/* TCP or UDP ports */
	int64_t tcp_stream, udp_stream;
	const char *protocols;		/* "eth:ethertype:ip:tcp", "" unknown */
	uint32_t interface_id;
	const struct cr_row *row;	/* raw record (NULL for native sources) */
};

/* Address helpers (addr.c). */
bool cr_addr_parse(struct cr_addr *a, const char *s);	/* first of "a;b" */
void cr_addr_format(const struct cr_addr *a, char *buf, size_t size);	/* INET6_ADDRSTRLEN */
int cr_addr_cmp(const struct cr_addr *x, const struct cr_addr *y);
/* Equality on the hot path: fixed-size compares, no call. */
static inline bool cr_addr_equal(const struct cr_addr *x, const struct cr_addr *y)
{
	uint64_t a0, a1, b0, b1;

	if (x->family != y->family)
		return false;
	__builtin_memcpy(&a0, x->a, 8);
	__builtin_memcpy(&b0, y->a, 8);
	if (x->family == 4)
		return (uint32_t)a0 == (uint32_t)b0;
	__builtin_memcpy(&a1, x->a + 8, 8);
	__builtin_memcpy(&b1, y->a + 8, 8);
	return a0 == b0 && a1 == b1;
}
guint cr_addr_hash(const struct cr_addr *a);

struct cr_cidr {
	struct cr_addr net;
	int bits;
};
bool cr_cidr_parse(struct cr_cidr *c, const char *s);
bool cr_cidr_match(const struct cr_cidr *c, const struct cr_addr *a);

/* ---- running an input ----------------------------------------------- */

enum cr_input_kind {
	CR_INPUT_PCAP,
	CR_INPUT_PCAPNG,
	CR_INPUT_GZIP,		/* gzip-compressed pcap or pcapng */
	CR_INPUT_CSV,		/* a CSV written by capreport or tshark -T fields */
	CR_INPUT_TCPDUMP,	/* tcpdump text */
	CR_INPUT_UNKNOWN,
};

/* Look at the file's first bytes. Returns -1 with err when unreadable. */
int cr_input_detect(const char *path, enum cr_input_kind *kind, GError **err);
const char *cr_input_kind_name(enum cr_input_kind k);

/* What a run saw; filled by cr_input_run. */
struct cr_run_info {
	uint64_t rows;			/* rows read, before filters */
	uint64_t packets;		/* rows passed to the consumer */
	int64_t first_ts_ns, last_ts_ns;	/* min and max over all rows */
	int64_t first_row_ns;		/* time of the first row: relative filters */
	bool damaged;			/* the capture ended early */
	uint64_t last_good_frame;
	char *damage;			/* tshark's words on the damage */
	bool stopped;			/* the consumer stopped the run (its own error) */
	bool from_cache;		/* rows came from a cached CSV */
	bool tshark_ran;
	char *cache_path;		/* where the cache is (NULL: none) */
	const char *profile;		/* profile of the rows read */
	enum cr_input_kind kind;
	char *tshark_version;		/* the tshark of the cache key (NULL: none) */
	const char *engine;		/* "native" or "tshark"; NULL for a CSV input */
	uint64_t undecoded;		/* native: packets whose fields may differ from tshark's */
	struct cr_file_meta *meta;	/* native: what the capture's headers said (capmeta.h); NULL: not read natively */
};
void cr_run_info_clear(struct cr_run_info *info);

/*
 * Consumers get the header once, then every packet that passed the
 * filters. A non-zero return from `header` or `packet` stops the run:
 * cr_input_run then returns CR_EXIT_OK with info->stopped set, keeps no
 * cache, and leaves reporting the reason to the consumer's owner.
 */
struct cr_consumer {
	int (*header)(void *user, const struct cr_row *names);
	int (*packet)(void *user, const struct cr_pkt *p);
	void *user;
	bool no_streams;	/* reads no tcp_stream/udp_stream: the native engine need not number them */
};

/*
 * Read `path` with the smallest row source that serves `want`:
 * a valid cache, else tshark (teeing into a new cache), or a CSV input.
 * Returns a cr_exit code (CR_EXIT_DAMAGED still delivered rows).
 */
int cr_input_run(struct cr_ctx *ctx, const char *path, const struct cr_profile *want,
		 const struct cr_consumer *c, struct cr_run_info *info, GError **err);

/* ---- pieces used by cr_input_run ------------------------------------ */

/* Bind header names to the packet columns (binding.c). */
struct cr_binding;
struct cr_binding *cr_binding_new(const struct cr_row *header);
void cr_binding_free(struct cr_binding *b);
/* Decode one row. Returns false when the row is not a packet row. */
/*
 * The protocol an IPv6 packet carries: `nxt` (ipv6.nxt, the fixed header's
 * value) unless that names an extension header (hop-by-hop, routing,
 * fragment, destination options), then the first ICMPv6/TCP/UDP layer of
 * `protocols` (frame.protocols), else `nxt` itself.
 */
int cr_ip6_upper_proto(int nxt, const char *protocols);
bool cr_binding_decode(const struct cr_binding *b, const struct cr_row *row, struct cr_pkt *p);
/* Index of a named column, -1 when absent. */
int cr_binding_column(const struct cr_binding *b, const char *name);

/* Streaming CSV parser (csvread.c). A field longer than the cap is cut to it. */
#define CR_CSV_FIELD_CAP_KIB 64
typedef int (*cr_row_fn)(void *user, const struct cr_row *row);
struct cr_csv;
struct cr_csv *cr_csv_new(cr_row_fn fn, void *user);
void cr_csv_free(struct cr_csv *c);
/* Feed bytes; returns -1 when the callback stopped or the CSV is malformed. */
int cr_csv_feed(struct cr_csv *c, const char *buf, size_t len, GError **err);
int cr_csv_finish(struct cr_csv *c, GError **err);
/* Fields cut so far at the reader's length cap (64 KiB). */
uint64_t cr_csv_cut_fields(const struct cr_csv *c);
/* Parse a whole file; *cut (may be NULL) gets the number of fields cut at the cap. */
int cr_csv_read_file(const char *path, cr_row_fn fn, void *user, uint64_t *cut, GError **err);

/* Row filter (filter.c): true when the packet passes. */
bool cr_filter_match(struct cr_filter *f, const struct cr_pkt *p, int64_t first_ts_ns);
bool cr_filter_active(const struct cr_filter *f);
/* Parse the option values; false with err on a bad value. */
bool cr_filter_set_time(struct cr_filter *f, bool from, const char *arg, GError **err);
bool cr_filter_add_host(struct cr_filter *f, const char *arg, GError **err);
bool cr_filter_set_proto(struct cr_filter *f, const char *arg, GError **err);
void cr_filter_clear(struct cr_filter *f);

/* Time parsing (util.c): "2024-03-09T21:58:00Z", "2024-03-09 21:58", epoch "1710021480.5". */
bool cr_parse_time(const char *s, int64_t *ns, GError **err);
bool cr_parse_duration(const char *s, int64_t *ns);	/* "30s", "5m", "1h", "1d", "250ms" */
/* Epoch "1710021480.123456789" → ns, exact. */
bool cr_parse_epoch(const char *s, int64_t *ns);

#endif
