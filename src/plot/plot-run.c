/* plot-run.c - running gnuplot on written plots: one per core at once, each with a timeout, stderr quoted. */
#include "child.h"
#include "plot-int.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *find_gnuplot(const struct cr_plot_opts *o)
{
	const char *prog = o->gnuplot ? o->gnuplot : g_getenv("CAPREPORT_GNUPLOT");

	return g_find_program_in_path(prog && *prog ? prog : "gnuplot");
}

static char *tmp_image(const char *dir, const struct cr_plot *p, const char *ext)
{
	char *name = g_strdup_printf(".%s.tmp.%s", p->stem, ext), *path = g_build_filename(dir, name, NULL);

	g_free(name);
	return path;
}

static bool start(struct cr_plot *p, struct cr_child *c, const char *gnuplot, const char *dir,
		  const struct cr_plot_opts *o, GPtrArray *failures)
{
	char *outvar = g_strdup_printf("out='.%s.tmp'", p->stem);
	char *gp = g_strconcat("./", p->stem, ".gp", NULL);	/* never read as an option */
	char *argv[] = { (char *)gnuplot, (char *)"-e", outvar, gp, NULL };
	GError *e = NULL;
	bool ok;

	if (o->verbose)
		fprintf(stderr, "capreport: running: %s -e \"%s\" %s (in '%s')\n", gnuplot, outvar, gp, dir);
	c->argv = argv;
	c->dir = dir;
	c->timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	ok = cr_child_start(c, &e) == 0;
	c->argv = NULL;
	if (!ok) {
		g_ptr_array_add(failures, g_strdup_printf("cannot run gnuplot on '%s/%s.gp': %s", dir, p->stem, e->message));
		g_error_free(e);
	}
	g_free(outvar);
	g_free(gp);
	return ok;
}

/* The child is gone: keep its images or say why there are none. */
static void finish(struct cr_plot *p, struct cr_child *c, const char *dir, const struct cr_plot_opts *o,
		   struct cr_plot_result *res)
{
	static const char *const ext[] = { "svg", "png", NULL };
	char *gp = g_strdup_printf("%s/%s.gp", dir, p->stem), *why = NULL, *said = cr_child_quote_stderr(c);
	int status = c->status;
	int killed = cr_interrupted || c->stopped == CR_CHILD_INTERRUPTED ? 2 : c->stopped == CR_CHILD_LATE ? 1 : 0;
	bool ok = !killed && WIFEXITED(status) && WEXITSTATUS(status) == 0;

	if (killed == 2)
		why = g_strdup_printf("'%s' was not rendered: interrupted", gp);
	else if (killed)
		why = g_strdup_printf("gnuplot did not finish '%s' within %g s and was stopped", gp,
				      o->timeout_s > 0 ? o->timeout_s : 60);
	else if (!ok && WIFEXITED(status))
		why = g_strdup_printf("gnuplot failed on '%s' (exit %d): %s", gp, WEXITSTATUS(status), said);
	else if (!ok)
		why = g_strdup_printf("gnuplot died on '%s' (signal %d): %s", gp, WTERMSIG(status), said);
	for (int i = 0; ok && ext[i]; i++) {
		char *tmp = tmp_image(dir, p, ext[i]);
		if (!g_file_test(tmp, G_FILE_TEST_IS_REGULAR)) {
			why = g_strdup_printf("gnuplot made no %s image from '%s': %s", ext[i], gp, said);
			ok = false;
		}
		g_free(tmp);
	}
	for (int i = 0; ext[i]; i++) {
		char *tmp = tmp_image(dir, p, ext[i]);
		char *name = g_strdup_printf("%s.%s", p->stem, ext[i]), *final = g_build_filename(dir, name, NULL);
		if (ok && rename(tmp, final) != 0) {
			why = g_strdup_printf("cannot write '%s': %s", final, g_strerror(errno));
			ok = false;
		}
		if (!ok)
			unlink(tmp);
		g_free(tmp);
		g_free(name);
		g_free(final);
	}
	if (ok) {
		res->rendered++;
		if (o->verbose && c->err->len)
			fprintf(stderr, "capreport: gnuplot on '%s' said: %s\n", gp, said);
	} else {
		g_ptr_array_add(res->failures, why);
	}
	cr_child_clear(c);
	g_free(gp);
	g_free(said);
}

/* "drawing plots  D of N  P%  ETA m:ss" on a terminal, over itself; a final call clears the line. */
static void progress(const struct cr_plot_opts *o, guint done, guint n, gint64 started, bool final)
{
	double spent = (double)(g_get_monotonic_time() - started) / 1e6;

	if (!o->progress || n < 2)
		return;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	fprintf(stderr, "\r\033[Kcapreport: drawing plots  %u of %u  %u%%", done, n, done * 100 / n);
	if (done > 0 && done < n)
		fprintf(stderr, "  ETA %d:%02d", (int)(spent / done * (n - done)) / 60, (int)(spent / done * (n - done)) % 60);
	fflush(stderr);
}

void cr_plots_render(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res)
{
	gint64 started = g_get_monotonic_time();
	char *gnuplot = find_gnuplot(o);
	guint n = plots->len, next = 0, running = 0, done = 0;
	guint max = o->jobs > 0 ? (guint)o->jobs : g_get_num_processors();
	struct cr_child *cs;

	if (!gnuplot) {
		res->no_gnuplot = true;
		return;
	}
	cs = g_new0(struct cr_child, n ? n : 1);
	while (done < n) {
		int i;

		progress(o, done, n, started, false);
		while (running < max && next < n && !cr_interrupted) {
			if (start(g_ptr_array_index(plots, next), &cs[next], gnuplot, dir, o, res->failures))
				running++;
			else
				done++;
			next++;
		}
		if (cr_interrupted && running == 0) {
			for (; next < n; next++, done++)
				g_ptr_array_add(res->failures, g_strdup_printf("'%s/%s.gp' was not rendered: interrupted", dir,
									       ((struct cr_plot *)g_ptr_array_index(plots, next))->stem));
			break;
		}
		if ((i = cr_child_wait_any(cs, next, 250)) >= 0) {
			finish(g_ptr_array_index(plots, i), &cs[i], dir, o, res);
			running--;
			done++;
		}
	}
	progress(o, done, n, started, true);
	g_free(cs);
	g_free(gnuplot);
}
