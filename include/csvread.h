/* csvread.h - the streaming CSV reader: the rows of a tshark export or a cache (csvread.c). */
#ifndef CR_CSVREAD_H
#define CR_CSVREAD_H

#include "packet.h"

/* Streaming CSV parser. A field longer than the cap is cut to it. */
#define CR_CSV_FIELD_CAP_KIB 64
typedef int (*cr_row_fn)(void *user, const struct cr_row *row);
struct cr_csv;
struct cr_csv *cr_csv_new(cr_row_fn fn, void *user);
void cr_csv_free(struct cr_csv *c);
/* Feed bytes; returns -1 when the callback stopped or the CSV is malformed. */
int cr_csv_feed(struct cr_csv *c, const char *buf, size_t len, GError **err);
int cr_csv_finish(struct cr_csv *c, GError **err);
/* Fields cut so far at the reader's length cap (64 KiB). */
uint64_t cr_csv_cut_fields(const struct cr_csv *c);
/* Parse a whole file; *cut (may be NULL) gets the number of fields cut at the cap. */
int cr_csv_read_file(const char *path, cr_row_fn fn, void *user, uint64_t *cut, GError **err);

#endif
