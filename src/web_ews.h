/*
 * web_ews.h - early warning on the web pages: the flags and reasons that
 * the ews analysis wrote (read by the store_web queries SWQ_*_EWS*), put
 * in words in the page's language by ews_text.h. The school, class and
 * student pages show early warning only through these, so a student has
 * the same level and reasons on every page.
 */
#ifndef ATTAIN_WEB_EWS_H
#define ATTAIN_WEB_EWS_H

#include "web.h"

/*
 * The rows of a flags query (columns "sid", the student id, and "level",
 * the integer level) with the level put in words and a text column
 * "reasons" added: each student's reasons from the rows of the matching
 * reasons query (sid, code, level, value, threshold, count, total,
 * subject; ordered by sid and seq), one line per indicator joined by sep,
 * "" for none. Allocated in the request's arena.
 */
sw_rows web_ews_flags(web_req *r, const sw_rows *flags, const sw_rows *reasons,
                      const char *sep);

/* The note shown instead of early warning when the analysis has not been
 * run (or not for the year shown). */
const char *web_ews_not_run(void);

/*
 * The early-warning caseload (store_case.h) as a page table "caseload":
 * the students of school school_id (0: any) or class class_id (0: any) in
 * a tier of the latest run, ranked, with their indicators merged into one
 * line each, case status (linked to the case's page), owner, next action
 * and due date; for a school, also the figures ews_tier1, ews_tier2 and
 * their shares of the school's assessed students. Nothing when the
 * analysis has not run.
 */
void web_ews_caseload(web_req *r, web_page *p, int64_t school_id,
                      int64_t class_id);

#endif
