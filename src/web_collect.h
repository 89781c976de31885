/*
 * web_collect.h - the data-entry pages (issue: data collection in the
 * browser): their handlers for the route table, the helpers they share,
 * and the reminders table other pages embed.
 *
 * Every entry form: works without JavaScript, carries the session's CSRF
 * token (the route table's WR_CSRF flag enforces it before the handler
 * runs), names its class or school as its route's target with WR_WRITE
 * (the dispatcher answers 404 when it is out of scope, nothing written),
 * and on a failed save re-renders what was posted with the error (nothing
 * saved). The one small script
 * (web_collect_script) adds conveniences: Enter moves on, scores checked
 * as they are typed, a column pasted into one box fills the column, and a
 * local copy of what was typed that is restored after a failed save and
 * cleared once the server confirms it.
 */
#ifndef ATTAIN_WEB_COLLECT_H
#define ATTAIN_WEB_COLLECT_H

#include "store_collect.h"
#include "web.h"

/* ---- handlers (one route each, see web_route.c) ---- */
int web_collect_register(web_req *r,
                         web_resp *w); /* GET  /classes/{}/register */
int web_collect_register_save(web_req *r,
                              web_resp *w);     /* POST /classes/{}/register */
int web_collect_marks(web_req *r, web_resp *w); /* GET  /classes/{}/marks */
int web_collect_marks_new(web_req *r, web_resp *w); /* POST /classes/{}/marks */
int web_collect_markbook(web_req *r,
                         web_resp *w); /* GET  /classes/{}/marks/{} */
int web_collect_markbook_save(web_req *r,
                              web_resp *w); /* POST /classes/{}/marks/{} */
int web_collect_org_marks(web_req *r, web_resp *w); /* GET  /orgs/{}/marks/{} */
int web_collect_org_marks_save(web_req *r,
                               web_resp *w); /* POST /orgs/{}/marks/{} */
int web_collect_behaviour(web_req *r,
                          web_resp *w); /* GET  /classes/{}/behaviour */
int web_collect_behaviour_save(web_req *r,
                               web_resp *w); /* POST /classes/{}/behaviour */
int web_collect_attitude(web_req *r,
                         web_resp *w); /* GET  /classes/{}/attitude */
int web_collect_attitude_save(web_req *r,
                              web_resp *w); /* POST /classes/{}/attitude */
int web_collect_surveys(web_req *r, web_resp *w);       /* GET  /surveys */
int web_collect_survey_new(web_req *r, web_resp *w);    /* GET  /surveys/new */
int web_collect_survey_create(web_req *r, web_resp *w); /* POST /surveys/new */
int web_collect_survey(web_req *r, web_resp *w);        /* GET  /surveys/{} */
int web_collect_survey_answer(web_req *r, web_resp *w); /* POST /surveys/{} */
int web_collect_survey_results(web_req *r,
                               web_resp *w);  /* GET  /surveys/{}/results */
int web_collect_obs(web_req *r, web_resp *w); /* GET  /orgs/{}/observations */
int web_collect_obs_new(web_req *r,
                        web_resp *w); /* GET  /orgs/{}/observations/new */
int web_collect_obs_save(web_req *r,
                         web_resp *w); /* POST /orgs/{}/observations/new */
int web_collect_obs_mine(web_req *r, web_resp *w); /* GET  /observations */
int web_collect_status(web_req *r, web_resp *w); /* GET  /orgs/{}/collection */
int web_collect_registers(web_req *r,
                          web_resp *w);           /* GET  /orgs/{}/registers */
int web_collect_todo(web_req *r, web_resp *w);    /* GET  /todo */
int web_collect_todo_go(web_req *r, web_resp *w); /* GET  /todo/{} */

/* Add the signed-in account's reminders ("What you owe") to a page as the
 * table "reminders"; nothing when there are none. For the home pages. */
void web_collect_reminders(web_req *r, web_page *p);

/* The entry pages' one inline script (hashed into the CSP like the
 * frame's). */
const char *web_collect_script(void);

/* Data-collection windows with their schools counted by state
 * (store_collect_tallies) as a page table: title, what it collects, due
 * date, then the catalogue's completeness figures. The org page and the
 * collection page show it. */
web_table *wc_windows_table(web_req *r, web_page *p, const char *id,
                            const char *title, const collect_tally *w, int n);

/* ---- shared by web_collect_*.c ---- */

/* Today for entry (collect_today), in the request arena. */
const char *wc_today(web_req *r);
/* The account saving, for the store. */
collect_actor wc_actor(const web_req *r);
/* The breadcrumb of an entry page: the org path (linked where the viewer
 * may open it) and the class, when h names one. */
void wc_crumbs(web_req *r, web_page *p, const scope_hit *h);
/* Start an entry page in the page model: kind, title and breadcrumb. */
void wc_page(web_req *r, web_page *p, const char *kind, const char *code,
             const char *title, const scope_hit *h);
/* A result set of nrow rows (values to fill with sw_at) for a page table,
 * in the arena; names are borrowed. */
sw_rows wc_rows(web_req *r, const char *const *names, int ncol, int nrow);
/* Cell values: text (borrowed; NULL is empty) and a whole number. */
sw_val wc_text(const char *s);
sw_val wc_int(web_req *r, long v);
/* Options from a table of untranslated labels (N_()), in the arena:
 * values[i] with _(labels[i]). */
web_option *wc_options(web_req *r, const char *const *values,
                       const char *const *labels, int n);

/* For the markbook, which still writes its own HTML: open an entry page
 * (frame, breadcrumb to the class or org, heading, an optional notice or
 * error, through web_page_html_open) and close it (the entry script). */
void wc_open(web_req *r, buf *b, const char *title, const scope_hit *h,
             const char *notice, const char *error);
void wc_close(web_req *r, buf *b);
/* The hidden CSRF input of a form. */
void wc_csrf(web_req *r, buf *b);
/* Hand a finished HTML body to the response with a status. */
int wc_send(web_resp *w, buf *b, int status);
/* 404 for anything out of scope; 500 when e says the store failed
 * (web_fail). */
int wc_refuse(web_req *r, web_resp *w, const att_err *e);
/* 303 to path (already escaped) with "saved=1" added to its query (under
 * /api for a JSON request: its twin). */
int wc_done(web_req *r, web_resp *w, const char *path);
/* The class the dispatcher resolved for writing (the route's target,
 * SCOPE_NAMED + write): returns 1 and fills h, or 0 (then answer
 * wc_refuse). */
int wc_class(web_req *r, scope_hit *h, att_err *e);
/* prefix, code as an escaped path segment, suffix, in the arena. */
const char *wc_path(web_req *r, const char *prefix, const char *code,
                    const char *suffix);
/* Escaped "/classes/CODE" in the arena. */
const char *wc_class_path(web_req *r, const char *code);
/* The name of an observation rubric criterion in the page's language: its
 * label (store_label.h), else the default rubric's name of it, else the
 * criterion as stored. */
const char *wc_criterion(web_req *r, const char *criterion);

/* A lesson observation's inputs in form f (web_collect_obs.c): the school's
 * teachers, the date when `date` is not NULL (the teacher then required),
 * the rubric's criteria as taps, notes (field `notes`) and the agreed next
 * steps; posted: show what was posted. The observation form and the
 * visit's (web_visit.c) share them. ATT_OK or ATT_EIO. */
int wc_obs_inputs(web_req *r, web_form *f, const sw_org *org, int posted,
                  const char *date, const char *notes, att_err *e);
/* Read those inputs into o (scores into sc; the date left to the caller):
 * NULL when they hold an observation, else why not in words ("" when the
 * store failed, e filled). */
const char *wc_obs_read(web_req *r, const sw_org *org, const char *notes,
                        collect_observation *o, collect_crit_score sc[16],
                        att_err *e);
/* Why a save was refused, in words: busy, or the store's reason. */
const char *wc_not_saved(web_req *r, const att_err *e);

#endif
