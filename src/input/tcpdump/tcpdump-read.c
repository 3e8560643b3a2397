/* tcpdump-read.c - tcpdump text files: split into capped lines, recognised by their first packet line. */
#include "capreport.h"
#include "tcpdump.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 16)

/* Lines of a byte stream, each cut at CR_TCPDUMP_LINE_MAX; a missing final newline is fine. */
struct splitter {
	char *line;		/* a line that spans chunks, up to the cap */
	size_t len, full;
};

typedef int (*line_fn)(void *user, const char *s, size_t len, size_t full);

static int split(struct splitter *sp, const char *buf, size_t n, line_fn fn, void *user)
{
	const char *p = buf, *end = buf + n;
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t seg = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (nl && sp->full == 0) {
			/* the common case: the whole line is in this chunk */
			rc = fn(user, p, seg < CR_TCPDUMP_LINE_MAX ? seg : CR_TCPDUMP_LINE_MAX, seg);
			if (rc)
				return rc;
			p = nl + 1;
			continue;
		}
		if (sp->len < CR_TCPDUMP_LINE_MAX) {
			size_t keep = MIN(seg, CR_TCPDUMP_LINE_MAX - sp->len);
			memcpy(sp->line + sp->len, p, keep);
			sp->len += keep;
		}
		sp->full += seg;
		if (!nl)
			break;
		rc = fn(user, sp->line, sp->len, sp->full);
		sp->len = sp->full = 0;
		if (rc)
			return rc;
		p = nl + 1;
	}
	return 0;
}

static int split_end(struct splitter *sp, line_fn fn, void *user)
{
	int rc = 0;

	if (sp->full)
		rc = fn(user, sp->line, sp->len, sp->full);
	sp->len = sp->full = 0;
	return rc;
}

struct feed {
	struct cr_tcpdump *t;
	cr_tcpdump_fn fn;
	void *user;
};

static int feed_line(void *user, const char *s, size_t len, size_t full)
{
	struct feed *f = user;

	return cr_tcpdump_line(f->t, s, len, full, f->fn, f->user);
}

int cr_tcpdump_read_file(struct cr_tcpdump *t, const char *path, cr_tcpdump_fn fn, void *user, GError **err)
{
	struct splitter sp = { .line = g_malloc(CR_TCPDUMP_LINE_MAX) };
	struct feed f = { t, fn, user };
	char *buf;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		g_free(sp.line);
		return -1;
	}
	buf = g_malloc(CHUNK);
	for (;;) {
		ssize_t got = read(fd, buf, CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
			rc = -1;
			break;
		}
		if (got == 0) {
			rc = split_end(&sp, feed_line, &f);
			if (!rc)
				rc = cr_tcpdump_finish(t, fn, user);
			break;
		}
		if ((rc = split(&sp, buf, (size_t)got, feed_line, &f)) != 0)
			break;
		if (cr_interrupted) {
			g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted while reading '%s'", path);
			rc = -1;
			break;
		}
	}
	close(fd);
	g_free(buf);
	g_free(sp.line);
	return rc < 0 ? -1 : rc ? 1 : 0;
}

/* ---- recognising a text ------------------------------------------------ */

struct sniff {
	struct cr_tcpdump *t;
	bool decided, yes;
};

static int sniff_line(void *user, const char *s, size_t len, size_t full)
{
	struct sniff *sn = user;
	const struct cr_tcpdump_stats *st = cr_tcpdump_stats(sn->t);
	uint64_t bad = st->bad;

	cr_tcpdump_line(sn->t, s, len, full, NULL, NULL);
	if (st->format == CR_TS_NONE && st->bad == bad)
		return 0;	/* no time yet: keep looking */
	/* The first line with a time decides: a packet, or not tcpdump. */
	sn->decided = true;
	sn->yes = st->bad == bad;
	return 1;
}

bool cr_tcpdump_sniff(const char *buf, size_t n)
{
	struct splitter sp = { .line = g_malloc(CR_TCPDUMP_LINE_MAX) };
	struct sniff sn = { 0 };

	sn.t = cr_tcpdump_new(NULL, NULL);
	if (sn.t && split(&sp, buf, n, sniff_line, &sn) == 0 && !sn.decided)
		split_end(&sp, sniff_line, &sn);
	cr_tcpdump_free(sn.t);
	g_free(sp.line);
	return sn.yes;
}

bool cr_tcpdump_sniff_file(const char *path)
{
	char *buf = g_malloc(CHUNK);
	size_t have = 0;
	bool yes = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		while (have < CHUNK) {
			ssize_t got = read(fd, buf + have, CHUNK - have);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			have += (size_t)got;
		}
		close(fd);
		yes = have > 0 && cr_tcpdump_sniff(buf, have);
	}
	g_free(buf);
	return yes;
}

/* ---- dates and offsets ------------------------------------------------- */

bool cr_parse_date(const char *s, int *y, int *m, int *d)
{
	int64_t ns;
	unsigned yy, mm, dd;
	char tail;

	if (strlen(s) != 10 || sscanf(s, "%4u-%2u-%2u%c", &yy, &mm, &dd, &tail) != 3 || s[4] != '-' || s[7] != '-' ||
	    yy < 1900 || yy > 2200)
		return false;
	/* Round-trip through the calendar: 2024-02-30 is refused. */
	ns = cr_days_from_civil(yy, mm, dd);
	{
		time_t tt = (time_t)(ns * 86400);
		struct tm tm;
		if (mm < 1 || mm > 12 || !gmtime_r(&tt, &tm) || (unsigned)tm.tm_mday != dd || (unsigned)tm.tm_mon + 1 != mm)
			return false;
	}
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return true;
}

bool cr_parse_utc_offset(const char *s, int64_t *ns)
{
	unsigned h, mi;
	int sign;

	if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*ns = 0;
		return true;
	}
	if (s[0] != '+' && s[0] != '-')
		return false;
	sign = s[0] == '-' ? -1 : 1;
	s++;
	if (strlen(s) == 5 && s[2] == ':' && g_ascii_isdigit(s[0]) && g_ascii_isdigit(s[1]) && g_ascii_isdigit(s[3]) &&
	    g_ascii_isdigit(s[4])) {
		h = (unsigned)((s[0] - '0') * 10 + s[1] - '0');
		mi = (unsigned)((s[3] - '0') * 10 + s[4] - '0');
	} else if (strlen(s) == 4 && strspn(s, "0123456789") == 4) {
		h = (unsigned)((s[0] - '0') * 10 + s[1] - '0');
		mi = (unsigned)((s[2] - '0') * 10 + s[3] - '0');
	} else if ((strlen(s) == 1 || strlen(s) == 2) && strspn(s, "0123456789") == strlen(s)) {
		h = (unsigned)atoi(s);
		mi = 0;
	} else {
		return false;
	}
	if (h > 14 || mi > 59)
		return false;
	*ns = sign * ((int64_t)h * 3600 + (int64_t)mi * 60) * 1000000000LL;
	return true;
}

void cr_tcpdump_file_date(const char *path, int64_t utc_offset_ns, int *y, int *m, int *d)
{
	struct stat st;
	struct tm tm;
	time_t tt = 0;

	if (stat(path, &st) == 0)
		tt = st.st_mtime + (time_t)(utc_offset_ns / 1000000000LL);
	if (!gmtime_r(&tt, &tm)) {
		*y = 1970;
		*m = *d = 1;
		return;
	}
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}
