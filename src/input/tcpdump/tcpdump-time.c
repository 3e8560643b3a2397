/* tcpdump-time.c - the time that opens a tcpdump packet line (-tttt, -tt, or a time of day) as epoch ns. */
#include "tcpdump-int.h"

int64_t cr_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool valid_date(int64_t y, int64_t m, int64_t d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int64_t frac_ns(const char *s, size_t n)
{
	int64_t v = cr_td_digits(s, n);

	return n == 6 ? v * 1000 : v;
}

enum cr_tcpdump_ts cr_td_parse_time(struct cr_tcpdump *t, const char *s, size_t n, int64_t *ns, size_t *rest, bool *bad)
{
	const char *g[8] = { 0 };
	size_t gl[8] = { 0 };

	*bad = false;
	if (n < 15 || s[0] < '0' || s[0] > '9' || !cr_td_match(t, RE_TS, s, n))
		return CR_TS_NONE;
	*rest = cr_td_match_end(t, RE_TS);
	/* A line in another format than the text's first: not converted, the caller refuses it. */
	if (t->st.format != CR_TS_NONE) {
		enum cr_tcpdump_ts f = cr_td_grp(t, RE_TS, 1, s, &g[0], &gl[0])   ? CR_TS_DATETIME
				       : cr_td_grp(t, RE_TS, 8, s, &g[0], &gl[0]) ? CR_TS_EPOCH
									    : CR_TS_TIME;
		if (f != t->st.format)
			return f;
	}
	if (cr_td_grp(t, RE_TS, 1, s, &g[0], &gl[0])) {
		int64_t v[6];
		for (int i = 0; i < 6; i++) {
			cr_td_grp(t, RE_TS, i + 1, s, &g[i], &gl[i]);
			v[i] = cr_td_digits(g[i], gl[i]);
		}
		cr_td_grp(t, RE_TS, 7, s, &g[6], &gl[6]);
		/* Years a capture can have and epoch nanoseconds can hold. */
		if (v[0] < 1900 || v[0] > 2200 || !valid_date(v[0], v[1], v[2]) || v[3] > 23 || v[4] > 59 || v[5] > 59) {
			*bad = true;
			return CR_TS_DATETIME;
		}
		*ns = ((cr_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5]) *
			       1000000000LL +
		       frac_ns(g[6], gl[6])) -
		      t->opts.utc_offset_ns;
		return CR_TS_DATETIME;
	}
	if (cr_td_grp(t, RE_TS, 8, s, &g[0], &gl[0])) {
		int64_t secs = cr_td_digits(g[0], gl[0]);
		cr_td_grp(t, RE_TS, 9, s, &g[1], &gl[1]);
		if (secs > 7258118400LL) {	/* after 2200 */
			*bad = true;
			return CR_TS_EPOCH;
		}
		*ns = secs * 1000000000LL + frac_ns(g[1], gl[1]);
		return CR_TS_EPOCH;
	}
	{
		int64_t v[3], tod;
		for (int i = 0; i < 3; i++) {
			cr_td_grp(t, RE_TS, 10 + i, s, &g[i], &gl[i]);
			v[i] = cr_td_digits(g[i], gl[i]);
		}
		cr_td_grp(t, RE_TS, 13, s, &g[3], &gl[3]);
		if (v[0] > 23 || v[1] > 59 || v[2] > 59) {
			*bad = true;
			return CR_TS_TIME;
		}
		tod = (v[0] * 3600 + v[1] * 60 + v[2]) * 1000000000LL + frac_ns(g[3], gl[3]);
		int64_t day = t->day_ns;
		if (t->last_tod < 0) {
			const struct cr_tcpdump_opts *o = &t->opts;
			int64_t days = o->has_date ? cr_days_from_civil(o->year, (unsigned)o->month, (unsigned)o->day) : 0;
			/* The years above: a date taken from the file's time can be any (and overflow below). */
			if (days < cr_days_from_civil(1900, 1, 1) || days >= cr_days_from_civil(2201, 1, 1)) {
				*bad = true;
				return CR_TS_TIME;
			}
			day = days * 86400 * 1000000000LL;
		} else if (tod < t->last_tod - 3600 * 1000000000LL) {
			/* Back by more than an hour: the clock passed midnight (not past 2200: many can). */
			if (day >= cr_days_from_civil(2201, 1, 1) * 86400 * 1000000000LL) {
				*bad = true;
				return CR_TS_TIME;
			}
			day += 86400 * 1000000000LL;
			if (!t->dry)
				t->st.rollovers++;
		}
		if (!t->dry) {
			t->day_ns = day;
			t->last_tod = tod;
		}
		*ns = day + tod - t->opts.utc_offset_ns;
		return CR_TS_TIME;
	}
}
