/* input.c - detecting an input and running it through cache, tshark or CSV into consumers. */
#include "binding.h"
#include "cache.h"
#include "capmeta.h"
#include "csvread.h"
#include "filter.h"
#include "input.h"
#include "inputcopy.h"
#include "native.h"
#include "outfile.h"
#include "tcpdump.h"
#include "tshark.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

const char *cr_input_kind_name(enum cr_input_kind k)
{
	static const char *const names[] = {
		[CR_INPUT_PCAP] = "pcap", [CR_INPUT_PCAPNG] = "pcapng", [CR_INPUT_GZIP] = "gzip-compressed capture",
		[CR_INPUT_CSV] = "CSV", [CR_INPUT_TCPDUMP] = "tcpdump text", [CR_INPUT_UNKNOWN] = "unknown",
	};
	return names[k];
}

/* Do the n bytes at b open a pcap or pcapng file? Then *kind says which. */
static bool capture_magic(const unsigned char *b, size_t n, enum cr_input_kind *kind)
{
	uint32_t m = n < 4 ? 0 : (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];

	if (m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1)
		*kind = CR_INPUT_PCAP;
	else if (m == 0x0a0d0d0a)
		*kind = CR_INPUT_PCAPNG;
	else
		return false;
	return true;
}

/* A gzip file is a capture when what it holds opens as one; if not, or if it cannot be decompressed, it is not. */
static int gzip_capture(const char *path, enum cr_input_kind *kind, GError **err)
{
	unsigned char b[4];
	enum cr_input_kind inner;
	gzFile gz = gzopen(path, "rb");
	int got = gz ? gzread(gz, b, sizeof(b)) : -1, zerr = Z_OK;
	const char *why = gz ? gzerror(gz, &zerr) : g_strerror(errno);

	if (got == (int)sizeof(b) && capture_magic(b, sizeof(b), &inner))
		*kind = CR_INPUT_GZIP;
	else if (got >= 0 && zerr == Z_OK)
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "'%s' is not a capture: what it holds compressed is not pcap "
			    "or pcapng", path);
	else
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "'%s' is not a capture: it cannot be decompressed (%s)", path,
			    why && *why ? why : "unexpected end of file");
	if (gz)
		gzclose(gz);
	return *kind == CR_INPUT_GZIP ? 0 : -1;
}

int cr_input_detect(const char *path, enum cr_input_kind *kind, GError **err)
{
	unsigned char b[512];
	struct stat st;
	ssize_t n;
	int fd;

	*kind = CR_INPUT_UNKNOWN;
	if (stat(path, &st) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': Is a directory (give a capture file)", path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return -1;
	}
	n = read(fd, b, sizeof(b));
	close(fd);
	if (n < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return -1;
	}
	if (n == 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "'%s' is empty: it holds no capture", path);
		return -1;
	}
	if (capture_magic(b, (size_t)n, kind))
		return 0;
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return gzip_capture(path, kind, err);
	if ((size_t)n > strlen("frame.number,") && memcmp(b, "frame.number,", 13) == 0) {
		*kind = CR_INPUT_CSV;
		return 0;
	}
	if (cr_tcpdump_sniff_file(path)) {
		*kind = CR_INPUT_TCPDUMP;
		return 0;
	}
	return 0;
}

void cr_run_info_clear(struct cr_run_info *info)
{
	g_free(info->damage);
	g_free(info->cache_path);
	g_free(info->tshark_version);
	if (info->meta)
		cr_file_meta_clear(info->meta);
	g_free(info->meta);
	memset(info, 0, sizeof(*info));
}

/* ---- rows → packets → filters → consumer ----------------------------- */

struct run {
	struct cr_ctx *ctx;
	const char *name;			/* the input as the user named it */
	const struct cr_consumer *c;
	struct cr_run_info *info;
	struct cr_binding *binding;
	bool header_seen;
	struct cr_csv *csv;			/* for tshark chunks */
	struct cr_cache_writer *cache;		/* tee, or NULL */
	GError *err;				/* first error of a callback */
	uint64_t bad_rows;
	uint64_t first_bad;
	uint64_t cut_fields;		/* fields the CSV reader cut at its cap */
};

/* Count a packet, filter it, hand it to the consumer; whatever engine read it. */
static int deliver(void *user, const struct cr_pkt *p)
{
	struct run *r = user;
	bool first = !p->untimed && !r->info->timed;

	r->info->rows++;
	if (p->untimed)
		r->info->untimed_rows++;
	if (first || (!p->untimed && p->ts_ns < r->info->first_ts_ns))
		r->info->first_ts_ns = p->ts_ns;
	if (first || (!p->untimed && p->ts_ns > r->info->last_ts_ns))
		r->info->last_ts_ns = p->ts_ns;
	if (first)
		r->info->first_row_ns = p->ts_ns;
	r->info->timed |= !p->untimed;
	r->info->last_good_frame = p->frame;
	/* Relative times count from the first row with a time, as tshark's do. */
	if (!cr_filter_match(&r->ctx->filter, p, r->info->first_row_ns))
		return cr_interrupted ? -1 : 0;
	r->info->packets++;
	if (p->untimed)
		r->info->untimed++;
	if (r->c->packet && r->c->packet(r->c->user, p) != 0) {
		r->info->stopped = true;
		return -1;
	}
	return cr_interrupted ? -1 : 0;
}

/* A header row without every column of the ip profile is not capreport's: its packets cannot be counted. */
static int missing_columns(const struct cr_row *header, GError **err)
{
	const struct cr_profile *ip = cr_profile_find("ip");
	GString *missing = g_string_new(NULL);

	for (const char *const *f = ip->fields; *f; f++) {
		size_t i = 0;
		while (i < header->n && strcmp(header->field[i], *f) != 0)
			i++;
		if (i == header->n)
			g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", *f);
	}
	if (missing->len)
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "the CSV is not one capreport wrote: it has no column %s",
			    missing->str);
	g_string_free(missing, TRUE);
	return *err ? -1 : 0;
}

static int on_row(void *user, const struct cr_row *row)
{
	struct run *r = user;
	struct cr_pkt p;

	if (!r->header_seen) {
		r->header_seen = true;
		if (row->n == 0 || strcmp(row->field[0], "frame.number") != 0) {
			g_set_error(&r->err, CR_ERROR, CR_EXIT_INPUT,
				    "the CSV does not start with a capreport header row (frame.number,...)");
			return -1;
		}
		if (missing_columns(row, &r->err) != 0)
			return -1;
		r->binding = cr_binding_new(row);
		if (r->c->header && r->c->header(r->c->user, row) != 0) {
			r->info->stopped = true;
			return -1;
		}
		return 0;
	}
	if (!cr_binding_decode(r->binding, row, &p)) {
		if (!r->bad_rows++)
			r->first_bad = row->record;
		return 0;
	}
	return deliver(r, &p);
}

static int on_chunk(void *user, const char *buf, size_t len)
{
	struct run *r = user;

	if (r->err)
		return -1;
	if (r->cache && cr_cache_writer_write(r->cache, buf, len, &r->err) != 0)
		return -1;
	if (cr_csv_feed(r->csv, buf, len, r->err ? NULL : &r->err) != 0)
		return -1;
	return 0;
}

static void run_finish_notes(struct run *r, const char *path)
{
	if (r->bad_rows)
		cr_warn(r->ctx, "'%s': %" G_GUINT64_FORMAT " rows not understood, first at record %" G_GUINT64_FORMAT,
			path, r->bad_rows, r->first_bad);
	if (r->csv)
		r->cut_fields += cr_csv_cut_fields(r->csv);
	if (r->cut_fields)
		cr_warn(r->ctx, "'%s': %" G_GUINT64_FORMAT " fields longer than %d KiB were cut to that length",
			path, r->cut_fields, CR_CSV_FIELD_CAP_KIB);
}

static int run_csv(struct run *r, const char *csv_path, GError **err)
{
	if (cr_csv_read_file(csv_path, on_row, r, &r->cut_fields, err) != 0) {
		if (r->info->stopped && !r->err && !*err)
			return CR_EXIT_OK;
		if (r->err) {
			g_clear_error(err);
			g_propagate_prefixed_error(err, r->err, "'%s': ", csv_path);
			r->err = NULL;
		}
		if (err && !*err)
			g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "'%s': stopped", csv_path);
		return (*err)->code;
	}
	return CR_EXIT_OK;
}

static int on_text_packet(void *user, const struct cr_pkt *p)
{
	return deliver(user, p);
}

/* Say once what a text held that is not packets, and how its times were read. */
static void text_notes(struct run *r, const struct cr_tcpdump_opts *o,
		       const struct cr_tcpdump_stats *st)
{
	if (st->bad)
		cr_warn(r->ctx, "'%s': %" G_GUINT64_FORMAT " lines not understood, first at line %" G_GUINT64_FORMAT,
			r->name, st->bad, st->first_bad);
	if (st->long_lines)
		cr_warn(r->ctx, "'%s': %" G_GUINT64_FORMAT " lines longer than %d bytes were read only that far, "
			"first at line %" G_GUINT64_FORMAT, r->name, st->long_lines, CR_TCPDUMP_LINE_MAX, st->first_long);
	if (st->payload_ts)
		cr_notice(r->ctx, "'%s': %" G_GUINT64_FORMAT " lines inside -A payload start with a time and were "
			  "skipped as payload, first at line %" G_GUINT64_FORMAT, r->name, st->payload_ts,
			  st->first_payload_ts);
	if (st->format == CR_TS_TIME && o->date_is_guess && st->packets)
		cr_warn(r->ctx, "'%s' has times without a date: its first line is taken to be on %04d-%02d-%02d, "
			"the file's modification date; give --date YYYY-MM-DD", r->name, o->year, o->month, o->day);
	if (st->format == CR_TS_EPOCH && r->ctx->utc_offset_ns)
		cr_notice(r->ctx, "'%s': -tt times are UTC already; --utc-offset does not apply to them", r->name);
}

static int run_tcpdump(struct run *r, const char *path, GError **err)
{
	struct cr_tcpdump_opts o = { .utc_offset_ns = r->ctx->utc_offset_ns };
	struct cr_tcpdump *t;
	int rc;

	if (r->ctx->text_date)
		cr_parse_date(r->ctx->text_date, &o.year, &o.month, &o.day);
	else
		cr_tcpdump_file_date(path, o.utc_offset_ns, &o.year, &o.month, &o.day);
	o.has_date = true;
	o.date_is_guess = !r->ctx->text_date;
	if (!(t = cr_tcpdump_new(&o, err)))
		return CR_EXIT_ERROR;
	rc = cr_tcpdump_read_file(t, path, on_text_packet, r, err);
	text_notes(r, &o, cr_tcpdump_stats(t));
	cr_tcpdump_free(t);
	if (rc < 0)
		return (*err)->code;
	if (rc > 0) {
		g_set_error(err, CR_ERROR, cr_interrupted ? CR_EXIT_INTERRUPTED : CR_EXIT_ERROR, "'%s': stopped", path);
		return (*err)->code;
	}
	return CR_EXIT_OK;
}

static int run_tshark(struct run *r, const char *path, const struct cr_profile *p, const struct cr_cache_key *key,
		      GError **err)
{
	struct cr_tshark_result res;
	GError *e2 = NULL;
	int status = CR_EXIT_OK;

	if (r->ctx->cache != CR_CACHE_OFF && key) {
		r->cache = cr_cache_writer_new(key, p, &e2);
		if (!r->cache) {
			cr_warn(r->ctx, "%s; going on without a cache", e2->message);
			g_clear_error(&e2);
		}
	}
	r->csv = cr_csv_new(on_row, r);
	r->info->tshark_ran = true;
	if (cr_tshark_export(r->ctx, path, r->name, p, on_chunk, r, &res, err) != 0) {
		status = (*err)->code;
		goto fail;
	}
	if (r->info->stopped && !r->err)
		goto fail;	/* status OK: the consumer reports its own reason */
	if (!r->err && cr_csv_finish(r->csv, &r->err) != 0 && !r->err)
		g_set_error(&r->err, CR_ERROR, CR_EXIT_ERROR, "stopped");
	if (r->err) {
		g_propagate_prefixed_error(err, r->err, "'%s': ", path);
		r->err = NULL;
		status = (*err)->code;
		goto fail;
	}
	if (res.damaged) {
		r->info->damaged = true;
		r->info->damage = g_strdup(res.stderr_text);
		status = CR_EXIT_DAMAGED;
		goto fail;	/* results stand, the cache does not */
	}
	if (res.status != 0 && strstr(res.stderr_text, "isn't a capture file")) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "'%s' is not a capture: %s", path, res.stderr_text);
		status = CR_EXIT_INPUT;
		goto fail;
	}
	if (res.status != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_TSHARK, "tshark failed on '%s' (exit %d): %s", path, res.status,
			    *res.stderr_text ? res.stderr_text : "(it said nothing)");
		status = CR_EXIT_TSHARK;
		goto fail;
	}
	if (r->cache) {
		if (!r->header_seen) {
			/* No packets: keep the header so the cache is a valid CSV. */
			char *h = g_strjoinv(",", (char **)p->fields);
			GString *line = g_string_new(h);
			g_string_append_c(line, '\n');
			cr_cache_writer_write(r->cache, line->str, line->len, NULL);
			g_string_free(line, TRUE);
			g_free(h);
		}
		r->info->cache_path = g_strdup(cr_cache_writer_path(r->cache));
		if (cr_cache_writer_commit(r->cache, r->info->rows, &e2) != 0) {
			cr_warn(r->ctx, "%s", e2->message);
			g_clear_error(&e2);
			g_free(r->info->cache_path);
			r->info->cache_path = NULL;
		}
		r->cache = NULL;
	}
	cr_tshark_result_clear(&res);
	return CR_EXIT_OK;
fail:
	if (r->cache)
		cr_cache_writer_abort(r->cache);
	r->cache = NULL;
	cr_tshark_result_clear(&res);
	return status;
}

/* ---- the native engine ---------------------------------------------- */

/* Why the native engine cannot serve this request (g_free), or NULL. */
static char *native_refusal(const struct cr_ctx *ctx, const struct cr_profile *want)
{
	if (want->id != CR_PROFILE_IP || !cr_profile_covers(cr_profile_find("ip"), want))
		return g_strdup_printf("it reads the ip profile's fields, not the %s profile's", want->name);
	if (ctx->display_filter && *ctx->display_filter)
		return g_strdup("display filters (-Y) need tshark");
	if (ctx->filter.proto && !cr_decode_layer_known(ctx->filter.proto))
		return g_strdup_printf("it does not dissect '%s' (--proto)", ctx->filter.proto);
	return NULL;
}

/* --engine auto: native when it serves the request and reads every packet as tshark would. */
static bool pick_native(struct run *r, const char *path, const struct cr_profile *want)
{
	struct cr_native_stats st;
	GError *e = NULL;
	char *why = native_refusal(r->ctx, want);
	bool native = false;

	if (!why) {
		/* A damaged file is no reason: both engines stop at the same frame. */
		if (cr_native_check(path, &st, &e) != 0 && e->code != CR_EXIT_DAMAGED)
			why = g_strdup(e->message);
		else if (st.undecoded)
			why = g_strdup_printf("frame %" G_GUINT64_FORMAT ": %s", st.first_undecoded, st.why);
		else
			native = true;
		g_clear_error(&e);
		cr_native_stats_clear(&st);
	}
	if (r->ctx->verbose && why)
		fprintf(stderr, "capreport: '%s': reading with tshark, not the native engine: %s\n", r->name, why);
	g_free(why);
	return native;
}

static int run_native(struct run *r, const char *path, GError **err)
{
	const struct cr_profile *ip = cr_profile_find("ip");
	struct cr_native_stats st;
	bool rows = r->c->header != NULL;
	int status = CR_EXIT_OK;

	r->info->engine = "native";
	r->info->profile = ip->name;
	if (r->ctx->verbose)
		fprintf(stderr, "capreport: '%s': reading with the native engine\n", r->name);
	if (rows) {
		size_t n = cr_profile_nfields(ip);
		size_t *len = g_new(size_t, n);
		struct cr_row names = { .field = (char **)ip->fields, .len = len, .n = n };
		int rc;
		for (size_t i = 0; i < n; i++)
			len[i] = strlen(ip->fields[i]);
		rc = r->c->header(r->c->user, &names);
		g_free(len);
		if (rc != 0)
			return CR_EXIT_ERROR;
	}
	if (cr_native_read(path, (rows ? CR_NATIVE_ROWS : 0) | (r->c->no_streams ? CR_NATIVE_NO_STREAMS : 0), deliver,
			   r, &st, err) != 0) {
		status = (*err)->code;
		if (status == CR_EXIT_DAMAGED) {
			r->info->damaged = true;
			r->info->damage = g_strdup((*err)->message);
			g_clear_error(err);
		}
	}
	r->info->undecoded = st.undecoded;
	r->info->meta = g_steal_pointer(&st.meta);
	if (st.undecoded > st.skipped)
		cr_warn(r->ctx, "'%s': %" G_GUINT64_FORMAT " packets read by the native engine may differ from tshark's, "
			"the first at frame %" G_GUINT64_FORMAT ": %s (--engine tshark reads them fully)",
			r->name, st.undecoded - st.skipped, st.first_undecoded, st.why);
	if (st.skipped)
		cr_warn(r->ctx, "'%s': %" G_GUINT64_FORMAT " packets with a time past the year 2262 left out", r->name,
			st.skipped);
	cr_native_stats_clear(&st);
	return status;
}

int cr_input_run(struct cr_ctx *ctx, const char *path, const struct cr_profile *want, const struct cr_consumer *c,
		 struct cr_run_info *info, GError **err)
{
	struct run r = { .ctx = ctx, .name = path, .c = c, .info = info };
	struct cr_cache_key key = { 0 };
	const struct cr_profile *got = NULL;
	const char *file;	/* what is read: the input, or its copy (cr_input_file) */
	char *csv = NULL;
	int status;

	memset(info, 0, sizeof(*info));
	if (!(file = cr_input_file(ctx, path, err)))
		return (*err)->code;
	if (cr_input_detect(file, &info->kind, err) != 0) {
		cr_input_name_copy(&(*err)->message, file, path);
		return CR_EXIT_INPUT;
	}

	switch (info->kind) {
	case CR_INPUT_UNKNOWN:
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT,
			    "'%s' is not a capture: expected pcap, pcapng, a gzip-compressed capture, "
			    "or a CSV written by capreport", path);
		return CR_EXIT_INPUT;
	case CR_INPUT_TCPDUMP:
		info->profile = "tcpdump";
		status = run_tcpdump(&r, file, err);
		break;
	case CR_INPUT_CSV:
		info->profile = "csv";
		status = run_csv(&r, file, err);
		break;
	default:
		if (ctx->engine != CR_ENGINE_TSHARK) {
			char *why = native_refusal(ctx, want);
			if (why && ctx->engine == CR_ENGINE_NATIVE) {
				g_set_error(err, CR_ERROR, CR_EXIT_USAGE,
					    "the native engine cannot read '%s' for this: %s (use --engine tshark)", path, why);
				g_free(why);
				status = CR_EXIT_USAGE;
				break;
			}
			g_free(why);
			if (ctx->engine == CR_ENGINE_NATIVE || pick_native(&r, file, want)) {
				status = run_native(&r, file, err);
				break;
			}
		}
		info->engine = "tshark";
		if (cr_cache_key_init(&key, ctx, file, err) != 0) {
			status = (*err)->code;
			break;
		}
		info->tshark_version = g_strdup(key.tshark_version);
		/* A copy is read once, by this run: no cache serves it, none is kept. */
		if (ctx->cache == CR_CACHE_USE && file == path)
			csv = cr_cache_lookup(ctx, &key, want, &got);
		if (csv) {
			info->from_cache = true;
			info->profile = got->name;
			info->cache_path = csv;
			status = run_csv(&r, csv, err);
		} else {
			info->profile = want->name;
			status = run_tshark(&r, file, want, ctx->cache == CR_CACHE_OFF || file != path ? NULL : &key, err);
		}
		if (file != path) {	/* what the headers say, from the copy: the input itself is read */
			info->meta = g_new0(struct cr_file_meta, 1);
			if (cr_file_meta_read(file, info->meta, NULL) != 0)
				g_clear_pointer(&info->meta, g_free);
		}
		break;
	}
	run_finish_notes(&r, path);
	if (err && *err)
		cr_input_name_copy(&(*err)->message, file, path);
	cr_input_name_copy(&info->damage, file, path);
	if (info->damaged) {
		cr_warn(ctx, "'%s' is damaged: %s", path, info->damage);
		cr_warn(ctx, "results cover the packets up to frame %" G_GUINT64_FORMAT ", the last good one%s",
			info->last_good_frame, info->tshark_ran ? "; no cache was kept" : "");
	}
	if (cr_interrupted && status == CR_EXIT_OK)
		status = CR_EXIT_INTERRUPTED;
	cr_binding_free(r.binding);
	cr_csv_free(r.csv);
	cr_cache_key_clear(&key);
	return status;
}

/* Might a capture hold TCP? A native read that stops at the first TCP packet. */
static int found_tcp(void *user, const struct cr_pkt *p)
{
	bool *tcp = user;

	*tcp = p->proto == 6;
	return *tcp;
}

bool cr_tcp_maybe_in(struct cr_ctx *ctx, const char *path)
{
	struct cr_native_stats st = { 0 };
	enum cr_input_kind kind;
	GError *e = NULL;
	bool tcp = false, sure;
	int rc;

	if (!(path = cr_input_file(ctx, path, NULL)) || cr_input_detect(path, &kind, NULL) != 0 ||
	    (kind != CR_INPUT_PCAP && kind != CR_INPUT_PCAPNG && kind != CR_INPUT_GZIP))
		return true;	/* text and CSV inputs say so by their columns */
	rc = cr_native_read(path, 0, found_tcp, &tcp, &st, &e);
	/* No TCP only when every packet was read and decoded as tshark would. */
	sure = !tcp && st.undecoded == 0 && (rc == 0 || (e && e->code == CR_EXIT_DAMAGED));
	g_clear_error(&e);
	cr_native_stats_clear(&st);
	return !sure;
}
