/* analyze-info.c - the capture summary: counts, times, rates, protocols, interfaces. */
#include "analyze.h"
#include "native.h"
#include "util.h"

#include <string.h>

struct proto_count {
	uint64_t packets, bytes;
};

struct cr_info {
	uint64_t packets, bytes, v4, v6, other;
	uint64_t untimed, untimed_bytes;	/* packets without a time: counted, not in the times or rates */
	uint64_t tunnelled;	/* packets with an IP layer inside another */
	int64_t first, last;
	bool timed;		/* first and last hold a time */
	GHashTable *protos;	/* highest layer name → struct proto_count * */
	GHashTable *ifaces;	/* interface id → packets */
	char *last_protocols;	/* one-entry memo: rows repeat their stacks */
	struct proto_count *last_count;
};

struct cr_info *cr_info_new(void)
{
	struct cr_info *i = g_new0(struct cr_info, 1);

	i->protos = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	i->ifaces = g_hash_table_new(g_direct_hash, g_direct_equal);
	return i;
}

void cr_info_free(struct cr_info *i)
{
	if (!i)
		return;
	g_hash_table_destroy(i->protos);
	g_hash_table_destroy(i->ifaces);
	g_free(i->last_protocols);
	g_free(i);
}

int cr_info_packet(void *user, const struct cr_pkt *p)
{
	struct cr_info *i = user;
	const char *top;
	struct proto_count *pc;
	gpointer n;

	cr_pkt_span(p, &i->first, &i->last, &i->timed);
	if (p->untimed) {
		i->untimed++;
		i->untimed_bytes += p->len;
	}
	i->packets++;
	i->bytes += p->len;
	if (p->src.family == 4)
		i->v4++;
	else if (p->src.family == 6)
		i->v6++;
	else
		i->other++;
	if (p->ninner)
		i->tunnelled++;

	if (i->last_protocols && strcmp(i->last_protocols, p->protocols) == 0) {
		pc = i->last_count;
	} else {
		top = strrchr(p->protocols, ':');
		top = top ? top + 1 : (*p->protocols ? p->protocols : "unknown");
		pc = g_hash_table_lookup(i->protos, top);
		if (!pc) {
			pc = g_new0(struct proto_count, 1);
			g_hash_table_insert(i->protos, g_strndup(top, 64), pc);
		}
		g_free(i->last_protocols);
		i->last_protocols = g_strdup(p->protocols);
		i->last_count = pc;
	}
	pc->packets++;
	pc->bytes += p->len;

	n = g_hash_table_lookup(i->ifaces, GUINT_TO_POINTER(p->interface_id + 1));
	g_hash_table_insert(i->ifaces, GUINT_TO_POINTER(p->interface_id + 1),
			    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
	return 0;
}

struct proto_row {
	const char *name;
	const struct proto_count *c;
};

static int cmp_proto(gconstpointer x, gconstpointer y)
{
	const struct proto_row *a = x, *b = y;

	if (a->c->packets != b->c->packets)
		return a->c->packets > b->c->packets ? -1 : 1;
	return strcmp(a->name, b->name);
}

GPtrArray *cr_info_tables(const struct cr_info *i, const char *capture, const struct cr_run_info *run)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	struct cr_table *s = cr_table_new("summary", "Capture summary");
	bool native = run->engine && strcmp(run->engine, "native") == 0;
	struct cr_table *pt = cr_table_new("protocols", native ? "Protocols (highest layer up to the transport)"
							       : "Protocols (highest layer)");
	struct cr_table *it = cr_table_new("interfaces", "Interfaces");
	double dur = i->timed ? (double)(i->last - i->first) / 1e9 : 0;
	uint64_t timed = i->packets - i->untimed, timed_bytes = i->bytes - i->untimed_bytes;
	struct cr_file_meta meta = { 0 };
	const struct cr_file_meta *mp = NULL;
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct proto_row));
	GHashTableIter hi;
	gpointer k, v;

	cr_table_add_column(s, "metric", CR_COL_TEXT);
	cr_table_add_column(s, "value", CR_COL_TEXT);
	cr_table_add_metric(s, "file", g_strdup(capture), false);
	cr_table_add_metric(s, "format", g_strdup(cr_input_kind_name(run->kind)), false);
	cr_table_add_metric(s, "engine", g_strdup(run->engine ? run->engine : "none (CSV input)"), false);
	cr_table_add_metric(s, "packets", g_strdup_printf("%" G_GUINT64_FORMAT, i->packets), true);
	cr_table_add_metric(s, "bytes", g_strdup_printf("%" G_GUINT64_FORMAT, i->bytes), true);
	/* The times and rates are those of the packets with a time. */
	if (i->untimed)
		cr_table_add_metric(s, "packets_without_time", g_strdup_printf("%" G_GUINT64_FORMAT, i->untimed), true);
	cr_table_add_metric(s, "first_packet", i->timed ? cr_fmt_time_iso(i->first) : NULL, false);
	cr_table_add_metric(s, "last_packet", i->timed ? cr_fmt_time_iso(i->last) : NULL, false);
	cr_table_add_metric(s, "duration_s", g_strdup_printf("%.6f", dur), true);
	cr_table_add_metric(s, "mean_packet_size",
			    i->packets ? g_strdup_printf("%.2f", (double)i->bytes / (double)i->packets) : NULL, true);
	cr_table_add_metric(s, "mean_packets_per_s", dur > 0 ? g_strdup_printf("%.3f", (double)timed / dur) : NULL, true);
	cr_table_add_metric(s, "mean_bits_per_s", dur > 0 ? g_strdup_printf("%.0f", (double)timed_bytes * 8 / dur) : NULL,
			    true);
	cr_table_add_metric(s, "ipv4_packets", g_strdup_printf("%" G_GUINT64_FORMAT, i->v4), true);
	cr_table_add_metric(s, "ipv6_packets", g_strdup_printf("%" G_GUINT64_FORMAT, i->v6), true);
	cr_table_add_metric(s, "other_packets", g_strdup_printf("%" G_GUINT64_FORMAT, i->other), true);
	if (i->tunnelled)
		cr_table_add_note(s, "The capture holds tunnels: %" G_GUINT64_FORMAT " packets carry an IP layer inside "
				  "another; the conversation and endpoint tables count every IP layer, as tshark's do.",
				  i->tunnelled);
	if (run->damaged)
		cr_table_add_metric(s, "damaged", g_strdup_printf("yes: results up to frame %" G_GUINT64_FORMAT,
								  run->last_good_frame), false);

	cr_table_add_column(pt, "protocol", CR_COL_TEXT);
	cr_table_add_column(pt, "packets", CR_COL_INT);
	cr_table_add_column(pt, "bytes", CR_COL_BYTES);
	cr_table_add_column(pt, "percent_packets", CR_COL_FLOAT);
	g_hash_table_iter_init(&hi, i->protos);
	while (g_hash_table_iter_next(&hi, &k, &v)) {
		struct proto_row r = { k, v };
		g_array_append_val(rows, r);
	}
	g_array_sort(rows, cmp_proto);
	for (guint r = 0; r < rows->len; r++) {
		const struct proto_row *pr = &g_array_index(rows, struct proto_row, r);
		struct cr_cell *row = cr_table_add_row(pt);
		cr_cell_text(&row[0], pr->name);
		cr_cell_int(&row[1], (int64_t)pr->c->packets);
		cr_cell_int(&row[2], (int64_t)pr->c->bytes);
		cr_cell_float(&row[3], 100.0 * (double)pr->c->packets / (double)i->packets);
	}
	g_array_free(rows, TRUE);
	if (native)
		cr_table_add_note(pt, "The native engine stops at TCP, UDP and ICMP: --engine tshark names the layers above.");

	cr_table_add_column(it, "id", CR_COL_INT);
	cr_table_add_column(it, "name", CR_COL_TEXT);
	cr_table_add_column(it, "description", CR_COL_TEXT);
	cr_table_add_column(it, "link_type", CR_COL_TEXT);
	cr_table_add_column(it, "packets", CR_COL_INT);
	/* The headers came with the packets from the native reader; from tshark or a cache, read them. */
	if (run->meta)
		mp = run->meta;
	else if (run->kind != CR_INPUT_CSV && run->kind != CR_INPUT_TCPDUMP && cr_file_meta_read(capture, &meta, NULL) == 0)
		mp = &meta;
	if (mp) {
		for (guint n = 0; n < mp->ifaces->len; n++) {
			const struct cr_iface *f = g_ptr_array_index(mp->ifaces, n);
			struct cr_cell *row = cr_table_add_row(it);
			gpointer c = g_hash_table_lookup(i->ifaces, GUINT_TO_POINTER(n + 1));
			cr_cell_int(&row[0], n);
			cr_cell_text(&row[1], f->name);
			cr_cell_text(&row[2], f->description);
			cr_cell_text(&row[3], cr_linktype_name(f->linktype));
			cr_cell_int(&row[4], (int64_t)GPOINTER_TO_SIZE(c));
		}
		for (guint n = 0; n < mp->comments->len; n++)
			cr_table_add_metric(s, "comment", g_strdup(g_ptr_array_index(mp->comments, n)), false);
		cr_table_add_metric(s, "interfaces", g_strdup_printf("%u", mp->ifaces->len), true);
	}
	cr_file_meta_clear(&meta);

	g_ptr_array_add(out, s);
	g_ptr_array_add(out, pt);
	g_ptr_array_add(out, it);
	return out;
}
