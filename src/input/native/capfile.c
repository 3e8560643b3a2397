/*
 * capfile.c - reading packet records from pcap and pcapng files, plain or gzip-compressed.
 * Follows the pcap format (draft-ietf-opsawg-pcap) and pcapng
 * (draft-ietf-opsawg-pcapng): SHB, IDB (if_tsresol, if_tsoffset), EPB, SPB
 * and the obsolete packet block; other blocks are skipped. zlib reads
 * uncompressed files as they are, so one path serves both. Holds one
 * buffer and the interface list; nothing per packet. What the headers
 * before the first packet say (interface names, section comments) is
 * kept as they are read: cr_capfile_meta, cr_file_meta_read.
 */
#include "capmeta.h"
#include "capreport.h"
#include "native.h"
#include "tok.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#ifndef CR_CAPFILE_CHUNK
#define CR_CAPFILE_CHUNK (1u << 20)	/* the fuzz build reads in smaller steps */
#endif
#define CHUNK CR_CAPFILE_CHUNK
#define PCAP_MAX_PACKET 262144u		/* wiretap's limit for a pcap record */
#define BLOCK_MAX (16u << 20)		/* wiretap's limit for a pcapng block */

struct iface {
	int linktype;
	uint64_t res;		/* ticks per second */
	int64_t offset_s;	/* if_tsoffset */
};

struct cr_capfile {
	gzFile gz;
	char *path;
	uint8_t *buf;
	size_t cap, pos, end;
	bool eof;
	bool pcapng;
	bool swap;
	bool nano;		/* pcap: nanosecond timestamps */
	int linktype;		/* pcap */
	GArray *ifaces;		/* pcapng, of struct iface: this section's */
	struct cr_file_meta meta;	/* the headers before the first packet, of every section */
	bool packet_seen;
	uint64_t frames;
	uint64_t offset;	/* file offset of buf[pos] */
};

static uint16_t u16(const struct cr_capfile *f, const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return f->swap ? GUINT16_SWAP_LE_BE(v) : v;
}

static uint32_t u32(const struct cr_capfile *f, const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return f->swap ? GUINT32_SWAP_LE_BE(v) : v;
}

/* Have `need` bytes at buf[pos]; returns how many there are (less at the end). -1: read error. */
static ssize_t fill(struct cr_capfile *f, size_t need, GError **err)
{
	while (f->end - f->pos < need && !f->eof) {
		int got;

		/* Keep the unread bytes at the start, then read a chunk after them. */
		if (f->pos > 0) {
			memmove(f->buf, f->buf + f->pos, f->end - f->pos);
			f->end -= f->pos;
			f->pos = 0;
		}
		if (f->cap - f->end < CHUNK) {
			f->cap = MAX(f->cap * 2, f->end + CHUNK);
			f->buf = g_realloc(f->buf, f->cap);
		}
		got = gzread(f->gz, f->buf + f->end, CHUNK);
		if (got < 0) {
			int code;
			const char *msg = gzerror(f->gz, &code);
			g_set_error(err, CR_ERROR, code == Z_ERRNO ? CR_EXIT_INPUT : CR_EXIT_DAMAGED, "cannot read '%s': %s",
				    f->path, code == Z_ERRNO ? g_strerror(errno) : msg);
			return -1;
		}
		if (got == 0) {
			int code;
			const char *msg = gzerror(f->gz, &code);
			f->eof = true;
			if (code != Z_OK && code != Z_BUF_ERROR) {
				g_set_error(err, CR_ERROR, CR_EXIT_DAMAGED, "the compressed data is damaged: %s", msg);
				return -1;
			}
			if (code == Z_BUF_ERROR) {
				g_set_error(err, CR_ERROR, CR_EXIT_DAMAGED,
					    "the compressed file was cut short (%s) after frame %" G_GUINT64_FORMAT, msg,
					    f->frames);
				return -1;
			}
		}
		f->end += (size_t)got;
	}
	return (ssize_t)MIN(need, f->end - f->pos);
}

static void consume(struct cr_capfile *f, size_t n)
{
	f->pos += n;
	f->offset += n;
}

static int cut_short(struct cr_capfile *f, GError **err)
{
	g_set_error(err, CR_ERROR, CR_EXIT_DAMAGED,
		    "the file was cut short in the middle of a packet, after frame %" G_GUINT64_FORMAT, f->frames);
	return -1;
}

static int damaged(struct cr_capfile *f, GError **err, const char *what)
{
	g_set_error(err, CR_ERROR, CR_EXIT_DAMAGED, "%s at byte %" G_GUINT64_FORMAT ", after frame %" G_GUINT64_FORMAT,
		    what, f->offset, f->frames);
	return -1;
}

/* A new interface of the headers' list. */
static struct cr_iface *meta_iface(struct cr_capfile *f)
{
	struct cr_iface *i = g_new0(struct cr_iface, 1);

	g_ptr_array_add(f->meta.ifaces, i);
	return i;
}

/* A string option of the headers, cut at 256 bytes and at the first NUL. */
static char *opt_string(const uint8_t *v, uint16_t len)
{
	return g_strndup((const char *)v, MIN(len, 256));
}

/*
 * The options of the pcapng block b of length len, from byte `start`:
 * fn gets each one's code and value, until the end-of-options option.
 */
static void walk_options(struct cr_capfile *f, const uint8_t *b, uint32_t start, uint32_t len,
			 void (*fn)(struct cr_capfile *f, void *user, uint16_t code, const uint8_t *v, uint16_t olen),
			 void *user)
{
	uint32_t o = start;

	while (o + 4 <= len - 4) {
		uint16_t code = u16(f, b + o), olen = u16(f, b + o + 2);

		if (code == 0 || o + 4 + olen > len - 4)
			break;
		fn(f, user, code, b + o + 4, olen);
		o += 4 + ((olen + 3u) & ~3u);
	}
}

static int open_pcap(struct cr_capfile *f, const uint8_t *h, GError **err)
{
	uint32_t magic, network;

	memcpy(&magic, h, 4);
	f->swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	f->nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (u16(f, h + 4) != 2) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "'%s' is a pcap file of version %u, not 2", f->path,
			    u16(f, h + 4));
		return -1;
	}
	network = u32(f, h + 20);
	/* The upper bits may say that frames end in a checksum: not decoded here. */
	f->linktype = (network & 0xfc000000) ? -1 : (int)network;
	meta_iface(f)->linktype = (int)(network & 0xffff);
	consume(f, 24);
	return 0;
}

struct cr_capfile *cr_capfile_open(const char *path, GError **err)
{
	struct cr_capfile *f;
	ssize_t n;
	uint32_t magic;

	f = g_new0(struct cr_capfile, 1);
	f->path = g_strdup(path);
	f->gz = gzopen(path, "rb");
	if (!f->gz) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path,
			    errno ? g_strerror(errno) : "out of memory");
		cr_capfile_close(f);
		return NULL;
	}
	gzbuffer(f->gz, CHUNK);
	f->ifaces = g_array_new(FALSE, FALSE, sizeof(struct iface));
	f->meta.ifaces = g_ptr_array_new();
	f->meta.comments = g_ptr_array_new_with_free_func(g_free);
	n = fill(f, 24, err);
	if (n < 0)
		goto fail;
	if (n >= 4) {
		memcpy(&magic, f->buf + f->pos, 4);
		if (magic == 0x0a0d0d0a) {
			f->pcapng = true;
			f->meta.format = g_strdup("pcapng");
			return f;
		}
		if (n == 24 && (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1)) {
			f->meta.format = g_strdup("pcap");
			if (open_pcap(f, f->buf + f->pos, err) != 0)
				goto fail;
			return f;
		}
	}
	g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "'%s' is not a pcap or pcapng capture", path);
fail:
	cr_capfile_close(f);
	return NULL;
}

bool cr_capfile_is_pcapng(const struct cr_capfile *f)
{
	return f->pcapng;
}

void cr_capfile_close(struct cr_capfile *f)
{
	if (!f)
		return;
	if (f->gz)
		gzclose(f->gz);
	if (f->ifaces)
		g_array_free(f->ifaces, TRUE);
	cr_file_meta_clear(&f->meta);
	g_free(f->buf);
	g_free(f->path);
	g_free(f);
}

static int next_pcap(struct cr_capfile *f, struct cr_caprec *r, GError **err)
{
	const uint8_t *h;
	uint32_t sec, frac, caplen;
	ssize_t n = fill(f, 16, err);

	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	if (n < 16)
		return cut_short(f, err);
	h = f->buf + f->pos;
	sec = u32(f, h);
	frac = u32(f, h + 4);
	caplen = u32(f, h + 8);
	if (caplen > PCAP_MAX_PACKET) {
		g_set_error(err, CR_ERROR, CR_EXIT_DAMAGED,
			    "the file is damaged: frame %" G_GUINT64_FORMAT " claims %u bytes, more than %u",
			    f->frames + 1, caplen, PCAP_MAX_PACKET);
		return -1;
	}
	r->len = u32(f, h + 12);
	f->packet_seen = true;
	n = fill(f, 16 + caplen, err);
	if (n < 0)
		return -1;
	if ((size_t)n < 16 + caplen)
		return cut_short(f, err);
	h = f->buf + f->pos;
	r->frame = ++f->frames;
	r->iface = 0;
	r->linktype = f->linktype;
	r->has_ts = true;
	r->untimed = false;
	r->ts_ns = (int64_t)sec * 1000000000 + (int64_t)frac * (f->nano ? 1 : 1000);
	r->caplen = caplen;
	r->data = h + 16;
	consume(f, 16 + caplen);
	return 1;
}

static void shb_option(struct cr_capfile *f, void *user, uint16_t code, const uint8_t *v, uint16_t len)
{
	(void)user;
	if (code == 1 && f->meta.comments->len < 64)	/* opt_comment */
		g_ptr_array_add(f->meta.comments, opt_string(v, len));
}

static void idb_option(struct cr_capfile *f, void *user, uint16_t code, const uint8_t *v, uint16_t len)
{
	struct iface *i = user;

	if (code == 9 && len >= 1) {	/* if_tsresol */
		uint8_t r = v[0];
		uint64_t res = 1;
		unsigned k = r & 0x7f;
		if (r & 0x80) {
			res = k < 64 ? (uint64_t)1 << k : 0;
		} else {
			for (unsigned x = 0; x < k && res; x++)
				res = res <= UINT64_MAX / 10 ? res * 10 : 0;
		}
		i->res = res ? res : 1000000;
	} else if (code == 14 && len == 8) {	/* if_tsoffset */
		int64_t s;
		memcpy(&s, v, 8);
		i->offset_s = f->swap ? (int64_t)GUINT64_SWAP_LE_BE((uint64_t)s) : s;
	}
}

/* if_name and if_description, for the headers' interface list. */
static void idb_name_option(struct cr_capfile *f, void *user, uint16_t code, const uint8_t *v, uint16_t len)
{
	struct cr_iface *m = user;

	(void)f;
	if (code == 2 && !m->name)
		m->name = opt_string(v, len);
	else if (code == 3 && !m->description)
		m->description = opt_string(v, len);
}

/* Section header: byte order, version; interfaces start again. */
static int read_shb(struct cr_capfile *f, const uint8_t *b, uint32_t len, GError **err)
{
	uint32_t bom;

	memcpy(&bom, b + 8, 4);
	if (bom != 0x1a2b3c4d && bom != 0x4d3c2b1a)
		return damaged(f, err, "a pcapng section header with no byte-order magic");
	f->swap = bom == 0x4d3c2b1a;
	if (u16(f, b + 12) != 1)
		return damaged(f, err, "a pcapng section of a version other than 1");
	g_array_set_size(f->ifaces, 0);
	if (!f->packet_seen)
		walk_options(f, b, 24, len, shb_option, NULL);
	return 0;
}

static void read_idb(struct cr_capfile *f, const uint8_t *b, uint32_t len)
{
	struct iface i = { .linktype = u16(f, b + 8), .res = 1000000 };

	walk_options(f, b, 16, len, idb_option, &i);
	g_array_append_val(f->ifaces, i);
	if (!f->packet_seen) {
		struct cr_iface *m = meta_iface(f);
		m->linktype = i.linktype;
		walk_options(f, b, 16, len, idb_name_option, m);
	}
}

/* Ticks of the interface's resolution to epoch ns; false when that does not fit (past the year 2262). */
static bool ticks_to_ns(const struct iface *i, uint64_t t, int64_t *ns)
{
	uint64_t s = t / i->res, frac = t % i->res;
	__int128 v = (__int128)s * 1000000000 + (__int128)((unsigned __int128)frac * 1000000000u / i->res) +
		     (__int128)i->offset_s * 1000000000;

	if (v > INT64_MAX || v < INT64_MIN)
		return false;
	*ns = (int64_t)v;
	return true;
}

static int packet_iface(struct cr_capfile *f, uint32_t id, GError **err, const struct iface **out)
{
	if (id >= f->ifaces->len) {
		g_set_error(err, CR_ERROR, CR_EXIT_DAMAGED,
			    "the file is damaged: frame %" G_GUINT64_FORMAT " names interface %u, which it does not describe",
			    f->frames + 1, id);
		return -1;
	}
	*out = &g_array_index(f->ifaces, struct iface, id);
	return 0;
}

static int next_pcapng(struct cr_capfile *f, struct cr_caprec *r, GError **err)
{
	for (;;) {
		const uint8_t *b;
		const struct iface *ifc;
		uint32_t type, len, body, caplen;
		ssize_t n = fill(f, 12, err);

		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (n < 12)
			return cut_short(f, err);
		b = f->buf + f->pos;
		memcpy(&type, b, 4);
		if (type == 0x0a0d0d0a) {
			uint32_t bom;
			memcpy(&bom, b + 8, 4);
			f->swap = bom == 0x4d3c2b1a;
		} else {
			type = u32(f, b);
		}
		len = u32(f, b + 4);
		if (len < 12 || len % 4 || len > BLOCK_MAX)
			return damaged(f, err, "a pcapng block with a bad length");
		n = fill(f, len, err);
		if (n < 0)
			return -1;
		if ((size_t)n < len)
			return cut_short(f, err);
		b = f->buf + f->pos;
		if (u32(f, b + len - 4) != len)
			return damaged(f, err, "a pcapng block whose two lengths differ");
		body = len - 12;
		switch (type) {
		case 0x0a0d0d0a:
			if (len < 28)
				return damaged(f, err, "a short pcapng section header");
			if (read_shb(f, b, len, err) != 0)
				return -1;
			break;
		case 1:
			if (len < 20)
				return damaged(f, err, "a short pcapng interface block");
			read_idb(f, b, len);
			break;
		case 6:	/* enhanced packet block */
		case 2:	/* obsolete packet block: 16-bit interface, 16-bit drops */
			if (body < 20)
				return damaged(f, err, "a short pcapng packet block");
			if (packet_iface(f, type == 6 ? u32(f, b + 8) : u16(f, b + 8), err, &ifc) != 0)
				return -1;
			caplen = u32(f, b + 20);
			if (caplen > body - 20)
				return damaged(f, err, "a pcapng packet block shorter than its packet");
			f->packet_seen = true;
			r->frame = ++f->frames;
			r->iface = type == 6 ? u32(f, b + 8) : u16(f, b + 8);
			r->linktype = ifc->linktype;
			r->has_ts = ticks_to_ns(ifc, (uint64_t)u32(f, b + 12) << 32 | u32(f, b + 16), &r->ts_ns);
			r->untimed = false;
			r->caplen = caplen;
			r->len = u32(f, b + 24);
			r->data = b + 28;
			consume(f, len);
			return 1;
		case 3:	/* simple packet block: interface 0, no timestamp */
			if (body < 4)
				return damaged(f, err, "a short pcapng simple packet block");
			if (packet_iface(f, 0, err, &ifc) != 0)
				return -1;
			f->packet_seen = true;
			r->frame = ++f->frames;
			r->iface = 0;
			r->linktype = ifc->linktype;
			r->has_ts = false;
			r->untimed = true;
			r->ts_ns = 0;
			r->len = u32(f, b + 8);
			r->caplen = MIN(r->len, body - 4);
			r->data = b + 12;
			consume(f, len);
			return 1;
		case 9:	/* systemd journal export: a frame for tshark, not a packet */
			r->frame = ++f->frames;
			r->iface = 0;
			r->linktype = -1;
			r->has_ts = false;
			r->untimed = false;
			r->ts_ns = 0;
			r->caplen = r->len = body;
			r->data = b + 8;
			consume(f, len);
			return 1;
		default:
			break;
		}
		consume(f, len);
	}
}

int cr_capfile_next(struct cr_capfile *f, struct cr_caprec *r, GError **err)
{
	return f->pcapng ? next_pcapng(f, r, err) : next_pcap(f, r, err);
}

void cr_capfile_take_meta(struct cr_capfile *f, struct cr_file_meta *out)
{
	*out = f->meta;
	memset(&f->meta, 0, sizeof(f->meta));
}

/* Link-layer header types (tcpdump.org linktypes); sentinel-ended. */
static const struct cr_tok linktypes[] = {
	{ 0, "BSD loopback" }, { 1, "Ethernet" }, { 101, "raw IP" }, { 113, "Linux cooked" },
	{ 228, "raw IPv4" }, { 229, "raw IPv6" }, { 276, "Linux cooked v2" }, { 105, "IEEE 802.11" },
	{ 127, "IEEE 802.11 radiotap" }, { -1, NULL },
};

const char *cr_linktype_name(int linktype)
{
	return cr_tok_name(linktypes, linktype, "other");
}

void cr_file_meta_clear(struct cr_file_meta *m)
{
	if (m->ifaces) {
		for (guint i = 0; i < m->ifaces->len; i++) {
			struct cr_iface *f = g_ptr_array_index(m->ifaces, i);
			g_free(f->name);
			g_free(f->description);
			g_free(f);
		}
		g_ptr_array_free(m->ifaces, TRUE);
	}
	if (m->comments)
		g_ptr_array_free(m->comments, TRUE);
	g_free(m->format);
	memset(m, 0, sizeof(*m));
}

int cr_file_meta_read(const char *path, struct cr_file_meta *m, GError **err)
{
	GError *e = NULL;
	struct cr_capfile *f = cr_capfile_open(path, &e);
	struct cr_caprec r;

	memset(m, 0, sizeof(*m));
	if (!f) {
		/* a file that is no capture has no interfaces; one that cannot be read is an error */
		int rc = g_file_test(path, G_FILE_TEST_IS_REGULAR) && access(path, R_OK) == 0 ? 0 : -1;
		if (rc)
			g_propagate_error(err, e);
		else
			g_error_free(e);
		m->ifaces = g_ptr_array_new();
		m->comments = g_ptr_array_new_with_free_func(g_free);
		return rc;
	}
	/* a damaged file: what its headers said before the damage */
	while (!f->packet_seen && cr_capfile_next(f, &r, NULL) == 1)
		;
	cr_capfile_take_meta(f, m);
	cr_capfile_close(f);
	return 0;
}
