/* xlsx-rows.c - rows streamed into sheets: capreport's own sheet XML, deflated in parallel, spliced into libxlsxwriter's zip. */
#include "util.h"
#include "xlsx-int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/*
 * libxlsxwriter formats every number with printf and deflates at zlib's
 * default level; for a million rows that is most of the time. So the
 * rows of these sheets are written here, as SpreadsheetML, into chunks
 * deflated at level 1 by worker threads, into one unlinked body file;
 * each sheet is a range of it. cr_xlsx_rows_finish() has libxlsxwriter
 * write each sheet as a placeholder (the header row, frozen panes, the
 * filter, the widths), and cr_xlsx_commit() splices the rows into the
 * placeholder's <sheetData>, copying every other entry of the zip as
 * libxlsxwriter wrote it. Cell formats are named by the indexes the
 * workbook gives them when it opens (cr_xlsx_style), so rows can be
 * written before it exists.
 */

/* One sheet of rows: a range of the body file. */
struct sheet {
	uint64_t rows, offset;
	struct cr_deflate_sum sum;
	size_t *width;		/* per column, g_free */
};

/* Where cr_xlsx_rows_rewind() goes back to. */
struct mark {
	bool set;
	guint nsheets;
	struct sheet cur;	/* the last sheet as it was (its own width copy) */
	uint64_t body_len, count;
};

struct cr_xlsx_rows {
	struct cr_xlsx *x;
	char *name;
	struct cr_column *cols;
	size_t ncols;
	uint64_t per_sheet, count;
	int *style;		/* per column: a cellXfs index, 0: none */
	GArray *sheets;		/* of struct sheet; the last one is being written */
	struct cr_deflate *z;
	struct mark mark;
};

struct cr_xlsx_rows *cr_xlsx_rows_new(struct cr_xlsx *x, const char *name, const struct cr_column *cols,
				      size_t ncols, uint64_t per_sheet)
{
	struct cr_xlsx_rows *r = g_new0(struct cr_xlsx_rows, 1);

	r->x = x;
	r->name = g_strdup(name);
	r->cols = g_memdup2(cols, sizeof(*cols) * ncols);
	r->ncols = ncols;
	r->per_sheet = per_sheet == 0 || per_sheet > CR_XLSX_MAX_ROWS ? CR_XLSX_MAX_ROWS : per_sheet;
	r->style = g_new0(int, ncols ? ncols : 1);
	for (size_t c = 0; c < ncols; c++) {
		int f = cr_xlsx_column_fmt(&cols[c]);
		r->style[c] = f < 0 ? 0 : cr_xlsx_style(f);
	}
	r->sheets = g_array_new(FALSE, TRUE, sizeof(struct sheet));
	return r;
}

static int write_failed(struct cr_xlsx_rows *r, int e, GError **err)
{
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", r->x->out.path, g_strerror(e));
	return -1;
}

static struct sheet *last_sheet(struct cr_xlsx_rows *r)
{
	return r->sheets->len ? &g_array_index(r->sheets, struct sheet, r->sheets->len - 1) : NULL;
}

/* Every row so far in the body file; the sums go to the sheet being written. */
static int settle(struct cr_xlsx_rows *r, GError **err)
{
	struct cr_deflate_sum s;
	struct sheet *sh = last_sheet(r);

	if (!r->z)
		return 0;
	if (cr_deflate_end(r->z, &s) != 0)
		return write_failed(r, errno, err);
	if (sh) {
		sh->sum.crc = (uint32_t)crc32_combine(sh->sum.crc, s.crc, (z_off_t)s.raw);
		sh->sum.raw += s.raw;
		sh->sum.packed += s.packed;
	}
	r->x->body_len += s.packed;
	return 0;
}

static int next_sheet(struct cr_xlsx_rows *r, GError **err)
{
	struct cr_xlsx *x = r->x;
	struct sheet sh = { 0 };

	if (x->body_fd < 0) {	/* an unlinked file: nothing is left behind, whatever happens */
		char *tmp = g_build_filename(g_get_tmp_dir(), "capreport-sheet-XXXXXX", NULL);
		x->body_fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0600);
		if (x->body_fd < 0)
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': no temporary file in '%s': %s",
				    x->out.path, g_get_tmp_dir(), g_strerror(errno));
		else
			unlink(tmp);
		g_free(tmp);
		if (x->body_fd < 0)
			return -1;
	}
	if (!r->z)
		r->z = cr_deflate_new(x->body_fd, ROWS_LEVEL, 0);
	if (settle(r, err) != 0)
		return -1;
	sh.offset = x->body_len;
	sh.width = g_new0(size_t, r->ncols ? r->ncols : 1);
	g_array_append_val(r->sheets, sh);
	return 0;
}

int cr_xlsx_rows_add(struct cr_xlsx_rows *r, const char *const *fields, GError **err)
{
	struct sheet *sh = last_sheet(r);
	struct cr_xml_row w;

	if ((!sh || sh->rows >= r->per_sheet) && next_sheet(r, err) != 0)
		return -1;
	sh = last_sheet(r);
	cr_xml_row_begin(&w, cr_deflate_buf(r->z), ++sh->rows + 1);
	for (size_t c = 0; c < r->ncols; c++) {
		const struct cr_column *col = &r->cols[c];
		const char *f = fields[c];
		int64_t ns;

		if (!f || !*f)
			continue;
		if (col->type == CR_COL_INT || col->type == CR_COL_BYTES) {
			if (cr_xml_int_text(&w, (uint32_t)c, r->style[c], f)) {
				size_t n = strlen(f);
				if (n > sh->width[c])
					sh->width[c] = n;
				continue;
			}
		} else if (col->type == CR_COL_TIME && cr_parse_epoch(f, &ns) &&
			   cr_xml_time(&w, (uint32_t)c, r->style[c], ns)) {
			if (sh->width[c] < 23)
				sh->width[c] = 23;
			continue;
		}
		cr_xml_text(&w, (uint32_t)c, 0, f, &sh->width[c]);
	}
	cr_xml_row_end(&w);
	if (cr_deflate_push(r->z) != 0)
		return write_failed(r, errno, err);
	r->count++;
	return 0;
}

uint64_t cr_xlsx_rows_count(const struct cr_xlsx_rows *r)
{
	return r->count;
}

int cr_xlsx_rows_mark(struct cr_xlsx_rows *r, GError **err)
{
	struct sheet *sh;

	if (settle(r, err) != 0)
		return -1;
	g_free(r->mark.cur.width);
	memset(&r->mark, 0, sizeof(r->mark));
	r->mark.set = true;
	r->mark.nsheets = r->sheets->len;
	r->mark.body_len = r->x->body_len;
	r->mark.count = r->count;
	if ((sh = last_sheet(r))) {
		r->mark.cur = *sh;
		r->mark.cur.width = g_memdup2(sh->width, sizeof(size_t) * (r->ncols ? r->ncols : 1));
	}
	return 0;
}

int cr_xlsx_rows_rewind(struct cr_xlsx_rows *r, GError **err)
{
	struct cr_xlsx *x = r->x;

	if (!r->mark.set || settle(r, err) != 0)
		return -1;
	while (r->sheets->len > r->mark.nsheets) {
		g_free(last_sheet(r)->width);
		g_array_set_size(r->sheets, r->sheets->len - 1);
	}
	if (r->mark.nsheets) {
		struct sheet *sh = last_sheet(r);
		g_free(sh->width);
		*sh = r->mark.cur;
		sh->width = g_memdup2(r->mark.cur.width, sizeof(size_t) * (r->ncols ? r->ncols : 1));
	}
	if (x->body_fd >= 0 && (ftruncate(x->body_fd, (off_t)r->mark.body_len) != 0 ||
				lseek(x->body_fd, (off_t)r->mark.body_len, SEEK_SET) < 0))
		return write_failed(r, errno, err);
	x->body_len = r->mark.body_len;
	r->count = r->mark.count;
	return 0;
}

static void rows_free(struct cr_xlsx_rows *r)
{
	for (guint i = 0; i < r->sheets->len; i++)
		g_free(g_array_index(r->sheets, struct sheet, i).width);
	g_array_free(r->sheets, TRUE);
	g_free(r->mark.cur.width);
	cr_deflate_free(r->z);
	g_free(r->style);
	g_free(r->cols);
	g_free(r->name);
	g_free(r);
}

void cr_xlsx_rows_free(struct cr_xlsx_rows *r)
{
	if (r)
		rows_free(r);
}

int cr_xlsx_rows_finish(struct cr_xlsx_rows *r, char **sheets, GError **err)
{
	struct cr_xlsx *x = r->x;
	GString *names = g_string_new(NULL);
	size_t *head = g_new0(size_t, r->ncols ? r->ncols : 1);
	int rc = -1;

	if (settle(r, err) != 0)
		goto out;
	for (guint i = 0; i < r->sheets->len; i++) {
		struct sheet *sh = &g_array_index(r->sheets, struct sheet, i);
		struct cr_xlsx_packed p = { .rows = sh->rows, .ncols = r->ncols, .offset = sh->offset, .sum = sh->sum };
		char *wanted = i == 0 ? g_strdup(r->name) : g_strdup_printf("%s %u", r->name, i + 1);
		lxw_worksheet *ws = cr_xlsx_new_sheet(x, wanted, err);

		g_free(wanted);
		if (!ws)
			goto out;
		if (!x->styles_ok) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': libxlsxwriter numbered the cell "
				    "formats differently from what the rows name", x->out.path);
			goto out;
		}
		p.index = x->taken->len;
		g_string_append_printf(names, "%s%s", names->len ? ", " : "", cr_xlsx_last_sheet(x));
		if (cr_xlsx_write_header(x, ws, r->cols, r->ncols, head, err) != 0)
			goto out;
		for (size_t c = 0; c < r->ncols; c++)
			head[c] = MAX(head[c], sh->width[c]);
		worksheet_freeze_panes(ws, 1, 0);
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)sh->rows, (lxw_col_t)(r->ncols - 1));
		cr_xlsx_set_widths(ws, head, r->ncols);
		g_array_append_val(x->packed, p);
	}
	rc = 0;
out:
	g_free(head);
	if (sheets && rc == 0)
		*sheets = g_string_free(names, FALSE);
	else
		g_string_free(names, TRUE);
	rows_free(r);
	return rc;
}
