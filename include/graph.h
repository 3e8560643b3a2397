/* graph.h - the IP graph: directed address → address edges, written as DOT, JSON or a Circos matrix. */
#ifndef CR_GRAPH_H
#define CR_GRAPH_H

#include "table.h"

struct cr_graph_edge {
	char *src, *dst;
	uint64_t packets, bytes;
};

/* Edges sorted by bytes, most first (cr_rank_graph in analyze.h makes one); cr_graph_free(). */
struct cr_graph {
	GPtrArray *edges;	/* of struct cr_graph_edge *, owned */
	size_t total_edges;	/* before --top */
};

void cr_graph_free(struct cr_graph *g);

/* Table "edges": src, dst, packets, bytes. Caller frees. */
struct cr_table *cr_graph_table(const struct cr_graph *g);

/*
 * Writers; each returns 0, or -1 with err when the stream failed.
 * DOT: a digraph, edge width growing with bytes, labels "N pkts / bytes".
 * JSON: {"nodes": [{"id", "packets_out", "bytes_out", "packets_in", "bytes_in"}],
 *        "links": [{"source", "target", "packets", "bytes"}]}.
 * Circos: the tab-separated matrix Circos' tableviewer reads, as IP-Link
 * writes it: first cell "ip", only addresses that are both a source and a
 * destination, "-" on the diagonal, packets (or bytes) elsewhere.
 */
int cr_graph_write_dot(const struct cr_graph *g, FILE *out, GError **err);
int cr_graph_write_json(const struct cr_graph *g, FILE *out, GError **err);
int cr_graph_write_circos(const struct cr_graph *g, bool bytes, FILE *out, GError **err);
/*
 * SVG drawn without Graphviz: the addresses on a circle, an arrow per edge
 * (curved, so the two directions of a pair stay apart), thicker with more
 * bytes, each address labelled with its bytes sent and received.
 */
int cr_graph_write_svg(const struct cr_graph *g, FILE *out, GError **err);

/* Graphviz `dot` in PATH, or NULL (g_free). */
char *cr_graph_find_dot(void);
/*
 * Render a DOT file to SVG with `dot` (argv, no shell; its stderr quoted
 * on failure). The SVG is written to a temporary beside `svg` and renamed.
 */
int cr_graph_render(const char *dot_prog, const char *dot_file, const char *svg, GError **err);

#endif
