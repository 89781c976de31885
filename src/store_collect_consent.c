/*
 * store_collect_consent.c - consent: whether a student's consent for a
 * purpose is given on a day (the rule is CONSENT_GIVEN_SQL, defined once
 * in store_collect_internal.h), a student's consent for each purpose, and
 * a parent's change of it (each change audited). The contract is in
 * store_collect.h ("consent").
 */
#include "store_collect_internal.h"

#include <string.h>

#include "store_account.h"

/* The purposes attain asks about, in the order pages list them. */
static const char *const purposes[] = {CONSENT_SURVEY, CONSENT_DATA_SHARE};

int store_consent_given(store *s, int64_t student_id, const char *purpose,
                        const char *today)
{
	sql_stmt *st =
	    sql_prep(s, "SELECT " CONSENT_GIVEN_SQL("?1", "?2", "?3"), NULL);
	if (!st)
		return 0;
	sql_bind_int(st, 1, student_id);
	sql_bind_text(st, 2, purpose);
	sql_bind_text(st, 3, today);
	int r = sql_step(st) == SQL_ROW && sql_int(st, 0) == 1;
	sql_reset(st);
	return r;
}

int store_consent_students(store *s, const char *purpose, const char *today,
                           int64_t **ids, size_t *n, att_err *e)
{
	*ids = NULL;
	*n = 0;
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT st.id FROM student st WHERE " CONSENT_GIVEN_SQL(
	                 "st.id", "?1", "?2") " ORDER BY st.id",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, purpose);
	sql_bind_text(st, 2, today);
	size_t cap = 0;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		xgrow((void **)ids, &cap, *n + 1, sizeof(int64_t));
		(*ids)[(*n)++] = sql_int(st, 0);
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "cannot read consent");
}

/* The recorded consent rows of a student, by purpose. */
static int consent_rows(store *s, int64_t student_id, arena *a, rowset *r,
                        att_err *e)
{
	sql_stmt *st = sql_prep(s,
	                        "SELECT purpose, granted, date, given_by"
	                        " FROM consent WHERE student_id = ?1"
	                        " ORDER BY purpose",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, student_id);
	return sql_rows(st, a, 0, r, e, "cannot read consent");
}

/* Index of purpose p in the rows, -1 when absent. */
static int row_of(const rowset *r, const char *p)
{
	for (int i = 0; i < r->nrow; i++)
		if (!strcmp(rows_text(r, i, "purpose"), p))
			return i;
	return -1;
}

int store_consent_list(store *s, int64_t student_id, arena *a,
                       collect_consent **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	rowset r;
	int rc = consent_rows(s, student_id, a, &r, e);
	if (rc)
		return rc;
	int np = (int)ARRAY_LEN(purposes);
	collect_consent *v =
	    arena_alloc(a, sizeof(*v) * (size_t)(np + r.nrow + 1));
	int k = 0;
	for (int i = 0; i < np; i++)
		v[k++] = (collect_consent){purposes[i], -1, "", ""};
	for (int i = 0; i < r.nrow; i++) {
		const char *p = rows_text(&r, i, "purpose");
		int j = 0;
		while (j < np && strcmp(purposes[j], p))
			j++;
		collect_consent *c = j < np ? &v[j] : &v[k++];
		*c = (collect_consent){p, (int)rows_int(&r, i, "granted"),
		                       rows_text(&r, i, "date"),
		                       rows_text(&r, i, "given_by")};
	}
	*out = v;
	*n = k;
	return ATT_OK;
}

/* Check the changes before anything is written. */
static int consent_check(const collect_consent *c, int n, const char *today,
                         att_err *e)
{
	if (!today || strlen(today) != 10 || date_parse(today) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date",
		               today ? today : "");
	for (int i = 0; i < n; i++) {
		if (!c[i].purpose || !*c[i].purpose ||
		    strlen(c[i].purpose) > 64)
			return err_set(e, ATT_EINPUT,
			               "a consent needs its purpose (at most "
			               "64 bytes)");
		if (c[i].granted != 0 && c[i].granted != 1)
			return err_set(e, ATT_EINPUT,
			               "consent for '%s' must be given (1) or "
			               "refused (0)",
			               c[i].purpose);
		for (int j = 0; j < i; j++)
			if (!strcmp(c[j].purpose, c[i].purpose))
				return err_set(e, ATT_EINPUT,
				               "consent for '%s' given twice",
				               c[i].purpose);
	}
	return ATT_OK;
}

/* Write one changed consent and its audit entry. */
static int consent_put(store *s, int64_t student_id, const char *code,
                       const collect_consent *c, const char *today,
                       const collect_actor *who, arena *a, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO consent(student_id, purpose, granted, date, given_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(student_id, purpose)"
	    " DO UPDATE SET granted = excluded.granted, date = excluded.date,"
	    " given_by = excluded.given_by",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, student_id);
	sql_bind_text(st, 2, c->purpose);
	sql_bind_int(st, 3, c->granted);
	sql_bind_text(st, 4, today);
	sql_bind_text(st, 5, who && who->username ? who->username : "");
	int rc = sql_run(st, e, "cannot save consent");
	if (rc)
		return rc;
	return sc_audit(s, who,
	                c->granted ? "consent-grant" : "consent-withdraw",
	                "student", arena_printf(a, "%s/%s", code, c->purpose),
	                c->granted ? "given" : "withdrawn", e);
}

int store_consent_save(store *s, int64_t student_id, const collect_consent *c,
                       int n, const char *today, const collect_actor *who,
                       int *changed, att_err *e)
{
	if (changed)
		*changed = 0;
	int rc = consent_check(c, n, today, e);
	if (rc)
		return rc;
	arena a;
	arena_init(&a);
	if ((rc = sc_begin(s, e)))
		goto out;
	sql_stmt *st = sql_prep(s, "SELECT code FROM student WHERE id = ?1", e);
	rowset stu, cur;
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	sql_bind_int(st, 1, student_id);
	if ((rc = sql_rows(st, &a, 1, &stu, e, "cannot read student")) ||
	    (rc = consent_rows(s, student_id, &a, &cur, e)))
		goto fail;
	if (!stu.nrow) {
		rc = err_set(e, ATT_ENOTFOUND, "no student with id %lld",
		             (long long)student_id);
		goto fail;
	}
	int k = 0;
	for (int i = 0; i < n; i++) {
		int j = row_of(&cur, c[i].purpose);
		if (j >= 0 && rows_int(&cur, j, "granted") == c[i].granted)
			continue;
		if ((rc = consent_put(s, student_id, rows_text(&stu, 0, "code"),
		                      &c[i], today, who, &a, e)))
			goto fail;
		k++;
	}
	if (!k) {
		store_rollback(s);
		goto out;
	}
	if ((rc = sc_finish(s, e)))
		goto out;
	if (changed)
		*changed = k;
	goto out;
fail:
	sc_fail(s, rc);
out:
	arena_free(&a);
	return rc;
}
