/*
 * web_pivot.h - turning query results into heat-map tables and charts for
 * the page model: a long result (row, column, value) pivoted into a wide
 * table whose cells are coloured (the table is the text alternative of the
 * heat map), and charts drawn by chart.h from a table's columns.
 * Everything is allocated in the request arena.
 */
#ifndef ATTAIN_WEB_PIVOT_H
#define ATTAIN_WEB_PIVOT_H

#include "web.h"

#define WEB_PIVOT_MAX_COLS 60

/* Pivot long rows (row_key, row_label, col_key, val[, n]) into a table
 * "id" on p: one row per row_key (label linked with href_prefix + key when
 * href_prefix is set), one column per col_key (sorted, at most
 * WEB_PIVOT_MAX_COLS). Cells whose n is below min are blanked (min 0: no
 * suppression). An outcome's column is headed by its code and
 * description when the rows carry a "description" (store_figures_mastery);
 * rows that carry the evidence of a mastery (mastery_points,
 * mastery_items, mastery_assessments, enough) give each cell its evidence
 * as a tooltip, and a mark instead of a number where there is not enough.
 * Returns the table. */
web_table *web_pivot_heat(web_req *r, web_page *p, const sw_rows *in,
                          const char *row_key, const char *row_label,
                          const char *col_key, const char *val,
                          const char *n_col, int min, const char *href_prefix,
                          const char *id, const char *title, const char *note);

/* The heat map of a difference with its interval: pivoted as
 * web_pivot_heat (keys: row key, row label, column key, value, n), every
 * cell the catalogue's figure fig (its rounding and sign), coloured by its
 * 95% interval (columns lo, hi): "rw" the whole interval below 0
 * (weaker), "rs" above 0 (stronger), "r0" neither, the interval in its
 * tooltip; trimmed to the columns where some row is weakest. Returns the
 * table. */
web_table *web_pivot_rel(web_req *r, web_page *p, const sw_rows *in,
                         const char *const keys[5], fig_id fig, const char *lo,
                         const char *hi, int min, const char *href_prefix,
                         const char *id, const char *title, const char *note);

/* Charts drawn from a table (set t->chart_svg; nothing when the table has
 * no rows or chart drawing fails). Line: x column against one y column.
 * Lines: x column against every percent column. Bars: one bar per row. */
void web_chart_line(web_req *r, web_table *t, const char *x, const char *y,
                    const char *title);
void web_chart_lines(web_req *r, web_table *t, const char *x,
                     const char *title);
/* Caterpillar: one row per table row, estimate v with interval lo..hi,
 * reference line at 0. */
void web_chart_caterpillar(web_req *r, web_table *t, const char *label,
                           const char *v, const char *lo, const char *hi,
                           const char *title);
void web_chart_bars(web_req *r, web_table *t, const char *label,
                    const char *value, const char *title);

#endif
