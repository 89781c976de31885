/*
 * escape.c - escaping for HTML, URLs, JSON and CSV, the CSV formula
 * guard, and the characters names, codes and free text may hold (see
 * escape.h). UTF-8 validation follows RFC 3629 section 4 (the
 * well-formed byte sequences table); the character classes come from the
 * Unicode Character Database (DerivedCoreProperties.txt for
 * Default_Ignorable_Code_Point, UnicodeData.txt for the viramas) and
 * RFC 5892 Appendix A.1-A.2 for the joiners.
 */
#include "escape.h"

#include <string.h>

#include "i18n.h"

int utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F; /* no surrogates */
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (p[i] == 0)
			return 0;
		int k = utf8_seq_len(p + i);
		if (k == 0 || i + (size_t)k > n)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static const char replacement[] = "\xEF\xBF\xBD";

static void html_common(buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		switch (*p) {
		case '&':
			buf_adds(b, "&amp;");
			p++;
			continue;
		case '<':
			buf_adds(b, "&lt;");
			p++;
			continue;
		case '>':
			buf_adds(b, "&gt;");
			p++;
			continue;
		case '"':
			buf_adds(b, "&quot;");
			p++;
			continue;
		case '\'':
			buf_adds(b, "&#39;");
			p++;
			continue;
		default:
			break;
		}
		int k = utf8_seq_len(p);
		if (k == 0) {
			buf_adds(b, replacement);
			p++;
		} else if (k == 1 && *p < 0x20 && *p != '\n' && *p != '\t') {
			buf_addc(b, ' '); /* control characters have no place */
			p++;
		} else {
			buf_add(b, p, (size_t)k);
			p += k;
		}
	}
}

void esc_html(buf *b, const char *s)
{
	html_common(b, s);
}

void esc_attr(buf *b, const char *s)
{
	html_common(b, s);
}

static void url_common(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
	     p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			char t[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, t, 3);
		}
	}
}

void esc_url_path(buf *b, const char *s)
{
	/* "." and ".." would be interpreted as path navigation. */
	if (s && (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)) {
		buf_adds(b, strcmp(s, ".") == 0 ? "%2E" : "%2E%2E");
		return;
	}
	url_common(b, s);
}

void esc_url_arg(buf *b, const char *s)
{
	url_common(b, s);
}

void esc_json(buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	buf_addc(b, '"');
	while (*p) {
		unsigned char c = *p;
		switch (c) {
		case '"':
			buf_adds(b, "\\\"");
			p++;
			continue;
		case '\\':
			buf_adds(b, "\\\\");
			p++;
			continue;
		case '\n':
			buf_adds(b, "\\n");
			p++;
			continue;
		case '\r':
			buf_adds(b, "\\r");
			p++;
			continue;
		case '\t':
			buf_adds(b, "\\t");
			p++;
			continue;
		case '<': /* keeps "</script>" inert when JSON is inlined */
			buf_adds(b, "\\u003c");
			p++;
			continue;
		default:
			break;
		}
		if (c < 0x20) {
			char t[6] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};
			buf_add(b, t, 6);
			p++;
			continue;
		}
		int k = utf8_seq_len(p);
		if (k == 0) {
			buf_adds(b, "\\ufffd");
			p++;
		} else {
			buf_add(b, p, (size_t)k);
			p += k;
		}
	}
	buf_addc(b, '"');
}

/* ---- CSV -------------------------------------------------------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int esc_csv_number(const char *s)
{
	const char *p = s ? s : "";
	if (*p == '-' || *p == '+')
		p++;
	if (!is_digit(*p))
		return 0;
	while (is_digit(*p) || (*p == ',' && is_digit(p[1])))
		p++;
	if (*p == '.') {
		if (!is_digit(*++p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!is_digit(*p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	if (*p == '%')
		p++;
	return *p == '\0';
}

/* 1 when the field would start a formula in a spreadsheet: its first
 * character after spaces is a trigger (ASCII or full-width), and the
 * field is not wholly a number, nor a lone "-" (the mark of nothing). */
static int csv_formula(const char *s)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	switch (*p) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return 1;
	case '-':
		if (!p[1])
			return 0;
		return !esc_csv_number(p);
	case '+':
		return !esc_csv_number(p);
	default:
		break;
	}
	/* full-width = + - @: U+FF1D, U+FF0B, U+FF0D, U+FF20 */
	const unsigned char *u = (const unsigned char *)p;
	return u[0] == 0xEF && u[1] == 0xBC &&
	       (u[2] == 0x9D || u[2] == 0x8B || u[2] == 0x8D || u[2] == 0xA0);
}

void esc_csv(buf *b, const char *s)
{
	if (!s)
		s = "";
	int formula = csv_formula(s);
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* ---- the characters of names, codes and free text ---------------------- */

/* The code point of the valid k-byte UTF-8 sequence at p. */
static uint32_t utf8_cp(const unsigned char *p, int k)
{
	switch (k) {
	case 1:
		return p[0];
	case 2:
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	case 3:
		return (uint32_t)(p[0] & 0x0F) << 12 |
		       (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	default:
		return (uint32_t)(p[0] & 0x07) << 18 |
		       (uint32_t)(p[1] & 0x3F) << 12 |
		       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	}
}

typedef struct cp_range {
	uint32_t lo, hi;
} cp_range;

/* 1 when cp is in one of the n sorted, disjoint ranges. */
static int in_ranges(const cp_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Default_Ignorable_Code_Point (Unicode 14.0 DerivedCoreProperties.txt). */
static const cp_range ignorable[] = {
    {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C},
    {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},
    {0x200B, 0x200F},   {0x202A, 0x202E},   {0x2060, 0x206F},
    {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFF8},   {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

/* Canonical_Combining_Class=9 (Virama), Unicode 14.0 UnicodeData.txt. */
static const cp_range viramas[] = {
    {0x094D, 0x094D},   {0x09CD, 0x09CD},   {0x0A4D, 0x0A4D},
    {0x0ACD, 0x0ACD},   {0x0B4D, 0x0B4D},   {0x0BCD, 0x0BCD},
    {0x0C4D, 0x0C4D},   {0x0CCD, 0x0CCD},   {0x0D3B, 0x0D3C},
    {0x0D4D, 0x0D4D},   {0x0DCA, 0x0DCA},   {0x0E3A, 0x0E3A},
    {0x0EBA, 0x0EBA},   {0x0F84, 0x0F84},   {0x1039, 0x103A},
    {0x1714, 0x1715},   {0x1734, 0x1734},   {0x17D2, 0x17D2},
    {0x1A60, 0x1A60},   {0x1B44, 0x1B44},   {0x1BAA, 0x1BAB},
    {0x1BF2, 0x1BF3},   {0x2D7F, 0x2D7F},   {0xA806, 0xA806},
    {0xA82C, 0xA82C},   {0xA8C4, 0xA8C4},   {0xA953, 0xA953},
    {0xA9C0, 0xA9C0},   {0xAAF6, 0xAAF6},   {0xABED, 0xABED},
    {0x10A3F, 0x10A3F}, {0x11046, 0x11046}, {0x11070, 0x11070},
    {0x1107F, 0x1107F}, {0x110B9, 0x110B9}, {0x11133, 0x11134},
    {0x111C0, 0x111C0}, {0x11235, 0x11235}, {0x112EA, 0x112EA},
    {0x1134D, 0x1134D}, {0x11442, 0x11442}, {0x114C2, 0x114C2},
    {0x115BF, 0x115BF}, {0x1163F, 0x1163F}, {0x116B6, 0x116B6},
    {0x1172B, 0x1172B}, {0x11839, 0x11839}, {0x1193D, 0x1193E},
    {0x119E0, 0x119E0}, {0x11A34, 0x11A34}, {0x11A47, 0x11A47},
    {0x11A99, 0x11A99}, {0x11C3F, 0x11C3F}, {0x11D44, 0x11D45},
    {0x11D97, 0x11D97},
};

/* Arabic letters that join (Joining_Type D or R in ArabicShaping.txt,
 * simplified to the letter ranges of the Arabic blocks): the neighbours
 * a ZWNJ may stand between. */
static int arabic_letter(uint32_t cp)
{
	return (cp >= 0x0620 && cp <= 0x064A) ||
	       (cp >= 0x066E && cp <= 0x06D3) || cp == 0x06D5 ||
	       (cp >= 0x06EE && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F);
}

static int bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int bidi_mark(uint32_t cp)
{
	return cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* ZWJ (U+200D) or ZWNJ (U+200C) with the code point before it (prev, 0
 * at the start) and after it (next, 0 at the end) is in a context that
 * needs it (RFC 5892 A.1, A.2). */
static int joiner_ok(uint32_t cp, uint32_t prev, uint32_t next)
{
	if (prev && in_ranges(viramas, ARRAY_LEN(viramas), prev))
		return 1;
	return cp == 0x200C && arabic_letter(prev) && arabic_letter(next);
}

/* Why code point cp (between prev and next) is refused in text of kind,
 * or TEXT_OK. */
static int cp_refused(uint32_t cp, uint32_t prev, uint32_t next, int kind)
{
	if (cp == 0)
		return TEXT_NUL;
	if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
		return TEXT_CONTROL;
	if (bidi_control(cp))
		return TEXT_BIDI;
	if (kind == TEXT_FREE)
		return TEXT_OK;
	if ((cp < 0x20 && kind != TEXT_LINES) || (cp >= 0x7F && cp <= 0x9F) ||
	    cp == 0x2028 || cp == 0x2029)
		return TEXT_CONTROL;
	if (cp == 0x200C || cp == 0x200D)
		return joiner_ok(cp, prev, next) ? TEXT_OK : TEXT_JOINER;
	if (bidi_mark(cp))
		return TEXT_BIDI;
	if (in_ranges(ignorable, ARRAY_LEN(ignorable), cp))
		return TEXT_INVISIBLE;
	return TEXT_OK;
}

int text_check(const char *s, size_t n, int kind, text_bad *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t prev = 0;
	size_t i = 0;
	while (i < n) {
		/* printable ASCII is allowed everywhere */
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			prev = p[i++];
			continue;
		}
		int k = p[i] ? utf8_seq_len(p + i) : 1;
		if (k == 0 || i + (size_t)k > n) {
			if (bad)
				*bad = (text_bad){TEXT_BADUTF8, p[i], i};
			return TEXT_BADUTF8;
		}
		uint32_t cp = utf8_cp(p + i, k), next = 0;
		size_t j = i + (size_t)k;
		if (j < n && p[j]) {
			int kn = utf8_seq_len(p + j);
			if (kn && j + (size_t)kn <= n)
				next = utf8_cp(p + j, kn);
		}
		int why = cp_refused(cp, prev, next, kind);
		if (why) {
			if (bad)
				*bad = (text_bad){why, cp, i};
			return why;
		}
		prev = cp;
		i = j;
	}
	return TEXT_OK;
}

const char *text_why_words(int why)
{
	switch (why) {
	case TEXT_NUL:
		return N_("NUL byte");
	case TEXT_BADUTF8:
		return N_("invalid UTF-8");
	case TEXT_CONTROL:
		return N_("control character");
	case TEXT_BIDI:
		return N_("direction control");
	case TEXT_INVISIBLE:
		return N_("invisible character");
	case TEXT_JOINER:
		return N_("joiner not after a virama");
	default:
		return "";
	}
}
