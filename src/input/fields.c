/* fields.c - resolving and parsing the extra columns analyzers read from rows. */
#include "fields.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

size_t cr_fields_resolve(int *idx, const char *const *names, size_t n, const struct cr_row *header)
{
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		idx[i] = -1;
		for (size_t j = 0; j < header->n; j++)
			if (strcmp(header->field[j], names[i]) == 0) {
				idx[i] = (int)j;
				found++;
				break;
			}
	}
	return found;
}

bool cr_field_u64(const char *s, uint64_t *v)
{
	const char *d = s;
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return false;
	/* 19 digits always fit in 64 bits; past them, check each step. */
	while (*s >= '0' && *s <= '9' && s - d < 19)
		x = x * 10 + (uint64_t)(*s++ - '0');
	for (; *s >= '0' && *s <= '9'; s++)
		if (__builtin_mul_overflow(x, 10, &x) || __builtin_add_overflow(x, (uint64_t)(*s - '0'), &x))
			return false;
	if (*s && *s != ';')
		return false;
	*v = x;
	return true;
}

bool cr_field_i64(const char *s, int64_t *v)
{
	uint64_t u;
	bool neg = *s == '-';

	if (!cr_field_u64(neg ? s + 1 : s, &u) || u > (uint64_t)INT64_MAX)
		return false;
	*v = neg ? -(int64_t)u : (int64_t)u;
	return true;
}

/*
 * "123.000065000": up to 15 significant digits and 22 decimals. The digits
 * as an integer and 10^decimals are both exact doubles, so one division
 * rounds correctly: the result is strtod's, bit for bit. False for any
 * other form (the caller then asks strtod).
 */
static bool plain_decimal(const char *s, double *v)
{
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
					1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	uint64_t m = 0;
	int digits = 0, decimals = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits += m != 0)
		m = m * 10 + (uint64_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, decimals++, digits += m != 0)
			m = m * 10 + (uint64_t)(*s - '0');
	if ((*s && *s != ';') || digits > 15 || decimals > 22)
		return false;
	*v = (double)m / pow10[decimals];
	return true;
}

bool cr_field_double(const char *s, double *v)
{
	char *end;
	double x;

	if (!*s || *s == ';')
		return false;
	if (*s >= '0' && *s <= '9' && plain_decimal(s, v))
		return true;
	errno = 0;
	x = g_ascii_strtod(s, &end);
	if (errno || end == s || (*end && *end != ';'))
		return false;
	*v = x;
	return true;
}

/* "0x0012": 1 to 8 hex digits, then the end or ';'. False for any other form. */
static bool plain_hex(const char *s, unsigned *v)
{
	unsigned x = 0;
	int n = 0;

	for (s += 2; n < 8; s++, n++) {
		unsigned h;
		if (*s >= '0' && *s <= '9')
			h = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			h = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			h = (unsigned)(*s - 'A' + 10);
		else
			break;
		x = x << 4 | h;
	}
	if (!n || (*s && *s != ';'))
		return false;
	*v = x;
	return true;
}

bool cr_field_hex(const char *s, unsigned *v)
{
	char *end;
	unsigned long x;

	if (!*s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && plain_hex(s, v))
		return true;
	errno = 0;
	x = strtoul(s, &end, (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10);
	if (errno || end == s || (*end && *end != ';') || x > 0xffffffffUL)
		return false;
	*v = (unsigned)x;
	return true;
}

bool cr_field_nth_u64(const char *s, size_t i, uint64_t *v)
{
	while (i > 0) {
		const char *semi = strchr(s, ';');
		if (!semi)
			return false;
		s = semi + 1;
		i--;
	}
	return cr_field_u64(s, v);
}

