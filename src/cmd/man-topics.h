/* man-topics.h - the man page's topic sections and the settings' help (man-topics.c), for help.c. */
#ifndef CR_MAN_TOPICS_H
#define CR_MAN_TOPICS_H

#include "config.h"

/* A topic section: its title and its text in the markup man-topics.c describes. */
struct cr_man_topic {
	const char *title;
	const char *text;
};
/* Ends in a sentinel (title NULL). */
extern const struct cr_man_topic cr_man_topics[];

/* What one configuration setting takes; its name comes from the configuration's own table. */
struct cr_setting_help {
	enum cr_setting setting;
	const char *help;
};
/* One entry per setting, in enum order (CR_SET_COUNT of them). */
extern const struct cr_setting_help cr_setting_help[];

#endif
