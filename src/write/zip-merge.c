/* zip-merge.c - a zip (PKWARE APPNOTE 6.3) rewritten with some entries' data replaced, the rest copied byte for byte. */
#include "zip.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define LOCAL_LEN 30
#define CENTRAL_LEN 46
#define END_LEN 22
#define ZIP32_MAX 0xffffffffu

struct entry {
	char *name;
	GBytes *central;	/* its central directory record, as read */
	uint16_t method, flags;
	uint32_t crc;
	uint64_t csize, usize, offset;
	uint64_t end;		/* where the next local record (or the directory) starts */
};

struct cr_zip {
	char *path;
	int fd;
	GPtrArray *entries;	/* struct entry *, in directory order */
	uint64_t cd_offset;
};

static uint16_t get16(const guint8 *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(guint8 *p, uint64_t v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
}

static void put32(guint8 *p, uint64_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (guint8)(v >> (8 * i));
}

static int read_at(int fd, void *buf, size_t n, uint64_t off)
{
	guint8 *p = buf;

	while (n > 0) {
		ssize_t r = pread(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;	/* shorter than its directory says */
			return -1;
		}
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static void entry_free(gpointer p)
{
	struct entry *e = p;

	g_free(e->name);
	g_bytes_unref(e->central);
	g_free(e);
}

static int bad(GError **err, const char *path, const char *why)
{
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read '%s': %s", path, why);
	return -1;
}

static gint by_offset(gconstpointer a, gconstpointer b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int read_directory(struct cr_zip *z, GError **err)
{
	guint8 tail[END_LEN + 65535], *end = NULL;
	off_t size = lseek(z->fd, 0, SEEK_END);
	size_t n;
	uint64_t cd_size, pos;
	unsigned count;
	guint8 *cd;
	GPtrArray *sorted;

	if (size < 0)
		return bad(err, z->path, g_strerror(errno));
	if (size < END_LEN || (uint64_t)size >= ZIP32_MAX)
		return bad(err, z->path, size < END_LEN ? "not a zip" : "4 GiB or more: ZIP64 is not read here");
	n = (size_t)MIN((off_t)sizeof(tail), size);
	if (read_at(z->fd, tail, n, (uint64_t)size - n) != 0)
		return bad(err, z->path, g_strerror(errno));
	for (size_t i = n - END_LEN + 1; i-- > 0;)
		if (get32(tail + i) == SIG_END) {
			end = tail + i;
			break;
		}
	if (!end)
		return bad(err, z->path, "not a zip: no end of central directory");
	count = get16(end + 10);
	cd_size = get32(end + 12);
	z->cd_offset = get32(end + 16);
	if (count == 0xffff || z->cd_offset == ZIP32_MAX || get16(end + 4) != 0)
		return bad(err, z->path, "a ZIP64 or multi-disk zip is not read here");
	if (z->cd_offset + cd_size > (uint64_t)size)
		return bad(err, z->path, "the central directory is past the end");
	cd = g_malloc(cd_size ? cd_size : 1);
	if (read_at(z->fd, cd, cd_size, z->cd_offset) != 0) {
		g_free(cd);
		return bad(err, z->path, g_strerror(errno));
	}
	for (pos = 0; z->entries->len < count; ) {
		struct entry *e;
		size_t len;
		if (pos + CENTRAL_LEN > cd_size || get32(cd + pos) != SIG_CENTRAL)
			break;
		len = CENTRAL_LEN + get16(cd + pos + 28) + get16(cd + pos + 30) + get16(cd + pos + 32);
		if (pos + len > cd_size)
			break;
		e = g_new0(struct entry, 1);
		e->flags = get16(cd + pos + 8);
		e->method = get16(cd + pos + 10);
		e->crc = get32(cd + pos + 16);
		e->csize = get32(cd + pos + 20);
		e->usize = get32(cd + pos + 24);
		e->offset = get32(cd + pos + 42);
		e->name = g_strndup((const char *)cd + pos + CENTRAL_LEN, get16(cd + pos + 28));
		e->central = g_bytes_new(cd + pos, len);
		g_ptr_array_add(z->entries, e);
		pos += len;
		if (e->csize == ZIP32_MAX || e->usize == ZIP32_MAX || e->offset == ZIP32_MAX) {
			g_free(cd);
			return bad(err, z->path, "a ZIP64 entry is not read here");
		}
	}
	g_free(cd);
	if (z->entries->len != count)
		return bad(err, z->path, "the central directory is damaged");
	/* Each entry's local record runs up to the next one: data descriptors included. */
	sorted = g_ptr_array_copy(z->entries, NULL, NULL);
	g_ptr_array_set_free_func(sorted, NULL);	/* the entries stay in z */
	g_ptr_array_sort(sorted, by_offset);
	for (guint i = 0; i < sorted->len; i++) {
		struct entry *e = sorted->pdata[i];
		e->end = i + 1 < sorted->len ? ((struct entry *)sorted->pdata[i + 1])->offset : z->cd_offset;
		if (e->end < e->offset + LOCAL_LEN + e->csize) {
			g_ptr_array_free(sorted, TRUE);
			return bad(err, z->path, "entries overlap");
		}
	}
	g_ptr_array_free(sorted, TRUE);
	return 0;
}

struct cr_zip *cr_zip_open(const char *path, GError **err)
{
	struct cr_zip *z = g_new0(struct cr_zip, 1);

	z->path = g_strdup(path);
	z->entries = g_ptr_array_new_with_free_func(entry_free);
	z->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (z->fd < 0) {
		bad(err, path, g_strerror(errno));
		cr_zip_close(z);
		return NULL;
	}
	if (read_directory(z, err) != 0) {
		cr_zip_close(z);
		return NULL;
	}
	return z;
}

void cr_zip_close(struct cr_zip *z)
{
	if (!z)
		return;
	if (z->fd >= 0)
		close(z->fd);
	g_ptr_array_free(z->entries, TRUE);
	g_free(z->path);
	g_free(z);
}

static struct entry *find(struct cr_zip *z, const char *name)
{
	for (guint i = 0; i < z->entries->len; i++) {
		struct entry *e = z->entries->pdata[i];
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

/* Where an entry's data start: after its local header, name and extra field. */
static int data_offset(struct cr_zip *z, const struct entry *e, uint64_t *off)
{
	guint8 h[LOCAL_LEN];

	if (read_at(z->fd, h, LOCAL_LEN, e->offset) != 0)
		return -1;
	if (get32(h) != SIG_LOCAL) {
		errno = EINVAL;
		return -1;
	}
	*off = e->offset + LOCAL_LEN + get16(h + 26) + get16(h + 28);
	return 0;
}

char *cr_zip_read(struct cr_zip *z, const char *name, size_t *len, GError **err)
{
	struct entry *e = find(z, name);
	guint8 *packed;
	char *out;
	uint64_t off;
	z_stream s = { 0 };
	int zr;

	if (!e) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read '%s': no entry '%s'", z->path, name);
		return NULL;
	}
	if ((e->method != 0 && e->method != 8) || e->usize > 512u * 1024 * 1024) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read '%s': entry '%s' is compressed by method %u "
			    "or too large", z->path, name, e->method);
		return NULL;
	}
	packed = g_malloc(e->csize + 1);
	if (data_offset(z, e, &off) != 0 || read_at(z->fd, packed, e->csize, off) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read '%s': %s", z->path, g_strerror(errno));
		g_free(packed);
		return NULL;
	}
	out = g_malloc(e->usize + 1);
	if (e->method == 0) {
		memcpy(out, packed, MIN(e->csize, e->usize));
		zr = e->csize == e->usize ? Z_STREAM_END : Z_DATA_ERROR;
	} else {
		inflateInit2(&s, -15);
		s.next_in = packed;
		s.avail_in = (uInt)e->csize;
		s.next_out = (Bytef *)out;
		s.avail_out = (uInt)e->usize;
		zr = inflate(&s, Z_FINISH);
		if (zr == Z_STREAM_END && s.total_out != e->usize)
			zr = Z_DATA_ERROR;
		inflateEnd(&s);
	}
	g_free(packed);
	if (zr != Z_STREAM_END || (uint32_t)crc32(0, (Bytef *)out, (uInt)e->usize) != e->crc) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read '%s': entry '%s' is damaged", z->path, name);
		g_free(out);
		return NULL;
	}
	out[e->usize] = '\0';
	*len = (size_t)e->usize;
	return out;
}

/* Copy n bytes of fd from `off` to `out`. */
static int copy_range(int fd, uint64_t off, uint64_t n, int out, guint8 *buf, size_t bufsize)
{
	while (n > 0) {
		size_t k = (size_t)MIN(n, (uint64_t)bufsize);
		if (read_at(fd, buf, k, off) != 0 || cr_write_all(out, buf, k) != 0)
			return -1;
		off += k;
		n -= k;
	}
	return 0;
}

static int too_big(GError **err, const char *what)
{
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': it would reach 4 GiB, which needs ZIP64; "
		    "write fewer rows", what);
	return -1;
}

int cr_zip_rewrite(struct cr_zip *z, int fd, const struct cr_zip_replace *rep, size_t nrep, const char *what,
		   GError **err)
{
	const size_t bufsize = 1 << 20;
	guint8 *buf = g_malloc(bufsize);
	GByteArray *cd = g_byte_array_new();
	uint64_t pos = 0;
	guint8 end[END_LEN] = { 0 };
	int rc = -1;

	for (size_t k = 0; k < nrep; k++)
		if (!find(z, rep[k].name)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': no entry '%s' to replace", what,
				    rep[k].name);
			goto out;
		}
	for (guint i = 0; i < z->entries->len; i++) {
		struct entry *e = z->entries->pdata[i];
		const struct cr_zip_replace *r = NULL;
		gsize clen;
		const guint8 *c = g_bytes_get_data(e->central, &clen);
		guint start = cd->len;

		for (size_t k = 0; k < nrep && !r; k++)
			if (strcmp(rep[k].name, e->name) == 0)
				r = &rep[k];
		if (pos >= ZIP32_MAX) {
			too_big(err, what);
			goto out;
		}
		if (!r) {	/* as it is, at its new place */
			if (copy_range(z->fd, e->offset, e->end - e->offset, fd, buf, bufsize) != 0)
				goto fail;
			g_byte_array_append(cd, c, (guint)clen);
			put32(cd->data + start + 42, pos);
			pos += e->end - e->offset;
			continue;
		}
		{
			uint64_t csize = 0;
			size_t nlen = strlen(e->name);
			guint8 h[LOCAL_LEN];
			for (size_t p = 0; p < r->npieces; p++)
				csize += r->piece[p].len;
			if (csize >= ZIP32_MAX || r->raw >= ZIP32_MAX || pos + LOCAL_LEN + nlen + csize >= ZIP32_MAX) {
				too_big(err, what);
				goto out;
			}
			/* The central record: the old one's times and attributes, new sizes, no extra field. */
			g_byte_array_append(cd, c, CENTRAL_LEN);
			put16(cd->data + start + 6, 20);
			put16(cd->data + start + 8, 0);
			put16(cd->data + start + 10, 8);
			put32(cd->data + start + 16, r->crc);
			put32(cd->data + start + 20, csize);
			put32(cd->data + start + 24, r->raw);
			put16(cd->data + start + 30, 0);
			put16(cd->data + start + 32, 0);
			put32(cd->data + start + 42, pos);
			g_byte_array_append(cd, (const guint8 *)e->name, (guint)nlen);
			/* The local header says the same. */
			put32(h, SIG_LOCAL);
			memcpy(h + 4, cd->data + start + 6, 22);	/* version needed .. sizes */
			put16(h + 26, nlen);
			put16(h + 28, 0);
			if (cr_write_all(fd, h, LOCAL_LEN) != 0 || cr_write_all(fd, e->name, nlen) != 0)
				goto fail;
			for (size_t p = 0; p < r->npieces; p++) {
				const struct cr_zip_piece *pc = &r->piece[p];
				if (pc->mem ? cr_write_all(fd, pc->mem, pc->len) != 0 :
					      copy_range(pc->fd, pc->offset, pc->len, fd, buf, bufsize) != 0)
					goto fail;
			}
			pos += LOCAL_LEN + nlen + csize;
		}
	}
	if (pos + cd->len >= ZIP32_MAX) {
		too_big(err, what);
		goto out;
	}
	put32(end, SIG_END);
	put16(end + 8, z->entries->len);
	put16(end + 10, z->entries->len);
	put32(end + 12, cd->len);
	put32(end + 16, pos);
	if (cr_write_all(fd, cd->data, cd->len) != 0 || cr_write_all(fd, end, END_LEN) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", what, g_strerror(errno));
out:
	g_byte_array_free(cd, TRUE);
	g_free(buf);
	return rc;
}
