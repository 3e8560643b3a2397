/* tcpdump-addr.c - the endpoints of tcpdump's packet lines: "10.0.0.1.80", "fd00::1.443", "host.https". */
#include "tcpdump-int.h"

#include <arpa/inet.h>
#include <string.h>

/* Service names tcpdump prints without -n; sentinel-ended. */
static const struct {
	const char *name;
	int port;
} services[] = {
	{ "ftp-data", 20 }, { "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 }, { "domain", 53 },
	{ "bootps", 67 }, { "bootpc", 68 }, { "tftp", 69 }, { "http", 80 }, { "kerberos", 88 }, { "pop3", 110 },
	{ "sunrpc", 111 }, { "ntp", 123 }, { "netbios-ns", 137 }, { "netbios-dgm", 138 },
	{ "netbios-ssn", 139 }, { "imap", 143 }, { "snmp", 161 }, { "snmp-trap", 162 }, { "bgp", 179 },
	{ "ldap", 389 }, { "https", 443 }, { "microsoft-ds", 445 }, { "isakmp", 500 }, { "syslog", 514 },
	{ "submission", 587 }, { "ldaps", 636 }, { "imaps", 993 }, { "pop3s", 995 }, { "openvpn", 1194 },
	{ "ms-wbt-server", 3389 }, { "mysql", 3306 }, { "sip", 5060 }, { "mdns", 5353 }, { "llmnr", 5355 },
	{ "postgresql", 5432 }, { "http-alt", 8080 }, { "webcache", 8080 }, { NULL, 0 },
};

static int port_value(const char *s)
{
	if (*s >= '0' && *s <= '9') {
		long v = 0;
		for (; *s >= '0' && *s <= '9' && v <= 65535; s++)
			v = v * 10 + (*s - '0');
		return *s || v > 65535 ? -1 : (int)v;
	}
	for (int i = 0; services[i].name; i++)
		if (strcmp(services[i].name, s) == 0)
			return services[i].port;
	return -1;
}

static bool addr_from(struct cr_addr *a, const char *s, int family)
{
	memset(a, 0, sizeof(*a));
	if (family == 6 && inet_pton(AF_INET6, s, a->a) == 1) {
		a->family = 6;
		return true;
	}
	if (family == 4 && inet_pton(AF_INET, s, a->a) == 1) {
		a->family = 4;
		return true;
	}
	return false;
}

/*
 * "10.0.0.1.80", "fd00::1.443", "host.example.com.https", "10.0.0.1".
 * want_port: 1 the token ends in a port, 0 it does not, -1 unknown (a port
 * when the part before the last dot is an address). Returns whether a port
 * was split off. Host names leave the address empty (family 0).
 */
bool cr_td_endpoint(const char *s, size_t n, int family, int want_port, struct cr_addr *a, int *port)
{
	char buf[256];
	char *dot;

	*port = -1;
	memset(a, 0, sizeof(*a));
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (want_port != 1 && addr_from(a, buf, family))
		return false;
	dot = strrchr(buf, '.');
	if (!dot || want_port == 0)
		return false;
	*dot = '\0';
	if (addr_from(a, buf, family) || want_port == 1) {
		*port = port_value(dot + 1);
		return true;
	}
	return false;
}

