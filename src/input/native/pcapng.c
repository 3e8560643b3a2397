/*
 * pcapng.c - what a capture file's headers say: interfaces and comments.
 * Follows the pcapng draft (IETF opsawg-pcapng): SHB, IDB and their options.
 * Stops at the first packet block; gzip-compressed files read through zlib.
 */
#include "capreport.h"
#include "native.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

#define BLOCK_MAX (16u << 20)

/* Link-layer header types (tcpdump.org linktypes); sentinel-ended. */
static const struct {
	int type;
	const char *name;
} linktypes[] = {
	{ 0, "BSD loopback" }, { 1, "Ethernet" }, { 101, "raw IP" }, { 113, "Linux cooked" },
	{ 228, "raw IPv4" }, { 229, "raw IPv6" }, { 276, "Linux cooked v2" }, { 105, "IEEE 802.11" },
	{ 127, "IEEE 802.11 radiotap" }, { -1, NULL },
};

const char *cr_linktype_name(int linktype)
{
	for (int i = 0; linktypes[i].name; i++)
		if (linktypes[i].type == linktype)
			return linktypes[i].name;
	return "other";
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

static uint32_t u32(const uint8_t *p, bool swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static uint16_t u16(const uint8_t *p, bool swap)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return swap ? GUINT16_SWAP_LE_BE(v) : v;
}

/* A string option, cut at 256 bytes and at the first NUL. */
static char *opt_string(const uint8_t *p, size_t len)
{
	if (len > 256)
		len = 256;
	return g_strndup((const char *)p, len);
}

/* Walk options; for each, call back with code and value. */
static void walk_options(const uint8_t *p, size_t len, bool swap, void (*fn)(void *, int, const uint8_t *, size_t),
			 void *user)
{
	size_t off = 0;

	while (off + 4 <= len) {
		uint16_t code = u16(p + off, swap), olen = u16(p + off + 2, swap);
		if (code == 0 || off + 4 + olen > len)
			break;
		fn(user, code, p + off + 4, olen);
		off += 4 + (((size_t)olen + 3) & ~(size_t)3);
	}
}

static void shb_option(void *user, int code, const uint8_t *v, size_t len)
{
	struct cr_file_meta *m = user;
	if (code == 1 && m->comments->len < 64)
		g_ptr_array_add(m->comments, opt_string(v, len));
}

static void idb_option(void *user, int code, const uint8_t *v, size_t len)
{
	struct cr_iface *f = user;
	if (code == 2 && !f->name)
		f->name = opt_string(v, len);
	else if (code == 3 && !f->description)
		f->description = opt_string(v, len);
}

static int read_pcapng(gzFile z, struct cr_file_meta *m)
{
	uint8_t hdr[8], *body = NULL;
	bool swap = false;

	m->format = g_strdup("pcapng");
	for (;;) {
		uint32_t type, len;

		if (gzread(z, hdr, 8) != 8)
			break;
		type = u32(hdr, false);
		if (type == 0x0A0D0D0A) {
			uint8_t bom[4];
			if (gzread(z, bom, 4) != 4)
				break;
			swap = u32(bom, false) != 0x1A2B3C4D;
			len = u32(hdr + 4, swap);
			if (len < 28 || len > BLOCK_MAX)
				break;
			body = g_realloc(body, len);
			if (gzread(z, body, len - 12) != (int)(len - 12))
				break;
			/* version (4) and section length (8), then options */
			walk_options(body + 12, len - 12 - 12 - 4 + 0, swap, shb_option, m);
			continue;
		}
		type = u32(hdr, swap);
		len = u32(hdr + 4, swap);
		if (len < 12 || len > BLOCK_MAX || (type == 2 || type == 3 || type == 6))
			break;	/* a packet block: interfaces are declared before */
		body = g_realloc(body, len);
		if (gzread(z, body, len - 8) != (int)(len - 8))
			break;
		if (type == 1 && len >= 20) {
			struct cr_iface *f = g_new0(struct cr_iface, 1);
			f->linktype = u16(body, swap);
			walk_options(body + 8, len - 8 - 8 - 4, swap, idb_option, f);
			g_ptr_array_add(m->ifaces, f);
		}
	}
	g_free(body);
	return 0;
}

/* pcap's magic in either byte order, microsecond or nanosecond. */
static bool is_pcap_magic(uint32_t m)
{
	return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1;
}

int cr_file_meta_read(const char *path, struct cr_file_meta *m, GError **err)
{
	gzFile z = gzopen(path, "rb");
	uint8_t hdr[24];
	int n;

	memset(m, 0, sizeof(*m));
	m->ifaces = g_ptr_array_new();
	m->comments = g_ptr_array_new_with_free_func(g_free);
	if (!z) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return -1;
	}
	n = gzread(z, hdr, 4);
	if (n == 4 && u32(hdr, false) == 0x0A0D0D0A) {
		gzrewind(z);
		read_pcapng(z, m);
	} else if (n == 4 && is_pcap_magic(u32(hdr, false)) && gzread(z, hdr + 4, 20) == 20) {
		uint32_t magic = u32(hdr, false);
		bool swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
		struct cr_iface *f = g_new0(struct cr_iface, 1);
		m->format = g_strdup("pcap");
		f->linktype = (int)(u32(hdr + 20, swap) & 0xffff);
		g_ptr_array_add(m->ifaces, f);
	}
	gzclose(z);
	return 0;
}
