/*
 * csv-ref.h - the CSV reader against libcsv, the reference it replaced:
 * both read the same bytes split at the same point, and each writes what it
 * read (rows, field lengths and bytes, cut at 64 KiB as capreport cuts them,
 * then OK or ERR) into a GString (g_string_free it). Equal strings: the readers agree.
 * Used by tests/unit/test-csv-table.c and tests/fuzz/fuzz-csv.c.
 */
#ifndef CR_CSV_REF_H
#define CR_CSV_REF_H

#include "csvread.h"


#include <csv.h>
#include <string.h>

#define CSV_REF_FIELD_MAX (64 * 1024)

static void csv_ref_field(GString *s, const char *data, size_t len)
{
	if (len > CSV_REF_FIELD_MAX)
		len = CSV_REF_FIELD_MAX;
	g_string_append_printf(s, "%zu:", len);
	if (len)
		g_string_append_len(s, data, (gssize)len);
	g_string_append_c(s, '|');
}

struct csv_ref {
	GString *s;
	gsize row_end;		/* s->len after the last complete row */
};

static void csv_ref_on_field(void *data, size_t len, void *user)
{
	struct csv_ref *r = user;

	csv_ref_field(r->s, data, len);
}

static void csv_ref_on_row(int term, void *user)
{
	struct csv_ref *r = user;

	(void)term;
	g_string_append_c(r->s, '\n');
	r->row_end = r->s->len;
}

/* libcsv with the options capreport's reader had (strict, strict at the end, empty is NULL). */
static inline GString *csv_ref_libcsv(const char *in, size_t len, size_t cut)
{
	struct csv_parser p;
	struct csv_ref r = { .s = g_string_new(NULL) };
	int ok;

	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL);
	ok = csv_parse(&p, in, cut, csv_ref_on_field, csv_ref_on_row, &r) == cut &&
	     csv_parse(&p, in + cut, len - cut, csv_ref_on_field, csv_ref_on_row, &r) == len - cut &&
	     csv_fini(&p, csv_ref_on_field, csv_ref_on_row, &r) == 0;
	csv_free(&p);
	/* libcsv hands a row's fields over one by one: drop those of the row it failed in. */
	if (!ok)
		g_string_truncate(r.s, r.row_end);
	g_string_append(r.s, ok ? "OK" : "ERR");
	return r.s;
}

static int csv_ref_on_cr_row(void *user, const struct cr_row *row)
{
	GString *s = user;

	for (size_t i = 0; i < row->n; i++) {
		if (strlen(row->field[i]) > row->len[i] || row->len[i] > CSV_REF_FIELD_MAX)
			g_string_append(s, "<bad length>");
		csv_ref_field(s, row->field[i], row->len[i]);
	}
	g_string_append_c(s, '\n');
	return 0;
}

/* capreport's reader (csvread.c), fed the same two pieces. */
static inline GString *csv_ref_capreport(const char *in, size_t len, size_t cut)
{
	GString *s = g_string_new(NULL);
	struct cr_csv *c = cr_csv_new(csv_ref_on_cr_row, s);
	int ok;

	ok = cr_csv_feed(c, in, cut, NULL) == 0 && cr_csv_feed(c, in + cut, len - cut, NULL) == 0 &&
	     cr_csv_finish(c, NULL) == 0;
	cr_csv_free(c);
	g_string_append(s, ok ? "OK" : "ERR");
	return s;
}

#endif
