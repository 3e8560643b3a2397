/* input.h - inputs turned into one stream of packets: detect the kind, run one input into a consumer (input.c). */
#ifndef CR_INPUT_H
#define CR_INPUT_H

#include "capreport.h"
#include "packet.h"
#include "profile.h"

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
	uint64_t untimed_rows;		/* rows without a time (pcapng simple packet blocks), in `rows` */
	uint64_t untimed;		/* of them, passed to the consumer (in `packets`) */
	bool timed;			/* some row had a time: the three times below mean something */
	int64_t first_ts_ns, last_ts_ns;	/* min and max over the rows with a time */
	int64_t first_row_ns;		/* time of the first row with a time: relative filters */
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
	struct cr_file_meta *meta;	/* what the capture's headers said (capmeta.h), natively or from a copy; NULL: not read */
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
 * Read `path` ('-': standard input) with the smallest row source that
 * serves `want`: a valid cache, else tshark (teeing into a new cache), or
 * a CSV input; an input read once through its copy (cr_input_file).
 * Returns a cr_exit code (CR_EXIT_DAMAGED still delivered rows).
 */
int cr_input_run(struct cr_ctx *ctx, const char *path, const struct cr_profile *want,
		 const struct cr_consumer *c, struct cr_run_info *info, GError **err);

/*
 * Might `path` hold TCP? false only for a pcap, pcapng or
 * gzip capture that a native read decodes whole without finding a TCP
 * packet; the read stops at the first one, so it costs little.
 */
bool cr_tcp_maybe_in(struct cr_ctx *ctx, const char *path);

#endif
