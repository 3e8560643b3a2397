/* xlsx-cells.c - worksheet cells as SpreadsheetML (ECMA-376 Part 1, 18.3.1.4 c): numbers, Excel serial times, inline strings. */
#include "xlsx.h"

#include <math.h>
#include <string.h>

#define DAY_US 86400000000LL
#define EPOCH_SERIAL 25569	/* 1970-01-01 as an Excel serial day */
#define MAX_DIGITS 15		/* a double holds every integer of 15 digits exactly */

/* Room for n more bytes at the end of s; write there, then commit(). */
static inline char *reserve(GString *s, size_t n)
{
	if (s->allocated_len - s->len <= n) {
		gsize len = s->len;
		g_string_set_size(s, len + n);
		s->len = len;
	}
	return s->str + s->len;
}

static inline void commit(GString *s, char *end)
{
	s->len = (gsize)(end - s->str);
	*end = '\0';
}

static inline char *put(char *p, const char *lit, size_t n)
{
	memcpy(p, lit, n);
	return p + n;
}
#define PUT(p, lit) put((p), (lit), sizeof(lit) - 1)

/* Decimal digits of v. */
static char *put_u64(char *p, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = digits[--n];
	return p;
}

/* "AB" for column 27 (0-based): bijective base 26. */
static char *put_col(char *p, uint32_t col)
{
	char letters[8];
	int n = 0;
	uint64_t c = (uint64_t)col + 1;

	while (c && n < 8) {
		letters[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	while (n)
		*p++ = letters[--n];
	return p;
}

char *cr_xml_col_name(uint32_t col)
{
	GString *s = g_string_new(NULL);

	commit(s, put_col(reserve(s, 16), col));
	return g_string_free(s, FALSE);
}

void cr_xml_row_begin(struct cr_xml_row *w, GString *out, uint64_t row)
{
	char *p = reserve(out, 48);

	w->out = out;
	w->row = row;
	w->next = 0;
	p = PUT(p, "<row r=\"");
	p = put_u64(p, row);
	commit(out, PUT(p, "\">"));
}

void cr_xml_row_end(struct cr_xml_row *w)
{
	commit(w->out, PUT(reserve(w->out, 8), "</row>"));
}

/* `<c r="J5" s="3"` as needed; the caller closes the tag. */
static char *open_cell(struct cr_xml_row *w, char *p, uint32_t col, int style)
{
	p = PUT(p, "<c");
	if (col != w->next) {
		p = PUT(p, " r=\"");
		p = put_col(p, col);
		p = put_u64(p, w->row);
		*p++ = '"';
	}
	if (style > 0) {
		p = PUT(p, " s=\"");
		p = put_u64(p, (uint64_t)style);
		*p++ = '"';
	}
	w->next = col + 1;
	return p;
}

bool cr_xml_int_text(struct cr_xml_row *w, uint32_t col, int style, const char *s)
{
	const char *d = s + (*s == '-');
	size_t n = 0;
	char *p;

	while (d[n] >= '0' && d[n] <= '9')
		n++;
	if (n == 0 || n > MAX_DIGITS || d[n] != '\0')
		return false;
	while (n > 1 && *d == '0') {	/* "007" is 7 */
		d++;
		n--;
	}
	p = open_cell(w, reserve(w->out, 96), col, style);
	p = PUT(p, "><v>");
	if (*s == '-' && !(n == 1 && *d == '0'))
		*p++ = '-';
	p = put(p, d, n);
	commit(w->out, PUT(p, "</v></c>"));
	return true;
}

bool cr_xml_number(struct cr_xml_row *w, uint32_t col, int style, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	char *p;

	if (!isfinite(v))
		return false;
	p = open_cell(w, reserve(w->out, 96 + sizeof(buf)), col, style);
	p = PUT(p, "><v>");
	if (v == floor(v) && fabs(v) < 1e15) {
		if (v < 0)
			*p++ = '-';
		p = put_u64(p, (uint64_t)fabs(v));
	} else {
		g_ascii_formatd(buf, sizeof(buf), "%.17g", v);	/* round-trips; no locale */
		p = put(p, buf, strlen(buf));
	}
	commit(w->out, PUT(p, "</v></c>"));
	return true;
}

bool cr_xml_time(struct cr_xml_row *w, uint32_t col, int style, int64_t ns)
{
	int64_t us = ns / 1000, days = us / DAY_US, rem = us % DAY_US;
	uint64_t frac;
	char *p;

	if (rem < 0) {
		rem += DAY_US;
		days--;
	}
	days += EPOCH_SERIAL;
	if (days < 0)
		return false;
	/* The day's fraction to 12 decimals, rounded: rem / 864e8 * 1e12 = rem * 1e4 / 864. */
	frac = ((uint64_t)rem * 10000 + 432) / 864;
	if (frac >= 1000000000000ULL) {
		frac -= 1000000000000ULL;
		days++;
	}
	p = open_cell(w, reserve(w->out, 96), col, style);
	p = PUT(p, "><v>");
	p = put_u64(p, (uint64_t)days);
	if (frac) {
		char digits[12];
		int n = 12;
		for (int i = 11; i >= 0; i--) {
			digits[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		while (digits[n - 1] == '0')
			n--;
		*p++ = '.';
		p = put(p, digits, (size_t)n);
	}
	commit(w->out, PUT(p, "</v></c>"));
	return true;
}

static inline bool xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void put_string(struct cr_xml_row *w, uint32_t col, int style, const char *s, size_t n)
{
	char *p = open_cell(w, reserve(w->out, 128 + 5 * n), col, style);

	p = PUT(p, " t=\"inlineStr\"><is><t");
	if (n && (xml_space(s[0]) || xml_space(s[n - 1])))
		p = PUT(p, " xml:space=\"preserve\"");
	*p++ = '>';
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			p = PUT(p, "&amp;");
			break;
		case '<':
			p = PUT(p, "&lt;");
			break;
		case '>':
			p = PUT(p, "&gt;");
			break;
		default:
			*p++ = s[i];
		}
	}
	commit(w->out, PUT(p, "</t></is></c>"));
}

void cr_xml_text(struct cr_xml_row *w, uint32_t col, int style, const char *s, size_t *width)
{
	const unsigned char *q = (const unsigned char *)s;
	size_t n;
	char *clean;

	/* Printable ASCII without Excel's "_x" escapes goes as it is; the rest is cleaned first. */
	for (; *q >= 0x20 && *q < 0x7f && !(q[0] == '_' && q[1] == 'x'); q++)
		;
	n = (size_t)(q - (const unsigned char *)s);
	if (*q == '\0' && n < 4096) {
		if (n > *width)
			*width = n;
		put_string(w, col, style, s, n);
		return;
	}
	clean = cr_xlsx_clean_string(s);
	n = (size_t)g_utf8_strlen(clean, -1);
	if (n > *width)
		*width = n;
	put_string(w, col, style, clean, strlen(clean));
	g_free(clean);
}
