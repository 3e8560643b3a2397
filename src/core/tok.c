/* tok.c - value → name tables: the one lookup of the sentinel-ended {value, name} tables. */
#include "tok.h"

#include <stddef.h>

const char *cr_tok_name(const struct cr_tok *t, int v, const char *unknown)
{
	for (; t->s; t++)
		if (t->v == v)
			return t->s;
	return unknown;
}
