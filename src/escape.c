/*
 * escape.c - escaping for HTML, URLs, JSON and CSV, and the CSV formula
 * guard (see escape.h). UTF-8 validation follows RFC 3629 section 4 (the
 * well-formed byte sequences table).
 */
#include "escape.h"

#include <string.h>

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
