/*
 * web_tables.h - tables that several pages build the same way: a table
 * whose columns the caller declares on its stack, and a student's or a
 * school's goals with their projections (the goals analysis).
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

#endif
