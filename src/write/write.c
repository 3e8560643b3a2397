/* write.c - table writers: aligned text, CSV (RFC 4180) and JSON (RFC 8259). */
#include "cellfmt.h"
#include "table.h"
#include "util.h"
#include "write.h"
#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cr_column *col(const struct cr_table *t, size_t c)
{
	return &g_array_index(t->columns, struct cr_column, c);
}

/* Cells as CSV and JSON print them (exact), and for people in text (human units unless raw). */
static const struct cr_cell_style exact_style = { .null = "", .nonfinite_rate = "", .ascii = true,
						  .float_digits = 6, .seconds_digits = 9 };
static const struct cr_cell_style human_style = { .null = "-", .nonfinite_rate = "-", .human = true,
						  .float_digits = 2, .seconds_digits = 6 };
static const struct cr_cell_style raw_style = { .null = "-", .nonfinite_rate = "", .float_digits = 2,
						.seconds_digits = 6 };

/* Text for a terminal: control bytes and invalid UTF-8 shown escaped. */
static void term_escape(GString *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			g_string_append_printf(out, "\\x%02x", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	if (!g_utf8_validate(out->str, (gssize)out->len, NULL)) {
		char *v = g_utf8_make_valid(out->str, (gssize)out->len);
		g_string_assign(out, v);
		g_free(v);
	}
}

static int stream_error(FILE *out, GError **err)
{
	if (ferror(out)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write: %s", g_strerror(errno));
		return -1;
	}
	return 0;
}

static bool right_aligned(enum cr_coltype ty)
{
	return ty == CR_COL_INT || ty == CR_COL_BYTES || ty == CR_COL_FLOAT || ty == CR_COL_RATE ||
	       ty == CR_COL_SECONDS;
}

/*
 * Manners for a terminal: fit its width, colour when allowed. A file or a
 * pipe gets neither: full cells, no escape sequences.
 */
struct term {
	bool tty;
	bool colour;		/* a terminal, NO_COLOR unset or empty, TERM not dumb */
	size_t cols;		/* 0: no limit */
};

/* A shrunk column keeps at least this many characters: a whole IPv4 address, a word of text. */
#define MIN_SHRUNK_ADDR 15
#define MIN_SHRUNK_TEXT 8
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static void term_probe(FILE *out, struct term *t)
{
	const char *cols = g_getenv("COLUMNS"), *nc = g_getenv("NO_COLOR"), *term = g_getenv("TERM");
	int fd = fileno(out);
	struct winsize ws;
	long n;

	memset(t, 0, sizeof(*t));
	t->tty = fd >= 0 && isatty(fd);
	if (!t->tty)
		return;
	t->colour = !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
	if (cols && (n = strtol(cols, NULL, 10)) > 0 && n < 100000)
		t->cols = (size_t)n;
	else if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		t->cols = ws.ws_col;
	else
		t->cols = 80;
}

/* `s` cut to `width` characters with an ellipsis: in the middle for addresses, at the end otherwise. */
static char *elide(const char *s, size_t width, bool middle)
{
	size_t len = (size_t)g_utf8_strlen(s, -1), head, tail;
	GString *out;

	if (len <= width)
		return g_strdup(s);
	if (width == 0)
		return g_strdup("");
	head = middle ? (width - 1 + 1) / 2 : width - 1;
	tail = width - 1 - head;
	out = g_string_new(NULL);
	g_string_append_len(out, s, g_utf8_offset_to_pointer(s, (glong)head) - s);
	g_string_append(out, "\u2026");
	g_string_append(out, g_utf8_offset_to_pointer(s, (glong)(len - tail)));
	return g_string_free(out, FALSE);
}

/* Narrow the widest text columns until the row fits `cols`; numbers are never cut. Returns the row's width. */
static size_t fit_width(const struct cr_table *t, size_t *width, size_t nc, size_t cols)
{
	size_t total = nc ? 2 * (nc - 1) : 0;

	for (size_t c = 0; c < nc; c++)
		total += width[c];
	while (total > cols) {
		size_t best = nc;
		for (size_t c = 0; c < nc; c++) {
			enum cr_coltype ty = col(t, c)->type;
			size_t min = ty == CR_COL_ADDR ? MIN_SHRUNK_ADDR : MIN_SHRUNK_TEXT;
			if ((ty == CR_COL_TEXT || ty == CR_COL_ADDR) && width[c] > min &&
			    (best == nc || width[c] > width[best]))
				best = c;
		}
		if (best == nc)
			break;
		width[best]--;
		total--;
	}
	return total;
}

/*
 * How many leading columns a terminal of `cols` shows: all of them, cells
 * shortened where needed; else the first ones that fit once shortened, the
 * rest left out (said in a note); else, when not even the first fits, all
 * of them whole: a table is never both shortened and wider than the line.
 * `width` holds the natural widths and gets the ones to print.
 */
static size_t fit_columns(const struct cr_table *t, size_t *width, size_t nc, size_t cols)
{
	size_t *w = g_new(size_t, nc ? nc : 1), keep;

	for (keep = nc; keep > 0; keep--) {
		memcpy(w, width, keep * sizeof(*w));
		if (fit_width(t, w, keep, cols) <= cols)
			break;
	}
	if (keep > 0)
		memcpy(width, w, keep * sizeof(*w));
	g_free(w);
	return keep > 0 ? keep : nc;
}

/* One padded cell; units and empty cells dimmed when colour is on. */
static void put_cell(FILE *out, const char *v, size_t width, bool right, bool last, bool dim_unit,
		     const struct term *tm)
{
	size_t len = (size_t)g_utf8_strlen(v, -1), pad = width > len ? width - len : 0;
	const char *sp = dim_unit ? strrchr(v, ' ') : NULL;

	if (right)
		fprintf(out, "%*s", (int)pad, "");
	if (tm->colour && strcmp(v, "-") == 0)
		fprintf(out, DIM "%s" RESET, v);
	else if (tm->colour && sp)
		fprintf(out, "%.*s" DIM "%s" RESET, (int)(sp - v), v, sp);
	else
		fputs(v, out);
	if (!right && !last)
		fprintf(out, "%*s", (int)pad, "");
}

int cr_write_text(const struct cr_table *t, FILE *out, const struct cr_write_opts *o, GError **err)
{
	size_t nc = cr_table_ncols(t), nr = cr_table_nrows(t);
	GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
	size_t *width = g_new0(size_t, nc ? nc : 1), shown = nc;
	struct term tm;

	term_probe(out, &tm);
	for (size_t c = 0; c < nc; c++)
		width[c] = o->header ? (size_t)g_utf8_strlen(col(t, c)->name, -1) : 0;
	for (size_t r = 0; r < nr; r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		for (size_t c = 0; c < nc; c++) {
			GString *raw = g_string_new(NULL), *esc = g_string_new(NULL);
			cr_cell_append(raw, col(t, c)->type, &row[c], o->raw ? &raw_style : &human_style);
			term_escape(esc, raw->str);
			g_string_free(raw, TRUE);
			width[c] = MAX(width[c], (size_t)g_utf8_strlen(esc->str, -1));
			g_ptr_array_add(cells, g_string_free(esc, FALSE));
		}
	}
	if (tm.cols)
		shown = fit_columns(t, width, nc, tm.cols);
	if (o->header) {
		if (tm.colour)
			fputs(BOLD, out);
		for (size_t c = 0; c < shown; c++) {
			char *name = elide(col(t, c)->name, width[c], false);
			put_cell(out, name, width[c], right_aligned(col(t, c)->type), c + 1 == shown, false, &tm);
			if (c + 1 < shown)
				fputs("  ", out);
			g_free(name);
		}
		if (tm.colour)
			fputs(RESET, out);
		fputc('\n', out);
	}
	for (size_t r = 0; r < nr; r++) {
		for (size_t c = 0; c < shown; c++) {
			enum cr_coltype ty = col(t, c)->type;
			char *v = elide(g_ptr_array_index(cells, r * nc + c), width[c], ty == CR_COL_ADDR);
			put_cell(out, v, width[c], right_aligned(ty), c + 1 == shown,
				 !o->raw && (ty == CR_COL_BYTES || ty == CR_COL_RATE), &tm);
			if (c + 1 < shown)
				fputs("  ", out);
			g_free(v);
		}
		fputc('\n', out);
	}
	if (shown < nc) {
		GString *left = g_string_new(NULL);
		for (size_t c = shown; c < nc; c++)
			g_string_append_printf(left, "%s%s", c > shown ? ", " : "", col(t, c)->name);
		g_string_prepend(left, "not shown to fit the terminal's width: ");
		g_string_append(left, " (-f csv, or a file or a pipe, gets every column)");
		fprintf(out, tm.colour ? DIM "%s" RESET "\n" : "%s\n", left->str);
		g_string_free(left, TRUE);
	}
	for (guint i = 0; i < t->notes->len; i++)
		fprintf(out, tm.colour ? DIM "%s" RESET "\n" : "%s\n", (const char *)g_ptr_array_index(t->notes, i));
	g_free(width);
	g_ptr_array_free(cells, TRUE);
	return stream_error(out, err);
}

static void csv_field(FILE *out, const char *v)
{
	/* Quote when needed; a leading =+-@ is left alone here: CSV is data. */
	if (strpbrk(v, ",\"\r\n")) {
		fputc('"', out);
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else {
		fputs(v, out);
	}
}

int cr_write_csv(const struct cr_table *t, FILE *out, const struct cr_write_opts *o, GError **err)
{
	size_t nc = cr_table_ncols(t);
	GString *s = g_string_new(NULL);

	if (o->header) {
		for (size_t c = 0; c < nc; c++) {
			if (c)
				fputc(',', out);
			csv_field(out, col(t, c)->name);
		}
		fputc('\n', out);
	}
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		for (size_t c = 0; c < nc; c++) {
			if (c)
				fputc(',', out);
			g_string_truncate(s, 0);
			cr_cell_append(s, col(t, c)->type, &row[c], &exact_style);
			csv_field(out, s->str);
		}
		fputc('\n', out);
	}
	g_string_free(s, TRUE);
	return stream_error(out, err);
}

static void json_string(GString *out, const char *v)
{
	const char *p = v, *end = v + strlen(v);
	char *valid = NULL;

	if (!g_utf8_validate(v, -1, NULL)) {
		valid = g_utf8_make_valid(v, -1);
		p = valid;
		end = valid + strlen(valid);
	}
	g_string_append_c(out, '"');
	for (; p < end; p++) {
		unsigned char ch = (unsigned char)*p;
		switch (ch) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				g_string_append_printf(out, "\\u%04x", ch);
			else
				g_string_append_c(out, (char)ch);
		}
	}
	g_string_append_c(out, '"');
	g_free(valid);
}

static void json_table_rows(GString *out, const struct cr_table *t)
{
	size_t nc = cr_table_ncols(t);
	GString *v = g_string_new(NULL);

	g_string_append_c(out, '[');
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		g_string_append(out, r ? ",\n  {" : "\n  {");
		for (size_t c = 0; c < nc; c++) {
			enum cr_coltype ty = col(t, c)->type;
			if (c)
				g_string_append(out, ", ");
			json_string(out, col(t, c)->name);
			g_string_append(out, ": ");
			g_string_truncate(v, 0);
			cr_cell_append(v, ty, &row[c], &exact_style);
			if (row[c].null || v->len == 0)
				g_string_append(out, "null");
			else if (row[c].number)
				g_string_append(out, v->str);
			else if (ty == CR_COL_TEXT || ty == CR_COL_ADDR || ty == CR_COL_TIME)
				json_string(out, v->str);
			else
				g_string_append(out, v->str);
		}
		g_string_append_c(out, '}');
	}
	g_string_append(out, cr_table_nrows(t) ? "\n]" : "]");
	g_string_free(v, TRUE);
}

int cr_write_json(const struct cr_table *t, FILE *out, const struct cr_write_opts *o, GError **err)
{
	GString *s = g_string_new(NULL);

	(void)o;
	json_table_rows(s, t);
	g_string_append_c(s, '\n');
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	return stream_error(out, err);
}

static int cr_write_json_tables(struct cr_table *const *t, size_t n, FILE *out, GError **err)
{
	GString *s = g_string_new("{");

	for (size_t i = 0; i < n; i++) {
		g_string_append(s, i ? ",\n" : "\n");
		json_string(s, t[i]->name);
		g_string_append(s, ": ");
		json_table_rows(s, t[i]);
	}
	g_string_append(s, "\n}\n");
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	return stream_error(out, err);
}

/* -o DIR/ (a name ending in '/') or an existing folder: one file per table. */
bool cr_output_is_dir(const char *path)
{
	return path && strcmp(path, "-") != 0 && (g_str_has_suffix(path, "/") || g_file_test(path, G_FILE_TEST_IS_DIR));
}

static int write_stream(struct cr_ctx *ctx, FILE *out, struct cr_table *const *t, size_t n, bool object,
			GError **err)
{
	struct cr_write_opts o = { .raw = ctx->raw, .header = !ctx->no_header };
	int rc = 0;

	if (ctx->format == CR_FMT_JSON && object)
		return cr_write_json_tables(t, n, out, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (ctx->format == CR_FMT_TEXT && n > 1)
			fprintf(out, "%s%s\n", i ? "\n" : "", t[i]->title);
		switch (ctx->format) {
		case CR_FMT_CSV:
			if (n > 1 && i)
				fputc('\n', out);
			rc = cr_write_csv(t[i], out, &o, err);
			break;
		case CR_FMT_JSON:
			rc = cr_write_json(t[i], out, &o, err);
			break;
		default:
			rc = cr_write_text(t[i], out, &o, err);
			break;
		}
	}
	return rc;
}

/* Write tables to `path` (a file kept whole or not at all; NULL or "-": stdout); JSON as one object when `object`. */
static int emit_to(struct cr_ctx *ctx, const char *path, struct cr_table *const *t, size_t n, bool object)
{
	bool to_file = path && strcmp(path, "-") != 0;
	struct cr_outfile of = { 0 };
	GError *err = NULL;
	FILE *out = stdout;
	int rc = 0;

	if (cr_ctx_all_failed(ctx))
		return ctx->worst_exit;
	if (ctx->format == CR_FMT_XLSX) {
		if (!to_file) {
			fprintf(stderr, "capreport: -f xlsx needs -o FILE.xlsx: a workbook does not go to standard output\n");
			return CR_EXIT_USAGE;
		}
		if (cr_xlsx_write_tables(path, t, n, &err) != 0) {
			cr_error_print(err);
			rc = err->code;
			g_error_free(err);
			return rc;
		}
		return CR_EXIT_OK;
	}
	if (to_file) {
		if (cr_outfile_open(&of, path, &err) != 0) {
			cr_error_print(err);
			g_error_free(err);
			return CR_EXIT_OUTPUT;
		}
		out = of.f;
	}
	rc = write_stream(ctx, out, t, n, object, &err);
	if (to_file) {
		if (rc != 0) {
			g_clear_error(&err);
			g_set_error(&err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
			cr_outfile_abort(&of);
		} else {
			rc = cr_outfile_commit(&of, &err);
		}
		if (rc != 0)
			cr_error_print(err);
	} else if (rc != 0 && errno == EPIPE) {
		rc = 0;	/* the reader went away: not our failure */
	} else if (rc != 0) {
		fprintf(stderr, "capreport: cannot write to standard output: %s\n", err->message);
	}
	g_clear_error(&err);
	return rc == 0 ? CR_EXIT_OK : CR_EXIT_OUTPUT;
}

/* One file per table in the folder ctx->output, made when missing: NAME.csv, NAME.json, NAME.txt, NAME.xlsx. */
static int emit_dir(struct cr_ctx *ctx, struct cr_table *const *t, size_t n)
{
	static const char *const ext[] = { [CR_FMT_TEXT] = "txt", [CR_FMT_CSV] = "csv", [CR_FMT_JSON] = "json",
					   [CR_FMT_XLSX] = "xlsx" };
	int worst = CR_EXIT_OK;

	if (g_mkdir_with_parents(ctx->output, 0777) != 0) {
		fprintf(stderr, "capreport: cannot make the folder '%s': %s\n", ctx->output, g_strerror(errno));
		return CR_EXIT_OUTPUT;
	}
	for (size_t i = 0; i < n; i++) {
		char *base = g_strdup_printf("%s.%s", t[i]->name, ext[ctx->format]);
		char *path = g_build_filename(ctx->output, base, NULL);
		int rc = emit_to(ctx, path, &t[i], 1, false);

		if (rc != CR_EXIT_OK)
			worst = rc;
		g_free(path);
		g_free(base);
	}
	return worst;
}

int cr_emit_tables(struct cr_ctx *ctx, struct cr_table *const *t, size_t n)
{
	if (cr_output_is_dir(ctx->output))
		return emit_dir(ctx, t, n);
	return emit_to(ctx, ctx->output, t, n, n > 1);
}

static char *table_names(struct cr_table *const *t, size_t n)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", t[i]->name);
	return g_string_free(s, FALSE);
}

int cr_emit_set(struct cr_ctx *ctx, const char *cmd, struct cr_table *const *t, size_t n, const char *only)
{
	char *names;

	if (only) {
		GPtrArray *pick = g_ptr_array_new();
		int rc = -1;

		for (size_t i = 0; i < n; i++)
			if (strcmp(t[i]->name, only) == 0)
				g_ptr_array_add(pick, t[i]);
		if (pick->len)
			rc = cr_output_is_dir(ctx->output)
				     ? emit_dir(ctx, (struct cr_table *const *)pick->pdata, pick->len)
				     : emit_to(ctx, ctx->output, (struct cr_table *const *)pick->pdata, pick->len, true);
		g_ptr_array_free(pick, TRUE);
		if (rc >= 0)
			return rc;
		names = table_names(t, n);
		fprintf(stderr, "capreport %s: --table takes %s, not '%s'; see 'capreport help %s'\n", cmd, names, only,
			cmd);
		g_free(names);
		return CR_EXIT_USAGE;
	}
	if (cr_output_is_dir(ctx->output))
		return emit_dir(ctx, t, n);
	if (ctx->format == CR_FMT_CSV && n > 1) {
		names = table_names(t + 1, n - 1);
		cr_notice(ctx, "-f csv writes one table, '%s'; the others (%s) with --table NAME, or each to a file "
			       "with -o DIR/", t[0]->name, names);
		g_free(names);
		n = 1;
	}
	return emit_to(ctx, ctx->output, t, n, ctx->format != CR_FMT_CSV);
}
