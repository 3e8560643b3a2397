/* profile.c - the field profiles exported with tshark: ip ⊂ tcp ⊂ mptcp. */
#include "profile.h"

#include <string.h>

#define IP_FIELDS \
	"frame.number", "frame.time_epoch", "frame.len", "frame.protocols", \
	"frame.interface_id", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", \
	"ip.proto", "ipv6.nxt", "tcp.srcport", "tcp.dstport", "udp.srcport", \
	"udp.dstport", "tcp.stream", "udp.stream"

#define TCP_FIELDS \
	"tcp.seq", "tcp.ack", "tcp.len", "tcp.nxtseq", "tcp.flags", \
	"tcp.window_size", "tcp.analysis.ack_rtt", "tcp.analysis.initial_rtt", \
	"tcp.analysis.bytes_in_flight", "tcp.analysis.retransmission", \
	"tcp.analysis.fast_retransmission", "tcp.analysis.lost_segment", \
	"tcp.analysis.duplicate_ack", "tcp.analysis.zero_window"

/*
 * RFC 8684 option fields, and Wireshark's MPTCP analysis (DESIGN.md).
 * Not mptcp.reinjection_of / mptcp.reinjected_in: tshark fills them only
 * with mptcp.intersubflows_retransmission, which is left off (it makes
 * tshark quadratic on long transfers); reinjections are found from the
 * DSS mappings (mptcp-data.c).
 */
#define MPTCP_FIELDS \
	"mptcp.stream", "tcp.options.mptcp.subtype", "tcp.options.mptcp.version", \
	"tcp.options.mptcp.sendkey", "tcp.options.mptcp.recvkey", \
	"tcp.options.mptcp.recvtok", "tcp.options.mptcp.addrid", \
	"tcp.options.mptcp.ipv4", "tcp.options.mptcp.ipv6", "tcp.options.mptcp.port", \
	"mptcp.dsn", "mptcp.rawdsn64", "tcp.options.mptcp.rawdataack", \
	"tcp.options.mptcp.datalvllen", "tcp.options.mptcp.subflowseqno", \
	"tcp.options.mptcp.datafin.flag", "tcp.options.mptcp.backup.flag", \
	"mptcp.master", "mptcp.related_mapping", "tcp.options.mptcp.rst_reason", \
	"tcp.options.mptcp.rawdataseqno", "tcp.options.mptcp.dseqn8.flag", \
	"tcp.options.mptcp.dataack8.flag", "tcp.options.mptcp.echo"

static const char *const ip_fields[] = { IP_FIELDS, NULL };
static const char *const tcp_fields[] = { IP_FIELDS, TCP_FIELDS, NULL };
static const char *const mptcp_fields[] = { IP_FIELDS, TCP_FIELDS, MPTCP_FIELDS, NULL };

static const char *const ip_prefs[] = { NULL };
static const char *const tcp_prefs[] = {
	"tcp.analyze_sequence_numbers:TRUE",
	"tcp.relative_sequence_numbers:TRUE",
	NULL,
};
static const char *const mptcp_prefs[] = {
	"tcp.analyze_sequence_numbers:TRUE",
	"tcp.relative_sequence_numbers:TRUE",
	"mptcp.analyze_mptcp:TRUE",
	"mptcp.relative_sequence_numbers:TRUE",
	"mptcp.analyze_mappings:TRUE",
	NULL,
};

const struct cr_profile cr_profiles[] = {
	{ "ip", CR_PROFILE_IP, ip_fields, ip_prefs, false,
	  "addresses, ports, protocols, lengths and times" },
	{ "tcp", CR_PROFILE_TCP, tcp_fields, tcp_prefs, false,
	  "ip + TCP sequence numbers, flags, window and tshark's TCP analysis" },
	{ "mptcp", CR_PROFILE_MPTCP, mptcp_fields, mptcp_prefs, true,
	  "tcp + MPTCP options and DSN mappings (two-pass)" },
	{ NULL, 0, NULL, NULL, false, NULL },
};

const struct cr_profile *cr_profile_find(const char *name)
{
	for (const struct cr_profile *p = cr_profiles; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

size_t cr_profile_nfields(const struct cr_profile *p)
{
	size_t n = 0;
	while (p->fields[n])
		n++;
	return n;
}

bool cr_profile_covers(const struct cr_profile *big, const struct cr_profile *small)
{
	for (size_t i = 0; small->fields[i]; i++) {
		bool found = false;
		for (size_t j = 0; big->fields[j] && !found; j++)
			found = strcmp(big->fields[j], small->fields[i]) == 0;
		if (!found)
			return false;
	}
	for (size_t i = 0; small->prefs[i]; i++) {
		bool found = false;
		for (size_t j = 0; big->prefs[j] && !found; j++)
			found = strcmp(big->prefs[j], small->prefs[i]) == 0;
		if (!found)
			return false;
	}
	return true;
}

bool cr_profile_builtin(const struct cr_profile *p)
{
	return p >= cr_profiles && p < cr_profiles + G_N_ELEMENTS(cr_profiles) - 1;
}

/* Append the items of `add` not in `out` yet. */
static void add_new(GPtrArray *out, const char *const *add)
{
	for (size_t i = 0; add && add[i]; i++) {
		bool found = false;
		for (guint j = 0; j < out->len && !found; j++)
			found = strcmp(g_ptr_array_index(out, j), add[i]) == 0;
		if (!found)
			g_ptr_array_add(out, g_strdup(add[i]));
	}
}

struct cr_profile *cr_profile_custom_new(const char *name, const struct cr_profile *base,
					 const char *const *fields, const char *const *prefs)
{
	struct cr_profile *p = g_new0(struct cr_profile, 1);
	GPtrArray *f = g_ptr_array_new(), *o = g_ptr_array_new();

	add_new(f, base->fields);
	add_new(f, fields);
	g_ptr_array_add(f, NULL);
	add_new(o, base->prefs);
	add_new(o, prefs);
	g_ptr_array_add(o, NULL);
	p->name = g_strdup(name);
	p->id = base->id;
	p->fields = (const char *const *)g_ptr_array_free(f, FALSE);
	p->prefs = (const char *const *)g_ptr_array_free(o, FALSE);
	p->two_pass = base->two_pass;
	p->summary = g_strdup_printf("%s + fields of the configuration file", base->name);
	return p;
}

void cr_profile_custom_free(struct cr_profile *p)
{
	if (!p)
		return;
	g_free((char *)p->name);
	g_strfreev((char **)p->fields);
	g_strfreev((char **)p->prefs);
	g_free((char *)p->summary);
	g_free(p);
}
