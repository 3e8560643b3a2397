/* tcpdump.c - one line of tcpdump's text output (-tttt, -tt, default; -n, -e, -v, -A, -X) into a packet. */
#include "capreport.h"
#include "tcpdump-int.h"

#include <string.h>

static const char *const patterns[RE_N + 1] = {
	[RE_TS] = "^(?:(\\d{4})-(\\d\\d)-(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{9}|\\d{6})"
		  "|(\\d{1,12})\\.(\\d{9}|\\d{6})"
		  "|(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{9}|\\d{6})) ",
	[RE_IFACE] = "^(\\S{1,64}) +(?:In|Out|B|M|P) +",
	[RE_LINK] = "^(?:ifindex \\d+ )?.{0,160}?ethertype (\\S+) \\(0x[0-9a-fA-F]{4}\\), length (\\d+): ",
	[RE_VLAN] = "^vlan \\d+, p \\d+, ethertype (\\S+) \\(0x[0-9a-fA-F]{4}\\), ",
	[RE_ADDRS] = "^(\\S+) > (\\S+):(?: (.*))?$",
	[RE_IP4V] = "^\\([^()]*?proto \\S+ \\((\\d+)\\), length (\\d+)",
	[RE_IP6V] = "^\\((.*?)payload length: (\\d+)\\) (\\S+) > (\\S+):(?: (.*))?$",
	[RE_CONT] = "^[ \\t]+(\\S+) > (\\S+):(?: (.*))?$",
	NULL,
};

/* Protocol numbers and the protocols strings synthesized for them; sentinel-ended. */
static const struct {
	int num;
	const char *v4, *v6;
} l4_names[] = {
	{ 6, "ip:tcp", "ipv6:tcp" }, { 17, "ip:udp", "ipv6:udp" }, { 1, "ip:icmp", "ipv6:icmp" },
	{ 58, "ip:icmpv6", "ipv6:icmpv6" }, { 132, "ip:sctp", "ipv6:sctp" }, { 2, "ip:igmp", "ipv6:igmp" },
	{ 47, "ip:gre", "ipv6:gre" }, { 50, "ip:esp", "ipv6:esp" }, { 51, "ip:ah", "ipv6:ah" },
	{ 89, "ip:ospf", "ipv6:ospf" }, { 103, "ip:pim", "ipv6:pim" }, { 112, "ip:vrrp", "ipv6:vrrp" },
	{ -1, NULL, NULL },
};

/* How a body starts → its protocol number; sentinel-ended. */
static const struct {
	const char *prefix;
	int num;
} body_names[] = {
	{ "Flags [", 6 }, { "ICMP6", 58 }, { "ICMP", 1 }, { "UDP", 17 }, { "sctp", 132 }, { "IGMP", 2 },
	{ "igmp", 2 }, { "GREv", 47 }, { "ESP(", 50 }, { "AH(", 51 }, { "OSPFv", 89 }, { "PIMv", 103 },
	{ "VRRPv", 112 }, { "[|tcp]", 6 }, { "[|udp]", 17 }, { "[|icmp]", 1 }, { "[|icmp6]", 58 },
	{ NULL, 0 },
};


static guint stream_hash(gconstpointer k);
static gboolean stream_equal(gconstpointer a, gconstpointer b);

struct cr_tcpdump *cr_tcpdump_new(const struct cr_tcpdump_opts *o, GError **err)
{
	struct cr_tcpdump *t = g_new0(struct cr_tcpdump, 1);

	if (o)
		t->opts = *o;
	for (int i = 0; i < RE_N; i++) {
		int code;
		PCRE2_SIZE off;

		t->re[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
		if (!t->re[i]) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof(msg));
			g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "cannot compile pattern %d at %zu: %s", i, (size_t)off,
				    (const char *)msg);
			cr_tcpdump_free(t);
			return NULL;
		}
		pcre2_jit_compile(t->re[i], PCRE2_JIT_COMPLETE);	/* interpreted when JIT is missing */
		t->md[i] = pcre2_match_data_create_from_pattern(t->re[i], NULL);
	}
	t->last_tod = -1;
	t->streams = g_hash_table_new_full(stream_hash, stream_equal, g_free, NULL);
	t->ifaces = g_ptr_array_new_with_free_func(g_free);
	t->held = g_malloc(CR_TCPDUMP_LINE_MAX);
	return t;
}

void cr_tcpdump_free(struct cr_tcpdump *t)
{
	if (!t)
		return;
	for (int i = 0; i < RE_N; i++) {
		pcre2_match_data_free(t->md[i]);
		pcre2_code_free(t->re[i]);
	}
	if (t->streams)
		g_hash_table_destroy(t->streams);
	if (t->ifaces)
		g_ptr_array_free(t->ifaces, TRUE);
	g_free(t->held);
	g_free(t);
}

const struct cr_tcpdump_stats *cr_tcpdump_stats(const struct cr_tcpdump *t)
{
	return &t->st;
}

/* ---- small helpers ----------------------------------------------------- */

bool cr_td_match(struct cr_tcpdump *t, int re, const char *s, size_t n)
{
	return pcre2_match(t->re[re], (PCRE2_SPTR)s, n, 0, 0, t->md[re], NULL) >= 0;
}

/* Group g of the last match of `re`; false when it did not take part. */
bool cr_td_grp(const struct cr_tcpdump *t, int re, int g, const char *s, const char **out, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->md[re]);

	if (ov[2 * g] == PCRE2_UNSET)
		return false;
	*out = s + ov[2 * g];
	*n = ov[2 * g + 1] - ov[2 * g];
	return true;
}

size_t cr_td_match_end(const struct cr_tcpdump *t, int re)
{
	return pcre2_get_ovector_pointer(t->md[re])[1];
}

int64_t cr_td_digits(const char *s, size_t n)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The number after `key` ("length ") in s[0..n), -1 when none. */
static int64_t cr_td_number_after(const char *s, size_t n, const char *key)
{
	size_t k = strlen(key);
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) > k && (p = memchr(p, key[0], (size_t)(end - p - k))) != NULL) {
		if (memcmp(p, key, k) == 0 && p[k] >= '0' && p[k] <= '9') {
			int64_t v = 0;
			for (const char *d = p + k; d < end && *d >= '0' && *d <= '9' && v < 1000000000; d++)
				v = v * 10 + (*d - '0');
			return v;
		}
		p++;
	}
	return -1;
}

/* ---- addresses and ports ----------------------------------------------- */

/* The protocol a body names, skipping -v checksum notes ("[udp sum ok] "); -1 unknown. */
static int body_proto(const char *b, size_t n)
{
	while (n && *b == ' ') {
		b++;
		n--;
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; body_names[i].prefix; i++) {
			size_t k = strlen(body_names[i].prefix);
			if (n >= k && memcmp(b, body_names[i].prefix, k) == 0)
				return body_names[i].num;
		}
		if (n && *b == '[') {
			const char *e = memchr(b, ']', n);
			if (!e || (size_t)(e - b) + 2 > n)
				break;
			n -= (size_t)(e - b) + 2;
			b = e + 2;
		}
	}
	return -1;
}

static const char *protocols_for(int family, int proto)
{
	for (int i = 0; l4_names[i].v4; i++)
		if (l4_names[i].num == proto)
			return family == 6 ? l4_names[i].v6 : l4_names[i].v4;
	return family == 6 ? "ipv6" : "ip";
}

static guint stream_hash(gconstpointer key)
{
	const struct stream_key *k = key;

	return cr_addr_hash(&k->lo) ^ (cr_addr_hash(&k->hi) * 0x9e3779b1u) ^
	       (((guint)k->lo_port << 16 ^ (guint)k->hi_port) * 0x85ebca6bu) ^ (guint)k->proto;
}

static gboolean stream_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct stream_key)) == 0;
}

/* tshark-like stream numbers: one per connection, in order of first packet. */
static int64_t stream_of(struct cr_tcpdump *t, const struct cr_pkt *p)
{
	struct stream_key k;
	bool swap = cr_addr_cmp(&p->src, &p->dst) > 0 || (cr_addr_cmp(&p->src, &p->dst) == 0 && p->sport > p->dport);
	gpointer v;
	int64_t id;

	if (t->dry)
		return -1;
	memset(&k, 0, sizeof(k));	/* padding too: keys compare as bytes */
	k.lo = swap ? p->dst : p->src;
	k.hi = swap ? p->src : p->dst;
	k.lo_port = swap ? p->dport : p->sport;
	k.hi_port = swap ? p->sport : p->dport;
	k.proto = p->proto;
	if ((v = g_hash_table_lookup(t->streams, &k)))
		return (int64_t)GPOINTER_TO_SIZE(v) - 1;
	id = t->next_stream[p->proto == 17]++;
	g_hash_table_insert(t->streams, g_memdup2(&k, sizeof(k)), GSIZE_TO_POINTER((gsize)id + 1));
	return id;
}

void cr_td_fill_ip(struct cr_tcpdump *t, struct cr_pkt *p, int family, const char *src, size_t srcn, const char *dst,
		    size_t dstn, const char *body, size_t bodyn, int known_proto)
{
	int proto = body_proto(body, bodyn), want;
	bool ports;

	if (proto < 0)
		proto = known_proto;
	want = proto == 6 || proto == 17 || proto == 132 ? 1 : proto >= 0 ? 0 : -1;
	ports = cr_td_endpoint(src, srcn, family, want, &p->src, &p->sport);
	cr_td_endpoint(dst, dstn, family, ports ? 1 : 0, &p->dst, &p->dport);
	if (proto < 0 && ports)
		proto = 17;	/* application decodes without "UDP" (DNS, NTP, ...) */
	p->proto = proto;
	p->protocols = protocols_for(family, proto);
	if ((proto == 6 || proto == 17) && ports)
		*(proto == 6 ? &p->tcp_stream : &p->udp_stream) = stream_of(t, p);
	else
		p->sport = p->dport = -1;
}

/* tcpdump's "length N" of a body: payload length; a trailing "(N)" for DNS-like decodes. */
static int64_t body_length(const char *b, size_t n)
{
	int64_t v = cr_td_number_after(b, n, ", length ");
	size_t i;

	if (v >= 0 || n < 3 || b[n - 1] != ')')
		return v;
	for (i = n - 1; i > 0 && b[i - 1] >= '0' && b[i - 1] <= '9'; i--)
		;
	return i > 0 && b[i - 1] == '(' && i < n - 1 ? cr_td_digits(b + i, n - 1 - i) : -1;
}

/*
 * The bytes an -A dump of this packet shows when it was captured whole:
 * the IP total length (ARP: its length), or bounds on it from the headers
 * and tcpdump's payload length.
 */
void cr_td_total_range(const struct cr_td_shape *sh, uint64_t *lo, uint64_t *hi)
{
	*lo = 0;
	*hi = 65535;
	if (sh->ip_len >= 0 && (sh->family == 4 || sh->family == 6)) {
		*lo = *hi = (uint64_t)sh->ip_len;
	} else if (sh->family == 'a' && sh->plen >= 0) {
		*lo = *hi = (uint64_t)sh->plen;
	} else if ((sh->family == 4 || sh->family == 6) && sh->plen >= 0) {
		*lo = (sh->family == 6 ? 40 : 20) + (uint64_t)sh->plen;
		*hi = *lo + (sh->family == 6 ? 64 : 40);	/* IP options, extension headers */
		if (sh->proto == 6) {
			*lo += 20;
			*hi += 60;
		} else if (sh->proto == 17) {
			*lo += 8;
			*hi += 8;
		} else if (sh->proto != 1 && sh->proto != 58) {
			*hi = 65535;
		}
	}
}

/* ---- one packet line --------------------------------------------------- */

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static uint32_t iface_id(struct cr_tcpdump *t, const char *name, size_t n)
{
	if (t->dry)
		return 0;
	for (guint i = 0; i < t->ifaces->len; i++) {
		const char *have = g_ptr_array_index(t->ifaces, i);
		if (strlen(have) == n && memcmp(have, name, n) == 0)
			return i;
	}
	if (t->ifaces->len >= 4096)
		return 4095;
	g_ptr_array_add(t->ifaces, g_strndup(name, n));
	return t->ifaces->len - 1;
}

/* A marker "[|ip6]" where tcpdump stopped: the packet was cut short by the snap length. Returns its family or 0. */
static int truncated(struct cr_tcpdump *t, struct cr_pkt *p, const char *s, size_t n, int family)
{
	while (n && *s == ' ') {
		s++;
		n--;
	}
	if (!starts(s, n, "[|"))
		return 0;
	if (!t->dry)
		t->st.truncated++;
	if (family == 'a' || starts(s, n, "[|arp]")) {
		p->protocols = "arp";
		return 'a';
	}
	if (family == 6 || starts(s, n, "[|ip6]")) {
		p->protocols = "ipv6";
		return 6;
	}
	p->protocols = "ip";
	return 4;
}

/* Does a body hold tcpdump's "[|proto]" marker? */
static bool has_marker(const char *s, size_t n)
{
	const char *p;

	while (n >= 2 && (p = memchr(s, '[', n - 1))) {
		if (p[1] == '|')
			return true;
		n -= (size_t)(p - s) + 1;
		s = p + 1;
	}
	return false;
}

/* "LLDP, length 42", "STP 802.1d, ...": a protocol tcpdump names that we do not read further. */
static bool protocol_word(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !g_ascii_isalpha(*s))
		return false;
	while (i < n && (g_ascii_isalnum(s[i]) || s[i] == '.' || s[i] == '-' || s[i] == '_'))
		i++;
	return i + 1 < n && (s[i] == ',' || s[i] == ' ');
}

/* Where the parenthesized -v header that opens s ends (after ')'), 0 when it does not. */
static size_t paren_end(const char *s, size_t n)
{
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* "SRC > DST: BODY" from groups g, g+1, g+2 of the last match of `re`: the packet's addresses, the shape's protocol and length. */
static void fill_addrs(struct cr_tcpdump *t, struct cr_pkt *p, int family, const char *s, int re, int g, int known,
		       struct cr_td_shape *sh)
{
	const char *a = "", *b = "", *body = "";
	size_t an = 0, bn = 0, bodyn = 0;

	cr_td_grp(t, re, g, s, &a, &an);
	cr_td_grp(t, re, g + 1, s, &b, &bn);
	cr_td_grp(t, re, g + 2, s, &body, &bodyn);
	cr_td_fill_ip(t, p, family, a, an, b, bn, body, bodyn, known);
	sh->proto = p->proto;
	sh->plen = body_length(body, bodyn);
	if (has_marker(body, bodyn)) {
		sh->cut = true;
		t->st.truncated += !t->dry;
	}
}

static bool parse_ip4(struct cr_tcpdump *t, struct cr_pkt *p, const char *s, size_t n, struct cr_td_shape *sh)
{
	const char *a = "";
	size_t an = 0;
	int known = -1;

	if (truncated(t, p, s, n, 4)) {
		sh->cut = true;
		return true;
	}
	if (n && *s == '(') {
		size_t end;
		if (!cr_td_match(t, RE_IP4V, s, n) || !(end = paren_end(s, n)))
			return false;
		cr_td_grp(t, RE_IP4V, 1, s, &a, &an);
		known = (int)cr_td_digits(a, an);
		cr_td_grp(t, RE_IP4V, 2, s, &a, &an);
		sh->ip_len = cr_td_digits(a, an);
		t->st.verbose |= !t->dry;
		p->proto = sh->proto = known;
		p->protocols = protocols_for(4, known);
		s += end;
		n -= end;
		if (n == 0) {
			/* The addresses follow on the next, indented line. */
			sh->needs_cont = true;
			return true;
		}
		if (*s == ' ') {
			s++;
			n--;
		}
	}
	if (!cr_td_match(t, RE_ADDRS, s, n))
		return false;
	fill_addrs(t, p, 4, s, RE_ADDRS, 1, known, sh);
	return true;
}

static bool parse_ip6(struct cr_tcpdump *t, struct cr_pkt *p, const char *s, size_t n, struct cr_td_shape *sh)
{
	const char *h = "";
	size_t hn = 0;
	int known = -1, re = RE_ADDRS, g = 1;

	if (truncated(t, p, s, n, 6)) {
		sh->cut = true;
		return true;
	}
	if (n && *s == '(') {
		int64_t nh;
		if (!cr_td_match(t, RE_IP6V, s, n))
			return false;
		cr_td_grp(t, RE_IP6V, 1, s, &h, &hn);
		nh = cr_td_number_after(h, hn, "next-header ");
		if (nh < 0) {
			/* "next-header TCP (6)": the number is in parentheses */
			const char *k = g_strstr_len(h, (gssize)hn, "next-header ");
			const char *par = k ? memchr(k, '(', hn - (size_t)(k - h)) : NULL;
			nh = par ? cr_td_number_after(par, hn - (size_t)(par - h), "(") : -1;
		}
		known = (int)nh;
		cr_td_grp(t, RE_IP6V, 2, s, &h, &hn);
		sh->ip_len = 40 + cr_td_digits(h, hn);
		t->st.verbose |= !t->dry;
		re = RE_IP6V;
		g = 3;
	} else if (!cr_td_match(t, RE_ADDRS, s, n)) {
		return false;
	}
	fill_addrs(t, p, 6, s, re, g, known, sh);
	return true;
}

/*
 * The rest of a packet line after its time. Fills p and the shape the
 * line state machine needs. False when the line is not understood.
 */
bool cr_td_parse_packet(struct cr_tcpdump *t, const char *s, size_t n, struct cr_pkt *p, struct cr_td_shape *sh)
{
	const char *g = "";
	size_t gl = 0;
	int64_t link_len = -1;
	int family = 0;
	bool ok = true, keyword = starts(s, n, "IP ") || starts(s, n, "IP6 ") || starts(s, n, "ARP, ");

	p->proto = -1;
	p->sport = p->dport = -1;
	p->tcp_stream = p->udp_stream = -1;
	p->protocols = "";
	*sh = (struct cr_td_shape){ .proto = -1, .plen = -1, .ip_len = -1 };
	if (!keyword && cr_td_match(t, RE_IFACE, s, n)) {
		cr_td_grp(t, RE_IFACE, 1, s, &g, &gl);
		p->interface_id = iface_id(t, g, gl);
		s += cr_td_match_end(t, RE_IFACE);
		n -= cr_td_match_end(t, RE_IFACE);
		keyword = starts(s, n, "IP ") || starts(s, n, "IP6 ") || starts(s, n, "ARP, ");
	}
	if (!keyword && cr_td_match(t, RE_LINK, s, n)) {
		const char *et = "";
		size_t etn = 0;
		cr_td_grp(t, RE_LINK, 1, s, &et, &etn);
		cr_td_grp(t, RE_LINK, 2, s, &g, &gl);
		link_len = cr_td_digits(g, gl > 10 ? 10 : gl);
		s += cr_td_match_end(t, RE_LINK);
		n -= cr_td_match_end(t, RE_LINK);
		for (int k = 0; k < 4 && cr_td_match(t, RE_VLAN, s, n); k++) {
			cr_td_grp(t, RE_VLAN, 1, s, &et, &etn);
			s += cr_td_match_end(t, RE_VLAN);
			n -= cr_td_match_end(t, RE_VLAN);
		}
		t->st.link_level |= !t->dry;
		family = starts(et, etn, "IPv4") ? 4 : starts(et, etn, "IPv6") ? 6 : starts(et, etn, "ARP") ? 'a' : 0;
	} else if (starts(s, n, "IP ")) {
		family = 4;
		s += 3;
		n -= 3;
	} else if (starts(s, n, "IP6 ")) {
		family = 6;
		s += 4;
		n -= 4;
	} else if (starts(s, n, "ARP, ")) {
		family = 'a';
	}

	if (family == 4)
		ok = parse_ip4(t, p, s, n, sh);
	else if (family == 6)
		ok = parse_ip6(t, p, s, n, sh);
	else if (family == 'a')
		p->protocols = "arp";
	else if ((family = truncated(t, p, s, n, 0)) != 0)
		sh->cut = true;
	else if (link_len < 0 && !protocol_word(s, n))
		return false;	/* neither a protocol name nor a link-level header */
	if (!ok)
		return false;
	if (family == 'a' || family == 0)
		sh->plen = cr_td_number_after(s, n, ", length ");
	sh->family = family;

	/* bytes: the frame length with -e, the IP total length with -v, else tcpdump's length */
	if (link_len >= 0)
		p->len = (uint32_t)link_len;
	else if (sh->ip_len >= 0)
		p->len = (uint32_t)sh->ip_len;
	else
		p->len = sh->plen > 0 ? (uint32_t)sh->plen : 0;
	return true;
}
