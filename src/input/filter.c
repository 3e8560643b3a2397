/* filter.c - the row filters every reading command shares (--from --to --host --port --proto). */
#include "filter.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Protocol names the user may give as numbers too; sentinel-ended. */
static const struct {
	const char *name;
	int num;
} proto_names[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 },
	{ "esp", 50 }, { "icmpv6", 58 }, { "sctp", 132 }, { NULL, 0 },
};

bool cr_filter_set_time(struct cr_filter *f, bool from, const char *arg, GError **err)
{
	int64_t ns;

	if (arg[0] == '+') {
		if (!cr_parse_duration(arg + 1, &ns)) {
			g_set_error(err, CR_ERROR, CR_EXIT_USAGE,
				    "cannot read the relative time '%s': use +30s, +5m, +1h", arg);
			return false;
		}
		if (from) {
			f->from_rel = g_strdup(arg);
			f->from_rel_ns = ns;
		} else {
			f->to_rel = g_strdup(arg);
			f->to_rel_ns = ns;
		}
		return true;
	}
	if (!cr_parse_time(arg, &ns, err))
		return false;
	if (from) {
		f->has_from = true;
		f->from_ns = ns;
	} else {
		f->has_to = true;
		f->to_ns = ns;
	}
	return true;
}

bool cr_filter_add_host(struct cr_filter *f, const char *arg, GError **err)
{
	struct cr_cidr *c = g_new0(struct cr_cidr, 1);

	if (!cr_cidr_parse(c, arg)) {
		g_free(c);
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE,
			    "cannot read the host '%s': give an IPv4 or IPv6 address or network (10.0.0.0/8)", arg);
		return false;
	}
	if (!f->hosts)
		f->hosts = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(f->hosts, c);
	return true;
}

bool cr_filter_set_proto(struct cr_filter *f, const char *arg, GError **err)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg == '\0' || strpbrk(arg, ": ")) {
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "cannot read the protocol '%s': give a name (tcp) or a number (6)", arg);
		return false;
	}
	g_free(f->proto);
	f->proto = NULL;
	f->proto_num = -1;
	if (end != arg && *end == '\0' && n >= 0 && n <= 255) {
		f->proto_num = (int)n;
		return true;
	}
	f->proto = g_ascii_strdown(arg, -1);
	for (int i = 0; proto_names[i].name; i++)
		if (strcmp(proto_names[i].name, f->proto) == 0)
			f->proto_num = proto_names[i].num;
	return true;
}

bool cr_filter_active(const struct cr_filter *f)
{
	return f->has_from || f->has_to || f->from_rel || f->to_rel || (f->hosts && f->hosts->len) ||
	       f->port >= 0 || f->proto || f->proto_num >= 0;
}

/* Is `name` one of the colon-separated layers of `protocols`? */
static bool has_layer(const char *protocols, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = protocols; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len == n && g_ascii_strncasecmp(p, name, n) == 0)
			return true;
		p = colon ? colon + 1 : NULL;
	}
	return false;
}

bool cr_filter_match(struct cr_filter *f, const struct cr_pkt *p, int64_t first_ts_ns)
{
	/* A packet without a time is in no time range. */
	if (p->untimed && (f->from_rel || f->to_rel || f->has_from || f->has_to))
		return false;
	if (f->from_rel && p->ts_ns < first_ts_ns + f->from_rel_ns)
		return false;
	if (f->to_rel && p->ts_ns >= first_ts_ns + f->to_rel_ns)
		return false;
	if (f->has_from && p->ts_ns < f->from_ns)
		return false;
	if (f->has_to && p->ts_ns >= f->to_ns)
		return false;
	if (f->port >= 0 && p->sport != f->port && p->dport != f->port)
		return false;
	if (f->proto) {
		/* A name matches a dissected layer; a known name also its number. */
		bool layer = p->protocols && has_layer(p->protocols, f->proto);
		bool num = f->proto_num >= 0 && p->proto == f->proto_num;
		if (!layer && !num)
			return false;
	} else if (f->proto_num >= 0 && p->proto != f->proto_num) {
		return false;
	}
	if (f->hosts && f->hosts->len) {
		bool any = false;
		for (guint i = 0; i < f->hosts->len && !any; i++) {
			const struct cr_cidr *c = g_ptr_array_index(f->hosts, i);
			any = cr_cidr_match(c, &p->src) || cr_cidr_match(c, &p->dst);
		}
		if (!any)
			return false;
	}
	return true;
}
