/*
 * analyze-report.h - packet-level analyzers behind the report's plots:
 * size histogram, a bounded packet sample, throughput per time bin.
 * Each holds bounded aggregates, never the packets themselves.
 */
#ifndef CR_ANALYZE_REPORT_H
#define CR_ANALYZE_REPORT_H

#include "packet.h"
#include "table.h"

/*
 * Packet sizes (analyze-sizes.c): frame lengths in 20-byte bins up to 1600,
 * then 1600-2559, 2560-5119 and 5120 or more. Every boundary of tshark's
 * `-z plen,tree` buckets (20, 40, 80, ... 5120) is a boundary here, so sums
 * of these bins equal tshark's counts.
 */
struct cr_sizes;
struct cr_sizes *cr_sizes_new(void);
void cr_sizes_free(struct cr_sizes *s);
int cr_sizes_packet(void *s, const struct cr_pkt *p);
/* Table "sizes": from, to (inclusive, null: open), packets, bytes, percent. Caller frees. */
struct cr_table *cr_sizes_table(const struct cr_sizes *s);

/*
 * A sample of IP packets for plots that show single packets
 * (analyze-sample.c): the first packet of every distinct (second,
 * destination port) and (source, destination, destination port)
 * combination (a bounded set, so rare events stay), and a uniform sample
 * of at most `max` of the others, kept with reservoir sampling (Vitter's
 * algorithm R) and a fixed seed, so the same capture gives the same sample.
 */
struct cr_sample;
struct cr_sample *cr_sample_new(size_t max);
void cr_sample_free(struct cr_sample *s);
int cr_sample_packet(void *s, const struct cr_pkt *p);
uint64_t cr_sample_seen(const struct cr_sample *s);	/* IP packets offered */
/*
 * Table "packet_sample", in time order: time, rel_time (seconds from
 * `first_ns`), src, dst, sport, dport, proto (a name), src_rank and
 * dst_rank (the address's place among the sample's addresses, sorted,
 * 0-based: a numeric axis for IPv4 and IPv6 alike). Caller frees.
 */
struct cr_table *cr_sample_table(const struct cr_sample *s, int64_t first_ns);


/*
 * Throughput over time (analyze-rate.c): bytes per time bin, in total and
 * per unordered address pair. Bins start at 1 ms and double (merging
 * pairs) whenever the capture would need more than `max_bins`. Pairs keep
 * their series while at most max_keys / 4 (0: no bound) have been seen; past
 * that, the `top` pairs are found in bounded memory (topn.h) over further
 * passes and a last pass sums their bins: cr_rate_pass_done after each
 * pass over every input says whether the table is ready.
 */
struct cr_rate;
struct cr_rate *cr_rate_new(int max_bins, int top, size_t max_keys);
void cr_rate_free(struct cr_rate *r);
int cr_rate_packet(void *r, const struct cr_pkt *p);
bool cr_rate_pass_done(void *r);
/*
 * Table "throughput" (when ready): one row per bin from the first packet
 * to the last: rel_time (bin start, seconds), time, packets, bits_per_s,
 * then one bits-per-second column "A <> B" for each of the `top` pairs
 * with the most bytes, ties to the first seen. Caller frees.
 */
struct cr_table *cr_rate_table(const struct cr_rate *r);

#endif
