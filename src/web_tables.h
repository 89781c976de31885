/*
 * web_tables.h - tables that several pages build the same way: a table
 * whose columns the caller declares on its stack, a student's or a
 * school's goals with their projections (the goals analysis), and the
 * mastery of learning outcomes behind a heat map (the catalogue's
 * mastery figures).
 */
#ifndef ATTAIN_WEB_TABLES_H
#define ATTAIN_WEB_TABLES_H

#include <stddef.h>

#include "web.h"

/* web_page_table with a copy of the columns cols (size bytes, so a
 * caller's array can be on its stack) in the request's arena, and the
 * table's note (NULL: none). Returns the table, or NULL when the page is
 * full. */
web_table *web_table_add(web_req *r, web_page *p, const char *id,
                         const char *title, const web_col *cols, size_t size,
                         const sw_rows *rows, const char *note);

/* The goals table ("goals") of the rows of a goals query (title, metric,
 * baseline, target, due_date, current, projected, status), the metric and
 * the status put in words in the page's language (in place). */
void web_goals_table(web_req *r, web_page *p, sw_rows *goals);

/* The mastery rows of store_figures_mastery (store_figures.h) as a long
 * table "mastery_figures" of the JSON and CSV twins: per row the student
 * (when students is set: a class's page), the outcome, the year, its
 * mastery and the item points behind it, the figures under their
 * catalogue keys, so a reader of the API sees how many points each
 * mastery rests on. Not added to the HTML page, whose heat map shows the
 * same mastery. */
void web_mastery_table(web_req *r, web_page *p, const sw_rows *m, int students);

#endif
