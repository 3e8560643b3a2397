/* util.h - time parsing and formatting (util.c); the context, messages and signals of util.c are in capreport.h. */
#ifndef CR_UTIL_H
#define CR_UTIL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Time parsing: "2024-03-09T21:58:00Z", "2024-03-09 21:58", epoch "1710021480.5". */
bool cr_parse_time(const char *s, int64_t *ns, GError **err);
bool cr_parse_duration(const char *s, int64_t *ns);	/* "30s", "5m", "1h", "1d", "250ms" */
/* Epoch "1710021480.123456789" → ns, exact. */
bool cr_parse_epoch(const char *s, int64_t *ns);

/* Time bins: "1m" → ns; a bin divides a day or is a whole number of days, at least 1ms. */
bool cr_bin_parse(const char *s, int64_t *ns);
char *cr_bin_format(int64_t ns);			/* "1m", "15m", "1h", "250ms" */

/* Formatting helpers shared by writers (results are newly allocated). */
char *cr_fmt_time_iso(int64_t ns);		/* 2024-03-09T21:58:00.123456Z */
char *cr_fmt_human(double v, const char *unit);	/* "1.5 MB", "300 bit/s" */

#endif
