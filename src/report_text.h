/*
 * report_text.h - shaped text for the PDF renderer (report_doc.c) and the
 * charts drawn with cairo (chart.c): pango layouts kept per thread and
 * reused. Shaping (harfbuzz, through pango) was most of the cost of a
 * report card PDF, and report cards repeat most of their strings (labels,
 * headings, table headers, subject and outcome names, axis ticks, page
 * numbers), so a string is shaped once per size, weight, style, width and
 * alignment and then drawn as often as it appears, in every document and
 * file the thread writes.
 *
 * Each thread has its own pango context (on its own default font map,
 * which pango keeps per thread) set to the font options of a PDF surface:
 * no hinting, so a layout measures the same on any surface and can be
 * drawn on any cairo context, under any transformation.
 *
 * Ownership: layouts belong to the cache. A layout stays valid until the
 * thread calls rtext_trim (which empties the cache only when it has grown
 * past its limits: call it between documents, when no layout is in use)
 * or rtext_release.
 */
#ifndef ATTAIN_REPORT_TEXT_H
#define ATTAIN_REPORT_TEXT_H

#include <pango/pangocairo.h>

/* Text s in "Noto Sans" (fontconfig falls back to Noto Sans Devanagari)
 * at size points, bold/italic, wrapped at width points (<= 0: one line per
 * paragraph, no wrapping) and aligned; laid out on first use. s NULL is
 * the empty string. */
PangoLayout *rtext_layout(const char *s, double size, int bold, int italic,
                          double width, PangoAlignment align);
/* Logical size of a layout in points. */
double rtext_width(PangoLayout *l);
double rtext_height(PangoLayout *l);
/* Empty the calling thread's cache if it holds more than its limit of
 * layouts or text; returns 1 if it did. */
int rtext_trim(void);
/* Free the calling thread's cache and context (a thread that rendered
 * calls it before it ends). */
void rtext_release(void);
/* Layouts made and found since the thread's cache was created. */
void rtext_stats(long *made, long *found);

#endif
