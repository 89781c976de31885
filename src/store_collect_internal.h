/*
 * store_collect_internal.h - what the store_collect_*.c files share and
 * nothing else includes: the transaction discipline of a save, statement
 * helpers, the class facts every entry function checks, enrolment, the
 * class_save versions, the audit entry of a save and the SQL fragments
 * more than one file uses.
 *
 * The files (each opens with what it owns):
 *   store_collect.c          these helpers and the shared lookups
 *   store_collect_register.c attendance registers
 *   store_collect_marks.c    markbooks (the total/items relation)
 *   store_collect_class.c    behaviour events and attitude grades
 *   store_collect_survey.c   surveys
 *   store_collect_consent.c  consent
 *   store_collect_obs.c      lesson observations
 *   store_collect_status.c   collection status and reminders
 *
 * A save: sc_begin (its own BEGIN IMMEDIATE, never nested in a caller's),
 * validate, write, then sc_finish (one data-version bump and COMMIT); any
 * failure after sc_begin ends in sc_fail (ROLLBACK), so a save is whole or
 * nothing.
 */
#ifndef ATTAIN_STORE_COLLECT_INTERNAL_H
#define ATTAIN_STORE_COLLECT_INTERNAL_H

#include "store_collect.h"
#include "store_internal.h"

/* Column i as a string copied into a (never NULL). */
const char *sc_col_dup(arena *a, sql_stmt *st, int i);
/* Step a statement that returns no row we need, then reset it; a failure
 * fills e with what ("cannot ...") and the SQLite message. */
int sc_step_done(store *s, sql_stmt *st, att_err *e, const char *what);
/* Step an INSERT ending in RETURNING id, then reset it: ATT_OK with *id
 * the new row's id, or 0 when it inserted none (a conflict done nothing
 * about, or an INSERT ... SELECT that selected nothing); ATT_EIO (with
 * what) on failure. */
int sc_insert_id(store *s, sql_stmt *st, int64_t *id, att_err *e,
                 const char *what);
/* Step a statement expected to return one row: ATT_OK with the row ready
 * to read (the caller resets), ATT_ENOTFOUND "no NOUN with id ID" when it
 * returns none, ATT_EIO (with what) on failure; reset unless ATT_OK. */
int sc_step_one(store *s, sql_stmt *st, att_err *e, const char *what,
                const char *noun, int64_t id);

/* Fill *elem (of the list being built) from the current row. */
typedef void (*sc_row_fn)(sql_stmt *st, arena *a, void *elem);
/* Step st to the end, one element of `size` bytes per row filled by fn
 * (zeroed first), and hand the list to the caller's arena (*out, *n; an
 * empty list is a valid pointer). Resets st. */
int sc_list(store *s, sql_stmt *st, size_t size, sc_row_fn fn, arena *a,
            void **out, int *n, att_err *e, const char *what);

/* The transaction of one save (see the file comment). */
int sc_begin(store *s, att_err *e);
int sc_fail(store *s, int rc);
int sc_finish(store *s, att_err *e);

/* Bind the saving account's id at i (NULL when none). */
void sc_bind_account(sql_stmt *st, int i, const collect_actor *who);
/* The save's time as ISO text (who->now; the epoch when who is NULL). */
void sc_when(const collect_actor *who, char out[21]);
/* An audit entry for the save, by who (may be NULL). */
int sc_audit(store *s, const collect_actor *who, const char *action,
             const char *kind, const char *target, const char *detail,
             att_err *e);
/* A free code "PREFIX<n>" for table (store_collect_id's tables), n from
 * the table's row count + 1 upwards, into out. */
void sc_gen_code(store *s, const char *table, const char *prefix, char *out,
                 size_t n);
/* Write one keyed value: upsert_sql binds (?1, ?2) keys and ?3 the value
 * when has; delete_sql binds the same keys when not. */
int sc_put(store *s, const char *upsert_sql, const char *delete_sql, int64_t k1,
           int64_t k2, int has, double v, att_err *e);

/* What the entry functions need to know about a class. */
typedef struct class_info {
	int64_t id, org_id, year_id, subject_id;
	int grade;
	const char *code, *name, *year_start, *year_end;
} class_info;

int sc_class_get(store *s, int64_t id, arena *a, class_info *c, att_err *e);
/* Day index of date in the class's year, and the year's length in days;
 * ATT_EINPUT for a bad date or one outside the year. */
int sc_class_day(const class_info *c, const char *date, int *day, int *ndays,
                 att_err *e);
/* Students enrolled in a class (on date, or at any time when date is
 * NULL), by family name, given name and code; marks are ATT_PRESENT. */
int sc_enrolled(store *s, int64_t class_id, const char *date, arena *a,
                collect_reg_row **out, int *n, att_err *e);
/* The same list from a bound statement returning student id, code and
 * name (in that order; more columns are ignored). */
int sc_enrolled_rows(store *s, sql_stmt *st, arena *a, collect_reg_row **out,
                     int *n, att_err *e);
/* Index of the student in rows, -1 when absent. */
int sc_find_student(const collect_reg_row *rows, int n, int64_t id);

/* class_save: the version of a class's markbook or attitude saves (0 when
 * never saved, -1 on error), and recording one more save. */
int64_t sc_save_version(store *s, const char *kind, int64_t target,
                        int64_t class_id);
int sc_save_record(store *s, const char *kind, int64_t target, int64_t class_id,
                   const collect_actor *who, att_err *e);

/* Homeroom rule shared by registers, status and reminders: a class takes
 * a register when it is a homeroom (no subject) or its school has no
 * homerooms that year. */
#define REGISTER_CLASS_SQL                                                     \
	"(c.subject_id IS NULL OR NOT EXISTS (SELECT 1 FROM class h"           \
	" WHERE h.org_id = c.org_id AND h.year_id = c.year_id"                 \
	" AND h.subject_id IS NULL))"

/* Recursive CTE "anc(id)": the org ?1 and its ancestors. */
#define ANCESTORS_CTE                                                          \
	"WITH RECURSIVE anc(id) AS (SELECT ?1 UNION ALL SELECT o.parent_id"    \
	" FROM org o JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT "      \
	"NULL) "

/* The account ?1's schools (staff school, student's and children's
 * placements, org scope rows) and their ancestors, as CTE "anc". */
#define ACCOUNT_ORGS_CTE                                                       \
	"WITH RECURSIVE sch(id) AS ("                                          \
	" SELECT org_id FROM staff WHERE id = (SELECT staff_id FROM account"   \
	"  WHERE id = ?1)"                                                     \
	" UNION SELECT p.org_id FROM placement p WHERE p.student_id ="         \
	"  (SELECT student_id FROM account WHERE id = ?1)"                     \
	" UNION SELECT p.org_id FROM placement p JOIN guardian_link gl ON"     \
	"  gl.student_id = p.student_id WHERE gl.guardian_id ="                \
	"  (SELECT guardian_id FROM account WHERE id = ?1)"                    \
	" UNION SELECT org_id FROM account_scope WHERE account_id = ?1"        \
	"  AND org_id IS NOT NULL),"                                           \
	" anc(id) AS (SELECT id FROM sch UNION SELECT o.parent_id FROM org o"  \
	"  JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT NULL) "

/* The consent rule (store_collect.h, "consent"), the one definition every
 * query reads: consent of student STU for PURPOSE is given on day TODAY
 * (each an SQL expression). */
#define CONSENT_GIVEN_SQL(stu, purpose, today)                                 \
	"EXISTS (SELECT 1 FROM consent cn WHERE cn.student_id = " stu          \
	" AND cn.purpose = " purpose                                           \
	" AND cn.granted = 1 AND cn.date <= " today ")"

/* Survey v lets student STU answer on day TODAY as far as consent goes:
 * it needs none (or is not a student survey: parents and staff answer for
 * themselves), or the student gave consent for surveys. */
#define SURVEY_CONSENT_SQL(stu, today)                                         \
	"(v.needs_consent = 0 OR v.audience <> 'student' "                     \
	"OR " CONSENT_GIVEN_SQL(stu, "'" CONSENT_SURVEY "'", today) ")"

/* Survey v is open to account ?1 on day ?3, consent aside (with
 * ACCOUNT_ORGS_CTE): of the account's audience (teachers and principals
 * answer staff surveys), inside its window, for one of the account's
 * schools or their ancestors, or for everyone. */
#define SURVEY_OPEN_SQL                                                        \
	" v.audience = (SELECT CASE ac.role WHEN 'student' THEN 'student'"     \
	"  WHEN 'parent' THEN 'parent' WHEN 'teacher' THEN 'staff'"            \
	"  WHEN 'principal' THEN 'staff' END FROM account ac"                  \
	"  WHERE ac.id = ?1)"                                                  \
	" AND (v.open_date IS NULL OR v.open_date <= ?3)"                      \
	" AND (v.close_date IS NULL OR v.close_date >= ?3)"                    \
	" AND (v.org_id IS NULL OR v.org_id IN (SELECT id FROM anc))"

/* The student of account ?1 (NULL for staff and parents). */
#define ACCOUNT_STUDENT_SQL "(SELECT student_id FROM account WHERE id = ?1)"

#endif
