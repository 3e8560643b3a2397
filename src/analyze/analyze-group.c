/* analyze-group.c - packets and bytes per value of one exported field (--group-by), with the endpoints or conversations behind each value. */
#include "analyze.h"
#include "tshark.h"

#include <string.h>

#define VALUE_MAX 256	/* bytes of a value kept; longer ones are cut (on a UTF-8 boundary) */

struct value {
	char *name;
	uint64_t packets, bytes;
	int64_t first, last;
	bool timed;		/* first and last hold a time */
	GHashTable *who;	/* distinct endpoints or conversations: string keys, owned */
};

struct cr_group {
	char *field;
	enum cr_group_kind kind;
	enum cr_conv_by by;
	int col;		/* column of the field in the current input, -1: none */
	GHashTable *values;	/* name → struct value * (owns both) */
	uint64_t without;	/* packets without a value */
	uint64_t several;	/* packets with more than one value */
	uint64_t no_rows;	/* packets from a source without columns (tcpdump text) */
	bool missing;		/* an input had no such column */
};

static void value_free(gpointer p)
{
	struct value *v = p;

	g_free(v->name);
	g_hash_table_destroy(v->who);
	g_free(v);
}

struct cr_group *cr_group_new(const char *field, enum cr_group_kind kind, enum cr_conv_by by)
{
	struct cr_group *g = g_new0(struct cr_group, 1);

	g->field = g_strdup(field);
	g->kind = kind;
	g->by = by;
	g->col = -1;
	/* Keys point at the values' names, which value_free frees. */
	g->values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, value_free);
	return g;
}

void cr_group_free(struct cr_group *g)
{
	if (!g)
		return;
	g_hash_table_destroy(g->values);
	g_free(g->field);
	g_free(g);
}

bool cr_group_missing(const struct cr_group *g)
{
	return g->missing || g->no_rows > 0;
}

int cr_group_header(void *user, const struct cr_row *names)
{
	struct cr_group *g = user;

	g->col = -1;
	for (size_t i = 0; i < names->n; i++)
		if (strcmp(names->field[i], g->field) == 0)
			g->col = (int)i;
	if (g->col < 0) {
		g->missing = true;
		return -1;
	}
	return 0;
}

/* The endpoint or conversation a packet belongs to, as a key (g_free), or NULL. */
static char *who_key(const struct cr_group *g, const struct cr_pkt *p, char **second)
{
	char a[64], b[64];

	*second = NULL;
	if (g->kind == CR_GROUP_CONV && g->by == CR_CONV_TCP)
		return p->tcp_stream >= 0 ? g_strdup_printf("tcp %" G_GINT64_FORMAT, p->tcp_stream) : NULL;
	if (g->kind == CR_GROUP_CONV && g->by == CR_CONV_UDP)
		return p->udp_stream >= 0 ? g_strdup_printf("udp %" G_GINT64_FORMAT, p->udp_stream) : NULL;
	if (p->src.family == 0)
		return NULL;
	cr_addr_format(&p->src, a, sizeof(a));
	cr_addr_format(&p->dst, b, sizeof(b));
	if (g->kind == CR_GROUP_ENDPOINTS) {
		*second = g_strdup(b);
		return g_strdup(a);
	}
	return cr_addr_cmp(&p->src, &p->dst) <= 0 ? g_strconcat(a, " ", b, NULL) : g_strconcat(b, " ", a, NULL);
}

static void count(struct cr_group *g, const char *name, const struct cr_pkt *p)
{
	struct value *v = g_hash_table_lookup(g->values, name);
	char *second, *key;

	if (!v) {
		v = g_new0(struct value, 1);
		v->name = g_strdup(name);
		v->who = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_insert(g->values, v->name, v);
	}
	v->packets++;
	v->bytes += p->len;
	cr_pkt_span(p, &v->first, &v->last, &v->timed);
	if ((key = who_key(g, p, &second)))
		g_hash_table_add(v->who, key);
	if (second)
		g_hash_table_add(v->who, second);
}

int cr_group_packet(void *user, const struct cr_pkt *p)
{
	struct cr_group *g = user;
	const char *cell;
	char **parts;
	GPtrArray *seen;

	if (!p->row) {
		g->no_rows++;
		return 0;
	}
	cell = g->col >= 0 && (size_t)g->col < p->row->n ? p->row->field[g->col] : "";
	if (!*cell) {
		g->without++;
		return 0;
	}
	/* Several occurrences arrive joined by the aggregator: the packet counts under each value once. */
	parts = g_strsplit(cell, CR_TSHARK_AGGREGATOR, -1);
	seen = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; parts[i]; i++) {
		char *name;
		if (!*parts[i])
			continue;
		name = g_utf8_make_valid(parts[i], MIN(strlen(parts[i]), (size_t)VALUE_MAX));
		if (!g_ptr_array_find_with_equal_func(seen, name, g_str_equal, NULL)) {
			count(g, name, p);
			g_ptr_array_add(seen, name);
		} else {
			g_free(name);
		}
	}
	if (!seen->len)
		g->without++;
	if (seen->len > 1)
		g->several++;
	g_ptr_array_free(seen, TRUE);
	g_strfreev(parts);
	return 0;
}

static int cmp_value(gconstpointer x, gconstpointer y, gpointer data)
{
	const struct value *a = *(const struct value *const *)x, *b = *(const struct value *const *)y;
	bool bytes = data && strcmp(data, "bytes") == 0;
	uint64_t ka = bytes ? a->bytes : a->packets, kb = bytes ? b->bytes : b->packets;

	if (ka != kb)
		return ka > kb ? -1 : 1;
	return strcmp(a->name, b->name);
}

struct cr_table *cr_group_table(const struct cr_group *g, const char *sort)
{
	bool ep = g->kind == CR_GROUP_ENDPOINTS;
	char *name = g_strdup_printf("%s_by_value", ep ? "endpoints" : "conversations");
	char *title = g_strdup_printf("%s by %s", ep ? "Endpoints" : "Conversations", g->field);
	struct cr_table *t = cr_table_new(name, title);
	GPtrArray *order = g_ptr_array_new();
	GList *vals = g_hash_table_get_values(g->values);

	for (GList *l = vals; l; l = l->next)
		g_ptr_array_add(order, l->data);
	g_list_free(vals);

	cr_table_add_column(t, g->field, CR_COL_TEXT);
	cr_table_add_column(t, ep ? "endpoints" : "conversations", CR_COL_INT);
	cr_table_add_column(t, "packets", CR_COL_INT);
	cr_table_add_column(t, "bytes", CR_COL_BYTES);
	cr_table_add_column(t, "first", CR_COL_TIME);
	cr_table_add_column(t, "last", CR_COL_TIME);
	g_ptr_array_sort_with_data(order, cmp_value, (gpointer)sort);
	for (guint i = 0; i < order->len; i++) {
		const struct value *v = g_ptr_array_index(order, i);
		struct cr_cell *row = cr_table_add_row(t);

		cr_cell_text(&row[0], v->name);
		cr_cell_int(&row[1], g_hash_table_size(v->who));
		cr_cell_int(&row[2], (int64_t)v->packets);
		cr_cell_int(&row[3], (int64_t)v->bytes);
		if (v->timed) {
			cr_cell_int(&row[4], v->first);
			cr_cell_int(&row[5], v->last);
		}
	}
	if (g->without)
		cr_table_add_note(t, "%" G_GUINT64_FORMAT " packets without %s are not counted", g->without, g->field);
	if (g->several)
		cr_table_add_note(t, "%" G_GUINT64_FORMAT " packets with several values of %s count under each of them",
				  g->several, g->field);
	g_ptr_array_free(order, TRUE);
	g_free(name);
	g_free(title);
	return t;
}
