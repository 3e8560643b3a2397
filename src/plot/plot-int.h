/* plot-int.h - what the plot engine's files share; other modules use plot.h. */
#ifndef CR_PLOT_INT_H
#define CR_PLOT_INT_H

#include "plot.h"

struct cr_plot_data {
	char *file;		/* STEM<suffix>.dat */
	GString *text;
};

struct cr_plot {
	char *stem;
	char *template_name;
	GHashTable *vars;	/* NAME → the text that replaces @NAME@ */
	GPtrArray *data;	/* of struct cr_plot_data * */
	int width, height;
	bool plain;		/* noenhanced terminals */
};


#endif
