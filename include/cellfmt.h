/* cellfmt.h - the one cell formatter: how a table cell becomes text in every writer, by a style. */
#ifndef CR_CELLFMT_H
#define CR_CELLFMT_H

#include "table.h"

/*
 * How cells are written. A non-finite float or seconds value is empty in
 * the `ascii` style and printf's own text ("nan", "inf") otherwise; a
 * non-finite rate is `nonfinite_rate`. Rates without `human` are whole
 * numbers. Integers and times are always exact (times in ISO 8601 UTC).
 */
struct cr_cell_style {
	const char *null;		/* a null cell's text */
	const char *nonfinite_rate;	/* a rate that is NaN or infinite */
	bool human;			/* bytes and rates in human units ("1.5 MB", "300 bit/s") */
	bool ascii;			/* floats in the C locale whatever the locale: CSV and JSON */
	int float_digits;		/* decimals of a CR_COL_FLOAT */
	int seconds_digits;		/* decimals of a CR_COL_SECONDS */
};

/* Append cell c of column type ty, as the style says. */
void cr_cell_append(GString *s, enum cr_coltype ty, const struct cr_cell *c, const struct cr_cell_style *st);
/* The same as a new string (g_free). */
char *cr_cell_format(enum cr_coltype ty, const struct cr_cell *c, const struct cr_cell_style *st);

/* Append the n decimal digits at `digits` grouped by thousands, as people write counts: "1,234,567". */
void cr_append_grouped(GString *out, const char *digits, size_t n);
/* The same for a count. */
void cr_append_count(GString *out, uint64_t v);

#endif
