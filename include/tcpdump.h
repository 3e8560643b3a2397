/* tcpdump.h - tcpdump's text output read back into packets (PCRE2). */
#ifndef CR_TCPDUMP_H
#define CR_TCPDUMP_H

#include "packet.h"


/* The longest line kept; longer lines are read up to here and counted. */
#define CR_TCPDUMP_LINE_MAX 8192

/* How the times of a text were printed. */
enum cr_tcpdump_ts {
	CR_TS_NONE,
	CR_TS_DATETIME,		/* -tttt: 2024-03-09 21:58:05.002340 */
	CR_TS_EPOCH,		/* -tt: 1710021485.002340 */
	CR_TS_TIME,		/* default: 21:58:05.002340 (no date) */
};

struct cr_tcpdump_opts {
	bool has_date;		/* date of the first line for CR_TS_TIME */
	int year, month, day;
	bool date_is_guess;	/* the date came from the file, not the user */
	int64_t utc_offset_ns;	/* printed wall clock = UTC + offset (not for -tt) */
};

/* What a read saw. Line numbers are 1-based. */
struct cr_tcpdump_stats {
	uint64_t lines;
	uint64_t packets;
	uint64_t bad, first_bad;		/* timestamped lines not understood */
	uint64_t long_lines, first_long;	/* lines longer than CR_TCPDUMP_LINE_MAX */
	uint64_t payload_ts, first_payload_ts;	/* timestamped lines inside -A payload */
	uint64_t truncated;			/* packets marked [|proto] */
	uint64_t rollovers;			/* midnights passed (time-only format) */
	enum cr_tcpdump_ts format;
	bool ascii_payload;			/* -A output was recognised */
	bool link_level;			/* -e: lengths are frame lengths */
	bool verbose;				/* -v: lengths are IP total lengths */
};

/* Called for each packet; non-zero stops the read. */
typedef int (*cr_tcpdump_fn)(void *user, const struct cr_pkt *p);

/*
 * A reader: compiled patterns and the state of one text; cr_tcpdump_new()
 * / cr_tcpdump_free(). The packet passed to `fn` is valid during the call
 * only (its protocols string is static; row is NULL). Returns NULL with err
 * when PCRE2 refuses a pattern.
 */
struct cr_tcpdump;
struct cr_tcpdump *cr_tcpdump_new(const struct cr_tcpdump_opts *o, GError **err);
void cr_tcpdump_free(struct cr_tcpdump *t);

/*
 * Feed one line without its newline: `len` bytes are kept (at most
 * CR_TCPDUMP_LINE_MAX), `full_len` is how long the line really was.
 * Returns non-zero when `fn` asked to stop.
 */
int cr_tcpdump_line(struct cr_tcpdump *t, const char *line, size_t len, size_t full_len, cr_tcpdump_fn fn,
		    void *user);
/* End of input: deliver a packet still waiting for its -v continuation. */
int cr_tcpdump_finish(struct cr_tcpdump *t, cr_tcpdump_fn fn, void *user);

/* Read a whole file. Returns 0, 1 when `fn` stopped, -1 with err. */
int cr_tcpdump_read_file(struct cr_tcpdump *t, const char *path, cr_tcpdump_fn fn, void *user, GError **err);

const struct cr_tcpdump_stats *cr_tcpdump_stats(const struct cr_tcpdump *t);

/* Does this start of a file read as tcpdump text? Leading lines without a time are skipped. */
bool cr_tcpdump_sniff(const char *buf, size_t n);
/* The same on a file's first 64 KiB; false when unreadable. */
bool cr_tcpdump_sniff_file(const char *path);

/* "2024-03-09" → y, m, d; false when not a valid date. */
bool cr_parse_date(const char *s, int *y, int *m, int *d);
/* "+02:00", "-05:30", "+0200", "Z" → ns east of UTC; false when malformed. */
bool cr_parse_utc_offset(const char *s, int64_t *ns);
/* The date of the file's modification time, on the wall clock UTC + offset (1970-01-01 when unreadable). */
void cr_tcpdump_file_date(const char *path, int64_t utc_offset_ns, int *y, int *m, int *d);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t cr_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
