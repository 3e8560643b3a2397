/* tok.h - value → name tables (tcpdump's struct tok): {value, name} pairs ending in a NULL name. */
#ifndef CR_TOK_H
#define CR_TOK_H

struct cr_tok {
	int v;
	const char *s;
};

/* The name of v in t, or `unknown` when t names no such value. */
const char *cr_tok_name(const struct cr_tok *t, int v, const char *unknown);

#endif
