/*
 * xlsx-splice.c - the packed sheets' rows (xlsx-rows.c) spliced into the
 * workbook libxlsxwriter finished: each placeholder sheet's <sheetData>
 * gets its rows, every other entry of the zip is copied as it was.
 */
#include "outfile.h"
#include "xlsx-int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

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
	struct cr_outfile o = { 0 };
	struct cr_zip *z;
	int e, rc = -1;

	if (!(z = cr_zip_open(x->out.tmp, err)))
		goto done;
	for (guint i = 0; i < n; i++) {
		const struct cr_xlsx_packed *p = &g_array_index(x->packed, struct cr_xlsx_packed, i);
		size_t len, at;
		char *xml;
		GString *s;
		uint32_t crc;

		names[i] = g_strdup_printf("xl/worksheets/sheet%u.xml", p->index);
		if (!(xml = cr_zip_read(z, names[i], &len, err)))
			goto done;
		s = g_string_new_len(xml, (gssize)len);
		g_free(xml);
		if (!split_placeholder(s, p, &at)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': libxlsxwriter's '%s' has no <sheetData>",
				    x->out.path, names[i]);
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
	if (cr_outfile_open_full(&o, x->out.path, CR_OUTFILE_STREAM | CR_OUTFILE_DEVICE, err) != 0)
		goto done;
	if (cr_zip_rewrite(z, fileno(o.f), rep, n, x->out.path, err) != 0)
		goto done;
	if ((e = cr_outfile_close(&o)) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", x->out.path, g_strerror(e));
		goto done;
	}
	cr_outfile_abort(&x->out);	/* libxlsxwriter's file, read by now */
	x->out = o;
	memset(&o, 0, sizeof(o));
	rc = 0;
done:
	cr_outfile_abort(&o);
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
