/*
 * report_doc.h - the document model every report is written in, and its
 * renderers: PDF (cairo + pango, A4, embedded Noto fonts), a standalone
 * HTML page (escaped through escape.h, charts as inline SVG), CSV (every
 * table of the document) and JSON (every block).
 *
 * A report builds an rdoc: headings, paragraphs, notes, key/value lines,
 * tables, charts (chart_spec, drawn by chart.c in both PDF and HTML), and
 * "not available" notices for sections whose analysis has not been run.
 * Several rdocs can be written into one file (a class's report cards):
 * each starts on a new page and carries its own language and provenance.
 *
 * Ownership: an rdoc owns an arena; every string and array passed in is
 * copied, so callers may pass temporaries. rdoc_free releases everything.
 */
#ifndef ATTAIN_REPORT_DOC_H
#define ATTAIN_REPORT_DOC_H

#include <stdint.h>

#include "chart.h"
#include "util.h"

typedef struct rdoc rdoc;
typedef struct rtable rtable;

enum { RDOC_PDF, RDOC_HTML, RDOC_CSV, RDOC_JSON, RDOC_TEXT };

/* New document with a title and language code ("en", "hi"). */
rdoc *rdoc_alloc(const char *title, const char *lang);
void rdoc_free(rdoc *d);
arena *rdoc_arena(rdoc *d);
const char *rdoc_title(const rdoc *d);
const char *rdoc_lang(const rdoc *d);

/* Line under the title (e.g. school and year). */
void rdoc_subtitle(rdoc *d, const char *s);
/* Where the figures came from; printed in every page footer and in the
 * JSON as numbers. run_id 0: no analysis run. */
void rdoc_provenance(rdoc *d, int64_t data_version, int64_t run_id,
                     const char *text);

void rdoc_h2(rdoc *d, const char *s);
void rdoc_p(rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rdoc_note(rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A bullet item (consecutive bullets form one list). */
void rdoc_bullet(rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A section whose data is not available, with the reason. Also listed in
 * the JSON under "missing". */
void rdoc_missing(rdoc *d, const char *section, const char *why);
/* One "key: value" line (consecutive ones form a two-column list). */
void rdoc_kv(rdoc *d, const char *key, const char *value);
/*
 * A table with an id (CSV and JSON name), a caption, ncols headers and an
 * alignment string ("l" left, "r" right per column; NULL: all left).
 */
rtable *rdoc_table(rdoc *d, const char *id, const char *caption, int ncols,
                   const char *const *heads, const char *align);
/* Append a row of ncols cells (NULL cells print as empty). flag 1 marks
 * the row (overdue, flagged): bold and coloured, and "flag": true in JSON;
 * the cell text itself must say why, colour is never the only cue. */
void rtable_row(rtable *t, int flag, const char *const *cells);
int rtable_rows(const rtable *t);
/* Keep the table out of the PDF, HTML and text (too long to read) while
 * CSV and JSON still carry it. */
void rtable_data_only(rtable *t);
/* A chart; the spec and its arrays are deep-copied. */
void rdoc_chart(rdoc *d, const chart_spec *c);
/* Start a new page (PDF) or section break (HTML). */
void rdoc_break(rdoc *d);

/* Write n documents as one PDF file at path (A4 portrait). */
int rdoc_write_pdf(rdoc *const *docs, int n, const char *path, att_err *e);
/* The same PDF appended to out (the web's downloads). */
int rdoc_pdf(rdoc *const *docs, int n, buf *out, att_err *e);
/* Several PDF files at once: file i holds docs[i] alone, written to
 * paths[i], on up to `threads` threads (the calling thread is one of
 * them), each document inside a language region of its own language
 * (i18n.h), so the caller must not translate meanwhile. Stops at the
 * first failure, which it reports; files already written stay. */
int rdoc_write_pdfs(rdoc *const *docs, const char *const *paths, int n,
                    int threads, att_err *e);
/* Append them as one HTML page / CSV text / JSON object. */
void rdoc_html(rdoc *const *docs, int n, buf *out);
void rdoc_csv(rdoc *const *docs, int n, buf *out);
void rdoc_json(rdoc *const *docs, int n, buf *out);
/* Plain text for a terminal: tables with aligned columns, flagged rows
 * marked with "!", charts as a line naming them (their figures are in the
 * tables beside them). */
void rdoc_text(rdoc *const *docs, int n, buf *out);
/* Render to path in the given format (RDOC_*); "-" writes to stdout
 * (not for PDF). */
int rdoc_write(rdoc *const *docs, int n, int format, const char *path,
               att_err *e);

#endif
