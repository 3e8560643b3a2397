/*
 * csvread.c - a streaming CSV reader (RFC 4180, as libcsv reads it in strict
 * mode), one row at a time, without copying fields.
 *
 * It reads the dialect tshark writes (-E quote=d, separator ',') fast: a
 * file is read in 256 KiB blocks on a second thread while this one parses
 * the block before, a row of quoted fields is scanned in one pass, and a
 * row's fields point into the block itself (NUL-terminated in place once
 * the row is complete). Only a field holding a doubled quote is copied, unescaped, into a
 * side buffer. The language is libcsv's with CSV_STRICT | CSV_STRICT_FINI:
 * CR and LF both end a row, blank lines are skipped, spaces and tabs around
 * a field are dropped (inside quotes they are kept), a quote inside an
 * unquoted field, text after a closing quote or an unterminated quote at the
 * end is an error. tests/unit/test-csv-table.c and tests/fuzz/fuzz-csv.c
 * compare the two readers row by row.
 *
 * A row that a block leaves unfinished is parsed again from its start once
 * at least as many bytes again have arrived, so a huge row costs linear time.
 */
#include "capreport.h"
#include "csvread.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* A field longer than this is cut (and counted): captures are untrusted. */
#define CR_CSV_FIELD_MAX (CR_CSV_FIELD_CAP_KIB * 1024)
/* Bytes read from a file at a time: with the rows parsed from them, they stay in a 1 MiB L2 cache. */
#define CR_CSV_BLOCK (256 * 1024)
/* Room before a block read on the reader thread for the unfinished row of the block before. */
#define CR_CSV_HEAD (64 * 1024)
#define CR_CSV_NBLOCKS 3

/* Where a field's text is: the block (bit clear) or the side buffer. */
#define IN_ESC ((size_t)1 << (sizeof(size_t) * 8 - 1))

struct cr_csv {
	cr_row_fn fn;
	void *user;
	char *buf;		/* pending bytes: buf[pos, len); one spare byte past len */
	size_t pos, len, cap;
	size_t retry;		/* an unfinished row is parsed again once len reaches this */
	size_t *offs;		/* field i: offset into buf, or IN_ESC | offset into esc */
	size_t *lens;
	char **ptrs;
	size_t nfields, fcap;
	char *esc;		/* unescaped copies of fields with doubled quotes */
	size_t esc_used, esc_cap;
	uint64_t record;
	uint64_t cut;		/* fields cut at CR_CSV_FIELD_MAX */
	int stop;		/* the callback asked to stop */
	const char *bad;	/* why the input is malformed (sticky) */
};

enum { ROW_DONE, ROW_MORE, ROW_NONE, ROW_BAD };

static inline bool is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

static inline bool is_term(char ch)
{
	return ch == '\n' || ch == '\r';
}

static void add_field(struct cr_csv *c, size_t off, size_t len)
{
	if (c->nfields == c->fcap) {
		c->fcap = c->fcap ? c->fcap * 2 : 64;
		c->offs = g_renew(size_t, c->offs, c->fcap);
		c->lens = g_renew(size_t, c->lens, c->fcap);
		c->ptrs = g_renew(char *, c->ptrs, c->fcap);
	}
	c->offs[c->nfields] = off;
	c->lens[c->nfields] = len;
	c->nfields++;
}

static void esc_append(struct cr_csv *c, const char *s, size_t n)
{
	if (c->esc_used + n + 1 > c->esc_cap) {
		c->esc_cap = MAX(c->esc_cap * 2, c->esc_used + n + 1);
		c->esc = g_realloc(c->esc, c->esc_cap);
	}
	memcpy(c->esc + c->esc_used, s, n);
	c->esc_used += n;
}

/*
 * A quoted field whose opening quote is at `p`. Returns where parsing goes on
 * (just past the closing quote and any spaces after it) or NULL with *st set:
 * ROW_MORE (the block ends first), ROW_BAD.
 */
static const char *quoted_field(struct cr_csv *c, const char *p, const char *end, bool eof, int *st)
{
	const char *s = p + 1, *q;
	size_t esc_start = 0;
	bool escaped = false;

	for (;;) {
		q = memchr(s, '"', (size_t)(end - s));	/* the general path: no sentinel */
		if (!q) {
			*st = eof ? ROW_BAD : ROW_MORE;
			if (eof)
				c->bad = "a quoted field is not closed";
			return NULL;
		}
		if (q + 1 < end && q[1] == '"') {	/* "" stands for one quote */
			if (!escaped) {
				escaped = true;
				esc_start = c->esc_used;
			}
			esc_append(c, s, (size_t)(q + 1 - s));
			s = q + 2;
			continue;
		}
		if (q + 1 == end && !eof) {
			*st = ROW_MORE;
			return NULL;
		}
		break;
	}
	if (escaped) {
		esc_append(c, s, (size_t)(q - s));
		add_field(c, IN_ESC | esc_start, c->esc_used - esc_start);
		esc_append(c, "", 1);	/* room for the NUL */
	} else {
		add_field(c, (size_t)(s - c->buf), (size_t)(q - s));
	}
	/* After the closing quote: spaces, then a separator, a row end or the end. */
	q++;
	while (q < end && is_space(*q))
		q++;
	if (q == end) {
		*st = ROW_MORE;
		return eof ? q : NULL;
	}
	if (*q != ',' && !is_term(*q)) {
		c->bad = "text after a closing quote";
		*st = ROW_BAD;
		return NULL;
	}
	return q;
}

/*
 * Parse the row at buf + pos. ROW_DONE: fields recorded, *next past its end.
 * ROW_NONE: only blank lines up to the end (*next there). ROW_MORE: the
 * block ends inside the row. ROW_BAD: malformed (c->bad says why).
 */
static int parse_row(struct cr_csv *c, size_t pos, bool eof, size_t *next)
{
	const char *p = c->buf + pos, *end = c->buf + c->len;
	int st = ROW_DONE;

	c->nfields = 0;
	c->esc_used = 0;
	while (p < end && (is_space(*p) || is_term(*p)))
		p++;
	if (p == end) {
		*next = (size_t)(p - c->buf);
		return ROW_NONE;
	}
	for (;;) {
		const char *f;

		while (p < end && is_space(*p))
			p++;
		if (p == end) {
			if (!eof)
				return ROW_MORE;
			add_field(c, (size_t)(p - c->buf), 0);
			*next = (size_t)(p - c->buf);
			return ROW_DONE;
		}
		if (*p == '"') {
			p = quoted_field(c, p, end, eof, &st);
			if (!p)
				return st;
		} else if (*p == ',' || is_term(*p)) {
			add_field(c, (size_t)(p - c->buf), 0);
		} else {
			const char *e;

			for (f = p; p < end; p++) {
				char ch = *p;
				if (ch == ',' || ch == '"' || is_term(ch))
					break;
			}
			if (p == end && !eof)
				return ROW_MORE;
			if (p < end && *p == '"') {
				c->bad = "a quote inside an unquoted field";
				return ROW_BAD;
			}
			for (e = p; e > f && is_space(e[-1]); e--)
				;
			add_field(c, (size_t)(f - c->buf), (size_t)(e - f));
		}
		if (p == end) {
			*next = (size_t)(p - c->buf);
			return ROW_DONE;
		}
		if (*p++ != ',') {
			*next = (size_t)(p - c->buf);
			return ROW_DONE;
		}
	}
}

/*
 * The row at buf + pos as tshark writes it: every field quoted without
 * doubled quotes, or empty; LF at the end. ROW_DONE, or -1 for anything
 * else (parse_row then reads it). A '"' sentinel at buf[len] ends the scans.
 */
static int parse_row_tshark(struct cr_csv *c, size_t pos, size_t *next)
{
	const char *base = c->buf, *p = base + pos, *end = base + c->len;
	size_t n = 0;

	c->buf[c->len] = '"';
	if (*p != '"')
		return -1;
	for (;;) {
		if (n == c->fcap) {
			c->nfields = n;
			add_field(c, 0, 0);	/* grows the arrays */
		}
		if (*p == '"') {
			const char *s = p + 1, *q = s;
			while (*q != '"')
				q++;
			if (q + 1 >= end)
				return -1;
			c->offs[n] = (size_t)(s - base);
			c->lens[n++] = (size_t)(q - s);
			p = q + 2;
			if (q[1] == ',')
				goto next_field;
			if (q[1] == '\n')
				break;
			return -1;
		}
		if (*p == ',') {
			c->offs[n] = (size_t)(p - base);
			c->lens[n++] = 0;
			p++;
			goto next_field;
		}
		if (*p == '\n') {
			c->offs[n] = (size_t)(p - base);
			c->lens[n++] = 0;
			p++;
			break;
		}
		return -1;
next_field:
		if (p == end)
			return -1;
	}
	c->nfields = n;
	c->esc_used = 0;
	*next = (size_t)(p - base);
	return ROW_DONE;
}

/* Terminate the recorded fields in place and hand the row over. */
static int deliver(struct cr_csv *c)
{
	struct cr_row row;

	for (size_t i = 0; i < c->nfields; i++) {
		size_t off = c->offs[i], len = c->lens[i];
		char *s = off & IN_ESC ? c->esc + (off & ~IN_ESC) : c->buf + off;
		if (len > CR_CSV_FIELD_MAX) {
			len = CR_CSV_FIELD_MAX;
			c->lens[i] = len;
			c->cut++;
		}
		s[len] = '\0';
		c->ptrs[i] = s;
	}
	row.field = c->ptrs;
	row.len = c->lens;
	row.n = c->nfields;
	row.record = c->record++;
	if (c->fn(c->user, &row) != 0)
		c->stop = 1;
	return c->stop ? -1 : 0;
}

/* Parse every complete row pending (and, at eof, the last one). */
static int process(struct cr_csv *c, bool eof, GError **err)
{
	size_t next;

	if (!eof && c->len < c->retry)
		return 0;
	while (c->pos < c->len && !c->stop) {
		int st = parse_row_tshark(c, c->pos, &next);

		if (st < 0)
			st = parse_row(c, c->pos, eof, &next);

		if (st == ROW_MORE) {
			c->retry = c->len + (c->len - c->pos);
			return 0;
		}
		if (st == ROW_BAD) {
			g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "malformed CSV %s record %" G_GUINT64_FORMAT ": %s",
				    eof ? "at its end, in" : "near", c->record, c->bad);
			return -1;
		}
		c->pos = next;
		if (st == ROW_DONE && deliver(c) != 0)
			return -1;
	}
	c->retry = 0;
	return c->stop ? -1 : 0;
}

/* Make room for `n` more bytes (and the spare one) after the pending ones. */
static void reserve(struct cr_csv *c, size_t n)
{
	if (c->pos > 0) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->retry -= MIN(c->retry, c->pos);
		c->len -= c->pos;
		c->pos = 0;
	}
	if (c->len + n + 1 > c->cap) {
		c->cap = MAX(c->cap * 2, c->len + n + 1);
		c->buf = g_realloc(c->buf, c->cap);
	}
}

struct cr_csv *cr_csv_new(cr_row_fn fn, void *user)
{
	struct cr_csv *c = g_new0(struct cr_csv, 1);

	c->fn = fn;
	c->user = user;
	return c;
}

void cr_csv_free(struct cr_csv *c)
{
	if (!c)
		return;
	g_free(c->buf);
	g_free(c->offs);
	g_free(c->lens);
	g_free(c->ptrs);
	g_free(c->esc);
	g_free(c);
}

uint64_t cr_csv_cut_fields(const struct cr_csv *c)
{
	return c->cut;
}

/* A consumer stopped the parse, or the CSV was malformed (err says where): nothing more is read. */
static bool halted(const struct cr_csv *c, GError **err)
{
	if (c->bad && !c->stop)
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "malformed CSV near record %" G_GUINT64_FORMAT ": %s",
			    c->record, c->bad);
	return c->stop || c->bad;
}

int cr_csv_feed(struct cr_csv *c, const char *buf, size_t len, GError **err)
{
	if (halted(c, err))
		return -1;
	if (!len)
		return 0;
	reserve(c, len);
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
	return process(c, false, err);
}

int cr_csv_finish(struct cr_csv *c, GError **err)
{
	if (halted(c, err))
		return -1;
	reserve(c, 0);
	return process(c, true, err);
}

static int read_fd(struct cr_csv *c, int fd, const char *path, GError **err)
{
	for (;;) {
		ssize_t n;

		if (cr_interrupted) {
			g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted");
			return -1;
		}
		reserve(c, CR_CSV_BLOCK);
		n = read(fd, c->buf + c->len, c->cap - c->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
			return -1;
		}
		if (n == 0)
			return process(c, true, err);
		c->len += (size_t)n;
		if (process(c, false, err) != 0)
			return -1;
	}
}

/* ---- a file: read() on a second thread while this one parses ------- */

struct block {
	char *mem;		/* CR_CSV_HEAD + CR_CSV_BLOCK + 1 bytes */
	size_t len;		/* bytes read, at mem + CR_CSV_HEAD; 0 at the end */
	int error;		/* errno of a failed read, or 0 */
};

struct reader {
	int fd;
	GAsyncQueue *full, *empty;	/* of struct block */
	gint quit;
};

/* The reader thread: fill empty blocks until the end, an error or quit. */
static gpointer reader_main(gpointer data)
{
	struct reader *rd = data;

	for (;;) {
		struct block *b = g_async_queue_pop(rd->empty);
		ssize_t n = 0;

		if (!g_atomic_int_get(&rd->quit))
			do
				n = read(rd->fd, b->mem + CR_CSV_HEAD, CR_CSV_BLOCK);
			while (n < 0 && errno == EINTR);
		b->error = n < 0 ? errno : 0;
		b->len = n > 0 ? (size_t)n : 0;
		g_async_queue_push(rd->full, b);
		if (n <= 0)
			return NULL;
	}
}

/*
 * Parse a block where it lies: the unfinished row of the block before is
 * copied into the room in front of it (a row longer than that room is
 * gathered in the reader's own buffer instead). What this block leaves
 * unfinished is copied back to the own buffer, as the block is reused.
 */
static int take_block(struct cr_csv *c, struct block *b, GError **err)
{
	size_t pending = c->len - c->pos, left;
	char *own = c->buf, *start;
	size_t own_cap = c->cap;
	int rc;

	if (pending > CR_CSV_HEAD) {
		reserve(c, b->len);
		memcpy(c->buf + c->len, b->mem + CR_CSV_HEAD, b->len);
		c->len += b->len;
		return process(c, false, err);
	}
	start = b->mem + CR_CSV_HEAD - pending;
	if (pending)
		memcpy(start, c->buf + c->pos, pending);
	c->buf = start;
	c->pos = 0;
	c->len = pending + b->len;
	c->cap = c->len + 1;
	c->retry = 0;
	rc = process(c, false, err);
	left = c->len - c->pos;
	start = c->buf + c->pos;
	c->buf = own;
	c->cap = own_cap;
	c->pos = c->len = 0;
	reserve(c, left);
	if (left)
		memcpy(c->buf, start, left);
	c->len = left;
	return rc;
}

static int read_threaded(struct cr_csv *c, int fd, const char *path, GError **err)
{
	struct reader rd = { .fd = fd, .full = g_async_queue_new(), .empty = g_async_queue_new() };
	struct block blocks[CR_CSV_NBLOCKS];
	GThread *t;
	int rc = 0;

	for (int i = 0; i < CR_CSV_NBLOCKS; i++) {
		blocks[i].mem = g_malloc(CR_CSV_HEAD + CR_CSV_BLOCK + 1);
		g_async_queue_push(rd.empty, &blocks[i]);
	}
	t = g_thread_try_new("csv-read", reader_main, &rd, NULL);
	if (!t) {
		rc = read_fd(c, fd, path, err);
		goto out;
	}
	for (;;) {
		struct block *b = g_async_queue_pop(rd.full);

		if (b->error) {
			g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(b->error));
			rc = -1;
		} else if (!b->len) {
			reserve(c, 0);
			rc = process(c, true, err);
		} else if (cr_interrupted) {
			g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted");
			rc = -1;
		} else {
			rc = take_block(c, b, err);
			if (rc == 0) {
				g_async_queue_push(rd.empty, b);
				continue;
			}
		}
		/* Done: the block goes back so that the reader, told to quit, can end. */
		g_atomic_int_set(&rd.quit, 1);
		g_async_queue_push(rd.empty, b);
		break;
	}
	g_thread_join(t);
out:
	for (int i = 0; i < CR_CSV_NBLOCKS; i++)
		g_free(blocks[i].mem);
	g_async_queue_unref(rd.full);
	g_async_queue_unref(rd.empty);
	return rc;
}

int cr_csv_read_file(const char *path, cr_row_fn fn, void *user, uint64_t *cut, GError **err)
{
	struct cr_csv *c;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return -1;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	c = cr_csv_new(fn, user);
	rc = read_threaded(c, fd, path, err);
	if (cut)
		*cut = cr_csv_cut_fields(c);
	cr_csv_free(c);
	close(fd);
	return rc;
}
