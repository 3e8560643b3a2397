/* addr.c - IPv4 and IPv6 addresses and networks in binary form. */
#include "addr.h"

#include <arpa/inet.h>
#include <string.h>

bool cr_addr_parse(struct cr_addr *a, const char *s)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *end = strpbrk(s, ";,");
	size_t n = end ? (size_t)(end - s) : strlen(s);

	memset(a, 0, sizeof(*a));
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (memchr(buf, ':', n)) {
		if (inet_pton(AF_INET6, buf, a->a) != 1)
			return false;
		a->family = 6;
	} else {
		if (inet_pton(AF_INET, buf, a->a) != 1)
			return false;
		a->family = 4;
	}
	return true;
}

void cr_addr_format(const struct cr_addr *a, char *buf, size_t size)
{
	if (a->family == 4)
		inet_ntop(AF_INET, a->a, buf, (socklen_t)size);
	else if (a->family == 6)
		inet_ntop(AF_INET6, a->a, buf, (socklen_t)size);
	else if (size)
		buf[0] = '\0';
}

int cr_addr_cmp(const struct cr_addr *x, const struct cr_addr *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->a, y->a, x->family == 4 ? 4 : 16);
}

guint cr_addr_hash(const struct cr_addr *a)
{
	guint h = 2166136261u ^ a->family;
	int n = a->family == 4 ? 4 : 16;

	for (int i = 0; i < n; i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h;
}

bool cr_cidr_parse(struct cr_cidr *c, const char *s)
{
	const char *slash = strchr(s, '/');
	char *addr = slash ? g_strndup(s, (size_t)(slash - s)) : g_strdup(s);
	bool ok = cr_addr_parse(&c->net, addr) && !strpbrk(addr, ";,");
	int max = c->net.family == 4 ? 32 : 128;

	g_free(addr);
	if (!ok)
		return false;
	c->bits = max;
	if (slash) {
		char *end;
		long b = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || b < 0 || b > max)
			return false;
		c->bits = (int)b;
	}
	return true;
}

bool cr_cidr_match(const struct cr_cidr *c, const struct cr_addr *a)
{
	int full = c->bits / 8, rest = c->bits % 8;

	if (a->family != c->net.family)
		return false;
	if (memcmp(a->a, c->net.a, (size_t)full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));
		if ((a->a[full] & mask) != (c->net.a[full] & mask))
			return false;
	}
	return true;
}
