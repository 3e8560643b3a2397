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

/* Formatting helpers shared by writers (results are newly allocated). */
char *cr_fmt_time_iso(int64_t ns);		/* 2024-03-09T21:58:00.123456Z */
char *cr_fmt_human(double v, const char *unit);	/* "1.5 MB", "300 bit/s" */
char *cr_fmt_seconds(double s);			/* "12.345678" */

#endif
