/* util.c - the context, messages, signals, and time parsing and formatting. */
#include "capreport.h"
#include "util.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile int cr_interrupted;

G_DEFINE_QUARK(capreport-error-quark, cr_error)

void cr_ctx_init(struct cr_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->tshark = "tshark";
	ctx->format = CR_FMT_TEXT;
	ctx->cache = CR_CACHE_USE;
	ctx->filter.port = -1;
	ctx->filter.proto_num = -1;
	ctx->progress = isatty(STDERR_FILENO);
	/* CAPREPORT_ENGINE sets the default of --engine (checked with the configuration); the option wins. */
	if (getenv("CAPREPORT_ENGINE"))
		cr_engine_parse(getenv("CAPREPORT_ENGINE"), &ctx->engine);
}

bool cr_engine_parse(const char *s, enum cr_engine *e)
{
	static const char *const names[] = {
		[CR_ENGINE_AUTO] = "auto", [CR_ENGINE_NATIVE] = "native", [CR_ENGINE_TSHARK] = "tshark",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*e = (enum cr_engine)i;
			return true;
		}
	return false;
}

/* The context owns its filter: cr_ctx_init sets it empty, cr_ctx_clear frees it. */
static void filter_clear(struct cr_filter *f)
{
	if (f->hosts)
		g_ptr_array_free(f->hosts, TRUE);
	g_free(f->proto);
	g_free(f->from_rel);
	g_free(f->to_rel);
	memset(f, 0, sizeof(*f));
	f->port = -1;
	f->proto_num = -1;
}

void cr_ctx_clear(struct cr_ctx *ctx)
{
	filter_clear(&ctx->filter);
}

void cr_ctx_status(struct cr_ctx *ctx, int code)
{
	/* An outright failure outranks partial results, which outrank ok. */
	static const int rank[] = {
		[CR_EXIT_OK] = 0, [CR_EXIT_PLOTS] = 1, [CR_EXIT_DAMAGED] = 2,
		[CR_EXIT_OUTPUT] = 3, [CR_EXIT_INPUT] = 3, [CR_EXIT_TSHARK] = 3,
		[CR_EXIT_USAGE] = 4, [CR_EXIT_ERROR] = 5,
	};
	int r_new = code == CR_EXIT_INTERRUPTED ? 9 : (code >= 0 && code <= 7 ? rank[code] : 5);
	int r_old = ctx->worst_exit == CR_EXIT_INTERRUPTED ? 9 : rank[ctx->worst_exit];

	if (r_new > r_old)
		ctx->worst_exit = code;
}

bool cr_ctx_all_failed(const struct cr_ctx *ctx)
{
	return ctx->inputs_failed && !ctx->inputs_read;
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	char *msg = g_strdup_vprintf(fmt, ap);
	fprintf(stderr, "capreport: %s%s\n", kind, msg);
	g_free(msg);
}

void cr_warn(const struct cr_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	(void)ctx;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void cr_notice(const struct cr_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	if (ctx->quiet)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void cr_error_print(const GError *err)
{
	fprintf(stderr, "capreport: %s\n", err->message);
}

static void on_signal(int sig)
{
	(void)sig;
	cr_interrupted = 1;
}

void cr_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* ---- times ----------------------------------------------------------- */

bool cr_parse_epoch(const char *s, int64_t *ns)
{
	int64_t sec = 0, frac = 0;
	int digits = 0;
	bool neg = false;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9') {
		sec = sec * 10 + (*s++ - '0');
		if (sec > 9000000000LL)	/* year 2255: ns since 1970 still fit */
			return false;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			if (digits < 9) {
				frac = frac * 10 + (*s - '0');
				digits++;
			}
			s++;
		}
	}
	if (*s != '\0')
		return false;
	for (; digits < 9; digits++)
		frac *= 10;
	*ns = sec * 1000000000LL + frac;
	if (neg)
		*ns = -*ns;
	return true;
}

bool cr_parse_duration(const char *s, int64_t *ns)
{
	char *end;
	double v = g_ascii_strtod(s, &end);
	double mult;

	if (end == s || v < 0)
		return false;
	if (strcmp(end, "ns") == 0)
		mult = 1;
	else if (strcmp(end, "us") == 0)
		mult = 1e3;
	else if (strcmp(end, "ms") == 0)
		mult = 1e6;
	else if (strcmp(end, "s") == 0 || *end == '\0')
		mult = 1e9;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		mult = 60e9;
	else if (strcmp(end, "h") == 0)
		mult = 3600e9;
	else if (strcmp(end, "d") == 0)
		mult = 86400e9;
	else
		return false;
	*ns = (int64_t)(v * mult + 0.5);
	return true;
}

/*
 * ISO 8601 date and time, with or without seconds, fraction and zone
 * ("Z", "+02:00"); no zone means UTC. Or epoch seconds.
 */
bool cr_parse_time(const char *s, int64_t *ns, GError **err)
{
	GDateTime *dt;
	GTimeZone *utc;
	char *norm;
	size_t len = strlen(s);

	if (cr_parse_epoch(s, ns))
		return true;

	norm = g_strdup(s);
	if (len > 10 && norm[10] == ' ')
		norm[10] = 'T';
	/* "YYYY-MM-DDTHH:MM" without seconds */
	if (strlen(norm) == 16) {
		char *t = g_strconcat(norm, ":00", NULL);
		g_free(norm);
		norm = t;
	} else if (strlen(norm) == 10) {
		char *t = g_strconcat(norm, "T00:00:00", NULL);
		g_free(norm);
		norm = t;
	}
	utc = g_time_zone_new_utc();
	dt = g_date_time_new_from_iso8601(norm, utc);
	g_time_zone_unref(utc);
	g_free(norm);
	if (!dt) {
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE,
			    "cannot read the time '%s': use ISO 8601 (2024-03-09T21:58:00Z), epoch seconds or +30s", s);
		return false;
	}
	*ns = g_date_time_to_unix(dt) * 1000000000LL + (int64_t)g_date_time_get_microsecond(dt) * 1000;
	g_date_time_unref(dt);
	return true;
}

char *cr_fmt_time_iso(int64_t ns)
{
	int64_t sec = ns / 1000000000LL, frac = ns % 1000000000LL;
	struct tm tm;
	time_t t;
	char buf[64];

	if (frac < 0) {
		frac += 1000000000LL;
		sec--;
	}
	t = (time_t)sec;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	if (frac % 1000 == 0)
		return g_strdup_printf("%s.%06" G_GINT64_FORMAT "Z", buf, frac / 1000);
	return g_strdup_printf("%s.%09" G_GINT64_FORMAT "Z", buf, frac);
}

char *cr_fmt_human(double v, const char *unit)
{
	static const char *const prefix[] = { "", "k", "M", "G", "T", "P", NULL };
	int i = 0;

	while (v >= 999.95 && prefix[i + 1]) {
		v /= 1000.0;
		i++;
	}
	if (i == 0 && v == (double)(int64_t)v)
		return g_strdup_printf("%" G_GINT64_FORMAT " %s", (int64_t)v, unit);
	return g_strdup_printf("%.1f %s%s", v, prefix[i], unit);
}

/* ---- time bins ----------------------------------------------------------- */

#define BIN_MS 1000000LL
#define BIN_SEC 1000000000LL
#define BIN_DAY (86400 * BIN_SEC)

bool cr_bin_parse(const char *s, int64_t *ns)
{
	int64_t v;

	if (!cr_parse_duration(s, &v) || v < BIN_MS)
		return false;
	if (v < BIN_DAY ? BIN_DAY % v != 0 : v % BIN_DAY != 0)
		return false;
	*ns = v;
	return true;
}

char *cr_bin_format(int64_t ns)
{
	static const struct {
		int64_t unit;
		const char *name;
	} units[] = { { BIN_DAY, "d" }, { 3600 * BIN_SEC, "h" }, { 60 * BIN_SEC, "m" }, { BIN_SEC, "s" },
		      { BIN_MS, "ms" }, { 1000, "us" }, { 0, NULL } };

	for (int i = 0; units[i].name; i++)
		if (ns >= units[i].unit && ns % units[i].unit == 0)
			return g_strdup_printf("%" G_GINT64_FORMAT "%s", ns / units[i].unit, units[i].name);
	return g_strdup_printf("%" G_GINT64_FORMAT "ns", ns);
}
