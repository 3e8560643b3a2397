/* addr.h - IPv4 and IPv6 addresses and CIDR blocks: parse, format, compare, hash (addr.c). */
#ifndef CR_ADDR_H
#define CR_ADDR_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cr_addr {
	uint8_t family;		/* 0: none, 4 or 6 */
	uint8_t a[16];
};

bool cr_addr_parse(struct cr_addr *a, const char *s);	/* first of "a;b" */
void cr_addr_format(const struct cr_addr *a, char *buf, size_t size);	/* INET6_ADDRSTRLEN */
int cr_addr_cmp(const struct cr_addr *x, const struct cr_addr *y);
/* Equality on the hot path: fixed-size compares, no call. */
static inline bool cr_addr_equal(const struct cr_addr *x, const struct cr_addr *y)
{
	uint64_t a0, a1, b0, b1;

	if (x->family != y->family)
		return false;
	__builtin_memcpy(&a0, x->a, 8);
	__builtin_memcpy(&b0, y->a, 8);
	if (x->family == 4)
		return (uint32_t)a0 == (uint32_t)b0;
	__builtin_memcpy(&a1, x->a + 8, 8);
	__builtin_memcpy(&b1, y->a + 8, 8);
	return a0 == b0 && a1 == b1;
}
guint cr_addr_hash(const struct cr_addr *a);

struct cr_cidr {
	struct cr_addr net;
	int bits;
};
bool cr_cidr_parse(struct cr_cidr *c, const char *s);
bool cr_cidr_match(const struct cr_cidr *c, const struct cr_addr *a);

#endif
