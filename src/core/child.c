/* child.c - running another program: argv, no shell, stdout and stderr read without deadlock, timeout, stop (child.h). */
#include "child.h"
#include "capreport.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SIZE (1 << 16)
#define QUOTE_MAX 1200		/* bytes of stderr quoted in a message: the last ones */
#define REAP_US 10000		/* pipes closed, not yet exited: look again this soon */
#define STOP_GRACE_US 5000000	/* SIGTERM, then SIGKILL this much later */

int cr_child_start(struct cr_child *c, GError **err)
{
	GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD;

	if (!c->on_out)
		flags |= G_SPAWN_STDOUT_TO_DEV_NULL;
#if GLIB_CHECK_VERSION(2, 74, 0)
	flags |= G_SPAWN_STDIN_FROM_DEV_NULL;	/* the default before 2.74 too, when no stdin pipe is asked for */
#endif
	c->out_fd = c->err_fd = -1;
	if (!g_spawn_async_with_pipes(c->dir, c->argv, c->env, flags, NULL, NULL, &c->pid, NULL,
				      c->on_out ? &c->out_fd : NULL, &c->err_fd, err))
		return -1;
	c->err = g_string_new(NULL);
	c->buf = g_malloc(BUF_SIZE);
	c->deadline = c->timeout_s > 0 ? g_get_monotonic_time() + (gint64)(c->timeout_s * 1e6) : 0;
	c->stopped = CR_CHILD_RAN;
	c->running = true;
	return 0;
}

/* LATE: SIGKILL. Otherwise SIGTERM, and SIGKILL if it is still there STOP_GRACE_US later. */
static void stop(struct cr_child *c, enum cr_child_stop why)
{
	gint64 grace = g_get_monotonic_time() + STOP_GRACE_US;

	if (why == CR_CHILD_LATE) {
		kill(c->pid, SIGKILL);
		c->signalled = true;
		if (c->stopped == CR_CHILD_RAN)
			c->stopped = why;
		return;
	}
	if (c->stopped != CR_CHILD_RAN)
		return;
	kill(c->pid, SIGTERM);
	c->stopped = why;
	if (!c->deadline || c->deadline > grace)
		c->deadline = grace;
}

/* Read what fd has; at end of file close it. */
static void drain(struct cr_child *c, int *fd)
{
	ssize_t n = read(*fd, c->buf, BUF_SIZE);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	if (fd == &c->err_fd) {
		if (c->err->len < CR_CHILD_ERR_MAX)
			g_string_append_len(c->err, c->buf, n);
	} else if (c->stopped == CR_CHILD_RAN && c->on_out(c->user, c->buf, (size_t)n) != 0) {
		stop(c, CR_CHILD_REFUSED);
	}
}

/* Reap c if it is done: its pipes at end of file, or killed. */
static bool reap(struct cr_child *c)
{
	bool killed = c->signalled;

	if (!killed && (c->out_fd >= 0 || c->err_fd >= 0))
		return false;
	while (true) {
		pid_t r = waitpid(c->pid, &c->status, killed ? 0 : WNOHANG);
		if (r == c->pid)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		return false;
	}
	for (int *fd = &c->out_fd; fd; fd = fd == &c->out_fd ? &c->err_fd : NULL)
		if (*fd >= 0) {
			close(*fd);
			*fd = -1;
		}
	g_spawn_close_pid(c->pid);
	c->running = false;
	return true;
}

int cr_child_wait_any(struct cr_child *cs, size_t n, int tick_ms)
{
	struct pollfd *fds = g_new0(struct pollfd, 2 * n + 1);
	int **which = g_new0(int *, 2 * n + 1);
	size_t *whose = g_new0(size_t, 2 * n + 1);
	gint64 now = g_get_monotonic_time(), wait = (gint64)tick_ms * 1000;
	nfds_t nf = 0;
	int done = -1;

	for (size_t i = 0; i < n; i++) {
		struct cr_child *c = &cs[i];
		if (!c->running)
			continue;
		if (c->deadline && !c->signalled)
			wait = MIN(wait, MAX(c->deadline - now, 0));
		if (c->out_fd < 0 && c->err_fd < 0)
			wait = MIN(wait, REAP_US);
		for (int *fd = &c->out_fd; fd; fd = fd == &c->out_fd ? &c->err_fd : NULL)
			if (*fd >= 0) {
				fds[nf] = (struct pollfd){ .fd = *fd, .events = POLLIN };
				which[nf] = fd;
				whose[nf++] = i;
			}
	}
	if (poll(fds, nf, (int)((wait + 999) / 1000)) >= 0)
		for (nfds_t k = 0; k < nf; k++)
			if (fds[k].revents & (POLLIN | POLLHUP | POLLERR))
				drain(&cs[whose[k]], which[k]);
	now = g_get_monotonic_time();
	for (size_t i = 0; i < n && done < 0; i++) {
		struct cr_child *c = &cs[i];
		if (!c->running)
			continue;
		if (c->deadline && now > c->deadline && !c->signalled)
			stop(c, CR_CHILD_LATE);
		else if (cr_interrupted)
			stop(c, CR_CHILD_INTERRUPTED);
		if (reap(c))
			done = (int)i;
	}
	g_free(fds);
	g_free(which);
	g_free(whose);
	return done;
}

int cr_child_run(struct cr_child *c, GError **err)
{
	if (cr_child_start(c, err) != 0)
		return -1;
	while (cr_child_wait_any(c, 1, 250) < 0)
		;
	return 0;
}

char *cr_child_quote_stderr(const struct cr_child *c)
{
	const char *s = c->err ? c->err->str : "";
	size_t n = c->err ? c->err->len : 0;
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

void cr_child_clear(struct cr_child *c)
{
	if (c->running) {
		stop(c, CR_CHILD_LATE);
		reap(c);
	}
	if (c->err)
		g_string_free(c->err, TRUE);
	g_free(c->buf);
	c->err = NULL;
	c->buf = NULL;
}
