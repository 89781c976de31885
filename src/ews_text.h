/*
 * ews_text.h - the words of early warning, made at output in the reader's
 * language: a level's name, and a flagged student's reasons (the codes
 * the analysis stores in ews_reason, each with the value that crossed its
 * configured threshold and the threshold) as sentences through _(). The
 * one place those words are made: the school, class and student pages,
 * the class planning sheet and the exceptions report all call it, so a
 * student's reasons read the same everywhere. Render layer: no SQL; the
 * caller reads the rows and fills ews_text_reason.
 */
#ifndef ATTAIN_EWS_TEXT_H
#define ATTAIN_EWS_TEXT_H

#include "util.h"

/* One stored reason (a row of ews_reason), borrowed. */
typedef struct ews_text_reason {
	const char *code;        /* "attendance_low", ... */
	int level;               /* 1 early warning, 2 at risk */
	double value, threshold; /* as an_ews.h lists per code */
	int count, total;        /* -1 where they do not apply */
	const char *subject;     /* the subject's name for low_subject */
} ews_text_reason;

/* A level in words: "early warning" (1), "at risk" (2), "none" (else). */
const char *ews_text_level(int level);
/* A student's tier (1 top, 2 second, else none) in words. */
const char *ews_text_tier(int tier);
/* ews_flag.overall (2 top tier, 1 second tier) as ews_text_tier's words:
 * the word a page shows for a student's place in early warning. */
const char *ews_text_overall(int overall);
/* A case status code (store_case.h: new, seen, intervention, resolved)
 * in words; an unknown code as it is. */
const char *ews_text_status(const char *code);

/*
 * A student's n reasons (in the stored order: attendance, behaviour,
 * course, progress) appended to out as one line per indicator, "LEVEL:
 * what; what", the level being the indicator's worst, lines joined by
 * sep. A code this version does not know is shown as the code. Returns
 * the number of lines.
 */
int ews_text_reasons(const ews_text_reason *r, int n, const char *sep,
                     buf *out);

#endif
