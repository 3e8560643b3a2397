/*
 * child.h - running another program (tshark, gnuplot, dot): an argv and no
 * shell, stdin from /dev/null, stdout and stderr read together so neither
 * pipe fills (git run-command.c, pipe_command), stderr kept to quote when it
 * fails, an optional timeout, stopped when capreport is interrupted.
 * Several children can run at once: cr_child_wait_any watches them all.
 */
#ifndef CR_CHILD_H
#define CR_CHILD_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#define CR_CHILD_ERR_MAX 65536	/* bytes of a child's stderr kept: its first ones */

/* Why a child was stopped. */
enum cr_child_stop {
	CR_CHILD_RAN,		/* not stopped: it ended by itself */
	CR_CHILD_LATE,		/* past its timeout: SIGKILL */
	CR_CHILD_INTERRUPTED,	/* capreport was interrupted (cr_interrupted): SIGTERM */
	CR_CHILD_REFUSED,	/* on_out returned non-zero: SIGTERM, the rest of its output read and dropped */
};

/* A chunk of the child's stdout; non-zero stops the child. */
typedef int (*cr_child_out_fn)(void *user, const char *buf, size_t len);

/* Zero it, set the first fields, start it; clear it with cr_child_clear. */
struct cr_child {
	char **argv;		/* argv[0] is a path (g_find_program_in_path) */
	char **env;		/* NULL: capreport's own */
	const char *dir;	/* working folder, NULL: capreport's */
	double timeout_s;	/* > 0: killed when it runs longer */
	cr_child_out_fn on_out;	/* NULL: stdout goes to /dev/null */
	void *user;

	/* once it ended (cr_child_wait_any returned it) */
	int status;		/* wait status (<sys/wait.h>) */
	enum cr_child_stop stopped;
	GString *err;		/* its stderr, up to CR_CHILD_ERR_MAX bytes */

	/* the runner's */
	GPid pid;
	int out_fd, err_fd;	/* -1 once at end of file */
	gint64 deadline;	/* monotonic microseconds, 0: none */
	bool running, signalled;
	char *buf;
};

/* Start the child. On failure -1 and GLib's reason in *err (the caller says what it ran). */
int cr_child_start(struct cr_child *c, GError **err);

/*
 * Watch the running children among cs[0..n): wait up to tick_ms for output,
 * read it, stop the late ones and, when capreport is interrupted, all of
 * them. Returns the index of a child that ended (reaped: status, stopped and
 * err are set), or -1 when none did in this round.
 */
int cr_child_wait_any(struct cr_child *cs, size_t n, int tick_ms);

/* Start the child and wait for its end (cr_child_start, then cr_child_wait_any until it returns). */
int cr_child_run(struct cr_child *c, GError **err);

/* What the child said on stderr, for a message: its last bytes, one line, or "(it said nothing)". g_free it. */
char *cr_child_quote_stderr(const struct cr_child *c);

/* Free what the runner holds; a child still running is killed and reaped. */
void cr_child_clear(struct cr_child *c);

#endif
