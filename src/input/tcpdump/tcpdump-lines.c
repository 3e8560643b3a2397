/* tcpdump-lines.c - the lines around packet lines: -v continuations, -A/-X/-x dumps, times inside dumps. */
#include "tcpdump-int.h"

#include <string.h>

/*
 * Packet lines start with a time; the lines after one belong to it: an
 * indented -v continuation (IPv4 addresses), -X/-x hex lines (indented),
 * or an -A dump, whose text is the packet itself and may hold anything,
 * even lines that start with a time. Inside a dump, a line with a time is
 * taken for the next packet only when the dump has shown all the bytes the
 * packet line announced, or when the line after it starts the way an -A
 * dump of that packet must start (the IP version, and the high byte of the
 * IP length where it is printable). Everything else is payload, counted.
 */

static int emit(struct cr_tcpdump *t, struct cr_pkt *p, cr_tcpdump_fn fn, void *user)
{
	t->st.packets++;
	p->frame = t->st.packets;
	return fn ? fn(user, p) : 0;
}

static int flush_pending(struct cr_tcpdump *t, cr_tcpdump_fn fn, void *user)
{
	if (!t->pending)
		return 0;
	t->pending = false;
	return emit(t, &t->pend, fn, user);
}

/* Could this line start an -A dump of a packet of this shape? */
static bool dump_starts(struct cr_tcpdump *t, const struct cr_td_shape *sh, bool cont, const char *s, size_t n)
{
	unsigned char c0 = n ? (unsigned char)s[0] : 0;
	uint64_t lo, hi, b;

	if (sh->cut)
		return true;	/* where a cut dump starts is not known; the marker itself is rare in payload */
	if (cont && sh->needs_cont)
		return n && (s[0] == ' ' || s[0] == '\t') && cr_td_match(t, RE_CONT, s, n);
	cr_td_total_range(sh, &lo, &hi);
	switch (sh->family) {
	case 4:
		if (c0 < 0x45 || c0 > 0x4f)
			return false;
		b = n >= 3 ? (unsigned char)s[2] : '.';	/* total length, high byte */
		return b == '.' || (b >= lo >> 8 && b <= hi >> 8);
	case 6:
		if (c0 < 0x60 || c0 > 0x6f)
			return false;
		b = n >= 5 ? (unsigned char)s[4] : '.';	/* payload length, high byte */
		lo = lo > 40 ? lo - 40 : 0;
		hi = hi > 40 ? hi - 40 : 0;
		return b == '.' || (b >= lo >> 8 && b <= hi >> 8);
	case 'a':
		return n >= 4 && memcmp(s, "....", 4) == 0;	/* hardware 0x0001, protocol 0x0800 */
	default:
		return false;
	}
}

/* A line that starts with a time (format f, ns, the packet text at rest), in or out of the text's format. */
static int packet_line(struct cr_tcpdump *t, const char *line, size_t len, enum cr_tcpdump_ts f, int64_t ns,
		       size_t rest, bool bad, cr_tcpdump_fn fn, void *user)
{
	struct cr_td_shape sh;
	struct cr_pkt p;
	uint64_t hi;
	int rc;

	if ((rc = flush_pending(t, fn, user)) != 0)
		return rc;
	if (t->in_block && !t->payload && t->shape.family)
		t->probed = true;	/* a packet line right after a packet: no -A output */
	t->in_block = false;
	if (t->st.format == CR_TS_NONE && !bad)
		t->st.format = f;
	memset(&p, 0, sizeof(p));
	if (bad || f != t->st.format || !cr_td_parse_packet(t, line + rest, len - rest, &p, &sh)) {
		if (!t->st.bad++)
			t->st.first_bad = t->st.lines;
		return 0;
	}
	p.ts_ns = ns;
	t->in_block = true;
	t->payload = false;
	t->cont_seen = false;
	t->consumed = 0;
	t->shape = sh;
	cr_td_total_range(&sh, &t->owe, &hi);
	if (sh.needs_cont) {
		t->pending = true;
		t->pend = p;
		return 0;
	}
	return emit(t, &p, fn, user);
}

/* A line without a time: continuation, dump or noise. */
static int other_line(struct cr_tcpdump *t, const char *s, size_t n, size_t full, cr_tcpdump_fn fn, void *user)
{
	bool indented = n && (*s == ' ' || *s == '\t');

	if (!t->in_block)
		return 0;
	if (t->payload) {
		t->consumed += full + 2;	/* a newline may stand for CR LF */
		return 0;
	}
	if (indented && !t->cont_seen) {
		const char *a = "", *b = "", *body = "";
		size_t an = 0, bn = 0, bodyn = 0;

		t->cont_seen = true;
		if (t->pending && cr_td_match(t, RE_CONT, s, n)) {
			cr_td_grp(t, RE_CONT, 1, s, &a, &an);
			cr_td_grp(t, RE_CONT, 2, s, &b, &bn);
			cr_td_grp(t, RE_CONT, 3, s, &body, &bodyn);
			cr_td_fill_ip(t, &t->pend, 4, a, an, b, bn, body, bodyn, t->pend.proto);
		}
		return flush_pending(t, fn, user);
	}
	if (indented || n == 0)
		return 0;
	/* -A output is recognised once, at the first packet whose dump tells. */
	if (!t->probed && t->shape.family) {
		t->probed = true;
		t->st.ascii_payload = dump_starts(t, &t->shape, false, s, n);
	}
	if (t->st.ascii_payload) {
		t->payload = true;
		t->consumed = full + 2;
	}
	return flush_pending(t, fn, user);
}

/* Does this line start with a time in the text's format, followed by a packet? Changes nothing. */
static bool could_be_packet(struct cr_tcpdump *t, const char *s, size_t n, struct cr_td_shape *sh)
{
	struct cr_pkt p;
	int64_t ns;
	size_t rest;
	bool bad, ok;

	t->dry = true;
	memset(&p, 0, sizeof(p));
	ok = cr_td_parse_time(t, s, n, &ns, &rest, &bad) == t->st.format && !bad &&
	     cr_td_parse_packet(t, s + rest, n - rest, &p, sh);
	t->dry = false;
	return ok;
}

static void payload_time(struct cr_tcpdump *t, uint64_t line)
{
	if (!t->st.payload_ts++)
		t->st.first_payload_ts = line;
}

/* The line after a held one decides: a packet whose dump starts here, or payload. */
static int decide_held(struct cr_tcpdump *t, const char *s, size_t n, bool end, cr_tcpdump_fn fn, void *user)
{
	struct cr_td_shape sh;
	uint64_t now = t->st.lines;
	enum cr_tcpdump_ts f;
	int64_t ns = 0;
	size_t rest = 0;
	bool bad;
	int rc;

	t->holding = false;
	if (!end && could_be_packet(t, t->held, t->held_len, &sh) && dump_starts(t, &sh, true, s, n)) {
		t->st.lines = t->held_no;
		f = cr_td_parse_time(t, t->held, t->held_len, &ns, &rest, &bad);
		rc = packet_line(t, t->held, t->held_len, f, ns, rest, bad, fn, user);
		t->st.lines = now;
		return rc;
	}
	payload_time(t, t->held_no);
	t->consumed += t->held_full + 2;
	return 0;
}

int cr_tcpdump_line(struct cr_tcpdump *t, const char *line, size_t len, size_t full_len, cr_tcpdump_fn fn,
		    void *user)
{
	struct cr_td_shape sh;
	enum cr_tcpdump_ts f;
	int64_t ns = 0;
	size_t rest = 0;
	bool bad;
	int rc;

	t->st.lines++;
	len = MIN(len, CR_TCPDUMP_LINE_MAX);
	full_len = MAX(full_len, len);
	if (full_len > len && !t->st.long_lines++)
		t->st.first_long = t->st.lines;
	if (len && line[len - 1] == '\r') {
		len--;
		full_len--;
	}
	if (t->st.lines == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
		full_len -= 3;
	}
	if (t->holding && (rc = decide_held(t, line, len, false, fn, user)) != 0)
		return rc;
	/* Inside an -A dump that has not shown all its bytes yet. */
	if (t->in_block && t->payload && t->consumed < t->owe) {
		if (len >= 15 && line[0] >= '0' && line[0] <= '9' && cr_td_match(t, RE_TS, line, len)) {
			if (could_be_packet(t, line, len, &sh)) {
				memcpy(t->held, line, len);
				t->held_len = len;
				t->held_full = full_len;
				t->held_no = t->st.lines;
				t->holding = true;
				return 0;
			}
			payload_time(t, t->st.lines);
		}
		t->consumed += full_len + 2;
		return 0;
	}
	f = cr_td_parse_time(t, line, len, &ns, &rest, &bad);
	if (f != CR_TS_NONE)
		return packet_line(t, line, len, f, ns, rest, bad, fn, user);
	return other_line(t, line, len, full_len, fn, user);
}

int cr_tcpdump_finish(struct cr_tcpdump *t, cr_tcpdump_fn fn, void *user)
{
	if (t->holding)
		decide_held(t, NULL, 0, true, fn, user);
	t->in_block = false;
	return flush_pending(t, fn, user);
}
