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
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		uint64_t d = (uint64_t)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
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

bool cr_field_double(const char *s, double *v)
{
	char *end;
	double x;

	if (!*s || *s == ';')
		return false;
	errno = 0;
	x = g_ascii_strtod(s, &end);
	if (errno || end == s || (*end && *end != ';'))
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

bool cr_field_has(const char *s, uint64_t v)
{
	for (;;) {
		uint64_t x;
		const char *semi = strchr(s, ';');
		if (cr_field_u64(s, &x) && x == v)
			return true;
		if (!semi)
			return false;
		s = semi + 1;
	}
}
