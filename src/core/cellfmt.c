/* cellfmt.c - the one cell formatter: text, CSV, JSON, HTML and transposed tables write their cells through it. */
#include "cellfmt.h"
#include "util.h"

#include <math.h>

/* v with `digits` decimals: in the C locale and empty when not finite (ascii), else as printf writes it. */
static void append_double(GString *s, int digits, double v, bool ascii)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[8];

	if (!ascii) {
		g_string_append_printf(s, "%.*f", digits, v);
	} else if (isfinite(v)) {
		g_snprintf(fmt, sizeof(fmt), "%%.%df", digits);
		g_ascii_formatd(buf, sizeof(buf), fmt, v);
		g_string_append(s, buf);
	}
}

void cr_cell_append(GString *s, enum cr_coltype ty, const struct cr_cell *c, const struct cr_cell_style *st)
{
	char *h;

	if (c->null) {
		g_string_append(s, st->null);
		return;
	}
	switch (ty) {
	case CR_COL_BYTES:
		if (st->human) {
			g_string_append(s, h = cr_fmt_human((double)c->v.i, "B"));
			g_free(h);
			break;
		}
		/* fall through */
	case CR_COL_INT:
		g_string_append_printf(s, "%" G_GINT64_FORMAT, c->v.i);
		break;
	case CR_COL_RATE:
		if (!isfinite(c->v.f)) {
			g_string_append(s, st->nonfinite_rate);
		} else if (st->human) {
			g_string_append(s, h = cr_fmt_human(c->v.f, "bit/s"));
			g_free(h);
		} else {
			append_double(s, 0, c->v.f, true);
		}
		break;
	case CR_COL_FLOAT:
	case CR_COL_SECONDS:
		append_double(s, ty == CR_COL_FLOAT ? st->float_digits : st->seconds_digits, c->v.f, st->ascii);
		break;
	case CR_COL_TIME:
		g_string_append(s, h = cr_fmt_time_iso(c->v.i));
		g_free(h);
		break;
	case CR_COL_ADDR:
	case CR_COL_TEXT:
		g_string_append(s, c->v.s);
		break;
	}
}

char *cr_cell_format(enum cr_coltype ty, const struct cr_cell *c, const struct cr_cell_style *st)
{
	GString *s = g_string_new(NULL);

	cr_cell_append(s, ty, c, st);
	return g_string_free(s, FALSE);
}

void cr_append_grouped(GString *out, const char *digits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			g_string_append_c(out, ',');
		g_string_append_c(out, digits[i]);
	}
}

void cr_append_count(GString *out, uint64_t v)
{
	char buf[24];
	int n = g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, v);

	cr_append_grouped(out, buf, (size_t)n);
}
