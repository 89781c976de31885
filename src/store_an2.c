/*
 * store_an2.c - queries of the engine II analyses (see store_an2.h).
 */
#include "store_an2.h"

#include <math.h>

#include "store_internal.h"

static const char *const an2_sql[AN2_NQUERIES] = {
    [AN2_SURVEY_RESPONSES] =
        "SELECT r.id, r.org_id, r.student_id, r.respondent_role, "
        "avg(a.value), count(a.value) FROM survey_response r "
        "JOIN survey_answer a ON a.response_id = r.id "
        "WHERE a.value IS NOT NULL GROUP BY r.id ORDER BY r.id",
    [AN2_TEXTS] =
        "SELECT 'observation', o.id, 0, o.org_id, o.notes FROM observation o "
        "WHERE o.notes IS NOT NULL AND o.notes <> '' "
        "UNION ALL "
        "SELECT 'survey', a.response_id, a.question_id, r.org_id, a.text "
        "FROM survey_answer a JOIN survey_response r ON r.id = a.response_id "
        "WHERE a.text IS NOT NULL AND a.text <> '' "
        "ORDER BY 1, 2, 3",
    [AN2_THEMES] = "SELECT id, code, name, keywords FROM theme ORDER BY id",
    [AN2_TAGS] = "SELECT source, source_id, question_id, theme_id "
                 "FROM text_theme ORDER BY 1, 2, 3, 4",
    [AN2_NAMES] = "SELECT given_name FROM student UNION "
                  "SELECT family_name FROM student UNION "
                  "SELECT given_name FROM staff UNION "
                  "SELECT family_name FROM staff UNION "
                  "SELECT given_name FROM guardian UNION "
                  "SELECT family_name FROM guardian",
    [AN2_VA_ORG] = "SELECT org_id, subject_id, year_id, n, va, lo, hi "
                   "FROM va_group WHERE group_kind = 'org' AND model = ?1 "
                   "AND org_id IS NOT NULL",
    /* every derived table holds one run's rows (an analysis clears its
     * tables when it writes them), so no filter on run_id */
    [AN2_RELEASE_CELLS] =
        "SELECT 1, org_id, year_id, 0, coalesce(grade, -1), 'all', students "
        "FROM unit_stat WHERE org_id IS NOT NULL "
        "UNION ALL SELECT 2, org_id, year_id, coalesce(subject_id, 0), "
        "coalesce(grade, -1), subgroup, n FROM unit_result "
        "WHERE org_id IS NOT NULL "
        "UNION ALL SELECT f.f, e.org_id, e.year_id, 0, -1, 'all', "
        "CASE f.f WHEN 3 THEN e.n_warn + e.n_risk WHEN 4 THEN e.n_risk "
        "WHEN 5 THEN e.n_chronic ELSE e.n_slowing END "
        "FROM ews_summary e, (SELECT 3 AS f UNION ALL SELECT 4 UNION ALL "
        "SELECT 5 UNION ALL SELECT 6) f WHERE e.org_id IS NOT NULL "
        "AND e.year_id IS NOT NULL",
};

int store_an2_scan(store *s, an2_query q, const char *p1, se_row_fn fn,
                   void *ctx, att_err *e)
{
	if ((int)q < 0 || q >= AN2_NQUERIES)
		return err_set(e, ATT_EUSAGE, "no such query");
	sql_stmt *st = sql_prep(s, an2_sql[q], e);
	if (!st)
		return ATT_EIO;
	if (p1)
		sql_bind_text(st, 1, p1);
	return se_stream(s, st, fn, ctx, e);
}
