/* write-graph.c - the IP graph's edges as a table, DOT, JSON, Circos tableviewer matrix, SVG (via Graphviz or drawn here). */
#include "child.h"
#include "graph.h"
#include "outfile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void cr_graph_free(struct cr_graph *g)
{
	if (!g)
		return;
	g_ptr_array_free(g->edges, TRUE);
	g_free(g);
}

static const struct cr_column_def edge_columns[] = {
	{ "src", CR_COL_ADDR }, { "dst", CR_COL_ADDR }, { "packets", CR_COL_INT }, { "bytes", CR_COL_BYTES },
	{ NULL, 0 },
};

struct cr_table *cr_graph_table(const struct cr_graph *g)
{
	struct cr_table *t = cr_table_new("edges", "IP graph edges (source to destination)");

	cr_table_add_columns(t, edge_columns);
	for (guint i = 0; i < g->edges->len; i++) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, i);
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_text(&row[0], e->src);
		cr_cell_text(&row[1], e->dst);
		cr_cell_int(&row[2], (int64_t)e->packets);
		cr_cell_int(&row[3], (int64_t)e->bytes);
	}
	if (g->edges->len < g->total_edges)
		cr_table_add_note(t, "the %u edges with the most bytes of %zu", g->edges->len, g->total_edges);
	return t;
}

static int stream_done(FILE *out, GError **err)
{
	if (ferror(out)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write: %s", g_strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

/* A DOT quoted string: quotes and backslashes escaped, control bytes dropped. */
static void dot_string(GString *s, const char *v)
{
	g_string_append_c(s, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			g_string_append_c(s, '\\');
		if ((unsigned char)*v >= 0x20)
			g_string_append_c(s, *v);
	}
	g_string_append_c(s, '"');
}

static char *human(uint64_t v)
{
	return cr_fmt_human((double)v, "B");
}

int cr_graph_write_dot(const struct cr_graph *g, FILE *out, GError **err)
{
	GString *s = g_string_new("digraph ip {\n"
				  "\tgraph [rankdir=LR, overlap=false, fontname=\"Helvetica\"];\n"
				  "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", fontname=\"Helvetica\"];\n"
				  "\tedge [fontname=\"Helvetica\", fontsize=10, color=\"#4a6fa5\"];\n");
	double lmax = 1;

	for (guint i = 0; i < g->edges->len; i++) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, i);
		lmax = MAX(lmax, log1p((double)e->bytes));
	}
	for (guint i = 0; i < g->edges->len; i++) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, i);
		char *h = human(e->bytes), *label;
		char width[G_ASCII_DTOSTR_BUF_SIZE];

		g_ascii_formatd(width, sizeof(width), "%.2f", 1.0 + 7.0 * log1p((double)e->bytes) / lmax);
		label = g_strdup_printf("%" G_GUINT64_FORMAT " pkts\\n%s", e->packets, h);
		g_string_append_c(s, '\t');
		dot_string(s, e->src);
		g_string_append(s, " -> ");
		dot_string(s, e->dst);
		/* The label holds our own "\n" line break: written as is, it is not capture text. */
		g_string_append_printf(s, " [penwidth=%s, label=\"%s\"];\n", width, label);
		g_free(label);
		g_free(h);
	}
	g_string_append(s, "}\n");
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	return stream_done(out, err);
}

/* JSON string escaping for addresses and names. */
static void json_string(GString *s, const char *v)
{
	g_string_append_c(s, '"');
	for (; *v; v++) {
		unsigned char ch = (unsigned char)*v;
		if (ch == '"' || ch == '\\')
			g_string_append_printf(s, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			g_string_append_printf(s, "\\u%04x", ch);
		else
			g_string_append_c(s, (char)ch);
	}
	g_string_append_c(s, '"');
}

struct node {
	const char *id;
	uint64_t pk_out, by_out, pk_in, by_in;
	guint order;
};

/* The nodes of the edges in first-seen order; a hash from name to node. */
static GPtrArray *nodes_of(const struct cr_graph *g, GHashTable **map)
{
	GPtrArray *nodes = g_ptr_array_new_with_free_func(g_free);

	*map = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < g->edges->len; i++) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, i);
		const char *ends[2] = { e->src, e->dst };
		for (int k = 0; k < 2; k++) {
			struct node *n = g_hash_table_lookup(*map, ends[k]);
			if (!n) {
				n = g_new0(struct node, 1);
				n->id = ends[k];
				n->order = nodes->len;
				g_ptr_array_add(nodes, n);
				g_hash_table_insert(*map, (gpointer)n->id, n);
			}
			if (k == 0) {
				n->pk_out += e->packets;
				n->by_out += e->bytes;
			} else {
				n->pk_in += e->packets;
				n->by_in += e->bytes;
			}
		}
	}
	return nodes;
}

int cr_graph_write_json(const struct cr_graph *g, FILE *out, GError **err)
{
	GHashTable *map;
	GPtrArray *nodes = nodes_of(g, &map);
	GString *s = g_string_new("{\"nodes\": [");

	for (guint i = 0; i < nodes->len; i++) {
		const struct node *n = g_ptr_array_index(nodes, i);
		g_string_append(s, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
		json_string(s, n->id);
		g_string_append_printf(s,
				       ", \"packets_out\": %" G_GUINT64_FORMAT ", \"bytes_out\": %" G_GUINT64_FORMAT
				       ", \"packets_in\": %" G_GUINT64_FORMAT ", \"bytes_in\": %" G_GUINT64_FORMAT "}",
				       n->pk_out, n->by_out, n->pk_in, n->by_in);
	}
	g_string_append(s, nodes->len ? "\n],\n\"links\": [" : "],\n\"links\": [");
	for (guint i = 0; i < g->edges->len; i++) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, i);
		g_string_append(s, i ? ",\n  {\"source\": " : "\n  {\"source\": ");
		json_string(s, e->src);
		g_string_append(s, ", \"target\": ");
		json_string(s, e->dst);
		g_string_append_printf(s, ", \"packets\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT "}",
				       e->packets, e->bytes);
	}
	g_string_append(s, g->edges->len ? "\n]}\n" : "]}\n");
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	g_hash_table_destroy(map);
	g_ptr_array_free(nodes, TRUE);
	return stream_done(out, err);
}

/* A Circos label: no tabs or line breaks, which would break the matrix. */
static void circos_label(GString *s, const char *v)
{
	for (; *v; v++)
		g_string_append_c(s, (unsigned char)*v < 0x20 ? '_' : *v);
}

int cr_graph_write_circos(const struct cr_graph *g, bool bytes, FILE *out, GError **err)
{
	GHashTable *map;
	GPtrArray *nodes = nodes_of(g, &map), *both = g_ptr_array_new();
	GHashTable *cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *s = g_string_new("ip");

	/* Only addresses that are both a source and a destination, as IP-Link. */
	for (guint i = 0; i < nodes->len; i++) {
		struct node *n = g_ptr_array_index(nodes, i);
		if (n->pk_out && n->pk_in)
			g_ptr_array_add(both, n);
	}
	for (guint i = 0; i < g->edges->len; i++) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, i);
		g_hash_table_insert(cells, g_strconcat(e->src, "\n", e->dst, NULL),
				    GSIZE_TO_POINTER(bytes ? e->bytes : e->packets));
	}
	for (guint c = 0; c < both->len; c++) {
		g_string_append_c(s, '\t');
		circos_label(s, ((struct node *)g_ptr_array_index(both, c))->id);
	}
	g_string_append_c(s, '\n');
	for (guint r = 0; r < both->len; r++) {
		const struct node *rn = g_ptr_array_index(both, r);
		circos_label(s, rn->id);
		for (guint c = 0; c < both->len; c++) {
			const struct node *cn = g_ptr_array_index(both, c);
			char *k;
			if (r == c) {
				g_string_append(s, "\t-");
				continue;
			}
			k = g_strconcat(rn->id, "\n", cn->id, NULL);
			g_string_append_printf(s, "\t%zu", GPOINTER_TO_SIZE(g_hash_table_lookup(cells, k)));
			g_free(k);
		}
		g_string_append_c(s, '\n');
	}
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	g_hash_table_destroy(cells);
	g_hash_table_destroy(map);
	g_ptr_array_free(both, TRUE);
	g_ptr_array_free(nodes, TRUE);
	return stream_done(out, err);
}

/* Text in SVG: valid UTF-8, control bytes dropped, then & < > " ' escaped (GLib's markup escaping). */
static void xml_string(GString *s, const char *v)
{
	char *valid = g_utf8_make_valid(v, -1), *esc;
	GString *kept = g_string_new(NULL);

	for (const char *p = valid; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			g_string_append_c(kept, *p);
	esc = g_markup_escape_text(kept->str, -1);
	g_string_append(s, esc);
	g_free(esc);
	g_string_free(kept, TRUE);
	g_free(valid);
}

#define SVG_W 1200.0	/* room for the labels beside the circle */
#define SVG_H 860.0
#define SVG_RADIUS 340.0

/* A point of the circle, for node i of n. */
static void on_circle(guint i, guint n, double *x, double *y)
{
	double a = -G_PI / 2 + 2 * G_PI * i / MAX(n, 1);

	*x = SVG_W / 2 + SVG_RADIUS * cos(a);
	*y = SVG_H / 2 + SVG_RADIUS * sin(a);
}

int cr_graph_write_svg(const struct cr_graph *g, FILE *out, GError **err)
{
	GHashTable *map;
	GPtrArray *nodes = nodes_of(g, &map);
	GString *s = g_string_new(NULL);
	double lmax = 1;

	for (guint i = 0; i < g->edges->len; i++)
		lmax = MAX(lmax, log1p((double)((struct cr_graph_edge *)g_ptr_array_index(g->edges, i))->bytes));
	g_string_append_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
			       "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
			       "<title>IP graph: %u edges between %u addresses</title>\n"
			       "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
			       "markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a6fa5\"/>"
			       "</marker></defs>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
			       SVG_W, SVG_H, SVG_W, SVG_H, g->edges->len, nodes->len);
	/* Edges from the smallest up, so the busiest are drawn on top. */
	for (guint k = g->edges->len; k-- > 0;) {
		const struct cr_graph_edge *e = g_ptr_array_index(g->edges, k);
		const struct node *a = g_hash_table_lookup(map, e->src), *b = g_hash_table_lookup(map, e->dst);
		double x1, y1, x2, y2, mx, my, dx, dy, len, w = 0.8 + 4.2 * log1p((double)e->bytes) / lmax;
		char *h = human(e->bytes);

		on_circle(a->order, nodes->len, &x1, &y1);
		on_circle(b->order, nodes->len, &x2, &y2);
		dx = x2 - x1;
		dy = y2 - y1;
		len = MAX(hypot(dx, dy), 1);
		/* shorten both ends to the node's dot, bend to the left of the direction */
		x1 += dx / len * 10;
		y1 += dy / len * 10;
		x2 -= dx / len * 12;
		y2 -= dy / len * 12;
		mx = (x1 + x2) / 2 - dy / len * len * 0.12;
		my = (y1 + y2) / 2 + dx / len * len * 0.12;
		g_string_append_printf(s, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#4a6fa5\" "
				       "stroke-opacity=\"0.7\" stroke-width=\"%.2f\" marker-end=\"url(#arrow)\"><title>",
				       x1, y1, mx, my, x2, y2, w);
		xml_string(s, e->src);
		g_string_append(s, " \xe2\x86\x92 ");
		xml_string(s, e->dst);
		g_string_append_printf(s, ": %" G_GUINT64_FORMAT " packets, %s</title></path>\n", e->packets, h);
		g_free(h);
	}
	for (guint i = 0; i < nodes->len; i++) {
		const struct node *n = g_ptr_array_index(nodes, i);
		double x, y;
		char *out_h = human(n->by_out), *in_h = human(n->by_in);
		const char *anchor;

		on_circle(i, nodes->len, &x, &y);
		anchor = x < SVG_W / 2 - 1 ? "end" : x > SVG_W / 2 + 1 ? "start" : "middle";
		g_string_append_printf(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"#eef3fb\" stroke=\"#2f5f98\"/>\n"
				       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y,
				       x + (x - SVG_W / 2) / SVG_RADIUS * 14, y + (y - SVG_H / 2) / SVG_RADIUS * 14 + 4,
				       anchor);
		xml_string(s, n->id);
		g_string_append_printf(s, "<tspan fill=\"#5b6475\" font-size=\"10\"> (%s out, %s in)</tspan></text>\n",
				       out_h, in_h);
		g_free(out_h);
		g_free(in_h);
	}
	g_string_append(s, "</svg>\n");
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	g_hash_table_destroy(map);
	g_ptr_array_free(nodes, TRUE);
	return stream_done(out, err);
}

char *cr_graph_find_dot(void)
{
	return g_find_program_in_path("dot");
}

int cr_graph_render(const char *dot_prog, const char *dot_file, const char *svg, GError **err)
{
	struct cr_outfile o;
	struct cr_child c = { 0 };
	GError *e2 = NULL;
	int rc = -1;

	if (cr_outfile_open_full(&o, svg, CR_OUTFILE_DEVICE, err) != 0)
		return -1;
	{
		const char *argv[] = { dot_prog, "-Tsvg", "-o", o.tmp, dot_file, NULL };
		c.argv = (char **)argv;
		if (cr_child_run(&c, &e2) != 0) {
			g_set_error(err, CR_ERROR, CR_EXIT_PLOTS, "cannot run '%s': %s", dot_prog, e2->message);
			g_error_free(e2);
			goto out;
		}
	}
	if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0) {
		char *said = cr_child_quote_stderr(&c);
		g_set_error(err, CR_ERROR, CR_EXIT_PLOTS, "dot failed on '%s': %s", dot_file, said);
		g_free(said);
		goto out;
	}
	rc = cr_outfile_commit(&o, err);
out:
	cr_child_clear(&c);
	cr_outfile_abort(&o);
	return rc;
}
