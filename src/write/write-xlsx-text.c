/* write-xlsx-text.c - text made safe for XLSX: cell strings (XML-legal, capped) and sheet names (legal, unique). */
#include "xlsx.h"

#include <string.h>
#include <xlsxwriter.h>

char *cr_xlsx_clean_string(const char *s)
{
	char *valid = g_utf8_make_valid(s, -1);
	GString *out = g_string_sized_new(strlen(valid));
	const size_t cap = 32000;	/* bytes, under Excel's 32767 characters */

	for (const char *p = valid; *p && out->len < cap; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f)
			g_string_append_printf(out, "\\x%02x", (unsigned)ch);
		else if (ch == 0xfffe || ch == 0xffff)	/* not allowed in XML */
			g_string_append_unichar(out, 0xfffd);
		else if (ch == '_' && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) &&
			 g_ascii_isxdigit(p[4]) && g_ascii_isxdigit(p[5]) && p[6] == '_')
			g_string_append(out, "_x005F_");	/* else Excel reads "_x0041_" as "A" */
		else
			g_string_append_unichar(out, ch);
	}
	if (out->len >= cap) {
		while (out->len > cap - 4 && out->len > 0) {	/* back to a character boundary */
			char *last = g_utf8_find_prev_char(out->str, out->str + out->len);
			g_string_truncate(out, last ? (gsize)(last - out->str) : 0);
		}
		g_string_append(out, "\xe2\x80\xa6");	/* … */
	}
	g_free(valid);
	return g_string_free(out, FALSE);
}

/* Excel counts sheet-name length in UTF-16 units. */
static void truncate_utf16(GString *s, size_t max)
{
	size_t n = 0;
	for (const char *p = s->str; *p; p = g_utf8_next_char(p)) {
		n += g_utf8_get_char(p) > 0xffff ? 2 : 1;
		if (n > max) {
			g_string_truncate(s, (gsize)(p - s->str));
			return;
		}
	}
}

static bool name_taken(GPtrArray *taken, const char *name)
{
	char *fold = g_utf8_casefold(name, -1);
	bool found = false;

	for (guint i = 0; i < taken->len && !found; i++) {
		char *f = g_utf8_casefold(g_ptr_array_index(taken, i), -1);
		found = strcmp(f, fold) == 0;
		g_free(f);
	}
	g_free(fold);
	return found;
}

char *cr_xlsx_sheet_name(const char *wanted, GPtrArray *taken)
{
	char *clean = cr_xlsx_clean_string(wanted ? wanted : "");
	GString *base = g_string_new(NULL), *cand;

	for (const char *p = clean; *p; p++)
		g_string_append_c(base, strchr("[]:*?/\\", *p) ? '_' : *p);
	g_free(clean);
	/* No apostrophe at either end, no newline, not empty, not "History". */
	for (gsize i = 0; i < base->len; i++)
		if (base->str[i] == '\n' || base->str[i] == '\t')
			base->str[i] = ' ';
	while (base->len && base->str[0] == '\'')
		g_string_erase(base, 0, 1);
	truncate_utf16(base, LXW_SHEETNAME_MAX);
	while (base->len && base->str[base->len - 1] == '\'')
		g_string_truncate(base, base->len - 1);
	if (base->len == 0)
		g_string_assign(base, "Sheet");
	if (g_ascii_strcasecmp(base->str, "History") == 0)
		g_string_append_c(base, '_');

	cand = g_string_new(base->str);
	for (int n = 2; name_taken(taken, cand->str); n++) {
		char *suffix = g_strdup_printf(" (%d)", n);
		g_string_assign(cand, base->str);
		truncate_utf16(cand, LXW_SHEETNAME_MAX - strlen(suffix));
		g_string_append(cand, suffix);
		g_free(suffix);
	}
	g_string_free(base, TRUE);
	g_ptr_array_add(taken, g_strdup(cand->str));
	return g_string_free(cand, FALSE);
}

double cr_xlsx_excel_time(int64_t ns)
{
	/* Days since 1899-12-30; microseconds are exact in a double here. */
	return 25569.0 + (double)(ns / 1000) / 86400e6;
}

