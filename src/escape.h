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
 *
 * And the one rule for the characters a name or code may hold
 * (text_check), applied at import and at form entry.
 */
#ifndef ATTAIN_ESCAPE_H
#define ATTAIN_ESCAPE_H

#include <stdint.h>

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

/*
 * The characters names and codes may not hold, and what free text may not.
 * Rejected at import and at form entry (docs/PRIVACY.md, "Input hygiene"),
 * so that no stored name can pose as another or be cut short:
 *
 *  - every text: a NUL byte (it would cut the value short), invalid UTF-8,
 *    a C0 control other than TAB, LF and CR, and the explicit direction
 *    embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069),
 *    whose effect runs past the text's own end;
 *  - names and codes (TEXT_NAME) also: every control (TAB, LF, CR, DEL,
 *    C1), the line and paragraph separators U+2028/U+2029, and every
 *    default-ignorable code point (Unicode's Default_Ignorable_Code_Point
 *    property, UAX #44: the characters that render as nothing -- soft
 *    hyphen, zero-width space, joiners, direction marks, word joiner,
 *    BOM, variation selectors, tags, ...). ZERO WIDTH JOINER and ZERO
 *    WIDTH NON-JOINER are let through in the two contexts where a script
 *    needs them, after RFC 5892 Appendix A.1 and A.2 (IDNA's CONTEXTJ
 *    rules): right after a virama (canonical combining class 9, as in
 *    Devanagari's half forms: KA, VIRAMA, ZWJ, SSA), and a ZWNJ between
 *    two Arabic letters (Persian and Urdu words).
 *  - lines of names and codes (TEXT_LINES: a pasted table of marks, a
 *    list of item codes) follow the rule of names but keep TAB, LF, CR;
 *  - free text (TEXT_FREE: notes, answers, descriptions) keeps TAB, LF,
 *    CR, the direction marks (U+200E, U+200F, U+061C) and the zero-width
 *    characters, which right-to-left writing and Indic scripts use and
 *    whose effect stays within the text.
 */
enum { TEXT_NAME, TEXT_LINES, TEXT_FREE };
/* Why a character was refused. */
enum {
	TEXT_OK = 0,
	TEXT_NUL,       /* a NUL byte */
	TEXT_BADUTF8,   /* not valid UTF-8 */
	TEXT_CONTROL,   /* a control character or line separator */
	TEXT_BIDI,      /* a direction control (embedding, override,
	                   isolate, mark) */
	TEXT_INVISIBLE, /* another character that renders as nothing */
	TEXT_JOINER,    /* ZWJ or ZWNJ outside the contexts that need it */
};
typedef struct text_bad {
	int why;     /* TEXT_* */
	uint32_t cp; /* the code point refused (the byte, for TEXT_BADUTF8) */
	size_t at;   /* its byte offset in the text (0-based) */
} text_bad;
/* Check the n bytes at s against the rule of kind (TEXT_NAME, TEXT_LINES
 * or TEXT_FREE). Returns TEXT_OK, or why the first refused character was
 * refused with *bad filled (bad may be NULL). */
int text_check(const char *s, size_t n, int kind, text_bad *bad);
/* What a refusal is called in messages, in English ("direction control");
 * the web translates it at output. */
const char *text_why_words(int why);

/* Length in bytes of the valid UTF-8 sequence at s (1-4), or 0 if invalid
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
int utf8_seq_len(const unsigned char *s);
/* 1 if the whole string is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

#endif
