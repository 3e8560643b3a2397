/* report-summary.c - the capture summary as a card: facts in words, units and grouped digits. */
#include "cellfmt.h"
#include "html.h"
#include "report-int.h"
#include "util.h"

#include <math.h>
#include <string.h>

/* The value of `key` in a (metric, value) table, or NULL. */
static const char *metric(const struct cr_table *t, const char *key)
{
	for (size_t r = 0; t && r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		if (!row[0].null && strcmp(row[0].v.s, key) == 0)
			return row[1].null ? NULL : row[1].v.s;
	}
	return NULL;
}

const char *cr_report_summary_value(const struct cr_report_capture *c, const char *key)
{
	return metric(c->info_tables && c->info_tables->len ? g_ptr_array_index(c->info_tables, 0) : NULL, key);
}

/* A number as people write it: "1234567.5" → "1,234,567.5" (anything else as it is). */
void cr_report_grouped(GString *out, const char *v)
{
	size_t digits = strspn(v + (*v == '-'), "0123456789");

	if (*v == '-')
		g_string_append_c(out, *v++);
	cr_append_grouped(out, v, digits);
	cr_html_escape(out, v + digits);
}

/* A mean for people: whole above 100, one decimal above 1, two digits below, digits grouped. */
static void rounded(GString *out, const char *v)
{
	double d = v ? g_ascii_strtod(v, NULL) : 0;
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_ascii_formatd(buf, sizeof(buf), d >= 100 ? "%.0f" : d >= 1 ? "%.1f" : "%.2g", d);
	cr_report_grouped(out, buf);
}

/* A duration in words: "0.25 s", "42.3 s", "5 min 10 s", "3 h 4 min", "2 d 5 h". */
void cr_report_duration_words(GString *out, double s)
{
	uint64_t t = (uint64_t)(s + 0.5);

	if (s < 10)
		g_string_append_printf(out, "%.3g s", s);
	else if (s < 60)
		g_string_append_printf(out, "%.1f s", s);
	else if (t < 3600)
		g_string_append_printf(out, "%" G_GUINT64_FORMAT " min %" G_GUINT64_FORMAT " s", t / 60, t % 60);
	else if (t < 86400)
		g_string_append_printf(out, "%" G_GUINT64_FORMAT " h %" G_GUINT64_FORMAT " min", t / 3600, t % 3600 / 60);
	else
		g_string_append_printf(out, "%" G_GUINT64_FORMAT " d %" G_GUINT64_FORMAT " h", t / 86400, t % 86400 / 3600);
}

/* An ISO time of the summary, "2024-03-09T21:58:05.002340Z", as "2024-03-09 21:58:05 UTC". */
static void time_words(GString *out, const char *iso)
{
	char *t = g_strndup(iso, strcspn(iso, ".Z"));

	g_strdelimit(t, "T", ' ');
	cr_html_escape(out, t);
	g_string_append(out, " UTC");
	g_free(t);
}

static void fact(GString *out, const char *label, const char *html)
{
	g_string_append(out, "<div><dt>");
	cr_html_escape(out, label);
	g_string_append(out, "</dt><dd>");
	g_string_append(out, html);
	g_string_append(out, "</dd></div>\n");
}

/* The gaps the timeline found, in words ("" when it did not run). */
static void gaps_words(GString *out, const struct cr_report_capture *c)
{
	const struct cr_table *tl = NULL;
	const char *n, *min, *longest, *from;

	for (guint i = 0; i < c->tables->len && !tl; i++) {
		const struct cr_report_table *t = g_ptr_array_index(c->tables, i);
		if (strcmp(t->t->name, "timeline_summary") == 0)
			tl = t->t;
	}
	if (!tl || !(n = metric(tl, "gaps")) || !(min = metric(tl, "gap_min_s")))
		return;
	if (g_ascii_strtoll(n, NULL, 10) == 0) {
		g_string_append(out, "none: no ");
		cr_report_duration_words(out, g_ascii_strtod(min, NULL));
		g_string_append(out, " without packets");
		return;
	}
	cr_report_grouped(out, n);
	g_string_append(out, g_ascii_strtoll(n, NULL, 10) == 1 ? " span of " : " spans of ");
	cr_report_duration_words(out, g_ascii_strtod(min, NULL));
	g_string_append(out, " or more without packets");
	if ((longest = metric(tl, "longest_gap_s")) && (from = metric(tl, "longest_gap_start"))) {
		g_string_append(out, "; the longest ");
		cr_report_duration_words(out, g_ascii_strtod(longest, NULL));
		g_string_append(out, ", from ");
		time_words(out, from);
	}
}

/* The summary's metrics that the card says in words of its own. Sentinel-ended. */
static const char *const worded[] = { "file", "format", "engine", "packets", "bytes", "first_packet", "last_packet",
				      "duration_s", "mean_packet_size", "mean_packets_per_s", "mean_bits_per_s",
				      "ipv4_packets", "ipv6_packets", "other_packets", "interfaces", NULL };

/* Every other metric (comments, tunnels, damage...) as it is: "packets_without_time" → "Packets without time". */
static void other_facts(GString *out, const struct cr_report_capture *c, GString *v)
{
	const struct cr_table *s = c->info_tables->len ? g_ptr_array_index(c->info_tables, 0) : NULL;

	for (size_t r = 0; s && r < cr_table_nrows(s); r++) {
		const struct cr_cell *row = cr_table_row(s, r);
		char *label;
		if (row[0].null || row[1].null || g_strv_contains(worded, row[0].v.s))
			continue;
		label = g_strdelimit(g_strdup(row[0].v.s), "_", ' ');
		label[0] = g_ascii_toupper(label[0]);
		g_string_truncate(v, 0);
		if (row[1].v.s[strspn(row[1].v.s, "0123456789")] == '\0')
			cr_report_grouped(v, row[1].v.s);
		else
			cr_html_escape(v, row[1].v.s);
		fact(out, label, v->str);
		g_free(label);
	}
}

/* The capture summary as a card of facts in words, units and grouped digits; the table has the raw values. */
void cr_report_summary_html(GString *out, const struct cr_report_capture *c)
{
	GString *v = g_string_new(NULL);
	const char *x, *first = cr_report_summary_value(c, "first_packet"), *last = cr_report_summary_value(c, "last_packet");
	const char *dur = cr_report_summary_value(c, "duration_s"), *bytes = cr_report_summary_value(c, "bytes");
	char *h;

	g_string_append(out, "<section class=\"summary\"><h2>Summary</h2>\n<dl>\n");
	cr_report_grouped(v, (x = cr_report_summary_value(c, "packets")) ? x : "0");
	g_string_append(v, " packets");
	if ((x = cr_report_summary_value(c, "ipv4_packets"))) {
		g_string_append(v, " <small>(IPv4 ");
		cr_report_grouped(v, x);
		g_string_append(v, ", IPv6 ");
		cr_report_grouped(v, (x = cr_report_summary_value(c, "ipv6_packets")) ? x : "0");
		g_string_append(v, ", other ");
		cr_report_grouped(v, (x = cr_report_summary_value(c, "other_packets")) ? x : "0");
		g_string_append(v, ")</small>");
	}
	fact(out, "Packets", v->str);
	g_string_truncate(v, 0);
	cr_report_grouped(v, bytes ? bytes : "0");
	h = cr_fmt_human(bytes ? g_ascii_strtod(bytes, NULL) : 0, "B");
	g_string_append_printf(v, " bytes <small>(%s, frame lengths)</small>", h);
	g_free(h);
	fact(out, "Bytes", v->str);
	if (first && last && dur) {
		g_string_truncate(v, 0);
		cr_report_duration_words(v, g_ascii_strtod(dur, NULL));
		g_string_append(v, ", from ");
		time_words(v, first);
		g_string_append(v, " to ");
		time_words(v, last);
		fact(out, "Span", v->str);
	}
	g_string_truncate(v, 0);
	gaps_words(v, c);
	if (v->len)
		fact(out, "Gaps", v->str);
	if ((x = cr_report_summary_value(c, "mean_bits_per_s"))) {
		g_string_truncate(v, 0);
		h = cr_fmt_human(g_ascii_strtod(x, NULL), "bit/s");
		g_string_append_printf(v, "%s, ", h);
		g_free(h);
		rounded(v, cr_report_summary_value(c, "mean_packets_per_s"));
		g_string_append(v, " packets/s, ");
		rounded(v, cr_report_summary_value(c, "mean_packet_size"));
		g_string_append(v, " bytes a packet");
		fact(out, "Average", v->str);
	}
	g_string_truncate(v, 0);
	cr_append_count(v, c->hosts);
	g_string_append(v, " addresses, ");
	cr_append_count(v, cr_table_nrows(c->conversations));
	g_string_append(v, " address pairs");
	fact(out, "Hosts", v->str);
	g_string_truncate(v, 0);
	cr_html_escape(v, c->name);
	g_string_append(v, " <small>(");
	cr_html_escape(v, (x = cr_report_summary_value(c, "format")) ? x : "?");
	g_string_append(v, ", read by ");
	cr_html_escape(v, (x = cr_report_summary_value(c, "engine")) ? x : "?");
	if ((x = cr_report_summary_value(c, "interfaces"))) {
		g_string_append(v, ", ");
		cr_report_grouped(v, x);
		g_string_append(v, g_ascii_strtoll(x, NULL, 10) == 1 ? " interface" : " interfaces");
	}
	g_string_append(v, ")</small>");
	fact(out, "File", v->str);
	other_facts(out, c, v);
	g_string_free(v, TRUE);
	g_string_append(out, "</dl>\n</section>\n");
}
