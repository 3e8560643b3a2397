/* plot-run.c - running gnuplot on written plots: one per core at once, each with a timeout, stderr quoted. */
#include "plot-int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ERR_MAX 65536		/* bytes of a gnuplot's stderr kept */
#define QUOTE_MAX 1200		/* bytes of it quoted in a message */

struct job {
	struct cr_plot *plot;
	GPid pid;
	int err_fd;		/* -1 once closed */
	GString *err;
	gint64 deadline;	/* monotonic, microseconds */
	bool running;
};

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

/* What gnuplot said, trimmed to its last QUOTE_MAX bytes. */
static char *quote_stderr(const GString *err)
{
	const char *s = err->str;
	size_t n = err->len;
	char *q;

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	if (n > QUOTE_MAX) {
		s += n - QUOTE_MAX;
		n = QUOTE_MAX;
	}
	q = g_strndup(s, n);
	g_strdelimit(q, "\r\t\033", ' ');
	if (!*q) {
		g_free(q);
		q = g_strdup("(it said nothing)");
	}
	return q;
}

static bool start(struct job *j, const char *gnuplot, const char *dir, const struct cr_plot_opts *o, GPtrArray *failures)
{
	char *outvar = g_strdup_printf("out='.%s.tmp'", j->plot->stem);
	char *gp = g_strconcat(j->plot->stem, ".gp", NULL);
	char *argv[] = { (char *)gnuplot, (char *)"-e", outvar, gp, NULL };
	GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL;
	GError *e = NULL;
	bool ok;

#if GLIB_CHECK_VERSION(2, 74, 0)
	flags |= G_SPAWN_STDIN_FROM_DEV_NULL;
#endif
	if (o->verbose)
		fprintf(stderr, "capreport: running: %s -e \"%s\" %s (in '%s')\n", gnuplot, outvar, gp, dir);
	ok = g_spawn_async_with_pipes(dir, argv, NULL, flags, NULL, NULL, &j->pid, NULL, NULL, &j->err_fd, &e);
	if (!ok) {
		g_ptr_array_add(failures, g_strdup_printf("cannot run gnuplot on '%s/%s': %s", dir, gp, e->message));
		g_error_free(e);
	} else {
		double secs = o->timeout_s > 0 ? o->timeout_s : 60;
		j->err = g_string_new(NULL);
		j->deadline = g_get_monotonic_time() + (gint64)(secs * 1e6);
		j->running = true;
	}
	g_free(outvar);
	g_free(gp);
	return ok;
}

/* Read what is there; false at end of file. */
static bool drain(struct job *j)
{
	char buf[4096];
	ssize_t n = read(j->err_fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (j->err->len < ERR_MAX)
		g_string_append_len(j->err, buf, (gssize)n);
	return true;
}

/* The child is gone: keep its images or say why there are none. killed: 1 timeout, 2 interrupted. */
static void finish(struct job *j, int status, int killed, const char *dir, const struct cr_plot_opts *o,
		   struct cr_plot_result *res)
{
	static const char *const ext[] = { "svg", "png", NULL };
	char *gp = g_strdup_printf("%s/%s.gp", dir, j->plot->stem), *why = NULL, *said = quote_stderr(j->err);
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
		char *tmp = tmp_image(dir, j->plot, ext[i]);
		if (!g_file_test(tmp, G_FILE_TEST_IS_REGULAR)) {
			why = g_strdup_printf("gnuplot made no %s image from '%s': %s", ext[i], gp, said);
			ok = false;
		}
		g_free(tmp);
	}
	for (int i = 0; ext[i]; i++) {
		char *tmp = tmp_image(dir, j->plot, ext[i]);
		char *name = g_strdup_printf("%s.%s", j->plot->stem, ext[i]), *final = g_build_filename(dir, name, NULL);
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
		if (o->verbose && j->err->len)
			fprintf(stderr, "capreport: gnuplot on '%s' said: %s\n", gp, said);
	} else {
		g_ptr_array_add(res->failures, why);
	}
	if (j->err_fd >= 0)
		close(j->err_fd);
	j->err_fd = -1;
	g_spawn_close_pid(j->pid);
	g_string_free(j->err, TRUE);
	j->err = NULL;
	j->running = false;
	g_free(gp);
	g_free(said);
}

void cr_plots_render(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res)
{
	char *gnuplot = find_gnuplot(o);
	guint n = plots->len, next = 0, running = 0, done = 0;
	guint max = o->jobs > 0 ? (guint)o->jobs : g_get_num_processors();
	struct job *js;
	struct pollfd *fds;
	guint *who;

	if (!gnuplot) {
		res->no_gnuplot = true;
		return;
	}
	js = g_new0(struct job, n ? n : 1);
	fds = g_new0(struct pollfd, n ? n : 1);
	who = g_new0(guint, n ? n : 1);
	for (guint i = 0; i < n; i++) {
		js[i].plot = g_ptr_array_index(plots, i);
		js[i].err_fd = -1;
	}
	while (done < n) {
		gint64 now, wait = 250000;
		nfds_t nf = 0;
		bool reap_soon = false;

		while (running < max && next < n && !cr_interrupted) {
			if (start(&js[next], gnuplot, dir, o, res->failures))
				running++;
			else
				done++;
			next++;
		}
		if (cr_interrupted && running == 0) {
			for (; next < n; next++, done++)
				g_ptr_array_add(res->failures, g_strdup_printf("'%s/%s.gp' was not rendered: interrupted", dir,
									       js[next].plot->stem));
			break;
		}
		now = g_get_monotonic_time();
		for (guint i = 0; i < next; i++) {
			if (!js[i].running)
				continue;
			wait = MIN(wait, MAX(js[i].deadline - now, 0));
			if (js[i].err_fd >= 0) {
				fds[nf] = (struct pollfd){ .fd = js[i].err_fd, .events = POLLIN };
				who[nf++] = i;
			} else {
				reap_soon = true;
			}
		}
		if (reap_soon)
			wait = MIN(wait, 10000);
		if (poll(fds, nf, (int)((wait + 999) / 1000)) < 0 && errno != EINTR)
			break;
		for (nfds_t k = 0; k < nf; k++) {
			struct job *j = &js[who[k]];
			if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) && !drain(j)) {
				close(j->err_fd);
				j->err_fd = -1;
			}
		}
		now = g_get_monotonic_time();
		for (guint i = 0; i < next; i++) {
			struct job *j = &js[i];
			int status = 0;
			bool late = now > j->deadline;

			if (!j->running)
				continue;
			if (late || cr_interrupted)
				kill(j->pid, SIGKILL);
			if ((late || cr_interrupted || j->err_fd < 0) &&
			    waitpid(j->pid, &status, late || cr_interrupted ? 0 : WNOHANG) == j->pid) {
				finish(j, status, cr_interrupted ? 2 : late ? 1 : 0, dir, o, res);
				running--;
				done++;
			}
		}
	}
	g_free(js);
	g_free(fds);
	g_free(who);
	g_free(gnuplot);
}
