/* csvread.c - a streaming CSV reader (RFC 4180) over libcsv, one row at a time. */
#include "source.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* A field longer than this is cut (and counted): captures are untrusted. */
#define CR_CSV_FIELD_MAX (64 * 1024)

struct cr_csv {
	struct csv_parser parser;
	cr_row_fn fn;
	void *user;
	char *buf;		/* the current row's fields, each NUL-terminated */
	size_t used, cap;
	size_t *offs;		/* field i starts at buf + offs[i] */
	size_t *lens;
	size_t nfields;		/* fields in the current row */
	char **ptrs;
	size_t ptrs_cap;
	uint64_t record;
	uint64_t cut;		/* fields cut at CR_CSV_FIELD_MAX */
	int stop;		/* the callback asked to stop */
};

static void on_field(void *data, size_t len, void *v)
{
	struct cr_csv *c = v;

	if (c->stop)
		return;
	if (len > CR_CSV_FIELD_MAX) {
		len = CR_CSV_FIELD_MAX;
		c->cut++;
	}
	if (c->nfields == c->ptrs_cap) {
		c->ptrs_cap = c->ptrs_cap ? c->ptrs_cap * 2 : 32;
		c->ptrs = g_renew(char *, c->ptrs, c->ptrs_cap);
		c->offs = g_renew(size_t, c->offs, c->ptrs_cap);
		c->lens = g_renew(size_t, c->lens, c->ptrs_cap);
	}
	if (c->used + len + 1 > c->cap) {
		c->cap = MAX(c->cap * 2, c->used + len + 1);
		c->buf = g_realloc(c->buf, c->cap);
	}
	if (len)
		memcpy(c->buf + c->used, data, len);
	c->buf[c->used + len] = '\0';
	c->offs[c->nfields] = c->used;
	c->lens[c->nfields] = len;
	c->used += len + 1;
	c->nfields++;
}

static void on_row(int term, void *v)
{
	struct cr_csv *c = v;
	struct cr_row row;

	(void)term;
	if (c->stop)
		return;
	for (size_t i = 0; i < c->nfields; i++)
		c->ptrs[i] = c->buf + c->offs[i];
	row.field = c->ptrs;
	row.len = c->lens;
	row.n = c->nfields;
	row.record = c->record++;
	c->nfields = 0;
	c->used = 0;
	if (c->fn(c->user, &row) != 0)
		c->stop = 1;
}

struct cr_csv *cr_csv_new(cr_row_fn fn, void *user)
{
	struct cr_csv *c = g_new0(struct cr_csv, 1);

	/* Strict: a stray or unterminated quote is an error, not a guess. */
	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL);
	c->fn = fn;
	c->user = user;
	return c;
}

void cr_csv_free(struct cr_csv *c)
{
	if (!c)
		return;
	csv_free(&c->parser);
	g_free(c->buf);
	g_free(c->offs);
	g_free(c->lens);
	g_free(c->ptrs);
	g_free(c);
}

int cr_csv_feed(struct cr_csv *c, const char *buf, size_t len, GError **err)
{
	if (csv_parse(&c->parser, buf, len, on_field, on_row, c) != len && !c->stop) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "malformed CSV near record %" G_GUINT64_FORMAT ": %s",
			    c->record, csv_strerror(csv_error(&c->parser)));
		return -1;
	}
	return c->stop ? -1 : 0;
}

int cr_csv_finish(struct cr_csv *c, GError **err)
{
	if (c->stop)
		return -1;
	if (csv_fini(&c->parser, on_field, on_row, c) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "malformed CSV at its end: %s",
			    csv_strerror(csv_error(&c->parser)));
		return -1;
	}
	return c->stop ? -1 : 0;
}

int cr_csv_read_file(const char *path, cr_row_fn fn, void *user, GError **err)
{
	struct cr_csv *c;
	char *buf;
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return -1;
	}
	c = cr_csv_new(fn, user);
	buf = g_malloc(1 << 20);
	while ((n = read(fd, buf, 1 << 20)) > 0) {
		if (cr_interrupted) {
			rc = -1;
			g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted");
			break;
		}
		if (cr_csv_feed(c, buf, (size_t)n, err) != 0) {
			rc = -1;
			break;
		}
	}
	if (n < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = cr_csv_finish(c, err);
	g_free(buf);
	cr_csv_free(c);
	close(fd);
	return rc;
}
