/*
 * an_text.h - the words of the codes the analyses store, made at output in
 * the reader's language (render layer). An analysis writes numbers and
 * codes only; the pages and reports that show these codes turn them into
 * words here, through _(). Early-warning reasons have their own module
 * (ews_text.h). A code this version does not know is returned as it is.
 *
 * The codes (docs/ANALYTICS.md lists them with their analyses):
 *   goal_progress.status  "on track", "off track", "unknown"
 *   gap_trend.verdict     "narrowing", "widening", "no clear change",
 *                         "one point"
 *   item_stat.flag        "too hard", "too easy", "negative
 *                         discrimination", "low discrimination", several
 *                         joined by "; "
 *   impact.status         "ok", "insufficient data", "no subject or year"
 */
#ifndef ATTAIN_AN_TEXT_H
#define ATTAIN_AN_TEXT_H

#include "util.h"

const char *an_text_goal_status(const char *code);
const char *an_text_gap_verdict(const char *code);
const char *an_text_impact_status(const char *code);
/* A group of a gap (gap.group_a, group_b: "F", "disadvantaged", "special
 * needs", "others", or a home language or social category as stored) in
 * words; a stored name comes back as it is (label it at output). */
const char *an_text_gap_group(const char *code);
/* The flags of an item ("too hard; low discrimination") in words, joined
 * by "; ", appended to out. */
void an_text_item_flags(const char *codes, buf *out);

#endif
