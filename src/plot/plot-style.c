/* plot-style.c - the plots' size (WIDTHxHEIGHT) and palette (#rrggbb colours) from their settings. */
#include "plot-style.h"

#include <string.h>

bool cr_plot_size_parse(const char *s, int *w, int *h)
{
	char *end;
	gint64 a, b;

	a = g_ascii_strtoll(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	s = end + 1;
	b = g_ascii_strtoll(s, &end, 10);
	if (end == s || *end || a < 64 || a > 10000 || b < 64 || b > 10000)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

void cr_plot_size_default(int *w, int *h)
{
	const char *v = g_getenv("CAPREPORT_PLOT_SIZE");
	int a, b;

	if (v && cr_plot_size_parse(v, &a, &b)) {
		*w = a;
		*h = b;
	}
}

bool cr_plot_palette_parse(const char *s, char colours[CR_PALETTE_N][8])
{
	char **parts = g_strsplit_set(s, ",;", -1);
	int n = 0;
	bool ok = true;

	for (int i = 0; parts[i] && ok; i++) {
		const char *c = g_strstrip(parts[i]);
		if (!*c && !parts[i + 1] && n > 0)
			break;	/* a trailing separator */
		ok = n < CR_PALETTE_N && strlen(c) == 7 && c[0] == '#';
		for (int k = 1; ok && k < 7; k++)
			ok = g_ascii_isxdigit(c[k]);
		if (ok)
			g_strlcpy(colours[n++], c, 8);
	}
	g_strfreev(parts);
	return ok && n > 0;
}

void cr_plot_palette_default(char colours[CR_PALETTE_N][8])
{
	const char *v = g_getenv("CAPREPORT_PLOT_PALETTE");

	if (!cr_plot_palette_parse(CR_PALETTE_DEFAULT, colours))
		g_assert_not_reached();
	if (v) {
		char mine[CR_PALETTE_N][8] = { { 0 } };
		if (cr_plot_palette_parse(v, mine))
			for (int i = 0; i < CR_PALETTE_N && mine[i][0]; i++)
				memcpy(colours[i], mine[i], 8);
	}
}

static bool size_ok(const char *v)
{
	int w, h;

	return cr_plot_size_parse(v, &w, &h);
}

static bool palette_ok(const char *v)
{
	char colours[CR_PALETTE_N][8];

	return cr_plot_palette_parse(v, colours);
}

const struct cr_setting_check cr_plot_style_checks[] = {
	{ CR_SET_PLOT_SIZE, size_ok, "WIDTHxHEIGHT in pixels, each from 64 to 10000 (1200x420)" },
	{ CR_SET_PLOT_PALETTE, palette_ok,
	  "one to " G_STRINGIFY(CR_PALETTE_N) " colours as #rrggbb, separated by commas (" CR_PALETTE_DEFAULT ")" },
	{ 0, NULL, NULL },
};
