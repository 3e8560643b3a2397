/* xlsx-rows.c - rows streamed into sheets: capreport's own sheet XML, deflated in parallel, spliced into libxlsxwriter's zip. */
#include "source.h"
#include "xlsx-int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/*
 * libxlsxwriter formats every number with printf and deflates at zlib's
 * default level; for a million rows that is most of the time. So the
 * rows of these sheets are written here: libxlsxwriter writes each sheet
 * as a placeholder (the header row, frozen panes, the filter, the
 * widths, and registers the cell formats used below), the rows go as
 * SpreadsheetML into chunks deflated at level 1 by worker threads, and
 * cr_xlsx_commit() splices them into the placeholder's <sheetData>,
 * copying every other entry of the zip as libxlsxwriter wrote it.
 */
#define ROWS_LEVEL 1

struct cr_xlsx_rows {
	struct cr_xlsx *x;
	char *name;
	struct cr_column *cols;
	size_t ncols;
	uint64_t per_sheet, row, count;
	int sheet_no;
	lxw_worksheet *ws;	/* the placeholder of the sheet being written */
	unsigned index;		/* its number in the workbook */
	size_t *width;
	int *style;		/* per column: a cellXfs index, 0: none */
	struct cr_deflate *z;
	GString *sheets;
	int failed;		/* errno of a failed write of the rows */
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
	r->width = g_new0(size_t, ncols ? ncols : 1);
	r->style = g_new0(int, ncols ? ncols : 1);
	r->sheets = g_string_new(NULL);
	return r;
}

/* Close the current sheet: its rows are all deflated; filter range and widths are known now. */
static int rows_finish_sheet(struct cr_xlsx_rows *r)
{
	struct cr_xlsx_packed p = { .index = r->index, .rows = r->row, .ncols = r->ncols, .offset = r->x->body_len };
	int rc = 0;

	if (!r->ws)
		return 0;
	worksheet_autofilter(r->ws, 0, 0, (lxw_row_t)r->row, (lxw_col_t)(r->ncols - 1));
	cr_xlsx_set_widths(r->ws, r->width, r->ncols);
	r->ws = NULL;
	if (cr_deflate_end(r->z, &p.sum) != 0) {
		r->failed = errno;
		rc = -1;
	} else {
		g_array_append_val(r->x->packed, p);
		r->x->body_len += p.sum.packed;
	}
	return rc;
}

static int write_failed(struct cr_xlsx_rows *r, GError **err)
{
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", r->x->path, g_strerror(r->failed));
	return -1;
}

static int rows_next_sheet(struct cr_xlsx_rows *r, GError **err)
{
	struct cr_xlsx *x = r->x;
	char *wanted;

	if (rows_finish_sheet(r) != 0)
		return write_failed(r, err);
	if (x->body_fd < 0) {	/* an unlinked file: nothing is left behind, whatever happens */
		char *tmp = NULL;
		x->body_fd = g_file_open_tmp("capreport-sheet-XXXXXX", &tmp, err);
		if (x->body_fd < 0)
			return -1;
		unlink(tmp);
		g_free(tmp);
	}
	if (!r->z)
		r->z = cr_deflate_new(x->body_fd, ROWS_LEVEL, 0);
	r->sheet_no++;
	wanted = r->sheet_no == 1 ? g_strdup(r->name) : g_strdup_printf("%s %d", r->name, r->sheet_no);
	r->ws = cr_xlsx_new_sheet(x, wanted, err);
	g_free(wanted);
	if (!r->ws)
		return -1;
	r->index = x->taken->len;
	for (size_t c = 0; c < r->ncols; c++) {
		lxw_format *f = cr_xlsx_column_format(x, &r->cols[c]);
		r->style[c] = f ? (int)lxw_format_get_xf_index(f) : 0;	/* registers it with the workbook */
	}
	g_string_append_printf(r->sheets, "%s%s", r->sheets->len ? ", " : "", cr_xlsx_last_sheet(x));
	r->row = 0;
	if (cr_xlsx_write_header(x, r->ws, r->cols, r->ncols, r->width, err) != 0)
		return -1;
	worksheet_freeze_panes(r->ws, 1, 0);
	return 0;
}

int cr_xlsx_rows_add(struct cr_xlsx_rows *r, const char *const *fields, GError **err)
{
	struct cr_xml_row w;

	if ((!r->ws || r->row >= r->per_sheet) && rows_next_sheet(r, err) != 0)
		return -1;
	cr_xml_row_begin(&w, cr_deflate_buf(r->z), ++r->row + 1);
	for (size_t c = 0; c < r->ncols; c++) {
		const struct cr_column *col = &r->cols[c];
		const char *f = fields[c];
		int64_t ns;

		if (!f || !*f)
			continue;
		if (col->type == CR_COL_INT || col->type == CR_COL_BYTES) {
			if (cr_xml_int_text(&w, (uint32_t)c, r->style[c], f)) {
				size_t n = strlen(f);
				if (n > r->width[c])
					r->width[c] = n;
				continue;
			}
		} else if (col->type == CR_COL_TIME && cr_parse_epoch(f, &ns) &&
			   cr_xml_time(&w, (uint32_t)c, r->style[c], ns)) {
			if (r->width[c] < 23)
				r->width[c] = 23;
			continue;
		}
		cr_xml_text(&w, (uint32_t)c, 0, f, &r->width[c]);
	}
	cr_xml_row_end(&w);
	if (cr_deflate_push(r->z) != 0) {
		r->failed = errno;
		return write_failed(r, err);
	}
	r->count++;
	return 0;
}

uint64_t cr_xlsx_rows_count(const struct cr_xlsx_rows *r)
{
	return r->count;
}

char *cr_xlsx_rows_free(struct cr_xlsx_rows *r)
{
	char *sheets;

	if (!r)
		return NULL;
	if (rows_finish_sheet(r) != 0) {	/* the workbook cannot be complete: it says so at commit */
		struct cr_xlsx_packed bad = { .index = 0 };
		g_array_append_val(r->x->packed, bad);
	}
	cr_deflate_free(r->z);
	sheets = g_string_free(r->sheets, FALSE);
	g_free(r->width);
	g_free(r->style);
	g_free(r->cols);
	g_free(r->name);
	g_free(r);
	return sheets;
}

/* ---- the splice -------------------------------------------------------- */

/* The placeholder's XML with its dimension made the whole sheet's; split before </sheetData>. */
static bool split_placeholder(GString *xml, const struct cr_xlsx_packed *p, size_t *at)
{
	const char *dim = strstr(xml->str, "<dimension ref=\""), *data = strstr(xml->str, "</sheetData>"), *q;
	char *last;

	if (!dim || !data || dim > data || !(q = strchr(dim + 16, '"')))
		return false;
	last = cr_xml_col_name((uint32_t)(p->ncols ? p->ncols - 1 : 0));
	{
		size_t start = (size_t)(dim + 16 - xml->str), len = (size_t)(q - dim - 16);
		char *ref = g_strdup_printf("A1:%s%" G_GUINT64_FORMAT, last, p->rows + 1);
		g_string_erase(xml, (gssize)start, (gssize)len);
		g_string_insert(xml, (gssize)start, ref);
		g_free(ref);
	}
	g_free(last);
	*at = (size_t)(strstr(xml->str, "</sheetData>") - xml->str);
	return true;
}

int cr_xlsx_merge_packed(struct cr_xlsx *x, GError **err)
{
	guint n = x->packed->len;
	struct cr_zip_replace *rep = g_new0(struct cr_zip_replace, n);
	GByteArray **bufs = g_new0(GByteArray *, 2 * n);
	char **names = g_new0(char *, n);
	char *out = NULL, *dir, *base;
	struct cr_zip *z;
	int fd = -1, rc = -1;

	if (!(z = cr_zip_open(x->tmp, err)))
		goto done;
	for (guint i = 0; i < n; i++) {
		const struct cr_xlsx_packed *p = &g_array_index(x->packed, struct cr_xlsx_packed, i);
		size_t len, at;
		char *xml;
		GString *s;
		uint32_t crc;

		if (p->index == 0) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': the rows of a sheet were not all written",
				    x->path);
			goto done;
		}
		names[i] = g_strdup_printf("xl/worksheets/sheet%u.xml", p->index);
		if (!(xml = cr_zip_read(z, names[i], &len, err)))
			goto done;
		s = g_string_new_len(xml, (gssize)len);
		g_free(xml);
		if (!split_placeholder(s, p, &at)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': libxlsxwriter's '%s' has no <sheetData>",
				    x->path, names[i]);
			g_string_free(s, TRUE);
			goto done;
		}
		bufs[2 * i] = g_byte_array_new();
		bufs[2 * i + 1] = g_byte_array_new();
		cr_deflate_bytes(s->str, at, ROWS_LEVEL, false, bufs[2 * i]);
		cr_deflate_bytes(s->str + at, s->len - at, ROWS_LEVEL, true, bufs[2 * i + 1]);
		crc = (uint32_t)crc32(0, (const Bytef *)s->str, (uInt)at);
		crc = (uint32_t)crc32_combine(crc, p->sum.crc, (z_off_t)p->sum.raw);
		crc = (uint32_t)crc32_combine(crc, (uint32_t)crc32(0, (const Bytef *)s->str + at, (uInt)(s->len - at)),
					      (z_off_t)(s->len - at));
		rep[i] = (struct cr_zip_replace){
			.name = names[i], .npieces = 3, .crc = crc, .raw = s->len + p->sum.raw,
			.piece = {
				{ .mem = bufs[2 * i]->data, .len = bufs[2 * i]->len },
				{ .fd = x->body_fd, .offset = p->offset, .len = p->sum.packed },
				{ .mem = bufs[2 * i + 1]->data, .len = bufs[2 * i + 1]->len },
			},
		};
		g_string_free(s, TRUE);
	}
	/* The whole workbook again, beside the first, then in its place. */
	dir = g_path_get_dirname(x->path);
	base = g_path_get_basename(x->path);
	out = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	fd = g_mkstemp_full(out, O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", x->path, g_strerror(errno));
		g_clear_pointer(&out, g_free);
		goto done;
	}
	if (cr_zip_rewrite(z, fd, rep, n, x->path, err) != 0)
		goto done;
	if (close(fd) != 0 || rename(out, x->tmp) != 0) {
		fd = -1;
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", x->path, g_strerror(errno));
		goto done;
	}
	fd = -1;
	g_clear_pointer(&out, g_free);
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (out)
		unlink(out);
	g_free(out);
	cr_zip_close(z);
	for (guint i = 0; i < 2 * n; i++)
		if (bufs[i])
			g_byte_array_free(bufs[i], TRUE);
	for (guint i = 0; i < n; i++)
		g_free(names[i]);
	g_free(names);
	g_free(bufs);
	g_free(rep);
	return rc;
}
