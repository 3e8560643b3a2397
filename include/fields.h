/* fields.h - reading extra named columns of a row: resolved once from the header, parsed per packet. */
#ifndef CR_FIELDS_H
#define CR_FIELDS_H

#include "packet.h"


/*
 * Resolve `n` column names against the header row: idx[i] is the column
 * of names[i], -1 when the input lacks it. Returns how many were found.
 */
size_t cr_fields_resolve(int *idx, const char *const *names, size_t n, const struct cr_row *header);

/* The text of column `idx` in `r`, "" when absent. Never NULL. */
static inline const char *cr_field(const struct cr_row *r, int idx)
{
	return idx >= 0 && (size_t)idx < r->n ? r->field[idx] : "";
}

/*
 * Parse the first value of a field ("12", "12;7": tshark joins repeated
 * fields with ';'). False when the field is empty or not a number.
 */
bool cr_field_u64(const char *s, uint64_t *v);
bool cr_field_i64(const char *s, int64_t *v);
bool cr_field_double(const char *s, double *v);
/* "0x0012" or "18". */
bool cr_field_hex(const char *s, unsigned *v);
/* The i-th value (0-based) of a ';'-joined field; false when there is none. */
bool cr_field_nth_u64(const char *s, size_t i, uint64_t *v);

#endif
