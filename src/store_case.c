/*
 * store_case.c - early-warning cases and the caseload (store_case.h).
 */
#include "store_case.h"

#include <stdio.h>
#include <string.h>

#include "store_sql.h"

const char *const store_case_statuses[4] = {"new", "seen", "intervention",
                                            "resolved"};

/* The student's class in the flag's year: the homeroom (a class without a
 * subject) first, else the first class (f: ews_flag). */
#define CASE_CLASS                                                             \
	"(SELECT c.id FROM enrolment en JOIN class c ON c.id = en.class_id"    \
	"  WHERE en.student_id = f.student_id AND c.year_id = f.year_id"       \
	"  ORDER BY c.subject_id IS NOT NULL, c.id LIMIT 1)"

/* The case's owner: the stored one, else the lead teacher of CASE_CLASS
 * (k: ews_case, may be NULL). */
#define CASE_OWNER                                                             \
	"coalesce(k.owner_staff_id, (SELECT t.staff_id FROM teacher_of t"      \
	"  WHERE t.class_id = " CASE_CLASS                                     \
	"  ORDER BY t.role = 'assistant', t.staff_id LIMIT 1))"

/* The latest run's flags with their case (ews_flag f, ews_case k). */
#define CASE_FROM                                                              \
	" FROM ews_flag f LEFT JOIN ews_case k ON k.student_id = f.student_id" \
	"  AND k.year_id = f.year_id"                                          \
	" WHERE f.run_id = (SELECT max(run_id) FROM ews_flag)"

/* The caseload's filter on the latest run's flags f (?1 an org and the
 * orgs under it, ?2 a class; 0 any). */
#define CASE_FILTER                                                            \
	"  AND (?1 = 0 OR f.org_id IN (WITH RECURSIVE sub(id) AS"              \
	"   (SELECT ?1 UNION ALL SELECT o.id FROM org o"                       \
	"    JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub))"           \
	"  AND (?2 = 0 OR EXISTS (SELECT 1 FROM enrolment en"                  \
	"   WHERE en.class_id = ?2 AND en.student_id = f.student_id))"

int store_case_get(store *s, int64_t student_id, arena *a, ews_case *out,
                   att_err *e)
{
	memset(out, 0, sizeof(*out));
	if (!sql_table_exists(s, "ews_flag", 0))
		return err_set(e, ATT_ENOTFOUND, "early warning has not run");
	sql_stmt *q = sql_prep(
	    s,
	    "SELECT f.year_id, f.tier, f.rank, coalesce(f.org_id, 0),"
	    " coalesce(k.owner_staff_id, 0), coalesce(k.status, 'new'),"
	    " coalesce(k.next_action, ''), coalesce(k.due, ''),"
	    " coalesce(k.updated_at, ''), coalesce(st.code, ''),"
	    " coalesce(trim(st.given_name || ' ' || st.family_name), '')"
	    " FROM (SELECT f.*, " CASE_OWNER " AS owner" CASE_FROM
	    "  AND f.student_id = ?1) f"
	    " LEFT JOIN ews_case k ON k.student_id = f.student_id"
	    "  AND k.year_id = f.year_id"
	    " LEFT JOIN staff st ON st.id = f.owner",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, student_id);
	int rc = sql_step(q);
	if (rc != SQL_ROW) {
		sql_reset(q);
		return rc == SQL_DONE
		           ? err_set(e, ATT_ENOTFOUND,
		                     "the student is in no early-warning tier")
		           : sql_fail_stmt(q, e, "cannot read the case");
	}
	*out = (ews_case){student_id,
	                  sql_int(q, 0),
	                  (int)sql_int(q, 1),
	                  (int)sql_int(q, 2),
	                  sql_int(q, 3),
	                  sql_int(q, 4),
	                  arena_strdup(a, sql_text(q, 9)),
	                  arena_strdup(a, sql_text(q, 10)),
	                  arena_strdup(a, sql_text(q, 5)),
	                  arena_strdup(a, sql_text(q, 6)),
	                  arena_strdup(a, sql_text(q, 7)),
	                  arena_strdup(a, sql_text(q, 8))};
	sql_reset(q);
	return ATT_OK;
}

/* ATT_OK when c's values may be saved, else ATT_EINPUT naming the
 * field. */
static int case_check(store *s, const ews_case *c, att_err *e)
{
	int known = 0;
	for (int i = 0; i < 4; i++)
		known |=
		    c->status && strcmp(c->status, store_case_statuses[i]) == 0;
	if (!known)
		return err_set(e, ATT_EINPUT,
		               "status must be new, seen, intervention or "
		               "resolved");
	if (c->due && *c->due &&
	    (strlen(c->due) != 10 || date_parse(c->due) < 0))
		return err_set(e, ATT_EINPUT, "'%s' is not a date (YYYY-MM-DD)",
		               c->due);
	if (c->next_action && strlen(c->next_action) > 500)
		return err_set(e, ATT_EINPUT,
		               "the next action is longer than 500 bytes");
	return ATT_OK;
}

/* The staff id of an owner's code within the school, into *id (0 for no
 * code: the class teacher). */
static int owner_of(store *s, const ews_case *c, int64_t *id, att_err *e)
{
	*id = 0;
	if (!c->owner_code || !*c->owner_code)
		return ATT_OK;
	sql_stmt *q = sql_prep(
	    s, "SELECT id FROM staff WHERE code = ?1 AND org_id = ?2", e);
	if (!q)
		return ATT_EIO;
	sql_bind_text(q, 1, c->owner_code);
	sql_bind_int(q, 2, c->school_id);
	*id = sql_step(q) == SQL_ROW ? sql_int(q, 0) : 0;
	sql_reset(q);
	return *id ? ATT_OK
	           : err_set(e, ATT_EINPUT,
	                     "'%s' is not staff of the student's school",
	                     c->owner_code);
}

int store_case_save(store *s, const ews_case *c, const audit_entry *who,
                    att_err *e)
{
	int64_t owner;
	int rc = case_check(s, c, e);
	if (!rc)
		rc = owner_of(s, c, &owner, e);
	if (rc)
		return rc;
	int own = 0;
	if ((rc = store_tx_open(s, &own, e)))
		return rc;
	char when[21];
	clock_iso(who->at, when);
	sql_stmt *q = sql_prep(
	    s,
	    "INSERT INTO ews_case(student_id, year_id, owner_staff_id, status,"
	    " next_action, due, updated_at, updated_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT (student_id, year_id) DO UPDATE SET"
	    " owner_staff_id = excluded.owner_staff_id,"
	    " status = excluded.status, next_action = excluded.next_action,"
	    " due = excluded.due, updated_at = excluded.updated_at,"
	    " updated_by = excluded.updated_by",
	    e);
	if (!q)
		rc = ATT_EIO;
	if (!rc) {
		sql_bind_int(q, 1, c->student_id);
		sql_bind_int(q, 2, c->year_id);
		sql_bind_id(q, 3, owner ? owner : -1);
		sql_bind_text(q, 4, c->status);
		sql_bind_text(q, 5, c->next_action ? c->next_action : "");
		sql_bind_text(q, 6, c->due && *c->due ? c->due : NULL);
		sql_bind_text(q, 7, when);
		sql_bind_id(q, 8, who->account_id ? who->account_id : -1);
		rc = sql_run(q, e, "cannot save the case");
	}
	if (!rc)
		rc = store_audit_add(s, who, e);
	return store_tx_close(s, own, rc, e);
}

int store_case_list(store *s, int64_t org_id, int64_t class_id, arena *a,
                    rowset *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if (!sql_table_exists(s, "ews_flag", 0))
		return ATT_OK;
	sql_stmt *q = sql_prep(
	    s,
	    "SELECT f.student_id AS sid, s.code AS code,"
	    " trim(s.given_name || ' ' || s.family_name) AS name,"
	    " o.code AS school, label('org', o.code, o.name) AS school_name,"
	    " f.grade AS grade, c.code AS class, f.tier AS tier,"
	    " f.rank AS rank, f.nind AS nind, f.distance AS distance,"
	    " coalesce(f.status, 'new') AS status, st.code AS owner,"
	    " trim(st.given_name || ' ' || st.family_name) AS owner_name,"
	    " coalesce(f.next_action, '') AS next_action, f.due AS due"
	    " FROM (SELECT f.*, k.status, k.next_action, k.due, " CASE_CLASS
	    "  AS cls, " CASE_OWNER " AS owner" CASE_FROM CASE_FILTER ") f"
	    " JOIN student s ON s.id = f.student_id"
	    " LEFT JOIN org o ON o.id = f.org_id"
	    " LEFT JOIN class c ON c.id = f.cls"
	    " LEFT JOIN staff st ON st.id = f.owner"
	    " ORDER BY f.tier, f.rank, o.code, s.code",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, org_id);
	sql_bind_int(q, 2, class_id);
	return sql_rows(q, a, 0, out, e, "cannot read the caseload");
}

int store_case_reasons(store *s, int64_t org_id, int64_t class_id, arena *a,
                       rowset *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if (!sql_table_exists(s, "ews_flag", 0))
		return ATT_OK;
	sql_stmt *q = sql_prep(
	    s,
	    "SELECT r.student_id AS sid, r.code, r.level, r.value,"
	    " r.threshold, r.count, r.total,"
	    " coalesce(label('subject', su.code, su.name), '') AS subject"
	    " FROM ews_flag f JOIN ews_reason r ON r.student_id = f.student_id"
	    "  AND r.year_id = f.year_id AND r.run_id = f.run_id"
	    " LEFT JOIN subject su ON su.id = r.subject_id"
	    " WHERE f.run_id = (SELECT max(run_id) FROM ews_flag)" CASE_FILTER
	    " ORDER BY r.student_id, r.seq",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, org_id);
	sql_bind_int(q, 2, class_id);
	return sql_rows(q, a, 0, out, e, "cannot read the caseload's reasons");
}

int store_case_counts(store *s, int64_t org_id, int64_t counts[3], att_err *e)
{
	counts[0] = counts[1] = counts[2] = -1;
	if (!sql_table_exists(s, "ews_summary", 0))
		return ATT_OK;
	sql_stmt *q = sql_prep(
	    s,
	    "SELECT n, n_risk, n_warn FROM ews_summary WHERE org_id = ?1"
	    " AND run_id = (SELECT max(run_id) FROM ews_summary)",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, org_id);
	int rc = sql_step(q);
	if (rc == SQL_ROW)
		for (int k = 0; k < 3; k++)
			counts[k] = sql_int(q, k);
	sql_reset(q);
	return rc == SQL_ERR ? sql_fail_stmt(q, e, "cannot read the tiers")
	                     : ATT_OK;
}
