/* test-cellfmt.c - the one cell formatter: each style's precision, units, nulls and non-finite values. */
#include "cellfmt.h"

#include <math.h>

static const struct cr_cell_style exact = { .null = "", .nonfinite_rate = "", .ascii = true,
					    .float_digits = 6, .seconds_digits = 9 };
static const struct cr_cell_style human = { .null = "-", .nonfinite_rate = "-", .human = true,
					    .float_digits = 2, .seconds_digits = 6 };

static void test_numbers(void)
{
	const struct cr_cell i = { .v.i = 1500000 }, f = { .v.f = 0.1234567891 }, nan_cell = { .v.f = NAN };
	const struct cr_cell null = { .null = true };
	const struct {
		enum cr_coltype ty;
		const struct cr_cell *c;
		const struct cr_cell_style *st;
		const char *want;
	} cases[] = {
		{ CR_COL_INT, &i, &exact, "1500000" },		{ CR_COL_BYTES, &i, &exact, "1500000" },
		{ CR_COL_BYTES, &i, &human, "1.5 MB" },		{ CR_COL_FLOAT, &f, &exact, "0.123457" },
		{ CR_COL_FLOAT, &f, &human, "0.12" },		{ CR_COL_SECONDS, &f, &exact, "0.123456789" },
		{ CR_COL_SECONDS, &f, &human, "0.123457" },	{ CR_COL_RATE, &f, &exact, "0" },
		{ CR_COL_RATE, &nan_cell, &exact, "" },		{ CR_COL_RATE, &nan_cell, &human, "-" },
		{ CR_COL_FLOAT, &nan_cell, &exact, "" },	{ CR_COL_INT, &null, &exact, "" },
		{ CR_COL_INT, &null, &human, "-" },
	};

	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		char *s = cr_cell_format(cases[k].ty, cases[k].c, cases[k].st);
		g_assert_cmpstr(s, ==, cases[k].want);
		g_free(s);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cellfmt/numbers", test_numbers);
	return g_test_run();
}
