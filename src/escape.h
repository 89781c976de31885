/*
 * escape.h - the one module through which everything written into HTML,
 * URLs, JSON and CSV passes. Each function appends the escaped form of a
 * NUL-terminated UTF-8 string to a buf. Invalid UTF-8 is replaced by U+FFFD
 * in HTML and JSON output, so no byte sequence from data can break out of
 * its context.
 *
 *   esc_html      element text: & < > " ' escaped
 *   esc_attr      attribute values (always written inside double quotes)
 *   esc_url_path  one path segment: everything but unreserved chars %-encoded
 *   esc_url_arg   a query argument value (same set, space as %20)
 *   esc_json      a JSON string literal including its quotes
 *   esc_csv       one CSV field (RFC 4180): quoted when it contains a comma,
 *                 quote, CR or LF; the formula-injection guard of every CSV
 *                 attain writes (below)
 */
#ifndef ATTAIN_ESCAPE_H
#define ATTAIN_ESCAPE_H

#include "util.h"

void esc_html(buf *b, const char *s);
void esc_attr(buf *b, const char *s);
void esc_url_path(buf *b, const char *s);
void esc_url_arg(buf *b, const char *s);
void esc_json(buf *b, const char *s);
/*
 * The CSV formula guard (OWASP "CSV Injection"): a field whose first
 * character after any spaces is a formula trigger -- = + - @ TAB CR or a
 * full-width = + - @ (U+FF1D U+FF0B U+FF0D U+FF20) -- is written quoted
 * with a single quote before it ("'=1+1"), so a spreadsheet shows it as
 * text. The exceptions are a field that is wholly a number as attain
 * writes numbers (esc_csv_number: "-1.5", "+3", "-12,345", "-0.25%",
 * "-1e-07" stay as they are) and a lone "-"; "-1+HYPERLINK(...)" is
 * guarded.
 */
void esc_csv(buf *b, const char *s);
/* 1 when s is wholly a number as attain writes one: an optional sign,
 * digits (grouped by commas, as reports group them), an optional fraction,
 * an optional exponent and an optional percent sign. */
int esc_csv_number(const char *s);

/* Length in bytes of the valid UTF-8 sequence at s (1-4), or 0 if invalid
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
int utf8_seq_len(const unsigned char *s);
/* 1 if the whole string is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

#endif
