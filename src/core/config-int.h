/* config-int.h - what config.c (settings and their origins) shares with config-file.c (reading the file). */
#ifndef CR_CONFIG_INT_H
#define CR_CONFIG_INT_H

#include "config.h"

struct cr_config {
	char *path;			/* the file looked for */
	bool loaded;			/* it was there and read */
	const char *path_origin;	/* "--config", "CAPREPORT_CONFIG", "default" */
	char *value[CR_SET_COUNT];	/* effective value, NULL: none (built-in behaviour) */
	enum cr_origin origin[CR_SET_COUNT];
	int line[CR_SET_COUNT];		/* line in the file when origin is FILE */
	char *key_used[CR_SET_COUNT];	/* "[report] templates" when the older spelling was used */
	GPtrArray *profiles;		/* of struct cr_profile * (cr_profile_custom_free) */
	GPtrArray *profile_lines;	/* GINT_TO_POINTER(line) of each profile's header */
};

/* A configuration with every setting at its default (cr_config_free). */
struct cr_config *cr_config_new(void);
/* Set s to a copy of v, from origin o (line: in the file, else 0). */
void cr_config_set(struct cr_config *c, enum cr_setting s, const char *v, enum cr_origin o, int line);
/* The variable that sets s (CAPREPORT_...), NULL when none does. */
const char *cr_setting_env(enum cr_setting s);
/* The environment wins over the file: settings with a variable take its value when it is set. */
void cr_config_take_env(struct cr_config *c);

#endif
