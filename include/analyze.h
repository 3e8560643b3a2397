/* analyze.h - analyzers: consume packets, hold aggregates, produce tables. */
#ifndef CR_ANALYZE_H
#define CR_ANALYZE_H

#include "capmeta.h"
#include "input.h"
#include "table.h"

/* Conversations (analyze-conv.c): per address pair or per TCP/UDP stream. */
enum cr_conv_by { CR_CONV_IP, CR_CONV_TCP, CR_CONV_UDP };
struct cr_conv;
struct cr_conv *cr_conv_new(enum cr_conv_by by);
void cr_conv_free(struct cr_conv *c);
int cr_conv_packet(void *conv, const struct cr_pkt *p);
/*
 * The table, sorted by `sort` ("packets", "bytes", "start", "duration").
 * Relative starts count from `first_ns`, the capture's first packet.
 */
struct cr_table *cr_conv_table(const struct cr_conv *c, int64_t first_ns, const char *sort);
bool cr_conv_by_parse(const char *s, enum cr_conv_by *by);

/* Endpoints (analyze-endpoints.c): per address, as tshark's endpoints,ip. */
struct cr_endpoints;
struct cr_endpoints *cr_endpoints_new(void);
void cr_endpoints_free(struct cr_endpoints *e);
int cr_endpoints_packet(void *e, const struct cr_pkt *p);
struct cr_table *cr_endpoints_table(const struct cr_endpoints *e, const char *sort);

/*
 * Packets and bytes per value of one exported field, --group-by
 * (analyze-group.c). The consumer needs the header (cr_group_header finds
 * the column; it stops the run when the input has none). A packet whose
 * field holds several values (joined by tshark's aggregator) counts under
 * each distinct one. Per value it counts the distinct endpoints
 * (addresses) or conversations (address pairs, or TCP/UDP streams with
 * `by`). cr_group_new() / cr_group_free(); the caller frees the table.
 */
enum cr_group_kind { CR_GROUP_ENDPOINTS, CR_GROUP_CONV };
struct cr_group;
struct cr_group *cr_group_new(const char *field, enum cr_group_kind kind, enum cr_conv_by by);
void cr_group_free(struct cr_group *g);
int cr_group_header(void *g, const struct cr_row *names);
int cr_group_packet(void *g, const struct cr_pkt *p);
/* An input lacked the field's column, or had no columns (tcpdump text). */
bool cr_group_missing(const struct cr_group *g);
struct cr_table *cr_group_table(const struct cr_group *g, const char *sort);

/*
 * Source × destination bytes or packets (analyze-matrix.c), for the
 * heatmap and the workbook's Matrix sheet, fed packet by packet. Rows are
 * the `top` sources by what they sent, columns the `top` destinations by
 * what they received (top <= 0: all), ties to the first seen; the rest is
 * summed in an "other" row and column. At most max_keys addresses or pairs
 * are held at once (0: no bound): a scan with more takes further passes
 * over the same inputs (cr_topn_passes with cr_matrix_pass_done), not more
 * memory. cr_matrix_new() / cr_matrix_free().
 */
struct cr_matrix;
struct cr_matrix *cr_matrix_new(bool packets, int top, size_t max_keys);
void cr_matrix_free(struct cr_matrix *m);
int cr_matrix_packet(void *m, const struct cr_pkt *p);
/* The end of a pass over every input: true when the table is ready, false when another pass is needed. */
bool cr_matrix_pass_done(void *m);
/*
 * The table "matrix" (when ready): a "source" column, then one column per
 * destination; a cell without traffic is null. With `totals`, a "total"
 * column and a last "total" row. The caller frees the table.
 */
struct cr_table *cr_matrix_table(const struct cr_matrix *m, bool totals);

/*
 * Rankings fed per packet (analyze-rank.c), held in bounded memory like
 * the matrix: the `top` directed address pairs by bytes (the IP graph's
 * edges: cr_rank_graph) or the `top` addresses by bytes sent and
 * received (the table "top_talkers": addr, tx_bytes, rx_bytes, bytes,
 * packets), ties to the first seen. top <= 0: all, then max_keys is not
 * used. cr_rank_pass_done after each pass over every input: true when
 * ready. cr_rank_new() / cr_rank_free(); the caller frees the tables.
 */
enum cr_rank_kind { CR_RANK_EDGES, CR_RANK_TALKERS };
struct cr_rank;
struct cr_rank *cr_rank_new(enum cr_rank_kind kind, int top, size_t max_keys);
void cr_rank_free(struct cr_rank *r);
int cr_rank_packet(void *r, const struct cr_pkt *p);
bool cr_rank_pass_done(void *r);
struct cr_table *cr_rank_talkers(const struct cr_rank *r);
/* The ranked edges of a finished CR_RANK_EDGES ranking (graph.h); the caller frees (cr_graph_free). */
struct cr_graph;
struct cr_graph *cr_rank_graph(const struct cr_rank *r);

/* Capture summary (analyze-info.c). */
struct cr_info;
struct cr_info *cr_info_new(void);
void cr_info_free(struct cr_info *i);
int cr_info_packet(void *i, const struct cr_pkt *p);
/* Tables: summary (metric,value), protocols, interfaces. */
GPtrArray *cr_info_tables(const struct cr_info *i, const char *capture, const struct cr_run_info *run);

/* Timeline (analyze-timeline.c): packets and bytes per time bin, every bin present, and its gaps. */
#define CR_TIMELINE_MAX_BINS 10000000	/* a longer span is refused */
#define CR_TIMELINE_AUTO_BINS 2000	/* a chosen bin gives at most this many */
struct cr_bin {
	uint64_t packets, bytes;
};
struct cr_gap {
	int64_t start_ns, end_ns;	/* [start, end): the empty bins */
	uint64_t bins;
};
struct cr_timeline;
/* bin_ns 0: chosen from the span, the smallest of 1ms 10ms 100ms 1s 10s 1m 5m 15m 1h 1d that fits. */
struct cr_timeline *cr_timeline_new(int64_t bin_ns);
void cr_timeline_free(struct cr_timeline *t);
int cr_timeline_packet(void *t, const struct cr_pkt *p);
/*
 * Fix the range: [from, to) where given, else the first to the last packet's
 * bin. Returns -1 with err (CR_EXIT_USAGE) when it needs more than
 * CR_TIMELINE_MAX_BINS bins; the message proposes a bin size.
 */
int cr_timeline_finish(struct cr_timeline *t, const int64_t *from_ns, const int64_t *to_ns, GError **err);
int64_t cr_timeline_bin_ns(const struct cr_timeline *t);
int64_t cr_timeline_start_ns(const struct cr_timeline *t);	/* start of bin 0 */
size_t cr_timeline_nbins(const struct cr_timeline *t);
const struct cr_bin *cr_timeline_bins(const struct cr_timeline *t);	/* owned by t */
/* Runs of empty bins at least min_ns long (0: 5 bins); a GArray of struct cr_gap, g_array_unref. */
GArray *cr_timeline_gaps(const struct cr_timeline *t, int64_t min_ns);
/* Tables: bin_start,packets,bytes; start,end,duration,bins; metric,value. */
struct cr_table *cr_timeline_table(const struct cr_timeline *t);
struct cr_table *cr_timeline_gaps_table(const GArray *gaps);
struct cr_table *cr_timeline_summary(const struct cr_timeline *t, const GArray *gaps, int64_t gap_ns, bool by_bytes);
int64_t cr_bin_suggest(int64_t span_ns);		/* the bin the automatic choice takes */
#endif
