/* inputcopy.h - inputs that can be read only once, copied once for the run (copy.c). */
#ifndef CR_INPUTCOPY_H
#define CR_INPUTCOPY_H

#include "capreport.h"

/*
 * Inputs that can be read only once: '-' (standard input), a pipe, a FIFO,
 * a terminal, /dev/stdin, /dev/fd/N, /proc/.... cr_input_file copies such an
 * input, the first time it is asked for, to a file in a temporary folder of
 * ctx (removed by cr_input_clear) and returns that copy's path every time;
 * any other input is returned as it is. NULL with err when the copy fails.
 * No cache is read or written for a copy.
 */
bool cr_input_read_once(const char *path);
const char *cr_input_file(struct cr_ctx *ctx, const char *path, GError **err);
/* Remove the copies and their folder. */
void cr_input_clear(struct cr_ctx *ctx);
/*
 * The readers name the copy they read; the user knows the input by its own
 * name: `file` (the copy) replaced by `path` in *text (a message, g_free).
 */
void cr_input_name_copy(char **text, const char *file, const char *path);

#endif
